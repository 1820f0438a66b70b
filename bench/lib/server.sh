# Sourced by the bench scripts: one way to start a server under test and to stop it.
# The caller sets BENCH_LOGS (a folder for the servers' output).

SERVER_PID=""
PORT=""

# start_server NAME REGEX CMD...: runs CMD in the background, its output in $BENCH_LOGS/NAME.out
# and NAME.err; waits (30 s at most) for a stdout line matching REGEX (extended), whose first group
# is the port. Sets SERVER_PID and PORT; fails, with the end of the error log, otherwise.
start_server() {
  local name="$1" regex="$2"
  shift 2
  : >"$BENCH_LOGS/$name.out"
  "$@" >"$BENCH_LOGS/$name.out" 2>"$BENCH_LOGS/$name.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "bench: $name exited during start-up:" >&2
      tail -n 20 "$BENCH_LOGS/$name.err" >&2
      return 1
    fi
    PORT="$(sed -n -E "s#$regex#\\1#p" "$BENCH_LOGS/$name.out" | head -n 1)"
    [[ -n "$PORT" ]] && return 0
    sleep 0.1
  done
  echo "bench: $name did not start within 30 s" >&2
  return 1
}

# The line `muster serve --listen 127.0.0.1:0` prints once it listens.
MUSTER_LISTENING='^muster listening on http://127\.0\.0\.1:([0-9]+)$'

# stop_server: SIGTERM, then SIGKILL after 10 s; a no-op when none is running.
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
