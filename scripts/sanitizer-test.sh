#!/usr/bin/env bash
# Runs the unit tests and the integration suite against a sanitizer build:
#   scripts/sanitizer-test.sh thread  build-tsan   (make tsan-test: ThreadSanitizer)
#   scripts/sanitizer-test.sh address build-asan   (make asan-test: AddressSanitizer + UBSan)
# Every process writes its reports to one folder; any report fails the run, whatever the tests
# said: a race, a lock-order inversion, a use after free, an overflow, undefined behaviour, or a
# leak in a server that shut down on SIGTERM. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:?thread or address}"
build="${2:?build folder}"
reports="$(mktemp -d "/tmp/muster-$sanitizer-XXXXXX")"
trap 'rm -rf "$reports"' EXIT
case "$sanitizer" in
  thread)
    name="ThreadSanitizer"
    export TSAN_OPTIONS="log_path=$reports/tsan second_deadlock_stack=1 history_size=4"
    ;;
  address)
    name="AddressSanitizer / UndefinedBehaviorSanitizer"
    # halt_on_error: the first report ends the process (UBSan's checks are built not to recover).
    # detect_leaks: LeakSanitizer runs when a process exits normally, so a server stopped with
    # SIGTERM reports what it never freed; one killed with SIGKILL (the crash tests) reports nothing.
    export ASAN_OPTIONS="log_path=$reports/asan:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1"
    export UBSAN_OPTIONS="log_path=$reports/ubsan:halt_on_error=1:print_stacktrace=1"
    ;;
  *) echo "sanitizer-test: unknown sanitizer $sanitizer (thread or address)" >&2; exit 2 ;;
esac
export MUSTER_SANITIZER="$sanitizer"  # tests that measure the server's memory or rates skip only that

status=0
(cd "$build" && timeout 900 ctest --output-on-failure --timeout 300 -j2) || status=$?
if [ "$status" -eq 0 ]; then
  (cd tests && MUSTER_BIN="$PWD/../$build/server/muster" timeout 1800 npm test --silent) || status=$?
fi

if compgen -G "$reports/*" > /dev/null; then
  echo "$name reports:"
  cat "$reports"/*
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitizer-test ($sanitizer): failed (status $status)"
  exit "$status"
fi
echo "sanitizer-test: unit and integration suites passed under $name, no reports"
