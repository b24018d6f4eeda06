/* rdf_syntax_suite.c — runs the W3C RDF 1.1 syntax test suites
 * (N-Triples, N-Quads, Turtle, TriG, RDF/XML) from their manifests in
 * $SILA_SHARED/conformance/rdf-tests/rdf/rdf11/.
 *
 * Positive syntax tests must parse, negative ones must fail, eval tests
 * must give a dataset isomorphic to the expected N-Triples / N-Quads.
 * Failures listed in tests/known-failures/rdf-syntax.txt (test IRI, then
 * "# reason") are reported but do not fail the run.
 * With --rdf12, runs instead every test of rdf/rdf12/ (N-Triples, N-Quads,
 * Turtle, TriG, RDF/XML: positive and negative syntax, evaluation, and the
 * N-Triples / N-Quads canonical-form tests), walking the manifests from
 * rdf12/manifest.ttl through their mf:include lists; known failures in
 * tests/known-failures/rdf12-syntax.txt.  The RDF 1.2 manifests include
 * the RDF 1.1 ones, which the plain run covers: they are followed only
 * with --with-rdf11 (for a combined count).  rdf-semantics holds
 * entailment tests (mf:PositiveEntailmentTest, mf:NegativeEntailmentTest),
 * not syntax: they are skipped by type and counted as skipped.
 * Canonical-form tests (rdft:Test*PositiveC14N) load the document with
 * `sila load`'s path, dump it as N-Triples / N-Quads and compare the lines
 * with the expected canonical document (as sets; blank node labels are
 * compared by isomorphism, not by name).
 * Usage: rdf_syntax_suite [-v] [--rdf12 [--with-rdf11]] [suite-or-test-substring] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rdf_iso.h"
#include "sila_dump.h"
#include "sila_load.h"
#include "sila_rdf_syntax.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

#define RDFT "http://www.w3.org/ns/rdftest#"
#define TEST_BASE "https://w3c.github.io/rdf-tests/rdf/"
#define MAX_ENTRIES 4096

/* --- running tests --- */

typedef struct {
  const char *dir;    /* local directory of the suite */
  const char *prefix; /* TEST_BASE + suite + "/" */
} Suite;

static char *local_path(const Suite *su, const char *iri) {
  size_t pl = strlen(su->prefix);
  if (strncmp(iri, su->prefix, pl) != 0)
    return NULL;
  size_t n = strlen(su->dir) + strlen(iri + pl) + 2;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s/%s", su->dir, iri + pl);
  return p;
}

static SilaStatus discard(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                          const SilaTerm *g) {
  (*(size_t *)ctx)++;
  return SILA_OK;
}

/* An empty store in /tmp/sila-rdfsuite<tag>-PID, made anew (what an earlier
 * call left there removed); NULL when it cannot be made (why says so when
 * the store does not open). */
static SilaStore *fresh_store(const char *tag, char *why, size_t why_size) {
  char dir[128], cmd[200];
  snprintf(dir, sizeof dir, "/tmp/sila-rdfsuite%s-%d", tag, (int)getpid());
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0)
    return NULL;
  SilaStore *store;
  if (sila_store_open(dir, SILA_STORE_CREATE, &store) != SILA_OK) {
    snprintf(why, why_size, "cannot create a store");
    return NULL;
  }
  return store;
}

/* Through the store: `sila load` of the document into a fresh store, then a
 * dump of everything in N-Quads.  With want == NULL the load must fail and
 * leave the store empty.  Returns true on pass. */
static bool via_store(SilaRdfFormat fmt, const char *path, const char *base, RdfIsoGraph *want,
                      char *why, size_t why_size) {
  SilaStore *store = fresh_store("", why, why_size);
  if (!store)
    return false;
  SilaLoadOptions opt = {.format = fmt, .base = base};
  SilaLoadReport rep;
  SilaError err = {0};
  SilaStatus st = sila_load_files(store, &path, 1, &opt, &rep, &err);
  SilaTxn *txn;
  SilaBuf out = SILA_BUF_INIT;
  bool pass = false;
  if (sila_txn_begin_read(store, &txn) == SILA_OK) {
    SilaIdQuad all = {0, 0, 0, 0};
    uint64_t quads = sila_txn_count(txn, &all, 0);
    if (!want) {
      pass = st != SILA_OK && quads == 0;
      if (!pass)
        snprintf(why, why_size, "store: a bad document was loaded (%llu quads)",
                 (unsigned long long)quads);
    } else if (st != SILA_OK) {
      snprintf(why, why_size, "store: load failed: %s", err.message);
    } else if (sila_dump(txn, SILA_ID_ANY, SILA_RDF_NQUADS, sila_rdf_write_to_buf, &out, NULL) !=
               SILA_OK) {
      snprintf(why, why_size, "store: dump failed");
    } else {
      RdfIsoGraph *got = rdf_iso_graph_new();
      if (sila_rdf_parse_string(SILA_RDF_NQUADS, out.data ? out.data : "", out.len, NULL,
                                rdf_iso_sink, got, NULL) != SILA_OK)
        snprintf(why, why_size, "store: the dump does not parse");
      else
        pass = rdf_iso_equal(got, want, why, why_size); /* why says how the dump differs */
      rdf_iso_graph_free(got);
    }
    sila_txn_abort(txn);
  }
  sila_buf_free(&out);
  sila_store_close(store);
  return pass;
}

/* A canonical-form test: the document through the store and out again in
 * its own format must read exactly as the expected canonical text. */
static bool c14n_test(SilaRdfFormat fmt, const char *path, const char *base, const char *rpath,
                      char *why, size_t why_size) {
  SilaStore *store = fresh_store("-c14n", why, why_size);
  if (!store)
    return false;
  SilaLoadOptions opt = {.format = fmt, .base = base};
  SilaLoadReport rep;
  SilaError err = {0};
  SilaBuf out = SILA_BUF_INIT;
  bool pass = false;
  SilaTxn *txn = NULL;
  if (sila_load_files(store, &path, 1, &opt, &rep, &err) != SILA_OK) {
    snprintf(why, why_size, "load failed: %lu:%lu: %s", err.line, err.column, err.message);
  } else if (sila_txn_begin_read(store, &txn) != SILA_OK ||
             sila_dump(txn, SILA_ID_ANY, fmt, sila_rdf_write_to_buf, &out, NULL) != SILA_OK) {
    snprintf(why, why_size, "dump failed");
  } else {
    FILE *f = fopen(rpath, "rb");
    SilaBuf want = SILA_BUF_INIT;
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
      sila_buf_append(&want, chunk, n);
    if (f)
      fclose(f);
    char *a = rdf_iso_sorted_lines(out.data ? out.data : "", out.len);
    char *b = rdf_iso_sorted_lines(want.data ? want.data : "", want.len);
    pass = a && b && strcmp(a, b) == 0;
    if (!pass)
      snprintf(why, why_size, "canonical form differs: got [%s] expected [%s]", a ? a : "",
               b ? b : "");
    free(a);
    free(b);
    sila_buf_free(&want);
  }
  sila_txn_abort(txn);
  sila_buf_free(&out);
  sila_store_close(store);
  return pass;
}

/* Runs one test; returns true on pass, with a reason in why otherwise. */
static bool run_test(const Suite *su, const char *type, const char *action, const char *result,
                     char *why, size_t why_size, bool verbose) {
  SilaRdfFormat fmt = manifest_rdf_test_format(type);
  char *path = action ? local_path(su, action) : NULL;
  bool pass = false;
  SilaError err;
  memset(&err, 0, sizeof err);
  if (fmt == SILA_RDF_UNKNOWN || !path) {
    snprintf(why, why_size, "unsupported test type or action");
    free(path);
    return false;
  }
  if (strstr(type, "C14N")) {
    char *rpath = result ? local_path(su, result) : NULL;
    pass = rpath && c14n_test(fmt, path, action, rpath, why, why_size);
    if (!rpath)
      snprintf(why, why_size, "no result file");
    free(rpath);
  } else if (strstr(type, "Negative")) {
    size_t count = 0;
    SilaStatus st = sila_rdf_parse_file(fmt, path, action, discard, &count, &err);
    pass = st == SILA_ERR_SYNTAX;
    if (!pass)
      snprintf(why, why_size, "accepted a bad document (%zu statements, status %s)", count,
               sila_strerror(st));
    else if ((pass = via_store(fmt, path, action, NULL, why, why_size)) && verbose)
      printf("    rejected as expected: %lu:%lu: %s\n", err.line, err.column, err.message);
  } else if (strstr(type, "PositiveSyntax")) {
    size_t count = 0;
    SilaStatus st = sila_rdf_parse_file(fmt, path, action, discard, &count, &err);
    pass = st == SILA_OK;
    if (!pass)
      snprintf(why, why_size, "%lu:%lu: %s", err.line, err.column, err.message);
  } else if (strstr(type, "Eval")) {
    char *rpath = result ? local_path(su, result) : NULL;
    RdfIsoGraph *got = rdf_iso_graph_new(), *want = rdf_iso_graph_new();
    SilaStatus st = sila_rdf_parse_file(fmt, path, action, rdf_iso_sink, got, &err);
    if (st != SILA_OK) {
      snprintf(why, why_size, "%lu:%lu: %s", err.line, err.column, err.message);
    } else if (!rpath) {
      snprintf(why, why_size, "no result file");
    } else {
      SilaRdfFormat rf = fmt == SILA_RDF_TRIG ? SILA_RDF_NQUADS : SILA_RDF_NTRIPLES;
      memset(&err, 0, sizeof err);
      st = sila_rdf_parse_file(rf, rpath, result, rdf_iso_sink, want, &err);
      if (st != SILA_OK) {
        snprintf(why, why_size, "expected result unreadable: %lu:%lu: %s", err.line, err.column,
                 err.message);
      } else {
        pass = rdf_iso_equal(got, want, why, why_size);
        if (pass)
          pass = via_store(fmt, path, action, want, why, why_size);
        if (!pass && verbose)
          rdf_iso_dump_both(got, want, stdout);
      }
    }
    rdf_iso_graph_free(got);
    rdf_iso_graph_free(want);
    free(rpath);
  } else {
    snprintf(why, why_size, "unknown test type %s", type);
  }
  free(path);
  return pass;
}

typedef struct {
  int pass, fail, known, xpass, skipped;
} Totals;

typedef struct {
  const char *root; /* local rdf/ directory */
  const KnownFailures *known;
  const char *filter;
  bool verbose, rdf12, with_rdf11;
  Totals t;
} Run;

/* The tests of a manifest's entries list, run one by one. */
static void run_entries(Run *R, const char *name, const Suite *su, const Manifest *m,
                        const SilaTerm *tests, size_t n) {
  int pass = 0, fail = 0, kfail = 0, xpass = 0, skipped = 0;
  for (size_t i = 0; i < n; i++) {
    char *test = manifest_term_dup(&tests[i]), *type = NULL, *action = NULL, *result = NULL;
    if (R->filter && !strstr(test, R->filter) && !strstr(name, R->filter))
      goto next;
    type = manifest_str(m, &tests[i], SILA_NS_RDF "type");
    if (type && strstr(type, "EntailmentTest")) {
      skipped++; /* rdf-semantics: entailment, not syntax */
      goto next;
    }
    action = manifest_str(m, &tests[i], MF "action");
    result = manifest_str(m, &tests[i], MF "result");
    char why[2048] = "";
    bool ok = type && run_test(su, type, action, result, why, sizeof why, R->verbose);
    bool is_known = known_failures_has(R->known, test);
    if (ok) {
      pass++;
      if (is_known) {
        xpass++;
        printf("  XPASS %s (listed as a known failure)\n", test);
      } else if (R->verbose) {
        printf("  ok %s\n", test);
      }
    } else if (is_known) {
      kfail++;
      if (R->verbose)
        printf("  known failure %s: %s\n", test, why);
    } else {
      fail++;
      printf("  FAIL %s [%s]: %s\n", test,
             type ? (strncmp(type, RDFT, strlen(RDFT)) ? type : type + strlen(RDFT)) : "?", why);
    }
  next:
    free(test);
    free(type);
    free(action);
    free(result);
  }
  printf("%s: %d passed, %d failed, %d known failures", name, pass, fail, kfail);
  if (skipped)
    printf(", %d entailment tests skipped (not syntax)", skipped);
  printf("\n");
  R->t.pass += pass;
  R->t.fail += fail;
  R->t.known += kfail;
  R->t.xpass += xpass;
  R->t.skipped += skipped;
}

/* Runs the manifest at rel (a path under rdf/, e.g.
 * "rdf12/rdf-turtle/manifest.ttl"): its entries, then the manifests it
 * includes. */
static void run_manifest(Run *R, const char *rel, int depth) {
  const char *slash = strrchr(rel, '/');
  if (!slash || depth > 8)
    return;
  char dir[4300], prefix[1024], mpath[4400], mbase[1200], name[600];
  snprintf(dir, sizeof dir, "%s/%.*s", R->root, (int)(slash - rel), rel);
  snprintf(prefix, sizeof prefix, TEST_BASE "%.*s", (int)(slash - rel + 1), rel);
  snprintf(mpath, sizeof mpath, "%s/%s", R->root, rel);
  snprintf(mbase, sizeof mbase, TEST_BASE "%s", rel);
  snprintf(name, sizeof name, "%.*s", (int)(slash - rel), rel);
  Suite su = {dir, prefix};
  Manifest m;
  SilaTerm *items = calloc(MAX_ENTRIES, sizeof *items);
  if (!items || !manifest_load_as(&m, mpath, mbase)) {
    printf("%s: cannot read manifest %s\n", name, mpath);
    R->t.fail++;
    free(items);
    return;
  }
  SilaTerm self = manifest_self(&m), head;
  size_t n = manifest_entries(&m, &self, items, MAX_ENTRIES);
  if (manifest_obj(&m, &self, MF "entries", &head))
    run_entries(R, name, &su, &m, items, n);
  n = manifest_includes(&m, &self, items, MAX_ENTRIES);
  for (size_t i = 0; i < n; i++) {
    char *item = manifest_term_dup(&items[i]);
    const char *sub = strncmp(item, TEST_BASE, strlen(TEST_BASE)) ? NULL : item + strlen(TEST_BASE);
    if (!sub)
      ; /* not a suite of rdf/ */
    else if (!strncmp(sub, "rdf11/", 6) && !R->with_rdf11)
      ; /* the RDF 1.1 suites: the plain run covers them */
    else if (strstr(sub, "/rdf-mt/"))
      printf("%.*s: RDF 1.1 model-theory (entailment) tests: not syntax, skipped\n",
             (int)(strrchr(sub, '/') - sub), sub);
    else
      run_manifest(R, sub, depth + 1);
    free(item);
  }
  free(items);
  manifest_free(&m);
}

int main(int argc, char **argv) {
  Run R = {0};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0)
      R.verbose = true;
    else if (strcmp(argv[i], "--rdf12") == 0)
      R.rdf12 = true;
    else if (strcmp(argv[i], "--with-rdf11") == 0)
      R.with_rdf11 = true;
    else
      R.filter = argv[i];
  }
  const char *version = R.rdf12 ? "rdf12" : "rdf11";
  const char *shared = getenv("SILA_SHARED");
  char root[4096];
  if (shared)
    snprintf(root, sizeof root, "%s/conformance/rdf-tests/rdf", shared);
  FILE *probe = NULL;
  if (shared) {
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/%s/rdf-turtle/manifest.ttl", root, version);
    probe = fopen(mpath, "r");
  }
  if (!probe) {
    printf("SKIP: W3C %s suites not found (set SILA_SHARED)\n", version);
    return 77;
  }
  fclose(probe);
  R.root = root;

  KnownFailures known = {0};
  const char *srcdir = getenv("SILA_SRCDIR");
  char kpath[4200];
  snprintf(kpath, sizeof kpath, "%s/tests/known-failures/%s.txt", srcdir ? srcdir : ".",
           R.rdf12 ? "rdf12-syntax" : "rdf-syntax");
  known_failures_load(&known, kpath);
  if (R.rdf12 && R.with_rdf11) { /* the RDF 1.1 tests keep their own list */
    snprintf(kpath + strlen(kpath) - strlen("rdf12-syntax.txt"), 32, "rdf-syntax.txt");
    known_failures_load(&known, kpath);
  }
  R.known = &known;

  if (R.rdf12) {
    run_manifest(&R, "rdf12/manifest.ttl", 0);
  } else {
    static const char *suites11[] = {"rdf-n-triples", "rdf-n-quads", "rdf-turtle", "rdf-trig",
                                     "rdf-xml", NULL};
    for (size_t si = 0; suites11[si]; si++) {
      char rel[200];
      snprintf(rel, sizeof rel, "rdf11/%s/manifest.ttl", suites11[si]);
      run_manifest(&R, rel, 0);
    }
  }
  known_failures_free(&known);
  if (R.t.known || R.t.xpass)
    printf("known failures: %d (listed in %s), unexpected passes: %d\n", R.t.known, kpath,
           R.t.xpass);
  if (R.t.skipped)
    printf("%d entailment tests skipped (rdf-semantics: entailment, not syntax)\n", R.t.skipped);
  printf("%d passed, %d failed\n", R.t.pass, R.t.fail);
  return R.t.fail ? 1 : 0;
}
