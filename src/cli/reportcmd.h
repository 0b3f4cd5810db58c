/* reportcmd.h — `hifusim report DIR`: plots and report.html (report.h). */
#ifndef HS_REPORTCMD_H
#define HS_REPORTCMD_H

/* The report front end. argv[0] is "report". Exit code: 0 report written,
 * 1 runtime failure (unreadable results, write failure, gnuplot missing:
 * report.html is then written without plots), 2 bad usage or no such
 * results folder. The environment variable HIFUSIM_GNUPLOT names the
 * gnuplot program (default "gnuplot" from PATH). */
int hs_reportcmd_main(int argc, char **argv);

#endif
