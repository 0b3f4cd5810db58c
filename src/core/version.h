/* version.h — build identity.
 *
 * The version and the git commit are baked in when cmake configures the
 * build; the commit can therefore be stale after `cmake --build` of changed
 * sources. The source hash cannot: it is the SHA-256 of every C source and
 * header in src/ (cmake/srchash.cmake), recomputed at build time whenever one of
 * them changes. It is what identifies a build (checkpoints record it). */
#ifndef HS_VERSION_H
#define HS_VERSION_H

const char *hs_version(void);     /* "0.1.0" */
const char *hs_version_git_commit(void);  /* short hash at configure time, or "unknown" */
const char *hs_version_source_hash(void); /* 64 hex digits */
/* The identity a checkpoint records: "hifusim VERSION src:HASH" with the
 * first 32 hex digits (128 bits) of the source hash; under 64 bytes. */
const char *hs_version_build_id(void);
/* The --version text, one line without newline: version, source hash and
 * the (possibly stale) configure-time commit. */
const char *hs_version_line(void);

#endif
