/* test_ld_dump.c — the dump files (sila_ld_dump_*) and the paged
 * catalogue (sila_ld_write_catalog, /catalogo?page=N) of web/sila_ld.h.
 * Dumps are gunzipped, parsed and compared with sila_dump() of the same
 * graph; the catalogue is checked on a store of 120 generated datasets:
 * every dataset on exactly one page, with its description, and the Hydra
 * links right. */
#define _GNU_SOURCE /* mkdtemp, asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "rdf_iso.h"
#include "sila_dump.h"
#include "sila_ld.h"
#include "sila_load.h"
#include "test_harness.h"

#define B "https://dati.calabria.it"
#define HYDRA "http://www.w3.org/ns/hydra/core#"
#define DCAT "http://www.w3.org/ns/dcat#"
#define NDATASETS 120

static SilaStore *store, *big;

static RdfIsoGraph *parse(SilaRdfFormat fmt, const char *data, size_t len) {
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err = {0};
  SilaStatus st = sila_rdf_parse_string(fmt, data ? data : "", len, NULL, rdf_iso_sink, g, &err);
  if (st != SILA_OK)
    fprintf(stderr, "parse %s: line %lu: %s\n", sila_rdf_format_name(fmt), err.line, err.message);
  CHECK_INT(SILA_OK, st);
  return g;
}

/* gunzip of a whole buffer; *name gets the file name of the gzip header. */
static int gunzip(const SilaBuf *in, SilaBuf *out, char *name, size_t nsize) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 16) != Z_OK)
    return -1;
  gz_header h;
  memset(&h, 0, sizeof h);
  name[0] = '\0';
  h.name = (Bytef *)name;
  h.name_max = (uInt)nsize;
  inflateGetHeader(&z, &h);
  z.next_in = (Bytef *)in->data;
  z.avail_in = (uInt)in->len;
  int zr;
  do {
    char chunk[16384];
    z.next_out = (Bytef *)chunk;
    z.avail_out = sizeof chunk;
    zr = inflate(&z, Z_NO_FLUSH);
    if (zr != Z_OK && zr != Z_STREAM_END)
      break;
    if (sila_buf_append(out, chunk, sizeof chunk - z.avail_out) < 0)
      zr = Z_MEM_ERROR;
  } while (zr == Z_OK);
  inflateEnd(&z);
  return zr == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

/* A SilaWriteFn recording the largest piece (streaming: bounded pieces). */
typedef struct {
  SilaBuf buf;
  size_t max_piece, pieces;
} Sink;

static SilaStatus sink_write(void *ctx, const char *data, size_t len) {
  Sink *s = ctx;
  if (len > s->max_piece)
    s->max_piece = len;
  s->pieces++;
  return sila_buf_append(&s->buf, data, len) < 0 ? SILA_ERR_NOMEM : SILA_OK;
}

static SilaStatus fail_write(void *ctx, const char *data, size_t len) {
  (void)ctx;
  (void)data;
  (void)len;
  return SILA_ERR_INTERRUPTED; /* the client went away */
}

/* sila_dump of graph `iri` (NULL = the store) in fmt, into out. */
static void reference_dump(SilaStore *st, const char *iri, SilaRdfFormat fmt, SilaBuf *out) {
  SilaTxn *txn = NULL;
  CHECK_INT(SILA_OK, sila_txn_begin_read(st, &txn));
  SilaId g = SILA_ID_ANY;
  if (iri) {
    SilaTerm t = sila_term_iri(iri);
    CHECK_INT(SILA_OK, sila_txn_lookup(txn, &t, &g));
  }
  CHECK_INT(SILA_OK, sila_dump(txn, g, fmt, sila_rdf_write_to_buf, out, NULL));
  sila_txn_abort(txn);
}

static void test_dump(void) {
  SilaLdDump *d = NULL;
  SilaLdDumpInfo info;
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt.gz", NULL, &d, &info));
  CHECK_INT(200, info.status);
  CHECK(d != NULL);
  CHECK(info.gzip);
  CHECK_STR("application/gzip", info.content_type);
  CHECK_STR("strutture.nt.gz", info.filename);
  CHECK(info.etag[0] == '"' && strstr(info.etag, "dump") != NULL);
  CHECK(info.last_modified[0] != '\0');
  char etag[96];
  snprintf(etag, sizeof etag, "%s", info.etag);
  Sink s = {SILA_BUF_INIT, 0, 0};
  uint64_t count = 0;
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &s, &count));
  sila_ld_dump_free(d);
  CHECK_INT(29, count);
  CHECK(s.max_piece <= 64 * 1024);
  SilaBuf plain = SILA_BUF_INIT, ref = SILA_BUF_INIT;
  char name[64];
  CHECK_INT(0, gunzip(&s.buf, &plain, name, sizeof name));
  CHECK_STR("strutture.nt", name);
  reference_dump(store, B "/set/strutture", SILA_RDF_NTRIPLES, &ref);
  /* same writer, same snapshot order: the same bytes as `sila dump` */
  CHECK(plain.len == ref.len && !memcmp(plain.data, ref.data, ref.len));
  RdfIsoGraph *a = parse(SILA_RDF_NTRIPLES, plain.data, plain.len);
  RdfIsoGraph *b = parse(SILA_RDF_NTRIPLES, ref.data, ref.len);
  CHECK_INT(29, rdf_iso_size(a));
  CHECK(rdf_iso_equal(a, b, NULL, 0));
  rdf_iso_graph_free(b);
  sila_buf_free(&s.buf);
  sila_buf_free(&plain);

  /* The same snapshot twice gives the same bytes (one ETag, one file). */
  Sink s2 = {SILA_BUF_INIT, 0, 0};
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt.gz", NULL, &d, &info));
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &s2, NULL));
  sila_ld_dump_free(d);
  Sink s3 = {SILA_BUF_INIT, 0, 0};
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt.gz", NULL, &d, &info));
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &s3, NULL));
  sila_ld_dump_free(d);
  CHECK(s2.buf.len == s3.buf.len && !memcmp(s2.buf.data, s3.buf.data, s2.buf.len));
  sila_buf_free(&s2.buf);
  sila_buf_free(&s3.buf);

  /* Uncompressed N-Triples and Turtle. */
  Sink t = {SILA_BUF_INIT, 0, 0};
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt", NULL, &d, &info));
  CHECK_INT(200, info.status);
  CHECK(!info.gzip);
  CHECK(!strncmp(info.content_type, "application/n-triples", 21));
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &t, NULL));
  sila_ld_dump_free(d);
  CHECK(t.buf.len == ref.len && !memcmp(t.buf.data, ref.data, ref.len));
  t.buf.len = 0;
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/musei.ttl.gz", NULL, &d, &info));
  CHECK_INT(200, info.status);
  CHECK_STR("musei.ttl.gz", info.filename);
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &t, NULL));
  sila_ld_dump_free(d);
  CHECK_INT(0, gunzip(&t.buf, &plain, name, sizeof name));
  CHECK_STR("musei.ttl", name);
  b = parse(SILA_RDF_TURTLE, plain.data, plain.len);
  ref.len = 0;
  reference_dump(store, B "/set/musei", SILA_RDF_NTRIPLES, &ref);
  rdf_iso_graph_free(a);
  a = parse(SILA_RDF_NTRIPLES, ref.data, ref.len);
  CHECK_INT(8, rdf_iso_size(b));
  CHECK(rdf_iso_equal(a, b, NULL, 0));
  rdf_iso_graph_free(a);
  rdf_iso_graph_free(b);
  sila_buf_free(&t.buf);
  sila_buf_free(&plain);

  /* The whole store as N-Quads (graph names kept). */
  Sink q = {SILA_BUF_INIT, 0, 0};
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/sila.nq.gz", NULL, &d, &info));
  CHECK_INT(200, info.status);
  CHECK_STR("sila.nq.gz", info.filename);
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sink_write, &q, &count));
  sila_ld_dump_free(d);
  CHECK_INT(64, count);
  CHECK_INT(0, gunzip(&q.buf, &plain, name, sizeof name));
  ref.len = 0;
  reference_dump(store, NULL, SILA_RDF_NQUADS, &ref);
  a = parse(SILA_RDF_NQUADS, plain.data, plain.len);
  b = parse(SILA_RDF_NQUADS, ref.data, ref.len);
  CHECK_INT(64, rdf_iso_size(a));
  CHECK(rdf_iso_equal(a, b, NULL, 0));
  rdf_iso_graph_free(a);
  rdf_iso_graph_free(b);
  sila_buf_free(&q.buf);
  sila_buf_free(&plain);
  sila_buf_free(&ref);

  /* Revalidation, 404s, paths that are not ours. */
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt.gz", etag, &d, &info));
  CHECK_INT(304, info.status);
  CHECK(d == NULL);
  CHECK_STR(etag, info.etag);
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/strutture.nt", etag, &d, &info));
  CHECK_INT(200, info.status); /* another file, another ETag */
  sila_ld_dump_free(d);
  static const char *const missing[] = {
      "/dump/nessuno.nt.gz", /* not in the catalogue */
      "/dump/musei.nq.gz",   /* quad dumps exist only for the whole store */
      "/dump/sila.nt.gz",    /* no dataset "sila" */
      "/dump/strutture.rdf", "/dump/strutture", "/dump/", "/dump/../catalogo.nt",
      "/dump/a/b.nt",        "/dump/.nt.gz",
  };
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
    d = (SilaLdDump *)1;
    CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, missing[i], NULL, &d, &info));
    if (info.status != 404)
      fprintf(stderr, "%s: status %d\n", missing[i], info.status);
    CHECK_INT(404, info.status);
    CHECK(d == NULL);
    CHECK_INT(0, info.etag[0]);
  }
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/doc/comune/078045", NULL, &d, &info));
  CHECK_INT(0, info.status);
  CHECK(d == NULL);
  /* sila_ld_respond leaves dumps to the streaming path. */
  SilaLdResponse r;
  CHECK_INT(SILA_OK, sila_ld_respond(store, NULL, "/dump/strutture.nt.gz", NULL, NULL, NULL, &r));
  CHECK_INT(0, r.status);
  sila_ld_response_clear(&r);
  CHECK_INT(SILA_OK, sila_ld_respond(store, NULL, "/dump/x.rdf", NULL, NULL, NULL, &r));
  CHECK_INT(404, r.status);
  sila_ld_response_clear(&r);

  /* A failing client stops the dump with its status. */
  CHECK_INT(SILA_OK, sila_ld_dump_open(store, NULL, "/dump/sila.nq", NULL, &d, &info));
  CHECK_INT(SILA_ERR_INTERRUPTED, sila_ld_dump_write(d, fail_write, NULL, NULL));
  sila_ld_dump_free(d);
  sila_ld_dump_free(NULL);

  /* Routing. */
  SilaLdRoute rt;
  CHECK_INT(SILA_OK, sila_ld_route(NULL, "/dump/strutture.nt.gz", NULL, "text/html", &rt));
  CHECK_INT(SILA_LD_ROUTE_DUMP, rt.kind);
  CHECK_STR("strutture", rt.slug);
  CHECK_STR(B "/set/strutture", rt.iri);
  CHECK(rt.gzip);
  CHECK_INT(SILA_RDF_NTRIPLES, rt.format);
  sila_ld_route_clear(&rt);
  CHECK_INT(SILA_OK, sila_ld_route(NULL, "/dump/sila.trig", NULL, NULL, &rt));
  CHECK_INT(SILA_LD_ROUTE_DUMP, rt.kind);
  CHECK(rt.slug == NULL && !rt.gzip);
  CHECK_INT(SILA_RDF_TRIG, rt.format);
  sila_ld_route_clear(&rt);
}

/* ---- The paged catalogue ------------------------------------------------------ */

/* TriG of a catalogue of n datasets, each with a distribution, a contact
 * point and the shared publisher; and data graphs for the first three. */
static char *catalogue_trig(int n) {
  SilaBuf b = SILA_BUF_INIT;
  sila_buf_puts(&b, "@prefix dcat: <" DCAT "> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
                    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                    "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n"
                    "<" B "/catalogo> {\n  <" B "/catalogo> a dcat:Catalog ; dct:title \"C\"@it ;"
                    " dct:publisher <" B "/id/organizzazione/r_calabr> .\n"
                    "  <" B "/id/organizzazione/r_calabr> a foaf:Agent ; foaf:name \"Regione\" .\n");
  for (int i = 0; i < n; i++) {
    sila_buf_printf(&b,
                    "  <" B "/catalogo> dcat:dataset <" B "/set/d%03d> .\n"
                    "  <" B "/set/d%03d> a dcat:Dataset ; dct:title \"Dataset %d\"@it ;"
                    " dct:publisher <" B "/id/organizzazione/r_calabr> ;"
                    " dcat:contactPoint <" B "/set/d%03d/punto-di-contatto> ;"
                    " dcat:distribution <" B "/set/d%03d/distribuzione/nt> .\n"
                    "  <" B "/set/d%03d/punto-di-contatto> vcard:fn \"Ufficio %d\" .\n"
                    "  <" B "/set/d%03d/distribuzione/nt> a dcat:Distribution ;"
                    " dcat:downloadURL <" B "/dump/d%03d.nt.gz> ;"
                    " dct:license [ a dct:LicenseDocument ; foaf:name \"CC BY\" ] .\n",
                    i, i, i, i, i, i, i, i, i);
  }
  sila_buf_puts(&b, "}\n");
  for (int i = 0; i < 3; i++)
    sila_buf_printf(&b, "<" B "/set/d%03d> { <" B "/id/x/%d> <http://example.org/p> %d . }\n", i,
                    i, i);
  sila_buf_putc(&b, '\0');
  return b.data;
}

/* The objects of (s, p, ?) in g, counted; the first copied to buf. */
static int objects_of(RdfIsoGraph *g, const char *s, const char *p, char *buf, size_t n) {
  int k = 0;
  if (buf)
    buf[0] = '\0';
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm ts, tp, to, tg;
    bool hg;
    rdf_iso_get(g, i, &ts, &tp, &to, &tg, &hg);
    if (ts.kind == SILA_TERM_IRI && sila_iri_is(ts.value, ts.value_len, s) &&
        sila_iri_is(tp.value, tp.value_len, p)) {
      if (k++ == 0 && buf)
        snprintf(buf, n, "%.*s", (int)to.value_len, to.value);
    }
  }
  return k;
}

static int count_pred(RdfIsoGraph *g, const char *p, const char *o) {
  int k = 0;
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm ts, tp, to, tg;
    bool hg;
    rdf_iso_get(g, i, &ts, &tp, &to, &tg, &hg);
    if (sila_iri_is(tp.value, tp.value_len, p) && (!o || sila_iri_is(to.value, to.value_len, o)))
      k++;
  }
  return k;
}

static void test_catalog(void) {
  SilaTxn *txn = NULL;
  CHECK_INT(SILA_OK, sila_txn_begin_read(big, &txn));
  int seen[NDATASETS] = {0};
  SilaLdCatalogInfo info;
  const char *url = B "/catalogo.ttl";
  for (uint64_t page = 1; page <= 3; page++) {
    SilaBuf out = SILA_BUF_INIT;
    SilaLdCatalogOptions opt = {page, 0, url, false, NULL};
    CHECK_INT(SILA_OK, sila_ld_write_catalog(txn, NULL, &opt, SILA_RDF_TURTLE,
                                             sila_rdf_write_to_buf, &out, &info));
    CHECK_INT(NDATASETS, info.total);
    CHECK_INT(SILA_LD_CATALOG_PAGE_SIZE, info.per_page);
    CHECK_INT(3, info.pages);
    CHECK_INT(page < 3 ? 50 : 20, info.on_page);
    RdfIsoGraph *g = parse(SILA_RDF_TURTLE, out.data, out.len);
    char self[128], v[256];
    snprintf(self, sizeof self, "%s?page=%llu", url, (unsigned long long)page);
    /* the links of this page */
    for (size_t i = 0; i < rdf_iso_size(g); i++) {
      SilaTerm s, p, o, gr;
      bool hg;
      rdf_iso_get(g, i, &s, &p, &o, &gr, &hg);
      if (sila_iri_is(s.value, s.value_len, B "/catalogo") &&
          sila_iri_is(p.value, p.value_len, DCAT "dataset")) {
        int k = atoi(o.value + strlen(B "/set/d"));
        if (k >= 0 && k < NDATASETS)
          seen[k]++;
      }
    }
    CHECK_INT(info.on_page, count_pred(g, DCAT "dataset", NULL));
    /* each linked dataset described, with its distribution and contact point */
    CHECK_INT(info.on_page, count_pred(g, SILA_NS_RDF "type", DCAT "Dataset"));
    CHECK_INT(info.on_page, count_pred(g, SILA_NS_RDF "type", DCAT "Distribution"));
    CHECK_INT(info.on_page, count_pred(g, DCAT "downloadURL", NULL));
    CHECK_INT(info.on_page, count_pred(g, "http://www.w3.org/2006/vcard/ns#fn", NULL));
    CHECK_INT(info.on_page, count_pred(g, "http://xmlns.com/foaf/0.1/name", NULL) - 1);
    CHECK_INT(1, count_pred(g, SILA_NS_RDF "type", "http://xmlns.com/foaf/0.1/Agent"));
    CHECK_INT(1, count_pred(g, SILA_NS_RDF "type", DCAT "Catalog"));
    /* Hydra */
    CHECK_INT(1, count_pred(g, SILA_NS_RDF "type", HYDRA "PagedCollection"));
    CHECK_INT(1, count_pred(g, SILA_NS_RDF "type", HYDRA "PartialCollectionView"));
    objects_of(g, self, HYDRA "totalItems", v, sizeof v);
    CHECK_STR("120", v);
    objects_of(g, self, HYDRA "itemsPerPage", v, sizeof v);
    CHECK_STR("50", v);
    objects_of(g, self, HYDRA "firstPage", v, sizeof v);
    CHECK_STR(B "/catalogo.ttl?page=1", v);
    objects_of(g, self, HYDRA "lastPage", v, sizeof v);
    CHECK_STR(B "/catalogo.ttl?page=3", v);
    objects_of(g, self, HYDRA "last", v, sizeof v);
    CHECK_STR(B "/catalogo.ttl?page=3", v);
    char want[128];
    snprintf(want, sizeof want, "%s?page=%llu", url, (unsigned long long)page + 1);
    CHECK_INT(page < 3, objects_of(g, self, HYDRA "nextPage", v, sizeof v));
    if (page < 3)
      CHECK_STR(want, v);
    CHECK_INT(page < 3, objects_of(g, self, HYDRA "next", NULL, 0));
    snprintf(want, sizeof want, "%s?page=%llu", url, (unsigned long long)page - 1);
    CHECK_INT(page > 1, objects_of(g, self, HYDRA "previousPage", v, sizeof v));
    if (page > 1)
      CHECK_STR(want, v);
    CHECK_INT(1, objects_of(g, B "/catalogo", HYDRA "view", v, sizeof v));
    CHECK_STR(self, v);
    rdf_iso_graph_free(g);
    sila_buf_free(&out);
  }
  int once = 0;
  for (int i = 0; i < NDATASETS; i++)
    once += seen[i] == 1;
  CHECK_INT(NDATASETS, once); /* every dataset on exactly one page */

  /* Out of range, other page sizes, other formats. */
  SilaBuf out = SILA_BUF_INIT;
  SilaLdCatalogOptions opt = {4, 0, NULL, false, NULL};
  CHECK_INT(SILA_ERR_NOT_FOUND,
            sila_ld_write_catalog(txn, NULL, &opt, SILA_RDF_TURTLE, sila_rdf_write_to_buf, &out,
                                  NULL));
  CHECK_INT(0, out.len);
  opt = (SilaLdCatalogOptions){2, 7, NULL, true, NULL};
  CHECK_INT(SILA_OK, sila_ld_write_catalog(txn, NULL, &opt, SILA_RDF_NTRIPLES,
                                           sila_rdf_write_to_buf, &out, &info));
  CHECK_INT(18, info.pages);
  CHECK_INT(7, info.on_page);
  RdfIsoGraph *g = parse(SILA_RDF_NTRIPLES, out.data, out.len);
  char v[256];
  objects_of(g, B "/catalogo?page=2&per_page=7", HYDRA "nextPage", v, sizeof v);
  CHECK_STR(B "/catalogo?page=3&per_page=7", v);
  CHECK_INT(7, count_pred(g, DCAT "dataset", NULL));
  rdf_iso_graph_free(g);
  out.len = 0;
  opt = (SilaLdCatalogOptions){1, 100000, NULL, true, NULL}; /* capped */
  CHECK_INT(SILA_OK, sila_ld_write_catalog(txn, NULL, &opt, SILA_RDF_RDFXML,
                                           sila_rdf_write_to_buf, &out, &info));
  CHECK_INT(SILA_LD_CATALOG_PAGE_MAX, info.per_page);
  CHECK_INT(1, info.pages);
  g = parse(SILA_RDF_RDFXML, out.data, out.len);
  CHECK_INT(NDATASETS, count_pred(g, DCAT "dataset", NULL));
  CHECK_INT(0, count_pred(g, HYDRA "nextPage", NULL));
  rdf_iso_graph_free(g);
  sila_buf_free(&out);
  sila_txn_abort(txn);

  /* Through sila_ld_respond: ?page, ?per_page, 404s. */
  SilaLdResponse r;
  CHECK_INT(SILA_OK, sila_ld_respond(big, NULL, "/catalogo.nt", "page=3", NULL, NULL, &r));
  CHECK_INT(200, r.status);
  g = parse(SILA_RDF_NTRIPLES, r.body.data, r.body.len);
  CHECK_INT(20, count_pred(g, DCAT "dataset", NULL));
  CHECK_INT(1, objects_of(g, B "/catalogo.nt?page=3", HYDRA "previous", v, sizeof v));
  CHECK_STR(B "/catalogo.nt?page=2", v);
  rdf_iso_graph_free(g);
  sila_ld_response_clear(&r);
  CHECK_INT(SILA_OK, sila_ld_respond(big, NULL, "/catalogo", NULL, "application/ld+json", NULL,
                                     &r));
  CHECK_INT(200, r.status); /* no page: the first */
  CHECK(r.vary_accept);
  sila_buf_putc(&r.body, '\0');
  CHECK(strstr(r.body.data, "catalogo?page=2") != NULL);
  sila_ld_response_clear(&r);
  static const char *const bad[] = {"page=4", "page=0", "page=x", "page=-1", "page=2x",
                                    "page=3&per_page=100"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK_INT(SILA_OK, sila_ld_respond(big, NULL, "/catalogo.ttl", bad[i], NULL, NULL, &r));
    if (r.status != 404)
      fprintf(stderr, "catalogo?%s: %d\n", bad[i], r.status);
    CHECK_INT(404, r.status);
    CHECK_INT(0, r.etag[0]);
    sila_ld_response_clear(&r);
  }
  CHECK_INT(SILA_OK, sila_ld_respond(big, NULL, "/catalogo.ttl", "per_page=60&page=2", NULL, NULL,
                                     &r));
  CHECK_INT(200, r.status);
  sila_ld_response_clear(&r);

  /* Dumps of the generated catalogue: listed datasets, with or without data. */
  SilaLdDump *d = NULL;
  SilaLdDumpInfo di;
  SilaBuf body = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_dump_open(big, NULL, "/dump/d001.nt", NULL, &d, &di));
  CHECK_INT(200, di.status);
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sila_rdf_write_to_buf, &body, NULL));
  sila_ld_dump_free(d);
  sila_buf_putc(&body, '\0');
  CHECK_STR("<" B "/id/x/1> <http://example.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            body.data);
  body.len = 0;
  CHECK_INT(SILA_OK, sila_ld_dump_open(big, NULL, "/dump/d119.nt", NULL, &d, &di));
  CHECK_INT(200, di.status); /* listed, no data yet: an empty file */
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sila_rdf_write_to_buf, &body, NULL));
  sila_ld_dump_free(d);
  CHECK_INT(0, body.len);
  sila_buf_free(&body);
}

/* An empty store: page 1 is an empty document, page 2 does not exist. */
static void test_empty(const char *dir) {
  SilaStore *e = NULL;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &e));
  SilaLdResponse r;
  CHECK_INT(SILA_OK, sila_ld_respond(e, NULL, "/catalogo.nt", NULL, NULL, NULL, &r));
  CHECK_INT(200, r.status);
  CHECK_INT(0, r.body.len);
  sila_ld_response_clear(&r);
  CHECK_INT(SILA_OK, sila_ld_respond(e, NULL, "/catalogo.nt", "page=2", NULL, NULL, &r));
  CHECK_INT(404, r.status);
  sila_ld_response_clear(&r);
  SilaLdDump *d = NULL;
  SilaLdDumpInfo di;
  CHECK_INT(SILA_OK, sila_ld_dump_open(e, NULL, "/dump/x.nt.gz", NULL, &d, &di));
  CHECK_INT(404, di.status);
  CHECK_INT(SILA_OK, sila_ld_dump_open(e, NULL, "/dump/sila.nq.gz", NULL, &d, &di));
  CHECK_INT(200, di.status);
  SilaBuf gz = SILA_BUF_INIT, plain = SILA_BUF_INIT;
  CHECK_INT(SILA_OK, sila_ld_dump_write(d, sila_rdf_write_to_buf, &gz, NULL));
  sila_ld_dump_free(d);
  char name[32];
  CHECK_INT(0, gunzip(&gz, &plain, name, sizeof name)); /* a valid, empty gzip file */
  CHECK_INT(0, plain.len);
  sila_buf_free(&gz);
  sila_buf_free(&plain);
  sila_store_close(e);
}

static SilaStatus load(SilaStore *st, const char *path) {
  SilaLoadOptions lo = {SILA_RDF_UNKNOWN, NULL, NULL, false};
  SilaLoadReport rep;
  SilaError err = {0};
  const char *paths[] = {path};
  SilaStatus s = sila_load_files(st, paths, 1, &lo, &rep, &err);
  if (s != SILA_OK)
    fprintf(stderr, "load: %s:%lu:%lu: %s\n", path, err.line, err.column, err.message);
  return s;
}

int main(void) {
  const char *src = getenv("SILA_SRCDIR");
  char *data = NULL, *gen = NULL, dir[] = "/tmp/sila-test-ld-dump-XXXXXX";
  if (asprintf(&data, "%s/tests/data/ld/ld.trig", src ? src : "..") < 0 || !mkdtemp(dir) ||
      asprintf(&gen, "%s/catalogo.trig", dir) < 0)
    return 99;
  char *a = NULL, *b = NULL, *c = NULL;
  if (asprintf(&a, "%s/a", dir) < 0 || asprintf(&b, "%s/b", dir) < 0 ||
      asprintf(&c, "%s/c", dir) < 0)
    return 99;
  char *trig = catalogue_trig(NDATASETS);
  FILE *f = fopen(gen, "w");
  if (!f || fputs(trig, f) < 0 || fclose(f) != 0)
    return 99;
  free(trig);
  CHECK_INT(SILA_OK, sila_store_open(a, SILA_STORE_CREATE, &store));
  CHECK_INT(SILA_OK, sila_store_open(b, SILA_STORE_CREATE, &big));
  if (load(store, data) == SILA_OK && load(big, gen) == SILA_OK) {
    test_dump();
    test_catalog();
    test_empty(c);
  } else {
    CHECK(false);
  }
  sila_ld_cleanup();
  sila_store_close(store);
  sila_store_close(big);
  free(data);
  free(gen);
  free(a);
  free(b);
  free(c);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  return TEST_REPORT();
}
