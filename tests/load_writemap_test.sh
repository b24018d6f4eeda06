#!/bin/sh
# `sila load` on a writable map (issue 21; store/sila_store.c,
# SILA_STORE_WRITEMAP): the load's pages are written in place in LMDB's
# map, which stretches data.mdb to the map's size (sparse) while it runs.
# Checked from outside:
# - the store is the very store of a load without the map (SILA_LOAD_WRITEMAP=0),
#   every database key by key (mdb_dump -a), and the same size on disk;
# - after the load the file is trimmed back to the pages in use;
# - while such a load runs, another process reads the old state;
# - a load killed with SIGKILL leaves the old state, which opens, reads,
#   takes a new load and is trimmed by it;
# - SILA_LOAD_WRITEMAP=0 and standard input never stretch the file.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-wmap.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v mdb_dump >/dev/null && command -v mdb_stat >/dev/null || {
  echo "SKIP: mdb_dump and mdb_stat needed (lmdb-utils)"; exit 77; }

awk 'BEGIN { for (i = 0; i < 1000; i++)
  printf "<http://ex.org/base/%d> <http://ex.org/p> \"base %d\" .\n", i, i }' >"$work/small.nt"
awk 'BEGIN { for (i = 0; i < 100; i++)
  printf "<http://ex.org/more/%d> <http://ex.org/p> \"more %d\"@it <http://ex.org/g%d> .\n", i, i, i % 3 }' >"$work/more.nq"
awk 'BEGIN { for (i = 0; i < 400000; i++)
  printf "<http://ex.org/big/s%d> <http://ex.org/p%d> \"a value long enough for the dictionary %d\" <http://ex.org/g%d> .\n", i, i % 17, i, i % 5 }' >"$work/big.nq"

quads() { "$SILA" stats --store "$1" | awk '$1 == "quads" { print $2 }'; }
agree() { "$SILA" stats --store "$1" | awk '$1 == "indexes" { print $2 }'; }
apparent() { stat -c %s "$1/data.mdb"; }
# Bytes of the pages in use: what the file holds once trimmed.
in_use() {
  mdb_stat -e "$1" | awk '/Page size:/ { ps = $3 } /Number of pages used:/ { n = $5 }
    END { print ps * n }'
}
GIB=1073741824

# 1. The same store with and without the map, trimmed after the load.
for mode in 0 1; do
  "$SILA" init "$work/s$mode" >/dev/null || exit 1
  SILA_LOAD_WRITEMAP=$mode "$SILA" load -q --store "$work/s$mode" "$work/big.nq" 2>/dev/null ||
    bad "the load (SILA_LOAD_WRITEMAP=$mode) failed"
  mdb_dump -a "$work/s$mode" >"$work/dump$mode" || bad "mdb_dump of store $mode"
done
if [ -s "$work/dump0" ] && cmp -s "$work/dump0" "$work/dump1"; then ok; else
  bad "the store loaded on a map differs from the one loaded without (mdb_dump -a)"; fi
a0=$(apparent "$work/s0") a1=$(apparent "$work/s1")
if [ "$a0" = "$a1" ] && [ "$a1" = "$(in_use "$work/s1")" ]; then ok; else
  bad "after the load on a map data.mdb is $a1 bytes: expected $a0 (without the map) = the pages in use $(in_use "$work/s1")"; fi
d0=$(du -k "$work/s0/data.mdb" | cut -f1) d1=$(du -k "$work/s1/data.mdb" | cut -f1)
# (du moves by a few KB between two loads of the same build: ext4's allocation)
if [ $((d1 - d0)) -le $((d0 / 100)) ] && [ $((d0 - d1)) -le $((d0 / 100)) ]; then ok; else
  bad "bytes on disk: $d1 KB on a map, $d0 KB without"; fi

# 2. A reader during the load, then SIGKILL: the old state stays.
"$SILA" init "$work/k" >/dev/null && "$SILA" load -q --store "$work/k" "$work/small.nt" 2>/dev/null || exit 1
"$SILA" load -q --store "$work/k" "$work/big.nq" >/dev/null 2>&1 &
pid=$!
stretched=no read_during=
for _ in $(seq 1 2000); do
  [ -d "/proc/$pid" ] || break
  if [ "$(apparent "$work/k")" -gt $GIB ]; then stretched=yes; break; fi
  sleep 0.002
done
if [ $stretched = yes ]; then
  read_during=$(quads "$work/k") # another process, while the load holds the map
  still=no; [ -d "/proc/$pid" ] && still=yes
fi
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rc=$?
if [ $stretched = yes ] && [ "$still" = yes ] && [ $rc = 137 ]; then
  ok
  [ "$read_during" = 1000 ] && ok || bad "a reader during the load saw '$read_during' quads (expected 1000)"
  n=$(quads "$work/k")
  if [ "$n" = 1000 ] && [ "$(agree "$work/k")" = consistent ]; then ok; else
    bad "after SIGKILL during a load on a map: '$n' quads, indexes $(agree "$work/k") (expected 1000, consistent)"; fi
  # Sparse but for the blocks the writer reserved (sila_txn_reserve: the
  # batch's estimate and a 64 MiB margin, some hundred MB here), which the
  # next load's close frees.
  du=$(du -k "$work/k/data.mdb" | cut -f1)
  [ "$du" -lt 1048576 ] && ok || bad "after the kill data.mdb takes $du KB on disk (the map's stretch must be sparse)"
  # The next load on a map works and trims the file.
  if "$SILA" load -q --store "$work/k" "$work/more.nq" 2>/dev/null && [ "$(quads "$work/k")" = 1100 ] &&
     [ "$(apparent "$work/k")" = "$(in_use "$work/k")" ]; then ok; else
    bad "after the kill a new load gave $(quads "$work/k") quads, data.mdb $(apparent "$work/k") bytes ($(in_use "$work/k") in use)"; fi
else
  bad "the kill did not land during a load on a map (stretched $stretched, running ${still:-?}, exit $rc): it tested nothing"
fi

# 3. Without the map the file never stretches: SILA_LOAD_WRITEMAP=0, stdin.
for how in env stdin; do
  rm -rf "$work/n" && "$SILA" init "$work/n" >/dev/null || exit 1
  if [ $how = env ]; then
    SILA_LOAD_WRITEMAP=0 "$SILA" load -q --store "$work/n" "$work/big.nq" >/dev/null 2>&1 &
  else
    "$SILA" load -q --store "$work/n" --format nquads - <"$work/big.nq" >/dev/null 2>&1 &
  fi
  pid=$!
  most=0
  while [ -d "/proc/$pid" ]; do
    a=$(apparent "$work/n" 2>/dev/null || echo 0)
    [ "$a" -gt "$most" ] && most=$a
    sleep 0.005
  done
  wait "$pid" || bad "the load ($how) failed"
  [ "$most" -lt $GIB ] && [ "$(quads "$work/n")" = 400000 ] && ok ||
    bad "a load without the map ($how) stretched data.mdb to $most bytes or loaded $(quads "$work/n") quads"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
