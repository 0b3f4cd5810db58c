#!/usr/bin/env bash
# report_gsd.sh — TAP tests of the group-sequential part of a report (issue
# 14 item 6; src/report/report_stages.c): on a small run of
# configs/gsd_default.ini (200 replicates) report.html has the stage table
# with stages.csv's numbers (every row rebuilt here with awk, HR futility =
# hr_efficacy^(z_futility/z_efficacy)), the expected trial beside the fixed
# design (summary.json expected_*, the final look's events and time), the
# stopping-look sentence, and plots/boundaries.{gp,dat,svg,png}; two
# scenarios give one plot each and a scenario column. A damaged stages.csv
# (missing column, text in a number, looks out of order, a ragged row, no
# rows) leaves the group-sequential part out with a note naming the fault,
# exit 0, never a crash; a fixed-design folder gets none of it.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
command -v python3 > /dev/null || skip_all "python3 is not installed"
plan 27

g=$tmp/gsd
"$HIFUSIM" run configs/gsd_default.ini --out "$g" --replicates 200 --quiet > "$tmp/run.out" 2>&1
ok $? "gsd run with 200 replicates exits 0"
h=$g/report.html
grep -q '<h2>Group-sequential design</h2>' "$h"
ok $? "report.html has the group-sequential section"
for e in gp dat svg png; do
    [ -s "$g/plots/boundaries.$e" ]; ok $? "plots/boundaries.$e written"
done
grep -q 'id="fig-boundaries"' "$h"; ok $? "the boundary plot is inlined in report.html"
! grep -qiE 'https?:|ftp:|file:|@import|url\([^#]|<script' "$h"
ok $? "report.html stays self-contained (no URL, import or script)"

# the stage table, row by row, from stages.csv (NA where a value is left out)
rows=$(awk -F, '
    function f(v, d) {
        return (v == "NA" || v == "") ? "<td class=\"n\">NA</td>" \
                                      : sprintf("<td class=\"n\">%." d "f</td>", v)
    }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { zf = $(c["z_futility"])
      hf = (zf == "NA") ? "NA" : exp(log($(c["hr_efficacy"])) * zf / $(c["z_efficacy"]))
      print "<tr>" f($(c["look"]), 0) f($(c["info_frac"]), 3) f($(c["events_mean"]), 1) \
            f($(c["time_mean"]), 1) f($(c["n_enrolled_mean"]), 1) f($(c["z_efficacy"]), 4) \
            f(zf, 4) f($(c["hr_efficacy"]), 4) f(hf, 4) f($(c["stop_efficacy"]), 4) \
            f($(c["stop_futility"]), 4) f($(c["reject_cum"]), 4) f($(c["reached"]), 0) "</tr>" }' \
    "$g/stages.csv")
nrow=$(printf '%s\n' "$rows" | grep -c '<tr>')
[ "$nrow" -eq 2 ]; ok $? "stages.csv has the 2 looks of gsd_default ($nrow)"
miss=0
while IFS= read -r r; do grep -qF "$r" "$h" || { miss=1; echo "# missing: $r"; }; done <<< "$rows"
ok $miss "every stages.csv row is in the stage table with its numbers"
# the futility HR by its own formula exp(-z (1+r)/sqrt(r D)), r = 1, D = 60
# (tolerance 6e-5: the table rounds to 4 decimals)
hf=$(grep -o '<tr><td class="n">1</td>.*</tr>' "$h" | head -1 | sed 's/<\/td>/\n/g' |
    sed -n 9p | sed 's/.*>//')
zf=$(awk -F, 'NR == 2 { print $8 }' "$g/stages.csv")
awk -v a="$hf" -v z="$zf" 'BEGIN { d = a - exp(-2 * z / sqrt(60)); exit !(d < 6e-5 && d > -6e-5) }'
ok $? "HR futility at look 1 = exp(-2 z/sqrt(60)) within 6e-5 ($hf)"

# the expected trial against the fixed design
exp_row=$(python3 -c '
import json, csv, sys
s = json.load(open(sys.argv[1]))["scenarios"][0]
last = list(csv.DictReader(open(sys.argv[2])))[-1]
td = lambda v, d: "<td class=\"n\">%.*f</td>" % (d, v)
print("<tr>" + td(s["expected_events"], 1) + td(float(last["events_mean"]), 1)
      + td(s["expected_duration"], 1) + td(float(last["time_mean"]), 1)
      + td(s["expected_n"], 1) + td(s["n"], 0) + "</tr>")' "$g/summary.json" "$g/stages.csv")
grep -qF "$exp_row" "$h"; ok $? "expected events, duration and N beside the fixed design's"
grep -q 'KM bands, HR and medians describe each trial at the look where it stopped' "$h"
ok $? "the stopping-look sentence (estimates_at)"
! grep -q '<li>' <(sed -n '/<ul class="notes">/,/<\/ul>/p' "$h")
ok $? "no note on a sound stages.csv"

# damaged stages.csv: left out with a note, exit 0
damage() { # damage NAME: copy $g to $tmp/NAME, stages.csv from stdin, report it
    rm -rf "${tmp:?}/$1"
    cp -R "$g" "$tmp/$1" && rm -rf "$tmp/$1/plots" "$tmp/$1/report.html"
    cat > "$tmp/$1/stages.csv"
    "$HIFUSIM" report "$tmp/$1" --quiet > "$tmp/$1.out" 2>&1
}
left_out() { # left_out NAME NOTE: exit 0, the note, no section, no boundary plot
    [ "$2" -eq 0 ] && grep -qF "$3" "$tmp/$1/report.html" &&
        ! grep -q 'Group-sequential design' "$tmp/$1/report.html" &&
        [ ! -e "$tmp/$1/plots/boundaries.svg" ] && [ -s "$tmp/$1/plots/hr.svg" ]
}
cut -d, -f1-7,9- "$g/stages.csv" | damage nocol
left_out nocol $? "stages.csv: no column &#39;z_futility&#39;"
ok $? "a missing column: left out with a note naming it"
awk -F, -v OFS=, 'NR == 3 { $4 = "abc" } 1' "$g/stages.csv" | damage text
left_out text $? \
    "stages.csv:3: column &#39;events_mean&#39;: expected a number or NA, got &#39;abc&#39;"
ok $? "text in a number: left out with a note naming line and column"
awk -F, -v OFS=, 'NR == 2 { $10 = "0.9x" } 1' "$g/stages.csv" | damage text2
left_out text2 $? "stages.csv:2: column &#39;stop_efficacy&#39;"
ok $? "a number with trailing text: left out with a note"
awk -F, -v OFS=, 'NR == 3 { $2 = 3 } 1' "$g/stages.csv" | damage order
left_out order $? "stages.csv:3: look 3 of scenario 0; expected look 2"
ok $? "looks out of order: left out with a note"
awk -F, -v OFS=, 'NR == 2 { $2 = "1.5" } 1' "$g/stages.csv" | damage frac
left_out frac $? "column &#39;look&#39;: expected a whole number"
ok $? "a fractional look number: left out with a note"
{ cat "$g/stages.csv"; echo "0,3,1"; } | damage ragged
left_out ragged $? "stages.csv could not be read as CSV; skipped."
ok $? "a ragged row: left out with a note"
head -1 "$g/stages.csv" | damage empty
left_out empty $? "stages.csv: no rows"
ok $? "a header without rows: left out with a note"
printf '' | damage zero
left_out zero $? "stages.csv could not be read as CSV"
ok $? "an empty file: left out with a note"

# two scenarios: a plot each, a scenario column
g2=$tmp/gsd2
"$HIFUSIM" run configs/gsd_default.ini --out "$g2" --replicates 200 --set design.n=200,240 \
    --quiet > "$tmp/run2.out" 2>&1
ok $? "gsd run with two N exits 0"
[ -s "$g2/plots/boundaries_0.svg" ] && [ -s "$g2/plots/boundaries_1.svg" ] &&
    [ ! -e "$g2/plots/boundaries.svg" ]
ok $? "one boundary plot per scenario (boundaries_0, boundaries_1)"
lead='<tr><td class="n">[01]</td><td class="n">[12]</td><td class="n">[01]\.[0-9]\{3\}</td>'
n4=$(grep -c "$lead" "$g2/report.html")
[ "$n4" -eq 4 ]; ok $? "stage table: 4 rows led by scenario and look ($n4)"
grep -q '<th>scenario</th><th>expected events</th>' "$g2/report.html"
ok $? "expected-trial table has a scenario column"

# a fixed design: no group-sequential part
f=$tmp/fixed
"$HIFUSIM" run tests/run/small.ini --out "$f" --replicates 100 --quiet > /dev/null 2>&1
[ $? -eq 0 ] && [ ! -e "$f/stages.csv" ] && ! grep -q 'Group-sequential' "$f/report.html" &&
    [ -z "$(find "$f/plots" -name 'boundaries*')" ]
ok $? "a fixed-design folder: no stage table, no boundary plot"
finish
