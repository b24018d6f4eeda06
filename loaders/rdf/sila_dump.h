/* sila_dump.h — writing a store, or one graph of it, as RDF. */
#ifndef SILA_DUMP_H
#define SILA_DUMP_H

#include <stdint.h>

#include "sila_rdf_write.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The prefixes Sila writes in Turtle, TriG and JSON-LD (RDF, XSD, DCAT,
 * OntoPiA, ...); an array ending with {NULL, NULL}, static. */
const SilaPrefix *sila_default_prefixes(void);

/* Writes graph `g` (a store ID; SILA_ID_DEFAULT_GRAPH for the default
 * graph) or, with g == SILA_ID_ANY, the whole store, in `fmt` through
 * write_fn, inside the read transaction `txn`.  For the whole store, N-Quads
 * and TriG keep graph names; triple formats write every distinct triple of
 * every graph once.  *count (if not NULL) gets the statements written.
 * Errors: the writer's or the store's. */
SilaStatus sila_dump(SilaTxn *txn, SilaId g, SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                     uint64_t *count);

/* The same; on failure `err` (if not NULL) says why, naming the term a
 * writer could not write (an RDF 1.2 triple term in JSON-LD, ...). */
SilaStatus sila_dump_report(SilaTxn *txn, SilaId g, SilaRdfFormat fmt, SilaWriteFn write_fn,
                            void *ctx, uint64_t *count, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
