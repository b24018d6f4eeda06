/* sila_results.h — SPARQL 1.1 query results: streaming writers, parsers,
 * and an in-memory result set.
 *
 * Formats: SPARQL 1.1 Query Results JSON and XML, and the SPARQL 1.1
 * CSV and TSV formats.  Writers stream through a callback with a bounded
 * internal buffer, so memory never grows with the size of a result.
 * Parsers read a whole document into a SilaResultSet (used by the W3C test
 * runner and the SERVICE client).
 *
 * Terms beyond RDF 1.1, which SilaTerm has no field for, are carried as
 * follows so that SPARQL 1.2 result files still parse:
 *  - a directional language string (JSON "its:dir", XML its:dir) keeps
 *    its direction in the language tag as RDF 1.2 N-Triples writes it,
 *    "en--ltr"; the JSON and XML writers split it back out;
 *  - a triple term (JSON "type":"triple", XML <triple>) is a term of kind
 *    SILA_RESULTS_TERM_TRIPLE whose value is its N-Triples 1.2 text
 *    `<<( s p o )>>` (terms as sila_buf_put_term_nt writes them, nested
 *    triple terms inline).  The CSV and TSV writers write that text; the
 *    JSON and XML writers read it back and write the structure.
 *
 * Thread rules: a writer or a result set belongs to one thread at a time;
 * the functions keep no global state.
 */
#ifndef SILA_RESULTS_H
#define SILA_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_RESULTS_UNKNOWN = 0, /* "no such format" from the lookups */
  SILA_RESULTS_JSON,        /* application/sparql-results+json, .srj */
  SILA_RESULTS_XML,         /* application/sparql-results+xml, .srx */
  SILA_RESULTS_CSV,         /* text/csv, .csv */
  SILA_RESULTS_TSV,         /* text/tab-separated-values, .tsv */
  SILA_RESULTS_HTML,        /* text/html, .html: a readable table for people (write only) */
} SilaResultFormat;

/* Kind of a result-set term that holds a SPARQL 1.2 triple term (see the
 * file comment); outside SilaTermKind's named values on purpose. */
#define SILA_RESULTS_TERM_TRIPLE ((SilaTermKind)4)

/* ---- format lookup ---------------------------------------------------- */

/* Format by short name, ASCII case-insensitive: "json", "srj", "xml",
 * "srx", "csv", "tsv", "html".  SILA_RESULTS_UNKNOWN for anything else or
 * NULL. */
SilaResultFormat sila_results_format_from_name(const char *name);

/* Format by MIME type, ASCII case-insensitive, ignoring parameters and
 * surrounding blanks ("text/csv; charset=utf-8" is CSV).  Besides each
 * format's own type, "application/json" means JSON and "application/xml"
 * and "text/xml" mean XML.  SILA_RESULTS_UNKNOWN otherwise, also for
 * "text/html": HTML is a write-only format, and an HTML answer from another
 * endpoint is an error page, not results. */
SilaResultFormat sila_results_format_from_mime(const char *mime);

/* The format's MIME type without parameters, its file suffix with the dot
 * (".srj") and its short name ("json").  Static strings; NULL for
 * SILA_RESULTS_UNKNOWN or an out-of-range value. */
const char *sila_results_format_mime(SilaResultFormat fmt);
const char *sila_results_format_suffix(SilaResultFormat fmt);
const char *sila_results_format_name(SilaResultFormat fmt);

/* ---- streaming writers ------------------------------------------------ */

/* SilaWriteFn: see sila_term.h. */

typedef struct SilaResultWriter SilaResultWriter;

/* Writer flags. */
enum {
  /* CSV only: start with a UTF-8 byte order mark, which spreadsheet
   * programs need to read UTF-8 CSV.  Ignored by the other formats. */
  SILA_RESULTS_FLAG_BOM = 1u << 0,
};

/* Bytes the writer collects before it calls `write`; a single call never
 * gets more than this unless one escaped value alone is larger. */
#define SILA_RESULTS_BUFFER_SIZE 8192

/* A writer of `fmt` that sends its output to write(ctx, ...).  Nothing is
 * written until sila_results_begin or sila_results_boolean.  Returns NULL
 * when memory runs out or fmt is not a format. */
SilaResultWriter *sila_results_writer_new(SilaResultFormat fmt, SilaWriteFn write, void *ctx,
                                          unsigned flags);

/* Starts a SELECT result with variables vars[0..nvars-1] (names without
 * '?', NUL-terminated; copied).  nvars may be 0.  Errors:
 * SILA_ERR_INVALID when called twice, after sila_results_boolean, or with
 * an empty or NULL name; SILA_ERR_NOMEM; the write callback's status. */
SilaStatus sila_results_begin(SilaResultWriter *w, const char *const *vars, size_t nvars);

/* The same with explicit name lengths (names need not be NUL-terminated). */
SilaStatus sila_results_begin_n(SilaResultWriter *w, const char *const *vars,
                                const size_t *lens, size_t nvars);

/* HTML only (sila_results_html.c): IRIs under `base` (no trailing '/',
 * e.g. "https://dati.calabria.it") are linked by their server path, as the
 * linked-data pages serve them ({base}/id/x -> /doc/x, {base}/set/y ->
 * /set/y), and the page links back to the query page (/query); other
 * http(s) IRIs link to themselves, anything else is plain text.  The
 * string is copied.  Call before sila_results_begin; NULL = no local
 * links.  Returns SILA_OK, SILA_ERR_NOMEM, or SILA_ERR_INVALID for another
 * format or after the result began.
 *
 * The HTML document (UTF-8, lang="it") has one <h1>, a <table> with a
 * caption, a header row of the variables and one row per solution (unbound
 * values empty; literals with their language or datatype), and the number
 * of results; ASK gives a sentence.  Every value is escaped. */
SilaStatus sila_results_writer_set_link_base(SilaResultWriter *w, const char *base);

/* Writes one solution: values[i] is the value of variable i, NULL (or a
 * term of kind SILA_TERM_NONE) when unbound.  values may be NULL when
 * nvars is 0.  Text is expected in UTF-8; invalid UTF-8 sequences, and in
 * XML the characters XML 1.0 cannot carry, are written as U+FFFD.
 * A row is checked whole before any of it is written.  Errors:
 * SILA_ERR_INVALID before sila_results_begin or after finish, or for a
 * malformed term (unknown kind, empty blank label, triple-term text that
 * does not parse); SILA_ERR_NOMEM; the write callback's status. */
SilaStatus sila_results_row(SilaResultWriter *w, const SilaTerm *const *values);

/* Writes an ASK result.  Must be the first call on the writer (no
 * sila_results_begin).  CSV and TSV have no boolean form in the spec; they
 * write a one-column table "_askResult" holding true or false, as Jena
 * does, which sila_results_parse reads back as a boolean. */
SilaStatus sila_results_boolean(SilaResultWriter *w, bool value);

/* Closes the document and flushes everything to the callback.  Errors:
 * SILA_ERR_INVALID when neither begin nor boolean was called, or when
 * called twice; an earlier error of the writer; the callback's status. */
SilaStatus sila_results_finish(SilaResultWriter *w);

/* Ends a result that failed midway (timeout, cancellation, store error)
 * so that no reader can take it for a complete, shorter result: flushes
 * what is buffered, then writes a tail that makes the document malformed
 * in every format — an unclosed JSON document with a stray `,"error":`
 * member, an unclosed XML document with an error comment, an unterminated
 * quoted CSV field or TSV string holding `message` (may be NULL); HTML
 * closes the table and shows the message in an alert, with no end of
 * document.  Nothing
 * can be written afterwards.  Returns the callback's status (SILA_OK when
 * the tail went out), SILA_ERR_INVALID when the writer had already
 * finished or never started. */
SilaStatus sila_results_abort(SilaResultWriter *w, const char *message);

/* Number of rows written so far. */
size_t sila_results_writer_rows(const SilaResultWriter *w);

/* Frees the writer without flushing (call sila_results_finish first to
 * get a complete document).  Safe with NULL. */
void sila_results_writer_free(SilaResultWriter *w);

/* ---- result sets ------------------------------------------------------ */

/* A whole result in memory.  Read the fields directly; change it only
 * through the functions below.  All strings are owned by the set and live
 * until sila_results_set_free; they are NUL-terminated. */
typedef struct SilaResultSet {
  bool is_boolean;      /* an ASK result: `boolean` holds it, no vars/rows */
  bool boolean;
  size_t nvars;
  const char **vars;    /* variable names without '?' */
  size_t *var_lens;
  size_t nrows;
  SilaTerm *cells;      /* nrows * nvars, row-major; kind NONE = unbound */
  struct SilaResultsArena *arena_; /* private */
  size_t cells_cap_;               /* private */
} SilaResultSet;

/* An empty SELECT result with no variables and no rows; NULL when memory
 * runs out. */
SilaResultSet *sila_results_set_new(void);

/* Adds a variable (copied).  Rows already present get it unbound.
 * SILA_ERR_EXISTS when the name is already a variable (the set is
 * unchanged); SILA_ERR_INVALID for an ASK set; SILA_ERR_NOMEM. */
SilaStatus sila_results_set_add_var(SilaResultSet *rs, const char *name, size_t len);

/* Index of variable `name` (length len), or -1. */
long sila_results_set_var_index(const SilaResultSet *rs, const char *name, size_t len);

/* Appends a row; values as for sila_results_row, copied into the set.
 * SILA_ERR_INVALID for an ASK set; SILA_ERR_NOMEM. */
SilaStatus sila_results_set_add_row(SilaResultSet *rs, const SilaTerm *const *values);

/* Makes the set an ASK result with `value` (drops variables and rows). */
void sila_results_set_set_boolean(SilaResultSet *rs, bool value);

/* The value at (row, col), or NULL when unbound or out of range.  The
 * pointer lives as long as the set is not changed or freed. */
const SilaTerm *sila_results_set_get(const SilaResultSet *rs, size_t row, size_t col);

/* Writes the whole set through w (begin/rows/finish, or boolean/finish).
 * Returns the first error of those calls. */
SilaStatus sila_results_set_write(const SilaResultSet *rs, SilaResultWriter *w);

/* Frees the set and every string in it.  Safe with NULL. */
void sila_results_set_free(SilaResultSet *rs);

/* ---- parsers ----------------------------------------------------------- */

/* Parses a complete results document of format fmt from data[0..len-1]
 * into a new set (*out, owned by the caller; NULL on error).
 *
 * JSON and XML keep every term exactly (SPARQL 1.0 "typed-literal" is
 * read too; an explicit xsd:string datatype becomes NULL).  TSV reads
 * terms in Turtle syntax, including the number and boolean shorthands
 * (`1` is xsd:integer, `1.5` xsd:decimal, `1e0` xsd:double, `true`
 * xsd:boolean).  CSV keeps only strings: a field starting with "_:" is a
 * blank node, a field that looks like an absolute IRI (scheme ":" and no
 * blanks, quotes or angle brackets) is an IRI, any other non-empty field is
 * a simple literal, and an empty field is unbound — datatypes, language
 * tags, and the difference between an empty string and unbound are lost,
 * and a literal that looks like an IRI becomes an IRI.  A UTF-8 byte order
 * mark is skipped.  CSV and TSV tables whose only column is "_askResult"
 * with one row "true" or "false" are read as ASK results.
 *
 * Errors: SILA_ERR_SYNTAX with err's line and column (1-based, when
 * known) for malformed input; SILA_ERR_INVALID for an unknown format;
 * SILA_ERR_NOMEM.  err may be NULL. */
SilaStatus sila_results_parse(SilaResultFormat fmt, const char *data, size_t len,
                              SilaResultSet **out, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
