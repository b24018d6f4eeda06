/* exec_range.c — numeric FILTER bounds pushed into a BGP's index scans.
 *
 * FILTER(?w > ?w0 - 50 && ?w < ?w0 + 50) over `?other s:weight ?w`: once
 * ?w0 is bound, only the objects between the two bounds can pass, and a
 * numeric value's position in the POS index is known for inline numbers
 * (store/sila_id.c: inside the integer tag and inside the decimal tag, ID
 * order is value order).  So the pattern reads three ranges of its
 * predicate's objects instead of all of them:
 *
 *   - inline xsd:integer IDs between the integer bounds;
 *   - inline xsd:decimal IDs between the decimal bounds (sila_id_decimal_bound,
 *     a little wider than the values, never narrower);
 *   - every dictionary literal (tag 3): doubles, floats, derived integer
 *     types, non-canonical or long numbers live there, unordered.
 *
 * Nothing else can compare with a number: IRIs, blank nodes, booleans,
 * short strings, dates and triple terms give a type error against a
 * number, which a FILTER reads as false (SPARQL 1.1 §17.3).  The FILTER
 * itself still runs on every row read, so the ranges only ever leave out
 * rows it would reject: correctness never depends on them.
 *
 * The bound expressions are evaluated once per row of the levels before
 * (exec_range_open), and the test of each pushed conjunct compares ?w with
 * that value (exec_range_test) instead of evaluating `?w0 - 50` again for
 * every row of the range. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exec_internal.h"
#include "sila_alloc.h"

/* ---- planning ------------------------------------------------------------- */

/* An expression whose value is fixed by the row it is evaluated on: no
 * EXISTS (a pattern), no fresh values (RAND, BNODE, UUID, STRUUID), which
 * the FILTER would draw again per row. */
static bool deterministic(const SilaExpr *e) {
  switch (e->op) {
  case SILA_EX_EXISTS:
  case SILA_EX_NOT_EXISTS:
  case SILA_EX_RAND:
  case SILA_EX_BNODE:
  case SILA_EX_UUID:
  case SILA_EX_STRUUID: return false;
  default: break;
  }
  if (e->pattern)
    return false;
  for (uint32_t i = 0; i < e->nargs; i++)
    if (!deterministic(e->args[i]))
      return false;
  return true;
}

/* True when every variable e reads is bound before `level`. */
static bool bound_before(const SilaExpr *e, const int *bound_at, int level) {
  if (e->op == SILA_EX_VAR && bound_at[e->var] >= level)
    return false;
  for (uint32_t i = 0; i < e->nargs; i++)
    if (!bound_before(e->args[i], bound_at, level))
      return false;
  return true;
}

/* The variables e reads, at most RANGE_MEMO_VARS of them (false: more). */
static bool collect_reads(const SilaExpr *e, int32_t *reads, uint8_t *n) {
  if (e->op == SILA_EX_VAR) {
    for (uint8_t i = 0; i < *n; i++)
      if (reads[i] == e->var)
        return true;
    if (*n == RANGE_MEMO_VARS)
      return false;
    reads[(*n)++] = e->var;
  }
  for (uint32_t i = 0; i < e->nargs; i++)
    if (!collect_reads(e->args[i], reads, n))
      return false;
  return true;
}

/* `?v op E` or `E op ?v` with op one of < <= > >=: the condition on ?v
 * (op as seen from ?v), or false. */
static bool as_condition(const SilaExpr *c, int32_t var, SilaCmpOp *op, const SilaExpr **bound) {
  if (c->nargs != 2)
    return false;
  SilaCmpOp o;
  switch (c->op) {
  case SILA_EX_LT: o = SILA_OP_LT; break;
  case SILA_EX_LE: o = SILA_OP_LE; break;
  case SILA_EX_GT: o = SILA_OP_GT; break;
  case SILA_EX_GE: o = SILA_OP_GE; break;
  default: return false;
  }
  if (c->args[0]->op == SILA_EX_VAR && c->args[0]->var == var) {
    *op = o;
    *bound = c->args[1];
    return true;
  }
  if (c->args[1]->op == SILA_EX_VAR && c->args[1]->var == var) {
    /* E < ?v is ?v > E: numeric comparison is antisymmetric. */
    *op = o == SILA_OP_LT ? SILA_OP_GT : o == SILA_OP_GT ? SILA_OP_LT
          : o == SILA_OP_LE ? SILA_OP_GE : SILA_OP_LE;
    *bound = c->args[0];
    return true;
  }
  return false;
}

LevelRange *exec_range_plan(SilaExec *ex, const Pattern *pats, size_t n,
                            SilaExpr *const *conj, size_t nconj, const int *flevel,
                            const int *bound_at) {
  if (ex->opt.no_range_scan || !n || !nconj)
    return NULL;
  LevelRange *lr = sila_calloc(n, sizeof *lr);
  if (!lr)
    return NULL; /* plain scans: slower, never wrong */
  bool any = false;
  for (size_t l = 0; l < n; l++) {
    lr[l].var = -1;
    const Pattern *pt = &pats[l];
    int32_t v = pt->pos[2].var;
    /* The object is a variable this pattern binds first, the predicate
     * known when the level opens (a constant or bound before). */
    if (pt->tt || v < 0 || bound_at[v] != (int)l || pt->pos[0].var == v ||
        pt->pos[1].var == v || (pt->pos[1].var < 0 && !pt->pos[1].id) ||
        (pt->pos[1].var >= 0 && bound_at[pt->pos[1].var] >= (int)l))
      continue;
    /* The subject free: a range scan.  Bound (a lookup of a few objects,
     * cheaper than three ranges): only the tests, with bounds that are
     * constant or read few variables, computed again only when those
     * change (`?rating >= 7`, `?x > ?x0 - 20`: two numbers compared a row). */
    int32_t s = pt->pos[0].var;
    bool scan = s >= 0 && bound_at[s] == (int)l && s != v;
    for (size_t i = 0; i < nconj; i++) {
      SilaCmpOp op;
      const SilaExpr *bound;
      if (flevel[i] != (int)l || !as_condition(conj[i], v, &op, &bound) ||
          !deterministic(bound) || !bound_before(bound, bound_at, (int)l))
        continue;
      bool constant = bound->constant;
      int32_t reads[RANGE_MEMO_VARS];
      uint8_t nreads = 0;
      bool memo = collect_reads(bound, reads, &nreads);
      if (!scan && !constant && !memo)
        continue;
      RangeCond *c = sila_realloc(lr[l].conds, (lr[l].nconds + 1) * sizeof *c);
      if (!c)
        continue;
      lr[l].conds = c;
      RangeCond nc = {.op = op, .bound = bound, .conj = conj[i], .constant = constant,
                      .memo = memo, .nreads = nreads};
      memcpy(nc.reads, reads, sizeof reads);
      lr[l].conds[lr[l].nconds++] = nc;
      lr[l].var = v;
      lr[l].scan = scan;
      any = true;
    }
  }
  if (!any) {
    exec_range_free(lr, n);
    return NULL;
  }
  return lr;
}

void exec_range_free(LevelRange *lr, size_t n) {
  for (size_t l = 0; lr && l < n; l++)
    free(lr[l].conds);
  free(lr);
}

/* ---- estimates for the join order ------------------------------------------ */

/* An expression whose value is a number or an error: a numeric constant,
 * arithmetic, the numeric functions. */
static bool numeric_expr(const SilaExpr *e) {
  switch (e->op) {
  case SILA_EX_CONST: {
    SilaValue v;
    sila_value_from_term(&e->term, &v);
    return sila_value_is_numeric(&v);
  }
  case SILA_EX_ADD:
  case SILA_EX_SUB:
  case SILA_EX_MUL:
  case SILA_EX_DIV:
  case SILA_EX_PLUS:
  case SILA_EX_MINUS:
  case SILA_EX_ABS:
  case SILA_EX_CEIL:
  case SILA_EX_FLOOR:
  case SILA_EX_ROUND: return true;
  default: return false;
  }
}

bool exec_range_numeric(const LevelRange *lr) {
  for (size_t i = 0; i < lr->nconds; i++)
    if (lr->conds[i].bound->op != SILA_EX_VAR && !numeric_expr(lr->conds[i].bound))
      return false;
  return lr->nconds > 0;
}

void exec_range_hints(SilaExec *ex, Pattern *pats, size_t n, SilaExpr *const *conj,
                      size_t nconj) {
  if (ex->opt.no_range_scan)
    return;
  for (size_t l = 0; l < n; l++) {
    Pattern *pt = &pats[l];
    int32_t v = pt->pos[2].var;
    pt->nhint = 0;
    if (pt->tt || v < 0 || pt->pos[0].var < 0 || pt->pos[0].var == v || pt->pos[1].var >= 0 ||
        !pt->pos[1].id)
      continue;
    for (size_t i = 0; i < nconj && pt->nhint < 4; i++) {
      SilaCmpOp op;
      const SilaExpr *bound;
      if (!as_condition(conj[i], v, &op, &bound) || !numeric_expr(bound) || !deterministic(bound))
        continue;
      pt->hint[pt->nhint] = bound;
      pt->hint_lower[pt->nhint++] = op == SILA_OP_GT || op == SILA_OP_GE;
    }
  }
}

static bool vars_bound(const SilaExpr *e, const bool *bound, int32_t self) {
  if (e->op == SILA_EX_VAR && (e->var == self || !bound[e->var]))
    return false;
  for (uint32_t i = 0; i < e->nargs; i++)
    if (!vars_bound(e->args[i], bound, self))
      return false;
  return true;
}

double exec_range_estimate(const Pattern *pt, const bool *bound, double est) {
  int32_t s = pt->pos[0].var, v = pt->pos[2].var;
  if (bound[s] || bound[v])
    return est; /* a lookup, or a check: no range scan */
  bool lower = false, upper = false;
  for (uint8_t i = 0; i < pt->nhint; i++)
    if (vars_bound(pt->hint[i], bound, v)) {
      if (pt->hint_lower[i])
        lower = true;
      else
        upper = true;
    }
  est = lower && upper ? est / 20 : lower || upper ? est / 2 : est;
  return est < 1 ? 1 : est;
}

/* ---- bounds for one outer row --------------------------------------------- */

/* Integer bounds are kept in 128 bits, clamped well outside the inline
 * range so that +1 / -1 never overflow. */
#define CLAMP ((SilaInt128)1 << 62)

static SilaInt128 clamp128(SilaInt128 x) { return x > CLAMP ? CLAMP : x < -CLAMP ? -CLAMP : x; }

static SilaInt128 from_double(double d) {
  return d >= (double)CLAMP ? CLAMP : d <= -(double)CLAMP ? -CLAMP : (SilaInt128)d;
}

/* floor and ceil of a decimal m / 10^scale, exactly. */
static void decimal_floor_ceil(SilaDecimal d, SilaInt128 *fl, SilaInt128 *ce) {
  SilaInt128 p = 1;
  for (int i = 0; i < d.scale; i++)
    p *= 10;
  SilaInt128 q = d.m / p, r = d.m % p;
  *fl = q - (r < 0 ? 1 : 0);
  *ce = q + (r > 0 ? 1 : 0);
}

static double decimal_double(SilaDecimal d) {
  return (double)d.m / pow(10.0, d.scale); /* within 2 ulps: the bounds are widened */
}

typedef struct {
  SilaInt128 ilo, ihi; /* inline integers with values in [ilo, ihi] */
  double dlo, dhi;     /* numbers with values in [dlo, dhi] (decimals: widened later) */
  bool empty;          /* no number passes */
  bool only_dictionary; /* no inline number passes (a bound of +-INF) */
} Bounds;

/* Narrows the bounds by `?v op e` (e numeric).  Comparisons follow
 * sila_value_compare_op: integer against integer or decimal exactly,
 * anything against a float or double in double precision. */
static void narrow(Bounds *b, SilaCmpOp op, const SilaValue *e) {
  bool lower = op == SILA_OP_GT || op == SILA_OP_GE;
  double d;
  SilaInt128 fl, ce;
  switch (e->kind) {
  case SILA_VAL_INTEGER:
    fl = ce = clamp128(e->u.i);
    d = (double)e->u.i;
    break;
  case SILA_VAL_DECIMAL:
    decimal_floor_ceil(e->u.dec, &fl, &ce);
    fl = clamp128(fl);
    ce = clamp128(ce);
    d = decimal_double(e->u.dec);
    break;
  default: /* float, double */
    d = e->u.d;
    if (isnan(d)) {
      b->empty = true; /* every comparison with NaN is false */
      return;
    }
    if (isinf(d)) {
      if (lower ? d < 0 : d > 0)
        return; /* ?v > -INF, ?v < INF: every number but NaN */
      if (op == SILA_OP_GT || op == SILA_OP_LT)
        b->empty = true; /* ?v > INF, ?v < -INF: no number */
      else
        b->only_dictionary = true; /* ?v >= INF: INF itself, a dictionary literal */
      return;
    }
    {
      /* (double)w rounds: widen by the rounding of both sides. */
      double slack = 2 + fabs(d) * 0x1p-50;
      fl = from_double(floor(d - slack));
      ce = from_double(ceil(d + slack));
    }
    if (lower && fl > b->ilo)
      b->ilo = fl;
    if (!lower && ce < b->ihi)
      b->ihi = ce;
    goto doubles;
  }
  switch (op) {
  case SILA_OP_GT:
    if (fl + 1 > b->ilo)
      b->ilo = fl + 1;
    break;
  case SILA_OP_GE:
    if (ce > b->ilo)
      b->ilo = ce;
    break;
  case SILA_OP_LT:
    if (ce - 1 < b->ihi)
      b->ihi = ce - 1;
    break;
  default:
    if (fl < b->ihi)
      b->ihi = fl;
    break;
  }
doubles:
  if (lower && d > b->dlo)
    b->dlo = d;
  if (!lower && d < b->dhi)
    b->dhi = d;
}

int exec_range_open(SilaExec *ex, LevelRange *lr, const SilaId *row, ActiveGraph ag) {
  lr->active = false;
  Bounds b = {-(SilaInt128)SILA_ID_INTEGER_MAX, (SilaInt128)SILA_ID_INTEGER_MAX, -INFINITY,
              INFINITY, false, false};
  bool numeric = true;
  for (size_t i = 0; i < lr->nconds; i++) {
    RangeCond *c = &lr->conds[i];
    bool same = c->evaluated && (c->constant || c->memo);
    for (uint8_t k = 0; same && !c->constant && k < c->nreads; k++)
      same = row[c->reads[k]] == c->seen[k]; /* the same inputs: the same value */
    if (!same) {
      lr->filled = false; /* new values: the ranges below change */
      c->evaluated = false;
      for (uint8_t k = 0; k < c->nreads; k++)
        c->seen[k] = row[c->reads[k]];
      SilaArenaMark mark = sila_arena_mark(ex->scratch);
      SilaValue v;
      SilaStatus st = exec_expr(ex, c->bound, row, ag, &v);
      sila_arena_release(ex->scratch, mark);
      if (st != SILA_OK && st != SILA_ERR_TYPE)
        return -(int)st;
      c->evaluated = true;
      c->error = st == SILA_ERR_TYPE;
      /* The number alone: its text (if any) was in the scratch arena. */
      c->have_val = !c->error && sila_value_is_numeric(&v);
      if (c->have_val)
        c->val = (SilaValue){.kind = v.kind, .u = v.u};
    }
    if (c->error)
      return EXEC_RANGE_EMPTY; /* `?v op error` is an error: no row passes */
    if (!c->have_val) {
      numeric = false; /* a string or date bound: the FILTER alone decides */
      continue;
    }
    narrow(&b, c->op, &c->val);
  }
  if (!numeric)
    return EXEC_RANGE_NONE;
  lr->active = true;
  if (b.empty)
    return EXEC_RANGE_EMPTY;
  /* A lookup: only the tests; a hash level (exec_hash.c) keeps the ranges,
   * computed again only when a bound's value changed. */
  if (!lr->scan && (!lr->hash || lr->filled))
    return EXEC_RANGE_NONE;
  lr->nsub = lr->sub = 0;
  /* Dictionary literals: every one (their IDs do not follow values). */
  lr->lo[lr->nsub] = (SilaId)SILA_TAG_LITERAL << 60;
  lr->hi[lr->nsub++] = ((SilaId)SILA_TAG_LITERAL << 60) | (((SilaId)1 << 60) - 1);
  if (b.ilo <= b.ihi && !b.only_dictionary) {
    lr->lo[lr->nsub] = sila_id_from_integer((int64_t)b.ilo);
    lr->hi[lr->nsub++] = sila_id_from_integer((int64_t)b.ihi);
  }
  if (b.dlo <= b.dhi && !b.only_dictionary) {
    lr->lo[lr->nsub] = sila_id_decimal_bound(b.dlo, false);
    lr->hi[lr->nsub++] = sila_id_decimal_bound(b.dhi, true);
  }
  lr->filled = true;
  return lr->scan ? EXEC_RANGE_SCAN : EXEC_RANGE_NONE;
}

/* ---- the pushed conjuncts' tests ------------------------------------------ */

int exec_range_test(SilaExec *ex, const LevelRange *lr, const SilaExpr *conj, const SilaId *row) {
  if (!lr->active)
    return -1;
  const RangeCond *c = NULL;
  for (size_t i = 0; i < lr->nconds && !c; i++)
    if (lr->conds[i].conj == conj)
      c = &lr->conds[i];
  if (!c || !c->have_val)
    return -1;
  SilaId id = row[lr->var];
  if (sila_id_tag(id) == SILA_TAG_INTEGER && c->val.kind == SILA_VAL_INTEGER) {
    SilaInt128 w = sila_id_integer_value(id), e = c->val.u.i;
    switch (c->op) {
    case SILA_OP_LT: return w < e;
    case SILA_OP_LE: return w <= e;
    case SILA_OP_GT: return w > e;
    default: return w >= e;
    }
  }
  /* The operator itself, with the bound's value of this outer row. */
  SilaArenaMark mark = sila_arena_mark(ex->scratch);
  SilaValue w;
  bool out = false;
  SilaStatus st = exec_value(ex, id, &w);
  if (st == SILA_OK)
    st = sila_value_compare_op(c->op, &w, &c->val, &out);
  sila_arena_release(ex->scratch, mark);
  if (st == SILA_ERR_NOMEM)
    exec_fail(ex, st, "out of memory");
  return st == SILA_OK && out;
}

int exec_range_describe(const SilaExec *ex, const LevelRange *lr, SilaBuf *out) {
  const SilaVar *v = sila_query_var(ex->q, lr->var);
  int rc = sila_buf_printf(out, "%s of ?%.*s:", lr->scan ? "object range scan" : "hash of the object range",
                           (int)v->len, v->name);
  for (size_t i = 0; i < lr->nconds && !rc; i++) {
    static const char *ops[] = {"=", "!=", "<", ">", "<=", ">="};
    rc = sila_buf_printf(out, "%s ?%.*s %s ", i ? "," : "", (int)v->len, v->name,
                         ops[lr->conds[i].op]) ||
         sila_expr_print(ex->q, lr->conds[i].bound, out);
  }
  if (!rc && !lr->scan)
    rc = sila_buf_printf(out, "; numbers by value, other literals all; read once and probed "
                              "when the rows reaching it are at least 1/%d of its quads, "
                              "else looked up", HASH_RATIO);
  return rc || sila_buf_puts(out, lr->scan ? "; numbers by value, other literals all" : "");
}
