/* sila_rdf_write.c — writer object, N-Triples, N-Quads, Turtle and TriG. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_internal.h"
#include "rdf_writer.h"

static const char RDF_TYPE[] = SILA_NS_RDF "type";

/* The names callers know, for base's sinks (sila_term.h). */
SilaStatus sila_rdf_write_to_buf(void *buf, const char *data, size_t len) {
  return sila_buf_sink(buf, data, len);
}

SilaStatus sila_rdf_write_to_file(void *file, const char *data, size_t len) {
  return sila_file_sink(file, data, len);
}

SilaStatus rdf_writer_nomem(SilaRdfWriter *w) {
  if (w->st == SILA_OK)
    w->st = SILA_ERR_NOMEM;
  return w->st;
}

SilaStatus rdf_writer_refuse(SilaRdfWriter *w, SilaStatus st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->problem, sizeof w->problem, fmt, ap);
  va_end(ap);
  return st;
}

void rdf_term_for_message(const SilaTerm *t, char *out, size_t max) {
  SilaBuf b = SILA_BUF_INIT;
  if (rdf_put_term_nt(&b, t) || !b.data)
    snprintf(out, max, "(a term)");
  else if (b.len < max)
    snprintf(out, max, "%s", b.data);
  else
    snprintf(out, max, "%.*s…", (int)(max > 8 ? max - 8 : 0), b.data);
  sila_buf_free(&b);
}

const char *sila_rdf_writer_problem(const SilaRdfWriter *w) { return w->problem; }

SilaStatus rdf_writer_flush(SilaRdfWriter *w, bool force) {
  if (w->st != SILA_OK)
    return w->st;
  if (w->out.len && (force || w->out.len >= WRITER_FLUSH_AT)) {
    w->st = w->write_fn(w->ctx, w->out.data, w->out.len);
    w->out.len = 0;
  }
  return w->st;
}

bool sila_rdf_blank_label_valid(const char *label, size_t len) {
  if (!len || label[len - 1] == '.')
    return false;
  size_t i = 0;
  bool first = true;
  while (i < len) {
    uint32_t cp;
    int n = sila_utf8_decode((const unsigned char *)label + i, len - i, &cp);
    if (!n)
      return false;
    bool ok = first ? (rdf_is_pn_chars_u(cp) || (cp >= '0' && cp <= '9'))
                    : (rdf_is_pn_chars(cp) || cp == '.');
    if (!ok)
      return false;
    first = false;
    i += (size_t)n;
  }
  return true;
}

/* Labels that start with the escape lead "x-" are escaped too, so that
 * escaped and verbatim labels can never coincide. */
static bool escape_lead(const char *label, size_t len) {
  return len >= 2 && label[0] == 'x' && label[1] == '-';
}

int rdf_put_label(SilaBuf *b, const char *label, size_t len, bool xml) {
  bool verbatim = !escape_lead(label, len) &&
                  (xml ? rdf_xml_label_ok(label, len) : sila_rdf_blank_label_valid(label, len));
  if (verbatim)
    return sila_buf_append(b, label, len);
  if (sila_buf_append(b, "x-", 2))
    return -1;
  for (size_t i = 0; i < len; i++)
    if (sila_buf_printf(b, "%02x", (unsigned char)label[i]))
      return -1;
  return 0;
}

bool rdf_xml_label_ok(const char *label, size_t len) {
  if (!len)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c = label[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
    if (!ok)
      return false;
  }
  return true;
}

int rdf_put_blank(SilaBuf *b, const char *label, size_t len) {
  if (sila_buf_append(b, "_:", 2))
    return -1;
  return rdf_put_label(b, label, len, false);
}

/* PN_PREFIX (or empty): PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)? */
static bool prefix_name_ok(const char *name) {
  size_t len = strlen(name), i = 0;
  if (len && name[len - 1] == '.')
    return false;
  while (i < len) {
    uint32_t cp;
    int n = sila_utf8_decode((const unsigned char *)name + i, len - i, &cp);
    if (!n || !(i == 0 ? rdf_is_pn_chars_base(cp) : (rdf_is_pn_chars(cp) || cp == '.')))
      return false;
    i += (size_t)n;
  }
  return true;
}

SilaRdfWriter *sila_rdf_writer_new(SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                                   const SilaPrefix *prefixes) {
  if (fmt <= SILA_RDF_UNKNOWN || fmt > SILA_RDF_JSONLD || !write_fn)
    return NULL;
  SilaRdfWriter *w = sila_calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->fmt = fmt;
  w->write_fn = write_fn;
  w->ctx = ctx;
  size_t n = 0;
  while (prefixes && prefixes[n].prefix && prefixes[n].iri)
    n++;
  if (n) {
    w->prefixes = sila_calloc(n, sizeof *w->prefixes);
    if (!w->prefixes)
      goto fail;
    for (size_t i = 0; i < n; i++) {
      if (!prefix_name_ok(prefixes[i].prefix))
        continue;
      SilaPrefix *d = &w->prefixes[w->nprefix++];
      d->prefix = sila_strdup(prefixes[i].prefix);
      d->iri = sila_strdup(prefixes[i].iri);
      if (!d->prefix || !d->iri)
        goto fail;
    }
  }
  return w;
fail:
  sila_rdf_writer_free(w);
  return NULL;
}

SilaStatus sila_rdf_writer_set_jsonld_form(SilaRdfWriter *w, SilaJsonLdForm form) {
  if (w->started)
    return SILA_ERR_INVALID;
  w->jsonld_form = form;
  return SILA_OK;
}

void sila_rdf_writer_free(SilaRdfWriter *w) {
  if (!w)
    return;
  if (w->raptor)
    rdf_rdfxml_writer_free(w);
  for (size_t i = 0; i < w->nprefix; i++) {
    free((char *)w->prefixes[i].prefix);
    free((char *)w->prefixes[i].iri);
  }
  free(w->prefixes);
  sila_buf_free(&w->out);
  sila_buf_free(&w->cur_g);
  sila_buf_free(&w->cur_s);
  sila_buf_free(&w->cur_p);
  sila_buf_free(&w->node_preds);
  sila_buf_free(&w->scratch);
  sila_buf_free(&w->key_s);
  sila_buf_free(&w->key_p);
  sila_buf_free(&w->key_g);
  free(w);
}

/* --- N-Triples / N-Quads --- */

/* A string in RDF 1.2 canonical N-Triples: ECHAR for \b \t \n \f \r \" \\,
 * \u00XX for the other C0 controls and DEL, \uFFFE and \uFFFF escaped,
 * every other character as it is. */
static int put_string_c14n(SilaBuf *b, const char *s, size_t n) {
  if (sila_buf_reserve(b, n + 2))
    return -1;
  b->data[b->len++] = '"';
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[8];
    size_t skip = 1;
    switch (c) {
    case '\b': esc = "\\b"; break;
    case '\t': esc = "\\t"; break;
    case '\n': esc = "\\n"; break;
    case '\f': esc = "\\f"; break;
    case '\r': esc = "\\r"; break;
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        snprintf(u, sizeof u, "\\u%04X", c);
        esc = u;
      } else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
                 ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
        esc = (unsigned char)s[i + 2] == 0xBE ? "\\uFFFE" : "\\uFFFF";
        skip = 3;
      }
    }
    if (!esc)
      continue;
    if (sila_buf_append(b, s + start, i - start) || sila_buf_puts(b, esc))
      return -1;
    i += skip - 1;
    start = i + 1;
  }
  if (sila_buf_append(b, s + start, n - start))
    return -1;
  return sila_buf_putc(b, '"');
}

/* The N-Triples form the N-Triples and N-Quads writers give: RDF 1.2
 * canonical N-Triples (language tags in lower case, the escapes above),
 * blank node labels made valid (inside triple terms too). */
static int put_term_nt_at(SilaBuf *b, const SilaTerm *t, int depth) {
  if (t->kind == SILA_TERM_BLANK)
    return rdf_put_blank(b, t->value, t->value_len);
  if (t->kind == SILA_TERM_LITERAL) {
    if (put_string_c14n(b, t->value, t->value_len))
      return -1;
    if (t->lang) {
      if (sila_buf_putc(b, '@'))
        return -1;
      for (size_t i = 0; i < t->lang_len; i++) {
        char c = t->lang[i];
        if (sila_buf_putc(b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c))
          return -1;
      }
      return 0;
    }
    if (t->datatype)
      return sila_buf_append(b, "^^", 2) || sila_buf_put_iri_nt(b, t->datatype, t->datatype_len) ? -1 : 0;
    return 0;
  }
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    if (depth >= SILA_TRIPLE_DEPTH_MAX || sila_buf_append(b, "<<( ", 4))
      return -1;
    for (int i = 0; i < 3; i++)
      if (put_term_nt_at(b, &t->triple[i], depth + 1) || sila_buf_putc(b, ' '))
        return -1;
    return sila_buf_append(b, ")>>", 3);
  }
  return sila_buf_put_term_nt(b, t);
}

int rdf_put_term_nt(SilaBuf *b, const SilaTerm *t) { return put_term_nt_at(b, t, 0); }

static SilaStatus nt_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                          const SilaTerm *o, const SilaTerm *g) {
  SilaBuf *b = &w->out;
  if (rdf_put_term_nt(b, s) || sila_buf_putc(b, ' ') || rdf_put_term_nt(b, p) || sila_buf_putc(b, ' ') ||
      rdf_put_term_nt(b, o))
    return rdf_writer_nomem(w);
  if (g && w->fmt == SILA_RDF_NQUADS && (sila_buf_putc(b, ' ') || rdf_put_term_nt(b, g)))
    return rdf_writer_nomem(w);
  if (sila_buf_puts(b, " .\n"))
    return rdf_writer_nomem(w);
  return rdf_writer_flush(w, false);
}

/* --- Turtle / TriG --- */

static bool local_ok(const char *s, size_t n) {
  size_t i = 0;
  bool first = true;
  if (n && s[n - 1] == '.')
    return false;
  while (i < n) {
    uint32_t cp;
    int l = sila_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!l)
      return false;
    bool ok;
    if (cp == ':')
      ok = true;
    else if (cp == '%')
      ok = i + 2 < n && sila_hex_value((unsigned char)s[i + 1]) >= 0 && sila_hex_value((unsigned char)s[i + 2]) >= 0;
    else if (first)
      ok = rdf_is_pn_chars_u(cp) || (cp >= '0' && cp <= '9');
    else
      ok = rdf_is_pn_chars(cp) || cp == '.';
    if (!ok)
      return false;
    first = false;
    i += (size_t)l;
  }
  return true;
}

/* Writes an IRI as a prefixed name when a declared prefix fits, else <...>. */
static int put_iri_ttl(SilaRdfWriter *w, const char *iri, size_t len) {
  const SilaPrefix *best = NULL;
  size_t best_len = 0;
  for (size_t i = 0; i < w->nprefix; i++) {
    size_t l = strlen(w->prefixes[i].iri);
    if (l <= len && l >= best_len && memcmp(iri, w->prefixes[i].iri, l) == 0 &&
        local_ok(iri + l, len - l)) {
      best = &w->prefixes[i];
      best_len = l;
    }
  }
  if (best)
    return sila_buf_puts(&w->out, best->prefix) || sila_buf_putc(&w->out, ':') ||
                   sila_buf_append(&w->out, iri + best_len, len - best_len)
               ? -1
               : 0;
  return sila_buf_put_iri_nt(&w->out, iri, len);
}

static bool is_integer(const char *s, size_t n) {
  size_t i = 0;
  if (n && (s[0] == '+' || s[0] == '-'))
    i++;
  if (i == n)
    return false;
  for (; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

static int put_term_ttl_at(SilaRdfWriter *w, const SilaTerm *t, int depth);
static int put_term_ttl(SilaRdfWriter *w, const SilaTerm *t) { return put_term_ttl_at(w, t, 0); }

static int put_term_ttl_at(SilaRdfWriter *w, const SilaTerm *t, int depth) {
  SilaBuf *b = &w->out;
  switch (t->kind) {
  case SILA_TERM_TRIPLE: /* RDF 1.2 Turtle: <<( s p o )>> */
    if (!t->triple || depth >= SILA_TRIPLE_DEPTH_MAX || sila_buf_append(b, "<<( ", 4))
      return -1;
    for (int i = 0; i < 3; i++)
      if (put_term_ttl_at(w, &t->triple[i], depth + 1) || sila_buf_putc(b, ' '))
        return -1;
    return sila_buf_append(b, ")>>", 3);
  case SILA_TERM_IRI:
    return put_iri_ttl(w, t->value, t->value_len);
  case SILA_TERM_BLANK:
    return rdf_put_blank(b, t->value, t->value_len);
  case SILA_TERM_LITERAL: {
    if (t->datatype && sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "integer") &&
        is_integer(t->value, t->value_len))
      return sila_buf_append(b, t->value, t->value_len);
    if (t->datatype && sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "boolean") &&
        (sila_iri_is(t->value, t->value_len, "true") || sila_iri_is(t->value, t->value_len, "false")))
      return sila_buf_append(b, t->value, t->value_len);
    if (sila_buf_put_string_nt(b, t->value, t->value_len))
      return -1;
    if (t->lang)
      return sila_buf_putc(b, '@') || sila_buf_append(b, t->lang, t->lang_len) ? -1 : 0;
    if (t->datatype)
      return sila_buf_append(b, "^^", 2) || put_iri_ttl(w, t->datatype, t->datatype_len) ? -1 : 0;
    return 0;
  }
  default:
    return -1;
  }
}

static int put_key(SilaBuf *key, const SilaTerm *t) {
  key->len = 0;
  return rdf_put_term_nt(key, t);
}

static bool same_key(const SilaBuf *key, const SilaTerm *t, SilaBuf *scratch) {
  scratch->len = 0;
  if (rdf_put_term_nt(scratch, t))
    return false;
  return scratch->len == key->len && memcmp(scratch->data, key->data, key->len) == 0;
}

static int write_prefixes(SilaRdfWriter *w) {
  for (size_t i = 0; i < w->nprefix; i++) {
    const char *iri = w->prefixes[i].iri;
    if (sila_buf_printf(&w->out, "@prefix %s: ", w->prefixes[i].prefix) ||
        sila_buf_put_iri_nt(&w->out, iri, strlen(iri)) || sila_buf_puts(&w->out, " .\n"))
      return -1;
  }
  if (w->nprefix && sila_buf_putc(&w->out, '\n'))
    return -1;
  return 0;
}

/* Ends the open statement (and TriG graph block when `close_graph`). */
static int ttl_close(SilaRdfWriter *w, bool close_graph) {
  if (w->has_s && sila_buf_puts(&w->out, " .\n"))
    return -1;
  w->has_s = false;
  if (close_graph && w->in_block) {
    if (sila_buf_puts(&w->out, "}\n"))
      return -1;
    w->in_block = false;
  }
  return 0;
}

static SilaStatus ttl_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                           const SilaTerm *o, const SilaTerm *g) {
  SilaBuf *scratch = &w->scratch;
  SilaBuf *b = &w->out;
  int rc = 0;
  if (w->fmt == SILA_RDF_TRIG) {
    bool same_graph = g ? (w->has_g && same_key(&w->cur_g, g, scratch)) : !w->has_g;
    if (!same_graph) {
      rc |= ttl_close(w, true);
      if (g) {
        rc |= put_key(&w->cur_g, g);
        rc |= put_term_ttl(w, g);
        rc |= sila_buf_puts(b, " {\n");
        w->in_block = true;
      }
      w->has_g = g != NULL;
    }
  }
  const char *indent = w->in_block ? "  " : "";
  if (w->has_s && same_key(&w->cur_s, s, scratch)) {
    if (same_key(&w->cur_p, p, scratch)) {
      rc |= sila_buf_printf(b, " ,\n%s    ", indent);
    } else {
      rc |= sila_buf_printf(b, " ;\n%s  ", indent);
      rc |= put_key(&w->cur_p, p);
      if (sila_iri_is(p->value, p->value_len, RDF_TYPE))
        rc |= sila_buf_putc(b, 'a');
      else
        rc |= put_term_ttl(w, p);
      rc |= sila_buf_putc(b, ' ');
    }
  } else {
    rc |= ttl_close(w, false);
    rc |= sila_buf_puts(b, indent);
    rc |= put_key(&w->cur_s, s) | put_key(&w->cur_p, p);
    rc |= put_term_ttl(w, s);
    rc |= sila_buf_putc(b, ' ');
    if (sila_iri_is(p->value, p->value_len, RDF_TYPE))
      rc |= sila_buf_putc(b, 'a');
    else
      rc |= put_term_ttl(w, p);
    rc |= sila_buf_putc(b, ' ');
    w->has_s = true;
  }
  rc |= put_term_ttl(w, o);
  if (rc)
    return rdf_writer_nomem(w);
  return rdf_writer_flush(w, false);
}

static SilaStatus start(SilaRdfWriter *w) {
  w->started = true;
  switch (w->fmt) {
  case SILA_RDF_TURTLE:
  case SILA_RDF_TRIG:
    return write_prefixes(w) ? rdf_writer_nomem(w) : SILA_OK;
  case SILA_RDF_RDFXML:
    return rdf_rdfxml_writer_start(w);
  default:
    return SILA_OK;
  }
}

SilaStatus sila_rdf_writer_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                                const SilaTerm *o, const SilaTerm *g) {
  if (w->st != SILA_OK)
    return w->st;
  if (w->finished)
    return SILA_ERR_INVALID;
  w->problem[0] = '\0';
  if ((s->kind != SILA_TERM_IRI && s->kind != SILA_TERM_BLANK) || p->kind != SILA_TERM_IRI ||
      (o->kind != SILA_TERM_IRI && o->kind != SILA_TERM_BLANK && o->kind != SILA_TERM_LITERAL &&
       !(o->kind == SILA_TERM_TRIPLE && o->triple)) ||
      (g && g->kind != SILA_TERM_IRI && g->kind != SILA_TERM_BLANK))
    return rdf_writer_refuse(w, SILA_ERR_INVALID, "a term that cannot stand where it is");
  if (o->kind == SILA_TERM_TRIPLE && w->fmt == SILA_RDF_JSONLD) {
    char text[256];
    rdf_term_for_message(o, text, sizeof text);
    return rdf_writer_refuse(w, SILA_ERR_UNSUPPORTED,
                             "JSON-LD cannot carry the RDF 1.2 triple term %s (choose Turtle, "
                             "TriG, N-Triples, N-Quads or RDF/XML)", text);
  }
  if (!w->started && start(w) != SILA_OK)
    return w->st;
  switch (w->fmt) {
  case SILA_RDF_NTRIPLES:
  case SILA_RDF_NQUADS:
    return nt_quad(w, s, p, o, g);
  case SILA_RDF_TURTLE:
    return ttl_quad(w, s, p, o, NULL);
  case SILA_RDF_TRIG:
    return ttl_quad(w, s, p, o, g);
  case SILA_RDF_JSONLD:
    return rdf_jsonld_quad(w, s, p, o, g);
  case SILA_RDF_RDFXML:
    return rdf_rdfxml_quad(w, s, p, o);
  default:
    return SILA_ERR_INVALID;
  }
}

SilaStatus sila_rdf_writer_finish(SilaRdfWriter *w) {
  if (w->st != SILA_OK || w->finished)
    return w->st;
  if (!w->started && start(w) != SILA_OK)
    return w->st;
  w->finished = true;
  switch (w->fmt) {
  case SILA_RDF_TURTLE:
  case SILA_RDF_TRIG:
    if (ttl_close(w, true))
      return rdf_writer_nomem(w);
    break;
  case SILA_RDF_JSONLD:
    if (rdf_jsonld_finish(w) != SILA_OK)
      return w->st;
    break;
  case SILA_RDF_RDFXML:
    if (rdf_rdfxml_finish(w) != SILA_OK)
      return w->st;
    break;
  default:
    break;
  }
  return rdf_writer_flush(w, true);
}
