/* sila_fn_cast.c — XSD constructor functions (§17.5 casting table):
 * xsd:string, xsd:integer, xsd:decimal, xsd:float, xsd:double,
 * xsd:boolean, xsd:dateTime; and, beyond SPARQL 1.1, xsd:date, xsd:time,
 * the durations and the integer-derived types. */
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

/* xsd:date / xsd:time from a string, a dateTime, or the same kind. */
static SilaStatus cast_date_or_time(const SilaValue *a, SilaValueKind to, SilaValue *out) {
  SilaValue v = sila_value_unbound();
  v.kind = to;
  if (a->kind == SILA_VAL_STRING) {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if (!sila_datetime_parse(to, s, len, &v.u.dt))
      return SILA_ERR_TYPE;
  } else if (a->kind == to || a->kind == SILA_VAL_DATETIME) {
    v.u.dt = a->u.dt;
    if (to == SILA_VAL_DATE) { /* keep the date and the zone */
      v.u.dt.hour = v.u.dt.minute = 0;
      v.u.dt.second.m = 0;
      v.u.dt.second.scale = 0;
    } else if (to == SILA_VAL_TIME) {
      v.u.dt.year = 0;
      v.u.dt.month = v.u.dt.day = 1;
    }
  } else {
    return SILA_ERR_TYPE;
  }
  *out = v;
  return SILA_OK;
}

/* The three duration types: from a string, or from any duration (a
 * dayTimeDuration drops the months, a yearMonthDuration the seconds). */
static SilaStatus cast_duration(const SilaValue *a, SilaValueKind to, SilaValue *out) {
  SilaValue v = sila_value_unbound();
  v.kind = to;
  if (a->kind == SILA_VAL_STRING) {
    const char *s = a->term.value;
    size_t len = a->term.value_len;
    trim(&s, &len);
    if (!sila_duration_parse(to, s, len, &v.u.dur))
      return SILA_ERR_TYPE;
  } else if (a->kind == SILA_VAL_DURATION || a->kind == SILA_VAL_DAYTIMEDURATION ||
             a->kind == SILA_VAL_YEARMONTHDURATION) {
    v.u.dur = a->u.dur;
    if (to == SILA_VAL_DAYTIMEDURATION)
      v.u.dur.months = 0;
    else if (to == SILA_VAL_YEARMONTHDURATION)
      v.u.dur.seconds = (SilaDecimal){0, 0};
  } else {
    return SILA_ERR_TYPE;
  }
  *out = v;
  return SILA_OK;
}

/* An integer-derived type: the xsd:integer cast, then the type's range. */
static SilaStatus cast_derived(const SilaValue *a, SilaFnId fn, SilaFnContext *ctx,
                               SilaValue *out) {
  SilaValue i;
  SilaStatus st = cast_integer(a, &i);
  if (st)
    return st;
  char buf[64];
  size_t n = sila_int128_format(i.u.i, buf);
  char *lex = sila_fn_strdup(ctx, buf, n);
  if (!lex)
    return SILA_ERR_NOMEM;
  const char *dt = sila_fn_name(fn);
  SilaValue v = sila_value_typed(lex, n, dt, strlen(dt));
  if (v.kind != SILA_VAL_INTEGER)
    return SILA_ERR_TYPE; /* out of the type's range */
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
  case SILA_FN_CAST_DATE:
    return cast_date_or_time(a, SILA_VAL_DATE, out);
  case SILA_FN_CAST_TIME:
    return cast_date_or_time(a, SILA_VAL_TIME, out);
  case SILA_FN_CAST_DURATION:
    return cast_duration(a, SILA_VAL_DURATION, out);
  case SILA_FN_CAST_DAYTIMEDURATION:
    return cast_duration(a, SILA_VAL_DAYTIMEDURATION, out);
  case SILA_FN_CAST_YEARMONTHDURATION:
    return cast_duration(a, SILA_VAL_YEARMONTHDURATION, out);
  default:
    if (fn >= SILA_FN_CAST_INT && fn <= SILA_FN_CAST_UNSIGNEDBYTE)
      return cast_derived(a, fn, ctx, out);
    return SILA_ERR_INVALID;
  }
}
