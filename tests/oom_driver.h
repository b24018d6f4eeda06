/* oom_driver.h — out-of-memory fault injection (base/sila_alloc.h) as
 * SQLite tests it, for the tests that drive it (test_oom.c,
 * test_load_threads_oom.c): for n = from, from + stride, ... the n-th
 * allocation of an operation fails (with `persist`, every one after it
 * too), until a run no longer reaches n.  Each run that fails must end in
 * SILA_ERR_NOMEM and leave the store as it was; a run that says OK (the
 * failure absorbed: a cache, a fallback) must give the answer and the store
 * of a clean run.  What differs is printed on stderr; a line on stdout per
 * operation says how many runs there were.
 *
 * Environment: SILA_OOM_STRIDE=k tries every k-th n (oom_stride);
 * SILA_OOM_OP=name runs only that operation; SILA_OOM_FROM=n starts there
 * (with SILA_ALLOC_BACKTRACE=1, to see where an allocation that
 * misbehaves is made). */
#ifndef SILA_TEST_OOM_DRIVER_H
#define SILA_TEST_OOM_DRIVER_H

#include <stdbool.h>

#include "sila_store.h"

typedef struct {
  const char *name; /* in the summary line, and what SILA_OOM_OP names */
  /* The operation.  *answer: its result as malloc'd text (NULL: none to
   * compare); err: what went wrong, printed when the status is not NOMEM. */
  SilaStatus (*run)(void *ctx, char **answer, SilaError *err);
  /* The store's whole content as malloc'd text, with injection off. */
  char *(*fingerprint)(void *ctx);
  /* Before every run, the reference one included: the store as the
   * operation expects it (NULL: as it is). */
  void (*prepare)(void *ctx);
  /* After a run that wrote, and after a failed run that changed the store:
   * the store as it was before (NULL: nothing; prepare does it). */
  void (*restore)(void *ctx);
  bool writes; /* the operation changes the store when it succeeds */
  void *ctx;
} OomOp;

/* SILA_OOM_STRIDE when set to a positive number, else `dflt`. */
long oom_stride(long dflt);
/* Runs op once without failures (it must succeed: the reference answer
 * and store), then with the n-th allocation failing for every n as above.
 * Returns how many checks failed (0: all well), for the caller's
 * CHECK_INT(0, …): test_harness.h counts per test program file. */
int oom_inject(const OomOp *op, bool persist, long stride);
/* Every quad of store as text, one a line in SPARQL's order of ?s ?p ?o
 * ?g; blank nodes written as nothing when hide_blanks (their labels change
 * from load to load).  malloc'd; aborts when it cannot (call it with
 * injection off). */
char *oom_store_text(SilaStore *store, bool hide_blanks);

#endif
