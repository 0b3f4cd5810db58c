/* version.h — build identity, baked in at configure time. */
#ifndef HS_VERSION_H
#define HS_VERSION_H

const char *hs_version(void);    /* "0.1.0" */
const char *hs_git_commit(void); /* short hash, or "unknown" */

#endif
