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
if ! build_log="$(ninja -C "$BUILD_DIR" muster_store_bench muster_content_rules_bench 2>&1)"; then
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

# Encryption at rest: the same durable sends, then message searches, through plaintext files and
# through the encrypting VFS, interleaved twice (A B A B) so the machine's drift falls on both.
# Targets: at most 10 % fewer stores per second (and per CPU-second), search p99 at most 15 % higher.
# ENCRYPTION_ARGS sets the size (e.g. "--seconds 100 --searches 2000" stores ~1,000,000 messages).
enc_runs=()
for enc in 0 1 0 1; do
  # shellcheck disable=SC2086  # ENCRYPTION_ARGS is a list of arguments
  enc_runs+=("$("$BUILD_DIR/bench/muster_store_bench" --encrypted "$enc" ${ENCRYPTION_ARGS:---searches 1000} 2>/dev/null | tail -n 1)")
done
enc_json="$(printf '%s,' "${enc_runs[@]}")"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "runs": [%s]}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "${enc_json%,}" \
  > "$RESULTS/encryption-store-$stamp.json"
cp "$RESULTS/encryption-store-$stamp.json" "$RESULTS/encryption-store-latest.json"
node "$ROOT/bench/ab_summary.mjs" "$RESULTS/encryption-store-latest.json" encrypted "ENCRYPTED DATABASE" \
  "stored_per_s:at most -10 %" "cpu_us_per_message:at most +11 % (10 % fewer per CPU-second)" \
  "search_p99_ms:at most +15 %"

# Content rules on the send path: the same durable sends of 1,000-character texts without rules and
# with the 50 rules of bench/fifty_rules.hpp, interleaved twice (A B A B) so the machine's drift
# falls on both; the figure is the ratio of the two means. Target: within 10 %.
rules_runs=()
for rules in 0 50 0 50; do
  rules_runs+=("$("$BUILD_DIR/bench/muster_store_bench" --text 1000 --content-rules "$rules" 2>/dev/null | tail -n 1)")
done
rules_json="$(printf '%s,' "${rules_runs[@]}")"
printf '{"timestamp": "%s", "git_commit": "%s", "machine": "%s", "runs": [%s]}\n' \
  "$stamp" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$machine" "${rules_json%,}" \
  > "$RESULTS/content-rules-send-$stamp.json"
cp "$RESULTS/content-rules-send-$stamp.json" "$RESULTS/content-rules-send-latest.json"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs;
  const mean = (n) => { const xs = r.filter((x) => x.content_rules === n).map((x) => x.stored_per_s); return xs.reduce((a, b) => a + b, 0) / xs.length; };
  const without = mean(0), withRules = mean(50);
  console.log(`CONTENT RULES ON SEND (1,000-char texts): ${without.toFixed(0)}/s without, ${withRules.toFixed(0)}/s with 50 rules: ${(100 * (1 - withRules / without)).toFixed(1)} % fewer (target: at most 10 %)`);
' "$RESULTS/content-rules-send-latest.json"

# The check alone: 50 rules on a 1,000-character message (target: at most 20 µs).
"$BUILD_DIR/bench/muster_content_rules_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json 2>/dev/null > "$RESULTS/content-rules-check-$stamp.json"
cp "$RESULTS/content-rules-check-$stamp.json" "$RESULTS/content-rules-check-latest.json"
node -e '
  const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).benchmarks;
  for (const x of b.filter((x) => x.aggregate_name === "median"))
    console.log(`CONTENT RULES CHECK ${x.run_name}: ${(x.cpu_time / (x.time_unit === "ns" ? 1000 : x.time_unit === "us" ? 1 : 1e-3)).toFixed(1)} µs (median of 5)`);
' "$RESULTS/content-rules-check-latest.json"
