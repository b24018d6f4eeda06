/* sila_web.h — the HTTP server: SPARQL 1.1 Protocol (/sparql, /update),
 * Graph Store HTTP Protocol (/store) and /health, on libmicrohttpd.
 *
 * Threads: libmicrohttpd's polling threads parse requests and answer the
 * cheap ones (errors, CORS preflight, health, the service description,
 * and a SPARQL query while it stays under 1 ms of CPU); every other query,
 * dump and write runs on a pool of worker threads while the connection is
 * suspended.  A long query waiting for its turn holds no worker.  One
 * watchdog thread notices clients that left and headers that are late.  Results stream through a bounded buffer: the
 * status is decided when the first buffer fills (so an early error still
 * gets its HTTP status) and a failure after that ends the body broken.
 */
#ifndef SILA_WEB_H
#define SILA_WEB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sila_status.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const char *bind;         /* address to listen on (IPv4 or IPv6 literal); default 127.0.0.1 */
  unsigned port;            /* 0 = any free port (see sila_web_port) */
  const char *base;         /* canonical base IRI (no trailing '/'), e.g. https://dati.calabria.it */
  bool union_default_graph; /* the query default graph is the union of all graphs */
  const char *write_token;  /* bearer token for writes; NULL or "" = writes refused (403) */
  double timeout;           /* maximum query time in seconds (client timeout= may only lower it) */
  uint64_t max_rows;        /* cap on result rows, 0 = none */
  size_t max_body;          /* largest query/update body in bytes (413 above) */
  size_t max_upload;        /* largest Graph Store upload in bytes (413 above) */
  size_t max_url;           /* longest request URL in bytes (414 above) */
  unsigned workers;         /* query worker threads */
  unsigned max_per_client;  /* concurrent requests per client address (503 above) */
  unsigned poll_threads;    /* libmicrohttpd polling threads */
  double slow_after;        /* CPU seconds after which a query counts as long; 0 = never */
  unsigned slow_slots;      /* long queries running at once (the others wait their turn) */
  unsigned slow_idle_slots; /* and more of them at SCHED_IDLE, on cores lookups leave idle */
  FILE *access_log;         /* one line per request; NULL = no log */
  const char *assets;       /* directory served under /static/ (web_static.c); NULL or "" = none */
  /* Outbound calls, under base/'s one fetch policy (sila_fetch.h).  SERVICE
   * may call endpoints under service_allow[0..nservice_allow) (URL
   * prefixes; none = federation off, SERVICE answers 403), and reach
   * loopback/private addresses only with service_allow_private.  LOAD over
   * /update fetches URLs under load_allow (NULL-terminated; NULL = no http
   * LOAD), private addresses only with load_allow_private.  The arrays and
   * their strings must outlive the server. */
  const char *const *service_allow;
  size_t nservice_allow;
  bool service_allow_private;
  const char *const *load_allow;
  bool load_allow_private;
  const char *tiles;        /* map tiles URL ({z}/{x}/{y}); NULL = OpenStreetMap's */
  const char *tiles_attribution; /* HTML credit shown on maps; NULL = OpenStreetMap's */
  /* Connections (web_admit.c): at most max_connections open (epoll; the
   * open-file limit is raised to fit); per client address, max_conns_per_client
   * are served, as many more get 503 for their request, any beyond are
   * closed at accept; a request's headers must arrive within header_timeout
   * seconds of the connection's start or of the previous answer (idle
   * keep-alive included), else the connection is closed.  The time an
   * answer streams is not limited by it. */
  unsigned max_connections;
  unsigned max_conns_per_client;
  double header_timeout;
  /* A request body must arrive at this average rate (bytes/s) once
   * header_timeout has passed since its headers, else the connection is
   * closed: a client trickling a body byte by byte holds no worker and no
   * memory for long.  0 = the default, 1024. */
  double min_body_rate;
  /* Long queries waiting for a place (web_on_slow) hold no worker: the pool
   * grows by a thread for each, up to max_waiting; past it a long query
   * fails with 503. */
  unsigned max_waiting;
  /* One query's intermediate results (SilaExecOptions.max_memory): 0 = 1 GiB. */
  size_t max_query_memory;
  /* Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed
   * (web_proxy.c): NULL-terminated entries "ADDRESS", "ADDRESS/BITS" or
   * "none"; NULL = loopback (127.0.0.1, ::1).  From any other address the
   * headers are ignored.  Must outlive the server. */
  const char *const *trusted_proxies;
  /* The publishing area's login limits count failures over this many
   * seconds (sila_login_limits.h); 0 = SILA_LOGIN_WINDOW, 15 minutes. */
  unsigned login_window;
} SilaWebConfig;

/* Fills `cfg` with the defaults: 127.0.0.1:8080, base
 * https://dati.calabria.it, union default graph, no token, 30 s, 100000
 * rows, 1 MiB bodies, 1 GiB uploads, 8 KiB URLs, 4 workers per CPU (8 to 64),
 * 4 requests per client, 2 polling threads, 10000 connections, 32 per client,
 * a 10 s header timeout, 256 waiting long queries, log on stderr, assets from the installed
 * $(pkgdatadir)/assets when that directory exists (else none).
 *
 * Assets: GET /static/PATH serves the file PATH below cfg->assets (regular
 * files only; no "..", hidden names, symbolic links or characters outside
 * [A-Za-z0-9._-/]), with a Content-Type by suffix, Cache-Control, ETag and
 * Last-Modified.  When the directory holds yasgui/yasgui.min.js (and the
 * project's sila/query.js), the query page /query runs YASGUI; when it
 * holds leaflet/leaflet.js (and sila/map.js), resource pages with
 * coordinates show a map.  Which assets exist is read once at start. */
void sila_web_config_init(SilaWebConfig *cfg);

typedef struct SilaWeb SilaWeb;

/* Starts serving `store` (which must stay open until sila_web_stop) with
 * `cfg` (copied; its strings must outlive the server).  Errors:
 * SILA_ERR_INVALID (bad address), SILA_ERR_IO (cannot listen: err says
 * why), SILA_ERR_NOMEM. */
SilaStatus sila_web_start(SilaStore *store, const SilaWebConfig *cfg, SilaWeb **out,
                          SilaError *err);

/* The port the server listens on (the chosen one when cfg->port was 0). */
unsigned sila_web_port(const SilaWeb *web);

/* Stops accepting connections, cancels running queries, waits for the
 * workers and frees the server.  Safe with NULL. */
void sila_web_stop(SilaWeb *web);

/* The HTTP status for a SilaStatus (the one table used at the web edge):
 * OK 200; SYNTAX, INVALID, TYPE 400; DENIED 403; NOT_FOUND 404;
 * UNSUPPORTED 501; REMOTE 502; TIMEOUT, BUSY, NOMEM, INTERRUPTED 503;
 * FULL 507; everything else 500.  Handlers override it where the protocol
 * says otherwise (406, 413, 415, the row cap as 500). */
unsigned sila_web_http_status(SilaStatus st);

#ifdef __cplusplus
}
#endif
#endif
