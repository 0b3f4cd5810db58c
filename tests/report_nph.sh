#!/usr/bin/env bash
# report_nph.sh — TAP tests of the report's tests part (issue 15, item 5;
# src/report/report_tests.c):
#   - a run with several tests (configs/default.ini, also_test): plots
#     hr_time and tests_power exist (.svg, .png, .gp) and are in
#     report.html; the page's table of tests.csv equals tests.csv cell for
#     cell; the deciding test's interval is power.csv's Wilson interval;
#     the analysis window ends at summary.json duration_mean;
#   - a fixed-design log-rank-only run (tests/run/small.ini: inline models):
#     hr_time only (no tests.csv, no tests_power, no table), and every
#     point of hr_time.dat equals the marginal HR computed here in closed
#     form from small.ini's models (Weibull control with a mets effect,
#     experimental = control without it times HR 1 then 0.6 from 3 months);
#   - a plan folder (tests/plan/exp.ini): the window ends at plan.json's
#     mean analysis time, and the HR is the models' constant 0.6;
#   - a damaged tests.csv (a bad power, a missing column, a broken quote):
#     exit 0, a note naming tests.csv, no power-by-test plot or table;
#   - a folder whose config cannot be resolved (model files not found from
#     the current folder; no config recorded): exit 0, a note, no hr_time.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
command -v jq > /dev/null || skip_all "jq is not installed"
plan 28

H=$HIFUSIM
root=$PWD

# ---- a run with several tests ----
out=$tmp/nph
"$H" run configs/default.ini --out "$out" --replicates 300 --quiet \
    --set "design.also_test=fh:0,1 fh:1,0 maxcombo rmst:36 milestone:36" > "$tmp/run.out" 2>&1
ok $? "run with also_test exits 0"
for p in hr_time tests_power; do
    [ -s "$out/plots/$p.svg" ] && [ -s "$out/plots/$p.png" ] && [ -s "$out/plots/$p.gp" ]
    ok $? "plots/$p: .svg, .png and .gp non-empty"
    grep -q "<figure id=\"fig-$p\"" "$out/report.html"
    ok $? "report.html shows plots/$p"
done

# the table: report.html's first five columns against tests.csv
csv_rows() { # tests.csv as NAME|...: unquoted commas become |, quotes dropped
    tail -n +2 "$1" | awk '{ s = ""; q = 0
        for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
            if (c == "\"") q = !q; else if (c == "," && !q) s = s "|"; else s = s c }
        print s }'
}
html_rows() { # the rows of table#tests-table as cell|cell|...
    sed -n '/<table id="tests-table">/,/<\/table>/p' "$1" | grep '^<tr><td' |
        sed -e 's|^<tr><td[^>]*>||' -e 's|</td></tr>$||' -e 's|</td><td[^>]*>|\||g'
}
csv_rows "$out/tests.csv" > "$tmp/want"
html_rows "$out/report.html" | cut -d'|' -f1-5 > "$tmp/got"
[ "$(wc -l < "$tmp/want")" -eq 6 ] && cmp -s "$tmp/want" "$tmp/got"
ok $? "the table's scenario, test, rejections, power, power_se equal tests.csv (6 rows)"
[ $? -eq 0 ] || diff "$tmp/want" "$tmp/got" | sed 's/^/# /'
html_rows "$out/report.html" | awk -F'|' 'NR == 1 && $8 == "yes" { y++ } NR > 1 && $8 == "" { n++ }
    END { exit !(y == 1 && n == 5) }'
ok $? "the first test (the deciding one) is marked deciding, and only it"
# the deciding test's interval is Wilson's, as power.csv's power_ci_low/high (1e-4)
lo=$(html_rows "$out/report.html" | head -1 | cut -d'|' -f6)
hi=$(html_rows "$out/report.html" | head -1 | cut -d'|' -f7)
read -r plo phi < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { print $c["power_ci_low"], $c["power_ci_high"] }' "$out/power.csv")
awk -v a="$lo" -v b="$hi" -v c="$plo" -v d="$phi" \
    'BEGIN { exit !((a - c) ^ 2 < 1e-8 && (b - d) ^ 2 < 1e-8) }'
ok $? "deciding test's interval $lo-$hi = power.csv's Wilson $plo-$phi (1e-4)"
grep -q "'logrank'\|\"logrank\"" "$out/plots/tests_power.dat" &&
    [ "$(grep -vc '^#' "$out/plots/tests_power.dat")" -eq 6 ]
ok $? "tests_power.dat has the 6 tests"
w=$(sed -n 's/^set object 1 rect from 0, graph 0 to \([0-9.e+-]*\), graph 1.*/\1/p' "$out/plots/hr_time.gp")
dm=$(jq '.scenarios[-1].duration_mean' "$out/summary.json")
awk -v a="$w" -v b="$dm" 'BEGIN { exit !(a > 0 && (a - b) ^ 2 < 1e-6 * b * b) }'
ok $? "analysis window ends at duration_mean ($w vs $dm, 1e-3 relative)"

# ---- a fixed-design log-rank-only run ----
fx=$tmp/fixed
"$H" run tests/run/small.ini --out "$fx" --replicates 200 --quiet > /dev/null 2>&1
ok $? "small.ini run exits 0"
[ ! -e "$fx/tests.csv" ] && [ -s "$fx/plots/hr_time.svg" ] && [ ! -e "$fx/plots/tests_power.gp" ]
ok $? "log-rank only: hr_time drawn, no tests.csv and no tests_power"
! grep -q 'tests-table' "$fx/report.html" && ! grep -q 'class="notes"' "$fx/report.html"
ok $? "log-rank only: no tests table and no note"
awk 'BEGIN { e = exp(0.4) } !/^#/ { s = $1; H = (s / 30) ^ 1.3; S1 = exp(-H); S2 = exp(-H * e)
        hr = (s < 3 ? 1 : 0.6) * (S1 + S2) / (S1 + e * S2); d = ($2 - hr) / hr
        if (d < 0) d = -d; if (d > m) m = d; n++ }
    END { exit !(n == 400 && m < 1e-8) }' "$fx/plots/hr_time.dat"
ok $? "hr_time.dat: 400 points equal small.ini's marginal HR in closed form (1e-8 relative)"

# ---- a plan folder: window from plan.json; exponential PH: HR constant ----
pl=$tmp/plan
"$H" plan tests/plan/exp.ini --out "$pl" --quiet --set plan.replicates_coarse=50 \
    --set plan.replicates_fine=100 > /dev/null 2>&1
ok $? "plan of tests/plan/exp.ini exits 0"
w=$(sed -n 's/^set object 1 rect from 0, graph 0 to \([0-9.e+-]*\), graph 1.*/\1/p' "$pl/plots/hr_time.gp")
at=$(jq '.targets[0].analysis_time.mean' "$pl/plan.json")
awk -v a="$w" -v b="$at" 'BEGIN { exit !(a > 0 && (a - b) ^ 2 < 1e-6 * b * b) }'
ok $? "plan: analysis window ends at plan.json's mean analysis time ($w vs $at, 1e-3 relative)"
awk '!/^#/ { n++; d = $2 - 0.6; if (d < 0) d = -d; if (d > m) m = d }
    END { exit !(n == 400 && m < 1e-9) }' "$pl/plots/hr_time.dat"
ok $? "plan: exponential PH models give HR 0.6 at all 400 points (1e-9)"

# ---- damaged tests.csv ----
damage() { # damage NAME SED: report a copy of $out whose tests.csv is edited by SED
    rm -rf "${tmp:?}/$1"
    cp -R "$out" "$tmp/$1" && rm -rf "$tmp/$1/plots" "$tmp/$1/report.html" &&
        sed -i "$2" "$tmp/$1/tests.csv" &&
        "$H" report "$tmp/$1" --quiet > "$tmp/$1.out" 2>&1
}
damage badpow '3s/,0\.[0-9]*,/,1.5,/'
ok $? "tests.csv with power 1.5: report exits 0"
grep -q 'tests.csv:3: column &#39;power&#39;: expected a number in \[0, 1\]' "$tmp/badpow/report.html" &&
    [ ! -e "$tmp/badpow/plots/tests_power.gp" ] && ! grep -q tests-table "$tmp/badpow/report.html"
ok $? "power 1.5: a note naming tests.csv:3, no plot, no table"
[ -s "$tmp/badpow/plots/hr_time.svg" ]
ok $? "power 1.5: hr_time still drawn"
damage nocol '1s/power_se/se/'
ok $? "tests.csv without power_se: report exits 0"
grep -q "tests.csv: no column &#39;power_se&#39;" "$tmp/nocol/report.html" &&
    [ ! -e "$tmp/nocol/plots/tests_power.gp" ]
ok $? "without power_se: a note, no plot"
damage quote '2s/^0,/0,"/'
ok $? "tests.csv with a broken quote: report exits 0"
grep -q 'tests.csv could not be read' "$tmp/quote/report.html" &&
    [ ! -e "$tmp/quote/plots/tests_power.gp" ]
ok $? "broken quote: a note, no plot"

# ---- a config that cannot be resolved ----
(cd "$tmp" && "$H" report "$out" --quiet > "$tmp/away.out" 2>&1)
ok $? "report from another folder (model files not found) exits 0"
grep -q "hazard ratio over time: the run.s config could not be resolved: configs/default.ini:[0-9]*: model file" \
    "$out/report.html" && [ ! -e "$out/plots/hr_time.gp" ] && [ -s "$out/plots/tests_power.svg" ]
ok $? "unresolved models: a note naming the model file, no hr_time, tests_power still drawn"
rm -rf "$tmp/nocfg" && cp -R "$fx" "$tmp/nocfg" && rm -rf "$tmp/nocfg/plots" "$tmp/nocfg/report.html" &&
    jq 'del(.config_text) | del(.config)' "$fx/manifest.json" > "$tmp/nocfg/manifest.json" &&
    "$H" report "$tmp/nocfg" --quiet > /dev/null 2>&1
ok $? "a manifest without config: report exits 0"
grep -q 'the folder records no config' "$tmp/nocfg/report.html" &&
    [ ! -e "$tmp/nocfg/plots/hr_time.gp" ]
ok $? "no config recorded: a note, no hr_time"
cd "$root" || exit 1
finish
