#!/bin/sh
# ld_crawl_test.sh — the web of data of the demo holds together: the demo
# store (scripts/demo-data.sh, what the README's first command serves) is
# served by `sila serve` on 127.0.0.1 (a port the kernel picks, stopped by
# PID) and tests/ld_crawl.py dereferences every IRI under the base that
# occurs in the store and follows every link of every page: any 404/5xx,
# or a resource page titled with a raw IRI, fails the test.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-..}
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$SRC/scripts/demo-data.sh" ] || { echo "SKIP: no scripts/demo-data.sh in $SRC"; exit 77; }
SILA_TEST_NAME=ldcrawl
. "$SRC/tests/http_lib.sh"
B=https://dati.calabria.it

SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
# Every IRI under the base in any position (subject, predicate, object, graph).
"$SILA" query --store "$T/store" --format tsv "SELECT DISTINCT ?i WHERE {
  { GRAPH ?g { ?i ?p ?o } } UNION { GRAPH ?g { ?s ?i ?o } } UNION { GRAPH ?g { ?s ?p ?i } }
  UNION { GRAPH ?i { ?s ?p ?o } }
  FILTER(isIRI(?i) && STRSTARTS(STR(?i), \"$B/\")) }" |
  sed -n 's/^<\(.*\)>$/\1/p' >"$T/iris" || { echo "FAIL: query"; exit 1; }
[ -s "$T/iris" ] || { echo "FAIL: no IRIs under $B in the demo store"; exit 1; }

start_server "$T/log" --store "$T/store" --workers 2 --max-per-client 64

python3 "$SRC/tests/ld_crawl.py" "$U" "$B" "$T/iris"
rc=$?
# the server stops cleanly (under ASan: no leak, no error report)
stop_server || rc=1
exit $rc

