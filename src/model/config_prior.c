/* config_prior.c — [prior] (design.md "Assurance"): a prior on a numeric
 * key, drawn for every replicate, and from_fit = ARM, the multivariate
 * normal of an arm's fitted parameters.
 *
 * A key is written as --set writes it and is accepted exactly where --set
 * would accept a number for it: arm.ARM.hr (a reference arm), the inline
 * model's parameters (rate, median, shape, scale, meanlog, sdlog), cure,
 * dropout and COV.LEVEL of any arm with a model, design.dropout and
 * design.accrual (uniform accrual). Each becomes a target: the slot it
 * fills and the arms that take it — an arm's model also reaches the
 * reference arms that copy it, unless those set the key themselves; a
 * COV.LEVEL key, like the arm section's own, reaches its arm only.
 * A prior is truncated to its key's range (draws by inversion of the
 * truncated distribution); one with less than half of its mass in the range,
 * or a fixed value outside it, is refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

#define PRIOR_MASS_MIN 0.5

static const char *const expect_keys =
    "arm.ARM.hr, .rate, .median, .shape, .scale, .meanlog, .sdlog, .cure, .dropout or "
    ".COV.LEVEL, design.dropout, design.accrual, from_fit or conditional";

/* Arms (bits) that copy arm a's model: a itself and the reference arms to
 * it that do not set `key` in their own section (key NULL: all of them). */
static unsigned followers(view *v, const hs_config *c, int a, const char *key)
{
    unsigned bits = 1u << a;
    for (int b = 0; b < c->narms; b++) {
        if (c->arm[b].reference != a)
            continue;
        char section[HS_NAME_MAX + 8];
        snprintf(section, sizeof section, "arm %s", c->arm[b].name);
        if (!key || !find(v, section, key))
            bits |= 1u << b;
    }
    return bits;
}

static int is_inline(const hs_arm *a) { return a->model_path[0] == '\0' && a->reference < 0; }

/* The target of "arm.ARM.REST"; 0, or -1 with the reason in err. */
static int arm_target(view *v, const hs_config *c, const char *key, hs_prior_target *t, char *err,
                      size_t errlen)
{
    const char *name = key + 4, *dot = strchr(name, '.');
    if (!dot || dot == name) {
        snprintf(err, errlen, "'%s' names no arm key; expected arm.ARM.KEY", key);
        return -1;
    }
    char arm[HS_NAME_MAX];
    size_t len = (size_t)(dot - name);
    if (len >= sizeof arm) {
        snprintf(err, errlen, "'%.*s' is not an arm; expected an arm name", (int)len, name);
        return -1;
    }
    memcpy(arm, name, len);
    arm[len] = '\0';
    int ai = hs_config_arm(c, arm);
    if (ai < 0) {
        char list[256], dym[96];
        hs_config_arms_hint(c, arm, list, sizeof list, dym, sizeof dym);
        snprintf(err, errlen, "'%s' is not an arm%s; expected one of %.200s", arm, dym, list);
        return -1;
    }
    const hs_arm *a = &c->arm[ai];
    const char *rest = dot + 1;
    memset(t, 0, sizeof *t);
    t->effect = 1;
    t->arms = 1u << ai;
    if (!strcmp(rest, "hr")) {
        if (a->reference < 0) {
            snprintf(err, errlen, "arm %s has no reference, so no hr; expected hr of an arm with reference = ARM",
                     arm);
            return -1;
        }
        t->slot = HS_PS_HR;
        t->lo = 0;
        t->hi = INFINITY;
        return 0;
    }
    if (!strcmp(rest, "cure")) {
        t->slot = HS_PS_CURE;
        t->arms = followers(v, c, ai, "cure");
        t->lo = 0;
        t->hi = 1;
        return 0;
    }
    if (!strcmp(rest, "dropout")) {
        t->slot = HS_PS_DROPOUT;
        t->effect = 0;
        t->lo = 0;
        t->hi = 1;
        return 0;
    }
    if (strchr(rest, '.')) { /* COV.LEVEL */
        const char *d2 = strchr(rest, '.');
        char cov[HS_NAME_MAX];
        size_t cl = (size_t)(d2 - rest);
        int ci = -1;
        if (cl < sizeof cov) {
            memcpy(cov, rest, cl);
            cov[cl] = '\0';
            ci = hs_config_covariate(c, cov);
        }
        if (ci < 0) {
            snprintf(err, errlen, "'%.*s' is not a covariate of [cohort]; expected COV.LEVEL of a [cohort] covariate",
                     (int)cl, rest);
            return -1;
        }
        int li = -1;
        for (int l = 1; l < c->cov[ci].nlevels; l++)
            if (!strcmp(c->cov[ci].level[l], d2 + 1))
                li = l;
        if (li < 0) {
            snprintf(err, errlen, "'%s' is not a level of %s other than the reference %s; expected one of its other levels",
                     d2 + 1, c->cov[ci].name, c->cov[ci].level[0]);
            return -1;
        }
        t->slot = HS_PS_BETA;
        t->j = ci;
        t->level = li;
        /* this arm only, as the config applies an arm section's COV.LEVEL:
         * a reference arm copies the effects before the sections' are read */
        t->arms = 1u << ai;
        t->lo = -50;
        t->hi = 50;
        return 0;
    }
    const hs_family_info *fi = hs_hazard_family_info_of(a->model.family);
    int is_par = !strcmp(rest, "median") || !strcmp(rest, "rates");
    for (int j = 0; fi && j < fi->npar; j++)
        is_par |= !strcmp(rest, fi->par[j].key);
    static const char *const params[] = {"rate", "median", "shape", "scale", "meanlog", "sdlog"};
    int known = 0;
    for (size_t k = 0; k < sizeof params / sizeof params[0]; k++)
        known |= !strcmp(rest, params[k]);
    if (!known) {
        snprintf(err, errlen, "'%s' is not a key a prior can draw; expected %s", key, expect_keys);
        return -1;
    }
    if (!is_inline(a)) {
        snprintf(err, errlen, "arm %s has %s, so no inline %s; expected a key of an inline model (family = ...), or from_fit = %s",
                 arm, a->reference >= 0 ? "a reference" : "a model file", rest, arm);
        return -1;
    }
    if (!strcmp(rest, "median")) {
        if (a->model.family != HS_FAM_EXPONENTIAL) {
            snprintf(err, errlen, "median applies to exponential arms; expected %s of arm %s", fi->keys, arm);
            return -1;
        }
        t->slot = HS_PS_MEDIAN;
        t->arms = followers(v, c, ai, NULL);
        t->lo = HS_MEDIAN_MIN;
        t->hi = HS_MEDIAN_MAX;
        return 0;
    }
    for (int j = 0; j < fi->npar; j++)
        if (!strcmp(rest, fi->par[j].key)) {
            t->slot = HS_PS_PAR;
            t->j = j;
            t->arms = followers(v, c, ai, NULL);
            t->lo = fi->par[j].lo;
            t->hi = fi->par[j].hi;
            return 0;
        }
    (void)is_par;
    snprintf(err, errlen, "'%s' does not apply to family %s; expected %s", rest, fi->name, fi->keys);
    return -1;
}

/* The target of KEY; 0, or -1 with the reason in err. */
static int key_target(view *v, const hs_config *c, const char *key, hs_prior_target *t, char *err,
                      size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (!strncmp(key, "arm.", 4))
        return arm_target(v, c, key, t, err, errlen);
    if (!strcmp(key, "design.dropout")) {
        t->slot = HS_PS_DROPOUT;
        for (int a = 0; a < c->narms; a++) {
            char section[HS_NAME_MAX + 8];
            snprintf(section, sizeof section, "arm %s", c->arm[a].name);
            if (!find(v, section, "dropout"))
                t->arms |= 1u << a;
        }
        t->lo = 0;
        t->hi = 1;
        return 0;
    }
    if (!strcmp(key, "design.accrual")) {
        if (c->design.naccrual > 0) {
            snprintf(err, errlen, "accrual is given as rates; expected a prior on design.accrual only for uniform accrual (months)");
            return -1;
        }
        t->slot = HS_PS_ACCRUAL;
        t->lo = 0;
        t->hi = HS_TIME_MAX;
        return 0;
    }
    snprintf(err, errlen, "'%s' is not a key a prior can draw; expected %s", key, expect_keys);
    return -1;
}

/* Open ends of a target's range, as the config checks the key. */
static void range_ends(const hs_prior_target *t, const hs_config *c, int *lo_open, int *hi_open)
{
    *lo_open = 0;
    *hi_open = 0;
    switch (t->slot) {
    case HS_PS_HR:
    case HS_PS_ACCRUAL:
        *lo_open = 1;
        break;
    case HS_PS_CURE:
    case HS_PS_DROPOUT:
        *hi_open = 1;
        break;
    case HS_PS_PAR: {
        int a = 0;
        while (!(t->arms >> a & 1u))
            a++;
        const hs_family_info *fi = hs_hazard_family_info_of(c->arm[a].model.family);
        *lo_open = fi->par[t->j].lo_open;
        break;
    }
    default:
        break;
    }
}

static int same_value(const hs_prior_target *x, const hs_prior_target *y)
{
    if (!(x->arms & y->arms) && x->slot != HS_PS_ACCRUAL)
        return 0;
    int xs = x->slot == HS_PS_LOGPAR ? HS_PS_PAR : x->slot == HS_PS_LOGRATE ? -1 : (int)x->slot;
    int ys = y->slot == HS_PS_LOGPAR ? HS_PS_PAR : y->slot == HS_PS_LOGRATE ? -1 : (int)y->slot;
    if (xs == HS_PS_MEDIAN)
        xs = HS_PS_PAR;
    if (ys == HS_PS_MEDIAN)
        ys = HS_PS_PAR;
    return xs == ys && x->j == y->j && x->level == y->level;
}

/* One fitted parameter's target: name as the model file's [covariance]
 * names it; the value on that scale into *mean. */
static int fit_target(view *v, const hs_config *c, int ai, const char *name, hs_prior_target *t,
                      double *mean)
{
    const hs_arm *a = &c->arm[ai];
    const hs_family_info *fi = hs_hazard_family_info_of(a->model.family);
    memset(t, 0, sizeof *t);
    t->effect = 1;
    t->arms = followers(v, c, ai, NULL);
    if (a->model.family == HS_FAM_PIECEWISE && !strncmp(name, "log(rate:", 9)) {
        double start = strtod(name + 9, NULL);
        for (int k = 0; k < a->model.npieces; k++)
            if (a->model.cut[k] == start) {
                t->slot = HS_PS_LOGRATE;
                t->j = k;
                t->lo = -INFINITY;
                t->hi = log(fi->par[0].hi);
                *mean = log(a->model.rate[k]);
                return a->model.rate[k] > 0 ? 0 : -1;
            }
        return -1;
    }
    for (int j = 0; j < fi->npar && a->model.family != HS_FAM_PIECEWISE; j++) {
        char lg[HS_PRIOR_NAME];
        snprintf(lg, sizeof lg, "log(%s)", fi->par[j].key);
        if (!strcmp(name, lg)) {
            t->slot = HS_PS_LOGPAR;
            t->j = j;
            t->lo = fi->par[j].lo > 0 ? log(fi->par[j].lo) : -INFINITY;
            t->hi = log(fi->par[j].hi);
            *mean = log(a->model.par[j]);
            return 0;
        }
        if (!strcmp(name, fi->par[j].key)) {
            t->slot = HS_PS_PAR;
            t->j = j;
            t->lo = fi->par[j].lo;
            t->hi = fi->par[j].hi;
            *mean = a->model.par[j];
            return 0;
        }
    }
    const char *dot = strchr(name, '.');
    if (dot) {
        char cov[HS_NAME_MAX];
        size_t cl = (size_t)(dot - name);
        if (cl >= sizeof cov)
            return -1;
        memcpy(cov, name, cl);
        cov[cl] = '\0';
        int ci = hs_config_covariate(c, cov);
        for (int l = 1; ci >= 0 && l < c->cov[ci].nlevels; l++)
            if (!strcmp(c->cov[ci].level[l], dot + 1)) {
                t->slot = HS_PS_BETA;
                t->j = ci;
                t->level = l;
                t->arms = followers(v, c, ai, name);
                t->lo = -50;
                t->hi = 50;
                *mean = a->beta[ci][l];
                return 0;
            }
    }
    return -1;
}

static void resolve_fit(view *v, hs_config *c, const ent *e, const char *arm)
{
    hs_prior_spec *p = &c->prior;
    int ai = hs_config_arm(c, arm);
    if (ai < 0) {
        char list[256], dym[96];
        hs_config_arms_hint(c, arm, list, sizeof list, dym, sizeof dym);
        verr(v, e->file, e->line, "from_fit = '%s' is not an arm%s; expected one of %s", arm, dym, list);
        return;
    }
    for (int f = 0; f < p->nfit; f++)
        if (p->fit[f].arm == ai) {
            verr(v, e->file, e->line, "from_fit names arm %s twice; expected each arm once", arm);
            return;
        }
    const hs_arm *a = &c->arm[ai];
    if (a->covar.k == 0) {
        verr(v, e->file, e->line,
             "from_fit = %s: %s; expected an arm whose model file has a [covariance] (written by fit --ipd, or fit --landmarks --n N)",
             arm, a->reference >= 0 ? "a reference arm has no fit of its own"
                  : a->model_path[0] ? "its model file has no [covariance]" : "an inline model has no fit");
        return;
    }
    if (p->nfit == HS_PRIOR_FITS_MAX) {
        verr(v, e->file, e->line, "from_fit names more than %d arms; expected the design's arms", HS_PRIOR_FITS_MAX);
        return;
    }
    hs_prior_fit *f = &p->fit[p->nfit];
    memset(f, 0, sizeof *f);
    f->arm = ai;
    f->line = e->line;
    double mean[HS_PRIOR_MVN_MAX];
    int bad = 0;
    for (int i = 0; i < a->covar.k; i++) {
        snprintf(f->name[i], sizeof f->name[i], "arm.%s.%s", arm, a->covar.name[i]);
        if (fit_target(v, c, ai, a->covar.name[i], &f->target[i], &mean[i])) {
            verr(v, e->file, e->line, "from_fit = %s: parameter '%s' of %s is not in the arm's resolved model; expected the model the fit wrote",
                 arm, a->covar.name[i], a->model_path);
            bad = 1;
        }
    }
    if (bad)
        return;
    char why[200];
    if (hs_prior_mvn_init(&f->mvn, a->covar.k, mean, a->covar.cov, why, sizeof why)) {
        verr(v, e->file, e->line, "from_fit = %s: the covariance of %s: %s; expected a positive definite covariance",
             arm, a->model_path, why);
        return;
    }
    p->nfit++;
}

static void resolve_key(view *v, hs_config *c, const ent *e)
{
    hs_prior_spec *p = &c->prior;
    if (p->nkeys == HS_PRIOR_KEYS_MAX) {
        verr(v, e->file, e->line, "more than %d prior keys; expected at most %d", HS_PRIOR_KEYS_MAX,
             HS_PRIOR_KEYS_MAX);
        return;
    }
    hs_prior_key *k = &p->key[p->nkeys];
    memset(k, 0, sizeof *k);
    char why[600];
    if (strlen(e->key) >= sizeof k->name) {
        verr(v, e->file, e->line, "prior key too long; expected at most %d characters", HS_PRIOR_NAME - 1);
        return;
    }
    snprintf(k->name, sizeof k->name, "%s", e->key);
    k->line = e->line;
    int bad = 0;
    if (key_target(v, c, e->key, &k->target, why, sizeof why)) {
        verr(v, e->file, e->line, "%s", why);
        bad = 1;
    }
    if (hs_prior_parse(e->value, &k->dist, why, sizeof why)) {
        verr(v, e->file, e->line, "%s = %s: %s", e->key, e->value, why);
        bad = 1;
    }
    if (bad)
        return;
    int lo_open, hi_open;
    range_ends(&k->target, c, &lo_open, &hi_open);
    k->mass = hs_prior_truncate(&k->dist, k->target.lo, lo_open, k->target.hi, hi_open);
    char range[96];
    snprintf(range, sizeof range, "%s%.6g, %.6g%s", lo_open ? "(" : "[", k->target.lo, k->target.hi,
             hi_open ? ")" : "]");
    if (k->dist.kind == HS_PRIOR_FIXED && k->mass < 1) {
        verr(v, e->file, e->line, "%s = %s is outside the key's range %s; expected a value in it", e->key,
             e->value, range);
        return;
    }
    if (!(k->mass >= PRIOR_MASS_MIN)) {
        verr(v, e->file, e->line,
             "%s = %s keeps only %.3g%% of its mass in the key's range %s; expected a prior mostly inside it (at least %.0f%%)",
             e->key, e->value, 100 * k->mass, range, 100 * PRIOR_MASS_MIN);
        return;
    }
    unsigned design = 1u << c->design.control | 1u << c->design.experimental;
    if (k->target.slot != HS_PS_ACCRUAL && !(k->target.arms & design)) {
        verr(v, e->file, e->line, "%s changes no arm of the design (%s, %s); expected a key of the compared arms",
             e->key, c->arm[c->design.control].name, c->arm[c->design.experimental].name);
        return;
    }
    p->nkeys++;
}

void hs_config_prior_resolve(view *v, hs_config *c)
{
    hs_prior_spec *p = &c->prior;
    memset(p, 0, sizeof *p);
    if (c->design.control < 0 || c->design.experimental < 0 || c->narms == 0)
        return;
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, "prior") != 0)
            continue;
        e->used = 1;
        if (!strcmp(e->key, "conditional")) {
            if (!strcmp(e->value, "yes") || !strcmp(e->value, "no"))
                p->conditional = !strcmp(e->value, "yes");
            else
                verr(v, e->file, e->line, "conditional = '%s'; expected yes or no", e->value);
        } else if (!strcmp(e->key, "from_fit")) {
            char buf[HS_SWEEP_VALUE_MAX];
            snprintf(buf, sizeof buf, "%s", e->value);
            int any = 0;
            for (char *s = buf, *tok; (tok = strtok_r(s, ", \t", &s)) != NULL;) {
                resolve_fit(v, c, e, tok);
                any = 1;
            }
            if (!any)
                verr(v, e->file, e->line, "from_fit is empty; expected from_fit = ARM[, ARM]");
        } else {
            resolve_key(v, c, e);
        }
    }
    if (p->conditional && p->nkeys + p->nfit == 0) {
        const ent *e = find(v, "prior", "conditional");
        verr(v, e->file, e->line,
             "conditional = yes (or --also-conditional) without a prior; expected a [prior] key or from_fit (a run without one is already at the point estimates)");
    }
    /* one prior per value */
    for (int i = 0; i < p->nkeys; i++) {
        for (int j = 0; j < i; j++)
            if (same_value(&p->key[i].target, &p->key[j].target))
                verr(v, v->path, p->key[i].line, "%s draws a value that %s draws too; expected one prior per value",
                     p->key[i].name, p->key[j].name);
        for (int f = 0; f < p->nfit; f++)
            for (int q = 0; q < p->fit[f].mvn.k; q++)
                if (same_value(&p->key[i].target, &p->fit[f].target[q]))
                    verr(v, v->path, p->key[i].line, "%s draws a value that from_fit = %s draws too (%s); expected one prior per value",
                         p->key[i].name, c->arm[p->fit[f].arm].name, p->fit[f].name[q]);
    }
    /* a swept key that the prior draws: the draw would hide the sweep. An
     * axis (axis.NAME = KEY[, KEY...] : V1 | ...) sweeps the keys before ':'. */
    for (int i = 0; i < c->nsweep; i++) {
        char keys[HS_SWEEP_VALUE_MAX];
        int axis = !strncmp(c->sweep[i].key, "axis.", 5);
        snprintf(keys, sizeof keys, "%s", axis ? c->sweep[i].value : c->sweep[i].key);
        char *colon = strchr(keys, ':');
        if (axis && colon)
            *colon = '\0';
        for (char *s = keys, *tok; (tok = strtok_r(s, ", \t", &s)) != NULL;) {
            hs_prior_target t;
            char why[600];
            if (key_target(v, c, tok, &t, why, sizeof why))
                continue;
            int clash = 0;
            for (int k = 0; k < p->nkeys; k++)
                clash |= same_value(&t, &p->key[k].target);
            for (int f = 0; f < p->nfit; f++)
                for (int q = 0; q < p->fit[f].mvn.k; q++)
                    clash |= same_value(&t, &p->fit[f].target[q]);
            if (clash)
                verr(v, v->path, c->sweep[i].line, "[sweep] %s sweeps %s, a value the [prior] draws; expected to sweep it or draw it, not both",
                     c->sweep[i].key, tok);
        }
    }
    for (int f = 1; f < p->nfit; f++)
        if (p->fit[f].target[0].arms & p->fit[0].target[0].arms)
            verr(v, v->path, p->fit[f].line, "from_fit = %s and %s draw the same arm's model; expected one",
                 c->arm[p->fit[0].arm].name, c->arm[p->fit[f].arm].name);
}
