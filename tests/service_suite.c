/* service_suite.c — the W3C SPARQL 1.1 federation tests (sparql11/service).
 *
 * Each test's qt:serviceData endpoints (http://example1.org/sparql, ...)
 * are served by the responder of service_httpd.c on 127.0.0.1, one store
 * per endpoint host, with the endpoints' hosts mapped to it through
 * SilaExecOptions.service_connect_to; the endpoint URLs stay as written
 * (test 5 returns them as values).  The responder runs its queries with
 * the same options, so a SERVICE nested in a remote pattern (tests 3 and 6)
 * is a real second hop.  Results are compared as multisets with blank-node
 * renaming.  Every test must pass (there is no known-failures list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results_compare.h"
#include "service_httpd.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "sila_results.h"
#include "w3c_manifest.h"

#define MAX_EP 4

static char tmpdir[256];
static bool verbose;

static SilaStore *store_with(const char *name, const SilaTerm *data, char *why, size_t whylen) {
  char dir[512], cmd[600];
  snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    return NULL;
  SilaStore *s = NULL;
  if (sila_store_open(dir, SILA_STORE_CREATE, &s) != SILA_OK) {
    snprintf(why, whylen, "cannot create a store");
    return NULL;
  }
  if (data) {
    char *iri = manifest_term_dup(data);
    const char *path = manifest_file_path(iri);
    SilaLoadOptions lo = {.base = iri};
    SilaLoadReport rep;
    SilaError err = {0};
    SilaStatus st = sila_load_files(s, &path, 1, &lo, &rep, &err);
    free(iri);
    if (st != SILA_OK) {
      snprintf(why, whylen, "cannot load data: %s", err.message);
      sila_store_close(s);
      return NULL;
    }
  }
  return s;
}

/* The host of an http URL ("example1.org"), in buf. */
static const char *url_host(const char *url, char *buf, size_t len) {
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  size_t n = strcspn(p, ":/?#");
  snprintf(buf, len, "%.*s", (int)n, p);
  return buf;
}

static bool run_test(const Manifest *m, const SilaTerm *test, char *why, size_t whylen) {
  SilaTerm action, result, query, data, svc[MAX_EP];
  if (!manifest_obj(m, test, MF "action", &action) ||
      !manifest_obj(m, test, MF "result", &result) ||
      !manifest_obj(m, &action, QT "query", &query)) {
    snprintf(why, whylen, "test without action, query or result");
    return false;
  }
  bool ok = false;
  size_t nsvc = manifest_objs(m, &action, QT "serviceData", svc, MAX_EP);
  SilaStore *local =
      store_with("local", manifest_obj(m, &action, QT "data", &data) ? &data : NULL, why, whylen);
  SilaStore *remote[MAX_EP] = {0};
  char *allow_s[MAX_EP] = {0}, *connect_s[MAX_EP] = {0};
  const char *allow[MAX_EP], *connect[MAX_EP];
  SilaStore *empty = store_with("empty", NULL, why, whylen);
  SvcHttpd *srv = empty ? svc_httpd_start(empty) : NULL;
  SilaQuery *q = NULL;
  char *text = NULL, *qiri = manifest_term_dup(&query), *riri = manifest_term_dup(&result);
  SilaTxn *txn = NULL;
  SilaExec *ex = NULL;
  SilaResultSet *actual = NULL, *expected = NULL;
  if (!local || !srv) {
    snprintf(why, whylen, "cannot set up the stores or the responder");
    goto done;
  }
  for (size_t i = 0; i < nsvc; i++) {
    SilaTerm ep, epdata;
    if (!manifest_obj(m, &svc[i], QT "endpoint", &ep) ||
        !manifest_obj(m, &svc[i], QT "data", &epdata)) {
      snprintf(why, whylen, "serviceData without endpoint or data");
      goto done;
    }
    char name[32], host[256];
    snprintf(name, sizeof name, "ep%zu", i);
    if (!(remote[i] = store_with(name, &epdata, why, whylen)))
      goto done;
    char *url = manifest_term_dup(&ep);
    url_host(url, host, sizeof host);
    free(url);
    svc_httpd_add_host(srv, host, remote[i]);
    size_t len = strlen(host) + 64;
    allow_s[i] = malloc(len);
    connect_s[i] = malloc(len);
    snprintf(allow_s[i], len, "http://%s/", host);
    snprintf(connect_s[i], len, "%s:80:127.0.0.1:%u", host, svc_httpd_port(srv));
    allow[i] = allow_s[i];
    connect[i] = connect_s[i];
  }
  /* Endpoints the test does not serve (http://invalid.endpoint.org/) are
   * outside the allow-list: the call is refused, which SILENT hides. */
  SilaExecOptions opt = {.union_default_graph = false,
                         .timeout = 20,
                         .service_allow = allow,
                         .nservice_allow = nsvc,
                         .service_allow_private = true,
                         .service_connect_to = connect,
                         .nservice_connect_to = nsvc,
                         .service_timeout = 5};
  svc_httpd_set_exec(srv, &opt);
  size_t len;
  text = test_file_read(manifest_file_path(qiri), &len);
  SilaError err = {0};
  if (!text || sila_sparql_parse_query(text, len, qiri, &q, &err) != SILA_OK) {
    snprintf(why, whylen, "cannot read or parse the query: %s", err.message);
    goto done;
  }
  if (sila_txn_begin_read(local, &txn) != SILA_OK ||
      sila_exec_open(txn, q, &opt, &ex, &err) != SILA_OK) {
    snprintf(why, whylen, "cannot run: %s", err.message);
    goto done;
  }
  actual = sila_results_set_new();
  for (size_t i = 0; i < sila_exec_var_count(ex); i++) {
    const char *n = sila_exec_var_name(ex, i);
    sila_results_set_add_var(actual, n, strlen(n));
  }
  const SilaTerm *const *row;
  int rc;
  while ((rc = sila_exec_next(ex, &row)) == 1)
    sila_results_set_add_row(actual, row);
  if (rc < 0) {
    snprintf(why, whylen, "execution failed: %s", sila_exec_error(ex));
    goto done;
  }
  char *rtext = test_file_read(manifest_file_path(riri), &len);
  if (rtext)
    sila_results_parse(SILA_RESULTS_XML, rtext, len, &expected, NULL);
  free(rtext);
  if (!expected) {
    snprintf(why, whylen, "cannot read the expected results %s", riri);
    goto done;
  }
  ok = results_compare(expected, actual, 0, why, whylen);
  if (!ok && verbose) {
    for (size_t r = 0; r < actual->nrows; r++) {
      fprintf(stderr, "actual:");
      for (size_t c = 0; c < actual->nvars; c++) {
        const SilaTerm *t = sila_results_set_get(actual, r, c);
        fprintf(stderr, " %s=%.*s", actual->vars[c], t ? (int)t->value_len : 1, t ? t->value : "-");
      }
      fprintf(stderr, "\n");
    }
  }
done:
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(q);
  sila_results_set_free(actual);
  sila_results_set_free(expected);
  free(text);
  free(qiri);
  free(riri);
  svc_httpd_stop(srv);
  for (size_t i = 0; i < MAX_EP; i++) {
    sila_store_close(remote[i]);
    free(allow_s[i]);
    free(connect_s[i]);
  }
  sila_store_close(local);
  sila_store_close(empty);
  return ok;
}

int main(int argc, char **argv) {
  const char *shared = getenv("SILA_SHARED");
  char path[1024];
  snprintf(path, sizeof path, "%s/conformance/rdf-tests/sparql/sparql11/service/manifest.ttl",
           shared ? shared : "../shared");
  if (access(path, R_OK) != 0) {
    printf("SKIP: the W3C federation tests are not in %s\n", path);
    return 77;
  }
  verbose = argc > 1 && !strcmp(argv[1], "-v");
  snprintf(tmpdir, sizeof tmpdir, "%s/sila-fed-XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  Manifest m;
  if (!manifest_load(&m, path)) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  SilaTerm self = manifest_doc(&m), items[64];
  size_t n = manifest_entries(&m, &self, items, 64);
  int passed = 0, failed = 0;
  for (size_t i = 0; i < n; i++) {
    char why[1024] = "";
    const char *frag = memchr(items[i].value, '#', items[i].value_len);
    int fl = frag ? (int)(items[i].value_len - (size_t)(frag - items[i].value)) : 0;
    if (run_test(&m, &items[i], why, sizeof why)) {
      passed++;
      if (verbose)
        printf("ok service%.*s\n", fl, frag);
    } else {
      failed++;
      printf("FAIL service%.*s: %s\n", fl, frag, why);
    }
  }
  manifest_free(&m);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  printf("W3C federation: %d passed, %d failed\n", passed, failed);
  return failed || !passed ? 1 : 0;
}
