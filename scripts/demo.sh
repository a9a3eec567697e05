#!/usr/bin/env bash
# Replays the February 2026 incident through Blastwall on the built-in policy: nothing to start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift run blastwall demo "$@"
