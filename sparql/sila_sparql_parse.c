/* sila_sparql_parse.c — entry points, prologue, query forms, SELECT and
 * the reading of solution modifiers (their translation to algebra,
 * §18.2.4-18.2.5, is sila_sparql_algebra.c), and SPARQL 1.1 Update. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_sparql_int.h"

/* ---- prologue --------------------------------------------------------- */

static void prologue(Parser *P) {
  for (;;) {
    if (sp_accept_kw(P, K_BASE)) {
      if (!sp_is(P, T_IRI))
        sp_expected(P, "an IRI after BASE");
      size_t n;
      char *b = sp_resolve_iri(P, &n);
      P->base = b;
      P->base_len = n;
      sp_next(P);
    } else if (sp_accept_kw(P, K_VERSION)) {
      /* SPARQL 1.2 version announcement: a one-line string, not acted on */
      if (!sp_is(P, T_STRING) || (P->tok.len >= 3 && P->tok.p[1] == P->tok.p[0] &&
                                  P->tok.p[2] == P->tok.p[0]))
        sp_expected(P, "a one-line quoted version string after VERSION");
      sp_next(P);
    } else if (sp_accept_kw(P, K_PREFIX)) {
      if (!sp_is(P, T_PNAME_NS))
        sp_expected(P, "a prefix name ending in ':'");
      Prefix px;
      px.name = sp_strndup(P, P->tok.pfx, P->tok.pfx_len);
      px.name_len = P->tok.pfx_len;
      sp_next(P);
      if (!sp_is(P, T_IRI))
        sp_expected(P, "an IRI");
      SilaTerm t = sp_parse_iri(P);
      px.iri = t.value;
      px.iri_len = t.value_len;
      sp_vec_push(P, &P->prefixes, &px, sizeof px);
    } else {
      return;
    }
  }
}

/* ---- dataset ---------------------------------------------------------- */

static void dataset_clauses(Parser *P, Vec *from, Vec *named) {
  while (sp_accept_kw(P, K_FROM)) {
    bool is_named = sp_accept_kw(P, K_NAMED);
    SilaTerm t = sp_parse_iri(P);
    sp_vec_push(P, is_named ? named : from, &t, sizeof t);
  }
}

/* ---- SELECT ----------------------------------------------------------- */

static int64_t parse_count(Parser *P, const char *what) {
  if (!sp_is(P, T_INTEGER) || P->tok.p[0] == '+' || P->tok.p[0] == '-')
    sp_expected(P, what);
  uint64_t v = 0;
  for (size_t i = 0; i < P->tok.vlen; i++) {
    uint64_t d = (uint64_t)(P->tok.val[i] - '0');
    if (v > (UINT64_C(0x7fffffffffffffff) - d) / 10)
      sp_fail(P, SILA_ERR_SYNTAX, "number %.*s too large", (int)P->tok.len, P->tok.p);
    v = v * 10 + d;
  }
  sp_next(P);
  return (int64_t)v;
}

static bool at_group_condition(Parser *P) {
  return sp_is(P, T_VAR) || sp_is(P, T_LPAREN) || sp_at_builtin(P) || sp_at_iri(P);
}

/* SolutionModifier and ValuesClause, read into m; then their translation
 * to algebra (sp_translate_select, sila_sparql_algebra.c). */
static SilaAlg *finish(Parser *P, SilaAlg *g, SelectInfo *si, SelectScope *sc,
                       int32_t **proj, size_t *nproj) {
  SolutionModifiers m = {.limit = -1};
  Vec keys = {0};
  bool grouped = false;
  sc->allow_aggs = false;
  if (sp_accept_kw(P, K_GROUP)) {
    sp_expect_kw(P, K_BY, "'BY'");
    grouped = true;
    do {
      SilaGroupKey k = {NULL, -1};
      Tok at = P->tok;
      if (sp_is(P, T_VAR)) {
        k.var = sp_var(P, P->tok.val, P->tok.vlen, false);
        k.expr = sp_expr_var(P, k.var);
        sp_next(P);
      } else if (sp_accept(P, T_LPAREN)) {
        k.expr = sp_expression(P);
        if (sp_accept_kw(P, K_AS)) {
          if (!sp_is(P, T_VAR))
            sp_expected(P, "a variable");
          k.var = sp_var(P, P->tok.val, P->tok.vlen, false);
          uint8_t *bits = sp_bits(P);
          sp_inscope(g, bits);
          if (bit_get(bits, k.var))
            sp_fail(P, SILA_ERR_SYNTAX, "GROUP BY variable %.*s is already in scope",
                    (int)P->tok.len, P->tok.p);
          sp_next(P);
        } else if (k.expr->op == SILA_EX_VAR) {
          k.var = k.expr->var;
        }
        sp_expect(P, T_RPAREN, "')'");
      } else {
        k.expr = sp_builtin_or_call(P);
        if (k.expr->op == SILA_EX_CONST)
          sp_fail_at(P, &at, "expected a function call in GROUP BY");
      }
      if (k.var < 0)
        k.var = sp_new_hidden(P, ".key", P->key_count++);
      sp_vec_push(P, &keys, &k, sizeof k);
    } while (at_group_condition(P));
  }
  sc->allow_aggs = true;
  Vec having = {0};
  if (sp_accept_kw(P, K_HAVING)) {
    do {
      SilaExpr *e = sp_constraint(P);
      sp_vec_push(P, &having, &e, sizeof e);
    } while (sp_is(P, T_LPAREN) || sp_at_builtin(P) || sp_at_iri(P));
  }
  Vec order = {0};
  if (sp_accept_kw(P, K_ORDER)) {
    sp_expect_kw(P, K_BY, "'BY'");
    do {
      SilaOrderCond c = {NULL, false};
      if (sp_kw(P, K_ASC) || sp_kw(P, K_DESC)) {
        c.descending = sp_kw(P, K_DESC);
        sp_next(P);
        c.expr = sp_bracketted(P);
      } else if (sp_is(P, T_VAR)) {
        c.expr = sp_expr_var(P, sp_var(P, P->tok.val, P->tok.vlen, false));
        sp_next(P);
      } else {
        c.expr = sp_constraint(P);
      }
      sp_vec_push(P, &order, &c, sizeof c);
    } while (at_group_condition(P) || sp_kw(P, K_ASC) || sp_kw(P, K_DESC));
  }
  sc->allow_aggs = false;
  int64_t limit = -1, offset = 0;
  bool has_limit = false, has_offset = false;
  for (int i = 0; i < 2; i++) {
    if (!has_limit && sp_accept_kw(P, K_LIMIT)) {
      limit = parse_count(P, "an integer after LIMIT");
      has_limit = true;
    } else if (!has_offset && sp_accept_kw(P, K_OFFSET)) {
      offset = parse_count(P, "an integer after OFFSET");
      has_offset = true;
    }
  }
  SilaAlg *values = NULL;
  if (sp_accept_kw(P, K_VALUES))
    values = sp_values_block(P);

  m.grouped = grouped;
  m.keys = keys;
  m.having = having;
  m.order = order;
  m.limit = limit;
  m.offset = offset;
  m.has_limit = has_limit;
  m.has_offset = has_offset;
  m.values = values;
  return sp_translate_select(P, g, si, &m, sc, proj, nproj);
}

static void select_clause(Parser *P, SelectInfo *si, Vec *items) {
  si->is_select = true;
  if (sp_accept_kw(P, K_DISTINCT))
    si->distinct = true;
  else if (sp_accept_kw(P, K_REDUCED))
    si->reduced = true;
  si->star_at = P->tok;
  if (sp_accept(P, T_STAR)) {
    si->star = true;
    return;
  }
  while (sp_is(P, T_VAR) || sp_is(P, T_LPAREN)) {
    ProjItem it = {-1, NULL, P->tok};
    if (sp_is(P, T_VAR)) {
      it.var = sp_var(P, P->tok.val, P->tok.vlen, false);
      sp_next(P);
    } else {
      sp_next(P);
      it.expr = sp_expression(P);
      sp_expect_kw(P, K_AS, "'AS'");
      if (!sp_is(P, T_VAR))
        sp_expected(P, "a variable");
      it.at = P->tok;
      it.var = sp_var(P, P->tok.val, P->tok.vlen, false);
      sp_next(P);
      sp_expect(P, T_RPAREN, "')'");
    }
    for (size_t i = 0; i < items->n; i++)
      if (VEC_AT(*items, ProjItem, i).var == it.var && it.expr)
        sp_fail_at(P, &it.at, "variable %.*s already projected", (int)it.at.len, it.at.p);
    sp_vec_push(P, items, &it, sizeof it);
  }
  if (!items->n)
    sp_expected(P, "a variable, '(' or '*'");
  si->items = items->data;
  si->nitems = items->n;
}

static SilaAlg *where_clause(Parser *P, bool optional_where) {
  bool w = sp_accept_kw(P, K_WHERE);
  if (!w && optional_where && !sp_is(P, T_LBRACE))
    return sp_alg(P, SILA_ALG_BGP);
  SelectScope *outer = P->sel;
  P->sel = NULL; /* aggregates are not allowed in WHERE */
  SilaAlg *g = sp_group_graph_pattern(P);
  P->sel = outer;
  return g;
}

/* SELECT ... after the keyword; `sub` for a SubSelect (no dataset). */
SilaAlg *sp_select(Parser *P, bool sub, int32_t **proj, size_t *nproj) {
  SelectScope sc;
  memset(&sc, 0, sizeof sc);
  SelectScope *outer = P->sel;
  P->sel = &sc;
  sc.allow_aggs = true;
  SelectInfo si;
  memset(&si, 0, sizeof si);
  Vec items = {0};
  select_clause(P, &si, &items);
  sc.allow_aggs = false;
  if (!sub) {
    Vec from = {0}, named = {0};
    dataset_clauses(P, &from, &named);
    P->q->from = from.data;
    P->q->nfrom = from.n;
    P->q->from_named = named.data;
    P->q->nfrom_named = named.n;
  }
  SilaAlg *g = where_clause(P, false);
  g = finish(P, g, &si, &sc, proj, nproj);
  P->sel = outer;
  return g;
}

/* ---- query forms ------------------------------------------------------ */

static void parse_query(Parser *P) {
  SilaQuery *q = P->q;
  prologue(P);
  SelectScope sc;
  memset(&sc, 0, sizeof sc);
  SelectInfo si;
  memset(&si, 0, sizeof si);
  Vec from = {0}, named = {0};
  if (sp_accept_kw(P, K_SELECT)) {
    q->form = SILA_QUERY_SELECT;
    q->alg = sp_select(P, false, &q->proj, &q->nproj);
    if (!sp_is(P, T_EOF))
      sp_expected(P, "end of query");
    return;
  }
  P->sel = &sc;
  if (sp_accept_kw(P, K_CONSTRUCT)) {
    q->form = SILA_QUERY_CONSTRUCT;
    if (sp_kw(P, K_WHERE) || sp_kw(P, K_FROM)) {
      dataset_clauses(P, &from, &named);
      sp_expect_kw(P, K_WHERE, "'WHERE'");
      P->sel = NULL;
      q->alg = sp_construct_where(P, &q->tmpl, &q->ntmpl);
      P->sel = &sc;
    } else {
      size_t nq;
      SilaQuad *quads = sp_template(P, 0, &nq);
      q->ntmpl = nq;
      q->tmpl = sp_alloc(P, (nq + 1) * sizeof(SilaTriple));
      for (size_t i = 0; i < nq; i++) {
        SilaQuad *qd = &quads[i];
        q->tmpl[i].s = qd->s;
        q->tmpl[i].p = qd->p;
        q->tmpl[i].o = qd->o;
      }
      dataset_clauses(P, &from, &named);
      q->alg = where_clause(P, false);
    }
  } else if (sp_accept_kw(P, K_DESCRIBE)) {
    q->form = SILA_QUERY_DESCRIBE;
    Vec d = {0};
    if (sp_accept(P, T_STAR)) {
      q->describe_star = true;
    } else {
      do {
        SilaNode n;
        if (sp_is(P, T_VAR)) {
          n = sp_var_node(sp_var(P, P->tok.val, P->tok.vlen, false));
          sp_next(P);
        } else {
          n = sp_term_node(sp_parse_iri(P));
        }
        sp_vec_push(P, &d, &n, sizeof n);
      } while (sp_is(P, T_VAR) || sp_at_iri(P));
    }
    q->describe = d.data;
    q->ndescribe = d.n;
    dataset_clauses(P, &from, &named);
    q->alg = where_clause(P, true);
  } else if (sp_accept_kw(P, K_ASK)) {
    q->form = SILA_QUERY_ASK;
    dataset_clauses(P, &from, &named);
    q->alg = where_clause(P, false);
  } else {
    sp_expected(P, "SELECT, CONSTRUCT, DESCRIBE or ASK");
  }
  q->from = from.data;
  q->nfrom = from.n;
  q->from_named = named.data;
  q->nfrom_named = named.n;
  q->alg = finish(P, q->alg, &si, &sc, NULL, NULL);
  P->sel = NULL;
  if (!sp_is(P, T_EOF))
    sp_expected(P, "end of query");
}

/* ---- update ----------------------------------------------------------- */

static SilaGraphRef graph_ref_all(Parser *P, bool allow_special) {
  SilaGraphRef r;
  memset(&r, 0, sizeof r);
  if (allow_special && sp_accept_kw(P, K_DEFAULT))
    r.kind = SILA_GRAPHREF_DEFAULT;
  else if (allow_special && sp_accept_kw(P, K_NAMED))
    r.kind = SILA_GRAPHREF_NAMED;
  else if (allow_special && sp_accept_kw(P, K_ALL))
    r.kind = SILA_GRAPHREF_ALL;
  else {
    sp_expect_kw(P, K_GRAPH, allow_special ? "GRAPH, DEFAULT, NAMED or ALL" : "'GRAPH'");
    r.kind = SILA_GRAPHREF_IRI;
    r.iri = sp_parse_iri(P);
  }
  return r;
}

/* GraphOrDefault ::= 'DEFAULT' | 'GRAPH'? iri */
static SilaGraphRef graph_or_default(Parser *P) {
  SilaGraphRef r;
  memset(&r, 0, sizeof r);
  if (sp_accept_kw(P, K_DEFAULT)) {
    r.kind = SILA_GRAPHREF_DEFAULT;
  } else {
    sp_accept_kw(P, K_GRAPH);
    r.kind = SILA_GRAPHREF_IRI;
    r.iri = sp_parse_iri(P);
  }
  return r;
}

/* A template node as a pattern node: a triple term gets the hidden
 * variable patterns give it (sp_triple_term in sila_sparql_pattern.c). */
static SilaNode pattern_node(Parser *P, SilaNode n) {
  if (!n.tt || n.var >= 0)
    return n;
  SilaTriple *t = sp_alloc(P, sizeof *t);
  t->s = pattern_node(P, n.tt->s);
  t->p = n.tt->p;
  t->o = pattern_node(P, n.tt->o);
  n.tt = t;
  n.var = sp_new_hidden(P, ".tt", P->path_count++);
  return n;
}

/* DELETE WHERE: the quads as a pattern, one BGP per graph. */
static SilaAlg *quads_pattern(Parser *P, SilaQuad *qs, size_t n) {
  SilaAlg *g = sp_alg(P, SILA_ALG_BGP);
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && qs[j].g.var == qs[i].g.var &&
           sila_term_equal(&qs[j].g.term, &qs[i].g.term))
      j++;
    SilaAlg *b = sp_alg(P, SILA_ALG_BGP);
    b->ntriples = j - i;
    b->triples = sp_alloc(P, b->ntriples * sizeof(SilaTriple));
    for (size_t k = i; k < j; k++) {
      b->triples[k - i].s = pattern_node(P, qs[k].s);
      b->triples[k - i].p = qs[k].p;
      b->triples[k - i].o = pattern_node(P, qs[k].o);
    }
    if (qs[i].g.var >= 0 || qs[i].g.term.kind != SILA_TERM_NONE) {
      SilaAlg *gr = sp_alg(P, SILA_ALG_GRAPH);
      gr->name = qs[i].g;
      gr->a = b;
      b = sp_seal(P, gr);
    }
    g = sp_join(P, g, b);
    i = j;
  }
  return g;
}

static void update_op(Parser *P, SilaUpdateOp *op) {
  P->op_bnodes.n = 0;
  /* each operation's WHERE is a query of its own: blank node labels of
   * patterns are scoped per operation */
  if (P->bnode_bgp.n)
    memset(P->bnode_bgp.data, 0, P->bnode_bgp.n * sizeof(unsigned));
  Keyword k = P->tok.kw;
  if (P->tok.type != T_WORD)
    k = K_NONE;
  switch (k) {
  case K_LOAD:
    sp_next(P);
    op->kind = SILA_UPDATE_LOAD;
    op->silent = sp_accept_kw(P, K_SILENT);
    op->source = sp_parse_iri(P);
    if (sp_accept_kw(P, K_INTO))
      op->to = graph_ref_all(P, false);
    return;
  case K_CLEAR:
  case K_DROP:
  case K_CREATE:
    sp_next(P);
    op->kind = k == K_CLEAR ? SILA_UPDATE_CLEAR : k == K_DROP ? SILA_UPDATE_DROP
                                                               : SILA_UPDATE_CREATE;
    op->silent = sp_accept_kw(P, K_SILENT);
    op->to = graph_ref_all(P, k != K_CREATE);
    return;
  case K_ADD:
  case K_MOVE:
  case K_COPY:
    sp_next(P);
    op->kind = k == K_ADD ? SILA_UPDATE_ADD : k == K_MOVE ? SILA_UPDATE_MOVE : SILA_UPDATE_COPY;
    op->silent = sp_accept_kw(P, K_SILENT);
    op->from = graph_or_default(P);
    sp_expect_kw(P, K_TO, "'TO'");
    op->to = graph_or_default(P);
    return;
  case K_INSERT:
    sp_next(P);
    if (sp_accept_kw(P, K_DATA)) {
      op->kind = SILA_UPDATE_INSERT_DATA;
      op->insert_quads = sp_template(P, TMPL_QUADS | TMPL_NO_VARS, &op->ninsert);
      for (size_t i = 0; i < P->op_bnodes.n; i++)
        sp_vec_push(P, &P->update_bnodes, &VEC_AT(P->op_bnodes, SilaTerm, i), sizeof(SilaTerm));
      return;
    }
    op->kind = SILA_UPDATE_MODIFY;
    op->insert_quads = sp_template(P, TMPL_QUADS, &op->ninsert);
    break;
  case K_DELETE:
    sp_next(P);
    if (sp_accept_kw(P, K_DATA)) {
      op->kind = SILA_UPDATE_DELETE_DATA;
      op->delete_quads =
          sp_template(P, TMPL_QUADS | TMPL_NO_VARS | TMPL_NO_BNODES, &op->ndelete);
      return;
    }
    if (sp_accept_kw(P, K_WHERE)) {
      op->kind = SILA_UPDATE_DELETE_WHERE;
      op->delete_quads = sp_template(P, TMPL_QUADS | TMPL_NO_BNODES, &op->ndelete);
      op->where = quads_pattern(P, op->delete_quads, op->ndelete);
      return;
    }
    op->kind = SILA_UPDATE_MODIFY;
    op->delete_quads = sp_template(P, TMPL_QUADS | TMPL_NO_BNODES, &op->ndelete);
    if (sp_accept_kw(P, K_INSERT))
      op->insert_quads = sp_template(P, TMPL_QUADS, &op->ninsert);
    break;
  case K_WITH:
    sp_next(P);
    op->kind = SILA_UPDATE_MODIFY;
    op->with = sp_parse_iri(P);
    if (sp_accept_kw(P, K_DELETE)) {
      op->delete_quads = sp_template(P, TMPL_QUADS | TMPL_NO_BNODES, &op->ndelete);
      if (sp_accept_kw(P, K_INSERT))
        op->insert_quads = sp_template(P, TMPL_QUADS, &op->ninsert);
    } else {
      sp_expect_kw(P, K_INSERT, "DELETE or INSERT");
      op->insert_quads = sp_template(P, TMPL_QUADS, &op->ninsert);
    }
    break;
  default:
    sp_expected(P, "an update operation");
  }
  /* Modify: UsingClause* 'WHERE' GroupGraphPattern */
  Vec u = {0}, un = {0};
  while (sp_accept_kw(P, K_USING)) {
    bool named = sp_accept_kw(P, K_NAMED);
    SilaTerm t = sp_parse_iri(P);
    sp_vec_push(P, named ? &un : &u, &t, sizeof t);
  }
  op->using_iris = u.data;
  op->nusing = u.n;
  op->using_named = un.data;
  op->nusing_named = un.n;
  sp_expect_kw(P, K_WHERE, "'WHERE'");
  op->where = sp_group_graph_pattern(P);
}

static void parse_update(Parser *P) {
  SilaQuery *q = P->q;
  q->form = SILA_QUERY_UPDATE;
  P->in_update = true;
  Vec ops = {0};
  for (;;) {
    prologue(P);
    if (sp_is(P, T_EOF))
      break;
    SilaUpdateOp op;
    memset(&op, 0, sizeof op);
    update_op(P, &op);
    sp_vec_push(P, &ops, &op, sizeof op);
    if (!sp_accept(P, T_SEMI))
      break;
  }
  if (!sp_is(P, T_EOF))
    sp_expected(P, ops.n ? "';' or end of request" : "an update operation");
  q->ops = ops.data;
  q->nops = ops.n;
}

/* ---- entry points ----------------------------------------------------- */

static SilaStatus run(const char *text, size_t len, const char *base_iri, SilaQuery **out,
                      SilaError *err, bool update) {
  *out = NULL;
  if (!text && len)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no query text");
  /* one block holds a typical query; big requests (INSERT DATA) grow in
   * blocks instead of reserving a multiple of their size up front */
  size_t first = len < 2048 ? 8192 : len * 2;
  if (first > ((size_t)16 << 20))
    first = (size_t)16 << 20;
  SilaArena *arena = sila_arena_new(first);
  if (!arena)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  /* Parser state is large (jmp_buf) and short-lived: keep it off the arena */
  Parser *P = sila_calloc(1, sizeof *P);
  SilaQuery *q = sila_arena_calloc(arena, 1, sizeof *q);
  if (!P || !q) {
    free(P);
    sila_arena_free(arena);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  q->arena = arena;
  P->arena = arena;
  P->q = q;
  P->err = err;
  if (base_iri) {
    P->base_len = strlen(base_iri);
    P->base = sila_arena_strndup(arena, base_iri, P->base_len);
  }
  SilaStatus st = SILA_OK;
  if (setjmp(P->jb) == 0) {
    sp_lex_init(P, text ? text : "", len);
    sp_next(P);
    if (update)
      parse_update(P);
    else
      parse_query(P);
  } else {
    st = P->st;
  }
  q->prefixes = P->prefixes.data;
  q->nprefixes = P->prefixes.n;
  q->base = P->base;
  free(P->raw.data);
  free(P->tquads.data);
  free(P);
  if (st != SILA_OK) {
    sila_arena_free(arena);
    return st;
  }
  *out = q;
  return SILA_OK;
}

SilaStatus sila_sparql_parse_query(const char *text, size_t len, const char *base_iri,
                                   SilaQuery **out, SilaError *err) {
  return run(text, len, base_iri, out, err, false);
}

SilaStatus sila_sparql_parse_update(const char *text, size_t len, const char *base_iri,
                                    SilaQuery **out, SilaError *err) {
  return run(text, len, base_iri, out, err, true);
}

void sila_query_free(SilaQuery *q) {
  if (q)
    sila_arena_free(q->arena);
}

SilaQueryForm sila_query_form(const SilaQuery *q) { return q->form; }
SilaAlg *sila_query_algebra(const SilaQuery *q) { return q->alg; }
const int32_t *sila_query_projection(const SilaQuery *q, size_t *n) {
  *n = q->nproj;
  return q->proj;
}
const SilaTriple *sila_query_template(const SilaQuery *q, size_t *n) {
  *n = q->ntmpl;
  return q->tmpl;
}
const SilaNode *sila_query_describe(const SilaQuery *q, size_t *n, bool *star) {
  *n = q->ndescribe;
  if (star)
    *star = q->describe_star;
  return q->describe;
}
const SilaTerm *sila_query_from(const SilaQuery *q, size_t *n) {
  *n = q->nfrom;
  return q->from;
}
const SilaTerm *sila_query_from_named(const SilaQuery *q, size_t *n) {
  *n = q->nfrom_named;
  return q->from_named;
}
const SilaUpdateOp *sila_query_updates(const SilaQuery *q, size_t *n) {
  *n = q->nops;
  return q->ops;
}
size_t sila_query_var_count(const SilaQuery *q) { return q->vars.n; }
const SilaVar *sila_query_var(const SilaQuery *q, int32_t index) {
  if (index < 0 || (size_t)index >= q->vars.n)
    return NULL;
  return &((const SilaVar *)q->vars.data)[index];
}
SilaArena *sila_query_arena(SilaQuery *q) { return q->arena; }

int32_t sila_query_var_lookup(const SilaQuery *q, const char *name, size_t len) {
  const SilaVar *v = q->vars.data;
  for (size_t i = 0; i < q->vars.n; i++)
    if (v[i].len == len && !memcmp(v[i].name, name, len))
      return (int32_t)i;
  return -1;
}

const SilaQueryPrefix *sila_query_prefixes(const SilaQuery *q, size_t *n) {
  *n = q->nprefixes;
  return q->prefixes;
}

const char *sila_query_base(const SilaQuery *q) { return q->base; }
