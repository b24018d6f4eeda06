/* old_layout_store.c — test helper: turns a store into one of format 4,
 * the layout before issue 21 dropped two named-graph orderings: adds the
 * "gpos" and "gosp" trees (key: graph ID; values: the other three IDs in
 * that order, 24 bytes big-endian, MDB_DUPSORT|MDB_DUPFIXED), filled from
 * "gspo", and writes meta "version" 4, as a Sila of that format wrote them.
 *   old_layout_store STORE_DIR
 * Only LMDB is used: the layout is spelled out here, not taken from the
 * store's code, so the test sees the old format as it was on disk. */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, int rc) {
  fprintf(stderr, "old_layout_store: %s: %s\n", what, mdb_strerror(rc));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: old_layout_store STORE_DIR\n");
    return 2;
  }
  MDB_env *env;
  MDB_txn *txn;
  MDB_dbi meta, gspo, gpos, gosp;
  MDB_cursor *cur;
  int rc = mdb_env_create(&env);
  if (!rc)
    rc = mdb_env_set_maxdbs(env, 64);
  if (!rc)
    rc = mdb_env_set_mapsize(env, (size_t)1 << 32);
  if (!rc)
    rc = mdb_env_open(env, argv[1], MDB_NOTLS, 0644);
  if (rc)
    return fail("open", rc);
  if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) || (rc = mdb_dbi_open(txn, "meta", 0, &meta)) ||
      (rc = mdb_dbi_open(txn, "gspo", MDB_DUPSORT | MDB_DUPFIXED, &gspo)) ||
      (rc = mdb_dbi_open(txn, "gpos", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &gpos)) ||
      (rc = mdb_dbi_open(txn, "gosp", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &gosp)) ||
      (rc = mdb_cursor_open(txn, gspo, &cur)))
    return fail("trees", rc);
  MDB_val k, v;
  unsigned long n = 0;
  for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
       rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
    const unsigned char *spo = v.mv_data; /* s, p, o: 8 bytes each */
    unsigned char pos[24], osp[24];
    memcpy(pos, spo + 8, 16), memcpy(pos + 16, spo, 8);
    memcpy(osp, spo + 16, 8), memcpy(osp + 8, spo, 16);
    MDB_val a = {24, pos}, b = {24, osp};
    int r = mdb_put(txn, gpos, &k, &a, MDB_NODUPDATA);
    if (!r)
      r = mdb_put(txn, gosp, &k, &b, MDB_NODUPDATA);
    if (r)
      return fail("put", r);
    n++;
  }
  if (rc != MDB_NOTFOUND)
    return fail("read gspo", rc);
  mdb_cursor_close(cur);
  unsigned char ver[8] = {0, 0, 0, 0, 0, 0, 0, 4};
  MDB_val key = {7, "version"}, val = {8, ver};
  if ((rc = mdb_put(txn, meta, &key, &val, 0)) || (rc = mdb_txn_commit(txn)))
    return fail("commit", rc);
  mdb_env_close(env);
  printf("old_layout_store: %lu quads in gpos and gosp, format 4\n", n);
  return 0;
}
