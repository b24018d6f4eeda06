/* sila_id.c — values kept inside term IDs.
 *
 * Only lexical forms that decoding gives back exactly are inlined
 * ("01"^^xsd:integer, "+1.5"^^xsd:decimal go to the dictionary).
 * Integers use offset binary and decimals a sign / exponent / mantissa
 * layout, so that within one tag ID order is value order; dates and
 * dateTimes pack their fields from the year down.  Reading such a value
 * then costs no dictionary lookup (ORDER BY over amounts, date filters). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define PAYLOAD_MASK ((1ULL << 60) - 1)
#define INT_BIAS (1LL << 59)

static SilaId make_id(SilaIdTag tag, uint64_t payload) {
  return ((SilaId)tag << 60) | (payload & PAYLOAD_MASK);
}

static bool parse_canonical_integer(const char *s, size_t n, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  if (n && s[0] == '-') {
    neg = true;
    i = 1;
  }
  if (i == n || n - i > 18)
    return false; /* 18 digits keep |v| < 2^59 */
  if (s[i] == '0' && (n - i > 1 || neg))
    return false; /* leading zero, or "-0" */
  int64_t v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  if (v >= INT_BIAS)
    return false;
  *out = neg ? -v : v;
  return true;
}

/* ---- xsd:decimal ----------------------------------------------------------
 * Inlined: -?(0|[1-9][0-9]*)\.[0-9]+ (not "-0.0…"), with up to 15
 * significant digits and the leading one at 10^-10 .. 10^21, and at most 15
 * zeros after the last significant fraction digit ("1234.50", as amounts
 * are written, keeps its zero).  Payload: sign bit 59 (set for values >= 0);
 * the magnitude is exponent << 54 | 15-digit mantissa << 4 | extra zeros,
 * a negative value mirroring it below 2^59: ID order is value order, and
 * equal values written differently sit side by side. */

#define DEC_DIGITS 15
#define DEC_EXP_MIN (-10)
#define DEC_EXP_MAX 21
#define DEC_ZERO (1ULL << 59)
#define DEC_MANT_BITS 50

static bool decimal_inline(const char *s, size_t n, uint64_t *payload) {
  if (n >= SILA_TERM_BUF)
    return false; /* decoding writes the same n bytes into a SILA_TERM_BUF */
  size_t i = 0;
  bool neg = n && s[0] == '-';
  if (neg)
    i = 1;
  const char *dot = memchr(s + i, '.', n - i);
  if (!dot)
    return false;
  size_t ib = i, ie = (size_t)(dot - s), fb = ie + 1, fe = n;
  if (ie == ib || fe == fb)
    return false;
  for (size_t k = ib; k < n; k++)
    if (k != ie && (s[k] < '0' || s[k] > '9'))
      return false;
  if (s[ib] == '0' && ie - ib > 1)
    return false; /* leading zero */
  /* Zeros ending the fraction beyond the shortest form ("x.0" for an
   * integral value) are counted, not stored as digits. */
  size_t last = fe;
  while (last > fb && s[last - 1] == '0')
    last--;
  size_t extra = fe - (last == fb ? fb + 1 : last);
  if (extra > 15)
    return false;
  /* The significant digits: from the first non-zero one to the last. */
  size_t first = ib;
  while (first < last && (s[first] == '0' || first == ie))
    first++;
  if (first == last) { /* zero */
    if (neg)
      return false; /* "-0.0" */
    *payload = DEC_ZERO | extra;
    return true;
  }
  int lead = first < ie ? (int)(ie - first) - 1 : -(int)(first - ie);
  if (lead < DEC_EXP_MIN || lead > DEC_EXP_MAX)
    return false;
  size_t end = last;
  if (end <= ie) /* integral value: drop the integer part's trailing zeros */
    end = ie;
  while (end > first && (s[end - 1] == '0' || end - 1 == ie))
    end--;
  uint64_t m = 0;
  int digits = 0;
  for (size_t k = first; k < end; k++) {
    if (k == ie)
      continue;
    if (++digits > DEC_DIGITS)
      return false;
    m = m * 10 + (uint64_t)(s[k] - '0');
  }
  for (; digits < DEC_DIGITS; digits++)
    m *= 10;
  uint64_t mag = ((uint64_t)(lead - DEC_EXP_MIN) << 54) | m << 4 | extra;
  *payload = neg ? DEC_ZERO - 1 - mag : DEC_ZERO | mag;
  return true;
}

/* The parts of an inline decimal: the significant digits without trailing
 * zeros (k of them), the power of ten of the first, and the extra zeros. */
typedef struct {
  bool neg;
  uint64_t sig;
  int k, lead;
  unsigned extra;
} DecParts;

static DecParts decimal_parts(uint64_t payload) {
  DecParts d = {0};
  d.neg = payload < DEC_ZERO;
  uint64_t mag = d.neg ? DEC_ZERO - 1 - payload : payload & (DEC_ZERO - 1);
  d.extra = (unsigned)(mag & 15);
  d.sig = (mag >> 4) & ((1ULL << DEC_MANT_BITS) - 1);
  d.lead = (int)(mag >> 54) + DEC_EXP_MIN;
  d.k = DEC_DIGITS;
  if (d.sig == 0) {
    d.k = 0;
    return d;
  }
  while (d.sig % 10 == 0 && d.k > 1) {
    d.sig /= 10;
    d.k--;
  }
  return d;
}

static size_t decimal_format(uint64_t payload, char *buf) {
  DecParts d = decimal_parts(payload);
  char digits[DEC_DIGITS + 1];
  uint64_t v = d.sig;
  for (int i = d.k - 1; i >= 0; i--, v /= 10)
    digits[i] = (char)('0' + v % 10);
  char *p = buf;
  if (d.k == 0) {
    *p++ = '0', *p++ = '.', *p++ = '0';
  } else {
    if (d.neg)
      *p++ = '-';
    if (d.lead < 0) {
      *p++ = '0', *p++ = '.';
      for (int z = 0; z < -d.lead - 1; z++)
        *p++ = '0';
      memcpy(p, digits, (size_t)d.k);
      p += d.k;
    } else {
      for (int j = 0; j <= d.lead; j++)
        *p++ = j < d.k ? digits[j] : '0';
      *p++ = '.';
      if (d.k > d.lead + 1) {
        memcpy(p, digits + d.lead + 1, (size_t)(d.k - d.lead - 1));
        p += d.k - d.lead - 1;
      } else {
        *p++ = '0';
      }
    }
  }
  for (unsigned z = 0; z < d.extra; z++)
    *p++ = '0';
  *p = '\0';
  return (size_t)(p - buf);
}

bool sila_id_decimal(SilaId id, bool *negative, uint64_t *digits, int *exponent, int *scale) {
  if (sila_id_tag(id) != SILA_TAG_DECIMAL)
    return false;
  DecParts d = decimal_parts(id & PAYLOAD_MASK);
  *negative = d.neg;
  *digits = d.sig;
  *exponent = d.k ? d.lead - d.k + 1 : 0;
  /* Fraction digits written: at least one, plus the extra zeros. */
  int frac = d.k && d.k - 1 - d.lead > 0 ? d.k - 1 - d.lead : 1;
  *scale = frac + (int)d.extra;
  return true;
}

/* ---- xsd:date and xsd:dateTime ----------------------------------------------
 * Inlined: years 0001..9999 written with four digits, no time zone or "Z";
 * dateTime seconds with at most three fraction digits and no trailing zero.
 * Fields are packed from the year down so that, time zones aside, ID order
 * is time order; the low bit says "Z". */

static bool digits_at(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

/* "YYYY-MM-DD" at s: the packed day number, or false. */
static bool date_fields(const char *s, uint64_t *out) {
  int y, m, d;
  if (!digits_at(s, 4, &y) || s[4] != '-' || !digits_at(s + 5, 2, &m) || s[7] != '-' ||
      !digits_at(s + 8, 2, &d) || y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
    return false;
  *out = ((uint64_t)y * 13 + (uint64_t)m) * 32 + (uint64_t)d;
  return true;
}

static bool date_inline(const char *s, size_t n, uint64_t *payload) {
  uint64_t day;
  bool z = n == 11 && s[10] == 'Z';
  if ((n != 10 && !z) || !date_fields(s, &day))
    return false;
  *payload = day << 1 | z;
  return true;
}

static bool datetime_inline(const char *s, size_t n, uint64_t *payload) {
  uint64_t day;
  int hh, mm, ss, ms = 0;
  bool z = n > 19 && s[n - 1] == 'Z';
  size_t end = z ? n - 1 : n;
  if (end < 19 || !date_fields(s, &day) || s[10] != 'T' || !digits_at(s + 11, 2, &hh) ||
      s[13] != ':' || !digits_at(s + 14, 2, &mm) || s[16] != ':' || !digits_at(s + 17, 2, &ss) ||
      hh > 23 || mm > 59 || ss > 59)
    return false;
  if (end > 19) {
    size_t f = end - 20;
    if (s[19] != '.' || f < 1 || f > 3 || s[end - 1] == '0' || !digits_at(s + 20, f, &ms))
      return false;
    for (; f < 3; f++)
      ms *= 10;
  }
  uint64_t secs = ((day * 24 + (uint64_t)hh) * 60 + (uint64_t)mm) * 60 + (uint64_t)ss;
  *payload = (secs * 1000 + (uint64_t)ms) << 1 | z;
  return true;
}

static size_t date_format(uint64_t day, char *buf) {
  unsigned d = (unsigned)(day % 32), m = (unsigned)(day / 32 % 13), y = (unsigned)(day / 32 / 13);
  return (size_t)snprintf(buf, 12, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
}

static size_t datetime_format(uint64_t payload, char *buf) {
  bool z = payload & 1;
  uint64_t v = payload >> 1;
  unsigned ms = (unsigned)(v % 1000);
  v /= 1000;
  unsigned ss = (unsigned)(v % 60), mi = (unsigned)(v / 60 % 60), hh = (unsigned)(v / 3600 % 24);
  size_t n = date_format(v / 86400, buf);
  n += (size_t)snprintf(buf + n, 10, "T%02u:%02u:%02u", hh, mi, ss);
  if (ms) {
    n += (size_t)snprintf(buf + n, 5, ".%03u", ms);
    while (buf[n - 1] == '0')
      n--;
  }
  if (z)
    buf[n++] = 'Z';
  buf[n] = '\0';
  return n;
}

static bool typed_inline(SilaIdTag tag, const SilaTerm *t, SilaId *out) {
  uint64_t payload;
  bool ok = tag == SILA_TAG_DECIMAL ? decimal_inline(t->value, t->value_len, &payload)
            : tag == SILA_TAG_DATE  ? date_inline(t->value, t->value_len, &payload)
                                    : datetime_inline(t->value, t->value_len, &payload);
  if (ok)
    *out = make_id(tag, payload);
  return ok;
}

static void set_typed(SilaTerm *t, char *buf, size_t len, const char *dt) {
  t->kind = SILA_TERM_LITERAL;
  t->value = buf;
  t->value_len = len;
  t->datatype = dt;
  t->datatype_len = strlen(dt);
}

bool sila_id_inline(const SilaTerm *t, SilaId *out) {
  if (t->kind != SILA_TERM_LITERAL || t->lang)
    return false;
  if (!t->datatype) {
    if (t->value_len > 7 || memchr(t->value, '\0', t->value_len))
      return false;
    uint64_t payload = 0;
    for (size_t i = 0; i < 7; i++)
      payload = (payload << 8) | (i < t->value_len ? (unsigned char)t->value[i] : 0);
    *out = make_id(SILA_TAG_SHORTSTR, (payload << 4) | t->value_len);
    return true;
  }
  if (sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "integer")) {
    int64_t v;
    if (!parse_canonical_integer(t->value, t->value_len, &v))
      return false;
    *out = make_id(SILA_TAG_INTEGER, (uint64_t)(v + INT_BIAS));
    return true;
  }
  if (sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "boolean")) {
    if (t->value_len == 4 && !memcmp(t->value, "true", 4))
      *out = make_id(SILA_TAG_BOOLEAN, 1);
    else if (t->value_len == 5 && !memcmp(t->value, "false", 5))
      *out = make_id(SILA_TAG_BOOLEAN, 0);
    else
      return false;
    return true;
  }
  if (sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "decimal"))
    return typed_inline(SILA_TAG_DECIMAL, t, out);
  if (sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "date"))
    return typed_inline(SILA_TAG_DATE, t, out);
  if (sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "dateTime"))
    return typed_inline(SILA_TAG_DATETIME, t, out);
  return false;
}

int64_t sila_id_integer_value(SilaId id) { return (int64_t)(id & PAYLOAD_MASK) - INT_BIAS; }

SilaId sila_id_from_integer(int64_t v) { return make_id(SILA_TAG_INTEGER, (uint64_t)(v + INT_BIAS)); }

/* ---- bounds of a range of decimal values ------------------------------------
 * The magnitude field (exponent << 54 | mantissa << 4 | extra zeros) of a
 * positive value a, rounded down (up) past every inline decimal whose value
 * is below (above) a: the mantissa is computed in double precision, so it
 * is widened by two units of its 15th digit, far more than the rounding. */
#define DEC_MANT_MIN 100000000000000ULL /* 10^14: 15 digits */
#define DEC_MANT_MAX 999999999999999ULL

static uint64_t dec_mag(int lead, uint64_t m, unsigned extra) {
  return ((uint64_t)(lead - DEC_EXP_MIN) << 54) | m << 4 | extra;
}

static uint64_t decimal_mag_bound(double a, bool up) {
  if (!(a >= 1e-10)) /* below the smallest inline magnitude (or NaN) */
    return up ? dec_mag(DEC_EXP_MIN, DEC_MANT_MIN, 15) : 0;
  if (a >= 1e22)
    return up ? dec_mag(DEC_EXP_MAX, DEC_MANT_MAX, 15) : dec_mag(DEC_EXP_MAX, DEC_MANT_MAX, 0);
  int lead = (int)floor(log10(a));
  double m = a * pow(10.0, DEC_DIGITS - 1 - lead);
  while (m >= 1e15 && lead < DEC_EXP_MAX + 1)
    m /= 10, lead++;
  while (m < 1e14 && lead > DEC_EXP_MIN - 1)
    m *= 10, lead--;
  if (up) {
    double c = ceil(m) + 2;
    if (lead > DEC_EXP_MAX || (lead == DEC_EXP_MAX && c > (double)DEC_MANT_MAX))
      return dec_mag(DEC_EXP_MAX, DEC_MANT_MAX, 15);
    if (lead < DEC_EXP_MIN)
      return dec_mag(DEC_EXP_MIN, DEC_MANT_MIN, 15);
    if (c > (double)DEC_MANT_MAX) /* the next exponent's smallest is above */
      return dec_mag(lead + 1, DEC_MANT_MIN + 1, 15);
    return dec_mag(lead, (uint64_t)c, 15);
  }
  double f = floor(m) - 2;
  if (lead < DEC_EXP_MIN || (lead == DEC_EXP_MIN && f < (double)DEC_MANT_MIN))
    return 0;
  if (lead > DEC_EXP_MAX)
    return dec_mag(DEC_EXP_MAX, DEC_MANT_MAX, 0);
  if (f < (double)DEC_MANT_MIN) /* the exponent below's largest is below */
    return dec_mag(lead - 1, DEC_MANT_MIN, 0);
  return dec_mag(lead, (uint64_t)f, 0);
}

SilaId sila_id_decimal_bound(double v, bool upper) {
  if (isnan(v))
    return make_id(SILA_TAG_DECIMAL, upper ? PAYLOAD_MASK : 0);
  /* A negative value mirrors its magnitude below DEC_ZERO. */
  if (upper)
    return make_id(SILA_TAG_DECIMAL, v >= 0 ? DEC_ZERO | decimal_mag_bound(v, true)
                                            : DEC_ZERO - 1 - decimal_mag_bound(-v, false));
  return make_id(SILA_TAG_DECIMAL, v > 0 ? DEC_ZERO | decimal_mag_bound(v, false)
                                         : DEC_ZERO - 1 - decimal_mag_bound(-v, true));
}

bool sila_id_decode_inline(SilaId id, SilaTerm *t, char *buf) {
  memset(t, 0, sizeof *t);
  uint64_t payload = id & PAYLOAD_MASK;
  switch (sila_id_tag(id)) {
  case SILA_TAG_BLANK:
    t->kind = SILA_TERM_BLANK;
    t->value_len = (size_t)snprintf(buf, SILA_TERM_BUF, "b%llx", (unsigned long long)payload);
    t->value = buf;
    return true;
  case SILA_TAG_INTEGER:
    t->kind = SILA_TERM_LITERAL;
    t->value_len = (size_t)snprintf(buf, SILA_TERM_BUF, "%lld", (long long)sila_id_integer_value(id));
    t->value = buf;
    t->datatype = SILA_NS_XSD "integer";
    t->datatype_len = strlen(t->datatype);
    return true;
  case SILA_TAG_BOOLEAN:
    t->kind = SILA_TERM_LITERAL;
    t->value = payload ? "true" : "false";
    t->value_len = payload ? 4 : 5;
    t->datatype = SILA_NS_XSD "boolean";
    t->datatype_len = strlen(t->datatype);
    return true;
  case SILA_TAG_DECIMAL:
    set_typed(t, buf, decimal_format(payload, buf), SILA_NS_XSD "decimal");
    return true;
  case SILA_TAG_DATE: {
    size_t n = date_format(payload >> 1, buf);
    if (payload & 1)
      buf[n++] = 'Z', buf[n] = '\0';
    set_typed(t, buf, n, SILA_NS_XSD "date");
    return true;
  }
  case SILA_TAG_DATETIME:
    set_typed(t, buf, datetime_format(payload, buf), SILA_NS_XSD "dateTime");
    return true;
  case SILA_TAG_SHORTSTR: {
    size_t n = payload & 7;
    uint64_t bytes = payload >> 4;
    for (size_t i = 0; i < 7; i++)
      buf[i] = (char)(bytes >> (8 * (6 - i)));
    buf[n] = '\0';
    t->kind = SILA_TERM_LITERAL;
    t->value = buf;
    t->value_len = n;
    return true;
  }
  default:
    return false;
  }
}
