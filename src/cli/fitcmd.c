/* fitcmd.c — `hifusim fit`: parse options, read inputs, call fit.c /
 * calib.c / guyot.c, print the results and write model files (INI, see
 * design.md "File formats"), JSON and reconstructed patient data.
 * All input errors are collected and printed together; exit 2 then, and no
 * file is written. */
#include "fitcmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfgval.h"
#include "fileio.h"
#include "fit_int.h"
#include "output.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: hifusim fit --ipd FILE.csv --time COL --event COL [--covariate COL[:factor]]...\n"
            "                   --family F|all [--form ph|aft] [--cuts 0,T1,...] --out MODEL.ini [--json OUT]\n"
            "       hifusim fit --landmarks T:S,... [--median M] --family F [--cuts 0,T1,...]\n"
            "                   [--cohort CONFIG --effect COV.LEVEL=X ...]\n"
            "                   [--n N [--n-at-risk T:N,...] [--n-source TEXT]] --out MODEL.ini\n"
            "       hifusim fit --reconstruct POINTS.csv --at-risk RISK.csv [--events N] --out-ipd IPD.csv\n"
            "                   [--family F --out MODEL.ini]\n"
            "families: exponential weibull gompertz loglogistic lognormal piecewise (all: --ipd only)\n"
            "  --form ph|aft     effect form (default ph; aft for loglogistic, lognormal)\n"
            "  --cuts LIST       piecewise cut points in months, starting at 0\n"
            "                    (landmarks default: 0 and every target time but the last)\n"
            "  --covariate COL   numeric if every cell is a number, else levels against the\n"
            "                    alphabetically first; COL:factor forces levels\n"
            "  --cohort CONFIG   average over CONFIG's [cohort] mix (covariates independent)\n"
            "  --effect K=X      fixed effect COV.LEVEL = X (log HR for ph, log time ratio for aft)\n"
            "  --source TEXT     provenance source line\n"
            "  --n N             landmarks: the published cohort size; writes [covariance] (the\n"
            "                    landmarks' binomial variances S(1-S)/N through the calibration)\n"
            "  --n-at-risk T:N,. numbers at risk at landmark times: Peto's S^2(1-S)/n there\n"
            "  --n-source TEXT   provenance of N\n"
            "POINTS.csv columns time,survival; RISK.csv columns time,nrisk; IPD.csv: time,event.\n");
}

/* ---------- small helpers ---------- */

int hs_fitcmd_num(const char *s, double *x)
{
    return hs_cfgval_double(s, x) == HS_CFGVAL_OK ? 0 : -1;
}

static int parse_list(const char *s, double *v, int max)
{
    char buf[1024], *tok[HS_PIECES_MAX + 1];
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    int n = hs_cfgval_split(buf, ',', tok, max);
    if (n < 1)
        return -1;
    for (int i = 0; i < n; i++)
        if (hs_fitcmd_num(tok[i], &v[i]) != 0)
            return -1;
    return n;
}

void hs_fitcmd_today(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(buf, n, "%Y-%m-%d", &tmv);
}

int hs_fitcmd_default_form(hs_family f)
{
    return (int)hs_hazard_family_info_of(f)->effect;
}

/* The forms a model file accepts (the family table). */
int hs_fitcmd_form_ok(hs_family f, hs_effect e)
{
    const hs_family_info *fi = hs_hazard_family_info_of(f);
    return e == HS_EFFECT_PH ? fi->ph_ok : fi->aft_ok;
}

/* Write text atomically; returns 0 or prints the failure and returns -1. */
int hs_fitcmd_commit(const char *path, char *text, size_t len)
{
    if (hs_output_write_file(path, text, len) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

/* ---------- main ---------- */

typedef struct fitreq {
    int all, fam_given, form_given;
    hs_family fam;
    hs_effect form;
    double cuts[HS_PIECES_MAX];
    int ncuts;
} fitreq;

/* Read the options into o (errors to errs); 1 for --help, else 0. */
static int parse_opts(int argc, char **argv, opts *o, hs_errs *errs)
{
    enum {
        O_IPD = 256, O_TIME, O_EVENT, O_COV, O_FAMILY, O_FORM, O_CUTS, O_OUT, O_JSON, O_LM,
        O_MEDIAN, O_COHORT, O_EFFECT, O_RECON, O_ATRISK, O_EVENTS, O_OUTIPD, O_SOURCE, O_HELP,
        O_N, O_NRISK, O_NSOURCE
    };
    static const struct option lo[] = {
        {"ipd", required_argument, NULL, O_IPD},       {"time", required_argument, NULL, O_TIME},
        {"event", required_argument, NULL, O_EVENT},   {"covariate", required_argument, NULL, O_COV},
        {"family", required_argument, NULL, O_FAMILY}, {"form", required_argument, NULL, O_FORM},
        {"cuts", required_argument, NULL, O_CUTS},     {"out", required_argument, NULL, O_OUT},
        {"json", required_argument, NULL, O_JSON},     {"landmarks", required_argument, NULL, O_LM},
        {"median", required_argument, NULL, O_MEDIAN}, {"cohort", required_argument, NULL, O_COHORT},
        {"effect", required_argument, NULL, O_EFFECT}, {"reconstruct", required_argument, NULL, O_RECON},
        {"at-risk", required_argument, NULL, O_ATRISK}, {"events", required_argument, NULL, O_EVENTS},
        {"out-ipd", required_argument, NULL, O_OUTIPD}, {"source", required_argument, NULL, O_SOURCE},
        {"n", required_argument, NULL, O_N},           {"n-at-risk", required_argument, NULL, O_NRISK},
        {"n-source", required_argument, NULL, O_NSOURCE},
        {"help", no_argument, NULL, O_HELP},           {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case O_IPD: o->ipd = optarg; break;
        case O_TIME: o->timecol = optarg; break;
        case O_EVENT: o->eventcol = optarg; break;
        case O_COV:
            if (o->ncov < HS_FIT_PMAX)
                o->cov[o->ncov++] = optarg;
            else
                hs_errs_add(errs, "--covariate", 0, "too many; expected at most %d", HS_FIT_PMAX);
            break;
        case O_FAMILY: o->family = optarg; break;
        case O_FORM: o->form = optarg; break;
        case O_CUTS: o->cuts = optarg; break;
        case O_OUT: o->out = optarg; break;
        case O_JSON: o->json = optarg; break;
        case O_LM: o->landmarks = optarg; break;
        case O_MEDIAN: o->median_s = optarg; break;
        case O_COHORT: o->cohort = optarg; break;
        case O_EFFECT:
            if (o->neff < MAXEFF)
                o->eff[o->neff++] = optarg;
            else
                hs_errs_add(errs, "--effect", 0, "too many; expected at most %d", MAXEFF);
            break;
        case O_RECON: o->recon = optarg; break;
        case O_ATRISK: o->atrisk = optarg; break;
        case O_EVENTS: o->events_s = optarg; break;
        case O_OUTIPD: o->outipd = optarg; break;
        case O_SOURCE: o->source = optarg; break;
        case O_N: o->n_s = optarg; break;
        case O_NRISK: o->nrisk_s = optarg; break;
        case O_NSOURCE: o->nsource = optarg; break;
        case O_HELP:
            return 1;
        case ':':
            hs_errs_add(errs, argv[optind - 1], 0, "needs a value");
            break;
        default:
            hs_errs_add(errs, argv[optind - 1], 0, "unknown option; see hifusim fit --help");
            break;
        }
    }
    if (optind < argc)
        hs_errs_add(errs, argv[optind], 0, "unexpected argument; see hifusim fit --help");
    return 0;
}

/* No output may be an input (same file by device and inode, or the same
 * path) nor another output: writing it would destroy the data. */
static void check_paths(const opts *o, hs_errs *errs)
{
    const char *in[4] = {o->ipd, o->recon, o->atrisk, o->cohort};
    const char *inopt[4] = {"--ipd", "--reconstruct", "--at-risk", "--cohort"};
    const char *out[3] = {o->out, o->json, o->outipd};
    const char *outopt[3] = {"--out", "--json", "--out-ipd"};
    for (int a = 0; a < 3; a++) {
        if (!out[a])
            continue;
        for (int b = 0; b < 4; b++)
            if (in[b] && (!strcmp(out[a], in[b]) || hs_fileio_same(out[a], in[b])))
                hs_errs_add(errs, outopt[a], 0, "'%s' is also the input %s; expected a different "
                            "file (it would overwrite the data)", out[a], inopt[b]);
        for (int b = 0; b < a; b++)
            if (out[b] && (!strcmp(out[a], out[b]) || hs_fileio_same(out[a], out[b])))
                hs_errs_add(errs, outopt[a], 0, "'%s' is also the output %s; expected a "
                            "different file", out[a], outopt[b]);
    }
}

/* The fit request the options make (family, form, cut points), and every
 * check of the options against one another (errors to errs). */
static void check_opts(const opts *o, fitreq *q, hs_errs *errs)
{
    int modes = (o->ipd != NULL) + (o->landmarks != NULL) + (o->recon != NULL);
    if (modes != 1)
        hs_errs_add(errs, "fit", 0, "expected exactly one of --ipd, --landmarks, --reconstruct");
    q->fam_given = o->family != NULL;
    q->form_given = o->form != NULL;
    q->fam = HS_FAM_EXPONENTIAL;
    q->form = HS_EFFECT_PH;
    if (o->family) {
        if (!strcmp(o->family, "all") && o->ipd)
            q->all = 1;
        else if (hs_hazard_family_from_name(o->family) < 0)
            hs_errs_add(errs, "--family", 0, "'%s'; expected exponential, weibull, gompertz, "
                        "loglogistic, lognormal, piecewise%s", o->family, o->ipd ? " or all" : "");
        else
            q->fam = (hs_family)hs_hazard_family_from_name(o->family);
    } else if (o->ipd || o->landmarks) {
        hs_errs_add(errs, "--family", 0, "missing; expected a family%s", o->ipd ? " or all" : "");
    }
    if (o->form) {
        if (!strcmp(o->form, "ph"))
            q->form = HS_EFFECT_PH;
        else if (!strcmp(o->form, "aft"))
            q->form = HS_EFFECT_AFT;
        else
            hs_errs_add(errs, "--form", 0, "'%s'; expected ph or aft", o->form);
    }
    if (q->fam_given && !q->all && hs_hazard_family_from_name(o->family) >= 0) {
        hs_effect fe = q->form_given ? q->form : (hs_effect)hs_fitcmd_default_form(q->fam);
        if (!hs_fitcmd_form_ok(q->fam, fe))
            hs_errs_add(errs, "--form", 0, "%s is not available for %s in a model file; expected %s",
                        fe == HS_EFFECT_PH ? "ph" : "aft", o->family,
                        fe == HS_EFFECT_PH ? "aft" : "ph");
    }
    if (o->cuts) {
        q->ncuts = parse_list(o->cuts, q->cuts, HS_PIECES_MAX);
        int okc = q->ncuts >= 1 && q->cuts[0] == 0.0;
        for (int k = 1; okc && k < q->ncuts; k++)
            okc = q->cuts[k] > q->cuts[k - 1];
        if (!okc) {
            hs_errs_add(errs, "--cuts", 0, "'%s'; expected increasing times from 0, at most %d",
                        o->cuts, HS_PIECES_MAX);
            q->ncuts = 0;
        }
    }
    if (q->fam_given && !q->all && q->fam == HS_FAM_PIECEWISE && o->ipd && q->ncuts == 0 && !o->cuts)
        hs_errs_add(errs, "--cuts", 0, "missing; piecewise fits to patient data need cut points");
    if (o->recon && q->fam_given && q->fam == HS_FAM_PIECEWISE && q->ncuts == 0 && !o->cuts)
        hs_errs_add(errs, "--cuts", 0, "missing; piecewise fits need cut points");
    if (o->ipd) {
        if (!o->timecol)
            hs_errs_add(errs, "--time", 0, "missing; expected the time column");
        if (!o->eventcol)
            hs_errs_add(errs, "--event", 0, "missing; expected the event column");
        if (!o->out && !o->json)
            hs_errs_add(errs, "--out", 0, "missing; expected MODEL.ini");
    }
    if (o->landmarks && !o->out)
        hs_errs_add(errs, "--out", 0, "missing; expected MODEL.ini");
    if (o->recon) {
        if (!o->atrisk)
            hs_errs_add(errs, "--at-risk", 0, "missing; expected RISK.csv (time,nrisk)");
        if (!o->outipd && !o->out)
            hs_errs_add(errs, "--out-ipd", 0, "missing; expected IPD.csv");
        if (o->out && !q->fam_given)
            hs_errs_add(errs, "--family", 0, "missing; --out needs a family to fit");
    }
    check_paths(o, errs);
    if (!o->landmarks && (o->n_s || o->nrisk_s || o->nsource))
        hs_errs_add(errs, o->n_s ? "--n" : o->nrisk_s ? "--n-at-risk" : "--n-source", 0,
                    "only with --landmarks");
    else if (!o->n_s && (o->nrisk_s || o->nsource))
        hs_errs_add(errs, o->nrisk_s ? "--n-at-risk" : "--n-source", 0,
                    "needs --n N (the published cohort size)");
    if (!o->landmarks && (o->median_s || o->cohort || o->neff))
        hs_errs_add(errs, o->median_s ? "--median" : o->cohort ? "--cohort" : "--effect", 0,
                    "only with --landmarks");
}

int hs_fitcmd_main(int argc, char **argv)
{
    opts o;
    memset(&o, 0, sizeof o);
    hs_errs *errs = malloc(sizeof *errs);
    if (!errs)
        return 1;
    hs_errs_init(errs);
    if (parse_opts(argc, argv, &o, errs) == 1) {
        usage(stdout);
        free(errs);
        return 0;
    }
    fitreq q;
    memset(&q, 0, sizeof q);
    check_opts(&o, &q, errs);
    int rc = 0;
    if (hs_errs_count(errs) == 0) {
        if (o.ipd) {
            ipd d;
            if (hs_fit_ipd_read(&o, &d, errs) == 0)
                rc = hs_fit_ipd_run(&o, &d, q.fam, q.all, q.form_given, q.form, q.cuts, q.ncuts, o.ipd,
                             "maximum likelihood (BFGS2 + Newton), SE from observed information");
            hs_fit_ipd_free(&d);
        } else if (o.landmarks) {
            rc = hs_fit_landmarks_run(&o, q.fam, q.form_given, q.form, q.cuts, q.ncuts, errs);
        } else {
            rc = hs_fit_reconstruct_run(&o, q.fam_given, q.fam, q.form_given, q.form, q.cuts, q.ncuts, errs);
        }
    }
    if (hs_errs_count(errs) > 0) {
        hs_errs_print(errs, stderr);
        rc = 2;
    }
    free(errs);
    return rc;
}
