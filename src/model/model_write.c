/* model_write.c — model-file text (see model_write.h). */
#include "model_write.h"

#include <string.h>

/* [model] section text of m. */
void hs_model_write_section(FILE *f, const hs_hazard *m)
{
    const hs_family_info *fi = hs_hazard_family_info_of(m->family);
    fprintf(f, "[model]\nfamily = %s\n", fi->name);
    if (m->family == HS_FAM_PIECEWISE) {
        fprintf(f, "rates = ");
        for (int k = 0; k < m->npieces; k++)
            fprintf(f, "%s%g:%.8g", k ? ", " : "", m->cut[k], m->rate[k]);
        fprintf(f, "\n");
    } else {
        for (int j = 0; j < fi->npar; j++)
            fprintf(f, "%s = %.10g\n", fi->par[j].key, m->par[j]);
    }
    fprintf(f, "effect = %s\n", m->effect == HS_EFFECT_PH ? "ph" : "aft");
}


void hs_model_write_covar(FILE *f, const hs_model_covar *c, const char *const *comment, int ncomment)
{
    fprintf(f, "[covariance]\n");
    for (int i = 0; i < ncomment; i++)
        fprintf(f, "; %s\n", comment[i]);
    if (c->source[0])
        fprintf(f, "method = %s\n", c->source);
    if (c->n > 0)
        fprintf(f, "n = %.17g\n", c->n);
    for (int a = 0; a < c->k; a++)
        fprintf(f, "p%d = %s\n", a + 1, c->name[a]);
    for (int a = 0; a < c->k; a++)
        for (int b = 0; b <= a; b++)
            fprintf(f, "c%d.%d = %.17g\n", a + 1, b + 1, c->cov[a * (a + 1) / 2 + b]);
}

int hs_model_covar_from_fit(const hs_fit_result *r, const int *keep, hs_model_covar *out)
{
    int idx[HS_FIT_KMAX], k = 0;
    memset(out, 0, sizeof *out);
    if (r->nbase != hs_model_covar_nbase(&r->model))
        return -1;
    for (int j = 0; j < r->k; j++) {
        if (j >= r->nbase && keep && !keep[j - r->nbase])
            continue;
        if (k == HS_COVAR_MAX)
            return -1;
        if (j < r->nbase)
            hs_model_covar_base(&r->model, j, out->name[k], HS_COVAR_NAME, NULL);
        else if (strlen(r->names[j]) >= HS_COVAR_NAME)
            return -1;
        else
            strcpy(out->name[k], r->names[j]);
        out->mean[k] = r->coef[j];
        idx[k++] = j;
    }
    for (int a = 0; a < k; a++)
        for (int b = 0; b <= a; b++)
            out->cov[a * (a + 1) / 2 + b] =
                0.5 * (r->vcov[idx[a] * r->k + idx[b]] + r->vcov[idx[b] * r->k + idx[a]]);
    out->k = k;
    out->n = (double)r->n;
    strcpy(out->source, "ipd");
    return 0;
}
