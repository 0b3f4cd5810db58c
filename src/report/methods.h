/* methods.h — the protocol outputs of a results folder (design.md, "Protocol
 * outputs"): methods.md, a paragraph for a protocol or grant (design, the
 * arms' models and their provenance, test, alpha and sides, power or
 * assurance with its Monte Carlo SE and replicate count, N, events, expected
 * duration, software version, seed, config hash), and the headline table as
 * headline.csv, headline.md and headline.rtf: one row per scenario (run),
 * target (plan) or point (sweep).
 *
 * Everything is read back from the folder's own files, as report.h reads
 * them (summary.json, plan.json and plan.csv, sweep.csv, manifest.json's
 * config and the model files' [provenance]), so every number is the files'
 * number: headline.csv carries each one as its source file prints it
 * (summary.json and plan.json as JSON prints them, a sweep's per-point
 * numbers as sweep.csv does); headline.md, headline.rtf and methods.md round
 * for display only (powers and intervals to 3 decimals, Monte Carlo SEs to
 * 4, events and months to 1), and methods.md says so. Nothing depends on the
 * rank count, host or time. */
#ifndef HS_METHODS_H
#define HS_METHODS_H

#include <stddef.h>

enum {
    HS_METHODS_OK = 0,
    HS_METHODS_NODIR = 1, /* not a results folder (no power.csv, plan.csv or sweep.csv) */
    HS_METHODS_FAILED = 2 /* a result file unreadable or malformed, or a write failed */
};

/* The four files' names, in the order they are written. */
extern const char *const hs_methods_files[4];

/* Read the results folder dir and write methods.md, headline.csv,
 * headline.md and headline.rtf into the folder out (a staging folder,
 * output.h; may be dir itself). Every write is checked; on failure the files
 * already written into out are removed and err holds a one-line reason (no
 * newline). Returns an HS_METHODS_* code. */
int hs_methods_write(const char *dir, const char *out, char *err, size_t errlen);

#endif
