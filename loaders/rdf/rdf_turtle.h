/* rdf_turtle.h — internal state of the Turtle / TriG parser, shared by its
 * lexer (rdf_turtle_lex.c) and its grammar (rdf_turtle.c). */
#ifndef SILA_RDF_TURTLE_H
#define SILA_RDF_TURTLE_H

#include "rdf_internal.h"

/* A term being built: owns its strings; reused through the parser's pool.
 * An RDF 1.2 triple term (kind SILA_TERM_TRIPLE) owns its three components
 * in tt[] (allocated on first use, kept for reuse); tv[] is where view()
 * puts their views. */
typedef struct TTerm {
  SilaTermKind kind;
  SilaBuf v, dt, lang;
  struct TTerm *tt[3];
  SilaTerm tv[3];
} TTerm;

typedef struct {
  char *name, *iri;
  size_t name_len, iri_len;
} TPrefix;

typedef struct {
  /* input window: buf[pos..len) is unread; line/col are those of buf[pos] */
  SilaRdfReader read_fn;
  void *read_ctx;
  char *buf;
  size_t cap, pos, len;
  bool eof;
  unsigned long line, col;

  bool trig;
  SilaQuadSink sink;
  void *sink_ctx;
  SilaError *err;
  SilaStatus st;

  SilaBuf base;
  bool has_base;
  TPrefix *prefixes;
  size_t nprefix, capprefix;

  TTerm **pool; /* LIFO pool of term slots */
  size_t pool_top, pool_cap;
  const TTerm *graph; /* current graph label, NULL = default graph */
  unsigned long blank_counter;
  int depth;
  SilaBuf tmp, tmp2;
} TParser;

/* --- lexer (rdf_turtle_lex.c) --- */
int tl_peek_slow(TParser *P, size_t k);
/* The byte k positions ahead (0 = next), or -1 at end of input (also on a
 * read error, which sets P->st). */
static inline int tl_peek_at(TParser *P, size_t k) {
  if (P->pos + k < P->len)
    return (unsigned char)P->buf[P->pos + k];
  return tl_peek_slow(P, k);
}
static inline int tl_peek(TParser *P) { return tl_peek_at(P, 0); }
/* Consumes one byte (which must have been peeked). */
static inline void tl_advance(TParser *P) {
  if (P->buf[P->pos++] == '\n') {
    P->line++;
    P->col = 1;
  } else {
    P->col++;
  }
}
/* The code point k bytes ahead; returns its UTF-8 length, 0 at end of input,
 * -1 when the bytes are not UTF-8. */
int tl_cp_at(TParser *P, size_t k, uint32_t *cp);

/* Records a syntax error at the current position; returns false. */
bool tl_error(TParser *P, const char *what);
bool tl_nomem(TParser *P);
/* Skips white space and comments. */
void tl_skip_ws(TParser *P);
/* True when the next bytes are keyword kw (case-insensitively when ci) and
 * are not followed by a name character or ':'. */
bool tl_at_keyword(TParser *P, const char *kw, bool ci);
/* Consumes `c` or records "expected ..." */
bool tl_expect(TParser *P, int c, const char *what);

/* Token readers: each appends to `out` (which the caller clears). */
bool tl_read_iriref(TParser *P, SilaBuf *out);       /* '<' ... '>', escapes decoded */
bool tl_read_pn_prefix(TParser *P, SilaBuf *out);    /* PN_PREFIX? (no ':') */
bool tl_read_pn_local(TParser *P, SilaBuf *out);     /* PN_LOCAL? with PLX handled */
bool tl_read_blank_label(TParser *P, SilaBuf *out);  /* '_:' label */
bool tl_read_string(TParser *P, SilaBuf *out);       /* any of the 4 string forms */
bool tl_read_langtag(TParser *P, SilaBuf *out);      /* '@' tag (the '@' consumed here) */
/* A numeric literal; sets *datatype to the xsd IRI. */
bool tl_read_number(TParser *P, SilaBuf *out, const char **datatype);

bool tl_is_pn_chars_base_at(TParser *P, size_t k);

#endif
