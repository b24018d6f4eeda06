/* ld_route.c — dereferencing rules: path + Accept → what to serve. */
#define _GNU_SOURCE /* strndup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ld_internal.h"
#include "sila_accept.h"

/* The order is the server's preference: Turtle answers a missing Accept
 * and any/any; browsers ask for text/html explicitly. */
static const char *const offers[] = {
    "text/turtle",         "text/html",           "application/xhtml+xml", "application/n-triples",
    "application/rdf+xml", "application/ld+json", "application/json",      "text/plain",
};
static const SilaRdfFormat offer_fmt[] = {
    SILA_RDF_TURTLE, SILA_RDF_UNKNOWN, SILA_RDF_UNKNOWN, SILA_RDF_NTRIPLES,
    SILA_RDF_RDFXML, SILA_RDF_JSONLD,  SILA_RDF_JSONLD,  SILA_RDF_NTRIPLES,
};
#define N_OFFERS (sizeof offers / sizeof offers[0])

static const struct {
  const char *ext;
  bool html;
  SilaRdfFormat fmt;
} suffixes[] = {
    {".ttl", false, SILA_RDF_TURTLE},  {".nt", false, SILA_RDF_NTRIPLES},
    {".rdf", false, SILA_RDF_RDFXML},  {".jsonld", false, SILA_RDF_JSONLD},
    {".html", true, SILA_RDF_UNKNOWN},
};

const char *sila_ld_not_acceptable_body(void) {
  return "406 Not Acceptable\n\n"
         "Questa risorsa è disponibile solo nei formati seguenti.\n"
         "This resource is available only in the following formats.\n\n"
         "  text/html              (.html)   pagina web / web page\n"
         "  text/turtle            (.ttl)    Turtle\n"
         "  application/n-triples  (.nt)     N-Triples\n"
         "  application/rdf+xml    (.rdf)    RDF/XML\n"
         "  application/ld+json    (.jsonld) JSON-LD\n\n"
         "Send one of these types in the Accept header, or add the suffix to the URL.\n";
}

static const char *content_type(bool html, SilaRdfFormat fmt) {
  if (html)
    return "text/html; charset=utf-8";
  switch (fmt) {
  case SILA_RDF_TURTLE:
    return "text/turtle; charset=utf-8";
  case SILA_RDF_NTRIPLES:
    return "application/n-triples; charset=utf-8";
  case SILA_RDF_RDFXML:
    return "application/rdf+xml; charset=utf-8";
  case SILA_RDF_JSONLD:
    return "application/ld+json; charset=utf-8";
  default:
    return sila_rdf_format_mime(fmt);
  }
}

/* Strips a known suffix from name[0..*len): sets the format and returns true. */
static bool take_suffix(const char *name, size_t *len, bool *html, SilaRdfFormat *fmt) {
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    size_t el = strlen(suffixes[i].ext);
    if (*len > el && !strncmp(name + *len - el, suffixes[i].ext, el)) {
      *len -= el;
      *html = suffixes[i].html;
      *fmt = suffixes[i].fmt;
      return true;
    }
  }
  return false;
}

/* Negotiates over the offers (without HTML when !allow_html); false → 406. */
static bool negotiate(const char *accept, bool allow_html, bool *html, SilaRdfFormat *fmt) {
  const char *list[N_OFFERS];
  size_t map[N_OFFERS], n = 0;
  for (size_t i = 0; i < N_OFFERS; i++) {
    if (!allow_html && offer_fmt[i] == SILA_RDF_UNKNOWN)
      continue;
    list[n] = offers[i];
    map[n++] = i;
  }
  int k = sila_accept_choose(accept, list, n);
  if (k < 0)
    return false;
  *fmt = offer_fmt[map[k]];
  *html = *fmt == SILA_RDF_UNKNOWN;
  return true;
}

/* A relative name is acceptable when non-empty, without empty, "." or ".."
 * segments. */
static bool name_ok(const char *s, size_t len) {
  if (len == 0)
    return false;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || s[i] == '/') {
      size_t sl = i - start;
      if (sl == 0 || (sl == 1 && s[start] == '.') ||
          (sl == 2 && s[start] == '.' && s[start + 1] == '.'))
        return false;
      start = i + 1;
    } else if ((unsigned char)s[i] < 0x21 || s[i] == '"' || s[i] == '<' || s[i] == '>' ||
               s[i] == '\\' || s[i] == '{' || s[i] == '}' || s[i] == '|' || s[i] == '^' ||
               s[i] == '`') {
      return false; /* not an IRI character */
    }
  }
  return true;
}

static bool has_prefix(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }

static SilaStatus set_formats(SilaLdRoute *r, const char *name, size_t *len, const char *accept,
                              bool allow_html) {
  bool html = false;
  SilaRdfFormat fmt = SILA_RDF_UNKNOWN;
  if (take_suffix(name, len, &html, &fmt) && (allow_html || !html)) {
    r->by_suffix = true;
  } else if (!negotiate(accept, allow_html, &html, &fmt)) {
    r->status = 406;
    return SILA_OK;
  }
  r->html = html;
  r->format = html ? SILA_RDF_UNKNOWN : fmt;
  r->content_type = content_type(html, r->format);
  r->status = 200;
  return SILA_OK;
}

/* The files under /dump/: a dataset graph in a triple format, the whole
 * store in a quad format, each plain or gzipped. */
static const struct {
  const char *ext;
  SilaRdfFormat fmt;
  bool store; /* a dump of the whole store (named graphs kept) */
} dump_exts[] = {
    {".nt", SILA_RDF_NTRIPLES, false},
    {".ttl", SILA_RDF_TURTLE, false},
    {".nq", SILA_RDF_NQUADS, true},
    {".trig", SILA_RDF_TRIG, true},
};

static SilaStatus dump_route(const char *base, const char *name, SilaLdRoute *out) {
  size_t len = strlen(name);
  bool gz = len > 3 && !strcmp(name + len - 3, ".gz");
  if (gz)
    len -= 3;
  for (size_t i = 0; i < sizeof dump_exts / sizeof dump_exts[0]; i++) {
    size_t el = strlen(dump_exts[i].ext);
    if (len <= el || strncmp(name + len - el, dump_exts[i].ext, el))
      continue;
    len -= el;
    if (memchr(name, '/', len) || !name_ok(name, len))
      break;
    if (dump_exts[i].store &&
        (len != strlen(SILA_LD_DUMP_STORE) || strncmp(name, SILA_LD_DUMP_STORE, len)))
      break;
    out->kind = SILA_LD_ROUTE_DUMP;
    out->status = 200;
    out->format = dump_exts[i].fmt;
    out->by_suffix = true;
    out->gzip = gz;
    /* A .gz dump is a file, not a transfer encoding: see ld_dump.c. */
    out->content_type = gz ? "application/gzip" : content_type(false, out->format);
    if (!dump_exts[i].store) {
      if (!(out->slug = strndup(name, len)) ||
          asprintf(&out->iri, "%s/set/%.*s", base, (int)len, name) < 0) {
        out->iri = NULL;
        sila_ld_route_clear(out);
        return SILA_ERR_NOMEM;
      }
    }
    return SILA_OK;
  }
  out->kind = SILA_LD_ROUTE_NOT_FOUND;
  out->status = 404;
  out->html = true;
  out->content_type = content_type(true, SILA_RDF_UNKNOWN);
  return SILA_OK;
}

SilaStatus sila_ld_route(const char *base, const char *path, const char *query, const char *accept,
                         SilaLdRoute *out) {
  memset(out, 0, sizeof *out);
  if (!path)
    return SILA_ERR_INVALID;
  base = ld_base(base);
  if (has_prefix(path, "/id/")) {
    SilaBuf loc = SILA_BUF_INIT;
    int e = sila_buf_puts(&loc, "/doc/");
    size_t start = loc.len;
    /* The Location is the URI form: what a header can carry. */
    e |= ld_uri_form(path + 4, strlen(path + 4), &loc);
    if (e) {
      sila_buf_free(&loc);
      return SILA_ERR_NOMEM;
    }
    if (!name_ok(loc.data + start, loc.len - start)) {
      sila_buf_free(&loc);
      goto not_found;
    }
    out->kind = SILA_LD_ROUTE_REDIRECT;
    out->status = 303;
    if (query && *query)
      e |= sila_buf_putc(&loc, '?') | sila_buf_puts(&loc, query);
    e |= sila_buf_putc(&loc, '\0');
    if (e) {
      sila_buf_free(&loc);
      return SILA_ERR_NOMEM;
    }
    out->location = loc.data;
    return SILA_OK;
  }
  if (!strcmp(path, "/set") || !strcmp(path, "/set/")) {
    /* the address of every dataset, cut back to its folder: their list */
    out->kind = SILA_LD_ROUTE_REDIRECT;
    out->status = 303;
    if (!(out->location = strdup("/catalogo")))
      return SILA_ERR_NOMEM;
    return SILA_OK;
  }
  if (!strcmp(path, "/onto")) { /* the graph of the vocabularies: its document */
    out->kind = SILA_LD_ROUTE_REDIRECT;
    out->status = 303;
    if (!(out->location = strdup(LD_ONTO_PATH)))
      return SILA_ERR_NOMEM;
    return SILA_OK;
  }
  if (!strcmp(path, LD_ONTO_PATH) || (has_prefix(path, "/onto.") && !strchr(path + 1, '/'))) {
    size_t len = strlen(path + 1);
    out->kind = SILA_LD_ROUTE_ONTOLOGY;
    set_formats(out, path + 1, &len, accept, true);
    if (len != 4 && len != 5) /* "onto" + suffix, or "onto/" */
      goto not_found;
    if (asprintf(&out->iri, "%s%s", base, LD_ONTO_PATH) < 0) {
      out->iri = NULL;
      return SILA_ERR_NOMEM;
    }
    return SILA_OK;
  }
  bool onto = has_prefix(path, LD_ONTO_PATH);
  if (has_prefix(path, "/doc/") || has_prefix(path, "/set/") || onto) {
    bool doc = path[1] == 'd';
    const char *raw = path + (onto ? strlen(LD_ONTO_PATH) : 5);
    SilaBuf norm = SILA_BUF_INIT;
    if (ld_uri_form(raw, strlen(raw), &norm) || sila_buf_putc(&norm, '\0')) {
      sila_buf_free(&norm);
      return SILA_ERR_NOMEM;
    }
    const char *rest = norm.data;
    size_t len = norm.len - 1;
    /* /set/{slug}/… (distributions, linksets) and the vocabulary's terms
     * are documents of their own IRI. */
    bool sub = !doc && !onto && memchr(rest, '/', len);
    out->kind = doc || sub || onto ? SILA_LD_ROUTE_DOC : SILA_LD_ROUTE_SET;
    set_formats(out, rest, &len, accept, true);
    if (!name_ok(rest, len)) {
      sila_buf_free(&norm);
      goto not_found;
    }
    if (out->kind == SILA_LD_ROUTE_SET && !(out->slug = strndup(rest, len))) {
      sila_buf_free(&norm);
      return SILA_ERR_NOMEM;
    }
    const char *dir = onto ? "onto" : doc ? "id" : "set";
    if (asprintf(&out->iri, "%s/%s/%.*s", base, dir, (int)len, rest) < 0) {
      out->iri = NULL;
      sila_buf_free(&norm);
      return SILA_ERR_NOMEM;
    }
    SilaBuf alt = SILA_BUF_INIT;
    int e = ld_iri_form(out->iri, strlen(out->iri), &alt) | sila_buf_putc(&alt, '\0');
    sila_buf_free(&norm);
    if (e) {
      sila_buf_free(&alt);
      return SILA_ERR_NOMEM;
    }
    if (strcmp(alt.data, out->iri))
      out->iri_alt = alt.data;
    else
      sila_buf_free(&alt);
    return SILA_OK;
  }
  if (has_prefix(path, "/dump/"))
    return dump_route(base, path + 6, out);
  if (!strcmp(path, "/") || !strcmp(path, "/index.html")) {
    out->kind = SILA_LD_ROUTE_HOME;
    out->html = true;
    out->status = 200;
    out->content_type = content_type(true, SILA_RDF_UNKNOWN);
    return SILA_OK;
  }
  if (!strcmp(path, "/search")) {
    out->kind = SILA_LD_ROUTE_SEARCH;
    out->html = true;
    out->status = 200;
    out->content_type = content_type(true, SILA_RDF_UNKNOWN);
    return SILA_OK;
  }
  if (has_prefix(path, "/catalogo")) {
    const char *c = path + 1;
    size_t len = strlen(c);
    out->kind = SILA_LD_ROUTE_CATALOG;
    set_formats(out, c, &len, accept, true);
    if (len != 8) /* "/catalogox" is not ours */
      memset(out, 0, sizeof *out);
    return SILA_OK;
  }
  const char *v = has_prefix(path, "/void")               ? path + 1
                  : has_prefix(path, "/.well-known/void") ? path + 13
                                                          : NULL;
  if (v) {
    size_t len = strlen(v);
    out->kind = SILA_LD_ROUTE_VOID;
    set_formats(out, v, &len, accept, true);
    if (len != 4) { /* "/voidx" is not ours */
      memset(out, 0, sizeof *out);
      return SILA_OK;
    }
    return SILA_OK;
  }
  return SILA_OK; /* NONE */
not_found:
  sila_ld_route_clear(out);
  out->kind = SILA_LD_ROUTE_NOT_FOUND;
  out->status = 404;
  out->html = true;
  out->content_type = content_type(true, SILA_RDF_UNKNOWN);
  return SILA_OK;
}

void sila_ld_route_clear(SilaLdRoute *r) {
  if (!r)
    return;
  free(r->iri);
  free(r->iri_alt);
  free(r->slug);
  free(r->location);
  memset(r, 0, sizeof *r);
}

char *sila_ld_etag(uint64_t generation, bool html, SilaRdfFormat fmt, char *buf, size_t size) {
  const char *name = html ? "html" : sila_rdf_format_name(fmt);
  snprintf(buf, size, "\"g%llu-%s\"", (unsigned long long)generation, name ? name : "x");
  return buf;
}

bool sila_ld_etag_matches(const char *inm, const char *etag) {
  if (!inm || !etag)
    return false;
  size_t el = strlen(etag);
  const char *p = inm;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ',')
      p++;
    if (*p == '*')
      return true;
    if (!strncmp(p, "W/", 2))
      p += 2;
    const char *e = p;
    while (*e && *e != ',')
      e++;
    const char *t = e;
    while (t > p && (t[-1] == ' ' || t[-1] == '\t'))
      t--;
    if ((size_t)(t - p) == el && !strncmp(p, etag, el))
      return true;
    p = e;
  }
  return false;
}

bool sila_ld_last_modified(const SilaStore *store, char *buf, size_t size) {
  if (size)
    buf[0] = '\0';
  char path[4096];
  struct stat st;
  if (!store ||
      snprintf(path, sizeof path, "%s/data.mdb", sila_store_dir(store)) >= (int)sizeof path ||
      stat(path, &st) != 0)
    return false;
  struct tm tm;
  if (!gmtime_r(&st.st_mtime, &tm))
    return false;
  return strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm) > 0;
}

int sila_ld_doc_path(const char *base, const char *iri, size_t len, SilaBuf *out) {
  base = ld_base(base);
  size_t bl = strlen(base);
  if (len <= bl || strncmp(iri, base, bl) || iri[bl] != '/')
    return 0;
  const char *rest = iri + bl;
  size_t rl = len - bl;
  /* The link is the URI form: an IRI with UTF-8 characters or spaces
   * (invalid, but data has them) still gives a working href. */
  if (rl > 4 && !strncmp(rest, "/id/", 4)) {
    if (sila_buf_puts(out, "/doc/") < 0 || ld_uri_form(rest + 4, rl - 4, out) < 0)
      return -1;
    return 1;
  }
  return ld_uri_form(rest, rl, out) < 0 ? -1 : 1;
}
