/* sila_rdf_write.h — streaming RDF writers: N-Triples, N-Quads, Turtle,
 * TriG, JSON-LD and RDF/XML.
 *
 * A writer takes statements one at a time and sends text to a write
 * callback in bounded pieces (it buffers at most ~64 KiB), so a web
 * response or a dump never holds the whole graph.  Turtle and TriG group
 * *consecutive* statements with the same subject with ';' and the same
 * predicate with ',' (and TriG consecutive statements of one graph in one
 * block); JSON-LD groups consecutive statements of one subject in one node
 * object.  Feed statements sorted by (graph,) subject, predicate for the
 * most compact output; any order gives correct output.
 *
 * Formats without named graphs (N-Triples, Turtle, RDF/XML) write the
 * statements of every graph as triples, dropping the graph name (as rapper
 * does): callers who care choose N-Quads, TriG or JSON-LD.
 *
 * RDF/XML goes through raptor's "rdfxml" serializer, which cannot write
 * every graph: a predicate IRI that does not split into an XML QName, or a
 * term holding a control character XML 1.0 cannot carry, makes
 * sila_rdf_writer_quad return SILA_ERR_INVALID for that statement (the
 * writer stays usable).  The empty prefix is not declared in RDF/XML.
 *
 * RDF 1.2 triple terms (objects only) are written by N-Triples, N-Quads,
 * Turtle, TriG (<<( s p o )>>) and RDF/XML (rdf:parseType="Triple");
 * JSON-LD 1.1 has no form for them: such a statement is refused with
 * SILA_ERR_UNSUPPORTED and sila_rdf_writer_problem names the term.
 * N-Triples and N-Quads are written in RDF 1.2 canonical form (language
 * tags in lower case; \b \t \n \f \r \" \\ escaped as ECHAR, other
 * controls, DEL, U+FFFE and U+FFFF as \uXXXX).
 *
 * Blank node labels that are not valid N-Triples / Turtle labels (such as
 * the "-b7" labels the Turtle parser generates; for RDF/XML: not an ASCII
 * XML NCName) are written as "x-" followed by the hex of their bytes;
 * labels that start with "x-" are written that way too, so distinct
 * labels always stay distinct.
 *
 * A writer is used from one thread at a time.
 */
#ifndef SILA_RDF_WRITE_H
#define SILA_RDF_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_rdf_syntax.h"
#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SilaWriteFn: see sila_term.h. */

/* A namespace prefix for Turtle, TriG and JSON-LD (compact form) and the
 * namespace declarations of RDF/XML.  Arrays of them end with {NULL, NULL}.
 * Names that are not a Turtle PN_PREFIX are ignored.  JSON-LD uses only
 * prefixes whose IRI ends with one of ":/?#[]@" (the JSON-LD 1.1 prefix
 * rule) and never ones named like common URI schemes (http, https, urn,
 * ...), which would change how full IRIs of that scheme read back. */
typedef struct {
  const char *prefix; /* "ex" (without ':'); "" is the empty prefix */
  const char *iri;
} SilaPrefix;

typedef struct SilaRdfWriter SilaRdfWriter;

/* JSON-LD output forms (sila_rdf_writer_set_jsonld_form). */
typedef enum {
  SILA_JSONLD_AUTO = 0, /* compacted with an @context when prefixes were given, else expanded */
  SILA_JSONLD_EXPANDED, /* expanded, flat: an array of node objects with full IRIs */
  SILA_JSONLD_COMPACT,  /* {"@context": {prefixes}, "@graph": [...]} with compact IRIs */
} SilaJsonLdForm;

/* Creates a writer for `fmt` (any SilaRdfFormat but SILA_RDF_UNKNOWN)
 * sending text to write_fn(ctx, ...).  `prefixes` (may be NULL) is copied;
 * Turtle and TriG write them as @prefix lines at the start.  Returns NULL
 * when out of memory or for an unknown format. */
SilaRdfWriter *sila_rdf_writer_new(SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                                   const SilaPrefix *prefixes);

/* Chooses the JSON-LD form; call before the first statement.  No effect on
 * other formats.  Returns SILA_OK or SILA_ERR_INVALID (too late). */
SilaStatus sila_rdf_writer_set_jsonld_form(SilaRdfWriter *w, SilaJsonLdForm form);

/* Writes one statement; `g` NULL = default graph.  The terms are only read
 * during the call.  Returns SILA_OK, SILA_ERR_INVALID for a term that
 * cannot stand where it is (a literal subject, a non-IRI predicate, an
 * RDF/XML statement raptor cannot write — see above; nothing was written
 * and the writer stays usable), SILA_ERR_NOMEM, or the write callback's
 * failure (the writer is then failed). */
SilaStatus sila_rdf_writer_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                                const SilaTerm *o, const SilaTerm *g);

/* Why the writer refused the last statement it refused (SILA_ERR_INVALID
 * or SILA_ERR_UNSUPPORTED), naming the term, e.g. "JSON-LD cannot carry
 * the RDF 1.2 triple term <<( … )>>"; "" when it gave no reason.  Owned by
 * the writer, valid until its next call. */
const char *sila_rdf_writer_problem(const SilaRdfWriter *w);

/* Closes open blocks, writes the document's end and flushes everything to
 * the callback.  Returns SILA_OK or the first failure. */
SilaStatus sila_rdf_writer_finish(SilaRdfWriter *w);

/* Frees the writer (without finishing it).  NULL is a no-op. */
void sila_rdf_writer_free(SilaRdfWriter *w);

/* A SilaWriteFn that appends to a SilaBuf (pass the SilaBuf as ctx). */
SilaStatus sila_rdf_write_to_buf(void *buf, const char *data, size_t len);

/* A SilaWriteFn that writes to a stdio FILE* (pass the FILE* as ctx). */
SilaStatus sila_rdf_write_to_file(void *file, const char *data, size_t len);

/* True when `label` (len bytes) is a valid BLANK_NODE_LABEL body of
 * N-Triples / Turtle (without "_:"). */
bool sila_rdf_blank_label_valid(const char *label, size_t len);

#ifdef __cplusplus
}
#endif
#endif
