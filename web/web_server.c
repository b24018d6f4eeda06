/* web_server.c — the libmicrohttpd daemon, the request life cycle, the
 * worker pool, streaming output, the disconnect watchdog and the access log. */
#define _GNU_SOURCE /* for POLLRDHUP */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sila_ld.h"
#include "prog_web.h"
#include "web_internal.h"

/* Output is decided (status sent) when this much is buffered or the job
 * ends; the producer waits while more than WEB_OUT_CAP bytes are unsent. */
#define WEB_COMMIT_AT (32 * 1024)
#define WEB_OUT_CAP (128 * 1024)

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sila_web_config_init(SilaWebConfig *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->bind = "127.0.0.1";
  cfg->port = 8080;
  cfg->base = "https://dati.calabria.it";
  cfg->union_default_graph = true;
  cfg->timeout = 30;
  cfg->max_rows = 100000;
  cfg->max_body = 1 << 20;
  cfg->max_upload = (size_t)1 << 30;
  cfg->max_url = 8192;
  /* More workers than cores: a cheap query then shares the CPU with a
   * long one instead of queueing behind it (8 clients at 5 M triples on 2
   * cores: lookups 14-18 ms with 4 workers, 5-7 ms with 8). */
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  cfg->workers = ncpu < 2 ? 8 : ncpu > 16 ? 64 : (unsigned)(4 * ncpu);
  cfg->max_per_client = 4;
  cfg->poll_threads = 2;
  /* Half the cores for long queries: a lookup arriving while others run
   * a long REGEX or GROUP BY still finds a core. */
  /* 10 ms: 8 clients on 5 M triples, 2 cores: lookups 4.1 -> 0.45 ms
   * median, for 8% fewer queries per hour (long ones share one core). */
  cfg->slow_after = 0.01;
  cfg->slow_slots = ncpu > 3 ? (unsigned)(ncpu / 2) : 1;
  cfg->access_log = stderr;
#ifdef SILA_ASSETS_DEFAULT
  struct stat st;
  if (stat(SILA_ASSETS_DEFAULT, &st) == 0 && S_ISDIR(st.st_mode))
    cfg->assets = SILA_ASSETS_DEFAULT;
#endif
}

unsigned sila_web_http_status(SilaStatus st) {
  switch (st) {
  case SILA_OK: return 200;
  case SILA_ERR_SYNTAX:
  case SILA_ERR_INVALID:
  case SILA_ERR_TYPE: return 400;
  case SILA_ERR_DENIED: return 403;
  case SILA_ERR_NOT_FOUND: return 404;
  case SILA_ERR_UNSUPPORTED: return 501;
  case SILA_ERR_TIMEOUT:
  case SILA_ERR_BUSY:
  case SILA_ERR_NOMEM:
  case SILA_ERR_INTERRUPTED: return 503;
  case SILA_ERR_FULL: return 507;
  case SILA_ERR_REMOTE: return 502;
  default: return 500;
  }
}

static void abandon_locked(WebReq *r);

/* ---- requests --------------------------------------------------------- */

static void req_release(WebReq *r) {
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
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  SilaWeb *web = cls;
  WebReq *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->web = web;
  r->conn = conn;
  r->refs = 1;
  r->upfd = -1;
  r->fd = -1;
  r->t0 = now_s();
  r->uri = strdup(uri ? uri : "");
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->cv, NULL);
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (ci)
    r->fd = ci->connect_fd;
  ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client,
                sizeof r->client);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->client,
                sizeof r->client);
  }
  pthread_mutex_lock(&web->mu);
  r->next_active = web->active;
  if (web->active)
    web->active->prev_active = r;
  web->active = r;
  pthread_mutex_unlock(&web->mu);
  return r;
}

static void client_release(SilaWeb *web, WebReq *r) {
  if (!r->counted)
    return;
  r->counted = false;
  for (size_t i = 0; i < sizeof web->clients / sizeof web->clients[0]; i++)
    if (web->clients[i].n && !strcmp(web->clients[i].addr, r->client)) {
      web->clients[i].n--;
      break;
    }
}

static void log_request(WebReq *r) {
  FILE *log = r->web->cfg.access_log;
  if (!log)
    return;
  time_t t = time(NULL);
  struct tm tm;
  char when[32];
  gmtime_r(&t, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  /* the path only: query strings may be long and hold data */
  size_t plen = strcspn(r->uri ? r->uri : "", "?");
  fprintf(log, "%s %s %s %.*s %u %llu %.1fms\n", when, r->client[0] ? r->client : "-",
          r->method ? r->method : "-", (int)(plen > 200 ? 200 : plen), r->uri ? r->uri : "",
          r->status, (unsigned long long)r->bytes, (now_s() - r->t0) * 1000);
  fflush(log);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  SilaWeb *web = cls;
  (void)conn;
  WebReq *r = *con_cls;
  if (!r)
    return;
  *con_cls = NULL;
  if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status < 400 && !r->failed)
    r->status = r->status ? r->status : 499; /* client went away */
  log_request(r);
  pthread_mutex_lock(&web->mu);
  if (r->prev_active)
    r->prev_active->next_active = r->next_active;
  else if (web->active == r)
    web->active = r->next_active;
  if (r->next_active)
    r->next_active->prev_active = r->prev_active;
  r->next_active = r->prev_active = NULL;
  pthread_mutex_unlock(&web->mu);
  pthread_mutex_lock(&r->mu);
  r->conn_done = true;
  if (!r->done) {
    r->gone = true;
    if (r->exec)
      sila_exec_interrupt(r->exec);
    pthread_cond_broadcast(&r->cv);
  }
  pthread_mutex_unlock(&r->mu);
  req_release(r);
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
static void add_headers(WebReq *r, struct MHD_Response *resp) {
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

static ssize_t no_content(void *cls, uint64_t pos, char *buf, size_t max);

static bool status_no_body(unsigned status) { return status == 304; }

/* A 304 whose 200 length is not known: libmicrohttpd 0.9.75 would say
 * "Content-Length: 0" for an empty buffer (a 304 may carry the real length
 * or none, RFC 9110 §8.6) and chunk an unknown length, so it is sent with
 * no length and no chunking, the connection closed after it. */
static struct MHD_Response *no_length_response(void) {
  struct MHD_Response *resp =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, no_content, NULL, NULL);
  if (resp)
    MHD_set_response_options(resp, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END);
  return resp;
}

enum MHD_Result web_respond_now(WebReq *r, unsigned status, const char *ctype, const char *body,
                                size_t len) {
  if (ctype)
    snprintf(r->ctype, sizeof r->ctype, "%s", ctype);
  struct MHD_Response *resp =
      status_no_body(status)
          ? no_length_response()
          : MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!resp)
    return MHD_NO;
  add_headers(r, resp);
  r->status = status;
  r->bytes = r->head_only ? 0 : len;
  r->phase = PH_QUEUED;
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

/* ---- streaming -------------------------------------------------------- */

/* r->mu held: status and headers are decided; hand back to the handler. */
static void commit_locked(WebReq *r) {
  r->phase = PH_COMMITTED;
  MHD_resume_connection(r->conn);
}

void web_begin(WebReq *r, unsigned status, const char *ctype) {
  pthread_mutex_lock(&r->mu);
  r->status = status;
  snprintf(r->ctype, sizeof r->ctype, "%s", ctype ? ctype : "");
  pthread_mutex_unlock(&r->mu);
}

static SilaStatus stream_append(WebReq *r, const char *data, size_t len) {
  SilaStatus st = SILA_OK;
  pthread_mutex_lock(&r->mu);
  if (r->gone) {
    st = SILA_ERR_INTERRUPTED;
    goto out;
  }
  if (r->head_only || r->not_modified) {
    r->head_len += len;
    goto out;
  }
  if (sila_buf_append(&r->out, data, len)) {
    st = SILA_ERR_NOMEM;
    goto out;
  }
  if (r->phase == PH_WAIT && r->out.len - r->out_off >= WEB_COMMIT_AT) {
    r->streaming = true;
    commit_locked(r);
  }
  if (r->streaming) {
    if (r->reader_waiting) {
      r->reader_waiting = false;
      MHD_resume_connection(r->conn);
    }
    while (!r->gone && r->out.len - r->out_off >= WEB_OUT_CAP)
      pthread_cond_wait(&r->cv, &r->mu);
    if (r->gone)
      st = SILA_ERR_INTERRUPTED;
  }
out:
  pthread_mutex_unlock(&r->mu);
  return st;
}

void web_allow_gzip(WebReq *r) {
  if (r->head_only || r->gz ||
      !web_accepts_gzip(web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING)))
    return;
  z_stream *z = calloc(1, sizeof *z);
  if (!z)
    return;
  if (deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(z);
    return;
  }
  r->gz = z;
  web_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  web_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
}

/* Compresses [data, data+len) (flush = Z_FINISH at the end) into the stream. */
static SilaStatus gz_write(WebReq *r, const char *data, size_t len, int flush) {
  char chunk[16384];
  z_stream *z = r->gz;
  z->next_in = (Bytef *)data;
  z->avail_in = (uInt)len;
  int zr;
  do {
    z->next_out = (Bytef *)chunk;
    z->avail_out = sizeof chunk;
    zr = deflate(z, flush);
    if (zr == Z_STREAM_ERROR)
      return SILA_ERR_IO;
    size_t n = sizeof chunk - z->avail_out;
    if (n) {
      SilaStatus st = stream_append(r, chunk, n);
      if (st != SILA_OK)
        return st;
    }
  } while (z->avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
  return SILA_OK;
}

/* Gives back a long query's place (see web_on_slow). */
static void slow_release(WebReq *r) {
  pthread_mutex_lock(&r->web->mu);
  if (r->slow) {
    r->slow = false;
    r->web->slow_running--;
    pthread_cond_signal(&r->web->slow_cv);
  }
  pthread_mutex_unlock(&r->web->mu);
}

SilaStatus web_write(void *ctx, const char *data, size_t len) {
  WebReq *r = ctx;
  /* A query whose answer streams is paced by its client from here on: a
   * slow reader must not keep a long-query place from the others.
   * (r->streaming is only written by this thread.) */
  if (r->slow && r->streaming)
    slow_release(r);
  if (r->gz)
    return gz_write(r, data, len, Z_NO_FLUSH);
  return stream_append(r, data, len);
}

void web_on_exec(void *ctx, SilaExec *ex) {
  WebReq *r = ctx;
  pthread_mutex_lock(&r->mu);
  r->exec = ex;
  if (ex && (r->gone || r->web->stopping))
    sila_exec_interrupt(ex);
  pthread_mutex_unlock(&r->mu);
}

void web_on_slow(void *ctx) {
  WebReq *r = ctx;
  SilaWeb *web = r->web;
  pthread_mutex_lock(&web->mu);
  while (web->slow_running >= web->cfg.slow_slots && !web->stopping) {
    /* Wake now and then: a client that left, or the deadline, ends the
     * wait (the executor sees the interrupt or the time when we return). */
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += 50 * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
      t.tv_sec++;
      t.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&web->slow_cv, &web->mu, &t);
    pthread_mutex_lock(&r->mu);
    bool gone = r->gone;
    pthread_mutex_unlock(&r->mu);
    if (gone || sila_exec_past_deadline(r->exec)) {
      pthread_mutex_unlock(&web->mu);
      return;
    }
  }
  web->slow_running++;
  r->slow = true;
  pthread_mutex_unlock(&web->mu);
}

static ssize_t content_reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  WebReq *r = cls;
  ssize_t ret;
  pthread_mutex_lock(&r->mu);
  size_t avail = r->out.len - r->out_off;
  if (avail) {
    size_t n = avail < max ? avail : max;
    memcpy(buf, r->out.data + r->out_off, n);
    r->out_off += n;
    if (r->out_off == r->out.len)
      r->out.len = r->out_off = 0;
    r->bytes += n;
    pthread_cond_broadcast(&r->cv);
    ret = (ssize_t)n;
  } else if (r->done) {
    ret = r->failed ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
  } else {
    /* nothing yet: sleep until the producer resumes us (never busy-wait) */
    r->reader_waiting = true;
    MHD_suspend_connection(r->conn);
    ret = 0;
  }
  pthread_mutex_unlock(&r->mu);
  return ret;
}

static void content_free(void *cls) {
  WebReq *r = cls;
  pthread_mutex_lock(&r->mu);
  if (!r->done) {
    r->gone = true; /* the client went away mid-stream: cancel */
    if (r->exec)
      sila_exec_interrupt(r->exec);
  }
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
  req_release(r);
}

/* Polling thread, after the worker committed: queue what it decided. */
static ssize_t no_content(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)cls, (void)pos, (void)buf, (void)max;
  return MHD_CONTENT_READER_END_OF_STREAM;
}

static enum MHD_Result queue_committed(WebReq *r) {
  struct MHD_Response *resp;
  pthread_mutex_lock(&r->mu);
  if (r->gone) {
    pthread_mutex_unlock(&r->mu);
    return MHD_NO;
  }
  if (r->streaming) {
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, content_reader, r,
                                             content_free);
    if (resp)
      r->refs++;
  } else if (status_no_body(r->status) && !r->not_modified) {
    resp = no_length_response();
    r->bytes = 0;
  } else if (r->head_only || r->not_modified) {
    /* HEAD: the length GET would send (MHD sends no body for HEAD). */
    resp = MHD_create_response_from_callback(
        r->head_unsized && !r->not_modified ? MHD_SIZE_UNKNOWN : r->head_len, 1024, no_content,
        NULL, NULL);
    r->bytes = 0;
  } else {
    resp = MHD_create_response_from_buffer(r->out.len - r->out_off, r->out.data + r->out_off,
                                           MHD_RESPMEM_MUST_COPY);
    r->bytes = r->head_only ? 0 : r->out.len - r->out_off;
  }
  r->phase = PH_QUEUED;
  unsigned status = r->status;
  pthread_mutex_unlock(&r->mu);
  if (!resp)
    return MHD_NO;
  add_headers(r, resp);
  enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

bool web_is_read(const WebReq *r) {
  return !strcmp(r->method, MHD_HTTP_METHOD_GET) || !strcmp(r->method, MHD_HTTP_METHOD_HEAD);
}

enum MHD_Result web_read_only(WebReq *r) {
  web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, OPTIONS");
  return web_error_now(r, 405, "%s is read-only: use GET or HEAD", r->path);
}

/* ---- workers ------------------------------------------------------------ */

enum MHD_Result web_enqueue(WebReq *r, WebJobFn job) {
  SilaWeb *web = r->web;
  pthread_mutex_lock(&web->mu);
  bool refuse = web->stopping || web->queued >= web->cfg.workers * 8;
  size_t slot = SIZE_MAX, free_slot = SIZE_MAX;
  for (size_t i = 0; i < sizeof web->clients / sizeof web->clients[0]; i++) {
    if (web->clients[i].n && !strcmp(web->clients[i].addr, r->client))
      slot = i;
    else if (!web->clients[i].n && free_slot == SIZE_MAX)
      free_slot = i;
  }
  if (!refuse && slot != SIZE_MAX && web->clients[slot].n >= web->cfg.max_per_client)
    refuse = true;
  if (!refuse && slot == SIZE_MAX) {
    if (free_slot == SIZE_MAX)
      refuse = true;
    else {
      slot = free_slot;
      snprintf(web->clients[slot].addr, sizeof web->clients[slot].addr, "%s", r->client);
    }
  }
  if (refuse) {
    pthread_mutex_unlock(&web->mu);
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    return web_error_now(r, 503,
                         "too many concurrent requests (at most %u per client); retry later",
                         web->cfg.max_per_client);
  }
  web->clients[slot].n++;
  r->counted = true;
  r->job = job;
  pthread_mutex_lock(&r->mu); /* the watchdog reads phase */
  r->refs++;
  r->phase = PH_WAIT;
  pthread_mutex_unlock(&r->mu);
  MHD_suspend_connection(r->conn);
  r->next_job = NULL;
  if (web->queue_tail)
    web->queue_tail->next_job = r;
  else
    web->queue_head = r;
  web->queue_tail = r;
  web->queued++;
  pthread_cond_signal(&web->cv);
  pthread_mutex_unlock(&web->mu);
  return MHD_YES;
}

static void run_job(WebReq *r) {
  SilaError err = {0};
  SilaStatus st = SILA_ERR_INTERRUPTED;
  pthread_mutex_lock(&r->mu);
  bool gone = r->gone;
  pthread_mutex_unlock(&r->mu);
  if (r->web->stopping)
    sila_error_set(&err, SILA_ERR_INTERRUPTED, 0, 0, "the server is shutting down; retry later");
  else if (!gone)
    st = r->job(r, &err);
  if (r->gz) {
    if (st == SILA_OK) /* a failed stream gets no gzip trailer: it ends broken */
      st = gz_write(r, "", 0, Z_FINISH);
    deflateEnd(r->gz);
    free(r->gz);
    r->gz = NULL;
  }
  /* The client's slot goes before its answer completes: a client that
   * sends its next request as soon as it has the answer finds it free. */
  pthread_mutex_lock(&r->web->mu);
  client_release(r->web, r);
  pthread_mutex_unlock(&r->web->mu);
  slow_release(r);
  pthread_mutex_lock(&r->mu);
  r->exec = NULL;
  if (st != SILA_OK && !r->streaming) {
    /* nothing sent yet: the error gets its status */
    r->out.len = r->out_off = 0;
    r->headers.len = 0;
    unsigned code = r->status >= 400 ? r->status : sila_web_http_status(st);
    r->status = code;
    snprintf(r->ctype, sizeof r->ctype, "text/plain; charset=utf-8");
    const char *m = err.message[0] ? err.message : sila_strerror(st);
    if (err.line && strncmp(m, "line ", 5) && !strstr(m, ", column "))
      sila_buf_printf(&r->out, "line %lu, column %lu: %s\n", err.line, err.column, m);
    else
      sila_buf_printf(&r->out, "%s\n", m);
    if (r->gone)
      r->status = 499; /* for the log: the client closed the request (nginx's code) */
    else if (code == 503)
      web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
  }
  r->failed = st != SILA_OK;
  r->done = true;
  if (r->phase == PH_WAIT)
    commit_locked(r);
  else if (r->reader_waiting) {
    r->reader_waiting = false;
    MHD_resume_connection(r->conn);
  }
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

static void *worker_main(void *arg) {
  SilaWeb *web = arg;
  pthread_mutex_lock(&web->mu);
  for (;;) {
    while (!web->queue_head && !web->stopping)
      pthread_cond_wait(&web->cv, &web->mu);
    WebReq *r = web->queue_head;
    if (!r)
      break; /* stopping and nothing left */
    web->queue_head = r->next_job;
    if (!web->queue_head)
      web->queue_tail = NULL;
    web->queued--;
    pthread_mutex_unlock(&web->mu);
    run_job(r);
    pthread_mutex_lock(&web->mu);
    client_release(web, r);
    pthread_mutex_unlock(&web->mu);
    req_release(r);
    pthread_mutex_lock(&web->mu);
  }
  pthread_mutex_unlock(&web->mu);
  return NULL;
}

/* Suspended connections are not polled by MHD, so a client that hangs up
 * while its query runs would go unnoticed: look at their sockets. */
static void *watchdog_main(void *arg) {
  SilaWeb *web = arg;
  pthread_mutex_lock(&web->mu);
  while (!web->stopping) {
    for (WebReq *r = web->active; r; r = r->next_active) {
      pthread_mutex_lock(&r->mu);
      bool suspended = !r->done && (r->phase == PH_WAIT || r->reader_waiting);
      if (suspended && !r->gone && r->fd >= 0) {
        struct pollfd p = {.fd = r->fd, .events = POLLRDHUP};
        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
          abandon_locked(r);
      }
      pthread_mutex_unlock(&r->mu);
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000;
    }
    pthread_cond_timedwait(&web->watch_cv, &web->mu, &ts);
  }
  pthread_mutex_unlock(&web->mu);
  return NULL;
}

/* ---- the access handler ------------------------------------------------ */

static enum MHD_Result on_body(WebReq *r, const char *data, size_t size) {
  size_t limit = r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body;
  if (r->body_too_large || r->upload_len + size > limit) {
    r->body_too_large = true;
    return MHD_YES;
  }
  r->upload_len += size;
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls) {
  (void)cls;
  (void)version;
  (void)conn;
  WebReq *r = *con_cls;
  if (!r)
    return MHD_NO;
  if (!r->started) {
    r->started = true;
    r->method = method;
    r->path = url;
    r->head_only = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (strlen(r->uri) > r->web->cfg.max_url)
      return web_error_now(r, 414,
                           "the request URL is longer than %zu bytes: send the query with POST "
                           "(application/x-www-form-urlencoded or application/sparql-query)",
                           r->web->cfg.max_url);
    if (!strcmp(method, MHD_HTTP_METHOD_OPTIONS)) {
      web_header(r, "Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
      web_header(r, "Access-Control-Allow-Headers", "Accept, Content-Type, Accept-Encoding");
      web_header(r, "Access-Control-Max-Age", "86400");
      web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      return web_respond_now(r, 204, NULL, "", 0);
    }
    bool write = !strcmp(url, "/update") ||
                 (!strcmp(url, "/store") && (!strcmp(method, MHD_HTTP_METHOD_PUT) ||
                                             !strcmp(method, MHD_HTTP_METHOD_POST) ||
                                             !strcmp(method, MHD_HTTP_METHOD_DELETE)));
    if (write && strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
      enum MHD_Result ret;
      if (!web_check_token(r, &ret))
        return ret;
    }
    r->body_to_file = !strcmp(url, "/store");
    const char *cl = web_req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t limit = r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body;
    if (cl && strtoull(cl, NULL, 10) > limit)
      return web_error_now(r, 413, "the request body is larger than the limit of %zu bytes",
                           limit);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
    return MHD_YES;
  }
  if (*upload_size) {
    enum MHD_Result ret = on_body(r, upload_data, *upload_size);
    *upload_size = 0;
    return ret;
  }
  if (r->phase == PH_COMMITTED)
    return queue_committed(r);
  if (r->phase != PH_HANDLER)
    return MHD_NO;
  if (r->body_too_large)
    return web_error_now(r, 413, "the request body is larger than the limit of %zu bytes",
                         r->body_to_file ? r->web->cfg.max_upload : r->web->cfg.max_body);
  if (!strcmp(url, "/health"))
    return web_respond_now(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
  prog_web_observe(r); /* usage statistics (issue 17): memory only */
  if (!strcmp(url, "/sparql"))
    return web_sparql(r);
  if (!strcmp(url, "/update"))
    return web_update(r);
  if (!strcmp(url, "/store"))
    return web_store(r);
  if (!strncmp(url, "/dump/", 6))
    return web_dump(r);
  if (!strncmp(url, "/files/", 7))
    return web_files(r);
  if (!strncmp(url, "/static/", 8))
    return web_static(r);
  if (!strcmp(url, "/query"))
    return web_query_page(r);
  enum MHD_Result site;
  if (prog_web_route(r, &site)) /* /piano /richieste /statistiche /qualita */
    return site;
  if (web_site_page(r, &site))
    return site;
  return web_ld(r);
}

/* ---- start and stop ---------------------------------------------------- */

/* libmicrohttpd's messages, without those that only repeat what the access
 * log says (a stream ended broken on purpose, a client that went away). */
static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (strstr(msg, "application error") || strstr(msg, "Application reported") ||
      strstr(msg, "no longer available"))
    return;
  msg[strcspn(msg, "\n")] = 0;
  fprintf(stderr, "sila serve: libmicrohttpd: %s\n", msg);
}

SilaStatus sila_web_start(SilaStore *store, const SilaWebConfig *cfg, SilaWeb **out,
                          SilaError *err) {
  *out = NULL;
  SilaWeb *web = calloc(1, sizeof *web);
  if (!web)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  web->store = store;
  web->cfg = *cfg;
  web->assets_fd = -1; /* before any sila_web_stop */
  if (!web->cfg.workers)
    web->cfg.workers = 1;
  if (!web->cfg.poll_threads)
    web->cfg.poll_threads = 1;
  if (!web->cfg.max_per_client)
    web->cfg.max_per_client = 1;
  pthread_mutex_init(&web->mu, NULL);
  pthread_cond_init(&web->cv, NULL);
  pthread_cond_init(&web->watch_cv, NULL);
  pthread_cond_init(&web->slow_cv, NULL);
  if (!web->cfg.slow_slots)
    web->cfg.slow_slots = 1;
  if (web_static_init(web, err) != SILA_OK) {
    sila_web_stop(web);
    return err->status;
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  /* MHD_USE_ITC: quiescing from another thread (graceful stop) is only
   * safe when the polling thread can be woken; without it, epoll may race
   * with the removal of the listening socket and MHD aborts. */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ERROR_LOG | MHD_USE_AUTO | MHD_USE_ITC;
  const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";
  struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, bind, &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)cfg->port);
  } else if (inet_pton(AF_INET6, bind, &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)cfg->port);
    flags |= MHD_USE_IPv6;
  } else {
    sila_web_stop(web);
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "not an IP address: %s", bind);
  }
  web->workers = calloc(web->cfg.workers, sizeof *web->workers);
  if (!web->workers) {
    sila_web_stop(web);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  for (; web->nworkers < web->cfg.workers; web->nworkers++)
    if (pthread_create(&web->workers[web->nworkers], NULL, worker_main, web))
      break;
  web->watchdog_on = !pthread_create(&web->watchdog, NULL, watchdog_main, web);
  web->mhd = MHD_start_daemon(
      flags, (uint16_t)cfg->port, NULL, NULL, on_request, web,
      /* the logger must come first to catch every message */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, web, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&ss, MHD_OPTION_URI_LOG_CALLBACK, on_uri, web,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, web, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)web->cfg.poll_threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)(web->cfg.max_url * 2 + 65536), MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
      MHD_OPTION_END);
  if (!web->mhd || web->nworkers == 0) {
    int e = errno;
    sila_web_stop(web);
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot listen on %s port %u: %s", bind,
                          cfg->port, strerror(e));
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(web->mhd, MHD_DAEMON_INFO_BIND_PORT);
  web->port = di ? di->port : cfg->port;
  *out = web;
  return SILA_OK;
}

unsigned sila_web_port(const SilaWeb *web) { return web ? web->port : 0; }

/* r->mu held: the client is treated as gone; wakes whatever waits for it. */
static void abandon_locked(WebReq *r) {
  r->gone = true;
  if (r->exec)
    sila_exec_interrupt(r->exec);
  pthread_cond_broadcast(&r->cv);
  if (r->reader_waiting) {
    r->reader_waiting = false;
    MHD_resume_connection(r->conn);
  }
}

void sila_web_stop(SilaWeb *web) {
  if (!web)
    return;
  MHD_socket listen_fd = MHD_INVALID_SOCKET;
  if (web->mhd)
    listen_fd = MHD_quiesce_daemon(web->mhd); /* no new connections */
  /* first, cancel the queries but let their clients get the answer (503
   * before the first byte, a broken end after it) ... */
  pthread_mutex_lock(&web->mu);
  web->stopping = true;
  for (WebReq *r = web->active; r; r = r->next_active) {
    pthread_mutex_lock(&r->mu);
    if (r->exec)
      sila_exec_interrupt(r->exec);
    pthread_mutex_unlock(&r->mu);
  }
  pthread_cond_broadcast(&web->cv);
  pthread_cond_broadcast(&web->watch_cv);
  for (int i = 0; i < 40 && web->active; i++) {
    pthread_mutex_unlock(&web->mu);
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&web->mu);
  }
  /* ... then, after two seconds, drop the clients that still hold on */
  for (WebReq *r = web->active; r; r = r->next_active) {
    pthread_mutex_lock(&r->mu);
    abandon_locked(r);
    pthread_mutex_unlock(&r->mu);
  }
  pthread_mutex_unlock(&web->mu);
  for (unsigned i = 0; i < web->nworkers; i++)
    pthread_join(web->workers[i], NULL);
  if (web->watchdog_on)
    pthread_join(web->watchdog, NULL);
  sila_ld_cleanup(); /* the VoID cache of the linked-data pages */
  if (web->mhd)
    MHD_stop_daemon(web->mhd);
  if (listen_fd != MHD_INVALID_SOCKET)
    close(listen_fd); /* a quiesced socket is the caller's to close */
  free(web->workers);
  web_static_fini(web);
  pthread_mutex_destroy(&web->mu);
  pthread_cond_destroy(&web->cv);
  pthread_cond_destroy(&web->watch_cv);
  pthread_cond_destroy(&web->slow_cv);
  free(web);
}
