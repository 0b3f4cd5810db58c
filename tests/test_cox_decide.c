/* test_cox_decide.c — the Cox test as the deciding test (issue 12 item 1).
 *
 * A small design like tests/bad-inputs/good/cfg.ini (Weibull shape 1.6 scale
 * 58, n = 120, 24 months accrual, analysis at the 60th event, one-sided
 * alpha 0.025, test = cox), 200 replicates at HR 0.5, 0.1, 0.01 and 1e-6:
 *   - power is non-decreasing as the HR falls and ends at exactly 1: a
 *     monotone likelihood in the favourable direction (every arm-1 patient
 *     outlives the arm-0 events) rejects through the score z, where the
 *     Wald z is NaN (before the fix: power 0.85 at 0.01 and 0 at 1e-6);
 *   - the non-converged fits are counted (all 200 at HR 1e-6, none at 0.5)
 *     and the count merges exactly: two halves merged = one run. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "tap.h"

static void design(hs_scenario *sc, double hr)
{
    memset(sc, 0, sizeof *sc);
    sc->seed = 1;
    sc->n = 120;
    for (int a = 0; a < 2; a++) {
        sc->arm[a].model.family = HS_FAM_WEIBULL;
        sc->arm[a].model.par[0] = 1.6;
        sc->arm[a].model.par[1] = 58;
        sc->arm[a].weight = 1;
        sc->arm[a].dropout_rate = -log(1 - 0.03) / 12;
    }
    sc->arm[1].model.nhr = 1;
    sc->arm[1].model.hr[0] = hr;
    sc->accrual_months = 24;
    sc->cut = HS_SC_CUT_EVENTS;
    sc->cut_value = 60;
    hs_testspec_parse("cox", &sc->test, NULL, 0);
    sc->alpha = 0.025;
    sc->sides = 1;
    sc->strata_cov = -1;
    sc->ngrid = 2;
    sc->grid[0] = 0;
    sc->grid[1] = 12;
    sc->tau = 12;
}

int main(void)
{
    static const double hrs[4] = {0.5, 0.1, 0.01, 1e-6};
    const uint64_t R = 200;
    plan(4 + 2 + 4);
    double prev = -1;
    uint64_t nc[4] = {0};
    for (int i = 0; i < 4; i++) {
        hs_scenario sc;
        design(&sc, hrs[i]);
        char why[256] = "";
        hs_engine *e = hs_engine_alloc(&sc, why, sizeof why);
        if (!e) {
            ok(0, "engine: %s", *why ? why : "?");
            continue;
        }
        hs_engine_run(e, 0, R);
        hs_acc *a = hs_engine_acc(e);
        double p = (double)a->count[HS_ACC_REJECTIONS] / (double)a->count[HS_ACC_REPLICATES];
        nc[i] = a->count[HS_ACC_COX_NONCONV];
        ok(p >= prev, "HR %g: power %.3f >= %.3f at the larger HR (%llu fits not converged)", hrs[i], p,
           prev, (unsigned long long)nc[i]);
        prev = p;
        if (i == 3) {
            is_double(p, 1.0, 0.0, "HR 1e-6: power exactly 1");
            /* exact merge of the counter: two halves = one run */
            hs_engine *h1 = hs_engine_alloc(&sc, why, sizeof why), *h2 = hs_engine_alloc(&sc, why, sizeof why);
            if (h1 && h2) {
                hs_engine_run(h1, 0, R / 2);
                hs_engine_run(h2, R / 2, R - R / 2);
                hs_acc_merge(hs_engine_acc(h1), hs_engine_acc(h2));
                is_int((long long)hs_engine_acc(h1)->count[HS_ACC_COX_NONCONV], (long long)nc[3],
                       "cox_nonconverged of two merged halves = one run");
            } else
                ok(0, "engines for the halves");
            hs_engine_free(h1);
            hs_engine_free(h2);
        }
        hs_engine_free(e);
    }
    is_int((long long)nc[0], 0, "HR 0.5: every fit converged");
    is_int((long long)nc[3], (long long)R, "HR 1e-6: every fit monotone, all counted");
    ok(nc[2] > 0 && nc[2] < R, "HR 0.01: some fits monotone (%llu)", (unsigned long long)nc[2]);
    ok(nc[1] <= nc[2], "more non-converged fits at HR 0.01 than at 0.1");
    return tap_done();
}
