/* inifile.h — an INI file read into an ordered store of entries that know
 * their line, on top of libinih's ini_parse_stream.
 *
 * (Named inifile, not ini: <ini.h> is libinih's own header.)
 *
 * Grammar (configs/README.md): one item per line, leading whitespace ignored:
 *   [section name]      whitespace inside is collapsed to one space
 *   key = value         key must not contain ':' ; value may be empty
 *   ; comment  or  # comment, and "value ; comment" (';' after whitespace)
 * Lines longer than HS_INIFILE_LINE_MAX characters, files with NUL bytes,
 * empty files, keys before any section, lines that are none of the above,
 * duplicate sections and duplicate keys within a section are errors, each
 * reported as "FILE:LINE: what is wrong; what was expected".
 */
#ifndef HS_INIFILE_H
#define HS_INIFILE_H

#include <stddef.h>

#include "errs.h"

#define HS_INIFILE_LINE_MAX 196        /* characters per line, without the newline */
#define HS_INIFILE_SIZE_MAX (1 << 20)  /* bytes per file */

typedef struct hs_inifile hs_inifile;

typedef struct hs_inifile_entry {
    const char *section; /* normalised section name, e.g. "arm hifu_chemo" */
    const char *key;
    const char *value;   /* whitespace-trimmed, inline comment removed */
    const char *file;    /* file name as given to read/parse */
    int line;            /* 1-based line number */
} hs_inifile_entry;

typedef struct hs_inifile_section {
    const char *name;
    const char *file;
    int line;
} hs_inifile_section;

/* Read a file. Returns 0 if it is clean, -1 if any error was appended to
 * errs. *out receives the store (caller frees with hs_inifile_free) holding
 * every well-formed line, even when there were errors elsewhere, so later
 * checks can report more; *out is NULL if the file could not be read. */
int hs_inifile_read(const char *path, hs_inifile **out, hs_errs *errs);

/* Same for text in memory (len bytes); name is used in messages. */
int hs_inifile_parse(const char *name, const char *text, size_t len, hs_inifile **out,
                     hs_errs *errs);

void hs_inifile_free(hs_inifile *s); /* NULL is a no-op */

/* Entries and sections in file order; pointers stay valid until free. */
int hs_inifile_nentries(const hs_inifile *s);
const hs_inifile_entry *hs_inifile_entry_at(const hs_inifile *s, int i);
int hs_inifile_nsections(const hs_inifile *s);
const hs_inifile_section *hs_inifile_section_at(const hs_inifile *s, int i);

/* The entry (section, key), or NULL. */
const hs_inifile_entry *hs_inifile_find(const hs_inifile *s, const char *section,
                                        const char *key);

/* File name and full text (NUL-terminated, *len bytes without the NUL). */
const char *hs_inifile_name(const hs_inifile *s);
const char *hs_inifile_text(const hs_inifile *s, size_t *len);

#endif
