#!/bin/sh
# `sila load` end to end: formats, gzip, stdin, graphs, all-or-nothing on
# a syntax error with file:line: message, and dumps that round-trip.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-load.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
quads() { "$SILA" stats --store "$work/s" | awk '$1 == "quads" { print $2 }'; }

"$SILA" init "$work/s" >/dev/null || exit 1
cat >"$work/a.ttl" <<'TTL'
@prefix ex: <http://ex.org/> .
ex:cosenza a ex:Comune ; ex:nome "Cosenza"@it , "Cosenza"@EN ; ex:istat "078045" ;
  ex:abitanti 65000 ; ex:cap "01"^^<http://www.w3.org/2001/XMLSchema#integer> ;
  ex:indirizzo [ ex:via "Corso Mazzini" ] .
TTL
"$SILA" load -q --store "$work/s" "$work/a.ttl" 2>"$work/err" && ok || bad "turtle load: $(cat "$work/err")"
[ "$(quads)" = 8 ] && ok || bad "expected 8 quads after turtle, got $(quads)"

printf '<http://ex.org/x> <http://ex.org/p> "q" <http://ex.org/g1> .\n<http://ex.org/x> <http://ex.org/p> "d" .\n' >"$work/b.nq"
gzip -c "$work/b.nq" >"$work/b.nq.gz"
"$SILA" load -q --store "$work/s" "$work/b.nq.gz" 2>"$work/err" && ok || bad "gzip nquads: $(cat "$work/err")"
[ "$(quads)" = 10 ] && ok || bad "expected 10 quads after nquads, got $(quads)"
"$SILA" stats --store "$work/s" | grep -q '^graph	<http://ex.org/g1>	1$' && ok || bad "graph g1 count"

printf '<http://ex.org/y> <http://ex.org/p> "stdin" .\n' | "$SILA" load -q --store "$work/s" --format ntriples --graph http://ex.org/g2 - 2>"$work/err" && ok || bad "stdin: $(cat "$work/err")"
"$SILA" stats --store "$work/s" | grep -q '^graph	<http://ex.org/g2>	1$' && ok || bad "stdin into --graph"

# A syntax error on line 3 of the second file: nothing of either file is loaded.
printf '<http://ex.org/n1> <http://ex.org/p> "1" .\n' >"$work/good.nt"
printf '<http://ex.org/n2> <http://ex.org/p> "2" .\n<http://ex.org/n3> <http://ex.org/p> "3" .\n<http://ex.org/n4> <http://ex.org/p> "4 .\n' >"$work/broken.nt"
before=$(quads)
"$SILA" load -q --store "$work/s" "$work/good.nt" "$work/broken.nt" 2>"$work/err"
rc=$?
[ "$rc" = 3 ] && ok || bad "syntax error exit status $rc (expected 3)"
grep -q "broken.nt:3:" "$work/err" && ok || bad "error position: $(cat "$work/err")"
[ "$(quads)" = "$before" ] && ok || bad "store changed by a failed load"

"$SILA" load -q --store "$work/s" "$work/nonexistent.nt" 2>/dev/null && bad "missing file accepted" || ok
"$SILA" load -q --store "$work/s" "$work/a.unknown" 2>/dev/null && bad "unknown suffix accepted" || ok
"$SILA" stats --store "$work/s" | grep -q '^indexes	consistent$' && ok || bad "indexes disagree"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
