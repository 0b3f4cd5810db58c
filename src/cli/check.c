/* check.c — the `check` subcommand (see check.h). */
#include "check.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytic.h"
#include "config.h"
#include "fileio.h"
#include "output.h"
#include "scenario.h"

#define CHECK_SETS_MAX 256

static void usage(FILE *f)
{
    fprintf(f, "usage: hifusim check CONFIG [--set SECTION.KEY=VALUE]... [--out DIR] [--print-out[=CMD]]\n\n"
               "Read CONFIG and the model files it names, report every error as\n"
               "FILE:LINE: message, or print the resolved scenarios. Runs nothing.\n\n"
               "  --set SECTION.KEY=VALUE  override a key (arm keys: arm.NAME.KEY=VALUE)\n"
               "  --out DIR                the --out that `run`, `plan` or `sweep` would get\n"
               "  --print-out[=CMD]        print only the output folder that `hifusim CMD` (run,\n"
               "                           plan or sweep; default run) would write with these\n"
               "                           --set and --out options, one line (job scripts use it)\n"
               "  --json OUT               also write the scenarios (and each group-sequential\n"
               "                           design's bounds) as JSON to OUT\n"
               "  --help                   this text\n\n"
               "Exit codes: 0 valid, 2 bad usage or input.\n");
}

/* The output folder `hifusim CMD` uses: --out as given, else results/NAME
 * (run, plan) or results/NAME-sweep (sweep), as run.c, plancmd.c and
 * sweepcmd.c resolve it. */
static void print_out(const hs_config *c, const char *out, const char *cmd)
{
    if (out)
        printf("%s\n", out);
    else
        printf("results/%s%s\n", c->name, !strcmp(cmd, "sweep") ? "-sweep" : "");
}

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* {"scenarios": [{scenario, n, looks, bounds?}]}: a group-sequential
 * design's bounds per look (design.md); for observed-information designs
 * (calendar looks or analysis) the bounds depend on each trial's events and
 * are given as "bounds": null with "bounds_from": "observed information". */
static int write_json(const hs_config *c, const char *path)
{
    json_t *root = json_object(), *arr = json_array();
    hs_scenario *sc = malloc(sizeof *sc);
    int rc = sc ? 0 : -1;
    for (int i = 0; rc == 0 && i < c->design.nn; i++) {
        char why[256] = "";
        if (hs_scenario_from_config(c, i, 0, sc, why, sizeof why)) {
            fprintf(stderr, "hifusim check: scenario %d: %s\n", i, why);
            rc = -1;
            break;
        }
        json_t *o = json_object();
        json_object_set_new(o, "scenario", json_integer(i));
        json_object_set_new(o, "n", json_integer(sc->n));
        json_object_set_new(o, "alpha", json_real(sc->alpha));
        json_object_set_new(o, "sides", json_integer(sc->sides));
        json_object_set_new(o, "looks", json_integer(sc->nlooks));
        if (sc->nlooks > 1 && sc->planned) {
            const hs_gsd_bounds *b = &sc->bounds;
            json_t *ba = json_array();
            for (int j = 0; j < b->k; j++) {
                json_t *l = json_object();
                int fin = j == b->k - 1;
                json_object_set_new(l, "look", json_integer(j + 1));
                json_object_set_new(l, "info_frac", jnum(b->t[j]));
                json_object_set_new(l, "events", jnum(sc->look_value[j]));
                json_object_set_new(l, "z_efficacy", jnum(b->z_eff[j]));
                json_object_set_new(l, "z_futility", fin ? json_null() : jnum(b->z_fut[j]));
                json_object_set_new(l, "alpha_cum", jnum(b->alpha_cum[j]));
                json_object_set_new(l, "beta_cum", jnum(b->beta_cum[j]));
                json_array_append_new(ba, l);
            }
            json_object_set_new(o, "bounds", ba);
            json_object_set_new(o, "inflation", jnum(b->inflation));
        } else if (sc->nlooks > 1) {
            json_object_set_new(o, "bounds", json_null());
            json_object_set_new(o, "bounds_from", json_string("observed information"));
        }
        json_array_append_new(arr, o);
    }
    free(sc);
    json_object_set_new(root, "scenarios", arr);
    char *text = rc == 0 ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(root);
    if (rc == 0 && (!text || hs_output_write_file(path, text, strlen(text)) != 0)) {
        fprintf(stderr, "hifusim check: --json %s: cannot write: %s\n", path, strerror(errno));
        rc = -1;
    }
    free(text);
    return rc;
}

/* A group-sequential scenario's bounds, one comment line per look. */
static void print_bounds(const hs_config *c, int i)
{
    if (c->design.nlooks == 0)
        return;
    hs_scenario *sc = malloc(sizeof *sc);
    char why[256] = "";
    if (sc && hs_scenario_from_config(c, i, 0, sc, why, sizeof why) == 0) {
        if (!sc->planned)
            printf(";   bounds: solved per trial for its observed information (calendar looks)\n");
        for (int j = 0; sc->planned && j < sc->nlooks; j++) {
            const hs_gsd_bounds *b = &sc->bounds;
            printf(";   look %d: %g events (information %.4f), efficacy z %.4f", j + 1, sc->look_value[j],
                   b->t[j], b->z_eff[j]);
            if (j < sc->nlooks - 1 && isfinite(b->z_fut[j]))
                printf(", futility z %.4f", b->z_fut[j]);
            printf(", alpha spent %.6f\n", b->alpha_cum[j]);
        }
    }
    free(sc);
}

static const char *cut_name(hs_sc_cut k)
{
    return k == HS_SC_CUT_EVENTS ? "events" : k == HS_SC_CUT_FOLLOWUP ? "followup" : "calendar";
}

/* design.md "Timelines": the accrual duration and the expected calendar
 * time (months from the first entry) and events of every look and of the
 * analysis, from the models. Returns 1 when a calendar analysis comes
 * before the end of accrual (the caller warns once), with the figures in
 * warn. */
static int print_timeline(const hs_config *c, int i, char *warn, size_t warnlen)
{
    hs_scenario *sc = malloc(sizeof *sc);
    hs_analytic *a = NULL;
    char why[256] = "";
    int early = 0;
    if (sc && hs_scenario_from_config(c, i, 0, sc, why, sizeof why) == 0 && (a = hs_analytic_alloc(sc))) {
        double R = hs_analytic_accrual_duration(sc, sc->n);
        printf(";   timeline (expected, from the models; months from the first entry): accrual of %d "
               "patients takes %.2f months\n", sc->n, R);
        for (int j = 0; j < sc->nlooks; j++) {
            int fin = j == sc->nlooks - 1;
            hs_sc_cut kind = fin ? sc->cut : sc->look_cut;
            double t, d = NAN;
            if (hs_analytic_cut_time(a, sc->n, kind, sc->look_value[j], &t) != 0 ||
                (isfinite(t) && hs_analytic_expected_events(a, sc->n, t, &d) != 0)) {
                printf(";   %s %d: the expected time could not be integrated\n", fin ? "analysis" : "look", j + 1);
                continue;
            }
            /* patients entered by t: n t / R (uniform), else the cumulative intensity */
            double enrolled = (double)sc->n;
            if (isfinite(t) && t < R && sc->naccrual == 0)
                enrolled = sc->n * t / R;
            else if (isfinite(t) && t < R) {
                double L = 0;
                for (int k = 0; k < sc->naccrual && t > sc->accrual_start[k]; k++) {
                    double t1 = k + 1 < sc->naccrual ? sc->accrual_start[k + 1] : INFINITY;
                    L += sc->accrual_rate[k] * (fmin(t, t1) - sc->accrual_start[k]);
                }
                enrolled = fmin(L, (double)sc->n);
            }
            if (!isfinite(t)) {
                printf(";   %s %s:%g: the expected events never reach it (the models' cure or dropout)\n",
                       fin ? "analysis" : "look", cut_name(kind), sc->look_value[j]);
                continue;
            }
            printf(";   %s %s:%g at month %.2f with %.1f expected events, %.0f patients enrolled\n",
                   fin ? (sc->nlooks > 1 ? "final analysis" : "analysis") : "look", cut_name(kind),
                   sc->look_value[j], t, d, enrolled);
            if (fin && kind == HS_SC_CUT_CALENDAR && t < R && !early) {
                early = 1;
                snprintf(warn, warnlen, "the calendar analysis at month %g comes before the end of accrual "
                         "(month %.2f for n = %d): about %.0f patients enrolled by then",
                         sc->look_value[j], R, sc->n, enrolled);
            }
        }
    }
    hs_analytic_free(a);
    free(sc);
    return early;
}

int hs_check_main(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *print = NULL, *json = NULL;
    const char *sets[CHECK_SETS_MAX];
    int nsets = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        const char *val = NULL;
        if (!strcmp(a, "--print-out") || !strncmp(a, "--print-out=", 12)) {
            print = a[11] == '=' ? a + 12 : "run";
            if (strcmp(print, "run") && strcmp(print, "plan") && strcmp(print, "sweep")) {
                fprintf(stderr, "--print-out=%s: expected run, plan or sweep\n", print);
                return 2;
            }
            continue;
        }
        if (!strcmp(a, "--json") || !strncmp(a, "--json=", 7)) {
            if (a[6] != '=' && i + 1 >= argc) {
                fprintf(stderr, "hifusim check: --json needs a file\n");
                return 2;
            }
            json = a[6] == '=' ? a + 7 : argv[++i];
            continue;
        }
        if (!strcmp(a, "--out") || !strncmp(a, "--out=", 6)) {
            if (a[5] != '=' && i + 1 >= argc) {
                fprintf(stderr, "hifusim check: --out needs a folder\n");
                return 2;
            }
            out = a[5] == '=' ? a + 6 : argv[++i];
            continue;
        }
        if (!strcmp(a, "--set")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "hifusim check: --set needs SECTION.KEY=VALUE\n");
                return 2;
            }
            val = argv[++i];
        } else if (!strncmp(a, "--set=", 6)) {
            val = a + 6;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "hifusim check: unknown option '%s'; expected --set, --out, --print-out or --help\n", a);
            return 2;
        } else if (path) {
            fprintf(stderr, "hifusim check: more than one CONFIG ('%s', '%s'); expected one\n",
                    path, a);
            return 2;
        } else {
            path = a;
            continue;
        }
        if (nsets == CHECK_SETS_MAX) {
            fprintf(stderr, "hifusim check: more than %d --set options\n", CHECK_SETS_MAX);
            return 2;
        }
        sets[nsets++] = val;
    }
    if (!path) {
        fprintf(stderr, "hifusim check: expected a CONFIG file (see hifusim check --help)\n");
        return 2;
    }
    hs_config *c = malloc(sizeof *c);
    hs_errs *errs = malloc(sizeof *errs);
    if (!c || !errs) {
        free(c);
        free(errs);
        fprintf(stderr, "hifusim check: out of memory\n");
        return 1;
    }
    hs_errs_init(errs);
    if (json && hs_fileio_same(path, json))
        hs_errs_add(errs, "--json", 0, "'%s' is the config file; expected a different output path", json);
    int rc = hs_config_load(path, sets, nsets, c, errs) || hs_errs_count(errs) > 0;
    if (rc) {
        int n = hs_errs_print(errs, stderr);
        fprintf(stderr, "hifusim check: %d error%s in %s%s; nothing was run\n", n, n == 1 ? "" : "s",
                path, nsets > 0 ? " and its --set overrides" : "");
        free(c);
        free(errs);
        return 2;
    }
    if (print) {
        print_out(c, out, print);
        free(c);
        free(errs);
        return 0;
    }
    if (json && write_json(c, json) != 0) {
        free(c);
        free(errs);
        return 1;
    }
    printf("; %s: valid. Resolved values (time in months; config hash %016llx)\n\n", path,
           (unsigned long long)hs_config_hash(c));
    hs_config_write(c, stdout);
    char warn[512] = "";
    int early = 0;
    printf("\n; %d scenario%s\n", c->design.nn, c->design.nn == 1 ? "" : "s");
    for (int i = 0; i < c->design.nn; i++) {
        printf("; scenario %d: n = %d, %s vs %s, %llu replicates\n", i, c->design.n[i],
               c->arm[c->design.experimental].name, c->arm[c->design.control].name,
               (unsigned long long)c->replicates);
        print_bounds(c, i);
        if (!early)
            early = print_timeline(c, i, warn, sizeof warn);
        else
            print_timeline(c, i, NULL, 0);
    }
    if (early) /* one line, on stderr: stdout stays the resolved config */
        fprintf(stderr, "hifusim check: warning: %s: %s\n", path, warn);
    if (c->nsweep > 0)
        printf("; [sweep] has %d entr%s; sweep axes are not expanded yet\n", c->nsweep,
               c->nsweep == 1 ? "y" : "ies");
    free(c);
    free(errs);
    return 0;
}
