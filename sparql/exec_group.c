/* exec_group.c — GROUP BY with aggregates, and ORDER BY.
 *
 * Both materialise their input (bounded by the query's memory cap).
 * Groups are found through a hash table on the key IDs; ORDER BY computes
 * each row's sort keys once, then sorts stably. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "exec_internal.h"

typedef struct {
  SilaId *key;     /* nkeys IDs */
  SilaAgg **aggs;  /* naggs accumulators */
  uint64_t count;  /* rows (for COUNT(*)) */
  SilaId *first;   /* a row of the group, for keys given as plain variables */
  RowList *distinct_rows; /* COUNT(DISTINCT *) */
  uint64_t *nbound;       /* per aggregate: rows where COUNT(?v)'s ?v is bound */
} Group;

/* COUNT(?v) without DISTINCT: counted on the row's ID, no value needed. */
static bool plain_count(const SilaExpr *e) {
  return e->op == SILA_EX_COUNT && !e->distinct && !e->star && e->nargs == 1 &&
         e->args[0]->op == SILA_EX_VAR;
}

static SilaAggKind agg_kind(SilaExprOp op) {
  switch (op) {
  case SILA_EX_SUM: return SILA_AGG_SUM;
  case SILA_EX_AVG: return SILA_AGG_AVG;
  case SILA_EX_MIN: return SILA_AGG_MIN;
  case SILA_EX_MAX: return SILA_AGG_MAX;
  case SILA_EX_SAMPLE: return SILA_AGG_SAMPLE;
  case SILA_EX_GROUP_CONCAT: return SILA_AGG_GROUP_CONCAT;
  default: return SILA_AGG_COUNT;
  }
}

typedef struct {
  SilaExec *ex;
  const SilaAlg *alg;
  Group *groups;
  size_t n, cap;
  size_t *index; /* hash table: group index + 1 */
  size_t index_cap;
  size_t last; /* the group of the previous row + 1: input often comes
                * sorted on the key (GROUP BY ?o over a POS scan) */
} Grouping;

static uint64_t key_hash(const SilaId *k, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ k[i]) * 0x100000001b3ULL;
  return h;
}

static inline bool keys_equal(const SilaId *a, const SilaId *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i])
      return false;
  return true;
}

/* Frees what one group owns (a half-built one too: its fields start zeroed). */
static void group_release(const Grouping *gr, Group *g) {
  for (size_t a = 0; g->aggs && a < gr->alg->naggs; a++)
    sila_agg_free(g->aggs[a]);
  free(g->aggs);
  free(g->nbound);
  free(g->key);
  free(g->first);
  if (g->distinct_rows) {
    rows_free(g->distinct_rows);
    free(g->distinct_rows);
  }
  memset(g, 0, sizeof *g);
}

static Group *find_group(Grouping *gr, const SilaId *key) {
  size_t nk = gr->alg->nkeys;
  if (gr->last && keys_equal(gr->groups[gr->last - 1].key, key, nk))
    return &gr->groups[gr->last - 1];
  if ((gr->n + 1) * 2 > gr->index_cap) {
    size_t cap = gr->index_cap ? gr->index_cap * 2 : 64;
    size_t *idx = sila_calloc(cap, sizeof *idx);
    if (!idx)
      return NULL;
    for (size_t i = 0; i < gr->n; i++) {
      size_t j = key_hash(gr->groups[i].key, nk) & (cap - 1);
      while (idx[j])
        j = (j + 1) & (cap - 1);
      idx[j] = i + 1;
    }
    free(gr->index);
    gr->index = idx;
    gr->index_cap = cap;
  }
  size_t j = key_hash(key, nk) & (gr->index_cap - 1);
  while (gr->index[j]) {
    Group *g = &gr->groups[gr->index[j] - 1];
    if (keys_equal(g->key, key, nk)) {
      gr->last = gr->index[j];
      return g;
    }
    j = (j + 1) & (gr->index_cap - 1);
  }
  if (gr->n == gr->cap) {
    size_t cap = gr->cap ? gr->cap * 2 : 16;
    Group *gs = sila_realloc(gr->groups, cap * sizeof *gs);
    if (!gs)
      return NULL;
    gr->groups = gs;
    gr->cap = cap;
  }
  SilaExec *ex = gr->ex;
  if (exec_mem(ex, sizeof(Group) + (nk + ex->nvars) * sizeof(SilaId) + 256 * gr->alg->naggs) !=
      SILA_OK)
    return NULL;
  Group *g = &gr->groups[gr->n];
  memset(g, 0, sizeof *g);
  g->key = sila_malloc((nk ? nk : 1) * sizeof *key);
  g->first = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof(SilaId));
  g->aggs = sila_calloc(gr->alg->naggs ? gr->alg->naggs : 1, sizeof *g->aggs);
  g->nbound = sila_calloc(gr->alg->naggs ? gr->alg->naggs : 1, sizeof *g->nbound);
  if (!g->key || !g->first || !g->aggs || !g->nbound) {
    group_release(gr, g);
    return NULL;
  }
  memcpy(g->key, key, nk * sizeof *key);
  for (size_t a = 0; a < gr->alg->naggs; a++) {
    const SilaExpr *e = gr->alg->aggs[a].expr;
    if ((e->op == SILA_EX_COUNT && e->star) || plain_count(e))
      continue;
    char *sep = NULL;
    if ((e->separator && !(sep = sila_arena_strndup(ex->arena, e->separator, e->separator_len))) ||
        !(g->aggs[a] = sila_agg_new(agg_kind(e->op), e->distinct, sep))) {
      group_release(gr, g);
      return NULL;
    }
  }
  gr->index[j] = ++gr->n;
  gr->last = gr->n;
  return g;
}

static void grouping_free(Grouping *gr) {
  for (size_t i = 0; i < gr->n; i++)
    group_release(gr, &gr->groups[i]);
  free(gr->groups);
  free(gr->index);
}

static SilaStatus step_row_in(Grouping *gr, const SilaId *row, SilaId *key, ActiveGraph ag);

/* One input row; its expression values live only during the step (the
 * accumulators copy what they keep). */
static SilaStatus step_row(Grouping *gr, const SilaId *row, SilaId *key, ActiveGraph ag) {
  SilaArenaMark mark = sila_arena_mark(gr->ex->scratch);
  SilaStatus st = step_row_in(gr, row, key, ag);
  sila_arena_release(gr->ex->scratch, mark);
  return st;
}

static SilaStatus step_row_in(Grouping *gr, const SilaId *row, SilaId *key, ActiveGraph ag) {
  SilaExec *ex = gr->ex;
  const SilaAlg *alg = gr->alg;
  for (size_t k = 0; k < alg->nkeys; k++) {
    const SilaExpr *ke = alg->keys[k].expr;
    if (ke->op == SILA_EX_VAR) { /* GROUP BY ?v: the row's ID is the key */
      key[k] = row[ke->var];
      continue;
    }
    SilaValue v;
    key[k] = 0;
    if (exec_expr(ex, ke, row, ag, &v) == SILA_OK)
      key[k] = exec_value_id(ex, &v);
    if (ex->status != SILA_OK)
      return ex->status;
  }
  Group *g = find_group(gr, key);
  if (!g)
    return ex->status != SILA_OK ? ex->status : SILA_ERR_NOMEM;
  if (g->count++ == 0)
    row_copy(ex, g->first, row);
  for (size_t a = 0; a < alg->naggs; a++) {
    const SilaExpr *e = alg->aggs[a].expr;
    if (e->op == SILA_EX_COUNT && e->star) {
      if (e->distinct) {
        if (!g->distinct_rows && !(g->distinct_rows = sila_calloc(1, sizeof(RowList))))
          return SILA_ERR_NOMEM;
        bool seen = false;
        for (size_t i = 0; i < g->distinct_rows->n && !seen; i++)
          seen = !memcmp(rows_at(g->distinct_rows, i), row, ex->nvars * sizeof *row);
        if (!seen && rows_push(ex, g->distinct_rows, row) != SILA_OK)
          return ex->status ? ex->status : SILA_ERR_NOMEM;
      }
      continue;
    }
    if (plain_count(e)) { /* COUNT(?v) only asks whether ?v is bound */
      g->nbound[a] += row[e->args[0]->var] != 0;
      continue;
    }
    SilaValue v;
    if (e->nargs == 0 || exec_expr(ex, e->args[0], row, ag, &v) != SILA_OK)
      v = sila_value_unbound();
    if (ex->status != SILA_OK)
      return ex->status;
    /* The accumulators copy what they keep out of the scratch arena. */
    if (sila_agg_step(g->aggs[a], &v) != SILA_OK)
      return SILA_ERR_NOMEM;
  }
  return exec_check(ex);
}

Iter *exec_group(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  Grouping gr = {ex, alg, NULL, 0, 0, NULL, 0, 0};
  Iter *in = exec_eval(ex, alg->a, seed, ag);
  SilaId *row = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *row);
  SilaId *key = sila_calloc(alg->nkeys ? alg->nkeys : 1, sizeof *key);
  RowList out = {0};
  SilaStatus st = in && row && key ? SILA_OK : SILA_ERR_NOMEM;
  int r = 0;
  while (st == SILA_OK && (r = iter_next(in, row)) == 1)
    st = step_row(&gr, row, key, ag);
  if (st == SILA_OK && r < 0)
    st = (SilaStatus)-r;
  iter_free(in);
  /* No rows and no GROUP BY keys: one group over nothing (COUNT(*) = 0). */
  if (st == SILA_OK && gr.n == 0 && alg->nkeys == 0 && !find_group(&gr, key))
    st = ex->status ? ex->status : SILA_ERR_NOMEM;
  for (size_t i = 0; i < gr.n && st == SILA_OK; i++) {
    Group *g = &gr.groups[i];
    row_copy(ex, row, seed);
    for (size_t k = 0; k < alg->nkeys; k++)
      if (alg->keys[k].var >= 0)
        row[alg->keys[k].var] = g->key[k];
    for (size_t a = 0; a < alg->naggs; a++) {
      const SilaExpr *e = alg->aggs[a].expr;
      SilaId id = 0;
      if ((e->op == SILA_EX_COUNT && e->star) || plain_count(e)) {
        uint64_t c = plain_count(e) ? g->nbound[a]
                     : e->distinct  ? (g->distinct_rows ? g->distinct_rows->n : 0)
                                    : g->count;
        SilaValue v = sila_value_int((SilaInt128)c);
        id = exec_value_id(ex, &v);
      } else {
        SilaValue v;
        if (sila_agg_result(g->aggs[a], ex->scratch, &v) == SILA_OK)
          id = exec_value_id(ex, &v);
      }
      row[alg->aggs[a].var] = id;
    }
    st = rows_push(ex, &out, row);
  }
  grouping_free(&gr);
  free(row);
  free(key);
  if (st != SILA_OK) {
    rows_free(&out);
    if (ex->status == SILA_OK)
      exec_fail(ex, st, "%s", sila_strerror(st));
    return iter_error(ex, ex->status);
  }
  return iter_rows(ex, &out);
}

/* ---- ORDER BY ----------------------------------------------------------
 * A key that is a plain variable holding inline numbers of one kind
 * (amounts, counts) is compared on the IDs, whose order is the value
 * order; other keys are evaluated once per row, when a comparison first
 * needs them, and kept for the whole sort.  Under a LIMIT (ORDER BY +
 * LIMIT k) only the k first rows are kept in a sorted buffer instead of
 * sorting everything. */

typedef struct {
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  const RowList *rows;
  SilaValue *keys; /* nrows * nconds, evaluated on demand */
  bool *have;      /* which keys are evaluated */
} SortCtx;

/* Orders two IDs of a variable without their values when both are inline
 * integers, or both inline decimals (ignoring the zeros a decimal's text
 * adds: 1.5 and 1.50 are equal); returns false when the values are needed. */
static bool id_order(SilaId a, SilaId b, int *r) {
  if (a == b) {
    *r = 0;
    return true;
  }
  SilaIdTag ta = sila_id_tag(a);
  if (!a || !b || ta != sila_id_tag(b))
    return false;
  if (ta == SILA_TAG_DECIMAL) {
    a >>= 4;
    b >>= 4;
  } else if (ta != SILA_TAG_INTEGER) {
    return false;
  }
  *r = a < b ? -1 : a > b;
  return true;
}

static const SilaValue *sort_key(const SortCtx *sc, size_t row, size_t c) {
  size_t nc = sc->alg->nconds, i = row * nc + c;
  if (!sc->have[i]) {
    if (exec_expr(sc->ex, sc->alg->conds[c].expr, rows_at(sc->rows, row), sc->ag, &sc->keys[i]) !=
        SILA_OK)
      sc->keys[i] = sila_value_unbound(); /* errors sort like unbound */
    sc->have[i] = true;
  }
  return &sc->keys[i];
}

static int compare_rows(const SortCtx *sc, size_t a, size_t b) {
  size_t nc = sc->alg->nconds;
  for (size_t c = 0; c < nc; c++) {
    const SilaExpr *e = sc->alg->conds[c].expr;
    int r;
    if (!(e->op == SILA_EX_VAR && id_order(rows_at(sc->rows, a)[e->var],
                                           rows_at(sc->rows, b)[e->var], &r)))
      r = sila_value_order(sort_key(sc, a, c), sort_key(sc, b, c));
    if (r != 0)
      return sc->alg->conds[c].descending ? -r : r;
  }
  return 0;
}

/* Stable merge sort of row indexes. */
static void merge_sort(const SortCtx *sc, size_t *idx, size_t *tmp, size_t n) {
  if (n < 2)
    return;
  size_t h = n / 2;
  merge_sort(sc, idx, tmp, h);
  merge_sort(sc, idx + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = compare_rows(sc, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
  while (i < h)
    tmp[k++] = idx[i++];
  while (j < n)
    tmp[k++] = idx[j++];
  memcpy(idx, tmp, n * sizeof *idx);
}

/* The k first rows in order (stable: among equal keys the earlier row
 * first); returns how many. */
static size_t top_k(const SortCtx *sc, size_t *idx, size_t n, size_t k) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m == k && compare_rows(sc, i, idx[m - 1]) >= 0)
      continue;
    /* Insert after every kept row that is not greater. */
    size_t lo = 0, hi = m;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (compare_rows(sc, i, idx[mid]) < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
    if (m == k)
      m--;
    memmove(idx + lo + 1, idx + lo, (m - lo) * sizeof *idx);
    idx[lo] = i;
    m++;
  }
  return m;
}

Iter *exec_orderby(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  RowList rows = {0}, sorted = {0};
  Iter *in = exec_eval(ex, alg->a, seed, ag);
  if (!in || rows_collect(ex, in, &rows) != SILA_OK)
    return iter_error(ex, ex->status ? ex->status : SILA_ERR_NOMEM);
  size_t nc = alg->nconds, n = rows.n;
  /* Key values live in the scratch arena until the rows are sorted. */
  SilaArenaMark mark = sila_arena_mark(ex->scratch);
  SortCtx sc = {ex, alg, ag, &rows, sila_calloc(n * nc + 1, sizeof(SilaValue)),
                sila_calloc(n * nc + 1, sizeof(bool))};
  size_t *idx = sila_malloc((n + 1) * sizeof *idx), *tmp = sila_malloc((n + 1) * sizeof *tmp);
  SilaStatus st = sc.keys && sc.have && idx && tmp
                      ? exec_mem(ex, n * (nc * (sizeof(SilaValue) + 1) + 16))
                      : SILA_ERR_NOMEM;
  if (st == SILA_OK) {
    for (size_t i = 0; i < n; i++)
      idx[i] = i;
    size_t m = n;
    PlanNote plan = exec_plan_of(ex, alg); /* ORDER BY under a LIMIT: top-k */
    if (plan.has_topk && plan.topk < n)
      m = top_k(&sc, idx, n, (size_t)plan.topk);
    else
      merge_sort(&sc, idx, tmp, n);
    st = ex->status != SILA_OK ? ex->status : exec_check(ex);
    for (size_t i = 0; i < m && st == SILA_OK; i++)
      st = rows_push(ex, &sorted, rows_at(&rows, idx[i]));
  }
  sila_arena_release(ex->scratch, mark);
  free(sc.keys);
  free(sc.have);
  free(idx);
  free(tmp);
  rows_free(&rows);
  if (st != SILA_OK) {
    rows_free(&sorted);
    if (ex->status == SILA_OK)
      exec_fail(ex, st, "%s", sila_strerror(st));
    return iter_error(ex, ex->status);
  }
  return iter_rows(ex, &sorted);
}

SilaStatus exec_orderby_sort(SilaExec *ex, const SilaAlg *alg, ActiveGraph ag, RowList *rows) {
  size_t nc = alg->nconds, n = rows->n;
  if (n < 2)
    return SILA_OK;
  SilaArenaMark mark = sila_arena_mark(ex->scratch);
  SortCtx sc = {ex, alg, ag, rows, sila_calloc(n * nc + 1, sizeof(SilaValue)),
                sila_calloc(n * nc + 1, sizeof(bool))};
  size_t *idx = sila_malloc(n * sizeof *idx), *tmp = sila_malloc(n * sizeof *tmp);
  SilaId *sorted = sila_malloc(n * (rows->width ? rows->width : 1) * sizeof *sorted);
  SilaStatus st = sc.keys && sc.have && idx && tmp && sorted ? SILA_OK : SILA_ERR_NOMEM;
  if (st == SILA_OK) {
    for (size_t i = 0; i < n; i++)
      idx[i] = i;
    merge_sort(&sc, idx, tmp, n);
    st = ex->status != SILA_OK ? ex->status : exec_check(ex);
  }
  if (st == SILA_OK) {
    for (size_t i = 0; i < n; i++)
      memcpy(sorted + i * rows->width, rows_at(rows, idx[i]), rows->width * sizeof *sorted);
    memcpy(rows->data, sorted, n * rows->width * sizeof *sorted);
  }
  sila_arena_release(ex->scratch, mark);
  free(sc.keys);
  free(sc.have);
  free(idx);
  free(tmp);
  free(sorted);
  if (st != SILA_OK && ex->status == SILA_OK)
    exec_fail(ex, st, "%s", sila_strerror(st));
  return st;
}
