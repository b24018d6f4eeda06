#!/bin/sh
# Relative IRIs through the command line: `sila query --file F` and
# `sila update --file F` resolve them against F's file: IRI (as `sila load`
# does), --base overrides it, and with no base at all (text on the command
# line, standard input) a relative IRI is refused with its line:column
# (exit 3), not stored as written.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-reliri.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
S="$work/s"
"$SILA" init "$S" >/dev/null || exit 1
dir=$(cd "$work" && pwd -P)

# update --file: <g> and <x> are file:///…/g and file:///…/x
printf 'INSERT DATA { GRAPH <g> { <x> <http://e/p> 1 } }\n' > "$work/up.ru"
"$SILA" update -q --store "$S" --file "$work/up.ru" 2>"$work/err" && ok || bad "update --file: $(cat "$work/err")"
"$SILA" dump --store "$S" --format nquads > "$work/dump"
grep -q "<file://$dir/x> <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <file://$dir/g>" "$work/dump" \
  && ok || bad "update --file did not resolve against the file: $(cat "$work/dump")"

# query --file: FROM NAMED <g> resolves the same way
printf 'SELECT ?x FROM NAMED <g> { GRAPH <g> { ?x ?p ?o } }\n' > "$work/q.rq"
out=$("$SILA" query --store "$S" --no-union-default-graph --format tsv --file "$work/q.rq" 2>&1)
echo "$out" | grep -q "<file://$dir/x>" && ok || bad "query --file: $out"

# --base wins over the file
printf 'ASK { GRAPH <http://b/g> { <http://b/x> ?p ?o } }\n' > "$work/ask.rq"
"$SILA" update -q --store "$S" --base http://b/ --file "$work/up.ru" 2>"$work/err" || bad "update --base: $(cat "$work/err")"
out=$("$SILA" query --store "$S" --format tsv --file "$work/ask.rq")
echo "$out" | grep -q true && ok || bad "update --base: $out"
out=$("$SILA" query --store "$S" --base http://b/ --format csv 'ASK { GRAPH <g> { <x> ?p ?o } }')
echo "$out" | grep -q true && ok || bad "query --base: $out"
out=$("$SILA" explain --store "$S" --base http://b/ 'SELECT * { <x> ?p ?o }' 2>&1)
echo "$out" | grep -q "http://b/x" && ok || bad "explain --base: $out"

# no base: refused with line:column, nothing stored
n0=$("$SILA" dump --store "$S" --format nquads | wc -l)
"$SILA" update -q --store "$S" 'INSERT DATA {
  <x> <y> <z> }' 2>"$work/err"
rc=$?
[ $rc = 3 ] && ok || bad "relative IRI without a base: exit $rc, expected 3"
grep -q "2:3" "$work/err" && grep -q "relative IRI <x>" "$work/err" && ok || bad "no position: $(cat "$work/err")"
printf 'SELECT * { ?s <p> ?o }' | "$SILA" query --store "$S" - 2>"$work/err"
rc=$?
[ $rc = 3 ] && grep -q "1:15" "$work/err" && ok || bad "query on stdin: exit $rc: $(cat "$work/err")"
"$SILA" dump --store "$S" --format nquads > "$work/dump2"
[ "$(wc -l < "$work/dump2")" = "$n0" ] && ok || bad "something was stored: $(cat "$work/dump2")"

# Turtle on standard input: refused without --base, resolved with it
printf '@prefix e: <http://e/> .\ne:s e:p\n  <rel> .\n' > "$work/d.ttl"
"$SILA" load -q --store "$S" --format turtle - < "$work/d.ttl" 2>"$work/err"
rc=$?
[ $rc = 3 ] && grep -q "3:3" "$work/err" && grep -q "relative IRI <rel>" "$work/err" && ok \
  || bad "turtle on stdin without base: exit $rc: $(cat "$work/err")"
"$SILA" load -q --store "$S" --format turtle --base http://b/ - < "$work/d.ttl" 2>"$work/err" && ok \
  || bad "turtle on stdin with --base: $(cat "$work/err")"
"$SILA" dump --store "$S" --format nquads | grep -q "<http://e/s> <http://e/p> <http://b/rel>" && ok \
  || bad "turtle --base not applied"
# N-Triples on standard input: relative IRIs are never N-Triples
printf '<http://e/s> <http://e/p> <rel> .\n' | "$SILA" load -q --store "$S" --format ntriples - 2>"$work/err"
rc=$?
[ $rc = 3 ] && grep -q "1:" "$work/err" && ok || bad "ntriples relative: exit $rc: $(cat "$work/err")"

echo "relative_iri_cli: $pass passed, $fail failed"
[ $fail = 0 ]
