#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The independent verifier of the audit log and grants (scripts/verify_audit.py) uses pyseto.
if ! python3 -c 'import pyseto, cryptography' >/dev/null 2>&1; then
  echo "installing pyseto for the independent grant verifier" >&2
  python3 -m pip install --quiet pyseto cryptography
fi
# The SQL corpus is checked against pglast (the same libpg_query 15, from PyPI); the proxy's tests
# drive a real PostgreSQL 15 server with psql, pg_dump and psycopg 3.
if ! python3 -c 'import pglast, psycopg' >/dev/null 2>&1; then
  echo "installing pglast and psycopg for the SQL oracle and the proxy tests" >&2
  python3 -m pip install --quiet 'pglast>=5,<6' 'psycopg[binary]>=3.1'
fi
if [[ ! -x /usr/lib/postgresql/15/bin/initdb || ! -x /usr/bin/pg_dump ]]; then
  echo "installing PostgreSQL 15 for the proxy tests" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq postgresql-15 postgresql-client-15
  else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql-15 postgresql-client-15; fi
fi
# The trust-root attack suite runs the agent as another user (setpriv), writes the store with the
# sqlite3 shell, gives approvers a terminal (script), and makes anchors append-only (chattr).
tools=()
command -v sqlite3 >/dev/null || tools+=(sqlite3)
command -v git >/dev/null || tools+=(git)
command -v setpriv >/dev/null || tools+=(util-linux)
command -v script >/dev/null || tools+=(bsdutils)
command -v chattr >/dev/null || tools+=(e2fsprogs)
if ((${#tools[@]})); then
  echo "installing ${tools[*]} for the trust-root attack suite" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq "${tools[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${tools[@]}"; fi
fi
# The committed .swift-format is part of the contract: code that does not pass it does not land.
swift format lint --strict -r Sources Tests Benchmarks Fuzz Package.swift
swift build --build-tests
swift test 2>&1 | tee .build/test-output.txt
# Swift Testing prints one closing line for the whole run; make sure it ran and passed.
grep -E "Test run with [0-9]+ tests? in [0-9]+ suites? passed" .build/test-output.txt >/dev/null || {
  echo "error: the Swift Testing run did not report success" >&2
  exit 1
}
# The end-to-end check with the real terraform binary and AWS provider against the moto emulator:
# a real destroy planfile is denied, and the hook denies terraform destroy in a production workspace.
bash scripts/terraform-integration.sh .build/debug/blastwall
