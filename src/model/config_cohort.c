/* config_cohort.c — [cohort]: one covariate per key, COV = LEVEL:P, ...
 * (the first level is the reference), and eligibility caps COV.max = LEVEL. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

static int level_index(const hs_covariate *cv, const char *name)
{
    for (int i = 0; i < cv->nlevels; i++)
        if (strcmp(cv->level[i], name) == 0)
            return i;
    return -1;
}

#define LEVEL_CHARS "+-<>=~"

void hs_config_cohort_resolve(view *v, hs_config *c, int *covbad)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, "cohort") != 0 || strchr(e->key, '.'))
            continue;
        e->used = 1;
        if (!hs_config_view_name_ok(e->key, NULL) || strlen(e->key) >= HS_NAME_MAX) {
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
        int k = hs_cfgval_split(buf, ',', tok, HS_LEVELS_MAX);
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
            if (!hs_config_view_name_ok(lv, LEVEL_CHARS) || l >= HS_NAME_MAX) {
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
void hs_config_cohort_caps(view *v, hs_config *c, const int *covbad)
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
            ci = hs_config_covariate(c, name);
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
