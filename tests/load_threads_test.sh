#!/bin/sh
# `sila load` into an empty store with the merge's threads (issue 21): the
# indexes' k-way merge read ahead by a feeder thread, the text index built
# by a thread of its own from the dictionary's runs and its postings' merge
# handed over through the same kind of ring (store/sila_bulk_ring.c).
# Small batches, chunks, text batches and ring blocks ($SILA_BULK_BATCH,
# $SILA_LOAD_CHUNK, $SILA_TEXT_BATCH, $SILA_BULK_RING) force many runs and
# a ring that fills, so every thread waits on another at times.  Checked
# from outside: the dump is the input (sorted, repeats once); the store is
# the very store of a one-thread, one-batch load, every database key by key
# (mdb_dump), the text index included; searches answer the same; an error
# in the middle of the input loads nothing, in an empty store and in one
# with data.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-loadthr.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
small() {
  SILA_LOAD_THREADS=3 SILA_LOAD_CHUNK=6000 SILA_BULK_BATCH=700 SILA_TEXT_BATCH=300 \
    SILA_BULK_RING=16 "$SILA" "$@"
}
plain() { SILA_LOAD_THREADS=1 "$SILA" "$@"; }

# 12,000 statements (and 1,500 repeated) in named graphs and the default
# graph, not in any index's order: literals with words in three languages
# and untagged, integers, IRIs; written as `sila dump` writes them.
awk 'BEGIN {
  split("river mountain coast olive village harbour castle bridge market festival", en, " ")
  split("fiume montagna costa ulivo paese porto castello ponte mercato festa", it, " ")
  split("Fluss Berg Kueste Olive Dorf Hafen Burg Bruecke Markt Fest", de, " ")
  for (i = 0; i < 12000; i++) {
    k = (i * 7919) % 12000
    g = k % 7 ? sprintf(" <http://ex.org/g%d>", k % 7) : ""
    s = sprintf("<http://ex.org/s%d>", k % 2500)
    m = k % 6
    if (m == 0) o = sprintf("\"%s %s %d\"@en", en[k % 10 + 1], en[int(k / 10) % 10 + 1], k % 900)
    else if (m == 1) o = sprintf("\"%s e %s\"@it", it[k % 10 + 1], it[int(k / 7) % 10 + 1])
    else if (m == 2) o = sprintf("\"der %s am %s\"@de", de[k % 10 + 1], de[int(k / 3) % 10 + 1])
    else if (m == 3) o = sprintf("\"%d\"^^<http://www.w3.org/2001/XMLSchema#integer>", k * 37)
    else if (m == 4) o = sprintf("\"plain %s %d\"", en[k % 10 + 1], k % 3000)
    else o = sprintf("<http://ex.org/o%d>", k % 800)
    line[i] = s " <http://ex.org/p" k % 17 "> " o g " ."
    print line[i]
  }
  for (i = 0; i < 1500; i++) print line[(i * 53) % 12000]
}' > "$work/data.nq"
LC_ALL=C sort -u "$work/data.nq" > "$work/want.nq"

plain init "$work/one" >/dev/null && small init "$work/many" >/dev/null || exit 1
plain load -q --store "$work/one" "$work/data.nq" 2>"$work/err" && ok || bad "one-thread load: $(cat "$work/err")"
small load -q --store "$work/many" "$work/data.nq" 2>"$work/err" && ok || bad "load with many runs: $(cat "$work/err")"

"$SILA" dump --store "$work/many" --format nquads 2>&1 | LC_ALL=C sort > "$work/got.nq"
[ -s "$work/got.nq" ] && cmp -s "$work/want.nq" "$work/got.nq" && ok ||
  bad "dump is not the input: $(diff "$work/want.nq" "$work/got.nq" | head -5)"
"$SILA" stats --store "$work/many" | grep -q '^indexes	consistent$' && ok ||
  bad "indexes disagree: $("$SILA" stats --store "$work/many")"

# The same store, every database (the text index's documents, postings and
# languages, statistics, the dictionary), key by key.
if command -v mdb_dump >/dev/null; then
  mdb_dump -a "$work/one" > "$work/one.mdb" && mdb_dump -a "$work/many" > "$work/many.mdb" &&
    cmp -s "$work/one.mdb" "$work/many.mdb" && ok ||
    bad "stores differ: $(diff "$work/one.mdb" "$work/many.mdb" | head -6)"
  grep -q '^ 74657874' "$work/many.mdb" && ok || bad "no text index in the dump"
fi
for q in river porto Kueste 'plain castle' 'mount*' 'olive village' '"porto e ponte"'; do
  a=$("$SILA" search --store "$work/one" "$q" 2>&1 | LC_ALL=C sort)
  b=$("$SILA" search --store "$work/many" "$q" 2>&1 | LC_ALL=C sort)
  [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "search $q: one $(echo "$a" | wc -l) lines, many $(echo "$b" | wc -l)"
done

# An error in the middle: nothing loaded, the error at its file line.
awk 'NR == 7001 { print "<http://ex.org/bad> <http://ex.org/p> \"open ." } { print }' \
  "$work/data.nq" > "$work/bad.nq"
small init "$work/empty" >/dev/null
small load -q --store "$work/empty" "$work/bad.nq" 2>"$work/err" && bad "bad input loaded" || ok
grep -q 'bad.nq:7001:' "$work/err" && ok || bad "error without its position: $(cat "$work/err")"
[ "$("$SILA" stats --store "$work/empty" | awk '$1 == "quads" { print $2 }')" = 0 ] && ok ||
  bad "a failed load left quads: $("$SILA" stats --store "$work/empty")"
[ -z "$("$SILA" search --store "$work/empty" river 2>/dev/null)" ] && ok || bad "a failed load left text"
cp "$work/many.mdb" "$work/before.mdb" 2>/dev/null
small load -q --store "$work/many" "$work/bad.nq" 2>"$work/err" && bad "bad input loaded into data" || ok
if command -v mdb_dump >/dev/null; then
  mdb_dump -a "$work/many" > "$work/after.mdb"
  cmp -s "$work/before.mdb" "$work/after.mdb" && ok || bad "a failed load changed the store"
fi
echo "load_threads_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
