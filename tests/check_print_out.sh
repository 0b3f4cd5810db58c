#!/usr/bin/env bash
# check_print_out.sh — TAP: `hifusim check CONFIG [--set ...] [--out DIR]
# --print-out[=run|plan|sweep]` prints the output folder the command would
# write, one line, overrides included (the job scripts ask it instead of
# parsing the INI themselves); a bad config or a bad CMD exits 2.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
plan 7
cfg=configs/default.ini
name=$(sed -n 's/^name *= *\([A-Za-z0-9._-]*\).*/\1/p' $cfg | head -n 1)
out=$("$HIFUSIM" check $cfg --print-out 2> /dev/null)
[ -n "$name" ] && [ "$out" = "results/$name" ]
ok $? "no override: results/<[run] name> (got '$out')"
out=$("$HIFUSIM" check $cfg --set run.name=hsx --print-out 2> /dev/null)
[ "$out" = results/hsx ]
ok $? "--set run.name=hsx: results/hsx (got '$out')"
out=$("$HIFUSIM" check $cfg --set=run.name=hsx --print-out=sweep 2> /dev/null)
[ "$out" = results/hsx-sweep ]
ok $? "--print-out=sweep: results/hsx-sweep (got '$out')"
out=$("$HIFUSIM" check $cfg --set run.name=hsx --out "$tmp/a b" --print-out=plan 2> /dev/null)
[ "$out" = "$tmp/a b" ]
ok $? "--out wins over the name (got '$out')"
[ "$("$HIFUSIM" check $cfg --print-out 2> /dev/null | wc -l)" -eq 1 ]
ok $? "exactly one line"
"$HIFUSIM" check $cfg --set run.name='a b' --print-out > "$tmp/o" 2> "$tmp/e"
rc=$?
[ $rc -eq 2 ] && [ ! -s "$tmp/o" ] && grep -q 'run.name' "$tmp/e"
ok $? "a bad override: exit 2, nothing on stdout (got $rc)"
"$HIFUSIM" check $cfg --print-out=merge > "$tmp/o" 2> "$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -q -- '--print-out=merge: expected run, plan or sweep' "$tmp/e"
ok $? "--print-out=merge: exit 2 (got $rc)"
finish
