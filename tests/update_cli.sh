#!/bin/sh
# `sila update` end to end: a request applied atomically, exit 3 with
# line:column on a malformed update, exit 1 and nothing applied when an
# operation fails, requests from --file and standard input, the union
# default graph and --no-union-default-graph, LOAD of a file and the
# refusal of http LOAD without --allow-load.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-update.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
quads() { "$SILA" stats --store "$work/s" | awk '$1 == "quads" { print $2 }'; }
upd() { "$SILA" update -q --store "$work/s" "$@" 2>"$work/err"; }

"$SILA" init "$work/s" >/dev/null || exit 1
upd 'PREFIX ex: <http://ex.org/>
INSERT DATA { ex:a ex:p 1 . ex:b ex:p 2 . GRAPH ex:g { ex:c ex:p 3 } }' && ok || bad "insert data: $(cat "$work/err")"
[ "$(quads)" = 3 ] && ok || bad "expected 3 quads, got $(quads)"

# Malformed: exit 3, line:column in the message, store unchanged.
upd 'INSERT DATA {
  <http://ex.org/x> <http://ex.org/p> }'
rc=$?
[ $rc = 3 ] && ok || bad "malformed update exit $rc, expected 3"
grep -q '2:39' "$work/err" && ok || bad "no line:column in: $(cat "$work/err")"

# A failing second operation: exit 1, nothing applied.
upd 'DELETE DATA { <http://ex.org/a> <http://ex.org/p> 1 } ; CREATE GRAPH <http://ex.org/g>'
rc=$?
[ $rc = 1 ] && ok || bad "failing request exit $rc, expected 1"
grep -q 'operation 2 (CREATE)' "$work/err" && ok || bad "message: $(cat "$work/err")"
[ "$(quads)" = 3 ] && ok || bad "a failed request changed the store: $(quads) quads"

# The union default graph (default) sees ex:g; the standard one does not.
upd 'INSERT { ?s <http://ex.org/seen> true } WHERE { ?s <http://ex.org/p> 3 }' && ok || bad "union insert"
[ "$(quads)" = 4 ] && ok || bad "union default graph: expected 4 quads, got $(quads)"
upd --no-union-default-graph 'INSERT { ?s <http://ex.org/seen2> true } WHERE { ?s <http://ex.org/p> 3 }' && ok || bad "no-union insert"
[ "$(quads)" = 4 ] && ok || bad "standard default graph: expected 4 quads, got $(quads)"

# --file and standard input.
echo 'DELETE WHERE { ?s <http://ex.org/seen> ?o }' >"$work/u.ru"
upd --file "$work/u.ru" && ok || bad "--file: $(cat "$work/err")"
[ "$(quads)" = 3 ] && ok || bad "after --file: $(quads) quads"
echo 'DELETE WHERE { GRAPH <http://ex.org/g> { ?s ?p ?o } }' | upd - && ok || bad "stdin: $(cat "$work/err")"
[ "$(quads)" = 2 ] && ok || bad "after stdin: $(quads) quads"

# LOAD: a file, and http refused without --allow-load.
printf '<http://ex.org/l> <http://ex.org/p> "loaded" .\n' >"$work/l.nt"
upd "LOAD <file://$work/l.nt> INTO GRAPH <http://ex.org/lg>" && ok || bad "load file: $(cat "$work/err")"
[ "$(quads)" = 3 ] && ok || bad "after LOAD: $(quads) quads"
upd 'LOAD <http://127.0.0.1:1/x.ttl>'
rc=$?
[ $rc = 1 ] && grep -q 'not allowed' "$work/err" && ok || bad "http LOAD not refused ($rc): $(cat "$work/err")"

"$SILA" update --store "$work/s" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "no request: expected usage exit 2"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
