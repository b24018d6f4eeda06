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

/* strdup that aborts on out-of-memory: the mapper has one OOM policy,
 * like jansson's own allocator (a failed malloc of a few bytes is fatal). */
char *sila_csvw_strdup(const char *s);
char *sila_csvw_strndup(const char *s, size_t n);
void *sila_csvw_xmalloc(size_t n);
void *sila_csvw_xrealloc(void *p, size_t n);
/* printf into a fresh string (caller frees). */
char *sila_csvw_aprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
} SilaCsvwDiag;

void sila_csvw_warn(SilaCsvwDiag *d, unsigned long row, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
