#!/bin/bash
# tests/par_narrow.sh — the narrow reduction (par.h hs_par_sum_narrow): the
# counters and histograms travel at 8, 16 or 32 bits per 1024-word block (or
# not at all when empty), and the results stay byte-identical to one rank's.
# 70,000 replicates make every width occur: the replicate counter sums past
# 65,535 (32 bits), histogram peaks need 16 bits, their tails 8 bits, and
# empty stretches are skipped; a bound too small anywhere would wrap a sum
# and change a file. The 2-rank run checkpoints every round, so rank 0
# holds the running total at each reduction (an unbalanced bound). Also
# the cost keys of manifest.json (results/README.md).
. "$(dirname "$0")/lib.sh"
command -v mpirun >/dev/null || skip_all "no mpirun"
plan 12

R=70000
run() { # NAME RANKS ARGS...
    local name=$1 np=$2
    shift 2
    mpirun -n "$np" "$HIFUSIM" run bench/reference.ini --out "$tmp/$name" --quiet --no-report \
        --replicates $R "$@" >/dev/null 2>"$tmp/$name.err"
}
# key NAME KEY: a number of NAME's manifest.json (one key per line, indented JSON)
key() { sed -n "s/^ *\"$2\": \([0-9.e+-]*\),*\$/\1/p" "$tmp/$1/manifest.json"; }
# same A B: every result file but manifest.json byte-identical, and some there
same() {
    local f n=0
    for f in "$tmp/$1"/*; do
        [ "$(basename "$f")" = manifest.json ] && continue
        cmp -s "$f" "$tmp/$2/$(basename "$f")" || return 1
        n=$((n + 1))
    done
    [ "$n" -ge 5 ]
}

run one 1
ok $? "1 rank runs"
[ "$(key one reductions)" = 0 ] && [ "$(key one reduction_bytes)" = 0 ]
ok $? "1 rank: no reductions, no bytes"
run two 2 --chunk 8192 --checkpoint-every 0
ok $? "2 ranks, a checkpoint every round, run"
same one two
ok $? "2 ranks (rank 0 holding the running total at each reduction): files identical to 1 rank's"
run three 3
ok $? "3 ranks run"
same one three
ok $? "3 ranks: files identical to 1 rank's"

b2=$(key two reduction_bytes) u2=$(key two reduction_bytes_u64)
b3=$(key three reduction_bytes) u3=$(key three reduction_bytes_u64)
diag "2 ranks: $(key two reductions) reductions, $b2 bytes sent, $u2 at 64 bits"
diag "3 ranks: $(key three reductions) reductions, $b3 bytes sent, $u3 at 64 bits"
[ "$(key two reductions)" -ge 2 ] && [ "$(key two reductions)" = $(($(key two checkpoints) + 1)) ]
ok $? "2 ranks: one reduction per checkpoint and one at the end"
[ "$(key three reductions)" = 1 ]
ok $? "3 ranks, no checkpoint: one reduction for the one scenario"
[ "$b3" -gt 0 ] && [ $((b3 * 4)) -lt "$u3" ] && [ "$b2" -gt 0 ] && [ $((b2 * 4)) -lt "$u2" ]
ok $? "the narrow reduction sends less than a quarter of the 64-bit bytes"
[ "$u3" -ge "$(key three accumulator_bytes)" ]
ok $? "the 64-bit figure covers the whole accumulator set"
cb=$(key two checkpoint_bytes)
ab=$(key two accumulator_bytes)
[ "$(key two checkpoints)" -ge 1 ] && [ "$cb" -gt 1000 ] && [ "$cb" -le "$ab" ] && [ "$(key three checkpoint_bytes)" = 0 ]
ok $? "checkpoint_bytes: a checkpoint was saved, no larger than the accumulators ($cb <= $ab bytes); 0 without one"
awk -v s="$(key three startup_seconds)" -v t="$(key three seconds)" 'BEGIN { exit !(s > 0 && s < 60 && t > 0) }'
ok $? "startup_seconds is a positive time"
finish
