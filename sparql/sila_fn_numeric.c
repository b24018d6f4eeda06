/* sila_fn_numeric.c — ABS, ROUND, CEIL, FLOOR, RAND (§17.4.4).  Results
 * keep the argument's numeric type (integers come back unchanged). */
#include <math.h>

#include "sila_fn_internal.h"

static uint64_t xorshift(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *s = x;
  return x;
}

uint64_t sila_fn_random(SilaFnContext *ctx) {
  if (!ctx->rand_state)
    ctx->rand_state = 0x9E3779B97F4A7C15ULL;
  return xorshift(&ctx->rand_state);
}

SilaStatus sila_fn_call_numeric(SilaFnId fn, const SilaValue *args, size_t nargs,
                                SilaFnContext *ctx, SilaValue *out) {
  if (fn == SILA_FN_RAND) {
    /* 53 random bits: uniform in [0, 1) */
    *out = sila_value_double((double)(sila_fn_random(ctx) >> 11) / 9007199254740992.0);
    return SILA_OK;
  }
  const SilaValue *a = &args[0];
  switch (a->kind) {
  case SILA_VAL_INTEGER:
    if (fn == SILA_FN_ABS) {
      SilaInt128 r = a->u.i;
      if (r < 0 && __builtin_sub_overflow((SilaInt128)0, r, &r))
        return SILA_ERR_TYPE; /* |minimum| does not fit */
      *out = sila_value_int(r);
      return SILA_OK;
    }
    *out = *a; /* ROUND/CEIL/FLOOR of an integer: itself */
    return SILA_OK;
  case SILA_VAL_DECIMAL: {
    SilaDecimal d = a->u.dec;
    switch (fn) {
    case SILA_FN_ABS:
      if (d.m < 0 && __builtin_sub_overflow((SilaInt128)0, d.m, &d.m))
        return SILA_ERR_TYPE;
      break;
    case SILA_FN_ROUND:
      d = sila_fn_decimal_round(d);
      break;
    case SILA_FN_CEIL:
      d = sila_fn_decimal_ceil(d);
      break;
    default:
      d = sila_fn_decimal_floor(d);
      break;
    }
    *out = sila_value_decimal(d);
    return SILA_OK;
  }
  case SILA_VAL_FLOAT:
  case SILA_VAL_DOUBLE: {
    double x = a->u.d, r;
    switch (fn) {
    case SILA_FN_ABS:
      r = fabs(x);
      break;
    case SILA_FN_ROUND:
      /* XPath: half towards +INF; keeps -0 for -0.5 <= x < 0 */
      if (isnan(x) || isinf(x) || x == 0)
        r = x;
      else if (x < 0 && x >= -0.5)
        r = -0.0;
      else { /* not floor(x + 0.5): the sum can round up (0.49999999999999994) */
        r = floor(x);
        if (x - r >= 0.5)
          r += 1;
      }
      break;
    case SILA_FN_CEIL:
      r = ceil(x);
      break;
    default:
      r = floor(x);
      break;
    }
    *out = a->kind == SILA_VAL_FLOAT ? sila_value_float((float)r) : sila_value_double(r);
    return SILA_OK;
  }
  default:
    return SILA_ERR_TYPE;
  }
}
