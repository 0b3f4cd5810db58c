/* test_sweep.c — [sweep] axis expansion, one-way and grid point numbering,
 * overrides, the task split, malformed input and the tornado table.
 * Known answers are counted by hand from the definitions in sweep.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep.h"
#include "tap.h"

static hs_config *cfg_with(const char *const *kv, int n)
{
    hs_config *c = calloc(1, sizeof *c);
    snprintf(c->source, sizeof c->source, "cfg.ini");
    snprintf(c->name, sizeof c->name, "t");
    for (int i = 0; i < n; i++) {
        snprintf(c->sweep[i].key, sizeof c->sweep[i].key, "%s", kv[2 * i]);
        snprintf(c->sweep[i].value, sizeof c->sweep[i].value, "%s", kv[2 * i + 1]);
        c->sweep[i].line = 40 + i;
    }
    c->nsweep = n;
    return c;
}

/* Parse; returns the error count and the first message in msg. */
static int parse(const char *const *kv, int n, hs_sweep *s, char *msg, size_t cap)
{
    hs_config *c = cfg_with(kv, n);
    hs_errs *e = malloc(sizeof *e);
    hs_errs_init(e);
    hs_sweep_parse(c, s, e);
    int k = hs_errs_count(e);
    snprintf(msg, cap, "%s", k ? hs_errs_get(e, 0) : "");
    free(e);
    free(c);
    return k;
}

static int levels_are(const int *lv, int a, int b, int c)
{
    return lv[0] == a && lv[1] == b && lv[2] == c;
}

int main(void)
{
    plan(75);
    hs_sweep *s = malloc(sizeof *s);
    char msg[HS_ERR_LEN];
    int lv[HS_SWEEP_AXES_MAX];

    /* one-way: 1 base + 2 + 3 + 1 = 7 points */
    const char *one[] = {"axis.eff", "arm.a.mets.4+, arm.b.mets.4+ : 0.3 | 0.9",
                         "axis.mix", "cohort.mets : 1:0.6, 4+:0.4 | 1:0.5, 4+:0.5 | 1:1, 4+:0",
                         "axis.strata", "design.strata : ",
                         "design", "oneway"};
    is_int(parse(one, 3, s, msg, sizeof msg), 1, "a lone empty value is an error");
    ok(strstr(msg, "cfg.ini:42:") != NULL, "message names FILE:LINE (%s)", msg);
    one[5] = "design.strata : mets | ";
    is_int(parse(one, 4, s, msg, sizeof msg), 0, "one-way parses (%s)", msg);
    is_int(s->naxes, 3, "3 axes");
    is_int(s->axis[0].nkeys, 2, "axis eff has 2 keys");
    is_int(s->axis[1].nvalues, 3, "values may hold ',' and ':'");
    ok(!strcmp(s->axis[1].value[2], "1:1, 4+:0"), "value text kept: '%s'", s->axis[1].value[2]);
    ok(!strcmp(s->axis[2].value[1], ""), "empty value allowed beside others");
    is_int((long long)s->npoints, 1 + 2 + 3 + 2, "one-way points = 1 + sum of values");
    is_int(hs_sweep_point(s, 0, lv), 0, "point 0 is the base");
    ok(levels_are(lv, -1, -1, -1), "base: every axis at base");
    hs_sweep_point(s, 3, lv);
    ok(levels_are(lv, -1, 0, -1), "point 3 = axis mix, first value");
    hs_sweep_point(s, 7, lv);
    ok(levels_are(lv, -1, -1, 1), "point 7 = axis strata, second value");
    is_int(hs_sweep_point(s, 8, lv), -1, "point 8 does not exist");

    char buf[4096];
    const char *ov[16];
    hs_sweep_point(s, 2, lv);
    is_int(hs_sweep_overrides(s, lv, buf, sizeof buf, ov, 16), 2, "multi-key axis: 2 overrides");
    ok(!strcmp(ov[0], "arm.a.mets.4+=0.9") && !strcmp(ov[1], "arm.b.mets.4+=0.9"),
       "overrides %s, %s", ov[0], ov[1]);
    is_int(hs_sweep_overrides(s, lv, buf, 10, ov, 16), -1, "too small a buffer: -1");
    hs_sweep_point(s, 0, lv);
    is_int(hs_sweep_overrides(s, lv, buf, sizeof buf, ov, 16), 0, "base: no overrides");

    /* grid: 2 x 3 x 2 = 12 points, last axis fastest */
    one[7] = "grid";
    is_int(parse(one, 4, s, msg, sizeof msg), 0, "grid parses");
    is_int((long long)s->npoints, 12, "grid points = product of value counts");
    is_int(hs_sweep_point(s, 0, lv), 3, "grid point varies every axis");
    ok(levels_are(lv, 0, 0, 0), "grid point 0 = (0,0,0)");
    hs_sweep_point(s, 11, lv);
    ok(levels_are(lv, 1, 2, 1), "grid point 11 = (1,2,1)");
    hs_sweep_point(s, 5, lv);
    ok(levels_are(lv, 0, 2, 1), "grid point 5 = (0,2,1)");
    hs_sweep_point(s, 6, lv);
    ok(levels_are(lv, 1, 0, 0), "grid point 6 = (1,0,0)");

    /* task split: round robin covers each point exactly once */
    int good = 1;
    for (uint64_t P = 1; P <= 40; P++)
        for (uint64_t T = 1; T <= 9; T++) {
            int *seen = calloc(P, sizeof *seen);
            uint64_t total = 0;
            for (uint64_t k = 0; k < T; k++) {
                uint64_t m = hs_sweep_task_size(P, k, T);
                total += m;
                for (uint64_t i = 0; i < m; i++) {
                    uint64_t p = hs_sweep_task_point(i, k, T);
                    if (p >= P || p % T != k)
                        good = 0;
                    else
                        seen[p]++;
                }
            }
            for (uint64_t p = 0; p < P; p++)
                good &= seen[p] == 1;
            good &= total == P;
            free(seen);
        }
    ok(good, "task split: every point in exactly one task, p mod T = K (P 1..40, T 1..9)");
    is_int((long long)hs_sweep_task_size(7, 0, 3), 3, "7 points, 3 tasks: task 0 has 3");
    is_int((long long)hs_sweep_task_size(7, 2, 3), 2, "task 2 has 2");
    is_int((long long)hs_sweep_task_size(2, 3, 5), 0, "more tasks than points: empty task");

    /* malformed input: each error names FILE:LINE */
    const char *bad1[] = {"axis.x", "design.n 100 | 200"};
    is_int(parse(bad1, 1, s, msg, sizeof msg), 1, "no ':' is an error");
    ok(strstr(msg, "cfg.ini:40:") && strstr(msg, "expected"), "%s", msg);
    const char *bad2[] = {"axis.x", "designn : 1 | 2", "axs.y", "design.n : 1", "design", "tornado"};
    is_int(parse(bad2, 3, s, msg, sizeof msg), 3, "bad key, unknown entry, bad design: 3 errors");
    const char *bad3[] = {"axis.x", "design.n : 100 | 100"};
    is_int(parse(bad3, 1, s, msg, sizeof msg), 1, "duplicate value is an error");
    const char *bad4[] = {"axis.x", "design.n : 1 | 2", "axis.y", "design.n : 3", "design", "grid"};
    is_int(parse(bad4, 3, s, msg, sizeof msg), 1, "one key in two axes of a grid is an error");
    bad4[5] = "oneway";
    is_int(parse(bad4, 3, s, msg, sizeof msg), 0, "... but fine one way");
    const char *bad5[] = {"design", "grid"};
    is_int(parse(bad5, 1, s, msg, sizeof msg), 1, "no axes is an error");

    /* tornado (one-way): axes a (2 values), b (3 values); power = k/1000 */
    const char *tw[] = {"axis.a", "x.y : 1 | 2", "axis.b", "x.z : p | q | r"};
    parse(tw, 2, s, msg, sizeof msg);
    uint64_t rej[6] = {800, 700, 900, 820, 600, 810}; /* base, a0, a1, b0, b1, b2 */
    hs_sbuf rows = {0}, csv = {0}, tor = {0}, js = {0};
    for (uint64_t p = 0; p < s->npoints; p++) {
        hs_sweep_result r = {240, 1000, rej[p], 120, 0.6, {40, 50}, {0}, {0}, {0}};
        hs_sweep_rows(s, p, &r, &rows);
    }
    hs_sweep_meta m = {HS_SWEEP_ONEWAY, s->npoints, 0x1234, "t", 0, {0}, 0, 0, {{0}}};
    hs_sweep_headline h;
    char err[256];
    is_int(hs_sweep_tables(rows.s, rows.len, &m, &csv, &tor, &js, NULL, &h, err, sizeof err), 0,
           "tables build (%s)", err);
    is_double(h.power, 0.8, 1e-15, "base power 800/1000");
    ok(!strcmp(h.top_axis, "b"), "largest swing: axis b (0.6..0.82) over a (0.7..0.9)");
    is_double(h.top_max - h.top_min, 0.22, 1e-12, "swing of b = 0.82 - 0.6");
    const char *want = "axis,n,levels,first_value,last_value,power_base,power_at_first,"
                       "power_at_last,power_min,power_max,swing,rank\n"
                       "b,240,3,p,r,0.8,0.82,0.81,0.6,0.82,0.22,1\n"
                       "a,240,2,1,2,0.8,0.7,0.9,0.7,0.9,0.2,2\n";
    ok(tor.s && !strcmp(tor.s, want), "tornado.csv as computed by hand");
    /* rows with a point missing are refused */
    const char *second = strchr(rows.s, '\n') + 1;
    const char *third = strchr(second, '\n') + 1;
    hs_sbuf cut = {0}, c2 = {0}, t2 = {0}, j2 = {0};
    hs_sbuf_append(&cut, rows.s, (size_t)(second - rows.s));
    hs_sbuf_append(&cut, third, strlen(third));
    ok(hs_sweep_tables(cut.s, cut.len, &m, &c2, &t2, &j2, NULL, &h, err, sizeof err) != 0,
       "a missing point is an error (%s)", err);
    hs_sbuf_free(&cut);
    hs_sbuf_free(&c2);
    hs_sbuf_free(&t2);
    hs_sbuf_free(&j2);
    hs_sbuf_free(&rows);
    hs_sbuf_free(&csv);
    hs_sbuf_free(&tor);
    hs_sbuf_free(&js);

    /* target powers: [sweep] target_power, its errors, the N columns */
    const char *tp[] = {"axis.a", "x.y : 1 | 2", "target_power", "0.8, 0.9"};
    is_int(parse(tp, 2, s, msg, sizeof msg), 0, "target_power = 0.8, 0.9 parses");
    ok(s->ntarget == 2 && s->target[0] == 0.8 && s->target[1] == 0.9, "two targets 0.8, 0.9");
    const char *tbad[] = {"1.2", "0", "0.8,", "0.8 0.9", "0.8,0.8", "x"};
    for (int i = 0; i < 6; i++) {
        const char *kv[] = {"axis.a", "x.y : 1 | 2", "target_power", tbad[i]};
        is_int(parse(kv, 2, s, msg, sizeof msg), 1, "target_power = %s is an error", tbad[i]);
        ok(strstr(msg, "cfg.ini:41:") && strstr(msg, "expected"), "... %s", msg);
    }
    parse(tp, 2, s, msg, sizeof msg);
    s->ntarget = 1; /* 0.8 only */
    /* points base, a=1, a=2: N for 0.8 = 300, 250, NA (not reached) */
    int nt[3][3] = {{300, 280, 320}, {250, 240, 262}, {-1, -1, -1}};
    uint64_t rj[3] = {800, 850, 500};
    hs_sbuf r2 = {0}, c3 = {0}, t3 = {0}, j3 = {0};
    for (uint64_t p = 0; p < 3; p++) {
        hs_sweep_result r = {240, 1000, rj[p], 120, 0.6, {40, 50}, {nt[p][0]}, {nt[p][1]}, {nt[p][2]}};
        hs_sweep_rows(s, p, &r, &r2);
    }
    hs_sweep_meta m2 = {HS_SWEEP_ONEWAY, 3, 0x1234, "t", 1, {0.8}, 0, 0, {{0}}};
    is_int(hs_sweep_tables(r2.s, r2.len, &m2, &c3, &t3, &j3, NULL, &h, err, sizeof err), 0,
           "tables with an N column build (%s)", err);
    ok(c3.s && strstr(c3.s, "median_os_experimental,n_target_0.8,n_target_0.8_mc_low,n_target_0.8_mc_high\n"),
       "sweep.csv header names the N columns");
    ok(c3.s && strstr(c3.s, ",300,280,320\n") && strstr(c3.s, ",NA,NA,NA\n"), "N values and NA in sweep.csv");
    const char *want2 = "axis,n,levels,first_value,last_value,power_base,power_at_first,"
                        "power_at_last,power_min,power_max,swing,rank,n_target_0.8_base,"
                        "n_target_0.8_at_first,n_target_0.8_at_last\n"
                        "a,240,2,1,2,0.8,0.85,0.5,0.5,0.85,0.35,1,300,250,NA\n";
    ok(t3.s && !strcmp(t3.s, want2), "tornado.csv N columns: base 300, low 250, high NA");
    is_int(h.base_n[0], 300, "headline: base N 300");
    is_int(h.base_low[0] * 1000 + h.base_high[0], 280320, "headline: base interval 280-320");
    /* the same rows with too few fields for two targets are refused */
    m2.ntarget = 2;
    m2.target[1] = 0.9;
    hs_sbuf c4 = {0}, t4 = {0}, j4 = {0};
    ok(hs_sweep_tables(r2.s, r2.len, &m2, &c4, &t4, &j4, NULL, &h, err, sizeof err) != 0,
       "rows without the second target's columns are refused (%s)", err);
    /* grid: N at a level is the mean over the points at that level */
    const char *gk[] = {"axis.a", "x.y : 1 | 2", "axis.b", "x.z : p | q", "design", "grid"};
    parse(gk, 3, s, msg, sizeof msg);
    s->ntarget = 1;
    s->target[0] = 0.8;
    int gn[4] = {100, 200, 300, 500}; /* (a,b) = (1,p) (1,q) (2,p) (2,q) */
    hs_sbuf r5 = {0}, c5 = {0}, t5 = {0}, j5 = {0};
    for (uint64_t p = 0; p < 4; p++) {
        hs_sweep_result r = {240, 1000, 800, 120, 0.6, {40, 50}, {gn[p]}, {gn[p] - 10}, {gn[p] + 10}};
        hs_sweep_rows(s, p, &r, &r5);
    }
    hs_sweep_meta m5 = {HS_SWEEP_GRID, 4, 0x1234, "t", 1, {0.8}, 0, 0, {{0}}};
    is_int(hs_sweep_tables(r5.s, r5.len, &m5, &c5, &t5, &j5, NULL, &h, err, sizeof err), 0, "grid tables (%s)", err);
    ok(t5.s && strstr(t5.s, "\na,240,2,1,2,0.8,0.8,0.8,0.8,0.8,0,1,275,150,400\n") &&
           strstr(t5.s, "\nb,240,2,p,q,0.8,0.8,0.8,0.8,0.8,0,2,275,200,350\n"),
       "grid N: mean 275 overall; a: 150 | 400; b: 200 | 350");
    ok(!strcmp(h.n_axis[0], "a") && h.n_min[0] == 150 && h.n_max[0] == 400, "headline: widest N range is axis a");
    /* sweep_wide.csv and the surprises (issue 17 items 7, 8): axis e over a
     * covariate effect (log HR) moves the control median 42 -> 36 with power
     * flat; axis w worsens prognosis (median 45 -> 38) and power rises
     * 0.70 -> 0.85, far beyond 2 MC SE (0.037) */
    const char *wk[] = {"axis.e", "arm.c.m.4+, arm.t.m.4+ : 0 | 0.405465", "axis.w", "cohort.m : a | b"};
    is_int(parse(wk, 2, s, msg, sizeof msg), 0, "axes e, w parse (%s)", msg);
    ok(hs_sweep_log_axis(&s->axis[0]) && !hs_sweep_log_axis(&s->axis[1]),
       "e (arm.ARM.COV.LEVEL, numbers) is a log-scale axis, w (cohort mix) is not");
    uint64_t wr[5] = {800, 780, 790, 700, 850};
    double wm[5] = {40, 42, 36, 45, 38};
    hs_sbuf r6 = {0}, c6 = {0}, t6 = {0}, j6 = {0}, w6 = {0};
    for (uint64_t p = 0; p < 5; p++) {
        hs_sweep_result r = {240, 1000, wr[p], 120, 0.6, {wm[p], 50}, {0}, {0}, {0}};
        hs_sweep_rows(s, p, &r, &r6);
    }
    hs_sweep_meta m6 = {HS_SWEEP_ONEWAY, 5, 0x1234, "t", 0, {0}, 0, 1, {"e"}};
    is_int(hs_sweep_tables(r6.s, r6.len, &m6, &c6, &t6, &j6, &w6, &h, err, sizeof err), 0,
           "tables with sweep_wide.csv build (%s)", err);
    ok(w6.s && !strncmp(w6.s, "point,e,hr_e,w,n,replicates,rejections,power,", 45),
       "sweep_wide.csv header: one column per axis, hr_e beside e");
    ok(w6.s && strstr(w6.s, "\n2,0.405465,1.5,,240,1000,790,0.79,") &&
           strstr(w6.s, "\n0,,,,240,1000,800,") && strstr(w6.s, "\n4,,,b,240,1000,850,"),
       "sweep_wide.csv rows: HR 1.5 beside log HR 0.405465; empty cells at base");
    is_int(h.nnote, 2, "two surprises explained");
    ok(h.nnote > 0 && !strcmp(h.note[0], "control median moves from 42.0 to 36.0 months across "
                                         "axis e (0 to 0.405465): effects change both arms' "
                                         "survival; the models are not recalibrated per point"),
       "effect axis moving the control median: %s", h.nnote > 0 ? h.note[0] : "");
    const char *want_w = "power rises from 0.700 to 0.850 as the control median falls from 45.0 "
                         "to 38.0 months across axis w (a to b): worse prognosis";
    ok(h.nnote > 1 && !strncmp(h.note[1], want_w, strlen(want_w)),
       "power rising as prognosis worsens: %s", h.nnote > 1 ? h.note[1] : "");
    ok(j6.s && strstr(j6.s, "\"notes\": [\n    \"control median moves from 42.0"),
       "summary.json \"notes\" holds them");
    hs_sbuf *all6[] = {&r6, &c6, &t6, &j6, &w6};
    for (int i = 0; i < 5; i++)
        hs_sbuf_free(all6[i]);
    hs_sbuf *all[] = {&r2, &c3, &t3, &j3, &c4, &t4, &j4, &r5, &c5, &t5, &j5};
    for (int i = 0; i < 11; i++)
        hs_sbuf_free(all[i]);
    free(s);
    return tap_done();
}
