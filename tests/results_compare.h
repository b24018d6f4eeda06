/* results_compare.h — comparing SPARQL result sets in tests (the results
 * unit tests and the W3C query runner).
 *
 * Two SELECT results are equal when they have the same variables (in any
 * order) and their solutions are equal as multisets, where blank nodes may
 * be renamed by one consistent bijection across the whole result set
 * (found by backtracking).  ASK results are equal when both are ASK
 * results with the same value.
 */
#ifndef SILA_TESTS_RESULTS_COMPARE_H
#define SILA_TESTS_RESULTS_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_results.h"

enum {
  /* Solutions must appear in the same order (queries with ORDER BY).  The
   * blank-node bijection must still be consistent. */
  RESULTS_CMP_ORDERED = 1u << 0,
  /* Compare only what the CSV format keeps: non-blank terms are equal when
   * their strings (IRI text or lexical form) are equal, whatever their
   * kind, datatype or language tag; blank nodes still map one to one.
   * For comparing against results read from CSV. */
  RESULTS_CMP_LEXICAL = 1u << 1,
};

/* Blank-node matching gives up (and reports "not equal") after this many
 * candidate tries, so a pathological input cannot hang a test run. */
#define RESULTS_CMP_MAX_STEPS 10000000UL

/* True when `expected` and `actual` are equal under `flags`.  When they
 * differ and `why` is not NULL, a one-line reason (with the first
 * unmatched solution in N-Triples syntax) is written there, NUL-terminated
 * and truncated to why_size.  Allocation failure counts as "not equal"
 * with the reason "out of memory". */
bool results_compare(const SilaResultSet *expected, const SilaResultSet *actual, unsigned flags,
                     char *why, size_t why_size);

#endif
