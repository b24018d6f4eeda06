/* sila_value.c — SilaValue from and to SilaTerm, canonical lexical forms. */
#include "sila_value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_fn_internal.h"

/* XSD types Sila knows, with value bounds (inclusive) for the integer-derived
 * ones; has_hi == 2 means "at most -1". */
typedef struct {
  const char *local;
  size_t len;
  SilaValueKind kind;
  int has_lo, has_hi;
  long long lo;
  unsigned long long hi;
} XsdType;

static const XsdType xsd_types[] = {
    {"string", 6, SILA_VAL_STRING, 0, 0, 0, 0},
    {"boolean", 7, SILA_VAL_BOOLEAN, 0, 0, 0, 0},
    {"decimal", 7, SILA_VAL_DECIMAL, 0, 0, 0, 0},
    {"float", 5, SILA_VAL_FLOAT, 0, 0, 0, 0},
    {"double", 6, SILA_VAL_DOUBLE, 0, 0, 0, 0},
    {"integer", 7, SILA_VAL_INTEGER, 0, 0, 0, 0},
    {"long", 4, SILA_VAL_INTEGER, 1, 1, INT64_MIN, INT64_MAX},
    {"int", 3, SILA_VAL_INTEGER, 1, 1, INT32_MIN, INT32_MAX},
    {"short", 5, SILA_VAL_INTEGER, 1, 1, INT16_MIN, INT16_MAX},
    {"byte", 4, SILA_VAL_INTEGER, 1, 1, INT8_MIN, INT8_MAX},
    {"nonNegativeInteger", 18, SILA_VAL_INTEGER, 1, 0, 0, 0},
    {"positiveInteger", 15, SILA_VAL_INTEGER, 1, 0, 1, 0},
    {"nonPositiveInteger", 18, SILA_VAL_INTEGER, 0, 1, 0, 0},
    {"negativeInteger", 15, SILA_VAL_INTEGER, 0, 2, 0, 0}, /* hi = -1, see below */
    {"unsignedLong", 12, SILA_VAL_INTEGER, 1, 1, 0, UINT64_MAX},
    {"unsignedInt", 11, SILA_VAL_INTEGER, 1, 1, 0, UINT32_MAX},
    {"unsignedShort", 13, SILA_VAL_INTEGER, 1, 1, 0, UINT16_MAX},
    {"unsignedByte", 12, SILA_VAL_INTEGER, 1, 1, 0, UINT8_MAX},
    {"dateTime", 8, SILA_VAL_DATETIME, 0, 0, 0, 0},
    {"dateTimeStamp", 13, SILA_VAL_DATETIME, 0, 0, 0, 0},
    {"date", 4, SILA_VAL_DATE, 0, 0, 0, 0},
    {"time", 4, SILA_VAL_TIME, 0, 0, 0, 0},
    {"duration", 8, SILA_VAL_DURATION, 0, 0, 0, 0},
    {"dayTimeDuration", 15, SILA_VAL_DAYTIMEDURATION, 0, 0, 0, 0},
    {"yearMonthDuration", 17, SILA_VAL_YEARMONTHDURATION, 0, 0, 0, 0},
};

static const XsdType *xsd_lookup(const char *dt, size_t len) {
  size_t ns = sizeof(SILA_NS_XSD) - 1;
  if (!dt || len <= ns || memcmp(dt, SILA_NS_XSD, ns) != 0)
    return NULL;
  /* called for every literal the executor decodes: compare lengths first */
  for (size_t i = 0; i < sizeof(xsd_types) / sizeof(xsd_types[0]); i++) {
    if (xsd_types[i].len == len - ns && memcmp(xsd_types[i].local, dt + ns, len - ns) == 0)
      return &xsd_types[i];
  }
  return NULL;
}

SilaValueKind sila_fn_xsd_kind(const char *dt, size_t len) {
  const XsdType *x = xsd_lookup(dt, len);
  return x ? x->kind : SILA_VAL_OTHER;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool sila_fn_parse_integer(const char *s, size_t len, SilaInt128 *out) {
  size_t i = 0;
  bool neg = false;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  if (i == len)
    return false;
  SilaInt128 v = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s[i] - '0', &v))
      return false;
  }
  *out = neg ? -v : v;
  return true;
}

/* xsd:double lexical space: decimal with optional exponent, INF, -INF, +INF, NaN. */
bool sila_fn_parse_double(const char *s, size_t len, double *out) {
  char buf[128];
  if (len == 0 || len >= sizeof buf)
    return false;
  if ((len == 3 && memcmp(s, "INF", 3) == 0) || (len == 4 && memcmp(s, "+INF", 4) == 0)) {
    *out = INFINITY;
    return true;
  }
  if (len == 4 && memcmp(s, "-INF", 4) == 0) {
    *out = -INFINITY;
    return true;
  }
  if (len == 3 && memcmp(s, "NaN", 3) == 0) {
    *out = NAN;
    return true;
  }
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-')
    i++;
  size_t digits = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9')
    i++, digits++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++, digits++;
  }
  if (digits == 0)
    return false;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t ed = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      i++, ed++;
    if (ed == 0)
      return false;
  }
  if (i != len)
    return false;
  memcpy(buf, s, len);
  buf[len] = 0;
  *out = strtod(buf, NULL);
  return true;
}

static bool parse_bool(const char *s, size_t len, bool *out) {
  if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1')) {
    *out = true;
    return true;
  }
  if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0')) {
    *out = false;
    return true;
  }
  return false;
}

static bool in_range(const XsdType *x, SilaInt128 v) {
  if (x->has_lo && v < (SilaInt128)x->lo)
    return false;
  if (x->has_hi == 1 && v > (SilaInt128)x->hi)
    return false;
  if (x->has_hi == 2 && v > -1)
    return false;
  return true;
}

/* XSD whitespace facet "collapse": numeric and date lexical forms may carry
 * leading/trailing whitespace in the data; the value ignores it. */
static void trim(const char **s, size_t *len) {
  while (*len && is_ws(**s))
    (*s)++, (*len)--;
  while (*len && is_ws((*s)[*len - 1]))
    (*len)--;
}

void sila_value_from_term(const SilaTerm *t, SilaValue *out) {
  memset(out, 0, sizeof *out);
  if (!t || t->kind == SILA_TERM_NONE)
    return;
  out->term = *t;
  out->has_term = true;
  if (t->kind == SILA_TERM_IRI) {
    out->kind = SILA_VAL_IRI;
    return;
  }
  if (t->kind == SILA_TERM_BLANK) {
    out->kind = SILA_VAL_BLANK;
    return;
  }
  if (t->kind == SILA_TERM_TRIPLE) {
    out->kind = SILA_VAL_TRIPLE;
    return;
  }
  if (t->lang) {
    out->kind = SILA_VAL_LANGSTRING;
    return;
  }
  if (!t->datatype) {
    out->kind = SILA_VAL_STRING;
    return;
  }
  const XsdType *x = xsd_lookup(t->datatype, t->datatype_len);
  out->kind = SILA_VAL_OTHER;
  if (!x)
    return;
  const char *s = t->value;
  size_t len = t->value_len;
  if (x->kind != SILA_VAL_STRING)
    trim(&s, &len);
  bool ok = false;
  switch (x->kind) {
  case SILA_VAL_STRING:
    /* one term, one form: ^^xsd:string is the simple literal (sila_term.h) */
    out->term.datatype = NULL;
    out->term.datatype_len = 0;
    ok = true;
    break;
  case SILA_VAL_BOOLEAN:
    ok = parse_bool(s, len, &out->u.b);
    break;
  case SILA_VAL_INTEGER:
    ok = sila_fn_parse_integer(s, len, &out->u.i) && in_range(x, out->u.i);
    /* Too many digits for 128 bits: still a valid integer lexically, but we
     * cannot compute with it — keep it as a term only (not ill-typed). */
    if (!ok) {
      size_t i = (len && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
      bool digits = i < len;
      for (; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
          digits = false;
      if (digits && len > 38 && !x->has_lo && !x->has_hi)
        return; /* OTHER, not ill-typed */
    }
    break;
  case SILA_VAL_DECIMAL:
    ok = sila_decimal_parse(s, len, &out->u.dec);
    break;
  case SILA_VAL_FLOAT:
    ok = sila_fn_parse_double(s, len, &out->u.d);
    if (ok)
      out->u.d = (float)out->u.d;
    break;
  case SILA_VAL_DOUBLE:
    ok = sila_fn_parse_double(s, len, &out->u.d);
    break;
  case SILA_VAL_DATETIME:
  case SILA_VAL_DATE:
  case SILA_VAL_TIME:
    ok = sila_datetime_parse(x->kind, s, len, &out->u.dt);
    /* xsd:dateTimeStamp requires a time zone */
    if (ok && !out->u.dt.has_tz && strcmp(x->local, "dateTimeStamp") == 0)
      ok = false;
    break;
  case SILA_VAL_DURATION:
  case SILA_VAL_DAYTIMEDURATION:
  case SILA_VAL_YEARMONTHDURATION:
    ok = sila_duration_parse(x->kind, s, len, &out->u.dur);
    break;
  default:
    break;
  }
  if (ok)
    out->kind = x->kind;
  else
    out->ill_typed = true;
}

SilaValue sila_value_unbound(void) {
  SilaValue v;
  memset(&v, 0, sizeof v);
  return v;
}

SilaValue sila_value_bool(bool b) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_BOOLEAN;
  v.u.b = b;
  return v;
}

SilaValue sila_value_int(SilaInt128 i) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_INTEGER;
  v.u.i = i;
  return v;
}

SilaValue sila_value_decimal(SilaDecimal d) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_DECIMAL;
  v.u.dec = d;
  return v;
}

SilaValue sila_value_double(double d) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_DOUBLE;
  v.u.d = d;
  return v;
}

SilaValue sila_value_float(float f) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_FLOAT;
  v.u.d = f;
  return v;
}

static SilaValue term_value(SilaValueKind k, SilaTermKind tk, const char *s, size_t len) {
  SilaValue v = sila_value_unbound();
  v.kind = k;
  v.has_term = true;
  v.term.kind = tk;
  v.term.value = s ? s : "";
  v.term.value_len = len;
  return v;
}

SilaValue sila_value_string(const char *s, size_t len) {
  return term_value(SILA_VAL_STRING, SILA_TERM_LITERAL, s, len);
}

SilaValue sila_value_langstring(const char *s, size_t len, const char *lang, size_t lang_len) {
  if (!lang || !lang_len)
    return sila_value_string(s, len);
  SilaValue v = term_value(SILA_VAL_LANGSTRING, SILA_TERM_LITERAL, s, len);
  v.term.lang = lang;
  v.term.lang_len = lang_len;
  return v;
}

SilaValue sila_value_iri(const char *s, size_t len) {
  return term_value(SILA_VAL_IRI, SILA_TERM_IRI, s, len);
}

SilaValue sila_value_blank(const char *s, size_t len) {
  return term_value(SILA_VAL_BLANK, SILA_TERM_BLANK, s, len);
}

SilaValue sila_value_typed(const char *s, size_t len, const char *dt, size_t dt_len) {
  SilaTerm t = {SILA_TERM_LITERAL, s ? s : "", len, NULL, 0, NULL, 0, NULL};
  if (dt && !sila_iri_is(dt, dt_len, SILA_XSD_STRING)) {
    t.datatype = dt;
    t.datatype_len = dt_len;
  }
  SilaValue v;
  sila_value_from_term(&t, &v);
  return v;
}

/* ---- canonical forms ---------------------------------------------------- */

/* Shortest "%.*e" rendering that reads back as the same number. */
static void shortest_e(double d, bool is_float, char *buf, size_t size) {
  for (int p = 0; p < 17; p++) {
    snprintf(buf, size, "%.*e", p, d);
    double back = strtod(buf, NULL);
    if (is_float ? ((float)back == (float)d) : (back == d))
      return;
  }
  snprintf(buf, size, "%.17e", d);
}

size_t sila_fn_format_double(double d, bool is_float, char *buf) {
  if (isnan(d))
    return (size_t)sprintf(buf, "NaN");
  if (isinf(d))
    return (size_t)sprintf(buf, d > 0 ? "INF" : "-INF");
  if (d == 0)
    return (size_t)sprintf(buf, signbit(d) ? "-0.0E0" : "0.0E0");
  char tmp[64];
  shortest_e(d, is_float, tmp, sizeof tmp);
  /* tmp is like "-1.2345e+02" or "5e-01": mantissa digits and exponent. */
  char *e = strchr(tmp, 'e');
  int exp = atoi(e + 1);
  *e = 0;
  char *m = tmp;
  size_t n = 0;
  if (*m == '-')
    buf[n++] = *m++;
  buf[n++] = m[0];
  buf[n++] = '.';
  if (m[1] == '.') {
    size_t fl = strlen(m + 2);
    memcpy(buf + n, m + 2, fl);
    n += fl;
  } else {
    buf[n++] = '0';
  }
  n += (size_t)sprintf(buf + n, "E%d", exp);
  return n;
}

/* The XPath cast-to-string form of a double/float: plain decimal notation
 * for 1e-6 <= |d| < 1e6, canonical otherwise. */
size_t sila_fn_format_double_xpath(double d, bool is_float, char *buf) {
  double a = fabs(d);
  if (d == 0)
    return (size_t)sprintf(buf, signbit(d) ? "-0" : "0");
  if (!(a >= 1e-6 && a < 1e6))
    return sila_fn_format_double(d, is_float, buf);
  char tmp[64];
  shortest_e(d, is_float, tmp, sizeof tmp);
  double r = strtod(tmp, NULL);
  SilaDecimal dec;
  if (sila_decimal_from_double(r, &dec) != SILA_OK)
    return sila_fn_format_double(d, is_float, buf);
  /* the shortest digits, as an exact decimal: round to the digits of tmp */
  int sig = 0;
  for (const char *p = tmp; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9')
      sig++;
  int exp = atoi(strchr(tmp, 'e') + 1);
  int frac = sig - 1 - exp; /* digits after the point */
  if (frac < 0)
    frac = 0;
  dec = sila_fn_decimal_round_to(dec, frac);
  return sila_fn_decimal_format_xpath(dec, buf);
}

size_t sila_fn_decimal_format_xpath(SilaDecimal d, char *buf) {
  d = sila_decimal_normalize(d);
  size_t n = sila_decimal_format(d, buf);
  if (d.scale == 0 && n >= 2 && buf[n - 2] == '.') { /* "2.0" -> "2" */
    n -= 2;
    buf[n] = 0;
  }
  return n;
}

size_t sila_fn_format_lexical(const SilaValue *v, char *buf) {
  switch (v->kind) {
  case SILA_VAL_BOOLEAN:
    return (size_t)sprintf(buf, "%s", v->u.b ? "true" : "false");
  case SILA_VAL_INTEGER:
    return sila_int128_format(v->u.i, buf);
  /* Computed numbers are written as XPath casts them to xs:string (F&O
   * 3.1 §19.1.2): decimals in XSD 1.1 canonical form ("3", "1.5"); floats
   * and doubles in plain notation for 1e-6 <= |x| < 1e6 ("6", "0.25"),
   * else XSD canonical scientific ("1.0E6").  docs/numbers.md says why. */
  case SILA_VAL_DECIMAL:
    return sila_fn_decimal_format_xpath(v->u.dec, buf);
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    return sila_fn_format_double_xpath(v->u.d, v->kind == SILA_VAL_FLOAT, buf);
  case SILA_VAL_DATETIME:
  case SILA_VAL_DATE:
  case SILA_VAL_TIME:
    return sila_datetime_format(v->kind, &v->u.dt, buf);
  case SILA_VAL_DURATION:
  case SILA_VAL_DAYTIMEDURATION:
  case SILA_VAL_YEARMONTHDURATION:
    return sila_duration_format(v->kind, &v->u.dur, buf);
  default:
    buf[0] = 0;
    return 0;
  }
}

const char *sila_value_canonical(const SilaValue *v, SilaArena *arena, size_t *len) {
  if (v->kind == SILA_VAL_UNBOUND)
    return NULL;
  if (v->kind < SILA_VAL_BOOLEAN || v->kind == SILA_VAL_OTHER || v->kind == SILA_VAL_TRIPLE) {
    *len = v->term.value_len;
    return v->term.value;
  }
  char buf[128];
  size_t n = sila_fn_format_lexical(v, buf);
  *len = n;
  return sila_arena_strndup(arena, buf, n);
}

static const char *kind_datatype(SilaValueKind k) {
  switch (k) {
  case SILA_VAL_STRING:
    return SILA_XSD_STRING;
  case SILA_VAL_LANGSTRING:
    return SILA_RDF_LANGSTRING;
  case SILA_VAL_BOOLEAN:
    return SILA_NS_XSD "boolean";
  case SILA_VAL_INTEGER:
    return SILA_NS_XSD "integer";
  case SILA_VAL_DECIMAL:
    return SILA_NS_XSD "decimal";
  case SILA_VAL_FLOAT:
    return SILA_NS_XSD "float";
  case SILA_VAL_DOUBLE:
    return SILA_NS_XSD "double";
  case SILA_VAL_DATETIME:
    return SILA_NS_XSD "dateTime";
  case SILA_VAL_DATE:
    return SILA_NS_XSD "date";
  case SILA_VAL_TIME:
    return SILA_NS_XSD "time";
  case SILA_VAL_DURATION:
    return SILA_NS_XSD "duration";
  case SILA_VAL_DAYTIMEDURATION:
    return SILA_NS_XSD "dayTimeDuration";
  case SILA_VAL_YEARMONTHDURATION:
    return SILA_NS_XSD "yearMonthDuration";
  default:
    return NULL;
  }
}

const char *sila_value_datatype(const SilaValue *v, size_t *len) {
  *len = 0;
  if (!sila_value_is_literal(v))
    return NULL;
  if (v->has_term)
    return sila_term_datatype(&v->term, len);
  const char *dt = kind_datatype(v->kind);
  if (dt)
    *len = strlen(dt);
  return dt;
}

SilaStatus sila_value_to_term(SilaValue *v, SilaArena *arena, SilaTerm *out) {
  if (v->kind == SILA_VAL_UNBOUND)
    return SILA_ERR_INVALID;
  if (!v->has_term) {
    size_t len;
    const char *s = sila_value_canonical(v, arena, &len);
    if (!s)
      return SILA_ERR_NOMEM;
    const char *dt = kind_datatype(v->kind);
    SilaTerm t = {SILA_TERM_LITERAL, s, len, dt, strlen(dt), NULL, 0, NULL};
    v->term = t;
    v->has_term = true;
  }
  *out = v->term;
  return SILA_OK;
}

bool sila_value_is_numeric(const SilaValue *v) {
  return v->kind == SILA_VAL_INTEGER || v->kind == SILA_VAL_DECIMAL ||
         v->kind == SILA_VAL_FLOAT || v->kind == SILA_VAL_DOUBLE;
}

bool sila_value_is_literal(const SilaValue *v) {
  return v->kind >= SILA_VAL_STRING && v->kind != SILA_VAL_TRIPLE;
}

bool sila_value_is_stringlike(const SilaValue *v) {
  return v->kind == SILA_VAL_STRING || v->kind == SILA_VAL_LANGSTRING;
}
