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

# The whole test suite, through prove (the TAP harness). tests/lib.sh is
# sourced by the shell tests, not a test itself.
SHTESTS = $(filter-out tests/lib.sh,$(wildcard tests/*.sh))
test: build
	chmod +x $(SHTESTS)
	HIFUSIM=$(CURDIR)/$(BUILD)/hifusim HS_BUILD=$(CURDIR)/$(BUILD) \
	  prove --exec '' $(BUILD)/tests/*.t $(SHTESTS)

# The same suite built with AddressSanitizer + UndefinedBehaviorSanitizer.
# Open MPI does not free all it allocates in MPI_Init/MPI_Finalize, which
# LeakSanitizer would report in every MPI test: tests/lsan.supp suppresses
# leaks with a frame in Open MPI's libraries (explained there), and the full
# unwinder (fast_unwind_on_malloc=0) lets LeakSanitizer see those frames
# through Open MPI code built without frame pointers. Leak detection stays on
# for hifusim's own code.
test-asan:
	ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DHS_SANITIZE=ON"

# Speed against R's rpact, side by side (bench/README.md).
bench: build
	cmake --build $(BUILD) -j 2 --target bench_analysis bench_trial
	$(BUILD)/bench/bench_analysis
	sh bench/run.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz
