/* sila_sessions.c — login sessions in the accounts database (sila_sessions.h). */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_sessions.h"

#define KEY_PREFIX "session/"

static bool token_ok(const char *token) {
  if (!token || strlen(token) != SILA_SESSION_TOKEN_LEN)
    return false;
  for (const char *p = token; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
      return false;
  return true;
}

/* "session/" + hex SHA-256 of the token into key (>= 8 + 64 + 1 bytes). */
static bool session_key(const char *token, char key[80]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned mdlen = 0;
  if (!token_ok(token) ||
      EVP_Digest(token, strlen(token), md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
    return false;
  memcpy(key, KEY_PREFIX, sizeof KEY_PREFIX - 1);
  for (unsigned i = 0; i < mdlen; i++)
    snprintf(key + sizeof KEY_PREFIX - 1 + 2 * i, 3, "%02x", md[i]);
  return true;
}

static char *encode(const SilaSession *s) {
  json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "user", s->user, "csrf", s->csrf, "expires",
                        (json_int_t)s->expires, "work", s->work);
  char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(j);
  return text;
}

static void copy_str(char *dst, size_t size, json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  snprintf(dst, size, "%s", s ? s : "");
}

static bool decode(const void *val, size_t len, SilaSession *out) {
  json_t *j = json_loadb(val, len, 0, NULL);
  if (!json_is_object(j) || !json_is_integer(json_object_get(j, "expires"))) {
    json_decref(j);
    return false;
  }
  memset(out, 0, sizeof *out);
  copy_str(out->user, sizeof out->user, j, "user");
  copy_str(out->csrf, sizeof out->csrf, j, "csrf");
  copy_str(out->work, sizeof out->work, j, "work");
  out->expires = (int64_t)json_integer_value(json_object_get(j, "expires"));
  json_decref(j);
  return out->user[0] && out->csrf[0];
}

SilaStatus sila_session_add(SilaStore *store, const char *token, const SilaSession *s) {
  char key[80];
  if (!session_key(token, key) || !sila_account_name_ok(s->user))
    return SILA_ERR_INVALID;
  sila_session_purge(store, (int64_t)time(NULL), NULL); /* best effort */
  char *text = encode(s);
  if (!text)
    return SILA_ERR_NOMEM;
  SilaStatus st = sila_ops_put(store, SILA_OPS_ACCOUNTS, key, text, strlen(text));
  free(text);
  return st;
}

SilaStatus sila_session_get(SilaStore *store, const char *token, SilaSession *out,
                            SilaUser *user) {
  char key[80], ukey[16 + SILA_NAME_MAX];
  if (!session_key(token, key))
    return SILA_ERR_NOT_FOUND;
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  if (st)
    return st;
  const void *val;
  size_t len;
  st = sila_ops_txn_get(txn, SILA_OPS_ACCOUNTS, key, &val, &len);
  if (st == SILA_OK && (!decode(val, len, out) || out->expires <= (int64_t)time(NULL)))
    st = SILA_ERR_NOT_FOUND;
  if (st == SILA_OK) {
    /* the account as it is now, from the same snapshot */
    snprintf(ukey, sizeof ukey, "user/%s", out->user);
    st = sila_ops_txn_get(txn, SILA_OPS_ACCOUNTS, ukey, &val, &len);
    if (st == SILA_OK && sila_user_from_record(val, len, user) != SILA_OK)
      st = SILA_ERR_NOT_FOUND;
  }
  sila_txn_abort(txn);
  return st;
}

SilaStatus sila_session_set_work(SilaStore *store, const char *token, const char *work) {
  SilaSession s;
  SilaUser u;
  SilaStatus st = sila_session_get(store, token, &s, &u);
  if (st)
    return st;
  char key[80];
  session_key(token, key);
  snprintf(s.work, sizeof s.work, "%s", work);
  char *text = encode(&s);
  if (!text)
    return SILA_ERR_NOMEM;
  st = sila_ops_replace(store, SILA_OPS_ACCOUNTS, key, text, strlen(text));
  free(text);
  return st;
}

SilaStatus sila_session_end(SilaStore *store, const char *token) {
  char key[80];
  if (!session_key(token, key))
    return SILA_OK;
  return sila_ops_del(store, SILA_OPS_ACCOUNTS, key);
}

typedef struct {
  const char *user; /* drop this user's sessions, or */
  int64_t now;      /* those expired at now */
} DropCtx;

static bool drop_session(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  (void)key, (void)klen;
  const DropCtx *d = ctx;
  SilaSession s;
  if (!decode(val, vlen, &s))
    return true; /* unreadable: no use to anyone */
  return d->user ? !strcmp(s.user, d->user) : s.expires <= d->now;
}

SilaStatus sila_session_end_user(SilaStore *store, const char *user, size_t *ended) {
  DropCtx d = {user, 0};
  return sila_ops_del_if(store, SILA_OPS_ACCOUNTS, KEY_PREFIX, drop_session, &d, ended);
}

SilaStatus sila_session_purge(SilaStore *store, int64_t now, size_t *dropped) {
  DropCtx d = {NULL, now};
  return sila_ops_del_if(store, SILA_OPS_ACCOUNTS, KEY_PREFIX, drop_session, &d, dropped);
}
