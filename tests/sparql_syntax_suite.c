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
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sila_sparql.h"

#define MF "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
#define QT "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
#define UT "http://www.w3.org/2009/sparql/tests/test-update#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

typedef struct {
  char *s, *p, *o; /* IRIs as is, blank nodes as "_:id", literals as "\"lex" */
} Triple;

typedef struct {
  Triple *t;
  size_t n, cap;
} Graph;

static char *term_str(raptor_term *t) {
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    return strdup((const char *)raptor_uri_as_string(t->value.uri));
  case RAPTOR_TERM_TYPE_BLANK: {
    char *s = malloc(t->value.blank.string_len + 3);
    sprintf(s, "_:%s", (const char *)t->value.blank.string);
    return s;
  }
  case RAPTOR_TERM_TYPE_LITERAL: {
    char *s = malloc(t->value.literal.string_len + 2);
    sprintf(s, "\"%s", (const char *)t->value.literal.string);
    return s;
  }
  default:
    return strdup("");
  }
}

static void on_triple(void *ud, raptor_statement *st) {
  Graph *g = ud;
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 256;
    g->t = realloc(g->t, g->cap * sizeof *g->t);
    if (!g->t)
      abort();
  }
  g->t[g->n].s = term_str(st->subject);
  g->t[g->n].p = term_str(st->predicate);
  g->t[g->n].o = term_str(st->object);
  g->n++;
}

static void graph_free(Graph *g) {
  for (size_t i = 0; i < g->n; i++) {
    free(g->t[i].s);
    free(g->t[i].p);
    free(g->t[i].o);
  }
  free(g->t);
}

static const char *obj(const Graph *g, const char *s, const char *p) {
  for (size_t i = 0; i < g->n; i++)
    if (!strcmp(g->t[i].s, s) && !strcmp(g->t[i].p, p))
      return g->t[i].o;
  return NULL;
}

static bool has(const Graph *g, const char *s, const char *p, const char *o) {
  for (size_t i = 0; i < g->n; i++)
    if (!strcmp(g->t[i].s, s) && !strcmp(g->t[i].p, p) && !strcmp(g->t[i].o, o))
      return true;
  return false;
}

/* ---- known failures ---- */

typedef struct {
  char **iri;
  bool *seen_pass;
  size_t n;
} Known;

static void known_load(Known *k, const char *path) {
  memset(k, 0, sizeof *k);
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  char line[2048];
  while (fgets(line, sizeof line, f)) {
    char *s = line;
    while (*s == ' ' || *s == '\t')
      s++;
    if (*s == '#' || *s == '\n' || !*s)
      continue;
    char *e = s;
    /* IRIs contain '#': the reason comment starts after white space */
    while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
      e++;
    *e = '\0';
    k->iri = realloc(k->iri, (k->n + 1) * sizeof *k->iri);
    k->seen_pass = realloc(k->seen_pass, (k->n + 1) * sizeof *k->seen_pass);
    k->iri[k->n] = strdup(s);
    k->seen_pass[k->n] = false;
    k->n++;
  }
  fclose(f);
}

static long known_find(const Known *k, const char *iri) {
  for (size_t i = 0; i < k->n; i++)
    if (!strcmp(k->iri[i], iri))
      return (long)i;
  return -1;
}

/* ---- running ---- */

typedef struct {
  raptor_world *world;
  const char *root_uri; /* file:///.../sparql/ */
  Known known;
  int passed, failed, known_failed, now_pass;
  int kind_passed[4], kind_total[4]; /* positive, negative, eval query, eval update */
} Run;

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    fclose(f);
    return NULL;
  }
  buf[n] = '\0';
  *len = (size_t)n;
  fclose(f);
  return buf;
}

static const char *file_path(const char *uri) {
  return strncmp(uri, "file://", 7) ? uri : uri + 7;
}

static const char *short_iri(Run *r, const char *iri) {
  size_t n = strlen(r->root_uri);
  return strncmp(iri, r->root_uri, n) ? iri : iri + n;
}

/* Returns 1 when the test behaved as expected. */
static int run_test(const char *file_uri, bool update, bool expect_ok, char *why,
                    size_t whysize) {
  size_t len;
  char *text = read_file(file_path(file_uri), &len);
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

static void run_manifest(Run *r, const char *uri, int depth);

static void each_list(const Graph *g, const char *head, void (*fn)(Run *, const char *, void *),
                      Run *r, void *ud) {
  const char *node = head;
  int guard = 0;
  while (node && strcmp(node, RDF "nil") && guard++ < 100000) {
    const char *first = obj(g, node, RDF "first");
    if (first)
      fn(r, first, ud);
    node = obj(g, node, RDF "rest");
  }
}

static void include_one(Run *r, const char *uri, void *ud) {
  int depth = *(int *)ud;
  if (strstr(uri, "/entailment/"))
    return;
  run_manifest(r, uri, depth + 1);
}

typedef struct {
  const Graph *g;
  int passed, failed;
} Suite;

static void entry_one(Run *r, const char *test, void *ud) {
  Suite *s = ud;
  const Graph *g = s->g;
  const char *type = obj(g, test, RDF "type");
  if (!type)
    return;
  bool update = false, expect_ok = true;
  const char *file = NULL;
  int kind = 0;
  const char *action = obj(g, test, MF "action");
  if (!strcmp(type, MF "PositiveSyntaxTest") || !strcmp(type, MF "PositiveSyntaxTest11")) {
    file = action;
  } else if (!strcmp(type, MF "NegativeSyntaxTest") ||
             !strcmp(type, MF "NegativeSyntaxTest11")) {
    file = action;
    expect_ok = false;
    kind = 1;
  } else if (!strcmp(type, MF "PositiveUpdateSyntaxTest11") ||
             !strcmp(type, MF "PositiveUpdateSyntaxTest")) {
    file = action;
    update = true;
  } else if (!strcmp(type, MF "NegativeUpdateSyntaxTest11") ||
             !strcmp(type, MF "NegativeUpdateSyntaxTest")) {
    file = action;
    update = true;
    expect_ok = false;
    kind = 1;
  } else if (!strcmp(type, MF "QueryEvaluationTest")) {
    file = action ? obj(g, action, QT "query") : NULL;
    kind = 2;
  } else if (!strcmp(type, MF "UpdateEvaluationTest")) {
    file = action ? obj(g, action, UT "request") : NULL;
    update = true;
    kind = 3;
  } else {
    return; /* protocol, result format, ... tests are not ours */
  }
  if (has(g, test, "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval",
          "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#Withdrawn"))
    return;
  /* SPARQL 1.1 syntax tests of update requests are typed as plain
   * (Positive|Negative)SyntaxTest11 in some manifests: go by the suffix */
  size_t fl = file ? strlen(file) : 0;
  if (fl > 3 && !strcmp(file + fl - 3, ".ru"))
    update = true;
  const char *id = short_iri(r, test);
  char why[600] = "";
  int ok = file ? run_test(file, update, expect_ok, why, sizeof why) : 0;
  if (!file)
    snprintf(why, sizeof why, "no query file in the manifest");
  long k = known_find(&r->known, id);
  r->kind_total[kind]++;
  r->kind_passed[kind] += ok;
  if (ok) {
    s->passed++;
    r->passed++;
    if (k >= 0) {
      r->known.seen_pass[k] = true;
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
}

static void run_manifest(Run *r, const char *uri, int depth) {
  if (depth > 8)
    return;
  Graph g = {0};
  raptor_parser *p = raptor_new_parser(r->world, "turtle");
  raptor_uri *u = raptor_new_uri(r->world, (const unsigned char *)uri);
  raptor_parser_set_statement_handler(p, &g, on_triple);
  FILE *f = fopen(file_path(uri), "rb");
  if (!f) {
    fprintf(stderr, "cannot open manifest %s\n", uri);
    r->failed++;
  } else {
    if (raptor_parser_parse_file_stream(p, f, NULL, u)) {
      fprintf(stderr, "cannot parse manifest %s\n", uri);
      r->failed++;
    }
    fclose(f);
  }
  raptor_free_parser(p);
  raptor_free_uri(u);
  /* some SPARQL 1.2 manifests name themselves <#manifest> or another
   * IRI, not <>: take the subject typed mf:Manifest then */
  const char *self = uri;
  for (size_t i = 0; !obj(&g, uri, MF "entries") && !obj(&g, uri, MF "include") && i < g.n; i++)
    if (!strcmp(g.t[i].p, RDF "type") && !strcmp(g.t[i].o, MF "Manifest"))
      self = g.t[i].s;
  const char *inc = obj(&g, self, MF "include");
  if (inc)
    each_list(&g, inc, include_one, r, &depth);
  const char *entries = obj(&g, self, MF "entries");
  if (entries) {
    Suite s = {&g, 0, 0};
    each_list(&g, entries, entry_one, r, &s);
    if (s.passed + s.failed)
      printf("%s: %d passed, %d failed\n", short_iri(r, uri), s.passed, s.failed);
  }
  graph_free(&g);
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
  known_load(&r.known, kpath);
  r.world = raptor_new_world();
  /* SPARQL 1.2: every manifest (triple terms, VERSION, base direction, ...) */
  static const char *const roots[] = {"sparql10/manifest.ttl", "sparql11/manifest-all.ttl",
                                      "sparql12/manifest.ttl"};
  for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
    char uri[4400];
    snprintf(uri, sizeof uri, "%s%s", root_uri, roots[i]);
    run_manifest(&r, uri, 0);
  }
  raptor_free_world(r.world);
  static const char *const kinds[] = {"positive syntax", "negative syntax",
                                      "evaluation queries parsed", "evaluation updates parsed"};
  for (int i = 0; i < 4; i++)
    printf("%s: %d of %d\n", kinds[i], r.kind_passed[i], r.kind_total[i]);
  printf("total: %d passed, %d failed (%d known failures, %d listed tests now pass)\n",
         r.passed, r.failed + r.known_failed, r.known_failed, r.now_pass);
  for (size_t i = 0; i < r.known.n; i++)
    free(r.known.iri[i]);
  free(r.known.iri);
  free(r.known.seen_pass);
  free(abs);
  return r.failed ? 1 : 0;
}
