#!/usr/bin/env bash
# Whole-process latency of `blastwall hook claude-code` reading a real hook JSON, as a ratio to
# `cat` reading the same input. Builds the static release binary the README recommends.
# Usage: bash Benchmarks/hook-latency.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-500}"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
swift build -c release --product blastwall --scratch-path .build-static -Xswiftc -static-executable >/dev/null 2>&1 \
  || swift build -c release --product blastwall --scratch-path .build-static -Xswiftc -static-executable
binary=.build-static/release/blastwall
input=Tests/Fixtures/hooks/claude-code-bash-destroy.json
export BLASTWALL_HOME="$(mktemp -d)"
out="$(mktemp)"
# Debian's hyperfine has no --input, so both commands read the file through the shell's `<`;
# hyperfine subtracts the shell's own start-up from both. The hook exits 2 (deny): -i accepts it.
hyperfine -i --warmup 50 --runs "$runs" --export-json "$out" \
  "$binary hook claude-code < $input" "cat < $input" >/dev/null
python3 - "$out" <<'PY'
import json, sys, statistics
results = json.load(open(sys.argv[1]))["results"]
hook, cat = results[0], results[1]
def ms(r, key): return r[key] * 1000
print(f"hook: median {ms(hook,'median'):.2f} ms, mean {ms(hook,'mean'):.2f} ms (n={len(hook['times'])})")
print(f"cat:  median {ms(cat,'median'):.2f} ms, mean {ms(cat,'mean'):.2f} ms")
print(f"median ratio hook/cat: {hook['median']/cat['median']:.2f}")
PY
valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" hook claude-code < "$input" 2>&1 >/dev/null | grep -E "Collected" | sed 's/^==[0-9]*== /hook instructions: /' || true
valgrind --tool=callgrind --callgrind-out-file=/dev/null cat "$input" 2>&1 >/dev/null | grep -E "Collected" | sed 's/^==[0-9]*== /cat instructions:  /'
