/* front.h — pieces shared by the MPI front ends (run, plan, sweep). */
#ifndef HS_FRONT_H
#define HS_FRONT_H

#include <stdint.h>

#include "checkpoint.h"
#include "config.h"
#include "output.h"
#include "sweep_out.h"

/* Options the MPI front ends share. A command lists the ones it takes in its
 * getopt_long table with the HS_FRONT_* entries below, hands every code to
 * hs_front_opt(), and keeps its own options beside them. */
#define HS_FRONT_OVERRIDES_MAX 256

typedef struct hs_front_opts {
    const char *config, *out;
    const char *set[HS_FRONT_OVERRIDES_MAX]; /* --set, then --replicates/--seed as overrides */
    int nset;
    char own[2][64];
    int resume, quiet, no_report, also_conditional;
    uint64_t chunk;
    double ckpt_every;
} hs_front_opts;

enum {
    HS_OPT_OUT = 1000,
    HS_OPT_REPLICATES,
    HS_OPT_SEED,
    HS_OPT_SET,
    HS_OPT_RESUME,
    HS_OPT_QUIET,
    HS_OPT_CHUNK,
    HS_OPT_CKPT,
    HS_OPT_NOREPORT,
    HS_OPT_ALSOCOND
};
#define HS_FRONT_OUT {"out", required_argument, NULL, HS_OPT_OUT}
#define HS_FRONT_REPLICATES {"replicates", required_argument, NULL, HS_OPT_REPLICATES}
#define HS_FRONT_SEED {"seed", required_argument, NULL, HS_OPT_SEED}
#define HS_FRONT_SET {"set", required_argument, NULL, HS_OPT_SET}
#define HS_FRONT_RESUME {"resume", no_argument, NULL, HS_OPT_RESUME}
#define HS_FRONT_QUIET {"quiet", no_argument, NULL, HS_OPT_QUIET}
#define HS_FRONT_CHUNK {"chunk", required_argument, NULL, HS_OPT_CHUNK}
#define HS_FRONT_CKPT {"checkpoint-every", required_argument, NULL, HS_OPT_CKPT}
#define HS_FRONT_NOREPORT {"no-report", no_argument, NULL, HS_OPT_NOREPORT}
/* --also-conditional: the override prior.conditional=yes (design.md "Assurance") */
#define HS_FRONT_ALSOCOND {"also-conditional", no_argument, NULL, HS_OPT_ALSOCOND}

/* Defaults: chunk as given, checkpoints every 300 s, the rest empty. */
void hs_front_opts_init(hs_front_opts *o, uint64_t chunk);
/* One getopt_long code: 0 taken, 1 taken but bad (rank 0 printed why),
 * -1 not a shared option. */
int hs_front_opt(hs_front_opts *o, int c, const char *arg, int root);
/* A command's own option: 0 taken, 1 taken but bad (rank 0 printed why),
 * -1 not its own. */
typedef int (*hs_front_own_fn)(void *ctx, int c, const char *arg, int root);
struct option;
/* The option loop of `hifusim CMD`: --help prints usage (rank 0) and
 * returns -1; every other code goes to own(ctx, ...) (may be NULL), then to
 * hs_front_opt; then hs_front_opts_end. o is initialised by the caller
 * (hs_front_opts_init). Returns 0, 2 (rank 0 printed why) or -1. */
int hs_front_parse(hs_front_opts *o, int argc, char **argv, const char *cmd,
                   const struct option *longopts, const char *usage, hs_front_own_fn own, void *ctx,
                   int root);
/* After the option loop: exactly one CONFIG operand, and --replicates and
 * --seed appended to the overrides. `bad` carries earlier failures. Returns
 * 0, or 2 (rank 0 printed why). */
int hs_front_opts_end(hs_front_opts *o, int argc, char **argv, const char *cmd, int bad, int root);

/* Rank 0: lock DIR and stage its new file set (output.h), for `cmd`
 * ("hifusim run"). Returns 0, or the exit code after printing why: 2 if
 * another command holds DIR, 1 otherwise. */
struct hs_output;
int hs_front_output_begin(struct hs_output *out, const char *dir, const char *cmd, int replaces);

/* The outcome of the report a command writes with its results. */
typedef struct hs_front_rep {
    int rc;          /* 0 written; 1 failed (a write or a plot): the exit code */
    char msg[4096];  /* what to print after the results are in place */
    int to_stderr;
} hs_front_rep;

/* Rank 0, with the results staged in out->stage: write report.html and
 * plots/ into the stage too (report.h), so that they are swapped in with
 * the results and the plot set is replaced as a whole. A failed write
 * leaves no report file in the stage (the results are still committed).
 * The outcome is the one `hifusim report DIR` gives on the same folder. */
void hs_front_report(const struct hs_output *out, hs_front_rep *r);
/* Rank 0, with the results staged in out->stage: write methods.md and the
 * headline tables (methods.h) into the stage, read back from the staged
 * result files (so --no-report does not skip them: they are results). On
 * failure none of the four is staged, the reason is printed to stderr and
 * the result is 1 (the other results are still committed); else 0. */
int hs_front_methods(const struct hs_output *out);
/* Print r->msg. */
void hs_front_report_print(const hs_front_rep *r);

/* Rank 0, with out locked (a sweep's or merge's folder): stage the sweep's
 * tables from its rows (sweep_out.h), the report too when rep is not NULL,
 * swap them in and print the headline to stdout unless quiet. Prints its
 * own errors. Returns 0, 1 on failure, or 2 when the rows are malformed,
 * out of order or incomplete (then nothing is written). */
int hs_front_sweep_tables(hs_output *out, hs_sweep_next_fn next, void *ctx, const hs_sweep_meta *m,
                          const char *manifest, int quiet, hs_front_rep *rep);

/* The skeleton every MPI front end (run, plan, sweep) reads as:
 *   hs_front_start (MPI, the command's options, the config) ->
 *   its own checks -> hs_front_lock -> the work -> results -> hs_front_end.
 * It holds what the three share: the start time, the resolved config, the
 * locked output folder (rank 0) and the loaded checkpoint (rank 0). */
typedef struct hs_front {
    int root;          /* this is rank 0 */
    double t0;         /* hs_par_time() when the config was loaded */
    double startup;    /* seconds from entering hs_front_start to the config resolved */
    char started[32];  /* the same instant, ISO 8601 UTC */
    hs_config *cfg;    /* after hs_front_start; freed by hs_front_end */
    hs_output out;     /* rank 0: the locked output folder and its stage */
    int have_out;
    hs_ckpt ck;        /* rank 0: the checkpoint --resume loaded */
    int resumed;
} hs_front;

/* A command's option parser: 0, 2 (bad usage, rank 0 printed why) or -1
 * (--help printed). */
typedef int (*hs_front_args_fn)(int argc, char **argv, void *opts, int root);
/* The prolog: MPI, the command's options (args into opts, whose shared
 * part is *shared) and the config (every rank resolves the same one, and a
 * fault is reported once). Returns -1 to go on,
 * else the exit code, with everything ended: 0 (--help), 1 (MPI did not
 * start) or 2 (printed). */
int hs_front_start(hs_front *f, int *argc, char ***argv, hs_front_args_fn args, void *opts,
                   const hs_front_opts *shared);
/* Rank 0 only: lock DIR for `cmd` (hs_front_output_begin) and, when ckpt is
 * not NULL (--resume), load the checkpoint at ckpt with key into payload
 * (a missing one is said and the run starts over). Returns 0, or the exit
 * code after printing why. The caller makes every rank learn it. */
int hs_front_lock(hs_front *f, const char *dir, const char *cmd, int replaces, const char *ckpt,
                  const hs_ckpt_key *key, hs_ckpt_payload *payload);
/* Collective: the largest peak resident set of any rank, kB. */
long hs_front_peak_rss(void);
/* The manifest (manifest.h) of a `command` run with options o, from its
 * start time, config and checkpoint, with this instant's wall time. */
struct hs_manifest;
void hs_front_manifest(const hs_front *f, const char *command, const hs_front_opts *o, long rss_kb,
                       struct hs_manifest *m);
/* Epilog on every rank: unlock the folder, release the checkpoint, free the
 * config, finalize MPI. Returns rc. */
int hs_front_end(hs_front *f, int rc);

#endif
