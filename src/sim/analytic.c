/* analytic.c — see analytic.h.
 *
 * Events for a log-rank test of hazard ratio HR, allocation r = n1/n0,
 * z_a = z_{1-alpha/sides}, z_b = z_{power}:
 *   Schoenfeld (1983, Biometrics 39:499): D = (z_a + z_b)^2 (1+r)^2 / (r ln^2 HR);
 *   Freedman (1982, Stat Med 1:121):      D = (z_a + z_b)^2 (1 + r HR)^2 / (r (1-HR)^2).
 * Schoenfeld power with D events: Phi(sqrt(D r)/(1+r) |ln HR| - z_a).
 *
 * Probability that an event is observed (Collett, Modelling Survival Data,
 * ch. 10; Lachin & Foulkes 1986, Biometrics 42:507): uniform accrual over R,
 * minimum follow-up F, event rate lambda, dropout rate eta, theta = lambda+eta:
 *   P = lambda/theta * [1 - (e^(-theta F) - e^(-theta (F+R))) / (theta R)].
 * In general, for a patient with event density f (mixture over the covariate
 * mix) and entry-time distribution function W, analysed at calendar time t:
 *   P(t) = integral_0^t f(s) e^(-eta s) W(t - s) ds,
 * integrated numerically (GSL QAGP with breakpoints at the kinks of W and of
 * the hazard). Uniform accrual: W(x) = min(x/R, 1). Piecewise intensity with
 * n patients: W(x) = min(Lambda(x)/n, 1), Lambda the cumulative intensity.
 *
 * Lachin–Foulkes (1986) total N for exponential hazards, Q_i the shares:
 *   N = [z_a sqrt(phi(lbar)(1/Q0 + 1/Q1)) + z_b sqrt(phi(l0)/Q0 + phi(l1)/Q1)]^2 / (l0 - l1)^2,
 *   phi(l) = l^2 / P(l), lbar = Q0 l0 + Q1 l1.
 *
 * Average hazard ratio under non-proportional hazards or covariate mixes
 * (Kalbfleisch & Prentice 1981, Biometrika 68:105):
 *   AHR = integral h1/(h0+h1) w ds / integral h0/(h0+h1) w ds, with h_a the
 * marginal hazards f_a/S_a of the mixture and w the pooled density of
 * observed events; it equals HR under proportional hazards and, unlike the
 * mean log HR, stays bounded where one arm's hazard is near 0. */
#include "analytic.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMBOS_MAX 65536
#define LIMIT 1000
#define EPSABS 1e-13
#define EPSREL 1e-11

struct hs_analytic {
    hs_scenario sc;
    int ncombo;
    double *prob;   /* ncombo */
    double *lp[2];  /* ncombo each */
    int mix;
    gsl_integration_workspace *ws;
};

double hs_analytic_zcrit(double alpha, int sides)
{
    if (!(alpha > 0 && alpha < 1) || (sides != 1 && sides != 2))
        return NAN;
    return gsl_cdf_ugaussian_Qinv(alpha / sides);
}

static int bad_common(double hr, double power, double ratio)
{
    return !(hr > 0 && hr != 1 && isfinite(hr)) || !(power > 0 && power < 1) ||
           !(ratio > 0 && isfinite(ratio));
}

double hs_analytic_schoenfeld_events(double hr, double alpha, int sides, double power, double ratio)
{
    double za = hs_analytic_zcrit(alpha, sides);
    if (isnan(za) || bad_common(hr, power, ratio))
        return NAN;
    double z = za + gsl_cdf_ugaussian_Pinv(power), l = log(hr);
    return z * z * (1 + ratio) * (1 + ratio) / (ratio * l * l);
}

double hs_analytic_freedman_events(double hr, double alpha, int sides, double power, double ratio)
{
    double za = hs_analytic_zcrit(alpha, sides);
    if (isnan(za) || bad_common(hr, power, ratio))
        return NAN;
    double z = za + gsl_cdf_ugaussian_Pinv(power);
    return z * z * (1 + ratio * hr) * (1 + ratio * hr) / (ratio * (1 - hr) * (1 - hr));
}

double hs_analytic_schoenfeld_power(double hr, double events, double alpha, int sides, double ratio)
{
    double za = hs_analytic_zcrit(alpha, sides);
    if (isnan(za) || !(hr > 0 && isfinite(hr)) || !(events >= 0) || !(ratio > 0))
        return NAN;
    return gsl_cdf_ugaussian_P(sqrt(events * ratio) / (1 + ratio) * fabs(log(hr)) - za);
}

double hs_analytic_event_prob_exp(double rate, double dropout, double accrual, double followup)
{
    if (!(rate > 0) || !(dropout >= 0) || !(accrual > 0) || !(followup >= 0) || !isfinite(rate))
        return NAN;
    double th = rate + dropout, R = accrual, F = followup;
    /* e^(-th F) - e^(-th (F+R)) = e^(-th F) (1 - e^(-th R)) = -e^(-th F) expm1(-th R) */
    double tail = -exp(-th * F) * expm1(-th * R) / (th * R);
    return rate / th * (1 - tail);
}

double hs_analytic_lachin_foulkes_n(double rate0, double rate1, double dropout, double accrual,
                                    double total, double alpha, int sides, double power, double q1)
{
    double za = hs_analytic_zcrit(alpha, sides);
    if (isnan(za) || !(power > 0 && power < 1) || !(q1 > 0 && q1 < 1) || !(total >= accrual) ||
        rate0 == rate1)
        return NAN;
    double q0 = 1 - q1, lbar = q0 * rate0 + q1 * rate1, F = total - accrual;
    double p0 = hs_analytic_event_prob_exp(rate0, dropout, accrual, F);
    double p1 = hs_analytic_event_prob_exp(rate1, dropout, accrual, F);
    double pb = hs_analytic_event_prob_exp(lbar, dropout, accrual, F);
    if (!(p0 > 0 && p1 > 0 && pb > 0))
        return NAN;
    double phi0 = rate0 * rate0 / p0, phi1 = rate1 * rate1 / p1, phib = lbar * lbar / pb;
    double num = za * sqrt(phib * (1 / q0 + 1 / q1)) + gsl_cdf_ugaussian_Pinv(power) * sqrt(phi0 / q0 + phi1 / q1);
    return num * num / ((rate0 - rate1) * (rate0 - rate1));
}

/* ---- the scenario's mixture ---- */

hs_analytic *hs_analytic_alloc(const hs_scenario *sc)
{
    int used[HS_SC_COV_MAX], nused = 0;
    long combos = 1;
    for (int c = 0; c < sc->ncov; c++) {
        int eff = 0;
        for (int a = 0; a < 2; a++)
            for (int l = 0; l < sc->nlevels[c]; l++)
                eff |= sc->arm[a].beta[c][l] != 0.0;
        if (eff) {
            used[nused++] = c;
            combos *= sc->nlevels[c];
            if (combos > COMBOS_MAX)
                return NULL;
        }
    }
    hs_analytic *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->sc = *sc;
    a->ncombo = (int)combos;
    a->mix = nused > 0;
    a->prob = malloc((size_t)combos * sizeof *a->prob);
    a->lp[0] = malloc((size_t)combos * sizeof *a->lp[0]);
    a->lp[1] = malloc((size_t)combos * sizeof *a->lp[1]);
    a->ws = gsl_integration_workspace_alloc(LIMIT);
    if (!a->prob || !a->lp[0] || !a->lp[1] || !a->ws) {
        hs_analytic_free(a);
        return NULL;
    }
    for (int k = 0; k < a->ncombo; k++) {
        int rest = k;
        double p = 1, lp0 = 0, lp1 = 0;
        for (int u = 0; u < nused; u++) {
            int c = used[u], L = sc->nlevels[c], l = rest % L;
            rest /= L;
            p *= sc->cum[c][l] - (l > 0 ? sc->cum[c][l - 1] : 0.0);
            lp0 += sc->arm[0].beta[c][l];
            lp1 += sc->arm[1].beta[c][l];
        }
        a->prob[k] = p;
        a->lp[0][k] = lp0;
        a->lp[1][k] = lp1;
    }
    return a;
}

void hs_analytic_free(hs_analytic *a)
{
    if (!a)
        return;
    free(a->prob);
    free(a->lp[0]);
    free(a->lp[1]);
    if (a->ws)
        gsl_integration_workspace_free(a->ws);
    free(a);
}

int hs_analytic_has_mix(const hs_analytic *a) { return a->mix; }

int hs_analytic_exponential(const hs_analytic *a, double rate[2])
{
    if (a->mix)
        return 0;
    for (int k = 0; k < 2; k++) {
        const hs_hazard *m = &a->sc.arm[k].model;
        if (m->family != HS_FAM_EXPONENTIAL || m->cure > 0)
            return 0;
        for (int j = 1; j < m->nhr; j++)
            if (m->hr[j] != m->hr[0])
                return 0;
        rate[k] = hs_hazard_h(m, 0.0, 1.0);
    }
    return 1;
}

static double mix_density(const hs_analytic *a, int arm, double s)
{
    const hs_hazard *m = &a->sc.arm[arm].model;
    double f = 0;
    for (int k = 0; k < a->ncombo; k++)
        f += a->prob[k] * hs_hazard_density(m, a->lp[arm][k], s);
    return f;
}

static double mix_survival(const hs_analytic *a, int arm, double s)
{
    const hs_hazard *m = &a->sc.arm[arm].model;
    double S = 0;
    for (int k = 0; k < a->ncombo; k++)
        S += a->prob[k] * hs_hazard_S(m, a->lp[arm][k], s);
    return S;
}

/* Entry-time distribution function W(x) for a trial of n patients. */
static double entry_cdf(const hs_scenario *sc, int n, double x)
{
    if (x <= 0)
        return 0;
    if (sc->naccrual == 0)
        return sc->accrual_months > 0 ? fmin(x / sc->accrual_months, 1.0) : 1.0;
    double L = 0;
    for (int k = 0; k < sc->naccrual; k++) {
        double t0 = sc->accrual_start[k];
        double t1 = k + 1 < sc->naccrual ? sc->accrual_start[k + 1] : INFINITY;
        if (x <= t0)
            break;
        L += sc->accrual_rate[k] * (fmin(x, t1) - t0);
    }
    return fmin(L / n, 1.0);
}

/* Calendar time when accrual of n patients ends (INFINITY if never). */
static double accrual_end(const hs_scenario *sc, int n)
{
    if (sc->naccrual == 0)
        return sc->accrual_months;
    double L = 0;
    for (int k = 0; k < sc->naccrual; k++) {
        double t0 = sc->accrual_start[k];
        double t1 = k + 1 < sc->naccrual ? sc->accrual_start[k + 1] : INFINITY;
        double r = sc->accrual_rate[k], piece = r * (t1 - t0);
        if (r > 0 && L + piece >= n)
            return t0 + (n - L) / r;
        if (isfinite(piece))
            L += piece;
    }
    return INFINITY;
}

typedef struct integ {
    const hs_analytic *a;
    int arm, n, mode; /* 0: P(t) integrand of one arm; 1: pooled weight w; 2, 3: w h1/(h0+h1), w h0/(h0+h1) */
    double t;
} integ;

static double pooled_weight(const integ *g, double s)
{
    const hs_scenario *sc = &g->a->sc;
    double w = entry_cdf(sc, g->n, g->t - s), tot = sc->arm[0].weight + sc->arm[1].weight, v = 0;
    if (w <= 0)
        return 0;
    for (int k = 0; k < 2; k++)
        v += sc->arm[k].weight / tot * mix_density(g->a, k, s) * exp(-sc->arm[k].dropout_rate * s);
    return v * w;
}

/* h1/(h0+h1) (which = 1) or h0/(h0+h1) (which = 0) of the marginal hazards. */
static double hazard_share(const hs_analytic *a, double s, int which)
{
    double h0 = mix_density(a, 0, s) / mix_survival(a, 0, s);
    double h1 = mix_density(a, 1, s) / mix_survival(a, 1, s);
    if (!(h0 + h1 > 0 && isfinite(h0 + h1)))
        return 0.5;
    return (which ? h1 : h0) / (h0 + h1);
}

static double log_marginal_hr(const hs_analytic *a, double s)
{
    double h0 = mix_density(a, 0, s) / mix_survival(a, 0, s);
    double h1 = mix_density(a, 1, s) / mix_survival(a, 1, s);
    if (!(h0 > 0 && h1 > 0 && isfinite(h0) && isfinite(h1)))
        return 0;
    return log(h1 / h0);
}

static double integrand(double s, void *p)
{
    const integ *g = p;
    const hs_scenario *sc = &g->a->sc;
    if (g->mode == 0) {
        double w = isfinite(g->t) ? entry_cdf(sc, g->n, g->t - s) : 1.0;
        if (w <= 0)
            return 0;
        return mix_density(g->a, g->arm, s) * exp(-sc->arm[g->arm].dropout_rate * s) * w;
    }
    double w = pooled_weight(g, s);
    return g->mode == 1 ? w : (w > 0 ? w * hazard_share(g->a, s, g->mode == 2) : 0);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Integrate mode g over (0, t) with breakpoints at the kinks. */
static int integrate(hs_analytic *a, integ *g, double *out)
{
    const hs_scenario *sc = &a->sc;
    double t = g->t;
    if (!(t > 0)) {
        *out = 0;
        return 0;
    }
    gsl_function fn = {integrand, g};
    double err;
    int st;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    if (!isfinite(t)) {
        st = gsl_integration_qagiu(&fn, 0.0, EPSABS, EPSREL, LIMIT, a->ws, out, &err);
    } else {
        double pts[4 * HS_PIECES_MAX + 8];
        size_t np = 0;
        pts[np++] = 0;
        pts[np++] = t;
        double R = accrual_end(sc, g->n);
        if (isfinite(R) && t - R > 0)
            pts[np++] = t - R;
        for (int k = 0; k < sc->naccrual; k++)
            pts[np++] = t - sc->accrual_start[k];
        for (int arm = 0; arm < 2; arm++) {
            const hs_hazard *m = &sc->arm[arm].model;
            if (m->family == HS_FAM_PIECEWISE)
                for (int k = 1; k < m->npieces; k++)
                    pts[np++] = m->cut[k];
            for (int k = 1; k < m->nhr; k++)
                pts[np++] = m->hr_cut[k];
        }
        qsort(pts, np, sizeof pts[0], cmp_double);
        size_t m = 0;
        for (size_t k = 0; k < np; k++)
            if (pts[k] >= 0 && pts[k] <= t && (m == 0 || pts[k] > pts[m - 1] + 1e-12 * t))
                pts[m++] = pts[k];
        pts[m - 1] = t;
        if (m < 2)
            pts[m++] = t;
        st = gsl_integration_qagp(&fn, pts, m, EPSABS, EPSREL, LIMIT, a->ws, out, &err);
    }
    gsl_set_error_handler(old);
    /* Tolerance not met at 1e-11 relative is still far below MC noise. */
    if (st != GSL_SUCCESS && st != GSL_EROUND && !(st == GSL_EMAXITER && err < 1e-7))
        return -1;
    return isfinite(*out) ? 0 : -1;
}

int hs_analytic_event_prob(hs_analytic *a, int arm, int n, double t, double *p)
{
    if (arm < 0 || arm > 1 || n < 1)
        return -1;
    integ g = {a, arm, n, 0, t};
    return integrate(a, &g, p);
}

int hs_analytic_expected_events(hs_analytic *a, int n, double t, double *d)
{
    double tot = a->sc.arm[0].weight + a->sc.arm[1].weight, v = 0;
    for (int k = 0; k < 2; k++) {
        double p;
        if (hs_analytic_event_prob(a, k, n, t, &p) != 0)
            return -1;
        v += a->sc.arm[k].weight / tot * p;
    }
    *d = n * v;
    return 0;
}

int hs_analytic_event_time(hs_analytic *a, int n, double k, double *t)
{
    double dmax;
    if (!(k > 0) || hs_analytic_expected_events(a, n, INFINITY, &dmax) != 0)
        return -1;
    if (dmax < k) {
        *t = INFINITY;
        return 0;
    }
    double lo = 0, hi = 1, d;
    for (;;) {
        if (hs_analytic_expected_events(a, n, hi, &d) != 0)
            return -1;
        if (d >= k)
            break;
        lo = hi;
        hi *= 2;
        if (hi > 1e6) {
            *t = INFINITY;
            return 0;
        }
    }
    /* Bisection: expected events grow monotonically in t. */
    for (int it = 0; it < 200 && hi - lo > 1e-9 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (hs_analytic_expected_events(a, n, mid, &d) != 0)
            return -1;
        if (d >= k)
            hi = mid;
        else
            lo = mid;
    }
    *t = 0.5 * (lo + hi);
    return 0;
}

double hs_analytic_marginal_hr(hs_analytic *a, double s)
{
    return exp(log_marginal_hr(a, s));
}

int hs_analytic_average_hr(hs_analytic *a, int n, double t, double *hr, double *hr_min,
                           double *hr_max)
{
    integ g = {a, 0, n, 2, t};
    double s1, s0;
    if (!(t > 0 && isfinite(t)) || integrate(a, &g, &s1) != 0)
        return -1;
    g.mode = 3;
    if (integrate(a, &g, &s0) != 0 || !(s0 > 0 && s1 > 0))
        return -1;
    *hr = s1 / s0;
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 1; k <= 400; k++) {
        double s = t * k / 400.0;
        if (pooled_weight(&g, s) <= 0 && k < 400)
            continue;
        double v = hs_analytic_marginal_hr(a, s);
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    *hr_min = lo;
    *hr_max = hi;
    return 0;
}

double hs_analytic_gsd_drift(const hs_gsd_bounds *b, double power)
{
    double pe[HS_GSD_LOOKS_MAX], pf[HS_GSD_LOOKS_MAX];
    double lo = 0, hi = 40;
    for (int it = 0; it < 200 && hi - lo > 1e-12; it++) {
        double mid = 0.5 * (lo + hi), p = 0;
        if (hs_gsd_probs(b, mid, pe, pf) != 0)
            return NAN;
        for (int k = 0; k < b->k; k++)
            p += pe[k];
        if (p < power)
            lo = mid;
        else
            hi = mid;
    }
    return hi >= 40 ? NAN : 0.5 * (lo + hi);
}

double hs_analytic_gsd_expected_frac(const hs_gsd_bounds *b, double theta)
{
    double pe[HS_GSD_LOOKS_MAX], pf[HS_GSD_LOOKS_MAX];
    if (hs_gsd_probs(b, theta, pe, pf) != 0)
        return NAN;
    double e = 0, left = 1;
    for (int k = 0; k < b->k - 1; k++) {
        e += (pe[k] + pf[k]) * b->t[k];
        left -= pe[k] + pf[k];
    }
    return e + left * b->t[b->k - 1];
}

/* A group-sequential scenario's bounds for the analytic design: the planned
 * ones, or those for the looks' expected information fractions (expected
 * events at each look over those at the final analysis, for n patients). */
static int gsd_bounds_for(hs_analytic *a, const hs_scenario *sc, int n, hs_gsd_bounds *b)
{
    if (sc->planned) {
        *b = sc->bounds;
        return 0;
    }
    hs_gsd_spec g = sc->gsd;
    double d[HS_GSD_LOOKS_MAX];
    for (int j = 0; j < sc->nlooks; j++) {
        hs_sc_cut kind = j < sc->nlooks - 1 ? sc->look_cut : sc->cut;
        double tj = sc->look_value[j];
        if (kind == HS_SC_CUT_EVENTS)
            d[j] = sc->look_value[j];
        else if ((kind == HS_SC_CUT_FOLLOWUP && (tj = accrual_end(sc, n) + tj, !isfinite(tj))) ||
                 hs_analytic_expected_events(a, n, tj, &d[j]) != 0)
            return -1;
    }
    for (int j = 0; j < sc->nlooks; j++) {
        g.t[j] = d[j] / d[sc->nlooks - 1];
        if (!(g.t[j] > (j ? g.t[j - 1] : 0)))
            return -1;
    }
    g.t[sc->nlooks - 1] = 1.0;
    char err[8];
    return hs_gsd_solve(&g, b, err, sizeof err);
}

/* Expected events as a non-decreasing function of a whole number m. */
typedef int (*events_of)(hs_analytic *a, const void *ctx, int m, double *d);

/* The smallest m in (lo, hi] whose events reach `need`, given that hi's do
 * and lo's do not (by bisection); -1 when an evaluation fails. */
static int least_reaching(hs_analytic *a, events_of f, const void *ctx, double need, int lo, int hi, int *out)
{
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        double d;
        if (f(a, ctx, mid, &d) != 0)
            return -1;
        if (d >= need)
            hi = mid;
        else
            lo = mid;
    }
    *out = hi;
    return 0;
}

/* m allocation blocks of `unit` patients: expected events by month `by`. */
typedef struct by_blocks {
    int unit;
    double by;
} by_blocks;

static int events_by_blocks(hs_analytic *a, const void *ctx, int m, double *d)
{
    const by_blocks *b = ctx;
    return hs_analytic_expected_events(a, m * b->unit, b->by, d);
}

int hs_analytic_n_for_events_by(hs_analytic *a, double k, double by, int n_lo, int n_hi, int unit, int *n,
                                double *d_hi)
{
    if (!(k > 0) || !(by > 0) || unit < 1 || n_lo < 1 || n_hi < 1)
        return -1;
    int m_lo = (n_lo + unit - 1) / unit, m_hi = n_hi / unit;
    double d;
    if (m_lo > m_hi || m_hi < 1) {
        if (hs_analytic_expected_events(a, n_hi, by, d_hi) != 0)
            return -1;
        return 1;
    }
    if (hs_analytic_expected_events(a, m_hi * unit, by, &d) != 0)
        return -1;
    if (d < k) {
        *d_hi = d;
        return 1;
    }
    /* m_hi reaches k; m_lo - 1 does not (or is below the range) */
    const by_blocks ctx = {unit, by};
    int m;
    if (least_reaching(a, events_by_blocks, &ctx, k, m_lo - 1, m_hi, &m) != 0)
        return -1;
    *n = m * unit;
    return 0;
}

double hs_analytic_accrual_duration(const hs_scenario *sc, int n)
{
    return accrual_end(sc, n);
}

int hs_analytic_cut_time(hs_analytic *a, int n, hs_sc_cut cut, double value, double *t)
{
    if (cut == HS_SC_CUT_EVENTS)
        return hs_analytic_event_time(a, n, value, t);
    *t = cut == HS_SC_CUT_FOLLOWUP ? accrual_end(&a->sc, n) + value : value;
    return 0;
}

/* Expected events at the analysis of a followup:T design of n patients. */
static int followup_events(hs_analytic *a, const hs_scenario *sc, int n, double *d)
{
    double t = accrual_end(sc, n) + sc->cut_value;
    if (!isfinite(t))
        return -1;
    return hs_analytic_expected_events(a, n, t, d);
}

static int followup_events_n(hs_analytic *a, const void *sc, int n, double *d)
{
    return followup_events(a, sc, n, d);
}

/* Smallest n in [2, 10^7] whose followup:T design expects `need` events
 * (expected events grow with n: more patients, and under rate accrual a
 * longer window). -1 if none. */
static int followup_n(hs_analytic *a, const hs_scenario *sc, double need, int *nout)
{
    int lo = 1, hi = 2;
    double d;
    for (;;) {
        if (followup_events(a, sc, hi, &d) != 0)
            return -1;
        if (d >= need)
            break;
        lo = hi;
        if (hi >= 10000000)
            return -1;
        hi = hi > 5000000 ? 10000000 : 2 * hi;
    }
    return least_reaching(a, followup_events_n, sc, need, lo, hi, nout);
}

/* Events needed for `power` at the average HR of a trial of n analysed at
 * t (and the group-sequential inflation); fills the event counts of out. */
static int events_needed(hs_analytic *a, const hs_scenario *sc, int n, double t, double power,
                         hs_analytic_design *out, double *need)
{
    double w0 = sc->arm[0].weight, w1 = sc->arm[1].weight, ratio = w1 / w0;
    if (hs_analytic_average_hr(a, n, t, &out->hr, &out->hr_min, &out->hr_max) != 0)
        return -1;
    out->schoenfeld_events = hs_analytic_schoenfeld_events(out->hr, sc->alpha, sc->sides, power, ratio);
    out->freedman_events = hs_analytic_freedman_events(out->hr, sc->alpha, sc->sides, power, ratio);
    if (!isfinite(out->schoenfeld_events))
        return -1;
    *need = out->schoenfeld_events;
    if (sc->nlooks > 1) {
        hs_gsd_bounds gb;
        if (gsd_bounds_for(a, sc, n, &gb) != 0)
            return -1;
        double zsum = hs_analytic_zcrit(sc->alpha, sc->sides) + gsl_cdf_ugaussian_Pinv(power);
        double drift = hs_analytic_gsd_drift(&gb, power);
        out->inflation = drift * drift / (zsum * zsum);
        out->gsd_events = *need = out->schoenfeld_events * out->inflation;
        out->expected_events_h1 = *need * hs_analytic_gsd_expected_frac(&gb, drift);
        out->expected_events_h0 = *need * hs_analytic_gsd_expected_frac(&gb, 0.0);
        if (!isfinite(*need))
            return -1;
    }
    return 0;
}

static void clear_design(hs_analytic_design *out)
{
    memset(out, 0, sizeof *out);
    out->n = -1;
    out->lachin_foulkes_n = NAN;
    out->inflation = out->gsd_events = out->expected_events_h1 = out->expected_events_h0 = NAN;
    out->accrual_duration = out->followup = out->events = NAN;
}

int hs_analytic_design_for(hs_analytic *a, const hs_scenario *sc, double power, int fixed_events,
                           hs_analytic_design *out)
{
    clear_design(out);
    double w0 = sc->arm[0].weight, w1 = sc->arm[1].weight;
    int events = sc->cut == HS_SC_CUT_EVENTS, followup = sc->cut == HS_SC_CUT_FOLLOWUP;
    double q = events ? sc->cut_value / sc->n : NAN;
    int n = sc->n;
    double t = sc->cut_value;
    /* The window depends on n under piecewise accrual, on the events (K/n
     * kept) and on follow-up after the last entry: a few fixed-point passes
     * for the average HR. */
    int passes = sc->naccrual > 0 || followup ? 4 : 1;
    for (int pass = 0; pass < passes; pass++) {
        if (events && hs_analytic_event_time(a, n, fixed_events ? sc->cut_value : q * n, &t) != 0)
            return -1;
        if (followup)
            t = accrual_end(sc, n) + sc->cut_value;
        if (!isfinite(t))
            return -1;
        double need;
        if (events_needed(a, sc, n, t, power, out, &need) != 0)
            return -1;
        if (followup) {
            if (followup_n(a, sc, need, &n) != 0)
                return -1;
            double d;
            if (followup_events(a, sc, n, &d) != 0)
                return -1;
            out->event_prob = d / n;
            continue;
        }
        if (events && fixed_events) {
            /* K stays: power depends on K, not on n, so the formula keeps
             * the config's n (schoenfeld_events says whether K is enough) */
            out->event_prob = q;
            break;
        }
        if (events) {
            out->event_prob = q;
        } else {
            double d;
            if (hs_analytic_expected_events(a, n, t, &d) != 0 || !(d > 0))
                return -1;
            out->event_prob = d / n;
        }
        double nn = ceil(need / out->event_prob - 1e-9);
        if (!(nn >= 2 && nn <= 1e7))
            return -1;
        n = (int)nn;
    }
    out->n = n;
    out->accrual_duration = accrual_end(sc, n);
    if (events) {
        long k = fixed_events ? lround(sc->cut_value) : lround(q * n);
        out->events_at_n = (int)(k < 1 ? 1 : k > n ? n : k);
        out->events = out->events_at_n;
        if (hs_analytic_event_time(a, n, out->events_at_n, &out->analysis_time) != 0)
            return -1;
    } else {
        out->analysis_time = followup ? accrual_end(sc, n) + sc->cut_value : t;
        if (hs_analytic_expected_events(a, n, out->analysis_time, &out->events) != 0)
            return -1;
        out->events_at_n = (int)lround(out->events);
    }
    out->followup = followup ? sc->cut_value : out->analysis_time - out->accrual_duration;
    double rate[2];
    if (sc->naccrual == 0 && sc->accrual_months > 0 && hs_analytic_exponential(a, rate) &&
        sc->arm[0].dropout_rate == sc->arm[1].dropout_rate && isfinite(out->analysis_time) &&
        out->analysis_time >= sc->accrual_months)
        out->lachin_foulkes_n = hs_analytic_lachin_foulkes_n(rate[0], rate[1], sc->arm[0].dropout_rate,
                                                             sc->accrual_months, out->analysis_time,
                                                             sc->alpha, sc->sides, power, w1 / (w0 + w1));
    return 0;
}

int hs_analytic_followup_for(hs_analytic *a, const hs_scenario *sc, double power,
                             hs_analytic_design *out)
{
    clear_design(out);
    if (sc->cut == HS_SC_CUT_EVENTS)
        return -1;
    int n = sc->n, followup = sc->cut == HS_SC_CUT_FOLLOWUP;
    double R = accrual_end(sc, n), t = isfinite(R) ? R + fmax(sc->cut_value, 1.0) : sc->cut_value;
    for (int pass = 0; pass < 4; pass++) {
        double need;
        if (events_needed(a, sc, n, t, power, out, &need) != 0)
            return -1;
        if (hs_analytic_event_time(a, n, need, &t) != 0)
            return -1;
        if (!isfinite(t))
            break;
    }
    out->n = n;
    out->accrual_duration = R;
    if (isfinite(t) && followup && t < R)
        t = R; /* reached by the end of accrual: no follow-up needed */
    out->analysis_time = t;
    out->followup = t - R;
    out->event_prob = NAN;
    if (isfinite(t)) {
        if (hs_analytic_expected_events(a, n, t, &out->events) != 0)
            return -1;
        out->event_prob = out->events / n;
        out->events_at_n = (int)lround(out->events);
    }
    return 0;
}
