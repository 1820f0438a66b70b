#!/usr/bin/env bash
# Runs the unit tests and the integration suite against a ThreadSanitizer build (make tsan-test).
# Every process writes its reports to one folder; any report fails the run, whatever the tests
# said, so a race or a lock-order inversion is found here rather than by users. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-tsan}"
reports="$(mktemp -d /tmp/muster-tsan-XXXXXX)"
trap 'rm -rf "$reports"' EXIT
export TSAN_OPTIONS="log_path=$reports/report second_deadlock_stack=1 history_size=4"
export MUSTER_SANITIZER=thread  # tests that measure the server's memory skip only that measurement

status=0
(cd "$build" && timeout 600 ctest --output-on-failure --timeout 300) || status=$?
if [ "$status" -eq 0 ]; then
  (cd tests && MUSTER_BIN="$PWD/../$build/server/muster" timeout 1500 npm test --silent) || status=$?
fi

if compgen -G "$reports/report*" > /dev/null; then
  echo "ThreadSanitizer reports:"
  cat "$reports"/report*
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "tsan-test: failed (status $status)"
  exit "$status"
fi
echo "tsan-test: unit and integration suites passed under ThreadSanitizer, no reports"
