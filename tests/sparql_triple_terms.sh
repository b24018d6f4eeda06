#!/bin/sh
# SPARQL 1.2 triple terms through the `sila` command line: INSERT DATA with
# triple terms and annotations, patterns with variables inside triple terms
# (a range scan of the store's index of triple terms, shown by EXPLAIN),
# TRIPLE/SUBJECT/PREDICATE/OBJECT/isTRIPLE, = and ORDER BY on triple terms,
# and triple terms in every results format.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-tt.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
q() { "$SILA" query --store "$work/s" "$@" 2>"$work/err"; }
"$SILA" init "$work/s" >/dev/null
P='PREFIX : <http://ex.org/> '
"$SILA" update --store "$work/s" "$P INSERT DATA {
  :alice :said <<( :bob :age 23 )>> .
  :carol :said <<( :bob :age 24 )>> .
  :dave :said <<( :erin :knows <<( :bob :age 23 )>> )>> .
  :bob :name \"Bob\" ~ :r1 {| :source :census |} .
}" >/dev/null 2>"$work/err"
check "INSERT DATA with triple terms and an annotation" '[ $? = 0 ]'

q --format tsv "$P SELECT ?who ?age { ?who :said <<( :bob :age ?age )>> } ORDER BY ?age" >"$work/o"
check "a variable inside a triple term matches the stored ones" \
  '[ "$(tail -n +2 "$work/o" | tr "\t\n" " ")" = "<http://ex.org/alice> 23 <http://ex.org/carol> 24 " ]'

q --format tsv "$P SELECT ?x { :dave :said <<( :erin :knows <<( ?x :age 23 )>> )>> }" >"$work/o"
check "nested triple terms" '[ "$(tail -n 1 "$work/o")" = "<http://ex.org/bob>" ]'

q --format tsv "$P SELECT ?src { << :bob :name \"Bob\" ~ ?r >> :source ?src }" >"$work/o"
check "an annotation is a reifier with rdf:reifies" \
  '[ "$(tail -n 1 "$work/o")" = "<http://ex.org/census>" ]'

"$SILA" update --store "$work/s" "$P INSERT DATA { :zed :claims :bob }" >/dev/null 2>&1
q --format tsv "$P SELECT ?w ?n { ?w (:said|:claims) <<( :bob :age ?n )>> } ORDER BY ?n" >"$work/o"
check "a property path ending in a triple term matches its components" \
  '[ "$(tail -n +2 "$work/o" | cut -f2 | tr "\n" " ")" = "23 24 " ]'

"$SILA" explain --store "$work/s" "$P SELECT ?s ?o { ?s :said <<( :bob ?p ?o )>> }" >"$work/plan" 2>&1
check "EXPLAIN shows the triple-term pattern and its index" \
  'grep -q "<<( <http://ex.org/bob> ?p ?o )>>   (triple-term index" "$work/plan"'

q --format tsv "$P SELECT ?t { ?w :said ?t } ORDER BY ?t" >"$work/o"
check "TSV writes triple terms as <<( ... )>>" \
  'grep -qx "<<( <http://ex.org/bob> <http://ex.org/age> \"23\"^^<http://www.w3.org/2001/XMLSchema#integer> )>>" "$work/o"'
q --format json "$P SELECT ?t { :alice :said ?t }" >"$work/o"
check "JSON results: type triple with subject, predicate, object" \
  'grep -q "\"type\":\"triple\",\"value\":{\"subject\":{\"type\":\"uri\",\"value\":\"http://ex.org/bob\"}" "$work/o"'
q --format xml "$P SELECT ?t { :alice :said ?t }" >"$work/o"
check "XML results: <triple><subject>" 'grep -q "<triple><subject><uri>http://ex.org/bob</uri></subject>" "$work/o"'
q --format csv "$P SELECT ?t { :alice :said ?t }" >"$work/o"
check "CSV results carry the triple term (quoted)" 'grep -q "^\"<<( <http://ex.org/bob> <http://ex.org/age> \"\"23\"\"^^" "$work/o"'

q --format tsv "$P SELECT ?s ?p ?o ?is { :alice :said ?t BIND(SUBJECT(?t) AS ?s) BIND(PREDICATE(?t) AS ?p) BIND(OBJECT(?t) AS ?o) BIND(isTRIPLE(?t) AS ?is) }" >"$work/o"
check "SUBJECT, PREDICATE, OBJECT, isTRIPLE" \
  '[ "$(tail -n 1 "$work/o")" = "$(printf "<http://ex.org/bob>\t<http://ex.org/age>\t23\ttrue")" ]'
q --format tsv "$P ASK { :alice :said ?t FILTER(?t = TRIPLE(:bob, :age, 23.0) && ?t = <<( :bob :age 23 )>> && !sameTerm(?t, TRIPLE(:bob, :age, 23.0))) }" >"$work/o"
check "= compares components by value, sameTerm by term" '[ "$(tail -n 1 "$work/o")" = "true" ]'
q --format tsv "$P SELECT ?v { VALUES ?v { <<( :a :b :c )>> \"x\" :i } } ORDER BY ?v" >"$work/o"
check "ORDER BY puts triple terms after literals" '[ "$(tail -n 1 "$work/o")" = "<<( <http://ex.org/a> <http://ex.org/b> <http://ex.org/c> )>>" ]'
q --format tsv "$P SELECT (COUNT(DISTINCT ?t) AS ?n) { VALUES ?t { <<( :a :b :c )>> <<( :a :b :c )>> <<( :a :b :d )>> } }" >"$work/o"
check "DISTINCT over triple terms" '[ "$(tail -n 1 "$work/o")" = "2" ]'

q "$P SELECT * { BIND(<<( \"lit\" :q :z )>> AS ?x) }" >/dev/null
check "a literal subject in a triple term is a syntax error (exit 3)" '[ $? = 3 ] && grep -q "subject of a triple term" "$work/err"'

"$SILA" update --store "$work/s" "$P DELETE { ?w :said ?t } WHERE { ?w :said ?t FILTER(SUBJECT(?t) = :bob && OBJECT(?t) = 24) }" >/dev/null 2>&1
q --format tsv "$P SELECT ?w { ?w :said <<( :bob :age ?a )>> }" >"$work/o"
check "DELETE … WHERE with a triple term" '[ "$(tail -n +2 "$work/o")" = "<http://ex.org/alice>" ]'
"$SILA" update --store "$work/s" "$P DELETE WHERE { ?w :said <<( :bob ?p ?a )>> }" >/dev/null 2>&1
q --format tsv "$P SELECT ?w { ?w :said ?t FILTER(isTRIPLE(?t)) }" >"$work/o"
check "DELETE WHERE with variables inside a triple term" \
  '[ "$(tail -n +2 "$work/o")" = "<http://ex.org/dave>" ]'
q --format ntriples "$P CONSTRUCT { _:b :says <<( _:b :age 5 )>> . _:b :in <<( :x :y <<( _:b :p :q )>> )>> } WHERE { VALUES ?i { 1 2 } }" >"$work/o"
check "CONSTRUCT: a template's blank node is one node per solution, in triple terms too" \
  '[ "$(awk "{ print \$1 }" "$work/o" | sort -u | wc -l)" = 2 ] &&
   [ "$(grep -c "" "$work/o")" = 4 ] &&
   awk "/says/ { if (\$1 != \$4) bad = 1 } /\/in>/ { if (\$1 != \$7) bad = 1 } END { exit bad }" "$work/o"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
