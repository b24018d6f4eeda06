/* test_hash_level.c — the hash level of a BGP (sparql/exec_hash.c): a
 * looked-up pattern with numeric FILTER bounds on its object, answered from
 * a table of its object range, against the same queries with lookups
 * (no_hash_join) — the same rows in the same order (no ORDER BY, so the
 * order is the BGP's own), and EXPLAIN ANALYZE says the table was built.
 *
 * Data: 60 subjects ?a in three groups; 3000 ?b, each linked (:link) to a
 * random ?a (some to two, some to none); each ?b has 0-3 values of :v of a
 * random kind — inline integers and decimals, numbers kept in the
 * dictionary (doubles, floats, xsd:int, non-canonical and long numbers),
 * strings that look like numbers, dates, booleans, IRIs — in the default
 * graph and in two named graphs (some triples in both).  Integer bounds
 * come from the same values, so bounds equal to values are common.  The
 * shapes: issue 21's s10 (a group's links, then the values over a bound),
 * and s07 (a range of :w around one subject's, then the values around its
 * :v, itself excluded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query_test_lib.h"
#include "test_harness.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(uint64_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng % n;
}

/* A random object of :v: lexical form and datatype (NULL: a plain string,
 * "": an IRI). */
static void random_object(char *lex, size_t cap, const char **dt) {
  int v = (int)rnd(41) - 20;
  switch (rnd(16)) {
  case 0: case 1: case 2: case 3: case 4:
    snprintf(lex, cap, "%d", v);
    *dt = XSD "integer";
    break;
  case 5: case 6:
    snprintf(lex, cap, "%s%d.%d", v < 0 ? "-" : "", abs(v), (int)rnd(10));
    *dt = XSD "decimal";
    break;
  case 7:
    snprintf(lex, cap, "%d.0", v); /* equal to an integer bound */
    *dt = XSD "decimal";
    break;
  case 8:
    snprintf(lex, cap, "%dE0", v);
    *dt = XSD "double";
    break;
  case 9:
    snprintf(lex, cap, "%d.5", v);
    *dt = XSD "float";
    break;
  case 10:
    snprintf(lex, cap, "%d", v);
    *dt = rnd(2) ? XSD "int" : XSD "long";
    break;
  case 11:
    snprintf(lex, cap, "0%d", abs(v)); /* non-canonical: in the dictionary */
    *dt = XSD "integer";
    break;
  case 12:
    snprintf(lex, cap, "%d", v);
    *dt = NULL; /* a string that looks like a number */
    break;
  case 13:
    snprintf(lex, cap, "2024-0%d-1%d", 1 + (int)rnd(9), (int)rnd(10));
    *dt = XSD "date";
    break;
  case 14:
    snprintf(lex, cap, "%s", rnd(2) ? "true" : "false");
    *dt = XSD "boolean";
    break;
  default:
    snprintf(lex, cap, "http://ex.org/o%d", v);
    *dt = "";
    break;
  }
}

static SilaStore *store;

static void add(SilaBulk *b, const char *s, const char *p, const SilaTerm *o, const SilaTerm *g) {
  SilaTerm st = sila_term_iri(s), pt = sila_term_iri(p);
  CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &pt, o, g));
}

static void load(const char *dir) {
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &w));
  SilaBulk *b;
  CHECK_INT(SILA_OK, sila_bulk_new(w, &b));
  SilaTerm g1 = sila_term_iri("http://ex.org/g1"), g2 = sila_term_iri("http://ex.org/g2");
  char s[64], a[64], lex[96];
  for (int i = 0; i < 60; i++) {
    snprintf(a, sizeof a, "http://ex.org/a%d", i);
    SilaTerm grp = sila_term_iri(i % 3 == 0 ? "http://ex.org/G0" : i % 3 == 1 ? "http://ex.org/G1"
                                                                             : "http://ex.org/G2");
    add(b, a, "http://ex.org/group", &grp, NULL);
  }
  for (int i = 0; i < 3000; i++) {
    snprintf(s, sizeof s, "http://ex.org/b%d", i);
    int nlinks = rnd(10) == 0 ? 0 : rnd(8) == 0 ? 2 : 1;
    for (int k = 0; k < nlinks; k++) {
      snprintf(a, sizeof a, "http://ex.org/a%d", (int)rnd(60));
      SilaTerm at = sila_term_iri(a);
      add(b, s, "http://ex.org/link", &at, NULL);
    }
    char wl[32];
    snprintf(wl, sizeof wl, "%d", (int)rnd(400));
    SilaTerm wt = sila_term_literal(wl, XSD "integer", NULL);
    if (rnd(12)) /* some have no :w */
      add(b, s, "http://ex.org/w", &wt, NULL);
    int nv = rnd(8) == 0 ? 0 : rnd(5) == 0 ? 2 + (int)rnd(2) : 1;
    for (int k = 0; k < nv; k++) {
      const char *dt;
      random_object(lex, sizeof lex, &dt);
      SilaTerm ot = dt && !*dt ? sila_term_iri(lex) : sila_term_literal(lex, dt, NULL);
      int where = (int)rnd(10);
      const SilaTerm *g = where == 0 ? &g1 : where == 1 ? &g2 : NULL;
      add(b, s, "http://ex.org/v", &ot, g);
      if (where == 2) /* the same triple in a named graph too */
        add(b, s, "http://ex.org/v", &ot, &g2);
    }
  }
  /* Values to compute bounds from. */
  const char *refs[][3] = {{"http://ex.org/int", "3", XSD "integer"},
                           {"http://ex.org/dec", "-2.5", XSD "decimal"},
                           {"http://ex.org/dbl", "4.0E0", XSD "double"}};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
    SilaTerm ro = sila_term_literal(refs[i][1], refs[i][2], NULL);
    add(b, "http://ex.org/ref", refs[i][0], &ro, NULL);
  }
  CHECK_INT(SILA_OK, sila_bulk_finish(b, NULL));
  CHECK_INT(SILA_OK, sila_txn_commit(w));
}

/* The rows (with datatypes), or with explain EXPLAIN ANALYZE's text, in out. */
static long run(const char *text, const SilaExecOptions *opt, SilaBuf *out, bool explain) {
  return qt_run(store, text, opt, out, explain ? QT_EXPLAIN | QT_ANALYZE : QT_DATATYPES);
}

/* A random bound on ?v: a constant of some numeric type, or computed from
 * ?r, bound first by <ref> (ref gets its property). */
static void random_bound(char *out, size_t cap, const char **ref) {
  int v = (int)rnd(41) - 20;
  *ref = NULL;
  switch (rnd(6)) {
  case 0: case 1: snprintf(out, cap, "%d", v); break;
  case 2: snprintf(out, cap, "%d.%d", v, (int)rnd(10)); break;
  case 3: snprintf(out, cap, "%de0", v); break;
  case 4: *ref = "int"; snprintf(out, cap, "?r %s %d", rnd(2) ? "+" : "-", v % 8); break;
  default: *ref = rnd(2) ? "dec" : "dbl"; snprintf(out, cap, "?r"); break;
  }
}

int main(void) {
  char dir[128];
  snprintf(dir, sizeof dir, "/tmp/sila-test-hash-%d", (int)getpid());
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  load(dir);

  static const char *const ops[] = {"<", "<=", ">", ">="};
  SilaExecOptions on = {.union_default_graph = true}, off = on;
  off.no_hash_join = true;
  int differ = 0, nonempty = 0, built = 0, planned = 0;
  for (int i = 0; i < 300 && differ < 5; i++) {
    char b1[96], b2[96], q[900], filter[400];
    const char *r1, *r2;
    random_bound(b1, sizeof b1, &r1);
    random_bound(b2, sizeof b2, &r2);
    if (r1 && r2 && strcmp(r1, r2))
      r2 = NULL, snprintf(b2, sizeof b2, "%d", (int)rnd(41) - 20);
    const char *ref = r1 ? r1 : r2;
    char refpat[96] = "";
    if (ref)
      snprintf(refpat, sizeof refpat, "<http://ex.org/ref> <http://ex.org/%s> ?r .", ref);
    const char *op1 = ops[rnd(4)], *op2 = ops[rnd(4)];
    if (rnd(2))
      snprintf(filter, sizeof filter, "?v %s %s && %s %s ?v", op1, b1, b2, op2);
    else
      snprintf(filter, sizeof filter, "%s %s ?v", b1, op1);
    const char *dataset = "";
    switch (rnd(5)) {
    case 0: dataset = "FROM <http://ex.org/g1> FROM <http://ex.org/g2>"; break;
    case 1: dataset = "FROM <http://ex.org/g2>"; break;
    default: break; /* the union of all graphs */
    }
    if (rnd(2)) /* s10: a group's links, the values over bounds */
      snprintf(q, sizeof q,
               "SELECT ?a ?b ?v %s { %s ?a <http://ex.org/group> <http://ex.org/G%d> . "
               "?b <http://ex.org/link> ?a . ?b <http://ex.org/v> ?v FILTER(%s) }",
               dataset, refpat, (int)rnd(3), filter);
    else /* s07: :w near one subject's, then :v near its :v, itself excluded */
      snprintf(q, sizeof q,
               "SELECT ?o ?w ?v %s { <http://ex.org/b%d> <http://ex.org/w> ?w0 . "
               "?o <http://ex.org/w> ?w . ?o <http://ex.org/v> ?v "
               "FILTER(?o != <http://ex.org/b%d> && ?w > ?w0 - %d && ?w < ?w0 + %d && "
               "?v >= %d && ?v <= %d.5) }",
               dataset, (int)rnd(3000), (int)rnd(3000), 40 + (int)rnd(200),
               40 + (int)rnd(200), -(int)rnd(20), (int)rnd(20));
    SilaBuf a = SILA_BUF_INIT, c = SILA_BUF_INIT, plan = SILA_BUF_INIT;
    long na = run(q, &on, &a, false), nc = run(q, &off, &c, false);
    run(q, &on, &plan, true);
    planned += plan.data && strstr(plan.data, "hash of the object range") != NULL;
    built += plan.data && strstr(plan.data, "[hash: 1 built") != NULL;
    if (na != nc || a.len != c.len || (a.len && memcmp(a.data, c.data, a.len))) {
      differ++;
      fprintf(stderr, "differs: %s\n  hash %ld rows, lookups %ld rows\n%s", q, na, nc,
              plan.data ? plan.data : "");
    }
    nonempty += na > 0;
    sila_buf_free(&a);
    sila_buf_free(&c);
    sila_buf_free(&plan);
  }
  CHECK_INT(0, differ);
  CHECK(nonempty > 150); /* the bounds select something most of the time */
  CHECK(planned > 200);  /* the hash level was planned */
  CHECK(built > 100);    /* and its table built */
  printf("hash level: %d non-empty answers, %d plans with it, %d tables built\n", nonempty,
         planned, built);

  /* Under a LIMIT (no ORDER BY) the BGP streams: no hash level. */
  SilaBuf plan = SILA_BUF_INIT;
  run("SELECT * { ?a <http://ex.org/group> <http://ex.org/G1> . ?b <http://ex.org/link> ?a . "
      "?b <http://ex.org/v> ?v FILTER(?v >= 3) } LIMIT 5",
      &on, &plan, true);
  CHECK(plan.data && !strstr(plan.data, "hash of the object range"));
  sila_buf_free(&plan);
  /* With ORDER BY above the LIMIT it is read whole again. */
  run("SELECT * { ?a <http://ex.org/group> <http://ex.org/G1> . ?b <http://ex.org/link> ?a . "
      "?b <http://ex.org/v> ?v FILTER(?v >= 3) } ORDER BY ?b LIMIT 5",
      &on, &plan, true);
  CHECK(plan.data && strstr(plan.data, "[hash: 1 built"));
  sila_buf_free(&plan);
  sila_store_close(store);
  if (!getenv("SILA_TEST_KEEP")) /* kept to look at a failure */
    CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
