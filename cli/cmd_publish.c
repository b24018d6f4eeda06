/* cmd_publish.c — `sila publish`: dataset folders into the store and the
 * DCAT-AP_IT catalogue, each all or nothing, with a quality report.
 *
 *   sila publish [--store DIR] [--base IRI] [--vocabularies DIR] [--dry-run] [--quiet]
 *                DATASET-DIR...
 *
 * Each published version is kept in the store's history (its files, who
 * and when), which the portal's publishing area shows and restores from.
 * The report (stdout) lists every error and warning with its file, row and
 * column, and the reason of a refusal.  Exit status: 0 when every dataset
 * was published (or, with --dry-run, would be), 1 when any was refused
 * (the others are still published), 2 on a usage error. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "sila_accounts.h"
#include "sila_cli.h"
#include "sila_publish.h"
#include "sila_prog.h"

static void usage(FILE *out) {
  fputs("usage: sila publish [--store DIR] [--base IRI] [--vocabularies DIR] [--dry-run] [--quiet]\n"
        "                    DATASET-DIR...\n"
        "A dataset folder holds a CSV, its CSVW metadata (*-metadata.json) and its\n"
        "DCAT-AP_IT description (dataset.json); `sila dataset new FILE.csv` writes one.\n"
        "Each folder is mapped and checked; then, in one transaction, its graph\n"
        "{base}/set/{slug} is replaced and the catalogue graph {base}/catalogo updated.\n"
        "A refused dataset changes nothing.  Tables and lookup tables are read only\n"
        "from the dataset folder and the vocabularies folder (default: the nearest\n"
        "\"vocabularies\" folder beside or above the dataset folder).\n"
        "--dry-run prints the quality report without writing; --quiet leaves the\n"
        "warnings out of it.  Default base: " SILA_PUBLISH_DEFAULT_BASE "\n",
        out);
}

/* The problems of one dataset, in the order found. */
typedef struct {
  char **lines;
  size_t n, cap;
  bool quiet;
  size_t dropped; /* lines that could not be stored (out of memory) */
} Problems;

/* "file:row:column" with a file:// URL shown as its path; a column
 * without a row (a header, a metadata property) says "column N". */
static void add_problem(Problems *p, const char *kind, const char *file, unsigned long row,
                        unsigned long col, const char *msg) {
  char path[1024];
  size_t w = 0;
  const char *f = file ? file : "-";
  if (!strncmp(f, "file://", 7))
    f += 7;
  for (; *f && w + 1 < sizeof path; f++) {
    if (*f == '%' && f[1] && f[2]) {
      char hex[3] = {f[1], f[2], 0};
      path[w++] = (char)strtol(hex, NULL, 16);
      f += 2;
    } else {
      path[w++] = *f;
    }
  }
  path[w] = '\0';
  char pos[64] = "";
  if (row && col)
    snprintf(pos, sizeof pos, ":%lu:%lu", row, col);
  else if (row)
    snprintf(pos, sizeof pos, ":%lu", row);
  else if (col)
    snprintf(pos, sizeof pos, ": column %lu", col);
  char *line = NULL;
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 16;
    char **grown = realloc(p->lines, cap * sizeof *grown);
    if (!grown) {
      p->dropped++;
      return;
    }
    p->lines = grown;
    p->cap = cap;
  }
  if (asprintf(&line, "%s%s: %s: %s", path, pos, kind, msg) < 0) {
    p->dropped++;
    return;
  }
  p->lines[p->n++] = line;
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  Problems *p = ctx;
  if (!p->quiet)
    add_problem(p, "warning", file, row, col, msg);
}

static void on_error(void *ctx, const char *file, unsigned long row, unsigned long col,
                     const char *msg) {
  add_problem(ctx, "error", file, row, col, msg);
}

static void problems_clear(Problems *p) {
  for (size_t i = 0; i < p->n; i++)
    free(p->lines[i]);
  free(p->lines);
  p->lines = NULL;
  p->n = p->cap = p->dropped = 0;
}

/* LMDB reports a full file system as a plain I/O error: ask the file
 * system, so the steward reads what to do. */
static bool store_device_full(const char *store_dir) {
  struct statvfs vs;
  if (!store_dir || statvfs(store_dir, &vs) != 0)
    return false;
  unsigned long long avail = (unsigned long long)vs.f_bavail * vs.f_frsize;
  return avail < (1ULL << 20); /* less than a page run of LMDB's writes */
}

/* A published version goes to the history the portal's area shows (and
 * restores from), with the audit log's line; who = the login name. */
static void keep_version(SilaStore *store, const char *dir, const SilaPublishReport *r,
                         const Problems *p) {
  SilaVersion v = {0};
  const char *who = getenv("USER");
  snprintf(v.user, sizeof v.user, "%.40s", who && *who ? who : "cli");
  snprintf(v.action, sizeof v.action, "publish");
  v.rows = r->rows;
  v.triples = r->triples;
  SilaBuf text = SILA_BUF_INIT;
  sila_buf_printf(&text, "published (sila publish)\nrows %llu, triples %llu, warnings %llu, stars %d\n",
                  (unsigned long long)r->rows, (unsigned long long)r->triples,
                  (unsigned long long)r->warnings, r->stars);
  for (size_t i = 0; i < p->n; i++)
    sila_buf_printf(&text, "%s\n", p->lines[i]);
  unsigned version = 0;
  SilaStatus st = text.data ? sila_history_add_dir(store, r->slug, dir, r->metadata, &v, text.data,
                                                   &version)
                            : SILA_ERR_NOMEM;
  sila_buf_free(&text);
  if (st == SILA_OK) {
    char detail[64];
    snprintf(detail, sizeof detail, "version %u (sila publish)", version);
    sila_audit(store, "publish", v.user, r->slug, detail);
  } else {
    fprintf(stderr, "%s: published, but not kept in the history (%s)\n", dir,
            st == SILA_ERR_INVALID ? "its CSV is not a file of the folder" : sila_strerror(st));
  }
}

static void print_report(const char *dir, const SilaPublishReport *r, const Problems *p, bool dry,
                         bool ok) {
  printf("%s: %s\n", dir,
         !ok ? "REFUSED (nothing changed)" : dry ? "checked (dry run, nothing written)"
                                                 : "published");
  if (!ok && r->reason[0])
    printf("  reason        %s\n", r->reason);
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
  printf("  DCAT-AP_IT    mandatory: %s\n",
         r->missing[0] ? r->missing : r->slug[0] ? "all present" : "not checked");
  if (r->missing_recommended[0])
    printf("                recommended missing: %s\n", r->missing_recommended);
  if (p->n || p->dropped) {
    printf("  problems      %zu\n", p->n + p->dropped);
    for (size_t i = 0; i < p->n; i++)
      printf("    %s\n", p->lines[i]);
    if (p->dropped)
      printf("    (%zu more, not shown: out of memory)\n", p->dropped);
  }
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
    } else if (!strcmp(a, "--vocabularies") && i + 1 < argc) {
      opts.vocabularies = argv[++i];
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
  Problems problems = {NULL, 0, 0, quiet, 0};
  opts.warning = on_warning;
  opts.warning_ctx = &problems;
  opts.error = on_error;
  opts.error_ctx = &problems;
  SilaStore *store = NULL;
  const char *store_dir = sila_cli_store_dir(dir);
  if (!opts.dry_run) {
    int rc = sila_cli_open_store(store_dir, 0, &store);
    if (rc)
      return rc;
  }
  int rc = SILA_EXIT_OK;
  for (int i = first; i < argc; i++) {
    SilaPublishReport rep;
    SilaError err = {0};
    SilaStatus st = sila_publish(store, argv[i], &opts, &rep, &err);
    if (store) { /* the quality history keeps refused publishes too (issue 17) */
      char today[11];
      sila_prog_today(today);
      SilaStatus qst = sila_quality_record(store, opts.base, &rep, today);
      if (qst)
        fprintf(stderr, "%s: quality history not updated: %s\n", argv[i], sila_strerror(qst));
    }
    if (st) {
      if ((st == SILA_ERR_IO || st == SILA_ERR_FULL) && store && store_device_full(store_dir))
        snprintf(rep.reason, sizeof rep.reason,
                 "%s: no space left on the device holding the store (%s): free some space "
                 "and publish again; nothing was changed",
                 argv[i], store_dir);
      fprintf(stderr, "%s\n", rep.reason);
      rc = SILA_EXIT_FAIL;
    }
    if (st == SILA_OK && store)
      keep_version(store, argv[i], &rep, &problems);
    print_report(argv[i], &rep, &problems, opts.dry_run, st == SILA_OK);
    problems_clear(&problems);
  }
  sila_store_close(store);
  return rc;
}
