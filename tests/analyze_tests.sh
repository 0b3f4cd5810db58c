#!/usr/bin/env bash
# analyze_tests.sh — TAP tests of `hifusim analyze --test SPEC` (issue 15,
# item 3) against R (tests/r/nph_tests.R -> tests/r/nph_tests.txt; survival's
# survdiff / survfit and mvtnorm::pmvnorm) on tests/data/nph_*.csv (lung,
# veteran, colon, ovarian, WHAS500), unstratified and stratified:
# FH(0,0) (1,0) (0,1) (1,1) (0,0.5), mwlr and logrank z to 1e-8 (design sign:
# -U/sqrt(V), positive = group 1 better) with p = 2 Phi(-|z|), p1 = Phi(-z);
# MaxCombo z (largest |Z_k|, signed) to 1e-8, its components, and its two-
# and one-sided p against pmvnorm to 1e-5; rmst:TAU and milestone:T z to
# 1e-8 (unstratified, with a note under strata); `rmst` without TAU at --tau
# or the smaller last observed time; the published WHAS500 figures (CAMIS:
# chi-squares 10.900 9.9000 9.5455 9.8019, MaxCombo p 0.0020); --control
# flips every z; errors all at once, exit 2, nothing written.
# HIFUSIM = path of the binary (default build/hifusim).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

refs=tests/r/nph_tests.txt
sets="lung veteran colon ovarian whas500"
plan 40

for name in $sets; do
    csv=tests/data/nph_$name.csv
    tstar=$(awk -v n="$name" '$1 == "mwlr" && $2 == n { print $4; exit }' "$refs")
    taus=$(awk -v n="$name" '$1 == "rmst" && $2 == n { print $3 }' "$refs")
    mss=$(awk -v n="$name" '$1 == "ms" && $2 == n { print $3 }' "$refs")
    for strat in 0 1; do
        args=(analyze "$csv" --time time --event status --group group --json "$tmp/$name$strat.json")
        [ "$strat" = 1 ] && args+=(--strata stratum)
        specs=("fh:0,0" "fh:1,0" "fh:0,1" "fh:1,1" "fh:0,0.5" "mwlr:$tstar" logrank maxcombo)
        for t in $taus; do specs+=("rmst:$t"); done
        for t in $mss; do specs+=("milestone:$t"); done
        for s in "${specs[@]}"; do args+=(--test "$s"); done
        "$HIFUSIM" "${args[@]}" > "$tmp/$name$strat.out" 2> "$tmp/$name$strat.err"
        rc=$?
        res=$(python3 - "$tmp/$name$strat.json" "$refs" "$name" "$strat" "${specs[@]}" <<'PY'
import json, math, sys
out, refs, name, strat = sys.argv[1:5]
given = sys.argv[5:]
try:
    got = json.load(open(out))["tests"]
except Exception as ex:
    print("no JSON tests (%s)|-|-" % ex); sys.exit()
# the JSON tests in the order given, keyed by the spec as given here
tests = dict(zip(given, got))
if len(got) != len(given):
    print("%d tests in the JSON, %d given|-|-" % (len(got), len(given))); sys.exit()
bad = {"wlr": [], "mc": [], "km": []}
def cmp(part, what, got, want, tol):
    if got is None or not abs(got - want) <= tol:
        bad[part].append("%s: %r, expected %r" % (what, got, want))
def g(x):
    return "%.17g" % float(x)
def check_z(part, spec, z):  # z, two- and one-sided p from the reference z
    t = tests.get(spec)
    if t is None:
        bad[part].append("no test " + spec); return
    cmp(part, spec + " z", t["z"], z, 1e-8)
    cmp(part, spec + " p", t["p"], math.erfc(abs(z) / math.sqrt(2)), 1e-8)
    cmp(part, spec + " p1", t["p_one_sided"], 0.5 * math.erfc(z / math.sqrt(2)), 1e-8)
    if t["stratified"] != (strat == "1" and part == "wlr"):
        bad[part].append(spec + " stratified %r" % t["stratified"])
fhz = {}
for line in open(refs):
    f = line.split()
    if len(f) < 3 or f[1] != name:
        continue
    if f[0] == "fh" and f[2] == strat:
        spec = "fh:%s,%s" % (g(f[3]), g(f[4]))
        fhz[spec] = -float(f[7])
        check_z("wlr", spec, -float(f[7]))
        if spec == "fh:0,0":
            check_z("wlr", "logrank", -float(f[7]))
    elif f[0] == "mwlr" and f[2] == strat:
        check_z("wlr", "mwlr:" + g(f[3]), -float(f[6]))
    elif f[0] == "maxcombo" and f[2] == strat:
        t = tests.get("maxcombo")
        if t and t["test"] != "maxcombo:0,0+0,1+1,0+1,1":
            bad["mc"].append("test " + t["test"])
        if t is None:
            bad["mc"].append("no maxcombo"); continue
        cmp("mc", "z", t["z"], float(f[3]), 1e-8)
        cmp("mc", "p", t["p"], float(f[4]), 1e-5)
        cmp("mc", "p1", t["p_one_sided"], float(f[5]), 1e-5)
        comps = t.get("components", [])
        if len(comps) != 4:
            bad["mc"].append("%d components" % len(comps))
        for c in comps:
            cmp("mc", "component z", c["z"], fhz["fh:%s,%s" % (g(c["rho"]), g(c["gamma"]))], 1e-8)
        print("# %s strata %s: maxcombo p %.10g (R %.10g), p1 %.10g (R %.10g)" %
              (name, strat, t["p"], float(f[4]), t["p_one_sided"], float(f[5])), file=sys.stderr)
    elif f[0] in ("rmst", "ms"):
        spec = ("rmst:" if f[0] == "rmst" else "milestone:") + g(f[2])
        check_z("km", spec, float(f[-1]))
        t = tests.get(spec, {})
        if f[0] == "rmst":
            cmp("km", spec + " tau", t.get("tau"), float(f[2]), 0)
        has = "unstratified" in t.get("note", "")
        if has != (strat == "1"):
            bad["km"].append(spec + " note %r" % t.get("note"))
print("|".join("; ".join(bad[k][:3]) or "ok" for k in ("wlr", "mc", "km")))
PY
)
        IFS='|' read -r rw rm rk <<< "$res"
        [ $rc -eq 0 ] && [ "$rw" = ok ]
        ok $? "$name strata=$strat: FH, mwlr, logrank z / p / p1 = R to 1e-8 (rc=$rc: $rw)"
        [ $rc -eq 0 ] && [ "$rm" = ok ]
        ok $? "$name strata=$strat: MaxCombo z and components to 1e-8, p and p1 = pmvnorm to 1e-5 ($rm)"
        [ $rc -eq 0 ] && [ "$rk" = ok ]
        ok $? "$name strata=$strat: rmst and milestone z = R to 1e-8, unstratified note under strata ($rk)"
    done
done

# the published WHAS500 figures (CAMIS weighted log-rank page)
w=(analyze tests/data/nph_whas500.csv --time time --event status --group group)
"$HIFUSIM" "${w[@]}" --test fh:0,0 --test fh:1,0 --test fh:0,1 --test fh:1,1 --test maxcombo \
    --json "$tmp/whas.json" > "$tmp/whas.out" 2>&1
res=$(python3 - "$tmp/whas.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["tests"]
want = [10.900, 9.9000, 9.5455, 9.8019]
bad = ["%s chisq %.6f, published %s" % (x["test"], x["z"] ** 2, w)
       for x, w in zip(t, want) if abs(x["z"] ** 2 - w) > 5e-4 * (10 if w == 9.9 else 1)]
if abs(t[4]["p"] - 0.0020) > 5e-5:
    bad.append("maxcombo p %.6f, published 0.0020" % t[4]["p"])
print("; ".join(bad) or "ok (chisq %s, maxcombo p %.5f)" % (" ".join("%.4f" % (x["z"] ** 2) for x in t[:4]), t[4]["p"]))
PY
)
[[ $res == ok* ]]
ok $? "WHAS500 FH chi-squares and MaxCombo p as published: $res"

# rmst without TAU: --tau, else the smaller of the two groups' last observed times
l=(analyze tests/data/nph_lung.csv --time time --event status --group group)
last=$(awk -F, 'NR > 1 { if ($1 > m[$3]) m[$3] = $1 } END { print (m[0] < m[1] ? m[0] : m[1]) }' tests/data/nph_lung.csv)
"$HIFUSIM" "${l[@]}" --test rmst --test "rmst:$last" --json "$tmp/tau.json" > /dev/null 2>&1
python3 -c "
import json, sys
a, b = json.load(open('$tmp/tau.json'))['tests']
sys.exit(not (a['test'] == 'rmst' and a['tau'] == $last and a['z'] == b['z'] and a['p'] == b['p']))"
ok $? "rmst without TAU runs to the smaller last observed time ($last)"
zr=$(awk '$1 == "rmst" && $2 == "lung" && $3 == 365 { print $NF }' "$refs")
"$HIFUSIM" "${l[@]}" --tau 365 --test rmst --json "$tmp/tau2.json" > /dev/null 2>&1
python3 -c "
import json, sys
a = json.load(open('$tmp/tau2.json'))['tests'][0]
sys.exit(not (a['tau'] == 365 and abs(a['z'] - $zr) <= 1e-8))"
ok $? "rmst without TAU runs to --tau (z = R's $zr at 365)"

# sign: --control 1 makes group 0 the experimental group: every z flips
"$HIFUSIM" "${l[@]}" --control 1 --test fh:0,1 --test maxcombo --test rmst:365 --test milestone:180 --test cox \
    --json "$tmp/flip.json" > /dev/null 2>&1
"$HIFUSIM" "${l[@]}" --test fh:0,1 --test maxcombo --test rmst:365 --test milestone:180 --test cox \
    --json "$tmp/noflip.json" > "$tmp/noflip.out" 2>&1
python3 -c "
import json, sys
a = json.load(open('$tmp/flip.json'))['tests']; b = json.load(open('$tmp/noflip.json'))['tests']
ok = all(abs(x['z'] + y['z']) <= 1e-9 * max(1, abs(y['z'])) and abs(x['p'] - y['p']) <= 1e-6 and
         ('max' in x['test'] or abs(x['p_one_sided'] + y['p_one_sided'] - 1) <= 1e-9) for x, y in zip(a, b))
sys.exit(not (ok and len(a) == 5 and b[0]['z'] > 0 and b[4]['z'] > 0))"
ok $? "--control 1: every z flips sign, p unchanged, p1 -> 1 - p1 but MaxCombo's (lung: women better, z > 0)"
grep -q '^maxcombo:0,0+0,1+1,0+1,1 ' "$tmp/noflip.out" && grep -q '^  components: fh:0,0 z = ' "$tmp/noflip.out" &&
    grep -q '^cox ' "$tmp/noflip.out"
ok $? "the table prints each test and MaxCombo's components"
"$HIFUSIM" "${l[@]}" --json "$tmp/none.json" > /dev/null 2>&1 && ! grep -q '"tests"' "$tmp/none.json"
ok $? "without --test: no tests in the JSON"

# errors: every bad spec at once, exit 2, nothing written
"$HIFUSIM" "${l[@]}" --test fh:1 --test maxcombo --test maxcombo:0,0+0,1+1,0+1,1 --test rmst:0 --test rmst:-3 \
    --test wlr --json "$tmp/bad.json" > "$tmp/bad.out" 2> "$tmp/bad.err"
rc=$?
n=$(grep -c '^--test: ' "$tmp/bad.err")
[ $rc -eq 2 ] && [ ! -e "$tmp/bad.json" ] && [ ! -s "$tmp/bad.out" ] && [ "$n" -eq 5 ]
ok $? "five bad --test options: exit 2, $n messages, nothing written (rc=$rc)"
grep -q "^--test: 'maxcombo:0,0+0,1+1,0+1,1' is the same test as 'maxcombo'" "$tmp/bad.err"
ok $? "a duplicate (same normalised spec) is refused"
grep -q '^--test: test "rmst:0": ' "$tmp/bad.err" && grep -q '^--test: test "rmst:-3": ' "$tmp/bad.err"
ok $? "rmst tau <= 0 is refused"
printf 'time,status,arm\n1,1,a\n2,0,b\n3,1,c\n4,1,a\n' > "$tmp/three.csv"
"$HIFUSIM" analyze "$tmp/three.csv" --time time --event status --group arm --test fh:0,1 --json "$tmp/three.json" \
    > "$tmp/three.out" 2> "$tmp/three.err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/three.json" ] && grep -q '^--test: the data have 3 groups; expected two' "$tmp/three.err"
ok $? "three groups: refused, exit 2, nothing written (rc=$rc)"
finish
