/* bench_trial.c — trials per second of the engine on one core, on the
 * validation.md reference design: exponential control (median 30 months),
 * HR 0.6, 240 patients, 24 months of uniform accrual, no dropout, analysis at
 * the 120th event, one-sided log-rank at 0.025, plus the Cox HR, KM on the
 * 0:72:1 grid, landmarks 12/24/36 and RMST to 36 — everything `run` does per
 * replicate, without MPI or files.
 *
 * usage: bench_trial [REPLICATES]   (default 20000) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    uint64_t reps = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    hs_scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.seed = 20250814;
    sc.replicates = reps;
    sc.n = 240;
    for (int a = 0; a < 2; a++) {
        sc.arm[a].model.family = HS_FAM_EXPONENTIAL;
        sc.arm[a].model.par[0] = log(2.0) / 30.0;
        sc.arm[a].weight = 1;
    }
    sc.arm[1].model.nhr = 1;
    sc.arm[1].model.hr[0] = 0.6;
    sc.accrual_months = 24;
    sc.cut = HS_SC_CUT_EVENTS;
    sc.cut_value = 120;
    hs_testspec_parse("logrank", &sc.test, NULL, 0);
    sc.nlooks = 1;
    sc.alpha = 0.025;
    sc.sides = 1;
    sc.strata_cov = -1;
    sc.ngrid = 73;
    for (int k = 0; k < 73; k++)
        sc.grid[k] = k;
    sc.nland = 3;
    sc.land[0] = 12;
    sc.land[1] = 24;
    sc.land[2] = 36;
    sc.tau = 36;
    char why[256] = "";
    hs_engine *e = hs_engine_alloc(&sc, why, sizeof why);
    if (!e) {
        fprintf(stderr, "bench_trial: %s\n", why);
        return 1;
    }
    hs_engine_run(e, 0, reps < 500 ? reps : 500); /* warm up */
    hs_acc_reset(hs_engine_acc(e));
    double t0 = now();
    hs_engine_run(e, 0, reps);
    double dt = now() - t0;
    hs_acc *acc = hs_engine_acc(e);
    printf("bench_trial: %llu trials in %.3f s: %.2f us/trial, %.0f trials/s on one core; power %.4f\n",
           (unsigned long long)reps, dt, 1e6 * dt / (double)reps, (double)reps / dt,
           (double)acc->count[HS_ACC_REJECTIONS] / (double)acc->count[HS_ACC_REPLICATES]);
    hs_engine_free(e);
    return 0;
}
