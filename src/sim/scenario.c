/* scenario.c — see scenario.h. The bridge from a resolved config to the
 * engine's plain scenario. */
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

int hs_scenario_check(const hs_scenario *sc, char *err, size_t errlen)
{
    if (sc->n < 2) {
        snprintf(err, errlen, "%s", "a trial needs at least 2 patients");
        return -1;
    }
    if (sc->ncov < 0 || sc->ncov > HS_SC_COV_MAX) {
        snprintf(err, errlen, "%s", "too many covariates");
        return -1;
    }
    for (int a = 0; a < 2; a++)
        if (sc->arm[a].weight < 1) {
            snprintf(err, errlen, "%s", "allocation weights must be >= 1");
            return -1;
        }
    int w = sc->arm[0].weight + sc->arm[1].weight;
    if (w > 64) {
        snprintf(err, errlen, "%s", "allocation weights must add up to at most 64");
        return -1;
    }
    if (sc->cut == HS_SC_CUT_EVENTS && (sc->cut_value < 1 || sc->cut_value > sc->n)) {
        snprintf(err, errlen, "%s", "the target number of events must be between 1 and n");
        return -1;
    }
    if (sc->ngrid < (sc->lean ? 0 : 1) || sc->ngrid > HS_SC_GRID_MAX || sc->nland > HS_SC_LAND_MAX) {
        snprintf(err, errlen, "%s", "grid or landmark count out of range");
        return -1;
    }
    if (!(sc->alpha > 0 && sc->alpha < 1) || (sc->sides != 1 && sc->sides != 2)) {
        snprintf(err, errlen, "%s", "alpha must be in (0,1) and sides 1 or 2");
        return -1;
    }
    for (int a = 0; a < 2; a++)
        if (hs_hazard_check(&sc->arm[a].model, NULL, 0) != 0) {
            /* The config's own check gave the user the details, with FILE:LINE. */
            snprintf(err, errlen, "%s", a == 0 ? "arm 0's hazard model is invalid" : "arm 1's hazard model is invalid");
            return -1;
        }
    return 0;
}

static void copy_arm(hs_sc_arm *dst, const hs_arm *src, int ncov)
{
    memset(dst, 0, sizeof *dst);
    dst->model = src->model;
    for (int c = 0; c < ncov; c++)
        for (int l = 0; l < HS_LEVELS_MAX; l++)
            dst->beta[c][l] = src->beta[c][l];
    dst->dropout_rate = src->dropout_rate;
    dst->weight = src->allocation;
}

/* Config arm bits -> scenario arm bits (1 control, 2 experimental). */
static unsigned scenario_arms(const hs_design *d, unsigned bits)
{
    return (bits >> d->control & 1u) | (bits >> d->experimental & 1u) << 1;
}

/* The FNV-1a hash of a name: where its draws sit in the prior stream. */
static uint64_t name_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

/* The config's prior with scenario arm bits, and each key's place in the
 * replicate stream: 2^97 draws on (past the patients' blocks and the trial
 * block at 2^96), then 2^64 draws per slot, the slot a 32-bit hash of the
 * key's name (or of "from_fit.ARM"), so that a key draws the same values
 * whatever other keys the prior has. Equal slots (a hash collision) move
 * the later key to the next free slot. */
static void prior_from_config(const hs_config *c, hs_scenario *out)
{
    const hs_design *d = &c->design;
    out->prior = c->prior;
    hs_prior_spec *p = &out->prior;
    uint64_t slot[HS_PRIOR_KEYS_MAX + HS_PRIOR_FITS_MAX];
    int ns = 0;
    for (int k = 0; k < p->nkeys + p->nfit; k++) {
        char fitname[HS_NAME_MAX + 16];
        const char *name = p->key[k < p->nkeys ? k : 0].name;
        if (k >= p->nkeys) {
            snprintf(fitname, sizeof fitname, "from_fit.%s", c->arm[p->fit[k - p->nkeys].arm].name);
            name = fitname;
        }
        uint64_t h = name_hash(name) & 0xffffffffu;
        for (int again = 1; again;) {
            again = 0;
            for (int i = 0; i < ns; i++)
                if (slot[i] == h) {
                    h = (h + 1) & 0xffffffffu;
                    again = 1;
                }
        }
        slot[ns++] = h;
        hs_rng_jump_init(&out->prior_jump[k], ((hs_u128)1 << 97) + ((hs_u128)h << 64));
    }
    for (int k = 0; k < p->nkeys; k++)
        p->key[k].target.arms = scenario_arms(d, p->key[k].target.arms);
    for (int f = 0; f < p->nfit; f++)
        for (int i = 0; i < p->fit[f].mvn.k; i++)
            p->fit[f].target[i].arms = scenario_arms(d, p->fit[f].target[i].arms);
}

double hs_scenario_look_events(double frac, double k)
{
    /* ceil(F K), forgiving the rounding of F K (0.3 * 10 = 3.0000000000000004) */
    return ceil(frac * k - 1e-9);
}

/* Planned bounds for the looks' event counts: t = K_j / K. */
static int solve_planned(hs_scenario *sc, char *err, size_t errlen)
{
    double K = sc->look_value[sc->nlooks - 1];
    for (int j = 0; j < sc->nlooks; j++) {
        sc->gsd.t[j] = sc->look_value[j] / K;
        if (j > 0 && !(sc->look_value[j] > sc->look_value[j - 1])) {
            snprintf(err, errlen, "%s", "interim looks at the same number of events: the trial is too small for its looks");
            return -1;
        }
    }
    sc->gsd.t[sc->nlooks - 1] = 1.0;
    char msg[256];
    if (hs_gsd_solve(&sc->gsd, &sc->bounds, msg, sizeof msg)) {
        snprintf(err, errlen, "%s", "the group-sequential design has no bounds");
        return -1;
    }
    return 0;
}

int hs_scenario_resize(hs_scenario *sc, int n, double events, char *err, size_t errlen)
{
    sc->n = n;
    if (sc->cut != HS_SC_CUT_EVENTS)
        return 0;
    sc->cut_value = events;
    sc->look_value[sc->nlooks - 1] = events;
    if (sc->nlooks == 1 || !sc->planned)
        return 0;
    for (int j = 0; j < sc->nlooks - 1; j++)
        sc->look_value[j] = hs_scenario_look_events(sc->look_frac[j], events);
    return solve_planned(sc, err, errlen);
}

int hs_scenario_from_config(const hs_config *c, int n_index, uint64_t index, hs_scenario *out,
                            char *err, size_t errlen)
{
    const hs_design *d = &c->design;
    if (n_index < 0 || n_index >= d->nn) {
        snprintf(err, errlen, "%s", "no such N in the design");
        return -1;
    }
    if (c->ncov > HS_SC_COV_MAX || d->ngrid > HS_SC_GRID_MAX || d->nlandmarks > HS_SC_LAND_MAX) {
        snprintf(err, errlen, "%s", "config exceeds the engine's limits");
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->index = index;
    out->seed = c->seed;
    out->replicates = c->replicates;
    out->n = d->n[n_index];
    out->ncov = c->ncov;
    for (int k = 0; k < c->ncov; k++) {
        out->nlevels[k] = c->cov[k].nlevels;
        for (int l = 0; l < c->cov[k].nlevels; l++)
            out->cum[k][l] = c->cov[k].cum[l];
    }
    copy_arm(&out->arm[0], &c->arm[d->control], c->ncov);
    copy_arm(&out->arm[1], &c->arm[d->experimental], c->ncov);
    out->accrual_months = d->accrual_months;
    out->naccrual = d->naccrual;
    for (int k = 0; k < d->naccrual; k++) {
        out->accrual_start[k] = d->accrual_start[k];
        out->accrual_rate[k] = d->accrual_rate[k];
    }
    if (d->analysis == HS_ANALYSIS_EVENTS) {
        out->cut = HS_SC_CUT_EVENTS;
        out->cut_value = (double)d->analysis_events;
    } else {
        out->cut = d->analysis == HS_ANALYSIS_FOLLOWUP ? HS_SC_CUT_FOLLOWUP : HS_SC_CUT_CALENDAR;
        out->cut_value = d->analysis_time;
    }
    out->test = d->test;
    out->nalso = d->nalso;
    hs_testspec all[HS_SC_ALSO_MAX + 1];
    all[0] = out->test;
    for (int i = 0; i < d->nalso; i++)
        all[i + 1] = out->also[i] = d->also[i];
    for (int q = 0; q <= d->nalso; q++) {
        hs_testspec *ts = q ? &out->also[q - 1] : &out->test;
        if (ts->kind == HS_TEST_RMST && !isfinite(ts->tau))
            ts->tau = d->tau;
    }
    for (size_t i = 0; i < sizeof out->wlr_index / sizeof out->wlr_index[0]; i++)
        out->wlr_index[i] = -1;
    hs_wlr_spec ws[HS_WLR_MAX];
    if (hs_testspec_wlr_merge(all, d->nalso + 1, ws, &out->nwlr, out->wlr_index, err, errlen))
        return -1;
    for (int k = 0; k < out->nwlr; k++) { /* field by field: the padding stays zero (memset) */
        out->wlr[k].kind = ws[k].kind;
        out->wlr[k].rho = ws[k].rho;
        out->wlr[k].gamma = ws[k].gamma;
        out->wlr[k].tstar = ws[k].tstar;
    }
    out->breslow = d->ties == HS_TIES_BRESLOW;
    out->lean = d->lean;
    out->alpha = d->alpha;
    out->sides = d->sides;
    out->strata_cov = d->strata;
    out->ngrid = d->lean ? 0 : d->ngrid;
    for (int k = 0; k < out->ngrid; k++)
        out->grid[k] = d->grid[k];
    out->nland = d->lean ? 0 : d->nlandmarks;
    for (int k = 0; k < out->nland; k++)
        out->land[k] = d->landmarks[k];
    out->tau = d->tau;
    out->allocation_ratio = (double)c->arm[d->experimental].allocation /
                            (double)c->arm[d->control].allocation;
    out->nlooks = d->nlooks + 1;
    out->gsd = d->gsd;
    out->gsd.k = out->nlooks;
    out->gsd.alpha = d->alpha;
    out->gsd.sides = d->sides;
    out->look_cut = d->look_kind == HS_LOOK_CALENDAR ? HS_SC_CUT_CALENDAR : HS_SC_CUT_EVENTS;
    for (int j = 0; j < d->nlooks; j++) {
        out->look_value[j] = d->look_kind == HS_LOOK_INFO ? hs_scenario_look_events(d->look[j], (double)d->analysis_events) : d->look[j];
        out->look_frac[j] = d->look_kind == HS_LOOK_INFO ? d->look[j] : d->analysis == HS_ANALYSIS_EVENTS && d->look_kind == HS_LOOK_EVENTS ? d->look[j] / (double)d->analysis_events : NAN;
    }
    out->look_value[d->nlooks] = out->cut_value;
    out->look_frac[d->nlooks] = 1.0;
    out->planned = d->nlooks == 0 || d->looks_planned;
    if (d->nlooks > 0 && out->planned && solve_planned(out, err, errlen))
        return -1;
    prior_from_config(c, out);
    return hs_scenario_check(out, err, errlen);
}
