/* rdf_rdfxml_frames.c — what the RDF/XML grammar works with
 * (rdf_rdfxml.h): terms a frame owns (OTerm), the stack of frames (one per
 * open element, with the language, direction and RDF 1.2 version in
 * scope), statements out to the sink (checked: IRIs, datatypes, language
 * tags) or captured for the innermost rdf:parseType="Triple", and IRIs
 * resolved against the in-scope xml:base. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_rdfxml.h"

/* --- terms ------------------------------------------------------------------ */

void rdfxml_oterm_clear(OTerm *t) {
  t->kind = SILA_TERM_NONE;
  t->v.len = t->dt.len = t->lang.len = 0;
}

void rdfxml_oterm_free(OTerm *t) {
  sila_buf_free(&t->v);
  sila_buf_free(&t->dt);
  sila_buf_free(&t->lang);
  if (t->tt) {
    for (int i = 0; i < 3; i++)
      rdfxml_oterm_free(&t->tt[i]);
    free(t->tt);
    t->tt = NULL;
  }
}

int rdfxml_oterm_copy(OTerm *d, const OTerm *s) {
  rdfxml_oterm_clear(d);
  d->kind = s->kind;
  if (sila_buf_append(&d->v, s->v.data ? s->v.data : "", s->v.len) ||
      sila_buf_append(&d->dt, s->dt.data ? s->dt.data : "", s->dt.len) ||
      sila_buf_append(&d->lang, s->lang.data ? s->lang.data : "", s->lang.len))
    return -1;
  if (s->kind == SILA_TERM_TRIPLE) {
    if (!d->tt && !(d->tt = sila_calloc(3, sizeof *d->tt)))
      return -1;
    for (int i = 0; i < 3; i++)
      if (rdfxml_oterm_copy(&d->tt[i], &s->tt[i]))
        return -1;
  }
  return 0;
}

/* A view of t; triple terms use `parts` (3 per nesting level, from `spare`). */
static SilaTerm oview(const OTerm *t, SilaTerm *spare, size_t *used, size_t max) {
  SilaTerm v = {t->kind, t->v.data ? t->v.data : "", t->v.len, NULL, 0, NULL, 0, NULL};
  if (t->kind == SILA_TERM_LITERAL) {
    if (t->lang.len) {
      v.lang = t->lang.data;
      v.lang_len = t->lang.len;
    } else if (t->dt.len) {
      v.datatype = t->dt.data;
      v.datatype_len = t->dt.len;
    }
  } else if (t->kind == SILA_TERM_TRIPLE && *used + 3 <= max) {
    SilaTerm *parts = spare + *used;
    *used += 3;
    for (int i = 0; i < 3; i++)
      parts[i] = oview(&t->tt[i], spare, used, max);
    v = sila_term_triple(parts);
  }
  return v;
}

/* --- statements ------------------------------------------------------------- */

/* The capture of the innermost parseType="Triple" frame, if any. */
static Frame *capture_frame(XmlParse *X) {
  for (size_t i = X->depth; i > 0; i--)
    if (X->frames[i - 1].kind == F_TRIPLE)
      return &X->frames[i - 1];
  return NULL;
}

static bool term_checked(XmlParse *X, const SilaTerm *t) {
  if (t->kind == SILA_TERM_IRI && !sila_iri_valid(t->value, t->value_len))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "invalid IRI <%.*s>",
                    t->value_len > 200 ? 200 : (int)t->value_len, t->value);
  if (t->datatype && !sila_iri_valid(t->datatype, t->datatype_len))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "invalid datatype IRI <%.*s>",
                    t->datatype_len > 200 ? 200 : (int)t->datatype_len, t->datatype);
  if (t->lang && !sila_lang_valid(t->lang, t->lang_len))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "invalid language tag \"%.*s\"",
                    t->lang_len > 100 ? 100 : (int)t->lang_len, t->lang);
  return true;
}

/* Emits (s, p, o), or captures it for the innermost parseType="Triple". */
bool rdfxml_emit3(XmlParse *X, const OTerm *s, const OTerm *p, const OTerm *o) {
  if (X->st != SILA_OK)
    return false;
  Frame *c = capture_frame(X);
  if (c) {
    if (c->ncap++ > 0)
      return rdfxml_error(X, SILA_ERR_SYNTAX,
                      "rdf:parseType=\"Triple\" holds exactly one triple (one node element "
                      "with one property element)");
    return !(rdfxml_oterm_copy(&c->cap[0], s) || rdfxml_oterm_copy(&c->cap[1], p) ||
             rdfxml_oterm_copy(&c->cap[2], o)) ||
           rdfxml_nomem(X);
  }
  SilaTerm spare[3 * 3 * SILA_TRIPLE_DEPTH_MAX];
  size_t used = 0;
  SilaTerm sv = oview(s, spare, &used, 3 * 3 * SILA_TRIPLE_DEPTH_MAX);
  SilaTerm pv = oview(p, spare, &used, 3 * 3 * SILA_TRIPLE_DEPTH_MAX);
  SilaTerm ov = oview(o, spare, &used, 3 * 3 * SILA_TRIPLE_DEPTH_MAX);
  if (!term_checked(X, &sv) || !term_checked(X, &pv) || !term_checked(X, &ov))
    return false;
  SilaStatus rc = X->sink(X->sink_ctx, &sv, &pv, &ov, NULL);
  if (rc != SILA_OK)
    return rdfxml_error(X, rc, "statement rejected: %s", sila_strerror(rc));
  return true;
}

bool rdfxml_set_iri(XmlParse *X, OTerm *t, const char *iri, size_t n) {
  rdfxml_oterm_clear(t);
  t->kind = SILA_TERM_IRI;
  return !sila_buf_append(&t->v, iri, n) || rdfxml_nomem(X);
}

bool rdfxml_set_blank(XmlParse *X, OTerm *t, const char *label, size_t n) {
  rdfxml_oterm_clear(t);
  t->kind = SILA_TERM_BLANK;
  return !sila_buf_append(&t->v, label, n) || rdfxml_nomem(X);
}

bool rdfxml_fresh_blank(XmlParse *X, OTerm *t) {
  char label[32];
  int n = snprintf(label, sizeof label, "-x%lu", ++X->blank_counter);
  return rdfxml_set_blank(X, t, label, (size_t)n);
}

bool rdfxml_emit_iri(XmlParse *X, const OTerm *s, const char *p, const OTerm *o) {
  OTerm pt = {0};
  bool ok = rdfxml_set_iri(X, &pt, p, strlen(p)) && rdfxml_emit3(X, s, &pt, o);
  rdfxml_oterm_free(&pt);
  return ok;
}

/* --- values ----------------------------------------------------------------- */

/* An IRI an attribute gives is checked where it is written (X->at), not
 * later where its statement goes out. */
static bool iri_checked(XmlParse *X, const SilaBuf *iri) {
  if (sila_iri_valid(iri->data ? iri->data : "", iri->len))
    return true;
  return rdfxml_error(X, SILA_ERR_SYNTAX, "invalid IRI <%.*s>",
                      iri->len > 200 ? 200 : (int)iri->len, iri->data ? iri->data : "");
}

/* Resolves ref against the in-scope base into out (a valid IRI). */
bool rdfxml_resolve(XmlParse *X, const char *ref, SilaBuf *out) {
  raptor_uri *b = raptor_sax2_inscope_base_uri(X->sax2);
  size_t bl = 0;
  const char *base = b ? (const char *)raptor_uri_as_counted_string(b, &bl) : NULL;
  out->len = 0;
  size_t rl = strlen(ref);
  if (!base || sila_iri_has_scheme(ref, rl))
    return (!sila_buf_append(out, ref, rl) || rdfxml_nomem(X)) && iri_checked(X, out);
  /* xml:base may carry a fragment: it is not part of the base */
  const char *hash = memchr(base, '#', bl);
  if (hash)
    bl = (size_t)(hash - base);
  if (sila_iri_resolve_buf(out, base, bl, ref, rl))
    return rdfxml_nomem(X);
  if (!out->data && sila_buf_puts(out, ""))
    return rdfxml_nomem(X);
  return iri_checked(X, out);
}

/* --- frames ----------------------------------------------------------------- */

/* The in-scope language (with an RDF 1.2 base direction) into out. */
bool rdfxml_literal_lang(XmlParse *X, Frame *f, SilaBuf *out) {
  out->len = 0;
  if (!f->lang.len)
    return true;
  if (sila_buf_append(out, f->lang.data, f->lang.len))
    return rdfxml_nomem(X);
  if (f->dir.len &&
      (sila_buf_append(out, "--", 2) || sila_buf_append(out, f->dir.data, f->dir.len)))
    return rdfxml_nomem(X);
  return true;
}

Frame *rdfxml_push(XmlParse *X, FrameKind kind) {
  if (X->depth >= MAX_XML_DEPTH) {
    rdfxml_error(X, SILA_ERR_LIMIT, "elements nested too deep");
    return NULL;
  }
  if (X->depth == X->cap) {
    size_t cap = X->cap ? X->cap * 2 : 32;
    Frame *n = sila_realloc(X->frames, cap * sizeof *n);
    if (!n) {
      rdfxml_nomem(X);
      return NULL;
    }
    memset(n + X->cap, 0, (cap - X->cap) * sizeof *n);
    X->frames = n;
    X->cap = cap;
  }
  Frame *f = &X->frames[X->depth++];
  Frame *parent = X->depth > 1 ? &X->frames[X->depth - 2] : NULL;
  f->kind = kind;
  f->at = f->at_resource = f->at_nodeid = f->at_datatype = f->at_ann = X->at;
  f->qname.len = 0;
  if (sila_buf_append(&f->qname, X->elname.data ? X->elname.data : "", X->elname.len))
    rdfxml_nomem(X);
  rdfxml_oterm_clear(&f->subject);
  rdfxml_oterm_clear(&f->object);
  f->pred.len = f->text.len = f->id.len = f->resource.len = f->nodeid.len = 0;
  f->datatype.len = f->ann.len = f->ann_node.len = 0;
  if (f->xml)
    f->xml->len = 0;
  f->has_id = f->has_resource = f->has_nodeid = f->has_datatype = false;
  f->has_ann = f->has_ann_node = f->text_nonblank = f->has_node = false;
  f->li = 1;
  f->parent = 0;
  f->el = NULL;
  f->nitems = 0;
  f->ncap = 0;
  rdfxml_literal_writer_free(f);
  f->lang.len = f->dir.len = 0;
  /* language and direction in scope */
  const unsigned char *lang = raptor_sax2_inscope_xml_language(X->sax2);
  if (lang && sila_buf_puts(&f->lang, (const char *)lang))
    rdfxml_nomem(X);
  if (parent && parent->dir.len && sila_buf_append(&f->dir, parent->dir.data, parent->dir.len))
    rdfxml_nomem(X);
  f->v12 = parent && parent->v12;
  return X->st == SILA_OK ? f : NULL;
}

void rdfxml_frame_free(Frame *f) {
  rdfxml_oterm_free(&f->subject);
  rdfxml_oterm_free(&f->object);
  SilaBuf *bufs[] = {&f->pred, &f->text, &f->id, &f->resource, &f->nodeid, &f->datatype,
                     &f->ann, &f->ann_node, &f->lang, &f->dir, &f->qname};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    sila_buf_free(bufs[i]);
  for (size_t i = 0; i < f->capitems; i++)
    rdfxml_oterm_free(&f->items[i]);
  free(f->items);
  for (int i = 0; i < 3; i++)
    rdfxml_oterm_free(&f->cap[i]);
  if (f->xml)
    sila_buf_free(f->xml);
  free(f->xml);
  rdfxml_literal_writer_free(f);
}

void rdfxml_literal_writer_free(Frame *f) {
  if (f->xw)
    raptor_free_xml_writer(f->xw);
  if (f->io)
    raptor_free_iostream(f->io);
  if (f->ns)
    raptor_free_namespaces(f->ns);
  f->xw = NULL;
  f->io = NULL;
  f->ns = NULL;
}
