/* test_rng.c — PCG64 / pcg32 known answers, jump-ahead, streams, GSL adaptor. */
#include "rng.h"
#include "tap.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREP 50
#define NPAT 100
#define NDRAW 5

static int parse_u128(const char *hex, hs_u128 *out)
{
    char hi[17], lo[17];
    char *end;
    if (strlen(hex) != 32)
        return -1;
    memcpy(hi, hex, 16);
    hi[16] = '\0';
    memcpy(lo, hex + 16, 16);
    lo[16] = '\0';
    unsigned long long h = strtoull(hi, &end, 16);
    if (*end != '\0')
        return -1;
    unsigned long long l = strtoull(lo, &end, 16);
    if (*end != '\0')
        return -1;
    *out = HS_U128(h, l);
    return 0;
}

/* Reads tests/ref/pcg64_numpy.txt (made by tests/ref/pcg64_numpy.py from
 * numpy 1.24 PCG64). Returns the number of checks made (2 per raw/seed line). */
static int check_numpy_vectors(void)
{
    const char *path = HS_SOURCE_DIR "/tests/ref/pcg64_numpy.txt";
    FILE *f = fopen(path, "r");
    int nraw = 0, nseed = 0;
    if (!f) {
        ok(0, "open %s", path);
        return 1;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *tok[16];
        int nt = 0;
        for (char *t = strtok(line, " \n"); t && nt < 16; t = strtok(NULL, " \n"))
            tok[nt++] = t;
        if (nt == 0)
            continue;
        hs_rng r;
        int first, good = 1;
        if (strcmp(tok[0], "raw") == 0 && nt == 11) {
            hs_u128 s = 0, inc = 0;
            good = parse_u128(tok[1], &s) == 0 && parse_u128(tok[2], &inc) == 0;
            hs_rng_set(&r, s, inc);
            first = 3;
            nraw++;
        } else if (strcmp(tok[0], "seed") == 0 && nt == 13) {
            hs_u128 is = 0, iq = 0, s = 0, inc = 0;
            good = parse_u128(tok[1], &is) == 0 && parse_u128(tok[2], &iq) == 0 &&
                   parse_u128(tok[3], &s) == 0 && parse_u128(tok[4], &inc) == 0;
            hs_rng_seed(&r, is, iq);
            ok(good && r.state == s && r.inc == inc, "seed line %d: setseq state and inc match numpy",
               nseed);
            first = 5;
            nseed++;
        } else {
            ok(0, "malformed line in %s", path);
            continue;
        }
        for (int k = 0; k < 8; k++) {
            char *end;
            unsigned long long want = strtoull(tok[first + k], &end, 16);
            uint64_t got = hs_rng_next(&r);
            if (*end != '\0' || got != want) {
                good = 0;
                diag("output %d: got %016llx want %s", k, (unsigned long long)got, tok[first + k]);
            }
        }
        ok(good, "%s line: 8 outputs match numpy random_raw()", tok[0]);
    }
    fclose(f);
    ok(nraw == 6 && nseed == 4, "read 6 raw and 4 seed vectors (got %d, %d)", nraw, nseed);
    return nraw + 2 * nseed + 1;
}

static void step_n(hs_rng *r, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        (void)hs_rng_next(r);
}

static int same(const hs_rng *a, const hs_rng *b)
{
    return a->state == b->state && a->inc == b->inc;
}

int main(void)
{
    plan(49);

    /* pcg32 known answer: pcg-c's pcg32-demo, seed 42, stream 54. */
    {
        static const uint32_t want[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                         0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
        hs_pcg32 p;
        int good = 1;
        hs_rng_pcg32_seed(&p, 42u, 54u);
        for (int i = 0; i < 6; i++)
            good &= hs_rng_pcg32_next(&p) == want[i];
        ok(good, "pcg32 seed 42 stream 54 gives the pcg-c demo outputs");
    }

    /* numpy PCG64 vectors: 6 raw + 2*4 seed + 1 = 15 checks. */
    (void)check_numpy_vectors();

    /* advance(k) == k single steps. */
    {
        hs_rng base;
        hs_rng_stream(&base, 20250814u, 3u, 7u);
        static const uint64_t ks[5] = {0, 1, 2, 1000, 12345};
        for (int i = 0; i < 5; i++) {
            hs_rng a = base, b = base;
            hs_rng_advance(&a, ks[i]);
            step_n(&b, ks[i]);
            ok(same(&a, &b) && hs_rng_next(&a) == hs_rng_next(&b), "advance(%llu) == %llu steps",
               (unsigned long long)ks[i], (unsigned long long)ks[i]);
        }
        /* 2^70 by composition: 2^69 + 2^69, 1024 * 2^60, and (2^70 - 3) + 3 steps. */
        hs_rng a = base, b = base, c = base, d = base;
        hs_rng_advance(&a, (hs_u128)1 << 70);
        hs_rng_advance(&b, (hs_u128)1 << 69);
        hs_rng_advance(&b, (hs_u128)1 << 69);
        for (int i = 0; i < 1024; i++)
            hs_rng_advance(&c, (hs_u128)1 << 60);
        hs_rng_advance(&d, ((hs_u128)1 << 70) - 3u);
        step_n(&d, 3);
        ok(same(&a, &b), "advance(2^70) == advance(2^69) twice");
        ok(same(&a, &c), "advance(2^70) == 1024 x advance(2^60)");
        ok(same(&a, &d), "advance(2^70) == advance(2^70 - 3) + 3 steps");
        ok(!same(&a, &base), "advance(2^70) moves the state");
        /* the full period 2^128 is the identity: advance(2^127) twice. */
        hs_rng e = base;
        hs_rng_advance(&e, (hs_u128)1 << 127);
        ok(!same(&e, &base), "advance(2^127) moves the state");
        hs_rng_advance(&e, (hs_u128)1 << 127);
        ok(same(&e, &base), "advance(2^127) twice returns to the start (period 2^128)");

        /* going back */
        static const hs_u128 back[3] = {1u, 1000u, 0};
        for (int i = 0; i < 3; i++) {
            hs_u128 k = back[i] ? back[i] : (((hs_u128)1 << 100) + 7u);
            hs_rng x = base;
            hs_rng_advance(&x, k);
            hs_rng_advance(&x, -k);
            ok(same(&x, &base), "advance(-k) undoes advance(k), case %d", i);
        }
        hs_rng x = base, y = base;
        step_n(&x, 10);
        hs_rng_advance(&x, -(hs_u128)4);
        step_n(&y, 6);
        ok(same(&x, &y), "10 steps then advance(-4) == 6 steps");
    }

    /* uniforms */
    {
        hs_rng r;
        hs_rng_stream(&r, 1u, 2u, 3u);
        const long n = 1000000;
        double sum = 0.0;
        int inside = 1;
        for (long i = 0; i < n; i++) {
            double u = hs_rng_uniform(&r);
            inside &= u > 0.0 && u < 1.0;
            sum += u;
        }
        ok(inside, "10^6 uniforms all strictly inside (0,1)");
        double se = sqrt(1.0 / 12.0 / (double)n);
        is_double(sum / (double)n, 0.5, 4.0 * se, "uniform mean within 4 SE of 0.5");

        /* extremes: a state whose next output is all ones / all zeros. */
        hs_rng t;
        hs_rng_set(&t, HS_U128(0x03FFFFFFFFFFFFFFULL, 0xFC00000000000000ULL), 12345u);
        hs_rng_advance(&t, -(hs_u128)1);
        hs_rng t2 = t;
        ok(hs_rng_next(&t2) == UINT64_MAX, "constructed state gives output 2^64-1");
        is_double(hs_rng_uniform(&t), 1.0 - ldexp(1.0, -53), 0.0, "largest uniform is 1 - 2^-53");
        hs_rng_set(&t, 0u, 12345u);
        hs_rng_advance(&t, -(hs_u128)1);
        is_double(hs_rng_uniform(&t), ldexp(1.0, -53), 0.0, "smallest uniform is 2^-53");
    }

    /* stream contract: the same draws whatever the order of work. */
    {
        size_t nv = (size_t)NREP * NPAT * NDRAW;
        uint64_t *fwd = malloc(nv * sizeof *fwd);
        uint64_t *rev = malloc(nv * sizeof *rev);
        uint64_t *mix = malloc(nv * sizeof *mix);
        if (!fwd || !rev || !mix) {
            ok(0, "allocate stream-contract buffers");
            return tap_done();
        }
#define IDX(r, i, d) (((size_t)(r) * NPAT + (size_t)(i)) * NDRAW + (size_t)(d))
        for (int r = 0; r < NREP; r++) {
            hs_rng rep;
            hs_rng_stream(&rep, 99u, 4u, (uint64_t)r);
            for (int i = 0; i < NPAT; i++) {
                hs_rng p;
                hs_rng_patient(&p, &rep, (uint64_t)i);
                for (int d = 0; d < NDRAW; d++)
                    fwd[IDX(r, i, d)] = hs_rng_next(&p);
            }
        }
        for (int r = NREP - 1; r >= 0; r--) {
            hs_rng rep;
            hs_rng_stream(&rep, 99u, 4u, (uint64_t)r);
            for (int i = NPAT - 1; i >= 0; i--) {
                hs_rng p;
                hs_rng_patient(&p, &rep, (uint64_t)i);
                for (int d = 0; d < NDRAW; d++)
                    rev[IDX(r, i, d)] = hs_rng_next(&p);
            }
        }
        for (int i = 0; i < NPAT; i++) {
            hs_rng p[NREP];
            for (int r = 0; r < NREP; r++) {
                hs_rng rep;
                hs_rng_stream(&rep, 99u, 4u, (uint64_t)r);
                hs_rng_patient(&p[r], &rep, (uint64_t)i);
            }
            for (int d = 0; d < NDRAW; d++)
                for (int r = 0; r < NREP; r++)
                    mix[IDX(r, i, d)] = hs_rng_next(&p[r]);
        }
        ok(memcmp(fwd, rev, nv * sizeof *fwd) == 0, "patients x replicates: forward == reverse order");
        ok(memcmp(fwd, mix, nv * sizeof *fwd) == 0, "patients x replicates: forward == interleaved");

        /* patient 17 == replicate stream stepped 17*HS_RNG_BLOCK times */
        hs_rng rep, s;
        hs_rng_stream(&rep, 99u, 4u, 6u);
        s = rep;
        step_n(&s, 17u * HS_RNG_BLOCK);
        int good = 1;
        for (int d = 0; d < NDRAW; d++)
            good &= hs_rng_next(&s) == fwd[IDX(6, 17, d)];
        ok(good, "patient 17 block == replicate stream after 17*HS_RNG_BLOCK steps");
        /* consecutive blocks tile the stream: patient 16's block ends where 17 starts */
        hs_rng p16;
        hs_rng_patient(&p16, &rep, 16u);
        step_n(&p16, HS_RNG_BLOCK);
        ok(hs_rng_next(&p16) == fwd[IDX(6, 17, 0)], "patient blocks are contiguous");
        /* the trial block is 2^96 draws on */
        hs_rng tr, tr2 = rep;
        hs_rng_trial(&tr, &rep);
        hs_rng_advance(&tr2, (hs_u128)1 << 96);
        ok(same(&tr, &tr2) && !same(&tr, &rep), "trial block is 2^96 draws on");
        /* stream is a function of the triple only */
        hs_rng again;
        hs_rng_stream(&again, 99u, 4u, 6u);
        ok(same(&again, &rep), "hs_rng_stream is a pure function of (seed, scenario, replicate)");
        free(fwd);
        free(rev);
        free(mix);
#undef IDX
    }

    /* distinct triples give distinct generators and first outputs */
    {
        enum { G = 10 };
        static const uint64_t seeds[G] = {0, 1, 2, 3, 42, 20250814, UINT64_MAX, 1ULL << 32,
                                          0x8000000000000000ULL, 7};
        uint64_t *first = malloc(G * G * G * sizeof *first);
        hs_rng *gen = malloc(G * G * G * sizeof *gen);
        if (!first || !gen) {
            ok(0, "allocate grid");
            return tap_done();
        }
        size_t n = 0;
        for (int a = 0; a < G; a++)
            for (uint64_t s = 0; s < G; s++)
                for (uint64_t r = 0; r < G; r++) {
                    hs_rng_stream(&gen[n], seeds[a], s, r);
                    hs_rng g = gen[n];
                    first[n++] = hs_rng_next(&g);
                }
        int dup = 0, ident = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                dup += first[i] == first[j];
                ident += gen[i].state == gen[j].state;
            }
        ok(dup == 0 && ident == 0,
           "1000 (seed, scenario, replicate) triples: distinct states and first outputs (%d, %d dup)",
           ident, dup);
        free(gen);
        free(first);
    }

    /* GSL adaptor */
    {
        const gsl_rng_type *t = (const gsl_rng_type *)hs_rng_gsl_type();
        gsl_rng *g = gsl_rng_alloc(t);
        ok(g != NULL, "gsl_rng_alloc(hs_pcg64)");
        if (!g)
            return tap_done();
        ok(strcmp(gsl_rng_name(g), "hs_pcg64") == 0 && gsl_rng_max(g) == 0xffffffffUL &&
               gsl_rng_min(g) == 0,
           "GSL type name, min and max");
        gsl_rng_set(g, 12345u);
        hs_rng ref;
        hs_rng_stream(&ref, 12345u, 0u, 0u);
        ok(gsl_rng_get(g) == (unsigned long)(hs_rng_next(&ref) >> 32),
           "gsl_rng_get == upper 32 bits of hs_rng_next on stream (seed, 0, 0)");
        const int n = 200000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; i++) {
            double z = gsl_ran_gaussian(g, 1.0);
            sum += z;
            sum2 += z * z;
        }
        double mean = sum / n;
        is_double(mean, 0.0, 4.0 / sqrt((double)n), "gsl_ran_gaussian mean within 4 SE of 0");
        is_double(sum2 / n - mean * mean, 1.0, 4.0 * sqrt(2.0 / n), "gsl_ran_gaussian variance ~1");
        unsigned long mx = 0;
        for (int i = 0; i < 1000; i++) {
            unsigned long v = gsl_rng_get(g);
            if (v > mx)
                mx = v;
        }
        ok(mx <= 0xffffffffUL && mx > 0xf0000000UL, "gsl_rng_get stays in [0, 2^32)");
        gsl_rng_free(g);
    }

    return tap_done();
}
