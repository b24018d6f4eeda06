/* test_topk.c — ORDER BY ?v LIMIT k driven by ?v's objects in value order
 * (sparql/exec_topk.c) against the plain plan (no_ordered_scan), on random
 * queries and data.
 *
 * Data: 300 products ?x of four types, each with 0, 1 or 2 labels; 1500
 * offers, each of a product (some of none), with 0-3 vendors and a value
 * of each of four predicates: :pi inline integers (many equal: a fifth from
 * {0, 5, 7}; some offers with two values or none), :pd inline decimals
 * (with equal values written two ways, 1.5 and 1.50), :pm numbers of every
 * kind and strings and IRIs (never driven: its IDs are not its order), :pb
 * integers with a few too long to be inline (never driven either).
 * Triples in the default graph, in two named graphs, some in both.
 *
 * Queries: the s08 shape with random type, predicate, direction, second key
 * (a label, a vendor, descending), DISTINCT, OFFSET, LIMIT, FILTER on ?v,
 * OPTIONAL vendor, a BIND, GRAPH ?g, FROM one or two graphs, the union or
 * the store's default graph.  The driven plan is forced
 * (ordered_scan_always) so that small data takes it.  SPARQL leaves the
 * order of rows with equal keys open, and a LIMIT may cut a run of them
 * anywhere, so the answers are compared as: the same number of rows, the
 * same keys in the same order, and for each key the rows a sub-multiset of
 * that key's rows in the whole answer (all of them when the key's run is
 * inside the window).  Where the plan is not driven, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query_test_lib.h"
#include "test_harness.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"
#define EX "http://ex.org/"

static uint64_t rng = 0xD1B54A32D192ED03ULL;
static uint64_t rnd(uint64_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng % n;
}

static SilaStore *store;
static SilaBulk *bulk;
static SilaTerm g1, g2;

/* Adds s p o in the default graph, a named graph, or both (random). */
static void add(const char *s, const char *p, const SilaTerm *o) {
  SilaTerm st = sila_term_iri(s), pt = sila_term_iri(p);
  int where = (int)rnd(10);
  const SilaTerm *g = where == 0 ? &g1 : where == 1 ? &g2 : NULL;
  CHECK_INT(SILA_OK, sila_bulk_add(bulk, &st, &pt, o, g));
  if (where == 2)
    CHECK_INT(SILA_OK, sila_bulk_add(bulk, &st, &pt, o, &g2));
}

static void add_lit(const char *s, const char *p, const char *lex, const char *dt) {
  SilaTerm o = dt && !*dt ? sila_term_iri(lex) : sila_term_literal(lex, dt, NULL);
  add(s, p, &o);
}

static void load(const char *dir) {
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &w));
  CHECK_INT(SILA_OK, sila_bulk_new(w, &bulk));
  g1 = sila_term_iri(EX "g1");
  g2 = sila_term_iri(EX "g2");
  char s[64], o[64], lex[64];
  for (int i = 0; i < 300; i++) {
    snprintf(s, sizeof s, EX "x%d", i);
    snprintf(o, sizeof o, EX "T%d", (int)rnd(4));
    SilaTerm t = sila_term_iri(o);
    add(s, EX "type", &t);
    int nl = rnd(8) == 0 ? 0 : rnd(6) == 0 ? 2 : 1;
    for (int k = 0; k < nl; k++) {
      snprintf(lex, sizeof lex, "label %d", (int)rnd(200));
      add_lit(s, EX "label", lex, NULL);
    }
  }
  for (int i = 0; i < 1500; i++) {
    snprintf(s, sizeof s, EX "o%d", i);
    if (rnd(15)) {
      snprintf(o, sizeof o, EX "x%d", (int)rnd(300));
      SilaTerm t = sila_term_iri(o);
      add(s, EX "of", &t);
    }
    int nv = (int)rnd(4);
    for (int k = 0; k < nv; k++) {
      snprintf(o, sizeof o, EX "vendor%d", (int)rnd(30));
      SilaTerm t = sila_term_iri(o);
      add(s, EX "vendor", &t);
    }
    int ni = rnd(12) == 0 ? 0 : rnd(10) == 0 ? 2 : 1;
    for (int k = 0; k < ni; k++) {
      static const int common[] = {0, 5, 7};
      int v = rnd(5) == 0 ? common[rnd(3)] : (int)rnd(800) - 200;
      snprintf(lex, sizeof lex, "%d", v);
      add_lit(s, EX "pi", lex, XSD "integer");
    }
    int a = (int)rnd(300) - 100, b = (int)rnd(10);
    if (rnd(3) == 0)
      snprintf(lex, sizeof lex, "%s%d.%d0", a < 0 ? "-" : "", abs(a), b); /* 1.50 */
    else
      snprintf(lex, sizeof lex, "%s%d.%d", a < 0 ? "-" : "", abs(a), b);
    add_lit(s, EX "pd", lex, XSD "decimal");
    int m = (int)rnd(60) - 20;
    switch (rnd(6)) {
    case 0: snprintf(lex, sizeof lex, "%d", m); add_lit(s, EX "pm", lex, XSD "integer"); break;
    case 1: snprintf(lex, sizeof lex, "%d.5", m); add_lit(s, EX "pm", lex, XSD "decimal"); break;
    case 2: snprintf(lex, sizeof lex, "%dE0", m); add_lit(s, EX "pm", lex, XSD "double"); break;
    case 3: snprintf(lex, sizeof lex, "%d", m); add_lit(s, EX "pm", lex, NULL); break;
    case 4: snprintf(lex, sizeof lex, EX "m%d", m); add_lit(s, EX "pm", lex, ""); break;
    default: snprintf(lex, sizeof lex, "0%d", abs(m)); add_lit(s, EX "pm", lex, XSD "integer");
    }
    if (rnd(100) == 0)
      snprintf(lex, sizeof lex, "%d00000000000000000000", m); /* not inline */
    else
      snprintf(lex, sizeof lex, "%d", m);
    add_lit(s, EX "pb", lex, XSD "integer");
  }
  CHECK_INT(SILA_OK, sila_bulk_finish(bulk, NULL));
  CHECK_INT(SILA_OK, sila_txn_commit(w));
}

/* ---- comparing answers whose ties may come in another order ---- */

typedef struct {
  char **line;
  size_t n;
} Lines;

static Lines split(const SilaBuf *b) {
  Lines l = {0};
  size_t cap = 0;
  const char *p = b->data, *end = b->data ? b->data + b->len : NULL;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (l.n == cap)
      l.line = realloc(l.line, (cap = cap ? cap * 2 : 64) * sizeof *l.line);
    l.line[l.n] = strndup(p, len);
    l.n++;
    p += len + 1;
  }
  return l;
}

static void lines_free(Lines *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->line[i]);
  free(l->line);
}

/* The first nkeys cells of a row, numbers by value (1.5 = 1.50). */
static void key_of(const char *line, int nkeys, char *out, size_t cap) {
  out[0] = '\0';
  const char *p = line;
  for (int k = 0; k < nkeys && p; k++) {
    const char *tab = strchr(p, '\t');
    size_t len = tab ? (size_t)(tab - p) : strlen(p);
    char cell[256];
    snprintf(cell, sizeof cell, "%.*s", (int)len, p);
    char *dt = strstr(cell, XSD);
    if (dt && (!strcmp(dt, XSD "integer") || !strcmp(dt, XSD "decimal"))) {
      *dt = '\0';
      snprintf(cell, sizeof cell, "%.17g", strtod(cell, NULL));
    }
    size_t used = strlen(out);
    snprintf(out + used, cap - used, "%s|", cell);
    p = tab ? tab + 1 : NULL;
  }
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of `l` whose key is `key`, sorted. */
static Lines with_key(const Lines *l, int nkeys, const char *key) {
  Lines out = {0};
  out.line = malloc((l->n + 1) * sizeof *out.line);
  char k[1024];
  for (size_t i = 0; i < l->n; i++) {
    key_of(l->line[i], nkeys, k, sizeof k);
    if (!strcmp(k, key))
      out.line[out.n++] = l->line[i];
  }
  qsort(out.line, out.n, sizeof *out.line, cmp_str);
  return out;
}

/* Whether sorted a is a sub-multiset of sorted b (equal when exact). */
static bool sub_multiset(const Lines *a, const Lines *b, bool exact) {
  size_t j = 0;
  for (size_t i = 0; i < a->n; i++) {
    while (j < b->n && strcmp(b->line[j], a->line[i]) < 0)
      j++;
    if (j == b->n || strcmp(b->line[j], a->line[i]))
      return false;
    j++;
  }
  return !exact || a->n == b->n;
}

/* got: the driven answer; want: the plain one (same LIMIT); whole: the
 * plain one without OFFSET and LIMIT.  NULL when they agree, else why. */
static const char *compare(const SilaBuf *got, const SilaBuf *want, const SilaBuf *whole,
                           int nkeys) {
  Lines g = split(got), w = split(want), a = split(whole);
  const char *why = NULL;
  char kg[1024], kw[1024];
  if (g.n != w.n)
    why = "not the same number of rows";
  for (size_t i = 0; i < g.n && !why; i++) {
    key_of(g.line[i], nkeys, kg, sizeof kg);
    key_of(w.line[i], nkeys, kw, sizeof kw);
    if (strcmp(kg, kw)) {
      why = "not the same keys in the same order";
      break;
    }
    if (i && !strcmp(kg, (key_of(g.line[i - 1], nkeys, kw, sizeof kw), kw)))
      continue; /* this key's run is checked at its first row */
    Lines rg = with_key(&g, nkeys, kg), rw = with_key(&w, nkeys, kg), ra = with_key(&a, nkeys, kg);
    if (!sub_multiset(&rg, &ra, false))
      why = "rows that the whole answer does not have for their key";
    else if (rw.n == ra.n && !sub_multiset(&rg, &rw, true))
      why = "not the same rows for a key whose rows are all in the window";
    free(rg.line);
    free(rw.line);
    free(ra.line);
  }
  lines_free(&g);
  lines_free(&w);
  lines_free(&a);
  return why;
}

static long run(const char *q, const SilaExecOptions *opt, SilaBuf *out) {
  return qt_run(store, q, opt, out, QT_DATATYPES);
}

int main(void) {
  char dir[128];
  snprintf(dir, sizeof dir, "/tmp/sila-test-topk-%d", (int)getpid());
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  load(dir);

  static const char *const preds[] = {"pi", "pi", "pd", "pd", "pm", "pb"};
  int differ = 0, driven = 0, fell_back = 0, nonempty = 0;
  for (int i = 0; i < 400 && differ < 5; i++) {
    const char *pred = preds[rnd(6)];
    bool desc = rnd(2), distinct = rnd(4) == 0, optional = rnd(3) == 0;
    int second = (int)rnd(4); /* none, ?l, DESC(?vd), ?x */
    char key[160], filter[96] = "", bind[96] = "", dataset[96] = "", pattern[720], q[1400],
                   whole[1400], slice[64];
    snprintf(key, sizeof key, "%s%s%s %s", desc ? "DESC(" : "", "?v", desc ? ")" : "",
             second == 1 ? "?l" : second == 2 ? "DESC(?vd)" : second == 3 ? "?x" : "");
    switch (rnd(6)) {
    case 0: snprintf(filter, sizeof filter, "FILTER(?v > %d)", (int)rnd(500) - 100); break;
    case 1: snprintf(filter, sizeof filter, "FILTER(?v < %d)", (int)rnd(100) - 50); break;
    case 2: snprintf(filter, sizeof filter, "FILTER(?v > 550)"); break; /* rows only at the end */
    default: break;
    }
    if (rnd(5) == 0)
      snprintf(bind, sizeof bind, "BIND(STR(?v) AS ?sv)");
    switch (rnd(6)) {
    case 0: snprintf(dataset, sizeof dataset, "FROM <" EX "g1> FROM <" EX "g2>"); break;
    case 1: snprintf(dataset, sizeof dataset, "FROM <" EX "g2>"); break;
    default: break;
    }
    const char *vendor = optional ? "OPTIONAL { ?o <" EX "vendor> ?vd }" : "?o <" EX "vendor> ?vd .";
    snprintf(pattern, sizeof pattern,
             "?x <" EX "type> <" EX "T%d> . %s ?o <" EX "of> ?x ; <" EX "%s> ?v . %s %s %s",
             (int)rnd(4), rnd(2) ? "?x <" EX "label> ?l ." : "OPTIONAL { ?x <" EX "label> ?l }",
             pred, vendor, bind, filter);
    if (rnd(8) == 0) { /* in each named graph: not driven */
      char inner[760];
      snprintf(inner, sizeof inner, "GRAPH ?g { %s }", pattern);
      memcpy(pattern, inner, strlen(inner) + 1 < sizeof pattern ? strlen(inner) + 1 : 0);
    }
    uint64_t limit = 1 + rnd(rnd(3) ? 12 : 60), offset = rnd(3) ? 0 : rnd(20);
    if (offset)
      snprintf(slice, sizeof slice, "LIMIT %llu OFFSET %llu", (unsigned long long)limit,
               (unsigned long long)offset);
    else
      snprintf(slice, sizeof slice, "LIMIT %llu", (unsigned long long)limit);
    int nkeys = second ? 2 : 1;
    const char *cols = second == 1   ? "?v ?l ?x ?vd"
                       : second == 2 ? "?v ?vd ?x ?l"
                       : second == 3 ? "?v ?x ?l ?vd"
                                     : "?v ?x ?l ?vd";
    snprintf(q, sizeof q, "SELECT %s%s %s WHERE { %s } ORDER BY %s %s", distinct ? "DISTINCT " : "",
             cols, dataset, pattern, key, slice);
    snprintf(whole, sizeof whole, "SELECT %s%s %s WHERE { %s } ORDER BY %s",
             distinct ? "DISTINCT " : "", cols, dataset, pattern, key);
    SilaExecOptions on = {.union_default_graph = rnd(4) != 0, .ordered_scan_always = true};
    SilaExecOptions off = on;
    off.no_ordered_scan = true;
    off.ordered_scan_always = false;
    SilaBuf got = SILA_BUF_INIT, want = SILA_BUF_INIT, all = SILA_BUF_INIT, plan = SILA_BUF_INIT;
    long ng = run(q, &on, &got), nw = run(q, &off, &want);
    run(whole, &off, &all);
    qt_run(store, q, &on, &plan, QT_EXPLAIN | QT_ANALYZE);
    bool is_driven = plan.data && strstr(plan.data, "(driven by ?v") != NULL;
    driven += is_driven;
    fell_back += plan.data && strstr(plan.data, "the rest read the plain way") != NULL;
    nonempty += ng > 0;
    const char *why = ng < 0 || nw < 0 ? "an error" : NULL;
    if (!why && is_driven)
      why = compare(&got, &want, &all, nkeys);
    else if (!why && (got.len != want.len || (got.len && memcmp(got.data, want.data, got.len))))
      why = "not driven, yet not the same bytes";
    if (!why && ((strcmp(pred, "pm") == 0 || strcmp(pred, "pb") == 0 || strstr(q, "GRAPH")) &&
                 is_driven))
      why = "driven where the IDs are not the values' order";
    if (why) {
      differ++;
      fprintf(stderr, "differs (%s): %s\n  union %d, driven %ld rows, plain %ld rows\n%s\n"
                      "---- driven\n%s---- plain\n%s",
              why, q, on.union_default_graph, ng, nw, plan.data ? plan.data : "",
              got.data ? got.data : "", want.data ? want.data : "");
    }
    sila_buf_free(&got);
    sila_buf_free(&want);
    sila_buf_free(&all);
    sila_buf_free(&plan);
  }
  CHECK_INT(0, differ);
  printf("driven ORDER BY: %d of 400 queries driven, %d fell back, %d non-empty\n", driven,
         fell_back, nonempty);
  CHECK(driven > 150);
  CHECK(fell_back > 3);
  CHECK(nonempty > 200);

  /* The estimates choose: few rows sort, many rows with few wanted drive. */
  SilaExecOptions plain = {.union_default_graph = true};
  SilaBuf plan = SILA_BUF_INIT;
  qt_run(store,
         "SELECT * { ?o <" EX "pi> ?v ; <" EX "of> ?x } ORDER BY ?v LIMIT 3", &plain, &plan,
         QT_EXPLAIN);
  CHECK(plan.data && strstr(plan.data, "(driven by ?v"));
  sila_buf_free(&plan);
  qt_run(store,
         "SELECT * { <" EX "o7> <" EX "pi> ?v ; <" EX "of> ?x } ORDER BY ?v LIMIT 3", &plain,
         &plan, QT_EXPLAIN);
  CHECK(plan.data && !strstr(plan.data, "(driven by") && strstr(plan.data, "(top 3 rows kept)"));
  sila_buf_free(&plan);
  /* Not without a LIMIT, nor when ?v's values are of several kinds. */
  qt_run(store, "SELECT * { ?o <" EX "pi> ?v ; <" EX "of> ?x } ORDER BY ?v", &plain, &plan,
         QT_EXPLAIN);
  CHECK(plan.data && !strstr(plan.data, "(driven by"));
  sila_buf_free(&plan);
  qt_run(store, "SELECT * { ?o <" EX "pm> ?v ; <" EX "of> ?x } ORDER BY ?v LIMIT 3", &plain,
         &plan, QT_EXPLAIN);
  CHECK(plan.data && !strstr(plan.data, "(driven by"));
  sila_buf_free(&plan);
  sila_store_close(store);
  if (!getenv("SILA_TEST_KEEP")) /* kept to look at a failure */
    CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
