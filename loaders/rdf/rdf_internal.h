/* rdf_internal.h — helpers shared by the RDF parsers and writers of
 * loaders/ (not installed, not part of the public API). */
#ifndef SILA_RDF_INTERNAL_H
#define SILA_RDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_iri.h" /* sila_iri_char_forbidden: what IRIREF forbids */
#include "sila_rdf_syntax.h"
#include "sila_utf8.h"

/* Character classes of the RDF 1.1 Turtle / N-Triples grammars. */
bool rdf_is_pn_chars_base(uint32_t c);
static inline bool rdf_is_pn_chars_u(uint32_t c) { return c == '_' || rdf_is_pn_chars_base(c); }
static inline bool rdf_is_pn_chars(uint32_t c) {
  return rdf_is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* A short printable description of the byte sequence at p (for error
 * messages): "'x'", "end of line", "end of input", "byte 0xNN". */
/* NULL when `tag` (without '@') is a language tag RDF 1.2 accepts: letters,
 * then '-' subtags of letters and digits, each of 1 to 8 characters, then
 * optionally an RDF 1.2 base direction "--ltr" or "--rtl" (kept in the
 * tag: "ar--rtl"); else what is wrong with it. */
const char *rdf_langtag_problem(const char *tag, size_t len);
const char *rdf_describe(const char *p, size_t avail, char *buf, size_t size);

/* The prolog check of RDF/XML (rdf_xml_prolog.c): fed every chunk before
 * raptor sees it, it refuses SYSTEM/PUBLIC identifiers (external entities,
 * external DTDs) until the root element starts.  Zero-initialise. */
#define RDF_XML_PROLOG_MAX (1 << 20)
typedef struct {
  SilaBuf text; /* the prolog so far */
  bool done;
} RdfXmlProlog;
/* Returns 0, or -1 with err set (SILA_ERR_SYNTAX with the position of the
 * identifier, SILA_ERR_LIMIT for a prolog past RDF_XML_PROLOG_MAX). */
int rdf_xml_prolog_feed(RdfXmlProlog *p, const char *data, size_t len, bool at_end, SilaError *err);
void rdf_xml_prolog_free(RdfXmlProlog *p);

SilaStatus rdf_parse_ntriples(bool quads, SilaRdfReader read_fn, void *read_ctx, SilaQuadSink sink,
                              void *sink_ctx, SilaError *err);
/* rdf_parse_ntriples with more said about the input, for a document read
 * in byte ranges at line ends by several threads (rdf_load_parallel.c). */
typedef struct {
  bool quads;
  bool mid_document;       /* the input starts inside a document: no byte order mark */
  unsigned long lines;     /* out: line ends read */
  unsigned long stop_line; /* out, when the sink refused a statement: its line (1 = the */
  uint64_t stop_offset;    /* input's first) and the offset of that line in the input */
} RdfNtRun;
SilaStatus rdf_parse_ntriples_run(RdfNtRun *run, SilaRdfReader read_fn, void *read_ctx,
                                  SilaQuadSink sink, void *sink_ctx, SilaError *err);
SilaStatus rdf_parse_turtle(bool trig, SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err);
SilaStatus rdf_parse_rdfxml(SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err);

#endif
