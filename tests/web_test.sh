#!/bin/sh
# web_test.sh — end-to-end tests of `sila serve` over real HTTP: status
# codes, headers, content negotiation (with the Accept strings real clients
# send), CORS, limits (timeout, row cap, URL length, body size, concurrent
# queries), auth, cancellation on disconnect, a mid-stream failure, the
# Graph Store Protocol and graceful shutdown.  Servers listen on 127.0.0.1
# on a port the kernel picks (--port 0) and are stopped by PID.
set -u
SILA=${SILA_BIN:-./sila}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=web
. "${SILA_SRCDIR:-$(dirname "$0")/..}/tests/http_lib.sh"

# ---- a test store: a few triples, two named graphs, and 3000 subjects ----
"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
cat > "$T/small.trig" <<'TTL'
@prefix ex: <http://example.org/> .
ex:a ex:p 1 , 2 , 3 .
ex:b ex:p "x" .
GRAPH ex:g1 { ex:c ex:q "in g1" . }
GRAPH ex:g2 { ex:d ex:q "in g2" . ex:e ex:q "also g2" . }
TTL
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/big.nt"
"$SILA" load --store "$T/store" "$T/small.trig" "$T/big.nt" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }

SILA_WRITE_TOKEN=s3cret start_server "$T/log1" --store "$T/store" --workers 2 --max-per-client 2 --max-rows 2000 \
  --max-body 65536 --timeout 20
MAIN_PID=$PID

# status HTTP-ARGS... : prints the status code
Q() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }

# ---- basics ----
check health 200 "$(status "$U/health")"
has health-body ok "$T/body"
check not-found 404 "$(status "$U/nope")"
SEL=$(Q 'SELECT ?o WHERE { <http://example.org/a> <http://example.org/p> ?o } ORDER BY ?o')
check get-select 200 "$(status "$U/sparql?query=$SEL")"
has get-json '"bindings"' "$T/body"
has get-json-ct 'Content-Type: application/sparql-results+json' "$T/head"
has cors 'Access-Control-Allow-Origin: \*' "$T/head"
has limit-timeout 'X-Sila-Timeout: 20' "$T/head"
has limit-rows 'X-Sila-Max-Rows: 2000' "$T/head"
has limit-body 'X-Sila-Max-Body: 65536' "$T/head"
has vary 'Vary: Accept' "$T/head"
check get-rows 3 "$(grep -o '"value":"[123]"' "$T/body" | wc -l | tr -d ' ')"
# HEAD announces the length GET sends, without the body.
$C -o "$T/get-body" "$U/sparql?query=$SEL"
check head 200 "$(status -I "$U/sparql?query=$SEL")"
check head-length "Content-Length: $(wc -c < "$T/get-body" | tr -d ' ')" \
  "$(grep -i '^Content-Length:' "$T/head" | tr -d '\r')"
# EXPLAIN over HTTP: the plan instead of the results, and with analyze the
# actual rows (3 values of <a> <p>).
check explain 200 "$(status "$U/sparql?query=$SEL&explain=true")"
has explain-ct 'Content-Type: text/plain' "$T/head"
has explain-plan 'orderby' "$T/body"
has explain-estimate '(estimated 3)' "$T/body"
check explain-analyze 200 "$(status "$U/sparql?query=$SEL&explain=analyze")"
has explain-rows 'result: 3 rows in' "$T/body"
has explain-bgp-rows 'bgp   \[rows 3, evaluations 1' "$T/body"
check explain-syntax 400 "$(status "$U/sparql?query=$(Q 'SELEC')&explain=true")"
check post-form 200 "$(status --data-urlencode 'query=ASK { <http://example.org/a> ?p 2 }' "$U/sparql")"
has post-form-ask '"boolean":true' "$T/body"
check post-direct 200 "$(status -H 'Content-Type: application/sparql-query' \
  --data-binary 'SELECT ?o WHERE { <http://example.org/b> ?p ?o }' "$U/sparql")"
has post-direct-body '"value":"x"' "$T/body"
check post-direct-ctparam 200 "$(status -H 'Content-Type: application/sparql-query; charset=UTF-8' \
  --data-binary 'ASK {}' "$U/sparql")"

# ---- errors ----
check syntax 400 "$(status --data-urlencode 'query=SELECT * WHERE {
  ?s ?p }' "$U/sparql")"
has syntax-line 'line 2, column 9' "$T/body"
check syntax-get 400 "$(status "$U/sparql?query=$(Q 'SELEC')")"
has syntax-get-pos 'line 1, column 1' "$T/body"
check method 405 "$(status -X PUT --data 'x' "$U/sparql")"
has method-allow 'Allow: GET, HEAD, POST, OPTIONS' "$T/head"
check update-get 405 "$(status "$U/update")"
check media-type 415 "$(status -H 'Content-Type: text/plain' --data 'ASK {}' "$U/sparql")"
check no-media-type 415 "$(status -H 'Content-Type:' --data-binary 'ASK {}' "$U/sparql")"
check two-queries 400 "$(status "$U/sparql?query=$(Q 'ASK{}')&query=$(Q 'ASK{}')")"
check non-utf8 400 "$(status "$U/sparql?query=ASK%7B%7D%FF")"
check post-no-query 400 "$(status --data 'x=1' "$U/sparql")"
check not-acceptable 406 "$(status -H 'Accept: image/png' "$U/sparql?query=$SEL")"
check not-acceptable-q0 406 "$(status -H 'Accept: application/sparql-results+json;q=0' "$U/sparql?query=$SEL")"
LONG=$(awk 'BEGIN { s = ""; for (i = 0; i < 1200; i++) s = s "%20%20%20"; print s }')
check uri-too-long 414 "$(status "$U/sparql?query=ASK%7B%7D$LONG")"
has uri-hint POST "$T/body"
awk 'BEGIN { printf "query=ASK{}"; for (i = 0; i < 70000; i++) printf "%%20" }' > "$T/bigform"
check body-too-large 413 "$(status --data-binary @"$T/bigform" "$U/sparql")"
check long-query-post 200 "$(status --data-urlencode "query=ASK {} #$(awk 'BEGIN{for(i=0;i<2000;i++)printf "xxxx"}')" "$U/sparql")"

# ---- content negotiation ----
# neg NAME ACCEPT EXPECTED-CONTENT-TYPE [QUERY-STRING-EXTRA]
neg() {
  st=$(status -H "Accept: $2" "$U/sparql?query=$SEL${4:-}")
  ct=$(sed -n 's/^Content-Type: \([^;]*\).*/\1/p' "$T/head" | tr -d '\r')
  check "neg $1 ($2)" "200 $3" "$st $ct"
}
JS=application/sparql-results+json
XS=application/sparql-results+xml
neg none '' $JS
neg star '*/*' $JS
neg json $JS $JS
neg json-charset "$JS;charset=utf-8" $JS
neg xml $XS $XS
neg csv text/csv text/csv
neg tsv text/tab-separated-values text/tab-separated-values
neg app-json application/json $JS
neg q-order "$JS;q=0.5, $XS" $XS
neg q-spaces "$JS ; q=0.2 ,  $XS ; q=0.9" $XS
neg browser 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' $XS
neg java 'text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2' $JS
neg sparqlwrapper 'application/sparql-results+json,application/json,text/javascript,application/javascript' $JS
neg rasqal 'application/sparql-results+xml;q=1.0, application/rdf+xml;q=0.9' $XS
neg text-wild 'text/*' text/csv
neg fmt-override $XS text/csv '&format=csv'
neg output-override text/csv $XS '&output=xml'
neg fmt-mime '' text/tab-separated-values '&format=text%2Ftab-separated-values'
neg fmt-unknown text/csv text/csv '&format=bogus'
check csv-bom 200 "$(status "$U/sparql?query=$SEL&format=csv&bom=1")"
check csv-bom-bytes efbbbf "$(head -c 3 "$T/body" | od -An -tx1 | tr -d ' \n')"
CON=$(Q 'CONSTRUCT WHERE { <http://example.org/b> ?p ?o }')
gneg() {
  st=$(status -H "Accept: $2" "$U/sparql?query=$CON")
  ct=$(sed -n 's/^Content-Type: \([^;]*\).*/\1/p' "$T/head" | tr -d '\r')
  check "graph-neg $1 ($2)" "200 $3" "$st $ct"
}
gneg none '' text/turtle
gneg star '*/*' text/turtle
gneg nt application/n-triples application/n-triples
gneg rdfxml application/rdf+xml application/rdf+xml
gneg jsonld application/ld+json application/ld+json
gneg browser 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' application/rdf+xml
check graph-neg-406 406 "$(status -H "Accept: $JS" "$U/sparql?query=$CON")"
status -H 'Accept: application/n-triples' "$U/sparql?query=$CON" >/dev/null
has graph-nt-body '<http://example.org/b> <http://example.org/p> "x" .' "$T/body"

# ---- every other GET goes to the linked-data pages (web/sila_ld.h) ----
check ld-id-303 303 "$(status "$U/id/comune/078045")"
has ld-id-location 'Location: /doc/comune/078045' "$T/head"
check ld-home 200 "$(status "$U/")"
check ld-post-404 404 "$(status -X POST --data x "$U/nope")"

# ---- CORS preflight ----
check preflight 204 "$(status -X OPTIONS -H 'Origin: http://x.example' \
  -H 'Access-Control-Request-Method: POST' "$U/sparql")"
has preflight-methods 'Access-Control-Allow-Methods: GET, HEAD, POST, OPTIONS' "$T/head"
has preflight-origin 'Access-Control-Allow-Origin: \*' "$T/head"

# ---- service description ----
check sd 200 "$(status "$U/sparql")"
has sd-ct 'Content-Type: text/turtle' "$T/head"
has sd-endpoint "sd:endpoint <$U/sparql>" "$T/body"
has sd-union 'sd:UnionDefaultGraph' "$T/body"
has sd-limits 'sila:maxRows 2000' "$T/body"
check sd-rdfxml 200 "$(status -H 'Accept: application/rdf+xml' "$U/sparql")"
has sd-rdfxml-body 'sparql-service-description#' "$T/body"

# the three W3C service description tests (sparql11/service-description):
# GET on the endpoint returns RDF (Turtle and RDF/XML parse), it has a
# matching sd:endpoint triple, and it conforms to the schema (checked with
# queries over the parsed description)
status -H 'Accept: text/turtle' "$U/sparql" >/dev/null; cp "$T/body" "$T/sd.ttl"
status -H 'Accept: application/rdf+xml' "$U/sparql" >/dev/null; cp "$T/body" "$T/sd.rdf"
"$SILA" init "$T/sdstore" >/dev/null
if "$SILA" load --store "$T/sdstore" --graph urn:ttl "$T/sd.ttl" >/dev/null 2>&1 &&
   "$SILA" load --store "$T/sdstore" --graph urn:xml "$T/sd.rdf" >/dev/null 2>&1; then ok; else bad "sd-returns-rdf: does not parse"; fi
SDQ() { "$SILA" query --store "$T/sdstore" --format csv "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> $1" | tail -n 1 | tr -d '\r'; }
check sd-endpoint-triple true "$(SDQ "ASK { GRAPH <urn:ttl> { ?s a sd:Service ; sd:endpoint <$U/sparql> } GRAPH <urn:xml> { ?x sd:endpoint <$U/sparql> } }")"
check sd-schema-language true "$(SDQ 'ASK { ?s a sd:Service ; sd:supportedLanguage ?l . FILTER (?l IN (sd:SPARQL10Query, sd:SPARQL11Query, sd:SPARQL11Update)) }')"
check sd-schema-no-bad-language false "$(SDQ 'ASK { ?s sd:supportedLanguage ?l . FILTER (?l NOT IN (sd:SPARQL10Query, sd:SPARQL11Query, sd:SPARQL11Update)) }')"
check sd-schema-features false "$(SDQ 'ASK { ?s sd:feature ?f . FILTER (?f NOT IN (sd:DereferencesURIs, sd:UnionDefaultGraph, sd:RequiresDataset, sd:EmptyGraphs, sd:BasicFederatedQuery)) }')"
check sd-schema-formats false "$(SDQ 'ASK { ?s sd:resultFormat ?f . FILTER (!isIRI(?f) || !STRSTARTS(STR(?f), "http://www.w3.org/ns/formats/")) }')"
check sd-schema-endpoint-iri false "$(SDQ 'ASK { ?s sd:endpoint ?e . FILTER (!isIRI(?e)) }')"

# ---- dataset parameters ----
CNT=$(Q 'SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/q> ?o }')
status "$U/sparql?query=$CNT&format=csv" >/dev/null
check union-default 3 "$(tail -n 1 "$T/body" | tr -d '\r')"
status "$U/sparql?query=$CNT&format=csv&default-graph-uri=$(Q http://example.org/g2)" >/dev/null
check default-graph-uri 2 "$(tail -n 1 "$T/body" | tr -d '\r')"
status "$U/sparql?query=$CNT&format=csv&default-graph-uri=$(Q http://example.org/g1)&default-graph-uri=$(Q http://example.org/g2)" >/dev/null
check default-graph-uri-2 3 "$(tail -n 1 "$T/body" | tr -d '\r')"
NG=$(Q 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')
status "$U/sparql?query=$NG&format=csv&named-graph-uri=$(Q http://example.org/g1)" >/dev/null
check named-graph-uri 1 "$(tail -n 1 "$T/body" | tr -d '\r')"
check dataset-form 200 "$(status --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/q> ?o }" \
  --data-urlencode 'default-graph-uri=http://example.org/g1' --data format=csv "$U/sparql")"
check dataset-form-n 1 "$(tail -n 1 "$T/body" | tr -d '\r')"

# ---- limits: row cap mid-stream (body ends broken), timeout, 503 ----
ALL=$(Q 'SELECT ?s ?o WHERE { ?s <http://example.org/v> ?o }')
$C -D "$T/head" -o "$T/body" "$U/sparql?query=$ALL"
rc=$?
check midstream-status 'HTTP/1.1 200 OK' "$(head -n 1 "$T/head" | tr -d '\r')"
if [ $rc -ne 0 ]; then ok; else bad "midstream: curl should see a broken transfer (rc=$rc)"; fi
hasnt midstream-not-complete ']}}' "$T/body"
has midstream-error '"error"' "$T/body"
CAP=$(Q 'SELECT ?s WHERE { ?s <http://example.org/v> ?o } LIMIT 1999')
check under-cap 200 "$(status "$U/sparql?query=$CAP&format=csv")"
check under-cap-rows 2000 "$(wc -l < "$T/body" | tr -d ' ')"
SLOW=$(Q 'SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/v> ?b . ?c <http://example.org/v> ?d . ?e <http://example.org/v> ?f }')
t0=$(date +%s)
check timeout 503 "$(status "$U/sparql?query=$SLOW&timeout=0.5")"
t1=$(date +%s)
has timeout-msg 'time' "$T/body"
if [ $((t1 - t0)) -le 5 ]; then ok; else bad "timeout took $((t1 - t0)) s"; fi
check timeout-bad 400 "$(status "$U/sparql?query=$SLOW&timeout=abc")"
# two slow queries fill this client's slots: the third gets 503 + Retry-After
$C -o /dev/null "$U/sparql?query=$SLOW" & C1=$!
$C -o /dev/null "$U/sparql?query=$SLOW" & C2=$!
sleep 1
check per-client 503 "$(status "$U/sparql?query=$SEL")"
has retry-after 'Retry-After: 1' "$T/head"
# the clients go away: their queries are cancelled, the slots free quickly
kill $C1 $C2 2>/dev/null; wait $C1 $C2 2>/dev/null
sleep 0.6
t0=$(date +%s)
check after-cancel 200 "$(status "$U/sparql?query=$SEL")"
t1=$(date +%s)
if [ $((t1 - t0)) -le 2 ]; then ok; else bad "cancelled queries still held the workers"; fi
n=$(grep -c 'GET /sparql 499' "$T/log1")
check cancelled-logged 2 "$n"
[ "$n" = 2 ] || grep -v ' 200 ' "$T/log1"

# ---- a long streamed body (more than the server's buffer: back-pressure) ----
$C -H 'Accept: application/n-triples' -o "$T/body" "$U/store?default"
check stream-big-rc 0 $?
check stream-big-lines 3004 "$(wc -l < "$T/body" | tr -d ' ')"
check stream-big-last 1 "$(grep -c '<http://example.org/n2999> <http://example.org/v> "2999" .' "$T/body")"

# ---- gzip when asked ----
check gzip 200 "$(status --compressed "$U/sparql?query=$SEL")"
has gzip-header 'Content-Encoding: gzip' "$T/head"
has gzip-body '"bindings"' "$T/body"
check gzip-raw 1f8b "$(curl -s --max-time 20 -H 'Accept-Encoding: gzip' "$U/sparql?query=$SEL" | head -c 2 | od -An -tx1 | tr -d ' \n')"
$C --compressed -H 'Accept: application/n-triples' -o "$T/body" "$U/store?default"
check gzip-stream-lines 3004 "$(wc -l < "$T/body" | tr -d ' ')"
check gzip-q0 200 "$(status -H 'Accept-Encoding: gzip;q=0, identity' "$U/sparql?query=$SEL")"
hasnt gzip-q0-header 'Content-Encoding' "$T/head"
check gzip-error 400 "$(status --compressed "$U/sparql?query=$(Q 'SELEC')")"
hasnt gzip-error-plain 'Content-Encoding' "$T/head"
has gzip-error-body 'line 1, column 1' "$T/body"

# ---- a real client: rasqal's SPARQL protocol client ----
if command -v roqet >/dev/null 2>&1; then
  roqet -p "$U/sparql" -e 'SELECT ?o WHERE { <http://example.org/a> ?p ?o } ORDER BY ?o' > "$T/roqet" 2>&1
  has roqet-count 'Query returned 3 results' "$T/roqet"
  has roqet-row 'o=string("3"^^<http://www.w3.org/2001/XMLSchema#integer>)' "$T/roqet"
else
  echo "SKIP (part): roqet not installed"
fi

# ---- a real client: SPARQLWrapper (Debian python3-sparqlwrapper) ----
PYSW=
for py in python3 /usr/bin/python3; do
  if command -v $py >/dev/null 2>&1 && $py -c 'import SPARQLWrapper' 2>/dev/null; then PYSW=$py; break; fi
done
if [ -n "$PYSW" ]; then
  $PYSW - "$U" > "$T/sw" 2>&1 <<'PY'
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TURTLE, POST
u = sys.argv[1] + "/sparql"
s = SPARQLWrapper(u)
s.setQuery("SELECT ?o WHERE { <http://example.org/a> ?p ?o } ORDER BY ?o")
s.setReturnFormat(JSON)
print("json", [b["o"]["value"] for b in s.query().convert()["results"]["bindings"]])
s.setReturnFormat(XML)
print("xml", len(s.query().convert().getElementsByTagName("result")))
s.setMethod(POST)
s.setReturnFormat(CSV)
print("csv", s.query().convert().decode().split())
s = SPARQLWrapper(u)
s.setQuery("ASK { ?s ?p 2 }")
s.setReturnFormat(JSON)
print("ask", s.query().convert()["boolean"])
s = SPARQLWrapper(u)
s.setQuery("CONSTRUCT WHERE { <http://example.org/a> ?p ?o }")
print("construct", len(s.query().convert()))
PY
  has sparqlwrapper-json "json \['1', '2', '3'\]" "$T/sw"
  has sparqlwrapper-xml "xml 3" "$T/sw"
  has sparqlwrapper-csv "csv \['o', '1', '2', '3'\]" "$T/sw"
  has sparqlwrapper-ask "ask True" "$T/sw"
  has sparqlwrapper-construct "construct 3" "$T/sw"
else
  echo "SKIP (part): SPARQLWrapper not installed"
fi

# ---- update and auth ----
INS='INSERT DATA { GRAPH <http://example.org/u> { <http://example.org/s> <http://example.org/p> "new" } }'
check update-no-token 401 "$(status --data-urlencode "update=$INS" "$U/update")"
has update-www-auth 'WWW-Authenticate: Bearer' "$T/head"
check update-bad-token 401 "$(status -H 'Authorization: Bearer nope' --data-urlencode "update=$INS" "$U/update")"
check update-form 200 "$(status -H 'Authorization: Bearer s3cret' --data-urlencode "update=$INS" "$U/update")"
has update-count '1 quads inserted' "$T/body"
check update-direct 200 "$(status -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/sparql-update' \
  --data-binary 'DELETE DATA { GRAPH <http://example.org/u> { <http://example.org/s> <http://example.org/p> "new" } }' "$U/update")"
has update-deleted '1 deleted' "$T/body"
check update-syntax 400 "$(status -H 'Authorization: Bearer s3cret' --data-urlencode 'update=INSERT DATA {' "$U/update")"
has update-syntax-pos 'line 1, column' "$T/body"
check update-415 415 "$(status -H 'Authorization: Bearer s3cret' -H 'Content-Type: text/plain' --data 'x' "$U/update")"
check update-using-conflict 400 "$(status -H 'Authorization: Bearer s3cret' \
  --data-urlencode 'update=DELETE { ?s ?p ?o } USING <http://example.org/g1> WHERE { ?s ?p ?o }' \
  --data-urlencode 'using-graph-uri=http://example.org/g2' "$U/update")"

# ---- Graph Store Protocol ----
A='Authorization: Bearer s3cret'
G=$(Q http://example.org/gsp)
printf '@prefix ex: <http://example.org/> .\nex:s1 ex:p "one" .\nex:s2 ex:p "two" .\n' > "$T/g.ttl"
printf '<http://example.org/s3> <http://example.org/p> "three" .\n' > "$T/g.nt"
check gsp-put-noauth 401 "$(status -X PUT -H 'Content-Type: text/turtle' --data-binary @"$T/g.ttl" "$U/store?graph=$G")"
check gsp-put 201 "$(status -X PUT -H "$A" -H 'Content-Type: text/turtle' --data-binary @"$T/g.ttl" "$U/store?graph=$G")"
check gsp-get 200 "$(status -H 'Accept: application/n-triples' "$U/store?graph=$G")"
check gsp-get-count 2 "$(grep -c 'example.org/p' "$T/body")"
check gsp-put-again 204 "$(status -X PUT -H "$A" -H 'Content-Type: text/turtle' --data-binary @"$T/g.ttl" "$U/store?graph=$G")"
check gsp-post 204 "$(status -X POST -H "$A" -H 'Content-Type: application/n-triples' --data-binary @"$T/g.nt" "$U/store?graph=$G")"
status -H 'Accept: application/n-triples' "$U/store?graph=$G" >/dev/null
check gsp-merged 3 "$(grep -c 'example.org/p' "$T/body")"
check gsp-get-turtle 200 "$(status "$U/store?graph=$G")"
has gsp-turtle-ct 'Content-Type: text/turtle' "$T/head"
for f in application/n-quads application/trig application/rdf+xml application/ld+json; do
  check "gsp-get $f" "200 $f" "$(status -H "Accept: $f" "$U/store?graph=$G") $(sed -n 's/^Content-Type: \([^;]*\).*/\1/p' "$T/head" | tr -d '\r')"
done
check gsp-head 200 "$(status -I "$U/store?graph=$G")"
hasnt gsp-head-no-body 'example.org' "$T/body"
check gsp-default 200 "$(status -H 'Accept: application/n-triples' "$U/store?default")"
check gsp-put-bad 400 "$(status -X PUT -H "$A" -H 'Content-Type: text/turtle' --data-binary 'ex:broken' "$U/store?graph=$G")"
has gsp-put-bad-pos 'line 1' "$T/body"
status -H 'Accept: application/n-triples' "$U/store?graph=$G" >/dev/null
check gsp-atomic 3 "$(grep -c 'example.org/p' "$T/body")"
check gsp-415 415 "$(status -X PUT -H "$A" -H 'Content-Type: application/ld+json' --data-binary '{}' "$U/store?graph=$G")"
check gsp-no-graph 400 "$(status -X PUT -H "$A" -H 'Content-Type: text/turtle' --data-binary @"$T/g.ttl" "$U/store")"
check gsp-create 201 "$(status -X POST -H "$A" -H 'Content-Type: text/turtle' --data-binary @"$T/g.ttl" "$U/store")"
LOC=$(sed -n 's/^Location: //p' "$T/head" | tr -d '\r')
case "$LOC" in https://dati.calabria.it/graph/*) ok ;; *) bad "gsp-create location '$LOC'" ;; esac
check gsp-created-get 200 "$(status "$U/store?graph=$(Q "$LOC")")"
check gsp-delete 204 "$(status -X DELETE -H "$A" "$U/store?graph=$G")"
check gsp-deleted 404 "$(status "$U/store?graph=$G")"
check gsp-delete-missing 404 "$(status -X DELETE -H "$A" "$U/store?graph=$G")"
check gsp-405 405 "$(status -X PATCH "$U/store?default")"

# ---- access log and graceful shutdown ----
has access-log 'GET /health 200 3 ' "$T/log1"
# a query still running at SIGTERM is cancelled and answered (503), not dropped
$C -o /dev/null -w '%{http_code}' "$U/sparql?query=$SLOW" > "$T/inflight" &
CP=$!
sleep 0.5
stop_server "$MAIN_PID" "$T/log1"
wait $CP
check sigterm-inflight 503 "$(cat "$T/inflight")"
has sigterm-stopped 'sila serve: stopped' "$T/log1"

# ---- writes without a configured token are refused ----
unset SILA_WRITE_TOKEN
start_server "$T/log2" --store "$T/store" --no-union-default-graph
check no-token-update 403 "$(status -H 'Authorization: Bearer x' --data-urlencode "update=$INS" "$U/update")"
check no-token-gsp 403 "$(status -X DELETE -H 'Authorization: Bearer x' "$U/store?default")"
check no-token-read 200 "$(status "$U/sparql?query=$SEL")"
# --no-union-default-graph: the default graph is the store's own
status "$U/sparql?query=$CNT&format=csv" >/dev/null
check no-union-default 0 "$(tail -n 1 "$T/body" | tr -d '\r')"
status "$U/sparql" >/dev/null
hasnt no-union-sd 'UnionDefaultGraph' "$T/body"
kill -INT $PID
wait $PID
check sigint-exit 0 $?

# ---- the configuration file: token and limits from it, options override it ----
cat > "$T/sila.conf" <<CONF
# test configuration
store = $T/store
write_token = fromfile
timeout = 9
max_rows = 7
port = 0
slow_after = 0.01
slow_queries = 1
max_per_client = 8
CONF
start_server "$T/log3" --config "$T/sila.conf" --max-rows 5
check config-health 200 "$(status "$U/health")"
has config-timeout 'X-Sila-Timeout: 9' "$T/head"
has config-option-wins 'X-Sila-Max-Rows: 5' "$T/head"
check config-token 200 "$(status -H 'Authorization: Bearer fromfile' --data-urlencode "update=$INS" "$U/update")"
# Long queries take turns (one place here): the one waiting for its turn
# still ends at its deadline, and a lookup meanwhile is answered at once.
for i in 1 2; do
  $C -o /dev/null -w '%{http_code}' "$U/sparql?query=$SLOW&timeout=1.5" > "$T/long$i" &
  eval "L$i=\$!"
done
sleep 0.5
check lookup-beside-long 200 "$(status "$U/sparql?query=$SEL")"
t0=$(date +%s)
wait $L1 $L2
t1=$(date +%s)
check long-1-deadline 503 "$(cat "$T/long1")"
check long-2-deadline 503 "$(cat "$T/long2")"
if [ $((t1 - t0)) -le 4 ]; then ok; else bad "a long query waited past its deadline ($((t1 - t0)) s)"; fi
stop_server
printf 'bogus_key = 1\n' > "$T/bad.conf"
"$SILA" serve --config "$T/bad.conf" --store "$T/store" --port 0 2> "$T/log4"
check config-bad-exit 2 $?
has config-bad-msg 'bad.conf:1: unknown key' "$T/log4"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
