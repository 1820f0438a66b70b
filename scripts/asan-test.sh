#!/usr/bin/env bash
# Runs the unit tests and the integration suite against the AddressSanitizer + UndefinedBehavior-
# Sanitizer build (make asan-test). Every process writes its reports to one folder; any report
# fails the run, whatever the tests said: a use after free, an overflow, undefined behaviour, or a
# leak in a server that shut down on SIGTERM. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-asan}"
reports="$(mktemp -d /tmp/muster-asan-XXXXXX)"
trap 'rm -rf "$reports"' EXIT
# halt_on_error: the first report ends the process (UBSan's checks are built not to recover).
# detect_leaks: LeakSanitizer runs when a process exits normally, so a server stopped with SIGTERM
# reports what it never freed; one killed with SIGKILL (the crash tests) reports nothing.
export ASAN_OPTIONS="log_path=$reports/asan:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:halt_on_error=1:print_stacktrace=1"
export MUSTER_SANITIZER=address  # tests that measure the server's memory skip only that measurement

status=0
(cd "$build" && timeout 900 ctest --output-on-failure --timeout 300) || status=$?
if [ "$status" -eq 0 ]; then
  (cd tests && MUSTER_BIN="$PWD/../$build/server/muster" timeout 1800 npm test --silent) || status=$?
fi

if compgen -G "$reports/*" > /dev/null; then
  echo "AddressSanitizer / UndefinedBehaviorSanitizer reports:"
  cat "$reports"/*
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "asan-test: failed (status $status)"
  exit "$status"
fi
echo "asan-test: unit and integration suites passed under ASan and UBSan, no reports"
