/* test_text.c — the text index through its public API (sila_text.h):
 * Italian folding and stemming, elisions, stop words, language tags,
 * phrases, prefixes, AND/OR/NOT, BM25 order with the label boost, snippets,
 * rollback and deletes, reindex, and the parser's errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_store.h"
#include "sila_text.h"
#include "test_harness.h"

static SilaStore *store;

static SilaId iri(SilaTxn *txn, const char *s) {
  SilaTerm t = sila_term_iri(s);
  SilaId id = 0;
  sila_txn_intern(txn, &t, &id);
  return id;
}

static void add(SilaTxn *txn, const char *s, const char *p, const char *text, const char *lang) {
  SilaTerm o = sila_term_literal(text, NULL, lang);
  SilaId oid = 0;
  sila_txn_intern(txn, &o, &oid);
  SilaIdQuad q = {iri(txn, s), iri(txn, p), oid, SILA_ID_DEFAULT_GRAPH};
  CHECK_INT(SILA_OK, sila_txn_add(txn, &q));
}

/* Subjects matching q, space-separated local names, best first. */
static const char *search(const char *q) {
  static char out[1024];
  out[0] = '\0';
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK)
    return "(no txn)";
  SilaTextQuery *tq;
  SilaError err = {0};
  SilaStatus st = sila_text_query_parse(txn, q, strlen(q), &tq, &err);
  if (st != SILA_OK) {
    snprintf(out, sizeof out, "error %d: %s", (int)st, err.message);
    sila_txn_abort(txn);
    return out;
  }
  SilaTextHit *hits;
  size_t n;
  bool trunc;
  if (sila_text_search(txn, tq, SILA_ID_ANY, 100, &hits, &n, &trunc) == SILA_OK) {
    for (size_t i = 0; i < n; i++) {
      SilaTerm t;
      char buf[SILA_TERM_BUF];
      if (sila_txn_term(txn, hits[i].subject, &t, buf) != SILA_OK)
        continue;
      const char *name = t.value + strlen("http://ex.org/");
      size_t len = t.value_len - strlen("http://ex.org/");
      snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s", i ? " " : "", (int)len, name);
    }
    free(hits);
  }
  sila_text_query_free(tq);
  sila_txn_abort(txn);
  return out;
}

static const char *snippet(const char *q, const char *subject_text, const char *lang) {
  static char out[512];
  out[0] = '\0';
  SilaTxn *txn;
  sila_txn_begin_read(store, &txn);
  SilaTextQuery *tq;
  if (sila_text_query_parse(txn, q, strlen(q), &tq, NULL) == SILA_OK) {
    SilaTerm o = sila_term_literal(subject_text, NULL, lang);
    SilaId id;
    SilaBuf b = SILA_BUF_INIT;
    if (sila_txn_lookup(txn, &o, &id) == SILA_OK && sila_text_snippet(txn, tq, id, 40, &b) == SILA_OK && b.data)
      snprintf(out, sizeof out, "%s", b.data);
    sila_buf_free(&b);
    sila_text_query_free(tq);
  }
  sila_txn_abort(txn);
  return out;
}

int main(void) {
  char dir[] = "/tmp/sila-test-text-XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaTxn *txn;
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  const char *label = "http://www.w3.org/2000/01/rdf-schema#label";
  const char *note = "http://ex.org/note";
  add(txn, "http://ex.org/castle", label, "Castello Svevo di Cosenza", NULL);
  add(txn, "http://ex.org/castles", note, "I castelli della Calabria", "it");
  add(txn, "http://ex.org/normanno", note, "Castello Normanno-Svevo", NULL);
  add(txn, "http://ex.org/city", note, "La CITTÀ metropolitana", NULL);
  add(txn, "http://ex.org/park", note, "Parco Nazionale dell'Aspromonte", NULL);
  add(txn, "http://ex.org/en", note, "The castles of the south", "en");
  add(txn, "http://ex.org/de", note, "Die Burgen Kalabriens", "de");
  add(txn, "http://ex.org/short", note, "museo", NULL); /* an inline short string */
  add(txn, "http://ex.org/long", note,
      "Una descrizione molto lunga che nomina un museo soltanto una volta fra tante altre "
      "parole qualsiasi e luoghi diversi della regione",
      NULL);
  CHECK_INT(SILA_OK, sila_txn_commit(txn));

  /* Folding, stemming, elisions, stop words, language tags. */
  CHECK_STR("city", search("citta"));
  CHECK_STR("city", search("Città"));
  CHECK_STR("castle castles normanno", search("castello"));
  CHECK_STR("castle castles normanno", search("CASTELLI"));
  CHECK_STR("park", search("dell'Aspromonte"));
  CHECK_STR("park", search("aspromonte"));
  CHECK_STR("en", search("castle"));
  CHECK_STR("de", search("Burg"));
  CHECK(strstr(search("della"), "error") != NULL); /* only a stop word */
  /* Ranking: the label counts twice; a short literal beats a long one. */
  CHECK_STR("short long", search("museo"));
  /* Phrases, prefixes, operators. */
  CHECK_STR("castle", search("\"castello svevo\""));
  CHECK_STR("castle normanno", search("castello svevo"));
  CHECK_STR("castle castles normanno", search("castel*"));
  CHECK_STR("castle castles normanno", search("castello*"));
  CHECK_STR("park", search("asprom*"));
  CHECK_STR("castles normanno", search("castello -cosenza"));
  CHECK_STR("city park", search("metropolitana OR parco"));
  CHECK_STR("castle", search("castello AND (cosenza OR crotone)"));
  CHECK_STR("", search("castello AND crotone"));
  CHECK(strstr(search("\"castello"), "unclosed quote") != NULL);
  CHECK(strstr(search("(castello"), "unclosed parenthesis") != NULL);
  CHECK(strstr(search("-castello"), "nothing to search for") != NULL);
  /* Snippets: escaped, matches in <b>, long texts cut around the match. */
  CHECK_STR("<b>Castello</b> <b>Svevo</b> di Cosenza",
            snippet("\"castello svevo\"", "Castello Svevo di Cosenza", NULL));
  const char *s = snippet("regione", "Una descrizione molto lunga che nomina un museo soltanto una "
                                     "volta fra tante altre parole qualsiasi e luoghi diversi della regione", NULL);
  CHECK(strstr(s, "<b>regione</b>") != NULL && strncmp(s, "… ", 4) == 0);

  /* A rolled-back write leaves no words; a delete takes its words away. */
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  add(txn, "http://ex.org/tmp", note, "Zibellino", NULL);
  sila_txn_abort(txn);
  CHECK_STR("", search("zibellino"));
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  SilaTerm o = sila_term_literal("Parco Nazionale dell'Aspromonte", NULL, NULL);
  SilaId oid;
  CHECK_INT(SILA_OK, sila_txn_lookup(txn, &o, &oid));
  SilaIdQuad q = {iri(txn, "http://ex.org/park"), iri(txn, note), oid, SILA_ID_DEFAULT_GRAPH};
  CHECK_INT(SILA_OK, sila_txn_remove(txn, &q));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  CHECK_STR("", search("aspromonte"));
  /* Reindex gives the same index; statistics count it. */
  SilaTextStats ts1, ts2;
  sila_txn_begin_read(store, &txn);
  sila_text_stats(txn, &ts1);
  sila_txn_abort(txn);
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  CHECK_INT(SILA_OK, sila_text_reindex(txn, NULL));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  sila_txn_begin_read(store, &txn);
  sila_text_stats(txn, &ts2);
  sila_txn_abort(txn);
  CHECK(ts1.present && ts2.present);
  CHECK_INT(8, ts1.literals);
  CHECK_INT(ts1.postings, ts2.postings);
  CHECK_STR("it", ts2.default_lang);
  CHECK_STR("castle castles normanno", search("castelli"));
  /* Untagged literals in English after reindex --lang en. */
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  CHECK_INT(SILA_ERR_INVALID, sila_text_reindex(txn, "xx"));
  CHECK_INT(SILA_OK, sila_text_reindex(txn, "en"));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  CHECK_STR("castles", search("castelli")); /* the tagged one still Italian */
  /* A literal indexed by a build (reindex: a table of words as written,
   * words longer than a slot's inline bytes, a word repeated, a word of
   * over 64 bytes that is never indexed) is unindexed exactly by a removal
   * (which analyses the literal again, word by word). */
  const char *odd = "Precipitevolissimevolmente PRECIPITEVOLISSIMEVOLMENTE città Città "
                    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopq";
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  add(txn, "http://ex.org/odd", note, odd, "it");
  CHECK_INT(SILA_OK, sila_text_reindex(txn, "it"));
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  CHECK_STR("odd", search("precipitevolissimevolmente"));
  sila_txn_begin_read(store, &txn);
  sila_text_stats(txn, &ts1);
  sila_txn_abort(txn);
  CHECK_INT(ts2.postings + 2, ts1.postings); /* two keys: the long word, città */
  CHECK_INT(SILA_OK, sila_txn_begin_write(store, 0, &txn));
  {
    SilaTerm odd_term = sila_term_literal(odd, NULL, "it");
    SilaId odd_id = 0;
    CHECK_INT(SILA_OK, sila_txn_lookup(txn, &odd_term, &odd_id));
    SilaIdQuad odd_quad = {iri(txn, "http://ex.org/odd"), iri(txn, note), odd_id,
                           SILA_ID_DEFAULT_GRAPH};
    CHECK_INT(SILA_OK, sila_txn_remove(txn, &odd_quad));
  }
  CHECK_INT(SILA_OK, sila_txn_commit(txn));
  sila_txn_begin_read(store, &txn);
  sila_text_stats(txn, &ts1);
  sila_txn_abort(txn);
  CHECK_INT(ts2.postings, ts1.postings);
  CHECK_INT(8, ts1.literals);
  sila_text_query_free(NULL);
  sila_store_close(store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0)
    return 1;
  return TEST_REPORT();
}
