/* sila_accounts.c — offices, users (Argon2id), dataset owners, history
 * and audit log in the store's operational databases (sila_accounts.h). */
#define _GNU_SOURCE
#include <argon2.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_accounts.h"
#include "sila_sessions.h"

/* OWASP's Argon2id setting: 19 MiB, 2 passes, 1 lane. */
#define HASH_T 2
#define HASH_M 19456
#define HASH_P 1
#define HASH_LEN 32
#define SALT_LEN 16

bool sila_account_name_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (!n || n > SILA_NAME_MAX || s[0] == '.' || s[0] == '-' || s[0] == '_')
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' ||
          *s == '_'))
      return false;
  return true;
}

static SilaStatus put_json(SilaStore *store, SilaOpsDb db, const char *key, json_t *obj) {
  char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(obj);
  if (!text)
    return SILA_ERR_NOMEM;
  SilaStatus st = sila_ops_put(store, db, key, text, strlen(text));
  free(text);
  return st;
}

static json_t *get_json(SilaStore *store, SilaOpsDb db, const char *key, SilaStatus *st) {
  SilaBuf b = SILA_BUF_INIT;
  *st = sila_ops_get(store, db, key, &b);
  json_t *j = NULL;
  if (*st == SILA_OK) {
    j = json_loadb(b.data, b.len, 0, NULL);
    if (!json_is_object(j)) {
      json_decref(j);
      j = NULL;
      *st = SILA_ERR_CORRUPT;
    }
  }
  sila_buf_free(&b);
  return j;
}

static void copy_str(char *dst, size_t size, json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  snprintf(dst, size, "%s", s ? s : "");
}

/* ---- offices ---- */

SilaStatus sila_office_add(SilaStore *store, const char *id, const char *name, SilaError *err) {
  if (!sila_account_name_ok(id))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "office id '%s': use 1 to 64 of a-z 0-9 . - _", id ? id : "");
  if (!name || !*name || strlen(name) > 255)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "an office needs a name (1 to 255 bytes)");
  char key[128];
  snprintf(key, sizeof key, "office/%s", id);
  SilaOffice o;
  if (sila_office_get(store, id, &o) == SILA_OK)
    return sila_error_set(err, SILA_ERR_EXISTS, 0, 0, "office '%s' exists already", id);
  SilaStatus st = put_json(store, SILA_OPS_ACCOUNTS, key,
                           json_pack("{s:s, s:s}", "id", id, "name", name));
  return st ? sila_error_set(err, st, 0, 0, "cannot write the office: %s", sila_strerror(st))
            : SILA_OK;
}

SilaStatus sila_office_get(SilaStore *store, const char *id, SilaOffice *out) {
  char key[128];
  if (!sila_account_name_ok(id))
    return SILA_ERR_NOT_FOUND;
  snprintf(key, sizeof key, "office/%s", id);
  SilaStatus st;
  json_t *j = get_json(store, SILA_OPS_ACCOUNTS, key, &st);
  if (!j)
    return st;
  copy_str(out->id, sizeof out->id, j, "id");
  copy_str(out->name, sizeof out->name, j, "name");
  json_decref(j);
  return SILA_OK;
}

typedef struct {
  void (*office)(void *ctx, const SilaOffice *o);
  void (*user)(void *ctx, const SilaUser *u);
  void (*version)(void *ctx, const SilaVersion *v);
  void (*line)(void *ctx, const char *json);
  void *ctx;
} EachCtx;

static void user_from_json(SilaUser *u, json_t *j) {
  copy_str(u->name, sizeof u->name, j, "name");
  copy_str(u->office, sizeof u->office, j, "office");
  const char *role = json_string_value(json_object_get(j, "role"));
  u->admin = role && !strcmp(role, "admin");
}

static bool each_json(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  (void)key, (void)klen;
  EachCtx *e = ctx;
  json_t *j = json_loadb(val, vlen, 0, NULL);
  if (!json_is_object(j)) {
    json_decref(j);
    return true;
  }
  if (e->office) {
    SilaOffice o;
    copy_str(o.id, sizeof o.id, j, "id");
    copy_str(o.name, sizeof o.name, j, "name");
    e->office(e->ctx, &o);
  } else if (e->user) {
    SilaUser u;
    user_from_json(&u, j);
    e->user(e->ctx, &u);
  }
  json_decref(j);
  return true;
}

SilaStatus sila_office_list(SilaStore *store, void (*fn)(void *ctx, const SilaOffice *o),
                            void *ctx) {
  EachCtx e = {.office = fn, .ctx = ctx};
  return sila_ops_each(store, SILA_OPS_ACCOUNTS, "office/", each_json, &e);
}

/* ---- users ---- */

static SilaStatus hash_password(const char *password, char *encoded, size_t size,
                                SilaError *err) {
  size_t pl = strlen(password);
  if (pl < SILA_PASSWORD_MIN || pl > SILA_PASSWORD_MAX)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "a password has %d to %d characters", SILA_PASSWORD_MIN,
                          SILA_PASSWORD_MAX);
  unsigned char salt[SALT_LEN];
  if (RAND_bytes(salt, sizeof salt) != 1)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "no random bytes for the salt");
  int rc = argon2id_hash_encoded(HASH_T, HASH_M, HASH_P, password, pl, salt, sizeof salt,
                                 HASH_LEN, encoded, size);
  if (rc != ARGON2_OK)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "Argon2id: %s", argon2_error_message(rc));
  return SILA_OK;
}

static SilaStatus put_user(SilaStore *store, const SilaUser *u, const char *hash) {
  char key[128];
  snprintf(key, sizeof key, "user/%s", u->name);
  return put_json(store, SILA_OPS_ACCOUNTS, key,
                  json_pack("{s:s, s:s, s:s, s:s}", "name", u->name, "office", u->office, "role",
                            u->admin ? "admin" : "steward", "hash", hash));
}

SilaStatus sila_user_add(SilaStore *store, const char *name, const char *office, bool admin,
                         const char *password, SilaError *err) {
  if (!sila_account_name_ok(name))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "user name '%s': use 1 to 64 of a-z 0-9 . - _", name ? name : "");
  SilaUser u = {0};
  if (sila_user_get(store, name, &u) == SILA_OK)
    return sila_error_set(err, SILA_ERR_EXISTS, 0, 0, "user '%s' exists already", name);
  SilaOffice o;
  if (office && *office && sila_office_get(store, office, &o) != SILA_OK)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "no office '%s' (sila office add ID NAME creates it)", office);
  if (!admin && (!office || !*office))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "a steward belongs to an office (--office ID)");
  char hash[256];
  SilaStatus st = hash_password(password ? password : "", hash, sizeof hash, err);
  if (st)
    return st;
  snprintf(u.name, sizeof u.name, "%s", name);
  snprintf(u.office, sizeof u.office, "%s", office ? office : "");
  u.admin = admin;
  st = put_user(store, &u, hash);
  return st ? sila_error_set(err, st, 0, 0, "cannot write the user: %s", sila_strerror(st))
            : SILA_OK;
}

SilaStatus sila_user_passwd(SilaStore *store, const char *name, const char *password,
                            SilaError *err) {
  SilaUser u;
  if (sila_user_get(store, name, &u) != SILA_OK)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no user '%s'", name);
  char hash[256];
  SilaStatus st = hash_password(password ? password : "", hash, sizeof hash, err);
  if (st)
    return st;
  st = put_user(store, &u, hash);
  if (st == SILA_OK) /* whoever had the old password is logged out */
    st = sila_session_end_user(store, name, NULL);
  return st ? sila_error_set(err, st, 0, 0, "cannot write the user: %s", sila_strerror(st))
            : SILA_OK;
}

SilaStatus sila_user_del(SilaStore *store, const char *name, SilaError *err) {
  SilaUser u;
  if (sila_user_get(store, name, &u) != SILA_OK)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no user '%s'", name);
  char key[128];
  snprintf(key, sizeof key, "user/%s", name);
  SilaStatus st = sila_ops_del(store, SILA_OPS_ACCOUNTS, key);
  if (st == SILA_OK)
    st = sila_session_end_user(store, name, NULL);
  return st ? sila_error_set(err, st, 0, 0, "cannot remove the user: %s", sila_strerror(st))
            : SILA_OK;
}

SilaStatus sila_user_get(SilaStore *store, const char *name, SilaUser *out) {
  if (!sila_account_name_ok(name))
    return SILA_ERR_NOT_FOUND;
  char key[128];
  snprintf(key, sizeof key, "user/%s", name);
  SilaStatus st;
  json_t *j = get_json(store, SILA_OPS_ACCOUNTS, key, &st);
  if (!j)
    return st;
  user_from_json(out, j);
  json_decref(j);
  return SILA_OK;
}

SilaStatus sila_user_from_record(const void *val, size_t len, SilaUser *out) {
  json_t *j = json_loadb(val, len, 0, NULL);
  if (!json_is_object(j)) {
    json_decref(j);
    return SILA_ERR_CORRUPT;
  }
  user_from_json(out, j);
  json_decref(j);
  return SILA_OK;
}

SilaStatus sila_user_list(SilaStore *store, void (*fn)(void *ctx, const SilaUser *u), void *ctx) {
  EachCtx e = {.user = fn, .ctx = ctx};
  return sila_ops_each(store, SILA_OPS_ACCOUNTS, "user/", each_json, &e);
}

/* A hash of a password nobody has: an unknown user is checked against it,
 * so that the answer takes as long as for a known one. */
static char dummy_hash[256];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) {
  if (hash_password("not-a-password-of-anyone", dummy_hash, sizeof dummy_hash, NULL))
    dummy_hash[0] = 0;
}

SilaStatus sila_user_verify(SilaStore *store, const char *name, const char *password,
                            SilaUser *out) {
  size_t pl = password ? strlen(password) : 0;
  char key[128];
  json_t *j = NULL;
  SilaStatus st = SILA_ERR_NOT_FOUND;
  if (sila_account_name_ok(name)) {
    snprintf(key, sizeof key, "user/%s", name);
    j = get_json(store, SILA_OPS_ACCOUNTS, key, &st);
  }
  const char *hash = j ? json_string_value(json_object_get(j, "hash")) : NULL;
  if (!hash) {
    pthread_once(&dummy_once, make_dummy);
    if (dummy_hash[0] && pl <= SILA_PASSWORD_MAX)
      (void)argon2id_verify(dummy_hash, password ? password : "", pl);
    json_decref(j);
    return SILA_ERR_DENIED;
  }
  bool ok = pl <= SILA_PASSWORD_MAX && argon2id_verify(hash, password, pl) == ARGON2_OK;
  if (ok)
    user_from_json(out, j);
  json_decref(j);
  return ok ? SILA_OK : SILA_ERR_DENIED;
}

/* ---- owners ---- */

SilaStatus sila_dataset_owner(SilaStore *store, const char *slug, char office[SILA_NAME_MAX + 1]) {
  char key[256];
  if (!slug || strlen(slug) > 200)
    return SILA_ERR_NOT_FOUND;
  snprintf(key, sizeof key, "owner/%s", slug);
  SilaBuf b = SILA_BUF_INIT;
  SilaStatus st = sila_ops_get(store, SILA_OPS_ACCOUNTS, key, &b);
  if (st == SILA_OK)
    snprintf(office, SILA_NAME_MAX + 1, "%s", b.data);
  sila_buf_free(&b);
  return st;
}

SilaStatus sila_dataset_set_owner(SilaStore *store, const char *slug, const char *office) {
  char key[256];
  if (!slug || strlen(slug) > 200)
    return SILA_ERR_INVALID;
  snprintf(key, sizeof key, "owner/%s", slug);
  return sila_ops_put(store, SILA_OPS_ACCOUNTS, key, office, strlen(office));
}

SilaStatus sila_dataset_assign(SilaStore *store, const char *base, const char *slug,
                               const char *office, SilaError *err) {
  SilaOffice of;
  if (!slug || !*slug || strlen(slug) > 200)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no dataset identifier (slug) given");
  if (!office || sila_office_get(store, office, &of) != SILA_OK)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0,
                          "no office '%s' (sila office list names them; sila office add "
                          "creates one)",
                          office ? office : "");
  char iri[512];
  snprintf(iri, sizeof iri, "%s/set/%s", base ? base : "https://dati.calabria.it", slug);
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  SilaTerm t = sila_term_iri(iri);
  SilaId g;
  bool exists = sila_txn_lookup(txn, &t, &g) == SILA_OK && sila_txn_graph_exists(txn, g);
  sila_txn_abort(txn);
  if (!exists)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0,
                          "no dataset '%s' in the store (no graph <%s>: publish it first)", slug,
                          iri);
  st = sila_dataset_set_owner(store, slug, office);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot write the owner: %s", sila_strerror(st));
  /* the dataset's page names its office: a commit moves the store's write
   * count, so pages cached by their ETag are fetched again */
  SilaTxn *w;
  if (sila_txn_begin_write(store, 0, &w) == SILA_OK)
    sila_txn_commit(w);
  sila_audit(store, "owner", NULL, slug, office);
  return SILA_OK;
}

SilaStatus sila_dataset_owner_txn(SilaTxn *txn, const char *slug, SilaOffice *out) {
  char key[256];
  if (!slug || strlen(slug) > 200)
    return SILA_ERR_NOT_FOUND;
  snprintf(key, sizeof key, "owner/%s", slug);
  const void *val;
  size_t len;
  SilaStatus st = sila_ops_txn_get(txn, SILA_OPS_ACCOUNTS, key, &val, &len);
  if (st)
    return st;
  snprintf(out->id, sizeof out->id, "%.*s", (int)(len < SILA_NAME_MAX ? len : SILA_NAME_MAX),
           (const char *)val);
  out->name[0] = '\0';
  snprintf(key, sizeof key, "office/%s", out->id);
  if (sila_ops_txn_get(txn, SILA_OPS_ACCOUNTS, key, &val, &len) == SILA_OK) {
    json_t *j = json_loadb(val, len, 0, NULL);
    copy_str(out->name, sizeof out->name, j, "name");
    json_decref(j);
  }
  return SILA_OK;
}

SilaStatus sila_dataset_claim(SilaStore *store, const char *slug, const char *office,
                              bool *claimed) {
  char key[256];
  *claimed = false;
  if (!slug || strlen(slug) > 200 || !office || !*office)
    return SILA_ERR_INVALID;
  snprintf(key, sizeof key, "owner/%s", slug);
  SilaStatus st = sila_ops_add(store, SILA_OPS_ACCOUNTS, key, office, strlen(office));
  if (st == SILA_OK) {
    *claimed = true;
    return SILA_OK;
  }
  if (st != SILA_ERR_EXISTS)
    return st;
  char owner[SILA_NAME_MAX + 1];
  st = sila_dataset_owner(store, slug, owner);
  if (st)
    return st;
  return strcmp(owner, office) ? SILA_ERR_DENIED : SILA_OK;
}

SilaStatus sila_dataset_unclaim(SilaStore *store, const char *slug) {
  char key[256];
  if (!slug || strlen(slug) > 200)
    return SILA_ERR_INVALID;
  snprintf(key, sizeof key, "owner/%s", slug);
  return sila_ops_del(store, SILA_OPS_ACCOUNTS, key);
}

bool sila_user_may_publish(SilaStore *store, const SilaUser *u, const char *slug, bool exists) {
  if (u->admin)
    return true;
  char owner[SILA_NAME_MAX + 1];
  SilaStatus st = sila_dataset_owner(store, slug, owner);
  if (st == SILA_OK)
    return u->office[0] && !strcmp(owner, u->office);
  return st == SILA_ERR_NOT_FOUND && !exists && u->office[0];
}

/* ---- history ---- */

static void utc_now(char *buf, size_t size) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct {
  unsigned last;
} LastCtx;

static bool find_last(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  (void)val, (void)vlen;
  LastCtx *l = ctx;
  /* "SLUG/NNNNNNNNNN/info" */
  if (klen > 16 && !memcmp(key + klen - 5, "/info", 5)) {
    unsigned v = (unsigned)strtoul(key + klen - 15, NULL, 10);
    if (v > l->last)
      l->last = v;
  }
  return true;
}

static void version_from_json(SilaVersion *v, json_t *j) {
  memset(v, 0, sizeof *v);
  v->version = (unsigned)json_integer_value(json_object_get(j, "version"));
  copy_str(v->user, sizeof v->user, j, "user");
  copy_str(v->office, sizeof v->office, j, "office");
  copy_str(v->when, sizeof v->when, j, "when");
  copy_str(v->action, sizeof v->action, j, "action");
  v->from = (unsigned)json_integer_value(json_object_get(j, "from"));
  copy_str(v->csv_name, sizeof v->csv_name, j, "csv");
  copy_str(v->meta_name, sizeof v->meta_name, j, "metadata");
  v->rows = (uint64_t)json_integer_value(json_object_get(j, "rows"));
  v->triples = (uint64_t)json_integer_value(json_object_get(j, "triples"));
}

SilaStatus sila_history_add(SilaStore *store, const char *slug, const SilaVersion *info,
                            const void *csv, size_t csv_len, const void *meta, size_t meta_len,
                            const void *dataset, size_t dataset_len, const char *report,
                            unsigned *version) {
  if (!slug || !*slug || strlen(slug) > 200 || strchr(slug, '/'))
    return SILA_ERR_INVALID;
  char prefix[256];
  snprintf(prefix, sizeof prefix, "%s/", slug);
  LastCtx l = {0};
  SilaStatus st = sila_ops_each(store, SILA_OPS_HISTORY, prefix, find_last, &l);
  if (st)
    return st;
  unsigned v = l.last + 1;
  char when[32];
  utc_now(when, sizeof when);
  json_t *j = json_pack("{s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:I}", "version", (int)v,
                        "user", info->user, "office", info->office, "when", when, "action",
                        info->action[0] ? info->action : "publish", "from", (int)info->from,
                        "csv", info->csv_name, "metadata", info->meta_name, "rows",
                        (json_int_t)info->rows, "triples", (json_int_t)info->triples);
  char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(j);
  if (!text)
    return SILA_ERR_NOMEM;
  char keys[5][300];
  const char *parts[5] = {"info", SILA_HIST_CSV, SILA_HIST_META, SILA_HIST_DATASET,
                          SILA_HIST_REPORT};
  const char *kp[5];
  for (int i = 0; i < 5; i++) {
    snprintf(keys[i], sizeof keys[i], "%s/%010u/%s", slug, v, parts[i]);
    kp[i] = keys[i];
  }
  const void *vals[5] = {text, csv, meta, dataset, report ? report : ""};
  size_t lens[5] = {strlen(text), csv_len, meta_len, dataset_len, report ? strlen(report) : 0};
  st = sila_ops_put_many(store, SILA_OPS_HISTORY, 5, kp, vals, lens);
  free(text);
  if (st == SILA_OK && version)
    *version = v;
  return st;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  char chunk[65536];
  size_t n;
  bool ok = true;
  while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ok = !sila_buf_append(&b, chunk, n);
  ok = ok && !ferror(f);
  fclose(f);
  if (!ok) {
    sila_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data ? b.data : calloc(1, 1);
}

SilaStatus sila_history_add_dir(SilaStore *store, const char *slug, const char *dir,
                                const char *metadata, SilaVersion *info, const char *report,
                                unsigned *version) {
  const char *mslash = strrchr(metadata, '/');
  snprintf(info->meta_name, sizeof info->meta_name, "%.200s", mslash ? mslash + 1 : metadata);
  json_t *m = json_load_file(metadata, 0, NULL);
  const char *url = json_string_value(json_object_get(m, "url"));
  /* only a CSV inside the folder (a plain name) is kept */
  bool plain = url && *url && !strchr(url, '/') && !strchr(url, ':') && url[0] != '.';
  snprintf(info->csv_name, sizeof info->csv_name, "%.200s", plain ? url : "");
  json_decref(m);
  if (!plain)
    return SILA_ERR_INVALID;
  char *path = NULL;
  size_t csv_len = 0, meta_len = 0, ds_len = 0;
  char *csv = NULL, *meta = NULL, *ds = NULL;
  if (asprintf(&path, "%s/%s", dir, info->csv_name) >= 0) {
    csv = read_all(path, &csv_len);
    free(path);
  }
  meta = read_all(metadata, &meta_len);
  if (asprintf(&path, "%s/dataset.json", dir) >= 0) {
    ds = read_all(path, &ds_len);
    free(path);
  }
  SilaStatus st = csv && meta && ds ? sila_history_add(store, slug, info, csv, csv_len, meta,
                                                       meta_len, ds, ds_len, report, version)
                                    : SILA_ERR_IO;
  free(csv), free(meta), free(ds);
  return st;
}

static bool each_version(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  EachCtx *e = ctx;
  if (klen < 5 || memcmp(key + klen - 5, "/info", 5))
    return true;
  json_t *j = json_loadb(val, vlen, 0, NULL);
  if (json_is_object(j)) {
    SilaVersion v;
    version_from_json(&v, j);
    e->version(e->ctx, &v);
  }
  json_decref(j);
  return true;
}

SilaStatus sila_history_list(SilaStore *store, const char *slug,
                             void (*fn)(void *ctx, const SilaVersion *v), void *ctx) {
  if (!slug || !*slug || strlen(slug) > 200 || strchr(slug, '/'))
    return SILA_ERR_INVALID;
  char prefix[256];
  snprintf(prefix, sizeof prefix, "%s/", slug);
  EachCtx e = {.version = fn, .ctx = ctx};
  return sila_ops_each(store, SILA_OPS_HISTORY, prefix, each_version, &e);
}

SilaStatus sila_history_part(SilaStore *store, const char *slug, unsigned version,
                             const char *part, SilaBuf *out) {
  if (!slug || !*slug || strlen(slug) > 200 || strchr(slug, '/'))
    return SILA_ERR_INVALID;
  char key[300];
  snprintf(key, sizeof key, "%s/%010u/%s", slug, version, part);
  return sila_ops_get(store, SILA_OPS_HISTORY, key, out);
}

SilaStatus sila_history_get(SilaStore *store, const char *slug, unsigned version,
                            SilaVersion *info) {
  SilaBuf b = SILA_BUF_INIT;
  SilaStatus st = sila_history_part(store, slug, version, "info", &b);
  if (st == SILA_OK) {
    json_t *j = json_loadb(b.data, b.len, 0, NULL);
    if (json_is_object(j))
      version_from_json(info, j);
    else
      st = SILA_ERR_CORRUPT;
    json_decref(j);
  }
  sila_buf_free(&b);
  return st;
}

/* ---- audit ---- */

static pthread_mutex_t audit_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned audit_seq;

SilaStatus sila_audit(SilaStore *store, const char *event, const char *user, const char *slug,
                      const char *detail) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  pthread_mutex_lock(&audit_mu);
  unsigned seq = audit_seq++ % 1000000;
  pthread_mutex_unlock(&audit_mu);
  char key[64], when[32];
  snprintf(key, sizeof key, "%016llx-%06u",
           (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)(ts.tv_nsec / 1000),
           seq);
  utc_now(when, sizeof when);
  json_t *j = json_pack("{s:s, s:s}", "when", when, "event", event);
  if (!j)
    return SILA_ERR_NOMEM;
  if (user)
    json_object_set_new(j, "user", json_string(user));
  if (slug)
    json_object_set_new(j, "dataset", json_string(slug));
  if (detail)
    json_object_set_new(j, "detail", json_string(detail));
  return put_json(store, SILA_OPS_AUDIT, key, j);
}

static bool each_line(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  (void)key, (void)klen;
  EachCtx *e = ctx;
  char *s = strndup(val, vlen);
  if (s)
    e->line(e->ctx, s);
  free(s);
  return true;
}

SilaStatus sila_audit_list(SilaStore *store, void (*fn)(void *ctx, const char *json), void *ctx) {
  EachCtx e = {.line = fn, .ctx = ctx};
  return sila_ops_each(store, SILA_OPS_AUDIT, "", each_line, &e);
}
