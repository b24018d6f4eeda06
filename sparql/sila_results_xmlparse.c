/* sila_results_xmlparse.c — SPARQL Query Results XML Format: parser.
 *
 * A small pull parser for what result documents use: elements,
 * attributes, character data, the five predefined entities, character
 * references, CDATA sections; comments, processing instructions and a
 * DOCTYPE are skipped.  Namespaces are matched by local name (a prefixed
 * <res:result> works), which is enough for this one vocabulary.  End tags
 * must match their start tags.  Unknown elements (such as <link>) are
 * skipped with their content. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

#define MAX_ATTRS 16
#define MAX_DEPTH 64

typedef enum { EV_EOF, EV_START, EV_END, EV_TEXT } EvType;

typedef struct {
  const char *name; /* local name (after any prefix) */
  size_t name_len;
  bool empty;       /* <x/>: the matching EV_END is synthesised */
  size_t nattrs;
  struct {
    const char *name; /* qualified name as written */
    size_t name_len;
    size_t val_off, val_len; /* in XmlParse.abuf */
  } attrs[MAX_ATTRS];
} Elem;

typedef struct {
  const char *d;
  size_t n, pos;
  SilaResultSet *rs;
  SilaError *err;
  SilaBuf text;    /* decoded character data of the last EV_TEXT */
  SilaBuf abuf;    /* decoded attribute values of the last EV_START */
  Elem el;         /* the last EV_START */
  bool pending_end; /* an empty element's EV_END is due */
  size_t err_off;
} XmlParse;

static SilaStatus xerr(XmlParse *p, size_t off, const char *msg) {
  unsigned long line, col;
  sila_results_position(p->d, off < p->n ? off : p->n, &line, &col);
  return sila_error_set(p->err, SILA_ERR_SYNTAX, line, col, "SPARQL XML results: %s", msg);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool starts(XmlParse *p, const char *s) {
  size_t l = strlen(s);
  return p->n - p->pos >= l && memcmp(p->d + p->pos, s, l) == 0;
}

/* Skips past `end`; error when it never comes. */
static SilaStatus skip_past(XmlParse *p, const char *end, const char *what) {
  size_t l = strlen(end), start = p->pos;
  for (size_t i = p->pos; i + l <= p->n; i++) {
    if (memcmp(p->d + i, end, l) == 0) {
      p->pos = i + l;
      return SILA_OK;
    }
  }
  return xerr(p, start, what);
}

/* &...; at p->pos, decoded and appended to b. */
static SilaStatus reference(XmlParse *p, SilaBuf *b) {
  size_t start = p->pos, i = p->pos + 1;
  while (i < p->n && p->d[i] != ';' && i - start < 12)
    i++;
  if (i >= p->n || p->d[i] != ';')
    return xerr(p, start, "bad entity or character reference");
  const char *r = p->d + start + 1;
  size_t rl = i - start - 1;
  static const struct { const char *name; char c; } ents[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  p->pos = i + 1;
  for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++)
    if (strlen(ents[k].name) == rl && memcmp(r, ents[k].name, rl) == 0)
      return sila_buf_putc(b, ents[k].c) ? SILA_ERR_NOMEM : SILA_OK;
  if (rl < 2 || r[0] != '#')
    return xerr(p, start, "unknown entity");
  uint32_t cp = 0;
  bool hex = r[1] == 'x';
  size_t k = hex ? 2 : 1;
  if (k >= rl)
    return xerr(p, start, "empty character reference");
  for (; k < rl; k++) {
    char c = r[k];
    int v = c >= '0' && c <= '9' ? c - '0'
            : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                             : -1;
    if (v < 0)
      return xerr(p, start, "bad character reference");
    cp = cp * (hex ? 16 : 10) + (uint32_t)v;
    if (cp > 0x10FFFF)
      return xerr(p, start, "character reference out of range");
  }
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
    return xerr(p, start, "character reference to a non-character");
  char enc[4];
  return sila_buf_append(b, enc, sila_utf8_encode(cp, enc)) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Appends d[from..to) with XML line-end normalisation (CR LF and CR become
 * LF; in attributes every blank becomes a space). */
static SilaStatus put_chars(SilaBuf *b, const char *d, size_t from, size_t to, bool attr) {
  for (size_t i = from; i < to; i++) {
    char c = d[i];
    if (c == '\r') {
      if (i + 1 < to && d[i + 1] == '\n')
        continue;
      c = '\n';
    }
    if (attr && (c == '\n' || c == '\t'))
      c = ' ';
    if (sila_buf_putc(b, c))
      return SILA_ERR_NOMEM;
  }
  return SILA_OK;
}

static size_t name_end(XmlParse *p, size_t i) {
  while (i < p->n && !is_space(p->d[i]) && p->d[i] != '/' && p->d[i] != '>' && p->d[i] != '=')
    i++;
  return i;
}

static SilaStatus start_tag(XmlParse *p) {
  size_t start = p->pos++;
  size_t ne = name_end(p, p->pos);
  if (ne == p->pos)
    return xerr(p, start, "element without a name");
  Elem *el = &p->el;
  el->name = p->d + p->pos;
  el->name_len = ne - p->pos;
  const char *colon = memchr(el->name, ':', el->name_len);
  if (colon) {
    el->name_len -= (size_t)(colon + 1 - el->name);
    el->name = colon + 1;
  }
  el->nattrs = 0;
  el->empty = false;
  p->abuf.len = 0;
  p->pos = ne;
  for (;;) {
    while (p->pos < p->n && is_space(p->d[p->pos]))
      p->pos++;
    if (p->pos >= p->n)
      return xerr(p, start, "unterminated start tag");
    if (p->d[p->pos] == '>') {
      p->pos++;
      return SILA_OK;
    }
    if (starts(p, "/>")) {
      p->pos += 2;
      el->empty = true;
      return SILA_OK;
    }
    size_t an = p->pos, ae = name_end(p, an);
    if (ae == an)
      return xerr(p, an, "bad attribute");
    p->pos = ae;
    while (p->pos < p->n && is_space(p->d[p->pos]))
      p->pos++;
    if (p->pos >= p->n || p->d[p->pos] != '=')
      return xerr(p, an, "attribute without a value");
    p->pos++;
    while (p->pos < p->n && is_space(p->d[p->pos]))
      p->pos++;
    if (p->pos >= p->n || (p->d[p->pos] != '"' && p->d[p->pos] != '\''))
      return xerr(p, an, "attribute value must be quoted");
    char q = p->d[p->pos++];
    size_t voff = p->abuf.len;
    for (;;) {
      size_t s = p->pos;
      while (p->pos < p->n && p->d[p->pos] != q && p->d[p->pos] != '&' && p->d[p->pos] != '<')
        p->pos++;
      if (put_chars(&p->abuf, p->d, s, p->pos, true))
        return SILA_ERR_NOMEM;
      if (p->pos >= p->n || p->d[p->pos] == '<')
        return xerr(p, an, "unterminated attribute value");
      if (p->d[p->pos] == q)
        break;
      SilaStatus st = reference(p, &p->abuf);
      if (st)
        return st;
    }
    p->pos++;
    if (el->nattrs < MAX_ATTRS) {
      el->attrs[el->nattrs].name = p->d + an;
      el->attrs[el->nattrs].name_len = ae - an;
      el->attrs[el->nattrs].val_off = voff;
      el->attrs[el->nattrs].val_len = p->abuf.len - voff;
      el->nattrs++;
    }
  }
}

/* The next event; for EV_START and EV_END, name and len give the local name. */
static SilaStatus next(XmlParse *p, EvType *ev, const char **name, size_t *len) {
  if (p->pending_end) {
    p->pending_end = false;
    *ev = EV_END;
    *name = p->el.name;
    *len = p->el.name_len;
    return SILA_OK;
  }
  p->text.len = 0;
  bool have_text = false;
  for (;;) {
    if (p->pos >= p->n) {
      *ev = have_text ? EV_TEXT : EV_EOF;
      return SILA_OK;
    }
    SilaStatus st;
    if (starts(p, "<!--")) {
      if ((st = skip_past(p, "-->", "unterminated comment")))
        return st;
    } else if (starts(p, "<?")) {
      if ((st = skip_past(p, "?>", "unterminated processing instruction")))
        return st;
    } else if (starts(p, "<![CDATA[")) {
      size_t s = p->pos + 9;
      if ((st = skip_past(p, "]]>", "unterminated CDATA section")))
        return st;
      if (put_chars(&p->text, p->d, s, p->pos - 3, false))
        return SILA_ERR_NOMEM;
      have_text = true;
    } else if (starts(p, "<!")) { /* DOCTYPE, possibly with an internal subset */
      size_t s = p->pos;
      int depth = 0;
      for (; p->pos < p->n; p->pos++) {
        char c = p->d[p->pos];
        if (c == '[')
          depth++;
        else if (c == ']')
          depth--;
        else if (c == '>' && depth <= 0)
          break;
      }
      if (p->pos >= p->n)
        return xerr(p, s, "unterminated declaration");
      p->pos++;
    } else if (p->d[p->pos] == '<') {
      if (have_text) {
        *ev = EV_TEXT;
        return SILA_OK;
      }
      if (p->pos + 1 < p->n && p->d[p->pos + 1] == '/') {
        size_t s = p->pos;
        p->pos += 2;
        size_t ne = name_end(p, p->pos);
        *name = p->d + p->pos;
        *len = ne - p->pos;
        const char *colon = memchr(*name, ':', *len);
        if (colon) {
          *len -= (size_t)(colon + 1 - *name);
          *name = colon + 1;
        }
        p->pos = ne;
        while (p->pos < p->n && is_space(p->d[p->pos]))
          p->pos++;
        if (p->pos >= p->n || p->d[p->pos] != '>')
          return xerr(p, s, "bad end tag");
        p->pos++;
        *ev = EV_END;
        return SILA_OK;
      }
      if ((st = start_tag(p)))
        return st;
      p->pending_end = p->el.empty;
      *ev = EV_START;
      *name = p->el.name;
      *len = p->el.name_len;
      return SILA_OK;
    } else if (p->d[p->pos] == '&') {
      if ((st = reference(p, &p->text)))
        return st;
      have_text = true;
    } else {
      size_t s = p->pos;
      while (p->pos < p->n && p->d[p->pos] != '<' && p->d[p->pos] != '&')
        p->pos++;
      if (put_chars(&p->text, p->d, s, p->pos, false))
        return SILA_ERR_NOMEM;
      have_text = true;
    }
  }
}

static bool is(const char *name, size_t len, const char *want) {
  return strlen(want) == len && memcmp(name, want, len) == 0;
}

static bool blank_text(const SilaBuf *b) {
  for (size_t i = 0; i < b->len; i++)
    if (!is_space(b->data[i]))
      return false;
  return true;
}

/* Attribute value of the current element by qualified name, or by local
 * name after any prefix when `any_prefix`. */
static const char *attr(XmlParse *p, const char *qname, bool any_prefix, size_t *len) {
  size_t ql = strlen(qname);
  for (size_t i = 0; i < p->el.nattrs; i++) {
    const char *n = p->el.attrs[i].name;
    size_t nl = p->el.attrs[i].name_len;
    bool hit = nl == ql && memcmp(n, qname, ql) == 0;
    if (!hit && any_prefix && nl > ql && n[nl - ql - 1] == ':' &&
        memcmp(n + nl - ql, qname, ql) == 0)
      hit = true;
    if (hit) {
      *len = p->el.attrs[i].val_len;
      return p->abuf.data + p->el.attrs[i].val_off;
    }
  }
  return NULL;
}

/* Next event that is not blank text; non-blank text is an error unless
 * text_ok. */
static SilaStatus next_tag(XmlParse *p, EvType *ev, const char **name, size_t *len) {
  for (;;) {
    size_t at = p->pos;
    SilaStatus st = next(p, ev, name, len);
    if (st)
      return st;
    if (*ev != EV_TEXT)
      return SILA_OK;
    if (!blank_text(&p->text))
      return xerr(p, at, "unexpected text");
  }
}

/* Skips the content of the element just started, through its end tag. */
static SilaStatus skip_element(XmlParse *p, int depth) {
  EvType ev;
  const char *name;
  size_t len;
  for (;;) {
    size_t at = p->pos;
    SilaStatus st = next(p, &ev, &name, &len);
    if (st)
      return st;
    if (ev == EV_EOF)
      return xerr(p, at, "unexpected end of document");
    if (ev == EV_END)
      return SILA_OK;
    if (ev == EV_START) {
      if (depth >= MAX_DEPTH)
        return xerr(p, at, "elements nested too deeply");
      if ((st = skip_element(p, depth + 1)))
        return st;
    }
  }
}

/* Expects the end tag of `want`, allowing blank text before it. */
static SilaStatus expect_end(XmlParse *p, const char *want) {
  EvType ev;
  const char *name;
  size_t len;
  size_t at = p->pos;
  SilaStatus st = next_tag(p, &ev, &name, &len);
  if (st)
    return st;
  if (ev != EV_END || !is(name, len, want))
    return xerr(p, at, "unexpected element or missing end tag");
  return SILA_OK;
}

/* Reads character data up to the end tag of `want` into p->text. */
static SilaStatus read_text(XmlParse *p, const char *want) {
  EvType ev;
  const char *name;
  size_t len;
  size_t at = p->pos;
  SilaStatus st = next(p, &ev, &name, &len);
  if (st)
    return st;
  if (ev == EV_TEXT) {
    at = p->pos;
    SilaBuf keep = p->text; /* next() reuses p->text: take it aside */
    p->text = (SilaBuf)SILA_BUF_INIT;
    st = next(p, &ev, &name, &len);
    sila_buf_free(&p->text);
    p->text = keep;
    if (st)
      return st;
  } else {
    p->text.len = 0;
  }
  if (ev != EV_END || !is(name, len, want))
    return xerr(p, at, "expected text and an end tag");
  return SILA_OK;
}

static SilaStatus intern(XmlParse *p, const char *s, size_t n, const char **out, size_t *len) {
  *out = sila_results_set_intern(p->rs, s ? s : "", n);
  *len = n;
  return *out ? SILA_OK : SILA_ERR_NOMEM;
}

static SilaStatus parse_term(XmlParse *p, SilaTerm *t, int depth);

/* <triple><subject>..</subject><predicate>..</predicate><object>..</object></triple> */
static SilaStatus parse_triple(XmlParse *p, SilaTerm *t, int depth) {
  static const char *const parts[3] = {"subject", "predicate", "object"};
  SilaTerm terms[3];
  EvType ev;
  const char *name;
  size_t len;
  SilaStatus st;
  if (depth >= MAX_DEPTH)
    return xerr(p, p->pos, "triple terms nested too deeply");
  for (int i = 0; i < 3; i++) {
    size_t at = p->pos;
    if ((st = next_tag(p, &ev, &name, &len)))
      return st;
    if (ev != EV_START || !is(name, len, parts[i]))
      return xerr(p, at, "expected subject, predicate and object in a triple");
    if ((st = parse_term(p, &terms[i], depth + 1)) || (st = expect_end(p, parts[i])))
      return st;
  }
  if ((st = expect_end(p, "triple")))
    return st;
  SilaBuf b = SILA_BUF_INIT;
  int r = sila_buf_puts(&b, "<<( ");
  for (int i = 0; i < 3 && !r; i++) {
    r = terms[i].kind == SILA_RESULTS_TERM_TRIPLE
            ? sila_buf_append(&b, terms[i].value, terms[i].value_len)
            : sila_buf_put_term_nt(&b, &terms[i]);
    r = r || sila_buf_putc(&b, ' ');
  }
  r = r || sila_buf_puts(&b, ")>>");
  memset(t, 0, sizeof *t);
  t->kind = SILA_RESULTS_TERM_TRIPLE;
  st = r ? SILA_ERR_NOMEM : intern(p, b.data, b.len, &t->value, &t->value_len);
  sila_buf_free(&b);
  return st;
}

/* A term element (uri, bnode, literal, triple) inside a binding. */
static SilaStatus parse_term(XmlParse *p, SilaTerm *t, int depth) {
  EvType ev;
  const char *name;
  size_t len;
  size_t at = p->pos;
  SilaStatus st = next_tag(p, &ev, &name, &len);
  if (st)
    return st;
  if (ev != EV_START)
    return xerr(p, at, "expected uri, bnode, literal or triple");
  memset(t, 0, sizeof *t);
  if (is(name, len, "triple"))
    return parse_triple(p, t, depth);
  const char *want;
  size_t llen = 0, dlen = 0, dirlen = 0;
  const char *lang = NULL, *dt = NULL, *dir = NULL;
  if (is(name, len, "uri")) {
    t->kind = SILA_TERM_IRI, want = "uri";
  } else if (is(name, len, "bnode")) {
    t->kind = SILA_TERM_BLANK, want = "bnode";
  } else if (is(name, len, "literal")) {
    t->kind = SILA_TERM_LITERAL, want = "literal";
    /* Copy the attributes out: read_text reuses the attribute buffer. */
    lang = attr(p, "xml:lang", false, &llen);
    dt = attr(p, "datatype", false, &dlen);
    dir = attr(p, "dir", true, &dirlen);
    SilaBuf lb = SILA_BUF_INIT;
    if (lang && llen) {
      if (sila_buf_append(&lb, lang, llen) ||
          (dir && (sila_buf_puts(&lb, "--") || sila_buf_append(&lb, dir, dirlen)))) {
        sila_buf_free(&lb);
        return SILA_ERR_NOMEM;
      }
      st = intern(p, lb.data, lb.len, &t->lang, &t->lang_len);
      sila_buf_free(&lb);
      if (st)
        return st;
    } else if (dt && !sila_iri_is(dt, dlen, SILA_XSD_STRING)) {
      if ((st = intern(p, dt, dlen, &t->datatype, &t->datatype_len)))
        return st;
    }
  } else {
    return xerr(p, at, "expected uri, bnode, literal or triple");
  }
  if ((st = read_text(p, want)))
    return st;
  if (t->kind == SILA_TERM_BLANK && p->text.len == 0)
    return xerr(p, at, "empty blank node label");
  return intern(p, p->text.data, p->text.len, &t->value, &t->value_len);
}

static SilaStatus parse_head(XmlParse *p) {
  EvType ev;
  const char *name;
  size_t len;
  SilaStatus st;
  for (;;) {
    size_t at = p->pos;
    if ((st = next_tag(p, &ev, &name, &len)))
      return st;
    if (ev == EV_END)
      return is(name, len, "head") ? SILA_OK : xerr(p, at, "mismatched end tag");
    if (ev != EV_START)
      return xerr(p, at, "unterminated head");
    if (is(name, len, "variable")) {
      size_t vl;
      const char *v = attr(p, "name", false, &vl);
      if (!v || vl == 0)
        return xerr(p, at, "variable without a name");
      st = sila_results_set_add_var(p->rs, v, vl);
      if (st == SILA_ERR_EXISTS)
        return xerr(p, at, "variable listed twice");
      if (st)
        return st;
    }
    if ((st = skip_element(p, 1)))
      return st;
  }
}

static SilaStatus parse_results(XmlParse *p) {
  EvType ev;
  const char *name;
  size_t len;
  SilaStatus st;
  SilaTerm *row = NULL;
  size_t row_cap = 0;
  for (;;) {
    size_t at = p->pos;
    if ((st = next_tag(p, &ev, &name, &len)))
      break;
    if (ev == EV_END) {
      st = is(name, len, "results") ? SILA_OK : xerr(p, at, "mismatched end tag");
      break;
    }
    if (ev != EV_START) {
      st = xerr(p, at, "unterminated results");
      break;
    }
    if (!is(name, len, "result")) {
      if ((st = skip_element(p, 1)))
        break;
      continue;
    }
    if (row_cap < p->rs->nvars || !row) {
      free(row);
      row_cap = p->rs->nvars + 4;
      if (!(row = sila_calloc(row_cap, sizeof *row))) {
        st = SILA_ERR_NOMEM;
        break;
      }
    }
    memset(row, 0, row_cap * sizeof *row);
    for (;;) { /* bindings of one result */
      at = p->pos;
      if ((st = next_tag(p, &ev, &name, &len)))
        goto out;
      if (ev == EV_END) {
        if (!is(name, len, "result")) {
          st = xerr(p, at, "mismatched end tag");
          goto out;
        }
        break;
      }
      if (ev != EV_START || !is(name, len, "binding")) {
        st = xerr(p, at, "expected a binding");
        goto out;
      }
      size_t vl;
      const char *v = attr(p, "name", false, &vl);
      if (!v || vl == 0) {
        st = xerr(p, at, "binding without a name");
        goto out;
      }
      long col = sila_results_set_var_index(p->rs, v, vl);
      if (col < 0) { /* not in the head: widen the table (see the JSON reader) */
        if ((st = sila_results_set_add_var(p->rs, v, vl)))
          goto out;
        col = (long)p->rs->nvars - 1;
        if ((size_t)col >= row_cap) {
          SilaTerm *nr = sila_realloc(row, (row_cap * 2 + 4) * sizeof *row);
          if (!nr) {
            st = SILA_ERR_NOMEM;
            goto out;
          }
          memset(nr + row_cap, 0, (row_cap + 4) * sizeof *row);
          row = nr;
          row_cap = row_cap * 2 + 4;
        }
      }
      if ((st = parse_term(p, &row[col], 0)) || (st = expect_end(p, "binding")))
        goto out;
    }
    if ((st = sila_results_set_add_row_nocopy(p->rs, row)))
      break;
  }
out:
  free(row);
  return st;
}

static SilaStatus parse_doc(XmlParse *p) {
  EvType ev;
  const char *name;
  size_t len;
  SilaStatus st;
  size_t at = p->pos;
  if ((st = next_tag(p, &ev, &name, &len)))
    return st;
  if (ev != EV_START || !is(name, len, "sparql"))
    return xerr(p, at, "the root element must be <sparql>");
  bool seen_body = false;
  for (;;) {
    at = p->pos;
    if ((st = next_tag(p, &ev, &name, &len)))
      return st;
    if (ev == EV_END) {
      if (!is(name, len, "sparql"))
        return xerr(p, at, "mismatched end tag");
      break;
    }
    if (ev != EV_START)
      return xerr(p, at, "unterminated <sparql>");
    if (is(name, len, "head")) {
      if (p->el.empty)
        p->pending_end = false;
      else if ((st = parse_head(p)))
        return st;
    } else if (is(name, len, "results") && !seen_body) {
      seen_body = true;
      if (p->el.empty)
        p->pending_end = false;
      else if ((st = parse_results(p)))
        return st;
    } else if (is(name, len, "boolean") && !seen_body) {
      seen_body = true;
      if ((st = read_text(p, "boolean")))
        return st;
      size_t s = 0, e = p->text.len;
      while (s < e && is_space(p->text.data[s]))
        s++;
      while (e > s && is_space(p->text.data[e - 1]))
        e--;
      if (e - s == 4 && memcmp(p->text.data + s, "true", 4) == 0)
        sila_results_set_set_boolean(p->rs, true);
      else if (e - s == 5 && memcmp(p->text.data + s, "false", 5) == 0)
        sila_results_set_set_boolean(p->rs, false);
      else
        return xerr(p, at, "<boolean> must hold true or false");
    } else if ((st = skip_element(p, 1))) {
      return st;
    }
  }
  if (!seen_body)
    return xerr(p, at, "neither <results> nor <boolean> is present");
  /* Only comments, PIs and blanks may follow the root element. */
  at = p->pos;
  if ((st = next_tag(p, &ev, &name, &len)))
    return st;
  if (ev != EV_EOF)
    return xerr(p, at, "content after the root element");
  return SILA_OK;
}

SilaStatus sila_results_parse_xml(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err) {
  XmlParse p;
  memset(&p, 0, sizeof p);
  p.d = data;
  p.n = len;
  p.rs = rs;
  p.err = err;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    p.pos = 3;
  SilaStatus st = parse_doc(&p);
  sila_buf_free(&p.text);
  sila_buf_free(&p.abuf);
  return st;
}
