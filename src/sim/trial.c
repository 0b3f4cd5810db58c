/* trial.c — see trial.h.
 *
 * Data cut: events:K analyses at the calendar time of the K-th event (or at
 * the last event when fewer than K ever occur); calendar:T at T months after
 * the first entry. A patient who entered before the cut is followed to
 * min(event, dropout, cut); one entering at or after the cut is not in the
 * analysis. Events are decided on the calendar scale (entry + event <= cut),
 * so the K-th event itself is never lost to rounding, also when an event
 * time is below the resolution of the entry time (entry + event == entry:
 * that patient entered before the cut although entry == cut in doubles). */
#include "trial.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "cohort.h"
#include "cox.h"
#include "km.h"
#include "logrank.h"
#include "rng.h"
#include "survdata.h"

struct hs_trial {
    int n;
    hs_patient *pt;
    double *cal;    /* calendar event times, for the K-th event */
    double *time;
    int *status, *arm, *stratum;
    int ntimes;     /* grid and landmarks merged, ascending */
    double *times;
    int *grid_at, *land_at; /* index into times */
    double *s[2];           /* S on times, per arm */
    double *km[2], *land[2];
    double zcrit;
    hs_survdata *sd;
};

void hs_trial_free(hs_trial *t)
{
    if (!t)
        return;
    free(t->pt);
    free(t->cal);
    free(t->time);
    free(t->status);
    free(t->arm);
    free(t->stratum);
    free(t->times);
    free(t->grid_at);
    free(t->land_at);
    for (int a = 0; a < 2; a++) {
        free(t->s[a]);
        free(t->km[a]);
        free(t->land[a]);
    }
    hs_survdata_free(t->sd);
    free(t);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Merge grid and landmarks into one ascending list of distinct times. */
static int merge_times(hs_trial *t, const hs_scenario *sc)
{
    int m = 0;
    for (int k = 0; k < sc->ngrid; k++)
        t->times[m++] = sc->grid[k];
    for (int k = 0; k < sc->nland; k++)
        t->times[m++] = sc->land[k];
    qsort(t->times, (size_t)m, sizeof *t->times, cmp_double);
    int u = 0;
    for (int k = 0; k < m; k++)
        if (u == 0 || t->times[k] != t->times[u - 1])
            t->times[u++] = t->times[k];
    t->ntimes = u;
    for (int k = 0; k < sc->ngrid; k++)
        t->grid_at[k] = (int)((double *)bsearch(&sc->grid[k], t->times, (size_t)u, sizeof(double),
                                                cmp_double) - t->times);
    for (int k = 0; k < sc->nland; k++)
        t->land_at[k] = (int)((double *)bsearch(&sc->land[k], t->times, (size_t)u, sizeof(double),
                                                cmp_double) - t->times);
    return 0;
}

hs_trial *hs_trial_alloc(const hs_scenario *sc)
{
    hs_trial *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    size_t n = (size_t)sc->n;
    size_t nt = (size_t)(sc->ngrid + sc->nland) + 1;
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    t->n = sc->n;
    t->pt = malloc(n * sizeof *t->pt);
    t->cal = malloc(n * sizeof *t->cal);
    t->time = malloc(n * sizeof *t->time);
    t->status = malloc(n * sizeof *t->status);
    t->arm = malloc(n * sizeof *t->arm);
    t->stratum = malloc(n * sizeof *t->stratum);
    t->times = malloc(nt * sizeof *t->times);
    t->grid_at = malloc(nt * sizeof *t->grid_at);
    t->land_at = malloc(nt * sizeof *t->land_at);
    int bad = !t->pt || !t->cal || !t->time || !t->status || !t->arm || !t->stratum || !t->times ||
              !t->grid_at || !t->land_at;
    for (int a = 0; a < 2; a++) {
        t->s[a] = malloc(nt * sizeof(double));
        t->km[a] = malloc(nt * sizeof(double));
        t->land[a] = malloc(nt * sizeof(double));
        bad |= !t->s[a] || !t->km[a] || !t->land[a];
    }
    t->sd = hs_survdata_alloc(sc->n, 2, nstrata, 0);
    if (bad || !t->sd) {
        hs_trial_free(t);
        return NULL;
    }
    merge_times(t, sc);
    t->zcrit = gsl_cdf_ugaussian_Qinv(sc->sides == 1 ? sc->alpha : sc->alpha / 2);
    return t;
}

/* The k-th smallest (1-based) of a[0..n-1], by quickselect; a is reordered. */
static double kth_smallest(double *a, int n, int k)
{
    int lo = 0, hi = n - 1, want = k - 1;
    while (lo < hi) {
        double pivot = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                double tmp = a[i];
                a[i] = a[j];
                a[j] = tmp;
                i++;
                j--;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
    return a[want];
}

static double data_cut(hs_trial *t, const hs_scenario *sc, double first_entry)
{
    if (sc->cut == HS_SC_CUT_CALENDAR)
        return first_entry + sc->cut_value;
    int m = 0;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        if (p->event <= p->dropout && isfinite(p->entry + p->event))
            t->cal[m++] = p->entry + p->event;
    }
    if (m == 0)
        return INFINITY;
    int k = (int)sc->cut_value;
    if (k > m)
        k = m;
    return kth_smallest(t->cal, m, k);
}

int hs_trial_run(hs_trial *t, const hs_scenario *sc, uint64_t replicate, hs_trial_result *out)
{
    hs_rng rep;
    hs_rng_stream(&rep, sc->seed, sc->index, replicate);
    hs_cohort_draw(sc, &rep, t->pt);

    double first = INFINITY;
    for (int i = 0; i < sc->n; i++)
        if (t->pt[i].entry < first)
            first = t->pt[i].entry;
    double cut = data_cut(t, sc, first);

    int m = 0, events = 0;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        int d = p->event <= p->dropout && p->entry + p->event <= cut;
        /* entered before the cut; or had an event by the cut, which means
         * the same even when entry + event rounds to entry (an event time
         * below entry's ulp): the K-th event is never lost */
        if (!(p->entry < cut) && !(d && p->entry <= cut))
            continue;
        double fu = cut - p->entry;
        t->time[m] = d ? p->event : (p->dropout < fu ? p->dropout : fu);
        t->status[m] = d;
        t->arm[m] = p->arm;
        t->stratum[m] = sc->strata_cov >= 0 ? p->level[sc->strata_cov] : 0;
        events += d;
        m++;
    }
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    out->events = events;
    out->enrolled = m;
    out->duration = isfinite(cut) ? cut - first : NAN;

    out->z = NAN;
    out->hr = NAN;
    out->log_hr_se = NAN;
    out->reject = 0;
    out->cox_nonconverged = 0;
    int loaded = m > 0 && hs_survdata_load(t->sd, m, t->time, t->status, t->arm, 2,
                                           sc->strata_cov >= 0 ? t->stratum : NULL, nstrata, NULL,
                                           0) == HS_SURV_OK;
    if (loaded && events > 0 && t->sd->ng[0] > 0 && t->sd->ng[1] > 0) {
        hs_logrank_result lr;
        hs_cox_result cx;
        if (hs_logrank_run(t->sd, 0.0, 0.0, &lr) == HS_SURV_OK && sc->test == HS_SC_TEST_LOGRANK)
            out->z = lr.z;
        if (hs_cox_fit(t->sd, sc->breslow ? HS_COX_BRESLOW : HS_COX_EFRON, &cx) == HS_SURV_OK) {
            double zw = cx.beta[0] / cx.se[0];
            int fine = cx.status == HS_COX_CONVERGED && isfinite(zw);
            out->cox_nonconverged = !fine;
            if (fine) {
                out->hr = exp(cx.beta[0]);
                out->log_hr_se = cx.se[0];
            }
            /* the Wald z decides; where it does not exist (monotone
             * likelihood, no convergence) the score z, which stays finite */
            if (sc->test == HS_SC_TEST_COX)
                out->z = fine ? zw : cx.score_z;
        }
        if (isfinite(out->z))
            out->reject = sc->sides == 1 ? out->z < -t->zcrit : fabs(out->z) > t->zcrit;
    }
    for (int a = 0; a < 2; a++) {
        hs_km_summary ks;
        if (loaded && t->sd->ng[a] > 0 &&
            hs_km_group_fast(t->sd, a, sc->tau, t->times, t->ntimes, t->s[a], &ks) == HS_SURV_OK) {
            out->median[a] = isnan(ks.median) ? INFINITY : ks.median;
            out->rmst[a] = ks.rmst;
        } else {
            for (int k = 0; k < t->ntimes; k++)
                t->s[a][k] = NAN;
            out->median[a] = NAN;
            out->rmst[a] = NAN;
        }
        for (int k = 0; k < sc->ngrid; k++)
            t->km[a][k] = t->s[a][t->grid_at[k]];
        for (int k = 0; k < sc->nland; k++)
            t->land[a][k] = t->s[a][t->land_at[k]];
        out->km[a] = t->km[a];
        out->land[a] = t->land[a];
    }
    return 0;
}
