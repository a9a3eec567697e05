# Sourced by the Terraform lab scripts: starts and stops the moto AWS emulator on loopback.
# Needs `die` defined by the caller and python3 on PATH.

moto_pid=""

# start_moto LOGFILE [PREFERRED_PORT]: start moto_server on PREFERRED_PORT when it is free, else on
# any free loopback port; wait until it listens. Sets port, moto_pid and moto_endpoint, and exports
# TF_VAR_aws_endpoint for the lab configurations.
start_moto() {
  local log=$1 preferred=${2:-0}
  port=$(python3 - "$preferred" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    s.close()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
)
  moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$moto_pid" 2>/dev/null || { cat "$log" >&2; die "moto_server exited"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "moto_server did not listen on port $port"
  moto_endpoint="http://127.0.0.1:$port"
  export TF_VAR_aws_endpoint="$moto_endpoint"
}

# stop_moto: stop the emulator if start_moto started it.
stop_moto() {
  if [[ -n "$moto_pid" ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
}
