/* sila_query_run.c — query execution glued to the result writers. */
#include "sila_query_run.h"
#include "sila_dump.h"
#include "sila_rdf_write.h"

/* The result writer a run asks for: its format (JSON by default), flags and,
 * for HTML, the base of the links; NULL when memory ran out. */
static SilaResultWriter *results_writer(const SilaRunOptions *opt, SilaWriteFn write_fn,
                                        void *ctx) {
  SilaResultFormat fmt = opt->results_format ? opt->results_format : SILA_RESULTS_JSON;
  SilaResultWriter *w = sila_results_writer_new(fmt, write_fn, ctx, opt->results_flags);
  if (w && fmt == SILA_RESULTS_HTML && opt->link_base &&
      sila_results_writer_set_link_base(w, opt->link_base) != SILA_OK) {
    sila_results_writer_free(w);
    return NULL;
  }
  return w;
}

static SilaStatus run_select(SilaExec *ex, const SilaRunOptions *opt, SilaWriteFn write_fn,
                             void *ctx, uint64_t *rows) {
  SilaResultWriter *w = results_writer(opt, write_fn, ctx);
  if (!w)
    return SILA_ERR_NOMEM;
  size_t nvars = sila_exec_var_count(ex);
  const char *names[nvars ? nvars : 1];
  for (size_t i = 0; i < nvars; i++)
    names[i] = sila_exec_var_name(ex, i);
  SilaStatus st = sila_results_begin(w, names, nvars);
  const SilaTerm *const *row;
  int r = 0;
  while (st == SILA_OK && (r = sila_exec_next(ex, &row)) == 1) {
    st = sila_results_row(w, row);
    ++*rows;
  }
  if (st == SILA_OK && r < 0) {
    st = (SilaStatus)-r;
    /* a failure midway must not read as a complete, shorter result */
    sila_results_abort(w, sila_exec_error(ex));
  }
  if (st == SILA_OK)
    st = sila_results_finish(w);
  sila_results_writer_free(w);
  return st;
}

static SilaStatus run_ask(SilaExec *ex, const SilaRunOptions *opt, SilaWriteFn write_fn,
                          void *ctx) {
  bool answer = false;
  SilaStatus st = sila_exec_ask(ex, &answer);
  if (st != SILA_OK)
    return st;
  SilaResultWriter *w = results_writer(opt, write_fn, ctx);
  if (!w)
    return SILA_ERR_NOMEM;
  st = sila_results_boolean(w, answer);
  if (st == SILA_OK)
    st = sila_results_finish(w);
  sila_results_writer_free(w);
  return st;
}

static SilaStatus run_graph(SilaExec *ex, const SilaRunOptions *opt, SilaWriteFn write_fn,
                            void *ctx, uint64_t *rows) {
  SilaRdfFormat fmt = opt->graph_format ? opt->graph_format : SILA_RDF_TURTLE;
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, write_fn, ctx, sila_default_prefixes());
  if (!w)
    return SILA_ERR_NOMEM;
  SilaTerm s, p, o;
  int r;
  SilaStatus st = SILA_OK;
  while (st == SILA_OK && (r = sila_exec_next_triple(ex, &s, &p, &o)) == 1) {
    st = sila_rdf_writer_quad(w, &s, &p, &o, NULL);
    ++*rows;
  }
  if (st == SILA_OK && r < 0)
    st = (SilaStatus)-r;
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(w);
  sila_rdf_writer_free(w);
  return st;
}

SilaStatus sila_query_run(SilaTxn *txn, SilaQuery *query, const SilaRunOptions *opt,
                          SilaWriteFn write_fn, void *ctx, uint64_t *rows, SilaError *err) {
  uint64_t n = 0;
  SilaExec *ex;
  SilaStatus st = sila_exec_open(txn, query, &opt->exec, &ex, err);
  if (st != SILA_OK)
    return st;
  if (opt->on_exec)
    opt->on_exec(opt->on_exec_ctx, ex);
  switch (sila_query_form(query)) {
  case SILA_QUERY_SELECT: st = run_select(ex, opt, write_fn, ctx, &n); break;
  case SILA_QUERY_ASK: st = run_ask(ex, opt, write_fn, ctx); break;
  case SILA_QUERY_CONSTRUCT:
  case SILA_QUERY_DESCRIBE: st = run_graph(ex, opt, write_fn, ctx, &n); break;
  default: st = SILA_ERR_INVALID; break;
  }
  if (st != SILA_OK && sila_exec_status(ex) == SILA_OK)
    /* the executor ran fine: the result writer refused a term */
    sila_error_set(err, st, 0, 0, "the result cannot be written in this format: %s",
                   sila_strerror(st));
  else if (st != SILA_OK)
    sila_error_set(err, st, 0, 0, "%s", sila_exec_error(ex));
  if (opt->on_exec)
    opt->on_exec(opt->on_exec_ctx, NULL);
  sila_exec_free(ex);
  if (rows)
    *rows = n;
  return st;
}
