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

/* The best label of a term (ld_label.c: the fallback chain — the label
 * properties, fixed and derived from rdfs:subPropertyOf in the store,
 * Italian first, then those of its owl:sameAs resources).  Returns true
 * and fills *out (strings valid until the transaction ends; buf is
 * SILA_TERM_BUF bytes for inline values). */
bool ld_best_label(SilaTxn *txn, SilaId id, SilaTerm *out, char *buf);

/* Appends the human title of a resource (plain text, not escaped): its
 * best label, else a title from its type and key ("Osservazione —
 * Cosenza, 2023", "Tipologia struttura — Albergo").  id may be
 * SILA_ID_ANY (unknown to the store).  Returns 0 or -1. */
int ld_title(SilaTxn *txn, const char *base, SilaId id, const char *iri, size_t ilen,
             SilaBuf *out);

/* The predicate of id's own best label (no owl:sameAs) among its triples
 * in graph g (SILA_ID_ANY = all graphs), or SILA_ID_ANY. */
SilaId ld_label_predicate(SilaTxn *txn, SilaId id, SilaId g);

/* ---- ld_examples.c: example queries of a dataset page ---- */
typedef struct {
  char *title; /* owned, Italian */
  char *query; /* owned, SPARQL */
} LdExample;
/* The example queries of the dataset graph `graph_iri`, generated from its
 * real classes and properties so that each returns rows: its first
 * triples, its resources by type, the instances of its main class with
 * their names, the properties of that class, its links to the national
 * vocabularies.  *out malloc'd (ld_examples_free).  SILA_OK (possibly
 * none, for an empty graph), SILA_ERR_NOMEM or a store error. */
SilaStatus ld_dataset_examples(SilaTxn *txn, const char *graph_iri, LdExample **out, size_t *n);
void ld_examples_free(LdExample *ex, size_t n);

/* The fixed label predicates, in the chain's order, NULL-terminated. */
extern const char *const ld_label_predicates[];

const char *ld_base(const char *base);

/* ---- ld_iri.c: request paths ↔ IRIs (RFC 3986 §6.2.2, RFC 3987 §3.2) ---- */
/* Appends the URI form of a path or IRI segment s[0..len) (raw, decoded
 * or holding UTF-8): %XX kept with upper-case hex, %XX of unreserved
 * characters decoded, every byte a URI path cannot carry raw (non-ASCII,
 * space, '%' not starting an escape, '?', '#', …) escaped.  0 or -1. */
int ld_uri_form(const char *s, size_t len, SilaBuf *out);
/* Appends the IRI form of a URI: each %XX run that spells a UTF-8
 * non-ASCII character decoded to it, everything else kept.  0 or -1. */
int ld_iri_form(const char *uri, size_t len, SilaBuf *out);
/* Appends s[0..len) with every %XX decoded (NUL bytes dropped).  0 or -1. */
int ld_percent_decode(const char *s, size_t len, SilaBuf *out);

/* When `iri` ({base}/id/{concept}/{key}) is not in the store but the IRI
 * with its key in slug form (csvw_slug.h: the CSVW templates' rule since
 * the old IRIs needed escaping) is, *location gets that IRI's path
 * ("/id/{concept}/{slug}", malloc'd) for a 301; else NULL.  SILA_OK or
 * SILA_ERR_NOMEM. */
SilaStatus ld_slug_moved(SilaTxn *txn, const char *base, const char *iri, char **location);

/* When `iri` is a service URL under base ({base}/sparql, /void, /dump/…,
 * /files/…) and public_base differs from base, appends the same URL under
 * public_base (NUL-terminated) and returns 1; 0 when it stays as it is;
 * -1 out of memory.  Resource and dataset IRIs never change. */
int ld_public_iri(const char *base, const char *public_base, const char *iri, size_t len,
                  SilaBuf *out);

/* sila_ld_write_void with the SPARQL endpoint and the dumps announced
 * under public_base (NULL = base): ld_void.c. */
SilaStatus ld_write_void_at(SilaTxn *txn, const char *base, const char *public_base,
                            SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx);

/* The same, writing only the statements whose subject is `only` (NULL =
 * all); *written (may be NULL) gets how many: how a resource VoID
 * announces (a linkset {base}/set/{slug}/linkset/{name}) is known. */
SilaStatus ld_write_void_only(SilaTxn *txn, const char *base, const char *public_base,
                              const char *only, SilaRdfFormat fmt, SilaWriteFn write_fn,
                              void *ctx, uint64_t *written);

/* ---- ld_set.c: graphs under {base}/set/ ---- */
/* True when the graph named `iri` holds quads. */
bool ld_graph_has_quads(SilaTxn *txn, const char *iri);
/* Whether the catalogue graph {base}/catalogo says anything of iri. */
bool ld_in_catalogue(SilaTxn *txn, const char *base, const char *iri);
/* The description of a graph {base}/set/{slug} that the catalogue does not
 * describe (loaded with `sila load --graph`): a void:Dataset with its
 * triples, its dumps and the SPARQL endpoint, in `fmt`. */
SilaStatus ld_write_graph_description(SilaTxn *txn, const char *base, const char *iri,
                                      const char *slug, SilaRdfFormat fmt, SilaWriteFn write_fn,
                                      void *ctx);

/* The namespace of the regional vocabulary, under base: "{base}/onto/". */
#define LD_ONTO_PATH "/onto/"

/* ---- ld_onto.c ---- */
/* The IRIs of the regional vocabulary: subjects in the namespace
 * {base}/onto/ of the graph {base}/onto, sorted by IRI.  *out is malloc'd
 * (free it; NULL when *n is 0).  SILA_OK, SILA_ERR_NOMEM or a store error. */
SilaStatus ld_onto_terms(SilaTxn *txn, const char *base, SilaId **out, size_t *n);

#endif
