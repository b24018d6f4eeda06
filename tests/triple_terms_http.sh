#!/bin/sh
# triple_terms_http.sh — RDF 1.2 triple terms over HTTP (issue 20): the
# Graph Store Protocol uses the same parsers and writers as sila load/dump.
# (Sila serves it at /store.)  PUT N-Triples holding a nested triple term (a blank node inside) into a
# graph, GET it back as Turtle, N-Triples and RDF/XML; JSON-LD is refused
# naming the term; a triple term as subject is a 400 with its position.
set -u
SILA_TEST_NAME=tt-http
. "$(dirname "$0")/http_lib.sh"
SILA=${SILA_BIN:-../sila}
S=$T/store
"$SILA" init "$S" >/dev/null || { echo "FAIL: init"; exit 1; }
SILA_WRITE_TOKEN=s3cret start_server "$T/log" --store "$S"

G="$U/store?graph=http%3A%2F%2Fex.org%2Fg"
AUTH="Authorization: Bearer s3cret"
cat > "$T/in.nt" <<'NT'
<http://ex.org/claim> <http://ex.org/says> <<( <http://ex.org/s> <http://ex.org/p> <<( _:x <http://ex.org/q> "v"@it )>> )>> .
_:x <http://ex.org/name> "Anna" .
NT
code=$(status -X PUT -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary "@$T/in.nt" "$G")
case $code in 200 | 201 | 204) ok ;; *) bad "PUT N-Triples with a triple term: $code $(cat "$T/body")" ;; esac
check "GET as Turtle" 200 "$(status -H 'Accept: text/turtle' "$G")"
has "Turtle: content type" "text/turtle" "$T/head"
has "Turtle: the nested triple term" '<<( <http://ex.org/s> <http://ex.org/p> <<( _:' "$T/body"
has "Turtle: its literal" '"v"@it )>> )>>' "$T/body"
cp "$T/body" "$T/got.ttl"
# The same graph as the input, blank node inside and outside the same.
CMP=${SILA_BUILDDIR:-..}/tests/rdf_iso_cmp
"$CMP" ntriples "$T/in.nt" turtle "$T/got.ttl" >/dev/null 2>"$T/err" && ok || bad "GET Turtle differs from the PUT: $(head -c 400 "$T/err")"
check "GET as N-Triples" 200 "$(status -H 'Accept: application/n-triples' "$G")"
"$CMP" ntriples "$T/in.nt" ntriples "$T/body" >/dev/null 2>"$T/err" && ok || bad "GET N-Triples differs: $(head -c 400 "$T/err")"
check "GET as RDF/XML" 200 "$(status -H 'Accept: application/rdf+xml' "$G")"
has "RDF/XML: parseType Triple" 'rdf:parseType="Triple"' "$T/body"
code=$(status -H 'Accept: application/ld+json' "$G")
[ "$code" -ge 400 ] && ok || bad "GET as JSON-LD should fail, got $code"
# A triple term as a subject: refused with its position, nothing stored.
printf '<<( <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> )>> <http://ex.org/p> "x" .\n' > "$T/bad.nt"
check "POST a triple-term subject" 400 "$(status -X POST -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary "@$T/bad.nt" "$G")"
has "400 names the position" "line 1, column 1: a triple term can only be an object" "$T/body"
status -H 'Accept: application/n-triples' "$G" >/dev/null
check "graph unchanged" 2 "$(grep -c . "$T/body")"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
