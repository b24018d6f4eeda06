/* rdf_rdfxml.c — the RDF/XML parser (RDF 1.2 RDF/XML): Sila's grammar
 * over raptor2's SAX2 reader (XML well-formedness, namespaces, xml:base
 * and xml:lang scoping, positions) and raptor's XML writer for the
 * canonical form of rdf:parseType="Literal" content.  The writer is Sila's
 * own too (rdf_write_rdfxml.c).
 *
 * Raptor objects live in one process-wide world (URI interning off), used
 * under a recursive mutex: raptor worlds are not thread-safe, and freeing
 * one would clean up libxml2 under other users' feet. */
#define _GNU_SOURCE /* memmem */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <libxml/xmlerror.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_internal.h"
#include "rdf_writer.h"
#include "rdf_xml_marks.h"

static pthread_mutex_t raptor_lock;
static pthread_once_t raptor_once = PTHREAD_ONCE_INIT;
static raptor_world *world;

static void init_world(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&raptor_lock, &a);
  pthread_mutexattr_destroy(&a);
  world = raptor_new_world();
  if (world) {
    raptor_world_set_flag(world, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
    if (raptor_world_open(world)) {
      raptor_free_world(world);
      world = NULL;
    }
  }
}

static raptor_world *lock_world(void) {
  pthread_once(&raptor_once, init_world);
  pthread_mutex_lock(&raptor_lock);
  return world;
}

static void unlock_world(void) { pthread_mutex_unlock(&raptor_lock); }

/* The world has one log handler and raptor cannot tell which one is set:
 * keep it here so a nested user (an RDF/XML writer called from an RDF/XML
 * parser's sink) can put back the handler it replaced.  Lock held. */
typedef struct {
  raptor_log_handler fn;
  void *data;
} LogHandler;
static LogHandler current_log;

static LogHandler push_log(raptor_log_handler fn, void *data) {
  LogHandler saved = current_log;
  current_log.fn = fn;
  current_log.data = data;
  raptor_world_set_log_handler(world, data, fn);
  return saved;
}

static void pop_log(LogHandler saved) {
  current_log = saved;
  raptor_world_set_log_handler(world, saved.data, saved.fn);
}

/* --- parser --------------------------------------------------------------
 * RDF/XML grammar (RDF 1.2 RDF/XML, section 7) driven by SAX events: a
 * stack of frames, one per open element, says what an element may be.
 * Blank nodes: rdf:nodeID values keep their label; nodes the document does
 * not name get "-x" + a counter, which no NCName can be. */

#define ITS_NS "http://www.w3.org/2005/11/its"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define MAX_XML_DEPTH 4096

typedef enum {
  F_TOP,       /* outside any element */
  F_RDF,       /* rdf:RDF: node elements */
  F_NODE,      /* a node element: property elements */
  F_PROP,      /* a property element, content not known yet */
  F_RESOURCE,  /* parseType="Resource": property elements of a new node */
  F_COLLECTION,/* parseType="Collection": node elements */
  F_TRIPLE,    /* parseType="Triple": one node element with one property */
  F_LITERAL,   /* parseType="Literal" (and unknown ones): XML content */
  F_XMLCHILD,  /* an element inside an XML literal */
  F_IGNORE,    /* parseType="Triple" without rdf:version: ignored with its content */
} FrameKind;

/* A term a frame owns: kind, value, datatype, lang; or a triple term. */
typedef struct OTerm {
  SilaTermKind kind;
  SilaBuf v, dt, lang;
  struct OTerm *tt; /* 3, for a triple term */
} OTerm;

typedef struct {
  FrameKind kind;
  OTerm subject;          /* F_NODE, F_RESOURCE: the node */
  SilaBuf pred;           /* F_PROP..: the property IRI */
  size_t parent;          /* the frame whose subject the property is about */
  unsigned long li;       /* F_NODE, F_RESOURCE: next rdf:_n */
  SilaBuf text;           /* F_PROP: character data */
  bool text_nonblank, has_node;
  OTerm object;           /* F_PROP: the node element child's subject */
  /* F_PROP attributes */
  SilaBuf id, resource, nodeid, datatype, ann, ann_node;
  bool has_id, has_resource, has_nodeid, has_datatype, has_ann, has_ann_node;
  raptor_xml_element *el; /* for property attributes of an empty property */
  /* where it starts, and its attributes the end of the element reads */
  XmlPos at, at_resource, at_nodeid, at_datatype, at_ann;
  SilaBuf qname; /* its name as written */
  /* in scope */
  SilaBuf lang, dir;
  bool v12; /* an rdf:version announcement is in scope (RDF 1.2 RDF/XML) */
  /* F_COLLECTION: the items; F_TRIPLE: the captured triple */
  OTerm *items;
  size_t nitems, capitems;
  OTerm cap[3];
  int ncap;
  /* F_LITERAL: the XML text (its own allocation: the writer keeps a
   * pointer to it while pushes may move the frames) */
  SilaBuf *xml;
  raptor_xml_writer *xw;
  raptor_iostream *io;
  raptor_namespace_stack *ns;
} Frame;

typedef struct {
  SilaQuadSink sink;
  void *sink_ctx;
  SilaError *err;
  SilaStatus st;
  raptor_sax2 *sax2;
  raptor_locator locator;
  Frame *frames;
  size_t depth, cap;
  unsigned long blank_counter;
  SilaBuf ids; /* rdf:ID values seen, as resolved IRIs, '\n'-separated */
  SilaBuf tmp, name, elname; /* elname: the element being started, as written */
  /* Positions: the markup read (rdf_xml_marks.h); the element, attribute
   * or text an error now is about; the start tag of the element event
   * being handled (valid during that event only: marks move when fed). */
  XmlMarks marks;
  XmlPos at;
  const XmlMark *tag;
  bool ending; /* the reader is told the document ended */
} XmlParse;

static void oterm_clear(OTerm *t) {
  t->kind = SILA_TERM_NONE;
  t->v.len = t->dt.len = t->lang.len = 0;
}

static void oterm_free(OTerm *t) {
  sila_buf_free(&t->v);
  sila_buf_free(&t->dt);
  sila_buf_free(&t->lang);
  if (t->tt) {
    for (int i = 0; i < 3; i++)
      oterm_free(&t->tt[i]);
    free(t->tt);
    t->tt = NULL;
  }
}

static int oterm_copy(OTerm *d, const OTerm *s) {
  oterm_clear(d);
  d->kind = s->kind;
  if (sila_buf_append(&d->v, s->v.data ? s->v.data : "", s->v.len) ||
      sila_buf_append(&d->dt, s->dt.data ? s->dt.data : "", s->dt.len) ||
      sila_buf_append(&d->lang, s->lang.data ? s->lang.data : "", s->lang.len))
    return -1;
  if (s->kind == SILA_TERM_TRIPLE) {
    if (!d->tt && !(d->tt = sila_calloc(3, sizeof *d->tt)))
      return -1;
    for (int i = 0; i < 3; i++)
      if (oterm_copy(&d->tt[i], &s->tt[i]))
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

static bool at_error(XmlParse *X, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool at_error(XmlParse *X, SilaStatus st, const char *fmt, ...) {
  if (X->st != SILA_OK)
    return false;
  char msg[SILA_ERROR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  XmlPos at = X->at.line ? X->at : xml_marks_eof(&X->marks);
  X->st = sila_error_set(X->err, st, at.line, at.col, "%s", msg);
  return false;
}

/* The name of q as written (prefix:local, or local) into out. */
static bool written_name(raptor_qname *q, SilaBuf *out) {
  const raptor_namespace *ns = raptor_qname_get_namespace(q);
  const unsigned char *prefix = ns ? raptor_namespace_get_prefix(ns) : NULL;
  out->len = 0;
  if (prefix && *prefix &&
      (sila_buf_puts(out, (const char *)prefix) || sila_buf_putc(out, ':')))
    return false;
  return !sila_buf_puts(out, (const char *)raptor_qname_get_local_name(q));
}

/* The position of the attribute `local` of namespace nsuri of the element
 * being started (X->tag), into *out; *out unchanged when unknown. */
static void attr_pos(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                     XmlPos *out);
static void qname_pos(XmlParse *X, raptor_qname *q, XmlPos *out);

/* Errors about one attribute of the element being started name its place. */
static bool attr_error(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                       SilaStatus st, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static bool attr_error(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                       SilaStatus st, const char *fmt, ...) {
  if (X->st != SILA_OK)
    return false;
  char msg[SILA_ERROR_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  attr_pos(X, el, nsuri, local, &X->at);
  return at_error(X, st, "%s", msg);
}

static bool nomem(XmlParse *X) { return at_error(X, SILA_ERR_NOMEM, "out of memory"); }

static Frame *top(XmlParse *X) { return &X->frames[X->depth - 1]; }

/* The capture of the innermost parseType="Triple" frame, if any. */
static Frame *capture_frame(XmlParse *X) {
  for (size_t i = X->depth; i > 0; i--)
    if (X->frames[i - 1].kind == F_TRIPLE)
      return &X->frames[i - 1];
  return NULL;
}

static bool term_checked(XmlParse *X, const SilaTerm *t) {
  if (t->kind == SILA_TERM_IRI && !sila_iri_valid(t->value, t->value_len))
    return at_error(X, SILA_ERR_SYNTAX, "invalid IRI <%.*s>",
                    t->value_len > 200 ? 200 : (int)t->value_len, t->value);
  if (t->datatype && !sila_iri_valid(t->datatype, t->datatype_len))
    return at_error(X, SILA_ERR_SYNTAX, "invalid datatype IRI <%.*s>",
                    t->datatype_len > 200 ? 200 : (int)t->datatype_len, t->datatype);
  if (t->lang && !sila_lang_valid(t->lang, t->lang_len))
    return at_error(X, SILA_ERR_SYNTAX, "invalid language tag \"%.*s\"",
                    t->lang_len > 100 ? 100 : (int)t->lang_len, t->lang);
  return true;
}

/* Emits (s, p, o), or captures it for the innermost parseType="Triple". */
static bool emit3(XmlParse *X, const OTerm *s, const OTerm *p, const OTerm *o) {
  if (X->st != SILA_OK)
    return false;
  Frame *c = capture_frame(X);
  if (c) {
    if (c->ncap++ > 0)
      return at_error(X, SILA_ERR_SYNTAX,
                      "rdf:parseType=\"Triple\" holds exactly one triple (one node element "
                      "with one property element)");
    return !(oterm_copy(&c->cap[0], s) || oterm_copy(&c->cap[1], p) || oterm_copy(&c->cap[2], o)) ||
           nomem(X);
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
    return at_error(X, rc, "statement rejected: %s", sila_strerror(rc));
  return true;
}

static bool set_iri(XmlParse *X, OTerm *t, const char *iri, size_t n) {
  oterm_clear(t);
  t->kind = SILA_TERM_IRI;
  return !sila_buf_append(&t->v, iri, n) || nomem(X);
}

static bool set_blank(XmlParse *X, OTerm *t, const char *label, size_t n) {
  oterm_clear(t);
  t->kind = SILA_TERM_BLANK;
  return !sila_buf_append(&t->v, label, n) || nomem(X);
}

static bool fresh_blank(XmlParse *X, OTerm *t) {
  char label[32];
  int n = snprintf(label, sizeof label, "-x%lu", ++X->blank_counter);
  return set_blank(X, t, label, (size_t)n);
}

static bool emit_iri(XmlParse *X, const OTerm *s, const char *p, const OTerm *o) {
  OTerm pt = {0};
  bool ok = set_iri(X, &pt, p, strlen(p)) && emit3(X, s, &pt, o);
  oterm_free(&pt);
  return ok;
}

/* --- names and values --- */

static bool is_ns(const char *ns, const char *want) { return ns && !strcmp(ns, want); }

static const char *qname_ns(raptor_qname *q) {
  const raptor_namespace *ns = raptor_qname_get_namespace(q);
  raptor_uri *u = ns ? raptor_namespace_get_uri(ns) : NULL;
  return u ? (const char *)raptor_uri_as_string(u) : NULL;
}

static bool name_start_cp(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

/* An XML NCName (XML 1.0 fifth edition names, without ':'). */
static bool ncname_ok(const char *s) {
  size_t n = strlen(s), i = 0;
  if (!n)
    return false;
  while (i < n) {
    uint32_t c;
    int l = sila_utf8_decode((const unsigned char *)s + i, n - i, &c);
    if (l <= 0)
      return false;
    bool ok = name_start_cp(c) ||
              (i > 0 && (c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
                         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)));
    if (!ok)
      return false;
    i += (size_t)l;
  }
  return true;
}

/* An IRI an attribute gives is checked where it is written (X->at), not
 * later where its statement goes out. */
static bool iri_checked(XmlParse *X, const SilaBuf *iri) {
  if (sila_iri_valid(iri->data ? iri->data : "", iri->len))
    return true;
  return at_error(X, SILA_ERR_SYNTAX, "invalid IRI <%.*s>", iri->len > 200 ? 200 : (int)iri->len,
                  iri->data ? iri->data : "");
}

/* Resolves ref against the in-scope base into out (a valid IRI). */
static bool resolve(XmlParse *X, const char *ref, SilaBuf *out) {
  raptor_uri *b = raptor_sax2_inscope_base_uri(X->sax2);
  size_t bl = 0;
  const char *base = b ? (const char *)raptor_uri_as_counted_string(b, &bl) : NULL;
  out->len = 0;
  size_t rl = strlen(ref);
  if (!base || sila_iri_has_scheme(ref, rl))
    return (!sila_buf_append(out, ref, rl) || nomem(X)) && iri_checked(X, out);
  /* xml:base may carry a fragment: it is not part of the base */
  const char *hash = memchr(base, '#', bl);
  if (hash)
    bl = (size_t)(hash - base);
  if (sila_iri_resolve_buf(out, base, bl, ref, rl))
    return nomem(X);
  if (!out->data && sila_buf_puts(out, ""))
    return nomem(X);
  return iri_checked(X, out);
}

/* Names RDF/XML forbids: as node element, property element, attribute. */
static bool core_or_old(const char *local) {
  static const char *const names[] = {"RDF", "ID", "about", "bagID", "parseType", "resource",
                                      "nodeID", "aboutEach", "aboutEachPrefix", "datatype",
                                      "annotation", "annotationNodeID", NULL};
  for (size_t i = 0; names[i]; i++)
    if (!strcmp(local, names[i]))
      return true;
  return false;
}

/* The in-scope language (with an RDF 1.2 base direction) into out. */
static bool literal_lang(XmlParse *X, Frame *f, SilaBuf *out) {
  out->len = 0;
  if (!f->lang.len)
    return true;
  if (sila_buf_append(out, f->lang.data, f->lang.len))
    return nomem(X);
  if (f->dir.len &&
      (sila_buf_append(out, "--", 2) || sila_buf_append(out, f->dir.data, f->dir.len)))
    return nomem(X);
  return true;
}

static Frame *push(XmlParse *X, FrameKind kind) {
  if (X->depth >= MAX_XML_DEPTH) {
    at_error(X, SILA_ERR_LIMIT, "elements nested too deep");
    return NULL;
  }
  if (X->depth == X->cap) {
    size_t cap = X->cap ? X->cap * 2 : 32;
    Frame *n = sila_realloc(X->frames, cap * sizeof *n);
    if (!n) {
      nomem(X);
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
    nomem(X);
  oterm_clear(&f->subject);
  oterm_clear(&f->object);
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
  if (f->xw)
    raptor_free_xml_writer(f->xw);
  if (f->io)
    raptor_free_iostream(f->io);
  if (f->ns)
    raptor_free_namespaces(f->ns);
  f->xw = NULL;
  f->io = NULL;
  f->ns = NULL;
  f->lang.len = f->dir.len = 0;
  /* language and direction in scope */
  const unsigned char *lang = raptor_sax2_inscope_xml_language(X->sax2);
  if (lang && sila_buf_puts(&f->lang, (const char *)lang))
    nomem(X);
  if (parent && parent->dir.len && sila_buf_append(&f->dir, parent->dir.data, parent->dir.len))
    nomem(X);
  f->v12 = parent && parent->v12;
  return X->st == SILA_OK ? f : NULL;
}

static void frame_free(Frame *f) {
  oterm_free(&f->subject);
  oterm_free(&f->object);
  SilaBuf *bufs[] = {&f->pred, &f->text, &f->id, &f->resource, &f->nodeid, &f->datatype,
                     &f->ann, &f->ann_node, &f->lang, &f->dir, &f->qname};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    sila_buf_free(bufs[i]);
  for (size_t i = 0; i < f->capitems; i++)
    oterm_free(&f->items[i]);
  free(f->items);
  for (int i = 0; i < 3; i++)
    oterm_free(&f->cap[i]);
  if (f->xml)
    sila_buf_free(f->xml);
  free(f->xml);
  if (f->xw)
    raptor_free_xml_writer(f->xw);
  if (f->io)
    raptor_free_iostream(f->io);
  if (f->ns)
    raptor_free_namespaces(f->ns);
}

/* rdf:version and its:dir on this element: RDF 1.2 RDF/XML gives a
 * literal a base direction only where a version is announced (without
 * one, its:dir is ignored, as an RDF 1.1 reader would). */
static bool read_dir(XmlParse *X, Frame *f, raptor_xml_element *el) {
  raptor_qname **va = raptor_xml_element_get_attributes(el);
  int vn = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < vn && va; i++)
    if (is_ns(qname_ns(va[i]), SILA_NS_RDF) &&
        !strcmp((const char *)raptor_qname_get_local_name(va[i]), "version"))
      f->v12 = true;
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < n && attrs; i++) {
    if (!is_ns(qname_ns(attrs[i]), ITS_NS) ||
        strcmp((const char *)raptor_qname_get_local_name(attrs[i]), "dir"))
      continue;
    const char *v = (const char *)raptor_qname_get_value(attrs[i]);
    f->dir.len = 0;
    if (!f->v12)
      continue;
    if (!strcmp(v, "ltr") || !strcmp(v, "rtl")) {
      if (sila_buf_puts(&f->dir, v))
        return nomem(X);
    } else if (strcmp(v, "lro") && strcmp(v, "rlo")) {
      qname_pos(X, attrs[i], &X->at);
      return at_error(X, SILA_ERR_SYNTAX, "its:dir=\"%.40s\": expected ltr or rtl", v);
    }
  }
  return true;
}

/* What rdf:local is as an attribute of a node element (node) or of a
 * property element: 0 syntax, 1 a property attribute, -1 not allowed. */
static int rdf_attr_use(const char *local, bool node) {
  if (node && (!strcmp(local, "about") || !strcmp(local, "ID") || !strcmp(local, "nodeID")))
    return 0;
  if (!node && (!strcmp(local, "resource") || !strcmp(local, "nodeID") || !strcmp(local, "ID") ||
                !strcmp(local, "annotation") || !strcmp(local, "annotationNodeID")))
    return 0;
  if (!strcmp(local, "version"))
    return 0; /* RDF 1.2 version announcement */
  if (core_or_old(local) || !strcmp(local, "li") || !strcmp(local, "Description"))
    return -1;
  return 1;
}

/* The property attributes of an empty property element become statements
 * at its end, where their places are no longer known: checked at its start. */
static bool property_attrs_precheck(XmlParse *X, raptor_xml_element *el) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  XmlPos element_at = X->at;
  SilaBuf iri = SILA_BUF_INIT;
  bool ok = true;
  for (int i = 0; ok && i < n && attrs; i++) {
    const char *ns = qname_ns(attrs[i]);
    const char *local = (const char *)raptor_qname_get_local_name(attrs[i]);
    if (!is_ns(ns, SILA_NS_RDF) || !strcmp(local, "datatype"))
      continue; /* rdf:datatype: a literal, read at the end */
    X->at = element_at;
    qname_pos(X, attrs[i], &X->at);
    if (rdf_attr_use(local, false) < 0)
      ok = at_error(X, SILA_ERR_SYNTAX, "rdf:%s is not allowed as an attribute here", local);
    else if (!strcmp(local, "type"))
      ok = resolve(X, (const char *)raptor_qname_get_value(attrs[i]), &iri);
  }
  sila_buf_free(&iri);
  if (ok)
    X->at = element_at;
  return ok;
}

/* Property attributes of element el become statements about subj. */
static bool property_attrs(XmlParse *X, Frame *f, raptor_xml_element *el, const OTerm *subj,
                           bool node) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  XmlPos element_at = X->at;
  for (int i = 0; i < n && attrs; i++) {
    const char *ns = qname_ns(attrs[i]);
    const char *local = (const char *)raptor_qname_get_local_name(attrs[i]);
    const char *val = (const char *)raptor_qname_get_value(attrs[i]);
    if (!ns || is_ns(ns, XML_NS) || is_ns(ns, ITS_NS) || !strncmp(local, "xml", 3))
      continue; /* no namespace, xml:*, its:* */
    X->at = element_at;
    qname_pos(X, attrs[i], &X->at);
    int use = is_ns(ns, SILA_NS_RDF) ? rdf_attr_use(local, node) : 1;
    if (use == 0)
      continue;
    if (use < 0)
      return at_error(X, SILA_ERR_SYNTAX, "rdf:%s is not allowed as an attribute here", local);
    OTerm p = {0}, o = {0};
    bool ok = !sila_buf_puts(&p.v, ns) && !sila_buf_puts(&p.v, local);
    p.kind = SILA_TERM_IRI;
    if (!ok) {
      nomem(X);
    } else if (is_ns(ns, SILA_NS_RDF) && !strcmp(local, "type")) {
      o.kind = SILA_TERM_IRI;
      ok = resolve(X, val, &o.v);
    } else {
      o.kind = SILA_TERM_LITERAL;
      ok = !sila_buf_puts(&o.v, val) || nomem(X);
      ok = ok && literal_lang(X, f, &o.lang);
    }
    ok = ok && emit3(X, subj, &p, &o);
    oterm_free(&p);
    oterm_free(&o);
    if (!ok)
      return false;
  }
  X->at = element_at;
  return true;
}

static bool new_id(XmlParse *X, const SilaBuf *iri) {
  /* rdf:ID names one resource once per document base */
  const char *at = X->ids.data;
  for (size_t off = 0; at && off < X->ids.len;) {
    const char *nl = memchr(at + off, '\n', X->ids.len - off);
    size_t l = (size_t)(nl - (at + off));
    if (l == iri->len && !memcmp(at + off, iri->data, l))
      return at_error(X, SILA_ERR_SYNTAX, "rdf:ID \"%.*s\" is used twice", (int)(l > 200 ? 200 : l),
                      iri->data);
    off += l + 1;
  }
  return !(sila_buf_append(&X->ids, iri->data, iri->len) || sila_buf_putc(&X->ids, '\n')) ||
         nomem(X);
}

/* The IRI of rdf:ID="v" of element el: base#v (errors name the attribute). */
static bool id_iri(XmlParse *X, raptor_xml_element *el, const char *v, SilaBuf *out) {
  XmlPos element_at = X->at;
  attr_pos(X, el, SILA_NS_RDF, "ID", &X->at);
  if (!ncname_ok(v))
    return at_error(X, SILA_ERR_SYNTAX, "rdf:ID \"%.60s\" is not an XML NCName", v);
  X->tmp.len = 0;
  if (sila_buf_putc(&X->tmp, '#') || sila_buf_puts(&X->tmp, v))
    return nomem(X);
  if (!resolve(X, X->tmp.data, out) || !new_id(X, out))
    return false;
  X->at = element_at;
  return true;
}

/* resolve() of the value of attribute rdf:local of el, errors named there. */
static bool resolve_attr(XmlParse *X, raptor_xml_element *el, const char *local, const char *ref,
                         SilaBuf *out) {
  XmlPos element_at = X->at;
  attr_pos(X, el, SILA_NS_RDF, local, &X->at);
  if (!resolve(X, ref, out))
    return false;
  X->at = element_at;
  return true;
}

static raptor_qname *attr_q(raptor_xml_element *el, const char *nsuri, const char *local) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < n && attrs; i++)
    if (is_ns(qname_ns(attrs[i]), nsuri) &&
        !strcmp((const char *)raptor_qname_get_local_name(attrs[i]), local))
      return attrs[i];
  return NULL;
}

static const char *attr(raptor_xml_element *el, const char *nsuri, const char *local) {
  raptor_qname *q = attr_q(el, nsuri, local);
  return q ? (const char *)raptor_qname_get_value(q) : NULL;
}

static void qname_pos(XmlParse *X, raptor_qname *q, XmlPos *out) {
  if (q && X->tag && written_name(q, &X->name))
    xml_marks_attr(&X->marks, X->tag, X->name.data, X->name.len, out);
}

static void attr_pos(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                     XmlPos *out) {
  qname_pos(X, attr_q(el, nsuri, local), out);
}

/* A node element: its subject, its type, its property attributes. */
static bool node_element(XmlParse *X, raptor_xml_element *el, const char *ns, const char *local,
                         OTerm *subject_out) {
  if (is_ns(ns, SILA_NS_RDF) && (core_or_old(local) || !strcmp(local, "li")))
    return at_error(X, SILA_ERR_SYNTAX, "rdf:%s cannot be a node element", local);
  Frame *f = push(X, F_NODE);
  if (!f || !read_dir(X, f, el))
    return false;
  const char *about = attr(el, SILA_NS_RDF, "about"), *id = attr(el, SILA_NS_RDF, "ID"),
             *nodeid = attr(el, SILA_NS_RDF, "nodeID");
  if ((about != NULL) + (id != NULL) + (nodeid != NULL) > 1) {
    /* the last of them in the tag names the place */
    static const char *const names[] = {"about", "ID", "nodeID"};
    int last = -1;
    XmlPos last_at = {0, 0};
    for (int i = 0; i < 3; i++) {
      XmlPos p = {0, 0};
      if (!attr(el, SILA_NS_RDF, names[i]))
        continue;
      attr_pos(X, el, SILA_NS_RDF, names[i], &p);
      if (last < 0 || p.line > last_at.line || (p.line == last_at.line && p.col > last_at.col)) {
        last = i;
        last_at = p;
      }
    }
    return attr_error(X, el, SILA_NS_RDF, names[last], SILA_ERR_SYNTAX,
                      "a node element has at most one of rdf:about, rdf:ID, rdf:nodeID");
  }
  static const char *const removed[] = {"aboutEach", "aboutEachPrefix", "bagID"};
  for (size_t i = 0; i < 3; i++)
    if (attr(el, SILA_NS_RDF, removed[i]))
      return attr_error(X, el, SILA_NS_RDF, removed[i], SILA_ERR_SYNTAX,
                        "rdf:%s was removed from RDF", removed[i]);
  if (about) {
    f->subject.kind = SILA_TERM_IRI;
    if (!resolve_attr(X, el, "about", about, &f->subject.v))
      return false;
  } else if (id) {
    f->subject.kind = SILA_TERM_IRI;
    if (!id_iri(X, el, id, &f->subject.v))
      return false;
  } else if (nodeid) {
    if (!ncname_ok(nodeid))
      return attr_error(X, el, SILA_NS_RDF, "nodeID", SILA_ERR_SYNTAX,
                        "rdf:nodeID \"%.60s\" is not an XML NCName", nodeid);
    if (!set_blank(X, &f->subject, nodeid, strlen(nodeid)))
      return false;
  } else if (!fresh_blank(X, &f->subject)) {
    return false;
  }
  if (subject_out && oterm_copy(subject_out, &f->subject))
    return nomem(X);
  if (!(is_ns(ns, SILA_NS_RDF) && !strcmp(local, "Description"))) {
    OTerm type = {0};
    bool ok = !sila_buf_puts(&type.v, ns) && !sila_buf_puts(&type.v, local);
    type.kind = SILA_TERM_IRI;
    ok = (ok || nomem(X)) && emit_iri(X, &f->subject, SILA_NS_RDF "type", &type);
    oterm_free(&type);
    if (!ok)
      return false;
  }
  return property_attrs(X, f, el, &f->subject, true);
}

static int xml_io_write(void *ctx, const void *ptr, size_t size, size_t nmemb) {
  return sila_buf_append(ctx, ptr, size * nmemb) ? -1 : (int)nmemb;
}
static int xml_io_byte(void *ctx, const int byte) {
  char c = (char)byte;
  return sila_buf_append(ctx, &c, 1) ? -1 : 0;
}
static const raptor_iostream_handler xml_io = {
    .version = 2, .write_byte = xml_io_byte, .write_bytes = xml_io_write};

/* A property element of the node `subj` (parent frame p). */
static bool property_element(XmlParse *X, Frame *p, raptor_xml_element *el, const char *ns,
                             const char *local) {
  if (is_ns(ns, SILA_NS_RDF) && (core_or_old(local) || !strcmp(local, "Description")))
    return at_error(X, SILA_ERR_SYNTAX, "rdf:%s cannot be a property element", local);
  const char *parse_type = attr(el, SILA_NS_RDF, "parseType");
  FrameKind kind = F_PROP;
  if (parse_type)
    kind = !strcmp(parse_type, "Resource")     ? F_RESOURCE
           : !strcmp(parse_type, "Collection") ? F_COLLECTION
           : !strcmp(parse_type, "Triple")     ? F_TRIPLE
                                               : F_LITERAL;
  unsigned long li = 0;
  if (is_ns(ns, SILA_NS_RDF) && !strcmp(local, "li"))
    li = p->li++;
  Frame *f = push(X, kind);
  if (!f || !read_dir(X, f, el))
    return false;
  if (kind == F_TRIPLE && !f->v12) {
    f->kind = F_IGNORE; /* RDF 1.2 RDF/XML: no version announced, no triple term */
    return true;
  }
  f->parent = X->depth - 2; /* an index: pushes may move the frames */
  if (li ? sila_buf_printf(&f->pred, SILA_NS_RDF "_%lu", li)
         : (sila_buf_puts(&f->pred, ns) || sila_buf_puts(&f->pred, local)))
    return nomem(X);
  const struct {
    const char *name;
    SilaBuf *buf;
    bool *has;
  } a[] = {{"ID", &f->id, &f->has_id},
           {"resource", &f->resource, &f->has_resource},
           {"nodeID", &f->nodeid, &f->has_nodeid},
           {"datatype", &f->datatype, &f->has_datatype},
           {"annotation", &f->ann, &f->has_ann},
           {"annotationNodeID", &f->ann_node, &f->has_ann_node}};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    const char *v = attr(el, SILA_NS_RDF, a[i].name);
    if (!v)
      continue;
    *a[i].has = true;
    if (sila_buf_puts(a[i].buf, v))
      return nomem(X);
  }
  /* the end of the element reads these: their places are kept */
  attr_pos(X, el, SILA_NS_RDF, "resource", &f->at_resource);
  attr_pos(X, el, SILA_NS_RDF, "nodeID", &f->at_nodeid);
  attr_pos(X, el, SILA_NS_RDF, "datatype", &f->at_datatype);
  attr_pos(X, el, SILA_NS_RDF, "annotation", &f->at_ann);
  if (attr(el, SILA_NS_RDF, "bagID"))
    return attr_error(X, el, SILA_NS_RDF, "bagID", SILA_ERR_SYNTAX, "rdf:bagID was removed from RDF");
  if (f->has_nodeid && !ncname_ok(f->nodeid.data))
    return attr_error(X, el, SILA_NS_RDF, "nodeID", SILA_ERR_SYNTAX,
                      "rdf:nodeID \"%.60s\" is not an XML NCName", f->nodeid.data);
  if (f->has_ann_node && !ncname_ok(f->ann_node.data))
    return attr_error(X, el, SILA_NS_RDF, "annotationNodeID", SILA_ERR_SYNTAX,
                      "rdf:annotationNodeID \"%.60s\" is not an XML NCName", f->ann_node.data);
  if (f->has_ann && f->has_ann_node)
    return attr_error(X, el, SILA_NS_RDF, "annotationNodeID", SILA_ERR_SYNTAX,
                      "rdf:annotation and rdf:annotationNodeID together");
  if (f->has_id) {
    SilaBuf iri = SILA_BUF_INIT;
    bool ok = id_iri(X, el, f->id.data, &iri);
    f->id.len = 0;
    ok = ok && (!sila_buf_append(&f->id, iri.data ? iri.data : "", iri.len) || nomem(X));
    sila_buf_free(&iri);
    if (!ok)
      return false;
  }
  if (kind != F_PROP) {
    if (f->has_resource || f->has_nodeid || f->has_datatype)
      return attr_error(X, el, SILA_NS_RDF,
                        f->has_resource ? "resource" : f->has_nodeid ? "nodeID" : "datatype",
                        SILA_ERR_SYNTAX,
                        "rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype");
    raptor_qname **attrs = raptor_xml_element_get_attributes(el);
    int n = raptor_xml_element_get_attributes_count(el);
    for (int i = 0; i < n && attrs; i++) {
      const char *ans = qname_ns(attrs[i]);
      const char *al = (const char *)raptor_qname_get_local_name(attrs[i]);
      if (ans && !is_ns(ans, XML_NS) && !is_ns(ans, ITS_NS) && strncmp(al, "xml", 3) &&
          !(is_ns(ans, SILA_NS_RDF) && (!strcmp(al, "parseType") || !strcmp(al, "ID") ||
                                        !strcmp(al, "annotation") || !strcmp(al, "annotationNodeID")))) {
        qname_pos(X, attrs[i], &X->at);
        return at_error(X, SILA_ERR_SYNTAX, "rdf:parseType cannot go with property attributes");
      }
    }
  }
  if (kind == F_PROP && !property_attrs_precheck(X, el))
    return false;
  if (kind == F_RESOURCE) {
    if (!fresh_blank(X, &f->subject))
      return false;
  } else if (kind == F_LITERAL) {
    raptor_world *w = world;
    if (!f->xml && !(f->xml = sila_calloc(1, sizeof *f->xml)))
      return nomem(X);
    f->ns = raptor_new_namespaces(w, 0);
    f->io = raptor_new_iostream_from_handler(w, f->xml, &xml_io);
    f->xw = f->ns && f->io ? raptor_new_xml_writer(w, f->ns, f->io) : NULL;
    if (!f->xw)
      return nomem(X);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_AUTO_INDENT, NULL, 0);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_AUTO_EMPTY, NULL, 0);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_XML_DECLARATION, NULL, 0);
  }
  f->el = el;
  return true;
}

/* The statement of a finished property element (s p o), with its rdf:ID
 * reification and its RDF 1.2 annotation reifier. */
static bool property_done(XmlParse *X, Frame *f, const OTerm *o) {
  const OTerm *subj = &X->frames[f->parent].subject;
  OTerm p = {0};
  bool ok = set_iri(X, &p, f->pred.data, f->pred.len) && emit3(X, subj, &p, o);
  if (ok && f->has_id) {
    OTerm r = {0}, t = {0};
    ok = set_iri(X, &r, f->id.data, f->id.len) && set_iri(X, &t, SILA_NS_RDF "Statement",
                                                          sizeof SILA_NS_RDF + 8) &&
         emit_iri(X, &r, SILA_NS_RDF "type", &t) && emit_iri(X, &r, SILA_NS_RDF "subject", subj) &&
         emit_iri(X, &r, SILA_NS_RDF "predicate", &p) && emit_iri(X, &r, SILA_NS_RDF "object", o);
    oterm_free(&r);
    oterm_free(&t);
  }
  if (ok && (f->has_ann || f->has_ann_node)) {
    OTerm r = {0}, tt = {0};
    tt.kind = SILA_TERM_TRIPLE;
    tt.tt = sila_calloc(3, sizeof *tt.tt);
    ok = tt.tt && !oterm_copy(&tt.tt[0], subj) && !oterm_copy(&tt.tt[1], &p) &&
         !oterm_copy(&tt.tt[2], o);
    if (!ok)
      nomem(X);
    if (ok && f->has_ann) {
      SilaBuf iri = SILA_BUF_INIT;
      X->at = f->at_ann;
      ok = resolve(X, f->ann.data, &iri) && set_iri(X, &r, iri.data ? iri.data : "", iri.len);
      sila_buf_free(&iri);
    } else if (ok) {
      ok = set_blank(X, &r, f->ann_node.data, f->ann_node.len);
    }
    ok = ok && emit_iri(X, &r, SILA_NS_RDF "reifies", &tt);
    oterm_free(&r);
    oterm_free(&tt);
  }
  oterm_free(&p);
  return ok;
}

static bool end_property(XmlParse *X, Frame *f) {
  OTerm o = {0};
  bool ok = true;
  if (f->has_node) {
    if (f->text_nonblank)
      return at_error(X, SILA_ERR_SYNTAX, "text beside a node element in a property element");
    if (f->has_resource || f->has_nodeid || f->has_datatype) {
      X->at = f->has_resource ? f->at_resource : f->has_nodeid ? f->at_nodeid : f->at_datatype;
      return at_error(X, SILA_ERR_SYNTAX,
                      "a property element with a node element has no rdf:resource, rdf:nodeID or rdf:datatype");
    }
    ok = !oterm_copy(&o, &f->object) || nomem(X);
    ok = ok && property_done(X, f, &o);
  } else if (f->text.len || f->has_datatype) {
    if (f->has_resource || f->has_nodeid) {
      X->at = f->has_resource ? f->at_resource : f->at_nodeid;
      return at_error(X, SILA_ERR_SYNTAX, "a property element with text has no rdf:resource or rdf:nodeID");
    }
    o.kind = SILA_TERM_LITERAL;
    ok = !sila_buf_append(&o.v, f->text.data ? f->text.data : "", f->text.len) || nomem(X);
    if (ok && f->has_datatype) {
      X->at = f->at_datatype;
      ok = resolve(X, f->datatype.data, &o.dt);
      if (ok && sila_iri_is(o.dt.data, o.dt.len, SILA_XSD_STRING))
        o.dt.len = 0;
    } else if (ok) {
      ok = literal_lang(X, f, &o.lang);
    }
    ok = ok && property_done(X, f, &o);
  } else {
    /* emptyPropertyElt */
    bool props = false;
    raptor_qname **attrs = raptor_xml_element_get_attributes(f->el);
    int n = raptor_xml_element_get_attributes_count(f->el);
    for (int i = 0; i < n && attrs; i++) {
      const char *ans = qname_ns(attrs[i]);
      const char *al = (const char *)raptor_qname_get_local_name(attrs[i]);
      if (ans && !is_ns(ans, XML_NS) && !is_ns(ans, ITS_NS) && strncmp(al, "xml", 3) &&
          !(is_ns(ans, SILA_NS_RDF) && (!strcmp(al, "resource") || !strcmp(al, "nodeID") ||
                                        !strcmp(al, "ID") || !strcmp(al, "annotation") ||
                                        !strcmp(al, "annotationNodeID") || !strcmp(al, "version"))))
        props = true;
    }
    if (f->has_resource && f->has_nodeid) {
      X->at = f->at_nodeid;
      return at_error(X, SILA_ERR_SYNTAX, "rdf:resource and rdf:nodeID together");
    }
    if (f->has_resource) {
      o.kind = SILA_TERM_IRI;
      X->at = f->at_resource;
      ok = resolve(X, f->resource.data, &o.v);
    } else if (f->has_nodeid) {
      ok = set_blank(X, &o, f->nodeid.data, f->nodeid.len);
    } else if (props) {
      ok = fresh_blank(X, &o);
    } else {
      o.kind = SILA_TERM_LITERAL;
      ok = literal_lang(X, f, &o.lang);
    }
    ok = ok && property_done(X, f, &o);
    if (ok && props)
      ok = property_attrs(X, f, f->el, &o, false);
  }
  oterm_free(&o);
  return ok;
}

static bool end_collection(XmlParse *X, Frame *f) {
  OTerm head = {0}, cur = {0}, next = {0};
  bool ok = true;
  if (!f->nitems) {
    ok = set_iri(X, &head, SILA_NS_RDF "nil", sizeof SILA_NS_RDF + 2);
  } else {
    ok = fresh_blank(X, &head) && !oterm_copy(&cur, &head);
    for (size_t i = 0; ok && i < f->nitems; i++) {
      ok = emit_iri(X, &cur, SILA_NS_RDF "first", &f->items[i]);
      if (!ok)
        break;
      if (i + 1 < f->nitems)
        ok = fresh_blank(X, &next) && emit_iri(X, &cur, SILA_NS_RDF "rest", &next) &&
             !oterm_copy(&cur, &next);
      else
        ok = set_iri(X, &next, SILA_NS_RDF "nil", sizeof SILA_NS_RDF + 2) &&
             emit_iri(X, &cur, SILA_NS_RDF "rest", &next);
    }
  }
  /* the property's statement first in the document, but order is free */
  ok = ok && property_done(X, f, &head);
  oterm_free(&head);
  oterm_free(&cur);
  oterm_free(&next);
  return ok;
}

static void on_start(void *data, raptor_xml_element *el) {
  XmlParse *X = data;
  if (X->st != SILA_OK)
    return;
  raptor_qname *q = raptor_xml_element_get_name(el);
  /* its start tag, unless an entity brought the element in (then the
   * place of the next tag is the nearest known) */
  if (!written_name(q, &X->elname)) {
    nomem(X);
    return;
  }
  X->tag = xml_marks_take(&X->marks, XM_START, X->elname.data, X->elname.len);
  const XmlMark *near = X->tag ? X->tag : xml_marks_pending(&X->marks);
  if (near)
    X->at = near->start;
  const char *ns = qname_ns(q);
  const char *local = (const char *)raptor_qname_get_local_name(q);
  Frame *parent = X->depth ? top(X) : NULL;
  FrameKind pk = parent ? parent->kind : F_TOP;
  if (pk == F_IGNORE) {
    push(X, F_IGNORE);
    return;
  }
  if (pk == F_LITERAL || pk == F_XMLCHILD) {
    Frame *lit = parent;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_start_element(lit->xw, el);
    push(X, F_XMLCHILD);
    return;
  }
  if (pk == F_PROP)
    parent->has_node = true;
  if (!ns) {
    at_error(X, SILA_ERR_SYNTAX, "element <%s> has no namespace", local);
    return;
  }
  switch (pk) {
  case F_TOP:
    if (is_ns(ns, SILA_NS_RDF) && !strcmp(local, "RDF")) {
      Frame *f = push(X, F_RDF);
      if (f)
        read_dir(X, f, el);
      return;
    }
    node_element(X, el, ns, local, NULL);
    return;
  case F_RDF:
    node_element(X, el, ns, local, NULL);
    return;
  case F_NODE:
  case F_RESOURCE:
    property_element(X, parent, el, ns, local);
    return;
  case F_PROP: {
    size_t pi = X->depth - 1;
    if (X->frames[pi].text_nonblank) {
      at_error(X, SILA_ERR_SYNTAX, "a node element after text in a property element");
      return;
    }
    if (X->frames[pi].object.kind != SILA_TERM_NONE) {
      at_error(X, SILA_ERR_SYNTAX, "a property element holds one node element");
      return;
    }
    OTerm subj = {0};
    if (node_element(X, el, ns, local, &subj) && oterm_copy(&X->frames[pi].object, &subj))
      nomem(X);
    oterm_free(&subj);
    return;
  }
  case F_COLLECTION: {
    size_t pi = X->depth - 1;
    Frame *c = &X->frames[pi];
    if (c->nitems == c->capitems) {
      size_t cap = c->capitems ? c->capitems * 2 : 8;
      OTerm *n = sila_realloc(c->items, cap * sizeof *n);
      if (!n) {
        nomem(X);
        return;
      }
      memset(n + c->capitems, 0, (cap - c->capitems) * sizeof *n);
      c->items = n;
      c->capitems = cap;
    }
    OTerm *item = &c->items[c->nitems++];
    node_element(X, el, ns, local, item);
    return;
  }
  case F_TRIPLE: {
    if (parent->has_node) {
      at_error(X, SILA_ERR_SYNTAX, "rdf:parseType=\"Triple\" holds one node element");
      return;
    }
    parent->has_node = true;
    node_element(X, el, ns, local, NULL);
    return;
  }
  default:
    at_error(X, SILA_ERR_SYNTAX, "unexpected element <%s>", local);
  }
}

static void on_end(void *data, raptor_xml_element *el) {
  XmlParse *X = data;
  if (X->st != SILA_OK || !X->depth)
    return;
  Frame *f = top(X);
  /* errors now are about the element (or an attribute its frame kept) */
  if (written_name(raptor_xml_element_get_name(el), &X->elname))
    xml_marks_take(&X->marks, XM_END, X->elname.data, X->elname.len);
  X->tag = NULL;
  X->at = f->at;
  switch (f->kind) {
  case F_XMLCHILD: {
    Frame *lit = f - 1;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_end_element(lit->xw, el);
    break;
  }
  case F_PROP:
    end_property(X, f);
    break;
  case F_RESOURCE:
    property_done(X, f, &f->subject);
    break;
  case F_COLLECTION:
    end_collection(X, f);
    break;
  case F_LITERAL: {
    raptor_xml_writer_flush(f->xw);
    OTerm o = {0};
    o.kind = SILA_TERM_LITERAL;
    bool ok = !sila_buf_append(&o.v, f->xml->data ? f->xml->data : "", f->xml->len) &&
              !sila_buf_puts(&o.dt, SILA_NS_RDF "XMLLiteral");
    if (!ok)
      nomem(X);
    else
      property_done(X, f, &o);
    oterm_free(&o);
    /* the frame's slot is reused: its writer goes now */
    raptor_free_xml_writer(f->xw);
    raptor_free_iostream(f->io);
    raptor_free_namespaces(f->ns);
    f->xw = NULL;
    f->io = NULL;
    f->ns = NULL;
    break;
  }
  case F_TRIPLE: {
    if (f->ncap != 1) {
      at_error(X, SILA_ERR_SYNTAX,
               "rdf:parseType=\"Triple\" holds exactly one triple (one node element with one "
               "property element), found %d",
               f->ncap);
      break;
    }
    OTerm o = {0};
    o.kind = SILA_TERM_TRIPLE;
    o.tt = sila_calloc(3, sizeof *o.tt);
    bool ok = o.tt && !oterm_copy(&o.tt[0], &f->cap[0]) && !oterm_copy(&o.tt[1], &f->cap[1]) &&
              !oterm_copy(&o.tt[2], &f->cap[2]);
    if (!ok)
      nomem(X);
    X->depth--; /* the triple is this frame's parent's: emit outside the capture */
    if (ok)
      property_done(X, f, &o);
    X->depth++;
    oterm_free(&o);
    break;
  }
  default:
    break;
  }
  X->depth--;
}

static void on_chars(void *data, raptor_xml_element *el, const unsigned char *s, int len) {
  (void)el;
  XmlParse *X = data;
  if (X->st != SILA_OK || !X->depth || len <= 0)
    return;
  X->tag = NULL;
  X->at = xml_marks_text(&X->marks);
  Frame *f = top(X);
  if (f->kind == F_IGNORE)
    return;
  if (f->kind == F_LITERAL || f->kind == F_XMLCHILD) {
    Frame *lit = f;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_cdata_counted(lit->xw, s, (unsigned int)len);
    return;
  }
  if (f->kind == F_PROP) {
    if (sila_buf_append(&f->text, s, (size_t)len)) {
      nomem(X);
      return;
    }
    for (int i = 0; i < len; i++)
      if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        f->text_nonblank = true;
    if (f->has_node && f->text_nonblank)
      at_error(X, SILA_ERR_SYNTAX, "text beside a node element in a property element");
    return;
  }
  for (int i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
      at_error(X, SILA_ERR_SYNTAX, "text is not allowed here (only elements)");
      return;
    }
}

/* Refuses every URI the reader might load (DTDs, entities). */
static int no_uri(void *data, raptor_uri *uri) {
  (void)data, (void)uri;
  return 1;
}

/* The innermost element still open at the end of the document. */
static bool unclosed_error(XmlParse *X) {
  Frame *f = top(X);
  X->at = f->at;
  return at_error(X, SILA_ERR_SYNTAX, "<%.*s> is not closed: the document ends inside it",
                  (int)(f->qname.len > 200 ? 200 : f->qname.len), f->qname.data ? f->qname.data : "");
}

/* An error of the XML reader: libxml2's (well-formedness; its position is
 * where it stopped, mapped back to the construct) or raptor's own (an
 * undeclared prefix: about the element it is starting, or the attribute
 * the message quotes). */
static void log_handler(void *data, raptor_log_message *m) {
  XmlParse *X = data;
  if (X->st != SILA_OK || m->level < RAPTOR_LOG_LEVEL_ERROR)
    return;
  const char *text = m->text ? m->text : "XML error";
  const xmlError *e = xmlGetLastError();
  size_t el = e && e->message ? strcspn(e->message, "\n") : 0;
  if (el && e->line > 0 && memmem(text, strlen(text), e->message, el) != NULL) {
    XmlPos stop = {(unsigned long)e->line, e->int2 > 0 ? (unsigned long)e->int2 : 0};
    /* at the end of the input: the element or the construct left open */
    bool at_end = X->ending && xml_marks_past(&X->marks, stop);
    const XmlMark *cut = at_end ? xml_marks_unfinished(&X->marks) : NULL;
    if (at_end && X->depth && !cut) {
      unclosed_error(X); /* libxml2 says "Extra content" or "Premature end" */
      return;
    }
    X->at = cut ? cut->start : xml_marks_blame(&X->marks, stop);
    /* libxml2 names no line in push mode ("tag mismatch: a line 0 and b") */
    const char *l0 = strstr(e->message, " line 0 and ");
    if (l0)
      at_error(X, SILA_ERR_SYNTAX, "XML: %.*s%.*s", (int)(l0 - e->message), e->message,
               (int)(el - (size_t)(l0 + 7 - e->message)), l0 + 7);
    else
      at_error(X, SILA_ERR_SYNTAX, "XML: %.*s", (int)el, e->message);
    return;
  }
  const XmlMark *t = xml_marks_pending(&X->marks);
  if (t) {
    X->at = t->start;
    const char *q = strchr(text, '"'), *qe = q ? strchr(q + 1, '"') : NULL;
    if (qe)
      xml_marks_attr(&X->marks, t, q + 1, (size_t)(qe - q - 1), &X->at);
  }
  at_error(X, SILA_ERR_SYNTAX, "%s", text);
}

SilaStatus rdf_parse_rdfxml(SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err) {
  XmlParse X = {.sink = sink, .sink_ctx = sink_ctx, .err = err, .st = SILA_OK};
  enum { CHUNK = 64 * 1024 };
  char *buf = sila_malloc(CHUNK);
  if (!buf)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  RdfXmlProlog prolog = {SILA_BUF_INIT, false};
  raptor_world *w = lock_world();
  raptor_uri *base_uri = NULL;
  LogHandler saved = {NULL, NULL};
  if (!w) {
    X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot start raptor");
    goto out;
  }
  saved = push_log(log_handler, &X);
  base_uri = raptor_new_uri(w, (const unsigned char *)(base && *base ? base : "file:///dev/stdin"));
  X.sax2 = base_uri ? raptor_new_sax2(w, &X.locator, &X) : NULL;
  if (!X.sax2) {
    X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot create the XML reader");
    goto out;
  }
  raptor_sax2_set_start_element_handler(X.sax2, on_start);
  raptor_sax2_set_end_element_handler(X.sax2, on_end);
  raptor_sax2_set_characters_handler(X.sax2, on_chars);
  raptor_sax2_set_cdata_handler(X.sax2, on_chars);
  /* No document reads another: no network, no file, no external entity
   * (the prolog check below refuses their declarations outright). */
  raptor_sax2_set_uri_filter(X.sax2, no_uri, NULL);
  raptor_sax2_parse_start(X.sax2, base_uri);
  for (;;) {
    ssize_t n = read_fn(read_ctx, buf, CHUNK);
    if (n < 0) {
      XmlPos at = xml_marks_eof(&X.marks);
      X.st = sila_error_set(err, SILA_ERR_IO, at.line, at.col, "read error");
      break;
    }
    if (rdf_xml_prolog_feed(&prolog, buf, (size_t)n, n == 0, err)) {
      X.st = err ? err->status : SILA_ERR_SYNTAX;
      break;
    }
    /* the markup first (positions), then the reader */
    X.tag = NULL;
    if (xml_marks_feed(&X.marks, buf, (size_t)n)) {
      X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
      break;
    }
    X.ending = n == 0;
    xmlResetLastError();
    int rc = raptor_sax2_parse_chunk(X.sax2, (const unsigned char *)buf, (size_t)n, n == 0);
    if (X.st != SILA_OK)
      break;
    if (rc) {
      X.at = xml_marks_eof(&X.marks);
      at_error(&X, SILA_ERR_SYNTAX, "RDF/XML syntax error");
      break;
    }
    if (n == 0)
      break;
  }
  if (X.st == SILA_OK && X.depth)
    unclosed_error(&X);
out:
  for (size_t i = 0; i < X.cap; i++)
    frame_free(&X.frames[i]);
  free(X.frames);
  sila_buf_free(&X.ids);
  sila_buf_free(&X.tmp);
  sila_buf_free(&X.name);
  sila_buf_free(&X.elname);
  xml_marks_free(&X.marks);
  if (X.sax2)
    raptor_free_sax2(X.sax2);
  if (base_uri)
    raptor_free_uri(base_uri);
  if (w)
    pop_log(saved);
  unlock_world();
  free(buf);
  rdf_xml_prolog_free(&prolog);
  return X.st;
}
