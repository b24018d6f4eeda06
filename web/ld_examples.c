/* ld_examples.c — the example queries of a dataset page, generated from
 * the dataset's real classes and properties (a fixed query naming
 * rdfs:label returned nothing for datasets that name things with l0:name
 * or poi:POIofficialName).  Each query is built from triples found in the
 * graph, so each returns rows (tests/ld_details_test.sh runs them). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

void ld_examples_free(LdExample *ex, size_t n) {
  for (size_t i = 0; ex && i < n; i++) {
    free(ex[i].title);
    free(ex[i].query);
  }
  free(ex);
}

/* Appends one example; the strings are taken (freed on failure). */
static int add(LdExample **ex, size_t *n, char *title, char *query) {
  LdExample *m = title && query ? realloc(*ex, (*n + 1) * sizeof *m) : NULL;
  if (!m) {
    free(title);
    free(query);
    return -1;
  }
  *ex = m;
  m[*n].title = title;
  m[*n].query = query;
  (*n)++;
  return 0;
}

static char *term_str(SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (sila_txn_term(txn, id, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
    return NULL;
  return strndup(t.value, t.value_len);
}

/* A short Italian name for a class or property: its label, else the IRI. */
static char *name_of(SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (ld_best_label(txn, id, &t, tb))
    return strndup(t.value, t.value_len);
  return term_str(txn, id);
}

typedef struct {
  SilaId id;
  uint64_t n;
} Count;

/* Counts ids in a small array (a dataset has few classes, predicates). */
static int bump(Count **c, size_t *n, SilaId id) {
  for (size_t i = 0; i < *n; i++)
    if ((*c)[i].id == id) {
      (*c)[i].n++;
      return 0;
    }
  Count *m = realloc(*c, (*n + 1) * sizeof *m);
  if (!m)
    return -1;
  *c = m;
  m[*n] = (Count){id, 1};
  (*n)++;
  return 0;
}

static SilaId top(const Count *c, size_t n) {
  SilaId best = SILA_ID_ANY;
  uint64_t bn = 0;
  for (size_t i = 0; i < n; i++)
    if (c[i].n > bn) {
      bn = c[i].n;
      best = c[i].id;
    }
  return best;
}

#define SCAN_CAP 200000 /* quads looked at, at most (a page must stay fast) */

SilaStatus ld_dataset_examples(SilaTxn *txn, const char *g_iri, LdExample **out, size_t *n) {
  *out = NULL;
  *n = 0;
  SilaId g = ld_iri_id(txn, g_iri), type_p = ld_iri_id(txn, LD_RDF_TYPE);
  if (g == SILA_ID_ANY || !sila_txn_graph_exists(txn, g))
    return SILA_OK;
  Count *classes = NULL, *links = NULL;
  size_t nc = 0, nl = 0;
  SilaIdQuad pat = {0, 0, 0, g}, q;
  SilaScan *sc = NULL;
  int e = 0;
  SilaStatus st = sila_scan_open(txn, &pat, 0, &sc);
  if (st != SILA_OK)
    return st;
  size_t seen = 0;
  while (!e && seen++ < SCAN_CAP && sila_scan_next(sc, &q) == 1) {
    if (q.p == type_p) {
      e |= bump(&classes, &nc, q.o);
    } else if (sila_id_tag(q.o) == SILA_TAG_IRI) {
      SilaTerm o;
      char ob[SILA_TERM_BUF];
      if (sila_txn_term(txn, q.o, &o, ob) == SILA_OK && o.value_len > strlen(LD_ITALIA) &&
          !strncmp(o.value, LD_ITALIA, strlen(LD_ITALIA)))
        e |= bump(&links, &nl, q.p);
    }
  }
  sila_scan_free(sc);
  char *cls = NULL, *cname = NULL, *namep = NULL, *link = NULL, *lname = NULL;
  char *q1 = NULL;
  if (asprintf(&q1, "SELECT ?s ?p ?o\nWHERE { GRAPH <%s> { ?s ?p ?o } }\nLIMIT 20", g_iri) < 0)
    q1 = NULL;
  e |= add(out, n, strdup("Le prime 20 triple del dataset"), q1);
  SilaId main_class = top(classes, nc);
  if (!e && main_class != SILA_ID_ANY) {
    char *q2 = NULL;
    if (asprintf(&q2,
                 "SELECT ?tipo (COUNT(?s) AS ?n)\nWHERE { GRAPH <%s> { ?s a ?tipo } }\n"
                 "GROUP BY ?tipo ORDER BY DESC(?n)",
                 g_iri) < 0)
      q2 = NULL;
    e |= add(out, n, strdup("Quante risorse per tipo"), q2);
    cls = term_str(txn, main_class);
    cname = name_of(txn, main_class);
    /* the name property of the main class: what names its first instance */
    SilaIdQuad ip = {0, type_p, main_class, g}, iq;
    SilaScan *is = NULL;
    SilaId np = SILA_ID_ANY;
    if (sila_scan_open(txn, &ip, 0, &is) == SILA_OK) {
      if (sila_scan_next(is, &iq) == 1)
        np = ld_label_predicate(txn, iq.s, g);
      sila_scan_free(is);
    }
    if (np != SILA_ID_ANY)
      namep = term_str(txn, np);
    if (cls && cname) {
      char *q3 = NULL, *t3 = NULL;
      int a = namep ? asprintf(&q3,
                               "SELECT ?risorsa ?nome\nWHERE { GRAPH <%s> {\n"
                               "  ?risorsa a <%s> ; <%s> ?nome } }\nORDER BY ?nome LIMIT 50",
                               g_iri, cls, namep)
                    : asprintf(&q3,
                               "SELECT ?risorsa\nWHERE { GRAPH <%s> { ?risorsa a <%s> } }\n"
                               "LIMIT 50",
                               g_iri, cls);
      if (a < 0)
        q3 = NULL;
      if (asprintf(&t3, "Le risorse di tipo «%s»%s", cname, namep ? " con il loro nome" : "") < 0)
        t3 = NULL;
      e |= add(out, n, t3, q3);
      char *q4 = NULL, *t4 = NULL;
      if (asprintf(&q4,
                   "SELECT ?proprieta (COUNT(*) AS ?n)\nWHERE { GRAPH <%s> {\n"
                   "  ?s a <%s> ; ?proprieta ?valore } }\nGROUP BY ?proprieta ORDER BY DESC(?n)",
                   g_iri, cls) < 0)
        q4 = NULL;
      if (asprintf(&t4, "Le proprietà delle risorse di tipo «%s»", cname) < 0)
        t4 = NULL;
      e |= add(out, n, t4, q4);
    }
  }
  SilaId link_p = top(links, nl);
  if (!e && link_p != SILA_ID_ANY && (link = term_str(txn, link_p)) &&
      (lname = name_of(txn, link_p))) {
    char *q5 = NULL, *t5 = NULL;
    if (asprintf(&q5,
                 "SELECT ?risorsa ?nazionale\nWHERE { GRAPH <%s> { ?risorsa <%s> ?nazionale }\n"
                 "  FILTER(STRSTARTS(STR(?nazionale), \"%s\")) }\nLIMIT 50",
                 g_iri, link, LD_ITALIA) < 0)
      q5 = NULL;
    if (asprintf(&t5, "I collegamenti ai vocabolari nazionali («%s»)", lname) < 0)
      t5 = NULL;
    e |= add(out, n, t5, q5);
  }
  free(cls);
  free(cname);
  free(namep);
  free(link);
  free(lname);
  free(classes);
  free(links);
  if (e) {
    ld_examples_free(*out, *n);
    *out = NULL;
    *n = 0;
    return SILA_ERR_NOMEM;
  }
  return SILA_OK;
}
