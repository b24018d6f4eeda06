/* csvw_util.h — small helpers shared by the CSVW mapper: strings, IRIs,
 * RFC 6570 URI templates.  Internal to loaders/ (the sila_csvw_ prefix only
 * keeps the symbols visible to the unit tests through libsila). */
#ifndef SILA_CSVW_UTIL_H
#define SILA_CSVW_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_csvw.h"
#include "sila_term.h"
#include "sila_utf8.h"

/* Allocation never aborts.  These return NULL when memory runs out and
 * note it in a per-thread flag; every caller handles the NULL (stops, or
 * leaves the value out), and sila_csvw_map turns the flag into
 * SILA_ERR_NOMEM, so a failed allocation can never pass for a result.
 * realloc-style: sila_csvw_grow leaves `p` allocated on failure. */
char *sila_csvw_strdup(const char *s); /* NULL for s NULL, too */
char *sila_csvw_strndup(const char *s, size_t n);
void *sila_csvw_alloc(size_t n);
void *sila_csvw_grow(void *p, size_t n);
/* printf into a fresh string (caller frees). */
char *sila_csvw_aprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sila_csvw_nomem_reset(void);
bool sila_csvw_nomem(void);
void sila_csvw_nomem_note(void);
/* For sila_buf_* results: notes a failure; true when rc is 0. */
bool sila_csvw_buf_ok(int rc);

/* Resolves `ref` against `base` (RFC 3986 §5.2); returns a new string.
 * With base NULL returns a copy of ref. */
char *sila_csvw_iri_resolve(const char *base, const char *ref);
/* The IRI without its fragment (new string). */
char *sila_csvw_iri_strip_fragment(const char *s);

/* Percent-encodes every byte except ASCII letters, digits, '.' and '_'
 * (how CSVW turns a title into a column name).  New string. */
char *sila_csvw_pct_encode_name(const char *s);

/* A template variable's value: undefined, a string, or a list. */
typedef struct {
  int kind; /* 0 undefined, 1 string, 2 list */
  const char *str;
  const char *const *items;
  size_t n;
} SilaCsvwTVal;

/* Looks up variable `name` (length len); fills *out. */
typedef void (*SilaCsvwTLookup)(void *ctx, const char *name, size_t len, SilaCsvwTVal *out);

/* Expands an RFC 6570 (levels 1-4) template.  Returns a new string, or NULL
 * when the template is malformed (unclosed brace, bad operator). */
char *sila_csvw_template_expand(const char *tmpl, SilaCsvwTLookup lookup, void *ctx);

/* The CSVW/RDFa initial context: expands "prefix:suffix" when the prefix
 * is one of it; returns a new string, or NULL when `s` is not such a
 * prefixed name. */
char *sila_csvw_expand_prefixed(const char *s);

/* Where warnings go while mapping: the caller's sink plus a count. */
typedef struct {
  SilaCsvwWarningSink sink;
  void *ctx;
  const char *file; /* current file (URL), borrowed */
  unsigned long count;
  /* strict mode (SilaCsvwOptions.strict): problems are errors (csvw_diag.c) */
  bool strict;
  SilaCsvwWarningSink error_sink;
  void *error_ctx;
  unsigned long errors;
  SilaError first;      /* the first problem seen in strict mode */
  char first_file[1024]; /* its file (a display path) */
  /* every warning and error again, with its code (SilaCsvwOptions.message) */
  SilaCsvwMessageSink msg_sink;
  void *msg_ctx;
} SilaCsvwDiag;

void sila_csvw_warn(SilaCsvwDiag *d, unsigned long row, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A structural problem of a table or its metadata: a warning (as CSVW
 * says) unless d->strict, where it is an error reported to d->error_sink;
 * the mapping goes on so every error is listed, and sila_csvw_map then
 * returns SILA_ERR_INVALID with the first one (csvw_diag.c). */
void sila_csvw_problem(SilaCsvwDiag *d, unsigned long row, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with a code and its parameters (SilaCsvwMessage): `m` gives
 * code, row, column and the parameters; file, error and message are
 * filled in here.  The plain forms above report SILA_CSVW_MSG_OTHER. */
void sila_csvw_warn_msg(SilaCsvwDiag *d, SilaCsvwMessage *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sila_csvw_problem_msg(SilaCsvwDiag *d, SilaCsvwMessage *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The local path of a file:// URL (percent-decoding undone) into buf, or
 * the URL itself when it is not one; returns buf. */
char *sila_csvw_display_path(const char *url, char *buf, size_t size);

#endif
