/* sila_query_run.h — running a parsed query and writing its result in a
 * format: the SPARQL result formats for SELECT and ASK, RDF syntaxes for
 * CONSTRUCT and DESCRIBE.  Shared by `sila query` and the HTTP endpoint. */
#ifndef SILA_QUERY_RUN_H
#define SILA_QUERY_RUN_H

#include "sila_exec.h"
#include "sila_rdf_syntax.h"
#include "sila_results.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  SilaExecOptions exec;
  SilaResultFormat results_format; /* SELECT and ASK (default JSON) */
  unsigned results_flags;          /* SILA_RESULTS_FLAG_* */
  SilaRdfFormat graph_format;      /* CONSTRUCT and DESCRIBE (default Turtle) */
  /* SILA_RESULTS_HTML only: IRIs under this base link to the server's
   * pages (sila_results_writer_set_link_base); NULL = none. */
  const char *link_base;
  /* Called (if not NULL) with the execution once it is open and with NULL
   * just before it is freed, so that another thread may call
   * sila_exec_interrupt on it in between (the HTTP endpoint cancels the
   * query of a client that disconnected).  The callback must serialise
   * with that thread itself (a mutex). */
  void (*on_exec)(void *ctx, SilaExec *ex);
  void *on_exec_ctx;
} SilaRunOptions;

/* Runs `query` in the read transaction `txn` and streams its result
 * through write_fn.  *rows (if not NULL) gets the solutions or triples
 * written.  Errors: the executor's (SILA_ERR_TIMEOUT, SILA_ERR_LIMIT,
 * SILA_ERR_INTERRUPTED, ...) with err->message set, or the write
 * callback's.  Output already written when an error happens mid-stream is
 * not a complete document: callers must discard it or end the transfer
 * broken.  For SELECT, a failure after the result began also goes through
 * sila_results_abort, so the output is malformed in every result format
 * (never a well-formed short result).  See on_exec for cancellation. */
SilaStatus sila_query_run(SilaTxn *txn, SilaQuery *query, const SilaRunOptions *opt,
                          SilaWriteFn write_fn, void *ctx, uint64_t *rows, SilaError *err);

/* The plan of `query` as text in `out` (EXPLAIN): operators with their
 * estimated rows; with `analyze`, after running the query to its end
 * without writing results, the actual rows and time of each operator and a
 * last line "result: N rows in T ms".  Uses opt->exec (its profile flag
 * is forced on) and opt->on_exec; the format fields are ignored.  Errors
 * as sila_query_run; `out` is left as far as it was written. */
SilaStatus sila_explain_run(SilaTxn *txn, SilaQuery *query, const SilaRunOptions *opt,
                            bool analyze, SilaBuf *out, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
