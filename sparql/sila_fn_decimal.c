/* sila_fn_decimal.c — exact xsd:decimal arithmetic on a 128-bit mantissa
 * with a decimal scale.  Overflow is reported, never wrapped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_fn_internal.h"

SilaInt128 sila_fn_pow10(int n) {
  SilaInt128 p = 1;
  for (int i = 0; i < n; i++)
    p *= 10;
  return p;
}

size_t sila_int128_format(SilaInt128 v, char *buf) {
  char tmp[48];
  size_t n = 0;
  unsigned __int128 u = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  size_t o = 0;
  if (v < 0)
    buf[o++] = '-';
  while (n)
    buf[o++] = tmp[--n];
  buf[o] = 0;
  return o;
}

bool sila_decimal_parse(const char *s, size_t len, SilaDecimal *out) {
  size_t i = 0;
  bool neg = false, any = false;
  if (i < len && (s[i] == '+' || s[i] == '-'))
    neg = s[i++] == '-';
  SilaInt128 m = 0;
  int scale = 0;
  bool point = false;
  for (; i < len; i++) {
    char c = s[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9')
      return false;
    any = true;
    if (m == 0 && c == '0' && !point)
      continue; /* leading zeros */
    SilaInt128 nm;
    if (__builtin_mul_overflow(m, 10, &nm) || __builtin_add_overflow(nm, c - '0', &nm) ||
        (point && scale >= SILA_DEC_MAX_SCALE)) {
      /* more digits than fit: trailing fractional zeros are harmless */
      if (point && c == '0')
        continue;
      return false;
    }
    m = nm;
    if (point)
      scale++;
  }
  if (!any)
    return false;
  out->m = neg ? -m : m;
  out->scale = scale;
  return true;
}

SilaDecimal sila_decimal_normalize(SilaDecimal d) {
  if (d.m == 0) {
    d.scale = 0;
    return d;
  }
  while (d.scale > 0 && d.m % 10 == 0) {
    d.m /= 10;
    d.scale--;
  }
  return d;
}

size_t sila_decimal_format(SilaDecimal d, char *buf) {
  char digits[48];
  bool neg = d.m < 0;
  size_t nd = sila_int128_format(d.m, digits);
  if (neg) { /* drop the sign: digits only (no -m: the minimum has no negation) */
    memmove(digits, digits + 1, nd);
    nd--;
  }
  size_t o = 0;
  if (neg)
    buf[o++] = '-';
  if ((int)nd <= d.scale) {
    buf[o++] = '0';
    buf[o++] = '.';
    for (int i = 0; i < d.scale - (int)nd; i++)
      buf[o++] = '0';
    memcpy(buf + o, digits, nd);
    o += nd;
  } else {
    size_t ip = nd - (size_t)d.scale;
    memcpy(buf + o, digits, ip);
    o += ip;
    buf[o++] = '.';
    if (d.scale == 0) {
      buf[o++] = '0';
    } else {
      memcpy(buf + o, digits + ip, (size_t)d.scale);
      o += (size_t)d.scale;
    }
  }
  buf[o] = 0;
  return o;
}

/* Brings a and b to the same scale; SILA_ERR_TYPE if that overflows even
 * after dropping trailing zeros. */
static SilaStatus align(SilaDecimal *a, SilaDecimal *b) {
  if (a->scale == b->scale)
    return SILA_OK;
  SilaDecimal *lo = a->scale < b->scale ? a : b, *hi = lo == a ? b : a;
  SilaInt128 m;
  if (__builtin_mul_overflow(lo->m, sila_fn_pow10(hi->scale - lo->scale), &m)) {
    *hi = sila_decimal_normalize(*hi);
    if (hi->scale <= lo->scale)
      return align(a, b);
    if (__builtin_mul_overflow(lo->m, sila_fn_pow10(hi->scale - lo->scale), &m))
      return SILA_ERR_TYPE;
  }
  lo->m = m;
  lo->scale = hi->scale;
  return SILA_OK;
}

SilaStatus sila_decimal_add(SilaDecimal a, SilaDecimal b, SilaDecimal *out) {
  if (align(&a, &b))
    return SILA_ERR_TYPE;
  if (__builtin_add_overflow(a.m, b.m, &out->m))
    return SILA_ERR_TYPE;
  out->scale = a.scale;
  return SILA_OK;
}

SilaStatus sila_decimal_sub(SilaDecimal a, SilaDecimal b, SilaDecimal *out) {
  if (align(&a, &b))
    return SILA_ERR_TYPE;
  if (__builtin_sub_overflow(a.m, b.m, &out->m))
    return SILA_ERR_TYPE;
  out->scale = a.scale;
  return SILA_OK;
}

SilaStatus sila_decimal_mul(SilaDecimal a, SilaDecimal b, SilaDecimal *out) {
  SilaInt128 m;
  if (__builtin_mul_overflow(a.m, b.m, &m)) {
    a = sila_decimal_normalize(a);
    b = sila_decimal_normalize(b);
    if (__builtin_mul_overflow(a.m, b.m, &m))
      return SILA_ERR_TYPE;
  }
  int scale = a.scale + b.scale;
  /* more fractional digits than we keep: truncate */
  while (scale > SILA_DEC_MAX_SCALE) {
    m /= 10;
    scale--;
  }
  out->m = m;
  out->scale = scale;
  return SILA_OK;
}

SilaStatus sila_decimal_div(SilaDecimal a, SilaDecimal b, SilaDecimal *out) {
  if (b.m == 0)
    return SILA_ERR_TYPE;
  a = sila_decimal_normalize(a);
  b = sila_decimal_normalize(b);
  SilaInt128 num = a.m;
  int k = 0;
  /* result scale = a.scale + k - b.scale; scale the numerator up while it
   * fits until the quotient has SILA_DEC_DIV_DIGITS fractional digits */
  while (a.scale + k - b.scale < SILA_DEC_DIV_DIGITS) {
    SilaInt128 n;
    if (__builtin_mul_overflow(num, 10, &n))
      break;
    num = n;
    k++;
  }
  SilaInt128 q = num / b.m;
  int rs = a.scale + k - b.scale;
  if (rs < 0) {
    if (__builtin_mul_overflow(q, sila_fn_pow10(-rs), &q))
      return SILA_ERR_TYPE;
    rs = 0;
  }
  out->m = q;
  out->scale = rs;
  *out = sila_decimal_normalize(*out);
  return SILA_OK;
}

int sila_decimal_cmp(SilaDecimal a, SilaDecimal b) {
  if (align(&a, &b) != SILA_OK) {
    /* cannot align exactly: the magnitudes differ enormously, doubles decide */
    double x = sila_decimal_to_double(a), y = sila_decimal_to_double(b);
    return x < y ? -1 : x > y;
  }
  return a.m < b.m ? -1 : a.m > b.m;
}

double sila_decimal_to_double(SilaDecimal d) {
  char buf[64];
  sila_decimal_format(d, buf);
  double x;
  sila_fn_parse_double(buf, strlen(buf), &x);
  return x;
}

SilaStatus sila_decimal_from_double(double x, SilaDecimal *out) {
  if (!isfinite(x) || fabs(x) >= 1e37)
    return SILA_ERR_TYPE;
  /* %.*f of the shortest round-trip digits gives the decimal the user
   * means (0.1 -> 0.1, not 0.1000000000000000055...). */
  char buf[128];
  for (int p = 0; p <= 17; p++) {
    snprintf(buf, sizeof buf, "%.*e", p, x);
    if (strtod(buf, NULL) == x)
      break;
  }
  double r = strtod(buf, NULL);
  int exp = 0;
  const char *e = strchr(buf, 'e');
  if (e)
    sscanf(e + 1, "%d", &exp);
  int sig = 0;
  for (const char *q = buf; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9')
      sig++;
  int frac = sig - 1 - exp;
  if (frac < 0)
    frac = 0;
  if (frac > SILA_DEC_MAX_SCALE)
    frac = SILA_DEC_MAX_SCALE;
  snprintf(buf, sizeof buf, "%.*f", frac, r);
  return sila_decimal_parse(buf, strlen(buf), out) ? SILA_OK : SILA_ERR_TYPE;
}

SilaDecimal sila_fn_decimal_round_to(SilaDecimal d, int digits) {
  if (d.scale <= digits)
    return d;
  SilaInt128 p = sila_fn_pow10(d.scale - digits);
  SilaInt128 q = d.m / p, r = d.m % p;
  if (r < 0)
    r = -r;
  if (r * 2 >= p)
    q += d.m < 0 ? -1 : 1;
  d.m = q;
  d.scale = digits;
  return d;
}

SilaInt128 sila_fn_decimal_trunc(SilaDecimal d) {
  return d.m / sila_fn_pow10(d.scale);
}

SilaDecimal sila_fn_decimal_floor(SilaDecimal d) {
  SilaInt128 p = sila_fn_pow10(d.scale);
  SilaInt128 q = d.m / p;
  if (d.m % p != 0 && d.m < 0)
    q--;
  SilaDecimal r = {q, 0};
  return r;
}

SilaDecimal sila_fn_decimal_ceil(SilaDecimal d) {
  SilaInt128 p = sila_fn_pow10(d.scale);
  SilaInt128 q = d.m / p;
  if (d.m % p != 0 && d.m > 0)
    q++;
  SilaDecimal r = {q, 0};
  return r;
}

/* XPath fn:round: the nearest integer, halves towards positive infinity
 * (round(-2.5) = -2). floor(x + 0.5) does exactly that. */
SilaDecimal sila_fn_decimal_round(SilaDecimal d) {
  SilaDecimal half = {5, 1}, s;
  if (sila_decimal_add(d, half, &s) != SILA_OK)
    return d;
  return sila_fn_decimal_floor(s);
}
