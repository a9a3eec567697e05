#!/usr/bin/env bash
# Regenerates Tests/Fixtures/terraform/plans/*.json: real Terraform plans, made by the real
# terraform binary and AWS provider against the moto AWS emulator, offline.
#
# Needs: terraform (1.7 or later), the AWS provider in a local plugin mirror (/opt/tf-plugins, or
# $TF_PLUGIN_DIR), moto_server, the aws CLI, jq and python3. See docs TERRAFORM-LAB.md.
#
# The stack is scripts/terraform-lab/incident; scenarios are switched with -var flags, and the
# three that need a different configuration shape (forget, moved, import) add the files of
# scripts/terraform-lab/overlays/NAME on top of it (a file of the same name replaces the base one).
# It applies twice (the incident posture, then a protected posture for the downgrade scenarios);
# every other scenario is a plan of an applied state. Expect 6 to 8 minutes, most of it RDS.
#
# Everything happens in a temporary directory; the fixtures are replaced only when every scenario
# produced the plan it was expected to, so a failed run leaves the committed fixtures alone.
set -euo pipefail
shopt -s inherit_errexit

started=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
lab="$repo/scripts/terraform-lab"
fixtures="$repo/Tests/Fixtures/terraform"
out="$fixtures/plans"
plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"

die() {
  echo "error: $*" >&2
  exit 1
}

for tool in terraform moto_server aws jq python3; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on PATH (see TERRAFORM-LAB.md)"
done
[[ -d "$plugin_dir/registry.terraform.io/hashicorp/aws" ]] ||
  die "no AWS provider in the plugin mirror $plugin_dir (set TF_PLUGIN_DIR)"

work=$(mktemp -d "${TMPDIR:-/tmp}/blastwall-tf-fixtures.XXXXXX")
# shellcheck source=terraform-lab/moto.sh
source "$repo/scripts/terraform-lab/moto.sh"
cleanup() {
  stop_moto
  rm -rf "$work"
}
trap cleanup EXIT

# The default CLI configuration file does not exist on the lab machines; nothing here needs one.
export TF_CLI_CONFIG_FILE=/dev/null
export TF_IN_AUTOMATION=1
# The aws CLI talks to moto only; never let it pick up a real profile.
unset AWS_PROFILE AWS_SESSION_TOKEN
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

log() { printf '[%4ds] %s\n' "$(($(date +%s) - started))" "$*"; }

# run LOGNAME COMMAND...: run quietly into $work/logs/LOGNAME.log; on failure show its end.
mkdir -p "$work/logs" "$work/planfiles" "$work/out"
run() {
  local name=$1
  shift
  if ! "$@" >"$work/logs/$name.log" 2>&1; then
    echo "error: '$*' failed; the end of its output:" >&2
    tail -n 40 "$work/logs/$name.log" >&2
    exit 1
  fi
}

# --- the emulator ---------------------------------------------------------------------------
# Port 5055 when it is free, so the aws_endpoint value recorded in the plans stays the same from
# one regeneration to the next; otherwise any free loopback port.
start_moto "$work/logs/moto.log" 5055
endpoint=$moto_endpoint
log "moto_server (pid $moto_pid) on $endpoint"
awsm() { aws --endpoint-url "$endpoint" "$@"; }

# --- helpers ------------------------------------------------------------------------------------
stack="$work/incident"
mkdir -p "$stack"
cp "$lab"/incident/*.tf "$stack/"

# copy_state DIR: give DIR the stack's initialised providers and a copy of its state, so a plan
# there sees exactly what the main stack would, and cannot touch its state.
copy_state() {
  cp -a "$stack/.terraform" "$stack/.terraform.lock.hcl" "$1/"
  if [[ -f "$stack/terraform.tfstate" ]]; then cp "$stack/terraform.tfstate" "$1/"; fi
}

# overlay NAME: a copy of the stack with overlays/NAME laid over it; prints its directory.
overlay() {
  local dir="$work/overlay-$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$lab"/incident/*.tf "$dir/"
  cp "$lab/overlays/$1"/*.tf "$dir/"
  copy_state "$dir"
  echo "$dir"
}

fixture_names=()
# plan_fixture NAME DIR [PLAN ARGS...]: plan in DIR, write $work/out/NAME.json (pretty-printed).
plan_fixture() {
  local name=$1 dir=$2
  shift 2
  local planfile="$work/planfiles/$name.tfplan"
  run "plan-$name" terraform -chdir="$dir" plan -input=false -no-color -out="$planfile" "$@"
  terraform -chdir="$dir" show -json "$planfile" >"$work/planfiles/$name.raw.json"
  python3 -m json.tool --indent 2 --no-ensure-ascii "$work/planfiles/$name.raw.json" >"$work/out/$name.json"
  fixture_names+=("$name")
  log "planned $name"
}

# expect NAME JQ_FILTER: the fixture must satisfy the filter, or the run fails.
expect() {
  if [[ "$(jq "$2" "$work/out/$1.json")" != "true" ]]; then
    echo "error: $1.json is not the plan the scenario should produce; it fails: $2" >&2
    echo "its resource changes:" >&2
    jq -c '.resource_changes[]? | [.address, .change.actions, .action_reason]' "$work/out/$1.json" >&2
    exit 1
  fi
}

# jq definitions the expectations share.
defs='def rc($a): [.resource_changes[] | select(.address == $a)][0];
      def acts($a): rc($a).change.actions;
      def changed: [.resource_changes[] | select(.change.actions != ["no-op"])];'

# --- phase A: the incident posture ------------------------------------------------------------
log "terraform init (plugin mirror $plugin_dir)"
run init terraform -chdir="$stack" init -input=false -no-color -plugin-dir="$plugin_dir"
log "terraform apply of the incident stack (RDS against moto takes about 2 minutes)"
run apply-incident terraform -chdir="$stack" apply -input=false -no-color -auto-approve

# The plain-HCL copy of the incident configuration must describe the same stack: planned against
# the applied state (provider pointed at moto by an override file), it must change nothing.
check="$work/incident-fixture-check"
mkdir -p "$check"
cp "$fixtures/incident/main.tf" "$check/"
cat >"$check/provider_override.tf" <<EOF
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  endpoints {
    dynamodb = "$endpoint"
    ec2      = "$endpoint"
    rds      = "$endpoint"
    s3       = "$endpoint"
    sts      = "$endpoint"
  }
}
EOF
copy_state "$check"
set +e
terraform -chdir="$check" plan -input=false -no-color -detailed-exitcode >"$work/logs/incident-fixture-check.log" 2>&1
status=$?
set -e
if [[ $status -ne 0 ]]; then
  tail -n 40 "$work/logs/incident-fixture-check.log" >&2
  die "Tests/Fixtures/terraform/incident/main.tf no longer matches scripts/terraform-lab/incident (plan exit $status)"
fi
log "Tests/Fixtures/terraform/incident/main.tf matches the lab stack"

hardened="$work/hardened-check"
mkdir -p "$hardened"
cp "$fixtures/hardened/main.tf" "$hardened/"
run init-hardened terraform -chdir="$hardened" init -input=false -no-color -backend=false -plugin-dir="$plugin_dir"
run validate-hardened terraform -chdir="$hardened" validate -no-color
log "Tests/Fixtures/terraform/hardened/main.tf is valid"

plan_fixture noop "$stack"
expect noop '([.resource_changes[].change.actions] | all(. == ["no-op"]))
  and .applyable == false and .complete == true and .errored == false'

plan_fixture destroy "$stack" -destroy
expect destroy "$defs"' (changed | length) == (.resource_changes | length)
  and ([.resource_changes[].change.actions] | all(. == ["delete"]))
  and acts("aws_db_instance.main") == ["delete"] and acts("aws_db_snapshot.main") == ["delete"]'

plan_fixture replace-forced "$stack" -var db_username=admin
expect replace-forced "$defs"' (changed | map(.address)) == ["aws_db_instance.main"]
  and acts("aws_db_instance.main") == ["delete","create"]
  and rc("aws_db_instance.main").action_reason == "replace_because_cannot_update"'

plan_fixture replace-requested "$stack" -replace=aws_db_instance.main
expect replace-requested "$defs"' acts("aws_db_instance.main") == ["delete","create"]
  and rc("aws_db_instance.main").action_reason == "replace_by_request"'

plan_fixture rename "$stack" -var db_identifier=incident-main-renamed
expect rename "$defs"' acts("aws_db_instance.main") == ["update"]
  and acts("aws_db_snapshot.main") == ["delete","create"]'

plan_fixture benign "$stack" -var 'backups_bucket_tags={"Owner":"data-team"}'
expect benign "$defs"' (changed | map([.address, .change.actions])) == [["aws_s3_bucket.backups", ["update"]]]'

plan_fixture forget "$(overlay forget)"
expect forget "$defs"' (changed | map([.address, .change.actions])) == [["aws_s3_bucket.assets", ["forget"]]]'

plan_fixture moved "$(overlay moved)"
expect moved "$defs"' (changed | length) == 0 and .applyable == true
  and rc("aws_s3_bucket.static_assets").previous_address == "aws_s3_bucket.assets"'

# A bucket someone made by hand, then adopted by an import block.
run legacy-bucket awsm s3api create-bucket --bucket incident-legacy-exports
plan_fixture import "$(overlay import)"
expect import "$defs"' (changed | length) == 0 and .applyable == true
  and rc("aws_s3_bucket.legacy").change.importing.id == "incident-legacy-exports"'

# The state file is gone (or the wrong directory): Terraform plans to create everything again.
missing="$work/missing-state"
mkdir -p "$missing"
cp "$lab"/incident/*.tf "$missing/"
cp -a "$stack/.terraform" "$stack/.terraform.lock.hcl" "$missing/"
plan_fixture missing-state "$missing"
expect missing-state '(has("prior_state") | not)
  and ([.resource_changes[].change.actions] | all(. == ["create"]))
  and (.resource_changes | length) == 6'

# Drift: the assets bucket is deleted behind Terraform's back.
run drift-delete awsm s3api delete-bucket --bucket incident-assets
plan_fixture drift "$stack"
expect drift "$defs"' (changed | map([.address, .change.actions])) == [["aws_s3_bucket.assets", ["create"]]]
  and ([.resource_drift[] | select(.address == "aws_s3_bucket.assets")][0].change.actions == ["delete"])'

# --- phase B: a protected posture, then the plans that take the protection away ---------------
protected=(-var deletion_protection=true -var skip_final_snapshot=false
  -var final_snapshot_identifier=incident-main-final -var backups_versioning=Enabled)
log "terraform apply of the protected posture (an in-place RDS update, about 90 seconds)"
run apply-protected terraform -chdir="$stack" apply -input=false -no-color -auto-approve "${protected[@]}"

plan_fixture protection-downgrade "$stack" -var backups_versioning=Enabled \
  -var deletion_protection=false -var skip_final_snapshot=true -var backup_retention_period=0
expect protection-downgrade "$defs"' (changed | map([.address, .change.actions])) == [["aws_db_instance.main", ["update"]]]
  and rc("aws_db_instance.main").change.before.deletion_protection == true
  and rc("aws_db_instance.main").change.after.deletion_protection == false
  and rc("aws_db_instance.main").change.after.skip_final_snapshot == true
  and rc("aws_db_instance.main").change.after.backup_retention_period == 0'

plan_fixture bucket-downgrade "$stack" -var deletion_protection=true -var skip_final_snapshot=false \
  -var final_snapshot_identifier=incident-main-final -var backups_versioning=Suspended \
  -var assets_force_destroy=true
expect bucket-downgrade "$defs"' (changed | map(.address) | sort) == ["aws_s3_bucket.assets", "aws_s3_bucket_versioning.backups[0]"]
  and rc("aws_s3_bucket_versioning.backups[0]").change.after.versioning_configuration[0].status == "Suspended"
  and rc("aws_s3_bucket.assets").change.after.force_destroy == true'

plan_fixture destroy-protected "$stack" -destroy "${protected[@]}"
expect destroy-protected "$defs"' acts("aws_db_instance.main") == ["delete"]
  and rc("aws_db_instance.main").change.before.deletion_protection == true'

# --- README -----------------------------------------------------------------------------------
versions=$(terraform -chdir="$stack" version -json)
tf_version=$(jq -r '.terraform_version' <<<"$versions")
aws_version=$(jq -r '.provider_selections["registry.terraform.io/hashicorp/aws"]' <<<"$versions")
moto_version=$(python3 -c 'import moto; print(moto.__version__)')

describe() {
  case $1 in
    noop) echo "nothing to change|\`terraform plan\` right after apply" ;;
    destroy) echo "full destroy of the incident stack|\`terraform plan -destroy\`" ;;
    replace-forced) echo "database replaced because an attribute cannot be updated|\`-var db_username=admin\`" ;;
    replace-requested) echo "database replaced on request|\`-replace=aws_db_instance.main\`" ;;
    rename) echo "database renamed in place; the snapshot named after it is replaced|\`-var db_identifier=incident-main-renamed\`" ;;
    benign) echo "tag added to a bucket|\`-var 'backups_bucket_tags={\"Owner\":\"data-team\"}'\`" ;;
    forget) echo "bucket removed from the state without destroying it|overlay \`forget\`: \`removed { from = aws_s3_bucket.assets, lifecycle { destroy = false } }\`" ;;
    moved) echo "bucket renamed in the configuration|overlay \`moved\`: \`moved { from = aws_s3_bucket.assets, to = aws_s3_bucket.static_assets }\`" ;;
    import) echo "hand-made bucket adopted|\`aws s3api create-bucket\`, then overlay \`import\`: \`import { to = aws_s3_bucket.legacy }\`" ;;
    missing-state) echo "state file missing|plan in a directory without \`terraform.tfstate\`" ;;
    drift) echo "a bucket deleted outside Terraform|\`aws s3api delete-bucket --bucket incident-assets\`, then plan" ;;
    protection-downgrade) echo "database protection removed|after the protected apply: \`-var deletion_protection=false -var skip_final_snapshot=true -var backup_retention_period=0\`" ;;
    bucket-downgrade) echo "bucket versioning suspended and force_destroy turned on|after the protected apply: \`-var backups_versioning=Suspended -var assets_force_destroy=true\`" ;;
    destroy-protected) echo "full destroy while the database has deletion protection|after the protected apply: \`terraform plan -destroy\` with its variables" ;;
    *) die "no description for fixture $1" ;;
  esac
}

# One summary cell: the resource changes that are not no-ops, plus moves and imports.
summary_filter='
  def fmt: "`\(.address)` \(.change.actions | join("+"))"
    + (if .action_reason then " (\(.action_reason))" else "" end);
  [ (.resource_changes[] | select(.change.actions != ["no-op"]) | fmt),
    (.resource_changes[] | select(.previous_address) | "`\(.address)` no-op, previous_address `\(.previous_address)`"),
    (.resource_changes[] | select(.change.importing) | "`\(.address)` no-op, importing id `\(.change.importing.id)`") ]
  | if length == 0 then "none" else join("; ") end'
drift_filter='[.resource_drift[]? | "`\(.address)` \(.change.actions | join("+"))"]
  | if length == 0 then "none" else join("; ") end'

{
  echo "# Terraform plan fixtures"
  echo
  echo "Real plans (\`terraform show -json PLANFILE\`, pretty-printed, nothing removed), generated by"
  echo "\`scripts/generate-terraform-fixtures.sh\` with Terraform $tf_version and the hashicorp/aws provider"
  echo "$aws_version against the moto $moto_version AWS emulator. Do not edit them by hand: rerun the script."
  echo
  echo "The stack is \`scripts/terraform-lab/incident\` (a VPC, buckets \`backups\` and \`assets\`, a"
  echo "postgres \`aws_db_instance.main\` with its \`aws_db_snapshot.main\` in the same state, a DynamoDB"
  echo "table), applied once with its incident defaults; the last three fixtures are plans of the same"
  echo "state after a second apply with deletion protection, a final snapshot and bucket versioning"
  echo "(\`-var deletion_protection=true -var skip_final_snapshot=false"
  echo "-var final_snapshot_identifier=incident-main-final -var backups_versioning=Enabled\`)."
  echo "Overlays are the files of \`scripts/terraform-lab/overlays/NAME\` laid over the stack."
  echo
  echo "Most plans also carry \`resource_drift\` entries with action \`update\` that are only refresh"
  echo "noise (tags null becoming {}, RDS \`latest_restorable_time\`), not changes anyone made."
  echo "Terraform marks a plan with nothing to apply \`\"applyable\": false\` (\`noop.json\`; it is still"
  echo "\`\"complete\": true\`); a plan whose only changes are moves or imports is applyable."
  echo "The database password in the plans is the lab's own, stored by Terraform in clear and marked"
  echo "in \`before_sensitive\`/\`after_sensitive\`."
  echo
  echo "| fixture | scenario | how | resource_changes other than no-op | resource_drift |"
  echo "|---|---|---|---|---|"
  for name in "${fixture_names[@]}"; do
    IFS='|' read -r scenario how <<<"$(describe "$name")"
    changes=$(jq -r "$summary_filter" "$work/out/$name.json")
    drift=$(jq -r "$drift_filter" "$work/out/$name.json")
    echo "| \`$name.json\` | $scenario | $how | $changes | $drift |"
  done
} >"$work/out/README.md"

# --- publish ----------------------------------------------------------------------------------
mkdir -p "$out"
rm -f "$out"/*.json "$out/README.md"
cp "$work/out"/*.json "$work/out/README.md" "$out/"
log "wrote ${#fixture_names[@]} fixtures and README.md to ${out#"$repo"/} in $(($(date +%s) - started)) s"
