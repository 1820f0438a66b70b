#!/usr/bin/env bash
# make test, after setup and the release build: every suite, overlapped so the whole fits CI's hour
# on a 2-core machine without slowing the suites that watch the clock.
#   1. The release suites (unit, web, integration, end-to-end) at normal priority, while in the
#      background, at the lowest CPU and I/O priority, the two sanitizer trees
#      build (TSan; ASan+UBSan with the fuzz targets) and then each fuzz target runs for
#      FUZZ_SECONDS, two at a time: a server and a browser waiting on each other leave about a core idle, and the
#      background takes only what is left (the fuzzers run for their time, with fewer inputs).
#      The background is paused (SIGSTOP) while the integration suite runs: even at nice 19 a
#      compiler's memory traffic and writeback slowed its 1,000-sends-a-second crash test by a quarter.
#   2. The unit and integration suites under TSan and under ASan+UBSan, side by side: each is
#      mostly one core (a sanitized server and node). Rates are not asserted under a sanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${BUILD_DIR:-build}"
tsan="${TSAN_DIR:-build-tsan}"
asan="${ASAN_DIR:-build-asan}"
make=(make --no-print-directory)

# WITH_ASAN=0 (make test WITH_ASAN=0) leaves out the ASan+UBSan tree, its suites and the fuzzers.
with_asan="${WITH_ASAN:-1}"

if [ "${1:-}" = --background ]; then
  # The benchmarks are not built here (≈ 5 CPU-minutes of an hour that is mostly compiling):
  # `make bench` builds and runs them.
  "${make[@]}" tsan-build
  if [ "$with_asan" = 1 ]; then
    "${make[@]}" asan-build
    # libFuzzer counts its -max_total_time on the wall clock, so a fuzzer paused with this job
    # would stop short: the fuzzers start once the integration suite is over ($FUZZ_AFTER exists).
    while [ -n "${FUZZ_AFTER:-}" ] && [ ! -e "$FUZZ_AFTER" ]; do sleep 1; done
    exec bash scripts/fuzz.sh "$asan"
  fi
  exit 0
fi

logs="$(mktemp -d /tmp/muster-test-XXXXXX)"
# In a process group of its own, so a failure below stops the builds and fuzzers too.
FUZZ_AFTER="$logs/integration-done" setsid nice -n 19 ionice -c 3 bash scripts/test-all.sh --background \
  > "$logs/background.log" 2>&1 &
builder=$!
# A stopped process acts on SIGTERM only once continued, hence the CONT after the TERM.
trap 'kill -- -"$builder" 2>/dev/null || true; kill -CONT -- -"$builder" 2>/dev/null || true; rm -rf "$logs"' EXIT

# The release tree and the web app are built already (make build). The suites run here rather
# than through their make targets, which would run ninja in build/ beside the background's.
(cd "$release" && ctest --output-on-failure --timeout 120)
(cd web && npm test --silent)
export MUSTER_BIN="${MUSTER_BIN:-$PWD/$release/server/muster}"  # the Makefile exports it
kill -STOP -- -"$builder" 2>/dev/null || true
(cd tests && npm test)
touch "$logs/integration-done"
kill -CONT -- -"$builder" 2>/dev/null || true
(cd web && MUSTER_E2E_REQUIRED=1 npm run e2e --silent)
echo "test: release suites passed; waiting for the sanitizer builds and the fuzzers"
if ! wait "$builder"; then
  tail -n 80 "$logs/background.log"
  echo "test: the sanitizer builds or the fuzzers failed"
  exit 1
fi
grep '^fuzz:' "$logs/background.log" || true

sanitizers=(thread)
[ "$with_asan" = 1 ] && sanitizers+=(address)
pids=()
for s in "${sanitizers[@]}"; do
  dir="$tsan"; [ "$s" = address ] && dir="$asan"
  bash scripts/sanitizer-test.sh "$s" "$dir" > "$logs/$s.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for s in "${sanitizers[@]}"; do
  if [ "$status" -ne 0 ]; then cat "$logs/$s.log"; else tail -n 1 "$logs/$s.log"; fi
done
[ "$status" -eq 0 ] || { echo "test: a sanitizer suite failed"; exit 1; }
echo "suites: all passed ($([ "$with_asan" = 1 ] && echo "with" || echo "without") ASan+UBSan and the fuzzers)"
