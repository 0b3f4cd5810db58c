/* plancmd.h — `hifusim plan CONFIG [options]`: power curve over N and the
 * sample size for target powers, simulated (plan.h over the driver) and
 * analytic (analytic.h) side by side; writes plan.json and plan.csv. */
#ifndef HS_PLANCMD_H
#define HS_PLANCMD_H

/* argv[0] is "plan". Returns the exit code, the same on every rank: 0 done,
 * 1 runtime failure, 2 bad usage or input or a target power not reached
 * within [plan] n_max, 3 interrupted by a signal. */
int hs_plancmd_main(int argc, char **argv);

#endif
