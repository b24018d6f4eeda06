/* test_ops.c — the store's operational records (store/sila_ops.h) and the
 * accounts above them (app/sila_accounts.h): put/get/each/add/del, all or
 * nothing for several records, a read-only open, records apart from the
 * quads; users with Argon2id hashes, owners and their claims, history
 * versions numbered in order, the audit log; login sessions (kept by the
 * token's hash, expired ones purged, ended by a new password or removal). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sila_accounts.h"
#include "sila_ops.h"
#include "sila_sessions.h"
#include "test_harness.h"

static bool count_each(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  (void)key, (void)klen, (void)val, (void)vlen;
  (*(int *)ctx)++;
  return true;
}

static void count_versions(void *ctx, const SilaVersion *v) {
  unsigned *last = ctx;
  CHECK_INT(*last + 1, v->version); /* oldest first, numbered 1, 2, ... */
  *last = v->version;
}

static void count_lines(void *ctx, const char *json) {
  (void)json;
  (*(int *)ctx)++;
}

int main(void) {
  char dir[] = "/tmp/sila-test-ops-XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  SilaStore *s = NULL;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &s));
  SilaBuf b = SILA_BUF_INIT;

  /* records */
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ops_get(s, SILA_OPS_ACCOUNTS, "k/1", &b));
  CHECK_INT(SILA_OK, sila_ops_put(s, SILA_OPS_ACCOUNTS, "k/1", "uno", 3));
  CHECK_INT(SILA_OK, sila_ops_put(s, SILA_OPS_ACCOUNTS, "k/2", "due", 3));
  CHECK_INT(SILA_OK, sila_ops_put(s, SILA_OPS_ACCOUNTS, "l/1", "altro", 5));
  CHECK_INT(SILA_OK, sila_ops_get(s, SILA_OPS_ACCOUNTS, "k/1", &b));
  CHECK_STR("uno", b.data);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ops_get(s, SILA_OPS_HISTORY, "k/1", &b)); /* its own db */
  int n = 0;
  CHECK_INT(SILA_OK, sila_ops_each(s, SILA_OPS_ACCOUNTS, "k/", count_each, &n));
  CHECK_INT(2, n);
  CHECK_INT(SILA_ERR_EXISTS, sila_ops_add(s, SILA_OPS_ACCOUNTS, "k/1", "x", 1));
  CHECK_INT(SILA_OK, sila_ops_add(s, SILA_OPS_ACCOUNTS, "k/3", "tre", 3));
  CHECK_INT(SILA_OK, sila_ops_del(s, SILA_OPS_ACCOUNTS, "k/3"));
  CHECK_INT(SILA_OK, sila_ops_del(s, SILA_OPS_ACCOUNTS, "k/3")); /* absent: fine */
  CHECK_INT(SILA_ERR_INVALID, sila_ops_put(s, SILA_OPS_ACCOUNTS, "", "x", 1));
  /* several records: an invalid key refuses them all */
  const char *keys[2] = {"m/1", ""};
  const void *vals[2] = {"a", "b"};
  size_t lens[2] = {1, 1};
  CHECK_INT(SILA_ERR_INVALID, sila_ops_put_many(s, SILA_OPS_ACCOUNTS, 2, keys, vals, lens));
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ops_get(s, SILA_OPS_ACCOUNTS, "m/1", &b));
  /* the records are not quads */
  SilaTxn *txn;
  SilaStoreStats stats;
  CHECK_INT(SILA_OK, sila_txn_begin_read(s, &txn));
  CHECK_INT(SILA_OK, sila_txn_stats(txn, &stats));
  CHECK_INT(0, stats.quads);
  sila_txn_abort(txn);

  /* accounts */
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_office_add(s, "salute", "Dipartimento Salute", &err));
  CHECK_INT(SILA_OK, sila_office_add(s, "bilancio", "Settore Bilancio", &err));
  CHECK_INT(SILA_ERR_INVALID, sila_office_add(s, "Bad Id", "x", &err));
  CHECK_INT(SILA_ERR_INVALID, sila_user_add(s, "anna", "salute", false, "corta", &err));
  CHECK_INT(SILA_ERR_INVALID, sila_user_add(s, "anna", NULL, false, "password-lunga", &err));
  CHECK_INT(SILA_OK, sila_user_add(s, "anna", "salute", false, "password-lunga", &err));
  CHECK_INT(SILA_ERR_EXISTS, sila_user_add(s, "anna", "salute", false, "password-lunga", &err));
  CHECK_INT(SILA_OK, sila_user_add(s, "root", NULL, true, "password-di-root", &err));
  SilaUser u;
  CHECK_INT(SILA_OK, sila_user_verify(s, "anna", "password-lunga", &u));
  CHECK_STR("salute", u.office);
  CHECK(!u.admin);
  CHECK_INT(SILA_ERR_DENIED, sila_user_verify(s, "anna", "password-lunga!", &u));
  CHECK_INT(SILA_ERR_DENIED, sila_user_verify(s, "nessuno", "password-lunga", &u));
  CHECK_INT(SILA_OK, sila_ops_get(s, SILA_OPS_ACCOUNTS, "user/anna", &b));
  CHECK(strstr(b.data, "$argon2id$") != NULL);
  CHECK(strstr(b.data, "password-lunga") == NULL);
  CHECK_INT(SILA_OK, sila_user_passwd(s, "anna", "nuova-password", &err));
  CHECK_INT(SILA_ERR_DENIED, sila_user_verify(s, "anna", "password-lunga", &u));
  CHECK_INT(SILA_OK, sila_user_verify(s, "anna", "nuova-password", &u));

  /* owners */
  bool claimed;
  CHECK(sila_user_may_publish(s, &u, "nuovo", false));
  CHECK(!sila_user_may_publish(s, &u, "di-uno-script", true));
  CHECK_INT(SILA_OK, sila_dataset_claim(s, "nuovo", "salute", &claimed));
  CHECK(claimed);
  CHECK_INT(SILA_OK, sila_dataset_claim(s, "nuovo", "salute", &claimed));
  CHECK(!claimed);
  CHECK_INT(SILA_ERR_DENIED, sila_dataset_claim(s, "nuovo", "bilancio", &claimed));
  SilaUser marco = {"marco", "bilancio", false}, root = {"root", "", true};
  CHECK(!sila_user_may_publish(s, &marco, "nuovo", true));
  CHECK(sila_user_may_publish(s, &root, "nuovo", true));
  CHECK_INT(SILA_OK, sila_dataset_unclaim(s, "nuovo"));
  CHECK(sila_user_may_publish(s, &marco, "nuovo", false));

  /* history */
  SilaVersion v = {0};
  snprintf(v.user, sizeof v.user, "anna");
  snprintf(v.csv_name, sizeof v.csv_name, "a.csv");
  unsigned ver = 0;
  for (int i = 0; i < 12; i++)
    CHECK_INT(SILA_OK, sila_history_add(s, "nuovo", &v, "a,b\n1,2\n", 8, "{}", 2, "{}", 2,
                                        "ok", &ver));
  CHECK_INT(12, ver);
  CHECK_INT(SILA_OK, sila_history_add(s, "nuovo-2", &v, "x", 1, "{}", 2, "{}", 2, "ok", &ver));
  CHECK_INT(1, ver); /* another dataset, even with a name that starts the same */
  unsigned last = 0;
  CHECK_INT(SILA_OK, sila_history_list(s, "nuovo", count_versions, &last));
  CHECK_INT(12, last);
  CHECK_INT(SILA_OK, sila_history_part(s, "nuovo", 3, SILA_HIST_CSV, &b));
  CHECK_STR("a,b\n1,2\n", b.data);
  CHECK_INT(SILA_OK, sila_history_get(s, "nuovo", 12, &v));
  CHECK_STR("anna", v.user);
  CHECK_STR("publish", v.action);
  CHECK_INT(SILA_ERR_INVALID, sila_history_list(s, "../x/", count_versions, &last));

  /* audit */
  CHECK_INT(SILA_OK, sila_audit(s, "login", "anna", NULL, NULL));
  CHECK_INT(SILA_OK, sila_audit(s, "publish", "anna", "nuovo", "version 1"));
  n = 0;
  CHECK_INT(SILA_OK, sila_audit_list(s, count_lines, &n));
  CHECK_INT(2, n);

  /* sessions (app/sila_sessions.h): by the token's hash, the user re-read */
  const char *tok1 = "1111111111111111111111111111111111111111111111111111111111111111";
  const char *tok2 = "2222222222222222222222222222222222222222222222222222222222222222";
  const char *tok3 = "3333333333333333333333333333333333333333333333333333333333333333";
  SilaSession ss = {.user = "root", .csrf = "c1", .expires = (int64_t)time(NULL) + 60};
  SilaSession got;
  CHECK_INT(SILA_ERR_INVALID, sila_session_add(s, "short", &ss));
  CHECK_INT(SILA_OK, sila_session_add(s, tok1, &ss));
  ss.expires = (int64_t)time(NULL) - 1; /* expired already */
  CHECK_INT(SILA_OK, sila_session_add(s, tok2, &ss));
  CHECK_INT(SILA_OK, sila_session_get(s, tok1, &got, &u));
  CHECK_STR("root", u.name);
  CHECK(u.admin);
  CHECK_STR("c1", got.csrf);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_session_get(s, tok2, &got, &u)); /* expired */
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_session_get(s, tok3, &got, &u)); /* never was */
  CHECK_INT(SILA_OK, sila_session_set_work(s, tok1, "abc"));
  CHECK_INT(SILA_OK, sila_session_get(s, tok1, &got, &u));
  CHECK_STR("abc", got.work);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_session_set_work(s, tok3, "abc")); /* not created */
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_ops_replace(s, SILA_OPS_ACCOUNTS, "k/none", "x", 1));
  n = 0;
  CHECK_INT(SILA_OK, sila_ops_each(s, SILA_OPS_ACCOUNTS, "session/", count_each, &n));
  CHECK_INT(2, n);
  size_t dropped = 0;
  CHECK_INT(SILA_OK, sila_session_purge(s, (int64_t)time(NULL), &dropped));
  CHECK_INT(1, (int)dropped); /* the expired one */
  ss.expires = (int64_t)time(NULL) + 60;
  CHECK_INT(SILA_OK, sila_session_add(s, tok3, &ss));
  CHECK_INT(SILA_OK, sila_session_end(s, tok3));
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_session_get(s, tok3, &got, &u));
  CHECK_INT(SILA_OK, sila_session_add(s, tok3, &ss));
  CHECK_INT(SILA_OK, sila_user_passwd(s, "root", "password-nuova-root", &err));
  n = 0; /* a new password ends every session of the user */
  CHECK_INT(SILA_OK, sila_ops_each(s, SILA_OPS_ACCOUNTS, "session/", count_each, &n));
  CHECK_INT(0, n);
  CHECK_INT(SILA_OK, sila_session_add(s, tok1, &ss));
  CHECK_INT(SILA_OK, sila_user_del(s, "root", &err));
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_session_get(s, tok1, &got, &u));
  n = 0;
  CHECK_INT(SILA_OK, sila_ops_each(s, SILA_OPS_ACCOUNTS, "session/", count_each, &n));
  CHECK_INT(0, n);
  sila_store_close(s);

  /* read-only: the records are read, not written */
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_READONLY, &s));
  CHECK_INT(SILA_OK, sila_ops_get(s, SILA_OPS_ACCOUNTS, "k/2", &b));
  CHECK_STR("due", b.data);
  CHECK_INT(SILA_ERR_DENIED, sila_ops_put(s, SILA_OPS_ACCOUNTS, "k/9", "x", 1));
  sila_store_close(s);

  sila_buf_free(&b);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0)
    CHECK(false);
  return TEST_REPORT();
}
