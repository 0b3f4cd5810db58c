/* planrun.c — see planrun.h. A batch of N is one list of scenarios for the
 * driver; power is rejections / replicates with its Wilson 95% interval
 * (results.h); rank 0 broadcasts the filled points so every rank takes the
 * same next step of the search. */
#include "planrun.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "par.h"
#include "results.h"

#define HS_PLANRUN_NCOARSE 12

static int events_at(const hs_planrun *x, int n)
{
    if (x->base.cut != HS_SC_CUT_EVENTS)
        return 0;
    if (x->events_fixed)
        return (int)x->base.cut_value;
    long k = lround(x->q * n);
    return (int)(k < 1 ? 1 : k > n ? n : k);
}

/* hs_driver_done_fn */
static int point_done(void *ctx, uint64_t pos, const hs_scenario *sc, const hs_acc *acc)
{
    (void)sc;
    hs_planrun *x = ctx;
    hs_plan_point *p = &x->batch[pos];
    uint64_t R = acc->count[HS_ACC_REPLICATES], k = acc->count[HS_ACC_REJECTIONS];
    p->rejections = k;
    p->power = R ? (double)k / (double)R : NAN;
    hs_results_wilson(k, R, &p->ci_low, &p->ci_high);
    hs_dsummary ev, du;
    hs_acc_summarize(&acc->events, &ev);
    hs_acc_summarize(&acc->duration, &du);
    p->events_mean = ev.mean;
    p->duration_mean = du.mean;
    p->duration_sd = du.sd;
    p->duration_q025 = du.q[0];
    p->duration_q500 = du.q[2];
    p->duration_q975 = du.q[4];
    p->cond_power = acc->cond_at >= 0 && R ? (double)acc->count[acc->cond_at] / (double)R : NAN;
    return 0;
}

void hs_planrun_init(hs_planrun *x, const hs_scenario *base, uint64_t chunk, uint64_t config_hash,
                     hs_planrun_note_fn note, void *note_ctx)
{
    hs_scenario b = *base; /* base may point into x */
    memset(x, 0, sizeof *x);
    x->base = b;
    x->q = base->cut == HS_SC_CUT_EVENTS && base->n > 0 ? base->cut_value / base->n : 0;
    x->note = note;
    x->note_ctx = note_ctx;
    x->d.msg = x->msg;
    x->d.msglen = sizeof x->msg;
    x->d.chunk = chunk;
    x->d.ckpt_every = 0;
    x->d.ckpt_path = NULL;
    x->d.progress = NULL;
    x->d.done = point_done;
    x->d.ctx = x;
    hs_checkpoint_key(&x->d.key, config_hash);
}

void hs_planrun_config(hs_planrun *x, const hs_config *c)
{
    x->events_fixed = c->plan.events_fixed && x->base.cut == HS_SC_CUT_EVENTS;
    x->solve_followup = c->plan.solve_followup && x->base.cut != HS_SC_CUT_EVENTS;
}

double hs_planrun_time(int n)
{
    return n / 10.0;
}

int hs_planrun_point(double months)
{
    double p = ceil(10 * months - 1e-9);
    return p < 2 ? 2 : p > 1e9 ? 1000000000 : (int)p;
}

int hs_planrun_eval(void *ctx, hs_plan_point *pts, int npts)
{
    hs_planrun *x = ctx;
    hs_scenario *list = malloc((size_t)(npts > 0 ? npts : 1) * sizeof *list);
    int fail = list == NULL;
    for (int i = 0; !fail && i < npts; i++) {
        char why[256] = "";
        list[i] = x->base;
        list[i].replicates = pts[i].replicates;
        if (x->solve_followup) {
            /* the base's N; the analysis time is the searched value */
            list[i].cut_value = hs_planrun_time(pts[i].n);
            list[i].look_value[list[i].nlooks - 1] = list[i].cut_value;
            pts[i].events = 0;
            if (hs_scenario_check(&list[i], why, sizeof why) != 0) {
                if (!fail)
                    snprintf(x->msg, sizeof x->msg, "hifusim plan: follow-up %g months: %s",
                             list[i].cut_value, why);
                fail = 1;
            }
            continue;
        }
        pts[i].events = events_at(x, pts[i].n);
        if (hs_scenario_resize(&list[i], pts[i].n, pts[i].events, why, sizeof why) != 0 ||
            hs_scenario_check(&list[i], why, sizeof why) != 0) {
            if (!fail)
                snprintf(x->msg, sizeof x->msg, "hifusim plan: N = %d: %s", pts[i].n, why);
            fail = 1;
        }
    }
    int rc = hs_par_agree(fail);
    if (rc == 0) {
        x->batch = pts;
        rc = hs_driver_run(&x->d, list, (uint64_t)npts, NULL);
    }
    free(list);
    if (rc == 0) {
        hs_par_bcast(pts, (size_t)npts * sizeof *pts);
        if (hs_par_rank() == 0 && x->note)
            for (int i = 0; i < npts; i++)
                x->note(x->note_ctx, &pts[i]);
    }
    return rc;
}

int hs_planrun_opts(const hs_config *c, const hs_scenario *base, const double *target, int ntarget,
                    hs_plan_opts *po, char *err, size_t errlen)
{
    memset(po, 0, sizeof *po);
    po->n_min = c->plan.n_min;
    po->n_max = c->plan.n_max;
    po->unit = base->arm[0].weight + base->arm[1].weight;
    if (c->plan.events_fixed && base->cut == HS_SC_CUT_EVENTS && po->n_min < (int)base->cut_value)
        po->n_min = (int)base->cut_value; /* K events need K patients */
    if (c->plan.solve_followup && base->cut != HS_SC_CUT_EVENTS) {
        po->n_min = 2;
        po->n_max = hs_planrun_point(c->plan.followup_max);
        po->unit = 1;
    }
    po->ncoarse = HS_PLANRUN_NCOARSE;
    po->replicates_coarse = c->plan.replicates_coarse;
    po->replicates_fine = c->plan.replicates_fine;
    po->ntarget = ntarget > 0 ? ntarget : c->plan.ntarget;
    if (po->ntarget > HS_PLAN_TARGETS_MAX)
        po->ntarget = HS_PLAN_TARGETS_MAX;
    for (int k = 0; k < po->ntarget; k++)
        po->target[k] = ntarget > 0 ? target[k] : c->plan.target_power[k];
    if (po->unit < 1 ||
        po->n_max / po->unit * po->unit <= (po->n_min + po->unit - 1) / po->unit * po->unit) {
        snprintf(err, errlen, "[plan] n_min = %d .. n_max = %d holds fewer than two multiples of the "
                              "allocation block %d; widen the range", po->n_min, po->n_max, po->unit);
        return -1;
    }
    return 0;
}

void hs_planrun_free(hs_planrun *x)
{
    (void)x; /* nothing is allocated today; kept so callers need not know */
}
