#!/usr/bin/env bash
# Fuzzes the proxy's client-side message decoder with libFuzzer (clang's, shipped with the Swift
# toolchain) and AddressSanitizer for the given number of seconds (default 60), starting from a
# corpus of real protocol messages.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
swift build -c debug --product WireFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/dev/null
corpus="$(mktemp -d)"
# Seeds: a startup message, an SSLRequest, a Query, a Parse/Bind/Execute/Sync batch.
printf '\x00\x00\x00\x25\x00\x03\x00\x00user\x00postgres\x00database\x00app\x00\x00' > "$corpus/startup"
printf '\x00\x00\x00\x08\x04\xd2\x16\x2f' > "$corpus/ssl"
printf '\x00\x00\x00\x08\x04\xd2\x16\x2fQ\x00\x00\x00\x0dSELECT 1\x00' > "$corpus/query"
printf '\x00\x00\x00\x09\x00\x03\x00\x00\x00P\x00\x00\x00\x10\x00SELECT 1\x00\x00\x00B\x00\x00\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00E\x00\x00\x00\x09\x00\x00\x00\x00\x00S\x00\x00\x00\x04' > "$corpus/batch"
.build-fuzz/debug/WireFuzz -max_total_time="$seconds" -max_len=4096 "$corpus"
