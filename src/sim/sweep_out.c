/* sweep_out.c — see sweep_out.h. */
#include "sweep_out.h"

#include <stdio.h>

#include "sbuf.h"

int hs_sweep_out_stage(hs_output *out, hs_sweep_next_fn next, void *ctx, const hs_sweep_meta *m,
                       const char *manifest, hs_sweep_headline *head, char *err, size_t errlen)
{
    static const char *const names[4] = {"sweep.csv", "tornado.csv", "summary.json",
                                         "sweep_wide.csv"};
    hs_sbuf b[4] = {{0}, {0}, {0}, {0}};
    char why[512], where[1400];
    int rc = HS_SWEEP_OUT_OK;
    hs_sweep_tab *t = hs_sweep_tab_new(m);
    FILE *f = NULL;
    if (!t || hs_sweep_header(m, &b[0]) != 0) {
        snprintf(err, errlen, "out of memory");
        hs_sweep_tab_free(t);
        hs_sbuf_free(&b[0]);
        return HS_SWEEP_OUT_FAIL;
    }
    int bad = 0;
    if (!(f = hs_output_open(out, names[0])))
        bad = 1;
    if (f)
        fwrite(b[0].s, 1, b[0].len, f);
    hs_sbuf_clear(&b[0]);
    for (;;) { /* sweep.csv: the rows as they come */
        const char *line;
        size_t len;
        int r = bad ? 0 : next(ctx, &line, &len, where, sizeof where);
        if (r == 0)
            break;
        if (r < 0) {
            snprintf(err, errlen, "%s", where);
            rc = HS_SWEEP_OUT_FAIL;
            break;
        }
        if (hs_sweep_tab_row(t, line, len, why, sizeof why) != 0) {
            snprintf(err, errlen, "%s: %s", where, why);
            rc = HS_SWEEP_OUT_BADROW;
            break;
        }
        fwrite(line, 1, len, f);
        fputc('\n', f);
    }
    if (f && (hs_output_close(out, f, names[0]) != 0))
        bad = 1;
    if (!bad && rc == 0 && hs_sweep_tab_end(t, &b[1], &b[2], &b[3], head, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: %s", m->name, why);
        /* "out of memory", else the rows are at fault */
        rc = why[0] == 'o' ? HS_SWEEP_OUT_FAIL : HS_SWEEP_OUT_BADTAB;
    }
    for (int i = 1; i < 5 && !bad && rc == 0; i++) {
        const char *nm = i < 4 ? names[i] : "manifest.json";
        FILE *g = hs_output_open(out, nm);
        if (!g) {
            bad = 1;
            break;
        }
        if (i < 4)
            fwrite(b[i].s ? b[i].s : "", 1, b[i].len, g);
        else
            fprintf(g, "%s\n", manifest ? manifest : "{}");
        bad = hs_output_close(out, g, nm) != 0;
    }
    if (rc == 0 && bad) {
        snprintf(err, errlen, "%s", out->err);
        rc = HS_SWEEP_OUT_FAIL;
    }
    hs_sweep_tab_free(t);
    for (int i = 0; i < 4; i++)
        hs_sbuf_free(&b[i]);
    return rc;
}
