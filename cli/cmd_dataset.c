/* cmd_dataset.c — `sila dataset new`: from a CSV to a dataset folder,
 * without writing JSON by hand (`sila dataset owner` is cmd_dataset_owner.c).
 *
 *   sila dataset new [--out DIR] [--template NAME] [--vocabularies DIR] [--slug SLUG] FILE.csv
 *
 * Inspects the file (app/sila_inspect.h), picks the template of
 * vocabularies/templates/ that fits its headers best (or the one named),
 * writes DIR with the CSV, its CSVW metadata and a dataset.json
 * (app/sila_dataset.h), and prints what was found, why that template, the
 * alternatives, and what a person must still say.  Exit status: 0 written,
 * 1 failed, 2 usage error. */
#define _GNU_SOURCE /* asprintf */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sila_cli.h"
#include "sila_dataset.h"
#include "sila_inspect.h"

static void usage(FILE *out) {
  fputs("usage: sila dataset new [--out DIR] [--template NAME] [--vocabularies DIR] [--slug SLUG]\n"
        "                        FILE.csv\n"
        "Inspects the CSV (character set, separator, quoting, header, decimal commas,\n"
        "date formats, empty columns), picks the template of the vocabularies folder's\n"
        "templates/ that fits its headers best (--template NAME to choose one, or\n"
        "--template none), and writes the dataset folder DIR (default: ./SLUG): the CSV,\n"
        "its CSVW metadata and dataset.json, then lists what you must still fill in.\n"
        "Check the result with: sila publish --dry-run DIR\n",
        out);
  fputs("\n", out);
  sila_dataset_owner_usage(out);
}

static bool is_dir(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The nearest "vocabularies" folder at or above `start` (malloc'd) or NULL. */
static char *find_vocabularies(const char *start) {
  char *real = realpath(start, NULL);
  for (int up = 0; real && up < 6; up++) {
    char *cand = NULL;
    if (asprintf(&cand, "%s/vocabularies", real) < 0)
      break;
    if (is_dir(cand)) {
      free(real);
      return cand;
    }
    free(cand);
    char *slash = strrchr(real, '/');
    if (!slash || slash == real)
      break;
    *slash = '\0';
  }
  free(real);
  return NULL;
}

static void print_inspection(const SilaInspection *in) {
  printf("%s\n", in->path);
  bool utf8 = !strcmp(in->encoding, "utf-8");
  printf("  encoding      %s%s (libuchardet: %s%s)\n", in->encoding, in->bom ? " with BOM" : "",
         in->detector[0] ? in->detector : "no answer",
         utf8 ? "; the bytes are valid UTF-8" : "; the bytes are not UTF-8");
  const char *sep = in->delimiter == '\t' ? "tab" : NULL;
  char sepbuf[8];
  if (!sep) {
    snprintf(sepbuf, sizeof sepbuf, "'%c'", in->delimiter);
    sep = sepbuf;
  }
  printf("  separator     %s; %s; lines end with %s%s\n", sep,
         in->quoted ? "some fields in double quotes" : "no quoted fields", in->crlf ? "CR LF" : "LF",
         in->final_newline ? "" : ", no newline at the end");
  printf("  header        %s, %zu columns\n", in->header ? "yes" : "no (columns are numbered)",
         in->ncols);
  printf("  rows          %lu", in->rows);
  if (in->blank_rows)
    printf(", and %lu made only of separators (skipped)", in->blank_rows);
  if (in->ragged_rows)
    printf(", %lu with another number of cells (the first at line %lu)", in->ragged_rows,
           in->first_ragged);
  printf("%s\n", in->truncated ? " (only the first 256 MiB were read)" : "");
  printf("  columns\n");
  for (size_t i = 0; i < in->ncols; i++) {
    const SilaInspectColumn *c = &in->cols[i];
    char kind[96];
    sila_inspect_describe(c, kind, sizeof kind);
    char title[160];
    snprintf(title, sizeof title, "%s", c->title);
    for (char *p = title; *p; p++)
      if (*p == '\n' || *p == '\r' || *p == '\t')
        *p = ' '; /* a header cell may hold a line break */
    printf("   %3zu %-28s %-44s", i + 1, title, kind);
    if (c->empty && c->kind != SILA_COL_EMPTY)
      printf(" %lu empty", c->empty);
    if (c->example[0])
      printf("%s e.g. \"%s\"", c->empty && c->kind != SILA_COL_EMPTY ? "," : "", c->example);
    printf("\n");
  }
  bool any = false;
  for (size_t i = 0; i < in->ncols; i++)
    if (in->cols[i].title_spaces) {
      printf("%s\"%s\"", any ? ", " : "  spaces around header names (trimmed, as the mapping does): ",
             in->cols[i].title);
      any = true;
    }
  if (any)
    printf("\n");
}

int sila_cmd_dataset(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? SILA_EXIT_USAGE : SILA_EXIT_OK;
  }
  if (!strcmp(argv[1], "owner"))
    return sila_cmd_dataset_owner(argc, argv);
  if (strcmp(argv[1], "new")) {
    fprintf(stderr, "sila dataset: unknown action '%s'\n", argv[1]);
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  const char *out = NULL, *tmpl = NULL, *vocab_opt = NULL, *slug = NULL, *csv = NULL;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return SILA_EXIT_OK;
    } else if (!strcmp(a, "--out") && i + 1 < argc) {
      out = argv[++i];
    } else if (!strcmp(a, "--template") && i + 1 < argc) {
      tmpl = argv[++i];
    } else if (!strcmp(a, "--vocabularies") && i + 1 < argc) {
      vocab_opt = argv[++i];
    } else if (!strcmp(a, "--slug") && i + 1 < argc) {
      slug = argv[++i];
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "sila dataset new: unknown option '%s'\n", a);
      usage(stderr);
      return SILA_EXIT_USAGE;
    } else if (!csv) {
      csv = a;
    } else {
      usage(stderr);
      return SILA_EXIT_USAGE;
    }
  }
  if (!csv) {
    usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaError err = {0};
  SilaInspection *in = NULL;
  SilaStatus st = sila_inspect_csv(csv, &in, &err);
  if (st) {
    char buf[SILA_ERROR_MSG_MAX + 64];
    fprintf(stderr, "sila dataset new: %s\n", sila_error_format(&err, buf, sizeof buf));
    return SILA_EXIT_FAIL;
  }
  print_inspection(in);

  /* the templates */
  char *vocab = vocab_opt ? strdup(vocab_opt) : find_vocabularies(".");
  if (!vocab) {
    char *dir = strdup(csv), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
      *slash = '\0';
    vocab = find_vocabularies(slash ? dir : ".");
    free(dir);
  }
  SilaTemplateMatch *ms = NULL;
  size_t nm = 0;
  char *tdir = NULL;
  if (vocab && asprintf(&tdir, "%s/templates", vocab) >= 0 && is_dir(tdir))
    st = sila_inspect_match_templates(in, tdir, &ms, &nm, &err);
  else
    printf("template      none found (no vocabularies/templates folder: --vocabularies DIR)\n");
  const SilaTemplateMatch *chosen = NULL;
  int rc = SILA_EXIT_OK;
  if (st) {
    char buf[SILA_ERROR_MSG_MAX + 64];
    fprintf(stderr, "sila dataset new: %s\n", sila_error_format(&err, buf, sizeof buf));
    rc = SILA_EXIT_FAIL;
  } else if (tmpl && strcmp(tmpl, "none")) {
    for (size_t i = 0; i < nm && !chosen; i++)
      if (!strcmp(ms[i].name, tmpl))
        chosen = &ms[i];
    if (!chosen) {
      fprintf(stderr, "sila dataset new: no template \"%s\" in %s\n", tmpl, tdir ? tdir : "-");
      rc = SILA_EXIT_USAGE;
    } else {
      printf("template      %s (chosen; fit %.2f): %s\n", chosen->name, chosen->score, chosen->why);
    }
  } else if (nm) {
    /* a template fits when it matches at least two headers and half its columns */
    bool fits = !tmpl && ms[0].matched >= 2 && 2 * ms[0].matched >= ms[0].columns;
    if (fits) {
      chosen = &ms[0];
      printf("template      %s (fit %.2f): %s\n", chosen->name, chosen->score, chosen->why);
    } else {
      printf("template      none fits: a mapping of its own (the best, %s, fit %.2f: %s)\n",
             ms[0].name, ms[0].score, ms[0].why);
    }
    printf("alternatives ");
    int shown = 0;
    for (size_t i = 0; i < nm && shown < 3; i++) {
      if (&ms[i] == chosen || (!chosen && i == 0))
        continue;
      printf("%s %s (%.2f, %u of %u columns)", shown ? "," : "", ms[i].name, ms[i].score,
             ms[i].matched, ms[i].columns);
      shown++;
    }
    printf("%s\n", shown ? "" : " none");
  }

  char *def_out = NULL;
  SilaTodo todo = {NULL, 0};
  if (rc == SILA_EXIT_OK) {
    SilaDatasetOptions o = {0};
    o.template_match = chosen;
    o.vocabularies = vocab;
    o.slug = slug;
    if (!out) {
      /* ./SLUG, the slug from the file name */
      const char *b = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
      size_t n = strlen(b);
      if (asprintf(&def_out, "%.*s", (int)(n > 4 && !strcasecmp(b + n - 4, ".csv") ? n - 4 : n),
                   b) < 0)
        def_out = NULL;
    }
    o.out_dir = out ? out : def_out ? def_out : "dataset";
    st = sila_dataset_write(in, &o, &todo, &err);
    if (st) {
      char buf[SILA_ERROR_MSG_MAX + 64];
      fprintf(stderr, "sila dataset new: %s\n", sila_error_format(&err, buf, sizeof buf));
      rc = SILA_EXIT_FAIL;
    } else {
      const char *b = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
      printf("wrote         %s/%s, %s/%s-metadata.json, %s/dataset.json\n", o.out_dir, b, o.out_dir,
             b, o.out_dir);
      printf("still to do   (then check with: sila publish --dry-run %s)\n", o.out_dir);
      for (size_t i = 0; i < todo.n; i++)
        printf("   %2zu. %s\n", i + 1, todo.items[i]);
    }
  }
  sila_todo_free(&todo);
  free(def_out);
  sila_template_matches_free(ms, nm);
  free(tdir);
  free(vocab);
  sila_inspection_free(in);
  return rc;
}
