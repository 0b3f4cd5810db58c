#!/bin/bash
# tests/timeline.sh — design.md "Timelines" (issue 17 items 1-3): analysis =
# followup:T (the cut T months after each trial's last entry) with rate and
# uniform accrual, looks, lean runs and priors, deterministic over 1-3 ranks;
# check's expected calendar times and its warning for a calendar analysis
# before the end of accrual; run's "N planned, M enrolled" headline; plan's
# N, accrual duration and solve = followup against rpact's
# getSampleSizeSurvival (stored by tests/r/timeline_ref.R: R is not needed).
. "$(dirname "$0")/lib.sh"
plan 29

cfg=$HS_SRC/configs/timeline_example.ini
ref=$HS_SRC/tests/r/timeline_ref.txt
# within REL relative: within A B REL
within() { awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= r * (b < 0 ? -b : b)) }'; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
refv() { awk -v k="$1" -v p="$2" -v c="$3" '$1 == k && $2 == p { print $c }' "$ref"; }

# --- check: expected times from the models -----------------------------------
"$HIFUSIM" check "$cfg" >"$tmp/check.out" 2>"$tmp/check.err"
[ $? = 0 ] && grep -q 'accrual of 600 patients takes 30.00 months' "$tmp/check.out"
ok $? "check: 600 patients at 20 a month take 30 months"
# closed form (uniform entry over R = 30, follow-up F = 24, exponential, no dropout):
# P = 1 - (e^-lF - e^-l(F+R)) / (l R) per arm; 300 patients each
want=$(awk 'BEGIN { R = 30; F = 24; l0 = log(2) / 30; s = 0
    for (k = 0; k < 2; k++) { l = k ? 0.7 * l0 : l0; s += 300 * (1 - (exp(-l * F) - exp(-l * (F + R))) / (l * R)) }
    printf "%.4f", s }')
got=$(sed -n 's/.*analysis followup:24 at month \([0-9.]*\) with \([0-9.]*\) expected events.*/\1 \2/p' "$tmp/check.out")
[ "${got%% *}" = 54.00 ] && within "${got#* }" "$want" 0.0005
ok $? "check: followup:24 analysed at month 54.00 with ${got#* } expected events (closed form $want)"
[ ! -s "$tmp/check.err" ]
ok $? "check: no warning when the analysis follows the end of accrual"
"$HIFUSIM" check "$cfg" --set design.analysis=calendar:20 >"$tmp/cal.out" 2>"$tmp/cal.err"
[ $? = 0 ] && [ "$(wc -l <"$tmp/cal.err")" = 1 ] &&
    grep -q 'warning: .*calendar analysis at month 20 comes before the end of accrual (month 30.00 for n = 600): about 400 patients' "$tmp/cal.err"
ok $? "check: calendar:20 before the end of accrual: exit 0, one warning line on stderr ($(cat "$tmp/cal.err"))"
! grep -q warning "$tmp/cal.out" && grep -q 'analysis calendar:20 at month 20.00 with .* 400 patients enrolled' "$tmp/cal.out"
ok $? "check: stdout keeps the resolved config and the timeline line"
"$HIFUSIM" check "$cfg" --set design.looks=events:100 | grep -q '^;   look events:100 at month .* with 100.0 expected events'
ok $? "check: an interim look's expected calendar time (the 100th expected event)"

"$HIFUSIM" check "$cfg" --set "design.accrual=0:10, 6:20" | grep -q 'accrual of 600 patients takes 33.00 months'
ok $? "check: accrual = 0:10, 6:20 enrols 600 in 6 + 540/20 = 33 months"

# --- run: the cut and the headline ---------------------------------------------
"$HIFUSIM" run "$cfg" --out "$tmp/cal" --quiet --no-report --replicates 300 \
    --set design.analysis=calendar:20 >"$tmp/cal.head" 2>/dev/null
m=$(sed -n 's/.*at N = 600 planned, \([0-9]*\) enrolled by the analysis.*/\1/p' "$tmp/cal.head")
[ -n "$m" ] && [ "$m" -ge 399 ] && [ "$m" -le 401 ]
ok $? "run: calendar:20 headline 'at N = 600 planned, $m enrolled by the analysis' (20 a month: 400)"
"$HIFUSIM" run "$cfg" --out "$tmp/fu1" --quiet --no-report --replicates 300 >"$tmp/fu.head" 2>/dev/null
[ $? = 0 ] && ! grep -q planned "$tmp/fu.head"
ok $? "run: followup:24 runs; every patient is in, so no 'planned' headline"
du=$(cut -d, -f11 "$tmp/fu1/power.csv" | tail -1)
within "$du" 54 0.002
ok $? "run: followup:24 after 30 months of rate accrual: mean analysis time $du (last entry - first + 24, ~54)"
"$HIFUSIM" run "$cfg" --out "$tmp/fuu" --quiet --no-report --replicates 300 --set design.accrual=30 >/dev/null 2>&1
du=$(cut -d, -f11 "$tmp/fuu/power.csv" | tail -1)
within "$du" 53.9 0.003
ok $? "run: followup:24 with uniform accrual over 30 months: mean analysis time $du (~30 (599/601) + 24)"
"$HIFUSIM" run "$cfg" --out "$tmp/fu0" --quiet --no-report --replicates 300 --set design.analysis=followup:0 >/dev/null 2>&1
du=$(cut -d, -f11 "$tmp/fu0/power.csv" | tail -1)
ev=$(cut -d, -f9 "$tmp/fu1/power.csv" | tail -1)
ev0=$(cut -d, -f9 "$tmp/fu0/power.csv" | tail -1)
within "$du" 30 0.003 && awk -v a="$ev0" -v b="$ev" 'BEGIN { exit !(a < b - 50) }'
ok $? "run: followup:0 cuts at the last entry (month $du) with fewer events ($ev0 < $ev)"
# against a calendar cut: with rate accrual the last entry is within a month of
# 30, so followup:24 and calendar:54 see nearly the same events
"$HIFUSIM" run "$cfg" --out "$tmp/c54" --quiet --no-report --replicates 300 --set design.analysis=calendar:54 >/dev/null 2>&1
evc=$(cut -d, -f9 "$tmp/c54/power.csv" | tail -1)
within "$ev" "$evc" 0.01
ok $? "run: followup:24 events $ev within 1% of calendar:54's $evc"
# determinism: 1, 2 and 3 ranks, another chunk size; looks, lean, prior
for np in 2 3; do
    mpirun -n $np "$HIFUSIM" run "$cfg" --out "$tmp/fu$np" --quiet --no-report --replicates 300 --chunk 7 >/dev/null 2>&1
    same=0
    for f in power.csv summary.json km_bands.csv estimates.csv hist.csv; do
        cmp -s "$tmp/fu1/$f" "$tmp/fu$np/$f" || same=1
    done
    ok $same "run: followup:24 results byte-identical on 1 and $np ranks (chunk 64 and 7)"
done
extra=(--set design.looks=events:100 --set analysis.outputs=power --set "prior.arm.experimental.hr=lognormal:-0.357,0.1")
"$HIFUSIM" run "$cfg" --out "$tmp/gl1" --quiet --no-report --replicates 200 "${extra[@]}" >/dev/null 2>&1
rc=$?
mpirun -n 3 "$HIFUSIM" run "$cfg" --out "$tmp/gl3" --quiet --no-report --replicates 200 --chunk 5 "${extra[@]}" >/dev/null 2>&1
[ $rc = 0 ] && cmp -s "$tmp/gl1/power.csv" "$tmp/gl3/power.csv" && cmp -s "$tmp/gl1/stages.csv" "$tmp/gl3/stages.csv"
ok $? "run: followup:24 with an events:100 interim, outputs = power and a prior: 1 and 3 ranks agree"
"$HIFUSIM" check "$cfg" --set design.looks=calendar:40 >/dev/null 2>"$tmp/look.err"
[ $? = 2 ] && grep -q 'calendar times but the analysis is followup:24' "$tmp/look.err"
ok $? "check: calendar looks with a followup analysis are refused (exit 2)"

# sweep: an axis over the follow-up; power and events grow with it
sed -e 's/^n            = 600.*/n = 400/' "$cfg" >"$tmp/sw.ini"
printf '[sweep]\ndesign = oneway\naxis.fu = design.analysis : followup:6 | followup:24\n' >>"$tmp/sw.ini"
"$HIFUSIM" sweep "$tmp/sw.ini" --out "$tmp/sw" --quiet --no-report --replicates 300 >/dev/null 2>&1
ok $? "sweep: an axis of followup:T values runs"
awk -F, '$2 == "fu" { p[$3] = $8; e[$3] = $12 } END { exit !(p[1] > p[0] && e[1] > e[0] + 50) }' "$tmp/sw/sweep.csv"
ok $? "sweep: followup:24 has more power and events than followup:6 ($(awk -F, '$2 == "fu" { printf "%s/%s ", $8, $12 }' "$tmp/sw/sweep.csv"))"

# --- plan against rpact ----------------------------------------------------------
"$HIFUSIM" plan "$cfg" --out "$tmp/plan" --quiet --no-report --set plan.replicates_coarse=400 \
    --set plan.replicates_fine=2000 >"$tmp/plan.head" 2>/dev/null
ok $? "plan: the protocol design plans (exit 0)"
for k in 0 1; do
    p=$([ $k = 0 ] && echo 0.80 || echo 0.90)
    a="d['targets'][$k]['analytic']"
    bad=0
    for pair in "n:4" "accrual_duration:5" "events:3" "expected_analysis_time:7"; do
        key=${pair%%:*} col=${pair#*:}
        v=$(json "$tmp/plan/plan.json" "${a}['$key']")
        r=$(refv n $p "$col")
        within "$v" "$r" 0.02 || { bad=1; diag "power $p: analytic $key $v vs rpact $r"; }
        [ $key = n ] && diag "power $p: analytic N $v, rpact $r"
    done
    fu=$(json "$tmp/plan/plan.json" "${a}['followup']")
    [ "$fu" = 24.0 ] || bad=1
    ok $bad "plan: power $p analytic N, accrual duration, events and analysis time within 2% of rpact's ($(refv n $p 4), $(refv n $p 5), $(refv n $p 3), $(refv n $p 7))"
    sn=$(json "$tmp/plan/plan.json" "d['targets'][$k]['recommended_n']")
    within "$sn" "$(refv n $p 4)" 0.08
    ok $? "plan: power $p simulated N $sn (accrual $(awk -v n="$sn" 'BEGIN { print n / 20 }') months) within 8% of rpact's $(refv n $p 4)"
done
grep -q 'timeline (formula): accrual 24.6 months, follow-up after the last entry 24.0 months, analysis expected at month 48.6' "$tmp/plan.head" &&
    grep -q 'analysis at .* months (median .*, 95% range' "$tmp/plan.head"
ok $? "plan: the headline gives the formula's timeline beside the simulated median and 95% range"

"$HIFUSIM" plan "$cfg" --out "$tmp/fu" --quiet --no-report --set plan.solve=followup \
    --set plan.replicates_coarse=400 --set plan.replicates_fine=2000 >"$tmp/fu.head" 2>/dev/null
ok $? "plan: solve = followup runs at N = 600 (exit 0)"
for k in 0 1; do
    p=$([ $k = 0 ] && echo 0.80 || echo 0.90)
    af=$(json "$tmp/fu/plan.json" "d['targets'][$k]['analytic']['followup']")
    sf=$(json "$tmp/fu/plan.json" "d['targets'][$k]['recommended_followup']")
    r=$(refv fu $p 5)
    diag "power $p: follow-up analytic $af, simulated $sf, rpact $r"
    within "$af" "$r" 0.02 && awk -v s="$sf" -v r="$r" 'BEGIN { d = s - r; exit !(d < 3.5 && d > -3.5) }'
    ok $? "plan: solve = followup, power $p: analytic follow-up $af within 2% of rpact's $r; simulated $sf within 3.5 months"
done
# events = fixed (with events_by; tests/plan_fixed.sh has the rest): the
# simulated point analyses at event 120 and the formula keeps the found N
"$HIFUSIM" plan "$HS_SRC/tests/plan/exp.ini" --out "$tmp/fx" --quiet --no-report --set plan.events=fixed \
    --set plan.events_by=48 --set plan.replicates_coarse=100 --set plan.replicates_fine=200 >/dev/null 2>&1
rc=$?
json "$tmp/fx/plan.json" "sorted(set(p['events'] for p in d['curve'])) == [120] and d['plan']['events'] == 'fixed' and all(t['analytic']['events_at_n'] == 120 and t['analytic']['n'] == d['events_fixed']['n'] for t in d['targets'])" >"$tmp/fx.ok" 2>&1
[ $rc = 0 ] && [ "$(cat "$tmp/fx.ok")" = True ]
ok $? "plan: events = fixed analyses at event 120 and the formula keeps the N found for events_by = 48"
finish
