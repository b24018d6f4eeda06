/* exec_plan.c — the plan: how each node of the algebra runs.
 *
 * A query goes parse (sila_sparql_parse.c and its neighbours) → algebra
 * (SPARQL 1.1 §18.2, built by the parser) → plan (here) → iterators
 * (exec_ops.c, exec_bgp.c, ...).  The plan is made once per execution,
 * before any row is read, by one pass over the algebra (exec_plan); the
 * executor (eval_node) and EXPLAIN (exec_explain.c) both read its
 * decisions from here, so they cannot disagree.  It decides:
 *
 *  - the access path of each node (plan_access): the one place where a new
 *    way to answer a node (an index, a text search) is chosen;
 *  - filter push-down: a FILTER over a BGP runs its tests inside the BGP's
 *    loop, each as soon as its variables are bound;
 *  - top-k: an ORDER BY under a LIMIT (through projections) keeps only its
 *    first offset + limit rows; when its first key is the object of a
 *    pattern whose values are all numbers of one kind and the rows wanted
 *    are few against the pattern's, it reads them in value order instead
 *    (exec_topk.c, PLAN_ORDER_DRIVEN);
 *  - join order and merge join of a BGP (plan_bgp_order, plan_bgp_merge):
 *    these depend on the values the seed binds, so the BGP asks for them
 *    when it opens, for each seed.
 *
 * The algebra is not changed: the decisions are notes kept beside it, in a
 * hash table keyed by node. */
#include <stdint.h>
#include <stdlib.h>

#include "exec_internal.h"
#include "sila_alloc.h"

typedef struct {
  PlanNote *slots; /* open addressing; alg == NULL: empty */
  size_t cap, n;
  SilaExec *ex;    /* for the choices that read the store's counts */
} Plan;

static size_t slot_of(const Plan *pl, const SilaAlg *alg) {
  uint64_t h = (uint64_t)(uintptr_t)alg * 0x9E3779B97F4A7C15ULL;
  size_t i = (size_t)(h >> 32) & (pl->cap - 1);
  while (pl->slots[i].alg && pl->slots[i].alg != alg)
    i = (i + 1) & (pl->cap - 1);
  return i;
}

/* The note of `alg`, created (as a plain iterator) when absent; NULL when
 * memory ran out. */
static PlanNote *note(Plan *pl, const SilaAlg *alg) {
  if ((pl->n + 1) * 2 > pl->cap) {
    size_t cap = pl->cap ? pl->cap * 2 : 16;
    PlanNote *old = pl->slots;
    size_t old_cap = pl->cap;
    pl->slots = sila_calloc(cap, sizeof *pl->slots);
    if (!pl->slots) {
      pl->slots = old;
      return NULL;
    }
    pl->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].alg)
        pl->slots[slot_of(pl, old[i].alg)] = old[i];
    free(old);
  }
  size_t i = slot_of(pl, alg);
  if (!pl->slots[i].alg) {
    pl->slots[i] = (PlanNote){.alg = alg, .access = PLAN_ITERATOR};
    pl->n++;
  }
  return &pl->slots[i];
}

/* The access path of a node: how it is answered.  A new access path (an
 * index the store keeps, a text search) is chosen here, and gets its case
 * in eval_node (exec_ops.c) and a line in EXPLAIN (exec_explain.c). */
static PlanAccess plan_access(const SilaAlg *a) {
  switch (a->kind) {
  case SILA_ALG_FILTER:
    /* Over a BGP the tests move into the pattern loop (filter push-down). */
    if (a->a && a->a->kind == SILA_ALG_BGP && a->a->ntriples > 0)
      return PLAN_BGP_FILTERED;
    return PLAN_ITERATOR;
  default: return PLAN_ITERATOR;
  }
}

/* partial: the rows of `a` may stop being read before its end (a LIMIT,
 * ASK or EXISTS above it, with no ORDER BY or GROUP BY in between). */
static SilaStatus plan_alg(Plan *pl, const SilaAlg *a, bool partial);

/* EXISTS patterns inside an expression are planned like the rest (their
 * first row decides). */
static SilaStatus plan_expr(Plan *pl, const SilaExpr *e) {
  if (!e)
    return SILA_OK;
  if (e->pattern) {
    SilaStatus st = plan_alg(pl, e->pattern, true);
    if (st != SILA_OK)
      return st;
  }
  for (uint32_t i = 0; i < e->nargs; i++) {
    SilaStatus st = plan_expr(pl, e->args[i]);
    if (st != SILA_OK)
      return st;
  }
  return SILA_OK;
}

static SilaStatus plan_exprs(Plan *pl, const SilaAlg *a) {
  SilaStatus st = plan_expr(pl, a->expr);
  for (size_t i = 0; i < a->nexprs && st == SILA_OK; i++)
    st = plan_expr(pl, a->exprs[i]);
  for (size_t i = 0; i < a->nkeys && st == SILA_OK; i++)
    st = plan_expr(pl, a->keys[i].expr);
  for (size_t i = 0; i < a->naggs && st == SILA_OK; i++)
    st = plan_expr(pl, a->aggs[i].expr);
  for (size_t i = 0; i < a->nconds && st == SILA_OK; i++)
    st = plan_expr(pl, a->conds[i].expr);
  return st;
}

static SilaStatus plan_alg(Plan *pl, const SilaAlg *a, bool partial) {
  if (!a)
    return SILA_OK;
  PlanAccess access = plan_access(a);
  if (access != PLAN_ITERATOR) {
    PlanNote *n = note(pl, a);
    if (!n)
      return SILA_ERR_NOMEM;
    n->access = access;
  }
  if (access == PLAN_BGP_FILTERED && !partial) {
    PlanNote *n = note(pl, a->a); /* the BGP's: exec_bgp_filtered reads it */
    if (!n)
      return SILA_ERR_NOMEM;
    n->drained = true;
  }
  if (a->kind == SILA_ALG_SLICE && a->limit >= 0)
    partial = true;
  else if (a->kind == SILA_ALG_ORDERBY || a->kind == SILA_ALG_GROUP)
    partial = false; /* they read all their rows first */
  if (a->kind == SILA_ALG_SLICE && a->limit >= 0) {
    /* ORDER BY under a LIMIT (through projections) needs only its first
     * offset + limit rows; through DISTINCT or REDUCED it needs at least
     * those, which may make it run driven by its first key (exec_topk.c). */
    const SilaAlg *c = a->a;
    bool projections = true;
    while (c && (c->kind == SILA_ALG_PROJECT || c->kind == SILA_ALG_DISTINCT ||
                 c->kind == SILA_ALG_REDUCED)) {
      projections &= c->kind == SILA_ALG_PROJECT;
      c = c->a;
    }
    if (c && c->kind == SILA_ALG_ORDERBY) {
      PlanNote *n = note(pl, c);
      if (!n)
        return SILA_ERR_NOMEM;
      if (projections) {
        n->has_topk = true;
        n->topk = a->offset + (uint64_t)a->limit;
      }
      if (exec_topk_plan(pl->ex, c, a->offset + (uint64_t)a->limit, n))
        n->access = PLAN_ORDER_DRIVEN;
    }
  }
  SilaStatus st = plan_exprs(pl, a);
  if (st == SILA_OK)
    st = plan_alg(pl, a->a, partial);
  if (st == SILA_OK)
    st = plan_alg(pl, a->b, partial);
  return st;
}

SilaStatus exec_plan(SilaExec *ex, const SilaAlg *root) {
  exec_plan_free(ex);
  Plan *pl = sila_calloc(1, sizeof *pl);
  if (!pl)
    return SILA_ERR_NOMEM;
  ex->plan = pl;
  pl->ex = ex;
  return plan_alg(pl, root, sila_query_form(ex->q) == SILA_QUERY_ASK);
}

PlanNote exec_plan_of(const SilaExec *ex, const SilaAlg *alg) {
  const Plan *pl = ex->plan;
  if (pl && pl->cap) {
    const PlanNote *n = &pl->slots[slot_of(pl, alg)];
    if (n->alg)
      return *n;
  }
  return (PlanNote){.alg = alg, .access = PLAN_ITERATOR};
}

void exec_plan_free(SilaExec *ex) {
  Plan *pl = ex->plan;
  if (!pl)
    return;
  free(pl->slots);
  free(pl);
  ex->plan = NULL;
}

/* ---- BGP: join order and merge join ------------------------------------------ */

/* sila_txn_predicate_stats, remembered for the execution (a slot per
 * predicate's hash, replaced on a collision). */
SilaStatus exec_predicate_stats(SilaExec *ex, SilaId p, SilaPredicateStats *out) {
  size_t n = sizeof ex->pstats / sizeof ex->pstats[0];
  size_t i = (size_t)((p * 0x9E3779B97F4A7C15ULL) >> 32) % n;
  if (ex->pstats[i].p != p) {
    ex->pstats[i].st = sila_txn_predicate_stats(ex->txn, p, &ex->pstats[i].ps);
    ex->pstats[i].p = p;
  }
  *out = ex->pstats[i].ps;
  return ex->pstats[i].st;
}

/* The rows a pattern yields for each row of the patterns before it.  v holds
 * the constants and the seed's values (0: free or unknown yet); later[k]
 * marks a position bound by an earlier pattern, whose value is known only
 * when the join runs.  Such a position selects one of the predicate's
 * distinct subjects (objects): with a constant predicate the statistics of
 * the store give the fan-out — e.g. rdfs:label with a bound subject is
 * quads / distinct subjects ≈ 1, not a fraction of all labels.  Without a
 * constant predicate, a tenth per bound position.  At least 1: a pattern
 * that only checks a row still costs a lookup (*raw: the estimate before
 * that floor, which ranks such patterns: the rarer match rejects rows
 * before the others are looked up). */
static double estimate_per_row(SilaExec *ex, const SilaId v[3], const bool later[3],
                               ActiveGraph ag, double *raw) {
  double est = (double)exec_estimate(ex, v[0], v[1], v[2], ag);
  *raw = est;
  if (!later[0] && !later[1] && !later[2])
    return est;
  SilaPredicateStats ps;
  if (!later[1] && v[1] && exec_predicate_stats(ex, v[1], &ps) == SILA_OK) {
    if (later[0])
      est /= (double)ps.distinct_subjects;
    if (later[2])
      est /= (double)ps.distinct_objects;
  } else {
    for (int k = 0; k < 3; k++)
      if (later[k])
        est /= 10.0;
  }
  *raw = est;
  return est < 1 ? 1 : est;
}

void plan_bgp_order(SilaExec *ex, Pattern *pats, size_t n, const SilaId *seed, ActiveGraph ag,
                    uint64_t *est_out, size_t *orig) {
  plan_bgp_order_rows(ex, pats, n, seed, ag, est_out, orig, NULL);
}

void plan_bgp_order_rows(SilaExec *ex, Pattern *pats, size_t n, const SilaId *seed,
                         ActiveGraph ag, uint64_t *est_out, size_t *orig, double *rows) {
  if (rows)
    *rows = 1;
  bool *bound = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *bound);
  if (!bound)
    return; /* the written order: slower, never wrong */
  for (size_t i = 0; i < ex->nvars; i++)
    bound[i] = seed[i] != 0;
  for (size_t i = 0; i < n; i++) {
    size_t best = i;
    double best_cost = 0, best_rows = 0, best_raw = 0;
    for (size_t j = i; j < n; j++) {
      SilaId v[3];
      bool later[3] = {false, false, false};
      bool shares = false;
      bool term_bound = pats[j].tt && (pats[j].term.var < 0 || bound[pats[j].term.var]);
      for (int k = 0; k < 3; k++) {
        const Pos *p = &pats[j].pos[k];
        if (p->var < 0)
          v[k] = p->id;
        else if (bound[p->var]) {
          v[k] = seed[p->var] ? seed[p->var] : 0;
          later[k] = !seed[p->var];
          shares = true;
        } else
          v[k] = 0;
      }
      /* A triple-term pattern: one decomposition once its term is bound,
       * else a range of the index of triple terms by components (cut by
       * the fan-out for each position an earlier pattern binds). */
      double est, raw = 0;
      if (!pats[j].tt) {
        est = estimate_per_row(ex, v, later, ag, &raw);
        if (pats[j].nhint) /* numeric FILTER bounds: a range of the objects */
          est = exec_range_estimate(&pats[j], bound, est);
      } else if (term_bound) {
        est = 1;
      } else {
        est = (double)exec_tt_estimate(ex, v[0], v[1], v[2]);
        for (int k = 0; k < 3; k++)
          if (later[k])
            est = est / 10.0 + 1;
      }
      if (pats[j].tt && term_bound && pats[j].term.var >= 0)
        shares = true;
      /* Prefer connected patterns: a cross product costs its size, except
       * with a pattern of at most one match (a constant subject and
       * predicate), which costs nothing.  The penalty ranks; EXPLAIN shows
       * the estimated rows. */
      double cost = est;
      if (i > 0 && !shares && est > 1)
        cost = est * 1000 + 1e6;
      if (pats[j].tt || pats[j].nhint)
        raw = est;
      /* Equal costs (a lookup each): the pattern that matches more rarely
       * first, e.g. a type check before a label. */
      if (j == i || cost < best_cost || (cost == best_cost && raw < best_raw)) {
        best = j;
        best_cost = cost;
        best_rows = est;
        best_raw = raw;
      }
    }
    Pattern tmp = pats[i];
    pats[i] = pats[best];
    pats[best] = tmp;
    if (orig) {
      size_t t = orig[i];
      orig[i] = orig[best];
      orig[best] = t;
    }
    if (est_out)
      est_out[i] = (uint64_t)best_rows;
    if (rows)
      *rows *= best_rows;
    for (int k = 0; k < 3; k++)
      if (pats[i].pos[k].var >= 0)
        bound[pats[i].pos[k].var] = true;
    if (pats[i].tt && pats[i].term.var >= 0)
      bound[pats[i].term.var] = true;
  }
  free(bound);
}

/* Reading pattern 1's range once beats a lookup per row of pattern 0 while
 * it is at most this many times longer (a seek costs ~50 sequential reads). */
#define MERGE_RATIO 30

bool plan_bgp_merge(SilaExec *ex, const Pattern *pats, size_t n, const SilaId *seed,
                    ActiveGraph ag) {
  if (n < 2 || ex->opt.no_merge_join)
    return false;
  const Pattern *a = &pats[0], *c = &pats[1];
  if (a->tt || c->tt)
    return false;
  int32_t x = a->pos[0].var;
  if (x < 0 || seed[x] || c->pos[0].var != x)
    return false;
  for (int k = 1; k < 3; k++)
    if (a->pos[k].var >= 0 || c->pos[k].var >= 0 || IS_LOCAL(a->pos[k].id) ||
        IS_LOCAL(c->pos[k].id))
      return false;
  uint64_t na = exec_estimate(ex, 0, a->pos[1].id, a->pos[2].id, ag);
  uint64_t nc = exec_estimate(ex, 0, c->pos[1].id, c->pos[2].id, ag);
  return na >= 64 && nc <= MERGE_RATIO * na; /* else few rows, or a long range: lookups */
}
