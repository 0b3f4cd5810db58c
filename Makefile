# Thin wrapper over CMake. The README's two commands use `demo` and `test`.
BUILD   ?= build
RANKS   ?= 2
CONFIG  ?= configs/default.ini
MPIRUN  ?= mpirun --oversubscribe -n $(RANKS)
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1
export OMPI_MCA_rmaps_base_oversubscribe := 1

.PHONY: all build demo test test-asan bench clean

all: build

CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j 2

# The main job on the default config.
demo: build
	$(MPIRUN) $(BUILD)/hifusim run $(CONFIG)

# The whole test suite, through prove (the TAP harness).
test: build
	chmod +x tests/*.sh
	HIFUSIM=$(CURDIR)/$(BUILD)/hifusim HS_BUILD=$(CURDIR)/$(BUILD) \
	  prove --exec '' $(BUILD)/tests/*.t tests/*.sh

# The same suite built with AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DHS_SANITIZE=ON"

# Speed against R's rpact, side by side (bench/README.md).
bench: build
	cmake --build $(BUILD) -j 2 --target bench_analysis bench_trial
	$(BUILD)/bench/bench_analysis
	sh bench/run.sh

clean:
	rm -rf $(BUILD) build-asan
