#!/bin/bash
# tests/bench_build.sh — the benchmarks (bench/*.c, built only on request by
# `make bench`) still build against today's library interfaces and run: an
# interface change that breaks them fails here, not on the day someone
# measures. Times nothing (bench/run.sh measures).
. "$(dirname "$0")/lib.sh"
plan 6
bdir=$(dirname "$HIFUSIM")
# the benchmarks are built beside the binary under test: no build folder
# there (HIFUSIM=/bin/false in lib_selftest.sh) is a failure, not a skip
[ -f "$bdir/CMakeCache.txt" ] && "$HIFUSIM" --version >/dev/null 2>&1
ok $? "$HIFUSIM runs and has its CMake build folder beside it"
cmake --build "$bdir" --target bench_trial bench_gsd bench_analysis bench_tests >"$tmp/build.log" 2>&1
ok $? "bench_trial, bench_gsd, bench_analysis and bench_tests build (log: $(tail -1 "$tmp/build.log"))"
"$bdir/bench/bench_trial" 200 2 >"$tmp/trial.txt" 2>&1 &&
    grep -q '^bench_trial: lean (outputs = power): [0-9.]* us/trial' "$tmp/trial.txt" &&
    grep -q '^bench_trial: full: [0-9.]* us/trial' "$tmp/trial.txt"
ok $? "bench_trial runs 200 trials twice, lean and full: $(tr '\n' ' ' <"$tmp/trial.txt")"
# bench/run.sh reads the lean and full rejections; they must be equal (the
# lean engine decides as the full one) and not vacuous
rej=$(sed -n 's/.*(rejections \([0-9]*\) of 200)$/\1/p' "$tmp/trial.txt" | sort -u)
[ "$(echo "$rej" | wc -l)" = 1 ] && [ "$rej" -gt 0 ] && [ "$rej" -lt 200 ]
ok $? "bench_trial: lean and full reject the same replicates' count, 0 < $rej < 200"
"$bdir/bench/bench_gsd" 200 >"$tmp/gsd.txt" 2>&1 && grep -q 'ratio' "$tmp/gsd.txt"
ok $? "bench_gsd runs: $(tail -1 "$tmp/gsd.txt")"
"$bdir/bench/bench_tests" 200 >"$tmp/tests.txt" 2>&1 && grep -q 'ratio' "$tmp/tests.txt"
ok $? "bench_tests runs: $(tail -1 "$tmp/tests.txt")"
finish
