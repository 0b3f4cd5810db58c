#!/usr/bin/env bash
# signals.sh — TAP: hifusim's exit codes after SIGTERM, SIGINT and SIGUSR1
# (signals.h): 3 only when a checkpoint was saved; 128 + the signal when a
# command stopped without one (plan); the handlers are installed before MPI
# starts and before the config is read, so an early signal is not lost.
# mpirun's own exit code when it is signalled is measured and printed as a
# diagnostic (Open MPI 4.1: SIGTERM/SIGINT -> the ranks checkpoint, mpirun
# exits 1; SIGUSR1 is forwarded and mpirun exits 3), and the checkpoint it
# leaves is checked: job scripts decide "resume" from that file.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
plan 10
cfg=tests/bad-inputs/good/cfg.ini
pcfg=tests/plan/exp.ini
# enough replicates that the search runs ~20 s, long past the signal at 1.5 s
# (with the fixture's own counts it could finish first on a fast machine)
plong=(--set plan.replicates_coarse=20000 --set plan.replicates_fine=50000)
bg=
at_exit '[ -n "$bg" ] && kill -9 "$bg" 2> /dev/null'
# CMD run with SIGINT and SIGTERM at their defaults (a background job of a
# script starts with SIGINT ignored); python3 execs CMD, so $! is CMD.
DFLT=(python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])')
caught() { # caught PID SIG: the process has a handler for signal SIG
    local mask
    mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2> /dev/null)
    [ -n "$mask" ] && (((16#$mask >> ($2 - 1)) & 1))
}
# [WAITFILE=F] sig_after DELAY SIG OUT CMD...: start CMD, send SIG DELAY s after
# CMD has a handler for it (0: at once), wait; sets rc.
sig_after() {
    local d=$1 s=$2 o=$3 k
    shift 3
    "${DFLT[@]}" "$@" > "$o.out" 2> "$o.err" &
    bg=$!
    # wait until python3 has exec'd CMD and CMD has a handler for SIG
    for ((k = 0; k < 20000; k++)); do
        case $(readlink "/proc/$bg/exe" 2> /dev/null) in *python*) ;; *) caught $bg "$(kill -l "$s")" && break ;; esac
        kill -0 $bg 2> /dev/null || break
        sleep 0.001
    done
    # and, if WAITFILE is set, until that file exists (the ranks are computing)
    for ((k = 0; k < 1200; k++)); do
        [ -z "${WAITFILE:-}" ] || [ -e "$WAITFILE" ] || ! kill -0 $bg 2> /dev/null && break
        sleep 0.05
    done
    [ "$d" = 0 ] || sleep "$d"
    kill -"$s" $bg 2> /dev/null
    wait $bg
    rc=$?
    bg=
}

# ---- plan saves no checkpoint: never 3
sig_after 1.5 TERM "$tmp/pt" "$HIFUSIM" plan $pcfg --out "$tmp/pt" --quiet "${plong[@]}"
[ $rc -eq 143 ] && [ ! -e "$tmp/pt/.checkpoint" ] && grep -q 'stopped without a checkpoint' "$tmp/pt.err"
ok $? "plan, SIGTERM mid-search: exit 143 (128 + 15), no checkpoint (got $rc)"
sig_after 1.5 INT "$tmp/pi" "$HIFUSIM" plan $pcfg --out "$tmp/pi" --quiet "${plong[@]}"
[ $rc -eq 130 ] && [ ! -e "$tmp/pi/.checkpoint" ]
ok $? "plan, SIGINT mid-search: exit 130 (128 + 2), no checkpoint (got $rc)"
sig_after 1.5 USR1 "$tmp/pu" "$HIFUSIM" plan $pcfg --out "$tmp/pu" --quiet "${plong[@]}"
[ $rc -eq 138 ] && [ ! -e "$tmp/pu/.checkpoint" ]
ok $? "plan, SIGUSR1 mid-search: exit 138 (128 + 10), no checkpoint (got $rc)"

# ---- run: an early signal is held, then a checkpoint and exit 3
R=400000
sig_after 0 TERM "$tmp/re" "$HIFUSIM" run $cfg --out "$tmp/re" --replicates $R --quiet --no-report
[ $rc -eq 3 ] && [ -s "$tmp/re/.checkpoint" ] && grep -q 'checkpoint saved' "$tmp/re.err"
ok $? "run, SIGTERM as soon as the handler exists: checkpoint saved, exit 3 (got $rc)"
sig_after 0 INT "$tmp/ri" "$HIFUSIM" run $cfg --out "$tmp/ri" --replicates $R --quiet --no-report
[ $rc -eq 3 ] && [ -s "$tmp/ri/.checkpoint" ]
ok $? "run, SIGINT as soon as the handler exists: checkpoint saved, exit 3 (got $rc)"
if command -v strace > /dev/null; then
    # the handler must exist before MPI starts and before the config is read
    strace -o "$tmp/trace" -e trace=rt_sigaction,openat "$HIFUSIM" run $cfg --out "$tmp/st" \
        --replicates 20 --quiet --no-report > /dev/null 2>&1
    first_term=$(grep -n 'rt_sigaction(SIGTERM, {sa_handler=0x' "$tmp/trace" | head -n 1 | cut -d: -f1)
    first_cfg=$(grep -n "openat(.*cfg\\.ini\"" "$tmp/trace" | head -n 1 | cut -d: -f1)
    first_mpi=$(grep -n 'openat(.*\(/dev/shm\|openmpi/mca_\|pmix\)' "$tmp/trace" | head -n 1 | cut -d: -f1)
    [ -n "$first_term" ] && [ -n "$first_cfg" ] && [ "$first_term" -lt "$first_cfg" ] &&
        { [ -z "$first_mpi" ] || [ "$first_term" -lt "$first_mpi" ]; }
    ok $? "strace: SIGTERM handler installed (line ${first_term:-none}) before MPI starts (${first_mpi:-?}) and the config is read (${first_cfg:-none})"
else
    skip "strace not installed"
fi
# a run that ends normally is not affected by the handlers
"$HIFUSIM" run $cfg --out "$tmp/ok" --replicates 50 --quiet --no-report > /dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/ok/power.csv" ] && [ ! -e "$tmp/ok/.checkpoint" ]
ok $? "an unsignalled run exits 0 without a checkpoint (got $rc)"

# ---- under mpirun: the ranks save the checkpoint; mpirun's own code is its own
for s in TERM INT USR1; do
    WAITFILE=$tmp/m$s/.checkpoint sig_after 0.3 $s "$tmp/m$s" mpirun --oversubscribe -n 2 "$HIFUSIM" run $cfg \
        --out "$tmp/m$s" --replicates 400000 --checkpoint-every 0 --chunk 64 --quiet --no-report
    diag "mpirun -n 2 sent SIG$s mid-run: mpirun exit $rc; ranks: $(grep -h 'signal received' "$tmp/m$s.err" | head -n 1)"
    [ -s "$tmp/m$s/.checkpoint" ] && grep -q 'checkpoint saved' "$tmp/m$s.err" && [ ! -e "$tmp/m$s/power.csv" ]
    ok $? "SIG$s to mpirun mid-run: the ranks save a checkpoint and say so, no results (mpirun exit $rc)"
done
finish
