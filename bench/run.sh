#!/bin/sh
# bench/run.sh — the figures of issue 18 (speed and scale) beside R's rpact on
# the validation.md reference design (bench/reference.ini), in one run, then a
# summary: one line per figure with its target, met or missed.
# Usage: sh bench/run.sh [REPLICATES]   (default 20000)
#   1. per core: bench_trial, lean (`outputs = power`: the deciding test only,
#      rpact's work; target 10x rpact) and full (the default analysis set;
#      target 5x), min and median of 5 repetitions in CPU time, beside
#      rpact::getSimulationSurvival (3 repetitions), when R and rpact are
#      installed; bench_trial's rejections are checked against `hifusim run`'s
#   2. `hifusim run` wall time on 1 and 2 ranks at 200,000 replicates, start-up
#      included, lean and full: parallel efficiency (target 95%); the results
#      of 1 and 2 ranks must be identical. HS_BENCH_PAR_REPS repetitions
#      (default 3; min and median). Open MPI's start-up settings are the
#      jobs' (jobs/run.sbatch's mpi-env block, one node), printed;
#      HS_BENCH_MPI_ENV=0 keeps Open MPI's defaults
#   3./4. reduction and scaling model: sh bench/scaling.sh (HS_BENCH_SCALE=0 skips)
#   5. peak RSS per rank at 10^7 replicates on 2 ranks, full analysis set
#      (HS_BENCH_RSS_REPS changes the count, HS_BENCH_RSS=0 skips; a few
#      minutes), from manifest.json and /usr/bin/time (target 64 MB); the
#      checkpoint's size against the accumulators' (manifest.json)
#   6. a 3-look group-sequential version (bench/reference_gsd.ini, HR 1, so that
#      almost every trial runs all three looks) against the same fixed design,
#      per replicate on one core (bench_gsd, target 1.3x), beside rpact's
#      getSimulationSurvival on both (bench/rpact_gsd.R); HS_BENCH_GSD=0 skips it
#   7. the default design (configs/default.ini) recording every non-proportional-
#      hazards test (also_test) against log-rank only, per replicate on one core
#      (bench_tests, target 1.5x); HS_BENCH_TESTS=0 skips it
set -eu
cd "$(dirname "$0")/.."
R=${1:-20000}
BUILD=${BUILD:-build}
PR=200000
NPAR=${HS_BENCH_PAR_REPS:-3}
RSSR=${HS_BENCH_RSS_REPS:-10000000}
export BUILD OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cmake --build "$BUILD" -j 2 --target hifusim bench_trial bench_gsd bench_tests >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sum=$tmp/summary
: >"$sum"

# verdict VALUE TARGET le|ge: met or missed (missed when VALUE is not a number)
verdict() {
    awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN {
        if (v !~ /^[0-9.]+$/) { print "missed"; exit }
        print ((d == "ge" ? v + 0 >= t + 0 : v + 0 <= t + 0) ? "met" : "missed") }'
}
# stats: "MIN MEDIAN" of the numbers on stdin, one a line
stats() {
    sort -n | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m }'
}
# secs CMD...: wall seconds of CMD (stdout and stderr discarded); fails as CMD
secs() {
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || return 1
    e=$(date +%s.%N)
    awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'
}
# field FILE KEY: a number of manifest.json, or n/a
field() {
    v=$(sed -n 's/^ *"'"$2"'": *\([0-9.eE+-]*\),*$/\1/p' "$1" 2>/dev/null | head -n 1)
    echo "${v:-n/a}"
}
run() { # NP OUT REPLICATES [ARGS...]
    np=$1 out=$2 n=$3
    shift 3
    mpirun -n "$np" "$BUILD"/hifusim run bench/reference.ini --quiet --no-report \
        --replicates "$n" --out "$out" "$@"
}
# the load average against the CPUs: a loaded machine slows the 2-rank run
# most (ranks wait for a CPU), so the parallel figure is then not the code's
load() {
    awk -v n="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)" '{
        printf "load average %s on %d CPUs%s\n", $1, n, ($1 + 0 > 0.5 ? " (loaded: the wall-time figures of 2 are pessimistic)" : "") }' /proc/loadavg 2>/dev/null || echo "load average unknown"
}
have_rpact() { command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(rpact)' >/dev/null 2>&1; }

echo "== $(load)"
echo "before: $(load)" >>"$sum"
echo "== 1. per core: engine (bench_trial), $R replicates x 5 repetitions"
"$BUILD"/bench/bench_trial "$R" 5 | tee "$tmp/hs.txt"
us() { sed -n "s/.*$1: \([0-9.]*\) us\/trial (min; median \([0-9.]*\)).*/\1 \2/p" "$2"; }
rej() { sed -n "s/.*$1: .*(rejections \([0-9]*\) of.*/\1/p" "$tmp/hs.txt"; }
jl=$(rej 'lean (outputs = power)') jf=$(rej full)
lean=$(us 'lean (outputs = power)' "$tmp/hs.txt")
full=$(us 'full' "$tmp/hs.txt")
run 1 "$tmp/r0" "$R" --set analysis.outputs=power >/dev/null 2>&1 || true
rrun=$(cut -d, -f4 "$tmp/r0/power.csv" 2>/dev/null | tail -n 1)
if [ -n "$rrun" ] && [ "$rrun" = "$jl" ] && [ "$rrun" = "$jf" ]; then
    echo "check: bench_trial's rejections (lean and full) equal \`hifusim run --replicates $R\`'s: $rrun"
else
    echo "check: bench_trial's rejections (lean $jl, full $jf) DIFFER from \`hifusim run --replicates $R\`'s (${rrun:-no result})"
fi
if have_rpact; then
    echo "== 1. per core: rpact::getSimulationSurvival, $R replicates x 3 repetitions"
    Rscript bench/rpact_reference.R "$R" 3 | tee "$tmp/rp.txt"
    rp=$(us rpact "$tmp/rp.txt")
    # ratios of the minima (of the medians in brackets)
    rl=$(echo "$rp $lean" | awk '{ printf "%.2f %.2f", $1 / $3, $2 / $4 }')
    rf=$(echo "$rp $full" | awk '{ printf "%.2f %.2f", $1 / $3, $2 / $4 }')
    [ "$R" -ge 20000 ] || echo "note: below 20000 replicates rpact's fixed cost per call inflates its time per trial (and the ratios)"
    echo "$rl $rf" | awk '{ printf "per core: lean hifusim is %sx rpact (target 10x); full is %sx (target 5x)   [medians: %sx, %sx]\n", $1, $3, $2, $4 }'
    l=${rl%% *} f=${rf%% *}
    echo "1. per core, lean (outputs = power) vs rpact: ${l}x (${lean%% *} vs ${rp%% *} us/trial CPU, min of 5/3) | target >= 10x | $(verdict "$l" 10 ge)" >>"$sum"
    echo "1. per core, full analysis set vs rpact: ${f}x (${full%% *} us/trial) | target >= 5x | $(verdict "$f" 5 ge)" >>"$sum"
else
    echo "== rpact: not installed (apt-get install r-base-core r-cran-rpact); no ratio"
    echo "1. per core: lean ${lean%% *}, full ${full%% *} us/trial; rpact not installed | target 10x / 5x rpact | n/a" >>"$sum"
fi

echo "== 2. parallel: hifusim run, 1 and 2 ranks, $PR replicates, start-up included, $NPAR repetitions"
# Open MPI's start-up settings as the jobs make them (jobs/run.sbatch's
# mpi-env block, for one node), in a subshell: items 3-7 keep the caller's
# environment. HS_BENCH_MPI_ENV=0: Open MPI's own defaults, for comparison.
(
if [ "${HS_BENCH_MPI_ENV:-1}" != 0 ]; then
    eval "$(sed -n '/^# >>> mpi-env/,/^# <<< mpi-env/p' jobs/run.sbatch)"
    HS_NODES=1 # read by hs_mpi_env (eval above)
    export HS_NODES
    hs_mpi_env >"$tmp/mpienv" # not in a pipe: its exports must stay here
    sed 's/^/settings (as jobs\/run.sbatch on one node): /' "$tmp/mpienv"
    mpienv="jobs' Open MPI settings"
else
    echo "settings: Open MPI's defaults (HS_BENCH_MPI_ENV=0)"
    mpienv="Open MPI defaults"
fi
for mode in lean full; do
    set --
    [ "$mode" = lean ] && set -- --set analysis.outputs=power
    : >"$tmp/t1" && : >"$tmp/t2"
    i=0
    while [ "$i" -lt "$NPAR" ]; do
        rm -rf "$tmp/p1" "$tmp/p2"
        secs run 1 "$tmp/p1" "$PR" "$@" >>"$tmp/t1" || echo "$mode: 1-rank run failed"
        secs run 2 "$tmp/p2" "$PR" "$@" >>"$tmp/t2" || echo "$mode: 2-rank run failed"
        i=$((i + 1))
    done
    same=identical
    for f in power.csv estimates.csv hist.csv km_bands.csv summary.json; do
        cmp -s "$tmp/p1/$f" "$tmp/p2/$f" || same="DIFFERENT ($f)"
    done
    a=$(stats <"$tmp/t1") b=$(stats <"$tmp/t2")
    eff=$(echo "$a $b" | awk 'NF == 4 { printf "%.0f %.0f", 100 * $1 / (2 * $3), 100 * $2 / (2 * $4) }')
    echo "$a $b $eff" | awk -v m="$mode" -v s="$same" 'NF == 6 {
        printf "%s: 1 rank %.2f s, 2 ranks %.2f s (min): parallel efficiency %s%% (target 95%%; medians %.2f, %.2f s: %s%%); results %s\n",
            m, $1, $3, $5, $2, $4, $6, s }'
    e=${eff%% *}
    echo "2. parallel efficiency 1 -> 2 ranks, $PR replicates, $mode: ${e:-n/a}% (min of $NPAR; $mpienv); results $same | target >= 95% | $(verdict "${e:-x}" 95 ge)" >>"$sum"
done
)

if [ "${HS_BENCH_SCALE:-1}" = 0 ]; then
    echo "3./4. reduction and scaling model: skipped (HS_BENCH_SCALE=0)" >>"$sum"
elif [ -f bench/scaling.sh ]; then
    echo "== 3./4. reduction and scaling model: sh bench/scaling.sh"
    if sh bench/scaling.sh; then
        echo "3./4. reduction and scaling model: bench/scaling.sh's figures above | see there | -" >>"$sum"
    else
        echo "3./4. reduction and scaling model: bench/scaling.sh failed (exit $?) | - | missed" >>"$sum"
    fi
else
    echo "scaling: bench/scaling.sh missing"
    echo "3./4. reduction and scaling model: bench/scaling.sh missing | - | n/a" >>"$sum"
fi

if [ "${HS_BENCH_RSS:-1}" != 0 ]; then
    # a checkpoint about every quarter of the run (estimated from the full
    # engine's time per trial on 2 ranks), so that at least one is written
    every=$(echo "$full" | awk -v n="$RSSR" '{ e = n * $1 * 1e-6 / 2 / 4; printf "%.1f", e < 0.1 ? 0.1 : e }')
    echo "== 5. memory: peak RSS per rank, $RSSR replicates on 2 ranks, full analysis set, checkpoint every $every s"
    if /usr/bin/time -f "%M" -o "$tmp/rss" mpirun -n 2 "$BUILD"/hifusim run bench/reference.ini \
        --quiet --no-report --replicates "$RSSR" --checkpoint-every "$every" --out "$tmp/r5" >/dev/null 2>&1; then
        mb=$(field "$tmp/r5/manifest.json" peak_rss_mb_per_rank | awk '/^[0-9.]+$/ { printf "%.1f\n", $1; next } 1')
        tm=$(awk '{ printf "%.1f", $1 / 1024 }' "$tmp/rss" 2>/dev/null || echo n/a)
        ck=$(field "$tmp/r5/manifest.json" checkpoint_bytes)
        ac=$(field "$tmp/r5/manifest.json" accumulator_bytes)
        secs5=$(field "$tmp/r5/manifest.json" seconds | awk '/^[0-9.]+$/ { printf "%.1f\n", $1; next } 1')
        # /usr/bin/time's figure is the largest peak of mpirun and its children
        echo "peak RSS per rank $mb MB (manifest.json), $tm MB (/usr/bin/time, largest process) (target 64 MB); run $secs5 s"
        echo "checkpoint $ck bytes, accumulators $ac bytes (target: checkpoint <= accumulators)"
        echo "5. peak RSS per rank, $RSSR replicates, 2 ranks: $mb MB (/usr/bin/time $tm MB) | target <= 64 MB | $(verdict "$mb" 64 le)" >>"$sum"
        if [ "$ck" = n/a ] || [ "$ac" = n/a ]; then
            v=n/a
        else
            v=$(verdict "$ck" "$ac" le)
        fi
        echo "5. checkpoint $ck bytes vs accumulators $ac bytes | checkpoint <= accumulators | $v" >>"$sum"
    else
        echo "the $RSSR-replicate run failed"
        echo "5. peak RSS per rank: the $RSSR-replicate run failed | target <= 64 MB | missed" >>"$sum"
    fi
else
    echo "5. memory: skipped (HS_BENCH_RSS=0)" >>"$sum"
fi

if [ "${HS_BENCH_GSD:-1}" != 0 ]; then
    echo "== group-sequential, 3 looks at 40/80/120 events, HR 1, vs the same fixed design; CPU time, $R replicates"
    "$BUILD"/bench/bench_gsd "$R" | tee "$tmp/gsd.txt"
    g=$(sed -n 's/.*; ratio \([0-9.]*\)x.*/\1/p' "$tmp/gsd.txt")
    if have_rpact; then
        Rscript bench/rpact_gsd.R "$R" | tee "$tmp/rpg.txt"
        hg=$(sed -n 's/.*group-sequential \([0-9.]*\) us\/trial.*/\1/p' "$tmp/gsd.txt")
        rg=$(sed -n 's/.*group-sequential \([0-9.]*\) us\/trial.*/\1/p' "$tmp/rpg.txt")
        awk -v a="$rg" -v b="$hg" 'BEGIN { printf "group-sequential: hifusim is %.1fx rpact'"'"'s throughput per core\n", a / b }'
    fi
    echo "group-sequential (3 looks) vs fixed, CPU per trial: ${g:-n/a}x | target <= 1.3x | $(verdict "${g:-x}" 1.3 le)" >>"$sum"
fi

if [ "${HS_BENCH_TESTS:-1}" != 0 ]; then
    echo "== every NPH test recorded vs log-rank only, configs/default.ini; CPU time, $((R / 2)) replicates"
    "$BUILD"/bench/bench_tests $((R / 2)) | tee "$tmp/tests.txt"
    n=$(sed -n 's/.*; ratio \([0-9.]*\)x.*/\1/p' "$tmp/tests.txt")
    echo "every NPH test recorded vs log-rank only, CPU per trial: ${n:-n/a}x | target <= 1.5x | $(verdict "${n:-x}" 1.5 le)" >>"$sum"
fi

echo "after: $(load)" >>"$sum"
echo "== summary (figure | target | verdict)"
cat "$sum"
