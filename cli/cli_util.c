/* cli_util.c — what the subcommands share. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_cli.h"

int sila_cli_store_option(int argc, char **argv, const char *usage, const char **dir) {
  static const struct option opts[] = {{"store", required_argument, 0, 's'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c;
  *dir = NULL;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
    if (c == 's') {
      *dir = optarg;
    } else {
      fputs(usage, c == 'h' ? stdout : stderr);
      return c == 'h' ? SILA_EXIT_OK : SILA_EXIT_USAGE;
    }
  }
  return -1;
}

const char *sila_cli_store_dir(const char *opt) {
  if (opt)
    return opt;
  const char *env = getenv("SILA_STORE");
  return env && *env ? env : "./sila-data";
}

int sila_cli_open_store(const char *dir, unsigned flags, SilaStore **out) {
  SilaStatus st = sila_store_open(dir, flags, out);
  if (st == SILA_OK)
    return SILA_EXIT_OK;
  if (st == SILA_ERR_NOT_FOUND)
    fprintf(stderr, "sila: no store in %s (create one with 'sila init %s')\n", dir, dir);
  else if (st == SILA_ERR_CORRUPT)
    fprintf(stderr,
            "sila: cannot open the store in %s: not a store of this version of Sila (the "
            "on-disk format changes between versions: 'sila dump' it with the version that "
            "wrote it, then 'sila load' the dump), or damaged\n",
            dir);
  else
    fprintf(stderr, "sila: cannot open the store in %s: %s\n", dir, sila_strerror(st));
  return SILA_EXIT_FAIL;
}

char *sila_cli_file_base(const char *path) {
  if (!path || !strcmp(path, "-"))
    return NULL;
  char *abs = realpath(path, NULL);
  if (!abs)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  if (sila_buf_puts(&b, "file://") || sila_buf_puts(&b, abs))
    sila_buf_free(&b);
  free(abs);
  return b.data;
}
