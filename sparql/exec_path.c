/* exec_path.c — property paths (SPARQL 1.1 §9, §18.4).
 *
 * Sequences, alternatives, inverses and negated property sets keep
 * multiplicities; *, + and ? are evaluated as sets of reachable nodes
 * (ALP), visiting each node once so cycles end.  The two ends of a path
 * are each a constant, a bound variable or a free variable; with both free,
 * every node of the active graph is a start (and zero-length paths match
 * each node to itself). */
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

typedef struct {
  SilaId *v;
  size_t n, cap;
} IdList;

static int push(SilaExec *ex, IdList *l, SilaId id) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    if (exec_mem(ex, (cap - l->cap) * sizeof(SilaId)) != SILA_OK)
      return -1;
    SilaId *v = sila_realloc(l->v, cap * sizeof *v);
    if (!v)
      return -1;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = id;
  return 0;
}

/* A set of IDs (open addressing). */
typedef struct {
  SilaId *slots;
  size_t n, cap;
} IdSet;

static int set_add(SilaExec *ex, IdSet *s, SilaId id) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    if (exec_mem(ex, cap * sizeof(SilaId)) != SILA_OK)
      return -1;
    SilaId *slots = sila_calloc(cap, sizeof *slots);
    if (!slots)
      return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->slots[i])
        continue;
      size_t j = (s->slots[i] * 0x9E3779B97F4A7C15ULL >> 17) & (cap - 1);
      while (slots[j])
        j = (j + 1) & (cap - 1);
      slots[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
  }
  size_t j = (id * 0x9E3779B97F4A7C15ULL >> 17) & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == id)
      return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->slots[j] = id;
  s->n++;
  return 1;
}

static bool term_in(SilaExec *ex, SilaId p, const SilaTerm *set, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (exec_store_id(ex, &set[i]) == p)
      return true;
  return false;
}

/* Neighbours over one step: forward (x p ?y) or backward (?y p x). */
/* With `excl` (a negated property set), every predicate but those. */
typedef struct {
  const SilaTerm *terms;
  size_t n;
} Excl;

static int scan_step(SilaExec *ex, SilaId x, SilaId p, bool fwd, ActiveGraph ag, IdList *out,
                     const Excl *excl) {
  if (IS_LOCAL(x) || (!p && !excl))
    return 0;
  QuadScan *qs = fwd ? quadscan_open(ex, x, p, 0, ag) : quadscan_open(ex, 0, p, x, ag);
  if (!qs)
    return -1;
  SilaIdQuad q;
  int r;
  while ((r = quadscan_next(qs, &q)) == 1) {
    if (excl && term_in(ex, q.p, excl->terms, excl->n))
      continue;
    if (push(ex, out, fwd ? q.o : q.s) || exec_check(ex) != SILA_OK) {
      r = -1;
      break;
    }
  }
  quadscan_free(qs);
  return r < 0 ? -1 : 0;
}

static int eval_dir(SilaExec *ex, const SilaPath *p, SilaId x, bool fwd, ActiveGraph ag,
                    IdList *out);

/* Nodes reachable in one or more steps (a set). */
static int closure(SilaExec *ex, const SilaPath *p, SilaId x, bool fwd, ActiveGraph ag,
                   IdSet *seen, IdList *out) {
  IdList frontier = {0};
  if (push(ex, &frontier, x))
    return -1;
  int rc = 0;
  while (frontier.n && rc == 0) {
    SilaId n = frontier.v[--frontier.n];
    IdList next = {0};
    rc = eval_dir(ex, p, n, fwd, ag, &next);
    for (size_t i = 0; i < next.n && rc == 0; i++) {
      int added = set_add(ex, seen, next.v[i]);
      if (added < 0 || (added && (push(ex, out, next.v[i]) || push(ex, &frontier, next.v[i]))))
        rc = -1;
    }
    free(next.v);
  }
  free(frontier.v);
  return rc;
}

static int eval_dir(SilaExec *ex, const SilaPath *p, SilaId x, bool fwd, ActiveGraph ag,
                    IdList *out) {
  if (exec_check(ex) != SILA_OK)
    return -1;
  switch (p->kind) {
  case SILA_PATH_LINK:
    return scan_step(ex, x, exec_store_id(ex, &p->iri), fwd, ag, out, NULL);
  case SILA_PATH_INV:
    return eval_dir(ex, p->a, x, !fwd, ag, out);
  case SILA_PATH_SEQ: {
    IdList mid = {0};
    const SilaPath *first = fwd ? p->a : p->b, *second = fwd ? p->b : p->a;
    int rc = eval_dir(ex, first, x, fwd, ag, &mid);
    for (size_t i = 0; i < mid.n && rc == 0; i++)
      rc = eval_dir(ex, second, mid.v[i], fwd, ag, out);
    free(mid.v);
    return rc;
  }
  case SILA_PATH_ALT:
    if (eval_dir(ex, p->a, x, fwd, ag, out))
      return -1;
    return eval_dir(ex, p->b, x, fwd, ag, out);
  case SILA_PATH_ZERO_OR_ONE:
  case SILA_PATH_ZERO_OR_MORE:
  case SILA_PATH_ONE_OR_MORE: {
    IdSet seen = {0};
    int rc = 0;
    if (p->kind != SILA_PATH_ONE_OR_MORE) {
      if (set_add(ex, &seen, x) < 0 || push(ex, out, x))
        rc = -1;
    }
    if (rc == 0 && p->kind == SILA_PATH_ZERO_OR_ONE) {
      IdList one = {0};
      rc = eval_dir(ex, p->a, x, fwd, ag, &one);
      for (size_t i = 0; i < one.n && rc == 0; i++) {
        int added = set_add(ex, &seen, one.v[i]);
        if (added < 0 || (added && push(ex, out, one.v[i])))
          rc = -1;
      }
      free(one.v);
    } else if (rc == 0) {
      rc = closure(ex, p->a, x, fwd, ag, &seen, out);
    }
    free(seen.slots);
    return rc;
  }
  case SILA_PATH_NPS: {
    /* !(a|^b): forward steps avoiding a, backward steps avoiding b. */
    bool has_fwd = p->nfwd > 0 || p->ninv == 0, has_inv = p->ninv > 0;
    Excl f = {p->fwd, p->nfwd}, b = {p->inv, p->ninv};
    if (has_fwd && scan_step(ex, x, 0, fwd, ag, out, &f))
      return -1;
    if (has_inv && scan_step(ex, x, 0, !fwd, ag, out, &b))
      return -1;
    return 0;
  }
  }
  return 0;
}

/* Every node (subject or object) of the active graph. */
static int all_nodes(SilaExec *ex, ActiveGraph ag, IdList *out) {
  IdSet seen = {0};
  QuadScan *qs = quadscan_open(ex, 0, 0, 0, ag);
  if (!qs)
    return -1;
  SilaIdQuad q;
  int r, rc = 0;
  while (rc == 0 && (r = quadscan_next(qs, &q)) == 1) {
    SilaId both[2] = {q.s, q.o};
    for (int k = 0; k < 2 && rc == 0; k++) {
      int added = set_add(ex, &seen, both[k]);
      if (added < 0 || (added && push(ex, out, both[k])))
        rc = -1;
    }
    if (rc == 0 && exec_check(ex) != SILA_OK)
      rc = -1;
  }
  quadscan_free(qs);
  free(seen.slots);
  return rc;
}

static SilaId end_value(SilaExec *ex, const SilaNode *n, const SilaId *seed) {
  if (n->var >= 0)
    return seed[n->var];
  return exec_term_id(ex, &n->term);
}

/* True when id is a subject or object of the active graph. */
static bool graph_node(SilaExec *ex, SilaId id, ActiveGraph ag) {
  if (IS_LOCAL(id))
    return false;
  for (int side = 0; side < 2; side++) {
    QuadScan *qs = side ? quadscan_open(ex, 0, 0, id, ag) : quadscan_open(ex, id, 0, 0, ag);
    SilaIdQuad q;
    int r = qs ? quadscan_next(qs, &q) : 0;
    quadscan_free(qs);
    if (r == 1)
      return true;
  }
  return false;
}

Iter *exec_path(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  RowList rows = {0};
  SilaId *row = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *row);
  if (!row)
    return NULL;
  SilaId s = end_value(ex, &alg->path_s, seed), o = end_value(ex, &alg->path_o, seed);
  int rc = 0;
  IdList starts = {0};
  bool from_object = !s && o;
  /* An end bound by a variable (a join feeding this path) ranges over the
   * graph's nodes: a term outside the graph matches nothing, not even a
   * zero-length path (only a constant written in the pattern does). */
  if ((s && alg->path_s.var >= 0 && !graph_node(ex, s, ag)) ||
      (o && alg->path_o.var >= 0 && !graph_node(ex, o, ag))) {
    free(row);
    return iter_empty(ex);
  }
  if (s)
    rc = push(ex, &starts, s);
  else if (o)
    rc = push(ex, &starts, o);
  else
    rc = all_nodes(ex, ag, &starts);
  for (size_t i = 0; i < starts.n && rc == 0; i++) {
    IdList ends = {0};
    rc = eval_dir(ex, alg->path, starts.v[i], !from_object, ag, &ends);
    for (size_t j = 0; j < ends.n && rc == 0; j++) {
      SilaId a = from_object ? ends.v[j] : starts.v[i];
      SilaId b = from_object ? starts.v[i] : ends.v[j];
      if (s && o && b != o)
        continue;
      row_copy(ex, row, seed);
      if (alg->path_s.var >= 0)
        row[alg->path_s.var] = a;
      if (alg->path_o.var >= 0) {
        if (row[alg->path_o.var] && row[alg->path_o.var] != b)
          continue; /* ?x path ?x */
        row[alg->path_o.var] = b;
      }
      if (rows_push(ex, &rows, row))
        rc = -1;
    }
    free(ends.v);
  }
  free(starts.v);
  free(row);
  if (rc) {
    rows_free(&rows);
    if (ex->status == SILA_OK)
      exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    return iter_error(ex, ex->status);
  }
  return iter_rows(ex, &rows);
}
