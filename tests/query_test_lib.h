/* query_test_lib.h — running a query in process for the engine's tests
 * (test_exec, test_range_exec, test_hash_level, test_topk): one helper
 * instead of a near-identical copy in each. */
#ifndef QUERY_TEST_LIB_H
#define QUERY_TEST_LIB_H

#include "sila_query_run.h"

enum {
  QT_EXPLAIN = 1 << 0,      /* EXPLAIN's text in out instead of the rows */
  QT_ANALYZE = 1 << 1,      /* with QT_EXPLAIN: EXPLAIN ANALYZE (the query runs) */
  QT_DATATYPES = 1 << 2,    /* each cell: its text, then its datatype IRI */
  QT_FIRST_COLUMN = 1 << 3, /* only the first column of each row */
};

/* Runs the SELECT `text` on a read transaction of `store` with `opt`.
 * Without QT_EXPLAIN, each row is one line of out (may be NULL: only
 * counted), its cells' text followed by a tab (QT_FIRST_COLUMN: the first
 * cell alone, no tab).  Returns the number of rows (0 for EXPLAIN), or
 * -1000 when the query does not parse (the message on stderr), -1001 when
 * it cannot open, -1002 when EXPLAIN fails, a negative SilaStatus when a
 * row fails. */
long qt_run(SilaStore *store, const char *text, const SilaExecOptions *opt, SilaBuf *out,
            unsigned flags);

#endif
