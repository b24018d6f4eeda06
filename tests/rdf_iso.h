/* rdf_iso.h — in-memory RDF datasets for tests, and a dataset isomorphism
 * check (RDF 1.1 graph isomorphism extended to quads: blank nodes, also as
 * graph names, may be renamed by a bijection).
 *
 * Used by the RDF syntax suite and the round-trip tests; reusable by other
 * test runners (SPARQL CONSTRUCT results, CSVW output).  Datasets are sets:
 * a statement added twice is kept once.  Language tags are compared
 * case-insensitively (RDF 1.1 allows lower-casing them).  RDF 1.2 triple
 * terms are compared structurally, blank nodes inside them mapped by the
 * same bijection as everywhere else (a triple term holding a blank node
 * adds three statements in the graph <urn:x-sila-iso:graph> that tie it to
 * its components: rdf_iso_size and rdf_iso_get count and return them). */
#ifndef SILA_TEST_RDF_ISO_H
#define SILA_TEST_RDF_ISO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sila_status.h"
#include "sila_term.h"

typedef struct RdfIsoGraph RdfIsoGraph;

/* A new empty dataset, or NULL when out of memory. */
RdfIsoGraph *rdf_iso_graph_new(void);
/* Frees a dataset; NULL is a no-op. */
void rdf_iso_graph_free(RdfIsoGraph *g);
/* Adds a statement (terms are copied); gr NULL = default graph.
 * Returns SILA_OK or SILA_ERR_NOMEM. */
SilaStatus rdf_iso_add(RdfIsoGraph *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                       const SilaTerm *gr);
/* The same, with the SilaQuadSink signature (ctx = the RdfIsoGraph). */
SilaStatus rdf_iso_sink(void *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                        const SilaTerm *gr);
/* Number of distinct statements. */
size_t rdf_iso_size(const RdfIsoGraph *g);
/* Statement i (0 <= i < size) as views valid until the dataset changes. */
void rdf_iso_get(const RdfIsoGraph *g, size_t i, SilaTerm *s, SilaTerm *p, SilaTerm *o,
                 SilaTerm *gr, bool *has_graph);
/* True when a and b are isomorphic.  On false, `why` (if not NULL) gets a
 * short reason, e.g. a statement of `a` that has no counterpart. */
bool rdf_iso_equal(const RdfIsoGraph *a, const RdfIsoGraph *b, char *why, size_t why_size);
/* Writes the dataset as N-Quads (for failure reports). */
void rdf_iso_dump(const RdfIsoGraph *g, FILE *out);
/* Both graphs of a failed comparison, under "    got:" and "    expected:". */
void rdf_iso_dump_both(const RdfIsoGraph *got, const RdfIsoGraph *want, FILE *out);
/* The lines of an N-Triples / N-Quads text, sorted, blank node labels
 * cut to "_:" (canonical documents fix neither order nor labels), for the
 * canonical-form tests; the caller frees the result (NULL when out of
 * memory). */
char *rdf_iso_sorted_lines(const char *text, size_t len);

#endif
