/* test_calib.c — landmark calibration: exact recovery of a known model from
 * its own mixed survival figures, the anchor cohort's landmarks (Wang et al.
 * 2025: 1/2/3-year OS 100/93.3/72%, median 52 months) with a piecewise
 * exponential (exact) and a Weibull (cannot fit: clinical-parameters.md), and
 * the input checks. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "tap.h"

static const double W[3] = {0.45, 0.40, 0.15}; /* mets 1 / 2-3 / 4+ */
static const double LP[3] = {0.0, 0.34, 0.62};

static void recover(hs_family fam, hs_effect eff, double p0, double p1)
{
    hs_hazard truth = {0};
    truth.family = fam;
    truth.effect = eff;
    truth.par[0] = p0;
    truth.par[1] = p1;
    double t[4] = {12, 24, 36, 60}, s[4];
    for (int j = 0; j < 4; j++)
        s[j] = hs_calib_mix_S(&truth, W, LP, 3, t[j]);
    hs_fit_spec sp = {fam, eff, 0, {0}};
    hs_calib_result r;
    char why[200] = "";
    int st = hs_calib_fit(&sp, t, s, 4, W, LP, 3, &r, why, sizeof why);
    ok(st == 0, "%s calibration runs (%s)", hs_hazard_family_name(fam), why[0] ? why : "ok");
    is_rel(r.model.par[0], p0, 1e-6, "%s: par[0] recovered from its mixed landmarks (%.8g)",
           hs_hazard_family_name(fam), r.model.par[0]);
    is_rel(r.model.par[1], p1, 1e-6, "%s: par[1] recovered (%.8g)", hs_hazard_family_name(fam),
           r.model.par[1]);
    ok(r.max_abs_diff < 1e-8, "%s: landmarks reproduced (max diff %.2e)", hs_hazard_family_name(fam),
       r.max_abs_diff);
}

int main(void)
{
    plan(28);
    recover(HS_FAM_WEIBULL, HS_EFFECT_PH, 1.6, 58.0);
    recover(HS_FAM_LOGLOGISTIC, HS_EFFECT_AFT, 2.5, 45.0);
    recover(HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0.02, 0.01);

    /* anchor, no covariate mix */
    double t[4] = {12, 24, 36, 52}, s[4] = {1.00, 0.933, 0.72, 0.5};
    double w1 = 1.0, lp0 = 0.0;
    hs_fit_spec pw = {HS_FAM_PIECEWISE, HS_EFFECT_PH, 4, {0, 12, 24, 36}};
    hs_calib_result r;
    char why[200] = "";
    ok(hs_calib_fit(&pw, t, s, 4, &w1, &lp0, 1, &r, why, sizeof why) == 0, "anchor: piecewise calibrates");
    is_double(r.fitted[0], 0.995, 1e-8, "anchor: S(12) = 1.00 clamped to 0.995");
    is_double(r.fitted[1], 0.933, 1e-8, "anchor: S(24) = 0.933");
    is_double(r.fitted[2], 0.72, 1e-8, "anchor: S(36) = 0.72");
    is_double(hs_calib_mix_quantile(&r.model, &w1, &lp0, 1, 0.5), 52.0, 1e-6,
              "anchor: median 52 months");
    /* piecewise with the mets mix: the mixture also hits the targets exactly */
    ok(hs_calib_fit(&pw, t, s, 4, W, LP, 3, &r, why, sizeof why) == 0 && r.max_abs_diff < 1e-8,
       "anchor over the mets mix: piecewise reproduces every target (max diff %.2e)",
       r.max_abs_diff);

    hs_fit_spec wb = {HS_FAM_WEIBULL, HS_EFFECT_PH, 0, {0}};
    ok(hs_calib_fit(&wb, t, s, 4, &w1, &lp0, 1, &r, why, sizeof why) == 0, "anchor: weibull calibrates");
    for (int j = 0; j < 4; j++)
        diag("weibull t=%g target %.3f fitted %.4f cloglog resid %+.4f", t[j], s[j],
             r.fitted[j], r.resid[j]);
    ok(r.max_abs_diff > 0.01, "anchor: weibull misfit reported (max |diff| %.4f, shape %.3f)",
       r.max_abs_diff, r.model.par[0]);

    /* input checks */
    int bad;
    double tb[3] = {24, 12, 36}, sb[3] = {0.9, 0.8, 0.7};
    int st = hs_calib_check(tb, sb, 3, &bad, why, sizeof why);
    ok(st == -1 && bad == 1, "times out of order: %s", why);
    double t2[3] = {12, 24, 36}, s2[3] = {0.9, 0.95, 0.7};
    st = hs_calib_check(t2, s2, 3, &bad, why, sizeof why);
    ok(st == -1 && bad == 1, "increasing survival: %s", why);
    double s3[3] = {1.2, 0.9, 0.7};
    st = hs_calib_check(t2, s3, 3, &bad, why, sizeof why);
    ok(st == -1 && bad == 0, "survival > 1: %s", why);
    double s4[3] = {0.9, 0.8, -0.1};
    st = hs_calib_check(t2, s4, 3, &bad, why, sizeof why);
    ok(st == -1 && bad == 2, "survival < 0: %s", why);
    hs_fit_spec pw5 = {HS_FAM_PIECEWISE, HS_EFFECT_PH, 5, {0, 6, 12, 24, 36}};
    st = hs_calib_fit(&pw5, t, s, 4, &w1, &lp0, 1, &r, why, sizeof why);
    ok(st == -1 && !strcmp(why, "more parameters than landmarks (use fewer pieces)"),
       "5 pieces for 4 targets refused, the text in err: %s", why);
    /* the err, errlen convention: err == NULL is accepted */
    ok(hs_calib_fit(&pw5, t, s, 4, &w1, &lp0, 1, &r, NULL, 0) == -1, "calib_fit with err == NULL: -1");
    ok(hs_calib_check(tb, sb, 3, &bad, NULL, 0) == -1 && bad == 1, "calib_check with err == NULL: -1");
    why[0] = '\0';
    ok(hs_calib_check(tb, sb, 3, &bad, why, sizeof why) == -1 && !strcmp(why, "landmark times must increase"),
       "calib_check: -1 and the text in err (%s)", why);
    return tap_done();
}
