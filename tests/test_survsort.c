/* test_survsort.c — hs_survdata_load's order is the unique stable order by
 * time (ties keep input order), whatever the sort inside: checked against a
 * plain insertion sort on data that crowd, tie, span many magnitudes, mix
 * -0 and +0, or have one or two records; and the group/stratum lists
 * (so, go, sstart, gstart), counts and the tie flag against direct
 * recounts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "survdata.h"
#include "tap.h"

#define NMAX 2000

/* The reference: stable insertion sort of 0..n-1 by time. */
static void ref_order(const double *t, int n, int *ord)
{
    for (int i = 0; i < n; i++) {
        int j = i - 1;
        while (j >= 0 && t[ord[j]] > t[i]) {
            ord[j + 1] = ord[j];
            j--;
        }
        ord[j + 1] = i;
    }
}

static int check(hs_survdata *w, const double *t, const int *st, const int *gr, const int *sr, int nstrata, int n)
{
    static int ord[NMAX];
    if (hs_survdata_load(w, n, t, st, gr, 2, sr, nstrata, NULL, 0) != HS_SURV_OK)
        return 0;
    ref_order(t, n, ord);
    int bad = 0, nev = 0, ng[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        bad += w->id[i] != ord[i];
        bad += memcmp(&w->t[i], &t[ord[i]], sizeof(double)) != 0; /* the input's bits, -0 kept */
        bad += w->d[i] != st[ord[i]] || w->g[i] != gr[ord[i]] || w->s[i] != (sr ? sr[ord[i]] : 0);
        nev += st[i];
        ng[gr[i]]++;
    }
    bad += w->nevents != nev || w->ng[0] != ng[0] || w->ng[1] != ng[1];
    int tied = 0; /* two records at one time (-0 and +0 are one time) */
    for (int i = 1; i < n; i++)
        tied |= t[ord[i]] == t[ord[i - 1]];
    bad += w->tied != tied;
    /* so: stratum-major, ascending within; go: group-major, ascending within */
    int ns = sr ? nstrata : 1, pos = 0;
    for (int k = 0; k < ns; k++) {
        bad += w->sstart[k] != pos;
        for (int i = 0; i < n; i++)
            if ((sr ? sr[ord[i]] : 0) == k)
                bad += w->so[pos++] != i;
    }
    bad += w->sstart[ns] != n;
    pos = 0;
    for (int g = 0; g < 2; g++) {
        bad += w->gstart[g] != pos;
        for (int i = 0; i < n; i++)
            if (gr[ord[i]] == g)
                bad += w->go[pos++] != i;
    }
    return bad == 0;
}

int main(void)
{
    enum { NCASE = 10 };
    plan(NCASE * 3 + 15);
    static double t[NMAX];
    static int st[NMAX], gr[NMAX], sr[NMAX];
    hs_survdata *w = hs_survdata_alloc(NMAX, 2, 3, 0);
    if (!w)
        return 1;
    hs_rng r;
    hs_rng_stream(&r, 5, 6, 7);
    const int sizes[3] = {240, 1, NMAX};
    for (int c = 0; c < NCASE; c++) {
        for (int z = 0; z < 3; z++) {
            int n = sizes[z] == 1 && c % 2 ? 2 : sizes[z];
            for (int i = 0; i < n; i++) {
                double u = hs_rng_uniform(&r);
                switch (c) {
                case 0: t[i] = -30 * log(u); break;                           /* continuous */
                case 1: t[i] = floor(12 * u);  break;                         /* many ties */
                case 2: t[i] = 7.5; break;                                    /* all equal */
                case 3: t[i] = u < 0.3 ? 0.0 : u < 0.6 ? -0.0 : u; break;     /* -0 and +0 */
                case 4: t[i] = u < 0.98 ? 1.0 + 1e-12 * u : 1e6 * u; break;   /* crowded */
                case 5: t[i] = pow(10.0, 600 * u - 300); break;               /* magnitudes */
                case 6: t[i] = u < 0.5 ? 0.0 : 1e308 * u; break;              /* huge range */
                case 7: t[i] = (double)(n - i) + (u < 0.5 ? 0.25 : 0.0); break; /* descending */
                case 8: t[i] = u < 0.5 ? 4.0 : 4.0 + 0x1p-50; break;          /* adjacent values */
                default: t[i] = u < 0.5 ? 0.0 : 0x1p-1074; break;             /* range / n overflows */
                }
                st[i] = hs_rng_uniform(&r) < 0.6;
                gr[i] = hs_rng_uniform(&r) < 0.5;
                sr[i] = (int)(3 * hs_rng_uniform(&r));
            }
            int use_strata = z == 2;
            ok(check(w, t, st, gr, use_strata ? sr : NULL, 3, n),
               "case %d, n %d%s: stable order by time, lists and counts", c, n, use_strata ? ", 3 strata" : "");
        }
    }
    /* Bad records are refused on both paths (two groups without strata:
     * the simulator's branch-free checks; with strata: the general loop). */
    {
        static const char *what[7] = {"NaN time", "negative time", "infinite time", "status 2",
                                      "status -1", "group 2", "group -1"};
        for (int path = 0; path < 2; path++)
            for (int b = 0; b < 7; b++) {
                for (int i = 0; i < 10; i++) {
                    t[i] = 1.0 + i;
                    st[i] = i % 2;
                    gr[i] = i % 3 == 0;
                    sr[i] = i % 3;
                }
                switch (b) {
                case 0: t[4] = NAN; break;
                case 1: t[4] = -1e-300; break;
                case 2: t[4] = INFINITY; break;
                case 3: st[4] = 2; break;
                case 4: st[4] = -1; break;
                case 5: gr[4] = 2; break;
                default: gr[4] = -1; break;
                }
                ok(hs_survdata_load(w, 10, t, st, gr, 2, path ? sr : NULL, 3, NULL, 0) == HS_SURV_EINVAL,
                   "%s refused%s", what[b], path ? " (3 strata)" : "");
            }
    }
    /* One stratum's s[] = 0 and so[] = identity are kept from an earlier
     * load of the simulator's shape: after stratified loads, and as n grows
     * and shrinks, they must still hold for every record. */
    {
        static double ct[40];
        static int cst[40], cgr[40], csr[40];
        static const int csize[] = {12, 8, 30, 3, 40};
        int good = 1;
        for (int round = 0; round < 10; round++) {
            int n = csize[round % 5], strat = round % 3 == 1;
            for (int i = 0; i < n; i++) {
                ct[i] = (double)((i * 7 + round) % 11);
                cst[i] = (i + round) % 2;
                cgr[i] = i % 2;
                csr[i] = (i + round) % 3;
            }
            good &= hs_survdata_load(w, n, ct, cst, cgr, 2, strat ? csr : NULL, 3, NULL, 0) == HS_SURV_OK;
            for (int i = 0; i < n && !strat; i++)
                good &= w->s[i] == 0 && w->so[i] == i;
            good &= check(w, ct, cst, cgr, strat ? csr : NULL, 3, n);
        }
        ok(good, "one stratum after stratified loads, n growing and shrinking: s = 0, so = identity");
    }
    hs_survdata_free(w);
    return tap_done();
}
