/* model_write.c — model-file text (see model_write.h). */
#include "model_write.h"

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

