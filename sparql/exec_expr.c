/* exec_expr.c — evaluating SPARQL expressions on a row.
 *
 * Operators with special error or laziness rules (||, &&, IF, COALESCE,
 * BOUND, IN, EXISTS) are here; every other builtin goes to sila_fn_call. */
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

static SilaFnId builtin_fn(SilaExprOp op) {
  switch (op) {
  case SILA_EX_STR: return SILA_FN_STR;
  case SILA_EX_LANG: return SILA_FN_LANG;
  case SILA_EX_LANGMATCHES: return SILA_FN_LANGMATCHES;
  case SILA_EX_DATATYPE: return SILA_FN_DATATYPE;
  case SILA_EX_IRI:
  case SILA_EX_URI: return SILA_FN_IRI;
  case SILA_EX_BNODE: return SILA_FN_BNODE;
  case SILA_EX_RAND: return SILA_FN_RAND;
  case SILA_EX_ABS: return SILA_FN_ABS;
  case SILA_EX_CEIL: return SILA_FN_CEIL;
  case SILA_EX_FLOOR: return SILA_FN_FLOOR;
  case SILA_EX_ROUND: return SILA_FN_ROUND;
  case SILA_EX_CONCAT: return SILA_FN_CONCAT;
  case SILA_EX_STRLEN: return SILA_FN_STRLEN;
  case SILA_EX_UCASE: return SILA_FN_UCASE;
  case SILA_EX_LCASE: return SILA_FN_LCASE;
  case SILA_EX_ENCODE_FOR_URI: return SILA_FN_ENCODE_FOR_URI;
  case SILA_EX_CONTAINS: return SILA_FN_CONTAINS;
  case SILA_EX_STRSTARTS: return SILA_FN_STRSTARTS;
  case SILA_EX_STRENDS: return SILA_FN_STRENDS;
  case SILA_EX_STRBEFORE: return SILA_FN_STRBEFORE;
  case SILA_EX_STRAFTER: return SILA_FN_STRAFTER;
  case SILA_EX_YEAR: return SILA_FN_YEAR;
  case SILA_EX_MONTH: return SILA_FN_MONTH;
  case SILA_EX_DAY: return SILA_FN_DAY;
  case SILA_EX_HOURS: return SILA_FN_HOURS;
  case SILA_EX_MINUTES: return SILA_FN_MINUTES;
  case SILA_EX_SECONDS: return SILA_FN_SECONDS;
  case SILA_EX_TIMEZONE: return SILA_FN_TIMEZONE;
  case SILA_EX_TZ: return SILA_FN_TZ;
  case SILA_EX_NOW: return SILA_FN_NOW;
  case SILA_EX_UUID: return SILA_FN_UUID;
  case SILA_EX_STRUUID: return SILA_FN_STRUUID;
  case SILA_EX_MD5: return SILA_FN_MD5;
  case SILA_EX_SHA1: return SILA_FN_SHA1;
  case SILA_EX_SHA256: return SILA_FN_SHA256;
  case SILA_EX_SHA384: return SILA_FN_SHA384;
  case SILA_EX_SHA512: return SILA_FN_SHA512;
  case SILA_EX_STRLANG: return SILA_FN_STRLANG;
  case SILA_EX_STRDT: return SILA_FN_STRDT;
  case SILA_EX_SAMETERM: return SILA_FN_SAMETERM;
  case SILA_EX_ISIRI:
  case SILA_EX_ISURI: return SILA_FN_ISIRI;
  case SILA_EX_ISBLANK: return SILA_FN_ISBLANK;
  case SILA_EX_ISLITERAL: return SILA_FN_ISLITERAL;
  case SILA_EX_ISNUMERIC: return SILA_FN_ISNUMERIC;
  case SILA_EX_REGEX: return SILA_FN_REGEX;
  case SILA_EX_SUBSTR: return SILA_FN_SUBSTR;
  case SILA_EX_REPLACE: return SILA_FN_REPLACE;
  case SILA_EX_LANGDIR: return SILA_FN_LANGDIR;
  case SILA_EX_HASLANG: return SILA_FN_HASLANG;
  case SILA_EX_HASLANGDIR: return SILA_FN_HASLANGDIR;
  case SILA_EX_STRLANGDIR: return SILA_FN_STRLANGDIR;
  case SILA_EX_TRIPLE: return SILA_FN_TRIPLE;
  case SILA_EX_SUBJECT: return SILA_FN_SUBJECT;
  case SILA_EX_PREDICATE: return SILA_FN_PREDICATE;
  case SILA_EX_OBJECT: return SILA_FN_OBJECT;
  case SILA_EX_ISTRIPLE: return SILA_FN_ISTRIPLE;
  default: return SILA_FN_NONE;
  }
}

static SilaStatus ebv_of(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                         bool *out) {
  SilaValue v;
  SilaStatus st = exec_expr(ex, e, row, ag, &v);
  if (st != SILA_OK)
    return st;
  return sila_value_ebv(&v, out);
}

/* EXISTS: does the pattern have a solution with the row substituted? */
static SilaStatus eval_exists(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                              bool *out) {
  Iter *it = exec_eval(ex, e->pattern, row, ag);
  if (!it)
    return SILA_ERR_NOMEM;
  SilaId *tmp = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *tmp);
  int r = tmp ? iter_next(it, tmp) : -(int)SILA_ERR_NOMEM;
  free(tmp);
  iter_free(it);
  if (r < 0)
    return ex->status != SILA_OK ? ex->status : (SilaStatus)-r;
  *out = r == 1;
  return SILA_OK;
}

static SilaCmpOp cmp_op(SilaExprOp op) {
  switch (op) {
  case SILA_EX_EQ: return SILA_OP_EQ;
  case SILA_EX_NE: return SILA_OP_NE;
  case SILA_EX_LT: return SILA_OP_LT;
  case SILA_EX_GT: return SILA_OP_GT;
  case SILA_EX_LE: return SILA_OP_LE;
  default: return SILA_OP_GE;
  }
}

static SilaStatus eval(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                       SilaValue *out);

struct FoldedExpr {
  const SilaExpr *e;
  SilaStatus st;
  SilaValue v;
};

/* Copies what a value points to into the execution's arena. */
static SilaStatus keep_value(SilaExec *ex, SilaValue *v) {
  if (!v->has_term)
    return SILA_OK;
  SilaTerm *t = &v->term;
  if (t->kind == SILA_TERM_TRIPLE && t->triple) /* the components too */
    return exec_arena_term_copy(ex->arena, t, t, 0) ? SILA_OK : SILA_ERR_NOMEM;
  if ((t->value && !(t->value = sila_arena_strndup(ex->arena, t->value, t->value_len))) ||
      (t->datatype && !(t->datatype = sila_arena_strndup(ex->arena, t->datatype, t->datatype_len))) ||
      (t->lang && !(t->lang = sila_arena_strndup(ex->arena, t->lang, t->lang_len))))
    return SILA_ERR_NOMEM;
  return SILA_OK;
}

/* A constant sub-expression: evaluated the first time, remembered after. */
static SilaStatus folded(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                         SilaValue *out) {
  for (size_t i = 0; i < ex->nfolds; i++)
    if (ex->folds[i].e == e) {
      *out = ex->folds[i].v;
      return ex->folds[i].st;
    }
  SilaStatus st = eval(ex, e, row, ag, out);
  if (st != SILA_OK && st != SILA_ERR_TYPE)
    return st; /* not a property of the expression: do not remember */
  if (ex->nfolds == ex->folds_cap) {
    size_t cap = ex->folds_cap ? ex->folds_cap * 2 : 8;
    struct FoldedExpr *f = sila_realloc(ex->folds, cap * sizeof *f);
    if (!f)
      return st; /* still correct, only not remembered */
    ex->folds = f;
    ex->folds_cap = cap;
  }
  SilaValue v = st == SILA_OK ? *out : sila_value_unbound();
  if (keep_value(ex, &v) != SILA_OK)
    return st;
  ex->folds[ex->nfolds++] = (struct FoldedExpr){e, st, v};
  return st;
}

SilaStatus exec_expr(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                     SilaValue *out) {
  SilaStatus st = e->constant && e->op != SILA_EX_CONST ? folded(ex, e, row, ag, out)
                                                        : eval(ex, e, row, ag, out);
  /* Running out of memory is no expression error (which a FILTER reads as
   * false, a BIND as unbound): it ends the query. */
  if (st == SILA_ERR_NOMEM)
    exec_fail(ex, st, "out of memory");
  return st;
}

/* `?x = <iri>` or `?x != <iri>` (either side) with ?x bound to an IRI of
 * the store: two IRIs are equal exactly when their store IDs are, so the
 * IDs decide, without reading ?x's text from the dictionary (one dictionary
 * read per row otherwise, over cold pages on a first run).  Returns 1
 * (equal), 0 (different) or -1 (not this case: compare values). */
static int iri_ids_equal(SilaExec *ex, const SilaExpr *e, const SilaId *row) {
  const SilaExpr *v = e->args[0], *c = e->args[1];
  if (v->op != SILA_EX_VAR) {
    v = e->args[1];
    c = e->args[0];
  }
  if (v->op != SILA_EX_VAR || c->op != SILA_EX_CONST || c->term.kind != SILA_TERM_IRI)
    return -1;
  SilaId x = row[v->var];
  if (!x || sila_id_tag(x) != SILA_TAG_IRI)
    return -1;
  size_t n = sizeof ex->iri_consts / sizeof ex->iri_consts[0];
  for (size_t i = 0; i < n; i++)
    if (ex->iri_consts[i].e == c)
      return x == ex->iri_consts[i].id; /* id 0: not in the store, equal to no stored IRI */
  SilaId id = exec_store_id(ex, &c->term);
  size_t slot = ex->iri_consts_next++ % n;
  ex->iri_consts[slot].e = c;
  ex->iri_consts[slot].id = id;
  return x == id;
}

static SilaStatus eval(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                       SilaValue *out) {
  SilaStatus st;
  switch (e->op) {
  case SILA_EX_VAR:
    if (!row[e->var])
      return SILA_ERR_TYPE;
    return exec_value(ex, row[e->var], out);
  case SILA_EX_CONST:
    sila_value_from_term(&e->term, out);
    return SILA_OK;
  case SILA_EX_BOUND:
    *out = sila_value_bool(e->args[0]->op == SILA_EX_VAR && row[e->args[0]->var] != 0);
    return SILA_OK;
  case SILA_EX_OR:
  case SILA_EX_AND: {
    /* Three-valued logic: an error on one side is hidden by a decisive
     * value on the other. */
    bool a = false, b = false;
    SilaStatus sa = ebv_of(ex, e->args[0], row, ag, &a);
    bool decisive = e->op == SILA_EX_OR;
    if (sa == SILA_OK && a == decisive) {
      *out = sila_value_bool(decisive);
      return SILA_OK;
    }
    SilaStatus sb = ebv_of(ex, e->args[1], row, ag, &b);
    if (sb == SILA_OK && b == decisive) {
      *out = sila_value_bool(decisive);
      return SILA_OK;
    }
    if (sa != SILA_OK || sb != SILA_OK)
      return sa == SILA_ERR_TYPE || sb == SILA_ERR_TYPE ? SILA_ERR_TYPE : (sa ? sa : sb);
    *out = sila_value_bool(!decisive);
    return SILA_OK;
  }
  case SILA_EX_NOT: {
    bool b;
    st = ebv_of(ex, e->args[0], row, ag, &b);
    if (st == SILA_OK)
      *out = sila_value_bool(!b);
    return st;
  }
  case SILA_EX_EQ:
  case SILA_EX_NE:
  case SILA_EX_LT:
  case SILA_EX_GT:
  case SILA_EX_LE:
  case SILA_EX_GE: {
    if ((e->op == SILA_EX_EQ || e->op == SILA_EX_NE) && e->nargs == 2) {
      int same = iri_ids_equal(ex, e, row);
      if (same >= 0) {
        *out = sila_value_bool(e->op == SILA_EX_EQ ? same == 1 : same == 0);
        return SILA_OK;
      }
    }
    SilaValue a, b;
    bool r;
    if ((st = exec_expr(ex, e->args[0], row, ag, &a)) != SILA_OK ||
        (st = exec_expr(ex, e->args[1], row, ag, &b)) != SILA_OK)
      return st;
    st = sila_value_compare_op(cmp_op(e->op), &a, &b, &r);
    if (st == SILA_OK)
      *out = sila_value_bool(r);
    return st;
  }
  case SILA_EX_ADD:
  case SILA_EX_SUB:
  case SILA_EX_MUL:
  case SILA_EX_DIV: {
    SilaValue a, b;
    if ((st = exec_expr(ex, e->args[0], row, ag, &a)) != SILA_OK ||
        (st = exec_expr(ex, e->args[1], row, ag, &b)) != SILA_OK)
      return st;
    SilaArithOp op = e->op == SILA_EX_ADD   ? SILA_ARITH_ADD
                     : e->op == SILA_EX_SUB ? SILA_ARITH_SUB
                     : e->op == SILA_EX_MUL ? SILA_ARITH_MUL
                                            : SILA_ARITH_DIV;
    return sila_value_arith(op, &a, &b, out);
  }
  case SILA_EX_PLUS:
  case SILA_EX_MINUS: {
    SilaValue a;
    if ((st = exec_expr(ex, e->args[0], row, ag, &a)) != SILA_OK)
      return st;
    return e->op == SILA_EX_PLUS ? sila_value_unary_plus(&a, out) : sila_value_negate(&a, out);
  }
  case SILA_EX_IN:
  case SILA_EX_NOT_IN: {
    SilaValue x;
    if ((st = exec_expr(ex, e->args[0], row, ag, &x)) != SILA_OK)
      return st;
    bool found = false, had_error = false;
    for (uint32_t i = 1; i < e->nargs && !found; i++) {
      SilaValue m;
      if (exec_expr(ex, e->args[i], row, ag, &m) != SILA_OK) {
        had_error = true;
        continue;
      }
      sila_fn_in_step(&x, &m, &found, &had_error);
    }
    if (!found && had_error)
      return SILA_ERR_TYPE;
    *out = sila_value_bool(e->op == SILA_EX_IN ? found : !found);
    return SILA_OK;
  }
  case SILA_EX_IF: {
    bool c;
    if ((st = ebv_of(ex, e->args[0], row, ag, &c)) != SILA_OK)
      return st;
    return exec_expr(ex, e->args[c ? 1 : 2], row, ag, out);
  }
  case SILA_EX_COALESCE:
    for (uint32_t i = 0; i < e->nargs; i++)
      if (exec_expr(ex, e->args[i], row, ag, out) == SILA_OK && out->kind != SILA_VAL_UNBOUND)
        return SILA_OK;
    if (ex->status != SILA_OK)
      return ex->status;
    return SILA_ERR_TYPE;
  case SILA_EX_EXISTS:
  case SILA_EX_NOT_EXISTS: {
    bool found;
    if ((st = eval_exists(ex, e, row, ag, &found)) != SILA_OK)
      return st;
    *out = sila_value_bool(e->op == SILA_EX_EXISTS ? found : !found);
    return SILA_OK;
  }
  case SILA_EX_FUNCTION: {
    SilaFnId fn = sila_fn_lookup_iri(e->term.value, e->term.value_len);
    if (fn == SILA_FN_NONE || e->nargs != 1)
      return SILA_ERR_TYPE; /* unknown extension function: an error (§17.6) */
    SilaValue arg;
    if ((st = exec_expr(ex, e->args[0], row, ag, &arg)) != SILA_OK)
      return st;
    return sila_fn_call(fn, &arg, 1, &ex->fn, out);
  }
  default: {
    SilaFnId fn = builtin_fn(e->op);
    if (fn == SILA_FN_NONE)
      return SILA_ERR_TYPE;
    SilaValue small[4];
    SilaValue *args = e->nargs <= 4 ? small : sila_malloc(e->nargs * sizeof *args);
    if (!args)
      return SILA_ERR_NOMEM;
    st = SILA_OK;
    for (uint32_t i = 0; i < e->nargs && st == SILA_OK; i++)
      st = exec_expr(ex, e->args[i], row, ag, &args[i]);
    if (st == SILA_OK)
      st = sila_fn_call(fn, args, e->nargs, &ex->fn, out);
    if (args != small)
      free(args);
    return st;
  }
  }
}

bool exec_filter(SilaExec *ex, SilaExpr *const *exprs, size_t n, const SilaId *row,
                 ActiveGraph ag) {
  /* Values of this row's evaluation go once the answer is known. */
  SilaArenaMark mark = sila_arena_mark(ex->scratch);
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) {
    bool b = false;
    if (ebv_of(ex, exprs[i], row, ag, &b) != SILA_OK || !b)
      ok = false;
  }
  sila_arena_release(ex->scratch, mark);
  return ok;
}
