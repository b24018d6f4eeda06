/* update_modify.c — DELETE/INSERT … WHERE and DELETE WHERE.
 *
 * The WHERE is evaluated by the executor on the write transaction (which
 * serves reads too).  Every solution is copied out before anything is
 * written — the executor's cursors and decoded terms must not see the
 * store change under them, and the spec evaluates the pattern once on the
 * state before the operation — then the deletions of all solutions are
 * applied, then the insertions. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_exec.h"
#include "update_internal.h"

typedef struct {
  SilaArena *arena;   /* copies of the solution terms */
  int32_t *vars;      /* variables the templates use */
  size_t nvars;
  SilaTerm *cells;    /* nrows * nvars; kind NONE = unbound */
  size_t nrows, cap;
} Solutions;

static bool has_var(const int32_t *vars, size_t n, int32_t v) {
  for (size_t i = 0; i < n; i++)
    if (vars[i] == v)
      return true;
  return false;
}

static void node_vars(const SilaNode *n, int32_t *vars, size_t *nvars) {
  if (n->var >= 0 && !has_var(vars, *nvars, n->var))
    vars[(*nvars)++] = n->var;
  if (n->tt && n->var < 0) { /* a template's triple term: its components */
    node_vars(&n->tt->s, vars, nvars);
    node_vars(&n->tt->p, vars, nvars);
    node_vars(&n->tt->o, vars, nvars);
  }
}

static void collect_vars(const SilaQuad *qs, size_t n, int32_t *vars, size_t *nvars) {
  for (size_t i = 0; i < n; i++) {
    const SilaNode *nodes[4] = {&qs[i].s, &qs[i].p, &qs[i].o, &qs[i].g};
    for (int k = 0; k < 4; k++)
      node_vars(nodes[k], vars, nvars);
  }
}

static SilaStatus copy_term(SilaArena *a, const SilaTerm *in, SilaTerm *out) {
  *out = *in;
  if (in->kind == SILA_TERM_TRIPLE && in->triple) {
    SilaTerm *spo = sila_arena_alloc(a, 3 * sizeof *spo);
    if (!spo)
      return SILA_ERR_NOMEM;
    for (int k = 0; k < 3; k++)
      if (copy_term(a, &in->triple[k], &spo[k]) != SILA_OK)
        return SILA_ERR_NOMEM;
    out->triple = spo;
    return SILA_OK;
  }
  if (in->value && !(out->value = sila_arena_strndup(a, in->value, in->value_len)))
    return SILA_ERR_NOMEM;
  if (in->datatype && !(out->datatype = sila_arena_strndup(a, in->datatype, in->datatype_len)))
    return SILA_ERR_NOMEM;
  if (in->lang && !(out->lang = sila_arena_strndup(a, in->lang, in->lang_len)))
    return SILA_ERR_NOMEM;
  return SILA_OK;
}

/* Runs the WHERE and copies the template variables of every solution. */
static SilaStatus evaluate(UpdCtx *c, const SilaUpdateOp *op, Solutions *sol) {
  SilaExecOptions eo;
  memset(&eo, 0, sizeof eo);
  eo.union_default_graph = c->opt.union_default_graph;
  eo.base_iri = c->opt.base_iri;
  eo.max_memory = c->opt.max_memory;
  size_t max_mem = c->opt.max_memory ? c->opt.max_memory : (size_t)1 << 30;
  /* Dataset: the protocol's lists, else USING / USING NAMED, else WITH. */
  char **owned = NULL;
  size_t nowned = 0;
  const char *with = NULL;
  if (c->opt.nusing_graphs || c->opt.nusing_named_graphs) {
    eo.default_graphs = c->opt.using_graphs;
    eo.ndefault_graphs = c->opt.nusing_graphs;
    eo.named_graphs = c->opt.using_named_graphs;
    eo.nnamed_graphs = c->opt.nusing_named_graphs;
  } else if (op->nusing || op->nusing_named || op->with.kind == SILA_TERM_IRI) {
    size_t total = op->nusing + op->nusing_named + 1;
    owned = sila_calloc(total, sizeof *owned);
    if (!owned)
      return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < op->nusing; i++)
      owned[nowned++] = sila_strndup(op->using_iris[i].value, op->using_iris[i].value_len);
    for (size_t i = 0; i < op->nusing_named; i++)
      owned[nowned++] = sila_strndup(op->using_named[i].value, op->using_named[i].value_len);
    if (op->with.kind == SILA_TERM_IRI)
      owned[nowned++] = sila_strndup(op->with.value, op->with.value_len);
    for (size_t i = 0; i < nowned; i++)
      if (!owned[i]) {
        for (size_t j = 0; j < nowned; j++)
          free(owned[j]);
        free(owned);
        return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
      }
    if (op->nusing || op->nusing_named) {
      eo.default_graphs = (const char *const *)owned;
      eo.ndefault_graphs = op->nusing;
      eo.named_graphs = (const char *const *)owned + op->nusing;
      eo.nnamed_graphs = op->nusing_named;
    } else {
      with = owned[nowned - 1];
    }
  }
  SilaStatus st = upd_check_deadline(c, &eo.timeout);
  SilaExec *ex = NULL;
  SilaError xerr = {0};
  if (st == SILA_OK) {
    st = sila_exec_open_pattern(c->txn, c->q, op->where, with, &eo, &ex, &xerr);
    if (st != SILA_OK)
      upd_fail(c, st, "%s", xerr.message[0] ? xerr.message : sila_strerror(st));
  }
  const SilaTerm *const *row;
  int r = 0;
  while (st == SILA_OK && (r = sila_exec_next(ex, &row)) == 1) {
    if (sol->nrows == sol->cap) {
      size_t cap = sol->cap ? sol->cap * 2 : 64;
      SilaTerm *cells =
          sila_realloc(sol->cells, cap * (sol->nvars ? sol->nvars : 1) * sizeof *cells);
      if (!cells) {
        st = upd_fail(c, SILA_ERR_NOMEM, "out of memory");
        break;
      }
      sol->cells = cells;
      sol->cap = cap;
    }
    SilaTerm *out = sol->cells + sol->nrows * sol->nvars;
    for (size_t i = 0; i < sol->nvars && st == SILA_OK; i++) {
      const SilaTerm *t = row[sol->vars[i]];
      if (!t)
        memset(&out[i], 0, sizeof out[i]);
      else if (copy_term(sol->arena, t, &out[i]) != SILA_OK)
        st = upd_fail(c, SILA_ERR_NOMEM, "out of memory");
    }
    sol->nrows++;
    if (st == SILA_OK &&
        sila_arena_size(sol->arena) + sol->cap * sol->nvars * sizeof(SilaTerm) > max_mem)
      st = upd_fail(c, SILA_ERR_LIMIT, "the solutions of the WHERE take more than %zu bytes",
                    max_mem);
  }
  if (st == SILA_OK && r < 0)
    st = upd_fail(c, (SilaStatus)-r, "%s", sila_exec_error(ex));
  sila_exec_free(ex);
  for (size_t j = 0; j < nowned; j++)
    free(owned[j]);
  free(owned);
  return st;
}

static bool valid_position(SilaId id, int pos) {
  SilaIdTag tag = sila_id_tag(id);
  switch (pos) {
  case 0: return tag == SILA_TAG_IRI || tag == SILA_TAG_BLANK;
  case 1: return tag == SILA_TAG_IRI;
  case 2: return true;
  default: return tag == SILA_TAG_IRI;
  }
}

/* The store ID of a template position in one solution: 0 when the quad
 * must be skipped (unbound variable, or, when !insert, a term the store
 * does not hold so the quad cannot be there). */
static SilaStatus node_id(UpdCtx *c, const Solutions *sol, const SilaTerm *row,
                          const SilaNode *n, bool insert, UpdBlankMap *tmpl_blanks,
                          UpdBlankMap *sol_blanks, SilaId *out) {
  *out = 0;
  const SilaTerm *t = &n->term;
  if (n->tt && n->var < 0) {
    /* A template's triple term: made of its components' IDs. */
    const SilaNode *parts[3] = {&n->tt->s, &n->tt->p, &n->tt->o};
    SilaId spo[3];
    for (int k = 0; k < 3; k++) {
      SilaStatus st = node_id(c, sol, row, parts[k], insert, tmpl_blanks, sol_blanks, &spo[k]);
      if (st != SILA_OK || !spo[k])
        return st;
    }
    if (!valid_position(spo[0], 0) || !valid_position(spo[1], 1))
      return SILA_OK;
    bool absent = false;
    SilaStatus st = upd_triple_id(c, spo, insert, out, &absent);
    if (absent)
      *out = 0;
    return st;
  }
  if (n->var >= 0) {
    size_t i = 0;
    while (i < sol->nvars && sol->vars[i] != n->var)
      i++;
    if (i == sol->nvars || row[i].kind == SILA_TERM_NONE)
      return SILA_OK;
    t = &row[i];
    if (t->kind == SILA_TERM_BLANK) {
      /* A node of the store keeps its identity; a computed one (BNODE())
       * becomes a new node, the same one for its label in this operation. */
      SilaStatus st = sila_txn_lookup(c->txn, t, out);
      if (st == SILA_OK)
        return SILA_OK;
      *out = 0;
      if (!insert)
        return SILA_OK;
      return upd_blank(c, sol_blanks, t->value, t->value_len, out);
    }
  } else if (t->kind == SILA_TERM_BLANK) {
    return upd_blank(c, tmpl_blanks, t->value, t->value_len, out);
  }
  SilaStatus st = upd_term_id(c, t, insert, out);
  if (st == SILA_ERR_NOT_FOUND) {
    *out = 0;
    return SILA_OK;
  }
  return st;
}


/* Applies one template (deletions or insertions) to every solution. */
static SilaStatus apply(UpdCtx *c, const SilaUpdateOp *op, const Solutions *sol, bool insert) {
  const SilaQuad *qs = insert ? op->insert_quads : op->delete_quads;
  size_t n = insert ? op->ninsert : op->ndelete;
  if (!n)
    return SILA_OK;
  SilaId with = 0;
  bool with_absent = false; /* deleting from a WITH graph the store never saw */
  if (op->with.kind == SILA_TERM_IRI) {
    SilaStatus st = upd_term_id(c, &op->with, insert, &with);
    if (st == SILA_ERR_NOT_FOUND)
      with_absent = true;
    else if (st != SILA_OK)
      return st;
  }
  UpdBlankMap tmpl_blanks = {0}, sol_blanks = {0};
  SilaStatus st = SILA_OK;
  for (size_t r = 0; r < sol->nrows && st == SILA_OK; r++) {
    const SilaTerm *row = sol->cells + r * sol->nvars;
    upd_blanks_reset(&tmpl_blanks); /* template blank nodes: fresh per solution */
    for (size_t i = 0; i < n && st == SILA_OK; i++) {
      const SilaNode *nodes[4] = {&qs[i].s, &qs[i].p, &qs[i].o, &qs[i].g};
      SilaId ids[4] = {0, 0, 0, 0};
      bool skip = false;
      for (int k = 0; k < 4 && st == SILA_OK && !skip; k++) {
        if (k == 3 && nodes[3]->var < 0 && nodes[3]->term.kind == SILA_TERM_NONE) {
          ids[3] = with ? with : SILA_ID_DEFAULT_GRAPH;
          skip = with_absent;
          continue;
        }
        st = node_id(c, sol, row, nodes[k], insert, &tmpl_blanks, &sol_blanks, &ids[k]);
        skip = !ids[k] || !valid_position(ids[k], k);
      }
      if (st != SILA_OK || skip)
        continue;
      SilaIdQuad q = {ids[0], ids[1], ids[2], ids[3]};
      st = insert ? upd_add(c, &q) : upd_remove(c, &q);
    }
    if (st == SILA_OK && (r & 255) == 255)
      st = upd_check_deadline(c, NULL);
  }
  upd_blanks_free(&tmpl_blanks);
  upd_blanks_free(&sol_blanks);
  return st;
}

SilaStatus upd_modify(UpdCtx *c, const SilaUpdateOp *op) {
  Solutions sol;
  memset(&sol, 0, sizeof sol);
  sol.arena = sila_arena_new(0);
  sol.vars = sila_malloc((sila_query_var_count(c->q) + 1) * sizeof *sol.vars);
  if (!sol.arena || !sol.vars) {
    sila_arena_free(sol.arena);
    free(sol.vars);
    return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
  }
  collect_vars(op->delete_quads, op->ndelete, sol.vars, &sol.nvars);
  collect_vars(op->insert_quads, op->ninsert, sol.vars, &sol.nvars);
  SilaStatus st = evaluate(c, op, &sol);
  if (st == SILA_OK)
    st = apply(c, op, &sol, false);
  if (st == SILA_OK)
    st = apply(c, op, &sol, true);
  sila_arena_free(sol.arena);
  free(sol.vars);
  free(sol.cells);
  return st;
}
