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

#include "analyze_gsd.h"
#include "analyze_tests.h"
#include "cox.h"
#include "errs.h"
#include "fileio.h"
#include "km.h"
#include "logrank.h"
#include "output.h"
#include "patients.h"
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
    int gsd_cox;       /* --gsd-test cox: the Cox z against the bounds, else log-rank */
    const char *gsd_test;
    hs_analyze_gsd_args gsd;  /* --looks and the group-sequential options */
    hs_analyze_gsd_plan plan; /* what they describe (plan.on when --looks) */
    int ntest;                /* --test options given (only the first HS_ATEST_MAX kept) */
    const char *test_text[HS_ATEST_MAX];
    hs_testspec test[HS_ATEST_MAX];
} opts;

enum { EV_01, EV_12, EV_VALUE };

static void usage(FILE *f)
{
    fprintf(f, "usage: hifusim analyze FILE.csv --time COL --event COL --group COL [--strata COL]\n"
               "         [--covariate COL]... [--factor COL]... [--control LEVEL] [--tau T]\n"
               "         [--ties efron|breslow] [--event-value V] [--time-unit days|weeks|months|years]\n"
               "         [--looks info:F,...|events:E,... --final-events K [--efficacy asof]\n"
               "          [--futility none] [--futility-binding no|yes] [--beta 0.2] [--alpha 0.025]\n"
               "          [--sides 1|2] [--gsd-test logrank|cox]] [--test SPEC]... [--json OUT]\n"
               "  Kaplan-Meier per group (median, 95%% CI, RMST to T), log-rank (stratified with\n"
               "  --strata) and Cox PH (group first, reference = first sorted level or --control).\n"
               "  Cells NA, . and empty are missing: rows missing a used column are dropped.\n"
               "  Events: 0/1 (1 = event), 1/2 as R's Surv() (2 = event), or --event-value V.\n"
               "  Numeric covariates are linear terms; --factor COL makes one categorical.\n"
               "  --looks: the data analysed at a look of a group-sequential design (keys as in\n"
               "  [design]); the data's events D are the current look's, at t = D / K; prints\n"
               "  every look's bounds and whether the log-rank (or --gsd-test cox: the Cox Wald)\n"
               "  z crosses one.\n"
               "  --test SPEC (repeatable; two groups): logrank, cox, fh:RHO,GAMMA, mwlr:TSTAR,\n"
               "  maxcombo[:R1,G1+R2,G2+...], rmst[:TAU] (default --tau, else the smaller of the\n"
               "  groups' last times), milestone:T; prints z (> 0: the experimental group does\n"
               "  better), p two-sided and one-sided. rmst and milestone are unstratified.\n");
}

static int isnum(const char *s, double *x) { return hs_patients_isnum(s, x); }
static int ismissing(const char *s) { return hs_patients_ismissing(s); }

/* Collect the distinct values of column c over the nr table rows rows[] into
 * lv (numeric: values equal as numbers are one level) and code each in
 * code[0..nr-1]. The rows have no missing cell in c. */
static int build_levels(const hs_patients *t, const hs_pcol *c, const size_t *rows, size_t nr, int numeric,
                        levels *lv, int *code, hs_errs *e, const char *opt)
{
    lv->n = 0;
    lv->numeric = numeric;
    for (size_t r = 0; r < nr; r++) {
        const char *v = c->text[rows[r]];
        double x = numeric ? c->num[rows[r]] : 0;
        int k;
        for (k = 0; k < lv->n; k++)
            if (numeric ? lv->val[k] == x : !strcmp(lv->name[k], v))
                break;
        if (k == lv->n) {
            if (lv->n == MAXLEV) {
                hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, rows[r]),
                            "column '%s' (%s): more than %d distinct values; expected at most that many levels",
                            c->name, opt, MAXLEV);
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
        {"looks", required_argument, NULL, 'L'},     {"final-events", required_argument, NULL, 'K'},
        {"efficacy", required_argument, NULL, 'E'},  {"futility", required_argument, NULL, 'F'},
        {"futility-binding", required_argument, NULL, 'B'}, {"beta", required_argument, NULL, 'b'},
        {"alpha", required_argument, NULL, 'a'},     {"sides", required_argument, NULL, 'S'},
        {"gsd-test", required_argument, NULL, 'G'},  {"test", required_argument, NULL, 'Q'},
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
        case 'L': o->gsd.looks = optarg; break;
        case 'K': o->gsd.final_events = optarg; break;
        case 'E': o->gsd.efficacy = optarg; break;
        case 'F': o->gsd.futility = optarg; break;
        case 'B': o->gsd.binding = optarg; break;
        case 'b': o->gsd.beta = optarg; break;
        case 'a': o->gsd.alpha = optarg; break;
        case 'S': o->gsd.sides = optarg; break;
        case 'G':
            o->gsd_test = optarg;
            if (!strcmp(optarg, "cox"))
                o->gsd_cox = 1;
            else if (strcmp(optarg, "logrank") != 0)
                hs_errs_add(e, "--gsd-test", 0, "'%s'; expected logrank or cox", optarg);
            break;
        case 'Q':
            if (o->ntest < HS_ATEST_MAX)
                o->test_text[o->ntest] = optarg;
            o->ntest++;
            break;
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
    hs_analyze_gsd_parse(&o->gsd, &o->plan, e);
    hs_analyze_tests_parse(o->test_text, o->ntest, o->test, e);
    if (o->gsd_test && !o->gsd.looks)
        hs_errs_add(e, "--gsd-test", 0, "'%s' without --looks; expected --looks with it", o->gsd_test);
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

/* The columns the analysis uses, and the complete rows. */
typedef struct cols {
    const hs_pcol *time, *event, *group, *strata;
    const hs_pcol *cov[MAXCOV];
    int isfac[MAXCOV], cnum[MAXCOV];
    const hs_pcol *use[MAXUSE]; /* distinct used columns (d->nuse) */
    size_t *rows;               /* complete rows (d->n) */
    int *code;                  /* level codes by complete row (scratch) */
} cols;

/* Look up every used column (errors name each one missing from the header)
 * and the distinct ones for the missing-value count. */
static int find_columns(hs_patients *t, const opts *o, data *d, cols *k, hs_errs *e)
{
    const char *path = hs_patients_path(t);
    const int hline = (int)hs_patients_line(t, (size_t)-1);
    const char *want[MAXUSE];
    const hs_pcol **slot[MAXUSE];
    int nw = 0, nomem = 0;
    want[nw] = o->time, slot[nw++] = &k->time;
    want[nw] = o->event, slot[nw++] = &k->event;
    want[nw] = o->group, slot[nw++] = &k->group;
    if (o->strata)
        want[nw] = o->strata, slot[nw++] = &k->strata;
    for (int j = 0; j < o->ncov; j++) {
        want[nw] = o->cov[j], slot[nw++] = &k->cov[j];
        k->isfac[j] = 0;
        for (int f = 0; f < o->nfactor; f++)
            k->isfac[j] |= !strcmp(o->factor[f], o->cov[j]);
    }
    for (int w = 0; w < nw; w++) {
        *slot[w] = hs_patients_col(t, want[w], &nomem);
        if (!*slot[w] && !nomem)
            hs_errs_add(e, path, hline, "no column named '%s' in the header", want[w]);
    }
    if (nomem)
        hs_errs_add(e, path, 0, "out of memory");
    if (hs_errs_count(e))
        return -1;
    d->nuse = 0;
    for (int w = 0; w < nw; w++) {
        int seen = 0;
        for (int m = 0; m < w; m++)
            seen |= *slot[m] == *slot[w];
        if (!seen)
            d->usename[d->nuse] = want[w], k->use[d->nuse++] = *slot[w];
    }
    return 0;
}

/* Every non-missing time must be a number >= 0. */
static void check_times(const hs_patients *t, const opts *o, const hs_pcol *c, hs_errs *e)
{
    size_t n = hs_patients_nrows(t);
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        if (c->miss[i])
            continue;
        if (hs_patients_need_num(t, c, i, &v, e) == 0 && v < 0)
            hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, i),
                        "column '%s': expected a time >= 0, got '%s'", o->time, c->text[i]);
    }
}

/* Decide the event coding over every non-missing cell of the event column. */
static void event_coding(const hs_patients *t, const opts *o, const hs_pcol *c, data *d, hs_errs *e)
{
    size_t n = hs_patients_nrows(t);
    if (o->event_value) {
        size_t hits = 0;
        for (size_t i = 0; i < n; i++)
            hits += is_event_value(c->text[i], o->event_value) != 0;
        d->evcoding = EV_VALUE;
        if (!hits)
            hs_errs_add(e, "--event-value", 0, "no cell of column '%s' is '%s'; expected a value of the column",
                        o->event, o->event_value);
        return;
    }
    int only12 = 1, has2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (c->miss[i])
            continue;
        double v = c->num[i];
        if (isnan(v) || (v != 1 && v != 2))
            only12 = 0;
        has2 |= v == 2;
    }
    d->evcoding = only12 && has2 ? EV_12 : EV_01;
    if (d->evcoding == EV_01)
        for (size_t i = 0; i < n; i++) {
            double v = c->num[i];
            if (!c->miss[i] && (isnan(v) || (v != 0 && v != 1)))
                hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, i),
                            "column '%s': expected an event indicator 0 or 1, got '%s' (1/2 coding, 2 = event, "
                            "needs every value 1 or 2; other codes: --event-value V)",
                            o->event, c->text[i]);
        }
}

/* Group levels (control first) and strata of the complete rows. */
static int code_groups(const hs_patients *t, const opts *o, data *d, cols *k, int nev, hs_errs *e)
{
    const char *path = hs_patients_path(t);
    const int hline = (int)hs_patients_line(t, (size_t)-1);
    const size_t nr = d->n;
    if (build_levels(t, k->group, k->rows, nr, k->group->numeric, &d->glev, k->code, e, "--group") != 0)
        return -1;
    int ctrl = -1;
    if (o->control) {
        double cv;
        for (int g = 0; g < d->glev.n; g++)
            if (!strcmp(d->glev.name[g], o->control) ||
                (d->glev.numeric && isnum(o->control, &cv) && cv == d->glev.val[g]))
                ctrl = g;
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
        return -1;
    int g2int[MAXLEV], next = 0;
    if (ctrl >= 0) {
        g2int[ctrl] = next;
        d->gorder[next++] = ctrl;
    }
    for (int r = 0; r < d->glev.n; r++)
        for (int g = 0; g < d->glev.n; g++)
            if (d->glev.rank[g] == r && g != ctrl) {
                g2int[g] = next;
                d->gorder[next++] = g;
            }
    for (size_t r = 0; r < nr; r++)
        d->group[r] = g2int[k->code[r]];
    d->ngroup = d->glev.n;
    d->nstrata = 1;
    for (size_t r = 0; r < nr; r++)
        d->strat[r] = 0;
    if (o->strata) {
        if (build_levels(t, k->strata, k->rows, nr, k->strata->numeric, &d->slev, k->code, e, "--strata") != 0)
            return -1;
        d->nstrata = d->slev.n;
        for (size_t r = 0; r < nr; r++)
            d->strat[r] = d->slev.rank[k->code[r]];
    }
    return 0;
}

/* Cox term names (group levels against control, then covariates), then the
 * covariate values of the complete rows. */
static void code_covariates(const hs_patients *t, const opts *o, data *d, cols *k, hs_errs *e)
{
    const size_t nr = d->n;
    int p = 0;
    for (int g = 1; g < d->ngroup && g <= HS_SURV_PMAX; g++)
        snprintf(d->termname[p++], sizeof d->termname[0], "%s=%s", o->group, d->glev.name[d->gorder[g]]);
    int ncol = 0;
    for (int j = 0; j < o->ncov; j++) {
        levels lv;
        if (!k->cnum[j] && build_levels(t, k->cov[j], k->rows, nr, !k->isfac[j] ? 0 : k->cov[j]->numeric, &lv,
                                        k->code, e, k->isfac[j] ? "--factor" : "--covariate") != 0)
            continue;
        int need = k->cnum[j] ? 1 : lv.n - 1;
        if (p + need > HS_SURV_PMAX) {
            hs_errs_add(e, "--covariate", 0, "too many Cox terms (at most %d)", HS_SURV_PMAX);
            break;
        }
        if (k->cnum[j]) {
            snprintf(d->termname[p++], sizeof d->termname[0], "%s", o->cov[j]);
            ncol++;
        } else {
            for (int r = 1; r < lv.n; r++)
                for (int l = 0; l < lv.n; l++)
                    if (lv.rank[l] == r)
                        snprintf(d->termname[p++], sizeof d->termname[0], "%s=%s", o->cov[j], lv.name[l]);
            ncol += lv.n - 1;
        }
    }
    d->p = ncol;
    if (hs_errs_count(e))
        return;
    int col = 0;
    for (int j = 0; j < o->ncov; j++) {
        if (k->cnum[j]) {
            for (size_t r = 0; r < nr; r++)
                d->x[r * (size_t)ncol + (size_t)col] = k->cov[j]->num[k->rows[r]];
            col++;
        } else {
            levels lv;
            build_levels(t, k->cov[j], k->rows, nr, k->isfac[j] && k->cov[j]->numeric, &lv, k->code, e,
                         "--covariate");
            for (int r = 1; r < lv.n; r++, col++)
                for (size_t i = 0; i < nr; i++)
                    d->x[i * (size_t)ncol + (size_t)col] = lv.rank[k->code[i]] == r;
        }
    }
}

/* The error when no row is complete: the missing count of each used column. */
static void no_complete_rows(const hs_patients *t, const data *d, hs_errs *e)
{
    char buf[HS_ERR_LEN] = "";
    size_t len = 0;
    for (int k = 0; k < d->nuse && len < sizeof buf; k++)
        if (d->nmiss[k])
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s'%s' %zu", len ? ", " : "", d->usename[k],
                                    d->nmiss[k]);
    hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, (size_t)-1),
                "all %zu rows have a missing value (NA, . or empty) in a column the analysis "
                "uses (%s); expected complete rows",
                d->nrows, buf);
}

/* Validate and code the table into d. Errors go to e. */
static void load_data(hs_patients *t, const opts *o, data *d, hs_errs *e)
{
    cols k;
    memset(&k, 0, sizeof k);
    if (find_columns(t, o, d, &k, e) != 0)
        return;
    size_t n = hs_patients_nrows(t);
    if (n == 0) {
        hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, (size_t)-1), "no data rows after the header");
        return;
    }
    d->nrows = n;
    d->time = malloc(n * sizeof *d->time);
    d->status = malloc(n * sizeof *d->status);
    d->group = malloc(n * sizeof *d->group);
    d->strat = malloc(n * sizeof *d->strat);
    d->x = malloc(n * (HS_SURV_PMAX + 1) * sizeof *d->x);
    k.code = malloc(n * sizeof *k.code);
    k.rows = malloc(n * sizeof *k.rows);
    if (!d->time || !d->status || !d->group || !d->strat || !d->x || !k.code || !k.rows) {
        hs_errs_add(e, hs_patients_path(t), 0, "out of memory");
        goto out;
    }
    size_t nr = 0; /* complete rows */
    for (size_t i = 0; i < n; i++) {
        int miss = 0;
        for (int u = 0; u < d->nuse; u++)
            if (k.use[u]->miss[i]) {
                d->nmiss[u]++;
                miss = 1;
            }
        if (!miss)
            k.rows[nr++] = i;
    }
    d->n = nr;
    d->ndrop = n - nr;
    check_times(t, o, k.time, e);
    event_coding(t, o, k.event, d, e);
    for (int j = 0; j < o->ncov; j++)
        k.cnum[j] = !k.isfac[j] && k.cov[j]->numeric;
    if (hs_errs_count(e))
        goto out;
    if (nr == 0) {
        no_complete_rows(t, d, e);
        goto out;
    }
    int nev = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t i = k.rows[r];
        d->time[r] = k.time->num[i];
        if (d->evcoding == EV_VALUE)
            d->status[r] = is_event_value(k.event->text[i], o->event_value);
        else
            d->status[r] = d->evcoding == EV_12 ? k.event->num[i] == 2 : k.event->num[i] == 1;
        nev += d->status[r];
    }
    if (code_groups(t, o, d, &k, nev, e) == 0)
        code_covariates(t, o, d, &k, e);
out:
    free(k.code);
    free(k.rows);
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

/* What the analysis found: one Kaplan-Meier summary per group, the log-rank
   test and the Cox fit, with tau and the event-coding text they were
   printed with. */
typedef struct results {
    int n;
    int nevents;
    double tau;
    char evc[200];
    hs_km_summary km[HS_SURV_GMAX];
    hs_logrank_result lr;
    hs_cox_result cx;
    hs_analyze_gsd_result gsd; /* with --looks */
    hs_atest test[HS_ATEST_MAX]; /* --test, in the order given */
} results;

/* The RMST horizon: --tau if given, else the shortest of the groups' last
   follow-up times. */
static double default_tau(const data *d, int n, double tau)
{
    if (tau > 0)
        return tau;
    tau = INFINITY;
    for (int g = 0; g < d->ngroup; g++) {
        double mx = 0;
        for (int i = 0; i < n; i++)
            if (d->group[i] == g && d->time[i] > mx)
                mx = d->time[i];
        if (mx < tau)
            tau = mx;
    }
    return tau;
}

static void run_analyses(hs_survdata *w, const data *d, const opts *o, results *r)
{
    r->tau = default_tau(d, r->n, o->tau);
    for (int g = 0; g < d->ngroup; g++)
        hs_km_group(w, g, r->tau, NULL, 0, NULL, &r->km[g]);
    hs_logrank_run(w, 0, 0, &r->lr);
    hs_cox_fit(w, o->ties, &r->cx);
    r->nevents = w->nevents;
}

static void describe_event_coding(const data *d, const opts *o, char *evc, size_t size)
{
    if (d->evcoding == EV_VALUE)
        snprintf(evc, size, "%s == %s", o->event, o->event_value);
    else
        snprintf(evc, size, "%s", d->evcoding == EV_12 ? "1/2 (2 = event)" : "0/1 (1 = event)");
}

static void print_header(const data *d, const opts *o, const results *r)
{
    printf("%s: %d patients, %d events, %d groups%s%s\n", o->file, r->n, r->nevents, d->ngroup,
           o->strata ? ", strata: " : "", o->strata ? o->strata : "");
    printf("events: %s%s; times in %s\n", r->evc, d->evcoding == EV_VALUE ? " (other values censored)" : "", o->unit);
    if (d->ndrop) {
        printf("%zu rows dropped for missing values (of %zu):", d->ndrop, d->nrows);
        for (int k = 0, first = 1; k < d->nuse; k++)
            if (d->nmiss[k]) {
                printf("%s %s %zu", first ? "" : ",", d->usename[k], d->nmiss[k]);
                first = 0;
            }
        printf("\n");
    }
    printf("\n");
}

static void print_km_table(const data *d, const opts *o, const results *r)
{
    const hs_km_summary *km = r->km;
    printf("%-16s %6s %6s %9s %9s %9s %10s %8s\n", o->group, "n", "events", "median", "lcl95", "ucl95", "RMST", "se");
    for (int g = 0; g < d->ngroup; g++)
        printf("%-16s %6d %6d %9.3f %9.3f %9.3f %10.4f %8.4f\n", d->glev.name[d->gorder[g]], km[g].n, km[g].events,
               km[g].median, km[g].median_lcl, km[g].median_ucl, km[g].rmst, km[g].rmst_se);
    printf("(times in %s; median NaN = not reached; RMST to tau = %g %s)\n\n", o->unit, r->tau, o->unit);
}

static void print_tests(const data *d, const opts *o, const results *r)
{
    const hs_cox_result *cx = &r->cx;
    printf("log-rank%s: chisq = %.4f, df = %d, p = %.4g\n\n", o->strata ? " (stratified)" : "", r->lr.chisq,
           r->lr.df, r->lr.p);
    printf("Cox PH (%s ties%s): %s\n", o->ties == HS_COX_EFRON ? "Efron" : "Breslow",
           o->strata ? ", stratified" : "", cox_status_name(cx->status));
    printf("%-24s %10s %9s %9s %9s %9s %10s\n", "term", "coef", "se", "HR", "lcl95", "ucl95", "p");
    for (int j = 0; j < cx->p; j++)
        printf("%-24s %10.5f %9.5f %9.4f %9.4f %9.4f %10.4g%s\n", d->termname[j], cx->beta[j], cx->se[j],
               cx->hr[j], cx->hr_lcl[j], cx->hr_ucl[j], cx->pval[j], cx->infinite[j] ? "  (infinite)" : "");
    printf("likelihood ratio = %.4f, Wald = %.4f, score = %.4f on %d df\n", cx->lr, cx->wald, cx->score, cx->p);
}

static json_t *json_logrank(const opts *o, const hs_logrank_result *lr)
{
    json_t *jl = json_object();
    json_object_set_new(jl, "chisq", jnum(lr->chisq));
    json_object_set_new(jl, "df", json_integer(lr->df));
    json_object_set_new(jl, "p", jnum(lr->p));
    json_object_set_new(jl, "stratified", json_boolean(o->strata != NULL));
    return jl;
}

static json_t *json_cox(const data *d, const opts *o, const hs_cox_result *cx)
{
    json_t *jc = json_object(), *nm = json_array(), *co = json_array(), *se = json_array(), *hr = json_array(),
           *lc = json_array(), *uc = json_array(), *pv = json_array();
    for (int j = 0; j < cx->p; j++) {
        json_array_append_new(nm, json_string(d->termname[j]));
        json_array_append_new(co, jnum(cx->beta[j]));
        json_array_append_new(se, jnum(cx->se[j]));
        json_array_append_new(hr, jnum(cx->hr[j]));
        json_array_append_new(lc, jnum(cx->hr_lcl[j]));
        json_array_append_new(uc, jnum(cx->hr_ucl[j]));
        json_array_append_new(pv, jnum(cx->pval[j]));
    }
    json_object_set_new(jc, "names", nm);
    json_object_set_new(jc, "coef", co);
    json_object_set_new(jc, "se", se);
    json_object_set_new(jc, "hr", hr);
    json_object_set_new(jc, "hr_lcl", lc);
    json_object_set_new(jc, "hr_ucl", uc);
    json_object_set_new(jc, "p", pv);
    json_object_set_new(jc, "status", json_string(cox_status_name(cx->status)));
    json_object_set_new(jc, "ties", json_string(o->ties == HS_COX_EFRON ? "efron" : "breslow"));
    json_object_set_new(jc, "loglik", jnum(cx->loglik));
    json_object_set_new(jc, "lr", jnum(cx->lr));
    json_object_set_new(jc, "wald", jnum(cx->wald));
    json_object_set_new(jc, "score", jnum(cx->score));
    return jc;
}

static json_t *json_km(const data *d, const hs_km_summary *km)
{
    json_t *jk = json_object();
    for (int g = 0; g < d->ngroup; g++) {
        json_t *o1 = json_object();
        json_object_set_new(o1, "n", json_integer(km[g].n));
        json_object_set_new(o1, "events", json_integer(km[g].events));
        json_object_set_new(o1, "median", jnum(km[g].median));
        json_object_set_new(o1, "median_lcl", jnum(km[g].median_lcl));
        json_object_set_new(o1, "median_ucl", jnum(km[g].median_ucl));
        json_object_set_new(o1, "rmst", jnum(km[g].rmst));
        json_object_set_new(o1, "rmst_se", jnum(km[g].rmst_se));
        json_object_set_new(jk, d->glev.name[d->gorder[g]], o1);
    }
    return jk;
}

/* The statistic compared with the group-sequential bounds. */
static const char *gsd_test_name(const opts *o)
{
    if (o->gsd_cox)
        return o->strata ? "stratified Cox" : "Cox";
    return o->strata ? "stratified log-rank" : "log-rank";
}

/* The Cox z of the group term, positive for a benefit of the experimental
 * group: the Wald z, or the score z when the likelihood is monotone or the
 * fit did not converge (one term only). */
static double cox_z(const hs_cox_result *cx)
{
    return cx->status == HS_COX_CONVERGED && !cx->infinite[0] && cx->se[0] > 0 ? -cx->beta[0] / cx->se[0]
                                                                             : -cx->score_z;
}

/* With --test: every test on the two groups (errors to e). */
static void run_tests(hs_survdata *w, const opts *o, results *r, hs_errs *e)
{
    hs_analyze_tests_run(w, o->test, o->ntest, o->tau, cox_z(&r->cx), r->test, e);
}

static void print_named_tests(const data *d, const opts *o, const results *r)
{
    printf("\ntests (z > 0 favours %s = %s over the control %s; p two-sided, p1 one-sided for %s):\n", o->group,
           d->glev.name[d->gorder[1]], d->glev.name[d->gorder[0]], d->glev.name[d->gorder[1]]);
    printf("%-32s %10s %11s %11s\n", "test", "z", "p", "p1");
    for (int i = 0; i < o->ntest; i++) {
        const hs_atest *a = &r->test[i];
        char name[HS_TESTSPEC_TEXT + 40];
        if (a->spec.kind == HS_TEST_RMST && isnan(a->spec.tau))
            snprintf(name, sizeof name, "rmst (tau = %g)", a->tau);
        else
            snprintf(name, sizeof name, "%s", a->spec.text);
        printf("%-32s %10.4f %11.4g %11.4g\n", name, a->z, a->p, a->p_one_sided);
        if (a->spec.kind == HS_TEST_MAXCOMBO && a->ncomp > 0) {
            printf("  components:");
            for (int c = 0; c < a->ncomp; c++)
                printf(" fh:%g,%g z = %.4f%s", a->spec.comp_rho[c], a->spec.comp_gamma[c], a->comp_z[c],
                       c + 1 < a->ncomp ? "," : "\n");
        }
        if (a->note[0])
            printf("  note: %s\n", a->note);
    }
    if (o->strata)
        printf("(logrank, fh, mwlr, maxcombo and cox stratified by %s; rmst and milestone unstratified)\n",
               o->strata);
}

static json_t *json_tests(const opts *o, const results *r)
{
    json_t *ja = json_array();
    for (int i = 0; i < o->ntest; i++) {
        const hs_atest *a = &r->test[i];
        json_t *jt = json_object();
        json_object_set_new(jt, "test", json_string(a->spec.text));
        json_object_set_new(jt, "z", jnum(a->z));
        json_object_set_new(jt, "p", jnum(a->p));
        json_object_set_new(jt, "p_one_sided", jnum(a->p_one_sided));
        if (a->spec.kind == HS_TEST_MAXCOMBO) {
            json_t *jc = json_array();
            for (int c = 0; c < a->ncomp; c++) {
                json_t *o1 = json_object();
                json_object_set_new(o1, "rho", json_real(a->spec.comp_rho[c]));
                json_object_set_new(o1, "gamma", json_real(a->spec.comp_gamma[c]));
                json_object_set_new(o1, "z", jnum(a->comp_z[c]));
                json_array_append_new(jc, o1);
            }
            json_object_set_new(jt, "components", jc);
        }
        if (a->spec.kind == HS_TEST_RMST)
            json_object_set_new(jt, "tau", jnum(a->tau));
        json_object_set_new(jt, "stratified",
                            json_boolean(o->strata && a->spec.kind != HS_TEST_RMST &&
                                         a->spec.kind != HS_TEST_MILESTONE));
        if (a->note[0])
            json_object_set_new(jt, "note", json_string(a->note));
        json_array_append_new(ja, jt);
    }
    return ja;
}

/* With --looks: the current look's bounds and decision for the design's z,
 * signed positive for a benefit of the experimental group: the log-rank z,
 * or with --gsd-test cox the Wald z of the group term (the score z when the
 * likelihood is monotone or the fit did not converge, one term only).
 * Errors (more than two groups, no z, no bounds) go to e. */
static void run_gsd(const hs_patients *t, const data *d, const opts *o, results *r, hs_errs *e)
{
    if (d->ngroup != 2) {
        hs_errs_add(e, hs_patients_path(t), (int)hs_patients_line(t, (size_t)-1),
                    "column '%s' has %d groups; --looks expected two (control and experimental)", o->group,
                    d->ngroup);
        return;
    }
    const hs_cox_result *cx = &r->cx;
    const double z = o->gsd_cox ? cox_z(cx) : -r->lr.z;
    char err[256];
    if (!isfinite(z))
        hs_errs_add(e, hs_patients_path(t), 0, "the %s z is undefined (%s); --looks expected events in both "
                    "groups%s", gsd_test_name(o), o->gsd_cox ? cox_status_name(cx->status) : "no variance",
                    o->gsd_cox ? " and a Cox fit that converges (or the group as the only term)" : "");
    else if (hs_analyze_gsd_evaluate(&o->plan, (double)r->nevents, z, &r->gsd, err, sizeof err))
        hs_errs_add(e, "--looks", 0, "no bounds at the observed %d events: %s", r->nevents, err);
}

/* Writes --json FILE; returns 0, or 1 (after saying why) if it cannot. */
static int write_results_json(const data *d, const opts *o, const results *r)
{
    json_t *root = json_object();
    json_object_set_new(root, "file", json_string(o->file));
    json_object_set_new(root, "n", json_integer(r->n));
    json_object_set_new(root, "n_rows", json_integer((json_int_t)d->nrows));
    json_object_set_new(root, "n_dropped_missing", json_integer((json_int_t)d->ndrop));
    json_t *jm = json_object();
    for (int k = 0; k < d->nuse; k++)
        json_object_set_new(jm, d->usename[k], json_integer((json_int_t)d->nmiss[k]));
    json_object_set_new(root, "missing_by_column", jm);
    json_object_set_new(root, "event_coding", json_string(r->evc));
    json_object_set_new(root, "time_unit", json_string(o->unit));
    json_object_set_new(root, "events", json_integer(r->nevents));
    json_object_set_new(root, "tau", json_real(r->tau));
    json_object_set_new(root, "logrank", json_logrank(o, &r->lr));
    json_object_set_new(root, "cox", json_cox(d, o, &r->cx));
    json_object_set_new(root, "km", json_km(d, r->km));
    if (o->plan.on)
        json_object_set_new(root, "gsd", hs_analyze_gsd_json(&o->plan, &r->gsd, gsd_test_name(o)));
    if (o->ntest)
        json_object_set_new(root, "tests", json_tests(o, r));
    int rc = 0;
    if (write_json(o->json, root) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", o->json, strerror(errno));
        rc = 1;
    }
    json_decref(root);
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
    hs_patients *t = NULL;
    if (hs_patients_read(o.file, &t, e) != 0) {
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
        hs_patients_free(t);
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
        hs_patients_free(t);
        free(e);
        return 1;
    }
    results r;
    memset(&r, 0, sizeof r);
    r.n = n;
    run_analyses(w, &d, &o, &r);
    if (o.plan.on)
        run_gsd(t, &d, &o, &r, e);
    if (o.ntest)
        run_tests(w, &o, &r, e);
    if (hs_errs_count(e)) {
        hs_errs_print(e, stderr);
        hs_survdata_free(w);
        data_free(&d);
        hs_patients_free(t);
        free(e);
        return 2;
    }
    describe_event_coding(&d, &o, r.evc, sizeof r.evc);
    print_header(&d, &o, &r);
    print_km_table(&d, &o, &r);
    print_tests(&d, &o, &r);
    if (o.ntest)
        print_named_tests(&d, &o, &r);
    if (o.plan.on)
        hs_analyze_gsd_print(stdout, &o.plan, &r.gsd, gsd_test_name(&o));
    const int rc = o.json ? write_results_json(&d, &o, &r) : 0;
    hs_survdata_free(w);
    data_free(&d);
    hs_patients_free(t);
    free(e);
    return rc;
}
