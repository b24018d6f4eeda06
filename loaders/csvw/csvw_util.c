/* csvw_util.c — strings, IRI resolution, percent-encoding, URI templates. */
#include "csvw_util.h"

#include <jansson.h>

#include "sila_iri.h"
#include "sila_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set when an allocation of the mapper failed; sila_csvw_map turns it
 * into SILA_ERR_NOMEM (see csvw_util.h). */
static _Thread_local bool out_of_memory;

void sila_csvw_nomem_reset(void) { out_of_memory = false; }
bool sila_csvw_nomem(void) { return out_of_memory; }
void sila_csvw_nomem_note(void) { out_of_memory = true; }
bool sila_csvw_buf_ok(int rc) {
  if (rc)
    out_of_memory = true;
  return rc == 0;
}

/* jansson's allocations too: a metadata document missing a property
 * because json_object_set failed must not map as if it never had it.  Set
 * once when the library is loaded (before any thread can use jansson). */
static void *json_alloc_noting(size_t n) {
  void *p = malloc(n);
  if (!p)
    out_of_memory = true;
  return p;
}

__attribute__((constructor)) static void watch_jansson_allocations(void) {
  json_set_alloc_funcs(json_alloc_noting, free);
}

void *sila_csvw_alloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory = true;
  return p;
}

void *sila_csvw_grow(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    out_of_memory = true;
  return q;
}

char *sila_csvw_strndup(const char *s, size_t n) {
  char *d = sila_csvw_alloc(n + 1);
  if (!d)
    return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *sila_csvw_strdup(const char *s) { return s ? sila_csvw_strndup(s, strlen(s)) : NULL; }

char *sila_csvw_aprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = sila_csvw_alloc((size_t)(n < 0 ? 0 : n) + 1);
  if (!s)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* ---- IRIs: base/'s resolver (sila_iri.h), as a new string ---- */

char *sila_csvw_iri_resolve(const char *base, const char *ref) {
  SilaBuf out = SILA_BUF_INIT;
  if (sila_iri_resolve_buf(&out, base, base ? strlen(base) : 0, ref, strlen(ref)) != 0) {
    sila_csvw_nomem_note();
    sila_buf_free(&out);
    return NULL;
  }
  return out.data ? out.data : sila_csvw_strdup("");
}

char *sila_csvw_iri_strip_fragment(const char *s) {
  return sila_csvw_strndup(s, strcspn(s, "#"));
}

char *sila_csvw_pct_encode_name(const char *s) {
  SilaBuf b = SILA_BUF_INIT;
  int e = sila_buf_reserve(&b, strlen(s) + 1);
  for (const unsigned char *p = (const unsigned char *)s; *p && !e; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '.' || *p == '_')
      e |= sila_buf_putc(&b, (char)*p);
    else
      e |= sila_buf_printf(&b, "%%%02X", *p);
  }
  if (!sila_csvw_buf_ok(e)) {
    sila_buf_free(&b);
    return NULL;
  }
  b.data[b.len] = '\0';
  return b.data;
}

/* ---- URI templates (RFC 6570) ---- */

static bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

static bool is_reserved(unsigned char c) { return c && strchr(":/?#[]@!$&'()*+,;=", c) != NULL; }

static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void put_encoded(SilaBuf *b, const char *s, size_t n, bool allow_reserved) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_unreserved(c) || (allow_reserved && is_reserved(c)))
      sila_csvw_buf_ok(sila_buf_putc(b, (char)c));
    else if (allow_reserved && c == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2]))
      sila_csvw_buf_ok(sila_buf_putc(b, '%'));
    else
      sila_csvw_buf_ok(sila_buf_printf(b, "%%%02X", c));
  }
}

static bool expand_expr(SilaBuf *out, const char *e, size_t n, SilaCsvwTLookup lookup, void *ctx) {
  char op = 0;
  if (n && strchr("+#./;?&", e[0])) {
    op = e[0];
    e++;
    n--;
  } else if (n && strchr("=,!@|", e[0])) {
    return false;
  }
  const char *first = "", *sep = ",";
  bool named = false, ifemp_eq = false, allow_res = false;
  switch (op) {
  case '+': allow_res = true; break;
  case '#': first = "#"; allow_res = true; break;
  case '.': first = "."; sep = "."; break;
  case '/': first = "/"; sep = "/"; break;
  case ';': first = ";"; sep = ";"; named = true; break;
  case '?': first = "?"; sep = "&"; named = true; ifemp_eq = true; break;
  case '&': first = "&"; sep = "&"; named = true; ifemp_eq = true; break;
  default: break;
  }
  bool any = false;
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && e[j] != ',')
      j++;
    const char *var = e + i;
    size_t vn = j - i;
    bool explode = false;
    long prefix = -1;
    const char *colon = memchr(var, ':', vn);
    if (vn && var[vn - 1] == '*') {
      explode = true;
      vn--;
    } else if (colon) {
      prefix = strtol(colon + 1, NULL, 10);
      if (prefix <= 0 || prefix > 9999)
        return false;
      vn = (size_t)(colon - var);
    }
    if (vn == 0)
      return false;
    SilaCsvwTVal v = {0, NULL, NULL, 0};
    lookup(ctx, var, vn, &v);
    if (v.kind == 1 && v.str) {
      sila_csvw_buf_ok(sila_buf_puts(out, any ? sep : first));
      any = true;
      size_t len = strlen(v.str);
      if (named) {
        sila_csvw_buf_ok(sila_buf_append(out, var, vn));
        if (len == 0) {
          if (ifemp_eq)
            sila_csvw_buf_ok(sila_buf_putc(out, '='));
        } else {
          sila_csvw_buf_ok(sila_buf_putc(out, '='));
        }
      }
      if (prefix > 0)
        len = sila_utf8_offset(v.str, len, (size_t)prefix);
      put_encoded(out, v.str, len, allow_res);
    } else if (v.kind == 2 && v.n > 0) {
      sila_csvw_buf_ok(sila_buf_puts(out, any ? sep : first));
      any = true;
      if (!explode) {
        if (named) {
          sila_csvw_buf_ok(sila_buf_append(out, var, vn));
          sila_csvw_buf_ok(sila_buf_putc(out, '='));
        }
        for (size_t k = 0; k < v.n; k++) {
          if (k)
            sila_csvw_buf_ok(sila_buf_putc(out, ','));
          put_encoded(out, v.items[k], strlen(v.items[k]), allow_res);
        }
      } else {
        for (size_t k = 0; k < v.n; k++) {
          if (k)
            sila_csvw_buf_ok(sila_buf_puts(out, sep));
          if (named) {
            sila_csvw_buf_ok(sila_buf_append(out, var, vn));
            if (v.items[k][0] || ifemp_eq)
              sila_csvw_buf_ok(sila_buf_putc(out, '='));
          }
          put_encoded(out, v.items[k], strlen(v.items[k]), allow_res);
        }
      }
    }
    i = j + 1;
  }
  return true;
}

char *sila_csvw_template_expand(const char *tmpl, SilaCsvwTLookup lookup, void *ctx) {
  SilaBuf out = SILA_BUF_INIT;
  if (!sila_csvw_buf_ok(sila_buf_reserve(&out, strlen(tmpl) + 16)))
    return NULL;
  bool had_nomem = sila_csvw_nomem();
  const char *p = tmpl;
  while (*p) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      if (!close || !expand_expr(&out, p + 1, (size_t)(close - p - 1), lookup, ctx)) {
        sila_buf_free(&out);
        return NULL;
      }
      p = close + 1;
    } else if (*p == '}') {
      sila_buf_free(&out);
      return NULL;
    } else {
      sila_csvw_buf_ok(sila_buf_putc(&out, *p++));
    }
  }
  if (sila_csvw_nomem() && !had_nomem) { /* an append failed: no truncated IRI */
    sila_buf_free(&out);
    return NULL;
  }
  out.data[out.len] = '\0'; /* reserve() left room; nothing may have been appended */
  return out.data;
}

/* ---- The CSVW context's prefixes (RDFa 1.1 initial context) ---- */

static const char *const prefixes[][2] = {
    {"as", "https://www.w3.org/ns/activitystreams#"},
    {"cc", "http://creativecommons.org/ns#"},
    {"csvw", "http://www.w3.org/ns/csvw#"},
    {"ctag", "http://commontag.org/ns#"},
    {"dc", "http://purl.org/dc/terms/"},
    {"dc11", "http://purl.org/dc/elements/1.1/"},
    {"dcat", "http://www.w3.org/ns/dcat#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"dqv", "http://www.w3.org/ns/dqv#"},
    {"duv", "https://www.w3.org/ns/duv#"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"gr", "http://purl.org/goodrelations/v1#"},
    {"grddl", "http://www.w3.org/2003/g/data-view#"},
    {"ical", "http://www.w3.org/2002/12/cal/icaltzd#"},
    {"jsonld", "http://www.w3.org/ns/json-ld#"},
    {"ldp", "http://www.w3.org/ns/ldp#"},
    {"ma", "http://www.w3.org/ns/ma-ont#"},
    {"oa", "http://www.w3.org/ns/oa#"},
    {"odrl", "http://www.w3.org/ns/odrl/2/"},
    {"og", "http://ogp.me/ns#"},
    {"org", "http://www.w3.org/ns/org#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"qb", "http://purl.org/linked-data/cube#"},
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfa", "http://www.w3.org/ns/rdfa#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"rev", "http://purl.org/stuff/rev#"},
    {"rif", "http://www.w3.org/2007/rif#"},
    {"rr", "http://www.w3.org/ns/r2rml#"},
    {"schema", "http://schema.org/"},
    {"sd", "http://www.w3.org/ns/sparql-service-description#"},
    {"sioc", "http://rdfs.org/sioc/ns#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"skosxl", "http://www.w3.org/2008/05/skos-xl#"},
    {"sosa", "http://www.w3.org/ns/sosa/"},
    {"ssn", "http://www.w3.org/ns/ssn/"},
    {"time", "http://www.w3.org/2006/time#"},
    {"v", "http://rdf.data-vocabulary.org/#"},
    {"vcard", "http://www.w3.org/2006/vcard/ns#"},
    {"void", "http://rdfs.org/ns/void#"},
    {"wdr", "http://www.w3.org/2007/05/powder#"},
    {"wrds", "http://www.w3.org/2007/05/powder-s#"},
    {"xhv", "http://www.w3.org/1999/xhtml/vocab#"},
    {"xml", "http://www.w3.org/XML/1998/namespace"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
};

char *sila_csvw_expand_prefixed(const char *s) {
  const char *colon = strchr(s, ':');
  if (!colon)
    return NULL;
  size_t pn = (size_t)(colon - s);
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (strlen(prefixes[i][0]) == pn && !strncmp(s, prefixes[i][0], pn))
      return sila_csvw_aprintf("%s%s", prefixes[i][1], colon + 1);
  return NULL;
}
