/* query_test_lib.c — see query_test_lib.h. */
#include <stdio.h>
#include <string.h>

#include "query_test_lib.h"

static void put_row(const SilaTerm *const *row, size_t nv, SilaBuf *out, unsigned flags) {
  if (flags & QT_FIRST_COLUMN) {
    if (nv && row[0])
      sila_buf_append(out, row[0]->value, row[0]->value_len);
    sila_buf_putc(out, '\n');
    return;
  }
  for (size_t i = 0; i < nv; i++) {
    if (row[i]) {
      sila_buf_append(out, row[i]->value, row[i]->value_len);
      if ((flags & QT_DATATYPES) && row[i]->datatype_len)
        sila_buf_append(out, row[i]->datatype, row[i]->datatype_len);
    }
    sila_buf_putc(out, '\t');
  }
  sila_buf_putc(out, '\n');
}

long qt_run(SilaStore *store, const char *text, const SilaExecOptions *opt, SilaBuf *out,
            unsigned flags) {
  SilaQuery *q;
  SilaError err = {0};
  if (sila_sparql_parse_query(text, strlen(text), NULL, &q, &err) != SILA_OK) {
    fprintf(stderr, "parse: %s: %s\n", text, err.message);
    return -1000;
  }
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    sila_query_free(q);
    return -1001;
  }
  long rows = 0;
  if (flags & QT_EXPLAIN) {
    SilaRunOptions ro = {.exec = *opt};
    rows = sila_explain_run(txn, q, &ro, (flags & QT_ANALYZE) != 0, out, &err) == SILA_OK ? 0
                                                                                          : -1002;
  } else {
    SilaExec *ex;
    if (sila_exec_open(txn, q, opt, &ex, &err) != SILA_OK) {
      rows = -1001;
    } else {
      const SilaTerm *const *row;
      int r;
      size_t nv = sila_exec_var_count(ex);
      while ((r = sila_exec_next(ex, &row)) == 1) {
        rows++;
        if (out)
          put_row(row, nv, out, flags);
      }
      if (r < 0)
        rows = r;
      sila_exec_free(ex);
    }
  }
  sila_txn_abort(txn);
  sila_query_free(q);
  return rows;
}
