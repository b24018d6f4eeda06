/* update_graph.c — graph management: CLEAR, DROP, CREATE, ADD, MOVE, COPY.
 *
 * The store has no empty named graphs (a graph exists by its quads); a
 * graph CREATEd in the request counts as existing until the request ends
 * (see sila_update.h). */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "update_internal.h"

static int iri_len(const SilaTerm *t) { return (int)(t->value_len > 300 ? 300 : t->value_len); }

/* The graph of a reference: DEFAULT or an IRI.  *id = 0 when the store has
 * never seen the IRI (then the graph is certainly empty), unless intern. */
static SilaStatus ref_id(UpdCtx *c, const SilaGraphRef *r, bool intern, SilaId *id) {
  *id = 0;
  if (r->kind == SILA_GRAPHREF_DEFAULT) {
    *id = SILA_ID_DEFAULT_GRAPH;
    return SILA_OK;
  }
  SilaStatus st = upd_term_id(c, &r->iri, intern, id);
  if (st == SILA_ERR_NOT_FOUND) {
    *id = 0;
    return SILA_OK;
  }
  return st;
}

/* Removes the quads of g; `drop` also ends a created empty graph (CLEAR
 * leaves it existing). */
static SilaStatus clear_graph(UpdCtx *c, SilaId g, bool drop) {
  uint64_t removed = 0;
  SilaStatus st = sila_txn_clear_graph(c->txn, g, &removed);
  if (st != SILA_OK)
    return upd_fail(c, st, "cannot clear a graph: %s", sila_strerror(st));
  c->stats.deleted += removed;
  if (drop)
    upd_forget_created(c, g);
  return SILA_OK;
}

/* Records g as existing though empty (until the end of the request). */
static SilaStatus mark_created(UpdCtx *c, SilaId g) {
  if (g == SILA_ID_DEFAULT_GRAPH || upd_graph_exists(c, g))
    return SILA_OK;
  if (c->ncreated == c->created_cap) {
    size_t cap = c->created_cap ? c->created_cap * 2 : 8;
    SilaId *o = sila_realloc(c->created, cap * sizeof *o);
    if (!o)
      return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
    c->created = o;
    c->created_cap = cap;
  }
  c->created[c->ncreated++] = g;
  return SILA_OK;
}

/* Every graph of the store (named only unless with_default). */
static SilaStatus list_graphs(UpdCtx *c, bool with_default, SilaId **out, size_t *n) {
  *out = NULL;
  *n = 0;
  SilaGraphIter *it;
  SilaStatus st = sila_graphs_open(c->txn, &it);
  if (st != SILA_OK)
    return upd_fail(c, st, "cannot list graphs: %s", sila_strerror(st));
  size_t cap = 0;
  SilaId g;
  while (sila_graphs_next(it, &g) == 1) {
    if (g == SILA_ID_DEFAULT_GRAPH && !with_default)
      continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 16;
      SilaId *o = sila_realloc(*out, cap * sizeof *o);
      if (!o) {
        sila_graphs_free(it);
        free(*out);
        *out = NULL;
        return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
      }
      *out = o;
    }
    (*out)[(*n)++] = g;
  }
  sila_graphs_free(it);
  return SILA_OK;
}

static SilaStatus clear_drop(UpdCtx *c, const SilaUpdateOp *op) {
  const SilaGraphRef *r = &op->to;
  bool drop = op->kind == SILA_UPDATE_DROP;
  if (r->kind == SILA_GRAPHREF_DEFAULT)
    return clear_graph(c, SILA_ID_DEFAULT_GRAPH, drop);
  if (r->kind == SILA_GRAPHREF_IRI) {
    SilaId g;
    SilaStatus st = ref_id(c, r, false, &g);
    if (st != SILA_OK)
      return st;
    if (!g || !upd_graph_exists(c, g))
      return upd_soft_fail(c, op, SILA_ERR_NOT_FOUND, "graph <%.*s> does not exist",
                           iri_len(&r->iri), r->iri.value);
    return clear_graph(c, g, drop);
  }
  /* NAMED or ALL */
  SilaId *gs;
  size_t n;
  SilaStatus st = list_graphs(c, r->kind == SILA_GRAPHREF_ALL, &gs, &n);
  for (size_t i = 0; i < n && st == SILA_OK; i++)
    st = clear_graph(c, gs[i], drop);
  free(gs);
  if (st == SILA_OK && drop)
    c->ncreated = 0; /* DROP NAMED / ALL drops the created empty graphs too */
  return st;
}

static SilaStatus create(UpdCtx *c, const SilaUpdateOp *op) {
  SilaId g;
  SilaStatus st = ref_id(c, &op->to, true, &g);
  if (st != SILA_OK)
    return st;
  if (upd_graph_exists(c, g))
    return upd_soft_fail(c, op, SILA_ERR_EXISTS, "graph <%.*s> already exists",
                         iri_len(&op->to.iri), op->to.iri.value);
  return mark_created(c, g);
}

/* Copies the triples of `from` into `to` (ADD). */
static SilaStatus add_triples(UpdCtx *c, SilaId from, SilaId to) {
  SilaIdQuad pat = {0, 0, 0, from};
  SilaScan *scan;
  SilaStatus st = sila_scan_open(c->txn, &pat, 0, &scan);
  if (st != SILA_OK)
    return upd_fail(c, st, "cannot scan a graph: %s", sila_strerror(st));
  /* Collect first: writing while a scan of the same indexes runs would
   * move its cursor. */
  SilaIdQuad *list = NULL, q;
  size_t n = 0, cap = 0;
  int r;
  while ((r = sila_scan_next(scan, &q)) == 1) {
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      SilaIdQuad *l = sila_realloc(list, cap * sizeof *l);
      if (!l) {
        r = -(int)SILA_ERR_NOMEM;
        break;
      }
      list = l;
    }
    q.g = to;
    list[n++] = q;
  }
  sila_scan_free(scan);
  if (r < 0) {
    free(list);
    return upd_fail(c, (SilaStatus)-r, "cannot scan a graph: %s", sila_strerror((SilaStatus)-r));
  }
  for (size_t i = 0; i < n && st == SILA_OK; i++)
    st = upd_add(c, &list[i]);
  free(list);
  /* The target exists afterwards even when the source was empty. */
  if (st == SILA_OK)
    st = mark_created(c, to);
  return st;
}

static SilaStatus add_move_copy(UpdCtx *c, const SilaUpdateOp *op) {
  SilaId from, to;
  SilaStatus st = ref_id(c, &op->from, false, &from);
  if (st != SILA_OK)
    return st;
  if (!from || !upd_graph_exists(c, from))
    return upd_soft_fail(c, op, SILA_ERR_NOT_FOUND, "graph <%.*s> does not exist",
                         iri_len(&op->from.iri), op->from.iri.value);
  st = ref_id(c, &op->to, true, &to);
  if (st != SILA_OK)
    return st;
  if (from == to)
    return SILA_OK; /* the spec: moving or copying a graph onto itself does nothing */
  if (op->kind != SILA_UPDATE_ADD)
    st = clear_graph(c, to, false);
  if (st == SILA_OK)
    st = add_triples(c, from, to);
  if (st == SILA_OK && op->kind == SILA_UPDATE_MOVE)
    st = clear_graph(c, from, true);
  return st;
}

SilaStatus upd_graph_op(UpdCtx *c, const SilaUpdateOp *op) {
  switch (op->kind) {
  case SILA_UPDATE_CLEAR:
  case SILA_UPDATE_DROP:
    return clear_drop(c, op);
  case SILA_UPDATE_CREATE:
    return create(c, op);
  case SILA_UPDATE_ADD:
  case SILA_UPDATE_MOVE:
  case SILA_UPDATE_COPY:
    return add_move_copy(c, op);
  default:
    return upd_fail(c, SILA_ERR_INVALID, "not a graph management operation");
  }
}
