/* sila_bulk.c — loading many quads in one write transaction.
 *
 * Terms are turned into IDs by hashing (no store lookup per term); a batch
 * table keeps each distinct term of the batch once.  When the batch is
 * full it is written: dictionary entries in ID order, then the quads
 * sorted for each index and written key group by key group (MDB_MULTIPLE
 * puts a whole group in one call; MDB_APPEND where the index was empty).
 * Memory is bounded by the batch size, not by the input. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_sort.h"
#include "store_internal.h"

#include "bulk_internal.h"
#include "text_internal.h"

size_t sila_bulk_slot_of(SilaId id, size_t cap) {
  uint64_t h = id * 0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 20) & (cap - 1);
}

static bool txn_index_empty(SilaTxn *txn, int idx) {
  MDB_stat ms;
  return mdb_stat(txn->txn, txn->store->index[idx], &ms) == 0 && ms.ms_entries == 0;
}

SilaStatus sila_bulk_grow_terms(SilaBulk *b) {
  size_t cap = b->terms_cap ? b->terms_cap * 2 : 1u << 16;
  TermSlot *t = sila_calloc(cap, sizeof *t);
  if (!t)
    return SILA_ERR_NOMEM;
  for (size_t i = 0; i < b->terms_cap; i++) {
    if (!b->terms[i].id)
      continue;
    size_t j = sila_bulk_slot_of(b->terms[i].id, cap);
    while (t[j].id)
      j = (j + 1) & (cap - 1);
    t[j] = b->terms[i];
  }
  free(b->terms);
  b->terms = t;
  b->terms_cap = cap;
  return SILA_OK;
}

SilaStatus sila_bulk_new(SilaTxn *txn, SilaBulk **out) {
  *out = NULL;
  if (!txn->write)
    return SILA_ERR_INVALID;
  SilaBulk *b = sila_calloc(1, sizeof *b);
  if (!b)
    return SILA_ERR_NOMEM;
  b->txn = txn;
  /* Tests shrink batches to reach the multi-batch paths with little data. */
  const char *env = getenv("SILA_BULK_BATCH");
  b->batch_quads = env && atol(env) > 0 && (size_t)atol(env) < BATCH_QUADS ? (size_t)atol(env)
                                                                            : BATCH_QUADS;
  b->quads = sila_malloc(BATCH_QUADS * sizeof *b->quads);
  b->tmp = sila_malloc(BATCH_QUADS * sizeof *b->tmp);
  uint64_t next = 1;
  SilaStatus st = sila_meta_get(txn, "blank_next", &next);
  if (st == SILA_ERR_NOT_FOUND)
    st = SILA_OK;
  b->next_blank = next;
  if (st == SILA_OK && (!b->quads || !b->tmp))
    st = SILA_ERR_NOMEM;
  if (st == SILA_OK)
    st = sila_bulk_grow_terms(b);
  /* Loading into an empty store: batches beyond the first are spilled to
   * sorted runs and merged (see sila_bulk_spill.c). */
  MDB_stat ms;
  b->spill = mdb_stat(txn->txn, txn->store->dict, &ms) == 0 && ms.ms_entries == 0 &&
             txn_index_empty(txn, IDX_SPOG) && txn_index_empty(txn, IDX_DSPO);
  if (st != SILA_OK) {
    sila_bulk_free(b);
    return st;
  }
  *out = b;
  return SILA_OK;
}

void sila_bulk_free(SilaBulk *b) {
  if (!b)
    return;
  sila_bulk_spill_wait_sorter(b);
  sila_bulk_spill_free(b);
  free(b->terms);
  sila_buf_free(&b->arena);
  free(b->quads);
  free(b->tmp);
  free(b->spare_q);
  free(b->spare_tmp);
  free(b->blanks);
  sila_buf_free(&b->blank_labels);
  sila_buf_free(&b->enc);
  sila_buf_free(&b->last_s);
  sila_buf_free(&b->last_p);
  free(b->text_ids);
  free(b->tts);
  sila_buf_free(&b->new_blanks);
  free(b->blank_map);
  sila_bulk_stats_free(b);
  free(b);
}

static int cmp_u64(const void *a, const void *b) {
  SilaId x = *(const SilaId *)a, y = *(const SilaId *)b;
  return x < y ? -1 : x > y;
}

SilaStatus sila_bulk_text_collect(SilaBulk *b) {
  if (!b->txn->store->text_on)
    return SILA_OK;
  for (size_t i = 0; i < b->nquads; i++) {
    SilaId o = b->quads[i].k[2];
    if (!text_id_candidate(o))
      continue;
    if (b->text_n == b->text_cap) {
      /* Full: drop repeats first, grow only when that frees too little. */
      if (b->text_n) {
        /* The radix sort, with b->tmp as scratch (free outside the quad
         * sorts), was most of this function's time as qsort. */
        if (b->text_n <= BATCH_QUADS * (sizeof *b->tmp / sizeof *b->text_ids))
          sila_sort_u64(b->text_ids, b->text_n, (uint64_t *)b->tmp);
        else
          qsort(b->text_ids, b->text_n, sizeof *b->text_ids, cmp_u64);
        size_t m = 0;
        for (size_t j = 0; j < b->text_n; j++)
          if (m == 0 || b->text_ids[m - 1] != b->text_ids[j])
            b->text_ids[m++] = b->text_ids[j];
        b->text_n = m;
      }
      if (b->text_n > b->text_cap / 2 || !b->text_cap) {
        size_t cap = b->text_cap ? b->text_cap * 2 : 1u << 16;
        SilaId *p = realloc(b->text_ids, cap * sizeof *p);
        if (!p)
          return SILA_ERR_NOMEM;
        b->text_ids = p;
        b->text_cap = cap;
      }
    }
    b->text_ids[b->text_n++] = o;
  }
  return SILA_OK;
}

void sila_bulk_new_document(SilaBulk *b) {
  b->last_s_id = b->last_p_id = 0;
  free(b->blanks);
  b->blanks = NULL;
  b->blanks_cap = b->blanks_len = 0;
  b->blank_labels.len = 0;
  if (b->worker) { /* a new chunk: its blank nodes are numbered from 1 */
    b->next_blank = b->new_blanks_first = 1;
    b->new_blanks.len = 0;
    b->chunk_start = true;
  }
}

/* Document-scoped blank node labels → fresh store blank IDs (in a worker
 * handle: numbers local to the chunk, the label noted for the load). */
SilaStatus sila_bulk_blank_id(SilaBulk *b, const SilaTerm *t, SilaId *out) {
  uint64_t h = sila_hash64(t->value, t->value_len) | 1;
  if (b->blanks_len * 2 >= b->blanks_cap) {
    size_t cap = b->blanks_cap ? b->blanks_cap * 2 : 1024;
    BlankSlot *n = sila_calloc(cap, sizeof *n);
    if (!n)
      return SILA_ERR_NOMEM;
    for (size_t i = 0; i < b->blanks_cap; i++) {
      if (!b->blanks[i].hash)
        continue;
      size_t j = b->blanks[i].hash & (cap - 1);
      while (n[j].hash)
        j = (j + 1) & (cap - 1);
      n[j] = b->blanks[i];
    }
    free(b->blanks);
    b->blanks = n;
    b->blanks_cap = cap;
  }
  size_t j = h & (b->blanks_cap - 1);
  for (;; j = (j + 1) & (b->blanks_cap - 1)) {
    BlankSlot *s = &b->blanks[j];
    if (!s->hash)
      break;
    if (s->hash == h && s->len == t->value_len &&
        memcmp(b->blank_labels.data + s->off, t->value, s->len) == 0) {
      *out = s->id;
      return SILA_OK;
    }
  }
  if (b->next_blank >= (1ULL << 60))
    return SILA_ERR_FULL;
  BlankSlot *s = &b->blanks[j];
  s->hash = h;
  s->off = b->blank_labels.len;
  s->len = t->value_len;
  s->id = ((SilaId)SILA_TAG_BLANK << 60) | b->next_blank++;
  if (sila_buf_append(&b->blank_labels, t->value, t->value_len))
    return SILA_ERR_NOMEM;
  if (b->worker) {
    size_t len = t->value_len;
    if (sila_buf_append(&b->new_blanks, &len, sizeof len) ||
        sila_buf_append(&b->new_blanks, t->value, len))
      return SILA_ERR_NOMEM;
  }
  b->blanks_len++;
  *out = s->id;
  return SILA_OK;
}

static SilaStatus term_id(SilaBulk *b, const SilaTerm *t, SilaId *out);

/* A triple term: components first (blank nodes in the load's scope), then
 * its 'T' entry in the batch like any term, noted for the tt.* index. */
static SilaStatus triple_id(SilaBulk *b, const SilaTerm *t, SilaId spo[3]) {
  if (!t->triple || !sila_term_storable(t))
    return SILA_ERR_INVALID;
  /* A worker's blank IDs are not the document's yet, and a 'T' entry is
   * named by its components' IDs: such a statement goes to the load's own
   * handle (SILA_ERR_BUSY tells the parser thread to stop there). */
  if (b->worker)
    for (int i = 0; i < 3; i++)
      if (t->triple[i].kind == SILA_TERM_BLANK)
        return SILA_ERR_BUSY;
  for (int i = 0; i < 3; i++) {
    SilaStatus st = term_id(b, &t->triple[i], &spo[i]);
    if (st != SILA_OK)
      return st;
  }
  if (!b->txn->store->tt_on)
    return SILA_ERR_INVALID;
  b->enc.len = 0;
  unsigned char enc[SILA_TT_ENTRY_LEN];
  sila_tt_entry(spo[0], spo[1], spo[2], enc);
  return sila_buf_append(&b->enc, enc, sizeof enc) ? SILA_ERR_NOMEM : SILA_OK;
}

static SilaStatus note_triple(SilaBulk *b, SilaId tt, const SilaId spo[3]) {
  if (b->tts_n == b->tts_cap) {
    size_t cap = b->tts_cap ? b->tts_cap * 2 : 256;
    SilaId(*n)[4] = sila_realloc(b->tts, cap * sizeof *n);
    if (!n)
      return SILA_ERR_NOMEM;
    b->tts = n;
    b->tts_cap = cap;
  }
  SilaId *e = b->tts[b->tts_n++];
  e[0] = tt, e[1] = spo[0], e[2] = spo[1], e[3] = spo[2];
  b->batch_has_tt = true;
  return SILA_OK;
}

/* Writes the tt.* entries of the triple terms noted since the last call. */
static SilaStatus flush_triples(SilaBulk *b) {
  for (size_t i = 0; i < b->tts_n; i++) {
    SilaStatus st = sila_tt_index_put(b->txn, b->tts[i][0], b->tts[i][1], b->tts[i][2],
                                      b->tts[i][3]);
    if (st != SILA_OK)
      return st;
  }
  b->tts_n = 0;
  return SILA_OK;
}

static SilaStatus term_id(SilaBulk *b, const SilaTerm *t, SilaId *out) {
  SilaId spo[3];
  bool triple = t->kind == SILA_TERM_TRIPLE;
  if (t->kind == SILA_TERM_BLANK)
    return sila_bulk_blank_id(b, t, out);
  if (triple) {
    SilaStatus st = triple_id(b, t, spo);
    if (st != SILA_OK)
      return st;
  } else {
    if (sila_id_inline(t, out))
      return SILA_OK;
    /* Whether it is storable is asked below, of a term new to the batch
     * only: its encoding says all that the check reads, so a repeat (most
     * subjects, every predicate) was checked when it came first. */
    if (sila_dict_encode(t, &b->enc))
      return sila_buf_failed(&b->enc) ? SILA_ERR_NOMEM : SILA_ERR_INVALID;
  }
  if (b->terms_len * 2 >= b->terms_cap && sila_bulk_grow_terms(b) != SILA_OK)
    return SILA_ERR_NOMEM;
  SilaId id = sila_dict_hash_id(t, b->enc.data, b->enc.len);
  for (;;) {
    size_t j = sila_bulk_slot_of(id, b->terms_cap);
    while (b->terms[j].id && b->terms[j].id != id)
      j = (j + 1) & (b->terms_cap - 1);
    TermSlot *s = &b->terms[j];
    if (!s->id) {
      if (!triple && !sila_term_storable(t))
        return SILA_ERR_INVALID; /* could not be dumped and loaded back */
      s->id = id;
      s->off = b->arena.len;
      s->len = b->enc.len;
      if (sila_buf_append(&b->arena, b->enc.data, b->enc.len))
        return SILA_ERR_NOMEM;
      b->terms_len++;
      break;
    }
    if (sila_dict_entry_equal(b->arena.data + s->off, s->len, b->enc.data, b->enc.len))
      break;
    id = sila_dict_next_probe(id); /* two terms of the batch share a hash */
  }
  *out = id;
  return triple ? note_triple(b, id, spo) : SILA_OK;
}

/* An IRI equal to the previous one in this position reuses its ID (the
 * batch table and its terms are reset at each flush, so is the cache). */
static SilaStatus cached_id(SilaBulk *b, const SilaTerm *t, SilaBuf *last, SilaId *last_id,
                            SilaId *out) {
  if (t->kind != SILA_TERM_IRI)
    return term_id(b, t, out);
  if (*last_id && last->len == t->value_len && !memcmp(last->data, t->value, t->value_len)) {
    *out = *last_id;
    return SILA_OK;
  }
  SilaStatus st = term_id(b, t, out);
  if (st != SILA_OK)
    return st;
  last->len = 0;
  if (sila_buf_append(last, t->value, t->value_len))
    return SILA_ERR_NOMEM;
  *last_id = *out;
  return SILA_OK;
}

/* ---- Flushing ------------------------------------------------------------- */


static int cmp_slot(const void *a, const void *b) {
  SilaId x = ((const TermSlot *)a)->id, y = ((const TermSlot *)b)->id;
  return x < y ? -1 : x > y;
}

int sila_bulk_cmp_remap(const void *a, const void *b) {
  SilaId x = ((const Remap *)a)->from, y = ((const Remap *)b)->from;
  return x < y ? -1 : x > y;
}

static bool batch_has_id(SilaBulk *b, SilaId id) {
  size_t j = sila_bulk_slot_of(id, b->terms_cap);
  while (b->terms[j].id) {
    if (b->terms[j].id == id)
      return true;
    j = (j + 1) & (b->terms_cap - 1);
  }
  return false;
}

/* The batch's distinct terms in ID order, into list (terms_len entries). */
void sila_bulk_sorted_terms(SilaBulk *b, TermSlot *list, size_t *count) {
  size_t n = 0;
  /* Sort by ID with the radix sort: b->tmp is free between quad sorts and
   * holds the keys, a scratch array the other half. */
  SilaKey4 *keys = b->tmp, *scratch = NULL;
  if (b->terms_len <= BATCH_QUADS)
    scratch = sila_malloc((b->terms_len ? b->terms_len : 1) * sizeof *scratch);
  if (scratch) {
    for (size_t i = 0; i < b->terms_cap; i++)
      if (b->terms[i].id)
        keys[n++] = (SilaKey4){{b->terms[i].id, b->terms[i].off, b->terms[i].len, 0}};
    sila_sort_keys(keys, n, scratch);
    free(scratch);
    for (size_t i = 0; i < n; i++)
      list[i] = (TermSlot){keys[i].k[0], (size_t)keys[i].k[1], (size_t)keys[i].k[2]};
  } else {
    for (size_t i = 0; i < b->terms_cap; i++)
      if (b->terms[i].id)
        list[n++] = b->terms[i];
    qsort(list, n, sizeof *list, cmp_slot);
  }

  *count = n;
}

/* Writes the batch's terms; a term whose slot in the store holds another
 * term moves to the next free slot and is recorded in *remaps. */
static SilaStatus flush_terms(SilaBulk *b, Remap **remaps, size_t *nremaps) {
  SilaTxn *txn = b->txn;
  TermSlot *list = sila_malloc((b->terms_len ? b->terms_len : 1) * sizeof *list);
  if (!list)
    return SILA_ERR_NOMEM;
  size_t n = 0;
  sila_bulk_sorted_terms(b, list, &n);

  MDB_cursor *cur;
  int rc = mdb_cursor_open(txn->txn, txn->store->dict, &cur);
  if (rc) {
    free(list);
    return sila_mdb_status(rc);
  }
  MDB_stat ms;
  mdb_stat(txn->txn, txn->store->dict, &ms);
  bool append = ms.ms_entries == 0;
  SilaStatus st = SILA_OK;
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    const char *enc = b->arena.data + list[i].off;
    size_t len = list[i].len;
    SilaId id = list[i].id;
    uint64_t kv;
    MDB_val key = {8, &kv}, val;
    if (!append) {
      for (;;) {
        kv = id;
        rc = mdb_cursor_get(cur, &key, &val, MDB_SET);
        if (rc == MDB_NOTFOUND)
          break;
        if (rc) {
          st = sila_mdb_status(rc);
          break;
        }
        if (sila_dict_entry_equal(val.mv_data, val.mv_size, enc, len))
          break;
        do
          id = sila_dict_next_probe(id);
        while (id != list[i].id && batch_has_id(b, id) && id != list[i].id);
      }
      if (st != SILA_OK)
        break;
      if (id != list[i].id) {
        Remap *r = sila_realloc(*remaps, (*nremaps + 1) * sizeof *r);
        if (!r) {
          st = SILA_ERR_NOMEM;
          break;
        }
        *remaps = r;
        r[(*nremaps)++] = (Remap){list[i].id, id};
      }
      if (rc == 0)
        continue; /* already stored */
    }
    kv = id;
    key.mv_size = 8;
    key.mv_data = &kv;
    val.mv_size = len;
    val.mv_data = (void *)enc;
    st = sila_txn_reserve_note(txn, 2 * (24 + len)); /* a writable map's blocks */
    rc = st == SILA_OK ? mdb_cursor_put(cur, &key, &val, append ? MDB_APPEND : 0) : 0;
    if (rc)
      st = sila_mdb_status(rc);
  }
  mdb_cursor_close(cur);
  free(list);
  if (st == SILA_OK && *nremaps > 1)
    qsort(*remaps, *nremaps, sizeof **remaps, sila_bulk_cmp_remap);
  return st;
}

static void apply_remaps(SilaBulk *b, const Remap *r, size_t nr) {
  for (size_t i = 0; i < b->nquads; i++)
    for (int k = 0; k < 4; k++) {
      Remap probe = {b->quads[i].k[k], 0};
      const Remap *hit = bsearch(&probe, r, nr, sizeof *r, sila_bulk_cmp_remap);
      if (hit)
        b->quads[i].k[k] = hit->to;
    }
}

/* Rearranges keys from one index order to another. */
void sila_bulk_permute(SilaKey4 *a, size_t n, int from, int to) {
  int pos_in_from[4];
  for (int i = 0; i < 4; i++)
    pos_in_from[sila_index_perm[from][i]] = i;
  for (size_t i = 0; i < n; i++) {
    SilaKey4 k = a[i];
    for (int j = 0; j < 4; j++)
      a[i].k[j] = k.k[pos_in_from[sila_index_perm[to][j]]];
  }
}

/* Writes sorted keys into index idx, a key group per MDB_MULTIPLE call.
 * Every key is known to be absent from the index.  `vals` is scratch of
 * at least 64 x 24 bytes. */
static SilaStatus write_index(SilaBulk *b, int idx, const SilaKey4 *keys, size_t n,
                              unsigned char *vals) {
  SilaTxn *txn = b->txn;
  MDB_cursor *cur;
  int rc = mdb_cursor_open(txn->txn, txn->store->index[idx], &cur);
  if (rc)
    return sila_mdb_status(rc);
  MDB_stat ms;
  mdb_stat(txn->txn, txn->store->index[idx], &ms);
  bool append = ms.ms_entries == 0;
  int nv = sila_index_nvals(idx);
  size_t width = 8 * (size_t)nv;
  SilaStatus st = SILA_OK;
  /* Groups go in pieces: LMDB spills dirty pages to disk only between
   * puts, so one put of a million values could overflow the transaction. */
  enum { MAX_GROUP = 64 };
  for (size_t i = 0; i < n && st == SILA_OK;) {
    size_t j = i;
    while (j < n && j - i < MAX_GROUP && keys[j].k[0] == keys[i].k[0])
      j++;
    for (size_t m = i; m < j; m++)
      for (int c = 0; c < nv; c++)
        sila_put_be64(vals + width * (m - i) + 8 * (size_t)c, keys[m].k[c + 1]);
    unsigned char kb[8];
    sila_put_be64(kb, keys[i].k[0]);
    MDB_val key = {8, kb};
    MDB_val data[2] = {{width, vals}, {j - i, NULL}};
    /* Appending: a new key with MDB_APPEND, the rest of its group with
     * MDB_APPENDDUP only (MDB_APPEND refuses a key equal to the last). */
    bool continues = i > 0 && keys[i - 1].k[0] == keys[i].k[0];
    unsigned flags = MDB_MULTIPLE;
    if (append)
      flags |= continues ? MDB_APPENDDUP : MDB_APPEND | MDB_APPENDDUP;
    st = sila_txn_reserve_note(txn, 2 * (16 + width * (j - i))); /* a writable map's blocks */
    rc = st == SILA_OK ? mdb_cursor_put(cur, &key, data, flags) : 0;
    if (rc)
      st = sila_mdb_status(rc);
    else if ((idx == IDX_POSG || idx == IDX_DPOS) && sila_idset_add(&txn->touched, keys[i].k[0]))
      st = SILA_ERR_NOMEM;
    i = j;
  }
  mdb_cursor_close(cur);
  return st;
}

/* Puts sorted keys into index idx one by one and keeps, in place, those
 * that were not there yet; returns how many. */
static size_t keep_new(SilaBulk *b, int idx, SilaKey4 *keys, size_t n, SilaStatus *st) {
  MDB_cursor *cur;
  int rc = mdb_cursor_open(b->txn->txn, b->txn->store->index[idx], &cur);
  if (rc) {
    *st = sila_mdb_status(rc);
    return 0;
  }
  int nv = sila_index_nvals(idx);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char kb[8], vb[24];
    sila_put_be64(kb, keys[i].k[0]);
    for (int c = 0; c < nv; c++)
      sila_put_be64(vb + 8 * c, keys[i].k[c + 1]);
    MDB_val key = {8, kb}, val = {8 * (size_t)nv, vb};
    *st = sila_txn_reserve_note(b->txn, 2 * (16 + 8 * (uint64_t)nv)); /* a writable map's blocks */
    if (*st != SILA_OK)
      break;
    rc = mdb_cursor_put(cur, &key, &val, MDB_NODUPDATA);
    if (rc == MDB_KEYEXIST)
      continue;
    if (rc) {
      *st = sila_mdb_status(rc);
      break;
    }
    keys[kept++] = keys[i];
  }
  mdb_cursor_close(cur);
  return kept;
}

size_t sila_bulk_partition(SilaKey4 *a, size_t n) {
  size_t named = 0;
  for (size_t i = 0; i < n; i++)
    if (a[i].k[3] != SILA_ID_DEFAULT_GRAPH) {
      SilaKey4 t = a[named];
      a[named++] = a[i];
      a[i] = t;
    }
  return named;
}

size_t sila_bulk_dedup(SilaKey4 *a, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (m == 0 || sila_key4_cmp(&a[m - 1], &a[i]) != 0)
      a[m++] = a[i];
  return m;
}

/* collect_text: note the batch's literals for the text index (false: the
 * caller did). */
static SilaStatus flush(SilaBulk *b, bool collect_text) {
  Remap *remaps = NULL;
  size_t nremaps = 0;
  SilaStatus st = flush_terms(b, &remaps, &nremaps);
  if (st == SILA_OK && nremaps && b->batch_has_tt)
    st = SILA_ERR_UNSUPPORTED; /* a 'T' entry names the IDs before the move (2^-60 odds) */
  if (st == SILA_OK && nremaps)
    apply_remaps(b, remaps, nremaps);
  free(remaps);
  if (st == SILA_OK && collect_text)
    st = sila_bulk_text_collect(b);
  if (st != SILA_OK)
    return st;

  /* Named-graph quads first, default-graph triples after them, each part
   * sorted in the order of its first index (SPOG, DSPO), which says which
   * quads are new: only those go further. */
  SilaTxn *txn = b->txn;
  SilaKey4 *q = b->quads;
  size_t total = b->nquads;
  size_t n1 = sila_bulk_partition(q, total);
  SilaKey4 *d = q + n1;
  size_t n2 = total - n1;
  sila_sort_keys(q, n1, b->tmp);
  sila_sort_keys(d, n2, b->tmp);
  n1 = sila_bulk_dedup(q, n1);
  n2 = sila_bulk_dedup(d, n2);
  unsigned char *vals = (unsigned char *)b->tmp; /* free while not sorting */
  bool empty = txn_index_empty(txn, IDX_SPOG) && txn_index_empty(txn, IDX_DSPO);
  if (empty) {
    st = write_index(b, IDX_SPOG, q, n1, vals);
    if (st == SILA_OK)
      st = write_index(b, IDX_DSPO, d, n2, vals);
  } else {
    n1 = keep_new(b, IDX_SPOG, q, n1, &st);
    if (st == SILA_OK)
      n2 = keep_new(b, IDX_DSPO, d, n2, &st);
  }
  memmove(q + n1, d, n2 * sizeof *q);
  d = q + n1;
  /* The other orders: POS and OSP for both parts, then G-first for the
   * named part only. */
  for (int idx = IDX_POSG; idx <= IDX_OSPG && st == SILA_OK; idx++) {
    sila_bulk_permute(q, n1 + n2, idx - 1, idx);
    sila_sort_keys(q, n1, b->tmp);
    sila_sort_keys(d, n2, b->tmp);
    st = write_index(b, idx, q, n1, vals);
    if (st == SILA_OK)
      st = write_index(b, sila_index_default_of(idx), d, n2, vals);
  }
  for (int idx = IDX_GSPO; idx < IDX_NAMED_COUNT && st == SILA_OK; idx++) {
    sila_bulk_permute(q, n1, idx - 1, idx);
    sila_sort_keys(q, n1, b->tmp);
    st = write_index(b, idx, q, n1, vals);
  }
  if (st == SILA_OK)
    st = sila_meta_put(txn, "blank_next", b->next_blank);
  b->added += n1 + n2;
  sila_bulk_reset_batch(b);
  return st;
}

void sila_bulk_reset_batch(SilaBulk *b) {
  b->nquads = 0;
  b->batch_has_tt = false;
  b->last_s_id = b->last_p_id = 0;
  memset(b->terms, 0, b->terms_cap * sizeof *b->terms);
  b->terms_len = 0;
  b->arena.len = 0;
}

SilaStatus sila_bulk_add(SilaBulk *b, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                         const SilaTerm *g) {
  if (p->kind != SILA_TERM_IRI || (s->kind != SILA_TERM_IRI && s->kind != SILA_TERM_BLANK) ||
      (g && g->kind != SILA_TERM_IRI && g->kind != SILA_TERM_BLANK))
    return SILA_ERR_INVALID; /* RDF 1.2: a triple term is an object only */
  SilaKey4 *q = &b->quads[b->nquads];
  SilaStatus st = cached_id(b, s, &b->last_s, &b->last_s_id, &q->k[0]);
  if (st == SILA_OK)
    st = cached_id(b, p, &b->last_p, &b->last_p_id, &q->k[1]);
  if (st == SILA_OK)
    st = term_id(b, o, &q->k[2]);
  if (st == SILA_OK) {
    q->k[3] = SILA_ID_DEFAULT_GRAPH;
    if (g)
      st = term_id(b, g, &q->k[3]);
  }
  if (st != SILA_OK)
    return st;
  b->nquads++;
  if (b->worker) /* parts are handed over by the parser thread */
    return SILA_OK;
  if (b->nquads == b->batch_quads || b->arena.len >= BATCH_TERM_BYTES)
    st = sila_bulk_flush_batch(b);
  return st;
}

/* On a writable map, the file's blocks for what the batch puts
 * (sila_txn_reserve): its triple terms, and unless it goes to runs, every
 * order of each quad with its key and its terms; pages half full at worst. */
static SilaStatus reserve_batch(SilaBulk *b, bool quads) {
  uint64_t bytes = (uint64_t)b->tts_n * 3 * 48;
  if (quads)
    bytes += (uint64_t)b->nquads * IDX_NAMED_COUNT * 40 + b->arena.len + (uint64_t)b->terms_len * 32;
  /* At least nothing: the batch's quads and terms may all be known. */
  return sila_txn_reserve_range(b->txn, 2 * bytes, 0);
}

SilaStatus sila_bulk_flush_batch(SilaBulk *b) {
  SilaStatus st = reserve_batch(b, !b->spill);
  if (st == SILA_OK)
    st = flush_triples(b);
  if (st == SILA_OK)
    st = b->spill ? sila_bulk_spill_batch(b) : flush(b, true);
  return st;
}

static bool dict_empty(SilaTxn *txn) {
  MDB_stat ms;
  return mdb_stat(txn->txn, txn->store->dict, &ms) == 0 && ms.ms_entries == 0;
}

/* A batch's terms in ID order, read by the text index's thread: the slots
 * are a copy, the bytes stay in the arena, which nothing writes until the
 * load ends. */
typedef struct {
  TermSlot *list;
  size_t n, at;
  const char *arena;
} TermList;

static SilaStatus term_list_sorted(SilaBulk *b, TermList *tl) {
  tl->list = sila_malloc((b->terms_len ? b->terms_len : 1) * sizeof *tl->list);
  if (!tl->list)
    return SILA_ERR_NOMEM;
  sila_bulk_sorted_terms(b, tl->list, &tl->n);
  tl->arena = b->arena.data;
  return SILA_OK;
}

static int term_list_next(void *ctx, SilaId *id, const char **bytes, size_t *len) {
  TermList *tl = ctx;
  if (tl->at == tl->n)
    return 0;
  const TermSlot *t = &tl->list[tl->at++];
  *id = t->id;
  *bytes = tl->arena + t->off;
  *len = t->len;
  return 1;
}

SilaStatus sila_bulk_finish(SilaBulk *b, uint64_t *added) {
  SilaStatus st = reserve_batch(b, !(b->spill && b->spilled_batches));
  if (st == SILA_OK)
    st = flush_triples(b);
  if (st != SILA_OK) {
    sila_bulk_free(b);
    return st;
  }
  bool text_done = false;
  if (b->spill && b->spilled_batches) { /* (the sorter may still be writing their runs) */
    /* Earlier batches went to runs: this one too, then merge them all,
     * while a thread builds the text index from the dictionary's runs
     * (started as soon as they are complete: it needs no quads). */
    st = sila_bulk_spill_batch_terms(b);
    SilaDictStream *terms = NULL;
    TextBulk *text = NULL;
    if (st == SILA_OK && b->txn->store->text_on && b->text_n)
      st = sila_bulk_dict_stream_open(b, &terms);
    if (st == SILA_OK && terms)
      st = text_bulk_start(b->txn, b->text_ids, b->text_n, sila_bulk_dict_stream_next, terms,
                           &text);
    if (st == SILA_OK)
      st = sila_bulk_spill_last_batch_quads(b);
    if (st == SILA_OK)
      st = sila_bulk_spill_merge(b); /* joins the sorter in any case */
    if (st == SILA_OK)
      st = sila_meta_put(b->txn, "blank_next", b->next_blank);
    if (text) {
      SilaStatus tst = text_bulk_finish(text, b->txn, st == SILA_OK);
      if (st == SILA_OK)
        st = tst;
      text_done = true;
    }
    sila_bulk_dict_stream_free(terms);
    sila_bulk_spill_free(b);
  } else if (b->spill && b->txn->store->text_on && dict_empty(b->txn)) {
    /* One batch into an empty store: its terms are appended to the
     * dictionary as they are (no remaps), so a thread builds the text
     * index from them while the batch goes into the indexes. */
    st = sila_bulk_text_collect(b);
    TermList terms = {0};
    TextBulk *text = NULL;
    if (st == SILA_OK && b->text_n)
      st = term_list_sorted(b, &terms);
    if (st == SILA_OK && terms.list)
      st = text_bulk_start(b->txn, b->text_ids, b->text_n, term_list_next, &terms, &text);
    if (st == SILA_OK)
      st = flush(b, false);
    if (text) {
      SilaStatus tst = text_bulk_finish(text, b->txn, st == SILA_OK);
      if (st == SILA_OK)
        st = tst;
      text_done = true;
    }
    free(terms.list);
  } else {
    st = flush(b, true);
  }
  if (st == SILA_OK && !text_done) /* the text index, in the load's transaction */
    st = text_index_ids(b->txn, b->text_ids, b->text_n);
  if (added)
    *added = b->added;
  sila_bulk_free(b);
  return st;
}
