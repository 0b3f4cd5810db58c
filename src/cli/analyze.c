/* analyze.c — the `analyze` subcommand (see analyze.h).
 *
 * Missing values: a cell that is empty, "NA" (what R's write.csv writes) or
 * "." is missing. A row missing any column the analysis uses (time, event,
 * group, strata, covariates) is dropped, as R's default na.omit does; the
 * drops are counted, printed and written to the JSON (n_rows,
 * n_dropped_missing). Every other cell of a used column must be valid, in
 * dropped rows too. No complete row at all is an error.
 *
 * Event coding, decided on every non-missing cell of the event column:
 * with --event-value V, a cell equal to V (same text, or the same number) is
 * an event and every other value a censoring, as Surv(time, status == V);
 * otherwise 0/1 (1 = event), or, when every value is 1 or 2, R's Surv() 1/2
 * coding (2 = event, 1 = censored). All 1s is 0/1 coding: all events.
 *
 * Groups, strata and categorical covariates are ordered like R factors:
 * numerically when every value is a number (values equal as numbers are one
 * level), else by strcmp (R in the C collation locale); the reference is the
 * first level (for the group, --control overrides). Levels are those of the
 * complete rows. A covariate is numeric, entering the Cox model as one linear
 * term, when every non-missing value is a number, unless --factor names it;
 * otherwise it is categorical (indicators of each non-reference level). The
 * group is always categorical. Without --tau, RMST runs to the smallest of the
 * groups' largest observed times. Cox uses Efron ties unless --ties breslow,
 * with the group terms first and the strata of --strata. --time-unit only
 * names the unit of the times (no conversion). */
#include "analyze.h"

#include "cox.h"
#include "csvtab.h"
#include "errs.h"
#include "fileio.h"
#include "km.h"
#include "logrank.h"
#include "output.h"
#include "survdata.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCOV 16
#define MAXLEV 1000
#define MAXUSE (4 + MAXCOV) /* time, event, group, strata, covariates */

typedef struct levels {
    int n;
    int numeric;               /* all values parse as numbers */
    const char *name[MAXLEV];  /* owned by the table */
    double val[MAXLEV];        /* numeric value when numeric */
    int rank[MAXLEV];          /* position in sorted order (0 = reference) */
} levels;

typedef struct opts {
    const char *file, *time, *event, *group, *strata, *control, *json, *event_value, *unit, *tau_text;
    const char *cov[MAXCOV];
    const char *factor[MAXCOV];
    int ncov, nfactor;
    double tau;
    int ties;
} opts;

enum { EV_01, EV_12, EV_VALUE };

static void usage(FILE *f)
{
    fprintf(f, "usage: hifusim analyze FILE.csv --time COL --event COL --group COL [--strata COL]\n"
               "         [--covariate COL]... [--factor COL]... [--control LEVEL] [--tau T]\n"
               "         [--ties efron|breslow] [--event-value V] [--time-unit days|weeks|months|years]\n"
               "         [--json OUT]\n"
               "  Kaplan-Meier per group (median, 95%% CI, RMST to T), log-rank (stratified with\n"
               "  --strata) and Cox PH (group first, reference = first sorted level or --control).\n"
               "  Cells NA, . and empty are missing: rows missing a used column are dropped.\n"
               "  Events: 0/1 (1 = event), 1/2 as R's Surv() (2 = event), or --event-value V.\n"
               "  Numeric covariates are linear terms; --factor COL makes one categorical.\n");
}

static void errs_push(void *ctx, const char *msg)
{
    hs_errs *e = ctx;
    if (e->n < HS_ERRS_CAP)
        snprintf(e->msg[e->n++], HS_ERR_LEN, "%s", msg);
    else
        e->dropped++;
}

static int isnum(const char *s, double *x)
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

/* A missing value: empty, NA (R's write.csv) or "." (SAS, Stata). */
static int ismissing(const char *s) { return !*s || !strcmp(s, "NA") || !strcmp(s, "."); }

/* 1 when every non-missing cell of column c is a finite number. */
static int col_numeric(const hs_csvtab *t, int c)
{
    size_t n = hs_csvtab_nrows(t);
    for (size_t i = 0; i < n; i++) {
        const char *v = hs_csvtab_cell(t, i, c);
        if (!ismissing(v) && !isnum(v, NULL))
            return 0;
    }
    return 1;
}

/* Collect the distinct values of column c over the nr table rows rows[] into
 * lv (numeric: values equal as numbers are one level) and code each in
 * code[0..nr-1]. The rows have no missing cell in c. */
static int build_levels(const hs_csvtab *t, int c, const size_t *rows, size_t nr, int numeric, levels *lv,
                        int *code, hs_errs *e, const char *opt)
{
    lv->n = 0;
    lv->numeric = numeric;
    for (size_t r = 0; r < nr; r++) {
        const char *v = hs_csvtab_cell(t, rows[r], c);
        double x = 0;
        int k;
        if (numeric)
            isnum(v, &x);
        for (k = 0; k < lv->n; k++)
            if (numeric ? lv->val[k] == x : !strcmp(lv->name[k], v))
                break;
        if (k == lv->n) {
            if (lv->n == MAXLEV) {
                hs_errs_add(e, hs_csvtab_path(t), (int)hs_csvtab_line(t, rows[r]),
                            "column '%s' (%s): more than %d distinct values; expected at most that many levels",
                            hs_csvtab_colname(t, c), opt, MAXLEV);
                return -1;
            }
            lv->val[lv->n] = x;
            lv->name[lv->n++] = v;
        }
        code[r] = k;
    }
    /* rank by sorted order (insertion: few levels) */
    int ord[MAXLEV];
    for (int k = 0; k < lv->n; k++) {
        int j = k;
        while (j > 0) {
            int a = ord[j - 1];
            int gt = numeric ? lv->val[a] > lv->val[k] : strcmp(lv->name[a], lv->name[k]) > 0;
            if (!gt)
                break;
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = k;
    }
    for (int k = 0; k < lv->n; k++)
        lv->rank[ord[k]] = k;
    return 0;
}

static int parse_args(int argc, char **argv, opts *o, hs_errs *e)
{
    static const struct option lo[] = {
        {"time", required_argument, NULL, 't'},      {"event", required_argument, NULL, 'e'},
        {"group", required_argument, NULL, 'g'},     {"strata", required_argument, NULL, 's'},
        {"covariate", required_argument, NULL, 'c'}, {"control", required_argument, NULL, 'C'},
        {"tau", required_argument, NULL, 'T'},       {"json", required_argument, NULL, 'j'},
        {"ties", required_argument, NULL, 'x'},      {"factor", required_argument, NULL, 'f'},
        {"event-value", required_argument, NULL, 'v'}, {"time-unit", required_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->tau = NAN;
    o->ties = HS_COX_EFRON;
    o->unit = "months";
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        switch (ch) {
        case 't': o->time = optarg; break;
        case 'e': o->event = optarg; break;
        case 'g': o->group = optarg; break;
        case 's': o->strata = optarg; break;
        case 'C': o->control = optarg; break;
        case 'j': o->json = optarg; break;
        case 'T': o->tau_text = optarg; break;
        case 'c':
            if (o->ncov == MAXCOV)
                hs_errs_add(e, "--covariate", 0, "at most %d covariates", MAXCOV);
            else
                o->cov[o->ncov++] = optarg;
            break;
        case 'f':
            if (o->nfactor == MAXCOV)
                hs_errs_add(e, "--factor", 0, "at most %d factors", MAXCOV);
            else
                o->factor[o->nfactor++] = optarg;
            break;
        case 'v':
            if (ismissing(optarg))
                hs_errs_add(e, "--event-value", 0, "'%s' marks a missing value (empty, NA and . are missing); "
                            "expected the code of an event", optarg);
            else
                o->event_value = optarg;
            break;
        case 'u':
            if (strcmp(optarg, "days") && strcmp(optarg, "weeks") && strcmp(optarg, "months") &&
                strcmp(optarg, "years"))
                hs_errs_add(e, "--time-unit", 0, "expected days, weeks, months or years, got '%s'", optarg);
            else
                o->unit = optarg;
            break;
        case 'x':
            if (!strcmp(optarg, "efron"))
                o->ties = HS_COX_EFRON;
            else if (!strcmp(optarg, "breslow"))
                o->ties = HS_COX_BRESLOW;
            else
                hs_errs_add(e, "--ties", 0, "expected efron or breslow, got '%s'", optarg);
            break;
        case 'h': return 1;
        case ':': hs_errs_add(e, "analyze", 0, "option %s needs a value", argv[optind - 1]); break;
        default: hs_errs_add(e, "analyze", 0, "unknown option '%s'", argv[optind - 1]); break;
        }
    }
    if (o->tau_text && (!isnum(o->tau_text, &o->tau) || !(o->tau > 0)))
        hs_errs_add(e, "--tau", 0, "expected a positive number of %s, got '%s'", o->unit, o->tau_text);
    for (int k = 0; k < o->nfactor; k++) {
        int j = 0;
        while (j < o->ncov && strcmp(o->cov[j], o->factor[k]))
            j++;
        if (j == o->ncov)
            hs_errs_add(e, "--factor", 0, "'%s' is not a --covariate column; expected one of the covariates "
                        "(the group and strata are always categorical)", o->factor[k]);
    }
    if (optind < argc)
        o->file = argv[optind++];
    if (optind < argc)
        hs_errs_add(e, "analyze", 0, "unexpected argument '%s'; expected one FILE.csv", argv[optind]);
    if (!o->file)
        hs_errs_add(e, "analyze", 0, "missing FILE.csv");
    if (!o->time)
        hs_errs_add(e, "analyze", 0, "missing --time COL");
    if (!o->event)
        hs_errs_add(e, "analyze", 0, "missing --event COL");
    if (!o->group)
        hs_errs_add(e, "analyze", 0, "missing --group COL");
    if (o->file && o->json && hs_fileio_same(o->file, o->json))
        hs_errs_add(e, "--json", 0, "'%s' is the input file '%s'; expected a different output path", o->json,
                    o->file);
    return 0;
}

static json_t *jnum(double x) { return isfinite(x) ? json_real(x) : json_null(); }

static const char *cox_status_name(hs_cox_status s)
{
    switch (s) {
    case HS_COX_CONVERGED: return "converged";
    case HS_COX_NOCONV: return "not converged";
    case HS_COX_INFINITE: return "infinite coefficient (monotone likelihood)";
    case HS_COX_SINGULAR: return "singular information matrix";
    case HS_COX_NOEVENTS: return "no events";
    }
    return "?";
}

typedef struct data {
    size_t n;                        /* complete rows analysed */
    size_t nrows, ndrop;             /* data rows in the file; rows dropped for missing values */
    int nuse;                        /* used columns (distinct) */
    const char *usename[MAXUSE];
    size_t nmiss[MAXUSE];            /* rows missing each used column */
    int evcoding;                    /* EV_* */
    double *time, *x;
    int *status, *group, *strat;
    int ngroup, nstrata, p;          /* p = extra covariate columns after coding */
    levels glev, slev;
    int gorder[MAXLEV];              /* group code (internal 0 = control) -> level index */
    char termname[HS_SURV_PMAX][160];
} data;

static void data_free(data *d)
{
    free(d->time);
    free(d->x);
    free(d->status);
    free(d->group);
    free(d->strat);
}

/* Event code of a non-missing cell under --event-value V: same text or same number. */
static int is_event_value(const char *v, const char *want)
{
    double a, b;
    return !strcmp(v, want) || (isnum(v, &a) && isnum(want, &b) && a == b);
}

/* Validate and code the table into d. Errors go to e. */
static void load_data(const hs_csvtab *t, const opts *o, data *d, hs_errs *e)
{
    const char *path = hs_csvtab_path(t);
    const int hline = (int)hs_csvtab_line(t, (size_t)-1);
    int ct = hs_csvtab_col(t, o->time), ce = hs_csvtab_col(t, o->event), cg = hs_csvtab_col(t, o->group);
    int cs = o->strata ? hs_csvtab_col(t, o->strata) : -1;
    int cc[MAXCOV], isfac[MAXCOV];
    const char *want[MAXUSE];
    int wc[MAXUSE], nw = 0;
    want[nw] = o->time, wc[nw++] = ct;
    want[nw] = o->event, wc[nw++] = ce;
    want[nw] = o->group, wc[nw++] = cg;
    if (o->strata)
        want[nw] = o->strata, wc[nw++] = cs;
    for (int j = 0; j < o->ncov; j++) {
        cc[j] = hs_csvtab_col(t, o->cov[j]);
        want[nw] = o->cov[j], wc[nw++] = cc[j];
        isfac[j] = 0;
        for (int k = 0; k < o->nfactor; k++)
            isfac[j] |= !strcmp(o->factor[k], o->cov[j]);
    }
    for (int k = 0; k < nw; k++)
        if (wc[k] < 0)
            hs_errs_add(e, path, hline, "no column named '%s' in the header", want[k]);
    if (hs_errs_count(e))
        return;
    /* distinct used columns, for the missing-value count */
    d->nuse = 0;
    for (int k = 0; k < nw; k++) {
        int seen = 0;
        for (int m = 0; m < k; m++)
            seen |= wc[m] == wc[k];
        if (!seen)
            d->usename[d->nuse] = want[k], wc[d->nuse++] = wc[k];
    }
    size_t n = hs_csvtab_nrows(t);
    if (n == 0) {
        hs_errs_add(e, path, hline, "no data rows after the header");
        return;
    }
    d->nrows = n;
    d->time = malloc(n * sizeof *d->time);
    d->status = malloc(n * sizeof *d->status);
    d->group = malloc(n * sizeof *d->group);
    d->strat = malloc(n * sizeof *d->strat);
    d->x = malloc(n * (HS_SURV_PMAX + 1) * sizeof *d->x);
    int *code = malloc(n * sizeof *code);
    size_t *rows = malloc(n * sizeof *rows);
    if (!d->time || !d->status || !d->group || !d->strat || !d->x || !code || !rows) {
        hs_errs_add(e, path, 0, "out of memory");
        free(code);
        free(rows);
        return;
    }
    /* complete rows */
    size_t nr = 0;
    for (size_t i = 0; i < n; i++) {
        int miss = 0;
        for (int k = 0; k < d->nuse; k++)
            if (ismissing(hs_csvtab_cell(t, i, wc[k]))) {
                d->nmiss[k]++;
                miss = 1;
            }
        if (!miss)
            rows[nr++] = i;
    }
    d->n = nr;
    d->ndrop = n - nr;
    /* times (every non-missing cell) */
    char msg[HS_ERR_LEN];
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        const char *cell = hs_csvtab_cell(t, i, ct);
        if (ismissing(cell))
            continue;
        if (hs_csvtab_num(t, i, ct, &v, msg, sizeof msg) != 0)
            errs_push(e, msg);
        else if (v < 0)
            hs_errs_add(e, path, (int)hs_csvtab_line(t, i), "column '%s': expected a time >= 0, got '%s'", o->time,
                        cell);
    }
    /* event coding over every non-missing cell */
    if (o->event_value) {
        size_t hits = 0;
        for (size_t i = 0; i < n; i++)
            hits += is_event_value(hs_csvtab_cell(t, i, ce), o->event_value) != 0;
        d->evcoding = EV_VALUE;
        if (!hits)
            hs_errs_add(e, "--event-value", 0, "no cell of column '%s' is '%s'; expected a value of the column",
                        o->event, o->event_value);
    } else {
        int only12 = 1, has2 = 0;
        for (size_t i = 0; i < n; i++) {
            const char *cell = hs_csvtab_cell(t, i, ce);
            double v;
            if (ismissing(cell))
                continue;
            if (!isnum(cell, &v) || (v != 1 && v != 2))
                only12 = 0;
            has2 |= isnum(cell, &v) && v == 2;
        }
        d->evcoding = only12 && has2 ? EV_12 : EV_01;
        if (d->evcoding == EV_01)
            for (size_t i = 0; i < n; i++) {
                const char *cell = hs_csvtab_cell(t, i, ce);
                double v;
                if (!ismissing(cell) && (!isnum(cell, &v) || (v != 0 && v != 1)))
                    hs_errs_add(e, path, (int)hs_csvtab_line(t, i),
                                "column '%s': expected an event indicator 0 or 1, got '%s' (1/2 coding, 2 = event, "
                                "needs every value 1 or 2; other codes: --event-value V)",
                                o->event, cell);
            }
    }
    /* covariate kinds over every non-missing cell */
    int cnum[MAXCOV];
    for (int j = 0; j < o->ncov; j++)
        cnum[j] = !isfac[j] && col_numeric(t, cc[j]);
    if (hs_errs_count(e))
        goto out;
    if (nr == 0) {
        char buf[HS_ERR_LEN] = "";
        size_t len = 0;
        for (int k = 0; k < d->nuse && len < sizeof buf; k++)
            if (d->nmiss[k])
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s'%s' %zu", len ? ", " : "", d->usename[k],
                                        d->nmiss[k]);
        hs_errs_add(e, path, hline, "all %zu rows have a missing value (NA, . or empty) in a column the analysis "
                    "uses (%s); expected complete rows", n, buf);
        goto out;
    }
    int nev = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t i = rows[r];
        const char *cell = hs_csvtab_cell(t, i, ce);
        double v = 0;
        isnum(hs_csvtab_cell(t, i, ct), &d->time[r]);
        if (d->evcoding == EV_VALUE)
            d->status[r] = is_event_value(cell, o->event_value);
        else {
            isnum(cell, &v);
            d->status[r] = d->evcoding == EV_12 ? v == 2 : v == 1;
        }
        nev += d->status[r];
    }
    /* group levels, control first */
    if (build_levels(t, cg, rows, nr, col_numeric(t, cg), &d->glev, code, e, "--group") != 0)
        goto out;
    int ctrl = -1;
    if (o->control) {
        double cv;
        for (int k = 0; k < d->glev.n; k++)
            if (!strcmp(d->glev.name[k], o->control) ||
                (d->glev.numeric && isnum(o->control, &cv) && cv == d->glev.val[k]))
                ctrl = k;
        if (ctrl < 0)
            hs_errs_add(e, "--control", 0, "no level '%s' in column '%s'%s", o->control, o->group,
                        d->ndrop ? " (rows with missing values dropped)" : "");
    }
    if (d->glev.n == 1)
        hs_errs_add(e, path, hline, "column '%s' has one group only ('%s')%s; expected two or more", o->group,
                    d->glev.name[0], d->ndrop ? " in the complete rows" : "");
    if (d->glev.n > HS_SURV_GMAX)
        hs_errs_add(e, path, hline, "column '%s' has %d groups; at most %d", o->group, d->glev.n, HS_SURV_GMAX);
    if (nev == 0 && !hs_errs_count(e))
        hs_errs_add(e, path, hline, "column '%s': no events%s; nothing to analyse", o->event,
                    d->evcoding == EV_12 ? " (all 1, with 1/2 coding)" : d->evcoding == EV_VALUE ? "" : " (all 0)");
    if (d->glev.n > HS_SURV_GMAX || d->glev.n < 1)
        goto out;
    int g2int[MAXLEV];
    {
        int next = 0;
        if (ctrl >= 0) {
            g2int[ctrl] = next;
            d->gorder[next++] = ctrl;
        }
        for (int r = 0; r < d->glev.n; r++)
            for (int k = 0; k < d->glev.n; k++)
                if (d->glev.rank[k] == r && k != ctrl) {
                    g2int[k] = next;
                    d->gorder[next++] = k;
                }
    }
    for (size_t r = 0; r < nr; r++)
        d->group[r] = g2int[code[r]];
    d->ngroup = d->glev.n;
    d->nstrata = 1;
    for (size_t r = 0; r < nr; r++)
        d->strat[r] = 0;
    if (o->strata) {
        if (build_levels(t, cs, rows, nr, col_numeric(t, cs), &d->slev, code, e, "--strata") != 0)
            goto out;
        d->nstrata = d->slev.n;
        for (size_t r = 0; r < nr; r++)
            d->strat[r] = d->slev.rank[code[r]];
    }
    /* Cox term names: group levels against control, then covariates */
    int p = 0;
    for (int k = 1; k < d->ngroup && k <= HS_SURV_PMAX; k++)
        snprintf(d->termname[p++], sizeof d->termname[0], "%s=%s", o->group, d->glev.name[d->gorder[k]]);
    int ncol = 0;
    for (int j = 0; j < o->ncov; j++) {
        levels lv;
        if (!cnum[j] && build_levels(t, cc[j], rows, nr, !isfac[j] ? 0 : col_numeric(t, cc[j]), &lv, code, e,
                                     isfac[j] ? "--factor" : "--covariate") != 0)
            continue;
        int need = cnum[j] ? 1 : lv.n - 1;
        if (p + need > HS_SURV_PMAX) {
            hs_errs_add(e, "--covariate", 0, "too many Cox terms (at most %d)", HS_SURV_PMAX);
            break;
        }
        if (cnum[j]) {
            snprintf(d->termname[p++], sizeof d->termname[0], "%s", o->cov[j]);
            ncol++;
        } else {
            for (int r = 1; r < lv.n; r++)
                for (int k = 0; k < lv.n; k++)
                    if (lv.rank[k] == r)
                        snprintf(d->termname[p++], sizeof d->termname[0], "%s=%s", o->cov[j], lv.name[k]);
            ncol += lv.n - 1;
        }
    }
    d->p = ncol;
    if (hs_errs_count(e))
        goto out;
    /* second pass: fill covariate values */
    int col = 0;
    for (int j = 0; j < o->ncov; j++) {
        if (cnum[j]) {
            for (size_t r = 0; r < nr; r++)
                isnum(hs_csvtab_cell(t, rows[r], cc[j]), &d->x[r * (size_t)ncol + (size_t)col]);
            col++;
        } else {
            levels lv;
            build_levels(t, cc[j], rows, nr, isfac[j] && col_numeric(t, cc[j]), &lv, code, e, "--covariate");
            for (int r = 1; r < lv.n; r++, col++)
                for (size_t i = 0; i < nr; i++)
                    d->x[i * (size_t)ncol + (size_t)col] = lv.rank[code[i]] == r;
        }
    }
out:
    free(code);
    free(rows);
}
static int write_json(const char *out, json_t *root)
{
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    if (!s)
        return -1;
    size_t len = strlen(s);
    char *s2 = realloc(s, len + 2);
    if (!s2) {
        free(s);
        return -1;
    }
    s2[len] = '\n';
    s2[len + 1] = '\0';
    int rc = hs_output_write_file(out, s2, len + 1);
    free(s2);
    return rc;
}

int hs_analyze_main(int argc, char **argv)
{
    hs_errs *e = malloc(sizeof *e);
    if (!e)
        return 1;
    hs_errs_init(e);
    opts o;
    if (parse_args(argc, argv, &o, e) == 1) {
        usage(stdout);
        free(e);
        return 0;
    }
    if (hs_errs_count(e)) {
        hs_errs_print(e, stderr);
        fprintf(stderr, "usage: hifusim analyze FILE.csv --time COL --event COL --group COL [options]; "
                        "see hifusim analyze --help\n");
        free(e);
        return 2;
    }
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(o.file, &t, errs_push, e) != 0) {
        hs_errs_print(e, stderr);
        free(e);
        return 2;
    }
    data d;
    memset(&d, 0, sizeof d);
    load_data(t, &o, &d, e);
    if (hs_errs_count(e)) {
        hs_errs_print(e, stderr);
        data_free(&d);
        hs_csvtab_free(t);
        free(e);
        return 2;
    }
    const int n = (int)d.n;
    hs_survdata *w = hs_survdata_alloc(n, d.ngroup, d.nstrata, d.p);
    if (!w || hs_survdata_load(w, n, d.time, d.status, d.group, d.ngroup, o.strata ? d.strat : NULL, d.nstrata,
                               d.p ? d.x : NULL, d.p) != HS_SURV_OK) {
        fprintf(stderr, "%s: cannot set up the analysis (out of memory or too many terms)\n", o.file);
        hs_survdata_free(w);
        data_free(&d);
        hs_csvtab_free(t);
        free(e);
        return 1;
    }
    double tau = o.tau;
    if (!(tau > 0)) {
        tau = INFINITY;
        for (int g = 0; g < d.ngroup; g++) {
            double mx = 0;
            for (int i = 0; i < n; i++)
                if (d.group[i] == g && d.time[i] > mx)
                    mx = d.time[i];
            if (mx < tau)
                tau = mx;
        }
    }
    hs_km_summary km[HS_SURV_GMAX];
    for (int g = 0; g < d.ngroup; g++)
        hs_km_group(w, g, tau, NULL, 0, NULL, &km[g]);
    hs_logrank_result lr;
    hs_logrank_run(w, 0, 0, &lr);
    hs_cox_result cx;
    hs_cox_fit(w, o.ties, &cx);

    printf("%s: %d patients, %d events, %d groups%s%s\n", o.file, n, w->nevents, d.ngroup,
           o.strata ? ", strata: " : "", o.strata ? o.strata : "");
    char evc[200];
    if (d.evcoding == EV_VALUE)
        snprintf(evc, sizeof evc, "%s == %s", o.event, o.event_value);
    else
        snprintf(evc, sizeof evc, "%s", d.evcoding == EV_12 ? "1/2 (2 = event)" : "0/1 (1 = event)");
    printf("events: %s%s; times in %s\n", evc, d.evcoding == EV_VALUE ? " (other values censored)" : "", o.unit);
    if (d.ndrop) {
        printf("%zu rows dropped for missing values (of %zu):", d.ndrop, d.nrows);
        for (int k = 0, first = 1; k < d.nuse; k++)
            if (d.nmiss[k]) {
                printf("%s %s %zu", first ? "" : ",", d.usename[k], d.nmiss[k]);
                first = 0;
            }
        printf("\n");
    }
    printf("\n");
    printf("%-16s %6s %6s %9s %9s %9s %10s %8s\n", o.group, "n", "events", "median", "lcl95", "ucl95", "RMST", "se");
    for (int g = 0; g < d.ngroup; g++)
        printf("%-16s %6d %6d %9.3f %9.3f %9.3f %10.4f %8.4f\n", d.glev.name[d.gorder[g]], km[g].n, km[g].events,
               km[g].median, km[g].median_lcl, km[g].median_ucl, km[g].rmst, km[g].rmst_se);
    printf("(times in %s; median NaN = not reached; RMST to tau = %g %s)\n\n", o.unit, tau, o.unit);
    printf("log-rank%s: chisq = %.4f, df = %d, p = %.4g\n\n", o.strata ? " (stratified)" : "", lr.chisq, lr.df,
           lr.p);
    printf("Cox PH (%s ties%s): %s\n", o.ties == HS_COX_EFRON ? "Efron" : "Breslow",
           o.strata ? ", stratified" : "", cox_status_name(cx.status));
    printf("%-24s %10s %9s %9s %9s %9s %10s\n", "term", "coef", "se", "HR", "lcl95", "ucl95", "p");
    for (int j = 0; j < cx.p; j++)
        printf("%-24s %10.5f %9.5f %9.4f %9.4f %9.4f %10.4g%s\n", d.termname[j], cx.beta[j], cx.se[j], cx.hr[j],
               cx.hr_lcl[j], cx.hr_ucl[j], cx.pval[j], cx.infinite[j] ? "  (infinite)" : "");
    printf("likelihood ratio = %.4f, Wald = %.4f, score = %.4f on %d df\n", cx.lr, cx.wald, cx.score, cx.p);

    int rc = 0;
    if (o.json) {
        json_t *root = json_object();
        json_object_set_new(root, "file", json_string(o.file));
        json_object_set_new(root, "n", json_integer(n));
        json_object_set_new(root, "n_rows", json_integer((json_int_t)d.nrows));
        json_object_set_new(root, "n_dropped_missing", json_integer((json_int_t)d.ndrop));
        json_t *jm = json_object();
        for (int k = 0; k < d.nuse; k++)
            json_object_set_new(jm, d.usename[k], json_integer((json_int_t)d.nmiss[k]));
        json_object_set_new(root, "missing_by_column", jm);
        json_object_set_new(root, "event_coding", json_string(evc));
        json_object_set_new(root, "time_unit", json_string(o.unit));
        json_object_set_new(root, "events", json_integer(w->nevents));
        json_object_set_new(root, "tau", json_real(tau));
        json_t *jl = json_object();
        json_object_set_new(jl, "chisq", jnum(lr.chisq));
        json_object_set_new(jl, "df", json_integer(lr.df));
        json_object_set_new(jl, "p", jnum(lr.p));
        json_object_set_new(jl, "stratified", json_boolean(o.strata != NULL));
        json_object_set_new(root, "logrank", jl);
        json_t *jc = json_object(), *nm = json_array(), *co = json_array(), *se = json_array(), *hr = json_array(),
               *lc = json_array(), *uc = json_array(), *pv = json_array();
        for (int j = 0; j < cx.p; j++) {
            json_array_append_new(nm, json_string(d.termname[j]));
            json_array_append_new(co, jnum(cx.beta[j]));
            json_array_append_new(se, jnum(cx.se[j]));
            json_array_append_new(hr, jnum(cx.hr[j]));
            json_array_append_new(lc, jnum(cx.hr_lcl[j]));
            json_array_append_new(uc, jnum(cx.hr_ucl[j]));
            json_array_append_new(pv, jnum(cx.pval[j]));
        }
        json_object_set_new(jc, "names", nm);
        json_object_set_new(jc, "coef", co);
        json_object_set_new(jc, "se", se);
        json_object_set_new(jc, "hr", hr);
        json_object_set_new(jc, "hr_lcl", lc);
        json_object_set_new(jc, "hr_ucl", uc);
        json_object_set_new(jc, "p", pv);
        json_object_set_new(jc, "status", json_string(cox_status_name(cx.status)));
        json_object_set_new(jc, "ties", json_string(o.ties == HS_COX_EFRON ? "efron" : "breslow"));
        json_object_set_new(jc, "loglik", jnum(cx.loglik));
        json_object_set_new(jc, "lr", jnum(cx.lr));
        json_object_set_new(jc, "wald", jnum(cx.wald));
        json_object_set_new(jc, "score", jnum(cx.score));
        json_object_set_new(root, "cox", jc);
        json_t *jk = json_object();
        for (int g = 0; g < d.ngroup; g++) {
            json_t *o1 = json_object();
            json_object_set_new(o1, "n", json_integer(km[g].n));
            json_object_set_new(o1, "events", json_integer(km[g].events));
            json_object_set_new(o1, "median", jnum(km[g].median));
            json_object_set_new(o1, "median_lcl", jnum(km[g].median_lcl));
            json_object_set_new(o1, "median_ucl", jnum(km[g].median_ucl));
            json_object_set_new(o1, "rmst", jnum(km[g].rmst));
            json_object_set_new(o1, "rmst_se", jnum(km[g].rmst_se));
            json_object_set_new(jk, d.glev.name[d.gorder[g]], o1);
        }
        json_object_set_new(root, "km", jk);
        if (write_json(o.json, root) != 0) {
            fprintf(stderr, "%s: cannot write: %s\n", o.json, strerror(errno));
            rc = 1;
        }
        json_decref(root);
    }
    hs_survdata_free(w);
    data_free(&d);
    hs_csvtab_free(t);
    free(e);
    return rc;
}
