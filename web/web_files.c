/* web_files.c — GET/HEAD /files/{slug}/{name}: the CSV files datasets were
 * published from (kept in the store by sila publish, in the transaction
 * that wrote the dataset), so the catalogue's CSV distributions resolve. */
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
  /* The bytes change only with a write: the store generation names them. */
  char etag[64];
  snprintf(etag, sizeof etag, "\"g%llu-file\"", (unsigned long long)sila_txn_generation(txn));
  web_header(r, MHD_HTTP_HEADER_ETAG, etag);
  char lm[64];
  if (sila_ld_last_modified(r->web->store, lm, sizeof lm))
    web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lm);
  if (sila_ld_etag_matches(web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), etag)) {
    sila_txn_abort(txn);
    web_begin(r, 304, NULL);
    return SILA_OK;
  }
  const char *base = strrchr(name, '/');
  char disp[512];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", base ? base + 1 : name);
  web_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
  /* The bytes as published: no charset is claimed (offices' files are not
   * all UTF-8; the CSVW metadata says what they are). */
  web_begin(r, 200, "text/csv");
  web_allow_gzip(r);
  st = web_write(r, data, len);
  sila_txn_abort(txn);
  return st;
}

enum MHD_Result web_files(WebReq *r) {
  if (!web_is_read(r))
    return web_read_only(r);
  return web_enqueue(r, files_job);
}
