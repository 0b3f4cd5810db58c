/* check.h — `hifusim check CONFIG [--set KEY=VALUE]...`: read and validate a
 * config and its model files, print the resolved scenarios; run nothing. */
#ifndef HS_CHECK_H
#define HS_CHECK_H

/* argv[0] is "check". Prints the resolved config to stdout, or every input
 * error to stderr. Returns the exit code: 0 valid, 2 bad usage or input,
 * 1 out of memory. */
int hs_check_main(int argc, char **argv);

#endif
