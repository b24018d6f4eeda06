#!/bin/sh
# `sila load` of N-Triples / N-Quads on several parser threads
# (loaders/rdf/rdf_load_parallel.c): a file cut into many small chunks
# ($SILA_LOAD_CHUNK bytes) must give the very store a one-thread load gives
# ($SILA_LOAD_THREADS=1): the same dump byte for byte (blank node IDs
# included), the same statistics; a blank node label used in several
# chunks is one node; a triple term with a blank node (which the threads
# leave to the load's own thread) in the middle of a chunk; CRLF line ends;
# per-predicate statistics counted during the merge of many batches equal
# those counted at commit after one; an error in a later chunk is reported at its file line:column, the first
# error in file order wins, and the store is left unchanged.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-loadpar.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
serial() { SILA_LOAD_THREADS=1 "$SILA" "$@"; }
par() { SILA_LOAD_THREADS=3 SILA_LOAD_CHUNK=1500 "$SILA" "$@"; }

# 4000 statements and more: named graphs and the default graph, blank nodes whose
# labels come back all over the file, literals with escapes and language
# tags, numbers, comments and blank lines, triple terms (one with a blank
# node inside), and a blank node in the first and the last statement.
awk 'BEGIN {
  print "_:shared <http://ex.org/first> \"first\" ."
  for (i = 0; i < 4000; i++) {
    k = (i * 7919) % 4000
    g = k % 6 ? sprintf(" <http://ex.org/g%d>", k % 6) : ""
    s = k % 4 ? sprintf("<http://ex.org/s%d>", k % 900) : sprintf("_:b%d", k % 61)
    if (k % 5 == 0) o = sprintf("\"v%d\\n\\u00e8\"@it", k % 700)
    else if (k % 5 == 1) o = sprintf("\"%d\"^^<http://www.w3.org/2001/XMLSchema#integer>", k)
    else if (k % 5 == 2) o = sprintf("_:o%d", k % 37)
    else if (k % 5 == 3 && k % 11 == 0) o = sprintf("<<( <http://ex.org/s%d> <http://ex.org/q> \"t%d\" )>>", k % 50, k % 9)
    else o = sprintf("<http://ex.org/o%d>", k % 300)
    print s " <http://ex.org/p" k % 13 "> " o g " ."
    if (i % 3 == 0) print s " <http://ex.org/n" k % 3 "> " o " <http://ex.org/g9> ."
    if (i % 5 == 0) print s " <http://ex.org/d" k % 2 "> " o " ."
    if (i % 500 == 0) print "# a comment"
    if (i % 700 == 0) print ""
    if (i == 2222) print "_:t1 <http://ex.org/about> <<( _:b5 <http://ex.org/q> _:o3 )>> ."
  }
  print "_:shared <http://ex.org/last> \"last\" ."
}' > "$work/data.nq"

same_store() { # what, store a, store b
  "$SILA" dump --store "$2" --format nquads > "$work/a.dump" 2>&1
  "$SILA" dump --store "$3" --format nquads > "$work/b.dump" 2>&1
  [ -s "$work/a.dump" ] && cmp -s "$work/a.dump" "$work/b.dump" && ok ||
    bad "$1: dumps differ: $(diff "$work/a.dump" "$work/b.dump" | head -5)"
  # The same statistics; the file's size may differ (batches end elsewhere).
  "$SILA" stats --store "$2" 2>&1 | grep -v '^bytes_' > "$work/a.stats"
  "$SILA" stats --store "$3" 2>&1 | grep -v '^bytes_' > "$work/b.stats"
  cmp -s "$work/a.stats" "$work/b.stats" && ok ||
    bad "$1: stats differ: $(diff "$work/a.stats" "$work/b.stats" | head -5)"
  # Per-predicate statistics (distinct subjects and objects): counted at
  # commit after one batch, during the merge of many (store/sila_bulk_stats.c).
  if command -v mdb_dump >/dev/null; then
    mdb_dump -s pstats "$2" > "$work/a.pstats" 2>&1
    mdb_dump -s pstats "$3" > "$work/b.pstats" 2>&1
    [ "$(wc -l < "$work/a.pstats")" -gt 10 ] && cmp -s "$work/a.pstats" "$work/b.pstats" && ok ||
      bad "$1: predicate statistics differ: $(diff "$work/a.pstats" "$work/b.pstats" | head -5)"
  fi
}

for s in one par batches crlf1 crlfp; do "$SILA" init "$work/$s" >/dev/null || exit 1; done
serial load -q --store "$work/one" "$work/data.nq" 2>"$work/err" && ok || bad "one-thread load: $(cat "$work/err")"
par load -q --store "$work/par" "$work/data.nq" 2>"$work/err" && ok || bad "parallel load: $(cat "$work/err")"
same_store "parallel" "$work/one" "$work/par"
# Small batches too: parts spill across batches and are merged.
SILA_BULK_BATCH=300 par load -q --store "$work/batches" "$work/data.nq" 2>"$work/err" && ok ||
  bad "parallel load in batches of 300: $(cat "$work/err")"
same_store "parallel, batches of 300" "$work/one" "$work/batches"
# Parts far smaller than chunks: a chunk's blank nodes span parts, threads
# wait for their parts to come back.
"$SILA" init "$work/tiny" >/dev/null
SILA_BULK_BATCH=7 SILA_LOAD_THREADS=2 SILA_LOAD_CHUNK=6000 "$SILA" load -q --store "$work/tiny" "$work/data.nq" 2>"$work/err" && ok ||
  bad "parallel load in parts of 7: $(cat "$work/err")"
same_store "parallel, parts of 7" "$work/one" "$work/tiny"
# The file really was parsed in parallel: more than one chunk.
[ "$(wc -c < "$work/data.nq")" -gt 30000 ] && ok || bad "the test file is too small to make chunks"

# One blank node across chunks: the first and the last statement.
q='SELECT (COUNT(*) AS ?n) { ?s <http://ex.org/first> "first" ; <http://ex.org/last> "last" }'
r=$("$SILA" query --store "$work/par" --format csv "$q" 2>&1)
[ "$(echo "$r" | tail -1 | tr -d '\r')" = 1 ] && ok || bad "_:shared of the first and last line is not one node: $r"
q='SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o FILTER(isBlank(?s)) }'
a=$("$SILA" query --store "$work/one" --format csv "$q" 2>&1); b=$("$SILA" query --store "$work/par" --format csv "$q" 2>&1)
[ "$a" = "$b" ] && ok || bad "distinct blank subjects: one thread $a, parallel $b"

# A named pipe is read by one thread, and read once.
mkfifo "$work/pipe.nq" && "$SILA" init "$work/fifo" >/dev/null || exit 1
cat "$work/data.nq" > "$work/pipe.nq" &
par load -q --store "$work/fifo" "$work/pipe.nq" 2>"$work/err" && ok || bad "load from a named pipe: $(cat "$work/err")"
wait
same_store "named pipe" "$work/one" "$work/fifo"

# CRLF line ends.
sed 's/$/\r/' "$work/data.nq" > "$work/crlf.nq"
serial load -q --store "$work/crlf1" "$work/crlf.nq" 2>"$work/err" && ok || bad "one-thread CRLF load: $(cat "$work/err")"
par load -q --store "$work/crlfp" "$work/crlf.nq" 2>"$work/err" && ok || bad "parallel CRLF load: $(cat "$work/err")"
same_store "CRLF" "$work/crlf1" "$work/crlfp"

# Errors in later chunks: the message (file:line:column) is the one-thread
# load's, the first error in file order, and the store is unchanged.
awk 'NR == 2600 { print "<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> <http://ex.org/g> junk ." ; next }
     NR == 3500 { print "<http://ex.org/a> <http://ex.org/b> \"unterminated ." ; next } { print }' \
  "$work/data.nq" > "$work/bad.nq"
"$SILA" dump --store "$work/par" --format nquads > "$work/before.dump"
serial load -q --store "$work/par" "$work/bad.nq" 2>"$work/err1"; rc1=$?
par load -q --store "$work/par" "$work/bad.nq" 2>"$work/err2"; rc2=$?
[ "$rc1" != 0 ] && [ "$rc2" != 0 ] && ok || bad "a bad file loaded: exit $rc1 / $rc2"
grep -q "bad.nq:2600:" "$work/err1" && ok || bad "one-thread error not at line 2600: $(cat "$work/err1")"
cmp -s "$work/err1" "$work/err2" && ok || bad "errors differ: one thread: $(cat "$work/err1") parallel: $(cat "$work/err2")"
"$SILA" dump --store "$work/par" --format nquads > "$work/after.dump"
cmp -s "$work/before.dump" "$work/after.dump" && ok || bad "the failed parallel load changed the store"
# An error in the serial rest of a chunk (after the triple term with a blank node).
awk '/<http:\/\/ex.org\/about>/ { print; getline; print; print "<http://ex.org/a> <http://ex.org/b> <relative> ."; next } { print }' \
  "$work/data.nq" > "$work/bad2.nq"
serial load -q --store "$work/par" "$work/bad2.nq" 2>"$work/err1"
par load -q --store "$work/par" "$work/bad2.nq" 2>"$work/err2"
grep -q "bad2.nq:[0-9]*:[0-9]*:" "$work/err1" && cmp -s "$work/err1" "$work/err2" && ok ||
  bad "error after the serial rest: one thread: $(cat "$work/err1") parallel: $(cat "$work/err2")"
"$SILA" dump --store "$work/par" --format nquads > "$work/after.dump"
cmp -s "$work/before.dump" "$work/after.dump" && ok || bad "the second failed load changed the store"

echo "load_parallel_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
