/* hazard.h — parametric survival models: h, H, S, density, quantile and
 * sampling by inversion, with covariate effects and a cure fraction.
 *
 * Time is in months. Parameterisations (design.md):
 *   exponential  par[0] = rate                      H0 = rate t
 *   weibull      par[0] = shape, par[1] = scale     H0 = (t/scale)^shape
 *   gompertz     par[0] = shape, par[1] = rate      h0 = rate e^(shape t)
 *   loglogistic  par[0] = shape, par[1] = scale     S0 = 1/(1+(t/scale)^shape)
 *   lognormal    par[0] = meanlog, par[1] = sdlog   S0 = 1 - Phi((ln t - mu)/sigma)
 *   piecewise    cut[k], rate[k], k < npieces, cut[0] = 0: constant rate[k] on [cut[k], cut[k+1])
 *
 * The population survival of the baseline is Sb(t) = cure + (1-cure) S0(t),
 * with cumulative hazard Hb = -ln Sb. A patient with linear predictor lp has
 *   PH : H(t) = e^lp  * Hm(t)                 (effects are log hazard ratios)
 *   AFT: H(t) = Hm(t e^-lp)  (S(t) = Sb(t e^-lp); effects are log time ratios)
 * where Hm applies the optional time-varying hazard-ratio multiplier
 *   Hm(t) = sum_k hr[k] * (Hb(min(t, hr_cut[k+1])) - Hb(hr_cut[k]))
 * (hr_cut[0] = 0; with nhr = 0 the multiplier is 1 and Hm = Hb). For AFT the
 * multiplier's cut points apply to the accelerated time t e^-lp.
 * A cure fraction therefore survives PH scaling as cure^(e^lp).
 */
#ifndef HS_HAZARD_H
#define HS_HAZARD_H

#include <stddef.h>

#define HS_PIECES_MAX 32

typedef enum hs_family {
    HS_FAM_EXPONENTIAL,
    HS_FAM_WEIBULL,
    HS_FAM_GOMPERTZ,
    HS_FAM_LOGLOGISTIC,
    HS_FAM_LOGNORMAL,
    HS_FAM_PIECEWISE,
    HS_FAM_COUNT
} hs_family;

typedef enum hs_effect { HS_EFFECT_PH, HS_EFFECT_AFT } hs_effect;

typedef struct hs_hazard {
    hs_family family;
    hs_effect effect;
    double par[2];
    int npieces; /* piecewise only */
    double cut[HS_PIECES_MAX];
    double rate[HS_PIECES_MAX];
    double cure; /* cured fraction in [0, 1) */
    int nhr;     /* 0 = no multiplier */
    double hr_cut[HS_PIECES_MAX];
    double hr[HS_PIECES_MAX];
} hs_hazard;

/* The family table: one row per family, the one place that names the
 * parameters of each family, their model-file ranges and the effect forms a
 * model file accepts. model.c reads model files with it, fit.c names its
 * estimates with it, the fit front end writes model files with it. */
typedef struct hs_family_param {
    const char *key;     /* model-file key of par[j] ("shape") */
    int logfit;          /* fit.c estimates log(par[j]) (named "log(KEY)"), else par[j] */
    double lo;           /* model-file range [lo, hi], lo open when lo_open */
    int lo_open;
    double hi;
    const char *expect; /* the range in words ("a shape in [0.05, 50]") */
} hs_family_param;

typedef struct hs_family_info {
    const char *name;         /* "weibull" */
    int npar;                 /* model-file keys par[0..npar-1]; piecewise has one, rates (a
                               * START:RATE list, not par[]) */
    hs_family_param par[2];
    const char *keys;         /* the keys in words ("shape and scale") */
    hs_effect effect;         /* default effect form */
    int ph_ok, aft_ok;        /* effect forms a model file accepts */
} hs_family_info;

/* Row of family f, or NULL when f is not a family. */
const hs_family_info *hs_hazard_family_info_of(hs_family f);

/* Family name <-> enum ("exponential", "weibull", ...). Returns -1 / NULL if unknown. */
int hs_hazard_family_from_name(const char *name);
const char *hs_hazard_family_name(hs_family f);

/* Check parameters; returns 0 (err set to ""), or -1 with what is wrong in
 * err ("weibull scale must be finite and > 0", ...; errlen bytes, err may be
 * NULL). */
int hs_hazard_check(const hs_hazard *m, char *err, size_t errlen);

double hs_hazard_h(const hs_hazard *m, double lp, double t);       /* hazard */
double hs_hazard_H(const hs_hazard *m, double lp, double t);       /* cumulative hazard */
double hs_hazard_S(const hs_hazard *m, double lp, double t);       /* survival */
double hs_hazard_density(const hs_hazard *m, double lp, double t); /* f = h S */
/* Distribution function F = 1 - S, computed as -expm1(-H) (accurate for small F). */
double hs_hazard_cdf(const hs_hazard *m, double lp, double t);
/* H(INFINITY): finite (= -ln of the surviving mass) with a cure fraction or a
 * defective baseline, else INFINITY. */
double hs_hazard_Hinf(const hs_hazard *m, double lp);
/* Inverse cumulative hazard: smallest t with H(t) >= y; INFINITY if never. */
double hs_hazard_Hinv(const hs_hazard *m, double lp, double y);
/* Quantile: t with F(t) = p, p in [0,1); INFINITY past the cure plateau. */
double hs_hazard_quantile(const hs_hazard *m, double lp, double p);
/* Median survival time (INFINITY if S never reaches 0.5). */
double hs_hazard_median(const hs_hazard *m, double lp);
/* Event time by inversion from one uniform u in (0,1): T = Hinv(-ln u). */
double hs_hazard_sample(const hs_hazard *m, double lp, double u);

#endif
