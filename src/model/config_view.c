/* config_view.c — the view a config is resolved from (config_int.h): the
 * store's entries and sections plus the overrides' strings, and the messages
 * for unknown and missing keys. Unknown keys get a did-you-mean suggestion
 * (hs_cfgval_suggest: Levenshtein distance). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

char *hs_config_view_own(view *v, const char *a, size_t n)
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

void hs_config_view_free(view *v)
{
    for (int i = 0; i < v->nowned; i++)
        free(v->owned[i]);
    free(v->owned);
    free(v->e);
    free(v->s);
    memset(v, 0, sizeof *v);
}

int hs_config_view_init(view *v, const hs_inifile *st, int extra, hs_errs *errs)
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

void hs_config_view_unknown(view *v, const ent *e, const char *what, const char *const *cand,
                            int ncand)
{
    if (hs_errs_full(v->errs)) { /* counted only: skip the suggestion's cost */
        hs_errs_skip(v->errs);
        return;
    }
    char list[512], dym[128] = "";
    hs_cfgval_join(list, sizeof list, cand, ncand);
    const char *s = hs_cfgval_suggest(e->key, cand, ncand);
    if (s)
        snprintf(dym, sizeof dym, " (did you mean '%s'?)", s);
    verr(v, e->file, e->line, "unknown key '%s' in [%s]%s; expected %s: %s", e->key, e->section,
         dym, what, list);
}

int hs_config_view_name_ok(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && !(extra && strchr(extra, *p)))
            return 0;
    return 1;
}

void hs_config_view_check_keys(view *v, const char *section, const char *const *keys, int nkeys)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, section) != 0)
            continue;
        int known = 0;
        for (int k = 0; k < nkeys; k++)
            known |= !strcmp(e->key, keys[k]);
        if (!known)
            hs_config_view_unknown(v, e, "one of", keys, nkeys);
    }
}

ent *hs_config_view_need(view *v, const char *section, const char *key, const char *expect)
{
    ent *e = find(v, section, key);
    if (!e) {
        const sec *s = find_section(v, section);
        if (s)
            verr(v, s->file, s->line, "[%s] has no %s; expected %s = %s", section, key, key, expect);
    }
    return e;
}
