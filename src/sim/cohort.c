/* cohort.c — see cohort.h.
 *
 * Entry: uniform accrual over R months gives entry = R u (independent of N).
 * Piecewise intensity lambda(t) gives entry_i = Lambda^{-1}(i + u), with
 * Lambda(t) = integral of lambda from 0 to t: the i-th arrival of the
 * expected-count clock, jittered within its unit. */
#include "cohort.h"

#include <math.h>

#include "dist.h"

int hs_cohort_block(const hs_scenario *sc)
{
    int w = sc->arm[0].weight + sc->arm[1].weight;
    int m = (4 + w - 1) / w;
    return m * w;
}

double hs_cohort_entry(const hs_scenario *sc, uint64_t i, double u)
{
    if (sc->naccrual == 0)
        return sc->accrual_months * u;
    double target = (double)i + u, acc = 0.0;
    for (int k = 0; k < sc->naccrual; k++) {
        double t0 = sc->accrual_start[k];
        double t1 = k + 1 < sc->naccrual ? sc->accrual_start[k + 1] : INFINITY;
        double r = sc->accrual_rate[k];
        double piece = r * (t1 - t0);
        if (r > 0 && acc + piece >= target)
            return t0 + (target - acc) / r;
        if (isfinite(piece))
            acc += piece;
    }
    return INFINITY; /* the intensity ends before patient i arrives */
}

static double linear_predictor(const hs_sc_arm *arm, int ncov, const int *level)
{
    double lp = 0.0;
    for (int c = 0; c < ncov; c++)
        lp += arm->beta[c][level[c]];
    return lp;
}

/* Patients of one allocation block: draw every patient's slots (patients
 * past N too, for their allocation keys), then rank the keys. `g` is at the
 * block's first patient on entry and at the next block's on return: the jump
 * to the next block is state' = mult * state + plus_inc, with plus_inc =
 * plus * inc fixed for the replicate. Only the first `used` slots are drawn
 * (the later ones are never read), since every block starts from g. */
static inline __attribute__((always_inline)) void
draw_block_k(const hs_scenario *sc, hs_rng *g, hs_u128 mult, hs_u128 plus_inc, int bsize, int used,
             double u[][HS_SLOT_COV + HS_SC_COV_MAX], int *arm)
{
    int nctl = bsize / (sc->arm[0].weight + sc->arm[1].weight) * sc->arm[0].weight;
    for (int j = 0; j < bsize; j++) {
        hs_rng p = *g;
        for (int k = 0; k < used; k++)
            u[j][k] = hs_rng_uniform(&p);
        g->state = mult * g->state + plus_inc;
    }
    /* rank of key j: the keys below it, and equal keys of earlier patients
     * (counted in a register per key: no chain of stores through rank[]) */
    int rank[64];
    for (int j = 0; j < bsize; j++) {
        const double key = u[j][HS_SLOT_ALLOC];
        int r = 0;
        for (int k = 0; k < j; k++)
            r += u[k][HS_SLOT_ALLOC] <= key;
        for (int k = j + 1; k < bsize; k++)
            r += u[k][HS_SLOT_ALLOC] < key;
        rank[j] = r;
    }
    for (int j = 0; j < bsize; j++)
        arm[j] = rank[j] < nctl ? 0 : 1;
}

/* draw_block_k with the block size and the slots as constants in the
 * common cases (1:1 allocation: blocks of 4; with or without dropout), so
 * that the compiler unrolls its loops. */
static void draw_block(const hs_scenario *sc, hs_rng *g, hs_u128 mult, hs_u128 plus_inc, int bsize,
                       int used, double u[][HS_SLOT_COV + HS_SC_COV_MAX], int *arm)
{
    if (bsize == 4 && used == HS_SLOT_DROPOUT)
        draw_block_k(sc, g, mult, plus_inc, 4, HS_SLOT_DROPOUT, u, arm);
    else if (bsize == 4 && used == HS_SLOT_COV)
        draw_block_k(sc, g, mult, plus_inc, 4, HS_SLOT_COV, u, arm);
    else
        draw_block_k(sc, g, mult, plus_inc, bsize, used, u, arm);
}

/* When arm a's event times are one of hs_hazard_sample's exponential
 * shortcuts at lp = 0 (no covariates): time = y / A / B with y = -log(u),
 * the very operations hs_hazard_sample does (y / rate; or y / hr / rate for
 * one constant ratio; dividing by 1 is exact). 0 when the arm needs the
 * general sampler. */
static int exp_divisors(const hs_hazard *m, double *A, double *B)
{
    if (m->family != HS_FAM_EXPONENTIAL || m->cure != 0.0 || m->nhr > 1)
        return 0;
    *A = m->nhr ? m->hr[0] : m->par[0];
    *B = m->nhr ? m->par[0] : 1.0;
    return 1;
}

/* The common case, without covariates and with exponential arms: the
 * block loop stores the event and dropout uniforms and the pass after it
 * turns them into times with no branch on the (random) arm, the same
 * numbers as the general loop. */
static void finish_exponential(const hs_scenario *sc, const double A[2], const double B[2], hs_patient *out)
{
    for (int i = 0; i < sc->n; i++) {
        hs_patient *p = &out[i];
        const int a = p->arm;
        p->event = -log(p->event) / A[a] / B[a];
    }
    if (sc->arm[0].dropout_rate > 0 || sc->arm[1].dropout_rate > 0)
        for (int i = 0; i < sc->n; i++) {
            hs_patient *p = &out[i];
            const double rate = sc->arm[p->arm].dropout_rate;
            p->dropout = rate > 0 ? -log(p->dropout) / rate : INFINITY;
        }
}

/* Patient j of a block whose first nj patients are in the trial. */
static inline void put4(hs_patient *p, int j, int nj, int arm, double entry, double event, double dropout)
{
    if (j < nj) {
        p[j].arm = arm;
        p[j].entry = entry;
        p[j].event = event;
        p[j].dropout = dropout;
    }
}

/* The common case in one pass, the block in registers: blocks of 4 (1:1
 * allocation), uniform accrual, exponential arms without covariates (event
 * time y / A / B, y = -log(u)), dropout (slot 3) only with `drop`. The same
 * draws, ranks, arms and times as draw_block_k with the patient loop and
 * finish_exponential (no u[][] and arm[] round trip through memory, the
 * logarithms beside the generator's multiplies). */
static inline __attribute__((always_inline)) void block4(const hs_scenario *sc, const hs_rng *rep,
                                                         const double A[2], const double B[2], int drop,
                                                         hs_patient *out)
{
    const int nctl = 4 / (sc->arm[0].weight + sc->arm[1].weight) * sc->arm[0].weight;
    const double R = sc->accrual_months;
    hs_rng g = *rep;
    const hs_u128 inc = g.inc;
    hs_rng_jump next;
    hs_rng_jump_init(&next, HS_RNG_BLOCK);
    const hs_u128 plus_inc = next.plus * inc;
    for (int first = 0; first < sc->n; first += 4) {
        hs_rng p0 = g, p1, p2, p3;
        p1.inc = p2.inc = p3.inc = inc;
        p1.state = next.mult * p0.state + plus_inc;
        p2.state = next.mult * p1.state + plus_inc;
        p3.state = next.mult * p2.state + plus_inc;
        g.state = next.mult * p3.state + plus_inc;
        const double k0 = hs_rng_uniform(&p0), k1 = hs_rng_uniform(&p1), k2 = hs_rng_uniform(&p2),
                     k3 = hs_rng_uniform(&p3);
        const double e0 = hs_rng_uniform(&p0), e1 = hs_rng_uniform(&p1), e2 = hs_rng_uniform(&p2),
                     e3 = hs_rng_uniform(&p3);
        const double t0 = hs_rng_uniform(&p0), t1 = hs_rng_uniform(&p1), t2 = hs_rng_uniform(&p2),
                     t3 = hs_rng_uniform(&p3);
        double d0 = INFINITY, d1 = INFINITY, d2 = INFINITY, d3 = INFINITY;
        if (drop) {
            d0 = hs_rng_uniform(&p0);
            d1 = hs_rng_uniform(&p1);
            d2 = hs_rng_uniform(&p2);
            d3 = hs_rng_uniform(&p3);
        }
        /* draw_block_k's ranks: the keys below, and equal keys of earlier patients */
        const int r0 = (k1 < k0) + (k2 < k0) + (k3 < k0);
        const int r1 = (k0 <= k1) + (k2 < k1) + (k3 < k1);
        const int r2 = (k0 <= k2) + (k1 <= k2) + (k3 < k2);
        const int r3 = (k0 <= k3) + (k1 <= k3) + (k2 <= k3);
        const int nj = sc->n - first < 4 ? sc->n - first : 4;
        /* the patients before N, straight from registers (the uniforms of
         * the event and dropout, made times by finish_exponential) */
        put4(&out[first], 0, nj, r0 >= nctl, R * e0, t0, d0);
        put4(&out[first], 1, nj, r1 >= nctl, R * e1, t1, d1);
        put4(&out[first], 2, nj, r2 >= nctl, R * e2, t2, d2);
        put4(&out[first], 3, nj, r3 >= nctl, R * e3, t3, d3);
    }
    finish_exponential(sc, A, B, out);
}

void hs_cohort_draw(const hs_scenario *sc, const hs_rng *rep, hs_patient *out)
{
    int bsize = hs_cohort_block(sc);
    int dropout = sc->arm[0].dropout_rate > 0 || sc->arm[1].dropout_rate > 0;
    /* slots read: allocation, entry, event; dropout when an arm has one;
     * covariates after it */
    int used = sc->ncov > 0 ? HS_SLOT_COV + sc->ncov : dropout ? HS_SLOT_COV : HS_SLOT_DROPOUT;
    double A[2], B[2];
    const int fast = sc->ncov == 0 && exp_divisors(&sc->arm[0].model, &A[0], &B[0]) &&
                     exp_divisors(&sc->arm[1].model, &A[1], &B[1]);
    if (fast && bsize == 4 && sc->naccrual == 0) {
        if (dropout)
            block4(sc, rep, A, B, 1, out);
        else
            block4(sc, rep, A, B, 0, out);
        return;
    }
    double u[64][HS_SLOT_COV + HS_SC_COV_MAX];
    int arm[64];
    hs_rng_jump next;
    hs_rng_jump_init(&next, HS_RNG_BLOCK);
    hs_rng g = *rep; /* patient 0's block */
    const hs_u128 plus_inc = next.plus * g.inc;
    for (int first = 0; first < sc->n; first += bsize) {
        draw_block(sc, &g, next.mult, plus_inc, bsize, used, u, arm);
        for (int j = 0; j < bsize && first + j < sc->n; j++) {
            hs_patient *p = &out[first + j];
            const double *v = u[j];
            p->arm = arm[j];
            p->entry = sc->naccrual == 0 ? sc->accrual_months * v[HS_SLOT_ENTRY] /* hs_cohort_entry's first case */
                                         : hs_cohort_entry(sc, (uint64_t)(first + j), v[HS_SLOT_ENTRY]);
            if (fast) { /* the uniforms, made times by finish_exponential */
                p->event = v[HS_SLOT_EVENT];
                p->dropout = dropout ? v[HS_SLOT_DROPOUT] : INFINITY;
                continue;
            }
            for (int c = 0; c < sc->ncov; c++)
                p->level[c] = hs_dist_categorical(v[HS_SLOT_COV + c], sc->cum[c], sc->nlevels[c]);
            const hs_sc_arm *a = &sc->arm[p->arm];
            double lp = linear_predictor(a, sc->ncov, p->level);
            p->event = hs_hazard_sample(&a->model, lp, v[HS_SLOT_EVENT]);
            p->dropout =
                a->dropout_rate > 0 ? -log(v[HS_SLOT_DROPOUT]) / a->dropout_rate : INFINITY;
        }
    }
    if (fast)
        finish_exponential(sc, A, B, out);
}
