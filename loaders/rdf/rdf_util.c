/* rdf_util.c — character-class helpers of the RDF grammars. */
#include "rdf_internal.h"

#include <stdio.h>
#include <string.h>

bool rdf_is_pn_chars_base(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

const char *rdf_describe(const char *p, size_t avail, char *buf, size_t size) {
  if (!avail)
    return "end of input";
  unsigned char c = (unsigned char)*p;
  if (c == '\n' || c == '\r')
    return "end of line";
  if (c > 0x20 && c < 0x7F) {
    snprintf(buf, size, "'%c'", c);
  } else if (c == ' ') {
    snprintf(buf, size, "space");
  } else {
    uint32_t cp;
    int n = sila_utf8_decode((const unsigned char *)p, avail, &cp);
    if (n > 1)
      snprintf(buf, size, "'%.*s' (U+%04X)", n, p, (unsigned)cp);
    else
      snprintf(buf, size, "byte 0x%02X", c);
  }
  return buf;
}

const char *rdf_langtag_problem(const char *tag, size_t len) {
  size_t i = 0, sub = 0;
  for (;;) {
    size_t start = i;
    while (i < len && ((tag[i] >= 'a' && tag[i] <= 'z') || (tag[i] >= 'A' && tag[i] <= 'Z') ||
                       (sub && tag[i] >= '0' && tag[i] <= '9')))
      i++;
    if (i == start)
      return "invalid language tag";
    if (i - start > 8)
      return "invalid language tag (a subtag has at most 8 characters)";
    sub++;
    if (i == len)
      return NULL;
    if (tag[i] != '-')
      return "invalid language tag";
    if (i + 1 < len && tag[i + 1] == '-') { /* RDF 1.2 base direction: --ltr or --rtl */
      size_t dl = len - i - 2;
      if (dl == 3 && (!memcmp(tag + i + 2, "ltr", 3) || !memcmp(tag + i + 2, "rtl", 3)))
        return NULL;
      return "invalid base direction (--ltr or --rtl)";
    }
    i++;
  }
}
