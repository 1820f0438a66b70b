#!/usr/bin/env bash
# Attachment upload/download throughput with and without encryption at rest, in one run
# (build/bench/muster_file_store_bench): a 50 MB file put and read through the plaintext and the
# sealed disk file store, alternating. Target: sealed at most 20 % slower. Writes
# bench/results/files-<UTC>.json and bench/results/files-latest.json. Then the cost of voice notes'
# MP3 copies (build/bench/muster_voice_copy_bench, a real Chromium recording converted 200 times):
# bench/results/voice-copy-<UTC>.json and voice-copy-latest.json.
#
# Environment (optional): BUILD_DIR; FILES_ARGS, extra arguments (--mb, --rounds, --dir).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
RESULTS="$ROOT/bench/results"
if ! build_log="$(ninja -C "$BUILD_DIR" muster_file_store_bench muster_voice_copy_bench 2>&1)"; then
  echo "$build_log" >&2
  echo "files: could not build the file store benchmark" >&2
  exit 1
fi
mkdir -p "$RESULTS"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
# shellcheck disable=SC2086  # FILES_ARGS is a list of arguments
line="$("$BUILD_DIR/bench/muster_file_store_bench" ${FILES_ARGS:-} | tail -n 1)"
machine="$(nproc) cpus, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "result": %s}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "$line" \
  | tee "$RESULTS/files-$stamp.json" > "$RESULTS/files-latest.json"
echo "ATTACHMENT FILES (50 MB, plaintext vs sealed): $line"

voice="$("$BUILD_DIR/bench/muster_voice_copy_bench" "$ROOT/tests/integration/fixtures/voice-chromium.webm" | tail -n 1)"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "result": %s}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "$voice" \
  | tee "$RESULTS/voice-copy-$stamp.json" > "$RESULTS/voice-copy-latest.json"
echo "VOICE NOTE MP3 COPIES (a Chromium recording, converted 200 times): $voice"
