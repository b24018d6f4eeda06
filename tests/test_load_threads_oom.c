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

#include "sila_alloc.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "test_harness.h"

static char dir[256];

/* Every quad as text, sorted, and the answer of a full-text search. */
static char *fingerprint(SilaStore *store) {
  const char *q = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
                  " ORDER BY ?s ?p ?o ?g";
  SilaQuery *query = NULL;
  SilaTxn *txn = NULL;
  SilaExec *ex = NULL;
  SilaExecOptions opt = {0};
  SilaBuf out = SILA_BUF_INIT;
  if (sila_sparql_parse_query(q, strlen(q), NULL, &query, NULL) != SILA_OK ||
      sila_txn_begin_read(store, &txn) != SILA_OK ||
      sila_exec_open(txn, query, &opt, &ex, NULL) != SILA_OK)
    abort();
  const SilaTerm *const *row;
  while (sila_exec_next(ex, &row) == 1) {
    for (int i = 0; i < 4; i++) {
      if (row[i])
        sila_buf_put_term_nt(&out, row[i]);
      sila_buf_putc(&out, ' ');
    }
    sila_buf_putc(&out, '\n');
  }
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(query);
  if (sila_buf_failed(&out))
    abort();
  return out.data ? out.data : strdup("");
}

static SilaStore *fresh_store(void) {
  char cmd[400], path[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s/store'", dir);
  if (system(cmd) != 0)
    abort();
  snprintf(path, sizeof path, "%s/store", dir);
  SilaStore *s = NULL;
  if (sila_store_open(path, SILA_STORE_CREATE, &s) != SILA_OK)
    abort();
  return s;
}

static SilaStatus load(SilaStore *store) {
  char path[300];
  snprintf(path, sizeof path, "%s/data.nq", dir);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  SilaError err = {0};
  return sila_load_files(store, paths, 1, &opt, NULL, &err);
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

  SilaStore *store = fresh_store();
  char *empty = fingerprint(store);
  CHECK_INT(SILA_OK, load(store));
  char *reference = fingerprint(store);
  CHECK(strlen(reference) > strlen(empty) + 1000);
  sila_store_close(store);

  const char *s = getenv("SILA_OOM_STRIDE");
  long stride = s && atol(s) > 0 ? atol(s) : 4;
  for (int persist = 0; persist < 2; persist++) {
    long runs = 0, failed = 0;
    for (long n = 1;; n += stride) {
      store = fresh_store();
      sila_alloc_fail_at(n, persist);
      SilaStatus st = load(store);
      long failures = sila_alloc_failures();
      sila_alloc_fail_at(0, false);
      char *now = fingerprint(store);
      runs++;
      bool done = failures == 0;
      if (st == SILA_OK) {
        if (strcmp(reference, now) != 0)
          fprintf(stderr, "allocation %ld failed: the load said OK, the store differs\n", n);
        CHECK_STR(reference, now);
      } else {
        failed++;
        if (st != SILA_ERR_NOMEM)
          fprintf(stderr, "allocation %ld failed: status %s\n", n, sila_strerror(st));
        CHECK_INT(SILA_ERR_NOMEM, st);
        if (strcmp(empty, now) != 0)
          fprintf(stderr, "allocation %ld failed and the store changed\n", n);
        CHECK_STR(empty, now);
      }
      free(now);
      sila_store_close(store);
      if (done)
        break;
    }
    printf("load with threads%s: %ld runs, %ld ended in SILA_ERR_NOMEM\n",
           persist ? " (persistent)" : "", runs, failed);
  }
  free(empty);
  free(reference);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0)
    return 99;
  return TEST_REPORT();
}
