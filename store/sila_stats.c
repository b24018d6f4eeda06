/* sila_stats.c — store and per-predicate statistics for the planner.
 *
 * Quad counts come from LMDB in O(1) (mdb_stat, mdb_cursor_count).  The
 * distinct subject and object counts of a predicate cost a scan of its
 * DPOS and POSG ranges, so they are recomputed at commit only when the predicate's
 * quad count moved by more than 10% since the last computation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sila_alloc.h"
#include "sila_sort.h"
#include "store_internal.h"

/* pstats value: count at refresh, distinct subjects, distinct objects (BE). */
static SilaStatus read_pstats(SilaTxn *txn, SilaId p, uint64_t v[3]) {
  unsigned char kb[8];
  sila_put_be64(kb, p);
  MDB_val k = {8, kb}, val;
  int rc = mdb_get(txn->txn, txn->store->pstats, &k, &val);
  if (rc)
    return sila_mdb_status(rc);
  if (val.mv_size != 24)
    return SILA_ERR_CORRUPT;
  for (int i = 0; i < 3; i++)
    v[i] = sila_get_be64((const unsigned char *)val.mv_data + 8 * i);
  return SILA_OK;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Scans p's range (DPOS, then POSG): values are sorted by object within
 * each, so distinct objects are counted on the fly (an object of the
 * named graphs' range that the default graph has too is looked up) and
 * subjects are sorted afterwards. */
static SilaStatus compute(SilaTxn *txn, SilaId p, uint64_t count, uint64_t v[3]) {
  uint64_t *subjects = sila_malloc((count ? count : 1) * sizeof *subjects);
  if (!subjects)
    return SILA_ERR_NOMEM;
  SilaIdQuad pat = {0, p, 0, 0}, q;
  SilaScan *sc;
  SilaStatus st = sila_scan_open(txn, &pat, 0, &sc);
  if (st != SILA_OK) {
    free(subjects);
    return st;
  }
  uint64_t n = 0, dobj = 0, in_default = 0;
  SilaId last_o = 0;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1 && n < count) {
    if (q.g == SILA_ID_DEFAULT_GRAPH) {
      in_default++;
    } else if (in_default && (q.o != last_o || n == in_default)) {
      /* An object of the default graph's range counted already? */
      SilaIdQuad dp = {0, p, q.o, SILA_ID_DEFAULT_GRAPH};
      if (sila_txn_count(txn, &dp, 1))
        dobj--;
    }
    if (q.o != last_o || n == 0 || n == in_default)
      dobj++;
    last_o = q.o;
    subjects[n++] = q.s;
  }
  sila_scan_free(sc);
  if (r < 0) {
    free(subjects);
    return (SilaStatus)-r;
  }
  uint64_t *tmp = sila_malloc((n ? n : 1) * sizeof *tmp);
  if (!tmp) {
    free(subjects);
    return SILA_ERR_NOMEM;
  }
  sila_sort_u64(subjects, n, tmp);
  free(tmp);
  uint64_t dsub = 0;
  for (uint64_t i = 0; i < n; i++)
    if (i == 0 || subjects[i] != subjects[i - 1])
      dsub++;
  free(subjects);
  v[0] = n;
  v[1] = dsub;
  v[2] = dobj;
  return SILA_OK;
}

SilaStatus sila_stats_refresh(SilaTxn *txn) {
  SilaIdSet *set = &txn->touched;
  if (set->len == 0)
    return SILA_OK;
  qsort(set->ids, set->len, sizeof *set->ids, cmp_u64);
  for (size_t i = 0; i < set->len; i++) {
    SilaId p = set->ids[i];
    if (i && p == set->ids[i - 1])
      continue;
    SilaIdQuad pat = {0, p, 0, 0};
    uint64_t count = sila_txn_count(txn, &pat, 0), old[3];
    unsigned char kb[8];
    sila_put_be64(kb, p);
    MDB_val k = {8, kb};
    SilaStatus st = read_pstats(txn, p, old);
    if (count == 0) {
      if (st == SILA_OK) {
        int rc = mdb_del(txn->txn, txn->store->pstats, &k, NULL);
        if (rc)
          return sila_mdb_status(rc);
      }
      continue;
    }
    if (st == SILA_OK) {
      uint64_t diff = count > old[0] ? count - old[0] : old[0] - count;
      if (diff * 10 <= old[0])
        continue;
    } else if (st != SILA_ERR_NOT_FOUND) {
      return st;
    }
    uint64_t v[3];
    st = compute(txn, p, count, v);
    if (st != SILA_OK)
      return st;
    unsigned char vb[24];
    for (int j = 0; j < 3; j++)
      sila_put_be64(vb + 8 * j, v[j]);
    MDB_val val = {24, vb};
    int rc = mdb_put(txn->txn, txn->store->pstats, &k, &val, 0);
    if (rc)
      return sila_mdb_status(rc);
  }
  set->len = 0;
  return SILA_OK;
}

SilaStatus sila_txn_predicate_stats(SilaTxn *txn, SilaId p, SilaPredicateStats *out) {
  memset(out, 0, sizeof *out);
  SilaIdQuad pat = {0, p, 0, 0};
  out->quads = sila_txn_count(txn, &pat, 0);
  if (out->quads == 0)
    return SILA_ERR_NOT_FOUND;
  uint64_t v[3];
  SilaStatus st = read_pstats(txn, p, v);
  if (st != SILA_OK) {
    /* Written in this (uncommitted) transaction: assume all distinct. */
    out->distinct_subjects = out->distinct_objects = out->quads;
    return SILA_OK;
  }
  /* Scale the last computed figures to the current count. */
  out->distinct_subjects = v[0] ? v[1] * out->quads / v[0] : out->quads;
  out->distinct_objects = v[0] ? v[2] * out->quads / v[0] : out->quads;
  if (!out->distinct_subjects)
    out->distinct_subjects = 1;
  if (!out->distinct_objects)
    out->distinct_objects = 1;
  return SILA_OK;
}

SilaStatus sila_txn_stats(SilaTxn *txn, SilaStoreStats *out) {
  memset(out, 0, sizeof *out);
  SilaIdQuad all = {0, 0, 0, 0};
  out->quads = sila_txn_count(txn, &all, 0);
  MDB_stat ms;
  if (mdb_stat(txn->txn, txn->store->dict, &ms) == 0)
    out->terms = ms.ms_entries;
  /* Each family of indexes holds the same quads; the two add up. */
  out->indexes_agree = true;
  uint64_t n[IDX_COUNT] = {0};
  for (int i = 0; i < IDX_COUNT; i++) {
    if (mdb_stat(txn->txn, txn->store->index[i], &ms) != 0)
      out->indexes_agree = false;
    else
      n[i] = ms.ms_entries;
    if (n[i] != n[sila_index_is_default(i) ? IDX_DSPO : IDX_SPOG])
      out->indexes_agree = false;
  }
  if (n[IDX_SPOG] + n[IDX_DSPO] != out->quads)
    out->indexes_agree = false;
  SilaGraphIter *it;
  SilaStatus st = sila_graphs_open(txn, &it);
  if (st != SILA_OK)
    return st;
  SilaId g;
  while (sila_graphs_next(it, &g) == 1)
    out->graphs++;
  sila_graphs_free(it);
  uint64_t next = 1;
  if (sila_meta_get(txn, "blank_next", &next) == SILA_OK)
    out->blank_nodes = next - 1;
  sila_meta_get(txn, "generation", &out->generation);
  char path[4096];
  struct stat sb;
  snprintf(path, sizeof path, "%s/data.mdb", txn->store->dir);
  if (stat(path, &sb) == 0)
    out->bytes_on_disk = (uint64_t)sb.st_blocks * 512;
  return SILA_OK;
}
