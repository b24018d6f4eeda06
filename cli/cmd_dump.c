/* cmd_dump.c — `sila dump`: the store or one graph as RDF on stdout. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_dump.h"

static void usage(FILE *out) {
  fprintf(out, "usage: sila dump [--store DIR] [--graph IRI|--default-graph]\n"
               "                 [--format nquads|ntriples|turtle|trig|rdfxml|jsonld]\n"
               "Without a graph, N-Quads and TriG write every graph with its name; the\n"
               "triple formats write each triple of the store once.\n");
}

int sila_cmd_dump(int argc, char **argv) {
  const char *dir = NULL, *graph = NULL;
  bool default_graph = false;
  SilaRdfFormat fmt = SILA_RDF_NQUADS;
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'}, {"graph", required_argument, 0, 'g'},
      {"default-graph", no_argument, 0, 'd'}, {"format", required_argument, 0, 'f'},
      {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:g:df:h", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'g': graph = optarg; break;
    case 'd': default_graph = true; break;
    case 'f':
      fmt = sila_rdf_format_from_name(optarg);
      if (fmt == SILA_RDF_UNKNOWN) {
        fprintf(stderr, "sila dump: unknown format '%s'\n", optarg);
        return SILA_EXIT_USAGE;
      }
      break;
    case 'h': usage(stdout); return SILA_EXIT_OK;
    default: usage(stderr); return SILA_EXIT_USAGE;
    }
  }
  if (optind < argc) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc)
    return rc;
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(store, &txn);
  SilaId g = default_graph ? SILA_ID_DEFAULT_GRAPH : SILA_ID_ANY;
  if (st == SILA_OK && graph) {
    SilaTerm t = sila_term_iri(graph);
    if (sila_txn_lookup(txn, &t, &g) != SILA_OK || !sila_txn_graph_exists(txn, g)) {
      fprintf(stderr, "sila dump: no graph <%s> in the store\n", graph);
      sila_txn_abort(txn);
      sila_store_close(store);
      return SILA_EXIT_FAIL;
    }
  }
  SilaError err = {0};
  if (st == SILA_OK)
    st = sila_dump_report(txn, g, fmt, sila_rdf_write_to_file, stdout, NULL, &err);
  sila_txn_abort(txn);
  sila_store_close(store);
  if (st == SILA_OK && fflush(stdout) != 0)
    st = SILA_ERR_IO;
  if (st != SILA_OK) {
    fprintf(stderr, "sila dump: %s\n", err.message[0] ? err.message : sila_strerror(st));
    return SILA_EXIT_FAIL;
  }
  return SILA_EXIT_OK;
}
