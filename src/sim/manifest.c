/* manifest.c — see manifest.h. */
#include "manifest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "driver.h"
#include "version.h"

char *hs_manifest_text(const hs_manifest *m, json_t *extra)
{
    char host[256] = "unknown", hash[32];
    gethostname(host, sizeof host - 1);
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)m->config_hash);
    json_t *j = json_object();
    if (!j) {
        json_decref(extra);
        return NULL;
    }
    json_object_set_new(j, "program", json_string("hifusim"));
    json_object_set_new(j, "command", json_string(m->command));
    json_object_set_new(j, "version", json_string(hs_version()));
    json_object_set_new(j, "git_commit", json_string(hs_version_git_commit()));
    json_object_set_new(j, "config", json_string(m->config_path));
    json_object_set_new(j, "config_hash", json_string(hash));
    json_object_set_new(j, "seed", json_integer((json_int_t)m->seed));
    json_object_set_new(j, "replicates", json_integer((json_int_t)m->replicates));
    json_object_set_new(j, "ranks", json_integer(m->ranks));
    json_object_set_new(j, "chunk", json_integer((json_int_t)m->chunk));
    json_object_set_new(j, "resumed", json_boolean(m->resumed));
    json_object_set_new(j, "host", json_string(host));
    json_object_set_new(j, "started_utc", json_string(m->started));
    json_object_set_new(j, "seconds", json_real(m->seconds));
    json_object_set_new(j, "peak_rss_mb_per_rank", json_real((double)m->peak_rss_kb / 1024.0));
    json_object_set_new(j, "startup_seconds", json_real(m->startup_seconds));
    const hs_driver_stats *st = m->stats;
    if (st) {
        json_object_set_new(j, "reductions", json_integer((json_int_t)st->reductions));
        json_object_set_new(j, "reduction_bytes", json_integer((json_int_t)st->reduction_bytes));
        json_object_set_new(j, "reduction_bytes_u64",
                            json_integer((json_int_t)st->reduction_bytes_u64));
        json_object_set_new(j, "reduction_seconds", json_real(st->reduction_seconds));
        json_object_set_new(j, "checkpoints", json_integer((json_int_t)st->checkpoints));
        json_object_set_new(j, "checkpoint_bytes", json_integer((json_int_t)st->checkpoint_bytes));
        json_object_set_new(j, "checkpoint_seconds", json_real(st->checkpoint_seconds));
        json_object_set_new(j, "accumulator_bytes", json_integer((json_int_t)st->accumulator_bytes));
    }
    if (extra)
        json_object_update(j, extra);
    json_decref(extra);
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

int hs_manifest_write(hs_output *out, const hs_manifest *m, json_t *extra)
{
    char *s = hs_manifest_text(m, extra);
    FILE *f = s ? hs_output_open(out, "manifest.json") : NULL;
    if (!s)
        snprintf(out->err, sizeof out->err, "manifest.json: out of memory");
    if (f)
        fprintf(f, "%s\n", s);
    free(s);
    return f && hs_output_close(out, f, "manifest.json") == 0 ? 0 : -1;
}
