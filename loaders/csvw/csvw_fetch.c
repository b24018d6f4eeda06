/* csvw_fetch.c — documents by URL: base/'s one HTTP client (sila_fetch.h)
 * for http(s), plain files otherwise.  Bodies are spooled to a temporary file
 * so a large CSV is still read as a stream. */
#include "csvw_fetch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvw_util.h"
#include "sila_fetch.h"

void sila_csvw_resource_clear(SilaCsvwResource *r) {
  if (!r)
    return;
  if (r->body)
    fclose(r->body);
  free(r->content_type);
  free(r->describedby);
  memset(r, 0, sizeof *r);
}

/* Picks rel="describedby" out of the Link header values (resolved against
 * the URL of the response). */
static void parse_link(SilaCsvwResource *r, const char *url, const char *links) {
  char *s = sila_csvw_strdup(links);
  char *p = s;
  while (p && *p && !r->describedby) {
    char *lt = strchr(p, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (!gt)
      break;
    char *next = strchr(gt, ',');
    if (next)
      *next = '\0';
    char *rel = strstr(gt, "rel=");
    if (rel && strstr(rel, "describedby")) {
      char *target = sila_csvw_strndup(lt + 1, (size_t)(gt - lt - 1));
      r->describedby = sila_csvw_iri_resolve(url, target);
      free(target);
    }
    p = next ? next + 1 : NULL;
  }
  free(s);
}

/* CSVW's fetch policy: base/'s one policy (sila_fetch.h).  `sila map` is a
 * command a user runs on their own documents, so any http(s) URL and any
 * address may be read (servers set local_only and fetch nothing); the
 * scheme and character checks, the redirect checks, the time limits and
 * the size cap apply as everywhere. */
static SilaFetchPolicy csvw_policy(const SilaCsvwOptions *o) {
  size_t n = 0;
  while (o && o->connect_to && o->connect_to[n])
    n++;
  SilaFetchPolicy p = {.allow_any = true,
                       .allow_private = true,
                       .max_redirects = 10,
                       .timeout = 300,
                       .max_bytes = (size_t)1 << 30,
                       .connect_to = o ? o->connect_to : NULL,
                       .nconnect_to = n};
  return p;
}

static SilaStatus fetch_http(const SilaCsvwFetcher *f, const char *url, SilaCsvwResource *r,
                             SilaError *err) {
  r->body = tmpfile();
  if (!r->body)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: cannot create a temporary file", url);
  SilaFetchPolicy policy = csvw_policy(f->opts);
  SilaFetchRequest req = {.url = url, .user_agent = "sila-csvw/1", .sink = sila_file_sink, .sink_ctx = r->body};
  SilaFetchResponse resp;
  SilaError ferr = {0};
  SilaStatus st = sila_fetch(&policy, &req, &resp, &ferr);
  if (st != SILA_OK) {
    sila_fetch_response_clear(&resp);
    return sila_error_set(err, st == SILA_ERR_NOMEM ? st : SILA_ERR_REMOTE, 0, 0, "%s: %s", url,
                          ferr.message);
  }
  if (resp.content_type)
    r->content_type = sila_csvw_strdup(resp.content_type);
  if (resp.link)
    parse_link(r, resp.url, resp.link);
  long code = resp.status;
  sila_fetch_response_clear(&resp);
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
