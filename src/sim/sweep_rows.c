/* sweep_rows.c — the result rows of sweep.csv: writing them, reading them
 * back (CSV fields, one row's numbers), and the FNV-1a checksum of a share's
 * rows (sweep.h). A row's power columns: p = k/R, MC SE sqrt(p(1-p)/R),
 * Wilson 95% interval (results.h). */
#include "sweep_priv.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgval.h"
#include "results.h"
#include "targets.h"

uint64_t hs_sweep_fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int hs_sweep_log_axis(const hs_sweep_axis *a)
{
    if (a->nkeys < 1 || a->nvalues < 1)
        return 0;
    for (int i = 0; i < a->nkeys; i++) { /* arm.ARM.COV.LEVEL: a dot after the arm's name */
        const char *k = a->key[i], *d = strncmp(k, "arm.", 4) ? NULL : strchr(k + 4, '.');
        if (!d || !strchr(d + 1, '.'))
            return 0;
    }
    for (int v = 0; v < a->nvalues; v++) {
        char *e;
        double x = strtod(a->value[v], &e);
        if (e == a->value[v] || *e || !isfinite(x))
            return 0;
    }
    return 1;
}

/* --------------------------------------------------------------- rows */

static const char header[] =
    "point,axis,level,value,n,replicates,rejections,power,power_se,power_ci_low,"
    "power_ci_high,events_mean,hr_median,median_os_control,median_os_experimental";

int hs_sweep_header(const hs_sweep_meta *m, hs_sbuf *out)
{
    hs_sbuf_printf(out, "%s", header);
    for (int k = 0; k < m->ntarget; k++)
        hs_sbuf_printf(out, ",n_target_%g,n_target_%g_mc_low,n_target_%g_mc_high", m->target[k],
                       m->target[k], m->target[k]);
    hs_sbuf_printf(out, "\n");
    return out->failed ? -1 : 0;
}

void hs_sweep_num(hs_sbuf *b, double v)
{
    if (isfinite(v))
        hs_sbuf_printf(b, ",%.10g", v);
    else
        hs_sbuf_printf(b, ",NA");
}

void hs_sweep_quoted(hs_sbuf *b, const char *v)
{
    if (strpbrk(v, ",\"\r\n") || (*v && (isspace((unsigned char)v[0]) ||
                                         isspace((unsigned char)v[strlen(v) - 1])))) {
        hs_sbuf_printf(b, ",\"");
        for (; *v; v++) {
            hs_sbuf_append(b, v, 1);
            if (*v == '"')
                hs_sbuf_append(b, v, 1); /* "" inside quotes */
        }
        hs_sbuf_printf(b, "\"");
    } else
        hs_sbuf_printf(b, ",%s", v);
}

static void power_cols(hs_sbuf *b, uint64_t R, uint64_t k)
{
    double p, se, lo, hi;
    hs_results_proportion(k, R, &p, &se);
    hs_results_wilson(k, R, &lo, &hi);
    hs_sweep_num(b, p);
    hs_sweep_num(b, se);
    hs_sweep_num(b, lo);
    hs_sweep_num(b, hi);
}

int hs_sweep_rows(const hs_sweep *s, uint64_t p, const hs_sweep_result *r, hs_sbuf *rows)
{
    int level[HS_SWEEP_AXES_MAX];
    int nv = hs_sweep_point(s, p, level);
    if (nv < 0)
        return -1;
    for (int a = -1; a < s->naxes; a++) {
        if ((a < 0 && nv > 0) || (a >= 0 && level[a] < 0))
            continue;
        if (a < 0)
            hs_sbuf_printf(rows, "%llu,base,NA,", (unsigned long long)p);
        else {
            hs_sbuf_printf(rows, "%llu,%s,%d", (unsigned long long)p, s->axis[a].name, level[a]);
            hs_sweep_quoted(rows, s->axis[a].value[level[a]]);
        }
        hs_sbuf_printf(rows, ",%d,%llu,%llu", r->n, (unsigned long long)r->replicates,
                       (unsigned long long)r->rejections);
        power_cols(rows, r->replicates, r->rejections);
        hs_sweep_num(rows, r->events_mean);
        hs_sweep_num(rows, r->hr_median);
        hs_sweep_num(rows, r->median_os[0]);
        hs_sweep_num(rows, r->median_os[1]);
        for (int k = 0; k < s->ntarget; k++) {
            int v[3] = {r->n_target[k], r->n_target_low[k], r->n_target_high[k]};
            for (int i = 0; i < 3; i++)
                if (v[i] >= 0)
                    hs_sbuf_printf(rows, ",%d", v[i]);
                else
                    hs_sbuf_printf(rows, ",NA");
        }
        hs_sbuf_printf(rows, "\n");
    }
    return rows->failed ? -1 : 0;
}

/* Split one CSV line (no newline) into fields, unquoting into buf. */
static int fields(const char *line, size_t len, char *buf, char **f, int max)
{
    int n = 0;
    size_t i = 0, o = 0;
    for (;;) {
        if (n == max)
            return -1;
        f[n++] = buf + o;
        if (i < len && line[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        buf[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[o++] = line[i++];
            }
            if (i < len && line[i] != ',')
                return -1;
        } else
            while (i < len && line[i] != ',')
                buf[o++] = line[i++];
        buf[o++] = '\0';
        if (i >= len)
            return n;
        i++; /* comma */
    }
}

static int u64(const char *s, uint64_t *v)
{
    return hs_cfgval_whole(s, 10, 0, UINT64_MAX, v) == HS_CFGVAL_OK ? 0 : -1;
}

int hs_sweep_parse_row(const char *line, size_t len, int ntarget, char *buf, hs_sweep_prow *r,
                       char *err, size_t errlen)
{
    char *f[HS_SWEEP_BASE_FIELDS + 3 * HS_SWEEP_TARGETS_MAX + 1];
    size_t nt3 = (size_t)ntarget * 3;
    int nfield = HS_SWEEP_BASE_FIELDS + (int)nt3;
    uint64_t nn;
    int bad = fields(line, len, buf, f, nfield + 1) != nfield || u64(f[0], &r->point) ||
              u64(f[4], &nn) || u64(f[5], &r->R) || u64(f[6], &r->k) || r->k > r->R || nn > HS_N_MAX;
    for (size_t j = 0; !bad && j < nt3; j++) {
        uint64_t v;
        const char *fv = f[HS_SWEEP_BASE_FIELDS + j];
        if (!strcmp(fv, "NA"))
            r->tv[j] = -1;
        else if (u64(fv, &v) == 0 && v <= HS_N_MAX)
            r->tv[j] = (int)v;
        else
            bad = 1;
    }
    if (bad) {
        snprintf(err, errlen, "malformed row; expected %d CSV fields as hifusim sweep writes them "
                              "(point, axis, level, value, then whole counts n, replicates, "
                              "rejections <= replicates, ...)", nfield);
        return -1;
    }
    r->n = (int)nn;
    for (int i = 0; i < 2; i++) {
        char *e;
        double v = strtod(f[13 + i], &e);
        r->med[i] = *f[13 + i] && !*e && isfinite(v) ? v : NAN;
    }
    /* the offset of field n: after four fields, the 4th possibly quoted */
    size_t off = 0;
    for (int i = 0, q = 0; off < len && i < 4; off++) {
        if (line[off] == '"')
            q = !q;
        else if (line[off] == ',' && !q)
            i++;
    }
    r->tail = off;
    r->axis = f[1];
    r->value = f[3];
    r->level = -1;
    if (strcmp(f[1], "base") != 0) {
        uint64_t l;
        if (u64(f[2], &l) || l >= HS_SWEEP_VALUES_MAX) {
            snprintf(err, errlen, "bad level '%s' of axis %s; expected 0..%d", f[2], f[1],
                     HS_SWEEP_VALUES_MAX - 1);
            return -1;
        }
        r->level = (int)l;
    }
    return 0;
}

int hs_sweep_row_point(const char *line, size_t len, int ntarget, uint64_t *point, char *key,
                       size_t keylen, char *err, size_t errlen)
{
    char *buf = malloc(len + 1);
    hs_sweep_prow r;
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = hs_sweep_parse_row(line, len, ntarget, buf, &r, err, errlen);
    if (rc == 0) {
        *point = r.point;
        snprintf(key, keylen, "%s,%d,%d", r.axis, r.level, r.n);
    }
    free(buf);
    return rc;
}
