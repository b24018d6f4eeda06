#!/bin/sh
# web_sparql_status.sh — over HTTP, 400 only for a malformed request: a
# well-formed query or update that cannot run gets its own status (403 a
# refused LOAD, 404 a missing graph, 409 CREATE of an existing graph), as
# README's "HTTP status codes" table says; and the Graph Store's direct
# identification under /graphs/.  Against a live `sila serve`.
set -u
SILA=${SILA_BIN:-../sila}
SILA_TEST_NAME=status
. "${SILA_SRCDIR:-..}/tests/http_lib.sh"
"$SILA" init "$T/store" >/dev/null || exit 1
SILA_WRITE_TOKEN=tok start_server "$T/log" --store "$T/store" --no-union-default-graph

upd() { status -H 'Authorization: Bearer tok' -H 'Content-Type: application/sparql-update' --data-binary "$1" "$U/update"; }
qry() { status -H 'Content-Type: application/sparql-query' --data-binary "$1" "$U/sparql"; }

check malformed-update 400 "$(upd 'INSERT DATA { <http://e/s> <http://e/p> }')"
has malformed-update-position 'line 1, column' "$T/body"
check malformed-query 400 "$(qry 'SELECT * WHERE { ?s ?p }')"
check drop-missing 404 "$(upd 'DROP GRAPH <http://e/missing>')"
has drop-missing-says 'does not exist' "$T/body"
check clear-missing 404 "$(upd 'CLEAR GRAPH <http://e/missing>')"
check drop-silent 200 "$(upd 'DROP SILENT GRAPH <http://e/missing>')"
check create 200 "$(upd 'CREATE GRAPH <http://e/g>')"
check fill 200 "$(upd 'INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> 1 } }')"
check create-existing 409 "$(upd 'CREATE GRAPH <http://e/g>')"
has create-existing-says 'already exists' "$T/body"
check create-silent 200 "$(upd 'CREATE SILENT GRAPH <http://e/g>')"
check load-not-allowed 403 "$(upd 'LOAD <http://203.0.113.1/data.ttl>')"
check load-file-over-http 403 "$(upd 'LOAD <file:///etc/passwd>')"
check load-silent 200 "$(upd 'LOAD SILENT <http://203.0.113.1/data.ttl>')"
# a failed operation applies nothing, whatever its status
check atomic 404 "$(upd 'INSERT DATA { <http://e/s> <http://e/p> 1 } ; DROP GRAPH <http://e/missing>')"
check atomic-nothing 200 "$(qry 'ASK { <http://e/s> ?p ?o }')"
has atomic-nothing-false 'false' "$T/body"
# relative IRIs resolve against the server's base
check relative-ok 200 "$(upd 'INSERT DATA { <rel> <http://e/p> 2 }')"
check relative-base 200 "$(qry 'ASK { <https://dati.calabria.it/rel> <http://e/p> 2 }')"
has relative-base-true 'true' "$T/body"

# Graph Store direct identification: /graphs/… is the graph {base}/graphs/…
printf '<http://e/s> <http://e/p> "direct" .\n' > "$T/d.nt"
check direct-put-noauth 401 "$(status -X PUT -H 'Content-Type: application/n-triples' --data-binary @"$T/d.nt" "$U/graphs/a/b.nt")"
check direct-put 201 "$(status -X PUT -H 'Authorization: Bearer tok' -H 'Content-Type: application/n-triples' --data-binary @"$T/d.nt" "$U/graphs/a/b.nt")"
check direct-get 200 "$(status -H 'Accept: application/n-triples' "$U/graphs/a/b.nt")"
has direct-get-body '"direct"' "$T/body"
check direct-is-indirect 200 "$(status -H 'Accept: application/n-triples' "$U/store?graph=https%3A%2F%2Fdati.calabria.it%2Fgraphs%2Fa%2Fb.nt")"
has direct-is-indirect-body '"direct"' "$T/body"
check direct-bad-char 400 "$(status -H 'Accept: application/n-triples' "$U/graphs/a%20b")"
check direct-with-param 400 "$(status "$U/graphs/a/b.nt?graph=http://e/g")"
check direct-delete 204 "$(status -X DELETE -H 'Authorization: Bearer tok' "$U/graphs/a/b.nt")"
check direct-gone 404 "$(status "$U/graphs/a/b.nt")"

echo "web_sparql_status: $pass passed, $fail failed"
[ "$fail" = 0 ]
