/* checkpoint.h — save and restore a run's progress, atomically.
 *
 * A checkpoint holds: the key (config hash and build identity), the position
 * (scenario number within the run and replicates of it already folded in),
 * the finished scenarios' output as opaque text sections, and the current
 * scenario's accumulators (acc.h images, varint-coded with zero runs: about
 * 3% of hs_acc_bytes() for the default design after 20000 replicates; a word
 * below 2^56 takes at most 8 bytes, a zero 2). It is written to PATH.tmp,
 * synced and renamed, so a crash while saving leaves the previous checkpoint. */
#ifndef HS_CHECKPOINT_H
#define HS_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "acc.h"
#include "sbuf.h"

/* The caller's record of its finished work, saved and restored as opaque
 * byte sections: n sections sec[0..n) (the caller decides what they hold;
 * a load expects the same n). */
typedef struct hs_ckpt_payload {
    hs_sbuf *sec;
    int n;
} hs_ckpt_payload;

typedef struct hs_ckpt_key {
    uint64_t config_hash;
    char build[64]; /* hs_version_build_id(): version and source hash */
} hs_ckpt_key;

/* The key of this build for a config hash: build = hs_version_build_id(). */
void hs_checkpoint_key(hs_ckpt_key *key, uint64_t config_hash);

typedef struct hs_ckpt_pos {
    uint64_t scenario; /* position in the run's scenario list */
    uint64_t done;     /* replicates of that scenario already in the accumulators */
} hs_ckpt_pos;

/* Save. Returns 0, or -1 with a message in err. */
int hs_checkpoint_save(const char *path, const hs_ckpt_key *key, const hs_ckpt_pos *pos,
                       const hs_ckpt_payload *pl, hs_acc *acc, char *err, size_t errlen);

/* A checkpoint read into memory. */
typedef struct hs_ckpt {
    unsigned char *data;
    size_t size, acc_off;
    hs_ckpt_pos pos;
} hs_ckpt;

/* Read and check against key: 0; 1 if there is no file; -1 (message in err)
 * if unreadable, corrupt (checksum, or coded accumulators that do not
 * decode), in another format version, or from another config or build. On 0 the payload's
 * sections are appended to pl->sec[] and *pos is set. */
int hs_checkpoint_load(const char *path, const hs_ckpt_key *key, hs_ckpt *ck,
                       hs_ckpt_payload *pl, char *err, size_t errlen);
/* Restore the accumulators (allocated for the checkpoint's scenario).
 * Returns 0, or -1 if the image does not fit acc (acc is then unchanged). */
int hs_checkpoint_restore(const hs_ckpt *ck, hs_acc *acc);
void hs_checkpoint_release(hs_ckpt *ck);

#endif
