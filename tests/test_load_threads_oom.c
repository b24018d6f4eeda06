/* test_load_threads_oom.c — out-of-memory fault injection (base/sila_alloc.h)
 * in a load into an empty store that uses every thread of the bulk load:
 * parser threads, the last batch's sorter, the merge's feeder and the text
 * index's thread, with their rings (small batches, chunks and ring blocks
 * through the environment, so each is reached with little data).  For
 * n = 1, 1 + stride, ... the n-th allocation fails (in a second pass,
 * every one after it too), in whichever thread makes it.  Each run must
 * end either in SILA_ERR_NOMEM with the store still empty (the threads
 * stopped and joined: the ASan run checks for leaks, TSan for races) or,
 * when the failure was absorbed (a ring that could not be had: the load's
 * thread merges by itself), with the very store of a clean load.
 *
 * SILA_OOM_STRIDE=k tries every k-th n (default 4; 1 passes too, in 40 s). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oom_driver.h"
#include "sila_load.h"
#include "test_harness.h"

static char dir[256];
static SilaStore *store;

/* Every quad as text, sorted (blank nodes too: this data has none). */
static char *fingerprint(void *ctx) {
  (void)ctx;
  return oom_store_text(store, false);
}

/* An empty store, every run. */
static void fresh_store(void *ctx) {
  (void)ctx;
  char cmd[400], path[300];
  if (store)
    sila_store_close(store);
  store = NULL;
  snprintf(cmd, sizeof cmd, "rm -rf '%s/store'", dir);
  if (system(cmd) != 0)
    abort();
  snprintf(path, sizeof path, "%s/store", dir);
  if (sila_store_open(path, SILA_STORE_CREATE, &store) != SILA_OK)
    abort();
}

static SilaStatus load(void *ctx, char **answer, SilaError *err) {
  (void)ctx, (void)answer;
  char path[300];
  snprintf(path, sizeof path, "%s/data.nq", dir);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  return sila_load_files(store, paths, 1, &opt, NULL, err);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/sila-loadoom-XXXXXX");
  if (!mkdtemp(dir))
    return 99;
  char path[300];
  snprintf(path, sizeof path, "%s/data.nq", dir);
  FILE *f = fopen(path, "w");
  if (!f)
    return 99;
  static const char *const words[] = {"fiume", "montagna", "costa", "ulivo", "porto",
                                      "castello", "ponte", "mercato"};
  for (int i = 0; i < 1500; i++) {
    int k = (i * 7919) % 1500;
    fprintf(f, "<http://ex.org/s%d> <http://ex.org/p%d> \"%s e %s %d\"@it <http://ex.org/g%d> .\n",
            k % 400, k % 7, words[k % 8], words[(k / 8) % 8], k % 300, k % 3);
    fprintf(f, "<http://ex.org/s%d> <http://ex.org/n> \"%d\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            k % 400, k);
  }
  if (fclose(f) != 0)
    return 99;
  setenv("SILA_LOAD_THREADS", "2", 1);
  setenv("SILA_LOAD_CHUNK", "20000", 1);
  setenv("SILA_BULK_BATCH", "500", 1);
  setenv("SILA_TEXT_BATCH", "300", 1);
  setenv("SILA_BULK_RING", "8", 1);

  /* a clean load loads something */
  fresh_store(NULL);
  char *empty = fingerprint(NULL);
  SilaError err = {0};
  CHECK_INT(SILA_OK, load(NULL, NULL, &err));
  char *reference = fingerprint(NULL);
  CHECK(strlen(reference) > strlen(empty) + 1000);
  free(empty);
  free(reference);

  const OomOp op = {"load with threads", load, fingerprint, fresh_store, NULL, true, NULL};
  long stride = oom_stride(4);
  for (int persist = 0; persist < 2; persist++)
    CHECK_INT(0, oom_inject(&op, persist, stride));
  sila_store_close(store);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    return 99;
  return TEST_REPORT();
}
