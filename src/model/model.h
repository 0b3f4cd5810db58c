/* model.h — hazard models from model files (models/NAME.ini) or from the keys
 * of an inline [arm NAME] section, with covariate effects.
 *
 * A model file has [model] (family, its parameters in months, optional cure
 * and effect = ph | aft), optional [effects] (COVARIATE.LEVEL = log hazard
 * ratio under PH, log time ratio under AFT, against the covariate's first
 * level in the config's [cohort]) and optional [provenance] (free text:
 * source, method, data, date, fit statistics; two keys are read back:
 * `source`, the citation, and `targets`, the published survival landmarks
 * "T:S, T:S, ...[; median M]" the model was calibrated to, which the report
 * marks on the arm's survival plot). configs/README.md has the keys.
 * Every problem is appended to errs as "FILE:LINE: ...; expected ...".
 */
#ifndef HS_MODEL_H
#define HS_MODEL_H

#include "cfgval.h"
#include "errs.h"
#include "hazard.h"

#define HS_COV_MAX 8    /* covariates in [cohort] */
#define HS_LEVELS_MAX 8 /* levels per covariate */
#define HS_NAME_MAX 32  /* covariate, level, arm and run names, incl. NUL */

/* One covariate of the enrolled population. */
typedef struct hs_covariate {
    char name[HS_NAME_MAX];
    int nlevels;                           /* 1..HS_LEVELS_MAX; level 0 is the reference */
    char level[HS_LEVELS_MAX][HS_NAME_MAX];
    double prob[HS_LEVELS_MAX];            /* >= 0, sum to 1 within 1e-9 */
    double cum[HS_LEVELS_MAX];             /* running sums; cum[nlevels-1] == 1 exactly */
} hs_covariate;

/* The optional [covariance] section of a model file: the asymptotic
 * covariance of the fitted parameters (inverse observed information for
 * `fit --ipd`, the landmarks' sampling variance through the calibration for
 * `fit --landmarks --n`), on the scale fit.c estimates them:
 *   par[j] of the family table: "log(KEY)" when its logfit is set, else "KEY"
 *     (exponential log(rate); weibull log(shape), log(scale); gompertz shape,
 *     log(rate); lognormal meanlog, log(sdlog); loglogistic log(shape),
 *     log(scale));
 *   piecewise: "log(rate:START)" for the piece starting at START (%g, as the
 *     model file's rates prints it);
 *   covariate effects: "COV.LEVEL" exactly as in [effects].
 * Cure fractions are not fitted (fit.h), so never named. File form:
 *   [covariance]
 *   method = ipd | landmarks  (optional)
 *   n = PATIENTS              (optional, > 0)
 *   p1 = NAME ... pK = NAME   (contiguous, K <= HS_COVAR_MAX, no name twice)
 *   cI.J = X                  (every 1 <= J <= I <= K once: lower triangle)
 * The matrix must be finite with a positive diagonal and positive definite. */
#define HS_COVAR_MAX 64 /* = HS_FIT_KMAX */
#define HS_COVAR_NAME 48
typedef struct hs_model_covar {
    int k;                                  /* parameters; 0: the file has no [covariance] */
    char name[HS_COVAR_MAX][HS_COVAR_NAME]; /* parameter names, above */
    double mean[HS_COVAR_MAX];              /* the model's own values on that scale (filled by the loader) */
    double cov[HS_COVAR_MAX * (HS_COVAR_MAX + 1) / 2]; /* lower triangle packed row-major:
                                             * (i, j), j <= i, at i(i+1)/2 + j */
    double n;                               /* patients the fit came from (`n`), 0 if not given */
    int line;                               /* line of the [covariance] header (for messages) */
    char source[HS_COVAR_NAME];             /* `method`: "ipd" or "landmarks" ("" if not given) */
} hs_model_covar;

typedef struct hs_model {
    hs_hazard hazard; /* nhr = 0 */
    /* beta[c][l]: effect of level l of covariate c; beta[c][0] == 0. */
    double beta[HS_COV_MAX][HS_LEVELS_MAX];
    hs_model_covar covar;
} hs_model;

/* Number of baseline parameters of m on the covariance scale (npieces for
 * piecewise, else the family table's npar). */
int hs_model_covar_nbase(const hs_hazard *m);

/* Name of baseline parameter j of m (above) into buf (cap bytes), and its
 * value on that scale in *value (may be NULL): log of a rate, shape, ...
 * for the logfit parameters (-inf for a 0 piecewise rate). Returns 0, or -1
 * if j is out of range. */
int hs_model_covar_base(const hs_hazard *m, int j, char *buf, size_t cap, double *value);

/* Family and its parameters from the keys of `section` among e[0..n)
 * (exponential median m becomes rate ln2/m). file:line names the section
 * header, for a missing family. Sets m->effect to the family's default (PH;
 * AFT for loglogistic and lognormal), cure 0, nhr 0. Returns 0 or -1. */
int hs_model_params(hs_cfgval_entry *e, int n, const char *section, const char *file, int line,
                    hs_hazard *m, hs_errs *errs);

/* Optional cure (in [0,1)) and effect (ph for exponential, weibull, gompertz,
 * piecewise; aft for loglogistic, lognormal, weibull) of `section` into m.
 * Returns 0 or -1. */
int hs_model_options(hs_cfgval_entry *e, int n, const char *section, hs_hazard *m, hs_errs *errs);

/* One effect entry "COVARIATE.LEVEL = x" into beta. The covariate and level
 * must exist and the level must not be the reference. Covariates with
 * skip[c] != 0 (already reported bad) are ignored; skip may be NULL.
 * Returns 0 or -1. */
int hs_model_effect(hs_cfgval_entry *e, int ncov, const hs_covariate *cov, const int *skip,
                    double beta[HS_COV_MAX][HS_LEVELS_MAX], hs_errs *errs);

/* Read and check a model file against the cohort's covariates. Returns 0, or
 * -1 with every problem of the file in errs (then *out is unspecified). */
int hs_model_load(const char *path, int ncov, const hs_covariate *cov, const int *skip,
                  hs_model *out, hs_errs *errs);

#define HS_MODEL_LANDMARKS_MAX 16

/* The published landmarks of a model file's [provenance]: S(t[i]) = s[i]
 * (the median M of "; median M" as the point (M, 0.5), last), and its
 * citation. */
typedef struct hs_model_landmarks {
    int n;
    double t[HS_MODEL_LANDMARKS_MAX], s[HS_MODEL_LANDMARKS_MAX];
    char source[256]; /* [provenance] source, or "" */
} hs_model_landmarks;

/* Parse a [provenance] targets value "T:S, T:S, ...[; median M]" into out
 * (appending to out->n; the list stops at the first item that is not T:S
 * with a finite T and S in [0, 1]; the median counts if M > 0). */
void hs_model_landmarks_parse(const char *value, hs_model_landmarks *out);

/* The [provenance] targets and source of the model file path (read as INI;
 * the rest of the file is not checked: it was when the run loaded it).
 * Returns 0 (out->n = 0 when the file has no targets), or -1 if the file
 * cannot be read (out->n = 0, source ""). */
int hs_model_landmarks_read(const char *path, hs_model_landmarks *out);

#endif
