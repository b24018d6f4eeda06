/* sila_results_triple.c — reading back the N-Triples 1.2 text in which
 * result sets carry SPARQL 1.2 triple terms (see sila_results.h), so the
 * JSON and XML writers can write them as structures. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

typedef struct {
  const char *s;
  size_t n, i;
  char *out; /* decoded strings go here; never longer than the text */
  size_t olen;
} TripleScan;

static void skip_spaces(TripleScan *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
    p->i++;
}

static bool at(const TripleScan *p, const char *lit) {
  size_t l = strlen(lit);
  return p->n - p->i >= l && memcmp(p->s + p->i, lit, l) == 0;
}

/* \uXXXX or \UXXXXXXXX at p->i (pointing at 'u' or 'U', after '\\'). */
static int uchar(TripleScan *p) {
  uint32_t cp;
  size_t n = sila_uchar_read(p->s + p->i - 1, p->n - p->i + 1, &cp);
  if (!n || !sila_unicode_scalar(cp))
    return -1;
  p->olen += sila_utf8_encode(cp, p->out + p->olen);
  p->i += n - 1;
  return 0;
}

/* <IRI> → decoded copy in out. */
static int iri(TripleScan *p, const char **v, size_t *len) {
  p->i++;
  *v = p->out + p->olen;
  size_t start = p->olen;
  while (p->i < p->n && p->s[p->i] != '>') {
    if (p->s[p->i] == '\\') {
      p->i++;
      if (p->i >= p->n || (p->s[p->i] != 'u' && p->s[p->i] != 'U') || uchar(p))
        return -1;
      continue;
    }
    p->out[p->olen++] = p->s[p->i++];
  }
  if (p->i >= p->n)
    return -1;
  p->i++;
  *len = p->olen - start;
  return 0;
}

/* End of a nested <<( ... )>> starting at p->i, skipping strings and IRIs. */
static int skip_triple(TripleScan *p) {
  int depth = 0;
  while (p->i < p->n) {
    if (at(p, "<<(")) {
      depth++;
      p->i += 3;
    } else if (at(p, ")>>")) {
      p->i += 3;
      if (--depth == 0)
        return 0;
    } else if (p->s[p->i] == '<') {
      while (p->i < p->n && p->s[p->i] != '>')
        p->i++;
      p->i++;
    } else if (p->s[p->i] == '"') {
      for (p->i++; p->i < p->n && p->s[p->i] != '"'; p->i++)
        if (p->s[p->i] == '\\')
          p->i++;
      p->i++;
    } else {
      p->i++;
    }
  }
  return -1;
}

static const char *const shorthand_types[3] = {SILA_NS_XSD "integer", SILA_NS_XSD "decimal",
                                               SILA_NS_XSD "double"};

static int term(TripleScan *p, SilaTerm *t) {
  memset(t, 0, sizeof *t);
  skip_spaces(p);
  if (p->i >= p->n)
    return -1;
  char c = p->s[p->i];
  if (at(p, "<<(")) {
    size_t start = p->i;
    if (skip_triple(p))
      return -1;
    t->kind = SILA_RESULTS_TERM_TRIPLE;
    t->value = p->s + start;
    t->value_len = p->i - start;
    return 0;
  }
  if (c == '<') {
    t->kind = SILA_TERM_IRI;
    return iri(p, &t->value, &t->value_len);
  }
  if (c == '_' && p->i + 1 < p->n && p->s[p->i + 1] == ':') {
    size_t start = p->i += 2;
    while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\t')
      p->i++;
    if (p->i == start)
      return -1;
    t->kind = SILA_TERM_BLANK;
    t->value = p->s + start;
    t->value_len = p->i - start;
    return 0;
  }
  t->kind = SILA_TERM_LITERAL;
  if (c != '"') { /* Turtle number or boolean shorthand */
    size_t start = p->i;
    while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\t')
      p->i++;
    t->value = p->s + start;
    t->value_len = p->i - start;
    for (int k = 0; k < 3 && !t->datatype; k++)
      if (sila_results_turtle_number(t->value, t->value_len, k))
        t->datatype = shorthand_types[k];
    if (!t->datatype && ((t->value_len == 4 && memcmp(t->value, "true", 4) == 0) ||
                         (t->value_len == 5 && memcmp(t->value, "false", 5) == 0)))
      t->datatype = SILA_NS_XSD "boolean";
    if (!t->datatype)
      return -1;
    t->datatype_len = strlen(t->datatype);
    return 0;
  }
  p->i++;
  size_t start = p->olen;
  t->value = p->out + p->olen;
  while (p->i < p->n && p->s[p->i] != '"') {
    if (p->s[p->i] != '\\') {
      p->out[p->olen++] = p->s[p->i++];
      continue;
    }
    if (++p->i >= p->n)
      return -1;
    char e = p->s[p->i], d;
    switch (e) {
    case 't': d = '\t'; break;
    case 'b': d = '\b'; break;
    case 'n': d = '\n'; break;
    case 'r': d = '\r'; break;
    case 'f': d = '\f'; break;
    case '"': d = '"'; break;
    case '\'': d = '\''; break;
    case '\\': d = '\\'; break;
    case 'u':
    case 'U':
      if (uchar(p))
        return -1;
      continue;
    default: return -1;
    }
    p->out[p->olen++] = d;
    p->i++;
  }
  if (p->i >= p->n)
    return -1;
  p->i++;
  t->value_len = p->olen - start;
  if (p->i < p->n && p->s[p->i] == '@') {
    size_t ls = ++p->i;
    while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\t')
      p->i++;
    if (p->i == ls)
      return -1;
    t->lang = p->s + ls;
    t->lang_len = p->i - ls;
  } else if (at(p, "^^<")) {
    p->i += 2;
    if (iri(p, &t->datatype, &t->datatype_len))
      return -1;
    if (sila_iri_is(t->datatype, t->datatype_len, SILA_XSD_STRING))
      t->datatype = NULL, t->datatype_len = 0;
  }
  return 0;
}

int sila_results_triple_split(const char *text, size_t len, SilaTerm parts[3], char **store) {
  TripleScan p = {text, len, 0, sila_malloc(len + 1), 0};
  *store = p.out;
  if (!p.out)
    return -1;
  skip_spaces(&p);
  if (!at(&p, "<<("))
    return -1;
  p.i += 3;
  for (int k = 0; k < 3; k++)
    if (term(&p, &parts[k]))
      return -1;
  skip_spaces(&p);
  if (!at(&p, ")>>"))
    return -1;
  p.i += 3;
  skip_spaces(&p);
  return p.i == p.n ? 0 : -1;
}

bool sila_results_triple_ok(const char *text, size_t len, int depth) {
  SilaTerm parts[3];
  char *store;
  bool ok = depth < 64 && sila_results_triple_split(text, len, parts, &store) == 0;
  for (int k = 0; ok && k < 3; k++)
    if (parts[k].kind == SILA_RESULTS_TERM_TRIPLE)
      ok = sila_results_triple_ok(parts[k].value, parts[k].value_len, depth + 1);
  free(store);
  return ok;
}
