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
BENCH_LOGS="$TMP"
# shellcheck source=bench/lib/server.sh
source "$ROOT/bench/lib/server.sh"
cleanup() {
  local rc=$?
  stop_server
  if [[ $rc -ne 0 && -s "$TMP/muster.err" ]]; then
    echo "bench: last lines of the server log:" >&2
    tail -n 20 "$TMP/muster.err" >&2
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
start_server muster "$MUSTER_LISTENING" "$MUSTER" serve --data "$DATA" --listen 127.0.0.1:0 --web "$DIST"
URL="http://127.0.0.1:$PORT"

mkdir -p "$RESULTS"
# shellcheck disable=SC2086
node "$ROOT/bench/web_bench.mjs" --url "$URL" --dist "$DIST" --out "$RESULTS/web-$STAMP.json" ${WEB_ARGS:-}
cp "$RESULTS/web-$STAMP.json" "$RESULTS/web-latest.json"
