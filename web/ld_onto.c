/* ld_onto.c — the regional vocabulary {base}/onto/ as one document: every
 * triple of the vocabularies' graph {base}/onto whose subject is in the
 * namespace {base}/onto/ (the ontology and its terms), the way ontologies
 * are served (one document by content negotiation; each term also has its
 * own page at /onto/{term}). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_dump.h"

static int id_cmp_iri(const void *a, const void *b, void *txn) {
  SilaTerm x, y;
  char xb[SILA_TERM_BUF], yb[SILA_TERM_BUF];
  if (sila_txn_term(txn, *(const SilaId *)a, &x, xb) != SILA_OK ||
      sila_txn_term(txn, *(const SilaId *)b, &y, yb) != SILA_OK)
    return 0;
  size_t n = x.value_len < y.value_len ? x.value_len : y.value_len;
  int c = memcmp(x.value, y.value, n);
  return c ? c : (x.value_len > y.value_len) - (x.value_len < y.value_len);
}

SilaStatus ld_onto_terms(SilaTxn *txn, const char *base, SilaId **out, size_t *n) {
  *out = NULL;
  *n = 0;
  base = ld_base(base);
  char *graph = NULL, *ns = NULL;
  if (asprintf(&graph, "%s/onto", base) < 0)
    return SILA_ERR_NOMEM;
  if (asprintf(&ns, "%s%s", base, LD_ONTO_PATH) < 0) {
    free(graph);
    return SILA_ERR_NOMEM;
  }
  size_t nl = strlen(ns);
  SilaId g = ld_iri_id(txn, graph);
  free(graph);
  SilaStatus st = SILA_OK;
  LdIdSet seen = {0};
  size_t cap = 0;
  if (g != SILA_ID_ANY) {
    SilaIdQuad pat = {0, 0, 0, g}, q;
    SilaScan *sc = NULL;
    if ((st = sila_scan_open(txn, &pat, 0, &sc)) == SILA_OK) {
      while (st == SILA_OK && sila_scan_next(sc, &q) == 1) {
        if (sila_id_tag(q.s) != SILA_TAG_IRI || ld_idset_has(&seen, q.s))
          continue;
        SilaTerm t;
        char tb[SILA_TERM_BUF];
        if (ld_idset_add(&seen, q.s) < 0) {
          st = SILA_ERR_NOMEM;
          break;
        }
        if (sila_txn_term(txn, q.s, &t, tb) != SILA_OK || t.value_len < nl ||
            strncmp(t.value, ns, nl))
          continue;
        if (*n == cap) {
          cap = cap ? cap * 2 : 32;
          SilaId *m = realloc(*out, cap * sizeof *m);
          if (!m) {
            st = SILA_ERR_NOMEM;
            break;
          }
          *out = m;
        }
        (*out)[(*n)++] = q.s;
      }
      sila_scan_free(sc);
    }
  }
  ld_idset_free(&seen);
  free(ns);
  if (st != SILA_OK) {
    free(*out);
    *out = NULL;
    *n = 0;
    return st;
  }
  if (*n)
    qsort_r(*out, *n, sizeof **out, id_cmp_iri, txn);
  return SILA_OK;
}

typedef struct {
  SilaRdfWriter *w;
} OntoCtx;

static SilaStatus onto_triple(void *ctx, int part, const SilaTerm *s, const SilaTerm *p,
                              const SilaTerm *o, const SilaTerm *g) {
  (void)g;
  if (part == 2)
    return SILA_OK; /* the document holds the terms' own statements */
  SilaStatus st = sila_rdf_writer_quad(((OntoCtx *)ctx)->w, s, p, o, NULL);
  return st == SILA_ERR_INVALID ? SILA_OK : st;
}

SilaStatus sila_ld_write_ontology(SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                                  SilaWriteFn write_fn, void *ctx) {
  SilaId *terms = NULL;
  size_t n = 0;
  SilaStatus st = ld_onto_terms(txn, base, &terms, &n);
  if (st != SILA_OK)
    return st;
  if (!n) {
    free(terms);
    return SILA_ERR_NOT_FOUND;
  }
  OntoCtx oc = {sila_rdf_writer_new(fmt, write_fn, ctx, sila_default_prefixes())};
  if (!oc.w) {
    free(terms);
    return SILA_ERR_NOMEM;
  }
  SilaLdDescribeOptions opt = {0, 1, 0, NULL};
  for (size_t i = 0; st == SILA_OK && i < n; i++) {
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if ((st = sila_txn_term(txn, terms[i], &t, tb)) != SILA_OK)
      break;
    char *iri = strndup(t.value, t.value_len);
    if (!iri) {
      st = SILA_ERR_NOMEM;
      break;
    }
    st = sila_ld_describe(txn, iri, &opt, onto_triple, &oc, NULL);
    free(iri);
  }
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(oc.w);
  sila_rdf_writer_free(oc.w);
  free(terms);
  return st;
}
