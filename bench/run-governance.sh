#!/usr/bin/env bash
# Governance benchmark (docs/performance.md "Governance"): bench/governance_bench.mjs starts the real
# `muster serve` on a temporary data directory and measures the CSV import into smart groups, the
# edit -> socket event latency and deactivation in many conversations, at the issue's size (100,000
# people, 500 smart groups). Results: bench/results/governance-<UTC>.json and governance-latest.json.
# The content rules (per check and on the send path) are measured by bench/run-store.sh.
#
# Setup (100,000 people, 500 smart groups) takes about 75 s on 2 idle cores; the whole run about
# 3 minutes. GOV_ARGS="--groups 30" gives a quicker run.
#
# Environment: BUILD_DIR, MUSTER_BIN, GOV_ARGS (extra arguments for governance_bench.mjs, e.g.
# "--people 20000 --groups 100").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
export MUSTER_BIN="${MUSTER_BIN:-$BUILD_DIR/server/muster}"
RESULTS="$ROOT/bench/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[[ -d "$ROOT/tests/node_modules" ]] || (cd "$ROOT/tests" && npm ci --silent)

# shellcheck disable=SC2086
node "$ROOT/bench/governance_bench.mjs" --out "$RESULTS/governance-$STAMP.json" ${GOV_ARGS:-}
cp "$RESULTS/governance-$STAMP.json" "$RESULTS/governance-latest.json"
