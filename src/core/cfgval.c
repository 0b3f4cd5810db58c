/* cfgval.c — typed config values and did-you-mean (see cfgval.h).
 *
 * Edit distance: Levenshtein (1966), the two-row dynamic programme
 * d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + [a_i != b_j]). */
#include "cfgval.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX 1024 /* longer than any line the reader accepts */

hs_cfgval_entry *hs_cfgval_find(hs_cfgval_entry *e, int n, const char *section, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(e[i].section, section) == 0 && strcmp(e[i].key, key) == 0) {
            e[i].used = 1;
            return &e[i];
        }
    return NULL;
}

hs_cfgval_status hs_cfgval_double(const char *s, double *out)
{
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return HS_CFGVAL_NOT_NUMBER;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s)
        return HS_CFGVAL_NOT_NUMBER;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return HS_CFGVAL_NOT_NUMBER;
    if (!isfinite(x))
        return HS_CFGVAL_NOT_FINITE;
    if (errno == ERANGE && fabs(x) > 1.0)
        return HS_CFGVAL_OVERFLOW;
    *out = x;
    return HS_CFGVAL_OK;
}

hs_cfgval_status hs_cfgval_u64(const char *s, uint64_t *out)
{
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return HS_CFGVAL_NOT_NUMBER;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        if (!isxdigit((unsigned char)s[2]))
            return HS_CFGVAL_NOT_NUMBER;
    }
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, base);
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return HS_CFGVAL_NOT_NUMBER;
    if (errno == ERANGE)
        return HS_CFGVAL_OVERFLOW;
    *out = (uint64_t)x;
    return HS_CFGVAL_OK;
}

hs_cfgval_status hs_cfgval_whole(const char *s, int base, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!s || !*s)
        return HS_CFGVAL_NOT_NUMBER;
    for (const char *p = s; *p; p++)
        if (!(base == 16 ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)))
            return HS_CFGVAL_NOT_NUMBER;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, base);
    if (errno == ERANGE || x < lo || x > hi)
        return HS_CFGVAL_OVERFLOW;
    *out = (uint64_t)x;
    return HS_CFGVAL_OK;
}

const char *hs_cfgval_status_text(hs_cfgval_status st)
{
    switch (st) {
    case HS_CFGVAL_OK:
        return "is fine";
    case HS_CFGVAL_NOT_NUMBER:
        return "is not a number";
    case HS_CFGVAL_NOT_FINITE:
        return "is not finite";
    case HS_CFGVAL_OVERFLOW:
        return "overflows";
    }
    return "is invalid";
}

/* Parse text as a double into *x, or add "KEY = 'VALUE': 'TEXT' is ...;
 * expected EXPECT" and return -1. */
static int entry_double(const hs_cfgval_entry *e, const char *text, const char *expect, double *x,
                        hs_errs *errs)
{
    hs_cfgval_status st = hs_cfgval_double(text, x);
    if (st == HS_CFGVAL_OK)
        return 0;
    hs_errs_add(errs, e->file, e->line, "%s = '%s': '%s' %s; expected %s", e->key, e->value, text,
                hs_cfgval_status_text(st), expect);
    return -1;
}

int hs_cfgval_number(const hs_cfgval_entry *e, const char *text, double lo, int lo_open, double hi,
                     int hi_open, const char *expect, double *out, hs_errs *errs)
{
    double x = 0;
    if (entry_double(e, text, expect, &x, errs) != 0)
        return -1;
    if ((lo_open ? x <= lo : x < lo) || (hi_open ? x >= hi : x > hi)) {
        hs_errs_add(errs, e->file, e->line, "%s = '%s': %g is out of range; expected %s", e->key,
                    e->value, x, expect);
        return -1;
    }
    *out = x;
    return 0;
}

int hs_cfgval_integer(const hs_cfgval_entry *e, const char *text, long long lo, long long hi,
                      const char *expect, long long *out, hs_errs *errs)
{
    double x = 0;
    if (entry_double(e, text, expect, &x, errs) != 0)
        return -1;
    if (x != floor(x) || x < (double)lo || x > (double)hi) {
        hs_errs_add(errs, e->file, e->line, "%s = '%s': %g is not allowed; expected %s", e->key,
                    e->value, x, expect);
        return -1;
    }
    *out = (long long)x;
    return 0;
}

int hs_cfgval_split(char *buf, char sep, char **tok, int max)
{
    int n = 0;
    char *p = buf;
    for (;;) {
        char *q = strchr(p, sep);
        if (q)
            *q = '\0';
        while (isspace((unsigned char)*p))
            p++;
        size_t l = strlen(p);
        while (l > 0 && isspace((unsigned char)p[l - 1]))
            p[--l] = '\0';
        if (n == max)
            return -1;
        tok[n++] = p;
        if (!q)
            break;
        p = q + 1;
    }
    return n;
}

int hs_cfgval_list(const hs_cfgval_entry *e, int allow_range, double lo, int lo_open, double hi,
                   const char *expect, double *out, int max, int *nout, hs_errs *errs)
{
    char buf[VALUE_MAX];
    snprintf(buf, sizeof buf, "%s", e->value);
    *nout = 0;
    if (allow_range && strchr(buf, ':') && !strchr(buf, ',')) {
        char *tok[4];
        double a, b, c;
        if (hs_cfgval_split(buf, ':', tok, 3) != 3) {
            hs_errs_add(errs, e->file, e->line, "%s = '%s' is not a range; expected START:STOP:STEP",
                        e->key, e->value);
            return -1;
        }
        if (hs_cfgval_number(e, tok[0], lo, lo_open, hi, 0, expect, &a, errs) ||
            hs_cfgval_number(e, tok[1], lo, lo_open, hi, 0, expect, &b, errs) ||
            hs_cfgval_number(e, tok[2], 0, 1, INFINITY, 0, "a step > 0", &c, errs))
            return -1;
        if (b < a) {
            hs_errs_add(errs, e->file, e->line,
                        "%s = '%s': stop < start; expected START:STOP:STEP with STOP >= START",
                        e->key, e->value);
            return -1;
        }
        double cnt = floor((b - a) / c + 1e-9) + 1;
        if (cnt > max) {
            hs_errs_add(errs, e->file, e->line, "%s = '%s' has %.0f points; expected at most %d",
                        e->key, e->value, cnt, max);
            return -1;
        }
        int m = (int)cnt;
        for (int i = 0; i < m; i++)
            out[i] = a + i * c;
        *nout = m;
        return 0;
    }
    char *tok[VALUE_MAX / 2 + 1];
    int k = hs_cfgval_split(buf, ',', tok, max);
    if (k < 0) {
        hs_errs_add(errs, e->file, e->line, "%s has more than %d values; expected at most %d", e->key,
                    max, max);
        return -1;
    }
    int bad = 0;
    for (int i = 0; i < k; i++) {
        if (!*tok[i]) {
            hs_errs_add(errs, e->file, e->line,
                        "%s = '%s' has an empty item; expected a comma list of numbers", e->key,
                        e->value);
            return -1;
        }
        if (hs_cfgval_number(e, tok[i], lo, lo_open, hi, 0, expect, &out[i], errs))
            bad = 1;
    }
    *nout = k;
    return bad ? -1 : 0;
}

int hs_cfgval_pieces(const hs_cfgval_entry *e, double vlo, int vlo_open, double vhi,
                     const char *vexpect, double *start, double *val, int max, int *nout,
                     hs_errs *errs)
{
    char buf[VALUE_MAX];
    snprintf(buf, sizeof buf, "%s", e->value);
    char *tok[VALUE_MAX / 2 + 1];
    int k = hs_cfgval_split(buf, ',', tok, max);
    *nout = 0;
    if (k < 0) {
        hs_errs_add(errs, e->file, e->line, "%s has more than %d pieces; expected at most %d",
                    e->key, max, max);
        return -1;
    }
    for (int i = 0; i < k; i++) {
        char *c = strchr(tok[i], ':');
        if (!c) {
            hs_errs_add(errs, e->file, e->line,
                        "%s item '%s' has no ':'; expected START:VALUE pairs like 0:1.0, 6:0.6",
                        e->key, tok[i]);
            return -1;
        }
        *c = '\0';
        if (hs_cfgval_number(e, tok[i], 0, 0, HS_TIME_MAX, 0,
                             "a start time in [0, 100000] months", &start[i], errs) ||
            hs_cfgval_number(e, c + 1, vlo, vlo_open, vhi, 0, vexpect, &val[i], errs))
            return -1;
        if (i == 0 && start[0] != 0.0) {
            hs_errs_add(errs, e->file, e->line,
                        "%s starts at %g; expected the first piece to start at 0", e->key,
                        start[0]);
            return -1;
        }
        if (i > 0 && !(start[i] > start[i - 1])) {
            hs_errs_add(errs, e->file, e->line,
                        "%s start times are not increasing; expected increasing starts", e->key);
            return -1;
        }
    }
    *nout = k;
    return 0;
}

int hs_cfgval_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200 || lb > 200)
        return 1000;
    int row0[201], row1[201];
    int *prev = row0, *cur = row1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            int m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
        int *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *hs_cfgval_suggest(const char *word, const char *const *cand, int ncand)
{
    const char *best = NULL;
    int bestd = 1000;
    int lim = (int)strlen(word) / 3;
    if (lim < 2)
        lim = 2;
    for (int i = 0; i < ncand; i++) {
        int d = hs_cfgval_distance(word, cand[i]);
        if (d < bestd) {
            bestd = d;
            best = cand[i];
        }
    }
    return (best && bestd <= lim && bestd < (int)strlen(best)) ? best : NULL;
}

void hs_cfgval_join(char *out, size_t cap, const char *const *cand, int ncand)
{
    size_t k = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (int i = 0; i < ncand && k < cap; i++) {
        int w = snprintf(out + k, cap - k, "%s%s", i ? ", " : "", cand[i]);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}

void hs_cfgval_dym(char *out, size_t cap, const char *word, const char *const *cand, int ncand)
{
    const char *s = hs_cfgval_suggest(word, cand, ncand);
    if (s)
        snprintf(out, cap, " (did you mean '%s'?)", s);
    else if (cap > 0)
        out[0] = '\0';
}
