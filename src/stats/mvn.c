/* mvn.c — multivariate normal rectangle probabilities (Genz 1992).
 *
 * Separation of variables: with R = L L^T, Z = L W, W ~ N(0, I_r), and L
 * lower trapezoidal (k x r, r = rank R),
 *   P(lo <= L W <= hi) = int_{[0,1]^{r-1}} prod_{j<r} (e_j - d_j) du,
 *   d_j = Phi(a_j(w_<j)), e_j = Phi(b_j(w_<j)),
 *   w_j = Phi^-1(d_j + u_j (e_j - d_j)),
 * where (a_j, b_j) is the interval of w_j given w_<j allowed by every row
 * whose last nonzero coefficient is in column j (Genz & Bretz 2009, 4.1.1:
 * the rows of a singular R beyond its rank are linear in the first r
 * variables and become extra limits on the last variable they involve).
 *
 * Rank: pivoted Cholesky; a conditional variance v below HS_VTOL (1e-9,
 * sd 3.2e-5) ends the factorisation: the rows left are taken as exact
 * linear functions of the first r variables, one below -1e-8 means R is
 * not positive semi-definite; coefficients below HS_LTOL count as zero.
 * Dropping v changes P by O(v) where the limits are smooth functions of
 * the rest, and at worst (a row that is a near-duplicate of a pivot, with
 * its limit at the same point) by phi(c) sqrt(v / 2 pi) <= 5e-6 at c = 0,
 * 4e-7 at c = 2.2 (first order in sd(v)). With 1e-12 instead, near-singular
 * matrices such as (1 - 1e-10) R_singular + 1e-10 I were integrated at full
 * rank and did not converge (error estimate 2e-5 .. 5e-5, actual 4e-6 ..
 * 6e-6); with 1e-9 they are within 1e-6 of mvtnorm (tests/test_mvn.c).
 * The pivot order is Genz & Bretz's prioritisation: at each step the
 * variable with the smallest conditional interval probability given the
 * truncated means of those before it.
 *
 * Integration: randomly shifted Korobov rank-1 lattice rules x_i =
 * frac(i z / N + Delta) (Sloan & Joe 1994; as in Genz's MVNDST), with the
 * tent (baker's) periodisation u = 1 - |2x - 1|, over HS_NSHIFT fixed shifts
 * Delta (splitmix64 from a constant seed: deterministic). The estimate is
 * the mean over shifts, its error 3 standard errors across shifts; N about
 * doubles per stage (37 .. 131101 points per shift) until the error is <= tol
 * (see integrate). Rank 0 or 1 is exact (Phi).
 *
 * Measured accuracy (tests/test_mvn.c against mvtnorm::pmvnorm with abseps
 * 1e-7, tests/r/mvn_refs.txt): see the TAP comments "max |p - R|". */
#include "mvn.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define HS_VTOL 1e-9     /* conditional variance treated as zero (see top) */
#define HS_VNEG (-1e-8)  /* below this R is not PSD */
#define HS_LTOL 1e-7     /* coefficient treated as zero */
#define HS_NSHIFT 10     /* random shifts */
#define HS_SMIN 4        /* first stage that may be final (521 points per shift) */
#define HS_ERRMULT 3.0   /* error = HS_ERRMULT standard errors */
#define HS_CLEAR 3.0     /* decision: |p - alpha| > HS_CLEAR * error */

static const double sqrt_half = 0.70710678118654752440;

/* exp(-x^2 / 2) with x^2 split exactly (fma) so that the rounding of x^2
 * does not cost relative accuracy in the tails. */
static double exp_half_sq(double x)
{
    double h = x * x, l = fma(x, x, -h);
    return exp(-0.5 * h) * (1.0 - 0.5 * l);
}

/* Phi(x), lower tail, by Cody's (1969) rational Chebyshev approximations
 * (erf for |x| < 0.6745, erfc times exp(-x^2/2) up to sqrt(32), the
 * asymptotic form beyond); relative error ~1e-15 for x in [-37.5, 8]
 * (tested against 0.5 erfc(-x / sqrt 2) in tests/test_mvn.c). Exact at
 * +-inf. About 3 times faster than libm's erfc. */
double hs_mvn_phi(double x)
{
    static const double a[5] = {2.2352520354606839287, 161.02823106855587881,
                                1067.6894854603709582, 18154.981253343561249,
                                0.065682337918207449113};
    static const double b[4] = {47.20258190468824187, 976.09855173777669322,
                                10260.932208618978205, 45507.789335026729956};
    static const double c[9] = {0.39894151208813466764, 8.8831497943883759412,
                                93.506656132177855979,  597.27027639480026226,
                                2494.5375852903726711,  6848.1904505362823326,
                                11602.651437647350124,  9842.7148383839780218,
                                1.0765576773720192317e-8};
    static const double d[8] = {22.266688044328115691, 235.38790178262499861,
                                1519.377599407554805,  6485.558298266760755,
                                18615.571640885098091, 34900.952721145977266,
                                38912.003286093271411, 19685.429676859990727};
    static const double p[6] = {0.21589853405795699,     0.1274011611602473639,
                                0.022235277870649807,    0.001421619193227893466,
                                2.9112874951168792e-5,   0.02307344176494017303};
    static const double q[5] = {1.28426009614491121, 0.468238212480865118,
                                0.0659881378689285515, 0.00378239633202758244,
                                7.29751555083966205e-5};
    if (isnan(x)) return x;
    double y = fabs(x), tail;
    if (y <= 0.67448975) {
        double xsq = x * x, num = a[4] * xsq, den = xsq;
        for (int i = 0; i < 3; i++) {
            num = (num + a[i]) * xsq;
            den = (den + b[i]) * xsq;
        }
        return 0.5 + x * (num + a[3]) / (den + b[3]);
    }
    if (y <= 5.656854249492380195) { /* sqrt(32) */
        double num = c[8] * y, den = y;
        for (int i = 0; i < 7; i++) {
            num = (num + c[i]) * y;
            den = (den + d[i]) * y;
        }
        tail = exp_half_sq(y) * (num + c[7]) / (den + d[7]);
    } else if (y < 40.0) {
        double xsq = 1.0 / (x * x), num = p[5] * xsq, den = xsq;
        for (int i = 0; i < 4; i++) {
            num = (num + p[i]) * xsq;
            den = (den + q[i]) * xsq;
        }
        double t = xsq * (num + p[4]) / (den + q[4]);
        tail = exp_half_sq(y) * (0.39894228040143267794 - t) / y;
    } else {
        tail = 0.0;
    }
    return x > 0 ? 1.0 - tail : tail;
}

/* Phi^-1(p), Wichura's AS241 (PPND16, 1988): rational approximations in
 * p - 1/2 for |p - 1/2| <= 0.425, else in sqrt(-log(min(p, 1-p))); relative
 * error ~1e-16 (tested: Phi(Phi^-1(p)) = p). -inf at 0, +inf at 1, NaN
 * outside [0, 1]. */
double hs_mvn_phi_inv(double pr)
{
    if (!(pr >= 0.0 && pr <= 1.0)) return NAN;
    if (pr == 0.0) return -INFINITY;
    if (pr == 1.0) return INFINITY;
    double qq = pr - 0.5, r, v;
    if (fabs(qq) <= 0.425) {
        r = 0.180625 - qq * qq;
        return qq
               * (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
                       + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
                     + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                   + 1.3314166789178437745e+2) * r + 3.3871328727963666080e0)
               / (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
                       + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
                     + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                   + 4.2313330701600911252e+1) * r + 1.0);
    }
    r = qq < 0.0 ? pr : 1.0 - pr;
    r = sqrt(-log(r));
    if (r <= 5.0) {
        r -= 1.6;
        v = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                  + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
                + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
              + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
            / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                    + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                  + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                + 2.05319162663775882187e0) * r + 1.0);
    } else {
        r -= 5.0;
        v = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                  + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
              + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
            / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                    + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                  + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                + 5.99832206555887937690e-1) * r + 1.0);
    }
    return qq < 0.0 ? -v : v;
}

static double phi_cdf(double x) { return hs_mvn_phi(x); }

static double phi_pdf(double x)
{
    return isinf(x) ? 0.0 : 0.39894228040143267794 * exp(-0.5 * x * x);
}

/* The problem after factorisation. Row i (permuted) reads
 * lo[i] <= sum_{m <= last[i]} L[i][m] w_m <= hi[i]; rows are grouped by
 * last[i] into grp[j][0..ngrp[j]). */
typedef struct setup {
    int r;                 /* integration variables (rank) */
    int n;                 /* constrained rows */
    int empty;             /* the region is empty: P = 0 */
    double L[HS_MVN_KMAX][HS_MVN_KMAX];
    double lo[HS_MVN_KMAX], hi[HS_MVN_KMAX];
    int ngrp[HS_MVN_KMAX];
    int grp[HS_MVN_KMAX][HS_MVN_KMAX];
    /* hoisted for the integrand: row grp[j][g] divided by its coefficient
     * of w_j, as  blo <= w_j + sum_{q<j} cf[q] w_q <= bhi  (see limits) */
    double cf[HS_MVN_KMAX][HS_MVN_KMAX][HS_MVN_KMAX];
    double blo[HS_MVN_KMAX][HS_MVN_KMAX], bhi[HS_MVN_KMAX][HS_MVN_KMAX];
    double d0, e0; /* Phi of the (constant) limits of w_0 */
} setup;

static int check_corr(const double *R, int k)
{
    for (int i = 0; i < k; i++) {
        if (!(fabs(R[i * k + i] - 1.0) <= 1e-9)) return -1;
        for (int j = 0; j < i; j++) {
            double a = R[i * k + j], b = R[j * k + i];
            if (!(fabs(a - b) <= 1e-12) || !(fabs(a) <= 1.0 + 1e-12)) return -1;
        }
    }
    return 0;
}

static void swap_d(double *a, double *b) { double t = *a; *a = *b; *b = t; }

static int limits(const setup *s, int j, const double *w, double *a, double *b);

/* Build the setup; returns HS_MVN_OK or HS_MVN_ECORR. */
static hs_mvn_status make_setup(const double *R, int k, const double *lo, const double *hi,
                                setup *s)
{
    double C[HS_MVN_KMAX][HS_MVN_KMAX], y[HS_MVN_KMAX];
    int n = 0;
    memset(s, 0, sizeof *s);
    int idx[HS_MVN_KMAX];
    for (int i = 0; i < k; i++) {
        if (lo[i] >= hi[i]) s->empty = 1;
        if (isinf(lo[i]) && lo[i] < 0 && isinf(hi[i]) && hi[i] > 0) continue; /* no limit */
        idx[n++] = i;
    }
    for (int i = 0; i < n; i++) {
        s->lo[i] = lo[idx[i]];
        s->hi[i] = hi[idx[i]];
        for (int j = 0; j < n; j++) C[i][j] = R[idx[i] * k + idx[j]];
    }
    s->n = n;
    int r = 0;
    for (int j = 0; j < n; j++) {
        /* choose the pivot among rows j..n-1 */
        int best = -1;
        double bestp = 2.0;
        for (int i = j; i < n; i++) {
            double v = C[i][i], m = 0.0;
            for (int q = 0; q < j; q++) {
                v -= s->L[i][q] * s->L[i][q];
                m += s->L[i][q] * y[q];
            }
            if (v < HS_VNEG) return HS_MVN_ECORR;
            if (v <= HS_VTOL) continue;
            double sd = sqrt(v);
            double pr = phi_cdf((s->hi[i] - m) / sd) - phi_cdf((s->lo[i] - m) / sd);
            if (pr < bestp) {
                bestp = pr;
                best = i;
            }
        }
        if (best < 0) break;
        if (best != j) {
            for (int q = 0; q < n; q++) swap_d(&C[j][q], &C[best][q]);
            for (int q = 0; q < n; q++) swap_d(&C[q][j], &C[q][best]);
            for (int q = 0; q < j; q++) swap_d(&s->L[j][q], &s->L[best][q]);
            swap_d(&s->lo[j], &s->lo[best]);
            swap_d(&s->hi[j], &s->hi[best]);
        }
        double v = C[j][j], m = 0.0;
        for (int q = 0; q < j; q++) {
            v -= s->L[j][q] * s->L[j][q];
            m += s->L[j][q] * y[q];
        }
        double d = sqrt(v);
        s->L[j][j] = d;
        for (int i = j + 1; i < n; i++) {
            double c = C[i][j];
            for (int q = 0; q < j; q++) c -= s->L[i][q] * s->L[j][q];
            s->L[i][j] = c / d;
        }
        /* truncated mean of w_j on its interval given the means before */
        double a = (s->lo[j] - m) / d, b = (s->hi[j] - m) / d;
        double pa = phi_cdf(a), pb = phi_cdf(b);
        if (pb - pa > 1e-300)
            y[j] = (phi_pdf(a) - phi_pdf(b)) / (pb - pa);
        else
            y[j] = isinf(a) ? b : (isinf(b) ? a : 0.5 * (a + b));
        r++;
    }
    s->r = r;
    /* degenerate rows r..n-1: check PSD and group by last column */
    for (int i = r; i < n; i++) {
        double v = C[i][i];
        for (int q = 0; q < r; q++) v -= s->L[i][q] * s->L[i][q];
        if (v < HS_VNEG) return HS_MVN_ECORR;
        for (int q = r; q < HS_MVN_KMAX; q++) s->L[i][q] = 0.0;
    }
    for (int i = 0; i < n; i++) {
        int last = -1;
        for (int q = (i < r ? i : r - 1); q >= 0; q--)
            if (fabs(s->L[i][q]) > HS_LTOL) {
                last = q;
                break;
            }
        if (last < 0) { /* Z_i == 0 */
            if (!(s->lo[i] <= 0.0 && 0.0 <= s->hi[i])) s->empty = 1;
            continue;
        }
        s->grp[last][s->ngrp[last]++] = i;
    }
    for (int j = 0; j < r; j++)
        for (int g = 0; g < s->ngrp[j]; g++) {
            int i = s->grp[j][g];
            double c = s->L[i][j], x = s->lo[i] / c, z = s->hi[i] / c;
            if (c < 0) swap_d(&x, &z);
            s->blo[j][g] = x;
            s->bhi[j][g] = z;
            for (int q = 0; q < j; q++) s->cf[j][g][q] = s->L[i][q] / c;
        }
    if (r > 0) {
        double a, b, w0[1] = {0.0};
        if (!limits(s, 0, w0, &a, &b)) s->empty = 1;
        s->d0 = phi_cdf(a);
        s->e0 = phi_cdf(b);
    }
    return HS_MVN_OK;
}

/* Limits of w_j given w_0..w_{j-1}; 0 if empty. */
static int limits(const setup *s, int j, const double *w, double *a, double *b)
{
    double lo = -INFINITY, hi = INFINITY;
    for (int g = 0; g < s->ngrp[j]; g++) {
        const double *cf = s->cf[j][g];
        double m = 0.0;
        for (int q = 0; q < j; q++) m += cf[q] * w[q];
        double x = s->blo[j][g] - m, z = s->bhi[j][g] - m;
        if (x > lo) lo = x;
        if (z < hi) hi = z;
    }
    *a = lo;
    *b = hi;
    return lo < hi;
}

/* The integrand at u in [0,1]^(r-1). */
static double integrand(const setup *s, const double *u)
{
    double w[HS_MVN_KMAX], f = 1.0;
    for (int j = 0; j < s->r; j++) {
        double a, b, d, e;
        if (j == 0) {
            d = s->d0;
            e = s->e0;
        } else {
            if (!limits(s, j, w, &a, &b)) return 0.0;
            d = phi_cdf(a);
            e = phi_cdf(b);
        }
        f *= e - d;
        if (f <= 0.0) return 0.0;
        if (j + 1 < s->r) {
            double q = d + u[j] * (e - d);
            if (q < 1e-300) q = 1e-300;
            if (q > 1.0 - 1e-16) q = 1.0 - 1e-16;
            w[j] = hs_mvn_phi_inv(q);
        }
    }
    return f;
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Korobov rank-1 lattices z = (1, a, a^2, ...) mod N, one per stage, N the
 * first prime above 2^(s+5); a chosen (offline, among up to 400
 * candidates) to minimise the P_2 criterion in each dimension 2..7. */
#define HS_NSTAGE 13
static const long lat_n[HS_NSTAGE] = {37, 67, 131, 257, 521, 1031, 2053,
                                      4099, 8209, 16411, 32771, 65537, 131101};
static const long lat_a[HS_MVN_KMAX][HS_NSTAGE] = {
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {10, 26, 50, 71, 144, 288, 794, 1588, 3175, 7151, 13753, 26929, 47313},
    {5, 13, 51, 52, 229, 325, 430, 1043, 951, 6684, 14540, 17622, 11650},
    {5, 8, 43, 91, 237, 149, 849, 1522, 440, 5160, 1566, 14367, 43993},
    {2, 14, 37, 82, 259, 484, 257, 96, 1980, 3653, 10938, 13229, 52189},
    {2, 2, 14, 60, 171, 343, 340, 751, 1845, 3596, 5053, 21815, 3010},
    {4, 2, 2, 30, 163, 438, 37, 1367, 1442, 5798, 11192, 12999, 18087},
};

/* Integrate the setup. alpha < 0: to tol (HS_MVN_ENOCONV past the last
 * stage); alpha >= 0: also stop when 1 - P is clearly on one side of alpha.
 * *p gets P. A stage is final when its error is <= tol and it moved the
 * estimate by at most 2 tol, from the HS_SMIN-th stage on (fewer points can
 * miss a small region and report a tiny error). */
static hs_mvn_status integrate(const setup *s, double tol, double alpha, double *p,
                               double *err, long *evals)
{
    *evals = 0;
    if (s->empty) {
        *p = 0.0;
        *err = 0.0;
        return HS_MVN_OK;
    }
    if (s->r <= 1) {
        double u = 0.0;
        *p = s->r == 0 ? 1.0 : integrand(s, &u);
        *err = 0.0;
        return HS_MVN_OK;
    }
    int dim = s->r - 1;
    double shift[HS_NSHIFT][HS_MVN_KMAX], prev = NAN;
    uint64_t seed = 0x6D766E2D68696675ULL; /* fixed: deterministic */
    for (int m = 0; m < HS_NSHIFT; m++)
        for (int j = 0; j < dim; j++)
            shift[m][j] = (double)(splitmix64(&seed) >> 11) * 0x1.0p-53;
    for (int st = 0; st < HS_NSTAGE; st++) {
        long n = lat_n[st], z[HS_MVN_KMAX];
        z[0] = 1;
        for (int j = 1; j < dim; j++) z[j] = (z[j - 1] * lat_a[dim][st]) % n;
        double sum[HS_NSHIFT];
        for (int m = 0; m < HS_NSHIFT; m++) {
            long iz[HS_MVN_KMAX]; /* i z_j mod n, updated by addition */
            double rn = 1.0 / (double)n;
            for (int j = 0; j < dim; j++) iz[j] = 0;
            sum[m] = 0.0;
            for (long i = 0; i < n; i++) {
                double u[HS_MVN_KMAX];
                for (int j = 0; j < dim; j++) {
                    double x = (double)iz[j] * rn + shift[m][j];
                    if (x >= 1.0) x -= 1.0;
                    u[j] = 1.0 - fabs(2.0 * x - 1.0);
                    iz[j] += z[j];
                    if (iz[j] >= n) iz[j] -= n;
                }
                sum[m] += integrand(s, u);
            }
        }
        *evals += (long)HS_NSHIFT * n;
        double mean = 0.0, var = 0.0;
        for (int m = 0; m < HS_NSHIFT; m++) mean += sum[m] / (double)n;
        mean /= HS_NSHIFT;
        for (int m = 0; m < HS_NSHIFT; m++) {
            double dlt = sum[m] / (double)n - mean;
            var += dlt * dlt;
        }
        var /= (double)HS_NSHIFT * (HS_NSHIFT - 1);
        double move = fabs(mean - prev);
        *p = mean;
        *err = HS_ERRMULT * sqrt(var);
        prev = mean;
        if (st >= HS_SMIN && *err <= tol && move <= 2.0 * tol) return HS_MVN_OK;
        if (alpha >= 0.0 && st >= 1 && fabs((1.0 - mean) - alpha) > HS_CLEAR * *err + move)
            return HS_MVN_OK;
    }
    return HS_MVN_ENOCONV;
}

hs_mvn_status hs_mvn_prob(const double *R, int k, const double *lo, const double *hi,
                          double tol, double *p, double *err)
{
    double e0;
    long ev;
    if (!err) err = &e0;
    *p = NAN;
    *err = NAN;
    if (k < 1 || k > HS_MVN_KMAX || !(tol > 0.0) || !R || !lo || !hi) return HS_MVN_EARG;
    for (int i = 0; i < k; i++)
        if (isnan(lo[i]) || isnan(hi[i])) return HS_MVN_EARG;
    if (check_corr(R, k)) return HS_MVN_ECORR;
    setup s;
    hs_mvn_status st = make_setup(R, k, lo, hi, &s);
    if (st != HS_MVN_OK) return st;
    return integrate(&s, tol, -1.0, p, err, &ev);
}

double hs_mvn_maxcombo_p(const double *R, int k, double zmax, int sides)
{
    double lo[HS_MVN_KMAX], hi[HS_MVN_KMAX], p, err;
    if (k < 1 || k > HS_MVN_KMAX || (sides != 1 && sides != 2) || isnan(zmax)) return NAN;
    for (int i = 0; i < k; i++) {
        lo[i] = sides == 2 ? -zmax : -INFINITY;
        hi[i] = zmax;
    }
    hs_mvn_status st = hs_mvn_prob(R, k, lo, hi, HS_MVN_TOL, &p, &err);
    if (st != HS_MVN_OK && st != HS_MVN_ENOCONV) return NAN;
    return 1.0 - p;
}

int hs_mvn_maxcombo_reject(const double *R, int k, double zmax, double alpha, int sides,
                           long *evals)
{
    long ev0;
    if (!evals) evals = &ev0;
    *evals = 0;
    if (k < 1 || k > HS_MVN_KMAX || (sides != 1 && sides != 2) || isnan(zmax) || !R
        || !(alpha > 0.0 && alpha < 1.0))
        return -1;
    if (check_corr(R, k)) return -1;
    /* p >= P(one Z_i beyond zmax); p <= k times that (Bonferroni). The
     * margin covers the integration error of hs_mvn_maxcombo_p. */
    double one = sides == 2 ? erfc(zmax * sqrt_half) : 0.5 * erfc(zmax * sqrt_half);
    if (sides == 2 && zmax <= 0.0) one = 1.0;
    double margin = 2.0 * HS_MVN_TOL;
    double lo[HS_MVN_KMAX], hi[HS_MVN_KMAX], p, err;
    for (int i = 0; i < k; i++) {
        lo[i] = sides == 2 ? -zmax : -INFINITY;
        hi[i] = zmax;
    }
    setup s;
    if (make_setup(R, k, lo, hi, &s) != HS_MVN_OK) return -1;
    if (one > alpha + margin) return 0;
    if ((double)k * one < alpha - margin) return 1;
    integrate(&s, HS_MVN_TOL, alpha, &p, &err, evals);
    return 1.0 - p < alpha;
}

const char *hs_mvn_status_text(hs_mvn_status st)
{
    switch (st) {
    case HS_MVN_OK: return "ok";
    case HS_MVN_EARG: return "bad argument";
    case HS_MVN_ECORR: return "not a positive semi-definite correlation matrix";
    case HS_MVN_ENOCONV: return "tolerance not reached";
    }
    return "unknown status";
}
