/* reportcmd.c — see reportcmd.h. */
#include "reportcmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *usage_text =
    "usage: hifusim report DIR [--quiet]\n"
    "\n"
    "Draw the plots of a results folder (DIR/plots/: gnuplot scripts, data,\n"
    "SVG and PNG) and write DIR/report.html, one self-contained page.\n"
    "Needs gnuplot (Debian: gnuplot-nox); HIFUSIM_GNUPLOT names another binary.\n"
    "\n"
    "  --quiet   print nothing on success\n";

int hs_report_main(int argc, char **argv)
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
    hs_report_info info;
    char err[1400];
    int rc = hs_report_write(argv[optind], getenv("HIFUSIM_GNUPLOT"), &info, err, sizeof err);
    switch (rc) {
    case HS_REPORT_OK:
        if (info.plots_failed)
            fprintf(stderr, "hifusim report: %d plot(s) failed (logs in %s/plots/)\n",
                    info.plots_failed, argv[optind]);
        if (!quiet)
            printf("report with %d plots: %s\n", info.plots, info.html);
        return info.plots_failed ? 1 : 0;
    case HS_REPORT_NODIR: fprintf(stderr, "hifusim report: %s\n", err); return 2;
    case HS_REPORT_NOGNUPLOT:
        fprintf(stderr, "hifusim report: %s; %s written without plots\n", err, info.html);
        return 1;
    default: fprintf(stderr, "hifusim report: %s\n", err); return 1;
    }
}
