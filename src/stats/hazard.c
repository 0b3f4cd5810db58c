/* hazard.c — parametric survival models (see hazard.h for the model).
 *
 * Baseline (uncured) cumulative hazards H0 = -ln S0, hazards h0 = f0 / S0:
 *   exponential  H0 = r t                          h0 = r
 *   weibull      H0 = (t/b)^a                      h0 = a (t/b)^a / t
 *   gompertz     H0 = r expm1(a t) / a  (a != 0)   h0 = r e^(a t)
 *                (a < 0: H0(inf) = r/|a|, a defective distribution)
 *   loglogistic  H0 = log1p((t/b)^a)               h0 = a x / (t (1 + x)), x = (t/b)^a
 *   lognormal    H0 = -ln Q(z), z = (ln t - mu)/sigma,  h0 = phi(z) / (sigma t Q(z))
 *   piecewise    H0 = sum_k r_k |[c_k, c_{k+1}) ∩ [0, t)|
 * (Klein & Moeschberger, Survival Analysis, 2nd ed., 2003, ch. 2; Collett,
 * Modelling Survival Data in Medical Research, 3rd ed., 2015, ch. 5-6.)
 *
 * Mixture cure model (Boag 1949; Farewell 1982):
 *   Sb = c + (1-c) S0,  Hb = -ln Sb,  hb = h0 (1-c) S0 / Sb,
 *   Hb^-1(y) = S0^-1((e^-y - c)/(1-c)), INFINITY when e^-y <= c.
 * Time-varying hazard-ratio multiplier on Hb, then PH (H = e^lp Hm(t)) or
 * AFT (H = Hm(t e^-lp)). Sampling by inversion: T = H^-1(-ln U)
 * (Bender, Augustin & Blettner, Stat Med 2005;24:1713-1723).
 *
 * ln Q(z) in the far upper tail (z >= 37, where Q underflows) uses the
 * asymptotic expansion Q(z) = phi(z)/z (1 - 1/z^2 + 3/z^4 - 15/z^6 + 105/z^8 - ...)
 * (Abramowitz & Stegun 26.2.12).
 */
#include "hazard.h"

#include "cfgval.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#define HS_LN_SQRT_2PI 0.91893853320467274178 /* ln sqrt(2 pi) */
#define HS_LN2 0.69314718055994530942         /* ln 2 */

/* Model-file ranges: configs/README.md, "Ranges". */
static const hs_family_info families[HS_FAM_COUNT] = {
    [HS_FAM_EXPONENTIAL] = {"exponential", 1,
                            {{"rate", 1, 0, 1, HS_RATE_MAX, "a rate in (0, 1000] per month"}},
                            "rate or median", HS_EFFECT_PH, 1, 0},
    [HS_FAM_WEIBULL] = {"weibull", 2,
                        {{"shape", 1, 0.05, 0, 50, "a shape in [0.05, 50]"},
                         {"scale", 1, 1e-3, 0, HS_TIME_MAX, "a scale in [0.001, 100000] months"}},
                        "shape and scale", HS_EFFECT_PH, 1, 1},
    [HS_FAM_GOMPERTZ] = {"gompertz", 2,
                         {{"shape", 0, -10, 0, 10, "a shape in [-10, 10] per month"},
                          {"rate", 1, 0, 1, HS_RATE_MAX, "a rate in (0, 1000] per month"}},
                         "shape and rate", HS_EFFECT_PH, 1, 0},
    [HS_FAM_LOGLOGISTIC] = {"loglogistic", 2,
                            {{"shape", 1, 0.05, 0, 50, "a shape in [0.05, 50]"},
                             {"scale", 1, 1e-3, 0, HS_TIME_MAX, "a scale in [0.001, 100000] months"}},
                            "shape and scale", HS_EFFECT_AFT, 0, 1},
    [HS_FAM_LOGNORMAL] = {"lognormal", 2,
                          {{"meanlog", 0, -7, 0, 11.6, "a meanlog in [-7, 11.6] (log months)"},
                           {"sdlog", 1, 0, 1, 10, "an sdlog in (0, 10]"}},
                          "meanlog and sdlog", HS_EFFECT_AFT, 0, 1},
    [HS_FAM_PIECEWISE] = {"piecewise", 1, {{"rates", 1, 0, 0, HS_RATE_MAX,
                                            "a rate in [0, 1000] per month"}},
                          "rates", HS_EFFECT_PH, 1, 0},
};

const hs_family_info *hs_hazard_family_info_of(hs_family f)
{
    if ((int)f < 0 || f >= HS_FAM_COUNT)
        return NULL;
    return &families[f];
}

int hs_hazard_family_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int f = 0; f < (int)HS_FAM_COUNT; f++)
        if (strcmp(name, families[f].name) == 0)
            return f;
    return -1;
}

const char *hs_hazard_family_name(hs_family f)
{
    const hs_family_info *fi = hs_hazard_family_info_of(f);
    return fi ? fi->name : NULL;
}

static int pos_finite(double x) { return isfinite(x) && x > 0.0; }

int hs_hazard_check(const hs_hazard *m, char *err, size_t errlen)
{
    const char *msg = NULL;
    if (!m) {
        msg = "hazard model is NULL";
        goto bad;
    }
    switch (m->family) {
    case HS_FAM_EXPONENTIAL:
        if (!pos_finite(m->par[0]))
            msg = "exponential rate must be finite and > 0";
        break;
    case HS_FAM_WEIBULL:
        if (!pos_finite(m->par[0]))
            msg = "weibull shape must be finite and > 0";
        else if (!pos_finite(m->par[1]))
            msg = "weibull scale must be finite and > 0";
        break;
    case HS_FAM_GOMPERTZ:
        if (!isfinite(m->par[0]))
            msg = "gompertz shape must be finite";
        else if (!pos_finite(m->par[1]))
            msg = "gompertz rate must be finite and > 0";
        break;
    case HS_FAM_LOGLOGISTIC:
        if (!pos_finite(m->par[0]))
            msg = "loglogistic shape must be finite and > 0";
        else if (!pos_finite(m->par[1]))
            msg = "loglogistic scale must be finite and > 0";
        break;
    case HS_FAM_LOGNORMAL:
        if (!isfinite(m->par[0]))
            msg = "lognormal meanlog must be finite";
        else if (!pos_finite(m->par[1]))
            msg = "lognormal sdlog must be finite and > 0";
        break;
    case HS_FAM_PIECEWISE: {
        int any = 0;
        if (m->npieces < 1 || m->npieces > HS_PIECES_MAX) {
            msg = "piecewise needs 1 to HS_PIECES_MAX pieces";
            break;
        }
        if (m->cut[0] != 0.0) {
            msg = "piecewise cut points must start at 0";
            break;
        }
        for (int k = 0; k < m->npieces && !msg; k++) {
            if (k > 0 && !(isfinite(m->cut[k]) && m->cut[k] > m->cut[k - 1]))
                msg = "piecewise cut points must be finite and strictly increasing";
            else if (!(isfinite(m->rate[k]) && m->rate[k] >= 0.0))
                msg = "piecewise rates must be finite and >= 0";
            else if (m->rate[k] > 0.0)
                any = 1;
        }
        if (!msg && !any)
            msg = "piecewise rates must not all be 0";
        break;
    }
    default:
        msg = "unknown hazard family";
        break;
    }
    if (msg)
        goto bad;
    if (m->effect != HS_EFFECT_PH && m->effect != HS_EFFECT_AFT) {
        msg = "unknown covariate effect type (PH or AFT)";
        goto bad;
    }
    if (!(isfinite(m->cure) && m->cure >= 0.0 && m->cure < 1.0)) {
        msg = "cure fraction must be in [0, 1)";
        goto bad;
    }
    if (m->nhr < 0 || m->nhr > HS_PIECES_MAX) {
        msg = "hazard-ratio multiplier needs 0 to HS_PIECES_MAX pieces";
        goto bad;
    }
    if (m->nhr > 0 && m->hr_cut[0] != 0.0) {
        msg = "hazard-ratio cut points must start at 0";
        goto bad;
    }
    for (int k = 0; k < m->nhr; k++) {
        if (k > 0 && !(isfinite(m->hr_cut[k]) && m->hr_cut[k] > m->hr_cut[k - 1])) {
            msg = "hazard-ratio cut points must be finite and strictly increasing";
            goto bad;
        }
        if (!pos_finite(m->hr[k])) {
            msg = "hazard ratios must be finite and > 0";
            goto bad;
        }
    }
    if (err && errlen)
        err[0] = '\0';
    return 0;
bad:
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

/* ---- standard normal tail helpers ---- */

/* ln Q(z), accurate from the lower tail (Q ~ 1) to far past underflow. */
static double log_q(double z)
{
    if (z < 0.0)
        return log1p(-gsl_cdf_ugaussian_P(z));
    if (z < 37.0)
        return log(gsl_cdf_ugaussian_Q(z));
    double r = 1.0 / (z * z);
    double series = 1.0 + r * (-1.0 + r * (3.0 + r * (-15.0 + r * (105.0 - 945.0 * r))));
    return -0.5 * z * z - log(z) - HS_LN_SQRT_2PI + log(series);
}

/* z with -ln Q(z) = y, y > 0. */
static double inv_log_q(double y)
{
    if (y < HS_LN2)
        return gsl_cdf_ugaussian_Pinv(-expm1(-y));
    if (y < 700.0)
        return gsl_cdf_ugaussian_Qinv(exp(-y));
    /* Newton on g(z) = ln Q(z) + y, g' = -phi(z)/Q(z); z0 from ln Q ~ -z^2/2. */
    double z = sqrt(2.0 * y);
    for (int i = 0; i < 50; i++) {
        double lq = log_q(z);
        double mills = exp(-0.5 * z * z - HS_LN_SQRT_2PI - lq);
        double step = (lq + y) / mills;
        z += step;
        if (fabs(step) <= 1e-15 * z)
            break;
    }
    return z;
}

/* ---- baseline (uncured) family ---- */

/* H0(t) for t >= 0, including t = INFINITY. */
static double base_H(const hs_hazard *m, double t)
{
    switch (m->family) {
    case HS_FAM_EXPONENTIAL:
        return m->par[0] * t;
    case HS_FAM_WEIBULL:
        return pow(t / m->par[1], m->par[0]);
    case HS_FAM_GOMPERTZ: {
        double a = m->par[0], r = m->par[1];
        if (a == 0.0)
            return r * t;
        if (isinf(t))
            return a > 0.0 ? INFINITY : -r / a;
        return r * expm1(a * t) / a;
    }
    case HS_FAM_LOGLOGISTIC: {
        if (t == 0.0)
            return 0.0;
        double lx = m->par[0] * log(t / m->par[1]);
        if (lx > 700.0)
            return lx + log1p(exp(-lx));
        return log1p(exp(lx));
    }
    case HS_FAM_LOGNORMAL:
        if (t == 0.0)
            return 0.0;
        if (isinf(t))
            return INFINITY;
        return -log_q((log(t) - m->par[0]) / m->par[1]);
    case HS_FAM_PIECEWISE: {
        double acc = 0.0;
        int n = m->npieces;
        for (int k = 0; k < n; k++) {
            double hi = k + 1 < n ? m->cut[k + 1] : INFINITY;
            if (t <= hi)
                return acc + (m->rate[k] > 0.0 ? m->rate[k] * (t - m->cut[k]) : 0.0);
            acc += m->rate[k] * (hi - m->cut[k]);
        }
        return acc;
    }
    default:
        return NAN;
    }
}

/* h0(t) for t >= 0. */
static double base_h(const hs_hazard *m, double t)
{
    switch (m->family) {
    case HS_FAM_EXPONENTIAL:
        return m->par[0];
    case HS_FAM_WEIBULL: {
        double a = m->par[0], b = m->par[1];
        if (t == 0.0)
            return a < 1.0 ? INFINITY : (a == 1.0 ? 1.0 / b : 0.0);
        return a * pow(t / b, a) / t;
    }
    case HS_FAM_GOMPERTZ:
        return m->par[1] * exp(m->par[0] * t);
    case HS_FAM_LOGLOGISTIC: {
        double a = m->par[0], b = m->par[1];
        if (t == 0.0)
            return a < 1.0 ? INFINITY : (a == 1.0 ? 1.0 / b : 0.0);
        double lx = a * log(t / b);
        /* x/(1+x) = 1/(1+e^-lx) */
        return a / (t * (1.0 + exp(-lx)));
    }
    case HS_FAM_LOGNORMAL: {
        if (t == 0.0)
            return 0.0;
        double mu = m->par[0], s = m->par[1];
        double z = (log(t) - mu) / s;
        return exp(-0.5 * z * z - HS_LN_SQRT_2PI - log_q(z)) / (s * t);
    }
    case HS_FAM_PIECEWISE: {
        int k = m->npieces - 1;
        while (k > 0 && t < m->cut[k])
            k--;
        return m->rate[k];
    }
    default:
        return NAN;
    }
}

/* Smallest t with H0(t) >= y, y >= 0; INFINITY if H0 never reaches y. */
static double base_Hinv(const hs_hazard *m, double y)
{
    switch (m->family) {
    case HS_FAM_EXPONENTIAL:
        return y / m->par[0];
    case HS_FAM_WEIBULL:
        return m->par[0] == 1.0 ? m->par[1] * y : m->par[1] * pow(y, 1.0 / m->par[0]);
    case HS_FAM_GOMPERTZ: {
        double a = m->par[0], r = m->par[1];
        if (a == 0.0)
            return y / r;
        double v = y * a / r;
        if (v <= -1.0)
            return INFINITY;
        return log1p(v) / a;
    }
    case HS_FAM_LOGLOGISTIC: {
        /* (t/b)^a = expm1(y) */
        double a = m->par[0], b = m->par[1];
        double le = y > 700.0 ? y + log1p(-exp(-y)) : log(expm1(y));
        return b * exp(le / a);
    }
    case HS_FAM_LOGNORMAL:
        if (y == 0.0)
            return 0.0;
        if (isinf(y))
            return INFINITY;
        return exp(m->par[0] + m->par[1] * inv_log_q(y));
    case HS_FAM_PIECEWISE: {
        double acc = 0.0;
        int n = m->npieces;
        for (int k = 0; k < n; k++) {
            double lo = m->cut[k], r = m->rate[k];
            if (y <= acc)
                return lo;
            if (k + 1 == n)
                return r > 0.0 ? lo + (y - acc) / r : INFINITY;
            double d = r * (m->cut[k + 1] - lo);
            if (y <= acc + d)
                return lo + (y - acc) / r;
            acc += d;
        }
        return INFINITY;
    }
    default:
        return NAN;
    }
}

/* ---- population baseline with cure ---- */

static double pop_H(const hs_hazard *m, double t)
{
    double c = m->cure;
    if (t <= 0.0)
        return 0.0;
    double h0 = base_H(m, t);
    if (c == 0.0)
        return h0;
    if (h0 > HS_LN2) /* S0 < 1/2: no cancellation in c + (1-c) S0 */
        return -log(c + (1.0 - c) * exp(-h0));
    return -log1p((1.0 - c) * expm1(-h0));
}

static double pop_h(const hs_hazard *m, double t)
{
    double c = m->cure;
    double h0 = base_h(m, t);
    if (c == 0.0 || h0 == 0.0)
        return h0;
    double s0 = exp(-base_H(m, t));
    double w = (1.0 - c) * s0;
    return h0 * (w / (c + w));
}

static double pop_Hinv(const hs_hazard *m, double y)
{
    double c = m->cure;
    if (!(y > 0.0))
        return y == 0.0 ? 0.0 : NAN;
    if (c == 0.0)
        return base_Hinv(m, y);
    double sb = exp(-y);
    if (sb <= c)
        return INFINITY;
    double y0;
    if (sb < 0.5 + 0.5 * c) /* S0 target < 1/2 */
        y0 = -log((sb - c) / (1.0 - c));
    else
        y0 = -log1p(expm1(-y) / (1.0 - c));
    return base_Hinv(m, y0);
}

/* ---- time-varying hazard-ratio multiplier ---- */

static double mult_H(const hs_hazard *m, double t)
{
    if (m->nhr == 0)
        return pop_H(m, t);
    if (!(t > 0.0))
        return t == 0.0 ? 0.0 : (t < 0.0 ? 0.0 : NAN);
    double acc = 0.0, hlo = 0.0;
    int n = m->nhr;
    for (int k = 0; k < n; k++) {
        double hi = k + 1 < n ? m->hr_cut[k + 1] : INFINITY;
        if (t <= hi)
            return acc + m->hr[k] * (pop_H(m, t) - hlo);
        double hhi = pop_H(m, hi);
        acc += m->hr[k] * (hhi - hlo);
        hlo = hhi;
        if (isinf(acc))
            return acc;
    }
    return acc;
}

static double mult_h(const hs_hazard *m, double t)
{
    if (m->nhr == 0)
        return pop_h(m, t);
    int k = m->nhr - 1;
    while (k > 0 && t < m->hr_cut[k])
        k--;
    return m->hr[k] * pop_h(m, t);
}

static double mult_Hinv(const hs_hazard *m, double y)
{
    if (m->nhr == 0)
        return pop_Hinv(m, y);
    if (!(y > 0.0))
        return y == 0.0 ? 0.0 : NAN;
    double acc = 0.0, hlo = 0.0;
    int n = m->nhr;
    for (int k = 0; k < n; k++) {
        if (k + 1 == n)
            return pop_Hinv(m, hlo + (y - acc) / m->hr[k]);
        double hhi = pop_H(m, m->hr_cut[k + 1]);
        double d = m->hr[k] * (hhi - hlo);
        if (y <= acc + d)
            return pop_Hinv(m, hlo + (y - acc) / m->hr[k]);
        acc += d;
        hlo = hhi;
    }
    return INFINITY;
}

/* ---- public: covariate effects ---- */

double hs_hazard_H(const hs_hazard *m, double lp, double t)
{
    if (isnan(t))
        return NAN;
    if (t <= 0.0)
        return 0.0;
    if (m->effect == HS_EFFECT_AFT)
        return mult_H(m, lp == 0.0 ? t : t * exp(-lp));
    double h = mult_H(m, t);
    return lp == 0.0 ? h : exp(lp) * h;
}

double hs_hazard_h(const hs_hazard *m, double lp, double t)
{
    if (isnan(t))
        return NAN;
    if (t < 0.0)
        return 0.0;
    if (lp == 0.0)
        return mult_h(m, t);
    double e = exp(-lp);
    if (m->effect == HS_EFFECT_AFT)
        return e * mult_h(m, t * e);
    return mult_h(m, t) / e;
}

double hs_hazard_S(const hs_hazard *m, double lp, double t) { return exp(-hs_hazard_H(m, lp, t)); }

double hs_hazard_cdf(const hs_hazard *m, double lp, double t) { return -expm1(-hs_hazard_H(m, lp, t)); }

double hs_hazard_density(const hs_hazard *m, double lp, double t)
{
    double h = hs_hazard_h(m, lp, t);
    if (h == 0.0)
        return 0.0;
    return h * hs_hazard_S(m, lp, t);
}

double hs_hazard_Hinv(const hs_hazard *m, double lp, double y)
{
    if (isnan(y))
        return NAN;
    if (y <= 0.0)
        return 0.0;
    if (lp == 0.0)
        return mult_Hinv(m, y);
    if (m->effect == HS_EFFECT_AFT)
        return exp(lp) * mult_Hinv(m, y);
    return mult_Hinv(m, y * exp(-lp));
}

double hs_hazard_quantile(const hs_hazard *m, double lp, double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    if (p == 1.0)
        return INFINITY;
    return hs_hazard_Hinv(m, lp, -log1p(-p));
}

double hs_hazard_median(const hs_hazard *m, double lp) { return hs_hazard_quantile(m, lp, 0.5); }

double hs_hazard_Hinf(const hs_hazard *m, double lp) { return hs_hazard_H(m, lp, INFINITY); }

double hs_hazard_sample(const hs_hazard *m, double lp, double u)
{
    if (m->nhr == 0 && m->cure == 0.0 && m->family == HS_FAM_EXPONENTIAL) {
        double r = m->par[0], y = -log(u);
        if (lp == 0.0)
            return y / r;
        return m->effect == HS_EFFECT_PH ? y / (r * exp(lp)) : y * exp(lp) / r;
    }
    if (m->nhr == 1 && m->cure == 0.0 && m->family == HS_FAM_EXPONENTIAL && lp == 0.0) {
        /* hs_hazard_Hinv's path with one constant ratio, the same operations:
         * mult_Hinv takes 0 + (y - 0) / hr, exact for y > 0, then y / rate */
        double y = -log(u);
        if (y > 0.0)
            return y / m->hr[0] / m->par[0];
    }
    if (m->nhr == 0 && m->cure > 0.0 && (lp == 0.0 || m->effect == HS_EFFECT_AFT)) {
        /* Sb(T e^-lp) = u directly: S0 = (u - c)/(1 - c), no exp(-(-ln u)) round trip. */
        double c = m->cure;
        if (u <= c)
            return INFINITY;
        double y0 = u < 0.5 + 0.5 * c ? -log((u - c) / (1.0 - c)) : -log1p((u - 1.0) / (1.0 - c));
        double t = base_Hinv(m, y0);
        return lp == 0.0 ? t : exp(lp) * t;
    }
    return hs_hazard_Hinv(m, lp, -log(u));
}
