/* test_checkpoint.c — checkpoint save / load / restore (checkpoint.h):
 *   - a round trip reproduces the position, the text sections and the
 *     accumulators bit for bit (packed moments + every word array);
 *   - a missing file is reported as 1 (start from the beginning);
 *   - a checkpoint from another config hash or build is refused (-1) with a
 *     message naming which;
 *   - a damaged file (truncated, one flipped byte anywhere, an empty file,
 *     garbage) is refused (-1) with a message;
 *   - restoring into the accumulators of another scenario shape is refused. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accfix.h"
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
    plan(11 + 6 + 4 + 2);
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
    int refused = 0, msg = 1, trials = 0;
    /* truncations */
    size_t cut[5] = {0, 7, 24, n / 2, n - 1};
    for (int i = 0; i < 5; i++, trials++) {
        spit(path, orig, cut[i]);
        refused += try_load(&key, err, sizeof err) == -1;
        msg &= strstr(err, "damaged") != NULL;
    }
    is_int(refused, trials, "truncated to 0, 7, 24, n/2, n-1 bytes: all refused");
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
    free(orig);

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
