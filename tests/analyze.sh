#!/usr/bin/env bash
# analyze.sh — TAP tests of `hifusim analyze`: a real-looking CSV (values
# checked against R survival's references in tests/r/surv_refs.txt, 1e-8
# relative), a quoted/CRLF/text-labelled variant, and bad-input fixtures
# (exit 2, FILE:LINE messages, no JSON written).
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

plan 24
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
finish
