#!/usr/bin/env bash
# mpi_faults.sh — TAP: faults under MPI end the job quickly and cleanly.
#  (a) An input fault only one rank sees: an MPMD job whose two ranks run in
#      different working folders (mpirun -wdir), where the model file a
#      config names exists for one rank only (as when a node lacks a file).
#      Every rank must stop with exit 2, the failing rank's FILE:LINE message
#      appears exactly once, and no output folder is created. Both ways round.
#  (b) A rank killed mid-run: kill -9 rank 1 of an `mpirun -n 2` run that
#      checkpoints every round. The job must end within 20 s of the kill with
#      a non-zero exit and one message (mpirun's: which rank died, of what);
#      the checkpoint taken before the kill must still be usable: --resume
#      completes, and its result files are byte-identical to an
#      uninterrupted run's.
#  (c) Ranks that read different configs (design.md, "Ranks agree"): an
#      MPMD job whose ranks run c.ini in two folders holding different files
#      (or the same file with a --set on one rank only) stops with exit 2
#      before any replicate runs: one message naming both config hashes, no
#      output folder. Control: the same file in both folders runs.
# No test hook in the code is needed: the faults are made from outside.
# HIFUSIM = path of the binary (default build/hifusim). Needs mpirun.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
good=$HS_SRC/tests/bad-inputs/good
pids=()
at_exit 'for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done'
now() { date +%s.%N; }
elapsed_lt() { awk -v a="$1" -v b="$2" -v lim="$3" 'BEGIN { exit !(b - a < lim) }'; }
# Lines hifusim itself wrote (FILE:LINE: ..., hifusim: ...), not mpirun's banners.
own_lines() { grep -Ec '^([^ :]+:[0-9]+: |hifusim: |--[a-z])' "$1"; }

command -v mpirun > /dev/null || skip_all "mpirun not found"
plan 22

# ---------------------------------------------------------------- (a)
for bad in 1 0; do
    A=$tmp/a$bad/rank0 B=$tmp/a$bad/rank1
    mkdir -p "$A" "$B"
    cp "$good/cfgm.ini" "$A/cfg.ini"
    cp "$good/cfgm.ini" "$B/cfg.ini"
    ok_dir=$A
    [ $bad = 0 ] && ok_dir=$B
    mkdir -p "$ok_dir/models"
    cp "$good/models/chemo.ini" "$ok_dir/models/"
    t0=$(now)
    timeout 60 $MPIRUN -n 1 -wdir "$A" "$HIFUSIM" run cfg.ini --out out --quiet : \
        -n 1 -wdir "$B" "$HIFUSIM" run cfg.ini --out out --quiet > "$tmp/a.out" 2> "$tmp/a.err"
    rc=$?
    t1=$(now)
    [ $rc -ne 0 ] && [ $rc -ne 124 ] && elapsed_lt "$t0" "$t1" 20
    ok $? "(a) model file missing on rank $bad only: job ends with exit $rc (non-zero) in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s (< 20 s, no hang)"
    [ $rc = 2 ]
    ok $? "(a) rank $bad: exit code 2 (bad input)"
    msg="^cfg\\.ini:10: model file 'models/chemo\\.ini' not found"
    [ "$(grep -Ec "$msg" "$tmp/a.err")" = 1 ] && [ "$(own_lines "$tmp/a.err")" = 1 ]
    ok $? "(a) rank $bad: the FILE:LINE message appears exactly once, and nothing else from hifusim"
    grep -Ev '^-+$' "$tmp/a.err" | head -3 | sed 's/^/# /'
    [ ! -e "$A/out" ] && [ ! -e "$B/out" ] && [ ! -s "$tmp/a.out" ]
    ok $? "(a) rank $bad: no output folder created, nothing on stdout"
done

# ---------------------------------------------------------------- (b)
cfg=$tmp/b/cfg.ini
mkdir -p "$tmp/b"
cp "$good/cfg.ini" "$cfg"
R=300000  # ~8 s of work on 2 ranks: still running 1 s after the first checkpoint
run_args=(run "$cfg" --replicates "$R" --chunk 64 --quiet)
timeout 300 $MPIRUN -n 2 "$HIFUSIM" "${run_args[@]}" --checkpoint-every 0 --out "$tmp/b/killed" \
    > "$tmp/b.out" 2> "$tmp/b.err" &
tpid=$!
pids+=("$tpid")
# wait for a checkpoint, then one more second of work
for _ in $(seq 1 600); do
    [ -f "$tmp/b/killed/.checkpoint" ] && break
    kill -0 "$tpid" 2> /dev/null || break
    sleep 0.1
done
[ -f "$tmp/b/killed/.checkpoint" ]
ok $? "(b) a checkpoint was written before the kill"
sleep 1
victim=""
mp=$(pgrep -P "$tpid" | head -n 1)
for p in $(pgrep -P "${mp:-0}"); do
    r=$(tr '\0' '\n' < "/proc/$p/environ" 2> /dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
    [ "$r" = 1 ] && victim=$p
done
[ -n "$victim" ] && kill -9 "$victim"
ok $? "(b) killed rank 1 (pid ${victim:-none}) with SIGKILL while the job was running"
t0=$(now)
wait "$tpid"
rc=$?
t1=$(now)
[ $rc -ne 0 ] && [ $rc -ne 124 ] && elapsed_lt "$t0" "$t1" 20
ok $? "(b) the job ended $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s after the kill (< 20 s, no hang) with exit $rc (non-zero)"
grep -Eq 'rank 1 .*(signal 9|Killed)' "$tmp/b.err" && [ "$(own_lines "$tmp/b.err")" -le 1 ]
ok $? "(b) one clear message: mpirun names rank 1 and signal 9; no stray messages from hifusim"
grep -E 'rank 1|hifusim' "$tmp/b.err" | head -3 | sed 's/^/# /'
[ -f "$tmp/b/killed/.checkpoint" ] && [ ! -e "$tmp/b/killed/power.csv" ]
ok $? "(b) the checkpoint survives the kill, and no partial results were written"

timeout 300 $MPIRUN -n 2 "$HIFUSIM" "${run_args[@]}" --checkpoint-every 0 --out "$tmp/b/killed" --resume \
    > /dev/null 2> "$tmp/b.resume.err"
rc=$?
[ $rc = 0 ] && grep -q '"resumed": true' "$tmp/b/killed/manifest.json"
ok $? "(b) --resume from that checkpoint completes (exit $rc) and reports resumed = true"
timeout 300 $MPIRUN -n 2 "$HIFUSIM" "${run_args[@]}" --out "$tmp/b/ref" > /dev/null 2>&1
ok $? "(b) the uninterrupted reference run completes"
same=0
for f in summary.json power.csv km_bands.csv estimates.csv; do
    cmp -s "$tmp/b/killed/$f" "$tmp/b/ref/$f" || { same=1; echo "# $f differs"; }
done
ok $same "(b) killed + resumed results are byte-identical to the uninterrupted run (summary.json, power.csv, km_bands.csv, estimates.csv)"
# ---------------------------------------------------------------- (c)
C=$tmp/c
mkdir -p "$C/A" "$C/B" "$C/S"
cp "$good/cfg.ini" "$C/A/c.ini"
cp "$good/cfg.ini" "$C/S/c.ini"
sed 's/^hr = 0.7$/hr = 0.6/' "$good/cfg.ini" > "$C/B/c.ini"
cmp -s "$C/A/c.ini" "$C/B/c.ini" && echo "# the two configs do not differ: the case proves nothing"
mpmd() { # mpmd DIR_A DIR_B [ARGS for rank 1]: c.ini in each, output to OUT in each
    local a=$1 b=$2
    shift 2
    timeout 60 $MPIRUN -n 1 -wdir "$a" "$HIFUSIM" run c.ini --out out --quiet --no-report --replicates 40 : \
        -n 1 -wdir "$b" "$HIFUSIM" run c.ini --out out --quiet --no-report --replicates 40 "$@" \
        > "$tmp/c.out" 2> "$tmp/c.err"
}
mpmd "$C/A" "$C/B"
rc=$?
[ $rc = 2 ]
ok $? "(c) ranks read different files (mpirun -wdir A : -wdir B): exit $rc (want 2)"
msg='^c\.ini: the ranks read different configs: config hash [0-9a-f]{16} on rank 0, [0-9a-f]{16} on rank 1; expected'
[ "$(grep -Ec "$msg" "$tmp/c.err")" = 1 ] && [ "$(own_lines "$tmp/c.err")" = 0 ]
ok $? "(c) one message naming both config hashes, nothing else from hifusim"
grep -E 'ranks read|hifusim' "$tmp/c.err" | head -2 | sed 's/^/# /'
[ ! -e "$C/A/out" ] && [ ! -e "$C/B/out" ] && [ ! -s "$tmp/c.out" ]
ok $? "(c) nothing ran: no output folder, nothing on stdout"
mpmd "$C/A" "$C/S" --set design.n=130
rc=$?
[ $rc = 2 ] && grep -Eq "$msg" "$tmp/c.err" && [ ! -e "$C/A/out" ] && [ ! -e "$C/S/out" ]
ok $? "(c) same file, --set design.n=130 on rank 1 only: exit $rc (want 2), no output"
mpmd "$C/A" "$C/S"
rc=$?
[ $rc = 0 ] && [ -s "$C/A/out/power.csv" ]
ok $? "(c) control: the same config in two folders runs (exit $rc)"
timeout 60 $MPIRUN -n 2 "$HIFUSIM" run "$C/A/c.ini" --out "$C/three" --quiet --no-report --replicates 40 : \
    -n 1 "$HIFUSIM" run "$C/B/c.ini" --out "$C/three" --quiet --no-report --replicates 40 > /dev/null 2> "$tmp/c.err"
rc=$?
[ $rc = 2 ] && grep -Eq 'on rank 0, [0-9a-f]{16} on rank 2; ' "$tmp/c.err" && [ ! -e "$C/three" ]
ok $? "(c) 3 ranks, rank 2 reads another file: exit $rc (want 2), the message names rank 2"
finish
