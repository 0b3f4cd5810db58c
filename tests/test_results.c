/* test_results.c — what results.c computes from a scenario's accumulators.
 *
 * Wilson 95% score interval (Wilson 1927), against the published values of
 * Newcombe (1998, Stat Med 17:857, Table I, method 3, 4 decimals):
 * 81/263 -> 0.2553..0.3662, 15/148 -> 0.0624..0.1605, 0/20 -> 0..0.1611,
 * 1/29 -> 0.0061..0.1718; plus its limits (k = n -> upper 1; n = 0 -> NaN).
 *
 * hs_results_add on accumulators fed 100 synthetic replicates with known
 * values (the scenario: scenfix.h's Weibull variant, 13 grid times, 2
 * landmarks): 37 rejections -> power 0.37, SE sqrt(0.37 * 0.63 / 100),
 * Wilson 0.281824..0.467795 (the formula evaluated independently); events
 * 20 + r mod 11 (mean 24.95); duration 30 + 0.1 r (mean 34.95); every HR
 * 0.7005 (the centre of a 0.001-wide bin, so the grouped-data median is
 * exactly 0.7005); control median OS 10.025 always; experimental median OS
 * not reached in 60 of 100 (so its median is "not reached": NA / null, and
 * its moments count 40 values, 60 n_na). KM and landmark means are exact
 * (fixed-point moments: 1e-9); their medians within one bin (1e-4). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acc.h"
#include "results.h"
#include "scenfix.h"
#include "tap.h"

static void test_wilson(void)
{
    static const struct {
        uint64_t k, n;
        double lo, hi;
    } c[] = {{81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0, 0.1611},
             {1, 29, 0.0061, 0.1718}};
    for (int i = 0; i < 4; i++) {
        double lo, hi;
        hs_results_wilson(c[i].k, c[i].n, &lo, &hi);
        ok(fabs(lo - c[i].lo) <= 5e-5 && fabs(hi - c[i].hi) <= 5e-5,
           "Wilson %llu/%llu = %.4f..%.4f (Newcombe 1998; got %.5f..%.5f)",
           (unsigned long long)c[i].k, (unsigned long long)c[i].n, c[i].lo, c[i].hi, lo, hi);
    }
    double lo, hi;
    hs_results_wilson(10, 10, &lo, &hi);
    ok(fabs(hi - 1) < 1e-12 && fabs(lo - 0.722467) < 1e-6, "Wilson 10/10: 0.722467..1 (1e-12; got %.6f..%.17g)", lo, hi);
    hs_results_wilson(5, 10, &lo, &hi);
    ok(fabs(lo - 0.236593) < 1e-6 && fabs(hi - 0.763407) < 1e-6 && fabs(lo + hi - 1) < 1e-15,
       "Wilson 5/10: 0.236593..0.763407, symmetric about 0.5");
    hs_results_wilson(0, 0, &lo, &hi);
    ok(isnan(lo) && isnan(hi), "Wilson with n = 0: NaN");
    /* issue 12 item 20: the ends are exact (rounding gave 4.3e-19 for 0 of 1000) */
    static const unsigned long long ns[3] = {20, 1000, 12345};
    for (int i = 0; i < 3; i++) {
        hs_results_wilson(0, ns[i], &lo, &hi);
        ok(lo == 0.0 && hi > 0 && hi < 1, "0 of %llu: low exactly 0 (%.3g), high %.6g", ns[i], lo, hi);
        hs_results_wilson(ns[i], ns[i], &lo, &hi);
        ok(hi == 1.0 && lo > 0 && lo < 1, "%llu of %llu: high exactly 1 (1 - %.3g)", ns[i], ns[i], 1 - hi);
    }
}

/* Field i (0-based) of the CSV line starting at s, as a double (NAN for NA). */
static double field(const char *s, int i)
{
    for (int k = 0; k < i && s; k++) {
        s = strchr(s, ',');
        if (s)
            s++;
    }
    if (!s)
        return -999;
    if (!strncmp(s, "NA", 2))
        return NAN;
    return strtod(s, NULL);
}

/* The line of text that starts with prefix, or NULL. */
static const char *line_of(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, prefix, n))
            return p;
    return NULL;
}

static int count_lines(const hs_sbuf *b)
{
    int n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->s[i] == '\n';
    return n;
}

static void test_add(void)
{
    hs_scenario sc;
    scenfix f;
    scenfix_weibull(&f);
    scenfix_scenario(&f, &sc);
    hs_acc *acc = hs_acc_alloc(&sc);
    if (!acc) {
        ok(0, "hs_acc_alloc");
        return;
    }
    enum { R = 100 };
    double km[2][HS_SC_GRID_MAX], land[2][HS_SC_LAND_MAX];
    for (int a = 0; a < 2; a++) {
        for (int g = 0; g < sc.ngrid; g++)
            km[a][g] = 1 - 0.03 * g - 0.01 * a;
        for (int j = 0; j < sc.nland; j++)
            land[a][j] = 0.8 - 0.1 * j + 0.05 * a;
    }
    /* at risk: 10 - j at grid index j < 6 in the first 40 replicates, else none */
    int rk[HS_SC_GRID_MAX] = {0}, rz[HS_SC_GRID_MAX] = {0};
    for (int g = 0; g < 6 && g < sc.ngrid; g++)
        rk[g] = 10 - g;
    double ev_sum = 0;
    for (int r = 0; r < R; r++) {
        hs_trial_result t;
        memset(&t, 0, sizeof t);
        t.reject = r < 37;
        t.z = -1;
        t.hr = 0.7005;
        t.events = 20 + r % 11;
        ev_sum += t.events;
        t.duration = 30 + 0.1 * r;
        t.median[0] = 10.025;
        t.median[1] = r < 60 ? INFINITY : 20.025;
        t.rmst[0] = 15;
        t.rmst[1] = 16;
        for (int a = 0; a < 2; a++) {
            t.km[a] = km[a];
            t.land[a] = land[a];
            t.risk[a] = r < 40 ? rk : rz;
        }
        hs_acc_add(acc, &t);
    }
    hs_sbuf text[HS_RES_NTEXT];
    memset(text, 0, sizeof text);
    const char *const names[2] = {"ctl", "exp"};
    hs_headline head;
    int rc = hs_results_add(text, 3, &sc, names, acc, &head);
    is_int(rc, 0, "hs_results_add returns 0");

    /* power.csv: scenario,n,replicates,rejections,power,power_se,lo,hi,events_mean,hr_median,duration_mean */
    const char *p = text[HS_RES_POWER].s;
    double se = sqrt(0.37 * 0.63 / R);
    ok(p && field(p, 0) == 3 && field(p, 1) == 40 && field(p, 2) == R && field(p, 3) == 37,
       "power row: scenario 3, n 40, 100 replicates, 37 rejections");
    is_double(field(p, 4), 0.37, 1e-10, "power = 37/100 (10 significant digits printed)");
    is_double(field(p, 5), se, 1e-10, "power SE = sqrt(0.37 * 0.63 / 100)");
    ok(fabs(field(p, 6) - 0.281824) < 1e-6 && fabs(field(p, 7) - 0.467795) < 1e-6,
       "power CI = Wilson 0.281824..0.467795");
    is_double(field(p, 8), ev_sum / R, 1e-9, "events mean = %.2f", ev_sum / R);
    is_double(field(p, 9), 0.7005, 1e-9, "HR median 0.7005 (every value in the bin [0.700, 0.701))");
    is_double(field(p, 10), 34.95, 1e-9, "duration mean = 30 + 0.1 * 49.5");
    ok(head.n == 40 && head.replicates == R && head.rejections == 37 && head.power == 0.37 &&
           fabs(head.power_lo - 0.281824) < 1e-6 && fabs(head.power_hi - 0.467795) < 1e-6,
       "headline: n, replicates, rejections, power and its Wilson interval");
    ok(fabs(head.median_os[0] - 10.025) < 1e-9 && head.median_os[1] == INFINITY,
       "headline median OS: control 10.025, experimental not reached (60%% not reached)");

    /* km_bands.csv: one row per arm and grid time */
    is_int(count_lines(&text[HS_RES_KM]), 2 * sc.ngrid, "km_bands: 2 arms x 13 grid times");
    const char *k = line_of(text[HS_RES_KM].s, "3,exp,8,");
    ok(k && fabs(field(k, 3) - (1 - 0.03 * 4 - 0.01)) < 1e-9 && field(k, 4) < 1e-6 &&
           fabs(field(k, 7) - (1 - 0.03 * 4 - 0.01)) <= 1e-4,
       "km row exp t = 8: mean 0.87 (1e-9), sd 0, median within one bin (1e-4)");
    ok(k && fabs(field(k, 10) - 0.4 * 6) < 1e-9 && fabs(field(k, 11) - 0.4) < 1e-9,
       "km row exp t = 8: at_risk_mean 2.4 (40 of 100 replicates with 6), at_risk_any 0.4");
    const char *k12 = line_of(text[HS_RES_KM].s, "3,ctl,12,");
    ok(k12 && field(k12, 10) == 0 && field(k12, 11) == 0,
       "km row ctl t = 12: nobody at risk in any replicate (at_risk_mean 0, at_risk_any 0)");

    /* estimates.csv: hr, events, duration, then per arm median_os, rmst, 2 landmarks */
    is_int(count_lines(&text[HS_RES_EST]), 3 + 2 * (2 + sc.nland), "estimates: 11 rows");
    const char *m = line_of(text[HS_RES_EST].s, "3,median_os,exp,");
    ok(m && field(m, 4) == 40 && field(m, 5) == 60 && fabs(field(m, 6) - 20.025) < 1e-9 &&
           isnan(field(m, 10)),
       "median_os exp: 40 finite, 60 not reached, mean 20.025, median NA");
    const char *rm = line_of(text[HS_RES_EST].s, "3,rmst,ctl,");
    ok(rm && field(rm, 3) == sc.tau && fabs(field(rm, 6) - 15) < 1e-9,
       "rmst ctl: time = tau 24, mean 15");
    const char *ld = line_of(text[HS_RES_EST].s, "3,landmark_os,exp,12,");
    ok(ld && fabs(field(ld, 6) - 0.75) < 1e-9, "landmark_os exp at 12: mean 0.75");

    /* summary.json line */
    json_error_t jerr;
    json_t *o = text[HS_RES_JSON].s ? json_loads(text[HS_RES_JSON].s, 0, &jerr) : NULL;
    json_t *mo = o ? json_object_get(o, "median_os") : NULL;
    ok(o && json_integer_value(json_object_get(o, "scenario")) == 3 &&
           json_real_value(json_object_get(o, "power")) == 0.37 &&
           json_integer_value(json_object_get(o, "rejections")) == 37 &&
           json_is_null(json_object_get(mo, "exp")) &&
           fabs(json_real_value(json_object_get(mo, "ctl")) - 10.025) < 1e-9 &&
           json_real_value(json_object_get(o, "alpha")) == 0.05 &&
           json_integer_value(json_object_get(o, "sides")) == 2,
       "summary.json row: scenario, power, rejections, median_os (null when not reached), alpha, sides");
    json_decref(o);
    for (int t = 0; t < HS_RES_NTEXT; t++)
        hs_sbuf_free(&text[t]);
    hs_acc_free(acc);
}

int main(void)
{
    plan(7 + 6 + 19);
    test_wilson();
    test_add();
    return tap_done();
}
