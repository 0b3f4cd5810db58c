/* config.c — resolve a config store, its overrides and its model files into
 * an hs_config (see config.h; grammar and keys in configs/README.md).
 *
 * Resolution works on a private "view" of the entries: the store's entries
 * with each "--set" override replacing (or adding) one entry. Every key read
 * is marked; keys no section knows are reported with a did-you-mean
 * suggestion (Levenshtein distance, Levenshtein 1966, computed by the usual
 * two-row dynamic programme). All problems are appended to the error list;
 * resolution goes on after an error so that one pass reports them all.
 *
 * Config hash: 64-bit FNV-1a (Fowler, Noll, Vo; offset basis
 * 14695981039346656037, prime 1099511628211) over the canonical text that
 * hs_config_write would print with every number as %.17g. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfgval.h"
#include "model.h"

/* ---------------------------------------------------------------- view */

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

__attribute__((format(printf, 4, 5))) static void verr(view *v, const char *file, int line,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_errs_vadd(v->errs, file, line, fmt, ap);
    va_end(ap);
}

static char *own(view *v, const char *a, size_t n)
{
    char *p = malloc(n + 1);
    char **q = realloc(v->owned, (size_t)(v->nowned + 1) * sizeof *q);
    if (!p || !q) {
        free(p);
        if (q)
            v->owned = q;
        v->oom = 1;
        return NULL;
    }
    v->owned = q;
    memcpy(p, a, n);
    p[n] = '\0';
    v->owned[v->nowned++] = p;
    return p;
}

static void view_free(view *v)
{
    for (int i = 0; i < v->nowned; i++)
        free(v->owned[i]);
    free(v->owned);
    free(v->e);
    free(v->s);
    memset(v, 0, sizeof *v);
}

static int view_init(view *v, const hs_inifile *st, int extra, hs_errs *errs)
{
    memset(v, 0, sizeof *v);
    v->errs = errs;
    v->path = hs_inifile_name(st);
    int n = hs_inifile_nentries(st), ns = hs_inifile_nsections(st);
    v->e = calloc((size_t)(n + extra + 1), sizeof *v->e);
    v->s = calloc((size_t)(ns + extra + 1), sizeof *v->s);
    if (!v->e || !v->s)
        return -1;
    for (int i = 0; i < n; i++) {
        const hs_inifile_entry *x = hs_inifile_entry_at(st, i);
        v->e[i] = (ent){x->section, x->key, x->value, x->file, x->line, 0};
    }
    v->n = n;
    for (int i = 0; i < ns; i++) {
        const hs_inifile_section *x = hs_inifile_section_at(st, i);
        v->s[i] = (sec){x->name, x->file, x->line};
    }
    v->ns = ns;
    return 0;
}

static ent *find(view *v, const char *section, const char *key)
{
    return hs_cfgval_find(v->e, v->n, section, key);
}

static const sec *find_section(const view *v, const char *name)
{
    for (int i = 0; i < v->ns; i++)
        if (strcmp(v->s[i].name, name) == 0)
            return &v->s[i];
    return NULL;
}

/* "--set KEY=VALUE": KEY is section.key, or arm.NAME.key for [arm NAME]. */
static void apply_override(view *v, const char *ov)
{
    char where[HS_ERR_LEN / 2];
    snprintf(where, sizeof where, "--set %s", ov);
    const char *loc = own(v, where, strlen(where));
    if (!loc)
        return;
    const char *eq = strchr(ov, '=');
    if (!eq) {
        verr(v, loc, 0, "no '='; expected --set SECTION.KEY=VALUE");
        return;
    }
    const char *k = ov;
    const char *kend = eq;
    while (k < kend && isspace((unsigned char)*k))
        k++;
    while (kend > k && isspace((unsigned char)kend[-1]))
        kend--;
    const char *val = eq + 1;
    while (*val && isspace((unsigned char)*val))
        val++;
    size_t vlen = strlen(val);
    while (vlen > 0 && isspace((unsigned char)val[vlen - 1]))
        vlen--;
    const char *dot = memchr(k, '.', (size_t)(kend - k));
    if (!dot || dot == k || dot + 1 >= kend) {
        verr(v, loc, 0, "key is not SECTION.KEY; expected e.g. design.n=300 or arm.hifu_chemo.hr=0.7");
        return;
    }
    char secname[256];
    const char *key = dot + 1;
    size_t slen = (size_t)(dot - k);
    if (slen == 3 && memcmp(k, "arm", 3) == 0) {
        const char *dot2 = memchr(key, '.', (size_t)(kend - key));
        if (!dot2 || dot2 == key || dot2 + 1 >= kend) {
            verr(v, loc, 0, "arm key is not arm.NAME.KEY; expected e.g. arm.hifu_chemo.hr=0.7");
            return;
        }
        snprintf(secname, sizeof secname, "arm %.*s", (int)(dot2 - key), key);
        key = dot2 + 1;
    } else {
        snprintf(secname, sizeof secname, "%.*s", (int)slen, k);
    }
    const char *s = own(v, secname, strlen(secname));
    const char *kk = own(v, key, (size_t)(kend - key));
    const char *vv = own(v, val, vlen);
    if (!s || !kk || !vv)
        return;
    ent *e = find(v, s, kk);
    if (e) {
        e->used = 0;
    } else {
        e = &v->e[v->n++];
        e->section = s;
        e->key = kk;
    }
    e->value = vv;
    e->file = loc;
    e->line = 0;
    e->used = 0;
    if (!find_section(v, s))
        v->s[v->ns++] = (sec){s, loc, 0};
}

/* ------------------------------------------------- value wrappers */

static int num_in(view *v, const ent *e, const char *text, double lo, int lo_open, double hi,
                  int hi_open, const char *expect, double *out)
{
    return hs_cfgval_number(e, text, lo, lo_open, hi, hi_open, expect, out, v->errs);
}

static int int_in(view *v, const ent *e, const char *text, long long lo, long long hi,
                  const char *expect, long long *out)
{
    return hs_cfgval_integer(e, text, lo, hi, expect, out, v->errs);
}

static int num_list(view *v, const ent *e, int allow_range, double lo, int lo_open, double hi,
                    const char *expect, double *out, int max, int *nout)
{
    return hs_cfgval_list(e, allow_range, lo, lo_open, hi, expect, out, max, nout, v->errs);
}

static int piecewise(view *v, const ent *e, double vlo, int vlo_open, double vhi,
                     const char *vexpect, double *start, double *val, int *nout)
{
    return hs_cfgval_pieces(e, vlo, vlo_open, vhi, vexpect, start, val, HS_PIECES_MAX, nout,
                            v->errs);
}

#define suggest hs_cfgval_suggest
#define join hs_cfgval_join
#define split hs_cfgval_split

static void unknown(view *v, const ent *e, const char *what, const char *const *cand, int ncand)
{
    if (hs_errs_full(v->errs)) { /* counted only: skip the suggestion's cost */
        hs_errs_skip(v->errs);
        return;
    }
    char list[512], dym[128] = "";
    join(list, sizeof list, cand, ncand);
    const char *s = suggest(e->key, cand, ncand);
    if (s)
        snprintf(dym, sizeof dym, " (did you mean '%s'?)", s);
    verr(v, e->file, e->line, "unknown key '%s' in [%s]%s; expected %s: %s", e->key, e->section,
         dym, what, list);
}

/* ----------------------------------------------------- names and cohort */

static int name_ok(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && !(extra && strchr(extra, *p)))
            return 0;
    return 1;
}

static int cov_index(const hs_config *c, const char *name)
{
    for (int i = 0; i < c->ncov; i++)
        if (strcmp(c->cov[i].name, name) == 0)
            return i;
    return -1;
}

static int level_index(const hs_covariate *cv, const char *name)
{
    for (int i = 0; i < cv->nlevels; i++)
        if (strcmp(cv->level[i], name) == 0)
            return i;
    return -1;
}

#define LEVEL_CHARS "+-<>=~"

static void resolve_cohort(view *v, hs_config *c, int *covbad)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, "cohort") != 0 || strchr(e->key, '.'))
            continue;
        e->used = 1;
        if (!name_ok(e->key, NULL) || strlen(e->key) >= HS_NAME_MAX) {
            verr(v, e->file, e->line, "bad covariate name '%s'; expected letters, digits and _ (at most %d)",
                 e->key, HS_NAME_MAX - 1);
            continue;
        }
        if (c->ncov == HS_COV_MAX) {
            verr(v, e->file, e->line, "too many covariates; expected at most %d", HS_COV_MAX);
            continue;
        }
        hs_covariate *cv = &c->cov[c->ncov];
        int ci = c->ncov++;
        memset(cv, 0, sizeof *cv);
        snprintf(cv->name, sizeof cv->name, "%s", e->key);
        covbad[ci] = 1;
        char buf[HS_INIFILE_LINE_MAX + 64];
        snprintf(buf, sizeof buf, "%s", e->value);
        char *tok[HS_LEVELS_MAX + 1];
        int k = split(buf, ',', tok, HS_LEVELS_MAX);
        if (k < 0) {
            verr(v, e->file, e->line, "covariate %s has more than %d levels; expected at most %d",
                 e->key, HS_LEVELS_MAX, HS_LEVELS_MAX);
            continue;
        }
        int bad = 0;
        double sum = 0;
        for (int j = 0; j < k && !bad; j++) {
            char *col = strchr(tok[j], ':');
            if (!col) {
                verr(v, e->file, e->line, "%s item '%s' has no ':'; expected LEVEL:PROBABILITY pairs like 1:0.45, 2-3:0.40",
                     e->key, tok[j]);
                bad = 1;
                break;
            }
            *col = '\0';
            char *lv = tok[j];
            size_t l = strlen(lv);
            while (l > 0 && isspace((unsigned char)lv[l - 1]))
                lv[--l] = '\0';
            if (!name_ok(lv, LEVEL_CHARS) || l >= HS_NAME_MAX) {
                verr(v, e->file, e->line, "%s: bad level name '%s'; expected letters, digits and _ " LEVEL_CHARS
                     " (at most %d)", e->key, lv, HS_NAME_MAX - 1);
                bad = 1;
                break;
            }
            if (level_index(cv, lv) >= 0) {
                verr(v, e->file, e->line, "%s: level '%s' listed twice; expected each level once",
                     e->key, lv);
                bad = 1;
                break;
            }
            snprintf(cv->level[j], HS_NAME_MAX, "%s", lv);
            cv->nlevels = j + 1;
            if (num_in(v, e, col + 1, 0, 0, 1, 0, "a probability in [0, 1]", &cv->prob[j])) {
                bad = 1;
                break;
            }
            sum += cv->prob[j];
            cv->cum[j] = sum;
        }
        if (bad)
            continue;
        if (fabs(sum - 1.0) > 1e-9) {
            verr(v, e->file, e->line, "%s probabilities sum to %.12g; expected a sum of 1 (within 1e-9)",
                 e->key, sum);
            continue;
        }
        cv->cum[cv->nlevels - 1] = 1.0;
        covbad[ci] = 0;
    }
}

/* [cohort] COV.max = LEVEL: only patients up to LEVEL (in [cohort] order)
 * are eligible; the mix is renormalised over those levels. Empty = no cap. */
static void resolve_caps(view *v, hs_config *c, const int *covbad)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        const char *dot = strchr(e->key, '.');
        if (strcmp(e->section, "cohort") != 0 || !dot)
            continue;
        e->used = 1;
        char name[HS_NAME_MAX];
        size_t nl = (size_t)(dot - e->key);
        int ci = -1;
        if (nl < sizeof name) {
            memcpy(name, e->key, nl);
            name[nl] = '\0';
            ci = cov_index(c, name);
        }
        if (strcmp(dot + 1, "max") != 0 || ci < 0) {
            verr(v, e->file, e->line, "unknown key '%s' in [cohort]; expected COVARIATE = LEVEL:P, ... or COVARIATE.max = LEVEL (an eligibility cap)",
                 e->key);
            continue;
        }
        if (covbad[ci] || !*e->value)
            continue;
        hs_covariate *cv = &c->cov[ci];
        int last = level_index(cv, e->value);
        if (last < 0) {
            verr(v, e->file, e->line, "%s = '%s' is not a level of %s; expected one of its levels (or nothing)",
                 e->key, e->value, cv->name);
            continue;
        }
        double sum = cv->cum[last];
        if (!(sum > 0)) {
            verr(v, e->file, e->line, "%s = %s leaves no eligible patients (probability 0); expected a cap with probability > 0",
                 e->key, e->value);
            continue;
        }
        double run = 0;
        for (int l = 0; l < cv->nlevels; l++) {
            cv->prob[l] = l <= last ? cv->prob[l] / sum : 0;
            run += cv->prob[l];
            cv->cum[l] = l < last ? run : 1.0;
        }
        c->cap[ci] = last + 1;
    }
}

/* ------------------------------------------------------------- arms */

static const char *const arm_keys[] = {"model", "family", "rate", "median", "shape", "scale",
                                       "meanlog", "sdlog", "rates", "cure", "effect", "reference",
                                       "hr", "allocation", "dropout"};
enum { NARM_KEYS = sizeof arm_keys / sizeof arm_keys[0] };

typedef struct armsrc {
    int kind; /* 0 none, 1 model file, 2 inline, 3 reference */
    const ent *origin;
    int ok;
} armsrc;

/* Model file path: as given if absolute or found from the current
 * directory; else relative to the config's directory; else its parent. */
static int exists(const char *path)
{
    /* Anything but "no such file" (a symbolic-link loop, no permission, a
     * FIFO ...) counts as found: the reader then names the real fault. */
    return access(path, F_OK) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

static int find_model(const char *cfgpath, const char *rel, char *out, size_t cap)
{
    snprintf(out, cap, "%s", rel);
    if (rel[0] == '/' || exists(out))
        return 0;
    char dir[HS_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", cfgpath ? cfgpath : "");
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int w = snprintf(out, cap, "%s/%s", dir, rel);
    if (w > 0 && (size_t)w < cap && exists(out))
        return 0;
    w = snprintf(out, cap, "%s/../%s", dir, rel);
    if (w > 0 && (size_t)w < cap && exists(out))
        return 0;
    snprintf(out, cap, "%s", rel);
    return -1;
}

int hs_config_find_model(const char *cfgpath, const char *rel, char *out, size_t cap)
{
    return find_model(cfgpath, rel, out, cap);
}


/* For an unknown arm name: the list of arm names, and " (did you mean 'X'?)"
 * or "" in dym. */
static void arm_hint(const hs_config *c, const char *value, char *list, size_t nlist, char *dym,
                     size_t ndym)
{
    const char *cand[HS_ARMS_MAX];
    for (int i = 0; i < c->narms; i++)
        cand[i] = c->arm[i].name;
    join(list, nlist, cand, c->narms);
    const char *s = suggest(value, cand, c->narms);
    dym[0] = '\0';
    if (s)
        snprintf(dym, ndym, " (did you mean '%s'?)", s);
}

static void resolve_arms(view *v, hs_config *c, const int *covbad)
{
    armsrc src[HS_ARMS_MAX];
    memset(src, 0, sizeof src);
    /* names */
    for (int i = 0; i < v->ns; i++) {
        const sec *s = &v->s[i];
        if (strncmp(s->name, "arm ", 4) != 0)
            continue;
        const char *nm = s->name + 4;
        if (!name_ok(nm, "-") || strlen(nm) >= HS_NAME_MAX) {
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
    /* pass 1: own models */
    for (int ai = 0; ai < c->narms; ai++) {
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
            continue;
        }
        if (nsrc > 1) {
            const ent *x = re ? re : fe;
            verr(v, x->file, x->line, "[%s] has more than one of model, family, reference; expected exactly one",
                 section);
            continue;
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
                unknown(v, e, "an arm key or COVARIATE.LEVEL", arm_keys, NARM_KEYS);
            }
        }
        if (re) {
            src[ai] = (armsrc){3, re, 0};
            continue;
        }
        static const char *const inl[] = {"rate", "median", "shape", "scale", "meanlog", "sdlog", "rates"};
        if (me) {
            src[ai] = (armsrc){1, me, 0};
            for (int k = 0; k < 7; k++) {
                ent *e = find(v, section, inl[k]);
                if (e)
                    verr(v, e->file, e->line, "key '%s' needs an inline model (family = ...); expected it in the model file %s",
                         e->key, me->value);
            }
            char path[HS_PATH_MAX];
            if (!*me->value) {
                verr(v, me->file, me->line, "empty model path; expected model = FILE.ini");
                continue;
            }
            if (find_model(v->path, me->value, path, sizeof path)) {
                verr(v, me->file, me->line, "model file '%s' not found (tried it from the current directory, the config's directory and its parent); expected a readable model file",
                     me->value);
                continue;
            }
            snprintf(a->model_path, sizeof a->model_path, "%s", path);
            hs_model mod;
            if (hs_model_load(path, c->ncov, c->cov, covbad, &mod, v->errs))
                continue;
            a->model = mod.hazard;
            memcpy(a->beta, mod.beta, sizeof a->beta);
        } else {
            src[ai] = (armsrc){2, fe, 0};
            if (hs_model_params(v->e, v->n, section, where->file, where->line, &a->model, v->errs))
                continue;
        }
        if (hs_model_options(v->e, v->n, section, &a->model, v->errs))
            continue;
        src[ai].ok = 1;
    }
    /* pass 2: reference arms */
    for (int ai = 0; ai < c->narms; ai++) {
        if (src[ai].kind != 3)
            continue;
        hs_arm *a = &c->arm[ai];
        char section[HS_NAME_MAX + 8];
        snprintf(section, sizeof section, "arm %s", a->name);
        const ent *re = src[ai].origin;
        int ri = hs_config_arm(c, re->value);
        if (ri < 0) {
            char list[256], dym[96];
            arm_hint(c, re->value, list, sizeof list, dym, sizeof dym);
            verr(v, re->file, re->line, "reference = '%s' is not an arm%s; expected one of %s", re->value,
                 dym, list);
            continue;
        }
        if (ri == ai || src[ri].kind == 3) {
            verr(v, re->file, re->line, "reference = '%s' is %s; expected an arm with its own model (model = or family =)",
                 re->value, ri == ai ? "this arm" : "itself a reference arm");
            continue;
        }
        if (!src[ri].ok)
            continue;
        a->reference = ri;
        a->model = c->arm[ri].model;
        memcpy(a->beta, c->arm[ri].beta, sizeof a->beta);
        ent *he = find(v, section, "hr");
        if (!he) {
            const sec *where = find_section(v, section);
            verr(v, where->file, where->line, "[%s] has reference but no hr; expected hr = RATIO or hr = 0:RATIO, START:RATIO, ...",
                 section);
            continue;
        }
        if (strchr(he->value, ':')) {
            if (piecewise(v, he, 0, 1, INFINITY, "a hazard ratio > 0", a->model.hr_cut, a->model.hr,
                          &a->model.nhr))
                continue;
        } else {
            a->model.nhr = 1;
            a->model.hr_cut[0] = 0;
            if (num_in(v, he, he->value, 0, 1, INFINITY, 0, "a hazard ratio > 0", &a->model.hr[0]))
                continue;
        }
        if (hs_model_options(v->e, v->n, section, &a->model, v->errs))
            continue;
        src[ai].ok = 1;
    }
    /* common keys: hr misuse, allocation, dropout, effect overrides; final check */
    for (int ai = 0; ai < c->narms; ai++) {
        hs_arm *a = &c->arm[ai];
        char section[HS_NAME_MAX + 8];
        snprintf(section, sizeof section, "arm %s", a->name);
        ent *e = find(v, section, "hr");
        if (e && src[ai].kind != 3 && src[ai].kind != 0)
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
        if (src[ai].ok) {
            const char *why = NULL;
            if (hs_hazard_check(&a->model, &why)) {
                const ent *o = src[ai].origin;
                verr(v, o->file, o->line, "arm %s: %s; expected a valid model", a->name, why);
            }
        }
    }
}

/* --------------------------------------------------------- other sections */

static const char *const run_keys[] = {"name", "seed", "replicates"};
static const char *const design_keys[] = {"control", "experimental", "n", "accrual", "dropout",
                                          "analysis", "test", "alpha", "sides", "strata",
                                          "grid", "landmarks", "tau"};
static const char *const analysis_keys[] = {"ties"};
static const char *const plan_keys[] = {"target_power", "n_min", "n_max", "replicates_coarse",
                                        "replicates_fine"};
static const char *const section_types[] = {"run", "cohort", "arm NAME", "design", "analysis",
                                            "plan", "sweep"};

static void check_keys(view *v, const char *section, const char *const *keys, int nkeys)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, section) != 0)
            continue;
        int known = 0;
        for (int k = 0; k < nkeys; k++)
            known |= !strcmp(e->key, keys[k]);
        if (!known)
            unknown(v, e, "one of", keys, nkeys);
    }
}

static ent *need(view *v, const char *section, const char *key, const char *expect)
{
    ent *e = find(v, section, key);
    if (!e) {
        const sec *s = find_section(v, section);
        if (s)
            verr(v, s->file, s->line, "[%s] has no %s; expected %s = %s", section, key, key, expect);
    }
    return e;
}

static void resolve_run(view *v, hs_config *c)
{
    ent *e = need(v, "run", "name", "a name ([A-Za-z0-9._-])");
    if (e) {
        if (!name_ok(e->value, ".-") || strlen(e->value) >= HS_NAME_MAX || !strcmp(e->value, ".") ||
            !strcmp(e->value, ".."))
            verr(v, e->file, e->line, "name = '%s'; expected a run name of letters, digits, . _ - (at most %d)",
                 e->value, HS_NAME_MAX - 1);
        else
            snprintf(c->name, sizeof c->name, "%s", e->value);
    }
    e = need(v, "run", "seed", "an unsigned 64-bit integer");
    if (e) {
        hs_cfgval_status st = hs_cfgval_u64(e->value, &c->seed);
        if (st != HS_CFGVAL_OK)
            verr(v, e->file, e->line, "seed = '%s' %s; expected an unsigned 64-bit integer (decimal or 0x hex)",
                 e->value, st == HS_CFGVAL_OVERFLOW ? "overflows" : "is not an unsigned integer");
    }
    e = need(v, "run", "replicates", "a count in 1..10^12");
    if (e) {
        hs_cfgval_status st = hs_cfgval_u64(e->value, &c->replicates);
        if (st != HS_CFGVAL_OK || c->replicates < 1 || c->replicates > HS_REPLICATES_MAX)
            verr(v, e->file, e->line, "replicates = '%s' %s; expected an integer in 1..10^12",
                 e->value, st == HS_CFGVAL_OVERFLOW ? "overflows" : st != HS_CFGVAL_OK ? "is not an unsigned integer" : "is out of range");
    }
    check_keys(v, "run", run_keys, 3);
}

static int arm_ref(view *v, const hs_config *c, const char *key)
{
    ent *e = need(v, "design", key, "an arm name");
    if (!e)
        return -1;
    int ai = hs_config_arm(c, e->value);
    if (ai < 0) {
        char list[256], dym[96];
        arm_hint(c, e->value, list, sizeof list, dym, sizeof dym);
        verr(v, e->file, e->line, "%s = '%s' is not an arm%s; expected one of the [arm NAME] sections: %s",
             key, e->value, dym, c->narms ? list : "(none)");
    }
    return ai;
}

/* Piecewise accrual: the largest n must be enrolled within HS_TIME_MAX months. */
static void accrual_span(view *v, const ent *e, const hs_design *d)
{
    int nmax = 0;
    for (int i = 0; i < d->nn; i++)
        nmax = d->n[i] > nmax ? d->n[i] : nmax;
    double left = nmax, t = 0;
    for (int k = 0; k < d->naccrual && left > 0; k++) {
        double end = k + 1 < d->naccrual ? d->accrual_start[k + 1] : INFINITY;
        double got = d->accrual_rate[k] * (end - d->accrual_start[k]);
        if (got >= left) {
            t = d->accrual_start[k] + left / d->accrual_rate[k];
            left = 0;
        } else
            left -= got;
    }
    if (t > HS_TIME_MAX)
        verr(v, e->file, e->line,
             "accrual of n = %d patients at these rates takes %.4g months; expected at most 100000 months",
             nmax, t);
}

static void resolve_design(view *v, hs_config *c, const int *covbad)
{
    hs_design *d = &c->design;
    d->control = arm_ref(v, c, "control");
    d->experimental = arm_ref(v, c, "experimental");
    if (d->control >= 0 && d->control == d->experimental) {
        ent *e = find(v, "design", "experimental");
        verr(v, e->file, e->line, "experimental = control = '%s'; expected two different arms",
             e->value);
    } else if (d->control >= 0 && d->experimental >= 0 &&
               c->arm[d->control].allocation + c->arm[d->experimental].allocation > 64) {
        /* the engine randomises in blocks of at most 64 (scenario.c) */
        const hs_arm *ac = &c->arm[d->control], *ax = &c->arm[d->experimental];
        char section[HS_NAME_MAX + 8];
        snprintf(section, sizeof section, "arm %s", ax->name);
        ent *e = find(v, section, "allocation");
        if (!e) {
            snprintf(section, sizeof section, "arm %s", ac->name);
            e = find(v, section, "allocation");
        }
        verr(v, e ? e->file : v->path, e ? e->line : 0,
             "allocation %d:%d (%s:%s) adds up to %d; expected weights that add up to at most 64",
             ac->allocation, ax->allocation, ac->name, ax->name, ac->allocation + ax->allocation);
    }
    int nmin = 0;
    ent *e = need(v, "design", "n", "total patients (a number or a list)");
    if (e) {
        double nv[HS_NLIST_MAX];
        int k;
        if (!num_list(v, e, 1, -INFINITY, 0, INFINITY, "a number of patients", nv, HS_NLIST_MAX, &k)) {
            for (int i = 0; i < k; i++) {
                if (nv[i] != floor(nv[i]) || nv[i] < 2 || nv[i] > HS_N_MAX) {
                    verr(v, e->file, e->line, "n = '%s': %g is not allowed; expected whole numbers of patients in 2..%d",
                         e->value, nv[i], HS_N_MAX);
                    k = 0;
                    break;
                }
                d->n[i] = (int)nv[i];
                if (i == 0 || d->n[i] < nmin)
                    nmin = d->n[i];
            }
            d->nn = k;
        }
    }
    e = need(v, "design", "accrual", "MONTHS or piecewise rates 0:RATE, START:RATE, ...");
    if (e) {
        if (strchr(e->value, ':')) {
            if (!piecewise(v, e, 0, 0, 1e7, "a rate in [0, 10^7] patients per month",
                           d->accrual_start, d->accrual_rate, &d->naccrual)) {
                if (!(d->accrual_rate[d->naccrual - 1] > 0))
                    verr(v, e->file, e->line, "last accrual rate is 0; expected the last piece to have a rate > 0");
                else
                    accrual_span(v, e, d);
            }
        } else {
            num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "months of uniform accrual in (0, 100000]",
                   &d->accrual_months);
        }
    }
    e = find(v, "design", "dropout");
    if (e && !num_in(v, e, e->value, 0, 0, 1, 1, "a yearly probability in [0, 1)", &d->dropout_p))
        d->dropout_rate = -log1p(-d->dropout_p) / 12.0;
    for (int i = 0; i < c->narms; i++)
        if (c->arm[i].dropout_p < 0) {
            c->arm[i].dropout_p = d->dropout_p;
            c->arm[i].dropout_rate = d->dropout_rate;
        }
    e = need(v, "design", "analysis", "events:K or calendar:MONTHS");
    if (e) {
        const char *col = strchr(e->value, ':');
        if (col && !strncmp(e->value, "events", (size_t)(col - e->value)) && col - e->value == 6) {
            d->analysis = HS_ANALYSIS_EVENTS;
            long long k;
            if (!int_in(v, e, col + 1, 1, HS_N_MAX, "a whole number of events >= 1", &k)) {
                d->analysis_events = k;
                if (nmin > 0 && k > nmin)
                    verr(v, e->file, e->line, "analysis at %lld events but n = %d patients; expected at most as many target events as patients",
                         k, nmin);
            }
        } else if (col && col - e->value == 8 && !strncmp(e->value, "calendar", 8)) {
            d->analysis = HS_ANALYSIS_CALENDAR;
            num_in(v, e, col + 1, 0, 1, HS_TIME_MAX, 0, "a calendar time in (0, 100000] months",
                   &d->analysis_time);
        } else {
            verr(v, e->file, e->line, "analysis = '%s'; expected events:K or calendar:MONTHS", e->value);
        }
    }
    e = find(v, "design", "test");
    d->test = HS_TEST_LOGRANK;
    if (e) {
        if (!strcmp(e->value, "cox"))
            d->test = HS_TEST_COX;
        else if (strcmp(e->value, "logrank") != 0)
            verr(v, e->file, e->line, "test = '%s'; expected logrank or cox", e->value);
    }
    d->alpha = 0.05;
    e = find(v, "design", "alpha");
    if (e)
        num_in(v, e, e->value, 0, 1, 1, 1, "a level in (0, 1)", &d->alpha);
    d->sides = 2;
    e = find(v, "design", "sides");
    if (e) {
        long long s;
        if (!int_in(v, e, e->value, 1, 2, "1 (one-sided) or 2 (two-sided)", &s))
            d->sides = (int)s;
    }
    d->strata = -1;
    e = find(v, "design", "strata");
    if (e && *e->value) {
        d->strata = cov_index(c, e->value);
        if (d->strata < 0)
            verr(v, e->file, e->line, "strata = '%s' is not a covariate of [cohort]; expected a covariate name or nothing",
                 e->value);
        else if (covbad[d->strata])
            d->strata = -1;
    }
    ent *ge = find(v, "design", "grid");
    int grid_ok = 1;
    if (ge) {
        grid_ok = !num_list(v, ge, 1, 0, 0, HS_TIME_MAX, "times in [0, 100000] months", d->grid,
                            HS_GRID_MAX, &d->ngrid);
        for (int i = 1; grid_ok && i < d->ngrid; i++)
            if (!(d->grid[i] > d->grid[i - 1])) {
                verr(v, ge->file, ge->line, "grid times are not increasing; expected increasing times");
                grid_ok = 0;
            }
        if (grid_ok && d->ngrid > 0 && !(d->grid[d->ngrid - 1] > 0)) {
            verr(v, ge->file, ge->line,
                 "grid = '%s' has no time after 0 (survival at 0 is always 1); expected times up "
                 "to a horizon > 0, e.g. 0:72:1",
                 ge->value);
            grid_ok = 0;
        }
    } else {
        d->ngrid = 61;
        for (int i = 0; i < d->ngrid; i++)
            d->grid[i] = i;
    }
    e = find(v, "design", "landmarks");
    if (e && *e->value &&
        !num_list(v, e, 0, 0, 1, HS_TIME_MAX, "times in (0, 100000] months", d->landmarks,
                  HS_LANDMARKS_MAX, &d->nlandmarks)) {
        for (int i = 0; i < d->nlandmarks; i++)
            for (int j = 0; j < i; j++)
                if (d->landmarks[i] == d->landmarks[j]) {
                    verr(v, e->file, e->line,
                         "landmarks = '%s' lists %g twice; expected each landmark time once",
                         e->value, d->landmarks[i]);
                    i = j = d->nlandmarks; /* one message */
                }
    }
    e = find(v, "design", "tau");
    d->tau = d->ngrid > 0 ? d->grid[d->ngrid - 1] : 0;
    if (e)
        num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "an RMST horizon > 0 (months, at most 100000)",
               &d->tau);
    else if (!(d->tau > 0) && grid_ok && find_section(v, "design"))
        verr(v, v->path, 0, "[design] has no tau and the grid ends at 0; expected tau = MONTHS");
    check_keys(v, "design", design_keys, (int)(sizeof design_keys / sizeof design_keys[0]));

    d->ties = HS_TIES_EFRON;
    e = find(v, "analysis", "ties");
    if (e) {
        if (!strcmp(e->value, "breslow"))
            d->ties = HS_TIES_BRESLOW;
        else if (strcmp(e->value, "efron") != 0)
            verr(v, e->file, e->line, "ties = '%s'; expected efron or breslow", e->value);
    }
    check_keys(v, "analysis", analysis_keys, 1);
}

static void resolve_plan(view *v, hs_config *c)
{
    hs_plan *p = &c->plan;
    p->ntarget = 2;
    p->target_power[0] = 0.8;
    p->target_power[1] = 0.9;
    p->n_min = 20;
    p->n_max = 2000;
    p->replicates_coarse = 1000;
    p->replicates_fine = 10000;
    ent *e = find(v, "plan", "target_power");
    if (e)
        num_list(v, e, 0, 0, 1, 1, "powers in (0, 1)", p->target_power, HS_NLIST_MAX, &p->ntarget);
    for (int i = 0; e && i < p->ntarget; i++)
        if (!(p->target_power[i] < 1)) {
            verr(v, e->file, e->line, "target_power %g; expected powers in (0, 1)", p->target_power[i]);
            break;
        }
    long long x;
    e = find(v, "plan", "n_min");
    if (e && !int_in(v, e, e->value, 2, HS_N_MAX, "a whole number of patients in 2..10^7", &x))
        p->n_min = (int)x;
    e = find(v, "plan", "n_max");
    if (e && !int_in(v, e, e->value, 2, HS_N_MAX, "a whole number of patients in 2..10^7", &x))
        p->n_max = (int)x;
    if (p->n_min >= p->n_max) {
        ent *w = e ? e : find(v, "plan", "n_min");
        verr(v, w ? w->file : v->path, w ? w->line : 0, "n_min = %d >= n_max = %d; expected n_min < n_max",
             p->n_min, p->n_max);
    }
    const char *rk[2] = {"replicates_coarse", "replicates_fine"};
    uint64_t *rv[2] = {&p->replicates_coarse, &p->replicates_fine};
    for (int i = 0; i < 2; i++) {
        e = find(v, "plan", rk[i]);
        if (!e)
            continue;
        hs_cfgval_status st = hs_cfgval_u64(e->value, rv[i]);
        if (st != HS_CFGVAL_OK || *rv[i] < 1 || *rv[i] > HS_REPLICATES_MAX)
            verr(v, e->file, e->line, "%s = '%s' %s; expected an integer in 1..10^12", e->key, e->value,
                 st == HS_CFGVAL_OVERFLOW ? "overflows" : st != HS_CFGVAL_OK ? "is not an unsigned integer" : "is out of range");
    }
    check_keys(v, "plan", plan_keys, (int)(sizeof plan_keys / sizeof plan_keys[0]));
}

static void resolve_sweep(view *v, hs_config *c)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, "sweep") != 0)
            continue;
        e->used = 1;
        if (c->nsweep == HS_SWEEP_MAX) {
            verr(v, e->file, e->line, "too many [sweep] entries; expected at most %d", HS_SWEEP_MAX);
            continue;
        }
        if (strlen(e->key) >= HS_SWEEP_KEY_MAX || strlen(e->value) >= HS_SWEEP_VALUE_MAX) {
            verr(v, e->file, e->line, "[sweep] %s is too long; expected keys under %d and values under %d characters",
                 e->key, HS_SWEEP_KEY_MAX, HS_SWEEP_VALUE_MAX);
            continue;
        }
        hs_sweep_entry *s = &c->sweep[c->nsweep++];
        snprintf(s->key, sizeof s->key, "%s", e->key);
        snprintf(s->value, sizeof s->value, "%s", e->value);
        s->line = e->line;
    }
}

static void check_sections(view *v)
{
    for (int i = 0; i < v->ns; i++) {
        const sec *s = &v->s[i];
        if (!strncmp(s->name, "arm ", 4))
            continue;
        int known = 0;
        for (int k = 0; k < 7; k++)
            known |= k != 2 && !strcmp(s->name, section_types[k]);
        if (known)
            continue;
        if (hs_errs_full(v->errs)) {
            hs_errs_skip(v->errs);
            continue;
        }
        char list[256], dym[96] = "";
        join(list, sizeof list, section_types, 7);
        const char *sg = suggest(s->name, section_types, 7);
        if (!strcmp(s->name, "arm"))
            sg = "arm NAME";
        if (sg)
            snprintf(dym, sizeof dym, " (did you mean [%s]?)", sg);
        verr(v, s->file, s->line, "unknown section [%s]%s; expected one of [%s]", s->name, dym, list);
    }
    static const char *const required[] = {"run", "design"};
    for (int k = 0; k < 2; k++)
        if (!find_section(v, required[k]))
            verr(v, v->path, 0, "missing section [%s]; expected a [%s] section (see configs/README.md)",
                 required[k], required[k]);
}

/* ----------------------------------------------------------- resolve */

int hs_config_resolve(const hs_inifile *store, const char *const *overrides, int noverrides,
                      hs_config *out, hs_errs *errs)
{
    view v;
    memset(out, 0, sizeof *out);
    if (noverrides < 0)
        noverrides = 0;
    if (!store || view_init(&v, store, noverrides, errs)) {
        if (store)
            view_free(&v);
        hs_errs_add(errs, store ? hs_inifile_name(store) : "config", 0,
                    "out of memory or no store; expected a config");
        return -1;
    }
    int before = hs_errs_count(errs); /* before the overrides: their errors count too */
    for (int i = 0; i < noverrides; i++)
        apply_override(&v, overrides[i]);
    snprintf(out->source, sizeof out->source, "%s", v.path ? v.path : "");

    int covbad[HS_COV_MAX] = {0};
    check_sections(&v);
    resolve_run(&v, out);
    resolve_cohort(&v, out, covbad);
    resolve_caps(&v, out, covbad);
    resolve_arms(&v, out, covbad);
    resolve_design(&v, out, covbad);
    resolve_plan(&v, out);
    resolve_sweep(&v, out);
    if (v.oom)
        verr(&v, v.path, 0, "out of memory; expected to resolve the config");

    size_t len = 0;
    const char *text = hs_inifile_text(store, &len);
    size_t k = len < HS_TEXT_MAX - 1 ? len : HS_TEXT_MAX - 1;
    memcpy(out->text, text, k);
    for (int i = 0; i < noverrides && k < HS_TEXT_MAX - 1; i++) {
        int w = snprintf(out->text + k, HS_TEXT_MAX - k, "%s; --set %s\n",
                         (k > 0 && out->text[k - 1] != '\n') ? "\n" : "", overrides[i]);
        if (w < 0)
            break;
        k += (size_t)w;
        if (k > HS_TEXT_MAX - 1)
            k = HS_TEXT_MAX - 1;
    }
    out->text[k] = '\0';
    out->text_len = k;
    view_free(&v);
    return hs_errs_count(errs) > before ? -1 : 0;
}

int hs_config_load(const char *path, const char *const *overrides, int noverrides,
                   hs_config *out, hs_errs *errs)
{
    hs_inifile *st = NULL;
    int rc = hs_inifile_read(path, &st, errs);
    /* An unreadable, empty or binary file: its own error says it all (no
     * cascade of "missing section" errors). */
    if (!st || (rc && hs_inifile_nsections(st) == 0 && hs_inifile_nentries(st) == 0)) {
        hs_inifile_free(st);
        memset(out, 0, sizeof *out);
        return -1;
    }
    int rc2 = hs_config_resolve(st, overrides, noverrides, out, errs);
    hs_inifile_free(st);
    return (rc || rc2) ? -1 : 0;
}

int hs_config_arm(const hs_config *c, const char *name)
{
    for (int i = 0; i < c->narms; i++)
        if (strcmp(c->arm[i].name, name) == 0)
            return i;
    return -1;
}

int hs_config_covariate(const hs_config *c, const char *name)
{
    return cov_index(c, name);
}

/* ------------------------------------------------------------ writing */

typedef struct sink {
    FILE *f;
    uint64_t h;
    int prec;
} sink;

__attribute__((format(printf, 2, 3))) static void emit(sink *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (s->f) {
        fputs(buf, s->f);
        return;
    }
    size_t m = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    for (size_t i = 0; i < m; i++) {
        s->h ^= (unsigned char)buf[i];
        s->h *= 1099511628211ULL;
    }
}

static void emit_list(sink *s, const char *key, const double *x, int n)
{
    emit(s, "%-14s =", key);
    if (s->f && n > 3) { /* readable form: an evenly spaced list as a range */
        double step = x[1] - x[0];
        int even = step > 0;
        for (int i = 2; i < n && even; i++)
            even = fabs(x[i] - (x[0] + i * step)) <= 1e-9 * fabs(step);
        if (even) {
            emit(s, " %.*g:%.*g:%.*g   ; %d points\n", s->prec, x[0], s->prec, x[n - 1], s->prec,
                 step, n);
            return;
        }
    }
    for (int i = 0; i < n; i++)
        emit(s, "%s %.*g", i ? "," : "", s->prec, x[i]);
    emit(s, "\n");
}

static void emit_pieces(sink *s, const char *key, const double *cut, const double *val, int n)
{
    emit(s, "%-14s =", key);
    for (int i = 0; i < n; i++)
        emit(s, "%s %.*g:%.*g", i ? "," : "", s->prec, cut[i], s->prec, val[i]);
    emit(s, "\n");
}

static void write_all(const hs_config *c, sink *s)
{
    int p = s->prec;
    emit(s, "[run]\nname           = %s\nseed           = %llu\nreplicates     = %llu\n\n", c->name,
         (unsigned long long)c->seed, (unsigned long long)c->replicates);
    emit(s, "[cohort]\n");
    for (int i = 0; i < c->ncov; i++) {
        const hs_covariate *cv = &c->cov[i];
        emit(s, "%-14s =", cv->name);
        for (int j = 0; j < cv->nlevels; j++)
            emit(s, "%s %s:%.*g", j ? "," : "", cv->level[j], p, cv->prob[j]);
        emit(s, "   ; reference level %s\n", cv->level[0]);
        if (c->cap[i] > 0)
            emit(s, "%s.max%*s = %s   ; eligibility cap, mix renormalised\n", cv->name,
                 (int)(strlen(cv->name) < 10 ? 10 - strlen(cv->name) : 0), "", cv->level[c->cap[i] - 1]);
    }
    for (int a = 0; a < c->narms; a++) {
        const hs_arm *arm = &c->arm[a];
        const hs_hazard *m = &arm->model;
        emit(s, "\n[arm %s]\n", arm->name);
        if (arm->model_path[0] && s->f) /* paths depend on the directory: not hashed */
            emit(s, "; model file %s\n", arm->model_path);
        if (arm->reference >= 0)
            emit(s, "; reference arm %s\n", c->arm[arm->reference].name);
        emit(s, "family         = %s\n", hs_family_name(m->family) ? hs_family_name(m->family) : "?");
        switch (m->family) {
        case HS_FAM_EXPONENTIAL:
            emit(s, "rate           = %.*g   ; median %.*g months\n", p, m->par[0], p,
                 m->par[0] > 0 ? log(2.0) / m->par[0] : INFINITY);
            break;
        case HS_FAM_WEIBULL:
        case HS_FAM_LOGLOGISTIC:
            emit(s, "shape          = %.*g\nscale          = %.*g\n", p, m->par[0], p, m->par[1]);
            break;
        case HS_FAM_GOMPERTZ:
            emit(s, "shape          = %.*g\nrate           = %.*g\n", p, m->par[0], p, m->par[1]);
            break;
        case HS_FAM_LOGNORMAL:
            emit(s, "meanlog        = %.*g\nsdlog          = %.*g\n", p, m->par[0], p, m->par[1]);
            break;
        case HS_FAM_PIECEWISE:
            emit_pieces(s, "rates", m->cut, m->rate, m->npieces);
            break;
        default:
            break;
        }
        emit(s, "cure           = %.*g\neffect         = %s\n", p, m->cure,
             m->effect == HS_EFFECT_AFT ? "aft" : "ph");
        if (m->nhr > 0)
            emit_pieces(s, "hr", m->hr_cut, m->hr, m->nhr);
        emit(s, "allocation     = %d\ndropout        = %.*g   ; rate %.*g per month\n",
             arm->allocation, p, arm->dropout_p, p, arm->dropout_rate);
        for (int ci = 0; ci < c->ncov; ci++)
            for (int l = 1; l < c->cov[ci].nlevels; l++) {
                char k[2 * HS_NAME_MAX + 2];
                snprintf(k, sizeof k, "%s.%s", c->cov[ci].name, c->cov[ci].level[l]);
                emit(s, "%-14s = %.*g\n", k, p, arm->beta[ci][l]);
            }
    }
    const hs_design *d = &c->design;
    emit(s, "\n[design]\ncontrol        = %s\nexperimental   = %s\n",
         d->control >= 0 ? c->arm[d->control].name : "?",
         d->experimental >= 0 ? c->arm[d->experimental].name : "?");
    emit(s, "n              =");
    for (int i = 0; i < d->nn; i++)
        emit(s, "%s %d", i ? "," : "", d->n[i]);
    emit(s, "\n");
    if (d->naccrual > 0)
        emit_pieces(s, "accrual", d->accrual_start, d->accrual_rate, d->naccrual);
    else
        emit(s, "accrual        = %.*g\n", p, d->accrual_months);
    emit(s, "dropout        = %.*g   ; rate %.*g per month\n", p, d->dropout_p, p, d->dropout_rate);
    if (d->analysis == HS_ANALYSIS_EVENTS)
        emit(s, "analysis       = events:%lld\n", d->analysis_events);
    else
        emit(s, "analysis       = calendar:%.*g\n", p, d->analysis_time);
    emit(s, "test           = %s\nalpha          = %.*g\nsides          = %d\nstrata         = %s\n",
         d->test == HS_TEST_COX ? "cox" : "logrank", p, d->alpha, d->sides,
         d->strata >= 0 ? c->cov[d->strata].name : "");
    emit_list(s, "grid", d->grid, d->ngrid);
    emit_list(s, "landmarks", d->landmarks, d->nlandmarks);
    emit(s, "tau            = %.*g\n", p, d->tau);
    emit(s, "\n[analysis]\nties           = %s\n", d->ties == HS_TIES_BRESLOW ? "breslow" : "efron");
    emit(s, "\n[plan]\n");
    emit_list(s, "target_power", c->plan.target_power, c->plan.ntarget);
    emit(s, "n_min          = %d\nn_max          = %d\nreplicates_coarse = %llu\nreplicates_fine = %llu\n",
         c->plan.n_min, c->plan.n_max, (unsigned long long)c->plan.replicates_coarse,
         (unsigned long long)c->plan.replicates_fine);
    if (c->nsweep > 0) {
        emit(s, "\n[sweep]\n");
        for (int i = 0; i < c->nsweep; i++)
            emit(s, "%s = %s\n", c->sweep[i].key, c->sweep[i].value);
    }
}

void hs_config_write(const hs_config *c, FILE *f)
{
    sink s = {f, 0, 10};
    write_all(c, &s);
}

uint64_t hs_config_hash(const hs_config *c)
{
    sink s = {NULL, 14695981039346656037ULL, 17};
    write_all(c, &s);
    return s.h;
}
