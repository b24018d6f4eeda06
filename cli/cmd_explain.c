/* cmd_explain.c — `sila explain [--analyze]`: the plan of a query, with the
 * order each BGP chose and its estimates; --analyze runs the query and
 * adds the rows and time of every operator. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_query_run.h"

static void usage(FILE *out) {
  fprintf(out, "usage: sila explain [--store DIR] [--analyze] [--no-union-default-graph]\n"
               "                    [--base IRI] (QUERY-TEXT | --file F | -)\n"
               "Relative IRIs resolve against --base, else against F's file: IRI.\n");
}

int sila_cmd_explain(int argc, char **argv) {
  const char *dir = NULL, *file = NULL, *base = NULL;
  bool analyze = false;
  SilaExecOptions opt = {.union_default_graph = true, .profile = true};
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'}, {"file", required_argument, 0, 'F'},
      {"analyze", no_argument, 0, 'a'},     {"no-union-default-graph", no_argument, 0, 'U'},
      {"base", required_argument, 0, 'b'},  {"help", no_argument, 0, 'h'},
      {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:F:b:aUh", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'F': file = optarg; break;
    case 'a': analyze = true; break;
    case 'b': base = optarg; break;
    case 'U': opt.union_default_graph = false; break;
    case 'h': usage(stdout); return SILA_EXIT_OK;
    default: usage(stderr); return SILA_EXIT_USAGE;
    }
  }
  size_t len = 0;
  char *text = NULL;
  if (file || (optind < argc && !strcmp(argv[optind], "-")))
    text = sila_cli_read_all(file ? file : "-", &len);
  else if (optind < argc && (text = strdup(argv[optind])))
    len = strlen(text);
  if (!text) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  char *file_base = base ? NULL : sila_cli_file_base(file);
  SilaStatus st = sila_sparql_parse_query(text, len, base ? base : file_base, &q, &err);
  free(text);
  free(file_base);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "sila explain: %s\n", sila_error_format(&err, msg, sizeof msg));
    return st == SILA_ERR_SYNTAX ? SILA_EXIT_MALFORMED : SILA_EXIT_FAIL;
  }
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc) {
    sila_query_free(q);
    return rc;
  }
  SilaTxn *txn = NULL;
  SilaBuf out = SILA_BUF_INIT;
  SilaRunOptions ro = {.exec = opt};
  st = sila_txn_begin_read(store, &txn);
  if (st == SILA_OK)
    st = sila_explain_run(txn, q, &ro, analyze, &out, &err);
  else
    sila_error_set(&err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  fputs(out.data ? out.data : "", stdout);
  if (st != SILA_OK)
    fprintf(stderr, "sila explain: %s\n", err.message);
  sila_buf_free(&out);
  if (txn)
    sila_txn_abort(txn);
  sila_store_close(store);
  sila_query_free(q);
  return st == SILA_OK ? SILA_EXIT_OK : SILA_EXIT_FAIL;
}
