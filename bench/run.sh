#!/usr/bin/env bash
# Directory benchmark: starts a fresh `muster serve` on 127.0.0.1 with a temporary data directory,
# runs bench/muster_directory_bench against it (setup, seed 100,000 people, search latency and
# throughput, sign-ins), prints a table and writes bench/results/directory-<UTC>.json and
# bench/results/latest.json. See bench/README.md.
#
# Environment (all optional):
#   BUILD_DIR      build directory (default: <repo>/build)
#   MUSTER_BIN     server binary (default: $BUILD_DIR/server/muster)
#   BENCH_PEOPLE   people to seed (default 100000)
#   BENCH_THREADS  search connections/threads under load (default 4)
#   BENCH_SIGNINS  sign-in attempts under load (default 200)
#   BENCH_ARGS     extra arguments for muster_directory_bench (see its --help)
#   BENCH_KEEP_DATA=1  keep the server's data directory (path printed) to inspect the database
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
MUSTER="${MUSTER_BIN:-$BUILD_DIR/server/muster}"
BENCH="$BUILD_DIR/bench/muster_directory_bench"
RESULTS="$ROOT/bench/results"

if [[ ! -x "$MUSTER" ]]; then
  echo "bench: server binary $MUSTER is missing; build it first (make build)" >&2
  exit 1
fi
# Builds only the load generator (and muster_asio); a no-op when it is up to date.
if ! build_log="$(ninja -C "$BUILD_DIR" muster_directory_bench 2>&1)"; then
  echo "$build_log" >&2
  echo "bench: could not build muster_directory_bench" >&2
  exit 1
fi

DATA="$(mktemp -d -t muster-bench-data.XXXXXX)"
BENCH_LOGS="$(mktemp -d -t muster-bench-log.XXXXXX)"
# shellcheck source=bench/lib/server.sh
source "$ROOT/bench/lib/server.sh"

cleanup() {
  local rc=$?
  stop_server
  if [[ $rc -ne 0 && -s "$BENCH_LOGS/muster.err" ]]; then
    echo "bench: last lines of the server log:" >&2
    tail -n 20 "$BENCH_LOGS/muster.err" >&2
  fi
  if [[ "${BENCH_KEEP_DATA:-}" == 1 ]]; then
    echo "bench: data kept in $DATA" >&2
  else
    rm -rf "$DATA"
  fi
  rm -rf "$BENCH_LOGS"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server muster "$MUSTER_LISTENING" "$MUSTER" serve --data "$DATA" --listen 127.0.0.1:0

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
OUT="$RESULTS/directory-$STAMP.json"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)" ]]; then
  COMMIT="$COMMIT+dirty"
fi
VERSION="$("$MUSTER" version 2>/dev/null | head -n 1 | sed "s/^muster //" || true)"
VERSION="${VERSION:-unknown}"

echo "bench: muster $VERSION (pid $SERVER_PID) on 127.0.0.1:$PORT, data $DATA" >&2
rc=0
# The whole run is bounded; every phase in the load generator is also bounded by count and time.
# shellcheck disable=SC2086
timeout 900 "$BENCH" --port "$PORT" --server-pid "$SERVER_PID" \
  --people "${BENCH_PEOPLE:-100000}" --threads "${BENCH_THREADS:-4}" --signins "${BENCH_SIGNINS:-200}" \
  --out "$OUT" --git-commit "$COMMIT" --server-version "$VERSION" --command "make bench" ${BENCH_ARGS:-} || rc=$?

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "bench: the server is no longer running (crashed?)" >&2
  [[ $rc -eq 0 ]] && rc=1
fi

if [[ -s "$OUT" ]]; then
  cp "$OUT" "$RESULTS/latest.json"
  echo
  echo "results: ${OUT#"$ROOT"/} (and bench/results/latest.json)"
fi
if [[ $rc -ne 0 ]]; then
  echo "bench: the load generator failed (exit $rc)" >&2
  grep -E 'level=(error|critical|warn)' "$BENCH_LOGS/muster.err" | tail -n 10 >&2 || true
  exit $rc
fi

# Encryption at rest: the same people and query classes in process (no HTTP, so the cost of the
# encrypting VFS is not diluted by the network), through plaintext files and through the VFS,
# interleaved twice (A B A B) so the machine's drift falls on both. Target: p99 at most 15 % higher.
ninja -C "$BUILD_DIR" muster_directory_search_bench > /dev/null
search_runs=()
for enc in 0 1 0 1; do
  search_runs+=("$("$BUILD_DIR/bench/muster_directory_search_bench" --people "${BENCH_PEOPLE:-100000}" --encrypted "$enc" 2>/dev/null | tail -n 1)")
done
search_json="$(printf '%s,' "${search_runs[@]}")"
machine="$(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "runs": [%s]}\n' \
  "$STAMP" "$COMMIT" "$machine" "${search_json%,}" > "$RESULTS/encryption-directory-$STAMP.json"
cp "$RESULTS/encryption-directory-$STAMP.json" "$RESULTS/encryption-directory-latest.json"
node "$ROOT/bench/ab_summary.mjs" "$RESULTS/encryption-directory-latest.json" encrypted \
  "ENCRYPTED DATABASE, DIRECTORY SEARCH AT ${BENCH_PEOPLE:-100000} PEOPLE" \
  "search_p99_ms:at most +15 %" "search_p50_ms:none" "import_s:none"
