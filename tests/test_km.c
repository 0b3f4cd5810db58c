/* test_km.c — Kaplan–Meier curve, Greenwood SE, log-CI, median + CI and
 * RMST + SE against R survival 3.5 (survfit, print(survfit, rmean = tau)),
 * reference values in tests/r/surv_refs.txt from tests/r/make_survival_refs.R.
 * Tolerance 1e-8 relative throughout. */
#include "km.h"
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
    plan(1 + 2 * SF_NDATA * 2 + nkms + 12);
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
    hs_survdata_free(w);
    hs_survdata_free(NULL);
    return tap_done();
}
