#!/usr/bin/env bash
# The whole `blastwall plan` process on a generated 20,000-resource plan against jq listing the
# deletes of the same file (the bar the issue sets), with peak memory of each.
#   bash Benchmarks/plan-vs-jq.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }
swift build -c release --product blastwall --product PlanGateBenchmark >/dev/null 2>&1 || swift build -c release
plan=$(mktemp --suffix=.json)
trap 'rm -f "$plan"' EXIT
.build/release/PlanGateBenchmark 3 --write "$plan"
echo "plan file: $(du -h "$plan" | cut -f1)"
jq_filter='[.resource_changes[] | select(.change.actions | index("delete")) | .address]'
hyperfine --warmup 2 --runs "$runs" -i -N \
  "jq '$jq_filter' $plan" \
  ".build/release/blastwall plan $plan --env production --no-log --format json" \
  ".build/release/blastwall plan $plan --env production --no-log"
jq_peak=$( { /usr/bin/time -f "%M" jq "$jq_filter" "$plan" >/dev/null; } 2>&1 | tail -1)
blastwall_peak=$( { /usr/bin/time -f "%M" .build/release/blastwall plan "$plan" --env production --no-log --format json >/dev/null; } 2>&1 | tail -1)
echo "peak memory: jq ${jq_peak} KB, blastwall plan ${blastwall_peak} KB"

