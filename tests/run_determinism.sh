#!/usr/bin/env bash
# run_determinism.sh — TAP tests of `hifusim run` under MPI (design.md,
# "Determinism"; issue 5 items 7 and 8), on tests/run/small.ini (two
# scenarios: n = 60, 100):
#   - every result file except manifest.json is byte-identical on 1, 2, 3
#     and 4 ranks (oversubscribed) for chunk sizes 1, 7 and 256, and equal to
#     a plain (non-mpirun) single-process run;
#   - a finished run leaves no .checkpoint and no temporary file;
#   - the report (report.html, plots/) is identical too, but for report.html's
#     line of run metadata (start time, ranks, seconds), as in manifest.json;
#   - SIGUSR1 (to mpirun, which forwards it, or to a single process) mid-run
#     gives exit 3, a .checkpoint and no result files; --resume on another
#     rank count completes with results byte-identical to an uninterrupted
#     run; the same after two interruptions (1 -> 4 -> 2 ranks);
#   - --resume with another config (--set, --replicates) is refused with
#     exit 2 and a message naming the config, leaving the checkpoint intact.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bgpid=
at_exit '[ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null'
cfg=tests/run/small.ini
files="power.csv km_bands.csv estimates.csv summary.json"
# shellcheck source=determinism.bash
. "$(dirname "$0")/determinism.bash"

plan 45
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

# --- determinism over ranks and chunk sizes -------------------------------
ref="$tmp/ref"
hrun 0 "$cfg" --out "$ref" --quiet --chunk 256 > /dev/null 2> "$tmp/err"
ok $? "reference run (single process, chunk 256) exits 0"
for f in $files manifest.json; do [ -s "$ref/$f" ] || diag "missing $f"; done
[ -s "$ref/power.csv" ] && [ -s "$ref/km_bands.csv" ] && [ -s "$ref/estimates.csv" ] && [ -s "$ref/summary.json" ] \
    && [ -s "$ref/manifest.json" ] && [ -z "$(find "$ref" -name '.*' -o -name '*.tmp')" ]
ok $? "a finished run leaves its result files, no .checkpoint and no temporary file"
[ "$(wc -l < "$ref/power.csv")" -eq 3 ]; ok $? "power.csv has a header and one row per N (2)"

refn="$tmp/refn" # the report (gnuplot) is slow: the rank matrix runs without it
hrun 0 "$cfg" --out "$refn" --quiet --chunk 256 --no-report > /dev/null 2> "$tmp/err"
r=$?
for f in $(cd "$refn" && find . -type f ! -name manifest.json); do cmp -s "$ref/$f" "$refn/$f" || r=1; done
ok $r "--no-report: the same result files, without report.html"
for p in 1 2 3 4; do
    for c in 1 7 256; do
        out="$tmp/p${p}c$c"
        hrun "$p" "$cfg" --out "$out" --quiet --chunk "$c" --no-report > /dev/null 2> "$tmp/err" \
            && same "$refn" "$out"
        ok $? "$p rank(s), chunk $c: result files byte-identical to the reference"
    done
done
grep -q '"ranks": 4' "$tmp/p4c7/manifest.json"; ok $? "manifest.json records 4 ranks"
hrun 4 "$cfg" --out "$tmp/p4rep" --quiet --chunk 7 > /dev/null 2> "$tmp/err" && same "$ref" "$tmp/p4rep"
ok $? "with the report: 4 ranks, chunk 7 = reference (report.html, plots/ included)"

# --- interruptions --------------------------------------------------------
# Enough replicates that a run outlives the signal; retried with more if it
# finished first (the race is harmless but proves nothing).
R=3000
for attempt in 1 2 3; do
    a="$tmp/int_a$attempt"
    interrupt 2 "$a" --replicates $R
    [ "$irc" -eq 3 ] && break
    diag "attempt $attempt: run ended with $irc before the signal; retrying with more replicates"
    R=$((R * 3))
done
ok "$([ "$irc" -eq 3 ]; echo $?)" "SIGUSR1 to mpirun -n 2 mid-run: exit 3 (replicates $R)"
[ -s "$a/.checkpoint" ] && [ ! -e "$a/power.csv" ]
ok $? "a .checkpoint is saved and no result file is written"
grep -q 'continue with --resume' "$tmp/int.err"; ok $? "the message says how to continue"

cp "$a/.checkpoint" "$tmp/ckpt.copy"
hrun 0 "$cfg" --out "$a" --quiet --replicates $R --resume --set design.alpha=0.05 > /dev/null 2> "$tmp/err"
rc=$?
ok "$([ $rc -eq 2 ]; echo $?)" "--resume with --set design.alpha=0.05: refused with exit 2 (got $rc)"
grep -q 'checkpoint is from another config' "$tmp/err"; ok $? "message: $(head -c 160 "$tmp/err")"
hrun 2 "$cfg" --out "$a" --quiet --replicates $((R + 1)) --resume > /dev/null 2> "$tmp/err"
rc=$?
ok "$([ $rc -eq 2 ]; echo $?)" "--resume with other --replicates under mpirun -n 2: exit 2 (got $rc)"
cmp -s "$a/.checkpoint" "$tmp/ckpt.copy" && [ ! -e "$a/power.csv" ]
ok $? "refusals leave the checkpoint intact and write no results"

hrun 3 "$cfg" --out "$a" --quiet --replicates $R --resume > /dev/null 2> "$tmp/err"
ok $? "--resume on 3 ranks completes"
full="$tmp/full"
hrun 0 "$cfg" --out "$full" --quiet --replicates $R > /dev/null 2> "$tmp/err"
ok $? "uninterrupted run with $R replicates"
same "$full" "$a"; ok $? "interrupted (2 ranks) + resumed (3 ranks) = uninterrupted, byte for byte"
[ ! -e "$a/.checkpoint" ]; ok $? "the checkpoint is removed after a successful run"
grep -q '"resumed": true' "$a/manifest.json"; ok $? "manifest.json says resumed"

# Twice: single process -> 4 ranks (stopped in the second scenario) -> 2 ranks.
for attempt in 1 2 3; do
    b="$tmp/int_b$attempt"
    interrupt 0 "$b" --replicates $R
    rc1=$irc
    rc2=-1
    if [ "$rc1" -eq 3 ]; then
        want_sc=1 # the second stop in the second scenario: finished rows travel in the checkpoint
        interrupt 4 "$b" --replicates $R --resume
        rc2=$irc
        want_sc=
    fi
    [ "$rc1" -eq 3 ] && [ "$rc2" -eq 3 ] && break
    diag "attempt $attempt: exits $rc1, $rc2 (a run ended before its signal); retrying with more replicates"
    R=$((R * 3))
    full="$tmp/full$attempt"
    hrun 0 "$cfg" --out "$full" --quiet --replicates $R > /dev/null 2> "$tmp/err"
done
ok "$([ "$rc1" -eq 3 ]; echo $?)" "SIGUSR1 to a single process: exit 3"
ok "$([ "$rc2" -eq 3 ]; echo $?)" "resumed on 4 ranks and interrupted again (in scenario 1): exit 3"
hrun 2 "$cfg" --out "$b" --quiet --replicates $R --resume > /dev/null 2> "$tmp/err"
ok $? "second --resume on 2 ranks completes"
same "$full" "$b"; ok $? "two interruptions (1 -> 4 -> 2 ranks) = uninterrupted, byte for byte"

# --- group-sequential designs (issue 14) ----------------------------------
# configs/gsd_default.ini (one interim at 60 of 120 events, planned bounds)
# and the same with calendar looks at months 30 and 42 (bounds solved per
# trial for the observed events, cached by event counts): byte-identical on
# 1, 2 and 3 ranks (chunks 7 and 256) and after an interruption on 2 ranks
# resumed on 3.
cfg=configs/gsd_default.ini
for variant in planned calendar; do
    extra=(--replicates 2000)
    [ $variant = calendar ] && extra+=(--set "design.looks=calendar:30, 42")
    g="$tmp/gsd_$variant"
    hrun 0 "$cfg" --out "$g" --quiet --chunk 256 --no-report "${extra[@]}" > /dev/null 2> "$tmp/err" \
        && [ -s "$g/stages.csv" ]
    ok $? "gsd $variant: reference run writes stages.csv"
    for p in 1 2 3; do
        c=$([ $p -eq 2 ] && echo 256 || echo 7)
        hrun "$p" "$cfg" --out "$g$p" --quiet --chunk "$c" --no-report "${extra[@]}" > /dev/null 2> "$tmp/err" \
            && same "$g" "$g$p"
        ok $? "gsd $variant: $p rank(s), chunk $c: byte-identical to the reference"
    done
    R=3000
    for attempt in 1 2 3; do
        gi="$tmp/gsd_int_$variant$attempt"
        extra[1]=$R
        interrupt 2 "$gi" --no-report "${extra[@]}"
        [ "$irc" -eq 3 ] && break
        diag "attempt $attempt: run ended with $irc before the signal; retrying with more replicates"
        R=$((R * 3))
    done
    hrun 3 "$cfg" --out "$gi" --quiet --no-report --resume "${extra[@]}" > /dev/null 2> "$tmp/err"
    rc=$?
    hrun 0 "$cfg" --out "$gi.full" --quiet --no-report "${extra[@]}" > /dev/null 2> "$tmp/err"
    [ "$irc" -eq 3 ] && [ $rc -eq 0 ] && same "$gi.full" "$gi"
    ok $? "gsd $variant: interrupted on 2 ranks (exit $irc) and resumed on 3 = uninterrupted ($R replicates)"
done

finish
