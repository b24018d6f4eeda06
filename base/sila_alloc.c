/* sila_alloc.c — the allocator with its fault-injection hook (sila_alloc.h). */
#include "sila_alloc.h"

#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Allocations left before the armed failure (0: none armed); failures
 * injected so far; whether the ones after the first fail too. */
static atomic_long countdown;
static atomic_long failures;
static atomic_bool persistent;

/* True when this allocation must fail (an armed test hook reached it). */
static bool injected_failure(void) {
  if (atomic_load_explicit(&countdown, memory_order_relaxed) == 0)
    return false;
  long left = atomic_fetch_sub(&countdown, 1);
  if (left == 1) {
    if (atomic_load(&persistent))
      atomic_store(&countdown, 1); /* stays at its last step: every call fails */
    atomic_fetch_add(&failures, 1);
    if (getenv("SILA_ALLOC_BACKTRACE")) { /* to find where a test's failure landed */
      void *frames[16];
      fprintf(stderr, "sila_alloc: injected failure at\n");
      backtrace_symbols_fd(frames, backtrace(frames, 16), STDERR_FILENO);
    }
    return true;
  }
  if (left <= 0) { /* raced past zero: disarmed meanwhile */
    atomic_store(&countdown, 0);
    return false;
  }
  return false;
}

void *sila_malloc(size_t size) { return injected_failure() ? NULL : malloc(size ? size : 1); }

void *sila_calloc(size_t count, size_t size) {
  return injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *sila_realloc(void *ptr, size_t size) {
  return injected_failure() ? NULL : realloc(ptr, size ? size : 1);
}

char *sila_strdup(const char *s) { return sila_strndup(s, strlen(s)); }

char *sila_strndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *d = sila_malloc(len + 1);
  if (d) {
    memcpy(d, s, len);
    d[len] = '\0';
  }
  return d;
}

void sila_free(void *ptr) { free(ptr); }

void sila_alloc_fail_at(long n, bool persist) {
  atomic_store(&persistent, persist);
  atomic_store(&failures, 0);
  atomic_store(&countdown, n > 0 ? n : 0);
}

long sila_alloc_failures(void) { return atomic_load(&failures); }
