/* sila_ops.h — operational records kept in the store's LMDB environment,
 * apart from the quads: accounts and offices, the history of published
 * versions, the audit log.  Each kind lives in a database of its own
 * (never in a graph, so never in a SPARQL answer or a dump).
 *
 * Every call runs its own LMDB transaction, committed before it returns;
 * so never call these while the same thread holds a write transaction of
 * the store (LMDB has one writer at a time).  Records are opaque bytes;
 * keys sort bytewise. */
#ifndef SILA_OPS_H
#define SILA_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_OPS_ACCOUNTS, /* "office/ID", "user/NAME", "owner/SLUG", "session/SHA256",
                      * "login/k/…", "login/u/HMAC", "login/a/HMAC" (sila_login_limits.c) */
  SILA_OPS_HISTORY,  /* "SLUG/NNNNNNNNNN/PART": every published version's files */
  SILA_OPS_AUDIT,    /* "TTTTTTTTTTTTTTTT-NNNNNN": one JSON line per event */
  SILA_OPS_COUNT
} SilaOpsDb;

/* Opens (creating them on a writable store) the operational databases; called by
 * sila_store_open.  On a read-only store without them, they stay absent:
 * reads find nothing, writes are SILA_ERR_DENIED. */
SilaStatus sila_ops_open(SilaStore *store);

/* Replaces the record at key. SILA_ERR_DENIED (read-only), SILA_ERR_FULL, SILA_ERR_IO. */
SilaStatus sila_ops_put(SilaStore *store, SilaOpsDb db, const char *key, const void *val,
                        size_t len);
/* Adds the record only when the key is absent: SILA_ERR_EXISTS otherwise
 * (one transaction: two callers cannot both add it). */
SilaStatus sila_ops_add(SilaStore *store, SilaOpsDb db, const char *key, const void *val,
                        size_t len);
/* Several records at once, all or none (keys[i] → vals[i] of lens[i] bytes). */
SilaStatus sila_ops_put_many(SilaStore *store, SilaOpsDb db, size_t n, const char *const *keys,
                             const void *const *vals, const size_t *lens);
/* A copy of the record into out (appended after out->len is reset to 0);
 * SILA_ERR_NOT_FOUND when absent. out->data is NUL-terminated. */
SilaStatus sila_ops_get(SilaStore *store, SilaOpsDb db, const char *key, SilaBuf *out);
/* Removes the record; SILA_OK also when it was absent. */
SilaStatus sila_ops_del(SilaStore *store, SilaOpsDb db, const char *key);
/* Calls fn for each record whose key starts with prefix, in key order;
 * fn returns false to stop.  Key and value
 * are valid only during the call. */
typedef bool (*SilaOpsEachFn)(void *ctx, const char *key, size_t klen, const void *val,
                              size_t vlen);
SilaStatus sila_ops_each(SilaStore *store, SilaOpsDb db, const char *prefix, SilaOpsEachFn fn,
                         void *ctx);

/* Replaces the record at key only when it is there (one write
 * transaction: a record removed meanwhile is not brought back).
 * SILA_ERR_NOT_FOUND when absent. */
SilaStatus sila_ops_replace(SilaStore *store, SilaOpsDb db, const char *key, const void *val,
                            size_t len);
/* Removes, in one write transaction, every record under prefix for which
 * drop returns true; *removed (may be NULL) gets how many. */
SilaStatus sila_ops_del_if(SilaStore *store, SilaOpsDb db, const char *prefix, SilaOpsEachFn drop,
                           void *ctx, size_t *removed);
/* Reads a record inside the caller's transaction (read or write; see
 * sila_store.h), so that several records are read from one snapshot:
 * *val points into the map, valid until the transaction ends or writes.
 * SILA_ERR_NOT_FOUND when absent. */
SilaStatus sila_ops_txn_get(SilaTxn *txn, SilaOpsDb db, const char *key, const void **val,
                            size_t *len);

#ifdef __cplusplus
}
#endif
#endif
