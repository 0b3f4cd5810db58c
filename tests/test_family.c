/* test_family.c — TAP tests for the family table (hazard.c) and its users:
 * names round-trip, fit.c's parameter count and transforms follow the table, and
 * a model inside every table range passes hs_hazard_check. */
#include <stdio.h>
#include <string.h>

#include "fit.h"
#include "hazard.h"
#include "tap.h"

int main(void)
{
    plan(6 * 6 + 2);
    for (int f = 0; f < (int)HS_FAM_COUNT; f++) {
        const hs_family_info *fi = hs_hazard_family_info_of((hs_family)f);
        ok(fi && hs_hazard_family_from_name(fi->name) == f, "family %d: name round-trips", f);
        hs_fit_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.family = (hs_family)f;
        sp.effect = fi->effect;
        sp.npieces = 1;
        is_int(hs_fit_nbase(&sp), fi->npar, "%s: fit estimates npar = %d base parameters", fi->name, fi->npar);
        ok((fi->effect == HS_EFFECT_PH && fi->ph_ok) || (fi->effect == HS_EFFECT_AFT && fi->aft_ok),
           "%s: the default form is one a model file accepts", fi->name);
        hs_hazard m;
        memset(&m, 0, sizeof m);
        double th[2] = {0.0, 0.0};
        hs_fit_theta_model(&sp, th, &m);
        ok(m.family == (hs_family)f, "%s: theta -> model keeps the family", fi->name);
        int logs = 1;
        for (int j = 0; j < fi->npar && f != HS_FAM_PIECEWISE; j++)
            logs &= fi->par[j].logfit ? m.par[j] == 1.0 : m.par[j] == 0.0;
        ok(logs, "%s: log-scale parameters map through exp", fi->name);
        /* a model at the middle of every range is valid */
        memset(&m, 0, sizeof m);
        m.family = (hs_family)f;
        m.effect = fi->effect;
        if (f == HS_FAM_PIECEWISE) {
            m.npieces = 1;
            m.rate[0] = 0.1;
        } else
            for (int j = 0; j < fi->npar; j++)
                m.par[j] = 0.5 * (fi->par[j].lo + fi->par[j].hi);
        char why[160];
        ok(hs_hazard_check(&m, why, sizeof why) == 0, "%s: parameters inside the table ranges pass the check (%s)",
           fi->name, why[0] ? why : "ok");
    }
    ok(hs_hazard_family_info_of(HS_FAM_COUNT) == NULL, "no row past the last family");
    ok(strcmp(hs_hazard_family_info_of(HS_FAM_LOGNORMAL)->par[1].key, "sdlog") == 0, "lognormal's second key is sdlog");
    return tap_done();
}
