/* ld_respond.c — one call that turns a linked-data request into a whole
 * response (status, headers, body), for the HTTP server's workers.
 * Bodies are bounded (incoming links and search results are paged), so
 * they are built in memory: the status and the ETag are known before the
 * first byte. */
#define _GNU_SOURCE /* asprintf, strptime, timegm */
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_accept.h"
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

static SilaStatus void_body(SilaStore *store, SilaTxn *txn, const char *base, const char *pub,
                            SilaRdfFormat fmt, SilaBuf *out) {
  uint64_t gen = sila_txn_generation(txn);
  base = ld_base(base);
  pub = pub ? pub : base;
  if (fmt <= SILA_RDF_UNKNOWN || fmt > SILA_RDF_JSONLD || strlen(base) + strlen(pub) > 1000)
    return ld_write_void_at(txn, base, pub, fmt, sila_rdf_write_to_buf, out);
  char key[2048]; /* the cache holds one (base, public base) pair */
  snprintf(key, sizeof key, "%s %s", base, pub);
  pthread_mutex_lock(&void_cache.lock);
  if (void_cache.store != store || void_cache.generation != gen || !void_cache.base ||
      strcmp(void_cache.base, key)) {
    for (int i = 0; i <= SILA_RDF_JSONLD; i++) {
      sila_buf_free(&void_cache.body[i]);
      void_cache.valid[i] = false;
    }
    free(void_cache.base);
    void_cache.base = strdup(key);
    void_cache.store = store;
    void_cache.generation = gen;
  }
  SilaStatus st = SILA_OK;
  if (!void_cache.valid[fmt]) {
    void_cache.body[fmt].len = 0;
    st = ld_write_void_at(txn, base, pub, fmt, sila_rdf_write_to_buf, &void_cache.body[fmt]);
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
  SilaLdRequest req = {base, path, query, accept, if_none_match, NULL, false, NULL};
  SilaStatus st = sila_ld_answer(store, &req, out);
  if (st == SILA_OK && out->status == 304)
    out->body.len = 0; /* the old contract: a 304 has no body */
  return st;
}

/* True when the If-Modified-Since date is not older than the store's
 * last change (an unparsable date is ignored, RFC 9110 §13.1.3). */
static bool not_modified_since(const char *ims, const SilaStore *store) {
  if (!ims)
    return false;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end)
    return false;
  time_t since = timegm(&tm);
  char path[4096];
  struct stat st;
  if (snprintf(path, sizeof path, "%s/data.mdb", sila_store_dir(store)) >= (int)sizeof path ||
      stat(path, &st) != 0)
    return false;
  return st.st_mtime <= since;
}

SilaStatus sila_ld_answer(SilaStore *store, const SilaLdRequest *req, SilaLdResponse *out) {
  const char *base = req->base, *path = req->path, *query = req->query, *accept = req->accept,
             *if_none_match = req->if_none_match;
  bool not_modified = false;
  memset(out, 0, sizeof *out);
  SilaLdRoute r;
  SilaStatus st = sila_ld_route(base, path, query, accept, &r);
  if (st != SILA_OK)
    return st;
  SilaTxn *txn = NULL;
  char *page_url = NULL;
  out->vary_accept =
      !r.by_suffix && (r.kind == SILA_LD_ROUTE_DOC || r.kind == SILA_LD_ROUTE_SET ||
                       r.kind == SILA_LD_ROUTE_VOID || r.kind == SILA_LD_ROUTE_CATALOG ||
                       r.kind == SILA_LD_ROUTE_ONTOLOGY);
  switch (r.kind) {
  case SILA_LD_ROUTE_NONE: {
    /* A path of no page (a mistyped or truncated address): a browser gets
     * the portal's page with the search and the way home, a script the
     * plain 404 of the server (status 0 here). */
    static const char *const kinds[] = {"text/plain", "text/html"};
    if (sila_accept_choose(accept, kinds, 2) == 1)
      st = not_found(out, path);
    goto done;
  }
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
  bool graph_only = false; /* a graph under /set/ the catalogue does not describe */
  /* …even when its own data describe it (a title given in the file loaded) */
  if (r.kind == SILA_LD_ROUTE_SET && !r.html && ld_graph_has_quads(txn, r.iri) &&
      !ld_in_catalogue(txn, base, r.iri))
    graph_only = true;
  if (!graph_only &&
      (r.kind == SILA_LD_ROUTE_DOC || (r.kind == SILA_LD_ROUTE_SET && !r.html)) &&
      !sila_ld_exists(txn, r.iri)) {
    if (r.iri_alt && sila_ld_exists(txn, r.iri_alt)) { /* the data holds the IRI form */
      free(r.iri);
      r.iri = r.iri_alt;
      r.iri_alt = NULL;
    } else if (r.kind == SILA_LD_ROUTE_SET && ld_graph_has_quads(txn, r.iri)) {
      graph_only = true;
    } else {
      if (r.kind == SILA_LD_ROUTE_DOC && !strncmp(r.iri + strlen(ld_base(base)), "/set/", 5) &&
          strstr(r.iri, "/linkset/")) {
        /* a linkset VoID announces: VoID is the document describing it */
        uint64_t n = 0;
        SilaBuf sink = SILA_BUF_INIT;
        st = ld_write_void_only(txn, base, req->public_base, r.iri, SILA_RDF_NTRIPLES,
                                sila_rdf_write_to_buf, &sink, &n);
        sila_buf_free(&sink);
        if (st != SILA_OK)
          goto done;
        if (n) {
          out->status = 303;
          out->content_type = "text/plain; charset=utf-8";
          if (!(out->location = strdup("/void")) ||
              sila_buf_puts(&out->body, "303 See Other: /void\n") < 0)
            st = SILA_ERR_NOMEM;
          goto done;
        }
      }
      char *moved = NULL;
      if ((st = ld_slug_moved(txn, base, r.iri, &moved)) != SILA_OK)
        goto done;
      if (moved) { /* an IRI minted before the slug rule: 301 to today's */
        out->status = 301;
        out->location = moved;
        out->content_type = "text/plain; charset=utf-8";
        if (sila_buf_printf(&out->body, "301 Moved Permanently: %s\n", moved) < 0)
          st = SILA_ERR_NOMEM;
        goto done;
      }
      st = not_found(out, path);
      goto done;
    }
  }
  sila_ld_etag(sila_txn_generation(txn), r.html, r.format, out->etag, sizeof out->etag);
  if (req->gzip) { /* "g8-html" → "g8-html-gz": another representation, another tag */
    size_t el = strlen(out->etag);
    if (el > 1 && el + 3 < sizeof out->etag)
      memcpy(out->etag + el - 1, "-gz\"", 5);
  }
  sila_ld_last_modified(store, out->last_modified, sizeof out->last_modified);
  out->content_type = r.content_type;
  not_modified = if_none_match ? sila_ld_etag_matches(if_none_match, out->etag)
                               : not_modified_since(req->if_modified_since, store);
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
    } else if (graph_only) {
      st = ld_write_graph_description(txn, base, r.iri, r.slug, r.format, sila_rdf_write_to_buf,
                                      &out->body);
    } else {
      st = sila_ld_write_description(txn, r.iri, &opt, r.format, sila_rdf_write_to_buf, &out->body,
                                     NULL);
    }
    break;
  case SILA_LD_ROUTE_ONTOLOGY:
    st = r.html ? sila_ld_html_ontology(txn, base, &out->body)
                : sila_ld_write_ontology(txn, base, r.format, sila_rdf_write_to_buf, &out->body);
    if (st == SILA_ERR_NOT_FOUND) {
      out->etag[0] = out->last_modified[0] = '\0';
      out->body.len = 0;
      st = not_found(out, path);
    }
    break;
  case SILA_LD_ROUTE_HOME:
    st = sila_ld_html_home(txn, base, &out->body);
    break;
  case SILA_LD_ROUTE_SEARCH: {
    /* Full-text search (ld_search.c); JSON by format=json or Accept. */
    SilaBuf q = SILA_BUF_INIT, ty = SILA_BUF_INIT, ds = SILA_BUF_INIT, fmt = SILA_BUF_INIT;
    int f = query_param(query, "q", &q), ft = query_param(query, "tipo", &ty),
        fd = query_param(query, "dataset", &ds), ff = query_param(query, "format", &fmt);
    if (f < 0 || ft < 0 || fd < 0 || ff < 0) {
      st = SILA_ERR_NOMEM;
    } else {
      static const char *const offers[] = {"text/html", "application/json"};
      bool json = ff > 0 ? !strcmp(fmt.data, "json")
                         : sila_accept_choose(accept, offers, 2) == 1;
      SilaLdSearchRequest sreq = {f ? q.data : NULL, ft ? ty.data : NULL, fd ? ds.data : NULL,
                                 query_uint(query, "offset"), json};
      int status = 200;
      st = sila_ld_search_page(txn, base, &sreq, &out->body, &status);
      out->status = status;
      out->vary_accept = true;
      out->etag[0] = '\0'; /* the answer depends on the parameters and Accept */
      if (json)
        out->content_type = "application/json";
    }
    sila_buf_free(&q);
    sila_buf_free(&ty);
    sila_buf_free(&ds);
    sila_buf_free(&fmt);
    break;
  }
  case SILA_LD_ROUTE_CATALOG:
    if (r.html) {
      st = sila_ld_html_catalog(txn, base, &out->body);
      break;
    }
    {
    /* ?page=N (1-based; absent = 1) and ?per_page=M; the page links keep
     * the suffix of the request so a harvester stays in its format. */
    SilaLdCatalogOptions co = {0, 0, NULL, false, req->public_base};
    int pg = page_param(query, "page", &co.page);
    int pp = page_param(query, "per_page", &co.per_page);
    if (pg < 0 || pp < 0) {
      st = SILA_ERR_NOMEM;
      break;
    }
    char *url = NULL;
    if (pg == 0) { /* not a page number */
      st = SILA_ERR_NOT_FOUND;
    } else if (asprintf(&url, "%s%s", req->public_base ? req->public_base : ld_base(base),
                        path) < 0) {
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
    st = r.html ? sila_ld_html_void(txn, base, &out->body)
                : void_body(store, txn, base, req->public_base, r.format, &out->body);
    break;
  default:
    break;
  }
  if (not_modified && st == SILA_OK && out->status == 200)
    out->status = 304; /* the body stays: its length is the 304's Content-Length */
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
