/* sila_usage.c — usage counters per dataset and day (sila_prog.h).
 *
 * Requests bump atomic counters in a small table under a read lock (many
 * threads at once, no store access); a timer thread takes the write lock
 * only to move the counters out, then adds them to the daily aggregates
 * "use/{day}/{slug}" (six big-endian 64-bit numbers) in one write
 * transaction.  Nothing about the requester is kept. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_kv.h"
#include "sila_prog.h"

#define SLOTS 512
#define SLUG_MAX 120

typedef struct {
  bool used;
  char day[11];
  char slug[SLUG_MAX + 1];
  _Atomic uint64_t n[SILA_USE_KINDS];
} Slot;

static struct {
  pthread_rwlock_t lock;
  Slot slot[SLOTS];
  _Atomic uint64_t dropped; /* counts lost because the table was full */
  /* the timer */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t thread;
  bool running, stop;
  SilaStore *store;
  double seconds;
  /* held from taking the counters out to their commit, so that a live
   * read (sila_usage_read_live) sees them in memory or in the store,
   * never in both or neither */
  pthread_mutex_t flush_mu;
} U = {PTHREAD_RWLOCK_INITIALIZER, {{0}}, 0, PTHREAD_MUTEX_INITIALIZER,
       PTHREAD_COND_INITIALIZER, 0, false, false, NULL, 0, PTHREAD_MUTEX_INITIALIZER};

static const char *const kind_names[] = {"views", "rdf", "csv", "dump", "sparql", "service"};
static const char *const kind_it[] = {"Visite alle pagine", "Dereferenziazioni RDF",
                                      "Download CSV", "Download dump",
                                      "Interrogazioni SPARQL", "di cui via SERVICE"};

const char *sila_usage_kind_name(SilaUsageKind k) {
  return k < SILA_USE_KINDS ? kind_names[k] : "?";
}
const char *sila_usage_kind_it(SilaUsageKind k) { return k < SILA_USE_KINDS ? kind_it[k] : "?"; }

static size_t slot_hash(const char *day, const char *slug, size_t len) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = day; *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)slug[i]) * 1099511628211ULL;
  return (size_t)(h % SLOTS);
}

/* Lock held (read or write): the slot of (day, slug), or where it goes. */
static Slot *find(const char *day, const char *slug, size_t len, bool *found) {
  size_t i = slot_hash(day, slug, len);
  for (size_t k = 0; k < SLOTS; k++, i = (i + 1) % SLOTS) {
    Slot *s = &U.slot[i];
    if (!s->used) {
      *found = false;
      return s;
    }
    if (!strcmp(s->day, day) && strlen(s->slug) == len && !memcmp(s->slug, slug, len)) {
      *found = true;
      return s;
    }
  }
  *found = false;
  return NULL;
}

void sila_usage_count(const char *slug, size_t len, SilaUsageKind kind) {
  if (!slug || !len || len > SLUG_MAX || kind >= SILA_USE_KINDS || memchr(slug, '/', len))
    return;
  char day[11];
  sila_prog_today(day);
  bool found;
  pthread_rwlock_rdlock(&U.lock);
  Slot *s = find(day, slug, len, &found);
  if (found) {
    atomic_fetch_add_explicit(&s->n[kind], 1, memory_order_relaxed);
    pthread_rwlock_unlock(&U.lock);
    return;
  }
  pthread_rwlock_unlock(&U.lock);
  pthread_rwlock_wrlock(&U.lock);
  s = find(day, slug, len, &found); /* another thread may have added it */
  if (s && !found) {
    s->used = true;
    memcpy(s->day, day, sizeof s->day);
    memcpy(s->slug, slug, len);
    s->slug[len] = 0;
    for (int k = 0; k < SILA_USE_KINDS; k++)
      atomic_store(&s->n[k], 0);
  }
  if (s)
    atomic_fetch_add_explicit(&s->n[kind], 1, memory_order_relaxed);
  else
    atomic_fetch_add(&U.dropped, 1);
  pthread_rwlock_unlock(&U.lock);
}

typedef struct {
  char day[11];
  char slug[SLUG_MAX + 1];
  uint64_t n[SILA_USE_KINDS];
} Taken;

/* Moves every counter out of the table (which is then empty). */
static size_t take_all(Taken *out) {
  size_t n = 0;
  pthread_rwlock_wrlock(&U.lock);
  for (size_t i = 0; i < SLOTS; i++) {
    Slot *s = &U.slot[i];
    if (!s->used)
      continue;
    memcpy(out[n].day, s->day, sizeof s->day);
    memcpy(out[n].slug, s->slug, sizeof s->slug);
    for (int k = 0; k < SILA_USE_KINDS; k++)
      out[n].n[k] = atomic_exchange(&s->n[k], 0);
    s->used = false;
    n++;
  }
  pthread_rwlock_unlock(&U.lock);
  return n;
}

/* Puts counters back after a failed write (the next flush tries again). */
static void give_back(const Taken *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    bool found;
    pthread_rwlock_wrlock(&U.lock);
    Slot *s = find(t[i].day, t[i].slug, strlen(t[i].slug), &found);
    if (s) {
      if (!found) {
        s->used = true;
        memcpy(s->day, t[i].day, sizeof s->day);
        memcpy(s->slug, t[i].slug, sizeof s->slug);
        for (int k = 0; k < SILA_USE_KINDS; k++)
          atomic_store(&s->n[k], 0);
      }
      for (int k = 0; k < SILA_USE_KINDS; k++)
        atomic_fetch_add(&s->n[k], t[i].n[k]);
    }
    pthread_rwlock_unlock(&U.lock);
  }
}

static void put_be64(unsigned char *p, uint64_t v) {
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = (unsigned char)v;
}
static uint64_t get_be64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = v << 8 | p[i];
  return v;
}

static SilaStatus flush_locked(SilaStore *store);

SilaStatus sila_usage_flush(SilaStore *store) {
  pthread_mutex_lock(&U.flush_mu);
  SilaStatus st = flush_locked(store);
  pthread_mutex_unlock(&U.flush_mu);
  return st;
}

static SilaStatus flush_locked(SilaStore *store) {
  Taken *t = malloc(SLOTS * sizeof *t);
  if (!t)
    return SILA_ERR_NOMEM;
  size_t n = take_all(t);
  if (!n) {
    free(t);
    return SILA_OK;
  }
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  for (size_t i = 0; i < n && !st; i++) {
    char key[160];
    snprintf(key, sizeof key, "use/%s/%s", t[i].day, t[i].slug);
    unsigned char val[8 * SILA_USE_KINDS];
    const void *old;
    size_t ol;
    uint64_t sum[SILA_USE_KINDS];
    for (int k = 0; k < SILA_USE_KINDS; k++)
      sum[k] = t[i].n[k];
    if (sila_kv_get(txn, key, &old, &ol) == SILA_OK && ol == sizeof val)
      for (int k = 0; k < SILA_USE_KINDS; k++)
        sum[k] += get_be64((const unsigned char *)old + 8 * k);
    for (int k = 0; k < SILA_USE_KINDS; k++)
      put_be64(val + 8 * k, sum[k]);
    st = sila_kv_put(txn, key, val, sizeof val);
  }
  if (st == SILA_OK)
    st = sila_txn_commit(txn);
  else if (txn)
    sila_txn_abort(txn);
  if (st)
    give_back(t, n);
  free(t);
  return st;
}

static void *timer_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&U.mu);
  while (!U.stop) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double s = U.seconds;
    ts.tv_sec += (time_t)s;
    ts.tv_nsec += (long)((s - (double)(time_t)s) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000L;
    }
    int rc = 0;
    while (!U.stop && rc != ETIMEDOUT)
      rc = pthread_cond_timedwait(&U.cv, &U.mu, &ts);
    if (U.stop)
      break;
    pthread_mutex_unlock(&U.mu);
    SilaStatus st = sila_usage_flush(U.store);
    if (st)
      fprintf(stderr, "sila: usage statistics not written (kept for the next try): %s\n",
              sila_strerror(st));
    pthread_mutex_lock(&U.mu);
  }
  pthread_mutex_unlock(&U.mu);
  return NULL;
}

SilaStatus sila_usage_start(SilaStore *store, double seconds) {
  pthread_mutex_lock(&U.mu);
  if (U.running) {
    pthread_mutex_unlock(&U.mu);
    return SILA_ERR_EXISTS;
  }
  U.store = store;
  U.seconds = seconds > 0.05 ? seconds : 0.05;
  U.stop = false;
  U.running = !pthread_create(&U.thread, NULL, timer_main, NULL);
  bool ok = U.running;
  pthread_mutex_unlock(&U.mu);
  return ok ? SILA_OK : SILA_ERR_NOMEM;
}

void sila_usage_stop(void) {
  pthread_mutex_lock(&U.mu);
  if (!U.running) {
    pthread_mutex_unlock(&U.mu);
    return;
  }
  U.stop = true;
  pthread_cond_broadcast(&U.cv);
  pthread_mutex_unlock(&U.mu);
  pthread_join(U.thread, NULL);
  SilaStatus st = sila_usage_flush(U.store);
  if (st)
    fprintf(stderr, "sila: usage statistics of the last %g s lost at shutdown: %s\n", U.seconds,
            sila_strerror(st));
  pthread_mutex_lock(&U.mu);
  U.running = false;
  U.store = NULL;
  pthread_mutex_unlock(&U.mu);
}

typedef struct {
  const char *from, *to;
  SilaUsageRow *v;
  size_t n, cap;
  bool oom;
} RowList;

static int collect_row(void *ctx, const char *k, size_t kl, const void *v, size_t vl) {
  RowList *l = ctx;
  if (kl < 4 + 11 + 1 || vl != 8 * SILA_USE_KINDS || kl - 15 > SLUG_MAX)
    return 0;
  char day[11];
  memcpy(day, k + 4, 10);
  day[10] = 0;
  if (l->to && strcmp(day, l->to) > 0)
    return 1; /* keys are in day order */
  if (l->from && strcmp(day, l->from) < 0)
    return 0;
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 64;
    SilaUsageRow *g = realloc(l->v, nc * sizeof *g);
    if (!g) {
      l->oom = true;
      return 1;
    }
    l->v = g;
    l->cap = nc;
  }
  SilaUsageRow *r = &l->v[l->n++];
  memcpy(r->day, day, sizeof day);
  snprintf(r->slug, sizeof r->slug, "%.*s", (int)(kl - 15), k + 15);
  for (int i = 0; i < SILA_USE_KINDS; i++)
    r->n[i] = get_be64((const unsigned char *)v + 8 * i);
  return 0;
}

SilaStatus sila_usage_read(SilaTxn *txn, const char *from, const char *to, SilaUsageRow **out,
                           size_t *n) {
  RowList l = {from, to, NULL, 0, 0, false};
  SilaStatus st = sila_kv_scan(txn, "use/", collect_row, &l);
  if (!st && l.oom)
    st = SILA_ERR_NOMEM;
  if (st) {
    free(l.v);
    l.v = NULL;
    l.n = 0;
  }
  *out = l.v;
  *n = l.n;
  return st;
}

static int cmp_rows(const void *a, const void *b) {
  const SilaUsageRow *x = a, *y = b;
  int c = strcmp(x->day, y->day);
  return c ? c : strcmp(x->slug, y->slug);
}

SilaStatus sila_usage_read_live(SilaStore *store, const char *from, const char *to,
                                SilaUsageRow **out, size_t *n) {
  *out = NULL;
  *n = 0;
  pthread_mutex_lock(&U.flush_mu);
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  SilaUsageRow *rows = NULL;
  size_t nr = 0;
  if (st == SILA_OK) {
    st = sila_usage_read(txn, from, to, &rows, &nr);
    sila_txn_abort(txn);
  }
  /* the counters not yet written, as rows of their own, merged below */
  SilaUsageRow *all = st ? NULL : realloc(rows, (nr + SLOTS + 1) * sizeof *all);
  if (!st && !all)
    st = SILA_ERR_NOMEM;
  if (st) {
    pthread_mutex_unlock(&U.flush_mu);
    free(rows);
    return st;
  }
  size_t total = nr;
  pthread_rwlock_rdlock(&U.lock);
  for (size_t i = 0; i < SLOTS; i++) {
    Slot *s = &U.slot[i];
    if (!s->used || (from && strcmp(s->day, from) < 0) || (to && strcmp(s->day, to) > 0))
      continue;
    SilaUsageRow *r = &all[total++];
    memcpy(r->day, s->day, sizeof r->day);
    snprintf(r->slug, sizeof r->slug, "%s", s->slug);
    for (int k = 0; k < SILA_USE_KINDS; k++)
      r->n[k] = atomic_load_explicit(&s->n[k], memory_order_relaxed);
  }
  pthread_rwlock_unlock(&U.lock);
  pthread_mutex_unlock(&U.flush_mu);
  qsort(all, total, sizeof *all, cmp_rows);
  size_t k = 0;
  for (size_t i = 0; i < total; i++) {
    if (k && !cmp_rows(&all[k - 1], &all[i])) {
      for (int j = 0; j < SILA_USE_KINDS; j++)
        all[k - 1].n[j] += all[i].n[j];
    } else {
      all[k++] = all[i];
    }
  }
  *out = all;
  *n = k;
  return SILA_OK;
}
