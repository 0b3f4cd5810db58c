#!/usr/bin/env bash
# gsd_sim.sh — TAP validation of the group-sequential simulation (issue 14,
# "Validation"), on the configs in tests/gsd/:
#   - type I error under HR = 1 (tests/gsd/type1.ini: 3 looks at info 0.33,
#     0.67, asof efficacy, bsof futility, 10^5 replicates): binding futility
#     rejects with probability alpha within 3 MC SE; non-binding at most
#     alpha + 3 SE and below the binding design (at 80 events the log-rank
#     test itself rejects slightly above alpha: fixed design 0.0260 over 4
#     seeds of 10^5 here, 0.02577 in rpact's getSimulationSurvival);
#   - the East 6.5 PFS design of the CAMIS comparison page (tests/gsd/east.ini):
#     `check --json` bounds 2.6606, 2.2798 and futility 0.7379 (to 5e-5, East's
#     printed precision), P(efficacy stop at the interim | HR 0.6) = 0.7666
#     within 3 MC SE at 10^4 replicates, and `plan` at target power 0.9505:
#     analytic gsd_events 235 (East's integer; rpact's 234.9976 to 1e-3) and N
#     398 within the simulated MC interval, where the 235th event is expected
#     at 24 + 10 months (East's accrual and minimum follow-up; within 0.5
#     month, and rpact's getPowerSurvival analysisTime 34.1466 to 1e-3). The
#     East/rpact P(stop) 0.7666 is analytic (Schoenfeld drift): simulated
#     log-rank trials stop a little less often (hifusim 0.7601 at 10^5,
#     rpact's getSimulationSurvival 0.7612), hence 10^4 replicates here;
#   - per-look efficacy and futility stops and overall power against rpact's
#     getSimulationSurvival (tests/r/gsd_sim.txt, made by tests/r/gsd_sim.R;
#     10^5 iterations) for three designs (tests/gsd/east.ini, pocock3.ini,
#     kd3.ini), each within 3 combined MC SE at 5*10^4 replicates;
#   - calendar looks before an event-driven final analysis use observed-
#     information bounds (`check --json` says so; the stage's info_frac is the
#     observed events_mean / K), not months / K as planned fractions.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# Statistics at 10^5 replicates: `make test` runs them; under `make
# test-asan` (ASAN_OPTIONS set) the same runs would take an hour and check no
# more memory than the shorter runs of the other tests, so they are skipped
# there -- but only for a binary that works (lib_selftest's /bin/false must fail).
if [ -n "${ASAN_OPTIONS:-}" ] && "$HIFUSIM" --version >/dev/null 2>&1; then
    skip_all "10^5-replicate statistics under AddressSanitizer (run by make test)"
fi
py() { python3 -c "$@"; }
ref=tests/r/gsd_sim.txt

plan 17
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

# --- type I error ------------------------------------------------------------
t0=$(date +%s.%N)
for b in yes no; do
    "$HIFUSIM" run tests/gsd/type1.ini --out "$tmp/t1$b" --quiet --no-report \
        --set design.futility_binding=$b > /dev/null 2> "$tmp/err" || diag "run (binding $b) failed: $(cat "$tmp/err")"
done
t1=$(date +%s.%N)
diag "type I runs: 2 x 10^5 replicates in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
# final reject_cum of a stages.csv
rej() { awk -F, 'NR > 1 { r = $12 } END { print r }' "$1/stages.csv"; }
rb=$(rej "$tmp/t1yes")
rn=$(rej "$tmp/t1no")
se=$(awk 'BEGIN { printf "%.8f", sqrt(0.025 * 0.975 / 100000) }')
diag "type I error: binding $rb, non-binding $rn (alpha 0.025, MC SE $se)"
awk -v r="$rb" -v s="$se" 'BEGIN { d = r - 0.025; exit !(d <= 3 * s && -d <= 3 * s) }'
ok $? "binding futility: type I error $rb = 0.025 within 3 SE"
awk -v r="$rn" -v s="$se" 'BEGIN { exit !(r <= 0.025 + 3 * s) }'
ok $? "non-binding futility: type I error $rn <= 0.025 + 3 SE"
awk -v r="$rn" -v b="$rb" 'BEGIN { exit !(r < b) }'
ok $? "non-binding type I error below the binding design's"

# --- East 6.5 (CAMIS) --------------------------------------------------------
"$HIFUSIM" check tests/gsd/east.ini --json "$tmp/east.json" > /dev/null 2> "$tmp/err"
ok $? "check --json on tests/gsd/east.ini"
py "
import json
b = json.load(open('$tmp/east.json'))['scenarios'][0]['bounds']
got = [b[0]['z_efficacy'], b[1]['z_efficacy'], b[0]['z_futility']]
want = [2.6606, 2.2798, 0.7379]
print('# bounds', got)
assert all(abs(g - w) <= 5e-5 for g, w in zip(got, want)), got
"; ok $? "East bounds: efficacy 2.6606, 2.2798, futility 0.7379 (within 5e-5)"
"$HIFUSIM" run tests/gsd/east.ini --out "$tmp/east" --quiet --no-report --replicates 10000 > /dev/null 2> "$tmp/err"
ok $? "run tests/gsd/east.ini, 10^4 replicates"
py "
import csv, math
r = list(csv.DictReader(open('$tmp/east/stages.csv')))
p = float(r[0]['stop_efficacy']); se = math.sqrt(0.7666 * (1 - 0.7666) / 10000)
print('# P(efficacy stop at the interim) %.4f, East 0.7666, MC SE %.4f' % (p, se))
assert abs(p - 0.7666) <= 3 * se
"; ok $? "P(stop at the interim | HR 0.6) = East's 0.7666 within 3 SE"
"$HIFUSIM" plan tests/gsd/east.ini --out "$tmp/eplan" --quiet > /dev/null 2> "$tmp/err"
ok $? "plan tests/gsd/east.ini (target power 0.9505)"
py "
import json
t = json.load(open('$tmp/eplan/plan.json'))['targets'][0]
a = t['analytic']
print('# gsd_events %.4f inflation %.6f N %s (MC interval %s-%s), analytic N %s'
      % (a['gsd_events'], a['inflation'], t['recommended_n'], t['recommended_n_low'],
         t['recommended_n_high'], a['n']))
assert abs(a['gsd_events'] - 235) <= 0.5 and abs(a['gsd_events'] - 234.9976) <= 1e-3
"; ok $? "plan: analytic gsd_events = 235 (East, rounding) and 234.9976 (rpact, 1e-3)"
py "
import json
t = json.load(open('$tmp/eplan/plan.json'))['targets'][0]
a = t['analytic']
print('# analytic time of the 235th event at N = 398: %.4f months' % a['expected_analysis_time'])
assert t['recommended_n_low'] <= 398 <= t['recommended_n_high'], t
assert abs(a['n'] - 398) <= 1
assert abs(a['expected_analysis_time'] - 34) <= 0.5 and abs(a['expected_analysis_time'] - 34.14661) <= 1e-3
"; ok $? "plan: N = 398 inside the simulated MC interval (analytic 398 within 1); its 235 events at 24 + 10 months (East; rpact 34.1466)"

# --- rpact getSimulationSurvival ---------------------------------------------
[ -s "$ref" ]; ok $? "reference table $ref"
for d in east pocock3 kd3; do
    "$HIFUSIM" run "tests/gsd/$d.ini" --out "$tmp/$d" --quiet --no-report --replicates 50000 \
        > /dev/null 2> "$tmp/err" || diag "run $d failed: $(cat "$tmp/err")"
    py "
import csv, math
R = 50000
st = list(csv.DictReader(open('$tmp/$d/stages.csv')))
ref = [l.split() for l in open('$ref') if l.split() and l.split()[0] == '$d']
assert len(ref) == len(st) + 1, (len(ref), len(st))
bad = 0
def cmp(what, h, r, n):
    global bad
    se = math.sqrt(h * (1 - h) / R + r * (1 - r) / n)
    z = (h - r) / se if se > 0 else 0.0
    print('# $d %-22s hifusim %.5f rpact %.5f (%+.2f SE)' % (what, h, r, z))
    if abs(h - r) > 3 * se + 1e-12:
        bad += 1
for row in ref:
    k, n = row[1], int(row[2])
    if k == 'overall':
        cmp('overall power', float(st[-1]['reject_cum']), float(row[3]), n)
        continue
    s = st[int(k) - 1]
    cmp('look %s efficacy stop' % k, float(s['stop_efficacy']), float(row[3]), n)
    if row[4] != 'NA':
        cmp('look %s futility stop' % k, float(s['stop_futility']), float(row[4]), n)
assert bad == 0
"
    ok $? "$d: per-look stops and power = rpact's simulation within 3 combined SE"
done

# --- calendar looks before an event-driven analysis ----------------------------
cal=(--set design.looks=calendar:30)
"$HIFUSIM" check configs/gsd_default.ini "${cal[@]}" --json "$tmp/cal.json" > /dev/null 2> "$tmp/err"
py "
import json
s = json.load(open('$tmp/cal.json'))['scenarios'][0]
assert s['bounds'] is None and s['bounds_from'] == 'observed information', s
"; ok $? "calendar:30 with analysis events:120: check --json gives observed-information bounds"
"$HIFUSIM" run configs/gsd_default.ini "${cal[@]}" --out "$tmp/cal" --quiet --no-report --replicates 2000 \
    > /dev/null 2> "$tmp/err"
py "
import csv
s = list(csv.DictReader(open('$tmp/cal/stages.csv')))[0]
f, e = float(s['info_frac']), float(s['events_mean'])
print('# look 1: info_frac %.6f, events_mean / 120 = %.6f (months / K would be 0.25)' % (f, e / 120))
assert abs(f - e / 120) <= 1e-9
"; ok $? "calendar look: info_frac = observed events_mean / K (not the month 30 / 120)"
finish
