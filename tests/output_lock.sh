#!/usr/bin/env bash
# output_lock.sh — TAP tests of design.md "One writer per results folder"
# (issue 12 items 9, 10, 12, 13):
#   - two concurrent runs into one folder: exactly one exits 0, the other 2
#     naming the holder (command, pid, host, start time), and the folder
#     holds exactly the winner's results (10 tries);
#   - under mpirun, a busy folder stops every rank with exit 2;
#   - a holder killed with SIGKILL leaves no stale lock, and its staging
#     folder is removed by the next holder;
#   - summary.json being a folder: exit 1, the folder unchanged byte for byte;
#   - the plot set is replaced as a whole (no plot of an earlier N grid after
#     a single-N run; no run file after a plan into the same folder);
#   - `report` after a zero-event run gives the run's outcome (exit 0, the
#     same plots);
#   - a report on a full disk (small tmpfs): nonzero exit and the folder as
#     it was, or exit 0 and every drawing complete; never a truncated PNG;
#   - a Slurm log open in the folder survives the swap and its descriptor
#     still writes into the folder's file;
#   - without RENAME_EXCHANGE (a shim makes renameat2 fail) the fallback
#     swap still replaces the file set as a whole;
#   - .checkpoint.tmp of a killed save is gone after a successful resume.
# HIFUSIM = path of the binary (default build/hifusim). Exit status: the
# number of failed tests (0 when all pass).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
mnt=
at_exit '[ -z "$mnt" ] || umount "$mnt" 2> /dev/null'
cfg=tests/bad-inputs/good/cfg.ini
plan 26
# every file (path, mode, checksum) and every folder of DIR, for byte-for-byte comparison
snapshot() { (cd "$1" && find . -printf '%y %m %p\n' | sort && find . -type f -exec md5sum {} + | sort); }
results="estimates.csv hist.csv km_bands.csv power.csv summary.json methods.md headline.csv headline.md headline.rtf"
same_results() { # same_results DIR REF
    local f
    for f in $results; do cmp -s "$1/$f" "$2/$f" || { diag "$1/$f differs from $2/$f"; return 1; }; done
}
no_stage() { # no staging folder left beside DIR
    local f
    for f in "$(dirname "$1")/.$(basename "$1")".stage-* "$(dirname "$1")/.$(basename "$1")".old-*; do
        [ -e "$f" ] && return 1
    done
    return 0
}
have_gp=0
command -v gnuplot > /dev/null && have_gp=1

# ---- 1-10: two concurrent runs into one folder
R=20000
"$HIFUSIM" run $cfg --out "$tmp/ref1" --replicates $R --seed 1 --quiet --no-report > /dev/null 2>&1
"$HIFUSIM" run $cfg --out "$tmp/ref2" --replicates $R --seed 2 --quiet --no-report > /dev/null 2>&1
for i in $(seq 1 10); do
    d="$tmp/race$i"
    "$HIFUSIM" run $cfg --out "$d" --replicates $R --seed 1 --quiet --no-report > "$tmp/a.out" 2> "$tmp/a.err" &
    pa=$!
    "$HIFUSIM" run $cfg --out "$d" --replicates $R --seed 2 --quiet --no-report > "$tmp/b.out" 2> "$tmp/b.err" &
    pb=$!
    wait $pa; ra=$?
    wait $pb; rb=$?
    good=1
    if [ $ra -eq 0 ] && [ $rb -eq 2 ]; then
        win=ref1 lose=b
    elif [ $ra -eq 2 ] && [ $rb -eq 0 ]; then
        win=ref2 lose=a
    else
        diag "exit codes $ra and $rb"
        good=0
    fi
    if [ $good -eq 1 ]; then
        grep -q "is in use by hifusim run (pid [0-9]* on .*, since 20" "$tmp/$lose.err" ||
            { diag "refusal: $(cat "$tmp/$lose.err")"; good=0; }
        same_results "$d" "$tmp/$win" || good=0
        [ "$(ls -A "$d" | tr '\n' ' ')" = "estimates.csv headline.csv headline.md headline.rtf hist.csv km_bands.csv manifest.json methods.md power.csv summary.json " ] ||
            { diag "files: $(ls -A "$d" | tr '\n' ' ')"; good=0; }
        no_stage "$d" || good=0
    fi
    [ $good -eq 1 ]
    ok $? "race $i: one run exits 0, the other 2 naming the holder; the folder is the winner's run"
done

# ---- 11: under mpirun a busy folder stops every rank with exit 2
if command -v mpirun > /dev/null; then
    d="$tmp/mpi"
    "$HIFUSIM" run $cfg --out "$d" --replicates 200000 --quiet --no-report > /dev/null 2>&1 &
    holder=$!
    for _ in $(seq 1 50); do [ -s "$d/.lock" ] && break; sleep 0.1; done
    timeout 120 mpirun -n 2 "$HIFUSIM" run $cfg --out "$d" --replicates 100 --quiet > /dev/null 2> "$tmp/mpi.err"
    rc=$?
    kill $holder 2> /dev/null
    wait $holder 2> /dev/null
    [ $rc -eq 2 ] && grep -q "is in use by hifusim run" "$tmp/mpi.err"
    ok $? "mpirun -n 2 into a busy folder: exit 2 on every rank, with the holder named (rc $rc)"
else
    skip "mpirun not installed"
fi

# ---- 12-13: a killed holder leaves no stale lock; its staging folder is cleaned
d="$tmp/killed"
"$HIFUSIM" run $cfg --out "$d" --replicates 200000 --quiet --no-report > /dev/null 2>&1 &
holder=$!
for _ in $(seq 1 50); do [ -s "$d/.lock" ] && break; sleep 0.1; done
no_stage "$d"
staged=$((1 - $?)) # 0 when the holder had its staging folder
kill -KILL $holder
wait $holder 2> /dev/null
"$HIFUSIM" run $cfg --out "$d" --replicates 50 --quiet --no-report > /dev/null 2>&1
ok $? "after the holder was killed (SIGKILL) a new run into the folder succeeds"
[ $staged -eq 0 ] && no_stage "$d"
ok $? "the dead holder's staging folder is removed by the next holder"

# ---- 14-15: a result name that cannot be replaced: nothing changes
d="$tmp/sdir"
"$HIFUSIM" run $cfg --out "$d" --replicates 50 --quiet --no-report > /dev/null 2>&1
rm "$d/summary.json" && mkdir "$d/summary.json" && echo keep > "$d/summary.json/x"
snapshot "$d" > "$tmp/before"
"$HIFUSIM" run $cfg --out "$d" --replicates 50 --set design.n=130 --quiet --no-report > /dev/null 2> "$tmp/sdir.err"
rc=$?
snapshot "$d" > "$tmp/after"
[ $rc -eq 1 ] && grep -q "summary.json" "$tmp/sdir.err"
ok $? "summary.json as a folder: exit 1 naming it (rc $rc)"
cmp -s "$tmp/before" "$tmp/after" && no_stage "$d"
ok $? "summary.json as a folder: the folder is unchanged byte for byte"

# ---- 16-19: plot sets replaced as a whole; report after run agrees with run
if [ $have_gp -eq 1 ]; then
    d="$tmp/plots"
    "$HIFUSIM" run $cfg --out "$d" --replicates 60 --set design.n=100,120 --quiet > /dev/null 2>&1
    [ -s "$d/plots/power_curve.svg" ] || diag "the N grid run drew no power curve"
    "$HIFUSIM" run $cfg --out "$d" --replicates 60 --quiet > /dev/null 2>&1
    "$HIFUSIM" run $cfg --out "$tmp/plots1" --replicates 60 --quiet > /dev/null 2>&1
    [ "$(ls "$d/plots")" = "$(ls "$tmp/plots1/plots")" ] && [ ! -e "$d/plots/power_curve.svg" ] && [ ! -e "$d/plots/power_curve.dat" ]
    ok $? "a single-N run after an N grid run leaves no plot of the grid"

    "$HIFUSIM" plan tests/plan/exp.ini --out "$d" --quiet > /dev/null 2>&1
    prc=$?
    [ $prc -eq 0 ] && [ -s "$d/plan.json" ] && [ ! -e "$d/power.csv" ] && [ ! -e "$d/summary.json" ] &&
        [ ! -e "$d/km_bands.csv" ] && [ ! -e "$d/plots/survival_control.svg" ]
    ok $? "a plan into a run's folder replaces the whole file set (rc $prc; no run file left)"

    d="$tmp/zero"
    # scale 10^5 months (the largest allowed): no event by month 36
    "$HIFUSIM" run $cfg --out "$d" --replicates 50 --set arm.chemo.scale=1e5 \
        --set design.analysis=calendar:36 --quiet > "$tmp/zero.out" 2> "$tmp/zero.err"
    rrc=$?
    np_run=$(sed -n 's/^report: .*(\([0-9]*\) plots).*/\1/p' "$tmp/zero.out")
    "$HIFUSIM" report "$d" > "$tmp/zrep.out" 2>&1
    rprc=$?
    np_rep=$(sed -n 's/^report with \([0-9]*\) plots.*/\1/p' "$tmp/zrep.out")
    [ $rrc -eq $rprc ] && [ -n "$np_run" ] && [ "$np_run" = "$np_rep" ]
    ok $? "zero-event design: run (exit $rrc, ${np_run:-?} plots) and report (exit $rprc, ${np_rep:-?} plots) agree"
    "$HIFUSIM" run $cfg --out "$d" --replicates 50 --set design.n=2 \
        --set design.analysis=calendar:36 --quiet > "$tmp/two.out" 2>&1
    rrc=$?
    "$HIFUSIM" report "$d" > /dev/null 2>&1
    rprc=$?
    [ $rrc -eq 0 ] && [ $rprc -eq 0 ]
    ok $? "N = 2 design: run and report both exit 0 (run $rrc, report $rprc)"
else
    for _ in 1 2 3 4; do skip "gnuplot is not installed"; done
fi

# ---- 20-22: full disk
complete_drawings() { # every SVG ends with </svg>, every PNG with IEND, no empty .dat
    local f
    for f in "$1"/plots/*.svg; do [ -e "$f" ] || continue; tail -c 20 "$f" | grep -q '</svg>' || return 1; done
    for f in "$1"/plots/*.png; do
        [ -e "$f" ] || continue
        [ "$(tail -c 12 "$f" | od -An -tx1 | tr -d ' \n')" = "0000000049454e44ae426082" ] || return 1
    done
    for f in "$1"/plots/*.dat; do [ -e "$f" ] || continue; [ -s "$f" ] || return 1; done
    return 0
}
if [ $have_gp -eq 1 ] && [ "$(id -u)" -eq 0 ] && mkdir "$tmp/fs" && mount -t tmpfs -o size=2m tmpfs "$tmp/fs"; then
    mnt="$tmp/fs"
    d="$mnt/r"
    "$HIFUSIM" run $cfg --out "$d" --replicates 60 --quiet --no-report > /dev/null 2>&1
    good=1
    for free in 30 80 150 400 1500; do
        rm -f "$mnt/fill"
        avail=$(df -k --output=avail "$mnt" | tail -1)
        [ "$avail" -gt "$free" ] && dd if=/dev/zero of="$mnt/fill" bs=1k count=$((avail - free)) 2> /dev/null
        snapshot "$d" > "$tmp/before"
        "$HIFUSIM" report "$d" --quiet > /dev/null 2> "$tmp/full.err"
        rc=$?
        snapshot "$d" > "$tmp/after"
        if [ $rc -ne 0 ]; then
            cmp -s "$tmp/before" "$tmp/after" || { diag "$free kB free: exit $rc but the folder changed"; good=0; }
        else
            complete_drawings "$d" || { diag "$free kB free: exit 0 with an incomplete drawing"; good=0; }
        fi
        no_stage "$d" || { diag "$free kB free: staging folder left"; good=0; }
        diag "$free kB free: report exit $rc"
    done
    [ $good -eq 1 ]
    ok $? "report on a full disk: nonzero exit and the folder as it was, or exit 0 and complete drawings"
    rm -f "$mnt/fill"
    avail=$(df -k --output=avail "$mnt" | tail -1)
    dd if=/dev/zero of="$mnt/fill" bs=1k count=$((avail - 60)) 2> /dev/null
    snapshot "$d" > "$tmp/before"
    "$HIFUSIM" run $cfg --out "$d" --replicates 60 --set design.n=130 --quiet > /dev/null 2> "$tmp/fullrun.err"
    rc=$?
    snapshot "$d" > "$tmp/after"
    if [ $rc -eq 0 ]; then
        complete_drawings "$d"
    else
        # either nothing changed, or the results are in and no report file is
        cmp -s "$tmp/before" "$tmp/after" || { [ ! -e "$d/report.html" ] && [ ! -e "$d/plots" ] && grep -q '"n": 130' "$d/summary.json"; }
    fi
    ok $? "run on a full disk: exit $rc, no partial report and no mixed results"
    no_stage "$d"
    ok $? "run on a full disk: no staging folder left"
    umount "$mnt" && mnt=
else
    for _ in 1 2 3; do skip "needs gnuplot and root (to mount a small tmpfs)"; done
fi

# ---- 23: a Slurm log open in the folder survives the swap
d="$tmp/slurm"
"$HIFUSIM" run $cfg --out "$d" --replicates 50 --quiet --no-report > /dev/null 2>&1
exec 7>> "$d/slurm-42.out"
echo before >&7
"$HIFUSIM" run $cfg --out "$d" --replicates 60 --quiet --no-report > /dev/null 2>&1
rc=$?
echo after >&7
exec 7>&-
[ $rc -eq 0 ] && [ "$(cat "$d/slurm-42.out" 2> /dev/null | tr '\n' ' ')" = "before after " ]
ok $? "a log open in the folder is carried over and its descriptor still writes into it"

# ---- 24-25: .checkpoint.tmp of a killed save is gone after a resume
d="$tmp/ckpt"
"$HIFUSIM" run $cfg --out "$d" --replicates 30000 --checkpoint-every 0 --quiet --no-report > /dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do [ -e "$d/.checkpoint" ] && break; sleep 0.1; done
kill -USR1 $holder
wait $holder
rc=$?
[ $rc -eq 3 ] && [ -e "$d/.checkpoint" ]
ok $? "a signalled run saves a checkpoint and exits 3 (rc $rc)"
cp "$d/.checkpoint" "$d/.checkpoint.tmp" 2> /dev/null # a save killed before its rename
"$HIFUSIM" run $cfg --out "$d" --replicates 30000 --resume --quiet --no-report > /dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -e "$d/.checkpoint.tmp" ] && [ ! -e "$d/.checkpoint" ] && no_stage "$d"
ok $? "after a successful resume no .checkpoint, .checkpoint.tmp or staging folder is left (rc $rc)"

# ---- 26: without RENAME_EXCHANGE (e.g. NFS) the two-rename fallback swaps as a whole
CC=$(command -v cc || command -v gcc || true)
if [ -n "$CC" ] && printf '%s\n' '#include <errno.h>' \
    'int renameat2(int a, const char *b, int c, const char *d, unsigned f)' \
    '{ (void)a; (void)b; (void)c; (void)d; (void)f; errno = 22; return -1; }' > "$tmp/noexch.c" &&
    "$CC" -shared -fPIC -o "$tmp/noexch.so" "$tmp/noexch.c" 2> /dev/null; then
    d="$tmp/fallback"
    # under AddressSanitizer (make test-asan) the shim loads before ASan's
    # runtime, which ASan refuses unless told that the order is intended
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    LD_PRELOAD="$tmp/noexch.so" "$HIFUSIM" run $cfg --out "$d" --set design.n=100,120 --replicates 50 --quiet --no-report > /dev/null 2>&1
    echo log > "$d/slurm-7.out"
    LD_PRELOAD="$tmp/noexch.so" "$HIFUSIM" run $cfg --out "$d" --replicates 50 --quiet --no-report > /dev/null 2>&1
    rc=$?
    [ $rc -eq 0 ] && [ "$(wc -l < "$d/power.csv")" -eq 2 ] && [ -s "$d/slurm-7.out" ] && no_stage "$d" &&
        [ "$(ls -A "$d" | tr '\n' ' ')" = "estimates.csv headline.csv headline.md headline.rtf hist.csv km_bands.csv manifest.json methods.md power.csv slurm-7.out summary.json " ]
    ok $? "without RENAME_EXCHANGE the fallback replaces the file set and keeps the log (rc $rc)"
else
    skip "no C compiler for the renameat2 shim"
fi

finish
