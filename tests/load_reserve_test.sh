#!/bin/sh
# A full disk during `sila load` on a writable map (store/sila_store.c,
# sila_txn_reserve): the writer allocates the file's blocks before it
# writes its pages, so a disk that cannot hold them is a clear error
# ("disk full: the load needs up to ~N MB more in DIR"), never a SIGBUS, and the
# store keeps its old state.  $SILA_TEST_RESERVE_LIMIT (bytes) makes a
# reservation past it fail as a full disk does.  Checked from outside:
# - a load into a store with quads (batches put into the indexes) and one
#   into an empty store (batches to runs, merged): nonzero exit, the message
#   with the bytes, the store key by key as before (mdb_dump -a), indexes
#   consistent, and a normal load after it works;
# - on the runs' path too, a store loaded on a map is the store loaded
#   without it (mdb_dump -a; load_writemap_test.sh checks one batch);
# - a load that fits is not refused because the worst case would not;
# - without the map nothing is reserved: the same limit changes nothing.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-reserve.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v mdb_dump >/dev/null || { echo "SKIP: mdb_dump needed (lmdb-utils)"; exit 77; }

awk 'BEGIN { for (i = 0; i < 1000; i++)
  printf "<http://ex.org/base/%d> <http://ex.org/p> \"base %d\" .\n", i, i }' >"$work/small.nt"
awk 'BEGIN { for (i = 0; i < 400000; i++)
  printf "<http://ex.org/big/s%d> <http://ex.org/p%d> \"a value long enough for the dictionary %d\" <http://ex.org/g%d> .\n", i, i % 17, i, i % 5 }' >"$work/big.nq"

quads() { "$SILA" stats --store "$1" | awk '$1 == "quads" { print $2 }'; }
agree() { "$SILA" stats --store "$1" | awk '$1 == "indexes" { print $2 }'; }
LIMIT=100000000 # bytes: the 400 k quads' store takes more (about 170-270 MB)

# refused NAME: a load of big.nq into store NAME under the limit must fail
# cleanly and leave the store as it was.
refused() {
  mdb_dump -a "$work/$1" >"$work/$1.before" || bad "mdb_dump of $1"
  SILA_TEST_RESERVE_LIMIT=$LIMIT SILA_BULK_BATCH=${2:-} "$SILA" load -q --store "$work/$1" \
    "$work/big.nq" >"$work/$1.out" 2>"$work/$1.err"
  rc=$?
  mb=$(sed -n 's/^disk full: the load needs up to ~\([0-9]*\) MB more in .*'"$1"'.*/\1/p' "$work/$1.err")
  if [ $rc -ne 0 ] && [ -n "$mb" ] && [ "$mb" -gt $((LIMIT / 1048576)) ]; then ok; else
    bad "$1: a load past the reservation limit exited $rc with: $(cat "$work/$1.err") (expected the disk full message with more than $((LIMIT / 1048576)) MB)"; fi
  grep -q "Bus error\|core dumped" "$work/$1.err" && bad "$1: the load crashed"
  mdb_dump -a "$work/$1" >"$work/$1.after" || bad "mdb_dump of $1 after"
  if cmp -s "$work/$1.before" "$work/$1.after" && [ "$(agree "$work/$1")" = consistent ]; then ok; else
    bad "$1: the refused load changed the store (mdb_dump -a differs or indexes $(agree "$work/$1"))"; fi
}

# 1. A store with quads: the batch goes into the indexes.
"$SILA" init "$work/full" >/dev/null && "$SILA" load -q --store "$work/full" "$work/small.nt" 2>/dev/null || exit 1
refused full
[ "$(quads "$work/full")" = 1000 ] && ok || bad "after the refused load: $(quads "$work/full") quads (expected 1000)"
if "$SILA" load -q --store "$work/full" "$work/big.nq" 2>/dev/null && [ "$(quads "$work/full")" = 401000 ] &&
   [ "$(agree "$work/full")" = consistent ]; then ok; else
  bad "the load after the refused one gave $(quads "$work/full") quads (expected 401000)"; fi

# 2. An empty store, four batches spilled to runs and merged.
"$SILA" init "$work/empty" >/dev/null || exit 1
refused empty 100000
[ "$(quads "$work/empty")" = 0 ] && ok || bad "after the refused load: $(quads "$work/empty") quads (expected 0)"
for mode in 1 0; do
  [ $mode = 1 ] && s=empty || { s=plain; "$SILA" init "$work/plain" >/dev/null || exit 1; }
  SILA_LOAD_WRITEMAP=$mode SILA_BULK_BATCH=100000 "$SILA" load -q --store "$work/$s" "$work/big.nq" 2>/dev/null ||
    bad "the load into $s (SILA_LOAD_WRITEMAP=$mode) failed"
done
[ "$(quads "$work/empty")" = 400000 ] && ok || bad "the load after the refused one gave $(quads "$work/empty") quads"
mdb_dump -a "$work/empty" >"$work/dump1" && mdb_dump -a "$work/plain" >"$work/dump0"
if [ -s "$work/dump0" ] && cmp -s "$work/dump0" "$work/dump1"; then ok; else
  bad "runs merged on a map give another store than without it (mdb_dump -a)"; fi

# 3. A load that fits is not refused on the worst case: a limit below the
#    merge's upper bound (about 280 MB here) but above what it takes (about
#    170 MB and the 64 MiB margin): the puts reserve as the pages come.
"$SILA" init "$work/fits" >/dev/null || exit 1
if SILA_TEST_RESERVE_LIMIT=260000000 SILA_BULK_BATCH=100000 "$SILA" load -q --store "$work/fits" "$work/big.nq" 2>"$work/fits.err" &&
   [ "$(quads "$work/fits")" = 400000 ]; then ok; else
  bad "a load that fits under the limit was refused: $(cat "$work/fits.err")"; fi

# 4. Without the map nothing is reserved: the limit does not apply.
"$SILA" init "$work/nomap" >/dev/null || exit 1
if SILA_LOAD_WRITEMAP=0 SILA_TEST_RESERVE_LIMIT=$LIMIT "$SILA" load -q --store "$work/nomap" "$work/big.nq" 2>/dev/null &&
   [ "$(quads "$work/nomap")" = 400000 ]; then ok; else
  bad "a load without the map was refused under the reservation limit"; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
