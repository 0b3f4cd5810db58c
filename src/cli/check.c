/* check.c — the `check` subcommand (see check.h). */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define CHECK_SETS_MAX 256

static void usage(FILE *f)
{
    fprintf(f, "usage: hifusim check CONFIG [--set SECTION.KEY=VALUE]...\n\n"
               "Read CONFIG and the model files it names, report every error as\n"
               "FILE:LINE: message, or print the resolved scenarios. Runs nothing.\n\n"
               "  --set SECTION.KEY=VALUE  override a key (arm keys: arm.NAME.KEY=VALUE)\n"
               "  --help                   this text\n\n"
               "Exit codes: 0 valid, 2 bad usage or input.\n");
}

int hs_check_main(int argc, char **argv)
{
    const char *path = NULL;
    const char *sets[CHECK_SETS_MAX];
    int nsets = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        const char *val = NULL;
        if (!strcmp(a, "--set")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "hifusim check: --set needs SECTION.KEY=VALUE\n");
                return 2;
            }
            val = argv[++i];
        } else if (!strncmp(a, "--set=", 6)) {
            val = a + 6;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "hifusim check: unknown option '%s'; expected --set or --help\n", a);
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
    int rc = hs_config_load(path, sets, nsets, c, errs);
    if (rc) {
        int n = hs_errs_print(errs, stderr);
        fprintf(stderr, "hifusim check: %d error%s in %s; nothing was run\n", n, n == 1 ? "" : "s",
                path);
        free(c);
        free(errs);
        return 2;
    }
    printf("; %s: valid. Resolved values (time in months; config hash %016llx)\n\n", path,
           (unsigned long long)hs_config_hash(c));
    hs_config_write(c, stdout);
    printf("\n; %d scenario%s\n", c->design.nn, c->design.nn == 1 ? "" : "s");
    for (int i = 0; i < c->design.nn; i++)
        printf("; scenario %d: n = %d, %s vs %s, %llu replicates\n", i, c->design.n[i],
               c->arm[c->design.experimental].name, c->arm[c->design.control].name,
               (unsigned long long)c->replicates);
    if (c->nsweep > 0)
        printf("; [sweep] has %d entr%s; sweep axes are not expanded yet\n", c->nsweep,
               c->nsweep == 1 ? "y" : "ies");
    free(c);
    free(errs);
    return 0;
}
