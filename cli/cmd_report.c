/* cmd_report.c — `sila report`: the semiannual report of a period.
 *
 *   sila report --from DATE --to DATE [--format html|csv|json] [--out FILE]
 *               [--store DIR] [--base IRI]
 *
 * HTML (the default) is one self-contained file that prints on A4. */
#include <stdio.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_prog.h"
#include "sila_publish.h"
#include "sila_report.h"

static void usage(FILE *out) {
  fputs("usage: sila report --from YYYY-MM-DD --to YYYY-MM-DD [--format html|csv|json]\n"
        "                   [--out FILE] [--store DIR] [--base IRI]\n"
        "The semiannual report: datasets published and updated by office, the release\n"
        "plan's progress, data requests, usage by dataset, quality and how it moved.\n",
        out);
}

int sila_cmd_report(int argc, char **argv) {
  const char *from = NULL, *to = NULL, *format = "html", *outp = NULL, *dir = NULL,
             *base = SILA_PUBLISH_DEFAULT_BASE;
  for (int i = 1; i < argc; i++) {
    const char **slot = !strcmp(argv[i], "--from")     ? &from
                        : !strcmp(argv[i], "--to")     ? &to
                        : !strcmp(argv[i], "--format") ? &format
                        : !strcmp(argv[i], "--out")    ? &outp
                        : !strcmp(argv[i], "--store")  ? &dir
                        : !strcmp(argv[i], "--base")   ? &base
                                                       : NULL;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return SILA_EXIT_OK;
    }
    if (!slot || i + 1 >= argc) {
      fprintf(stderr, "sila report: %s '%s'\n", slot ? "a value is missing after" : "unknown argument",
              argv[i]);
      usage(stderr);
      return SILA_EXIT_USAGE;
    }
    *slot = argv[++i];
  }
  SilaReportFormat fmt = !strcmp(format, "html")  ? SILA_REPORT_HTML
                         : !strcmp(format, "csv") ? SILA_REPORT_CSV
                         : !strcmp(format, "json") ? SILA_REPORT_JSON
                                                   : (SilaReportFormat)-1;
  if (!from || !to || (int)fmt < 0) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc)
    return rc;
  char today[11];
  sila_prog_today(today);
  SilaTxn *txn;
  SilaError err = {0};
  SilaStatus st = sila_txn_begin_read(store, &txn);
  json_t *model = NULL;
  if (st)
    sila_error_set(&err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  else {
    model = sila_report_model(txn, base, from, to, today, &err);
    sila_txn_abort(txn);
  }
  sila_store_close(store);
  if (!model) {
    char msg[1024];
    fprintf(stderr, "sila report: %s\n", sila_error_format(&err, msg, sizeof msg));
    return err.status == SILA_ERR_INVALID ? SILA_EXIT_USAGE : SILA_EXIT_FAIL;
  }
  FILE *f = outp ? fopen(outp, "w") : stdout;
  if (!f) {
    perror(outp);
    json_decref(model);
    return SILA_EXIT_FAIL;
  }
  st = sila_report_write(model, fmt, sila_file_sink, f);
  json_decref(model);
  if (outp && fclose(f) && !st)
    st = SILA_ERR_IO;
  if (st) {
    fprintf(stderr, "sila report: writing failed: %s\n", sila_strerror(st));
    return SILA_EXIT_FAIL;
  }
  return SILA_EXIT_OK;
}
