/* test_triple_terms.c — RDF 1.2 triple terms in base/ and store/: views,
 * equality, N-Triples form, deep copies, dictionary IDs, nesting, blank
 * nodes inside, the tt.* index, bulk loading, stores from before RDF 1.2. */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_store.h"
#include "test_harness.h"

#define EX "http://example.org/"

static char dir[256];

static SilaStore *fresh_store(void) {
  snprintf(dir, sizeof dir, "/tmp/sila-test-tt-%d", (int)getpid());
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  SilaStore *s = NULL;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &s));
  return s;
}

/* The N-Triples form of a term, in a static buffer. */
static const char *nt(const SilaTerm *t) {
  static char out[4096];
  SilaBuf b = SILA_BUF_INIT;
  if (sila_buf_put_term_nt(&b, t))
    snprintf(out, sizeof out, "(error)");
  else
    snprintf(out, sizeof out, "%s", b.data);
  sila_buf_free(&b);
  return out;
}

static void test_base(void) {
  SilaTerm a[3] = {sila_term_iri(EX "s"), sila_term_iri(EX "p"), sila_term_literal("x", NULL, "EN")};
  SilaTerm b[3] = {sila_term_iri(EX "s"), sila_term_iri(EX "p"), sila_term_literal("x", NULL, "en")};
  SilaTerm ta = sila_term_triple(a), tb = sila_term_triple(b);
  CHECK(ta.kind == SILA_TERM_TRIPLE && ta.triple == a && ta.value && ta.value_len == 0);
  CHECK(sila_term_equal(&ta, &tb)); /* language tags without regard to case */
  b[2] = sila_term_literal("y", NULL, "en");
  CHECK(!sila_term_equal(&ta, &tb));
  CHECK(!sila_term_equal(&ta, &a[0]));
  CHECK_STR("<<( <" EX "s> <" EX "p> \"x\"@EN )>>", nt(&ta));

  /* nesting, a blank node inside */
  SilaTerm inner[3] = {sila_term_blank("b1"), sila_term_iri(EX "q"), ta};
  SilaTerm nested = sila_term_triple(inner);
  CHECK_STR("<<( _:b1 <" EX "q> <<( <" EX "s> <" EX "p> \"x\"@EN )>> )>>", nt(&nested));
  CHECK(sila_term_storable(&nested));

  /* a result set's triple term: its text */
  SilaTerm text = {SILA_TERM_TRIPLE, "<<( <a> <b> <c> )>>", 19, NULL, 0, NULL, 0, NULL};
  CHECK_STR("<<( <a> <b> <c> )>>", nt(&text));
  CHECK(!sila_term_equal(&text, &ta));
  CHECK(!sila_term_storable(&text));

  /* RDF 1.2's rules for the parts */
  SilaTerm bad[3] = {sila_term_literal("l", NULL, NULL), sila_term_iri(EX "p"), sila_term_iri(EX "o")};
  SilaTerm tbad = sila_term_triple(bad);
  CHECK(!sila_term_storable(&tbad)); /* literal subject */
  bad[0] = ta;
  CHECK(!sila_term_storable(&tbad)); /* triple-term subject */
  bad[0] = sila_term_iri(EX "s");
  bad[1] = sila_term_blank("x");
  CHECK(!sila_term_storable(&tbad)); /* blank predicate */
  bad[1] = sila_term_iri("not an iri");
  CHECK(!sila_term_storable(&tbad));
  bad[1] = sila_term_iri(EX "p");
  CHECK(sila_term_storable(&tbad));

  /* deep copy: outlives the source */
  SilaTerm src[3] = {sila_term_blank("b1"), sila_term_iri(EX "q"), ta};
  char *s_copy = strdup(EX "q");
  src[1] = sila_term_iri(s_copy);
  SilaTerm from = sila_term_triple(src), copy;
  char *storage = NULL;
  CHECK_INT(0, sila_term_copy(&from, &copy, &storage));
  memset(s_copy, 'z', strlen(s_copy));
  free(s_copy);
  CHECK_STR("<<( _:b1 <" EX "q> <<( <" EX "s> <" EX "p> \"x\"@EN )>> )>>", nt(&copy));
  CHECK(copy.triple != src && copy.triple[2].triple != a);
  free(storage);

  /* too deep: refused, not recursed into without bound */
  enum { DEEP = SILA_TRIPLE_DEPTH_MAX + 2 };
  SilaTerm levels[DEEP][3];
  SilaTerm cur = sila_term_iri(EX "o");
  for (int i = 0; i < DEEP; i++) {
    levels[i][0] = sila_term_iri(EX "s");
    levels[i][1] = sila_term_iri(EX "p");
    levels[i][2] = cur;
    cur = sila_term_triple(levels[i]);
  }
  CHECK(!sila_term_storable(&cur));
  SilaBuf buf = SILA_BUF_INIT;
  CHECK_INT(-1, sila_buf_put_term_nt(&buf, &cur));
  sila_buf_free(&buf);
  CHECK_INT(-1, sila_term_copy(&cur, &copy, &storage));
}

static int scan_count(SilaTxn *txn, SilaId s, SilaId p, SilaId o) {
  SilaTripleScan *sc = NULL;
  if (sila_triple_scan_open(txn, s, p, o, &sc) != SILA_OK)
    return -1;
  int n = 0, r;
  SilaId tt, spo[3];
  while ((r = sila_triple_scan_next(sc, &tt, spo)) == 1) {
    SilaId back[3];
    if (sila_txn_triple_parts(txn, tt, back) != SILA_OK || back[0] != spo[0] ||
        back[1] != spo[1] || back[2] != spo[2] || (s && spo[0] != s) || (p && spo[1] != p) ||
        (o && spo[2] != o))
      n = -1000;
    n++;
  }
  sila_triple_scan_free(sc);
  return r < 0 ? -1 : n;
}

static void test_store(SilaStore *st) {
  SilaTxn *txn;
  CHECK_INT(SILA_OK, sila_txn_begin_write(st, 0, &txn));
  SilaTerm a[3] = {sila_term_iri(EX "s"), sila_term_iri(EX "p"), sila_term_literal("x", NULL, "en")};
  SilaTerm ta = sila_term_triple(a);
  SilaId id, again, s_id, p_id;
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_txn_lookup(txn, &ta, &id));
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &ta, &id));
  CHECK_INT(SILA_TAG_TRIPLE, sila_id_tag(id));
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &ta, &again));
  CHECK(id == again);
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &ta, &again));
  CHECK(id == again);
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &a[0], &s_id));
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &a[1], &p_id));

  SilaTerm back;
  char buf[SILA_TERM_BUF];
  CHECK_INT(SILA_OK, sila_txn_term(txn, id, &back, buf));
  CHECK(sila_term_equal(&back, &ta));

  /* the components' IDs, and the index by components */
  SilaId spo[3];
  CHECK_INT(SILA_OK, sila_txn_triple_parts(txn, id, spo));
  CHECK(spo[0] == s_id && spo[1] == p_id);
  CHECK_INT(SILA_OK, sila_txn_triple_lookup(txn, spo[0], spo[1], spo[2], &again));
  CHECK(again == id);

  /* a blank node inside is the store's blank node, the same as outside */
  SilaId blank, name_p, name_o, tb;
  CHECK_INT(SILA_OK, sila_txn_new_blank(txn, &blank));
  SilaTerm name_t = sila_term_iri(EX "name"), alice = sila_term_literal("Alice", NULL, NULL);
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &name_t, &name_p));
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &alice, &name_o));
  SilaIdQuad q = {blank, name_p, name_o, SILA_ID_DEFAULT_GRAPH};
  CHECK_INT(SILA_OK, sila_txn_add(txn, &q));
  CHECK_INT(SILA_OK, sila_txn_triple_intern(txn, blank, name_p, name_o, &tb));
  CHECK_INT(SILA_ERR_INVALID, sila_txn_triple_intern(txn, name_o, name_p, name_o, &again));
  CHECK_INT(SILA_ERR_INVALID, sila_txn_triple_intern(txn, blank, blank, name_o, &again));
  SilaTerm tbt;
  CHECK_INT(SILA_OK, sila_txn_term(txn, tb, &tbt, buf));
  CHECK(tbt.kind == SILA_TERM_TRIPLE && tbt.triple[0].kind == SILA_TERM_BLANK);
  /* its label names the same node again */
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &tbt, &again));
  CHECK(again == tb);
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &tbt.triple[0], &again));
  CHECK(again == blank);

  /* nesting: <<( <s> <p> <<( _:b <name> "Alice" )>> )>> as a quad's object */
  SilaTerm outer[3] = {sila_term_iri(EX "claim"), sila_term_iri(EX "says"), tbt};
  SilaTerm tout = sila_term_triple(outer);
  SilaId nid, claim_id, says_id;
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &tout, &nid));
  CHECK_INT(SILA_OK, sila_txn_triple_parts(txn, nid, spo));
  CHECK(spo[2] == tb);
  claim_id = spo[0];
  says_id = spo[1];
  SilaIdQuad q2 = {claim_id, says_id, nid, SILA_ID_DEFAULT_GRAPH};
  CHECK_INT(SILA_OK, sila_txn_add(txn, &q2));
  SilaTerm nback;
  CHECK_INT(SILA_OK, sila_txn_term(txn, nid, &nback, buf));
  CHECK_STR("<<( <" EX "claim> <" EX "says> <<( _:b1 <" EX "name> \"Alice\" )>> )>>", nt(&nback));
  const char *kept = nt(&nback);
  char expect[512];
  snprintf(expect, sizeof expect, "%s", kept);
  /* decoded terms stay valid across later writes of the transaction */
  for (int i = 0; i < 2000; i++) {
    char iri[64];
    snprintf(iri, sizeof iri, EX "filler/%d", i);
    SilaTerm f = sila_term_iri(iri);
    SilaId fid;
    CHECK_INT(SILA_OK, sila_txn_intern(txn, &f, &fid));
  }
  CHECK_STR(expect, nt(&nback));

  /* non-storable triple terms are refused */
  SilaTerm bad[3] = {sila_term_literal("l", NULL, NULL), sila_term_iri(EX "p"), sila_term_iri(EX "o")};
  SilaTerm tbad = sila_term_triple(bad);
  CHECK_INT(SILA_ERR_INVALID, sila_txn_intern(txn, &tbad, &again));

  /* scans by component */
  /* decoded views die with their transaction: keep a copy */
  SilaTerm tkept;
  char *kept_storage = NULL;
  CHECK_INT(0, sila_term_copy(&tout, &tkept, &kept_storage));
  CHECK_INT(3, scan_count(txn, 0, 0, 0));
  CHECK_INT(1, scan_count(txn, s_id, 0, 0));
  CHECK_INT(1, scan_count(txn, s_id, p_id, 0));
  CHECK_INT(1, scan_count(txn, 0, name_p, 0));
  CHECK_INT(1, scan_count(txn, 0, 0, tb));
  CHECK_INT(1, scan_count(txn, claim_id, 0, tb));
  CHECK_INT(0, scan_count(txn, claim_id, 0, name_o));
  CHECK_INT(1, scan_count(txn, blank, name_p, name_o));
  CHECK_INT(0, scan_count(txn, name_p, 0, 0));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));

  /* a read transaction sees the same */
  CHECK_INT(SILA_OK, sila_txn_begin_read(st, &txn));
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &tkept, &again));
  CHECK(again == nid);
  free(kept_storage);
  CHECK_INT(SILA_OK, sila_txn_term(txn, nid, &nback, buf));
  CHECK_STR(expect, nt(&nback));
  SilaTerm twice;
  CHECK_INT(SILA_OK, sila_txn_term(txn, nid, &twice, buf));
  CHECK(twice.triple == nback.triple); /* decoded once per transaction */
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_txn_term(txn, ((SilaId)SILA_TAG_TRIPLE << 60) | 12345, &twice, buf));
  CHECK_INT(3, scan_count(txn, 0, 0, 0));
  sila_txn_abort(txn);
}

/* A document's blank node labels are one scope: "_:a" inside a triple
 * term and "_:a" as a subject are the same node. */
static void test_bulk(SilaStore *st, bool small_batches, int round) {
  if (small_batches)
    setenv("SILA_BULK_BATCH", "2", 1);
  SilaTxn *txn;
  CHECK_INT(SILA_OK, sila_txn_begin_write(st, 0, &txn));
  SilaBulk *b;
  CHECK_INT(SILA_OK, sila_bulk_new(txn, &b));
  SilaTerm ba = sila_term_blank("a"), p = sila_term_iri(EX "p"), says = sila_term_iri(EX "says");
  SilaTerm lit = sila_term_literal("v", NULL, NULL);
  SilaTerm in[3] = {ba, p, lit};
  SilaTerm tin = sila_term_triple(in);
  SilaTerm in2[3] = {sila_term_iri(EX "x"), p, tin};
  SilaTerm tin2 = sila_term_triple(in2);
  CHECK_INT(SILA_OK, sila_bulk_add(b, &ba, &p, &lit, NULL));
  CHECK_INT(SILA_OK, sila_bulk_add(b, &ba, &says, &tin, NULL));
  SilaTerm g = sila_term_iri(EX "g");
  CHECK_INT(SILA_OK, sila_bulk_add(b, &ba, &says, &tin2, &g));
  CHECK_INT(SILA_ERR_INVALID, sila_bulk_add(b, &tin, &says, &lit, NULL)); /* object only */
  CHECK_INT(SILA_ERR_INVALID, sila_bulk_add(b, &ba, &says, &lit, &tin));
  uint64_t added = 0;
  CHECK_INT(SILA_OK, sila_bulk_finish(b, &added));
  CHECK_INT(3, added);
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  unsetenv("SILA_BULK_BATCH");

  CHECK_INT(SILA_OK, sila_txn_begin_read(st, &txn));
  SilaId says_id, p_id, tt;
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &says, &says_id));
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &p, &p_id));
  SilaIdQuad pat = {0, says_id, 0, SILA_ID_DEFAULT_GRAPH}, q;
  SilaScan *sc;
  CHECK_INT(SILA_OK, sila_scan_open(txn, &pat, 0, &sc));
  int n = 0;
  while (sila_scan_next(sc, &q) == 1) {
    n++;
    tt = q.o;
    SilaId spo[3];
    CHECK_INT(SILA_OK, sila_txn_triple_parts(txn, tt, spo));
    CHECK(spo[0] == q.s); /* the same blank node */
    CHECK(spo[1] == p_id);
    SilaId again;
    CHECK_INT(SILA_OK, sila_txn_triple_lookup(txn, spo[0], spo[1], spo[2], &again));
    CHECK(again == tt); /* the tt.* index was written */
    SilaTerm t;
    char buf[SILA_TERM_BUF];
    CHECK_INT(SILA_OK, sila_txn_term(txn, tt, &t, buf));
    CHECK_INT(SILA_OK, sila_txn_lookup(txn, &t, &again));
    CHECK(again == tt);
  }
  sila_scan_free(sc);
  CHECK_INT(round, n);
  /* the nested one, in graph g */
  SilaId g_id;
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &g, &g_id));
  SilaIdQuad gp = {0, says_id, 0, g_id};
  CHECK_INT(SILA_OK, sila_scan_open(txn, &gp, 0, &sc));
  n = 0;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm t;
    char buf[SILA_TERM_BUF];
    CHECK_INT(SILA_OK, sila_txn_term(txn, q.o, &t, buf));
    CHECK(t.triple && t.triple[2].kind == SILA_TERM_TRIPLE &&
          t.triple[2].triple[0].kind == SILA_TERM_BLANK);
    SilaId inner;
    CHECK_INT(SILA_OK, sila_txn_lookup(txn, &t.triple[2], &inner));
    CHECK_INT(SILA_OK, sila_txn_triple_parts(txn, inner, (SilaId[3]){0}));
    SilaId spo[3];
    sila_txn_triple_parts(txn, inner, spo);
    CHECK(spo[0] == q.s);
    n++;
  }
  sila_scan_free(sc);
  CHECK_INT(round, n);
  sila_txn_abort(txn);
}

/* A store written before RDF 1.2 has no tt.* trees: read-only it opens
 * with no triple terms, writable it gets them. */
static void test_old_store(void) {
  SilaStore *st = fresh_store();
  sila_store_close(st);
  MDB_env *env;
  MDB_txn *t;
  MDB_dbi dbi;
  CHECK_INT(0, mdb_env_create(&env));
  CHECK_INT(0, mdb_env_set_maxdbs(env, 64));
  CHECK_INT(0, mdb_env_open(env, dir, 0, 0644));
  CHECK_INT(0, mdb_txn_begin(env, NULL, 0, &t));
  const char *names[] = {"tt.spo", "tt.pos", "tt.osp"};
  for (int i = 0; i < 3; i++) {
    CHECK_INT(0, mdb_dbi_open(t, names[i], 0, &dbi));
    CHECK_INT(0, mdb_drop(t, dbi, 1));
  }
  CHECK_INT(0, mdb_txn_commit(t));
  mdb_env_close(env);

  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_READONLY, &st));
  SilaTxn *txn;
  CHECK_INT(SILA_OK, sila_txn_begin_read(st, &txn));
  SilaTerm a[3] = {sila_term_iri(EX "s"), sila_term_iri(EX "p"), sila_term_iri(EX "o")};
  SilaTerm ta = sila_term_triple(a);
  SilaId id;
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_txn_lookup(txn, &ta, &id));
  CHECK_INT(0, scan_count(txn, 0, 0, 0));
  sila_txn_abort(txn);
  sila_store_close(st);

  CHECK_INT(SILA_OK, sila_store_open(dir, 0, &st));
  CHECK_INT(SILA_OK, sila_txn_begin_write(st, 0, &txn));
  CHECK_INT(SILA_OK, sila_txn_intern(txn, &ta, &id));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  CHECK_INT(SILA_OK, sila_txn_begin_read(st, &txn));
  CHECK_INT(1, scan_count(txn, 0, 0, 0));
  sila_txn_abort(txn);
  sila_store_close(st);
}

int main(void) {
  test_base();
  SilaStore *st = fresh_store();
  test_store(st);
  sila_store_close(st);
  st = fresh_store(); /* an empty store: the bulk loader spills */
  test_bulk(st, true, 1);
  test_bulk(st, false, 2); /* into a store with data: batches written in place */
  sila_store_close(st);
  test_old_store();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
