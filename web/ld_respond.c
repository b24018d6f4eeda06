/* ld_respond.c — one call that turns a linked-data request into a whole
 * response (status, headers, body), for the HTTP server's workers.
 * Bodies are bounded (incoming links and search results are paged), so
 * they are built in memory: the status and the ETag are known before the
 * first byte. */
#define _GNU_SOURCE /* asprintf */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_dump.h"

/* Finds parameter `name` in a raw query string and percent-decodes it
 * ('+' is a space) into out (NUL-terminated).  Returns 1 found, 0 absent,
 * -1 out of memory. */
static int query_param(const char *query, const char *name, SilaBuf *out) {
  size_t nl = strlen(name);
  out->len = 0;
  for (const char *p = query; p && *p;) {
    const char *end = strchr(p, '&');
    if (!end)
      end = p + strlen(p);
    if ((size_t)(end - p) >= nl + 1 && !strncmp(p, name, nl) && p[nl] == '=') {
      for (const char *c = p + nl + 1; c < end; c++) {
        char ch = *c;
        if (ch == '+') {
          ch = ' ';
        } else if (ch == '%' && end - c > 2) {
          unsigned v;
          char hex[3] = {c[1], c[2], 0};
          if (sscanf(hex, "%2x", &v) == 1 && strspn(hex, "0123456789abcdefABCDEF") == 2) {
            ch = (char)v;
            c += 2;
          }
        }
        if (ch == '\0')
          continue; /* no NULs in strings */
        if (sila_buf_putc(out, ch) < 0)
          return -1;
      }
      return sila_buf_putc(out, '\0') < 0 ? -1 : 1;
    }
    p = *end ? end + 1 : end;
  }
  return 0;
}

static uint64_t query_uint(const char *query, const char *name) {
  SilaBuf b = SILA_BUF_INIT;
  uint64_t v = 0;
  if (query_param(query, name, &b) == 1) {
    char *e = NULL;
    unsigned long long x = strtoull(b.data, &e, 10);
    if (e && *e == '\0' && b.data[0] >= '0' && b.data[0] <= '9')
      v = x > 1000000000ULL ? 1000000000ULL : x;
  }
  sila_buf_free(&b);
  return v;
}

/* A positive page-like number parameter: 1 and *v set when valid or
 * absent (*v then 0), 0 when present but not a number in 1..1e9, -1 out
 * of memory. */
static int page_param(const char *query, const char *name, uint64_t *v) {
  SilaBuf b = SILA_BUF_INIT;
  *v = 0;
  int f = query_param(query, name, &b), ret = 1;
  if (f == 1) {
    char *e = NULL;
    unsigned long long x = strtoull(b.data, &e, 10);
    if (b.data[0] < '0' || b.data[0] > '9' || !e || *e || x < 1 || x > 1000000000ULL)
      ret = 0;
    else
      *v = x;
  } else if (f < 0) {
    ret = -1;
  }
  sila_buf_free(&b);
  return ret;
}

void sila_ld_response_clear(SilaLdResponse *r) {
  if (!r)
    return;
  free(r->location);
  sila_buf_free(&r->body);
  memset(r, 0, sizeof *r);
}

static SilaStatus not_found(SilaLdResponse *out, const char *path) {
  out->status = 404;
  out->content_type = "text/html; charset=utf-8";
  out->body.len = 0;
  return sila_ld_html_not_found(path, &out->body);
}

/* VoID reads every quad of the published graphs, so its bodies are kept
 * per format until the store's generation (or the store, or the base)
 * changes.  Small (a few lines per dataset) and shared by all workers. */
static struct {
  pthread_mutex_t lock;
  const SilaStore *store;
  uint64_t generation;
  char *base;
  SilaBuf body[SILA_RDF_JSONLD + 1];
  bool valid[SILA_RDF_JSONLD + 1];
} void_cache = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, NULL, {SILA_BUF_INIT}, {false}};

static SilaStatus void_body(SilaStore *store, SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                            SilaBuf *out) {
  uint64_t gen = sila_txn_generation(txn);
  base = ld_base(base);
  if (fmt <= SILA_RDF_UNKNOWN || fmt > SILA_RDF_JSONLD)
    return sila_ld_write_void(txn, base, fmt, sila_rdf_write_to_buf, out);
  pthread_mutex_lock(&void_cache.lock);
  if (void_cache.store != store || void_cache.generation != gen || !void_cache.base ||
      strcmp(void_cache.base, base)) {
    for (int i = 0; i <= SILA_RDF_JSONLD; i++) {
      sila_buf_free(&void_cache.body[i]);
      void_cache.valid[i] = false;
    }
    free(void_cache.base);
    void_cache.base = strdup(base);
    void_cache.store = store;
    void_cache.generation = gen;
  }
  SilaStatus st = SILA_OK;
  if (!void_cache.valid[fmt]) {
    void_cache.body[fmt].len = 0;
    st = sila_ld_write_void(txn, base, fmt, sila_rdf_write_to_buf, &void_cache.body[fmt]);
    void_cache.valid[fmt] = st == SILA_OK && void_cache.base;
  }
  if (st == SILA_OK &&
      sila_buf_append(out, void_cache.body[fmt].data, void_cache.body[fmt].len) < 0)
    st = SILA_ERR_NOMEM;
  pthread_mutex_unlock(&void_cache.lock);
  return st;
}

void sila_ld_cleanup(void) {
  pthread_mutex_lock(&void_cache.lock);
  for (int i = 0; i <= SILA_RDF_JSONLD; i++) {
    sila_buf_free(&void_cache.body[i]);
    void_cache.valid[i] = false;
  }
  free(void_cache.base);
  void_cache.base = NULL;
  void_cache.store = NULL;
  pthread_mutex_unlock(&void_cache.lock);
}

SilaStatus sila_ld_respond(SilaStore *store, const char *base, const char *path, const char *query,
                           const char *accept, const char *if_none_match, SilaLdResponse *out) {
  memset(out, 0, sizeof *out);
  SilaLdRoute r;
  SilaStatus st = sila_ld_route(base, path, query, accept, &r);
  if (st != SILA_OK)
    return st;
  SilaTxn *txn = NULL;
  char *page_url = NULL;
  out->vary_accept =
      !r.by_suffix && (r.kind == SILA_LD_ROUTE_DOC || r.kind == SILA_LD_ROUTE_SET ||
                       r.kind == SILA_LD_ROUTE_VOID || r.kind == SILA_LD_ROUTE_CATALOG);
  switch (r.kind) {
  case SILA_LD_ROUTE_NONE:
  case SILA_LD_ROUTE_DUMP: /* streamed: sila_ld_dump_open */
    goto done;
  case SILA_LD_ROUTE_NOT_FOUND:
    st = not_found(out, path);
    goto done;
  case SILA_LD_ROUTE_REDIRECT:
    out->status = 303;
    out->location = r.location;
    r.location = NULL;
    out->content_type = "text/plain; charset=utf-8";
    if (sila_buf_printf(&out->body, "303 See Other: %s\n", out->location) < 0)
      st = SILA_ERR_NOMEM;
    goto done;
  default:
    break;
  }
  if (r.status == 406) {
    out->status = 406;
    if (r.kind == SILA_LD_ROUTE_DOC || r.kind == SILA_LD_ROUTE_SET) { /* a page with links */
      out->content_type = "text/html; charset=utf-8";
      st = sila_ld_html_not_acceptable(path, &out->body);
      goto done;
    }
    out->content_type = "text/plain; charset=utf-8";
    if (sila_buf_puts(&out->body, sila_ld_not_acceptable_body()) < 0)
      st = SILA_ERR_NOMEM;
    goto done;
  }
  if ((st = sila_txn_begin_read(store, &txn)) != SILA_OK)
    goto done;
  uint64_t in_offset = query_uint(query, "in");
  if ((r.kind == SILA_LD_ROUTE_DOC || (r.kind == SILA_LD_ROUTE_SET && !r.html)) &&
      !sila_ld_exists(txn, r.iri)) {
    st = not_found(out, path);
    goto done;
  }
  sila_ld_etag(sila_txn_generation(txn), r.html, r.format, out->etag, sizeof out->etag);
  sila_ld_last_modified(store, out->last_modified, sizeof out->last_modified);
  out->content_type = r.content_type;
  if (sila_ld_etag_matches(if_none_match, out->etag)) {
    out->status = 304;
    goto done;
  }
  out->status = 200;
  /* the document's URL, for the links between pages of incoming triples */
  if (asprintf(&page_url, "%s%s", ld_base(base), path) < 0) {
    page_url = NULL;
    st = SILA_ERR_NOMEM;
    goto done;
  }
  SilaLdDescribeOptions opt = {in_offset, 0, 0, page_url};
  switch (r.kind) {
  case SILA_LD_ROUTE_DOC:
    st = r.html ? sila_ld_html_resource(txn, base, r.iri, in_offset, &out->body)
                : sila_ld_write_description(txn, r.iri, &opt, r.format, sila_rdf_write_to_buf,
                                            &out->body, NULL);
    break;
  case SILA_LD_ROUTE_SET:
    if (r.html) {
      st = sila_ld_html_dataset(txn, base, r.slug, &out->body);
      if (st == SILA_ERR_NOT_FOUND) {
        out->etag[0] = out->last_modified[0] = '\0';
        st = not_found(out, path);
      }
    } else {
      st = sila_ld_write_description(txn, r.iri, &opt, r.format, sila_rdf_write_to_buf, &out->body,
                                     NULL);
    }
    break;
  case SILA_LD_ROUTE_HOME:
    st = sila_ld_html_home(txn, base, &out->body);
    break;
  case SILA_LD_ROUTE_SEARCH: {
    SilaBuf q = SILA_BUF_INIT;
    int f = query_param(query, "q", &q);
    if (f < 0)
      st = SILA_ERR_NOMEM;
    else
      st = sila_ld_html_search(txn, base, f ? q.data : NULL, query_uint(query, "offset"),
                               &out->body);
    sila_buf_free(&q);
    break;
  }
  case SILA_LD_ROUTE_CATALOG: {
    /* ?page=N (1-based; absent = 1) and ?per_page=M; the page links keep
     * the suffix of the request so a harvester stays in its format. */
    SilaLdCatalogOptions co = {0, 0, NULL, false};
    int pg = page_param(query, "page", &co.page);
    int pp = page_param(query, "per_page", &co.per_page);
    if (pg < 0 || pp < 0) {
      st = SILA_ERR_NOMEM;
      break;
    }
    char *url = NULL;
    if (pg == 0) { /* not a page number */
      st = SILA_ERR_NOT_FOUND;
    } else if (asprintf(&url, "%s%s", ld_base(base), path) < 0) {
      st = SILA_ERR_NOMEM;
      break;
    } else {
      co.page_url = url;
      co.link_per_page = co.per_page != 0;
      st = sila_ld_write_catalog(txn, base, &co, r.format, sila_rdf_write_to_buf, &out->body,
                                 NULL);
      free(url);
    }
    if (st == SILA_ERR_NOT_FOUND) { /* no such page */
      out->etag[0] = out->last_modified[0] = '\0';
      out->vary_accept = false;
      st = not_found(out, path);
    }
    break;
  }
  case SILA_LD_ROUTE_VOID:
    st = void_body(store, txn, base, r.format, &out->body);
    break;
  default:
    break;
  }
done:
  free(page_url);
  sila_txn_abort(txn);
  sila_ld_route_clear(&r);
  if (st != SILA_OK) {
    SilaBuf keep = out->body;
    out->body = (SilaBuf)SILA_BUF_INIT;
    sila_buf_free(&keep);
    free(out->location);
    memset(out, 0, sizeof *out);
  }
  return st;
}
