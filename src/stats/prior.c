/* prior.c — prior distributions and multivariate normal draws (prior.h).
 *
 * Untruncated F (CDF), G = 1 - F, their inverses and the density come from
 * GSL: gsl_cdf_{gaussian,lognormal,flat,beta,gamma}_{P,Q,Pinv,Qinv} and
 * gsl_ran_*_pdf (gamma with scale = 1/RATE, as R's qgamma(p, shape, rate)).
 * Truncation to [lo, hi] (O'Hagan, Stevens & Campbell 2005 use such priors
 * for assurance): with m = F(hi) - F(lo) the mass,
 *   F_T(x) = (F(x) - F(lo)) / m,   f_T(x) = f(x) / m,
 *   F_T^-1(p) = F^-1(F(lo) + p m).
 * Precision: F(lo) + p m is near 1 in the upper tail, where F^-1 has lost
 * the digits; there the same point is found as G^-1(G(hi) + (1 - p) m), and
 * when the whole window lies above the median (F(lo) > 1/2) m is taken as
 * G(lo) - G(hi) and F_T(x) as (G(lo) - G(x)) / m.
 * Cholesky: L L' = S row by row (Golub & Van Loan, alg. 4.2.1), refusing a
 * pivot <= 1e-12 S_ii.
 */
#include "prior.h"
#include "errs.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIVOT_REL 1e-12

/* ---- the untruncated families ------------------------------------------ */

static double u_cdf(const hs_prior_dist *d, double x)
{
    switch (d->kind) {
    case HS_PRIOR_NORMAL: return gsl_cdf_gaussian_P(x - d->a, d->b);
    case HS_PRIOR_LOGNORMAL: return x <= 0 ? 0.0 : gsl_cdf_lognormal_P(x, d->a, d->b);
    case HS_PRIOR_UNIFORM: return gsl_cdf_flat_P(x, d->a, d->b);
    case HS_PRIOR_BETA: return x <= 0 ? 0.0 : x >= 1 ? 1.0 : gsl_cdf_beta_P(x, d->a, d->b);
    case HS_PRIOR_GAMMA: return x <= 0 ? 0.0 : gsl_cdf_gamma_P(x, d->a, 1.0 / d->b);
    case HS_PRIOR_FIXED: break;
    }
    return x < d->a ? 0.0 : 1.0;
}

static double u_ccdf(const hs_prior_dist *d, double x)
{
    switch (d->kind) {
    case HS_PRIOR_NORMAL: return gsl_cdf_gaussian_Q(x - d->a, d->b);
    case HS_PRIOR_LOGNORMAL: return x <= 0 ? 1.0 : gsl_cdf_lognormal_Q(x, d->a, d->b);
    case HS_PRIOR_UNIFORM: return gsl_cdf_flat_Q(x, d->a, d->b);
    case HS_PRIOR_BETA: return x <= 0 ? 1.0 : x >= 1 ? 0.0 : gsl_cdf_beta_Q(x, d->a, d->b);
    case HS_PRIOR_GAMMA: return x <= 0 ? 1.0 : gsl_cdf_gamma_Q(x, d->a, 1.0 / d->b);
    case HS_PRIOR_FIXED: break;
    }
    return x < d->a ? 1.0 : 0.0;
}

static double u_pdf(const hs_prior_dist *d, double x)
{
    switch (d->kind) {
    case HS_PRIOR_NORMAL: return gsl_ran_gaussian_pdf(x - d->a, d->b);
    case HS_PRIOR_LOGNORMAL: return x <= 0 ? 0.0 : gsl_ran_lognormal_pdf(x, d->a, d->b);
    case HS_PRIOR_UNIFORM: return gsl_ran_flat_pdf(x, d->a, d->b);
    case HS_PRIOR_BETA: return x < 0 || x > 1 ? 0.0 : gsl_ran_beta_pdf(x, d->a, d->b);
    case HS_PRIOR_GAMMA: return x < 0 ? 0.0 : gsl_ran_gamma_pdf(x, d->a, 1.0 / d->b);
    case HS_PRIOR_FIXED: break;
    }
    return 0.0;
}

/* The smallest x >= 0 with F(x) >= t (upper = 0) or G(x) <= t (upper = 1),
 * by bisection over the bit patterns of the non-negative doubles (ordered
 * as integers): at most 64 CDF evaluations, exact to the last bit of F. */
static double bisect(const hs_prior_dist *d, double t, int upper)
{
    double top = d->kind == HS_PRIOR_BETA ? 1.0 : DBL_MAX;
    uint64_t a = 0, b;
    memcpy(&b, &top, sizeof b);
    while (b - a > 1) {
        uint64_t mid = a + (b - a) / 2;
        double x;
        memcpy(&x, &mid, sizeof x);
        int below = upper ? u_ccdf(d, x) > t : u_cdf(d, x) < t;
        if (below)
            a = mid;
        else
            b = mid;
    }
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

/* GSL's beta and gamma inverses fail (NaN) or stop short for small shapes
 * and far tails; accept x only if the target lies between the CDF at
 * x (1 -+ 1e-12), else bisect. */
static double checked(const hs_prior_dist *d, double x, double t, int upper)
{
    if (d->kind != HS_PRIOR_BETA && d->kind != HS_PRIOR_GAMMA)
        return x;
    if (isnan(t))
        return NAN;
    if (t <= 0)
        return upper ? (d->kind == HS_PRIOR_BETA ? 1.0 : INFINITY) : 0.0;
    if (t >= 1)
        return upper ? 0.0 : (d->kind == HS_PRIOR_BETA ? 1.0 : INFINITY);
    if (isfinite(x) && x >= 0) {
        double xl = x * (1 - 1e-12), xh = x * (1 + 1e-12);
        int good = upper ? u_ccdf(d, xl) >= t && t >= u_ccdf(d, xh) : u_cdf(d, xl) <= t && t <= u_cdf(d, xh);
        if (good)
            return x;
    }
    return bisect(d, t, upper);
}

static double u_pinv(const hs_prior_dist *d, double p)
{
    double x = NAN;
    switch (d->kind) {
    case HS_PRIOR_NORMAL: x = d->a + gsl_cdf_gaussian_Pinv(p, d->b); break;
    case HS_PRIOR_LOGNORMAL: x = gsl_cdf_lognormal_Pinv(p, d->a, d->b); break;
    case HS_PRIOR_UNIFORM: x = gsl_cdf_flat_Pinv(p, d->a, d->b); break;
    case HS_PRIOR_BETA: x = gsl_cdf_beta_Pinv(p, d->a, d->b); break;
    case HS_PRIOR_GAMMA: x = gsl_cdf_gamma_Pinv(p, d->a, 1.0 / d->b); break;
    case HS_PRIOR_FIXED: return d->a;
    }
    return checked(d, x, p, 0);
}

static double u_qinv(const hs_prior_dist *d, double q)
{
    double x = NAN;
    switch (d->kind) {
    case HS_PRIOR_NORMAL: x = d->a + gsl_cdf_gaussian_Qinv(q, d->b); break;
    case HS_PRIOR_LOGNORMAL: x = gsl_cdf_lognormal_Qinv(q, d->a, d->b); break;
    case HS_PRIOR_UNIFORM: x = gsl_cdf_flat_Qinv(q, d->a, d->b); break;
    case HS_PRIOR_BETA: x = gsl_cdf_beta_Qinv(q, d->a, d->b); break;
    case HS_PRIOR_GAMMA: x = gsl_cdf_gamma_Qinv(q, d->a, 1.0 / d->b); break;
    case HS_PRIOR_FIXED: return d->a;
    }
    return checked(d, x, q, 1);
}

/* ---- the truncated distribution ---------------------------------------- */

static int upper_window(const hs_prior_dist *d)
{
    return d->plo > 0.5;
}

static double g_lo(const hs_prior_dist *d)
{
    return isfinite(d->lo) ? u_ccdf(d, d->lo) : d->lo < 0 ? 1.0 : 0.0;
}

static double g_hi(const hs_prior_dist *d)
{
    return isfinite(d->hi) ? u_ccdf(d, d->hi) : d->hi < 0 ? 1.0 : 0.0;
}

static double mass(const hs_prior_dist *d)
{
    double m = upper_window(d) ? g_lo(d) - g_hi(d) : d->phi - d->plo;
    return m > 0 ? m : 0.0;
}

double hs_prior_truncate(hs_prior_dist *d, double lo, int lo_open, double hi, int hi_open)
{
    d->lo = lo;
    d->hi = hi;
    d->lo_open = lo_open != 0;
    d->hi_open = hi_open != 0;
    if (d->kind == HS_PRIOR_FIXED) {
        int in = (lo_open ? d->a > lo : d->a >= lo) && (hi_open ? d->a < hi : d->a <= hi);
        d->plo = 0.0;
        d->phi = 1.0;
        return in ? 1.0 : 0.0;
    }
    if (isnan(lo) || isnan(hi) || !(lo < hi)) {
        d->plo = d->phi = 0.0;
        return 0.0;
    }
    d->plo = isfinite(lo) ? u_cdf(d, lo) : lo < 0 ? 0.0 : 1.0;
    d->phi = isfinite(hi) ? u_cdf(d, hi) : hi < 0 ? 0.0 : 1.0;
    return mass(d);
}

double hs_prior_quantile(const hs_prior_dist *d, double p)
{
    if (d->kind == HS_PRIOR_FIXED)
        return d->a;
    if (isnan(p))
        return NAN;
    p = p < 0 ? 0.0 : p > 1 ? 1.0 : p;
    double x;
    if (upper_window(d)) {
        double ghi = g_hi(d), m = g_lo(d) - ghi;
        x = u_qinv(d, ghi + (1.0 - p) * m);
    } else {
        double t = d->plo + p * (d->phi - d->plo);
        if (t <= 0.5)
            x = u_pinv(d, t);
        else
            x = u_qinv(d, g_hi(d) + (1.0 - p) * (d->phi - d->plo));
    }
    if (x < d->lo)
        x = d->lo;
    if (x > d->hi)
        x = d->hi;
    return x;
}

double hs_prior_draw(const hs_prior_dist *d, double u)
{
    if (d->kind == HS_PRIOR_FIXED)
        return d->a;
    double x = hs_prior_quantile(d, u);
    if (x == -INFINITY)
        x = -DBL_MAX;
    if (x == INFINITY)
        x = DBL_MAX;
    if (x < d->lo || (d->lo_open && x <= d->lo))
        x = d->lo_open ? nextafter(d->lo, INFINITY) : d->lo;
    if (x > d->hi || (d->hi_open && x >= d->hi))
        x = d->hi_open ? nextafter(d->hi, -INFINITY) : d->hi;
    return x;
}

double hs_prior_cdf(const hs_prior_dist *d, double x)
{
    if (isnan(x))
        return NAN;
    if (d->kind == HS_PRIOR_FIXED)
        return x < d->a ? 0.0 : 1.0;
    if (x <= d->lo)
        return 0.0;
    if (x >= d->hi)
        return 1.0;
    double m = mass(d);
    if (m <= 0)
        return 0.0;
    double c = upper_window(d) ? (g_lo(d) - u_ccdf(d, x)) / m : (u_cdf(d, x) - d->plo) / m;
    return c < 0 ? 0.0 : c > 1 ? 1.0 : c;
}

double hs_prior_density(const hs_prior_dist *d, double x)
{
    if (d->kind == HS_PRIOR_FIXED || isnan(x))
        return 0.0;
    if (x < d->lo || x > d->hi || (d->lo_open && x == d->lo) || (d->hi_open && x == d->hi))
        return 0.0;
    double m = mass(d);
    return m > 0 ? u_pdf(d, x) / m : 0.0;
}

/* ---- text --------------------------------------------------------------- */

static const struct {
    hs_prior_kind kind;
    const char *name, *form;
    int n;
} families[] = {
    {HS_PRIOR_NORMAL, "normal", "normal:MEAN,SD", 2},
    {HS_PRIOR_LOGNORMAL, "lognormal", "lognormal:MEANLOG,SDLOG", 2},
    {HS_PRIOR_UNIFORM, "uniform", "uniform:LO,HI", 2},
    {HS_PRIOR_BETA, "beta", "beta:A,B", 2},
    {HS_PRIOR_GAMMA, "gamma", "gamma:SHAPE,RATE", 2},
    {HS_PRIOR_FIXED, "fixed", "fixed:V", 1},
};
#define NFAM (sizeof families / sizeof families[0])
#define FAMILY_LIST "normal:MEAN,SD, lognormal:MEANLOG,SDLOG, uniform:LO,HI, beta:A,B, gamma:SHAPE,RATE or fixed:V"

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* One number filling s[0..len-1] after trimming blanks; 0 or -1. */
static int number(const char *s, size_t len, double *x)
{
    char buf[128];
    while (len > 0 && is_blank(*s))
        s++, len--;
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v))
        return -1;
    *x = v;
    return 0;
}

int hs_prior_parse(const char *text, hs_prior_dist *d, char *err, size_t errlen)
{
    if (!text)
        text = "";
    const char *s = text;
    while (is_blank(*s))
        s++;
    if (*s == '\0') {
        hs_err_set(err, errlen, "empty prior; expected %s", FAMILY_LIST);
        return -1;
    }
    const char *colon = strchr(s, ':');
    if (!colon) {
        hs_err_set(err, errlen, "prior \"%s\" has no ':'; expected %s", text, FAMILY_LIST);
        return -1;
    }
    size_t flen = (size_t)(colon - s);
    int fam = -1;
    for (size_t i = 0; i < NFAM; i++)
        if (strlen(families[i].name) == flen && strncmp(s, families[i].name, flen) == 0)
            fam = (int)i;
    if (fam < 0) {
        hs_err_set(err, errlen, "unknown prior family \"%.*s\" in \"%s\"; expected %s", (int)flen, s, text,
            FAMILY_LIST);
        return -1;
    }
    const char *form = families[fam].form;
    int want = families[fam].n;
    /* split on commas */
    double v[2] = {0, 0};
    int n = 0;
    const char *p = colon + 1;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (n < want && number(p, len, &v[n]) != 0) {
            hs_err_set(err, errlen, "prior \"%s\": \"%.*s\" is not a finite number; expected %s with finite numbers",
                text, (int)len, p, form);
            return -1;
        }
        n++;
        if (!c)
            break;
        p = c + 1;
    }
    if (n != want) {
        hs_err_set(err, errlen, "prior \"%s\" has %d number%s; expected %s (%d number%s)", text, n, n == 1 ? "" : "s",
            form, want, want == 1 ? "" : "s");
        return -1;
    }
    hs_prior_kind kind = families[fam].kind;
    const char *bad = NULL;
    switch (kind) {
    case HS_PRIOR_NORMAL: bad = v[1] > 0 ? NULL : "SD > 0"; break;
    case HS_PRIOR_LOGNORMAL: bad = v[1] > 0 ? NULL : "SDLOG > 0"; break;
    case HS_PRIOR_UNIFORM: bad = v[0] < v[1] ? NULL : "LO < HI"; break;
    /* shapes outside [0.01, 1e6]: GSL's incomplete beta and gamma functions
     * lose the accuracy the inversion needs (a shape of 1e12 puts a draw at
     * u = 0.9 where the CDF is 0.999) */
    case HS_PRIOR_BETA:
        bad = v[0] >= 0.01 && v[0] <= 1e6 && v[1] >= 0.01 && v[1] <= 1e6 ? NULL : "A and B in [0.01, 1e6]";
        break;
    case HS_PRIOR_GAMMA:
        bad = v[0] >= 0.01 && v[0] <= 1e6 && v[1] > 0 ? NULL : "SHAPE in [0.01, 1e6] and RATE > 0";
        break;
    case HS_PRIOR_FIXED: break;
    }
    if (bad) {
        hs_err_set(err, errlen, "prior \"%s\": parameters out of range; expected %s with %s", text, form, bad);
        return -1;
    }
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->a = v[0];
    d->b = v[1];
    d->lo = -INFINITY;
    d->hi = INFINITY;
    d->lo_open = d->hi_open = 0;
    d->plo = 0.0;
    d->phi = 1.0;
    return 0;
}

/* Shortest "%.Ng" that reads back as x exactly; whole numbers below 1e15
 * plainly ("300", not "3e+02"). */
static void fmt_num(char *buf, size_t len, double x)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, len, "%.0f", x);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, len, "%.*g", p, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

void hs_prior_text(const hs_prior_dist *d, char *buf, size_t cap)
{
    if (!buf || cap == 0)
        return;
    const char *name = "?";
    int n = 2;
    for (size_t i = 0; i < NFAM; i++)
        if (families[i].kind == d->kind) {
            name = families[i].name;
            n = families[i].n;
        }
    char a[40], b[40];
    fmt_num(a, sizeof a, d->a);
    fmt_num(b, sizeof b, d->b);
    if (n == 1)
        snprintf(buf, cap, "%s:%s", name, a);
    else
        snprintf(buf, cap, "%s:%s,%s", name, a, b);
}

/* ---- multivariate normal ------------------------------------------------ */

int hs_prior_mvn_init(hs_prior_mvn *m, int k, const double *mean, const double *cov_packed,
                      char *err, size_t errlen)
{
    if (k < 1 || k > HS_PRIOR_MVN_MAX) {
        hs_err_set(err, errlen, "%d parameters in the multivariate normal; expected 1 to %d", k, HS_PRIOR_MVN_MAX);
        return -1;
    }
    memset(m, 0, sizeof *m);
    m->k = k;
    for (int i = 0; i < k; i++) {
        if (!isfinite(mean[i])) {
            hs_err_set(err, errlen, "parameter %d: mean is not a finite number; expected finite means", i + 1);
            return -1;
        }
        for (int j = 0; j <= i; j++)
            if (!isfinite(cov_packed[i * (i + 1) / 2 + j])) {
                hs_err_set(err, errlen,
                    "parameter %d: covariance with parameter %d is not a finite number; expected a finite "
                    "covariance matrix",
                    i + 1, j + 1);
                return -1;
            }
        double v = cov_packed[i * (i + 1) / 2 + i];
        if (!(v > 0)) {
            hs_err_set(err, errlen, "parameter %d: variance %.6g is not > 0; expected a positive variance for every parameter",
                i + 1, v);
            return -1;
        }
    }
    for (int i = 0; i < k; i++) {
        double *li = m->chol + i * (i + 1) / 2;
        for (int j = 0; j <= i; j++) {
            const double *lj = m->chol + j * (j + 1) / 2;
            double s = cov_packed[i * (i + 1) / 2 + j];
            for (int r = 0; r < j; r++)
                s -= li[r] * lj[r];
            if (j < i) {
                li[j] = s / lj[j];
            } else {
                double dii = cov_packed[i * (i + 1) / 2 + i];
                if (!(s > PIVOT_REL * dii)) {
                    hs_err_set(err, errlen,
                        "parameter %d: covariance matrix not positive definite (variance left given parameter%s "
                        "1%s%.0d: %.3g of %.6g); expected a positive definite covariance matrix",
                        i + 1, i > 1 ? "s" : "", i > 1 ? "-" : "", i > 1 ? i : 0, s, dii);
                    memset(m, 0, sizeof *m);
                    return -1;
                }
                li[i] = sqrt(s);
            }
        }
        m->mean[i] = mean[i];
        m->sd[i] = sqrt(cov_packed[i * (i + 1) / 2 + i]);
    }
    return 0;
}

void hs_prior_mvn_draw(const hs_prior_mvn *m, const double *u, double *x)
{
    double z[HS_PRIOR_MVN_MAX];
    for (int i = 0; i < m->k; i++)
        z[i] = gsl_cdf_ugaussian_Pinv(u[i]);
    for (int i = 0; i < m->k; i++) {
        const double *li = m->chol + i * (i + 1) / 2;
        double s = m->mean[i];
        for (int j = 0; j <= i; j++)
            s += li[j] * z[j];
        x[i] = s;
    }
}
