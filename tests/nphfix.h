/* nphfix.h — shared fixture code for test_wlr.c and test_rmst.c: loads
 * tests/data/nph_NAME.csv (columns time, status, group, stratum) and reads
 * the R reference lines of tests/r/nph_tests.txt (made by
 * tests/r/nph_tests.R). Header-only, test use only. */
#ifndef HS_NPHFIX_H
#define HS_NPHFIX_H

#include "csvtab.h"
#include "survdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NF_NMAX 1000

typedef struct nphfix {
    int n, nstrata;
    double time[NF_NMAX];
    int status[NF_NMAX], group[NF_NMAX], stratum[NF_NMAX];
} nphfix;

/* Returns 0 on success. */
static int nf_load(const char *name, nphfix *f)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/nph_%s.csv", HS_SOURCE_DIR, name);
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, NULL) != 0)
        return -1;
    int cols[4] = {hs_csvtab_col(t, "time"), hs_csvtab_col(t, "status"), hs_csvtab_col(t, "group"),
                   hs_csvtab_col(t, "stratum")};
    size_t n = hs_csvtab_nrows(t);
    int bad = cols[0] < 0 || cols[1] < 0 || cols[2] < 0 || cols[3] < 0 || n > NF_NMAX;
    f->nstrata = 1;
    for (size_t i = 0; !bad && i < n; i++) {
        double v[4];
        for (int j = 0; j < 4; j++)
            bad |= hs_csvtab_num(t, i, cols[j], &v[j], NULL, 0) != 0;
        f->time[i] = v[0];
        f->status[i] = (int)v[1];
        f->group[i] = (int)v[2];
        f->stratum[i] = (int)v[3];
        if (f->stratum[i] + 1 > f->nstrata)
            f->nstrata = f->stratum[i] + 1;
    }
    f->n = bad ? 0 : (int)n;
    hs_csvtab_free(t);
    return bad ? -1 : 0;
}

/* Load f into w, stratified or not. */
static int nf_into(hs_survdata *w, const nphfix *f, int strat)
{
    return hs_survdata_load(w, f->n, f->time, f->status, f->group, 2, strat ? f->stratum : NULL,
                            strat ? f->nstrata : 1, NULL, 0);
}

#define NF_MAXLINES 400
#define NF_MAXTOK 48
typedef struct nfline {
    int ntok;
    char tok[NF_MAXTOK][32];
} nfline;

static nfline *nf_refs(int *count)
{
    static nfline lines[NF_MAXLINES];
    static char buf[8192];
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/r/nph_tests.txt", HS_SOURCE_DIR);
    FILE *fp = fopen(path, "r");
    *count = 0;
    if (!fp)
        return lines;
    while (*count < NF_MAXLINES && fgets(buf, sizeof buf, fp)) {
        nfline *l = &lines[*count];
        l->ntok = 0;
        for (char *p = strtok(buf, " \t\r\n"); p && l->ntok < NF_MAXTOK; p = strtok(NULL, " \t\r\n"))
            snprintf(l->tok[l->ntok++], sizeof l->tok[0], "%s", p);
        (*count)++;
    }
    fclose(fp);
    return lines;
}

static double nf_num(const nfline *l, int k)
{
    if (k >= l->ntok || !strcmp(l->tok[k], "NA"))
        return NAN;
    return strtod(l->tok[k], NULL);
}

/* |got - want| <= tol * max(1, |want|); both NaN also agree. */
static int nf_close(double got, double want, double tol)
{
    if (isnan(want))
        return isnan(got);
    return fabs(got - want) <= tol * fmax(1.0, fabs(want));
}

#endif
