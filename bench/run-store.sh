#!/usr/bin/env bash
# The durable send path without sockets (build/bench/muster_store_bench): the real SQLite stores,
# ChatService and hub in one process, no network and no load generator beside it. A floor for the
# real-time benchmark's store phase: what storing a message costs in CPU before any socket is
# involved. Writes bench/results/store-<UTC>.json and bench/results/store-latest.json.
#
# Environment (optional): BUILD_DIR; STORE_ARGS, extra arguments (--seconds, --window, --groups).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
RESULTS="$ROOT/bench/results"
if ! build_log="$(ninja -C "$BUILD_DIR" muster_store_bench 2>&1)"; then
  echo "$build_log" >&2
  echo "store: could not build the store benchmark" >&2
  exit 1
fi
mkdir -p "$RESULTS"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# shellcheck disable=SC2086  # STORE_ARGS is a list of arguments
line="$("$BUILD_DIR/bench/muster_store_bench" ${STORE_ARGS:-} 2>/dev/null | tail -n 1)"
machine="$(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "result": %s}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "$line" \
  | tee "$RESULTS/store-$stamp.json" > "$RESULTS/store-latest.json"
echo "STORE FLOOR (no sockets): $line"
