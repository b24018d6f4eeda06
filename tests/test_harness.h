/* test_harness.h — a tiny assert harness for unit tests.
 *
 * CHECK(cond) records a failure with file:line and goes on; the CHECK_*
 * forms print expected and actual values.  A test program ends with
 * `return TEST_REPORT();`, which prints "N passed, M failed" and returns
 * the exit status automake expects (0 ok, 1 failure). */
#ifndef SILA_TEST_HARNESS_H
#define SILA_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int test_passed_, test_failed_;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (cond) {                                                                  \
      test_passed_++;                                                            \
    } else {                                                                     \
      test_failed_++;                                                            \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
    }                                                                            \
  } while (0)

#define CHECK_INT(expected, actual)                                              \
  do {                                                                           \
    long long e_ = (long long)(expected), a_ = (long long)(actual);              \
    if (e_ == a_) {                                                              \
      test_passed_++;                                                            \
    } else {                                                                     \
      test_failed_++;                                                            \
      fprintf(stderr, "%s:%d: %s: expected %lld, got %lld\n", __FILE__, __LINE__, \
              #actual, e_, a_);                                                  \
    }                                                                            \
  } while (0)

#define CHECK_STR(expected, actual)                                              \
  do {                                                                           \
    const char *e_ = (expected), *a_ = (actual);                                 \
    if (e_ && a_ && strcmp(e_, a_) == 0) {                                       \
      test_passed_++;                                                            \
    } else {                                                                     \
      test_failed_++;                                                            \
      fprintf(stderr, "%s:%d: %s: expected \"%s\", got \"%s\"\n", __FILE__,      \
              __LINE__, #actual, e_ ? e_ : "(null)", a_ ? a_ : "(null)");        \
    }                                                                            \
  } while (0)

#define TEST_REPORT()                                                            \
  (printf("%d passed, %d failed\n", test_passed_, test_failed_), test_failed_ ? 1 : 0)

#endif
