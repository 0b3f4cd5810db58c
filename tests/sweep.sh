#!/usr/bin/env bash
# sweep.sh — TAP tests of `hifusim sweep` and `hifusim merge` without Slurm:
# configs/sensitivity_mets.ini (one-way) and a small grid, split over 1, 2
# and 3 tasks (and 2 MPI ranks), merged: byte-identical sweep.csv,
# tornado.csv and summary.json; bad [sweep] input exits 2 naming FILE:LINE;
# merge refuses incomplete or mixed task sets. --target-power (tests/sweep/target.ini,
# an HR axis): the N columns exist, N grows as the effect weakens, equals
# `hifusim plan` at that point, and is byte-identical over splits and ranks.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
same() { # same DIR_A DIR_B: the four tables are byte-identical
    cmp -s "$1/sweep.csv" "$2/sweep.csv" && cmp -s "$1/tornado.csv" "$2/tornado.csv" &&
        cmp -s "$1/sweep_wide.csv" "$2/sweep_wide.csv" &&
        cmp -s "$1/summary.json" "$2/summary.json"
}
split() { # split CONFIG OUT T [options]: run tasks 0..T-1 then merge
    local cfg=$1 out=$2 T=$3 k
    shift 3
    for ((k = 0; k < T; k++)); do
        "$HIFUSIM" sweep "$cfg" --out "$out" --task $k --tasks $T --quiet "$@" || return 1
    done
    "$HIFUSIM" merge "$out" --quiet
}
R="--replicates 150"
cfg=configs/sensitivity_mets.ini

plan 41
"$HIFUSIM" sweep $cfg --out "$tmp/one" $R > "$tmp/stdout" 2> /dev/null
ok $? "one-process sweep of $cfg exits 0"
grep -q '^base power' "$tmp/stdout"; ok $? "headline printed"
[ "$(wc -l < "$tmp/one/sweep.csv")" -eq 16 ]; ok $? "sweep.csv: header + 15 points"
[ "$(wc -l < "$tmp/one/tornado.csv")" -eq 7 ]; ok $? "tornado.csv: header + 6 axes"
# sweep_wide.csv: one row per point, one column per axis, exp(log HR) beside effect axes
head -1 "$tmp/one/sweep_wide.csv" | grep -q '^point,mets4_effect,hr_mets4_effect,mets23_effect,hr_mets23_effect,mets_mix,hifu_x_mets4,hr_hifu_x_mets4,mets_cap,strata,n,'
ok $? "sweep_wide.csv header: axes in order, hr_AXIS beside the effect axes only"
[ "$(wc -l < "$tmp/one/sweep_wide.csv")" -eq 16 ] && grep -q '^2,0.9,2.4596,,,,,,,,240,' "$tmp/one/sweep_wide.csv"
ok $? "sweep_wide.csv: 15 points; mets4_effect 0.9 with HR 2.4596 = exp(0.9)"
grep -q '^note: control median moves from [0-9.]* to [0-9.]* months across axis mets4_effect' "$tmp/stdout"
ok $? "headline explains the control median moving over an effect axis"
for T in 2 3; do
    split $cfg "$tmp/s$T" $T $R; ok $? "split over $T tasks + merge exits 0"
    same "$tmp/one" "$tmp/s$T"; ok $? "$T tasks merged = one process, byte for byte"
done
mpirun --oversubscribe -n 2 "$HIFUSIM" sweep $cfg --out "$tmp/mpi" $R --quiet > /dev/null 2>&1
ok $? "2 MPI ranks exit 0"
same "$tmp/one" "$tmp/mpi"; ok $? "2 ranks = 1 rank, byte for byte"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_COUNT=3 \
    "$HIFUSIM" sweep $cfg --out "$tmp/env" $R --quiet
[ -f "$tmp/env/tasks/task-1-of-3/part.csv" ] && cmp -s "$tmp/env/tasks/task-1-of-3/part.csv" "$tmp/s3/tasks/task-1-of-3/part.csv"
ok $? "SLURM_ARRAY_TASK_ID 2 of --array=1-3 is task 1 of 3"

# a small grid: 2 x 2 points
sed -e '/^\[sweep\]/,$d' $cfg > "$tmp/grid.ini"
cat >> "$tmp/grid.ini" <<'EOF'
[sweep]
design = grid
axis.mets4 = arm.chemo.mets.4+, arm.hifu_chemo.mets.4+ : 0.3 | 0.9
axis.n     = design.n : 200 | 300
EOF
"$HIFUSIM" sweep "$tmp/grid.ini" --out "$tmp/g1" $R --quiet; ok $? "grid sweep exits 0"
split "$tmp/grid.ini" "$tmp/g3" 3 $R; same "$tmp/g1" "$tmp/g3"; ok $? "grid: 3 tasks merged = one process"

# merge refuses incomplete and mixed sets
rm -rf "$tmp/s3/tasks/task-2-of-3"
"$HIFUSIM" merge "$tmp/s3" --out "$tmp/m" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'task 2 of 3 is missing' "$tmp/err"; ok $? "merge with a task missing: exit 2, names the task"
"$HIFUSIM" merge "$tmp/s3/tasks/task-0-of-3" "$tmp/s2/tasks/task-1-of-2" --out "$tmp/m" > /dev/null 2>&1
[ $? -eq 2 ]; ok $? "merge of tasks from different splits: exit 2"
[ ! -e "$tmp/m/sweep.csv" ]; ok $? "nothing written by a refused merge"

# bad input: exit 2 with FILE:LINE
bad() { # bad NAME SWEEP_LINES PATTERN
    sed -e '/^\[sweep\]/,$d' $cfg > "$tmp/bad.ini"
    printf '[sweep]\n%s\n' "$2" >> "$tmp/bad.ini"
    local line
    line=$(grep -n '^\[sweep\]' "$tmp/bad.ini" | cut -d: -f1)
    "$HIFUSIM" sweep "$tmp/bad.ini" --out "$tmp/bad" $R --quiet > /dev/null 2> "$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] && grep -q "^$tmp/bad.ini:$((line + 1)): .*$3" "$tmp/err" && [ ! -e "$tmp/bad/sweep.csv" ]
    ok $? "$1: exit 2, $tmp/bad.ini:$((line + 1)): ...$3 (rc $rc: $(head -c 160 "$tmp/err" | tr "\n" " "))"
}
bad "axis without ':'" "axis.x = design.n 100 | 200" "no ':'"
bad "unknown [sweep] key" "axes.x = design.n : 100" "unknown key 'axes.x'"
bad "value the config rejects" "axis.mix = cohort.mets : 1:0.5, 2-3:0.6, 4+:0.1" "axis mix = '1:0.5, 2-3:0.6, 4+:0.1'"
bad "unknown config key" "axis.x = design.nn : 1 | 2" "axis x"
bad "[sweep] target_power outside (0,1)" "target_power = 1.2" "target_power = '1.2': expected target powers strictly between 0 and 1"
bad "bad eligibility cap" "axis.cap = cohort.mets.max : 5+" "not a level of mets"
"$HIFUSIM" sweep configs/default.ini --out "$tmp/bad" $R --quiet > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'no \[sweep\] axes' "$tmp/err"; ok $? "config without [sweep]: exit 2"

# --target-power: per-point N from the plan search (tests/sweep/target.ini)
tc=tests/sweep/target.ini
"$HIFUSIM" sweep $tc --out "$tmp/t1" --no-report > "$tmp/tstdout" 2> /dev/null
ok $? "sweep $tc with [sweep] target_power exits 0"
head -1 "$tmp/t1/sweep.csv" | grep -q ',n_target_0.8,n_target_0.8_mc_low,n_target_0.8_mc_high$'
ok $? "sweep.csv has n_target_0.8 and its Monte Carlo interval"
head -1 "$tmp/t1/tornado.csv" | grep -q ',n_target_0.8_base,n_target_0.8_at_first,n_target_0.8_at_last$'
ok $? "tornado.csv has the N at base, first and last value"
col() { # col FILE NAME ROW: the field NAME of data row ROW (1-based)
    awk -F, -v name="$2" -v row="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i }
        NR == row + 1 { print $c }' "$1"
}
nb=$(col "$tmp/t1/sweep.csv" n_target_0.8 1)
n5=$(col "$tmp/t1/sweep.csv" n_target_0.8 2)
n7=$(col "$tmp/t1/sweep.csv" n_target_0.8 3)
[ -n "$nb" ] && [ -n "$n5" ] && [ -n "$n7" ] && [ "$n5" -lt "$nb" ] && [ "$nb" -lt "$n7" ]
ok $? "N for power 0.8 grows as the effect weakens: HR 0.5 $n5 < 0.6 $nb < 0.7 $n7"
[ "$(col "$tmp/t1/tornado.csv" n_target_0.8_at_first 1),$(col "$tmp/t1/tornado.csv" n_target_0.8_at_last 1)" = "$n5,$n7" ]
ok $? "tornado.csv N at first and last value = the points' N"
grep -q "^power 0.8: base N = $nb " "$tmp/tstdout"; ok $? "headline gives the base N"
"$HIFUSIM" plan $tc --set arm.trt.hr=0.7 --out "$tmp/p7" --quiet --no-report > /dev/null 2>&1
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["targets"][0]; print(t["recommended_n"])' \
    "$tmp/p7/plan.json" > "$tmp/p7n" 2> /dev/null
[ "$(cat "$tmp/p7n")" = "$n7" ]; ok $? "point HR 0.7: N $n7 = hifusim plan --set arm.trt.hr=0.7 ($(cat "$tmp/p7n"))"
split $tc "$tmp/t2" 2 --no-report; ok $? "target sweep split over 2 tasks + merge exits 0"
same "$tmp/t1" "$tmp/t2"; ok $? "target sweep: 2 tasks merged = one process, byte for byte"
mpirun --oversubscribe -n 2 "$HIFUSIM" sweep $tc --out "$tmp/tmpi" --quiet --no-report > /dev/null 2>&1
same "$tmp/t1" "$tmp/tmpi"; ok $? "target sweep: 2 ranks = 1 rank, byte for byte"
"$HIFUSIM" sweep $tc --out "$tmp/t3" --target-power 0.7,0.9 --quiet --no-report > /dev/null 2>&1 &&
    head -1 "$tmp/t3/sweep.csv" | grep -q ',n_target_0.7,n_target_0.7_mc_low,n_target_0.7_mc_high,n_target_0.9,n_target_0.9_mc_low,n_target_0.9_mc_high$' &&
    [ "$(col "$tmp/t3/sweep.csv" n_target_0.7 1)" -lt "$(col "$tmp/t3/sweep.csv" n_target_0.9 1)" ]
ok $? "--target-power 0.7,0.9 overrides [sweep] target_power: two N columns, N(0.7) < N(0.9)"
"$HIFUSIM" sweep $tc --out "$tmp/tmix" --task 0 --tasks 2 --quiet > /dev/null 2>&1
"$HIFUSIM" sweep $tc --out "$tmp/tmix" --task 1 --tasks 2 --target-power 0.9 --quiet > /dev/null 2>&1
"$HIFUSIM" merge "$tmp/tmix" --quiet > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'target-power' "$tmp/err" && [ ! -e "$tmp/tmix/sweep.csv" ]
ok $? "merge of tasks run with different target powers: exit 2"
for t in 1.5 0 "0.8,abc"; do
    "$HIFUSIM" sweep $tc --out "$tmp/tbad" --target-power "$t" --quiet > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && grep -q -- "--target-power $t: expected target powers strictly between 0 and 1" "$tmp/err" &&
        [ ! -e "$tmp/tbad/sweep.csv" ]
    ok $? "--target-power $t: exit 2 with a clear message (rc $rc: $(head -c 120 "$tmp/err" | tr "\n" " "))"
done
finish
