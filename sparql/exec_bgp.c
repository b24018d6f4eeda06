/* exec_bgp.c — basic graph patterns: quad scans in the active graph and
 * index nested-loop joins of triple patterns, and the merge join of two
 * patterns sorted on their shared subject.
 *
 * The order of the patterns and whether to merge are the plan's
 * (exec_plan.c: plan_bgp_order, plan_bgp_merge), asked when a BGP opens
 * since they depend on the values its seed binds. */
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

/* ---- quad scans in the active graph ---------------------------------------- */

struct QuadScan {
  SilaExec *ex;
  SilaScan *scan;
  ActiveGraph ag;
  bool quiet; /* the graphs read are not counted (quadscan_set_quiet) */
  bool dedup; /* GRAPH_SET: filter graphs, then skip repeated triples */
  bool have_last;
  SilaIdQuad last;
};

static bool in_set(const SilaId *set, size_t n, SilaId g) {
  for (size_t i = 0; i < n; i++)
    if (set[i] == g)
      return true;
  return false;
}

/* The store pattern and flags of (s, p, o) in the active graph. */
static unsigned active_pattern(QuadScan *qs, SilaId s, SilaId p, SilaId o, SilaIdQuad *pat) {
  SilaExec *ex = qs->ex;
  *pat = (SilaIdQuad){s, p, o, 0};
  qs->dedup = false;
  qs->have_last = false;
  switch (qs->ag.mode) {
  case GRAPH_DEFAULT_STORE: pat->g = SILA_ID_DEFAULT_GRAPH; break;
  case GRAPH_ONE: pat->g = qs->ag.g; break;
  case GRAPH_UNION: return SILA_SCAN_DISTINCT_TRIPLES;
  case GRAPH_SET:
    if (ex->nfrom == 1)
      pat->g = ex->from[0];
    else
      qs->dedup = true;
    break;
  }
  return 0;
}

QuadScan *quadscan_open(SilaExec *ex, SilaId s, SilaId p, SilaId o, ActiveGraph ag) {
  QuadScan *qs = sila_calloc(1, sizeof *qs);
  if (!qs)
    return NULL;
  qs->ex = ex;
  qs->ag = ag;
  SilaIdQuad pat;
  unsigned flags = active_pattern(qs, s, p, o, &pat);
  if (sila_scan_open(ex->txn, &pat, flags, &qs->scan) != SILA_OK) {
    free(qs);
    return NULL;
  }
  return qs;
}

bool quadscan_sorted(const QuadScan *qs) { return sila_scan_sorted(qs->scan); }

void quadscan_set_quiet(QuadScan *qs, bool quiet) { qs->quiet = quiet; }

bool quadscan_reset_range(QuadScan *qs, SilaId s, SilaId p, SilaId o_lo, SilaId o_hi) {
  SilaIdQuad pat;
  active_pattern(qs, s, p, 0, &pat);
  return sila_scan_reset_range(qs->scan, &pat, o_lo, o_hi) == SILA_OK;
}

bool quadscan_reset(QuadScan *qs, SilaId s, SilaId p, SilaId o) {
  SilaIdQuad pat;
  active_pattern(qs, s, p, o, &pat); /* same graph mode: same flags */
  return sila_scan_reset(qs->scan, &pat) == SILA_OK;
}

/* Remembers the graph of a quad returned (sila_exec_graphs_read). */
void exec_note_graph(SilaExec *ex, SilaId g) {
  size_t n = ex->ngraphs_read;
  if (n && ex->graphs_read[n - 1] == g)
    return;
  for (size_t i = 0; i < n; i++)
    if (ex->graphs_read[i] == g)
      return;
  if (n < EXEC_GRAPHS_READ)
    ex->graphs_read[ex->ngraphs_read++] = g;
  else
    ex->graphs_read_more = true;
}

size_t sila_exec_graphs_read(const SilaExec *ex, const SilaId **graphs, bool *more) {
  *graphs = ex->graphs_read;
  *more = ex->graphs_read_more;
  return ex->ngraphs_read;
}

int quadscan_next(QuadScan *qs, SilaIdQuad *q) {
  for (;;) {
    int r = sila_scan_next(qs->scan, q);
    if (r <= 0)
      return r;
    if (!qs->dedup) {
      if (!qs->quiet)
        exec_note_graph(qs->ex, q->g);
      return 1;
    }
    /* Unbound g means an index with the graph last: repeats are adjacent. */
    if (!in_set(qs->ex->from, qs->ex->nfrom, q->g))
      continue;
    if (qs->have_last && qs->last.s == q->s && qs->last.p == q->p && qs->last.o == q->o)
      continue;
    qs->last = *q;
    qs->have_last = true;
    if (!qs->quiet)
      exec_note_graph(qs->ex, q->g);
    return 1;
  }
}

void quadscan_free(QuadScan *qs) {
  if (!qs)
    return;
  sila_scan_free(qs->scan);
  free(qs);
}

/* Patterns with two or more bound positions are counted by scanning, up to
 * this many matches: enough to rank them, cheap enough to do per row of a
 * nested loop.  Counts are also remembered for the execution. */
#define ESTIMATE_CAP 20000

uint64_t exec_estimate(SilaExec *ex, SilaId s, SilaId p, SilaId o, ActiveGraph ag) {
  SilaIdQuad pat = {s, p, o, 0};
  if (ag.mode == GRAPH_ONE)
    pat.g = ag.g;
  else if (ag.mode == GRAPH_DEFAULT_STORE)
    pat.g = SILA_ID_DEFAULT_GRAPH;
  uint64_t h = (s * 0x9E3779B97F4A7C15ULL) ^ (p * 0xC2B2AE3D27D4EB4FULL) ^
               (o * 0x165667B19E3779F9ULL) ^ (pat.g * 0x27D4EB2F165667C5ULL) ^ (uint64_t)ag.mode;
  EstimateSlot *slot = &ex->estimates[(h ^ (h >> 32)) % EXEC_ESTIMATE_SLOTS];
  if (slot->used && slot->s == s && slot->p == p && slot->o == o && slot->g == pat.g &&
      slot->mode == ag.mode)
    return slot->count;
  uint64_t count = sila_txn_estimate(ex->txn, &pat, ESTIMATE_CAP);
  *slot = (EstimateSlot){s, p, o, pat.g, ag.mode, count, true};
  return count;
}

/* ---- BGP ---------------------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  ActiveGraph ag;
  Pattern *pats; /* in execution order */
  size_t n;
  QuadScan **scans; /* the scan of each level while it runs */
  QuadScan **pool;  /* each level's scan, kept and re-targeted for the next row */
  /* Triple-term levels (pats[l].tt): a scan of the index of triple terms,
   * or the one decomposition of a bound term (ttone, pending while unread). */
  SilaTripleScan **ttscan;
  SilaId (*ttone)[4];
  bool *ttpending;
  /* Merge join: patterns 0 and 1 are (?x p0 o0) and (?x p1 o1) with ?x
   * free, both read sorted on ?x: their intersection is one sequential
   * pass over both ranges instead of a lookup of pattern 1 per row. */
  bool merge;
  QuadScan *other;  /* pattern 1's scan */
  bool have_a, have_b;
  SilaIdQuad qa, qb;
  SilaId *rows;     /* rows[level] = bindings after levels < level */
  int level;
  bool started, empty;
  /* FILTERs pushed into the BGP: each is tested as soon as the level that
   * binds the last of its variables has matched (-1: on the seed). */
  SilaExpr *const *filters;
  size_t nfilters;
  int *flevel;
  SilaExpr **conjuncts; /* the filters split at && (owned array, borrowed exprs) */
  /* Numeric bounds of the filters as object ranges, per level (exec_range.c;
   * NULL: none). */
  LevelRange *ranges;
  /* The hash level (exec_hash.c; -1: none): a lookup level with numeric
   * bounds on its object.  The rows reaching it are buffered (up to
   * HASH_BUFFER_ROWS, the levels before paused), then it reads its object
   * range into a table when they are many enough, and the buffered rows
   * run on from it in their order, probing the table or looking up. */
  int hl;
  SilaId *hbuf;
  size_t hbuf_n, hbuf_pos, hbuf_bytes;
  bool draining, prefix_done;
  HashRange *ht;
  bool ht_failed; /* the ranges of failed_lo/hi are too long for the rows */
  SilaId failed_lo[3], failed_hi[3];
  bool probing;   /* the hash level is answering its row from ht */
  HashProbe probe;
  uint64_t h_builds, h_entries, h_probed, h_looked;
  const SilaAlg *alg;
} BgpIter;

/* Runs the pushed filters of level l on row; false rejects it. */
static bool filters_pass(BgpIter *b, int l, const SilaId *row) {
  const LevelRange *lr = b->ranges && l >= 0 && b->ranges[l].var >= 0 ? &b->ranges[l] : NULL;
  for (size_t i = 0; i < b->nfilters; i++) {
    if (b->flevel[i] != l)
      continue;
    /* A range condition compares with its bound's value of this outer row. */
    int r = lr ? exec_range_test(b->ex, lr, b->filters[i], row) : -1;
    if (r == 0 || (r < 0 && !exec_filter(b->ex, &b->filters[i], 1, row, b->ag)))
      return false;
  }
  return true;
}

static SilaId pos_value(const Pos *p, const SilaId *row) {
  return p->var >= 0 ? row[p->var] : p->id;
}

/* Opens a triple-term level: decomposes the term when it is bound, else
 * scans the triple terms whose components have the bound values. */
static int open_tt_level(BgpIter *b, int l, const SilaId *row) {
  const Pattern *pt = &b->pats[l];
  SilaId t = pos_value(&pt->term, row);
  sila_triple_scan_free(b->ttscan[l]);
  b->ttscan[l] = NULL;
  b->ttpending[l] = false;
  b->scans[l] = NULL;
  if (pt->term.var < 0 && !t)
    return 0; /* a constant triple term the store lacks */
  SilaId v[3];
  for (int k = 0; k < 3; k++) {
    v[k] = pos_value(&pt->pos[k], row);
    if ((pt->pos[k].var < 0 && !v[k]) || IS_LOCAL(v[k]))
      return 0;
  }
  if (t) {
    SilaId spo[3];
    if (IS_LOCAL(t) || sila_id_tag(t) != SILA_TAG_TRIPLE)
      return 0; /* not a stored triple term: no components to match */
    SilaStatus st = sila_txn_triple_parts(b->ex->txn, t, spo);
    if (st == SILA_ERR_NOT_FOUND)
      return 0;
    if (st != SILA_OK)
      return -(int)st;
    for (int k = 0; k < 3; k++)
      if (v[k] && v[k] != spo[k])
        return 0;
    b->ttone[l][0] = t;
    memcpy(&b->ttone[l][1], spo, sizeof spo);
    b->ttpending[l] = true;
    return 1;
  }
  SilaStatus st = sila_triple_scan_open(b->ex->txn, v[0], v[1], v[2], &b->ttscan[l]);
  return st == SILA_OK ? 1 : -(int)st;
}

/* The next match of triple-term level l: got = term, s, p, o. */
static int tt_level_next(BgpIter *b, int l, SilaId got[4]) {
  if (b->ttpending[l]) {
    b->ttpending[l] = false;
    memcpy(got, b->ttone[l], 4 * sizeof *got);
    return 1;
  }
  if (!b->ttscan[l])
    return 0;
  int r = sila_triple_scan_next(b->ttscan[l], &got[0], &got[1]);
  if (r == 0) {
    sila_triple_scan_free(b->ttscan[l]);
    b->ttscan[l] = NULL;
  }
  return r;
}

/* Opens the scan of level l from the row of that level. */
static int open_level(BgpIter *b, int l) {
  const SilaId *row = b->rows + (size_t)l * b->ex->nvars;
  const Pattern *pt = &b->pats[l];
  if (pt->tt)
    return open_tt_level(b, l, row);
  SilaId v[3];
  for (int k = 0; k < 3; k++) {
    v[k] = pos_value(&pt->pos[k], row);
    /* A constant the store lacks, or a local term, matches nothing. */
    if ((pt->pos[k].var < 0 && !v[k]) || IS_LOCAL(v[k])) {
      b->scans[l] = NULL;
      return 0;
    }
  }
  LevelRange *lr = b->ranges && b->ranges[l].var >= 0 && v[1] && !v[2] ? &b->ranges[l] : NULL;
  int ranged = EXEC_RANGE_NONE;
  if (lr && (ranged = exec_range_open(b->ex, lr, row, b->ag)) < 0)
    return ranged;
  if (ranged == EXEC_RANGE_EMPTY) {
    b->scans[l] = NULL;
    return 0;
  }
  if (l == b->hl) {
    b->probing = b->ht && lr && lr->active && lr->filled && hashrange_covers(b->ht, lr);
    if (b->probing) {
      hashrange_probe(b->ht, v[0], &b->probe);
      b->scans[l] = NULL;
      b->h_probed++;
      return 1;
    }
    b->h_looked++;
  }
  if (b->pool[l]) {
    if (ranged != EXEC_RANGE_SCAN && !quadscan_reset(b->pool[l], v[0], v[1], v[2]))
      return -SILA_ERR_IO;
  } else if (!(b->pool[l] = quadscan_open(b->ex, v[0], v[1], v[2], b->ag))) {
    return -SILA_ERR_NOMEM;
  }
  if (ranged == EXEC_RANGE_SCAN &&
      !quadscan_reset_range(b->pool[l], v[0], v[1], lr->lo[0], lr->hi[0]))
    return -SILA_ERR_IO;
  b->scans[l] = b->pool[l];
  if (l == 0 && b->merge) {
    const Pattern *c = &b->pats[1];
    if (!quadscan_reset(b->other, 0, c->pos[1].id, c->pos[2].id))
      return -SILA_ERR_IO;
    b->have_a = b->have_b = false;
  }
  return 1;
}

/* Sets up the merge join of patterns 0 and 1 when the plan chose it (see
 * BgpIter.merge) and both ranges come sorted on the subject. */
static void open_merge(BgpIter *b, const SilaId *seed) {
  SilaExec *ex = b->ex;
  if (b->empty || !plan_bgp_merge(ex, b->pats, b->n, seed, b->ag))
    return;
  const Pattern *a = &b->pats[0], *c = &b->pats[1];
  QuadScan *qa = quadscan_open(ex, 0, a->pos[1].id, a->pos[2].id, b->ag);
  QuadScan *qc = quadscan_open(ex, 0, c->pos[1].id, c->pos[2].id, b->ag);
  if (qa && qc && quadscan_sorted(qa) && quadscan_sorted(qc)) {
    b->pool[0] = qa;
    b->other = qc;
    b->merge = true;
    return;
  }
  quadscan_free(qa);
  quadscan_free(qc);
}

/* The next quad of pattern 0 whose subject pattern 1 also has. */
static int merge_next(BgpIter *b, SilaIdQuad *q) {
  for (;;) {
    int r;
    if (!b->have_a) {
      if ((r = quadscan_next(b->scans[0], &b->qa)) <= 0)
        return r;
      b->have_a = true;
    }
    if (!b->have_b) {
      if ((r = quadscan_next(b->other, &b->qb)) <= 0)
        return r;
      b->have_b = true;
    }
    if (b->qa.s < b->qb.s) {
      b->have_a = false;
    } else if (b->qa.s > b->qb.s) {
      b->have_b = false;
    } else {
      *q = b->qa; /* each subject once: a triple comes once from a scan */
      b->have_a = b->have_b = false;
      return 1;
    }
  }
}

/* ---- the hash level (exec_hash.c) ---------------------------------------- */

/* EXPLAIN ANALYZE: what the hash level did, added to the BGP's counters. */
static void hash_profile_flush(BgpIter *b) {
  if (b->hl >= 0 && b->ex->profile && b->alg)
    exec_profile_bgp_hash(b->ex, b->alg, (size_t)b->hl, b->h_builds, b->h_entries, b->h_probed,
                          b->h_looked);
  b->h_builds = b->h_entries = b->h_probed = b->h_looked = 0;
}


static bool same_ranges(const SilaId *lo, const SilaId *hi, const LevelRange *lr) {
  for (int k = 0; k < lr->nsub; k++)
    if (lo[k] != lr->lo[k] || hi[k] != lr->hi[k])
      return false;
  for (int k = lr->nsub; k < 3; k++)
    if (lo[k] || hi[k])
      return false;
  return true;
}

/* Room for one more buffered row (allocated when the first comes: a BGP
 * opened per row of a nested loop often has none); false when the buffer
 * is at its cap (or memory is short): then the rows buffered are answered
 * first. */
static bool hbuf_room(BgpIter *b) {
  size_t w = b->ex->nvars, cap = b->hbuf_bytes / (w * sizeof *b->hbuf);
  if (b->hbuf_n < cap)
    return true;
  size_t ncap = cap ? cap * 2 : 64, add = (ncap - cap) * w * sizeof *b->hbuf;
  if (ncap > HASH_BUFFER_ROWS || !exec_mem_try(b->ex, add))
    return false;
  SilaId *nb = sila_realloc(b->hbuf, ncap * w * sizeof *nb);
  if (!nb) {
    exec_mem_credit(b->ex, add);
    return false;
  }
  b->hbuf = nb;
  b->hbuf_bytes += add;
  return true;
}

/* Runs the hash level on the next buffered row; after the last, back to
 * the levels before (paused at a full buffer) or to the end. */
static int drain_next(BgpIter *b) {
  size_t w = b->ex->nvars;
  int h = b->hl;
  if (b->hbuf_pos == b->hbuf_n) {
    b->draining = false;
    b->hbuf_n = b->hbuf_pos = 0;
    b->level = b->prefix_done ? -1 : b->merge && h == 2 ? 0 : h - 1;
    return 1;
  }
  memcpy(b->rows + (size_t)h * w, b->hbuf + b->hbuf_pos++ * w, w * sizeof *b->hbuf);
  b->level = h;
  int r = open_level(b, h);
  return r < 0 ? r : 1;
}

/* The buffered rows are all there is (or all there is room for): reads the
 * hash level's range into a table when the rows are at least 1/HASH_RATIO
 * of it (a table of the same ranges is kept; ranges found too long are not
 * read again), then runs the first row.  The ranges are the first row's:
 * rows with other bounds (bounds that read variables) look up. */
static int drain_start(BgpIter *b) {
  SilaExec *ex = b->ex;
  int h = b->hl;
  LevelRange *lr = &b->ranges[h];
  b->draining = true;
  b->hbuf_pos = 0;
  int r = exec_range_open(ex, lr, b->hbuf, b->ag);
  if (r < 0)
    return r;
  bool known = b->ht && hashrange_covers(b->ht, lr);
  bool too_long = b->ht_failed && same_ranges(b->failed_lo, b->failed_hi, lr);
  if (r != EXEC_RANGE_EMPTY && lr->active && lr->filled && !known && !too_long) {
    hashrange_free(ex, b->ht);
    b->ht = NULL;
    HashRange *t;
    int rc = hashrange_build(ex, b->ag, b->pats[h].pos[1].id, lr, b->hbuf_n * HASH_RATIO, &t);
    if (rc < 0)
      return rc;
    if (t) {
      b->ht = t;
      b->h_builds++;
      b->h_entries += hashrange_size(t);
    } else {
      b->ht_failed = true;
      memset(b->failed_lo, 0, sizeof b->failed_lo);
      memset(b->failed_hi, 0, sizeof b->failed_hi);
      memcpy(b->failed_lo, lr->lo, (size_t)lr->nsub * sizeof *lr->lo);
      memcpy(b->failed_hi, lr->hi, (size_t)lr->nsub * sizeof *lr->hi);
    }
  }
  return drain_next(b);
}

static int bgp_next(Iter *it, SilaId *out) {
  BgpIter *b = (BgpIter *)it;
  SilaExec *ex = b->ex;
  size_t w = ex->nvars;
  if (b->empty)
    return 0;
  if (b->n == 0) {
    /* The empty pattern: one solution, the seed. */
    if (b->started)
      return 0;
    b->started = true;
    row_copy(ex, out, b->rows);
    return 1;
  }
  if (!b->started) {
    b->started = true;
    b->level = 0;
    if (b->nfilters && !filters_pass(b, -1, b->rows)) {
      b->empty = true;
      return 0;
    }
    int r = open_level(b, 0);
    if (r < 0)
      return r;
  }
  for (;;) {
    if (b->level < 0) {
      /* The levels before the hash level are done: its buffered rows. */
      if (b->hl < 0 || b->draining || !b->hbuf_n)
        break;
      b->prefix_done = true;
      int d = drain_start(b);
      if (d < 0)
        return d;
      continue;
    }
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
    int l = b->level;
    SilaIdQuad q;
    SilaId tg[4] = {0, 0, 0, 0};
    int r = b->pats[l].tt ? tt_level_next(b, l, tg)
            : l == b->hl && b->probing ? hashrange_next(ex, b->ht, &b->probe, &q)
            : !b->scans[l] ? 0
            : l == 0 && b->merge ? merge_next(b, &q)
                                 : quadscan_next(b->scans[l], &q);
    if (r == 0 && b->scans[l] && b->ranges && b->ranges[l].active && b->ranges[l].scan &&
        b->ranges[l].sub + 1 < b->ranges[l].nsub) {
      /* The next object range of this level (exec_range.c). */
      LevelRange *lr = &b->ranges[l];
      const SilaId *in = b->rows + (size_t)l * w;
      lr->sub++;
      if (!quadscan_reset_range(b->scans[l], pos_value(&b->pats[l].pos[0], in),
                                pos_value(&b->pats[l].pos[1], in), lr->lo[lr->sub],
                                lr->hi[lr->sub]))
        return exec_fail(ex, SILA_ERR_IO, "store read failed");
      continue;
    }
    if (r < 0)
      return exec_fail(ex, (SilaStatus)-r, "store read failed");
    if (r == 0) {
      b->scans[l] = NULL;
      if (l == b->hl)
        b->probing = false;
      b->level--;
      if (b->draining && b->level == b->hl - 1) {
        int d = drain_next(b); /* the next buffered row */
        if (d < 0)
          return d;
        continue;
      }
      if (b->merge && b->level == 1)
        b->level = 0; /* level 1 ran inside the merge */
      continue;
    }
    SilaId *next = b->rows + (size_t)(l + 1) * w;
    row_copy(ex, next, b->rows + (size_t)l * w);
    SilaId got[3];
    if (b->pats[l].tt) {
      memcpy(got, &tg[1], sizeof got);
    } else {
      got[0] = q.s;
      got[1] = q.p;
      got[2] = q.o;
    }
    bool ok = true;
    if (b->pats[l].tt && b->pats[l].term.var >= 0) {
      int32_t var = b->pats[l].term.var;
      ok = !next[var] || next[var] == tg[0];
      next[var] = tg[0];
    }
    for (int k = 0; k < 3 && ok; k++) {
      int32_t var = b->pats[l].pos[k].var;
      if (var < 0)
        continue;
      if (next[var] && next[var] != got[k])
        ok = false; /* the same variable twice in one pattern */
      next[var] = got[k];
    }
    if (!ok || (b->nfilters && !filters_pass(b, l, next)))
      continue;
    if (l == 0 && b->merge) {
      /* Pattern 1 matched in the merge and binds nothing more. */
      if (b->nfilters && !filters_pass(b, 1, next))
        continue;
      memcpy(b->rows + 2 * w, next, w * sizeof *next);
      next = b->rows + 2 * w;
      l = 1;
    }
    if (l + 1 == b->hl && !b->draining && !b->hbuf_bytes && !hbuf_room(b))
      b->hl = -1; /* no room for a first row: no hash level, rows go on at once */
    if (l + 1 == b->hl && !b->draining) {
      /* A row for the hash level: held back until the levels before end
       * or the buffer is full. */
      row_copy(ex, b->hbuf + b->hbuf_n++ * w, next);
      if (!hbuf_room(b)) {
        int d = drain_start(b);
        if (d < 0)
          return d;
      }
      continue;
    }
    if (l + 1 == (int)b->n) {
      row_copy(ex, out, next);
      return 1;
    }
    b->level = l + 1;
    r = open_level(b, l + 1);
    if (r < 0)
      return r;
  }
  b->empty = true;
  hash_profile_flush(b);
  return 0;
}

static void bgp_free(Iter *it) {
  BgpIter *b = (BgpIter *)it;
  hash_profile_flush(b);
  hashrange_free(b->ex, b->ht);
  free(b->hbuf);
  exec_mem_credit(b->ex, b->hbuf_bytes);
  for (size_t i = 0; b->pool && i < b->n; i++)
    quadscan_free(b->pool[i]);
  for (size_t i = 0; b->ttscan && i < b->n; i++)
    sila_triple_scan_free(b->ttscan[i]);
  free(b->ttscan);
  free(b->ttone);
  free(b->ttpending);
  quadscan_free(b->other);
  free(b->pool);
  free(b->scans);
  free(b->rows);
  free(b->flevel);
  free(b->conjuncts);
  exec_range_free(b->ranges, b->n);
  free(b->pats);
  free(b);
}

static Pos resolve(SilaExec *ex, const SilaNode *n) {
  Pos p = {n->var, 0};
  if (n->var >= 0)
    return p;
  /* Remembered by node: a BGP opened per row resolves the same nodes. */
  size_t slots = sizeof ex->node_ids / sizeof ex->node_ids[0];
  size_t i = (size_t)(((uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ULL) >> 40) % slots;
  if (ex->node_ids[i].node == n)
    return (Pos){-1, ex->node_ids[i].id};
  p.id = exec_store_id(ex, &n->term);
  if (p.id) {
    ex->node_ids[i].node = n;
    ex->node_ids[i].id = p.id;
  }
  return p;
}

static void tt_collect(const SilaNode *n, const SilaNode **out, size_t *k) {
  if (!n->tt || n->var < 0)
    return;
  if (out)
    out[*k] = n;
  (*k)++;
  tt_collect(&n->tt->s, out, k);
  tt_collect(&n->tt->o, out, k);
}

size_t exec_bgp_tt_nodes(const SilaAlg *alg, const SilaNode **out) {
  size_t k = 0;
  for (size_t i = 0; i < alg->ntt_extra; i++)
    tt_collect(&alg->tt_extra[i], out, &k);
  for (size_t i = 0; i < alg->ntriples; i++) {
    tt_collect(&alg->triples[i].s, out, &k);
    tt_collect(&alg->triples[i].o, out, &k);
  }
  return k;
}

/* Triple terms are counted by scanning, up to this many: enough to rank a
 * triple-term pattern against the others, and remembered for the
 * execution like exec_estimate's counts (a BGP plans again per seed). */
#define TT_ESTIMATE_CAP 5000

uint64_t exec_tt_estimate(SilaExec *ex, SilaId s, SilaId p, SilaId o) {
  /* the cache of exec_estimate, marked by a graph mode no pattern has */
  const SilaId tt_mark = (SilaId)0xF << 60;
  const GraphMode tt_mode = (GraphMode)0x7F;
  uint64_t h = (s * 0x9E3779B97F4A7C15ULL) ^ (p * 0xC2B2AE3D27D4EB4FULL) ^
               (o * 0x165667B19E3779F9ULL) ^ tt_mark;
  EstimateSlot *slot = &ex->estimates[(h ^ (h >> 32)) % EXEC_ESTIMATE_SLOTS];
  if (slot->used && slot->s == s && slot->p == p && slot->o == o && slot->g == tt_mark &&
      slot->mode == tt_mode)
    return slot->count;
  SilaTripleScan *scan;
  if (sila_triple_scan_open(ex->txn, s, p, o, &scan) != SILA_OK)
    return TT_ESTIMATE_CAP;
  uint64_t n = 0;
  while (n < TT_ESTIMATE_CAP && sila_triple_scan_next(scan, NULL, NULL) == 1)
    n++;
  sila_triple_scan_free(scan);
  *slot = (EstimateSlot){s, p, o, tt_mark, tt_mode, n, true};
  return n;
}

/* A BGP; conj (may be NULL) are the FILTER conjuncts it will test, whose
 * numeric bounds make a pattern's estimate smaller (exec_range_hints). */
static Iter *bgp_open(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                      SilaExpr *const *conj, size_t nconj) {
  BgpIter *b = exec_iter_new(sizeof *b, bgp_next, bgp_free);
  if (!b)
    return NULL;
  b->ex = ex;
  b->ag = ag;
  b->alg = alg;
  b->hl = -1;
  size_t ntt = exec_bgp_tt_nodes(alg, NULL);
  b->n = alg->ntriples + ntt;
  b->pats = sila_calloc(b->n ? b->n : 1, sizeof *b->pats);
  b->scans = sila_calloc(b->n ? b->n : 1, sizeof *b->scans);
  b->pool = sila_calloc(b->n ? b->n : 1, sizeof *b->pool);
  b->ttscan = sila_calloc(b->n ? b->n : 1, sizeof *b->ttscan);
  b->ttone = sila_calloc(b->n ? b->n : 1, sizeof *b->ttone);
  b->ttpending = sila_calloc(b->n ? b->n : 1, sizeof *b->ttpending);
  b->rows = sila_calloc((b->n + 1) * (ex->nvars ? ex->nvars : 1), sizeof *b->rows);
  const SilaNode **tts = sila_calloc(ntt ? ntt : 1, sizeof *tts);
  if (!b->pats || !b->scans || !b->pool || !b->ttscan || !b->ttone || !b->ttpending ||
      !b->rows || !tts) {
    free(tts);
    bgp_free(&b->it);
    return NULL;
  }
  row_copy(ex, b->rows, seed);
  exec_bgp_tt_nodes(alg, tts);
  for (size_t i = 0; i < b->n; i++) {
    if (i >= alg->ntriples) {
      const SilaNode *n = tts[i - alg->ntriples];
      b->pats[i].tt = true;
      b->pats[i].term.var = n->var;
      b->pats[i].pos[0] = resolve(ex, &n->tt->s);
      b->pats[i].pos[1] = resolve(ex, &n->tt->p);
      b->pats[i].pos[2] = resolve(ex, &n->tt->o);
    } else {
      const SilaTriple *t = &alg->triples[i];
      b->pats[i].pos[0] = resolve(ex, &t->s);
      b->pats[i].pos[1] = resolve(ex, &t->p);
      b->pats[i].pos[2] = resolve(ex, &t->o);
    }
    for (int k = 0; k < 3; k++)
      if (b->pats[i].pos[k].var < 0 && !b->pats[i].pos[k].id)
        b->empty = true; /* a constant the store does not hold */
  }
  free(tts);
  if (nconj)
    exec_range_hints(ex, b->pats, b->n, conj, nconj);
  if (ex->profile) {
    /* EXPLAIN wants the order and the estimates, even for one pattern. */
    uint64_t *est = sila_calloc(b->n + 1, sizeof *est);
    size_t *orig = sila_calloc(b->n + 1, sizeof *orig);
    if (est && orig) {
      for (size_t i = 0; i < b->n; i++)
        orig[i] = i;
      plan_bgp_order(ex, b->pats, b->n, seed, ag, est, orig);
      exec_profile_bgp(ex, alg, orig, est, b->n);
      open_merge(b, seed);
      if (b->merge)
        exec_profile_bgp_merge(ex, alg);
    }
    free(est);
    free(orig);
  } else if (!b->empty && b->n > 1) {
    plan_bgp_order(ex, b->pats, b->n, seed, ag, NULL, NULL);
    open_merge(b, seed);
  }
  return &b->it;
}

Iter *exec_bgp(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  /* Full-text search: calabria:testo makes the text index the access path. */
  if (exec_text_applies(alg))
    return exec_text_bgp(ex, alg, seed, ag, NULL, 0);
  return bgp_open(ex, alg, seed, ag, NULL, 0);
}

/* The variables an expression reads; EXISTS reads the whole row. */
static void expr_vars(const SilaExpr *e, bool *vars, bool *whole_row) {
  if (e->op == SILA_EX_VAR)
    vars[e->var] = true;
  if (e->op == SILA_EX_EXISTS || e->op == SILA_EX_NOT_EXISTS)
    *whole_row = true;
  for (uint32_t i = 0; i < e->nargs; i++)
    expr_vars(e->args[i], vars, whole_row);
}

static bool bgp_binds(const SilaAlg *alg, int32_t var) {
  for (size_t i = 0; i < alg->ntriples; i++)
    if (alg->triples[i].s.var == var || alg->triples[i].p.var == var ||
        alg->triples[i].o.var == var)
      return true;
  return false;
}

/* FILTER(?v = <iri>) and FILTER(sameTerm(?v, constant)), alone or in a
 * conjunction, over a BGP that binds ?v: the BGP runs with ?v bound, an
 * index lookup instead of a scan and a test (the test still runs).  `=`
 * only for IRIs: on literals it compares values ("1"^^xsd:integer = 1.0).
 * *none: the constant is not in the store, so nothing can match. */
static void bind_equalities(SilaExec *ex, const SilaAlg *alg, const SilaExpr *e, SilaId *seed,
                            bool *none) {
  if (e->op == SILA_EX_AND) {
    for (uint32_t i = 0; i < e->nargs; i++)
      bind_equalities(ex, alg, e->args[i], seed, none);
    return;
  }
  if ((e->op != SILA_EX_EQ && e->op != SILA_EX_SAMETERM) || e->nargs != 2)
    return;
  const SilaExpr *v = e->args[0], *c = e->args[1];
  if (v->op != SILA_EX_VAR) {
    v = e->args[1];
    c = e->args[0];
  }
  if (v->op != SILA_EX_VAR || c->op != SILA_EX_CONST || c->term.kind == SILA_TERM_BLANK ||
      (e->op == SILA_EX_EQ && c->term.kind != SILA_TERM_IRI) || seed[v->var] ||
      !bgp_binds(alg, v->var))
    return;
  SilaId id = exec_store_id(ex, &c->term);
  if (id)
    seed[v->var] = id;
  else
    *none = true;
}

static size_t count_conjuncts(const SilaExpr *e) {
  if (e->op != SILA_EX_AND || e->nargs != 2)
    return 1;
  return count_conjuncts(e->args[0]) + count_conjuncts(e->args[1]);
}

static void split_conjuncts(SilaExpr *e, SilaExpr **out, size_t *k) {
  if (e->op != SILA_EX_AND || e->nargs != 2) {
    out[(*k)++] = e;
    return;
  }
  split_conjuncts(e->args[0], out, k);
  split_conjuncts(e->args[1], out, k);
}

/* The first lookup level (a subject bound by a level before, a constant
 * predicate) with numeric bounds on its object becomes the hash level: its
 * rows are buffered and counted (exec_hash.c).  Only in a BGP whose rows
 * are all read (PlanNote.drained): buffering delays the first row. */
static void choose_hash_level(BgpIter *b, const int *bound_at) {
  if (b->ex->opt.no_hash_join || !b->ex->nvars)
    return;
  for (size_t l = b->merge ? 2 : 1; l < b->n; l++) {
    LevelRange *lr = &b->ranges[l];
    const Pattern *pt = &b->pats[l];
    int32_t s = pt->pos[0].var;
    if (lr->var < 0 || lr->scan || pt->tt || s < 0 || bound_at[s] < 0 || bound_at[s] >= (int)l ||
        pt->pos[1].var >= 0 || !pt->pos[1].id || IS_LOCAL(pt->pos[1].id) ||
        pt->pos[2].var != lr->var || !exec_range_numeric(lr))
      continue;
    lr->hash = true;
    b->hl = (int)l;
    return;
  }
}

Iter *exec_bgp_filtered(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                        SilaExpr *const *filters, size_t nfilters) {
  /* Full-text search (exec_text.c): it runs the filters itself. */
  if (exec_text_applies(alg))
    return exec_text_bgp(ex, alg, seed, ag, filters, nfilters);
  SilaId *bound = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *bound);
  if (!bound)
    return NULL;
  row_copy(ex, bound, seed);
  bool none = false;
  for (size_t i = 0; i < nfilters; i++)
    bind_equalities(ex, alg, filters[i], bound, &none);
  /* Each conjunct of a FILTER(a && b) is tested on its own, as soon as its
   * own variables are bound (the same answers: the row passes when every
   * conjunct is true): a range on ?w rejects rows before ?x is looked up. */
  size_t nconj = 0;
  for (size_t i = 0; i < nfilters; i++)
    nconj += count_conjuncts(filters[i]);
  SilaExpr **conjuncts = nfilters ? sila_malloc(nconj * sizeof *conjuncts) : NULL;
  if (conjuncts) {
    size_t k = 0;
    for (size_t i = 0; i < nfilters; i++)
      split_conjuncts(filters[i], conjuncts, &k);
    filters = conjuncts;
    nfilters = nconj;
  }
  Iter *it = bgp_open(ex, alg, bound, ag, filters, nfilters);
  BgpIter *b = (BgpIter *)it;
  if (it) {
    b->conjuncts = conjuncts; /* owned by the iterator from here */
    if (none)
      b->empty = true;
  } else {
    free(conjuncts);
  }
  if (!it || !nfilters) {
    free(bound);
    return it;
  }
  b->filters = filters;
  b->nfilters = nfilters;
  b->flevel = sila_malloc(nfilters * sizeof *b->flevel);
  int *bound_at = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *bound_at);
  bool *vars = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *vars);
  if (!b->flevel || !bound_at || !vars) {
    free(bound_at);
    free(vars);
    free(bound);
    iter_free(it);
    return NULL;
  }
  /* The level (pattern index in execution order) that binds each variable. */
  int last = b->n ? (int)b->n - 1 : -1;
  for (size_t v = 0; v < ex->nvars; v++)
    bound_at[v] = bound[v] ? -1 : last;
  for (int l = (int)b->n - 1; l >= 0; l--) {
    for (int k = 0; k < 3; k++) {
      int32_t v = b->pats[l].pos[k].var;
      if (v >= 0 && !bound[v])
        bound_at[v] = l;
    }
    int32_t tv = b->pats[l].tt ? b->pats[l].term.var : -1;
    if (tv >= 0 && !bound[tv])
      bound_at[tv] = l;
  }
  for (size_t i = 0; i < nfilters; i++) {
    bool whole = false;
    memset(vars, 0, (ex->nvars ? ex->nvars : 1) * sizeof *vars);
    expr_vars(filters[i], vars, &whole);
    /* A variable the BGP never binds makes the test wait for the full
     * row, where it is what the FILTER above the BGP would see. */
    int level = whole ? last : -1;
    for (size_t v = 0; v < ex->nvars && !whole; v++)
      if (vars[v] && bound_at[v] > level)
        level = bound_at[v];
    b->flevel[i] = level;
  }
  /* Numeric bounds on a pattern's object: read only that range of it. */
  if (!b->empty)
    b->ranges = exec_range_plan(ex, b->pats, b->n, filters, nfilters, b->flevel, bound_at);
  if (b->ranges && exec_plan_of(ex, alg).drained)
    choose_hash_level(b, bound_at);
  for (size_t l = 0; ex->profile && b->ranges && l < b->n; l++) {
    SilaBuf note = {0};
    if (b->ranges[l].var >= 0 && (b->ranges[l].scan || b->ranges[l].hash) &&
        exec_range_describe(ex, &b->ranges[l], &note) == 0 &&
        sila_buf_putc(&note, '\0') == 0)
      exec_profile_bgp_pattern_note(ex, alg, l, note.data);
    sila_buf_free(&note);
  }
  free(bound_at);
  free(vars);
  free(bound);
  return it;
}
