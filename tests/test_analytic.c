/* test_analytic.c — Schoenfeld/Freedman known answers, the event-probability
 * closed form against the numerical integral, and identities of the
 * scenario-based figures. Known answers: /work/shared/reference/validation.md
 * ("Sample size and power (analytic)"), i.e. Schoenfeld 1983, Freedman 1982,
 * and the uniform-accrual event probability (Collett, ch. 10). */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "analytic.h"
#include "scenfix.h"
#include "tap.h"

/* The fixture's exponential design (control median 30 months: rate
 * ln 2 / 30; HR 0.6; n 240; 24 months of accrual; one-sided alpha 0.025),
 * analysed at a calendar cut of 60 months, with a yearly dropout
 * probability (0: none) and the overrides given (NULL-ended). */
static void base(hs_scenario *sc, double dropout, ...)
{
    scenfix f;
    scenfix_exponential(&f);
    scenfix_set(&f, "design.analysis=calendar:60");
    scenfix_set(&f, "design.grid=0:1:1");
    scenfix_set(&f, "design.dropout=%.17g", dropout);
    va_list ap;
    va_start(ap, dropout);
    for (const char *ov = va_arg(ap, const char *); ov; ov = va_arg(ap, const char *))
        scenfix_set(&f, "%s", ov);
    va_end(ap);
    scenfix_scenario(&f, sc);
}

int main(void)
{
    plan(52);
    /* validation.md: Schoenfeld, one-sided alpha 0.025, 1:1 */
    is_double(hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.9, 1), 330.4, 0.05, "Schoenfeld HR 0.7 power 0.9: 330.4");
    is_double(ceil(hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.9, 1)), 331, 0, "... 331 events");
    is_double(hs_analytic_schoenfeld_events(0.6, 0.025, 1, 0.9, 1), 161.1, 0.05, "Schoenfeld HR 0.6 power 0.9: 161.1");
    is_double(hs_analytic_schoenfeld_events(0.75, 0.025, 1, 0.8, 1), 379.4, 0.05, "Schoenfeld HR 0.75 power 0.8: 379.4");
    /* two-sided 0.05 is the same z as one-sided 0.025 */
    is_rel(hs_analytic_schoenfeld_events(0.7, 0.05, 2, 0.9, 1), hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.9, 1), 1e-14, "two-sided 0.05 == one-sided 0.025");
    /* validation.md: Freedman, HR 0.7, two-sided 0.05, power 0.8 -> 252.0 */
    is_double(hs_analytic_freedman_events(0.7, 0.05, 2, 0.8, 1), 252.0, 0.05, "Freedman HR 0.7 power 0.8: 252.0");
    /* validation.md: power with 100 events HR 0.7 -> 0.430; HR 0.6, 120 events -> 0.799 */
    is_double(hs_analytic_schoenfeld_power(0.7, 100, 0.025, 1, 1), 0.430, 0.0005, "Schoenfeld power, 100 events, HR 0.7: 0.430");
    is_double(hs_analytic_schoenfeld_power(0.6, 120, 0.025, 1, 1), 0.799, 0.0005, "Schoenfeld power, 120 events, HR 0.6: 0.799");
    /* identity: power at D(power) is power; 2:1 allocation D = z^2 (3)^2/(2 ln^2 HR) */
    is_double(hs_analytic_schoenfeld_power(0.7, hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.85, 2), 0.025, 1, 2), 0.85, 1e-12, "power(D(0.85)) = 0.85 at 2:1");
    is_rel(hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.9, 2) / hs_analytic_schoenfeld_events(0.7, 0.025, 1, 0.9, 1), 9.0 / 8.0, 1e-12, "2:1 needs 9/8 the events of 1:1");
    ok(isnan(hs_analytic_schoenfeld_events(1.0, 0.025, 1, 0.9, 1)), "HR 1 -> NAN");
    ok(isnan(hs_analytic_schoenfeld_events(0.7, 0.025, 1, 1.5, 1)), "power 1.5 -> NAN");
    ok(isnan(hs_analytic_zcrit(0.025, 3)), "sides 3 -> NAN");

    /* Closed form with no dropout, R = 24, F = 36, median 30: direct formula of validation.md */
    double lam = log(2) / 30, R = 24, F = 36;
    double want = 1 - (exp(-lam * F) - exp(-lam * (F + R))) / (lam * R);
    is_rel(hs_analytic_event_prob_exp(lam, 0, R, F), want, 1e-14, "event probability closed form (validation.md)");

    hs_scenario sc;
    hs_analytic *a;
    double p, eta = -log(1 - 0.03) / 12;
    for (int drop = 0; drop < 2; drop++) {
        base(&sc, drop ? 0.03 : 0, (const char *)NULL);
        ok(sc.arm[0].model.par[0] == lam && sc.arm[1].model.hr[0] == 0.6,
           "fixture: control rate ln 2 / 30, HR 0.6 (dropout %d)", drop);
        is_rel(sc.arm[0].dropout_rate, drop ? eta : 0, 1e-14, "fixture: dropout rate -ln(1 - 0.03)/12 (dropout %d)", drop);
        a = hs_analytic_alloc(&sc);
        for (int arm = 0; arm < 2; arm++) {
            double rate = arm ? 0.6 * lam : lam;
            ok(a && hs_analytic_event_prob(a, arm, 240, R + F, &p) == 0, "integral ok (arm %d, dropout %d)", arm, drop);
            is_rel(p, hs_analytic_event_prob_exp(rate, drop ? eta : 0, R, F), 1e-8, "numerical == closed form (arm %d, dropout %d)", arm, drop);
        }
        hs_analytic_free(a);
    }

    /* Weibull shape 1 + covariate mix of two exponential levels: the mixture
     * of closed forms. Level b (p 0.3) has log HR 0.5 in the control arm. */
    char weib[160];
    snprintf(weib, sizeof weib, "[model]\nfamily = weibull\nshape = 1\nscale = %.17g\n[effects]\nx.b = 0.5\n",
             1 / lam);
    {
        scenfix f;
        scenfix_exponential(&f);
        f.model[0] = weib;
        scenfix_set(&f, "cohort.x=a:0.7, b:0.3");
        scenfix_set(&f, "arm.treated.x.b=0");
        scenfix_set(&f, "design.analysis=calendar:60");
        scenfix_set(&f, "design.grid=0:1:1");
        scenfix_set(&f, "design.dropout=0.03");
        scenfix_scenario(&f, &sc);
    }
    a = hs_analytic_alloc(&sc);
    ok(a && hs_analytic_has_mix(a), "covariate mix detected");
    hs_analytic_event_prob(a, 0, 240, R + F, &p);
    want = 0.7 * hs_analytic_event_prob_exp(lam, eta, R, F) + 0.3 * hs_analytic_event_prob_exp(lam * exp(0.5), eta, R, F);
    is_rel(p, want, 1e-8, "Weibull(1) mixture == mixture of closed forms");
    hs_analytic_free(a);

    /* Piecewise accrual at 10/month for n = 240 == uniform over 24 months */
    base(&sc, 0.03, (const char *)NULL);
    a = hs_analytic_alloc(&sc);
    double pu, pp;
    hs_analytic_event_prob(a, 1, 240, 50, &pu);
    hs_analytic_free(a);
    base(&sc, 0.03, "design.accrual=0:10", (const char *)NULL);
    a = hs_analytic_alloc(&sc);
    hs_analytic_event_prob(a, 1, 240, 50, &pp);
    is_rel(pp, pu, 1e-8, "piecewise accrual 10/month, n 240 == uniform over 24 months");
    hs_analytic_free(a);

    /* Expected events and the k-th event time; average HR of an exponential PH design */
    base(&sc, 0.03, (const char *)NULL);
    a = hs_analytic_alloc(&sc);
    double t, d, hr, lo, hi, rate[2];
    int trc = hs_analytic_event_time(a, 240, 120, &t);
    ok(trc == 0 && t > R, "time of the 120th expected event: %.3f months", t);
    hs_analytic_expected_events(a, 240, t, &d);
    is_double(d, 120, 1e-6, "expected events at that time = 120");
    ok(hs_analytic_average_hr(a, 240, t, &hr, &lo, &hi) == 0, "average HR computed");
    is_rel(hr, 0.6, 1e-9, "average HR of exponential PH = 0.6");
    ok(hs_analytic_exponential(a, rate) && fabs(rate[1] / rate[0] - 0.6) < 1e-14, "exponential rates recognised");

    /* Design: events:120 of 240 (q = 0.5): n = ceil(161.1 / 0.5) for power 0.9 */
    base(&sc, 0.03, "design.analysis=events:120", (const char *)NULL);
    hs_analytic_design ad;
    ok(hs_analytic_design_for(a, &sc, 0.9, 0, &ad) == 0, "design computed");
    is_int(ad.n, (int)ceil(hs_analytic_schoenfeld_events(0.6, 0.025, 1, 0.9, 1) / 0.5), "n = ceil(D / (K/n))");
    diag("design: D %.2f, n %d, events %d, time %.2f, LF n %.1f", ad.schoenfeld_events, ad.n, ad.events_at_n,
         ad.analysis_time, ad.lachin_foulkes_n);
    hs_analytic_free(a);

    /* Timelines (design.md): followup:T under rate accrual (20 a month),
     * control median 30, HR 0.7 (the rpact design of tests/timeline.sh) */
    base(&sc, 0, "design.analysis=followup:24", "design.accrual=0:20", "design.n=600",
         "arm.treated.hr=0.7", (const char *)NULL);
    a = hs_analytic_alloc(&sc);
    is_double(hs_analytic_accrual_duration(&sc, 600), 30, 1e-12, "600 patients at 20 a month: 30 months");
    ok(hs_analytic_cut_time(a, 600, HS_SC_CUT_FOLLOWUP, 24, &t) == 0, "followup cut time");
    is_double(t, 54, 1e-12, "followup:24 after 30 months of accrual: month 54");
    hs_analytic_cut_time(a, 600, HS_SC_CUT_CALENDAR, 40, &t);
    is_double(t, 40, 0, "calendar:40: month 40");
    ok(hs_analytic_design_for(a, &sc, 0.8, 0, &ad) == 0, "followup design computed");
    is_double(ad.analysis_time, ad.accrual_duration + 24, 1e-9, "analysis = accrual + 24 months");
    is_double(ad.accrual_duration, ad.n / 20.0, 1e-9, "accrual = n / 20");
    is_double(ad.followup, 24, 0, "followup reported as 24");
    double d1, d0;
    hs_analytic_expected_events(a, ad.n, ad.n / 20.0 + 24, &d1);
    hs_analytic_expected_events(a, ad.n - 1, (ad.n - 1) / 20.0 + 24, &d0);
    ok(d1 >= ad.schoenfeld_events && d0 < ad.schoenfeld_events,
       "n = %d is the smallest whose expected events (%.3f; %.3f at n - 1) reach Schoenfeld's %.3f", ad.n, d1,
       d0, ad.schoenfeld_events);
    is_double(ad.events, d1, 1e-9, "events = expected events at the analysis");
    /* solve = followup at n = 600: the events reach Schoenfeld's exactly at the analysis */
    ok(hs_analytic_followup_for(a, &sc, 0.9, &ad) == 0, "followup solved");
    is_double(ad.events, ad.schoenfeld_events, 1e-6, "expected events at the solved time = Schoenfeld's");
    is_double(ad.followup, ad.analysis_time - 30, 1e-12, "follow-up = analysis time - accrual");
    is_int(ad.n, 600, "solve = followup keeps n");
    hs_analytic_free(a);
    /* events = fixed: n stays, K stays */
    base(&sc, 0, "design.analysis=events:150", "design.n=400", (const char *)NULL);
    a = hs_analytic_alloc(&sc);
    int frc = hs_analytic_design_for(a, &sc, 0.9, 1, &ad);
    ok(frc == 0 && ad.n == 400 && ad.events_at_n == 150, "events = fixed: n %d and K %d stay", ad.n,
       ad.events_at_n);
    hs_analytic_event_time(a, 400, 150, &t);
    is_double(ad.analysis_time, t, 1e-9, "... analysis at the 150th expected event");
    hs_analytic_free(a);
    hs_analytic_free(NULL);
    return tap_done();
}
