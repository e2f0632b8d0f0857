# Sluice's front door. `make test` on a fresh Debian 12 installs what is missing, builds, and
# runs every test; `make demo` runs a whole pipeline; `make serve` builds and starts the server.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)

.PHONY: all deps configure build asan test unit-test asan-test integration-test serve demo bench fuzz clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

# Produces build/sluice.
build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Libraries and unit tests with AddressSanitizer and UndefinedBehaviorSanitizer, built by clang
# with libFuzzer coverage so that the same build also gives the fuzz targets (tests/fuzz).
$(ASAN_DIR)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSLUICE_SANITIZE=ON -DSLUICE_FUZZ=ON -DSLUICE_UNIT_TESTS_ONLY=ON

asan: deps $(ASAN_DIR)/build.ninja
	cmake --build $(ASAN_DIR) -j $(JOBS)

unit-test: build
	ctest --test-dir $(BUILD_DIR) -L unit --output-on-failure -j $(JOBS)

integration-test: build
	ctest --test-dir $(BUILD_DIR) -L integration --output-on-failure -j $(JOBS)

asan-test: asan
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS)

# Every test: the Release build (unit and integration tests), then the sanitizer build (unit
# tests again, and each fuzz target for a short run).
test: build asan
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS)

serve: build
	./$(BUILD_DIR)/sluice serve

# The main job: a whole pipeline (S3 upload, crawler, visual Glue job, Step Functions state
# machine) against a fresh server, checked against an independent computation.
demo: build
	/usr/bin/python3 scripts/demo --binary $(BUILD_DIR)/sluice

fuzz: asan
	ctest --test-dir $(ASAN_DIR) -L fuzz --output-on-failure

bench: build
	bench/run-all

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
