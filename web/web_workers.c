/* web_workers.c — the job queue, the worker pool and the places of long
 * queries.
 *
 * A job (a query, a dump, a write) runs on a worker thread while its
 * connection is suspended.  A query that has used cfg.slow_after of CPU
 * asks for a place of long queries (web_on_slow).  There are two kinds:
 * cfg.slow_slots places at the normal scheduling weight (half the cores by
 * default) and cfg.slow_idle_slots places at SCHED_IDLE (the other half): a
 * query in one of those runs only on CPU time that no other thread of the
 * server wants, so it uses a core the lookups leave idle, and a lookup
 * that wakes on that core preempts it at once (the kernel's rule for
 * SCHED_IDLE).  So with no lookups about, long queries use every core, and
 * with lookups about they keep one core's worth of long queries as before.
 * The thread goes back to SCHED_OTHER after the job; where that is not
 * permitted (no CAP_SYS_NICE and RLIMIT_NICE below 20, the usual case for
 * a service) the thread ends instead and the next job queued starts a new
 * one, so no lookup ever runs on a lowered thread.
 *
 * While a long query waits for a place it is "parked": it holds its thread
 * but no worker, because the pool starts another thread so that
 * cfg.workers threads stay free for the queue (a thread that finds the
 * pool above that number when it looks for work ends).  So long queries
 * queue among themselves and never in front of lookups.  Parked threads
 * are bounded by cfg.max_waiting; a long query past it fails with 503.
 *
 * A read-only query may instead run where it arrived (web_enqueue_inline):
 * on the polling thread, within a CPU budget of WEB_INLINE_BUDGET and an
 * output of WEB_COMMIT_AT, which saves the suspend, the hand-off and the
 * resume (two thread wake-ups) of the common lookup.  A query that
 * exceeds either is stopped before anything is sent and runs again from
 * the start on a worker.  That lost millisecond is paid once, not on every
 * request: the server remembers the overrun (web->overruns, keyed by a
 * hash of the query text, its parameters and the headers that choose the
 * answer's format), and the next request with the same key goes straight
 * to a worker.  The worker's run measures the query's CPU at no cost, so
 * it keeps the entry while the query still overruns and drops it the
 * first time it fits (the store changed, a cache warmed): the query runs
 * inline again from the next request, without a wasted try.  An entry not
 * confirmed for WEB_OVERRUN_TTL seconds ages out; a slot taken by another
 * key loses the older one.  Both cost at most one more try inline.
 *
 * Locks: web->mu guards the queue, the counters and the client slots;
 * r->mu the request's response state (lock order in web_request.c). */
#define _GNU_SOURCE /* strcasestr */
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>

#include "web_core.h"

/* A job that ran this long may have used much memory: give the free part
 * back to the system (malloc_trim) instead of keeping it for later. */
#define WEB_TRIM_AFTER 0.1

/* CPU a query may take on the polling thread before it moves to a worker. */
#define WEB_INLINE_BUDGET 0.001

/* Seconds an overrun is remembered unless a worker's run confirms it. */
#define WEB_OVERRUN_TTL 60

static void *worker_main(void *arg);

/* web->mu held: one more worker thread. */
static bool spawn_locked(SilaWeb *web) {
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  bool ok = !pthread_create(&t, &attr, worker_main, web);
  pthread_attr_destroy(&attr);
  if (ok)
    web->threads++;
  return ok;
}

bool web_workers_start(SilaWeb *web) {
  web->max_threads = web->cfg.workers + web->cfg.max_waiting;
  pthread_mutex_lock(&web->mu);
  while (web->threads < web->cfg.workers && spawn_locked(web))
    ;
  bool ok = web->threads > 0;
  pthread_mutex_unlock(&web->mu);
  return ok;
}

void web_workers_join(SilaWeb *web) {
  pthread_mutex_lock(&web->mu);
  pthread_cond_broadcast(&web->cv);
  pthread_cond_broadcast(&web->slow_cv);
  while (web->threads)
    pthread_cond_wait(&web->threads_cv, &web->mu);
  pthread_mutex_unlock(&web->mu);
}

/* web->mu held: gives back the client's slot of the request. */
static void client_release_locked(SilaWeb *web, WebReq *r) {
  if (!(r->holds & HOLD_CLIENT_SLOT))
    return;
  r->holds &= ~(unsigned)HOLD_CLIENT_SLOT;
  if (r->addr) {
    r->addr->requests--;
    if (!r->wc) /* the connection is gone: the entry may go too */
      web_req_addr_drop_locked(web, r);
  }
}


/* The CPU a query may use inline: the budget, or slow_after when smaller. */
static double inline_budget(const SilaWeb *web) {
  double s = web->cfg.slow_after;
  return s <= 0 || s > WEB_INLINE_BUDGET ? WEB_INLINE_BUDGET : s;
}

double web_slow_after(const WebReq *r) {
  return r->inline_run ? inline_budget(r->web) : r->web->cfg.slow_after;
}

/* ---- the places of long queries ------------------------------------------ */

/* The calling thread runs at SCHED_IDLE (it took an idle place). */
static _Thread_local bool thread_lowered;

/* Lowers the calling thread to SCHED_IDLE (always permitted). */
static void thread_lower(void) {
  struct sched_param p = {0};
  if (!pthread_setschedparam(pthread_self(), SCHED_IDLE, &p))
    thread_lowered = true;
}

/* Puts the calling thread back to SCHED_OTHER; false when it stays lowered
 * (not permitted: see the top of the file). */
static bool thread_restore(void) {
  struct sched_param p = {0};
  if (thread_lowered && !pthread_setschedparam(pthread_self(), SCHED_OTHER, &p))
    thread_lowered = false;
  return !thread_lowered;
}

/* web->mu held: r leaves the list of idle places' holders. */
static void idle_unlink_locked(SilaWeb *web, WebReq *r) {
  if (r->idle_prev)
    r->idle_prev->idle_next = r->idle_next;
  else
    web->idle_head = r->idle_next;
  if (r->idle_next)
    r->idle_next->idle_prev = r->idle_prev;
  else
    web->idle_tail = r->idle_prev;
  r->idle_prev = r->idle_next = NULL;
}

/* web->mu held, a normal place free: the oldest holder of an idle place
 * takes it, its thread put back to the normal weight, so that a long query
 * that started on spare CPU is not overtaken by younger ones (a waiting
 * query then gets the idle place).  Needs the right to raise a thread's
 * priority (CAP_SYS_NICE, or RLIMIT_NICE 20 as systemd's LimitNICE=+0
 * gives); without it the holder keeps its idle place to the end. */
static void promote_locked(SilaWeb *web) {
  WebReq *h = web->idle_head;
  if (!h || web->promote_denied || web->slow_running >= web->cfg.slow_slots)
    return;
  struct sched_param p = {0};
  if (pthread_setschedparam(h->place_thread, SCHED_OTHER, &p)) {
    web->promote_denied = true;
    return;
  }
  idle_unlink_locked(web, h);
  h->place_idle = false;
  web->idle_running--;
  web->slow_running++;
}

void web_slow_release(WebReq *r) {
  SilaWeb *web = r->web;
  pthread_mutex_lock(&web->mu);
  if (r->holds & HOLD_SLOW_PLACE) {
    if (r->place_idle) {
      idle_unlink_locked(web, r);
      web->idle_running--;
      r->place_idle = false;
    } else {
      web->slow_running--;
      promote_locked(web);
    }
    r->holds &= ~(unsigned)HOLD_SLOW_PLACE;
    pthread_cond_signal(&web->slow_cv);
  }
  pthread_mutex_unlock(&web->mu);
  /* The lowering ends with the place (the holder's thread releases it):
   * what is left of the job (a streamed answer, the end's bookkeeping)
   * runs at the normal weight where that is permitted. */
  thread_restore();
}

/* web->mu held: a place of either kind is free. */
static bool place_free_locked(const SilaWeb *web) {
  return web->slow_running < web->cfg.slow_slots || web->idle_running < web->cfg.slow_idle_slots;
}

/* web->mu held: stops a query that cannot have a place now. */
static void fail_busy_locked(WebReq *r, const char *why) {
  pthread_mutex_lock(&r->mu);
  snprintf(r->busy, sizeof r->busy, "%s", why);
  if (r->exec)
    sila_exec_interrupt(r->exec);
  pthread_mutex_unlock(&r->mu);
}

void web_on_slow(void *ctx) {
  WebReq *r = ctx;
  SilaWeb *web = r->web;
  if (r->inline_run) { /* past the polling thread's budget: run again on a worker */
    pthread_mutex_lock(&r->mu);
    r->restart = true;
    if (r->exec)
      sila_exec_interrupt(r->exec);
    pthread_mutex_unlock(&r->mu);
    return;
  }
  pthread_mutex_lock(&web->mu);
  if (!place_free_locked(web) && !web->stopping) {
    if (web->parked >= web->cfg.max_waiting) {
      fail_busy_locked(r, "too many long queries are waiting for their turn; retry later");
      pthread_mutex_unlock(&web->mu);
      return;
    }
    /* park: keep cfg.workers threads for the queue */
    web->parked++;
    if (web->threads - web->parked < web->cfg.workers && web->threads < web->max_threads &&
        !thread_lowered) /* a new thread would inherit SCHED_IDLE */
      spawn_locked(web);
    while (!place_free_locked(web) && !web->stopping) {
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
        web->parked--;
        pthread_mutex_unlock(&web->mu);
        return;
      }
    }
    web->parked--;
  }
  /* a normal place first; an idle one when they are taken (or stopping) */
  bool idle = web->slow_running >= web->cfg.slow_slots &&
              web->idle_running < web->cfg.slow_idle_slots;
  if (idle)
    web->idle_running++;
  else
    web->slow_running++;
  r->holds |= HOLD_SLOW_PLACE;
  r->place_idle = idle;
  pthread_mutex_unlock(&web->mu);
  if (!idle)
    return;
  /* Lowered outside the lock (a lowered thread must hold web->mu as little
   * as it can: a lookup may wait for it), then listed for a promotion,
   * which so never comes before the lowering.  Only this thread releases
   * the place, so it still holds it. */
  thread_lower();
  pthread_mutex_lock(&web->mu);
  r->place_thread = pthread_self();
  r->idle_next = NULL;
  r->idle_prev = web->idle_tail;
  if (web->idle_tail)
    web->idle_tail->idle_next = r;
  else
    web->idle_head = r;
  web->idle_tail = r;
  promote_locked(web); /* a normal place freed meanwhile */
  pthread_mutex_unlock(&web->mu);
}

/* ---- queries that overran the inline budget (web->overruns) ------------- */

static uint64_t fnv1a(uint64_t h, const char *s) {
  for (; s && *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL; /* a separator: ("ab","c") != ("a","bc") */
}

/* The key of a request's query: every parameter (the query text, the
 * dataset, format, explain, ...) and the headers that choose the answer's
 * format and encoding, which change its size.  Never 0. */
static uint64_t query_key(const WebReq *r) {
  uint64_t h = 14695981039346656037ULL;
  for (size_t i = 0; i < r->nparams; i++)
    h = fnv1a(fnv1a(h, r->params[i].name), r->params[i].value);
  h = fnv1a(h, web_req_header(r, MHD_HTTP_HEADER_ACCEPT));
  h = fnv1a(h, web_req_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING));
  h = fnv1a(h, r->head_only ? "HEAD" : "GET");
  return h ? h : 1;
}

static _Atomic uint64_t *overrun_slot(SilaWeb *web, uint64_t key) {
  return &web->overruns[key % WEB_OVERRUN_SLOTS];
}

static uint64_t overrun_tag(uint64_t key) {
  return (key >> 32 | 1) << 32; /* the slot is chosen by the low bits */
}

static uint32_t overrun_clock(void) {
  return (uint32_t)web_now();
}

static bool overran_lately(SilaWeb *web, uint64_t key) {
  uint64_t v = atomic_load_explicit(overrun_slot(web, key), memory_order_relaxed);
  return (v & ~0xffffffffULL) == overrun_tag(key) &&
         (uint32_t)(overrun_clock() - (uint32_t)v) < WEB_OVERRUN_TTL;
}

static void overrun_note(SilaWeb *web, uint64_t key) {
  atomic_store_explicit(overrun_slot(web, key), overrun_tag(key) | overrun_clock(),
                        memory_order_relaxed);
}

static void overrun_forget(SilaWeb *web, uint64_t key) {
  _Atomic uint64_t *slot = overrun_slot(web, key);
  uint64_t v = atomic_load_explicit(slot, memory_order_relaxed);
  if ((v & ~0xffffffffULL) == overrun_tag(key)) /* not another key's entry */
    atomic_compare_exchange_strong_explicit(slot, &v, 0, memory_order_relaxed,
                                            memory_order_relaxed);
}

/* ---- admission of a job ------------------------------------------------- */

/* Polling thread: takes a slot of the client; answers 503 when refused. */
static bool take_slot(WebReq *r, enum MHD_Result *ret) {
  SilaWeb *web = r->web;
  pthread_mutex_lock(&web->mu);
  bool refuse = web->stopping || web->queued >= web->cfg.workers * 8;
  if (!refuse && r->addr && r->addr->requests >= web->cfg.max_per_client)
    refuse = true;
  if (!refuse) {
    if (r->addr)
      r->addr->requests++;
    r->holds |= HOLD_CLIENT_SLOT;
  }
  pthread_mutex_unlock(&web->mu);
  if (refuse) {
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    *ret = web_error_now(r, 503,
                         "too many concurrent requests (at most %u per client); retry later",
                         web->cfg.max_per_client);
  }
  return !refuse;
}

/* Polling thread: suspends the connection and queues the job (the request
 * holds its client slot already); `ran` says why, for the log. */
static enum MHD_Result queue_job(WebReq *r, WebJobFn job, WebRan ran) {
  SilaWeb *web = r->web;
  r->job = job;
  r->ran = ran;
  pthread_mutex_lock(&web->mu);
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
  /* a lowered thread that could not be restored ended (thread_restore):
   * its replacement starts here, at the polling thread's weight */
  if (web->threads - web->parked < web->cfg.workers && web->threads < web->max_threads)
    spawn_locked(web);
  pthread_cond_signal(&web->cv);
  pthread_mutex_unlock(&web->mu);
  return MHD_YES;
}

enum MHD_Result web_enqueue(WebReq *r, WebJobFn job) {
  enum MHD_Result ret;
  if (!take_slot(r, &ret))
    return ret;
  return queue_job(r, job, WEB_RAN_WORKER);
}

/* The error of a job that sent nothing yet, as its response (r->mu held). */
static void error_response_locked(WebReq *r, SilaStatus st, const SilaError *err) {
  r->out.len = r->out_off = 0;
  r->headers.len = 0;
  unsigned code = r->status >= 400 ? r->status : sila_web_http_status(st);
  r->status = code;
  snprintf(r->ctype, sizeof r->ctype, "text/plain; charset=utf-8");
  const char *m = r->busy[0] ? r->busy : err->message[0] ? err->message : sila_strerror(st);
  /* a message that already starts with its position ("line 3, column 4")
   * keeps it; one merely starting with the word (e.g. "line break in a
   * short string") still gets one */
  bool placed = !strncmp(m, "line ", 5) && m[5] >= '0' && m[5] <= '9';
  if (err->line && !placed && !strstr(m, ", column "))
    sila_buf_printf(&r->out, "line %lu, column %lu: %s\n", err->line, err->column, m);
  else
    sila_buf_printf(&r->out, "%s\n", m);
  if (r->gone)
    r->status = 499; /* for the log: the client closed the request (nginx's code) */
  else if (code == 503)
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
}

enum MHD_Result web_enqueue_inline(WebReq *r, WebJobFn job) {
  enum MHD_Result ret;
  if (!take_slot(r, &ret))
    return ret;
  /* SERVICE waits for the network, which no CPU budget notices */
  if (r->text && strcasestr(r->text, "service"))
    return queue_job(r, job, WEB_RAN_WORKER);
  r->run_key = query_key(r);
  if (overran_lately(r->web, r->run_key))
    return queue_job(r, job, WEB_RAN_REMEMBERED);
  size_t headers_len = r->headers.len;
  SilaError err = {0};
  r->inline_run = true;
  SilaStatus st = job(r, &err);
  st = web_gzip_end(r, st);
  r->inline_run = false;
  pthread_mutex_lock(&r->mu);
  bool restart = r->restart;
  r->restart = false;
  r->exec = NULL;
  if (restart) { /* past the budget: forget it all, run again on a worker */
    overrun_note(r->web, r->run_key);
    r->out.len = r->out_off = 0;
    r->headers.len = headers_len;
    r->status = 0;
    r->ctype[0] = 0;
    r->head_len = 0;
    r->head_unsized = false;
    pthread_mutex_unlock(&r->mu);
    return queue_job(r, job, WEB_RAN_RERUN);
  }
  r->ran = WEB_RAN_INLINE;
  if (st != SILA_OK)
    error_response_locked(r, st, &err);
  r->end = st == SILA_OK ? JOB_OK : JOB_FAILED;
  pthread_mutex_unlock(&r->mu);
  pthread_mutex_lock(&r->web->mu);
  client_release_locked(r->web, r);
  pthread_mutex_unlock(&r->web->mu);
  web_slow_release(r);
  return web_queue_committed(r);
}

/* ---- running a job ------------------------------------------------------- */

/* CLOCK_THREAD_CPUTIME_ID in seconds, or -1. */
static double thread_cpu(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t))
    return -1;
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void run_job(WebReq *r) {
  double t0 = web_now();
  /* a query that could run inline: would it have fitted? (web->overruns) */
  double cpu0 = r->run_key ? thread_cpu() : -1;
  SilaError err = {0};
  SilaStatus st = SILA_ERR_INTERRUPTED;
  pthread_mutex_lock(&r->mu);
  bool gone = r->gone;
  pthread_mutex_unlock(&r->mu);
  if (r->web->stopping)
    sila_error_set(&err, SILA_ERR_INTERRUPTED, 0, 0, "the server is shutting down; retry later");
  else if (!gone)
    st = r->job(r, &err);
  st = web_gzip_end(r, st);
  /* The client's slot goes before its answer completes: a client that
   * sends its next request as soon as it has the answer finds it free. */
  pthread_mutex_lock(&r->web->mu);
  client_release_locked(r->web, r);
  pthread_mutex_unlock(&r->web->mu);
  web_slow_release(r);
  pthread_mutex_lock(&r->mu);
  r->exec = NULL;
  double cpu1 = cpu0 >= 0 && !r->gone && !r->web->stopping ? thread_cpu() : -1;
  if (cpu1 >= 0) {
    /* r->streaming: more output than an inline run may buffer */
    if (cpu1 - cpu0 > inline_budget(r->web) || r->streaming)
      overrun_note(r->web, r->run_key);
    else
      overrun_forget(r->web, r->run_key);
  }
  if (st != SILA_OK && !r->streaming) /* nothing sent yet: the error gets its status */
    error_response_locked(r, st, &err);
  r->end = st == SILA_OK ? JOB_OK : JOB_FAILED;
  if (r->phase == PH_WAIT)
    web_commit_locked(r);
  else if (r->reader_waiting) {
    r->reader_waiting = false;
    MHD_resume_connection(r->conn);
  }
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
  if (web_now() - t0 >= WEB_TRIM_AFTER)
    malloc_trim(0);
}

static void *worker_main(void *arg) {
  SilaWeb *web = arg;
  pthread_mutex_lock(&web->mu);
  for (;;) {
    /* more threads free than cfg.workers (a parked query got its place
     * back): this one ends */
    if (web->threads - web->parked > web->cfg.workers && !web->stopping)
      break;
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
    web_req_release(r);
    bool lowered = !thread_restore(); /* its next job could be a lookup */
    pthread_mutex_lock(&web->mu);
    if (lowered)
      break;
  }
  pthread_mutex_unlock(&web->mu);
  /* A detached thread's thread-local state (OpenSSL's per-thread random
   * generators, made by RAND_bytes for session tokens) is freed by
   * destructors when it exits — after web_workers_join may have let the
   * process end.  Free it before counting this thread out. */
  OPENSSL_thread_stop();
  pthread_mutex_lock(&web->mu);
  web->threads--;
  pthread_cond_broadcast(&web->threads_cv);
  pthread_mutex_unlock(&web->mu);
  return NULL;
}
