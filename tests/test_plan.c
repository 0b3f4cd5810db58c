/* test_plan.c — the sample-size search (plan.h) driven by synthetic,
 * noise-free power curves supplied through the evaluation callback, so
 * every answer is known exactly:
 *   - smooth curve 1 - e^(-n/100): the smallest N (a multiple of the unit)
 *     with power >= target is ceil(100 ln(1/(1-target)) / unit) * unit;
 *   - linear curve n/1024 with a +-1/16 "interval" (dyadic numbers, so the
 *     interpolation is exact): target 0.5 gives N 512, n_low 448 (where the
 *     upper limit reaches 0.5) and n_high 576 (the lower limit);
 *   - a target never reached within n_max is reported unreached; one reached
 *     at the smallest grid N is flagged at_n_min; a step exactly at a grid N
 *     or at n_max is found there;
 *   - an interval whose lower limit never reaches the target is capped at
 *     n_max; a dip in the curve clears `monotone` and measures the drop;
 *   - bad options are refused, and the callback's exit code stops the search. */
#include <math.h>
#include <string.h>

#include "plan.h"
#include "tap.h"

typedef struct ctx {
    int kind;        /* 0: 1 - e^(-n/100); 1: n/1024; 2: step at `at`; 3: n/1024 with a dip */
    int at;          /* step / dip location */
    int fail;        /* return this code on the call number fail_call */
    int fail_call;
    int calls, first_batch, bad_fine;
    uint64_t fine;   /* replicates a stage-1 point must request */
} ctx;

static double curve(const ctx *c, int n)
{
    switch (c->kind) {
    case 0: return 1 - exp(-n / 100.0);
    case 1: return n / 1024.0;
    case 2: return n >= c->at ? 0.9 : 0.1;
    default: return n / 1024.0 - (n == c->at ? 0.1 : 0.0);
    }
}

static int eval(void *vc, hs_plan_point *pts, int npts)
{
    ctx *c = vc;
    if (c->calls++ == 0)
        c->first_batch = npts;
    if (c->fail && c->calls == c->fail_call)
        return c->fail;
    for (int i = 0; i < npts; i++) {
        double p = curve(c, pts[i].n);
        pts[i].power = p;
        pts[i].ci_low = p - 0.0625;
        pts[i].ci_high = p + 0.0625;
        pts[i].rejections = (uint64_t)llround(p * (double)pts[i].replicates);
        c->bad_fine += pts[i].stage == 1 && pts[i].replicates != c->fine;
    }
    return 0;
}

static hs_plan_opts opts(int n_min, int n_max, int unit, int nt, const double *t)
{
    hs_plan_opts o;
    memset(&o, 0, sizeof o);
    o.n_min = n_min;
    o.n_max = n_max;
    o.unit = unit;
    o.ncoarse = 12;
    o.replicates_coarse = 1000;
    o.replicates_fine = 10000;
    o.ntarget = nt;
    for (int k = 0; k < nt; k++)
        o.target[k] = t[k];
    return o;
}

static void test_smallest(void)
{
    static const double t[4] = {0.5, 0.8, 0.9, 0.95};
    static const int units[3] = {1, 2, 5};
    for (int ui = 0; ui < 3; ui++) {
        int u = units[ui];
        hs_plan_opts o = opts(20, 1000, u, 4, t);
        ctx c = {.kind = 0, .fine = o.replicates_fine};
        hs_plan_result r;
        int rc = hs_plan_search(&o, eval, &c, &r);
        int bad = rc != 0;
        for (int k = 0; k < 4 && !bad; k++) {
            int want = (int)ceil(100 * log(1 / (1 - t[k])) / u) * u;
            const hs_plan_target *x = &r.target[k];
            if (!x->reached || x->n != want || x->at_n_min || x->at.n != want ||
                x->at.replicates != o.replicates_fine || x->at.stage != 1) {
                diag("unit %d target %.2f: n %d (want %d), reached %d", u, t[k], x->n, want,
                     x->reached);
                bad = 1;
            }
        }
        ok(!bad, "unit %d: N = ceil(100 ln(1/(1-p)) / unit) * unit for p = 0.5, 0.8, 0.9, 0.95"
                 " (e.g. 0.8 -> %d)", u, r.target[1].n);
        if (ui == 1) {
            is_int(c.first_batch, 12, "the 12 coarse points are asked for in one batch");
            is_int(c.bad_fine, 0, "every fine point asks for replicates_fine");
            ok(r.monotone == 1 && r.max_drop == 0, "an increasing curve is monotone");
            int coarse = 0;
            for (int i = 0; i < r.npoints; i++)
                coarse += r.points[i].stage == 0;
            is_int(coarse, 12, "12 coarse points recorded");
        }
        hs_plan_result_free(&r);
    }
}

static void test_interval(void)
{
    static const double t[2] = {0.5, 0.95};
    hs_plan_opts o = opts(20, 1000, 2, 2, t);
    ctx c = {.kind = 1, .fine = o.replicates_fine};
    hs_plan_result r;
    if (hs_plan_search(&o, eval, &c, &r) != 0) {
        ok(0, "search");
        return;
    }
    const hs_plan_target *x = &r.target[0];
    ok(x->reached && x->n == 512 && x->n_low == 448 && x->n_high == 576 && !x->high_capped,
       "n/1024, target 0.5: N 512, interval 448..576 (got %d, %d..%d)", x->n, x->n_low, x->n_high);
    x = &r.target[1];
    /* 0.95 * 1024 = 972.8 -> 974; the lower limit tops out at 1000/1024 - 1/16 < 0.95 */
    ok(x->reached && x->n == 974 && x->high_capped && x->n_high == 1000,
       "target 0.95: N 974, n_high capped at n_max 1000 (got %d, %d, capped %d)", x->n,
       x->n_high, x->high_capped);
    ok(r.target[0].max_power_n == 1000 && r.target[0].max_power == 1000 / 1024.0,
       "largest power seen: at n_max, 1000/1024");
    hs_plan_result_free(&r);
}

static void test_edges(void)
{
    static const double t1[2] = {0.1, 0.99};
    hs_plan_opts o = opts(20, 400, 2, 2, t1);
    ctx c = {.kind = 0, .fine = o.replicates_fine};
    hs_plan_result r;
    if (hs_plan_search(&o, eval, &c, &r) != 0) {
        ok(0, "search");
        return;
    }
    ok(r.target[0].reached && r.target[0].at_n_min && r.target[0].n == 20,
       "target 0.1 (power 0.18 at n_min 20): reached at n_min (n %d)", r.target[0].n);
    ok(!r.target[1].reached && r.target[1].n == -1,
       "target 0.99 needs n 461 > n_max 400: not reached (n %d)", r.target[1].n);
    ok(r.target[1].max_power_n == 400 && fabs(r.target[1].max_power - (1 - exp(-4.0))) < 1e-15,
       "unreached: the largest power seen is at n_max (%d)", r.target[1].max_power_n);
    hs_plan_result_free(&r);

    /* a step exactly at a coarse grid N (198 = round(20 + 980 * 2/11)) and at n_max */
    static const double t2[1] = {0.9};
    static const int at[2] = {198, 1000};
    for (int k = 0; k < 2; k++) {
        o = opts(20, 1000, 2, 1, t2);
        c = (ctx){.kind = 2, .at = at[k], .fine = o.replicates_fine};
        int rc = hs_plan_search(&o, eval, &c, &r);
        ok(rc == 0 && r.target[0].reached && r.target[0].n == at[k] && !r.target[0].at_n_min,
           "power jumps to the target exactly at n = %d: found there (n %d)", at[k],
           rc == 0 ? r.target[0].n : -1);
        hs_plan_result_free(&r);
    }
}

static void test_dip(void)
{
    static const double t[1] = {0.5};
    hs_plan_opts o = opts(20, 1000, 2, 1, t);
    ctx c = {.kind = 3, .at = 198, .fine = o.replicates_fine};
    hs_plan_result r;
    if (hs_plan_search(&o, eval, &c, &r) != 0) {
        ok(0, "search");
        return;
    }
    /* coarse neighbours 110 and 198: 110/1024 - (198/1024 - 0.1) = 0.1 - 88/1024 */
    ok(!r.monotone, "a dip at n = 198 clears monotone");
    is_double(r.max_drop, 0.1 - 88 / 1024.0, 1e-12, "the drop is 0.1 - 88/1024 = 0.0140625");
    is_int(r.target[0].n, 512, "the dip does not move N for target 0.5");
    hs_plan_result_free(&r);
}

static void test_refusals(void)
{
    static const double good[1] = {0.8}, one[1] = {1.0}, zero[1] = {0.0};
    ctx c = {.kind = 0, .fine = 10000};
    hs_plan_result r;
    struct {
        hs_plan_opts o;
        const char *what;
    } bad[6];
    bad[0].o = opts(20, 1000, 2, 1, one), bad[0].what = "target 1";
    bad[1].o = opts(20, 1000, 2, 1, zero), bad[1].what = "target 0";
    bad[2].o = opts(1000, 1000, 2, 1, good), bad[2].what = "n_min = n_max";
    bad[3].o = opts(20, 1000, 0, 1, good), bad[3].what = "unit 0";
    bad[4].o = opts(20, 1000, 2, 1, good), bad[4].o.ncoarse = 1, bad[4].what = "ncoarse 1";
    bad[5].o = opts(20, 1000, 2, 0, good), bad[5].what = "no target";
    for (int k = 0; k < 6; k++) {
        c.calls = 0;
        int rc = hs_plan_search(&bad[k].o, eval, &c, &r);
        ok(rc == -1 && c.calls == 0 && r.points == NULL, "%s refused before any evaluation",
           bad[k].what);
    }
    hs_plan_opts o = opts(20, 1000, 2, 1, good);
    for (int call = 1; call <= 2; call++) {
        c = (ctx){.kind = 0, .fail = 3, .fail_call = call, .fine = o.replicates_fine};
        int rc = hs_plan_search(&o, eval, &c, &r);
        ok(rc == 3 && r.points == NULL && c.calls == call,
           "the callback's code 3 on call %d stops the search and is returned", call);
    }
}

int main(void)
{
    plan(3 + 4 + 3 + 5 + 3 + 8);
    test_smallest();
    test_interval();
    test_edges();
    test_dip();
    test_refusals();
    return tap_done();
}
