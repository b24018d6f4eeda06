#!/bin/sh
# `sila publish` end to end: the demo catalogue publishes with a clean
# quality report; republishing replaces instead of duplicating; a dataset
# with a violated `required`, malformed metadata or incomplete DCAT-AP_IT
# description is refused with a precise error and the store keeps serving
# the previous version; --dry-run writes nothing; the catalogue passes the
# DCAT-AP_IT mandatory-property checks of ../shared (skipped when absent).
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
work=$(mktemp -d /tmp/sila-publish.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
q() { "$SILA" query --store "$work/s" --format tsv "$1" | tail -n +2; }
count() { q "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$1> { ?s ?p ?o } }" | sed 's/"\([0-9]*\)".*/\1/'; }
D=https://dati.calabria.it
DATASETS="strutture-ricettive luoghi-della-cultura eventi-culturali enti-pubblici appalti popolazione-comuni"

"$SILA" init "$work/s" >/dev/null || exit 1

# 1. The demo catalogue: every dataset published, clean report.
for d in $DATASETS; do
  "$SILA" publish --store "$work/s" "$SRC/datasets/$d" >"$work/out" 2>"$work/err" &&
    ok || bad "publish $d: $(cat "$work/err")"
  grep -q "published" "$work/out" && ok || bad "$d not published: $(cat "$work/out")"
  grep -q "warnings      0$" "$work/out" && ok || bad "$d warnings: $(cat "$work/out" "$work/err")"
  grep -q "errors        0$" "$work/out" && ok || bad "$d errors: $(cat "$work/out")"
  grep -q "mandatory: all present" "$work/out" && ok || bad "$d DCAT-AP_IT: $(cat "$work/out")"
  grep -q "open data     5 stars" "$work/out" && ok || bad "$d stars: $(cat "$work/out")"
  [ -s "$work/err" ] && bad "$d stderr: $(cat "$work/err")" || ok
done
grep -q "rows mapped   9$" "$work/out" && ok || bad "popolazione rows: $(cat "$work/out")"
# ... and the catalogue says so (the dataset page shows it beside the triples)
n=$(q 'SELECT ?n WHERE { GRAPH <https://dati.calabria.it/catalogo> { <https://dati.calabria.it/set/popolazione-comuni> <https://dati.calabria.it/onto/numeroRighe> ?n } }')
[ "$n" = 9 ] && ok || bad "catalogue row count: $n"

# Real content: counts and sample triples, traps included.
[ "$(count $D/set/strutture-ricettive)" = 113 ] && ok || bad "strutture triples $(count $D/set/strutture-ricettive)"
n=$(q 'SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/italia/onto/ACCO/Accommodation> }')
[ "$n" = 8 ] && ok || bad "accommodations: $n"
# decimal comma
q 'SELECT ?lat WHERE { <https://dati.calabria.it/id/struttura-ricettiva/CS-0001> <https://w3id.org/italia/onto/CLV/lat> ?lat }' |
  grep -qx '39.29862' && ok || bad "decimal comma"
# lookup name -> national IRI (Reggio di Calabria since 2016-12-29)
q 'SELECT ?c WHERE { <https://dati.calabria.it/id/struttura-ricettiva/RC-0001> <https://w3id.org/italia/onto/CLV/hasCity> ?c }' |
  grep -qx '<https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/080063-(2016-12-29)>' && ok || bad "lookup to national IRI"
# windows-1252
q 'SELECT ?a WHERE { <https://dati.calabria.it/id/luogo-della-cultura/LOCRI> <https://w3id.org/italia/onto/CLV/fullAddress> ?a }' |
  grep -qx '"Contrada Marasà"' && ok || bad "windows-1252 decoding"
# dd/MM/yyyy and Sì|No
q 'SELECT ?d ?g WHERE { <https://dati.calabria.it/id/evento/EV-2025-02> <https://w3id.org/italia/onto/TI/startTime> ?d ; <https://dati.calabria.it/onto/ingressoGratuito> ?g }' |
  grep -qx '"2025-05-17"^^<http://www.w3.org/2001/XMLSchema#date>	true' && ok || bad "dd/MM/yyyy, boolean"
# multi-valued cells
n=$(q 'SELECT (COUNT(?t) AS ?n) WHERE { <https://dati.calabria.it/id/organizzazione/cm_rc> <https://w3id.org/italia/onto/SM/telephoneNumber> ?t }')
[ "$n" = 3 ] && ok || bad "multi-valued telephones: $n"
# upper case without accents ("MAIERA'") -> Maierà; dd/MM/yy; thousands '.'
q 'SELECT ?p WHERE { ?o <http://purl.org/linked-data/sdmx/2009/dimension#refArea> <https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/078071-(1948-01-01)> ; <http://purl.org/linked-data/sdmx/2009/dimension#refPeriod> "2023-12-31"^^<http://www.w3.org/2001/XMLSchema#date> ; <https://dati.calabria.it/onto/popolazioneResidente> ?p }' |
  grep -qx '"1105"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' && ok || bad "lookup of MAIERA', yy, groupChar"
# ISO-8859-1, amounts with '.' for thousands and decimal comma, links to the
# organisations of another dataset
q 'SELECT ?t ?a ?e WHERE { <https://dati.calabria.it/id/appalto/D556677889> <http://purl.org/dc/terms/title> ?t ; <https://w3id.org/italia/onto/PublicContract/auctionBaseAmount> ?a ; <https://w3id.org/italia/onto/PublicContract/hasProcuringEntity> ?e . ?e <https://w3id.org/italia/onto/COV/legalName> ?l }' |
  grep -qx '"Fornitura di arredi scolastici per gli istituti della città metropolitana"	210000.00	<https://dati.calabria.it/id/organizzazione/cm_rc>' && ok || bad "ISO-8859-1, amounts, procuring entity"
# the CSVW row/table structure is not published
n=$(q 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), "http://www.w3.org/ns/csvw#")) }')
[ "$n" = 0 ] && ok || bad "csvw structure leaked: $n"

# The catalogue: one dataset entry per dataset, four distributions each.
n=$(q 'SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH <https://dati.calabria.it/catalogo> { <https://dati.calabria.it/catalogo> <http://www.w3.org/ns/dcat#dataset> ?d } }')
[ "$n" = 6 ] && ok || bad "catalogue datasets: $n"
n=$(q 'SELECT (COUNT(?x) AS ?n) WHERE { <https://dati.calabria.it/set/luoghi-della-cultura> <http://www.w3.org/ns/dcat#distribution> ?x }')
[ "$n" = 4 ] && ok || bad "distributions: $n"
q 'SELECT ?u WHERE { <https://dati.calabria.it/set/luoghi-della-cultura/distribuzione/nt> <http://www.w3.org/ns/dcat#downloadURL> ?u }' |
  grep -qx '<https://dati.calabria.it/dump/luoghi-della-cultura.nt.gz>' && ok || bad "N-Triples dump distribution"
q 'SELECT ?e WHERE { ?svc a <http://www.w3.org/ns/dcat#DataService> ; <http://www.w3.org/ns/dcat#endpointURL> ?e }' |
  grep -qx '<https://dati.calabria.it/sparql>' && ok || bad "SPARQL DataService"
cat_before=$(count $D/catalogo)

# 2. Republishing replaces: same counts, no duplicates.
"$SILA" publish --store "$work/s" "$SRC/datasets/strutture-ricettive" >"$work/out" 2>&1 && ok || bad "republish"
grep -q "replaced      113 triples" "$work/out" && ok || bad "replaced count: $(cat "$work/out")"
[ "$(count $D/set/strutture-ricettive)" = 113 ] && ok || bad "republish duplicated data"
[ "$(count $D/catalogo)" = "$cat_before" ] && ok || bad "republish changed catalogue size $(count $D/catalogo) vs $cat_before"

# 3. Broken versions of a published dataset are refused; nothing changes.
mkdir -p "$work/ds" && cp -r "$SRC/vocabularies" "$work/vocabularies"
broken() { rm -rf "$work/ds/$1" && cp -r "$SRC/datasets/strutture-ricettive" "$work/ds/$1"; }
stamp=$("$SILA" stats --store "$work/s" | awk '$1 == "generation" || $1 == "quads" { print }')
#   a violated `required` (empty denominazione in the 3rd data row = CSV row 4, column 2)
broken required
sed -i 's/^CZ-0001;Hotel dei Due Mari;/CZ-0001;;/' "$work/ds/required/strutture-ricettive.csv"
"$SILA" publish --store "$work/s" "$work/ds/required" >"$work/out" 2>"$work/err"
[ $? = 1 ] && ok || bad "required violation accepted"
grep -q 'strutture-ricettive.csv:4:2: required column "denominazione" has no value' "$work/err" && ok || bad "required error message: $(cat "$work/err")"
grep -q "REFUSED" "$work/out" && ok || bad "report says refused"
#   a cell that breaks the metadata (bad JSON)
broken badjson
printf '{ "url": "strutture-ricettive.csv", ' >"$work/ds/badjson/strutture-ricettive.csv-metadata.json"
"$SILA" publish --store "$work/s" "$work/ds/badjson" >"$work/out" 2>"$work/err"
[ $? = 1 ] && ok || bad "malformed metadata accepted"
grep -q 'metadata.json' "$work/err" && ok || bad "malformed metadata message: $(cat "$work/err")"
#   a DCAT-AP_IT description without theme and with a bad date
broken nodcat
sed -i -e '/"theme"/d' -e 's/"modified": "2025-01-10"/"modified": "10\/01\/2025"/' "$work/ds/nodcat/dataset.json"
"$SILA" publish --store "$work/s" "$work/ds/nodcat" >"$work/out" 2>"$work/err"
[ $? = 1 ] && ok || bad "incomplete description accepted"
grep -q 'mandatory: dct:modified dcat:theme' "$work/out" && ok || bad "missing list: $(cat "$work/out")"
#   a name the lookup to the national municipalities cannot find is an error
#   (no invented IRI), with the closest names suggested; a cell that is not
#   a number is an error too (never published as text in a number column):
#   both are listed in the report with positions
broken warn
sed -i 's/^CS-0001;Hotel Centrale Cosenza;Albergo;3;Cosenza;/CS-0001;Hotel Centrale Cosenza;Albergo;tre;Cosenzaa;/' "$work/ds/warn/strutture-ricettive.csv"
"$SILA" publish --dry-run "$work/ds/warn" >"$work/out" 2>"$work/err"
[ $? = 1 ] && ok || bad "unknown municipality accepted"
grep -q "warnings      0$" "$work/out" && ok || bad "warning count: $(cat "$work/out")"
grep -q "errors        2$" "$work/out" && ok || bad "error count: $(cat "$work/out")"
grep -q 'strutture-ricettive.csv:2:5: error: "Cosenzaa" not found in the lookup table .* did you mean "Cosenza" (078045-(1948-01-01))' "$work/out" && ok || bad "lookup error: $(cat "$work/out")"
grep -q 'strutture-ricettive.csv:2:4: error: "tre" is not a valid integer' "$work/out" && ok || bad "number error: $(cat "$work/out")"
grep -q '  reason        .*strutture-ricettive.csv:2:4: "tre" is not a valid integer' "$work/out" && ok || bad "reason in the report: $(cat "$work/out")"
grep -q "open data     0 stars" "$work/out" && ok || bad "stars of a refused dataset: $(cat "$work/out")"
#   still serving the good version, nothing written at all
[ "$("$SILA" stats --store "$work/s" | awk '$1 == "generation" || $1 == "quads" { print }')" = "$stamp" ] && ok || bad "store changed by refused publishes"
q 'SELECT ?n WHERE { <https://dati.calabria.it/id/struttura-ricettiva/CZ-0001> <https://w3id.org/italia/onto/POI/POIofficialName> ?n }' |
  grep -qx '"Hotel dei Due Mari"' && ok || bad "good version no longer served"

# 4. --dry-run of a new dataset writes nothing; a good new version replaces.
broken newver
sed -i -e 's/"slug": "strutture-ricettive"/"slug": "strutture-ricettive"/' "$work/ds/newver/dataset.json"
head -3 "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" >"$work/ds/newver/strutture-ricettive.csv"
"$SILA" publish --store "$work/s" --dry-run "$work/ds/newver" >"$work/out" 2>&1 && ok || bad "dry run failed"
[ "$(count $D/set/strutture-ricettive)" = 113 ] && ok || bad "dry run wrote"
"$SILA" publish --store "$work/s" "$work/ds/newver" >"$work/out" 2>&1 && ok || bad "new version: $(cat "$work/out")"
n=$(q 'SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/italia/onto/ACCO/Accommodation> }')
[ "$n" = 2 ] && ok || bad "new version accommodations: $n"
[ "$(count $D/catalogo)" = "$cat_before" ] && ok || bad "new version changed catalogue size"
"$SILA" publish --store "$work/s" "$SRC/datasets/strutture-ricettive" >/dev/null 2>&1 && ok || bad "restore"
"$SILA" publish --dry-run --base http://localhost:8080 "$SRC/datasets/strutture-ricettive" 2>&1 |
  grep -q "dataset       http://localhost:8080/set/strutture-ricettive$" && ok || bad "--base"
"$SILA" publish --dry-run --base http://localhost:8080/ "$SRC/datasets/strutture-ricettive" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "--base with a trailing slash accepted"
"$SILA" publish --store "$work/s" "$work/ds/none" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "ds/none/dataset.json: unable to open" "$work/err" && ok || bad "missing folder: $(cat "$work/err")"

# 5. DCAT-AP_IT mandatory properties, checked with the shapes of ../shared
#    through a generic SPARQL query (tests/data/publish/dcatapit-violations.rq).
SHARED=${SILA_SHARED:-$SRC/../shared}
SHAPES=$SHARED/reference/dcatapit/dcatapit-mandatory.unofficial.shapes.ttl
RQ=$SRC/tests/data/publish/dcatapit-violations.rq
if [ -f "$SHAPES" ]; then
  "$SILA" load -q --store "$work/s" --graph urn:sila:shapes "$SHAPES" 2>"$work/err" && ok || bad "load shapes: $(cat "$work/err")"
  "$SILA" query --store "$work/s" --format tsv --file "$RQ" >"$work/v" 2>&1 && ok || bad "violations query: $(cat "$work/v")"
  [ "$(wc -l <"$work/v")" = 1 ] && ok || bad "catalogue violates DCAT-AP_IT: $(cat "$work/v")"
  # The check itself, on the reference files: the hand-written example
  # conforms, ckanext-dcatapit's dataset.rdf has exactly the two known
  # violations (blank-node rightsHolder, schema:startDate).
  for f in example-calabria-minimal.ttl examples/ckanext-dcatapit-dataset.rdf; do
    rm -rf "$work/r" && "$SILA" init "$work/r" >/dev/null
    "$SILA" load -q --store "$work/r" --graph urn:sila:shapes "$SHAPES" >/dev/null 2>&1
    "$SILA" load -q --store "$work/r" --graph $D/catalogo "$SHARED/reference/dcatapit/$f" >/dev/null 2>&1
    "$SILA" query --store "$work/r" --format tsv --file "$RQ" >"$work/v.$(basename $f)" 2>&1
  done
  [ "$(wc -l <"$work/v.example-calabria-minimal.ttl")" = 1 ] && ok || bad "reference example flagged: $(cat "$work/v.example-calabria-minimal.ttl")"
  v=$work/v.ckanext-dcatapit-dataset.rdf
  [ "$(wc -l <"$v")" = 3 ] && grep -q 'dcatapit#startDate>	"minCount"' "$v" &&
    grep -q 'rightsHolder>	"nodeKind"' "$v" && ok || bad "ckanext violations not found: $(cat "$v")"
else
  echo "SKIP: DCAT-AP_IT shapes not found ($SHAPES)"
fi

# 6. Vocabularies: they load; every regional term the demo data uses is
#    defined with Italian and English labels and comments; every template
#    maps its example CSV without a warning.
"$SILA" load -q --store "$work/s" --graph $D/onto "$SRC"/vocabularies/*.ttl 2>"$work/err" && ok || bad "load vocabularies: $(cat "$work/err")"
n=$(q 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
  { GRAPH ?g { ?s ?t ?o } } UNION { GRAPH ?g { ?s a ?t } }
  FILTER(STRSTARTS(STR(?g), "https://dati.calabria.it/set/") && STRSTARTS(STR(?t), "https://dati.calabria.it/onto/"))
  FILTER NOT EXISTS { GRAPH <https://dati.calabria.it/onto> {
    ?t rdfs:label ?li , ?le ; rdfs:comment ?ci , ?ce .
    FILTER(LANG(?li) = "it" && LANG(?le) = "en" && LANG(?ci) = "it" && LANG(?ce) = "en") } } }')
[ "$n" = 0 ] && ok || bad "$n regional terms used without it/en label and comment"
n=$(q 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
  GRAPH ?g { ?s ?t ?o } FILTER(STRSTARTS(STR(?g), "https://dati.calabria.it/set/"))
  FILTER NOT EXISTS { GRAPH <https://dati.calabria.it/onto> { ?t rdfs:label ?l FILTER(LANG(?l) = "it") } } }')
[ "$n" = 0 ] && ok || bad "$n properties of the demo data have no Italian label"
for m in "$SRC"/vocabularies/templates/*.csv-metadata.json; do
  "$SILA" map --extensions --minimal "$m" >"$work/t.nt" 2>"$work/err" && [ ! -s "$work/err" ] && [ -s "$work/t.nt" ] &&
    ok || bad "template $(basename "$m"): $(cat "$work/err")"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
