/* sila_text_build.c — indexing many literals at once (bulk loads, the
 * build at first open, reindex): each distinct word as written is analysed
 * once per run, a literal's keys are grouped by stamps on the batch keys,
 * postings are chained per key in arena blocks and written key by key in
 * sorted order, with MDB_MULTIPLE appends while the tree was empty; into an
 * empty tree, batches past the first go through sorted runs merged at the
 * end, so the whole index is appended in order. */
#define _GNU_SOURCE /* qsort_r */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "sila_bulk_ring.h"
#include "sila_runs.h"
#include "text_internal.h"

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
    size_t h = text_fnv64(b->keys.data + b->k[i].off, b->k[i].len) & (cap - 1);
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
  size_t h = text_fnv64(key, keylen) & (b->tcap - 1);
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

/* How a batch's postings go in: appended to an empty tree (keys and
 * values in order); appended to each key's values (the tree was empty when
 * this run of ascending literal IDs started, so every value is greater than
 * the key's values already there); or one by one (a tree with values of
 * earlier loads, anywhere). */
typedef enum { WRITE_APPEND, WRITE_APPEND_DUPS, WRITE_ONE_BY_ONE } WriteMode;

/* Writes one key's postings one by one (duplicates skipped). */
static int write_key_slow(MDB_cursor *cur, PostBatch *b, const BatchKey *k) {
  MDB_val key = {k->len, b->keys.data + k->off};
  uint32_t done = 0, off = k->head;
  int rc = 0;
  while (!rc && done < k->count) {
    const Block *bl = block_at(b, off);
    const unsigned char *bv = (const unsigned char *)(bl + 1);
    uint32_t bn = off == k->tail ? k->tail_n : bl->cap;
    for (uint32_t j = 0; !rc && j < bn; j++) {
      MDB_val data = {TEXT_POST_SIZE, (void *)(bv + (size_t)j * TEXT_POST_SIZE)};
      rc = mdb_cursor_put(cur, &key, &data, MDB_NODUPDATA);
      if (rc == MDB_KEYEXIST)
        rc = 0;
    }
    done += bn;
    off = bl->next;
  }
  return rc;
}

/* Writes one key's postings, blocks gathered in pieces of BLOCK_MAX. */
static int write_key(MDB_cursor *cur, PostBatch *b, const BatchKey *k, WriteMode mode) {
  if (mode == WRITE_ONE_BY_ONE)
    return write_key_slow(cur, b, k);
  MDB_val key = {k->len, b->keys.data + k->off};
  unsigned char v[BLOCK_MAX * TEXT_POST_SIZE];
  uint32_t m = 0, done = 0, off = k->head;
  unsigned first = mode == WRITE_APPEND ? MDB_APPEND | MDB_APPENDDUP : MDB_APPENDDUP;
  int rc = 0;
  while (!rc && done < k->count) {
    const Block *bl = block_at(b, off);
    const unsigned char *bv = (const unsigned char *)(bl + 1);
    uint32_t bn = off == k->tail ? k->tail_n : bl->cap;
    for (uint32_t j = 0; !rc && j < bn;) {
      uint32_t take = bn - j < BLOCK_MAX - m ? bn - j : BLOCK_MAX - m;
      memcpy(v + (size_t)m * TEXT_POST_SIZE, bv + (size_t)j * TEXT_POST_SIZE,
             (size_t)take * TEXT_POST_SIZE);
      m += take;
      j += take;
      if (m == BLOCK_MAX || done + m == k->count) {
        /* Pieces of BLOCK_MAX: LMDB spills dirty pages only between puts. */
        MDB_val data[2] = {{TEXT_POST_SIZE, v}, {m, NULL}};
        rc = mdb_cursor_put(cur, &key, data, MDB_MULTIPLE | (done ? MDB_APPENDDUP : first));
        done += m;
        m = 0;
      }
    }
    off = bl->next;
  }
  /* Not in order after all (never expected): the safe way, from the start. */
  if (rc == MDB_KEYEXIST && mode == WRITE_APPEND_DUPS)
    rc = write_key_slow(cur, b, k);
  return rc;
}

/* The batch's keys with postings, sorted (*order: malloc'd, NULL without
 * memory). */
static size_t batch_order(PostBatch *b, uint32_t **order) {
  size_t nused = 0;
  for (uint32_t i = 0; i < b->nk; i++)
    nused += b->k[i].count > 0;
  *order = malloc((nused ? nused : 1) * sizeof **order);
  if (!*order)
    return 0;
  nused = 0;
  for (uint32_t i = 0; i < b->nk; i++)
    if (b->k[i].count)
      (*order)[nused++] = i;
  qsort_r(*order, nused, sizeof **order, cmp_key, b);
  return nused;
}

/* Empties the batch's postings (its keys stay). */
static void batch_forget(PostBatch *b, const uint32_t *order, size_t nused) {
  for (size_t i = 0; i < nused; i++)
    b->k[order[i]].count = 0;
  b->n = b->alen = 0;
}

/* Writes a batch in key order; its keys stay, with no postings.
 * `run_fresh`: the tree was empty when the run of literals started. */
static SilaStatus batch_write(SilaTxn *txn, PostBatch *b, bool run_fresh) {
  if (!b->n)
    return SILA_OK;
  /* A writable map's blocks for them, pages half full at worst. */
  SilaStatus rst = sila_txn_reserve(
      txn, 2 * ((uint64_t)b->n * TEXT_POST_SIZE + (uint64_t)b->nk * (TEXT_KEY_MAX + 16)));
  if (rst != SILA_OK)
    return rst;
  uint32_t *order;
  size_t nused = batch_order(b, &order);
  if (!order)
    return SILA_ERR_NOMEM;
  MDB_stat ms;
  bool empty = mdb_stat(txn->txn, txn->store->text_post, &ms) == 0 && ms.ms_entries == 0;
  WriteMode mode = empty ? WRITE_APPEND : run_fresh ? WRITE_APPEND_DUPS : WRITE_ONE_BY_ONE;
  MDB_cursor *cur = NULL;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_post, &cur);
  for (size_t i = 0; !rc && i < nused; i++) {
    if (i + 2 < nused) /* the blocks of the keys ahead: scattered in the arena */
      __builtin_prefetch(b->arena + b->k[order[i + 2]].head);
    rc = write_key(cur, b, &b->k[order[i]], mode);
  }
  if (cur)
    mdb_cursor_close(cur);
  batch_forget(b, order, nused);
  free(order);
  return sila_mdb_status(rc);
}

/* ---- postings of many batches: sorted runs, merged ------------------------
 * A batch written into a tree that earlier batches filled puts keys and
 * values between theirs: pages split in the middle and end about half full
 * (56 % at 100 M quads).  When the tree was empty at the start, every batch
 * but the last goes instead to a sorted run of (key, posting) records, and
 * at the end the runs are merged and appended in order (MDB_APPEND), which
 * fills every page (store/sila_runs.h, the bulk loader's machinery).  Keys
 * are zero-padded to TEXT_KEY_MAX bytes: they hold no zero byte (words are
 * letters, digits and marks), so a memcmp of the records is LMDB's order of
 * the keys, then of the postings (literal ID first); a key's postings of
 * one run precede those of the next, whose literal IDs are all greater. */
#define SPILL_REC (TEXT_KEY_MAX + TEXT_POST_SIZE)

static int cmp_spill(const char *a, const char *b) { return memcmp(a, b, SPILL_REC); }

/* Writes the batch as one sorted run; its keys stay, with no postings. */
static SilaStatus batch_spill(PostBatch *b, RunFile *rf) {
  if (!b->n)
    return SILA_OK;
  uint32_t *order;
  size_t nused = batch_order(b, &order);
  if (!order)
    return SILA_ERR_NOMEM;
  uint64_t off = 0, count = 0;
  SilaStatus st = sila_runs_begin(rf, &off);
  unsigned char rec[SPILL_REC];
  for (size_t i = 0; i < nused && st == SILA_OK; i++) {
    const BatchKey *k = &b->k[order[i]];
    memset(rec, 0, TEXT_KEY_MAX);
    memcpy(rec, b->keys.data + k->off, k->len);
    uint32_t done = 0, boff = k->head;
    while (done < k->count && st == SILA_OK) {
      const Block *bl = block_at(b, boff);
      const unsigned char *bv = (const unsigned char *)(bl + 1);
      uint32_t bn = boff == k->tail ? k->tail_n : bl->cap;
      for (uint32_t j = 0; j < bn && st == SILA_OK; j++) {
        memcpy(rec + TEXT_KEY_MAX, bv + (size_t)j * TEXT_POST_SIZE, TEXT_POST_SIZE);
        st = sila_runs_add(rf, rec, SPILL_REC, 1);
      }
      done += bn;
      count += bn;
      boff = bl->next;
    }
  }
  if (st == SILA_OK)
    sila_runs_end(rf, off, count);
  batch_forget(b, order, nused);
  free(order);
  return st;
}

/* Appends merged records to the empty tree, a key's postings BLOCK_MAX at
 * a time (MDB_MULTIPLE). */
typedef struct {
  MDB_cursor *cur;
  unsigned char key[TEXT_KEY_MAX];
  size_t keylen;
  bool key_written;
  unsigned char vals[BLOCK_MAX * TEXT_POST_SIZE];
  size_t n;
} PostAppender;

static SilaStatus appender_flush(PostAppender *a) {
  if (!a->n)
    return SILA_OK;
  MDB_val key = {a->keylen, a->key};
  MDB_val data[2] = {{TEXT_POST_SIZE, a->vals}, {a->n, NULL}};
  int rc = mdb_cursor_put(a->cur, &key, data,
                          MDB_MULTIPLE | MDB_APPENDDUP | (a->key_written ? 0 : MDB_APPEND));
  a->key_written = true;
  a->n = 0;
  return sila_mdb_status(rc);
}

static SilaStatus appender_emit(void *ctx, const char *rec) {
  PostAppender *a = ctx;
  size_t keylen = strnlen(rec, TEXT_KEY_MAX);
  bool same = a->keylen == keylen && !memcmp(a->key, rec, keylen);
  if (a->n && (!same || a->n == BLOCK_MAX)) {
    SilaStatus st = appender_flush(a);
    if (st != SILA_OK)
      return st;
  }
  if (!same) {
    memcpy(a->key, rec, keylen);
    a->keylen = keylen;
    a->key_written = false;
  }
  memcpy(a->vals + a->n++ * TEXT_POST_SIZE, rec + TEXT_KEY_MAX, TEXT_POST_SIZE);
  return SILA_OK;
}

/* Merges the runs into the (empty) postings tree. */
static SilaStatus runs_append(SilaTxn *txn, RunFile *rf) {
  uint64_t recs = 0;
  for (size_t i = 0; i < rf->nruns; i++)
    recs += rf->runs[i].count;
  SilaStatus st = sila_txn_reserve(txn, 2 * recs * SPILL_REC); /* a writable map's blocks */
  if (st != SILA_OK)
    return st;
  PostAppender a = {.keylen = 0};
  int rc = mdb_cursor_open(txn->txn, txn->store->text_post, &a.cur);
  if (rc)
    return sila_mdb_status(rc);
  st = sila_runs_merge(rf, SPILL_REC, cmp_spill, appender_emit, &a);
  if (st == SILA_OK)
    st = appender_flush(&a);
  mdb_cursor_close(a.cur);
  return st;
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
    text_put_be16(val + 8, l->tf > 65535 ? 65535 : l->tf);
    text_put_be16(val + 10, dl);
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

#define BATCH_POSTINGS (1u << 21)

/* Postings per batch: BATCH_POSTINGS, or fewer through $SILA_TEXT_BATCH
 * (tests: many batches from small data). */
static size_t batch_postings(void) {
  const char *env = getenv("SILA_TEXT_BATCH");
  long v = env ? strtol(env, NULL, 10) : 0;
  return v > 0 && v < (long)BATCH_POSTINGS ? (size_t)v : BATCH_POSTINGS;
}

SilaStatus text_index_ids(SilaTxn *txn, SilaId *ids, size_t n) {
  if (!txn->store->text_on || n == 0)
    return SILA_OK;
  qsort(ids, n, sizeof *ids, cmp_id);
  Builder bd = {.txn = txn, .b = {.keys = SILA_BUF_INIT}, .sf = {.bytes = SILA_BUF_INIT}};
  SilaStatus st = sila_txn_reserve(txn, (uint64_t)n * 64); /* the documents, on a writable map */
  if (st != SILA_OK)
    return st;
  uint64_t total = 0, added_len = 0, langs = 0, old_langs = 0;
  sila_meta_get(txn, "text_langs", &old_langs);
  if (sila_meta_get(txn, "text_len", &total) != SILA_OK)
    total = 0;
  if (!(bd.an = text_txn_analyzer(txn)))
    return SILA_ERR_NOMEM;
  MDB_stat ms;
  bool docs_empty = mdb_stat(txn->txn, txn->store->text_doc, &ms) == 0 && ms.ms_entries == 0;
  /* IDs come sorted: while the postings tree was empty at the start, every
   * batch appends to its keys' values. */
  bool run_fresh = mdb_stat(txn->txn, txn->store->text_post, &ms) == 0 && ms.ms_entries == 0;
  RunFile runs = {0}; /* full batches while run_fresh, merged at the end */
  size_t per_batch = batch_postings();
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
    if (!docs_empty && text_doc_present(txn, ids[i]))
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
    if (bd.b.n >= per_batch) {
      /* Into the empty tree: the first batch is kept as a run too (its
       * keys are not the whole load's), unless it turns out to be the
       * only one (written at the end with MDB_APPEND, no file). */
      st = run_fresh ? batch_spill(&bd.b, &runs) : batch_write(txn, &bd.b, false);
      if (bd.b.nk > MAX_BATCH_KEYS || bd.sf.n > MAX_SURFACES) {
        batch_clear_keys(&bd.b); /* and the words that name them */
        surfaces_clear(&bd.sf);
      }
    }
  }
  mdb_cursor_close(dcur);
  mdb_cursor_close(dict);
  if (st == SILA_OK && runs.nruns) {
    st = batch_spill(&bd.b, &runs);
    if (st == SILA_OK)
      st = runs_append(txn, &runs);
  } else if (st == SILA_OK) {
    st = batch_write(txn, &bd.b, run_fresh);
  }
  sila_runs_free(&runs);
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

/* ---- a bulk load's index on a thread of its own ---------------------------
 * Into an empty index, the analysis (tokens, folding, stemming) and the
 * postings' sorted runs need no transaction: the literals' terms come from
 * the load's dictionary runs (store/bulk_internal.h), so a thread does all
 * of it while the load's thread merges the quads into LMDB; the load's
 * thread then only appends the documents and the merged postings.  What
 * the thread writes to the store is exactly what text_index_ids writes. */

struct TextBulk {
  pthread_t thread;
  atomic_bool stop;
  /* Given by the load's thread before the start, the thread's until joined. */
  SilaId *ids;
  size_t n;
  TextTermFn next;
  void *next_ctx;
  int default_lang;
  size_t per_batch;
  Builder bd;
  RunFile runs;
  /* Past one batch, the thread merges its runs into the ring and the load's
   * thread appends what comes out (the ring ends in any case, with the
   * thread's status: the load's thread waits on it). */
  SilaBulkRing *ring;
  /* Results, read after the join: the indexed literals ids[0..ndocs) and
   * their lengths in words. */
  uint32_t *dls;
  size_t ndocs;
  uint64_t added_len, langs;
  SilaStatus st;
};

/* The literal ID's text and language from its dictionary entry. */
static bool bulk_literal_text(TextBulk *tb, SilaId id, const char *enc, size_t enc_len,
                              const char **text, size_t *len, int *lang, char buf[SILA_TERM_BUF]) {
  SilaTerm t;
  if (!sila_id_decode_inline(id, &t, buf) &&
      (!enc || sila_dict_decode(enc, enc_len, &t, NULL) != SILA_OK))
    return false;
  if (t.kind != SILA_TERM_LITERAL || t.datatype)
    return false;
  *text = t.value;
  *len = t.value_len;
  *lang = text_lang_code(t.lang, t.lang_len, tb->default_lang);
  return true;
}

static SilaStatus bulk_run(TextBulk *tb) {
  qsort(tb->ids, tb->n, sizeof *tb->ids, cmp_id);
  Builder *bd = &tb->bd;
  SilaId term_id = 0;
  const char *enc = NULL;
  size_t enc_len = 0;
  int more = 1; /* the term stream has more */
  for (size_t i = 0; i < tb->n; i++) {
    SilaId id = tb->ids[i];
    if ((i > 0 && id == tb->ids[i - 1]) || !text_id_candidate(id))
      continue;
    if (atomic_load_explicit(&tb->stop, memory_order_relaxed))
      return SILA_ERR_INTERRUPTED;
    /* A dictionary literal's entry: the stream is in ID order too (inline
     * short strings, a greater tag, need none). */
    bool in_dict = sila_id_tag(id) == SILA_TAG_LITERAL;
    while (in_dict && more == 1 && (!enc || term_id < id)) {
      more = tb->next(tb->next_ctx, &term_id, &enc, &enc_len);
      if (more < 0)
        return SILA_ERR_IO;
    }
    bool found = in_dict && more == 1 && enc && term_id == id;
    char buf[SILA_TERM_BUF];
    const char *text;
    size_t len;
    int lang;
    uint32_t words;
    if (!bulk_literal_text(tb, id, found ? enc : NULL, enc_len, &text, &len, &lang, buf))
      continue;
    if (builder_literal(bd, id, text, len, lang, &words))
      return SILA_ERR_NOMEM;
    if (words == 0)
      continue;
    uint32_t dl = words > TEXT_MAX_WORDS ? TEXT_MAX_WORDS : words;
    tb->ids[tb->ndocs] = id; /* ndocs <= i: the IDs not read yet stay */
    tb->dls[tb->ndocs++] = dl;
    tb->added_len += dl;
    tb->langs |= 1u << lang;
    if (bd->b.n >= tb->per_batch) {
      SilaStatus st = batch_spill(&bd->b, &tb->runs);
      if (st != SILA_OK)
        return st;
      if (bd->b.nk > MAX_BATCH_KEYS || bd->sf.n > MAX_SURFACES) {
        batch_clear_keys(&bd->b);
        surfaces_clear(&bd->sf);
      }
    }
  }
  /* Past one batch the last is a run too; else it is written at the end
   * with MDB_APPEND, no file (as text_index_ids does). */
  return tb->runs.nruns ? batch_spill(&bd->b, &tb->runs) : SILA_OK;
}

static SilaStatus ring_emit(void *ctx, const char *rec) {
  void *slot = sila_bulk_ring_put(ctx);
  if (!slot)
    return SILA_ERR_INTERRUPTED; /* the load's thread stopped */
  memcpy(slot, rec, SPILL_REC);
  return SILA_OK;
}

static void *bulk_main(void *arg) {
  TextBulk *tb = arg;
  SilaStatus st = bulk_run(tb);
  if (st == SILA_OK && tb->runs.nruns)
    st = sila_runs_merge(&tb->runs, SPILL_REC, cmp_spill, ring_emit, tb->ring);
  tb->st = st;
  sila_bulk_ring_end(tb->ring, st);
  return NULL;
}

static void bulk_free(TextBulk *tb) {
  batch_free(&tb->bd.b);
  free(tb->bd.sf.t);
  sila_buf_free(&tb->bd.sf.bytes);
  free(tb->bd.lit);
  text_analyzer_free(tb->bd.an);
  sila_runs_free(&tb->runs);
  sila_bulk_ring_free(tb->ring);
  free(tb->dls);
  free(tb);
}

SilaStatus text_bulk_start(SilaTxn *txn, SilaId *ids, size_t n, TextTermFn next, void *next_ctx,
                           TextBulk **out) {
  *out = NULL;
  if (!txn->store->text_on || n == 0)
    return SILA_OK;
  MDB_stat ms;
  if (mdb_stat(txn->txn, txn->store->text_doc, &ms) != 0 || ms.ms_entries != 0 ||
      mdb_stat(txn->txn, txn->store->text_post, &ms) != 0 || ms.ms_entries != 0)
    return SILA_OK; /* not an empty index: text_index_ids, after the merge */
  TextBulk *tb = calloc(1, sizeof *tb);
  if (!tb)
    return SILA_ERR_NOMEM;
  tb->ids = ids;
  tb->n = n;
  tb->next = next;
  tb->next_ctx = next_ctx;
  tb->default_lang = text_default_lang(txn);
  tb->per_batch = batch_postings();
  tb->bd = (Builder){.b = {.keys = SILA_BUF_INIT}, .sf = {.bytes = SILA_BUF_INIT}};
  atomic_init(&tb->stop, false);
  tb->bd.an = text_analyzer_new();
  tb->dls = malloc(n * sizeof *tb->dls);
  tb->ring = sila_bulk_ring_new(SPILL_REC, 1u << 12); /* 4 x 336 KiB */
  if (!tb->bd.an || !tb->dls || !tb->ring) {
    bulk_free(tb);
    return SILA_ERR_NOMEM;
  }
  if (pthread_create(&tb->thread, NULL, bulk_main, tb) != 0) {
    bulk_free(tb);
    return SILA_OK; /* no thread: text_index_ids after the merge */
  }
  *out = tb;
  return SILA_OK;
}

/* Appends the thread's documents, then the postings its merge hands over,
 * to the empty trees (the postings of a single batch wait for the join). */
static SilaStatus bulk_write(TextBulk *tb, SilaTxn *txn) {
  const char *recs;
  size_t n;
  bool last;
  /* The first block comes after the thread's last document. */
  SilaStatus st = sila_bulk_ring_take(tb->ring, &recs, &n, &last);
  if (st == SILA_OK) /* the documents, on a writable map */
    st = sila_txn_reserve(txn, (uint64_t)tb->ndocs * 64);
  MDB_cursor *dcur = NULL;
  int rc = st == SILA_OK ? mdb_cursor_open(txn->txn, txn->store->text_doc, &dcur) : 0;
  for (size_t i = 0; !rc && st == SILA_OK && i < tb->ndocs; i++) {
    unsigned char dv[5];
    memcpy(dv, &tb->dls[i], 4);
    dv[4] = 0;
    SILA_DICT_KEY(k, tb->ids[i]);
    MDB_val v = {5, dv};
    rc = mdb_cursor_put(dcur, &k, &v, MDB_APPEND);
  }
  if (dcur)
    mdb_cursor_close(dcur);
  if (st == SILA_OK)
    st = sila_mdb_status(rc);
  PostAppender a = {.keylen = 0};
  if (st == SILA_OK && tb->runs.nruns && (rc = mdb_cursor_open(txn->txn, txn->store->text_post, &a.cur)))
    st = sila_mdb_status(rc);
  for (;;) {
    if (st == SILA_OK) /* a writable map's blocks for the block's pages */
      st = sila_txn_reserve_note(txn, 2 * (uint64_t)n * SPILL_REC);
    for (size_t i = 0; i < n && st == SILA_OK; i++)
      st = appender_emit(&a, recs + i * SPILL_REC);
    sila_bulk_ring_give_back(tb->ring);
    if (last || st != SILA_OK)
      break;
    st = sila_bulk_ring_take(tb->ring, &recs, &n, &last);
  }
  if (st == SILA_OK && a.cur)
    st = appender_flush(&a);
  if (a.cur)
    mdb_cursor_close(a.cur);
  return st;
}

SilaStatus text_bulk_finish(TextBulk *tb, SilaTxn *txn, bool write) {
  if (!tb)
    return SILA_OK;
  SilaStatus st = write ? bulk_write(tb, txn) : SILA_ERR_INTERRUPTED;
  if (st != SILA_OK) { /* the thread ends where it is */
    atomic_store(&tb->stop, true);
    sila_bulk_ring_stop(tb->ring);
  }
  pthread_join(tb->thread, NULL);
  if (st == SILA_OK && !tb->runs.nruns)
    st = batch_write(txn, &tb->bd.b, true);
  uint64_t total = 0, old_langs = 0;
  if (st == SILA_OK) {
    sila_meta_get(txn, "text_langs", &old_langs);
    if (sila_meta_get(txn, "text_len", &total) != SILA_OK)
      total = 0;
  }
  if (st == SILA_OK && tb->added_len)
    st = sila_meta_put(txn, "text_len", total + tb->added_len);
  if (st == SILA_OK && (tb->langs | old_langs) != old_langs)
    st = sila_meta_put(txn, "text_langs", tb->langs | old_langs);
  bulk_free(tb);
  return write ? st : SILA_OK;
}
