/* version.c — see version.h. */
#include "version.h"

#include "srchash.h" /* generated at build time: HS_SOURCE_HASH, HS_SOURCE_HASH32 */

#ifndef HS_VERSION
#define HS_VERSION "0.0.0"
#endif
#ifndef HS_GIT_COMMIT
#define HS_GIT_COMMIT "unknown"
#endif

const char *hs_version(void) { return HS_VERSION; }
const char *hs_version_git_commit(void) { return HS_GIT_COMMIT; }
const char *hs_version_source_hash(void) { return HS_SOURCE_HASH; }
const char *hs_version_build_id(void) { return "hifusim " HS_VERSION " src:" HS_SOURCE_HASH32; }
const char *hs_version_line(void)
{
    return "hifusim " HS_VERSION " (source sha256 " HS_SOURCE_HASH "; configured at git commit " HS_GIT_COMMIT
           ", which a rebuild without cmake does not update)";
}
