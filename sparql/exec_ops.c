/* exec_ops.c — the algebra operators other than BGPs, paths, grouping and
 * ordering: joins, optional, union, minus, filter, graph, extend, VALUES,
 * projection, distinct, slice. */
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

/* Patterns whose evaluation with a seed row equals joining the row with
 * their own evaluation: they can take a left row as seed (nested loop). */
static bool substitutable(const SilaAlg *a) {
  switch (a->kind) {
  case SILA_ALG_BGP:
  case SILA_ALG_PATH:
  case SILA_ALG_TABLE:
  case SILA_ALG_SERVICE: /* the seed's bindings go to the remote side as VALUES */
    return true;
  case SILA_ALG_JOIN:
  case SILA_ALG_UNION: return substitutable(a->a) && substitutable(a->b);
  case SILA_ALG_GRAPH: return a->name.var < 0 && substitutable(a->a);
  default: return false;
  }
}

static SilaId *new_row(SilaExec *ex) {
  return sila_calloc(ex->nvars ? ex->nvars : 1, sizeof(SilaId));
}

/* ---- join / left join ---------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  const SilaExpr *filter; /* left join */
  bool left;
  Iter *outer;
  SilaId *lrow, *seed;
  /* nested loop */
  bool nested;
  Iter *inner;
  /* hash join over the materialised right side */
  RowList right;
  RowIndex index;
  size_t cand; /* next candidate row + 1, 0 = none left */
  bool scan_all;
  bool have_left, matched;
} JoinIter;

static int join_next(Iter *it, SilaId *out) {
  JoinIter *j = (JoinIter *)it;
  SilaExec *ex = j->ex;
  for (;;) {
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
    if (!j->have_left) {
      int r = iter_next(j->outer, j->lrow);
      if (r <= 0)
        return r;
      j->have_left = true;
      j->matched = false;
      if (!j->nested)
        j->cand = rowindex_first(ex, &j->index, j->lrow, &j->scan_all);
      if (j->nested) {
        iter_free(j->inner);
        j->inner = exec_eval(ex, j->alg->b, j->lrow, j->ag);
        if (!j->inner)
          return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
      }
    }
    int r;
    if (j->nested) {
      r = iter_next(j->inner, out);
      if (r < 0)
        return r;
    } else {
      r = 0;
      while (j->cand) {
        size_t at = j->cand - 1;
        j->cand = j->scan_all ? (at + 1 < j->right.n ? at + 2 : 0) : rowindex_next(&j->index, j->cand);
        row_copy(ex, out, j->lrow);
        if (row_merge(ex, out, rows_at(&j->right, at))) {
          r = 1;
          break;
        }
      }
    }
    if (r == 1) {
      if (j->filter && !exec_filter(ex, (SilaExpr *const *)&j->filter, 1, out, j->ag))
        continue;
      j->matched = true;
      return 1;
    }
    j->have_left = false;
    if (j->left && !j->matched) {
      row_copy(ex, out, j->lrow);
      return 1;
    }
  }
}

static void join_free(Iter *it) {
  JoinIter *j = (JoinIter *)it;
  iter_free(j->outer);
  iter_free(j->inner);
  rowindex_free(&j->index);
  rows_free(&j->right);
  free(j->lrow);
  free(j->seed);
  free(j);
}

static Iter *eval_join(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                       bool left) {
  JoinIter *j = exec_iter_new(sizeof *j, join_next, join_free);
  if (!j)
    return NULL;
  j->ex = ex;
  j->alg = alg;
  j->ag = ag;
  j->left = left;
  j->filter = left ? alg->expr : NULL;
  j->lrow = new_row(ex);
  j->outer = exec_eval(ex, alg->a, seed, ag);
  j->nested = substitutable(alg->b);
  if (!j->lrow || !j->outer) {
    join_free(&j->it);
    return NULL;
  }
  if (!j->nested) {
    Iter *inner = exec_eval(ex, alg->b, seed, ag);
    if (!inner || rows_collect(ex, inner, &j->right) != SILA_OK) {
      join_free(&j->it);
      return inner ? iter_error(ex, ex->status) : NULL;
    }
    if (rowindex_init(ex, &j->index, &j->right) != SILA_OK) {
      join_free(&j->it);
      return NULL;
    }
  }
  return &j->it;
}

static Iter *eval_inner_join(SilaExec *ex, const SilaAlg *alg, const SilaId *seed,
                             ActiveGraph ag) {
  return eval_join(ex, alg, seed, ag, false);
}

static Iter *eval_left_join(SilaExec *ex, const SilaAlg *alg, const SilaId *seed,
                            ActiveGraph ag) {
  return eval_join(ex, alg, seed, ag, true);
}

/* ---- filter / extend ------------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  Iter *in;
} UnaryIter;

static void unary_free(Iter *it) {
  UnaryIter *u = (UnaryIter *)it;
  iter_free(u->in);
  free(u);
}

static Iter *unary(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                   int (*next)(Iter *, SilaId *)) {
  UnaryIter *u = exec_iter_new(sizeof *u, next, unary_free);
  if (!u)
    return NULL;
  u->ex = ex;
  u->alg = alg;
  u->ag = ag;
  u->in = exec_eval(ex, alg->a, seed, ag);
  if (!u->in) {
    free(u);
    return NULL;
  }
  return &u->it;
}

static int filter_next(Iter *it, SilaId *out) {
  UnaryIter *u = (UnaryIter *)it;
  for (;;) {
    int r = iter_next(u->in, out);
    if (r <= 0)
      return r;
    if (exec_filter(u->ex, u->alg->exprs, u->alg->nexprs, out, u->ag))
      return 1;
    SilaStatus st = exec_check(u->ex);
    if (st != SILA_OK)
      return -(int)st;
  }
}

static int extend_next(Iter *it, SilaId *out) {
  UnaryIter *u = (UnaryIter *)it;
  int r = iter_next(u->in, out);
  if (r <= 0)
    return r;
  /* BNODE(str) gives one node per string within a solution: a chain of
   * BINDs / SELECT expressions shares the scope of the row entering it. */
  if (u->alg->a->kind != SILA_ALG_EXTEND)
    sila_fn_context_next_row(&u->ex->fn);
  SilaValue v;
  SilaArenaMark mark = sila_arena_mark(u->ex->scratch);
  SilaId id = 0;
  if (exec_expr(u->ex, u->alg->expr, out, u->ag, &v) == SILA_OK)
    id = exec_value_id(u->ex, &v); /* a stored or local ID: outlives the scratch */
  sila_arena_release(u->ex->scratch, mark);
  if (u->ex->status != SILA_OK)
    return -(int)u->ex->status;
  if (id) {
    /* Bound already (substitution into EXISTS): keep only agreeing rows. */
    if (out[u->alg->var] && out[u->alg->var] != id)
      return extend_next(it, out);
    out[u->alg->var] = id;
  }
  return 1;
}

/* ---- union ------------------------------------------------------------------ */

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  SilaId *seed;
  Iter *cur;
  int side;
} UnionIter;

static int union_next(Iter *it, SilaId *out) {
  UnionIter *u = (UnionIter *)it;
  for (;;) {
    if (!u->cur) {
      if (u->side == 2)
        return 0;
      u->cur = exec_eval(u->ex, u->side == 0 ? u->alg->a : u->alg->b, u->seed, u->ag);
      u->side++;
      if (!u->cur)
        return exec_fail(u->ex, SILA_ERR_NOMEM, "out of memory");
    }
    int r = iter_next(u->cur, out);
    if (r != 0)
      return r;
    iter_free(u->cur);
    u->cur = NULL;
  }
}

static void union_free(Iter *it) {
  UnionIter *u = (UnionIter *)it;
  iter_free(u->cur);
  free(u->seed);
  free(u);
}

static Iter *eval_union(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  UnionIter *u = exec_iter_new(sizeof *u, union_next, union_free);
  if (!u || !(u->seed = new_row(ex))) {
    free(u);
    return NULL;
  }
  u->ex = ex;
  u->alg = alg;
  u->ag = ag;
  row_copy(ex, u->seed, seed);
  return &u->it;
}

/* ---- minus ------------------------------------------------------------------ */

typedef struct {
  Iter it;
  SilaExec *ex;
  Iter *in;
  RowList right;
  RowIndex index;
} MinusIter;

static int minus_next(Iter *it, SilaId *out) {
  MinusIter *m = (MinusIter *)it;
  SilaExec *ex = m->ex;
  for (;;) {
    int r = iter_next(m->in, out);
    if (r <= 0)
      return r;
    bool removed = false, all;
    size_t cand = rowindex_first(ex, &m->index, out, &all);
    while (cand && !removed) {
      const SilaId *b = rows_at(&m->right, cand - 1);
      cand = all ? (cand < m->right.n ? cand + 1 : 0) : rowindex_next(&m->index, cand);
      bool shared = false, compatible = true;
      for (size_t v = 0; v < ex->nvars; v++) {
        if (out[v] && b[v]) {
          shared = true;
          if (out[v] != b[v])
            compatible = false;
        }
      }
      removed = shared && compatible;
    }
    if (!removed)
      return 1;
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
  }
}

static void minus_free(Iter *it) {
  MinusIter *m = (MinusIter *)it;
  iter_free(m->in);
  rowindex_free(&m->index);
  rows_free(&m->right);
  free(m);
}

static Iter *eval_minus(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  MinusIter *m = exec_iter_new(sizeof *m, minus_next, minus_free);
  if (!m)
    return NULL;
  m->ex = ex;
  m->in = exec_eval(ex, alg->a, seed, ag);
  Iter *r = m->in ? exec_eval(ex, alg->b, seed, ag) : NULL;
  if (!r) {
    minus_free(&m->it);
    return NULL;
  }
  if (rows_collect(ex, r, &m->right) != SILA_OK) {
    minus_free(&m->it);
    return iter_error(ex, ex->status);
  }
  if (rowindex_init(ex, &m->index, &m->right) != SILA_OK) {
    minus_free(&m->it);
    return NULL;
  }
  return &m->it;
}

/* ---- graph ------------------------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  SilaId *seed;
  SilaId *graphs;
  size_t ngraphs, gi;
  Iter *cur;
  int32_t var;
} GraphIter;

static int graph_next(Iter *it, SilaId *out) {
  GraphIter *g = (GraphIter *)it;
  SilaExec *ex = g->ex;
  for (;;) {
    if (!g->cur) {
      if (g->gi >= g->ngraphs)
        return 0;
      SilaId gid = g->graphs[g->gi++];
      if (g->var >= 0) {
        if (g->seed[g->var] && g->seed[g->var] != gid)
          continue;
      }
      /* The graph variable is not in scope inside the pattern (§18.5):
       * evaluate without it, then bind it compatibly. */
      ActiveGraph ag = {GRAPH_ONE, gid};
      g->cur = exec_eval(ex, g->alg->a, g->seed, ag);
      if (!g->cur)
        return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    }
    int r = iter_next(g->cur, out);
    if (r < 0)
      return r;
    if (r == 1) {
      SilaId gid = g->graphs[g->gi - 1];
      if (g->var >= 0) {
        if (out[g->var] && out[g->var] != gid)
          continue;
        out[g->var] = gid;
      }
      return 1;
    }
    iter_free(g->cur);
    g->cur = NULL;
  }
}

static void graph_free(Iter *it) {
  GraphIter *g = (GraphIter *)it;
  iter_free(g->cur);
  free(g->seed);
  free(g->graphs);
  free(g);
}

static Iter *eval_graph(SilaExec *ex, const SilaAlg *alg, const SilaId *seed) {
  GraphIter *g = exec_iter_new(sizeof *g, graph_next, graph_free);
  if (!g || !(g->seed = new_row(ex))) {
    free(g);
    return NULL;
  }
  g->ex = ex;
  g->alg = alg;
  g->var = alg->name.var;
  row_copy(ex, g->seed, seed);
  SilaId fixed = 0;
  if (g->var >= 0 && seed[g->var])
    fixed = seed[g->var];
  else if (g->var < 0)
    fixed = exec_store_id(ex, &alg->name.term);
  if (g->var < 0 || fixed) {
    /* One graph: it must be a named graph of the dataset. */
    g->graphs = sila_malloc(sizeof *g->graphs);
    if (!g->graphs) {
      graph_free(&g->it);
      return NULL;
    }
    if (fixed && exec_is_named_graph(ex, fixed))
      g->graphs[g->ngraphs++] = fixed;
  } else if (exec_named_graphs(ex, &g->graphs, &g->ngraphs) != SILA_OK) {
    graph_free(&g->it);
    return NULL;
  }
  return &g->it;
}

/* ---- VALUES ------------------------------------------------------------------- */

static Iter *eval_table(SilaExec *ex, const SilaAlg *alg, const SilaId *seed) {
  RowList rows = {0};
  SilaId *row = new_row(ex);
  if (!row)
    return NULL;
  for (size_t r = 0; r < alg->nrows; r++) {
    row_copy(ex, row, seed);
    bool ok = true;
    for (size_t c = 0; c < alg->nvars && ok; c++) {
      const SilaTerm *t = &alg->rows[r * alg->nvars + c];
      if (t->kind == SILA_TERM_NONE || alg->vars[c] < 0)
        continue;
      SilaId id = exec_term_id(ex, t);
      if (!id) {
        ok = false;
        break;
      }
      int32_t v = alg->vars[c];
      if (row[v] && row[v] != id)
        ok = false;
      row[v] = id;
    }
    if (ok && rows_push(ex, &rows, row) != SILA_OK) {
      free(row);
      rows_free(&rows);
      return iter_error(ex, ex->status);
    }
  }
  free(row);
  return iter_rows(ex, &rows);
}

/* ---- project / distinct / slice -------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  Iter *in;
  const SilaAlg *alg;
  bool *keep;
  SilaId *seed;
  uint64_t seen;
  /* distinct */
  uint64_t *hashes;
  SilaId *stored;
  size_t cap, count;
} ModIter;

static void mod_free(Iter *it) {
  ModIter *m = (ModIter *)it;
  iter_free(m->in);
  free(m->keep);
  free(m->seed);
  free(m->hashes);
  free(m->stored);
  free(m);
}

static ModIter *mod_new(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                        int (*next)(Iter *, SilaId *)) {
  ModIter *m = exec_iter_new(sizeof *m, next, mod_free);
  if (!m)
    return NULL;
  m->ex = ex;
  m->alg = alg;
  m->in = exec_eval(ex, alg->a, seed, ag);
  if (!m->in) {
    free(m);
    return NULL;
  }
  return m;
}

static int project_next(Iter *it, SilaId *out) {
  ModIter *m = (ModIter *)it;
  int r = iter_next(m->in, out);
  if (r <= 0)
    return r;
  for (size_t v = 0; v < m->ex->nvars; v++)
    if (!m->keep[v])
      out[v] = m->seed[v]; /* variables of the seed stay (substitution) */
  return 1;
}

static Iter *eval_project(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  /* The inner pattern starts from an empty seed for the variables it
   * projects away: a subquery's other variables are its own. */
  ModIter *m = exec_iter_new(sizeof *m, project_next, mod_free);
  if (!m)
    return NULL;
  m->ex = ex;
  m->alg = alg;
  m->keep = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *m->keep);
  m->seed = new_row(ex);
  SilaId *inner_seed = new_row(ex);
  if (!m->keep || !m->seed || !inner_seed) {
    free(inner_seed);
    mod_free(&m->it);
    return NULL;
  }
  for (size_t i = 0; i < alg->nvars; i++)
    m->keep[alg->vars[i]] = true;
  for (size_t v = 0; v < ex->nvars; v++) {
    if (m->keep[v])
      inner_seed[v] = seed[v];
    else
      m->seed[v] = seed[v];
  }
  m->in = exec_eval(ex, alg->a, inner_seed, ag);
  free(inner_seed);
  if (!m->in) {
    mod_free(&m->it);
    return NULL;
  }
  return &m->it;
}

static uint64_t row_hash(const SilaExec *ex, const SilaId *row) {
  uint64_t h = 0x9E3779B97F4A7C15ULL;
  for (size_t i = 0; i < ex->nvars; i++)
    h = (h ^ row[i]) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 29);
}

/* Inserts a row into the distinct set; false when it was there. */
static int distinct_insert(ModIter *m, const SilaId *row) {
  SilaExec *ex = m->ex;
  size_t w = ex->nvars ? ex->nvars : 1;
  if ((m->count + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    if (exec_mem(ex, cap * (w + 1) * sizeof(SilaId)) != SILA_OK)
      return -1;
    uint64_t *hs = sila_calloc(cap, sizeof *hs);
    SilaId *st = sila_malloc(cap * w * sizeof *st);
    if (!hs || !st) {
      free(hs);
      free(st);
      return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->hashes[i])
        continue;
      size_t j = m->hashes[i] & (cap - 1);
      while (hs[j])
        j = (j + 1) & (cap - 1);
      hs[j] = m->hashes[i];
      memcpy(st + j * w, m->stored + i * w, w * sizeof *st);
    }
    free(m->hashes);
    free(m->stored);
    m->hashes = hs;
    m->stored = st;
    m->cap = cap;
  }
  uint64_t h = row_hash(ex, row) | 1;
  size_t j = h & (m->cap - 1);
  while (m->hashes[j]) {
    if (m->hashes[j] == h && !memcmp(m->stored + j * w, row, ex->nvars * sizeof *row))
      return 0;
    j = (j + 1) & (m->cap - 1);
  }
  m->hashes[j] = h;
  memcpy(m->stored + j * w, row, ex->nvars * sizeof *row);
  m->count++;
  return 1;
}

static int distinct_next(Iter *it, SilaId *out) {
  ModIter *m = (ModIter *)it;
  for (;;) {
    int r = iter_next(m->in, out);
    if (r <= 0)
      return r;
    int ins = distinct_insert(m, out);
    if (ins < 0)
      return -(int)(m->ex->status ? m->ex->status : SILA_ERR_NOMEM);
    if (ins)
      return 1;
    SilaStatus st = exec_check(m->ex);
    if (st != SILA_OK)
      return -(int)st;
  }
}

static int slice_next(Iter *it, SilaId *out) {
  ModIter *m = (ModIter *)it;
  const SilaAlg *a = m->alg;
  for (;;) {
    if (a->limit >= 0 && m->seen >= a->offset + (uint64_t)a->limit)
      return 0;
    int r = iter_next(m->in, out);
    if (r <= 0)
      return r;
    if (m->seen++ >= a->offset)
      return 1;
  }
}

static int pass_next(Iter *it, SilaId *out) {
  ModIter *m = (ModIter *)it;
  return iter_next(m->in, out);
}

/* ---- lazy evaluation ----------------------------------------------------------
 * Operators that materialise (grouping, ordering) build their result on the
 * first pull, not when the plan is set up: sila_exec_open returns at once
 * and every long computation runs under the caller's interrupt and deadline. */

typedef Iter *(*Builder)(SilaExec *, const SilaAlg *, const SilaId *, ActiveGraph);

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  SilaId *seed;
  Builder build;
  Iter *inner;
} LazyIter;

static int lazy_next(Iter *it, SilaId *out) {
  LazyIter *l = (LazyIter *)it;
  if (!l->inner) {
    l->inner = l->build(l->ex, l->alg, l->seed, l->ag);
    if (!l->inner)
      return exec_fail(l->ex, SILA_ERR_NOMEM, "out of memory");
  }
  return iter_next(l->inner, out);
}

static void lazy_free(Iter *it) {
  LazyIter *l = (LazyIter *)it;
  iter_free(l->inner);
  free(l->seed);
  free(l);
}

static Iter *iter_lazy(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                       Builder build) {
  LazyIter *l = exec_iter_new(sizeof *l, lazy_next, lazy_free);
  if (!l || !(l->seed = new_row(ex))) {
    free(l);
    return NULL;
  }
  l->ex = ex;
  l->alg = alg;
  l->ag = ag;
  l->build = build;
  row_copy(ex, l->seed, seed);
  return &l->it;
}

/* ---- dispatch ------------------------------------------------------------------ */

static Iter *eval_node(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);

Iter *exec_eval(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  if (ex->status != SILA_OK)
    return iter_error(ex, ex->status);
  Iter *it = eval_node(ex, alg, seed, ag);
  return ex->profile && it ? exec_profile_wrap(ex, alg, it) : it;
}

/* Builds the iterator of one node as the plan (exec_plan.c) says. */
static Iter *eval_node(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  PlanNote plan = exec_plan_of(ex, alg);
  switch (plan.access) {
  case PLAN_BGP_FILTERED:
    return exec_bgp_filtered(ex, alg->a, seed, ag, alg->exprs, alg->nexprs);
  case PLAN_ORDER_DRIVEN:
    return iter_lazy(ex, alg, seed, ag, exec_topk_orderby);
  case PLAN_ITERATOR:
    break;
  }
  switch (alg->kind) {
  case SILA_ALG_BGP: return exec_bgp(ex, alg, seed, ag);
  case SILA_ALG_PATH: return exec_path(ex, alg, seed, ag);
  case SILA_ALG_JOIN: return iter_lazy(ex, alg, seed, ag, eval_inner_join);
  case SILA_ALG_LEFTJOIN: return iter_lazy(ex, alg, seed, ag, eval_left_join);
  case SILA_ALG_FILTER: return unary(ex, alg, seed, ag, filter_next);
  case SILA_ALG_EXTEND: return unary(ex, alg, seed, ag, extend_next);
  case SILA_ALG_UNION: return eval_union(ex, alg, seed, ag);
  case SILA_ALG_MINUS: return iter_lazy(ex, alg, seed, ag, eval_minus);
  case SILA_ALG_GRAPH: return eval_graph(ex, alg, seed);
  case SILA_ALG_TABLE: return eval_table(ex, alg, seed);
  case SILA_ALG_GROUP: return iter_lazy(ex, alg, seed, ag, exec_group);
  case SILA_ALG_ORDERBY: return iter_lazy(ex, alg, seed, ag, exec_orderby);
  case SILA_ALG_PROJECT: return eval_project(ex, alg, seed, ag);
  case SILA_ALG_DISTINCT: {
    ModIter *m = mod_new(ex, alg, seed, ag, distinct_next);
    return m ? &m->it : NULL;
  }
  case SILA_ALG_SLICE: {
    ModIter *m = mod_new(ex, alg, seed, ag, slice_next);
    return m ? &m->it : NULL;
  }
  case SILA_ALG_REDUCED: /* REDUCED may keep duplicates: streaming keeps them all */
  case SILA_ALG_TOMULTISET: {
    ModIter *m = mod_new(ex, alg, seed, ag, pass_next);
    return m ? &m->it : NULL;
  }
  case SILA_ALG_SERVICE: return exec_service(ex, alg, seed, ag);
  }
  return iter_error(ex, SILA_ERR_UNSUPPORTED);
}
