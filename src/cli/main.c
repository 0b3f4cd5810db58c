/* main.c — hifusim: Monte Carlo outcome simulator for HIFU + chemotherapy
 * trials in colorectal-cancer liver metastases.
 *
 * The table of contents: each subcommand is a front end in its own file that
 * returns the exit code (0 success, 1 runtime failure, 2 bad usage or input,
 * 3 interrupted with a checkpoint saved). main only dispatches. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analyze.h"
#include "check.h"
#include "fitcmd.h"
#include "plancmd.h"
#include "merge.h"
#include "reportcmd.h"
#include "run.h"
#include "sweepcmd.h"
#include "version.h"

typedef int (*hs_cmd_fn)(int argc, char **argv);

struct hs_cmd {
    const char *name;
    hs_cmd_fn fn; /* NULL: not built yet */
    const char *summary;
};

static const struct hs_cmd commands[] = {
    {"run", hs_run_main, "simulate the trials of a config; power, curves, estimates"},
    {"plan", hs_plancmd_main, "power curve over N and the sample size for target powers"},
    {"sweep", hs_sweepcmd_main, "sensitivity analysis over config axes (Slurm-array ready)"},
    {"merge", hs_merge_main, "combine the task outputs of a split sweep"},
    {"fit", hs_fitcmd_main, "fit a hazard model: patient data, landmarks or a published curve"},
    {"analyze", hs_analyze_main, "analyse a real dataset as each virtual trial is analysed"},
    {"report", hs_reportcmd_main, "plots and a self-contained HTML report of a results folder"},
    {"check", hs_check_main, "validate a config and print its resolved scenarios"},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
    fprintf(out, "usage: hifusim SUBCOMMAND [options]   (hifusim SUBCOMMAND --help for its options)\n\n");
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n  --help     this text\n  --version  version and git commit\n");
}

int main(int argc, char **argv)
{
    /* GSL reports errors by status, which every caller checks: never abort */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("%s\n", hs_version_line());
        return 0;
    }
    for (int i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (!commands[i].fn) {
            fprintf(stderr, "hifusim: '%s' is not built yet\n", commands[i].name);
            return 2;
        }
        return commands[i].fn(argc - 1, argv + 1);
    }
    fprintf(stderr, "hifusim: unknown subcommand '%s'; expected one of run, plan, sweep, "
                    "merge, fit, analyze, report, check (see hifusim --help)\n", argv[1]);
    return 2;
}
