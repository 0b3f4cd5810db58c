/* fit_reconstruct.c — `hifusim fit --reconstruct`: patient data from a
 * published Kaplan-Meier curve and its numbers at risk (Guyot et al. 2012),
 * written with --out-ipd and fitted with --family (see fit_int.h). */
#include "fit_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guyot.h"
#include "patients.h"

/* Columns c1 and c2 of the CSV at path as numbers (every cell). */
static int read_two(const char *path, const char *c1, const char *c2, hs_patients **tp, double **a, double **b,
                    size_t *n, hs_errs *errs)
{
    *a = *b = NULL;
    if (hs_patients_read(path, tp, errs) != 0)
        return -1;
    hs_patients *t = *tp;
    const hs_pcol *i1 = hs_patients_col(t, c1, NULL), *i2 = hs_patients_col(t, c2, NULL);
    int bad = 0;
    long hl = hs_patients_line(t, (size_t)-1);
    if (!i1 || !i2) {
        hs_errs_add(errs, path, (int)hl, "header; expected columns %s,%s", c1, c2);
        return -1;
    }
    *n = hs_patients_nrows(t);
    *a = malloc(sizeof(double) * (*n ? *n : 1));
    *b = malloc(sizeof(double) * (*n ? *n : 1));
    if (!*a || !*b)
        return -1;
    for (size_t i = 0; i < *n; i++) {
        if (hs_patients_need_num(t, i1, i, &(*a)[i], errs) != 0)
            bad = 1;
        if (hs_patients_need_num(t, i2, i, &(*b)[i], errs) != 0)
            bad = 1;
    }
    if (*n == 0) {
        hs_errs_add(errs, path, (int)hl, "no data rows");
        bad = 1;
    }
    return bad ? -1 : 0;
}

int hs_fit_reconstruct_run(const opts *o, int fam_given, hs_family fam, int form_given,
                           hs_effect form, const double *cuts, int ncuts, hs_errs *errs)
{
    hs_patients *tp = NULL, *tr = NULL;
    double *pt = NULL, *ps = NULL, *rt = NULL, *rn = NULL;
    int *rni = NULL, rc = 0;
    size_t np = 0, nr = 0;
    long nev = -1;
    hs_guyot_ipd *g = NULL;
    if (o->events_s) {
        double v;
        if (hs_fitcmd_num(o->events_s, &v) != 0 || v < 0 || v != floor(v) || v > 1e9) {
            hs_errs_add(errs, "--events", 0, "'%s'; expected a whole number >= 0", o->events_s);
            rc = 2;
        }
        nev = (long)v;
    }
    if (read_two(o->recon, "time", "survival", &tp, &pt, &ps, &np, errs) != 0)
        rc = 2;
    if (read_two(o->atrisk, "time", "nrisk", &tr, &rt, &rn, &nr, errs) != 0)
        rc = 2;
    if (rc)
        goto done;
    rni = malloc(sizeof(int) * nr);
    if (!rni) {
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < nr; i++) {
        if (rn[i] < 0 || rn[i] != floor(rn[i]) || rn[i] > 1e8) {
            hs_errs_add(errs, o->atrisk, (int)hs_patients_line(tr, i),
                        "nrisk %g; expected a whole number >= 0", rn[i]);
            rc = 2;
        }
        rni[i] = (int)rn[i];
    }
    if (np > 100000 || nr > 100000) {
        hs_errs_add(errs, o->recon, 0, "too many rows; expected at most 100000");
        rc = 2;
    }
    if (rc)
        goto done;
    char why[200];
    int bad, isr;
    g = hs_guyot_reconstruct(pt, ps, (int)np, rt, rni, (int)nr, nev, why, sizeof why, &bad, &isr);
    if (!g) {
        const char *file = isr ? o->atrisk : o->recon;
        hs_patients *tt = isr ? tr : tp;
        hs_errs_add(errs, file, bad >= 0 ? (int)hs_patients_line(tt, (size_t)bad) : 0, "%s", why);
        rc = 2;
        goto done;
    }
    long ev = 0;
    for (size_t i = 0; i < g->n; i++)
        ev += g->event[i];
    printf("reconstructed %zu patients, %ld events (Guyot et al. 2012)%s\n", g->n, ev,
           nev >= 0 && ev != nev ? "; could not match --events exactly" : "");
    if (o->outipd) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) {
            rc = 1;
            goto done;
        }
        fprintf(f, "time,event\n");
        for (size_t i = 0; i < g->n; i++)
            fprintf(f, "%.10g,%d\n", g->time[i], g->event[i]);
        fclose(f);
        if (hs_fitcmd_commit(o->outipd, buf, len) != 0)
            rc = 1;
        free(buf);
    }
    if (fam_given && rc == 0) {
        ipd d;
        memset(&d, 0, sizeof d);
        d.n = g->n;
        d.t = g->time;
        d.e = g->event;
        char data[1100];
        snprintf(data, sizeof data, "%s + %s (reconstructed)", o->recon, o->atrisk);
        rc = hs_fit_ipd_run(o, &d, fam, 0, form_given, form, cuts, ncuts, data,
                     "maximum likelihood on Guyot-reconstructed IPD");
    }
done:
    hs_guyot_free(g);
    hs_patients_free(tp);
    hs_patients_free(tr);
    free(pt);
    free(ps);
    free(rt);
    free(rn);
    free(rni);
    return rc;
}

