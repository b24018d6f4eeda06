/* sila_fn_cast.c — XSD constructor functions (§17.5 casting table):
 * xsd:string, xsd:integer, xsd:decimal, xsd:float, xsd:double,
 * xsd:boolean, xsd:dateTime. */
#include <math.h>
#include <string.h>

#include "sila_fn_internal.h"

/* XPath casting from a string collapses surrounding whitespace first. */
static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r'))
    (*s)++, (*len)--;
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\n' ||
                  (*s)[*len - 1] == '\r'))
    (*len)--;
}

static SilaStatus cast_string(const SilaValue *a, SilaFnContext *ctx, SilaValue *out) {
  char buf[128];
  size_t n;
  switch (a->kind) {
  case SILA_VAL_IRI:
  case SILA_VAL_STRING:
  case SILA_VAL_LANGSTRING:
    *out = sila_value_string(a->term.value, a->term.value_len);
    return SILA_OK;
  case SILA_VAL_BOOLEAN:
    *out = a->u.b ? sila_value_string("true", 4) : sila_value_string("false", 5);
    return SILA_OK;
  case SILA_VAL_INTEGER:
    n = sila_int128_format(a->u.i, buf);
    break;
  case SILA_VAL_DECIMAL:
    n = sila_fn_decimal_format_xpath(a->u.dec, buf);
    break;
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    n = sila_fn_format_double_xpath(a->u.d, a->kind == SILA_VAL_FLOAT, buf);
    break;
  case SILA_VAL_DATETIME:
  case SILA_VAL_DATE:
  case SILA_VAL_TIME:
    n = sila_datetime_format(a->kind, &a->u.dt, buf);
    break;
  case SILA_VAL_DURATION:
  case SILA_VAL_DAYTIMEDURATION:
  case SILA_VAL_YEARMONTHDURATION:
    n = sila_duration_format(a->kind, &a->u.dur, buf);
    break;
  case SILA_VAL_OTHER:
    if (a->ill_typed)
      return SILA_ERR_TYPE;
    *out = sila_value_string(a->term.value, a->term.value_len);
    return SILA_OK;
  default:
    return SILA_ERR_TYPE;
  }
  return sila_fn_make_string(ctx, buf, n, NULL, out);
}

static SilaStatus cast_integer(const SilaValue *a, SilaValue *out) {
  switch (a->kind) {
  case SILA_VAL_STRING: {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    SilaInt128 i;
    if (!sila_fn_parse_integer(s, len, &i))
      return SILA_ERR_TYPE;
    *out = sila_value_int(i);
    return SILA_OK;
  }
  case SILA_VAL_BOOLEAN:
    *out = sila_value_int(a->u.b);
    return SILA_OK;
  case SILA_VAL_INTEGER:
    *out = sila_value_int(a->u.i);
    return SILA_OK;
  case SILA_VAL_DECIMAL:
    *out = sila_value_int(sila_fn_decimal_trunc(a->u.dec));
    return SILA_OK;
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE: {
    /* truncation towards zero; NaN, INF and out-of-range values are errors (FOCA0002) */
    double t = trunc(a->u.d);
    if (!isfinite(t) || fabs(t) >= 1.7e38)
      return SILA_ERR_TYPE;
    *out = sila_value_int((SilaInt128)t);
    return SILA_OK;
  }
  default:
    return SILA_ERR_TYPE;
  }
}

static SilaStatus cast_decimal(const SilaValue *a, SilaValue *out) {
  SilaDecimal d;
  switch (a->kind) {
  case SILA_VAL_STRING: {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if (!sila_decimal_parse(s, len, &d))
      return SILA_ERR_TYPE;
    break;
  }
  case SILA_VAL_BOOLEAN:
  case SILA_VAL_INTEGER:
  case SILA_VAL_DECIMAL:
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    if (sila_fn_to_decimal(a, &d))
      return SILA_ERR_TYPE;
    break;
  default:
    return SILA_ERR_TYPE;
  }
  *out = sila_value_decimal(d);
  return SILA_OK;
}

static SilaStatus cast_double(const SilaValue *a, bool is_float, SilaValue *out) {
  double d;
  switch (a->kind) {
  case SILA_VAL_STRING: {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if (!sila_fn_parse_double(s, len, &d))
      return SILA_ERR_TYPE;
    break;
  }
  case SILA_VAL_BOOLEAN:
  case SILA_VAL_INTEGER:
  case SILA_VAL_DECIMAL:
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE:
    d = sila_fn_to_double(a);
    break;
  default:
    return SILA_ERR_TYPE;
  }
  *out = is_float ? sila_value_float((float)d) : sila_value_double(d);
  return SILA_OK;
}

static SilaStatus cast_boolean(const SilaValue *a, SilaValue *out) {
  switch (a->kind) {
  case SILA_VAL_STRING: {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1'))
      *out = sila_value_bool(true);
    else if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0'))
      *out = sila_value_bool(false);
    else
      return SILA_ERR_TYPE;
    return SILA_OK;
  }
  case SILA_VAL_BOOLEAN:
    *out = sila_value_bool(a->u.b);
    return SILA_OK;
  case SILA_VAL_INTEGER:
  case SILA_VAL_DECIMAL:
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE: {
    bool b;
    sila_value_ebv(a, &b); /* 0 and NaN are false */
    *out = sila_value_bool(b);
    return SILA_OK;
  }
  default:
    return SILA_ERR_TYPE;
  }
}

static SilaStatus cast_datetime(const SilaValue *a, SilaValue *out) {
  SilaValue v = sila_value_unbound();
  v.kind = SILA_VAL_DATETIME;
  switch (a->kind) {
  case SILA_VAL_STRING: {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if (!sila_datetime_parse(SILA_VAL_DATETIME, s, len, &v.u.dt))
      return SILA_ERR_TYPE;
    break;
  }
  case SILA_VAL_DATETIME:
  case SILA_VAL_DATE: /* XPath: midnight of that date, same zone */
    v.u.dt = a->u.dt;
    break;
  default:
    return SILA_ERR_TYPE;
  }
  *out = v;
  return SILA_OK;
}

SilaStatus sila_fn_call_cast(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out) {
  const SilaValue *a = &args[0];
  if (a->kind == SILA_VAL_UNBOUND || a->kind == SILA_VAL_BLANK)
    return SILA_ERR_TYPE;
  if (a->kind == SILA_VAL_IRI && fn != SILA_FN_CAST_STRING)
    return SILA_ERR_TYPE;
  switch (fn) {
  case SILA_FN_CAST_STRING:
    return cast_string(a, ctx, out);
  case SILA_FN_CAST_INTEGER:
    return cast_integer(a, out);
  case SILA_FN_CAST_DECIMAL:
    return cast_decimal(a, out);
  case SILA_FN_CAST_FLOAT:
    return cast_double(a, true, out);
  case SILA_FN_CAST_DOUBLE:
    return cast_double(a, false, out);
  case SILA_FN_CAST_BOOLEAN:
    return cast_boolean(a, out);
  case SILA_FN_CAST_DATETIME:
    return cast_datetime(a, out);
  default:
    return SILA_ERR_INVALID;
  }
}
