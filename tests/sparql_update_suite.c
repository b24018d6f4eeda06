/* sparql_update_suite.c — the W3C SPARQL 1.1 Update tests.
 *
 * Reads $SILA_SHARED/conformance/rdf-tests/sparql/sparql11/
 * manifest-sparql11-update.ttl and its included manifests:
 *   mf:UpdateEvaluationTest — a fresh store gets ut:data (default graph)
 *     and ut:graphData (each ut:graph file loaded into the graph named by
 *     its rdfs:label); the ut:request runs with sila_update_run and the
 *     standard (non-union) default graph; the store must then be
 *     isomorphic, as a dataset, to the mf:result's ut:data / ut:graphData;
 *   (Positive|Negative)(Update)SyntaxTest(11) — the request must parse /
 *     must be refused by sila_sparql_parse_update.
 * A failing test not listed in tests/known-failures/sparql-update.txt
 * ("sparql11/add/manifest#add01  # reason") fails the run; a listed test
 * that passes is reported.  Exits 77 when $SILA_SHARED is absent.
 * Usage: sparql_update_suite [-v] [ID-SUBSTRING] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_load.h"
#include "sila_update.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

#define RDFS "http://www.w3.org/2000/01/rdf-schema#"

typedef struct {
  KnownTally t;
  int suite_passed, suite_total;
  const char *only;
  char store_dir[256];
} Run;

/* One test's outcome, counted for its manifest too. */
static void report(Run *r, const char *id, bool ok, const char *why) {
  r->suite_total++;
  if (ok)
    r->suite_passed++;
  known_tally_report(&r->t, id, ok, why);
}

/* ---- datasets ----------------------------------------------------------- */

/* Expected data: statements of one file go to one graph, with blank node
 * labels scoped to the file (as the store scopes them per document). */
typedef struct {
  RdfIsoGraph *g;
  const SilaTerm *graph; /* NULL = default graph */
  int file_no;
} ExpectSink;

static SilaStatus expect_sink(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  ExpectSink *e = ctx;
  (void)g;
  char sb[300], ob[300];
  SilaTerm s2 = *s, o2 = *o;
  if (s->kind == SILA_TERM_BLANK) {
    snprintf(sb, sizeof sb, "f%d_%.*s", e->file_no, (int)s->value_len, s->value);
    s2.value = sb;
    s2.value_len = strlen(sb);
  }
  if (o->kind == SILA_TERM_BLANK) {
    snprintf(ob, sizeof ob, "f%d_%.*s", e->file_no, (int)o->value_len, o->value);
    o2.value = ob;
    o2.value_len = strlen(ob);
  }
  return rdf_iso_add(e->g, &s2, p, &o2, e->graph);
}

static bool expect_file(RdfIsoGraph *g, const char *iri, const SilaTerm *graph, int file_no,
                        char *why, size_t whylen) {
  ExpectSink e = {g, graph, file_no};
  SilaError err = {0};
  SilaStatus st = sila_rdf_parse_file(SILA_RDF_UNKNOWN, manifest_file_path(iri), iri, expect_sink,
                                      &e, &err);
  if (st != SILA_OK) {
    char msg[700];
    snprintf(why, whylen, "cannot read expected data %s: %s", iri,
             sila_error_format(&err, msg, sizeof msg));
    return false;
  }
  return true;
}

/* The whole store as a dataset. */
static bool store_dataset(SilaStore *store, RdfIsoGraph *out, char *why, size_t whylen) {
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    snprintf(why, whylen, "cannot read the store");
    return false;
  }
  SilaIdQuad pat = {0, 0, 0, 0}, q;
  SilaScan *scan;
  bool ok = sila_scan_open(txn, &pat, 0, &scan) == SILA_OK;
  int r = 0;
  while (ok && (r = sila_scan_next(scan, &q)) == 1) {
    SilaTerm t[4];
    char bufs[4][SILA_TERM_BUF];
    SilaId ids[4] = {q.s, q.p, q.o, q.g};
    for (int k = 0; k < 4 && ok; k++)
      if (k < 3 || q.g != SILA_ID_DEFAULT_GRAPH)
        ok = sila_txn_term(txn, ids[k], &t[k], bufs[k]) == SILA_OK;
    if (ok)
      ok = rdf_iso_add(out, &t[0], &t[1], &t[2], q.g == SILA_ID_DEFAULT_GRAPH ? NULL : &t[3]) ==
           SILA_OK;
  }
  if (r < 0)
    ok = false;
  sila_scan_free(scan);
  sila_txn_abort(txn);
  if (!ok)
    snprintf(why, whylen, "cannot read the store's quads");
  return ok;
}

static bool fresh_store(Run *r, SilaStore **out) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", r->store_dir);
  if (system(cmd) != 0)
    return false;
  return sila_store_open(r->store_dir, SILA_STORE_CREATE, out) == SILA_OK;
}

static bool load_into(SilaStore *s, const char *iri, const char *graph, char *why, size_t whylen) {
  const char *path = manifest_file_path(iri);
  SilaLoadOptions opt = {.graph = graph, .base = iri};
  SilaLoadReport rep;
  SilaError err = {0};
  if (sila_load_files(s, &path, 1, &opt, &rep, &err) != SILA_OK) {
    char msg[700];
    snprintf(why, whylen, "cannot load %s: %s", iri, sila_error_format(&err, msg, sizeof msg));
    return false;
  }
  return true;
}

/* The data of an action (into the store) or a result (into `expect`). */
static bool dataset_of(const Manifest *m, const SilaTerm *node, SilaStore *store,
                       RdfIsoGraph *expect, char *why, size_t whylen) {
  SilaTerm data[16], gdata[16];
  size_t nd = manifest_objs(m, node, UT "data", data, 16);
  size_t ng = manifest_objs(m, node, UT "graphData", gdata, 16);
  bool ok = true;
  int file_no = 0;
  for (size_t i = 0; i < nd && ok; i++) {
    char *iri = manifest_term_dup(&data[i]);
    ok = store ? load_into(store, iri, NULL, why, whylen)
               : expect_file(expect, iri, NULL, file_no++, why, whylen);
    free(iri);
  }
  for (size_t i = 0; i < ng && ok; i++) {
    SilaTerm file, label;
    if (!manifest_obj(m, &gdata[i], UT "graph", &file) ||
        (!manifest_obj(m, &gdata[i], RDFS "label", &label) &&
         !manifest_obj(m, &gdata[i], UT "name", &label))) {
      snprintf(why, whylen, "ut:graphData without ut:graph or rdfs:label");
      return false;
    }
    char *iri = manifest_term_dup(&file), *name = manifest_term_dup(&label);
    SilaTerm gname = sila_term_iri(name);
    ok = store ? load_into(store, iri, name, why, whylen)
               : expect_file(expect, iri, &gname, file_no++, why, whylen);
    free(iri);
    free(name);
  }
  return ok;
}

/* ---- tests ----------------------------------------------------------------- */

static bool run_update(Run *r, const Manifest *m, const SilaTerm *action, const SilaTerm *result,
                       char *why, size_t whylen) {
  SilaTerm request;
  if (!manifest_obj(m, action, UT "request", &request)) {
    snprintf(why, whylen, "no ut:request");
    return false;
  }
  SilaStore *store;
  if (!fresh_store(r, &store)) {
    snprintf(why, whylen, "cannot create a store");
    return false;
  }
  bool ok = dataset_of(m, action, store, NULL, why, whylen);
  char *req_iri = manifest_term_dup(&request);
  size_t len = 0;
  char *text = ok ? test_file_read(manifest_file_path(req_iri), &len) : NULL;
  if (ok && !text) {
    snprintf(why, whylen, "cannot read %s", req_iri);
    ok = false;
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  if (ok && sila_sparql_parse_update(text, len, req_iri, &q, &err) != SILA_OK) {
    char msg[700];
    snprintf(why, whylen, "parse: %s", sila_error_format(&err, msg, sizeof msg));
    ok = false;
  }
  if (ok) {
    SilaUpdateOptions opt = {.union_default_graph = false};
    SilaStatus st = sila_update_run(store, q, &opt, &err);
    if (st != SILA_OK) {
      char msg[700];
      snprintf(why, whylen, "update failed: %s", sila_error_format(&err, msg, sizeof msg));
      ok = false;
    }
  }
  RdfIsoGraph *actual = rdf_iso_graph_new(), *expected = rdf_iso_graph_new();
  if (ok)
    ok = store_dataset(store, actual, why, whylen) &&
         dataset_of(m, result, NULL, expected, why, whylen);
  if (ok) {
    char diff[512] = "";
    ok = rdf_iso_equal(actual, expected, diff, sizeof diff);
    if (!ok) {
      snprintf(why, whylen, "result differs: %s", diff);
      if (r->t.verbose) {
        printf("--- actual\n");
        rdf_iso_dump(actual, stdout);
        printf("--- expected\n");
        rdf_iso_dump(expected, stdout);
      }
    }
  }
  rdf_iso_graph_free(actual);
  rdf_iso_graph_free(expected);
  sila_query_free(q);
  free(text);
  free(req_iri);
  sila_store_close(store);
  return ok;
}

static bool run_syntax(const SilaTerm *action, bool positive, char *why, size_t whylen) {
  char *iri = manifest_term_dup(action);
  size_t len = 0;
  char *text = test_file_read(manifest_file_path(iri), &len);
  bool ok;
  if (!text) {
    snprintf(why, whylen, "cannot read %s", iri);
    ok = false;
  } else {
    SilaQuery *q = NULL;
    SilaError err = {0};
    SilaStatus st = sila_sparql_parse_update(text, len, iri, &q, &err);
    ok = (st == SILA_OK) == positive;
    if (!ok) {
      char msg[700];
      snprintf(why, whylen, positive ? "refused: %s" : "accepted a malformed update%s",
               positive ? sila_error_format(&err, msg, sizeof msg) : "");
    }
    sila_query_free(q);
  }
  free(text);
  free(iri);
  return ok;
}

static void run_test(Run *r, const Manifest *m, const char *rel, const SilaTerm *test) {
  char id[1024];
  const char *frag = memchr(test->value, '#', test->value_len);
  size_t fl = frag ? test->value_len - (size_t)(frag - test->value) : 0;
  snprintf(id, sizeof id, "%s%.*s", rel, (int)fl, frag ? frag : "");
  if (r->only && !strstr(id, r->only))
    return;
  SilaTerm action, result;
  char why[1024] = "";
  bool has_action = manifest_obj(m, test, MF "action", &action);
  if (manifest_is_a(m, test, MF "UpdateEvaluationTest")) {
    if (!has_action || !manifest_obj(m, test, MF "result", &result)) {
      report(r, id, false, "test without action or result");
      return;
    }
    bool ok = run_update(r, m, &action, &result, why, sizeof why);
    report(r, id, ok, why);
    return;
  }
  static const char *const pos[] = {"PositiveUpdateSyntaxTest11", "PositiveSyntaxTest11"};
  static const char *const neg[] = {"NegativeUpdateSyntaxTest11", "NegativeSyntaxTest11"};
  for (int k = 0; k < 2; k++) {
    char tp[200], tn[200];
    snprintf(tp, sizeof tp, MF "%s", pos[k]);
    snprintf(tn, sizeof tn, MF "%s", neg[k]);
    bool positive = manifest_is_a(m, test, tp);
    if (positive || manifest_is_a(m, test, tn)) {
      bool ok = has_action && run_syntax(&action, positive, why, sizeof why);
      report(r, id, ok, has_action ? why : "test without action");
      return;
    }
  }
}

static void run_manifest(Run *r, const char *path, int depth) {
  Manifest m;
  if (depth > 4 || !manifest_load(&m, path))
    return;
  char relid[512];
  manifest_sparql_prefix(path, relid, sizeof relid);
  SilaTerm self = manifest_doc(&m), items[512];
  size_t n = manifest_includes(&m, &self, items, 512);
  for (size_t i = 0; i < n; i++) {
    char *iri = manifest_term_dup(&items[i]);
    int p0 = r->suite_passed, t0 = r->suite_total;
    r->suite_passed = r->suite_total = 0;
    run_manifest(r, manifest_file_path(iri), depth + 1);
    if (r->suite_total)
      printf("%-60s %3d of %3d pass\n", strstr(iri, "/sparql11/") ? strstr(iri, "/sparql11/") + 10 : iri,
             r->suite_passed, r->suite_total);
    r->suite_passed += p0;
    r->suite_total += t0;
    free(iri);
  }
  n = manifest_entries(&m, &self, items, 512);
  for (size_t i = 0; i < n; i++)
    run_test(r, &m, relid, &items[i]);
  manifest_free(&m);
}

int main(int argc, char **argv) {
  const char *shared = getenv("SILA_SHARED");
  const char *srcdir = getenv("SILA_SRCDIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/conformance/rdf-tests/sparql/sparql11/manifest-sparql11-update.ttl",
           shared ? shared : "../shared");
  if (access(path, R_OK) != 0) {
    printf("SKIP: the W3C SPARQL Update tests are not in %s\n", path);
    return 77;
  }
  Run r;
  memset(&r, 0, sizeof r);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v"))
      r.t.verbose = true;
    else
      r.only = argv[i];
  }
  char known[1024];
  snprintf(known, sizeof known, "%s/tests/known-failures/sparql-update.txt", srcdir ? srcdir : "..");
  known_failures_load(&r.t.known, known);
  snprintf(r.store_dir, sizeof r.store_dir, "/tmp/sila-update-suite-%d", (int)getpid());
  run_manifest(&r, path, 0);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", r.store_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", r.store_dir);
  known_tally_summary(&r.t);
  known_failures_free(&r.t.known);
  return r.t.failed ? 1 : 0;
}
