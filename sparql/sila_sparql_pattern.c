/* sila_sparql_pattern.c — graph patterns, triples, property paths and
 * VALUES, translated to algebra as they are parsed (§18.2.2). */
#include <stdio.h>
#include <string.h>

#include "sila_sparql_int.h"

#define RDF_TYPE SILA_NS_RDF "type"
#define RDF_FIRST SILA_NS_RDF "first"
#define RDF_REST SILA_NS_RDF "rest"
#define RDF_NIL SILA_NS_RDF "nil"
#define RDF_REIFIES SILA_NS_RDF "reifies"

/* ---- algebra helpers -------------------------------------------------- */

SilaAlg *sp_alg(Parser *P, SilaAlgKind k) {
  SilaAlg *a = sp_alloc(P, sizeof *a);
  a->kind = k;
  a->var = -1;
  a->limit = -1;
  a->name.var = -1;
  a->height = 1;
  return a;
}

_Noreturn void sp_too_high(Parser *P) {
  sp_fail(P, SILA_ERR_LIMIT, "query too complex: its algebra would be more than %d levels high",
          SILA_SPARQL_MAX_HEIGHT);
}

static uint32_t max_h(uint32_t h, const SilaExpr *e) { return e && e->height > h ? e->height : h; }

SilaAlg *sp_seal(Parser *P, SilaAlg *a) {
  uint32_t h = 0;
  if (a->a)
    h = a->a->height;
  if (a->b && a->b->height > h)
    h = a->b->height;
  if (a->path && a->path->height > h)
    h = a->path->height;
  h = max_h(h, a->expr);
  for (size_t i = 0; i < a->nexprs; i++)
    h = max_h(h, a->exprs[i]);
  for (size_t i = 0; i < a->nkeys; i++)
    h = max_h(h, a->keys[i].expr);
  for (size_t i = 0; i < a->naggs; i++)
    h = max_h(h, a->aggs[i].expr);
  for (size_t i = 0; i < a->nconds; i++)
    h = max_h(h, a->conds[i].expr);
  if (h >= SILA_SPARQL_MAX_HEIGHT)
    sp_too_high(P);
  a->height = h + 1;
  return a;
}

bool sp_alg_is_empty(const SilaAlg *a) {
  return a->kind == SILA_ALG_BGP && a->ntriples == 0 && a->ntt_extra == 0;
}

/* Join with the simplification of §18.2.2.8: Join(Z, A) = A = Join(A, Z). */
SilaAlg *sp_join(Parser *P, SilaAlg *a, SilaAlg *b) {
  if (sp_alg_is_empty(a))
    return b;
  if (sp_alg_is_empty(b))
    return a;
  /* adjacent BGPs of one group stay separate joins: the spec's BGPs are
   * the written triples blocks */
  SilaAlg *j = sp_alg(P, SILA_ALG_JOIN);
  j->a = a;
  j->b = b;
  return sp_seal(P, j);
}

uint8_t *sp_bits(Parser *P) { return sp_alloc(P, (P->q->vars.n + 8) / 8); }

static void node_bit(const SilaNode *n, uint8_t *bits) {
  if (n->var >= 0)
    bit_set(bits, n->var);
  if (n->tt) { /* the variables inside a triple term pattern */
    node_bit(&n->tt->s, bits);
    node_bit(&n->tt->p, bits);
    node_bit(&n->tt->o, bits);
  }
}

void sp_inscope(const SilaAlg *a, uint8_t *bits) {
  if (!a)
    return;
  switch (a->kind) {
  case SILA_ALG_BGP:
    for (size_t i = 0; i < a->ntt_extra; i++)
      node_bit(&a->tt_extra[i], bits);
    for (size_t i = 0; i < a->ntriples; i++) {
      node_bit(&a->triples[i].s, bits);
      node_bit(&a->triples[i].p, bits);
      node_bit(&a->triples[i].o, bits);
    }
    return;
  case SILA_ALG_PATH:
    node_bit(&a->path_s, bits);
    node_bit(&a->path_o, bits);
    return;
  case SILA_ALG_JOIN:
  case SILA_ALG_LEFTJOIN:
  case SILA_ALG_UNION:
    sp_inscope(a->a, bits);
    sp_inscope(a->b, bits);
    return;
  case SILA_ALG_GRAPH:
  case SILA_ALG_SERVICE:
    node_bit(&a->name, bits);
    sp_inscope(a->a, bits);
    return;
  case SILA_ALG_EXTEND:
    bit_set(bits, a->var);
    sp_inscope(a->a, bits);
    return;
  case SILA_ALG_TABLE:
  case SILA_ALG_PROJECT:
    for (size_t i = 0; i < a->nvars; i++)
      bit_set(bits, a->vars[i]);
    return;
  case SILA_ALG_GROUP:
    for (size_t i = 0; i < a->nkeys; i++)
      bit_set(bits, a->keys[i].var);
    for (size_t i = 0; i < a->naggs; i++)
      bit_set(bits, a->aggs[i].var);
    return;
  default: /* MINUS keeps only its left side; the rest are unary */
    sp_inscope(a->a, bits);
    return;
  }
}

/* ---- nodes ------------------------------------------------------------ */

typedef struct {
  SilaNode s, p, o;
  SilaPath *path; /* non-NULL for a non-trivial path */
} Raw;

#define TR_TEMPLATE 8 /* blank nodes stay blank nodes; no paths */
#define TR_NO_PATHS 16

typedef struct {
  int flags;     /* TR_* and TMPL_* */
  SilaNode graph; /* templates: the graph the triples go to */
} TCtx;

static SilaNode fresh_blank(Parser *P, TCtx *c) {
  if (c->flags & TR_TEMPLATE) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, ".a%u", P->anon_count++);
    SilaTerm t = {0};
    t.kind = SILA_TERM_BLANK;
    t.value = sp_strndup(P, buf, (size_t)n);
    t.value_len = (size_t)n;
    return sp_term_node(t);
  }
  return sp_var_node(sp_new_hidden(P, "_:.", P->anon_count++));
}

/* A labelled blank node: a term in templates, else a hidden variable
 * scoped to one basic graph pattern (§4.1.4 / §18.2.1). */
static SilaNode bnode_node(Parser *P, TCtx *c) {
  Tok *t = &P->tok;
  if (c->flags & TMPL_NO_BNODES)
    sp_fail(P, SILA_ERR_SYNTAX, "blank node %.*s not allowed in a DELETE template",
            (int)t->len, t->p);
  if (c->flags & TR_TEMPLATE) {
    SilaTerm term = {0};
    term.kind = SILA_TERM_BLANK;
    term.value = sp_strndup(P, t->val, t->vlen);
    term.value_len = t->vlen;
    if (P->in_update && (c->flags & TMPL_NO_VARS)) {
      /* INSERT DATA: a label may not be shared with an earlier operation */
      for (size_t i = 0; i < P->update_bnodes.n; i++) {
        SilaTerm *u = &VEC_AT(P->update_bnodes, SilaTerm, i);
        if (u->value_len == t->vlen && !memcmp(u->value, t->val, t->vlen))
          sp_fail(P, SILA_ERR_SYNTAX, "blank node %.*s already used by an earlier operation",
                  (int)t->len, t->p);
      }
      sp_vec_push(P, &P->op_bnodes, &term, sizeof term);
    }
    sp_next(P);
    return sp_term_node(term);
  }
  char *name = sp_alloc(P, t->vlen + 3);
  memcpy(name, "_:", 2);
  memcpy(name + 2, t->val, t->vlen);
  int32_t v = sp_var(P, name, t->vlen + 2, true);
  unsigned *bgp = &VEC_AT(P->bnode_bgp, unsigned, v);
  if (*bgp == 0)
    *bgp = P->cur_bgp;
  else if (*bgp != P->cur_bgp)
    sp_fail(P, SILA_ERR_SYNTAX,
            "blank node %.*s used in more than one basic graph pattern", (int)t->len, t->p);
  sp_next(P);
  return sp_var_node(v);
}

static SilaNode var_node(Parser *P, TCtx *c) {
  if (c->flags & TMPL_NO_VARS)
    sp_fail(P, SILA_ERR_SYNTAX, "variable %.*s not allowed in DATA", (int)P->tok.len,
            P->tok.p);
  int32_t v = sp_var(P, P->tok.val, P->tok.vlen, false);
  sp_next(P);
  return sp_var_node(v);
}

static bool at_var_or_term(Parser *P) {
  switch (P->tok.type) {
  case T_VAR: case T_IRI: case T_PNAME_LN: case T_PNAME_NS: case T_STRING:
  case T_INTEGER: case T_DECIMAL: case T_DOUBLE: case T_BLANK: case T_ANON: case T_NIL:
  case T_TT_OPEN: case T_RT_OPEN:
    return true;
  case T_WORD:
    return P->tok.kw == K_TRUE || P->tok.kw == K_FALSE;
  default:
    return false;
  }
}

static SilaNode var_or_term(Parser *P, TCtx *c) {
  switch (P->tok.type) {
  case T_VAR:
    return var_node(P, c);
  case T_IRI: case T_PNAME_LN: case T_PNAME_NS:
    return sp_term_node(sp_parse_iri(P));
  case T_BLANK:
    return bnode_node(P, c);
  case T_ANON:
    if (c->flags & TMPL_NO_BNODES)
      sp_fail(P, SILA_ERR_SYNTAX, "blank node [] not allowed in a DELETE template");
    sp_next(P);
    return fresh_blank(P, c);
  case T_NIL:
    sp_next(P);
    return sp_term_node(sp_iri_term(P, RDF_NIL, strlen(RDF_NIL)));
  default:
    if (sp_at_literal(P))
      return sp_term_node(sp_parse_literal(P));
    sp_expected(P, "a variable or an RDF term");
  }
}

/* Templates collect quads in P->tquads, patterns raw triples in P->raw. */
static void emit(Parser *P, TCtx *c, SilaNode s, SilaNode p, SilaNode o, SilaPath *path) {
  if (c->flags & TR_TEMPLATE) {
    SilaQuad q = {s, p, o, c->graph};
    sp_hvec_push(P, &P->tquads, &q, sizeof q);
  } else {
    Raw r = {s, p, o, path};
    sp_hvec_push(P, &P->raw, &r, sizeof r);
  }
}

static SilaNode iri_node(Parser *P, const char *iri) {
  return sp_term_node(sp_iri_term(P, iri, strlen(iri)));
}

/* ---- property paths --------------------------------------------------- */

static SilaPath *path_new(Parser *P, SilaPathKind k, SilaPath *a, SilaPath *b) {
  SilaPath *p = sp_alloc(P, sizeof *p);
  p->kind = k;
  p->a = a;
  p->b = b;
  uint32_t h = a ? a->height : 0;
  if (b && b->height > h)
    h = b->height;
  if (h >= SILA_SPARQL_MAX_HEIGHT)
    sp_too_high(P);
  p->height = h + 1;
  return p;
}

static SilaTerm iri_or_a(Parser *P) {
  if (sp_accept_kw(P, K_A))
    return sp_iri_term(P, RDF_TYPE, strlen(RDF_TYPE));
  return sp_parse_iri(P);
}

static SilaPath *path_alt(Parser *P);

static void nps_one(Parser *P, Vec *fwd, Vec *inv) {
  bool neg = sp_accept(P, T_CARET);
  if (!sp_kw(P, K_A) && !sp_at_iri(P))
    sp_expected(P, "an IRI or 'a' in a negated property set");
  SilaTerm t = iri_or_a(P);
  sp_vec_push(P, neg ? inv : fwd, &t, sizeof t);
}

static SilaPath *path_primary(Parser *P) {
  if (sp_kw(P, K_A) || sp_at_iri(P)) {
    SilaPath *p = path_new(P, SILA_PATH_LINK, NULL, NULL);
    p->iri = iri_or_a(P);
    return p;
  }
  if (sp_accept(P, T_BANG)) {
    Vec fwd = {0}, inv = {0};
    if (sp_accept(P, T_NIL)) {
      /* !() excludes nothing */
    } else if (sp_accept(P, T_LPAREN)) {
      do
        nps_one(P, &fwd, &inv);
      while (sp_accept(P, T_PIPE));
      sp_expect(P, T_RPAREN, "')'");
    } else {
      nps_one(P, &fwd, &inv);
    }
    SilaPath *p = path_new(P, SILA_PATH_NPS, NULL, NULL);
    p->fwd = fwd.data;
    p->nfwd = fwd.n;
    p->inv = inv.data;
    p->ninv = inv.n;
    return p;
  }
  if (sp_is(P, T_LPAREN)) {
    sp_depth_enter(P);
    sp_next(P);
    SilaPath *p = path_alt(P);
    sp_expect(P, T_RPAREN, "')'");
    sp_depth_leave(P);
    return p;
  }
  sp_expected(P, "a property path");
}

static SilaPath *path_elt(Parser *P) {
  SilaPath *p = path_primary(P);
  SilaPathKind k;
  if (sp_is(P, T_STAR))
    k = SILA_PATH_ZERO_OR_MORE;
  else if (sp_is(P, T_PLUS))
    k = SILA_PATH_ONE_OR_MORE;
  else if (sp_is(P, T_QMARK))
    k = SILA_PATH_ZERO_OR_ONE;
  else
    return p;
  /* PathMod? allows one modifier: "a**" is a syntax error */
  sp_next(P);
  return path_new(P, k, p, NULL);
}

static SilaPath *path_elt_or_inverse(Parser *P) {
  if (sp_accept(P, T_CARET))
    return path_new(P, SILA_PATH_INV, path_elt(P), NULL);
  return path_elt(P);
}

static SilaPath *path_seq(Parser *P) {
  SilaPath *p = path_elt_or_inverse(P);
  while (sp_accept(P, T_SLASH))
    p = path_new(P, SILA_PATH_SEQ, p, path_elt_or_inverse(P));
  return p;
}

static SilaPath *path_alt(Parser *P) {
  SilaPath *p = path_seq(P);
  while (sp_accept(P, T_PIPE))
    p = path_new(P, SILA_PATH_ALT, p, path_seq(P));
  return p;
}

/* §18.2.2.4: links become triples, inverse swaps, sequences get a fresh
 * variable; the other forms stay as Path(X, P, Y). */
static void emit_path(Parser *P, TCtx *c, SilaNode s, SilaPath *p, SilaNode o) {
  switch (p->kind) {
  case SILA_PATH_LINK:
    emit(P, c, s, sp_term_node(p->iri), o, NULL);
    return;
  case SILA_PATH_INV:
    emit_path(P, c, o, p->a, s);
    return;
  case SILA_PATH_SEQ: {
    SilaNode v = sp_var_node(sp_new_hidden(P, ".p", P->path_count++));
    emit_path(P, c, s, p->a, v);
    emit_path(P, c, v, p->b, o);
    return;
  }
  default: {
    SilaNode none = sp_var_node(-1);
    emit(P, c, s, none, o, p);
    return;
  }
  }
}

/* ---- triples ---------------------------------------------------------- */

static SilaNode graph_node(Parser *P, TCtx *c);
static void property_list_not_empty(Parser *P, TCtx *c, SilaNode s);

/* Collection or blank node property list; returns the node standing for it. */
static SilaNode triples_node(Parser *P, TCtx *c) {
  sp_depth_enter(P);
  SilaNode r;
  if (sp_accept(P, T_LBRACKET)) {
    if (c->flags & TMPL_NO_BNODES)
      sp_fail(P, SILA_ERR_SYNTAX, "blank node not allowed in a DELETE template");
    r = fresh_blank(P, c);
    property_list_not_empty(P, c, r);
    sp_expect(P, T_RBRACKET, "']'");
  } else {
    sp_expect(P, T_LPAREN, "'('");
    if (c->flags & TMPL_NO_BNODES)
      sp_fail(P, SILA_ERR_SYNTAX, "collection not allowed in a DELETE template");
    SilaNode first = fresh_blank(P, c), cur = first;
    for (;;) {
      SilaNode item = graph_node(P, c);
      emit(P, c, cur, iri_node(P, RDF_FIRST), item, NULL);
      if (sp_accept(P, T_RPAREN)) {
        emit(P, c, cur, iri_node(P, RDF_REST), iri_node(P, RDF_NIL), NULL);
        break;
      }
      SilaNode next = fresh_blank(P, c);
      emit(P, c, cur, iri_node(P, RDF_REST), next, NULL);
      cur = next;
    }
    r = first;
  }
  sp_depth_leave(P);
  return r;
}

/* ---- SPARQL 1.2 triple terms, reified triples, annotations ----------- */

static SilaNode triple_term(Parser *P, TCtx *c);
static SilaNode reified_triple(Parser *P, TCtx *c);

static SilaNode tt_node(const SilaTriple *t) {
  SilaNode n = sp_var_node(-1);
  n.tt = t;
  return n;
}

/* A subject or object inside <<( )>> or << >>: a variable, an RDF term or
 * a triple term; a reified triple only inside << >>.  Collections (also
 * "()") and [ ... ] property lists are refused: they are not one term. */
static SilaNode inner_position(Parser *P, TCtx *c, bool reified) {
  switch (P->tok.type) {
  case T_TT_OPEN:
    return triple_term(P, c);
  case T_RT_OPEN:
    if (reified)
      return reified_triple(P, c);
    sp_fail(P, SILA_ERR_SYNTAX, "a reified triple << >> is not allowed inside a triple term");
  case T_NIL: case T_LPAREN:
    sp_fail(P, SILA_ERR_SYNTAX, "a collection is not allowed inside a triple term");
  case T_LBRACKET:
    sp_fail(P, SILA_ERR_SYNTAX, "a blank node property list is not allowed inside a triple term");
  default:
    return var_or_term(P, c);
  }
}

/* The predicate of a triple term or reified triple: Var | iri | 'a' (no
 * property path, no blank node). */
static SilaNode inner_verb(Parser *P, TCtx *c) {
  if (sp_is(P, T_VAR))
    return var_node(P, c);
  if (!sp_kw(P, K_A) && !sp_at_iri(P))
    sp_expected(P, "an IRI, 'a' or a variable as the predicate of a triple term");
  return sp_term_node(iri_or_a(P));
}

/* TripleTerm: '<<(' s p o ')>>'. */
static SilaNode triple_term(Parser *P, TCtx *c) {
  sp_depth_enter(P);
  sp_expect(P, T_TT_OPEN, "'<<('");
  SilaTriple *t = sp_alloc(P, sizeof *t);
  t->s = inner_position(P, c, false);
  t->p = inner_verb(P, c);
  t->o = inner_position(P, c, false);
  sp_expect(P, T_TT_CLOSE, "')>>'");
  sp_depth_leave(P);
  SilaNode n = tt_node(t);
  /* In a pattern the triple term also gets a hidden variable: the triple
   * pattern around it binds that to a stored triple term, and the executor
   * matches the components (exec_bgp.c).  Templates keep var == -1. */
  if (!(c->flags & TR_TEMPLATE))
    n.var = sp_new_hidden(P, ".tt", P->path_count++);
  return n;
}

/* A reifier written without a name: a fresh blank node (a hidden variable
 * in patterns), which DELETE templates and DELETE DATA cannot hold. */
static SilaNode fresh_reifier(Parser *P, TCtx *c) {
  if (c->flags & TMPL_NO_BNODES)
    sp_fail(P, SILA_ERR_SYNTAX, "a reifier without a name is a blank node, not allowed "
                                "in a DELETE template (write ~ and an IRI)");
  return fresh_blank(P, c);
}

/* Reifier: '~' (Var | iri | BlankNode)? */
static SilaNode reifier(Parser *P, TCtx *c) {
  sp_expect(P, T_TILDE, "'~'");
  switch (P->tok.type) {
  case T_VAR:
    return var_node(P, c);
  case T_BLANK:
    return bnode_node(P, c);
  case T_ANON:
    sp_next(P);
    return fresh_reifier(P, c);
  default:
    if (sp_at_iri(P))
      return sp_term_node(sp_parse_iri(P));
    return fresh_reifier(P, c);
  }
}

static void emit_reifies(Parser *P, TCtx *c, SilaNode r, const SilaTriple *t) {
  SilaNode n = tt_node(t);
  if (!(c->flags & TR_TEMPLATE))
    n.var = sp_new_hidden(P, ".tt", P->path_count++);
  emit(P, c, r, iri_node(P, RDF_REIFIES), n, NULL);
}

/* ReifiedTriple: '<<' s p o Reifier? '>>', which stands for its reifier r
 * and adds r rdf:reifies <<( s p o )>>. */
static SilaNode reified_triple(Parser *P, TCtx *c) {
  sp_depth_enter(P);
  sp_expect(P, T_RT_OPEN, "'<<'");
  SilaTriple *t = sp_alloc(P, sizeof *t);
  t->s = inner_position(P, c, true);
  t->p = inner_verb(P, c);
  t->o = inner_position(P, c, true);
  SilaNode r = sp_is(P, T_TILDE) ? reifier(P, c) : fresh_reifier(P, c);
  sp_expect(P, T_RT_CLOSE, "'>>'");
  emit_reifies(P, c, r, t);
  sp_depth_leave(P);
  return r;
}

static bool at_annotation(Parser *P) { return sp_is(P, T_TILDE) || sp_is(P, T_ANN_OPEN); }

/* Annotation: ( Reifier | '{|' PropertyListNotEmpty '|}' )* after the
 * triple s p o.  Each reifier reifies the triple; a block describes the
 * reifier just before it, or a fresh blank node when there is none. */
static void annotation(Parser *P, TCtx *c, SilaNode s, SilaNode p, SilaNode o) {
  SilaTriple *t = sp_alloc(P, sizeof *t);
  t->s = s;
  t->p = p;
  t->o = o;
  SilaNode r = sp_var_node(-1);
  bool named = false;
  sp_depth_enter(P);
  for (;;) {
    if (sp_is(P, T_TILDE)) {
      r = reifier(P, c);
      emit_reifies(P, c, r, t);
      named = true;
    } else if (sp_accept(P, T_ANN_OPEN)) {
      if (!named) {
        r = fresh_reifier(P, c);
        emit_reifies(P, c, r, t);
      }
      property_list_not_empty(P, c, r);
      sp_expect(P, T_ANN_CLOSE, "'|}'");
      named = false;
    } else {
      break;
    }
  }
  sp_depth_leave(P);
}

static SilaNode graph_node(Parser *P, TCtx *c) {
  if (sp_is(P, T_LBRACKET) || sp_is(P, T_LPAREN))
    return triples_node(P, c);
  if (sp_is(P, T_TT_OPEN))
    return triple_term(P, c);
  if (sp_is(P, T_RT_OPEN))
    return reified_triple(P, c);
  return var_or_term(P, c);
}

static void object_list(Parser *P, TCtx *c, SilaNode s, SilaNode p, SilaPath *path) {
  do {
    SilaNode o = graph_node(P, c);
    if (path) {
      if (at_annotation(P))
        sp_fail(P, SILA_ERR_SYNTAX, "an annotation cannot follow a property path");
      emit_path(P, c, s, path, o);
    } else {
      emit(P, c, s, p, o, NULL);
      if (at_annotation(P))
        annotation(P, c, s, p, o);
    }
  } while (sp_accept(P, T_COMMA));
}

static bool at_verb(Parser *P) {
  TokType t = P->tok.type;
  return t == T_VAR || sp_at_iri(P) || sp_kw(P, K_A) || t == T_CARET || t == T_BANG ||
         t == T_LPAREN;
}

static void property_list_not_empty(Parser *P, TCtx *c, SilaNode s) {
  for (;;) {
    if (sp_is(P, T_VAR)) {
      SilaNode p = var_node(P, c);
      object_list(P, c, s, p, NULL);
    } else if ((c->flags & (TR_TEMPLATE | TR_NO_PATHS)) || !at_verb(P)) {
      if (!sp_kw(P, K_A) && !sp_at_iri(P))
        sp_expected(P, "a predicate");
      SilaNode p = sp_term_node(iri_or_a(P));
      object_list(P, c, s, p, NULL);
    } else {
      SilaPath *path = path_alt(P);
      if (path->kind == SILA_PATH_LINK)
        object_list(P, c, s, sp_term_node(path->iri), NULL);
      else
        object_list(P, c, s, sp_var_node(-1), path);
    }
    /* ( ';' ( Verb ObjectList )? )* */
    if (!sp_is(P, T_SEMI))
      return;
    while (sp_accept(P, T_SEMI))
      ;
    if (!at_verb(P))
      return;
  }
}

/* TriplesSameSubject(Path) */
static void triples_same_subject(Parser *P, TCtx *c) {
  if (sp_is(P, T_LBRACKET) || sp_is(P, T_LPAREN) || sp_is(P, T_RT_OPEN)) {
    /* ReifiedTripleBlock: a reified triple may stand alone, like [ ... ] */
    SilaNode s = sp_is(P, T_RT_OPEN) ? reified_triple(P, c) : triples_node(P, c);
    /* after a collection or [ ... ] the property list is optional */
    if (at_verb(P))
      property_list_not_empty(P, c, s);
    return;
  }
  SilaNode s = sp_is(P, T_TT_OPEN) ? triple_term(P, c) : var_or_term(P, c);
  property_list_not_empty(P, c, s);
}

/* TriplesBlock / TriplesTemplate: sequences of TriplesSameSubject separated
 * by '.'.  Stops before anything that cannot start another one. */
static void triples_block(Parser *P, TCtx *c) {
  for (;;) {
    triples_same_subject(P, c);
    if (!sp_accept(P, T_DOT))
      return;
    if (!(at_var_or_term(P) || sp_is(P, T_LBRACKET) || sp_is(P, T_LPAREN)))
      return;
  }
}

static bool at_triples(Parser *P) {
  return at_var_or_term(P) || sp_is(P, T_LBRACKET) || sp_is(P, T_LPAREN);
}

/* Raw triples of one block to algebra: adjacent triples form a BGP, paths
 * are joined in written order (§18.2.2.5). */
static SilaAlg *block_algebra(Parser *P, Vec *raw) {
  SilaAlg *g = NULL;
  size_t i = 0;
  while (i < raw->n) {
    Raw *r = &VEC_AT(*raw, Raw, i);
    if (r->path) {
      SilaAlg *p = sp_alg(P, SILA_ALG_PATH);
      p->path_s = r->s;
      p->path = r->path;
      p->path_o = r->o;
      sp_seal(P, p);
      g = g ? sp_join(P, g, p) : p;
      /* a triple term at an end of the path: its components are matched by
       * a BGP of triple-term patterns joined after the path */
      size_t ntt = (r->s.tt && r->s.var >= 0) + (r->o.tt && r->o.var >= 0);
      if (ntt) {
        SilaAlg *t = sp_alg(P, SILA_ALG_BGP);
        t->tt_extra = sp_alloc(P, ntt * sizeof *t->tt_extra);
        if (r->s.tt && r->s.var >= 0)
          t->tt_extra[t->ntt_extra++] = r->s;
        if (r->o.tt && r->o.var >= 0)
          t->tt_extra[t->ntt_extra++] = r->o;
        g = sp_join(P, g, t);
      }
      i++;
      continue;
    }
    size_t j = i;
    while (j < raw->n && !VEC_AT(*raw, Raw, j).path)
      j++;
    SilaAlg *b = sp_alg(P, SILA_ALG_BGP);
    b->ntriples = j - i;
    b->triples = sp_alloc(P, b->ntriples * sizeof(SilaTriple));
    for (size_t k = i; k < j; k++) {
      Raw *t = &VEC_AT(*raw, Raw, k);
      b->triples[k - i].s = t->s;
      b->triples[k - i].p = t->p;
      b->triples[k - i].o = t->o;
    }
    g = g ? sp_join(P, g, b) : b;
    i = j;
  }
  return g ? g : sp_alg(P, SILA_ALG_BGP);
}

/* ---- templates -------------------------------------------------------- */

SilaQuad *sp_template(Parser *P, int mode, size_t *n) {
  TCtx c = {mode | TR_TEMPLATE, sp_var_node(-1)};
  SilaNode dflt = sp_var_node(-1);
  P->tquads.n = 0;
  sp_expect(P, T_LBRACE, "'{'");
  for (;;) {
    if (sp_is(P, T_RBRACE))
      break;
    if ((mode & TMPL_QUADS) && sp_kw(P, K_GRAPH)) {
      sp_next(P);
      if (sp_is(P, T_VAR))
        c.graph = var_node(P, &c);
      else
        c.graph = sp_term_node(sp_parse_iri(P));
      sp_expect(P, T_LBRACE, "'{'");
      if (!sp_is(P, T_RBRACE))
        triples_block(P, &c);
      sp_expect(P, T_RBRACE, "'}'");
      c.graph = dflt;
      sp_accept(P, T_DOT);
      continue;
    }
    if (!at_triples(P))
      sp_expected(P, "'}'");
    triples_block(P, &c);
    if (!sp_is(P, T_RBRACE) && !((mode & TMPL_QUADS) && sp_kw(P, K_GRAPH)))
      sp_expected(P, "'}'");
  }
  sp_next(P);
  *n = P->tquads.n;
  SilaQuad *out = sp_alloc(P, (P->tquads.n + 1) * sizeof(SilaQuad));
  if (P->tquads.n)
    memcpy(out, P->tquads.data, P->tquads.n * sizeof(SilaQuad));
  return out;
}

/* CONSTRUCT WHERE { TriplesTemplate }: the triples are both template and
 * pattern (blank nodes become hidden variables in both). */
SilaAlg *sp_construct_where(Parser *P, SilaTriple **tmpl, size_t *n) {
  TCtx c = {TR_NO_PATHS, sp_var_node(-1)};
  sp_expect(P, T_LBRACE, "'{'");
  P->cur_bgp = ++P->bgp_id;
  P->raw.n = 0;
  if (!sp_is(P, T_RBRACE))
    triples_block(P, &c);
  sp_expect(P, T_RBRACE, "'}'");
  SilaAlg *g = block_algebra(P, &P->raw);
  *tmpl = NULL;
  *n = 0;
  if (g->kind != SILA_ALG_BGP)
    return g;
  /* The template is the pattern with its blank nodes (hidden variables
   * "_:…" in the pattern) made blank nodes again: fresh per solution, as
   * in CONSTRUCT { P } WHERE { P } (a reifier shared by two solutions
   * gives two nodes; sparql12 construct-5). */
  SilaTriple *t = sp_alloc(P, (g->ntriples + 1) * sizeof *t);
  for (size_t i = 0; i < g->ntriples; i++) {
    t[i] = g->triples[i];
    SilaNode *pos[2] = {&t[i].s, &t[i].o};
    for (int k = 0; k < 2; k++) {
      const SilaVar *v = pos[k]->var >= 0 ? &VEC_AT(P->q->vars, SilaVar, pos[k]->var) : NULL;
      if (!v || !v->hidden || v->len < 2 || memcmp(v->name, "_:", 2))
        continue;
      SilaTerm b = {0};
      b.kind = SILA_TERM_BLANK;
      b.value = v->name + 2;
      b.value_len = v->len - 2;
      *pos[k] = sp_term_node(b);
    }
  }
  *tmpl = t;
  *n = g->ntriples;
  return g;
}

/* ---- VALUES ----------------------------------------------------------- */

/* TripleTermData: '<<(' iri (iri | 'a') (iri | literal | TripleTermData)
 * ')>>' — no variables, no blank nodes, no triple term as subject. */
static SilaTerm data_triple_term(Parser *P) {
  sp_depth_enter(P);
  sp_expect(P, T_TT_OPEN, "'<<('");
  SilaTerm *spo = sp_alloc(P, 3 * sizeof *spo);
  if (!sp_at_iri(P))
    sp_expected(P, "an IRI as the subject of a triple term");
  spo[0] = sp_parse_iri(P);
  if (!sp_kw(P, K_A) && !sp_at_iri(P))
    sp_expected(P, "an IRI or 'a' as the predicate of a triple term");
  spo[1] = iri_or_a(P);
  if (sp_is(P, T_TT_OPEN))
    spo[2] = data_triple_term(P);
  else if (sp_at_iri(P))
    spo[2] = sp_parse_iri(P);
  else if (sp_at_literal(P))
    spo[2] = sp_parse_literal(P);
  else
    sp_expected(P, "an IRI, a literal or a triple term as the object of a triple term");
  sp_expect(P, T_TT_CLOSE, "')>>'");
  sp_depth_leave(P);
  SilaTerm t = {0};
  t.kind = SILA_TERM_TRIPLE;
  t.triple = spo;
  return t;
}

static SilaTerm data_value(Parser *P) {
  if (sp_accept_kw(P, K_UNDEF)) {
    SilaTerm none = {0};
    return none;
  }
  if (sp_is(P, T_TT_OPEN))
    return data_triple_term(P);
  if (sp_at_iri(P))
    return sp_parse_iri(P);
  if (sp_at_literal(P))
    return sp_parse_literal(P);
  sp_expected(P, "a value or UNDEF");
}

SilaAlg *sp_values_block(Parser *P) {
  SilaAlg *t = sp_alg(P, SILA_ALG_TABLE);
  Vec vars = {0}, cells = {0};
  bool single = false;
  if (sp_is(P, T_VAR)) {
    single = true;
    int32_t v = sp_var(P, P->tok.val, P->tok.vlen, false);
    sp_vec_push(P, &vars, &v, sizeof v);
    sp_next(P);
  } else if (!sp_accept(P, T_NIL)) {
    sp_expect(P, T_LPAREN, "'(' or a variable");
    while (sp_is(P, T_VAR)) {
      int32_t v = sp_var(P, P->tok.val, P->tok.vlen, false);
      for (size_t i = 0; i < vars.n; i++)
        if (VEC_AT(vars, int32_t, i) == v)
          sp_fail(P, SILA_ERR_SYNTAX, "variable %.*s repeated in VALUES", (int)P->tok.len,
                  P->tok.p);
      sp_vec_push(P, &vars, &v, sizeof v);
      sp_next(P);
    }
    sp_expect(P, T_RPAREN, "')'");
  }
  sp_expect(P, T_LBRACE, "'{'");
  size_t nrows = 0;
  while (!sp_accept(P, T_RBRACE)) {
    if (single) {
      SilaTerm v = data_value(P);
      sp_vec_push(P, &cells, &v, sizeof v);
    } else if (sp_is(P, T_NIL)) {
      if (vars.n)
        sp_fail(P, SILA_ERR_SYNTAX, "VALUES row has 0 values, expected %zu", vars.n);
      sp_next(P);
    } else {
      Tok start = P->tok;
      sp_expect(P, T_LPAREN, "'(' or '}'");
      size_t k = 0;
      while (!sp_accept(P, T_RPAREN)) {
        SilaTerm v = data_value(P);
        sp_vec_push(P, &cells, &v, sizeof v);
        k++;
      }
      if (k != vars.n)
        sp_fail_at(P, &start, "VALUES row has %zu values, expected %zu", k, vars.n);
    }
    nrows++;
  }
  t->vars = vars.data;
  t->nvars = vars.n;
  t->rows = cells.data;
  t->nrows = nrows;
  return t;
}

/* ---- group graph patterns -------------------------------------------- */

static SilaAlg *group_or_union(Parser *P) {
  SilaAlg *a = sp_group_graph_pattern(P);
  while (sp_accept_kw(P, K_UNION)) {
    SilaAlg *u = sp_alg(P, SILA_ALG_UNION);
    u->a = a;
    u->b = sp_group_graph_pattern(P);
    a = sp_seal(P, u);
  }
  return a;
}

static SilaNode var_or_iri(Parser *P) {
  if (sp_is(P, T_VAR)) {
    int32_t v = sp_var(P, P->tok.val, P->tok.vlen, false);
    sp_next(P);
    return sp_var_node(v);
  }
  if (!sp_at_iri(P))
    sp_expected(P, "a variable or an IRI");
  return sp_term_node(sp_parse_iri(P));
}

static SilaAlg *group_body(Parser *P) {
  SilaAlg *g = sp_alg(P, SILA_ALG_BGP);
  Vec filters = {0};
  /* the BGP (for blank node scoping) the group's triples belong to; a FILTER
   * does not end it, other elements do */
  unsigned my_bgp = 0;
  SilaAlg *open_bgp = NULL; /* the BGP further triples of this region join */
  Vec open_vec = {0};
  for (;;) {
    if (at_triples(P)) {
      bool continues = my_bgp != 0;
      if (!my_bgp)
        my_bgp = ++P->bgp_id;
      P->cur_bgp = my_bgp;
      /* triples blocks never nest, so one scratch array serves them all */
      TCtx c = {0, sp_var_node(-1)};
      P->raw.n = 0;
      triples_block(P, &c);
      SilaAlg *b = block_algebra(P, &P->raw);
      if (continues && g == open_bgp && b->kind == SILA_ALG_BGP) {
        /* triples blocks separated only by FILTERs form one BGP; the
         * triples accumulate in a growable array (no quadratic copying) */
        for (size_t i = 0; i < b->ntriples; i++)
          sp_vec_push(P, &open_vec, &b->triples[i], sizeof(SilaTriple));
        g->triples = open_vec.data;
        g->ntriples = open_vec.n;
      } else {
        g = sp_join(P, g, b);
        open_bgp = g == b && b->kind == SILA_ALG_BGP ? b : NULL;
        if (open_bgp) {
          open_vec.data = b->triples;
          open_vec.n = open_vec.cap = b->ntriples;
        }
      }
      if (at_triples(P))
        sp_expected(P, "'.' or '}'");
      continue;
    }
    if (sp_is(P, T_RBRACE))
      break;
    if (sp_accept_kw(P, K_FILTER)) {
      SilaExpr *e = sp_constraint(P);
      sp_vec_push(P, &filters, &e, sizeof e);
      sp_accept(P, T_DOT);
      continue;
    }
    my_bgp = 0;
    if (sp_is(P, T_LBRACE)) {
      g = sp_join(P, g, group_or_union(P));
    } else if (sp_accept_kw(P, K_OPTIONAL)) {
      SilaAlg *a = sp_group_graph_pattern(P);
      SilaAlg *lj = sp_alg(P, SILA_ALG_LEFTJOIN);
      lj->a = g;
      /* Only the OPTIONAL group's own FILTERs become the LeftJoin's
       * condition; a filter of a nested group stays inside (§18.2.2.6). */
      if (a->kind == SILA_ALG_FILTER && a == P->own_filter) {
        /* LeftJoin(G, A2, F) for OPTIONAL { A2 FILTER(F) } */
        lj->b = a->a;
        SilaExpr *f = a->exprs[0];
        for (size_t i = 1; i < a->nexprs; i++) {
          SilaExpr *and = sp_expr_new(P, SILA_EX_AND, 2);
          and->args[0] = f;
          and->args[1] = a->exprs[i];
          sp_expr_seal(P, and);
          f = and;
        }
        lj->expr = f;
      } else {
        lj->b = a;
      }
      g = sp_seal(P, lj);
    } else if (sp_accept_kw(P, K_MINUS)) {
      SilaAlg *m = sp_alg(P, SILA_ALG_MINUS);
      m->a = g;
      m->b = sp_group_graph_pattern(P);
      g = sp_seal(P, m);
    } else if (sp_accept_kw(P, K_GRAPH)) {
      SilaAlg *gr = sp_alg(P, SILA_ALG_GRAPH);
      gr->name = var_or_iri(P);
      gr->a = sp_group_graph_pattern(P);
      g = sp_join(P, g, sp_seal(P, gr));
    } else if (sp_accept_kw(P, K_SERVICE)) {
      SilaAlg *s = sp_alg(P, SILA_ALG_SERVICE);
      s->silent = sp_accept_kw(P, K_SILENT);
      s->name = var_or_iri(P);
      const char *text = P->tok.p;
      s->a = sp_group_graph_pattern(P);
      /* the pattern's source text, '{' to '}', for sending to the endpoint */
      s->text_len = (size_t)(P->prev_end - text);
      s->text = sp_strndup(P, text, s->text_len);
      g = sp_join(P, g, sp_seal(P, s));
    } else if (sp_accept_kw(P, K_BIND)) {
      sp_expect(P, T_LPAREN, "'('");
      SilaExpr *e = sp_expression(P);
      sp_expect_kw(P, K_AS, "'AS'");
      if (!sp_is(P, T_VAR))
        sp_expected(P, "a variable");
      int32_t v = sp_var(P, P->tok.val, P->tok.vlen, false);
      uint8_t *bits = sp_bits(P);
      sp_inscope(g, bits);
      if (bit_get(bits, v))
        sp_fail(P, SILA_ERR_SYNTAX, "BIND variable %.*s is already in scope",
                (int)P->tok.len, P->tok.p);
      sp_next(P);
      sp_expect(P, T_RPAREN, "')'");
      SilaAlg *x = sp_alg(P, SILA_ALG_EXTEND);
      x->a = g;
      x->var = v;
      x->expr = e;
      g = sp_seal(P, x);
    } else if (sp_accept_kw(P, K_VALUES)) {
      g = sp_join(P, g, sp_values_block(P));
    } else {
      sp_expected(P, "a graph pattern or '}'");
    }
    sp_accept(P, T_DOT);
  }
  P->own_filter = NULL;
  if (filters.n) {
    SilaAlg *f = sp_alg(P, SILA_ALG_FILTER);
    f->a = g;
    f->exprs = filters.data;
    f->nexprs = filters.n;
    g = sp_seal(P, f);
    P->own_filter = g;
  }
  return g;
}

SilaAlg *sp_group_graph_pattern(Parser *P) {
  sp_depth_enter(P);
  sp_expect(P, T_LBRACE, "'{'");
  SilaAlg *g;
  if (sp_kw(P, K_SELECT)) {
    sp_next(P);
    SilaAlg *sub = sp_select(P, true, NULL, NULL);
    g = sp_alg(P, SILA_ALG_TOMULTISET);
    g->a = sub;
    sp_seal(P, g);
  } else {
    g = group_body(P);
  }
  sp_expect(P, T_RBRACE, "'}'");
  sp_depth_leave(P);
  return g;
}
