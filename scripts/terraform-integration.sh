#!/usr/bin/env bash
# End-to-end check of Blastwall against a real Terraform plan and a real terraform workspace.
#
# Usage: scripts/terraform-integration.sh [PATH-TO-BLASTWALL]   (default .build/debug/blastwall)
#
# Applies the light stack scripts/terraform-lab/integration (a bucket and a table, no RDS) to the
# moto AWS emulator, plans its destruction to a binary planfile, then checks what Blastwall
# decides:
#   a) `blastwall plan destroy.tfplan --env production` denies (exit 2, "decision":"deny" in JSON);
#   b) `blastwall plan destroy.tfplan --format json` without --env gives a decision (exit 0, 2 or 3);
#   c) in a directory whose selected workspace is `prod`, the Claude Code hook denies
#      `terraform destroy -auto-approve` (exit 2, a deny reply);
#   d) the same hook allows `terraform plan` there (exit 0).
# Exit codes of blastwall: 0 allow, 2 deny, 3 ask, 1 input it could not handle.
#
# Needs terraform and the AWS provider mirror /opt/tf-plugins (or $TF_PLUGIN_DIR): without them it
# fails, it never skips. A missing moto_server is installed with pip.
set -euo pipefail
shopt -s inherit_errexit

started=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
blastwall="${1:-.build/debug/blastwall}"
plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"

die() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- prerequisites ------------------------------------------------------------------------------
[[ "$blastwall" == /* ]] || blastwall="$PWD/$blastwall"
[[ -x "$blastwall" ]] || die "no blastwall binary at $blastwall (build it first, or pass its path)"
command -v terraform >/dev/null 2>&1 ||
  die "terraform is not on PATH: this test needs the real terraform binary (see TERRAFORM-LAB.md)"
[[ -d "$plugin_dir/registry.terraform.io/hashicorp/aws" ]] ||
  die "no AWS provider in the plugin mirror $plugin_dir: this test needs it (see TERRAFORM-LAB.md)"
if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server is not installed; installing moto[server] with pip"
  python3 -m pip install --quiet 'moto[server]'
  hash -r
  command -v moto_server >/dev/null 2>&1 || die "moto_server is still not on PATH after pip install"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/blastwall-tf-integration.XXXXXX")
# shellcheck source=terraform-lab/moto.sh
source "$repo/scripts/terraform-lab/moto.sh"
cleanup() {
  stop_moto
  rm -rf "$work"
}
trap cleanup EXIT

export TF_CLI_CONFIG_FILE=/dev/null
export TF_IN_AUTOMATION=1
# Anything in the caller's environment that names a workspace would change what is tested.
unset TF_WORKSPACE TF_DATA_DIR

run() {
  local name=$1
  shift
  if ! "$@" >"$work/$name.log" 2>&1; then
    tail -n 40 "$work/$name.log" >&2
    die "'$*' failed"
  fi
}

# --- moto and the stack -------------------------------------------------------------------------
start_moto "$work/moto.log"

stack="$work/stack"
mkdir -p "$stack"
cp "$repo"/scripts/terraform-lab/integration/*.tf "$stack/"
cd "$stack"
run init terraform init -input=false -no-color -plugin-dir="$plugin_dir"
run apply terraform apply -input=false -no-color -auto-approve
run plan terraform plan -destroy -input=false -no-color -out=destroy.tfplan
echo "stack applied and destroy.tfplan written in $(($(date +%s) - started)) s"

# --- assertions ---------------------------------------------------------------------------------
failures=0
passes=0
pass() { echo "PASS: $*"; passes=$((passes + 1)); }
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# blastwall_in DIR STDIN-FILE ARGS...: run blastwall in DIR; sets $status, $output, $errors.
blastwall_in() {
  local dir=$1 input=$2
  shift 2
  set +e
  output=$(cd "$dir" && "$blastwall" "$@" <"$input" 2>"$work/stderr")
  status=$?
  set -e
  errors=$(cat "$work/stderr")
}
decision_of() { python3 -c 'import json, sys; print(json.load(sys.stdin).get("decision", ""))' 2>/dev/null <<<"$1" || true; }

# a) the destroy plan, in production: deny.
blastwall_in "$stack" /dev/null plan destroy.tfplan --env production
text_status=$status
blastwall_in "$stack" /dev/null plan destroy.tfplan --env production --format json
json_decision=$(decision_of "$output")
if [[ $text_status -eq 2 && $status -eq 2 && "$json_decision" == "deny" ]]; then
  pass "a) blastwall plan destroy.tfplan --env production denies (exit 2, \"decision\":\"deny\")"
else
  fail "a) blastwall plan destroy.tfplan --env production: exit $text_status (text) and $status (json), decision '$json_decision'; want 2, 2, deny"
  [[ -z "$errors" ]] || echo "   stderr: ${errors:0:400}"
fi

# b) the same plan with no --env: any decision, as long as it is one.
blastwall_in "$stack" /dev/null plan destroy.tfplan --format json
json_decision=$(decision_of "$output")
if [[ ($status -eq 0 || $status -eq 2 || $status -eq 3) && -n "$json_decision" ]]; then
  pass "b) blastwall plan destroy.tfplan --format json decides '$json_decision' (exit $status)"
else
  fail "b) blastwall plan destroy.tfplan --format json: exit $status, decision '$json_decision'; want exit 0, 2 or 3 and a decision"
  [[ -z "$errors" ]] || echo "   stderr: ${errors:0:400}"
fi

# b2) the plan's identity names the state it was made against: lineage and serial from the
# planfile equal those of terraform.tfstate, so an approval binds to exactly this plan and state.
plan_lineage=$(python3 -c 'import json,sys; p=json.load(sys.stdin)["plan"]; print(p.get("lineage"), p.get("serial"))' <<<"$output" 2>/dev/null || true)
state_lineage=$(python3 -c 'import json; s=json.load(open("'"$stack"'/terraform.tfstate")); print(s["lineage"], s["serial"])')
if [[ -n "$plan_lineage" && "$plan_lineage" == "$state_lineage" ]]; then
  pass "b2) the plan's identity carries the state's lineage and serial ($plan_lineage)"
else
  fail "b2) the plan's identity says '$plan_lineage', the state says '$state_lineage'"
fi

# c) and d): the hook, in a directory whose selected workspace is prod.
run workspace terraform workspace new -no-color prod
[[ "$(cat .terraform/environment)" == "prod" ]] || die ".terraform/environment does not say prod"
hook_input() {
  python3 -c 'import json, sys; print(json.dumps({"session_id": "s", "transcript_path": "/tmp/t", "cwd": sys.argv[1],
    "hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": sys.argv[2]}}))' "$stack" "$1" >"$work/hook.json"
}

hook_input "terraform destroy -auto-approve"
blastwall_in "$stack" "$work/hook.json" hook claude-code
hook_decision=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["hookSpecificOutput"]["permissionDecision"])' \
  2>/dev/null <<<"$output" || true)
if [[ $status -eq 2 && ("$hook_decision" == "deny" || "$errors" == *denies*) ]]; then
  pass "c) the claude-code hook denies 'terraform destroy -auto-approve' in workspace prod (exit 2)"
else
  fail "c) the claude-code hook on 'terraform destroy -auto-approve' in workspace prod: exit $status; want 2 and a deny"
  echo "   stdout: ${output:0:400}"
  [[ -z "$errors" ]] || echo "   stderr: ${errors:0:400}"
fi

hook_input "terraform plan"
blastwall_in "$stack" "$work/hook.json" hook claude-code
if [[ $status -eq 0 ]]; then
  pass "d) the claude-code hook allows 'terraform plan' in workspace prod (exit 0)"
else
  fail "d) the claude-code hook on 'terraform plan' in workspace prod: exit $status; want 0"
  echo "   stdout: ${output:0:400}"
  [[ -z "$errors" ]] || echo "   stderr: ${errors:0:400}"
fi

echo "$passes passed, $failures failed"
echo "terraform integration finished in $(($(date +%s) - started)) s"
[[ $failures -eq 0 ]]
