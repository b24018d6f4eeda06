#!/bin/sh
# ORDER BY ?v LIMIT k driven by ?v's objects in value order
# (sparql/exec_topk.c, issue 21), from outside: `sila query` and `sila
# explain --analyze` on shop-like data written here (products of skewed
# types with 0-2 labels, offers with prices as inline decimals — equal
# prices, 1.5 and 1.50 — with 0-2 vendors, offers only in a named graph,
# ratings of mixed kinds).  Each bench/shapes s08-like query runs as written
# (EXPLAIN: "driven by ?price", ANALYZE: the values it read) and with its key
# wrapped as (?price + 0), which is no variable, so never driven: the same
# rows in the same order (a last key ?offer ?vendor makes the order total).
# Where ?v's values are of several kinds (ratings) or the rows are few, the
# plan stays the plain top-k.
set -u
. "$(dirname "$0")/store_test_lib.sh"
store_test_begin topk

# 3000 products (half of them of type 0), 9000 offers.  Deterministic (a
# linear congruential generator in awk).
awk 'BEGIN {
  V = "<http://shop.example.org/vocab/"; I = "<http://shop.example.org/inst/";
  X = "^^<http://www.w3.org/2001/XMLSchema#"; seed = 4242;
  for (p = 1; p <= 3000; p++) {
    s = I "product" p ">";
    seed = (seed * 1103515245 + 12345) % 2147483648; t = seed % 10; if (t > 4) t = 0;
    printf "%s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> %stype%d> .\n", s, I, t;
    seed = (seed * 1103515245 + 12345) % 2147483648; k = seed % 9;
    if (k > 0) printf "%s <http://www.w3.org/2000/01/rdf-schema#label> \"item %d\" .\n", s, p % 997;
    if (k == 1) printf "%s <http://www.w3.org/2000/01/rdf-schema#label> \"other %d\" .\n", s, p % 13;
  }
  for (o = 1; o <= 9000; o++) {
    s = I "offer" o ">";
    seed = (seed * 1103515245 + 12345) % 2147483648; p = 1 + seed % 3000;
    printf "%s %sofferOf> %sproduct%d> .\n", s, V, I, p;
    seed = (seed * 1103515245 + 12345) % 2147483648; c = 100 + seed % 40000; k = seed % 7;
    if (k == 0) printf "%s %sprice> \"%d.%02d\"%sdecimal> .\n", s, V, 1 + c % 30, 0, X;  # equal prices
    else if (k == 1) printf "%s %sprice> \"%d.%d0\"%sdecimal> .\n", s, V, c / 100, c % 10, X;  # 1.50
    else printf "%s %sprice> \"%d.%02d\"%sdecimal> .\n", s, V, c / 100, c % 100, X;
    seed = (seed * 1103515245 + 12345) % 2147483648; k = seed % 11;
    if (k > 0) printf "%s %svendor> %svendor%d> .\n", s, V, I, seed % 50;
    if (k == 1) printf "%s %svendor> %svendor%d> .\n", s, V, I, seed % 7;
    seed = (seed * 1103515245 + 12345) % 2147483648; k = seed % 5;
    if (k == 0) printf "%s %srating> \"%d\" .\n", s, V, seed % 10;
    else printf "%s %srating> \"%d\"%sinteger> .\n", s, V, seed % 10, X;
  }
}' > "$work/shop.nt"
# Offers only in a named graph, cheaper than any other.
cat > "$work/g1.nq" <<'NQ'
<http://shop.example.org/inst/offer9001> <http://shop.example.org/vocab/offerOf> <http://shop.example.org/inst/product2> <http://shop.example.org/graph/g1> .
<http://shop.example.org/inst/offer9001> <http://shop.example.org/vocab/price> "0.50"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://shop.example.org/graph/g1> .
<http://shop.example.org/inst/offer9001> <http://shop.example.org/vocab/vendor> <http://shop.example.org/inst/vendor1> <http://shop.example.org/graph/g1> .
<http://shop.example.org/inst/offer1> <http://shop.example.org/vocab/price> "0.25"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://shop.example.org/graph/g1> .
NQ
"$SILA" load -q --store "$S" "$work/shop.nt" "$work/g1.nq" 2>"$work/err" || { cat "$work/err"; exit 1; }

P='PREFIX s: <http://shop.example.org/vocab/> PREFIX i: <http://shop.example.org/inst/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>'
# check NAME QUERY [FLAGS] [PLAN]: QUERY (with @KEY@ for its first key) run
# with ?price and with (?price + 0): the same rows in the same order; with
# PLAN=driven (the default) the first is driven (EXPLAIN, and EXPLAIN
# ANALYZE's count of values read), with PLAN=plain it is not; the wrapped
# one never is.
check() {
  name=$1 flags=${3:-} plan=${4:-driven}
  q1="$P $(echo "$2" | sed 's/@KEY@/?price/')"
  q2="$P $(echo "$2" | sed 's/@KEY@/(?price + 0)/')"
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q1" > "$work/a" 2>&1 || bad "$name: $(cat "$work/a")"
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q2" > "$work/b" 2>&1 || bad "$name (wrapped): $(cat "$work/b")"
  if cmp -s "$work/a" "$work/b"; then ok; else
    bad "$name: the rows differ from the wrapped key's"
    diff "$work/a" "$work/b" | head -6
  fi
  [ "$(wc -l < "$work/a")" -gt 2 ] && ok || bad "$name: too few rows to mean much: $(wc -l < "$work/a")"
  # shellcheck disable=SC2086
  "$SILA" explain --store "$S" $flags --analyze "$q1" > "$work/plan" 2>&1
  if [ "$plan" = driven ]; then
    if grep -q 'orderby .*(driven by ?price: the objects of <http://shop.example.org/vocab/price> in value order' "$work/plan" &&
       grep -q '\[driven: [0-9]* values read' "$work/plan"; then ok; else
      bad "$name: EXPLAIN ANALYZE shows no driven ORDER BY"; cat "$work/plan"
    fi
  elif grep -q 'driven by' "$work/plan"; then
    bad "$name: driven, though it should not be"; cat "$work/plan"
  else ok; fi
  # shellcheck disable=SC2086
  "$SILA" explain --store "$S" $flags "$q2" > "$work/plan2" 2>&1
  if grep -q 'driven by' "$work/plan2"; then bad "$name: the wrapped key was driven"; else ok; fi
}

S08='SELECT ?product ?label ?price ?vendor WHERE {
  ?product a i:type0 ; rdfs:label ?label .
  ?offer s:offerOf ?product ; s:price ?price ; s:vendor ?vendor .
}'
check "s08" "$S08 ORDER BY @KEY@ ?offer ?vendor ?label LIMIT 10"
check "s08 no union" "$S08 ORDER BY @KEY@ ?offer ?vendor ?label LIMIT 10" --no-union-default-graph
check "s08 DESC" "$S08 ORDER BY DESC(@KEY@) ?offer ?vendor ?label LIMIT 10"
check "s08 OFFSET" "$S08 ORDER BY @KEY@ ?offer ?vendor ?label LIMIT 7 OFFSET 13"
check "s08 two keys" "$S08 ORDER BY DESC(@KEY@) DESC(?label) ?offer ?vendor LIMIT 25"
check "s08 DISTINCT" "SELECT DISTINCT ?product ?price WHERE {
  ?product a i:type0 ; rdfs:label ?label . ?offer s:offerOf ?product ; s:price ?price ; s:vendor ?vendor .
} ORDER BY @KEY@ ?product LIMIT 12"
check "s08 FILTER" "SELECT ?offer ?price WHERE {
  ?product a i:type0 . ?offer s:offerOf ?product ; s:price ?price . FILTER(?price > 20)
} ORDER BY @KEY@ ?offer LIMIT 10"
check "s08 OPTIONAL" "SELECT ?product ?label ?price ?vendor WHERE {
  ?product a i:type0 . OPTIONAL { ?product rdfs:label ?label }
  ?offer s:offerOf ?product ; s:price ?price . OPTIONAL { ?offer s:vendor ?vendor }
} ORDER BY @KEY@ ?offer ?vendor ?label LIMIT 10"
check "s08 FROM g1" "SELECT ?offer ?price FROM <http://shop.example.org/graph/g1> WHERE {
  ?offer s:price ?price } ORDER BY @KEY@ ?offer LIMIT 5" '' plain
check "s08 GRAPH" "SELECT ?g ?offer ?price WHERE { GRAPH ?g { ?offer s:price ?price } } ORDER BY @KEY@ ?offer LIMIT 5" '' plain
# The offers of a named graph come first in the union, not in the default graph.
"$SILA" query --store "$S" --format tsv "$P SELECT ?offer ?price WHERE { ?offer s:price ?price } ORDER BY ?price LIMIT 2" > "$work/a" 2>&1
if grep -q 'offer1>.*0.25' "$work/a" && grep -q 'offer9001>.*0.50' "$work/a"; then ok; else bad "union: $(cat "$work/a")"; fi
"$SILA" query --store "$S" --no-union-default-graph --format tsv "$P SELECT ?offer ?price WHERE { ?offer s:price ?price } ORDER BY ?price LIMIT 2" > "$work/a" 2>&1
if grep -q '0.25\|0.50' "$work/a"; then bad "default graph: $(cat "$work/a")"; else ok; fi

# Ratings of two kinds (integers and strings): their IDs are not their order.
"$SILA" explain --store "$S" "$P SELECT ?offer ?r WHERE { ?offer s:rating ?r ; s:price ?p } ORDER BY ?r LIMIT 5" > "$work/plan" 2>&1
if grep -q 'driven by' "$work/plan"; then bad "mixed kinds were driven"; cat "$work/plan"; else ok; fi
# Few rows (one product's offers): the plain top-k.
"$SILA" explain --store "$S" "$P SELECT ?offer ?price WHERE { ?offer s:offerOf i:product7 ; s:price ?price } ORDER BY ?price LIMIT 2" > "$work/plan" 2>&1
if grep -q 'driven by' "$work/plan" || ! grep -q 'top 2 rows kept' "$work/plan"; then bad "few rows were driven"; cat "$work/plan"; else ok; fi

store_test_end topk_test
