/* engine.c — see engine.h. */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>

#include "priordraw.h"
#include "trial.h"

/* With a prior, replicate r runs on `drawn` (the scenario its draw gives)
 * and, when the prior asks for the conditional power too, again on `point`
 * (the scenario at the point estimates, lean: only the deciding test) with
 * the same patients. */
struct hs_engine {
    hs_scenario sc;
    hs_trial *trial;
    hs_acc *acc;
    hs_scenario *drawn, *point;
};

void hs_engine_free(hs_engine *e)
{
    if (!e)
        return;
    hs_trial_free(e->trial);
    hs_acc_free(e->acc);
    free(e->drawn);
    free(e->point);
    free(e);
}

hs_engine *hs_engine_alloc(const hs_scenario *sc, char *err, size_t errlen)
{
    if (hs_scenario_check(sc, err, errlen) != 0)
        return NULL;
    hs_engine *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "%s", "out of memory");
        return NULL;
    }
    e->sc = *sc;
    e->trial = hs_trial_alloc(sc);
    e->acc = hs_acc_alloc(sc);
    int bad = !e->trial || !e->acc;
    if (hs_scenario_has_prior(sc)) {
        e->drawn = malloc(sizeof *e->drawn);
        e->point = malloc(sizeof *e->point);
        bad |= !e->drawn || !e->point;
        if (!bad) {
            *e->drawn = *sc;
            *e->point = *sc;
            e->point->lean = 1;
        }
    }
    if (bad) {
        hs_engine_free(e);
        snprintf(err, errlen, "%s", "out of memory");
        return NULL;
    }
    return e;
}

static void run_prior(hs_engine *e, uint64_t first, uint64_t count)
{
    hs_trial_result r;
    hs_priordraw d;
    for (uint64_t k = 0; k < count; k++) {
        hs_priordraw_run(&e->sc, first + k, e->drawn, &d);
        hs_trial_run(e->trial, e->drawn, first + k, &r);
        hs_acc_stage(e->acc, &r);
        hs_acc_add_prior(e->acc, &d, r.reject);
        if (e->acc->cond_at >= 0) {
            hs_trial_run(e->trial, e->point, first + k, &r);
            e->acc->count[e->acc->cond_at] += r.reject != 0;
        }
    }
    hs_acc_flush(e->acc);
}

void hs_engine_run(hs_engine *e, uint64_t first, uint64_t count)
{
    if (e->drawn) {
        run_prior(e, first, count);
        return;
    }
    hs_trial_result r;
    for (uint64_t k = 0; k < count; k++) {
        hs_trial_run(e->trial, &e->sc, first + k, &r);
        hs_acc_stage(e->acc, &r);
    }
    hs_acc_flush(e->acc);
}

hs_acc *hs_engine_acc(hs_engine *e) { return e->acc; }
const hs_scenario *hs_engine_scenario(const hs_engine *e) { return &e->sc; }
