/* test_bulk_stats.c — the per-predicate statistics that the bulk loader's
 * merge counts (store/sila_bulk_stats.c) must be the store's exact counts,
 * the same as a one-batch load (whose refresh at commit counts them).
 *
 * The data uses a predicate IRI as an object too, in a named graph and in
 * the default graph: the merge of the object-first and graph-first indexes,
 * which are not counted, once credited those quads to the last counted
 * index's predicate (an object or graph ID read as a predicate), giving a
 * wrong distinct-object count and a table of every object ID in memory
 * (134 MB at 10 M quads). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_load.h"
#include "sila_store.h"
#include "test_harness.h"

#define EX "http://ex.org/"

static const char *data =
    /* named graph: p has 2 quads, 2 subjects, 2 objects; q has 3, 3, 1 */
    "<" EX "s1> <" EX "p> <" EX "o1> <" EX "g> .\n"
    "<" EX "s2> <" EX "p> <" EX "o2> <" EX "g> .\n"
    "<" EX "s3> <" EX "q> <" EX "p> <" EX "g> .\n"
    "<" EX "s4> <" EX "q> <" EX "p> <" EX "g> .\n"
    "<" EX "s5> <" EX "q> <" EX "p> <" EX "g> .\n"
    /* default graph: r has 3 quads, 1 subject, 3 objects; t has 2, 2, 1 */
    "<" EX "s6> <" EX "r> <" EX "o1> .\n"
    "<" EX "s6> <" EX "r> <" EX "o2> .\n"
    "<" EX "s6> <" EX "r> <" EX "o3> .\n"
    "<" EX "s7> <" EX "t> <" EX "r> .\n"
    "<" EX "s8> <" EX "t> <" EX "r> .\n";

typedef struct {
  const char *p;
  long quads, subjects, objects;
} Expect;

static const Expect expect[] = {
    {EX "p", 2, 2, 2},
    {EX "q", 3, 3, 1},
    {EX "r", 3, 1, 3},
    {EX "t", 2, 2, 1},
};

static void check_store(const char *dir, const char *file, const char *batch) {
  if (batch)
    setenv("SILA_BULK_BATCH", batch, 1);
  else
    unsetenv("SILA_BULK_BATCH");
  SilaStore *store = NULL;
  CHECK(sila_store_open(dir, SILA_STORE_CREATE, &store) == SILA_OK);
  if (!store)
    return;
  const char *paths[] = {file};
  SilaLoadOptions opt = {0};
  SilaError err = {0};
  CHECK(sila_load_files(store, paths, 1, &opt, NULL, &err) == SILA_OK);
  SilaTxn *txn = NULL;
  CHECK(sila_txn_begin_read(store, &txn) == SILA_OK);
  for (size_t i = 0; txn && i < sizeof expect / sizeof expect[0]; i++) {
    SilaId p = 0;
    SilaTerm t = sila_term_iri(expect[i].p);
    CHECK(sila_txn_lookup(txn, &t, &p) == SILA_OK);
    SilaPredicateStats ps;
    CHECK(sila_txn_predicate_stats(txn, p, &ps) == SILA_OK);
    fprintf(stderr, "%s batch %s: %s quads %llu subjects %llu objects %llu\n", dir,
            batch ? batch : "one", expect[i].p, (unsigned long long)ps.quads,
            (unsigned long long)ps.distinct_subjects, (unsigned long long)ps.distinct_objects);
    CHECK_INT(expect[i].quads, ps.quads);
    CHECK_INT(expect[i].subjects, ps.distinct_subjects);
    CHECK_INT(expect[i].objects, ps.distinct_objects);
  }
  sila_txn_abort(txn);
  sila_store_close(store);
}

int main(void) {
  char dir[] = "/tmp/sila-bulkstats.XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  char file[256], one[256], many[256];
  snprintf(file, sizeof file, "%s/data.nq", dir);
  snprintf(one, sizeof one, "%s/one", dir);
  snprintf(many, sizeof many, "%s/many", dir);
  FILE *f = fopen(file, "w");
  if (!f)
    return 1;
  fputs(data, f);
  fclose(f);
  check_store(one, file, NULL);  /* one batch: counted by the refresh */
  check_store(many, file, "2"); /* batches of 2: merged runs, counted by the merge */
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  return TEST_REPORT();
}
