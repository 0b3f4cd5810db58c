/* bench_trial.c — CPU time per replicate of the engine on one core, on the
 * validation.md reference design (bench/reference.ini, built here by hand so
 * that the program needs no file): exponential control (median 30 months),
 * HR 0.6, 240 patients, 24 months of uniform accrual, no dropout, analysis
 * at the 120th event, one-sided log-rank at 0.025. Two engines:
 *   lean  `[analysis] outputs = power`: the deciding test only (the config
 *         layer's lean scenario: no grid, no landmarks; tau stays, unused);
 *   full  the default analysis set: also the Cox HR, KM on the 0:72:1 grid,
 *         landmarks 12/24/36 and RMST to 36.
 * Everything `run` does per replicate, without MPI or files. Each of REPS
 * repetitions runs replicates 0 .. REPLICATES-1 on both engines, alternately
 * (a load that comes and goes on a shared machine falls on both alike),
 * timed in this thread's CPU time; the minimum and the median are printed.
 * The rejection counts are `hifusim run bench/reference.ini --replicates
 * REPLICATES`'s (bench/run.sh checks it), and lean's equal full's.
 *
 * usage: bench_trial [REPLICATES [REPS]]   (default 20000 5) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define REPS_MAX 101

static void reference(hs_scenario *sc, uint64_t reps, int lean)
{
    memset(sc, 0, sizeof *sc);
    sc->seed = 20250814;
    sc->replicates = reps;
    sc->n = 240;
    for (int a = 0; a < 2; a++) {
        sc->arm[a].model.family = HS_FAM_EXPONENTIAL;
        sc->arm[a].model.par[0] = log(2.0) / 30.0;
        sc->arm[a].weight = 1;
    }
    sc->arm[1].model.nhr = 1;
    sc->arm[1].model.hr[0] = 0.6;
    sc->accrual_months = 24;
    sc->cut = HS_SC_CUT_EVENTS;
    sc->cut_value = 120;
    hs_testspec_parse("logrank", &sc->test, NULL, 0);
    sc->nlooks = 1;
    sc->alpha = 0.025;
    sc->sides = 1;
    sc->strata_cov = -1;
    sc->lean = lean;
    /* as hs_scenario_from_config: a lean scenario has no grid and no
     * landmarks; tau is kept (the RMST test would use it) */
    sc->ngrid = lean ? 0 : 73;
    for (int k = 0; k < sc->ngrid; k++)
        sc->grid[k] = k;
    sc->nland = lean ? 0 : 3;
    for (int k = 0; k < sc->nland; k++)
        sc->land[k] = 12.0 * (k + 1);
    sc->tau = 36;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int main(int argc, char **argv)
{
    uint64_t reps = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    int nrep = argc > 2 ? atoi(argv[2]) : 5;
    if (reps == 0 || nrep < 1 || nrep > REPS_MAX) {
        fprintf(stderr, "bench_trial: usage: bench_trial [REPLICATES >= 1 [REPS 1..%d]]\n", REPS_MAX);
        return 2;
    }
    static const char *name[2] = {"full", "lean (outputs = power)"};
    hs_engine *e[2] = {NULL, NULL};
    hs_scenario *sc = malloc(sizeof *sc);
    char why[256] = "out of memory";
    for (int m = 0; sc && m < 2; m++) {
        reference(sc, reps, m);
        if (!(e[m] = hs_engine_alloc(sc, why, sizeof why)))
            break;
    }
    free(sc);
    if (!e[0] || !e[1]) {
        fprintf(stderr, "bench_trial: %s\n", why);
        hs_engine_free(e[0]);
        hs_engine_free(e[1]);
        return 1;
    }
    double t[2][REPS_MAX];
    for (int m = 0; m < 2; m++)
        hs_engine_run(e[m], 0, reps < 500 ? reps : 500); /* warm up */
    for (int r = 0; r < nrep; r++)
        for (int m = 1; m >= 0; m--) {
            hs_acc_reset(hs_engine_acc(e[m]));
            t[m][r] = bench_timed(e[m], 0, reps);
        }
    for (int m = 1; m >= 0; m--) {
        const hs_acc *acc = hs_engine_acc(e[m]);
        uint64_t rej = acc->count[HS_ACC_REJECTIONS], n = acc->count[HS_ACC_REPLICATES];
        double lo = t[m][0];
        for (int r = 1; r < nrep; r++)
            lo = fmin(lo, t[m][r]);
        double med = median(t[m], nrep);
        printf("bench_trial: %s: %.2f us/trial (min; median %.2f) over %d x %llu trials, "
               "CPU time on one core; power %.4f (rejections %llu of %llu)\n",
               name[m], 1e6 * lo / (double)reps, 1e6 * med / (double)reps, nrep,
               (unsigned long long)reps, (double)rej / (double)n, (unsigned long long)rej,
               (unsigned long long)n);
    }
    hs_engine_free(e[0]);
    hs_engine_free(e[1]);
    return 0;
}
