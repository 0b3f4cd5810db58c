#!/usr/bin/env bash
# golden.sh — TAP test that a fixed set of small commands writes byte-identical
# outputs to those recorded in tests/golden/digests.txt (issue 13: the source
# tree refactor changes no result). The commands, into a temporary folder:
#   run    tests/run/small.ini under mpirun -n 2 (200 replicates)
#   plan   tests/plan/exp.ini (coarse 100, fine 200 replicates)
#   sweep  tests/sweep/target.ini split into 2 tasks (--task 0/1 --tasks 2,
#          100 replicates, plan search 50/100), then merge
#   report of the run, plan and merged sweep folders (needs gnuplot)
#   analyze tests/data/analyze_trial.csv (strata, covariates, --json)
#   fit    --ipd (all families), --landmarks, --reconstruct (tests/golden/*.csv)
# Every file they write and each command's stdout is digested (sha256), but:
# manifest.json is left out (host, times, ranks, versions); report.html
# without its line of run metadata (class="meta": start time, ranks,
# seconds, version); fitted model files without their `date =` line; stdout
# with the temporary folder's path replaced by @OUT@.
#
#   bash tests/golden.sh          check against tests/golden/digests.txt
#   bash tests/golden.sh --write  regenerate tests/golden/digests.txt (its
#                                 header records the command and git commit)
#   bash tests/golden.sh --write --at COMMIT
#                                 the same with a binary built from COMMIT
#                                 (git archive into a temporary folder, cmake);
#                                 inputs still come from this tree
# HIFUSIM = path of the binary (default build/hifusim). TAP either way; exit
# status = number of failed tests (check), or 0 when the list was written
# (--write; nonzero if a command or the --at build failed).
export LC_ALL=C
mode=check
at=
case "${1:-} ${2:-} ${3:-}" in
    "--write --at "?*) mode="write"; at=$3 ;;
    "--write  ") mode="write" ;;
    "  ") ;;
    *) echo "usage: bash tests/golden.sh [--write [--at COMMIT]]" >&2; exit 2 ;;
esac
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
list=tests/golden/digests.txt
if ! command -v gnuplot > /dev/null; then
    [ $mode = check ] && skip_all "gnuplot is not installed"
    plan 1
    ok 1 "gnuplot is needed to write $list"
    finish
fi
out=$tmp/out
mkdir -p "$out/fit" "$out/analyze" "$out/stdout"
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
dirty=
git diff --quiet HEAD -- src CMakeLists.txt 2>/dev/null || dirty=" (with uncommitted changes to src/ or CMakeLists.txt)"
if [ -n "$at" ]; then
    commit=$(git rev-parse --verify "$at^{commit}") || { plan 1; ok 1 "--at $at: not a commit"; finish; }
    dirty=
    echo "golden: building hifusim at $commit in $tmp/src" >&2
    mkdir -p "$tmp/src"
    git archive "$commit" | tar -x -C "$tmp/src" &&
        cmake -S "$tmp/src" -B "$tmp/src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$tmp/build.log" 2>&1 &&
        cmake --build "$tmp/src/build" -j 2 --target hifusim >> "$tmp/build.log" 2>&1 ||
        { sed 's/^/# /' "$tmp/build.log"; plan 1; ok 1 "hifusim builds at $commit"; finish; }
    HIFUSIM=$tmp/src/build/hifusim
fi

# The commands: NAME then the command line; stdout goes to stdout/NAME.txt.
failed=()
step() { # step NAME CMD...
    local name=$1; shift
    "$@" > "$out/stdout/$name.txt" 2> "$tmp/$name.err" || failed+=("$name: $*")
}
H=$HIFUSIM
step run mpirun -n 2 "$H" run tests/run/small.ini --out "$out/run" --replicates 200 --quiet --no-report
step plan "$H" plan tests/plan/exp.ini --out "$out/plan" --quiet --no-report \
    --set plan.replicates_coarse=100 --set plan.replicates_fine=200
for k in 0 1; do
    step sweep-task$k "$H" sweep tests/sweep/target.ini --out "$out/sweep" --task $k --tasks 2 \
        --replicates 100 --set plan.replicates_coarse=50 --set plan.replicates_fine=100 --quiet --no-report
done
step merge "$H" merge "$out/sweep" --quiet
for d in run plan sweep; do step report-$d "$H" report "$out/$d" --quiet; done
step analyze "$H" analyze tests/data/analyze_trial.csv --time time --event status --group arm \
    --strata stratum --covariate age --covariate kras --tau 36 --json "$out/analyze/analyze.json"
step fit-ipd "$H" fit --ipd tests/data/fit_weibull.csv --time time --event status --covariate x1 \
    --family all --out "$out/fit/ipd.ini" --json "$out/fit/ipd.json"
step fit-landmarks "$H" fit --landmarks 12:0.7,24:0.45,36:0.3 --family weibull --out "$out/fit/landmarks.ini"
step fit-reconstruct "$H" fit --reconstruct tests/golden/points.csv --at-risk tests/golden/risk.csv \
    --out-ipd "$out/fit/reconstructed.csv" --family exponential --out "$out/fit/reconstructed.ini"

# digest: "SHA256  PATH" for every output file, masked as described above.
masked() { # masked PATH: the file's bytes without what may vary by host/time
    case $1 in
        */report.html) grep -v 'class="meta"' "$out/$1" ;;
        fit/*.ini) grep -v '^date = ' "$out/$1" ;;
        stdout/*) sed "s|$out|@OUT@|g" "$out/$1" ;;
        *) cat "$out/$1" ;;
    esac
}
(cd "$out" && find . -type f ! -name manifest.json | sed 's|^\./||' | sort) |
    while read -r f; do echo "$(masked "$f" | sha256sum | cut -d' ' -f1)  $f"; done > "$tmp/got"

if [ $mode = write ]; then
    plan 2
    [ ${#failed[@]} -eq 0 ]
    ok $? "every command exits 0"
    for c in "${failed[@]}"; do echo "# failed: $c"; sed 's/^/#   /' "$tmp/${c%%:*}.err"; done
    [ ${#failed[@]} -eq 0 ] && {
        echo "# tests/golden/digests.txt: sha256 of every output of tests/golden.sh's commands (masked as"
        echo "# described there). Made by: bash tests/golden.sh --write${at:+ --at $at}"
        echo "# at commit $commit$dirty: $(git log -1 --format=%s "$commit" 2>/dev/null)"
        cat "$tmp/got"
    } > "$list"
    ok $? "wrote $list ($(wc -l < "$tmp/got") files) at commit $commit$dirty"
    finish
fi

if [ ! -f "$list" ]; then
    plan 1
    ok 1 "$list exists (make it with: bash tests/golden.sh --write)"
    finish
fi
grep -v '^#' "$list" > "$tmp/want"
plan $(($(wc -l < "$tmp/want") + 2))
grep '^# at commit' "$list"
[ ${#failed[@]} -eq 0 ]
ok $? "every command exits 0"
for c in "${failed[@]}"; do echo "# failed: $c"; sed 's/^/#   /' "$tmp/${c%%:*}.err"; done
while read -r sum f; do
    got=$(awk -v f="$f" '$2 == f { print $1 }' "$tmp/got")
    if [ -z "$got" ]; then
        ok 1 "$f: missing (not written)"
    elif [ "$got" != "$sum" ]; then
        ok 1 "$f: differs (sha256 $got, want $sum)"
    else
        ok 0 "$f"
    fi
done < "$tmp/want"
extra=$(awk 'NR == FNR { want[$2] = 1; next } !($2 in want) { print $2 }' "$tmp/want" "$tmp/got")
[ -z "$extra" ]
ok $? "no output file beyond the list"
[ -n "$extra" ] && echo "$extra" | sed 's/^/# not in the list: /'
finish
