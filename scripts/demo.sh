#!/bin/sh
# The README's first command: installs what is missing, builds Sila, creates
# a store with the bundled sample data and answers a query on it.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" _build
sila="$top/_build/sila"
store=${SILA_STORE:-$top/sila-data}
"$sila" init "$store"
"$sila" load --store "$store" --graph https://dati.calabria.it/set/capoluoghi \
  "$top/datasets/sample/capoluoghi-calabria.ttl"
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
echo "Try your own:  $sila query --store $store 'SELECT * WHERE { ?s ?p ?o } LIMIT 10'"
