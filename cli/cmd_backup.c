/* cmd_backup.c — `sila backup`: a consistent, compacted copy of a store,
 * safe while `sila serve` (or a load) writes to it (sila_store_backup). */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "sila_cli.h"

static const char usage[] =
    "usage: sila backup [--store DIR] DEST\n"
    "Copies the store, as of one commit, into the new directory DEST (which must\n"
    "not exist), leaving out free pages.  Safe while the store is served or\n"
    "written; DEST is a store that 'sila serve --store DEST' opens as it is.\n";

int sila_cmd_backup(int argc, char **argv) {
  const char *dir;
  int opt = sila_cli_store_option(argc, argv, usage, &dir);
  if (opt >= 0)
    return opt;
  if (optind + 1 != argc) {
    fputs(usage, stderr);
    return SILA_EXIT_USAGE;
  }
  const char *dest = argv[optind];
  dir = sila_cli_store_dir(dir);
  SilaStore *store;
  int rc = sila_cli_open_store(dir, SILA_STORE_READONLY, &store);
  if (rc)
    return rc;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  SilaError err;
  sila_error_clear(&err);
  SilaStatus st = sila_store_backup(store, dest, &err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  sila_store_close(store);
  if (st != SILA_OK) {
    fprintf(stderr, "sila backup: %s\n", err.message[0] ? err.message : sila_strerror(st));
    return SILA_EXIT_FAIL;
  }
  /* Report what the copy holds, read back from the copy itself. */
  SilaStore *copy;
  SilaTxn *txn;
  SilaStoreStats stats;
  if (sila_store_open(dest, SILA_STORE_READONLY, &copy) != SILA_OK) {
    fprintf(stderr, "sila backup: the copy in %s does not open\n", dest);
    return SILA_EXIT_FAIL;
  }
  if (sila_txn_begin_read(copy, &txn) != SILA_OK || sila_txn_stats(txn, &stats) != SILA_OK) {
    fprintf(stderr, "sila backup: the copy in %s cannot be read\n", dest);
    sila_store_close(copy);
    return SILA_EXIT_FAIL;
  }
  sila_txn_abort(txn);
  sila_store_close(copy);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("backup of %s in %s: %llu quads, write %llu, %llu bytes, %.3f s\n", dir, dest,
         (unsigned long long)stats.quads, (unsigned long long)stats.generation,
         (unsigned long long)stats.bytes_on_disk, secs);
  return SILA_EXIT_OK;
}
