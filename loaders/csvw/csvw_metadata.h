/* csvw_metadata.h — reading, checking and normalising CSVW metadata
 * documents (Metadata Vocabulary §5-6).  Internal to loaders/. */
#ifndef SILA_CSVW_METADATA_H
#define SILA_CSVW_METADATA_H

#include <jansson.h>

#include "csvw_fetch.h"
#include "csvw_util.h"

/* Keys the normaliser adds (they cannot clash: no CSVW property starts
 * with '#'): the base IRI and default language of the document. */
#define CSVW_KEY_BASE "#base"
#define CSVW_KEY_LANG "#lang"

/* Checks and normalises `doc` (taken: consumed even on failure), fetched
 * from `doc_url`, into a table group: a single table is wrapped in a
 * group, `url`s are resolved, `tableSchema`/`dialect` given by URL are
 * fetched, `titles` become {lang: [titles]}, bad property values are
 * dropped with a warning, and what CSVW calls an error is returned as
 * NULL with err set (SILA_ERR_INVALID).  Returns a new reference. */
json_t *sila_csvw_metadata_normalize(json_t *doc, const char *doc_url, const SilaCsvwFetcher *f,
                                     SilaCsvwDiag *diag, SilaError *err);

/* True when the (normalised) table group has a table whose url is `url`. */
bool sila_csvw_metadata_describes(json_t *group, const char *url);

/* The column's name: its "name", else its first title percent-encoded,
 * else "_col.N" (index 1-based).  New string. */
char *sila_csvw_column_name(json_t *col, size_t index);

/* True when `tag` looks like a BCP 47 language tag. */
bool sila_csvw_lang_ok(const char *tag);

#endif
