/* redland_registry.c — one SilaStore per directory per process.
 *
 * LMDB must not open one environment twice in a process, and rdfproc or a
 * language binding may well create two "sila" storages on one directory
 * (or a program may hold the store open already): every storage goes
 * through this registry, keyed by the directory's real path. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "redland_internal.h"

typedef struct Entry {
  char *path;       /* realpath of the directory */
  SilaStore *store;
  unsigned users;   /* storages using it */
  bool owned;       /* opened here (closed with the last user) */
  struct Entry *next;
} Entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Entry *entries;

static Entry *find_path(const char *path) {
  for (Entry *e = entries; e; e = e->next)
    if (!strcmp(e->path, path))
      return e;
  return NULL;
}

static Entry *add_entry(const char *path, SilaStore *store, bool owned) {
  Entry *e = calloc(1, sizeof *e);
  if (!e || !(e->path = strdup(path))) {
    free(e);
    return NULL;
  }
  e->store = store;
  e->owned = owned;
  e->next = entries;
  entries = e;
  return e;
}

static void remove_entry(Entry *gone) {
  for (Entry **p = &entries; *p; p = &(*p)->next)
    if (*p == gone) {
      *p = gone->next;
      free(gone->path);
      free(gone);
      return;
    }
}

SilaStatus sila_rl_store_acquire(const char *dir, bool create, SilaStore **out) {
  char path[PATH_MAX];
  SilaStatus st = SILA_OK;
  *out = NULL;
  pthread_mutex_lock(&lock);
  Entry *e = realpath(dir, path) ? find_path(path) : NULL;
  if (!e) {
    SilaStore *store = NULL;
    st = sila_store_open(dir, create ? SILA_STORE_CREATE : 0, &store);
    if (st == SILA_OK && !realpath(dir, path))
      st = SILA_ERR_IO;
    if (st == SILA_OK && !(e = add_entry(path, store, true)))
      st = SILA_ERR_NOMEM;
    if (st != SILA_OK)
      sila_store_close(store);
  }
  if (e) {
    e->users++;
    *out = e->store;
  }
  pthread_mutex_unlock(&lock);
  return st;
}

void sila_rl_store_release(SilaStore *store) {
  if (!store)
    return;
  pthread_mutex_lock(&lock);
  for (Entry *e = entries; e; e = e->next)
    if (e->store == store) {
      if (--e->users == 0 && e->owned) {
        sila_store_close(store);
        remove_entry(e);
      }
      break;
    }
  pthread_mutex_unlock(&lock);
}

SilaStatus sila_redland_attach_store(SilaStore *store) {
  char path[PATH_MAX];
  SilaStatus st = SILA_OK;
  pthread_mutex_lock(&lock);
  if (!realpath(sila_store_dir(store), path))
    st = SILA_ERR_IO;
  else if (find_path(path))
    st = SILA_ERR_EXISTS;
  else if (!add_entry(path, store, false))
    st = SILA_ERR_NOMEM;
  pthread_mutex_unlock(&lock);
  return st;
}

void sila_redland_detach_store(SilaStore *store) {
  if (!store)
    return;
  pthread_mutex_lock(&lock);
  for (Entry *e = entries; e; e = e->next)
    if (e->store == store && !e->owned) {
      remove_entry(e);
      break;
    }
  pthread_mutex_unlock(&lock);
}
