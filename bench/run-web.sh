#!/usr/bin/env bash
# The web app on a phone (issue 16, docs/performance.md): builds web/ into a temporary directory,
# starts the real `muster serve --web` on a fresh data directory, and runs bench/web_bench.mjs
# (start page JavaScript size, cold and cached start on a throttled phone, opening and scrolling a
# conversation of 10,000 messages). Results: bench/results/web-<UTC>.json and web-latest.json.
# About 3 minutes, most of it posting the 10,000 messages.
#
# Environment: BUILD_DIR, MUSTER_BIN, WEB_ARGS (extra arguments for web_bench.mjs, e.g.
# "--runs 5 --messages 2000"), WEB_SRC (the web app to build, default web/: an older checkout's
# for a before/after), BENCH_KEEP_DATA=1 keeps the data directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
MUSTER="${MUSTER_BIN:-$BUILD_DIR/server/muster}"
RESULTS="$ROOT/bench/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[[ -x "$MUSTER" ]] || { echo "bench: no server binary at $MUSTER (make build)" >&2; exit 1; }
WEB_SRC="${WEB_SRC:-$ROOT/web}"
[[ -d "$WEB_SRC/node_modules" ]] || (cd "$WEB_SRC" && npm ci --silent)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/muster-web-bench.XXXXXX")"
DIST="$TMP/dist"
DATA="$TMP/data"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -s "$TMP/server.err" ]]; then
    echo "bench: last lines of the server log:" >&2
    tail -n 20 "$TMP/server.err" >&2
  fi
  if [[ "${BENCH_KEEP_DATA:-}" == 1 ]]; then
    echo "bench: data kept in $DATA" >&2
  else
    rm -rf "$TMP"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the manifest lets the benchmark find the dictionaries' chunks (dynamic imports)
(cd "$WEB_SRC" && npx vite build --outDir "$DIST" --emptyOutDir --manifest --logLevel warn)

mkdir -p "$DATA"
"$MUSTER" serve --data "$DATA" --listen 127.0.0.1:0 --web "$DIST" >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
URL=""
for _ in $(seq 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the server exited during start-up" >&2; exit 1; }
  URL="$(grep -hoE 'muster listening on http://[0-9.:]+' "$TMP/server.out" "$TMP/server.err" 2>/dev/null | head -n1 | sed 's/.*listening on //')" || true
  [[ -n "$URL" ]] && break
  sleep 0.1
done
[[ -n "$URL" ]] || { echo "bench: the server did not say where it listens" >&2; exit 1; }

mkdir -p "$RESULTS"
# shellcheck disable=SC2086
node "$ROOT/bench/web_bench.mjs" --url "$URL" --dist "$DIST" --out "$RESULTS/web-$STAMP.json" ${WEB_ARGS:-}
cp "$RESULTS/web-$STAMP.json" "$RESULTS/web-latest.json"
