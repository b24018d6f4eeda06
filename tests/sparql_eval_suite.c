/* sparql_eval_suite.c — the W3C SPARQL 1.0 and 1.1 query evaluation tests, and
 * SPARQL 1.2's triple-term evaluation tests (sparql12/eval-triple-terms).
 *
 * For every mf:QueryEvaluationTest (and the CSV/TSV/JSON result format
 * tests) of the manifests under $SILA_SHARED/conformance/rdf-tests/sparql:
 * a fresh store gets the test's default and named graphs, the query runs
 * with the standard (non-union) default graph, and the result is compared
 * with the expected one: solutions as multisets with blank-node renaming
 * (in order under ORDER BY), graphs by isomorphism, booleans exactly.
 *
 * A test that fails and is not listed in tests/known-failures/sparql-eval.txt
 * fails the run; a listed test that passes is reported so the list can
 * shrink.  Entailment and federation (SERVICE) suites are not run here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results_compare.h"
#include "w3c_expected.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "sila_rdf_write.h"
#include "sila_results.h"
#include "sila_value.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

typedef struct {
  const char *root; /* .../rdf-tests/sparql */
  KnownTally t;
  const char *only; /* run only tests whose id contains this */
  char store_dir[256];
} Run;

/* ---- building the store ------------------------------------------------ */

static bool fresh_store(Run *r, SilaStore **out) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", r->store_dir);
  if (system(cmd) != 0)
    return false;
  return sila_store_open(r->store_dir, SILA_STORE_CREATE, out) == SILA_OK;
}

static bool load(SilaStore *s, const char *iri, bool named, char *why, size_t whylen) {
  const char *path = manifest_file_path(iri);
  SilaLoadOptions opt = {.graph = named ? iri : NULL, .base = iri};
  SilaLoadReport rep;
  SilaError err = {0};
  if (sila_load_files(s, &path, 1, &opt, &rep, &err) != SILA_OK) {
    char msg[700];
    snprintf(why, whylen, "cannot load data: %s", sila_error_format(&err, msg, sizeof msg));
    return false;
  }
  return true;
}

/* Expected results write some numbers in non-canonical forms ("3"^^xsd:float,
 * "-1"^^xsd:decimal) while computed values come canonical: compare
 * decimals, floats and doubles by value, through their canonical form. */
static SilaResultSet *canonical_numbers(SilaResultSet *rs) {
  if (!rs || rs->is_boolean)
    return rs;
  SilaResultSet *out = sila_results_set_new();
  SilaArena *arena = sila_arena_new(0);
  for (size_t v = 0; v < rs->nvars; v++)
    sila_results_set_add_var(out, rs->vars[v], rs->var_lens[v]);
  const SilaTerm **row = calloc(rs->nvars + 1, sizeof *row);
  SilaTerm *terms = calloc(rs->nvars + 1, sizeof *terms);
  for (size_t r = 0; r < rs->nrows; r++) {
    for (size_t c = 0; c < rs->nvars; c++) {
      const SilaTerm *t = sila_results_set_get(rs, r, c);
      row[c] = t;
      if (!t || t->kind != SILA_TERM_LITERAL || !t->datatype)
        continue;
      if (!sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "decimal") &&
          !sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "float") &&
          !sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "double"))
        continue;
      SilaValue val;
      sila_value_from_term(t, &val);
      size_t len;
      const char *lex = val.kind == SILA_VAL_OTHER ? NULL : sila_value_canonical(&val, arena, &len);
      if (!lex)
        continue;
      terms[c] = *t;
      terms[c].value = lex;
      terms[c].value_len = len;
      row[c] = &terms[c];
    }
    sila_results_set_add_row(out, row);
  }
  free(row);
  free(terms);
  sila_arena_free(arena);
  sila_results_set_free(rs);
  return out;
}

/* ---- one test ------------------------------------------------------------ */

static bool run_query(Run *r, SilaStore *store, const char *query_iri, const char *result_iri,
                      char *why, size_t whylen) {
  size_t len;
  char *text = test_file_read(manifest_file_path(query_iri), &len);
  if (!text) {
    snprintf(why, whylen, "cannot read the query");
    return false;
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  SilaStatus st = sila_sparql_parse_query(text, len, query_iri, &q, &err);
  free(text);
  if (st != SILA_OK) {
    snprintf(why, whylen, "parse error: %s", err.message);
    return false;
  }
  /* FROM and FROM NAMED name documents: load those the test did not. */
  size_t nf, nn;
  const SilaTerm *from = sila_query_from(q, &nf), *named = sila_query_from_named(q, &nn);
  for (size_t pass = 0; pass < 2; pass++) {
    const SilaTerm *list = pass ? named : from;
    for (size_t i = 0; i < (pass ? nn : nf); i++) {
      char *iri = manifest_term_dup(&list[i]);
      SilaTxn *t;
      SilaId id;
      bool have = false;
      if (sila_txn_begin_read(store, &t) == SILA_OK) {
        have = sila_txn_lookup(t, &list[i], &id) == SILA_OK && sila_txn_graph_exists(t, id);
        sila_txn_abort(t);
      }
      if (!have && !strncmp(iri, "file://", 7) && access(manifest_file_path(iri), R_OK) == 0 &&
          !load(store, iri, true, why, whylen)) {
        free(iri);
        sila_query_free(q);
        return false;
      }
      free(iri);
    }
  }
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    sila_query_free(q);
    snprintf(why, whylen, "cannot read the store");
    return false;
  }
  SilaExecOptions opt = {.union_default_graph = false, .timeout = 20};
  SilaExec *ex = NULL;
  bool ok = false;
  st = sila_exec_open(txn, q, &opt, &ex, &err);
  SilaQueryForm form = sila_query_form(q);
  if (st != SILA_OK) {
    snprintf(why, whylen, "cannot run: %s", err.message);
  } else if (form == SILA_QUERY_CONSTRUCT || form == SILA_QUERY_DESCRIBE) {
    RdfIsoGraph *actual = rdf_iso_graph_new(), *expected = rdf_iso_graph_new();
    SilaTerm s, p, o;
    int rc;
    while ((rc = sila_exec_next_triple(ex, &s, &p, &o)) == 1)
      rdf_iso_add(actual, &s, &p, &o, NULL);
    const char *rpath = manifest_file_path(result_iri);
    if (rc < 0)
      snprintf(why, whylen, "execution failed: %s", sila_exec_error(ex));
    else if (sila_rdf_parse_file(SILA_RDF_UNKNOWN, rpath, result_iri, rdf_iso_sink, expected,
                                 NULL) != SILA_OK)
      snprintf(why, whylen, "cannot read the expected graph");
    else
      ok = rdf_iso_equal(expected, actual, why, whylen);
    if (!ok && r->t.verbose) {
      fprintf(stderr, "expected:\n");
      rdf_iso_dump(expected, stderr);
      fprintf(stderr, "actual:\n");
      rdf_iso_dump(actual, stderr);
    }
    rdf_iso_graph_free(actual);
    rdf_iso_graph_free(expected);
  } else {
    SilaResultSet *actual = sila_results_set_new();
    int rc = 1;
    if (form == SILA_QUERY_ASK) {
      bool b;
      if (sila_exec_ask(ex, &b) == SILA_OK)
        sila_results_set_set_boolean(actual, b);
      else
        rc = -1;
    } else {
      for (size_t i = 0; i < sila_exec_var_count(ex); i++) {
        const char *name = sila_exec_var_name(ex, i);
        sila_results_set_add_var(actual, name, strlen(name));
      }
      const SilaTerm *const *row;
      while ((rc = sila_exec_next(ex, &row)) == 1)
        sila_results_set_add_row(actual, row);
    }
    bool lexical;
    SilaResultSet *expected = w3c_expected_results(result_iri, &lexical);
    if (rc < 0)
      snprintf(why, whylen, "execution failed: %s", sila_exec_error(ex));
    else if (!expected)
      snprintf(why, whylen, "cannot read the expected results %s", result_iri);
    else {
      unsigned flags = (w3c_query_ordered(q) ? RESULTS_CMP_ORDERED : 0) |
                       (lexical ? RESULTS_CMP_LEXICAL : 0);
      expected = canonical_numbers(expected);
      actual = canonical_numbers(actual);
      ok = results_compare(expected, actual, flags, why, whylen);
      if (!ok && r->t.verbose) {
        SilaResultWriter *w;
        fprintf(stderr, "expected:\n");
        w = sila_results_writer_new(SILA_RESULTS_TSV, sila_rdf_write_to_file, stderr, 0);
        sila_results_set_write(expected, w);
        sila_results_writer_free(w);
        fprintf(stderr, "actual:\n");
        w = sila_results_writer_new(SILA_RESULTS_TSV, sila_rdf_write_to_file, stderr, 0);
        sila_results_set_write(actual, w);
        sila_results_writer_free(w);
      }
    }
    sila_results_set_free(actual);
    sila_results_set_free(expected);
  }
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(q);
  return ok;
}

static void run_test(Run *r, const Manifest *m, const char *rel, const SilaTerm *test) {
  char id[1024];
  const char *frag = memchr(test->value, '#', test->value_len);
  size_t fl = frag ? test->value_len - (size_t)(frag - test->value) : 0;
  snprintf(id, sizeof id, "%s%.*s", rel, (int)fl, frag ? frag : "");
  if (r->only && !strstr(id, r->only))
    return;
  bool eval = manifest_is_a(m, test, MF "QueryEvaluationTest") ||
              manifest_is_a(m, test, MF "CSVResultFormatTest");
  if (!eval)
    return;
  SilaTerm action, result, query, data[16], gdata[16];
  char why[1024] = "";
  if (!manifest_obj(m, test, MF "action", &action) || !manifest_obj(m, test, MF "result", &result) ||
      !manifest_obj(m, &action, QT "query", &query)) {
    known_tally_report(&r->t, id, false, "test without action, query or result");
    return;
  }
  SilaTerm svc;
  if (manifest_obj(m, &action, QT "serviceData", &svc))
    return; /* federation: the update/federation suite runs these */
  size_t nd = manifest_objs(m, &action, QT "data", data, 16);
  size_t ng = manifest_objs(m, &action, QT "graphData", gdata, 16);
  SilaStore *store;
  if (!fresh_store(r, &store)) {
    known_tally_report(&r->t, id, false, "cannot create a store");
    return;
  }
  bool ok = true;
  for (size_t i = 0; i < nd && ok; i++) {
    char *iri = manifest_term_dup(&data[i]);
    ok = load(store, iri, false, why, sizeof why);
    free(iri);
  }
  for (size_t i = 0; i < ng && ok; i++) {
    char *iri = manifest_term_dup(&gdata[i]);
    ok = load(store, iri, true, why, sizeof why);
    free(iri);
  }
  if (ok) {
    char *qi = manifest_term_dup(&query), *ri = manifest_term_dup(&result);
    ok = run_query(r, store, qi, ri, why, sizeof why);
    free(qi);
    free(ri);
  }
  sila_store_close(store);
  known_tally_report(&r->t, id, ok, why);
}

static void run_test_cb(void *ctx, const Manifest *m, const char *rel, const SilaTerm *test) {
  run_test(ctx, m, rel, test);
}

int main(int argc, char **argv) {
  const char *shared = getenv("SILA_SHARED");
  const char *srcdir = getenv("SILA_SRCDIR");
  Run r = {0};
  char path[1024];
  snprintf(path, sizeof path, "%s/conformance/rdf-tests/sparql", shared ? shared : "../shared");
  if (access(path, R_OK) != 0) {
    printf("SKIP: the W3C SPARQL tests are not in %s\n", path);
    return 77;
  }
  r.root = path;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v"))
      r.t.verbose = true;
    else
      r.only = argv[i];
  }
  char known[1024];
  snprintf(known, sizeof known, "%s/tests/known-failures/sparql-eval.txt", srcdir ? srcdir : "..");
  known_failures_load(&r.t.known, known);
  snprintf(r.store_dir, sizeof r.store_dir, "/tmp/sila-eval-%d", (int)getpid());

  /* How many tests each manifest has (with its includes, less federation
   * and entailment): a manifest or a test the runner does not read (as
   * sparql10/construct and bnode-coreference once, whose manifest node is a
   * blank node) fails the run instead of shrinking it.  The outside runners
   * (sparql_outside.c) read the same manifests. */
  const struct {
    const char *path;
    int tests;
  } manifests[] = {{"sparql10/manifest.ttl", 283},
                   {"sparql11/manifest-sparql11-query.ttl", 225},
                   {"sparql11/manifest-sparql11-results.ttl", 10},
                   {"sparql12/eval-triple-terms/manifest.ttl", 38}};
  int miscounted = 0;
  for (size_t i = 0; i < sizeof manifests / sizeof manifests[0]; i++) {
    char mp[1200];
    snprintf(mp, sizeof mp, "%s/%s", path, manifests[i].path);
    int before = r.t.passed + r.t.failed + r.t.known_failed;
    int passed_before = r.t.passed;
    manifest_walk_sparql(mp, run_test_cb, &r);
    int ran = r.t.passed + r.t.failed + r.t.known_failed - before;
    printf("%s: %d of %d query evaluation tests pass\n", manifests[i].path,
           r.t.passed - passed_before, ran);
    if (!r.only && ran != manifests[i].tests) {
      printf("FAIL %s: %d tests run, %d expected (a manifest or tests not read?)\n",
             manifests[i].path, ran, manifests[i].tests);
      miscounted++;
    }
  }
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", r.store_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", r.store_dir);
  known_tally_summary(&r.t);
  known_failures_free(&r.t.known);
  return r.t.failed || miscounted ? 1 : 0;
}
