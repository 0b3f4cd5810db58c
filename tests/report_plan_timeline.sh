#!/usr/bin/env bash
# report_plan_timeline.sh — the plan page (report.html of `plan`) of the two
# timeline plans (issue 17 items 3 and 6): under [plan] solve = followup the
# power curve is against the follow-up in months (plots/power_curve.dat's
# first column is plan.csv's `followup`, the x label says so), with the
# recommended and the formula follow-up marked at plan.json's values, and
# the cards, words and formula table speak of follow-up, not N; under
# [plan] events = fixed the page gives the found N, the accrual and the
# K-th event's expected and simulated times, from plan.json.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
command -v python3 > /dev/null || skip_all "python3 is not installed"
plan 17
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
text() { python3 -c "import re,sys; print(re.sub(r'<[^>]+>', '', open(sys.argv[1]).read()))" "$1" >"$tmp/text.out"; cat "$tmp/text.out"; }

# --- solve = followup ----------------------------------------------------------
f=$tmp/fu
"$HIFUSIM" plan configs/timeline_example.ini --out "$f" --quiet --set plan.solve=followup \
    --set plan.replicates_coarse=200 --set plan.replicates_fine=400 >/dev/null 2>&1
ok $? "plan with solve = followup and its report exit 0"
d=$f/plots/power_curve.dat g=$f/plots/power_curve.gp h=$f/report.html
head -1 "$d" | grep -q '^# from plan.csv: followup power ci_low ci_high$' &&
    awk -F, 'NR > 1 { print $NF }' "$f/plan.csv" | sort -g -u >"$tmp/fu.x" &&
    grep -v '^#' "$d" | awk '{ print $1 }' | sort -g -u | diff -q - "$tmp/fu.x" >/dev/null
ok $? "power_curve.dat: x is plan.csv's followup column (months), every searched follow-up once"
grep -q "^set xlabel 'follow-up after the last entry (months)'" "$g" && grep -q "^set title 'Power against the follow-up'" "$g" &&
    ! grep -q 'patients randomised' "$g"
ok $? "power_curve.gp: title and x label in follow-up months, no N axis"
ok=0
for k in 0 1; do
    rf=$(json "$f/plan.json" "'%.1f' % d['targets'][$k]['recommended_followup']")
    af=$(json "$f/plan.json" "'%.10g' % d['targets'][$k]['analytic']['followup']")
    af1=$(json "$f/plan.json" "'%.1f' % d['targets'][$k]['analytic']['followup']")
    grep -q "^set arrow from first $rf, graph 0 to first $rf, first 0\.[89] nohead dt 3" "$g" &&
        grep -q "^set label 'T = $rf' at first $rf," "$g" &&
        grep -q "^set arrow from first $af, graph 0 to first $af, graph 1 nohead dt 4" "$g" &&
        grep -q "^set label 'formula T = $af1' at first $af," "$g" || ok=1
    diag "target $k: recommended follow-up $rf, formula $af"
done
[ $ok = 0 ]
ok $? "power_curve.gp marks each target's recommended follow-up (dotted) and the formula's (dash-dotted), at plan.json's values"
grep -q "Share of simulated trials that reject H0 at each follow-up after the last entry, in months" "$h"
ok $? "the caption speaks of the follow-up in months"
rf0=$(json "$f/plan.json" "'%.1f' % d['targets'][0]['recommended_followup']")
grep -q "<div class=\"k\">Follow-up for 80% power</div><div class=\"v\">$rf0</div><div class=\"u\">months after the last entry at N = 600;" "$h" &&
    grep -q '<div class="k">Follow-up for 90% power</div>' "$h" && ! grep -q '<div class="k">N for ' "$h"
ok $? "cards: the follow-up for each target ($rf0 months for 80%), no 'N for' card"
grep -q "<p id=\"plan-words\"><b>Recommended follow-up:</b> $rf0 months after the last entry at N = 600 for 80% power" "$h"
ok $? "the words give the recommended follow-up at the configuration's N"
text "$h" | grep -q 'The analysis takes place 24 months after the last patient enters (the configuration.s follow-up; the plan below searched it)'
ok $? "the scenario text reads followup:24 as months after the last entry, searched by the plan"
text "$h" | grep -q 'accrued at 20 patients a month from month 0, with 0% of patients lost' &&
    text "$h" | grep -q 'Arm control: inline exponential model, median 30 months'
ok $? "the scenario text gives the accrual rate (accrual = 0:20) and the inline model in words"
grep -q '<th>simulated follow-up (months)</th>' "$h" && grep -q '<th>formula follow-up (months)</th>' "$h" &&
    grep -q '<h2>Follow-up: simulation and formulas</h2>' "$h"
ok $? "the formula table: simulated and formula follow-up columns"

# methods.md and the headline table in follow-up, with each target's own MC SE
python3 - "$f" >"$tmp/fu.m" 2>&1 <<'PY'
import csv, json, math, sys
d = sys.argv[1]
j = json.load(open(d + "/plan.json"))
rows = list(csv.DictReader(open(d + "/headline.csv")))
m = open(d + "/methods.md").read()
good = len(rows) == len(j["targets"])
for r, t in zip(rows, j["targets"]):
    se = math.sqrt(t["power"] * (1 - t["power"]) / t["replicates"])
    good &= abs(float(r["recommended_followup"]) - t["recommended_followup"]) < 1e-9
    good &= abs(float(r["formula_followup"]) - t["analytic"]["followup"]) < 1e-9
    good &= abs(float(r["power_se"]) - se) < 1e-9
    good &= ("the follow-up is %.1f months" % t["recommended_followup"]) in m and ("Monte Carlo SE %.4f" % se) in m
good &= "N is searched" not in m and "solve = followup" in m
print(good)
PY
[ "$(cat "$tmp/fu.m")" = True ]
ok $? "methods.md and headline.csv give each target's follow-up, formula follow-up and its own MC SE (plan.json)"

# --- events = fixed -----------------------------------------------------------
e=$tmp/fx
"$HIFUSIM" plan tests/plan/exp.ini --out "$e" --quiet --set plan.events=fixed --set plan.events_by=36 --set plan.target_power=0.8,0.9 \
    --set plan.replicates_fine=400 >/dev/null 2>&1
ok $? "plan with events = fixed, events_by = 36 and its report exit 0"
h=$e/report.html
n=$(json "$e/plan.json" "d['events_fixed']['n']")
te=$(json "$e/plan.json" "'%.1f' % d['events_fixed']['expected_event_time']")
ts=$(json "$e/plan.json" "'%.1f' % d['events_fixed']['simulated_event_time']['q500']")
diag "N $n, 120th event expected at $te, simulated median $ts"
grep -q "<div class=\"k\">N for 120 events by month 36</div><div class=\"v\">$n</div>" "$h"
ok $? "card: N = $n for 120 events by month 36"
grep -q '<div class="k">Accrual</div><div class="v">24.0</div><div class="u">months, at [0-9.]* patients a month (accrual given as a duration' "$h"
ok $? "card: accrual 24.0 months, given as a duration"
grep -q "<div class=\"k\">Event 120, expected</div><div class=\"v\">$te</div>" "$h" &&
    grep -q "<div class=\"k\">Event 120, simulated</div><div class=\"v\">$ts</div>" "$h"
ok $? "cards: the 120th event expected at month $te and simulated at $ts (median)"
grep -q "<p id=\"plan-words\"><b>Sample size for 120 events by month 36:</b> N = $n patients, accrued over 24.0 months" "$h" &&
    grep -q "power 90% is not reached by 120 events (Schoenfeld: 161.1 events)" "$h"
ok $? "the words: N, accrual, and the 90% target that 120 events miss"
python3 - "$e" >"$tmp/fx.m" 2>&1 <<'PY'
import csv, json, sys
d = sys.argv[1]
f = json.load(open(d + "/plan.json"))["events_fixed"]
rows = list(csv.DictReader(open(d + "/headline.csv")))
m = open(d + "/methods.md").read()
good = len(rows) == 2
for r in rows:
    good &= int(r["recommended_n"]) == f["n"] and float(r["events_by"]) == 36
    good &= abs(float(r["expected_event_time"]) - f["expected_event_time"]) < 1e-9
    good &= abs(float(r["event_time_q500"]) - f["simulated_event_time"]["q500"]) < 1e-9
    good &= abs(float(r["accrual_duration"]) - 24) < 1e-9
good &= ("N = %d is the smallest N" % f["n"]) in m and "comes by month 36.0" in m and "Accrual takes 24.0 months" in m
print(good)
PY
[ "$(cat "$tmp/fx.m")" = True ]
ok $? "methods.md and headline.csv carry N, accrual, events_by and the expected and simulated 120th event"
finish
