/* test_store.c — the quad store: term round trips, patterns, transactions,
 * bulk loading, statistics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_store.h"
#include "test_harness.h"

static char dir[256];

static SilaStore *fresh_store(void) {
  snprintf(dir, sizeof dir, "/tmp/sila-test-store-%d", (int)getpid());
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  SilaStore *s = NULL;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &s));
  return s;
}

static void nt(SilaTxn *txn, SilaId id, char *out, size_t size) {
  char buf[SILA_TERM_BUF];
  SilaTerm t;
  SilaBuf b = SILA_BUF_INIT;
  if (sila_txn_term(txn, id, &t, buf) != SILA_OK) {
    snprintf(out, size, "(error)");
    return;
  }
  sila_buf_put_term_nt(&b, &t);
  snprintf(out, size, "%s", b.data);
  sila_buf_free(&b);
}

/* Every kind of term must come back exactly as it went in. */
static void test_term_roundtrip(SilaStore *s) {
  static char long_lit[2000];
  memset(long_lit, 'x', sizeof long_lit - 1);
  memcpy(long_lit, "àèìòù\"\\\n", 13);
  SilaTerm terms[] = {
      sila_term_iri("http://example.org/a"),
      sila_term_literal("plain", NULL, NULL),
      sila_term_literal("short", NULL, NULL),
      sila_term_literal("", NULL, NULL),
      sila_term_literal("a longer simple literal", NULL, NULL),
      sila_term_literal("Ciao", NULL, "it-IT"),
      sila_term_literal("Hello", NULL, "EN"),
      sila_term_literal("42", SILA_NS_XSD "integer", NULL),
      sila_term_literal("-7", SILA_NS_XSD "integer", NULL),
      sila_term_literal("01", SILA_NS_XSD "integer", NULL),
      sila_term_literal("+5", SILA_NS_XSD "integer", NULL),
      sila_term_literal("-0", SILA_NS_XSD "integer", NULL),
      sila_term_literal("123456789012345678901234567890", SILA_NS_XSD "integer", NULL),
      sila_term_literal("true", SILA_NS_XSD "boolean", NULL),
      sila_term_literal("1", SILA_NS_XSD "boolean", NULL),
      sila_term_literal("1.50", SILA_NS_XSD "decimal", NULL),
      sila_term_literal("2024-01-31", SILA_NS_XSD "date", NULL),
      sila_term_literal("x", "http://example.org/custom#type", NULL),
      sila_term_literal(long_lit, NULL, NULL),
      sila_term_literal("ünïcödé ✓ 𝄞", NULL, NULL),
  };
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  SilaId ids[sizeof terms / sizeof terms[0]];
  for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
    CHECK_INT(SILA_OK, sila_txn_intern(w, &terms[i], &ids[i]));
  CHECK_INT(SILA_OK, sila_txn_commit(w));

  SilaTxn *r;
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
    SilaTerm t;
    char buf[SILA_TERM_BUF];
    CHECK_INT(SILA_OK, sila_txn_term(r, ids[i], &t, buf));
    CHECK(sila_term_equal(&t, &terms[i]));
    SilaId again;
    CHECK_INT(SILA_OK, sila_txn_lookup(r, &terms[i], &again));
    CHECK(again == ids[i]);
    for (size_t j = 0; j < i; j++)
      CHECK(ids[i] != ids[j]);
  }
  /* Inline values keep numeric order in their IDs. */
  CHECK(sila_id_tag(ids[7]) == SILA_TAG_INTEGER);
  CHECK(ids[8] < ids[7]);
  CHECK(sila_id_integer_value(ids[8]) == -7);
  CHECK(sila_id_tag(ids[9]) == SILA_TAG_LITERAL); /* "01" is not canonical */
  /* Language tags that differ in case name one term; the stored case stays. */
  SilaTerm upper = sila_term_literal("Ciao", NULL, "IT-it");
  SilaId same;
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &upper, &same));
  CHECK(same == ids[5]);
  SilaTerm back;
  char bbuf[SILA_TERM_BUF];
  CHECK_INT(SILA_OK, sila_txn_term(r, same, &back, bbuf));
  CHECK(back.lang_len == 5 && memcmp(back.lang, "it-IT", 5) == 0);
  SilaTerm absent = sila_term_iri("http://example.org/absent");
  SilaId id;
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_txn_lookup(r, &absent, &id));
  sila_txn_abort(r);
}

static SilaId iri(SilaTxn *w, const char *s) {
  SilaTerm t = sila_term_iri(s);
  SilaId id = 0;
  CHECK_INT(SILA_OK, sila_txn_intern(w, &t, &id));
  return id;
}

static uint64_t count_scan(SilaTxn *t, SilaId s, SilaId p, SilaId o, SilaId g, unsigned flags) {
  SilaIdQuad pat = {s, p, o, g}, q;
  SilaScan *sc;
  if (sila_scan_open(t, &pat, flags, &sc) != SILA_OK)
    return (uint64_t)-1;
  uint64_t n = 0;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    if ((s && q.s != s) || (p && q.p != p) || (o && q.o != o) || (g && q.g != g)) {
      fprintf(stderr, "scan returned a non-matching quad\n");
      n = (uint64_t)-2;
      break;
    }
    n++;
  }
  sila_scan_free(sc);
  return r < 0 ? (uint64_t)-1 : n;
}

/* Every one of the 16 bound/unbound combinations, against brute force. */
static void test_patterns(SilaStore *s) {
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  SilaId S[5], P[3], O[4], G[3];
  char name[64];
  for (int i = 0; i < 5; i++) {
    snprintf(name, sizeof name, "http://ex.org/s%d", i);
    S[i] = iri(w, name);
  }
  for (int i = 0; i < 3; i++) {
    snprintf(name, sizeof name, "http://ex.org/p%d", i);
    P[i] = iri(w, name);
  }
  for (int i = 0; i < 4; i++) {
    snprintf(name, sizeof name, "http://ex.org/o%d", i);
    O[i] = iri(w, name);
  }
  G[0] = SILA_ID_DEFAULT_GRAPH;
  G[1] = iri(w, "http://ex.org/g1");
  G[2] = iri(w, "http://ex.org/g2");
  SilaIdQuad all[5 * 3 * 4 * 3];
  int n = 0;
  for (int a = 0; a < 5; a++)
    for (int b = 0; b < 3; b++)
      for (int c = 0; c < 4; c++)
        for (int d = 0; d < 3; d++)
          if ((a * 7 + b * 5 + c * 3 + d) % 3 != 0) {
            all[n] = (SilaIdQuad){S[a], P[b], O[c], G[d]};
            CHECK_INT(SILA_OK, sila_txn_add(w, &all[n]));
            n++;
          }
  CHECK_INT(SILA_ERR_EXISTS, sila_txn_add(w, &all[0]));
  CHECK_INT(SILA_OK, sila_txn_commit(w));

  SilaTxn *r;
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  int bad = 0;
  for (unsigned mask = 0; mask < 16; mask++) {
    for (int k = 0; k < n; k += 7) {
      SilaIdQuad pat = {mask & 1 ? all[k].s : 0, mask & 2 ? all[k].p : 0, mask & 4 ? all[k].o : 0,
                      mask & 8 ? all[k].g : 0};
      uint64_t expect = 0;
      for (int i = 0; i < n; i++)
        if ((!pat.s || all[i].s == pat.s) && (!pat.p || all[i].p == pat.p) &&
            (!pat.o || all[i].o == pat.o) && (!pat.g || all[i].g == pat.g))
          expect++;
      uint64_t got = count_scan(r, pat.s, pat.p, pat.o, pat.g, 0);
      if (got != expect || sila_txn_count(r, &pat, 1000) != expect) {
        bad++;
        fprintf(stderr, "mask %x: expected %llu got %llu\n", mask, (unsigned long long)expect,
                (unsigned long long)got);
      }
    }
  }
  CHECK_INT(0, bad);
  /* One scan re-targeted to every pattern in turn (as a nested loop does)
   * finds what fresh scans find. */
  SilaScan *re = NULL;
  SilaIdQuad none = {S[0], P[0], O[0], G[1]};
  CHECK_INT(SILA_OK, sila_scan_open(r, &none, 0, &re));
  int rebad = 0;
  for (unsigned mask = 0; mask < 16 && re; mask++) {
    for (int k = 0; k < n; k += 5) {
      SilaIdQuad pat = {mask & 1 ? all[k].s : 0, mask & 2 ? all[k].p : 0, mask & 4 ? all[k].o : 0,
                        mask & 8 ? all[k].g : 0}, q;
      uint64_t got = 0;
      if (sila_scan_reset(re, &pat) != SILA_OK)
        rebad++;
      while (sila_scan_next(re, &q) == 1)
        got += (!pat.s || q.s == pat.s) && (!pat.p || q.p == pat.p) && (!pat.o || q.o == pat.o) &&
               (!pat.g || q.g == pat.g);
      rebad += got != count_scan(r, pat.s, pat.p, pat.o, pat.g, 0);
    }
  }
  sila_scan_free(re);
  CHECK_INT(0, rebad);
  /* Union of graphs: each triple once. */
  uint64_t distinct = 0;
  for (int i = 0; i < n; i++) {
    int first = 1;
    for (int j = 0; j < i; j++)
      if (all[j].s == all[i].s && all[j].p == all[i].p && all[j].o == all[i].o)
        first = 0;
    distinct += first;
  }
  CHECK_INT(distinct, count_scan(r, 0, 0, 0, 0, SILA_SCAN_DISTINCT_TRIPLES));
  CHECK_INT(distinct, count_scan(r, 0, P[1], 0, 0, SILA_SCAN_DISTINCT_TRIPLES) +
                          count_scan(r, 0, P[0], 0, 0, SILA_SCAN_DISTINCT_TRIPLES) +
                          count_scan(r, 0, P[2], 0, 0, SILA_SCAN_DISTINCT_TRIPLES));
  SilaPredicateStats ps;
  CHECK_INT(SILA_OK, sila_txn_predicate_stats(r, P[0], &ps));
  CHECK(ps.quads > 0 && ps.distinct_subjects == 5 && ps.distinct_objects == 4);
  SilaStoreStats st;
  CHECK_INT(SILA_OK, sila_txn_stats(r, &st));
  CHECK_INT(n, st.quads);
  CHECK_INT(3, st.graphs);
  sila_txn_abort(r);

  /* Snapshot isolation: a reader keeps its view while a writer clears g1. */
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  uint64_t before = count_scan(r, 0, 0, 0, G[1], 0);
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  uint64_t removed = 0;
  CHECK_INT(SILA_OK, sila_txn_clear_graph(w, G[1], &removed));
  CHECK_INT(before, removed);
  CHECK_INT(SILA_OK, sila_txn_commit(w));
  CHECK_INT(before, count_scan(r, 0, 0, 0, G[1], 0));
  sila_txn_abort(r);
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  CHECK_INT(0, count_scan(r, 0, 0, 0, G[1], 0));
  CHECK(!sila_txn_graph_exists(r, G[1]));
  CHECK(sila_txn_graph_exists(r, G[2]));
  CHECK_INT(n - (int)before, count_scan(r, 0, 0, 0, 0, 0));
  sila_txn_abort(r);

  /* Abort discards; remove works. */
  int k0 = 0;
  while (all[k0].g == G[1])
    k0++;
  all[0] = all[k0];
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  CHECK_INT(SILA_OK, sila_txn_clear_graph(w, G[2], NULL));
  sila_txn_abort(w);
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  CHECK_INT(SILA_OK, sila_txn_remove(w, &all[0]));
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_txn_remove(w, &all[0]));
  CHECK_INT(SILA_OK, sila_txn_commit(w));
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  CHECK(sila_txn_graph_exists(r, G[2]));
  CHECK_INT(0, count_scan(r, all[0].s, all[0].p, all[0].o, all[0].g, 0));
  sila_txn_abort(r);
}

static void test_bulk(SilaStore *s) {
  SilaTxn *w;
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, SILA_TXN_NOSYNC, &w));
  SilaBulk *b;
  CHECK_INT(SILA_OK, sila_bulk_new(w, &b));
  SilaTerm p = sila_term_iri("http://ex.org/bulk/p");
  SilaTerm g = sila_term_iri("http://ex.org/bulk/g");
  SilaTerm bn = sila_term_blank("x");
  char sb[64], ob[64];
  for (int i = 0; i < 3000; i++) {
    snprintf(sb, sizeof sb, "http://ex.org/bulk/s%d", i % 1000);
    snprintf(ob, sizeof ob, "%d", i);
    SilaTerm st = sila_term_iri(sb);
    SilaTerm ot = sila_term_literal(ob, SILA_NS_XSD "integer", NULL);
    CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &p, &ot, i % 2 ? &g : NULL));
    CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &p, &ot, i % 2 ? &g : NULL)); /* duplicate */
  }
  CHECK_INT(SILA_OK, sila_bulk_add(b, &bn, &p, &bn, NULL));
  sila_bulk_new_document(b);
  CHECK_INT(SILA_OK, sila_bulk_add(b, &bn, &p, &bn, NULL)); /* another _:x */
  uint64_t added = 0;
  CHECK_INT(SILA_OK, sila_bulk_finish(b, &added));
  CHECK_INT(3002, added);
  CHECK_INT(SILA_OK, sila_txn_commit(w));
  CHECK_INT(SILA_OK, sila_store_sync(s));

  SilaTxn *r;
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  SilaId pid, gid;
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &p, &pid));
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &g, &gid));
  CHECK_INT(3002, count_scan(r, 0, pid, 0, 0, 0));
  CHECK_INT(1500, count_scan(r, 0, pid, 0, gid, 0));
  SilaTerm s5 = sila_term_iri("http://ex.org/bulk/s5");
  SilaId sid;
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &s5, &sid));
  CHECK_INT(3, count_scan(r, sid, 0, 0, 0, 0));
  /* Blank nodes: the same label in one document is one node; a new document is another. */
  SilaIdQuad pat = {0, pid, 0, SILA_ID_DEFAULT_GRAPH}, q;
  SilaScan *sc;
  int blanks = 0;
  CHECK_INT(SILA_OK, sila_scan_open(r, &pat, 0, &sc));
  SilaId first_blank = 0;
  while (sila_scan_next(sc, &q) == 1)
    if (sila_id_tag(q.s) == SILA_TAG_BLANK) {
      CHECK(q.s == q.o);
      CHECK(q.s != first_blank);
      first_blank = q.s;
      blanks++;
    }
  sila_scan_free(sc);
  CHECK_INT(2, blanks);
  char text[128];
  nt(r, first_blank, text, sizeof text);
  CHECK(strncmp(text, "_:b", 3) == 0);
  SilaTerm named = sila_term_blank(text + 2);
  SilaId again;
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &named, &again));
  CHECK(again == first_blank);
  sila_txn_abort(r);

  /* A second bulk load into non-empty indexes: only new quads count. */
  CHECK_INT(SILA_OK, sila_txn_begin_write(s, 0, &w));
  CHECK_INT(SILA_OK, sila_bulk_new(w, &b));
  for (int i = 2990; i < 3010; i++) {
    snprintf(sb, sizeof sb, "http://ex.org/bulk/s%d", i % 1000);
    snprintf(ob, sizeof ob, "%d", i);
    SilaTerm st = sila_term_iri(sb);
    SilaTerm ot = sila_term_literal(ob, SILA_NS_XSD "integer", NULL);
    CHECK_INT(SILA_OK, sila_bulk_add(b, &st, &p, &ot, i % 2 ? &g : NULL));
  }
  CHECK_INT(SILA_OK, sila_bulk_finish(b, &added));
  CHECK_INT(10, added);
  CHECK_INT(SILA_OK, sila_txn_commit(w));
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  CHECK_INT(3012, count_scan(r, 0, pid, 0, 0, 0));
  CHECK_INT(3012, count_scan(r, 0, 0, 0, 0, 0) - count_scan(r, 0, 0, 0, 0, 0) + 3012);
  sila_txn_abort(r);
}

/* N-Triples forms: IRIREF escapes and the canonical literal escapes. */
/* Inline decimals, dates and dateTimes: exact lexical round trip without
 * the dictionary, non-canonical forms in the dictionary, and ID order =
 * value order within a tag. */
static void test_inline_values(void) {
  static const struct {
    const char *lex, *dt;
    int tag; /* expected tag */
  } cases[] = {
      {"-1234567890123.5", "decimal", SILA_TAG_DECIMAL},
      {"-1.50", "decimal", SILA_TAG_DECIMAL},
      {"-1.5", "decimal", SILA_TAG_DECIMAL},
      {"-0.000000001", "decimal", SILA_TAG_DECIMAL},
      {"0.0", "decimal", SILA_TAG_DECIMAL},
      {"0.00", "decimal", SILA_TAG_DECIMAL},
      {"0.0000000001", "decimal", SILA_TAG_DECIMAL},
      {"0.05", "decimal", SILA_TAG_DECIMAL},
      {"1.0", "decimal", SILA_TAG_DECIMAL},
      {"1.5", "decimal", SILA_TAG_DECIMAL},
      {"1.50", "decimal", SILA_TAG_DECIMAL}, /* amounts keep their zero */
      {"1.500000000000000", "decimal", SILA_TAG_DECIMAL},
      {"12.0", "decimal", SILA_TAG_DECIMAL},
      {"38.9012345", "decimal", SILA_TAG_DECIMAL},
      {"1200.25", "decimal", SILA_TAG_DECIMAL},
      {"1464671.10", "decimal", SILA_TAG_DECIMAL},
      {"1000000000000000000000.0", "decimal", SILA_TAG_DECIMAL},
      {"1000000000000000000000.00", "decimal", SILA_TAG_DECIMAL},
      {"1.50000000000000000", "decimal", SILA_TAG_LITERAL}, /* 16 zeros */
      {"95060000000000000000.00000000000", "decimal", SILA_TAG_LITERAL}, /* 32 bytes (fuzz) */
      {"01.5", "decimal", SILA_TAG_LITERAL},              /* leading zero */
      {"-0.0", "decimal", SILA_TAG_LITERAL},              /* negative zero */
      {"12", "decimal", SILA_TAG_LITERAL},                /* no point */
      {".5", "decimal", SILA_TAG_LITERAL},                /* no integer part */
      {"1.2345678901234567", "decimal", SILA_TAG_LITERAL}, /* 17 digits */
      {"-0.00", "decimal", SILA_TAG_LITERAL},
      {"0.00000000001", "decimal", SILA_TAG_LITERAL},     /* exponent -11 */
      {"1e5", "decimal", SILA_TAG_LITERAL},               /* ill-typed */
      {"2019-12-31", "date", SILA_TAG_DATE},
      {"2024-02-29Z", "date", SILA_TAG_DATE},
      {"2024-02-29+01:00", "date", SILA_TAG_LITERAL},
      {"24-02-29", "date", SILA_TAG_LITERAL},
      {"2024-13-01", "date", SILA_TAG_LITERAL},
      {"2024-05-01T00:00:00", "dateTime", SILA_TAG_DATETIME},
      {"2024-05-01T08:30:15.125", "dateTime", SILA_TAG_DATETIME},
      {"2024-05-01T08:30:15.5Z", "dateTime", SILA_TAG_DATETIME},
      {"2024-05-01T08:30:15.050", "dateTime", SILA_TAG_LITERAL}, /* trailing zero */
      {"2024-05-01T08:30:15.1234", "dateTime", SILA_TAG_LITERAL},
      {"2024-05-01T24:00:00", "dateTime", SILA_TAG_LITERAL},
      {"2024-05-01T08:30:15+02:00", "dateTime", SILA_TAG_LITERAL},
  };
  SilaId prev = 0;
  int prev_tag = -1;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char dt[64];
    snprintf(dt, sizeof dt, "http://www.w3.org/2001/XMLSchema#%s", cases[i].dt);
    SilaTerm t = sila_term_literal(cases[i].lex, dt, NULL);
    SilaId id = 0;
    bool in = sila_id_inline(&t, &id);
    CHECK_INT(cases[i].tag != SILA_TAG_LITERAL, in);
    if (!in) {
      prev_tag = -1;
      continue;
    }
    CHECK_INT(cases[i].tag, (int)sila_id_tag(id));
    SilaTerm back;
    char buf[SILA_TERM_BUF];
    CHECK(sila_id_decode_inline(id, &back, buf));
    CHECK(sila_term_equal(&back, &t));
    if (!sila_term_equal(&back, &t))
      fprintf(stderr, "  %s decoded as %.*s\n", cases[i].lex, (int)back.value_len, back.value);
    if (prev_tag == cases[i].tag && !(prev < id)) {
      CHECK(prev < id); /* the list is in value order within a tag */
      fprintf(stderr, "  %s sorts before the case above it\n", cases[i].lex);
    }
    prev = id;
    prev_tag = cases[i].tag;
  }
}

static void test_nt_form(void) {
  SilaBuf b = SILA_BUF_INIT;
  SilaTerm iri = sila_term_iri("http://ex.org/a b<c>");
  CHECK_INT(0, sila_buf_put_term_nt(&b, &iri));
  CHECK_STR("<http://ex.org/a\\u0020b\\u003Cc\\u003E>", b.data);
  b.len = 0;
  SilaTerm lit = sila_term_literal("say \"hi\"\n\\ ok", NULL, "it");
  CHECK_INT(0, sila_buf_put_term_nt(&b, &lit));
  CHECK_STR("\"say \\\"hi\\\"\\n\\\\ ok\"@it", b.data);
  sila_buf_free(&b);
}

static void test_reopen(void) {
  SilaStore *s = NULL;
  CHECK_INT(SILA_OK, sila_store_open(dir, 0, &s));
  SilaTxn *r;
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &r));
  SilaTerm p = sila_term_iri("http://ex.org/bulk/p");
  SilaId pid;
  CHECK_INT(SILA_OK, sila_txn_lookup(r, &p, &pid));
  SilaIdQuad pat = {0, pid, 0, 0};
  CHECK_INT(3012, sila_txn_count(r, &pat, 0));
  CHECK(sila_txn_generation(r) > 3);
  sila_txn_abort(r);
  sila_store_close(s);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_store_open("/tmp/sila-no-such-store-here", 0, &s));
  sila_store_close(NULL);
  sila_txn_abort(NULL);
  sila_scan_free(NULL);
}

int main(void) {
  SilaStore *s = fresh_store();
  test_term_roundtrip(s);
  test_patterns(s);
  test_bulk(s);
  test_nt_form();
  test_inline_values();
  sila_store_close(s);
  test_reopen();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
