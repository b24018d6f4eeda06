/* bench_query.c — see bench_query.h. */
#include "bench_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

char *bench_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf)
    buf[n] = '\0';
  if (len)
    *len = (size_t)n;
  return buf;
}

long bench_run_once(SilaStore *store, const char *text, size_t len, bool uni) {
  SilaQuery *q;
  SilaError err = {0};
  if (sila_sparql_parse_query(text, len, NULL, &q, &err) != SILA_OK) {
    fprintf(stderr, "parse error: %s\n", err.message);
    return -1;
  }
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    sila_query_free(q);
    return -1;
  }
  SilaExecOptions opt = {.union_default_graph = uni, .timeout = 60};
  SilaExec *ex;
  long rows = 0;
  if (sila_exec_open(txn, q, &opt, &ex, &err) != SILA_OK) {
    rows = -1;
  } else {
    SilaQueryForm form = sila_query_form(q);
    int r = 0;
    if (form == SILA_QUERY_SELECT) {
      const SilaTerm *const *row;
      while ((r = sila_exec_next(ex, &row)) == 1)
        rows++;
    } else if (form == SILA_QUERY_ASK) {
      bool b;
      rows = sila_exec_ask(ex, &b) == SILA_OK ? b : -1;
    } else {
      SilaTerm s, p, o;
      while ((r = sila_exec_next_triple(ex, &s, &p, &o)) == 1)
        rows++;
    }
    if (r < 0) {
      fprintf(stderr, "query failed: %s\n", sila_exec_error(ex));
      rows = -1;
    }
    sila_exec_free(ex);
  }
  sila_txn_abort(txn);
  sila_query_free(q);
  return rows;
}

