/* exec_topk.c — ORDER BY ?v LIMIT k driven by ?v's objects in value order.
 *
 * `?offer s:price ?price … ORDER BY ?price LIMIT 10`: the plain plan reads
 * every row of the pattern (thousands, a few lookups each), sorts them and
 * keeps ten.  When ?v is the object of a pattern with a constant predicate
 * and every object of that predicate is an inline number of one kind
 * (xsd:integer, or xsd:decimal), the IDs of the objects are in value order
 * (store/sila_id.c), and the store steps through a predicate's distinct
 * objects either way (sila_objects_step).  So the ORDER BY takes the
 * objects in value order (descending for DESC), groups the IDs of equal
 * value (1.5 and 1.50), evaluates the pattern below with ?v bound to each
 * (the spec's substitution: the rows with that value), sorts the group's
 * rows by all the ORDER BY keys and hands them on — a streaming ORDER BY,
 * whose rows are the ones a full sort gives, in that order (ties, which
 * SPARQL leaves unordered, in the order of the group).  The LIMIT, OFFSET
 * and DISTINCT above stop pulling when they have their rows.
 *
 * Correct only when (checked by exec_topk_plan):
 *  - the first key is a plain variable ?v the pattern below certainly
 *    binds: ?v is the object of a triple of a BGP reached through FILTER,
 *    BIND, the left side of OPTIONAL, and either side of a join, whose
 *    other parts do not mention ?v (so binding it first changes nothing);
 *  - every object of the predicate, in every graph, is of one ordered
 *    inline kind: the smallest and the largest object ID have the same tag
 *    (two seeks).  The steps read every graph's objects, a superset of
 *    the active graph's: a value no row has gives an empty group.
 * And it pays only when few values are needed: the plan estimates the
 * pattern's rows R and the predicate's quads Q, and expects to read
 * k × Q / R of them; with few rows the plain plan is cheaper.  If the rows
 * are rarer than estimated (a FILTER, a correlation), the ORDER BY stops
 * stepping after 4 × the expected values (or about 256 quads' worth of
 * values when that is more) and reads the rest the plain way: every row not yet returned (its value not before the
 * current one), sorted. */
#include <stdlib.h>

#include "exec_internal.h"
#include "sila_alloc.h"

/* ---- the plan ---------------------------------------------------------------- */

static bool node_mentions(const SilaNode *n, int32_t v) {
  if (n->var == v)
    return true;
  return n->tt && (node_mentions(&n->tt->s, v) || node_mentions(&n->tt->p, v) ||
                   node_mentions(&n->tt->o, v));
}

static bool expr_mentions(const SilaExpr *e, int32_t v) {
  if (!e)
    return false;
  if (e->pattern || (e->op == SILA_EX_VAR && e->var == v))
    return true; /* EXISTS: assume it does */
  for (uint32_t i = 0; i < e->nargs; i++)
    if (expr_mentions(e->args[i], v))
      return true;
  return false;
}

/* Whether `a` may read or bind ?v; true when unsure (subqueries, MINUS,
 * whose result a bound ?v changes, and anything else). */
static bool alg_mentions(const SilaAlg *a, int32_t v) {
  if (!a)
    return false;
  switch (a->kind) {
  case SILA_ALG_BGP:
    for (size_t i = 0; i < a->ntriples; i++)
      if (node_mentions(&a->triples[i].s, v) || node_mentions(&a->triples[i].p, v) ||
          node_mentions(&a->triples[i].o, v))
        return true;
    for (size_t i = 0; i < a->ntt_extra; i++)
      if (node_mentions(&a->tt_extra[i], v))
        return true;
    return false;
  case SILA_ALG_PATH: return node_mentions(&a->path_s, v) || node_mentions(&a->path_o, v);
  case SILA_ALG_JOIN:
  case SILA_ALG_UNION: return alg_mentions(a->a, v) || alg_mentions(a->b, v);
  case SILA_ALG_LEFTJOIN:
    return alg_mentions(a->a, v) || alg_mentions(a->b, v) || expr_mentions(a->expr, v);
  case SILA_ALG_FILTER:
    for (size_t i = 0; i < a->nexprs; i++)
      if (expr_mentions(a->exprs[i], v))
        return true;
    return alg_mentions(a->a, v);
  case SILA_ALG_EXTEND: return a->var == v || expr_mentions(a->expr, v) || alg_mentions(a->a, v);
  case SILA_ALG_GRAPH: return a->name.var == v || alg_mentions(a->a, v);
  case SILA_ALG_TABLE:
    for (size_t i = 0; i < a->nvars; i++)
      if (a->vars[i] == v)
        return true;
    return false;
  default: return true;
  }
}

/* The BGP and triple whose object ?v is, reached as the header says; NULL
 * when there is none. */
static const SilaAlg *drive_bgp(const SilaAlg *a, int32_t v, size_t *triple) {
  if (!a)
    return NULL;
  switch (a->kind) {
  case SILA_ALG_BGP:
    if (exec_text_applies(a) || exec_bgp_tt_nodes(a, NULL) != 0)
      return NULL;
    for (size_t i = 0; i < a->ntriples; i++) {
      const SilaTriple *t = &a->triples[i];
      if (t->o.var == v && t->p.var < 0 && t->p.term.kind == SILA_TERM_IRI && t->s.var != v &&
          !t->s.tt) {
        *triple = i;
        return a;
      }
    }
    return NULL;
  case SILA_ALG_FILTER: return drive_bgp(a->a, v, triple);
  case SILA_ALG_EXTEND: return a->var == v ? NULL : drive_bgp(a->a, v, triple);
  case SILA_ALG_LEFTJOIN: return alg_mentions(a->b, v) ? NULL : drive_bgp(a->a, v, triple);
  case SILA_ALG_JOIN: {
    const SilaAlg *b = alg_mentions(a->b, v) ? NULL : drive_bgp(a->a, v, triple);
    return b ? b : alg_mentions(a->a, v) ? NULL : drive_bgp(a->b, v, triple);
  }
  default: return NULL;
  }
}

static bool ordered_tag(SilaIdTag t) { return t == SILA_TAG_INTEGER || t == SILA_TAG_DECIMAL; }

/* IDs of equal value have equal classes, and classes are in value order:
 * a decimal's low four bits count the zeros its text adds (1.5, 1.50). */
static SilaId value_class(SilaId id) {
  return sila_id_tag(id) == SILA_TAG_DECIMAL ? id >> 4 : id;
}

/* The rows of a BGP with nothing bound, as the join order estimates them. */
static double bgp_rows(SilaExec *ex, const SilaAlg *bgp, ActiveGraph ag) {
  size_t n = bgp->ntriples;
  Pattern *pats = sila_calloc(n ? n : 1, sizeof *pats);
  uint64_t *est = sila_calloc(n ? n : 1, sizeof *est);
  SilaId *seed = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *seed);
  double rows = -1;
  if (pats && est && seed) {
    rows = 1;
    for (size_t i = 0; i < n; i++) {
      const SilaNode *pos[3] = {&bgp->triples[i].s, &bgp->triples[i].p, &bgp->triples[i].o};
      for (int k = 0; k < 3; k++) {
        pats[i].pos[k].var = pos[k]->var;
        if (pos[k]->var < 0 && !(pats[i].pos[k].id = exec_store_id(ex, &pos[k]->term)))
          rows = 0; /* a constant the store lacks: no rows */
      }
    }
    if (rows > 0)
      plan_bgp_order_rows(ex, pats, n, seed, ag, est, NULL, &rows);
  }
  free(pats);
  free(est);
  free(seed);
  return rows;
}

bool exec_topk_plan(SilaExec *ex, const SilaAlg *alg, uint64_t want, PlanNote *note) {
  if (ex->opt.no_ordered_scan || !want || !alg->nconds || alg->conds[0].expr->op != SILA_EX_VAR)
    return false;
  int32_t v = alg->conds[0].expr->var;
  size_t ti = 0;
  const SilaAlg *bgp = drive_bgp(alg->a, v, &ti);
  if (!bgp)
    return false;
  SilaId p = exec_store_id(ex, &bgp->triples[ti].p.term);
  if (!p)
    return false; /* no such predicate: the plain plan ends at once */
  SilaObjectSteps *os;
  if (sila_objects_open(ex->txn, p, &os) != SILA_OK)
    return false;
  SilaId lo = 0, hi = 0;
  bool one_kind = sila_objects_step(os, 0, false, &lo) == 1 &&
                  sila_objects_step(os, UINT64_MAX, true, &hi) == 1 &&
                  sila_id_tag(lo) == sila_id_tag(hi) && ordered_tag(sila_id_tag(lo));
  sila_objects_free(os);
  if (!one_kind)
    return false;
  /* The rows in the query's dataset (one FROM graph counted as that graph;
   * the estimates count several as their union); the steps read the
   * objects of every graph. */
  ActiveGraph ag = ex->default_graph;
  if (ag.mode == GRAPH_SET && ex->nfrom == 1)
    ag = (ActiveGraph){GRAPH_ONE, ex->from[0]};
  double rows = ag.mode == GRAPH_SET && !ex->nfrom ? 0 : bgp_rows(ex, bgp, ag);
  SilaPredicateStats ps;
  bool have_ps = exec_predicate_stats(ex, p, &ps) == SILA_OK;
  double quads = have_ps ? (double)ps.quads : (double)exec_estimate(ex, 0, p, 0, ag);
  bool always = ex->opt.ordered_scan_always;
  if ((rows < 64 || quads < 1) && !always)
    return false; /* few rows: sorting them all is cheap */
  /* The quads stepped over until `want` rows, and the values they have. */
  double expect = (double)want * quads / (rows > 1 ? rows : 1) + 1;
  double per_value = have_ps && ps.distinct_objects && ps.quads >= ps.distinct_objects
                         ? (double)ps.quads / (double)ps.distinct_objects
                         : 1;
  double values = expect / per_value + 1;
  /* Costs in lookups, as measured at 1 M and 5 M (bench/README.md, "s08
   * at 5 M"): driven, a quad read is about a lookup of the patterns after
   * it (most rows fail early) and a value about two (its BGP opened and
   * planned again); plain, a row costs a third of a lookup per pattern.
   * Driven only when clearly cheaper: the estimates may be off by 2x. */
  double driven = expect + 2 * values, plain = rows * (double)bgp->ntriples * 0.3;
  if (driven * 2 >= plain && !always)
    return false;
  note->want = want;
  note->drive_var = v;
  note->drive_p = p;
  note->drive_down = alg->conds[0].descending;
  note->drive_rows = (uint64_t)rows;
  note->drive_quads = (uint64_t)quads;
  note->drive_expect = (uint64_t)values;
  /* Stepping stops at 4x the values expected, or at about 256 quads'
   * worth of values when that is more (few values, each of few quads). */
  double budget = 256 / per_value;
  note->drive_budget = (uint64_t)(4 * values > budget ? 4 * values : budget) + 1;
  return true;
}

int exec_topk_describe(const SilaExec *ex, const PlanNote *note, SilaBuf *out) {
  const SilaVar *v = sila_query_var(ex->q, note->drive_var);
  SilaTerm t;
  char buf[SILA_TERM_BUF];
  const char *iri = "?";
  int ilen = 1;
  if (exec_term((SilaExec *)ex, note->drive_p, &t, buf) == SILA_OK && t.kind == SILA_TERM_IRI) {
    iri = t.value;
    ilen = (int)t.value_len;
  }
  return sila_buf_printf(out,
                         "   (driven by ?%.*s: the objects of <%.*s> in value order, %s, each "
                         "value's rows sorted by every key, until %llu rows are read; expected "
                         "%llu values of %llu quads for %llu rows)",
                         (int)v->len, v->name, ilen, iri,
                         note->drive_down ? "descending" : "ascending",
                         (unsigned long long)note->want, (unsigned long long)note->drive_expect,
                         (unsigned long long)note->drive_quads,
                         (unsigned long long)note->drive_rows);
}

/* ---- the iterator ---------------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  ActiveGraph ag;
  PlanNote plan;
  SilaId *seed;
  SilaObjectSteps *steps;
  SilaId cursor;     /* the last object stepped to */
  bool have_look;    /* look: the next object, first of the next group */
  SilaId look;
  bool stepped_all;  /* no object after the cursor */
  bool done;         /* the group holds the last rows */
  RowList group;     /* the current value's rows, in order */
  size_t pos;
  uint64_t values, rows_read, groups, budget;
  bool fell_back;
  uint64_t reported[4];
} TopkIter;

/* The next object in the ORDER BY's direction: 1, 0 at the end, <0. */
static int step(TopkIter *t, SilaId *id) {
  if (t->have_look) {
    t->have_look = false;
    *id = t->look;
    return 1;
  }
  if (t->stepped_all)
    return 0;
  int r = sila_objects_step(t->steps, t->cursor, t->plan.drive_down, id);
  if (r == 0)
    t->stepped_all = true;
  return r;
}

/* The rows the plain way from the value of `first` on: every row of the
 * pattern whose ?v is not before it, sorted. */
static int fall_back(TopkIter *t, SilaId first) {
  SilaExec *ex = t->ex;
  int32_t v = t->plan.drive_var;
  RowList all = {0};
  Iter *in = exec_eval(ex, t->alg->a, t->seed, t->ag);
  if (!in)
    return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
  if (rows_collect(ex, in, &all) != SILA_OK)
    return -(int)ex->status;
  SilaId c = value_class(first);
  size_t kept = 0;
  for (size_t i = 0; i < all.n; i++) {
    SilaId id = rows_at(&all, i)[v];
    bool later = sila_id_tag(id) != sila_id_tag(first) ||
                 (t->plan.drive_down ? value_class(id) <= c : value_class(id) >= c);
    if (later && kept++ != i)
      memcpy(rows_at(&all, kept - 1), rows_at(&all, i), all.width * sizeof(SilaId));
  }
  all.n = kept;
  t->rows_read += kept;
  if (exec_orderby_sort(ex, t->alg, t->ag, &all) != SILA_OK) {
    rows_free(&all);
    return -(int)ex->status;
  }
  rows_free(&t->group);
  t->group = all;
  t->fell_back = true;
  t->done = true;
  return 1;
}

/* Reads the rows of the next value (every ID of that value) into the
 * group and sorts them; 1, 0 at the end, <0. */
static int next_group(TopkIter *t) {
  SilaExec *ex = t->ex;
  int32_t v = t->plan.drive_var;
  t->group.n = 0;
  t->pos = 0;
  SilaId id;
  int r = step(t, &id);
  if (r <= 0)
    return r < 0 ? exec_fail(ex, (SilaStatus)-r, "store read failed") : 0;
  if (t->values >= t->budget)
    return fall_back(t, id);
  SilaId c = value_class(id);
  for (;;) {
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
    t->values++;
    t->cursor = id;
    t->seed[v] = id;
    Iter *in = exec_eval(ex, t->alg->a, t->seed, t->ag);
    if (!in)
      return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    size_t before = t->group.n;
    if (rows_collect(ex, in, &t->group) != SILA_OK)
      return -(int)ex->status;
    t->rows_read += t->group.n - before;
    if ((r = step(t, &id)) < 0)
      return exec_fail(ex, (SilaStatus)-r, "store read failed");
    if (r == 0)
      break;
    if (value_class(id) != c || sila_id_tag(id) != sila_id_tag(t->cursor)) {
      t->look = id;
      t->have_look = true;
      break;
    }
  }
  t->seed[v] = 0;
  t->groups += t->group.n > 0;
  /* The first key is equal within the group: the others order it. */
  if (t->alg->nconds > 1 && t->group.n > 1 &&
      exec_orderby_sort(ex, t->alg, t->ag, &t->group) != SILA_OK)
    return -(int)ex->status;
  return 1;
}

/* EXPLAIN ANALYZE: the counters since the last report. */
static void topk_report(TopkIter *t) {
  if (!t->ex->profile)
    return;
  exec_profile_topk(t->ex, t->alg, t->values - t->reported[0], t->groups - t->reported[1],
                    t->rows_read - t->reported[2], t->fell_back && !t->reported[3]);
  t->reported[0] = t->values;
  t->reported[1] = t->groups;
  t->reported[2] = t->rows_read;
  t->reported[3] = t->fell_back;
}

static int topk_next(Iter *it, SilaId *out) {
  TopkIter *t = (TopkIter *)it;
  for (;;) {
    if (t->pos < t->group.n) {
      row_copy(t->ex, out, rows_at(&t->group, t->pos++));
      return 1;
    }
    if (t->done)
      return 0;
    int r = next_group(t);
    topk_report(t);
    if (r <= 0) {
      t->done = true;
      return r;
    }
  }
}

static void topk_free(Iter *it) {
  TopkIter *t = (TopkIter *)it;
  topk_report(t);
  sila_objects_free(t->steps);
  rows_free(&t->group);
  free(t->seed);
  free(t);
}

Iter *exec_topk_orderby(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  PlanNote plan = exec_plan_of(ex, alg);
  if (plan.access != PLAN_ORDER_DRIVEN || seed[plan.drive_var])
    return exec_orderby(ex, alg, seed, ag); /* ?v bound already: nothing to drive */
  TopkIter *t = exec_iter_new(sizeof *t, topk_next, topk_free);
  if (!t)
    return NULL;
  t->ex = ex;
  t->alg = alg;
  t->ag = ag;
  t->plan = plan;
  t->cursor = plan.drive_down ? UINT64_MAX : 0;
  t->budget = plan.drive_budget;
  t->seed = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *t->seed);
  if (!t->seed || sila_objects_open(ex->txn, plan.drive_p, &t->steps) != SILA_OK) {
    free(t->seed);
    free(t);
    return NULL;
  }
  row_copy(ex, t->seed, seed);
  return &t->it;
}
