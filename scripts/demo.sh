#!/bin/sh
# The README's first command: installs what is missing, builds Sila, creates
# a store with the bundled sample data, publishes the demo catalogue
# (datasets/*/: CSV + CSVW + DCAT-AP_IT, each in its own named graph, plus the
# catalogue graph) with the regional vocabularies, and answers queries on it.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" _build
sila="$top/_build/sila"
store=${SILA_STORE:-$top/sila-data}
echo "Creating the store, loading the vocabularies, publishing the demo catalogue"
echo "(quality report of each dataset):"
"$top/scripts/demo-data.sh" "$store" "$sila"
echo
echo "The provincial capitals of Calabria (SPARQL over the store in $store):"
"$sila" query --store "$store" --format tsv '
PREFIX clv: <https://w3id.org/italia/onto/CLV/>
PREFIX l0:  <https://w3id.org/italia/onto/l0/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?istat ?comune ?provincia ?sigla WHERE {
  ?c a clv:City ; l0:name ?comune ; skos:notation ?istat ; clv:hasDirectHigherRank ?p .
  ?p l0:name ?provincia ; clv:acronym ?sigla .
} ORDER BY ?istat'
echo
echo "The datasets of the DCAT-AP_IT catalogue (graph https://dati.calabria.it/catalogo):"
"$sila" query --store "$store" --format tsv '
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct:  <http://purl.org/dc/terms/>
SELECT ?dataset ?titolo (COUNT(?dist) AS ?distribuzioni) WHERE {
  GRAPH <https://dati.calabria.it/catalogo> {
    ?dataset a dcat:Dataset ; dct:title ?titolo ; dcat:distribution ?dist FILTER(LANG(?titolo) = "it") }
} GROUP BY ?dataset ?titolo ORDER BY ?dataset'
echo
echo "Try your own:  $sila query --store $store 'SELECT * WHERE { ?s ?p ?o } LIMIT 10'"
# Two accounts of the publishing area /pubblica, so the demo's plan, requests
# and publishing can be tried: passwords made here, shown once, stored hashed;
# the steward's office owns the accommodation dataset, so the steward can
# update it (scripts/demo-accounts.sh).
echo
echo "Accounts of the publishing area (http://127.0.0.1:${SILA_PORT:-8080}/pubblica), for this demo:"
"$top/scripts/demo-accounts.sh" "$store" "$sila"
# Then serve the catalogue (Ctrl-C stops it); SILA_DEMO_NO_SERVE=1 skips this.
if [ -z "${SILA_DEMO_NO_SERVE:-}" ]; then
  port=${SILA_PORT:-8080}
  echo
  echo "Serving the demo catalogue at http://127.0.0.1:$port/ (SPARQL at /sparql, the query page"
  echo "at /query; Ctrl-C stops)"
  exec "$sila" serve --store "$store" --bind 127.0.0.1 --port "$port" \
    --assets "$top/_build/assets"
fi
