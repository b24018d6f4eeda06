#!/bin/sh
# ld_details_test.sh — the HTTP details of the linked-data layer on the demo
# store (scripts/demo-data.sh), over `sila serve` on 127.0.0.1 (curl):
#   - IRIs with %-escapes resolve whether the path is sent raw, with other
#     hex case, or as UTF-8; the old escaped IRIs of a slug column 301;
#   - the regional vocabulary: /onto/ by content negotiation, its terms;
#   - a graph under /set/ outside the catalogue: RDF forms and dumps;
#   - /catalogo and /void as HTML pages with labels, not raw IRIs;
#   - If-Modified-Since → 304; a 304 never says "Content-Length: 0"; the
#     gzip and identity bodies have distinct ETags;
#   - a description holds each triple once (dcat:landingPage of itself);
#   - one public base behind a reverse proxy (Host, X-Forwarded-Proto) in
#     the Service Description, VoID and the catalogue;
#   - one prefix table (cis:); CSV files served as UTF-8, saying so;
#   - example queries of every dataset page return rows.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-..}
for tool in curl gzip; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
[ -x "$SRC/scripts/demo-data.sh" ] || { echo "SKIP: no scripts/demo-data.sh in $SRC"; exit 77; }
SILA_TEST_NAME=lddetails
. "$SRC/tests/http_lib.sh"
B=https://dati.calabria.it

SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
# IRIs that hold %-escapes, as data minted before the slug rule has them
cat > "$T/escaped.nt" <<'NT'
<https://dati.calabria.it/id/categoria-prova/Citt%C3%A0%20metropolitana> <http://www.w3.org/2000/01/rdf-schema#label> "Città metropolitana (prova)"@it .
<https://dati.calabria.it/id/prova/Visita%20guidata> <http://www.w3.org/2000/01/rdf-schema#label> "Visita guidata (prova)"@it .
NT
"$SILA" load -q --store "$T/store" --graph "$B/prove" "$T/escaped.nt" >/dev/null 2>&1 ||
  { echo "FAIL: cannot load escaped.nt"; exit 1; }
# 150 more resources that name only the national IRI of Cosenza: its page pages them
awk -v B=$B 'BEGIN { for (i = 0; i < 150; i++)
  printf "<%s/id/segnalazione/%03d> <https://w3id.org/italia/onto/CLV/hasCity> <https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/078045-(1948-01-01)> .\n", B, i }' \
  > "$T/many.nt"
"$SILA" load -q --store "$T/store" --graph "$B/set/segnalazioni" "$T/many.nt" >/dev/null 2>&1 ||
  { echo "FAIL: cannot load many.nt"; exit 1; }
start_server "$T/log" --store "$T/store" --workers 2

# ---- %-escapes (RFC 3986/3987) ----
check pct-raw 200 "$(status -H 'Accept: text/turtle' "$U/doc/categoria-prova/Citt%C3%A0%20metropolitana")"
has pct-raw-iri "Citt%C3%A0%20metropolitana>" "$T/body"
check pct-lower 200 "$(status -H 'Accept: text/turtle' "$U/doc/categoria-prova/Citt%c3%a0%20metropolitan%61")"
check pct-utf8 200 "$(status -H 'Accept: text/turtle' --path-as-is "$U/doc/categoria-prova/Città%20metropolitana")"
check pct-id 303 "$(status "$U/id/prova/Visita%20guidata")"
check pct-id-location "/doc/prova/Visita%20guidata" "$(header Location)"
check pct-html 200 "$(status -L -H 'Accept: text/html' "$U/id/prova/Visita%20guidata")"
has pct-html-title "<title>Visita guidata (prova)" "$T/body"
check pct-missing 404 "$(status "$U/doc/categoria-prova/Citt%C3%A0%20inesistente")"
# the CSVW templates mint slug IRIs (csvw#slug); the old escaped ones move
check slug-iri 200 "$(status -H 'Accept: text/html' "$U/doc/categoria-ente/citta-metropolitana")"
has slug-iri-title "<title>Città metropolitana" "$T/body"
check slug-old 301 "$(status "$U/doc/categoria-ente/Citt%C3%A0%20metropolitana")"
check slug-old-location "/id/categoria-ente/citta-metropolitana" "$(header Location)"
check slug-old-followed 200 "$(status -L -H 'Accept: text/turtle' "$U/id/tipologia-struttura/Bed%20and%20breakfast")"
has slug-old-followed-iri "bed-and-breakfast" "$T/body"

# ---- the regional vocabulary ----
check onto-html 200 "$(status -H 'Accept: text/html' "$U/onto/")"
has onto-html-term 'href="/onto/stelle"' "$T/body"
check onto-ttl 200 "$(status -H 'Accept: text/turtle' "$U/onto/")"
has onto-ttl-ontology "owl:Ontology" "$T/body"
has onto-ttl-term "stelle" "$T/body"
check onto-redirect 303 "$(status "$U/onto")"
check onto-term 200 "$(status -H 'Accept: text/html' "$U/onto/stelle")"
has onto-term-title "<title>stelle" "$T/body"
check onto-term-nt 200 "$(status "$U/onto/stelle.nt")"
has onto-term-nt-label '<https://dati.calabria.it/onto/stelle> <http://www.w3.org/2000/01/rdf-schema#label> "stelle"@it' "$T/body"

# ---- a graph under /set/ loaded, not published ----
check set-graph-html 200 "$(status -H 'Accept: text/html' "$U/set/capoluoghi")"
check set-graph-ttl 200 "$(status -H 'Accept: text/turtle' "$U/set/capoluoghi")"
has set-graph-void-dump "dump/capoluoghi.nt.gz" "$T/body"
check set-graph-dump 200 "$(status "$U/dump/capoluoghi.nt.gz")"
n=$(gzip -dc "$T/body" | wc -l | tr -d ' ')
m=$("$SILA" dump --store "$T/store" --graph "$B/set/capoluoghi" --format ntriples | wc -l | tr -d ' ')
check set-graph-dump-size "$m" "$n"
# the linksets VoID announces resolve to the document describing them
check linkset 303 "$(status "$U/set/strutture-ricettive/linkset/italia-hasCity")"
check linkset-location /void "$(header Location)"
check linkset-unknown 404 "$(status "$U/set/strutture-ricettive/linkset/nessuno")"
check set-unknown 404 "$(status -H 'Accept: text/turtle' "$U/set/nessuno")"

# ---- /catalogo and /void for people ----
check catalogo-html 200 "$(status -H 'Accept: text/html' "$U/catalogo")"
has catalogo-html-type '^Content-Type: text/html' "$T/head"
has catalogo-html-dataset 'href="/set/strutture-ricettive"' "$T/body"
has catalogo-html-frequency '>mensile<' "$T/body"
has catalogo-html-licence 'Creative Commons Attribuzione 4.0' "$T/body"
has catalogo-html-theme '>Economia e finanze<' "$T/body"
hasnt catalogo-html-raw-iri '>http[^<]*authority' "$T/body"
check catalogo-dot-html 200 "$(status "$U/catalogo.html")"
has catalogo-dot-html-type '^Content-Type: text/html' "$T/head"
check catalogo-ttl-still 200 "$(status "$U/catalogo")"
has catalogo-ttl-type '^Content-Type: text/turtle' "$T/head"
check void-html 200 "$(status -H 'Accept: text/html' "$U/void")"
has void-html-dump 'href="/dump/strutture-ricettive.nt.gz"' "$T/body"

# ---- conditional requests, ETags ----
status -H 'Accept: text/turtle' "$U/doc/comune/078045" >/dev/null
LM=$(header Last-Modified)
LEN=$(header Content-Length)
check ims-304 304 "$(status -H 'Accept: text/turtle' -H "If-Modified-Since: $LM" "$U/doc/comune/078045")"
check ims-304-length "$LEN" "$(header Content-Length)"
check ims-old-200 200 "$(status -H 'Accept: text/turtle' -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT' "$U/doc/comune/078045")"
check ims-bad-date-200 200 "$(status -H 'Accept: text/turtle' -H 'If-Modified-Since: yesterday' "$U/doc/comune/078045")"
E=$(status -H 'Accept: text/turtle' "$U/doc/comune/078045" >/dev/null; header ETag)
EGZ=$(status -H 'Accept: text/turtle' -H 'Accept-Encoding: gzip' "$U/doc/comune/078045" >/dev/null; header ETag)
check gzip-coded gzip "$(header Content-Encoding)"
if [ "$E" != "$EGZ" ] && [ -n "$E" ]; then ok; else bad "gzip and identity share the ETag $E"; fi
check inm-304 304 "$(status -H 'Accept: text/turtle' -H "If-None-Match: $E" "$U/doc/comune/078045")"
hasnt inm-304-no-zero-length '^Content-Length: 0' "$T/head"
check inm-gz-304 304 "$(status -H 'Accept: text/turtle' -H 'Accept-Encoding: gzip' -H "If-None-Match: $EGZ" "$U/doc/comune/078045")"
check inm-wrong-coding 200 "$(status -H 'Accept: text/turtle' -H "If-None-Match: $EGZ" "$U/doc/comune/078045")"
FE=$(status "$U/files/strutture-ricettive/strutture-ricettive.csv" >/dev/null; header ETag)
check file-304 304 "$(status -H "If-None-Match: $FE" "$U/files/strutture-ricettive/strutture-ricettive.csv")"
hasnt file-304-no-zero-length '^Content-Length: 0' "$T/head"
DE=$(status "$U/dump/appalti.ttl" >/dev/null; header ETag)
check dump-304 304 "$(status -H "If-None-Match: $DE" "$U/dump/appalti.ttl")"
hasnt dump-304-no-zero-length '^Content-Length: 0' "$T/head"
DGZ=$(status -H 'Accept-Encoding: gzip' "$U/dump/appalti.ttl" >/dev/null; header ETag)
check dump-gzip-coded gzip "$(header Content-Encoding)"
if [ "$DE" != "$DGZ" ] && [ -n "$DGZ" ]; then ok; else bad "dump: gzip and identity share the ETag $DE"; fi
FGZ=$(status -H 'Accept-Encoding: gzip' "$U/files/strutture-ricettive/strutture-ricettive.csv" >/dev/null; header ETag)
if [ "$FE" != "$FGZ" ] && [ -n "$FGZ" ]; then ok; else bad "file: gzip and identity share the ETag $FE"; fi

# ---- a municipality reaches all its data ----
check cosenza 200 "$(status -H 'Accept: text/html' "$U/doc/comune/078045")"
has cosenza-event 'href="/doc/evento/EV-2025-04"' "$T/body"
has cosenza-procurement 'href="/doc/appalto/F998877665"' "$T/body"
has cosenza-province '>Provincia di Cosenza<' "$T/body"
has cosenza-grouped '<h3><a href="/set/eventi-culturali">' "$T/body"
has cosenza-paged 'href="?in=100#correlati"' "$T/body"
n1=$(grep -o 'href="/doc/segnalazione/[0-9]*"' "$T/body" | sort -u | wc -l | tr -d ' ')
check cosenza-page2 200 "$(status -H 'Accept: text/html' "$U/doc/comune/078045?in=100")"
has cosenza-page2-prev 'href="?in=0#correlati"' "$T/body"
n2=$(grep -o 'href="/doc/segnalazione/[0-9]*"' "$T/body" | sort -u | wc -l | tr -d ' ')
check cosenza-all-reached 150 "$((n1 + n2))"
check cosenza-national-name 200 "$(status -H 'Accept: text/html' "$U/doc/comune/078100")"
has cosenza-national-name-title '<title>Plataci' "$T/body"

# ---- each triple once ----
check landing 200 "$(status "$U/set/strutture-ricettive.nt")"
check landing-once 1 "$(grep -c 'dcat#landingPage' "$T/body")"
check landing-no-dups 0 "$(sort "$T/body" | uniq -d | wc -l | tr -d ' ')"

# ---- one public base behind a reverse proxy ----
for h in "dati.calabria.it https $B" "proxy.example:8443 https https://proxy.example:8443" \
         "127.0.0.1:$PORT http http://127.0.0.1:$PORT"; do
  set -- $h
  status -H "Host: $1" -H "X-Forwarded-Proto: $2" -H 'Accept: application/n-triples' "$U/sparql" >/dev/null
  has "sd-endpoint $1" "<http://www.w3.org/ns/sparql-service-description#endpoint> <$3/sparql>" "$T/body"
  status -H "Host: $1" -H "X-Forwarded-Proto: $2" "$U/void.nt" >/dev/null
  has "void-endpoint $1" "<$B/void> <http://rdfs.org/ns/void#sparqlEndpoint> <$3/sparql>" "$T/body"
  has "void-dump $1" "<http://rdfs.org/ns/void#dataDump> <$3/dump/strutture-ricettive.nt.gz>" "$T/body"
  status -H "Host: $1" -H "X-Forwarded-Proto: $2" "$U/catalogo.nt" >/dev/null
  has "catalogo-endpoint $1" "<http://www.w3.org/ns/dcat#endpointURL> <$3/sparql>" "$T/body"
  has "catalogo-download $1" "<http://www.w3.org/ns/dcat#downloadURL> <$3/dump/strutture-ricettive.nt.gz>" "$T/body"
  has "catalogo-ids-kept $1" "<$B/catalogo> <http://www.w3.org/ns/dcat#dataset> <$B/set/strutture-ricettive>" "$T/body"
done
status -H 'Host: evil.example/x?' "$U/void.nt" >/dev/null
has public-base-bad-host "<$B/void> <http://rdfs.org/ns/void#sparqlEndpoint> <$B/sparql>" "$T/body"

# ---- one prefix table ----
status -H 'Accept: text/turtle' "$U/doc/luogo-della-cultura/CASTELLO-CS" >/dev/null
has prefix-cis "@prefix cis: <http://dati.beniculturali.it/cis/>" "$T/body"
status "$U/query" >/dev/null
has prefix-cis-query "http://dati.beniculturali.it/cis/" "$T/body"
hasnt prefix-cis-query-other "CulturalHeritage/" "$T/body"

# ---- CSV charset ----
check csv-utf8 200 "$(status "$U/files/strutture-ricettive/strutture-ricettive.csv")"
check csv-utf8-type "text/csv; charset=utf-8" "$(header Content-Type)"
if cmp -s "$T/body" "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv"; then ok; else bad "utf-8 CSV not byte for byte"; fi
check csv-latin1 200 "$(status "$U/files/appalti/appalti.csv")"
check csv-latin1-type "text/csv; charset=utf-8" "$(header Content-Type)"
check csv-latin1-said windows-1252 "$(header X-Sila-Transcoded-From)"
if command -v iconv >/dev/null 2>&1; then
  if iconv -f windows-1252 -t utf-8 "$SRC/datasets/appalti/appalti.csv" | cmp -s - "$T/body"; then ok; else bad "latin-1 CSV not transcoded"; fi
fi

# ---- example queries of the dataset pages return rows ----
for d in appalti enti-pubblici eventi-culturali luoghi-della-cultura popolazione-comuni \
         strutture-ricettive capoluoghi; do
  status -H 'Accept: text/html' "$U/set/$d" >/dev/null
  n=0
  for href in $(grep -o 'href="/sparql?query=[^"]*"' "$T/body" | sed 's/^href="//; s/"$//; s/&amp;/\&/g'); do
    n=$((n + 1))
    q=$(echo "$href" | sed 's/&format=html$//')
    $C -o "$T/rows" -H 'Accept: text/csv' "$U$q"
    rows=$(($(wc -l < "$T/rows") - 1))
    if [ "$rows" -ge 1 ]; then ok; else bad "set/$d example query $n returns no rows: $q"; fi
  done
  if [ $n -ge 3 ]; then ok; else bad "set/$d has $n example queries"; fi
done

# the server stops cleanly (under ASan: no leak, no error report)
stop_server


echo "$pass passed, $fail failed"
[ $fail = 0 ]
