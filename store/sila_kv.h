/* sila_kv.h — a small operational key/value table in the store's LMDB
 * environment (the named tree "ops"), for what the programme keeps beside
 * the RDF: data requests, daily usage aggregates, the quality history.
 *
 * Keys are 1..SILA_KV_KEY_MAX bytes of text, values any bytes.  Writes go
 * in the caller's write transaction (committed or dropped with it); reads
 * in any transaction.  A store opened read-only before the tree existed
 * reads it as empty. */
#ifndef SILA_KV_H
#define SILA_KV_H

#include <stddef.h>

#include "sila_store.h"

#define SILA_KV_KEY_MAX 400

/* Replaces the value of `key`.  SILA_ERR_INVALID (read transaction, bad
 * key), SILA_ERR_FULL, SILA_ERR_IO. */
SilaStatus sila_kv_put(SilaTxn *txn, const char *key, const void *val, size_t len);
/* *val points into the map, valid until the transaction ends or writes
 * again.  SILA_ERR_NOT_FOUND when absent. */
SilaStatus sila_kv_get(SilaTxn *txn, const char *key, const void **val, size_t *len);
/* SILA_OK removed, SILA_ERR_NOT_FOUND absent. */
SilaStatus sila_kv_del(SilaTxn *txn, const char *key);

/* Calls visit for each key starting with `prefix`, in byte order; visit
 * returns 0 to go on, non-zero to stop.  Key and value are valid for the
 * call only (the key is not NUL-terminated). */
typedef int (*SilaKvVisit)(void *ctx, const char *key, size_t klen, const void *val, size_t vlen);
SilaStatus sila_kv_scan(SilaTxn *txn, const char *prefix, SilaKvVisit visit, void *ctx);

#endif
