/* test_range_bounds.c — the ID bounds that numeric range scans use
 * (store/sila_id.c: sila_id_from_integer, sila_id_decimal_bound;
 * sparql/exec_range.c reads a predicate's objects between them).
 *
 * The property a range scan needs: an inline decimal whose value is >= v
 * has an ID >= sila_id_decimal_bound(v, false), and one whose value is
 * <= v an ID <= sila_id_decimal_bound(v, true) — for every v, near and at
 * the decimal's own value, positive, negative, zero, tiny and huge.  Checked
 * on random decimals and bounds, and on values written with extra zeros. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_store.h"
#include "test_harness.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* A random canonical decimal "-?I.F" with 1..15 significant digits. */
static void random_decimal(char *buf, size_t cap) {
  int ndig = 1 + (int)(next_rand() % 15);
  int point = (int)(next_rand() % 23) - 10; /* digits before the point, may be <= 0 */
  char digits[16];
  for (int i = 0; i < ndig; i++)
    digits[i] = (char)('0' + next_rand() % 10);
  digits[0] = (char)('1' + next_rand() % 9);
  digits[ndig] = 0;
  char *p = buf;
  if (next_rand() % 2)
    *p++ = '-';
  if (point <= 0) {
    *p++ = '0';
    *p++ = '.';
    for (int i = 0; i < -point; i++)
      *p++ = '0';
    memcpy(p, digits, (size_t)ndig);
    p += ndig;
  } else if (point >= ndig) {
    memcpy(p, digits, (size_t)ndig);
    p += ndig;
    for (int i = ndig; i < point; i++)
      *p++ = '0';
    *p++ = '.';
    *p++ = '0';
  } else {
    memcpy(p, digits, (size_t)point);
    p += point;
    *p++ = '.';
    memcpy(p, digits + point, (size_t)(ndig - point));
    p += ndig - point;
  }
  /* Some with trailing zeros, as amounts are written ("1.50"). */
  for (int z = (int)(next_rand() % 4) - 2; z > 0; z--)
    *p++ = '0';
  *p = 0;
  (void)cap;
}

static bool inline_decimal(const char *text, SilaId *id) {
  SilaTerm t = sila_term_literal(text, XSD "decimal", NULL);
  return sila_id_inline(&t, id) && sila_id_tag(*id) == SILA_TAG_DECIMAL;
}

/* The property for one decimal and one bound. */
static int check_bound(const char *text, SilaId id, double x, double v) {
  int bad = 0;
  if (x >= v && id < sila_id_decimal_bound(v, false)) {
    fprintf(stderr, "lower bound %.17g excludes %s\n", v, text);
    bad = 1;
  }
  if (x <= v && id > sila_id_decimal_bound(v, true)) {
    fprintf(stderr, "upper bound %.17g excludes %s\n", v, text);
    bad = 1;
  }
  return bad;
}

int main(void) {
  /* Integers: IDs in value order, negative ones included. */
  CHECK(sila_id_from_integer(-5) < sila_id_from_integer(-4));
  CHECK(sila_id_from_integer(-1) < sila_id_from_integer(0));
  CHECK(sila_id_from_integer(0) < sila_id_from_integer(1));
  CHECK(sila_id_from_integer(-SILA_ID_INTEGER_MAX) < sila_id_from_integer(SILA_ID_INTEGER_MAX));
  CHECK_INT(SILA_ID_INTEGER_MAX, sila_id_integer_value(sila_id_from_integer(SILA_ID_INTEGER_MAX)));
  CHECK_INT(-SILA_ID_INTEGER_MAX, sila_id_integer_value(sila_id_from_integer(-SILA_ID_INTEGER_MAX)));
  {
    SilaTerm t = sila_term_literal("-42", XSD "integer", NULL);
    SilaId id = 0;
    CHECK(sila_id_inline(&t, &id) && id == sila_id_from_integer(-42));
  }

  /* Decimals: random values against bounds at, just around and far from
   * their own value, and against fixed bounds. */
  int failures = 0, tried = 0;
  const double fixed[] = {0.0, -0.0, 1e-12, -1e-12, 1e-10, 5e-11, 1.0, -1.0, 4.5, -4.5,
                          1e21, 9.99e21, 1e22, -1e22, 1e30, -1e30, HUGE_VAL, -HUGE_VAL};
  for (int i = 0; i < 200000; i++) {
    char text[64];
    random_decimal(text, sizeof text);
    SilaId id;
    if (!inline_decimal(text, &id))
      continue;
    tried++;
    double x = strtod(text, NULL);
    double around[] = {x, nextafter(x, HUGE_VAL), nextafter(x, -HUGE_VAL), x * (1 + 1e-15),
                       x * (1 - 1e-15), x * 1.001, x * 0.999, x + 1, x - 1};
    for (size_t k = 0; k < sizeof around / sizeof around[0]; k++)
      failures += check_bound(text, id, x, around[k]);
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
      failures += check_bound(text, id, x, fixed[k]);
    if (failures > 20)
      break;
  }
  CHECK(tried > 100000);
  CHECK_INT(0, failures);

  /* The range is narrow: a bound near 4.5 keeps 4.5 and leaves out 4.4 and 4.6. */
  SilaId d44, d45, d46, d450;
  CHECK(inline_decimal("4.4", &d44) && inline_decimal("4.5", &d45) &&
        inline_decimal("4.6", &d46) && inline_decimal("4.50", &d450));
  CHECK(d45 >= sila_id_decimal_bound(4.5, false) && d45 <= sila_id_decimal_bound(4.5, true));
  CHECK(d450 >= sila_id_decimal_bound(4.5, false) && d450 <= sila_id_decimal_bound(4.5, true));
  CHECK(d44 < sila_id_decimal_bound(4.5, false));
  CHECK(d46 > sila_id_decimal_bound(4.5, true));
  /* NaN: the whole tag (the caller treats NaN as no match anyway). */
  CHECK(sila_id_decimal_bound(NAN, false) <= d44 && sila_id_decimal_bound(NAN, true) >= d46);
  return TEST_REPORT();
}
