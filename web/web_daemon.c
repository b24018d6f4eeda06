/* web_daemon.c — the server's configuration, the status table, and the
 * start and stop of the libmicrohttpd daemon with its threads (the pieces
 * are in the files web_core.h lists). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sila_ld.h"
#include "web_core.h"

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
  /* The other cores too, for long queries at SCHED_IDLE: they take only
   * what lookups leave (web_workers.c). */
  cfg->slow_idle_slots = ncpu > cfg->slow_slots ? (unsigned)ncpu - cfg->slow_slots : 0;
  cfg->access_log = stderr;
  cfg->max_connections = 10000;
  cfg->max_conns_per_client = 32;
  cfg->header_timeout = 10;
  cfg->max_waiting = 256;
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
  case SILA_ERR_EXISTS: return 409;
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
  pthread_cond_init(&web->threads_cv, NULL);
  if (!web->cfg.max_connections)
    web->cfg.max_connections = 1;
  if (!web->cfg.max_conns_per_client)
    web->cfg.max_conns_per_client = 1;
  if (web->cfg.header_timeout <= 0)
    web->cfg.header_timeout = 10;
  if (web->cfg.min_body_rate <= 0)
    web->cfg.min_body_rate = 1024;
  if (!web->cfg.max_waiting)
    web->cfg.max_waiting = 256;
  if (!web->cfg.slow_slots)
    web->cfg.slow_slots = 1;
  if (web_trusted_proxies_check(cfg, err) != SILA_OK) {
    sila_web_stop(web);
    return err->status;
  }
  if (web_static_init(web, err) != SILA_OK) {
    sila_web_stop(web);
    return err->status;
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  /* MHD_USE_ITC: other threads (workers resuming a connection) wake the
   * polling threads. */
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
  /* one descriptor per connection, plus the store's, logs, uploads */
  struct rlimit rl;
  rlim_t want = (rlim_t)web->cfg.max_connections + 256;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
    rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < want) {
      unsigned fit = rl.rlim_cur > 512 ? (unsigned)(rl.rlim_cur - 256) : 256;
      fprintf(stderr,
              "sila serve: the open-file limit (%llu) allows %u connections, not %u\n",
              (unsigned long long)rl.rlim_cur, fit, web->cfg.max_connections);
      web->cfg.max_connections = fit;
    }
  }
  /* Each connection's buffer for its request line and headers: the
   * longest URL and 16 KiB of headers.  Up to 32 KiB, libmicrohttpd takes
   * it with malloc; above, it maps fresh pages for every connection and
   * unmaps them at its end (page faults and TLB shoot-downs: about 60 us of
   * CPU per new connection, issue 21). */
  size_t pool = web->cfg.max_url + 16384;
  bool workers_ok = web_workers_start(web);
  web_watchdog_start(web);
  web->mhd = MHD_start_daemon(
      flags, (uint16_t)cfg->port, web_admit_accept, web, web_on_request, web,
      /* the logger must come first to catch every message */
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, web, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&ss, MHD_OPTION_URI_LOG_CALLBACK, web_on_uri, web,
      MHD_OPTION_NOTIFY_COMPLETED, web_on_completed, web, MHD_OPTION_NOTIFY_CONNECTION,
      web_admit_notify, web, MHD_OPTION_CONNECTION_LIMIT, web->cfg.max_connections,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)web->cfg.poll_threads,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool,
      /* an idle timeout; the deadline of a request's headers is web_admit.c's */
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
  if (!web->mhd || !workers_ok) {
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

void sila_web_stop(SilaWeb *web) {
  if (!web)
    return;
  /* No new connections: the accept policy (web_admit_accept) refuses them
   * once `stopping` is set.  Not MHD_quiesce_daemon: with a pool of epoll
   * threads, libmicrohttpd 0.9.75 races its own threads removing the
   * listening socket from their epoll sets and aborts ("Failed to remove
   * listen FD from epoll set", seen under TSan). */
  web->stopping = true;
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
    web_abandon_locked(r);
    pthread_mutex_unlock(&r->mu);
  }
  pthread_mutex_unlock(&web->mu);
  web_workers_join(web);
  web_watchdog_join(web);
  sila_ld_cleanup(); /* the VoID cache of the linked-data pages */
  if (web->mhd)
    MHD_stop_daemon(web->mhd);
  web_admit_fini(web);
  web_static_fini(web);
  pthread_mutex_destroy(&web->mu);
  pthread_cond_destroy(&web->cv);
  pthread_cond_destroy(&web->watch_cv);
  pthread_cond_destroy(&web->slow_cv);
  pthread_cond_destroy(&web->threads_cv);
  free(web);
}
