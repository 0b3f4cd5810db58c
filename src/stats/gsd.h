/* gsd.h — group-sequential boundaries on the Z scale.
 *
 * The recursive numerical integration of Armitage, McPherson and Rowe
 * (Jennison & Turnbull 2000, ch. 19) for K <= HS_GSD_LOOKS_MAX looks at
 * information fractions t_1 < ... < t_K = 1. Z_k is the standardised test
 * statistic at look k, positive = benefit of the experimental arm; under a
 * drift theta (the mean of Z_K at full information), Z_k ~ N(theta sqrt(t_k), 1)
 * with the canonical joint distribution (independent increments).
 *
 * Names and conventions follow rpact's getDesignGroupSequential (see
 * ../shared/design.md, "Group-sequential designs"): `as*` alpha spending
 * (Lan-DeMets O'Brien-Fleming, Pocock, Kim-DeMets power RHO,
 * Hwang-Shih-DeCani GAMMA), `of`/`p` the classical O'Brien-Fleming and
 * Pocock boundaries, `hp` Haybittle-Peto; futility by beta spending (same
 * families, `bs*`, with the drift solved jointly so that power = 1 - beta)
 * or fixed Z bounds (`z:`), binding or not. Two-sided designs spend alpha/2
 * per side with symmetric bounds and take no futility bound.
 *
 * No I/O and no allocation: everything lives in the structs and on the stack,
 * so a simulation may solve bounds for observed information fractions inside
 * its replicate loop. */
#ifndef HS_GSD_H
#define HS_GSD_H

#include <stddef.h>

#define HS_GSD_LOOKS_MAX 10

typedef enum hs_gsd_eff {
    HS_GSD_EFF_NONE,  /* "none": no efficacy stop before the final look */
    HS_GSD_EFF_ASOF,  /* "asof": Lan-DeMets O'Brien-Fleming spending */
    HS_GSD_EFF_ASP,   /* "asp": Lan-DeMets Pocock spending */
    HS_GSD_EFF_ASKD,  /* "askd:RHO": Kim-DeMets alpha * t^RHO, RHO > 0 */
    HS_GSD_EFF_ASHSD, /* "ashsd:GAMMA": Hwang-Shih-DeCani, GAMMA != 0 (0 = linear) */
    HS_GSD_EFF_OF,    /* "of": classical O'Brien-Fleming c / sqrt(t_k) */
    HS_GSD_EFF_P,     /* "p": classical Pocock, constant c */
    HS_GSD_EFF_HP     /* "hp": Haybittle-Peto, 3 at interims */
} hs_gsd_eff;

typedef enum hs_gsd_fut {
    HS_GSD_FUT_NONE,  /* "none" */
    HS_GSD_FUT_BSOF,  /* "bsof" */
    HS_GSD_FUT_BSP,   /* "bsp" */
    HS_GSD_FUT_BSKD,  /* "bskd:RHO" */
    HS_GSD_FUT_BSHSD, /* "bshsd:GAMMA" */
    HS_GSD_FUT_Z      /* "z:Z1,Z2,...": one fixed bound per interim */
} hs_gsd_fut;

typedef struct hs_gsd_spec {
    int k;                        /* looks, the final included, 1..HS_GSD_LOOKS_MAX */
    double t[HS_GSD_LOOKS_MAX];   /* information fractions, increasing, t[k-1] == 1 */
    double alpha;                 /* total (two-sided total when sides == 2), in (0, 1) */
    int sides;                    /* 1 or 2 */
    hs_gsd_eff efficacy;
    double eff_param;             /* RHO or GAMMA */
    hs_gsd_fut futility;          /* HS_GSD_FUT_NONE when sides == 2 */
    double fut_param;             /* RHO or GAMMA */
    double fut_z[HS_GSD_LOOKS_MAX]; /* z: bounds, k - 1 values */
    int binding;                  /* 1: efficacy bounds account for the futility bounds */
    double beta;                  /* design type II error, in (0, 1 - alpha) */
} hs_gsd_spec;

typedef struct hs_gsd_bounds {
    int k;
    int sides;
    double t[HS_GSD_LOOKS_MAX];
    double z_eff[HS_GSD_LOOKS_MAX];   /* reject when Z_k >= z_eff[k] (|Z_k| when two-sided);
                                       * INFINITY where no efficacy stop */
    double z_fut[HS_GSD_LOOKS_MAX];   /* stop for futility when Z_k <= z_fut[k];
                                       * -INFINITY where none; NAN at the final look */
    double alpha_cum[HS_GSD_LOOKS_MAX]; /* cumulative alpha spent (two-sided total) */
    double beta_cum[HS_GSD_LOOKS_MAX];  /* cumulative beta spent; NAN without beta spending */
    double drift;     /* theta at which the design has power 1 - beta (futility
                       * counted as stopping) */
    double inflation; /* (drift / (z_{1-alpha/sides} + z_{1-beta}))^2: maximum
                       * information over the fixed design's (rpact's inflationFactor) */
} hs_gsd_bounds;

/* Parse an `efficacy` / `futility` value (design.md) into spec. Returns 0, or
 * -1 with what was wrong and what was expected in err. fut `z:` fills
 * fut_z and checks the count against spec->k - 1 (set k first). */
int hs_gsd_parse_efficacy(const char *text, hs_gsd_spec *spec, char *err, size_t errlen);
int hs_gsd_parse_futility(const char *text, hs_gsd_spec *spec, char *err, size_t errlen);

/* Solve the bounds of spec. Returns 0, or -1 with why in err (a spec that is
 * inconsistent, or no solution: e.g. a fixed futility bound above the
 * efficacy bound). */
int hs_gsd_solve(const hs_gsd_spec *spec, hs_gsd_bounds *out, char *err, size_t errlen);

/* Per-look probabilities under drift theta of stopping for efficacy
 * (crossing z_eff, in either direction when two-sided) and for futility
 * (z_fut, always treated as a stop), each of length b->k; p_fut at the final
 * look is 0 (a non-rejection there is not a futility stop). Returns 0 or -1. */
int hs_gsd_probs(const hs_gsd_bounds *b, double theta, double *p_eff, double *p_fut);

/* The cumulative alpha-spending fraction f(t) of the family (f(1) = 1), for
 * reports and tests: alpha_cum = alpha * f(t). NAN for classical bounds. */
double hs_gsd_spend(hs_gsd_eff fam, double param, double t);

/* Added by the gsd module (not in the first interface): */

/* Cumulative alpha spent at t by the family, rpact's convention: alpha is the
 * total (two-sided total when sides == 2); asof depends on alpha and sides
 * (2 sides (1 - Phi(z_{1 - alpha/(2 sides)} / sqrt t))), so hs_gsd_spend
 * gives asof's shape for one-sided alpha = 0.025 only. 0 for `none` before
 * t = 1; NAN for classical bounds. */
double hs_gsd_spend_alpha(hs_gsd_eff fam, double param, double alpha, int sides, double t);

/* Cumulative beta spent at t by a `bs*` family (rpact: bsof is
 * 2 (1 - Phi(z_{1 - beta/2} / sqrt t))); NAN for none and z:. */
double hs_gsd_spend_beta(hs_gsd_fut fam, double param, double beta, double t);

/* As hs_gsd_probs, with the efficacy crossings split by direction: p_up
 * (Z_k >= z_eff, rpact's rejectionProbabilities) and p_down (Z_k <= -z_eff,
 * two-sided only, else 0). p_fut[k - 1] (final look) is 0. Returns 0 or -1. */
int hs_gsd_probs_split(const hs_gsd_bounds *b, double theta, double *p_up, double *p_down,
                       double *p_fut);

#endif
