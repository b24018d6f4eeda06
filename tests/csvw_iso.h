/* csvw_iso.h — RDF graph isomorphism with blank nodes, for the CSVW suite.
 *
 * A graph is a list of triples of terms written as strings: "<iri>",
 * "_:label", or "\"lexical\"" followed by "@lang" or "^^<datatype>"
 * (xsd:string written without a datatype). */
#ifndef SILA_CSVW_ISO_H
#define SILA_CSVW_ISO_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_term.h"

typedef struct {
  char *t[3];
} CsvwTriple;

typedef struct {
  CsvwTriple *v;
  size_t n, cap;
} CsvwGraph;

/* Appends a triple (copies the strings); duplicates are dropped. */
void csvw_graph_add(CsvwGraph *g, const char *s, const char *p, const char *o);
/* Appends a triple of SilaTerms. */
void csvw_graph_add_terms(CsvwGraph *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o);
/* The string form of a term (new string). */
char *csvw_term_string(const SilaTerm *t);
void csvw_graph_free(CsvwGraph *g);

/* True when a and b are isomorphic.  On false, writes a short reason
 * (a triple of one graph the other lacks) to why (may be NULL). */
bool csvw_graph_isomorphic(const CsvwGraph *a, const CsvwGraph *b, char *why, size_t whylen);

#endif
