#!/usr/bin/env bash
# output_sync.sh — TAP tests of the results folder's durability at commit
# (output.c, sync_tree; issue 18 item 2, the shut-down cost):
#   - every file a run stages (the result files, methods.md and the
#     headline files, the report) is fsync'ed before the staging folder is
#     swapped in: nothing of the new set can be lost to a crash after the
#     swap;
#   - the files are synced in one pass once the whole set is written (no
#     fsync of a staged file before the last staged file is created), so
#     that they share one journal commit instead of one each;
#   - the staging folder itself is synced before the swap, and the parent
#     after it.
# Traced with strace (-f -y: paths of the descriptors). Needs strace.
# HIFUSIM = path of the binary (default build/hifusim). Exit status: the
# number of failed tests (0 when all pass).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v strace > /dev/null || skip_all "no strace"
strace -f -o /dev/null true 2> /dev/null || skip_all "strace cannot trace here (ptrace refused)"
cfg=tests/bad-inputs/good/cfg.ini
plan 5

out=$tmp/res
trace=$tmp/trace
# LeakSanitizer cannot run under ptrace (make test-asan): leaks are checked
# by every other test there, not in this traced run
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -y -e trace=openat,fsync,fdatasync,renameat2,rename -o "$trace" \
    "$HIFUSIM" run $cfg --out "$out" --replicates 2000 --quiet --no-report > /dev/null 2> "$tmp/err"
ok $? "the traced run succeeds"
[ -f "$out/power.csv" ] && [ -f "$out/methods.md" ]
ok $? "the results and methods.md are in place"

# the staging folder's name, as the run created it
stage=$(sed -n 's/.*openat(.*"\([^"]*\/\.res\.stage-[0-9]*\)\/power\.csv".*O_CREAT.*/\1/p' "$trace" | head -n 1)
[ -n "$stage" ] || diag "no staged power.csv in the trace"
# every regular file of the final folder but .lock (carried, not staged)
missing=""
for f in "$out"/*; do
    [ -f "$f" ] || continue
    n=$(basename "$f")
    grep -Eq "fsync\([0-9]+<$stage/$n>\) = 0" "$trace" || missing="$missing $n"
done
[ -n "$stage" ] && [ -z "$missing" ]
ok $? "every staged file is synced before the swap${missing:+ (not:$missing)}"

# line numbers: last creation of a staged file, first fsync of one, the swap
last_create=$(grep -n "openat(.*\"$stage/[^\"]*\", O_WRONLY|O_CREAT" "$trace" | tail -n 1 | cut -d: -f1)
first_sync=$(grep -n "fsync([0-9]*<$stage/" "$trace" | head -n 1 | cut -d: -f1)
swap=$(grep -n "rename.*\"$stage\"" "$trace" | head -n 1 | cut -d: -f1)
[ -n "$last_create" ] && [ -n "$first_sync" ] && [ -n "$swap" ] &&
    [ "$first_sync" -gt "$last_create" ] && [ "$first_sync" -lt "$swap" ]
ok $? "the staged files are synced in one pass after the last is written, before the swap (lines: last create ${last_create:-?}, first fsync ${first_sync:-?}, swap ${swap:-?})"

# the staging folder is synced before the swap (its entries), the parent after
dsync=$(grep -n "fsync([0-9]*<$stage>)" "$trace" | tail -n 1 | cut -d: -f1)
psync=$(grep -n "fsync([0-9]*<$(dirname "$stage")>)" "$trace" | tail -n 1 | cut -d: -f1)
[ -n "$dsync" ] && [ -n "$psync" ] && [ "$dsync" -lt "$swap" ] && [ "$psync" -gt "$swap" ]
ok $? "the staging folder is synced before the swap and the parent after (lines ${dsync:-?}, ${psync:-?})"
finish
