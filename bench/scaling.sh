#!/bin/sh
# bench/scaling.sh — the scaling model of issue 18: measure start-up,
# reductions and checkpoints at 1, 2, 4, 8 and 16 ranks, fit a model and
# predict the parallel efficiency at 64, 1,024 and 8,192 ranks.
# Usage: sh bench/scaling.sh [REPLICATES]   (default 200000)
#
# Each rank count runs `hifusim run bench/reference.ini` with a checkpoint
# every round (--checkpoint-every 0), so every round also reduces; the
# figures come from each run's manifest.json (results/README.md). The ranks
# are oversubscribed on this machine's cores: wall time is not the point,
# the bytes and seconds of each reduction, the start-up and the per-rank
# serial work are.
#
# Definitions (measured table):
#   outside s   wall time of mpirun minus manifest "seconds": launching the
#               ranks, MPI start-up, config, MPI shutdown (the start-up the
#               model fits); "startup s" is manifest startup_seconds (rank 0,
#               from entering the front end to MPI up and the config resolved)
#   work us/rep core-microseconds per replicate: (seconds - reduction_seconds
#               - checkpoint_seconds) * min(ranks, cores) / replicates
# Model: T(P) = S(P) + W(P) + nred * (alpha * ceil(log2 P) + bytes / beta)
#               + nckpt * checkpoint seconds
#   S(P) = a + b * log2 P, least squares on the measured outside times
#   W(P) = scenarios * R * c / P, c = work per replicate at 1 rank
#          ("chunked": scenarios * ceil(ceil(R / chunk) / P) * chunk * c, the
#          driver's round granularity at the default chunk of 2048)
#   alpha = 2 us latency per tree step, beta = 10 GB/s per link (100 Gb/s
#   class InfiniBand), a pipelined reduction moving each byte once per link;
#   bytes per reduction as measured at the largest rank count (narrow), and
#   at 64 bits (u64) for comparison; plus each reduction's local work
#   (scanning, packing, unpacking the 12 MB of counts, the moments' operation):
#   the seconds per reduction measured at the fewest ranks > 1, an upper
#   bound (it includes this machine's shared-memory transfer). A checkpoint
#   every 300 s of work. E(P) = T(1) / (P * T(P)); "E no S" leaves the
#   start-up out of both (a job whose start-up is paid once for many runs).
set -eu
cd "$(dirname "$0")/.."
R=${1:-200000}
BUILD=${BUILD:-build}
RANKS=${HS_SCALING_RANKS:-1 2 4 8 16}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# key FILE KEY: a number from an indented manifest.json (one key per line)
key() { awk -v k="\"$2\":" '$1 == k { v = $2; sub(/,$/, "", v); print v; f = 1; exit } END { if (!f) print "NA" }' "$1"; }
now() { date +%s.%N; }

echo "== scaling: bench/reference.ini, $R replicates, ranks $RANKS on $cores cores (oversubscribed), a checkpoint every round"
for P in $RANKS; do
    s=$(now)
    mpirun -n "$P" --oversubscribe "$BUILD"/hifusim run bench/reference.ini --quiet --no-report \
        --replicates "$R" --checkpoint-every 0 --out "$tmp/p$P" >/dev/null
    e=$(now)
    m=$tmp/p$P/manifest.json
    row="$P $(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')"
    for k in seconds startup_seconds reductions reduction_bytes reduction_bytes_u64 \
        reduction_seconds checkpoints checkpoint_bytes checkpoint_seconds accumulator_bytes chunk; do
        row="$row $(key "$m" "$k")"
    done
    echo "$row" >>"$tmp/rows"
done

awk -v R="$R" -v cores="$cores" '
function lg2(x) { return log(x) / log(2) }
function clg2(x,   k) { k = 0; while (2 ^ k < x) k++; return k }
function ceil(x) { return x == int(x) ? x : int(x) + 1 }
# T(P) for scen scenarios of rpt replicates; bytes per reduction; chunked?
function T(P, scen, rpt, bytes, chunked, nos,   w, nred, nck) {
    w = chunked ? scen * ceil(ceil(rpt / chunk) / P) * chunk * c : scen * rpt * c / P
    nck = int(w / 300)
    nred = P > 1 ? scen + nck : 0
    return (nos ? 0 : a + b * lg2(P)) + w + nred * (alpha * clg2(P) + bytes / beta + tloc) + nck * ck1
}
function E(P, scen, rpt, bytes, chunked, nos) {
    return T(1, scen, rpt, bytes, chunked, nos) / (P * T(P, scen, rpt, bytes, chunked, nos))
}
{
    P = $1; wall = $2; sec = $3; st = $4; nred = $5; rb = $6; rbu = $7; rs = $8
    nck = $9; cb = $10; cs = $11; ab = $12; chunk = $13
    out = wall - sec
    used = P < cores ? P : cores
    work = (sec - rs - cs) * used / R
    if (P == 1) c = work
    n++; X[n] = lg2(P); Y[n] = out
    if (nred > 0) { bpr = rb / nred; bpr64 = rbu / nred; Pmax = P }
    if (nred > 0 && tloc == "") tloc = rs / nred
    if (nck > 0) ck1 = cs / nck
    line[n] = sprintf("%6d %8.2f %9.3f %9.3f %6d %10.1f %10.1f %9.2f %6d %8.2f %8.3f %9.1f",
        P, wall, st, out, nred, nred ? rb / nred / 1024 : 0, nred ? rbu / nred / 1024 : 0,
        nred ? 1000 * rs / nred : 0, nck, cb / 1048576, nck ? cs / nck : 0, 1e6 * work)
}
END {
    print ""
    print "measured (per reduction and per checkpoint: averages; KB = 1024 bytes; accumulators " sprintf("%.1f", ab / 1048576) " MB per rank)"
    printf "%6s %8s %9s %9s %6s %10s %10s %9s %6s %8s %8s %9s\n", "ranks", "wall s", "startup s",
        "outside s", "reduce", "KB/red", "KB/red u64", "ms/red", "ckpts", "ckpt MB", "s/ckpt", "work us/rep"
    for (i = 1; i <= n; i++) print line[i]
    # start-up a + b log2 P, least squares
    sx = sy = sxx = sxy = 0
    for (i = 1; i <= n; i++) { sx += X[i]; sy += Y[i]; sxx += X[i] * X[i]; sxy += X[i] * Y[i] }
    d = n * sxx - sx * sx
    b = d > 0 ? (n * sxy - sx * sy) / d : 0
    if (b < 0) b = 0
    a = (sy - b * sx) / n
    alpha = 2e-6; beta = 10e9
    print ""
    printf "model: c = %.1f us per replicate (1 rank); start-up S(P) = %.3f + %.3f log2 P s; ", 1e6 * c, a, b
    printf "reduction %.0f KB narrow (%.0f KB at 64 bits), measured at %d ranks, + %.1f ms local work; checkpoint %.3f s each\n",
        bpr / 1024, bpr64 / 1024, Pmax, 1000 * tloc, ck1
    print "       alpha = 2 us per tree step, beta = 10 GB/s per link, ceil(log2 P) steps, a checkpoint per 300 s of work"
    printf "%-30s %6s %9s %9s %9s %9s %9s\n", "predicted", "ranks", "T(P) s", "E narrow", "E u64", "E chunked", "E no S"
    split("64 1024 8192", PP, " ")
    for (w = 1; w <= 2; w++) {
        scen = w == 1 ? 1 : 200; rpt = w == 1 ? 1e7 : 20000
        name = w == 1 ? "one run, 10^7 replicates" : "sweep, 200 points x 20,000"
        for (i = 1; i <= 3; i++) {
            P = PP[i]
            printf "%-30s %6d %9.3f %8.1f%% %8.1f%% %8.1f%% %8.1f%%\n", name, P, T(P, scen, rpt, bpr, 0, 0),
                100 * E(P, scen, rpt, bpr, 0, 0), 100 * E(P, scen, rpt, bpr64, 0, 0),
                100 * E(P, scen, rpt, bpr, 1, 0), 100 * E(P, scen, rpt, bpr, 0, 1)
        }
    }
}' "$tmp/rows"
