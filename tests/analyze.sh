#!/usr/bin/env bash
# analyze.sh — TAP tests of `hifusim analyze`: a real-looking CSV (values
# checked against R survival's references in tests/r/surv_refs.txt, 1e-8
# relative), a quoted/CRLF/text-labelled variant, and bad-input fixtures
# (exit 2, FILE:LINE messages, no JSON written). Then missing values (NA, .
# and empty cells; complete rows only), R's 1/2 status coding, --event-value,
# --factor, numeric covariates and --time-unit, against R's results on the
# complete cases in tests/r/missing_refs.txt (tests/r/make_missing_refs.R),
# 1e-8 relative; and --json onto the input file is refused.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# jval FILE KEYPATH: first number after "KEY": in an indented json_dumps file,
# where KEYPATH is "section.key" or "section.key[i]" (arrays one value per line).
jval() {
    awk -v path="$2" '
    BEGIN { split(path, p, "."); sec = p[1]; key = p[2]; idx = -1
            if (match(key, /\[[0-9]+\]/)) { idx = substr(key, RSTART + 1, RLENGTH - 2) + 0; key = substr(key, 1, RSTART - 1) } }
    $0 ~ "\"" sec "\":" { insec = 1 }
    insec && $0 ~ "\"" key "\":" {
        if (idx < 0) { v = $0; sub(/.*: */, "", v); sub(/,$/, "", v); print v; exit }
        inarr = 1; k = -1; next }
    inarr { k++; if (k == idx) { v = $0; gsub(/[ ,]/, "", v); print v; exit } }' "$1"
}
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(a != "" && d <= 1e-8 * m + 1e-14) }'; }

plan 34
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

out="$tmp/a.json"
"$HIFUSIM" analyze tests/data/analyze_trial.csv --time time --event status --group arm --strata stratum \
    --covariate age --covariate kras --tau 36 --json "$out" > "$tmp/stdout" 2> "$tmp/stderr"
ok $? "analyze on tests/data/analyze_trial.csv exits 0"
grep -q 'log-rank (stratified)' "$tmp/stdout"; ok $? "table printed"
for k in logrank cox km; do grep -q "\"$k\":" "$out"; ok $? "JSON has key $k"; done
# R: survdiff(Surv(time, status) ~ arm + strata(stratum)) on surv_strata.csv
close "$(jval "$out" logrank.chisq)" 14.6566239271305; ok $? "log-rank chisq = R 14.6566239271305"
# R: coxph(Surv(time, status) ~ arm + age + kras + strata(stratum)), kras reference "mut"
close "$(jval "$out" cox.coef[0])" -0.62846651662756703; ok $? "Cox arm coef = R"
close "$(jval "$out" cox.coef[1])" 0.0054262336486098029; ok $? "Cox age coef = R"
close "$(jval "$out" cox.coef[2])" -0.37849196681779051; ok $? "Cox kras=wt coef = R"
grep -q '"kras=wt"' "$out"; ok $? "categorical term named kras=wt (reference = first sorted level, mut)"
# R: print(survfit(Surv(time, status) ~ 1, subset arm == 0), rmean = 36)
close "$(jval "$out" km.median)" 16.91; ok $? "KM median arm 0 = 16.91"
close "$(jval "$out" km.rmst)" 19.447845179355618; ok $? "KM RMST(36) arm 0 = R"
close "$(jval "$out" km.rmst_se)" 1.2616409199713263; ok $? "KM RMST se arm 0 = R"

out2="$tmp/b.json"
"$HIFUSIM" analyze tests/data/analyze_labels.csv --time time --event status --group arm --strata mets \
    --control chemo --json "$out2" > /dev/null 2>&1
ok $? "quoted, CRLF, text labels: exits 0"
grep -q '"arm=hifu_chemo"' "$out2"; ok $? "--control chemo: term arm=hifu_chemo"
close "$(jval "$out2" logrank.chisq)" 14.6566239271305; ok $? "same stratified log-rank as numeric coding"

bad() { # bad FILE PATTERN NAME
    "$HIFUSIM" analyze "$1" --time time --event status --group arm --json "$tmp/bad.json" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && grep -qE "$2" "$tmp/err" && [ ! -e "$tmp/bad.json" ]
    ok $? "$3 (rc=$rc: $(head -1 "$tmp/err"))"
}
bad tests/bad/analyze_empty.csv '^tests/bad/analyze_empty.csv:1: empty file' "empty file"
bad tests/bad/analyze_nocolumn.csv "^tests/bad/analyze_nocolumn.csv:1: no column named 'arm'" "missing column"
bad tests/bad/analyze_values.csv "^tests/bad/analyze_values.csv:3: column 'time': expected a time >= 0" "negative time"
grep -q "analyze_values.csv:4: column 'time': expected a finite number, got 'abc'" "$tmp/err" &&
    grep -q "analyze_values.csv:5: column 'status': expected an event indicator 0 or 1, got '2'" "$tmp/err" &&
    grep -q "analyze_values.csv:6: column 'status'" "$tmp/err"
ok $? "all value errors reported together (non-numeric time, event 2, event 'yes')"
bad tests/bad/analyze_onegroup.csv "analyze_onegroup.csv:1: column 'arm' has one group only" "one group only"
bad tests/bad/analyze_header_only.csv "analyze_header_only.csv:1: no data rows" "header only"
bad tests/bad/analyze_noevents.csv "analyze_noevents.csv:1: column 'status': no events" "no events"

# Missing values, event coding, factors: every "ref" value of each "cmd" case
# in tests/r/missing_refs.txt (R survival on the complete cases), 1e-8 relative.
refs=tests/r/missing_refs.txt
while read -r kind name file args; do
    [ "$kind" = cmd ] || continue
    # shellcheck disable=SC2086
    "$HIFUSIM" analyze "tests/data/$file" $args --json "$tmp/$name.json" > "$tmp/$name.out" 2> "$tmp/$name.err"
    rc=$?
    res=$(python3 - "$tmp/$name.json" "$refs" "$name" <<'PY'
import json, re, sys
js, refs, case = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    root = json.load(open(js))
except Exception as ex:
    print("no JSON: %s" % ex); sys.exit()
bad = checked = 0
for line in open(refs):
    f = line.split()
    if len(f) != 4 or f[0] != "ref" or f[1] != case:
        continue
    v = root
    try:
        for part in f[2].split("."):
            m = re.fullmatch(r"(.*)\[(\d+)\]", part)
            v = v[m.group(1)][int(m.group(2))] if m else v[part]
        want = float(f[3])
        okv = isinstance(v, (int, float)) and abs(v - want) <= 1e-8 * abs(want) + 1e-14
    except (KeyError, IndexError, TypeError):
        v, okv = "missing", False
    checked += 1
    if not okv:
        bad += 1
        if bad <= 3:
            print("%s = %s, R %s;" % (f[2], v, f[3]), end=" ")
print("%d of %d values differ from R" % (bad, checked) if bad or not checked else "ok %d" % checked)
PY
)
    case $res in ok*) r=0 ;; *) r=1 ;; esac
    [ $rc -eq 0 ] && [ $r -eq 0 ]; ok $? "R on complete cases, $name: rc=$rc, $res"
done < "$refs"
grep -q '^15 rows dropped for missing values (of 228): ph.ecog 1, wt.loss 14$' "$tmp/lung.out"
ok $? "lung: dropped rows counted and printed per column"
grep -q 'RMST to tau = 365 days' "$tmp/lung.out" && ! grep -q months "$tmp/lung.out" &&
    grep -q '"time_unit": "days"' "$tmp/lung.json"
ok $? "--time-unit days replaces months in the table and JSON"
grep -q '^events: 1/2 (2 = event)' "$tmp/lung.out" && grep -q '"event_coding": "1/2 (2 = event)"' "$tmp/lung.json"
ok $? "R's 1/2 status coding recognised and reported"
python3 -c 'import json,sys
a=json.load(open(sys.argv[1]))["cox"]["names"]; b=json.load(open(sys.argv[2]))["cox"]["names"]
sys.exit(not (a == ["arm=chemo", "age", "kras=wt", "grade=2", "grade=3"] and b == ["arm=hifu_chemo", "age", "grade"]))' \
    "$tmp/synth.json" "$tmp/synth_linear.json"
ok $? "numeric covariate = one linear term, --factor = dummies against the first level"
cp tests/data/analyze_trial.csv "$tmp/in.csv"
ln -s in.csv "$tmp/link.json"
"$HIFUSIM" analyze "$tmp/in.csv" --time time --event status --group arm --json "$tmp/in.csv" > /dev/null 2> "$tmp/err"
rc1=$?
"$HIFUSIM" analyze "$tmp/in.csv" --time time --event status --group arm --json "$tmp/link.json" > /dev/null 2>> "$tmp/err"
rc2=$?
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && cmp -s "$tmp/in.csv" tests/data/analyze_trial.csv && [ -L "$tmp/link.json" ] &&
    grep -q "^--json: '.*in.csv' is the input file" "$tmp/err"
ok $? "--json onto the input (same path or a symlink to it) refused, input intact (rc=$rc1,$rc2)"
finish
