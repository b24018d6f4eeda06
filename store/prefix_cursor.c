/* prefix_cursor.c — the records of an LMDB database under a key prefix
 * (see prefix_cursor.h). */
#include "prefix_cursor.h"

#include <string.h>

#include "store_internal.h"

int sila_prefix_cursor_open(SilaPrefixCursor *pc, MDB_txn *txn, MDB_dbi dbi, const char *prefix) {
  memset(pc, 0, sizeof *pc);
  pc->prefix = prefix ? prefix : "";
  pc->plen = strlen(pc->prefix);
  int rc = mdb_cursor_open(txn, dbi, &pc->cur);
  if (rc)
    return rc;
  pc->key = (MDB_val){pc->plen, (void *)pc->prefix};
  pc->rc = mdb_cursor_get(pc->cur, &pc->key, &pc->val, pc->plen ? MDB_SET_RANGE : MDB_FIRST);
  return 0;
}

bool sila_prefix_cursor_on(const SilaPrefixCursor *pc) {
  return !pc->rc && pc->key.mv_size >= pc->plen && !memcmp(pc->key.mv_data, pc->prefix, pc->plen);
}

void sila_prefix_cursor_next(SilaPrefixCursor *pc) {
  if (!pc->rc)
    pc->rc = mdb_cursor_get(pc->cur, &pc->key, &pc->val, MDB_NEXT);
}

bool sila_prefix_cursor_del(SilaPrefixCursor *pc) {
  pc->rc = mdb_cursor_del(pc->cur, 0);
  return !pc->rc;
}

SilaStatus sila_prefix_cursor_close(SilaPrefixCursor *pc) {
  mdb_cursor_close(pc->cur);
  pc->cur = NULL;
  return pc->rc && pc->rc != MDB_NOTFOUND ? sila_mdb_status(pc->rc) : SILA_OK;
}
