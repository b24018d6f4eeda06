/* sila_requests.c — data requests in the ops tree ("req/{id}") and the
 * date helpers the programme's files share (sila_prog.h).  A request is
 * stored as JSON holding only what was typed and its moderation: no
 * address, no browser, no time of day. */
#define _GNU_SOURCE
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_kv.h"
#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_utf8.h"

static pthread_once_t today_once = PTHREAD_ONCE_INIT;
static char fixed_today[11]; /* $SILA_TODAY when valid, read once */

static void today_init(void) {
  const char *env = getenv("SILA_TODAY");
  if (env && sila_plan_date_ok(env))
    memcpy(fixed_today, env, 11);
}

void sila_prog_today(char buf[11]) {
  pthread_once(&today_once, today_init);
  if (fixed_today[0]) {
    memcpy(buf, fixed_today, 11);
    return;
  }
  /* the usage counters ask on every request: the date is formatted once a
   * second per thread */
  static __thread time_t last;
  static __thread char day[11];
  time_t now = time(NULL);
  if (now != last || !day[0]) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    last = now;
  }
  memcpy(buf, day, 11);
}

static bool to_time(const char *d, time_t *out) {
  if (!sila_plan_date_ok(d))
    return false;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(d) - 1900;
  tm.tm_mon = atoi(d + 5) - 1;
  tm.tm_mday = atoi(d + 8);
  tm.tm_hour = 12;
  *out = timegm(&tm);
  return true;
}

long sila_prog_days_between(const char *a, const char *b) {
  time_t ta, tb;
  if (!to_time(a, &ta) || !to_time(b, &tb))
    return 0;
  return (long)((tb - ta) / 86400);
}

static const char *const state_names[] = {"open", "answered", "linked", "closed"};
static const char *const state_it[] = {"aperta", "con risposta", "collegata al piano", "chiusa"};

const char *sila_request_state_name(SilaRequestState s) {
  return s <= SILA_REQ_CLOSED ? state_names[s] : "?";
}
const char *sila_request_state_it(SilaRequestState s) {
  return s <= SILA_REQ_CLOSED ? state_it[s] : "?";
}

const char *sila_request_field_problem(const char *s, size_t max, bool required) {
  size_t n = s ? strlen(s) : 0;
  size_t blank = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
      blank++;
  if (required && blank == n)
    return "campo obbligatorio";
  if (n > max)
    return "testo troppo lungo";
  if (n && !sila_utf8_valid(s, n))
    return "testo non valido (UTF-8)";
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
      return "caratteri di controllo non ammessi";
  return NULL;
}

static void req_key(char *key, size_t size, uint64_t id) {
  snprintf(key, size, "req/%010llu", (unsigned long long)id);
}

static char *jdup(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? strdup(s) : NULL;
}

static bool parse_request(const void *v, size_t len, SilaRequest *r) {
  memset(r, 0, sizeof *r);
  json_t *o = json_loadb(v, len, 0, NULL);
  if (!o)
    return false;
  r->id = (uint64_t)json_integer_value(json_object_get(o, "id"));
  snprintf(r->received, sizeof r->received, "%s",
           json_string_value(json_object_get(o, "received")) ?: "");
  snprintf(r->updated, sizeof r->updated, "%s",
           json_string_value(json_object_get(o, "updated")) ?: "");
  r->what = jdup(o, "what");
  r->why = jdup(o, "why");
  r->contact = jdup(o, "contact");
  r->answer = jdup(o, "answer");
  r->plan = jdup(o, "plan");
  r->reason = jdup(o, "reason");
  const char *st = json_string_value(json_object_get(o, "state"));
  for (int i = 0; st && i <= SILA_REQ_CLOSED; i++)
    if (!strcmp(st, state_names[i]))
      r->state = (SilaRequestState)i;
  json_decref(o);
  return r->what != NULL;
}

static void request_clear(SilaRequest *r) {
  free(r->what), free(r->why), free(r->contact), free(r->answer), free(r->plan), free(r->reason);
}

static SilaStatus put_request(SilaTxn *txn, const SilaRequest *r) {
  json_t *o = json_object();
  if (!o)
    return SILA_ERR_NOMEM;
  json_object_set_new(o, "id", json_integer((json_int_t)r->id));
  json_object_set_new(o, "received", json_string(r->received));
  json_object_set_new(o, "updated", json_string(r->updated));
  json_object_set_new(o, "state", json_string(state_names[r->state]));
  const char *keys[] = {"what", "why", "contact", "answer", "plan", "reason"};
  const char *vals[] = {r->what, r->why, r->contact, r->answer, r->plan, r->reason};
  for (int i = 0; i < 6; i++)
    if (vals[i] && *vals[i])
      json_object_set_new(o, keys[i], json_string(vals[i]));
  char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
  json_decref(o);
  if (!text)
    return SILA_ERR_NOMEM;
  char key[32];
  req_key(key, sizeof key, r->id);
  SilaStatus st = sila_kv_put(txn, key, text, strlen(text));
  free(text);
  return st;
}

typedef struct {
  uint64_t last;
} LastId;

static int find_last(void *ctx, const char *k, size_t kl, const void *v, size_t vl) {
  (void)v, (void)vl;
  if (kl == 14)
    ((LastId *)ctx)->last = strtoull(k + 4, NULL, 10);
  return 0;
}

SilaStatus sila_request_add(SilaStore *store, const char *what, const char *why,
                            const char *contact, const char *today, uint64_t *id, SilaError *err) {
  const char *p;
  if ((p = sila_request_field_problem(what, SILA_REQ_WHAT_MAX, true)))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "what: %s", p);
  if ((p = sila_request_field_problem(why, SILA_REQ_WHY_MAX, true)))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "why: %s", p);
  if ((p = sila_request_field_problem(contact, SILA_REQ_CONTACT_MAX, false)))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "contact: %s", p);
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot write: %s", sila_strerror(st));
  LastId last = {0};
  st = sila_kv_scan(txn, "req/", find_last, &last);
  SilaRequest r = {0};
  r.id = last.last + 1;
  snprintf(r.received, sizeof r.received, "%s", today);
  snprintf(r.updated, sizeof r.updated, "%s", today);
  r.what = (char *)what;
  r.why = (char *)why;
  r.contact = (char *)contact;
  if (!st)
    st = put_request(txn, &r);
  if (st) {
    sila_txn_abort(txn);
    return sila_error_set(err, st, 0, 0, "cannot store the request: %s", sila_strerror(st));
  }
  if ((st = sila_txn_commit(txn)))
    return sila_error_set(err, st, 0, 0, "commit failed: %s", sila_strerror(st));
  if (id)
    *id = r.id;
  return SILA_OK;
}

/* Reads request `id` in a write transaction, lets `change` edit it, writes it. */
static SilaStatus modify(SilaStore *store, uint64_t id, SilaRequestState state, const char *answer,
                         const char *plan, const char *reason, const char *today, SilaError *err) {
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot write: %s", sila_strerror(st));
  char key[32];
  req_key(key, sizeof key, id);
  const void *v;
  size_t vl;
  SilaRequest r;
  if (sila_kv_get(txn, key, &v, &vl) || !parse_request(v, vl, &r)) {
    sila_txn_abort(txn);
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no request %llu",
                          (unsigned long long)id);
  }
  r.state = state;
  snprintf(r.updated, sizeof r.updated, "%s", today);
  char **slots[] = {&r.answer, &r.plan, &r.reason};
  const char *vals[] = {answer, plan, reason};
  for (int i = 0; i < 3; i++)
    if (vals[i]) {
      free(*slots[i]);
      *slots[i] = strdup(vals[i]);
    }
  st = put_request(txn, &r);
  request_clear(&r);
  if (st) {
    sila_txn_abort(txn);
    return sila_error_set(err, st, 0, 0, "cannot store the request: %s", sila_strerror(st));
  }
  if ((st = sila_txn_commit(txn)))
    return sila_error_set(err, st, 0, 0, "commit failed: %s", sila_strerror(st));
  return SILA_OK;
}

SilaStatus sila_request_answer(SilaStore *store, uint64_t id, const char *text, const char *today,
                               SilaError *err) {
  const char *p = sila_request_field_problem(text, SILA_REQ_WHY_MAX, true);
  if (p)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "answer: %s", p);
  return modify(store, id, SILA_REQ_ANSWERED, text, NULL, NULL, today, err);
}

SilaStatus sila_request_link(SilaStore *store, const char *base, uint64_t id, const char *plan_id,
                             const char *today, SilaError *err) {
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot read: %s", sila_strerror(st));
  SilaPlanItem *items;
  size_t n;
  st = sila_plan_list(txn, base, &items, &n);
  sila_txn_abort(txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot read the plan: %s", sila_strerror(st));
  bool found = false;
  for (size_t i = 0; i < n; i++)
    found = found || !strcmp(items[i].id, plan_id);
  sila_plan_items_free(items, n);
  if (!found)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no planned dataset '%s'", plan_id);
  return modify(store, id, SILA_REQ_LINKED, NULL, plan_id, NULL, today, err);
}

SilaStatus sila_request_close(SilaStore *store, uint64_t id, const char *reason,
                              const char *today, SilaError *err) {
  const char *p = sila_request_field_problem(reason, SILA_REQ_WHY_MAX, true);
  if (p)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "reason: %s", p);
  return modify(store, id, SILA_REQ_CLOSED, NULL, NULL, reason, today, err);
}

typedef struct {
  SilaRequest *v;
  size_t n, cap;
  bool oom;
} ReqList;

static int collect(void *ctx, const char *k, size_t kl, const void *v, size_t vl) {
  (void)k, (void)kl;
  ReqList *l = ctx;
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 16;
    SilaRequest *g = realloc(l->v, nc * sizeof *g);
    if (!g) {
      l->oom = true;
      return 1;
    }
    l->v = g;
    l->cap = nc;
  }
  if (parse_request(v, vl, &l->v[l->n]))
    l->n++;
  else
    request_clear(&l->v[l->n]);
  return 0;
}

SilaStatus sila_request_list(SilaTxn *txn, SilaRequest **out, size_t *n) {
  ReqList l = {0};
  SilaStatus st = sila_kv_scan(txn, "req/", collect, &l);
  if (!st && l.oom)
    st = SILA_ERR_NOMEM;
  if (st) {
    sila_requests_free(l.v, l.n);
    *out = NULL;
    *n = 0;
    return st;
  }
  *out = l.v;
  *n = l.n;
  return SILA_OK;
}

void sila_requests_free(SilaRequest *r, size_t n) {
  if (!r)
    return;
  for (size_t i = 0; i < n; i++)
    request_clear(&r[i]);
  free(r);
}
