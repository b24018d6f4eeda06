/* cmd_dataset_owner.c — `sila dataset owner`: which office of the
 * publishing area owns a published dataset (the administrator's job on
 * the command line; `sila publish` gives a dataset to no office).
 *
 *   sila dataset owner [--store DIR] [--base IRI] SLUG OFFICE   give it to OFFICE
 *   sila dataset owner [--store DIR] SLUG                       say who owns it
 *
 * The office's stewards then update and restore it at /pubblica; the
 * dataset's page shows the office.  Exit status: 0 done, 1 an unknown
 * dataset or office (said on stderr), 2 usage error. */
#include <stdio.h>
#include <string.h>

#include "sila_accounts.h"
#include "sila_cli.h"
#include "sila_publish.h"

void sila_dataset_owner_usage(FILE *out) {
  fputs("usage: sila dataset owner [--store DIR] [--base IRI] SLUG OFFICE\n"
        "       sila dataset owner [--store DIR] SLUG\n"
        "Gives the published dataset SLUG (the graph {base}/set/SLUG; base default\n"
        "https://dati.calabria.it) to the office OFFICE of the publishing area: its\n"
        "stewards may then update and restore it at /pubblica, and the dataset's page\n"
        "names the office.  With SLUG alone, prints the office that owns it.\n",
        out);
}

int sila_cmd_dataset_owner(int argc, char **argv) {
  const char *store_dir = NULL, *base = SILA_PUBLISH_DEFAULT_BASE, *pos[3] = {NULL};
  int npos = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      sila_dataset_owner_usage(stdout);
      return SILA_EXIT_OK;
    } else if (!strcmp(a, "--store") && i + 1 < argc) {
      store_dir = argv[++i];
    } else if (!strcmp(a, "--base") && i + 1 < argc) {
      base = argv[++i];
    } else if ((a[0] == '-' && a[1]) || npos == 2) {
      if (a[0] == '-')
        fprintf(stderr, "sila dataset owner: unknown option '%s'\n", a);
      sila_dataset_owner_usage(stderr);
      return SILA_EXIT_USAGE;
    } else {
      pos[npos++] = a;
    }
  }
  if (npos < 1) {
    sila_dataset_owner_usage(stderr);
    return SILA_EXIT_USAGE;
  }
  size_t bl = strlen(base);
  char base_buf[512];
  snprintf(base_buf, sizeof base_buf, "%.*s", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl),
           base);
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(store_dir), 0, &store);
  if (rc)
    return rc;
  SilaError err = {0};
  if (npos == 1) {
    char office[SILA_NAME_MAX + 1];
    SilaOffice of;
    if (sila_dataset_owner(store, pos[0], office) != SILA_OK) {
      printf("%s\t-\t(no office: only the administrator may update it)\n", pos[0]);
    } else {
      bool named = sila_office_get(store, office, &of) == SILA_OK;
      printf("%s\t%s\t%s\n", pos[0], office, named ? of.name : "(an office that no longer exists)");
    }
  } else if (sila_dataset_assign(store, base_buf, pos[0], pos[1], &err) != SILA_OK) {
    fprintf(stderr, "sila dataset owner: %s\n",
            err.message[0] ? err.message : sila_strerror(err.status));
    rc = SILA_EXIT_FAIL;
  } else {
    SilaOffice of;
    sila_office_get(store, pos[1], &of);
    printf("dataset %s now belongs to office %s (%s)\n", pos[0], pos[1], of.name);
  }
  sila_store_close(store);
  return rc;
}
