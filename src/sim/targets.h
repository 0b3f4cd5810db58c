/* targets.h — the one parser of a target-power list "P[,P...]", shared by
 * `plan --target-power`, `sweep --target-power`, [sweep] target_power and
 * merge's task.txt.
 *
 * Rule: each P is a number strictly between 0 and 1 (blanks after it
 * allowed), comma-separated, at least one, at most `max`, and no power twice
 * (a repeated target would only repeat its rows and columns). */
#ifndef HS_TARGETS_H
#define HS_TARGETS_H

#include <stddef.h>

/* Parse text into target[0..*n). Returns 0, or -1 with what was expected
 * in err ("expected ...", no option name or location: the caller adds it). */
int hs_targets_parse(const char *text, int max, int *n, double *target, char *err, size_t errlen);

#endif
