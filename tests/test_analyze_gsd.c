/* test_analyze_gsd.c — the look and decision rules of `analyze --looks`
 * (src/cli/analyze_gsd.c): info:F plans ceil(F K) events; the current look
 * is the first planned look with planned events >= D, its fraction D / K, the
 * other looks at their planned fractions; past the last interim (D < K or
 * D > K) the final look at t = 1; the bounds are hs_gsd_solve's for that
 * fraction vector (1e-12); a z on a bound crosses it; no futility stop at the
 * final look; and option errors. The bounds themselves are checked against
 * rpact in tests/analyze_gsd.sh. */
#include "analyze_gsd.h"
#include "tap.h"

#include <math.h>
#include <string.h>

static hs_analyze_gsd_plan mkplan(const char *looks, const char *k, const char *eff, const char *fut)
{
    hs_analyze_gsd_args a;
    memset(&a, 0, sizeof a);
    a.looks = looks;
    a.final_events = k;
    a.efficacy = eff;
    a.futility = fut;
    hs_analyze_gsd_plan p;
    hs_errs e;
    hs_errs_init(&e);
    if (hs_analyze_gsd_parse(&a, &p, &e) != 0)
        diag("unexpected errors: %s", e.msg[0]);
    return p;
}

/* Bounds straight from hs_gsd_solve for the fractions t[0..k). */
static hs_gsd_bounds direct(const hs_analyze_gsd_plan *p, const double *t, int k)
{
    hs_gsd_spec g = p->spec;
    g.k = k;
    for (int j = 0; j < k; j++)
        g.t[j] = t[j];
    hs_gsd_bounds b;
    char err[256];
    if (hs_gsd_solve(&g, &b, err, sizeof err))
        diag("solve: %s", err);
    return b;
}

static int nerrs(const hs_analyze_gsd_args *a)
{
    hs_analyze_gsd_plan p;
    hs_errs e;
    hs_errs_init(&e);
    hs_analyze_gsd_parse(a, &p, &e);
    return hs_errs_count(&e);
}

int main(void)
{
    plan(26);
    char err[256];
    hs_analyze_gsd_result r;

    /* info:0.3,0.6 of K = 10: 3 and 6 events planned */
    hs_analyze_gsd_plan p = mkplan("info:0.3,0.6", "10", NULL, "bsof");
    ok(p.on && p.nint == 2, "info:0.3,0.6 of 10: a plan with two interims");
    is_double(p.planned[0], 3, 0, "info:0.3 of 10 plans ceil(3) = 3 events (not 4)");
    is_double(p.planned[1], 6, 0, "info:0.6 of 10 plans 6 events");
    is_double(p.planned[2], 10, 0, "the final look plans K");

    /* D = 3 equals look 1's plan: look 1 at 0.3 */
    ok(hs_analyze_gsd_evaluate(&p, 3, 0.5, &r, err, sizeof err) == 0, "D = 3 evaluates");
    is_int(r.look, 1, "D = 3: look 1 (planned 3 >= D)");
    is_double(r.info_frac, 0.3, 1e-15, "D = 3: t = 0.3");
    /* D = 4: look 2 at 0.4; look 1 keeps 0.3, the final 1 */
    hs_analyze_gsd_evaluate(&p, 4, 0.5, &r, err, sizeof err);
    is_int(r.look, 2, "D = 4: look 2 (the first with planned events >= 4)");
    double t4[3] = {0.3, 0.4, 1.0};
    hs_gsd_bounds b = direct(&p, t4, 3);
    int same = 1;
    for (int j = 0; j < 3; j++) {
        same &= fabs(r.b.t[j] - t4[j]) < 1e-15 && fabs(r.b.z_eff[j] - b.z_eff[j]) < 1e-12;
        same &= j == 2 || fabs(r.b.z_fut[j] - b.z_fut[j]) < 1e-12;
    }
    ok(same, "D = 4: the bounds are hs_gsd_solve's for t = 0.3, 0.4, 1 (1e-12)");
    is_double(r.events_at[1], 4, 0, "D = 4: look 2 shows the observed events");
    is_double(r.events_at[0], 3, 0, "D = 4: look 1 shows its planned events");
    /* z on the efficacy bound crosses it; on the futility bound stops */
    hs_analyze_gsd_evaluate(&p, 4, r.b.z_eff[1], &r, err, sizeof err);
    is_int(r.decision, HS_ANALYZE_GSD_EFFICACY, "z equal to the efficacy bound: stop for efficacy");
    hs_analyze_gsd_evaluate(&p, 4, b.z_fut[1], &r, err, sizeof err);
    is_int(r.decision, HS_ANALYZE_GSD_FUTILITY, "z equal to the futility bound: stop for futility");
    hs_analyze_gsd_evaluate(&p, 4, b.z_fut[1] + 1e-6, &r, err, sizeof err);
    is_int(r.decision, HS_ANALYZE_GSD_CONTINUE, "z just above the futility bound: continue");
    char text[128];
    hs_analyze_gsd_decision_text(&r, text, sizeof text);
    ok(!strcmp(text, "continue to look 3"), "continue names the next look ('%s')", text);

    /* D = 7 < K past the last interim, and D = 12 > K: the final look at t = 1 */
    hs_analyze_gsd_evaluate(&p, 7, -5, &r, err, sizeof err);
    is_int(r.look, 3, "D = 7 (past the last interim): the final look");
    is_double(r.info_frac, 1, 0, "D = 7: the final look at t = 1");
    ok(r.decision == HS_ANALYZE_GSD_FINAL_NONE && isnan(r.z_fut), "the final look has no futility stop (z = -5)");
    hs_analyze_gsd_evaluate(&p, 12, 5, &r, err, sizeof err);
    double tp[3] = {0.3, 0.6, 1.0};
    b = direct(&p, tp, 3);
    ok(r.look == 3 && fabs(r.b.z_eff[2] - b.z_eff[2]) < 1e-12 && r.decision == HS_ANALYZE_GSD_EFFICACY,
       "D = 12 > K = 10: the final look with the planned fractions, crosses at z = 5");

    /* events: looks are taken as given */
    p = mkplan("events:100,200", "300", "asp", NULL);
    hs_analyze_gsd_evaluate(&p, 150, 0, &r, err, sizeof err);
    ok(r.look == 2 && fabs(r.info_frac - 0.5) < 1e-15, "events:100,200 of 300, D = 150: look 2 at 0.5");

    /* errors: all of them at once */
    hs_analyze_gsd_args a;
    memset(&a, 0, sizeof a);
    a.efficacy = "asp";
    a.beta = "0.1";
    is_int(nerrs(&a), 2, "two spending options without --looks: two errors");
    a.looks = "info:0.5";
    a.beta = NULL;
    is_int(nerrs(&a), 1, "--looks without --final-events: an error");
    a.final_events = "0";
    is_int(nerrs(&a), 1, "--final-events 0: an error");
    a.final_events = "10";
    a.looks = "info:0.41,0.45";
    is_int(nerrs(&a), 1, "info:0.41,0.45 of 10: both at ceil = 5 events, an error");
    a.looks = "events:5,12";
    is_int(nerrs(&a), 1, "events:5,12 of 10: an interim not below K, an error");
    a.looks = "info:0.5";
    a.sides = "2";
    a.futility = "bsof";
    is_int(nerrs(&a), 1, "two-sided with beta-spending futility: an error");
    return tap_done();
}
