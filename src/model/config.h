/* config.h — a config file (configs/NAME.ini) and the model files it names,
 * resolved into one plain, validated struct for the engine.
 *
 * Flow: hs_inifile_read() keeps the raw entries of the config file (inifile.h;
 * not "ini.h", which is libinih's own header);
 * hs_config_resolve() applies "--set" overrides to a private copy of them,
 * reads the model files the arms name, checks everything and fills an
 * hs_config. Resolve never changes the store, so a sweep resolves the same
 * store again with each point's overrides. All problems go to an hs_errs
 * list as "FILE:LINE: what is wrong; what was expected" (or "--set K=V: ...").
 * The grammar and every key are documented in configs/README.md.
 *
 * Units: time in months; rates per month; dropout given as the probability of
 * loss to follow-up within 12 months, rate = -ln(1 - p) / 12.
 */
#ifndef HS_CONFIG_H
#define HS_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "errs.h"
#include "gsd.h"
#include "hazard.h"
#include "inifile.h"
#include "model.h"
#include "priorspec.h"
#include "testspec.h"

/* HS_COV_MAX 8, HS_LEVELS_MAX 8, HS_NAME_MAX 32 and hs_covariate are in model.h */
#define HS_ARMS_MAX 8     /* [arm NAME] sections */
#define HS_NLIST_MAX 64   /* n list, target powers */
#define HS_LANDMARKS_MAX 32
#define HS_GRID_MAX 1024  /* grid times */
#define HS_PATH_MAX 512   /* file paths, incl. NUL */
#define HS_TEXT_MAX 65536 /* config text kept for the manifest, incl. NUL */
#define HS_SWEEP_MAX 32   /* [sweep] entries */
#define HS_SWEEP_KEY_MAX 64
#define HS_SWEEP_VALUE_MAX 256
#define HS_REPLICATES_MAX 1000000000000ULL /* 10^12 */
#define HS_N_MAX 10000000                  /* patients per trial */
#define HS_ALSO_MAX 12                     /* [design] also_test entries */


typedef struct hs_arm {
    char name[HS_NAME_MAX];
    char model_path[HS_PATH_MAX]; /* model file as opened, "" for inline/reference arms */
    int reference;                /* arm index this one is "reference = " to, or -1 */
    hs_hazard model;              /* family, params, cure, effect (PH/AFT), hr multiplier */
    /* Covariate effects: linear predictor lp = sum_c beta[c][level of c];
     * beta[c][0] == 0 (reference level). Log HR under PH, log time ratio under AFT. */
    double beta[HS_COV_MAX][HS_LEVELS_MAX];
    int allocation;      /* randomisation weight, 1..1000 (used for control/experimental) */
    double dropout_p;    /* yearly loss-to-follow-up probability in [0, 1) */
    double dropout_rate; /* per month: -ln(1 - dropout_p) / 12 */
    hs_model_covar covar; /* the model file's [covariance] (k = 0: none) */
} hs_arm;

/* events:K, calendar:T (T months after the first entry) or followup:T (T
 * months after the last entry, design.md "Timelines") */
typedef enum hs_analysis_kind { HS_ANALYSIS_EVENTS, HS_ANALYSIS_CALENDAR, HS_ANALYSIS_FOLLOWUP } hs_analysis_kind;
typedef enum hs_ties { HS_TIES_EFRON, HS_TIES_BRESLOW } hs_ties;
/* [design] looks = info:F,... | events:K,... | calendar:T,... */
typedef enum hs_look_kind { HS_LOOK_INFO, HS_LOOK_EVENTS, HS_LOOK_CALENDAR } hs_look_kind;

typedef struct hs_design {
    int control;      /* arm index */
    int experimental; /* arm index, != control */
    int nn;           /* entries in n, 1..HS_NLIST_MAX */
    int n[HS_NLIST_MAX]; /* total patients per trial, each in [2, HS_N_MAX], in file order */
    /* Accrual: either uniform over accrual_months (naccrual == 0), or piecewise
     * constant rates (naccrual > 0): accrual_rate[k] patients/month from
     * accrual_start[k] (accrual_start[0] == 0, increasing), last rate > 0;
     * then accrual_months == 0 and the duration follows from n. */
    double accrual_months;
    int naccrual;
    double accrual_start[HS_PIECES_MAX];
    double accrual_rate[HS_PIECES_MAX];
    double dropout_p;    /* default for arms without their own dropout */
    double dropout_rate; /* -ln(1 - dropout_p) / 12 per month */
    hs_analysis_kind analysis;
    long long analysis_events;  /* events:K -> K, 1 <= K <= min(n) */
    double analysis_time;       /* calendar:T -> T months after the first entry, > 0;
                                 * followup:T -> T months after the last entry, >= 0 */
    hs_testspec test;  /* the deciding test (testspec.h; `rmst` without TAU: tau below) */
    int nalso;         /* [design] also_test: tests whose decisions are recorded too */
    hs_testspec also[HS_ALSO_MAX];
    hs_ties ties;   /* [analysis] ties, Cox only */
    int lean;       /* [analysis] outputs = power: only the deciding test per replicate */
    double alpha;   /* in (0, 1) */
    int sides;      /* 1 (in favour of experimental) or 2 */
    int strata;     /* covariate index, or -1 */
    int ngrid;      /* 1..HS_GRID_MAX */
    int grid_default; /* [design] grid not given: grid is 0:60:1 here and a run replaces
                       * it by 0:T:1, T the design's longest follow-up (horizon.h) */
    double grid[HS_GRID_MAX];           /* increasing, >= 0 */
    int nlandmarks;                      /* 0..HS_LANDMARKS_MAX */
    double landmarks[HS_LANDMARKS_MAX];      /* > 0 */
    double tau;     /* RMST horizon, > 0 */
    /* Group-sequential design (config_looks.c; design.md "Designs beyond one
     * fixed analysis"). nlooks interim looks before the final `analysis`
     * (0: one fixed analysis), all of one kind, increasing: information
     * fractions in (0, 1) of the final events, event counts below the final
     * K, or months before a calendar final analysis. gsd holds the efficacy
     * and futility rules, binding and beta; its k, t, alpha and sides are
     * filled here when looks_planned (info: or events: looks with an
     * event-driven analysis: t = planned fractions, t[nlooks] = 1); else
     * the information is observed per trial (calendar looks or analysis). */
    int nlooks;
    int looks_planned;
    hs_look_kind look_kind;
    double look[HS_GSD_LOOKS_MAX - 1];
    hs_gsd_spec gsd;
} hs_design;

typedef struct hs_plan {
    int ntarget;                         /* 1..HS_NLIST_MAX */
    double target_power[HS_NLIST_MAX];   /* each in (0, 1) */
    int n_min, n_max;                    /* 2 <= n_min < n_max <= HS_N_MAX */
    uint64_t replicates_coarse, replicates_fine; /* 1..HS_REPLICATES_MAX */
    int solve_followup;  /* [plan] solve = followup: search the follow-up T at the config's N */
    int events_fixed;    /* [plan] events = fixed: K stays as N moves (else K/N is kept) */
    double followup_max; /* [plan] followup_max: the largest T searched (months) */
    double events_by;    /* [plan] events_by: with events = fixed, the month (from the first entry)
                          * by which the K-th event is expected; 0 when not given */
} hs_plan;

typedef struct hs_sweep_entry {
    char key[HS_SWEEP_KEY_MAX];
    char value[HS_SWEEP_VALUE_MAX];
    int line;
} hs_sweep_entry;

typedef struct hs_config {
    char source[HS_PATH_MAX]; /* config file path as given */
    char name[HS_NAME_MAX];   /* [run] name: [A-Za-z0-9._-]+ */
    uint64_t seed;
    uint64_t replicates;      /* 1..HS_REPLICATES_MAX */
    int ncov;
    hs_covariate cov[HS_COV_MAX];
    /* Eligibility cap ([cohort] COV.max = LEVEL): cap[c] = 1 + index of the
     * last eligible level, 0 = no cap. cov[c].prob/cum are already
     * renormalised over the eligible levels (later levels have prob 0). */
    int cap[HS_COV_MAX];
    int narms;
    hs_arm arm[HS_ARMS_MAX];  /* in file order */
    hs_design design;
    hs_plan plan;             /* defaults when [plan] is absent */
    int nsweep;
    hs_sweep_entry sweep[HS_SWEEP_MAX]; /* [sweep] kept as text for now */
    hs_prior_spec prior;      /* [prior] (config_prior.c); nkeys = nfit = 0: none */
    /* The config file's text followed by one "; --set KEY=VALUE" line per
     * override, for the manifest. Truncated at HS_TEXT_MAX - 1 bytes. */
    size_t text_len;
    char text[HS_TEXT_MAX];
} hs_config;
/* sizeof(hs_config) is about 100 kB: allocate it (malloc) rather than on a small stack. */

/* Resolve the store (one config file) plus overrides "section.key=value"
 * (section "arm NAME" is written arm.NAME; see configs/README.md) into *out.
 * Reads the model files the arms name. Returns 0, or -1 with every problem
 * appended to errs (then *out is unspecified). The store is not modified. */
int hs_config_resolve(const hs_inifile *store, const char *const *overrides, int noverrides,
                      hs_config *out, hs_errs *errs);

/* hs_inifile_read + hs_config_resolve in one call. Returns 0 or -1 (errors in errs). */
int hs_config_load(const char *path, const char *const *overrides, int noverrides,
                   hs_config *out, hs_errs *errs);

/* Print the resolved config in readable INI-like form (what `hifusim check` shows). */
void hs_config_write(const hs_config *c, FILE *f);

/* 64-bit FNV-1a hash of the canonical resolved form (every resolved field,
 * numbers printed with %.17g; not the source path, comments or text), so two
 * configs that resolve to the same scenarios hash the same. */
uint64_t hs_config_hash(const hs_config *c);

/* The model file `rel` that an arm of the config file cfgpath names, as the
 * config finds it: as given if absolute or found from the current
 * directory; else relative to cfgpath's directory; else its parent. The path
 * into out (cap bytes). Returns 0, or -1 if none exists (out = rel). */
int hs_config_find_model(const char *cfgpath, const char *rel, char *out, size_t cap);

/* The group-sequential keys of a design as config text, each into cap
 * bytes: looks ("none" or KIND:V, ...), efficacy and futility specs with
 * their parameters (15 significant digits; config_looks.c). */
void hs_config_looks_text(const hs_design *d, char *looks, char *eff, char *fut, size_t cap);

/* Index of the named arm / covariate, or -1. */
int hs_config_arm(const hs_config *c, const char *name);
int hs_config_covariate(const hs_config *c, const char *name);

#endif
