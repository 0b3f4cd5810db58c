/* engine.c — see engine.h. */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>

#include "trial.h"

struct hs_engine {
    hs_scenario sc;
    hs_trial *trial;
    hs_acc *acc;
};

void hs_engine_free(hs_engine *e)
{
    if (!e)
        return;
    hs_trial_free(e->trial);
    hs_acc_free(e->acc);
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
    if (!e->trial || !e->acc) {
        hs_engine_free(e);
        snprintf(err, errlen, "%s", "out of memory");
        return NULL;
    }
    return e;
}

void hs_engine_run(hs_engine *e, uint64_t first, uint64_t count)
{
    hs_trial_result r;
    for (uint64_t k = 0; k < count; k++) {
        hs_trial_run(e->trial, &e->sc, first + k, &r);
        hs_acc_add(e->acc, &r);
    }
}

hs_acc *hs_engine_acc(hs_engine *e) { return e->acc; }
const hs_scenario *hs_engine_scenario(const hs_engine *e) { return &e->sc; }
