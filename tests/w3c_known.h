/* w3c_known.h — the known-failure lists of the conformance runners
 * (tests/known-failures/NAME.txt).
 *
 * A list names one test (its id or IRI) a line, then white space and
 * "# reason"; lines that start with '#' and empty lines are comments.  Ids
 * may hold '#' themselves: only white space ends them. */
#ifndef SILA_TEST_W3C_KNOWN_H
#define SILA_TEST_W3C_KNOWN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
  char **ids;  /* owned */
  bool *seen;  /* per id, for the runner to mark (e.g. "listed but passed") */
  size_t n;
} KnownFailures;

/* Adds the ids listed in the file at `path` to `k` (zeroed, or filled by an
 * earlier call); a file that cannot be opened adds none. */
void known_failures_load(KnownFailures *k, const char *path);

/* The index of `id` in `k`, or -1. */
long known_failures_find(const KnownFailures *k, const char *id);

/* True when `id` is listed. */
bool known_failures_has(const KnownFailures *k, const char *id);

/* Frees what `k` holds and zeroes it; safe on a zeroed list. */
void known_failures_free(KnownFailures *k);

/* A runner's outcomes against its known failures.  Zero-initialise, then
 * known_failures_load(&t.known, …); known_failures_free(&t.known) at the end. */
typedef struct {
  KnownFailures known;
  int passed, failed, known_failed, fixed;
  bool verbose; /* a line for every test, not only FAIL and FIXED */
} KnownTally;

/* Counts the outcome of test `id` (why: what failed) and prints "FAIL id:
 * why" for a failure not listed, "FIXED id" for a listed test that passes
 * (marked seen in t->known), and with verbose "ok id" / "known id: why". */
void known_tally_report(KnownTally *t, const char *id, bool ok, const char *why);
/* Prints "known failures: N (listed M)" and "P passed, F failed" (known
 * failures counted as failed). */
void known_tally_summary(const KnownTally *t);

#endif
