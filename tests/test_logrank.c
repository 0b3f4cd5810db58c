/* test_logrank.c — log-rank and G(rho, 0) chi-square against R survival 3.5
 * survdiff(rho = 0, 1, 0.5), with and without strata (tests/r/surv_refs.txt,
 * tolerance 1e-8 relative); G(rho, gamma) with gamma > 0 (survdiff has no
 * gamma) against a direct O(n^2) evaluation of the textbook definition. */
#include "logrank.h"
#include "survfix.h"
#include "tap.h"

#define REL 1e-8

static survfix fx;

/* Brute force two-group, unstratified G(rho, gamma): for each distinct event
 * time, count risk sets and the pooled KM directly from the raw data. */
static double brute_chisq(const survfix *f, double rho, double gamma, double *zout)
{
    double u = 0, var = 0;
    for (int i = 0; i < f->n; i++) {
        double tj = f->time[i];
        int first = 1;
        for (int k = 0; k < i; k++)
            if (f->time[k] == tj)
                first = 0;
        if (!first)
            continue;
        double N = 0, N1 = 0, D = 0, D1 = 0;
        for (int k = 0; k < f->n; k++) {
            if (f->time[k] >= tj) {
                N += 1;
                N1 += f->arm[k];
            }
            if (f->time[k] == tj && f->status[k]) {
                D += 1;
                D1 += f->arm[k];
            }
        }
        if (D == 0)
            continue;
        double s = 1; /* pooled KM just before tj */
        for (int m = 0; m < f->n; m++) {
            double tm = f->time[m];
            int firstm = 1;
            for (int k = 0; k < m; k++)
                if (f->time[k] == tm)
                    firstm = 0;
            if (!firstm || !(tm < tj))
                continue;
            double Nm = 0, Dm = 0;
            for (int k = 0; k < f->n; k++) {
                Nm += f->time[k] >= tm;
                Dm += f->time[k] == tm && f->status[k];
            }
            s *= 1 - Dm / Nm;
        }
        double wt = pow(s, rho) * pow(1 - s, gamma);
        u += wt * (D1 - D * N1 / N);
        if (N > 1)
            var += wt * wt * D * (N - D) / (N - 1) * (N1 / N) * (1 - N1 / N);
    }
    *zout = u / sqrt(var);
    return u * u / var;
}

int main(void)
{
    int nref = 0;
    sfline *ref = sf_refs(&nref);
    int nlr = 0;
    for (int i = 0; i < nref; i++)
        nlr += !strcmp(ref[i].tok[0], "lr");
    plan(1 + nlr + 2 * 4 + 6);
    ok(nlr == SF_NDATA * 6, "reference file read (%d log-rank lines)", nlr);
    hs_survdata *w = hs_survdata_alloc(SF_NMAX, 2, 4, 0);
    hs_logrank_result r;
    for (int i = 0; i < nref; i++) {
        const sfline *l = &ref[i];
        if (strcmp(l->tok[0], "lr"))
            continue;
        sf_load(l->tok[1], &fx);
        int strat = atoi(l->tok[2]);
        double rho = sf_num(l, 3);
        hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, strat ? fx.stratum : NULL, 3, NULL, 0);
        hs_logrank_run(w, rho, 0, &r);
        ok(sf_close(r.chisq, sf_num(l, 4), REL) && r.df == atoi(l->tok[5]),
           "%s strata=%d rho=%g: chisq %.15g (R %s) df %d", l->tok[1], strat, rho, r.chisq, l->tok[4], r.df);
    }
    /* gamma > 0 and the signed z, against the brute-force definition */
    const char *sets[4] = {"ties", "tiny", "heavycens", "half"};
    for (int k = 0; k < 4; k++) {
        sf_load(sets[k], &fx);
        hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, NULL, 0);
        double zb = 0, cb = brute_chisq(&fx, 0.5, 1.0, &zb);
        hs_logrank_run(w, 0.5, 1.0, &r);
        is_rel(r.chisq, cb, 1e-10, "%s G(0.5, 1) chisq %.12g vs direct definition", sets[k], r.chisq);
        is_rel(r.z, zb, 1e-10, "%s G(0.5, 1) signed z %.12g", sets[k], r.z);
    }
    /* sign convention and p on the "strata" set: arm 1 has HR 0.65, so fewer
     * events than expected -> z < 0; p = P(chi2_1 > z^2). */
    sf_load("strata", &fx);
    hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, NULL, 0);
    hs_logrank_run(w, 0, 0, &r);
    ok(r.z < 0, "z < 0 when the experimental arm has fewer events (z = %g)", r.z);
    is_rel(r.z * r.z, r.chisq, 1e-12, "z^2 = chisq for two groups");
    is_rel(r.o[0] + r.o[1], r.e[0] + r.e[1], 1e-12, "sum O = sum E");
    /* p from R: pchisq(15.577942019826766, 1, lower.tail = FALSE) */
    is_rel(r.p, 7.917285276730109e-05, 1e-8, "p-value %.10g", r.p);
    ok(hs_logrank_run(w, -1, 0, &r) == HS_SURV_EINVAL, "negative rho rejected");
    ok(hs_logrank_run(w, 0, NAN, &r) == HS_SURV_EINVAL, "NaN gamma rejected");
    hs_survdata_free(w);
    return tap_done();
}
