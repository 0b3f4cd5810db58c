#!/bin/sh
# bench/run.sh — hifusim against R's rpact on the validation.md reference
# design, in one run, reported as ratios. Usage: sh bench/run.sh [REPLICATES]
#   1. engine throughput on one core (bench_trial: every per-replicate analysis, no MPI/files)
#   2. rpact::getSimulationSurvival on the same design, when R and rpact are installed
#   3. `hifusim run` wall time on 1 and 2 ranks: parallel efficiency
#   4. peak RSS per rank at 10^6 replicates (HS_BENCH_RSS=0 skips it)
#   5. a 3-look group-sequential version (bench/reference_gsd.ini, HR 1, so that
#      almost every trial runs all three looks) against the same fixed design,
#      per replicate on one core (bench_gsd, target 1.3x), beside rpact's
#      getSimulationSurvival on both (bench/rpact_gsd.R); HS_BENCH_GSD=0 skips it
#   6. the default design (configs/default.ini) recording every non-proportional-
#      hazards test (also_test) against log-rank only, per replicate on one core
#      (bench_tests, target 1.5x); HS_BENCH_TESTS=0 skips it
set -eu
cd "$(dirname "$0")/.."
R=${1:-20000}
BUILD=${BUILD:-build}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cmake --build "$BUILD" -j 2 --target hifusim bench_trial bench_gsd bench_tests >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== engine, one core, $R replicates"
"$BUILD"/bench/bench_trial "$R" | tee "$tmp/hs.txt"
hs_us=$(sed -n 's/.*: \([0-9.]*\) us\/trial.*/\1/p' "$tmp/hs.txt")

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(rpact)' >/dev/null 2>&1; then
    echo "== rpact::getSimulationSurvival, $R replicates"
    Rscript bench/rpact_reference.R "$R" | tee "$tmp/rp.txt"
    rp_us=$(sed -n 's/.*: \([0-9.]*\) us\/trial.*/\1/p' "$tmp/rp.txt")
    awk -v a="$rp_us" -v b="$hs_us" 'BEGIN { printf "ratio: hifusim is %.1fx rpact'"'"'s throughput per core (target 10x)\n", a / b }'
else
    echo "== rpact: not installed (apt-get install r-base-core r-cran-rpact); no ratio"
fi

echo "== hifusim run, 1 and 2 ranks, 10*$R replicates (MPI start-up included)"
t() { s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
t1=$(t mpirun -n 1 "$BUILD"/hifusim run bench/reference.ini --quiet --no-report --replicates $((10 * R)) --out "$tmp/r1")
t2=$(t mpirun -n 2 "$BUILD"/hifusim run bench/reference.ini --quiet --no-report --replicates $((10 * R)) --out "$tmp/r2")
cmp -s "$tmp/r1/power.csv" "$tmp/r2/power.csv" && same=identical || same=DIFFERENT
awk -v a="$t1" -v b="$t2" -v s="$same" 'BEGIN { printf "1 rank %.2f s, 2 ranks %.2f s: parallel efficiency %.0f%% (target 90%%); results %s\n", a, b, 100 * a / (2 * b), s }'

if [ "${HS_BENCH_RSS:-1}" != 0 ]; then
    echo "== peak RSS per rank at 10^6 replicates (2 ranks)"
    /usr/bin/time -f "%M" -o "$tmp/rss" mpirun -n 2 "$BUILD"/hifusim run bench/reference.ini \
        --quiet --no-report --replicates 1000000 --out "$tmp/r3" >/dev/null 2>&1 || true
    # mpirun's own figure is the largest child's peak (ru_maxrss of the waited-for children)
    awk '{ printf "peak RSS %.1f MB (target 64 MB per rank)\n", $1 / 1024 }' "$tmp/rss"
fi

if [ "${HS_BENCH_GSD:-1}" != 0 ]; then
    echo "== group-sequential, 3 looks at 40/80/120 events, HR 1, vs the same fixed design; CPU time, $R replicates"
    "$BUILD"/bench/bench_gsd "$R" | tee "$tmp/gsd.txt"
    if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(rpact)' >/dev/null 2>&1; then
        Rscript bench/rpact_gsd.R "$R" | tee "$tmp/rpg.txt"
        hg=$(sed -n 's/.*group-sequential \([0-9.]*\) us\/trial.*/\1/p' "$tmp/gsd.txt")
        rg=$(sed -n 's/.*group-sequential \([0-9.]*\) us\/trial.*/\1/p' "$tmp/rpg.txt")
        awk -v a="$rg" -v b="$hg" 'BEGIN { printf "group-sequential: hifusim is %.1fx rpact'"'"'s throughput per core\n", a / b }'
    fi
fi

if [ "${HS_BENCH_TESTS:-1}" != 0 ]; then
    echo "== every NPH test recorded vs log-rank only, configs/default.ini; CPU time, $((R / 2)) replicates"
    "$BUILD"/bench/bench_tests $((R / 2))
fi
