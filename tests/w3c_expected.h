/* w3c_expected.h — the expected results of W3C SPARQL query tests, shared by
 * the in-process runner (sparql_eval_suite) and the runner from outside
 * (sparql_outside).
 *
 * Results come in SPARQL XML (.srx), JSON (.srj), CSV, TSV, or as an RDF
 * graph in the rs: vocabulary (.ttl, .rdf, .nt). */
#ifndef SILA_TEST_W3C_EXPECTED_H
#define SILA_TEST_W3C_EXPECTED_H

#include <stdbool.h>

#include "sila_results.h"
#include "sila_sparql.h"

/* The expected result set of the file at `iri` (a file: IRI), owned by the
 * caller (sila_results_set_free), or NULL when it cannot be read.
 * *lexical is set when the file is CSV (compare with RESULTS_CMP_LEXICAL). */
SilaResultSet *w3c_expected_results(const char *iri, bool *lexical);

/* The result format a file name's extension names (.srx, .srj, .csv, .tsv),
 * SILA_RESULTS_UNKNOWN for the others. */
SilaResultFormat w3c_results_format_of(const char *path);

/* True when the query's solutions must come in order: an ORDER BY under
 * the solution modifiers at the top of its algebra. */
bool w3c_query_ordered(const SilaQuery *q);

#endif
