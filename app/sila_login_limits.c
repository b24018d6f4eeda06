/* sila_login_limits.c — login limits in the accounts database
 * (sila_login_limits.h). */
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_login_limits.h"
#include "sila_ops.h"

#define PREFIX "login/"
#define KEY_PREFIX "login/k/"
#define MAX_KEYS 4 /* live keys: one made per window, each kept two windows */
#define KEY_BYTES 32

/* The keys not yet two windows old, newest first. */
typedef struct {
  int64_t created[MAX_KEYS];
  unsigned char key[MAX_KEYS][KEY_BYTES];
  size_t n;
  int64_t now, window;
} Keys;

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool read_key(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  Keys *k = ctx;
  char digits[24];
  size_t pl = sizeof KEY_PREFIX - 1;
  if (klen <= pl || klen - pl >= sizeof digits || vlen != 2 * KEY_BYTES)
    return true;
  memcpy(digits, key + pl, klen - pl);
  digits[klen - pl] = 0;
  int64_t created = strtoll(digits, NULL, 10);
  if (created + 2 * k->window <= k->now || created > k->now + k->window)
    return true; /* too old to be used, or from a clock gone wrong */
  unsigned char bytes[KEY_BYTES];
  const char *hex = val;
  for (size_t i = 0; i < KEY_BYTES; i++) {
    int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return true;
    bytes[i] = (unsigned char)(hi << 4 | lo);
  }
  /* keys come in key order (oldest first): keep the newest MAX_KEYS */
  if (k->n == MAX_KEYS) {
    memmove(k->created + 1, k->created, (MAX_KEYS - 1) * sizeof k->created[0]);
    memmove(k->key + 1, k->key, (MAX_KEYS - 1) * sizeof k->key[0]);
    k->n--;
  } else {
    memmove(k->created + 1, k->created, k->n * sizeof k->created[0]);
    memmove(k->key + 1, k->key, k->n * sizeof k->key[0]);
  }
  k->created[0] = created;
  memcpy(k->key[0], bytes, KEY_BYTES);
  k->n++;
  return true;
}

static SilaStatus load_keys(SilaStore *store, int64_t now, int64_t window, Keys *k) {
  memset(k, 0, sizeof *k);
  k->now = now;
  k->window = window;
  SilaStatus st = sila_ops_each(store, SILA_OPS_ACCOUNTS, KEY_PREFIX, read_key, k);
  return st == SILA_ERR_NOT_FOUND ? SILA_OK : st;
}

/* "login/u/" or "login/a/" + hex HMAC-SHA256(key, kind + ":" + name). */
static bool record_key(const unsigned char key[KEY_BYTES], char kind, const char *name,
                       char out[80]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned mdlen = 0;
  size_t nl = strlen(name);
  char *msg = malloc(nl + 3);
  if (!msg)
    return false;
  msg[0] = kind;
  msg[1] = ':';
  memcpy(msg + 2, name, nl + 1);
  bool ok = HMAC(EVP_sha256(), key, KEY_BYTES, (const unsigned char *)msg, nl + 2, md, &mdlen) &&
            mdlen == 32;
  free(msg);
  if (!ok)
    return false;
  int n = snprintf(out, 80, PREFIX "%c/", kind);
  for (unsigned i = 0; i < mdlen; i++)
    snprintf(out + n + 2 * i, 3, "%02x", md[i]);
  return true;
}

typedef struct {
  int64_t failures, first;
} Count;

static bool decode(const void *val, size_t len, Count *c) {
  json_t *j = json_loadb(val, len, 0, NULL);
  json_t *f = json_object_get(j, "failures"), *t = json_object_get(j, "first");
  bool ok = json_is_integer(f) && json_is_integer(t);
  if (ok) {
    c->failures = (int64_t)json_integer_value(f);
    c->first = (int64_t)json_integer_value(t);
  }
  json_decref(j);
  return ok;
}

/* The live counter of (kind, name) under any of the keys: its record key
 * into rkey and its count; false when there is none (rkey then names a new
 * record under the newest key, when there is one). */
static bool find_count(SilaTxn *txn, const Keys *k, char kind, const char *name, char rkey[80],
                       Count *c) {
  rkey[0] = 0;
  for (size_t i = 0; i < k->n; i++) {
    char rk[80];
    const void *val;
    size_t len;
    if (!record_key(k->key[i], kind, name, rk))
      continue;
    if (i == 0)
      memcpy(rkey, rk, sizeof rk);
    if (sila_ops_txn_get(txn, SILA_OPS_ACCOUNTS, rk, &val, &len) == SILA_OK &&
        decode(val, len, c) && c->first + k->window > k->now && c->first <= k->now) {
      memcpy(rkey, rk, sizeof rk);
      return true;
    }
  }
  return false;
}

static long wait_for(const Count *c, bool found, int64_t limit, int64_t now, int64_t window) {
  if (!found || c->failures < limit)
    return 0;
  int64_t w = c->first + window - now;
  return w > 0 ? (long)w : 0;
}

/* ---- purging: at most once a minute (or a window, if shorter), and a
 * write only when there is something to drop ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* counting and purging */
static int64_t last_purge;

typedef struct {
  int64_t now, window;
  size_t stale;
} PurgeCtx;

static bool stale(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  PurgeCtx *p = ctx;
  bool old;
  if (klen > sizeof KEY_PREFIX - 1 && !memcmp(key, KEY_PREFIX, sizeof KEY_PREFIX - 1)) {
    char digits[24];
    size_t dl = klen - (sizeof KEY_PREFIX - 1);
    if (dl >= sizeof digits)
      return true;
    memcpy(digits, key + sizeof KEY_PREFIX - 1, dl);
    digits[dl] = 0;
    old = strtoll(digits, NULL, 10) + 2 * p->window <= p->now;
  } else {
    Count c;
    old = !decode(val, vlen, &c) || c.first + p->window <= p->now;
  }
  p->stale += old;
  return old;
}

static bool count_stale(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  stale(ctx, key, klen, val, vlen);
  return true;
}

SilaStatus sila_login_purge(SilaStore *store, int64_t now, int64_t window, size_t *dropped) {
  PurgeCtx p = {now, window, 0};
  if (dropped)
    *dropped = 0;
  SilaStatus st = sila_ops_each(store, SILA_OPS_ACCOUNTS, PREFIX, count_stale, &p);
  if (st == SILA_ERR_NOT_FOUND || (st == SILA_OK && !p.stale))
    return SILA_OK;
  if (st)
    return st;
  p.stale = 0;
  return sila_ops_del_if(store, SILA_OPS_ACCOUNTS, PREFIX, stale, &p, dropped);
}

/* Lock held. */
static void purge_if_due(SilaStore *store, int64_t now, int64_t window) {
  int64_t every = window < 60 ? window : 60;
  if (now - last_purge < every && now >= last_purge)
    return;
  last_purge = now;
  sila_login_purge(store, now, window, NULL); /* best effort */
}

/* ---- the three moments of a login ---- */

SilaStatus sila_login_wait(SilaStore *store, const char *user, const char *address, int64_t now,
                           int64_t window, long *wait) {
  *wait = 0;
  pthread_mutex_lock(&mu);
  purge_if_due(store, now, window);
  pthread_mutex_unlock(&mu);
  Keys k;
  SilaStatus st = load_keys(store, now, window, &k);
  if (st || !k.n)
    return st;
  SilaTxn *txn;
  st = sila_txn_begin_read(store, &txn);
  if (st)
    return st;
  char rk[80];
  Count cu = {0, 0}, ca = {0, 0};
  bool fu = find_count(txn, &k, 'u', user, rk, &cu);
  bool fa = find_count(txn, &k, 'a', address, rk, &ca);
  sila_txn_abort(txn);
  long wu = wait_for(&cu, fu, SILA_LOGIN_LIMIT_ACCOUNT, now, window);
  long wa = wait_for(&ca, fa, SILA_LOGIN_LIMIT_ADDRESS, now, window);
  *wait = wu > wa ? wu : wa;
  return SILA_OK;
}

static char *encode(const Count *c) {
  json_t *j = json_pack("{s:I, s:I}", "failures", (json_int_t)c->failures, "first",
                        (json_int_t)c->first);
  char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(j);
  return text;
}

/* Lock held. */
static SilaStatus count_failure(SilaStore *store, const char *user, const char *address,
                                int64_t now, int64_t window) {
  Keys k;
  SilaStatus st = load_keys(store, now, window, &k);
  if (st)
    return st;
  /* a new key when the newest started more than a window ago */
  char key_name[40], key_hex[2 * KEY_BYTES + 1];
  bool new_key = !k.n || k.created[0] + window <= now;
  if (new_key) {
    if (k.n == MAX_KEYS)
      k.n--;
    memmove(k.created + 1, k.created, k.n * sizeof k.created[0]);
    memmove(k.key + 1, k.key, k.n * sizeof k.key[0]);
    if (RAND_bytes(k.key[0], KEY_BYTES) != 1)
      return SILA_ERR_IO;
    k.created[0] = now;
    k.n++;
    snprintf(key_name, sizeof key_name, KEY_PREFIX "%016" PRId64, now);
    for (size_t i = 0; i < KEY_BYTES; i++)
      snprintf(key_hex + 2 * i, 3, "%02x", k.key[0][i]);
  }
  SilaTxn *txn;
  if ((st = sila_txn_begin_read(store, &txn)))
    return st;
  char ru[80], ra[80];
  Count cu = {0, now}, ca = {0, now};
  if (!find_count(txn, &k, 'u', user, ru, &cu))
    cu = (Count){0, now};
  if (!find_count(txn, &k, 'a', address, ra, &ca))
    ca = (Count){0, now};
  sila_txn_abort(txn);
  if (!ru[0] || !ra[0])
    return SILA_ERR_NOMEM;
  cu.failures++;
  ca.failures++;
  char *tu = encode(&cu), *ta = encode(&ca);
  if (!tu || !ta) {
    free(tu);
    free(ta);
    return SILA_ERR_NOMEM;
  }
  const char *keys[3] = {ru, ra, key_name};
  const void *vals[3] = {tu, ta, key_hex};
  size_t lens[3] = {strlen(tu), strlen(ta), 2 * KEY_BYTES};
  st = sila_ops_put_many(store, SILA_OPS_ACCOUNTS, new_key ? 3 : 2, keys, vals, lens);
  free(tu);
  free(ta);
  return st;
}

SilaStatus sila_login_failed(SilaStore *store, const char *user, const char *address, int64_t now,
                             int64_t window) {
  pthread_mutex_lock(&mu);
  SilaStatus st = count_failure(store, user, address, now, window);
  purge_if_due(store, now, window);
  pthread_mutex_unlock(&mu);
  return st;
}

SilaStatus sila_login_succeeded(SilaStore *store, const char *user, int64_t now, int64_t window) {
  Keys k;
  SilaStatus st = load_keys(store, now, window, &k);
  if (st || !k.n)
    return st;
  pthread_mutex_lock(&mu);
  SilaTxn *txn;
  char ru[80];
  Count c;
  bool found = false;
  if ((st = sila_txn_begin_read(store, &txn)) == SILA_OK) {
    found = find_count(txn, &k, 'u', user, ru, &c);
    sila_txn_abort(txn);
  }
  if (found)
    st = sila_ops_del(store, SILA_OPS_ACCOUNTS, ru);
  purge_if_due(store, now, window);
  pthread_mutex_unlock(&mu);
  return st;
}
