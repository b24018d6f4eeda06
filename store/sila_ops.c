/* sila_ops.c — operational records in named LMDB databases of the store's
 * environment (see sila_ops.h). */
#include <stdlib.h>
#include <string.h>

#include "prefix_cursor.h"
#include "store_internal.h"

static const char *const ops_name[SILA_OPS_COUNT] = {"ops.accounts", "ops.history",
                                                     "ops.audit"};

/* Opens the databases in a read transaction when they all exist (so that
 * opening a store never waits for another process's writer), else creates
 * them in a write transaction (a writable store's first open). */
static SilaStatus open_dbis(SilaStore *s, bool create, bool *missing) {
  MDB_txn *txn;
  *missing = false;
  int rc = mdb_txn_begin(s->env, NULL, create ? 0 : MDB_RDONLY, &txn);
  if (rc)
    return sila_mdb_status(rc);
  for (int i = 0; i < SILA_OPS_COUNT; i++) {
    rc = mdb_dbi_open(txn, ops_name[i], create ? MDB_CREATE : 0, &s->ops[i]);
    if (rc == MDB_NOTFOUND && !create) {
      *missing = true;
      continue;
    }
    if (rc) {
      mdb_txn_abort(txn);
      return sila_mdb_status(rc);
    }
    s->ops_present[i] = true;
  }
  return sila_mdb_status(mdb_txn_commit(txn));
}

SilaStatus sila_ops_open(SilaStore *s) {
  bool missing;
  SilaStatus st = open_dbis(s, false, &missing);
  if (st == SILA_OK && missing && !s->readonly)
    st = open_dbis(s, true, &missing);
  return st;
}

static int begin(SilaStore *s, bool write, MDB_txn **txn) {
  int rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, txn);
  if (rc == MDB_MAP_RESIZED) {
    mdb_env_set_mapsize(s->env, 0);
    rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY, txn);
  }
  return rc;
}

static SilaStatus put_many(SilaStore *s, SilaOpsDb db, size_t n, const char *const *keys,
                           const void *const *vals, const size_t *lens, unsigned flags) {
  if ((unsigned)db >= SILA_OPS_COUNT)
    return SILA_ERR_INVALID;
  if (s->readonly || !s->ops_present[db])
    return SILA_ERR_DENIED;
  MDB_txn *txn;
  int rc = begin(s, true, &txn);
  if (rc)
    return sila_mdb_status(rc);
  for (size_t i = 0; i < n && !rc; i++) {
    size_t kl = strlen(keys[i]);
    if (!kl || kl > 500) {
      mdb_txn_abort(txn);
      return SILA_ERR_INVALID;
    }
    MDB_val k = {kl, (void *)keys[i]}, v = {lens[i], (void *)vals[i]};
    rc = mdb_put(txn, s->ops[db], &k, &v, flags);
  }
  if (rc) {
    mdb_txn_abort(txn);
    return rc == MDB_KEYEXIST ? SILA_ERR_EXISTS : sila_mdb_status(rc);
  }
  return sila_mdb_status(mdb_txn_commit(txn));
}

SilaStatus sila_ops_put_many(SilaStore *s, SilaOpsDb db, size_t n, const char *const *keys,
                             const void *const *vals, const size_t *lens) {
  return put_many(s, db, n, keys, vals, lens, 0);
}

SilaStatus sila_ops_add(SilaStore *s, SilaOpsDb db, const char *key, const void *val,
                        size_t len) {
  return put_many(s, db, 1, &key, &val, &len, MDB_NOOVERWRITE);
}

SilaStatus sila_ops_put(SilaStore *s, SilaOpsDb db, const char *key, const void *val,
                        size_t len) {
  return sila_ops_put_many(s, db, 1, &key, &val, &len);
}

SilaStatus sila_ops_get(SilaStore *s, SilaOpsDb db, const char *key, SilaBuf *out) {
  out->len = 0;
  if ((unsigned)db >= SILA_OPS_COUNT || !*key)
    return SILA_ERR_INVALID;
  if (!s->ops_present[db])
    return SILA_ERR_NOT_FOUND;
  MDB_txn *txn;
  int rc = begin(s, false, &txn);
  if (rc)
    return sila_mdb_status(rc);
  MDB_val k = {strlen(key), (void *)key}, v;
  rc = mdb_get(txn, s->ops[db], &k, &v);
  SilaStatus st = sila_mdb_status(rc);
  if (!rc && (sila_buf_reserve(out, v.mv_size + 1) != 0))
    st = SILA_ERR_NOMEM;
  else if (!rc) {
    memcpy(out->data, v.mv_data, v.mv_size);
    out->len = v.mv_size;
    out->data[out->len] = 0;
  }
  mdb_txn_abort(txn);
  return st;
}

SilaStatus sila_ops_del(SilaStore *s, SilaOpsDb db, const char *key) {
  if ((unsigned)db >= SILA_OPS_COUNT || !*key)
    return SILA_ERR_INVALID;
  if (s->readonly || !s->ops_present[db])
    return SILA_ERR_DENIED;
  MDB_txn *txn;
  int rc = begin(s, true, &txn);
  if (rc)
    return sila_mdb_status(rc);
  MDB_val k = {strlen(key), (void *)key};
  rc = mdb_del(txn, s->ops[db], &k, NULL);
  if (rc && rc != MDB_NOTFOUND) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  return sila_mdb_status(mdb_txn_commit(txn));
}

SilaStatus sila_ops_each(SilaStore *s, SilaOpsDb db, const char *prefix, SilaOpsEachFn fn,
                         void *ctx) {
  if ((unsigned)db >= SILA_OPS_COUNT)
    return SILA_ERR_INVALID;
  if (!s->ops_present[db])
    return SILA_OK;
  MDB_txn *txn;
  int rc = begin(s, false, &txn);
  if (rc)
    return sila_mdb_status(rc);
  SilaPrefixCursor pc;
  rc = sila_prefix_cursor_open(&pc, txn, s->ops[db], prefix);
  if (rc) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  for (; sila_prefix_cursor_on(&pc); sila_prefix_cursor_next(&pc))
    if (!fn(ctx, pc.key.mv_data, pc.key.mv_size, pc.val.mv_data, pc.val.mv_size))
      break;
  SilaStatus st = sila_prefix_cursor_close(&pc);
  mdb_txn_abort(txn);
  return st;
}

SilaStatus sila_ops_replace(SilaStore *s, SilaOpsDb db, const char *key, const void *val,
                            size_t len) {
  if ((unsigned)db >= SILA_OPS_COUNT || !*key || strlen(key) > 500)
    return SILA_ERR_INVALID;
  if (s->readonly || !s->ops_present[db])
    return SILA_ERR_DENIED;
  MDB_txn *txn;
  int rc = begin(s, true, &txn);
  if (rc)
    return sila_mdb_status(rc);
  MDB_val k = {strlen(key), (void *)key}, old, v = {len, (void *)val};
  rc = mdb_get(txn, s->ops[db], &k, &old);
  if (!rc)
    rc = mdb_put(txn, s->ops[db], &k, &v, 0);
  if (rc) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  return sila_mdb_status(mdb_txn_commit(txn));
}

SilaStatus sila_ops_del_if(SilaStore *s, SilaOpsDb db, const char *prefix, SilaOpsEachFn drop,
                           void *ctx, size_t *removed) {
  if (removed)
    *removed = 0;
  if ((unsigned)db >= SILA_OPS_COUNT)
    return SILA_ERR_INVALID;
  if (!s->ops_present[db])
    return SILA_OK;
  if (s->readonly)
    return SILA_ERR_DENIED;
  MDB_txn *txn;
  int rc = begin(s, true, &txn);
  if (rc)
    return sila_mdb_status(rc);
  SilaPrefixCursor pc;
  rc = sila_prefix_cursor_open(&pc, txn, s->ops[db], prefix);
  if (rc) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  size_t n = 0;
  for (; sila_prefix_cursor_on(&pc); sila_prefix_cursor_next(&pc)) {
    if (drop(ctx, pc.key.mv_data, pc.key.mv_size, pc.val.mv_data, pc.val.mv_size)) {
      if (!sila_prefix_cursor_del(&pc))
        break;
      n++;
    }
  }
  SilaStatus st = sila_prefix_cursor_close(&pc);
  if (st != SILA_OK) {
    mdb_txn_abort(txn);
    return st;
  }
  if (removed)
    *removed = n;
  return sila_mdb_status(mdb_txn_commit(txn));
}

SilaStatus sila_ops_txn_get(SilaTxn *txn, SilaOpsDb db, const char *key, const void **val,
                            size_t *len) {
  if ((unsigned)db >= SILA_OPS_COUNT || !*key)
    return SILA_ERR_INVALID;
  if (!txn->store->ops_present[db])
    return SILA_ERR_NOT_FOUND;
  MDB_val k = {strlen(key), (void *)key}, v;
  int rc = mdb_get(txn->txn, txn->store->ops[db], &k, &v);
  if (rc)
    return sila_mdb_status(rc);
  *val = v.mv_data;
  *len = v.mv_size;
  return SILA_OK;
}
