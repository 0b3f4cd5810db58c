/* gsd.c — group-sequential boundaries by recursive numerical integration.
 *
 * Armitage, McPherson and Rowe (1969); Jennison & Turnbull (2000), ch. 19.
 * With S_k = Z_k sqrt(t_k) a Brownian motion with drift theta observed at
 * information fractions t_k, the sub-density of Z_k on the continuation
 * region C_k = (l_k, u_k) (no earlier stop) is
 *   f_1(z) = phi(z - theta sqrt(t_1)),
 *   f_k(z) = int_{C_{k-1}} f_{k-1}(y) phi((z sqrt(t_k) - y sqrt(t_{k-1})
 *            - theta dt) / sqrt(dt)) sqrt(t_k / dt) dy,   dt = t_k - t_{k-1},
 * and the crossing probabilities at look k are the same integral against
 * Phi / 1 - Phi. Each layer is a uniform grid on C_k (cut at theta sqrt(t_k)
 * +- HS_RANGE, where the sub-density is below phi(HS_RANGE)) with composite
 * Boole weights (order h^6; Simpson's h^4 needed 4x the points for 1e-7),
 * at a step of at most HS_STEP and of at most 1/HS_PER_SD of
 * the transition kernel's width sqrt(dt / t) on either side. The kernel is
 * evaluated by the Gaussian recurrence (two exp per grid point, products
 * elsewhere), walking outward from its peak until it falls below 1e-20.
 *
 * Bounds: alpha spending solves each look's bound by safeguarded Newton on
 * the crossing probability; classical O'Brien-Fleming / Pocock solve the
 * constant of c t_k^(Delta - 1/2) (Delta = 0, 1/2: rpact's Wang-Tsiatis
 * scale, so OF is c / sqrt(t_k) with unequal looks), Haybittle-Peto the final
 * bound. Beta spending follows rpact 3.3.4: futility bounds spend beta f(t_k)
 * under drift theta, and theta is solved (Brent) so that the final futility
 * bound meets the final efficacy bound; with binding futility the efficacy
 * bounds are recomputed at each theta given the futility bounds. */
#include "gsd.h"
#include "errs.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define HS_GRID_MAX 1601 /* grid points per layer (odd) */
#define HS_RANGE 8.5     /* layer cut at mean +- HS_RANGE */
#ifndef HS_STEP
#define HS_STEP 0.05     /* largest grid step on the Z scale */
#endif
#ifndef HS_PER_SD
#define HS_PER_SD 7.0    /* grid points per kernel standard deviation, at least */
#endif
#define HS_ZTOL 1e-11    /* bound tolerance on the Z scale */
#define HS_BIG 40.0      /* |z| beyond which a bound is as good as infinite */

static const double inv_sqrt_2pi = 0.39894228040143267794;

/* One layer: grid x_0 + i h (i < n) on the continuation region of look
 * `look`, and g[i] = Simpson weight * sub-density at x[i]. n = 0: nothing
 * continues. The zeroth layer is the point mass at S_0 = 0 (t = 0). */
typedef struct layer {
    int n;
    double t;
    double x0, h;
    double g[HS_GRID_MAX];
} layer;

static void layer_origin(layer *L)
{
    L->n = 1;
    L->t = 0.0;
    L->x0 = 0.0;
    L->h = 0.0;
    L->g[0] = 1.0;
}

/* Probability of continuing past look k (to k+1) from P, crossing above c
 * (upper) and below l (lower): mass of Z_k above / below. */
static double cross_above(const layer *P, double tk, double theta, double c)
{
    if (P->n == 0 || c >= HS_BIG)
        return 0.0;
    double dt = tk - P->t, s = sqrt(dt), sq = sqrt(tk), sp = sqrt(P->t);
    double sum = 0.0;
    for (int i = 0; i < P->n; i++) {
        double x = P->x0 + i * P->h;
        sum += P->g[i] * gsl_cdf_ugaussian_Q((c * sq - x * sp - theta * dt) / s);
    }
    return sum;
}

static double cross_below(const layer *P, double tk, double theta, double l)
{
    if (P->n == 0 || l <= -HS_BIG)
        return 0.0;
    double dt = tk - P->t, s = sqrt(dt), sq = sqrt(tk), sp = sqrt(P->t);
    double sum = 0.0;
    for (int i = 0; i < P->n; i++) {
        double x = P->x0 + i * P->h;
        sum += P->g[i] * gsl_cdf_ugaussian_P((l * sq - x * sp - theta * dt) / s);
    }
    return sum;
}

/* Sub-density of Z_k at z (d/dz of cross_below). */
static double dens_at(const layer *P, double tk, double theta, double z)
{
    if (P->n == 0)
        return 0.0;
    double dt = tk - P->t, s = sqrt(dt), sq = sqrt(tk), sp = sqrt(P->t);
    double sum = 0.0;
    for (int i = 0; i < P->n; i++) {
        double x = P->x0 + i * P->h;
        double d = (z * sq - x * sp - theta * dt) / s;
        sum += P->g[i] * exp(-0.5 * d * d);
    }
    return sum * inv_sqrt_2pi * sq / s;
}

/* Grid step for the layer at look k: HS_STEP, and fine enough for the kernel
 * into k (width sqrt(dt_in / t_k)) and out of it (sqrt(dt_out / t_k)). */
static double layer_step(const double *t, int K, int k)
{
    double h = HS_STEP;
    double w = sqrt((t[k] - (k > 0 ? t[k - 1] : 0.0)) / t[k]) / HS_PER_SD;
    if (w < h)
        h = w;
    if (k + 1 < K) {
        w = sqrt((t[k + 1] - t[k]) / t[k]) / HS_PER_SD;
        if (w < h)
            h = w;
    }
    return h;
}

/* Layer at look with fraction tk on the continuation region (lo, hi), from P. */
static void layer_next(const layer *P, layer *L, double tk, double theta, double lo, double hi,
                       double hmax)
{
    double mean = theta * sqrt(tk);
    double a = lo > mean - HS_RANGE ? lo : mean - HS_RANGE;
    double b = hi < mean + HS_RANGE ? hi : mean + HS_RANGE;
    L->t = tk;
    if (P->n == 0 || !(b > a)) {
        L->n = 0;
        L->x0 = a;
        L->h = 0.0;
        return;
    }
    int m = (int)ceil((b - a) / hmax / 4.0);
    if (m < 1)
        m = 1;
    if (4 * m + 1 > HS_GRID_MAX)
        m = (HS_GRID_MAX - 1) / 4;
    L->n = 4 * m + 1;
    L->x0 = a;
    L->h = (b - a) / (4 * m);
    double dt = tk - P->t, s = sqrt(dt), sq = sqrt(tk), sp = sqrt(P->t);
    /* d_i = (x_j sq - theta dt - (P->x0 + i P->h) sp) / s = d0 - i delta */
    double delta = P->h * sp / s, q = exp(-delta * delta);
    double scale = inv_sqrt_2pi * sq / s;
    for (int j = 0; j < L->n; j++) {
        double xj = a + j * L->h;
        double d0 = (xj * sq - theta * dt - P->x0 * sp) / s;
        int ic = 0;
        if (delta > 0) {
            double r = d0 / delta;
            ic = r <= 0 ? 0 : r >= P->n - 1 ? P->n - 1 : (int)lround(r);
        }
        double dc = d0 - ic * delta;
        double ec = exp(-0.5 * dc * dc);
        double sum = P->g[ic] * ec;
        if (delta > 0) {
            /* upward: d decreases by delta; e_{i+1} = e_i exp(d_i delta - delta^2/2) */
            double rup = exp(dc * delta - 0.5 * delta * delta);
            double e = ec, r = rup;
            for (int i = ic + 1; i < P->n; i++) {
                e *= r;
                r *= q;
                if (e < 1e-20)
                    break;
                sum += P->g[i] * e;
            }
            e = ec;
            r = q / rup; /* exp(-dc delta - delta^2 / 2) */
            for (int i = ic - 1; i >= 0; i--) {
                e *= r;
                r *= q;
                if (e < 1e-20)
                    break;
                sum += P->g[i] * e;
            }
        }
        /* composite Boole: 2h/45 (7, 32, 12, 32, 14, ..., 14, 32, 12, 32, 7) */
        double w = (j == 0 || j == L->n - 1) ? 7.0 : (j % 2 ? 32.0 : (j % 4 ? 12.0 : 14.0));
        L->g[j] = sum * scale * w * 2.0 * L->h / 45.0;
    }
}

/* Bound c with F(c) = target, F decreasing (upper: mass above c, plus below
 * -c when two-sided) or increasing (lower: mass below c). Safeguarded Newton
 * within a bisection bracket. Returns +-INFINITY when target is out of reach. */
typedef struct root_ctx {
    const layer *P;
    double tk, theta;
    int kind; /* 0 upper one-sided, 2 symmetric two-sided, -1 lower */
} root_ctx;

static double root_f(const root_ctx *c, double z)
{
    if (c->kind == -1)
        return cross_below(c->P, c->tk, c->theta, z);
    double p = cross_above(c->P, c->tk, c->theta, z);
    if (c->kind == 2)
        p += cross_below(c->P, c->tk, c->theta, -z);
    return p;
}

static double root_df(const root_ctx *c, double z)
{
    double d = dens_at(c->P, c->tk, c->theta, z);
    if (c->kind == -1)
        return d;
    if (c->kind == 2)
        d += dens_at(c->P, c->tk, c->theta, -z);
    return -d;
}

static double layer_mass(const layer *P)
{
    double m = 0;
    for (int i = 0; i < P->n; i++)
        m += P->g[i];
    return m;
}

/* guess: a finite starting point (e.g. the bound at the previous drift), or NAN */
static double bound_solve(const root_ctx *c, double target, double guess)
{
    double lo = c->kind == 2 ? 0.0 : -HS_BIG, hi = HS_BIG;
    double flo, fhi;
    if (c->kind == 2) {
        flo = root_f(c, lo) - target;
        fhi = -target;
    } else if (c->kind == 0) {
        flo = layer_mass(c->P) - target;
        fhi = -target;
    } else {
        flo = -target;
        fhi = layer_mass(c->P) - target;
    }
    if (c->kind != -1) {
        if (target <= 0.0 || fhi >= 0.0)
            return INFINITY;
        if (flo <= 0.0)
            return c->kind == 2 ? 0.0 : -INFINITY;
    } else {
        if (target <= 0.0 || flo >= 0.0)
            return -INFINITY;
        if (fhi <= 0.0)
            return INFINITY;
    }
    /* start from the normal quantile of the target within the layer's mass */
    double z;
    if (c->kind == -1)
        z = gsl_cdf_ugaussian_Pinv(target) + c->theta * sqrt(c->tk);
    else
        z = gsl_cdf_ugaussian_Qinv(c->kind == 2 ? target / 2 : target) + c->theta * sqrt(c->tk);
    if (isfinite(guess))
        z = guess;
    if (!(z > lo && z < hi))
        z = 0.5 * (lo + hi);
    for (int it = 0; it < 200; it++) {
        double f = root_f(c, z) - target;
        if (f == 0.0)
            return z;
        /* keep the bracket: flo and fhi have opposite signs */
        if ((f > 0) == (flo > 0))
            lo = z, flo = f;
        else
            hi = z, fhi = f;
        double df = root_df(c, z), zn;
        if (df != 0.0 && isfinite(df))
            zn = z - f / df;
        else
            zn = 0.5 * (lo + hi);
        if (!(zn > lo && zn < hi))
            zn = 0.5 * (lo + hi);
        if (fabs(zn - z) < HS_ZTOL || hi - lo < HS_ZTOL)
            return zn;
        z = zn;
    }
    return z;
}

/* Brent's root of fn on [a, b] (fn(a), fn(b) of opposite signs). */
typedef double (*scalar_fn)(double, void *);

static int brent(scalar_fn fn, void *ctx, double a, double b, double fa, double fb, double tol,
                 double *root)
{
    if ((fa > 0) == (fb > 0))
        return -1;
    double c = a, fc = fa, d = b - a, e = d;
    for (int it = 0; it < 200; it++) {
        if ((fb > 0) == (fc > 0)) {
            c = a, fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b, b = c, c = a;
            fa = fb, fb = fc, fc = fa;
        }
        double tol1 = 2 * 1e-16 * fabs(b) + 0.5 * tol, xm = 0.5 * (c - b);
        if (fabs(xm) <= tol1 || fb == 0.0) {
            *root = b;
            return 0;
        }
        if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
            double s = fb / fa, p, q, r;
            if (a == c) {
                p = 2 * xm * s;
                q = 1 - s;
            } else {
                q = fa / fc;
                r = fb / fc;
                p = s * (2 * xm * q * (q - r) - (b - a) * (r - 1));
                q = (q - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            p = fabs(p);
            double m1 = 3 * xm * q - fabs(tol1 * q), m2 = fabs(e * q);
            if (2 * p < (m1 < m2 ? m1 : m2)) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b, fa = fb;
        b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = fn(b, ctx);
    }
    *root = b;
    return 0;
}

/* ---- spending functions (rpact's getSpendingValueCpp) ---- */

double hs_gsd_spend_alpha(hs_gsd_eff fam, double param, double alpha, int sides, double t)
{
    if (t <= 0)
        return 0.0;
    if (t >= 1)
        return alpha;
    switch (fam) {
    case HS_GSD_EFF_ASOF:
        return 2.0 * sides *
               gsl_cdf_ugaussian_Q(gsl_cdf_ugaussian_Qinv(alpha / (2.0 * sides)) / sqrt(t));
    case HS_GSD_EFF_ASP:
        return alpha * log(1 + (exp(1.0) - 1) * t);
    case HS_GSD_EFF_ASKD:
        return alpha * pow(t, param);
    case HS_GSD_EFF_ASHSD:
        if (param == 0)
            return alpha * t;
        return alpha * (1 - exp(-param * t)) / (1 - exp(-param));
    case HS_GSD_EFF_NONE:
        return 0.0;
    default:
        return NAN;
    }
}

double hs_gsd_spend(hs_gsd_eff fam, double param, double t)
{
    /* asof depends on alpha; this is its one-sided alpha = 0.025 shape */
    const double a = 0.025;
    return hs_gsd_spend_alpha(fam, param, a, 1, t) / a;
}

double hs_gsd_spend_beta(hs_gsd_fut fam, double param, double beta, double t)
{
    if (t <= 0)
        return 0.0;
    if (t >= 1)
        return beta;
    switch (fam) {
    case HS_GSD_FUT_BSOF: /* rpact: one-sided form whatever the sides */
        return 2.0 * gsl_cdf_ugaussian_Q(gsl_cdf_ugaussian_Qinv(beta / 2.0) / sqrt(t));
    case HS_GSD_FUT_BSP:
        return beta * log(1 + (exp(1.0) - 1) * t);
    case HS_GSD_FUT_BSKD:
        return beta * pow(t, param);
    case HS_GSD_FUT_BSHSD:
        if (param == 0)
            return beta * t;
        return beta * (1 - exp(-param * t)) / (1 - exp(-param));
    default:
        return NAN;
    }
}

/* ---- probabilities of a set of bounds ---- */

/* Per-look upper, lower crossing (efficacy; lower only when two-sided) and
 * futility probabilities under theta, with the continuation region
 * (max(-z_eff if two-sided, z_fut if use_fut), z_eff). */
static void probs_run(int K, const double *t, int sides, const double *ze, const double *zf,
                      int use_fut, double theta, double *up, double *down, double *fut)
{
    layer A, B;
    layer *P = &A, *L = &B;
    layer_origin(P);
    for (int k = 0; k < K; k++) {
        double c = ze[k];
        double l = -INFINITY;
        if (sides == 2)
            l = -c;
        double f = (use_fut && k < K - 1 && zf) ? zf[k] : -INFINITY;
        up[k] = cross_above(P, t[k], theta, c);
        down[k] = sides == 2 ? cross_below(P, t[k], theta, l) : 0.0;
        if (k == K - 1) /* the final look: all that is not rejected (internal) */
            f = sides == 2 ? -INFINITY : c;
        else if (f > c)
            f = c;
        fut[k] = (f > -HS_BIG) ? cross_below(P, t[k], theta, f) : 0.0;
        if (k + 1 < K) {
            double lo = f > l ? f : l;
            layer_next(P, L, t[k], theta, lo, c, layer_step(t, K, k));
            layer *s = P;
            P = L;
            L = s;
        }
    }
}

int hs_gsd_probs_split(const hs_gsd_bounds *b, double theta, double *p_up, double *p_down,
                       double *p_fut)
{
    if (!b || b->k < 1 || b->k > HS_GSD_LOOKS_MAX || !isfinite(theta))
        return -1;
    double fz[HS_GSD_LOOKS_MAX];
    for (int k = 0; k < b->k; k++)
        fz[k] = isnan(b->z_fut[k]) ? -INFINITY : b->z_fut[k];
    probs_run(b->k, b->t, b->sides, b->z_eff, fz, 1, theta, p_up, p_down, p_fut);
    p_fut[b->k - 1] = 0.0; /* not a futility stop */
    return 0;
}

int hs_gsd_probs(const hs_gsd_bounds *b, double theta, double *p_eff, double *p_fut)
{
    double down[HS_GSD_LOOKS_MAX];
    if (hs_gsd_probs_split(b, theta, p_eff, down, p_fut) != 0)
        return -1;
    for (int k = 0; k < b->k; k++)
        p_eff[k] += down[k];
    return 0;
}

/* ---- efficacy bounds ---- */

/* Alpha-spending efficacy bounds at theta = 0 given futility bounds zf
 * (binding) or none; alpha_spent[k] cumulative targets. */
static void eff_spending(int K, const double *t, int sides, const double *alpha_spent,
                         const double *zf, int binding, double *ze, double *acum)
{
    layer A, B;
    layer *P = &A, *L = &B;
    layer_origin(P);
    double prev = 0.0;
    for (int k = 0; k < K; k++) {
        root_ctx rc = {P, t[k], 0.0, sides == 2 ? 2 : 0};
        double target = alpha_spent[k] - prev;
        /* what the earlier looks really spent, so rounding does not add up */
        ze[k] = bound_solve(&rc, target, NAN);
        double got = isfinite(ze[k]) ? root_f(&rc, ze[k]) : 0.0;
        prev += got;
        acum[k] = prev;
        if (k + 1 < K) {
            double lo = sides == 2 ? -ze[k] : -INFINITY;
            if (binding && zf && zf[k] > lo)
                lo = zf[k];
            layer_next(P, L, t[k], 0.0, lo, ze[k], layer_step(t, K, k));
            layer *s = P;
            P = L;
            L = s;
        }
    }
}

typedef struct classical_ctx {
    int K, sides;
    const double *t;
    const double *zf;
    int binding;
    double expo; /* Delta - 1/2 */
    double alpha;
} classical_ctx;

static double classical_f(double cst, void *vp)
{
    const classical_ctx *c = vp;
    double ze[HS_GSD_LOOKS_MAX], up[HS_GSD_LOOKS_MAX], dn[HS_GSD_LOOKS_MAX], fu[HS_GSD_LOOKS_MAX];
    for (int k = 0; k < c->K; k++)
        ze[k] = cst * pow(c->t[k], c->expo);
    probs_run(c->K, c->t, c->sides, ze, c->zf, c->binding, 0.0, up, dn, fu);
    double s = 0;
    for (int k = 0; k < c->K; k++)
        s += up[k] + dn[k];
    return s - c->alpha;
}

/* Haybittle-Peto: interims 3, the final bound spends what is left. */
static void eff_hp(int K, const double *t, int sides, double alpha, const double *zf, int binding,
                   double *ze)
{
    layer A, B;
    layer *P = &A, *L = &B;
    layer_origin(P);
    double spent = 0.0;
    for (int k = 0; k < K - 1; k++) {
        ze[k] = 3.0;
        spent += cross_above(P, t[k], 0.0, 3.0) + (sides == 2 ? cross_below(P, t[k], 0.0, -3.0) : 0);
        double lo = sides == 2 ? -3.0 : -INFINITY;
        if (binding && zf && zf[k] > lo)
            lo = zf[k];
        layer_next(P, L, t[k], 0.0, lo, 3.0, layer_step(t, K, k));
        layer *s = P;
        P = L;
        L = s;
    }
    root_ctx rc = {P, t[K - 1], 0.0, sides == 2 ? 2 : 0};
    ze[K - 1] = bound_solve(&rc, alpha - spent, NAN);
}

/* ---- beta spending ---- */

typedef struct beta_ctx {
    int K;
    const double *t;
    const double *aspent; /* cumulative alpha targets (binding recomputes ze) */
    const double *bspent; /* cumulative beta targets */
    int binding;
    double *ze, *zf;
    int warm; /* ze, zf hold the bounds at a previous drift: Newton starts there */
    double *acum, *bcum; /* actual cumulative crossing probabilities (binding: acum) */
    double last;         /* theta of the last evaluation */
} beta_ctx;

/* Futility bounds at theta (and, binding, efficacy bounds at 0 given them);
 * returns zf[K-1] - ze[K-1]. */
static double beta_f(double theta, void *vp)
{
    beta_ctx *c = vp;
    int K = c->K;
    c->last = theta;
    layer A, B, C, D;
    layer *P = &A, *L = &B;  /* under theta */
    layer *P0 = &C, *L0 = &D; /* under 0 (binding only) */
    layer_origin(P);
    layer_origin(P0);
    double prev = 0.0, aprev = 0.0;
    for (int k = 0; k < K; k++) {
        if (c->binding) {
            root_ctx r0 = {P0, c->t[k], 0.0, 0};
            c->ze[k] = bound_solve(&r0, c->aspent[k] - aprev, c->warm ? c->ze[k] : NAN);
            aprev += isfinite(c->ze[k]) ? root_f(&r0, c->ze[k]) : 0.0;
            c->acum[k] = aprev;
        }
        root_ctx rc = {P, c->t[k], theta, -1};
        double target = c->bspent[k] - prev;
        c->zf[k] = bound_solve(&rc, target, c->warm ? c->zf[k] : NAN);
        prev += isfinite(c->zf[k]) ? root_f(&rc, c->zf[k]) : (c->zf[k] > 0 ? root_f(&rc, HS_BIG) : 0);
        c->bcum[k] = prev;
        if (k + 1 < K && !(c->zf[k] < c->ze[k])) {
            c->warm = 0;
            return HS_BIG; /* bounds cross at an interim: theta is too large */
        }
        if (k + 1 < K) {
            double hk = layer_step(c->t, K, k);
            layer_next(P, L, c->t[k], theta, c->zf[k], c->ze[k], hk);
            layer *s = P;
            P = L;
            L = s;
            if (c->binding) {
                layer_next(P0, L0, c->t[k], 0.0, c->zf[k], c->ze[k], hk);
                s = P0;
                P0 = L0;
                L0 = s;
            }
        }
    }
    c->warm = 1;
    double zfK = c->zf[K - 1], zeK = c->ze[K - 1];
    if (!isfinite(zfK))
        zfK = zfK > 0 ? HS_BIG : -HS_BIG;
    if (!isfinite(zeK))
        return HS_BIG;
    return zfK - zeK;
}

/* ---- drift for power 1 - beta (rpact's getDesignCharacteristics) ---- */

typedef struct power_ctx {
    const hs_gsd_bounds *b;
    double target;
} power_ctx;

static double power_f(double theta, void *vp)
{
    const power_ctx *c = vp;
    double up[HS_GSD_LOOKS_MAX], dn[HS_GSD_LOOKS_MAX], fu[HS_GSD_LOOKS_MAX];
    hs_gsd_probs_split(c->b, theta, up, dn, fu);
    double s = 0;
    for (int k = 0; k < c->b->k; k++)
        s += up[k];
    return s - c->target;
}

/* ---- validation and the solve ---- */

static int spec_check(const hs_gsd_spec *s, char *err, size_t errlen)
{
    if (s->k < 1 || s->k > HS_GSD_LOOKS_MAX) {
        hs_err_set(err, errlen, "%d looks; expected 1 to %d, the final included", s->k,
                HS_GSD_LOOKS_MAX);
        return -1;
    }
    for (int k = 0; k < s->k; k++) {
        double lo = k ? s->t[k - 1] : 0.0;
        if (!isfinite(s->t[k]) || !(s->t[k] > lo) || s->t[k] > 1.0 + 1e-12) {
            hs_err_set(err, errlen,
                    "information fraction %g at look %d; expected increasing fractions in (0, 1]",
                    s->t[k], k + 1);
            return -1;
        }
    }
    if (fabs(s->t[s->k - 1] - 1.0) > 1e-9) {
        hs_err_set(err, errlen, "final information fraction %g; expected 1", s->t[s->k - 1]);
        return -1;
    }
    if (s->sides != 1 && s->sides != 2) {
        hs_err_set(err, errlen, "sides %d; expected 1 or 2", s->sides);
        return -1;
    }
    if (!(s->alpha > 0 && s->alpha < 1)) {
        hs_err_set(err, errlen, "alpha %g; expected a number in (0, 1)", s->alpha);
        return -1;
    }
    if (!(s->beta > 0 && s->beta < 1 - s->alpha / s->sides)) {
        hs_err_set(err, errlen, "beta %g; expected a number in (0, 1 - alpha)", s->beta);
        return -1;
    }
    if ((int)s->efficacy < HS_GSD_EFF_NONE || (int)s->efficacy > HS_GSD_EFF_HP) {
        hs_err_set(err, errlen, "unknown efficacy family; expected asof, asp, askd, ashsd, of, p, hp or none");
        return -1;
    }
    if ((int)s->futility < HS_GSD_FUT_NONE || (int)s->futility > HS_GSD_FUT_Z) {
        hs_err_set(err, errlen, "unknown futility family; expected none, bsof, bsp, bskd, bshsd or z:");
        return -1;
    }
    if (s->efficacy == HS_GSD_EFF_ASKD && !(s->eff_param > 0 && isfinite(s->eff_param))) {
        hs_err_set(err, errlen, "askd RHO %g; expected RHO > 0, e.g. askd:2", s->eff_param);
        return -1;
    }
    if (s->efficacy == HS_GSD_EFF_ASHSD && !(fabs(s->eff_param) <= 50)) {
        hs_err_set(err, errlen, "ashsd GAMMA %g; expected GAMMA in [-50, 50], e.g. ashsd:-4", s->eff_param);
        return -1;
    }
    if (s->futility == HS_GSD_FUT_BSKD && !(s->fut_param > 0 && isfinite(s->fut_param))) {
        hs_err_set(err, errlen, "bskd RHO %g; expected RHO > 0, e.g. bskd:2", s->fut_param);
        return -1;
    }
    if (s->futility == HS_GSD_FUT_BSHSD && !(fabs(s->fut_param) <= 50)) {
        hs_err_set(err, errlen, "bshsd GAMMA %g; expected GAMMA in [-50, 50], e.g. bshsd:-2", s->fut_param);
        return -1;
    }
    if (s->futility != HS_GSD_FUT_NONE && s->sides == 2) {
        hs_err_set(err, errlen,
                "a futility bound with a two-sided design; expected futility = none when sides = 2");
        return -1;
    }
    if (s->futility != HS_GSD_FUT_NONE && s->k == 1) {
        hs_err_set(err, errlen, "a futility bound with one look; expected futility = none without interim looks");
        return -1;
    }
    if (s->futility >= HS_GSD_FUT_BSOF && s->futility <= HS_GSD_FUT_BSHSD &&
        (s->efficacy == HS_GSD_EFF_OF || s->efficacy == HS_GSD_EFF_P || s->efficacy == HS_GSD_EFF_HP)) {
        hs_err_set(err, errlen,
                "beta-spending futility with classical efficacy bounds; expected an alpha-spending "
                "efficacy (asof, asp, askd, ashsd) or none");
        return -1;
    }
    if (s->futility == HS_GSD_FUT_Z)
        for (int k = 0; k < s->k - 1; k++)
            if (!isfinite(s->fut_z[k])) {
                hs_err_set(err, errlen, "futility bound %g at look %d; expected a finite Z", s->fut_z[k],
                        k + 1);
                return -1;
            }
    return 0;
}

int hs_gsd_solve(const hs_gsd_spec *spec, hs_gsd_bounds *out, char *err, size_t errlen)
{
    if (!spec || !out) {
        hs_err_set(err, errlen, "no design; expected a spec and an output");
        return -1;
    }
    if (spec_check(spec, err, errlen) != 0)
        return -1;
    const int K = spec->k, sides = spec->sides;
    hs_gsd_bounds b;
    memset(&b, 0, sizeof b);
    b.k = K;
    b.sides = sides;
    for (int k = 0; k < HS_GSD_LOOKS_MAX; k++) {
        b.t[k] = k < K ? spec->t[k] : 0.0;
        b.z_eff[k] = b.z_fut[k] = b.alpha_cum[k] = b.beta_cum[k] = NAN;
    }
    b.t[K - 1] = 1.0;
    const double *t = b.t;
    double zf[HS_GSD_LOOKS_MAX];
    for (int k = 0; k < K; k++)
        zf[k] = (spec->futility == HS_GSD_FUT_Z && k < K - 1) ? spec->fut_z[k] : -INFINITY;
    const int betasp = spec->futility >= HS_GSD_FUT_BSOF && spec->futility <= HS_GSD_FUT_BSHSD;
    const int binding = spec->binding && spec->futility != HS_GSD_FUT_NONE;

    double aspent[HS_GSD_LOOKS_MAX];
    int have_acum = 0; /* alpha_cum already holds the crossing probabilities */
    const hs_gsd_eff e = spec->efficacy;
    if (e == HS_GSD_EFF_OF || e == HS_GSD_EFF_P) {
        classical_ctx cc = {K, sides, t, zf, binding, e == HS_GSD_EFF_OF ? -0.5 : 0.0, spec->alpha};
        double lo = 0.0, hi = 10.0, root;
        double flo = classical_f(lo, &cc), fhi = classical_f(hi, &cc);
        if (brent(classical_f, &cc, lo, hi, flo, fhi, 1e-12, &root) != 0) {
            hs_err_set(err, errlen, "no %s bound spends alpha %g; expected a feasible design",
                    e == HS_GSD_EFF_OF ? "O'Brien-Fleming" : "Pocock", spec->alpha);
            return -1;
        }
        for (int k = 0; k < K; k++)
            b.z_eff[k] = root * pow(t[k], cc.expo);
    } else if (e == HS_GSD_EFF_HP) {
        eff_hp(K, t, sides, spec->alpha, zf, binding, b.z_eff);
    } else {
        for (int k = 0; k < K; k++)
            aspent[k] = e == HS_GSD_EFF_NONE ? (k == K - 1 ? spec->alpha : 0.0)
                                             : hs_gsd_spend_alpha(e, spec->eff_param, spec->alpha,
                                                                  sides, t[k]);
        aspent[K - 1] = spec->alpha;
        eff_spending(K, t, sides, aspent, zf, binding && !betasp, b.z_eff, b.alpha_cum);
        have_acum = 1;
    }
    if (!isfinite(b.z_eff[K - 1])) {
        hs_err_set(err, errlen, "no final efficacy bound spends alpha %g; expected a feasible design",
                spec->alpha);
        return -1;
    }

    double theta = NAN;
    if (betasp) {
        double bspent[HS_GSD_LOOKS_MAX];
        for (int k = 0; k < K; k++)
            bspent[k] = hs_gsd_spend_beta(spec->futility, spec->fut_param, spec->beta, t[k]);
        double acum[HS_GSD_LOOKS_MAX];
        beta_ctx bc = {K, t, aspent, bspent, binding, b.z_eff, zf, 0, acum, b.beta_cum, NAN};
        double za = gsl_cdf_ugaussian_Qinv(spec->alpha), zb = gsl_cdf_ugaussian_Qinv(spec->beta);
        /* bracket by secant steps from the fixed design's drift (the final
         * futility bound moves about one to one with theta) */
        double lo = za + zb, flo = beta_f(lo, &bc);
        double hi = lo - (flo > -1 && flo < 1 ? flo : (flo > 0 ? 1 : -1)), fhi = beta_f(hi, &bc);
        for (int i = 0; i < 3 && (flo > 0) == (fhi > 0) && fhi != flo && fabs(fhi) < HS_BIG; i++) {
            double nx = hi - fhi * (hi - lo) / (fhi - flo);
            nx += nx > hi ? 1e-3 : -1e-3; /* overshoot a little to get a sign change */
            lo = hi, flo = fhi;
            hi = nx, fhi = beta_f(hi, &bc);
        }
        if (lo > hi) {
            double x = lo, fx = flo;
            lo = hi, flo = fhi;
            hi = x, fhi = fx;
        }
        for (int i = 0; i < 20 && flo > 0; i++)
            lo -= 1.0, flo = beta_f(lo, &bc);
        for (int i = 0; i < 20 && fhi < 0; i++)
            hi += 2.0, fhi = beta_f(hi, &bc);
        if (brent(beta_f, &bc, lo, hi, flo, fhi, 1e-11, &theta) != 0) {
            hs_err_set(err, errlen, "no drift makes the futility bounds meet the final efficacy bound; "
                                 "expected a feasible beta-spending design");
            return -1;
        }
        if (bc.last != theta)
            beta_f(theta, &bc); /* bounds at the root */
        if (binding) {
            for (int k = 0; k < K; k++)
                b.alpha_cum[k] = acum[k];
            have_acum = 1;
        }
    }
    for (int k = 0; k < K - 1; k++) {
        b.z_fut[k] = zf[k];
        if (spec->futility != HS_GSD_FUT_NONE && zf[k] >= b.z_eff[k] && !betasp) {
            hs_err_set(err, errlen,
                    "futility bound %g at look %d is not below the efficacy bound %g; expected "
                    "futility bounds below the efficacy bounds",
                    zf[k], k + 1, b.z_eff[k]);
            return -1;
        }
    }
    b.z_fut[K - 1] = NAN;

    /* cumulative alpha: actual crossing probabilities under H0 (futility
     * counted only when binding), as rpact's alphaSpent */
    if (!have_acum) {
        double up[HS_GSD_LOOKS_MAX], dn[HS_GSD_LOOKS_MAX], fu[HS_GSD_LOOKS_MAX], s = 0;
        probs_run(K, t, sides, b.z_eff, zf, binding, 0.0, up, dn, fu);
        for (int k = 0; k < K; k++) {
            s += up[k] + dn[k];
            b.alpha_cum[k] = s;
        }
    }
    if (betasp) {
        /* rpact's betaSpent: cumulative futility stops under theta (beta_f
         * filled beta_cum at the root); at the final look, where the bounds
         * meet, all that reaches it and does not reject */
        b.drift = theta;
    } else {
        /* rpact's getDesignCharacteristics: power 1 - beta with any futility
         * bound counted as a stop, binding or not */
        power_ctx pc = {&b, 1.0 - spec->beta};
        double za = gsl_cdf_ugaussian_Qinv(spec->alpha / sides), zb = gsl_cdf_ugaussian_Qinv(spec->beta);
        double lo = 0.0, hi = 2.0 * (za + zb) + 2.0;
        double flo = power_f(lo, &pc), fhi = power_f(hi, &pc);
        for (int i = 0; i < 20 && fhi < 0; i++)
            hi += 2.0, fhi = power_f(hi, &pc);
        if (brent(power_f, &pc, lo, hi, flo, fhi, 1e-12, &theta) != 0) {
            hs_err_set(err, errlen, "no drift gives power %g; expected a feasible design", 1 - spec->beta);
            return -1;
        }
        b.drift = theta;
    }
    {
        double za = gsl_cdf_ugaussian_Qinv(spec->alpha / sides), zb = gsl_cdf_ugaussian_Qinv(spec->beta);
        b.inflation = (b.drift / (za + zb)) * (b.drift / (za + zb));
    }
    *out = b;
    return 0;
}

/* ---- parsing ---- */

static int parse_num(const char *s, const char *end, double *v)
{
    char buf[64];
    size_t n = (size_t)(end - s);
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    double x = strtod(buf, &e);
    if (*e != '\0' || errno == ERANGE || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

static const char *trimmed(const char *text, size_t *len)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    *len = n;
    return text;
}

static int word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncmp(s, w, n) == 0;
}

static const char eff_expect[] = "expected asof, asp, askd:RHO, ashsd:GAMMA, of, p, hp or none";

/* "PREFIXkd:RHO" (RHO > 0) or "PREFIXhsd:GAMMA" (GAMMA in [-50, 50]) of
 * s[0..n), PREFIX "as" (alpha spending) or "bs" (beta spending): 1 for kd,
 * 2 for hsd with the parameter in *v; 0 for neither; -1 with err for a bad
 * parameter. */
static int spend_param(const char *s, size_t n, const char *prefix, double *v, char *err, size_t errlen)
{
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return 0;
    size_t wn = (size_t)(colon - s);
    char kd[8], hsd[8];
    snprintf(kd, sizeof kd, "%skd", prefix);
    snprintf(hsd, sizeof hsd, "%shsd", prefix);
    int ok = parse_num(colon + 1, s + n, v) == 0;
    if (word_is(s, wn, kd)) {
        if (!ok || !(*v > 0)) {
            hs_err_set(err, errlen, "'%.*s': no RHO > 0; %s needs RHO > 0, e.g. %s:2", (int)n, s, kd, kd);
            return -1;
        }
        return 1;
    }
    if (word_is(s, wn, hsd)) {
        if (!ok || !(fabs(*v) <= 50)) {
            hs_err_set(err, errlen, "'%.*s': no GAMMA in [-50, 50]; %s needs a number GAMMA in [-50, 50], e.g. %s:%s",
                    (int)n, s, hsd, hsd, prefix[0] == 'a' ? "-4" : "-2");
            return -1;
        }
        return 2;
    }
    return 0;
}

int hs_gsd_parse_efficacy(const char *text, hs_gsd_spec *spec, char *err, size_t errlen)
{
    if (!text || !spec) {
        hs_err_set(err, errlen, "no efficacy value; %s", eff_expect);
        return -1;
    }
    size_t n;
    const char *s = trimmed(text, &n);
    static const struct { const char *w; hs_gsd_eff e; } plain[] = {
        {"asof", HS_GSD_EFF_ASOF}, {"asp", HS_GSD_EFF_ASP}, {"of", HS_GSD_EFF_OF},
        {"p", HS_GSD_EFF_P},       {"hp", HS_GSD_EFF_HP},   {"none", HS_GSD_EFF_NONE}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (word_is(s, n, plain[i].w)) {
            spec->efficacy = plain[i].e;
            spec->eff_param = 0.0;
            return 0;
        }
    double v;
    int fam = spend_param(s, n, "as", &v, err, errlen);
    if (fam < 0)
        return -1;
    if (fam > 0) {
        spec->efficacy = fam == 1 ? HS_GSD_EFF_ASKD : HS_GSD_EFF_ASHSD;
        spec->eff_param = v;
        return 0;
    }
    if (word_is(s, n, "askd") || word_is(s, n, "ashsd")) {
        hs_err_set(err, errlen, "'%.*s' without its parameter; expected %s:NUMBER, e.g. %s", (int)n, s,
                word_is(s, n, "askd") ? "askd" : "ashsd", word_is(s, n, "askd") ? "askd:2" : "ashsd:-4");
        return -1;
    }
    hs_err_set(err, errlen, "unknown efficacy '%.*s'; %s", (int)n, s, eff_expect);
    return -1;
}

static const char fut_expect[] = "expected none, bsof, bsp, bskd:RHO, bshsd:GAMMA or z:Z1,Z2,...";

int hs_gsd_parse_futility(const char *text, hs_gsd_spec *spec, char *err, size_t errlen)
{
    if (!text || !spec) {
        hs_err_set(err, errlen, "no futility value; %s", fut_expect);
        return -1;
    }
    size_t n;
    const char *s = trimmed(text, &n);
    static const struct { const char *w; hs_gsd_fut f; } plain[] = {
        {"none", HS_GSD_FUT_NONE}, {"bsof", HS_GSD_FUT_BSOF}, {"bsp", HS_GSD_FUT_BSP}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (word_is(s, n, plain[i].w)) {
            spec->futility = plain[i].f;
            spec->fut_param = 0.0;
            return 0;
        }
    double v;
    int fam = spend_param(s, n, "bs", &v, err, errlen);
    if (fam < 0)
        return -1;
    if (fam > 0) {
        spec->futility = fam == 1 ? HS_GSD_FUT_BSKD : HS_GSD_FUT_BSHSD;
        spec->fut_param = v;
        return 0;
    }
    const char *colon = memchr(s, ':', n);
    if (colon) {
        size_t wn = (size_t)(colon - s);
        if (word_is(s, wn, "z")) {
            int want = spec->k - 1, got = 0;
            if (want < 1) {
                hs_err_set(err, errlen, "z: futility bounds with %d look(s); expected interim looks first",
                        spec->k);
                return -1;
            }
            double z[HS_GSD_LOOKS_MAX];
            const char *p = colon + 1, *end = s + n;
            while (p <= end) {
                const char *q = memchr(p, ',', (size_t)(end - p));
                if (!q)
                    q = end;
                double v1;
                if (parse_num(p, q, &v1) != 0) {
                    hs_err_set(err, errlen, "z: bound %d '%.*s' is not a finite number; expected "
                                         "z:Z1,Z2,... with one Z per interim look",
                            got + 1, (int)(q - p), p);
                    return -1;
                }
                if (got < HS_GSD_LOOKS_MAX)
                    z[got] = v1;
                got++;
                p = q + 1;
            }
            if (got != want) {
                hs_err_set(err, errlen, "z: has %d value(s); expected %d, one per interim look", got, want);
                return -1;
            }
            spec->futility = HS_GSD_FUT_Z;
            spec->fut_param = 0.0;
            for (int k = 0; k < want; k++)
                spec->fut_z[k] = z[k];
            return 0;
        }
    }
    if (word_is(s, n, "bskd") || word_is(s, n, "bshsd") || word_is(s, n, "z")) {
        hs_err_set(err, errlen, "'%.*s' without its parameter; %s", (int)n, s, fut_expect);
        return -1;
    }
    hs_err_set(err, errlen, "unknown futility '%.*s'; %s", (int)n, s, fut_expect);
    return -1;
}
