/* sila_dump.c — streaming a store or a graph out through an RDF writer.
 * Quads come in index order (graph, subject, predicate), which is what the
 * Turtle and TriG writers group best. */
#include "sila_dump.h"

/* The one prefix table of Sila: descriptions, dumps, pages and the query
 * page all use it. */
static const SilaPrefix default_prefixes[] = {
    {"rdf", SILA_NS_RDF},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", SILA_NS_XSD},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dct", "http://purl.org/dc/terms/"},
    {"dcat", "http://www.w3.org/ns/dcat#"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"dcatapit", "http://dati.gov.it/onto/dcatapit#"},
    {"clv", "https://w3id.org/italia/onto/CLV/"},
    {"cov", "https://w3id.org/italia/onto/COV/"},
    {"poi", "https://w3id.org/italia/onto/POI/"},
    {"acco", "https://w3id.org/italia/onto/ACCO/"},
    /* Cultural-ON, as the national ontologies and the data use it */
    {"cis", "http://dati.beniculturali.it/cis/"},
    {"l0", "https://w3id.org/italia/onto/l0/"},
    {"ti", "https://w3id.org/italia/onto/TI/"},
    {"sm", "https://w3id.org/italia/onto/SM/"},
    {"cpev", "https://w3id.org/italia/onto/CPEV/"},
    {"mu", "https://w3id.org/italia/onto/MU/"},
    {"qb", "http://purl.org/linked-data/cube#"},
    {"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
    {"calabria", "https://dati.calabria.it/onto/"},
    {NULL, NULL},
};

const SilaPrefix *sila_default_prefixes(void) { return default_prefixes; }

static SilaStatus write_quad(SilaTxn *txn, SilaRdfWriter *w, const SilaIdQuad *q, bool graphs) {
  SilaTerm t[4];
  char buf[4][SILA_TERM_BUF];
  SilaId ids[4] = {q->s, q->p, q->o, q->g};
  for (int i = 0; i < 4; i++) {
    if (i == 3 && (!graphs || q->g == SILA_ID_DEFAULT_GRAPH))
      break;
    SilaStatus st = sila_txn_term(txn, ids[i], &t[i], buf[i]);
    if (st != SILA_OK)
      return st;
  }
  return sila_rdf_writer_quad(w, &t[0], &t[1], &t[2],
                              graphs && q->g != SILA_ID_DEFAULT_GRAPH ? &t[3] : NULL);
}

SilaStatus sila_dump(SilaTxn *txn, SilaId g, SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                     uint64_t *count) {
  return sila_dump_report(txn, g, fmt, write_fn, ctx, count, NULL);
}

SilaStatus sila_dump_report(SilaTxn *txn, SilaId g, SilaRdfFormat fmt, SilaWriteFn write_fn,
                            void *ctx, uint64_t *count, SilaError *err) {
  if (count)
    *count = 0;
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, write_fn, ctx, default_prefixes);
  if (!w)
    return SILA_ERR_NOMEM;
  bool graphs = g == SILA_ID_ANY && sila_rdf_format_has_graphs(fmt);
  /* Whole store with graphs: GSPO order, so TriG writes one block per graph. */
  SilaIdQuad pat = {0, 0, 0, g};
  unsigned flags = 0;
  SilaScan *sc = NULL;
  SilaStatus st;
  if (graphs) {
    SilaGraphIter *it;
    st = sila_graphs_open(txn, &it);
    SilaId gid;
    int r = 0;
    while (st == SILA_OK && (r = sila_graphs_next(it, &gid)) == 1) {
      SilaIdQuad gp = {0, 0, 0, gid}, q;
      st = sila_scan_open(txn, &gp, 0, &sc);
      while (st == SILA_OK && (r = sila_scan_next(sc, &q)) == 1) {
        st = write_quad(txn, w, &q, true);
        if (count)
          ++*count;
      }
      if (st == SILA_OK && r < 0)
        st = (SilaStatus)-r;
      sila_scan_free(sc);
    }
    if (st == SILA_OK && r < 0)
      st = (SilaStatus)-r;
    sila_graphs_free(it);
  } else {
    if (g == SILA_ID_ANY)
      flags = SILA_SCAN_DISTINCT_TRIPLES;
    st = sila_scan_open(txn, &pat, flags, &sc);
    SilaIdQuad q;
    int r = 0;
    while (st == SILA_OK && (r = sila_scan_next(sc, &q)) == 1) {
      st = write_quad(txn, w, &q, false);
      if (count)
        ++*count;
    }
    if (st == SILA_OK && r < 0)
      st = (SilaStatus)-r;
    sila_scan_free(sc);
  }
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(w);
  if (st != SILA_OK && err)
    sila_error_set(err, st, 0, 0, "%s",
                   *sila_rdf_writer_problem(w) ? sila_rdf_writer_problem(w) : sila_strerror(st));
  sila_rdf_writer_free(w);
  return st;
}
