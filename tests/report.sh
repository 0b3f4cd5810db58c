#!/usr/bin/env bash
# report.sh — TAP tests of `hifusim report` and of the report a run writes:
# plots (SVG, PNG, gnuplot scripts) exist and are non-empty; report.html is
# self-contained (no URL, no external src/href, no @import or url() outside
# the page); a missing gnuplot leaves CSV/JSON and exit 0 for `run`; bad
# usage exits 2. Then the browser test in headless Chromium: the page
# loads, every plot is an <svg> with content in the rendered DOM, nothing is
# fetched from outside the file (network log), and a screenshot is written.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
have_gp=0
command -v gnuplot > /dev/null && have_gp=1
if [ $have_gp -eq 0 ]; then
    skip_all "gnuplot is not installed"
fi
plan 30

out="$tmp/res"
"$HIFUSIM" run configs/default.ini --out "$out" --replicates 300 --set design.n=200,240 --quiet \
    > "$tmp/run.out" 2> "$tmp/run.err"
ok $? "run with two N exits 0"
grep -q "report: .*report.html" "$tmp/run.out"; ok $? "run says where the report is"
[ -s "$out/report.html" ]; ok $? "run wrote report.html"
for p in survival_experimental survival_control power_curve hr median_os duration; do
    [ -s "$out/plots/$p.svg" ] && [ -s "$out/plots/$p.png" ] && [ -s "$out/plots/$p.gp" ]
    ok $? "plots/$p: .svg, .png and .gp non-empty"
done
file "$out/plots/hr.png" 2> /dev/null | grep -q 'PNG image' || head -c 8 "$out/plots/hr.png" | grep -q PNG
ok $? "hr.png is a PNG"
nsvg=$(grep -o '<svg' "$out/report.html" | wc -l)
[ "$nsvg" -ge 4 ]; ok $? "report.html inlines at least 4 plots ($nsvg)"
h="$out/report.html"
! grep -qiE 'https?:|ftp:|file:|//[a-z0-9.-]+\.[a-z]{2,}/' "$h"; ok $? "no URL in report.html"
! grep -qiE '(src|href|xlink:href)=["'"'"'][^#"'"'"']' "$h"; ok $? "every src/href is a #fragment"
! grep -qiE '@import|url\([^#]|<script|<link|<iframe|<object|<embed' "$h"; ok $? "no @import, url(), script, link or embed"

# restyle: a script reruns by hand in its folder
(cd "$out/plots" && rm -f hr.svg && gnuplot hr.gp > /dev/null 2>&1 && [ -s hr.svg ])
ok $? "plots/hr.gp redraws hr.svg when run by hand"

# report on its own, on the same folder; bad usage
"$HIFUSIM" report "$out" --quiet > "$tmp/rep.out" 2>&1; ok $? "hifusim report DIR exits 0"
"$HIFUSIM" report "$tmp/nonexistent" > /dev/null 2>&1; [ $? -eq 2 ]; ok $? "missing folder exits 2"
"$HIFUSIM" report > /dev/null 2>&1; [ $? -eq 2 ]; ok $? "no folder exits 2"

# landmarks come from the arm's model file ([provenance] targets, source),
# found as the run found it; never from the file's name
lm() { # lm NAME MODEL: report a copy of $out whose hifu_chemo arm names MODEL
    rm -rf "${tmp:?}/$1"
    cp -R "$out" "$tmp/$1" && rm -rf "$tmp/$1/plots" "$tmp/$1/report.html" &&
        sed -i "s|models/hifu_chemo.ini|$2|g" "$tmp/$1/manifest.json" &&
        "$HIFUSIM" report "$tmp/$1" --quiet > /dev/null 2>&1
}
lm lm_gone nowhere/hifu_chemo.ini
[ $? -eq 0 ] && [ ! -e "$tmp/lm_gone/plots/survival_experimental_targets.dat" ]
ok $? "a model file named hifu_chemo.ini that is not found: no landmarks"
[ -s "$tmp/lm_gone/plots/survival_control_targets.dat" ]
ok $? "the other arm's model file still gives its landmarks"
mkdir -p "$tmp/m"
sed -e 's|^targets = .*|targets = 6:0.99, 18:0.9; median 30|' \
    -e 's|^source = .*|source = Landmark test source 2026|' models/hifu_chemo.ini > "$tmp/m/anchor.ini"
lm lm_other "$tmp/m/anchor.ini"
[ "$(grep -v '^#' "$tmp/lm_other/plots/survival_experimental_targets.dat" 2> /dev/null | tr '\n' ' ')" = "6 0.99 18 0.9 30 0.5 " ]
ok $? "landmarks of a model file of another name: its [provenance] targets"
grep -q "Landmark test source 2026" "$tmp/lm_other/report.html" 2> /dev/null
ok $? "the survival caption cites its [provenance] source"

# gnuplot missing: the run still succeeds and leaves its results
HIFUSIM_GNUPLOT=/nonexistent/gnuplot "$HIFUSIM" run configs/default.ini --out "$tmp/nogp" \
    --replicates 100 --quiet > /dev/null 2> "$tmp/nogp.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/nogp/power.csv" ] && [ -s "$tmp/nogp/summary.json" ]
ok $? "without gnuplot, run exits 0 and leaves CSV/JSON"
[ "$(grep -c gnuplot "$tmp/nogp.err")" -eq 1 ]; ok $? "without gnuplot, run says so in one line"
"$HIFUSIM" run configs/default.ini --out "$tmp/norep" --replicates 100 --quiet --no-report \
    > /dev/null 2>&1
[ -s "$tmp/norep/power.csv" ] && [ ! -e "$tmp/norep/report.html" ]; ok $? "--no-report writes no report"

# ---- the browser test ----
if [ -z "$CHROMIUM" ]; then
    for _ in 1 2 3 4 5; do skip "chromium is not installed"; done
    finish
fi
chrome() { # chrome PROFILE ARGS...: headless Chromium with a fresh profile, bounded in time
    local prof=$1
    shift
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps \
        --disable-features=OptimizationGuideModelDownloading,OptimizationHintsFetching,OptimizationTargetPrediction,OptimizationHints \
        --user-data-dir="$prof" "$@"
}
url="file://$(cd "$out" && pwd)/report.html"
chrome "$(mktemp -d -p "$tmp")" --dump-dom --virtual-time-budget=5000 "$url" > "$tmp/dom.html" \
    2> "$tmp/dom.err"
rc=$?
[ $rc -eq 0 ] && grep -q '<h1>hifusim report' "$tmp/dom.html" && grep -q '</html>' "$tmp/dom.html"
ok $? "chromium loads the page (dump-dom)"
# every figure holds an <svg> with drawn content (paths or polylines)
awk 'BEGIN { RS = "<figure" } NR > 1 { figs++; if ($0 ~ /<svg/ && $0 ~ /<(path|polyline|polygon|rect)/) good++ }
     END { printf "%d %d\n", figs, good; exit !(figs >= 4 && figs == good) }' "$tmp/dom.html" > "$tmp/figs"
ok $? "every plot is an svg with content in the DOM ($(cat "$tmp/figs") figures/non-empty)"
chrome "$(mktemp -d -p "$tmp")" --enable-logging=stderr --v=1 --screenshot="$tmp/shot.png" \
    --window-size=1280,2000 "$url" > "$tmp/shot.out" 2> "$tmp/net.log"
[ -s "$tmp/shot.png" ] && head -c 8 "$tmp/shot.png" | grep -q PNG; ok $? "screenshot written"
# Requests seen by the network stack (NotifyBeforeURLRequest). Chromium's
# own background services (component updater, network time, account check,
# the optimization guide's model download) call these exact hosts even for a
# blank page; anything else is the page's.
grep 'NotifyBeforeURLRequest' "$tmp/net.log" | grep -oE '(https?|ftp|ws|wss)://[^ "]+' |
    grep -vE '^https?://(update\.googleapis\.com|optimizationguide-pa\.googleapis\.com|clients[0-9]*\.google\.com|accounts\.google\.com)/' |
    sort -u > "$tmp/fetched"
[ ! -s "$tmp/fetched" ]; ok $? "nothing fetched from outside the file ($(wc -l < "$tmp/fetched") URLs in the log)"
sed 's/^/# fetched: /' "$tmp/fetched"
grep -oE 'file://[^ "]+' "$tmp/net.log" | grep -v "report.html" | sort -u > "$tmp/files"
[ ! -s "$tmp/files" ]; ok $? "no other local file loaded"
finish
