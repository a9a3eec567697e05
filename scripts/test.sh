#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (6.0 or later) is not on PATH; install it from swift.org first" >&2
  exit 1
fi
# The planfile reader links the system zlib (a usual Swift-on-Debian dependency); install it if absent.
if [[ ! -e /usr/include/zlib.h ]]; then
  echo "zlib.h is missing: installing zlib1g-dev" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq zlib1g-dev; else sudo apt-get install -y -qq zlib1g-dev; fi
fi
# The committed .swift-format is part of the contract: code that does not pass it does not land.
swift format lint --strict -r Sources Tests Benchmarks Package.swift
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
