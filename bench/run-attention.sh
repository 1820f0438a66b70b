#!/usr/bin/env bash
# Phone notifications (build/bench/muster_attention_bench): fan-out of one message to a
# 10,000-member channel (policy decisions and push encryption, in server CPU), the author's
# acknowledgement with push off and on, and a digest of 10,000 missed messages. Writes
# bench/results/attention-<UTC>.json and bench/results/attention-latest.json.
#
# Environment (optional): BUILD_DIR; ATTENTION_ARGS, extra arguments (see the benchmark's header).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
RESULTS="$ROOT/bench/results"
if ! build_log="$(ninja -C "$BUILD_DIR" muster_attention_bench 2>&1)"; then
  echo "$build_log" >&2
  echo "attention: could not build the attention benchmark" >&2
  exit 1
fi
mkdir -p "$RESULTS"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# shellcheck disable=SC2086  # ATTENTION_ARGS is a list of arguments
line="$("$BUILD_DIR/bench/muster_attention_bench" ${ATTENTION_ARGS:-} 2>/dev/null | tail -n 1)"
machine="$(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "result": %s}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "$line" \
  | tee "$RESULTS/attention-$stamp.json" > "$RESULTS/attention-latest.json"
echo "ATTENTION: $line"
