# The two commands that matter: `make run` and `make test`. Both set up a fresh Debian 12 machine
# (scripts/setup.sh installs what is missing), build, then run.
BUILD_DIR ?= build
TSAN_DIR  ?= build-tsan
ASAN_DIR  ?= build-asan
FUZZ_SECONDS ?= 60
WITH_ASAN ?= 1
MUSTER    := $(BUILD_DIR)/server/muster
DATA      ?= ./var
LISTEN    ?= 127.0.0.1:8080
export MUSTER_BIN := $(abspath $(MUSTER))

.PHONY: all setup configure server web build run test unit-test integration-test web-test e2e-test screens tsan-build tsan-test asan-build asan-test fuzz bench clean

all: build

setup:
	@bash scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

# The server and its unit tests; the benchmarks build when `make bench` runs them.
server: configure
	@ninja -C $(BUILD_DIR) muster muster_unit_tests

web: setup
	@cd web && npm run build --silent

build: server web

run: build
	$(MUSTER) serve --data $(DATA) --listen $(LISTEN) --web web/dist

unit-test: server
	@cd $(BUILD_DIR) && ctest --output-on-failure --timeout 120

integration-test: server
	@cd tests && npm test

web-test: setup
	@cd web && npm test --silent

e2e-test: build
	@cd web && MUSTER_E2E_REQUIRED=1 npm run e2e --silent

# Screenshots of the main screens in Arabic and English, phone and desktop, into docs/screens/
# (web/e2e/screens.spec.ts builds a company through the API, then captures; about two minutes).
# The old ones go first, so a screen that is no longer taken does not linger.
screens: build
	@rm -f docs/screens/*.png
	@cd web && MUSTER_SCREENS=$(abspath docs/screens) MUSTER_E2E_REQUIRED=1 npx playwright test e2e/screens.spec.ts

# The unit and integration suites again, built by clang with ThreadSanitizer and -Wthread-safety
# in a folder of their own (scripts/sanitizer-test.sh bounds the time and fails on any report).
tsan-build: setup
	@CC=clang CXX=clang++ cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMUSTER_TSAN=ON > /dev/null
	@ninja -C $(TSAN_DIR)

tsan-test: tsan-build
	@bash scripts/sanitizer-test.sh thread $(TSAN_DIR)

# One clang build with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage
# instrumentation serves both the suites below and the fuzz targets in fuzz/ (compiled once).
asan-build: setup
	@CC=clang CXX=clang++ cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMUSTER_ASAN=ON > /dev/null
	@ninja -C $(ASAN_DIR) muster muster_unit_tests fuzz_targets

# The unit and integration suites under ASan+UBSan; any sanitizer report fails (scripts/sanitizer-test.sh).
asan-test: asan-build
	@bash scripts/sanitizer-test.sh address $(ASAN_DIR)

# Each libFuzzer target for FUZZ_SECONDS (60 by default), two at a time; crashing inputs are kept
# in $(ASAN_DIR)/fuzz-crashes/ (scripts/fuzz.sh).
fuzz: asan-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh $(ASAN_DIR)

# Every level: the release suites, then the same suites under ThreadSanitizer and under
# ASan+UBSan, and the fuzzers (WITH_ASAN=0 leaves out the last two). scripts/test-all.sh overlaps
# them on two cores.
test: build
	@BUILD_DIR=$(BUILD_DIR) TSAN_DIR=$(TSAN_DIR) ASAN_DIR=$(ASAN_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) WITH_ASAN=$(WITH_ASAN) bash scripts/test-all.sh

bench: build
	@bash bench/run.sh && bash bench/run-store.sh && bash bench/run-realtime.sh && bash bench/run-retention.sh && bash bench/run-governance.sh && bash bench/run-files.sh && bash bench/run-attention.sh && bash bench/run-web.sh

clean:
	rm -rf $(BUILD_DIR) $(TSAN_DIR) $(ASAN_DIR) web/dist
