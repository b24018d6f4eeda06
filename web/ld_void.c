/* ld_void.c — the VoID description of the store: one void:Dataset per
 * published graph {base}/set/{slug}, with statistics computed from the
 * store in one pass over each graph, and linksets to the national IRIs. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

static const SilaPrefix void_prefixes[] = {
    {"void", LD_VOID},    {"dct", LD_DCT},      {"owl", "http://www.w3.org/2002/07/owl#"},
    {"xsd", SILA_NS_XSD}, {"rdf", SILA_NS_RDF}, {NULL, NULL},
};

typedef struct {
  uint64_t triples, classes, properties, subjects, links;
} GraphStats;

/* One pass over graph g (GSPO order: subjects come sorted, so counting
 * them needs no memory; distinct objects would need a set as large as the
 * graph, so VoID goes without void:distinctObjects) plus the rdf:type and
 * owl:sameAs quads of g. */
static SilaStatus graph_stats(SilaTxn *txn, SilaId g, GraphStats *gs) {
  memset(gs, 0, sizeof *gs);
  LdIdSet props = {0}, classes = {0};
  SilaStatus st = SILA_OK;
  SilaIdQuad pat = {0, 0, 0, g}, q;
  SilaScan *sc = NULL;
  SilaId last_s = SILA_ID_ANY;
  int r = 0;
  if ((st = sila_scan_open(txn, &pat, 0, &sc)) != SILA_OK)
    goto done;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    gs->triples++;
    if (q.s != last_s) {
      gs->subjects++;
      last_s = q.s;
    }
    if (ld_idset_add(&props, q.p) < 0) {
      st = SILA_ERR_NOMEM;
      break;
    }
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  sc = NULL;
  if (st != SILA_OK)
    goto done;
  gs->properties = props.n;

  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  if (type_p) {
    SilaIdQuad tp = {0, type_p, 0, g};
    if ((st = sila_scan_open(txn, &tp, 0, &sc)) != SILA_OK)
      goto done;
    while ((r = sila_scan_next(sc, &q)) == 1)
      if (ld_idset_add(&classes, q.o) < 0) {
        st = SILA_ERR_NOMEM;
        break;
      }
    sila_scan_free(sc);
    sc = NULL;
    gs->classes = classes.n;
  }
  SilaId same_p = ld_iri_id(txn, LD_OWL_SAMEAS);
  if (same_p && st == SILA_OK) {
    SilaIdQuad sp = {0, same_p, 0, g};
    if ((st = sila_scan_open(txn, &sp, 0, &sc)) != SILA_OK)
      goto done;
    while ((r = sila_scan_next(sc, &q)) == 1) {
      SilaTerm o;
      char ob[SILA_TERM_BUF];
      if (sila_txn_term(txn, q.o, &o, ob) == SILA_OK && o.kind == SILA_TERM_IRI &&
          o.value_len > sizeof LD_ITALIA - 1 && !strncmp(o.value, LD_ITALIA, sizeof LD_ITALIA - 1))
        gs->links++;
    }
    sila_scan_free(sc);
    sc = NULL;
  }
done:
  ld_idset_free(&props);
  ld_idset_free(&classes);
  return st;
}

typedef struct {
  SilaRdfWriter *w;
  SilaStatus st;
} Out;

static void put_iri(Out *o, const char *s, const char *p, const char *obj) {
  if (o->st != SILA_OK)
    return;
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_iri(obj);
  o->st = sila_rdf_writer_quad(o->w, &ts, &tp, &to, NULL);
}

static void put_lit(Out *o, const char *s, const char *p, const char *lex, const char *dt,
                    const char *lang) {
  if (o->st != SILA_OK)
    return;
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_literal(lex, dt, lang);
  o->st = sila_rdf_writer_quad(o->w, &ts, &tp, &to, NULL);
}

static void put_int(Out *o, const char *s, const char *p, uint64_t n) {
  char num[24];
  snprintf(num, sizeof num, "%llu", (unsigned long long)n);
  put_lit(o, s, p, num, SILA_NS_XSD "integer", NULL);
}

/* True when g is a published dataset graph {base}/set/{slug}; fills gt. */
static bool dataset_graph(SilaTxn *txn, SilaId g, const char *set_prefix, size_t spl, SilaTerm *gt,
                          char *gb) {
  return g != SILA_ID_DEFAULT_GRAPH && sila_txn_term(txn, g, gt, gb) == SILA_OK &&
         gt->kind == SILA_TERM_IRI && gt->value_len > spl && !strncmp(gt->value, set_prefix, spl) &&
         !memchr(gt->value + spl, '/', gt->value_len - spl);
}

SilaStatus sila_ld_write_void(SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                              SilaWriteFn write_fn, void *ctx) {
  base = ld_base(base);
  Out o = {sila_rdf_writer_new(fmt, write_fn, ctx, void_prefixes), SILA_OK};
  if (!o.w)
    return fmt == SILA_RDF_UNKNOWN ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
  char *root = NULL, *sparql = NULL, *set_prefix = NULL, *cat_iri = NULL;
  SilaGraphIter *it = NULL;
  if (asprintf(&root, "%s/void", base) < 0 || asprintf(&sparql, "%s/sparql", base) < 0 ||
      asprintf(&set_prefix, "%s/set/", base) < 0 || asprintf(&cat_iri, "%s/catalogo", base) < 0) {
    o.st = SILA_ERR_NOMEM;
    goto done;
  }
  SilaStoreStats ss;
  if ((o.st = sila_txn_stats(txn, &ss)) != SILA_OK)
    goto done;
  put_iri(&o, root, LD_RDF_TYPE, LD_VOID "Dataset");
  put_lit(&o, root, LD_DCT "title", "Dati aperti della Regione Calabria", NULL, "it");
  put_lit(&o, root, LD_DCT "title", "Open data of the Calabria Region", NULL, "en");
  put_iri(&o, root, LD_VOID "sparqlEndpoint", sparql);
  put_int(&o, root, LD_VOID "triples", ss.quads);

  SilaId cat = ld_iri_id(txn, cat_iri);
  size_t spl = strlen(set_prefix);
  SilaId g;
  SilaTerm gt;
  char gb[SILA_TERM_BUF];
  /* First the list of subsets (so the root's statements stay together),
   * then each dataset. */
  if (o.st == SILA_OK && (o.st = sila_graphs_open(txn, &it)) != SILA_OK)
    goto done;
  while (o.st == SILA_OK && sila_graphs_next(it, &g) == 1) {
    if (!dataset_graph(txn, g, set_prefix, spl, &gt, gb))
      continue;
    char *ds = strndup(gt.value, gt.value_len);
    if (!ds) {
      o.st = SILA_ERR_NOMEM;
      break;
    }
    put_iri(&o, root, LD_VOID "subset", ds);
    free(ds);
  }
  sila_graphs_free(it);
  it = NULL;
  if (o.st == SILA_OK && (o.st = sila_graphs_open(txn, &it)) != SILA_OK)
    goto done;
  while (o.st == SILA_OK && sila_graphs_next(it, &g) == 1) {
    if (!dataset_graph(txn, g, set_prefix, spl, &gt, gb))
      continue;
    char *ds = strndup(gt.value, gt.value_len), *dump = NULL, *ls = NULL;
    if (!ds || asprintf(&dump, "%s/dump/%s.nt.gz", base, ds + spl) < 0 ||
        asprintf(&ls, "%s/linkset/italia", ds) < 0) {
      free(ds);
      o.st = SILA_ERR_NOMEM;
      break;
    }
    GraphStats gs;
    if ((o.st = graph_stats(txn, g, &gs)) == SILA_OK) {
      put_iri(&o, ds, LD_RDF_TYPE, LD_VOID "Dataset");
      /* The title from the catalogue, Italian and English. */
      SilaId tp = ld_iri_id(txn, LD_DCT "title");
      if (cat && tp) {
        SilaIdQuad pat = {g, tp, 0, cat}, q;
        SilaScan *sc = NULL;
        if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
          while (o.st == SILA_OK && sila_scan_next(sc, &q) == 1) {
            SilaTerm s, p, t;
            char sb[SILA_TERM_BUF], pb[SILA_TERM_BUF], tb[SILA_TERM_BUF];
            if (sila_txn_term(txn, q.s, &s, sb) == SILA_OK &&
                sila_txn_term(txn, q.p, &p, pb) == SILA_OK &&
                sila_txn_term(txn, q.o, &t, tb) == SILA_OK)
              o.st = sila_rdf_writer_quad(o.w, &s, &p, &t, NULL);
          }
          sila_scan_free(sc);
        }
      }
      put_iri(&o, ds, LD_VOID "sparqlEndpoint", sparql);
      put_iri(&o, ds, LD_VOID "dataDump", dump);
      put_int(&o, ds, LD_VOID "triples", gs.triples);
      put_int(&o, ds, LD_VOID "classes", gs.classes);
      put_int(&o, ds, LD_VOID "properties", gs.properties);
      put_int(&o, ds, LD_VOID "distinctSubjects", gs.subjects);
      if (gs.links) {
        put_iri(&o, ds, LD_VOID "subset", ls);
        put_iri(&o, ls, LD_RDF_TYPE, LD_VOID "Linkset");
        put_iri(&o, ls, LD_VOID "subjectsTarget", ds);
        put_iri(&o, ls, LD_VOID "objectsTarget", LD_ITALIA);
        put_iri(&o, ls, LD_VOID "linkPredicate", LD_OWL_SAMEAS);
        put_int(&o, ls, LD_VOID "triples", gs.links);
      }
    }
    free(ds);
    free(dump);
    free(ls);
  }
  if (o.st == SILA_OK)
    o.st = sila_rdf_writer_finish(o.w);
done:
  sila_graphs_free(it);
  sila_rdf_writer_free(o.w);
  free(root);
  free(sparql);
  free(set_prefix);
  free(cat_iri);
  return o.st;
}
