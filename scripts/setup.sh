#!/usr/bin/env bash
# Installs the C libraries Blastwall links from Debian when their headers are missing:
# zlib (planfile reader), SQLite (the store), libsodium (Ed25519, Argon2id, SHA-256) and
# libpg_query (PostgreSQL 15's own SQL parser).
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "error: the Swift toolchain (6.0 or later) is not on PATH; install it from swift.org first" >&2
  exit 1
fi
missing=()
[[ -e /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
[[ -e /usr/include/sqlite3.h ]] || missing+=(libsqlite3-dev)
[[ -e /usr/include/sodium.h ]] || missing+=(libsodium-dev)
[[ -e /usr/include/pg_query.h ]] || missing+=(libpg-query-dev)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
