/* sila_sparql_lex.c — the SPARQL tokenizer (§19.8 terminals) and the
 * parser's error and memory helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sila_alloc.h"
#include "sila_sparql_int.h"
#include "sila_utf8.h"

/* ---- errors and memory ---------------------------------------------- */

_Noreturn void sp_fail(Parser *P, SilaStatus st, const char *fmt, ...) {
  char msg[SILA_ERROR_MSG_MAX - 48];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  P->st = st;
  if (st == SILA_ERR_NOMEM)
    sila_error_set(P->err, st, 0, 0, "%s", msg);
  else
    sila_error_set(P->err, st, P->tok.line, P->tok.col, "line %lu, column %lu: %s",
                   P->tok.line, P->tok.col, msg);
  longjmp(P->jb, 1);
}

_Noreturn void sp_fail_at(Parser *P, const Tok *t, const char *fmt, ...) {
  char msg[SILA_ERROR_MSG_MAX - 48];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  P->st = SILA_ERR_SYNTAX;
  sila_error_set(P->err, SILA_ERR_SYNTAX, t->line, t->col, "line %lu, column %lu: %s",
                 t->line, t->col, msg);
  longjmp(P->jb, 1);
}

const char *sp_tok_describe(Parser *P, const Tok *t, char *buf, size_t size) {
  (void)P;
  if (t->type == T_EOF) {
    snprintf(buf, size, "end of input");
    return buf;
  }
  size_t n = t->len;
  if (n > 40)
    n = 40;
  snprintf(buf, size, "'%.*s%s'", (int)n, t->p, n < t->len ? "..." : "");
  return buf;
}

_Noreturn void sp_expected(Parser *P, const char *what) {
  char b[80];
  sp_fail(P, SILA_ERR_SYNTAX, "expected %s but found %s", what,
          sp_tok_describe(P, &P->tok, b, sizeof b));
}

void sp_depth_enter(Parser *P) {
  if (++P->depth > SILA_SPARQL_MAX_DEPTH)
    sp_fail(P, SILA_ERR_LIMIT, "nesting deeper than %d levels", SILA_SPARQL_MAX_DEPTH);
}

void *sp_alloc(Parser *P, size_t size) {
  void *p = sila_arena_calloc(P->arena, 1, size);
  if (!p)
    sp_fail(P, SILA_ERR_NOMEM, "out of memory");
  return p;
}

char *sp_strndup(Parser *P, const char *s, size_t len) {
  char *p = sila_arena_strndup(P->arena, s, len);
  if (!p)
    sp_fail(P, SILA_ERR_NOMEM, "out of memory");
  return p;
}

void sp_hvec_push(Parser *P, Vec *v, const void *item, size_t size) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 64;
    void *d = sila_realloc(v->data, cap * size);
    if (!d)
      sp_fail(P, SILA_ERR_NOMEM, "out of memory");
    v->data = d;
    v->cap = cap;
  }
  memcpy((char *)v->data + v->n * size, item, size);
  v->n++;
}

void sp_vec_push(Parser *P, Vec *v, const void *item, size_t size) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 4;
    void *d = sila_arena_alloc(P->arena, cap * size);
    if (!d)
      sp_fail(P, SILA_ERR_NOMEM, "out of memory");
    if (v->n)
      memcpy(d, v->data, v->n * size);
    v->data = d;
    v->cap = cap;
  }
  memcpy((char *)v->data + v->n * size, item, size);
  v->n++;
}

/* ---- keywords ------------------------------------------------------- */

static const struct {
  const char *s;
  Keyword k;
} keywords[] = {
    /* sorted for bsearch (upper case) */
    {"ABS", K_ABS}, {"ADD", K_ADD}, {"ALL", K_ALL}, {"AS", K_AS}, {"ASC", K_ASC},
    {"ASK", K_ASK}, {"AVG", K_AVG}, {"BASE", K_BASE}, {"BIND", K_BIND},
    {"BNODE", K_BNODE}, {"BOUND", K_BOUND}, {"BY", K_BY}, {"CEIL", K_CEIL},
    {"CLEAR", K_CLEAR}, {"COALESCE", K_COALESCE}, {"CONCAT", K_CONCAT},
    {"CONSTRUCT", K_CONSTRUCT}, {"CONTAINS", K_CONTAINS}, {"COPY", K_COPY},
    {"COUNT", K_COUNT}, {"CREATE", K_CREATE}, {"DATA", K_DATA},
    {"DATATYPE", K_DATATYPE}, {"DAY", K_DAY}, {"DEFAULT", K_DEFAULT},
    {"DELETE", K_DELETE}, {"DESC", K_DESC}, {"DESCRIBE", K_DESCRIBE},
    {"DISTINCT", K_DISTINCT}, {"DROP", K_DROP}, {"ENCODE_FOR_URI", K_ENCODE_FOR_URI},
    {"EXISTS", K_EXISTS}, {"FALSE", K_FALSE}, {"FILTER", K_FILTER}, {"FLOOR", K_FLOOR},
    {"FROM", K_FROM}, {"GRAPH", K_GRAPH}, {"GROUP", K_GROUP},
    {"GROUP_CONCAT", K_GROUP_CONCAT}, {"HASLANG", K_HASLANG},
    {"HASLANGDIR", K_HASLANGDIR}, {"HAVING", K_HAVING}, {"HOURS", K_HOURS},
    {"IF", K_IF}, {"IN", K_IN}, {"INSERT", K_INSERT}, {"INTO", K_INTO}, {"IRI", K_IRI},
    {"ISBLANK", K_ISBLANK}, {"ISIRI", K_ISIRI}, {"ISLITERAL", K_ISLITERAL},
    {"ISNUMERIC", K_ISNUMERIC}, {"ISTRIPLE", K_ISTRIPLE}, {"ISURI", K_ISURI}, {"LANG", K_LANG}, {"LANGDIR", K_LANGDIR},
    {"LANGMATCHES", K_LANGMATCHES}, {"LCASE", K_LCASE}, {"LIMIT", K_LIMIT},
    {"LOAD", K_LOAD}, {"MAX", K_MAX}, {"MD5", K_MD5}, {"MIN", K_MIN}, {"MINUS", K_MINUS},
    {"MINUTES", K_MINUTES}, {"MONTH", K_MONTH}, {"MOVE", K_MOVE}, {"NAMED", K_NAMED},
    {"NOT", K_NOT}, {"NOW", K_NOW}, {"OBJECT", K_OBJECT}, {"OFFSET", K_OFFSET}, {"OPTIONAL", K_OPTIONAL},
    {"ORDER", K_ORDER}, {"PREDICATE", K_PREDICATE}, {"PREFIX", K_PREFIX}, {"RAND", K_RAND}, {"REDUCED", K_REDUCED},
    {"REGEX", K_REGEX}, {"REPLACE", K_REPLACE}, {"ROUND", K_ROUND},
    {"SAMETERM", K_SAMETERM}, {"SAMPLE", K_SAMPLE}, {"SECONDS", K_SECONDS},
    {"SELECT", K_SELECT}, {"SEPARATOR", K_SEPARATOR}, {"SERVICE", K_SERVICE},
    {"SHA1", K_SHA1}, {"SHA256", K_SHA256}, {"SHA384", K_SHA384}, {"SHA512", K_SHA512},
    {"SILENT", K_SILENT}, {"STR", K_STR}, {"STRAFTER", K_STRAFTER},
    {"STRBEFORE", K_STRBEFORE}, {"STRDT", K_STRDT}, {"STRENDS", K_STRENDS},
    {"STRLANG", K_STRLANG}, {"STRLANGDIR", K_STRLANGDIR}, {"STRLEN", K_STRLEN}, {"STRSTARTS", K_STRSTARTS},
    {"STRUUID", K_STRUUID}, {"SUBJECT", K_SUBJECT}, {"SUBSTR", K_SUBSTR}, {"SUM", K_SUM},
    {"TIMEZONE", K_TIMEZONE}, {"TO", K_TO}, {"TRIPLE", K_TRIPLE}, {"TRUE", K_TRUE}, {"TZ", K_TZ},
    {"UCASE", K_UCASE}, {"UNDEF", K_UNDEF}, {"UNION", K_UNION}, {"URI", K_URI},
    {"USING", K_USING}, {"UUID", K_UUID}, {"VALUES", K_VALUES}, {"VERSION", K_VERSION}, {"WHERE", K_WHERE},
    {"WITH", K_WITH}, {"YEAR", K_YEAR},
};

static Keyword keyword_of(const char *s, size_t len) {
  if (len == 1 && s[0] == 'a')
    return K_A;
  if (len > 16)
    return K_NONE;
  size_t lo = 0, hi = sizeof keywords / sizeof keywords[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncasecmp(s, keywords[mid].s, len);
    if (c == 0 && keywords[mid].s[len] != '\0')
      c = -1;
    if (c == 0)
      return keywords[mid].k;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return K_NONE;
}

/* ---- character classes ---------------------------------------------- */

static bool pn_chars_base(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}
static bool pn_chars_u(uint32_t c) { return pn_chars_base(c) || c == '_'; }
static bool pn_chars(uint32_t c) {
  return pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}
static bool varname_char(uint32_t c) { return pn_chars(c) && c != '-'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_hex(int c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Code point at p, 0 length at end or on invalid UTF-8. */
static int cp_at(Parser *P, const char *p, uint32_t *c) {
  if (p >= P->end)
    return 0;
  return (int)sila_utf8_decode(p, (size_t)(P->end - p), c);
}

/* ---- positions ------------------------------------------------------ */

void sp_lex_init(Parser *P, const char *text, size_t len) {
  P->src = P->s = text;
  P->end = text + len;
  P->line = 1;
  P->col_from = text;
  P->col = 1;
}

/* Column of p: code points since the line start, counted incrementally. */
static unsigned long column_of(Parser *P, const char *p) {
  if (p > P->col_from)
    P->col += sila_utf8_count(P->col_from, (size_t)(p - P->col_from));
  P->col_from = p;
  return P->col;
}

static void newline(Parser *P, const char *after) {
  P->line++;
  P->col_from = after;
  P->col = 1;
}

_Noreturn static void lex_fail(Parser *P, const char *at, const char *msg) {
  /* at the token's start the position is already known (and a long string
   * may have moved the line counter past it) */
  if (at != P->tok.p) {
    P->tok.line = P->line;
    P->tok.col = column_of(P, at);
  }
  P->tok.len = 0;
  sp_fail(P, SILA_ERR_SYNTAX, "%s", msg);
}

static void skip_ws(Parser *P) {
  const char *s = P->s;
  while (s < P->end) {
    char c = *s;
    if (c == '\n') {
      s++;
      newline(P, s);
    } else if (c == ' ' || c == '\t' || c == '\r') {
      s++;
    } else if (c == '#') {
      while (s < P->end && *s != '\n')
        s++;
    } else {
      break;
    }
  }
  P->s = s;
}

/* ---- escapes -------------------------------------------------------- */

/* Reads \uXXXX or \UXXXXXXXX at p (p[0] == '\\'); returns its length or 0. */
static size_t uchar_at(Parser *P, const char *p, uint32_t *cp) {
  size_t n = sila_uchar_read(p, (size_t)(P->end - p), cp);
  return n && sila_unicode_scalar(*cp) ? n : 0;
}

/* ---- token scanners ------------------------------------------------- */

static void tok_set(Parser *P, TokType t, const char *start, const char *stop) {
  P->tok.type = t;
  P->tok.p = start;
  P->tok.len = (size_t)(stop - start);
  P->s = stop;
}

/* '<' starts an IRIREF when a valid one follows; else it is '<' / '<='. */
static bool scan_iriref(Parser *P, const char *start) {
  const char *s = start + 1;
  bool escaped = false;
  while (s < P->end && *s != '>') {
    unsigned char c = (unsigned char)*s;
    if (c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`')
      return false;
    if (c == '\\') {
      uint32_t cp;
      size_t n = uchar_at(P, s, &cp);
      if (!n)
        return false;
      escaped = true;
      s += n;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp;
      int n = (int)sila_utf8_decode(s, (size_t)(P->end - s), &cp);
      if (!n)
        lex_fail(P, s, "invalid UTF-8 in an IRI");
      s += n;
      continue;
    }
    s++;
  }
  if (s >= P->end)
    return false;
  if (!escaped) {
    /* points into the source: sp_parse_iri copies when it resolves */
    P->tok.val = start + 1;
    P->tok.vlen = (size_t)(s - start - 1);
  } else {
    char *out = sp_alloc(P, (size_t)(s - start));
    size_t o = 0;
    for (const char *c = start + 1; c < s;) {
      uint32_t cp;
      size_t n;
      if (*c == '\\' && (n = uchar_at(P, c, &cp))) {
        if (cp <= 0x20 || cp == '<' || cp == '>' || cp == '"' || cp == '{' || cp == '}' ||
            cp == '|' || cp == '^' || cp == '`' || cp == '\\')
          lex_fail(P, c, "escaped character not allowed in an IRI");
        o += sila_utf8_encode(cp, out + o);
        c += n;
      } else {
        out[o++] = *c++;
      }
    }
    out[o] = '\0';
    P->tok.val = out;
    P->tok.vlen = o;
  }
  tok_set(P, T_IRI, start, s + 1);
  return true;
}

static void scan_string(Parser *P, const char *start) {
  char q = *start;
  bool lng = P->end - start >= 3 && start[1] == q && start[2] == q;
  const char *s = start + (lng ? 3 : 1);
  const char *body = s;
  bool esc = false;
  for (;;) {
    if (s >= P->end)
      lex_fail(P, start, "unterminated string");
    char c = *s;
    if (c == '\\') {
      esc = true;
      s += 2;
      continue;
    }
    if ((unsigned char)c >= 0x80) {
      uint32_t cp;
      int n = (int)sila_utf8_decode(s, (size_t)(P->end - s), &cp);
      if (!n)
        lex_fail(P, s, "invalid UTF-8 in a string");
      s += n;
      continue;
    }
    if (lng) {
      if (c == q && P->end - s >= 3 && s[1] == q && s[2] == q)
        break;
      if (c == '\n')
        newline(P, s + 1);
    } else {
      if (c == q)
        break;
      if (c == '\n' || c == '\r')
        lex_fail(P, start, "line break in a short string");
    }
    s++;
  }
  if (s > P->end)
    lex_fail(P, start, "unterminated string");
  const char *body_end = s;
  size_t blen = (size_t)(body_end - body);
  char *out = sp_alloc(P, blen + 1);
  size_t o = 0;
  if (!esc) {
    memcpy(out, body, blen);
    o = blen;
  } else {
    for (const char *c = body; c < body_end;) {
      if (*c != '\\') {
        out[o++] = *c++;
        continue;
      }
      uint32_t cp;
      size_t n = uchar_at(P, c, &cp);
      if (n) {
        o += sila_utf8_encode(cp, out + o);
        c += n;
        continue;
      }
      switch (c[1]) {
      case 't': out[o++] = '\t'; break;
      case 'b': out[o++] = '\b'; break;
      case 'n': out[o++] = '\n'; break;
      case 'r': out[o++] = '\r'; break;
      case 'f': out[o++] = '\f'; break;
      case '"': out[o++] = '"'; break;
      case '\'': out[o++] = '\''; break;
      case '\\': out[o++] = '\\'; break;
      default: lex_fail(P, c, "invalid escape sequence in a string");
      }
      c += 2;
    }
  }
  out[o] = '\0';
  P->tok.val = out;
  P->tok.vlen = o;
  tok_set(P, T_STRING, start, body_end + (lng ? 3 : 1));
}

/* PN_LOCAL after the ':' at p; returns its end (p when empty). */
static const char *scan_local(Parser *P, const char *p, bool *escaped) {
  const char *s = p, *last_ok = p;
  bool first = true;
  for (;;) {
    uint32_t c;
    int n;
    if (s < P->end && *s == '%') {
      if (P->end - s < 3 || !is_hex(s[1]) || !is_hex(s[2]))
        lex_fail(P, s, "invalid %-escape in a prefixed name");
      s += 3;
      last_ok = s;
    } else if (s < P->end && *s == '\\') {
      if (P->end - s < 2 || !strchr("_~.-!$&'()*+,;=/?#@%", s[1]) || s[1] == '\0')
        lex_fail(P, s, "invalid escape in a prefixed name");
      *escaped = true;
      s += 2;
      last_ok = s;
    } else if ((n = cp_at(P, s, &c)) &&
               (pn_chars(c) || c == ':' || (!first && c == '.'))) {
      if (first && c == '-' )
        break;
      if (first && (c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)))
        break;
      s += n;
      if (c != '.')
        last_ok = s;
    } else {
      break;
    }
    first = false;
  }
  return last_ok;
}

static void scan_name(Parser *P, const char *start) {
  /* PN_PREFIX? ':' PN_LOCAL?  or a keyword */
  const char *s = start, *last_ok = start;
  uint32_t c;
  int n;
  while ((n = cp_at(P, s, &c)) && (pn_chars(c) || c == '.')) {
    s += n;
    if (c != '.')
      last_ok = s;
  }
  if (last_ok < P->end && *last_ok == ':') {
    const char *colon = last_ok;
    bool escaped = false;
    const char *lend = scan_local(P, colon + 1, &escaped);
    P->tok.pfx = start;
    P->tok.pfx_len = (size_t)(colon - start);
    if (lend == colon + 1) {
      P->tok.val = "";
      P->tok.vlen = 0;
      tok_set(P, T_PNAME_NS, start, colon + 1);
      return;
    }
    size_t ll = (size_t)(lend - colon - 1);
    if (!escaped) {
      /* points into the source: sp_parse_iri copies it into the IRI */
      P->tok.val = colon + 1;
      P->tok.vlen = ll;
      tok_set(P, T_PNAME_LN, start, lend);
      return;
    }
    char *out = sp_strndup(P, colon + 1, ll);
    {
      size_t o = 0;
      for (size_t i = 0; i < ll; i++) {
        if (out[i] == '\\')
          i++;
        out[o++] = out[i];
      }
      out[o] = '\0';
      ll = o;
    }
    P->tok.val = out;
    P->tok.vlen = ll;
    tok_set(P, T_PNAME_LN, start, lend);
    return;
  }
  /* keyword: ASCII letters, digits and '_' */
  s = start;
  while (s < P->end && (is_alpha(*s) || is_digit(*s) || *s == '_'))
    s++;
  if (s == start)
    lex_fail(P, start, "unexpected character");
  P->tok.kw = keyword_of(start, (size_t)(s - start));
  tok_set(P, T_WORD, start, s);
}

static void scan_number(Parser *P, const char *start) {
  const char *s = start;
  if (*s == '+' || *s == '-')
    s++;
  TokType t = T_INTEGER;
  while (s < P->end && is_digit(*s))
    s++;
  if (s < P->end && *s == '.' && s + 1 < P->end &&
      (is_digit(s[1]) || ((s[1] == 'e' || s[1] == 'E') && s > start && is_digit(s[-1])))) {
    /* "1.e5" is a double, "1." is an integer followed by '.' */
    const char *d = s + 1;
    while (d < P->end && is_digit(*d))
      d++;
    if (d > s + 1) {
      t = T_DECIMAL;
      s = d;
    } else {
      const char *e = d + 1;
      if (e < P->end && (*e == '+' || *e == '-'))
        e++;
      if (e < P->end && is_digit(*e)) {
        t = T_DECIMAL;
        s = d;
      }
    }
  }
  if (s < P->end && (*s == 'e' || *s == 'E')) {
    const char *e = s + 1;
    if (e < P->end && (*e == '+' || *e == '-'))
      e++;
    if (e < P->end && is_digit(*e)) {
      while (e < P->end && is_digit(*e))
        e++;
      t = T_DOUBLE;
      s = e;
    }
  }
  P->tok.val = start;
  P->tok.vlen = (size_t)(s - start);
  tok_set(P, t, start, s);
}

void sp_next(Parser *P) {
  P->prev_end = P->s;
  skip_ws(P);
  const char *s = P->s;
  Tok *t = &P->tok;
  t->kw = K_NONE;
  t->val = NULL;
  t->vlen = 0;
  t->line = P->line;
  t->col = column_of(P, s);
  t->p = s;
  t->len = 0;
  if (s >= P->end) {
    tok_set(P, T_EOF, s, s);
    return;
  }
  char c = *s;
  switch (c) {
  case '{':
    if (s + 1 < P->end && s[1] == '|')
      tok_set(P, T_ANN_OPEN, s, s + 2);
    else
      tok_set(P, T_LBRACE, s, s + 1);
    return;
  case '}': tok_set(P, T_RBRACE, s, s + 1); return;
  case '~': tok_set(P, T_TILDE, s, s + 1); return;
  case ')':
    if (s + 2 < P->end && s[1] == '>' && s[2] == '>')
      tok_set(P, T_TT_CLOSE, s, s + 3);
    else
      tok_set(P, T_RPAREN, s, s + 1);
    return;
  case ']': tok_set(P, T_RBRACKET, s, s + 1); return;
  case ',': tok_set(P, T_COMMA, s, s + 1); return;
  case ';': tok_set(P, T_SEMI, s, s + 1); return;
  case '*': tok_set(P, T_STAR, s, s + 1); return;
  case '/': tok_set(P, T_SLASH, s, s + 1); return;
  case '=': tok_set(P, T_EQ, s, s + 1); return;
  case '(':
  case '[': {
    /* NIL and ANON: the brackets with only white space (or comments) between */
    const char *save = s;
    unsigned long line = P->line;
    const char *cf = P->col_from;
    unsigned long col = P->col;
    P->s = s + 1;
    skip_ws(P);
    char close = c == '(' ? ')' : ']';
    if (P->s < P->end && *P->s == close) {
      tok_set(P, c == '(' ? T_NIL : T_ANON, save, P->s + 1);
      return;
    }
    P->line = line;
    P->col_from = cf;
    P->col = col;
    tok_set(P, c == '(' ? T_LPAREN : T_LBRACKET, save, save + 1);
    return;
  }
  case '.':
    if (s + 1 < P->end && is_digit(s[1])) {
      scan_number(P, s);
      return;
    }
    tok_set(P, T_DOT, s, s + 1);
    return;
  case '+':
  case '-':
    if (s + 1 < P->end && (is_digit(s[1]) || (s[1] == '.' && s + 2 < P->end && is_digit(s[2])))) {
      scan_number(P, s);
      return;
    }
    tok_set(P, c == '+' ? T_PLUS : T_MINUS, s, s + 1);
    return;
  case '!':
    tok_set(P, s + 1 < P->end && s[1] == '=' ? T_NE : T_BANG, s,
            s + (s + 1 < P->end && s[1] == '=' ? 2 : 1));
    return;
  case '^':
    tok_set(P, s + 1 < P->end && s[1] == '^' ? T_DCARET : T_CARET, s,
            s + (s + 1 < P->end && s[1] == '^' ? 2 : 1));
    return;
  case '|':
    if (s + 1 < P->end && s[1] == '|')
      tok_set(P, T_OR, s, s + 2);
    else if (s + 1 < P->end && s[1] == '}')
      tok_set(P, T_ANN_CLOSE, s, s + 2);
    else
      tok_set(P, T_PIPE, s, s + 1);
    return;
  case '&':
    if (s + 1 < P->end && s[1] == '&') {
      tok_set(P, T_AND, s, s + 2);
      return;
    }
    lex_fail(P, s, "unexpected character '&'");
  case '>':
    if (s + 1 < P->end && s[1] == '>')
      tok_set(P, T_RT_CLOSE, s, s + 2);
    else if (s + 1 < P->end && s[1] == '=')
      tok_set(P, T_GE, s, s + 2);
    else
      tok_set(P, T_GT, s, s + 1);
    return;
  case '<':
    /* SPARQL 1.2: '<<(' and '<<' (a '<' cannot start an IRIREF's content) */
    if (s + 1 < P->end && s[1] == '<') {
      if (s + 2 < P->end && s[2] == '(')
        tok_set(P, T_TT_OPEN, s, s + 3);
      else
        tok_set(P, T_RT_OPEN, s, s + 2);
      return;
    }
    if (scan_iriref(P, s))
      return;
    if (s + 1 < P->end && s[1] == '=')
      tok_set(P, T_LE, s, s + 2);
    else
      tok_set(P, T_LT, s, s + 1);
    return;
  case '"':
  case '\'':
    scan_string(P, s);
    return;
  case '?':
  case '$': {
    const char *v = s + 1;
    uint32_t cp;
    int n;
    while ((n = cp_at(P, v, &cp)) && varname_char(cp))
      v += n;
    if (v == s + 1) {
      if (c == '?') {
        tok_set(P, T_QMARK, s, s + 1);
        return;
      }
      lex_fail(P, s, "'$' without a variable name");
    }
    t->val = s + 1;
    t->vlen = (size_t)(v - s - 1);
    tok_set(P, T_VAR, s, v);
    return;
  }
  case '@': {
    const char *v = s + 1;
    while (v < P->end && is_alpha(*v))
      v++;
    if (v == s + 1)
      lex_fail(P, s, "'@' without a language tag");
    while (v + 1 < P->end && *v == '-' && (is_alpha(v[1]) || is_digit(v[1]))) {
      v++;
      while (v < P->end && (is_alpha(*v) || is_digit(*v)))
        v++;
    }
    /* SPARQL 1.2 / RDF 1.2 base direction, kept in the tag: "ar--rtl" */
    if (v + 2 < P->end && v[0] == '-' && v[1] == '-' && is_alpha(v[2])) {
      const char *d = v + 2, *e = d;
      while (e < P->end && is_alpha(*e))
        e++;
      if (!((e - d == 3) && (!memcmp(d, "ltr", 3) || !memcmp(d, "rtl", 3))))
        lex_fail(P, v, "invalid base direction (--ltr or --rtl)");
      v = e;
    }
    t->val = s + 1;
    t->vlen = (size_t)(v - s - 1);
    tok_set(P, T_LANGTAG, s, v);
    return;
  }
  case '_':
    if (s + 1 < P->end && s[1] == ':') {
      const char *v = s + 2, *last_ok = s + 2;
      uint32_t cp;
      int n = cp_at(P, v, &cp);
      if (!n || !(pn_chars_u(cp) || is_digit((int)cp)))
        lex_fail(P, s, "invalid blank node label");
      v += n;
      last_ok = v;
      while ((n = cp_at(P, v, &cp)) && (pn_chars(cp) || cp == '.')) {
        v += n;
        if (cp != '.')
          last_ok = v;
      }
      t->val = s + 2;
      t->vlen = (size_t)(last_ok - s - 2);
      tok_set(P, T_BLANK, s, last_ok);
      return;
    }
    break;
  default:
    break;
  }
  if (is_digit(c)) {
    scan_number(P, s);
    return;
  }
  uint32_t cp;
  int n = cp_at(P, s, &cp);
  if (c == ':' || (n && pn_chars_base(cp))) {
    scan_name(P, s);
    return;
  }
  if (!n)
    lex_fail(P, s, "invalid UTF-8");
  char b[40];
  snprintf(b, sizeof b, "unexpected character '%.*s'", n, s);
  lex_fail(P, s, b);
}

bool sp_accept(Parser *P, TokType t) {
  if (P->tok.type != t)
    return false;
  sp_next(P);
  return true;
}

bool sp_accept_kw(Parser *P, Keyword k) {
  if (!sp_kw(P, k))
    return false;
  sp_next(P);
  return true;
}

void sp_expect(Parser *P, TokType t, const char *what) {
  if (P->tok.type != t)
    sp_expected(P, what);
  sp_next(P);
}

void sp_expect_kw(Parser *P, Keyword k, const char *what) {
  if (!sp_kw(P, k))
    sp_expected(P, what);
  sp_next(P);
}
