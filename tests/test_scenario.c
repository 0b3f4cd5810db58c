/* test_scenario.c — scenario resolution (scenario.h): hs_scenario_from_config
 * on configs built by scenfix.h, and hs_scenario_check's refusals.
 *   - the fixture's exponential variant resolves to exactly the hand-written
 *     validation.md reference design (every field, bit for bit);
 *   - an N grid gives one scenario per N that differ in n only; an index
 *     outside the grid is refused;
 *   - overrides reach the scenario: HR (constant and piecewise), seed (hex),
 *     stream key, dropout (design-wide and per arm: rate -ln(1-p)/12),
 *     allocation weights, test and ties;
 *   - arms: control/experimental are the named arms (a model-file arm, or
 *     swapped), a reference arm copies its model and effects, an arm's own
 *     COV.LEVEL overrides them;
 *   - the cut: events:K and calendar:T;
 *   - strata: the named covariate's index, none when empty; the cohort's
 *     levels and cumulative probabilities, renormalised under a cap. */
#include <math.h>
#include <string.h>

#include "scenario.h"
#include <stddef.h>

#include "scenfix.h"
#include "tap.h"

/* The validation.md reference design as hs_scenario_from_config must give it. */
static void reference_by_hand(hs_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->seed = 20250814;
    sc->index = 0;
    sc->replicates = 1000;
    sc->n = 240;
    for (int a = 0; a < 2; a++) {
        sc->arm[a].model.family = HS_FAM_EXPONENTIAL;
        sc->arm[a].model.effect = HS_EFFECT_PH;
        sc->arm[a].model.par[0] = log(2.0) / 30;
        sc->arm[a].weight = 1;
    }
    sc->arm[1].model.nhr = 1;
    sc->arm[1].model.hr_cut[0] = 0;
    sc->arm[1].model.hr[0] = 0.6;
    sc->accrual_months = 24;
    sc->cut = HS_SC_CUT_EVENTS;
    sc->cut_value = 120;
    hs_testspec_parse("logrank", &sc->test, NULL, 0);
    sc->nwlr = 1; /* the merged weighted scores: log-rank's FH(0,0) */
    sc->wlr[0].kind = HS_WLR_FH; /* rho = gamma = tstar = 0 (memset) */
    for (int i = 0; i < (HS_SC_ALSO_MAX + 1) * HS_TESTSPEC_MAXCOMP; i++)
        sc->wlr_index[i] = -1;
    sc->wlr_index[0] = 0;
    sc->alpha = 0.025;
    sc->sides = 1;
    sc->strata_cov = -1;
    sc->ngrid = 7;
    for (int k = 0; k < sc->ngrid; k++)
        sc->grid[k] = 6.0 * k;
    sc->tau = 36;
    /* one fixed analysis: the group-sequential fields at their defaults */
    sc->allocation_ratio = 1;
    sc->nlooks = 1;
    sc->look_cut = HS_SC_CUT_EVENTS;
    sc->look_value[0] = 120;
    sc->look_frac[0] = 1;
    sc->planned = 1;
    sc->gsd.k = 1;
    sc->gsd.t[0] = 1;
    sc->gsd.alpha = 0.025;
    sc->gsd.sides = 1;
    sc->gsd.efficacy = HS_GSD_EFF_ASOF;
    sc->gsd.futility = HS_GSD_FUT_NONE;
    sc->gsd.beta = 0.2;
}

static void build(hs_scenario *sc, int weibull, const char *const *ov, int nov)
{
    scenfix f;
    if (weibull)
        scenfix_weibull(&f);
    else
        scenfix_exponential(&f);
    for (int i = 0; i < nov; i++)
        scenfix_set(&f, "%s", ov[i]);
    scenfix_scenario(&f, sc);
}

static void test_reference(void)
{
    hs_scenario got, want;
    build(&got, 0, NULL, 0);
    reference_by_hand(&want);
    for (size_t i = 0; i < sizeof got; i++)
        if (((unsigned char *)&got)[i] != ((unsigned char *)&want)[i]) {
            diag("first difference at byte %zu (test at %zu, wlr at %zu, wlr_index at %zu)", i,
                 offsetof(hs_scenario, test), offsetof(hs_scenario, wlr), offsetof(hs_scenario, wlr_index));
            break;
        }
    ok(memcmp(&got, &want, sizeof got) == 0,
       "exponential variant == hand-written reference design, bit for bit");
    ok(got.arm[0].model.par[0] == log(2.0) / 30, "median = 30 gives rate ln 2 / 30 exactly");
    is_int(hs_scenario_check(&got, NULL, 0), 0, "and it passes hs_scenario_check");
}

static void test_ngrid(void)
{
    scenfix f;
    scenfix_exponential(&f);
    scenfix_set(&f, "design.n=100:300:100");
    scenfix_set(&f, "design.analysis=events:90");
    hs_scenario sc[3];
    int bad = 0;
    for (int i = 0; i < 3; i++) {
        f.n_index = i;
        scenfix_scenario(&f, &sc[i]);
        bad += sc[i].n != 100 * (i + 1);
    }
    is_int(bad, 0, "n = 100:300:100: n_index 0, 1, 2 give 100, 200, 300");
    int differ = 0;
    for (int i = 1; i < 3; i++) {
        hs_scenario x = sc[i];
        x.n = sc[0].n;
        differ += memcmp(&x, &sc[0], sizeof x) != 0;
    }
    is_int(differ, 0, "the grid's scenarios differ in n only (same stream key: common random numbers)");

    hs_errs *errs = malloc(sizeof *errs);
    if (!errs)
        return;
    hs_scenario x;
    f.n_index = 3;
    hs_errs_init(errs);
    int rc = scenfix_try(&f, &x, errs);
    ok(rc == -1 && errs->n == 1 && strstr(errs->msg[0], "no such N"),
       "n_index 3 of a 3-N grid refused: %s", errs->n ? errs->msg[0] : "(nothing)");
    f.n_index = -1;
    hs_errs_init(errs);
    rc = scenfix_try(&f, &x, errs);
    ok(rc == -1 && errs->n == 1, "n_index -1 refused: %s", errs->n ? errs->msg[0] : "(nothing)");
    free(errs);
}

static void test_overrides(void)
{
    hs_scenario sc;
    const char *a[] = {"arm.treated.hr=0.7", "run.seed=0xff", "run.replicates=7",
                       "design.test=cox", "analysis.ties=breslow"};
    build(&sc, 0, a, 5);
    ok(sc.arm[1].model.nhr == 1 && sc.arm[1].model.hr[0] == 0.7, "arm.treated.hr=0.7");
    ok(sc.seed == 255 && sc.replicates == 7, "seed 0xff = 255, replicates 7");
    ok(sc.test.kind == HS_TEST_COX && sc.breslow == 1, "test = cox, ties = breslow");

    const char *b[] = {"arm.treated.hr=0:1.0, 6:0.5, 12:0.8"};
    build(&sc, 0, b, 1);
    const hs_hazard *m = &sc.arm[1].model;
    ok(m->nhr == 3 && m->hr_cut[0] == 0 && m->hr_cut[1] == 6 && m->hr_cut[2] == 12 &&
           m->hr[0] == 1.0 && m->hr[1] == 0.5 && m->hr[2] == 0.8,
       "piecewise hr 0:1.0, 6:0.5, 12:0.8 -> cuts 0, 6, 12, ratios 1, 0.5, 0.8");
    ok(sc.arm[0].model.nhr == 0, "the control keeps no multiplier");

    scenfix f;
    scenfix_exponential(&f);
    f.index = 42;
    scenfix_scenario(&f, &sc);
    ok(sc.index == 42, "stream key passed through");

    const char *c[] = {"design.dropout=0.2", "arm.treated.dropout=0.1",
                       "arm.treated.allocation=2"};
    build(&sc, 0, c, 3);
    is_rel(sc.arm[0].dropout_rate, -log(0.8) / 12, 1e-14, "design dropout 0.2/year -> -ln(0.8)/12 per month");
    is_rel(sc.arm[1].dropout_rate, -log(0.9) / 12, 1e-14, "arm's own dropout 0.1/year -> -ln(0.9)/12");
    ok(sc.arm[0].weight == 1 && sc.arm[1].weight == 2, "allocation 1:2");
}

static void test_arms(void)
{
    hs_scenario sc;
    const char *a[] = {"design.experimental=alt"};
    build(&sc, 0, a, 1);
    ok(sc.arm[1].model.family == HS_FAM_EXPONENTIAL && sc.arm[1].model.par[0] == log(2.0) / 50 &&
           sc.arm[1].model.nhr == 0,
       "experimental = alt: its own model file (median 50), no multiplier");
    const char *b[] = {"design.control=alt", "design.experimental=control"};
    build(&sc, 0, b, 2);
    ok(sc.arm[0].model.par[0] == log(2.0) / 50 && sc.arm[1].model.par[0] == log(2.0) / 30,
       "control = alt, experimental = control: arm 0 is alt, arm 1 the control");

    build(&sc, 1, NULL, 0);
    ok(sc.arm[0].model.family == HS_FAM_WEIBULL && sc.arm[0].model.par[0] == 1.3 &&
           sc.arm[0].model.par[1] == 24,
       "weibull variant: shape 1.3, scale 24 from the model file");
    ok(memcmp(sc.arm[0].model.par, sc.arm[1].model.par, sizeof sc.arm[0].model.par) == 0 &&
           sc.arm[1].model.hr[0] == 0.6,
       "reference arm copies the control's model, HR 0.6 on top");
    ok(sc.arm[0].beta[0][0] == 0 && sc.arm[0].beta[0][1] == 0.5 && sc.arm[1].beta[0][1] == 0.5,
       "effects: reference level 0, x.b = 0.5 in both arms (copied by reference)");
    const char *c[] = {"arm.treated.x.b=0.2"};
    build(&sc, 1, c, 1);
    ok(sc.arm[0].beta[0][1] == 0.5 && sc.arm[1].beta[0][1] == 0.2,
       "an arm's own x.b = 0.2 overrides the copied effect, the control keeps 0.5");
}

static void test_cut(void)
{
    hs_scenario sc;
    const char *a[] = {"design.analysis=events:33"};
    build(&sc, 0, a, 1);
    ok(sc.cut == HS_SC_CUT_EVENTS && sc.cut_value == 33, "events:33 -> events cut at 33");
    const char *b[] = {"design.analysis=calendar:41.5"};
    build(&sc, 0, b, 1);
    ok(sc.cut == HS_SC_CUT_CALENDAR && sc.cut_value == 41.5, "calendar:41.5 -> calendar cut at 41.5");
    const char *c[] = {"design.accrual=0:5, 6:10"};
    build(&sc, 0, c, 1);
    ok(sc.accrual_months == 0 && sc.naccrual == 2 && sc.accrual_start[1] == 6 &&
           sc.accrual_rate[0] == 5 && sc.accrual_rate[1] == 10,
       "piecewise accrual 0:5, 6:10");
}

static void test_strata(void)
{
    hs_scenario sc;
    build(&sc, 1, NULL, 0);
    ok(sc.ncov == 1 && sc.nlevels[0] == 2 && sc.cum[0][0] == 0.5 && sc.cum[0][1] == 1.0,
       "cohort x = a:0.5, b:0.5 -> 2 levels, cum 0.5, 1");
    is_int(sc.strata_cov, 0, "strata = x -> covariate 0");
    ok(sc.ngrid == 13 && sc.grid[12] == 24 && sc.nland == 2 && sc.land[0] == 6 &&
           sc.land[1] == 12 && sc.tau == 24,
       "grid 0:24:2 (13 times), landmarks 6, 12, tau 24");
    const char *a[] = {"cohort.y=lo:0.25, mid:0.25, hi:0.5", "design.strata=y"};
    build(&sc, 1, a, 2);
    ok(sc.ncov == 2 && sc.nlevels[1] == 3 && sc.cum[1][0] == 0.25 && sc.cum[1][1] == 0.5 &&
           sc.cum[1][2] == 1.0,
       "a second covariate y: 3 levels, cum 0.25, 0.5, 1");
    is_int(sc.strata_cov, 1, "strata = y -> covariate 1");
    const char *b[] = {"design.strata="};
    build(&sc, 1, b, 1);
    is_int(sc.strata_cov, -1, "strata = (empty) -> unstratified");
    const char *c[] = {"cohort.x=a:0.25, b:0.25, c:0.5", "cohort.x.max=b"};
    build(&sc, 1, c, 2);
    ok(sc.nlevels[0] == 3 && sc.cum[0][0] == 0.5 && sc.cum[0][1] == 1.0 && sc.cum[0][2] == 1.0,
       "cap x.max = b renormalises a, b to 0.5 each; c gets nothing");
}

static void test_check(void)
{
    hs_scenario good, sc;
    build(&good, 1, NULL, 0);
    char why[256] = "";
    is_int(hs_scenario_check(&good, why, sizeof why), 0, "the weibull variant passes the check");
    struct {
        const char *what;
        int field;
    } cases[] = {{"n = 1", 0},           {"weight 0", 1},      {"weights 40 + 30 > 64", 2},
                 {"events 41 > n 40", 3}, {"ngrid 0", 4},        {"alpha 1", 5},
                 {"sides 3", 6},          {"weibull scale 0", 7}, {"65 landmarks", 8}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        sc = good;
        switch (cases[k].field) {
        case 0: sc.n = 1; break;
        case 1: sc.arm[1].weight = 0; break;
        case 2: sc.arm[0].weight = 40; sc.arm[1].weight = 30; break;
        case 3: sc.cut_value = 41; break;
        case 4: sc.ngrid = 0; break;
        case 5: sc.alpha = 1; break;
        case 6: sc.sides = 3; break;
        case 7: sc.arm[0].model.par[1] = 0; break;
        default: sc.nland = HS_SC_LAND_MAX + 1; break;
        }
        why[0] = 0;
        int rc = hs_scenario_check(&sc, why, sizeof why);
        ok(rc == -1 && *why, "%s refused: %s", cases[k].what, *why ? why : "(no reason)");
    }
}

int main(void)
{
    plan(3 + 4 + 9 + 6 + 3 + 7 + 10);
    test_reference();
    test_ngrid();
    test_overrides();
    test_arms();
    test_cut();
    test_strata();
    test_check();
    return tap_done();
}
