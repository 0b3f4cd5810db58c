/* analyze.h — `hifusim analyze`: one real data set through the per-trial
 * analyses (KM per group, log-rank, Cox), printed as a table and optionally
 * written as JSON (keys logrank, cox, km; design.md).
 *
 *   hifusim analyze FILE.csv --time COL --event COL --group COL [--strata COL]
 *       [--covariate COL]... [--factor COL]... [--control LEVEL] [--tau T]
 *       [--ties efron|breslow] [--event-value V]
 *       [--time-unit days|weeks|months|years] [--json OUT]
 *       [--looks info:F,...|events:E,... --final-events K [--efficacy E]
 *        [--futility F] [--futility-binding no|yes] [--beta B] [--alpha A]
 *        [--sides 1|2] [--gsd-test logrank|cox]] [--test SPEC]...
 *
 * Cells NA, . and empty are missing; rows missing a used column are dropped
 * (R's na.omit) and counted (JSON n_rows, n_dropped_missing,
 * missing_by_column). Events are 0/1, R's Surv() 1/2 (when every value is 1
 * or 2) or, with --event-value V, V = event and any other value censored
 * (JSON event_coding). Numeric covariates are linear terms unless --factor;
 * --time-unit only labels the times (JSON time_unit). --json must not be the
 * input file (same device and inode). With --looks, the data are analysed at
 * a look of a group-sequential design (analyze_gsd.h): every look's bounds,
 * the current one marked, and whether the log-rank (or Cox) z crosses a bound (JSON
 * gsd); the data must have two groups. Each --test SPEC (design.md "Tests",
 * analyze_tests.h) prints z, p and p one-sided and adds to the JSON `tests`
 * (in the order given: test, z, p, p_one_sided, stratified; maxcombo:
 * components; rmst: tau; note); the data must have two groups.
 */
#ifndef HS_ANALYZE_H
#define HS_ANALYZE_H

/* Front end: argv[0] is "analyze". Prints the table on stdout and errors as
 * "FILE:LINE: message" lines on stderr (all input errors together). Writes
 * --json OUT atomically (temporary name, then rename); nothing on error.
 * Returns the exit code: 0 success, 1 runtime failure, 2 bad usage or input. */
int hs_analyze_main(int argc, char **argv);

#endif
