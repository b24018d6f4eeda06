/* sila_value_ops.c — EBV, equality, comparison operators, ORDER BY order
 * and arithmetic (SPARQL 1.1 §17.2.2, §17.3, §15.1). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "sila_fn_internal.h"

/* ---- numeric helpers ---------------------------------------------------- */

double sila_fn_to_double(const SilaValue *v) {
  switch (v->kind) {
  case SILA_VAL_INTEGER:
    return (double)v->u.i;
  case SILA_VAL_DECIMAL:
    return sila_decimal_to_double(v->u.dec);
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    return v->u.d;
  case SILA_VAL_BOOLEAN:
    return v->u.b ? 1.0 : 0.0;
  default:
    return NAN;
  }
}

SilaStatus sila_fn_to_decimal(const SilaValue *v, SilaDecimal *out) {
  switch (v->kind) {
  case SILA_VAL_INTEGER:
    out->m = v->u.i;
    out->scale = 0;
    return SILA_OK;
  case SILA_VAL_DECIMAL:
    *out = v->u.dec;
    return SILA_OK;
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    return sila_decimal_from_double(v->u.d, out);
  case SILA_VAL_BOOLEAN:
    out->m = v->u.b;
    out->scale = 0;
    return SILA_OK;
  default:
    return SILA_ERR_TYPE;
  }
}

/* -1, 0, 1, or 2 when unordered (NaN). */
static int num_cmp(const SilaValue *a, const SilaValue *b) {
  SilaValueKind k = a->kind > b->kind ? a->kind : b->kind;
  if (k == SILA_VAL_INTEGER)
    return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
  if (k == SILA_VAL_DECIMAL) {
    SilaDecimal x, y;
    sila_fn_to_decimal(a, &x);
    sila_fn_to_decimal(b, &y);
    return sila_decimal_cmp(x, y);
  }
  double x = sila_fn_to_double(a), y = sila_fn_to_double(b);
  if (isnan(x) || isnan(y))
    return 2;
  return x < y ? -1 : x > y;
}

/* ---- EBV ---------------------------------------------------------------- */

SilaStatus sila_value_ebv(const SilaValue *v, bool *out) {
  switch (v->kind) {
  case SILA_VAL_BOOLEAN:
    *out = v->u.b;
    return SILA_OK;
  case SILA_VAL_STRING:
    *out = v->term.value_len > 0;
    return SILA_OK;
  case SILA_VAL_INTEGER:
    *out = v->u.i != 0;
    return SILA_OK;
  case SILA_VAL_DECIMAL:
    *out = v->u.dec.m != 0;
    return SILA_OK;
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    *out = !(v->u.d == 0 || isnan(v->u.d));
    return SILA_OK;
  case SILA_VAL_OTHER:
    /* An ill-typed boolean or numeric literal ("z"^^xsd:boolean) has no
     * EBV: a type error, as SPARQL 1.2 §17.2.2 says (SPARQL 1.1 gave it
     * false; no 1.0/1.1 test depends on it; docs/numbers.md). */
    return SILA_ERR_TYPE;
  default:
    return SILA_ERR_TYPE;
  }
}

/* ---- term equality ------------------------------------------------------ */

static bool bytes_eq(const char *a, size_t al, const char *b, size_t bl) {
  return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

/* The lexical form of a value: its term's, or the canonical one formatted
 * into buf (>= 128 bytes) for computed values. */
static const char *lexical(const SilaValue *v, char *buf, size_t *len) {
  if (v->has_term) {
    *len = v->term.value_len;
    return v->term.value;
  }
  *len = sila_fn_format_lexical(v, buf);
  return buf;
}

static SilaTermKind term_kind(const SilaValue *v) {
  return v->kind == SILA_VAL_IRI      ? SILA_TERM_IRI
         : v->kind == SILA_VAL_BLANK  ? SILA_TERM_BLANK
         : v->kind == SILA_VAL_TRIPLE ? SILA_TERM_TRIPLE
                                      : SILA_TERM_LITERAL;
}

bool sila_value_same_term(const SilaValue *a, const SilaValue *b) {
  if (a->kind == SILA_VAL_UNBOUND || b->kind == SILA_VAL_UNBOUND)
    return false;
  if (term_kind(a) != term_kind(b))
    return false;
  if (a->kind == SILA_VAL_TRIPLE) /* the same three components, recursively */
    return sila_term_equal(&a->term, &b->term);
  char ba[128], bb[128];
  size_t al, bl;
  const char *la = lexical(a, ba, &al), *lb = lexical(b, bb, &bl);
  if (!bytes_eq(la, al, lb, bl))
    return false;
  size_t dal, dbl;
  const char *da = sila_value_datatype(a, &dal), *db = sila_value_datatype(b, &dbl);
  if (!bytes_eq(da, dal, db, dbl))
    return false;
  size_t gal = a->has_term ? a->term.lang_len : 0, gbl = b->has_term ? b->term.lang_len : 0;
  /* language tags are case-insensitive (RDF 1.1 §3.3) */
  return gal == gbl && (gal == 0 || strncasecmp(a->term.lang, b->term.lang, gal) == 0);
}

/* ---- dates and durations ------------------------------------------------ */

static bool is_date_kind(SilaValueKind k) {
  return k == SILA_VAL_DATETIME || k == SILA_VAL_DATE || k == SILA_VAL_TIME;
}

static bool is_duration_kind(SilaValueKind k) {
  return k == SILA_VAL_DURATION || k == SILA_VAL_DAYTIMEDURATION ||
         k == SILA_VAL_YEARMONTHDURATION;
}

/* XSD order of two dates/times of the same kind: -1, 0, 1, or 2 when
 * indeterminate (one has a time zone, the other not, within 14 hours). */
static int date_cmp(const SilaValue *a, const SilaValue *b) {
  SilaDecimal x = sila_fn_datetime_seconds(a->kind, &a->u.dt);
  SilaDecimal y = sila_fn_datetime_seconds(b->kind, &b->u.dt);
  if (a->u.dt.has_tz == b->u.dt.has_tz)
    return sila_decimal_cmp(x, y);
  /* the one without a zone may be anywhere in [-14:00, +14:00] */
  SilaDecimal d14 = {14 * 3600, 0}, lo, hi;
  const SilaDecimal *nz = a->u.dt.has_tz ? &y : &x, *z = a->u.dt.has_tz ? &x : &y;
  sila_decimal_sub(*nz, d14, &lo);
  sila_decimal_add(*nz, d14, &hi);
  int r;
  if (sila_decimal_cmp(*z, lo) < 0)
    r = -1;
  else if (sila_decimal_cmp(*z, hi) > 0)
    r = 1;
  else
    return 2;
  return a->u.dt.has_tz ? r : -r;
}

static SilaDecimal dur_seconds(const SilaDuration *d) {
  SilaDecimal s = d->seconds;
  if (d->negative)
    s.m = -s.m;
  return s;
}

static int64_t dur_months(const SilaDuration *d) { return d->negative ? -d->months : d->months; }

/* ---- operators ---------------------------------------------------------- */

static int str_cmp(const SilaTerm *a, const SilaTerm *b) {
  size_t n = a->value_len < b->value_len ? a->value_len : b->value_len;
  int c = n ? memcmp(a->value, b->value, n) : 0;
  if (c)
    return c < 0 ? -1 : 1;
  return a->value_len < b->value_len ? -1 : a->value_len > b->value_len;
}

/* Value comparison where the operator table defines one: *cmp gets -1/0/1
 * (2 = unordered: NaN), and the return is SILA_OK; SILA_ERR_NOT_FOUND when
 * no operator applies; SILA_ERR_TYPE when it applies but fails. */
static SilaStatus value_cmp(const SilaValue *a, const SilaValue *b, bool ordering, int *cmp) {
  if (sila_value_is_numeric(a) && sila_value_is_numeric(b)) {
    *cmp = num_cmp(a, b);
    return SILA_OK;
  }
  if (a->kind == SILA_VAL_STRING && b->kind == SILA_VAL_STRING) {
    *cmp = str_cmp(&a->term, &b->term);
    return SILA_OK;
  }
  if (a->kind == SILA_VAL_BOOLEAN && b->kind == SILA_VAL_BOOLEAN) {
    *cmp = (int)a->u.b - (int)b->u.b;
    return SILA_OK;
  }
  if (is_date_kind(a->kind) && a->kind == b->kind) {
    *cmp = date_cmp(a, b);
    return *cmp == 2 ? SILA_ERR_TYPE : SILA_OK;
  }
  if (is_duration_kind(a->kind) && is_duration_kind(b->kind)) {
    int64_t am = dur_months(&a->u.dur), bm = dur_months(&b->u.dur);
    int sc = sila_decimal_cmp(dur_seconds(&a->u.dur), dur_seconds(&b->u.dur));
    if (!ordering) {
      *cmp = (am == bm && sc == 0) ? 0 : 1;
      return SILA_OK;
    }
    if (a->kind == SILA_VAL_YEARMONTHDURATION && b->kind == SILA_VAL_YEARMONTHDURATION) {
      *cmp = am < bm ? -1 : am > bm;
      return SILA_OK;
    }
    if (a->kind == SILA_VAL_DAYTIMEDURATION && b->kind == SILA_VAL_DAYTIMEDURATION) {
      *cmp = sc;
      return SILA_OK;
    }
    return SILA_ERR_TYPE;
  }
  return SILA_ERR_NOT_FOUND;
}

/* SPARQL 1.2: two triple terms are RDFterm-equal when their components
 * are, each compared with `=` (so <<( :s :p 1 )>> = <<( :s :p 1.0 )>>); an
 * error in a component is an error of the whole. */
static SilaStatus triple_equal(const SilaValue *a, const SilaValue *b, bool *out) {
  if (!a->term.triple || !b->term.triple) {
    *out = sila_term_equal(&a->term, &b->term);
    return SILA_OK;
  }
  bool all = true;
  SilaStatus err = SILA_OK;
  for (int k = 0; k < 3; k++) {
    SilaValue ca, cb;
    sila_value_from_term(&a->term.triple[k], &ca);
    sila_value_from_term(&b->term.triple[k], &cb);
    bool eq = false;
    SilaStatus st = sila_value_equal(&ca, &cb, &eq);
    if (st != SILA_OK)
      err = st;
    else if (!eq)
      all = false;
  }
  if (!all) { /* a component that differs decides, even beside an error */
    *out = false;
    return SILA_OK;
  }
  if (err != SILA_OK)
    return err;
  *out = true;
  return SILA_OK;
}

SilaStatus sila_value_equal(const SilaValue *a, const SilaValue *b, bool *out) {
  if (a->kind == SILA_VAL_UNBOUND || b->kind == SILA_VAL_UNBOUND)
    return SILA_ERR_TYPE;
  if (a->kind == SILA_VAL_TRIPLE && b->kind == SILA_VAL_TRIPLE)
    return triple_equal(a, b, out);
  int c;
  SilaStatus st = value_cmp(a, b, false, &c);
  if (st == SILA_OK) {
    *out = c == 0;
    return SILA_OK;
  }
  if (st != SILA_ERR_NOT_FOUND)
    return st;
  /* RDFterm-equal */
  if (sila_value_same_term(a, b)) {
    *out = true;
    return SILA_OK;
  }
  if (sila_value_is_literal(a) && sila_value_is_literal(b)) {
    /* Two literals whose values Sila knows and that are not equal: the
     * value spaces are known to be disjoint or the values differ, so the
     * answer is false.  A language-tagged literal never equals a literal
     * without the same tag.  Otherwise an unknown datatype or an ill-typed
     * literal makes the comparison an error (§17.4.1.7; the W3C open-world
     * tests open-eq-08 and open-eq-10 check exactly this split). */
    if (a->kind == SILA_VAL_LANGSTRING || b->kind == SILA_VAL_LANGSTRING) {
      *out = false;
      return SILA_OK;
    }
    if (a->kind == SILA_VAL_OTHER || b->kind == SILA_VAL_OTHER)
      return SILA_ERR_TYPE;
    *out = false;
    return SILA_OK;
  }
  *out = false;
  return SILA_OK;
}

SilaStatus sila_value_compare_op(SilaCmpOp op, const SilaValue *a, const SilaValue *b, bool *out) {
  if (op == SILA_OP_EQ || op == SILA_OP_NE) {
    SilaStatus st = sila_value_equal(a, b, out);
    if (st == SILA_OK && op == SILA_OP_NE) {
      /* NaN != NaN is true, but so is the negation of a false `=` */
      *out = !*out;
    }
    return st;
  }
  if (a->kind == SILA_VAL_UNBOUND || b->kind == SILA_VAL_UNBOUND)
    return SILA_ERR_TYPE;
  int c;
  SilaStatus st = value_cmp(a, b, true, &c);
  if (st == SILA_ERR_NOT_FOUND)
    return SILA_ERR_TYPE;
  if (st)
    return st;
  if (c == 2) {
    *out = false;
    return SILA_OK;
  }
  switch (op) {
  case SILA_OP_LT:
    *out = c < 0;
    break;
  case SILA_OP_GT:
    *out = c > 0;
    break;
  case SILA_OP_LE:
    *out = c <= 0;
    break;
  default:
    *out = c >= 0;
    break;
  }
  return SILA_OK;
}

/* ---- ORDER BY ----------------------------------------------------------- */

static int term_rank(const SilaValue *v) {
  switch (v->kind) {
  case SILA_VAL_UNBOUND:
    return 0;
  case SILA_VAL_BLANK:
    return 1;
  case SILA_VAL_IRI:
    return 2;
  case SILA_VAL_TRIPLE:
    return 4; /* SPARQL 1.2: triple terms after literals */
  default:
    return 3;
  }
}

static int literal_group(SilaValueKind k) {
  switch (k) {
  case SILA_VAL_INTEGER:
  case SILA_VAL_DECIMAL:
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    return 0;
  case SILA_VAL_STRING:
    return 1;
  case SILA_VAL_LANGSTRING:
    return 2;
  case SILA_VAL_BOOLEAN:
    return 3;
  case SILA_VAL_DATETIME:
    return 4;
  case SILA_VAL_DATE:
    return 5;
  case SILA_VAL_TIME:
    return 6;
  case SILA_VAL_DURATION:
  case SILA_VAL_DAYTIMEDURATION:
  case SILA_VAL_YEARMONTHDURATION:
    return 7;
  default:
    return 8;
  }
}

static int bytes_cmp(const char *a, size_t al, const char *b, size_t bl) {
  size_t n = al < bl ? al : bl;
  int c = n ? memcmp(a, b, n) : 0;
  if (c)
    return c < 0 ? -1 : 1;
  return al < bl ? -1 : al > bl;
}

int sila_value_order(const SilaValue *a, const SilaValue *b) {
  int ra = term_rank(a), rb = term_rank(b);
  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ra == 0)
    return 0;
  if (ra < 3)
    return bytes_cmp(a->term.value, a->term.value_len, b->term.value, b->term.value_len);
  if (ra == 4) { /* component by component */
    if (!a->term.triple || !b->term.triple)
      return bytes_cmp(a->term.value, a->term.value_len, b->term.value, b->term.value_len);
    for (int k = 0; k < 3; k++) {
      SilaValue ca, cb;
      sila_value_from_term(&a->term.triple[k], &ca);
      sila_value_from_term(&b->term.triple[k], &cb);
      int c = sila_value_order(&ca, &cb);
      if (c)
        return c;
    }
    return 0;
  }
  int ga = literal_group(a->kind), gb = literal_group(b->kind);
  if (ga != gb)
    return ga < gb ? -1 : 1;
  int c = 0;
  switch (ga) {
  case 0: {
    c = num_cmp(a, b);
    if (c == 2) { /* NaN sorts before every number */
      bool an = isnan(sila_fn_to_double(a)), bn = isnan(sila_fn_to_double(b));
      c = an == bn ? 0 : an ? -1 : 1;
    }
    if (c == 0 && a->kind != b->kind)
      c = a->kind < b->kind ? -1 : 1;
    break;
  }
  case 3:
    c = (int)a->u.b - (int)b->u.b;
    break;
  case 4:
  case 5:
  case 6:
    /* a total order: instants with missing zones taken as UTC */
    c = sila_decimal_cmp(sila_fn_datetime_seconds(a->kind, &a->u.dt),
                         sila_fn_datetime_seconds(b->kind, &b->u.dt));
    break;
  case 7: {
    int64_t am = dur_months(&a->u.dur), bm = dur_months(&b->u.dur);
    c = am < bm ? -1 : am > bm;
    if (!c)
      c = sila_decimal_cmp(dur_seconds(&a->u.dur), dur_seconds(&b->u.dur));
    break;
  }
  case 8: {
    size_t al, bl;
    const char *ad = sila_value_datatype(a, &al), *bd = sila_value_datatype(b, &bl);
    c = bytes_cmp(ad, al, bd, bl);
    break;
  }
  default:
    break;
  }
  if (c)
    return c;
  /* deterministic tie-breakers: lexical form, datatype, language */
  if (sila_value_same_term(a, b))
    return 0;
  char bufa[128], bufb[128];
  size_t lal, lbl;
  const char *la = lexical(a, bufa, &lal), *lb = lexical(b, bufb, &lbl);
  c = bytes_cmp(la, lal, lb, lbl);
  if (c)
    return c;
  size_t al, bl;
  const char *ad = sila_value_datatype(a, &al), *bd = sila_value_datatype(b, &bl);
  c = bytes_cmp(ad, al, bd, bl);
  if (c)
    return c;
  return bytes_cmp(a->term.lang, a->has_term ? a->term.lang_len : 0, b->term.lang,
                   b->has_term ? b->term.lang_len : 0);
}

/* ---- arithmetic --------------------------------------------------------- */

SilaStatus sila_value_arith(SilaArithOp op, const SilaValue *a, const SilaValue *b,
                            SilaValue *out) {
  if (!sila_value_is_numeric(a) || !sila_value_is_numeric(b))
    return sila_fn_date_arith(op, a, b, out);
  SilaValueKind k = a->kind > b->kind ? a->kind : b->kind;
  if (k == SILA_VAL_INTEGER && op != SILA_ARITH_DIV) {
    SilaInt128 r;
    bool ovf = op == SILA_ARITH_ADD   ? __builtin_add_overflow(a->u.i, b->u.i, &r)
               : op == SILA_ARITH_SUB ? __builtin_sub_overflow(a->u.i, b->u.i, &r)
                                      : __builtin_mul_overflow(a->u.i, b->u.i, &r);
    if (ovf)
      return SILA_ERR_TYPE;
    *out = sila_value_int(r);
    return SILA_OK;
  }
  if (k == SILA_VAL_INTEGER || k == SILA_VAL_DECIMAL) {
    SilaDecimal x, y, r;
    sila_fn_to_decimal(a, &x);
    sila_fn_to_decimal(b, &y);
    SilaStatus st = op == SILA_ARITH_ADD   ? sila_decimal_add(x, y, &r)
                    : op == SILA_ARITH_SUB ? sila_decimal_sub(x, y, &r)
                    : op == SILA_ARITH_MUL ? sila_decimal_mul(x, y, &r)
                                           : sila_decimal_div(x, y, &r);
    if (st)
      return st;
    *out = sila_value_decimal(r);
    return SILA_OK;
  }
  double x = sila_fn_to_double(a), y = sila_fn_to_double(b), r;
  switch (op) {
  case SILA_ARITH_ADD:
    r = x + y;
    break;
  case SILA_ARITH_SUB:
    r = x - y;
    break;
  case SILA_ARITH_MUL:
    r = x * y;
    break;
  default:
    r = x / y;
    break;
  }
  *out = k == SILA_VAL_FLOAT ? sila_value_float((float)r) : sila_value_double(r);
  return SILA_OK;
}

SilaStatus sila_value_unary_plus(const SilaValue *a, SilaValue *out) {
  if (!sila_value_is_numeric(a))
    return SILA_ERR_TYPE;
  *out = *a;
  return SILA_OK;
}

SilaStatus sila_value_negate(const SilaValue *a, SilaValue *out) {
  switch (a->kind) {
  case SILA_VAL_INTEGER: {
    SilaInt128 r;
    if (__builtin_sub_overflow((SilaInt128)0, a->u.i, &r))
      return SILA_ERR_TYPE; /* -(minimum) does not fit */
    *out = sila_value_int(r);
    return SILA_OK;
  }
  case SILA_VAL_DECIMAL: {
    SilaDecimal d = a->u.dec;
    if (__builtin_sub_overflow((SilaInt128)0, d.m, &d.m))
      return SILA_ERR_TYPE;
    *out = sila_value_decimal(d);
    return SILA_OK;
  }
  case SILA_VAL_FLOAT:
    *out = sila_value_float((float)-a->u.d);
    return SILA_OK;
  case SILA_VAL_DOUBLE:
    *out = sila_value_double(-a->u.d);
    return SILA_OK;
  default:
    return SILA_ERR_TYPE;
  }
}
