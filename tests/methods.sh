#!/bin/bash
# tests/methods.sh — the protocol outputs (design.md "Protocol outputs",
# issue 17 item 9): every run, plan and sweep writes methods.md and the
# headline table as headline.csv, headline.md and headline.rtf, even with
# --no-report; headline.csv's numbers are summary.json's / plan.json's /
# sweep.csv's as those files print them (tolerance 0), and methods.md's
# power, SE, N, events, duration, seed and replicate count are theirs after
# the rounding it states (tests/methods_check.py does the comparisons with
# python3). Also: an assurance run says "assurance" and gives the prior, a
# group-sequential run its looks and bounds, also_test names the tests, a
# lean run says outputs = power; the RTF is plain and valid (structure
# checked; converted with soffice when LibreOffice is installed); the files
# are byte-identical on 1 and 2 ranks and after a sweep's merge; a failed
# command writes none of them; `hifusim report DIR` writes them into a
# folder that has none and leaves existing ones alone.
. "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || skip_all "python3 is not installed"
plan 34

files="methods.md headline.csv headline.md headline.rtf"
have_all() { # DIR: the four files exist and are not empty
    local f
    for f in $files; do [ -s "$1/$f" ] || return 1; done
}
same_files() { # DIR1 DIR2
    local f
    for f in $files; do cmp -s "$1/$f" "$2/$f" || { diag "$f differs between $1 and $2"; return 1; }; done
}
chk() { # KIND DIR: tests/methods_check.py, its failures as diagnostics
    python3 tests/methods_check.py "$1" "$2" > "$tmp/chk.out" 2>&1
    local rc=$?
    sed 's/^/# /' "$tmp/chk.out"
    return $rc
}
R="--replicates 200 --quiet --no-report"

# ---- a run (configs/default.ini), 1 and 2 ranks ----
"$HIFUSIM" run configs/default.ini --out "$tmp/run1" $R > /dev/null 2> "$tmp/run1.err"
ok $? "run configs/default.ini (200 replicates, --no-report) succeeds"
have_all "$tmp/run1" && [ ! -e "$tmp/run1/report.html" ]
ok $? "run: methods.md and headline.csv/.md/.rtf are written although --no-report skips report.html"
chk run "$tmp/run1"
ok $? "run: headline.csv = summary.json; methods.md's power, SE, N, events, duration, seed, replicates = summary.json's, rounded"
chk rtf "$tmp/run1"
ok $? "run: headline.rtf is plain valid RTF (header, balanced braces, one \\row per row + header, ASCII with \\uN?)"
grep -q 'models/chemo_alone.ini (.*source: CLOCC' "$tmp/run1/methods.md" &&
    grep -q 'stratified log-rank test (strata: mets), one-sided in favour of hifu_chemo at alpha = 0.025' "$tmp/run1/methods.md"
ok $? "run: methods.md gives the models with their provenance, the test, alpha and sides"
grep -q '^| 0 | 240 | 200 | [0-9]* | 0\.[0-9]\{3\} | 0\.[0-9]\{4\} |' "$tmp/run1/headline.md"
ok $? "run: headline.md has the scenario row, rounded for display"
mpirun -n 2 "$HIFUSIM" run configs/default.ini --out "$tmp/run2" $R > /dev/null 2>&1
same_files "$tmp/run1" "$tmp/run2"
ok $? "run: the four files are byte-identical on 1 and 2 ranks"

# ---- assurance ([prior]) ----
"$HIFUSIM" run configs/assurance.ini --out "$tmp/assur" $R > /dev/null 2>&1 && have_all "$tmp/assur"
ok $? "run configs/assurance.ini writes the four files"
chk run "$tmp/assur"
ok $? "assurance: headline.csv and methods.md numbers are summary.json's"
grep -q 'the assurance (the power averaged over the prior) is' "$tmp/assur/methods.md" &&
    grep -q 'Prior on the design parameters (\[prior\]): from_fit = chemo, hifu_chemo' "$tmp/assur/methods.md" &&
    grep -q '| Assurance |' "$tmp/assur/headline.md"
ok $? "assurance: methods.md says assurance and gives the prior; the table's column is Assurance"

# ---- group-sequential ----
"$HIFUSIM" run configs/gsd_default.ini --out "$tmp/gsd" $R > /dev/null 2>&1 && have_all "$tmp/gsd"
ok $? "run configs/gsd_default.ini writes the four files"
chk run "$tmp/gsd"
ok $? "group-sequential: every look's information fraction, events and bounds (z and HR) as summary.json's stages, rounded; expected events and duration"
grep -q 'group-sequential with 2 looks (looks = info:0.5; efficacy bound `asof`; futility bound `bshsd:-2`, non-binding)' "$tmp/gsd/methods.md" &&
    head -1 "$tmp/gsd/headline.csv" | grep -q ',expected_events,expected_duration,expected_n$'
ok $? "group-sequential: methods.md names the looks and bound families; headline.csv has the expected events, duration and N"

# ---- also_test, lean, N grid ----
"$HIFUSIM" run configs/nph_tests.ini --out "$tmp/nph" --replicates 100 --quiet --no-report > /dev/null 2>&1 && chk run "$tmp/nph"
ok $? "also_test: headline.csv has every test's power as summary.json's tests"
grep -q 'also recorded: fh:0,1 fh:1,0 fh:1,1 fh:0,0.5 mwlr:12 maxcombo rmst milestone:36 cox' "$tmp/nph/methods.md"
ok $? "also_test: methods.md names the tests"
"$HIFUSIM" run configs/default.ini --out "$tmp/lean" $R --set analysis.outputs=power --set design.n=200,240 > /dev/null 2>&1 &&
    chk run "$tmp/lean"
ok $? "lean run with an N grid: one row per scenario, numbers as summary.json's (NA where it has null)"
grep -q '(outputs = power)' "$tmp/lean/methods.md" && grep -q ',NA,NA,NA$' "$tmp/lean/headline.csv"
ok $? "lean run: methods.md says outputs = power; no HR or medians (NA)"

# ---- a plan ----
P="--quiet --no-report --set plan.replicates_coarse=100 --set plan.replicates_fine=200"
"$HIFUSIM" plan tests/plan/exp.ini --out "$tmp/plan1" $P > /dev/null 2>&1 && have_all "$tmp/plan1"
ok $? "plan tests/plan/exp.ini (--no-report) writes the four files"
chk plan "$tmp/plan1"
ok $? "plan: headline.csv = plan.json's targets (power_se = plan.csv's); methods.md's N, events, power, SE, duration, seed = theirs, rounded"
chk rtf "$tmp/plan1"
ok $? "plan: headline.rtf is plain valid RTF"
grep -q 'Schoenfeld [0-9.]* events, Freedman [0-9.]*, Lachin-Foulkes N [0-9.]*' "$tmp/plan1/methods.md"
ok $? "plan: methods.md gives the formulas' figures beside the simulation"
mpirun -n 2 "$HIFUSIM" plan tests/plan/exp.ini --out "$tmp/plan2" $P > /dev/null 2>&1
same_files "$tmp/plan1" "$tmp/plan2"
ok $? "plan: the four files are byte-identical on 1 and 2 ranks"

# ---- a sweep, in one process and as 2 tasks merged ----
S="--replicates 100 --set plan.replicates_coarse=50 --set plan.replicates_fine=100 --quiet --no-report"
"$HIFUSIM" sweep tests/sweep/target.ini --out "$tmp/sweep1" $S > /dev/null 2>&1 && have_all "$tmp/sweep1"
ok $? "sweep tests/sweep/target.ini writes the four files"
chk sweep "$tmp/sweep1"
ok $? "sweep: headline.csv = sweep.csv (one row per point), the base = summary.json's; methods.md's base power, SE, N, seed"
chk rtf "$tmp/sweep1"
ok $? "sweep: headline.rtf is plain valid RTF"
for k in 0 1; do
    "$HIFUSIM" sweep tests/sweep/target.ini --out "$tmp/sweep2" --task $k --tasks 2 $S > /dev/null 2>&1
done
[ ! -e "$tmp/sweep2/methods.md" ]
ok $? "sweep tasks: no protocol outputs before the merge"
"$HIFUSIM" merge "$tmp/sweep2" --quiet > /dev/null 2>&1 && same_files "$tmp/sweep1" "$tmp/sweep2"
ok $? "sweep: merged from 2 tasks, the four files are byte-identical to the one-process sweep's"
mpirun -n 2 "$HIFUSIM" sweep tests/sweep/target.ini --out "$tmp/sweep3" $S > /dev/null 2>&1
same_files "$tmp/sweep1" "$tmp/sweep3"
ok $? "sweep: byte-identical on 1 and 2 ranks"

# ---- failures write none of them ----
"$HIFUSIM" run configs/default.ini --out "$tmp/bad" $R --set design.alpha=2 > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/bad/methods.md" ] && [ ! -e "$tmp/bad/headline.csv" ]
ok $? "a run with a bad input exits 2 (got $rc) and writes no protocol output"
cp "$tmp/run1/methods.md" "$tmp/run1.methods"
"$HIFUSIM" plan tests/plan/exp.ini --out "$tmp/run1" $P --set design.alpha=2 > /dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && cmp -s "$tmp/run1.methods" "$tmp/run1/methods.md" && [ ! -e "$tmp/run1/plan.json" ]
ok $? "a failed plan into a run's folder exits 2 (got $rc) and leaves the run's methods.md as it was"

# ---- hifusim report DIR ----
if command -v gnuplot > /dev/null; then
    cp -r "$tmp/run1" "$tmp/old"
    for f in $files; do rm "$tmp/old/$f"; done
    "$HIFUSIM" report "$tmp/old" --quiet > /dev/null 2>&1 && same_files "$tmp/run1" "$tmp/old"
    ok $? "report DIR writes the four files into a folder that has none, identical to the run's"
    echo "edited by hand" >> "$tmp/old/methods.md"
    "$HIFUSIM" report "$tmp/old" --quiet > /dev/null 2>&1 && tail -1 "$tmp/old/methods.md" | grep -qx "edited by hand"
    ok $? "report DIR leaves an existing methods.md alone"
else
    skip "gnuplot is not installed (report DIR)"
    skip "gnuplot is not installed (report DIR)"
fi

# ---- LibreOffice, if installed ----
if command -v soffice > /dev/null; then
    mkdir -p "$tmp/pdf" "$tmp/lo"
    HOME=$tmp/lo timeout 300 soffice --headless --convert-to pdf --outdir "$tmp/pdf" "$tmp/run1/headline.rtf" > /dev/null 2>&1
    [ "$(head -c 5 "$tmp/pdf/headline.pdf" 2> /dev/null)" = "%PDF-" ]
    ok $? "soffice --headless --convert-to pdf opens headline.rtf and writes a PDF"
    HOME=$tmp/lo timeout 300 soffice --headless --convert-to txt:Text --outdir "$tmp/pdf" "$tmp/run1/headline.rtf" > /dev/null 2>&1
    grep -q 'one-sided α = 0.025' "$tmp/pdf/headline.txt" && grep -qx '0.0252\|0\.0[0-9]\{3\}' "$tmp/pdf/headline.txt"
    ok $? "LibreOffice reads the table's cells and the title's alpha"
else
    skip "LibreOffice (soffice) is not installed"
    skip "LibreOffice (soffice) is not installed"
fi
finish
