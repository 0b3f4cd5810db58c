/* test_model.c — model files and inline model keys into hs_hazard + effects. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "tap.h"

#define MDIR HS_SOURCE_DIR "/tests/config/models/"

static hs_errs errs;

static int has(const char *needle)
{
    for (int i = 0; i < errs.n; i++)
        if (strstr(errs.msg[i], needle))
            return 1;
    return 0;
}

int main(void)
{
    plan(23);
    hs_covariate cov[2];
    memset(cov, 0, sizeof cov);
    strcpy(cov[0].name, "mets");
    cov[0].nlevels = 3;
    strcpy(cov[0].level[0], "1");
    strcpy(cov[0].level[1], "2-3");
    strcpy(cov[0].level[2], "4+");
    strcpy(cov[1].name, "kras");
    cov[1].nlevels = 2;
    strcpy(cov[1].level[0], "wt");
    strcpy(cov[1].level[1], "mut");

    hs_model m;
    hs_errs_init(&errs);
    int rc = hs_model_load(MDIR "chemo.ini", 2, cov, NULL, &m, &errs);
    ok(rc == 0, "chemo.ini loads");
    ok(m.hazard.family == HS_FAM_WEIBULL && m.hazard.effect == HS_EFFECT_PH, "weibull, PH");
    is_double(m.hazard.par[0], 1.6, 0, "shape");
    is_double(m.hazard.par[1], 58, 0, "scale");
    is_double(m.beta[0][1], 0.34, 0, "mets.2-3");
    is_double(m.beta[0][2], 0.62, 0, "mets.4+");
    is_double(m.beta[1][1], 0.45, 0, "kras.mut");
    is_double(m.beta[1][0], 0, 0, "reference level 0");

    /* hifu.ini has line.* effects: line is not a covariate here */
    hs_errs_init(&errs);
    rc = hs_model_load(MDIR "hifu.ini", 2, cov, NULL, &m, &errs);
    ok(rc == -1 && hs_errs_count(&errs) == 2, "effects on an unknown covariate: 2 errors");
    ok(has("hifu.ini:10: effect line.2: unknown covariate 'line'"), "unknown covariate at its line");

    hs_errs_init(&errs);
    rc = hs_model_load(MDIR "bad_family.ini", 2, cov, NULL, &m, &errs);
    is_int(hs_errs_count(&errs), 2, "bad_family.ini: 2 errors");
    ok(has("bad_family.ini:3: unknown family 'exponentail' (did you mean 'exponential'?)"), "unknown family");
    ok(has("bad_family.ini:6: effect kras.mutant: unknown level 'mutant' of kras; expected one of wt, mut"),
       "unknown level");
    hs_errs_init(&errs);
    rc = hs_model_load(MDIR "bad_params.ini", 2, cov, NULL, &m, &errs);
    ok(rc == -1 && hs_errs_count(&errs) == 2, "bad_params.ini: 2 errors");
    ok(has("bad_params.ini:5: scale = '-1': -1 is out of range; expected a scale in [0.001, 100000] months"), "negative scale");
    ok(has("bad_params.ini:6: unknown key 'cur' in [model] (did you mean 'cure'?)"), "did-you-mean cure");
    hs_errs_init(&errs);
    rc = hs_model_load(MDIR "no_model.ini", 2, cov, NULL, &m, &errs);
    ok(rc == -1 && has("no_model.ini: missing section [model]"), "missing [model]");

    /* inline keys */
    hs_cfgval_entry e[] = {
        {"arm a", "family", "exponential", "c.ini", 2, 0},
        {"arm a", "median", "30", "c.ini", 3, 0},
        {"arm a", "cure", "0.1", "c.ini", 4, 0},
        {"arm b", "family", "lognormal", "c.ini", 6, 0},
        {"arm b", "meanlog", "-1", "c.ini", 7, 0},
        {"arm b", "sdlog", "0.8", "c.ini", 8, 0},
        {"arm b", "scale", "3", "c.ini", 9, 0},
        {"arm b", "effect", "ph", "c.ini", 10, 0},
    };
    hs_hazard hz;
    hs_errs_init(&errs);
    rc = hs_model_params(e, 8, "arm a", "c.ini", 1, &hz, &errs);
    rc |= hs_model_options(e, 8, "arm a", &hz, &errs);
    ok(rc == 0, "inline exponential");
    is_double(hz.par[0], log(2.0) / 30, 1e-15, "median 30 -> rate ln2/30");
    is_double(hz.cure, 0.1, 0, "cure");
    rc = hs_model_params(e, 8, "arm b", "c.ini", 5, &hz, &errs);
    ok(rc == -1 && has("c.ini:9: key 'scale' does not apply to family lognormal; expected meanlog and sdlog"),
       "key of another family");
    ok(hz.par[0] == -1 && hz.effect == HS_EFFECT_AFT, "negative meanlog allowed; lognormal defaults to AFT");
    rc = hs_model_options(e, 8, "arm b", &hz, &errs);
    ok(rc == -1 && has("c.ini:10: effect = ph is not available for family lognormal; expected aft"),
       "PH not offered for lognormal");
    return tap_done();
}
