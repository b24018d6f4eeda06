/* publish_api.c — sila_publish() through its C API: the report of a dry
 * run, a publish into a store (graph and catalogue written in one
 * transaction), republishing, and the errors of bad calls. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_publish.h"
#include "test_harness.h"

static uint64_t graph_size(SilaStore *st, const char *iri) {
  SilaTxn *t;
  if (sila_txn_begin_read(st, &t))
    return (uint64_t)-1;
  SilaTerm g = sila_term_iri(iri);
  SilaId id;
  uint64_t n = 0;
  if (sila_txn_lookup(t, &g, &id) == SILA_OK) {
    SilaIdQuad pat = {SILA_ID_ANY, SILA_ID_ANY, SILA_ID_ANY, id};
    n = sila_txn_count(t, &pat, UINT64_MAX);
  }
  sila_txn_abort(t);
  return n;
}

int main(void) {
  const char *src = getenv("SILA_SRCDIR");
  char dir[4096], tmpl[] = "/tmp/sila-publish-api.XXXXXX";
  snprintf(dir, sizeof dir, "%s/datasets/luoghi-della-cultura", src ? src : "..");

  SilaPublishOptions o;
  sila_publish_options_init(&o);
  CHECK_STR(SILA_PUBLISH_DEFAULT_BASE, o.base);

  /* dry run: a report, no store needed */
  o.dry_run = true;
  o.today = "2025-05-05";
  SilaPublishReport r;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_publish(NULL, dir, &o, &r, &err));
  CHECK_STR("luoghi-della-cultura", r.slug);
  CHECK_STR("https://dati.calabria.it/set/luoghi-della-cultura", r.graph);
  CHECK_INT(9, r.rows);
  CHECK_INT(67, r.triples);
  CHECK_INT(0, r.warnings);
  CHECK_INT(0, r.errors);
  CHECK_INT(9, r.external_links);
  CHECK_INT(5, r.stars);
  CHECK_STR("", r.missing);
  CHECK(r.catalogue_triples > 60);
  CHECK(!r.written);

  /* without a store and without dry_run: refused */
  o.dry_run = false;
  SilaError e2 = {0};
  CHECK_INT(SILA_ERR_INVALID, sila_publish(NULL, dir, &o, &r, &e2));

  /* a folder without dataset.json */
  SilaError e3 = {0};
  o.dry_run = true;
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_publish(NULL, "/nonexistent-sila-dir", &o, &r, &e3));
  CHECK_STR("/nonexistent-sila-dir/dataset.json", e3.file);
  /* the report says so: one error, the description missing, the reason */
  CHECK_INT(1, r.errors);
  CHECK(strstr(r.missing, "dataset.json") != NULL);
  CHECK(strstr(r.reason, "/nonexistent-sila-dir/dataset.json: unable to open") != NULL);

  /* a small dataset of our own whose 2nd row lacks a `required` value:
   * refused even when the caller passes no SilaError */
  char tmpl2[] = "/tmp/sila-publish-req.XXXXXX";
  char *rd = mkdtemp(tmpl2), path[4200];
  FILE *f;
  snprintf(path, sizeof path, "%s/dataset.json", rd);
  if ((f = fopen(path, "w"))) {
    fputs("{\"slug\": \"t\", \"title\": \"T\", \"description\": \"D\", \"theme\": \"GOVE\",\n"
          " \"frequency\": \"UNKNOWN\", \"modified\": \"2025-01-01\",\n"
          " \"rightsHolder\": {\"id\": \"x\", \"name\": \"X\"}}\n", f);
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/t.csv", rd);
  if ((f = fopen(path, "w"))) {
    fputs("id,name\n1,one\n2,\n", f);
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/t.csv-metadata.json", rd);
  if ((f = fopen(path, "w"))) {
    fputs("{\"@context\": \"http://www.w3.org/ns/csvw\", \"url\": \"t.csv\",\n"
          " \"tableSchema\": {\"aboutUrl\": \"http://ex.org/{id}\", \"columns\": [\n"
          "  {\"name\": \"id\", \"titles\": \"id\"},\n"
          "  {\"name\": \"name\", \"titles\": \"name\", \"required\": true}]}}\n", f);
    fclose(f);
  }
  CHECK_INT(SILA_ERR_INVALID, sila_publish(NULL, rd, &o, &r, NULL));
  CHECK_INT(1, r.errors);
  CHECK_INT(0, r.stars);
  SilaError e6 = {0};
  CHECK_INT(SILA_ERR_INVALID, sila_publish(NULL, rd, &o, &r, &e6));
  CHECK_INT(3, e6.line);
  CHECK_INT(2, e6.column);
  CHECK(e6.file && strstr(e6.file, "t.csv"));
  char cmd0[4200];
  snprintf(cmd0, sizeof cmd0, "rm -rf '%s'", rd);
  CHECK_INT(0, system(cmd0));

  /* into a store, twice: the graph is replaced, the catalogue rewritten */
  o.dry_run = false;
  o.base = "http://localhost:8080";
  char *sd = mkdtemp(tmpl);
  SilaStore *st = NULL;
  CHECK(sd && sila_store_open(sd, SILA_STORE_CREATE, &st) == SILA_OK);
  if (st) {
    SilaError e4 = {0};
    CHECK_INT(SILA_OK, sila_publish(st, dir, &o, &r, &e4));
    CHECK(r.written);
    CHECK_INT(0, r.replaced);
    CHECK_INT(65, r.triples); /* two castles state rdf:type cis:CulturalInstituteOrSite twice */
    CHECK_INT(65, graph_size(st, "http://localhost:8080/set/luoghi-della-cultura"));
    uint64_t cat = graph_size(st, "http://localhost:8080/catalogo");
    CHECK_INT(r.catalogue_triples, cat);
    SilaError e5 = {0};
    CHECK_INT(SILA_OK, sila_publish(st, dir, &o, &r, &e5));
    CHECK_INT(65, r.replaced);
    CHECK_INT(65, graph_size(st, "http://localhost:8080/set/luoghi-della-cultura"));
    CHECK_INT(cat, graph_size(st, "http://localhost:8080/catalogo"));
    sila_store_close(st);
  }
  if (sd) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", sd);
    CHECK_INT(0, system(cmd));
  }
  return TEST_REPORT();
}
