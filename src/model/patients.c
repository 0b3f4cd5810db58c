/* patients.c — patient CSV columns (see patients.h). */
#include "patients.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtab.h"

typedef struct colstore {
    int built;
    hs_pcol c;
    double *num;
    unsigned char *miss;
    const char **text;
} colstore;

struct hs_patients {
    hs_csvtab *t;
    int ncols;
    colstore *col;
};

int hs_patients_ismissing(const char *s) { return !*s || !strcmp(s, "NA") || !strcmp(s, "."); }

int hs_patients_isnum(const char *s, double *x)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || end == s || *end || !isfinite(v))
        return 0;
    if (x)
        *x = v;
    return 1;
}

int hs_patients_read(const char *path, hs_patients **out, hs_errs *errs)
{
    *out = NULL;
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, errs) != 0)
        return -1;
    hs_patients *p = calloc(1, sizeof *p);
    int nc = hs_csvtab_ncols(t);
    if (p)
        p->col = calloc((size_t)(nc > 0 ? nc : 1), sizeof *p->col);
    if (!p || !p->col) {
        free(p);
        hs_csvtab_free(t);
        hs_errs_add(errs, path, 0, "out of memory");
        return -1;
    }
    p->t = t;
    p->ncols = nc;
    *out = p;
    return 0;
}

void hs_patients_free(hs_patients *p)
{
    if (!p)
        return;
    for (int k = 0; k < p->ncols; k++) {
        free(p->col[k].num);
        free(p->col[k].miss);
        free(p->col[k].text);
    }
    free(p->col);
    hs_csvtab_free(p->t);
    free(p);
}

const char *hs_patients_path(const hs_patients *p) { return hs_csvtab_path(p->t); }
size_t hs_patients_nrows(const hs_patients *p) { return hs_csvtab_nrows(p->t); }
long hs_patients_line(const hs_patients *p, size_t row) { return hs_csvtab_line(p->t, row); }

const hs_pcol *hs_patients_col(hs_patients *p, const char *name, int *nomem)
{
    int k = hs_csvtab_col(p->t, name);
    if (k < 0)
        return NULL;
    colstore *s = &p->col[k];
    if (s->built)
        return &s->c;
    size_t n = hs_csvtab_nrows(p->t), m = n ? n : 1;
    s->num = malloc(m * sizeof *s->num);
    s->miss = malloc(m * sizeof *s->miss);
    s->text = malloc(m * sizeof *s->text);
    if (!s->num || !s->miss || !s->text) {
        free(s->num);
        free(s->miss);
        free(s->text);
        s->num = NULL, s->miss = NULL, s->text = NULL;
        if (nomem)
            *nomem = 1;
        return NULL;
    }
    s->c.name = hs_csvtab_colname(p->t, k);
    s->c.index = k;
    s->c.numeric = 1;
    s->c.nmiss = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = hs_csvtab_cell(p->t, i, k);
        s->text[i] = v;
        s->miss[i] = (unsigned char)hs_patients_ismissing(v);
        s->c.nmiss += s->miss[i];
        if (!hs_patients_isnum(v, &s->num[i])) {
            s->num[i] = NAN;
            if (!s->miss[i])
                s->c.numeric = 0;
        }
    }
    s->c.text = s->text;
    s->c.num = s->num;
    s->c.miss = s->miss;
    s->built = 1;
    return &s->c;
}

int hs_patients_need_num(const hs_patients *p, const hs_pcol *c, size_t row, double *x, hs_errs *errs)
{
    char msg[HS_ERR_LEN];
    if (hs_csvtab_num(p->t, row, c->index, x, msg, sizeof msg) == 0)
        return 0;
    long line = hs_csvtab_line(p->t, row);
    hs_errs_add(errs, hs_csvtab_path(p->t), line > INT_MAX ? INT_MAX : (int)line, "%s", msg);
    return -1;
}
