/* web_internal.h — what the web/ files share: the request, the job queue,
 * streaming output.  Not installed. */
#ifndef SILA_WEB_INTERNAL_H
#define SILA_WEB_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <zlib.h>

#include "sila_exec.h"
#include "sila_term.h"
#include "sila_utf8.h"
#include "sila_web.h"

typedef struct WebReq WebReq;
typedef SilaStatus (*WebJobFn)(WebReq *r, SilaError *err);

/* A request's phase; the states and the lock order are written at the top
 * of web_request.c, which owns them. */
typedef enum {
  PH_NEW,       /* request line read, headers not complete yet */
  PH_HANDLER,   /* the access handler owns the request (reading it) */
  PH_WAIT,      /* suspended: a job is queued or running */
  PH_COMMITTED, /* status and headers are decided; the handler must queue the response */
  PH_QUEUED,    /* a response is queued */
} WebPhase;

/* How a request's job ended (r->mu). */
typedef enum {
  JOB_PENDING, /* no job, or it has not ended */
  JOB_OK,      /* ended; the output is complete */
  JOB_FAILED,  /* ended with an error; a stream ends broken */
} WebJobEnd;

/* What a request holds and gives back when its job ends (web->mu). */
enum {
  HOLD_CLIENT_SLOT = 1, /* one of cfg.max_per_client requests of its address */
  HOLD_SLOW_PLACE = 2,  /* a place of long queries (web_on_slow; its kind: r->place_idle) */
};

typedef struct {
  char *name, *value;
} WebParam;

/* One client address: its open connections and its requests in flight
 * (web_admit.c; web->mu).  Freed when both are zero. */
typedef struct WebAddr {
  char name[64];
  unsigned conns, requests;
  unsigned fwd_refs; /* requests through a trusted proxy that point here */
  struct WebAddr *next; /* hash chain */
} WebAddr;

/* One TCP connection (libmicrohttpd's socket context; web_admit.c;
 * web->mu).  Lives from accept to close. */
typedef struct WebConn {
  int fd;
  WebAddr *addr;
  bool over_limit;  /* past cfg.max_conns_per_client: its request gets 503 */
  double deadline;  /* its next request's headers are due by then; 0 = in a request */
  struct WebConn *prev_wait, *next_wait; /* web->wait_head: by deadline */
} WebConn;

#define WEB_ADDR_BUCKETS 1024

/* Where a request's answer was made, for the access log (web_log.c). */
typedef enum {
  WEB_RAN_HANDLER,    /* by the handler, no job ("-") */
  WEB_RAN_INLINE,     /* a job run on the polling thread within its budget */
  WEB_RAN_WORKER,     /* a job run on a worker */
  WEB_RAN_RERUN,      /* run inline past its budget, then again on a worker */
  WEB_RAN_REMEMBERED, /* sent straight to a worker: its query overran lately */
} WebRan;

/* Queries that lately went past the budget of running inline, so that the
 * next one with the same text and parameters goes straight to a worker
 * (web_workers.c): WEB_OVERRUN_SLOTS slots indexed by the low bits of a
 * hash of the request, each 0 (empty) or the hash's top 32 bits (never 0)
 * above the monotonic second of its last overrun.  Lock-free (atomics). */
#define WEB_OVERRUN_SLOTS 1024

struct SilaWeb {
  SilaStore *store;
  SilaWebConfig cfg;
  struct MHD_Daemon *mhd;
  unsigned port;
  pthread_mutex_t mu;
  pthread_cond_t cv;       /* workers wait here for jobs */
  pthread_cond_t watch_cv; /* the watchdog sleeps here */
  pthread_cond_t threads_cv; /* sila_web_stop waits here for the workers to end */
  WebReq *queue_head, *queue_tail;
  unsigned queued;
  WebReq *active; /* every live request (watchdog) */
  _Atomic bool stopping; /* read without the lock by workers */
  /* The worker pool (web_workers.c): `threads` run, `parked` of them wait
   * for a place of the long queries and hold no worker: the pool starts
   * another thread so that cfg.workers stay free for the queue. */
  unsigned threads, parked, max_threads;
  pthread_t watchdog;
  bool watchdog_on;
  /* admission (web_admit.c) */
  WebAddr *addrs[WEB_ADDR_BUCKETS];
  unsigned conns;                 /* open connections */
  WebConn *wait_head, *wait_tail; /* connections waiting for headers, by deadline */
  uint64_t refused_conns;         /* refused at accept (over the per-address cap) */
  uint64_t slow_bodies;           /* connections closed for a body below cfg.min_body_rate */
  /* Long queries (cfg.slow_after of CPU) run at most cfg.slow_slots at a
   * time at the normal weight and cfg.slow_idle_slots more at SCHED_IDLE
   * (web_on_slow), so that short ones keep the other cores. */
  unsigned slow_running, idle_running;
  struct WebReq *idle_head, *idle_tail; /* holders of idle places, oldest first */
  bool promote_denied; /* putting a thread back was refused once: not tried again */
  pthread_cond_t slow_cv;
  int assets_fd;          /* cfg.assets opened (O_DIRECTORY), -1 = none (web_static.c) */
  unsigned assets_found;  /* LD_ASSET_* flags (ld_html.h) */
  _Atomic uint64_t overruns[WEB_OVERRUN_SLOTS]; /* see WEB_OVERRUN_SLOTS */
};

struct WebReq {
  SilaWeb *web;
  struct MHD_Connection *conn;
  WebConn *wc;   /* its connection; NULL after completion (web->mu) */
  WebAddr *addr; /* its client's entry while the connection lives or it holds a slot */
  bool addr_fwd;  /* addr is its forwarded client's (counted in addr->fwd_refs) */
  int fd;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int refs;
  char *uri; /* raw request target, for the log and the 414 check */
  const char *method, *path;
  char client[64];
  double t0;
  /* the request body: in memory (queries, updates) or a temporary file */
  SilaBuf body;
  bool body_too_large, body_to_file;
  int upfd;
  char uppath[64];
  size_t upload_len;
  /* A body being received (r->mu: the watchdog reads it): since when, so a
   * body trickled in below cfg.min_body_rate is cut off (web_watchdog.c). */
  bool body_open;
  double body_since;
  bool body_expected; /* polling thread only: body_open was set */
  WebParam *params;
  size_t nparams;
  /* what the job does */
  WebJobFn job;
  WebReq *next_job;
  unsigned holds;     /* HOLD_* (web->mu) */
  /* Holding an idle place (web->mu; `holds` is written only by the job's
   * thread, which reads it unlocked): one of cfg.slow_idle_slots, not of
   * cfg.slow_slots; its thread, put back to the normal weight when a
   * normal place frees (web_workers.c); the list web->idle_head, oldest
   * first. */
  bool place_idle;
  pthread_t place_thread;
  struct WebReq *idle_prev, *idle_next;
  bool head_only;
  bool not_modified;  /* a 304: what is written is counted (head_len), not sent,
                         so the 304 carries the length a 200 would (web_ld, web_files) */
  uint64_t head_len;  /* HEAD: bytes the body would have (not kept) */
  bool head_unsized;  /* HEAD of a body not produced at all: no length */
  int kind;          /* endpoint-specific */
  char *text;        /* query text, graph IRI, ... (owned) */
  int fmt_a, fmt_b;  /* negotiated formats */
  double timeout;
  /* the response (r->mu) */
  WebPhase phase;
  WebJobEnd end;
  unsigned status;
  char ctype[128];
  SilaBuf headers; /* "name\0value\0" pairs */
  bool streaming;      /* committed with a streamed body (written by the job's thread) */
  bool gone;           /* the client left or the server stops: cancel */
  bool reader_waiting; /* the content reader suspended the connection for more output */
  bool inline_run;     /* the job runs on the polling thread (web_enqueue_inline) */
  bool restart;        /* ... and went past its budget: run it again on a worker */
  uint64_t run_key;    /* hash of the query and its parameters (web->overruns); 0 = none.
                          Written on the polling thread before the job is queued */
  WebRan ran;          /* where the answer was made (polling thread only) */
  char busy[96];       /* why a query was refused a place (503), "" = not */
  SilaBuf out;
  size_t out_off;
  SilaExec *exec;
  z_stream *gz; /* gzip Content-Encoding when the client asked for it */
  uint64_t bytes;
  WebReq *next_active, *prev_active;
};

/* ---- the server core (web_request.c, web_stream.c, web_workers.c) ---- */
/* Polling thread: moves the request to `phase` (under r->mu: the watchdog reads it). */
void web_set_phase(WebReq *r, WebPhase phase);
/* Adds a response header (copied). */
void web_header(WebReq *r, const char *name, const char *value);
/* Polling thread: queues a complete response now. */
enum MHD_Result web_respond_now(WebReq *r, unsigned status, const char *ctype, const char *body,
                                size_t len);
/* Polling thread: an error as text/plain with `fmt` as its body. */
enum MHD_Result web_error_now(WebReq *r, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Polling thread: suspends the connection and queues `job` for a worker;
 * 503 with Retry-After when the client or the server is over its limit. */
enum MHD_Result web_enqueue(WebReq *r, WebJobFn job);
/* Polling thread: like web_enqueue, for a read-only job that may run right
 * here when it stays within a small CPU budget (web_workers.c). */
enum MHD_Result web_enqueue_inline(WebReq *r, WebJobFn job);
/* The slow_after of the request's query (smaller while it runs inline). */
double web_slow_after(const WebReq *r);
/* Worker: sets status and content type of the output that follows. */
void web_begin(WebReq *r, unsigned status, const char *ctype);
/* Worker: compresses the output that follows with gzip when the request's
 * Accept-Encoding allows it (call after web_begin, before any output). */
void web_allow_gzip(WebReq *r);
/* Worker: a SilaWriteFn streaming to the client (ctx = the WebReq). */
SilaStatus web_write(void *ctx, const char *data, size_t len);
/* Worker: the on_exec hook of SilaRunOptions (ctx = the WebReq). */
void web_on_exec(void *ctx, SilaExec *ex);
/* SilaExecOptions.on_slow of the server's queries: waits for one of the
 * places of long queries (released when the job ends; web_workers.c). */
void web_on_slow(void *ctx);
/* The first value of parameter `name`, or NULL; web_param_count counts them. */
const char *web_param(const WebReq *r, const char *name);
size_t web_param_count(const WebReq *r, const char *name);
/* Adds a parameter (copies). */
int web_param_add(WebReq *r, const char *name, size_t nlen, const char *value, size_t vlen);
/* A request header or NULL. */
const char *web_req_header(const WebReq *r, const char *name);
/* The media type of Content-Type, lower case without parameters, in buf. */
const char *web_content_type(const WebReq *r, char *buf, size_t size);
/* Checks the bearer token; queues 403/401 and returns false when refused. */
bool web_check_token(WebReq *r, enum MHD_Result *ret);

/* ---- web_form.c ---- */
/* Parses application/x-www-form-urlencoded `data` into r's parameters.
 * Returns 0, -1 when out of memory. */
int web_form_parse(WebReq *r, const char *data, size_t len);
/* Percent-decodes (and '+' → ' ' when `plus`) in place; returns the new length. */
size_t web_url_decode(char *s, size_t len, bool plus);
/* True when an Accept-Encoding header value accepts gzip (q > 0). */
bool web_accepts_gzip(const char *accept_encoding);

/* ---- web_sparql.c / web_store.c ---- */
enum MHD_Result web_sparql(WebReq *r);
enum MHD_Result web_update(WebReq *r);
enum MHD_Result web_store(WebReq *r);
/* Graph Store direct identification: /graphs/{rest} is the graph
 * {base}/graphs/{rest}.  web_graphs_path says whether a path is one. */
enum MHD_Result web_graphs(WebReq *r);
bool web_graphs_path(const char *path);
/* ---- web_ld.c: GET/HEAD on every other path (linked-data pages) ---- */
enum MHD_Result web_ld(WebReq *r);
/* The public base of the request (sila_ld_public_base: Host,
 * X-Forwarded-Host, X-Forwarded-Proto, else cfg.base) in buf. */
const char *web_public_base(const WebReq *r, char *buf, size_t size);
/* web_proxy.c: the trusted-proxy rule (cfg.trusted_proxies).  Is the
 * connection from a trusted proxy (its forwarded headers count)? */
bool web_from_trusted_proxy(const WebReq *r);
/* Is this address (text form) a trusted proxy? */
bool web_trusted_proxy_address(const SilaWebConfig *cfg, const char *name);
/* The client's address into buf: behind a trusted proxy the right-most
 * X-Forwarded-For entry that is not a trusted proxy, else the peer's. */
const char *web_client_address(const WebReq *r, char *buf, size_t size);
/* SILA_ERR_INVALID with the entry when cfg.trusted_proxies has a bad one. */
SilaStatus web_trusted_proxies_check(const SilaWebConfig *cfg, SilaError *err);
/* ---- web_dump.c: GET/HEAD /dump/… (the dump files, streamed) ---- */
enum MHD_Result web_dump(WebReq *r);
/* True for GET and HEAD; web_read_only answers anything else on a
 * read-only resource: 405 with Allow. */
bool web_is_read(const WebReq *r);
enum MHD_Result web_read_only(WebReq *r);
/* GET/HEAD /files/…: the published CSV files (web_files.c). */
enum MHD_Result web_files(WebReq *r);
/* /pubblica/…: the publishing area (pub_session.c); its bodies (CSV
 * uploads) may be up to web_pub_body_limit() bytes, kept in memory. */
enum MHD_Result web_pub(WebReq *r);
size_t web_pub_body_limit(void);
static inline bool web_pub_path(const char *url) {
  return !strncmp(url, "/pubblica", 9) && (!url[9] || url[9] == '/');
}

/* ---- web_static.c: /static/ files and the query page ---- */
/* Opens cfg.assets (when set) and notes which optional assets it holds.
 * SILA_ERR_IO (err says why) when the directory cannot be opened. */
SilaStatus web_static_init(SilaWeb *web, SilaError *err);
/* Closes what web_static_init opened; safe when it never ran. */
void web_static_fini(SilaWeb *web);
/* Polling thread: GET/HEAD /static/PATH (404 without an assets directory). */
enum MHD_Result web_static(WebReq *r);
/* Polling thread: GET/HEAD /query, the query page (?query= prefills it). */
enum MHD_Result web_query_page(WebReq *r);
/* The site's own pages (/note-legali, /privacy, /accessibilita): 0 = not
 * one of them (web_ld answers), else the response was queued. */
bool web_site_page(WebReq *r, enum MHD_Result *ret);

#endif
