#!/bin/sh
# `sila dataset new` (issue 16): from a CSV to a dataset folder without
# writing JSON.  The inspection on every reference CSV of
# ../shared/reference/datasets (character sets, separators, quoting,
# decimal commas, two-digit years, blank rows, spaces in headers), each
# result mapping with no warning and refused by `sila publish --dry-run`
# only for the description a person must write; the province of Cosenza's
# COVID-19 file from `sila dataset new` to a published dataset with only
# the must-say fields filled in; the statistics template recognised from
# its headers (5 stars); a binary file and an occupied folder refused.
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
SHARED=${SILA_SHARED:-$SRC/../shared}
REF=$SHARED/reference/datasets
VOC=$SRC/vocabularies
work=$(mktemp -d /tmp/sila-dsnew.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
q() { "$SILA" query --store "$work/s" --format tsv "$1" | tail -n +2; }
# fill NAME: the five things a person must say, as a steward would
fill() {
  python3 - "$work/$1/dataset.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["title"] = {"it": "Dati di prova"}
d["description"] = {"it": "Un file reale di prova, descritto da sila dataset new."}
d["theme"] = "HEAL"
d["frequency"] = "DAILY"
d["contactPoint"] = {"name": "Ufficio di prova", "email": "prova@example.org"}
json.dump(d, open(p, "w"), ensure_ascii=False)
PY
}

# ---- files of our own (always run) -----------------------------------------
# the statistics template, recognised by its headers
cp "$VOC/templates/statistics.csv" "$work/popolazione.csv"
"$SILA" dataset new --out "$work/pop" --vocabularies "$VOC" "$work/popolazione.csv" >"$work/out" 2>&1 &&
  ok || bad "dataset new popolazione: $(cat "$work/out")"
grep -q "^template      statistics (fit 1.00): matched: COMUNE, DATA RIFERIMENTO = data" "$work/out" && ok || bad "statistics template: $(cat "$work/out")"
grep -q "DENSITA AB/KMQ *decimal (decimal comma, '.' groups thousands)" "$work/out" && ok || bad "decimal comma with groups: $(cat "$work/out")"
grep -q "POPOLAZIONE *integer ('.' groups thousands)" "$work/out" && ok || bad "grouped integers: $(cat "$work/out")"
grep -q "DATA RIFERIMENTO *date dd/MM/yy (two-digit years)" "$work/out" && ok || bad "dd/MM/yy: $(cat "$work/out")"
grep -q 'dataset.json "title"' "$work/out" && grep -q 'dataset.json "contactPoint"' "$work/out" && ok || bad "still-to-do list: $(cat "$work/out")"
"$SILA" publish --dry-run --vocabularies "$VOC" "$work/pop" >"$work/out" 2>&1
[ $? = 1 ] && ok || bad "unfilled description accepted"
grep -q "mandatory: dct:title dct:description dcat:theme dct:accrualPeriodicity vcard:fn+vcard:hasEmail" "$work/out" && ok || bad "must-say list in the report: $(cat "$work/out")"
grep -q "warnings      0$" "$work/out" && ok || bad "popolazione warnings: $(cat "$work/out")"
fill pop
"$SILA" publish --dry-run --vocabularies "$VOC" "$work/pop" >"$work/out" 2>&1 && ok || bad "filled popolazione: $(cat "$work/out")"
grep -q "open data     5 stars" "$work/out" && ok || bad "popolazione stars: $(cat "$work/out")"
# a folder that holds files is not overwritten; a binary file is not a CSV
"$SILA" dataset new --out "$work/pop" --vocabularies "$VOC" "$work/popolazione.csv" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "already holds files" "$work/err" && ok || bad "occupied folder: $(cat "$work/err")"
# rows of the wrong length are announced (publish refuses them)
printf 'a;b\n1;2\n3;4;5\n' >"$work/ragged.csv"
"$SILA" dataset new --out "$work/ragged" --vocabularies "$VOC" "$work/ragged.csv" >"$work/out" 2>&1
grep -q "1 rows have another number of cells than the header (the first at line 3)" "$work/out" && ok || bad "ragged rows not announced: $(cat "$work/out")"
"$SILA" publish --dry-run --vocabularies "$VOC" "$work/ragged" >"$work/out" 2>&1
grep -q "ragged.csv:3:3: error: row has 3 cells, more than the 2 columns" "$work/out" && ok || bad "ragged row in the report: $(cat "$work/out")"
printf 'a\000b;c\n' >"$work/binary.csv"
"$SILA" dataset new --out "$work/bin" "$work/binary.csv" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "NUL bytes: not a text CSV" "$work/err" && ok || bad "binary file: $(cat "$work/err")"

# ---- the reference files ----------------------------------------------------
if [ ! -f "$REF/covid19-cosenza-provincia.csv" ]; then
  echo "SKIP: reference datasets not found ($REF): only the files of our own were tried"
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ]
  exit
fi
# name|encoding line|separator line|rows line|a column line (all as grep patterns)
while IFS='|' read -r name enc sep rows col; do
  out=$work/ref-$name
  "$SILA" dataset new --out "$out" --vocabularies "$VOC" "$REF/$name.csv" >"$work/out" 2>&1 &&
    ok || bad "dataset new $name: $(cat "$work/out")"
  grep -q "^  encoding      $enc" "$work/out" && ok || bad "$name encoding: $(grep encoding "$work/out")"
  grep -q "^  separator     $sep" "$work/out" && ok || bad "$name separator: $(grep separator "$work/out")"
  grep -q "^  rows          $rows" "$work/out" && ok || bad "$name rows: $(grep '^  rows' "$work/out")"
  grep -q -- "$col" "$work/out" && ok || bad "$name column '$col': $(cat "$work/out")"
  # the mapping is clean: only the description is missing (the names of
  # municipalities without a match are tried below)
  [ "$name" = covid19-cosenza-comuni-2020-08-01 ] && continue
  "$SILA" publish --dry-run --vocabularies "$VOC" "$out" >"$work/pub" 2>&1
  [ $? = 1 ] && ok || bad "$name: unfilled description accepted"
  grep -q "warnings      0$" "$work/pub" && grep -q "errors        1$" "$work/pub" &&
    grep -q "reason .*dataset.json: missing or malformed DCAT-AP_IT mandatory properties" "$work/pub" &&
    ok || bad "$name dry run: $(cat "$work/pub")"
done <<'EOF2'
bilancio-stato-2015-nota-variazione-2|iso-8859-1 (libuchardet: ISO-8859-1; the bytes are not UTF-8)|';'; some fields in double quotes; lines end with LF|103$|stato_previsione *code with leading zeros
covid19-calabria-regione|utf-8 (libuchardet: ASCII|';'; no quoted fields; lines end with CR LF, no newline at the end|870, and 4 made only of separators (skipped)|Rt_positivi *decimal (decimal comma)
covid19-cosenza-comuni-2020-08-01|utf-8|','; some fields in double quotes; lines end with LF|151$|Totale casi *integer
covid19-cosenza-provincia|utf-8|';'; no quoted fields; lines end with CR LF|855$|data *date dd/MM/yy (two-digit years)
istat-elenco-comuni-italiani-2023|windows-1252|';'; some fields in double quotes; lines end with CR LF|7901$|Codice Comune formato alfanumerico code with leading zeros
opencup-pnrr-cig|utf-8|','; no quoted fields|161$|CIG *text
opencup-pnrr-localizzazioni|utf-8|','; no quoted fields|7814$|CODICE_REGIONE *code with leading zeros
piemonte-musei|windows-1252 (libuchardet: WINDOWS-1252|';'; some fields in double quotes|469$|descrizione_tipologia *empty
EOF2
grep -q 'spaces around header names (trimmed, as the mapping does): "Nuovi_casi_0_5"' "$work/out" ||
  "$SILA" dataset new --out "$work/again" --vocabularies "$VOC" "$REF/covid19-calabria-regione.csv" 2>&1 |
  grep -q 'spaces around header names (trimmed, as the mapping does): "Nuovi_casi_0_5"' && ok || bad "spaces in header names not reported"

# The province of Cosenza's cases per municipality: the column of names is
# recognised and linked to the national vocabulary; the three names that
# match nothing are errors with their positions and the closest names.
"$SILA" dataset new --out "$work/comuni" --vocabularies "$VOC" "$REF/covid19-cosenza-comuni-2020-08-01.csv" >"$work/out" 2>&1
grep -q 'column "Comune" names municipalities (148 of its 151 names are in the national vocabulary)' "$work/out" && ok || bad "municipality column: $(cat "$work/out")"
grep -q 'the file name holds a date (2020-08-01) that no column has' "$work/out" && ok || bad "date in the file name: $(cat "$work/out")"
"$SILA" publish --dry-run --vocabularies "$VOC" "$work/comuni" >"$work/pub" 2>&1
[ $? = 1 ] && ok || bad "unknown municipalities accepted"
grep -q "errors        3$" "$work/pub" && grep -q "links         148 to IRIs outside the portal" "$work/pub" && ok || bad "comuni report: $(cat "$work/pub")"
grep -q ':30:1: error: "CASSANO ALLO IONIO" not found in the lookup table .* did you mean "Cassano all'"'"'Ionio"' "$work/pub" &&
  grep -q ':52:1: error: "DONNICI" not found' "$work/pub" &&
  grep -q ':89:1: error: "ORIOLO CALABRO" not found in the lookup table .* did you mean "Oriolo"' "$work/pub" && ok || bad "comuni errors: $(cat "$work/pub")"

# From the file to a published dataset: only the five must-say fields are
# written, by the steward (here: the test).
"$SILA" init "$work/s" >/dev/null || exit 1
"$SILA" dataset new --out "$work/cosenza" --vocabularies "$VOC" "$REF/covid19-cosenza-provincia.csv" >"$work/out" 2>&1 &&
  ok || bad "dataset new cosenza: $(cat "$work/out")"
grep -q "^template      none fits: a mapping of its own" "$work/out" && ok || bad "cosenza template: $(cat "$work/out")"
fill cosenza
"$SILA" publish --store "$work/s" --vocabularies "$VOC" "$work/cosenza" >"$work/out" 2>&1 && ok || bad "publish cosenza: $(cat "$work/out")"
grep -q "rows mapped   855$" "$work/out" && ok || bad "cosenza rows: $(cat "$work/out")"
grep -q "triples       7493 " "$work/out" && ok || bad "cosenza triples: $(cat "$work/out")"
grep -q "warnings      0$" "$work/out" && ok || bad "cosenza warnings: $(cat "$work/out")"
q 'SELECT ?rt ?n WHERE { <https://dati.calabria.it/id/covid19-cosenza-provincia/2021-04-15> <https://dati.calabria.it/onto/covid19-cosenza-provincia/rt_positivi> ?rt . <https://dati.calabria.it/id/covid19-cosenza-provincia/2020-03-11> <https://dati.calabria.it/onto/covid19-cosenza-provincia/nuovi_casi> ?n }' >"$work/q"
grep -qx '0.885671	-1' "$work/q" && ok || bad "decimal comma and negative in the store: $(cat "$work/q")"
n=$(q 'SELECT (COUNT(?d) AS ?n) WHERE { GRAPH <https://dati.calabria.it/catalogo> { ?d a <http://dati.gov.it/onto/dcatapit#Dataset> ; <http://purl.org/dc/terms/title> "Dati di prova"@it } }')
[ "$n" = 1 ] && ok || bad "catalogue entry: $n"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
