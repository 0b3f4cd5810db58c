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

# shellcheck source=determinism.bash
. "$(dirname "$0")/determinism.bash"

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
        interrupt 2 "$a" --no-report "${extra[@]}" --replicates $R
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
    interrupt 0 "$b" --no-report "${extra[@]}" --replicates $R
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
