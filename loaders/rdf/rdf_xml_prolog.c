/* rdf_xml_prolog.c — refusing external entities and external DTDs in an
 * RDF/XML document's prolog.
 *
 * libxml2 (under raptor) does not load external entities, but it does not
 * complain either: `<!ENTITY x SYSTEM "file:///etc/passwd">` then `&x;`
 * loads as an empty literal, silently wrong data (and a file read if
 * entity loading were ever switched on).  So the prolog — everything before
 * the root element — is scanned first, and a SYSTEM or PUBLIC identifier in
 * the document type declaration or its internal subset is an error.
 * Internal entities (`<!ENTITY rdf "http://...">`) stay allowed. */
#include <string.h>

#include "rdf_internal.h"

typedef enum { SCAN_NEED_MORE, SCAN_DONE, SCAN_EXTERNAL } ScanResult;

static const char *find(const char *s, size_t from, size_t n, const char *lit) {
  size_t l = strlen(lit);
  for (size_t i = from; i + l <= n; i++)
    if (!memcmp(s + i, lit, l))
      return s + i;
  return NULL;
}

static bool word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':' || c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

/* Skips a quoted string, a comment or a processing instruction at s[*j];
 * false when it runs past the buffer. */
static bool skip_opaque(const char *s, size_t n, size_t *j) {
  if (s[*j] == '"' || s[*j] == '\'') {
    const char *q = memchr(s + *j + 1, s[*j], n - *j - 1);
    if (!q)
      return false;
    *j = (size_t)(q - s) + 1;
    return true;
  }
  const char *close = *j + 4 <= n && !memcmp(s + *j, "<!--", 4) ? "-->" : "?>";
  const char *e = find(s, *j + 2, n, close);
  if (!e)
    return false;
  *j = (size_t)(e - s) + strlen(close);
  return true;
}

/* The document type declaration from s[j] (just after "<!DOCTYPE"). */
static ScanResult scan_doctype(const char *s, size_t n, size_t j, size_t *end, size_t *bad) {
  int subset = 0;
  while (j < n) {
    char c = s[j];
    if (c == '"' || c == '\'' || (subset && c == '<' && j + 1 < n && (s[j + 1] == '?' ||
                                   (j + 3 < n && !memcmp(s + j, "<!--", 4))))) {
      if (!skip_opaque(s, n, &j))
        return SCAN_NEED_MORE;
    } else if (word_char(c)) {
      size_t w = j;
      while (j < n && word_char(s[j]))
        j++;
      if (j == n)
        return SCAN_NEED_MORE;
      if ((j - w == 6 && (!memcmp(s + w, "SYSTEM", 6) || !memcmp(s + w, "PUBLIC", 6)))) {
        *bad = w;
        return SCAN_EXTERNAL;
      }
    } else if (c == '[') {
      subset = 1, j++;
    } else if (c == ']') {
      subset = 0, j++;
    } else if (c == '>' && !subset) {
      *end = j + 1;
      return SCAN_DONE;
    } else {
      j++;
    }
  }
  return SCAN_NEED_MORE;
}

/* Scans the prolog in s[0..n): SCAN_DONE once the root element starts,
 * SCAN_EXTERNAL (with *bad) on an external identifier. */
static ScanResult scan_prolog(const char *s, size_t n, size_t *bad) {
  size_t i = 0;
  while (i < n) {
    if (s[i] != '<') {
      i++;
      continue;
    }
    if (i + 1 >= n)
      return SCAN_NEED_MORE;
    if (s[i + 1] == '?' || (i + 4 <= n && !memcmp(s + i, "<!--", 4))) {
      if (!skip_opaque(s, n, &i))
        return SCAN_NEED_MORE;
    } else if (s[i + 1] == '!') {
      if (i + 9 > n)
        return SCAN_NEED_MORE;
      if (memcmp(s + i, "<!DOCTYPE", 9)) {
        i += 2;
        continue;
      }
      ScanResult r = scan_doctype(s, n, i + 9, &i, bad);
      if (r != SCAN_DONE)
        return r;
    } else {
      return SCAN_DONE; /* the root element */
    }
  }
  return SCAN_NEED_MORE;
}

int rdf_xml_prolog_feed(RdfXmlProlog *p, const char *data, size_t len, bool at_end, SilaError *err) {
  if (p->done)
    return 0;
  if (sila_buf_append(&p->text, data, len)) {
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    return -1;
  }
  size_t bad = 0;
  ScanResult r = scan_prolog(p->text.data, p->text.len, &bad);
  if (r == SCAN_EXTERNAL) {
    unsigned long line = 1, col = 1;
    for (size_t i = 0; i < bad; i++) {
      if (p->text.data[i] == '\n')
        line++, col = 1;
      else if ((p->text.data[i] & 0xC0) != 0x80) /* a column is a character */
        col++;
    }
    sila_error_set(err, SILA_ERR_SYNTAX, line, col,
                   "external entities and external DTDs (%.6s) are not allowed in RDF/XML",
                   p->text.data + bad);
    return -1;
  }
  if (r == SCAN_NEED_MORE && !at_end && p->text.len > RDF_XML_PROLOG_MAX) {
    sila_error_set(err, SILA_ERR_LIMIT, 1, 1, "the XML prolog is longer than %d bytes",
                   RDF_XML_PROLOG_MAX);
    return -1;
  }
  if (r == SCAN_DONE || at_end) {
    p->done = true;
    sila_buf_free(&p->text);
  }
  return 0;
}

void rdf_xml_prolog_free(RdfXmlProlog *p) { sila_buf_free(&p->text); }
