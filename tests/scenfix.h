/* scenfix.h — the one scenario fixture of the C tests.
 *
 * A test scenario is built the way the program builds one: a config text and
 * the two model files it names are written to a fresh temporary directory,
 * read with hs_config_load (inifile -> overrides -> model files -> checks)
 * and turned into an hs_scenario by hs_scenario_from_config. A test changes
 * a variant with "--set"-style overrides (the real override path), or by
 * replacing a model file's text; it never pokes hs_scenario fields.
 *
 * Every variant has three arms:
 *   control  model = scenfix-models/control.ini      (model[0])
 *   treated  reference = control, hr = ...           (the experimental arm)
 *   alt      model = scenfix-models/alt.ini          (model[1]; an
 *            experimental arm with its own model file: design.experimental=alt)
 * The model directory's name is not one the source tree has, so the config's
 * model resolver finds the files next to the config (not from the current
 * directory, the first place it looks).
 *
 * Variants:
 *   scenfix_weibull      small Weibull design with a covariate (x = a|b),
 *                        covariate effects, stratified analysis, dropout, a
 *                        grid and landmarks (the accumulator/checkpoint tests)
 *   scenfix_exponential  the validation.md reference design: exponential,
 *                        control median 30, HR 0.6, 240 patients 1:1, 24
 *                        months of accrual, no dropout, 120th event, one-sided
 *                        alpha 0.025, log-rank (analytic and power checks)
 *
 * Usage:
 *   scenfix f;
 *   scenfix_exponential(&f);
 *   scenfix_set(&f, "design.n=%d", 100);
 *   hs_scenario sc;
 *   scenfix_scenario(&f, &sc);   // TAP "Bail out!" if the config is refused
 * Header-only (static functions), like tap.h's users expect: the test build
 * compiles each tests/test_*.c alone. */
#ifndef HS_SCENFIX_H
#define HS_SCENFIX_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "errs.h"
#include "scenario.h"

#define SCENFIX_SETS_MAX 32
#define SCENFIX_SET_LEN 192

typedef struct scenfix {
    const char *config;   /* config text */
    const char *model[2]; /* texts of scenfix-models/control.ini and alt.ini */
    int nset;
    char set[SCENFIX_SETS_MAX][SCENFIX_SET_LEN]; /* --set overrides, applied in order */
    int n_index;    /* which design.n (default 0) */
    uint64_t index; /* stream key (default 0) */
} scenfix;

/* ------------------------------------------------------------ variants */

#define SCENFIX_WEIBULL_CONFIG                                                                     \
    "; scenfix weibull: small design with a covariate, strata, dropout, grid, landmarks\n"         \
    "[run]\n"                                                                                      \
    "name = scenfix-weibull\n"                                                                     \
    "seed = 777\n"                                                                                 \
    "replicates = 120\n"                                                                           \
    "[cohort]\n"                                                                                   \
    "x = a:0.5, b:0.5\n"                                                                           \
    "[arm control]\n"                                                                              \
    "model = scenfix-models/control.ini\n"                                                         \
    "[arm treated]\n"                                                                              \
    "reference = control\n"                                                                        \
    "hr = 0.6\n"                                                                                   \
    "[arm alt]\n"                                                                                  \
    "model = scenfix-models/alt.ini\n"                                                             \
    "[design]\n"                                                                                   \
    "control = control\n"                                                                          \
    "experimental = treated\n"                                                                     \
    "n = 40\n"                                                                                     \
    "accrual = 12\n"                                                                               \
    "dropout = 0.06          ; rate -ln(0.94)/12 = 0.00516 per month\n"                             \
    "analysis = events:25\n"                                                                       \
    "alpha = 0.05\n"                                                                               \
    "sides = 2\n"                                                                                  \
    "strata = x\n"                                                                                 \
    "grid = 0:24:2\n"                                                                              \
    "landmarks = 6, 12\n"                                                                          \
    "tau = 24\n"

/* Weibull shape 1.3, scale 24; level b of x has log HR 0.5. */
#define SCENFIX_WEIBULL_CONTROL                                                                    \
    "[model]\nfamily = weibull\nshape = 1.3\nscale = 24\n[effects]\nx.b = 0.5\n"
/* The treated arm's PH effect as a model of its own: scale 24 * 0.6^(-1/1.3). */
#define SCENFIX_WEIBULL_ALT                                                                        \
    "[model]\nfamily = weibull\nshape = 1.3\nscale = 35.55\n[effects]\nx.b = 0.5\n"

#define SCENFIX_EXP_CONFIG                                                                         \
    "; scenfix exponential: the validation.md reference design\n"                                  \
    "[run]\n"                                                                                      \
    "name = scenfix-exponential\n"                                                                 \
    "seed = 20250814\n"                                                                            \
    "replicates = 1000\n"                                                                          \
    "[arm control]\n"                                                                              \
    "model = scenfix-models/control.ini\n"                                                         \
    "[arm treated]\n"                                                                              \
    "reference = control\n"                                                                        \
    "hr = 0.6\n"                                                                                   \
    "[arm alt]\n"                                                                                  \
    "model = scenfix-models/alt.ini\n"                                                             \
    "[design]\n"                                                                                   \
    "control = control\n"                                                                          \
    "experimental = treated\n"                                                                     \
    "n = 240\n"                                                                                    \
    "accrual = 24\n"                                                                               \
    "analysis = events:120\n"                                                                      \
    "test = logrank\n"                                                                             \
    "alpha = 0.025\n"                                                                              \
    "sides = 1\n"                                                                                  \
    "grid = 0:36:6\n"                                                                              \
    "tau = 36\n"

/* Exponential, median 30 months: rate ln 2 / 30. */
#define SCENFIX_EXP_CONTROL "[model]\nfamily = exponential\nmedian = 30\n"
/* Median 50: the rate of HR 0.6 as a model of its own. */
#define SCENFIX_EXP_ALT "[model]\nfamily = exponential\nmedian = 50\n"

static inline void scenfix_weibull(scenfix *f)
{
    memset(f, 0, sizeof *f);
    f->config = SCENFIX_WEIBULL_CONFIG;
    f->model[0] = SCENFIX_WEIBULL_CONTROL;
    f->model[1] = SCENFIX_WEIBULL_ALT;
}

static inline void scenfix_exponential(scenfix *f)
{
    memset(f, 0, sizeof *f);
    f->config = SCENFIX_EXP_CONFIG;
    f->model[0] = SCENFIX_EXP_CONTROL;
    f->model[1] = SCENFIX_EXP_ALT;
}

/* Add one override "SECTION.KEY=VALUE" (printf-style). Overflow bails out. */
static inline void scenfix_set(scenfix *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void scenfix_set(scenfix *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = f->nset < SCENFIX_SETS_MAX
                ? vsnprintf(f->set[f->nset], SCENFIX_SET_LEN, fmt, ap)
                : -1;
    va_end(ap);
    if (w < 0 || w >= SCENFIX_SET_LEN) {
        printf("Bail out! scenfix: too many or too long overrides\n");
        exit(1);
    }
    f->nset++;
}

/* ------------------------------------------------------------ building */

static inline int scenfix__write(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    size_t len = strlen(text);
    int rc = fwrite(text, 1, len, fp) == len ? 0 : -1;
    return fclose(fp) == 0 ? rc : -1;
}

/* Write the files, hs_config_load them with the overrides, remove the
 * files. Returns hs_config_load's status; every message is in errs. */
static inline int scenfix_config(const scenfix *f, hs_config *c, hs_errs *errs)
{
    const char *tmp = getenv("TMPDIR");
    char dir[256], mdir[300], path[3][340];
    snprintf(dir, sizeof dir, "%s/scenfix-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        hs_errs_add(errs, dir, 0, "cannot make a temporary directory");
        return -1;
    }
    snprintf(mdir, sizeof mdir, "%s/scenfix-models", dir);
    snprintf(path[0], sizeof path[0], "%s/config.ini", dir);
    snprintf(path[1], sizeof path[1], "%s/control.ini", mdir);
    snprintf(path[2], sizeof path[2], "%s/alt.ini", mdir);
    int rc = mkdir(mdir, 0700) == 0 ? 0 : -1;
    if (rc == 0)
        rc = scenfix__write(path[0], f->config);
    for (int k = 0; k < 2 && rc == 0; k++)
        if (f->model[k])
            rc = scenfix__write(path[1 + k], f->model[k]);
    if (rc != 0) {
        hs_errs_add(errs, dir, 0, "cannot write the fixture's files");
    } else {
        const char *ov[SCENFIX_SETS_MAX];
        for (int i = 0; i < f->nset; i++)
            ov[i] = f->set[i];
        rc = hs_config_load(path[0], ov, f->nset, c, errs);
    }
    for (int k = 0; k < 3; k++)
        unlink(path[k]);
    rmdir(mdir);
    rmdir(dir);
    return rc;
}

/* config -> hs_scenario_from_config(n_index, index). Returns 0, or -1 with
 * the messages in errs (a scenario refusal as "scenario: WHY"). */
static inline int scenfix_try(const scenfix *f, hs_scenario *sc, hs_errs *errs)
{
    hs_config *c = malloc(sizeof *c);
    if (!c) {
        hs_errs_add(errs, "scenfix", 0, "out of memory");
        return -1;
    }
    int rc = scenfix_config(f, c, errs);
    if (rc == 0) {
        char why[256] = "";
        rc = hs_scenario_from_config(c, f->n_index, f->index, sc, why, sizeof why);
        if (rc != 0)
            hs_errs_add(errs, "scenario", 0, "%s", *why ? why : "?");
    }
    free(c);
    return rc;
}

/* The fixture's scenario; a refused config is a broken test: every message
 * goes to the TAP output and the program bails out. */
static inline void scenfix_scenario(const scenfix *f, hs_scenario *sc)
{
    hs_errs *errs = malloc(sizeof *errs);
    if (!errs) {
        printf("Bail out! scenfix: out of memory\n");
        exit(1);
    }
    hs_errs_init(errs);
    if (scenfix_try(f, sc, errs) != 0) {
        for (int i = 0; i < errs->n; i++)
            printf("# scenfix: %s\n", errs->msg[i]);
        printf("Bail out! scenfix: the fixture's config was refused\n");
        exit(1);
    }
    free(errs);
}

#endif
