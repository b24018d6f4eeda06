/* test_range_exec.c — object range scans from numeric FILTER bounds
 * (sparql/exec_range.c) against the FILTER alone (no_range_scan), on random
 * data and random bounds: the same rows every time.
 *
 * One predicate holds, for 3000 subjects, a random object of a random
 * kind — inline integers and decimals (negative, zero, with trailing
 * zeros), numbers kept in the dictionary (doubles, floats, xsd:int,
 * non-canonical and long integers and decimals), strings, dates, booleans,
 * IRIs — in the default graph and in two named graphs.  The bounds are
 * constants of each numeric type or computed from a variable bound first;
 * one and two sides, strict or not, either order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query_test_lib.h"
#include "test_harness.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(uint64_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng % n;
}

/* A random object: its lexical form and datatype (NULL: a plain string,
 * "" an IRI). */
static void random_object(char *lex, size_t cap, const char **dt) {
  int v = (int)rnd(2001) - 1000;
  switch (rnd(14)) {
  case 0: case 1: case 2:
    snprintf(lex, cap, "%d", v);
    *dt = XSD "integer";
    break;
  case 3: case 4:
    snprintf(lex, cap, "%s%d.%0*d", v < 0 ? "-" : "", abs(v) / 10, 1 + (int)rnd(2),
             (int)rnd(10));
    *dt = XSD "decimal";
    break;
  case 5:
    snprintf(lex, cap, "%d.%d50", v, (int)rnd(10)); /* trailing zero */
    *dt = XSD "decimal";
    break;
  case 6:
    snprintf(lex, cap, "%.3gE0", v / 7.0);
    *dt = XSD "double";
    break;
  case 7:
    snprintf(lex, cap, "%d.5", v);
    *dt = XSD "float";
    break;
  case 8:
    snprintf(lex, cap, "%d", v);
    *dt = rnd(2) ? XSD "int" : XSD "long";
    break;
  case 9:
    snprintf(lex, cap, rnd(2) ? "+%d" : "00%d", abs(v)); /* non-canonical */
    *dt = XSD "integer";
    break;
  case 10:
    snprintf(lex, cap, "%d.0000000000000000001", v); /* too long to inline */
    *dt = XSD "decimal";
    break;
  case 11:
    snprintf(lex, cap, "%d", v);
    *dt = NULL; /* a string that looks like a number */
    break;
  case 12:
    snprintf(lex, cap, "20%02d-0%d-1%d", (int)rnd(30), 1 + (int)rnd(9), (int)rnd(10));
    *dt = XSD "date";
    break;
  default:
    if (rnd(2)) {
      snprintf(lex, cap, "%s", rnd(2) ? "true" : "false");
      *dt = XSD "boolean";
    } else {
      snprintf(lex, cap, "http://ex.org/o%d", v);
      *dt = "";
    }
    break;
  }
}

static SilaStore *store;

static void load(const char *dir) {
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &w));
  SilaBulk *b;
  CHECK_INT(SILA_OK, sila_bulk_new(w, &b));
  SilaTerm p = sila_term_iri("http://ex.org/v");
  SilaTerm g1 = sila_term_iri("http://ex.org/g1"), g2 = sila_term_iri("http://ex.org/g2");
  for (int i = 0; i < 3000; i++) {
    char s[64], lex[96];
    const char *dt;
    snprintf(s, sizeof s, "http://ex.org/s%d", i);
    random_object(lex, sizeof lex, &dt);
    SilaTerm st = sila_term_iri(s);
    SilaTerm ot = dt && !*dt ? sila_term_iri(lex) : sila_term_literal(lex, dt, NULL);
    const SilaTerm *g = i % 5 == 0 ? &g1 : i % 7 == 0 ? &g2 : NULL;
    CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &p, &ot, g));
    if (i % 11 == 0) /* the same triple in a second graph */
      CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &p, &ot, &g2));
  }
  /* Values to compute bounds from. */
  SilaTerm ref = sila_term_iri("http://ex.org/ref");
  const char *refs[][3] = {{"http://ex.org/int", "37", XSD "integer"},
                           {"http://ex.org/dec", "-12.25", XSD "decimal"},
                           {"http://ex.org/dbl", "3.5E1", XSD "double"},
                           {"http://ex.org/str", "12", NULL}};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
    SilaTerm rp = sila_term_iri(refs[i][0]), ro = sila_term_literal(refs[i][1], refs[i][2], NULL);
    CHECK_INT(SILA_OK, sila_bulk_add(b, &ref, &rp, &ro, NULL));
  }
  CHECK_INT(SILA_OK, sila_bulk_finish(b, NULL));
  CHECK_INT(SILA_OK, sila_txn_commit(w));
}

/* The rows, or with explain EXPLAIN's text, in out. */
static long run(const char *text, const SilaExecOptions *opt, SilaBuf *out, bool explain) {
  return qt_run(store, text, opt, out, explain ? QT_EXPLAIN : 0);
}

/* A random bound: a constant of some numeric type, or an expression of a
 * variable the query binds first (?r). */
static void random_bound(char *out, size_t cap, const char **ref) {
  int v = (int)rnd(2201) - 1100;
  *ref = NULL;
  switch (rnd(7)) {
  case 0: snprintf(out, cap, "%d", v); break;
  case 1: snprintf(out, cap, "%d.%d", v, (int)rnd(100)); break;
  case 2: snprintf(out, cap, "%de0", v); break;
  case 3: snprintf(out, cap, "\"%d.5\"^^<" XSD "float>", v); break;
  case 4: *ref = "int"; snprintf(out, cap, "?r %s %d", rnd(2) ? "+" : "-", v % 200); break;
  case 5: *ref = "dec"; snprintf(out, cap, "?r * %d", v % 20); break;
  default: *ref = rnd(4) ? "dbl" : "str"; snprintf(out, cap, "?r"); break;
  }
}

int main(void) {
  char dir[128];
  snprintf(dir, sizeof dir, "/tmp/sila-test-range-%d", (int)getpid());
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  load(dir);

  static const char *const ops[] = {"<", "<=", ">", ">="};
  SilaExecOptions on = {.union_default_graph = true}, off = on;
  off.no_range_scan = true;
  int differ = 0, nonempty = 0, ranged = 0;
  for (int i = 0; i < 400 && differ < 5; i++) {
    char b1[96], b2[96], q[700];
    const char *r1, *r2;
    random_bound(b1, sizeof b1, &r1);
    random_bound(b2, sizeof b2, &r2);
    if (r1 && r2 && strcmp(r1, r2))
      r2 = NULL, snprintf(b2, sizeof b2, "%d", (int)rnd(2001) - 1000);
    const char *ref = r1 ? r1 : r2;
    char refpat[96] = "";
    if (ref)
      snprintf(refpat, sizeof refpat, "<http://ex.org/ref> <http://ex.org/%s> ?r .", ref);
    const char *op1 = ops[rnd(4)], *op2 = ops[rnd(4)];
    bool swap = rnd(2); /* `E op ?w` as well as `?w op E` */
    char c1[200], c2[200];
    if (swap)
      snprintf(c1, sizeof c1, "%s %s ?w", b1, op1);
    else
      snprintf(c1, sizeof c1, "?w %s %s", op1, b1);
    snprintf(c2, sizeof c2, "?w %s %s", op2, b2);
    const char *graph = rnd(3) == 0 ? "FROM <http://ex.org/g1> FROM <http://ex.org/g2>" : "";
    if (rnd(2))
      snprintf(q, sizeof q, "SELECT ?s ?w %s { %s ?s <http://ex.org/v> ?w FILTER(%s && %s) } ORDER BY ?s ?w",
               graph, refpat, c1, c2);
    else
      snprintf(q, sizeof q, "SELECT ?s ?w %s { %s ?s <http://ex.org/v> ?w FILTER(%s) } ORDER BY ?s ?w",
               graph, refpat, c1);
    SilaBuf a = SILA_BUF_INIT, c = SILA_BUF_INIT, plan = SILA_BUF_INIT;
    long na = run(q, &on, &a, false), nc = run(q, &off, &c, false);
    run(q, &on, &plan, true);
    ranged += plan.data && strstr(plan.data, "object range scan") != NULL;
    if (na != nc || a.len != c.len || (a.len && memcmp(a.data, c.data, a.len))) {
      differ++;
      fprintf(stderr, "differs: %s\n  ranges %ld rows, FILTER alone %ld rows\n", q, na, nc);
    }
    nonempty += na > 0;
    sila_buf_free(&a);
    sila_buf_free(&c);
    sila_buf_free(&plan);
  }
  CHECK_INT(0, differ);
  CHECK(nonempty > 200); /* the bounds select something most of the time */
  CHECK(ranged > 300);   /* and the ranges were taken */
  printf("range scans: %d non-empty answers, %d plans with ranges\n", nonempty, ranged);
  sila_store_close(store);
  CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
