/* config_arms.c — the [arm NAME] sections. Each arm has exactly one source
 * of its survival model: model = FILE (a model file, read by model.c),
 * family = ... (an inline model) or reference = ARM (another arm's model
 * times hr). Resolved in passes: names; own models; reference arms (which
 * need the arm they refer to); then the keys every arm may have
 * (allocation, dropout, COVARIATE.LEVEL effects) and the final check. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"
#include "model.h"

static const char *const arm_keys[] = {"model", "family", "rate", "median", "shape", "scale",
                                       "meanlog", "sdlog", "rates", "cure", "effect", "reference",
                                       "hr", "allocation", "dropout"};
enum { NARM_KEYS = sizeof arm_keys / sizeof arm_keys[0] };

typedef struct armsrc {
    int kind; /* 0 none, 1 model file, 2 inline, 3 reference */
    const ent *origin;
    int ok;
} armsrc;

void hs_config_arms_hint(const hs_config *c, const char *value, char *list, size_t nlist,
                         char *dym, size_t ndym)
{
    const char *cand[HS_ARMS_MAX];
    for (int i = 0; i < c->narms; i++)
        cand[i] = c->arm[i].name;
    hs_cfgval_join(list, nlist, cand, c->narms);
    const char *s = hs_cfgval_suggest(value, cand, c->narms);
    dym[0] = '\0';
    if (s)
        snprintf(dym, ndym, " (did you mean '%s'?)", s);
}

/* The arms, in file order, from the [arm NAME] section names. */
static void arm_names(view *v, hs_config *c)
{
    for (int i = 0; i < v->ns; i++) {
        const sec *s = &v->s[i];
        if (strncmp(s->name, "arm ", 4) != 0)
            continue;
        const char *nm = s->name + 4;
        if (!hs_config_view_name_ok(nm, "-") || strlen(nm) >= HS_NAME_MAX) {
            verr(v, s->file, s->line, "bad arm name '%s'; expected letters, digits, _ and - (at most %d)",
                 nm, HS_NAME_MAX - 1);
            continue;
        }
        if (c->narms == HS_ARMS_MAX) {
            verr(v, s->file, s->line, "too many arms; expected at most %d", HS_ARMS_MAX);
            continue;
        }
        hs_arm *a = &c->arm[c->narms++];
        memset(a, 0, sizeof *a);
        snprintf(a->name, sizeof a->name, "%s", nm);
        a->reference = -1;
        a->allocation = 1;
    }
}

/* Pass 1, arm ai: its model source, its unknown keys, and its own model
 * (model file or inline); a reference arm is only noted in *src. */
static void arm_own_model(view *v, hs_config *c, int ai, const int *covbad, armsrc *src)
{
    hs_arm *a = &c->arm[ai];
    char section[HS_NAME_MAX + 8];
    snprintf(section, sizeof section, "arm %s", a->name);
    const sec *where = find_section(v, section);
    ent *me = find(v, section, "model"), *fe = find(v, section, "family"),
        *re = find(v, section, "reference");
    int nsrc = !!me + !!fe + !!re;
    if (nsrc == 0) {
        verr(v, where->file, where->line, "[%s] has no model; expected model = FILE, family = ... or reference = ARM",
             section);
        return;
    }
    if (nsrc > 1) {
        const ent *x = re ? re : fe;
        verr(v, x->file, x->line, "[%s] has more than one of model, family, reference; expected exactly one",
             section);
        return;
    }
    /* keys */
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, section) != 0 || strchr(e->key, '.'))
            continue;
        int known = 0;
        for (int k = 0; k < NARM_KEYS; k++)
            known |= !strcmp(e->key, arm_keys[k]);
        if (!known) {
            e->used = 1;
            hs_config_view_unknown(v, e, "an arm key or COVARIATE.LEVEL", arm_keys, NARM_KEYS);
        }
    }
    if (re) {
        *src = (armsrc){3, re, 0};
        return;
    }
    static const char *const inl[] = {"rate", "median", "shape", "scale", "meanlog", "sdlog", "rates"};
    if (me) {
        *src = (armsrc){1, me, 0};
        for (int k = 0; k < 7; k++) {
            ent *e = find(v, section, inl[k]);
            if (e)
                verr(v, e->file, e->line, "key '%s' needs an inline model (family = ...); expected it in the model file %s",
                     e->key, me->value);
        }
        if (hs_config_model_file(v, c, ai, me, covbad))
            return;
    } else {
        *src = (armsrc){2, fe, 0};
        if (hs_model_params(v->e, v->n, section, where->file, where->line, &a->model, v->errs))
            return;
    }
    if (hs_model_options(v->e, v->n, section, &a->model, v->errs))
        return;
    src->ok = 1;
}

/* Pass 2, reference arm ai: the referred arm's model and covariate effects,
 * times its hr (a number or piecewise). */
static void arm_reference(view *v, hs_config *c, int ai, armsrc *src)
{
    hs_arm *a = &c->arm[ai];
    char section[HS_NAME_MAX + 8];
    snprintf(section, sizeof section, "arm %s", a->name);
    const ent *re = src[ai].origin;
    int ri = hs_config_arm(c, re->value);
    if (ri < 0) {
        char list[256], dym[96];
        hs_config_arms_hint(c, re->value, list, sizeof list, dym, sizeof dym);
        verr(v, re->file, re->line, "reference = '%s' is not an arm%s; expected one of %s", re->value,
             dym, list);
        return;
    }
    if (ri == ai || src[ri].kind == 3) {
        verr(v, re->file, re->line, "reference = '%s' is %s; expected an arm with its own model (model = or family =)",
             re->value, ri == ai ? "this arm" : "itself a reference arm");
        return;
    }
    if (!src[ri].ok)
        return;
    a->reference = ri;
    a->model = c->arm[ri].model;
    memcpy(a->beta, c->arm[ri].beta, sizeof a->beta);
    ent *he = find(v, section, "hr");
    if (!he) {
        const sec *where = find_section(v, section);
        verr(v, where->file, where->line, "[%s] has reference but no hr; expected hr = RATIO or hr = 0:RATIO, START:RATIO, ...",
             section);
        return;
    }
    if (strchr(he->value, ':')) {
        if (piecewise(v, he, 0, 1, INFINITY, "a hazard ratio > 0", a->model.hr_cut, a->model.hr,
                      &a->model.nhr))
            return;
    } else {
        a->model.nhr = 1;
        a->model.hr_cut[0] = 0;
        if (num_in(v, he, he->value, 0, 1, INFINITY, 0, "a hazard ratio > 0", &a->model.hr[0]))
            return;
    }
    if (hs_model_options(v->e, v->n, section, &a->model, v->errs))
        return;
    src[ai].ok = 1;
}

/* Pass 3, arm ai: hr misuse, allocation, dropout, effect overrides; the
 * final check of the model. */
static void arm_common(view *v, hs_config *c, int ai, const int *covbad, const armsrc *src)
{
    hs_arm *a = &c->arm[ai];
    char section[HS_NAME_MAX + 8];
    snprintf(section, sizeof section, "arm %s", a->name);
    ent *e = find(v, section, "hr");
    if (e && src->kind != 3 && src->kind != 0)
        verr(v, e->file, e->line, "hr without reference; expected hr only in an arm with reference = ARM");
    e = find(v, section, "allocation");
    long long w;
    if (e && !int_in(v, e, e->value, 1, 1000, "an integer weight in 1..1000", &w))
        a->allocation = (int)w;
    a->dropout_p = -1; /* filled from [design] unless given */
    e = find(v, section, "dropout");
    if (e && !num_in(v, e, e->value, 0, 0, 1, 1, "a yearly probability in [0, 1)", &a->dropout_p))
        a->dropout_rate = -log1p(-a->dropout_p) / 12.0;
    for (int i = 0; i < v->n; i++) {
        ent *x = &v->e[i];
        if (strcmp(x->section, section) == 0 && strchr(x->key, '.'))
            hs_model_effect(x, c->ncov, c->cov, covbad, a->beta, v->errs);
    }
    if (src->ok) {
        char why[160];
        if (hs_hazard_check(&a->model, why, sizeof why)) {
            const ent *o = src->origin;
            verr(v, o->file, o->line, "arm %s: %s; expected a valid model", a->name, why);
        }
    }
}

void hs_config_arms_resolve(view *v, hs_config *c, const int *covbad)
{
    armsrc src[HS_ARMS_MAX];
    memset(src, 0, sizeof src);
    arm_names(v, c);
    for (int ai = 0; ai < c->narms; ai++)
        arm_own_model(v, c, ai, covbad, &src[ai]);
    for (int ai = 0; ai < c->narms; ai++)
        if (src[ai].kind == 3)
            arm_reference(v, c, ai, src);
    for (int ai = 0; ai < c->narms; ai++)
        arm_common(v, c, ai, covbad, &src[ai]);
}
