/* cmd_update.c — `sila update`: a SPARQL 1.1 Update request against the
 * store, applied atomically (one write transaction). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_update.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: sila update [--store DIR] [--no-union-default-graph] [--timeout S]\n"
          "                   [--base IRI] [--allow-load URL-PREFIX]... [--allow-load-private]\n"
          "                   [--quiet]\n"
          "                   (UPDATE-TEXT | --file F | -)\n"
          "Runs every operation of the request in one transaction: all or nothing.\n"
          "WHERE clauses see the union of all graphs as their default graph unless\n"
          "--no-union-default-graph; writes without GRAPH go to the default graph.\n"
          "LOAD reads file: IRIs; http(s) IRIs only under an --allow-load prefix, and\n"
          "from loopback/private addresses only with --allow-load-private.\n"
          "Relative IRIs resolve against --base, else against F's file: IRI; with\n"
          "neither (update text or standard input) a relative IRI is an error.\n"
          "Exit status: 0 ok, 1 failure (nothing applied), 2 usage, 3 malformed update.\n");
}

int sila_cmd_update(int argc, char **argv) {
  const char *dir = NULL, *file = NULL;
  SilaUpdateOptions opt = {.union_default_graph = true};
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'},  {"file", required_argument, 0, 'F'},
      {"timeout", required_argument, 0, 't'}, {"base", required_argument, 0, 'b'},
      {"allow-load", required_argument, 0, 'L'},
      {"allow-load-private", no_argument, 0, 'P'},
      {"no-union-default-graph", no_argument, 0, 'U'},
      {"quiet", no_argument, 0, 'q'},        {"help", no_argument, 0, 'h'},
      {0, 0, 0, 0}};
  const char **allow = calloc((size_t)argc + 1, sizeof *allow);
  size_t nallow = 0;
  bool quiet = false;
  if (!allow)
    return SILA_EXIT_FAIL;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:F:t:b:L:PUqh", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'F': file = optarg; break;
    case 't': opt.timeout = atof(optarg); break;
    case 'b': opt.base_iri = optarg; break;
    case 'L': allow[nallow++] = optarg; break;
    case 'P': opt.load_allow_private = true; break;
    case 'U': opt.union_default_graph = false; break;
    case 'q': quiet = true; break;
    case 'h': usage(stdout); free(allow); return SILA_EXIT_OK;
    default: usage(stderr); free(allow); return SILA_EXIT_USAGE;
    }
  }
  opt.load_allow = nallow ? allow : NULL;
  char *text = NULL;
  size_t len = 0;
  if (file || (optind < argc && !strcmp(argv[optind], "-"))) {
    text = sila_cli_read_all(file ? file : "-", &len);
    if (!text) {
      fprintf(stderr, "sila update: cannot read %s\n", file ? file : "standard input");
      free(allow);
      return SILA_EXIT_FAIL;
    }
  } else if (optind < argc) {
    text = strdup(argv[optind]);
    len = text ? strlen(text) : 0;
  } else {
    usage(stderr);
    free(allow);
    return SILA_EXIT_USAGE;
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  err.file = file;
  /* relative IRIs resolve against --base, else the file's own IRI */
  char *file_base = opt.base_iri ? NULL : sila_cli_file_base(file);
  if (file_base)
    opt.base_iri = file_base;
  SilaStatus st = sila_sparql_parse_update(text, len, opt.base_iri, &q, &err);
  free(text);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "sila update: %s\n", sila_error_format(&err, msg, sizeof msg));
    free(allow);
    free(file_base);
    return st == SILA_ERR_SYNTAX ? SILA_EXIT_MALFORMED : SILA_EXIT_FAIL;
  }
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), 0, &store);
  if (rc) {
    sila_query_free(q);
    free(allow);
    free(file_base);
    return rc;
  }
  err.file = NULL;
  SilaUpdateStats stats = {0};
  SilaTxn *txn;
  st = sila_txn_begin_write(store, 0, &txn);
  if (st == SILA_OK) {
    st = sila_update_apply(txn, q, &opt, &stats, &err);
    if (st == SILA_OK)
      st = sila_txn_commit(txn);
    else
      sila_txn_abort(txn);
  }
  if (st != SILA_OK && !err.message[0])
    sila_error_set(&err, st, 0, 0, "%s", sila_strerror(st));
  sila_store_close(store);
  sila_query_free(q);
  free(allow);
  free(file_base);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "sila update: %s (nothing was applied)\n",
            sila_error_format(&err, msg, sizeof msg));
    return SILA_EXIT_FAIL;
  }
  if (!quiet)
    fprintf(stderr, "%llu operation(s): %llu quad(s) inserted, %llu deleted%s\n",
            (unsigned long long)stats.operations, (unsigned long long)stats.inserted,
            (unsigned long long)stats.deleted, stats.silenced ? " (some failures silenced)" : "");
  return SILA_EXIT_OK;
}
