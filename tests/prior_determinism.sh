#!/usr/bin/env bash
# prior_determinism.sh — TAP tests of determinism with a [prior] (issue 16,
# "Validation"; design.md "Determinism" and "Assurance"). Two configs:
#   keys     inline exponential arms, priors on hr, an inline median, a
#            COV.LEVEL effect, design.dropout and design.accrual, an N grid
#            (two scenarios) and --also-conditional;
#   fromfit  configs/assurance.ini (from_fit on both arms, conditional = yes)
#            with fewer replicates.
# For each: every result file (manifest.json aside) is byte-identical on 1, 2
# and 3 ranks (mpirun --oversubscribe), with --chunk 7 and the default chunk,
# to a plain single-process run; and a run interrupted by SIGUSR1 (exit 3,
# a checkpoint, no results) and resumed on another rank count equals the
# uninterrupted run byte for byte (the approach of run_determinism.sh).
# One run with the report checks report.html and plots/ too.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# Under `make test-asan` these 30-odd MPI runs take many minutes and check
# no memory path that run_determinism.sh (which does run there) does not;
# skipped only for a binary that works.
if [ -n "${ASAN_OPTIONS:-}" ] && "$HIFUSIM" --version >/dev/null 2>&1; then
    skip_all "determinism with a prior: many MPI runs, skipped under AddressSanitizer (run by make test)"
fi
bgpid=
at_exit '[ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null'

same() { # same DIR_A DIR_B: the same files, byte-identical except manifest.json
    # (and report.html's line of run metadata: start time, ranks, seconds)
    local la lb f
    la=$(cd "$1" && find . -type f ! -name manifest.json | sort)
    lb=$(cd "$2" && find . -type f ! -name manifest.json | sort)
    [ -n "$la" ] && [ "$la" = "$lb" ] || { diag "different files in $1 and $2"; return 1; }
    for f in $la; do
        if [ "${f##*/}" = report.html ]; then
            cmp -s <(grep -v 'class="meta"' "$1/$f") <(grep -v 'class="meta"' "$2/$f")
        else
            cmp -s "$1/$f" "$2/$f"
        fi || { diag "$f differs: $1 vs $2"; return 1; }
    done
}
hrun() { # hrun P ARGS...: P = 0 runs the binary directly, else under mpirun -n P
    local p=$1
    shift
    if [ "$p" -eq 0 ]; then "$HIFUSIM" run "$@"; else mpirun --oversubscribe -n "$p" "$HIFUSIM" run "$@"; fi
}
mtime() { stat -c %y "$1" 2>/dev/null || echo none; }
ckpt_scenario() { od -An -t u8 -j 80 -N 8 "$1" 2>/dev/null | tr -d ' '; }
want_sc=
# interrupt P OUT ARGS...: start a run of $cfg in the background, wait until
# it has written a checkpoint, send SIGUSR1 (mpirun forwards it), wait; irc =
# its exit status.
interrupt() {
    local p=$1 out=$2
    shift 2
    local before k=0
    before=$(mtime "$out/.checkpoint")
    local cmd=("$HIFUSIM" run)
    [ "$p" -gt 0 ] && cmd=(mpirun --oversubscribe -n "$p" "$HIFUSIM" run)
    "${cmd[@]}" "$cfg" --out "$out" --quiet --no-report --checkpoint-every 0 --chunk 32 "$@" \
        > "$tmp/int.out" 2> "$tmp/int.err" &
    bgpid=$!
    while [ "$(mtime "$out/.checkpoint")" = "$before" ] && [ $k -lt 300 ] && kill -0 "$bgpid" 2>/dev/null; do
        sleep 0.05
        k=$((k + 1))
    done
    # optionally wait until the run is into scenario $want_sc (the checkpoint's
    # position word, as in run_determinism.sh)
    while [ -n "$want_sc" ] && [ "$(ckpt_scenario "$out/.checkpoint")" != "$want_sc" ] && [ $k -lt 600 ] \
        && kill -0 "$bgpid" 2>/dev/null; do
        sleep 0.02
        k=$((k + 1))
    done
    sleep 0.1
    kill -USR1 "$bgpid" 2>/dev/null
    wait "$bgpid"
    irc=$?
    bgpid=
    [ "$irc" -eq 3 ] && diag "$(grep -o 'checkpoint saved after [0-9]* of [0-9]* replicates of scenario [0-9]*' "$tmp/int.err")"
    return 0
}

cat > "$tmp/keys.ini" << 'EOF'
[run]
name = prior-determinism
seed = 424242
replicates = 1500
[cohort]
x = a:0.7, b:0.3
[arm ctl]
family = exponential
median = 12
x.b = 0.3
[arm exp]
reference = ctl
hr = 0.7
[design]
control = ctl
experimental = exp
n = 120, 200
accrual = 12
dropout = 0.05
analysis = events:80
alpha = 0.025
sides = 1
grid = 0:24:6
landmarks = 12
tau = 24
[prior]
arm.exp.hr     = lognormal:-0.356675, 0.2
arm.ctl.median = normal:12, 2
arm.ctl.x.b    = normal:0.3, 0.1
design.dropout = beta:2, 30
design.accrual = uniform:9, 15
EOF

plan 20
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

for which in keys fromfit; do
    if [ $which = keys ]; then
        cfg="$tmp/keys.ini"
        extra=(--also-conditional)
    else
        cfg=configs/assurance.ini
        extra=(--replicates 1500)
    fi
    ref="$tmp/${which}_ref"
    hrun 0 "$cfg" --out "$ref" --quiet --no-report "${extra[@]}" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 0 ] && [ -s "$ref/prior_power.csv" ] && grep -q '"assurance": true' "$ref/summary.json" \
        && grep -q '"conditional_power' "$ref/summary.json"
    ok $? "$which: reference run (single process) exits 0 with prior_power.csv, assurance and conditional power"
    r=0
    for p in 1 2 3; do
        for c in default 7; do
            out="$tmp/${which}_p${p}c$c"
            ch=()
            [ $c = 7 ] && ch=(--chunk 7)
            hrun "$p" "$cfg" --out "$out" --quiet --no-report "${extra[@]}" "${ch[@]}" > /dev/null 2> "$tmp/err" \
                && same "$ref" "$out" || { r=1; diag "$which: $p rank(s), chunk $c differs"; }
        done
    done
    ok $r "$which: 1, 2 and 3 ranks, chunk 7 and default: every result file byte-identical"

    # interruption on 2 ranks, resumed on 3; then single process -> 2 ranks
    R=20000
    for attempt in 1 2 3; do
        a="$tmp/${which}_int$attempt"
        interrupt 2 "$a" "${extra[@]}" --replicates $R
        [ "$irc" -eq 3 ] && break
        diag "attempt $attempt: run ended with $irc before the signal; retrying with more replicates"
        R=$((R * 3))
    done
    ok "$([ "$irc" -eq 3 ]; echo $?)" "$which: SIGUSR1 to mpirun -n 2 mid-run: exit 3 ($R replicates)"
    [ -s "$a/.checkpoint" ] && [ ! -e "$a/power.csv" ] && [ ! -e "$a/prior_power.csv" ]
    ok $? "$which: a .checkpoint and no result file (no prior_power.csv)"
    hrun 3 "$cfg" --out "$a" --quiet --no-report "${extra[@]}" --replicates $R --resume > /dev/null 2> "$tmp/err"
    ok $? "$which: --resume on 3 ranks completes"
    full="$tmp/${which}_full"
    hrun 0 "$cfg" --out "$full" --quiet --no-report "${extra[@]}" --replicates $R > /dev/null 2> "$tmp/err"
    same "$full" "$a"; ok $? "$which: interrupted (2 ranks) + resumed (3 ranks) = uninterrupted, byte for byte"
    b="$tmp/${which}_intb"
    # keys (two scenarios): stopped in the second, so the first one's finished
    # row, prior bins included, travels in the checkpoint
    [ $which = keys ] && want_sc=1
    interrupt 0 "$b" "${extra[@]}" --replicates $R
    want_sc=
    ok "$([ "$irc" -eq 3 ]; echo $?)" "$which: SIGUSR1 to a single process: exit 3"
    hrun 2 "$cfg" --out "$b" --quiet --no-report "${extra[@]}" --replicates $R --resume > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 0 ] && same "$full" "$b"
    ok $? "$which: interrupted (1 process) + resumed (2 ranks) = uninterrupted, byte for byte"
done

# the report too (report.html, plots/), keys config, 1 process vs 3 ranks chunk 7
cfg="$tmp/keys.ini"
hrun 0 "$cfg" --out "$tmp/rep1" --quiet --also-conditional > /dev/null 2> "$tmp/err" \
    && hrun 3 "$cfg" --out "$tmp/rep3" --quiet --also-conditional --chunk 7 > /dev/null 2> "$tmp/err" \
    && [ -s "$tmp/rep1/report.html" ] && same "$tmp/rep1" "$tmp/rep3"
ok $? "with the report: 3 ranks, chunk 7 = single process (report.html, plots/ included)"

# the keys draw: changing the seed changes the results (the comparison is not vacuous)
hrun 0 "$cfg" --out "$tmp/seed2" --quiet --no-report --also-conditional --seed 7 > /dev/null 2> "$tmp/err"
! cmp -s "$tmp/keys_ref/prior_power.csv" "$tmp/seed2/prior_power.csv"
ok $? "another seed gives another prior_power.csv"
# every key of the prior has its rows in prior_power.csv, for both scenarios
n=$(awk -F, 'NR > 1 { k[$1 "/" $8] = 1 } END { print length(k) }' "$tmp/keys_ref/prior_power.csv")
[ "$n" -eq 12 ]; ok $? "prior_power.csv: 5 keys + drawn_hr for each of 2 scenarios ($n)"

finish
