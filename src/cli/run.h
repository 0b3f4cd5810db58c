/* run.h — `hifusim run CONFIG [options]`: the main job. */
#ifndef HS_RUN_H
#define HS_RUN_H

/* argv[0] is "run". Returns the exit code: 0 done, 1 runtime failure,
 * 2 bad usage or input, 3 interrupted with a checkpoint saved. Every rank
 * returns the same code. */
int hs_run_main(int argc, char **argv);

#endif
