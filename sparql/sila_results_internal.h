/* sila_results_internal.h — shared by the sila_results*.c files only. */
#ifndef SILA_RESULTS_INTERNAL_H
#define SILA_RESULTS_INTERNAL_H

#include <stdint.h>

#include "sila_results.h"
#include "sila_utf8.h"

/* ---- writer core (sila_results_writer.c) ---- */

typedef struct {
  SilaStatus (*begin)(SilaResultWriter *w);
  SilaStatus (*row)(SilaResultWriter *w, const SilaTerm *const *values);
  SilaStatus (*boolean)(SilaResultWriter *w, bool value);
  SilaStatus (*finish)(SilaResultWriter *w); /* not called after boolean */
  /* Ends a result that failed part-way so that a reader sees it did
   * (sila_results_abort): msg[0..n) is the error's message. */
  SilaStatus (*abort)(SilaResultWriter *w, const char *msg, size_t n);
} SilaResultsFormatOps;

struct SilaResultWriter {
  SilaResultFormat fmt;
  const SilaResultsFormatOps *ops;
  SilaWriteFn write;
  void *ctx;
  unsigned flags;
  SilaStatus status; /* sticky: the first error */
  int state;         /* see sila_results_writer.c */
  char *buf;
  size_t len;
  size_t nvars;
  char **vars;
  size_t *var_lens;
  size_t nrows;
  char *link_base; /* HTML: sila_results_writer_set_link_base (owned) */
};

extern const SilaResultsFormatOps sila_results_json_ops;
extern const SilaResultsFormatOps sila_results_xml_ops;
extern const SilaResultsFormatOps sila_results_csv_ops;
extern const SilaResultsFormatOps sila_results_tsv_ops;
extern const SilaResultsFormatOps sila_results_html_ops;

/* Appends bytes to the writer's buffer, flushing when it fills.  On error
 * the status sticks in w->status and is returned. */
SilaStatus sila_results_put(SilaResultWriter *w, const char *s, size_t n);
SilaStatus sila_results_puts(SilaResultWriter *w, const char *s);

/* How sila_results_put_escaped writes a string. */
typedef enum {
  SILA_ESC_JSON,     /* JSON string body */
  SILA_ESC_XML_TEXT, /* XML character data */
  SILA_ESC_XML_ATTR, /* XML attribute value in double quotes */
  SILA_ESC_CSV,      /* CSV field body: " doubled (quoting decided by the caller) */
  SILA_ESC_TSV_STR,  /* Turtle string body in double quotes (ECHAR) */
  SILA_ESC_TSV_IRI,  /* Turtle IRIREF body (UCHAR for forbidden characters) */
  SILA_ESC_PLAIN,    /* nothing escaped (UTF-8 still checked) */
} SilaEscapeMode;

/* Writes s[0..n-1] escaped for `mode`; invalid UTF-8 becomes U+FFFD. */
SilaStatus sila_results_put_escaped(SilaResultWriter *w, const char *s, size_t n,
                                    SilaEscapeMode mode);

/* UTF-8: sila_utf8.h (base/). */

/* Splits an RDF 1.2 directional tag "en--ltr" into language and direction
 * (dir NULL when there is none). */
void sila_results_split_lang(const SilaTerm *t, size_t *lang_len, const char **dir,
                             size_t *dir_len);

/* True when s[0..n-1] matches Turtle's INTEGER (which = 0), DECIMAL (1)
 * or DOUBLE (2) production. */
bool sila_results_turtle_number(const char *s, size_t n, int which);

/* Splits the N-Triples 1.2 text of a triple term, "<<( s p o )>>", into
 * its parts.  Decoded strings go to *store (malloc'd; the caller frees it,
 * also on failure); other strings point into text; a nested triple term is
 * a part of kind SILA_RESULTS_TERM_TRIPLE with its text.  Returns 0, or -1
 * for malformed text or when memory runs out. */
int sila_results_triple_split(const char *text, size_t len, SilaTerm parts[3], char **store);

/* True when text is a well-formed triple term, nested ones included (at
 * most 64 deep); depth is 0 for the outermost call. */
bool sila_results_triple_ok(const char *text, size_t len, int depth);

/* ---- result-set internals (sila_results_set.c) ---- */

/* Copies s[0..n-1] into the set's arena, NUL-terminated; NULL on ENOMEM.
 * The copy lives until the set is freed. */
char *sila_results_set_intern(SilaResultSet *rs, const char *s, size_t n);

/* Appends a row whose strings already live in the set's arena (no copy).
 * values has nvars entries; NULL or kind NONE = unbound. */
SilaStatus sila_results_set_add_row_nocopy(SilaResultSet *rs, const SilaTerm *values);

/* Format parsers: each fills a fresh set `rs`. */
SilaStatus sila_results_parse_json(const char *data, size_t len, SilaResultSet *rs,
                                   SilaError *err);
SilaStatus sila_results_parse_xml(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err);
SilaStatus sila_results_parse_csv(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err);
SilaStatus sila_results_parse_tsv(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err);

/* Line and column (1-based, column in bytes) of offset `off` in data. */
void sila_results_position(const char *data, size_t off, unsigned long *line,
                           unsigned long *col);

/* If the table is the one-column "_askResult" form, turns it into a
 * boolean set (CSV/TSV readers call this at the end). */
void sila_results_set_detect_ask(SilaResultSet *rs);

#endif
