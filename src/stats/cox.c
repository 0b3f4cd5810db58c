/* cox.c — Cox proportional-hazards regression (Cox 1972, JRSS-B 34:187).
 *
 * Partial log-likelihood, per stratum, over distinct event times t_j with
 * d_j events D_j, risk set R_j, r_i = exp(beta' z_i):
 *   Breslow: l = sum_j [ sum_{i in D_j} beta'z_i - d_j log S0_j ]
 *   Efron (1977, JASA 72:557):
 *            l = sum_j [ sum_{i in D_j} beta'z_i - sum_{k=0}^{d_j-1} log(S0_j - (k/d_j) S0_Dj) ]
 * with S0 = sum_R r, S1 = sum_R r z, S2 = sum_R r z z' (and the same sums over
 * D_j for the Efron correction). Score U = sum [z_D - sum_k a1_k/a0_k], information
 * I = sum_k [a2_k/a0_k - a1_k a1_k'/a0_k^2]. Newton–Raphson beta += I^-1 U with
 * step halving when l decreases (Therneau & Grambsch 2000, sec. 3.3).
 * Covariates are centred at their means (l is invariant to shifts).
 * Tests: Wald beta' I beta, score U(0)' I(0)^-1 U(0), LR 2 (l(beta) - l(0)).
 * Monotone likelihood: with one term, exact check — the MLE is +inf iff every
 * event has the largest z in its risk set (and -inf for the smallest); with
 * several terms, flagged when l is flat (relative change < 1e-11) while some
 * Newton step stays > 3.16e-5 max(1, |beta_j|) (the toler.inf rule of coxph).
 */
#include "cox.h"

#include <math.h>
#include <string.h>

#define HS_COX_STEP_TOL 1e-10
#define HS_COX_FLAT 1e-11
#define HS_COX_TOLINF 3.1622776601683795e-05
#define HS_COX_Z95 1.959963984540054

typedef struct coxws {
    int p;
    /* Two groups and no other term: per distinct event time, the numbers at
     * risk and of events in each group (n0, n1, d0, d1), so each Newton step
     * is O(event times) with two exps instead of O(n) exps. -1: not used. */
    int ntab;
    double *tab;
    double *lp, *rk;
    double *s1, *s2, *d1, *d2, *zd, *a1;
    double *u, *info, *chol, *step, *beta, *bnew, *u0, *ibest, *ubest;
} coxws;

static void carve(hs_survdata *w, coxws *c, int p)
{
    double *m = w->mat;
    size_t pp = (size_t)p * (size_t)p, pv = (size_t)p;
    c->p = p;
    c->lp = w->buf;
    c->rk = w->buf + w->nmax;
    c->s2 = m, m += pp;
    c->d2 = m, m += pp;
    c->info = m, m += pp;
    c->chol = m, m += pp;
    c->ibest = m, m += pp;
    c->s1 = m, m += pv;
    c->d1 = m, m += pv;
    c->zd = m, m += pv;
    c->a1 = m, m += pv;
    c->u = m, m += pv;
    c->step = m, m += pv;
    c->beta = m, m += pv;
    c->bnew = m, m += pv;
    c->u0 = m, m += pv;
    c->ubest = m;
}

/* Build the two-group table (see coxws) from the sorted records, its rows
 * in ascending time (eval_tab sums them from the last: the risk sets grow
 * in that order). Branch free, as groups and events come in random order:
 * each time's row is written, and kept (m moves on) when it has an event;
 * w->buf has room for a row per record. One stratum, the simulator's case:
 * the records are in time order (so[] is the identity), one forward pass
 * counting the risk sets down. Several: a pass per stratum from its last
 * time, then the rows reversed. */
static void build_tab(const hs_survdata *w, coxws *c)
{
    const double *t = w->t;
    const int *d = w->d, *g = w->g, *so = w->so;
    int m = 0;
    if (w->nstrata == 1) {
        static const double dd[2][2][2] = {{{0, 0}, {0, 0}}, {{1, 0}, {0, 1}}}; /* [d][g]: d0, d1 */
        static const double gd[2] = {0, 1};
        const int n = w->n;
        int n1 = w->ng[1], nt = n, i = 0;
        double n1d = n1, ntd = nt; /* n1 and nt, exact in doubles */
        while (i < n) {
            const double tj = t[i];
            if (i + 1 == n || t[i + 1] != tj) {
                /* a time of one record (ties are rare): its row with the
                 * counts kept as doubles, no conversions */
                const int gi = g[i], di = d[i];
                double *row = c->tab + 4 * m;
                row[0] = ntd - n1d;
                row[1] = n1d;
                row[2] = dd[di][gi][0];
                row[3] = dd[di][gi][1];
                m += di;
                n1 -= gi;
                nt--;
                n1d -= gd[gi];
                ntd -= 1.0;
                i++;
                continue;
            }
            int d0 = 0, d1 = 0, c1 = 0, ct = 0;
            for (; i < n && t[i] == tj; i++) {
                const int gi = g[i], di = d[i];
                c1 += gi;
                ct++;
                d1 += di & gi;
                d0 += di & (1 - gi);
            }
            double *row = c->tab + 4 * m;
            row[0] = nt - n1;
            row[1] = n1;
            row[2] = d0;
            row[3] = d1;
            m += d0 + d1 > 0;
            n1 -= c1;
            nt -= ct;
            n1d = n1;
            ntd = nt;
        }
        c->ntab = m;
        return;
    }
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k];
        int i = w->sstart[k + 1] - 1;
        int n0 = 0, n1 = 0;
        while (i >= lo) {
            const double tj = t[so[i]];
            int d0 = 0, d1 = 0;
            for (; i >= lo && t[so[i]] == tj; i--) {
                const int rec = so[i], gi = g[rec], di = d[rec];
                n1 += gi;
                n0 += 1 - gi;
                d1 += di & gi;
                d0 += di & (1 - gi);
            }
            double *row = c->tab + 4 * m;
            row[0] = n0;
            row[1] = n1;
            row[2] = d0;
            row[3] = d1;
            m += d0 + d1 > 0;
        }
    }
    c->ntab = m;
    for (int a = 0, b = m - 1; a < b; a++, b--)
        for (int q = 0; q < 4; q++) {
            const double x = c->tab[4 * a + q];
            c->tab[4 * a + q] = c->tab[4 * b + q];
            c->tab[4 * b + q] = x;
        }
}

/* The running sums of eval_tab. */
typedef struct tabsum {
    double ll, uu, ii, prod;
    int inprod;
} tabsum;

/* sum of log(a0) as the log of a running product, taken before it can
 * overflow or underflow: one log per ~30 terms */
static inline void prod_in(double *ll, double *prod, int *inprod, double a0)
{
    *prod *= a0;
    if (++*inprod == 30 || !(*prod < 1e200 && *prod > 1e-200)) {
        *ll -= log(*prod);
        *prod = 1.0;
        *inprod = 0;
    }
}

static inline void tab_prod(tabsum *s, double a0) { prod_in(&s->ll, &s->prod, &s->inprod, a0); }

/* One row's terms in general: tied events (Efron's f = q / nd, or
 * Breslow's weight d) or an extreme theta. Kept out of eval_tab's loop,
 * whose untied rows then fit in registers. */
static void __attribute__((noinline)) tab_row(tabsum *s, const double *row, double beta, double theta, int efron)
{
    const double n0 = row[0], n1 = row[1], d0 = row[2], d1 = row[3];
    const int nd = (int)(d0 + d1);
    const int reps = efron ? nd : 1;
    const double mult = efron ? 1.0 : (double)nd;
    for (int q = 0; q < reps; q++) {
        const double f = efron ? (double)q / (double)nd : 0.0;
        const double wa = n0 - f * d0, wb = n1 - f * d1;
        const double w1 = wb * theta, a0 = wa + w1;
        double pr;
        if (mult == 1.0 && a0 > 1e-100 && a0 < 1e100) {
            pr = w1 / a0;
            tab_prod(s, a0);
        } else {
            /* Breslow (a0 to the power d) or an extreme theta: in logs,
             * log a0 = log(wa + wb e^beta) without forming e^beta alone */
            double la0;
            if (wb <= 0) {
                pr = 0.0;
                la0 = log(wa);
            } else if (wa <= 0) {
                pr = 1.0;
                la0 = log(wb) + beta;
            } else if (beta > 0) {
                const double e = wa * exp(-beta);
                pr = wb / (e + wb);
                la0 = beta + log(e + wb);
            } else {
                pr = w1 / a0;
                la0 = log(a0);
            }
            s->ll -= mult * la0;
        }
        s->uu -= mult * pr;
        s->ii += mult * pr * (1.0 - pr);
    }
}

/* eval() for the two-group table. With a 0/1 group term z the partial
 * likelihood is unchanged by centring, so this works uncentred: with
 * theta = e^beta, each tied-event term k has a0 = (n0 - f d0) + (n1 - f d1) theta
 * and a1/a0 = p = (n1 - f d1) theta / a0, and (z^2 = z) its information is
 * p (1 - p). Breslow: f = 0, weight d. A row of one event (f = 0, weight
 * 1: the same operations as tab_row's) is summed inline. */
static double eval_tab(coxws *c, double beta, int efron, double *u, double *info)
{
    const double theta = exp(beta);
    /* the sums in locals (registers) for the usual rows; tab_row gets them
     * in a tabsum and gives them back; the product through prod_in, as
     * tab_prod */
    double ll = 0, uu = 0, ii = 0, prod = 1.0;
    int inprod = 0;
    for (int m = c->ntab - 1; m >= 0; m--) {
        const double *row = c->tab + 4 * m;
        const double n0 = row[0], n1 = row[1], d1 = row[3];
        ll += beta * d1;
        uu += d1;
        if (row[2] + d1 == 1.0) {
            const double w1 = n1 * theta, a0 = n0 + w1;
            if (a0 > 1e-100 && a0 < 1e100) {
                const double pr = w1 / a0;
                prod_in(&ll, &prod, &inprod, a0);
                uu -= pr;
                ii += pr * (1.0 - pr);
                continue;
            }
        }
        tabsum s = {ll, uu, ii, prod, inprod};
        tab_row(&s, row, beta, theta, efron);
        ll = s.ll;
        uu = s.uu;
        ii = s.ii;
        prod = s.prod;
        inprod = s.inprod;
    }
    ll -= log(prod);
    u[0] = uu;
    info[0] = ii;
    return ll;
}

/* monotone1() from the two-group table: +inf iff every event is in group 1
 * or has no group-1 patient at risk (-inf: the mirror image). */
static int monotone_tab(const coxws *c)
{
    int at_max = 1, at_min = 1;
    for (int m = 0; m < c->ntab; m++) {
        const double *row = c->tab + 4 * m;
        if (row[2] > 0 && row[1] > 0)
            at_max = 0; /* a group-0 event with group 1 at risk */
        if (row[3] > 0 && row[0] > 0)
            at_min = 0;
        if (!at_max && !at_min)
            return 0; /* settled: the usual case, within a few rows */
    }
    if (c->ntab == 0 || (at_max && at_min))
        return 2;
    return at_max ? 1 : at_min ? -1 : 0;
}

/* l, U, I at beta. */
static double eval(const hs_survdata *w, coxws *c, const double *beta, int efron, double *u, double *info)
{
    if (c->ntab >= 0)
        return eval_tab(c, beta[0], efron, u, info);
    const int p = c->p, n = w->n;
    const double *z = w->zc, *t = w->t;
    const int *d = w->d, *so = w->so;
    double *lp = c->lp, *rk = c->rk;
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < p; j++)
            s += beta[j] * z[i * p + j];
        lp[i] = s;
        rk[i] = exp(s);
    }
    for (int j = 0; j < p; j++)
        u[j] = 0;
    for (int j = 0; j < p * p; j++)
        info[j] = 0;
    double ll = 0;
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k];
        int i = w->sstart[k + 1] - 1;
        double s0 = 0;
        for (int j = 0; j < p; j++)
            c->s1[j] = 0;
        for (int j = 0; j < p * p; j++)
            c->s2[j] = 0;
        while (i >= lo) {
            const double tj = t[so[i]];
            double d0 = 0, lpd = 0;
            int nd = 0;
            for (; i >= lo && t[so[i]] == tj; i--) {
                const int rec = so[i];
                const double r = rk[rec];
                const double *zi = z + rec * p;
                s0 += r;
                for (int a = 0; a < p; a++) {
                    double rza = r * zi[a];
                    c->s1[a] += rza;
                    for (int b = 0; b <= a; b++)
                        c->s2[a * p + b] += rza * zi[b];
                }
                if (d[rec]) {
                    if (nd == 0) {
                        for (int a = 0; a < p; a++)
                            c->d1[a] = c->zd[a] = 0;
                        for (int a = 0; a < p * p; a++)
                            c->d2[a] = 0;
                    }
                    nd++;
                    d0 += r;
                    lpd += lp[rec];
                    for (int a = 0; a < p; a++) {
                        double rza = r * zi[a];
                        c->zd[a] += zi[a];
                        c->d1[a] += rza;
                        for (int b = 0; b <= a; b++)
                            c->d2[a * p + b] += rza * zi[b];
                    }
                }
            }
            if (nd == 0)
                continue;
            ll += lpd;
            for (int a = 0; a < p; a++)
                u[a] += c->zd[a];
            const int reps = efron ? nd : 1;
            const double mult = efron ? 1.0 : (double)nd;
            for (int q = 0; q < reps; q++) {
                const double f = efron ? (double)q / (double)nd : 0.0;
                const double a0 = s0 - f * d0;
                ll -= mult * log(a0);
                for (int a = 0; a < p; a++)
                    c->a1[a] = (c->s1[a] - f * c->d1[a]) / a0;
                for (int a = 0; a < p; a++) {
                    u[a] -= mult * c->a1[a];
                    for (int b = 0; b <= a; b++)
                        info[a * p + b] +=
                            mult * ((c->s2[a * p + b] - f * c->d2[a * p + b]) / a0 - c->a1[a] * c->a1[b]);
                }
            }
        }
    }
    for (int a = 0; a < p; a++)
        for (int b = a + 1; b < p; b++)
            info[a * p + b] = info[b * p + a];
    return ll;
}

/* The centred design matrix w->zc: group indicators, then covariates. */
static void centre(hs_survdata *w, int p)
{
    const int ng = w->ngroup, nc = w->ncov, n = w->n;
    double *z = w->zc;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < ng - 1; j++)
            z[i * p + j] = w->g[i] == j + 1;
        for (int j = 0; j < nc; j++)
            z[i * p + ng - 1 + j] = w->x[i * nc + j];
    }
    for (int j = 0; j < p; j++) {
        double m = 0;
        for (int i = 0; i < n; i++)
            m += z[i * p + j];
        m /= n;
        for (int i = 0; i < n; i++)
            z[i * p + j] -= m;
    }
}

/* Cholesky a = L L' (lower, in l). Returns 0 or -1 if not positive definite. */
static int chol(const double *a, double *l, int p)
{
    for (int i = 0; i < p; i++)
        for (int j = 0; j <= i; j++) {
            double s = a[i * p + j];
            for (int k = 0; k < j; k++)
                s -= l[i * p + k] * l[j * p + k];
            if (i == j) {
                if (!(s > 1e-13 * (fabs(a[i * p + i]) + 1e-300)))
                    return -1;
                l[i * p + i] = sqrt(s);
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    return 0;
}

/* x = (L L')^-1 b */
static void chol_solve(const double *l, const double *b, double *x, int p)
{
    for (int i = 0; i < p; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= l[i * p + k] * x[k];
        x[i] = s / l[i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) {
        double s = x[i];
        for (int k = i + 1; k < p; k++)
            s -= l[k * p + i] * x[k];
        x[i] = s / l[i * p + i];
    }
}

/* One term: +1 if the MLE is +inf, -1 if -inf, 2 if I = 0 at every event
 * (all events share their risk set's z), 0 if finite. */
static int monotone1(const hs_survdata *w)
{
    const double *z = w->zc, *t = w->t;
    const int *d = w->d, *so = w->so;
    int at_max = 1, at_min = 1, any = 0;
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k];
        int i = w->sstart[k + 1] - 1;
        double zmax = -INFINITY, zmin = INFINITY;
        while (i >= lo) {
            const double tj = t[so[i]];
            int j0 = i;
            for (; i >= lo && t[so[i]] == tj; i--) {
                double zi = z[so[i]];
                if (zi > zmax)
                    zmax = zi;
                if (zi < zmin)
                    zmin = zi;
            }
            for (int m = j0; m > i; m--)
                if (d[so[m]]) {
                    any = 1;
                    if (z[so[m]] < zmax)
                        at_max = 0;
                    if (z[so[m]] > zmin)
                        at_min = 0;
                }
        }
    }
    if (!any || (at_max && at_min))
        return 2;
    return at_max ? 1 : at_min ? -1 : 0;
}

static void finish(hs_cox_result *r, const double *var, int p)
{
    for (int j = 0; j < p; j++) {
        double se = var ? sqrt(var[j * p + j]) : NAN;
        r->se[j] = se;
        r->hr[j] = exp(r->beta[j]);
        r->hr_lcl[j] = exp(r->beta[j] - HS_COX_Z95 * se);
        r->hr_ucl[j] = exp(r->beta[j] + HS_COX_Z95 * se);
        r->pval[j] = erfc(fabs(r->beta[j] / se) / sqrt(2.0));
    }
}

/* Every estimate not available (NAN) until the fit says otherwise. */
static void result_init(hs_cox_result *r, int p)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    r->loglik0 = r->loglik = r->wald = r->score = r->score_z = r->lr = NAN;
    for (int j = 0; j < p; j++)
        r->beta[j] = r->se[j] = NAN;
}

/* The log-likelihood, score test and first Newton step at beta = 0 (left in
   cw->u, cw->info, cw->chol and cw->step); *ll is the log-likelihood.
   Returns 1 when the fit is over (information singular; r is final). */
static int start_at_zero(const hs_survdata *w, coxws *cw, int p, int efron, hs_cox_result *r, double *ll)
{
    double *beta = cw->beta, *u = cw->u, *info = cw->info, *step = cw->step;
    for (int j = 0; j < p; j++)
        beta[j] = 0;
    *ll = eval(w, cw, beta, efron, u, info);
    r->loglik0 = *ll;
    if (p == 1 && info[0] > 0)
        r->score_z = u[0] / sqrt(info[0]);
    if (chol(info, cw->chol, p) != 0) {
        r->status = HS_COX_SINGULAR;
        r->loglik = *ll;
        finish(r, NULL, p);
        return 1;
    }
    chol_solve(cw->chol, u, step, p);
    double sc = 0;
    for (int j = 0; j < p; j++)
        sc += u[j] * step[j];
    r->score = sc;
    return 0;
}

/* One term: a monotone likelihood has no finite maximum. Returns 1 when the
   fit is over (singular or infinite; r is final). */
static int one_term_monotone(const hs_survdata *w, coxws *cw, int efron, double ll, hs_cox_result *r)
{
    int mono = cw->ntab >= 0 ? monotone_tab(cw) : monotone1(w);
    if (mono == 2) {
        r->status = HS_COX_SINGULAR;
        r->loglik = ll;
        finish(r, NULL, 1);
        return 1;
    }
    if (mono == 0)
        return 0;
    r->status = HS_COX_INFINITE;
    r->infinite[0] = 1;
    r->beta[0] = mono > 0 ? INFINITY : -INFINITY;
    r->se[0] = NAN;
    r->hr[0] = mono > 0 ? INFINITY : 0.0;
    r->hr_lcl[0] = r->hr_ucl[0] = r->pval[0] = NAN;
    /* two groups: l increases to a finite limit; take it at
     * |beta| = 40, where the remaining terms are below e^-40
     * relative (R reports l at its last iterate, ~e^-20 from it) */
    if (cw->ntab >= 0) {
        double bl = mono > 0 ? 40.0 : -40.0;
        r->loglik = eval(w, cw, &bl, efron, cw->u, cw->info);
        r->lr = 2 * (r->loglik - r->loglik0);
    }
    return 1;
}

/* Newton-Raphson with step halving from the first step at beta = 0; leaves
   the estimate in cw->beta, its information in cw->ibest, the
   log-likelihood in *ll and the iterations in *iter. */
static hs_cox_status newton(const hs_survdata *w, coxws *cw, int p, int efron, hs_cox_result *r, double *ll,
                            int *iter)
{
    double *beta = cw->beta, *bnew = cw->bnew, *u = cw->u, *info = cw->info, *step = cw->step;
    hs_cox_status status = HS_COX_NOCONV;
    for (*iter = 1; *iter <= HS_COX_ITER_MAX; (*iter)++) {
        /* step = I^-1 U at beta (already in `step`); info/chol at beta */
        int small = 1;
        for (int j = 0; j < p; j++)
            if (!(fabs(step[j]) <= HS_COX_STEP_TOL * (1 + fabs(beta[j]))))
                small = 0;
        memcpy(cw->ibest, info, (size_t)(p * p) * sizeof *info);
        if (small) {
            for (int j = 0; j < p; j++)
                beta[j] += step[j];
            status = HS_COX_CONVERGED;
            break;
        }
        for (int j = 0; j < p; j++)
            bnew[j] = beta[j] + step[j];
        double lnew = eval(w, cw, bnew, efron, u, info);
        int halv = 0;
        while (!(lnew >= *ll) && halv < 30) {
            if (fabs(lnew - *ll) <= 1e-14 * fabs(*ll))
                break;
            for (int j = 0; j < p; j++)
                bnew[j] = 0.5 * (bnew[j] + beta[j]);
            lnew = eval(w, cw, bnew, efron, u, info);
            halv++;
        }
        if (!(lnew >= *ll) && !(fabs(lnew - *ll) <= 1e-14 * fabs(*ll)))
            break; /* cannot improve: NOCONV */
        const int flat = fabs(lnew - *ll) <= HS_COX_FLAT * fabs(*ll);
        memcpy(beta, bnew, (size_t)p * sizeof *beta);
        *ll = lnew;
        if (chol(info, cw->chol, p) != 0) {
            status = HS_COX_SINGULAR;
            break;
        }
        chol_solve(cw->chol, u, step, p);
        if (flat && halv == 0) {
            int inf = 0;
            for (int j = 0; j < p; j++) {
                r->infinite[j] = fabs(step[j]) > HS_COX_TOLINF * (fabs(beta[j]) > 1 ? fabs(beta[j]) : 1);
                inf |= r->infinite[j];
            }
            if (inf) {
                status = HS_COX_INFINITE;
                break;
            }
        }
    }
    return status;
}

/* var = I^-1 at the last evaluated beta; Wald = beta' I beta; then the
   standard errors, hazard ratios and p-values (finish). */
static void variance_and_wald(coxws *cw, int p, hs_cox_result *r)
{
    const double *beta = cw->beta;
    double *ib = cw->ibest, *var = cw->s2; /* reuse s2 as the p x p variance */
    if (r->status == HS_COX_SINGULAR || chol(ib, cw->chol, p) != 0) {
        r->status = HS_COX_SINGULAR;
        finish(r, NULL, p);
        return;
    }
    double wald = 0;
    for (int a = 0; a < p; a++) {
        double s = 0;
        for (int b = 0; b < p; b++)
            s += ib[a * p + b] * beta[b];
        wald += beta[a] * s;
    }
    r->wald = wald;
    for (int j = 0; j < p; j++) {
        for (int a = 0; a < p; a++)
            cw->u0[a] = a == j;
        chol_solve(cw->chol, cw->u0, cw->ubest, p);
        for (int a = 0; a < p; a++)
            var[a * p + j] = cw->ubest[a];
    }
    finish(r, var, p);
}

int hs_cox_fit(hs_survdata *w, int ties, hs_cox_result *r)
{
    if (w->n < 1 || (ties != HS_COX_EFRON && ties != HS_COX_BRESLOW))
        return HS_SURV_EINVAL;
    const int ng = w->ngroup, nc = w->ncov, p = ng - 1 + nc;
    const int efron = ties == HS_COX_EFRON;
    coxws cw;
    carve(w, &cw, p);
    result_init(r, p);
    if (w->nevents == 0) {
        r->status = HS_COX_NOEVENTS;
        finish(r, NULL, p);
        return HS_SURV_OK;
    }
    cw.ntab = -1;
    if (p == 1 && ng == 2 && nc == 0) {
        cw.tab = w->buf;
        build_tab(w, &cw);
    } else
        centre(w, p);
    double ll;
    if (start_at_zero(w, &cw, p, efron, r, &ll))
        return HS_SURV_OK;
    if (p == 1 && one_term_monotone(w, &cw, efron, ll, r))
        return HS_SURV_OK;

    int iter;
    r->status = newton(w, &cw, p, efron, r, &ll, &iter);
    r->iter = iter;
    r->loglik = ll;
    r->lr = 2 * (ll - r->loglik0);
    for (int j = 0; j < p; j++)
        r->beta[j] = cw.beta[j];
    variance_and_wald(&cw, p, r);
    return HS_SURV_OK;
}
