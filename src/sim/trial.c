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
#include <string.h>

#include "cohort.h"
#include "cox.h"
#include "km.h"
#include "logrank.h"
#include "rng.h"
#include "survdata.h"

/* Bounds solved for observed event counts, cached by the counts. */
#define HS_TRIAL_CACHE 1024 /* slots, a power of two */
typedef struct hs_bcache {
    int used;
    int ev[HS_GSD_LOOKS_MAX];
    hs_gsd_bounds b;
} hs_bcache;

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
    hs_bcache *cache;       /* observed-information bounds (unplanned designs) */
    hs_gsd_bounds scratch;  /* bounds when the cache is full */
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
    free(t->cache);
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
    if (sc->nlooks > 1 && !sc->planned) {
        t->cache = calloc(HS_TRIAL_CACHE, sizeof *t->cache);
        bad |= !t->cache;
    }
    if (bad || !t->sd) {
        hs_trial_free(t);
        return NULL;
    }
    merge_times(t, sc);
    t->zcrit = gsl_cdf_ugaussian_Qinv(sc->sides == 1 ? sc->alpha : sc->alpha / 2);
    return t;
}

/* The calendar times of the events that happen (before dropout) into
 * t->cal; returns their number. */
static int calendar_events(hs_trial *t, const hs_scenario *sc)
{
    int m = 0;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        if (p->event <= p->dropout && isfinite(p->entry + p->event))
            t->cal[m++] = p->entry + p->event;
    }
    return m;
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
    int m = calendar_events(t, sc);
    if (m == 0)
        return INFINITY;
    int k = (int)sc->cut_value;
    if (k > m)
        k = m;
    return kth_smallest(t->cal, m, k);
}

/* The patients in the analysis at calendar time `cut` into time, status,
 * arm and stratum; returns their number, the events among them in *events. */
static int cut_data(hs_trial *t, const hs_scenario *sc, double cut, int *events)
{
    int m = 0, ev = 0;
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
        ev += d;
        m++;
    }
    *events = ev;
    return m;
}

/* Load the cut's m patients; 1 when both arms have patients and there is an
 * event, so that the tests exist. */
static int load(hs_trial *t, const hs_scenario *sc, int m, int events, int *loaded)
{
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    *loaded = m > 0 && hs_survdata_load(t->sd, m, t->time, t->status, t->arm, 2,
                                        sc->strata_cov >= 0 ? t->stratum : NULL, nstrata, NULL,
                                        0) == HS_SURV_OK;
    return *loaded && events > 0 && t->sd->ng[0] > 0 && t->sd->ng[1] > 0;
}

/* The deciding z of the loaded data (negative favours arm 1), NAN if none;
 * with the Cox fit's estimate into out when it ran. */
static double decide(hs_trial *t, const hs_scenario *sc, int cox_always, hs_trial_result *out)
{
    double z = NAN;
    hs_logrank_result lr;
    hs_cox_result cx;
    if (sc->test == HS_SC_TEST_LOGRANK && hs_logrank_run(t->sd, 0.0, 0.0, &lr) == HS_SURV_OK)
        z = lr.z;
    if (!cox_always && sc->test != HS_SC_TEST_COX)
        return z;
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
            z = fine ? zw : cx.score_z;
    }
    return z;
}

/* The full analysis of the data cut at `cut` (m patients, events): z, the
 * Cox estimate, KM curves, medians and RMST into out. */
static void analyse(hs_trial *t, const hs_scenario *sc, int m, int events, double cut,
                    double first, hs_trial_result *out)
{
    out->events = events;
    out->enrolled = m;
    out->duration = isfinite(cut) ? cut - first : NAN;
    out->z = NAN;
    out->hr = NAN;
    out->log_hr_se = NAN;
    out->reject = 0;
    out->cox_nonconverged = 0;
    int loaded;
    if (load(t, sc, m, events, &loaded))
        out->z = decide(t, sc, 1, out);
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
}

/* ---- group-sequential looks */

/* The bounds of looks with ev[0..K-1] events (the final last), solved for
 * the observed fractions ev[j] / ev[K-1]. An interim that adds no event, or
 * already has the final count, has no bound (it cannot stop the trial);
 * without events at all, or without a solution, every interim is skipped
 * and the final look takes the fixed design's bound. */
static void observed_solve(const hs_scenario *sc, const int *ev, hs_gsd_bounds *out)
{
    int K = sc->nlooks, fin = ev[K - 1];
    hs_gsd_spec g = sc->gsd;
    int map[HS_GSD_LOOKS_MAX], k = 0, prev = 0;
    for (int j = 0; j < K - 1; j++)
        if (ev[j] > prev && ev[j] < fin) {
            g.t[k] = (double)ev[j] / fin;
            g.fut_z[k] = sc->gsd.fut_z[j];
            map[k++] = j;
            prev = ev[j];
        }
    g.t[k] = 1.0;
    map[k++] = K - 1;
    g.k = k;
    hs_gsd_bounds b;
    char err[8];
    if (fin <= 0 || hs_gsd_solve(&g, &b, err, sizeof err)) {
        g.k = 1;
        g.t[0] = 1.0;
        map[0] = K - 1;
        k = 1;
        g.futility = HS_GSD_FUT_NONE;
        if (hs_gsd_solve(&g, &b, err, sizeof err)) {
            b.z_eff[0] = INFINITY;
            b.alpha_cum[0] = b.beta_cum[0] = NAN;
        }
    }
    out->k = K;
    out->sides = sc->sides;
    out->drift = b.drift;
    out->inflation = b.inflation;
    double acum = 0, bcum = NAN;
    for (int j = 0, i = 0; j < K; j++) {
        out->t[j] = fin > 0 ? (double)ev[j] / fin : NAN;
        if (i < k && map[i] == j) {
            out->z_eff[j] = b.z_eff[i];
            out->z_fut[j] = b.z_fut[i];
            acum = out->alpha_cum[j] = b.alpha_cum[i];
            bcum = out->beta_cum[j] = b.beta_cum[i];
            i++;
        } else {
            out->z_eff[j] = INFINITY;
            out->z_fut[j] = j == K - 1 ? NAN : -INFINITY;
            out->alpha_cum[j] = acum;
            out->beta_cum[j] = bcum;
        }
    }
}

/* Bounds for observed event counts, from the workspace's cache (open
 * addressing on the counts; a full cache solves without storing). */
static const hs_gsd_bounds *observed_bounds(hs_trial *t, const hs_scenario *sc, const int *ev)
{
    uint64_t h = 1469598103934665603ULL;
    for (int j = 0; j < sc->nlooks; j++)
        h = (h ^ (uint64_t)(unsigned)ev[j]) * 1099511628211ULL;
    for (int probe = 0; probe < 16; probe++) {
        hs_bcache *c = &t->cache[(h + (uint64_t)probe) & (HS_TRIAL_CACHE - 1)];
        if (!c->used) {
            observed_solve(sc, ev, &c->b);
            memcpy(c->ev, ev, (size_t)sc->nlooks * sizeof *ev);
            c->used = 1;
            return &c->b;
        }
        if (!memcmp(c->ev, ev, (size_t)sc->nlooks * sizeof *ev))
            return &c->b;
    }
    observed_solve(sc, ev, &t->scratch);
    return &t->scratch;
}

static int crosses(const hs_scenario *sc, double zb, double bound)
{
    return sc->sides == 1 ? zb >= bound : fabs(zb) >= bound;
}

/* Analyse the looks in turn, stop at the first crossing, and describe the
 * trial at that look. Every look is a cut of the same trial. */
static void run_looks(hs_trial *t, const hs_scenario *sc, double first, hs_trial_result *out)
{
    int K = sc->nlooks, m = calendar_events(t, sc);
    double cut[HS_GSD_LOOKS_MAX];
    int ev[HS_GSD_LOOKS_MAX];
    /* Each look's cut and events by a selection and a count over the
     * calendar event times (linear; a full sort cost more than a look) */
    for (int j = 0; j < K; j++) {
        int ev_cut = j < K - 1 ? sc->look_cut == HS_SC_CUT_EVENTS : sc->cut == HS_SC_CUT_EVENTS;
        if (ev_cut) {
            int k = (int)sc->look_value[j];
            cut[j] = m == 0 ? INFINITY : kth_smallest(t->cal, m, k < m ? k : m);
        } else
            cut[j] = first + sc->look_value[j];
        /* events by the cut: those whose calendar event time is <= cut */
        int c = 0;
        for (int i = 0; i < m; i++)
            c += t->cal[i] <= cut[j];
        ev[j] = c;
    }
    const hs_gsd_bounds *b = sc->planned ? &sc->bounds : observed_bounds(t, sc, ev);
    out->stop = HS_TRIAL_STOP_NONE;
    int j = 0;
    for (;; j++) {
        int events, n = cut_data(t, sc, cut[j], &events);
        out->look_events[j] = events;
        out->look_enrolled[j] = n;
        out->look_time[j] = isfinite(cut[j]) ? cut[j] - first : NAN;
        out->look_zeff[j] = b->z_eff[j];
        out->look_zfut[j] = j < K - 1 ? b->z_fut[j] : NAN;
        out->look_info[j] = b->t[j];
        if (j == K - 1)
            break;
        int loaded;
        double z = NAN;
        if (load(t, sc, n, events, &loaded))
            z = decide(t, sc, 0, out);
        if (!isfinite(z))
            continue;
        if (crosses(sc, -z, b->z_eff[j])) {
            out->stop = HS_TRIAL_STOP_EFFICACY;
            break;
        }
        if (sc->sides == 1 && -z <= b->z_fut[j]) {
            out->stop = HS_TRIAL_STOP_FUTILITY;
            break;
        }
    }
    out->look = j;
    int events, n = cut_data(t, sc, cut[j], &events);
    analyse(t, sc, n, events, cut[j], first, out);
    if (j == K - 1 && isfinite(out->z) && crosses(sc, -out->z, b->z_eff[j]))
        out->stop = HS_TRIAL_STOP_EFFICACY;
    out->reject = out->stop == HS_TRIAL_STOP_EFFICACY;
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
    if (sc->nlooks > 1) {
        run_looks(t, sc, first, out);
        return 0;
    }
    double cut = data_cut(t, sc, first);
    int events, m = cut_data(t, sc, cut, &events);
    analyse(t, sc, m, events, cut, first, out);
    if (isfinite(out->z))
        out->reject = sc->sides == 1 ? out->z < -t->zcrit : fabs(out->z) > t->zcrit;
    out->look = 0;
    out->stop = out->reject ? HS_TRIAL_STOP_EFFICACY : HS_TRIAL_STOP_NONE;
    return 0;
}
