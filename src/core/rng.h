/* rng.h — PCG64 (O'Neill 2014): 128-bit LCG, XSL-RR 128/64 output.
 *
 * Stream contract (design.md):
 *   - hs_rng_stream(r, seed, scenario, replicate) gives replicate `replicate`
 *     of scenario `scenario` its own generator, a function of those three
 *     numbers alone (never of the rank, chunk or order of work).
 *   - Inside a replicate, patient i owns the block of HS_RNG_BLOCK draws that
 *     starts at draw i * HS_RNG_BLOCK of the replicate stream;
 *     hs_rng_patient() positions a copy there in O(log i). Draws for the trial
 *     as a whole (not tied to a patient) come from hs_rng_trial(), which sits
 *     2^96 draws further on, far past any patient block.
 *   Growing N therefore never changes the draws of the first patients.
 */
#ifndef HS_RNG_H
#define HS_RNG_H

#include <stdint.h>

__extension__ typedef unsigned __int128 hs_u128;

typedef struct hs_rng {
    hs_u128 state;
    hs_u128 inc; /* always odd */
} hs_rng;

/* Draws per patient block. Samplers use one uniform per variate. */
#define HS_RNG_BLOCK 32u

#define HS_U128(hi, lo) ((((hs_u128)(uint64_t)(hi)) << 64) | (hs_u128)(uint64_t)(lo))

/* pcg "setseq" seeding: inc = (initseq << 1) | 1; state = 0; step;
 * state += initstate; step. Matches numpy's PCG64(state, inc) conventions
 * when the raw state and increment are set directly via hs_rng_set. */
void hs_rng_seed(hs_rng *r, hs_u128 initstate, hs_u128 initseq);
/* Set the raw state and increment (inc is forced odd). */
void hs_rng_set(hs_rng *r, hs_u128 state, hs_u128 inc);
/* The generator's multiplier (rng.c). */
#define HS_PCG64_MULT HS_U128(0x2360ED051FC65DA4ULL, 0x4385DF649FCCF645ULL)
/* Next 64-bit output (inline: the samplers draw hundreds per replicate). */
static inline uint64_t hs_rng_next(hs_rng *r)
{
    r->state = r->state * HS_PCG64_MULT + r->inc;
    uint64_t x = (uint64_t)(r->state >> 64) ^ (uint64_t)r->state;
    unsigned rot = (unsigned)(r->state >> 122);
    return (x >> rot) | (x << ((64u - rot) & 63u));
}
/* Uniform double strictly inside (0,1), 52 random bits: ((x >> 12) + 0.5) / 2^52
 * (exact; a 53-bit midpoint would round to 1.0 at the top, see rng.c). */
static inline double hs_rng_uniform(hs_rng *r)
{
    /* 2^-52 */
    return ((double)(hs_rng_next(r) >> 12) + 0.5) * 2.220446049250313080847e-16;
}
/* Jump ahead by delta steps in O(log delta); delta is taken modulo 2^128,
 * so hs_rng_advance(r, -(hs_u128)k) goes back k steps. */
void hs_rng_advance(hs_rng *r, hs_u128 delta);
/* A precomputed jump of a fixed number of steps: state' = mult * state +
 * plus * inc, the same result as hs_rng_advance(delta) with two multiplies. */
typedef struct hs_rng_jump {
    hs_u128 mult, plus;
} hs_rng_jump;
void hs_rng_jump_init(hs_rng_jump *j, hs_u128 delta);
static inline void hs_rng_jump_apply(hs_rng *r, const hs_rng_jump *j)
{
    r->state = j->mult * r->state + j->plus * r->inc;
}
/* The replicate stream for (seed, scenario, replicate). */
void hs_rng_stream(hs_rng *r, uint64_t seed, uint64_t scenario, uint64_t replicate);
/* dst = rep advanced to the start of patient i's block. */
void hs_rng_patient(hs_rng *dst, const hs_rng *rep, uint64_t patient);
/* dst = rep advanced to the trial-level block (2^96 draws on). */
void hs_rng_trial(hs_rng *dst, const hs_rng *rep);

/* pcg32 (64-bit state, XSH-RR 64/32), for the reference known answers only. */
typedef struct hs_pcg32 {
    uint64_t state, inc;
} hs_pcg32;
void hs_rng_pcg32_seed(hs_pcg32 *r, uint64_t initstate, uint64_t initseq);
uint32_t hs_rng_pcg32_next(hs_pcg32 *r);

/* A gsl_rng_type that draws from PCG64 (seeded through gsl_rng_set with a
 * 64-bit seed as hs_rng_stream(seed, 0, 0)). Declared as an opaque pointer
 * so this header does not pull in GSL; cast to (const gsl_rng_type *). */
const void *hs_rng_gsl_type(void);

#endif
