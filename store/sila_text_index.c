/* sila_text_index.c — keeping the text index in step with the quads: a
 * literal is indexed when the first quad with it as object is written and
 * unindexed when the last one goes, in the same write transaction; bulk
 * loads index their literals in sorted batches; a store without the index
 * gets it on its first writable open. */
#define _GNU_SOURCE /* qsort_r */
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

static uint64_t fnv64(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

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
  uint64_t hash = fnv64(key, keylen);
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

static void put_be16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
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
    put_be16(val + 8, k->tf > 65535 ? 65535 : k->tf);
    put_be16(val + 10, dl);
    sila_put_be64(val + 12, k->mask);
    int r = fn(ctx, ws->keys.data + k->off, k->len, k->hash, val);
    if (r)
      return r;
  }
  return 0;
}

/* ---- batches of postings -------------------------------------------------
 * Literals are indexed in ascending ID order, so each key's postings arrive
 * sorted: a batch keeps its distinct keys in a hash table, sorts only those,
 * and lays the postings out key by key with a counting sort (no string
 * compares per posting); a key's postings then go in with one MDB_MULTIPLE
 * put per group where the tree was empty. */

typedef struct {
  uint32_t off, len; /* key bytes in keys */
  uint32_t count;    /* postings of the batch */
  uint32_t start;    /* first slot in the laid-out order */
} BatchKey;

typedef struct {
  uint32_t key; /* index into BatchKey array */
  unsigned char val[TEXT_POST_SIZE];
} Post;

typedef struct {
  SilaBuf keys;
  BatchKey *k;
  size_t nk, kcap;
  uint32_t *table; /* hash -> key index + 1 */
  size_t tcap;
  Post *p;
  size_t n, cap;
} PostBatch;


static int batch_rehash(PostBatch *b, size_t cap) {
  uint32_t *t = calloc(cap, sizeof *t);
  if (!t)
    return -1;
  for (size_t i = 0; i < b->nk; i++) {
    size_t h = fnv64(b->keys.data + b->k[i].off, b->k[i].len) & (cap - 1);
    while (t[h])
      h = (h + 1) & (cap - 1);
    t[h] = (uint32_t)i + 1;
  }
  free(b->table);
  b->table = t;
  b->tcap = cap;
  return 0;
}

static int batch_add(void *ctx, const char *key, size_t keylen, uint64_t hash,
                     const unsigned char *val) {
  PostBatch *b = ctx;
  if ((b->nk + 1) * 2 > b->tcap && batch_rehash(b, b->tcap ? b->tcap * 2 : 4096))
    return -1;
  size_t h = hash & (b->tcap - 1);
  uint32_t ki;
  for (;;) {
    uint32_t e = b->table[h];
    if (!e) {
      if (b->nk == b->kcap) {
        size_t cap = b->kcap ? b->kcap * 2 : 1024;
        BatchKey *k = realloc(b->k, cap * sizeof *k);
        if (!k)
          return -1;
        b->k = k;
        b->kcap = cap;
      }
      b->k[b->nk] = (BatchKey){(uint32_t)b->keys.len, (uint32_t)keylen, 0, 0};
      if (sila_buf_append(&b->keys, key, keylen))
        return -1;
      ki = (uint32_t)b->nk++;
      b->table[h] = ki + 1;
      break;
    }
    const BatchKey *k = &b->k[e - 1];
    if (k->len == keylen && !memcmp(b->keys.data + k->off, key, keylen)) {
      ki = e - 1;
      break;
    }
    h = (h + 1) & (b->tcap - 1);
  }
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    Post *p = realloc(b->p, cap * sizeof *p);
    if (!p)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  b->p[b->n].key = ki;
  memcpy(b->p[b->n].val, val, TEXT_POST_SIZE);
  b->n++;
  b->k[ki].count++;
  return 0;
}

static int cmp_key(const void *a, const void *c, void *ctx) {
  const PostBatch *b = ctx;
  const BatchKey *x = &b->k[*(const uint32_t *)a], *y = &b->k[*(const uint32_t *)c];
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(b->keys.data + x->off, b->keys.data + y->off, n);
  return r ? r : (x->len > y->len) - (x->len < y->len);
}

static void batch_reset(PostBatch *b) {
  b->n = b->nk = 0;
  b->keys.len = 0;
  if (b->table)
    memset(b->table, 0, b->tcap * sizeof *b->table);
}

static void batch_free(PostBatch *b) {
  sila_buf_free(&b->keys);
  free(b->k);
  free(b->table);
  free(b->p);
}

/* Writes a batch in key order (MDB_MULTIPLE groups while the tree was
 * empty, one put per posting otherwise). */
static SilaStatus batch_write(SilaTxn *txn, PostBatch *b) {
  if (!b->n)
    return SILA_OK;
  SilaStatus st = SILA_OK;
  uint32_t *order = malloc(b->nk * sizeof *order);
  unsigned char *vals = malloc(b->n * TEXT_POST_SIZE);
  if (!order || !vals) {
    free(order);
    free(vals);
    return SILA_ERR_NOMEM;
  }
  for (uint32_t i = 0; i < b->nk; i++)
    order[i] = i;
  qsort_r(order, b->nk, sizeof *order, cmp_key, b);
  uint32_t at = 0;
  for (size_t i = 0; i < b->nk; i++) {
    b->k[order[i]].start = at;
    at += b->k[order[i]].count;
    b->k[order[i]].count = 0;
  }
  for (size_t i = 0; i < b->n; i++) { /* stable: literal order within a key */
    BatchKey *k = &b->k[b->p[i].key];
    memcpy(vals + (size_t)(k->start + k->count++) * TEXT_POST_SIZE, b->p[i].val, TEXT_POST_SIZE);
  }
  MDB_stat ms;
  bool append = mdb_stat(txn->txn, txn->store->text_post, &ms) == 0 && ms.ms_entries == 0;
  MDB_cursor *cur = NULL;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_post, &cur);
  for (size_t i = 0; !rc && i < b->nk; i++) {
    const BatchKey *k = &b->k[order[i]];
    MDB_val key = {k->len, b->keys.data + k->off};
    unsigned char *v = vals + (size_t)k->start * TEXT_POST_SIZE;
    if (append) {
      /* Pieces of 64: LMDB spills dirty pages only between puts. */
      for (uint32_t j = 0; !rc && j < k->count; j += 64) {
        uint32_t m = k->count - j < 64 ? k->count - j : 64;
        MDB_val data[2] = {{TEXT_POST_SIZE, v + (size_t)j * TEXT_POST_SIZE}, {m, NULL}};
        rc = mdb_cursor_put(cur, &key, data,
                            MDB_MULTIPLE | (j ? MDB_APPENDDUP : MDB_APPEND | MDB_APPENDDUP));
      }
    } else {
      for (uint32_t j = 0; !rc && j < k->count; j++) {
        MDB_val data = {TEXT_POST_SIZE, v + (size_t)j * TEXT_POST_SIZE};
        rc = mdb_cursor_put(cur, &key, &data, MDB_NODUPDATA);
        if (rc == MDB_KEYEXIST)
          rc = 0;
      }
    }
  }
  if (rc)
    st = sila_mdb_status(rc);
  if (cur)
    mdb_cursor_close(cur);
  free(order);
  free(vals);
  batch_reset(b);
  return st;
}

static int cmp_id(const void *a, const void *b) {
  SilaId x = *(const SilaId *)a, y = *(const SilaId *)b;
  return x < y ? -1 : x > y;
}

static bool doc_present(SilaTxn *txn, SilaId id) {
  SILA_DICT_KEY(k, id);
  MDB_val v;
  return mdb_get(txn->txn, txn->store->text_doc, &k, &v) == 0;
}

#define BATCH_POSTINGS (1u << 21)

SilaStatus text_index_ids(SilaTxn *txn, SilaId *ids, size_t n) {
  if (!txn->store->text_on || n == 0)
    return SILA_OK;
  qsort(ids, n, sizeof *ids, cmp_id);
  Words ws = {.keys = SILA_BUF_INIT};
  PostBatch b = {.keys = SILA_BUF_INIT};
  SilaStatus st = SILA_OK;
  uint64_t total = 0, added_len = 0, langs = 0, old_langs = 0;
  sila_meta_get(txn, "text_langs", &old_langs);
  if (sila_meta_get(txn, "text_len", &total) != SILA_OK)
    total = 0;
  MDB_stat ms;
  bool docs_empty = mdb_stat(txn->txn, txn->store->text_doc, &ms) == 0 && ms.ms_entries == 0;
  MDB_cursor *dcur = NULL;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_doc, &dcur);
  if (rc) {
    return sila_mdb_status(rc);
  }
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    if ((i > 0 && ids[i] == ids[i - 1]) || !text_id_candidate(ids[i]))
      continue;
    if (!docs_empty && doc_present(txn, ids[i]))
      continue;
    bool ok;
    int lang;
    if (literal_words(txn, ids[i], &ws, &ok, &lang)) {
      st = SILA_ERR_NOMEM;
      break;
    }
    if (!ok || ws.n == 0)
      continue;
    if (each_posting(&ws, ids[i], batch_add, &b)) {
      st = SILA_ERR_NOMEM;
      break;
    }
    unsigned char dv[5];
    uint32_t dl = ws.n > TEXT_MAX_WORDS ? TEXT_MAX_WORDS : (uint32_t)ws.n;
    memcpy(dv, &dl, 4);
    dv[4] = 0;
    SILA_DICT_KEY(k, ids[i]);
    MDB_val v = {5, dv};
    /* IDs come sorted: the doc tree is appended to while it was empty. */
    rc = mdb_cursor_put(dcur, &k, &v, docs_empty ? MDB_APPEND : 0);
    if (rc) {
      st = sila_mdb_status(rc);
      break;
    }
    added_len += dl;
    langs |= 1u << lang;
    if (b.n >= BATCH_POSTINGS)
      st = batch_write(txn, &b);
  }
  mdb_cursor_close(dcur);
  if (st == SILA_OK)
    st = batch_write(txn, &b);
  if (st == SILA_OK && added_len)
    st = sila_meta_put(txn, "text_len", total + added_len);
  /* The languages present: queries stem their words in each of them. */
  if (st == SILA_OK && (langs | old_langs) != old_langs)
    st = sila_meta_put(txn, "text_langs", langs | old_langs);
  words_free(&ws);
  batch_free(&b);
  return st;
}

SilaStatus text_note_added(SilaTxn *txn, SilaId o) {
  if (!txn->store->text_on || !text_id_candidate(o) || doc_present(txn, o))
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
  if (!txn->store->text_on || !text_id_candidate(o) || !doc_present(txn, o) ||
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
