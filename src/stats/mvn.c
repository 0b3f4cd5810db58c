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
 * Rank: pivoted Cholesky; a conditional variance below HS_VTOL (sd 1e-6)
 * ends the factorisation (treating it as 0 moves each limit by at most
 * ~1e-6 sd units, a probability change below 1e-6), one below -1e-8 means R
 * is not positive semi-definite; coefficients below HS_LTOL count as zero.
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

#include <gsl/gsl_cdf.h>

#define HS_VTOL 1e-12    /* conditional variance treated as zero */
#define HS_VNEG (-1e-8)  /* below this R is not PSD */
#define HS_LTOL 1e-7     /* coefficient treated as zero */
#define HS_NSHIFT 10     /* random shifts */
#define HS_SMIN 4        /* first stage that may be final (521 points per shift) */
#define HS_ERRMULT 3.0   /* error = HS_ERRMULT standard errors */
#define HS_CLEAR 3.0     /* decision: |p - alpha| > HS_CLEAR * error */

static const double sqrt_half = 0.70710678118654752440;

/* Phi(x), lower tail; exact at +-inf. */
static double phi_cdf(double x) { return 0.5 * erfc(-x * sqrt_half); }

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
    return HS_MVN_OK;
}

/* Limits of w_j given w_0..w_{j-1}; 0 if empty. */
static int limits(const setup *s, int j, const double *w, double *a, double *b)
{
    double lo = -INFINITY, hi = INFINITY;
    for (int g = 0; g < s->ngrp[j]; g++) {
        int i = s->grp[j][g];
        double m = 0.0;
        for (int q = 0; q < j; q++) m += s->L[i][q] * w[q];
        double c = s->L[i][j];
        double x = (s->lo[i] - m) / c, z = (s->hi[i] - m) / c;
        if (c < 0) swap_d(&x, &z);
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
        double a, b;
        if (!limits(s, j, w, &a, &b)) return 0.0;
        double d = phi_cdf(a), e = phi_cdf(b);
        f *= e - d;
        if (f <= 0.0) return 0.0;
        if (j + 1 < s->r) {
            double q = d + u[j] * (e - d);
            if (q < 1e-300) q = 1e-300;
            if (q > 1.0 - 1e-16) q = 1.0 - 1e-16;
            w[j] = gsl_cdf_ugaussian_Pinv(q);
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
            sum[m] = 0.0;
            for (long i = 0; i < n; i++) {
                double u[HS_MVN_KMAX];
                for (int j = 0; j < dim; j++) {
                    double x = (double)((i * z[j]) % n) / (double)n + shift[m][j];
                    x -= floor(x);
                    u[j] = 1.0 - fabs(2.0 * x - 1.0);
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
