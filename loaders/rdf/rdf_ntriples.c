/* rdf_ntriples.c — the N-Triples / N-Quads parser (RDF 1.1), built for
 * bulk loading speed.
 *
 * Input is read in large chunks; every complete line of a chunk is parsed
 * in place.  Terms without escapes point straight into the chunk (zero
 * copy); a term with \-escapes is decoded into a per-position scratch
 * buffer that is reused for every line, so there is no allocation per term
 * or per line.  A region handed to the statement parser always ends with
 * an end-of-line byte, which every token scanner stops at: that byte is the
 * only bounds check the inner loops need.
 *
 * RDF 1.2 triple terms, <<( s p o )>>, may be objects (and nest): their
 * components are views like any term, into per-level arrays and scratch
 * buffers of the parser (levels up to SILA_TRIPLE_DEPTH_MAX). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_internal.h"

#define NT_CHUNK (256 * 1024)

enum { SLOT_S, SLOT_P, SLOT_O, SLOT_DT, SLOT_G, SLOT_COUNT };

typedef struct {
  bool quads;
  SilaQuadSink sink;
  void *sink_ctx;
  SilaError *err;
  unsigned long line;
  const char *line_start;
  SilaBuf scratch[SLOT_COUNT];
  SilaStatus status;
  /* triple terms: the components of each nesting level and their scratch */
  SilaTerm tt[SILA_TRIPLE_DEPTH_MAX][3];
  SilaBuf tt_scratch[SILA_TRIPLE_DEPTH_MAX][SLOT_G];
  const char *stop_at; /* the line of a statement the sink refused */
  unsigned long stop_line;
} NtParser;

/* Bytes that end the fast scan of an IRIREF: forbidden bytes, '>' , '\\'
 * and non-ASCII (validated as UTF-8 on the side). */
static unsigned char iri_stop[256];
/* Bytes that end the fast scan of a STRING_LITERAL_QUOTE. */
static unsigned char lit_stop[256];

static void fill_tables(void) {
  for (int c = 0; c < 256; c++) {
    iri_stop[c] = (unsigned char)(c >= 0x80 || sila_iri_char_forbidden((uint32_t)c));
    lit_stop[c] = (unsigned char)(c >= 0x80 || c == '"' || c == '\\' || c == '\n' || c == '\r');
  }
}

static void init_tables(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, fill_tables);
}

static SilaStatus fail(NtParser *P, const char *at, const char *what) {
  char d[48];
  /* the region always ends with an EOL byte, so describing one byte is safe */
  size_t avail = 1;
  while (avail < 4 && at[avail - 1] != '\n' && at[avail - 1] != '\r' &&
         ((unsigned char)at[avail] & 0xC0) == 0x80)
    avail++;
  P->status = sila_error_set(P->err, SILA_ERR_SYNTAX, P->line,
                             (unsigned long)(at - P->line_start) + 1, "%s, found %s", what,
                             rdf_describe(at, avail, d, sizeof d));
  return P->status;
}

static SilaStatus nomem(NtParser *P) {
  P->status = sila_error_set(P->err, SILA_ERR_NOMEM, P->line, 0, "out of memory");
  return P->status;
}

/* Decodes a UCHAR at p ('\\' then 'u' or 'U'); returns its length or 0.
 * The region ends with an end-of-line byte, which stops the hex digits. */
static int uchar(NtParser *P, const char *p, uint32_t *cp) {
  size_t n = sila_uchar_read(p, 10, cp);
  if (!n) {
    fail(P, p, "bad \\u or \\U escape");
    return 0;
  }
  if (!sila_unicode_scalar(*cp)) {
    fail(P, p, "escape is not a Unicode scalar value");
    return 0;
  }
  return (int)n;
}

/* Checks the UTF-8 sequence at p; returns its length or 0 (error set). */
static int utf8_at(NtParser *P, const char *p) {
  uint32_t cp;
  /* the sequence cannot run past the region's final EOL byte: decoding
   * stops at the first byte that is not a continuation byte */
  size_t avail = 1;
  while (avail < 4 && ((unsigned char)p[avail] & 0xC0) == 0x80)
    avail++;
  int n = sila_utf8_decode((const unsigned char *)p, avail, &cp);
  if (!n)
    fail(P, p, "invalid UTF-8");
  return n;
}

/* IRIREF at *pp (which is '<').  On success sets the view and advances. */
static bool parse_iri(NtParser *P, const char **pp, SilaBuf *b, const char **val, size_t *len) {
  const char *start = *pp + 1, *p = start;
  for (;;) {
    while (!iri_stop[(unsigned char)*p])
      p++;
    if (*p == '>')
      break;
    if ((unsigned char)*p >= 0x80) {
      int n = utf8_at(P, p);
      if (!n)
        return false;
      p += n;
      continue;
    }
    if (*p != '\\') {
      fail(P, p, "invalid character in IRI");
      return false;
    }
    /* escapes: decode the rest of the IRI into the slot's scratch buffer */
    b->len = 0;
    if (sila_buf_append(b, start, (size_t)(p - start))) {
      nomem(P);
      return false;
    }
    for (;;) {
      const char *s = p;
      while (!iri_stop[(unsigned char)*p])
        p++;
      if (p > s && sila_buf_append(b, s, (size_t)(p - s))) {
        nomem(P);
        return false;
      }
      if (*p == '>')
        break;
      if ((unsigned char)*p >= 0x80) {
        int n = utf8_at(P, p);
        if (!n)
          return false;
        if (sila_buf_append(b, p, (size_t)n)) {
          nomem(P);
          return false;
        }
        p += n;
        continue;
      }
      if (*p != '\\') {
        fail(P, p, "invalid character in IRI");
        return false;
      }
      if (p[1] != 'u' && p[1] != 'U') {
        fail(P, p, "only \\u and \\U escapes are allowed in an IRI");
        return false;
      }
      uint32_t cp;
      int n = uchar(P, p, &cp);
      if (!n)
        return false;
      if (sila_iri_char_forbidden(cp)) {
        fail(P, p, "escape encodes a character not allowed in an IRI");
        return false;
      }
      char u[4];
      if (sila_buf_append(b, u, (size_t)sila_utf8_encode(cp, u))) {
        nomem(P);
        return false;
      }
      p += n;
    }
    *val = b->data;
    *len = b->len;
    goto done;
  }
  *val = start;
  *len = (size_t)(p - start);
done:
  if (!sila_iri_has_scheme(*val, *len)) {
    fail(P, *pp, "relative IRI (N-Triples and N-Quads need absolute IRIs)");
    return false;
  }
  *pp = p + 1;
  return true;
}

/* BLANK_NODE_LABEL at *pp (which is '_'). */
static bool parse_blank(NtParser *P, const char **pp, SilaTerm *t) {
  const char *p = *pp;
  if (p[1] != ':') {
    fail(P, p + 1, "expected ':' after '_'");
    return false;
  }
  p += 2;
  const char *start = p;
  uint32_t cp;
  int n;
  if ((unsigned char)*p < 0x80) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_')) {
      fail(P, p, "invalid blank node label");
      return false;
    }
    p++;
  } else {
    if (!(n = utf8_at(P, p)))
      return false;
    sila_utf8_decode((const unsigned char *)p, (size_t)n, &cp);
    if (!rdf_is_pn_chars_base(cp)) {
      fail(P, p, "invalid blank node label");
      return false;
    }
    p += n;
  }
  for (;;) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '-' || c == '.') {
        p++;
        continue;
      }
      break;
    }
    if (!(n = utf8_at(P, p)))
      return false;
    sila_utf8_decode((const unsigned char *)p, (size_t)n, &cp);
    if (!rdf_is_pn_chars(cp))
      break;
    p += n;
  }
  while (p[-1] == '.') /* a label cannot end with '.' */
    p--;
  t->kind = SILA_TERM_BLANK;
  t->value = start;
  t->value_len = (size_t)(p - start);
  *pp = p;
  return true;
}

static inline const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* STRING_LITERAL_QUOTE then optional LANGTAG or ^^IRIREF. */
static bool parse_literal(NtParser *P, const char **pp, SilaTerm *t, SilaBuf *lex, SilaBuf *dtb) {
  const char *start = *pp + 1, *p = start;
  t->kind = SILA_TERM_LITERAL;
  t->datatype = t->lang = NULL;
  t->datatype_len = t->lang_len = 0;
  for (;;) {
    while (!lit_stop[(unsigned char)*p])
      p++;
    if (*p == '"')
      break;
    if ((unsigned char)*p >= 0x80) {
      int n = utf8_at(P, p);
      if (!n)
        return false;
      p += n;
      continue;
    }
    if (*p != '\\') {
      fail(P, p, "unterminated string literal");
      return false;
    }
    SilaBuf *b = lex;
    b->len = 0;
    if (sila_buf_append(b, start, (size_t)(p - start))) {
      nomem(P);
      return false;
    }
    for (;;) {
      const char *s = p;
      while (!lit_stop[(unsigned char)*p])
        p++;
      if (p > s && sila_buf_append(b, s, (size_t)(p - s))) {
        nomem(P);
        return false;
      }
      if (*p == '"')
        break;
      if ((unsigned char)*p >= 0x80) {
        int n = utf8_at(P, p);
        if (!n)
          return false;
        if (sila_buf_append(b, p, (size_t)n)) {
          nomem(P);
          return false;
        }
        p += n;
        continue;
      }
      if (*p != '\\') {
        fail(P, p, "unterminated string literal");
        return false;
      }
      char e;
      switch (p[1]) {
      case 't': e = '\t'; break;
      case 'b': e = '\b'; break;
      case 'n': e = '\n'; break;
      case 'r': e = '\r'; break;
      case 'f': e = '\f'; break;
      case '"': e = '"'; break;
      case '\'': e = '\''; break;
      case '\\': e = '\\'; break;
      case 'u':
      case 'U': {
        uint32_t cp;
        int n = uchar(P, p, &cp);
        if (!n)
          return false;
        char u[4];
        if (sila_buf_append(b, u, (size_t)sila_utf8_encode(cp, u))) {
          nomem(P);
          return false;
        }
        p += n;
        continue;
      }
      default:
        fail(P, p, "invalid escape in string literal");
        return false;
      }
      if (sila_buf_putc(b, e)) {
        nomem(P);
        return false;
      }
      p += 2;
    }
    t->value = b->data;
    t->value_len = b->len;
    goto close;
  }
  t->value = start;
  t->value_len = (size_t)(p - start);
close:
  p++;
  {
    const char *q = skip_ws(p); /* RDF 1.2: "x" @en and "2" ^^ <dt> are tokens apart */
    if (*q == '@' || *q == '^')
      p = q;
  }
  if (*p == '@') {
    const char *l = ++p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '-')
      p++;
    const char *problem = rdf_langtag_problem(l, (size_t)(p - l));
    if (problem) {
      fail(P, l, problem);
      return false;
    }
    t->lang = l;
    t->lang_len = (size_t)(p - l);
  } else if (*p == '^') {
    if (p[1] != '^') {
      fail(P, p, "expected ^^<datatype IRI>");
      return false;
    }
    p = skip_ws(p + 2);
    if (*p != '<') {
      fail(P, p, "expected ^^<datatype IRI>");
      return false;
    }
    if (!parse_iri(P, &p, dtb, &t->datatype, &t->datatype_len))
      return false;
    if (sila_iri_is(t->datatype, t->datatype_len, SILA_XSD_STRING)) {
      t->datatype = NULL;
      t->datatype_len = 0;
    } else if (sila_iri_is(t->datatype, t->datatype_len, SILA_RDF_LANGSTRING) ||
               sila_iri_is(t->datatype, t->datatype_len, SILA_NS_RDF "dirLangString")) {
      fail(P, p, "a language-tagged string is written \"text\"@lang, not with "
                 "^^rdf:langString or ^^rdf:dirLangString");
      return false;
    }
  }
  *pp = p;
  return true;
}


/* Subject or graph label: IRIREF or blank node. */
static bool parse_node(NtParser *P, const char **pp, SilaBuf *b, SilaTerm *t, const char *what) {
  const char *p = *pp;
  t->datatype = t->lang = NULL;
  t->datatype_len = t->lang_len = 0;
  t->triple = NULL;
  if (p[0] == '<' && p[1] == '<') {
    fail(P, p, p[2] == '(' ? "a triple term can only be an object" : what);
    return false;
  }
  if (*p == '<') {
    t->kind = SILA_TERM_IRI;
    return parse_iri(P, pp, b, &t->value, &t->value_len);
  }
  if (*p == '_')
    return parse_blank(P, pp, t);
  fail(P, p, what);
  return false;
}

static bool parse_object(NtParser *P, const char **pp, SilaBuf *bufs, SilaTerm *t, int depth);

/* A triple term at *pp ("<<("): subject, predicate, object, ")>>";
 * components live in level `depth`'s array. */
static bool parse_triple_term(NtParser *P, const char **pp, SilaTerm *t, int depth) {
  const char *p = *pp;
  if (depth >= SILA_TRIPLE_DEPTH_MAX) {
    fail(P, p, "triple terms nested too deep");
    return false;
  }
  SilaTerm *c = P->tt[depth];
  SilaBuf *bufs = P->tt_scratch[depth];
  p = skip_ws(p + 3);
  if (!parse_node(P, &p, &bufs[SLOT_S], &c[0], "expected an IRI or blank node as the subject of a triple term"))
    return false;
  p = skip_ws(p);
  if (*p != '<' || p[1] == '<') {
    fail(P, p, "expected an IRI as the predicate of a triple term");
    return false;
  }
  c[1] = (SilaTerm){.kind = SILA_TERM_IRI};
  if (!parse_iri(P, &p, &bufs[SLOT_P], &c[1].value, &c[1].value_len))
    return false;
  p = skip_ws(p);
  if (!parse_object(P, &p, bufs, &c[2], depth + 1))
    return false;
  p = skip_ws(p);
  if (p[0] != ')' || p[1] != '>' || p[2] != '>') {
    fail(P, p, "expected ')>>' to close the triple term");
    return false;
  }
  *pp = p + 3;
  *t = sila_term_triple(c);
  return true;
}

/* An object: IRI, blank node, literal or triple term.  bufs: the level's
 * scratch buffers (SLOT_O for the lexical form, SLOT_DT the datatype). */
static bool parse_object(NtParser *P, const char **pp, SilaBuf *bufs, SilaTerm *t, int depth) {
  const char *p = *pp;
  if (*p == '"') {
    t->triple = NULL;
    return parse_literal(P, pp, t, &bufs[SLOT_O], &bufs[SLOT_DT]);
  }
  if (p[0] == '<' && p[1] == '<') {
    if (p[2] != '(') {
      fail(P, p, "expected '<<(' (N-Triples has triple terms, not reified triples)");
      return false;
    }
    return parse_triple_term(P, pp, t, depth);
  }
  return parse_node(P, pp, &bufs[SLOT_O], t, "expected an IRI, blank node, literal or triple term as object");
}

/* Parses every statement of [p, end); *(end - 1) is '\n' or '\r'. */
static SilaStatus parse_region(NtParser *P, const char *p, const char *end, bool *pending_cr) {
  SilaTerm s, pr, o, g;
  while (p < end) {
    p = skip_ws(p);
    if (p >= end)
      break;
    char c = *p;
    if (c == '\n') {
      if (!*pending_cr)
        P->line++;
      *pending_cr = false;
      P->line_start = ++p;
      continue;
    }
    if (c == '\r') {
      P->line++;
      *pending_cr = p + 1 == end;
      if (p + 1 < end && p[1] == '\n')
        p++;
      P->line_start = ++p;
      continue;
    }
    *pending_cr = false;
    if (c == '#') {
      while (*p != '\n' && *p != '\r')
        p++;
      continue;
    }
    if (!parse_node(P, &p, &P->scratch[SLOT_S], &s, "expected an IRI or blank node as subject"))
      return P->status;
    p = skip_ws(p);
    if (*p != '<' || p[1] == '<') {
      fail(P, p, "expected an IRI as predicate");
      return P->status;
    }
    pr.kind = SILA_TERM_IRI;
    pr.datatype = pr.lang = NULL;
    pr.datatype_len = pr.lang_len = 0;
    pr.triple = NULL;
    if (!parse_iri(P, &p, &P->scratch[SLOT_P], &pr.value, &pr.value_len))
      return P->status;
    p = skip_ws(p);
    if (!parse_object(P, &p, P->scratch, &o, 0))
      return P->status;
    p = skip_ws(p);
    const SilaTerm *gp = NULL;
    if (P->quads && *p != '.') {
      if (!parse_node(P, &p, &P->scratch[SLOT_G], &g, "expected a graph label or '.'"))
        return P->status;
      gp = &g;
      p = skip_ws(p);
    }
    if (*p != '.') {
      fail(P, p, "expected '.' at the end of the statement");
      return P->status;
    }
    p = skip_ws(p + 1);
    if (*p == '#') {
      while (*p != '\n' && *p != '\r')
        p++;
    }
    if (*p != '\n' && *p != '\r') {
      fail(P, p, "expected end of line after '.'");
      return P->status;
    }
    SilaStatus st = P->sink(P->sink_ctx, &s, &pr, &o, gp);
    if (st != SILA_OK) {
      P->stop_at = P->line_start;
      P->stop_line = P->line;
      P->status = sila_error_set(P->err, st, P->line, 0, "statement rejected: %s",
                                 sila_strerror(st));
      return P->status;
    }
  }
  return SILA_OK;
}

static const char *last_eol(const char *buf, size_t len) {
  for (size_t i = len; i > 0; i--)
    if (buf[i - 1] == '\n' || buf[i - 1] == '\r')
      return buf + i;
  return NULL;
}

SilaStatus rdf_parse_ntriples(bool quads, SilaRdfReader read_fn, void *read_ctx, SilaQuadSink sink,
                              void *sink_ctx, SilaError *err) {
  RdfNtRun run = {.quads = quads};
  return rdf_parse_ntriples_run(&run, read_fn, read_ctx, sink, sink_ctx, err);
}

SilaStatus rdf_parse_ntriples_run(RdfNtRun *run, SilaRdfReader read_fn, void *read_ctx,
                                  SilaQuadSink sink, void *sink_ctx, SilaError *err) {
  init_tables();
  NtParser P;
  memset(&P, 0, sizeof P);
  P.quads = run->quads;
  P.sink = sink;
  P.sink_ctx = sink_ctx;
  P.err = err;
  P.line = 1;
  size_t cap = NT_CHUNK, len = 0;
  char *buf = sila_malloc(cap + 1);
  bool eof = false, pending_cr = false, seen_start = run->mid_document;
  uint64_t buf_pos = 0; /* offset of buf[0] in the input */
  SilaStatus st = SILA_OK;
  if (!buf)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  while (!eof) {
    if (len == cap) { /* one line longer than the buffer: grow it */
      char *nb = cap < ((size_t)-1) / 4 ? sila_realloc(buf, cap * 2 + 1) : NULL;
      if (!nb) {
        st = nomem(&P);
        break;
      }
      buf = nb;
      cap *= 2;
    }
    ssize_t n = read_fn(read_ctx, buf + len, cap - len);
    if (n < 0) {
      st = sila_error_set(err, SILA_ERR_IO, P.line, 0, "read error");
      break;
    }
    if (n == 0) {
      eof = true;
      if (len == 0)
        break;
      buf[len++] = '\n'; /* the spare byte: a sentinel EOL for the last line */
    } else {
      len += (size_t)n;
    }
    const char *end = last_eol(buf, len);
    if (!end)
      continue;
    const char *start = buf;
    if (!seen_start) { /* a UTF-8 byte order mark is not part of the document */
      seen_start = true;
      if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    }
    P.line_start = start;
    st = parse_region(&P, start, end, &pending_cr);
    if (st != SILA_OK) {
      if (P.stop_at) {
        run->stop_offset = buf_pos + (uint64_t)(P.stop_at - buf);
        run->stop_line = P.stop_line;
      }
      break;
    }
    size_t rest = len - (size_t)(end - buf);
    memmove(buf, end, rest);
    buf_pos += (uint64_t)(end - buf);
    len = rest;
  }
  run->lines = P.line - 1;
  free(buf);
  for (int i = 0; i < SLOT_COUNT; i++)
    sila_buf_free(&P.scratch[i]);
  for (int d = 0; d < SILA_TRIPLE_DEPTH_MAX; d++)
    for (int i = 0; i < SLOT_G; i++)
      sila_buf_free(&P.tt_scratch[d][i]);
  return st;
}
