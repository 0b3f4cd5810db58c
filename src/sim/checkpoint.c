/* checkpoint.c — see checkpoint.h.
 *
 * Layout (uint64 words, native byte order; a checkpoint is for the machine
 * and build that wrote it):
 *   magic "HIFUCKP2", config hash, build[64 bytes], scenario, done,
 *   4 x (length, bytes padded to 8), counts words, moments words,
 *   then for k = 0 .. nwords - 1: (length, words) of hs_acc_words(k),
 *   and a final FNV-1a checksum of everything before it. */
#include "checkpoint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "version.h"

void hs_checkpoint_key(hs_ckpt_key *key, uint64_t config_hash)
{
    memset(key, 0, sizeof *key);
    key->config_hash = config_hash;
    snprintf(key->build, sizeof key->build, "%s", hs_version_build_id());
}

static const char MAGIC[8] = {'H', 'I', 'F', 'U', 'C', 'K', 'P', '2'}; /* 2: three counters, 8-word moments */

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int put(hs_sbuf *b, const void *p, size_t n) { return hs_sbuf_append(b, p, n); }
static int put64(hs_sbuf *b, uint64_t v) { return put(b, &v, sizeof v); }

int hs_checkpoint_save(const char *path, const hs_ckpt_key *key, const hs_ckpt_pos *pos,
                       const hs_ckpt_payload *pl, hs_acc *acc, char *err, size_t errlen)
{
    hs_sbuf b = {0};
    static const char zeros[8] = {0};
    put(&b, MAGIC, 8);
    put64(&b, key->config_hash);
    put(&b, key->build, sizeof key->build);
    put64(&b, pos->scenario);
    put64(&b, pos->done);
    put64(&b, (uint64_t)pl->n);
    for (int t = 0; t < pl->n; t++) {
        const hs_sbuf *sec = &pl->sec[t];
        put64(&b, sec->len);
        if (sec->len)
            put(&b, sec->s, sec->len);
        put(&b, zeros, (8 - sec->len % 8) % 8);
    }
    size_t nm = hs_acc_moment_words(acc);
    uint64_t *m = malloc(nm * sizeof *m);
    if (!m) {
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: out of memory while saving the checkpoint", path);
        return -1;
    }
    hs_acc_pack_moments(acc, m);
    put64(&b, nm);
    put(&b, m, nm * sizeof *m);
    free(m);
    put64(&b, (uint64_t)(hs_acc_nwords(acc) - 1));
    for (int k = 0; k < hs_acc_nwords(acc); k++) {
        size_t len;
        uint64_t *w = hs_acc_words(acc, k, &len);
        put64(&b, len);
        put(&b, w, len * sizeof *w);
    }
    uint64_t sum = b.s ? fnv1a((const unsigned char *)b.s, b.len) : 0;
    put64(&b, sum);
    int rc = 0;
    if (b.failed) {
        snprintf(err, errlen, "%s: out of memory while saving the checkpoint", path);
        rc = -1;
    } else if (hs_output_write_file(path, b.s, b.len) != 0) {
        snprintf(err, errlen, "%s: cannot write the checkpoint: %s", path, strerror(errno));
        rc = -1;
    }
    hs_sbuf_free(&b);
    return rc;
}

typedef struct reader {
    const unsigned char *p;
    size_t n, off;
} reader;

static int get(reader *r, void *dst, size_t n)
{
    if (r->n - r->off < n)
        return -1;
    memcpy(dst, r->p + r->off, n);
    r->off += n;
    return 0;
}

static int get64(reader *r, uint64_t *v) { return get(r, v, sizeof *v); }

int hs_checkpoint_load(const char *path, const hs_ckpt_key *key, hs_ckpt *ck,
                       hs_ckpt_payload *pl, char *err, size_t errlen)
{
    memset(ck, 0, sizeof *ck);
    hs_sbuf b = {0};
    if (hs_sbuf_read_file(&b, path) != 0) {
        int e = errno;
        hs_sbuf_free(&b);
        if (e == ENOENT)
            return 1;
        snprintf(err, errlen, "%s: cannot read the checkpoint: %s", path, hs_fileio_strerror(e));
        return -1;
    }
    reader r = {(const unsigned char *)b.s, b.len, 0};
    char magic[8], build[64] = {0};
    uint64_t hash = 0, sum = 0;
    int corrupt = b.len < 8 + 8 + 8 || get(&r, magic, 8) || memcmp(magic, MAGIC, 8) != 0;
    if (!corrupt) {
        memcpy(&sum, b.s + b.len - 8, 8);
        corrupt = sum != fnv1a((const unsigned char *)b.s, b.len - 8);
    }
    if (corrupt) {
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: not a hifusim checkpoint, or damaged; delete it to start over",
                 path);
        return -1;
    }
    if (get64(&r, &hash) || get(&r, build, sizeof build) || hash != key->config_hash || memcmp(build, key->build, sizeof build) != 0) {
        hs_sbuf_free(&b);
        snprintf(err, errlen,
                 "%s: checkpoint is from another %s; expected one written by this build for this "
                 "config (delete it, or run without --resume)",
                 path, hash != key->config_hash ? "config (or --set/--seed/--replicates)" : "build");
        return -1;
    }
    if (get64(&r, &ck->pos.scenario) || get64(&r, &ck->pos.done)) {
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: damaged checkpoint", path);
        return -1;
    }
    uint64_t nsec;
    if (get64(&r, &nsec) || nsec != (uint64_t)pl->n) {
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: damaged checkpoint, or one another command wrote", path);
        return -1;
    }
    for (int t = 0; t < pl->n; t++) {
        uint64_t len;
        if (get64(&r, &len) || len > r.n - r.off) {
            hs_sbuf_free(&b);
            snprintf(err, errlen, "%s: damaged checkpoint", path);
            return -1;
        }
        hs_sbuf_append(&pl->sec[t], (const char *)r.p + r.off, (size_t)len);
        r.off += (size_t)(len + (8 - len % 8) % 8);
    }
    ck->data = (unsigned char *)b.s;
    ck->size = b.len - 8;
    ck->acc_off = r.off;
    return 0;
}

int hs_checkpoint_restore(const hs_ckpt *ck, hs_acc *acc)
{
    reader r = {ck->data, ck->size, ck->acc_off};
    uint64_t nm, nstat;
    if (get64(&r, &nm) || nm != hs_acc_moment_words(acc) || nm * 8 > r.n - r.off)
        return -1;
    hs_acc_load_moments(acc, (const uint64_t *)(const void *)(r.p + r.off));
    r.off += (size_t)nm * 8;
    if (get64(&r, &nstat) || nstat != (uint64_t)(hs_acc_nwords(acc) - 1))
        return -1;
    for (int k = 0; k < hs_acc_nwords(acc); k++) {
        size_t len;
        uint64_t *w = hs_acc_words(acc, k, &len);
        uint64_t got;
        if (get64(&r, &got) || got != len || get(&r, w, len * sizeof *w))
            return -1;
    }
    return 0;
}

void hs_checkpoint_release(hs_ckpt *ck)
{
    free(ck->data);
    memset(ck, 0, sizeof *ck);
}
