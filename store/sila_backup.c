/* sila_backup.c — a consistent, compacted copy of a live store.
 *
 * LMDB copies from one read snapshot (mdb_env_copy2 with MDB_CP_COMPACT:
 * free pages left out, pages renumbered), so the copy is the store as of
 * one commit even while `sila serve` or `sila load` keeps writing in
 * another process.  The copy is written into a temporary sibling
 * directory, synced, and renamed into place: DEST either does not exist or
 * is a whole store, never half of one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

static void remove_tmp(const char *tmp) {
  char path[4200];
  snprintf(path, sizeof path, "%s/data.mdb", tmp);
  unlink(path);
  snprintf(path, sizeof path, "%s/lock.mdb", tmp);
  unlink(path);
  rmdir(tmp);
}

static SilaStatus sync_path(const char *path, int flags) {
  int fd = open(path, flags | O_CLOEXEC);
  if (fd < 0)
    return SILA_ERR_IO;
  int rc = fsync(fd);
  close(fd);
  return rc ? SILA_ERR_IO : SILA_OK;
}

SilaStatus sila_store_backup(SilaStore *store, const char *dest, SilaError *err) {
  struct stat st;
  if (!dest || !*dest)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no backup destination");
  if (stat(dest, &st) == 0)
    return sila_error_set(err, SILA_ERR_EXISTS, 0, 0,
                          "%s already exists (a backup never overwrites)", dest);
  size_t dl = strlen(dest);
  while (dl > 1 && dest[dl - 1] == '/')
    dl--;
  char tmp[4096], parent[4096];
  if (dl + 32 >= sizeof tmp)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "backup path too long");
  snprintf(tmp, sizeof tmp, "%.*s.tmp-%ld", (int)dl, dest, (long)getpid());
  if (mkdir(tmp, 0755) != 0)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot create %s: %s", tmp, strerror(errno));
  int rc = mdb_env_copy2(store->env, tmp, MDB_CP_COMPACT);
  if (rc) {
    remove_tmp(tmp);
    return sila_error_set(err, sila_mdb_status(rc), 0, 0, "cannot copy the store to %s: %s",
                          tmp, mdb_strerror(rc));
  }
  char data[4200];
  snprintf(data, sizeof data, "%s/data.mdb", tmp);
  SilaStatus s = sync_path(data, O_RDONLY);
  if (s == SILA_OK)
    s = sync_path(tmp, O_RDONLY | O_DIRECTORY);
  if (s != SILA_OK) {
    remove_tmp(tmp);
    return sila_error_set(err, s, 0, 0, "cannot sync %s: %s", data, strerror(errno));
  }
  /* rename(2) of a directory onto an existing empty one would succeed:
   * the stat above and this check keep an existing DEST untouched. */
  if (stat(dest, &st) == 0 || rename(tmp, dest) != 0) {
    int e = errno;
    remove_tmp(tmp);
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot move the backup to %s: %s", dest,
                          strerror(e));
  }
  snprintf(parent, sizeof parent, "%.*s", (int)dl, dest);
  char *slash = strrchr(parent, '/');
  if (slash == parent)
    slash[1] = '\0';
  else if (slash)
    *slash = '\0';
  else
    strcpy(parent, ".");
  sync_path(parent, O_RDONLY | O_DIRECTORY); /* the rename itself; best effort */
  return SILA_OK;
}
