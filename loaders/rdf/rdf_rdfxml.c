/* rdf_rdfxml.c — the RDF/XML parser's XML reader (RDF 1.2 RDF/XML):
 * raptor2's SAX2 reader (XML well-formedness, namespaces, xml:base and
 * xml:lang scoping) fed chunk by chunk, after the markup tracker
 * (rdf_xml_marks.h) has seen each chunk, so that every error names the
 * line:column of its element, attribute, reference or text; the reader's
 * own errors mapped back to the construct; the prolog check
 * (rdf_xml_prolog.c).  The grammar on the reader's events is
 * rdf_rdfxml_grammar.c; what it works with, rdf_rdfxml_frames.c (see
 * rdf_rdfxml.h).  The writer is Sila's own too (rdf_write_rdfxml.c).
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
#include "rdf_rdfxml.h"

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

/* --- errors at their place ------------------------------------------------ */

/* The error (the first one only) at the attribute `local` of nsuri of el
 * when el is given and the place known, else at X->at, else at the end of
 * what was read.  The message is formatted before the place is looked up
 * (that writes X->name). */
static void error_v(XmlParse *X, SilaStatus st, raptor_xml_element *el, const char *nsuri,
                    const char *local, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
static void error_v(XmlParse *X, SilaStatus st, raptor_xml_element *el, const char *nsuri,
                    const char *local, const char *fmt, va_list ap) {
  if (X->st != SILA_OK)
    return;
  char msg[SILA_ERROR_MSG_MAX];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (el)
    rdfxml_attr_pos(X, el, nsuri, local, &X->at);
  XmlPos at = X->at.line ? X->at : xml_marks_eof(&X->marks);
  X->st = sila_error_set(X->err, st, at.line, at.col, "%s", msg);
}

bool rdfxml_error(XmlParse *X, SilaStatus st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_v(X, st, NULL, NULL, NULL, fmt, ap);
  va_end(ap);
  return false;
}

/* The name of q as written (prefix:local, or local) into out. */
bool rdfxml_written_name(raptor_qname *q, SilaBuf *out) {
  const raptor_namespace *ns = raptor_qname_get_namespace(q);
  const unsigned char *prefix = ns ? raptor_namespace_get_prefix(ns) : NULL;
  out->len = 0;
  if (prefix && *prefix &&
      (sila_buf_puts(out, (const char *)prefix) || sila_buf_putc(out, ':')))
    return false;
  return !sila_buf_puts(out, (const char *)raptor_qname_get_local_name(q));
}

/* Errors about one attribute of the element being started name its place. */
bool rdfxml_attr_error(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                       SilaStatus st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_v(X, st, el, nsuri, local, fmt, ap);
  va_end(ap);
  return false;
}

bool rdfxml_nomem(XmlParse *X) { return rdfxml_error(X, SILA_ERR_NOMEM, "out of memory"); }

const char *rdfxml_qname_ns(raptor_qname *q) {
  const raptor_namespace *ns = raptor_qname_get_namespace(q);
  raptor_uri *u = ns ? raptor_namespace_get_uri(ns) : NULL;
  return u ? (const char *)raptor_uri_as_string(u) : NULL;
}

static raptor_qname *attr_q(raptor_xml_element *el, const char *nsuri, const char *local) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < n && attrs; i++)
    if (rdfxml_is_ns(rdfxml_qname_ns(attrs[i]), nsuri) &&
        !strcmp((const char *)raptor_qname_get_local_name(attrs[i]), local))
      return attrs[i];
  return NULL;
}

const char *rdfxml_attr(raptor_xml_element *el, const char *nsuri, const char *local) {
  raptor_qname *q = attr_q(el, nsuri, local);
  return q ? (const char *)raptor_qname_get_value(q) : NULL;
}

void rdfxml_qname_pos(XmlParse *X, raptor_qname *q, XmlPos *out) {
  if (q && X->tag && rdfxml_written_name(q, &X->name))
    xml_marks_attr(&X->marks, X->tag, X->name.data, X->name.len, out);
}

void rdfxml_attr_pos(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                     XmlPos *out) {
  rdfxml_qname_pos(X, attr_q(el, nsuri, local), out);
}

/* --- the reader ------------------------------------------------------------ */

/* Refuses every URI the reader might load (DTDs, entities). */
static int no_uri(void *data, raptor_uri *uri) {
  (void)data, (void)uri;
  return 1;
}

/* The innermost element still open at the end of the document. */
static bool unclosed_error(XmlParse *X) {
  Frame *f = rdfxml_top(X);
  X->at = f->at;
  return rdfxml_error(X, SILA_ERR_SYNTAX, "<%.*s> is not closed: the document ends inside it",
                      (int)(f->qname.len > 200 ? 200 : f->qname.len),
                      f->qname.data ? f->qname.data : "");
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
      rdfxml_error(X, SILA_ERR_SYNTAX, "XML: %.*s%.*s", (int)(l0 - e->message), e->message,
               (int)(el - (size_t)(l0 + 7 - e->message)), l0 + 7);
    else
      rdfxml_error(X, SILA_ERR_SYNTAX, "XML: %.*s", (int)el, e->message);
    return;
  }
  const XmlMark *t = xml_marks_pending(&X->marks);
  if (t) {
    X->at = t->start;
    const char *q = strchr(text, '"'), *qe = q ? strchr(q + 1, '"') : NULL;
    if (qe)
      xml_marks_attr(&X->marks, t, q + 1, (size_t)(qe - q - 1), &X->at);
  }
  rdfxml_error(X, SILA_ERR_SYNTAX, "%s", text);
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
  X.world = w;
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
  raptor_sax2_set_start_element_handler(X.sax2, rdfxml_on_start);
  raptor_sax2_set_end_element_handler(X.sax2, rdfxml_on_end);
  raptor_sax2_set_characters_handler(X.sax2, rdfxml_on_chars);
  raptor_sax2_set_cdata_handler(X.sax2, rdfxml_on_chars);
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
      rdfxml_error(&X, SILA_ERR_SYNTAX, "RDF/XML syntax error");
      break;
    }
    if (n == 0)
      break;
  }
  if (X.st == SILA_OK && X.depth)
    unclosed_error(&X);
out:
  for (size_t i = 0; i < X.cap; i++)
    rdfxml_frame_free(&X.frames[i]);
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
