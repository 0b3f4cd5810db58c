/* par.c — see par.h. The one file in the project that includes mpi.h. */
#include "par.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "signals.h"

static int running(void)
{
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    return init && !fin;
}

int hs_par_init(int *argc, char ***argv)
{
    if (running())
        return 0;
    /* First thing, before MPI_Init (which takes a while): a SIGTERM, SIGINT
     * or SIGUSR1 that arrives early is held until the run can checkpoint. */
    if (hs_signals_install() != 0)
        return -1;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return -1;
    /* An MPI error anywhere ends the whole job instead of hanging it. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    return 0;
}

void hs_par_finalize(void)
{
    if (running())
        MPI_Finalize();
}

int hs_par_rank(void)
{
    int r = 0;
    if (running())
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int hs_par_size(void)
{
    int s = 1;
    if (running())
        MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

void hs_par_abort(int code)
{
    if (running())
        MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

int hs_par_max_int(int value)
{
    int out = value;
    if (running())
        MPI_Allreduce(&value, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

int hs_par_agree(int bad) { return hs_par_max_int(bad != 0) != 0; }

int hs_par_agree_first(int bad, int *speak)
{
    int rank = hs_par_rank();
    int first = -hs_par_max_int(bad ? -rank : INT_MIN + 1);
    if (speak)
        *speak = bad && rank == first;
    return first != INT_MAX;
}

int hs_par_same_u64(uint64_t value, int *first_rank, uint64_t *first_value)
{
    *first_rank = 0;
    *first_value = value;
    if (!running())
        return 1;
    uint64_t v0 = value;
    MPI_Bcast(&v0, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    int rank = hs_par_rank();
    /* the lowest differing rank: the largest of -rank over those that differ */
    int first = -hs_par_max_int(value != v0 ? -rank : INT_MIN + 1);
    if (first == INT_MAX)
        return 1;
    uint64_t v = value;
    MPI_Bcast(&v, 1, MPI_UINT64_T, first, MPI_COMM_WORLD);
    *first_rank = first;
    *first_value = v;
    return 0;
}

/* MPI counts are int: move large buffers in slices. */
enum { SLICE = 1 << 24 };

void hs_par_bcast(void *buf, size_t n)
{
    if (!running())
        return;
    for (size_t off = 0; off < n; off += SLICE) {
        size_t len = n - off < SLICE ? n - off : SLICE;
        MPI_Bcast((char *)buf + off, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD);
    }
}

static void reduce_slices(uint64_t *buf, size_t nwords, size_t unit, MPI_Datatype type, MPI_Op op)
{
    int root = hs_par_rank() == 0;
    size_t slice = (SLICE / unit) * unit;
    for (size_t off = 0; off < nwords; off += slice) {
        size_t len = nwords - off < slice ? nwords - off : slice;
        int count = (int)(len / unit);
        if (root)
            MPI_Reduce(MPI_IN_PLACE, buf + off, count, type, op, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(buf + off, NULL, count, type, op, 0, MPI_COMM_WORLD);
    }
}

void hs_par_sum_u64(uint64_t *buf, size_t n)
{
    if (running() && hs_par_size() > 1)
        reduce_slices(buf, n, 1, MPI_UINT64_T, MPI_SUM);
}

/* Narrow sums (par.h). Scratch: at most SCRATCH_WORDS words, and no more
 * than all the arrays' words (small accumulators need little). */
enum { SCRATCH_WORDS = 1 << 17 };

static size_t narrow_counts(int narr, hs_par_array_fn get, void *ctx, size_t *total)
{
    size_t nb = 0, all = 0;
    for (int k = 0; k < narr; k++) {
        size_t len;
        get(ctx, k, &len);
        nb += (len + HS_PAR_BLOCK - 1) / HS_PAR_BLOCK;
        all += len;
    }
    *total = all;
    return nb;
}

size_t hs_par_narrow_words(int narr, hs_par_array_fn get, void *ctx)
{
    size_t total, nb = narrow_counts(narr, get, ctx, &total);
    return nb + (total < SCRATCH_WORDS ? total : SCRATCH_WORDS);
}

/* Bytes per count for a block whose counts on all ranks sum to at most
 * bound (the sum of every rank's largest count in the block). */
static int width_of(uint64_t bound)
{
    if (bound == 0)
        return 0;
    return bound <= UINT8_MAX ? 1 : bound <= UINT16_MAX ? 2 : bound <= UINT32_MAX ? 4 : 8;
}

/* A place in the arrays: array k, word at, and the block (counted over all
 * arrays) that holds it. */
typedef struct narrow_pos {
    int k;
    size_t at, blk;
} narrow_pos;

/* From *p on, copy up to cap counts of the blocks of width w between the
 * arrays and scratch (pack: arrays -> scratch, else back, as sums); advance
 * *p past them. Returns the counts copied. */
static size_t narrow_walk(int narr, hs_par_array_fn get, void *ctx, const uint64_t *mx, int w, narrow_pos *p, void *scratch, size_t cap,
                          int pack)
{
    size_t n = 0;
    while (n < cap && p->k < narr) {
        size_t len;
        uint64_t *a = get(ctx, p->k, &len);
        if (p->at >= len) {
            p->k++;
            p->at = 0;
            continue;
        }
        size_t end = p->at / HS_PAR_BLOCK * HS_PAR_BLOCK + HS_PAR_BLOCK;
        if (end > len)
            end = len;
        if (width_of(mx[p->blk]) != w) {
            p->at = end;
            p->blk++;
            continue;
        }
        size_t m = end - p->at < cap - n ? end - p->at : cap - n;
        uint64_t *v = a + p->at;
        for (size_t i = 0; i < m; i++) {
            switch (w) {
            case 1: {
                uint8_t *s = (uint8_t *)scratch + n + i;
                if (pack)
                    *s = (uint8_t)v[i];
                else
                    v[i] = *s;
                break;
            }
            case 2: {
                uint16_t *s = (uint16_t *)scratch + n + i;
                if (pack)
                    *s = (uint16_t)v[i];
                else
                    v[i] = *s;
                break;
            }
            case 4: {
                uint32_t *s = (uint32_t *)scratch + n + i;
                if (pack)
                    *s = (uint32_t)v[i];
                else
                    v[i] = *s;
                break;
            }
            default: {
                uint64_t *s = (uint64_t *)scratch + n + i;
                if (pack)
                    *s = v[i];
                else
                    v[i] = *s;
                break;
            }
            }
        }
        n += m;
        p->at += m;
        if (p->at == end)
            p->blk++;
    }
    return n;
}

uint64_t hs_par_sum_narrow(int narr, hs_par_array_fn get, void *ctx, uint64_t *work)
{
    if (!running() || hs_par_size() < 2)
        return 0;
    size_t total, nb = narrow_counts(narr, get, ctx, &total);
    if (!work || nb > SLICE) {
        for (int k = 0; k < narr; k++) {
            size_t len;
            uint64_t *a = get(ctx, k, &len);
            hs_par_sum_u64(a, len);
        }
        return 8 * (uint64_t)total;
    }
    /* every block's bound, in one allreduce: the sum over the ranks of each
     * rank's largest count in the block, capped at 2^32 (= needs 64 bits)
     * so that the sum of at most 2^31 ranks cannot wrap. At most ranks *
     * the largest count, and tighter when rank 0 holds the bulk (after a
     * checkpoint) or some ranks had no work. */
    uint64_t *mx = work;
    size_t b = 0;
    for (int k = 0; k < narr; k++) {
        size_t len;
        const uint64_t *a = get(ctx, k, &len);
        for (size_t at = 0; at < len; at += HS_PAR_BLOCK, b++) {
            size_t end = len - at < HS_PAR_BLOCK ? len : at + HS_PAR_BLOCK;
            uint64_t m = 0;
            for (size_t i = at; i < end; i++)
                m = a[i] > m ? a[i] : m;
            mx[b] = m > UINT32_MAX ? (uint64_t)UINT32_MAX + 1 : m;
        }
    }
    MPI_Allreduce(MPI_IN_PLACE, mx, (int)nb, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    uint64_t sent = 8 * (uint64_t)nb;
    int root = hs_par_rank() == 0;
    void *scratch = work + nb;
    size_t sbytes = 8 * (total < SCRATCH_WORDS ? total : SCRATCH_WORDS);
    static const int widths[] = {1, 2, 4, 8};
    for (int t = 0; t < 4; t++) {
        int w = widths[t];
        MPI_Datatype type = w == 1   ? MPI_UINT8_T
                            : w == 2 ? MPI_UINT16_T
                            : w == 4 ? MPI_UINT32_T
                                     : MPI_UINT64_T;
        narrow_pos p = {0, 0, 0};
        for (;;) {
            narrow_pos from = p;
            size_t n = narrow_walk(narr, get, ctx, mx, w, &p, scratch,
                                   sbytes / (size_t)w, 1);
            if (n == 0)
                break;
            if (root)
                MPI_Reduce(MPI_IN_PLACE, scratch, (int)n, type, MPI_SUM, 0, MPI_COMM_WORLD);
            else
                MPI_Reduce(scratch, NULL, (int)n, type, MPI_SUM, 0, MPI_COMM_WORLD);
            sent += (uint64_t)n * (uint64_t)w;
            if (root)
                narrow_walk(narr, get, ctx, mx, w, &from, scratch, n, 0);
        }
    }
    return sent;
}

/* User op: inout += in, unit by unit; a unit's integers span 1, 1, 2, 3
 * and 1 words (par.h), each added with its carries. */
static void add_wide(void *in, void *inout, int *len, MPI_Datatype *type)
{
    static const int limbs[] = {1, 1, 2, 3, 1};
    (void)type;
    const uint64_t *a = in;
    uint64_t *b = inout;
    for (int u = 0; u < *len; u++, a += HS_PAR_WIDE_WORDS, b += HS_PAR_WIDE_WORDS) {
        int w = 0;
        for (int g = 0; g < 5; g++) {
            uint64_t carry = 0;
            for (int k = 0; k < limbs[g]; k++, w++) {
                uint64_t x = a[w] + carry;
                uint64_t c1 = x < carry;
                uint64_t y = b[w] + x;
                carry = c1 + (y < x);
                b[w] = y;
            }
        }
    }
}

void hs_par_sum_wide(uint64_t *buf, size_t n)
{
    if (!running() || hs_par_size() < 2)
        return;
    MPI_Datatype unit;
    MPI_Op op;
    MPI_Type_contiguous(HS_PAR_WIDE_WORDS, MPI_UINT64_T, &unit);
    MPI_Type_commit(&unit);
    MPI_Op_create(add_wide, 1, &op);
    reduce_slices(buf, HS_PAR_WIDE_WORDS * n, HS_PAR_WIDE_WORDS, unit, op);
    MPI_Op_free(&op);
    MPI_Type_free(&unit);
}

static void reduce_f64(double *buf, size_t n, MPI_Op op)
{
    if (!running() || hs_par_size() < 2)
        return;
    int root = hs_par_rank() == 0;
    for (size_t off = 0; off < n; off += SLICE) {
        int count = (int)(n - off < SLICE ? n - off : SLICE);
        if (root)
            MPI_Reduce(MPI_IN_PLACE, buf + off, count, MPI_DOUBLE, op, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(buf + off, NULL, count, MPI_DOUBLE, op, 0, MPI_COMM_WORLD);
    }
}

void hs_par_min_f64(double *buf, size_t n) { reduce_f64(buf, n, MPI_MIN); }
void hs_par_max_f64(double *buf, size_t n) { reduce_f64(buf, n, MPI_MAX); }

double hs_par_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double hs_par_time(void)
{
    if (running())
        return MPI_Wtime();
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
