/* exec_hash.c — a BGP level answered from a hash table of its object range.
 *
 * `?review s:rating ?rating` once ?review is bound, under
 * FILTER(?rating >= 7): each row of the levels before looks its subject up,
 * one B-tree descent each, and at 5 M triples each lands on a leaf page no
 * other lookup touched (a few cache misses, ~0.5-1 µs).  The same pattern
 * read as an object range (exec_range.c: the ratings 7..10, in value order)
 * is a sequential read of 16-byte values at a few ns each.  So when the
 * rows reaching the level are many against the range, the BGP reads the
 * range once into a table of subject -> objects and each row probes it
 * (exec_bgp.c buffers the rows first, to know how many there are).
 *
 * The probe gives the rows a lookup would give that the FILTER can pass,
 * in the same order: the objects in the range (the only ones a numeric
 * comparison can accept, and the FILTER still runs on each row), per
 * subject in object-ID order, and in a union of graphs the default
 * graph's triples before the named graphs' (the lookup reads DSPO, then
 * SPOG) — the range is read range by range in ascending ID order, and
 * each probe walks its chain twice, default graph first.  So ORDER BY ties
 * and unordered results come out as with lookups.
 *
 * The table is charged to the query's memory budget while it lives and
 * credited back when freed; past the budget, or when the range holds more
 * than the caller's budget of quads, it is not built (lookups, as before):
 * the hash never makes a query fail that ran without it. */
#include <stdlib.h>

#include "exec_internal.h"
#include "sila_alloc.h"

typedef struct {
  SilaId s, o;
} HashEntry;

struct HashRange {
  SilaId p;            /* the pattern's predicate */
  SilaId lo[3], hi[3]; /* the object ranges it holds */
  int nsub;
  HashEntry *e;        /* in the order read */
  size_t n, cap;
  SilaId g0;           /* the graph of every entry while g is NULL */
  SilaId *g;           /* else each entry's graph (a union of graphs) */
  uint32_t *heads;     /* bucket -> entry + 1 (0: none) */
  uint32_t *chain;     /* entry -> next entry of its bucket + 1, in read order */
  unsigned bits;
  size_t bytes;        /* charged to the budget */
};

bool exec_mem_try(SilaExec *ex, size_t bytes) {
  if (ex->budget.exceeded || ex->budget.used + bytes > ex->mem_max)
    return false;
  ex->budget.used += bytes;
  return true;
}

void exec_mem_credit(SilaExec *ex, size_t bytes) {
  ex->budget.used -= ex->budget.used < bytes ? ex->budget.used : bytes;
}

static size_t bucket(const HashRange *h, SilaId s) {
  return (size_t)((s * 0x9E3779B97F4A7C15ULL) >> (64 - h->bits));
}

void hashrange_free(SilaExec *ex, HashRange *h) {
  if (!h)
    return;
  exec_mem_credit(ex, h->bytes);
  free(h->e);
  free(h->g);
  free(h->heads);
  free(h->chain);
  free(h);
}

/* Room for one more entry (graphs too, when they differ); false when
 * memory (or the budget) ran out.  The first block is `first` entries. */
static bool grow(SilaExec *ex, HashRange *h, size_t first) {
  if (h->n < h->cap)
    return true;
  size_t cap = h->cap ? h->cap * 2 : first;
  size_t per = sizeof *h->e + (h->g ? sizeof *h->g : 0);
  if (!exec_mem_try(ex, (cap - h->cap) * per))
    return false;
  h->bytes += (cap - h->cap) * per;
  HashEntry *e = sila_realloc(h->e, cap * sizeof *e);
  if (e)
    h->e = e;
  SilaId *g = h->g && e ? sila_realloc(h->g, cap * sizeof *g) : NULL;
  if (g)
    h->g = g;
  if (!e || (h->g && !g))
    return false;
  h->cap = cap;
  return true;
}

/* The entries' graphs differ from here on: one per entry. */
static bool graphs_apart(SilaExec *ex, HashRange *h) {
  if (!exec_mem_try(ex, h->cap * sizeof *h->g))
    return false;
  h->bytes += h->cap * sizeof *h->g;
  if (!(h->g = sila_malloc(h->cap * sizeof *h->g)))
    return false;
  for (size_t i = 0; i < h->n; i++)
    h->g[i] = h->g0;
  return true;
}

/* The buckets and chains over the entries read; chains keep read order. */
static bool index_entries(SilaExec *ex, HashRange *h) {
  h->bits = 4;
  while (((size_t)1 << h->bits) < h->n)
    h->bits++;
  size_t nb = (size_t)1 << h->bits;
  size_t bytes = nb * sizeof *h->heads + (h->n ? h->n : 1) * sizeof *h->chain;
  if (!exec_mem_try(ex, bytes))
    return false;
  h->bytes += bytes;
  h->heads = sila_calloc(nb, sizeof *h->heads);
  h->chain = sila_malloc((h->n ? h->n : 1) * sizeof *h->chain);
  if (!h->heads || !h->chain)
    return false;
  /* Back to front, each entry pushed on its bucket: read order within. */
  for (size_t i = h->n; i-- > 0;) {
    size_t b = bucket(h, h->e[i].s);
    h->chain[i] = h->heads[b];
    h->heads[b] = (uint32_t)(i + 1);
  }
  return true;
}

int hashrange_build(SilaExec *ex, ActiveGraph ag, SilaId p, const LevelRange *lr, size_t budget,
                    HashRange **out) {
  *out = NULL;
  if (budget > HASH_MAX_ENTRIES)
    budget = HASH_MAX_ENTRIES;
  HashRange *h = sila_calloc(1, sizeof *h);
  if (!h)
    return 0;
  h->p = p;
  h->nsub = lr->nsub;
  memcpy(h->lo, lr->lo, sizeof h->lo);
  memcpy(h->hi, lr->hi, sizeof h->hi);
  QuadScan *qs = quadscan_open(ex, 0, p, 0, ag);
  if (!qs) {
    hashrange_free(ex, h);
    return 0;
  }
  quadscan_set_quiet(qs, true); /* a graph counts as read when a probe returns its quad */
  int rc = 1;
  /* Small first, doubling: a big block is fresh pages each time (page
   * faults), and realloc moves big blocks by remapping, not copying. */
  size_t first = 1024;
  for (int k = 0; k < lr->nsub && rc == 1; k++) {
    if (!quadscan_reset_range(qs, 0, p, lr->lo[k], lr->hi[k])) {
      rc = exec_fail(ex, SILA_ERR_IO, "store read failed");
      break;
    }
    SilaIdQuad q;
    int r;
    while ((r = quadscan_next(qs, &q)) == 1) {
      if (h->n >= budget || !grow(ex, h, first) ||
          (!h->g && h->n && q.g != h->g0 && !graphs_apart(ex, h))) {
        rc = 0; /* longer than it is worth, or no room: lookups */
        break;
      }
      if (!h->n)
        h->g0 = q.g;
      if (h->g)
        h->g[h->n] = q.g;
      h->e[h->n++] = (HashEntry){q.s, q.o};
      if ((h->n & 4095) == 0) {
        SilaStatus st = exec_check(ex);
        if (st != SILA_OK) {
          rc = -(int)st;
          break;
        }
      }
    }
    if (r < 0 && rc == 1)
      rc = exec_fail(ex, (SilaStatus)-r, "store read failed");
  }
  quadscan_free(qs);
  if (rc == 1 && !index_entries(ex, h))
    rc = 0;
  if (rc != 1) {
    hashrange_free(ex, h);
    return rc;
  }
  *out = h;
  return 1;
}

bool hashrange_covers(const HashRange *h, const LevelRange *lr) {
  if (h->nsub != lr->nsub)
    return false;
  for (int k = 0; k < h->nsub; k++)
    if (h->lo[k] != lr->lo[k] || h->hi[k] != lr->hi[k])
      return false;
  return true;
}

size_t hashrange_size(const HashRange *h) { return h->n; }

void hashrange_probe(const HashRange *h, SilaId s, HashProbe *pr) {
  pr->s = s;
  pr->pass = 0;
  pr->first = h->heads[bucket(h, s)];
  pr->at = pr->first;
}

int hashrange_next(SilaExec *ex, const HashRange *h, HashProbe *pr, SilaIdQuad *q) {
  for (;;) {
    while (pr->at) {
      size_t i = pr->at - 1;
      const HashEntry *e = &h->e[i];
      pr->at = h->chain[i];
      SilaId g = h->g ? h->g[i] : h->g0;
      /* Pass 0: the default graph's triples; pass 1: the others (as a
       * lookup reads DSPO before SPOG). */
      if (e->s != pr->s || (g == SILA_ID_DEFAULT_GRAPH) != (pr->pass == 0))
        continue;
      *q = (SilaIdQuad){e->s, h->p, e->o, g};
      exec_note_graph(ex, g);
      return 1;
    }
    if (pr->pass == 1)
      return 0;
    pr->pass = 1;
    pr->at = pr->first;
  }
}
