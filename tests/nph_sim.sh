#!/usr/bin/env bash
# nph_sim.sh — TAP validation of the non-proportional-hazards tests in the
# simulation (issue 15, "Validation"), on the configs in tests/nph/:
#   - type I error under HR = 1 (tests/nph/type1.ini: exponential arms, 400
#     patients, 240 events, 10^5 replicates, one-sided 0.025): logrank, cox,
#     fh:0,1, fh:1,0, fh:1,1, fh:0,0.5, mwlr:12, maxcombo and rmst:18 in one
#     run (logrank deciding, 8 also_test, the most a config takes), and
#     milestone:12 in a second run on the same seed with logrank recorded
#     beside it: identical logrank rejections prove the same replicates.
#     Each rejection rate within 3 MC SE (sqrt(alpha (1 - alpha) / R)) of
#     alpha;
#   - a crossing-hazards design that is null in RMST (tests/nph/crossing.ini,
#     the hazard ratio after 6 months from tests/nph/crossing.R): rmst:18
#     rejects with probability alpha within 3 SE, while logrank (not null
#     there) rejects in more than half of the replicates;
#   - a delayed effect (tests/nph/delayed.ini: HR 1 for 6 months, then 0.6):
#     fh:0,1 and maxcombo more powerful than logrank on the same replicates,
#     by more than 3 x (SE_test + SE_logrank), an upper bound of the SE of
#     the paired difference whatever the correlation of the decisions.
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

plan 20
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
run() { # run OUT CONFIG [ARGS...]
    local out=$1 t0
    shift
    t0=$(date +%s.%N)
    "$HIFUSIM" run "$@" --out "$tmp/$out" --quiet --no-report > /dev/null 2> "$tmp/err" ||
        { diag "run $* failed: $(cat "$tmp/err")"; return 1; }
    diag "run $*: $(secs "$t0") s"
}
# within OUT TEST...: each test's power within 3 SE of alpha = 0.025
within() {
    local out=$1
    shift
    python3 - "$tmp/$out/tests.csv" "$@" <<'PY'
import csv, math, sys
rows = {r['test']: r for r in csv.DictReader(open(sys.argv[1]))}
ok = True
for t in sys.argv[2:]:
    r = rows[t]
    n = int(r['rejections']) / float(r['power'])
    se = math.sqrt(0.025 * 0.975 / n)
    p = float(r['power'])
    good = abs(p - 0.025) <= 3 * se
    ok = ok and good
    print('# %-26s rejections %6s of %.0f: %.5f (alpha 0.025, 3 SE %.5f)%s'
          % (t, r['rejections'], n, p, 3 * se, '' if good else '  OUTSIDE'))
sys.exit(0 if ok else 1)
PY
}
col() { # col OUT TEST FIELD
    awk -F, -v t="$2" -v f="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { k = $2; gsub(/"/, "", k); if (k == t) print $(c[f]) }' "$tmp/$1/tests.csv"
}

# --- type I error, every test ------------------------------------------------
run t1 tests/nph/type1.ini
ok $? "run tests/nph/type1.ini (HR 1, 10^5 replicates, 9 tests)"
for t in logrank cox "fh:0,1" "fh:1,0" "fh:1,1" "fh:0,0.5" mwlr:12 "maxcombo:0,0+0,1+1,0+1,1" rmst:18; do
    within t1 "$t"
    ok $? "type I error of $t within 3 SE of 0.025"
done
run t1m tests/nph/type1.ini --set design.test=milestone:12 --set design.also_test=logrank
ok $? "run tests/nph/type1.ini deciding by milestone:12, logrank recorded"
a=$(col t1 logrank rejections)
b=$(col t1m logrank rejections)
[ -n "$a" ] && [ "$a" = "$b" ]
ok $? "same replicates: logrank rejections $a in both runs ($b)"
within t1m milestone:12
ok $? "type I error of milestone:12 within 3 SE of 0.025"

# --- crossing hazards, null in RMST ------------------------------------------
run cr tests/nph/crossing.ini
ok $? "run tests/nph/crossing.ini (crossing hazards, equal RMST to 18 months)"
within cr rmst:18
ok $? "rmst:18 rejects with probability 0.025 within 3 SE (null in RMST)"
l=$(col cr logrank power)
diag "logrank power in the crossing design: $l"
awk -v p="$l" 'BEGIN { exit !(p > 0.5) }'
ok $? "logrank, not null there, rejects in more than half the replicates ($l)"

# --- delayed effect ----------------------------------------------------------
run de tests/nph/delayed.ini
ok $? "run tests/nph/delayed.ini (HR 1 for 6 months, then 0.6)"
for t in "fh:0,1" "maxcombo:0,0+0,1+1,0+1,1"; do
    python3 - "$tmp/de/tests.csv" "$t" <<'PY'
import csv, sys
rows = {r['test']: r for r in csv.DictReader(open(sys.argv[1]))}
t, l = rows[sys.argv[2]], rows['logrank']
d = float(t['power']) - float(l['power'])
bound = float(t['power_se']) + float(l['power_se'])
print('# %s power %.4f (SE %.4f), logrank %.4f (SE %.4f): difference %.4f, 3 x (SE + SE) %.4f'
      % (sys.argv[2], float(t['power']), float(t['power_se']), float(l['power']),
         float(l['power_se']), d, 3 * bound))
sys.exit(0 if d > 3 * bound else 1)
PY
    ok $? "delayed effect: $t more powerful than logrank by > 3 SE of the difference"
done
finish
