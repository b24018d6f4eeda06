/* rdf_syntax_http.c — the W3C RDF 1.1 and RDF 1.2 syntax suites (N-Triples,
 * N-Quads, Turtle, TriG, RDF/XML) run over HTTP against one `sila serve`,
 * data through the Graph Store Protocol, as a client would send it.
 *
 *   rdf_syntax_http [-v] [FILTER]
 *
 * One server on a fresh store (127.0.0.1, --port 0, a write token), one
 * kept-alive connection.  Each test PUTs its action file with the file's
 * Content-Type and its W3C address as Content-Location (the server's
 * documented base for a Graph Store upload, README "Graph Store"):
 *  - triple syntaxes (N-Triples, Turtle, RDF/XML) to a graph of its own,
 *    PUT /store?graph=urn:x-sila-rdf-http:N, read back with
 *    GET /store?graph=… as N-Triples, then DELETE /store?graph=…;
 *  - quad syntaxes (N-Quads, TriG) to the default graph, PUT /store?default,
 *    which keeps the document's named graphs; read back with GET /store
 *    (the whole store) as N-Quads, then emptied with DROP ALL
 *    (POST /update): the GSP has no request that removes every graph.
 * Positive syntax tests must be accepted (2xx); negative ones refused with
 * 400 and a message with a position ("line L, column C") and leave the
 * store empty; evaluation tests must read back isomorphic to the expected
 * N-Triples / N-Quads (triple terms included); canonical-form tests
 * (RDF 1.2 C14N) must read back line for line as the expected document
 * (as sets; blank node labels free).  A graph with no triples is not kept
 * by the store: GET answers 404 for it, read as the empty graph.
 * Entailment tests (rdf-semantics, rdf-mt) are skipped by type, as in
 * rdf_syntax_suite.  Known failures: tests/known-failures/rdf-syntax-http.txt
 * (test IRI, then "# reason").  SILA_BIN is the sila program, SILA_SHARED
 * the W3C data (exit 77 without). */
#define _GNU_SOURCE
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http_client.h"
#include "rdf_iso.h"
#include "sila_rdf_syntax.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

#define RDFT "http://www.w3.org/ns/rdftest#"
#define W3C_BASE "https://w3c.github.io/rdf-tests/rdf/"
#define WHY 2048
#define MAX_ENTRIES 4096

static const char *const TOKEN = "rdf-syntax-http-token";

typedef struct {
  CURL *curl;
  char base_url[128];
  bool verbose;
  unsigned long graphs; /* fresh graph names used */
  regex_t position;     /* "line L, column C" in an error message */
  KnownFailures known;
} Ctx;

typedef struct {
  int pass, fail, known, fixed, skipped;
} Totals;

/* file:///…/rdf-tests/rdf/X → https://w3c.github.io/rdf-tests/rdf/X (the
 * address the suite gives its files, the base their results assume). */
static char *w3c_iri(const char *file_uri) {
  const char *p = strstr(file_uri, "/rdf-tests/rdf/");
  SilaBuf b = SILA_BUF_INIT;
  if (p) {
    sila_buf_puts(&b, W3C_BASE);
    sila_buf_puts(&b, p + strlen("/rdf-tests/rdf/"));
  } else {
    sila_buf_puts(&b, file_uri);
  }
  return b.data;
}

static long req(Ctx *c, const char *method, const char *path, const char *ctype,
                const char *accept, const char *extra, const char *body, size_t len,
                SilaBuf *out) {
  out->len = 0;
  return http_request(c->curl, c->base_url, TOKEN, method, path, ctype, accept, extra, body, len,
                      out);
}

static void short_body(const SilaBuf *b, char *buf, size_t size) {
  snprintf(buf, size, "%.*s", (int)(b->len > 300 ? 300 : b->len), b->data ? b->data : "");
  for (char *p = buf; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
}

/* Where a test's data goes: its graph's /store address (quads: ?default). */
typedef struct {
  bool quads;
  char graph[64];
  SilaBuf path;
} Target;

static void target_init(Ctx *c, Target *t, SilaRdfFormat fmt) {
  memset(t, 0, sizeof *t);
  t->quads = sila_rdf_format_has_graphs(fmt);
  if (t->quads) {
    sila_buf_puts(&t->path, "/store?default");
  } else {
    snprintf(t->graph, sizeof t->graph, "urn:x-sila-rdf-http:%lu", ++c->graphs);
    sila_buf_puts(&t->path, "/store?graph=");
    http_url_encode(&t->path, t->graph);
  }
}

/* Reads back what the test stored: its graph as N-Triples, or the whole
 * store as N-Quads; fmt_out picks another format (canonical-form tests). */
static bool read_back(Ctx *c, const Target *t, SilaRdfFormat fmt_out, SilaBuf *out, char *why) {
  const char *path = t->quads ? "/store" : t->path.data;
  long code = req(c, "GET", path, NULL, sila_rdf_format_mime(fmt_out), NULL, NULL, 0, out);
  if (code == 404 && !t->quads) { /* the store keeps no empty graph */
    out->len = 0;
    return true;
  }
  if (code != 200) {
    char b[400];
    short_body(out, b, sizeof b);
    snprintf(why, WHY, "GET %s: %ld %s", path, code, b);
    return false;
  }
  return true;
}

/* Empties what the test stored; false with why when the server refuses. */
static bool clean(Ctx *c, const Target *t, char *why) {
  SilaBuf out = SILA_BUF_INIT;
  long code = t->quads ? req(c, "POST", "/update", "application/sparql-update", NULL, NULL,
                             "DROP ALL", 8, &out)
                       : req(c, "DELETE", t->path.data, NULL, NULL, NULL, NULL, 0, &out);
  bool ok = code == 200 || code == 204 || (code == 404 && !t->quads);
  if (!ok)
    snprintf(why, WHY, "cleaning up: status %ld", code);
  sila_buf_free(&out);
  return ok;
}

static bool parse_into(SilaRdfFormat fmt, const char *text, size_t len, RdfIsoGraph *g,
                       const char *what, char *why) {
  SilaError err = {0};
  if (sila_rdf_parse_string(fmt, text ? text : "", len, NULL, rdf_iso_sink, g, &err) == SILA_OK)
    return true;
  snprintf(why, WHY, "%s does not parse: %lu:%lu: %s", what, err.line, err.column, err.message);
  return false;
}

/* One test; true on pass, the reason in why otherwise. */
static bool run_test(Ctx *c, const char *type, const char *action_uri, const char *result_uri,
                     char *why) {
  SilaRdfFormat fmt = manifest_rdf_test_format(type);
  if (fmt == SILA_RDF_UNKNOWN || !action_uri) {
    snprintf(why, WHY, "unsupported test type %s", type);
    return false;
  }
  const char *apath = manifest_file_path(action_uri);
  size_t len;
  char *doc = test_file_read(apath, &len);
  if (!doc) {
    snprintf(why, WHY, "cannot read %s", apath);
    return false;
  }
  bool negative = strstr(type, "Negative") != NULL;
  bool c14n = strstr(type, "C14N") != NULL, eval = c14n || strstr(type, "Eval") != NULL;
  Target t;
  target_init(c, &t, fmt);
  char *base = w3c_iri(action_uri), location[2200], b[400];
  snprintf(location, sizeof location, "Content-Location: %s", base);
  SilaBuf out = SILA_BUF_INIT;
  long code = req(c, "PUT", t.path.data, sila_rdf_format_mime(fmt), NULL, location, doc, len, &out);
  bool pass = false, stored = code >= 200 && code < 300;
  short_body(&out, b, sizeof b);
  if (negative) {
    if (code != 400)
      snprintf(why, WHY, "a bad document: PUT answered %ld, not 400 %s", code, b);
    else if (regexec(&c->position, b, 0, NULL, 0) != 0)
      snprintf(why, WHY, "400 without a position (line L, column C): %s", b);
    else if (read_back(c, &(Target){.quads = true}, SILA_RDF_NQUADS, &out, why)) {
      pass = out.len == 0; /* a refused document leaves nothing behind */
      if (!pass)
        snprintf(why, WHY, "refused, but the store holds: %.300s", out.data);
      else if (c->verbose)
        printf("    refused as expected: %s\n", b);
    }
  } else if (!stored) {
    snprintf(why, WHY, "PUT %s: %ld %s", t.path.data, code, b);
  } else if (!eval) {
    pass = true;
  } else if (!result_uri) {
    snprintf(why, WHY, "no result file");
  } else {
    const char *rpath = manifest_file_path(result_uri);
    size_t rlen;
    char *expected = test_file_read(rpath, &rlen);
    SilaRdfFormat rfmt = sila_rdf_format_from_filename(rpath, NULL);
    SilaRdfFormat back = c14n ? fmt : t.quads ? SILA_RDF_NQUADS : SILA_RDF_NTRIPLES;
    if (!expected) {
      snprintf(why, WHY, "cannot read %s", rpath);
    } else if (read_back(c, &t, back, &out, why)) {
      if (c14n) {
        char *got = rdf_iso_sorted_lines(out.data ? out.data : "", out.len);
        char *want = rdf_iso_sorted_lines(expected, rlen);
        pass = got && want && !strcmp(got, want);
        if (!pass)
          snprintf(why, WHY, "canonical form differs: got [%s] expected [%s]", got ? got : "",
                   want ? want : "");
        free(got);
        free(want);
      } else {
        RdfIsoGraph *got = rdf_iso_graph_new(), *want = rdf_iso_graph_new();
        if (parse_into(back, out.data, out.len, got, "the GET answer", why) &&
            parse_into(rfmt, expected, rlen, want, "the expected result", why))
          pass = rdf_iso_equal(got, want, why, WHY);
        if (!pass && c->verbose)
          rdf_iso_dump_both(got, want, stdout);
        rdf_iso_graph_free(got);
        rdf_iso_graph_free(want);
      }
    }
    free(expected);
  }
  char cwhy[WHY];
  if ((stored || t.quads) && !clean(c, &t, cwhy) && pass) {
    pass = false;
    snprintf(why, WHY, "%s", cwhy);
  }
  sila_buf_free(&out);
  sila_buf_free(&t.path);
  free(base);
  free(doc);
  return pass;
}

/* Runs the entries of the manifest at path, then those of the manifests
 * it includes (not the RDF 1.1 ones from an RDF 1.2 manifest: they run in
 * their own pass). */
static void run_manifest(Ctx *c, const char *path, const char *filter, Totals *tot, int depth) {
  Manifest m;
  if (depth > 6 || !manifest_load(&m, path)) {
    printf("FAIL: cannot read the manifest %s\n", path);
    tot->fail++;
    return;
  }
  SilaTerm self = manifest_self(&m), *items = calloc(MAX_ENTRIES, sizeof *items);
  char *name = w3c_iri(m.uri);
  int pass = 0, fail = 0, known = 0, skipped = 0;
  size_t n = items ? manifest_entries(&m, &self, items, MAX_ENTRIES) : 0;
  for (size_t i = 0; i < n; i++) {
    char *test = manifest_term_dup(&items[i]);
    char *id = w3c_iri(test);
    char *type = manifest_str(&m, &items[i], RDF_NS "type");
    if (filter && !strstr(id, filter)) {
    } else if (type && strstr(type, "EntailmentTest")) {
      skipped++; /* rdf-semantics: entailment, not syntax */
    } else {
      char *action = manifest_str(&m, &items[i], MF "action");
      char *result = manifest_str(&m, &items[i], MF "result");
      char why[WHY] = "";
      bool ok = type && run_test(c, type, action, result, why);
      bool listed = known_failures_has(&c->known, id);
      if (ok && listed) {
        pass++;
        tot->fixed++;
        printf("  FIXED %s (remove it from the known failures)\n", id);
      } else if (ok) {
        pass++;
        if (c->verbose)
          printf("  ok %s\n", id);
      } else if (listed) {
        known++;
        if (c->verbose)
          printf("  known failure %s: %s\n", id, why);
      } else {
        fail++;
        const char *short_type = type && !strncmp(type, RDFT, strlen(RDFT)) ? type + strlen(RDFT)
                                                                             : type ? type : "?";
        printf("  FAIL %s [%s]: %s\n", id, short_type, why);
      }
      free(action);
      free(result);
    }
    free(type);
    free(id);
    free(test);
  }
  if (pass + fail + known)
    printf("%s: %d passed, %d failed, %d known failures\n", name, pass, fail, known);
  if (skipped)
    printf("%s: %d entailment tests skipped (not syntax)\n", name, skipped);
  tot->pass += pass, tot->fail += fail, tot->known += known, tot->skipped += skipped;
  size_t ni = items ? manifest_includes(&m, &self, items, MAX_ENTRIES) : 0;
  for (size_t i = 0; i < ni; i++) {
    char *inc = manifest_term_dup(&items[i]);
    if (strstr(inc, "/rdf11/") && strstr(m.uri, "/rdf12/"))
      ; /* the RDF 1.1 suites run in their own pass */
    else
      run_manifest(c, manifest_file_path(inc), filter, tot, depth + 1);
    free(inc);
  }
  free(name);
  free(items);
  manifest_free(&m);
}

int main(int argc, char **argv) {
  const char *shared = getenv("SILA_SHARED"), *srcdir = getenv("SILA_SRCDIR");
  const char *sila = getenv("SILA_BIN") ? getenv("SILA_BIN") : "../sila";
  Ctx c = {0};
  const char *filter = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-v"))
      c.verbose = true;
    else
      filter = argv[i];
  }
  char root[1024], probe[1200];
  snprintf(root, sizeof root, "%s/conformance/rdf-tests/rdf", shared ? shared : "../shared");
  snprintf(probe, sizeof probe, "%s/rdf12/manifest.ttl", root);
  if (access(probe, R_OK) != 0) {
    printf("SKIP: the W3C RDF syntax tests are not in %s (set SILA_SHARED)\n", root);
    return 77;
  }
  char abs_sila[4096];
  if (!realpath(sila, abs_sila)) {
    fprintf(stderr, "no sila program at %s\n", sila);
    return 1;
  }
  char kpath[1200];
  snprintf(kpath, sizeof kpath, "%s/tests/known-failures/rdf-syntax-http.txt",
           srcdir ? srcdir : "..");
  known_failures_load(&c.known, kpath);
  regcomp(&c.position, "line [0-9]+, column [0-9]+", REG_EXTENDED | REG_NOSUB);

  char dir[300], store[400], log[400], cmd[5000];
  snprintf(dir, sizeof dir, "%s/sila-rdf-http-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir))
    return 1;
  snprintf(store, sizeof store, "%s/store", dir);
  snprintf(log, sizeof log, "%s/server.log", dir);
  snprintf(cmd, sizeof cmd, "'%s' init '%s' >/dev/null", abs_sila, store);
  int rc = 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  c.curl = curl_easy_init();
  pid_t server = system(cmd) == 0 ? http_server_start(abs_sila, store, log, TOKEN,
                                                      (const char *[]){"--timeout", "30", NULL},
                                                      c.base_url, sizeof c.base_url)
                                  : -1;
  if (server < 0 || !c.curl) {
    printf("FAIL: sila serve did not start (log: %s)\n", log);
  } else {
    time_t t0 = time(NULL);
    Totals t11 = {0}, t12 = {0};
    static const char *suites11[] = {"rdf-n-triples", "rdf-n-quads", "rdf-turtle", "rdf-trig",
                                     "rdf-xml"};
    for (size_t i = 0; i < sizeof suites11 / sizeof *suites11; i++) {
      char mp[1300];
      snprintf(mp, sizeof mp, "%s/rdf11/%s/manifest.ttl", root, suites11[i]);
      run_manifest(&c, mp, filter, &t11, 0);
    }
    run_manifest(&c, probe, filter, &t12, 0);
    bool server_ok = http_server_stop(server, log);
    printf("RDF 1.1 over HTTP: %d of %d pass (%d known failures)\n", t11.pass,
           t11.pass + t11.fail + t11.known, t11.known);
    printf("RDF 1.2 over HTTP: %d of %d pass (%d known failures, %d entailment tests skipped)\n",
           t12.pass, t12.pass + t12.fail + t12.known, t12.known, t12.skipped);
    printf("%d passed, %d failed in %ld s\n", t11.pass + t12.pass, t11.fail + t12.fail,
           (long)(time(NULL) - t0));
    rc = t11.fail || t12.fail || !server_ok ? 1 : 0;
  }
  curl_easy_cleanup(c.curl);
  curl_global_cleanup();
  regfree(&c.position);
  known_failures_free(&c.known);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", dir);
  return rc;
}
