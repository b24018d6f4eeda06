/* rdf_write_rdfxml.c — the RDF/XML writer (RDF 1.2 RDF/XML).
 *
 * One rdf:Description per run of statements with the same subject (the
 * writer is fed sorted by subject), one property element per statement:
 *   IRI object        <p rdf:resource="…"/>
 *   blank object      <p rdf:nodeID="…"/>
 *   literal           <p [xml:lang="…" [its:dir="ltr|rtl" its:version="2.0"]
 *                        | rdf:datatype="…"]>text</p>
 *   triple term       <p rdf:parseType="Triple"><rdf:Description …>
 *                        <p2 …/></rdf:Description></p>   (nesting as needed)
 * A base direction ("ar--rtl") is written as RDF 1.2 RDF/XML says: the
 * language in xml:lang, the direction in its:dir with its:version="2.0";
 * rdf:RDF announces rdf:version="1.2", without which RDF 1.2 readers
 * ignore parseType="Triple" and its:dir.
 * rdf:XMLLiteral values are written as typed text (rdf:datatype), which
 * reads back as the same lexical form.  A predicate is split into a
 * namespace and an NCName local part: a declared prefix when one fits,
 * else a namespace declared on the element itself; a predicate that does
 * not end in an NCName, or a term with a character XML 1.0 cannot carry,
 * makes the statement SILA_ERR_INVALID (refused, the writer stays usable). */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_internal.h"
#include "rdf_writer.h"

#define ITS_NS "http://www.w3.org/2005/11/its"

typedef struct {
  SilaBuf subject; /* N-Triples key of the open rdf:Description */
  bool open;
} XmlOut;

/* XML 1.0 cannot carry C0 controls other than tab, LF and CR. */
static bool xml_safe(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      return false;
  }
  return true;
}

static bool term_xml_safe(const SilaTerm *t, int depth) {
  if (t->kind == SILA_TERM_TRIPLE)
    return t->triple && depth < SILA_TRIPLE_DEPTH_MAX && term_xml_safe(&t->triple[0], depth + 1) &&
           term_xml_safe(&t->triple[1], depth + 1) && term_xml_safe(&t->triple[2], depth + 1);
  return xml_safe(t->value, t->value_len) && (!t->lang || xml_safe(t->lang, t->lang_len)) &&
         (!t->datatype || xml_safe(t->datatype, t->datatype_len));
}

/* Text or attribute value with &, <, >, " escaped; CR and (in attributes)
 * tab and LF as character references so they survive normalisation. */
static int put_esc(SilaBuf *b, const char *s, size_t n, bool attr) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    const char *e = NULL;
    switch (s[i]) {
    case '&': e = "&amp;"; break;
    case '<': e = "&lt;"; break;
    case '>': e = "&gt;"; break;
    case '"': e = attr ? "&quot;" : NULL; break;
    case '\r': e = "&#13;"; break;
    case '\n': e = attr ? "&#10;" : NULL; break;
    case '\t': e = attr ? "&#9;" : NULL; break;
    default: break;
    }
    if (!e)
      continue;
    if (sila_buf_append(b, s + start, i - start) || sila_buf_puts(b, e))
      return -1;
    start = i + 1;
  }
  return sila_buf_append(b, s + start, n - start);
}

static bool ncname_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool ncname_char(unsigned char c) {
  return ncname_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Where the local part of predicate IRI p starts (the longest NCName
 * suffix), or 0 when there is none. */
static size_t local_start(const char *p, size_t n) {
  size_t i = n;
  while (i > 0 && ncname_char((unsigned char)p[i - 1]))
    i--;
  while (i < n && !ncname_start((unsigned char)p[i]))
    i++; /* a local name cannot start with a digit, '-' or '.' */
  return i < n && i > 0 ? i : 0;
}

/* Writes "<qname" (open) or "</qname" (close) for predicate p; an
 * undeclared namespace is declared on the element as xmlns:ns0. */
static int put_pred_name(SilaRdfWriter *w, const SilaTerm *p, bool open) {
  SilaBuf *b = &w->out;
  size_t ls = local_start(p->value, p->value_len);
  const char *prefix = NULL;
  for (size_t i = 0; i < w->nprefix; i++) {
    const SilaPrefix *px = &w->prefixes[i];
    if (px->prefix[0] && strlen(px->iri) == ls && !memcmp(px->iri, p->value, ls)) {
      prefix = px->prefix;
      break;
    }
  }
  if (ls == sizeof SILA_NS_RDF - 1 && !memcmp(p->value, SILA_NS_RDF, ls))
    prefix = "rdf";
  int rc = sila_buf_puts(b, open ? "<" : "</") || sila_buf_puts(b, prefix ? prefix : "ns0") ||
           sila_buf_putc(b, ':') || sila_buf_append(b, p->value + ls, p->value_len - ls);
  if (!rc && open && !prefix)
    rc = sila_buf_puts(b, " xmlns:ns0=\"") || put_esc(b, p->value, ls, true) ||
         sila_buf_putc(b, '"');
  return rc ? -1 : 0;
}

static int put_node_attr(SilaBuf *b, const SilaTerm *t) {
  if (t->kind == SILA_TERM_IRI)
    return sila_buf_puts(b, " rdf:about=\"") || put_esc(b, t->value, t->value_len, true) ||
                   sila_buf_putc(b, '"')
               ? -1
               : 0;
  return sila_buf_puts(b, " rdf:nodeID=\"") || rdf_put_label(b, t->value, t->value_len, true) ||
                 sila_buf_putc(b, '"')
             ? -1
             : 0;
}

static bool pred_ok(const SilaTerm *p) { return local_start(p->value, p->value_len) > 0; }

static bool triple_preds_ok(const SilaTerm *t) {
  if (t->kind != SILA_TERM_TRIPLE)
    return true;
  return pred_ok(&t->triple[1]) && triple_preds_ok(&t->triple[2]);
}

static int put_property(SilaRdfWriter *w, const SilaTerm *p, const SilaTerm *o, int indent);

/* <rdf:Description about|nodeID> one property </rdf:Description> */
static int put_triple_node(SilaRdfWriter *w, const SilaTerm *t, int indent) {
  SilaBuf *b = &w->out;
  if (sila_buf_printf(b, "%*s<rdf:Description", indent, "") || put_node_attr(b, &t->triple[0]) ||
      sila_buf_puts(b, ">\n") || put_property(w, &t->triple[1], &t->triple[2], indent + 2) ||
      sila_buf_printf(b, "%*s</rdf:Description>\n", indent, ""))
    return -1;
  return 0;
}

static int put_property(SilaRdfWriter *w, const SilaTerm *p, const SilaTerm *o, int indent) {
  SilaBuf *b = &w->out;
  if (sila_buf_printf(b, "%*s", indent, "") || put_pred_name(w, p, true))
    return -1;
  switch (o->kind) {
  case SILA_TERM_IRI:
    return sila_buf_puts(b, " rdf:resource=\"") || put_esc(b, o->value, o->value_len, true) ||
                   sila_buf_puts(b, "\"/>\n")
               ? -1
               : 0;
  case SILA_TERM_BLANK:
    return sila_buf_puts(b, " rdf:nodeID=\"") || rdf_put_label(b, o->value, o->value_len, true) ||
                   sila_buf_puts(b, "\"/>\n")
               ? -1
               : 0;
  case SILA_TERM_TRIPLE:
    return sila_buf_puts(b, " rdf:parseType=\"Triple\">\n") ||
                   put_triple_node(w, o, indent + 2) || sila_buf_printf(b, "%*s", indent, "") ||
                   put_pred_name(w, p, false) || sila_buf_puts(b, ">\n")
               ? -1
               : 0;
  default:
    break;
  }
  int rc = 0;
  if (o->lang) {
    size_t ll = sila_lang_tag_len(o->lang, o->lang_len);
    rc = sila_buf_puts(b, " xml:lang=\"") || put_esc(b, o->lang, ll, true) || sila_buf_putc(b, '"');
    if (!rc && ll < o->lang_len) /* RDF 1.2 base direction */
      rc = sila_buf_puts(b, " its:version=\"2.0\" its:dir=\"") ||
           put_esc(b, o->lang + ll + 2, o->lang_len - ll - 2, true) || sila_buf_putc(b, '"');
  } else if (o->datatype) {
    rc = sila_buf_puts(b, " rdf:datatype=\"") || put_esc(b, o->datatype, o->datatype_len, true) ||
         sila_buf_putc(b, '"');
  }
  if (rc || sila_buf_putc(b, '>') || put_esc(b, o->value, o->value_len, false) ||
      put_pred_name(w, p, false) || sila_buf_puts(b, ">\n"))
    return -1;
  return 0;
}

SilaStatus rdf_rdfxml_writer_start(SilaRdfWriter *w) {
  XmlOut *x = sila_calloc(1, sizeof *x);
  if (!x)
    return rdf_writer_nomem(w);
  w->raptor = x;
  SilaBuf *b = &w->out;
  /* rdf:version="1.2": RDF 1.2 readers take parseType="Triple" and its:dir
   * only where a version is announced */
  int rc = sila_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"" SILA_NS_RDF
                            "\"\n         xmlns:its=\"" ITS_NS "\" rdf:version=\"1.2\"");
  for (size_t i = 0; i < w->nprefix && !rc; i++) {
    const SilaPrefix *px = &w->prefixes[i];
    /* no default namespace, and rdf/its/ns0 are Sila's own */
    if (!px->prefix[0] || !strcmp(px->prefix, "rdf") || !strcmp(px->prefix, "its") ||
        !strcmp(px->prefix, "ns0") || !strncmp(px->prefix, "xml", 3))
      continue;
    bool ok = true;
    for (const char *c = px->prefix; *c; c++)
      ok = ok && (unsigned char)*c < 0x80 && ncname_char((unsigned char)*c);
    if (!ok || !ncname_start((unsigned char)px->prefix[0]) ||
        !xml_safe(px->iri, strlen(px->iri)))
      continue;
    rc = sila_buf_printf(b, "\n         xmlns:%s=\"", px->prefix) ||
         put_esc(b, px->iri, strlen(px->iri), true) || sila_buf_putc(b, '"');
  }
  if (rc || sila_buf_puts(b, ">\n"))
    return rdf_writer_nomem(w);
  return rdf_writer_flush(w, false);
}

SilaStatus rdf_rdfxml_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                           const SilaTerm *o) {
  XmlOut *x = w->raptor;
  SilaBuf *b = &w->out;
  if (!term_xml_safe(s, 0) || !term_xml_safe(p, 0) || !term_xml_safe(o, 0))
    return rdf_writer_refuse(w, SILA_ERR_INVALID,
                             "RDF/XML (XML 1.0) cannot carry a control character of this statement");
  if (!pred_ok(p) || !triple_preds_ok(o)) {
    char text[256];
    rdf_term_for_message(p, text, sizeof text);
    return rdf_writer_refuse(w, SILA_ERR_INVALID,
                             "the predicate %s does not end in an XML name: RDF/XML cannot write it",
                             text);
  }
  w->scratch.len = 0;
  if (rdf_put_term_nt(&w->scratch, s))
    return rdf_writer_nomem(w);
  bool same = x->open && x->subject.len == w->scratch.len &&
              !memcmp(x->subject.data, w->scratch.data, w->scratch.len);
  size_t mark = b->len;
  int rc = 0;
  if (!same) {
    if (x->open)
      rc = sila_buf_puts(b, "  </rdf:Description>\n");
    rc = rc || sila_buf_puts(b, "  <rdf:Description") || put_node_attr(b, s) ||
         sila_buf_puts(b, ">\n");
  }
  if (rc || put_property(w, p, o, 4)) {
    b->len = mark; /* nothing of a refused statement */
    return rdf_writer_nomem(w);
  }
  if (!same) {
    x->open = true;
    x->subject.len = 0;
    if (sila_buf_append(&x->subject, w->scratch.data, w->scratch.len))
      return rdf_writer_nomem(w);
  }
  return rdf_writer_flush(w, false);
}

SilaStatus rdf_rdfxml_finish(SilaRdfWriter *w) {
  XmlOut *x = w->raptor;
  if (!x) { /* no statement: an empty document */
    if (rdf_rdfxml_writer_start(w) != SILA_OK)
      return w->st;
    x = w->raptor;
  }
  if ((x->open && sila_buf_puts(&w->out, "  </rdf:Description>\n")) ||
      sila_buf_puts(&w->out, "</rdf:RDF>\n"))
    return rdf_writer_nomem(w);
  x->open = false;
  return rdf_writer_flush(w, true);
}

void rdf_rdfxml_writer_free(SilaRdfWriter *w) {
  XmlOut *x = w->raptor;
  if (x)
    sila_buf_free(&x->subject);
  free(x);
  w->raptor = NULL;
}
