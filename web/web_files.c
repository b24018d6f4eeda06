/* web_files.c — GET/HEAD /files/{slug}/{name}: the CSV files datasets were
 * published from (kept in the store by sila publish, in the transaction
 * that wrote the dataset), so the catalogue's CSV distributions resolve.
 *
 * Charset: a file that is valid UTF-8 is served byte for byte as
 * "text/csv; charset=utf-8".  Offices also publish Latin-1 / Windows-1252
 * files (the CSVW metadata says "iso-8859-1", "windows-1252"): those are
 * transcoded to UTF-8 from Windows-1252 (the superset of ISO-8859-1's
 * printable characters that browsers apply to both labels), served as
 * UTF-8, and the response says so: "X-Sila-Transcoded-From: windows-1252". */
#include <stdio.h>
#include <string.h>

#include "sila_ld.h"
#include "web_internal.h"

static SilaStatus files_job(WebReq *r, SilaError *err) {
  const char *name = r->path + strlen("/files/");
  SilaTxn *txn = NULL;
  SilaStatus st = sila_txn_begin_read(r->web->store, &txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  const void *data;
  size_t len;
  st = sila_txn_get_file(txn, name, &data, &len);
  if (st != SILA_OK) {
    sila_txn_abort(txn);
    r->status = st == SILA_ERR_NOT_FOUND ? 404 : 500;
    return sila_error_set(err, st, 0, 0, "no such file: %s", r->path);
  }
  bool utf8 = sila_utf8_valid(data, len);
  bool gz = !r->head_only &&
            web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  /* The bytes change only with a write: the store generation names them
   * (and the coding: the gzip body is another representation). */
  char etag[64];
  snprintf(etag, sizeof etag, "\"g%llu-file%s\"", (unsigned long long)sila_txn_generation(txn),
           gz ? "-gz" : "");
  web_header(r, MHD_HTTP_HEADER_ETAG, etag);
  char lm[64];
  if (sila_ld_last_modified(r->web->store, lm, sizeof lm))
    web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lm);
  const char *base = strrchr(name, '/');
  char disp[512];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", base ? base + 1 : name);
  web_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
  if (!utf8)
    web_header(r, "X-Sila-Transcoded-From", "windows-1252");
  bool same = sila_ld_etag_matches(web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), etag);
  web_begin(r, same ? 304 : 200, "text/csv; charset=utf-8");
  r->not_modified = same; /* a 304 says the length a 200 would have (web_ld.c) */
  if (gz)
    web_allow_gzip(r);
  if (utf8) {
    st = web_write(r, data, len);
  } else {
    SilaBuf u = SILA_BUF_INIT;
    st = sila_utf8_from_cp1252(data, len, &u) ? SILA_ERR_NOMEM : web_write(r, u.data, u.len);
    sila_buf_free(&u);
  }
  sila_txn_abort(txn);
  return st;
}

enum MHD_Result web_files(WebReq *r) {
  if (!web_is_read(r))
    return web_read_only(r);
  return web_enqueue(r, files_job);
}
