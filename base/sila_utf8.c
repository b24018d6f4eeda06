/* sila_utf8.c — the UTF-8 codec. */
#include "sila_utf8.h"

#include "sila_term.h" /* sila_hex_value */

size_t sila_utf8_decode(const void *src, size_t n, uint32_t *cp) {
  const unsigned char *s = src;
  if (!n)
    return 0;
  unsigned c = s[0];
  size_t len;
  uint32_t v, min;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

size_t sila_utf8_decode_lax(const void *s, size_t n, uint32_t *cp) {
  size_t len = sila_utf8_decode(s, n, cp);
  if (len)
    return len;
  *cp = 0xFFFD;
  return 1;
}

size_t sila_utf8_encode(uint32_t cp, char out[4]) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

bool sila_utf8_valid(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) { /* the common case, without a call */
      i++;
      continue;
    }
    uint32_t cp;
    size_t len = sila_utf8_decode(s + i, n - i, &cp);
    if (!len)
      return false;
    i += len;
  }
  return true;
}

size_t sila_utf8_count(const char *s, size_t n) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      count++;
  return count;
}

size_t sila_utf8_offset(const char *s, size_t n, size_t ci) {
  size_t i = 0, c = 0;
  while (i < n && c < ci) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    c++;
  }
  return i;
}

size_t sila_uchar_read(const char *s, size_t n, uint32_t *cp) {
  if (n < 2 || s[0] != '\\' || (s[1] != 'u' && s[1] != 'U'))
    return 0;
  size_t digits = s[1] == 'u' ? 4 : 8;
  uint32_t v = 0;
  for (size_t k = 0; k < digits; k++) {
    if (2 + k >= n)
      return 0;
    int h = sila_hex_value(s[2 + k]);
    if (h < 0)
      return 0;
    v = v << 4 | (uint32_t)h;
  }
  *cp = v;
  return digits + 2;
}

/* Windows-1252 0x80..0x9F as Unicode code points (0 = undefined: U+FFFD). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

int sila_utf8_from_cp1252(const unsigned char *data, size_t len, SilaBuf *out) {
  int e = sila_buf_reserve(out, out->len + len + len / 4);
  for (size_t i = 0; !e && i < len; i++) {
    uint32_t c = data[i];
    if (c >= 0x80 && c < 0xA0)
      c = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
    char u[4];
    e |= sila_buf_append(out, u, sila_utf8_encode(c, u));
  }
  return e;
}
