/* cmd_query.c — `sila query`: a SPARQL query against the store. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_query_run.h"
#include "sila_rdf_write.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: sila query [--store DIR] [--no-union-default-graph]\n"
          "                  [--format json|xml|csv|tsv|turtle|ntriples|rdfxml|jsonld]\n"
          "                  [--timeout S] [--base IRI] [--algebra] (QUERY-TEXT | --file F | -)\n"
          "                  [--service-allow URL-PREFIX]... [--service-allow-private]\n"
          "Relative IRIs resolve against --base, else against F's file: IRI; with\n"
          "neither (query text or standard input) a relative IRI is an error.\n"
          "--service-allow lets SERVICE call endpoints under the prefix (none by default);\n"
          "--service-allow-private lets them be loopback/private addresses.\n"
          "--algebra prints the query's SPARQL algebra instead of running it.\n"
          "Exit status: 0 ok, 1 failure (timeout, limit, store), 2 usage, 3 malformed query.\n");
}

/* Reads a whole file ("-" = stdin) into a NUL-terminated buffer. */
char *sila_cli_read_all(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (sila_buf_append(&b, chunk, n)) {
      sila_buf_free(&b);
      break;
    }
  bool failed = ferror(f);
  if (f != stdin)
    fclose(f);
  if (failed || (!b.data && sila_buf_append(&b, "", 0))) {
    sila_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data;
}

int sila_cmd_query(int argc, char **argv) {
  const char *dir = NULL, *file = NULL, *format = NULL, *base = NULL;
  SilaRunOptions opt = {.exec = {.union_default_graph = true}};
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'},  {"format", required_argument, 0, 'f'},
      {"file", required_argument, 0, 'F'},   {"timeout", required_argument, 0, 't'},
      {"base", required_argument, 0, 'b'},   {"no-union-default-graph", no_argument, 0, 'U'},
      {"algebra", no_argument, 0, 'A'},      {"help", no_argument, 0, 'h'},
      {"service-allow", required_argument, 0, 'S'},
      {"service-allow-private", no_argument, 0, 'P'},
      {0, 0, 0, 0}};
  static const char *service_allow[64]; /* SERVICE allow-list (argv strings) */
  opt.exec.service_allow = service_allow;
  bool print_algebra = false;
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:f:F:t:b:UAhS:P", opts, NULL)) != -1) {
    switch (c) {
    case 's': dir = optarg; break;
    case 'f': format = optarg; break;
    case 'F': file = optarg; break;
    case 't': opt.exec.timeout = atof(optarg); break;
    case 'b': base = optarg; break;
    case 'U': opt.exec.union_default_graph = false; break;
    case 'A': print_algebra = true; break;
    case 'S':
      if (opt.exec.nservice_allow == sizeof service_allow / sizeof *service_allow) {
        fprintf(stderr, "sila query: too many --service-allow prefixes\n");
        return SILA_EXIT_USAGE;
      }
      service_allow[opt.exec.nservice_allow++] = optarg;
      break;
    case 'P': opt.exec.service_allow_private = true; break;
    case 'h': usage(stdout); return SILA_EXIT_OK;
    default: usage(stderr); return SILA_EXIT_USAGE;
    }
  }
  char *text = NULL;
  size_t len = 0;
  if (file || (optind < argc && !strcmp(argv[optind], "-"))) {
    text = sila_cli_read_all(file ? file : "-", &len);
    if (!text) {
      fprintf(stderr, "sila query: cannot read %s\n", file ? file : "standard input");
      return SILA_EXIT_FAIL;
    }
  } else if (optind < argc) {
    text = strdup(argv[optind]);
    len = text ? strlen(text) : 0;
  } else {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  if (format) {
    opt.results_format = sila_results_format_from_name(format);
    opt.graph_format = sila_rdf_format_from_name(format);
    if (!opt.results_format && !opt.graph_format) {
      fprintf(stderr, "sila query: unknown format '%s'\n", format);
      free(text);
      return SILA_EXIT_USAGE;
    }
  }
  SilaQuery *q = NULL;
  SilaError err = {0};
  err.file = file;
  /* relative IRIs resolve against --base, else the file's own IRI */
  char *file_base = base ? NULL : sila_cli_file_base(file);
  SilaStatus st = sila_sparql_parse_query(text, len, base ? base : file_base, &q, &err);
  free(text);
  free(file_base);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "sila query: %s\n", sila_error_format(&err, msg, sizeof msg));
    return st == SILA_ERR_SYNTAX ? SILA_EXIT_MALFORMED : SILA_EXIT_FAIL;
  }
  if (print_algebra) {
    SilaBuf b = SILA_BUF_INIT;
    sila_query_print(q, &b);
    printf("%s\n", b.data ? b.data : "");
    sila_buf_free(&b);
    sila_query_free(q);
    return SILA_EXIT_OK;
  }
  SilaQueryForm form = sila_query_form(q);
  bool graph_form = form == SILA_QUERY_CONSTRUCT || form == SILA_QUERY_DESCRIBE;
  if (format && (graph_form ? !opt.graph_format : !opt.results_format)) {
    fprintf(stderr, "sila query: format '%s' does not fit a %s query\n", format,
            graph_form ? "CONSTRUCT/DESCRIBE" : "SELECT/ASK");
    sila_query_free(q);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc) {
    sila_query_free(q);
    return rc;
  }
  SilaTxn *txn;
  st = sila_txn_begin_read(store, &txn);
  if (st == SILA_OK) {
    err.file = NULL;
    st = sila_query_run(txn, q, &opt, sila_rdf_write_to_file, stdout, NULL, &err);
    sila_txn_abort(txn);
  }
  sila_store_close(store);
  sila_query_free(q);
  fflush(stdout);
  if (st != SILA_OK) {
    char msg[1024];
    fprintf(stderr, "\nsila query: %s\n", sila_error_format(&err, msg, sizeof msg));
    return SILA_EXIT_FAIL;
  }
  return SILA_EXIT_OK;
}
