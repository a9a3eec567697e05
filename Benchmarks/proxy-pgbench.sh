#!/usr/bin/env bash
# TPS through the Blastwall PostgreSQL proxy as a ratio to a direct connection, beside Debian's
# pgbouncer (session mode) in the same run: pgbench on loopback TCP for all three, select-only and
# TPC-B-like, in the simple, extended and prepared query modes.
# Usage: bash Benchmarks/proxy-pgbench.sh [seconds-per-run] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
clients="${2:-8}"
bin=/usr/lib/postgresql/15/bin
command -v pgbouncer >/dev/null || { apt-get update -qq && apt-get install -y -qq pgbouncer; }
[[ -x $bin/initdb ]] || { apt-get update -qq && apt-get install -y -qq postgresql-15; }
swift build -c release --product blastwall >/dev/null
blastwall=.build/release/blastwall

work="$(mktemp -d /tmp/blastwall-pgbench-XXXX)"
chown postgres "$work"
direct=$((20000 + RANDOM % 20000)); bouncer=$((direct + 1)); proxy_ro=$((direct + 2)); proxy_rw=$((direct + 3))
as_postgres() { runuser -u postgres -- "$@"; }
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  # runuser's child outlives a signal to runuser: stop pgbouncer by its own pid.
  [[ -f $work/pgbouncer.pid ]] && kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true
  as_postgres "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
pids=()
trap cleanup EXIT

as_postgres "$bin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_postgres "$bin/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
  -o "-p $direct -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=256MB" start >/dev/null
pgbench -h 127.0.0.1 -p "$direct" -U postgres -i -s 10 -q postgres >/dev/null 2>&1

cat > "$work/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$direct dbname=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer
auth_type = trust
auth_file = $work/users.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 50
unix_socket_dir =
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
echo '"postgres" ""' > "$work/users.txt"
chown -R postgres "$work"
as_postgres pgbouncer "$work/pgbouncer.ini" >/dev/null 2>&1 &
pids+=($!)
export BLASTWALL_HOME="$work/state"
"$blastwall" proxy postgres --listen "127.0.0.1:$proxy_ro" --upstream "127.0.0.1:$direct" --env staging 2>"$work/proxy-ro.log" &
pids+=($!)
"$blastwall" proxy postgres --listen "127.0.0.1:$proxy_rw" --upstream "127.0.0.1:$direct" --env staging --read-write \
  2>"$work/proxy-rw.log" &
pids+=($!)
sleep 1

run() { # port mode workload -> tps, or 0 with pgbench's complaint (and the proxies' logs) on stderr
  local flags=(-h 127.0.0.1 -p "$1" -U postgres -M "$2" -c "$clients" -j 2 -T "$seconds" -n) output
  [[ $3 == select-only ]] && flags+=(-S)
  if ! output=$(pgbench "${flags[@]}" postgres 2>&1); then
    { echo "pgbench failed on port $1 ($3, $2):"; tail -5 <<<"$output"; tail -3 "$work"/proxy-*.log; } >&2
    echo 0
    return
  fi
  awk '/^tps = / { printf "%.0f", $3 }' <<<"$output"
}
ratio() { [[ $2 -gt 0 ]] && printf '%.2f' "$(echo "$1 / $2" | bc -l)" || printf 'n/a'; }

printf '%-12s %-9s %10s %10s %10s %8s %8s\n' workload mode direct pgbouncer blastwall bw/dir pgb/dir
for workload in select-only tpcb-like; do
  proxy=$proxy_ro
  [[ $workload == tpcb-like ]] && proxy=$proxy_rw
  for mode in simple extended prepared; do
    d=$(run "$direct" "$mode" "$workload")
    b=$(run "$bouncer" "$mode" "$workload")
    p=$(run "$proxy" "$mode" "$workload")
    printf '%-12s %-9s %10s %10s %10s %8s %8s\n' "$workload" "$mode" "$d" "$b" "$p" "$(ratio "$p" "$d")" "$(ratio "$b" "$d")"
  done
done
records=$("$blastwall" audit verify --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
echo "audit log: $records records, verified"
