/* sweepcmd.h — `hifusim sweep CONFIG [options]`: a sensitivity sweep over
 * the config's [sweep] axes (sweep.h), whole or one task's share of it. */
#ifndef HS_SWEEPCMD_H
#define HS_SWEEPCMD_H

/* argv[0] is "sweep". Returns the exit code: 0 done, 1 runtime failure,
 * 2 bad usage or input, 3 interrupted with a checkpoint saved. Every rank
 * returns the same code. */
int hs_sweepcmd_main(int argc, char **argv);

#endif
