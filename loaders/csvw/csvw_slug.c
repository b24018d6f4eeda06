/* csvw_slug.c — the slug rule (csvw_slug.h). */
#include <string.h>

#include "csvw_slug.h"

/* The base letter of a two-byte UTF-8 Latin-1 letter (C3 xx), or 0. */
static char latin1_base(unsigned char b) {
  /* C3 80..BF → U+00C0..U+00FF */
  static const char map[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
  char c = map[b & 0x3F];
  return (c == 'x' || c == '/') ? 0 : c;
}

size_t sila_csvw_slug(const char *s, size_t len, char *out, size_t size) {
  size_t n = 0;
  int dash = 0; /* a separator is pending */
  if (!size)
    return 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char w = 0;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      w = (char)c;
    } else if (c >= 'A' && c <= 'Z') {
      w = (char)(c + 32);
    } else if (c == '\'' || (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                             (unsigned char)s[i + 2] == 0x99)) {
      i += c == 0xE2 ? 2 : 0; /* apostrophes (' and U+2019) join */
      continue;
    } else if (c == 0xC3 && i + 1 < len) {
      w = latin1_base((unsigned char)s[++i]);
      if (w >= 'A' && w <= 'Z')
        w = (char)(w + 32);
    } else if (c >= 0x80) {
      while (i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
        i++; /* another character: a separator */
    }
    if (!w) {
      dash = n > 0;
      continue;
    }
    if (dash && n + 1 < size) {
      out[n++] = '-';
      dash = 0;
    }
    if (n + 1 < size)
      out[n++] = w;
  }
  out[n] = '\0';
  return n;
}
