#!/usr/bin/env bash
# Governance benchmark (docs/performance.md "Governance"): bench/governance_bench.mjs starts the real
# `muster serve` on a temporary data directory and measures the CSV import into smart groups, the
# edit -> socket event latency and deactivation in many conversations; then the content-rules
# micro-benchmark (build/bench/muster_content_rules_bench). Results: bench/results/governance-<UTC>.json,
# content-rules-<UTC>.json and their *-latest.json copies.
#
# Environment: BUILD_DIR, MUSTER_BIN, GOV_ARGS (extra arguments for governance_bench.mjs, e.g.
# "--people 20000 --groups 100"), GOV_SEND_RULES=1 (pending: 50 content rules in the send path).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
export MUSTER_BIN="${MUSTER_BIN:-$BUILD_DIR/server/muster}"
RESULTS="$ROOT/bench/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[[ -d "$ROOT/tests/node_modules" ]] || (cd "$ROOT/tests" && npm ci --silent)

ninja -C "$BUILD_DIR" muster_content_rules_bench >/dev/null
"$BUILD_DIR/bench/muster_content_rules_bench" --benchmark_out="$RESULTS/content-rules-$STAMP.json" \
  --benchmark_out_format=json
cp "$RESULTS/content-rules-$STAMP.json" "$RESULTS/content-rules-latest.json"

# shellcheck disable=SC2086
node "$ROOT/bench/governance_bench.mjs" --out "$RESULTS/governance-$STAMP.json" ${GOV_ARGS:-}
cp "$RESULTS/governance-$STAMP.json" "$RESULTS/governance-latest.json"
