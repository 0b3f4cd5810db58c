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

#include "bench_util.h"

int main(int argc, char **argv)
{
    uint64_t reps = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    const char *path = argc > 2 ? argv[2] : "bench/reference_gsd.ini";
    const char *fixed_ov[] = {"design.looks=none"};
    hs_engine *eg = bench_engine("bench_gsd", path, NULL, 0), *ef = bench_engine("bench_gsd", path, fixed_ov, 1);
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
        tf += bench_timed(ef, a, b - a);
        tg += bench_timed(eg, a, b - a);
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
