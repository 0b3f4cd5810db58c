/* test_manifest.c — manifest.json's text (manifest.h): the keys
 * results/README.md documents for every command, in a fixed order, then the
 * command's own keys. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "manifest.h"
#include "tap.h"

static const char *const common[] = {"program", "command", "version", "git_commit", "config",
                                     "config_hash", "seed", "replicates", "ranks", "chunk",
                                     "resumed", "host", "started_utc", "seconds",
                                     "peak_rss_mb_per_rank", "startup_seconds"};
#define NCOMMON ((int)(sizeof common / sizeof common[0]))

int main(void)
{
    plan(24);
    hs_manifest m = {"sweep", "configs/x.ini", 0xffULL, 42, 1000, 4, 64, 1.5, 1,
                     "2026-11-30T11:00:00Z", 2048, 0.25, NULL};
    json_t *extra = json_object();
    json_object_set_new(extra, "task", json_integer(3));
    json_object_set_new(extra, "config_text", json_string("[run]\nseed = 42\n"));
    char *s = hs_manifest_text(&m, extra);
    json_t *j = s ? json_loads(s, 0, NULL) : NULL;
    ok(j != NULL && json_is_object(j), "the text is a JSON object");
    /* the order, on the text itself */
    const char *p = s ? s : "";
    for (int i = 0; i < NCOMMON && p; i++) {
        char q[64];
        snprintf(q, sizeof q, "\"%s\":", common[i]);
        p = strstr(p, q);
    }
    ok(p != NULL && strstr(p, "\"task\":") != NULL, "the common keys in their order, then the command's own");
    ok(j && strcmp(json_string_value(json_object_get(j, "program")), "hifusim") == 0, "program");
    ok(j && strcmp(json_string_value(json_object_get(j, "command")), "sweep") == 0, "command");
    ok(j && strcmp(json_string_value(json_object_get(j, "config_hash")), "00000000000000ff") == 0,
       "config_hash: 16 hex digits");
    is_int(j ? json_integer_value(json_object_get(j, "seed")) : -1, 42, "seed");
    is_int(j ? json_integer_value(json_object_get(j, "ranks")) : -1, 4, "ranks");
    is_int(j ? json_integer_value(json_object_get(j, "chunk")) : -1, 64, "chunk");
    ok(j && json_is_true(json_object_get(j, "resumed")), "resumed");
    is_double(j ? json_real_value(json_object_get(j, "seconds")) : NAN, 1.5, 1e-12, "seconds");
    is_double(j ? json_real_value(json_object_get(j, "peak_rss_mb_per_rank")) : NAN, 2.0, 1e-12,
              "peak_rss_mb_per_rank: kB / 1024");
    is_double(j ? json_real_value(json_object_get(j, "startup_seconds")) : NAN, 0.25, 1e-12,
              "startup_seconds");
    ok(j && json_object_get(j, "reductions") == NULL, "no driver stats: no reduction keys");
    ok(j && strcmp(json_string_value(json_object_get(j, "config_text")), "[run]\nseed = 42\n") == 0,
       "the command's own keys are kept verbatim");
    json_decref(j);
    free(s);
    s = hs_manifest_text(&m, NULL);
    j = s ? json_loads(s, 0, NULL) : NULL;
    is_int(j ? (long long)json_object_size(j) : -1, NCOMMON, "no extra object: the common keys only");
    json_decref(j);
    free(s);
    /* a run's costs (driver.h), after the common keys */
    hs_driver_stats st = {3, 1000, 8000, 0.5, 2, 4096, 0.125, 12345};
    m.stats = &st;
    s = hs_manifest_text(&m, NULL);
    j = s ? json_loads(s, 0, NULL) : NULL;
    is_int(j ? (long long)json_object_size(j) : -1, NCOMMON + 8, "with stats: eight keys more");
    is_int(j ? json_integer_value(json_object_get(j, "reductions")) : -1, 3, "reductions");
    is_int(j ? json_integer_value(json_object_get(j, "reduction_bytes")) : -1, 1000, "reduction_bytes");
    is_int(j ? json_integer_value(json_object_get(j, "reduction_bytes_u64")) : -1, 8000,
           "reduction_bytes_u64");
    is_double(j ? json_real_value(json_object_get(j, "reduction_seconds")) : NAN, 0.5, 1e-12,
              "reduction_seconds");
    is_int(j ? json_integer_value(json_object_get(j, "checkpoints")) : -1, 2, "checkpoints");
    is_int(j ? json_integer_value(json_object_get(j, "checkpoint_bytes")) : -1, 4096, "checkpoint_bytes");
    is_double(j ? json_real_value(json_object_get(j, "checkpoint_seconds")) : NAN, 0.125, 1e-12,
              "checkpoint_seconds");
    is_int(j ? json_integer_value(json_object_get(j, "accumulator_bytes")) : -1, 12345,
           "accumulator_bytes");
    json_decref(j);
    free(s);
    return tap_done();
}
