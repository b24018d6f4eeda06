/* test_ld.c — the linked-data layer (web/sila_ld.h) on a store loaded
 * with tests/data/ld/ld.trig: routing, descriptions, HTML pages, search
 * and VoID (parsed back and checked). */
#define _GNU_SOURCE /* mkdtemp, asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvw_slug.h"
#include "rdf_iso.h"
#include "sila_ld.h"
#include "sila_load.h"
#include "test_harness.h"

#define B "https://dati.calabria.it"

static SilaStore *store;
static SilaTxn *txn;

/* ---- Routing --------------------------------------------------------------- */

static void route_ok(const char *path, const char *query, const char *accept, SilaLdRoute *r) {
  CHECK_INT(SILA_OK, sila_ld_route(NULL, path, query, accept, r));
}

static void test_route(void) {
  SilaLdRoute r;
  route_ok("/id/comune/078045", NULL, "text/html", &r);
  CHECK_INT(SILA_LD_ROUTE_REDIRECT, r.kind);
  CHECK_INT(303, r.status);
  CHECK_STR("/doc/comune/078045", r.location);
  sila_ld_route_clear(&r);
  CHECK(r.location == NULL);

  route_ok("/id/luogo/Marat\xc3\xa0-100%", NULL, NULL, &r); /* MHD gives paths decoded */
  CHECK_STR("/doc/luogo/Marat%C3%A0-100%25", r.location);
  sila_ld_route_clear(&r);
  route_ok("/id/comune/078045", "in=5", NULL, &r);
  CHECK_STR("/doc/comune/078045?in=5", r.location);
  sila_ld_route_clear(&r);

  static const struct {
    const char *path;
    bool html;
    SilaRdfFormat fmt;
  } sfx[] = {
      {"/doc/comune/078045.ttl", false, SILA_RDF_TURTLE},
      {"/doc/comune/078045.nt", false, SILA_RDF_NTRIPLES},
      {"/doc/comune/078045.rdf", false, SILA_RDF_RDFXML},
      {"/doc/comune/078045.jsonld", false, SILA_RDF_JSONLD},
      {"/doc/comune/078045.html", true, SILA_RDF_UNKNOWN},
  };
  for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
    route_ok(sfx[i].path, NULL, "image/png", &r); /* a suffix overrides Accept */
    CHECK_INT(SILA_LD_ROUTE_DOC, r.kind);
    CHECK_INT(200, r.status);
    CHECK_INT(sfx[i].html, r.html);
    CHECK_INT(sfx[i].fmt, r.format);
    CHECK(r.by_suffix);
    CHECK_STR(B "/id/comune/078045", r.iri);
    sila_ld_route_clear(&r);
  }

  route_ok("/doc/comune/078045", NULL,
           "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", &r);
  CHECK(r.html);
  CHECK(!r.by_suffix);
  CHECK_STR("text/html; charset=utf-8", r.content_type);
  sila_ld_route_clear(&r);
  route_ok("/doc/comune/078045", NULL, "application/rdf+xml", &r);
  CHECK_INT(SILA_RDF_RDFXML, r.format);
  CHECK(!r.html);
  sila_ld_route_clear(&r);
  route_ok("/doc/comune/078045", NULL, "application/ld+json;q=0.5, text/turtle;q=0.4", &r);
  CHECK_INT(SILA_RDF_JSONLD, r.format);
  sila_ld_route_clear(&r);
  route_ok("/doc/comune/078045", NULL, NULL, &r);
  CHECK_INT(SILA_RDF_TURTLE, r.format);
  CHECK_INT(200, r.status);
  sila_ld_route_clear(&r);
  route_ok("/doc/comune/078045", NULL, "image/png", &r);
  CHECK_INT(406, r.status);
  CHECK(strstr(sila_ld_not_acceptable_body(), "text/turtle") != NULL);
  sila_ld_route_clear(&r);

  CHECK_INT(SILA_OK, sila_ld_route("http://127.0.0.1:8080", "/doc/museo/1.nt", NULL, NULL, &r));
  CHECK_STR("http://127.0.0.1:8080/id/museo/1", r.iri);
  sila_ld_route_clear(&r);

  const char *bad[] = {"/id/", "/id/a/../b", "/doc/", "/doc/a//b", "/set/a/../b", "/onto.x"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    route_ok(bad[i], NULL, NULL, &r);
    CHECK_INT(SILA_LD_ROUTE_NOT_FOUND, r.kind);
    CHECK_INT(404, r.status);
    sila_ld_route_clear(&r);
  }
  /* RFC 3986/3987: the raw path, the decoded one and raw UTF-8 give one
   * IRI in URI form (hex upper case, unreserved decoded), with its IRI form */
  const char *same[] = {"/doc/categoria-ente/Citt%C3%A0%20metropolitana",
                        "/doc/categoria-ente/Citt%c3%a0%20metropolitan%61",
                        "/doc/categoria-ente/Citt\xC3\xA0 metropolitana"};
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    route_ok(same[i], NULL, NULL, &r);
    CHECK_INT(SILA_LD_ROUTE_DOC, r.kind);
    CHECK_STR(B "/id/categoria-ente/Citt%C3%A0%20metropolitana", r.iri);
    CHECK_STR(B "/id/categoria-ente/Citt\xC3\xA0%20metropolitana", r.iri_alt);
    sila_ld_route_clear(&r);
  }
  route_ok("/id/tipologia-struttura/Bed and breakfast", "x=1", NULL, &r);
  CHECK_STR("/doc/tipologia-struttura/Bed%20and%20breakfast?x=1", r.location);
  sila_ld_route_clear(&r);
  route_ok("/doc/a/<x>", NULL, NULL, &r);
  CHECK_STR(B "/id/a/%3Cx%3E", r.iri);
  sila_ld_route_clear(&r);
  /* the regional vocabulary: the document and its terms */
  route_ok("/onto", NULL, NULL, &r);
  CHECK_INT(303, r.status);
  CHECK_STR("/onto/", r.location);
  sila_ld_route_clear(&r);
  route_ok("/onto/", NULL, "text/html", &r);
  CHECK_INT(SILA_LD_ROUTE_ONTOLOGY, r.kind);
  CHECK(r.html);
  sila_ld_route_clear(&r);
  route_ok("/onto.ttl", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_ONTOLOGY, r.kind);
  CHECK_INT(SILA_RDF_TURTLE, r.format);
  sila_ld_route_clear(&r);
  route_ok("/onto/stelle.nt", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_DOC, r.kind);
  CHECK_STR(B "/onto/stelle", r.iri);
  CHECK_INT(SILA_RDF_NTRIPLES, r.format);
  sila_ld_route_clear(&r);
  route_ok("/sparql", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_NONE, r.kind);
  route_ok("/voidx", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_NONE, r.kind);

  route_ok("/set/musei", NULL, "text/html", &r);
  CHECK_INT(SILA_LD_ROUTE_SET, r.kind);
  CHECK_STR("musei", r.slug);
  CHECK_STR(B "/set/musei", r.iri);
  CHECK(r.html);
  sila_ld_route_clear(&r);
  route_ok("/set/musei/linkset/italia.nt", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_DOC, r.kind);
  CHECK_STR(B "/set/musei/linkset/italia", r.iri);
  CHECK_INT(SILA_RDF_NTRIPLES, r.format);
  CHECK(r.slug == NULL);
  sila_ld_route_clear(&r);
  route_ok("/set/musei.ttl", NULL, "text/html", &r);
  CHECK_STR("musei", r.slug);
  CHECK_INT(SILA_RDF_TURTLE, r.format);
  sila_ld_route_clear(&r);

  route_ok("/void", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_VOID, r.kind);
  CHECK_INT(SILA_RDF_TURTLE, r.format);
  route_ok("/.well-known/void", NULL, "application/ld+json", &r);
  CHECK_INT(SILA_LD_ROUTE_VOID, r.kind);
  CHECK_INT(SILA_RDF_JSONLD, r.format);
  route_ok("/void.nt", NULL, NULL, &r);
  CHECK_INT(SILA_RDF_NTRIPLES, r.format);
  route_ok("/void", NULL, "text/html", &r); /* VoID's page for people */
  CHECK_INT(200, r.status);
  CHECK(r.html);
  route_ok("/void", NULL, "image/png", &r);
  CHECK_INT(406, r.status);
  route_ok("/catalogo.jsonld", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_CATALOG, r.kind);
  CHECK_INT(SILA_RDF_JSONLD, r.format);
  route_ok("/catalogo", NULL, "text/turtle", &r);
  CHECK_INT(SILA_LD_ROUTE_CATALOG, r.kind);
  CHECK_INT(SILA_RDF_TURTLE, r.format);
  route_ok("/catalogoz", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_NONE, r.kind);
  route_ok("/", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_HOME, r.kind);
  route_ok("/search", NULL, NULL, &r);
  CHECK_INT(SILA_LD_ROUTE_SEARCH, r.kind);

  /* 404 for unknown resources: the store says whether there are triples. */
  CHECK(sila_ld_exists(txn, B "/id/comune/078045"));
  CHECK(sila_ld_exists(txn, B "/id/struttura/4"));
  CHECK(!sila_ld_exists(txn, B "/id/comune/999999"));

  /* Caching. */
  char etag[64], etag2[64], lm[64];
  sila_ld_etag(sila_txn_generation(txn), false, SILA_RDF_TURTLE, etag, sizeof etag);
  sila_ld_etag(sila_txn_generation(txn), true, SILA_RDF_UNKNOWN, etag2, sizeof etag2);
  CHECK(etag[0] == '"' && strcmp(etag, etag2) != 0);
  CHECK(sila_ld_etag_matches(etag, etag));
  char list[160];
  snprintf(list, sizeof list, "\"x\", W/%s", etag);
  CHECK(sila_ld_etag_matches(list, etag));
  CHECK(sila_ld_etag_matches("*", etag));
  CHECK(!sila_ld_etag_matches("\"g0-turtle\"", etag) || sila_txn_generation(txn) == 0);
  CHECK(!sila_ld_etag_matches(NULL, etag));
  CHECK(sila_ld_last_modified(store, lm, sizeof lm));
  CHECK(strlen(lm) == 29 && !strcmp(lm + 25, " GMT"));

  SilaBuf p = SILA_BUF_INIT;
  CHECK_INT(1, sila_ld_doc_path(NULL, B "/id/a/b", strlen(B "/id/a/b"), &p));
  CHECK(p.len == 8 && !memcmp(p.data, "/doc/a/b", 8));
  p.len = 0;
  CHECK_INT(1, sila_ld_doc_path(NULL, B "/set/x", strlen(B "/set/x"), &p));
  CHECK(p.len == 6 && !memcmp(p.data, "/set/x", 6));
  CHECK_INT(0, sila_ld_doc_path(NULL, "https://example.org/id/a", 24, &p));
  CHECK_INT(0, sila_ld_doc_path(NULL, B "x/id/a", strlen(B "x/id/a"), &p));
  sila_buf_free(&p);
}

/* ---- Descriptions ------------------------------------------------------------ */

typedef struct {
  RdfIsoGraph *all;
  int parts[3];
  bool blank_subject_in_part0;
} Collect;

static SilaStatus collect(void *ctx, int part, const SilaTerm *s, const SilaTerm *p,
                          const SilaTerm *o, const SilaTerm *g) {
  (void)g;
  Collect *c = ctx;
  c->parts[part]++;
  if (part == 0 && s->kind == SILA_TERM_BLANK)
    c->blank_subject_in_part0 = true;
  return rdf_iso_add(c->all, s, p, o, NULL);
}

static RdfIsoGraph *parse(SilaRdfFormat fmt, const SilaBuf *b) {
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err = {0};
  SilaStatus st =
      sila_rdf_parse_string(fmt, b->data ? b->data : "", b->len, NULL, rdf_iso_sink, g, &err);
  if (st != SILA_OK) {
    fprintf(stderr, "parse %s: %s (line %d): %s\n", sila_rdf_format_name(fmt), sila_strerror(st),
            (int)err.line, err.message);
    fwrite(b->data, 1, b->len, stderr);
  }
  CHECK_INT(SILA_OK, st);
  return g;
}

static void test_describe(void) {
  Collect c = {rdf_iso_graph_new(), {0, 0, 0}, false};
  SilaLdDescribeInfo info;
  CHECK_INT(SILA_OK, sila_ld_describe(txn, B "/id/struttura/1", NULL, collect, &c, &info));
  CHECK_INT(10, c.parts[0]);
  CHECK_INT(5, c.parts[1]); /* geometry 2 + address 2 + street 1 */
  CHECK_INT(0, c.parts[2]);
  CHECK_INT(10, info.outgoing);
  CHECK_INT(5, info.closure);
  CHECK_INT(15, rdf_iso_size(c.all));
  CHECK(!c.blank_subject_in_part0);

  /* The same set in every parseable format. */
  static const SilaRdfFormat fmts[] = {SILA_RDF_TURTLE, SILA_RDF_NTRIPLES, SILA_RDF_RDFXML};
  for (size_t i = 0; i < 3; i++) {
    SilaBuf out = SILA_BUF_INIT;
    CHECK_INT(SILA_OK, sila_ld_write_description(txn, B "/id/struttura/1", NULL, fmts[i],
                                                 sila_rdf_write_to_buf, &out, NULL));
    RdfIsoGraph *g = parse(fmts[i], &out);
    char why[256] = "";
    bool eq = rdf_iso_equal(c.all, g, why, sizeof why);
    if (!eq) {
      fprintf(stderr, "%s differs: %s\n", sila_rdf_format_name(fmts[i]), why);
      fwrite(out.data, 1, out.len, stderr);
    }
    CHECK(eq);
    rdf_iso_graph_free(g);
    sila_buf_free(&out);
  }
  SilaBuf js = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_write_description(txn, B "/id/struttura/1", NULL, SILA_RDF_JSONLD,
                                               sila_rdf_write_to_buf, &js, NULL));
  CHECK(sila_buf_putc(&js, '\0') == 0 && strstr(js.data, "Albergo Reale") &&
        strstr(js.data, "Via Roma 1") && strstr(js.data, "officialStreetName"));
  sila_buf_free(&js);
  rdf_iso_graph_free(c.all);

  /* Incoming triples, paged; the label present in two graphs counts once. */
  Collect d = {rdf_iso_graph_new(), {0, 0, 0}, false};
  SilaLdDescribeOptions opt = {0, 2, 0, NULL};
  CHECK_INT(SILA_OK, sila_ld_describe(txn, B "/id/comune/078045", &opt, collect, &d, &info));
  CHECK_INT(3, d.parts[0]);
  CHECK_INT(0, d.parts[1]);
  CHECK_INT(2, d.parts[2]);
  CHECK_INT(5, info.incoming_total);
  CHECK(info.incoming_more);
  rdf_iso_graph_free(d.all);

  RdfIsoGraph *pages = rdf_iso_graph_new();
  for (uint64_t off = 0; off < 6; off += 2) {
    Collect e = {rdf_iso_graph_new(), {0, 0, 0}, false};
    opt.in_offset = off;
    CHECK_INT(SILA_OK, sila_ld_describe(txn, B "/id/comune/078045", &opt, collect, &e, &info));
    CHECK_INT(off < 4 ? 2 : 1, info.incoming);
    CHECK_INT(off < 4, info.incoming_more);
    for (size_t i = 0; i < rdf_iso_size(e.all); i++) {
      SilaTerm s, p, o, gr;
      bool hg;
      rdf_iso_get(e.all, i, &s, &p, &o, &gr, &hg);
      if (o.kind == SILA_TERM_IRI && sila_iri_is(o.value, o.value_len, B "/id/comune/078045"))
        rdf_iso_add(pages, &s, &p, &o, NULL);
    }
    rdf_iso_graph_free(e.all);
  }
  CHECK_INT(5, rdf_iso_size(pages)); /* the pages together: every incoming triple once */
  rdf_iso_graph_free(pages);

  /* In RDF, a page of incoming triples links to the next one. */
  SilaLdDescribeOptions po = {2, 2, 0, "http://h/doc/c.ttl"};
  SilaBuf pb = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_write_description(txn, B "/id/comune/078045", &po, SILA_RDF_NTRIPLES,
                                               sila_rdf_write_to_buf, &pb, &info));
  CHECK(info.incoming_more);
  sila_buf_putc(&pb, '\0');
  CHECK(strstr(pb.data, "<http://h/doc/c.ttl?in=2> <http://www.w3.org/ns/hydra/core#next> "
                        "<http://h/doc/c.ttl?in=4> .") != NULL);
  CHECK(strstr(pb.data, "<http://h/doc/c.ttl?in=2> <http://www.w3.org/ns/hydra/core#previous> "
                        "<http://h/doc/c.ttl?in=0> .") != NULL);
  CHECK(strstr(pb.data, "<" B "/id/comune/078045> <http://www.w3.org/ns/hydra/core#view> "
                        "<http://h/doc/c.ttl?in=2> .") != NULL);
  sila_buf_free(&pb);

  /* Unknown resource: empty description. */
  Collect u = {rdf_iso_graph_new(), {0, 0, 0}, false};
  CHECK_INT(SILA_OK, sila_ld_describe(txn, B "/id/nope/1", NULL, collect, &u, &info));
  CHECK_INT(0, rdf_iso_size(u.all));
  rdf_iso_graph_free(u.all);
}

/* ---- HTML -------------------------------------------------------------------- */

static char *page_resource(const char *iri, uint64_t off) {
  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_html_resource(txn, NULL, iri, off, &b));
  sila_buf_putc(&b, '\0');
  return b.data;
}

#define HAS(h, s)                                                                                  \
  do {                                                                                             \
    bool f_ = (h) && strstr((h), (s)) != NULL;                                                     \
    if (!f_)                                                                                       \
      fprintf(stderr, "missing in page: %s\n", (s));                                               \
    CHECK(f_);                                                                                     \
  } while (0)

static void test_html(void) {
  char *h = page_resource(B "/id/struttura/1", 0);
  HAS(h, "<html lang=\"it\">");
  HAS(h, "<meta charset=\"utf-8\">");
  HAS(h, "name=\"viewport\"");
  HAS(h, "href=\"#main\"");
  HAS(h, "<h1>Albergo Reale</h1>"); /* Italian label preferred to English and plain */
  HAS(h, "<title>Albergo Reale");
  HAS(h, "Vista &lt;script&gt;alert(1)&lt;/script&gt; &amp; mare");
  CHECK(strstr(h, "<script>") == NULL);
  HAS(h, "<a href=\"/doc/comune/078045\">Cosenza</a>"); /* label, link to its /doc/ page */
  HAS(h, "https://www.openstreetmap.org/?mlat=39.3&amp;mlon=16.25"); /* via clv:hasGeometry */
  HAS(h, "<img src=\"https://example.org/foto/albergo.jpg\" alt=\"Immagine: Albergo Reale\"");
  HAS(h, "Via Roma 1"); /* blank-node closure inline */
  HAS(h, "Roma</dd>");  /* two levels down */
  HAS(h, "<span lang=\"en\">Hotel Royal</span>");
  HAS(h, "<span title=\"40 (xsd:integer)\">40</span>"); /* a number written the Italian way */
  HAS(h, "<a href=\"/set/strutture\">Strutture ricettive</a>"); /* its dataset */
  HAS(h, "href=\"/doc/struttura/1.ttl\"");
  HAS(h, "href=\"/doc/struttura/1.jsonld\"");
  HAS(h,
      "Tipo: <a href=\"https://w3id.org/italia/onto/ACCO/Accommodation\">acco:Accommodation</a>");

  /* Rows: rdf:type first, then the labels, then the other properties. */
  const char *t_row = strstr(h, "<th scope=\"row\"><span title=\"" SILA_NS_RDF "type\">");
  const char *l_row =
      strstr(h, "<th scope=\"row\"><span title=\"http://www.w3.org/2000/01/rdf-schema#label\">");
  const char *b_row =
      strstr(h, "<th scope=\"row\"><span title=\"https://w3id.org/italia/onto/ACCO/totalBed\">");
  CHECK(t_row && l_row && b_row && t_row < l_row && l_row < b_row);
  free(h);

  h = page_resource(B "/id/museo/1", 0);
  HAS(h, "<a href=\"https://example.org/museo\">https://example.org/museo</a>"); /* xsd:anyURI */
  CHECK(strstr(h, "href=\"javascript:") == NULL); /* only http(s) become links */
  HAS(h, "<span title=\"xsd:anyURI\">javascript:alert(1)</span>");
  HAS(h, "<h1>Museo dei Brettii e degli Enotri</h1>");
  free(h);

  h = page_resource(B "/id/struttura/2", 0);
  HAS(h, "mlat=39.1&amp;mlon=16.5"); /* geo:lat / geo:long */
  free(h);
  h = page_resource(B "/id/struttura/3", 0);
  CHECK(strstr(h, "openstreetmap") == NULL);
  free(h);

  h = page_resource(B "/id/comune/078045", 0);
  HAS(h, "<h1>Cosenza</h1>");
  HAS(h, "Collegamenti in entrata");
  HAS(h, "<a href=\"/doc/struttura/1\">Albergo Reale</a>");
  HAS(h, "<a href=\"/doc/museo/1\">Museo dei Brettii e degli Enotri</a>"); /* l0:name */
  HAS(h, "<a href=\"/set/musei\">Musei</a>");                              /* both datasets */
  HAS(h, "<a href=\"/set/strutture\">Strutture ricettive</a>");
  HAS(h, "href=\"https://w3id.org/italia/controlled-vocabulary/territorial-classifications/"
         "cities/078045-(1948-01-01)\""); /* external IRI as a link */
  free(h);
  h = page_resource(B "/id/comune/078045", 3); /* second page of incoming links */
  HAS(h, "?in=0#entrata\">« Precedenti");
  free(h);

  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_html_dataset(txn, NULL, "strutture", &b));
  sila_buf_putc(&b, '\0');
  h = b.data;
  HAS(h, "<h1>Strutture ricettive</h1>");
  HAS(h, "Alberghi e B&amp;B della Calabria &lt;di prova&gt;");
  HAS(h, "Economia e finanze");
  HAS(h, "<dt>Triple RDF</dt><dd id=\"triple\">29</dd>");
  HAS(h, "<time datetime=\"2025-01-10\">10 gennaio 2025</time>");
  HAS(h, "2025-01-10");
  HAS(h, "Regione Calabria");
  HAS(h, "href=\"/dump/strutture.nt.gz\">N-Triples</a>");
  HAS(h, "A21_CCBY40");
  HAS(h, "/sparql?query=SELECT%20%3Fs%20%3Fp%20%3Fo");
  HAS(h, "GRAPH &lt;https://dati.calabria.it/set/strutture&gt;");
  HAS(h, "href=\"/set/strutture.ttl\"");
  sila_buf_free(&b);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ld_html_dataset(txn, NULL, "nessuno", &b));
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ld_html_dataset(txn, NULL, "../x", &b));
  CHECK_INT(0, b.len);

  CHECK_INT(SILA_OK, sila_ld_html_home(txn, NULL, &b));
  sila_buf_putc(&b, '\0');
  h = b.data;
  HAS(h, "<h3 class=\"h5\">Economia e finanze</h3><ul><li><a href=\"/set/strutture\">"
         "Strutture ricettive</a>");
  HAS(h, "<h3 class=\"h5\">Istruzione, cultura e sport</h3><ul><li><a href=\"/set/musei\">"
         "Musei</a>");
  HAS(h, "data-tema=\"econ\""); /* the themes as filters */
  HAS(h, "action=\"/search\"");
  HAS(h, "<h2 id=\"novita\">Aggiornati di recente</h2>");
  HAS(h, "<a href=\"/sparql?query=");
  sila_buf_free(&b);

  CHECK_INT(SILA_OK, sila_ld_html_not_found("/doc/<b>", &b));
  sila_buf_putc(&b, '\0');
  HAS(b.data, "/doc/&lt;b&gt;");
  HAS(b.data, "href=\"/search\"");
  sila_buf_free(&b);

  sila_ld_html_escape(&b, "a<'&\">", 6);
  CHECK(b.len == strlen("a&lt;&#39;&amp;&quot;&gt;") &&
        !memcmp(b.data, "a&lt;&#39;&amp;&quot;&gt;", b.len));
  sila_buf_free(&b);
}

/* ---- VoID ---------------------------------------------------------------------- */

/* The lexical value of (s, p, ?) in g, or NULL. */
static const char *value_of(RdfIsoGraph *g, const char *s, const char *p, char *buf, size_t n) {
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm ts, tp, to, tg;
    bool hg;
    rdf_iso_get(g, i, &ts, &tp, &to, &tg, &hg);
    if (ts.kind == SILA_TERM_IRI && sila_iri_is(ts.value, ts.value_len, s) &&
        sila_iri_is(tp.value, tp.value_len, p)) {
      snprintf(buf, n, "%.*s", (int)to.value_len, to.value);
      return buf;
    }
  }
  return NULL;
}

#define VOID_NS "http://rdfs.org/ns/void#"

/* In VoID graph g: the partition node of dataset ds (kind "class" or
 * "property") whose void:{kind} is `key`; returns the lexical value of its
 * void:{what} (what NULL: just whether the node exists, buf = "x"). */
static const char *part_value(RdfIsoGraph *g, const char *ds, const char *kind, const char *key,
                              const char *what, char *buf, size_t n) {
  char pp[128], kp[128], wp[128];
  snprintf(pp, sizeof pp, VOID_NS "%sPartition", kind);
  snprintf(kp, sizeof kp, VOID_NS "%s", kind);
  snprintf(wp, sizeof wp, VOID_NS "%s", what ? what : "");
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm s, p, o, gr;
    bool hg;
    rdf_iso_get(g, i, &s, &p, &o, &gr, &hg);
    if (!sila_iri_is(s.value, s.value_len, ds) || !sila_iri_is(p.value, p.value_len, pp))
      continue;
    bool match = false;
    const char *val = NULL;
    for (size_t j = 0; j < rdf_iso_size(g); j++) {
      SilaTerm s2, p2, o2;
      rdf_iso_get(g, j, &s2, &p2, &o2, &gr, &hg);
      if (s2.kind != SILA_TERM_BLANK || s2.value_len != o.value_len ||
          memcmp(s2.value, o.value, o.value_len))
        continue;
      if (sila_iri_is(p2.value, p2.value_len, kp) && sila_iri_is(o2.value, o2.value_len, key))
        match = true;
      if (what && sila_iri_is(p2.value, p2.value_len, wp)) {
        snprintf(buf, n, "%.*s", (int)o2.value_len, o2.value);
        val = buf;
      }
    }
    if (match) {
      if (!what)
        snprintf(buf, n, "x");
      return what ? val : buf;
    }
  }
  return NULL;
}
#define S B "/set/strutture"
#define M B "/set/musei"

static void test_void(void) {
  SilaBuf ttl = SILA_BUF_INIT, nt = SILA_BUF_INIT, js = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_write_void(txn, NULL, SILA_RDF_TURTLE, sila_rdf_write_to_buf, &ttl));
  CHECK_INT(SILA_OK, sila_ld_write_void(txn, NULL, SILA_RDF_NTRIPLES, sila_rdf_write_to_buf, &nt));
  CHECK_INT(SILA_OK, sila_ld_write_void(txn, NULL, SILA_RDF_JSONLD, sila_rdf_write_to_buf, &js));
  RdfIsoGraph *g = parse(SILA_RDF_TURTLE, &ttl), *g2 = parse(SILA_RDF_NTRIPLES, &nt);
  CHECK(rdf_iso_equal(g, g2, NULL, 0));
  char v[256];
  CHECK_STR("29", value_of(g, S, VOID_NS "triples", v, sizeof v));
  CHECK_STR("2", value_of(g, S, VOID_NS "classes", v, sizeof v));
  CHECK_STR("16", value_of(g, S, VOID_NS "properties", v, sizeof v));
  CHECK_STR("8", value_of(g, S, VOID_NS "distinctSubjects", v, sizeof v));
  CHECK_STR("23", value_of(g, S, VOID_NS "distinctObjects", v, sizeof v));
  CHECK_STR("5", value_of(g, S, VOID_NS "entities", v, sizeof v)); /* the IRIs under /id/ */
  CHECK_STR(B "/id/", value_of(g, S, VOID_NS "uriSpace", v, sizeof v));
  CHECK_STR("http://www.w3.org/ns/formats/N-Triples",
            value_of(g, S, VOID_NS "feature", v, sizeof v));
  CHECK(part_value(g, S, "property", SILA_NS_RDF "type", NULL, v, sizeof v) != NULL);
  CHECK(part_value(g, S, "property", VOID_NS "nothing", NULL, v, sizeof v) == NULL);
  CHECK_STR("5", part_value(g, S, "property", SILA_NS_RDF "type", "triples", v, sizeof v));
  CHECK_STR("2", part_value(g, S, "property", SILA_NS_RDF "type", "distinctObjects", v, sizeof v));
  CHECK_STR("7", part_value(g, S, "property", "http://www.w3.org/2000/01/rdf-schema#label",
                            "triples", v, sizeof v));
  CHECK_STR("5", part_value(g, S, "property", "http://www.w3.org/2000/01/rdf-schema#label",
                            "distinctSubjects", v, sizeof v));
  CHECK_STR("4", part_value(g, S, "property", "https://w3id.org/italia/onto/CLV/hasCity",
                            "distinctSubjects", v, sizeof v));
  CHECK_STR("1", part_value(g, S, "property", "https://w3id.org/italia/onto/CLV/hasCity",
                            "distinctObjects", v, sizeof v));
  CHECK_STR("4", part_value(g, S, "class", "https://w3id.org/italia/onto/ACCO/Accommodation",
                            "entities", v, sizeof v));
  CHECK_STR("1", part_value(g, S, "class", "https://w3id.org/italia/onto/CLV/City", "entities", v,
                            sizeof v));
  CHECK_STR(B "/dump/sila.nq.gz", value_of(g, B "/void", VOID_NS "dataDump", v, sizeof v));
  CHECK_STR("64", value_of(g, B "/void", VOID_NS "triples", v, sizeof v));
  CHECK_STR(B "/dump/strutture.nt.gz", value_of(g, S, VOID_NS "dataDump", v, sizeof v));
  CHECK_STR(B "/sparql", value_of(g, S, VOID_NS "sparqlEndpoint", v, sizeof v));
  CHECK_STR("1", value_of(g, S "/linkset/italia", VOID_NS "triples", v, sizeof v));
  CHECK_STR("http://www.w3.org/2002/07/owl#sameAs",
            value_of(g, S "/linkset/italia", VOID_NS "linkPredicate", v, sizeof v));
  CHECK_STR("8", value_of(g, M, VOID_NS "triples", v, sizeof v));
  CHECK_STR("1", value_of(g, M, VOID_NS "classes", v, sizeof v));
  CHECK_STR("6", value_of(g, M, VOID_NS "properties", v, sizeof v));
  CHECK_STR("2", value_of(g, M, VOID_NS "distinctSubjects", v, sizeof v));
  CHECK_STR("1",
            value_of(g, M "/linkset/italia", VOID_NS "triples", v, sizeof v)); /* not wikidata */
  CHECK_STR("Musei", value_of(g, M, "http://purl.org/dc/terms/title", v, sizeof v));
  CHECK_STR(B "/sparql", value_of(g, B "/void", VOID_NS "sparqlEndpoint", v, sizeof v));
  /* The catalogue graph is not a dataset subset. */
  CHECK(value_of(g, B "/catalogo", VOID_NS "triples", v, sizeof v) == NULL);
  int subsets = 0;
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm s, p, o, gr;
    bool hg;
    rdf_iso_get(g, i, &s, &p, &o, &gr, &hg);
    if (sila_iri_is(s.value, s.value_len, B "/void") &&
        sila_iri_is(p.value, p.value_len, VOID_NS "subset"))
      subsets++;
  }
  CHECK_INT(2, subsets);
  CHECK(sila_buf_putc(&js, '\0') == 0 && strstr(js.data, "distinctSubjects"));
  rdf_iso_graph_free(g);
  rdf_iso_graph_free(g2);
  sila_buf_free(&ttl);
  sila_buf_free(&nt);
  sila_buf_free(&js);
}

/* ---- Whole responses (the server's one call) ----------------------------------- */

static void respond(const char *path, const char *query, const char *accept, const char *inm,
                    SilaLdResponse *r) {
  CHECK_INT(SILA_OK, sila_ld_respond(store, NULL, path, query, accept, inm, r));
  sila_buf_putc(&r->body, '\0');
  r->body.len--;
}

static void test_respond(void) {
  SilaLdResponse r;
  const char *browser = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
  respond("/id/struttura/1", NULL, browser, NULL, &r);
  CHECK_INT(303, r.status);
  CHECK_STR("/doc/struttura/1", r.location);
  sila_ld_response_clear(&r);

  respond("/doc/struttura/1", NULL, browser, NULL, &r);
  CHECK_INT(200, r.status);
  CHECK_STR("text/html; charset=utf-8", r.content_type);
  CHECK(r.vary_accept);
  HAS(r.body.data, "<h1>Albergo Reale</h1>");
  CHECK(r.etag[0] == '"');
  CHECK(r.last_modified[0] != '\0');
  char etag[64];
  snprintf(etag, sizeof etag, "%s", r.etag);
  sila_ld_response_clear(&r);

  respond("/doc/struttura/1", NULL, browser, etag, &r); /* a cache revalidates */
  CHECK_INT(304, r.status);
  CHECK_INT(0, r.body.len);
  CHECK_STR(etag, r.etag);
  sila_ld_response_clear(&r);

  respond("/doc/struttura/1", NULL, "text/turtle", etag, &r); /* another representation */
  CHECK_INT(200, r.status);
  CHECK_STR("text/turtle; charset=utf-8", r.content_type);
  CHECK(strcmp(etag, r.etag) != 0);
  RdfIsoGraph *g = parse(SILA_RDF_TURTLE, &r.body);
  CHECK_INT(15, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);

  respond("/doc/comune/078045.nt", "in=4", "text/html", NULL, &r);
  CHECK_INT(200, r.status);
  CHECK(!r.vary_accept);
  g = parse(SILA_RDF_NTRIPLES, &r.body);
  /* outgoing 3 + the last incoming triple + the page's links (view, type,
   * first, previous: no next) */
  CHECK_INT(3 + 1 + 4, rdf_iso_size(g));
  char pv[256];
  CHECK_STR(B "/doc/comune/078045.nt?in=4",
            value_of(g, B "/id/comune/078045", "http://www.w3.org/ns/hydra/core#view", pv,
                     sizeof pv));
  CHECK_STR(B "/doc/comune/078045.nt?in=0",
            value_of(g, B "/doc/comune/078045.nt?in=4", "http://www.w3.org/ns/hydra/core#previous",
                     pv, sizeof pv));
  CHECK(value_of(g, B "/doc/comune/078045.nt?in=4", "http://www.w3.org/ns/hydra/core#next", pv,
                 sizeof pv) == NULL);
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);
  respond("/doc/comune/078045", NULL, NULL, NULL, &r); /* 5 incoming: one page, no links */
  g = parse(SILA_RDF_TURTLE, &r.body);
  CHECK_INT(3 + 5, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);

  respond("/doc/comune/999999", NULL, browser, NULL, &r);
  CHECK_INT(404, r.status);
  HAS(r.body.data, "href=\"/search\"");
  CHECK_INT(0, r.etag[0]);
  sila_ld_response_clear(&r);
  respond("/doc/struttura/1", NULL, "image/png", NULL, &r);
  CHECK_INT(406, r.status);
  HAS(r.body.data, "application/ld+json");
  sila_ld_response_clear(&r);

  respond("/set/strutture", NULL, browser, NULL, &r);
  CHECK_INT(200, r.status);
  HAS(r.body.data, "<h1>Strutture ricettive</h1>");
  sila_ld_response_clear(&r);
  respond("/set/strutture.ttl", NULL, NULL, NULL, &r);
  CHECK_INT(200, r.status);
  HAS(r.body.data, "dcat:distribution");
  sila_ld_response_clear(&r);
  respond("/set/strutture/distribuzione/nt", NULL, browser, NULL, &r);
  CHECK_INT(200, r.status);
  HAS(r.body.data, "<h1>Dump N-Triples</h1>");
  HAS(r.body.data, "<a href=\"/dump/strutture.nt.gz\">");
  sila_ld_response_clear(&r);
  respond("/set/nessuno", NULL, browser, NULL, &r);
  CHECK_INT(404, r.status);
  sila_ld_response_clear(&r);

  respond("/search", "q=albergo+reale&offset=0", browser, NULL, &r);
  CHECK_INT(200, r.status);
  HAS(r.body.data, "<a href=\"/doc/struttura/1\">Albergo Reale</a>");
  HAS(r.body.data, "value=\"albergo reale\"");
  sila_ld_response_clear(&r);
  respond("/search", "q=%3Cscript%3E", browser, NULL, &r);
  CHECK(strstr(r.body.data, "<script>") == NULL);
  HAS(r.body.data, "&lt;script&gt;");
  sila_ld_response_clear(&r);

  respond("/", NULL, browser, NULL, &r);
  CHECK_INT(200, r.status);
  HAS(r.body.data, "Economia e finanze");
  sila_ld_response_clear(&r);

  respond("/.well-known/void", NULL, "application/n-triples", NULL, &r);
  CHECK_INT(200, r.status);
  CHECK(r.vary_accept);
  HAS(r.body.data, "<http://rdfs.org/ns/void#triples> \"29\"^^");
  sila_ld_response_clear(&r);

  /* VoID is cached per generation: a write shows in the next answer. */
  respond("/void.nt", NULL, NULL, NULL, &r);
  HAS(r.body.data, "<" M "> <http://rdfs.org/ns/void#triples> \"8\"^^");
  char old_etag[64];
  snprintf(old_etag, sizeof old_etag, "%s", r.etag);
  sila_ld_response_clear(&r);
  SilaTxn *w = NULL;
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &w));
  SilaTerm ts = sila_term_iri(B "/id/museo/2"), tp = sila_term_iri(SILA_NS_RDF "type"),
           to = sila_term_iri("https://w3id.org/italia/onto/CulturalHeritage/Museum"),
           tg = sila_term_iri(M);
  SilaIdQuad q;
  CHECK_INT(SILA_OK, sila_txn_intern(w, &ts, &q.s));
  CHECK_INT(SILA_OK, sila_txn_intern(w, &tp, &q.p));
  CHECK_INT(SILA_OK, sila_txn_intern(w, &to, &q.o));
  CHECK_INT(SILA_OK, sila_txn_intern(w, &tg, &q.g));
  CHECK_INT(SILA_OK, sila_txn_add(w, &q));
  CHECK_INT(SILA_OK, sila_txn_commit(w));
  respond("/void.nt", NULL, NULL, old_etag, &r);
  CHECK_INT(200, r.status); /* the old ETag no longer matches */
  CHECK(strcmp(old_etag, r.etag) != 0);
  HAS(r.body.data, "<" M "> <http://rdfs.org/ns/void#triples> \"9\"^^");
  sila_ld_response_clear(&r);
  sila_ld_cleanup();

  /* The DCAT-AP_IT catalogue graph, parsed back: exactly the graph's triples. */
  respond("/catalogo", NULL, "application/rdf+xml", NULL, &r);
  CHECK_INT(200, r.status);
  CHECK(r.vary_accept);
  CHECK_STR("application/rdf+xml; charset=utf-8", r.content_type);
  g = parse(SILA_RDF_RDFXML, &r.body);
  CHECK_INT(27 + 9, rdf_iso_size(g)); /* the graph + the Hydra paging node (9 triples) */
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);
  respond("/catalogo.ttl", NULL, NULL, NULL, &r);
  g = parse(SILA_RDF_TURTLE, &r.body);
  CHECK_INT(27 + 9, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);
  respond("/catalogo", NULL, "text/html", NULL, &r);
  CHECK_INT(200, r.status);
  CHECK(strstr(r.content_type, "text/html") != NULL);
  CHECK(r.body.data && strstr(r.body.data, "<table class=\"table table-sm\">") != NULL);
  sila_ld_response_clear(&r);
  respond("/catalogo", NULL, "image/png", NULL, &r);
  CHECK_INT(406, r.status);
  sila_ld_response_clear(&r);

  respond("/sparql", "query=x", NULL, NULL, &r);
  CHECK_INT(0, r.status);
  sila_ld_response_clear(&r);
}

/* Routing never fails on odd input: every answer is one of the statuses. */
static void test_route_random(void) {
  unsigned seed = 12345;
  char path[64];
  static const char alphabet[] = "/idocsetvw.-_%?<>\"'\\ \x01\xc3\xa0"
                                 "abc0123.ttl";
  int bad = 0;
  for (int i = 0; i < 20000; i++) {
    static const char *const starts[] = {"/id/", "/doc/", "/set/", "/void", "/", ""};
    size_t n = (size_t)snprintf(path, sizeof path, "%s", starts[i % 6]);
    size_t len = n + (seed = seed * 1103515245u + 12345u) % 20;
    for (; n < len && n < sizeof path - 1; n++)
      path[n] = alphabet[(seed = seed * 1103515245u + 12345u) % (sizeof alphabet - 1)];
    path[n] = '\0';
    SilaLdRoute r;
    if (sila_ld_route(NULL, path, "a=b", i % 2 ? "text/html" : "*/*;q=0", &r) != SILA_OK)
      bad++;
    else if (r.kind != SILA_LD_ROUTE_NONE && r.status != 200 && r.status != 303 &&
             r.status != 404 && r.status != 406)
      bad++;
    else if (r.iri && (strchr(r.iri, '<') || strchr(r.iri, ' ') || strstr(r.iri, "/../")))
      bad++;
    sila_ld_route_clear(&r);
  }
  CHECK_INT(0, bad);
}

/* The slug rule of CSVW templates (loaders/csvw/csvw_slug.c). */
static void test_slug(void) {
  static const char *const cases[][2] = {
      {"Bed and breakfast", "bed-and-breakfast"},
      {"Citt\xC3\xA0 metropolitana", "citta-metropolitana"},
      {"  Casa  vacanze -- ", "casa-vacanze"},
      {"Museo dell'Arte", "museo-dellarte"},
      {"Caff\xC3\xA8 \xE2\x80\x9CNaz\xC3\xAC\xE2\x80\x9D", "caffe-nazi"},
      {"\xC3\x80 LA CARTE", "a-la-carte"},
      {"!!!", ""},
      {"Sant\xE2\x80\x99Onofrio", "santonofrio"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[64];
    size_t n = sila_csvw_slug(cases[i][0], strlen(cases[i][0]), out, sizeof out);
    CHECK_STR(cases[i][1], out);
    CHECK_INT((int)strlen(cases[i][1]), (int)n);
  }
  char small[4];
  sila_csvw_slug("abcdef", 6, small, sizeof small); /* truncated, terminated */
  CHECK_STR("abc", small);
}

int main(void) {
  test_slug();
  const char *src = getenv("SILA_SRCDIR");
  char *data = NULL, dir[] = "/tmp/sila-test-ld-XXXXXX";
  if (asprintf(&data, "%s/tests/data/ld/ld.trig", src ? src : "..") < 0 || !mkdtemp(dir))
    return 99;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaLoadOptions lo = {SILA_RDF_UNKNOWN, NULL, NULL, false};
  SilaLoadReport rep;
  SilaError err = {0};
  const char *paths[] = {data};
  SilaStatus st = sila_load_files(store, paths, 1, &lo, &rep, &err);
  if (st != SILA_OK)
    fprintf(stderr, "load: %s:%d:%d: %s\n", data, (int)err.line, (int)err.column, err.message);
  CHECK_INT(SILA_OK, st);
  CHECK_INT(SILA_OK, sila_txn_begin_read(store, &txn));
  if (st == SILA_OK && txn) {
    test_route();
    test_route_random();
    test_describe();
    test_html();
    test_void();
    test_respond();
  }
  sila_txn_abort(txn);
  sila_store_close(store);
  free(data);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  return TEST_REPORT();
}
