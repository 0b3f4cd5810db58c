/* dist.c — samplers by inversion, X = F^-1(u), one uniform per variate
 * (Devroye 1986, "Non-Uniform Random Variate Generation", II.2).
 *
 *   exponential      X = -log(u)/rate                       (u and 1-u equal in law)
 *   normal           X = mu + sd * Phi^-1(u)                (GSL: Wichura 1988, AS 241)
 *   trunc. exp.      X = lo - log(e + u (1 - e))/rate,  e = exp(-rate (hi - lo))
 *   trunc. normal    Z = Phi^-1(Phi(a) + u (Phi(b) - Phi(a))),  a,b standardised;
 *                    for a > 0 the same in upper-tail form, Z = Q^-1(Q(a) - u (Q(a) - Q(b))),
 *                    and, where Q(a) underflows, the exponential tail approximation
 *                    Z = a - log(1 - u (1 - exp(-a (b - a))))/a  (Devroye IX.1.2).
 *                    Intervals below the mean use the mirror image.
 */
#include "dist.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stddef.h>

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

double hs_dist_uniform(double u, double a, double b)
{
    return a + (b - a) * u;
}

double hs_dist_exponential(double u, double rate)
{
    if (!(u > 0.0 && u <= 1.0) || !(rate >= 0.0))
        return NAN;
    if (rate == 0.0)
        return INFINITY;
    return -log(u) / rate;
}

double hs_dist_normal(double u, double mu, double sd)
{
    if (!(sd >= 0.0))
        return NAN;
    if (sd == 0.0)
        return mu;
    return mu + sd * gsl_cdf_ugaussian_Pinv(u);
}

double hs_dist_lognormal(double u, double meanlog, double sdlog)
{
    return exp(hs_dist_normal(u, meanlog, sdlog));
}

int hs_dist_categorical(double u, const double *cum, int k)
{
    if (cum == NULL || k < 1)
        return -1;
    if (k <= 16) {
        /* few levels (covariates have at most 8): count the cumulative
         * probabilities at or below u, without a branch a CPU would
         * mispredict; the same answer as the search for a non-decreasing cum */
        int i = 0;
        for (int j = 0; j < k - 1; j++)
            i += u >= cum[j];
        return i;
    }
    int lo = 0, hi = k - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (u < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

double hs_dist_truncexp(double u, double rate, double lo, double hi)
{
    if (!(rate >= 0.0) || !(lo <= hi) || !isfinite(lo))
        return NAN;
    double w = hi - lo;
    if (w == 0.0)
        return lo;
    if (rate == 0.0)
        return isfinite(hi) ? lo + w * (1.0 - u) : INFINITY;
    double rw = rate * w;
    double p = -expm1(-rw); /* mass of [lo, hi] under the shifted exponential */
    double y;
    if (p < 0.5)
        y = -log1p(-p * (1.0 - u)) / rate;
    else
        y = -log(exp(-rw) + u * p) / rate;
    return clamp(lo + y, lo, hi);
}

/* Standard normal truncated to [a, b], 0 < a < b <= inf, non-decreasing in u. */
static double upper_tail(double u, double a, double b)
{
    double qa = gsl_cdf_ugaussian_Q(a);
    double qb = gsl_cdf_ugaussian_Q(b);
    if (qa > 0.0 && qa > qb) {
        double q = qa - u * (qa - qb);
        if (q > 0.0)
            return gsl_cdf_ugaussian_Qinv(q);
    }
    /* Q(a) underflowed: density ~ exp(-a (z - a)) on [a, b]. */
    double m = isfinite(b) ? -expm1(-a * (b - a)) : 1.0;
    return a - log1p(-u * m) / a;
}

double hs_dist_truncnormal(double u, double mu, double sd, double lo, double hi)
{
    if (!(sd >= 0.0) || !(lo <= hi))
        return NAN;
    if (lo == hi)
        return lo;
    if (sd == 0.0)
        return clamp(mu, lo, hi);
    double a = (lo - mu) / sd, b = (hi - mu) / sd;
    double z;
    if (a > 0.0) {
        z = upper_tail(u, a, b);
    } else if (b < 0.0) {
        z = -upper_tail(1.0 - u, -b, -a);
    } else {
        double pa = gsl_cdf_ugaussian_P(a);
        double pb = gsl_cdf_ugaussian_P(b);
        z = gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
    }
    return clamp(mu + sd * z, lo, hi);
}
