/* ld_set.c — graphs under {base}/set/ that the catalogue does not describe
 * (loaded with `sila load --graph {base}/set/x`, like the demo's
 * capoluoghi): they are datasets all the same, with a page, RDF forms and
 * the dumps VoID announces, described here from the store itself. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_dump.h"

bool ld_graph_has_quads(SilaTxn *txn, const char *iri) {
  SilaId g = ld_iri_id(txn, iri);
  return g != SILA_ID_ANY && sila_txn_graph_exists(txn, g);
}

bool ld_in_catalogue(SilaTxn *txn, const char *base, const char *iri) {
  char *cat = NULL;
  if (asprintf(&cat, "%s/catalogo", ld_base(base)) < 0)
    return false;
  SilaId c = ld_iri_id(txn, cat), d = ld_iri_id(txn, iri);
  free(cat);
  SilaIdQuad pat = {d, 0, 0, c};
  return c != SILA_ID_ANY && d != SILA_ID_ANY && sila_txn_count(txn, &pat, 1) > 0;
}

static SilaStatus put_iri(SilaRdfWriter *w, const char *s, const char *p, const char *o) {
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_iri(o);
  return sila_rdf_writer_quad(w, &ts, &tp, &to, NULL);
}

SilaStatus ld_write_graph_description(SilaTxn *txn, const char *base, const char *iri,
                                      const char *slug, SilaRdfFormat fmt, SilaWriteFn write_fn,
                                      void *ctx) {
  base = ld_base(base);
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, write_fn, ctx, sila_default_prefixes());
  if (!w)
    return SILA_ERR_NOMEM;
  char *nt = NULL, *ttl = NULL, *sparql = NULL, n[32];
  SilaId g = ld_iri_id(txn, iri);
  SilaIdQuad all = {0, 0, 0, g};
  snprintf(n, sizeof n, "%llu", (unsigned long long)sila_txn_count(txn, &all, UINT64_MAX));
  SilaStatus st = SILA_ERR_NOMEM;
  if (asprintf(&nt, "%s/dump/%s.nt.gz", base, slug) < 0)
    nt = NULL;
  else if (asprintf(&ttl, "%s/dump/%s.ttl", base, slug) < 0)
    ttl = NULL;
  else if (asprintf(&sparql, "%s/sparql", base) < 0)
    sparql = NULL;
  else
    st = put_iri(w, iri, LD_RDF_TYPE, LD_VOID "Dataset");
  if (st == SILA_OK)
    st = put_iri(w, iri, LD_VOID "dataDump", nt);
  if (st == SILA_OK)
    st = put_iri(w, iri, LD_VOID "dataDump", ttl);
  if (st == SILA_OK)
    st = put_iri(w, iri, LD_VOID "sparqlEndpoint", sparql);
  if (st == SILA_OK) {
    SilaTerm ts = sila_term_iri(iri), tp = sila_term_iri(LD_VOID "triples"),
             to = sila_term_literal(n, SILA_NS_XSD "integer", NULL);
    st = sila_rdf_writer_quad(w, &ts, &tp, &to, NULL);
  }
  SilaTerm label;
  char lb[SILA_TERM_BUF];
  if (st == SILA_OK && g != SILA_ID_ANY && ld_best_label(txn, g, &label, lb)) {
    /* the title its own data give it (the page uses it too) */
    SilaTerm ts = sila_term_iri(iri), tp = sila_term_iri(LD_DCT "title");
    st = sila_rdf_writer_quad(w, &ts, &tp, &label, NULL);
  }
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(w);
  sila_rdf_writer_free(w);
  free(nt);
  free(ttl);
  free(sparql);
  return st;
}
