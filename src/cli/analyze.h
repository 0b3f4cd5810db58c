/* analyze.h — `hifusim analyze`: one real data set through the per-trial
 * analyses (KM per group, log-rank, Cox), printed as a table and optionally
 * written as JSON (keys logrank, cox, km; design.md).
 *
 *   hifusim analyze FILE.csv --time COL --event COL --group COL [--strata COL]
 *       [--covariate COL]... [--control LEVEL] [--tau T] [--ties efron|breslow]
 *       [--json OUT]
 */
#ifndef HS_ANALYZE_H
#define HS_ANALYZE_H

/* Front end: argv[0] is "analyze". Prints the table on stdout and errors as
 * "FILE:LINE: message" lines on stderr (all input errors together). Writes
 * --json OUT atomically (temporary name, then rename); nothing on error.
 * Returns the exit code: 0 success, 1 runtime failure, 2 bad usage or input. */
int hs_analyze_main(int argc, char **argv);

#endif
