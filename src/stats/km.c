/* km.c — Kaplan–Meier (Kaplan & Meier 1958, JASA 53:457).
 *
 *   S(t) = prod_{t_j <= t} (1 - d_j / n_j)
 *   Greenwood:  var(-log S(t)) = sum_{t_j <= t} d_j / (n_j (n_j - d_j))
 *   95% "log" CI (survfit conf.type = "log"):  exp(log S -/+ z se), upper capped at 1,
 *     undefined (NAN) where S = 0.
 *   Median (print.survfit / survmean): the first time the curve is < 0.5 + tol
 *     (tol = sqrt(DBL_EPSILON)); if the curve is there within tol of 0.5 and
 *     later drops below that value, the midpoint of the two times. The CI
 *     limits apply the same rule to the lower and upper curves.
 *   RMST to tau: A = int_0^tau S(u) du, with
 *     var(A) = sum_{t_j <= tau} (int_{t_j}^tau S(u) du)^2 d_j / (n_j (n_j - d_j))
 *     (terms with n_j = d_j are 0), as survival:::survmean.
 */
#include "km.h"

#include <float.h>
#include <math.h>
#include <stddef.h>

#define HS_KM_TOL 1.4901161193847656e-08 /* sqrt(.Machine$double.eps) */

typedef struct medstate {
    int found, waiting, done;
    double y1, x1, value;
} medstate;

/* One Kaplan-Meier step at an event time: dj events among nr at risk.
 * s is the survival, gw the Greenwood sum (infinite once s reaches 0). */
static inline double km_step(double *s, double *gw, int nr, int dj)
{
    /* the Greenwood term dj / (nr (nr - dj)), returned too (RMST's variance
     * uses it): 0 where the curve drops to 0 */
    if (dj == nr) {
        *s = 0.0;
        *gw = INFINITY;
        return 0.0;
    }
    const double term = (double)dj / ((double)nr * (double)(nr - dj));
    *s *= (double)(nr - dj) / (double)nr;
    *gw += term;
    return term;
}

static void med_init(medstate *m)
{
    m->found = m->waiting = m->done = 0;
    m->y1 = m->x1 = 0;
    m->value = NAN;
}

static void med_row(medstate *m, double x, double y)
{
    if (m->done || isnan(y))
        return;
    if (!m->found) {
        if (y < 0.5 + HS_KM_TOL) {
            m->found = 1;
            m->y1 = y;
            m->x1 = x;
            if (fabs(y - 0.5) < HS_KM_TOL) {
                m->waiting = 1;
            } else {
                m->value = x;
                m->done = 1;
            }
        }
    } else if (m->waiting && y < m->y1) {
        m->value = 0.5 * (m->x1 + x);
        m->done = 1;
    }
}

static double med_end(const medstate *m)
{
    if (m->done)
        return m->value;
    return m->found ? m->x1 : NAN;
}

/* The event times of m records (list[k], or k when list is NULL), in time
 * order, with nr at risk at the first: each event time into et, its events
 * into edj and its number at risk into enr; returns their number. One step
 * per record without a branch on whether a record starts a new time or is
 * an event (both come in an order a CPU cannot predict): the row of the
 * time that ends is written at every new time and kept (ne moves on) when
 * it had an event. With risk, the numbers at risk at the ascending grid
 * times (records with time >= grid[k]) into risk[ngrid]. Always inlined:
 * each call is specialised for its list. */
static inline __attribute__((always_inline)) int event_rows(const double *t, const int *d, const int *list, int m,
                                                            int nr, const double *grid, int ngrid, int *risk,
                                                            double *et, int *edj, int *enr)
{
    int ne = 0, kr = 0, dj = 0, cj = 0, r = nr;
    double tp = -INFINITY; /* the current time (none yet: every time is >= 0) */
    for (int k = 0; k < m; k++) {
        const int i = list ? list[k] : k;
        const double ti = t[i];
        const int first = ti != tp, keep = -first;
        /* close tp's row: r at risk at tp, dj events of cj records */
        et[ne] = tp;
        edj[ne] = dj;
        enr[ne] = r;
        ne += first & (dj > 0);
        r -= cj & keep;
        dj = (dj & ~keep) + d[i];
        cj = (cj & ~keep) + 1;
        tp = ti;
        /* the grid times in (previous time, ti] have the r at risk at ti:
         * the first without a branch (a gap holds none or one of them;
         * one not yet passed gets its value when it is), more in the loop */
        if (risk) {
            int spare;
            const int in = kr < ngrid;
            *(in ? &risk[kr] : &spare) = r;
            kr += in & (grid[in ? kr : 0] <= ti);
            while (kr < ngrid && grid[kr] <= ti)
                risk[kr++] = r;
        }
    }
    et[ne] = tp;
    edj[ne] = dj;
    enr[ne] = r;
    ne += dj > 0;
    while (risk && kr < ngrid)
        risk[kr++] = 0;
    return ne;
}

static int km_pass(hs_survdata *w, int group, double tau, const double *grid, int ngrid,
                   double *s_grid, int *risk, hs_km_summary *out, int with_ci)
{
    if (w->n < 1 || group < -1 || group >= w->ngroup || ngrid < 0 || (ngrid > 0 && (!grid || !s_grid)))
        return HS_SURV_EINVAL;
    for (int k = 1; k < ngrid; k++)
        if (!(grid[k] >= grid[k - 1]))
            return HS_SURV_EINVAL;
    const int n = w->n;
    const double *t = w->t;
    const int *d = w->d;
    double *hh = w->buf, *bj = w->buf + n; /* per event time <= tau: Greenwood term, area up to t_j */
    int nj = 0;
    int nr = group < 0 ? n : w->ng[group];
    double s = 1.0, gw = 0.0, area = 0.0, tprev = 0.0, s_tau = 1.0;
    const int do_rmst = tau > 0;
    int kg = 0;
    medstate ms, ml, mu;
    med_init(&ms);
    med_init(&ml);
    med_init(&mu);
    out->n = nr;
    out->events = group < 0 ? w->nevents : w->nev[group];

    /* the group's records in time order (w->go), or all records */
    const int *list = group < 0 ? NULL : w->go + w->gstart[group];
    const int m = group < 0 ? n : w->ng[group];
    /* First the event times, each with its events and number at risk, in
     * a pass without a branch on whether a time has an event (events and
     * censorings come in random order); then the KM steps at those times.
     * buf's upper half holds them (hh and bj use the lower half). */
    double *et = w->buf + 2 * n;
    int *edj = (int *)(void *)(w->buf + 3 * n), *enr = edj + n;
    const int ne = list ? event_rows(t, d, list, m, nr, grid, ngrid, risk, et, edj, enr)
                        : event_rows(t, d, NULL, m, nr, grid, ngrid, risk, et, edj, enr);
    for (int e = 0; e < ne; e++) {
        const double tj = et[e];
        const int dj = edj[e];
        nr = enr[e];
        /* the grid times before tj have the s before its step: the first
         * two without a branch (as the numbers at risk in event_rows), more
         * in the loop */
        if (ngrid > 0) /* events are sparser than the grid: two such steps */
            for (int twice = 0; twice < 2; twice++) {
                double spare;
                const int in = kg < ngrid;
                *(in ? &s_grid[kg] : &spare) = s;
                kg += in & (grid[in ? kg : 0] < tj);
            }
        while (kg < ngrid && grid[kg] < tj)
            s_grid[kg++] = s;
        if (do_rmst && tj <= tau) {
            area += s * (tj - tprev);
            tprev = tj;
        }
        const double term = km_step(&s, &gw, nr, dj); /* also RMST's (one division for both) */
        if (do_rmst && tj <= tau) {
            s_tau = s;
            hh[nj] = term;
            bj[nj] = area;
            nj++;
        }
        if (!ms.done) /* mostly done half way: no call */
            med_row(&ms, tj, s);
        if (with_ci && s > 0) {
            double se = sqrt(gw), ls = log(s);
            med_row(&ml, tj, exp(ls - HS_KM_Z95 * se));
            double up = exp(ls + HS_KM_Z95 * se);
            med_row(&mu, tj, up > 1.0 ? 1.0 : up);
        }
    }
    while (kg < ngrid)
        s_grid[kg++] = s;
    out->median = med_end(&ms);
    out->median_lcl = med_end(&ml);
    out->median_ucl = med_end(&mu);
    out->tau = tau;
    if (do_rmst) {
        area += s_tau * (tau - tprev);
        double var = 0.0, tail = 0.0;
        /* survmean order: accumulate the area after each event time from the right */
        for (int j = nj - 1; j >= 0; j--) {
            tail = area - bj[j];
            var += tail * tail * hh[j];
        }
        out->rmst = area;
        out->rmst_se = sqrt(var);
    } else {
        out->rmst = out->rmst_se = NAN;
    }
    return HS_SURV_OK;
}

int hs_km_group(hs_survdata *w, int group, double tau, const double *grid, int ngrid, double *s_grid,
                hs_km_summary *out)
{
    return km_pass(w, group, tau, grid, ngrid, s_grid, NULL, out, 1);
}

int hs_km_group_fast(hs_survdata *w, int group, double tau, const double *grid, int ngrid,
                     double *s_grid, hs_km_summary *out)
{
    return km_pass(w, group, tau, grid, ngrid, s_grid, NULL, out, 0);
}

int hs_km_group_risk(hs_survdata *w, int group, double tau, const double *grid, int ngrid, double *s_grid,
                     int *risk, hs_km_summary *out)
{
    if (group < 0 || (ngrid > 0 && !risk))
        return HS_SURV_EINVAL;
    return km_pass(w, group, tau, grid, ngrid, s_grid, risk, out, 0);
}

int hs_km_curve(const hs_survdata *w, int group, int *nrow, double *time, int *n_risk, int *n_event,
                double *surv, double *std_err, double *lower, double *upper)
{
    *nrow = 0;
    if (w->n < 1 || group < -1 || group >= w->ngroup || !time)
        return HS_SURV_EINVAL;
    const int n = w->n;
    int nr = group < 0 ? n : w->ng[group];
    double s = 1.0, gw = 0.0;
    int m = 0, i = 0;
    while (i < n) {
        if (group >= 0 && w->g[i] != group) {
            i++;
            continue;
        }
        double tj = w->t[i];
        int dj = 0, cj = 0;
        for (; i < n && w->t[i] == tj; i++)
            if (group < 0 || w->g[i] == group) {
                cj++;
                dj += w->d[i];
            }
        if (dj > 0) {
            (void)km_step(&s, &gw, nr, dj);
        }
        time[m] = tj;
        if (n_risk)
            n_risk[m] = nr;
        if (n_event)
            n_event[m] = dj;
        if (surv)
            surv[m] = s;
        double se = sqrt(gw);
        if (std_err)
            std_err[m] = se;
        double lo = NAN, up = NAN;
        if (s > 0) {
            lo = exp(log(s) - HS_KM_Z95 * se);
            up = exp(log(s) + HS_KM_Z95 * se);
            if (up > 1.0)
                up = 1.0;
        }
        if (lower)
            lower[m] = lo;
        if (upper)
            upper[m] = up;
        m++;
        nr -= cj;
    }
    *nrow = m;
    return HS_SURV_OK;
}
