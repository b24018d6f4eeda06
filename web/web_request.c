/* web_request.c — a request's life cycle: created when its request line
 * arrives, dispatched to its endpoint when its headers (and body) are in,
 * answered now or by a job, freed when the last reference goes.
 *
 * States (r->phase, r->mu):
 *   PH_NEW        request line read (web_on_uri); headers not complete
 *   PH_HANDLER    the access handler owns it: reading the body, dispatching;
 *                 an answer decided here is queued at once (PH_QUEUED)
 *   PH_WAIT       a job is queued or running (web_workers.c); the
 *                 connection is suspended
 *   PH_COMMITTED  the job decided status and headers (it ended, or its
 *                 output reached the commit size) and resumed the connection;
 *                 the handler queues the response (web_queue_committed)
 *   PH_QUEUED     a response is queued; a streamed one is fed by the content
 *                 reader while the job runs (r->reader_waiting: suspended
 *                 until there is more output)
 * Beside the phase: r->end (JOB_PENDING, JOB_OK, JOB_FAILED) says how the
 * job ended; r->gone that the client left or the server stops (the job is
 * cancelled); r->holds what it holds of the server's limits (web->mu).
 *
 * References (r->refs, r->mu): the connection holds one from web_on_uri to
 * web_on_completed; a queued job one until it ran; a streamed response one
 * until its free callback.
 *
 * Lock order: web->mu before r->mu (the watchdog, the admission of a job
 * and the long-query places take both); libmicrohttpd's own locks are taken
 * inside MHD_resume_connection, which may be called holding either, so no
 * MHD callback may wait for a lock held around a resume of its own
 * connection.  Nothing takes web->mu while holding r->mu. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "prog_web.h"
#include "web_core.h"

void web_req_release(WebReq *r) {
  pthread_mutex_lock(&r->mu);
  int left = --r->refs;
  pthread_mutex_unlock(&r->mu);
  if (left)
    return;
  free(r->uri);
  sila_buf_free(&r->body);
  if (r->upfd >= 0)
    close(r->upfd);
  if (r->uppath[0])
    unlink(r->uppath);
  for (size_t i = 0; i < r->nparams; i++) {
    free(r->params[i].name);
    free(r->params[i].value);
  }
  free(r->params);
  free(r->text);
  sila_buf_free(&r->headers);
  sila_buf_free(&r->out);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
  free(r);
}

/* MHD_OPTION_URI_LOG_CALLBACK: the first thing MHD reports about a request;
 * the WebReq made here is the connection's context until completion. */
void *web_on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  SilaWeb *web = cls;
  WebReq *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->web = web;
  r->conn = conn;
  r->refs = 1;
  r->upfd = -1;
  r->fd = -1;
  r->t0 = web_now();
  r->uri = strdup(uri ? uri : "");
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->cv, NULL);
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  WebConn *wc = ci ? ci->socket_context : NULL;
  pthread_mutex_lock(&web->mu);
  if (wc) {
    r->wc = wc;
    r->fd = wc->fd;
    r->addr = wc->addr;
    if (wc->addr)
      memcpy(r->client, wc->addr->name, sizeof r->client);
  }
  r->next_active = web->active;
  if (web->active)
    web->active->prev_active = r;
  web->active = r;
  pthread_mutex_unlock(&web->mu);
  return r;
}

void web_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  SilaWeb *web = cls;
  (void)conn;
  WebReq *r = *con_cls;
  if (!r)
    return;
  *con_cls = NULL;
  pthread_mutex_lock(&r->mu);
  if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status < 400 && r->end != JOB_FAILED)
    r->status = r->status ? r->status : 499; /* client went away */
  pthread_mutex_unlock(&r->mu);
  web_log_request(r);
  pthread_mutex_lock(&web->mu);
  /* the connection waits for its next request's headers (keep-alive) */
  if (r->wc) {
    web_admit_wait_locked(web, r->wc);
    r->wc = NULL;
  }
  if (!(r->holds & HOLD_CLIENT_SLOT)) {
    web_req_addr_drop_locked(web, r); /* only a held slot keeps the address entry */
  }
  if (r->prev_active)
    r->prev_active->next_active = r->next_active;
  else if (web->active == r)
    web->active = r->next_active;
  if (r->next_active)
    r->next_active->prev_active = r->prev_active;
  r->next_active = r->prev_active = NULL;
  pthread_mutex_unlock(&web->mu);
  pthread_mutex_lock(&r->mu);
  if (r->end == JOB_PENDING) {
    r->gone = true;
    if (r->exec)
      sila_exec_interrupt(r->exec);
    pthread_cond_broadcast(&r->cv);
  }
  pthread_mutex_unlock(&r->mu);
  web_req_release(r);
}

/* ---- parameters and headers ------------------------------------------- */

int web_param_add(WebReq *r, const char *name, size_t nlen, const char *value, size_t vlen) {
  WebParam *p = realloc(r->params, (r->nparams + 1) * sizeof *p);
  if (!p)
    return -1;
  r->params = p;
  p[r->nparams].name = strndup(name, nlen);
  p[r->nparams].value = strndup(value ? value : "", value ? vlen : 0);
  if (!p[r->nparams].name || !p[r->nparams].value) {
    free(p[r->nparams].name);
    free(p[r->nparams].value);
    return -1;
  }
  r->nparams++;
  return 0;
}

const char *web_param(const WebReq *r, const char *name) {
  for (size_t i = 0; i < r->nparams; i++)
    if (!strcmp(r->params[i].name, name))
      return r->params[i].value;
  return NULL;
}

size_t web_param_count(const WebReq *r, const char *name) {
  size_t n = 0;
  for (size_t i = 0; i < r->nparams; i++)
    n += !strcmp(r->params[i].name, name);
  return n;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value) {
  (void)kind;
  WebReq *r = cls;
  return web_param_add(r, key, strlen(key), value, value ? strlen(value) : 0) ? MHD_NO
                                                                              : MHD_YES;
}

const char *web_req_header(const WebReq *r, const char *name) {
  return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *web_content_type(const WebReq *r, char *buf, size_t size) {
  const char *ct = web_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  buf[0] = 0;
  if (!ct)
    return buf;
  while (*ct == ' ' || *ct == '\t')
    ct++;
  size_t n = strcspn(ct, "; \t");
  if (n >= size)
    n = size - 1;
  for (size_t i = 0; i < n; i++)
    buf[i] = (char)((ct[i] >= 'A' && ct[i] <= 'Z') ? ct[i] + 32 : ct[i]);
  buf[n] = 0;
  return buf;
}

void web_header(WebReq *r, const char *name, const char *value) {
  sila_buf_append(&r->headers, name, strlen(name) + 1);
  sila_buf_append(&r->headers, value, strlen(value) + 1);
}

/* Headers every response carries: CORS for reads, the announced limits. */
void web_add_headers(WebReq *r, struct MHD_Response *resp) {
  const SilaWebConfig *c = &r->web->cfg;
  char v[64];
  MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
  MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                          "X-Sila-Timeout, X-Sila-Max-Rows, X-Sila-Max-Body, Location");
  snprintf(v, sizeof v, "%g", c->timeout);
  MHD_add_response_header(resp, "X-Sila-Timeout", v);
  snprintf(v, sizeof v, "%llu", (unsigned long long)c->max_rows);
  MHD_add_response_header(resp, "X-Sila-Max-Rows", v);
  snprintf(v, sizeof v, "%zu", c->max_body);
  MHD_add_response_header(resp, "X-Sila-Max-Body", v);
  for (size_t i = 0; i < r->headers.len;) {
    const char *n = r->headers.data + i;
    const char *val = n + strlen(n) + 1;
    MHD_add_response_header(resp, n, val);
    i = (size_t)(val + strlen(val) + 1 - r->headers.data);
  }
  if (r->ctype[0])
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
}

enum MHD_Result web_respond_now(WebReq *r, unsigned status, const char *ctype, const char *body,
                                size_t len) {
  if (ctype)
    snprintf(r->ctype, sizeof r->ctype, "%s", ctype);
  struct MHD_Response *resp =
      status == 304 ? web_no_length_response()
                    : MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!resp)
    return MHD_NO;
  web_add_headers(r, resp);
  r->status = status;
  r->bytes = r->head_only ? 0 : len;
  web_set_phase(r, PH_QUEUED);
  enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

enum MHD_Result web_error_now(WebReq *r, unsigned status, const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg - 1, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  if ((size_t)n > sizeof msg - 2)
    n = sizeof msg - 2;
  msg[n++] = '\n';
  msg[n] = 0;
  return web_respond_now(r, status, "text/plain; charset=utf-8", msg, (size_t)n);
}

bool web_check_token(WebReq *r, enum MHD_Result *ret) {
  const char *tok = r->web->cfg.write_token;
  if (!tok || !*tok) {
    *ret = web_error_now(r, 403,
                         "writes are disabled: no write token is configured "
                         "(set SILA_WRITE_TOKEN or write_token in the configuration file)");
    return false;
  }
  const char *auth = web_req_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
  bool ok = false;
  if (auth && !strncasecmp(auth, "Bearer ", 7)) {
    const char *given = auth + 7;
    while (*given == ' ')
      given++;
    size_t gl = strlen(given), tl = strlen(tok);
    while (gl && given[gl - 1] == ' ')
      gl--;
    /* compare in time independent of where the first difference is */
    unsigned char diff = gl != tl;
    for (size_t i = 0; i < tl; i++)
      diff |= (unsigned char)(tok[i] ^ (i < gl ? given[i] : 0));
    ok = !diff;
  }
  if (!ok) {
    web_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"sila\"");
    *ret = web_error_now(r, 401, "this request needs Authorization: Bearer <write token>");
  }
  return ok;
}

bool web_is_read(const WebReq *r) {
  return !strcmp(r->method, MHD_HTTP_METHOD_GET) || !strcmp(r->method, MHD_HTTP_METHOD_HEAD);
}

enum MHD_Result web_read_only(WebReq *r) {
  web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
  return web_error_now(r, 405, "%s is read-only: use GET or HEAD", r->path);
}

/* ---- the access handler ------------------------------------------------ */

static enum MHD_Result on_body(WebReq *r, const char *data, size_t size) {
  size_t limit = r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body;
  if (web_pub_path(r->path))
    limit = web_pub_body_limit();
  if (r->body_too_large || r->upload_len + size > limit) {
    r->body_too_large = true;
    return MHD_YES;
  }
  /* atomic: the watchdog reads it to judge the body's rate */
  __atomic_store_n(&r->upload_len, r->upload_len + size, __ATOMIC_RELAXED);
  if (!r->body_to_file)
    return sila_buf_append(&r->body, data, size) ? MHD_NO : MHD_YES;
  if (r->upfd < 0) {
    const char *tmp = getenv("TMPDIR");
    snprintf(r->uppath, sizeof r->uppath, "%s/sila-upload-XXXXXX",
             tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    r->upfd = mkstemp(r->uppath);
    if (r->upfd < 0) {
      r->uppath[0] = 0;
      return MHD_NO;
    }
  }
  while (size) {
    ssize_t w = write(r->upfd, data, size);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return MHD_NO;
    data += w;
    size -= (size_t)w;
  }
  return MHD_YES;
}

enum MHD_Result web_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls) {
  (void)cls;
  (void)version;
  (void)conn;
  WebReq *r = *con_cls;
  if (!r)
    return MHD_NO;
  if (r->phase == PH_NEW) {
    web_set_phase(r, PH_HANDLER);
    bool over_limit = false;
    char fwd[64] = "";
    if (web_from_trusted_proxy(r))
      web_client_address(r, fwd, sizeof fwd);
    pthread_mutex_lock(&r->web->mu);
    if (r->wc) {
      web_admit_unwait_locked(r->web, r->wc);
      over_limit = r->wc->over_limit;
    }
    if (fwd[0] && strcmp(fwd, r->client))
      web_admit_forwarded_locked(r->web, r, fwd);
    pthread_mutex_unlock(&r->web->mu);
    r->method = method;
    r->path = url;
    r->head_only = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (strlen(r->uri) > r->web->cfg.max_url)
      return web_error_now(r, 414,
                           "the request URL is longer than %zu bytes: send the query with POST "
                           "(application/x-www-form-urlencoded or application/sparql-query)",
                           r->web->cfg.max_url);
    /* MHD hands `url` percent-decoded: a %00 would cut the path short */
    if (memmem(r->uri, strcspn(r->uri, "?"), "%00", 3))
      return web_error_now(r, 400, "the request path contains a NUL byte (%%00)");
    if (over_limit) {
      web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
      web_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
      return web_error_now(r, 503,
                           "too many connections from your address (at most %u); "
                           "close some and retry",
                           r->web->cfg.max_conns_per_client);
    }
    if (!strcmp(method, MHD_HTTP_METHOD_OPTIONS)) {
      web_header(r, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
      web_header(r, "Access-Control-Allow-Headers", "Accept, Content-Type, Accept-Encoding");
      web_header(r, "Access-Control-Max-Age", "86400");
      web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      return web_respond_now(r, 204, NULL, "", 0);
    }
    bool write = !strcmp(url, "/update") ||
                 ((!strcmp(url, "/store") || web_graphs_path(url)) && (!strcmp(method, MHD_HTTP_METHOD_PUT) ||
                                             !strcmp(method, MHD_HTTP_METHOD_POST) ||
                                             !strcmp(method, MHD_HTTP_METHOD_DELETE)));
    if (write && strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
      enum MHD_Result ret;
      if (!web_check_token(r, &ret))
        return ret;
    }
    r->body_to_file = !strcmp(url, "/store") || web_graphs_path(url);
    const char *cl = web_req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t limit = r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body;
    if (web_pub_path(url))
      limit = web_pub_body_limit();
    if (cl && strtoull(cl, NULL, 10) > limit)
      return web_error_now(r, 413, "the request body is larger than the limit of %zu bytes",
                           limit);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
    if ((cl && strtoull(cl, NULL, 10) > 0) ||
        web_req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
      r->body_expected = true;
      pthread_mutex_lock(&r->mu);
      r->body_open = true;
      r->body_since = web_now();
      pthread_mutex_unlock(&r->mu);
    }
    return MHD_YES;
  }
  if (*upload_size) {
    enum MHD_Result ret = on_body(r, upload_data, *upload_size);
    *upload_size = 0;
    return ret;
  }
  if (r->body_expected) { /* the whole body is in */
    r->body_expected = false;
    pthread_mutex_lock(&r->mu);
    r->body_open = false;
    pthread_mutex_unlock(&r->mu);
  }
  if (r->phase == PH_COMMITTED)
    return web_queue_committed(r);
  if (r->phase != PH_HANDLER)
    return MHD_NO;
  if (r->body_too_large)
    return web_error_now(r, 413, "the request body is larger than the limit of %zu bytes",
                         web_pub_path(url) ? web_pub_body_limit()
                         : r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body);
  if (!strcmp(url, "/health"))
    return web_respond_now(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
  prog_web_observe(r); /* usage statistics (issue 17): memory only */
  if (!strcmp(url, "/sparql"))
    return web_sparql(r);
  if (!strcmp(url, "/update"))
    return web_update(r);
  if (!strcmp(url, "/store"))
    return web_store(r);
  if (web_graphs_path(url))
    return web_graphs(r);
  if (!strncmp(url, "/dump/", 6))
    return web_dump(r);
  if (!strncmp(url, "/files/", 7))
    return web_files(r);
  if (!strncmp(url, "/static/", 8))
    return web_static(r);
  if (web_pub_path(url)) /* the publishing area (pub_session.c) */
    return web_pub(r);
  if (!strcmp(url, "/query"))
    return web_query_page(r);
  enum MHD_Result site;
  if (prog_web_route(r, &site)) /* /piano /richieste /statistiche /qualita */
    return site;
  if (web_site_page(r, &site))
    return site;
  return web_ld(r);
}

void web_set_phase(WebReq *r, WebPhase phase) {
  pthread_mutex_lock(&r->mu); /* the watchdog reads it */
  r->phase = phase;
  pthread_mutex_unlock(&r->mu);
}

void web_abandon_locked(WebReq *r) {
  r->gone = true;
  if (r->exec)
    sila_exec_interrupt(r->exec);
  pthread_cond_broadcast(&r->cv);
  if (r->reader_waiting) {
    r->reader_waiting = false;
    MHD_resume_connection(r->conn);
  }
}
