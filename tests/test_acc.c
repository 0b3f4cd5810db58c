/* test_acc.c — a scenario's accumulators (acc.h): the replicates split into
 * 1..4 parts (round-robin chunks of 1, 7 or 50 replicates, as the driver
 * deals them to ranks) and merged in any order give bit-identical
 * accumulators (packed moments and every counter/histogram word), both with
 * hs_acc_merge and with the driver's path (packed moments through
 * hs_acc_merge_moments, words summed element-wise). Plus reset and the
 * basic counts, and the numbers at risk on the grid (the same as each
 * replicate's own, folded by hand; all patients at time 0). Staging
 * (hs_acc_stage, hs_acc_flush) gives the accumulators hs_acc_add does, with
 * more replicates than the stage holds and medians not reached. */
#include "accfix.h"
#include "scenfix.h"
#include "engine.h"
#include "tap.h"
#include "trial.h"

/* One replicate folded into each statistic directly (hs_acc_add's
 * definition, written out for a fixed design): the reference for staging. */
static void fold_by_hand(hs_acc *a, const hs_trial_result *r)
{
    a->count[HS_ACC_REPLICATES]++;
    a->count[HS_ACC_REJECTIONS] += r->reject != 0;
    a->count[HS_ACC_COX_NONCONV] += r->cox_nonconverged != 0;
    for (int i = 0; i < a->nalso; i++)
        a->count[a->also_at + i] += r->also_reject >> i & 1u;
    hs_dstat *d[4] = {&a->hr, &a->events, &a->duration, &a->enrolled};
    double v[4] = {r->hr, r->events, r->duration, r->enrolled};
    for (int k = a->lean ? 1 : 0; k < 3 + a->has_enrolled; k++) {
        hs_moments_add(&d[k]->m, v[k]);
        hs_hist_add(d[k]->h, v[k]);
    }
    for (int g = 0; !a->lean && g < 2; g++) {
        hs_moments_add(&a->median[g].m, r->median[g]);
        hs_hist_add(a->median[g].h, r->median[g] == INFINITY ? HS_ACC_NOT_REACHED : r->median[g]);
        hs_moments_add(&a->rmst[g].m, r->rmst[g]);
        hs_hist_add(a->rmst[g].h, r->rmst[g]);
        for (int j = 0; j < a->ngrid; j++) {
            hs_moments_add(&a->km[g][j].m, r->km[g][j]);
            hs_hist_add(a->km[g][j].h, r->km[g][j]);
            a->risk[HS_ACC_RISK(a, g, j)] += (uint64_t)r->risk[g][j];
            a->risk[HS_ACC_RISK(a, g, j) + 1] += r->risk[g][j] > 0;
        }
        for (int j = 0; j < a->nland; j++) {
            hs_moments_add(&a->land[g][j].m, r->land[g][j]);
            hs_hist_add(a->land[g][j].h, r->land[g][j]);
        }
    }
}

/* parts[p] = replicates dealt to part p: chunk c goes to part c mod P. */
static void run_parts(hs_engine **e, int P, uint64_t chunk, uint64_t R)
{
    for (int p = 0; p < P; p++)
        hs_acc_reset(hs_engine_acc(e[p]));
    for (uint64_t first = 0, c = 0; first < R; first += chunk, c++)
        hs_engine_run(e[c % (uint64_t)P], first, first + chunk <= R ? chunk : R - first);
}

/* The driver's reduction: words summed, moments packed and merged. */
static void merge_flat(hs_acc *dst, hs_acc *src)
{
    for (int k = 0; k < hs_acc_nwords(dst); k++) {
        size_t ld, ls;
        uint64_t *wd = hs_acc_words(dst, k, &ld), *ws = hs_acc_words(src, k, &ls);
        for (size_t i = 0; i < ld && ld == ls; i++)
            wd[i] += ws[i];
    }
    size_t nm = hs_acc_moment_words(src);
    uint64_t *m = malloc(nm * sizeof *m);
    if (!m)
        return;
    hs_acc_pack_moments(src, m);
    hs_acc_merge_moments(dst, m);
    free(m);
}

int main(void)
{
    plan(3 + 4 * 3 * 2 + 2 + 4 + 4);
    hs_scenario sc;
    scenfix f;
    scenfix_weibull(&f);
    f.index = 1;
    scenfix_scenario(&f, &sc);
    char why[256] = "";
    hs_engine *whole = hs_engine_alloc(&sc, why, sizeof why);
    hs_engine *e[4];
    for (int p = 0; p < 4; p++)
        e[p] = hs_engine_alloc(&sc, why, sizeof why);
    hs_acc *sum = hs_acc_alloc(&sc);
    if (!whole || !e[0] || !e[1] || !e[2] || !e[3] || !sum) {
        ok(0, "engine allocation: %s", *why ? why : "?");
        return tap_done();
    }
    uint64_t R = sc.replicates;
    hs_engine_run(whole, 0, R);
    hs_acc *w = hs_engine_acc(whole);
    is_int((long long)w->count[HS_ACC_REPLICATES], (long long)R, "replicates counted");
    is_int((long long)w->events.m.n, (long long)R, "one events value per replicate");
    is_double(hs_moments_mean(&w->events.m), sc.cut_value, 1e-9,
              "mean events = K (every replicate reaches K = 25 events)");

    static const uint64_t chunks[3] = {1, 7, 50};
    /* merge orders for P parts: forward, then a fixed shuffle */
    static const int order[4][4] = {{0}, {1, 0}, {2, 0, 1}, {3, 1, 0, 2}};
    for (int P = 1; P <= 4; P++)
        for (int c = 0; c < 3; c++) {
            run_parts(e, P, chunks[c], R);
            hs_acc_reset(sum);
            for (int k = 0; k < P; k++)
                hs_acc_merge(sum, hs_engine_acc(e[order[P - 1][k]]));
            char ord[8] = {0};
            for (int k = 0; k < P; k++)
                ord[k] = (char)('0' + order[P - 1][k]);
            ok(accfix_equal(sum, w), "%d part(s), chunk %llu, hs_acc_merge in order %s: identical",
               P, (unsigned long long)chunks[c], ord);
            /* the driver's way, in the opposite order, into the last part */
            hs_acc *dst = hs_engine_acc(e[P - 1]);
            for (int k = P - 2; k >= 0; k--)
                merge_flat(dst, hs_engine_acc(e[k]));
            ok(accfix_equal(dst, w), "%d part(s), chunk %llu, packed moments + summed words, "
               "reverse order: identical", P, (unsigned long long)chunks[c]);
        }

    /* numbers at risk: each replicate by itself, folded by hand */
    {
        hs_trial *t = hs_trial_alloc(&sc);
        size_t nr = HS_ACC_RISK(w, 2, 0);
        uint64_t *want = calloc(nr + 1, sizeof *want);
        int at0 = 1, mono = 1, some_zero = 0;
        for (uint64_t r = 0; t && want && r < R; r++) {
            hs_trial_result res;
            hs_trial_run(t, &sc, r, &res);
            at0 &= res.risk[0][0] + res.risk[1][0] == res.enrolled;
            for (int g = 0; g < 2; g++)
                for (int j = 0; j < sc.ngrid; j++) {
                    want[HS_ACC_RISK(w, g, j)] += (uint64_t)res.risk[g][j];
                    want[HS_ACC_RISK(w, g, j) + 1] += res.risk[g][j] > 0;
                    mono &= j == 0 || res.risk[g][j] <= res.risk[g][j - 1];
                    some_zero |= res.risk[g][j] == 0;
                }
        }
        ok(t && want && w->risk && memcmp(want, w->risk, nr * sizeof *want) == 0,
           "at-risk sums and replicates with anyone at risk = each replicate's, folded by hand");
        ok(at0, "at grid time 0 every enrolled patient is at risk (arms summed)");
        ok(mono, "numbers at risk never rise along the grid");
        ok(some_zero && w->risk[HS_ACC_RISK(w, 1, sc.ngrid - 1) + 1] < R,
           "follow-up ends within the grid in some replicates (at_risk_any < 1 at its end)");
        free(want);
        hs_trial_free(t);
    }

    /* staged replicates, folded in when the stage is full and by the flush,
     * against each replicate folded by hand (and hs_acc_add): 3 R
     * replicates, more than the stage holds */
    {
        hs_trial *t = hs_trial_alloc(&sc);
        hs_acc *one = hs_acc_alloc(&sc), *stg = hs_acc_alloc(&sc), *add = hs_acc_alloc(&sc);
        int inf = 0;
        for (uint64_t r = 0; t && one && stg && add && sc.nlooks == 1 && r < 3 * R; r++) {
            hs_trial_result res;
            hs_trial_run(t, &sc, r, &res);
            inf += res.median[0] == INFINITY || res.median[1] == INFINITY;
            fold_by_hand(one, &res);
            hs_acc_add(add, &res);
            hs_acc_stage(stg, &res);
        }
        ok(stg && sc.nlooks == 1 && 3 * R > (uint64_t)stg->stage_cap && stg->nstaged > 0 && inf > 0,
           "more replicates (%llu) than the stage holds (%d), %d left staged, %d with a median not reached",
           (unsigned long long)(3 * R), stg ? stg->stage_cap : 0, stg ? stg->nstaged : 0, inf);
        ok(one && stg && !accfix_equal(one, stg), "before the flush the staged values are not folded in");
        if (stg)
            hs_acc_flush(stg);
        ok(one && stg && add && accfix_equal(one, stg) && accfix_equal(one, add),
           "staged and flushed, and hs_acc_add one by one = folded by hand: identical");
        if (stg)
            hs_acc_flush(stg);
        ok(one && stg && accfix_equal(one, stg), "a second flush adds nothing");
        hs_acc_free(one);
        hs_acc_free(stg);
        hs_acc_free(add);
        hs_trial_free(t);
    }

    hs_acc_reset(sum);
    hs_acc *fresh = hs_acc_alloc(&sc);
    ok(fresh && accfix_equal(sum, fresh), "reset gives the fresh accumulators");
    hs_acc_merge(sum, w);
    hs_acc_merge(sum, w);
    ok(sum->count[HS_ACC_REPLICATES] == 2 * R && !accfix_equal(sum, w),
       "merging twice doubles the counts (and differs)");
    hs_acc_free(fresh);
    hs_acc_free(sum);
    for (int p = 0; p < 4; p++)
        hs_engine_free(e[p]);
    hs_engine_free(whole);
    hs_acc_free(NULL);
    hs_engine_free(NULL);
    return tap_done();
}
