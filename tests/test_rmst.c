/* test_rmst.c — RMST difference (SEs as print(survfit, rmean = tau)) and
 * milestone log(-log) z with Greenwood variance (rmst.h) against
 * tests/r/nph_tests.txt (R survival) on lung, veteran, colon, ovarian and WHAS500, to
 * 1e-8 (relative above 1); edge cases: tau past the last time, S(T) = 0 or
 * 1, empty groups, strata ignored, bad arguments. */
#include "nphfix.h"
#include "rmst.h"
#include "tap.h"

#define TOL 1e-8

static nphfix fx;

int main(void)
{
    int nref = 0;
    nfline *ref = nf_refs(&nref);
    int nr = 0, nm = 0;
    for (int i = 0; i < nref; i++) {
        nr += !strcmp(ref[i].tok[0], "rmst");
        nm += !strcmp(ref[i].tok[0], "ms");
    }
    plan(1 + nr + nm + 13);
    ok(nr >= 9 && nm >= 8, "reference file read (%d rmst, %d milestone lines)", nr, nm);
    hs_survdata *w = hs_survdata_alloc(NF_NMAX, 2, 8, 0);
    for (int i = 0; i < nref; i++) {
        const nfline *l = &ref[i];
        if (strcmp(l->tok[0], "rmst") && strcmp(l->tok[0], "ms"))
            continue;
        int bad = nf_load(l->tok[1], &fx) != 0 || nf_into(w, &fx, 0) != HS_SURV_OK;
        if (!strcmp(l->tok[0], "rmst")) {
            hs_rmst_result r;
            bad |= hs_rmst_run(w, nf_num(l, 2), &r) != HS_SURV_OK;
            const double want[7] = {nf_num(l, 3), nf_num(l, 4), nf_num(l, 5), nf_num(l, 6),
                                    nf_num(l, 7), nf_num(l, 8), nf_num(l, 9)};
            const double got[7] = {r.rmst[0], r.se[0], r.rmst[1], r.se[1], r.diff, r.se_diff, r.z};
            for (int k = 0; k < 7; k++)
                bad |= !nf_close(got[k], want[k], TOL);
            ok(!bad, "rmst %s tau=%s: %.12g (%.12g) vs %.12g (%.12g), z %.12g (R %s)", l->tok[1], l->tok[2],
               r.rmst[0], r.se[0], r.rmst[1], r.se[1], r.z, l->tok[9]);
        } else {
            hs_milestone_result r;
            bad |= hs_milestone_run(w, nf_num(l, 2), &r) != HS_SURV_OK;
            const double want[5] = {nf_num(l, 3), nf_num(l, 4), nf_num(l, 5), nf_num(l, 6), nf_num(l, 7)};
            const double got[5] = {r.s[0], r.s[1], r.gw[0], r.gw[1], r.z};
            for (int k = 0; k < 5; k++)
                bad |= !nf_close(got[k], want[k], TOL);
            ok(!bad && r.flags == 0, "milestone %s T=%s: S %.12g vs %.12g, z %.12g (R %s)", l->tok[1], l->tok[2],
               r.s[0], r.s[1], r.z, l->tok[7]);
        }
    }

    hs_rmst_result rr;
    hs_milestone_result mr;
    /* ovarian: last times 1106 and 1227; tau 1500 is past both */
    nf_load("ovarian", &fx);
    nf_into(w, &fx, 0);
    hs_rmst_run(w, 1500, &rr);
    ok((rr.flags & HS_NPH_BEYOND_LAST) && isfinite(rr.z), "tau past the last time: value held, flagged (%d)",
       rr.flags);
    hs_rmst_run(w, 500, &rr);
    ok(rr.flags == 0, "tau inside both groups' follow-up: no flag");
    const double dt = hs_rmst_default_tau(w);
    ok(dt == fmin(rr.last[0], rr.last[1]) && dt > 0, "default tau = smaller last time (%g; %g, %g)", dt, rr.last[0],
       rr.last[1]);
    nf_into(w, &fx, 1);
    hs_rmst_run(w, 500, &rr);
    hs_milestone_run(w, 365, &mr);
    ok((rr.flags & HS_NPH_STRATA_IGNORED) && (mr.flags & HS_NPH_STRATA_IGNORED), "strata set: flagged as ignored");
    ok(hs_rmst_run(w, 0, &rr) == HS_SURV_EINVAL && hs_rmst_run(w, NAN, &rr) == HS_SURV_EINVAL &&
           hs_milestone_run(w, -1, &mr) == HS_SURV_EINVAL && hs_milestone_run(w, INFINITY, &mr) == HS_SURV_EINVAL,
       "tau / T <= 0 or non-finite refused");
    {
        /* group 1 empty */
        double t[3] = {1, 2, 3};
        int s[3] = {1, 0, 1}, g[3] = {0, 0, 0};
        hs_survdata_load(w, 3, t, s, g, 2, NULL, 1, NULL, 0);
        ok(hs_rmst_run(w, 2, &rr) == HS_SURV_OK && (rr.flags & HS_NPH_EMPTY_GROUP) && isnan(rr.z) &&
               isnan(rr.rmst[1]) && isfinite(rr.rmst[0]),
           "empty group: NAN, flagged, no crash");
        ok(hs_milestone_run(w, 2, &mr) == HS_SURV_OK && (mr.flags & HS_NPH_EMPTY_GROUP) && isnan(mr.z),
           "milestone, empty group: NAN, flagged");
        ok(isnan(hs_rmst_default_tau(w)), "default tau NAN with an empty group");
    }
    {
        /* group 0 all dead by 2: S0(3) = 0; group 1 no events: S1 = 1 */
        double t[6] = {1, 2, 1.5, 4, 5, 6};
        int s[6] = {1, 1, 0, 0, 0, 0}, g[6] = {0, 0, 1, 1, 1, 1};
        hs_survdata_load(w, 6, t, s, g, 2, NULL, 1, NULL, 0);
        int rc = hs_milestone_run(w, 3, &mr);
        ok(rc == HS_SURV_OK && (mr.flags & HS_NPH_S_ZERO) && (mr.flags & HS_NPH_S_ONE) &&
               isnan(mr.z) && mr.s[0] == 0 && mr.s[1] == 1 && mr.diff == 1,
           "S(T) = 0 and 1: z NAN, flagged, diff %g", mr.diff);
        /* RMST to 3: group 0 area 1 + 0.5 = 1.5 exactly, group 1 area 3 with SE 0 */
        rc = hs_rmst_run(w, 3, &rr);
        ok(rc == HS_SURV_OK && fabs(rr.rmst[0] - 1.5) < 1e-15 && rr.rmst[1] == 3 &&
               rr.se[1] == 0 && isfinite(rr.z),
           "RMST with a curve reaching 0 (%.17g) and one flat (%.17g)", rr.rmst[0], rr.rmst[1]);
        /* no event before tau in either group: SE 0, z NAN */
        ok(hs_rmst_run(w, 0.5, &rr) == HS_SURV_OK && (rr.flags & HS_NPH_ZERO_SE) && isnan(rr.z) && rr.diff == 0,
           "no event before tau: SE 0 flagged, z NAN");
    }
    {
        /* hand check of the milestone z: group 0 times 1..4 all events (n 4), group 1 at 1, 2 events, 3+ censored */
        double t[8] = {1, 2, 3, 4, 1, 2, 3, 4};
        int s[8] = {1, 1, 1, 1, 1, 0, 0, 0}, g[8] = {0, 0, 0, 0, 1, 1, 1, 1};
        hs_survdata_load(w, 8, t, s, g, 2, NULL, 1, NULL, 0);
        hs_milestone_run(w, 2.5, &mr);
        /* S0 = 3/4 * 2/3 = 1/2, gw0 = 1/(4*3) + 1/(3*2); S1 = 3/4, gw1 = 1/12 */
        const double gw0 = 1.0 / 12 + 1.0 / 6, gw1 = 1.0 / 12;
        const double z = (log(-log(0.5)) - log(-log(0.75))) /
                         sqrt(gw0 / (log(0.5) * log(0.5)) + gw1 / (log(0.75) * log(0.75)));
        ok(fabs(mr.s[0] - 0.5) < 1e-15 && fabs(mr.s[1] - 0.75) < 1e-15 && fabs(mr.gw[0] - gw0) < 1e-15 &&
               fabs(mr.z - z) < 1e-14 && mr.z > 0,
           "milestone by hand: z %.15g want %.15g (positive: group 1 better)", mr.z, z);
        hs_rmst_run(w, 4, &rr);
        ok(rr.z > 0 && rr.diff > 0, "rmst z positive when group 1 lives longer (diff %g)", rr.diff);
    }
    hs_survdata_free(w);
    return tap_done();
}
