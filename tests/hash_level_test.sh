#!/bin/sh
# The hash level of a BGP (sparql/exec_hash.c, issue 21), from outside:
# `sila query` and `sila explain --analyze` on shop-like data written here
# (products with weights, widths and labels, producers, reviews with
# ratings), with the values the plan must not lose or add mixed in: ratings
# and widths as integers, decimals, doubles, floats, xsd:int, non-canonical
# integers, numeric-looking strings, dates, booleans and IRIs; values equal
# to the bounds; products without a width or a rating; the same triple in a
# named graph; a product with two widths.  Each query of bench/shapes' s07
# and s10 kind runs as written (EXPLAIN: "hash of the object range", the
# table built) and with its numeric conditions wrapped in `(…) = true`, which
# no range or hash can be taken from: the same rows, and in the same order
# where the ORDER BY orders them fully (the wrapped query may join in
# another order; tests/test_hash_level.c compares the order of the same
# plan with and without the hash level).
set -u
. "$(dirname "$0")/store_test_lib.sh"
store_test_begin hash

# 2000 products of 40 producers; 6000 reviews, most of the low-numbered
# products.  Deterministic (a linear congruential generator in awk).
awk 'BEGIN {
  V = "<http://shop.example.org/vocab/"; I = "<http://shop.example.org/inst/";
  X = "^^<http://www.w3.org/2001/XMLSchema#"; seed = 12345;
  for (p = 1; p <= 2000; p++) {
    s = I "product" p ">";
    printf "%s %sproducer> %sproducer%d> .\n", s, V, I, p % 40;
    printf "%s <http://www.w3.org/2000/01/rdf-schema#label> \"item %d\" .\n", s, (p * 7) % 2003;
    seed = (seed * 1103515245 + 12345) % 2147483648; w = 100 + seed % 400;
    printf "%s %sweightGrams> \"%d\"%sinteger> .\n", s, V, w, X;
    seed = (seed * 1103515245 + 12345) % 2147483648; x = 20 + seed % 200; k = seed % 23;
    if (k == 0) continue;                              # no width
    if (k == 1) printf "%s %swidthMm> \"%d.5\"%sdecimal> .\n", s, V, x, X;
    else if (k == 2) printf "%s %swidthMm> \"%d.0E0\"%sdouble> .\n", s, V, x, X;
    else if (k == 3) printf "%s %swidthMm> \"%d\"%sint> .\n", s, V, x, X;
    else if (k == 4) printf "%s %swidthMm> \"0%d\"%sinteger> .\n", s, V, x, X;
    else if (k == 5) printf "%s %swidthMm> \"%d\" .\n", s, V, x;
    else if (k == 6) printf "%s %swidthMm> \"2024-01-0%d\"%sdate> .\n", s, V, x % 9 + 1, X;
    else if (k == 7) printf "%s %swidthMm> %swide> .\n", s, V, I;
    else if (k == 8) printf "%s %swidthMm> \"%d.5\"%sfloat> .\n", s, V, x, X;
    else printf "%s %swidthMm> \"%d\"%sinteger> .\n", s, V, x, X;
    if (k == 9) printf "%s %swidthMm> \"%d\"%sinteger> .\n", s, V, x + 3, X;  # two widths
  }
  for (r = 1; r <= 6000; r++) {
    s = I "review" r ">";
    seed = (seed * 1103515245 + 12345) % 2147483648; p = 1 + int((seed % 1000) * (seed % 1000) / 500);
    printf "%s %sreviewOf> %sproduct%d> .\n", s, V, I, p;
    seed = (seed * 1103515245 + 12345) % 2147483648; v = 1 + seed % 10; k = seed % 19;
    if (k == 0) continue;                              # no rating
    if (k == 1) printf "%s %srating> \"%d.0\"%sdecimal> .\n", s, V, v, X;
    else if (k == 2) printf "%s %srating> \"%dE0\"%sdouble> .\n", s, V, v, X;
    else if (k == 3) printf "%s %srating> \"%d\"%sint> .\n", s, V, v, X;
    else if (k == 4) printf "%s %srating> \"%d\" .\n", s, V, v;
    else if (k == 5) printf "%s %srating> \"true\"%sboolean> .\n", s, V, X;
    else if (k == 6) printf "%s %srating> \"6.99\"%sdecimal> .\n", s, V, X;
    else if (k == 7) printf "%s %srating> \"+%d\"%sinteger> .\n", s, V, v, X;
    else printf "%s %srating> \"%d\"%sinteger> .\n", s, V, v, X;
  }
}' > "$work/shop.nt"
# The same triples in a named graph, and some only there.
awk 'NR % 17 == 0 { sub(/ \.$/, " <http://shop.example.org/graph/g1> ."); print }' "$work/shop.nt" > "$work/g1.nq"
cat >> "$work/g1.nq" <<'NQ'
<http://shop.example.org/inst/review9001> <http://shop.example.org/vocab/reviewOf> <http://shop.example.org/inst/product1> <http://shop.example.org/graph/g1> .
<http://shop.example.org/inst/review9001> <http://shop.example.org/vocab/rating> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <http://shop.example.org/graph/g1> .
<http://shop.example.org/inst/review1> <http://shop.example.org/vocab/rating> "9"^^<http://www.w3.org/2001/XMLSchema#integer> <http://shop.example.org/graph/g1> .
NQ
"$SILA" load -q --store "$S" "$work/shop.nt" "$work/g1.nq" 2>"$work/err" || { cat "$work/err"; exit 1; }

P='PREFIX s: <http://shop.example.org/vocab/> PREFIX i: <http://shop.example.org/inst/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>'
n=0
# check NAME QUERY WRAPPED [FLAGS] [ORDER] [BUILT]: the same rows (with ORDER
# =exact in the same order); the plan of QUERY has the hash level (with
# BUILT=built its table was built).
check() {
  n=$((n + 1))
  name=$1 q1="$P $2" q2="$P $3" flags=${4:-} order=${5:-exact} built=${6:-built}
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q1" > "$work/a" 2>&1 || bad "$name: $(cat "$work/a")"
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q2" > "$work/b" 2>&1 || bad "$name (wrapped): $(cat "$work/b")"
  if [ "$order" != exact ]; then
    sort "$work/a" > "$work/a.s" && mv "$work/a.s" "$work/a"
    sort "$work/b" > "$work/b.s" && mv "$work/b.s" "$work/b"
  fi
  if cmp -s "$work/a" "$work/b"; then ok; else
    bad "$name: the rows differ from the wrapped FILTER's"
    diff "$work/a" "$work/b" | head -5
  fi
  [ "$(wc -l < "$work/a")" -gt 2 ] && ok || bad "$name: too few rows to mean much: $(wc -l < "$work/a")"
  # shellcheck disable=SC2086
  "$SILA" explain --store "$S" $flags --analyze "$q1" > "$work/plan" 2>&1
  if grep -q 'hash of the object range' "$work/plan" &&
     { [ "$built" != built ] || grep -q '\[hash: 1 built' "$work/plan"; }; then ok; else
    bad "$name: EXPLAIN ANALYZE shows no hash level or no table built"; cat "$work/plan"
  fi
  # shellcheck disable=SC2086
  "$SILA" explain --store "$S" $flags --analyze "$q2" > "$work/plan2" 2>&1
  if grep -q 'hash of the object range' "$work/plan2"; then
    bad "$name: the wrapped FILTER got a hash level"; else ok; fi
}

for producer in 1 2 7; do
  for bound in 7 '7.0' '6.99' '7e0' '"7.5"^^<http://www.w3.org/2001/XMLSchema#float>'; do
    built=built
    case $bound in *float*) built=any ;; esac  # >= 7.5: the rows may be too few
    check "s10 producer$producer >= $bound" \
      "SELECT ?product (COUNT(?review) AS ?n) (AVG(?rating) AS ?avg) WHERE {
         ?product s:producer i:producer$producer . ?review s:reviewOf ?product ; s:rating ?rating .
         FILTER (?rating >= $bound) } GROUP BY ?product ORDER BY DESC(?n) ?product LIMIT 10" \
      "SELECT ?product (COUNT(?review) AS ?n) (AVG(?rating) AS ?avg) WHERE {
         ?product s:producer i:producer$producer . ?review s:reviewOf ?product ; s:rating ?rating .
         FILTER ((?rating >= $bound) = true) } GROUP BY ?product ORDER BY DESC(?n) ?product LIMIT 10" \
      '' exact "$built"
  done
done
# Rows, not groups: every review and rating in the BGP's own order (no
# ORDER BY: the order is the plan's, which must not change), in the union
# and in the default graph alone.
for flags in '' '--no-union-default-graph'; do
  check "s10 rows $flags" \
    "SELECT ?review ?rating WHERE { ?product s:producer i:producer1 . ?review s:reviewOf ?product ; s:rating ?rating . FILTER (?rating > 3 && ?rating <= 7) }" \
    "SELECT ?review ?rating WHERE { ?product s:producer i:producer1 . ?review s:reviewOf ?product ; s:rating ?rating . FILTER ((?rating > 3 && ?rating <= 7) = true) }" \
    "$flags" sorted
done
for p in 17 5 1233; do
  check "s07 product$p" \
    "SELECT DISTINCT ?other ?label ?w ?x WHERE {
       i:product$p s:weightGrams ?w0 ; s:widthMm ?x0 .
       ?other s:weightGrams ?w ; s:widthMm ?x ; rdfs:label ?label .
       FILTER (i:product$p != ?other)
       FILTER (?w > ?w0 - 50 && ?w < ?w0 + 50 && ?x > ?x0 - 20 && ?x < ?x0 + 20)
     } ORDER BY ?label" \
    "SELECT DISTINCT ?other ?label ?w ?x WHERE {
       i:product$p s:weightGrams ?w0 ; s:widthMm ?x0 .
       ?other s:weightGrams ?w ; s:widthMm ?x ; rdfs:label ?label .
       FILTER (i:product$p != ?other)
       FILTER (?w > ?w0 - 50 && ?w < ?w0 + 50 && (?x > ?x0 - 20 && ?x < ?x0 + 20) = true)
     } ORDER BY ?label"
done
# The bounds equal to values: widths exactly x0 - 20 and x0 + 20 are out,
# x0 - 19 in (closed and open bounds alike).
check "s07 closed bounds" \
  "SELECT ?other ?x WHERE { i:product17 s:widthMm ?x0 . ?other s:weightGrams ?w ; s:widthMm ?x .
     FILTER (?w >= 100 && ?w <= 300 && ?x >= ?x0 - 20 && ?x <= ?x0 + 20) }" \
  "SELECT ?other ?x WHERE { i:product17 s:widthMm ?x0 . ?other s:weightGrams ?w ; s:widthMm ?x .
     FILTER (?w >= 100 && ?w <= 300 && (?x >= ?x0 - 20 && ?x <= ?x0 + 20) = true) }" \
  '' sorted

# A date bound (no number can pass it): no hash level, the rows go on at once.
"$SILA" explain --store "$S" "$P SELECT * { ?other s:weightGrams ?w ; s:widthMm ?x . FILTER (?w >= 100 && ?w <= 300 && ?x >= \"2024-01-03\"^^<http://www.w3.org/2001/XMLSchema#date>) }" > "$work/plan" 2>&1
if grep -q 'hash of the object range' "$work/plan"; then bad "a date bound got a hash level"; cat "$work/plan"; else ok; fi
"$SILA" query --store "$S" --format tsv "$P SELECT * { ?other s:weightGrams ?w ; s:widthMm ?x . FILTER (?w >= 100 && ?w <= 300 && ?x >= \"2024-01-03\"^^<http://www.w3.org/2001/XMLSchema#date>) }" > "$work/a" 2>&1
[ "$(wc -l < "$work/a")" -gt 1 ] && ok || { bad "the date bound found no dates: $(cat "$work/a")"; }

# Under a LIMIT with no ORDER BY the rows stream: no hash level.
"$SILA" explain --store "$S" "$P SELECT * { ?product s:producer i:producer1 . ?review s:reviewOf ?product ; s:rating ?rating . FILTER (?rating >= 7) } LIMIT 3" > "$work/plan" 2>&1
if grep -q 'hash of the object range' "$work/plan"; then bad "a LIMIT without ORDER BY got a hash level"; cat "$work/plan"; else ok; fi

store_test_end hash_level_test
