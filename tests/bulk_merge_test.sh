#!/bin/sh
# The bulk loader's k-way merge (store/sila_bulk_spill.c): a load into an
# empty store in many small batches ($SILA_BULK_BATCH) spills sorted runs and
# merges them; it must give the same store as one batch: the same quads (a
# quad repeated in another batch written once), every index, the dictionary
# (terms repeated across batches), blank nodes scoped to the document.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-bulkmerge.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 6000 distinct quads in 7 named graphs and the default graph, in an order
# that is not sorted on any index, then 1000 of them again (duplicates that
# land in other batches), with blank nodes, literals and numbers.
awk 'BEGIN {
  for (i = 0; i < 6000; i++) {
    k = (i * 7919) % 6000
    g = k % 8 ? sprintf(" <http://ex.org/g%d>", k % 8) : ""
    s = k % 5 ? sprintf("<http://ex.org/s%d>", k % 1300) : sprintf("_:b%d", k % 97)
    o = k % 3 ? sprintf("\"v%d\"@it", k % 2100) : (k % 3 == 0 && k % 2 ? sprintf("\"%d\"^^<http://www.w3.org/2001/XMLSchema#integer>", k) : sprintf("<http://ex.org/o%d>", k % 400))
    line[i] = sprintf("%s <http://ex.org/p%d> %s%s .", s, k % 13, o, g)
    print line[i]
  }
  for (i = 0; i < 1000; i++) print line[(i * 37) % 6000]
}' > "$work/data.nq"

"$SILA" init "$work/one" >/dev/null && "$SILA" init "$work/many" >/dev/null || exit 1
"$SILA" load -q --store "$work/one" "$work/data.nq" 2>"$work/err" && ok || bad "load in one batch: $(cat "$work/err")"
SILA_BULK_BATCH=500 "$SILA" load -q --store "$work/many" "$work/data.nq" 2>"$work/err" && ok ||
  bad "load in batches of 500: $(cat "$work/err")"
count() { "$SILA" stats --store "$1" | awk '$1 == "quads" { print $2 }'; }
n1=$(count "$work/one"); n2=$(count "$work/many")
[ -n "$n1" ] && [ "$n1" = "$n2" ] && ok || bad "quads: one batch $n1, many $n2"
"$SILA" stats --store "$work/many" | grep -q '^indexes	consistent$' && ok || bad "indexes of the merged store disagree: $("$SILA" stats --store "$work/many")"
# Blank node labels differ between the two stores: compare with them renamed.
norm() { sed 's/_:[A-Za-z0-9]*/_:b/g' | LC_ALL=C sort; }
"$SILA" dump --store "$work/one" --format nquads | norm > "$work/one.nq"
"$SILA" dump --store "$work/many" --format nquads | norm > "$work/many.nq"
cmp -s "$work/one.nq" "$work/many.nq" && ok || bad "dumps differ: $(diff "$work/one.nq" "$work/many.nq" | head -5)"
[ "$(wc -l < "$work/many.nq")" = "$n1" ] && ok || bad "dump has $(wc -l < "$work/many.nq") lines, store $n1 quads"
# Each index answers: a pattern per leading position, through SPARQL.
for q in 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { <http://ex.org/s7> ?p ?o } }' \
         'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s <http://ex.org/p3> ?o } }' \
         'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p <http://ex.org/o11> } }' \
         'SELECT (COUNT(*) AS ?n) { GRAPH <http://ex.org/g3> { ?s ?p ?o } }' \
         'SELECT (COUNT(*) AS ?n) { ?s <http://ex.org/p5> ?o }'; do
  a=$("$SILA" query --store "$work/one" "$q" 2>&1); b=$("$SILA" query --store "$work/many" "$q" 2>&1)
  [ "$a" = "$b" ] && ok || bad "$q: one batch $a, many $b"
done
echo "bulk_merge_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
