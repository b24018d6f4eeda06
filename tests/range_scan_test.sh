#!/bin/sh
# Numeric FILTER bounds as object range scans (sparql/exec_range.c), from
# outside: `sila query` on one predicate whose objects mix inline integers
# and decimals (negative, zero, at the inline limits), numbers the store
# keeps in its dictionary (too long, non-canonical, doubles, floats, derived
# integer types, NaN, INF), strings, language strings, dates, booleans,
# IRIs and blank nodes, in the default graph and in named graphs.  Each
# query runs twice: as written (the bounds narrow the scan: EXPLAIN says
# "object range scan") and with the FILTER wrapped in `(…) = true`, the
# same test that no range can be taken from; the answers must be equal,
# and a few are checked against the expected rows.
set -u
. "$(dirname "$0")/store_test_lib.sh"
store_test_begin range
cat > "$work/data.trig" <<'DATA'
@prefix : <http://e/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:i1 :v 5 . :i2 :v -7 . :i3 :v 0 . :i4 :v 100 .
:i5 :v 576460752303423487 . :i6 :v 576460752303423488 . :i7 :v -576460752303423488 .
:i8 :v 99999999999999999999999 . :i9 :v -576460752303423487 .
:d1 :v 4.5 . :d2 :v -0.25 . :d3 :v 0.0 . :d4 :v 5.0 . :d5 :v 12345678901234567890.123 .
:d6 :v "005.50"^^xsd:decimal . :d7 :v -4.99999999999999999 . :d8 :v 0.00000000001 . :d9 :v 4.50 .
:d10 :v -5.5 . :d11 :v 1234567890123456789012.5 .
:f1 :v 4.75e0 . :f2 :v "-6.5"^^xsd:float . :f3 :v "NaN"^^xsd:double . :f4 :v "INF"^^xsd:double .
:f5 :v "-INF"^^xsd:double . :f6 :v 5.000000000000001e0 . :f7 :v "4.5"^^xsd:double .
:t1 :v "5"^^xsd:int . :t2 :v "01"^^xsd:integer . :t3 :v "+3"^^xsd:integer .
:t4 :v "6"^^xsd:nonNegativeInteger . :t5 :v "-7"^^xsd:long .
:s1 :v "5" . :s2 :v "5"@en . :s3 :v "a longer string value" . :s4 :v "2024-01-05"^^xsd:date .
:s5 :v true . :s6 :v :iri . :s7 :v _:b . :s8 :v "2024-01-05T10:00:00"^^xsd:dateTime .
:s9 :v "abc"^^xsd:integer . :s10 :v "5"^^:custom . :s11 :v "4.6"^^xsd:string . :s12 :v "zz" .
:ref :lo 4 ; :hi 6 ; :s "5" ; :d "2024-01-01"^^xsd:date ; :dec 4.5 ; :dbl 4.5e0 ; :neg -7 ;
  :big 576460752303423487 ; :nan "NaN"^^xsd:double ; :flt "5.5"^^xsd:float .
GRAPH :g1 { :i1 :v 5 . :g1a :v 4.6 . :g1b :v 42 . :g1c :v 5.5e0 . :g1d :v -7 . }
GRAPH :g2 { :g1a :v 4.6 . :g2a :v -3 . :g2b :v "4.9"^^xsd:float . }
DATA
"$SILA" load -q --store "$S" "$work/data.trig" 2>"$work/err" || { cat "$work/err"; exit 1; }

P='PREFIX : <http://e/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>'
n=0
# check WHERE-BODY FILTER-EXPR [EXPECTED-ROWS] [FLAGS]: the answers with the
# filter as written and wrapped must be the same (and have EXPECTED rows).
check() {
  n=$((n + 1))
  body=$1 f=$2 expect=${3:-} flags=${4:-}
  q1="$P SELECT * { $body FILTER($f) }"
  q2="$P SELECT * { $body FILTER(($f) = true) }"
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q1" > "$work/a" 2>&1 || bad "$n: $f: $(cat "$work/a")"
  # shellcheck disable=SC2086
  "$SILA" query --store "$S" $flags --format tsv "$q2" > "$work/b" 2>&1 || bad "$n: $f (wrapped): $(cat "$work/b")"
  sort "$work/a" > "$work/a.s"
  sort "$work/b" > "$work/b.s"
  if cmp -s "$work/a.s" "$work/b.s"; then ok; else
    bad "$n: { $body FILTER($f) } differs from the FILTER alone:"
    diff "$work/b.s" "$work/a.s"
  fi
  if [ -n "$expect" ]; then
    rows=$(($(wc -l < "$work/a") - 1))
    [ "$rows" = "$expect" ] && ok || { bad "$n: $f: $rows rows, expected $expect"; cat "$work/a"; }
  fi
}
V='?s :v ?w .'
# constants of each numeric type, both sides, strict and not
check "$V" '?w > 4 && ?w < 6' 12
check "$V" '?w >= 4.5 && ?w <= 5.0' 9
check "$V" '?w > 4.6e0 && ?w < 5.1e0' 6
check "$V" '4 < ?w && 6 > ?w' 12
check "$V" '?w >= 5 && ?w <= 5' 3
check "$V" '?w > 4.5 && ?w < 4.5' 0
check "$V" '?w < 0' 11
check "$V" '?w <= 0' 13
check "$V" '?w >= -7' ''
check "$V" '?w > -0.0e0'
check "$V" '?w >= "5.5"^^xsd:float'
check "$V" '?w < "4.9"^^xsd:float && ?w > "-6.5"^^xsd:float'
# at and past the inline limits, and huge bounds
check "$V" '?w > 576460752303423486' 6
check "$V" '?w >= 576460752303423487'
check "$V" '?w < -576460752303423487' 2
check "$V" '?w <= -576460752303423487'
check "$V" '?w > 1e20'
check "$V" '?w > 99999999999999999999998'
check "$V" '?w < -1e300'
check "$V" '?w > 1234567890123456789012.4 && ?w < 1234567890123456789012.6' 1
check "$V" '?w > 0.000000000005 && ?w < 0.00000000002' 1
# infinities and NaN
check "$V" '?w >= "INF"^^xsd:double' 1
check "$V" '?w > "-INF"^^xsd:double'
check "$V" '?w < "NaN"^^xsd:double' 0
check "$V" '?w > "INF"^^xsd:double' 0
# bounds computed from variables bound earlier
check ":ref :lo ?lo ; :hi ?hi . $V" '?w > ?lo && ?w < ?hi' 12
check ":ref :lo ?lo . $V" '?w > ?lo - 50 && ?w < ?lo + 50'
check ":ref :dec ?x . $V" '?w <= ?x && ?w >= ?x'
check ":ref :dbl ?x . $V" '?w <= ?x && ?w >= ?x'
check ":ref :neg ?x . $V" '?w <= ?x'
check ":ref :big ?x . $V" '?w >= ?x - 1'
check ":ref :flt ?x . $V" '?w >= ?x / 2 && ?w < ?x'
check ":ref :nan ?x . $V" '?w > ?x' 0
check ":ref :lo ?lo . $V" '?w > ?lo * 1.0e0 && ?w < ?lo / 3 * 4.5'
# a looked-up object (bound subject): bounds kept while their inputs stay
check ":ref :lo ?lo . $V ?s :v ?w2 ." '?w2 >= ?lo && ?w2 < ?lo + 2'
check "$V ?s :v ?w2 ." '?w2 > ?w - 1 && ?w2 <= ?w'
check "$V ?s :v ?w2 ." '?w2 >= ?w'
# bounds that are no number: the FILTER alone decides (strings, dates)
check ":ref :s ?x . $V" '?w >= ?x'
check ":ref :d ?x . $V" '?w > ?x' 1
check "$V" '?w > "4"'
check "$V" '?w > 4 && ?w < "z"' 0
# a bound that is an error: no row
check "$V" '?w > 1/0' 0
check "$V" '?w > ?nothing' 0
check "$V" '?w > :ref' 0
check "$V" '?w > "abc"^^xsd:integer'
# other graphs: the default graph alone, a named graph, FROM
check "$V" '?w > 4 && ?w < 6' '' --no-union-default-graph
n=$((n + 1))
q="$P SELECT ?g ?s { GRAPH ?g { $V FILTER(?w > 4 && ?w < 6) } }"
out=$("$SILA" query --store "$S" --format tsv "$q" | sort | tr '\n\t' '  ')
[ "$out" = "<http://e/g1> <http://e/g1a> <http://e/g1> <http://e/g1c> <http://e/g1> <http://e/i1> <http://e/g2> <http://e/g1a> <http://e/g2> <http://e/g2b> ?g ?s " ] &&
  ok || bad "$n: GRAPH ?g: $out"
n=$((n + 1))
q="$P SELECT ?s FROM :g1 FROM :g2 { $V FILTER(?w > 4 && ?w < 6) }"
out=$("$SILA" query --store "$S" --format tsv "$q" | sort | tr '\n' ' ')
[ "$out" = "<http://e/g1a> <http://e/g1c> <http://e/g2b> <http://e/i1> ?s " ] && ok || bad "$n: FROM g1 g2: $out"

# EXPLAIN shows the range where it is taken, and only there
out=$("$SILA" explain --store "$S" "$P SELECT * { :ref :lo ?lo . $V FILTER(?w > ?lo - 50 && ?w < ?lo + 50) }")
echo "$out" | grep -q 'object range scan of ?w: ?w > (- ?lo 50), ?w < (+ ?lo 50)' && ok ||
  bad "EXPLAIN shows no range: $out"
out=$("$SILA" explain --analyze --store "$S" "$P SELECT * { $V FILTER(?w > 4 && ?w < 6) }")
echo "$out" | grep -q 'object range scan of ?w: ?w > 4, ?w < 6' && ok || bad "EXPLAIN ANALYZE shows no range: $out"
echo "$out" | grep -q 'rows 12' && ok || bad "EXPLAIN ANALYZE rows: $out"
out=$("$SILA" explain --store "$S" "$P SELECT * { $V FILTER((?w > 4 && ?w < 6) = true) }")
echo "$out" | grep -q 'range scan' && bad "a range from a wrapped FILTER: $out" || ok
# a bound subject: a lookup, no range; an OR: no range
out=$("$SILA" explain --store "$S" "$P SELECT * { :i1 :v ?w FILTER(?w > 4) }")
echo "$out" | grep -q 'range scan' && bad "a range with a bound subject: $out" || ok
out=$("$SILA" explain --store "$S" "$P SELECT * { $V FILTER(?w > 4 || ?w < 0) }")
echo "$out" | grep -q 'range scan' && bad "a range from ||: $out" || ok

# the join order: a two-sided range of 100 numbers goes before 100 types
i=0
while [ $i -lt 100 ]; do
  echo "<http://e/n$i> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e/T> ."
  echo "<http://e/n$i> <http://e/num> \"$i\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
  i=$((i + 1))
done > "$work/n.nt"
"$SILA" load -q --store "$S" "$work/n.nt" 2>/dev/null || bad "load n.nt"
check '?x a :T . ?x :num ?n .' '?n > 10 && ?n < 13' 2
out=$("$SILA" explain --store "$S" "$P SELECT * { ?x a :T . ?x :num ?n FILTER(?n > 10 && ?n < 13) }")
first=$(echo "$out" | grep -m1 '^ *?x ')
case $first in *'<http://e/num> ?n'*'object range scan'*) ok ;; *) bad "range pattern not first: $out" ;; esac
out=$("$SILA" explain --store "$S" "$P SELECT * { ?x a :T . ?x :num ?n FILTER((?n > 10 && ?n < 13) = true) }")
first=$(echo "$out" | grep -m1 '^ *?x ')
case $first in *'rdf-syntax-ns#type'*) ok ;; *) bad "without the range the type goes first: $out" ;; esac

store_test_end range_scan_test
