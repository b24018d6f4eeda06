/* sila_quads.c — adding, removing and scanning quads in the six indexes.
 *
 * Index i keys a quad by its position perm[i][0] (8 bytes) and keeps the
 * other three positions as a 24-byte MDB_DUPFIXED value, so the values of
 * one key are packed in pages and read a page at a time. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static inline SilaId quad_at(const SilaIdQuad *q, int pos) {
  switch (pos) {
  case 0: return q->s;
  case 1: return q->p;
  case 2: return q->o;
  default: return q->g;
  }
}

static inline void quad_set(SilaIdQuad *q, int pos, SilaId v) {
  switch (pos) {
  case 0: q->s = v; break;
  case 1: q->p = v; break;
  case 2: q->o = v; break;
  default: q->g = v; break;
  }
}

void sila_index_kv(int idx, const SilaIdQuad *q, unsigned char key[8], unsigned char val[24]) {
  const int *perm = sila_index_perm[idx];
  sila_put_be64(key, quad_at(q, perm[0]));
  for (int i = 1; i < 4; i++)
    sila_put_be64(val + 8 * (i - 1), quad_at(q, perm[i]));
}

void sila_index_unkv(int idx, const unsigned char key[8], const unsigned char val[24], SilaIdQuad *q) {
  const int *perm = sila_index_perm[idx];
  quad_set(q, perm[0], sila_get_be64(key));
  for (int i = 1; i < 4; i++)
    quad_set(q, perm[i], sila_get_be64(val + 8 * (i - 1)));
}

int sila_idset_add(SilaIdSet *set, SilaId id) {
  if (set->len && set->ids[set->len - 1] == id)
    return 0;
  if (set->len == set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 64;
    SilaId *ids = realloc(set->ids, cap * sizeof *ids);
    if (!ids)
      return -1;
    set->ids = ids;
    set->cap = cap;
  }
  set->ids[set->len++] = id;
  return 0;
}

static bool valid_quad(const SilaIdQuad *q) {
  return q->s && q->p && q->o && q->g;
}

SilaStatus sila_index_put_rest(SilaTxn *txn, const SilaIdQuad *q) {
  unsigned char kb[8], vb[24];
  for (int i = IDX_SPOG + 1; i < IDX_COUNT; i++) {
    sila_index_kv(i, q, kb, vb);
    MDB_val key = {8, kb}, val = {24, vb};
    int rc = mdb_put(txn->txn, txn->store->index[i], &key, &val, MDB_NODUPDATA);
    if (rc && rc != MDB_KEYEXIST)
      return sila_mdb_status(rc);
  }
  return sila_idset_add(&txn->touched, q->p) ? SILA_ERR_NOMEM : SILA_OK;
}

SilaStatus sila_txn_add(SilaTxn *txn, const SilaIdQuad *q) {
  if (!txn->write || !valid_quad(q))
    return SILA_ERR_INVALID;
  unsigned char kb[8], vb[24];
  sila_index_kv(IDX_SPOG, q, kb, vb);
  MDB_val key = {8, kb}, val = {24, vb};
  int rc = mdb_put(txn->txn, txn->store->index[IDX_SPOG], &key, &val, MDB_NODUPDATA);
  if (rc == MDB_KEYEXIST)
    return SILA_ERR_EXISTS;
  if (rc)
    return sila_mdb_status(rc);
  return sila_index_put_rest(txn, q);
}

SilaStatus sila_txn_remove(SilaTxn *txn, const SilaIdQuad *q) {
  if (!txn->write || !valid_quad(q))
    return SILA_ERR_INVALID;
  unsigned char kb[8], vb[24];
  for (int i = 0; i < IDX_COUNT; i++) {
    sila_index_kv(i, q, kb, vb);
    MDB_val key = {8, kb}, val = {24, vb};
    int rc = mdb_del(txn->txn, txn->store->index[i], &key, &val);
    if (rc == MDB_NOTFOUND && i == 0)
      return SILA_ERR_NOT_FOUND;
    if (rc)
      return sila_mdb_status(rc);
  }
  return sila_idset_add(&txn->touched, q->p) ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- Scans ---------------------------------------------------------------- */

struct SilaScan {
  SilaTxn *txn;
  MDB_cursor *cur;
  int idx;
  unsigned flags;
  bool key_bound;    /* the key position is bound: stay on one key */
  int nprefix;       /* bound value positions after the key (0..3) */
  unsigned char key[8];
  unsigned char prefix[24];
  const unsigned char *page; /* current batch of 24-byte values */
  size_t n, pos;
  MDB_val curkey;
  bool started, done;
  bool have_last;
  SilaIdQuad last;
};

/* For each set of bound positions (bit 0 s, 1 p, 2 o, 3 g), the index
 * whose leading positions are exactly that set. */
static const int index_for_mask[16] = {
    [0x0] = IDX_SPOG, [0x1] = IDX_SPOG, [0x2] = IDX_POSG, [0x3] = IDX_SPOG,
    [0x4] = IDX_OSPG, [0x5] = IDX_OSPG, [0x6] = IDX_POSG, [0x7] = IDX_SPOG,
    [0x8] = IDX_GSPO, [0x9] = IDX_GSPO, [0xA] = IDX_GPOS, [0xB] = IDX_GSPO,
    [0xC] = IDX_GOSP, [0xD] = IDX_GOSP, [0xE] = IDX_GPOS, [0xF] = IDX_SPOG,
};

static unsigned bound_mask(const SilaIdQuad *p) {
  return (p->s ? 1u : 0) | (p->p ? 2u : 0) | (p->o ? 4u : 0) | (p->g ? 8u : 0);
}

SilaStatus sila_scan_open(SilaTxn *txn, const SilaIdQuad *pattern, unsigned flags, SilaScan **out) {
  *out = NULL;
  SilaScan *sc = calloc(1, sizeof *sc);
  if (!sc)
    return SILA_ERR_NOMEM;
  unsigned mask = bound_mask(pattern);
  sc->txn = txn;
  sc->idx = index_for_mask[mask];
  sc->flags = (pattern->g ? 0 : flags);
  const int *perm = sila_index_perm[sc->idx];
  sc->key_bound = quad_at(pattern, perm[0]) != 0;
  sila_put_be64(sc->key, quad_at(pattern, perm[0]));
  for (int i = 1; i < 4 && quad_at(pattern, perm[i]); i++) {
    sila_put_be64(sc->prefix + 8 * (i - 1), quad_at(pattern, perm[i]));
    sc->nprefix = i;
  }
  int rc = mdb_cursor_open(txn->txn, txn->store->index[sc->idx], &sc->cur);
  if (rc) {
    free(sc);
    return sila_mdb_status(rc);
  }
  *out = sc;
  return SILA_OK;
}

/* Loads the page of values at the cursor (after positioning on a value). */
static int load_page(SilaScan *sc, MDB_val *first) {
  MDB_val k, v = *first;
  int rc = mdb_cursor_get(sc->cur, &k, &v, MDB_GET_MULTIPLE);
  if (rc)
    return -sila_mdb_status(rc);
  sc->page = v.mv_data;
  sc->n = v.mv_size / 24;
  sc->pos = 0;
  /* A page may start before the value we positioned on: skip to it. */
  if (sc->n > 1)
    while (sc->pos < sc->n && memcmp(sc->page + 24 * sc->pos, first->mv_data, 24) < 0)
      sc->pos++;
  return 0;
}

/* Positions on the first value of the next key (unbound-key scans) or the
 * first matching value of the bound key. */
static int seek(SilaScan *sc) {
  MDB_val k, v;
  int rc;
  if (sc->key_bound) {
    if (sc->started)
      return 0;
    k.mv_size = 8;
    k.mv_data = sc->key;
    if (sc->nprefix) {
      unsigned char lo[24] = {0};
      memcpy(lo, sc->prefix, 8 * (size_t)sc->nprefix);
      v.mv_size = 24;
      v.mv_data = lo;
      rc = mdb_cursor_get(sc->cur, &k, &v, MDB_GET_BOTH_RANGE);
    } else {
      rc = mdb_cursor_get(sc->cur, &k, &v, MDB_SET_KEY);
    }
  } else {
    rc = mdb_cursor_get(sc->cur, &k, &v, sc->started ? MDB_NEXT_NODUP : MDB_FIRST);
  }
  sc->started = true;
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  sc->curkey = k;
  int r = load_page(sc, &v);
  return r < 0 ? r : 1;
}

static int next_page(SilaScan *sc) {
  MDB_val k, v;
  int rc = mdb_cursor_get(sc->cur, &k, &v, MDB_NEXT_MULTIPLE);
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  sc->page = v.mv_data;
  sc->n = v.mv_size / 24;
  sc->pos = 0;
  return 1;
}

int sila_scan_next(SilaScan *sc, SilaIdQuad *q) {
  for (;;) {
    if (sc->done)
      return 0;
    if (!sc->page || sc->pos >= sc->n) {
      int r = sc->page ? next_page(sc) : 0;
      if (r < 0)
        return r;
      if (r == 0) {
        /* This key is exhausted: a bound key ends the scan. */
        if (sc->key_bound && sc->started) {
          sc->done = true;
          return 0;
        }
        r = seek(sc);
        if (r <= 0) {
          sc->done = true;
          return r;
        }
      }
      if (sc->pos >= sc->n)
        continue;
    }
    const unsigned char *val = sc->page + 24 * sc->pos++;
    if (sc->nprefix && memcmp(val, sc->prefix, 8 * (size_t)sc->nprefix) != 0) {
      sc->done = true; /* values are sorted: past the prefix means past the range */
      return 0;
    }
    sila_index_unkv(sc->idx, sc->curkey.mv_data, val, q);
    if (sc->flags & SILA_SCAN_DISTINCT_TRIPLES) {
      /* G is last in the indexes used without a bound graph. */
      if (sc->have_last && sc->last.s == q->s && sc->last.p == q->p && sc->last.o == q->o)
        continue;
      sc->last = *q;
      sc->have_last = true;
    }
    return 1;
  }
}

void sila_scan_free(SilaScan *sc) {
  if (!sc)
    return;
  mdb_cursor_close(sc->cur);
  free(sc);
}

/* ---- Graphs --------------------------------------------------------------- */

struct SilaGraphIter {
  MDB_cursor *cur;
  bool started;
};

SilaStatus sila_graphs_open(SilaTxn *txn, SilaGraphIter **out) {
  SilaGraphIter *it = calloc(1, sizeof *it);
  if (!it)
    return SILA_ERR_NOMEM;
  int rc = mdb_cursor_open(txn->txn, txn->store->index[IDX_GSPO], &it->cur);
  if (rc) {
    free(it);
    return sila_mdb_status(rc);
  }
  *out = it;
  return SILA_OK;
}

int sila_graphs_next(SilaGraphIter *it, SilaId *g) {
  MDB_val k, v;
  int rc = mdb_cursor_get(it->cur, &k, &v, it->started ? MDB_NEXT_NODUP : MDB_FIRST);
  it->started = true;
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  *g = sila_get_be64(k.mv_data);
  return 1;
}

void sila_graphs_free(SilaGraphIter *it) {
  if (!it)
    return;
  mdb_cursor_close(it->cur);
  free(it);
}

bool sila_txn_graph_exists(SilaTxn *txn, SilaId g) {
  unsigned char kb[8];
  sila_put_be64(kb, g);
  MDB_val k = {8, kb}, v;
  return mdb_get(txn->txn, txn->store->index[IDX_GSPO], &k, &v) == 0;
}

SilaStatus sila_txn_clear_graph(SilaTxn *txn, SilaId g, uint64_t *removed) {
  if (removed)
    *removed = 0;
  if (!txn->write || g == SILA_ID_ANY)
    return SILA_ERR_INVALID;
  /* Remove from the five other indexes in batches, then drop the graph's
   * key from GSPO in one call.  Batches are copied out of the map first:
   * writing to other trees must not be read through stale page pointers. */
  enum { BATCH = 4096 };
  SilaIdQuad *batch = malloc(BATCH * sizeof *batch);
  if (!batch)
    return SILA_ERR_NOMEM;
  SilaIdQuad pat = {0, 0, 0, g};
  SilaStatus st = SILA_OK;
  uint64_t count = 0;
  SilaScan *sc = NULL;
  for (;;) {
    size_t n = 0;
    st = sila_scan_open(txn, &pat, 0, &sc);
    if (st != SILA_OK)
      break;
    int r = 0;
    while (n < BATCH && (r = sila_scan_next(sc, &batch[n])) == 1)
      n++;
    sila_scan_free(sc);
    if (r < 0) {
      st = (SilaStatus)-r;
      break;
    }
    if (n == 0)
      break;
    for (size_t i = 0; i < n && st == SILA_OK; i++) {
      st = sila_txn_remove(txn, &batch[i]);
      count++;
    }
    if (st != SILA_OK)
      break;
  }
  free(batch);
  if (removed)
    *removed = count;
  return st;
}

/* ---- Counting ------------------------------------------------------------- */

uint64_t sila_txn_count(SilaTxn *txn, const SilaIdQuad *pattern, uint64_t cap) {
  unsigned mask = bound_mask(pattern);
  int nbound = __builtin_popcount(mask);
  if (nbound == 0) {
    MDB_stat st;
    if (mdb_stat(txn->txn, txn->store->index[IDX_SPOG], &st))
      return 0;
    return st.ms_entries;
  }
  if (nbound == 1) {
    int idx = index_for_mask[mask];
    unsigned char kb[8];
    sila_put_be64(kb, quad_at(pattern, sila_index_perm[idx][0]));
    MDB_cursor *cur;
    if (mdb_cursor_open(txn->txn, txn->store->index[idx], &cur))
      return 0;
    MDB_val k = {8, kb}, v;
    size_t n = 0;
    if (mdb_cursor_get(cur, &k, &v, MDB_SET_KEY) == 0)
      mdb_cursor_count(cur, &n);
    mdb_cursor_close(cur);
    return n;
  }
  SilaScan *sc;
  if (sila_scan_open(txn, pattern, 0, &sc) != SILA_OK)
    return 0;
  uint64_t n = 0;
  SilaIdQuad q;
  while (n < cap && sila_scan_next(sc, &q) == 1)
    n++;
  sila_scan_free(sc);
  return n;
}
