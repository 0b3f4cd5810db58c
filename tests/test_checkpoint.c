/* test_checkpoint.c — checkpoint save / load / restore (checkpoint.h):
 *   - a round trip reproduces the position, the text sections and the
 *     accumulators bit for bit (packed moments + every word array);
 *   - a missing file is reported as 1 (start from the beginning);
 *   - a checkpoint from another config hash or build is refused (-1) with a
 *     message naming which;
 *   - a damaged file (truncated to every length, one flipped byte anywhere,
 *     an empty file, garbage) is refused (-1) with a message;
 *   - the coded accumulators (format 3: varints with zero runs) are checked
 *     on their own: with a valid checksum, every truncation of the file, a
 *     truncated or overlong varint, a zero run past an array's end and
 *     trailing bytes are refused as damaged;
 *   - a format-2 checkpoint (raw words) is refused, naming its format;
 *   - random sparse and dense arrays, with words near 2^64 - 1, round-trip
 *     bit for bit;
 *   - the checkpoint of configs/default.ini's accumulators after 2000
 *     replicates is smaller than the accumulators (hs_acc_bytes);
 *   - restoring into the accumulators of another scenario shape is refused. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accfix.h"
#include "config.h"
#include "errs.h"
#include "scenfix.h"
#include "checkpoint.h"
#include "engine.h"
#include "tap.h"

#define NSEC 5 /* the caller decides how many payload sections */

static char dir[64] = "/tmp/hs_test_ckpt_XXXXXX";
static char path[128];

static unsigned char *slurp(const char *p, size_t *n)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)len + 1);
    *n = b ? fread(b, 1, (size_t)len, f) : 0;
    fclose(f);
    return b;
}

static void spit(const char *p, const unsigned char *b, size_t n)
{
    FILE *f = fopen(p, "wb");
    if (f) {
        if (n)
            fwrite(b, 1, n, f);
        fclose(f);
    }
}

/* The file's checksum (checkpoint.c): FNV-1a 64 of every byte before it. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Write b[0..n) and a valid checksum after it: only the decoder can object. */
static void spit_summed(const char *p, const unsigned char *b, size_t n)
{
    unsigned char *c = malloc(n + 8);
    if (!c)
        return;
    memcpy(c, b, n);
    uint64_t sum = fnv1a(b, n);
    memcpy(c + n, &sum, 8);
    spit(p, c, n + 8);
    free(c);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* Fill every array of a: sparse (mostly zero runs, some huge words), dense
 * (random 64-bit words), or the edge values of the varint code. */
static void fill_random(hs_acc *a)
{
    static const uint64_t edge[] = {UINT64_MAX, UINT64_MAX - 1, 1ULL << 63, (1ULL << 63) - 1, 0,
                                    0, 127, 128, 16383, 16384, 1, 0, (1ULL << 56) - 1, 1ULL << 56};
    size_t ne = sizeof edge / sizeof edge[0];
    for (int k = 0; k < hs_acc_nwords(a); k++) {
        size_t len;
        uint64_t *w = hs_acc_words(a, k, &len);
        for (size_t i = 0; i < len; i++) {
            uint64_t r = rnd64();
            switch (k % 3) {
            case 0:
                w[i] = r % 16 ? 0 : r % 3 ? r >> (r % 64) : UINT64_MAX - r % 4;
                break;
            case 1:
                w[i] = rnd64();
                break;
            default:
                w[i] = edge[(i + (size_t)k) % ne];
            }
        }
    }
    size_t nm = hs_acc_moment_words(a);
    uint64_t *m = malloc(nm * sizeof *m);
    if (!m)
        return;
    for (size_t i = 0; i < nm; i++)
        m[i] = i % 5 == 0 ? UINT64_MAX : rnd64() >> (i % 64);
    hs_acc_load_moments(a, m);
    free(m);
}

/* The accumulators of configs/default.ini's first scenario after n
 * replicates, or NULL. *e is the engine that holds them (free it). */
static hs_acc *default_acc(uint64_t n, hs_engine **e)
{
    hs_config *c = malloc(sizeof *c);
    hs_errs *errs = malloc(sizeof *errs);
    hs_scenario *sc = malloc(sizeof *sc);
    char why[256] = "";
    *e = NULL;
    if (c && errs && sc) {
        hs_errs_init(errs);
        if (hs_config_load(HS_SOURCE_DIR "/configs/default.ini", NULL, 0, c, errs) == 0 &&
            hs_scenario_from_config(c, 0, 0, sc, why, sizeof why) == 0)
            *e = hs_engine_alloc(sc, why, sizeof why);
    }
    free(c);
    free(errs);
    free(sc);
    if (!*e)
        return NULL;
    hs_engine_run(*e, 0, n);
    return hs_engine_acc(*e);
}

/* Load path with key; returns the status, fills err. */
static int try_load(const hs_ckpt_key *key, char *err, size_t errlen)
{
    hs_ckpt ck;
    hs_sbuf text[NSEC] = {{0}};
    err[0] = '\0';
    int rc = hs_checkpoint_load(path, key, &ck, &(hs_ckpt_payload){text, NSEC}, err, errlen);
    hs_checkpoint_release(&ck);
    for (int t = 0; t < NSEC; t++)
        hs_sbuf_free(&text[t]);
    return rc;
}

int main(void)
{
    plan(11 + 6 + 6 + 12 + 1 + 2 + 2 + 1 + 2);
    if (!mkdtemp(dir)) {
        ok(0, "mkdtemp");
        return tap_done();
    }
    snprintf(path, sizeof path, "%s/.checkpoint", dir);

    hs_scenario sc;
    scenfix f;
    scenfix_weibull(&f);
    f.index = 1;
    scenfix_scenario(&f, &sc);
    char why[256] = "";
    hs_engine *e = hs_engine_alloc(&sc, why, sizeof why);
    hs_acc *back = hs_acc_alloc(&sc);
    if (!e || !back) {
        ok(0, "allocation: %s", *why ? why : "?");
        return tap_done();
    }
    hs_engine_run(e, 0, 77);
    hs_acc *acc = hs_engine_acc(e);

    hs_ckpt_key key = {0x0123456789abcdefULL, "hifusim 0.1.0 abc123"};
    hs_ckpt_pos pos = {1, 77};
    hs_sbuf text[NSEC] = {{0}};
    hs_sbuf_printf(&text[0], "0,60,300,155,0.51\n");     /* 18 bytes: padding */
    hs_sbuf_printf(&text[2], "{\"scenario\":0,\"n\":60}\n"); /* text[1], text[3] empty */
    hs_sbuf_printf(&text[3], "12345678");                 /* exactly 8 bytes */
    char err[1400];
    int rc = hs_checkpoint_save(path, &key, &pos, &(hs_ckpt_payload){text, NSEC}, acc, err, sizeof err);
    is_int(rc, 0, "save");
    ok(access(path, F_OK) == 0, "checkpoint file exists");

    hs_ckpt ck;
    hs_sbuf got[NSEC] = {{0}};
    rc = hs_checkpoint_load(path, &key, &ck, &(hs_ckpt_payload){got, NSEC}, err, sizeof err);
    is_int(rc, 0, "load with the same key");
    ok(ck.pos.scenario == 1 && ck.pos.done == 77, "position restored (scenario 1, 77 done)");
    int texts = 1;
    for (int t = 0; t < NSEC; t++)
        texts &= got[t].len == text[t].len && (!got[t].len || !memcmp(got[t].s, text[t].s, got[t].len));
    ok(texts, "the four text sections round-trip (including empty and 8-byte ones)");
    ok(!accfix_equal(back, acc), "fresh accumulators differ before restore");
    is_int(hs_checkpoint_restore(&ck, back), 0, "restore");
    ok(accfix_equal(back, acc), "restored accumulators bit-identical (moments + words)");

    /* resume: continue both and compare */
    hs_engine *e2 = hs_engine_alloc(&sc, why, sizeof why);
    hs_engine_run(e2, 0, 120);
    hs_engine_run(e, 77, 43);
    ok(accfix_equal(hs_engine_acc(e), hs_engine_acc(e2)), "0..76 then 77..119 = 0..119 in one go");
    hs_scenario other = sc;
    other.ngrid = 7;
    hs_acc *wrong = hs_acc_alloc(&other);
    is_int(hs_checkpoint_restore(&ck, wrong), -1, "restore into another scenario's shape refused");
    hs_acc_free(wrong);
    hs_checkpoint_release(&ck);
    ok(ck.data == NULL, "release clears");
    for (int t = 0; t < NSEC; t++)
        hs_sbuf_free(&got[t]);

    /* another config or build */
    hs_ckpt_key k2 = key;
    k2.config_hash ^= 1;
    rc = try_load(&k2, err, sizeof err);
    is_int(rc, -1, "another config hash refused");
    diag("%s", err);
    ok(strstr(err, "another config") && strstr(err, path), "message names the config and the file");
    k2 = key;
    k2.build[8] = 'X';
    rc = try_load(&k2, err, sizeof err);
    is_int(rc, -1, "another build refused");
    diag("%s", err);
    ok(strstr(err, "another build") != NULL, "message names the build");

    /* missing */
    char other_path[160];
    snprintf(other_path, sizeof other_path, "%s", path);
    remove(path);
    is_int(try_load(&key, err, sizeof err), 1, "no file: 1 (start from the beginning)");
    hs_checkpoint_save(path, &key, &pos, &(hs_ckpt_payload){text, NSEC}, acc, err, sizeof err);
    is_int(try_load(&key, err, sizeof err), 0, "saved again: loads");

    /* damage */
    size_t n = 0;
    unsigned char *orig = slurp(path, &n);
    if (!orig || n < 64) {
        ok(0, "read back the checkpoint");
        return tap_done();
    }
    diag("checkpoint of the 77-replicate accumulators: %zu bytes", n);
    int refused = 0, msg = 1, trials = 0;
    /* every truncation: the checksum no longer matches */
    for (size_t len = 0; len < n; len++, trials++) {
        spit(path, orig, len);
        refused += try_load(&key, err, sizeof err) == -1;
        msg &= strstr(err, "damaged") != NULL;
    }
    is_int(refused, trials, "truncated to each of 0 .. %zu bytes: all refused", n - 1);
    ok(msg, "with a 'damaged' message: %s", err);
    /* every truncation with a valid checksum after it: the decoder refuses */
    refused = 0;
    trials = 0;
    msg = 1;
    for (size_t len = 24; len + 8 < n; len++, trials++) {
        spit_summed(path, orig, len);
        refused += try_load(&key, err, sizeof err) == -1;
        msg &= strstr(err, "damaged") != NULL;
    }
    is_int(refused, trials, "truncated to each of 24 .. %zu bytes, checksum recomputed: all refused",
           n - 9);
    ok(msg, "with a 'damaged' message: %s", err);
    /* flipped bytes: header, key, position, text, accumulators, checksum */
    refused = 0;
    trials = 0;
    for (size_t at = 0; at < n; at += n / 97 + 1, trials++) {
        orig[at] ^= 0x10;
        spit(path, orig, n);
        orig[at] ^= 0x10;
        refused += try_load(&key, err, sizeof err) == -1;
    }
    orig[n - 1] ^= 1;
    spit(path, orig, n);
    orig[n - 1] ^= 1;
    refused += try_load(&key, err, sizeof err) == -1;
    trials++;
    is_int(refused, trials, "one flipped byte (%d positions, incl. the checksum): all refused", trials);
    const char junk[] = "this is not a checkpoint at all, just some text that is long enough\n";
    spit(path, (const unsigned char *)junk, sizeof junk - 1);
    is_int(try_load(&key, err, sizeof err), -1, "a text file refused");

    /* hand-made accumulator streams after the real header and sections,
     * each with a valid checksum: load checks the stream's structure (the
     * shape is restore's business) */
    hs_ckpt ck0;
    hs_sbuf sec0[NSEC] = {{0}};
    spit(path, orig, n);
    size_t at = hs_checkpoint_load(path, &key, &ck0, &(hs_ckpt_payload){sec0, NSEC}, err, sizeof err) == 0
                    ? ck0.acc_off : 0;
    hs_checkpoint_release(&ck0);
    for (int t = 0; t < NSEC; t++)
        hs_sbuf_free(&sec0[t]);
    struct {
        const char *what;
        int want;
        size_t len;
        unsigned char s[24];
    } craft[] = {
        /* moments [5, 7]; one array; [9] */
        {"a well-formed stream", 0, 6, {2, 5, 7, 0, 1, 9}},
        {"a zero run that fills the array exactly", 0, 6, {2, 0, 1, 0, 1, 9}},
        {"the largest word, 2^64 - 1 (10 bytes)", 0, 15,
         {2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 7, 0, 1, 9}},
        {"a zero run one past the array's end", -1, 6, {2, 0, 2, 0, 1, 9}},
        {"a zero run of 2^64 - 1", -1, 15,
         {2, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 1, 9}},
        {"a varint cut short (continuation bit on the last byte)", -1, 6, {2, 5, 7, 0, 1, 0x89}},
        {"a varint of 65 bits (10th byte 2)", -1, 15,
         {2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 7, 0, 1, 9}},
        {"a varint of 11 bytes", -1, 16,
         {2, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 7, 0, 1, 9}},
        {"a varint with a redundant zero byte", -1, 7, {2, 0x85, 0x00, 7, 0, 1, 9}},
        {"one trailing byte", -1, 7, {2, 5, 7, 0, 1, 9, 0}},
        {"one array missing", -1, 4, {2, 5, 7, 0}},
        {"fewer tokens than the array's length", -1, 5, {3, 5, 7, 0, 1}},
    };
    int ncraft = (int)(sizeof craft / sizeof craft[0]);
    for (int i = 0; i < ncraft; i++) {
        unsigned char *c = malloc(at + craft[i].len);
        if (!c || !at) {
            ok(0, "%s: no header to build on", craft[i].what);
            free(c);
            continue;
        }
        memcpy(c, orig, at);
        memcpy(c + at, craft[i].s, craft[i].len);
        spit_summed(path, c, at + craft[i].len);
        free(c);
        int got_rc = try_load(&key, err, sizeof err);
        ok(got_rc == craft[i].want && (got_rc == 0 || strstr(err, "damaged")),
           "%s: %s (%s)", craft[i].what, craft[i].want ? "refused as damaged" : "loads",
           got_rc ? err : "0");
    }
    {
        /* well-formed but another shape: restore refuses, acc untouched */
        unsigned char c[6] = {2, 5, 7, 0, 1, 9};
        unsigned char *w = malloc(at + sizeof c);
        hs_ckpt ck1;
        hs_sbuf sec1[NSEC] = {{0}};
        int rr = -2;
        hs_acc_reset(back);
        if (w && at) {
            memcpy(w, orig, at);
            memcpy(w + at, c, sizeof c);
            spit_summed(path, w, at + sizeof c);
            if (hs_checkpoint_load(path, &key, &ck1, &(hs_ckpt_payload){sec1, NSEC}, err, sizeof err) == 0) {
                rr = hs_checkpoint_restore(&ck1, back);
                hs_checkpoint_release(&ck1);
            }
        }
        free(w);
        for (int t = 0; t < NSEC; t++)
            hs_sbuf_free(&sec1[t]);
        hs_acc *zero = hs_acc_alloc(&sc);
        ok(rr == -1 && zero && accfix_equal(back, zero),
           "a well-formed stream of another shape: restore refuses (%d), accumulators untouched", rr);
        hs_acc_free(zero);
    }

    /* format 2 (raw words): refused with its format named */
    orig[7] = '2';
    spit_summed(path, orig, n - 8);
    orig[7] = '3';
    is_int(try_load(&key, err, sizeof err), -1, "a format-2 checkpoint refused");
    diag("%s", err);
    ok(strstr(err, "format 2") && strstr(err, "format 3") && strstr(err, "delete it") && strstr(err, path),
       "message names both formats, the file and what to do");
    free(orig);

    /* random sparse and dense arrays, words near 2^64 - 1 */
    hs_acc *rnd = hs_acc_alloc(&sc), *rback = hs_acc_alloc(&sc);
    int rt = -1;
    if (rnd && rback) {
        fill_random(rnd);
        hs_ckpt ck2;
        hs_sbuf sec2[NSEC] = {{0}};
        rt = hs_checkpoint_save(path, &key, &pos, &(hs_ckpt_payload){text, NSEC}, rnd, err, sizeof err);
        if (rt == 0)
            rt = hs_checkpoint_load(path, &key, &ck2, &(hs_ckpt_payload){sec2, NSEC}, err, sizeof err);
        if (rt == 0) {
            rt = hs_checkpoint_restore(&ck2, rback);
            hs_checkpoint_release(&ck2);
        }
        for (int t = 0; t < NSEC; t++)
            hs_sbuf_free(&sec2[t]);
    }
    is_int(rt, 0, "random accumulators: save, load, restore");
    ok(rt == 0 && accfix_equal(rnd, rback), "random sparse, dense and edge words restored bit for bit");
    hs_acc_free(rnd);
    hs_acc_free(rback);

    /* size: the default design's accumulators after 2000 replicates */
    hs_engine *ed = NULL;
    hs_acc *dacc = default_acc(2000, &ed);
    size_t fsize = 0, abytes = dacc ? hs_acc_bytes(dacc) : 0;
    if (dacc && hs_checkpoint_save(path, &key, &pos, &(hs_ckpt_payload){text, NSEC}, dacc, err, sizeof err) == 0) {
        unsigned char *d = slurp(path, &fsize);
        free(d);
    }
    diag("configs/default.ini, 2000 replicates: checkpoint %zu bytes, accumulators %zu bytes", fsize,
         abytes);
    ok(dacc && fsize > 0 && fsize < abytes, "the default design's checkpoint is smaller than its accumulators");
    hs_engine_free(ed);

    /* an unwritable place */
    char bad[200];
    snprintf(bad, sizeof bad, "%s/no/such/dir/.checkpoint", dir);
    is_int(hs_checkpoint_save(bad, &key, &pos, &(hs_ckpt_payload){text, NSEC}, acc, err, sizeof err), -1,
           "save to a missing folder fails");
    ok(strstr(err, bad) != NULL, "with the path in the message: %s", err);

    remove(path);
    rmdir(dir);
    for (int t = 0; t < NSEC; t++)
        hs_sbuf_free(&text[t]);
    hs_acc_free(back);
    hs_engine_free(e2);
    hs_engine_free(e);
    return tap_done();
}
