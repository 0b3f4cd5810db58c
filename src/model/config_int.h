/* config_int.h — private to the parts of the config module (config.c and
 * config_*.c); nothing outside src/model/config*.c includes it.
 *
 * Resolution works on a "view" of the store's entries: the store's entries
 * with each "--set" override replacing (or adding) one entry. Every key read
 * is marked used; every problem goes to the view's error list and resolution
 * goes on, so that one pass reports them all. The parts:
 *   config.c           hs_config_resolve/load (the driver), the public
 *                      look-ups, and the model-file lookup (find_model)
 *   config_view.c      the view: build, free, unknown keys, required keys
 *   config_override.c  "--set KEY=VALUE" into the view
 *   config_cohort.c    [cohort]: covariates, levels, eligibility caps
 *   config_arms.c      [arm NAME]: model files, inline models, references
 *   config_design.c    [run], [design], [analysis], [plan], [sweep], and
 *                      the check for unknown and missing sections
 *   config_looks.c     [design] looks, efficacy, futility, futility_binding
 *                      and beta: the group-sequential design
 *   config_prior.c     [prior]: priors on numeric keys, from_fit
 *   config_write.c     hs_config_write and hs_config_hash
 * This header includes only lower-level headers, never config.h or a part's;
 * every part includes config.h, then this. */
#ifndef HS_CONFIG_INT_H
#define HS_CONFIG_INT_H

#include <stdarg.h>
#include <string.h>

#include "cfgval.h"
#include "errs.h"
#include "hazard.h"
#include "inifile.h"

/* config.h's type, declared here so that this header includes nothing of
 * the config module (config.c includes it: no include cycle). */
typedef struct hs_config hs_config;

typedef hs_cfgval_entry ent;

typedef struct sec {
    const char *name, *file;
    int line;
} sec;

typedef struct view {
    ent *e;
    int n;
    sec *s;
    int ns;
    char **owned; /* strings allocated for overrides */
    int nowned;
    const char *path; /* file name of the store */
    hs_errs *errs;
    int oom;
} view;

/* ---- the view (config_view.c) */

/* A copy of the store's entries and sections, with room for `extra` more of
 * each (the overrides). Returns 0, or -1 out of memory (then view_free). */
int hs_config_view_init(view *v, const hs_inifile *st, int extra, hs_errs *errs);
void hs_config_view_free(view *v);
/* A NUL-terminated copy of a[0..n) that the view frees; NULL (and v->oom)
 * when out of memory. */
char *hs_config_view_own(view *v, const char *a, size_t n);
/* "unknown key 'K' in [S] (did you mean ...?); expected WHAT: CAND, ..." */
void hs_config_view_unknown(view *v, const ent *e, const char *what, const char *const *cand,
                            int ncand);
/* Reports every key of [section] that is not one of keys[]. */
void hs_config_view_check_keys(view *v, const char *section, const char *const *keys, int nkeys);
/* The entry section.key, or NULL with "[S] has no K; expected K = EXPECT"
 * when the section exists (a missing section is reported once elsewhere). */
ent *hs_config_view_need(view *v, const char *section, const char *key, const char *expect);
/* s is non-empty and of letters, digits, _ and the characters of extra. */
int hs_config_view_name_ok(const char *s, const char *extra);

__attribute__((format(printf, 4, 5))) static inline void verr(view *v, const char *file, int line,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_errs_vadd(v->errs, file, line, fmt, ap);
    va_end(ap);
}

static inline ent *find(view *v, const char *section, const char *key)
{
    return hs_cfgval_find(v->e, v->n, section, key);
}

static inline const sec *find_section(const view *v, const char *name)
{
    for (int i = 0; i < v->ns; i++)
        if (strcmp(v->s[i].name, name) == 0)
            return &v->s[i];
    return NULL;
}

/* ---- value readers (cfgval.h) reporting to the view's error list */

static inline int num_in(view *v, const ent *e, const char *text, double lo, int lo_open,
                         double hi, int hi_open, const char *expect, double *out)
{
    return hs_cfgval_number(e, text, lo, lo_open, hi, hi_open, expect, out, v->errs);
}

static inline int int_in(view *v, const ent *e, const char *text, long long lo, long long hi,
                         const char *expect, long long *out)
{
    return hs_cfgval_integer(e, text, lo, hi, expect, out, v->errs);
}

static inline int num_list(view *v, const ent *e, int allow_range, double lo, int lo_open,
                           double hi, const char *expect, double *out, int max, int *nout)
{
    return hs_cfgval_list(e, allow_range, lo, lo_open, hi, expect, out, max, nout, v->errs);
}

static inline int piecewise(view *v, const ent *e, double vlo, int vlo_open, double vhi,
                            const char *vexpect, double *start, double *val, int *nout)
{
    return hs_cfgval_pieces(e, vlo, vlo_open, vhi, vexpect, start, val, HS_PIECES_MAX, nout,
                            v->errs);
}

/* ---- the sections, in the order hs_config_resolve calls them */

void hs_config_override_apply(view *v, const char *ov);       /* config_override.c */
void hs_config_design_sections(view *v);                       /* config_design.c */
void hs_config_design_run(view *v, hs_config *c);
void hs_config_cohort_resolve(view *v, hs_config *c, int *covbad); /* config_cohort.c */
void hs_config_cohort_caps(view *v, hs_config *c, const int *covbad);
void hs_config_arms_resolve(view *v, hs_config *c, const int *covbad); /* config_arms.c */
void hs_config_design_resolve(view *v, hs_config *c, const int *covbad); /* config_design.c */
void hs_config_design_plan(view *v, hs_config *c);
void hs_config_looks_resolve(view *v, hs_config *c); /* config_looks.c */
void hs_config_design_sweep(view *v, hs_config *c);
void hs_config_prior_resolve(view *v, hs_config *c); /* config_prior.c */

/* For an unknown arm name: the list of arm names, and " (did you mean 'X'?)"
 * or "" in dym (config_arms.c). */
void hs_config_arms_hint(const hs_config *c, const char *value, char *list, size_t nlist,
                         char *dym, size_t ndym);

/* [arm NAME] model = FILE: find the file (from the current directory, the
 * config's directory or its parent), read it into arm ai. Returns 0, or -1
 * with the problem reported (config.c, beside the file lookup). */
int hs_config_model_file(view *v, hs_config *c, int ai, const ent *me, const int *covbad);

#endif
