/* sila_sparql_algebra.c — the translation of a SELECT's solution modifiers
 * to algebra (SPARQL 1.1 §18.2.4-18.2.5): Group, HAVING filter, VALUES
 * join, Extend per SELECT expression, OrderBy, Project, Distinct/Reduced,
 * Slice.  The parser (sila_sparql_parse.c) reads the clauses; this file
 * builds the nodes and enforces the scope rules that need the built
 * pattern (SELECT expressions, grouped variables).  The plan of how the
 * nodes run is made later, per execution (exec_plan.c). */
#include "sila_sparql_int.h"

/* The first variable of e not set in `ok` (GROUP BY checks); NULL if none. */
static const SilaExpr *first_unbound(const SilaExpr *e, const uint8_t *ok) {
  if (!e)
    return NULL;
  if (e->op == SILA_EX_VAR)
    return bit_get(ok, e->var) ? NULL : e;
  for (uint32_t i = 0; i < e->nargs; i++) {
    const SilaExpr *r = first_unbound(e->args[i], ok);
    if (r)
      return r;
  }
  return NULL;
}

SilaAlg *sp_translate_select(Parser *P, SilaAlg *g, const SelectInfo *si,
                             const SolutionModifiers *m, SelectScope *sc, int32_t **proj,
                             size_t *nproj) {
  bool grouped = m->grouped;
  /* Group + Aggregation; aggregates without GROUP BY make one implicit group */
  if (grouped || sc->aggs.n) {
    grouped = true;
    if (si->star)
      sp_fail_at(P, &si->star_at, "SELECT * is not allowed with GROUP BY or aggregates");
    SilaAlg *gr = sp_alg(P, SILA_ALG_GROUP);
    gr->a = g;
    gr->keys = m->keys.data;
    gr->nkeys = m->keys.n;
    gr->aggs = sc->aggs.data;
    gr->naggs = sc->aggs.n;
    g = sp_seal(P, gr);
  }
  if (m->having.n) {
    SilaAlg *f = sp_alg(P, SILA_ALG_FILTER);
    f->a = g;
    f->exprs = m->having.data;
    f->nexprs = m->having.n;
    g = sp_seal(P, f);
  }
  if (m->values)
    g = sp_join(P, g, m->values);
  /* SELECT expressions: Extend in order, with the scope rules of §18.2.4.4
   * and, when grouped, only grouped variables and aggregates usable */
  if (si->is_select && !si->star) {
    uint8_t *scope = sp_bits(P);
    sp_inscope(g, scope);
    for (size_t i = 0; i < si->nitems; i++) {
      ProjItem *it = &si->items[i];
      if (it->expr) {
        if (bit_get(scope, it->var))
          sp_fail_at(P, &it->at, "variable %.*s is already in scope", (int)it->at.len, it->at.p);
        if (grouped) {
          const SilaExpr *bad = first_unbound(it->expr, scope);
          if (bad) {
            const SilaVar *v = sila_query_var(P->q, bad->var);
            sp_fail_at(P, &it->at, "variable ?%.*s in a SELECT expression is not grouped",
                       (int)v->len, v->name);
          }
        }
        SilaAlg *x = sp_alg(P, SILA_ALG_EXTEND);
        x->a = g;
        x->var = it->var;
        x->expr = it->expr;
        g = sp_seal(P, x);
        bit_set(scope, it->var);
      } else if (grouped && !bit_get(scope, it->var)) {
        sp_fail_at(P, &it->at, "variable %.*s is projected but not grouped", (int)it->at.len,
                   it->at.p);
      }
    }
  }
  if (m->order.n) {
    SilaAlg *o = sp_alg(P, SILA_ALG_ORDERBY);
    o->a = g;
    o->conds = m->order.data;
    o->nconds = m->order.n;
    g = sp_seal(P, o);
  }
  if (si->is_select) {
    Vec vars = {0};
    if (si->star) {
      uint8_t *bits = sp_bits(P);
      sp_inscope(g, bits);
      for (int32_t v = 0; v < (int32_t)P->q->vars.n; v++)
        if (bit_get(bits, v) && !VEC_AT(P->q->vars, SilaVar, v).hidden)
          sp_vec_push(P, &vars, &v, sizeof v);
    } else {
      for (size_t i = 0; i < si->nitems; i++) {
        bool dup = false;
        for (size_t j = 0; j < vars.n; j++)
          dup |= VEC_AT(vars, int32_t, j) == si->items[i].var;
        if (!dup)
          sp_vec_push(P, &vars, &si->items[i].var, sizeof(int32_t));
      }
    }
    SilaAlg *pr = sp_alg(P, SILA_ALG_PROJECT);
    pr->a = g;
    pr->vars = vars.data;
    pr->nvars = vars.n;
    g = sp_seal(P, pr);
    if (proj) {
      *proj = vars.data;
      *nproj = vars.n;
    }
  }
  if (si->distinct || si->reduced) {
    SilaAlg *d = sp_alg(P, si->distinct ? SILA_ALG_DISTINCT : SILA_ALG_REDUCED);
    d->a = g;
    g = sp_seal(P, d);
  }
  if (m->has_limit || m->has_offset) {
    SilaAlg *sl = sp_alg(P, SILA_ALG_SLICE);
    sl->a = g;
    sl->offset = (uint64_t)m->offset;
    sl->limit = m->limit;
    g = sp_seal(P, sl);
  }
  return g;
}
