/* fuzz_config.c — libFuzzer harness for the config parser: the input is a
 * config file's text, read by hs_inifile_parse and resolved by
 * hs_config_resolve (twice: plain, and with two "--set" overrides), then
 * printed and hashed when it resolves. Model files named by the input are
 * read from the working directory (run from the source root, the fixtures'
 * model paths resolve, so accepted configs reach the model loader too).
 * Build and run: tests/fuzz/README.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "config.h"
#include "errs.h"
#include "inifile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off(); /* as main(): library code reports GSL failures by status */
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    hs_errs *errs = malloc(sizeof *errs);
    hs_config *cfg = malloc(sizeof *cfg);
    if (!errs || !cfg)
        abort();
    hs_errs_init(errs);
    hs_inifile *st = NULL;
    hs_inifile_parse("fuzz.ini", (const char *)data, size, &st, errs);
    if (st) {
        if (hs_config_resolve(st, NULL, 0, cfg, errs) == 0) {
            hs_config_write(cfg, null);
            (void)hs_config_hash(cfg);
            /* an accepted config keeps its promises */
            if (cfg->design.nn < 1 || cfg->design.control == cfg->design.experimental ||
                !(cfg->design.alpha > 0 && cfg->design.alpha < 1) || cfg->replicates < 1)
                abort();
        }
        static const char *const sets[] = {"design.n=100, 200", "arm.x.hr=0.5"};
        hs_errs_init(errs);
        if (hs_config_resolve(st, sets, 2, cfg, errs) == 0)
            (void)hs_config_hash(cfg);
    }
    hs_errs_print(errs, null);
    for (int i = 0; i < errs->n; i++)
        if (!memchr(errs->msg[i], '\0', HS_ERR_LEN) || strchr(errs->msg[i], '\n'))
            abort(); /* every message is one terminated line */
    hs_inifile_free(st);
    free(cfg);
    free(errs);
    return 0;
}
