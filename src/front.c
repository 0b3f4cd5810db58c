/* front.c — see front.h. */
#include "front.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "par.h"
#include "report.h"

int hs_front_any(int bad, int *speak)
{
    int rank = hs_par_rank();
    int first = -hs_par_max_int(bad ? -rank : INT_MIN + 1);
    if (speak)
        *speak = bad && rank == first;
    return first != INT_MAX;
}

hs_config *hs_front_load_config(const char *path, const char *const *overrides, int noverrides)
{
    hs_errs *errs = malloc(sizeof *errs);
    hs_config *cfg = malloc(sizeof *cfg);
    int bad = !errs || !cfg, speak;
    if (!bad) {
        hs_errs_init(errs);
        bad = hs_config_load(path, overrides, noverrides, cfg, errs) != 0;
    }
    if (hs_front_any(bad, &speak)) {
        if (speak) {
            if (errs && cfg)
                hs_errs_print(errs, stderr);
            else
                fprintf(stderr, "hifusim: out of memory\n");
        }
        free(cfg);
        cfg = NULL;
    }
    free(errs);
    return cfg;
}

void hs_front_report(const char *dir)
{
    char err[1400];
    hs_report_info info;
    int rc = hs_report_write(dir, getenv("HIFUSIM_GNUPLOT"), &info, err, sizeof err);
    if (rc == HS_REPORT_NOGNUPLOT)
        fprintf(stderr, "hifusim: gnuplot not found: report.html has no plots (CSV and JSON "
                        "results are complete)\n");
    else if (rc != HS_REPORT_OK)
        fprintf(stderr, "hifusim: report not written: %s\n", err);
    else
        printf("report: %s (%d plots)\n", info.html, info.plots);
}
