/* cmd_map.c — `sila map`: a CSV file (or CSVW metadata) to RDF on stdout.
 *
 *   sila map [--metadata FILE] [--minimal] [--base IRI] [--extensions]
 *            [--provenance] [--format ntriples|turtle] CSV-or-METADATA
 *
 * Warnings and the error go to stderr as "file:row:column: message"; the
 * exit status is 1 when the mapping failed, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_csvw.h"
#include "sila_rdf_write.h"

static void usage(FILE *out) {
  fputs("usage: sila map [--metadata FILE] [--minimal] [--base IRI] [--extensions]\n"
        "                [--provenance] [--format ntriples|turtle] CSV-or-METADATA\n"
        "Converts a CSV file with its CSVW metadata (found next to it, or given with\n"
        "--metadata) to RDF on standard output (W3C csv2rdf, standard mode unless\n"
        "--minimal).  --extensions enables Sila's CSVW extensions\n"
        "(" SILA_CSVW_NS "); --provenance adds PROV-O triples.\n",
        out);
}

/* "file:row:column: warning: ..." with a file:// URL shown as its path;
 * a column without a row (a header, a property) says "column N". */
static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  (void)ctx;
  const char *f = file ? file : "-";
  if (!strncmp(f, "file://", 7))
    f += 7;
  for (; *f; f++) {
    if (*f == '%' && f[1] && f[2]) {
      char hex[3] = {f[1], f[2], 0};
      fputc((int)strtol(hex, NULL, 16), stderr);
      f += 2;
    } else {
      fputc(*f, stderr);
    }
  }
  if (row && col)
    fprintf(stderr, ":%lu:%lu", row, col);
  else if (row)
    fprintf(stderr, ":%lu", row);
  else if (col)
    fprintf(stderr, ": column %lu", col);
  fprintf(stderr, ": warning: %s\n", msg);
}

static SilaStatus to_writer(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  return sila_rdf_writer_quad(ctx, s, p, o, NULL);
}

int sila_cmd_map(int argc, char **argv) {
  SilaCsvwOptions opts;
  sila_csvw_options_init(&opts);
  SilaRdfFormat fmt = SILA_RDF_NTRIPLES;
  const char *input = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return SILA_EXIT_OK;
    } else if (!strcmp(a, "--minimal")) {
      opts.minimal = true;
    } else if (!strcmp(a, "--extensions")) {
      opts.extensions = true;
    } else if (!strcmp(a, "--provenance")) {
      opts.provenance = true;
    } else if ((!strcmp(a, "--metadata") || !strcmp(a, "--base") || !strcmp(a, "--format")) &&
               i + 1 < argc) {
      const char *v = argv[++i];
      if (a[2] == 'm') {
        opts.user_metadata = v;
      } else if (a[2] == 'b') {
        opts.base_iri = v;
      } else if (!strcmp(v, "ntriples") || !strcmp(v, "nt")) {
        fmt = SILA_RDF_NTRIPLES;
      } else if (!strcmp(v, "turtle") || !strcmp(v, "ttl")) {
        fmt = SILA_RDF_TURTLE;
      } else {
        fprintf(stderr, "sila map: unknown format '%s'\n", v);
        return SILA_EXIT_USAGE;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "sila map: unknown option '%s'\n", a);
      usage(stderr);
      return SILA_EXIT_USAGE;
    } else if (!input) {
      input = a;
    } else {
      usage(stderr);
      return SILA_EXIT_USAGE;
    }
  }
  if (!input) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  opts.warning = on_warning;
  static const SilaPrefix prefixes[] = {
      {"csvw", "http://www.w3.org/ns/csvw#"},
      {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {NULL, NULL}};
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, sila_rdf_write_to_file, stdout,
                                         fmt == SILA_RDF_TURTLE ? prefixes : NULL);
  if (!w) {
    fputs("sila map: out of memory\n", stderr);
    return SILA_EXIT_FAIL;
  }
  SilaError err = {0};
  SilaStatus st = sila_csvw_map(input, &opts, to_writer, w, &err);
  SilaStatus fst = sila_rdf_writer_finish(w);
  sila_rdf_writer_free(w);
  if (fflush(stdout) != 0 && !st)
    st = SILA_ERR_IO;
  if (st) {
    char buf[SILA_ERROR_MSG_MAX + 256];
    fprintf(stderr, "%s\n", sila_error_format(&err, buf, sizeof buf));
    return SILA_EXIT_FAIL;
  }
  if (fst) {
    fprintf(stderr, "sila map: %s\n", sila_strerror(fst));
    return SILA_EXIT_FAIL;
  }
  return SILA_EXIT_OK;
}
