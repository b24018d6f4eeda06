/* web_ld.c — the linked-data pages (sila_ld.h: /id/ → 303 → /doc/, /set/,
 * /, /search, /void, /catalogo, /onto/) served through the worker pool:
 * every GET or HEAD on a path the SPARQL and Graph Store routes do not
 * take. */
#include <stdlib.h>
#include <string.h>

#include "sila_ld.h"
#include "web_internal.h"

const char *web_public_base(const WebReq *r, char *buf, size_t size) {
  /* the forwarded headers only from a trusted proxy (web_proxy.c) */
  bool fwd = web_from_trusted_proxy(r);
  return sila_ld_public_base(r->web->cfg.base, web_req_header(r, MHD_HTTP_HEADER_HOST),
                             fwd ? web_req_header(r, "X-Forwarded-Host") : NULL,
                             fwd ? web_req_header(r, "X-Forwarded-Proto") : NULL, buf, size);
}

static SilaStatus ld_job(WebReq *r, SilaError *err) {
  /* The raw path (r->uri up to '?'): libmicrohttpd's decoded r->path loses
   * the difference between "%2520" and "%20" (ld_iri.c matches raw paths). */
  size_t plen = strcspn(r->uri, "?");
  char *raw = strndup(r->uri, plen);
  if (!raw)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  const char *q = r->uri[plen] == '?' ? r->uri + plen + 1 : NULL;
  char pub[300];
  bool gz = !r->head_only &&
            web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  SilaLdRequest req = {r->web->cfg.base,
                       raw,
                       q,
                       web_req_header(r, MHD_HTTP_HEADER_ACCEPT),
                       web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH),
                       web_req_header(r, MHD_HTTP_HEADER_IF_MODIFIED_SINCE),
                       gz,
                       web_public_base(r, pub, sizeof pub)};
  SilaLdResponse resp;
  memset(&resp, 0, sizeof resp);
  SilaStatus st = sila_ld_answer(r->web->store, &req, &resp);
  free(raw);
  if (st != SILA_OK) {
    sila_ld_response_clear(&resp);
    return sila_error_set(err, st, 0, 0, "cannot answer %s: %s", r->path, sila_strerror(st));
  }
  if (resp.status == 0) {
    sila_ld_response_clear(&resp);
    r->status = 404;
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no such resource: %s", r->path);
  }
  if (resp.location)
    web_header(r, MHD_HTTP_HEADER_LOCATION, resp.location);
  if (resp.etag[0]) {
    web_header(r, MHD_HTTP_HEADER_ETAG, resp.etag);
    /* A cache in front (nginx, README "Read replicas") keeps the page a
     * minute, then revalidates by ETag: a write changes every ETag. */
    web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, SILA_LD_CACHE_CONTROL);
  }
  if (resp.last_modified[0])
    web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, resp.last_modified);
  if (resp.vary_accept)
    web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
  web_begin(r, (unsigned)resp.status, resp.content_type);
  /* A 304 announces the length the 200 would have (libmicrohttpd sends a
   * length with every known-size answer; RFC 9110 allows only the real
   * one): its body is counted in the same encoding, not sent. */
  r->not_modified = resp.status == 304;
  if (resp.body.len) {
    if (gz) /* the ETag said "-gz" (sila_ld_answer) */
      web_allow_gzip(r);
    st = web_write(r, resp.body.data, resp.body.len);
  }
  sila_ld_response_clear(&resp);
  return st;
}

enum MHD_Result web_ld(WebReq *r) {
  if (!web_is_read(r))
    return web_error_now(r, 404, "no such resource: %s", r->path);
  return web_enqueue(r, ld_job);
}
