#!/bin/bash
# tests/plan_fixed.sh — [plan] events = fixed with events_by (issue 17 item
# 3): K events stay and plan finds the smallest N whose expected K-th event
# comes by month X, against closed forms computed here in awk (exponential
# arms, uniform entry: P(event by t | entry u) = l/(l+d) (1 - e^-(l+d)(t-u))),
# for accrual given as a duration (the rate grows with N) and as a rate (the
# duration follows N, with dropout); N falls as X grows; then the simulated
# power (MC SE) and K-th event times at that N, a target K misses said in one
# line with exit 0, and n_max that cannot reach K by X refused (exit 2,
# nothing written).
. "$(dirname "$0")/lib.sh"
plan 17

cfg=$HS_SRC/tests/plan/exp.ini # control median 30, HR 0.6, events:120, 1:1
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
fast="--set plan.replicates_fine=400 --set plan.target_power=0.8,0.9"
# smallest N (even: 1:1 blocks) with expected events by X >= K. R = 0: uniform
# entry over D months (accrual as a duration); else entry at RATE a month.
ref_n() { awk -v K="$1" -v X="$2" -v D="$3" -v rate="$4" -v dp="$5" 'BEGIN {
    l0 = log(2) / 30; d = -log(1 - dp) / 12
    for (n = 2; n <= 100000; n += 2) {
        R = rate > 0 ? n / rate : D; e = 0
        for (k = 0; k < 2; k++) {
            l = k ? 0.6 * l0 : l0; g = l + d; T = X < R ? X : R
            # (n/2)/R * int_0^T l/g (1 - e^-g(X-u)) du
            e += (n / 2) / R * l / g * (T - (exp(-g * (X - T)) - exp(-g * X)) / g)
        }
        if (e >= K) { print n; exit }
    }
    print "none" }'; }
# and the exact (real) N at which the expected events reach K, duration accrual
ref_nreal() { awk -v K="$1" -v X="$2" -v D="$3" 'BEGIN { l0 = log(2) / 30; p = 0
    for (k = 0; k < 2; k++) { l = k ? 0.6 * l0 : l0; p += 0.5 * (1 - (exp(-l * (X - D)) - exp(-l * X)) / (l * D)) }
    printf "%.3f", K / p }'; }

# --- accrual as a duration (24 months): closed form ---------------------------
"$HIFUSIM" plan "$cfg" --out "$tmp/d36" --quiet --no-report --set plan.events=fixed --set plan.events_by=36 $fast \
    >"$tmp/d36.out" 2>"$tmp/d36.err"
rc=$?
want=$(ref_n 120 36 24 0 0)
real=$(ref_nreal 120 36 24)
got=$(json "$tmp/d36/plan.json" "d['events_fixed']['n']")
diag "duration accrual, events_by 36: N $got; closed form $real (smallest even $want)"
[ $rc = 0 ] && [ "$got" = "$want" ] && awk -v g="$got" -v r="$real" 'BEGIN { exit !(g - r >= 0 && g - r <= 2) }'
ok $? "events_by = 36, accrual 24 months: N = $got, the smallest even N at or above the closed form's $real"
json "$tmp/d36/plan.json" "(lambda f: f['accrual_given'] == 'duration' and abs(f['accrual_duration'] - 24) < 1e-9 and abs(f['accrual_rate'] - f['n'] / 24) < 1e-9 and 35 < f['expected_event_time'] <= 36 + 1e-6 and f['events_by'] == 36 and f['expected_events_by'] >= 120 and d['plan']['events_by'] == 36)(d['events_fixed'])" >"$tmp/c1" 2>&1
[ "$(cat "$tmp/c1")" = True ]
ok $? "plan.json events_fixed: accrual given as a duration (24 months, rate N/24), expected 120th event in (35, 36]"
json "$tmp/d36/plan.json" "(lambda f, s: f['replicates'] == 400 and abs(f['power_se'] - (f['power'] * (1 - f['power']) / 400) ** 0.5) < 1e-9 and s['q025'] < s['q500'] < s['q975'] and abs(s['q500'] - f['expected_event_time']) < 1.5)(d['events_fixed'], d['events_fixed']['simulated_event_time'])" >"$tmp/c2" 2>&1
[ "$(cat "$tmp/c2")" = True ]
ok $? "simulated at N: power with its MC SE (400 replicates); the simulated median 120th event within 1.5 months of the expected"
head -1 "$tmp/d36/plan.csv" | grep -q ',accrual_duration,events_by,expected_event_time$' &&
    awk -F, -v n="$got" 'NR == 2 { exit !($1 == n && $2 == 120 && $(NF - 1) == 36 && $(NF - 2) == 24) } END { exit NR != 2 }' "$tmp/d36/plan.csv"
ok $? "plan.csv: one row at N = $got, K = 120, with accrual_duration 24, events_by 36, expected_event_time"
grep -q "^N = $got: the smallest N in \[120, 600\] whose expected event 120 comes by month 36 (expected at month 3[56]\.[0-9]" "$tmp/d36.out" &&
    grep -q '^accrual 24.0 months at .* (accrual given as a duration: it stays and the rate grows with N)' "$tmp/d36.out" &&
    grep -q "^simulated at N = $got (400 replicates): power 0\.[0-9]* (MC SE 0\.[0-9]*; .*); event 120 at month [0-9.]* (median; 95% range" "$tmp/d36.out"
ok $? "headline: N and events_by, accrual (duration kept), simulated power with MC SE and the 120th event's median and range"
# 120 events cannot give 90% (Schoenfeld: 161.1 events at HR 0.6): said, exit 0
grep -q '^power 0.90: not reached by 120 events (simulated power 0\.[0-9]*); Schoenfeld needs 161\.[0-9] events (HR 0.600)' "$tmp/d36.out" &&
    json "$tmp/d36/plan.json" "[t['reached'] for t in d['targets']][1] is False and abs(d['targets'][1]['schoenfeld_events_needed'] - 161.1) < 0.1 and d['targets'][1]['recommended_n'] == $got" | grep -qx True
ok $? "target 0.90 that 120 events miss: one headline line with Schoenfeld's 161 events; plan.json keeps N; exit 0"

# the same plan on 3 ranks with another chunk: the same files
mpirun -n 3 "$HIFUSIM" plan "$cfg" --out "$tmp/d36m" --quiet --no-report --set plan.events=fixed --set plan.events_by=36 \
    $fast --chunk 7 >/dev/null 2>&1 && cmp -s "$tmp/d36/plan.json" "$tmp/d36m/plan.json" && cmp -s "$tmp/d36/plan.csv" "$tmp/d36m/plan.csv"
ok $? "3 ranks, chunk 7: plan.json and plan.csv identical to 1 rank's"

# --- monotone in X ------------------------------------------------------------
prev=1000000 mono=0 list=""
for X in 30 36 48 72; do
    "$HIFUSIM" plan "$cfg" --out "$tmp/m$X" --quiet --no-report --set plan.events=fixed --set plan.events_by=$X \
        --set plan.replicates_fine=50 --set plan.n_max=2000 >/dev/null 2>&1 || mono=1
    n=$(json "$tmp/m$X/plan.json" "d['events_fixed']['n']")
    w=$(ref_n 120 $X 24 0 0)
    list="$list X=$X:N=$n(ref $w)"
    [ "$n" = "$w" ] && [ "$n" -lt "$prev" ] || mono=1
    prev=$n
done
diag "$list"
[ $mono = 0 ]
ok $? "N falls as events_by grows and equals the closed form at every X:$list"

# --- accrual as a rate (20 a month) with dropout: the duration follows N --------
"$HIFUSIM" plan "$cfg" --out "$tmp/r" --quiet --no-report --set plan.events=fixed --set plan.events_by=30 \
    --set design.accrual=0:20 --set design.dropout=0.1 --set plan.replicates_fine=200 >"$tmp/r.out" 2>&1
rc=$?
want=$(ref_n 120 30 0 20 0.1)
got=$(json "$tmp/r/plan.json" "d['events_fixed']['n']")
diag "rate accrual 20/month, dropout 10%/year, events_by 30: N $got; closed form $want"
[ $rc = 0 ] && awk -v g="$got" -v w="$want" 'BEGIN { exit !(g - w <= 1 && w - g <= 1) }'
ok $? "events_by = 30, accrual 20 a month, dropout 0.1 a year: N = $got within 1 of the closed form's $want"
json "$tmp/r/plan.json" "(lambda f: f['accrual_given'] == 'rate' and abs(f['accrual_duration'] - f['n'] / 20) < 1e-6 and abs(f['accrual_rate'] - 20) < 1e-6)(d['events_fixed'])" | grep -qx True &&
    grep -q '(accrual given as a rate: it stays and the duration follows N)' "$tmp/r.out"
ok $? "rate accrual: the rate stays 20 and the duration is N/20, said in the headline"

# --- n_max cannot reach K by X: exit 2 before simulating, nothing written -------
"$HIFUSIM" plan "$cfg" --out "$tmp/no" --quiet --set plan.events=fixed --set plan.events_by=20 >"$tmp/no.out" 2>"$tmp/no.err"
rc=$?
# at n_max = 600 over 24 months, by month 20: 500 entered
dm=$(awk 'BEGIN { l0 = log(2) / 30; e = 0; for (k = 0; k < 2; k++) { l = k ? 0.6 * l0 : l0; e += 300 / 24 * (20 - (1 - exp(-l * 20)) / l) } printf "%.1f", e }')
diag "$(cat "$tmp/no.err")"
[ $rc = 2 ] && [ ! -e "$tmp/no" ] && [ ! -s "$tmp/no.out" ] && [ "$(wc -l <"$tmp/no.err")" = 1 ] &&
    grep -q "events_by = 20: 120 events are not expected by month 20 with N up to n_max = 600 (at n_max $dm events are expected by then)" "$tmp/no.err"
ok $? "events_by = 20: even n_max = 600 expects only $dm events by then (closed form): one line, exit 2, nothing written"
"$HIFUSIM" plan "$cfg" --out "$tmp/no2" --quiet --set plan.events=fixed --set plan.events_by=36 --set plan.n_max=100 2>"$tmp/no2.err"
[ $? = 2 ] && [ ! -e "$tmp/no2" ] && grep -q 'and K events need at least K patients' "$tmp/no2.err"
ok $? "K = 120 above n_max = 100: exit 2, the message says K events need K patients"
# the keys' own faults
"$HIFUSIM" plan "$cfg" --out "$tmp/e1" --quiet --set plan.events=fixed 2>"$tmp/e1.err"
[ $? = 2 ] && grep -q 'events = fixed without \[plan\] events_by' "$tmp/e1.err"
ok $? "events = fixed without events_by: exit 2 naming the key"
"$HIFUSIM" plan "$cfg" --out "$tmp/e2" --quiet --set plan.events_by=36 2>"$tmp/e2.err"
[ $? = 2 ] && grep -q 'events_by without \[plan\] events = fixed' "$tmp/e2.err"
ok $? "events_by without events = fixed: exit 2"

# --- sweep: target_power with solve = followup is refused (issue 17 brief item 2)
"$HIFUSIM" sweep "$cfg" --out "$tmp/sw" --quiet --set design.analysis=followup:12 --set plan.solve=followup \
    --set 'sweep.axis.hr=arm.trt.hr: 0.6 | 0.7' --target-power 0.8 >/dev/null 2>"$tmp/sw.err"
[ $? = 2 ] && [ ! -e "$tmp/sw" ] && [ "$(wc -l <"$tmp/sw.err")" = 1 ] &&
    grep -q '^--target-power: given with \[plan\] solve = followup; .*run `hifusim plan` per point' "$tmp/sw.err"
ok $? "sweep --target-power with [plan] solve = followup: one line naming both, exit 2, nothing written"
"$HIFUSIM" sweep "$cfg" --out "$tmp/sw2" --quiet --set design.analysis=followup:12 --set plan.solve=followup \
    --set 'sweep.axis.hr=arm.trt.hr: 0.6 | 0.7' --set sweep.target_power=0.8 >/dev/null 2>"$tmp/sw2.err"
[ $? = 2 ] && [ ! -e "$tmp/sw2" ] && grep -q '\[sweep\] target_power with \[plan\] solve = followup' "$tmp/sw2.err"
ok $? "sweep with [sweep] target_power and [plan] solve = followup: refused, exit 2"
# without solve = followup the same sweep runs its N search
"$HIFUSIM" sweep "$cfg" --out "$tmp/sw3" --quiet --set design.analysis=followup:12 --set run.replicates=40 \
    --set 'sweep.axis.hr=arm.trt.hr: 0.6 | 0.7' --target-power 0.8 --set plan.replicates_coarse=40 \
    --set plan.replicates_fine=80 --no-report >/dev/null 2>&1
[ $? -le 2 ] && head -1 "$tmp/sw3/sweep.csv" | grep -q n_target
ok $? "the same sweep with solve = n searches N per point"
finish
