/* web_static.c — files under /static/ from the assets directory (YASGUI,
 * Leaflet, the project's own scripts) and the query page /query.
 *
 * The assets directory is opened once; every request opens its file
 * relative to it one name at a time with O_NOFOLLOW, after the path passed
 * a whitelist, so that nothing outside the directory can be reached: no
 * "..", no hidden names, no symbolic links (not even ones that point
 * inside), no percent-encoded tricks (libmicrohttpd decodes the path once;
 * a '%' left after that is refused). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "ld_html.h"
#include "web_internal.h"

#define STATIC_MAX_PATH 512
#define STATIC_MAX_DEPTH 16
#define STATIC_CACHE "public, max-age=86400"

SilaStatus web_static_init(SilaWeb *web, SilaError *err) {
  const char *dir = web->cfg.assets;
  web->assets_found = 0;
  ld_html_set_tiles(web->cfg.tiles, web->cfg.tiles_attribution);
  if (!dir || !*dir) {
    ld_html_set_assets(0);
    return SILA_OK;
  }
  web->assets_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (web->assets_fd < 0)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot open the assets directory %s: %s",
                          dir, strerror(errno));
  /* Each optional part needs its library and the project's glue script. */
  static const struct {
    const char *lib, *glue;
    unsigned flag;
  } parts[] = {{"yasgui/yasgui.min.js", "sila/query.js", LD_ASSET_YASGUI},
               {"leaflet/leaflet.js", "sila/map.js", LD_ASSET_LEAFLET},
               {"bootstrap-italia/css/bootstrap-italia.min.css", "sila/sila.css", LD_ASSET_BI},
               {"markercluster/leaflet.markercluster.js", "sila/map.js", LD_ASSET_CLUSTER}};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (!faccessat(web->assets_fd, parts[i].lib, R_OK, 0) &&
        !faccessat(web->assets_fd, parts[i].glue, R_OK, 0))
      web->assets_found |= parts[i].flag;
  ld_html_set_assets(web->assets_found);
  return SILA_OK;
}

void web_static_fini(SilaWeb *web) {
  if (web->assets_fd >= 0)
    close(web->assets_fd);
  web->assets_fd = -1;
}

/* A name of the path: [A-Za-z0-9._-]+, not starting with '.'. */
static bool name_ok(const char *s, size_t n) {
  if (n == 0 || n > 255 || s[0] == '.')
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '.' || c == '_' || c == '-'))
      return false;
  }
  return true;
}

/* Opens `rel` ("a/b/c.js") below dirfd, name by name, never following a
 * symbolic link.  Returns a descriptor of a regular file and fills *st, or
 * -1 (not found, refused or not a file: all look the same to the client). */
static int open_beneath(int dirfd, const char *rel, struct stat *st) {
  size_t len = strlen(rel);
  if (len == 0 || len >= STATIC_MAX_PATH)
    return -1;
  int cur = dirfd, depth = 0;
  const char *p = rel;
  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    char name[256];
    if (!name_ok(p, n) || ++depth > STATIC_MAX_DEPTH)
      goto fail;
    memcpy(name, p, n);
    name[n] = 0;
    int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : O_NONBLOCK);
    int fd = openat(cur, name, flags);
    if (cur != dirfd)
      close(cur);
    cur = dirfd;
    if (fd < 0)
      return -1;
    if (!slash) {
      if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
      }
      return fd;
    }
    cur = fd;
    p = slash + 1;
  }
fail:
  if (cur != dirfd)
    close(cur);
  return -1;
}

static const struct {
  const char *suffix, *type;
} types[] = {
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".png", "image/png"},
    {".svg", "image/svg+xml"},
    {".jpg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path) {
  size_t n = strlen(path);
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
    size_t sl = strlen(types[i].suffix);
    if (n > sl && !strcmp(path + n - sl, types[i].suffix))
      return types[i].type;
  }
  return "application/octet-stream";
}

/* Names one version of a file: its size and modification time. */
static void file_etag(const struct stat *st, bool gz, char *buf, size_t size) {
  snprintf(buf, size, "\"%s%llx-%llx.%lx\"", gz ? "z" : "s", (unsigned long long)st->st_size,
           (unsigned long long)st->st_mtim.tv_sec, (unsigned long)st->st_mtim.tv_nsec);
}

enum MHD_Result web_static(WebReq *r) {
  if (!web_is_read(r))
    return web_read_only(r);
  const char *rel = r->path + strlen("/static/");
  /* A NUL decoded from %00 cuts the path short: refuse such a URL rather
   * than serve the file named by its first part. */
  size_t raw_path = strcspn(r->uri, "?");
  bool nul = memmem(r->uri, raw_path, "%00", 3) != NULL;
  struct stat st;
  int fd = r->web->assets_fd >= 0 && !nul ? open_beneath(r->web->assets_fd, rel, &st) : -1;
  if (fd < 0)
    return web_error_now(r, 404, "no such file: %s", r->path);
  /* A gzip copy beside the file (scripts/fetch-assets.sh makes them) goes
   * to browsers that take gzip: the same bytes once decoded. */
  bool gz = false;
  const char *type = type_of(rel);
  if (!strncmp(type, "text/", 5) || !strncmp(type, "image/svg", 9)) {
    web_header(r, "Vary", "Accept-Encoding");
    char gz_rel[STATIC_MAX_PATH + 4];
    struct stat gst;
    int gfd;
    if (web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING)) &&
        snprintf(gz_rel, sizeof gz_rel, "%s.gz", rel) < (int)sizeof gz_rel &&
        (gfd = open_beneath(r->web->assets_fd, gz_rel, &gst)) >= 0) {
      if (gst.st_mtim.tv_sec >= st.st_mtim.tv_sec) { /* not a stale copy */
        close(fd);
        fd = gfd;
        st = gst;
        gz = true;
      } else {
        close(gfd);
      }
    }
  }
  if (gz)
    web_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  char etag[80], modified[40];
  struct tm tm;
  file_etag(&st, gz, etag, sizeof etag);
  gmtime_r(&st.st_mtim.tv_sec, &tm);
  strftime(modified, sizeof modified, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, STATIC_CACHE);
  web_header(r, MHD_HTTP_HEADER_ETAG, etag);
  web_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
  web_header(r, "X-Content-Type-Options", "nosniff");
  /* If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2); browsers
   * send back the exact Last-Modified string, so a string compare does. */
  const char *inm = web_req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
  const char *ims = web_req_header(r, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
  if (inm ? sila_ld_etag_matches(inm, etag) : (ims && !strcmp(ims, modified))) {
    close(fd);
    return web_respond_now(r, 304, NULL, "", 0);
  }
  struct MHD_Response *resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
  if (!resp) {
    close(fd);
    return MHD_NO;
  }
  /* the headers web_header collected, then the type (as web_respond_now) */
  for (size_t i = 0; i < r->headers.len;) {
    const char *n = r->headers.data + i;
    const char *v = n + strlen(n) + 1;
    MHD_add_response_header(resp, n, v);
    i = (size_t)(v + strlen(v) + 1 - r->headers.data);
  }
  MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  r->status = 200;
  r->bytes = r->head_only ? 0 : (uint64_t)st.st_size;
  r->phase = PH_QUEUED;
  enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
  MHD_destroy_response(resp); /* MHD closes fd with the response */
  return ret;
}


/* An HTML page answered at once, gzip-compressed for clients that take it
 * (the pages here are built whole, not streamed through web_write). */
static enum MHD_Result respond_page(WebReq *r, const SilaBuf *page) {
  const char *type = "text/html; charset=utf-8";
  web_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
  if (!r->head_only && page->len > 1024 &&
      web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING))) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
      uLong bound = deflateBound(&z, (uLong)page->len);
      char *gz = malloc(bound);
      z.next_in = (Bytef *)page->data;
      z.avail_in = (uInt)page->len;
      z.next_out = (Bytef *)gz;
      z.avail_out = (uInt)bound;
      int zr = gz ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
      size_t n = bound - z.avail_out;
      deflateEnd(&z);
      if (zr == Z_STREAM_END) {
        web_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
        enum MHD_Result ret = web_respond_now(r, 200, type, gz, n);
        free(gz);
        return ret;
      }
      free(gz);
    }
  }
  return web_respond_now(r, 200, type, page->data ? page->data : "", page->len);
}

enum MHD_Result web_query_page(WebReq *r) {
  if (!web_is_read(r))
    return web_read_only(r);
  const char *q = web_param(r, "query");
  if (q && !web_utf8_valid(q, strlen(q)))
    return web_error_now(r, 400, "the query is not valid UTF-8");
  SilaBuf page = SILA_BUF_INIT;
  SilaTxn *txn = NULL; /* a snapshot for the datasets' example queries */
  if (sila_txn_begin_read(r->web->store, &txn) != SILA_OK)
    txn = NULL;
  int bad = ld_html_query_page(&page, q, r->web->assets_found, r->web->cfg.base, txn);
  if (txn)
    sila_txn_abort(txn);
  if (bad) {
    sila_buf_free(&page);
    return web_error_now(r, 500, "out of memory");
  }
  /* the page depends on the query string and the catalogue: cacheable,
   * but briefly (the assets found may change with a restart too) */
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=60");
  enum MHD_Result ret = respond_page(r, &page);
  sila_buf_free(&page);
  return ret;
}

bool web_site_page(WebReq *r, enum MHD_Result *ret) {
  SilaBuf page = SILA_BUF_INIT;
  int found = ld_html_site_page(&page, r->path);
  if (found == 0)
    return false;
  if (!web_is_read(r))
    *ret = web_read_only(r);
  else if (found < 0)
    *ret = web_error_now(r, 500, "out of memory");
  else {
    web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600");
    *ret = respond_page(r, &page);
  }
  sila_buf_free(&page);
  return true;
}
