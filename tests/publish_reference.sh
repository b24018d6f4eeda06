#!/bin/sh
# Publish-level integration tests on the real CSV files of
# ../shared/reference/datasets/ (skipped when absent), with CSVW metadata and
# DCAT-AP_IT descriptions written in tests/data/publish/ref-*/.  Expected
# counts were computed independently (Python's csv module) from the files.
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
SHARED=${SILA_SHARED:-$SRC/../shared}
REF=$SHARED/reference/datasets
if [ ! -f "$REF/piemonte-musei.csv" ]; then
  echo "SKIP: reference datasets not found ($REF)"
  exit 77
fi
work=$(mktemp -d /tmp/sila-pubref.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
q() { "$SILA" query --store "$work/s" --format tsv "$1" | tail -n +2; }
"$SILA" init "$work/s" >/dev/null || exit 1

for r in musei:piemonte-musei opencup:opencup-pnrr-localizzazioni; do
  n=${r%%:*}
  cp -r "$SRC/tests/data/publish/ref-$n" "$work/ref-$n" && chmod -R u+w "$work/ref-$n"
  cp "$REF/${r#*:}.csv" "$work/ref-$n/"
  "$SILA" publish --store "$work/s" "$work/ref-$n" >"$work/out.$n" 2>"$work/err.$n" &&
    ok || bad "publish $n: $(cat "$work/err.$n")"
  grep -q "warnings      0$" "$work/out.$n" && ok || bad "$n warnings: $(cat "$work/out.$n" "$work/err.$n")"
done

# Piedmont museums: windows-1252, ';', every field quoted with doubled quotes,
# "0.00000000" as a null coordinate (19 rows), timestamps, 6-digit ISTAT codes.
grep -q "rows mapped   469$" "$work/out.musei" && ok || bad "musei rows: $(cat "$work/out.musei")"
grep -q "triples       4632 " "$work/out.musei" && ok || bad "musei triples: $(cat "$work/out.musei")"
n=$(q 'SELECT (COUNT(?m) AS ?n) WHERE { ?m a <http://dati.beniculturali.it/cis/Museum> }')
[ "$n" = 469 ] && ok || bad "museums: $n"
n=$(q 'SELECT (COUNT(?m) AS ?n) WHERE { ?m a <http://dati.beniculturali.it/cis/Museum> FILTER NOT EXISTS { ?m <https://w3id.org/italia/onto/CLV/lat> ?l } }')
[ "$n" = 19 ] && ok || bad "museums without coordinates: $n"
q 'SELECT ?n ?c ?lat ?t WHERE { <https://dati.calabria.it/id/test/museo/46> <http://dati.beniculturali.it/cis/institutionalCISName> ?n ; <https://w3id.org/italia/onto/CLV/hasCity> ?c ; <https://w3id.org/italia/onto/CLV/lat> ?lat ; <http://purl.org/dc/terms/modified> ?t }' >"$work/m46"
grep -qx '"Museo \\"Martini\\" di Storia dell'"'"'Enologia (Chieri)"@it	<https://dati.calabria.it/id/test/comune/001078>	44.96548843	"2016-10-24T14:14:28"^^<http://www.w3.org/2001/XMLSchema#dateTime>' "$work/m46" &&
  ok || bad "museum 46: $(cat "$work/m46")"

# OpenCUP localisations: 7,814 rows, 7,807 distinct CUPs (one project, many
# places), 535 rows in Calabria; codes keep their leading zeros.  31,256
# triples are mapped, 31,235 distinct (a CUP in several places states its
# type and region once per row).
grep -q "rows mapped   7814$" "$work/out.opencup" && ok || bad "opencup rows: $(cat "$work/out.opencup")"
grep -q "triples       31235 " "$work/out.opencup" && ok || bad "opencup triples: $(cat "$work/out.opencup")"
n=$(q 'SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/italia/onto/Project/PublicInvestmentProject> }')
[ "$n" = 7807 ] && ok || bad "distinct projects: $n"
n=$(q 'SELECT (COUNT(*) AS ?n) WHERE { ?p <https://w3id.org/italia/onto/CLV/hasCity> ?c ; <https://dati.calabria.it/onto/regione> <https://w3id.org/italia/controlled-vocabulary/territorial-classifications/regions/18> }')
[ "$n" -ge 535 ] 2>/dev/null && ok || bad "Calabrian localisations: $n"
q 'SELECT ?c WHERE { <https://dati.calabria.it/id/test/progetto/B15E22000110006> <https://w3id.org/italia/onto/CLV/hasCity> ?c }' |
  grep -qx '<https://dati.calabria.it/id/test/comune/078110>' && ok || bad "CUP B15E22000110006 in Rovito (078110)"

# Both datasets are in the catalogue with their mandatory properties.
n=$(q 'SELECT (COUNT(?d) AS ?n) WHERE { GRAPH <https://dati.calabria.it/catalogo> { ?d a <http://dati.gov.it/onto/dcatapit#Dataset> ; <http://purl.org/dc/terms/identifier> ?i ; <http://purl.org/dc/terms/rightsHolder> ?h . ?h <http://xmlns.com/foaf/0.1/name> ?hn } }')
[ "$n" = 2 ] && ok || bad "catalogue entries: $n"

# The province of Cosenza's cases per municipality (issue 16): 148 of 151
# names link to the national vocabulary; CASSANO ALLO IONIO, DONNICI and
# ORIOLO CALABRO match nothing: each is an error with its position and the
# closest names, no IRI is invented, and the dataset is refused.  A former
# municipality (ROSSANO, merged in 2018) is explained with its successor.
cp -r "$SRC/tests/data/publish/ref-comuni-cosenza" "$work/cc" && chmod -R u+w "$work/cc"
cp "$REF/covid19-cosenza-comuni-2020-08-01.csv" "$work/cc/"
"$SILA" publish --dry-run --vocabularies "$SRC/vocabularies" "$work/cc" >"$work/out.cc" 2>"$work/err.cc"
[ $? = 1 ] && ok || bad "Cosenza municipalities with unknown names published: $(cat "$work/out.cc")"
grep -q "errors        3$" "$work/out.cc" && ok || bad "cc errors: $(cat "$work/out.cc")"
grep -q "links         148 to IRIs outside the portal" "$work/out.cc" && ok || bad "cc links: $(cat "$work/out.cc")"
grep -q "open data     0 stars" "$work/out.cc" && ok || bad "cc stars: $(cat "$work/out.cc")"
grep -q 'covid19-cosenza-comuni-2020-08-01.csv:30:1: error: "CASSANO ALLO IONIO" not found in the lookup table .* did you mean "Cassano all'"'"'Ionio" (078029-(1948-01-01))' "$work/out.cc" && ok || bad "CASSANO ALLO IONIO: $(cat "$work/out.cc")"
grep -q 'covid19-cosenza-comuni-2020-08-01.csv:52:1: error: "DONNICI" not found in the lookup table .* no close name' "$work/out.cc" && ok || bad "DONNICI: $(cat "$work/out.cc")"
grep -q 'covid19-cosenza-comuni-2020-08-01.csv:89:1: error: "ORIOLO CALABRO" not found in the lookup table .* did you mean "Oriolo" (078087-(1948-01-01))' "$work/out.cc" && ok || bad "ORIOLO CALABRO: $(cat "$work/out.cc")"
sed -i 's/^"ACQUAPPESA"/"ROSSANO"/' "$work/cc/covid19-cosenza-comuni-2020-08-01.csv"
"$SILA" publish --dry-run --vocabularies "$SRC/vocabularies" "$work/cc" >"$work/out.cc" 2>&1
grep -q ':3:1: error: "ROSSANO" not found in the lookup table .* a former municipality, ceased on 2018-03-31: now "Corigliano-Rossano" (078157-(2018-03-31))' "$work/out.cc" && ok || bad "ROSSANO: $(cat "$work/out.cc")"
# with the three names corrected as suggested (DONNICI is part of Cosenza)
sed -i -e 's/^"ROSSANO"/"ACQUAPPESA"/' -e 's/^"CASSANO ALLO IONIO"/"CASSANO ALL'"'"'IONIO"/' \
  -e 's/^"DONNICI"/"COSENZA"/' -e 's/^"ORIOLO CALABRO"/"ORIOLO"/' "$work/cc/covid19-cosenza-comuni-2020-08-01.csv"
"$SILA" publish --store "$work/s" --vocabularies "$SRC/vocabularies" "$work/cc" >"$work/out.cc" 2>&1 &&
  ok || bad "corrected Cosenza municipalities: $(cat "$work/out.cc")"
grep -q "links         151 to IRIs outside the portal" "$work/out.cc" && ok || bad "cc links after: $(cat "$work/out.cc")"
grep -q "open data     5 stars" "$work/out.cc" && ok || bad "cc stars after: $(cat "$work/out.cc")"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
