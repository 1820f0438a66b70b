#!/usr/bin/env bash
# make test, after setup and the release build: every suite, one phase after another.
#   1. The release suites: unit, web unit, integration, end-to-end.
#   2. The TSan tree, then the unit and integration suites under it, while the ASan+UBSan tree
#      (with the fuzz targets) builds; then the same suites under ASan+UBSan. Each suite is mostly
#      one core (a sanitized server and node). Rates are not asserted under a sanitizer.
#   3. Each fuzz target for FUZZ_SECONDS, two at a time.
# Why phases, and no longer the sanitizer builds in the background of the release suites: the
# end-to-end suite keeps both cores busy with Chromium, and beside a compile, even at the lowest
# priority, it took 46.5 min in CI (figures in docs/operations.md, "Building").
# ccache (CMakeLists.txt) lets a fresh clone reuse what an earlier build compiled.
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
pids=()  # the sanitizer suites, each in a process group of its own: stopped with the script
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
phase "end-to-end suite"
(cd web && MUSTER_E2E_REQUIRED=1 npm run e2e --silent)

# The TSan suites start as soon as their tree is built, beside the ASan+UBSan build (from a cold
# compiler cache that build takes about 12 minutes of the two cores; no rate is asserted under a
# sanitizer); the ASan+UBSan suites follow it, beside what remains of the TSan ones.
phase "sanitizer builds and suites"
"${make[@]}" tsan-build
sanitizers=(thread)
[ "$with_asan" = 1 ] && sanitizers+=(address)
for s in "${sanitizers[@]}"; do
  dir="$tsan"
  if [ "$s" = address ]; then
    dir="$asan"
    "${make[@]}" asan-build
  fi
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
