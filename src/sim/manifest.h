/* manifest.h — manifest.json, how a results folder was made, for every
 * command that simulates (run, plan, sweep). Keys: results/README.md. */
#ifndef HS_MANIFEST_H
#define HS_MANIFEST_H

#include <stdint.h>

#include "output.h"

struct json_t;
struct hs_driver_stats;

typedef struct hs_manifest {
    const char *command;     /* "run", "plan", "sweep" */
    const char *config_path; /* as given on the command line */
    uint64_t config_hash, seed, replicates;
    int ranks;
    uint64_t chunk;
    double seconds;          /* wall time of this process */
    int resumed;             /* continued from a checkpoint */
    const char *started;     /* ISO 8601 UTC */
    long peak_rss_kb;        /* largest peak resident set of any rank, kB */
    double startup_seconds;  /* rank 0: from entering hs_front_start to MPI up and the config resolved */
    const struct hs_driver_stats *stats; /* rank 0's reduction and checkpoint costs, or NULL (no keys) */
} hs_manifest;

/* The manifest as indented JSON text (malloc'd; free() it): the common keys
 * in a fixed order, then the keys of the command's own object extra (may be
 * NULL; the reference is taken). NULL when out of memory. */
char *hs_manifest_text(const hs_manifest *m, struct json_t *extra);

/* Stage manifest.json (hs_manifest_text and a newline) in out. Takes extra
 * as above. Returns 0, or -1 with out->err. */
int hs_manifest_write(hs_output *out, const hs_manifest *m, struct json_t *extra);

#endif
