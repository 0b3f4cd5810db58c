/* version.c — see version.h. */
#include "version.h"

#ifndef HS_VERSION
#define HS_VERSION "0.0.0"
#endif
#ifndef HS_GIT_COMMIT
#define HS_GIT_COMMIT "unknown"
#endif

const char *hs_version(void) { return HS_VERSION; }
const char *hs_git_commit(void) { return HS_GIT_COMMIT; }
