/* rdf_writer.h — the writer object shared by the writer back-ends
 * (sila_rdf_write.c: N-Triples, N-Quads, Turtle, TriG; rdf_write_jsonld.c;
 * rdf_rdfxml.c).  Not installed. */
#ifndef SILA_RDF_WRITER_INTERNAL_H
#define SILA_RDF_WRITER_INTERNAL_H

#include "sila_rdf_write.h"

#define WRITER_FLUSH_AT (64 * 1024)

struct SilaRdfWriter {
  SilaRdfFormat fmt;
  SilaWriteFn write_fn;
  void *ctx;
  SilaStatus st;
  SilaBuf out; /* pending output, flushed past WRITER_FLUSH_AT */
  SilaPrefix *prefixes;
  size_t nprefix;
  bool started, finished;
  /* grouping state: N-Triples forms of the current graph/subject/predicate */
  SilaBuf cur_g, cur_s, cur_p;
  SilaBuf scratch, key_s, key_p, key_g; /* reused per statement: no malloc per quad */
  bool has_s, has_g, in_block;
  /* JSON-LD */
  SilaJsonLdForm jsonld_form;
  bool first_node, first_in_graph;
  SilaBuf node_preds; /* N-Triples forms of the predicates of the open node, '\n'-separated */
  /* RDF/XML (raptor) */
  void *raptor;
  char problem[320]; /* sila_rdf_writer_problem */
};

/* Records why a statement was refused (printf-style); returns st. */
SilaStatus rdf_writer_refuse(SilaRdfWriter *w, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "<<( s p o )>>" of a triple term for a message, cut to at most max bytes. */
void rdf_term_for_message(const SilaTerm *t, char *out, size_t max);

/* Flushes w->out when it is large (or always when force). */
SilaStatus rdf_writer_flush(SilaRdfWriter *w, bool force);
/* Records out of memory; returns it. */
SilaStatus rdf_writer_nomem(SilaRdfWriter *w);
/* Appends "_:" + a valid label for `t` (encoding invalid labels). */
int rdf_put_blank(SilaBuf *b, const char *label, size_t len);
/* Appends the label alone: verbatim when valid for the syntax (N-Triples /
 * Turtle, or an ASCII XML NCName for rdf:nodeID when xml) and not starting
 * with "x-", else "x-" + the hex of its bytes. */
int rdf_put_label(SilaBuf *b, const char *label, size_t len, bool xml);
bool rdf_xml_label_ok(const char *label, size_t len);
/* Appends a term in N-Triples syntax (blank labels encoded as above). */
int rdf_put_term_nt(SilaBuf *b, const SilaTerm *t);

SilaStatus rdf_jsonld_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                           const SilaTerm *o, const SilaTerm *g);
SilaStatus rdf_jsonld_finish(SilaRdfWriter *w);

SilaStatus rdf_rdfxml_writer_start(SilaRdfWriter *w);
SilaStatus rdf_rdfxml_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                           const SilaTerm *o);
SilaStatus rdf_rdfxml_finish(SilaRdfWriter *w);
void rdf_rdfxml_writer_free(SilaRdfWriter *w);

#endif
