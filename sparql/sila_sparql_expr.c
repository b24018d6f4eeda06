/* sila_sparql_expr.c — terms, variables and expressions (§19.8 rules
 * [110]-[129]: Expression ... iriOrFunction, literals, iri). */
#include <stdio.h>
#include <string.h>

#include "sila_rdf_syntax.h"
#include "sila_sparql_int.h"

#define XSD SILA_NS_XSD

/* ---- terms ------------------------------------------------------------ */

SilaTerm sp_iri_term(Parser *P, const char *iri, size_t len) {
  SilaTerm t = {0};
  t.kind = SILA_TERM_IRI;
  t.value = iri;
  t.value_len = len;
  (void)P;
  return t;
}

bool sp_at_iri(Parser *P) {
  return P->tok.type == T_IRI || P->tok.type == T_PNAME_LN || P->tok.type == T_PNAME_NS;
}

char *sp_resolve_iri(Parser *P, size_t *len) {
  const Tok *t = &P->tok;
  char *iri = sila_iri_resolve(P->arena, P->base, P->base_len, t->val, t->vlen, len);
  if (!iri)
    sp_fail(P, SILA_ERR_NOMEM, "out of memory");
  /* RDF has only absolute IRIs: a relative one that nothing resolves is an
   * error, not a term stored as written. */
  if (!sila_iri_has_scheme(iri, *len))
    sp_fail(P, SILA_ERR_SYNTAX,
            "relative IRI <%.*s> and no base IRI to resolve it against (give one with BASE, "
            "or --base)",
            (int)(t->vlen > 200 ? 200 : t->vlen), t->val);
  return iri;
}

SilaTerm sp_parse_iri(Parser *P) {
  Tok *t = &P->tok;
  if (t->type == T_IRI) {
    size_t n;
    char *iri = sp_resolve_iri(P, &n);
    sp_next(P);
    return sp_iri_term(P, iri, n);
  }
  if (t->type == T_PNAME_LN || t->type == T_PNAME_NS) {
    for (size_t i = P->prefixes.n; i-- > 0;) {
      Prefix *px = &VEC_AT(P->prefixes, Prefix, i);
      if (px->name_len == t->pfx_len && !memcmp(px->name, t->pfx, t->pfx_len)) {
        char *iri = sp_alloc(P, px->iri_len + t->vlen + 1);
        memcpy(iri, px->iri, px->iri_len);
        memcpy(iri + px->iri_len, t->val, t->vlen);
        size_t n = px->iri_len + t->vlen;
        sp_next(P);
        return sp_iri_term(P, iri, n);
      }
    }
    sp_fail(P, SILA_ERR_SYNTAX, "undeclared prefix '%.*s:'", (int)t->pfx_len, t->pfx);
  }
  sp_expected(P, "an IRI");
}

bool sp_at_literal(Parser *P) {
  TokType t = P->tok.type;
  return t == T_STRING || t == T_INTEGER || t == T_DECIMAL || t == T_DOUBLE ||
         sp_kw(P, K_TRUE) || sp_kw(P, K_FALSE);
}

static SilaTerm typed(Parser *P, const char *lex, size_t len, const char *dt) {
  SilaTerm t = {0};
  t.kind = SILA_TERM_LITERAL;
  t.value = sp_strndup(P, lex, len);
  t.value_len = len;
  t.datatype = dt;
  t.datatype_len = strlen(dt);
  return t;
}

SilaTerm sp_parse_literal(Parser *P) {
  Tok *t = &P->tok;
  SilaTerm r = {0};
  switch (t->type) {
  case T_INTEGER:
    r = typed(P, t->val, t->vlen, XSD "integer");
    break;
  case T_DECIMAL:
    r = typed(P, t->val, t->vlen, XSD "decimal");
    break;
  case T_DOUBLE:
    r = typed(P, t->val, t->vlen, XSD "double");
    break;
  case T_STRING:
    r.kind = SILA_TERM_LITERAL;
    r.value = t->val;
    r.value_len = t->vlen;
    sp_next(P);
    if (t->type == T_LANGTAG) {
      r.lang = sp_strndup(P, t->val, t->vlen);
      r.lang_len = t->vlen;
      sp_next(P);
    } else if (t->type == T_DCARET) {
      sp_next(P);
      SilaTerm dt = sp_parse_iri(P);
      if (!sila_iri_is(dt.value, dt.value_len, SILA_XSD_STRING)) {
        r.datatype = dt.value;
        r.datatype_len = dt.value_len;
      }
    }
    return r;
  case T_WORD:
    if (t->kw == K_TRUE || t->kw == K_FALSE) {
      r = typed(P, t->kw == K_TRUE ? "true" : "false", t->kw == K_TRUE ? 4 : 5,
                XSD "boolean");
      break;
    }
    sp_expected(P, "a literal");
  default:
    sp_expected(P, "a literal");
  }
  sp_next(P);
  return r;
}

/* ---- variables -------------------------------------------------------- */

static uint32_t hash_name(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static void vhash_insert(Parser *P, int32_t idx) {
  SilaVar *v = &VEC_AT(P->q->vars, SilaVar, idx);
  size_t m = P->vhash_cap - 1;
  size_t i = hash_name(v->name, v->len) & m;
  while (P->vhash[i] >= 0)
    i = (i + 1) & m;
  P->vhash[i] = idx;
}

int32_t sp_var(Parser *P, const char *name, size_t len, bool hidden) {
  if (P->vhash_cap) {
    size_t m = P->vhash_cap - 1;
    for (size_t i = hash_name(name, len) & m; P->vhash[i] >= 0; i = (i + 1) & m) {
      SilaVar *v = &VEC_AT(P->q->vars, SilaVar, P->vhash[i]);
      if (v->len == len && !memcmp(v->name, name, len))
        return P->vhash[i];
    }
  }
  if (P->q->vars.n >= INT32_MAX / 4)
    sp_fail(P, SILA_ERR_LIMIT, "too many variables");
  SilaVar v = {sp_strndup(P, name, len), len, hidden};
  sp_vec_push(P, &P->q->vars, &v, sizeof v);
  unsigned zero = 0;
  sp_vec_push(P, &P->bnode_bgp, &zero, sizeof zero);
  int32_t idx = (int32_t)(P->q->vars.n - 1);
  if ((size_t)idx * 2 >= P->vhash_cap) {
    size_t cap = P->vhash_cap ? P->vhash_cap * 2 : 64;
    P->vhash = sp_alloc(P, cap * sizeof(int32_t));
    memset(P->vhash, 0xff, cap * sizeof(int32_t));
    P->vhash_cap = cap;
    for (int32_t i = 0; i <= idx; i++)
      vhash_insert(P, i);
  } else {
    vhash_insert(P, idx);
  }
  return idx;
}

int32_t sp_new_hidden(Parser *P, const char *prefix, unsigned n) {
  char buf[48];
  int len = snprintf(buf, sizeof buf, "%s%u", prefix, n);
  return sp_var(P, buf, (size_t)len, true);
}

SilaNode sp_var_node(int32_t v) {
  SilaNode n;
  memset(&n, 0, sizeof n);
  n.var = v;
  return n;
}

SilaNode sp_term_node(SilaTerm t) {
  SilaNode n;
  memset(&n, 0, sizeof n);
  n.term = t;
  n.var = -1;
  return n;
}

/* ---- expressions ------------------------------------------------------ */

/* Operators whose value depends only on their arguments (and the query). */
static bool foldable_op(SilaExprOp op) {
  switch (op) {
  case SILA_EX_VAR: case SILA_EX_EXISTS: case SILA_EX_NOT_EXISTS: case SILA_EX_BOUND:
  case SILA_EX_BNODE: case SILA_EX_RAND: case SILA_EX_UUID: case SILA_EX_STRUUID:
    return false;
  default:
    return op < SILA_EX_COUNT;
  }
}

void sp_expr_seal(Parser *P, SilaExpr *e) {
  uint32_t h = e->pattern ? e->pattern->height : 0;
  e->constant = foldable_op(e->op) && !e->pattern;
  for (uint32_t i = 0; i < e->nargs; i++) {
    if (e->args[i]->height > h)
      h = e->args[i]->height;
    e->constant = e->constant && e->args[i]->constant;
  }
  if (h >= SILA_SPARQL_MAX_HEIGHT)
    sp_too_high(P);
  e->height = h + 1;
}

SilaExpr *sp_expr_new(Parser *P, SilaExprOp op, uint32_t nargs) {
  SilaExpr *e = sp_alloc(P, sizeof *e);
  e->op = op;
  e->var = -1;
  e->height = 1;
  e->constant = op == SILA_EX_CONST;
  e->nargs = nargs;
  if (nargs)
    e->args = sp_alloc(P, nargs * sizeof(SilaExpr *));
  return e;
}

SilaExpr *sp_expr_var(Parser *P, int32_t v) {
  SilaExpr *e = sp_expr_new(P, SILA_EX_VAR, 0);
  e->var = v;
  return e;
}

static SilaExpr *bin(Parser *P, SilaExprOp op, SilaExpr *a, SilaExpr *b) {
  SilaExpr *e = sp_expr_new(P, op, 2);
  e->args[0] = a;
  e->args[1] = b;
  sp_expr_seal(P, e);
  return e;
}

static SilaExpr *from_vec(Parser *P, SilaExprOp op, Vec *v) {
  SilaExpr *e = sp_expr_new(P, op, (uint32_t)v->n);
  if (v->n)
    memcpy(e->args, v->data, v->n * sizeof(SilaExpr *));
  sp_expr_seal(P, e);
  return e;
}

/* ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')' */
static void expression_list(Parser *P, Vec *v) {
  if (sp_accept(P, T_NIL))
    return;
  sp_expect(P, T_LPAREN, "'('");
  do {
    SilaExpr *e = sp_expression(P);
    VEC_PUSH(P, v, SilaExpr *, e);
  } while (sp_accept(P, T_COMMA));
  sp_expect(P, T_RPAREN, "')'");
}

static SilaExpr *unary(Parser *P);
static SilaExpr *primary(Parser *P);

static SilaExpr *multiplicative(Parser *P) {
  SilaExpr *e = unary(P);
  for (;;) {
    if (sp_accept(P, T_STAR))
      e = bin(P, SILA_EX_MUL, e, unary(P));
    else if (sp_accept(P, T_SLASH))
      e = bin(P, SILA_EX_DIV, e, unary(P));
    else
      return e;
  }
}

/* A signed numeric literal right after an operand is a binary + or -
 * (grammar rule [116]); the literal loses its sign. */
static SilaExpr *signed_tail(Parser *P) {
  Tok *t = &P->tok;
  const char *dt = t->type == T_INTEGER ? XSD "integer"
                   : t->type == T_DECIMAL ? XSD "decimal" : XSD "double";
  SilaExpr *lit = sp_expr_new(P, SILA_EX_CONST, 0);
  lit->term = typed(P, t->val + 1, t->vlen - 1, dt);
  sp_next(P);
  for (;;) {
    if (sp_accept(P, T_STAR))
      lit = bin(P, SILA_EX_MUL, lit, unary(P));
    else if (sp_accept(P, T_SLASH))
      lit = bin(P, SILA_EX_DIV, lit, unary(P));
    else
      return lit;
  }
}

static SilaExpr *additive(Parser *P) {
  SilaExpr *e = multiplicative(P);
  for (;;) {
    Tok *t = &P->tok;
    if (sp_accept(P, T_PLUS)) {
      e = bin(P, SILA_EX_ADD, e, multiplicative(P));
    } else if (sp_accept(P, T_MINUS)) {
      e = bin(P, SILA_EX_SUB, e, multiplicative(P));
    } else if ((t->type == T_INTEGER || t->type == T_DECIMAL || t->type == T_DOUBLE) &&
               (t->p[0] == '+' || t->p[0] == '-')) {
      SilaExprOp op = t->p[0] == '+' ? SILA_EX_ADD : SILA_EX_SUB;
      e = bin(P, op, e, signed_tail(P));
    } else {
      return e;
    }
  }
}

static SilaExpr *relational(Parser *P) {
  SilaExpr *e = additive(P);
  SilaExprOp op;
  switch (P->tok.type) {
  case T_EQ: op = SILA_EX_EQ; break;
  case T_NE: op = SILA_EX_NE; break;
  case T_LT: op = SILA_EX_LT; break;
  case T_GT: op = SILA_EX_GT; break;
  case T_LE: op = SILA_EX_LE; break;
  case T_GE: op = SILA_EX_GE; break;
  case T_WORD:
    if (P->tok.kw == K_IN || P->tok.kw == K_NOT) {
      bool neg = P->tok.kw == K_NOT;
      sp_next(P);
      if (neg)
        sp_expect_kw(P, K_IN, "'IN'");
      Vec v = {0};
      VEC_PUSH(P, &v, SilaExpr *, e);
      expression_list(P, &v);
      return from_vec(P, neg ? SILA_EX_NOT_IN : SILA_EX_IN, &v);
    }
    return e;
  default:
    return e;
  }
  sp_next(P);
  return bin(P, op, e, additive(P));
}

static SilaExpr *and_expr(Parser *P) {
  SilaExpr *e = relational(P);
  while (sp_accept(P, T_AND))
    e = bin(P, SILA_EX_AND, e, relational(P));
  return e;
}

SilaExpr *sp_expression(Parser *P) {
  sp_depth_enter(P);
  SilaExpr *e = and_expr(P);
  while (sp_accept(P, T_OR))
    e = bin(P, SILA_EX_OR, e, and_expr(P));
  sp_depth_leave(P);
  return e;
}

static SilaExpr *unary(Parser *P) {
  SilaExprOp op;
  if (sp_accept(P, T_BANG))
    op = SILA_EX_NOT;
  else if (sp_accept(P, T_PLUS))
    op = SILA_EX_PLUS;
  else if (sp_accept(P, T_MINUS))
    op = SILA_EX_MINUS;
  else
    return primary(P);
  SilaExpr *e = sp_expr_new(P, op, 1);
  if (op == SILA_EX_NOT) { /* SPARQL 1.2: '!' UnaryExpression, so !!?x is allowed */
    sp_depth_enter(P);
    e->args[0] = unary(P);
    sp_depth_leave(P);
  } else {
    e->args[0] = primary(P);
  }
  sp_expr_seal(P, e);
  return e;
}

SilaExpr *sp_bracketted(Parser *P) {
  sp_expect(P, T_LPAREN, "'('");
  SilaExpr *e = sp_expression(P);
  sp_expect(P, T_RPAREN, "')'");
  return e;
}

/* ---- builtins --------------------------------------------------------- */

typedef struct {
  Keyword kw;
  SilaExprOp op;
  signed char min, max; /* argument count; max -1 = ExpressionList */
} Builtin;

static const Builtin builtins[] = {
    {K_STR, SILA_EX_STR, 1, 1}, {K_LANG, SILA_EX_LANG, 1, 1},
    {K_LANGMATCHES, SILA_EX_LANGMATCHES, 2, 2}, {K_DATATYPE, SILA_EX_DATATYPE, 1, 1},
    {K_BOUND, SILA_EX_BOUND, 1, 1}, {K_IRI, SILA_EX_IRI, 1, 1}, {K_URI, SILA_EX_URI, 1, 1},
    {K_BNODE, SILA_EX_BNODE, 0, 1}, {K_RAND, SILA_EX_RAND, 0, 0}, {K_ABS, SILA_EX_ABS, 1, 1},
    {K_CEIL, SILA_EX_CEIL, 1, 1}, {K_FLOOR, SILA_EX_FLOOR, 1, 1},
    {K_ROUND, SILA_EX_ROUND, 1, 1}, {K_CONCAT, SILA_EX_CONCAT, 0, -1},
    {K_STRLEN, SILA_EX_STRLEN, 1, 1}, {K_UCASE, SILA_EX_UCASE, 1, 1},
    {K_LCASE, SILA_EX_LCASE, 1, 1}, {K_ENCODE_FOR_URI, SILA_EX_ENCODE_FOR_URI, 1, 1},
    {K_CONTAINS, SILA_EX_CONTAINS, 2, 2}, {K_STRSTARTS, SILA_EX_STRSTARTS, 2, 2},
    {K_STRENDS, SILA_EX_STRENDS, 2, 2}, {K_STRBEFORE, SILA_EX_STRBEFORE, 2, 2},
    {K_STRAFTER, SILA_EX_STRAFTER, 2, 2}, {K_YEAR, SILA_EX_YEAR, 1, 1},
    {K_MONTH, SILA_EX_MONTH, 1, 1}, {K_DAY, SILA_EX_DAY, 1, 1},
    {K_HOURS, SILA_EX_HOURS, 1, 1}, {K_MINUTES, SILA_EX_MINUTES, 1, 1},
    {K_SECONDS, SILA_EX_SECONDS, 1, 1}, {K_TIMEZONE, SILA_EX_TIMEZONE, 1, 1},
    {K_TZ, SILA_EX_TZ, 1, 1}, {K_NOW, SILA_EX_NOW, 0, 0}, {K_UUID, SILA_EX_UUID, 0, 0},
    {K_STRUUID, SILA_EX_STRUUID, 0, 0}, {K_MD5, SILA_EX_MD5, 1, 1},
    {K_SHA1, SILA_EX_SHA1, 1, 1}, {K_SHA256, SILA_EX_SHA256, 1, 1},
    {K_SHA384, SILA_EX_SHA384, 1, 1}, {K_SHA512, SILA_EX_SHA512, 1, 1},
    {K_COALESCE, SILA_EX_COALESCE, 0, -1}, {K_IF, SILA_EX_IF, 3, 3},
    {K_STRLANG, SILA_EX_STRLANG, 2, 2}, {K_STRDT, SILA_EX_STRDT, 2, 2},
    {K_SAMETERM, SILA_EX_SAMETERM, 2, 2}, {K_ISIRI, SILA_EX_ISIRI, 1, 1},
    {K_ISURI, SILA_EX_ISURI, 1, 1}, {K_ISBLANK, SILA_EX_ISBLANK, 1, 1},
    {K_ISLITERAL, SILA_EX_ISLITERAL, 1, 1}, {K_ISNUMERIC, SILA_EX_ISNUMERIC, 1, 1},
    {K_REGEX, SILA_EX_REGEX, 2, 3}, {K_SUBSTR, SILA_EX_SUBSTR, 2, 3},
    {K_REPLACE, SILA_EX_REPLACE, 3, 4},
    {K_LANGDIR, SILA_EX_LANGDIR, 1, 1}, {K_HASLANG, SILA_EX_HASLANG, 1, 1},
    {K_HASLANGDIR, SILA_EX_HASLANGDIR, 1, 1}, {K_STRLANGDIR, SILA_EX_STRLANGDIR, 3, 3},
    {K_TRIPLE, SILA_EX_TRIPLE, 3, 3}, {K_SUBJECT, SILA_EX_SUBJECT, 1, 1},
    {K_PREDICATE, SILA_EX_PREDICATE, 1, 1}, {K_OBJECT, SILA_EX_OBJECT, 1, 1},
    {K_ISTRIPLE, SILA_EX_ISTRIPLE, 1, 1},
};

static const Builtin *builtin_of(Keyword k) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (builtins[i].kw == k)
      return &builtins[i];
  return NULL;
}

static bool is_aggregate_kw(Keyword k) {
  return k == K_COUNT || k == K_SUM || k == K_MIN || k == K_MAX || k == K_AVG ||
         k == K_SAMPLE || k == K_GROUP_CONCAT;
}

bool sp_at_builtin(Parser *P) {
  if (P->tok.type != T_WORD)
    return false;
  Keyword k = P->tok.kw;
  return builtin_of(k) || is_aggregate_kw(k) || k == K_EXISTS || k == K_NOT;
}

static SilaExpr *aggregate(Parser *P) {
  Tok at = P->tok;
  Keyword k = P->tok.kw;
  SelectScope *sc = P->sel;
  if (!sc || !sc->allow_aggs)
    sp_fail_at(P, &at, "aggregate %.*s not allowed here", (int)at.len, at.p);
  if (sc->in_agg)
    sp_fail_at(P, &at, "aggregate %.*s nested in another aggregate", (int)at.len, at.p);
  sp_next(P);
  static const SilaExprOp ops[] = {[K_COUNT] = SILA_EX_COUNT, [K_SUM] = SILA_EX_SUM,
                                   [K_MIN] = SILA_EX_MIN, [K_MAX] = SILA_EX_MAX,
                                   [K_AVG] = SILA_EX_AVG, [K_SAMPLE] = SILA_EX_SAMPLE,
                                   [K_GROUP_CONCAT] = SILA_EX_GROUP_CONCAT};
  sp_expect(P, T_LPAREN, "'('");
  SilaExpr *e = sp_expr_new(P, ops[k], 0);
  e->distinct = sp_accept_kw(P, K_DISTINCT);
  sc->in_agg = true;
  if (k == K_COUNT && sp_accept(P, T_STAR)) {
    e->star = true;
  } else {
    e->nargs = 1;
    e->args = sp_alloc(P, sizeof(SilaExpr *));
    e->args[0] = sp_expression(P);
    sp_expr_seal(P, e);
  }
  sc->in_agg = false;
  if (k == K_GROUP_CONCAT && sp_accept(P, T_SEMI)) {
    sp_expect_kw(P, K_SEPARATOR, "'SEPARATOR'");
    sp_expect(P, T_EQ, "'='");
    if (!sp_is(P, T_STRING))
      sp_expected(P, "a string");
    e->separator = P->tok.val;
    e->separator_len = P->tok.vlen;
    sp_next(P);
  }
  sp_expect(P, T_RPAREN, "')'");
  SilaAggregate ag;
  ag.var = sp_new_hidden(P, ".agg", P->agg_count++);
  ag.expr = e;
  sp_vec_push(P, &sc->aggs, &ag, sizeof ag);
  return sp_expr_var(P, ag.var);
}

static SilaExpr *builtin_call(Parser *P) {
  Keyword k = P->tok.kw;
  if (is_aggregate_kw(k))
    return aggregate(P);
  if (k == K_EXISTS || k == K_NOT) {
    sp_next(P);
    if (k == K_NOT)
      sp_expect_kw(P, K_EXISTS, "'EXISTS'");
    SilaExpr *e = sp_expr_new(P, k == K_NOT ? SILA_EX_NOT_EXISTS : SILA_EX_EXISTS, 0);
    /* aggregates of an enclosing SELECT cannot appear inside the pattern */
    SelectScope *sel = P->sel;
    P->sel = NULL;
    e->pattern = sp_group_graph_pattern(P);
    P->sel = sel;
    sp_expr_seal(P, e);
    return e;
  }
  const Builtin *b = builtin_of(k);
  if (!b)
    sp_expected(P, "an expression");
  sp_next(P);
  Vec v = {0};
  if (b->max < 0) {
    expression_list(P, &v);
  } else if (b->max == 0 || (b->min == 0 && sp_is(P, T_NIL))) {
    sp_expect(P, T_NIL, "'()'");
  } else {
    sp_expect(P, T_LPAREN, "'('");
    if (k == K_BOUND) {
      if (!sp_is(P, T_VAR))
        sp_expected(P, "a variable");
      SilaExpr *e = sp_expr_var(P, sp_var(P, P->tok.val, P->tok.vlen, false));
      sp_next(P);
      VEC_PUSH(P, &v, SilaExpr *, e);
    } else {
      for (;;) {
        SilaExpr *e = sp_expression(P);
        VEC_PUSH(P, &v, SilaExpr *, e);
        if ((int)v.n >= b->max || !sp_accept(P, T_COMMA))
          break;
      }
    }
    if ((int)v.n < b->min)
      sp_expected(P, "','");
    sp_expect(P, T_RPAREN, "')'");
  }
  return from_vec(P, b->op, &v);
}

/* iriOrFunction ::= iri ArgList? */
static SilaExpr *iri_or_function(Parser *P) {
  SilaTerm iri = sp_parse_iri(P);
  if (!sp_is(P, T_LPAREN) && !sp_is(P, T_NIL)) {
    SilaExpr *e = sp_expr_new(P, SILA_EX_CONST, 0);
    e->term = iri;
    return e;
  }
  Vec v = {0};
  bool distinct = false;
  if (!sp_accept(P, T_NIL)) {
    sp_expect(P, T_LPAREN, "'('");
    distinct = sp_accept_kw(P, K_DISTINCT);
    do {
      SilaExpr *a = sp_expression(P);
      VEC_PUSH(P, &v, SilaExpr *, a);
    } while (sp_accept(P, T_COMMA));
    sp_expect(P, T_RPAREN, "')'");
  }
  SilaExpr *e = from_vec(P, SILA_EX_FUNCTION, &v);
  e->term = iri;
  e->distinct = distinct;
  return e;
}

SilaExpr *sp_builtin_or_call(Parser *P) {
  if (sp_at_builtin(P))
    return builtin_call(P);
  return iri_or_function(P);
}

/* ExprTripleTerm: '<<(' (iri | Var) Verb
 * (iri | literal | Var | ExprTripleTerm) ')>>', the same as TRIPLE(s, p, o).
 * No blank nodes, no reified triples, no triple term as subject. */
static SilaExpr *expr_triple_term(Parser *P) {
  sp_depth_enter(P);
  sp_expect(P, T_TT_OPEN, "'<<('");
  SilaExpr *e = sp_expr_new(P, SILA_EX_TRIPLE, 3);
  for (int i = 0; i < 3; i++) {
    Tok *t = &P->tok;
    SilaExpr *a;
    if (t->type == T_VAR) {
      a = sp_expr_var(P, sp_var(P, t->val, t->vlen, false));
      sp_next(P);
    } else if (i == 1 && sp_kw(P, K_A)) {
      sp_next(P);
      a = sp_expr_new(P, SILA_EX_CONST, 0);
      a->term = sp_iri_term(P, SILA_NS_RDF "type", strlen(SILA_NS_RDF "type"));
    } else if (sp_at_iri(P)) {
      a = sp_expr_new(P, SILA_EX_CONST, 0);
      a->term = sp_parse_iri(P);
    } else if (i == 2 && sp_at_literal(P)) {
      a = sp_expr_new(P, SILA_EX_CONST, 0);
      a->term = sp_parse_literal(P);
    } else if (i == 2 && t->type == T_TT_OPEN) {
      a = expr_triple_term(P);
    } else {
      sp_expected(P, i == 0 ? "an IRI or a variable as the subject of a triple term"
                    : i == 1 ? "an IRI, 'a' or a variable as the predicate of a triple term"
                             : "an IRI, a literal, a variable or a triple term as the object "
                               "of a triple term");
    }
    e->args[i] = a;
  }
  sp_expect(P, T_TT_CLOSE, "')>>'");
  sp_depth_leave(P);
  sp_expr_seal(P, e);
  return e;
}

static SilaExpr *primary(Parser *P) {
  Tok *t = &P->tok;
  switch (t->type) {
  case T_TT_OPEN:
    return expr_triple_term(P);
  case T_LPAREN: {
    sp_depth_enter(P);
    SilaExpr *e = sp_bracketted(P);
    sp_depth_leave(P);
    return e;
  }
  case T_VAR: {
    SilaExpr *e = sp_expr_var(P, sp_var(P, t->val, t->vlen, false));
    sp_next(P);
    return e;
  }
  case T_IRI:
  case T_PNAME_LN:
  case T_PNAME_NS:
    return iri_or_function(P);
  case T_STRING:
  case T_INTEGER:
  case T_DECIMAL:
  case T_DOUBLE: {
    SilaExpr *e = sp_expr_new(P, SILA_EX_CONST, 0);
    e->term = sp_parse_literal(P);
    return e;
  }
  case T_WORD:
    if (t->kw == K_TRUE || t->kw == K_FALSE) {
      SilaExpr *e = sp_expr_new(P, SILA_EX_CONST, 0);
      e->term = sp_parse_literal(P);
      return e;
    }
    if (sp_at_builtin(P)) {
      sp_depth_enter(P);
      SilaExpr *e = builtin_call(P);
      sp_depth_leave(P);
      return e;
    }
    sp_expected(P, "an expression");
  default:
    sp_expected(P, "an expression");
  }
}

/* Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall */
SilaExpr *sp_constraint(Parser *P) {
  if (sp_is(P, T_LPAREN))
    return sp_bracketted(P);
  if (sp_at_builtin(P))
    return builtin_call(P);
  if (sp_at_iri(P)) {
    SilaExpr *e = iri_or_function(P);
    if (e->op != SILA_EX_FUNCTION)
      sp_expected(P, "'(' after the function IRI");
    return e;
  }
  sp_expected(P, "a constraint: '(', a function call or a builtin");
}
