/* fitcmd.h — the `hifusim fit` front end: maximum likelihood from patient
 * data (--ipd), calibration to landmark survival (--landmarks) and
 * reconstruction from a published KM curve (--reconstruct). */
#ifndef HS_FITCMD_H
#define HS_FITCMD_H

/* argv[0] is "fit". Prints results on stdout and every input error on stderr
 * ("FILE:LINE: message" or "--option: message"). Returns 0 on success,
 * 1 when a fit fails at run time, 2 on bad usage or input (nothing written).
 * Output files are written to a temporary name and renamed. */
int hs_fitcmd_main(int argc, char **argv);

#endif
