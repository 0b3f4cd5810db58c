/* bench_tests.c — the cost per replicate of recording the non-proportional-
 * hazards tests (issue 15, "Speed"): the config (default configs/default.ini,
 * stratified log-rank deciding) as given with also_test emptied (log-rank
 * only), and with also_test = every other test: cox fh:0,1 fh:1,0 fh:0,0.5
 * mwlr:12 maxcombo rmst:36 milestone:36. That is 8 entries, the most a
 * config takes; fh:1,1 is not listed on its own, but its score is computed
 * anyway as a MaxCombo component (one pass of the weighted log-rank for all
 * weights), so only its decision is left out. The two run alternately in 10
 * rounds of REPLICATES / 10 (the same replicates for both), timed in this
 * thread's CPU time, so that a load that comes and goes on a shared machine
 * falls on both alike. Everything `run` does per replicate, without MPI or
 * files.
 *
 * usage: bench_tests [REPLICATES] [CONFIG] [ALSO]   (default 10000; ALSO, a
 * space-separated also_test list, replaces the full set, e.g. "maxcombo" to
 * time one test) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    uint64_t reps = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000;
    const char *path = argc > 2 ? argv[2] : "configs/default.ini";
    const char *lr_ov[] = {"design.test=logrank", "design.also_test="};
    char also[512] = "design.also_test=cox fh:0,1 fh:1,0 fh:0,0.5 mwlr:12 maxcombo rmst:36 "
                     "milestone:36";
    if (argc > 3)
        snprintf(also, sizeof also, "design.also_test=%s", argv[3]);
    const char *all_ov[] = {"design.test=logrank", also};
    hs_engine *el = bench_engine("bench_tests", path, lr_ov, 2), *ea = bench_engine("bench_tests", path, all_ov, 2);
    if (!el || !ea || reps == 0) {
        hs_engine_free(el);
        hs_engine_free(ea);
        return 1;
    }
    hs_engine_run(el, 0, 200); /* warm up */
    hs_engine_run(ea, 0, 200);
    hs_acc_reset(hs_engine_acc(el));
    hs_acc_reset(hs_engine_acc(ea));
    double tl = 0, ta = 0;
    for (uint64_t r = 0; r < 10; r++) {
        uint64_t a = reps * r / 10, b = reps * (r + 1) / 10;
        tl += bench_timed(el, a, b - a);
        ta += bench_timed(ea, a, b - a);
    }
    const hs_acc *al = hs_engine_acc(el), *aa = hs_engine_acc(ea);
    double R = (double)reps;
    printf("bench_tests: %llu trials each; log-rank only %.2f us/trial; with %d more tests %.2f "
           "us/trial CPU; ratio %.2fx (target 1.5x); power log-rank %.4f in both (%.4f)\n",
           (unsigned long long)reps, 1e6 * tl / R, hs_engine_scenario(ea)->nalso, 1e6 * ta / R,
           ta / tl, (double)al->count[HS_ACC_REJECTIONS] / R,
           (double)aa->count[HS_ACC_REJECTIONS] / R);
    hs_engine_free(el);
    hs_engine_free(ea);
    return 0;
}
