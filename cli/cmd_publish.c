/* cmd_publish.c — `sila publish`: dataset folders into the store and the
 * DCAT-AP_IT catalogue, each all or nothing, with a quality report.
 *
 *   sila publish [--store DIR] [--base IRI] [--dry-run] [--quiet] DATASET-DIR...
 *
 * Exit status: 0 when every dataset was published (or, with --dry-run,
 * would be), 1 when any was refused (the others are still published),
 * 2 on a usage error. */
#include <stdio.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_publish.h"

static void usage(FILE *out) {
  fputs("usage: sila publish [--store DIR] [--base IRI] [--dry-run] [--quiet] DATASET-DIR...\n"
        "A dataset folder holds a CSV, its CSVW metadata (*-metadata.json) and its\n"
        "DCAT-AP_IT description (dataset.json).  Each folder is mapped and checked;\n"
        "then, in one transaction, its graph {base}/set/{slug} is replaced and the\n"
        "catalogue graph {base}/catalogo updated.  A refused dataset changes nothing.\n"
        "--dry-run prints the quality report without writing.  Default base: " SILA_PUBLISH_DEFAULT_BASE
        "\n",
        out);
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  if (ctx) /* --quiet */
    return;
  fprintf(stderr, "%s:", file ? file : "-");
  if (row)
    fprintf(stderr, "%lu:", row);
  if (col)
    fprintf(stderr, "%lu:", col);
  fprintf(stderr, " warning: %s\n", msg);
}

static void print_report(const char *dir, const SilaPublishReport *r, bool dry, bool ok) {
  printf("%s: %s\n", dir,
         !ok ? "REFUSED (nothing changed)" : dry ? "checked (dry run, nothing written)"
                                                 : "published");
  if (r->slug[0])
    printf("  dataset       %s\n", r->graph);
  printf("  rows mapped   %llu\n", (unsigned long long)r->rows);
  printf("  triples       %llu (+ %llu in the catalogue)\n", (unsigned long long)r->triples,
         (unsigned long long)r->catalogue_triples);
  if (r->written)
    printf("  replaced      %llu triples of the previous version\n",
           (unsigned long long)r->replaced);
  printf("  warnings      %llu\n", (unsigned long long)r->warnings);
  printf("  errors        %llu\n", (unsigned long long)r->errors);
  printf("  links         %llu to IRIs outside the portal\n",
         (unsigned long long)r->external_links);
  printf("  open data     %d star%s\n", r->stars, r->stars == 1 ? "" : "s");
  printf("  DCAT-AP_IT    mandatory: %s\n", r->missing[0] ? r->missing : "all present");
  if (r->missing_recommended[0])
    printf("                recommended missing: %s\n", r->missing_recommended);
}

int sila_cmd_publish(int argc, char **argv) {
  SilaPublishOptions opts;
  sila_publish_options_init(&opts);
  const char *dir = NULL;
  bool quiet = false;
  int first = argc;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return SILA_EXIT_OK;
    } else if (!strcmp(a, "--dry-run")) {
      opts.dry_run = true;
    } else if (!strcmp(a, "--quiet")) {
      quiet = true;
    } else if (!strcmp(a, "--store") && i + 1 < argc) {
      dir = argv[++i];
    } else if (!strcmp(a, "--base") && i + 1 < argc) {
      opts.base = argv[++i];
    } else if (!strcmp(a, "--")) {
      first = i + 1;
      break;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "sila publish: unknown option '%s'\n", a);
      usage(stderr);
      return SILA_EXIT_USAGE;
    } else {
      first = i;
      break;
    }
  }
  if (first >= argc) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  size_t bl = strlen(opts.base);
  if (!bl || opts.base[bl - 1] == '/') {
    fprintf(stderr, "sila publish: --base must be an IRI without a trailing '/'\n");
    return SILA_EXIT_USAGE;
  }
  opts.warning = on_warning;
  opts.warning_ctx = quiet ? (void *)&quiet : NULL;
  SilaStore *store = NULL;
  if (!opts.dry_run) {
    int rc = sila_cli_open_store(sila_cli_store_dir(dir), 0, &store);
    if (rc)
      return rc;
  }
  int rc = SILA_EXIT_OK;
  for (int i = first; i < argc; i++) {
    SilaPublishReport rep;
    SilaError err = {0};
    SilaStatus st = sila_publish(store, argv[i], &opts, &rep, &err);
    if (st) {
      char buf[SILA_ERROR_MSG_MAX + 1200];
      fprintf(stderr, "%s\n", sila_error_format(&err, buf, sizeof buf));
      rc = SILA_EXIT_FAIL;
    }
    print_report(argv[i], &rep, opts.dry_run, st == SILA_OK);
  }
  sila_store_close(store);
  return rc;
}
