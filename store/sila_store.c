/* sila_store.c — opening a store, transactions, meta counters. */
#define _GNU_SOURCE /* fallocate's hole punching (reserve_bytes) */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "sila_alloc.h"
#include "store_internal.h"
#include "text_internal.h"

const int sila_index_perm[IDX_COUNT][4] = {
    {0, 1, 2, 3}, /* SPOG */
    {1, 2, 0, 3}, /* POSG */
    {2, 0, 1, 3}, /* OSPG */
    {3, 0, 1, 2}, /* GSPO */
    {0, 1, 2, 3}, /* DSPO */
    {1, 2, 0, 3}, /* DPOS */
    {2, 0, 1, 3}, /* DOSP */
};
const char *const sila_index_name[IDX_COUNT] = {"spog", "posg", "ospg", "gspo",
                                                "dspo", "dpos", "dosp"};
/* The named orderings of format 4 that format 5 does without. */
static const char *const dropped_index_name[] = {"gpos", "gosp"};

/* Address space is cheap and LMDB does not preallocate the file: start
 * with a large map and halve it while the system refuses (valgrind and
 * some containers limit address space). */
static const size_t map_sizes[] = {(size_t)1 << 40, (size_t)1 << 38, (size_t)1 << 36,
                                   (size_t)1 << 34, (size_t)1 << 32};

SilaStatus sila_mdb_status(int rc) {
  switch (rc) {
  case 0: return SILA_OK;
  case MDB_NOTFOUND: return SILA_ERR_NOT_FOUND;
  case MDB_KEYEXIST: return SILA_ERR_EXISTS;
  case MDB_MAP_FULL:
  case MDB_TXN_FULL:
  case ENOSPC: /* the disk, or the user's quota, is full */
  case EDQUOT: return SILA_ERR_FULL;
  case MDB_READERS_FULL: return SILA_ERR_BUSY;
  case ENOMEM: return SILA_ERR_NOMEM;
  case MDB_CORRUPTED:
  case MDB_INVALID:
  case MDB_VERSION_MISMATCH:
  case MDB_INCOMPATIBLE: return SILA_ERR_CORRUPT;
  case ENOENT: return SILA_ERR_NOT_FOUND;
  default: return SILA_ERR_IO;
  }
}

static bool file_exists(const char *dir, const char *name) {
  char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

/* The indexes' keys (8 bytes) and values (16 or 24) are big-endian IDs:
 * compared as 64-bit words they sort exactly as memcmp sorts them (LMDB's
 * default for these databases, so a store reads the same with or without
 * this), without a library call per comparison — lookups make many. */
static int cmp_be_words(const MDB_val *a, const MDB_val *b) {
  if (a->mv_size == b->mv_size && (a->mv_size & 7) == 0) {
    const unsigned char *x = a->mv_data, *y = b->mv_data;
    for (size_t i = 0; i < a->mv_size; i += 8) {
      uint64_t u = sila_get_be64(x + i), v = sila_get_be64(y + i);
      if (u != v)
        return u < v ? -1 : 1;
    }
    return 0;
  }
  size_t n = a->mv_size < b->mv_size ? a->mv_size : b->mv_size;
  int c = n ? memcmp(a->mv_data, b->mv_data, n) : 0;
  return c ? c : a->mv_size < b->mv_size ? -1 : a->mv_size > b->mv_size;
}

/* Opens the trees; *version gets the store's format (SILA_FORMAT_VERSION
 * for a store it creates). */
static SilaStatus open_dbis(SilaStore *s, bool create, uint64_t *version) {
  *version = SILA_FORMAT_VERSION;
  MDB_txn *txn;
  int rc = mdb_txn_begin(s->env, NULL, create ? 0 : MDB_RDONLY, &txn);
  if (rc)
    return sila_mdb_status(rc);
  unsigned c = create ? MDB_CREATE : 0;
  rc = mdb_dbi_open(txn, "meta", c, &s->meta);
  if (!rc)
    rc = mdb_dbi_open(txn, "dict", c | MDB_INTEGERKEY, &s->dict);
  if (!rc)
    rc = mdb_dbi_open(txn, "pstats", c, &s->pstats);
  for (int i = 0; i < IDX_COUNT && !rc; i++) {
    rc = mdb_dbi_open(txn, sila_index_name[i], c | MDB_DUPSORT | MDB_DUPFIXED, &s->index[i]);
    if (!rc)
      rc = mdb_set_compare(txn, s->index[i], cmp_be_words);
    if (!rc)
      rc = mdb_set_dupsort(txn, s->index[i], cmp_be_words);
  }
  if (rc) {
    mdb_txn_abort(txn);
    return rc == MDB_NOTFOUND ? SILA_ERR_CORRUPT : sila_mdb_status(rc);
  }
  /* The format version: written at creation, checked at every open. */
  MDB_val key = {7, "version"}, val;
  rc = mdb_get(txn, s->meta, &key, &val);
  if (rc == MDB_NOTFOUND && create) {
    unsigned char v[8];
    sila_put_be64(v, SILA_FORMAT_VERSION);
    val.mv_size = 8;
    val.mv_data = v;
    rc = mdb_put(txn, s->meta, &key, &val, 0);
  } else if (rc == 0) {
    uint64_t v = val.mv_size == 8 ? sila_get_be64(val.mv_data) : 0;
    if (v != SILA_FORMAT_VERSION && v != SILA_FORMAT_VERSION_SIX_NAMED) {
      mdb_txn_abort(txn);
      return SILA_ERR_CORRUPT;
    }
    *version = v;
  }
  if (rc) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  rc = mdb_txn_commit(txn);
  return sila_mdb_status(rc);
}

/* A store of format 4 opened writable: its "gpos" and "gosp" orderings are
 * dropped (their pages go to LMDB's free list, reused by later writes) and
 * the format becomes 5, in one transaction.  Read-only opens leave them. */
static SilaStatus drop_six_named(SilaStore *s) {
  MDB_txn *txn;
  int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
  if (rc)
    return sila_mdb_status(rc);
  for (size_t i = 0; !rc && i < sizeof dropped_index_name / sizeof *dropped_index_name; i++) {
    MDB_dbi dbi;
    rc = mdb_dbi_open(txn, dropped_index_name[i], 0, &dbi);
    if (rc == MDB_NOTFOUND)
      rc = 0; /* already gone */
    else if (!rc)
      rc = mdb_drop(txn, dbi, 1);
  }
  unsigned char v[8];
  sila_put_be64(v, SILA_FORMAT_VERSION);
  MDB_val key = {7, "version"}, val = {8, v};
  if (!rc)
    rc = mdb_put(txn, s->meta, &key, &val, 0);
  if (rc) {
    mdb_txn_abort(txn);
    return sila_mdb_status(rc);
  }
  return sila_mdb_status(mdb_txn_commit(txn));
}

/* Named databases the environment may hold: the indexes, the dictionary,
 * the text index, the operational records, with room to grow (LMDB looks
 * names up linearly; the bound costs nothing else). */
enum { STORE_MAX_DBS = 64 };

SilaStatus sila_store_open(const char *dir, unsigned flags, SilaStore **out) {
  *out = NULL;
  bool create = flags & SILA_STORE_CREATE;
  bool readonly = flags & SILA_STORE_READONLY;
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (!create)
      return SILA_ERR_NOT_FOUND;
    if (mkdir(dir, 0755) != 0)
      return SILA_ERR_IO;
  } else if (!S_ISDIR(st.st_mode)) {
    return SILA_ERR_INVALID;
  }
  if (!create && !file_exists(dir, "data.mdb"))
    return SILA_ERR_NOT_FOUND;

  SilaStore *s = sila_calloc(1, sizeof *s);
  if (!s || !(s->dir = sila_strdup(dir))) {
    free(s);
    return SILA_ERR_NOMEM;
  }
  s->readonly = readonly;
  int rc = mdb_env_create(&s->env);
  if (!rc)
    rc = mdb_env_set_maxdbs(s->env, STORE_MAX_DBS);
  if (!rc)
    rc = mdb_env_set_maxreaders(s->env, 1024);
  bool writemap = !readonly && (flags & SILA_STORE_WRITEMAP);
  unsigned envflags = MDB_NOTLS | MDB_NORDAHEAD | (readonly ? MDB_RDONLY : 0) |
                      (writemap ? MDB_WRITEMAP : 0);
  for (size_t i = 0; !rc && i < sizeof map_sizes / sizeof map_sizes[0]; i++) {
    rc = mdb_env_set_mapsize(s->env, map_sizes[i]);
    if (!rc)
      rc = mdb_env_open(s->env, dir, envflags, 0644);
    if (rc != ENOMEM)
      break;
    /* mdb_env_open failed to map: a failed env must be recreated. */
    mdb_env_close(s->env);
    s->env = NULL;
    rc = mdb_env_create(&s->env);
    if (!rc)
      rc = mdb_env_set_maxdbs(s->env, STORE_MAX_DBS);
    if (!rc)
      rc = mdb_env_set_maxreaders(s->env, 1024);
  }
  s->writemap = writemap && !rc; /* the file is trimmed at close only if the map was made */
  uint64_t version = SILA_FORMAT_VERSION;
  SilaStatus st2 = rc ? sila_mdb_status(rc) : open_dbis(s, create && !readonly, &version);
  if (st2 == SILA_OK && version == SILA_FORMAT_VERSION_SIX_NAMED && !readonly)
    st2 = drop_six_named(s);
  if (st2 == SILA_OK)
    st2 = sila_ops_open(s);
  if (st2 == SILA_OK)
    st2 = text_open(s); /* text index: builds it on the first writable open */
  if (st2 == SILA_OK)
    st2 = sila_kv_open(s); /* the operational key/value tree */
  if (st2 == SILA_OK)
    st2 = sila_tt_open(s); /* triple terms by component (created on a writable open) */
  if (st2 != SILA_OK) {
    sila_store_close(s);
    /* A file system that cannot hold the map's sparse stretch (ftruncate
     * refused): the store opens without the map. */
    if (flags & SILA_STORE_WRITEMAP && st2 != SILA_ERR_CORRUPT)
      return sila_store_open(dir, flags & ~(unsigned)SILA_STORE_WRITEMAP, out);
    return st2;
  }
  *out = s;
  return SILA_OK;
}

/* A writable map makes LMDB stretch the data file to the map's size (1 TiB,
 * sparse).  Pages past the last one in use belong to no snapshot, so under
 * the writer's lock the file can be cut back there: readers never look past
 * their snapshot's last page, and a writer with a map stretches the file
 * again when it starts (map_cover). */
static void writemap_trim(SilaStore *s) {
  MDB_txn *txn;
  if (mdb_txn_begin(s->env, NULL, 0, &txn) != 0)
    return;
  MDB_envinfo info;
  MDB_stat stat;
  int fd;
  struct stat fst;
  if (mdb_env_info(s->env, &info) == 0 && mdb_env_stat(s->env, &stat) == 0 &&
      mdb_env_get_fd(s->env, &fd) == 0 && fstat(fd, &fst) == 0) {
    off_t used = (off_t)(info.me_last_pgno + 1) * (off_t)stat.ms_psize;
    if (used < fst.st_size && ftruncate(fd, used) != 0) {
      /* the file stays long (sparse): nothing lost */
    }
  }
  mdb_txn_abort(txn);
}

/* A writer with a map: the file must cover the map (another process may
 * have trimmed it since this one opened), or writing a page past its end
 * would fault.  Called holding the writer's lock. */
static int map_cover(SilaStore *s) {
  MDB_envinfo info;
  int fd;
  struct stat fst;
  if (mdb_env_info(s->env, &info) != 0 || mdb_env_get_fd(s->env, &fd) != 0 || fstat(fd, &fst) != 0)
    return EIO;
  if ((uint64_t)fst.st_size < (uint64_t)info.me_mapsize && ftruncate(fd, (off_t)info.me_mapsize) != 0)
    return errno;
  return 0;
}

/* ---- Reserving the blocks a writer on a map writes ---------------------- */

enum { RESERVE_MARGIN = 64 << 20, RESERVE_CHECK_EVERY = 4 << 20 };

/* Pages of every tree the store has, as the transaction sees them. */
static uint64_t tree_pages(SilaTxn *txn) {
  SilaStore *s = txn->store;
  MDB_dbi dbis[8 + IDX_COUNT + SILA_OPS_COUNT];
  size_t n = 0;
  dbis[n++] = 1; /* LMDB's main tree: the named trees' records */
  dbis[n++] = s->meta;
  dbis[n++] = s->dict;
  dbis[n++] = s->pstats;
  for (int i = 0; i < IDX_COUNT; i++)
    dbis[n++] = s->index[i];
  if (s->text_on) {
    dbis[n++] = s->text_post;
    dbis[n++] = s->text_doc;
  }
  for (int i = 0; i < SILA_OPS_COUNT; i++)
    if (s->ops_present[i])
      dbis[n++] = s->ops[i];
  if (s->kv_on)
    dbis[n++] = s->kv;
  uint64_t pages = 0;
  for (size_t i = 0; i < n; i++) {
    MDB_stat ms;
    if (dbis[i] && mdb_stat(txn->txn, dbis[i], &ms) == 0)
      pages += ms.ms_branch_pages + ms.ms_leaf_pages + ms.ms_overflow_pages;
  }
  if (s->tt_on)
    for (int i = 0; i < 3; i++) {
      MDB_stat ms;
      if (s->tt[i] && mdb_stat(txn->txn, s->tt[i], &ms) == 0)
        pages += ms.ms_branch_pages + ms.ms_leaf_pages + ms.ms_overflow_pages;
    }
  return pages;
}

/* Pages the write transaction took past those in use when it began.
 * LMDB 0.9 has no call for it, but its MDB_txn has begun with the parent,
 * the child and the next page number since 0.9.0: read there, and
 * checked (between the pages in use and the map's end).  Otherwise the
 * trees' growth, times 2: their count leaves out the pages of sorted
 * duplicates (measured 1.76 times more pages in use at 400 k quads). */
static uint64_t txn_new_pages(SilaTxn *txn, uint64_t base_pages) {
#if MDB_VERSION_MAJOR == 0 && MDB_VERSION_MINOR == 9
  struct {
    void *parent, *child;
    size_t next_pgno;
  } head;
  memcpy(&head, txn->txn, sizeof head);
  MDB_envinfo info;
  MDB_stat stat;
  if (head.parent == NULL && mdb_env_info(txn->store->env, &info) == 0 &&
      mdb_env_stat(txn->store->env, &stat) == 0 && head.next_pgno >= base_pages &&
      head.next_pgno <= info.me_mapsize / stat.ms_psize)
    return head.next_pgno - base_pages;
#else
  (void)base_pages;
#endif
  uint64_t now = tree_pages(txn);
  return now > txn->reserve.tree_pages ? 2 * (now - txn->reserve.tree_pages) : 0;
}

/* Allocates the file's blocks for `bytes` past the pages in use when the
 * transaction began (only what was not yet). */
static int reserve_bytes(SilaTxn *txn, uint64_t bytes) {
  if (bytes <= txn->reserve.reserved)
    return 0;
  const char *limit = getenv("SILA_TEST_RESERVE_LIMIT");
  int fd;
  int rc = 0;
  if (limit && *limit && bytes > strtoull(limit, NULL, 10))
    rc = ENOSPC;
  else if (mdb_env_get_fd(txn->store->env, &fd) != 0)
    rc = EIO;
  else {
    off_t from = (off_t)(txn->reserve.base + txn->reserve.reserved);
    off_t len = (off_t)(bytes - txn->reserve.reserved);
    rc = posix_fallocate(fd, from, len);
    /* A refused allocation keeps the blocks it got before running out
     * (ext4): they go back, or the disk stays full for the load's own
     * temporary files and a smaller reservation after this one. */
    if (rc && fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, from, len) != 0) {
      /* a file system that cannot punch holes: the close trims them */
    }
  }
  if (rc)
    return rc;
  txn->reserve.reserved = bytes;
  return 0;
}

/* A writer on a map: where its pages start, and a margin for its first
 * small writes. */
static int reserve_begin(SilaTxn *txn) {
  MDB_envinfo info;
  MDB_stat stat;
  if (mdb_env_info(txn->store->env, &info) != 0 || mdb_env_stat(txn->store->env, &stat) != 0)
    return EIO;
  txn->reserve.base = (uint64_t)(info.me_last_pgno + 1) * stat.ms_psize;
  txn->reserve.tree_pages = tree_pages(txn);
  return reserve_bytes(txn, RESERVE_MARGIN);
}

SilaStatus sila_txn_reserve(SilaTxn *txn, uint64_t ahead) {
  return sila_txn_reserve_range(txn, ahead, ahead);
}

SilaStatus sila_txn_reserve_range(SilaTxn *txn, uint64_t ahead, uint64_t least) {
  if (!txn->write || !txn->store->writemap)
    return SILA_OK;
  MDB_stat stat;
  if (mdb_env_stat(txn->store->env, &stat) != 0)
    return SILA_ERR_IO;
  uint64_t psize = stat.ms_psize;
  /* New pages come from the end of the file: the trees' growth, a copy of
   * each page in use when the transaction began (written pages are
   * copied once; the old ones are freed, not reused, until the commit),
   * and the freelist the commit writes (8 bytes per freed page). */
  uint64_t copies = txn->reserve.base / psize;
  uint64_t grown = txn_new_pages(txn, copies);
  uint64_t freelist = (grown + copies) / (psize / 8) + 8;
  uint64_t taken = (grown + copies + freelist) * psize + RESERVE_MARGIN;
  uint64_t need = taken + ahead;
  if (need > txn->reserve.worst)
    txn->reserve.worst = need;
  txn->reserve.noted = 0;
  if (need <= txn->reserve.reserved)
    return SILA_OK;
  /* Ahead by a quarter more, so the checks stay rare; exactly when that
   * much is not there; at least `least` when the worst case is not (the
   * puts' checks then reserve as the pages come). */
  uint64_t more = need + need / 4;
  if (reserve_bytes(txn, more) == 0 || reserve_bytes(txn, need) == 0 ||
      (least < ahead && reserve_bytes(txn, taken + least) == 0))
    return SILA_OK;
  txn->reserve.failed = txn->reserve.worst; /* what to free to be sure */
  return SILA_ERR_FULL;
}

SilaStatus sila_txn_reserve_note(SilaTxn *txn, uint64_t bytes) {
  if (!txn->store->writemap)
    return SILA_OK;
  txn->reserve.noted += bytes;
  if (txn->reserve.noted < RESERVE_CHECK_EVERY)
    return SILA_OK;
  /* A large value may need twice its size (overflow pages, a split). */
  return sila_txn_reserve(txn, bytes >= RESERVE_CHECK_EVERY ? 2 * bytes : 0);
}

uint64_t sila_txn_reserve_failed(const SilaTxn *txn) { return txn->reserve.failed; }

void sila_store_close(SilaStore *store) {
  if (!store)
    return;
  if (store->env && store->writemap)
    writemap_trim(store);
  if (store->env)
    mdb_env_close(store->env);
  free(store->dir);
  free(store);
}

const char *sila_store_dir(const SilaStore *store) { return store->dir; }

SilaStatus sila_store_sync(SilaStore *store) {
  return sila_mdb_status(mdb_env_sync(store->env, 1));
}

static SilaStatus txn_begin(SilaStore *store, bool write, unsigned flags, SilaTxn **out) {
  *out = NULL;
  if (write && store->readonly)
    return SILA_ERR_DENIED;
  SilaTxn *t = sila_calloc(1, sizeof *t);
  if (!t)
    return SILA_ERR_NOMEM;
  t->store = store;
  t->write = write;
  t->nosync = flags & SILA_TXN_NOSYNC;
  int rc = mdb_txn_begin(store->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
  if (rc == MDB_MAP_RESIZED) {
    /* Another process grew the map: adopt its size and retry. */
    mdb_env_set_mapsize(store->env, 0);
    rc = mdb_txn_begin(store->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
  }
  if (!rc && write && store->writemap && (rc = map_cover(store)) != 0)
    mdb_txn_abort(t->txn);
  if (!rc && write && store->writemap && (rc = reserve_begin(t)) != 0)
    mdb_txn_abort(t->txn);
  if (rc) {
    free(t);
    return sila_mdb_status(rc);
  }
  /* LMDB's NOSYNC is an environment flag; there is one writer, so it can
   * be switched for the length of this transaction. */
  if (write && t->nosync)
    mdb_env_set_flags(store->env, MDB_NOSYNC, 1);
  *out = t;
  return SILA_OK;
}

SilaStatus sila_txn_begin_read(SilaStore *store, SilaTxn **out) {
  return txn_begin(store, false, 0, out);
}

SilaStatus sila_txn_begin_write(SilaStore *store, unsigned flags, SilaTxn **out) {
  return txn_begin(store, true, flags, out);
}

static void txn_release(SilaTxn *txn) {
  if (txn->write && txn->nosync)
    mdb_env_set_flags(txn->store->env, MDB_NOSYNC, 0);
  free(txn->touched.ids);
  text_txn_release(txn);
  sila_tt_txn_release(txn);
  free(txn);
}

/* LMDB reports a short write — the disk filled up in the middle of it —
 * as EIO: when the store's file system has (almost) no room left, that
 * is what happened. */
static SilaStatus commit_status(SilaStore *store, int rc) {
  const char *path = NULL;
  struct statvfs vfs;
  if (rc == EIO && store && mdb_env_get_path(store->env, &path) == 0 && path &&
      statvfs(path, &vfs) == 0 && (unsigned long long)vfs.f_bavail * vfs.f_frsize < (1u << 20))
    return SILA_ERR_FULL;
  return sila_mdb_status(rc);
}

SilaStatus sila_txn_commit(SilaTxn *txn) {
  SilaStatus st = SILA_OK;
  if (txn->write) {
    uint64_t gen = 0;
    st = sila_stats_refresh(txn);
    if (st == SILA_OK) {
      st = sila_meta_get(txn, "generation", &gen);
      if (st == SILA_ERR_NOT_FOUND)
        st = SILA_OK;
    }
    if (st == SILA_OK)
      st = sila_meta_put(txn, "generation", gen + 1);
    if (st == SILA_OK) /* the statistics' and the freelist's pages */
      st = sila_txn_reserve(txn, 0);
    if (st != SILA_OK) {
      mdb_txn_abort(txn->txn);
      txn_release(txn);
      return st;
    }
  }
  SilaStore *store = txn->store;
  int rc = mdb_txn_commit(txn->txn);
  txn_release(txn);
  return commit_status(store, rc);
}

void sila_txn_abort(SilaTxn *txn) {
  if (!txn)
    return;
  mdb_txn_abort(txn->txn);
  txn_release(txn);
}

bool sila_txn_is_write(const SilaTxn *txn) { return txn->write; }

uint64_t sila_txn_generation(SilaTxn *txn) {
  uint64_t g = 0;
  sila_meta_get(txn, "generation", &g);
  return g;
}

SilaStatus sila_meta_get(SilaTxn *txn, const char *key, uint64_t *out) {
  MDB_val k = {strlen(key), (void *)key}, v;
  int rc = mdb_get(txn->txn, txn->store->meta, &k, &v);
  if (rc)
    return sila_mdb_status(rc);
  if (v.mv_size != 8)
    return SILA_ERR_CORRUPT;
  *out = sila_get_be64(v.mv_data);
  return SILA_OK;
}

SilaStatus sila_meta_put(SilaTxn *txn, const char *key, uint64_t value) {
  unsigned char b[8];
  sila_put_be64(b, value);
  MDB_val k = {strlen(key), (void *)key}, v = {8, b};
  return sila_mdb_status(mdb_put(txn->txn, txn->store->meta, &k, &v, 0));
}

SilaStatus sila_blank_alloc(SilaTxn *txn, uint64_t n, SilaId *first) {
  if (!txn->write)
    return SILA_ERR_INVALID;
  uint64_t next = 1;
  SilaStatus st = sila_meta_get(txn, "blank_next", &next);
  if (st != SILA_OK && st != SILA_ERR_NOT_FOUND)
    return st;
  if (next + n >= (1ULL << 60))
    return SILA_ERR_FULL;
  *first = ((SilaId)SILA_TAG_BLANK << 60) | next;
  return sila_meta_put(txn, "blank_next", next + n);
}

SilaStatus sila_txn_new_blank(SilaTxn *txn, SilaId *out) { return sila_blank_alloc(txn, 1, out); }

/* ---- Files ---------------------------------------------------------------- */

/* Kept in the meta tree under "file/NAME", beside the counters (whose keys
 * never start so): a publish stores its CSV in the same transaction as
 * its graph, so the two never disagree. */
static int file_key(const char *name, char *key, size_t size) {
  size_t n = strlen(name);
  if (n == 0 || n > SILA_FILE_NAME_MAX)
    return -1;
  return snprintf(key, size, "file/%s", name);
}

SilaStatus sila_txn_put_file(SilaTxn *txn, const char *name, const void *data, size_t len) {
  char key[SILA_FILE_NAME_MAX + 8];
  int kl = file_key(name, key, sizeof key);
  if (!txn->write || kl < 0)
    return SILA_ERR_INVALID;
  MDB_val k = {(size_t)kl, key}, v = {len, (void *)data};
  return sila_mdb_status(mdb_put(txn->txn, txn->store->meta, &k, &v, 0));
}

SilaStatus sila_txn_get_file(SilaTxn *txn, const char *name, const void **data, size_t *len) {
  char key[SILA_FILE_NAME_MAX + 8];
  int kl = file_key(name, key, sizeof key);
  if (kl < 0)
    return SILA_ERR_NOT_FOUND;
  MDB_val k = {(size_t)kl, key}, v;
  int rc = mdb_get(txn->txn, txn->store->meta, &k, &v);
  if (rc)
    return sila_mdb_status(rc);
  *data = v.mv_data;
  *len = v.mv_size;
  return SILA_OK;
}
