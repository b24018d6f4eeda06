/* sparql_syntax_suite.c — the W3C SPARQL 1.0 / 1.1 syntax suites, run from
 * their manifests.
 *
 * Starting at sparql10/manifest.ttl, sparql11/manifest-all.ttl and the
 * SPARQL 1.2 version and lang-basedir manifests under
 * $SILA_SHARED/conformance/rdf-tests/sparql/, follows mf:include (skipping
 * the entailment regimes) and runs every entry of every manifest's
 * mf:entries list:
 *   mf:PositiveSyntaxTest(11), mf:PositiveUpdateSyntaxTest11 — must parse;
 *   mf:NegativeSyntaxTest(11), mf:NegativeUpdateSyntaxTest11 — must fail
 *     with SILA_ERR_SYNTAX;
 *   mf:QueryEvaluationTest (qt:query), mf:UpdateEvaluationTest (ut:request)
 *     — the query or request must parse.
 * Prints "N passed, M failed" per manifest and in total.  Tests listed in
 * tests/known-failures/sparql-syntax.txt (one test IRI per line, then
 * "# reason") do not fail the run; a listed test that passes is reported
 * ("now passes, remove from list").  Exit 77 when $SILA_SHARED is absent.
 *
 * Test IRIs of manifests without an absolute base are written relative to
 * the sparql/ directory ("sparql11/x/manifest.ttl#t"), so the list does not
 * depend on where the suite is checked out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sila_sparql.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

#define DAWG "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"

/* ---- running ---- */

typedef struct {
  const char *root_uri; /* file:///.../sparql/ */
  KnownFailures known;
  int passed, failed, known_failed, now_pass;
  int kind_passed[4], kind_total[4]; /* positive, negative, eval query, eval update */
} Run;

static const char *short_iri(Run *r, const char *iri) {
  size_t n = strlen(r->root_uri);
  return strncmp(iri, r->root_uri, n) ? iri : iri + n;
}

/* Returns 1 when the test behaved as expected. */
static int run_test(const char *file_uri, bool update, bool expect_ok, char *why,
                    size_t whysize) {
  size_t len;
  char *text = test_file_read(manifest_file_path(file_uri), &len);
  if (!text) {
    snprintf(why, whysize, "cannot read %s", file_uri);
    return 0;
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  sila_error_clear(&err);
  SilaStatus st = update ? sila_sparql_parse_update(text, len, file_uri, &q, &err)
                         : sila_sparql_parse_query(text, len, file_uri, &q, &err);
  int ok;
  if (expect_ok) {
    ok = st == SILA_OK;
    if (!ok)
      snprintf(why, whysize, "%s", err.message);
  } else {
    ok = st == SILA_ERR_SYNTAX || st == SILA_ERR_LIMIT;
    if (ok && getenv("SILA_VERBOSE"))
      printf("  rejected %s: %s\n", file_uri, err.message);
    if (!ok)
      snprintf(why, whysize, "accepted an invalid %s", update ? "update" : "query");
  }
  sila_query_free(q);
  free(text);
  return ok;
}

/* True when the test is marked dawg:approval dawg:Withdrawn. */
static bool withdrawn(const Manifest *m, const SilaTerm *test) {
  SilaTerm v[8];
  size_t n = manifest_objs(m, test, DAWG "approval", v, 8);
  for (size_t i = 0; i < n; i++)
    if (v[i].kind == SILA_TERM_IRI && sila_iri_is(v[i].value, v[i].value_len, DAWG "Withdrawn"))
      return true;
  return false;
}

typedef struct {
  int passed, failed;
} Suite;

static void run_entry(Run *r, const Manifest *m, const SilaTerm *test_t, Suite *s) {
  char *type = manifest_str(m, test_t, RDF_NS "type");
  if (!type)
    return;
  bool update = false, expect_ok = true;
  char *file = NULL;
  int kind = 0;
  SilaTerm action;
  bool has_action = manifest_obj(m, test_t, MF "action", &action);
  if (!strcmp(type, MF "PositiveSyntaxTest") || !strcmp(type, MF "PositiveSyntaxTest11")) {
    file = has_action ? manifest_term_dup(&action) : NULL;
  } else if (!strcmp(type, MF "NegativeSyntaxTest") ||
             !strcmp(type, MF "NegativeSyntaxTest11")) {
    file = has_action ? manifest_term_dup(&action) : NULL;
    expect_ok = false;
    kind = 1;
  } else if (!strcmp(type, MF "PositiveUpdateSyntaxTest11") ||
             !strcmp(type, MF "PositiveUpdateSyntaxTest")) {
    file = has_action ? manifest_term_dup(&action) : NULL;
    update = true;
  } else if (!strcmp(type, MF "NegativeUpdateSyntaxTest11") ||
             !strcmp(type, MF "NegativeUpdateSyntaxTest")) {
    file = has_action ? manifest_term_dup(&action) : NULL;
    update = true;
    expect_ok = false;
    kind = 1;
  } else if (!strcmp(type, MF "QueryEvaluationTest")) {
    file = has_action ? manifest_str(m, &action, QT "query") : NULL;
    kind = 2;
  } else if (!strcmp(type, MF "UpdateEvaluationTest")) {
    file = has_action ? manifest_str(m, &action, UT "request") : NULL;
    update = true;
    kind = 3;
  } else {
    free(type);
    return; /* protocol, result format, ... tests are not ours */
  }
  free(type);
  if (withdrawn(m, test_t)) {
    free(file);
    return;
  }
  /* SPARQL 1.1 syntax tests of update requests are typed as plain
   * (Positive|Negative)SyntaxTest11 in some manifests: go by the suffix */
  size_t fl = file ? strlen(file) : 0;
  if (fl > 3 && !strcmp(file + fl - 3, ".ru"))
    update = true;
  char *test = manifest_term_dup(test_t);
  const char *id = short_iri(r, test);
  char why[600] = "";
  int ok = file ? run_test(file, update, expect_ok, why, sizeof why) : 0;
  if (!file)
    snprintf(why, sizeof why, "no query file in the manifest");
  long k = known_failures_find(&r->known, id);
  r->kind_total[kind]++;
  r->kind_passed[kind] += ok;
  if (ok) {
    s->passed++;
    r->passed++;
    if (k >= 0) {
      r->known.seen[k] = true;
      r->now_pass++;
      printf("  now passes, remove from list: %s\n", id);
    }
  } else {
    s->failed++;
    if (k >= 0) {
      r->known_failed++;
      printf("  known failure: %s\n", id);
    } else {
      r->failed++;
      printf("  FAIL %s (%s): %s\n", id, file ? short_iri(r, file) : "-", why);
    }
  }
  free(test);
  free(file);
}

static void run_manifest(Run *r, const char *uri, int depth) {
  if (depth > 8)
    return;
  Manifest m;
  if (!manifest_load_as(&m, manifest_file_path(uri), uri)) {
    fprintf(stderr, "cannot read manifest %s\n", uri);
    r->failed++;
    return;
  }
  SilaTerm self = manifest_self(&m), head, items[1024];
  size_t n = manifest_includes(&m, &self, items, 1024);
  for (size_t i = 0; i < n; i++) {
    char *inc = manifest_term_dup(&items[i]);
    if (!strstr(inc, "/entailment/"))
      run_manifest(r, inc, depth + 1);
    free(inc);
  }
  if (manifest_obj(&m, &self, MF "entries", &head)) {
    Suite s = {0, 0};
    n = manifest_list(&m, &head, items, 1024);
    for (size_t i = 0; i < n; i++)
      run_entry(r, &m, &items[i], &s);
    if (s.passed + s.failed)
      printf("%s: %d passed, %d failed\n", short_iri(r, uri), s.passed, s.failed);
  }
  manifest_free(&m);
}

int main(void) {
  const char *shared = getenv("SILA_SHARED");
  char root[4096];
  struct stat sb;
  if (!shared || snprintf(root, sizeof root, "%s/conformance/rdf-tests/sparql", shared) >=
                     (int)sizeof root ||
      stat(root, &sb) != 0) {
    printf("SKIP: $SILA_SHARED/conformance/rdf-tests/sparql not found\n");
    return 77;
  }
  char *abs = realpath(root, NULL);
  if (!abs)
    return 77;
  Run r;
  memset(&r, 0, sizeof r);
  char root_uri[4200];
  snprintf(root_uri, sizeof root_uri, "file://%s/", abs);
  r.root_uri = root_uri;
  const char *src = getenv("SILA_SRCDIR");
  char kpath[4096];
  snprintf(kpath, sizeof kpath, "%s/tests/known-failures/sparql-syntax.txt", src ? src : ".");
  known_failures_load(&r.known, kpath);
  /* SPARQL 1.2: every manifest (triple terms, VERSION, base direction, ...) */
  static const char *const roots[] = {"sparql10/manifest.ttl", "sparql11/manifest-all.ttl",
                                      "sparql12/manifest.ttl"};
  for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
    char uri[4400];
    snprintf(uri, sizeof uri, "%s%s", root_uri, roots[i]);
    run_manifest(&r, uri, 0);
  }
  static const char *const kinds[] = {"positive syntax", "negative syntax",
                                      "evaluation queries parsed", "evaluation updates parsed"};
  for (int i = 0; i < 4; i++)
    printf("%s: %d of %d\n", kinds[i], r.kind_passed[i], r.kind_total[i]);
  printf("total: %d passed, %d failed (%d known failures, %d listed tests now pass)\n",
         r.passed, r.failed + r.known_failed, r.known_failed, r.now_pass);
  known_failures_free(&r.known);
  free(abs);
  return r.failed ? 1 : 0;
}
