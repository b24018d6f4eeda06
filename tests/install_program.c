/* install_program.c — a user's program against the installed libsila: built
 * by install_test.sh with `pkg-config --cflags --libs sila` only, so it
 * sees the public headers (sila.h) and the exported symbols, nothing else.
 * Opens a store in DIR, loads one triple from an N-Triples file, queries
 * it back; prints the object and exits 0, or the error and exits 1. */
#include <sila.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, const SilaError *err) {
  char buf[512];
  fprintf(stderr, "install_program: %s: %s\n", what, sila_error_format(err, buf, sizeof buf));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: install_program DIR\n");
    return 2;
  }
  char nt[4096], store_dir[4096];
  snprintf(nt, sizeof nt, "%s/one.nt", argv[1]);
  snprintf(store_dir, sizeof store_dir, "%s/store", argv[1]);
  FILE *f = fopen(nt, "w");
  if (!f)
    return 1;
  fputs("<http://ex.org/cosenza> <http://ex.org/province> \"Cosenza\"@it .\n", f);
  fclose(f);

  SilaError err = {0};
  SilaStore *store = NULL;
  SilaStatus st = sila_store_open(store_dir, SILA_STORE_CREATE, &store);
  if (st != SILA_OK) {
    fprintf(stderr, "install_program: cannot open the store: %s\n", sila_strerror(st));
    return 1;
  }
  const char *paths[] = {nt};
  SilaLoadOptions lopt = {.format = SILA_RDF_UNKNOWN};
  SilaLoadReport report;
  if (sila_load_files(store, paths, 1, &lopt, &report, &err) != SILA_OK)
    return fail("load", &err);

  const char *q = "SELECT ?o WHERE { <http://ex.org/cosenza> ?p ?o }";
  SilaQuery *query = NULL;
  if (sila_sparql_parse_query(q, strlen(q), NULL, &query, &err) != SILA_OK)
    return fail("parse", &err);
  SilaTxn *txn = NULL;
  SilaExec *ex = NULL;
  SilaExecOptions eopt = {0};
  int rows = 0;
  if (sila_txn_begin_read(store, &txn) != SILA_OK || sila_exec_open(txn, query, &eopt, &ex, &err) != SILA_OK)
    return fail("query", &err);
  const SilaTerm *const *row;
  while (sila_exec_next(ex, &row) == 1) {
    printf("%.*s@%.*s\n", (int)row[0]->value_len, row[0]->value, (int)row[0]->lang_len, row[0]->lang);
    rows++;
  }
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(query);
  sila_store_close(store);
  printf("%llu statement loaded, %d row\n", (unsigned long long)report.statements, rows);
  return rows == 1 ? 0 : 1;
}
