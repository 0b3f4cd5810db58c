#!/usr/bin/env bash
# sweep.sh — TAP tests of `hifusim sweep` and `hifusim merge` without Slurm:
# configs/sensitivity_mets.ini (one-way) and a small grid, split over 1, 2
# and 3 tasks (and 2 MPI ranks), merged: byte-identical sweep.csv,
# tornado.csv and summary.json; bad [sweep] input exits 2 naming FILE:LINE;
# merge refuses incomplete or mixed task sets.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
set -u
HIFUSIM=${HIFUSIM:-build/hifusim}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { # ok STATUS NAME
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
same() { # same DIR_A DIR_B: the three tables are byte-identical
    cmp -s "$1/sweep.csv" "$2/sweep.csv" && cmp -s "$1/tornado.csv" "$2/tornado.csv" &&
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

echo "1..22"
"$HIFUSIM" sweep $cfg --out "$tmp/one" $R > "$tmp/stdout" 2> /dev/null
ok $? "one-process sweep of $cfg exits 0"
grep -q '^base power' "$tmp/stdout"; ok $? "headline printed"
[ "$(wc -l < "$tmp/one/sweep.csv")" -eq 16 ]; ok $? "sweep.csv: header + 15 points"
[ "$(wc -l < "$tmp/one/tornado.csv")" -eq 7 ]; ok $? "tornado.csv: header + 6 axes"
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
bad "bad eligibility cap" "axis.cap = cohort.mets.max : 5+" "not a level of mets"
"$HIFUSIM" sweep configs/default.ini --out "$tmp/bad" $R --quiet > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'no \[sweep\] axes' "$tmp/err"; ok $? "config without [sweep]: exit 2"
