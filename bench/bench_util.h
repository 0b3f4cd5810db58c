/* bench_util.h — what the config-driven benchmarks (bench_gsd, bench_tests)
 * share: thread CPU time, the engine of a config's scenario 0, and the CPU
 * time of a run of replicates. Header-only: each benchmark is one program. */
#ifndef HS_BENCH_UTIL_H
#define HS_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "errs.h"

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The engine for scenario 0 of path with the overrides, or NULL (printed
 * with the program's name). */
static inline hs_engine *bench_engine(const char *prog, const char *path, const char *const *ov, int nov)
{
    hs_config *c = malloc(sizeof *c);
    hs_errs *errs = malloc(sizeof *errs);
    hs_scenario *sc = malloc(sizeof *sc);
    hs_engine *e = NULL;
    char why[256] = "out of memory";
    if (c && errs && sc) {
        hs_errs_init(errs);
        if (hs_config_load(path, ov, nov, c, errs)) {
            hs_errs_print(errs, stderr);
            snprintf(why, sizeof why, "bad config");
        } else if (hs_scenario_from_config(c, 0, 0, sc, why, sizeof why) == 0)
            e = hs_engine_alloc(sc, why, sizeof why);
    }
    if (!e)
        fprintf(stderr, "%s: %s: %s\n", prog, path, why);
    free(c);
    free(errs);
    free(sc);
    return e;
}

/* CPU seconds for replicates first .. first + count - 1. */
static inline double bench_timed(hs_engine *e, uint64_t first, uint64_t count)
{
    double t0 = bench_now();
    hs_engine_run(e, first, count);
    return bench_now() - t0;
}

#endif
