#!/bin/sh
# browser_test.sh — the pages of `sila serve` in a real browser: headless
# Chromium (Debian's chromium) driven by playwright-core (npm) through
# tests/browser/pages.mjs, with axe-core (npm) checking WCAG 2.1 AA on every
# page kind at phone and desktop width.  Two servers on the demo catalogue:
# one with the assets (Bootstrap Italia, YASGUI, Leaflet, markercluster:
# scripts/fetch-assets.sh) and one without (the project's own style sheet,
# the plain query form).  Expected values come from `sila query` on the same
# store.  Screenshots go to $SILA_BUILDDIR/tests/screenshots/; server time
# and bytes per page are printed.  Skips (77) without node, chromium or
# playwright-core/axe-core (installed once into $SILA_BUILDDIR/tests/browser-deps).
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SILA_BUILDDIR:-$(pwd)}
. "$SRC/tests/browser_lib.sh"
browser_deps
browser_scratch browser

# ---- the demo store: the sample, the vocabularies, the demo catalogue ----
S=$T/store
"$SILA" init "$S" >/dev/null || { echo "FAIL: sila init"; exit 1; }
"$SILA" load -q --store "$S" --graph https://dati.calabria.it/set/capoluoghi \
  "$SRC/datasets/sample/capoluoghi-calabria.ttl" >/dev/null 2>&1 || { echo "FAIL: load"; exit 1; }
"$SILA" load -q --store "$S" --graph https://dati.calabria.it/onto "$SRC"/vocabularies/*.ttl \
  >/dev/null 2>&1 || { echo "FAIL: load vocabularies"; exit 1; }
for d in "$SRC"/datasets/*/; do
  [ -f "$d/dataset.json" ] || continue
  "$SILA" publish --store "$S" "${d%/}" >"$T/publish.log" 2>&1 ||
    { echo "FAIL: publish $d"; cat "$T/publish.log"; exit 1; }
done

# ---- what the pages must show, from the store itself ----# the programme's plan and requests (issue 17); usage written every half
# second so /statistiche shows the visits of this test; the form without
# its minimum fill time (a browser test types faster than people)
sh "$SRC/scripts/demo-prog.sh" "$S" "$SILA" >/dev/null 2>&1 || { echo "FAIL: demo-prog.sh"; exit 1; }
SILA_STATS_FLUSH=0.5 SILA_FORM_MIN_SECONDS=0
export SILA_STATS_FLUSH SILA_FORM_MIN_SECONDS

E=$T/expect
mkdir -p "$E"
q() { "$SILA" query --store "$S" --format json "$2" >"$E/$1" || { echo "FAIL: query $1"; exit 1; }; }
q capitals.srj '
PREFIX clv: <https://w3id.org/italia/onto/CLV/>
PREFIX l0:  <https://w3id.org/italia/onto/l0/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?istat ?comune ?provincia ?sigla WHERE {
  ?c a clv:City ; l0:name ?comune ; skos:notation ?istat ; clv:hasDirectHigherRank ?p .
  ?p l0:name ?provincia ; clv:acronym ?sigla .
} ORDER BY ?istat'
q datasets.srj '
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct:  <http://purl.org/dc/terms/>
SELECT ?dataset ?titolo ?righe WHERE { GRAPH <https://dati.calabria.it/catalogo> {
  ?dataset a dcat:Dataset ; dct:title ?titolo FILTER(LANG(?titolo) = "it")
  OPTIONAL { ?dataset <https://dati.calabria.it/onto/numeroRighe> ?righe } } } ORDER BY ?dataset'
q points.srj '
PREFIX clv:  <https://w3id.org/italia/onto/CLV/>
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <https://dati.calabria.it/set/strutture-ricettive> {
  ?s clv:lat ?lat ; clv:long ?long } }'
q place.srj '
PREFIX acco: <https://w3id.org/italia/onto/ACCO/>
PREFIX poi:  <https://w3id.org/italia/onto/POI/>
PREFIX clv:  <https://w3id.org/italia/onto/CLV/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?nome ?tipo ?indirizzo ?lat ?long WHERE {
  ?s a acco:Accommodation ; poi:POIofficialName ?nome ; clv:fullAddress ?indirizzo ;
     clv:lat ?lat ; clv:long ?long .
  acco:Accommodation rdfs:label ?tipo FILTER(LANG(?tipo) = "it")
} ORDER BY ?s LIMIT 1'
n=$(grep -o '"istat"' "$E/capitals.srj" | wc -l)
[ "$n" -ge 1 ] || { echo "FAIL: the store has no capitals"; exit 1; }

# ---- the assets (YASGUI, Leaflet) when npm can fetch them ----
A=$BUILD/assets
sh "$SRC/scripts/fetch-assets.sh" "$A" >"$T/fetch.log" 2>&1

URLS=""
if [ -f "$A/yasgui/yasgui.min.js" ] && [ -f "$A/leaflet/leaflet.js" ] &&
  [ -f "$A/bootstrap-italia/css/bootstrap-italia.min.css" ] &&
  [ -f "$A/markercluster/leaflet.markercluster.js" ]; then
  start_server "$T/serve1.log" --store "$S" --assets "$A"
  URLS="assets=$U"
else
  echo "note: no Bootstrap Italia/YASGUI/Leaflet assets ($(tail -1 "$T/fetch.log")): testing the plain pages only"
fi
start_server "$T/serve2.log" --store "$S" --assets ''
URLS="$URLS plain=$U"

SHOTS=$BUILD/tests/screenshots
rm -rf "$SHOTS" # no stale pictures of an earlier run
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URLS=$URLS EXPECT_DIR=$E SHOTS=$SHOTS \
  HOME=$T timeout 400 node "$SRC/tests/browser/pages.mjs"
rc=$?
[ $rc = 0 ] && echo "screenshots in $SHOTS"
[ $rc = 0 ] || { echo "---- server logs"; tail -n 20 "$T"/serve*.log; }
stop_servers || rc=1
exit $rc
