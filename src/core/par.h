/* par.h — the parallel layer: the only module that knows about MPI.
 *
 * Everything else sees ranks as plain integers. Collective calls must be
 * made by every rank in the same order. Errors that one rank sees are made
 * everyone's with hs_par_agree(), so all ranks leave together; a rank that
 * dies takes the job down through MPI's own abort (the default error
 * handler), never a hang in a collective. */
#ifndef HS_PAR_H
#define HS_PAR_H

#include <stddef.h>
#include <stdint.h>

/* Start MPI (idempotent), after installing the signal handlers
 * (signals.h) so that no signal is lost while MPI starts. Returns 0, or -1
 * if MPI could not start. */
int hs_par_init(int *argc, char ***argv);
/* Shut MPI down (no-op if it never started). */
void hs_par_finalize(void);
int hs_par_rank(void); /* 0 when MPI is not running */
int hs_par_size(void); /* 1 when MPI is not running */
/* End every rank at once with this exit code (MPI_Abort). Never returns. */
void hs_par_abort(int code) __attribute__((noreturn));
/* Collective: the largest of every rank's value (e.g. a status or a flag). */
int hs_par_max_int(int value);
/* Collective: nonzero on every rank when any rank's `bad` is nonzero, so
 * that every rank takes the same branch after a local failure. */
int hs_par_agree(int bad);
/* The same, and *speak = 1 on the lowest rank whose `bad` is nonzero (0
 * elsewhere): that rank alone reports the failure, so a fault only one
 * rank sees is still reported exactly once. */
int hs_par_agree_first(int bad, int *speak);
/* Collective: 1 on every rank when every rank's value equals rank 0's.
 * Otherwise 0 on every rank, with *first_rank the lowest rank whose value
 * differs and *first_value that value (both set on every rank). */
int hs_par_same_u64(uint64_t value, int *first_rank, uint64_t *first_value);
/* Collective: broadcast n bytes from rank 0. */
void hs_par_bcast(void *buf, size_t n);
/* Collective: element-wise sum of n counts into rank 0's buf (others' buf
 * is left as it was). Exact: integer addition. */
void hs_par_sum_u64(uint64_t *buf, size_t n);
/* Collective: the same sum, exactly, for narr arrays at once (array k is
 * get(ctx, k, &len)), with narrower numbers on the wire. Each array is cut
 * into blocks of HS_PAR_BLOCK words; one allreduce sums, over the ranks,
 * each rank's largest count in each block: a bound m on every sum in the
 * block (<= ranks * the largest count). A block travels as 8-, 16-, 32-
 * or 64-bit integers, the narrowest that holds m (so no partial sum can
 * wrap), and not at all when m is 0 (its sum is 0, as rank 0 already
 * holds). Blocks of one width are packed into
 * work's scratch and reduced together, a scratch-full at a time. work has
 * hs_par_narrow_words() words (the caller allocates it once per
 * accumulator layout); with work NULL on every rank (e.g. it could not be
 * allocated: agree first) the arrays are summed at 64 bits as by
 * hs_par_sum_u64. Other ranks' arrays are left as they were. Returns the
 * bytes this rank put into reductions (the maxima included; 0 on one
 * rank). */
#define HS_PAR_BLOCK 1024
typedef uint64_t *(*hs_par_array_fn)(void *ctx, int k, size_t *len);
size_t hs_par_narrow_words(int narr, hs_par_array_fn get, void *ctx);
uint64_t hs_par_sum_narrow(int narr, hs_par_array_fn get, void *ctx, uint64_t *work);
/* Collective: element-wise sum, into rank 0's buf, of n units of
 * HS_PAR_WIDE_WORDS words, each unit five little-endian integers of 1, 1,
 * 2, 3 and 1 words (moments.h's packed form: two counts, a 128-bit and a
 * 192-bit two's-complement sum, a count), carries propagated within each
 * integer. One MPI reduction with a user-defined operation: exact,
 * associative and commutative, so it is the same for any rank count and
 * tree, and no rank holds more than its own buffer (no gather). */
#define HS_PAR_WIDE_WORDS 8
void hs_par_sum_wide(uint64_t *buf, size_t n);
/* Collective: element-wise minimum / maximum of n doubles into rank 0's buf. */
void hs_par_min_f64(double *buf, size_t n);
void hs_par_max_f64(double *buf, size_t n);
/* Wall-clock seconds (MPI_Wtime, or a monotonic clock without MPI). */
double hs_par_time(void);
/* Seconds on the monotonic clock, the same clock before and after MPI
 * starts (for timing the start-up itself). */
double hs_par_clock(void);

#endif
