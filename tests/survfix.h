/* survfix.h — shared fixture code for test_km.c, test_logrank.c and
 * test_cox.c: loads tests/data/surv_NAME.csv (columns time, status, arm,
 * stratum, age, kras) and reads the R reference lines of tests/r/surv_refs.txt
 * (made by tests/r/make_survival_refs.R). Header-only, test use only. */
#ifndef HS_SURVFIX_H
#define HS_SURVFIX_H

#include "csvtab.h"
#include "survdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_NMAX 400

typedef struct survfix {
    int n;
    double time[SF_NMAX];
    int status[SF_NMAX], arm[SF_NMAX], stratum[SF_NMAX];
    double x[SF_NMAX * 2]; /* age, kras == "wt" */
} survfix;

static const char *const sf_names[] = {"ties", "strata", "heavycens", "tiny", "nomedian", "half"};
#define SF_NDATA 6

/* Returns 0 on success. */
static int sf_load(const char *name, survfix *f)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/surv_%s.csv", HS_SOURCE_DIR, name);
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, NULL) != 0)
        return -1;
    int ct = hs_csvtab_col(t, "time"), cs = hs_csvtab_col(t, "status"), ca = hs_csvtab_col(t, "arm"),
        ck = hs_csvtab_col(t, "stratum"), cg = hs_csvtab_col(t, "age"), cr = hs_csvtab_col(t, "kras");
    size_t n = hs_csvtab_nrows(t);
    int bad = ct < 0 || cs < 0 || ca < 0 || ck < 0 || cg < 0 || cr < 0 || n > SF_NMAX;
    for (size_t i = 0; !bad && i < n; i++) {
        double v[5];
        int cols[5] = {ct, cs, ca, ck, cg};
        for (int j = 0; j < 5; j++)
            bad |= hs_csvtab_num(t, i, cols[j], &v[j], NULL, 0) != 0;
        f->time[i] = v[0];
        f->status[i] = (int)v[1];
        f->arm[i] = (int)v[2];
        f->stratum[i] = (int)v[3];
        f->x[2 * i] = v[4];
        f->x[2 * i + 1] = strcmp(hs_csvtab_cell(t, i, cr), "wt") == 0;
    }
    f->n = (int)n;
    hs_csvtab_free(t);
    return bad ? -1 : 0;
}

/* Read all reference lines into a static buffer; returns the count. Each
 * line is split on whitespace into at most 40 tokens. */
#define SF_MAXLINES 2000
typedef struct sfline {
    int ntok;
    char tok[40][32];
} sfline;

static sfline *sf_refs(int *count)
{
    static sfline lines[SF_MAXLINES];
    char path[1024], buf[4096];
    snprintf(path, sizeof path, "%s/tests/r/surv_refs.txt", HS_SOURCE_DIR);
    FILE *fp = fopen(path, "r");
    *count = 0;
    if (!fp)
        return lines;
    while (*count < SF_MAXLINES && fgets(buf, sizeof buf, fp)) {
        sfline *l = &lines[*count];
        l->ntok = 0;
        for (char *p = strtok(buf, " \t\r\n"); p && l->ntok < 40; p = strtok(NULL, " \t\r\n"))
            snprintf(l->tok[l->ntok++], sizeof l->tok[0], "%s", p);
        (*count)++;
    }
    fclose(fp);
    return lines;
}

/* Token as double ("NA" -> NAN). */
static double sf_num(const sfline *l, int k)
{
    if (k >= l->ntok || !strcmp(l->tok[k], "NA"))
        return NAN;
    return strtod(l->tok[k], NULL);
}

/* Relative agreement with NA/Inf handling: both NaN, both same infinity, or
 * |got - want| <= rel * max(|want|, 1e-300) (tiny absolute slack 1e-14 for want = 0). */
static int sf_close(double got, double want, double rel)
{
    if (isnan(want))
        return isnan(got);
    if (isinf(want))
        return got == want;
    return fabs(got - want) <= rel * fabs(want) + 1e-14;
}

#endif
