#!/usr/bin/env bash
# plan.sh — TAP tests of `hifusim plan` on tests/plan/exp.ini (exponential
# PH, HR 0.6, control median 30, events:K with K/N = 0.5): output files and
# keys, a monotone power curve (common random numbers), simulated power at
# the analytic (Schoenfeld-based) N within 3 MC SE of the target, identical
# results on 1 and 2 ranks and through `hifusim run`, and bad input (exit 2).
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
py() { python3 -c "$@"; }
cfg=tests/plan/exp.ini

plan 21
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

mpirun -n 2 --oversubscribe "$HIFUSIM" plan $cfg --out "$tmp/p2" --quiet > "$tmp/out2" 2> "$tmp/err2"
ok $? "plan under mpirun -n 2 exits 0"
[ -s "$tmp/p2/plan.json" ] && [ -s "$tmp/p2/plan.csv" ]; ok $? "plan.json and plan.csv written"
grep -q '^power 0.80: N = ' "$tmp/out2"; ok $? "headline printed"
J="$tmp/p2/plan.json"
py "
import json,sys
d=json.load(open('$J'))
t=d['targets']
assert isinstance(t,list) and len(t)==1
for k in ['target_power','recommended_n','recommended_n_low','recommended_n_high','events_needed','analytic']:
    assert k in t[0], k
for k in ['schoenfeld_events','freedman_events','n']:
    assert k in t[0]['analytic'], k
assert 'curve' in d and 'analysis_time' in t[0]
"; ok $? "plan.json has targets[] with the documented keys"
head -1 "$tmp/p2/plan.csv" | grep -q '^n,events,stage,replicates,rejections,power,power_se,ci_low,ci_high,'
ok $? "plan.csv header"
py "
import json
t=json.load(open('$J'))['targets'][0]
assert t['reached'] and t['recommended_n_low'] <= t['recommended_n'] <= t['recommended_n_high']
assert t['power'] >= 0.8 and t['events_needed'] == round(0.5*t['recommended_n'])
"; ok $? "recommended N inside its MC interval, power >= target, events = N/2"
# Monotone: every stage's curve (same replicates at every N) never decreases.
py "
import csv
rows=list(csv.DictReader(open('$tmp/p2/plan.csv')))
for st in ('coarse','fine'):
    r=sorted((int(x['n']),float(x['power'])) for x in rows if x['stage']==st)
    assert len(r)>=3, st
    for a,b in zip(r,r[1:]):
        assert b[1] >= a[1], (st,a,b)
"; ok $? "power curve never decreases with N (coarse and fine)"
py "import json; assert json.load(open('$J'))['monotone'] is True"; ok $? "plan.json monotone = true"
# validation.md: Schoenfeld D = (1.96+0.8416)^2 * 4 / ln(0.6)^2 = 120.3 for power 0.8
py "
import json
a=json.load(open('$J'))['targets'][0]['analytic']
assert abs(a['schoenfeld_events']-120.316)<0.01, a
assert abs(a['hazard_ratio']-0.6)<1e-9 and a['n']==241
"; ok $? "analytic: Schoenfeld 120.3 events, HR 0.6, N = ceil(120.3/0.5) = 241"
# Simulated power at the analytic N within 3 MC SE of the target
py "
import json,math
a=json.load(open('$J'))['targets'][0]['analytic']
R=json.load(open('$J'))['plan']['replicates_fine']
se=math.sqrt(0.8*0.2/R)
p=a['simulated_power_at_n']
print('# simulated power at N=%d: %.4f (target 0.8, 3 SE = %.4f)'%(a['n'],p,3*se))
assert abs(p-0.8) <= 3*se
"; ok $? "simulated power at the analytic N within 3 MC SE of 0.8"
py "
import json
t=json.load(open('$J'))['targets'][0]
assert abs(t['recommended_n']-t['analytic']['n']) <= 0.15*t['analytic']['n']
"; ok $? "simulated N within 15% of the analytic N"

# Same results on 1 rank, and through hifusim run at the analytic N
"$HIFUSIM" plan $cfg --out "$tmp/p1" --quiet > /dev/null 2>&1
ok $? "plan on 1 rank exits 0"
cmp -s "$tmp/p1/plan.csv" "$tmp/p2/plan.csv" && cmp -s "$tmp/p1/plan.json" "$tmp/p2/plan.json"
ok $? "plan.csv and plan.json identical on 1 and 2 ranks"
N=$(py "import json; print(json.load(open('$J'))['targets'][0]['analytic']['n'])")
K=$(py "import json; print(json.load(open('$J'))['targets'][0]['analytic']['events_at_n'])")
"$HIFUSIM" run $cfg --out "$tmp/run" --quiet --replicates 2000 --set design.n=$N \
    --set design.analysis=events:$K > /dev/null 2>&1
ok $? "hifusim run at the analytic N exits 0"
py "
import json
s=json.load(open('$tmp/run/summary.json'))['scenarios'][0]
a=json.load(open('$J'))['targets'][0]['analytic']
assert s['power']==a['simulated_power_at_n'], (s['power'],a['simulated_power_at_n'])
"; ok $? "run gives the same power as plan at that N (same streams)"

# Bad input
"$HIFUSIM" plan $cfg --out "$tmp/bad" --target-power 1.5 > /dev/null 2> "$tmp/e1"
[ $? -eq 2 ] && grep -q 'between 0 and 1' "$tmp/e1"; ok $? "--target-power 1.5: exit 2 with a message"
"$HIFUSIM" plan $cfg --out "$tmp/bad" --target-power 0 > /dev/null 2> "$tmp/e2"
[ $? -eq 2 ] && grep -q 'between 0 and 1' "$tmp/e2"; ok $? "--target-power 0: exit 2 with a message"
# one target-power parser (targets.h) for plan and sweep: a repeated power is refused
"$HIFUSIM" plan $cfg --out "$tmp/bad" --target-power 0.8,0.8 > /dev/null 2> "$tmp/e3"
[ $? -eq 2 ] && grep -q 'given twice' "$tmp/e3" && [ ! -e "$tmp/bad" ]; ok $? "--target-power 0.8,0.8: exit 2, nothing written"
"$HIFUSIM" plan $cfg --out "$tmp/un" --quiet --target-power 0.9 --set plan.n_max=60 \
    --set plan.replicates_fine=400 > "$tmp/o3" 2> "$tmp/e3"
[ $? -eq 2 ] && grep -q 'not reached' "$tmp/e3" && grep -q 'largest power seen is 0\.[0-9]* at N = ' "$tmp/e3"
ok $? "unreachable target: exit 2, largest power seen reported"
py "
import json
t=json.load(open('$tmp/un/plan.json'))['targets'][0]
assert t['reached'] is False and t['recommended_n'] is None and 0 < t['max_power_seen'] < 0.9
"; ok $? "unreachable target: plan.json says so (recommended_n null, max_power_seen)"

finish
