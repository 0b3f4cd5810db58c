#!/usr/bin/env bash
# report_run.sh — TAP tests of the run report's plots a statistician pastes
# (issue 17 items 4, 5), on configs/default.ini (events:120, no [design]
# grid, so the default grid ends at the design's longest follow-up):
#   - km_bands.csv has at_risk_mean and at_risk_any; the default grid ends
#     at a whole 6 months past the expected analysis time (not 72);
#   - each survival plot's data (plots/survival_*.dat) stop at the last grid
#     time before at_risk_any < 0.5, and that is before the grid's end;
#   - the numbers-at-risk table (plots/survival_*_atrisk.dat, the labels in
#     the .gp script and the HTML table) equals km_bands.csv at the ticks;
#   - the HR and duration histograms have no end-bin pile-up (first and last
#     displayed bin at most 4 times the mass of the 3 bins next to them, plus
#     2 trials) and the trials outside are printed as a labelled count;
#   - events of the event-driven run: estimates.csv quantiles are all 120,
#     report.html says "events: exactly 120 (event-driven)", no events plot.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || skip_all "gnuplot is not installed"
plan 16
out=$tmp/res
"$HIFUSIM" run configs/default.ini --out "$out" --replicates 400 --quiet > "$tmp/run.out" 2> "$tmp/run.err"
ok $? "run configs/default.ini exits 0"
sed 's/^/# /' "$tmp/run.err"
km=$out/km_bands.csv
head -1 "$km" | grep -q ',at_risk_mean,at_risk_any$'
ok $? "km_bands.csv ends with the columns at_risk_mean,at_risk_any"
tmax=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m + 0 }' "$km")
dur=$(awk -F, '$2 == "duration" { print $7 }' "$out/estimates.csv")
awk -v t="$tmax" -v d="$dur" 'BEGIN { exit !(t != 72 && t % 6 == 0 && t >= d - 6 && t <= d + 12) }'
ok $? "default grid ends at $tmax: a whole 6 months near the mean duration $dur (not 72)"
for arm in control experimental; do
    name=$([ $arm = control ] && echo chemo || echo hifu_chemo)
    dat=$out/plots/survival_$arm.dat
    # expected last time: the last row of the arm before at_risk_any < 0.5
    want=$(awk -F, -v a="$name" 'NR > 1 && $2 == a { if ($12 < 0.5) exit; last = $3 } END { print last }' "$km")
    got=$(grep -v '^#' "$dat" | tail -1 | cut -d' ' -f1)
    anymin=$(grep -v '^#' "$dat" | awk '{ if (m == "" || $8 < m) m = $8 } END { print m }')
    [ -n "$want" ] && [ "$got" = "$want" ] && awk -v m="$anymin" -v w="$want" -v t="$tmax" 'BEGIN { exit !(m >= 0.5 && w < t) }'
    ok $? "survival_$arm.dat stops at month $got = the last before at_risk_any < 0.5 (want $want, grid to $tmax)"
    # at-risk table = km_bands at the ticks (tolerance 1e-6)
    bad=$(grep -v '^#' "$out/plots/survival_${arm}_atrisk.dat" | while read -r t r0 r1; do
        awk -F, -v t="$t" -v r0="$r0" -v r1="$r1" 'NR > 1 && $3 == t {
            d = ($2 == "chemo") ? $11 - r0 : ($2 == "hifu_chemo") ? $11 - r1 : 0
            if (d > 1e-6 || d < -1e-6) print "t=" t " " $2 }' "$km"
    done)
    nt=$(grep -vc '^#' "$out/plots/survival_${arm}_atrisk.dat")
    [ -z "$bad" ] && [ "$nt" -ge 4 ]
    ok $? "survival_${arm}_atrisk.dat: $nt ticks, every mean at risk equals km_bands.csv's${bad:+ (differs: $bad)}"
    # the labels drawn under the axis: the same numbers, rounded
    r12=$(awk '$1 == 12 { printf "%.0f", $2 }' "$out/plots/survival_${arm}_atrisk.dat")
    grep -q "set label '$r12' at first 12, screen 0.12 center" "$out/plots/survival_$arm.gp"
    ok $? "survival_$arm.gp draws the control row's number at risk at month 12 ($r12)"
done
h12=$(awk -F, 'NR > 1 && $2 == "chemo" && $3 == 12 { printf "%.1f", $11 }' "$km")
grep -q "<table class=\"atrisk\">.*<td>chemo</td><td class=\"n\">[0-9.]*</td><td class=\"n\">$h12</td>" "$out/report.html"
ok $? "report.html has the numbers-at-risk table (chemo at month 12: $h12)"
for h in hr duration; do
    pile=$(grep -v '^#' "$out/plots/$h.dat" | awk '{ k[NR] = $4 } END {
        n = NR; if (n < 8) { print "only " n " bins"; exit }
        s = k[2] + k[3] + k[4]; if (k[1] > 4 * s / 3 + 2) print "first bin " k[1] " vs " s / 3
        s = k[n-1] + k[n-2] + k[n-3]; if (k[n] > 4 * s / 3 + 2) print "last bin " k[n] " vs " s / 3 }')
    [ -z "$pile" ]
    ok $? "plots/$h.dat: no end-bin pile-up${pile:+ ($pile)}"
    grep -qE "set label '[0-9]+ trials? (above|below) [0-9.]+'" "$out/plots/$h.gp"
    ok $? "plots/$h.gp prints the trials outside the range as a labelled count"
done
awk -F, '$2 == "events" { exit !($9 == 120 && $10 == 120 && $11 == 120 && $12 == 120 && $13 == 120) }' "$out/estimates.csv"
ok $? "estimates.csv: every events quantile is exactly 120"
grep -q "events: exactly 120 (event-driven)" "$out/report.html" && [ ! -e "$out/plots/events.gp" ]
ok $? "report.html says events: exactly 120 (event-driven), and draws no events histogram"
finish
