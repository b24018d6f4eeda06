/* service_httpd.c — the SPARQL responder of the SERVICE tests (see
 * service_httpd.h). */
#include "service_httpd.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sila_query_run.h"

struct SvcHttpd {
  struct MHD_Daemon *d;
  SilaStore *store;
  unsigned short port;
  atomic_uint slow_ms;
  atomic_int stopping;
  pthread_mutex_t lock;
  unsigned requests;
  char last_method[8];
  char *last_query;
  struct {
    char host[128];
    SilaStore *store;
  } hosts[8];
  size_t nhosts;
  const SilaExecOptions *exec;
};

/* The body of a POST, gathered across the handler's calls. */
typedef struct {
  SilaBuf body;
} Upload;

static int hexval(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* The decoded value of `name` in an application/x-www-form-urlencoded
 * body (malloc'd), or NULL. */
static char *form_value(const char *s, size_t n, const char *name) {
  size_t nl = strlen(name);
  size_t i = 0;
  while (i < n) {
    size_t end = i;
    while (end < n && s[end] != '&')
      end++;
    if (end - i > nl && !strncmp(s + i, name, nl) && s[i + nl] == '=') {
      char *out = malloc(end - i), *w = out;
      if (!out)
        return NULL;
      for (size_t j = i + nl + 1; j < end; j++) {
        if (s[j] == '+') {
          *w++ = ' ';
        } else if (s[j] == '%' && j + 2 < end + 1 && hexval(s[j + 1]) >= 0 &&
                   hexval(s[j + 2]) >= 0) {
          *w++ = (char)(hexval(s[j + 1]) * 16 + hexval(s[j + 2]));
          j += 2;
        } else {
          *w++ = s[j];
        }
      }
      *w = '\0';
      return out;
    }
    i = end + 1;
  }
  return NULL;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *ctype,
                             const char *body, size_t len) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  if (ctype)
    MHD_add_response_header(r, "Content-Type", ctype);
  enum MHD_Result ret = MHD_queue_response(c, code, r);
  MHD_destroy_response(r);
  return ret;
}

static SilaStatus to_buf(void *ctx, const char *data, size_t len) {
  return sila_buf_append(ctx, data, len) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Runs `query` over the store; the result (or the error message) in out. */
static unsigned run(SvcHttpd *h, SilaStore *store, const char *query, SilaResultFormat fmt,
                    SilaBuf *out) {
  SilaQuery *q = NULL;
  SilaError err = {0};
  SilaStatus st = sila_sparql_parse_query(query, strlen(query), NULL, &q, &err);
  if (st == SILA_OK) {
    SilaTxn *txn = NULL;
    st = sila_txn_begin_read(store, &txn);
    if (st == SILA_OK) {
      SilaRunOptions opt = {.exec = {.union_default_graph = true}, .results_format = fmt};
      if (h->exec)
        opt.exec = *h->exec;
      st = sila_query_run(txn, q, &opt, to_buf, out, NULL, &err);
      sila_txn_abort(txn);
    }
  }
  sila_query_free(q);
  if (st != SILA_OK) {
    out->len = 0;
    sila_buf_printf(out, "query failed: %s: %s", sila_strerror(st), err.message);
    return st == SILA_ERR_SYNTAX ? 400 : 500;
  }
  return 200;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *data,
                               size_t *size, void **con_cls) {
  (void)version;
  SvcHttpd *h = cls;
  bool post = !strcmp(method, "POST");
  if (post) {
    Upload *u = *con_cls;
    if (!u) {
      if (!(u = calloc(1, sizeof *u)))
        return MHD_NO;
      *con_cls = u;
      return MHD_YES;
    }
    if (*size) {
      sila_buf_append(&u->body, data, *size);
      *size = 0;
      return MHD_YES;
    }
  }
  char *query = NULL;
  if (post) {
    Upload *u = *con_cls;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ct && !strncmp(ct, "application/sparql-query", 24))
      query = strndup(u->body.data ? u->body.data : "", u->body.len);
    else
      query = form_value(u->body.data ? u->body.data : "", u->body.len, "query");
  } else {
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "query");
    query = v ? strdup(v) : NULL;
  }
  pthread_mutex_lock(&h->lock);
  h->requests++;
  snprintf(h->last_method, sizeof h->last_method, "%s", method);
  free(h->last_query);
  h->last_query = query ? strdup(query) : NULL;
  pthread_mutex_unlock(&h->lock);
  enum MHD_Result ret;
  if (!strcmp(url, "/redirect") || !strcmp(url, "/redirect-away")) {
    SilaBuf loc = SILA_BUF_INIT;
    if (!strcmp(url, "/redirect-away")) {
      sila_buf_puts(&loc, "http://example.invalid/sparql");
    } else {
      sila_buf_puts(&loc, "/sparql?query=");
      for (const char *p = query ? query : ""; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
          sila_buf_putc(&loc, *p);
        else
          sila_buf_printf(&loc, "%%%02X", (unsigned char)*p);
    }
    sila_buf_putc(&loc, '\0');
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Location", loc.data ? loc.data : "/");
    ret = MHD_queue_response(c, MHD_HTTP_FOUND, r);
    MHD_destroy_response(r);
    sila_buf_free(&loc);
    free(query);
    return ret;
  }
  if (!strcmp(url, "/rogue")) {
    static const char rogue[] =
        "{\"head\":{\"vars\":[\"s\",\"n\"]},\"results\":{\"bindings\":[{\"s\":{\"type\":\"uri\","
        "\"value\":\"http://ex/zed\"},\"n\":{\"type\":\"literal\",\"value\":\"Rogue\"}}]}}";
    free(query);
    return reply(c, 200, "application/sparql-results+json", rogue, sizeof rogue - 1);
  }
  if (!strcmp(url, "/error")) {
    free(query);
    return reply(c, 500, "text/plain", "store on fire", 13);
  }
  if (!query) {
    free(query);
    return reply(c, 400, "text/plain", "no query", 8);
  }
  if (!strcmp(url, "/slow")) {
    for (unsigned waited = 0; waited < atomic_load(&h->slow_ms) && !atomic_load(&h->stopping);
         waited += 10)
      usleep(10000);
  }
  bool xml = !strcmp(url, "/xml");
  SilaBuf out = SILA_BUF_INIT;
  SilaStore *store = h->store;
  const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
  for (size_t i = 0; host && i < h->nhosts; i++) {
    size_t n = strlen(h->hosts[i].host);
    if (!strncasecmp(host, h->hosts[i].host, n) && (host[n] == '\0' || host[n] == ':'))
      store = h->hosts[i].store;
  }
  unsigned code = run(h, store, query, xml ? SILA_RESULTS_XML : SILA_RESULTS_JSON, &out);
  if (code == 200 && !strcmp(url, "/big")) {
    /* JSON allows blanks after the document: a valid answer past 1 MiB. */
    for (int i = 0; i < 1100; i++)
      sila_buf_printf(&out, "%1024s", "");
  }
  const char *ctype = code != 200 ? "text/plain"
                      : xml       ? "application/sparql-results+xml"
                                  : "application/sparql-results+json";
  ret = reply(c, code, ctype, out.data ? out.data : "", out.len);
  sila_buf_free(&out);
  free(query);
  return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
  (void)cls, (void)c, (void)toe;
  Upload *u = *con_cls;
  if (u) {
    sila_buf_free(&u->body);
    free(u);
    *con_cls = NULL;
  }
}

SvcHttpd *svc_httpd_start(SilaStore *store) {
  SvcHttpd *h = calloc(1, sizeof *h);
  if (!h)
    return NULL;
  h->store = store;
  atomic_store(&h->slow_ms, 3000);
  pthread_mutex_init(&h->lock, NULL);
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = 0;
  h->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL,
                          NULL, handler, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                          MHD_OPTION_NOTIFY_COMPLETED, completed, h, MHD_OPTION_END);
  if (!h->d) {
    pthread_mutex_destroy(&h->lock);
    free(h);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
  h->port = info ? info->port : 0;
  return h;
}

unsigned short svc_httpd_port(const SvcHttpd *h) { return h->port; }

void svc_httpd_add_host(SvcHttpd *h, const char *host, SilaStore *store) {
  if (h->nhosts < sizeof h->hosts / sizeof *h->hosts) {
    snprintf(h->hosts[h->nhosts].host, sizeof h->hosts[0].host, "%s", host);
    h->hosts[h->nhosts++].store = store;
  }
}

void svc_httpd_set_exec(SvcHttpd *h, const SilaExecOptions *opt) { h->exec = opt; }

void svc_httpd_set_slow(SvcHttpd *h, unsigned ms) { atomic_store(&h->slow_ms, ms); }

unsigned svc_httpd_requests(SvcHttpd *h) {
  pthread_mutex_lock(&h->lock);
  unsigned n = h->requests;
  pthread_mutex_unlock(&h->lock);
  return n;
}

void svc_httpd_last(SvcHttpd *h, char *method, size_t mlen, char *query, size_t qlen) {
  pthread_mutex_lock(&h->lock);
  snprintf(method, mlen, "%s", h->last_method);
  snprintf(query, qlen, "%s", h->last_query ? h->last_query : "");
  pthread_mutex_unlock(&h->lock);
}

void svc_httpd_stop(SvcHttpd *h) {
  if (!h)
    return;
  atomic_store(&h->stopping, 1);
  MHD_stop_daemon(h->d);
  pthread_mutex_destroy(&h->lock);
  free(h->last_query);
  free(h);
}
