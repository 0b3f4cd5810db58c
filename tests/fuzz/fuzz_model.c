/* fuzz_model.c — libFuzzer harness for the model-file parser: the input is
 * written to a private temporary file and read by hs_model_load against a
 * fixed cohort (mets 1, 2-3, 4+; kras wt, mut; line 1, 2, 3+). An accepted
 * model must pass hs_hazard_check and give survival in [0, 1] at a few
 * times. Build and run: tests/fuzz/README.md. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <unistd.h>

#include "errs.h"
#include "hazard.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cov_set(hs_covariate *c, const char *name, int n, const char *const *lv,
                    const double *p)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->nlevels = n;
    double s = 0;
    for (int i = 0; i < n; i++) {
        snprintf(c->level[i], sizeof c->level[i], "%s", lv[i]);
        c->prob[i] = p[i];
        s += p[i];
        c->cum[i] = s;
    }
    c->cum[n - 1] = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as main(): library code reports GSL failures by status */
    static char path[64];
    static hs_covariate cov[3];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/hs_fuzz_model_%ld.ini", (long)getpid());
        static const char *const mets[] = {"1", "2-3", "4+"}, *const kras[] = {"wt", "mut"},
                                 *const line[] = {"1", "2", "3+"};
        static const double pm[] = {0.45, 0.40, 0.15}, pk[] = {0.6, 0.4}, pl[] = {0.5, 0.3, 0.2};
        cov_set(&cov[0], "mets", 3, mets, pm);
        cov_set(&cov[1], "kras", 2, kras, pk);
        cov_set(&cov[2], "line", 3, line, pl);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    hs_errs *errs = malloc(sizeof *errs);
    if (!errs)
        abort();
    hs_errs_init(errs);
    hs_model m;
    if (hs_model_load(path, 3, cov, NULL, &m, errs) == 0) {
        if (hs_hazard_check(&m.hazard, NULL, 0) != 0)
            abort(); /* accepted but invalid */
        static const double t[] = {0, 1, 12, 60, 600};
        for (int i = 0; i < 5; i++) {
            double s = hs_hazard_S(&m.hazard, m.beta[0][2], t[i]);
            if (!(s >= 0 && s <= 1))
                abort();
        }
    } else if (hs_errs_count(errs) == 0) {
        abort(); /* rejected without a message */
    }
    free(errs);
    return 0;
}
