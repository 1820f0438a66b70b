#!/usr/bin/env bash
# Runs every libFuzzer target of the ASan+UBSan build (make fuzz) for FUZZ_SECONDS each (60 by
# default), FUZZ_JOBS at a time (2: one per core), starting from the seed corpora in
# fuzz/corpus/<target>/. New inputs go to <build>/fuzz-corpus/ so the repository stays as it is;
# a crash, a leak, a timeout or a sanitizer report fails the run and keeps the input that caused it
# in <build>/fuzz-crashes/ (replay: <build>/fuzz/<target> <file>).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build-asan}"
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-2}"
targets=(${FUZZ_TARGETS:-$(ls fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')})

crashes="$build/fuzz-crashes"
logs="$build/fuzz-logs"
mkdir -p "$crashes" "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_one() {
  local target="$1" bin="$build/fuzz/$1" work="$build/fuzz-corpus/$1" seeds="fuzz/corpus/$1"
  local dict="fuzz/dict/$1.dict" args=()
  mkdir -p "$work" "$seeds"
  [ -f "$dict" ] && args+=("-dict=$dict")
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: an input that makes memory
  # balloon is a bug too. The first folder receives new inputs, the seeds are only read.
  if timeout $((seconds + 120)) "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$crashes/$target-" "${args[@]}" "$work" "$seeds" \
      > "$logs/$target.log" 2>&1; then
    echo "fuzz: $target ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$target.log" | grep -o '[0-9]*$') runs in ${seconds}s)"
  else
    echo "fuzz: $target FAILED; the end of $logs/$target.log:"
    tail -n 60 "$logs/$target.log"
    return 1
  fi
}

status=0
running=0
for target in "${targets[@]}"; do
  [ -x "$build/fuzz/$target" ] || { echo "fuzz: $build/fuzz/$target is missing (make fuzz builds it)"; exit 1; }
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done

if [ "$status" -ne 0 ]; then
  echo "fuzz: failed; inputs kept in $crashes:"
  ls -l "$crashes"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each, no crash"
