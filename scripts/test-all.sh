#!/usr/bin/env bash
# make test, after setup and the release build: every suite, one phase after another.
#   1. The release suites: unit, web unit, integration, end-to-end. While the end-to-end suite runs,
#      the TSan and ASan+UBSan trees (with the fuzz targets) compile beside it at idle priority
#      (SCHED_IDLE: only on CPU time the suite leaves unused; a browser and a server waiting on each
#      other leave about a core). Nothing compiles beside the integration suite, whose crash test
#      sends 1,000 messages a second.
#   2. The unit and integration suites under ThreadSanitizer and under ASan+UBSan, side by side
#      (each is mostly one core: a sanitized server and node). Rates are not asserted under a sanitizer.
#   3. Each fuzz target for FUZZ_SECONDS, two at a time.
# History and figures: docs/operations.md, "Building". ccache (CMakeLists.txt) lets a fresh clone
# reuse what an earlier build compiled.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${BUILD_DIR:-build}"
tsan="${TSAN_DIR:-build-tsan}"
asan="${ASAN_DIR:-build-asan}"
make=(make --no-print-directory)

# WITH_ASAN=0 (make test WITH_ASAN=0) leaves out the ASan+UBSan tree, its suites and the fuzzers.
with_asan="${WITH_ASAN:-1}"

phase() { echo "test: $1 ($(date -u +%H:%M:%S))"; }

logs="$(mktemp -d /tmp/muster-test-XXXXXX)"
pids=()  # background jobs, each in a process group of its own: stopped with the script
trap 'for pid in "${pids[@]}"; do kill -- -"$pid" 2>/dev/null || true; done; rm -rf "$logs"' EXIT

# The release tree and the web app are built already (make build). The suites run here rather
# than through their make targets, which would run ninja again.
phase "unit tests"
(cd "$release" && ctest --output-on-failure --timeout 120 -j2)
phase "web unit tests"
(cd web && npm test --silent)
export MUSTER_BIN="${MUSTER_BIN:-$PWD/$release/server/muster}"  # the Makefile exports it
phase "integration suite"
(cd tests && npm test)
# The sanitizer trees compile while the end-to-end suite runs, on the CPU time it leaves idle.
sanitizers=(thread)
[ "$with_asan" = 1 ] && sanitizers+=(address)
build_trees() {  # setup ran before the release build (-o: not again, beside the suite)
  "${make[@]}" -o setup tsan-build
  if [ "$with_asan" = 1 ]; then "${make[@]}" -o setup asan-build; fi
}
idle=(nice -n 19)
chrt --idle 0 true 2>/dev/null && idle=(chrt --idle 0)
phase "end-to-end suite, the sanitizer trees compiling beside it at idle priority"
setsid "${idle[@]}" bash -c "$(declare -p make with_asan); $(declare -f build_trees); build_trees" \
  > "$logs/trees.log" 2>&1 &
trees=$!
pids+=("$trees")
(cd web && MUSTER_E2E_REQUIRED=1 npm run e2e --silent)
phase "sanitizer trees: finishing their build"
wait "$trees" || { cat "$logs/trees.log"; echo "test: a sanitizer tree did not build"; exit 1; }

phase "sanitizer suites, side by side"
pids=()
for s in "${sanitizers[@]}"; do
  dir="$tsan"
  [ "$s" = address ] && dir="$asan"
  setsid bash scripts/sanitizer-test.sh "$s" "$dir" > "$logs/$s.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for s in "${sanitizers[@]}"; do
  if [ "$status" -ne 0 ]; then cat "$logs/$s.log"; else tail -n 1 "$logs/$s.log"; fi
done
[ "$status" -eq 0 ] || { echo "test: a sanitizer suite failed"; exit 1; }

if [ "$with_asan" = 1 ]; then
  phase "fuzzers"
  FUZZ_SECONDS="${FUZZ_SECONDS:-60}" bash scripts/fuzz.sh "$asan"
fi
phase "done"
echo "suites: all passed ($([ "$with_asan" = 1 ] && echo "with" || echo "without") ASan+UBSan and the fuzzers)"
