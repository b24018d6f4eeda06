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
 * sorted: a batch keeps its distinct keys in a hash table (kept from batch
 * to batch) and each key's postings in a chain of blocks of an arena, as
 * they come (no sort, no copy per posting); at the end only the keys with
 * postings are sorted, and each key's postings go in with MDB_MULTIPLE
 * puts where the tree was empty. */

typedef struct {
  uint32_t off, len;    /* key bytes in keys */
  uint32_t count;       /* postings of the batch */
  uint32_t head, tail;  /* their blocks (arena offsets), when count > 0 */
  uint32_t stamp;       /* the literal that last had this key (Builder.serial) */
  uint32_t slot;        /* ... and where in Builder.lit */
  uint16_t tail_n, tail_cap; /* the tail block's fill, here: no cache miss to check it */
} BatchKey;

/* A block of one key's postings in the arena: this header, then cap values
 * of TEXT_POST_SIZE bytes (cap even: headers stay 8-byte aligned); full
 * but for the key's last one (BatchKey.tail_n). */
typedef struct {
  uint32_t next; /* offset of the next block; meaningless in the last */
  uint16_t cap, pad;
} Block;
#define BLOCK_MAX 64

typedef struct {
  SilaBuf keys;
  BatchKey *k;
  size_t nk, kcap;
  uint32_t *table; /* hash -> key index + 1 */
  size_t tcap;
  unsigned char *arena;
  size_t alen, acap;
  size_t n; /* postings */
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

/* The index of key in the batch's keys (added when new); -1 out of memory. */
static int64_t batch_key(PostBatch *b, const char *key, size_t keylen) {
  if ((b->nk + 1) * 2 > b->tcap && batch_rehash(b, b->tcap ? b->tcap * 2 : 256))
    return -1;
  size_t h = fnv64(key, keylen) & (b->tcap - 1);
  for (;;) {
    uint32_t e = b->table[h];
    if (!e)
      break;
    const BatchKey *k = &b->k[e - 1];
    if (k->len == keylen && !memcmp(b->keys.data + k->off, key, keylen))
      return e - 1;
    h = (h + 1) & (b->tcap - 1);
  }
  if (b->nk == b->kcap) {
    size_t cap = b->kcap ? b->kcap * 2 : 256;
    BatchKey *k = realloc(b->k, cap * sizeof *k);
    if (!k)
      return -1;
    b->k = k;
    b->kcap = cap;
  }
  b->k[b->nk] = (BatchKey){.off = (uint32_t)b->keys.len, .len = (uint32_t)keylen};
  if (sila_buf_append(&b->keys, key, keylen))
    return -1;
  b->table[h] = (uint32_t)b->nk + 1;
  return (int64_t)b->nk++;
}

static Block *block_at(PostBatch *b, uint32_t off) { return (Block *)(void *)(b->arena + off); }

static int batch_post(PostBatch *b, uint32_t ki, const unsigned char *val) {
  BatchKey *k = &b->k[ki];
  if (!k->count || k->tail_n == k->tail_cap) {
    /* Blocks double up to BLOCK_MAX: a key met once costs 48 bytes. */
    uint16_t cap = !k->count                      ? 2
                   : k->tail_cap >= BLOCK_MAX / 2 ? BLOCK_MAX
                                                  : (uint16_t)(k->tail_cap * 2);
    size_t need = sizeof(Block) + (size_t)cap * TEXT_POST_SIZE;
    if (b->alen + need > b->acap) {
      size_t acap = b->acap ? b->acap * 2 : 1u << 16;
      if (acap > UINT32_MAX)
        return -1;
      unsigned char *ar = realloc(b->arena, acap);
      if (!ar)
        return -1;
      b->arena = ar;
      b->acap = acap;
    }
    uint32_t off = (uint32_t)b->alen;
    b->alen += need;
    *block_at(b, off) = (Block){0, cap, 0};
    if (k->count)
      block_at(b, k->tail)->next = off;
    else
      k->head = off;
    k->tail = off;
    k->tail_n = 0;
    k->tail_cap = cap;
  }
  memcpy((unsigned char *)(block_at(b, k->tail) + 1) + (size_t)k->tail_n++ * TEXT_POST_SIZE, val,
         TEXT_POST_SIZE);
  k->count++;
  b->n++;
  return 0;
}

static int cmp_key(const void *a, const void *c, void *ctx) {
  const PostBatch *b = ctx;
  const BatchKey *x = &b->k[*(const uint32_t *)a], *y = &b->k[*(const uint32_t *)c];
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(b->keys.data + x->off, b->keys.data + y->off, n);
  return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Forgets the keys too (the caller forgets what refers to them). */
static void batch_clear_keys(PostBatch *b) {
  b->nk = 0;
  b->keys.len = 0;
  if (b->table)
    memset(b->table, 0, b->tcap * sizeof *b->table);
}

static void batch_free(PostBatch *b) {
  sila_buf_free(&b->keys);
  free(b->k);
  free(b->table);
  free(b->arena);
}

/* Writes one key's postings, blocks gathered in pieces of BLOCK_MAX. */
static int write_key(MDB_cursor *cur, PostBatch *b, const BatchKey *k, bool append) {
  MDB_val key = {k->len, b->keys.data + k->off};
  unsigned char v[BLOCK_MAX * TEXT_POST_SIZE];
  uint32_t m = 0, done = 0, off = k->head;
  int rc = 0;
  while (!rc && done < k->count) {
    const Block *bl = block_at(b, off);
    const unsigned char *bv = (const unsigned char *)(bl + 1);
    uint32_t bn = off == k->tail ? k->tail_n : bl->cap;
    if (!append) {
      for (uint32_t j = 0; !rc && j < bn; j++) {
        MDB_val data = {TEXT_POST_SIZE, (void *)(bv + (size_t)j * TEXT_POST_SIZE)};
        rc = mdb_cursor_put(cur, &key, &data, MDB_NODUPDATA);
        if (rc == MDB_KEYEXIST)
          rc = 0;
      }
      done += bn;
      off = bl->next;
      continue;
    }
    for (uint32_t j = 0; !rc && j < bn;) {
      uint32_t take = bn - j < BLOCK_MAX - m ? bn - j : BLOCK_MAX - m;
      memcpy(v + (size_t)m * TEXT_POST_SIZE, bv + (size_t)j * TEXT_POST_SIZE,
             (size_t)take * TEXT_POST_SIZE);
      m += take;
      j += take;
      if (m == BLOCK_MAX || done + m == k->count) {
        /* Pieces of BLOCK_MAX: LMDB spills dirty pages only between puts. */
        MDB_val data[2] = {{TEXT_POST_SIZE, v}, {m, NULL}};
        rc = mdb_cursor_put(cur, &key, data,
                            MDB_MULTIPLE | (done ? MDB_APPENDDUP : MDB_APPEND | MDB_APPENDDUP));
        done += m;
        m = 0;
      }
    }
    off = bl->next;
  }
  return rc;
}

/* Writes a batch in key order (MDB_MULTIPLE groups while the tree was
 * empty, one put per posting otherwise); its keys stay, with no postings. */
static SilaStatus batch_write(SilaTxn *txn, PostBatch *b) {
  if (!b->n)
    return SILA_OK;
  size_t nused = 0;
  for (uint32_t i = 0; i < b->nk; i++)
    nused += b->k[i].count > 0;
  uint32_t *order = malloc(nused * sizeof *order);
  if (!order)
    return SILA_ERR_NOMEM;
  nused = 0;
  for (uint32_t i = 0; i < b->nk; i++)
    if (b->k[i].count)
      order[nused++] = i;
  qsort_r(order, nused, sizeof *order, cmp_key, b);
  MDB_stat ms;
  bool append = mdb_stat(txn->txn, txn->store->text_post, &ms) == 0 && ms.ms_entries == 0;
  MDB_cursor *cur = NULL;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_post, &cur);
  for (size_t i = 0; !rc && i < nused; i++) {
    if (i + 2 < nused) /* the blocks of the keys ahead: scattered in the arena */
      __builtin_prefetch(b->arena + b->k[order[i + 2]].head);
    rc = write_key(cur, b, &b->k[order[i]], append);
  }
  if (cur)
    mdb_cursor_close(cur);
  for (size_t i = 0; i < nused; i++)
    b->k[order[i]].count = 0;
  b->n = b->alen = 0;
  free(order);
  return sila_mdb_status(rc);
}

/* ---- indexing many literals ----------------------------------------------
 * Words repeat: each distinct (language, word as written) of the run is
 * analysed once (folded, checked against the stop words, stemmed) and
 * mapped to its batch key, so a repeated word costs one hash probe. */

#define NO_KEY UINT32_MAX
#define MAX_SURFACES (1u << 21) /* then the table starts again (memory bound) */
#define MAX_BATCH_KEYS (1u << 20)

#define SURFACE_INLINE 18 /* most words: compared in the slot, no second cache miss */
typedef struct {
  uint64_t hash; /* 0: empty slot */
  uint32_t key;  /* batch key, or NO_KEY: not indexed */
  uint8_t len, lang;
  char w[SURFACE_INLINE]; /* the word when len <= SURFACE_INLINE, else its
                             offset in Surfaces.bytes (a uint32_t) */
} Surface;

typedef struct {
  Surface *t;
  size_t cap, n;
  SilaBuf bytes;
} Surfaces;

/* A word of the literal, its slot prefetched while the next are found. */
typedef struct {
  uint32_t start, end;
  uint64_t hash;
  bool ascii;
} Token;
#define TOKEN_RUN 64

/* One distinct key of the literal being indexed. */
typedef struct {
  uint32_t key, tf;
  uint64_t mask;
} LitKey;

typedef struct {
  SilaTxn *txn;
  TextAnalyzer *an;
  PostBatch b;
  Surfaces sf;
  LitKey *lit;
  size_t nlit, litcap;
  uint32_t serial; /* of the literal being indexed (stamps on the keys) */
  uint32_t nwords; /* its indexed words so far */
  int lang;
  const char *text;
  Token tok[TOKEN_RUN];
  size_t ntok;
} Builder;

static void surfaces_clear(Surfaces *sf) {
  if (sf->t)
    memset(sf->t, 0, sf->cap * sizeof *sf->t);
  sf->n = 0;
  sf->bytes.len = 0;
}

static int surfaces_grow(Surfaces *sf) {
  size_t cap = sf->cap ? sf->cap * 2 : 1024;
  Surface *t = calloc(cap, sizeof *t);
  if (!t)
    return -1;
  for (size_t i = 0; i < sf->cap; i++) {
    if (!sf->t[i].hash)
      continue;
    size_t h = sf->t[i].hash & (cap - 1);
    while (t[h].hash)
      h = (h + 1) & (cap - 1);
    t[h] = sf->t[i];
  }
  free(sf->t);
  sf->t = t;
  sf->cap = cap;
  return 0;
}

/* The batch key of one word (analysed when first met), NO_KEY when it is
 * not indexed, -1 out of memory. */
static int64_t builder_word(Builder *bd, const Token *t) {
  size_t n = t->end - t->start;
  const char *w = bd->text + t->start;
  Surfaces *sf = &bd->sf;
  if ((sf->n + 1) * 2 > sf->cap && surfaces_grow(sf))
    return -1;
  for (size_t h = t->hash & (sf->cap - 1);; h = (h + 1) & (sf->cap - 1)) {
    Surface *e = &sf->t[h];
    if (!e->hash)
      break;
    if (e->hash == t->hash && e->len == n && e->lang == bd->lang) {
      uint32_t off;
      if (n > SURFACE_INLINE)
        memcpy(&off, e->w, sizeof off);
      if (!memcmp(n <= SURFACE_INLINE ? e->w : sf->bytes.data + off, w, n))
        return e->key;
    }
  }
  char kb[TEXT_KEY_MAX];
  ssize_t kn = text_word_key(bd->an, bd->lang, bd->text, t->start, t->end, t->ascii, kb);
  if (kn < 0)
    return -1;
  int64_t ki = kn ? batch_key(&bd->b, kb, (size_t)kn) : (int64_t)NO_KEY;
  if (ki < 0)
    return -1;
  size_t h = t->hash & (sf->cap - 1);
  while (sf->t[h].hash)
    h = (h + 1) & (sf->cap - 1);
  Surface *e = &sf->t[h];
  *e = (Surface){.hash = t->hash, .key = (uint32_t)ki, .len = (uint8_t)n, .lang = (uint8_t)bd->lang};
  if (n <= SURFACE_INLINE) {
    memcpy(e->w, w, n);
  } else {
    uint32_t off = (uint32_t)sf->bytes.len;
    memcpy(e->w, &off, sizeof off);
    if (sila_buf_append(&sf->bytes, w, n))
      return -1;
  }
  sf->n++;
  return ki;
}

/* Adds the words of bd->tok to the literal's keys; 1 when the literal has
 * TEXT_MAX_WORDS words (the rest is not indexed), -1 out of memory. */
static int builder_run(Builder *bd) {
  size_t ntok = bd->ntok;
  bd->ntok = 0;
  for (size_t i = 0; i < ntok; i++) {
    if (bd->nwords >= TEXT_MAX_WORDS)
      return 1;
    int64_t ki = builder_word(bd, &bd->tok[i]);
    if (ki < 0)
      return -1;
    if (ki == NO_KEY)
      continue;
    uint32_t key = (uint32_t)ki;
    uint64_t bit = 1ULL << (bd->nwords++ & 63);
    BatchKey *k = &bd->b.k[key];
    if (k->stamp == bd->serial) {
      bd->lit[k->slot].tf++;
      bd->lit[k->slot].mask |= bit;
      continue;
    }
    if (bd->nlit == bd->litcap) {
      size_t cap = bd->litcap ? bd->litcap * 2 : 64;
      LitKey *l = realloc(bd->lit, cap * sizeof *l);
      if (!l)
        return -1;
      bd->lit = l;
      bd->litcap = cap;
    }
    k->stamp = bd->serial;
    k->slot = (uint32_t)bd->nlit;
    bd->lit[bd->nlit++] = (LitKey){key, 1, bit};
  }
  return 0;
}

/* Collects a word: its hash now and a prefetch of its slot, resolved by
 * builder_run a few dozen words later (the slots are cache misses: the
 * table of words is megabytes). */
static int builder_token(void *ctx, size_t start, size_t end, bool ascii) {
  Builder *bd = ctx;
  size_t n = end - start;
  if (n > TEXT_KEY_MAX)
    return 0; /* never indexed (text_word_key) */
  const char *w = bd->text + start;
  uint64_t hash = 1469598103934665603ULL ^ (uint64_t)bd->lang;
  for (size_t i = 0; i < n; i++)
    hash = (hash ^ (unsigned char)w[i]) * 1099511628211ULL;
  hash |= 1;
  if (bd->sf.cap)
    __builtin_prefetch(&bd->sf.t[hash & (bd->sf.cap - 1)]);
  bd->tok[bd->ntok++] = (Token){(uint32_t)start, (uint32_t)end, hash, ascii};
  return bd->ntok == TOKEN_RUN ? builder_run(bd) : 0;
}

/* Adds the postings of literal id (text in language lang) to the batch;
 * *words gets its length in indexed words.  -1 out of memory. */
static int builder_literal(Builder *bd, SilaId id, const char *text, size_t len, int lang,
                           uint32_t *words) {
  if (++bd->serial == 0) { /* wrapped: no key may keep an old stamp */
    for (size_t i = 0; i < bd->b.nk; i++)
      bd->b.k[i].stamp = 0;
    bd->serial = 1;
  }
  bd->nlit = 0;
  bd->nwords = 0;
  bd->lang = lang;
  bd->text = text;
  bd->ntok = 0;
  int r = text_tokens(text, len, builder_token, bd);
  if (r == 0)
    r = builder_run(bd);
  if (r < 0)
    return -1;
  *words = bd->nwords;
  unsigned dl = bd->nwords > TEXT_MAX_WORDS ? TEXT_MAX_WORDS : bd->nwords;
  for (size_t i = 0; i < bd->nlit; i++) {
    const LitKey *l = &bd->lit[i];
    unsigned char val[TEXT_POST_SIZE];
    sila_put_be64(val, id);
    put_be16(val + 8, l->tf > 65535 ? 65535 : l->tf);
    put_be16(val + 10, dl);
    sila_put_be64(val + 12, l->mask);
    if (batch_post(&bd->b, l->key, val))
      return -1;
  }
  return 0;
}

/* The literal's text and language when it is to be indexed: like
 * text_literal, with a dictionary cursor (IDs come sorted: the next one is
 * often on the page the cursor is on, with no descent from the root). */
static bool builder_text(SilaTxn *txn, MDB_cursor *dict, SilaId id, const char **text,
                         size_t *len, int *lang, char buf[SILA_TERM_BUF]) {
  if (!text_id_candidate(id))
    return false;
  SilaTerm t;
  if (!sila_id_decode_inline(id, &t, buf)) {
    SILA_DICT_KEY(k, id);
    MDB_val v;
    if (mdb_cursor_get(dict, &k, &v, MDB_SET) || sila_dict_decode(v.mv_data, v.mv_size, &t, NULL))
      return false;
  }
  if (t.kind != SILA_TERM_LITERAL || t.datatype)
    return false;
  *text = t.value;
  *len = t.value_len;
  *lang = text_lang_code(t.lang, t.lang_len, text_default_lang(txn));
  return true;
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
  Builder bd = {.txn = txn, .b = {.keys = SILA_BUF_INIT}, .sf = {.bytes = SILA_BUF_INIT}};
  SilaStatus st = SILA_OK;
  uint64_t total = 0, added_len = 0, langs = 0, old_langs = 0;
  sila_meta_get(txn, "text_langs", &old_langs);
  if (sila_meta_get(txn, "text_len", &total) != SILA_OK)
    total = 0;
  if (!(bd.an = text_txn_analyzer(txn)))
    return SILA_ERR_NOMEM;
  MDB_stat ms;
  bool docs_empty = mdb_stat(txn->txn, txn->store->text_doc, &ms) == 0 && ms.ms_entries == 0;
  MDB_cursor *dcur = NULL, *dict = NULL;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_doc, &dcur);
  if (!rc)
    rc = mdb_cursor_open(txn->txn, txn->store->dict, &dict);
  if (rc) {
    if (dcur)
      mdb_cursor_close(dcur);
    return sila_mdb_status(rc);
  }
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    if ((i > 0 && ids[i] == ids[i - 1]) || !text_id_candidate(ids[i]))
      continue;
    if (!docs_empty && doc_present(txn, ids[i]))
      continue;
    char buf[SILA_TERM_BUF];
    const char *text;
    size_t len;
    int lang;
    uint32_t words;
    if (!builder_text(txn, dict, ids[i], &text, &len, &lang, buf))
      continue;
    if (builder_literal(&bd, ids[i], text, len, lang, &words)) {
      st = SILA_ERR_NOMEM;
      break;
    }
    if (words == 0)
      continue;
    unsigned char dv[5];
    uint32_t dl = words > TEXT_MAX_WORDS ? TEXT_MAX_WORDS : words;
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
    if (bd.b.n >= BATCH_POSTINGS) {
      st = batch_write(txn, &bd.b);
      if (bd.b.nk > MAX_BATCH_KEYS || bd.sf.n > MAX_SURFACES) {
        batch_clear_keys(&bd.b); /* and the words that name them */
        surfaces_clear(&bd.sf);
      }
    }
  }
  mdb_cursor_close(dcur);
  mdb_cursor_close(dict);
  if (st == SILA_OK)
    st = batch_write(txn, &bd.b);
  if (st == SILA_OK && added_len)
    st = sila_meta_put(txn, "text_len", total + added_len);
  /* The languages present: queries stem their words in each of them. */
  if (st == SILA_OK && (langs | old_langs) != old_langs)
    st = sila_meta_put(txn, "text_langs", langs | old_langs);
  batch_free(&bd.b);
  free(bd.sf.t);
  sila_buf_free(&bd.sf.bytes);
  free(bd.lit);
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
