/* rdf_rdfxml.h — the RDF/XML parser's parts, between its files (not
 * installed; only rdf_rdfxml*.c include it):
 *   rdf_rdfxml.c          the XML reader: raptor's world and SAX2 reader fed
 *                         chunk by chunk with the markup's places
 *                         (rdf_xml_marks.h), the reader's errors, and errors
 *                         at the place of an element or attribute;
 *   rdf_rdfxml_frames.c   what the grammar works with: owned terms, the
 *                         stack of frames, statements out (or captured for
 *                         parseType="Triple"), IRIs resolved and checked;
 *   rdf_rdfxml_grammar.c  the RDF/XML grammar on SAX events: node and
 *                         property elements, parseType, rdf:ID, RDF 1.2
 *                         triple terms, annotations and base direction.
 *
 * RDF/XML grammar (RDF 1.2 RDF/XML, section 7) driven by SAX events: a
 * stack of frames, one per open element, says what an element may be.
 * Blank nodes: rdf:nodeID values keep their label; nodes the document does
 * not name get "-x" + a counter, which no NCName can be.
 *
 * Every function here runs under the raptor lock, within one parse.  The
 * bool ones return false once X->st is set (the first error wins). */
#ifndef SILA_RDF_RDFXML_H
#define SILA_RDF_RDFXML_H

#include <raptor2.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "rdf_internal.h"
#include "rdf_xml_marks.h"

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
  raptor_world *world; /* the process-wide one, its lock held */
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

/* --- rdf_rdfxml.c: errors at their place ---------------------------------- */

/* Sets X->st and the error (the first one only) at X->at, else at the end
 * of what was read.  Returns false. */
bool rdfxml_error(XmlParse *X, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same at the attribute `local` of namespace nsuri of the element
 * being started, when its place is known. */
bool rdfxml_attr_error(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                       SilaStatus st, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
bool rdfxml_nomem(XmlParse *X);
/* The name of q as written (prefix:local, or local) into out; false when
 * out of memory. */
bool rdfxml_written_name(raptor_qname *q, SilaBuf *out);
/* The place of attribute q (or `local` of nsuri) of the element being
 * started (X->tag), into *out; *out unchanged when unknown. */
void rdfxml_qname_pos(XmlParse *X, raptor_qname *q, XmlPos *out);
void rdfxml_attr_pos(XmlParse *X, raptor_xml_element *el, const char *nsuri, const char *local,
                     XmlPos *out);
/* The value of attribute `local` of namespace nsuri of el (borrowed from
 * el), or NULL. */
const char *rdfxml_attr(raptor_xml_element *el, const char *nsuri, const char *local);
/* The namespace IRI of q (borrowed), or NULL. */
const char *rdfxml_qname_ns(raptor_qname *q);

static inline bool rdfxml_is_ns(const char *ns, const char *want) {
  return ns && !strcmp(ns, want);
}

/* --- rdf_rdfxml_frames.c: terms, frames, statements ----------------------- */

/* OTerm: zero-initialise; _clear keeps the buffers, _free releases them. */
void rdfxml_oterm_clear(OTerm *t);
void rdfxml_oterm_free(OTerm *t);
/* d = s (deep); -1 when out of memory. */
int rdfxml_oterm_copy(OTerm *d, const OTerm *s);
bool rdfxml_set_iri(XmlParse *X, OTerm *t, const char *iri, size_t n);
bool rdfxml_set_blank(XmlParse *X, OTerm *t, const char *label, size_t n);
/* A blank node the document does not name. */
bool rdfxml_fresh_blank(XmlParse *X, OTerm *t);

/* The innermost open frame (X->depth > 0). */
static inline Frame *rdfxml_top(XmlParse *X) { return &X->frames[X->depth - 1]; }
/* Opens a frame of `kind` for the element being started (X->elname at
 * X->at), with the language and direction in scope; NULL on an error.
 * The pointer is valid until the next push (the stack may move). */
Frame *rdfxml_push(XmlParse *X, FrameKind kind);
/* Frees what a frame slot holds (X->cap slots are freed at the end). */
void rdfxml_frame_free(Frame *f);
/* Frees the XML writer of an F_LITERAL frame (xw, io, ns; none is fine). */
void rdfxml_literal_writer_free(Frame *f);

/* Emits (s, p, o), or captures it for the innermost parseType="Triple". */
bool rdfxml_emit3(XmlParse *X, const OTerm *s, const OTerm *p, const OTerm *o);
/* The same with the predicate p given as an IRI. */
bool rdfxml_emit_iri(XmlParse *X, const OTerm *s, const char *p, const OTerm *o);
/* Resolves ref against the in-scope base into out (a valid IRI). */
bool rdfxml_resolve(XmlParse *X, const char *ref, SilaBuf *out);
/* The in-scope language of frame f (with an RDF 1.2 base direction) into out. */
bool rdfxml_literal_lang(XmlParse *X, Frame *f, SilaBuf *out);

/* --- rdf_rdfxml_grammar.c: the SAX2 reader's handlers (data: XmlParse) ---- */

void rdfxml_on_start(void *data, raptor_xml_element *el);
void rdfxml_on_end(void *data, raptor_xml_element *el);
void rdfxml_on_chars(void *data, raptor_xml_element *el, const unsigned char *s, int len);

#endif
