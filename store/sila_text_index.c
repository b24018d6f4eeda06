/* sila_text_index.c — keeping the text index in step with the quads: a
 * literal is indexed when the first quad with it as object is written and
 * unindexed when the last one goes, in the same write transaction (bulk
 * loads index their literals in batches: sila_text_build.c); a store
 * without the index gets it on its first writable open. */
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

static const char *default_lang_key = "text_lang";

int text_default_lang(SilaTxn *txn) { return txn->store->text_lang; }

TextAnalyzer *text_txn_analyzer(SilaTxn *txn) {
  if (!txn->text_an)
    txn->text_an = text_analyzer_new();
  return txn->text_an;
}

void text_txn_release(SilaTxn *txn) {
  text_analyzer_free(txn->text_an);
  txn->text_an = NULL;
}

bool text_literal(SilaTxn *txn, SilaId id, const char **text, size_t *len, int *lang,
                  char buf[SILA_TERM_BUF]) {
  if (!text_id_candidate(id))
    return false;
  SilaTerm t;
  if (sila_txn_term(txn, id, &t, buf) != SILA_OK || t.kind != SILA_TERM_LITERAL || t.datatype)
    return false;
  *text = t.value;
  *len = t.value_len;
  *lang = text_lang_code(t.lang, t.lang_len, text_default_lang(txn));
  return true;
}

/* ---- one literal's words ------------------------------------------------ */

/* A distinct key of the literal: how often and where (positions mod 64). */
typedef struct {
  uint64_t hash;
  uint32_t off, len; /* bytes in Words.keys */
  uint32_t tf;
  uint64_t mask;
} WordKey;

typedef struct {
  SilaBuf keys;
  WordKey *k;
  size_t nk, kcap;
  uint32_t *table; /* hash -> k index + 1; tcap >= 2 * kcap */
  size_t tcap;
  size_t n;        /* words (the literal's length) */
} Words;

static int words_grow(Words *ws) {
  size_t kcap = ws->kcap ? ws->kcap * 2 : 32, tcap = kcap * 2;
  WordKey *k = realloc(ws->k, kcap * sizeof *k);
  uint32_t *t = calloc(tcap, sizeof *t);
  if (!k || !t) {
    if (k)
      ws->k = k;
    free(t);
    return -1;
  }
  ws->k = k;
  ws->kcap = kcap;
  for (size_t i = 0; i < ws->nk; i++) {
    size_t h = k[i].hash & (tcap - 1);
    while (t[h])
      h = (h + 1) & (tcap - 1);
    t[h] = (uint32_t)i + 1;
  }
  free(ws->table);
  ws->table = t;
  ws->tcap = tcap;
  return 0;
}

/* Groups the words by key as they come (a hash table, no sorting). */
static int collect_word(void *ctx, const char *key, size_t keylen, uint32_t pos, size_t start,
                        size_t end) {
  Words *ws = ctx;
  if (ws->nk == ws->kcap && words_grow(ws))
    return -1;
  uint64_t hash = text_fnv64(key, keylen);
  size_t h = hash & (ws->tcap - 1);
  ws->n++;
  for (;;) {
    uint32_t e = ws->table[h];
    if (!e)
      break;
    WordKey *k = &ws->k[e - 1];
    if (k->hash == hash && k->len == keylen && !memcmp(ws->keys.data + k->off, key, keylen)) {
      k->tf++;
      k->mask |= 1ULL << (pos & 63);
      return 0;
    }
    h = (h + 1) & (ws->tcap - 1);
  }
  ws->k[ws->nk] = (WordKey){hash, (uint32_t)ws->keys.len, (uint32_t)keylen, 1, 1ULL << (pos & 63)};
  ws->table[h] = (uint32_t)++ws->nk;
  return sila_buf_append(&ws->keys, key, keylen);
}

/* Analyses a literal into ws: its distinct keys with frequency and positions. */
static int literal_words(SilaTxn *txn, SilaId id, Words *ws, bool *indexable, int *lang_out) {
  char buf[SILA_TERM_BUF];
  const char *text;
  size_t len;
  int lang = 0;
  if (ws->table && ws->nk)
    memset(ws->table, 0, ws->tcap * sizeof *ws->table);
  ws->n = ws->nk = 0;
  ws->keys.len = 0;
  *indexable = text_literal(txn, id, &text, &len, &lang, buf);
  if (lang_out)
    *lang_out = lang;
  if (!*indexable)
    return 0;
  TextAnalyzer *a = text_txn_analyzer(txn);
  if (!a || text_analyze(a, lang, text, len, false, collect_word, ws))
    return -1;
  return 0;
}

static void words_free(Words *ws) {
  sila_buf_free(&ws->keys);
  free(ws->k);
  free(ws->table);
}

/* Calls fn for each distinct key of ws with its posting value. */
typedef int (*PostingFn)(void *ctx, const char *key, size_t keylen, uint64_t hash,
                         const unsigned char *val);
static int each_posting(const Words *ws, SilaId id, PostingFn fn, void *ctx) {
  unsigned dl = ws->n > TEXT_MAX_WORDS ? TEXT_MAX_WORDS : (unsigned)ws->n;
  for (size_t i = 0; i < ws->nk; i++) {
    const WordKey *k = &ws->k[i];
    unsigned char val[TEXT_POST_SIZE];
    sila_put_be64(val, id);
    text_put_be16(val + 8, k->tf > 65535 ? 65535 : k->tf);
    text_put_be16(val + 10, dl);
    sila_put_be64(val + 12, k->mask);
    int r = fn(ctx, ws->keys.data + k->off, k->len, k->hash, val);
    if (r)
      return r;
  }
  return 0;
}
SilaStatus text_note_added(SilaTxn *txn, SilaId o) {
  if (!txn->store->text_on || !text_id_candidate(o) || text_doc_present(txn, o))
    return SILA_OK;
  return text_index_ids(txn, &o, 1);
}

static bool object_used(SilaTxn *txn, SilaId o) {
  unsigned char kb[8];
  sila_put_be64(kb, o);
  MDB_val k = {8, kb}, v;
  return mdb_get(txn->txn, txn->store->index[IDX_DOSP], &k, &v) == 0 ||
         mdb_get(txn->txn, txn->store->index[IDX_OSPG], &k, &v) == 0;
}

typedef struct {
  SilaTxn *txn;
  int rc;
} DelCtx;

static int del_posting(void *ctx, const char *key, size_t keylen, uint64_t hash,
                       const unsigned char *val) {
  (void)hash;
  DelCtx *d = ctx;
  MDB_val k = {keylen, (void *)key}, v = {TEXT_POST_SIZE, (void *)val};
  int rc = mdb_del(d->txn->txn, d->txn->store->text_post, &k, &v);
  if (rc && rc != MDB_NOTFOUND)
    d->rc = rc;
  return d->rc;
}

SilaStatus text_note_removed(SilaTxn *txn, SilaId o) {
  if (!txn->store->text_on || !text_id_candidate(o) || !text_doc_present(txn, o) ||
      object_used(txn, o))
    return SILA_OK;
  Words ws = {.keys = SILA_BUF_INIT};
  bool ok;
  SilaStatus st = SILA_OK;
  if (literal_words(txn, o, &ws, &ok, NULL)) {
    st = SILA_ERR_NOMEM;
  } else if (ok) {
    DelCtx d = {txn, 0};
    each_posting(&ws, o, del_posting, &d);
    st = sila_mdb_status(d.rc);
  }
  SILA_DICT_KEY(k, o);
  MDB_val v;
  if (st == SILA_OK && mdb_get(txn->txn, txn->store->text_doc, &k, &v) == 0) {
    uint32_t dl = 0;
    if (v.mv_size >= 4)
      memcpy(&dl, v.mv_data, 4);
    int rc = mdb_del(txn->txn, txn->store->text_doc, &k, NULL);
    st = sila_mdb_status(rc);
    uint64_t total = 0;
    if (st == SILA_OK && sila_meta_get(txn, "text_len", &total) == SILA_OK)
      st = sila_meta_put(txn, "text_len", total >= dl ? total - dl : 0);
  }
  words_free(&ws);
  return st;
}

/* ---- building --------------------------------------------------------------- */

typedef struct {
  SilaId *ids;
  size_t n, cap;
} IdList;

static int idlist_push(IdList *l, SilaId id) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 4096;
    SilaId *p = realloc(l->ids, cap * sizeof *p);
    if (!p)
      return -1;
    l->ids = p;
    l->cap = cap;
  }
  l->ids[l->n++] = id;
  return 0;
}

/* The distinct literal objects of one object-first index, tags lo..hi. */
static SilaStatus collect_objects(SilaTxn *txn, int idx, SilaIdTag tag, IdList *out) {
  MDB_cursor *cur;
  int rc = mdb_cursor_open(txn->txn, txn->store->index[idx], &cur);
  if (rc)
    return sila_mdb_status(rc);
  unsigned char kb[8];
  sila_put_be64(kb, (SilaId)tag << 60);
  MDB_val k = {8, kb}, v;
  rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
  while (rc == 0) {
    SilaId id = sila_get_be64(k.mv_data);
    if (sila_id_tag(id) != tag)
      break;
    if (idlist_push(out, id)) {
      mdb_cursor_close(cur);
      return SILA_ERR_NOMEM;
    }
    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP);
  }
  mdb_cursor_close(cur);
  return rc == 0 || rc == MDB_NOTFOUND ? SILA_OK : sila_mdb_status(rc);
}

static SilaStatus build(SilaTxn *txn) {
  IdList l = {NULL, 0, 0};
  SilaStatus st = SILA_OK;
  static const SilaIdTag tags[] = {SILA_TAG_LITERAL, SILA_TAG_SHORTSTR};
  for (int t = 0; t < 2 && st == SILA_OK; t++) {
    st = collect_objects(txn, IDX_DOSP, tags[t], &l);
    if (st == SILA_OK)
      st = collect_objects(txn, IDX_OSPG, tags[t], &l);
  }
  if (st == SILA_OK)
    st = text_index_ids(txn, l.ids, l.n);
  if (st == SILA_OK)
    st = sila_meta_put(txn, "text_built", 1);
  free(l.ids);
  return st;
}

SilaStatus sila_text_reindex(SilaTxn *txn, const char *default_lang) {
  if (!txn->write || !txn->store->text_on)
    return SILA_ERR_INVALID;
  SilaStore *s = txn->store;
  if (default_lang) {
    int code = text_lang_code(default_lang, strlen(default_lang), TEXT_LANG_NONE);
    if (*default_lang && code == TEXT_LANG_NONE)
      return SILA_ERR_INVALID;
    SilaStatus st = sila_meta_put(txn, default_lang_key, (uint64_t)code);
    if (st != SILA_OK)
      return st;
    s->text_lang = code;
  }
  int rc = mdb_drop(txn->txn, s->text_post, 0);
  if (!rc)
    rc = mdb_drop(txn->txn, s->text_doc, 0);
  if (rc)
    return sila_mdb_status(rc);
  SilaStatus st = sila_meta_put(txn, "text_len", 0);
  return st == SILA_OK ? build(txn) : st;
}

static uint64_t raw_meta(MDB_txn *t, SilaStore *s, const char *key, uint64_t dflt) {
  MDB_val k = {strlen(key), (void *)key}, v;
  if (mdb_get(t, s->meta, &k, &v) || v.mv_size != 8)
    return dflt;
  return sila_get_be64(v.mv_data);
}

SilaStatus text_open(SilaStore *s) {
  s->text_lang = TEXT_LANG_IT;
  /* Usually the index is there: a read transaction finds it (its commit
   * keeps the tree handles open). */
  MDB_txn *t;
  int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t);
  if (rc)
    return sila_mdb_status(rc);
  rc = mdb_dbi_open(t, "text_post", MDB_DUPSORT | MDB_DUPFIXED, &s->text_post);
  if (!rc)
    rc = mdb_dbi_open(t, "text_doc", MDB_INTEGERKEY, &s->text_doc);
  uint64_t built = rc ? 0 : raw_meta(t, s, "text_built", 0);
  uint64_t lang = raw_meta(t, s, default_lang_key, TEXT_LANG_IT);
  if (lang < TEXT_LANG_COUNT)
    s->text_lang = (int)lang;
  if (rc && rc != MDB_NOTFOUND) {
    mdb_txn_abort(t);
    return sila_mdb_status(rc);
  }
  rc = mdb_txn_commit(t);
  if (rc)
    return sila_mdb_status(rc);
  if (built == 1) {
    s->text_on = true; /* kept up to date by every writer, whatever SILA_TEXT_INDEX says */
    return SILA_OK;
  }
  if (s->readonly)
    return SILA_OK; /* written by a Sila without the index: a writable open builds it */
  /* SILA_TEXT_INDEX=off: a store without the index stays so (a bulk load
   * first, the index at the next writable open). */
  const char *env = getenv("SILA_TEXT_INDEX");
  if (env && !strcmp(env, "off"))
    return SILA_OK;
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(s, 0, &txn);
  if (st != SILA_OK)
    return st;
  rc = mdb_dbi_open(txn->txn, "text_post", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &s->text_post);
  if (!rc)
    rc = mdb_dbi_open(txn->txn, "text_doc", MDB_CREATE | MDB_INTEGERKEY, &s->text_doc);
  if (rc) {
    sila_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  s->text_on = true;
  st = sila_meta_put(txn, default_lang_key, (uint64_t)s->text_lang);
  if (st == SILA_OK)
    st = sila_meta_get(txn, "text_built", &built) == SILA_OK && built == 1 ? SILA_OK : build(txn);
  if (st != SILA_OK) {
    sila_txn_abort(txn);
    s->text_on = false;
    return st;
  }
  st = sila_txn_commit(txn);
  if (st != SILA_OK)
    s->text_on = false;
  s->text_built_at_open = st == SILA_OK;
  return st;
}

/* ---- statistics ------------------------------------------------------------ */

static uint64_t db_bytes(SilaTxn *txn, MDB_dbi dbi, uint64_t *entries) {
  MDB_stat ms;
  if (mdb_stat(txn->txn, dbi, &ms))
    return 0;
  if (entries)
    *entries = ms.ms_entries;
  return (uint64_t)(ms.ms_branch_pages + ms.ms_leaf_pages + ms.ms_overflow_pages) * ms.ms_psize;
}

SilaStatus sila_text_stats(SilaTxn *txn, SilaTextStats *out) {
  memset(out, 0, sizeof *out);
  SilaStore *s = txn->store;
  out->default_lang = text_lang_code("it", 2, 0) == s->text_lang ? "it" : text_lang_tag(s->text_lang);
  out->store_bytes = db_bytes(txn, s->meta, NULL) + db_bytes(txn, s->dict, NULL) +
                     db_bytes(txn, s->pstats, NULL);
  for (int i = 0; i < IDX_COUNT; i++)
    out->store_bytes += db_bytes(txn, s->index[i], NULL);
  if (!s->text_on)
    return SILA_OK;
  out->present = true;
  out->built_at_open = s->text_built_at_open;
  out->bytes = db_bytes(txn, s->text_post, &out->postings) + db_bytes(txn, s->text_doc, &out->literals);
  /* Distinct keys: count the key groups. */
  MDB_cursor *cur;
  if (mdb_cursor_open(txn->txn, s->text_post, &cur) == 0) {
    MDB_val k, v;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (rc == 0) {
      out->keys++;
      rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP);
    }
    mdb_cursor_close(cur);
  }
  return SILA_OK;
}
