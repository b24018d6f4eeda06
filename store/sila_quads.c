/* sila_quads.c — adding, removing and scanning quads in the indexes.
 *
 * Index i keys a quad by its position perm[i][0] (8 bytes) and keeps the
 * other positions as a fixed-size MDB_DUPFIXED value (24 bytes for named
 * graphs, 16 for the default graph, which has no graph position), so the
 * values of one key are packed in pages and read a page at a time.  A
 * pattern with no graph bound reads the default graph's index, then the
 * named graphs' one.  Named graphs have four orderings (SPOG POSG OSPG
 * GSPO): a pattern with a bound graph and a bound predicate or object and
 * a free subject reads POSG/OSPG and tests the graph, or GSPO and tests
 * the predicate and object, whichever range the counts say is shorter. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "store_internal.h"
#include "text_internal.h"

static inline SilaId quad_at(const SilaIdQuad *q, int pos) {
  switch (pos) {
  case 0: return q->s;
  case 1: return q->p;
  case 2: return q->o;
  default: return q->g;
  }
}

void sila_index_kv(int idx, const SilaIdQuad *q, unsigned char key[8], unsigned char val[24]) {
  const int *perm = sila_index_perm[idx];
  sila_put_be64(key, quad_at(q, perm[0]));
  for (int i = 1; i <= sila_index_nvals(idx); i++)
    sila_put_be64(val + 8 * (i - 1), quad_at(q, perm[i]));
}

void sila_index_unkv(int idx, const unsigned char key[8], const unsigned char *val, SilaIdQuad *q) {
  /* Called for every row a scan returns: direct stores (writes through a
   * table of pointers to q's fields cost more than the switch, which a
   * scan always takes the same way). */
  SilaId k = sila_get_be64(key), v0 = sila_get_be64(val), v1 = sila_get_be64(val + 8);
  SilaId v2 = sila_index_is_default(idx) ? SILA_ID_DEFAULT_GRAPH : sila_get_be64(val + 16);
  switch (idx) {
  case IDX_SPOG: case IDX_DSPO: *q = (SilaIdQuad){k, v0, v1, v2}; break;
  case IDX_POSG: case IDX_DPOS: *q = (SilaIdQuad){v1, k, v0, v2}; break;
  case IDX_OSPG: case IDX_DOSP: *q = (SilaIdQuad){v0, v1, k, v2}; break;
  default: *q = (SilaIdQuad){v0, v1, v2, k}; break; /* GSPO: values S P O */
  }
}

/* The indexes a quad of the default graph or of a named graph lives in;
 * the first one says whether the quad is present. */
static const int named_family[] = {IDX_SPOG, IDX_POSG, IDX_OSPG, IDX_GSPO};
static const int default_family[] = {IDX_DSPO, IDX_DPOS, IDX_DOSP};

static const int *family(const SilaIdQuad *q, int *n) {
  bool d = q->g == SILA_ID_DEFAULT_GRAPH;
  *n = d ? 3 : IDX_NAMED_COUNT;
  return d ? default_family : named_family;
}

int sila_idset_add(SilaIdSet *set, SilaId id) {
  if (set->len && set->ids[set->len - 1] == id)
    return 0;
  if (set->len == set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 64;
    SilaId *ids = sila_realloc(set->ids, cap * sizeof *ids);
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
  int n;
  const int *fam = family(q, &n);
  for (int i = 1; i < n; i++) {
    sila_index_kv(fam[i], q, kb, vb);
    MDB_val key = {8, kb}, val = {8 * (size_t)sila_index_nvals(fam[i]), vb};
    int rc = mdb_put(txn->txn, txn->store->index[fam[i]], &key, &val, MDB_NODUPDATA);
    if (rc && rc != MDB_KEYEXIST)
      return sila_mdb_status(rc);
  }
  return sila_idset_add(&txn->touched, q->p) ? SILA_ERR_NOMEM : SILA_OK;
}

SilaStatus sila_txn_add(SilaTxn *txn, const SilaIdQuad *q) {
  if (!txn->write || !valid_quad(q))
    return SILA_ERR_INVALID;
  unsigned char kb[8], vb[24];
  int n;
  int first = family(q, &n)[0];
  sila_index_kv(first, q, kb, vb);
  MDB_val key = {8, kb}, val = {8 * (size_t)sila_index_nvals(first), vb};
  int rc = mdb_put(txn->txn, txn->store->index[first], &key, &val, MDB_NODUPDATA);
  if (rc == MDB_KEYEXIST)
    return SILA_ERR_EXISTS;
  if (rc)
    return sila_mdb_status(rc);
  SilaStatus st = sila_index_put_rest(txn, q);
  return st == SILA_OK ? text_note_added(txn, q->o) : st; /* text index, same txn */
}

SilaStatus sila_txn_remove(SilaTxn *txn, const SilaIdQuad *q) {
  if (!txn->write || !valid_quad(q))
    return SILA_ERR_INVALID;
  unsigned char kb[8], vb[24];
  int n;
  const int *fam = family(q, &n);
  for (int i = 0; i < n; i++) {
    sila_index_kv(fam[i], q, kb, vb);
    MDB_val key = {8, kb}, val = {8 * (size_t)sila_index_nvals(fam[i]), vb};
    int rc = mdb_del(txn->txn, txn->store->index[fam[i]], &key, &val);
    if (rc == MDB_NOTFOUND && i == 0)
      return SILA_ERR_NOT_FOUND;
    if (rc)
      return sila_mdb_status(rc);
  }
  if (sila_idset_add(&txn->touched, q->p))
    return SILA_ERR_NOMEM;
  return text_note_removed(txn, q->o); /* text index: the literal's last quad? */
}

/* ---- Scans ---------------------------------------------------------------- */

/* One index range: a bound key (or every key) and a bound value prefix. */
typedef struct {
  int idx;
  size_t width;      /* value bytes */
  MDB_cursor *cur;   /* the scan's cursor on that index */
  bool key_bound;    /* the key position is bound: stay on one key */
  int nprefix;       /* bound value positions after the key */
  unsigned check;    /* bound quad positions (bit 0 s … 3 g) neither key nor
                        prefix covers: tested on every row */
  unsigned char key[8];
  unsigned char prefix[24];
  /* An object range (sila_scan_reset_range): the value position after the
   * prefix is the object, read from olo to ohi (big-endian, inclusive). */
  bool ranged;
  unsigned char olo[8], ohi[8];
  /* The same as numbers (range_next compares words, not bytes). */
  uint64_t prefix_w[3], ohi_w;
  /* The positions of `check` in a value (byte offset) and their IDs: a
   * row that fails is skipped before it is decoded. */
  int ncheck;
  size_t check_off[3];
  uint64_t check_id[3];
  const unsigned char *page; /* current batch of values */
  size_t n, pos;
  MDB_val curkey;
  bool started;
} Range;

struct SilaScan {
  SilaTxn *txn;
  unsigned flags;
  SilaIdQuad pattern;
  int idx[2];        /* the ranges to read in turn */
  int nranges, at;
  Range r;
  bool ranged;       /* an object range applies to every range of the scan */
  SilaId olo, ohi;
  /* Cursors by index, opened when first needed and kept for the scan's
   * life: a nested loop re-targets one scan per row (sila_scan_reset). */
  MDB_cursor *cur[IDX_COUNT];
  MDB_cursor *dflt;  /* DSPO, to skip named-graph triples of the default graph */
  bool done;
  bool have_last;
  SilaIdQuad last;
  /* Rows decoded, and a bound on them for estimates (0: none; reaching it
   * ends the scan with `cut` set). */
  uint64_t rows_read, read_limit;
  bool cut;
  /* The quads of the last graph named_index counted: a nested loop
   * re-targets the scan per row, usually within one graph. */
  SilaId counted_graph;
  uint64_t graph_quads;
};

/* For each set of bound positions (bit 0 s, 1 p, 2 o, 3 g), the named
 * index whose leading positions cover the most of that set; for s, p, o in
 * the default graph, the default index.  A bound graph with a predicate
 * and/or object and no subject (0xA, 0xC, 0xE) is chosen by count
 * (named_index); with a subject and an object (0xD) OSPG reads the
 * object's quads of that subject and tests the graph. */
static const int index_for_mask[16] = {
    [0x0] = IDX_SPOG, [0x1] = IDX_SPOG, [0x2] = IDX_POSG, [0x3] = IDX_SPOG,
    [0x4] = IDX_OSPG, [0x5] = IDX_OSPG, [0x6] = IDX_POSG, [0x7] = IDX_SPOG,
    [0x8] = IDX_GSPO, [0x9] = IDX_GSPO, [0xA] = IDX_POSG, [0xB] = IDX_GSPO,
    [0xC] = IDX_OSPG, [0xD] = IDX_OSPG, [0xE] = IDX_POSG, [0xF] = IDX_SPOG,
};
static const int default_for_mask[8] = {IDX_DSPO, IDX_DSPO, IDX_DPOS, IDX_DSPO,
                                        IDX_DOSP, IDX_DOSP, IDX_DPOS, IDX_DSPO};

static unsigned bound_mask(const SilaIdQuad *p) {
  return (p->s ? 1u : 0) | (p->p ? 2u : 0) | (p->o ? 4u : 0) | (p->g ? 8u : 0);
}

static SilaStatus range_open(SilaScan *sc, int idx) {
  Range *r = &sc->r;
  if (!sc->cur[idx]) {
    int rc = mdb_cursor_open(sc->txn->txn, sc->txn->store->index[idx], &sc->cur[idx]);
    if (rc) {
      sc->cur[idx] = NULL;
      return sila_mdb_status(rc);
    }
  }
  memset(r, 0, sizeof *r);
  r->cur = sc->cur[idx];
  r->idx = idx;
  r->width = 8 * (size_t)sila_index_nvals(idx);
  const int *perm = sila_index_perm[idx];
  const SilaIdQuad *pat = &sc->pattern;
  r->key_bound = quad_at(pat, perm[0]) != 0;
  sila_put_be64(r->key, quad_at(pat, perm[0]));
  unsigned covered = 1u << perm[0];
  for (int i = 1; i <= sila_index_nvals(idx) && quad_at(pat, perm[i]); i++) {
    sila_put_be64(r->prefix + 8 * (i - 1), quad_at(pat, perm[i]));
    r->prefix_w[i - 1] = quad_at(pat, perm[i]);
    r->nprefix = i;
    covered |= 1u << perm[i];
  }
  if (sc->ranged) {
    /* Only where the object follows the bound positions in this index. */
    if (!r->key_bound || r->nprefix + 1 > sila_index_nvals(idx) || perm[r->nprefix + 1] != 2)
      return SILA_ERR_INVALID;
    r->ranged = true;
    sila_put_be64(r->olo, sc->olo);
    sila_put_be64(r->ohi, sc->ohi);
    r->ohi_w = sc->ohi;
  }
  /* A default-graph index holds only the default graph: g needs no test. */
  unsigned positions = sila_index_is_default(idx) ? 7u : 15u;
  r->check = bound_mask(pat) & positions & ~covered;
  /* The key position is always covered when bound: checks are in values. */
  for (int i = 1; i <= sila_index_nvals(idx); i++)
    if (r->check & (1u << perm[i])) {
      r->check_off[r->ncheck] = 8 * (size_t)(i - 1);
      r->check_id[r->ncheck++] = quad_at(pat, perm[i]);
    }
  return SILA_OK;
}

static uint64_t entries(SilaTxn *txn, int idx);

/* Values under one key of an index, through cursor *cur (opened when
 * NULL and left open for the caller): O(1), LMDB keeps the count of each
 * key's duplicates. */
static uint64_t key_count_with(SilaTxn *txn, MDB_cursor **cur, int idx, SilaId id) {
  if (!*cur && mdb_cursor_open(txn->txn, txn->store->index[idx], cur)) {
    *cur = NULL;
    return 0;
  }
  unsigned char kb[8];
  sila_put_be64(kb, id);
  MDB_val k = {8, kb}, v;
  size_t n = 0;
  if (mdb_cursor_get(*cur, &k, &v, MDB_SET_KEY) == 0)
    mdb_cursor_count(*cur, &n);
  return n;
}

/* The named index for a pattern's bound positions.  With a bound graph and
 * a bound predicate and/or object but no subject, the graph's quads (GSPO)
 * or the predicate's or object's (POSG, OSPG), whichever are fewer: both
 * counts are O(1).  For predicate and object together, POSG's range is the
 * quads with both, at most the object's count. */
static int named_index(SilaScan *sc, const SilaIdQuad *pat, unsigned mask) {
  /* An object range (sila_scan_reset_range) needs the object right after
   * the predicate: POSG, the graph tested. */
  if ((mask != 0xA && mask != 0xC && mask != 0xE) || (sc->flags & SILA_SCAN_OBJECT_ORDER) ||
      sc->ranged)
    return index_for_mask[mask];
  SilaTxn *txn = sc->txn;
  if (sc->counted_graph != pat->g) {
    sc->graph_quads = key_count_with(txn, &sc->cur[IDX_GSPO], IDX_GSPO, pat->g);
    sc->counted_graph = pat->g;
  }
  uint64_t in_graph = sc->graph_quads;
  uint64_t other = mask == 0xA ? key_count_with(txn, &sc->cur[IDX_POSG], IDX_POSG, pat->p)
                               : key_count_with(txn, &sc->cur[IDX_OSPG], IDX_OSPG, pat->o);
  if (mask == 0xE && other > in_graph) {
    uint64_t np = key_count_with(txn, &sc->cur[IDX_POSG], IDX_POSG, pat->p);
    other = np < other ? np : other;
  }
  return other <= in_graph ? index_for_mask[mask] : IDX_GSPO;
}

/* Chooses the ranges of the scan's pattern: an index family with no quads
 * at all (a store without named graphs, or without a default graph) is
 * not read. */
static SilaStatus scan_target(SilaScan *sc, const SilaIdQuad *pattern) {
  unsigned mask = bound_mask(pattern);
  sc->pattern = *pattern;
  sc->nranges = sc->at = 0;
  sc->done = sc->have_last = sc->cut = false;
  sc->rows_read = 0;
  if (pattern->g == SILA_ID_DEFAULT_GRAPH) {
    sc->idx[sc->nranges++] = default_for_mask[mask & 7];
  } else {
    if (!pattern->g && entries(sc->txn, IDX_DSPO))
      sc->idx[sc->nranges++] = default_for_mask[mask & 7];
    if (pattern->g || entries(sc->txn, IDX_SPOG))
      sc->idx[sc->nranges++] = pattern->g ? named_index(sc, pattern, mask) : index_for_mask[mask];
  }
  if (sc->nranges == 0) {
    sc->done = true;
    return SILA_OK;
  }
  return range_open(sc, sc->idx[0]);
}

SilaStatus sila_scan_open(SilaTxn *txn, const SilaIdQuad *pattern, unsigned flags, SilaScan **out) {
  *out = NULL;
  SilaScan *sc = sila_calloc(1, sizeof *sc);
  if (!sc)
    return SILA_ERR_NOMEM;
  sc->txn = txn;
  sc->flags = flags;
  SilaStatus st = sila_scan_reset(sc, pattern);
  if (st != SILA_OK) {
    sila_scan_free(sc);
    return st;
  }
  *out = sc;
  return SILA_OK;
}

SilaStatus sila_scan_reset(SilaScan *sc, const SilaIdQuad *pattern) {
  sc->ranged = false;
  SilaStatus st = scan_target(sc, pattern);
  if (st != SILA_OK)
    sc->done = true;
  return st;
}

SilaStatus sila_scan_reset_range(SilaScan *sc, const SilaIdQuad *pattern, SilaId o_lo,
                                 SilaId o_hi) {
  if (!pattern->p || pattern->o || o_lo > o_hi) {
    sc->done = true;
    return o_lo > o_hi && pattern->p && !pattern->o ? SILA_OK : SILA_ERR_INVALID;
  }
  sc->ranged = true;
  sc->olo = o_lo;
  sc->ohi = o_hi;
  SilaStatus st = scan_target(sc, pattern);
  if (st != SILA_OK)
    sc->done = true;
  return st;
}

/* Loads the page of values at the cursor (after positioning on a value). */
static int load_page(Range *r, MDB_val *first) {
  MDB_val k, v = *first;
  int rc = mdb_cursor_get(r->cur, &k, &v, MDB_GET_MULTIPLE);
  if (rc)
    return -sila_mdb_status(rc);
  r->page = v.mv_data;
  r->n = v.mv_size / r->width;
  r->pos = 0;
  /* A page may start before the value we positioned on: skip to it. */
  if (r->n > 1)
    while (r->pos < r->n && memcmp(r->page + r->width * r->pos, first->mv_data, r->width) < 0)
      r->pos++;
  return 0;
}

/* Positions on the first value of the next key (unbound-key scans) or the
 * first matching value of the bound key. */
static int seek(Range *r) {
  MDB_val k, v;
  int rc;
  if (r->key_bound) {
    if (r->started)
      return 0;
    k.mv_size = 8;
    k.mv_data = r->key;
    if (r->nprefix || r->ranged) {
      unsigned char lo[24] = {0};
      memcpy(lo, r->prefix, 8 * (size_t)r->nprefix);
      if (r->ranged)
        memcpy(lo + 8 * (size_t)r->nprefix, r->olo, 8);
      v.mv_size = r->width;
      v.mv_data = lo;
      rc = mdb_cursor_get(r->cur, &k, &v, MDB_GET_BOTH_RANGE);
    } else {
      rc = mdb_cursor_get(r->cur, &k, &v, MDB_SET_KEY);
    }
  } else {
    rc = mdb_cursor_get(r->cur, &k, &v, r->started ? MDB_NEXT_NODUP : MDB_FIRST);
  }
  r->started = true;
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  r->curkey = k;
  int e = load_page(r, &v);
  return e < 0 ? e : 1;
}

static int next_page(Range *r) {
  MDB_val k, v;
  int rc = mdb_cursor_get(r->cur, &k, &v, MDB_NEXT_MULTIPLE);
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  r->page = v.mv_data;
  r->n = v.mv_size / r->width;
  r->pos = 0;
  return 1;
}

/* The next value of the range: 1, 0 at its end, or a negative status. */
static int range_next(Range *r, const unsigned char **val) {
  for (;;) {
    if (!r->page || r->pos >= r->n) {
      int e = r->page ? next_page(r) : 0;
      if (e < 0)
        return e;
      if (e == 0) {
        /* This key is exhausted: a bound key ends the range. */
        if (r->key_bound && r->started)
          return 0;
        e = seek(r);
        if (e <= 0)
          return e;
      }
      if (r->pos >= r->n)
        continue;
    }
    *val = r->page + r->width * r->pos++;
    /* Values are sorted: past the prefix means past the range. */
    for (int i = 0; i < r->nprefix; i++)
      if (sila_get_be64(*val + 8 * i) != r->prefix_w[i])
        return 0;
    if (r->ranged && sila_get_be64(*val + 8 * (size_t)r->nprefix) > r->ohi_w)
      return 0; /* past the object range */
    return 1;
  }
}

/* True when triple q is in the default graph (named-graph copies of it
 * are then skipped by a distinct-triples scan). */
static bool in_default(SilaScan *sc, const SilaIdQuad *q) {
  if (sc->nranges < 2)
    return false; /* no default graph */
  if (!sc->dflt && mdb_cursor_open(sc->txn->txn, sc->txn->store->index[IDX_DSPO], &sc->dflt)) {
    sc->dflt = NULL;
    return false;
  }
  unsigned char kb[8], vb[16];
  sila_put_be64(kb, q->s);
  sila_put_be64(vb, q->p);
  sila_put_be64(vb + 8, q->o);
  MDB_val k = {8, kb}, v = {16, vb};
  return mdb_cursor_get(sc->dflt, &k, &v, MDB_GET_BOTH) == 0;
}

int sila_scan_next(SilaScan *sc, SilaIdQuad *q) {
  for (;;) {
    if (sc->done)
      return 0;
    const unsigned char *val;
    int r = range_next(&sc->r, &val);
    if (r < 0) {
      sc->done = true;
      return r;
    }
    if (r == 0) {
      if (++sc->at >= sc->nranges) {
        sc->done = true;
        return 0;
      }
      SilaStatus st = range_open(sc, sc->idx[sc->at]);
      if (st != SILA_OK) {
        sc->done = true;
        return -(int)st;
      }
      continue;
    }
    sc->rows_read++;
    bool pass = true;
    for (int i = 0; i < sc->r.ncheck && pass; i++)
      pass = sila_get_be64(val + sc->r.check_off[i]) == sc->r.check_id[i];
    if (!pass) {
      if (sc->read_limit && sc->rows_read >= sc->read_limit) {
        sc->done = sc->cut = true;
        return 0;
      }
      continue;
    }
    sila_index_unkv(sc->r.idx, sc->r.curkey.mv_data, val, q);
    if ((sc->flags & SILA_SCAN_DISTINCT_TRIPLES) && !sc->pattern.g &&
        !sila_index_is_default(sc->r.idx)) {
      /* G is last in the named indexes used without a bound graph. */
      if (sc->have_last && sc->last.s == q->s && sc->last.p == q->p && sc->last.o == q->o)
        continue;
      sc->last = *q;
      sc->have_last = true;
      if (in_default(sc, q))
        continue;
    }
    return 1;
  }
}

bool sila_scan_sorted(const SilaScan *sc) { return sc->nranges <= 1; }

void sila_scan_free(SilaScan *sc) {
  if (!sc)
    return;
  for (int i = 0; i < IDX_COUNT; i++)
    if (sc->cur[i])
      mdb_cursor_close(sc->cur[i]);
  if (sc->dflt)
    mdb_cursor_close(sc->dflt);
  free(sc);
}

/* ---- Graphs --------------------------------------------------------------- */

struct SilaGraphIter {
  MDB_cursor *cur;
  bool started, has_default;
};

static uint64_t entries(SilaTxn *txn, int idx) {
  MDB_stat st;
  return mdb_stat(txn->txn, txn->store->index[idx], &st) ? 0 : st.ms_entries;
}

SilaStatus sila_graphs_open(SilaTxn *txn, SilaGraphIter **out) {
  SilaGraphIter *it = sila_calloc(1, sizeof *it);
  if (!it)
    return SILA_ERR_NOMEM;
  int rc = mdb_cursor_open(txn->txn, txn->store->index[IDX_GSPO], &it->cur);
  if (rc) {
    free(it);
    return sila_mdb_status(rc);
  }
  it->has_default = entries(txn, IDX_DSPO) > 0;
  *out = it;
  return SILA_OK;
}

int sila_graphs_next(SilaGraphIter *it, SilaId *g) {
  MDB_val k, v;
  int rc = mdb_cursor_get(it->cur, &k, &v, it->started ? MDB_NEXT_NODUP : MDB_FIRST);
  it->started = true;
  if (rc == MDB_NOTFOUND) {
    /* The default graph's ID sorts after every named graph's. */
    if (!it->has_default)
      return 0;
    it->has_default = false;
    *g = SILA_ID_DEFAULT_GRAPH;
    return 1;
  }
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

/* ---- A predicate's objects, stepped in ID order ----------------------------- */

struct SilaObjectSteps {
  SilaId p;
  MDB_cursor *cur[2]; /* DPOS, POSG; NULL for an index without quads */
  size_t width[2];
};

SilaStatus sila_objects_open(SilaTxn *txn, SilaId p, SilaObjectSteps **out) {
  *out = NULL;
  SilaObjectSteps *os = sila_calloc(1, sizeof *os);
  if (!os)
    return SILA_ERR_NOMEM;
  os->p = p;
  const int idx[2] = {IDX_DPOS, IDX_POSG};
  for (int i = 0; i < 2; i++) {
    os->width[i] = 8 * (size_t)sila_index_nvals(idx[i]);
    if (!entries(txn, idx[i]))
      continue;
    int rc = mdb_cursor_open(txn->txn, txn->store->index[idx[i]], &os->cur[i]);
    if (rc) {
      os->cur[i] = NULL;
      sila_objects_free(os);
      return sila_mdb_status(rc);
    }
  }
  *out = os;
  return SILA_OK;
}

/* The step in one index: 1 and *o, 0 none, <0 error. */
static int objects_step_one(SilaObjectSteps *os, int i, SilaId from, bool down, SilaId *o) {
  unsigned char kb[8], vb[24] = {0};
  sila_put_be64(kb, os->p);
  MDB_val k = {8, kb}, v = {os->width[i], vb};
  /* up: the first value >= (from + 1, 0, ..); down: the one before the
   * first value >= (from, 0, ..), or the key's last value when none is. */
  sila_put_be64(vb, down ? from : from + 1);
  int rc = mdb_cursor_get(os->cur[i], &k, &v, MDB_GET_BOTH_RANGE);
  if (rc == 0 && down)
    rc = mdb_cursor_get(os->cur[i], &k, &v, MDB_PREV_DUP);
  else if (rc == MDB_NOTFOUND && down) {
    k = (MDB_val){8, kb};
    rc = mdb_cursor_get(os->cur[i], &k, &v, MDB_SET_KEY);
    if (rc == 0)
      rc = mdb_cursor_get(os->cur[i], &k, &v, MDB_LAST_DUP);
  }
  if (rc == MDB_NOTFOUND)
    return 0;
  if (rc)
    return -sila_mdb_status(rc);
  *o = sila_get_be64(v.mv_data);
  return 1;
}

int sila_objects_step(SilaObjectSteps *os, SilaId from, bool down, SilaId *out) {
  if ((down && from == 0) || (!down && from == UINT64_MAX))
    return 0;
  int found = 0;
  for (int i = 0; i < 2; i++) {
    SilaId o = 0;
    int r = os->cur[i] ? objects_step_one(os, i, from, down, &o) : 0;
    if (r < 0)
      return r;
    if (r && (!found || (down ? o > *out : o < *out))) {
      *out = o;
      found = 1;
    }
  }
  return found;
}

void sila_objects_free(SilaObjectSteps *os) {
  if (!os)
    return;
  for (int i = 0; i < 2; i++)
    if (os->cur[i])
      mdb_cursor_close(os->cur[i]);
  free(os);
}

bool sila_txn_graph_exists(SilaTxn *txn, SilaId g) {
  if (g == SILA_ID_DEFAULT_GRAPH)
    return entries(txn, IDX_DSPO) > 0;
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
  /* Remove the graph's quads from every index in batches.  Batches are
   * copied out of the map first: writing to other trees must not be read
   * through stale page pointers. */
  enum { BATCH = 4096 };
  SilaIdQuad *batch = sila_malloc(BATCH * sizeof *batch);
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

/* Values under one key of an index (0 when the key is absent). */
static uint64_t key_count(SilaTxn *txn, int idx, SilaId id) {
  unsigned char kb[8];
  sila_put_be64(kb, id);
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

uint64_t sila_txn_count(SilaTxn *txn, const SilaIdQuad *pattern, uint64_t cap) {
  unsigned mask = bound_mask(pattern);
  unsigned spo = mask & 7;
  bool dflt = pattern->g == SILA_ID_DEFAULT_GRAPH;
  int nspo = __builtin_popcount(spo);
  if (mask == 0)
    return entries(txn, IDX_SPOG) + entries(txn, IDX_DSPO);
  if (dflt && nspo == 0)
    return entries(txn, IDX_DSPO);
  if (dflt && nspo == 1)
    return key_count(txn, default_for_mask[spo], quad_at(pattern, sila_index_perm[default_for_mask[spo]][0]));
  if (!pattern->g && nspo == 1) {
    int d = default_for_mask[spo], n = index_for_mask[mask];
    return key_count(txn, d, quad_at(pattern, sila_index_perm[d][0])) +
           key_count(txn, n, quad_at(pattern, sila_index_perm[n][0]));
  }
  if (mask == 8)
    return key_count(txn, IDX_GSPO, pattern->g);
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

enum { ESTIMATE_SAMPLE = 2048 };

uint64_t sila_txn_estimate(SilaTxn *txn, const SilaIdQuad *pattern, uint64_t cap) {
  unsigned mask = bound_mask(pattern);
  bool tested = pattern->g && pattern->g != SILA_ID_DEFAULT_GRAPH &&
                (mask == 0xA || mask == 0xC || mask == 0xE);
  if (!tested || cap == 0)
    return sila_txn_count(txn, pattern, cap);
  /* A bound graph with a predicate and/or object: the range read tests
   * each row, and may be much longer than its matches.  Read a sample of
   * its first rows (at most ESTIMATE_SAMPLE: planners call this for every
   * pattern of a query) and scale the matches found to the range's length. */
  SilaScan *sc;
  if (sila_scan_open(txn, pattern, 0, &sc) != SILA_OK)
    return 0;
  sc->read_limit = cap < ESTIMATE_SAMPLE ? cap : ESTIMATE_SAMPLE;
  uint64_t n = 0;
  SilaIdQuad q;
  while (n < cap && sc->rows_read < sc->read_limit && sila_scan_next(sc, &q) == 1)
    n++;
  bool cut = sc->cut || (!sc->done && sc->rows_read >= sc->read_limit);
  uint64_t est = n;
  if (cut && sc->r.check) {
    const Range *r = &sc->r;
    /* The range: the key's values, or for POSG with the object as prefix
     * at most the object's quads. */
    uint64_t range = r->nprefix ? key_count(txn, IDX_OSPG, pattern->o)
                                : key_count(txn, r->idx, sila_get_be64(r->key));
    double scaled = sc->rows_read ? (double)n * (double)range / (double)sc->rows_read : 0;
    est = scaled < 1 ? 1 : scaled > (double)cap ? cap : (uint64_t)scaled;
  }
  sila_scan_free(sc);
  return est;
}
