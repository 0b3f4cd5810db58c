/* reportcmd.c — see reportcmd.h. */
#include "reportcmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

#include "methods.h"
#include "report.h"

static const char *usage_text =
    "usage: hifusim report DIR [--quiet]\n"
    "\n"
    "Draw the plots of a results folder (DIR/plots/: gnuplot scripts, data,\n"
    "SVG and PNG) and write DIR/report.html, one self-contained page.\n"
    "Needs gnuplot (Debian: gnuplot-nox); HIFUSIM_GNUPLOT names another binary.\n"
    "A folder without methods.md also gets methods.md and headline.csv/.md/.rtf.\n"
    "\n"
    "  --quiet   print nothing on success\n";

int hs_reportcmd_main(int argc, char **argv)
{
    static const struct option longopts[] = {{"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int quiet = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default:
            fprintf(stderr, "hifusim report: unknown option '%s' (see hifusim report --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "hifusim report: expected exactly one results folder (see hifusim report --help)\n");
        return 2;
    }
    const char *dir = argv[optind];
    /* a missing folder, or one no command wrote, is bad input: nothing is
     * created in it, not even the lock */
    struct stat st;
    char probe[1200];
    int results = 0;
    static const char *const tables[] = {"power.csv", "plan.csv", "sweep.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(probe, sizeof probe, "%s/%s", dir, tables[i]);
        results |= access(probe, F_OK) == 0;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !results) {
        fprintf(stderr, "hifusim report: %s: %s\n", dir,
                stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)
                    ? "no such folder"
                    : "not a results folder (no power.csv, plan.csv or sweep.csv)");
        return 2;
    }
    /* The report replaces report.html and plots/ as a whole, staged and
     * swapped in like any result (output.h), under the folder's lock. */
    hs_output out;
    if (hs_output_begin(&out, dir, "hifusim report", HS_OUT_REPORT) != 0) {
        fprintf(stderr, "hifusim report: %s\n", out.err);
        return out.busy ? 2 : 1;
    }
    hs_report_info info;
    char err[sizeof out.err];
    int rc = hs_report_write_into(dir, out.stage, dir, getenv("HIFUSIM_GNUPLOT"), &info, err,
                                  sizeof err);
    /* A folder written before the protocol outputs existed gets them too
     * (methods.h); a folder that has methods.md keeps its own. */
    snprintf(probe, sizeof probe, "%s/methods.md", dir);
    int mfail = 0;
    char merr[sizeof out.err];
    if ((rc == HS_REPORT_OK || rc == HS_REPORT_NOGNUPLOT) && access(probe, F_OK) != 0 &&
        hs_methods_write(dir, out.stage, merr, sizeof merr) != HS_METHODS_OK) {
        fprintf(stderr, "hifusim report: methods.md and headline tables not written: %s\n", merr);
        mfail = 1;
    }
    if ((rc == HS_REPORT_OK || rc == HS_REPORT_NOGNUPLOT) && hs_output_commit(&out) != 0) {
        snprintf(err, sizeof err, "%s", out.err);
        rc = HS_REPORT_FAILED;
    }
    hs_output_end(&out);
    switch (rc) {
    case HS_REPORT_OK:
        if (info.plots_failed)
            fprintf(stderr, "hifusim report: %d plot(s) failed (logs in %s/plots/)\n",
                    info.plots_failed, dir);
        if (!quiet)
            printf("report with %d plots: %s\n", info.plots, info.html);
        return info.plots_failed || mfail ? 1 : 0;
    case HS_REPORT_NODIR: fprintf(stderr, "hifusim report: %s\n", err); return 2;
    case HS_REPORT_NOGNUPLOT:
        fprintf(stderr, "hifusim report: %s; %s written without plots\n", err, info.html);
        return 1;
    default:
        fprintf(stderr, "hifusim report: %s; %s is as it was\n", err, dir);
        return 1;
    }
}
