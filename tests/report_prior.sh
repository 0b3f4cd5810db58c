#!/usr/bin/env bash
# report_prior.sh — TAP tests of the report's assurance part (issue 16,
# item 5; src/report/report_prior.c and the assurance curve of
# src/report/report_power.c):
#   - a run with a [prior] on the HR and the control median (conditional =
#     yes): plots/prior_power (.svg, .png, .gp) in report.html; the page's
#     assurance table equals summary.json (assurance, power at the point
#     estimates with their CIs and SEs, the ceiling; 4 decimals shown), and
#     the prior-keys table its keys; prior_power.dat holds the drawn_hr bins
#     of prior_power.csv (power = rejections/replicates, centre inside the
#     bin, the density integrates to 1); the script's lines are summary.json's;
#   - a prior on accrual with the HR fixed: the accrual is plotted instead;
#   - a plan with conditional = yes: the curve is titled for assurance, has
#     the point-estimate power line (= plan.csv conditional_power) and the
#     ceiling at plan.json's; without conditional no second line;
#   - a run without a prior: no prior_power plot, no assurance section;
#   - a damaged prior_power.csv (missing column, garbage number, rejections
#     above replicates, broken quote, file missing): report exits 0, a note
#     naming the file (and line), no prior_power plot, the other plots drawn.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
command -v jq > /dev/null || skip_all "jq is not installed"
plan 33

H=$HIFUSIM
# near(A, B, TOL): |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t) }'; }

cat > "$tmp/prior.ini" << 'EOF'
[run]
name = prior
seed = 7
replicates = 600
[arm ctl]
family = exponential
median = 12
[arm exp]
reference = ctl
hr = 0.7
[design]
control = ctl
experimental = exp
n = 300
accrual = 12
analysis = events:100
alpha = 0.025
sides = 1
grid = 0:24:6
[plan]
target_power = 0.4
n_min = 100
n_max = 400
replicates_coarse = 200
replicates_fine = 400
[prior]
arm.exp.hr = lognormal:-0.356675,0.2
arm.ctl.median = normal:12,2
conditional = yes
EOF

# ---- a run with a prior ----
out=$tmp/run
"$H" run "$tmp/prior.ini" --out "$out" --quiet > "$tmp/run.out" 2>&1
ok $? "run with [prior] exits 0"
[ -s "$out/plots/prior_power.svg" ] && [ -s "$out/plots/prior_power.png" ] &&
    [ -s "$out/plots/prior_power.gp" ]
ok $? "plots/prior_power: .svg, .png and .gp non-empty"
grep -q '<figure id="fig-prior_power"' "$out/report.html"
ok $? "report.html shows plots/prior_power"

# the assurance table: row ID's cells 2-5 (estimate, CI low, CI high, SE)
cell() { # cell ID N: the Nth <td> of <tr id="ID">
    grep "<tr id=\"$1\">" "$out/report.html" | sed -e 's|</td>|\n|g' | sed -n "${2}p" | sed 's|.*>||'
}
S=".scenarios[-1]"
chk() { # chk ROW CELL JQ-FIELD
    local got want
    got=$(cell "$1" "$2")
    want=$(jq "$S.$3" "$out/summary.json")
    near "$got" "$want" 6e-5
    ok $? "table $1 cell $2 = summary.json $3 ($got vs $want, 6e-5)"
}
chk row-assurance 2 power
chk row-assurance 3 power_ci_low
chk row-assurance 4 power_ci_high
chk row-assurance 5 power_se
chk row-conditional 2 conditional_power
chk row-conditional 3 conditional_power_ci_low
chk row-conditional 4 conditional_power_ci_high
chk row-ceiling 2 assurance_ceiling
chk row-ceiling 5 assurance_ceiling_se
sed -n '/<table id="prior-keys">/,/<\/table>/p' "$out/report.html" | grep '^<tr><td>' |
    sed -e 's|^<tr><td>||' -e 's|</td><td>|\||' -e 's|</td>.*||' > "$tmp/keys.got"
jq -r "$S.prior.keys[] | .key + \"|\" + .prior" "$out/summary.json" > "$tmp/keys.want"
[ "$(wc -l < "$tmp/keys.want")" -eq 2 ] && cmp -s "$tmp/keys.got" "$tmp/keys.want"
ok $? "prior-keys table: the 2 keys and priors of summary.json"

# prior_power.dat against prior_power.csv's drawn_hr rows
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["key"] == "drawn_hr" && $c["replicates"] > 0 {
        print $c["value_low"], $c["value_high"], $c["replicates"], $c["rejections"] }' \
    "$out/prior_power.csv" > "$tmp/hr.csv"
grep -v '^#' "$out/plots/prior_power.dat" > "$tmp/hr.dat"
paste -d' ' "$tmp/hr.csv" "$tmp/hr.dat" | awk '
    { n++; lo = $1; hi = $2; N = $3; K = $4; x = $5; p = $6; el = $9; eh = $10; d = $11
      if ($12 != N || $13 != K) bad = bad " counts" NR
      q = p - K / N; if (q < 0) q = -q; if (q > 1e-9) bad = bad " power" NR
      if (x < lo - 1e-12 || x > hi + 1e-12) bad = bad " centre" NR
      if (el > lo + 1e-12 || eh < hi - 1e-12) bad = bad " edges" NR
      area += d * (eh - el) }
    END { a = area - 1; if (a < 0) a = -a
          if (a > 1e-6) bad = bad " area=" area
          if (n < 10) bad = bad " rows=" n
          if (bad != "") print bad; exit bad != "" }' > "$tmp/dat.bad"
ok $? "prior_power.dat: drawn_hr bins of prior_power.csv, Wilson source counts, density area 1 (1e-6)"
[ -s "$tmp/dat.bad" ] && diag "$(cat "$tmp/dat.bad")"
[ "$(wc -l < "$tmp/hr.csv")" -eq "$(wc -l < "$tmp/hr.dat")" ]
ok $? "prior_power.dat has one row per non-empty drawn_hr bin ($(wc -l < "$tmp/hr.dat"))"
a=$(sed -n 's/^A = \([0-9.e+-]*\).*/\1/p' "$out/plots/prior_power.gp")
c=$(sed -n 's/^C = \([0-9.e+-]*\).*/\1/p' "$out/plots/prior_power.gp")
near "$a" "$(jq "$S.power" "$out/summary.json")" 1e-9 &&
    near "$c" "$(jq "$S.conditional_power" "$out/summary.json")" 1e-9
ok $? "the plot's lines: assurance $a and point-estimate power $c = summary.json (1e-9)"
grep -q "set logscale x" "$out/plots/prior_power.gp" &&
    grep -q "xlabel 'drawn HR" "$out/plots/prior_power.gp"
ok $? "x axis: the drawn HR, log scale"

# ---- prior on accrual only (HR fixed): the accrual is plotted ----
sed -e 's/^arm.exp.hr = .*/arm.exp.hr = fixed:0.7/' -e 's/^arm.ctl.median = .*/design.accrual = uniform:10,14/' \
    "$tmp/prior.ini" > "$tmp/accrual.ini"
"$H" run "$tmp/accrual.ini" --out "$tmp/acc" --replicates 300 --quiet > /dev/null 2>&1 &&
    grep -q "xlabel 'drawn design.accrual'" "$tmp/acc/plots/prior_power.gp" &&
    ! grep -q "set logscale x" "$tmp/acc/plots/prior_power.gp" &&
    [ -s "$tmp/acc/plots/prior_power.svg" ]
ok $? "HR fixed, prior on accrual: the plot is against design.accrual, linear axis"

# ---- plan ----
pl=$tmp/plan
"$H" plan "$tmp/prior.ini" --out "$pl" --quiet > /dev/null 2>&1
ok $? "plan with [prior] exits 0"
gp=$pl/plots/power_curve.gp
grep -q "^set title 'Assurance and power at the point estimates against N'" "$gp" &&
    grep -q "title 'assurance'" "$gp" && grep -q "using 1:5 .*title 'power at the point estimates'" "$gp"
ok $? "plan curve: titled for assurance, with the assurance and the point-estimate power lines"
ce=$(sed -n "s/^set arrow from graph 0, first \([0-9.e+-]*\) to graph 1.*'#08519c'$/\1/p" "$gp")
near "$ce" "$(jq .assurance_ceiling "$pl/plan.json")" 1e-9
ok $? "plan curve: the ceiling line at plan.json's assurance_ceiling ($ce)"
grep -q "label 'target assurance 0.4'" "$gp"
ok $? "plan curve: the target is an assurance target"
# every point's conditional power = plan.csv's (the row with the most replicates per N)
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { n = $c["n"]; if (!(n in r) || $c["replicates"] > r[n]) { r[n] = $c["replicates"]; v[n] = $c["conditional_power"] } }
    END { for (n in v) print n, v[n] }' "$pl/plan.csv" | sort -n > "$tmp/cp.want"
grep -v '^#' "$pl/plots/power_curve.dat" | awk '{ print $1, $5 }' | sort -n > "$tmp/cp.got"
join "$tmp/cp.want" "$tmp/cp.got" | awk '{ d = $2 - $3; if (d < 0) d = -d; if (d > 1e-9) bad++; n++ }
    END { exit !(n >= 5 && bad == 0) }' &&
    [ "$(wc -l < "$tmp/cp.want")" -eq "$(wc -l < "$tmp/cp.got")" ]
ok $? "plan curve: each N's point-estimate power = plan.csv conditional_power (1e-9)"
grep -q '<tr id="row-ceiling">' "$pl/report.html"
ok $? "plan report: the assurance section with the ceiling"
sed 's/^conditional = yes/conditional = no/' "$tmp/prior.ini" > "$tmp/nocond.ini"
"$H" plan "$tmp/nocond.ini" --out "$tmp/plan2" --quiet > /dev/null 2>&1 &&
    grep -q "^set title 'Assurance against the number of patients'" "$tmp/plan2/plots/power_curve.gp" &&
    ! grep -q "using 1:5" "$tmp/plan2/plots/power_curve.gp"
ok $? "plan without conditional: assurance curve only"

# ---- no prior ----
np=$tmp/noprior
"$H" run tests/run/small.ini --out "$np" --replicates 200 --quiet > /dev/null 2>&1 &&
    [ ! -e "$np/prior_power.csv" ] && [ ! -e "$np/plots/prior_power.gp" ] &&
    ! grep -q 'assurance-table\|fig-prior_power' "$np/report.html" &&
    grep -q "^set title 'Power against the number of patients'\|^set title 'Survival" "$np"/plots/*.gp
ok $? "run without a prior: no prior_power plot, no assurance section"

# ---- damaged prior_power.csv ----
damage() { # damage NAME SED: report a copy of $out whose prior_power.csv is edited by SED
    rm -rf "${tmp:?}/$1"
    cp -R "$out" "$tmp/$1" && rm -rf "$tmp/$1/plots" "$tmp/$1/report.html" &&
        sed -i "$2" "$tmp/$1/prior_power.csv" &&
        "$H" report "$tmp/$1" --quiet > "$tmp/$1.out" 2>&1
}
gone() { # gone NAME: no prior_power plot, the other plots drawn
    [ ! -e "$tmp/$1/plots/prior_power.gp" ] && [ ! -e "$tmp/$1/plots/prior_power.svg" ] &&
        ! grep -q 'fig-prior_power' "$tmp/$1/report.html" && [ -s "$tmp/$1/plots/hr.svg" ]
}
damage nocol '1s/rejections/rej/'
ok $? "prior_power.csv without rejections: report exits 0"
grep -q "prior_power.csv: no column &#39;rejections&#39;" "$tmp/nocol/report.html" && gone nocol
ok $? "no rejections column: a note, no prior_power plot, hr still drawn"
damage garbage '3s/^\([^,]*,[^,]*\),[^,]*,/\1,abc,/'
ok $? "prior_power.csv with value_low 'abc': report exits 0"
grep -q "prior_power.csv:3: column &#39;value_low&#39;: expected a finite number" "$tmp/garbage/report.html" &&
    gone garbage && grep -q 'row-assurance' "$tmp/garbage/report.html"
ok $? "garbage number: a note naming prior_power.csv:3, no plot; the assurance table stays"
damage rejs '4s/^\([^,]*,[^,]*,[^,]*,[^,]*\),\([^,]*\),[^,]*,/\1,\2,99999,/'
grep -q "prior_power.csv:4: column &#39;rejections&#39;" "$tmp/rejs/report.html" && gone rejs
ok $? "rejections above replicates: a note naming prior_power.csv:4, no plot"
damage quote '2s/^/"/'
grep -q 'prior_power.csv could not be read as CSV' "$tmp/quote/report.html" && gone quote
ok $? "broken quote: a note, no plot"
rm -rf "$tmp/missing" && cp -R "$out" "$tmp/missing" && rm -rf "$tmp/missing/plots" "$tmp/missing/report.html" &&
    rm "$tmp/missing/prior_power.csv" && "$H" report "$tmp/missing" --quiet > /dev/null 2>&1 &&
    grep -q 'prior_power.csv is missing' "$tmp/missing/report.html" && gone missing
ok $? "prior_power.csv missing: report exits 0 with a note, no plot"
finish
