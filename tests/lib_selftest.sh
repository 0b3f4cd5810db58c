#!/usr/bin/env bash
# lib_selftest.sh — TAP: the shell tests can fail.
#   1. tests/lib.sh itself: a script whose checks all pass exits 0; one
#      failure gives exit 1; 300 failures give 254 (capped); a plan that does
#      not match the checks run, a missing finish (early exit) and a missing
#      plan all exit nonzero; skip_all prints "1..0 # SKIP why" and exits 0;
#      the temporary folder is removed at exit.
#   2. every tests/*.sh (but lib.sh, this file and shellcheck.sh) sources
#      tests/lib.sh, and with HIFUSIM=/bin/false exits nonzero, but those
#      that run no binary (listed in nobinary below: layers.sh reads the
#      source tree; it proves it can fail on defects it injects itself),
#      which are skipped here. A script that skips entirely ("1..0 # SKIP
#      why", exit 0) counts as skipped here: its reason must be the
#      environment (no gnuplot, no Slurm...), which does not depend on the
#      binary.
# Slow (runs every shell test once against /bin/false): about a minute.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

scripts=()
for f in tests/*.sh; do
    case ${f##*/} in lib.sh | lib_selftest.sh | shellcheck.sh) continue ;; esac
    scripts+=("$f")
done
nobinary=" layers.sh " # scripts that run no hifusim binary
plan $((8 + 2 * ${#scripts[@]}))

# ---- 1. the library
mk() { # mk NAME BODY: a test script in $tmp that sources the real lib.sh
    printf '#!/usr/bin/env bash\n. %q\n%s\n' "$HS_SRC/tests/lib.sh" "$2" > "$tmp/$1.sh"
}
runs() { # runs NAME: its exit status, output in $tmp/NAME.out
    bash "$tmp/$1.sh" > "$tmp/$1.out" 2>&1
}
mk pass 'plan 2; ok 0 a; ok 0 b; echo "$tmp" > '"$tmp"'/pass.tmpdir; finish'
runs pass
rc=$?
[ $rc -eq 0 ] && grep -q '^ok 2 - b$' "$tmp/pass.out"
ok $? "all checks pass: exit 0 (got $rc)"
[ -s "$tmp/pass.tmpdir" ] && [ ! -e "$(cat "$tmp/pass.tmpdir")" ]
ok $? "the script's temporary folder is removed at exit"
mk one 'plan 3; ok 0 a; ok 1 b; ok 0 c; finish'
runs one
rc=$?
[ $rc -eq 1 ] && grep -q '^not ok 2 - b$' "$tmp/one.out"
ok $? "one failure: exit 1 (got $rc)"
mk many 'plan 300; for i in $(seq 300); do ok 1 "f$i"; done; finish'
runs many
rc=$?
[ $rc -eq 254 ]
ok $? "300 failures: exit 254, capped (got $rc)"
mk short 'plan 3; ok 0 a; ok 0 b; finish'
runs short
rc=$?
[ $rc -ne 0 ] && grep -q 'planned 3' "$tmp/short.out"
ok $? "2 checks run of 3 planned, all passing: nonzero (got $rc)"
mk early 'plan 2; ok 0 a; exit 0'
runs early
rc=$?
[ $rc -ne 0 ]
ok $? "exit 0 before finish: nonzero from the EXIT trap (got $rc)"
mk noplan 'ok 0 a; finish'
runs noplan
rc=$?
[ $rc -ne 0 ]
ok $? "no plan: nonzero (got $rc)"
mk skipall 'skip_all "no frobnicator here"; ok 1 never'
runs skipall
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmp/skipall.out")" = "1..0 # SKIP no frobnicator here" ]
ok $? "skip_all: '1..0 # SKIP why', exit 0 (got $rc)"

# ---- 2. every shell test uses it, and fails against a broken binary
for f in "${scripts[@]}"; do
    grep -q '^\. "$(dirname "$0")/lib.sh"' "$f"
    ok $? "$f sources tests/lib.sh"
done
for f in "${scripts[@]}"; do
    case $nobinary in *" ${f##*/} "*)
        skip "$f runs no binary"
        continue ;;
    esac
    HIFUSIM=/bin/false timeout 600 bash "$f" > "$tmp/out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && head -n 1 "$tmp/out" | grep -q '^1\.\.0 # SKIP'; then
        skip "$f skips entirely here: $(head -n 1 "$tmp/out")"
        continue
    fi
    [ $rc -ne 0 ] && [ $rc -ne 124 ]
    ok $? "HIFUSIM=/bin/false bash $f: exit $rc (nonzero, $(grep -c '^not ok' "$tmp/out") not ok)"
done
finish
