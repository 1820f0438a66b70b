#!/usr/bin/env bash
# Retention under load (build/bench/muster_retention_bench, bench/README.md): seeds old messages
# straight into a fresh database, then measures send latency at a paced rate without and during a
# retention run that deletes them all. Writes bench/results/retention-<UTC>.json and
# bench/results/retention-latest.json.
#
# Environment (optional): BUILD_DIR; RETENTION_ARGS, extra arguments (--old, --rate, --baseline,
# --groups, --batch, --dir).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
RESULTS="$ROOT/bench/results"
if ! build_log="$(ninja -C "$BUILD_DIR" muster_retention_bench 2>&1)"; then
  echo "$build_log" >&2
  echo "retention: could not build the retention benchmark" >&2
  exit 1
fi
mkdir -p "$RESULTS"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# shellcheck disable=SC2086  # RETENTION_ARGS is a list of arguments
line="$("$BUILD_DIR/bench/muster_retention_bench" ${RETENTION_ARGS:-} 2>/dev/null | tail -n 1)"
machine="$(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "result": %s}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "$line" \
  | tee "$RESULTS/retention-$stamp.json" > "$RESULTS/retention-latest.json"
echo "RETENTION UNDER LOAD: $line"
