/* bench_query.h — what the in-process query benchmarks share (sila-qbench,
 * sila-mixcpu): reading a query file and running a query once. */
#ifndef SILA_BENCH_QUERY_H
#define SILA_BENCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_exec.h"

/* qsort order of doubles, smallest first. */
int bench_cmp_double(const void *a, const void *b);

/* The whole file at `path`, NUL-terminated, its length in *len (may be
 * NULL); NULL when it cannot be read.  The caller frees it. */
char *bench_slurp(const char *path, size_t *len);

/* Parses, plans and runs the query once in its own read transaction,
 * decoding every result term (no serialisation): the rows (ASK: 0 or 1),
 * or -1 on an error, which is printed on stderr. */
long bench_run_once(SilaStore *store, const char *text, size_t len, bool union_default_graph);

#endif
