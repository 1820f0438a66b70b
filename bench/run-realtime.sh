#!/usr/bin/env bash
# Real-time messaging benchmark: Muster's WebSocket fan-out, idle connections, durable stores and
# overload behaviour, beside a Node `ws` broadcast server and nats-server 2.9 over WebSocket, all
# driven by the same load generator (build/bench/muster_realtime_bench) in the same run, plus a
# trivial epoll server for the kernel's own cost per socket. Prints a table and writes
# bench/results/realtime-<UTC>.json and bench/results/realtime-latest.json. See bench/README.md.
#
# Environment (all optional):
#   BUILD_DIR, MUSTER_BIN          as for bench/run.sh
#   RT_SERVERS                     which servers, in order (default muster,epoll,ws,nats)
#   RT_HOLD                        idle connections for the hold test (default 19000)
#   RT_ARGS                        extra arguments for every `muster_realtime_bench run` (see --help)
#   RT_MUSTER_ARGS, RT_PEER_ARGS   extra arguments for Muster's run / the peers' runs only
#   BENCH_KEEP_DATA=1              keep Muster's data directory
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
MUSTER="${MUSTER_BIN:-$BUILD_DIR/server/muster}"
BENCH="$BUILD_DIR/bench/muster_realtime_bench"
EPOLL="$BUILD_DIR/bench/muster_epoll_hold"
PEERS="$ROOT/bench/peers"
RESULTS="$ROOT/bench/results"
SERVERS="${RT_SERVERS:-muster,epoll,ws,nats}"
HOLD="${RT_HOLD:-19000}"

if [[ ",$SERVERS," == *",muster,"* && ! -x "$MUSTER" ]]; then
  echo "realtime: server binary $MUSTER is missing; build it first (make build)" >&2
  exit 1
fi
if ! build_log="$(ninja -C "$BUILD_DIR" muster_realtime_bench muster_epoll_hold 2>&1)"; then
  echo "$build_log" >&2
  echo "realtime: could not build the load generator" >&2
  exit 1
fi

# The peers: nats-server 2.9 and node-ws from Debian, installed only when missing.
missing=()
if [[ ",$SERVERS," == *",nats,"* ]] && ! command -v nats-server >/dev/null 2>&1; then missing+=(nats-server); fi
if [[ ",$SERVERS," == *",ws,"* && ! -f /usr/share/nodejs/ws/package.json && ! -f "$PEERS/node_modules/ws/package.json" ]]; then
  missing+=(node-ws)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "realtime: installing ${missing[*]}" >&2
  SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || true
  fi
  # Without Debian's node-ws, the same version from the npm lockfile.
  if [[ ",$SERVERS," == *",ws,"* && ! -f /usr/share/nodejs/ws/package.json && ! -f "$PEERS/node_modules/ws/package.json" ]]; then
    (cd "$PEERS" && npm ci --no-audit --no-fund >/dev/null)
  fi
fi

WORK="$(mktemp -d -t muster-realtime.XXXXXX)"
BENCH_LOGS="$WORK"
# shellcheck source=bench/lib/server.sh
source "$ROOT/bench/lib/server.sh"
cleanup() {
  local rc=$?
  stop_server
  if [[ "${BENCH_KEEP_DATA:-}" == 1 ]]; then echo "realtime: work directory kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)" ]]; then COMMIT="$COMMIT+dirty"; fi
VERSION="$("$MUSTER" version 2>/dev/null | head -n 1 | sed "s/^muster //" || true)"
parts=()
versions=()
rc=0

IFS=',' read -r -a list <<<"$SERVERS"
for name in "${list[@]}"; do
  part="$WORK/$name.json"
  case "$name" in
    muster)
      start_server muster "$MUSTER_LISTENING" \
        "$MUSTER" serve --data "$WORK/muster-data" --listen 127.0.0.1:0
      versions+=("muster ${VERSION:-unknown}")
      # shellcheck disable=SC2086
      timeout 600 "$BENCH" run --target muster --server-pid "$SERVER_PID" --port "$PORT" --hold "$HOLD" \
        --out "$part" ${RT_ARGS:-} ${RT_MUSTER_ARGS:-} || rc=$?
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "realtime: muster is no longer running (crashed?); last lines of its log:" >&2
        tail -n 20 "$WORK/muster.err" >&2
        rc=1
      fi
      grep -E 'level=(error|critical)' "$WORK/muster.err" | sort | uniq -c | sort -rn | head -n 5 >&2 || true
      ;;
    epoll)
      start_server epoll '^listening ([0-9]+)$' "$EPOLL" 0
      # shellcheck disable=SC2086
      timeout 300 "$BENCH" run --target epoll --phases hold --server-pid "$SERVER_PID" --port "$PORT" --hold "$HOLD" \
        --hold-seconds 5 --out "$part" ${RT_ARGS:-} || rc=$?
      ;;
    ws)
      start_server ws '^listening ([0-9]+)$' \
        env NODE_PATH="/usr/share/nodejs:$PEERS/node_modules" node "$PEERS/ws-broadcast.js" 0
      versions+=("node $(node --version) ws $(node -e 'console.log(require("ws/package.json").version)' 2>/dev/null || NODE_PATH=/usr/share/nodejs:$PEERS/node_modules node -e 'console.log(require("ws/package.json").version)')")
      # shellcheck disable=SC2086
      timeout 400 "$BENCH" run --target ws --phases fanout --server-pid "$SERVER_PID" --port "$PORT" \
        --out "$part" ${RT_ARGS:-} ${RT_PEER_ARGS:-} || rc=$?
      ;;
    nats)
      for p in 14222 18080 18222; do
        if ! port_free "$p"; then echo "realtime: port $p is taken; nats-server (bench/peers/nats.conf) needs it" >&2; rc=1; continue 2; fi
      done
      nats-server -c "$PEERS/nats.conf" >"$WORK/nats.out" 2>"$WORK/nats.err" &
      SERVER_PID=$!
      for _ in $(seq 300); do
        grep -q 'Server is ready' "$WORK/nats.err" 2>/dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
      done
      if ! grep -q 'Server is ready' "$WORK/nats.err" 2>/dev/null; then
        echo "realtime: nats-server did not start:" >&2
        tail -n 20 "$WORK/nats.err" >&2
        rc=1
        stop_server
        continue
      fi
      versions+=("nats-server $(nats-server --version 2>&1 | head -n 1)")
      # shellcheck disable=SC2086
      timeout 400 "$BENCH" run --target nats --phases fanout --server-pid "$SERVER_PID" --port 18080 --http-port 18080 \
        --out "$part" ${RT_ARGS:-} ${RT_PEER_ARGS:-} || rc=$?
      ;;
    *) echo "realtime: unknown server $name" >&2; rc=2; continue ;;
  esac
  stop_server
  [[ -s "$part" ]] && parts+=("$part")
done

OUT="$RESULTS/realtime-$STAMP.json"
server_list="$(IFS=';'; echo "${versions[*]:-}")"
"$BENCH" report --out "$OUT" --git-commit "$COMMIT" --server-version "${VERSION:-unknown}" --servers "$server_list" \
  --command "${RT_COMMAND:-bash bench/run-realtime.sh}" "${parts[@]}"
cp "$OUT" "$RESULTS/realtime-latest.json"
echo
echo "results: ${OUT#"$ROOT"/} (and bench/results/realtime-latest.json)"
[[ $rc -ne 0 ]] && echo "realtime: a run failed (exit $rc)" >&2
exit $rc
