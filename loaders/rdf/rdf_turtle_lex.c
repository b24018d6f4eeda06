/* rdf_turtle_lex.c — the lexer of the Turtle / TriG parser: a refilling
 * input window with line/column tracking, and one reader per token kind of
 * the RDF 1.1 Turtle grammar (section 6.5). */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_turtle.h"

#define TL_CHUNK (64 * 1024)

int tl_peek_slow(TParser *P, size_t k) {
  while (P->pos + k >= P->len) {
    if (P->eof || P->st != SILA_OK)
      return -1;
    if (P->pos > 0) { /* keep the window at the start of the buffer */
      memmove(P->buf, P->buf + P->pos, P->len - P->pos);
      P->len -= P->pos;
      P->pos = 0;
    }
    if (P->len == P->cap) {
      size_t ncap = P->cap ? P->cap * 2 : TL_CHUNK;
      char *nb = sila_realloc(P->buf, ncap);
      if (!nb) {
        tl_nomem(P);
        return -1;
      }
      P->buf = nb;
      P->cap = ncap;
    }
    ssize_t n = P->read_fn(P->read_ctx, P->buf + P->len, P->cap - P->len);
    if (n < 0) {
      P->st = sila_error_set(P->err, SILA_ERR_IO, P->line, P->col, "read error");
      return -1;
    }
    if (n == 0)
      P->eof = true;
    P->len += (size_t)n;
  }
  return (unsigned char)P->buf[P->pos + k];
}

int tl_cp_at(TParser *P, size_t k, uint32_t *cp) {
  int c = tl_peek_at(P, k);
  if (c < 0)
    return 0;
  if (c < 0x80) {
    *cp = (uint32_t)c;
    return 1;
  }
  size_t avail = 1;
  while (avail < 4 && tl_peek_at(P, k + avail) >= 0)
    avail++;
  int n = sila_utf8_decode((const unsigned char *)P->buf + P->pos + k, avail, cp);
  return n ? n : -1;
}

bool tl_is_pn_chars_base_at(TParser *P, size_t k) {
  int c = tl_peek_at(P, k);
  if (c < 0x80) /* also end of input (-1) */
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  uint32_t cp;
  return tl_cp_at(P, k, &cp) > 0 && rdf_is_pn_chars_base(cp);
}

bool tl_error(TParser *P, const char *what) {
  if (P->st != SILA_OK)
    return false;
  char d[48];
  int c = tl_peek(P);
  size_t avail = 0;
  while (avail < 4 && c >= 0 && tl_peek_at(P, avail) >= 0)
    avail++;
  const char *found =
      c < 0 ? "end of input" : rdf_describe(P->buf + P->pos, avail, d, sizeof d);
  P->st = sila_error_set(P->err, SILA_ERR_SYNTAX, P->line, P->col, "%s, found %s", what, found);
  return false;
}

bool tl_nomem(TParser *P) {
  if (P->st == SILA_OK)
    P->st = sila_error_set(P->err, SILA_ERR_NOMEM, P->line, P->col, "out of memory");
  return false;
}

void tl_skip_ws(TParser *P) {
  for (;;) {
    int c = tl_peek(P);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      tl_advance(P);
    } else if (c == '#') {
      while ((c = tl_peek(P)) >= 0 && c != '\n' && c != '\r')
        tl_advance(P);
    } else {
      return;
    }
  }
}

static bool name_char_at(TParser *P, size_t k) {
  uint32_t cp;
  return tl_cp_at(P, k, &cp) > 0 && (rdf_is_pn_chars(cp) || cp == ':');
}

bool tl_at_keyword(TParser *P, const char *kw, bool ci) {
  size_t n = strlen(kw);
  bool at = kw[0] == '@'; /* "@prefix:<...>" is fine: only letters may not follow */
  for (size_t i = 0; i < n; i++) {
    int c = tl_peek_at(P, i);
    if (c < 0)
      return false;
    if (ci ? (c | 0x20) != (kw[i] | 0x20) : c != kw[i])
      return false;
  }
  if (at) {
    int c = tl_peek_at(P, n);
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
  }
  return !name_char_at(P, n);
}

bool tl_expect(TParser *P, int c, const char *what) {
  if (tl_peek(P) != c)
    return tl_error(P, what);
  tl_advance(P);
  return true;
}

static bool put(TParser *P, SilaBuf *out, const void *d, size_t n) {
  return sila_buf_append(out, d, n) ? tl_nomem(P) : true;
}

/* Copies one UTF-8 character (validated) from the input to out. */
static bool copy_char(TParser *P, SilaBuf *out, uint32_t *cpout) {
  uint32_t cp;
  int n = tl_cp_at(P, 0, &cp);
  if (n <= 0)
    return tl_error(P, n < 0 ? "invalid UTF-8" : "unexpected end of input");
  if (!put(P, out, P->buf + P->pos, (size_t)n))
    return false;
  for (int i = 0; i < n; i++)
    tl_advance(P);
  if (cpout)
    *cpout = cp;
  return true;
}

/* UCHAR at the input ('\\' 'u'|'U' hex...): decoded to *cp and consumed. */
static bool read_uchar(TParser *P, uint32_t *cp) {
  int n = tl_peek_at(P, 1) == 'u' ? 4 : 8;
  uint32_t v = 0;
  for (int i = 0; i < n; i++) {
    int h = sila_hex_value(tl_peek_at(P, 2 + (size_t)i));
    if (h < 0)
      return tl_error(P, "bad \\u or \\U escape");
    v = v << 4 | (uint32_t)h;
  }
  if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return tl_error(P, "escape is not a Unicode scalar value");
  for (int i = 0; i < n + 2; i++)
    tl_advance(P);
  *cp = v;
  return true;
}

static bool put_cp(TParser *P, SilaBuf *out, uint32_t cp) {
  char u[4];
  return put(P, out, u, (size_t)sila_utf8_encode(cp, u));
}

bool tl_read_iriref(TParser *P, SilaBuf *out) {
  if (!tl_expect(P, '<', "expected '<'"))
    return false;
  for (;;) {
    /* fast path: a run of plain ASCII in the window, copied at once */
    size_t i = P->pos;
    while (i < P->len && (unsigned char)P->buf[i] < 0x80 &&
           !sila_iri_char_forbidden((unsigned char)P->buf[i]))
      i++;
    if (i > P->pos) {
      if (!put(P, out, P->buf + P->pos, i - P->pos))
        return false;
      P->col += i - P->pos; /* no line breaks in the run */
      P->pos = i;
    }
    int c = tl_peek(P);
    if (c == '>') {
      tl_advance(P);
      return true;
    }
    if (c < 0)
      return tl_error(P, "unterminated IRI");
    if (c >= 0x80) {
      if (!copy_char(P, out, NULL))
        return false;
    } else if (c == '\\') {
      int e = tl_peek_at(P, 1);
      if (e != 'u' && e != 'U')
        return tl_error(P, "only \\u and \\U escapes are allowed in an IRI");
      uint32_t cp;
      if (!read_uchar(P, &cp))
        return false;
      if (sila_iri_char_forbidden(cp))
        return tl_error(P, "escape encodes a character not allowed in an IRI");
      if (!put_cp(P, out, cp))
        return false;
    } else if (sila_iri_char_forbidden((uint32_t)c)) {
      return tl_error(P, "invalid character in IRI");
    } else {
      char ch = (char)c;
      if (!put(P, out, &ch, 1))
        return false;
      tl_advance(P);
    }
  }
}

/* At a '.' inside a prefix or a blank node label: the dots belong to the
 * name only when a name character follows them.  Copies them then and
 * returns 1; 0 when they end the name (nothing read); -1 out of memory. */
static int copy_inner_dots(TParser *P, SilaBuf *out) {
  uint32_t cp;
  size_t k = 1;
  while (tl_peek_at(P, k) == '.')
    k++;
  if (!(tl_cp_at(P, k, &cp) > 0 && rdf_is_pn_chars(cp)))
    return 0;
  for (size_t i = 0; i < k; i++) {
    if (!put(P, out, ".", 1))
      return -1;
    tl_advance(P);
  }
  return 1;
}

bool tl_read_pn_prefix(TParser *P, SilaBuf *out) {
  uint32_t cp;
  if (!tl_is_pn_chars_base_at(P, 0))
    return true; /* empty prefix */
  if (!copy_char(P, out, NULL))
    return false;
  for (;;) {
    size_t e = P->pos; /* fast path: ASCII name characters */
    while (e < P->len) {
      char b = P->buf[e];
      if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
            b == '_' || b == '-'))
        break;
      e++;
    }
    if (e > P->pos) {
      if (!put(P, out, P->buf + P->pos, e - P->pos))
        return false;
      P->col += e - P->pos;
      P->pos = e;
    }
    int n = tl_cp_at(P, 0, &cp);
    if (n > 0 && rdf_is_pn_chars(cp)) {
      if (!copy_char(P, out, NULL))
        return false;
      continue;
    }
    if (n > 0 && cp == '.') {
      int dots = copy_inner_dots(P, out);
      if (dots < 0)
        return false;
      if (dots)
        continue;
    }
    return true;
  }
}

static bool is_local_esc(int c) {
  return c > 0 && c < 0x80 && strchr("_~.-!$&'()*+,;=/?#@%", c); /* c > 0: strchr finds the NUL */
}

/* Whether a PN_LOCAL character (other than '.') starts at offset k. */
static bool local_char_at(TParser *P, size_t k, bool first) {
  uint32_t cp;
  int n = tl_cp_at(P, k, &cp);
  if (n <= 0)
    return false;
  if (cp == ':' || cp == '%' || cp == '\\')
    return true;
  if (first)
    return rdf_is_pn_chars_u(cp) || (cp >= '0' && cp <= '9');
  return rdf_is_pn_chars(cp);
}

bool tl_read_pn_local(TParser *P, SilaBuf *out) {
  bool first = true;
  for (;;) {
    int c = tl_peek(P);
    if (c == '.' && !first) {
      size_t k = 1;
      while (tl_peek_at(P, k) == '.')
        k++;
      if (!local_char_at(P, k, false))
        return true;
      for (size_t i = 0; i < k; i++) {
        if (!put(P, out, ".", 1))
          return false;
        tl_advance(P);
      }
      continue;
    }
    if (!first) { /* fast path: ASCII name characters */
      size_t i = P->pos;
      while (i < P->len) {
        char b = P->buf[i];
        if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
              b == '_' || b == '-' || b == ':'))
          break;
        i++;
      }
      if (i > P->pos) {
        if (!put(P, out, P->buf + P->pos, i - P->pos))
          return false;
        P->col += i - P->pos;
        P->pos = i;
        continue;
      }
    }
    if (!local_char_at(P, 0, first))
      return true;
    first = false;
    if (c == '%') {
      if (sila_hex_value(tl_peek_at(P, 1)) < 0 || sila_hex_value(tl_peek_at(P, 2)) < 0)
        return tl_error(P, "'%' must be followed by two hex digits");
      if (!put(P, out, P->buf + P->pos, 3))
        return false;
      tl_advance(P);
      tl_advance(P);
      tl_advance(P);
    } else if (c == '\\') {
      int e = tl_peek_at(P, 1);
      if (!is_local_esc(e))
        return tl_error(P, "invalid escape in local name");
      char ch = (char)e;
      if (!put(P, out, &ch, 1))
        return false;
      tl_advance(P);
      tl_advance(P);
    } else if (!copy_char(P, out, NULL)) {
      return false;
    }
  }
}

bool tl_read_blank_label(TParser *P, SilaBuf *out) {
  tl_advance(P); /* '_' */
  if (!tl_expect(P, ':', "expected ':' after '_'"))
    return false;
  uint32_t cp;
  int n = tl_cp_at(P, 0, &cp);
  if (n <= 0 || !(rdf_is_pn_chars_u(cp) || (cp >= '0' && cp <= '9')))
    return tl_error(P, "invalid blank node label");
  if (!copy_char(P, out, NULL))
    return false;
  for (;;) {
    n = tl_cp_at(P, 0, &cp);
    if (n > 0 && rdf_is_pn_chars(cp)) {
      if (!copy_char(P, out, NULL))
        return false;
      continue;
    }
    if (n > 0 && cp == '.') {
      int dots = copy_inner_dots(P, out);
      if (dots < 0)
        return false;
      if (dots)
        continue;
    }
    return true;
  }
}

bool tl_read_string(TParser *P, SilaBuf *out) {
  int q = tl_peek(P);
  bool is_long = tl_peek_at(P, 1) == q && tl_peek_at(P, 2) == q;
  int skip = is_long ? 3 : 1;
  for (int i = 0; i < skip; i++)
    tl_advance(P);
  for (;;) {
    size_t i = P->pos;
    while (i < P->len) {
      unsigned char b = (unsigned char)P->buf[i];
      if (b >= 0x80 || b == q || b == '\\' || b == '\n' || b == '\r')
        break;
      i++;
    }
    if (i > P->pos) {
      if (!put(P, out, P->buf + P->pos, i - P->pos))
        return false;
      P->col += i - P->pos;
      P->pos = i;
    }
    int c = tl_peek(P);
    if (c < 0)
      return tl_error(P, "unterminated string literal");
    if (c == q) {
      if (!is_long) {
        tl_advance(P);
        return true;
      }
      if (tl_peek_at(P, 1) == q && tl_peek_at(P, 2) == q) {
        /* the first three quotes in a row end the string: the grammar lets
         * content quotes come only before a non-quote character */
        tl_advance(P);
        tl_advance(P);
        tl_advance(P);
        return true;
      }
    }
    if (!is_long && (c == '\n' || c == '\r'))
      return tl_error(P, "line break in a short string literal");
    if (c == '\\') {
      int e = tl_peek_at(P, 1);
      char ch;
      switch (e) {
      case 't': ch = '\t'; break;
      case 'b': ch = '\b'; break;
      case 'n': ch = '\n'; break;
      case 'r': ch = '\r'; break;
      case 'f': ch = '\f'; break;
      case '"': ch = '"'; break;
      case '\'': ch = '\''; break;
      case '\\': ch = '\\'; break;
      case 'u':
      case 'U': {
        uint32_t cp;
        if (!read_uchar(P, &cp) || !put_cp(P, out, cp))
          return false;
        continue;
      }
      default:
        return tl_error(P, "invalid escape in string literal");
      }
      if (!put(P, out, &ch, 1))
        return false;
      tl_advance(P);
      tl_advance(P);
      continue;
    }
    if (c >= 0x80) {
      if (!copy_char(P, out, NULL))
        return false;
    } else {
      char ch = (char)c;
      if (!put(P, out, &ch, 1))
        return false;
      tl_advance(P);
    }
  }
}

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

bool tl_read_langtag(TParser *P, SilaBuf *out) {
  tl_advance(P); /* '@' */
  unsigned long line = P->line, col = P->col;
  size_t start = out->len;
  while (is_alpha(tl_peek(P)) || is_digit(tl_peek(P)) || tl_peek(P) == '-') {
    char ch = (char)tl_peek(P);
    if (!put(P, out, &ch, 1))
      return false;
    tl_advance(P);
  }
  const char *problem = rdf_langtag_problem(out->data ? out->data + start : "", out->len - start);
  if (problem) {
    if (P->st == SILA_OK)
      P->st = sila_error_set(P->err, SILA_ERR_SYNTAX, line, col, "%s", problem);
    return false;
  }
  return true;
}

static bool take_digits(TParser *P, SilaBuf *out, size_t *count) {
  *count = 0;
  while (is_digit(tl_peek(P))) {
    char ch = (char)tl_peek(P);
    if (!put(P, out, &ch, 1))
      return false;
    tl_advance(P);
    (*count)++;
  }
  return true;
}

/* An EXPONENT starts at offset k: [eE] [+-]? [0-9]+ */
static bool exponent_at(TParser *P, size_t k) {
  int e = tl_peek_at(P, k);
  if (e != 'e' && e != 'E')
    return false;
  int s = tl_peek_at(P, k + 1);
  if (s == '+' || s == '-')
    return is_digit(tl_peek_at(P, k + 2));
  return is_digit(s);
}

bool tl_read_number(TParser *P, SilaBuf *out, const char **datatype) {
  int c = tl_peek(P);
  if (c == '+' || c == '-') {
    char ch = (char)c;
    if (!put(P, out, &ch, 1))
      return false;
    tl_advance(P);
  }
  size_t ni, nf = 0;
  if (!take_digits(P, out, &ni))
    return false;
  *datatype = SILA_NS_XSD "integer";
  bool frac = false;
  if (tl_peek(P) == '.' &&
      (is_digit(tl_peek_at(P, 1)) || (ni > 0 && exponent_at(P, 1)))) {
    if (!put(P, out, ".", 1))
      return false;
    tl_advance(P);
    if (!take_digits(P, out, &nf))
      return false;
    frac = true;
    *datatype = SILA_NS_XSD "decimal";
  }
  if (ni == 0 && nf == 0)
    return tl_error(P, "invalid number");
  if (exponent_at(P, 0)) {
    for (;;) {
      int d = tl_peek(P);
      if (!(d == 'e' || d == 'E' || d == '+' || d == '-' || is_digit(d)))
        break;
      char ch = (char)d;
      if (!put(P, out, &ch, 1))
        return false;
      tl_advance(P);
      if (is_digit(d) && !is_digit(tl_peek(P)))
        break;
    }
    *datatype = SILA_NS_XSD "double";
  } else if (frac && nf == 0) {
    return tl_error(P, "invalid number");
  }
  return true;
}
