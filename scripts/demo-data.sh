#!/bin/sh
# demo-data.sh STORE [SILA] — fills a new store with the demo catalogue:
# the sample graph, the vocabularies (vocabularies/*.ttl: the regional
# ontology, the labels of the national ontologies and of the EU/national
# controlled vocabularies, the Calabrian municipalities and provinces) and
# every dataset folder of datasets/ published with `sila publish`.
# scripts/demo.sh and the tests over the demo (crawl, browser) share it, so
# they test exactly what the README's first command serves.
# SILA_DEMO_QUIET=1 keeps the quality reports off stdout.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
store=${1:?usage: demo-data.sh STORE [SILA]}
sila=${2:-$top/_build/sila}
"$sila" init "$store"
"$sila" load -q --store "$store" --graph https://dati.calabria.it/set/capoluoghi \
  "$top/datasets/sample/capoluoghi-calabria.ttl"
"$sila" load -q --store "$store" --graph https://dati.calabria.it/onto "$top"/vocabularies/*.ttl
for d in "$top"/datasets/*/; do
  if [ -f "$d/dataset.json" ]; then
    if [ -n "${SILA_DEMO_QUIET:-}" ]; then
      "$sila" publish --store "$store" "${d%/}" >/dev/null
    else
      "$sila" publish --store "$store" "${d%/}"
    fi
  fi
done
# The programme's own work (issue 17): a release plan and some data requests.
sh "$top/scripts/demo-prog.sh" "$store" "$sila"
