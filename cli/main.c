/* main.c — the `sila` program: dispatch to subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sila_cli.h"

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
    {"init", sila_cmd_init, "create an empty store"},
    {"load", sila_cmd_load, "load RDF files (N-Triples, N-Quads, Turtle, TriG, RDF/XML, .gz)"},
    {"dump", sila_cmd_dump, "write the store (or one graph) as RDF"},
    {"stats", sila_cmd_stats, "counts of quads, graphs and terms, and size on disk"},
    {"query", sila_cmd_query, "run a SPARQL query (results on stdout)"},
    {"explain", sila_cmd_explain, "show a query's plan (--analyze: with rows and times)"},
    {"update", sila_cmd_update, "run a SPARQL 1.1 Update request (atomic)"},
    {"map", sila_cmd_map, "convert a CSV file to RDF with its CSVW metadata"},
    {"publish", sila_cmd_publish, "publish dataset folders (CSV + CSVW + DCAT-AP_IT) into the store"},
    {"dataset", sila_cmd_dataset, "dataset new FILE.csv: a dataset folder for a CSV; dataset owner SLUG OFFICE"},
    {"user", sila_cmd_user, "accounts of the publishing area: user add|list|passwd|del|audit"},
    {"office", sila_cmd_office, "offices of the publishing area: office add|list"},
    {"backup", sila_cmd_backup, "a consistent, compacted copy of a store (safe while it is served)"},
    {"serve", sila_cmd_serve, "serve SPARQL 1.1 Protocol and Graph Store over HTTP"},
    {"search", sila_cmd_search, "full-text search of the literals (words, prefix*, \"phrases\")"},
    {"plan", sila_cmd_plan, "the release plan: plan add|list|set|publish|drop"},
    {"request", sila_cmd_request, "data requests: request list|add|answer|link|close"},
    {"report", sila_cmd_report, "the semiannual report: report --from DATE --to DATE"},
    {"reindex", sila_cmd_reindex, "rebuild the full-text index (--lang: untagged literals' language)"},
};

static void usage(FILE *out) {
  fprintf(out, "usage: sila COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nEvery command that uses a store takes --store DIR "
               "(default: $SILA_STORE, else ./sila-data).\n"
               "'sila COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? SILA_EXIT_USAGE : SILA_EXIT_OK;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("sila %s\n", PACKAGE_VERSION);
    return SILA_EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "sila: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return SILA_EXIT_USAGE;
}
