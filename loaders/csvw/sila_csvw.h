/* sila_csvw.h — W3C CSV on the Web: CSV + metadata to RDF (csv2rdf).
 *
 * Implements the Tabular Data Model, the Metadata Vocabulary and the
 * csv2rdf conversion (standard mode by default, minimal mode on request):
 * metadata discovery, dialects, encodings (through iconv), datatypes and
 * formats, URI templates, common properties, key validation.  Triples go to
 * a callback; errors are a SilaError ("file:row:column: message"), warnings
 * go to a second callback.  CSV files are read as a stream: memory does not
 * grow with the number of rows, except for what primary/foreign keys need.
 *
 * Sila's own extensions (two-digit years, reference-table lookups,
 * zero-padding) live in the namespace SILA_CSVW_NS and are honoured only
 * when `extensions` is set in the options (off for the W3C suite).
 */
#ifndef SILA_CSVW_H
#define SILA_CSVW_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Namespace of Sila's CSVW extensions (see loaders/csvw_ext.c). */
#define SILA_CSVW_NS "https://dati.calabria.it/ns/csvw#"
/* The prov:wasAssociatedWith of provenance triples (opts.provenance). */
#define SILA_CSVW_PROCESSOR "https://dati.calabria.it/ns/sila#csv2rdf"

#ifndef SILA_TRIPLE_SINK_DEFINED
#define SILA_TRIPLE_SINK_DEFINED
/* Receives one triple.  The terms are views valid only during the call.
 * Returning anything but SILA_OK stops the producer, which returns that
 * status. */
typedef SilaStatus (*SilaTripleSink)(void *ctx, const SilaTerm *s, const SilaTerm *p,
                                     const SilaTerm *o);
#endif

/* Receives one warning: `file` is the URL or path of the CSV or metadata
 * file concerned, `row`/`column` are 1-based (0 = not applicable), `message`
 * names the offending value.  All strings are valid only during the call. */
typedef void (*SilaCsvwWarningSink)(void *ctx, const char *file, unsigned long row,
                                    unsigned long column, const char *message);

/* The same problems for callers that say them in their own words (the
 * publishing area, in Italian): a stable code and its parameters, besides
 * the English message the text sinks get.  Codes (strings, stable):
 *   SILA_CSVW_MSG_BAD_VALUE     a cell not of its column's datatype:
 *                               value, column_name, expected (the datatype's
 *                               name: "integer", "date", ...)
 *   SILA_CSVW_MSG_LOOKUP        a name a lookup table lacks: value,
 *                               column_name, table (the table's file name),
 *                               suggestions (the closest names as the table
 *                               writes them; none: no close name)
 *   SILA_CSVW_MSG_LOOKUP_FORMER the same for a former municipality: detail =
 *                               the day it ceased, suggestions[0] (if any) =
 *                               the name of what it became
 *   SILA_CSVW_MSG_REQUIRED      an empty `required` cell: column_name
 *   SILA_CSVW_MSG_ROW_LONG / SILA_CSVW_MSG_ROW_SHORT  a row with more /
 *                               fewer cells: value = its count, expected =
 *                               the columns' count
 *   SILA_CSVW_MSG_COLUMNS       the CSV's columns vs the metadata's: value =
 *                               the CSV's count, expected = the metadata's,
 *                               detail = the separator
 *   SILA_CSVW_MSG_TITLE         a header the metadata does not name: value
 *   SILA_CSVW_MSG_DUP_HEADER    a header twice: value, detail = the other
 *                               column's number
 *   SILA_CSVW_MSG_OTHER         anything else (the metadata's own details,
 *                               keys): only the English message
 * All pointers are valid only during the call; absent ones are NULL. */
#define SILA_CSVW_MSG_BAD_VALUE "bad_value"
#define SILA_CSVW_MSG_LOOKUP "lookup_not_found"
#define SILA_CSVW_MSG_LOOKUP_FORMER "lookup_former"
#define SILA_CSVW_MSG_REQUIRED "required_empty"
#define SILA_CSVW_MSG_ROW_LONG "row_too_long"
#define SILA_CSVW_MSG_ROW_SHORT "row_too_short"
#define SILA_CSVW_MSG_COLUMNS "column_count"
#define SILA_CSVW_MSG_TITLE "title_mismatch"
#define SILA_CSVW_MSG_DUP_HEADER "duplicate_header"
#define SILA_CSVW_MSG_OTHER "other"
#define SILA_CSVW_MSG_SUGGESTIONS_MAX 3
typedef struct {
  const char *code;     /* one of SILA_CSVW_MSG_* (never NULL) */
  bool error;           /* an error (strict mode) or a warning */
  const char *file;     /* as the text sinks get it */
  unsigned long row, column; /* 1-based, 0 = not applicable */
  const char *column_name;
  const char *value;
  const char *expected;
  const char *table;
  const char *detail;
  const char *suggestions[SILA_CSVW_MSG_SUGGESTIONS_MAX];
  size_t n_suggestions;
  const char *message;  /* the English message */
} SilaCsvwMessage;
typedef void (*SilaCsvwMessageSink)(void *ctx, const SilaCsvwMessage *m);

typedef struct {
  bool minimal;               /* minimal mode: only the triples of the cells */
  const char *base_iri;       /* base IRI of a local input file (default file://path) */
  const char *user_metadata;  /* path or URL of user metadata, or NULL */
  bool extensions;            /* honour SILA_CSVW_NS properties */
  bool no_discovery;          /* skip {+url}-metadata.json / csv-metadata.json / Link */
  bool local_only;            /* refuse http(s) fetches (SILA_ERR_DENIED): servers, fuzzing */
  bool provenance;            /* standard mode: add the prov:wasGeneratedBy activity */
  SilaCsvwWarningSink warning; /* may be NULL: warnings are then dropped */
  void *warning_ctx;
  /* Test hook: a NULL-terminated list of libcurl CURLOPT_CONNECT_TO entries
   * ("host:port:connect-host:connect-port"), so HTTP URLs keep their IRIs
   * while the bytes come from a local server.  NULL in normal use. */
  const char *const *connect_to;
  /* Publishing (`sila publish`) sets the following; all are off for
   * `sila map` and the W3C suite.
   * strict: a structural problem of the table or its metadata (a property
   * of the wrong type, a lookup table without the named columns, rows with
   * more or fewer cells than columns, duplicate or unmatched headers, an
   * empty `required` cell, a name a lookup that links to a national IRI
   * cannot find, a cell that does not fit its column's datatype) is an
   * error: each goes to `error` with its position, the
   * mapping goes on so every one is listed, and the call then fails with
   * SILA_ERR_INVALID and the first of them. */
  bool strict;
  SilaCsvwWarningSink error; /* may be NULL */
  void *error_ctx;
  /* NULL-terminated list of folders: local documents (the metadata, CSV
   * tables, lookup tables) are read only when their real path (symbolic
   * links resolved) lies inside one of them; anything else is refused with
   * SILA_ERR_DENIED.  NULL = no confinement. */
  const char *const *allowed_dirs;
  /* A lookup table that is not where its "url" says is looked for by its
   * file name in this folder (the project's vocabularies), so a dataset
   * folder can move.  NULL = no such fallback. */
  const char *vocabularies;
  /* Every warning and error again, as a code with its parameters (see
   * SilaCsvwMessage), after the text sink heard it.  NULL = none. */
  SilaCsvwMessageSink message;
  void *message_ctx;
} SilaCsvwOptions;

/* Fills `o` with the defaults (standard mode, no extensions). */
void sila_csvw_options_init(SilaCsvwOptions *o);

/* Maps `input` — a CSV file or a CSVW metadata document (JSON), as a local
 * path or an http(s):// or file:// URL — to RDF, calling `sink` for every
 * triple.  A document is taken as metadata when its name ends in ".json" or
 * its HTTP content type is JSON.
 *
 * Returns SILA_OK, or: SILA_ERR_IO / SILA_ERR_NOT_FOUND (input unreadable),
 * SILA_ERR_REMOTE (HTTP failure), SILA_ERR_DENIED (http with local_only),
 * SILA_ERR_SYNTAX (malformed JSON, CSV bytes invalid in their encoding),
 * SILA_ERR_UNSUPPORTED (an encoding iconv lacks), SILA_ERR_INVALID (metadata
 * that CSVW says is an error, unresolved foreign keys), or the status the
 * sink returned.  `err` (may be NULL; pass it zeroed, e.g.
 * `SilaError err = {0}`, since the first error recorded is kept) receives
 * the position: err->file is the document the error is in — `input`
 * (borrowed) or, for an error in a CSV table or a lookup table, that file's
 * path in thread-local storage valid until this thread's next call —, line
 * = CSV row, column = CSV column, and the message names the offending value.
 * Warnings (cells that do not fit their datatype, ignored metadata
 * properties, failed key checks, ...) go to opts->warning; such a cell is
 * output as a plain string literal, never as a wrongly typed one (as the
 * W3C tests expect).  In strict mode a cell that does not fit its datatype
 * is an error like the other structural problems.
 * Triples already sent before an error are not taken back: callers that
 * need all-or-nothing must buffer (the store's publish does).
 * Calls share no state and may run in parallel threads, except that the
 * first http(s) fetch runs curl_global_init: a threaded program should call
 * it itself at start.  Out of memory is SILA_ERR_NOMEM. */
SilaStatus sila_csvw_map(const char *input, const SilaCsvwOptions *opts, SilaTripleSink sink,
                         void *sink_ctx, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
