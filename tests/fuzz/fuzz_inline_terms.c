/* fuzz_inline_terms.c — libFuzzer target for the term IDs that carry their
 * value (sila_id.c): every literal the encoder accepts for xsd:integer,
 * decimal, date, dateTime, boolean or a short string must decode to the
 * same bytes, and inline IDs of one tag must order as their values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sila_store.h"

static const char *const datatypes[] = {
    NULL,
    SILA_NS_XSD "integer",
    SILA_NS_XSD "decimal",
    SILA_NS_XSD "date",
    SILA_NS_XSD "dateTime",
    SILA_NS_XSD "boolean",
};

/* Encodes s as a literal of datatype dt; aborts when it does not decode
 * back to exactly s.  Returns the ID (0 when not inlined). */
static SilaId roundtrip(const char *s, size_t n, const char *dt) {
  SilaTerm t = {SILA_TERM_LITERAL, s, n, dt, dt ? strlen(dt) : 0, NULL, 0, NULL};
  SilaId id;
  if (!sila_id_inline(&t, &id))
    return 0;
  SilaTerm back;
  char buf[SILA_TERM_BUF];
  if (!sila_id_decode_inline(id, &back, buf) || back.kind != SILA_TERM_LITERAL ||
      back.value_len != n || memcmp(back.value, s, n) != 0 ||
      (dt && (!back.datatype || strcmp(back.datatype, dt) != 0)) || (!dt && back.datatype))
    abort();
  return id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 64)
    return 0;
  /* First byte: the datatype; the rest, split at the first '|': two lexical
   * forms (the second for an order check between decimals). */
  const char *dt = datatypes[data[0] % (sizeof datatypes / sizeof datatypes[0])];
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  const char *bar = memchr(s, '|', n);
  size_t n1 = bar ? (size_t)(bar - s) : n;
  SilaId a = roundtrip(s, n1, dt);
  if (bar) {
    SilaId b = roundtrip(bar + 1, n - n1 - 1, dt);
    /* Two inline integers: ID order is numeric order. */
    if (a && b && sila_id_tag(a) == SILA_TAG_INTEGER && sila_id_tag(b) == SILA_TAG_INTEGER) {
      int64_t x = sila_id_integer_value(a), y = sila_id_integer_value(b);
      if ((x < y) != (a < b))
        abort();
    }
    /* Two inline decimals: ID order (trailing zeros aside) is value order. */
    bool na, nb;
    uint64_t da, db;
    int ea, eb, sa, sb;
    if (a && b && sila_id_decimal(a, &na, &da, &ea, &sa) && sila_id_decimal(b, &nb, &db, &eb, &sb)) {
      long double va = (long double)da, vb = (long double)db;
      for (int i = 0; i < (ea < 0 ? -ea : ea); i++)
        va = ea < 0 ? va / 10 : va * 10;
      for (int i = 0; i < (eb < 0 ? -eb : eb); i++)
        vb = eb < 0 ? vb / 10 : vb * 10;
      if (na)
        va = -va;
      if (nb)
        vb = -vb;
      if (va < vb && (a >> 4) >= (b >> 4))
        abort();
      if (va > vb && (a >> 4) <= (b >> 4))
        abort();
    }
  }
  return 0;
}
