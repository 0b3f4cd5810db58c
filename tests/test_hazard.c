/* test_hazard.c — TAP tests for hazard.c.
 *
 * For each model in `cases`: S(quantile(p)) = 1-p, H(Hinv(y)) = y, h = dH/dt
 * and f = dF/dt (central differences), and 10^6 draws by inversion checked
 * with a one-sample Kolmogorov-Smirnov test, the mass at infinity (cure /
 * defective distributions) and the sample median. Then known values and
 * identities, and the parameter checks.
 *
 * KS p-value: P(D_n > d) ~ Q_KS(lambda), lambda = (sqrt(n) + 0.12 + 0.11/sqrt(n)) d
 * (Stephens, JRSS B 32 (1970) 115-122), with Kolmogorov's limit law (1933)
 *   Q_KS(x) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2)                 (x >= 1.18)
 *   1 - Q_KS(x) = sqrt(2 pi)/x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)) (x < 1.18)
 * (both series as given by Marsaglia, Tsang & Wang, J Stat Softw 8(18), 2003).
 * SE of a sample median: 1/(2 f(m) sqrt(n)) (e.g. Serfling 1980, sec. 2.3).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hazard.h"
#include "rng.h"
#include "tap.h"

#define NDRAW 1000000
#define NCHECK_CASE 8
#define PI_D 3.14159265358979323846

typedef struct tcase {
    const char *name;
    hs_hazard m;
    double lp;
} tcase;

static hs_hazard mk(hs_family f, hs_effect e, double p0, double p1, double cure)
{
    hs_hazard m;
    memset(&m, 0, sizeof m);
    m.family = f;
    m.effect = e;
    m.par[0] = p0;
    m.par[1] = p1;
    m.cure = cure;
    return m;
}

static hs_hazard mk_pw(int n, const double *cut, const double *rate, double cure)
{
    hs_hazard m = mk(HS_FAM_PIECEWISE, HS_EFFECT_PH, 0, 0, cure);
    m.npieces = n;
    for (int k = 0; k < n; k++) {
        m.cut[k] = cut[k];
        m.rate[k] = rate[k];
    }
    return m;
}

static hs_hazard with_hr(hs_hazard m, int n, const double *cut, const double *hr)
{
    m.nhr = n;
    for (int k = 0; k < n; k++) {
        m.hr_cut[k] = cut[k];
        m.hr[k] = hr[k];
    }
    return m;
}

/* Kolmogorov's Q_KS(x) = P(K > x): theta-function series below 1.18, alternating above. */
static double ks_q_small(double x)
{
    double s = 0.0;
    for (int k = 1; k <= 20; k++) {
        double j = 2.0 * k - 1.0;
        s += exp(-j * j * PI_D * PI_D / (8.0 * x * x));
    }
    return 1.0 - sqrt(2.0 * PI_D) / x * s;
}

static double ks_q_large(double x)
{
    double s = 0.0, sign = 1.0;
    for (int k = 1; k <= 100; k++) {
        double term = exp(-2.0 * k * k * x * x);
        s += sign * term;
        if (term < 1e-300)
            break;
        sign = -sign;
    }
    return 2.0 * s;
}

static double ks_q(double x)
{
    if (x <= 0.0)
        return 1.0;
    double p = x < 1.18 ? ks_q_small(x) : ks_q_large(x);
    return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

static double ks_pvalue(double d, double n)
{
    double sn = sqrt(n);
    return ks_q((sn + 0.12 + 0.11 / sn) * d);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Is some kink of H (piece or multiplier cut, in calendar time) within w of t? */
static int near_kink(const tcase *c, double t, double w)
{
    double sc = c->m.effect == HS_EFFECT_AFT ? exp(c->lp) : 1.0;
    if (c->m.family == HS_FAM_PIECEWISE)
        for (int k = 1; k < c->m.npieces; k++)
            if (fabs(c->m.cut[k] * sc - t) <= w)
                return 1;
    for (int k = 1; k < c->m.nhr; k++)
        if (fabs(c->m.hr_cut[k] * sc - t) <= w)
            return 1;
    return 0;
}

static void check_case(const tcase *c, uint64_t idx, double *x)
{
    const hs_hazard *m = &c->m;
    double lp = c->lp;
    double hinf = hs_hazard_Hinf(m, lp);
    double pinf = exp(-hinf);   /* mass at infinity */
    double pfin = -expm1(-hinf); /* mass of finite times */

    /* S(quantile(p)) = 1 - p on a grid over (0, 1 - S(inf)). */
    double err = 0.0;
    for (int i = 1; i < 200; i++) {
        double p = pfin * i / 200.0;
        double e = fabs(hs_hazard_S(m, lp, hs_hazard_quantile(m, lp, p)) - (1.0 - p));
        if (!(e <= err))
            err = e;
    }
    is_double(err, 0.0, 1e-12, "%s: max |S(quantile(p)) - (1-p)| = %.2g", c->name, err);

    /* H(Hinv(y)) = y, y from 1e-8 up to H(inf) (or 40): relative error 1e-12, plus
     * what rounding t = Hinv(y) to a double can cause, 2 eps t h(t) (this only matters
     * where H is ill-conditioned, e.g. just after a zero-rate piece). */
    err = 0.0;
    double rel = 0.0;
    double ymax = isinf(hinf) ? 40.0 : hinf * (1.0 - 1e-9);
    for (int i = 0; i <= 200; i++) {
        double y = 1e-8 * pow(ymax / 1e-8, i / 200.0);
        double t = hs_hazard_Hinv(m, lp, y);
        double e = fabs(hs_hazard_H(m, lp, t) - y);
        double tol = 1e-12 * y + 2.0 * DBL_EPSILON * t * hs_hazard_h(m, lp, t);
        if (!(e / tol <= err))
            err = e / tol;
        if (!(e / y <= rel))
            rel = e / y;
    }
    ok(err <= 1.0, "%s: H(Hinv(y)) = y, max rel err %.2g (max err/tol %.2g)", c->name, rel, err);

    /* h = dH/dt and f = dF/dt = h S by central differences at quantiles. */
    double errh = 0.0, errf = 0.0;
    for (int i = 1; i < 40; i++) {
        double t = hs_hazard_quantile(m, lp, pfin * i / 40.0);
        double d = 1e-5 * t;
        if (near_kink(c, t, 2.0 * d))
            continue;
        double dh = (hs_hazard_H(m, lp, t + d) - hs_hazard_H(m, lp, t - d)) / (2.0 * d);
        double df = (hs_hazard_cdf(m, lp, t + d) - hs_hazard_cdf(m, lp, t - d)) / (2.0 * d);
        double h = hs_hazard_h(m, lp, t), f = hs_hazard_density(m, lp, t);
        double e1 = fabs(h - dh) / dh, e2 = fabs(f - df) / df;
        double e3 = fabs(f - h * hs_hazard_S(m, lp, t)) / f;
        if (!(e1 <= errh))
            errh = e1;
        if (!(e2 <= errf))
            errf = e2;
        if (!(e3 <= errf))
            errf = e3;
    }
    is_double(errh, 0.0, 1e-6, "%s: h = dH/dt, max rel err %.2g", c->name, errh);
    is_double(errf, 0.0, 1e-6, "%s: density = dF/dt = h S, max rel err %.2g", c->name, errf);

    /* Draws; the sampler's shortcuts agree with Hinv(-ln u). */
    hs_rng r;
    hs_rng_stream(&r, 20250814u, idx, 0);
    double errs = 0.0;
    for (int i = 0; i < NDRAW; i++) {
        double u = hs_rng_uniform(&r);
        x[i] = hs_hazard_sample(m, lp, u);
        if (i < 10000) {
            double want = hs_hazard_Hinv(m, lp, -log(u));
            double e = x[i] == want ? 0.0 : fabs(x[i] - want) / want;
            if (!(e <= errs))
                errs = e;
        }
    }
    is_double(errs, 0.0, 1e-12, "%s: sample(u) = Hinv(-ln u) (max rel diff %.2g)", c->name, errs);
    qsort(x, NDRAW, sizeof *x, cmp_double);
    int nfin = NDRAW;
    while (nfin > 0 && isinf(x[nfin - 1]))
        nfin--;

    /* Mass at infinity: the fraction of INFINITY draws vs S(inf). */
    double frac = (double)(NDRAW - nfin) / NDRAW;
    double se = sqrt(pinf * (1.0 - pinf) / NDRAW);
    if (pinf > 0.0)
        ok(fabs(frac - pinf) <= 4.0 * se, "%s: P(T = inf) %.5f vs S(inf) %.5f (4 SE = %.5f)", c->name,
           frac, pinf, 4.0 * se);
    else
        is_int(NDRAW - nfin, 0, "%s: no infinite draws", c->name);

    /* KS on the finite draws against F(t) / F(inf). */
    double dks = 0.0;
    for (int i = 0; i < nfin; i++) {
        double f = hs_hazard_cdf(m, lp, x[i]) / pfin;
        double a = f - (double)i / nfin, b = (double)(i + 1) / nfin - f;
        if (a > dks)
            dks = a;
        if (b > dks)
            dks = b;
    }
    double pks = ks_pvalue(dks, nfin);
    diag("%s: KS n = %d, D = %.6f, p = %.4f", c->name, nfin, dks, pks);
    ok(pks > 0.001, "%s: KS p = %.4f > 0.001", c->name, pks);

    /* Sample median vs analytic median. */
    double med = hs_hazard_median(m, lp);
    double smed = 0.5 * (x[NDRAW / 2 - 1] + x[NDRAW / 2]);
    double semed = 1.0 / (2.0 * hs_hazard_density(m, lp, med) * sqrt((double)NDRAW));
    ok(fabs(smed - med) <= 3.0 * semed, "%s: sample median %.5f vs %.5f (3 SE = %.5f)", c->name,
       smed, med, 3.0 * semed);
}

/* hs_hazard_sample's shortcuts give, bit for bit, the general inversion
 * hs_hazard_Hinv(m, lp, -ln u) on a stream of uniforms and at the ends. */
static void check_sample_exact(const char *name, const hs_hazard *m, double lp)
{
    hs_rng r;
    hs_rng_stream(&r, 77, 1, 2);
    int bad = 0;
    for (int i = 0; i < 100000 + 2; i++) {
        double u = i == 0 ? 0x1p-53 : i == 1 ? 1.0 - 0x1p-53 : hs_rng_uniform(&r);
        double a = hs_hazard_sample(m, lp, u), b = hs_hazard_Hinv(m, lp, -log(u));
        bad += memcmp(&a, &b, sizeof a) != 0;
    }
    ok(bad == 0, "%s: hs_hazard_sample == hs_hazard_Hinv(-ln u) bit for bit (%d differ)", name, bad);
}

int main(void)
{
    static const double pw1c[] = {0, 12, 36}, pw1r[] = {0.02, 0.035, 0.015};
    static const double pw2c[] = {0, 6, 24}, pw2r[] = {0.06, 0.03, 0.0};
    static const double pw3c[] = {0, 3, 9, 20}, pw3r[] = {0.0, 0.05, 0.02, 0.04};
    static const double hr1c[] = {0, 6, 18}, hr1[] = {1.0, 0.6, 0.8};
    static const double hr2c[] = {0, 12}, hr2[] = {1.0, 0.5};
    static const double hr3c[] = {0, 4}, hr3[] = {1.7, 0.7};

    tcase cases[] = {
        {"exp 0.023", mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.023, 0, 0), 0.0},
        {"exp 0.05 PH lp 0.4", mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.05, 0, 0), 0.4},
        {"exp 0.03 cure 0.3 PH lp -0.5", mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.03, 0, 0.3), -0.5},
        {"exp 0.03 hr 0:1,12:0.5", with_hr(mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.03, 0, 0), 2, hr2c, hr2),
         0.0},
        {"weibull 1.6/58", mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.6, 58, 0), 0.0},
        {"weibull 0.7/20 cure 0.2 PH lp -0.3", mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 0.7, 20, 0.2), -0.3},
        {"weibull 1.6/58 AFT lp 0.5", mk(HS_FAM_WEIBULL, HS_EFFECT_AFT, 1.6, 58, 0), 0.5},
        {"weibull 1.3/40 hr 0:1,6:0.6,18:0.8 PH lp 0.2",
         with_hr(mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.3, 40, 0), 3, hr1c, hr1), 0.2},
        {"weibull 1.6/58 cure 0.3 AFT lp 0.4", mk(HS_FAM_WEIBULL, HS_EFFECT_AFT, 1.6, 58, 0.3), 0.4},
        {"gompertz 0.05/0.01", mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.05, 0.01, 0), 0.0},
        {"gompertz -0.02/0.05 (defective)", mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, -0.02, 0.05, 0), 0.0},
        {"gompertz 0/0.03", mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.0, 0.03, 0), 0.0},
        {"gompertz 0.03/0.01 cure 0.25 PH lp 0.5", mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.03, 0.01, 0.25),
         0.5},
        {"loglogistic 2.2/30", mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_PH, 2.2, 30, 0), 0.0},
        {"loglogistic 0.8/15 AFT lp -0.4", mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_AFT, 0.8, 15, 0), -0.4},
        {"loglogistic 1.5/25 cure 0.15 hr 0:1.7,4:0.7 AFT lp 0.3",
         with_hr(mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_AFT, 1.5, 25, 0.15), 2, hr3c, hr3), 0.3},
        {"loglogistic 2.2/30 cure 0.1", mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_PH, 2.2, 30, 0.1), 0.0},
        {"lognormal 3.4/0.9", mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, 3.4, 0.9, 0), 0.0},
        {"lognormal 2.5/1.6 AFT lp 0.6", mk(HS_FAM_LOGNORMAL, HS_EFFECT_AFT, 2.5, 1.6, 0), 0.6},
        {"lognormal 3.0/0.5 cure 0.2 PH lp 0.3", mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, 3.0, 0.5, 0.2), 0.3},
        {"piecewise 0:.02,12:.035,36:.015", mk_pw(3, pw1c, pw1r, 0), 0.0},
        {"piecewise 0:.06,6:.03,24:0 (defective)", mk_pw(3, pw2c, pw2r, 0), 0.0},
        {"piecewise 0:0,3:.05,9:.02,20:.04 cure 0.1 hr PH lp 0.25",
         with_hr(mk_pw(4, pw3c, pw3r, 0.1), 3, hr1c, hr1), 0.25},
        {"piecewise 0:.02,12:.035,36:.015 AFT lp -0.3", mk_pw(3, pw1c, pw1r, 0), -0.3},
    };
    int ncase = (int)(sizeof cases / sizeof cases[0]);
    cases[ncase - 1].m.effect = HS_EFFECT_AFT;

    plan(ncase * NCHECK_CASE + 79 + 4);

    for (int i = 0; i < ncase; i++) {
        char why[160] = "";
        if (hs_hazard_check(&cases[i].m, why, sizeof why) != 0) {
            diag("case %s rejected: %s", cases[i].name, why);
            return 1;
        }
    }

    double *x = malloc(NDRAW * sizeof *x);
    if (!x)
        return 1;
    for (int i = 0; i < ncase; i++)
        check_case(&cases[i], (uint64_t)i, x);
    free(x);

    /* ---- known values (independent formulas; numbers from python3 math) ---- */
    hs_hazard w = mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.6, 58, 0);
    /* python3: math.exp(-(36/58)**1.6) */
    is_double(hs_hazard_S(&w, 0, 36), 0.6273636499125603, 1e-15, "weibull 1.6/58: S(36) known value");
    is_double(hs_hazard_S(&w, 0, 36), exp(-pow(36.0 / 58.0, 1.6)), 1e-15, "weibull 1.6/58: S(36) formula");
    hs_hazard wa = mk(HS_FAM_WEIBULL, HS_EFFECT_AFT, 1.6, 58, 0);
    is_double(hs_hazard_S(&wa, 0.5, 36), exp(-pow(36.0 / (58.0 * exp(0.5)), 1.6)), 1e-15,
              "weibull AFT: S(t) = Sb(t e^-lp)");
    hs_hazard g = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.05, 0.01, 0);
    /* python3: math.exp(-0.01/0.05*(math.exp(0.05*24)-1)) */
    is_double(hs_hazard_S(&g, 0, 24), 0.6287488512879267, 1e-15, "gompertz 0.05/0.01: S(24) known value");
    is_rel(hs_hazard_h(&g, 0, 24), 0.01 * exp(0.05 * 24), 1e-15, "gompertz: h(24) = rate e^(shape t)");
    hs_hazard ll = mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_PH, 2.2, 30, 0);
    /* python3: 1/(1+(20/30)**2.2) */
    is_double(hs_hazard_S(&ll, 0, 20), 0.7093075213033971, 1e-15, "loglogistic 2.2/30: S(20) known value");
    is_rel(hs_hazard_median(&ll, 0), 30.0, 1e-14, "loglogistic median = scale");
    hs_hazard ln = mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, 3.4, 0.9, 0);
    /* python3: 0.5*math.erfc((math.log(25)-3.4)/(0.9*math.sqrt(2))) */
    is_double(hs_hazard_S(&ln, 0, 25), 0.5797480932752724, 1e-15, "lognormal 3.4/0.9: S(25) known value");
    is_double(hs_hazard_S(&ln, 0, 25), 0.5 * erfc((log(25.0) - 3.4) / (0.9 * sqrt(2.0))), 1e-15,
              "lognormal: S(25) via erfc");
    is_rel(hs_hazard_median(&ln, 0), exp(3.4), 1e-14, "lognormal median = exp(meanlog)");
    hs_hazard lna = mk(HS_FAM_LOGNORMAL, HS_EFFECT_AFT, 3.4, 0.9, 0);
    is_rel(hs_hazard_median(&lna, 0.7), exp(3.4 + 0.7), 1e-14, "lognormal AFT median = exp(meanlog + lp)");
    {
        /* Far tail: ln Q(z) switches to an asymptotic series at z = 37. Reference:
         * Laplace's continued fraction Q(z) = phi(z) / (z + 1/(z + 2/(z + 3/(z + ...)))). */
        static const double zs[] = {5.0, 36.5, 37.5, 60.0};
        double err = 0.0;
        for (int i = 0; i < 4; i++) {
            double t = exp(3.4 + 0.9 * zs[i]);
            double z = (log(t) - 3.4) / 0.9, d = z;
            for (int k = 300; k >= 1; k--)
                d = z + k / d;
            double want = 0.5 * z * z + 0.5 * log(2.0 * PI_D) + log(d);
            err = fmax(err, fabs(hs_hazard_H(&ln, 0, t) / want - 1.0));
        }
        is_double(err, 0, 1e-14, "lognormal H = -ln Q(z) at z = 5, 36.5, 37.5, 60 (max rel err %.2g)", err);
        ok(isfinite(hs_hazard_Hinv(&ln, 0, 1000.0)), "lognormal Hinv(1000) is finite");
        is_rel(hs_hazard_H(&ln, 0, hs_hazard_Hinv(&ln, 0, 1000.0)), 1000.0, 1e-12,
               "lognormal H(Hinv(1000)) = 1000 (beyond exp underflow)");
    }
    hs_hazard p1 = mk_pw(3, pw1c, pw1r, 0);
    /* python3: math.exp(-(12*0.02+18*0.035)) */
    is_double(hs_hazard_S(&p1, 0, 30), 0.41895154924763894, 1e-15, "piecewise: S(30) known value");
    is_double(hs_hazard_h(&p1, 0, 12), 0.035, 0, "piecewise: h at a cut is the right-hand rate");
    hs_hazard p2 = mk_pw(3, pw2c, pw2r, 0);
    ok(isinf(hs_hazard_Hinv(&p2, 0, 0.9 + 1e-9)), "piecewise last rate 0: Hinv past H(inf) = INFINITY");
    is_rel(hs_hazard_Hinv(&p2, 0, 0.9), 24.0, 1e-14, "piecewise last rate 0: Hinv(H(inf)) = last cut");
    hs_hazard p3 = mk_pw(4, pw3c, pw3r, 0);
    is_double(hs_hazard_Hinv(&p3, 0, 0.0), 0.0, 0, "piecewise zero first rate: Hinv(0) = 0");
    is_rel(hs_hazard_Hinv(&p3, 0, 1e-12), 3.0, 1e-9, "piecewise zero first rate: Hinv(0+) = 3");
    hs_hazard eh = with_hr(mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.03, 0, 0), 2, hr2c, hr2);
    is_rel(hs_hazard_H(&eh, 0, 30), 0.03 * 12 + 0.5 * 0.03 * 18, 1e-15, "hr multiplier: H(30) = 12 r + 0.5 18 r");
    is_rel(hs_hazard_H(&eh, 0.4, 30), exp(0.4) * (0.03 * 12 + 0.5 * 0.03 * 18), 1e-15,
           "hr multiplier with PH lp: e^lp Hm");
    is_rel(hs_hazard_h(&eh, 0, 20), 0.015, 1e-15, "hr multiplier: h(20) = 0.5 r");

    /* ---- identities ---- */
    {
        hs_hazard e = mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.037, 0, 0);
        hs_hazard w1 = mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.0, 1.0 / 0.037, 0);
        double es = 0, eh1 = 0, eq = 0, ed = 0;
        hs_rng r;
        hs_rng_stream(&r, 7u, 1u, 2u);
        for (int i = 1; i < 100; i++) {
            double t = 0.7 * i, p = i / 100.0, u = hs_rng_uniform(&r);
            for (int j = 0; j < 2; j++) {
                double lp = j ? 0.3 : 0.0;
                es = fmax(es, fabs(hs_hazard_S(&e, lp, t) - hs_hazard_S(&w1, lp, t)));
                eh1 = fmax(eh1, fabs(hs_hazard_h(&e, lp, t) / hs_hazard_h(&w1, lp, t) - 1.0));
                eq = fmax(eq, fabs(hs_hazard_quantile(&e, lp, p) / hs_hazard_quantile(&w1, lp, p) - 1.0));
                ed = fmax(ed, fabs(hs_hazard_sample(&e, lp, u) / hs_hazard_sample(&w1, lp, u) - 1.0));
            }
        }
        is_double(es, 0, 1e-12, "weibull shape 1 = exponential: S (max diff %.2g)", es);
        is_double(eh1, 0, 1e-12, "weibull shape 1 = exponential: h (max rel diff %.2g)", eh1);
        is_double(eq, 0, 1e-12, "weibull shape 1 = exponential: quantile (max rel diff %.2g)", eq);
        is_double(ed, 0, 1e-12, "weibull shape 1 = exponential: draws (max rel diff %.2g)", ed);

        double beta = 0.45;
        is_rel(hs_hazard_median(&e, beta), hs_hazard_median(&e, 0) * exp(-beta), 1e-12,
               "PH beta scales the exponential median by exp(-beta)");
        is_rel(hs_hazard_median(&e, 0), log(2.0) / 0.037, 1e-14, "exponential median = ln 2 / rate");
        hs_hazard ea = e;
        ea.effect = HS_EFFECT_AFT;
        is_rel(hs_hazard_median(&ea, beta), hs_hazard_median(&e, 0) * exp(beta), 1e-12,
               "AFT beta scales the exponential median by exp(beta)");

        hs_hazard g0 = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 1e-9, 0.037, 0);
        hs_hazard gz = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.0, 0.037, 0);
        double eg = 0, egz = 0;
        for (int i = 1; i < 100; i++) {
            double t = 0.7 * i;
            eg = fmax(eg, fabs(hs_hazard_H(&g0, 0, t) / hs_hazard_H(&e, 0, t) - 1.0));
            egz = fmax(egz, fabs(hs_hazard_H(&gz, 0, t) / hs_hazard_H(&e, 0, t) - 1.0));
        }
        /* H_gompertz / H_exp - 1 = (e^(a t) - 1)/(a t) - 1 ~ a t / 2 <= 3.5e-8 here */
        is_double(eg, 0, 4e-8, "gompertz shape 1e-9 -> exponential (max rel diff %.2g)", eg);
        is_double(egz, 0, 1e-15, "gompertz shape 0 = exponential (max rel diff %.2g)", egz);
        hs_hazard gn = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, -0.02, 0.05, 0);
        is_rel(hs_hazard_Hinf(&gn, 0), 2.5, 1e-15, "gompertz shape < 0: H(inf) = rate/|shape|");
        ok(isinf(hs_hazard_Hinv(&gn, 0, 2.5)), "gompertz shape < 0: Hinv(H(inf)) = INFINITY");
    }
    {
        /* Cure: S(t) -> pi. */
        static const double cures[] = {0.1, 0.35};
        hs_hazard cm[4];
        cm[0] = mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.03, 0, 0);
        cm[1] = mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.6, 58, 0);
        cm[2] = mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, 3.4, 0.9, 0);
        cm[3] = mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_AFT, 2.2, 30, 0);
        double e1 = 0, e2 = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 2; j++) {
                cm[i].cure = cures[j];
                e1 = fmax(e1, fabs(hs_hazard_S(&cm[i], 0, 1e9) - cures[j]));
                e2 = fmax(e2, fabs(hs_hazard_S(&cm[i], 0, INFINITY) - cures[j]));
            }
        is_double(e1, 0, 1e-12, "cure pi: S(1e9) = pi (4 families x 2 pi, max diff %.2g)", e1);
        is_double(e2, 0, 1e-12, "cure pi: S(inf) = pi (max diff %.2g)", e2);
        is_rel(hs_hazard_S(&cm[1], 0.6, INFINITY), pow(0.35, exp(0.6)), 1e-14, "cure under PH: S(inf) = pi^(e^lp)");
        is_rel(hs_hazard_S(&cm[3], 0.6, INFINITY), 0.35, 1e-14, "cure under AFT: S(inf) = pi");
        ok(isinf(hs_hazard_sample(&cm[1], 0, 0.3)) && isfinite(hs_hazard_sample(&cm[1], 0, 0.36)),
           "cure 0.35: u < pi gives INFINITY, u > pi a finite time");
        ok(isinf(hs_hazard_quantile(&cm[1], 0, 0.66)) && isfinite(hs_hazard_quantile(&cm[1], 0, 0.64)),
           "cure 0.35: quantile INFINITY past 1 - pi");
        hs_hazard big = cm[1];
        big.cure = 0.6;
        ok(isinf(hs_hazard_median(&big, 0)), "cure 0.6: median = INFINITY");
        is_rel(hs_hazard_Hinf(&cm[1], 0), -log(0.35), 1e-15, "cure: Hinf = -ln pi");
    }

    /* ---- parameter checks: one per rule ---- */
    {
        char why[160];
        hs_hazard b;
#define REJECT(expr, label)                                                              \
    do {                                                                                \
        b = mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.5, 20, 0);                               \
        expr;                                                                           \
        why[0] = '\0';                                                                  \
        ok(hs_hazard_check(&b, why, sizeof why) == -1 && why[0], "check rejects %s (%s)", \
           label, why[0] ? why : "no message");                                          \
    } while (0)
        REJECT(b = mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0, 0, 0), "exponential rate 0");
        REJECT(b = mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, INFINITY, 0, 0), "exponential rate inf");
        REJECT(b.par[0] = -1, "weibull shape < 0");
        REJECT(b.par[1] = 0, "weibull scale 0");
        REJECT(b = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, NAN, 0.1, 0), "gompertz shape NaN");
        REJECT(b = mk(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.1, 0, 0), "gompertz rate 0");
        REJECT(b = mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_PH, 0, 10, 0), "loglogistic shape 0");
        REJECT(b = mk(HS_FAM_LOGLOGISTIC, HS_EFFECT_PH, 1, -10, 0), "loglogistic scale < 0");
        REJECT(b = mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, INFINITY, 1, 0), "lognormal meanlog inf");
        REJECT(b = mk(HS_FAM_LOGNORMAL, HS_EFFECT_PH, 3, 0, 0), "lognormal sdlog 0");
        REJECT(b = mk_pw(0, pw1c, pw1r, 0), "piecewise 0 pieces");
        REJECT((b = mk_pw(3, pw1c, pw1r, 0), b.npieces = HS_PIECES_MAX + 1), "piecewise too many pieces");
        REJECT((b = mk_pw(3, pw1c, pw1r, 0), b.cut[0] = 1), "piecewise cut[0] != 0");
        REJECT((b = mk_pw(3, pw1c, pw1r, 0), b.cut[2] = 12), "piecewise cuts not strictly increasing");
        REJECT((b = mk_pw(3, pw1c, pw1r, 0), b.rate[1] = -0.01), "piecewise rate < 0");
        REJECT((b = mk_pw(3, pw1c, pw1r, 0), b.rate[0] = b.rate[1] = b.rate[2] = 0), "piecewise all rates 0");
        REJECT(b.cure = 1.0, "cure = 1");
        REJECT(b.cure = -0.1, "cure < 0");
        REJECT(b.family = HS_FAM_COUNT, "unknown family");
        REJECT(b.effect = (hs_effect)7, "unknown effect");
        REJECT((b = with_hr(b, 2, hr2c, hr2), b.hr[1] = 0), "hr = 0");
        REJECT((b = with_hr(b, 2, hr2c, hr2), b.hr_cut[0] = 2), "hr_cut[0] != 0");
        REJECT((b = with_hr(b, 2, hr2c, hr2), b.hr_cut[1] = 0), "hr cuts not increasing");
        REJECT(b.nhr = HS_PIECES_MAX + 1, "nhr > HS_PIECES_MAX");
#undef REJECT
        b = mk(HS_FAM_GOMPERTZ, HS_EFFECT_AFT, -0.3, 0.1, 0.5);
        b = with_hr(b, 2, hr2c, hr2);
        why[0] = 'x';
        ok(hs_hazard_check(&b, why, sizeof why) == 0 && why[0] == '\0', "check accepts a valid model");
        /* the err, errlen convention: the text in err, err may be NULL, a short err is cut */
        b = mk(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.5, 0, 0);
        ok(hs_hazard_check(&b, why, sizeof why) == -1 && !strcmp(why, "weibull scale must be finite and > 0"),
           "a bad model: -1 and its text in err (%s)", why);
        ok(hs_hazard_check(&b, NULL, 0) == -1, "a bad model with err == NULL: -1");
        char small[8];
        ok(hs_hazard_check(&b, small, sizeof small) == -1 && !strcmp(small, "weibull"),
           "a short err is cut, NUL-terminated (%s)", small);
    }

    /* ---- the KS p-value itself: asymptotic critical values 1.0727, 1.2239, 1.3581,
     * 1.6276 for alpha = 0.20, 0.10, 0.05, 0.01 (Smirnov, Ann Math Stat 19 (1948) 279-281),
     * and the two series agree where they meet ---- */
    is_double(ks_q(1.0727), 0.20, 1e-4, "Q_KS(1.0727) = 0.20");
    is_double(ks_q(1.2239), 0.10, 1e-4, "Q_KS(1.2239) = 0.10");
    is_double(ks_q(1.3581), 0.05, 1e-5, "Q_KS(1.3581) = 0.05");
    is_double(ks_q(1.6276), 0.01, 1e-5, "Q_KS(1.6276) = 0.01");
    is_double(ks_q_small(1.18), ks_q_large(1.18), 1e-14, "KS series agree at x = 1.18");

    /* ---- names ---- */
    {
        int good = 1;
        for (int f = 0; f < (int)HS_FAM_COUNT; f++)
            good = good && hs_hazard_family_from_name(hs_hazard_family_name((hs_family)f)) == f;
        ok(good, "family names round-trip");
        is_int(hs_hazard_family_from_name("lognormal"), HS_FAM_LOGNORMAL, "\"lognormal\" -> HS_FAM_LOGNORMAL");
        is_int(hs_hazard_family_from_name("cauchy"), -1, "unknown name -> -1");
        ok(hs_hazard_family_name(HS_FAM_COUNT) == NULL, "bad enum -> NULL name");
    }

    static const double one_hr_c[] = {0}, one_hr[] = {0.6}, tiny_hr[] = {1e-300};
    hs_hazard e1 = with_hr(mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, log(2.0) / 30.0, 0, 0), 1, one_hr_c, one_hr);
    check_sample_exact("exp, one constant hr 0.6", &e1, 0.0);
    check_sample_exact("exp, one constant hr 0.6, lp 0.3", &e1, 0.3);
    hs_hazard e2 = with_hr(mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.05, 0, 0), 1, one_hr_c, tiny_hr);
    check_sample_exact("exp, one constant hr 1e-300 (overflow)", &e2, 0.0);
    hs_hazard e3 = mk(HS_FAM_EXPONENTIAL, HS_EFFECT_PH, 0.05, 0, 0);
    check_sample_exact("exp, no hr", &e3, 0.0);
    return tap_done();
}
