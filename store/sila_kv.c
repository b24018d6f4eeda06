/* sila_kv.c — the operational key/value tree (see sila_kv.h). */
#include <string.h>

#include "prefix_cursor.h"
#include "sila_kv.h"
#include "store_internal.h"

/* Opened with the store (sila_store.c): created on a writable open, looked
 * up on a read-only one (absent = empty). */
SilaStatus sila_kv_open(SilaStore *s) {
  MDB_txn *t;
  int rc = mdb_txn_begin(s->env, NULL, s->readonly ? MDB_RDONLY : 0, &t);
  if (rc)
    return sila_mdb_status(rc);
  rc = mdb_dbi_open(t, "ops.kv", s->readonly ? 0 : MDB_CREATE, &s->kv);
  if (rc == MDB_NOTFOUND) {
    mdb_txn_abort(t);
    s->kv_on = false;
    return SILA_OK;
  }
  if (rc) {
    mdb_txn_abort(t);
    return sila_mdb_status(rc);
  }
  rc = mdb_txn_commit(t);
  s->kv_on = rc == 0;
  return sila_mdb_status(rc);
}

static bool key_ok(const char *key) {
  size_t n = key ? strlen(key) : 0;
  return n > 0 && n <= SILA_KV_KEY_MAX;
}

SilaStatus sila_kv_put(SilaTxn *txn, const char *key, const void *val, size_t len) {
  if (!txn->write || !key_ok(key) || !txn->store->kv_on)
    return SILA_ERR_INVALID;
  MDB_val k = {strlen(key), (void *)key}, v = {len, (void *)val};
  return sila_mdb_status(mdb_put(txn->txn, txn->store->kv, &k, &v, 0));
}

SilaStatus sila_kv_get(SilaTxn *txn, const char *key, const void **val, size_t *len) {
  if (!key_ok(key) || !txn->store->kv_on)
    return SILA_ERR_NOT_FOUND;
  MDB_val k = {strlen(key), (void *)key}, v;
  int rc = mdb_get(txn->txn, txn->store->kv, &k, &v);
  if (rc)
    return sila_mdb_status(rc);
  *val = v.mv_data;
  *len = v.mv_size;
  return SILA_OK;
}

SilaStatus sila_kv_del(SilaTxn *txn, const char *key) {
  if (!txn->write || !key_ok(key) || !txn->store->kv_on)
    return SILA_ERR_INVALID;
  MDB_val k = {strlen(key), (void *)key};
  return sila_mdb_status(mdb_del(txn->txn, txn->store->kv, &k, NULL));
}

SilaStatus sila_kv_scan(SilaTxn *txn, const char *prefix, SilaKvVisit visit, void *ctx) {
  if (!txn->store->kv_on)
    return SILA_OK;
  SilaPrefixCursor pc;
  int rc = sila_prefix_cursor_open(&pc, txn->txn, txn->store->kv, prefix);
  if (rc)
    return sila_mdb_status(rc);
  for (; sila_prefix_cursor_on(&pc); sila_prefix_cursor_next(&pc))
    if (visit(ctx, pc.key.mv_data, pc.key.mv_size, pc.val.mv_data, pc.val.mv_size))
      break;
  return sila_prefix_cursor_close(&pc);
}
