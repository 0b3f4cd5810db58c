#!/usr/bin/env bash
# report_pages.sh — TAP tests of the three report page types (issue 17 items
# 6-8 and its Chromium screenshot): a run (configs/default.ini), a plan
# (configs/default.ini, few replicates) and sweeps (configs/sensitivity_mets.ini
# one-way; tests/sweep/target.ini with a target power). The plan page holds
# the comparison with the formulas as a table, its notes as text, cards for
# N, events and duration, and the recommended N in the scenario text; the
# sweep pages explain surprises (summary.json notes) and draw the N tornado.
# Then headless Chromium renders each report.html to a PNG screenshot in
# $HIFUSIM_SCREENSHOTS (default ${TMPDIR:-/tmp}/hifusim-screenshots, kept
# after the test and printed as a TAP comment): each exists, is a PNG, is large and not
# blank, and loading the page fetches nothing from outside the file
# (Chromium's own background services, as in report.sh, excepted).
# Skips the browser part cleanly without chromium, everything without gnuplot.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
plan 21

"$HIFUSIM" run configs/default.ini --out "$tmp/run" --replicates 300 --quiet > /dev/null 2>&1
ok $? "run of configs/default.ini exits 0"
"$HIFUSIM" plan configs/default.ini --out "$tmp/plan" --quiet --set plan.replicates_coarse=200 \
    --set plan.replicates_fine=400 --set plan.n_max=400 > /dev/null 2>&1
ok $? "plan of configs/default.ini exits 0"
"$HIFUSIM" sweep configs/sensitivity_mets.ini --out "$tmp/sweep" --replicates 400 > "$tmp/sweep.out" 2>&1
ok $? "one-way sweep of configs/sensitivity_mets.ini exits 0"
"$HIFUSIM" sweep tests/sweep/target.ini --out "$tmp/tsweep" --quiet > /dev/null 2>&1
ok $? "sweep with a target power (tests/sweep/target.ini) exits 0"

# the plan page (item 6)
h="$tmp/plan/report.html"
grep -q '<table *id="plan-analytic"' "$h" && grep -q '<th>Schoenfeld events</th>' "$h" &&
    grep -q '<th>Freedman events</th>' "$h" && grep -q '<th>Lachin-Foulkes N</th>' "$h" &&
    grep -q '<th>event-probability N</th>' "$h" && grep -q '<th>simulated power at that N</th>' "$h"
ok $? "plan page: the comparison with the formulas is an HTML table"
n80=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["targets"][0]["recommended_n"])' "$tmp/plan/plan.json")
sch=$(python3 -c 'import json,sys; print("%.1f" % json.load(open(sys.argv[1]))["targets"][0]["analytic"]["schoenfeld_events"])' "$tmp/plan/plan.json")
awk '/id="plan-analytic"/,/<\/table>/' "$h" | grep -q "<td class=\"n\">$n80</td>" &&
    awk '/id="plan-analytic"/,/<\/table>/' "$h" | grep -q "<td class=\"n\">$sch</td>"
ok $? "plan table: N $n80 and Schoenfeld $sch events as in plan.json"
grep -q '<ul id="plan-notes">' "$h" && grep -q 'hazards are not proportional' "$h"
ok $? "plan page: the non-PH notes as text"
grep -q "<p id=\"plan-words\"><b>Recommended sample size:</b> N = $n80 patients for 80% power" "$h"
ok $? "plan page: the scenario text gives the recommended N ($n80)"
grep -q '<div class="k">Events for 80% power</div>' "$h" && grep -q '<div class="k">Expected duration, 80% power</div>' "$h"
ok $? "plan page: cards for events and expected duration"
# the N labels of the power curve never share a height (no overprint)
[ "$(grep -c "^set label 'N = " "$tmp/plan/plots/power_curve.gp")" -eq 2 ] &&
    [ "$(grep "^set label 'N = " "$tmp/plan/plots/power_curve.gp" | grep -o 'graph [0-9.]*' | sort -u | wc -l)" -eq 2 ]
ok $? "power curve: the two N labels at different heights"

# the sweep pages (items 7, 8)
grep -q '^note: control median moves from .* months across axis mets4_effect' "$tmp/sweep.out"
ok $? "sweep headline: the control median moving over an effect axis"
grep -q '<ul id="sweep-notes">' "$tmp/sweep/report.html" &&
    grep -q 'months across axis mets4_effect (0.3 to 0.9): effects change both arms' "$tmp/sweep/report.html"
ok $? "sweep page: the same sentence"
[ -s "$tmp/tsweep/plots/n_tornado.svg" ] && grep -q 'id="fig-n_tornado"' "$tmp/tsweep/report.html"
ok $? "sweep with a target power: the N tornado is drawn"
grep -q "^base = $(awk -F, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "n_target_0.8_base") print $i } NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i }' "$tmp/tsweep/tornado.csv")\$" "$tmp/tsweep/plots/n_tornado.gp"
ok $? "N tornado: the base line is tornado.csv's n_target_0.8_base"

# ---- the browser: a screenshot of each page type ----
if [ -z "$CHROMIUM" ]; then
    for _ in 1 2 3 4 5 6 7; do skip "chromium is not installed"; done
    finish
fi
shots=${HIFUSIM_SCREENSHOTS:-${TMPDIR:-/tmp}/hifusim-screenshots}
mkdir -p "$shots"
echo "# screenshots in $shots (run.png, plan.png, sweep.png)"
chrome() { # chrome PROFILE ARGS...: headless Chromium with a fresh profile, bounded in time
    local prof=$1
    shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --user-data-dir="$prof" "$@"
}
nonblank() { # nonblank PNG: large, and its pixel data holds many byte values (not one colour)
    python3 - "$1" <<'PY'
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and len(b) > 30000, "not a PNG or too small"
i, idat = 8, b""
while i < len(b):
    n, t = struct.unpack(">I4s", b[i:i + 8])
    if t == b"IDAT":
        idat += b[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
assert len(set(raw)) >= 32, "blank: %d distinct byte values" % len(set(raw))
PY
}
for page in run plan sweep; do
    url="file://$(cd "$tmp/$page" && pwd)/report.html"
    chrome "$(mktemp -d -p "$tmp")" --enable-logging=stderr --v=1 --screenshot="$shots/$page.png" \
        --window-size=1280,2400 --virtual-time-budget=5000 "$url" > /dev/null 2> "$tmp/$page.net"
    [ -s "$shots/$page.png" ] && nonblank "$shots/$page.png" 2> "$tmp/$page.png.err"
    ok $? "$page page: screenshot $shots/$page.png is a non-blank PNG ($(wc -c < "$shots/$page.png" 2> /dev/null) bytes) $(tr '\n' ' ' < "$tmp/$page.png.err" | tail -c 120)"
    grep 'NotifyBeforeURLRequest' "$tmp/$page.net" | grep -oE '(https?|ftp|ws|wss)://[^ "]+' |
        grep -vE '^https?://(update\.googleapis\.com|optimizationguide-pa\.googleapis\.com|clients[0-9]*\.google\.com|accounts\.google\.com)/' |
        sort -u > "$tmp/$page.fetched"
    grep -oE 'file://[^ "]+' "$tmp/$page.net" | grep -v "report.html" | sort -u >> "$tmp/$page.fetched"
    [ ! -s "$tmp/$page.fetched" ]
    ok $? "$page page: nothing fetched from outside the file ($(wc -l < "$tmp/$page.fetched") URLs)"
done
[ "$(cmp -s "$shots/run.png" "$shots/plan.png"; echo $?)" -ne 0 ] && [ "$(cmp -s "$shots/plan.png" "$shots/sweep.png"; echo $?)" -ne 0 ]
ok $? "the three screenshots differ"
finish
