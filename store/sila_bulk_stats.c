/* sila_bulk_stats.c — per-predicate statistics counted while the spill
 * merge writes the indexes in key order (sila_bulk_spill.c).
 *
 * The refresh at commit (sila_stats.c) scans each touched predicate's
 * range and sorts its subjects: a minute or two at 100 M quads.  The merge
 * reads every quad in SPO and POS order anyway: in SPOG (DSPO) order the
 * (subject, predicate) pairs come one group at a time, so a new pair is a
 * new distinct subject of its predicate; in POSG (DPOS) order a new
 * (predicate, object) pair is a new distinct object.  The named graphs and
 * the default graph are counted apart; a predicate of one of them only has
 * exact counts, written to pstats with its quad count, which the refresh
 * then finds up to date and skips.  A predicate used in both (a subject or
 * object may be in both) is left to the refresh.  The merge runs only on
 * a load into an empty store, so these counts are the whole store's. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "bulk_internal.h"

typedef struct {
  SilaId p; /* 0 = empty slot */
  uint64_t quads, subjects, objects;
} PredCount;

typedef struct {
  PredCount *slots;
  size_t cap, len;
} PredTable;

struct BulkStats {
  PredTable side[2]; /* 0: named graphs, 1: the default graph */
  int idx;           /* the index being merged */
  SilaKey4 last;
  bool have_last;
  PredCount *cur; /* the last predicate looked up */
};

static size_t pred_slot(SilaId p, size_t cap) {
  return (size_t)((p * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static PredCount *pred_get(PredTable *t, SilaId p) {
  if (t->len * 2 >= t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    PredCount *n = sila_calloc(cap, sizeof *n);
    if (!n)
      return NULL;
    for (size_t i = 0; i < t->cap; i++) {
      if (!t->slots[i].p)
        continue;
      size_t j = pred_slot(t->slots[i].p, cap);
      while (n[j].p)
        j = (j + 1) & (cap - 1);
      n[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = n;
    t->cap = cap;
  }
  size_t j = pred_slot(p, t->cap);
  while (t->slots[j].p && t->slots[j].p != p)
    j = (j + 1) & (t->cap - 1);
  if (!t->slots[j].p) {
    t->slots[j].p = p;
    t->len++;
  }
  return &t->slots[j];
}

void sila_bulk_stats_free(SilaBulk *b) {
  if (!b->stats)
    return;
  for (int i = 0; i < 2; i++)
    free(b->stats->side[i].slots);
  free(b->stats);
  b->stats = NULL;
}

static bool counted_index(int idx) {
  return idx == IDX_SPOG || idx == IDX_DSPO || idx == IDX_POSG || idx == IDX_DPOS;
}

SilaStatus sila_bulk_stats_begin(SilaBulk *b, int idx) {
  /* The index must be recorded even when it is not counted: its keys'
   * first position is an object or a graph, which the previous index's
   * rule would read as a predicate. */
  if (b->stats)
    b->stats->idx = idx;
  if (!counted_index(idx))
    return SILA_OK;
  if (!b->stats && !(b->stats = sila_calloc(1, sizeof *b->stats)))
    return SILA_ERR_NOMEM;
  b->stats->idx = idx;
  b->stats->have_last = false;
  b->stats->cur = NULL;
  return SILA_OK;
}

SilaStatus sila_bulk_stats_note(SilaBulk *b, const SilaKey4 *k) {
  BulkStats *s = b->stats;
  if (!s || !counted_index(s->idx))
    return SILA_OK;
  PredTable *t = &s->side[sila_index_is_default(s->idx)];
  bool spo = s->idx == IDX_SPOG || s->idx == IDX_DSPO;
  SilaId p = spo ? k->k[1] : k->k[0];
  /* Tables grow, so a kept pointer is good for the current predicate only
   * while nothing is added: look up again when the predicate changes. */
  if (!s->cur || s->cur->p != p) {
    s->cur = pred_get(t, p);
    if (!s->cur)
      return SILA_ERR_NOMEM;
  }
  /* SPO order: a new (s, p) is a new subject of p; POS: a new (p, o) a new
   * object of p.  Keys are distinct and sorted. */
  bool is_new = !s->have_last || s->last.k[0] != k->k[0] || s->last.k[1] != k->k[1];
  if (spo) {
    s->cur->quads++;
    if (is_new)
      s->cur->subjects++;
  } else if (is_new) {
    s->cur->objects++;
  }
  s->last = *k;
  s->have_last = true;
  return SILA_OK;
}

SilaStatus sila_bulk_stats_write(SilaBulk *b) {
  BulkStats *s = b->stats;
  if (!s)
    return SILA_OK;
  SilaTxn *txn = b->txn;
  for (int side = 0; side < 2; side++) {
    PredTable *t = &s->side[side], *other = &s->side[!side];
    for (size_t i = 0; i < t->cap; i++) {
      const PredCount *c = &t->slots[i];
      if (!c->p || !c->quads)
        continue;
      bool in_other = false;
      for (size_t j = other->cap ? pred_slot(c->p, other->cap) : 0; other->cap && other->slots[j].p;
           j = (j + 1) & (other->cap - 1))
        if (other->slots[j].p == c->p) {
          in_other = other->slots[j].quads > 0;
          break;
        }
      if (in_other)
        continue; /* both: the refresh at commit counts it */
      unsigned char kb[8], vb[24];
      sila_put_be64(kb, c->p);
      sila_put_be64(vb, c->quads);
      sila_put_be64(vb + 8, c->subjects);
      sila_put_be64(vb + 16, c->objects);
      MDB_val key = {8, kb}, val = {24, vb};
      int rc = mdb_put(txn->txn, txn->store->pstats, &key, &val, 0);
      if (rc)
        return sila_mdb_status(rc);
    }
  }
  return SILA_OK;
}
