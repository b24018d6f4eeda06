/* sparql_outside.c — the W3C SPARQL 1.0 + 1.1 query and update tests, run
 * against Sila only through its public interfaces.
 *
 *   sparql_outside cli  [-v] [-j N] [FILTER]
 *   sparql_outside http [-v] [FILTER]
 *
 * cli:  each test gets a fresh store made with `sila init`, data loaded with
 *       `sila load` (files by absolute path), the query or update run with
 *       `sila query` / `sila update --file` (no --base: the file's own URI
 *       must be the base), the store read back with `sila dump`.  N workers
 *       (processes) share the tests.
 * http: one `sila serve --no-union-default-graph --port 0`; before each
 *       test DROP ALL, then the data through the Graph Store Protocol
 *       (POST /store?default, POST /store?graph=IRI, with the file's IRI
 *       as Content-Location: the base of its relative IRIs), queries and updates
 *       through the SPARQL Protocol with a BASE <file URI> line before the
 *       text (what a client sends when its query has relative IRIs), the
 *       store read back with a query.  Syntax is judged by the status: 400
 *       malformed, anything else parsed.
 *
 * Tests: sparql10/manifest.ttl and sparql11/manifest-sparql11-{query,
 * results,update}.ttl — query and update evaluation, positive and negative
 * syntax — and every SPARQL 1.2 suite (sparql12/manifest.ttl: triple terms,
 * VERSION, base direction, ...).  Results are compared lexically (a number written "3.0" where the
 * suite expects "3" fails), solutions as multisets with blank-node renaming
 * (in order under ORDER BY), graphs and datasets by isomorphism.
 *
 * A failure fails the run unless tests/known-failures/sparql-outside-MODE.txt
 * lists it ("id  # reason"); a listed test that passes is reported.
 * SILA_BIN is the sila program, SILA_SHARED the W3C data (exit 77 without). */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_client.h"
#include "rdf_iso.h"
#include "results_compare.h"
#include "sila_rdf_syntax.h"
#include "sila_rdf_write.h"
#include "sila_results.h"
#include "sila_sparql.h"
#include "w3c_expected.h"
#include "w3c_known.h"
#include "w3c_manifest.h"

#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define MAXF 16
#define WHY 1024

typedef enum {
  T_QUERY,        /* query evaluation (and CSV/TSV/JSON result formats) */
  T_UPDATE,       /* update evaluation */
  T_SYNTAX_QUERY, /* query syntax, positive or negative */
  T_SYNTAX_UPDATE /* update syntax, positive or negative */
} Kind;

/* A dataset of a test: files for the default graph, files for named graphs. */
typedef struct {
  char *data[MAXF];
  size_t nd;
  char *gfile[MAXF], *gname[MAXF];
  size_t ng;
} Dataset;

typedef struct {
  char *id;
  Kind kind;
  bool positive; /* syntax tests */
  char *action;  /* the query or update file IRI */
  char *result;  /* query evaluation: the expected results file IRI */
  Dataset in, out;
} Test;

typedef struct {
  Test *t;
  size_t n, cap;
} Tests;

typedef struct {
  const char *sila;
  bool http, verbose;
  char dir[256];      /* scratch folder of this worker */
  char store[300];    /* its store */
  char out[300], err[300];
  char base_url[128]; /* http: http://127.0.0.1:PORT */
  CURL *curl;
} Ctx;

static const char *const TOKEN = "outside-suite-token";

/* ---- collecting the tests ------------------------------------------------ */

static void dataset_of(const Manifest *m, const SilaTerm *node, bool update, Dataset *d) {
  SilaTerm v[MAXF];
  const char *ns = update ? UT : QT;
  char p[200];
  snprintf(p, sizeof p, "%sdata", ns);
  d->nd = manifest_objs(m, node, p, v, MAXF);
  for (size_t i = 0; i < d->nd; i++)
    d->data[i] = manifest_term_dup(&v[i]);
  snprintf(p, sizeof p, "%sgraphData", ns);
  size_t ng = manifest_objs(m, node, p, v, MAXF);
  d->ng = 0;
  for (size_t i = 0; i < ng; i++) {
    SilaTerm file, label;
    if (!update) { /* qt:graphData <file>: the graph is named by the file's IRI */
      d->gfile[d->ng] = manifest_term_dup(&v[i]);
      d->gname[d->ng++] = manifest_term_dup(&v[i]);
    } else if (manifest_obj(m, &v[i], UT "graph", &file) &&
               (manifest_obj(m, &v[i], RDFS "label", &label) ||
                manifest_obj(m, &v[i], UT "name", &label))) {
      d->gfile[d->ng] = manifest_term_dup(&file);
      d->gname[d->ng++] = manifest_term_dup(&label);
    }
  }
}

static void dataset_free(Dataset *d) {
  for (size_t i = 0; i < d->nd; i++)
    free(d->data[i]);
  for (size_t i = 0; i < d->ng; i++)
    free(d->gfile[i]), free(d->gname[i]);
}

static bool seen_id(const Tests *ts, const char *id) {
  for (size_t i = 0; i < ts->n; i++)
    if (!strcmp(ts->t[i].id, id))
      return true;
  return false;
}

static void collect_test(Tests *ts, const Manifest *m, const char *rel, const SilaTerm *test) {
  char id[1024];
  const char *frag = memchr(test->value, '#', test->value_len);
  size_t fl = frag ? test->value_len - (size_t)(frag - test->value) : 0;
  snprintf(id, sizeof id, "%s%.*s", rel, (int)fl, frag ? frag : "");
  if (seen_id(ts, id))
    return;
  Test t = {0};
  SilaTerm action, result, x;
  bool has_action = manifest_obj(m, test, MF "action", &action);
  if (!has_action)
    return;
  if (manifest_is_a(m, test, MF "QueryEvaluationTest") ||
      manifest_is_a(m, test, MF "CSVResultFormatTest")) {
    if (manifest_obj(m, &action, QT "serviceData", &x) ||
        !manifest_obj(m, &action, QT "query", &x) || !manifest_obj(m, test, MF "result", &result))
      return; /* federation is not run here */
    t.kind = T_QUERY;
    t.action = manifest_term_dup(&x);
    t.result = manifest_term_dup(&result);
    dataset_of(m, &action, false, &t.in);
  } else if (manifest_is_a(m, test, MF "UpdateEvaluationTest")) {
    if (!manifest_obj(m, &action, UT "request", &x) || !manifest_obj(m, test, MF "result", &result))
      return;
    t.kind = T_UPDATE;
    t.action = manifest_term_dup(&x);
    dataset_of(m, &action, true, &t.in);
    dataset_of(m, &result, true, &t.out);
  } else {
    static const struct {
      const char *type;
      Kind kind;
      bool positive;
    } syntax[] = {{"PositiveSyntaxTest", T_SYNTAX_QUERY, true},
                  {"PositiveSyntaxTest11", T_SYNTAX_QUERY, true},
                  {"NegativeSyntaxTest", T_SYNTAX_QUERY, false},
                  {"NegativeSyntaxTest11", T_SYNTAX_QUERY, false},
                  {"PositiveUpdateSyntaxTest11", T_SYNTAX_UPDATE, true},
                  {"NegativeUpdateSyntaxTest11", T_SYNTAX_UPDATE, false},
                  {"PositiveUpdateSyntaxTest", T_SYNTAX_UPDATE, true},
                  {"NegativeUpdateSyntaxTest", T_SYNTAX_UPDATE, false}};
    size_t i = 0;
    char type[200];
    for (; i < sizeof syntax / sizeof *syntax; i++) {
      snprintf(type, sizeof type, MF "%s", syntax[i].type);
      if (manifest_is_a(m, test, type))
        break;
    }
    if (i == sizeof syntax / sizeof *syntax)
      return;
    t.kind = syntax[i].kind;
    t.positive = syntax[i].positive;
    /* SPARQL 1.2 types update syntax tests as plain (Positive|Negative)SyntaxTest too */
    size_t al = action.value_len;
    if (al > 3 && !memcmp(action.value + al - 3, ".ru", 3))
      t.kind = T_SYNTAX_UPDATE;
    t.action = manifest_term_dup(&action);
  }
  t.id = strdup(id);
  if (ts->n == ts->cap) {
    ts->cap = ts->cap ? 2 * ts->cap : 256;
    ts->t = realloc(ts->t, ts->cap * sizeof *ts->t);
  }
  ts->t[ts->n++] = t;
}

static void collect_test_cb(void *ctx, const Manifest *m, const char *rel, const SilaTerm *test) {
  collect_test(ctx, m, rel, test);
}

/* ---- running sila -------------------------------------------------------- */

/* Runs sila with `args` (NULL-terminated, without the program), its
 * standard output into c->out and error into c->err; returns the exit
 * status, 128 + the signal when killed (SIGALRM after 60 s), -1 when it
 * cannot start. */
static int run_sila(Ctx *c, const char *const *args) {
  const char *argv[32];
  size_t n = 0;
  argv[n++] = c->sila;
  while (*args && n < 31)
    argv[n++] = *args++;
  argv[n] = NULL;
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int o = open(c->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || o < 0 || e < 0)
      _exit(126);
    dup2(in, 0), dup2(o, 1), dup2(e, 2);
    close(in), close(o), close(e);
    alarm(60); /* survives exec: a hung command is killed */
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The first line of the last command's standard error, for reports. */
static const char *last_error(Ctx *c, char *buf, size_t size) {
  size_t len;
  char *s = test_file_read(c->err, &len);
  snprintf(buf, size, "%s", s ? s : "");
  free(s);
  for (char *p = buf; *p; p++)
    if (*p == '\n')
      *p = ' ';
  return buf;
}

static bool cli_fresh_store(Ctx *c, char *why) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->store);
  if (system(cmd) != 0 || run_sila(c, (const char *[]){"init", c->store, NULL}) != 0) {
    snprintf(why, WHY, "sila init failed");
    return false;
  }
  return true;
}

static bool cli_load(Ctx *c, const char *iri, const char *graph, char *why) {
  const char *path = manifest_file_path(iri);
  const char *args[] = {"load", "-q", "--store", c->store, "--graph", graph, path, NULL};
  if (!graph)
    args[4] = path, args[5] = NULL;
  int rc = run_sila(c, args);
  if (rc != 0) {
    char e[600];
    snprintf(why, WHY, "sila load %s: exit %d: %s", path, rc, last_error(c, e, sizeof e));
    return false;
  }
  return true;
}

/* ---- HTTP ---------------------------------------------------------------- */

/* One request; returns the HTTP status (0 when it failed). */
static long http_with(Ctx *c, const char *method, const char *path, const char *ctype,
                      const char *accept, const char *extra_header, const char *body, size_t len,
                      SilaBuf *out) {
  return http_request(c->curl, c->base_url, TOKEN, method, path, ctype, accept, extra_header, body,
                      len, out);
}

static long http(Ctx *c, const char *method, const char *path, const char *ctype,
                 const char *accept, const char *body, size_t len, SilaBuf *out) {
  return http_with(c, method, path, ctype, accept, NULL, body, len, out);
}

static const char *rdf_mime_of(const char *path) {
  SilaRdfFormat f = sila_rdf_format_from_filename(path, NULL);
  return f ? sila_rdf_format_mime(f) : "text/turtle";
}

static bool http_load(Ctx *c, const char *iri, const char *graph, char *why) {
  const char *path = manifest_file_path(iri);
  size_t len;
  char *doc = test_file_read(path, &len);
  if (!doc) {
    snprintf(why, WHY, "cannot read %s", path);
    return false;
  }
  SilaBuf url = SILA_BUF_INIT, out = SILA_BUF_INIT;
  if (graph) {
    sila_buf_puts(&url, "/store?graph=");
    http_url_encode(&url, graph);
  } else {
    sila_buf_puts(&url, "/store?default");
  }
  /* the document's own address, the base of its relative IRIs */
  char location[1200];
  snprintf(location, sizeof location, "Content-Location: %s", iri);
  long code = http_with(c, "POST", url.data, rdf_mime_of(path), NULL, location, doc, len, &out);
  bool ok = code == 200 || code == 201 || code == 204;
  if (!ok)
    snprintf(why, WHY, "POST %s: %ld %.*s", url.data, code, (int)(out.len > 300 ? 300 : out.len),
             out.data ? out.data : "");
  sila_buf_free(&url);
  sila_buf_free(&out);
  free(doc);
  return ok;
}

/* The text of a query or update file with a BASE line naming its IRI. */
static char *with_base(const char *iri, size_t *len) {
  size_t n;
  char *text = test_file_read(manifest_file_path(iri), &n);
  if (!text)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  sila_buf_printf(&b, "BASE <%s>\n", iri);
  sila_buf_append(&b, text, n);
  free(text);
  *len = b.len;
  return b.data;
}

static bool http_clear(Ctx *c, char *why) {
  SilaBuf out = SILA_BUF_INIT;
  long code = http(c, "POST", "/update", "application/sparql-update", NULL, "DROP ALL", 8, &out);
  sila_buf_free(&out);
  if (code != 200 && code != 204) {
    snprintf(why, WHY, "DROP ALL: status %ld", code);
    return false;
  }
  return true;
}

/* ---- datasets and comparisons --------------------------------------------- */

typedef struct {
  RdfIsoGraph *g;
  const SilaTerm *graph;
  int file_no;
} ExpectSink;

/* Expected data: blank nodes of different files are different. */
static SilaStatus expect_sink(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  ExpectSink *e = ctx;
  char sb[300], ob[300];
  SilaTerm s2 = *s, o2 = *o;
  if (s->kind == SILA_TERM_BLANK) {
    snprintf(sb, sizeof sb, "f%d_%.*s", e->file_no, (int)s->value_len, s->value);
    s2.value = sb, s2.value_len = strlen(sb);
  }
  if (o->kind == SILA_TERM_BLANK) {
    snprintf(ob, sizeof ob, "f%d_%.*s", e->file_no, (int)o->value_len, o->value);
    o2.value = ob, o2.value_len = strlen(ob);
  }
  /* a TriG file given as the default graph's data keeps its named graphs */
  const SilaTerm *graph = e->graph ? e->graph : g && g->kind != SILA_TERM_NONE ? g : NULL;
  return rdf_iso_add(e->g, &s2, p, &o2, graph);
}

static bool expected_dataset(const Dataset *d, RdfIsoGraph *g, char *why) {
  int file_no = 0;
  for (size_t i = 0; i < d->nd + d->ng; i++) {
    const char *iri = i < d->nd ? d->data[i] : d->gfile[i - d->nd];
    SilaTerm gname = sila_term_iri(i < d->nd ? "" : d->gname[i - d->nd]);
    ExpectSink e = {g, i < d->nd ? NULL : &gname, file_no++};
    SilaError err = {0};
    if (sila_rdf_parse_file(SILA_RDF_UNKNOWN, manifest_file_path(iri), iri, expect_sink, &e,
                            &err) != SILA_OK) {
      char msg[600];
      snprintf(why, WHY, "cannot read expected data %s: %s", iri,
               sila_error_format(&err, msg, sizeof msg));
      return false;
    }
  }
  return true;
}

/* A result set of ?s ?p ?o ?g rows as a dataset. */
static void rows_to_dataset(const SilaResultSet *rs, RdfIsoGraph *g) {
  for (size_t r = 0; r < rs->nrows; r++) {
    const SilaTerm *t[4];
    for (size_t v = 0; v < 4; v++)
      t[v] = v < rs->nvars ? sila_results_set_get(rs, r, v) : NULL;
    if (t[3] && t[3]->kind == SILA_TERM_NONE)
      t[3] = NULL;
    rdf_iso_add(g, t[0], t[1], t[2], t[3]);
  }
}

static bool compare_graphs(Ctx *c, RdfIsoGraph *expected, RdfIsoGraph *actual, char *why) {
  char diff[700] = "";
  if (rdf_iso_equal(expected, actual, diff, sizeof diff))
    return true;
  snprintf(why, WHY, "result differs: %s", diff);
  if (c->verbose) {
    printf("--- expected\n");
    rdf_iso_dump(expected, stdout);
    printf("--- actual\n");
    rdf_iso_dump(actual, stdout);
  }
  return false;
}

static void print_results(const char *label, const SilaResultSet *rs) {
  printf("--- %s\n", label);
  SilaResultWriter *w = sila_results_writer_new(SILA_RESULTS_TSV, sila_rdf_write_to_file, stdout, 0);
  sila_results_set_write(rs, w);
  sila_results_writer_free(w);
}

/* ---- one test -------------------------------------------------------------- */

static bool load_dataset(Ctx *c, const Dataset *d, char *why) {
  for (size_t i = 0; i < d->nd; i++)
    if (!(c->http ? http_load(c, d->data[i], NULL, why) : cli_load(c, d->data[i], NULL, why)))
      return false;
  for (size_t i = 0; i < d->ng; i++)
    if (!(c->http ? http_load(c, d->gfile[i], d->gname[i], why)
                  : cli_load(c, d->gfile[i], d->gname[i], why)))
      return false;
  return true;
}

static bool listed(const Dataset *d, const char *iri) {
  for (size_t i = 0; i < d->ng; i++)
    if (!strcmp(d->gname[i], iri))
      return true;
  return false;
}

/* The answer of a query as text: `fmt` names the format asked for. */
static bool ask_query(Ctx *c, const Test *t, SilaQueryForm form, SilaResultFormat rfmt,
                      SilaBuf *answer, char *why) {
  bool graph = form == SILA_QUERY_CONSTRUCT || form == SILA_QUERY_DESCRIBE;
  if (c->http) {
    size_t len;
    char *text = with_base(t->action, &len);
    const char *accept = graph ? "application/n-triples" : sila_results_format_mime(rfmt);
    long code = text ? http(c, "POST", "/sparql", "application/sparql-query", accept, text, len,
                            answer)
                     : 0;
    free(text);
    if (code != 200) {
      snprintf(why, WHY, "query: status %ld: %.*s", code,
               (int)(answer->len > 400 ? 400 : answer->len), answer->data ? answer->data : "");
      return false;
    }
    return true;
  }
  const char *fmt = graph ? "ntriples" : sila_results_format_name(rfmt);
  const char *args[] = {"query", "--store", c->store, "--no-union-default-graph", "--format",
                        fmt,     "--file",  manifest_file_path(t->action), NULL};
  int rc = run_sila(c, args);
  if (rc != 0) {
    char e[600];
    snprintf(why, WHY, "sila query: exit %d: %s", rc, last_error(c, e, sizeof e));
    return false;
  }
  size_t len;
  char *s = test_file_read(c->out, &len);
  if (s)
    sila_buf_append(answer, s, len);
  free(s);
  return s != NULL;
}

static bool run_query_test(Ctx *c, const Test *t, char *why) {
  size_t len;
  char *text = test_file_read(manifest_file_path(t->action), &len);
  if (!text) {
    snprintf(why, WHY, "cannot read %s", t->action);
    return false;
  }
  /* The runner reads the query itself only for its form, its order and
   * the documents FROM / FROM NAMED name (loaded as named graphs). */
  SilaQuery *q = NULL;
  SilaError err = {0};
  SilaStatus st = sila_sparql_parse_query(text, len, t->action, &q, &err);
  free(text);
  if (st != SILA_OK) {
    snprintf(why, WHY, "the runner cannot parse the query: %s", err.message);
    return false;
  }
  bool ok = load_dataset(c, &t->in, why);
  size_t nf, nn;
  const SilaTerm *from = sila_query_from(q, &nf), *named = sila_query_from_named(q, &nn);
  for (size_t i = 0; ok && i < nf + nn; i++) {
    char *iri = manifest_term_dup(i < nf ? &from[i] : &named[i - nf]);
    bool dup = listed(&t->in, iri);
    for (size_t j = 0; j < i && !dup; j++) /* FROM x and FROM NAMED x: one load */
      dup = (j < nf ? &from[j] : &named[j - nf])->value_len == strlen(iri) &&
            !memcmp((j < nf ? &from[j] : &named[j - nf])->value, iri, strlen(iri));
    if (!dup && !strncmp(iri, "file://", 7) && access(manifest_file_path(iri), R_OK) == 0)
      ok = c->http ? http_load(c, iri, iri, why) : cli_load(c, iri, iri, why);
    free(iri);
  }
  SilaQueryForm form = sila_query_form(q);
  bool graph = form == SILA_QUERY_CONSTRUCT || form == SILA_QUERY_DESCRIBE;
  unsigned flags = w3c_query_ordered(q) ? RESULTS_CMP_ORDERED : 0;
  sila_query_free(q);
  if (!ok)
    return false;
  SilaResultFormat rfmt = w3c_results_format_of(manifest_file_path(t->result));
  if (!rfmt)
    rfmt = SILA_RESULTS_JSON;
  SilaBuf answer = SILA_BUF_INIT;
  ok = ask_query(c, t, form, rfmt, &answer, why);
  if (ok && graph) {
    RdfIsoGraph *actual = rdf_iso_graph_new(), *expected = rdf_iso_graph_new();
    SilaError e2 = {0};
    if (sila_rdf_parse_string(SILA_RDF_NTRIPLES, answer.data ? answer.data : "", answer.len,
                              "http://invalid.example/", rdf_iso_sink, actual, &e2) != SILA_OK) {
      snprintf(why, WHY, "the answer is not N-Triples: %s", e2.message);
      ok = false;
    } else if (sila_rdf_parse_file(SILA_RDF_UNKNOWN, manifest_file_path(t->result), t->result,
                                   rdf_iso_sink, expected, NULL) != SILA_OK) {
      snprintf(why, WHY, "cannot read the expected graph");
      ok = false;
    } else {
      ok = compare_graphs(c, expected, actual, why);
    }
    rdf_iso_graph_free(actual);
    rdf_iso_graph_free(expected);
  } else if (ok) {
    SilaResultSet *actual = NULL;
    SilaError e2 = {0};
    bool lexical;
    SilaResultSet *expected = w3c_expected_results(t->result, &lexical);
    if (sila_results_parse(rfmt, answer.data ? answer.data : "", answer.len, &actual, &e2) !=
        SILA_OK) {
      snprintf(why, WHY, "cannot read the answer as %s: %s", sila_results_format_name(rfmt),
               e2.message);
      ok = false;
    } else if (!expected) {
      snprintf(why, WHY, "cannot read the expected results %s", t->result);
      ok = false;
    } else {
      ok = results_compare(expected, actual, flags | (lexical ? RESULTS_CMP_LEXICAL : 0), why,
                           WHY);
      if (!ok && c->verbose) {
        print_results("expected", expected);
        print_results("actual", actual);
      }
    }
    sila_results_set_free(actual);
    sila_results_set_free(expected);
  }
  sila_buf_free(&answer);
  return ok;
}

static const char DUMP_QUERY[] =
    "SELECT ?s ?p ?o ?g { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";

static bool run_update_test(Ctx *c, const Test *t, char *why) {
  if (!load_dataset(c, &t->in, why))
    return false;
  RdfIsoGraph *actual = rdf_iso_graph_new(), *expected = rdf_iso_graph_new();
  bool ok = false;
  char e[600];
  if (c->http) {
    size_t len;
    char *text = with_base(t->action, &len);
    SilaBuf out = SILA_BUF_INIT, dump = SILA_BUF_INIT;
    long code = text ? http(c, "POST", "/update", "application/sparql-update", NULL, text, len,
                            &out)
                     : 0;
    SilaResultSet *rs = NULL;
    if (code != 200 && code != 204) {
      snprintf(why, WHY, "update: status %ld: %.*s", code, (int)(out.len > 400 ? 400 : out.len),
               out.data ? out.data : "");
    } else if ((code = http(c, "POST", "/sparql", "application/sparql-query",
                            "application/sparql-results+json", DUMP_QUERY, strlen(DUMP_QUERY),
                            &dump)) != 200 ||
               sila_results_parse(SILA_RESULTS_JSON, dump.data ? dump.data : "", dump.len, &rs,
                                  NULL) != SILA_OK) {
      snprintf(why, WHY, "cannot read the store back: status %ld", code);
    } else {
      rows_to_dataset(rs, actual);
      ok = true;
    }
    sila_results_set_free(rs);
    sila_buf_free(&out);
    sila_buf_free(&dump);
    free(text);
  } else {
    int rc = run_sila(c, (const char *[]){"update", "-q", "--store", c->store,
                                          "--no-union-default-graph", "--file",
                                          manifest_file_path(t->action), NULL});
    if (rc != 0) {
      snprintf(why, WHY, "sila update: exit %d: %s", rc, last_error(c, e, sizeof e));
    } else if ((rc = run_sila(c, (const char *[]){"dump", "--store", c->store, "--format",
                                                  "nquads", NULL})) != 0) {
      snprintf(why, WHY, "sila dump: exit %d: %s", rc, last_error(c, e, sizeof e));
    } else {
      SilaError err = {0};
      ok = sila_rdf_parse_file(SILA_RDF_NQUADS, c->out, "http://invalid.example/", rdf_iso_sink,
                               actual, &err) == SILA_OK;
      if (!ok)
        snprintf(why, WHY, "the dump is not N-Quads: %s", err.message);
    }
  }
  if (ok)
    ok = expected_dataset(&t->out, expected, why) && compare_graphs(c, expected, actual, why);
  rdf_iso_graph_free(actual);
  rdf_iso_graph_free(expected);
  return ok;
}

static bool run_syntax_test(Ctx *c, const Test *t, char *why) {
  bool update = t->kind == T_SYNTAX_UPDATE;
  bool parsed;
  char e[600];
  if (c->http) {
    size_t len;
    char *text = with_base(t->action, &len);
    SilaBuf out = SILA_BUF_INIT;
    long code = text ? http(c, "POST", update ? "/update" : "/sparql",
                            update ? "application/sparql-update" : "application/sparql-query",
                            NULL, text, len, &out)
                     : 0;
    free(text);
    snprintf(e, sizeof e, "status %ld: %.*s", code, (int)(out.len > 300 ? 300 : out.len),
             out.data ? out.data : "");
    sila_buf_free(&out);
    if (code == 0) { /* no answer: the server is gone */
      snprintf(why, WHY, "%s", e);
      return false;
    }
    parsed = code != 400;
  } else {
    const char *path = manifest_file_path(t->action);
    int rc = update ? run_sila(c, (const char *[]){"update", "-q", "--store", c->store, "--file",
                                                   path, NULL})
                    : run_sila(c, (const char *[]){"query", "--algebra", "--file", path, NULL});
    snprintf(e, sizeof e, "exit %d: ", rc);
    last_error(c, e + strlen(e), sizeof e - strlen(e));
    if (rc != 0 && rc != 1 && rc != 3) {
      snprintf(why, WHY, "%s", e);
      return false;
    }
    parsed = rc != 3;
  }
  if (parsed != t->positive)
    snprintf(why, WHY, "%s: %s", t->positive ? "refused" : "accepted a malformed request", e);
  return parsed == t->positive;
}

static bool run_test(Ctx *c, const Test *t, char *why) {
  if (c->http) {
    if (!http_clear(c, why))
      return false;
  } else if (t->kind != T_SYNTAX_QUERY && !cli_fresh_store(c, why)) {
    return false;
  }
  switch (t->kind) {
  case T_QUERY: return run_query_test(c, t, why);
  case T_UPDATE: return run_update_test(c, t, why);
  default: return run_syntax_test(c, t, why);
  }
}

/* ---- the server ------------------------------------------------------------ */

static pid_t start_server(Ctx *c) {
  char log[300];
  snprintf(log, sizeof log, "%s/server.log", c->dir);
  if (run_sila(c, (const char *[]){"init", c->store, NULL}) != 0)
    return -1;
  const char *args[] = {"--no-union-default-graph", "--timeout", "30", NULL};
  return http_server_start(c->sila, c->store, log, TOKEN, args, c->base_url, sizeof c->base_url);
}

/* ---- known failures and the report ------------------------------------------ */

/* The suite a test belongs to, for the per-suite counts. */
static const char *suite_of(const Test *t) {
  bool s10 = !strncmp(t->id, "sparql10/", 9);
  if (!strncmp(t->id, "sparql12/", 9))
    return "sparql12";
  switch (t->kind) {
  case T_QUERY: return s10 ? "sparql10 query" : "sparql11 query";
  case T_UPDATE: return "sparql11 update";
  case T_SYNTAX_QUERY: return s10 ? "sparql10 syntax" : "sparql11 query syntax";
  default: return "sparql11 update syntax";
  }
}

/* Runs tests i ≡ worker (mod workers), one line per test on `out`:
 * "P id" or "F id\twhy". */
static void work(Ctx *c, const Tests *ts, const char *only, int worker, int workers, FILE *out) {
  for (size_t i = 0; i < ts->n; i++) {
    if ((int)(i % (size_t)workers) != worker || (only && !strstr(ts->t[i].id, only)))
      continue;
    char why[WHY] = "";
    bool ok = run_test(c, &ts->t[i], why);
    for (char *p = why; *p; p++)
      if (*p == '\n' || *p == '\t')
        *p = ' ';
    fprintf(out, "%c %zu\t%s\n", ok ? 'P' : 'F', i, why);
    fflush(out);
  }
}

static void ctx_init(Ctx *c, const char *sila, bool http_mode, bool verbose, int worker) {
  memset(c, 0, sizeof *c);
  c->sila = sila;
  c->http = http_mode;
  c->verbose = verbose;
  snprintf(c->dir, sizeof c->dir, "%s/sila-outside-%d-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
           (int)getpid(), worker);
  mkdir(c->dir, 0700);
  snprintf(c->store, sizeof c->store, "%s/store", c->dir);
  snprintf(c->out, sizeof c->out, "%s/out", c->dir);
  snprintf(c->err, sizeof c->err, "%s/err", c->dir);
}

static void ctx_remove(Ctx *c) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", c->dir);
}

int main(int argc, char **argv) {
  const char *shared = getenv("SILA_SHARED"), *srcdir = getenv("SILA_SRCDIR");
  const char *sila = getenv("SILA_BIN") ? getenv("SILA_BIN") : "../sila";
  if (argc < 2 || (strcmp(argv[1], "cli") && strcmp(argv[1], "http"))) {
    fprintf(stderr, "usage: sparql_outside cli|http [-v] [-j N] [FILTER]\n");
    return 2;
  }
  bool http_mode = !strcmp(argv[1], "http"), verbose = false;
  int workers = 2;
  const char *only = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-v"))
      verbose = true;
    else if (!strcmp(argv[i], "-j") && i + 1 < argc)
      workers = atoi(argv[++i]);
    else
      only = argv[i];
  }
  if (http_mode || verbose || workers < 1)
    workers = 1;
  char root[1024];
  snprintf(root, sizeof root, "%s/conformance/rdf-tests/sparql", shared ? shared : "../shared");
  if (access(root, R_OK) != 0) {
    printf("SKIP: the W3C SPARQL tests are not in %s\n", root);
    return 77;
  }
  char abs_sila[4096];
  if (!realpath(sila, abs_sila)) {
    fprintf(stderr, "no sila program at %s\n", sila);
    return 1;
  }
  Tests ts = {0};
  const char *manifests[] = {"sparql10/manifest.ttl", "sparql11/manifest-sparql11-query.ttl",
                             "sparql11/manifest-sparql11-results.ttl",
                             "sparql11/manifest-sparql11-update.ttl",
                             /* SPARQL 1.2: every manifest (triple terms, VERSION, ...) */
                             "sparql12/manifest.ttl"};
  for (size_t i = 0; i < sizeof manifests / sizeof *manifests; i++) {
    char mp[1200];
    snprintf(mp, sizeof mp, "%s/%s", root, manifests[i]);
    manifest_walk_sparql(mp, collect_test_cb, &ts);
  }
  char kpath[1200];
  snprintf(kpath, sizeof kpath, "%s/tests/known-failures/sparql-outside-%s.txt",
           srcdir ? srcdir : "..", argv[1]);
  KnownFailures known = {0};
  known_failures_load(&known, kpath);
  time_t t0 = time(NULL);

  /* Workers write their lines to files; the parent reports in test order. */
  char results_path[300];
  snprintf(results_path, sizeof results_path, "%s/sila-outside-%d.results",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
  FILE *results = fopen(results_path, "a+"); /* O_APPEND: workers share it */
  if (!results)
    return 1;
  pid_t server = -1;
  bool server_failed = false;
  if (http_mode) {
    Ctx c;
    ctx_init(&c, abs_sila, true, verbose, 0);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c.curl = curl_easy_init();
    server = start_server(&c);
    if (server < 0) {
      fprintf(stderr, "sila serve did not start\n");
      ctx_remove(&c);
      return 1;
    }
    work(&c, &ts, only, 0, 1, results);
    char log[400];
    snprintf(log, sizeof log, "%s/server.log", c.dir);
    server_failed = !http_server_stop(server, log); /* e.g. a sanitizer report at exit */
    curl_easy_cleanup(c.curl);
    curl_global_cleanup();
    ctx_remove(&c);
  } else if (workers == 1) {
    Ctx c;
    ctx_init(&c, abs_sila, false, verbose, 0);
    work(&c, &ts, only, 0, 1, results);
    ctx_remove(&c);
  } else {
    pid_t pids[64];
    int nw = workers > 64 ? 64 : workers;
    for (int w = 0; w < nw; w++) {
      fflush(NULL);
      pids[w] = fork();
      if (pids[w] == 0) {
        Ctx c;
        ctx_init(&c, abs_sila, false, false, w);
        work(&c, &ts, only, w, nw, results);
        ctx_remove(&c);
        _exit(0);
      }
    }
    for (int w = 0; w < nw; w++)
      waitpid(pids[w], NULL, 0);
  }

  /* Read the lines back (appended by each worker with O_APPEND semantics
   * of one FILE per process: lines are whole since each is one fflush). */
  rewind(results);
  char *status = calloc(ts.n + 1, 1), **why = calloc(ts.n + 1, sizeof *why);
  char line[WHY + 64];
  while (fgets(line, sizeof line, results)) {
    size_t i = strtoul(line + 2, NULL, 10);
    char *tab = strchr(line, '\t');
    if (i >= ts.n || !tab)
      continue;
    status[i] = line[0];
    tab[strcspn(tab, "\n")] = 0;
    free(why[i]);
    why[i] = strdup(tab + 1);
  }
  fclose(results);
  unlink(results_path);

  const char *suites[] = {"sparql10 query", "sparql10 syntax", "sparql11 query",
                          "sparql11 query syntax", "sparql11 update", "sparql11 update syntax",
                          "sparql12"};
  int passed = 0, failed = 0, known_failed = 0, total = 0;
  for (size_t s = 0; s < sizeof suites / sizeof *suites; s++) {
    int sp = 0, sn = 0;
    for (size_t i = 0; i < ts.n; i++) {
      if (!status[i] || strcmp(suite_of(&ts.t[i]), suites[s]))
        continue;
      sn++;
      bool listed_fail = known_failures_has(&known, ts.t[i].id);
      if (status[i] == 'P') {
        sp++;
        if (listed_fail)
          printf("FIXED %s (remove it from %s)\n", ts.t[i].id, kpath);
      } else if (listed_fail) {
        known_failed++;
        if (verbose)
          printf("known %s: %s\n", ts.t[i].id, why[i]);
      } else {
        failed++;
        printf("FAIL %s: %s\n", ts.t[i].id, why[i]);
      }
    }
    if (sn)
      printf("%s (%s): %d of %d pass\n", suites[s], argv[1], sp, sn);
    passed += sp;
    total += sn;
  }
  printf("%s: %d of %d tests pass (%d known failures) in %ld s\n", argv[1], passed, total,
         known_failed, (long)(time(NULL) - t0));
  for (size_t i = 0; i < ts.n; i++) {
    free(why[i]);
    Test *t = &ts.t[i];
    free(t->id), free(t->action), free(t->result);
    dataset_free(&t->in);
    dataset_free(&t->out);
  }
  known_failures_free(&known);
  free(ts.t);
  free(status);
  free(why);
  return failed || server_failed ? 1 : 0;
}
