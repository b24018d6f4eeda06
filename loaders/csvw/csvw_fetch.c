/* csvw_fetch.c — documents by URL: libcurl (which honours http_proxy) for
 * http(s), plain files otherwise.  Bodies are spooled to a temporary file
 * so a large CSV is still read as a stream. */
#include "csvw_fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvw_util.h"

void sila_csvw_resource_clear(SilaCsvwResource *r) {
  if (!r)
    return;
  if (r->body)
    fclose(r->body);
  free(r->content_type);
  free(r->describedby);
  memset(r, 0, sizeof *r);
}

typedef struct {
  SilaCsvwResource *r;
  const char *url;
} HeaderCtx;

/* Picks rel="describedby" out of a Link header line. */
static void parse_link(HeaderCtx *h, const char *v, size_t n) {
  char *s = sila_csvw_strndup(v, n);
  char *p = s;
  while (p && *p && !h->r->describedby) {
    char *lt = strchr(p, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!gt)
      break;
    char *next = strchr(gt, ',');
    if (next)
      *next = '\0';
    char *rel = strstr(gt, "rel=");
    if (rel && strstr(rel, "describedby")) {
      char *target = sila_csvw_strndup(lt + 1, (size_t)(gt - lt - 1));
      h->r->describedby = sila_csvw_iri_resolve(h->url, target);
      free(target);
    }
    p = next ? next + 1 : NULL;
  }
  free(s);
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud) {
  HeaderCtx *h = ud;
  size_t n = size * nitems;
  size_t k = n;
  while (k && (buf[k - 1] == '\n' || buf[k - 1] == '\r'))
    k--;
  if (k > 5 && !strncasecmp(buf, "Link:", 5)) {
    parse_link(h, buf + 5, k - 5);
  } else if (k > 13 && !strncasecmp(buf, "Content-Type:", 13)) {
    const char *v = buf + 13;
    while (*v == ' ')
      v++;
    free(h->r->content_type);
    h->r->content_type = sila_csvw_strndup(v, (size_t)(buf + k - v));
  } else if (k > 5 && !strncmp(buf, "HTTP/", 5)) {
    /* a new response (redirect): forget the previous one's headers */
    free(h->r->describedby);
    h->r->describedby = NULL;
  }
  return n;
}

static size_t on_body(char *buf, size_t size, size_t nitems, void *ud) {
  return fwrite(buf, size, nitems, (FILE *)ud) * size;
}

static SilaStatus fetch_http(const SilaCsvwFetcher *f, const char *url, SilaCsvwResource *r,
                             SilaError *err) {
  static bool inited;
  if (!inited) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    inited = true;
  }
  r->body = tmpfile();
  if (!r->body)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: cannot create a temporary file", url);
  CURL *c = curl_easy_init();
  if (!c)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "%s: curl_easy_init failed", url);
  HeaderCtx h = {r, url};
  struct curl_slist *ct = NULL;
  if (f->opts && f->opts->connect_to)
    for (const char *const *p = f->opts->connect_to; *p; p++)
      ct = curl_slist_append(ct, *p);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, r->body);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "sila-csvw/1");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  /* a redirect must not turn a web fetch into a local file read */
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  if (ct)
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, ct);
  CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(c);
  curl_slist_free_all(ct);
  if (rc != CURLE_OK)
    return sila_error_set(err, SILA_ERR_REMOTE, 0, 0, "%s: %s", url, curl_easy_strerror(rc));
  rewind(r->body);
  if (code == 404 || code == 410) {
    r->status = 404;
    return SILA_OK;
  }
  if (code >= 400)
    return sila_error_set(err, SILA_ERR_REMOTE, 0, 0, "%s: HTTP status %ld", url, code);
  r->status = 200;
  return SILA_OK;
}

static char *url_to_path(const SilaCsvwFetcher *f, const char *url) {
  size_t pl = f->iri_prefix ? strlen(f->iri_prefix) : 0;
  if (pl && !strncmp(url, f->iri_prefix, pl)) {
    const char *rest = url + pl;
    return sila_csvw_aprintf("%s%.*s", f->dir, (int)strcspn(rest, "?#"), rest);
  }
  if (!strncmp(url, "file://", 7)) {
    const char *p = url + 7;
    if (strncmp(p, "localhost/", 10) == 0)
      p += 9;
    char *path = sila_csvw_strndup(p, strcspn(p, "?#"));
    if (!path)
      return NULL; /* out of memory (noted) */
    /* undo percent-encoding */
    char *w = path;
    for (char *q = path; *q; q++) {
      if (*q == '%' && q[1] && q[2]) {
        char hex[3] = {q[1], q[2], 0};
        *w++ = (char)strtol(hex, NULL, 16);
        q += 2;
      } else {
        *w++ = *q;
      }
    }
    *w = '\0';
    return path;
  }
  return NULL;
}

/* True when `path` (symbolic links resolved; for a file that does not
 * exist, its folder's) lies inside one of `dirs`. */
static bool path_allowed(const char *path, const char *const *dirs) {
  char *real = realpath(path, NULL);
  if (!real && errno == ENOMEM)
    sila_csvw_nomem_note();
  if (!real) {
    const char *slash = strrchr(path, '/');
    char *dir = slash ? sila_csvw_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : sila_csvw_strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!rdir)
      return false;
    real = sila_csvw_aprintf("%s/%s", rdir, slash ? slash + 1 : path);
    free(rdir);
    if (!real || strstr(real, "/../") || (strlen(real) >= 3 && !strcmp(real + strlen(real) - 3, "/..")))
      return free(real), false;
  }
  bool ok = false;
  for (; *dirs && !ok; dirs++) {
    char *rd = realpath(*dirs, NULL);
    if (!rd && errno == ENOMEM)
      sila_csvw_nomem_note();
    if (!rd)
      continue;
    size_t n = strlen(rd);
    ok = !strncmp(real, rd, n) && (real[n] == '/' || real[n] == '\0' || (n == 1 && rd[0] == '/'));
    free(rd);
  }
  free(real);
  return ok;
}

SilaStatus sila_csvw_fetch(const SilaCsvwFetcher *f, const char *url, SilaCsvwResource *r,
                           SilaError *err) {
  memset(r, 0, sizeof *r);
  if (!url) /* an IRI that a failed allocation could not build */
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  char *path = url_to_path(f, url);
  if (!path && sila_csvw_nomem())
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  if (!path) {
    if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8)) {
      if (f->opts && f->opts->local_only)
        return sila_error_set(err, SILA_ERR_DENIED, 0, 0, "%s: remote documents are not allowed", url);
      return fetch_http(f, url, r, err);
    }
    path = sila_csvw_strdup(url);
  }
  if (!path)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  if (f->opts && f->opts->allowed_dirs && !path_allowed(path, f->opts->allowed_dirs)) {
    if (sila_csvw_nomem()) { /* not refused: the check could not be made */
      free(path);
      return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    }
    sila_error_set(err, SILA_ERR_DENIED, 0, 0,
                   "%s: refused, a table or lookup may only be a file of the dataset's folder "
                   "or of the vocabularies folder",
                   path);
    free(path);
    return SILA_ERR_DENIED;
  }
  r->body = fopen(path, "rb");
  if (!r->body) {
    int e = errno;
    free(path);
    if (e == ENOENT || e == ENOTDIR || e == EISDIR) {
      r->status = 404;
      return SILA_OK;
    }
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: %s", url, strerror(e));
  }
  size_t n = strlen(path);
  if (n > 5 && !strcasecmp(path + n - 5, ".json"))
    r->content_type = sila_csvw_strdup("application/json");
  else if (n > 4 && !strcasecmp(path + n - 4, ".tsv"))
    r->content_type = sila_csvw_strdup("text/tab-separated-values");
  free(path);
  r->status = 200;
  return SILA_OK;
}

json_t *sila_csvw_fetch_json(const SilaCsvwFetcher *f, const char *url, bool *not_found,
                             SilaError *err) {
  *not_found = false;
  SilaCsvwResource r;
  if (sila_csvw_fetch(f, url, &r, err) != SILA_OK) {
    sila_csvw_resource_clear(&r);
    return NULL;
  }
  if (r.status == 404) {
    *not_found = true;
    sila_csvw_resource_clear(&r);
    return NULL;
  }
  json_error_t je;
  json_t *j = json_loadf(r.body, JSON_DECODE_ANY, &je);
  sila_csvw_resource_clear(&r);
  if (!j && json_error_code(&je) == json_error_out_of_memory)
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "%s: out of memory reading the JSON", url);
  else if (!j)
    sila_error_set(err, SILA_ERR_SYNTAX, (unsigned long)je.line, (unsigned long)je.column,
                   "%s: invalid JSON: %s", url, je.text);
  return j;
}
