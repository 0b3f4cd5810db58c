/* dist.h — inversion samplers: each maps ONE uniform u in (0,1) to a variate,
 * so the caller decides which draw of its stream block feeds which variate.
 * All are non-decreasing in u except the exponential family (see each). */
#ifndef HS_DIST_H
#define HS_DIST_H

/* a + (b - a) u. */
double hs_dist_uniform(double u, double a, double b);
/* Exponential with rate (per month) > 0: -log(u) / rate (non-increasing in u).
 * rate == 0 gives INFINITY; rate < 0, NaN rate or u outside (0,1] gives NAN. */
double hs_dist_exponential(double u, double rate);
/* Normal: mu + sd * Phi^-1(u); sd >= 0 (sd == 0 gives mu); else NAN. */
double hs_dist_normal(double u, double mu, double sd);
/* Log-normal: exp(meanlog + sdlog * Phi^-1(u)); sdlog >= 0, else NAN. */
double hs_dist_lognormal(double u, double meanlog, double sdlog);
/* Categorical: cum[0..k-1] non-decreasing cumulative probabilities with
 * cum[k-1] = 1; returns the smallest i with u < cum[i] (k-1 if none), by
 * counting for k <= 16, by binary search above. Returns -1 if cum is NULL or k < 1. */
int hs_dist_categorical(double u, const double *cum, int k);
/* Exponential(rate) truncated to [lo, hi] (hi may be INFINITY), by inversion;
 * non-increasing in u like hs_dist_exponential, and equal to
 * lo + hs_dist_exponential(u, rate) when hi = INFINITY. rate == 0 gives the
 * uniform on [lo, hi] (INFINITY if hi is infinite). Result is clamped to
 * [lo, hi]. NAN if rate < 0, lo > hi or lo not finite. */
double hs_dist_truncexp(double u, double rate, double lo, double hi);
/* Normal(mu, sd) truncated to [lo, hi] (either may be infinite), by inversion,
 * non-decreasing in u; uses the upper-tail form when the interval lies above
 * mu and an exponential tail approximation (Devroye 1986, IX.1) where even
 * that underflows. Clamped to [lo, hi]. NAN if sd < 0 or lo > hi. */
double hs_dist_truncnormal(double u, double mu, double sd, double lo, double hi);

#endif
