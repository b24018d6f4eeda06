/* sila_explain_run.c — the plan of a query as text, optionally after
 * running it with per-operator counters (EXPLAIN ANALYZE).  Shared by
 * `sila explain` and the HTTP endpoint's explain parameter. */
#include <time.h>

#include "sila_query_run.h"

/* Pulls every result without writing it; returns the status. */
static SilaStatus drain(SilaExec *ex, SilaQueryForm form, uint64_t *rows) {
  int r = 0;
  if (form == SILA_QUERY_SELECT) {
    const SilaTerm *const *row;
    while ((r = sila_exec_next(ex, &row)) == 1)
      (*rows)++;
  } else if (form == SILA_QUERY_ASK) {
    bool b = false;
    SilaStatus st = sila_exec_ask(ex, &b);
    *rows = b;
    return st;
  } else {
    SilaTerm s, p, o;
    while ((r = sila_exec_next_triple(ex, &s, &p, &o)) == 1)
      (*rows)++;
  }
  return r < 0 ? (SilaStatus)-r : SILA_OK;
}

SilaStatus sila_explain_run(SilaTxn *txn, SilaQuery *query, const SilaRunOptions *opt,
                            bool analyze, SilaBuf *out, SilaError *err) {
  SilaExecOptions eo = opt->exec;
  eo.profile = true;
  SilaExec *ex = NULL;
  SilaStatus st = sila_exec_open(txn, query, &eo, &ex, err);
  if (st != SILA_OK)
    return st;
  if (opt->on_exec)
    opt->on_exec(opt->on_exec_ctx, ex);
  uint64_t rows = 0;
  double ms = 0;
  if (analyze) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = drain(ex, sila_query_form(query), &rows);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (st != SILA_OK)
      sila_error_set(err, st, 0, 0, "%s", sila_exec_error(ex));
  }
  /* Without running, the BGPs set up for their first evaluation have
   * recorded their order already. */
  if (st == SILA_OK && sila_exec_explain(ex, out) != 0)
    st = SILA_ERR_NOMEM;
  if (st == SILA_OK && analyze &&
      sila_buf_printf(out, "result: %llu rows in %.3f ms\n", (unsigned long long)rows, ms) < 0)
    st = SILA_ERR_NOMEM;
  if (opt->on_exec)
    opt->on_exec(opt->on_exec_ctx, NULL);
  sila_exec_free(ex);
  return st;
}
