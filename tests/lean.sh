#!/bin/bash
# tests/lean.sh — [analysis] outputs = power (design.md, "Lean runs"): each
# replicate runs only the deciding test, and the power it reports is
# byte-identical to the full run's on the same streams (same seed and
# replicates): for every kind of deciding test (log-rank, Cox, the KM-based
# RMST and milestone tests, a Fleming-Harrington weighted log-rank and
# MaxCombo), a fixed and a group-sequential design, 1 and 2 ranks. Each
# comparison is checked not to be vacuous: the full run computed curves, the
# lean run none (so that lean really ran), and 0 < rejections < replicates.
. "$(dirname "$0")/lib.sh"
tests=(logrank cox rmst:36 milestone:36 "fh:0,1" maxcombo)
plan $((3 * ${#tests[@]} + 3 + 5))

# the power columns of power.csv: scenario .. power_ci_high, events_mean, duration_mean
cols() { cut -d, -f1-9,11 "$1"; }
run() { # NAME RANKS SETS...
    local name=$1 np=$2
    shift 2
    mpirun -n "$np" "$HIFUSIM" run bench/reference.ini --out "$tmp/$name" --quiet --no-report \
        --replicates 3000 "$@" >/dev/null 2>"$tmp/$name.err"
}
# lean: DIR's km_bands.csv has its header only (no curves were computed);
# full: it has the curves
lean() { [ "$(wc -l < "$1/km_bands.csv")" = 1 ]; }
full() { [ "$(wc -l < "$1/km_bands.csv")" -gt 1 ]; }
for t in "${tests[@]}"; do
    run "all-$t" 1 --set design.test="$t"
    run "power-$t" 2 --set design.test="$t" --set analysis.outputs=power
    cmp -s <(cols "$tmp/all-$t/power.csv") <(cols "$tmp/power-$t/power.csv")
    ok $? "$t: outputs = power (2 ranks) gives the full run's power, CI, events and duration byte for byte"
    r=$(cut -d, -f4 "$tmp/all-$t/power.csv" | tail -1)
    [ -n "$r" ] && [ "$r" -gt 0 ] && [ "$r" -lt 3000 ]
    ok $? "$t: the comparison is not vacuous (0 < rejections $r < 3000)"
    full "$tmp/all-$t" && lean "$tmp/power-$t"
    ok $? "$t: the full run computed KM curves, the outputs = power run none"
done
run all-gsd 1 --set design.looks=info:0.33,0.67 --set design.futility=bsof
run power-gsd 1 --set design.looks=info:0.33,0.67 --set design.futility=bsof --set analysis.outputs=power
cmp -s <(cols "$tmp/all-gsd/power.csv") <(cols "$tmp/power-gsd/power.csv")
ok $? "group-sequential: the same power and expected events"
cmp -s "$tmp/all-gsd/stages.csv" "$tmp/power-gsd/stages.csv"
ok $? "group-sequential: the same stages.csv"
full "$tmp/all-gsd" && lean "$tmp/power-gsd"
ok $? "group-sequential: the full run computed KM curves, the outputs = power run none"

f=$tmp/power-logrank
grep -q '^0,hr,,NA,0,' "$f/estimates.csv"
ok $? "outputs = power: no HR estimate (n = 0, NA)"
cut -d, -f10 "$f/power.csv" | tail -1 | grep -qx NA
ok $? "outputs = power: hr_median is NA in power.csv"
"$HIFUSIM" check bench/reference.ini --set analysis.outputs=power | grep -q '^outputs        = power'
ok $? "check shows outputs = power"
"$HIFUSIM" check bench/reference.ini --set analysis.outputs=some >/dev/null 2>"$tmp/bad.err"
[ $? = 2 ] && grep -q "outputs = 'some'; expected all" "$tmp/bad.err"
ok $? "outputs = some: exit 2, what was expected"
[ "$("$HIFUSIM" check bench/reference.ini | head -1)" != "$("$HIFUSIM" check bench/reference.ini --set analysis.outputs=power | head -1)" ]
ok $? "outputs = power changes the config hash (a lean checkpoint never resumes a full run)"
finish
