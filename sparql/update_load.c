/* update_load.c — LOAD [SILENT] <iri> [INTO GRAPH <g>].
 *
 * file: IRIs are read from the local file system (refused when the
 * request came over HTTP); http(s) IRIs are fetched through base/'s one
 * client and policy (sila_fetch.h) only when the options' allow-list has a
 * prefix of the URL (default: none), never from a private or loopback
 * address unless the options allow it.  A download goes to a temporary
 * file, bounded in size and time, with no redirects followed (a redirect
 * could leave the allow-list).
 *
 * The document is parsed twice: once to check it (a syntax error must not
 * leave half a document in the request's transaction, which matters for
 * LOAD SILENT), then through the bulk loader (sila_load_into), whose
 * blank nodes are fresh for the document. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sila_fetch.h"
#include "sila_alloc.h"
#include "sila_load.h"
#include "update_internal.h"

static SilaStatus ignore_quad(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  (void)ctx, (void)s, (void)p, (void)o, (void)g;
  return SILA_OK;
}

/* Parses the file to check it, then loads it into the transaction. */
static SilaStatus load_file(UpdCtx *c, const SilaUpdateOp *op, SilaRdfFormat fmt,
                            const char *path, const char *base, const char *graph) {
  SilaError perr = {0};
  SilaStatus st = sila_rdf_parse_file(fmt, path, base, ignore_quad, NULL, &perr);
  if (st == SILA_ERR_NOMEM)
    return upd_fail(c, st, "out of memory");
  if (st != SILA_OK) {
    char msg[SILA_ERROR_MSG_MAX + 32];
    return upd_soft_fail(c, op, st, "<%s>: %s", base, sila_error_format(&perr, msg, sizeof msg));
  }
  SilaBulk *bulk;
  st = sila_bulk_new(c->txn, &bulk);
  if (st != SILA_OK)
    return upd_fail(c, st, "%s", sila_strerror(st));
  uint64_t statements = 0, added = 0;
  SilaError lerr = {0};
  st = sila_load_into(bulk, fmt, path, graph, base, &statements, &lerr);
  if (st != SILA_OK) {
    /* The file changed between the two reads, or the store failed: the
     * bulk may have written part of it, so this is never silenced. */
    sila_bulk_free(bulk);
    char msg[SILA_ERROR_MSG_MAX + 32];
    return upd_fail(c, st, "<%s>: %s", base, sila_error_format(&lerr, msg, sizeof msg));
  }
  st = sila_bulk_finish(bulk, &added);
  if (st != SILA_OK)
    return upd_fail(c, st, "cannot write <%s>: %s", base, sila_strerror(st));
  c->stats.inserted += added;
  return SILA_OK;
}

/* file:///a%20b.ttl, file://localhost/x, file:/x → a local path (malloc). */
static char *file_path(const char *iri) {
  const char *p = iri + 5; /* after "file:" */
  if (!strncmp(p, "//", 2)) {
    p += 2;
    if (!strncasecmp(p, "localhost/", 10))
      p += 9;
    else if (*p != '/')
      return NULL; /* a remote host */
  }
  char *out = sila_malloc(strlen(p) + 1), *w = out;
  if (!out)
    return NULL;
  for (; *p && *p != '?' && *p != '#'; p++) {
    if (*p == '%' && p[1] && p[2]) {
      char hex[3] = {p[1], p[2], 0};
      char *end;
      long v = strtol(hex, &end, 16);
      if (*end || v == 0) {
        free(out);
        return NULL;
      }
      *w++ = (char)v;
      p += 2;
    } else {
      *w++ = *p;
    }
  }
  *w = '\0';
  return out;
}

/* The fetch policy of LOAD: base/'s one policy (sila_fetch.h) with the
 * request's allow-list (NULL-terminated) and size cap. */
static SilaFetchPolicy load_policy(const SilaUpdateOptions *o) {
  size_t n = 0;
  while (o->load_allow && o->load_allow[n])
    n++;
  SilaFetchPolicy p = {.allow = o->load_allow,
                       .nallow = n,
                       .allow_private = o->load_allow_private,
                       .timeout = 300,
                       .max_bytes = o->max_load_bytes ? o->max_load_bytes : (size_t)256 << 20};
  return p;
}

/* The RDF format of a download: Content-Type first, then the URL's suffix. */
static SilaRdfFormat download_format(const char *ctype, const char *url) {
  SilaRdfFormat fmt = ctype ? sila_rdf_format_from_mime(ctype) : SILA_RDF_UNKNOWN;
  if (fmt == SILA_RDF_UNKNOWN || fmt == SILA_RDF_JSONLD) {
    char path[1024];
    snprintf(path, sizeof path, "%s", url);
    path[strcspn(path, "?#")] = '\0';
    fmt = sila_rdf_format_from_filename(path, NULL);
  }
  return fmt == SILA_RDF_JSONLD ? SILA_RDF_UNKNOWN : fmt;
}

static SilaStatus load_http(UpdCtx *c, const SilaUpdateOp *op, const char *url, const char *graph) {
  SilaFetchPolicy policy = load_policy(&c->opt);
  if (!sila_fetch_url_allowed(&policy, url))
    return upd_soft_fail(c, op, SILA_ERR_DENIED, "LOAD of <%s> is not allowed (not in the allow-list)",
                         url);
  double left;
  SilaStatus st = upd_check_deadline(c, &left);
  if (st != SILA_OK)
    return st;
  const char *tmpdir = getenv("TMPDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/sila-load-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0)
    return upd_fail(c, SILA_ERR_IO, "cannot create a temporary file: %s", strerror(errno));
  FILE *f = fdopen(fd, "w+b");
  if (!f) {
    close(fd);
    unlink(path);
    return upd_fail(c, SILA_ERR_NOMEM, "cannot start a download");
  }
  SilaFetchRequest req = {
      .url = url,
      .accept = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, "
                "application/n-quads;q=0.7, application/trig;q=0.7, */*;q=0.1",
      .user_agent = "sila-update/1",
      .sink = sila_file_sink,
      .sink_ctx = f,
      .deadline_ms = left > 0 ? (long)(left * 1000) + 1 : 0};
  SilaFetchResponse resp;
  SilaError ferr = {0};
  st = sila_fetch(&policy, &req, &resp, &ferr);
  bool flushed = fflush(f) == 0;
  fclose(f);
  SilaRdfFormat fmt = download_format(resp.content_type, url);
  if (st == SILA_ERR_TIMEOUT && c->has_deadline)
    st = upd_fail(c, SILA_ERR_TIMEOUT, "the update timed out while fetching <%s>", url);
  else if (st == SILA_ERR_NOMEM || st == SILA_ERR_IO)
    st = upd_fail(c, st, "cannot fetch <%s>: %s", url, ferr.message);
  else if (st == SILA_ERR_LIMIT)
    st = upd_soft_fail(c, op, SILA_ERR_LIMIT, "<%s> is larger than %zu bytes", url, policy.max_bytes);
  else if (st != SILA_OK)
    st = upd_soft_fail(c, op, st == SILA_ERR_DENIED ? st : SILA_ERR_REMOTE, "cannot fetch <%s>: %s",
                       url, ferr.message);
  else if (resp.status < 200 || resp.status >= 300)
    st = upd_soft_fail(c, op, SILA_ERR_REMOTE, "cannot fetch <%s>: HTTP status %ld", url,
                       resp.status);
  else if (!flushed)
    st = upd_fail(c, SILA_ERR_IO, "cannot write a temporary file");
  else if (fmt == SILA_RDF_UNKNOWN)
    st = upd_soft_fail(c, op, SILA_ERR_UNSUPPORTED, "<%s>: unknown RDF format", url);
  else
    st = load_file(c, op, fmt, path, url, graph);
  sila_fetch_response_clear(&resp);
  unlink(path);
  return st;
}

SilaStatus upd_load(UpdCtx *c, const SilaUpdateOp *op) {
  char *src = sila_strndup(op->source.value, op->source.value_len);
  char *graph = NULL;
  if (!src)
    return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
  if (op->to.kind == SILA_GRAPHREF_IRI &&
      !(graph = sila_strndup(op->to.iri.value, op->to.iri.value_len))) {
    free(src);
    return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
  }
  SilaStatus st;
  if (!strncasecmp(src, "http://", 7) || !strncasecmp(src, "https://", 8)) {
    st = load_http(c, op, src, graph);
  } else if (!strncasecmp(src, "file:", 5)) {
    char *path = c->opt.from_http ? NULL : file_path(src);
    if (c->opt.from_http)
      st = upd_soft_fail(c, op, SILA_ERR_DENIED, "LOAD of a file: IRI is not allowed over HTTP");
    else if (!path)
      st = upd_soft_fail(c, op, SILA_ERR_INVALID, "<%s> is not a local file", src);
    else if (access(path, R_OK) != 0)
      st = upd_soft_fail(c, op, SILA_ERR_NOT_FOUND, "cannot read <%s>: %s", src, strerror(errno));
    else {
      SilaRdfFormat fmt = sila_rdf_format_from_filename(path, NULL);
      if (fmt == SILA_RDF_UNKNOWN || fmt == SILA_RDF_JSONLD)
        st = upd_soft_fail(c, op, SILA_ERR_UNSUPPORTED,
                           "<%s>: cannot tell the RDF format from the file name", src);
      else
        st = load_file(c, op, fmt, path, src, graph);
    }
    free(path);
  } else {
    st = upd_soft_fail(c, op, SILA_ERR_UNSUPPORTED, "LOAD supports file:, http: and https: IRIs, not <%s>",
                       src);
  }
  free(src);
  free(graph);
  return st;
}
