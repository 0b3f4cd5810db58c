/* rng.c — PCG64 random numbers, streams and jump-ahead.
 *
 * Generator (O'Neill 2014, "PCG: A family of simple fast space-efficient
 * statistically good algorithms for random number generation", HMC-CS-2014-0905):
 *   state' = M * state + inc  (mod 2^128),  M = 0x2360ED051FC65DA44385DF649FCCF645,
 *   inc odd; output XSL-RR 128/64 of the NEW state:
 *   x = hi64(state') ^ lo64(state'),  out = rotr64(x, state' >> 122).
 * Stepping before output matches numpy's PCG64 random_raw() (checked in
 * tests/test_rng.c against tests/ref/pcg64_numpy.txt).
 *
 * Jump-ahead (Brown 1994, "Random number generation with arbitrary strides",
 * Trans. Am. Nucl. Soc. 71:202): k steps of x -> a x + c equal
 *   x -> A_k x + C_k,  with A_k = a^k, C_k = c (a^k - 1)/(a - 1),
 * built by binary decomposition of k in O(log k) products (mod 2^128).
 *
 * Uniforms: u = ((x >> 12) + 0.5) * 2^-52, the midpoints of 2^52 equal cells.
 * Every value is exact in double precision, lies strictly in (0,1), and
 * u and 1-u are equally likely. (The 53-bit form ((x>>11)+0.5)*2^-53 cannot
 * be used: (2^53-1)+0.5 rounds to 2^53 in double, giving u = 1.)
 *
 * Streams. hs_rng_stream(seed, s, r) maps the triple (x0,x1,x2) = (seed, s, r)
 * through six rounds, each a bijection of the triple, with
 *   mix(z) = SplitMix64 finaliser (Steele, Lea & Flood 2014; Stafford's mix13):
 *     z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27;
 *     z *= 0x94D049BB133111EB; z ^= z >> 31;
 *   G_i = i * 0x9E3779B97F4A7C15 (mod 2^64):
 *     x0 = mix(x0 + G_1);       x1 = mix(x1 + x0 + G_2); x2 = mix(x2 + x1 + G_3);
 *     x0 = mix(x0 + x2 + G_4);  x1 = mix(x1 + x0 + G_5); x2 = mix(x2 + x1 + G_6);
 *   initstate = x0:x1 (high:low), initseq = mix(x0 ^ x1 ^ x2 ^ G_7):x2,
 *   then hs_rng_seed(initstate, initseq) (pcg setseq).
 * The rounds are invertible, so distinct triples give distinct (x0,x1,x2), and
 * (initstate, bits 0..126 of initseq) determines them: distinct triples give
 * distinct (state, inc) pairs. Every output word depends on all three inputs.
 */
#include "rng.h"

#include <gsl/gsl_rng.h>

#define HS_PCG32_MULT 6364136223846793005ULL
#define HS_GOLDEN 0x9E3779B97F4A7C15ULL

static inline uint32_t rotr32(uint32_t x, unsigned rot)
{
    return (x >> rot) | (x << ((32u - rot) & 31u));
}

static inline void step(hs_rng *r)
{
    r->state = r->state * HS_PCG64_MULT + r->inc;
}

void hs_rng_seed(hs_rng *r, hs_u128 initstate, hs_u128 initseq)
{
    r->state = 0;
    r->inc = (initseq << 1) | 1u;
    step(r);
    r->state += initstate;
    step(r);
}

void hs_rng_set(hs_rng *r, hs_u128 state, hs_u128 inc)
{
    r->state = state;
    r->inc = inc | 1u;
}

void hs_rng_jump_init(hs_rng_jump *j, hs_u128 delta)
{
    /* Brown (1994): square-and-multiply on the affine map x -> a x + c,
     * keeping the coefficient of inc so one jump serves every stream. */
    hs_u128 cur_mult = HS_PCG64_MULT, cur_plus = 1u;
    hs_u128 acc_mult = 1u, acc_plus = 0u;
    while (delta > 0) {
        if (delta & 1u) {
            acc_mult *= cur_mult;
            acc_plus = acc_plus * cur_mult + cur_plus;
        }
        cur_plus = (cur_mult + 1u) * cur_plus;
        cur_mult *= cur_mult;
        delta >>= 1;
    }
    j->mult = acc_mult;
    j->plus = acc_plus;
}

void hs_rng_advance(hs_rng *r, hs_u128 delta)
{
    hs_rng_jump j;
    hs_rng_jump_init(&j, delta);
    hs_rng_jump_apply(r, &j);
}


static inline uint64_t mix64(uint64_t z)
{
    z ^= z >> 30;
    z *= 0xBF58476D1CE4E5B9ULL;
    z ^= z >> 27;
    z *= 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z;
}

void hs_rng_stream(hs_rng *r, uint64_t seed, uint64_t scenario, uint64_t replicate)
{
    uint64_t x0 = seed, x1 = scenario, x2 = replicate;
    x0 = mix64(x0 + 1u * HS_GOLDEN);
    x1 = mix64(x1 + x0 + 2u * HS_GOLDEN);
    x2 = mix64(x2 + x1 + 3u * HS_GOLDEN);
    x0 = mix64(x0 + x2 + 4u * HS_GOLDEN);
    x1 = mix64(x1 + x0 + 5u * HS_GOLDEN);
    x2 = mix64(x2 + x1 + 6u * HS_GOLDEN);
    uint64_t hi_seq = mix64(x0 ^ x1 ^ x2 ^ (7u * HS_GOLDEN));
    hs_rng_seed(r, HS_U128(x0, x1), HS_U128(hi_seq, x2));
}

void hs_rng_patient(hs_rng *dst, const hs_rng *rep, uint64_t patient)
{
    *dst = *rep;
    hs_rng_advance(dst, (hs_u128)patient * HS_RNG_BLOCK);
}

void hs_rng_trial(hs_rng *dst, const hs_rng *rep)
{
    *dst = *rep;
    hs_rng_advance(dst, (hs_u128)1 << 96);
}

void hs_rng_pcg32_seed(hs_pcg32 *r, uint64_t initstate, uint64_t initseq)
{
    r->state = 0;
    r->inc = (initseq << 1) | 1u;
    (void)hs_rng_pcg32_next(r);
    r->state += initstate;
    (void)hs_rng_pcg32_next(r);
}

uint32_t hs_rng_pcg32_next(hs_pcg32 *r)
{
    uint64_t old = r->state;
    r->state = old * HS_PCG32_MULT + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    return rotr32(xorshifted, (unsigned)(old >> 59));
}

/* GSL adaptor: 32-bit outputs (upper half of each 64-bit draw). */
static void gsl_set(void *state, unsigned long seed)
{
    hs_rng_stream((hs_rng *)state, (uint64_t)seed, 0, 0);
}

static unsigned long gsl_get(void *state)
{
    return (unsigned long)(hs_rng_next((hs_rng *)state) >> 32);
}

static double gsl_get_double(void *state)
{
    return hs_rng_uniform((hs_rng *)state);
}

static const gsl_rng_type hs_gsl_pcg64 = {
    "hs_pcg64", 0xffffffffUL, 0UL, sizeof(hs_rng), gsl_set, gsl_get, gsl_get_double,
};

const void *hs_rng_gsl_type(void)
{
    return &hs_gsl_pcg64;
}
