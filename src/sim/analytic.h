/* analytic.h — closed-form and numerically integrated sample-size figures
 * for a two-arm survival trial: Schoenfeld and Freedman event counts,
 * the probability that a patient's event is observed by the analysis
 * (uniform or piecewise accrual, exponential dropout, any hazard family and
 * covariate mix), Lachin–Foulkes N, and the expected calendar time of the
 * k-th event. Formulas and citations are at the top of analytic.c.
 *
 * Conventions: time in months; `ratio` r = experimental : control
 * allocation; `sides` 1 (one-sided alpha) or 2 (two-sided, alpha split);
 * functions returning double give NAN on invalid arguments. */
#ifndef HS_ANALYTIC_H
#define HS_ANALYTIC_H

#include "scenario.h"

/* Critical value z_{1-alpha/sides}. NAN unless 0 < alpha < 1 and sides is 1 or 2. */
double hs_analytic_zcrit(double alpha, int sides);
/* Schoenfeld events D = (z_a + z_b)^2 (1+r)^2 / (r ln^2 hr); hr > 0, hr != 1, 0 < power < 1. */
double hs_analytic_schoenfeld_events(double hr, double alpha, int sides, double power, double ratio);
/* Freedman events D = (z_a + z_b)^2 (1 + r hr)^2 / (r (1 - hr)^2). */
double hs_analytic_freedman_events(double hr, double alpha, int sides, double power, double ratio);
/* Schoenfeld power with `events` events: Phi(sqrt(D r)/(1+r) |ln hr| - z_a)
 * (the far tail of a two-sided test is ignored). */
double hs_analytic_schoenfeld_power(double hr, double events, double alpha, int sides, double ratio);
/* Probability that a patient's event is observed: uniform accrual over
 * `accrual` months (> 0), minimum follow-up `followup` (>= 0), event rate
 * `rate` > 0 and dropout rate `dropout` >= 0 (both per month, exponential).
 * With dropout 0: 1 - (e^(-rate F) - e^(-rate (F+R))) / (rate R). */
double hs_analytic_event_prob_exp(double rate, double dropout, double accrual, double followup);
/* Lachin–Foulkes total N for exponential rates rate0 (control), rate1
 * (experimental), a common dropout rate, uniform accrual over `accrual`
 * months, analysis at `total` months (>= accrual), q1 = share allocated to
 * the experimental arm. Not rounded. */
double hs_analytic_lachin_foulkes_n(double rate0, double rate1, double dropout, double accrual,
                                    double total, double alpha, int sides, double power, double q1);

/* A scenario's arms, covariate mix, accrual and dropout, prepared for
 * numerical integration (GSL QAGP/QAGIU). */
typedef struct hs_analytic hs_analytic;

/* Copies what it needs from sc. NULL on out of memory or when the
 * covariates with effects have more than 65536 level combinations. */
hs_analytic *hs_analytic_alloc(const hs_scenario *sc);
void hs_analytic_free(hs_analytic *a); /* NULL is a no-op */
/* P(an event of a patient of `arm` (0 control, 1 experimental) is observed
 * by calendar time t), averaged over entry times and the covariate mix; n is
 * the trial size (it matters for piecewise accrual only). 0, or -1 if the
 * integration failed. */
int hs_analytic_event_prob(hs_analytic *a, int arm, int n, double t, double *p);
/* Expected events by calendar time t in a trial of n patients. 0 or -1. */
int hs_analytic_expected_events(hs_analytic *a, int n, double t, double *d);
/* Calendar time at which the expected events reach k (INFINITY if they
 * never do). 0 or -1. */
int hs_analytic_event_time(hs_analytic *a, int n, double k, double *t);
/* Marginal (covariate-averaged) hazard ratio experimental/control at
 * follow-up time s. */
double hs_analytic_marginal_hr(hs_analytic *a, double s);
/* Kalbfleisch–Prentice average hazard ratio of the marginal hazards,
 * weighted by the expected density of observed events in a trial of n
 * patients analysed at calendar time t; also the smallest and largest
 * marginal HR over (0, t]. 0 or -1. */
int hs_analytic_average_hr(hs_analytic *a, int n, double t, double *hr, double *hr_min,
                           double *hr_max);
/* 1 if some covariate has an effect in either arm (a covariate mix). */
int hs_analytic_has_mix(const hs_analytic *a);
/* Exponential rates of both arms when both are plain exponential (no
 * covariate effects, no cure, constant HR multiplier): 1, else 0. */
int hs_analytic_exponential(const hs_analytic *a, double rate[2]);

typedef struct hs_analytic_design {
    double hr;              /* average HR used by the formulas */
    double hr_min, hr_max;  /* range of the marginal HR over the analysis window */
    double schoenfeld_events, freedman_events; /* not rounded */
    double event_prob;      /* allocation-weighted P(event observed) */
    int n;                  /* ceil(schoenfeld_events / event_prob) */
    int events_at_n;        /* events:K designs: K at that n; else round(n * event_prob) */
    double analysis_time;   /* expected calendar time of the analysis, months from the first
                             * entry: calendar:T -> T; events:K -> time of the K-th expected
                             * event; followup:T -> accrual_duration + T */
    double accrual_duration; /* months to enrol n */
    double followup;        /* analysis_time - accrual_duration (followup:T -> T; negative
                             * when the analysis comes before the end of accrual) */
    double events;          /* expected events at the analysis (events:K -> K at n), not rounded */
    double lachin_foulkes_n; /* exponential uniform-accrual designs, else NAN */
    /* Group-sequential designs (sc->nlooks > 1; else NAN): the maximum
     * events gsd_events = schoenfeld_events * inflation, where inflation =
     * (drift / (z_a + z_b))^2 and drift gives the design's bounds the target
     * power; n is then ceil(gsd_events / event_prob). Expected events at
     * the stopping look under H1 (that drift) and H0 (drift 0). */
    double inflation, gsd_events, expected_events_h1, expected_events_h0;
} hs_analytic_design;

/* The drift (mean of Z at full information) at which a group-sequential
 * design with bounds b has power `power` (futility counted as stopping). NAN
 * if none in [0, 40]. */
double hs_analytic_gsd_drift(const hs_gsd_bounds *b, double power);
/* Expected information fraction at the stopping look under drift theta. */
double hs_analytic_gsd_expected_frac(const hs_gsd_bounds *b, double theta);

/* The analytic design for target power `power` of scenario sc (its arms,
 * mix, accrual, dropout, alpha, sides and analysis). An events:K scenario
 * keeps its events-per-patient ratio K/n as n changes, or K itself when
 * fixed_events. A followup:T scenario analyses T months after the last
 * entry, so its window grows with n under rate accrual: n is the smallest
 * whose expected events reach the events needed. 0, or -1 (hr == 1, failed
 * integration, or N beyond HS_N_MAX-like limits: n set to -1). */
int hs_analytic_design_for(hs_analytic *a, const hs_scenario *sc, double power, int fixed_events,
                           hs_analytic_design *out);
/* [plan] solve = followup: at the scenario's own n, the smallest follow-up
 * after the last entry (followup:T scenarios) or calendar time (calendar:T)
 * whose expected events reach the events needed for `power`; out->followup
 * and out->analysis_time give it (INFINITY when the events are never
 * reached; a followup of 0 when they are reached by the end of accrual).
 * 0 or -1 (events:K scenarios, failed integration). */
int hs_analytic_followup_for(hs_analytic *a, const hs_scenario *sc, double power,
                             hs_analytic_design *out);
/* [plan] events = fixed with events_by (design.md "Timelines"): the
 * smallest n, a multiple of `unit` in [n_lo, n_hi], whose expected events
 * by calendar time `by` (months from the first entry) reach k, i.e. whose
 * expected k-th event comes by `by` (expected events grow with n under rate
 * and duration accrual alike). 0 with *n set; 1 when no n in the range does
 * (k > n_hi included), with *d_hi the expected events by `by` at the
 * largest n of the range (n_hi when it holds no multiple); -1 when an
 * integration failed or the arguments are invalid. */
int hs_analytic_n_for_events_by(hs_analytic *a, double k, double by, int n_lo, int n_hi, int unit, int *n,
                                double *d_hi);
/* Months to enrol n patients (INFINITY if the accrual never does). */
double hs_analytic_accrual_duration(const hs_scenario *sc, int n);
/* Expected calendar time (months from the first entry) of an analysis or
 * look of kind `cut` at `value` for n patients: calendar -> value, events
 * -> time of the value-th expected event, followup -> accrual duration +
 * value. 0 or -1. */
int hs_analytic_cut_time(hs_analytic *a, int n, hs_sc_cut cut, double value, double *t);

#endif
