/* cmd_load.c — `sila load`: RDF files into the store, all or nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sila_cli.h"
#include "sila_load.h"

static void usage(FILE *out) {
  fprintf(out, "usage: sila load [--store DIR] [--graph IRI] [--base IRI]\n"
               "                 [--format ntriples|nquads|turtle|trig|rdfxml] FILE...\n"
               "FILE may end in .gz; '-' reads standard input (give --format).\n"
               "All files load in one transaction: on any error nothing is loaded.\n");
}

int sila_cmd_load(int argc, char **argv) {
  const char *dir = NULL;
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN, .progress = isatty(2)};
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'}, {"graph", required_argument, 0, 'g'},
      {"base", required_argument, 0, 'b'},  {"format", required_argument, 0, 'f'},
      {"quiet", no_argument, 0, 'q'},       {"help", no_argument, 0, 'h'},
      {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:g:b:f:qh", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'g': opt.graph = optarg; break;
    case 'b': opt.base = optarg; break;
    case 'q': opt.progress = false; break;
    case 'f':
      opt.format = sila_rdf_format_from_name(optarg);
      if (opt.format == SILA_RDF_UNKNOWN || opt.format == SILA_RDF_JSONLD) {
        fprintf(stderr, "sila load: unknown input format '%s'\n", optarg);
        return SILA_EXIT_USAGE;
      }
      break;
    case 'h': usage(stdout); return SILA_EXIT_OK;
    default: usage(stderr); return SILA_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  if (opt.graph && (!sila_iri_has_scheme(opt.graph, strlen(opt.graph)) ||
                    !sila_iri_valid(opt.graph, strlen(opt.graph)))) {
    fprintf(stderr, "sila load: --graph needs an absolute IRI, not '%s'\n", opt.graph);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  const char *store_dir = sila_cli_store_dir(dir);
  int rc = sila_cli_open_store(
      store_dir, sila_load_store_flags(store_dir, (const char *const *)argv + optind, (size_t)(argc - optind)),
      &store);
  if (rc)
    return rc;
  SilaLoadReport rep;
  SilaError err = {0};
  SilaStatus st = sila_load_files(store, (const char *const *)argv + optind,
                                  (size_t)(argc - optind), &opt, &rep, &err);
  sila_store_close(store);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "%s\nsila load: nothing was loaded\n", sila_error_format(&err, msg, sizeof msg));
    return st == SILA_ERR_SYNTAX ? SILA_EXIT_MALFORMED : SILA_EXIT_FAIL;
  }
  fprintf(stderr, "loaded %llu statements (%llu new) in %.2f s (%.0f statements/s)\n",
          (unsigned long long)rep.statements, (unsigned long long)rep.added, rep.seconds,
          rep.seconds > 0 ? (double)rep.statements / rep.seconds : 0.0);
  return SILA_EXIT_OK;
}
