/* publish_internal.h — what sila_publish.c and publish_catalogue.c share.
 * Internal to app/. */
#ifndef SILA_PUBLISH_INTERNAL_H
#define SILA_PUBLISH_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "sila_store.h"
#include "sila_term.h"

#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_DCATAPIT "http://dati.gov.it/onto/dcatapit#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_FOAF "http://xmlns.com/foaf/0.1/"
#define NS_VCARD "http://www.w3.org/2006/vcard/ns#"
#define NS_CSVW "http://www.w3.org/ns/csvw#"
#define RDF_TYPE SILA_NS_RDF "type"
#define EU_THEME "http://publications.europa.eu/resource/authority/data-theme/"
#define EU_FREQ "http://publications.europa.eu/resource/authority/frequency/"
#define EU_FTYPE "http://publications.europa.eu/resource/authority/file-type/"
#define EU_LANG_ITA "http://publications.europa.eu/resource/authority/language/ITA"
#define XSD_DATE SILA_NS_XSD "date"

/* Triples kept in memory until the write transaction: terms appended as
 * kind byte, then value, datatype and lang, each a size_t length and the
 * bytes (datatype/lang length SIZE_MAX = NULL).  Owns buf. */
typedef struct {
  SilaBuf buf;
  uint64_t n;
  bool oom; /* an append failed: the buffer is incomplete, the publish fails */
} TripleBuf;

/* Appends a triple (sets tb->oom, and adds nothing, when out of memory). */
void publish_tb_add(TripleBuf *tb, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o);
/* Adds every triple of tb to `bulk` in graph g. */
SilaStatus publish_tb_replay(const TripleBuf *tb, SilaBulk *bulk, const SilaTerm *g);

/* Subjects whose catalogue triples a publish rewrites (all but the
 * catalogue's dcat:dataset links to the other datasets); owns the IRIs. */
typedef struct {
  char *iri[48];
  size_t n;
} Subjects;

/* The catalogue triples of description `d` into tb (tb->oom when out of
 * memory); ss gets the subjects. */
void publish_catalogue(TripleBuf *tb, Subjects *ss, json_t *d, const char *base, const char *today,
                       const char *csv_name, uint64_t rows);
/* Removes the catalogue triples of `iri` from graph g (for the catalogue
 * node itself, all but its dcat:dataset and dcat:service links). */
SilaStatus publish_clear_subject(SilaTxn *txn, SilaId g, const char *iri, bool keep_links,
                                 uint64_t *removed);

/* a, b and c (NULL = "") in a new string; NULL when out of memory or when
 * a or b is NULL (an earlier allocation failed). */
char *publish_cat(const char *a, const char *b, const char *c);
/* A non-empty string member of o, or NULL. */
const char *publish_jstr(json_t *o, const char *key);
/* "yyyy-mm-dd"? */
bool publish_is_date(const char *s);

#endif
