/* sila_algebra_print.c — S-expression printer of the algebra, in the style
 * of the SPARQL spec's examples and Jena's SSE.  Tests compare against it,
 * so its output is stable: one line, single spaces. */
#include <stdio.h>
#include <string.h>

#include "sila_sparql_int.h"

static const char *const op_names[SILA_EX__COUNT] = {
    [SILA_EX_VAR] = "var", [SILA_EX_CONST] = "const", [SILA_EX_OR] = "||",
    [SILA_EX_AND] = "&&", [SILA_EX_EQ] = "=", [SILA_EX_NE] = "!=", [SILA_EX_LT] = "<",
    [SILA_EX_GT] = ">", [SILA_EX_LE] = "<=", [SILA_EX_GE] = ">=", [SILA_EX_IN] = "in",
    [SILA_EX_NOT_IN] = "notin", [SILA_EX_ADD] = "+", [SILA_EX_SUB] = "-",
    [SILA_EX_MUL] = "*", [SILA_EX_DIV] = "/", [SILA_EX_NOT] = "!", [SILA_EX_PLUS] = "+",
    [SILA_EX_MINUS] = "-", [SILA_EX_FUNCTION] = "call", [SILA_EX_EXISTS] = "exists",
    [SILA_EX_NOT_EXISTS] = "notexists", [SILA_EX_STR] = "str", [SILA_EX_LANG] = "lang",
    [SILA_EX_LANGMATCHES] = "langMatches", [SILA_EX_DATATYPE] = "datatype",
    [SILA_EX_BOUND] = "bound", [SILA_EX_IRI] = "iri", [SILA_EX_URI] = "uri",
    [SILA_EX_BNODE] = "bnode", [SILA_EX_RAND] = "rand", [SILA_EX_ABS] = "abs",
    [SILA_EX_CEIL] = "ceil", [SILA_EX_FLOOR] = "floor", [SILA_EX_ROUND] = "round",
    [SILA_EX_CONCAT] = "concat", [SILA_EX_STRLEN] = "strlen", [SILA_EX_UCASE] = "ucase",
    [SILA_EX_LCASE] = "lcase", [SILA_EX_ENCODE_FOR_URI] = "encode_for_uri",
    [SILA_EX_CONTAINS] = "contains", [SILA_EX_STRSTARTS] = "strstarts",
    [SILA_EX_STRENDS] = "strends", [SILA_EX_STRBEFORE] = "strbefore",
    [SILA_EX_STRAFTER] = "strafter", [SILA_EX_YEAR] = "year", [SILA_EX_MONTH] = "month",
    [SILA_EX_DAY] = "day", [SILA_EX_HOURS] = "hours", [SILA_EX_MINUTES] = "minutes",
    [SILA_EX_SECONDS] = "seconds", [SILA_EX_TIMEZONE] = "timezone", [SILA_EX_TZ] = "tz",
    [SILA_EX_NOW] = "now", [SILA_EX_UUID] = "uuid", [SILA_EX_STRUUID] = "struuid",
    [SILA_EX_MD5] = "md5", [SILA_EX_SHA1] = "sha1", [SILA_EX_SHA256] = "sha256",
    [SILA_EX_SHA384] = "sha384", [SILA_EX_SHA512] = "sha512",
    [SILA_EX_COALESCE] = "coalesce", [SILA_EX_IF] = "if", [SILA_EX_STRLANG] = "strlang",
    [SILA_EX_STRDT] = "strdt", [SILA_EX_SAMETERM] = "sameTerm", [SILA_EX_ISIRI] = "isIRI",
    [SILA_EX_ISURI] = "isURI", [SILA_EX_ISBLANK] = "isBlank",
    [SILA_EX_ISLITERAL] = "isLiteral", [SILA_EX_ISNUMERIC] = "isNumeric",
    [SILA_EX_REGEX] = "regex", [SILA_EX_SUBSTR] = "substr", [SILA_EX_REPLACE] = "replace",
    [SILA_EX_LANGDIR] = "langdir", [SILA_EX_HASLANG] = "hasLang",
    [SILA_EX_HASLANGDIR] = "hasLangdir", [SILA_EX_STRLANGDIR] = "strlangdir",
    [SILA_EX_TRIPLE] = "triple", [SILA_EX_SUBJECT] = "subject",
    [SILA_EX_PREDICATE] = "predicate", [SILA_EX_OBJECT] = "object",
    [SILA_EX_ISTRIPLE] = "isTriple",
    [SILA_EX_COUNT] = "count", [SILA_EX_SUM] = "sum", [SILA_EX_MIN] = "min",
    [SILA_EX_MAX] = "max", [SILA_EX_AVG] = "avg", [SILA_EX_SAMPLE] = "sample",
    [SILA_EX_GROUP_CONCAT] = "group_concat",
};

const char *sila_expr_op_name(SilaExprOp op) {
  if ((unsigned)op >= SILA_EX__COUNT || !op_names[op])
    return "?";
  return op_names[op];
}

typedef struct {
  const SilaQuery *q;
  SilaBuf *b;
  int err;
} Pr;

static void puts_(Pr *p, const char *s) { p->err |= sila_buf_puts(p->b, s); }
static void putn(Pr *p, const char *s, size_t n) { p->err |= sila_buf_append(p->b, s, n); }
static void putc_(Pr *p, char c) { p->err |= sila_buf_putc(p->b, c); }

static bool is_plain_dt(const SilaTerm *t) {
  static const char *const dts[] = {SILA_NS_XSD "integer", SILA_NS_XSD "decimal",
                                    SILA_NS_XSD "double", SILA_NS_XSD "boolean"};
  if (!t->datatype || !t->value_len)
    return false;
  for (size_t i = 0; i < 4; i++)
    if (sila_iri_is(t->datatype, t->datatype_len, dts[i]))
      return true;
  return false;
}

static void term(Pr *p, const SilaTerm *t) {
  switch (t->kind) {
  case SILA_TERM_TRIPLE:
    if (!t->triple) {
      putn(p, t->value, t->value_len);
      return;
    }
    puts_(p, "<<( ");
    term(p, &t->triple[0]);
    putc_(p, ' ');
    term(p, &t->triple[1]);
    putc_(p, ' ');
    term(p, &t->triple[2]);
    puts_(p, " )>>");
    return;
  case SILA_TERM_IRI:
    putc_(p, '<');
    putn(p, t->value, t->value_len);
    putc_(p, '>');
    return;
  case SILA_TERM_BLANK:
    puts_(p, "_:");
    putn(p, t->value, t->value_len);
    return;
  case SILA_TERM_LITERAL:
    if (is_plain_dt(t)) {
      putn(p, t->value, t->value_len);
      return;
    }
    putc_(p, '"');
    for (size_t i = 0; i < t->value_len; i++) {
      char c = t->value[i];
      switch (c) {
      case '"': puts_(p, "\\\""); break;
      case '\\': puts_(p, "\\\\"); break;
      case '\n': puts_(p, "\\n"); break;
      case '\r': puts_(p, "\\r"); break;
      case '\t': puts_(p, "\\t"); break;
      default: putc_(p, c);
      }
    }
    putc_(p, '"');
    if (t->lang) {
      putc_(p, '@');
      putn(p, t->lang, t->lang_len);
    } else if (t->datatype) {
      puts_(p, "^^<");
      putn(p, t->datatype, t->datatype_len);
      putc_(p, '>');
    }
    return;
  default:
    puts_(p, "UNDEF");
  }
}

static void var(Pr *p, int32_t v) {
  const SilaVar *sv = sila_query_var(p->q, v);
  putc_(p, '?');
  if (sv)
    putn(p, sv->name, sv->len);
  else
    puts_(p, "?");
}

static void node(Pr *p, const SilaNode *n) {
  if (n->tt) { /* a triple term pattern: its components, not its hidden variable */
    puts_(p, "<<( ");
    node(p, &n->tt->s);
    putc_(p, ' ');
    node(p, &n->tt->p);
    putc_(p, ' ');
    node(p, &n->tt->o);
    puts_(p, " )>>");
  } else if (n->var >= 0) {
    var(p, n->var);
  } else {
    term(p, &n->term);
  }
}

static void alg(Pr *p, const SilaAlg *a);

static void expr(Pr *p, const SilaExpr *e) {
  switch (e->op) {
  case SILA_EX_VAR:
    var(p, e->var);
    return;
  case SILA_EX_CONST:
    term(p, &e->term);
    return;
  case SILA_EX_EXISTS:
  case SILA_EX_NOT_EXISTS:
    putc_(p, '(');
    puts_(p, op_names[e->op]);
    putc_(p, ' ');
    alg(p, e->pattern);
    putc_(p, ')');
    return;
  default:
    break;
  }
  putc_(p, '(');
  if (e->op == SILA_EX_FUNCTION)
    term(p, &e->term);
  else
    puts_(p, sila_expr_op_name(e->op));
  if (e->distinct)
    puts_(p, " distinct");
  if (e->op == SILA_EX_GROUP_CONCAT && e->separator) {
    SilaTerm s = {0};
    s.kind = SILA_TERM_LITERAL;
    s.value = e->separator;
    s.value_len = e->separator_len;
    puts_(p, " separator ");
    term(p, &s);
  }
  for (uint32_t i = 0; i < e->nargs; i++) {
    putc_(p, ' ');
    expr(p, e->args[i]);
  }
  putc_(p, ')');
}

static void path(Pr *p, const SilaPath *pa) {
  switch (pa->kind) {
  case SILA_PATH_LINK:
    term(p, &pa->iri);
    return;
  case SILA_PATH_NPS:
    puts_(p, "(notoneof");
    for (size_t i = 0; i < pa->nfwd; i++) {
      putc_(p, ' ');
      term(p, &pa->fwd[i]);
    }
    for (size_t i = 0; i < pa->ninv; i++) {
      puts_(p, " (inv ");
      term(p, &pa->inv[i]);
      putc_(p, ')');
    }
    putc_(p, ')');
    return;
  default:
    break;
  }
  static const char *const names[] = {[SILA_PATH_INV] = "inv", [SILA_PATH_SEQ] = "seq",
                                      [SILA_PATH_ALT] = "alt",
                                      [SILA_PATH_ZERO_OR_MORE] = "path*",
                                      [SILA_PATH_ONE_OR_MORE] = "path+",
                                      [SILA_PATH_ZERO_OR_ONE] = "path?"};
  putc_(p, '(');
  puts_(p, names[pa->kind]);
  putc_(p, ' ');
  path(p, pa->a);
  if (pa->b) {
    putc_(p, ' ');
    path(p, pa->b);
  }
  putc_(p, ')');
}

static void triple(Pr *p, const SilaNode *s, const SilaNode *pr, const SilaNode *o) {
  puts_(p, "(triple ");
  node(p, s);
  putc_(p, ' ');
  node(p, pr);
  putc_(p, ' ');
  node(p, o);
  putc_(p, ')');
}

static void quads(Pr *p, const SilaQuad *q, size_t n) {
  for (size_t i = 0; i < n; i++) {
    putc_(p, ' ');
    if (q[i].g.var < 0 && q[i].g.term.kind == SILA_TERM_NONE) {
      triple(p, &q[i].s, &q[i].p, &q[i].o);
    } else {
      puts_(p, "(quad ");
      node(p, &q[i].g);
      putc_(p, ' ');
      node(p, &q[i].s);
      putc_(p, ' ');
      node(p, &q[i].p);
      putc_(p, ' ');
      node(p, &q[i].o);
      putc_(p, ')');
    }
  }
}

static void unary(Pr *p, const char *name, const SilaAlg *a) {
  putc_(p, '(');
  puts_(p, name);
  putc_(p, ' ');
  alg(p, a->a);
  putc_(p, ')');
}

static void binary(Pr *p, const char *name, const SilaAlg *a) {
  putc_(p, '(');
  puts_(p, name);
  putc_(p, ' ');
  alg(p, a->a);
  putc_(p, ' ');
  alg(p, a->b);
  if (a->kind == SILA_ALG_LEFTJOIN && a->expr) {
    putc_(p, ' ');
    expr(p, a->expr);
  }
  putc_(p, ')');
}

static void alg(Pr *p, const SilaAlg *a) {
  char num[48];
  switch (a->kind) {
  case SILA_ALG_BGP:
    puts_(p, "(bgp");
    for (size_t i = 0; i < a->ntriples; i++) {
      putc_(p, ' ');
      triple(p, &a->triples[i].s, &a->triples[i].p, &a->triples[i].o);
    }
    for (size_t i = 0; i < a->ntt_extra; i++) { /* (tt ?.ttN <<( s p o )>>) */
      puts_(p, " (tt ");
      var(p, a->tt_extra[i].var);
      putc_(p, ' ');
      node(p, &a->tt_extra[i]);
      putc_(p, ')');
    }
    putc_(p, ')');
    return;
  case SILA_ALG_PATH:
    puts_(p, "(path ");
    node(p, &a->path_s);
    putc_(p, ' ');
    path(p, a->path);
    putc_(p, ' ');
    node(p, &a->path_o);
    putc_(p, ')');
    return;
  case SILA_ALG_JOIN: binary(p, "join", a); return;
  case SILA_ALG_LEFTJOIN: binary(p, "leftjoin", a); return;
  case SILA_ALG_UNION: binary(p, "union", a); return;
  case SILA_ALG_MINUS: binary(p, "minus", a); return;
  case SILA_ALG_FILTER:
    puts_(p, "(filter ");
    if (a->nexprs == 1) {
      expr(p, a->exprs[0]);
    } else {
      puts_(p, "(exprs");
      for (size_t i = 0; i < a->nexprs; i++) {
        putc_(p, ' ');
        expr(p, a->exprs[i]);
      }
      putc_(p, ')');
    }
    putc_(p, ' ');
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_GRAPH:
  case SILA_ALG_SERVICE:
    puts_(p, a->kind == SILA_ALG_GRAPH ? "(graph " : "(service ");
    if (a->silent)
      puts_(p, "silent ");
    node(p, &a->name);
    putc_(p, ' ');
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_EXTEND:
    puts_(p, "(extend ((");
    var(p, a->var);
    putc_(p, ' ');
    expr(p, a->expr);
    puts_(p, ")) ");
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_TABLE:
    puts_(p, "(table (vars");
    for (size_t i = 0; i < a->nvars; i++) {
      putc_(p, ' ');
      var(p, a->vars[i]);
    }
    putc_(p, ')');
    for (size_t r = 0; r < a->nrows; r++) {
      puts_(p, " (row");
      for (size_t i = 0; i < a->nvars; i++) {
        const SilaTerm *t = &a->rows[r * a->nvars + i];
        if (t->kind == SILA_TERM_NONE)
          continue;
        puts_(p, " [");
        var(p, a->vars[i]);
        putc_(p, ' ');
        term(p, t);
        putc_(p, ']');
      }
      putc_(p, ')');
    }
    putc_(p, ')');
    return;
  case SILA_ALG_GROUP:
    puts_(p, "(group (");
    for (size_t i = 0; i < a->nkeys; i++) {
      const SilaGroupKey *k = &a->keys[i];
      if (i)
        putc_(p, ' ');
      if (k->expr->op == SILA_EX_VAR && k->expr->var == k->var) {
        var(p, k->var);
      } else {
        putc_(p, '(');
        var(p, k->var);
        putc_(p, ' ');
        expr(p, k->expr);
        putc_(p, ')');
      }
    }
    puts_(p, ") (");
    for (size_t i = 0; i < a->naggs; i++) {
      if (i)
        putc_(p, ' ');
      putc_(p, '(');
      var(p, a->aggs[i].var);
      putc_(p, ' ');
      expr(p, a->aggs[i].expr);
      putc_(p, ')');
    }
    puts_(p, ") ");
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_ORDERBY:
    puts_(p, "(order (");
    for (size_t i = 0; i < a->nconds; i++) {
      if (i)
        putc_(p, ' ');
      if (a->conds[i].descending) {
        puts_(p, "(desc ");
        expr(p, a->conds[i].expr);
        putc_(p, ')');
      } else {
        expr(p, a->conds[i].expr);
      }
    }
    puts_(p, ") ");
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_PROJECT:
    puts_(p, "(project (");
    for (size_t i = 0; i < a->nvars; i++) {
      if (i)
        putc_(p, ' ');
      var(p, a->vars[i]);
    }
    puts_(p, ") ");
    alg(p, a->a);
    putc_(p, ')');
    return;
  case SILA_ALG_DISTINCT: unary(p, "distinct", a); return;
  case SILA_ALG_REDUCED: unary(p, "reduced", a); return;
  case SILA_ALG_TOMULTISET: unary(p, "tomultiset", a); return;
  case SILA_ALG_SLICE:
    puts_(p, "(slice ");
    if (a->offset)
      snprintf(num, sizeof num, "%llu ", (unsigned long long)a->offset);
    else
      snprintf(num, sizeof num, "_ ");
    puts_(p, num);
    if (a->limit >= 0)
      snprintf(num, sizeof num, "%lld ", (long long)a->limit);
    else
      snprintf(num, sizeof num, "_ ");
    puts_(p, num);
    alg(p, a->a);
    putc_(p, ')');
    return;
  }
}

static void graph_ref(Pr *p, const SilaGraphRef *r) {
  switch (r->kind) {
  case SILA_GRAPHREF_IRI: term(p, &r->iri); break;
  case SILA_GRAPHREF_DEFAULT: puts_(p, "default"); break;
  case SILA_GRAPHREF_NAMED: puts_(p, "named"); break;
  case SILA_GRAPHREF_ALL: puts_(p, "all"); break;
  default: puts_(p, "_"); break;
  }
}

static void update(Pr *p, const SilaUpdateOp *op) {
  static const char *const names[] = {
      [SILA_UPDATE_INSERT_DATA] = "insertdata", [SILA_UPDATE_DELETE_DATA] = "deletedata",
      [SILA_UPDATE_DELETE_WHERE] = "deletewhere", [SILA_UPDATE_MODIFY] = "modify",
      [SILA_UPDATE_LOAD] = "load", [SILA_UPDATE_CLEAR] = "clear", [SILA_UPDATE_DROP] = "drop",
      [SILA_UPDATE_CREATE] = "create", [SILA_UPDATE_ADD] = "add", [SILA_UPDATE_MOVE] = "move",
      [SILA_UPDATE_COPY] = "copy"};
  putc_(p, '(');
  puts_(p, names[op->kind]);
  if (op->silent)
    puts_(p, " silent");
  switch (op->kind) {
  case SILA_UPDATE_INSERT_DATA:
    quads(p, op->insert_quads, op->ninsert);
    break;
  case SILA_UPDATE_DELETE_DATA:
  case SILA_UPDATE_DELETE_WHERE:
    quads(p, op->delete_quads, op->ndelete);
    break;
  case SILA_UPDATE_MODIFY:
    if (op->with.kind) {
      puts_(p, " (with ");
      term(p, &op->with);
      putc_(p, ')');
    }
    if (op->ndelete) {
      puts_(p, " (delete");
      quads(p, op->delete_quads, op->ndelete);
      putc_(p, ')');
    }
    if (op->ninsert) {
      puts_(p, " (insert");
      quads(p, op->insert_quads, op->ninsert);
      putc_(p, ')');
    }
    for (size_t i = 0; i < op->nusing; i++) {
      puts_(p, " (using ");
      term(p, &op->using_iris[i]);
      putc_(p, ')');
    }
    for (size_t i = 0; i < op->nusing_named; i++) {
      puts_(p, " (usingnamed ");
      term(p, &op->using_named[i]);
      putc_(p, ')');
    }
    putc_(p, ' ');
    alg(p, op->where);
    break;
  case SILA_UPDATE_LOAD:
    putc_(p, ' ');
    term(p, &op->source);
    if (op->to.kind) {
      putc_(p, ' ');
      graph_ref(p, &op->to);
    }
    break;
  case SILA_UPDATE_CLEAR:
  case SILA_UPDATE_DROP:
  case SILA_UPDATE_CREATE:
    putc_(p, ' ');
    graph_ref(p, &op->to);
    break;
  default:
    putc_(p, ' ');
    graph_ref(p, &op->from);
    putc_(p, ' ');
    graph_ref(p, &op->to);
    break;
  }
  putc_(p, ')');
}

int sila_query_print(const SilaQuery *q, SilaBuf *out) {
  Pr p = {q, out, 0};
  if (q->form == SILA_QUERY_UPDATE) {
    puts_(&p, "(update");
    for (size_t i = 0; i < q->nops; i++) {
      putc_(&p, ' ');
      update(&p, &q->ops[i]);
    }
    putc_(&p, ')');
    return p.err ? -1 : 0;
  }
  bool ds = q->nfrom || q->nfrom_named;
  if (ds) {
    puts_(&p, "(dataset");
    for (size_t i = 0; i < q->nfrom; i++) {
      puts_(&p, " (from ");
      term(&p, &q->from[i]);
      putc_(&p, ')');
    }
    for (size_t i = 0; i < q->nfrom_named; i++) {
      puts_(&p, " (named ");
      term(&p, &q->from_named[i]);
      putc_(&p, ')');
    }
    putc_(&p, ' ');
  }
  switch (q->form) {
  case SILA_QUERY_CONSTRUCT:
    puts_(&p, "(construct (template");
    for (size_t i = 0; i < q->ntmpl; i++) {
      putc_(&p, ' ');
      triple(&p, &q->tmpl[i].s, &q->tmpl[i].p, &q->tmpl[i].o);
    }
    puts_(&p, ") ");
    break;
  case SILA_QUERY_DESCRIBE:
    puts_(&p, "(describe (");
    if (q->describe_star)
      putc_(&p, '*');
    for (size_t i = 0; i < q->ndescribe; i++) {
      if (i)
        putc_(&p, ' ');
      node(&p, &q->describe[i]);
    }
    puts_(&p, ") ");
    break;
  case SILA_QUERY_ASK:
    puts_(&p, "(ask ");
    break;
  default:
    break;
  }
  alg(&p, q->alg);
  if (q->form != SILA_QUERY_SELECT)
    putc_(&p, ')');
  if (ds)
    putc_(&p, ')');
  return p.err ? -1 : 0;
}

int sila_alg_print(const SilaQuery *q, const SilaAlg *a, SilaBuf *out) {
  Pr p = {q, out, 0};
  alg(&p, a);
  return p.err ? -1 : 0;
}

int sila_expr_print(const SilaQuery *q, const SilaExpr *e, SilaBuf *out) {
  Pr p = {q, out, 0};
  expr(&p, e);
  return p.err ? -1 : 0;
}
