#!/usr/bin/env bash
# merge_shares.sh — TAP tests: `hifusim merge` verifies every share of a
# split sweep (issue 12, items 6 and 20). Each share's task.txt carries the
# row count and the FNV-1a 64 checksum of its part.csv; a share with a row
# lost, a row twice, a malformed row, an edited byte, given twice, missing,
# or from another config or seed is refused with exit 2, naming the share
# file (FILE:LINE where a line is at fault), and nothing is written. Also: an
# interrupted and resumed sweep (rows streamed to disk) equals an
# uninterrupted one. Exit status: the number of failed tests.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
plan 18
cfg=$tmp/cfg.ini
sed -e "s|models/|$PWD/models/|" -e 's/^replicates .*/replicates = 200/' configs/sensitivity_mets.ini > "$cfg"
for k in 0 1 2; do "$HIFUSIM" sweep "$cfg" --task $k --tasks 3 --out "$tmp/good" --quiet --no-report > /dev/null 2>&1; done
"$HIFUSIM" sweep "$cfg" --out "$tmp/one" --quiet --no-report > /dev/null 2>&1
"$HIFUSIM" merge "$tmp/good" --out "$tmp/m0" --quiet; ok $? "intact shares merge with exit 0"
cmp -s "$tmp/one/sweep.csv" "$tmp/m0/sweep.csv" && cmp -s "$tmp/one/tornado.csv" "$tmp/m0/tornado.csv"
ok $? "merged = one process, byte for byte"
grep -q '^rows=5$' "$tmp/good/tasks/task-1-of-3/task.txt" && grep -Eq '^checksum=fnv1a64:[0-9a-f]{16}$' "$tmp/good/tasks/task-1-of-3/task.txt"
ok $? "task.txt carries rows= and checksum=fnv1a64:"

# damage(NAME, SED-or-shell on part.csv of task 1): copy, damage, merge
bad() { # bad NAME PATTERN DESCRIPTION (the share folder is $tmp/NAME, damaged already)
    "$HIFUSIM" merge "$tmp/$1" --out "$tmp/$1/out" > /dev/null 2> "$tmp/err"
    local rc=$?
    [ $rc -eq 2 ] && head -1 "$tmp/err" | grep -Eq -- "$2" && [ ! -e "$tmp/$1/out/sweep.csv" ]
    ok $? "$3 (exit $rc: $(head -1 "$tmp/err" | cut -c1-150))"
}
mk() { rm -rf "${tmp:?}/$1"; cp -r "$tmp/good" "$tmp/$1"; P=$tmp/$1/tasks/task-1-of-3/part.csv; }
mk lastrow; sed -i '$d' "$P"
bad lastrow 'task-1-of-3/part.csv:[0-9]+: rows end at point 10; expected .* up to 13' "last row lost: exit 2, FILE:LINE"
mk duprow; sed -i '$p' "$P"
bad duprow 'task-1-of-3/part.csv:7: a second row for point 13' "last row twice: exit 2, FILE:LINE"
mk midrow; sed -i '3d' "$P"
bad midrow 'task-1-of-3/part.csv:3: point 7 where point 4 was expected' "a middle row lost: exit 2, FILE:LINE"
mk abc; sed -i '3s/.*/abc/' "$P"
bad abc 'task-1-of-3/part.csv:3: malformed row; expected 15 CSV fields' "'abc' as a row: exit 2, FILE:LINE (item 20)"
mk edit; sed -i '2s/,200,/,201,/' "$P"
bad edit 'task-1-of-3/part.csv: checksum fnv1a64:[0-9a-f]+ but .*task.txt says' "an edited count: checksum mismatch, exit 2, names the share"
mk cut; truncate -s -3 "$P"
bad cut 'task-1-of-3/part.csv:6: last line has no newline' "a share cut mid-row: exit 2, FILE:LINE"
mk count; sed -i 's/^rows=5$/rows=6/' "$tmp/count/tasks/task-1-of-3/task.txt"
bad count 'task-1-of-3/part.csv:6: 5 rows but .*task.txt says 6' "row count differs from task.txt: exit 2"
mk old; sed -i -e '1s/ 2$/ 1/' -e '/^rows=/d' -e '/^checksum=/d' "$tmp/old/tasks/task-1-of-3/task.txt"
bad old 'task-1-of-3/task.txt:1: a share from an older hifusim' "a share without a checksum: exit 2, FILE:LINE"
mk missing; rm -r "$tmp/missing/tasks/task-2-of-3"
bad missing 'task 2 of 3 is missing' "a missing share: exit 2"
"$HIFUSIM" merge "$tmp/good" "$tmp/good/tasks/task-1-of-3" --out "$tmp/twice" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -Eq 'task-1-of-3/task.txt: task 1 of 3 given twice' "$tmp/err" && [ ! -e "$tmp/twice/sweep.csv" ]
ok $? "a share given twice: exit 2, names the share file"
rm -rf "$tmp/seed"; "$HIFUSIM" sweep "$cfg" --task 1 --tasks 3 --seed 7 --out "$tmp/seed" --quiet --no-report > /dev/null 2>&1
"$HIFUSIM" merge "$tmp/good/tasks/task-0-of-3" "$tmp/seed/tasks/task-1-of-3" "$tmp/good/tasks/task-2-of-3" --out "$tmp/mix" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -Eq 'seed/tasks/task-1-of-3/task.txt: not a share of the same sweep .*seed 7/20250814' "$tmp/err" && [ ! -e "$tmp/mix/sweep.csv" ]
ok $? "a share run with another seed: exit 2, names the share and the seed"
rm -rf "$tmp/cfgx"; "$HIFUSIM" sweep "$cfg" --task 1 --tasks 3 --set design.alpha=0.05 --out "$tmp/cfgx" --quiet --no-report > /dev/null 2>&1
"$HIFUSIM" merge "$tmp/good/tasks/task-0-of-3" "$tmp/cfgx/tasks/task-1-of-3" "$tmp/good/tasks/task-2-of-3" --out "$tmp/mix" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -Eq 'cfgx/tasks/task-1-of-3/task.txt: not a share of the same sweep .*config_hash' "$tmp/err"
ok $? "a share of another config: exit 2, names the share"

# rows are streamed to disk: an interrupted, resumed sweep equals an uninterrupted one
"$HIFUSIM" sweep "$cfg" --out "$tmp/int" --quiet --no-report --chunk 64 --checkpoint-every 0 --replicates 3000 > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/int/.rows" ] && break; sleep 0.1; done
sleep 0.5; kill -USR1 $pid; wait $pid; rc=$?
[ $rc -eq 3 ] && [ -s "$tmp/int/.checkpoint" ]; ok $? "USR1 mid-sweep: exit 3 with a checkpoint (got $rc)"
"$HIFUSIM" sweep "$cfg" --out "$tmp/int" --quiet --no-report --chunk 64 --replicates 3000 --resume > /dev/null 2>&1
ok $? "resume exits 0"
"$HIFUSIM" sweep "$cfg" --out "$tmp/unint" --quiet --no-report --replicates 3000 > /dev/null 2>&1
cmp -s "$tmp/int/sweep.csv" "$tmp/unint/sweep.csv" && cmp -s "$tmp/int/tornado.csv" "$tmp/unint/tornado.csv" &&
    cmp -s "$tmp/int/summary.json" "$tmp/unint/summary.json" && [ ! -e "$tmp/int/.rows" ]
ok $? "resumed = uninterrupted, byte for byte; the rows file is removed"
finish
