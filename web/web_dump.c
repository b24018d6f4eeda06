/* web_dump.c — GET/HEAD /dump/…: the dump files (sila_ld.h, ld_dump.c)
 * streamed to the client by a worker, with the status and headers decided
 * before the first byte. */
#include <stdio.h>
#include <string.h>

#include "sila_ld.h"
#include "web_internal.h"

static SilaStatus dump_job(WebReq *r, SilaError *err) {
  SilaLdDump *d = NULL;
  SilaLdDumpInfo info;
  bool gz = !r->head_only &&
            web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  SilaStatus st = sila_ld_dump_open_coded(r->web->store, r->web->cfg.base, r->path,
                                          web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), gz,
                                          &d, &info);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot answer %s: %s", r->path, sila_strerror(st));
  if (info.status != 200 && info.status != 304) {
    r->status = 404;
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no such dump: %s", r->path);
  }
  web_header(r, MHD_HTTP_HEADER_ETAG, info.etag);
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, SILA_LD_CACHE_CONTROL);
  if (info.last_modified[0])
    web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, info.last_modified);
  char disp[200];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", info.filename);
  web_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
  web_begin(r, (unsigned)info.status, info.content_type);
  r->head_unsized = info.status == 200; /* a HEAD does not build the dump */
  if (info.status == 200 && !r->head_only) {
    if (!info.gzip) /* plain text travels compressed when the client allows it */
      web_allow_gzip(r);
    st = sila_ld_dump_write(d, web_write, r, NULL);
    if (st != SILA_OK && st != SILA_ERR_INTERRUPTED)
      sila_error_set(err, st, 0, 0, "dump %s failed: %s", r->path, sila_strerror(st));
  }
  sila_ld_dump_free(d);
  return st;
}

enum MHD_Result web_dump(WebReq *r) {
  if (!web_is_read(r))
    return web_read_only(r);
  return web_enqueue(r, dump_job);
}
