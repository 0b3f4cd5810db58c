/* test_power.c — statistical checks of the engine (engine.h), issue 5 item 9.
 *
 * (1) Reference design (validation.md): exponential, control median 30
 *     months, HR 0.6, 240 patients 1:1, 24 months uniform accrual, no
 *     dropout, analysis at the 120th event, one-sided alpha 0.025, log-rank.
 *     Known answers: Schoenfeld power Phi(sqrt(120/4) |ln 0.6| - 1.96) = 0.799
 *     (Schoenfeld 1981); rpact::getSimulationSurvival gave 0.7957, 0.7965 and
 *     0.7986 in three runs of 20,000 replicates (mean 0.7969 over 60,000).
 *     Our power must agree with each within 3 SE of the difference, and with
 *     Schoenfeld within 3 of our MC SE.
 * (2) Under HR = 1 (n = 100, analysis at the 50th event), 10^5 replicates:
 *     two-sided alpha 0.05 and one-sided alpha 0.025 rejection rates equal
 *     alpha within 3 SE = 3 sqrt(alpha (1 - alpha) / R). The one-sided
 *     count is read from the same replicates (reject two-sided at 0.05 with
 *     z < 0 is the one-sided 0.025 test: both use z_crit = 1.96) and checked
 *     against a genuinely one-sided run on the first 2 * 10^4 replicates.
 * (3) KM bands centre on the truth: 10 trials of N = 20000, no dropout, the
 *     calendar cut at 1000 months (nobody censored before the grid end); at
 *     each grid time the mean KM estimate per arm is within 4 SE of the
 *     model's marginal S(t) = sum_l p_l S(t | lp_l), SE = sqrt(S(1-S)/(n_arm R)).
 * (4) The Cox Wald test (test = cox) on the reference design: power within
 *     0.01 of the log-rank power on the same replicates, and Schoenfeld's
 *     0.799 within 3 SE. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "hazard.h"
#include "scenfix.h"
#include "tap.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static hs_engine *engine(const hs_scenario *sc)
{
    char why[256] = "";
    hs_engine *e = hs_engine_alloc(sc, why, sizeof why);
    if (!e)
        diag("engine: %s", *why ? why : "?");
    return e;
}

static uint64_t rejections(hs_engine *e) { return hs_engine_acc(e)->count[HS_ACC_REJECTIONS]; }

static void test_reference(void)
{
    hs_scenario sc, scx;
    scenfix f;
    scenfix_exponential(&f);
    scenfix_scenario(&f, &sc);
    scenfix_set(&f, "design.test=cox");
    scenfix_scenario(&f, &scx);
    const uint64_t R = 20000, RC = 10000;
    hs_engine *lr = engine(&sc);
    hs_engine *cx = engine(&scx);
    if (!lr || !cx) {
        ok(0, "engines");
        return;
    }
    double t0 = now();
    hs_engine_run(lr, 0, RC);
    uint64_t k_half = rejections(lr);
    hs_engine_run(lr, RC, R - RC);
    double t1 = now();
    hs_engine_run(cx, 0, RC);
    double t2 = now();
    diag("log-rank: %.1f us per trial; cox: %.1f us per trial", 1e6 * (t1 - t0) / (double)R,
         1e6 * (t2 - t1) / (double)RC);

    double p = (double)rejections(lr) / (double)R, se = sqrt(p * (1 - p) / (double)R);
    diag("reference design power %.4f (MC SE %.4f, %llu replicates)", p, se, (unsigned long long)R);
    /* rpact: three runs of 20,000 and their mean over 60,000 */
    static const double rpact[3] = {0.7957, 0.7965, 0.7986};
    for (int i = 0; i < 3; i++) {
        double sd = sqrt(se * se + rpact[i] * (1 - rpact[i]) / 20000.0);
        is_double(p, rpact[i], 3 * sd, "power = rpact run %d %.4f within 3 SE (%.4f)", i + 1,
                  rpact[i], sd);
    }
    double sdm = sqrt(se * se + 0.7969 * (1 - 0.7969) / 60000.0);
    is_double(p, 0.7969, 3 * sdm, "power = rpact mean 0.7969 within 3 SE (%.4f)", sdm);
    double schoenfeld = 0.5 * erfc(-(sqrt(120.0 / 4) * fabs(log(0.6)) - 1.959963984540054) / sqrt(2));
    is_double(schoenfeld, 0.799, 5e-4, "Schoenfeld power formula = validation.md 0.799");
    is_double(p, schoenfeld, 3 * se, "power = Schoenfeld %.4f within 3 MC SE", schoenfeld);
    const hs_acc *a = hs_engine_acc(lr);
    is_double(hs_moments_mean(&a->events.m), 120, 1e-9, "every replicate analysed at 120 events");
    /* the Cox HR estimate centres near 0.6 (median of 20000 estimates) */
    hs_dsummary hr;
    hs_acc_summarize(&a->hr, &hr);
    is_double(hr.q[2], 0.6, 0.02, "median Cox HR estimate %.4f near the true 0.6", hr.q[2]);

    double pc = (double)rejections(cx) / (double)RC, pl = (double)k_half / (double)RC;
    double sec = sqrt(pc * (1 - pc) / (double)RC);
    diag("Cox Wald power %.4f (SE %.4f) vs log-rank %.4f on the same %llu replicates", pc, sec, pl,
         (unsigned long long)RC);
    is_double(pc, pl, 0.01, "Cox power within 0.01 of log-rank on the same replicates");
    is_double(pc, schoenfeld, 3 * sec, "Cox power = Schoenfeld within 3 MC SE");
    hs_engine_free(lr);
    hs_engine_free(cx);
}

static void test_null(void)
{
    /* HR = 1: the experimental arm is "alt" with the control's own model
     * file (no hazard-ratio multiplier at all), 100 patients, 50th event */
    hs_scenario sc;
    scenfix f;
    scenfix_exponential(&f);
    f.model[1] = SCENFIX_EXP_CONTROL;
    scenfix_set(&f, "design.experimental=alt");
    scenfix_set(&f, "design.n=100");
    scenfix_set(&f, "design.analysis=events:50");
    scenfix_set(&f, "design.grid=0:1:1");
    scenfix_set(&f, "design.alpha=0.05");
    scenfix_set(&f, "design.sides=2");
    scenfix_scenario(&f, &sc);
    const uint64_t R = 100000, R1 = 20000;
    hs_engine *e2 = engine(&sc);
    scenfix_set(&f, "design.alpha=0.025");
    scenfix_set(&f, "design.sides=1");
    scenfix_scenario(&f, &sc);
    hs_engine *e1 = engine(&sc);
    if (!e1 || !e2) {
        ok(0, "engines");
        return;
    }
    /* one replicate at a time: the two-sided reject flag and the sign of z */
    hs_trial *t2 = hs_trial_alloc(hs_engine_scenario(e2));
    hs_scenario s2 = *hs_engine_scenario(e2);
    uint64_t two = 0, one = 0, one_first = 0;
    double t0 = now();
    for (uint64_t r = 0; r < R; r++) {
        hs_trial_result res;
        hs_trial_run(t2, &s2, r, &res);
        two += res.reject != 0;
        one += res.reject && res.z < 0;
        if (r + 1 == R1)
            one_first = one;
    }
    double t1 = now();
    diag("HR = 1, n = 100, 50 events: %.1f us per trial", 1e6 * (t1 - t0) / (double)R);
    hs_engine_run(e1, 0, R1);
    is_int((long long)rejections(e1), (long long)one_first,
           "one-sided run (alpha 0.025) rejects exactly where two-sided 0.05 does with z < 0");
    double p2 = (double)two / (double)R, p1 = (double)one / (double)R;
    double se2 = sqrt(0.05 * 0.95 / (double)R), se1 = sqrt(0.025 * 0.975 / (double)R);
    diag("HR = 1: two-sided %.5f (alpha 0.05, SE %.5f), one-sided %.5f (alpha 0.025, SE %.5f)", p2,
         se2, p1, se1);
    is_double(p2, 0.05, 3 * se2, "two-sided size %.5f = 0.05 within 3 SE", p2);
    is_double(p1, 0.025, 3 * se1, "one-sided size %.5f = 0.025 within 3 SE", p1);
    hs_trial_free(t2);
    hs_engine_free(e1);
    hs_engine_free(e2);
}

static void test_km_truth(void)
{
    /* Weibull shape 1.3, scale 30 in both arms, a covariate x (a 0.6, b 0.4)
     * with log HR 0.5 for b, arm 1 with HR 1 for 6 months then 0.6 */
    hs_scenario sc;
    scenfix f;
    scenfix_exponential(&f);
    f.model[0] = "[model]\nfamily = weibull\nshape = 1.3\nscale = 30\n[effects]\nx.b = 0.5\n";
    scenfix_set(&f, "cohort.x=a:0.6, b:0.4");
    scenfix_set(&f, "arm.treated.hr=0:1.0, 6:0.6");
    scenfix_set(&f, "design.n=20000");
    scenfix_set(&f, "design.accrual=12");
    scenfix_set(&f, "design.analysis=calendar:1000");
    scenfix_set(&f, "design.grid=0:60:6");
    scenfix_set(&f, "design.landmarks=12, 24");
    scenfix_scenario(&f, &sc);
    hs_engine *e = engine(&sc);
    if (!e) {
        ok(0, "engine");
        return;
    }
    const uint64_t R = 10;
    double t0 = now();
    hs_engine_run(e, 0, R);
    diag("N = 20000: %.1f ms per trial", 1e3 * (now() - t0) / (double)R);
    const hs_acc *a = hs_engine_acc(e);
    double nar = sc.n / 2.0 * (double)R;
    for (int g = 0; g < 2; g++) {
        int bad = 0;
        double worst = 0;
        for (int j = 0; j < sc.ngrid + sc.nland; j++) {
            double t = j < sc.ngrid ? sc.grid[j] : sc.land[j - sc.ngrid];
            const hs_dstat *d = j < sc.ngrid ? &a->km[g][j] : &a->land[g][j - sc.ngrid];
            double pa = sc.cum[0][0], s = pa * hs_hazard_S(&sc.arm[g].model, 0.0, t) +
                                          (1 - pa) * hs_hazard_S(&sc.arm[g].model, sc.arm[g].beta[0][1], t);
            double se = sqrt(s * (1 - s) / nar), mean = hs_moments_mean(&d->m);
            double zs = se > 0 ? fabs(mean - s) / se : fabs(mean - s) / 1e-9;
            worst = zs > worst ? zs : worst;
            bad += !(fabs(mean - s) <= 4 * se + 1e-9);
        }
        diag("arm %d: largest |mean KM - S(t)| / SE = %.2f over %d times", g, worst,
             sc.ngrid + sc.nland);
        is_int(bad, 0, "arm %d: mean KM at every grid time and landmark within 4 SE of the true S(t)",
               g);
    }
    hs_engine_free(e);
}

int main(void)
{
    plan(10 + 3 + 2);
    test_reference();
    test_null();
    test_km_truth();
    return tap_done();
}
