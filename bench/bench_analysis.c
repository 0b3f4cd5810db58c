/* bench_analysis.c — ns per patient of each per-trial analysis at n = 240
 * (two arms, 3 strata, exponential times, ~25% censoring): load + sort,
 * KM per arm on a 73-point grid with median + RMST, stratified log-rank,
 * Cox (Efron, one term, stratified). Run: build/bench/bench_analysis [reps] */
#include "cox.h"
#include "km.h"
#include "logrank.h"
#include "survdata.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 240
#define NTRIAL 64

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t lcg = 0x9E3779B97F4A7C15u;
static double unif(void)
{
    lcg = lcg * 6364136223846793005u + 1442695040888963407u;
    return ((double)(lcg >> 11) + 0.5) * 0x1.0p-53;
}

int main(int argc, char **argv)
{
    long reps = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    if (reps < 1)
        reps = 20000;
    static double t[NTRIAL][N];
    static int st[NTRIAL][N], arm[NTRIAL][N], strat[NTRIAL][N];
    for (int k = 0; k < NTRIAL; k++)
        for (int i = 0; i < N; i++) {
            arm[k][i] = i & 1;
            strat[k][i] = (int)(unif() * 3);
            double ev = -log(unif()) * 30 / (arm[k][i] ? 0.7 : 1.0), ce = -log(unif()) * 90;
            t[k][i] = round(100 * (ev < ce ? ev : ce)) / 100;
            st[k][i] = ev < ce;
        }
    double grid[73], sg[73];
    for (int j = 0; j < 73; j++)
        grid[j] = j;
    hs_survdata *w = hs_survdata_alloc(N, 2, 3, 0);
    hs_km_summary ks;
    hs_logrank_result lr;
    hs_cox_result cx;
    double sink = 0, t0, tsort, tkm, tlr, tcox;

    t0 = now();
    for (long r = 0; r < reps; r++)
        hs_survdata_load(w, N, t[r % NTRIAL], st[r % NTRIAL], arm[r % NTRIAL], 2, strat[r % NTRIAL], 3, NULL, 0);
    tsort = now() - t0;
    long iters = 0;
    tkm = tlr = tcox = 0;
    for (int k = 0; k < NTRIAL; k++) {
        hs_survdata_load(w, N, t[k], st[k], arm[k], 2, strat[k], 3, NULL, 0);
        long rr = reps / NTRIAL + 1;
        t0 = now();
        for (long r = 0; r < rr; r++)
            for (int g = 0; g < 2; g++) {
                hs_km_group(w, g, 36, grid, 73, sg, &ks);
                sink += sg[36] + ks.rmst;
            }
        tkm += now() - t0;
        t0 = now();
        for (long r = 0; r < rr; r++) {
            hs_logrank_run(w, 0, 0, &lr);
            sink += lr.z;
        }
        tlr += now() - t0;
        t0 = now();
        for (long r = 0; r < rr; r++) {
            hs_cox_fit(w, HS_COX_EFRON, &cx);
            sink += cx.beta[0];
            iters += cx.iter;
        }
        tcox += now() - t0;
    }
    double per = 1e9 / ((double)(reps / NTRIAL + 1) * NTRIAL * N);
    printf("n = %d, %ld trials per analysis\n", N, reps);
    printf("load + sort            %8.1f ns/patient\n", tsort * 1e9 / ((double)reps * N));
    printf("KM both arms (73-grid, median, RMST) %8.1f ns/patient\n", tkm * per);
    printf("log-rank (stratified)  %8.1f ns/patient\n", tlr * per);
    printf("Cox Efron (stratified) %8.1f ns/patient  (%.2f Newton iterations/trial)\n", tcox * per,
           (double)iters / ((double)(reps / NTRIAL + 1) * NTRIAL));
    printf("(checksum %g)\n", sink);
    hs_survdata_free(w);
    return 0;
}
