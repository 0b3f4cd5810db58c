/* priorspec.h — a config's [prior] (design.md "Assurance") as plain data:
 * which values each replicate draws and where each drawn value goes.
 *
 * The same types serve the config (arm bits name config arms, in file
 * order) and the scenario (bit 0 the control arm, bit 1 the experimental
 * arm). A key drawn by a univariate prior is one target; `from_fit = ARM`
 * draws the arm's fitted parameters from the multivariate normal of its
 * model file's [covariance], one target per parameter. */
#ifndef HS_PRIORSPEC_H
#define HS_PRIORSPEC_H

#include "prior.h"

#define HS_PRIOR_KEYS_MAX 16 /* univariate [prior] keys */
#define HS_PRIOR_FITS_MAX 2  /* from_fit arms (the design's two) */
#define HS_PRIOR_NAME 96     /* a drawn quantity's name, incl. NUL */
/* Drawn quantities: every key, every fitted parameter, and the drawn HR. */
#define HS_PRIOR_Q_MAX (HS_PRIOR_KEYS_MAX + HS_PRIOR_FITS_MAX * HS_PRIOR_MVN_MAX + 1)

/* Where a drawn value v goes, in each arm of `arms`. */
typedef enum hs_prior_slot {
    HS_PS_HR,      /* the hazard-ratio multiplier: one piece, hr = v */
    HS_PS_PAR,     /* model parameter par[j] = v */
    HS_PS_MEDIAN,  /* exponential: rate par[0] = ln 2 / v */
    HS_PS_CURE,    /* cure fraction = v */
    HS_PS_BETA,    /* covariate effect beta[j][level] = v */
    HS_PS_DROPOUT, /* yearly loss to follow-up v: rate -ln(1 - v) / 12 per month */
    HS_PS_ACCRUAL, /* months of uniform accrual = v (the design's, not an arm's) */
    HS_PS_LOGPAR,  /* par[j] = e^v (a fit's log scale) */
    HS_PS_LOGRATE  /* piecewise rate[j] = e^v */
} hs_prior_slot;

typedef struct hs_prior_target {
    hs_prior_slot slot;
    int j;         /* parameter, piece or covariate index */
    int level;     /* HS_PS_BETA: the level */
    unsigned arms; /* bit a: arm a takes the value (an arm and the reference arms that copy it) */
    double lo, hi; /* the value's range (from_fit draws are clamped into it) */
    int effect;    /* the value bears on an arm's survival (it can move the effect) */
} hs_prior_target;

typedef struct hs_prior_key {
    char name[HS_PRIOR_NAME]; /* as written, --set form ("arm.hifu_chemo.hr") */
    int line;                 /* config line */
    hs_prior_dist dist;       /* truncated to the key's range */
    double mass;              /* the untruncated prior's mass inside that range */
    hs_prior_target target;
} hs_prior_key;

typedef struct hs_prior_fit {
    int arm;  /* the arm whose model file's [covariance] is drawn (config arm index) */
    int line; /* config line of from_fit */
    hs_prior_mvn mvn; /* centred on the arm's resolved values */
    char name[HS_PRIOR_MVN_MAX][HS_PRIOR_NAME]; /* "arm.ARM.log(rate:12)" */
    hs_prior_target target[HS_PRIOR_MVN_MAX];
} hs_prior_fit;

typedef struct hs_prior_spec {
    int nkeys;
    hs_prior_key key[HS_PRIOR_KEYS_MAX];
    int nfit;
    hs_prior_fit fit[HS_PRIOR_FITS_MAX];
    int conditional; /* [prior] conditional = yes: also the power at the point estimates */
} hs_prior_spec;

#endif
