/* test_dist.c — inversion samplers: known quantiles, empirical moments, bounds.
 *
 * Normal quantiles: R qnorm(), identical to Python's statistics.NormalDist
 * (/usr/bin/python3 -c "from statistics import NormalDist as N; print(N().inv_cdf(0.975))"). */
#include "dist.h"
#include "rng.h"
#include "tap.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

#define NDRAW 100000

typedef double (*sampler)(double u, const double *par);

static double s_unif(double u, const double *p) { return hs_dist_uniform(u, p[0], p[1]); }
static double s_exp(double u, const double *p) { return hs_dist_exponential(u, p[0]); }
static double s_norm(double u, const double *p) { return hs_dist_normal(u, p[0], p[1]); }
static double s_lnorm(double u, const double *p) { return hs_dist_lognormal(u, p[0], p[1]); }
static double s_texp(double u, const double *p) { return hs_dist_truncexp(u, p[0], p[1], p[2]); }
static double s_tnorm(double u, const double *p)
{
    return hs_dist_truncnormal(u, p[0], p[1], p[2], p[3]);
}

/* Mean of NDRAW variates; compared with the true mean within 4 SE (SE from
 * the true SD when sd > 0, else from the sample SD). Also checks [lo, hi]. */
static void check_mean(sampler f, const double *par, double mean, double sd, double lo, double hi,
                       const char *name, uint64_t rep)
{
    hs_rng r;
    hs_rng_stream(&r, 777u, 1u, rep);
    double s = 0.0, s2 = 0.0;
    int inside = 1;
    for (int i = 0; i < NDRAW; i++) {
        double x = f(hs_rng_uniform(&r), par);
        inside &= x >= lo && x <= hi;
        s += x;
        s2 += x * x;
    }
    double m = s / NDRAW;
    double ssd = sqrt((s2 - NDRAW * m * m) / (NDRAW - 1));
    double se = (sd > 0.0 ? sd : ssd) / sqrt((double)NDRAW);
    is_double(m, mean, 4.0 * se, "%s: mean of 10^5 draws within 4 SE (%.3g)", name, se);
    ok(inside, "%s: all draws inside [%g, %g]", name, lo, hi);
}

/* E[Z | a <= Z <= b] for the standard normal. */
static double tn_mean(double a, double b)
{
    return (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) /
           (gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a));
}

int main(void)
{
    plan(50);
    const double umin = ldexp(1.0, -53), umax = 1.0 - ldexp(1.0, -53);

    /* known values */
    is_double(hs_dist_uniform(0.25, 2.0, 6.0), 3.0, 1e-15, "uniform(0.25; 2, 6) = 3");
    is_rel(hs_dist_exponential(0.5, 0.1), 10.0 * log(2.0), 1e-14, "exponential median = ln2/rate");
    is_rel(hs_dist_exponential(exp(-1.0), 0.25), 4.0, 1e-14, "exponential(u = e^-1) = 1/rate");
    ok(isinf(hs_dist_exponential(0.3, 0.0)) && hs_dist_exponential(0.3, 0.0) > 0,
       "exponential rate 0 -> +inf");
    ok(isnan(hs_dist_exponential(0.3, -1.0)) && isnan(hs_dist_exponential(0.0, 1.0)),
       "exponential: negative rate or u = 0 -> NaN");
    is_rel(hs_dist_normal(0.975, 0.0, 1.0), 1.959963984540054, 1e-13, "qnorm(0.975)");
    is_rel(hs_dist_normal(0.025, 3.0, 2.0), 3.0 - 2.0 * 1.959963984540054, 1e-13,
           "normal(0.025; 3, 2) = 3 - 2 * 1.96");
    is_rel(hs_dist_normal(1e-10, 0.0, 1.0), -6.361340902404056, 1e-12, "qnorm(1e-10)");
    is_double(hs_dist_normal(0.5, 1.5, 2.0), 1.5, 1e-15, "normal median = mu");
    is_rel(hs_dist_lognormal(0.5, log(30.0), 0.7), 30.0, 1e-14, "lognormal median = exp(meanlog)");
    is_rel(hs_dist_lognormal(0.975, 0.2, 0.5), exp(0.2 + 0.5 * 1.959963984540054), 1e-13,
           "lognormal 97.5%% quantile");

    /* categorical */
    {
        static const double cum[4] = {0.2, 0.5, 0.5, 1.0};
        ok(hs_dist_categorical(0.1, cum, 4) == 0 && hs_dist_categorical(0.2, cum, 4) == 1 &&
               hs_dist_categorical(0.49, cum, 4) == 1 && hs_dist_categorical(0.5, cum, 4) == 3 &&
               hs_dist_categorical(umax, cum, 4) == 3 && hs_dist_categorical(umin, cum, 4) == 0,
           "categorical: smallest i with u < cum[i]; zero-probability level skipped");
        static const double cum_short[2] = {0.4, 0.9999999};
        ok(hs_dist_categorical(0.99999995, cum_short, 2) == 1, "categorical: u past cum[k-1] -> k-1");
        ok(hs_dist_categorical(0.5, NULL, 3) == -1 && hs_dist_categorical(0.5, cum, 0) == -1,
           "categorical: bad arguments -> -1");
        /* the counting path (k <= 16) and the search (k > 16) against the
         * definition, on random non-decreasing cums with ties and u at them */
        {
            hs_rng rc;
            hs_rng_stream(&rc, 9u, 1u, 2u);
            long bad = 0;
            double c[24];
            for (int rep = 0; rep < 20000; rep++) {
                int k = 1 + (int)(hs_rng_uniform(&rc) * 24);
                double acc = 0;
                for (int j = 0; j < k; j++) {
                    acc += hs_rng_uniform(&rc) < 0.25 ? 0.0 : hs_rng_uniform(&rc);
                    c[j] = acc;
                }
                for (int j = 0; j < k; j++)
                    c[j] /= acc > 0 ? acc : 1;
                c[k - 1] = 1.0;
                double u = hs_rng_uniform(&rc) < 0.3 ? c[(int)(hs_rng_uniform(&rc) * k)] : hs_rng_uniform(&rc);
                int want = k - 1;
                for (int j = 0; j < k; j++)
                    if (u < c[j]) {
                        want = j;
                        break;
                    }
                bad += hs_dist_categorical(u, c, k) != want;
            }
            ok(bad == 0, "categorical: smallest i with u < cum[i] on 20000 random cums, k 1..24 (%ld differ)", bad);
        }
        static const double p3[3] = {0.45, 0.85, 1.0};
        static const double prob[3] = {0.45, 0.40, 0.15};
        long cnt[3] = {0, 0, 0};
        hs_rng r;
        hs_rng_stream(&r, 5u, 0u, 0u);
        for (int i = 0; i < NDRAW; i++)
            cnt[hs_dist_categorical(hs_rng_uniform(&r), p3, 3)]++;
        for (int j = 0; j < 3; j++)
            is_double((double)cnt[j] / NDRAW, prob[j], 4.0 * sqrt(prob[j] * (1 - prob[j]) / NDRAW),
                      "categorical level %d frequency within 4 SE", j);
    }

    /* empirical means over 10^5 uniforms */
    {
        double p[4];
        p[0] = 2.0, p[1] = 6.0;
        check_mean(s_unif, p, 4.0, 4.0 / sqrt(12.0), 2.0, 6.0, "uniform(2, 6)", 1);
        p[0] = 0.2;
        check_mean(s_exp, p, 5.0, 5.0, 0.0, INFINITY, "exponential(0.2)", 2);
        p[0] = 1.0, p[1] = 2.0;
        check_mean(s_norm, p, 1.0, 2.0, -INFINITY, INFINITY, "normal(1, 2)", 3);
        p[0] = 0.5, p[1] = 0.4;
        double lm = exp(0.5 + 0.08);
        check_mean(s_lnorm, p, lm, lm * sqrt(expm1(0.16)), 0.0, INFINITY, "lognormal(0.5, 0.4)", 4);
        /* truncated exponential on [2, 12], rate 0.1: E = lo + 1/rate - w e^{-rw}/(1 - e^{-rw}) */
        p[0] = 0.1, p[1] = 2.0, p[2] = 12.0;
        double te = 2.0 + 10.0 - 10.0 * exp(-1.0) / (1.0 - exp(-1.0));
        check_mean(s_texp, p, te, 0.0, 2.0, 12.0, "truncexp(0.1; 2, 12)", 5);
        p[0] = 3.0, p[1] = 0.0, p[2] = 0.001;
        double w = 0.001, te2 = 1.0 / 3.0 - w * exp(-3.0 * w) / (-expm1(-3.0 * w));
        check_mean(s_texp, p, te2, 0.0, 0.0, 0.001, "truncexp(3; 0, 0.001), small rate*w", 6);
        /* truncated normal: E = mu + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)) */
        p[0] = 1.0, p[1] = 2.0, p[2] = -1.0, p[3] = 4.0;
        check_mean(s_tnorm, p, 1.0 + 2.0 * tn_mean(-1.0, 1.5), 0.0, -1.0, 4.0,
                   "truncnormal(1, 2; -1, 4)", 7);
        p[0] = 0.0, p[1] = 1.0, p[2] = 3.0, p[3] = INFINITY;
        check_mean(s_tnorm, p, tn_mean(3.0, INFINITY), 0.0, 3.0, INFINITY,
                   "truncnormal upper tail [3, inf)", 8);
        p[0] = 0.0, p[1] = 1.0, p[2] = -INFINITY, p[3] = -5.0;
        check_mean(s_tnorm, p, -tn_mean(5.0, INFINITY), 0.0, -INFINITY, -5.0,
                   "truncnormal lower tail (-inf, -5]", 9);
        /* far tail: Q(40) underflows; E[Z | Z > a] = a + 1/a - 2/a^3 + O(a^-5) */
        p[0] = 0.0, p[1] = 1.0, p[2] = 40.0, p[3] = INFINITY;
        check_mean(s_tnorm, p, 40.0 + 1.0 / 40.0 - 2.0 / 64000.0, 0.0, 40.0, INFINITY,
                   "truncnormal far tail [40, inf)", 10);
    }

    /* truncation identities and edge cases */
    {
        int eq = 1;
        for (int i = 1; i < 100; i++) {
            double u = i / 100.0;
            eq &= hs_dist_truncexp(u, 0.3, 2.0, INFINITY) == 2.0 + hs_dist_exponential(u, 0.3);
        }
        ok(eq, "truncexp with hi = inf equals lo + exponential, bit for bit");
        ok(hs_dist_truncexp(umin, 0.3, 1.0, 5.0) <= 5.0 && hs_dist_truncexp(umax, 0.3, 1.0, 5.0) >= 1.0 &&
               hs_dist_truncexp(umin, 50.0, 1.0, 1.5) <= 1.5,
           "truncexp bounds at extreme u");
        is_double(hs_dist_truncexp(0.25, 0.0, 2.0, 6.0), 5.0, 1e-15, "truncexp rate 0 -> uniform, reversed");
        ok(isnan(hs_dist_truncexp(0.5, 1.0, 3.0, 2.0)) && isnan(hs_dist_truncexp(0.5, -1.0, 0.0, 2.0)),
           "truncexp: lo > hi or rate < 0 -> NaN");
        /* half-normal median = qnorm(0.75) (R) */
        is_rel(hs_dist_truncnormal(0.5, 0.0, 1.0, 0.0, INFINITY), 0.6744897501960817, 1e-12,
               "truncnormal [0, inf) median = qnorm(0.75)");
        is_rel(hs_dist_truncnormal(0.5, 0.0, 1.0, -INFINITY, 0.0), -0.6744897501960817, 1e-12,
               "truncnormal (-inf, 0] median = -qnorm(0.75)");
        /* Python NormalDist: -inv_cdf((1 - cdf(1)) / 2) */
        is_rel(hs_dist_truncnormal(0.5, 0.0, 1.0, 1.0, INFINITY), 1.4096087092934544, 1e-12,
               "truncnormal [1, inf) median (upper-tail form)");
        /* Python NormalDist: inv_cdf(cdf(-1) + 0.3 (cdf(2) - cdf(-1))) */
        is_rel(hs_dist_truncnormal(0.3, 10.0, 2.0, 8.0, 14.0), 10.0 + 2.0 * -0.24240381788922677, 1e-12,
               "truncnormal [mu - sd, mu + 2 sd] at u = 0.3");
        double x = hs_dist_truncnormal(0.5, 0.0, 1.0, 37.0, INFINITY);
        is_double(x, 37.0 + log(2.0) / 37.0, 2e-3, "truncnormal [37, inf) median ~ a + ln2/a");
        int mono = 1, in = 1;
        double prev = -INFINITY;
        for (int i = 0; i <= 1000; i++) {
            double u = i == 0 ? umin : (i == 1000 ? umax : i / 1000.0);
            double y = hs_dist_truncnormal(u, 0.0, 1.0, -0.5, 8.0);
            mono &= y >= prev;
            in &= y >= -0.5 && y <= 8.0;
            prev = y;
        }
        ok(mono && in, "truncnormal non-decreasing in u and inside bounds, extremes included");
        ok(hs_dist_truncnormal(0.7, 2.0, 0.0, 3.0, 4.0) == 3.0 &&
               hs_dist_truncnormal(0.7, 2.0, 1.0, 3.0, 3.0) == 3.0,
           "truncnormal: sd = 0 clamps mu; lo = hi gives lo");
        ok(isnan(hs_dist_truncnormal(0.5, 0.0, -1.0, 0.0, 1.0)) &&
               isnan(hs_dist_truncnormal(0.5, 0.0, 1.0, 1.0, 0.0)),
           "truncnormal: sd < 0 or lo > hi -> NaN");
    }
    return tap_done();
}
