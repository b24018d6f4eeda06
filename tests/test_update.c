/* test_update.c — SPARQL Update execution: atomicity of a request, fresh
 * blank nodes, graph management in a request, LOAD from files, LOAD over
 * HTTP (refused by default, the allow-list, a real fetch from a server on
 * 127.0.0.1) and the refusal of file: LOAD for requests from HTTP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvw_httpd.h"
#include "sila_update.h"
#include "test_harness.h"

#define EX "http://example.org/"

static SilaStore *store;
static char last_error[SILA_ERROR_MSG_MAX];

static SilaStatus run_opt(const char *text, const SilaUpdateOptions *opt) {
  SilaQuery *q = NULL;
  SilaError err = {0};
  SilaStatus st = sila_sparql_parse_update(text, strlen(text), NULL, &q, &err);
  if (st == SILA_OK)
    st = sila_update_run(store, q, opt, &err);
  snprintf(last_error, sizeof last_error, "%s", err.message);
  sila_query_free(q);
  return st;
}

static SilaStatus run(const char *text) {
  SilaUpdateOptions opt = {.union_default_graph = false};
  return run_opt(text, &opt);
}

static uint64_t quads(void) {
  SilaTxn *txn;
  SilaStoreStats s = {0};
  if (sila_txn_begin_read(store, &txn) == SILA_OK) {
    sila_txn_stats(txn, &s);
    sila_txn_abort(txn);
  }
  return s.quads;
}

/* Number of quads matching (s?, p, o?, g?) given as IRIs (NULL = any;
 * g "" = default graph); distinct subjects go to *subjects. */
static int count(const char *s, const char *p, const char *o, const char *g, int *subjects) {
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK)
    return -1;
  SilaIdQuad pat = {0, 0, 0, 0};
  const char *iris[4] = {s, p, o, g};
  SilaId *pos[4] = {&pat.s, &pat.p, &pat.o, &pat.g};
  for (int k = 0; k < 4; k++) {
    if (!iris[k])
      continue;
    if (k == 3 && !iris[k][0]) {
      pat.g = SILA_ID_DEFAULT_GRAPH;
      continue;
    }
    SilaTerm t = sila_term_iri(iris[k]);
    if (sila_txn_lookup(txn, &t, pos[k]) != SILA_OK) {
      sila_txn_abort(txn);
      if (subjects)
        *subjects = 0;
      return 0;
    }
  }
  SilaScan *scan;
  int n = 0, ns = 0;
  SilaId seen[64];
  SilaIdQuad q;
  if (sila_scan_open(txn, &pat, 0, &scan) == SILA_OK) {
    while (sila_scan_next(scan, &q) == 1) {
      n++;
      bool dup = false;
      for (int i = 0; i < ns; i++)
        dup |= seen[i] == q.s;
      if (!dup && ns < 64)
        seen[ns++] = q.s;
    }
    sila_scan_free(scan);
  }
  sila_txn_abort(txn);
  if (subjects)
    *subjects = ns;
  return n;
}

static void test_atomicity(void) {
  CHECK_INT(SILA_OK, run("INSERT DATA { <" EX "a> <" EX "p> 1 . GRAPH <" EX "g> { <" EX "a> <" EX "p> 2 } }"));
  CHECK_INT(2, quads());
  /* The second operation fails: the first must not be applied. */
  CHECK_INT(SILA_ERR_NOT_FOUND,
            run("INSERT DATA { <" EX "b> <" EX "p> 3 } ; DROP GRAPH <" EX "absent>"));
  CHECK(strstr(last_error, "operation 2 (DROP)") != NULL);
  CHECK_INT(2, quads());
  CHECK_INT(0, count(EX "b", NULL, NULL, NULL, NULL));
  /* A failing third operation after a CLEAR: nothing cleared either. */
  CHECK_INT(SILA_ERR_EXISTS,
            run("CLEAR ALL ; INSERT DATA { GRAPH <" EX "g> { <" EX "c> <" EX "p> 4 } } ; CREATE GRAPH <" EX "g>"));
  CHECK_INT(2, quads());
  /* SILENT turns the failure into a no-op, and the request goes through. */
  CHECK_INT(SILA_OK, run("INSERT DATA { <" EX "b> <" EX "p> 3 } ; DROP SILENT GRAPH <" EX "absent>"));
  CHECK_INT(3, quads());
  /* CREATE of an absent graph, then DROP of it in the same request. */
  CHECK_INT(SILA_OK, run("CREATE GRAPH <" EX "new> ; DROP GRAPH <" EX "new>"));
  CHECK_INT(SILA_ERR_EXISTS, run("CREATE GRAPH <" EX "g>"));
  /* DELETE/INSERT WHERE reads the state before the operation. */
  CHECK_INT(SILA_OK, run("DELETE { ?s <" EX "p> ?o } INSERT { ?s <" EX "q> ?o } WHERE { ?s <" EX "p> ?o }"));
  CHECK_INT(0, count(NULL, EX "p", NULL, "", NULL));
  CHECK_INT(2, count(NULL, EX "q", NULL, "", NULL));
  CHECK_INT(1, count(NULL, EX "p", NULL, EX "g", NULL)); /* the named graph is untouched */
  /* WITH: the WHERE reads <g> and the templates write there. */
  CHECK_INT(SILA_OK, run("WITH <" EX "g> INSERT { ?s <" EX "r> ?o } WHERE { ?s <" EX "p> ?o }"));
  CHECK_INT(1, count(NULL, EX "r", NULL, EX "g", NULL));
  CHECK_INT(0, count(NULL, EX "r", NULL, "", NULL));
  /* MOVE / COPY onto the same graph do nothing. */
  CHECK_INT(SILA_OK, run("MOVE GRAPH <" EX "g> TO <" EX "g> ; COPY DEFAULT TO DEFAULT"));
  CHECK_INT(2, count(NULL, NULL, NULL, EX "g", NULL));
  CHECK_INT(SILA_OK, run("COPY <" EX "g> TO <" EX "h> ; MOVE DEFAULT TO <" EX "m>"));
  CHECK_INT(2, count(NULL, NULL, NULL, EX "h", NULL));
  CHECK_INT(2, count(NULL, NULL, NULL, EX "m", NULL));
  CHECK_INT(0, count(NULL, NULL, NULL, "", NULL));
  CHECK_INT(SILA_OK, run("DROP ALL"));
  CHECK_INT(0, quads());
}

static void test_blank_nodes(void) {
  /* INSERT DATA: one node per label in an operation, a new one per operation. */
  const char *ins = "INSERT DATA { _:x <" EX "p> 1 . _:x <" EX "q> 2 }";
  CHECK_INT(SILA_OK, run(ins));
  int subjects = 0;
  CHECK_INT(2, count(NULL, NULL, NULL, "", &subjects));
  CHECK_INT(1, subjects);
  CHECK_INT(SILA_OK, run(ins));
  CHECK_INT(4, count(NULL, NULL, NULL, "", &subjects));
  CHECK_INT(2, subjects);
  /* A blank node of an INSERT template is fresh per solution (two solutions). */
  CHECK_INT(SILA_OK, run("INSERT { _:n <" EX "of> ?s . _:n <" EX "kind> \"k\" } WHERE { ?s <" EX "p> 1 }"));
  CHECK_INT(2, count(NULL, EX "of", NULL, "", &subjects));
  CHECK_INT(2, subjects);
  CHECK_INT(2, count(NULL, EX "kind", NULL, "", &subjects));
  CHECK_INT(2, subjects);
  /* Blank nodes of the store matched by WHERE keep their identity. */
  CHECK_INT(SILA_OK, run("DELETE { ?b <" EX "q> ?v } WHERE { ?b <" EX "q> ?v }"));
  CHECK_INT(0, count(NULL, EX "q", NULL, NULL, NULL));
  CHECK_INT(2, count(NULL, EX "p", NULL, NULL, NULL));
  CHECK_INT(SILA_OK, run("DROP ALL"));
}

static void test_load(const char *dir) {
  char path[512], text[1200];
  snprintf(path, sizeof path, "%s/data.ttl", dir);
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f)
    return;
  fputs("@prefix ex: <" EX "> .\nex:a ex:p ex:b .\n_:x ex:p ex:c .\n", f);
  fclose(f);
  /* file: LOAD from the command line / the library: allowed. */
  snprintf(text, sizeof text, "LOAD <file://%s> INTO GRAPH <" EX "loaded>", path);
  CHECK_INT(SILA_OK, run(text));
  CHECK_INT(2, count(NULL, NULL, NULL, EX "loaded", NULL));
  /* ... but not for a request that came over HTTP. */
  SilaUpdateOptions http = {.from_http = true};
  snprintf(text, sizeof text, "INSERT DATA { <" EX "z> <" EX "p> 0 } ; LOAD <file://%s>", path);
  CHECK_INT(SILA_ERR_DENIED, run_opt(text, &http));
  CHECK_INT(2, quads());
  /* A malformed document fails the request; LOAD SILENT skips it whole. */
  snprintf(path, sizeof path, "%s/bad.ttl", dir);
  f = fopen(path, "w");
  fputs("<" EX "ok> <" EX "p> <" EX "o> .\n<" EX "bad> <" EX "p> \n", f);
  fclose(f);
  snprintf(text, sizeof text, "LOAD <file://%s>", path);
  CHECK_INT(SILA_ERR_SYNTAX, run(text));
  snprintf(text, sizeof text, "LOAD SILENT <file://%s> ; INSERT DATA { <" EX "y> <" EX "p> 1 }", path);
  CHECK_INT(SILA_OK, run(text));
  CHECK_INT(3, quads());
  CHECK_INT(0, count(EX "ok", NULL, NULL, NULL, NULL));
  CHECK_INT(SILA_ERR_NOT_FOUND, run("LOAD <file:///nonexistent/sila/x.ttl>"));

  /* http(s): refused without an allow-list, SILENT or not. */
  CHECK_INT(SILA_ERR_DENIED, run("LOAD <http://127.0.0.1:1/x.ttl>"));
  CHECK(strstr(last_error, "not allowed") != NULL);
  CHECK_INT(SILA_OK, run("LOAD SILENT <http://127.0.0.1:1/x.ttl>"));
  CHECK_INT(3, quads());
  /* A prefix that is an authority does not match a longer host name. */
  const char *allow[] = {"http://127.0.0.1:1", NULL};
  SilaUpdateOptions opt = {.load_allow = allow, .load_allow_private = true, .timeout = 20};
  CHECK_INT(SILA_ERR_DENIED, run_opt("LOAD <http://127.0.0.1:1.evil.example/x.ttl>", &opt));
  /* Allowed but nothing listens on port 1: a remote failure, not a refusal. */
  CHECK_INT(SILA_ERR_REMOTE, run_opt("LOAD <http://127.0.0.1:1/x.ttl>", &opt));

  /* A real fetch from a server on 127.0.0.1. */
  CsvwHttpd *httpd = csvw_httpd_start(dir, "/rdf/", NULL);
  CHECK(httpd != NULL);
  if (!httpd)
    return;
  char prefix[128], url[256];
  snprintf(prefix, sizeof prefix, "http://127.0.0.1:%u/rdf/", csvw_httpd_port(httpd));
  const char *allow2[] = {prefix, NULL};
  /* Allowed by the list, but 127.0.0.1 is loopback: refused, as SERVICE
   * refuses it (one policy, checked on the connected address). */
  SilaUpdateOptions guarded = {.load_allow = allow2, .timeout = 20};
  snprintf(url, sizeof url, "LOAD <%sdata.ttl> INTO GRAPH <" EX "web>", prefix);
  CHECK_INT(SILA_ERR_DENIED, run_opt(url, &guarded));
  CHECK(strstr(last_error, "private or loopback") != NULL);
  SilaUpdateOptions opt2 = {.load_allow = allow2, .load_allow_private = true, .timeout = 20};
  CHECK_INT(SILA_OK, run_opt(url, &opt2));
  CHECK(strlen(last_error) == 0 || printf("%s\n", last_error) < 0);
  CHECK_INT(2, count(NULL, NULL, NULL, EX "web", NULL));
  /* Outside the prefix: refused even though the server would answer (the
   * path compares with case). */
  snprintf(url, sizeof url, "LOAD <http://127.0.0.1:%u/RDF/data.ttl>", csvw_httpd_port(httpd));
  CHECK_INT(SILA_ERR_DENIED, run_opt(url, &opt2));
  snprintf(url, sizeof url, "LOAD <HTTP://127.0.0.1:%u/rdf/data.ttl> INTO GRAPH <" EX "web2>",
           csvw_httpd_port(httpd));
  CHECK_INT(SILA_OK, run_opt(url, &opt2));
  CHECK_INT(2, count(NULL, NULL, NULL, EX "web2", NULL));
  snprintf(url, sizeof url, "LOAD <http://127.0.0.1:%u/other/data.ttl>", csvw_httpd_port(httpd));
  CHECK_INT(SILA_ERR_DENIED, run_opt(url, &opt2));
  /* 404 and malformed documents fail the whole request. */
  snprintf(url, sizeof url, "INSERT DATA { <" EX "w> <" EX "p> 1 } ; LOAD <%smissing.ttl>", prefix);
  CHECK_INT(SILA_ERR_REMOTE, run_opt(url, &opt2));
  snprintf(url, sizeof url, "LOAD <%sbad.ttl>", prefix);
  CHECK_INT(SILA_ERR_SYNTAX, run_opt(url, &opt2));
  CHECK_INT(0, count(EX "w", NULL, NULL, NULL, NULL));
  /* A download cap. */
  opt2.max_load_bytes = 10;
  snprintf(url, sizeof url, "LOAD <%sdata.ttl>", prefix);
  CHECK_INT(SILA_ERR_LIMIT, run_opt(url, &opt2));
  csvw_httpd_stop(httpd);
}

static void test_protocol_dataset(void) {
  CHECK_INT(SILA_OK, run("INSERT DATA { GRAPH <" EX "g1> { <" EX "s> <" EX "p> 1 } GRAPH <" EX "g2> { <" EX "s> <" EX "p> 2 } }"));
  const char *using[] = {EX "g1"};
  SilaUpdateOptions opt = {.using_graphs = using, .nusing_graphs = 1};
  /* using-graph-uri gives the WHERE's default graph. */
  CHECK_INT(SILA_OK, run_opt("INSERT { ?s <" EX "copied> ?o } WHERE { ?s <" EX "p> ?o }", &opt));
  CHECK_INT(1, count(NULL, EX "copied", NULL, "", NULL));
  /* ... and may not be combined with USING or WITH (SPARQL Protocol). */
  CHECK_INT(SILA_ERR_INVALID, run_opt("WITH <" EX "g2> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", &opt));
  /* USING replaces the dataset like FROM. */
  CHECK_INT(SILA_OK, run("INSERT { ?s <" EX "u> ?o } USING <" EX "g2> WHERE { ?s <" EX "p> ?o }"));
  CHECK_INT(1, count(NULL, EX "u", NULL, "", NULL));
  /* With the union default graph, WHERE sees every graph; writes go to the default graph. */
  SilaUpdateOptions uni = {.union_default_graph = true};
  CHECK_INT(SILA_OK, run_opt("INSERT { ?s <" EX "all> ?o } WHERE { ?s <" EX "p> ?o }", &uni));
  CHECK_INT(2, count(NULL, EX "all", NULL, "", NULL));
  /* WITH a graph the store never saw: GRAPH templates still apply. */
  CHECK_INT(SILA_OK, run("WITH <" EX "never> DELETE { GRAPH <" EX "g1> { ?s ?p ?o } . ?s ?p ?o } "
                         "WHERE { GRAPH <" EX "g1> { ?s ?p ?o } }"));
  CHECK_INT(0, count(NULL, NULL, NULL, EX "g1", NULL));
  CHECK_INT(1, count(NULL, NULL, NULL, EX "g2", NULL));
  /* A cap on the memory of the WHERE's solutions. */
  SilaUpdateOptions small = {.max_memory = 64};
  CHECK_INT(SILA_ERR_LIMIT, run_opt("INSERT { ?s <" EX "x> ?o } WHERE { ?s ?p ?o }", &small));
  CHECK_INT(0, count(NULL, EX "x", NULL, NULL, NULL));
  /* A request past its deadline is not applied. */
  SilaUpdateOptions late = {.timeout = 1e-9};
  CHECK_INT(SILA_ERR_TIMEOUT, run_opt("INSERT DATA { <" EX "t> <" EX "p> 1 }", &late));
  CHECK_INT(0, count(EX "t", NULL, NULL, NULL, NULL));
  CHECK_INT(SILA_OK, run("DROP ALL"));
}

int main(void) {
  char dir[] = "/tmp/sila-test-update-XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  char sdir[600];
  snprintf(sdir, sizeof sdir, "%s/store", dir);
  CHECK_INT(SILA_OK, sila_store_open(sdir, SILA_STORE_CREATE, &store));
  if (store) {
    test_atomicity();
    test_blank_nodes();
    test_protocol_dataset();
    test_load(dir);
    sila_store_close(store);
  }
  /* Malformed requests and non-updates are refused. */
  CHECK_INT(SILA_ERR_INVALID, sila_update_run(NULL, NULL, NULL, NULL));
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", dir);
  return TEST_REPORT();
}
