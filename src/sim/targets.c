/* targets.c — see targets.h. */
#include "targets.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int hs_targets_parse(const char *text, int max, int *n, double *target, char *err, size_t errlen)
{
    const char *p = text;
    *n = 0;
    for (;;) {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        const char *q = end;
        while (isspace((unsigned char)*q))
            q++;
        if (end == p || errno || !(v > 0 && v < 1) || (*q && *q != ',')) {
            snprintf(err, errlen, "expected target powers strictly between 0 and 1, comma-separated "
                                  "(e.g. 0.8,0.9)");
            return -1;
        }
        if (*n == max) {
            snprintf(err, errlen, "more than %d target powers; expected at most %d", max, max);
            return -1;
        }
        for (int k = 0; k < *n; k++)
            if (target[k] == v) {
                snprintf(err, errlen, "target power %g given twice; expected distinct powers", v);
                return -1;
            }
        target[(*n)++] = v;
        if (!*q)
            return 0;
        p = q + 1;
    }
}
