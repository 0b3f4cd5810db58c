/* checkpoint.c — see checkpoint.h.
 *
 * Layout, format 3 (native byte order; a checkpoint is for the machine and
 * build that wrote it):
 *   magic "HIFUCKP3", then uint64 words: config hash, build[64 bytes],
 *   scenario, done, number of sections, and per section (length, bytes
 *   padded to 8);
 *   then the accumulators as a byte stream: the packed moments as one coded
 *   array, the count of hs_acc_words arrays less one, and each array coded;
 *   last, a uint64 FNV-1a checksum of everything before it.
 * A coded array is varint(length) then tokens until length words are out:
 * varint(v) with v != 0 is the word v; 0 then varint(r) is r + 1 zero words.
 * varint: LEB128, 7 bits per byte, low bits first, at most 10 bytes, no
 * redundant trailing zero byte. Histogram bins far from the mass are zero,
 * so the file is a small fraction of the accumulators (acc.h: hs_acc_bytes). */
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

/* 3: varint-coded accumulators (2: raw words; three counters, 8-word moments) */
#define CKPT_VERSION '3'
static const char MAGIC[8] = {'H', 'I', 'F', 'U', 'C', 'K', 'P', CKPT_VERSION};

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

/* The coder's output: bytes gather in buf and go to the sbuf in blocks. */
#define VARINT_MAX 10
typedef struct coder {
    hs_sbuf *b;
    size_t n;
    unsigned char buf[4096];
} coder;

static void flush(coder *c)
{
    put(c->b, c->buf, c->n);
    c->n = 0;
}

static void put_varint(coder *c, uint64_t v)
{
    if (c->n > sizeof c->buf - VARINT_MAX)
        flush(c);
    while (v >= 0x80) {
        c->buf[c->n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    c->buf[c->n++] = (unsigned char)v;
}

static void put_array(coder *c, const uint64_t *w, size_t len)
{
    put_varint(c, len);
    for (size_t i = 0; i < len;) {
        if (w[i]) {
            put_varint(c, w[i++]);
            continue;
        }
        size_t j = i + 1;
        while (j < len && !w[j])
            j++;
        put_varint(c, 0);
        put_varint(c, (uint64_t)(j - i - 1));
        i = j;
    }
}

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
    coder *c = malloc(sizeof *c);
    if (!m || !c) {
        free(m);
        free(c);
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: out of memory while saving the checkpoint", path);
        return -1;
    }
    c->b = &b;
    c->n = 0;
    hs_acc_pack_moments(acc, m);
    put_array(c, m, nm);
    free(m);
    put_varint(c, (uint64_t)(hs_acc_nwords(acc) - 1));
    for (int k = 0; k < hs_acc_nwords(acc); k++) {
        size_t len;
        const uint64_t *w = hs_acc_words(acc, k, &len);
        put_array(c, w, len);
    }
    flush(c);
    free(c);
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

/* One varint: 0, or -1 if truncated, longer than 64 bits or not in its
 * shortest form. */
static int get_varint(reader *r, uint64_t *v)
{
    uint64_t x = 0;
    for (unsigned i = 0; i < VARINT_MAX; i++) {
        if (r->off >= r->n)
            return -1;
        unsigned byte = r->p[r->off++];
        if (i == VARINT_MAX - 1 && byte > 1)
            return -1; /* bits beyond 64 */
        x |= (uint64_t)(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80)) {
            if (byte == 0 && i > 0)
                return -1; /* a redundant zero byte */
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* One coded array of want words into dst (NULL: check only). 0, or -1 if
 * its length is not want or the tokens are damaged (a run past the end). */
static int get_array(reader *r, uint64_t *dst, size_t want)
{
    uint64_t len, v, run;
    if (get_varint(r, &len) || len != want)
        return -1;
    for (size_t i = 0; i < want;) {
        if (get_varint(r, &v))
            return -1;
        if (v) {
            if (dst)
                dst[i] = v;
            i++;
            continue;
        }
        if (get_varint(r, &run) || run >= want - i)
            return -1;
        if (dst)
            memset(dst + i, 0, (size_t)(run + 1) * sizeof *dst);
        i += (size_t)run + 1;
    }
    return 0;
}

/* The length of the next coded array, which stays unread. */
static int peek_len(const reader *r, uint64_t *len)
{
    reader t = *r;
    return get_varint(&t, len);
}

/* Walk the accumulators' stream to its end (load's check of a damaged file). */
static int check_stream(reader *r)
{
    uint64_t len, nstat;
    if (peek_len(r, &len) || len > SIZE_MAX / sizeof(uint64_t) || get_array(r, NULL, (size_t)len))
        return -1;
    if (get_varint(r, &nstat) || nstat >= r->n)
        return -1;
    for (uint64_t k = 0; k <= nstat; k++)
        if (peek_len(r, &len) || len > SIZE_MAX / sizeof(uint64_t) || get_array(r, NULL, (size_t)len))
            return -1;
    return r->off == r->n ? 0 : -1; /* trailing bytes */
}

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
    int corrupt = b.len < 8 + 8 + 8 || get(&r, magic, 8) || memcmp(magic, MAGIC, 7) != 0;
    if (!corrupt && magic[7] != CKPT_VERSION) {
        hs_sbuf_free(&b);
        if (magic[7] >= '1' && magic[7] <= '9')
            snprintf(err, errlen,
                     "%s: checkpoint is in format %c, from another version of hifusim; expected "
                     "format %c, written by this build (delete it, or run without --resume)",
                     path, magic[7], CKPT_VERSION);
        else
            snprintf(err, errlen,
                     "%s: not a hifusim checkpoint, or damaged; delete it to start over", path);
        return -1;
    }
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
    r.n = b.len - 8; /* the checksum is not part of the content */
    if (get64(&r, &hash) || get(&r, build, sizeof build)) {
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: damaged checkpoint", path);
        return -1;
    }
    if (hash != key->config_hash || memcmp(build, key->build, sizeof build) != 0) {
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
        if (get64(&r, &len) || len > r.n - r.off || (8 - len % 8) % 8 > r.n - r.off - len) {
            hs_sbuf_free(&b);
            snprintf(err, errlen, "%s: damaged checkpoint", path);
            return -1;
        }
        hs_sbuf_append(&pl->sec[t], (const char *)r.p + r.off, (size_t)len);
        r.off += (size_t)(len + (8 - len % 8) % 8);
    }
    size_t acc_off = r.off;
    if (check_stream(&r) != 0) {
        for (int t = 0; t < pl->n; t++)
            hs_sbuf_clear(&pl->sec[t]);
        hs_sbuf_free(&b);
        snprintf(err, errlen, "%s: damaged checkpoint (its accumulators)", path);
        return -1;
    }
    ck->data = (unsigned char *)b.s;
    ck->size = b.len - 8;
    ck->acc_off = acc_off;
    return 0;
}

/* The stream against acc's shape (dst NULL) or into acc: 0 or -1. */
static int restore_pass(const hs_ckpt *ck, hs_acc *acc, uint64_t *m, int write)
{
    reader r = {ck->data, ck->size, ck->acc_off};
    uint64_t nstat;
    if (get_array(&r, write ? m : NULL, hs_acc_moment_words(acc)))
        return -1;
    if (get_varint(&r, &nstat) || nstat != (uint64_t)(hs_acc_nwords(acc) - 1))
        return -1;
    for (int k = 0; k < hs_acc_nwords(acc); k++) {
        size_t len;
        uint64_t *w = hs_acc_words(acc, k, &len);
        if (get_array(&r, write ? w : NULL, len))
            return -1;
    }
    if (r.off != r.n)
        return -1;
    if (write)
        hs_acc_load_moments(acc, m);
    return 0;
}

int hs_checkpoint_restore(const hs_ckpt *ck, hs_acc *acc)
{
    if (!ck->data)
        return -1;
    uint64_t *m = malloc(hs_acc_moment_words(acc) * sizeof *m + 1);
    /* the shape first, so a mismatch leaves acc untouched */
    int rc = m ? restore_pass(ck, acc, m, 0) : -1;
    if (rc == 0)
        rc = restore_pass(ck, acc, m, 1);
    free(m);
    return rc;
}

void hs_checkpoint_release(hs_ckpt *ck)
{
    free(ck->data);
    memset(ck, 0, sizeof *ck);
}
