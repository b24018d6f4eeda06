/* sila_alloc.h — the one allocator of the base, the store, the RDF loaders and the
 * SPARQL engine, and its fault injection.
 *
 * Policy: library code never aborts on out-of-memory.  Every allocation
 * goes through these functions; a NULL result becomes SILA_ERR_NOMEM,
 * passed up like any other error, and the operation leaves the store as it
 * was (a write transaction is aborted, not committed).  Memory from them is
 * released with free() (sila_free is free, for symmetry).
 *
 * Fault injection (tests only): sila_alloc_fail_at(n) makes the n-th
 * allocation from now fail (and, with `persist`, every one after it), as
 * SQLite's test harness does; a test runs an operation for n = 1, 2, ...
 * until it completes without reaching n, and checks that every failure
 * ended in a clean error, no leak and an unchanged store.  When no failure
 * is armed the cost is one relaxed atomic load per allocation.
 * The counters are process-wide (atomic): arm them only in single-purpose
 * test programs. */
#ifndef SILA_ALLOC_H
#define SILA_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *sila_malloc(size_t size);
void *sila_calloc(size_t count, size_t size);
void *sila_realloc(void *ptr, size_t size);
char *sila_strdup(const char *s);
char *sila_strndup(const char *s, size_t n);
void sila_free(void *ptr);

/* Arms the n-th allocation from now to fail (n >= 1); with `persist`, the
 * ones after it fail too.  n == 0 disarms. */
void sila_alloc_fail_at(long n, bool persist);
/* How many allocations failed by injection since the last sila_alloc_fail_at. */
long sila_alloc_failures(void);

#ifdef __cplusplus
}
#endif
#endif
