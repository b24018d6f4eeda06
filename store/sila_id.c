/* sila_id.c — values kept inside term IDs.
 *
 * Only canonical lexical forms are inlined, so decoding gives back exactly
 * the input ("01"^^xsd:integer goes to the dictionary).  Integers use
 * offset binary so that ID order is numeric order. */
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
  return false;
}

int64_t sila_id_integer_value(SilaId id) { return (int64_t)(id & PAYLOAD_MASK) - INT_BIAS; }

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
