/* sila_term.h — RDF terms as views, shared by every module.
 *
 * A SilaTerm does not own its strings: it points at a parser's buffer, a
 * SilaBuf, an arena, or (for terms decoded inside a transaction) memory
 * whose lifetime the producing function documents.  Strings are not
 * NUL-terminated in general: always use the lengths.
 *
 * Literal datatypes follow RDF 1.1: a literal with no language tag and no
 * datatype is an xsd:string; `datatype == NULL` means exactly that, and
 * parsers map an explicit ^^xsd:string to NULL so one term has one form.
 * A literal with a language tag has `datatype == NULL` and is an
 * rdf:langString.  Language tags keep the case they were written in, but
 * two tags that differ only in case name the same term (RDF 1.1).
 *
 * RDF 1.2 triple terms (SILA_TERM_TRIPLE) are views too: `triple` points at
 * an array of three SilaTerms (subject, predicate, object), owned by
 * whoever made the view (a parser's arena, the decoding transaction, the
 * allocation of sila_term_copy) and valid as long as that owner says; the
 * object may itself be a triple term (nesting).  In such a view value is
 * "" (length 0), datatype and lang are NULL.  SPARQL result sets (sila_results.h)
 * carry a triple term as its N-Triples text instead: kind TRIPLE with
 * `triple == NULL` and the text in value/value_len.  Every other kind has
 * `triple == NULL`.
 */
#ifndef SILA_TERM_H
#define SILA_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_TERM_NONE = 0, /* unset / unbound */
  SILA_TERM_IRI = 1,
  SILA_TERM_BLANK = 2,
  SILA_TERM_LITERAL = 3,
  SILA_TERM_TRIPLE = 4, /* RDF 1.2 triple term <<( s p o )>>, see above */
} SilaTermKind;

typedef struct SilaTerm {
  SilaTermKind kind;
  const char *value; /* IRI, blank node label (without "_:"), or lexical form */
  size_t value_len;
  const char *datatype; /* literal datatype IRI; NULL = xsd:string / rdf:langString */
  size_t datatype_len;
  const char *lang; /* language tag (without "@"), NULL when none */
  size_t lang_len;
  const struct SilaTerm *triple; /* SILA_TERM_TRIPLE: s, p, o (3 terms); else NULL */
} SilaTerm;

#define SILA_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define SILA_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define SILA_XSD_STRING SILA_NS_XSD "string"
#define SILA_RDF_LANGSTRING SILA_NS_RDF "langString"
/* RDF 1.2: a language-tagged string with a base direction; Sila keeps the
 * direction in the tag ("ar--rtl"), see sila_lang_tag_len. */
#define SILA_RDF_DIRLANGSTRING SILA_NS_RDF "dirLangString"

/* Constructors for views over existing strings (lengths from strlen). */
SilaTerm sila_term_iri(const char *iri);
SilaTerm sila_term_blank(const char *label);
SilaTerm sila_term_literal(const char *lexical, const char *datatype, const char *lang);
/* A triple term viewing spo[0..3) (which must outlive the view). */
SilaTerm sila_term_triple(const SilaTerm spo[3]);

/* Triple terms nest at most this deep (<<( s p <<( … )>> )>>): parsers,
 * the store and the writers refuse deeper ones instead of recursing
 * without bound. */
#define SILA_TRIPLE_DEPTH_MAX 64

/* RDF 1.1 term equality: strings compared exactly, language tags without
 * regard to ASCII case (their value space is lower case).  Triple terms
 * are equal when their three components are (recursively); a result-set
 * triple term (triple == NULL) compares by its text. */
bool sila_term_equal(const SilaTerm *a, const SilaTerm *b);

/* Language tags equal ignoring ASCII case (both NULL is equal). */
bool sila_lang_equal(const char *a, size_t al, const char *b, size_t bl);

/* True when tag[0..len) is a language tag N-Triples, Turtle and SPARQL can
 * write (LANGTAG without '@': [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*), with RDF 1.2's
 * base direction after it ("--ltr" or "--rtl"). */
bool sila_lang_valid(const char *tag, size_t len);

/* The one rule for what may enter a store: true when the term can be
 * written as N-Triples and read back as the same term — an IRI (and a
 * datatype IRI) that passes sila_iri_valid, a language tag that passes
 * sila_lang_valid, strings that are valid UTF-8; a triple term (RDF 1.2)
 * whose subject is an IRI or blank node, predicate an IRI and object any
 * storable term (a triple term too), nested at most SILA_TRIPLE_DEPTH_MAX
 * deep.  Parsers check the same with positions; the store checks it again
 * on every insert. */
bool sila_term_storable(const SilaTerm *t);

/* True when `dt` (of length len) is the given NUL-terminated IRI. */
bool sila_iri_is(const char *dt, size_t len, const char *iri);

/* The datatype IRI of a literal, filling in xsd:string / rdf:langString. */
const char *sila_term_datatype(const SilaTerm *t, size_t *len);
/* The length of the language part of a tag: up to "--" (an RDF 1.2 base
 * direction, "ar--rtl" -> 2), else all of it. */
size_t sila_lang_tag_len(const char *lang, size_t len);

/* A growable byte buffer.  `data` is owned; sila_buf_free releases it. */
typedef struct {
  char *data;
  size_t len;
  size_t cap;
  bool failed; /* an append ran out of memory: every later one fails too */
} SilaBuf;

#define SILA_BUF_INIT {NULL, 0, 0, false}
/* Each returns 0 on success, -1 when memory ran out.  A buffer remembers
 * that failure: once an append failed, every later one fails too (the
 * content stays as it was before the first failure), so a writer may
 * append several pieces and check once, with sila_buf_failed, where it
 * finishes the buffer.  sila_buf_free forgets the failure. */
int sila_buf_reserve(SilaBuf *b, size_t extra);
int sila_buf_append(SilaBuf *b, const void *data, size_t len);
int sila_buf_puts(SilaBuf *b, const char *s);
int sila_buf_putc(SilaBuf *b, char c);
int sila_buf_printf(SilaBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sila_buf_free(SilaBuf *b);
/* True when an append to `b` ran out of memory since it was set up or freed. */
bool sila_buf_failed(const SilaBuf *b);

/* A byte sink: receives `len` bytes of output.  Returning anything but
 * SILA_OK makes the producer (a result writer, an RDF writer, a download)
 * fail with that status. */
typedef SilaStatus (*SilaWriteFn)(void *ctx, const char *data, size_t len);

/* SilaWriteFns for the common targets: a SilaBuf (ctx; SILA_ERR_NOMEM when
 * it cannot grow) and a stdio FILE * (ctx; SILA_ERR_IO on a short write). */
SilaStatus sila_buf_sink(void *buf, const char *data, size_t len);
SilaStatus sila_file_sink(void *file, const char *data, size_t len);

/* Appends an IRI as N-Triples/Turtle IRIREF: "<", the IRI with each
 * character IRIREF forbids (controls, space, <>"{}|^`\) as \uXXXX, ">". */
int sila_buf_put_iri_nt(SilaBuf *b, const char *iri, size_t len);

/* The value of a hex digit (0-9, a-f, A-F), or -1. */
static inline int sila_hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Appends a string as an N-Triples/Turtle STRING_LITERAL_QUOTE: '"', the
 * text with only \" \\ \n \r escaped (RDF 1.1 canonical N-Triples), '"'. */
int sila_buf_put_string_nt(SilaBuf *b, const char *s, size_t len);

/* Appends a term in N-Triples syntax (RDF 1.1 canonical escaping: only
 * \" \\ \n \r are escaped in literals; IRIs escape what IRIREF forbids as
 * \uXXXX).  Blank nodes are written "_:" + label; triple terms as RDF 1.2
 * N-Triples "<<( s p o )>>" (a result-set triple term, triple == NULL, as
 * the text it carries).  Returns -1 when memory ran out or the term cannot
 * be written (no kind, nesting past SILA_TRIPLE_DEPTH_MAX). */
int sila_buf_put_term_nt(SilaBuf *b, const SilaTerm *t);

/* Copies term strings into one allocation so the result outlives its
 * source; *out's pointers point into *storage (owned by the caller, free()).
 * A triple term is copied deeply: its component arrays (nested ones too)
 * live in the same allocation. */
int sila_term_copy(const SilaTerm *t, SilaTerm *out, char **storage);

#ifdef __cplusplus
}
#endif
#endif
