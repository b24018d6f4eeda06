/* prefix_cursor.h — walking the records of an LMDB database whose keys
 * start with a prefix, in key order; not a public header.
 *
 *   SilaPrefixCursor pc;
 *   int rc = sila_prefix_cursor_open(&pc, txn, dbi, prefix);
 *   if (rc) ... (no cursor: nothing to close)
 *   for (; sila_prefix_cursor_on(&pc); sila_prefix_cursor_next(&pc))
 *     ... pc.key, pc.val ...
 *   SilaStatus st = sila_prefix_cursor_close(&pc);
 *
 * pc.key and pc.val point into the transaction's pages: valid until the
 * next move, a write, or the end of the transaction. */
#ifndef SILA_PREFIX_CURSOR_H
#define SILA_PREFIX_CURSOR_H

#include <lmdb.h>
#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"

typedef struct {
  MDB_cursor *cur;
  const char *prefix; /* borrowed: must outlive the cursor */
  size_t plen;
  MDB_val key, val; /* the current record while sila_prefix_cursor_on() */
  int rc;           /* 0, MDB_NOTFOUND at the end, or the LMDB error that stopped the walk */
} SilaPrefixCursor;

/* Opens a cursor on `dbi` in `txn` on the first record whose key starts
 * with `prefix` (NULL or "": the first record).  Returns the LMDB error of
 * opening the cursor (then there is nothing to close), else 0. */
int sila_prefix_cursor_open(SilaPrefixCursor *pc, MDB_txn *txn, MDB_dbi dbi, const char *prefix);

/* True while the cursor is on a record whose key starts with the prefix. */
bool sila_prefix_cursor_on(const SilaPrefixCursor *pc);

/* To the next record (after sila_prefix_cursor_del: the one that followed
 * the deleted record). */
void sila_prefix_cursor_next(SilaPrefixCursor *pc);

/* Deletes the current record (a write transaction); false, with the error
 * kept for sila_prefix_cursor_close, when LMDB refuses. */
bool sila_prefix_cursor_del(SilaPrefixCursor *pc);

/* Closes the cursor: SILA_OK when the walk ended or was left early, else
 * the status of the LMDB error that stopped it. */
SilaStatus sila_prefix_cursor_close(SilaPrefixCursor *pc);

#endif
