/* rdf_util.c — character-class helpers of the RDF grammars. */
#include "rdf_internal.h"

#include <stdio.h>

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
