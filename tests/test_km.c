/* test_km.c — Kaplan–Meier curve, Greenwood SE, log-CI, median + CI and
 * RMST + SE against R survival 3.5 (survfit, print(survfit, rmean = tau)),
 * reference values in tests/r/surv_refs.txt from tests/r/make_survival_refs.R.
 * Tolerance 1e-8 relative throughout. */
#include "km.h"
#include "rng.h"
#include "survfix.h"
#include "tap.h"

#define REL 1e-8

static survfix fx;
static double tm[SF_NMAX], sv[SF_NMAX], se[SF_NMAX], lo[SF_NMAX], up[SF_NMAX];
static int nrk[SF_NMAX], nev[SF_NMAX];

int main(void)
{
    int nref = 0;
    sfline *ref = sf_refs(&nref);
    int nkm = 0, nkms = 0;
    for (int i = 0; i < nref; i++) {
        nkm += !strcmp(ref[i].tok[0], "km");
        nkms += !strcmp(ref[i].tok[0], "kms");
    }
    plan(1 + 2 * SF_NDATA * 2 + nkms + 9 + 6 + 3);
    ok(nkm > 100 && nkms == 2 * SF_NDATA, "reference file read (%d km rows, %d summaries)", nkm, nkms);

    hs_survdata *w = hs_survdata_alloc(SF_NMAX, 2, 4, 0);
    for (int di = 0; di < SF_NDATA; di++) {
        const char *nm = sf_names[di];
        if (sf_load(nm, &fx) || hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, NULL, 0)) {
            ok(0, "load %s", nm);
            continue;
        }
        for (int g = 0; g < 2; g++) {
            int m = 0;
            hs_km_curve(w, g, &m, tm, nrk, nev, sv, se, lo, up);
            int row = 0, rows_ok = 1, nrows = 0;
            for (int i = 0; i < nref; i++) {
                const sfline *l = &ref[i];
                if (strcmp(l->tok[0], "km") || strcmp(l->tok[1], nm) || atoi(l->tok[2]) != g)
                    continue;
                nrows++;
                if (row >= m) {
                    rows_ok = 0;
                    break;
                }
                int good = sf_close(tm[row], sf_num(l, 3), REL) && nrk[row] == atoi(l->tok[4]) &&
                           nev[row] == atoi(l->tok[5]) && sf_close(sv[row], sf_num(l, 6), REL) &&
                           sf_close(se[row], sf_num(l, 7), REL) && sf_close(lo[row], sf_num(l, 8), REL) &&
                           sf_close(up[row], sf_num(l, 9), REL);
                if (!good) {
                    diag("%s g%d row %d: t %.17g S %.17g se %.17g lo %.17g up %.17g", nm, g, row, tm[row],
                         sv[row], se[row], lo[row], up[row]);
                    rows_ok = 0;
                }
                row++;
            }
            is_int(m, nrows, "%s arm %d: %d survfit rows", nm, g, nrows);
            ok(rows_ok, "%s arm %d: time, n.risk, n.event, surv, std.err, lower, upper within %g", nm, g, REL);
        }
        for (int i = 0; i < nref; i++) {
            const sfline *l = &ref[i];
            if (strcmp(l->tok[0], "kms") || strcmp(l->tok[1], nm))
                continue;
            int g = atoi(l->tok[2]);
            hs_km_summary s;
            hs_km_group(w, g, sf_num(l, 3), NULL, 0, NULL, &s);
            int good = s.n == atoi(l->tok[4]) && s.events == atoi(l->tok[5]) &&
                       sf_close(s.median, sf_num(l, 6), REL) && sf_close(s.median_lcl, sf_num(l, 7), REL) &&
                       sf_close(s.median_ucl, sf_num(l, 8), REL) && sf_close(s.rmst, sf_num(l, 9), REL) &&
                       sf_close(s.rmst_se, sf_num(l, 10), REL);
            ok(good, "%s arm %d: n %d events %d median %g (%g, %g) rmst(%g) %.10g se %.10g", nm, g, s.n, s.events,
               s.median, s.median_lcl, s.median_ucl, s.tau, s.rmst, s.rmst_se);
        }
    }

    /* Grid evaluation: right-continuous step function, checked against the
     * survfit table of the "half" set (arm 0: S = 0.9, 0.8, ..., 0.5 at t = 1..5). */
    sf_load("half", &fx);
    hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, NULL, 0);
    double grid[7] = {0, 0.999, 1, 4.5, 5, 6.999, 100}, sg[7];
    hs_km_summary s;
    ok(hs_km_group(w, 0, 0, grid, 7, sg, &s) == HS_SURV_OK, "grid evaluation runs");
    is_double(sg[0], 1.0, 1e-15, "S(0) = 1");
    is_double(sg[1], 1.0, 1e-15, "S(0.999) = 1");
    is_double(sg[2], 0.9, 1e-15, "S(1) = 0.9 (right-continuous)");
    is_double(sg[3], 0.6, 1e-15, "S(4.5) = 0.6");
    is_double(sg[4], 0.5, 1e-15, "S(5) = 0.5");
    is_double(sg[5], 0.5, 1e-15, "S(6.999) = 0.5");
    is_double(sg[6], 0.1875, 1e-15,
              "S(100) = 0.5 * 3/4 * 1/2 (death at 7 and 9; 10 censored)");
    is_double(s.median, 6.0, 1e-15, "midpoint-rule median (5 + 7) / 2");
    ok(isnan(s.rmst), "tau = 0 -> RMST NAN");
    double bad[2] = {2, 1};
    ok(hs_km_group(w, 0, 0, bad, 2, sg, &s) == HS_SURV_EINVAL, "descending grid rejected");
    ok(hs_km_group(w, 2, 0, NULL, 0, NULL, &s) == HS_SURV_EINVAL, "group out of range rejected");
    /* Numbers at risk on a grid, fused with the curve (hs_km_group_risk),
     * against the count itself, with record times on grid points, one ulp
     * either side of them, and between; evenly spaced grids of steps that
     * floating point does not hold exactly (0.1, 0.3) and uneven grids. */
    {
        hs_rng r;
        hs_rng_stream(&r, 7u, 8u, 9u);
        static double tt[SF_NMAX], gr[241];
        static int st[SF_NMAX], ar[SF_NMAX], risk[241];
        static double sa[241], sb[241];
        long bad_load = 0, bad_fused = 0, bad_curve = 0, on_point = 0;
        for (int rep = 0; rep < 400; rep++) {
            const int ng = 2 + (int)(hs_rng_uniform(&r) * 239);
            const int kind = rep % 3; /* 0: step 0.1, 1: step 0.3 from 1.7, 2: uneven */
            for (int k = 0; k < ng; k++)
                gr[k] = kind == 0 ? 0.0 + k * 0.1 : kind == 1 ? 1.7 + k * 0.3 : (k ? gr[k - 1] : 0.0) + hs_rng_uniform(&r);
            const int n = 1 + (int)(hs_rng_uniform(&r) * 300);
            for (int i = 0; i < n; i++) {
                const double u = hs_rng_uniform(&r);
                const double gk = gr[(int)(hs_rng_uniform(&r) * ng)];
                tt[i] = u < 0.3 ? gk : u < 0.45 ? nextafter(gk, 0) : u < 0.6 ? nextafter(gk, INFINITY)
                                                                  : hs_rng_uniform(&r) * (gr[ng - 1] + 1.0);
                st[i] = hs_rng_uniform(&r) < 0.5;
                ar[i] = hs_rng_uniform(&r) < 0.5;
            }
            if (hs_survdata_load(w, n, tt, st, ar, 2, NULL, 1, NULL, 0) != HS_SURV_OK) {
                bad_load++;
                continue;
            }
            for (int g = 0; g < 2; g++) {
                /* the same risk as the count, and the curve and summary of
                 * hs_km_group_fast to the bit */
                hs_km_summary ka, kb;
                const double tau = gr[ng / 2];
                int ra = hs_km_group_risk(w, g, tau, gr, ng, sa, risk, &ka);
                int rb = hs_km_group_fast(w, g, tau, gr, ng, sb, &kb);
                bad_curve += ra != rb || memcmp(sa, sb, (size_t)ng * sizeof *sa) || memcmp(&ka, &kb, sizeof ka);
                for (int k = 0; k < ng; k++) {
                    int want = 0;
                    for (int i = 0; i < n; i++) {
                        want += ar[i] == g && tt[i] >= gr[k];
                        on_point += g == 0 && tt[i] == gr[k];
                    }
                    bad_fused += risk[k] != want;
                }
            }
        }
        is_int((int)bad_load, 0, "every random data set loads");
        ok(on_point > 1000, "record times on grid points occur (%ld)", on_point);
        ok(hs_km_group_risk(w, 2, 1.0, gr, 3, sa, risk, &s) == HS_SURV_EINVAL,
           "hs_km_group_risk: group out of range rejected");
        is_int((int)bad_fused, 0, "numbers at risk, fused with the curve (hs_km_group_risk) = the count");
        is_int((int)bad_curve, 0, "hs_km_group_risk: curve and summary bit-identical to hs_km_group_fast");
        hs_km_summary ks;
        ok(hs_km_group_risk(w, 0, 1.0, gr, 3, sa, NULL, &ks) == HS_SURV_EINVAL &&
               hs_km_group_risk(w, -1, 1.0, gr, 3, sa, risk, &ks) == HS_SURV_EINVAL,
           "group risk: NULL risk or group -1 rejected");
    }
    hs_survdata_free(w);
    hs_survdata_free(NULL);
    return tap_done();
}
