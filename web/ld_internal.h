/* ld_internal.h — helpers shared by the ld_*.c files (not public). */
#ifndef SILA_LD_INTERNAL_H
#define SILA_LD_INTERNAL_H

#include "sila_ld.h"

#define LD_RDF_TYPE SILA_NS_RDF "type"
#define LD_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define LD_OWL_SAMEAS "http://www.w3.org/2002/07/owl#sameAs"
#define LD_DCT "http://purl.org/dc/terms/"
#define LD_DCAT "http://www.w3.org/ns/dcat#"
#define LD_FOAF "http://xmlns.com/foaf/0.1/"
#define LD_SKOS "http://www.w3.org/2004/02/skos/core#"
#define LD_L0 "https://w3id.org/italia/onto/l0/"
#define LD_CLV "https://w3id.org/italia/onto/CLV/"
#define LD_GEO "http://www.w3.org/2003/01/geo/wgs84_pos#"
#define LD_VOID "http://rdfs.org/ns/void#"
#define LD_ITALIA "https://w3id.org/italia/"

/* A set of IDs (open addressing; 0 = SILA_ID_ANY is never stored). */
typedef struct {
  SilaId *slots;
  size_t cap, n;
} LdIdSet;

/* Adds id: 1 when new, 0 when present, -1 out of memory. */
int ld_idset_add(LdIdSet *s, SilaId id);
bool ld_idset_has(const LdIdSet *s, SilaId id);
void ld_idset_free(LdIdSet *s);

/* The ID of an IRI, or SILA_ID_ANY when the store does not know it. */
SilaId ld_iri_id(SilaTxn *txn, const char *iri);

/* The best label of a term: rdfs:label, l0:name, skos:prefLabel, dct:title,
 * foaf:name, POI:POIofficialName; Italian first, then English, then no
 * language, then any.  Returns true and fills *out (strings valid until the
 * transaction ends; buf is SILA_TERM_BUF bytes for inline values). */
bool ld_best_label(SilaTxn *txn, SilaId id, SilaTerm *out, char *buf);

/* The label predicates, NULL-terminated. */
extern const char *const ld_label_predicates[];

const char *ld_base(const char *base);

#endif
