/* web_ld.c — the linked-data pages (sila_ld.h: /id/ → 303 → /doc/, /set/,
 * /, /search, /void) served through the worker pool: every GET or HEAD on
 * a path the SPARQL and Graph Store routes do not take. */
#include <string.h>

#include "sila_ld.h"
#include "web_internal.h"

static SilaStatus ld_job(WebReq *r, SilaError *err) {
  const char *q = strchr(r->uri, '?');
  SilaLdResponse resp;
  memset(&resp, 0, sizeof resp);
  SilaStatus st = sila_ld_respond(r->web->store, r->web->cfg.base, r->path, q ? q + 1 : NULL,
                                  web_req_header(r, MHD_HTTP_HEADER_ACCEPT),
                                  web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), &resp);
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
  if (resp.etag[0])
    web_header(r, MHD_HTTP_HEADER_ETAG, resp.etag);
  if (resp.last_modified[0])
    web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, resp.last_modified);
  if (resp.vary_accept)
    web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
  web_begin(r, (unsigned)resp.status, resp.content_type);
  if (resp.status != 304 && resp.body.len) {
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
