/* oom_driver.c — the driver of out-of-memory fault injection (oom_driver.h). */
#include "oom_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_exec.h"
#include "test_harness.h"

long oom_stride(long dflt) {
  const char *s = getenv("SILA_OOM_STRIDE");
  return s && atol(s) > 0 ? atol(s) : dflt;
}

char *oom_store_text(SilaStore *store, bool hide_blanks) {
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
      if (row[i] && !(hide_blanks && row[i]->kind == SILA_TERM_BLANK))
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

static void prepare(const OomOp *op) {
  if (op->prepare)
    op->prepare(op->ctx);
}

static void restore(const OomOp *op) {
  if (op->restore)
    op->restore(op->ctx);
}

static SilaStatus run(const OomOp *op, char **answer, SilaError *err) {
  *answer = NULL;
  sila_error_clear(err);
  return op->run(op->ctx, answer, err);
}

int oom_inject(const OomOp *op, bool persist, long stride) {
  const char *only = getenv("SILA_OOM_OP"); /* debugging: one operation only */
  if (only && strcmp(only, op->name) != 0)
    return 0;
  int failed_before = test_failed_;
  SilaError err;
  prepare(op);
  char *before = op->fingerprint(op->ctx);
  /* The reference: the operation without failures. */
  char *reference = NULL;
  CHECK_INT(SILA_OK, run(op, &reference, &err));
  char *after_ok = op->fingerprint(op->ctx);
  const char *after = op->writes ? after_ok : before;
  long runs = 0, failed_runs = 0;
  if (op->writes)
    restore(op);
  const char *from = getenv("SILA_OOM_FROM");
  for (long n = from && atol(from) > 0 ? atol(from) : 1;; n += stride) {
    prepare(op);
    sila_alloc_fail_at(n, persist);
    char *answer = NULL;
    SilaStatus st = run(op, &answer, &err);
    long failures = sila_alloc_failures();
    sila_alloc_fail_at(0, false);
    runs++;
    char *now = op->fingerprint(op->ctx);
    if (failures == 0) {
      /* Fewer than n allocations: the run was clean; it must be right. */
      CHECK_INT(SILA_OK, st);
      CHECK_STR(after, now);
      free(answer);
      free(now);
      if (op->writes)
        restore(op);
      break;
    }
    if (st == SILA_OK) {
      /* A failure that was absorbed (a cache, a fallback): same answer. */
      if ((reference && answer && strcmp(reference, answer) != 0) || strcmp(after, now) != 0)
        fprintf(stderr,
                "%s: allocation %ld failed, the operation said OK but its result is wrong\n",
                op->name, n);
      if (reference && answer)
        CHECK_STR(reference, answer);
      CHECK_STR(after, now);
      if (op->writes)
        restore(op);
    } else {
      failed_runs++;
      if (st != SILA_ERR_NOMEM) {
        char msg[600];
        fprintf(stderr, "%s: allocation %ld failed: status %s (%s)\n", op->name, n,
                sila_strerror(st), sila_error_format(&err, msg, sizeof msg));
      }
      CHECK_INT(SILA_ERR_NOMEM, st);
      /* Nothing of a failed operation may remain. */
      if (strcmp(before, now) != 0) {
        fprintf(stderr, "%s: allocation %ld failed and the store changed\n", op->name, n);
        CHECK_STR(before, now);
        restore(op);
      }
    }
    free(answer);
    free(now);
  }
  printf("%s%s: %ld runs, %ld ended in SILA_ERR_NOMEM\n", op->name,
         persist ? " (persistent)" : "", runs, failed_runs);
  free(before);
  free(after_ok);
  free(reference);
  return test_failed_ - failed_before;
}
