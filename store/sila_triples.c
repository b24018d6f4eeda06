/* sila_triples.c — RDF 1.2 triple terms in the store.
 *
 * A triple term <<( s p o )>> has a dictionary entry 'T' + the three
 * component IDs (big-endian, 25 bytes) under an ID of tag SILA_TAG_TRIPLE
 * made from the hash of that entry like any dictionary term; components are
 * interned first, so a nested triple term is an ID inside the entry and a
 * blank node inside is a store blank node.  Three more trees index triple
 * terms by their components (tt.spo, tt.pos, tt.osp: 24-byte key -> 8-byte
 * ID), so that any pattern on the parts is one prefix range.
 *
 * Decoded triple terms are copied into memory the transaction owns (a list
 * of allocations and a cache by ID), freed when the transaction ends. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "store_internal.h"

static const char *const tt_names[3] = {"tt.spo", "tt.pos", "tt.osp"};
/* perm[i][k]: the component (0 s, 1 p, 2 o) at key position k of tree i. */
static const int tt_perm[3][3] = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}};

SilaStatus sila_tt_open(SilaStore *s) {
  MDB_txn *t;
  int rc = mdb_txn_begin(s->env, NULL, s->readonly ? MDB_RDONLY : 0, &t);
  if (rc)
    return sila_mdb_status(rc);
  for (int i = 0; i < 3 && !rc; i++)
    rc = mdb_dbi_open(t, tt_names[i], s->readonly ? 0 : MDB_CREATE, &s->tt[i]);
  if (rc == MDB_NOTFOUND) { /* a store from before RDF 1.2, opened read-only */
    mdb_txn_abort(t);
    s->tt_on = false;
    return SILA_OK;
  }
  if (rc) {
    mdb_txn_abort(t);
    return sila_mdb_status(rc);
  }
  rc = mdb_txn_commit(t);
  s->tt_on = rc == 0;
  return sila_mdb_status(rc);
}

void sila_tt_entry(SilaId s, SilaId p, SilaId o, unsigned char out[SILA_TT_ENTRY_LEN]) {
  out[0] = 'T';
  sila_put_be64(out + 1, s);
  sila_put_be64(out + 9, p);
  sila_put_be64(out + 17, o);
}

static void tt_key(int tree, const SilaId spo[3], unsigned char key[24]) {
  for (int k = 0; k < 3; k++)
    sila_put_be64(key + 8 * k, spo[tt_perm[tree][k]]);
}

SilaStatus sila_tt_index_put(SilaTxn *txn, SilaId tt, SilaId s, SilaId p, SilaId o) {
  if (!txn->store->tt_on)
    return SILA_ERR_INVALID;
  SilaId spo[3] = {s, p, o};
  unsigned char key[24], val[8];
  sila_put_be64(val, tt);
  for (int i = 0; i < 3; i++) {
    tt_key(i, spo, key);
    MDB_val k = {24, key}, v = {8, val};
    int rc = mdb_put(txn->txn, txn->store->tt[i], &k, &v, 0);
    if (rc)
      return sila_mdb_status(rc);
  }
  return SILA_OK;
}

static bool parts_ok(SilaId s, SilaId p, SilaId o) {
  return sila_tt_subject_ok(s) && sila_id_tag(p) == SILA_TAG_IRI && o &&
         sila_id_tag(o) != SILA_TAG_DEFAULT_GRAPH && sila_id_tag(o) != SILA_TAG_NONE;
}

SilaStatus sila_txn_triple_lookup(SilaTxn *txn, SilaId s, SilaId p, SilaId o, SilaId *out) {
  if (!txn->store->tt_on || !parts_ok(s, p, o))
    return SILA_ERR_NOT_FOUND;
  SilaId spo[3] = {s, p, o};
  unsigned char key[24];
  tt_key(0, spo, key);
  MDB_val k = {24, key}, v;
  int rc = mdb_get(txn->txn, txn->store->tt[0], &k, &v);
  if (rc)
    return sila_mdb_status(rc);
  if (v.mv_size != 8)
    return SILA_ERR_CORRUPT;
  *out = sila_get_be64(v.mv_data);
  return SILA_OK;
}

SilaStatus sila_txn_triple_intern(SilaTxn *txn, SilaId s, SilaId p, SilaId o, SilaId *out) {
  if (!txn->write || !parts_ok(s, p, o))
    return SILA_ERR_INVALID;
  if (!txn->store->tt_on)
    return SILA_ERR_INVALID;
  SilaStatus st = sila_txn_triple_lookup(txn, s, p, o, out);
  if (st != SILA_ERR_NOT_FOUND)
    return st;
  unsigned char enc[SILA_TT_ENTRY_LEN];
  sila_tt_entry(s, p, o, enc);
  st = sila_dict_find(txn, SILA_TERM_TRIPLE, (const char *)enc, sizeof enc, true, out);
  return st == SILA_OK ? sila_tt_index_put(txn, *out, s, p, o) : st;
}

SilaStatus sila_txn_triple_parts(SilaTxn *txn, SilaId tt, SilaId spo[3]) {
  if (sila_id_tag(tt) != SILA_TAG_TRIPLE)
    return SILA_ERR_NOT_FOUND;
  SILA_DICT_KEY(key, tt);
  MDB_val val;
  int rc = mdb_get(txn->txn, txn->store->dict, &key, &val);
  if (rc)
    return sila_mdb_status(rc);
  const unsigned char *p = val.mv_data;
  if (val.mv_size != SILA_TT_ENTRY_LEN || p[0] != 'T')
    return SILA_ERR_CORRUPT;
  for (int k = 0; k < 3; k++)
    spo[k] = sila_get_be64(p + 1 + 8 * k);
  return SILA_OK;
}

/* ---- Scans ------------------------------------------------------------------ */

struct SilaTripleScan {
  MDB_cursor *cur;
  int tree;
  unsigned char prefix[24];
  size_t plen;
  bool started, done;
};

SilaStatus sila_triple_scan_open(SilaTxn *txn, SilaId s, SilaId p, SilaId o,
                                 SilaTripleScan **out) {
  *out = NULL;
  SilaTripleScan *sc = sila_calloc(1, sizeof *sc);
  if (!sc)
    return SILA_ERR_NOMEM;
  SilaId spo[3] = {s, p, o};
  /* The tree whose key starts with every bound component: s.. -> spo
   * (s,o with p free -> osp), p.. -> pos, o -> osp. */
  bool bs = s != SILA_ID_ANY, bp = p != SILA_ID_ANY, bo = o != SILA_ID_ANY;
  sc->tree = bs ? (bp || !bo ? 0 : 2) : bp ? 1 : bo ? 2 : 0;
  int nb = (int)bs + (int)bp + (int)bo;
  tt_key(sc->tree, spo, sc->prefix);
  sc->plen = 8 * (size_t)nb;
  if (!txn->store->tt_on) {
    sc->done = true;
  } else {
    int rc = mdb_cursor_open(txn->txn, txn->store->tt[sc->tree], &sc->cur);
    if (rc) {
      free(sc);
      return sila_mdb_status(rc);
    }
  }
  *out = sc;
  return SILA_OK;
}

int sila_triple_scan_next(SilaTripleScan *sc, SilaId *tt, SilaId spo[3]) {
  if (sc->done)
    return 0;
  MDB_val k, v;
  int rc;
  if (!sc->started) {
    sc->started = true;
    k.mv_size = sc->plen;
    k.mv_data = sc->prefix;
    rc = sc->plen ? mdb_cursor_get(sc->cur, &k, &v, MDB_SET_RANGE)
                  : mdb_cursor_get(sc->cur, &k, &v, MDB_FIRST);
  } else {
    rc = mdb_cursor_get(sc->cur, &k, &v, MDB_NEXT);
  }
  if (rc == MDB_NOTFOUND || (rc == 0 && memcmp(k.mv_data, sc->prefix, sc->plen) != 0)) {
    sc->done = true;
    return 0;
  }
  if (rc) {
    sc->done = true;
    return -(int)sila_mdb_status(rc);
  }
  if (k.mv_size != 24 || v.mv_size != 8) {
    sc->done = true;
    return -(int)SILA_ERR_CORRUPT;
  }
  if (tt)
    *tt = sila_get_be64(v.mv_data);
  if (spo)
    for (int i = 0; i < 3; i++)
      spo[tt_perm[sc->tree][i]] = sila_get_be64((const unsigned char *)k.mv_data + 8 * i);
  return 1;
}

void sila_triple_scan_free(SilaTripleScan *sc) {
  if (!sc)
    return;
  if (sc->cur)
    mdb_cursor_close(sc->cur);
  free(sc);
}

/* ---- Decoding into the transaction's memory ---------------------------------- */

typedef struct {
  SilaId id; /* 0 = empty */
  SilaTerm term;
} CacheSlot;

struct TripleCache {
  CacheSlot *slots;
  size_t cap, len;
  char **blocks; /* sila_term_copy allocations */
  size_t nblocks, blocks_cap;
};

void sila_tt_txn_release(SilaTxn *txn) {
  struct TripleCache *c = txn->tt_cache;
  if (!c)
    return;
  for (size_t i = 0; i < c->nblocks; i++)
    free(c->blocks[i]);
  free(c->blocks);
  free(c->slots);
  free(c);
  txn->tt_cache = NULL;
}

static size_t cache_slot(SilaId id, size_t cap) {
  return (size_t)((id * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

static const SilaTerm *cache_get(struct TripleCache *c, SilaId id) {
  if (!c || !c->cap)
    return NULL;
  for (size_t j = cache_slot(id, c->cap); c->slots[j].id; j = (j + 1) & (c->cap - 1))
    if (c->slots[j].id == id)
      return &c->slots[j].term;
  return NULL;
}

static SilaStatus cache_put(SilaTxn *txn, SilaId id, const SilaTerm *view, SilaTerm *out) {
  struct TripleCache *c = txn->tt_cache;
  if (!c && !(c = txn->tt_cache = sila_calloc(1, sizeof *c)))
    return SILA_ERR_NOMEM;
  if (c->len * 2 >= c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    CacheSlot *n = sila_calloc(cap, sizeof *n);
    if (!n)
      return SILA_ERR_NOMEM;
    for (size_t i = 0; i < c->cap; i++) {
      if (!c->slots[i].id)
        continue;
      size_t j = cache_slot(c->slots[i].id, cap);
      while (n[j].id)
        j = (j + 1) & (cap - 1);
      n[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = n;
    c->cap = cap;
  }
  if (c->nblocks == c->blocks_cap) {
    size_t cap = c->blocks_cap ? c->blocks_cap * 2 : 16;
    char **b = sila_realloc(c->blocks, cap * sizeof *b);
    if (!b)
      return SILA_ERR_NOMEM;
    c->blocks = b;
    c->blocks_cap = cap;
  }
  SilaTerm copy;
  char *block;
  if (sila_term_copy(view, &copy, &block))
    return SILA_ERR_NOMEM; /* nesting was checked while decoding */
  c->blocks[c->nblocks++] = block;
  size_t j = cache_slot(id, c->cap);
  while (c->slots[j].id)
    j = (j + 1) & (c->cap - 1);
  c->slots[j].id = id;
  c->slots[j].term = copy;
  c->len++;
  *out = copy;
  return SILA_OK;
}

static SilaStatus decode(SilaTxn *txn, SilaId id, SilaTerm *out, int depth) {
  const SilaTerm *hit = cache_get(txn->tt_cache, id);
  if (hit) {
    *out = *hit;
    return SILA_OK;
  }
  if (depth >= SILA_TRIPLE_DEPTH_MAX)
    return SILA_ERR_CORRUPT; /* the store never writes deeper ones */
  SilaId spo[3];
  SilaStatus st = sila_txn_triple_parts(txn, id, spo);
  if (st != SILA_OK)
    return st;
  SilaTerm parts[3];
  char bufs[3][SILA_TERM_BUF];
  for (int i = 0; i < 3 && st == SILA_OK; i++)
    st = sila_id_tag(spo[i]) == SILA_TAG_TRIPLE ? decode(txn, spo[i], &parts[i], depth + 1)
                                                 : sila_txn_term(txn, spo[i], &parts[i], bufs[i]);
  if (st != SILA_OK)
    return st == SILA_ERR_NOT_FOUND ? SILA_ERR_CORRUPT : st; /* a part that names nothing */
  SilaTerm view = sila_term_triple(parts);
  return cache_put(txn, id, &view, out);
}

SilaStatus sila_tt_decode(SilaTxn *txn, SilaId id, SilaTerm *out) {
  return decode(txn, id, out, 0);
}
