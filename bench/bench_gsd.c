/* bench_gsd.c — the cost per replicate of a 3-look group-sequential design
 * against the same fixed design, on one core (issue 14, "Speed"): the config
 * (default bench/reference_gsd.ini) as given, and with looks = none. The two
 * run alternately in 10 rounds of REPLICATES / 10 (the same replicates for
 * both), timed in this thread's CPU time, so that a load that comes and goes
 * on a shared machine falls on both alike. Everything `run` does per
 * replicate, without MPI or files.
 *
 * usage: bench_gsd [REPLICATES] [CONFIG]   (default 20000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "errs.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The engine for scenario 0 of path with the overrides, or NULL (printed). */
static hs_engine *engine(const char *path, const char *const *ov, int nov)
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
        fprintf(stderr, "bench_gsd: %s: %s\n", path, why);
    free(c);
    free(errs);
    free(sc);
    return e;
}

/* CPU seconds for replicates first .. first + count - 1. */
static double timed(hs_engine *e, uint64_t first, uint64_t count)
{
    double t0 = now();
    hs_engine_run(e, first, count);
    return now() - t0;
}

int main(int argc, char **argv)
{
    uint64_t reps = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    const char *path = argc > 2 ? argv[2] : "bench/reference_gsd.ini";
    const char *fixed_ov[] = {"design.looks=none"};
    hs_engine *eg = engine(path, NULL, 0), *ef = engine(path, fixed_ov, 1);
    if (!eg || !ef || reps == 0) {
        hs_engine_free(eg);
        hs_engine_free(ef);
        return 1;
    }
    hs_engine_run(ef, 0, 200); /* warm up */
    hs_engine_run(eg, 0, 200);
    hs_acc_reset(hs_engine_acc(ef));
    hs_acc_reset(hs_engine_acc(eg));
    double tf = 0, tg = 0;
    for (uint64_t r = 0; r < 10; r++) {
        uint64_t a = reps * r / 10, b = reps * (r + 1) / 10;
        tf += timed(ef, a, b - a);
        tg += timed(eg, a, b - a);
    }
    const hs_acc *af = hs_engine_acc(ef), *ag = hs_engine_acc(eg);
    const hs_scenario *sg = hs_engine_scenario(eg);
    uint64_t early = 0;
    for (int j = 0; j + 1 < sg->nlooks; j++)
        early += ag->count[HS_ACC_LOOK(j, HS_ACC_STOP_EFF)] +
                 ag->count[HS_ACC_LOOK(j, HS_ACC_STOP_FUT)];
    double R = (double)reps;
    printf("bench_gsd: %llu trials each; fixed %.2f us/trial; %d-look group-sequential %.2f "
           "us/trial CPU (%.1f%% stopped early); ratio %.2fx (target 1.3x); power fixed %.4f, "
           "sequential %.4f\n",
           (unsigned long long)reps, 1e6 * tf / R, sg->nlooks, 1e6 * tg / R,
           100.0 * (double)early / R, tg / tf, (double)af->count[HS_ACC_REJECTIONS] / R,
           (double)ag->count[HS_ACC_REJECTIONS] / R);
    hs_engine_free(eg);
    hs_engine_free(ef);
    return 0;
}
