#!/usr/bin/env bash
# analyze_gsd.sh — TAP tests of `hifusim analyze --looks ...` (issue 14, item
# 7): for every case of tests/r/analyze_gsd.txt (rpact's
# getDesignGroupSequential with the current look at D / K, survival's
# survdiff z and an independent decision; tests/r/analyze_gsd.R), the JSON
# `gsd` bounds of every look, the current look, z and the decision agree to
# 1e-6 absolute; the table marks the current look and prints the decision;
# and bad group-sequential options are all reported at once, exit 2, nothing
# written. HIFUSIM = path of the binary (default build/hifusim).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

refs=tests/r/analyze_gsd.txt
cases=$(grep '^case |' "$refs")
decisions=$(grep '^decision |' "$refs")
ncase=$(grep -c '^case |' "$refs")
plan $((2 * ncase + 9))

while IFS='|' read -r kind name file args; do
    [ "$kind" = "case " ] || continue
    name=${name// /}
    file=${file// /}
    # shellcheck disable=SC2086
    "$HIFUSIM" analyze "$file" $args --json "$tmp/$name.json" > "$tmp/$name.out" 2> "$tmp/$name.err"
    rc=$?
    res=$(python3 - "$tmp/$name.json" "$refs" "$name" <<'PY'
import json, math, sys
out, refs, name = sys.argv[1:]
g = json.load(open(out))["gsd"]
bad = []
def num(s):
    s = s.strip()
    return None if s == "NA" else math.inf if s == "Inf" else float(s)
def cmp(what, got, want, tol=1e-6):
    if want is None or (isinstance(want, float) and math.isinf(want)):
        if got is not None:
            bad.append("%s: %r, expected null" % (what, got))
    elif got is None or abs(got - want) > tol:
        bad.append("%s: %r, expected %r" % (what, got, want))
nlook = 0
for line in open(refs):
    f = [x.strip() for x in line.split("|")]
    if len(f) < 2 or f[1] != name:
        continue
    if f[0] == "look":
        j = int(f[2]); b = g["bounds"][j - 1]; nlook += 1
        cmp("look %d events" % j, b["events"], num(f[3]), 0)
        for key, v in zip(["info_frac", "z_efficacy", "z_futility", "alpha_cum", "beta_cum"], f[4:9]):
            cmp("look %d %s" % (j, key), b[key], num(v))
    elif f[0] == "decision":
        cmp("look", g["look"], num(f[2]), 0)
        cmp("events", g["events"], num(f[3]), 0)
        cmp("z", g["z"], num(f[4]))
        cmp("z_efficacy", g["z_efficacy"], num(f[5]))
        if g["decision"] != f[6]:
            bad.append("decision %s, expected %s" % (g["decision"], f[6]))
        cur = g["bounds"][g["look"] - 1]
        cmp("info_frac", g["info_frac"], cur["info_frac"], 0)
if nlook != len(g["bounds"]):
    bad.append("%d looks in the JSON, %d in the reference" % (len(g["bounds"]), nlook))
print("; ".join(bad[:4]) if bad else "ok")
PY
)
    [ $rc -eq 0 ] && [ "$res" = ok ]
    ok $? "$name: bounds, look, z and decision = rpact/survival to 1e-6 (rc=$rc: $res)"
    dec=$(grep "| $name |" <<< "$decisions" | awk -F' [|] ' '{print $3 "|" $7}')
    look=${dec%%|*}
    want=${dec##*|}
    case $want in
        efficacy) text='crosses the efficacy bound: stop for efficacy' ;;
        futility) text='crosses the futility bound: stop for futility' ;;
        continue) text="continue to look $((look + 1))" ;;
        *) text='does not cross the final efficacy bound' ;;
    esac
    grep -q "^$look \* " "$tmp/$name.out" && grep -q "at look $look: $text" "$tmp/$name.out"
    ok $? "$name: table marks look $look and prints '$text'"
done <<< "$cases"

csv=tests/data/analyze_gsd.csv
base=(analyze "$csv" --time time --event status --group arm)
"$HIFUSIM" "${base[@]}" --looks events:200 --final-events 300 | grep -q '^1 \* .*99 '
ok $? "more events planned at the interim than observed: the interim is the current look"
"$HIFUSIM" "${base[@]}" --looks events:40 --final-events 60 > "$tmp/over.out" 2>&1 &&
    grep -q '99 events, over the 60 planned: the final look 2, at information fraction 1' "$tmp/over.out"
ok $? "D > K: the final look at t = 1, and it says so"
"$HIFUSIM" "${base[@]}" --json "$tmp/plain.json" > /dev/null 2>&1 && ! grep -q '"gsd"' "$tmp/plain.json"
ok $? "without --looks: no gsd in the JSON"

# every option error at once, exit 2, nothing written
"$HIFUSIM" "${base[@]}" --looks info:0.5,0.4 --final-events 0 --efficacy asx --futility bsof:1 \
    --futility-binding maybe --beta 1.5 --alpha 0 --sides 3 --json "$tmp/bad.json" > "$tmp/bad.out" 2> "$tmp/bad.err"
rc=$?
n=$(grep -c '^--' "$tmp/bad.err")
[ $rc -eq 2 ] && [ ! -e "$tmp/bad.json" ] && [ ! -s "$tmp/bad.out" ] && [ "$n" -ge 8 ]
ok $? "eight bad options: exit 2, $n messages, nothing written (rc=$rc)"
for want in '^--final-events: .0.; expected a whole number of events >= 1' '^--looks: .* not increasing' \
    '^--efficacy: unknown efficacy' '^--futility-binding: .maybe.; expected yes or no'; do
    grep -qE "$want" "$tmp/bad.err"
    ok $? "message $want"
done
"$HIFUSIM" "${base[@]}" --efficacy asp --final-events 100 --json "$tmp/bad2.json" > /dev/null 2> "$tmp/bad2.err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/bad2.json" ] && grep -q '^--efficacy: .asp. without --looks' "$tmp/bad2.err" &&
    grep -q '^--final-events: .100. without --looks' "$tmp/bad2.err"
ok $? "spending options without --looks: each refused, exit 2 (rc=$rc)"
finish
