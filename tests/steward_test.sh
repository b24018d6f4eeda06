#!/bin/sh
# steward_test.sh — the portal audit's open items for the offices' data
# stewards, from outside (CLI and HTTP with curl), on the demo as the
# README's first command makes it (scripts/demo-data.sh, then
# scripts/demo-accounts.sh, whose printed password the steward logs in with):
#  1. the preview says the mapper's problems in Italian, with the
#     suggestion's name (no internal code, no English);
#  2. a value that does not fit its column's datatype ("tre" for stars) is
#     refused by publishing — `sila publish` exits nonzero with
#     file:row:column, the area answers 422 and lists it in the preview, the
#     old version stays served — while `sila map` keeps CSVW's warning;
#  3. `sila dataset owner SLUG OFFICE`: the demo's steward owns the
#     accommodation dataset and updates it over HTTP; another office's
#     steward gets 403 and nothing changes; the dataset's page names the office;
#  4. every kind of page has a <meta name="description">, escaped, at most
#     160 characters.
# The server runs on 127.0.0.1 on a port the kernel picks, stopped by PID.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=steward
. "$SRC/tests/http_lib.sh"
BROWSER='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
export SILA_VOCABULARIES="$SRC/vocabularies"

SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
# the query the checks ask of the store: the stars of the first hotel
stars() {
  "$SILA" query --store "$T/store" --format tsv 'SELECT ?o WHERE {
    <https://dati.calabria.it/id/struttura-ricettiva/CS-0001> <https://dati.calabria.it/onto/stelle> ?o }' |
    sed -n 2p
}
check "the demo's first hotel has 3 stars" '3' "$(stars)"

# ---- 3. sila dataset owner (the administrator, on the command line) ----
"$SILA" dataset owner --store "$T/store" strutture-ricettive turismo >/dev/null 2>"$T/err"
check "owner: an office that does not exist" 1 $?
has "owner: says which office" "no office 'turismo'" "$T/err"
"$SRC/scripts/demo-accounts.sh" "$T/store" "$SILA" >"$T/accounts" 2>&1
check "demo accounts" 0 $?
PW=$(sed -n 's/^  steward-turismo \/ \([A-Za-z0-9]*\) .*/\1/p' "$T/accounts")
[ -n "$PW" ] && ok || bad "no steward password printed: $(cat "$T/accounts")"
"$SILA" dataset owner --store "$T/store" strutture-ricettive >"$T/out"
has "owner: the demo's steward's office owns the accommodation" "strutture-ricettive	turismo	Dipartimento Turismo" "$T/out"
"$SILA" dataset owner --store "$T/store" nessun-dataset turismo >/dev/null 2>"$T/err"
check "owner: an unknown dataset" 1 $?
has "owner: says which dataset" "no dataset 'nessun-dataset'" "$T/err"
"$SILA" dataset owner --store "$T/store" >/dev/null 2>&1
check "owner: usage" 2 $?
"$SILA" dataset --help >"$T/out"
has "owner in the help (and the man page)" "sila dataset owner \[--store DIR\] \[--base IRI\] SLUG OFFICE" "$T/out"
"$SILA" office add --store "$T/store" salute Dipartimento Salute >/dev/null
echo 'password-della-salute' | "$SILA" user add --store "$T/store" medico --office salute >/dev/null
"$SILA" office add --store "$T/store" cultura Dipartimento Cultura >/dev/null
"$SILA" dataset owner --store "$T/store" eventi-culturali cultura >/dev/null
"$SILA" dataset owner --store "$T/store" eventi-culturali salute >"$T/out"
check "owner: given to another office" 0 $?
has "owner: says so" "eventi-culturali now belongs to office salute (Dipartimento Salute)" "$T/out"
"$SILA" user audit --store "$T/store" >"$T/audit"
has "owner: an audit line" '"dataset":"eventi-culturali","detail":"salute","event":"owner"' "$T/audit"

# ---- 2. `sila publish` refuses "tre" in the integer column, `sila map` warns ----
cp -r "$SRC/datasets/strutture-ricettive" "$T/sr"
chmod -R u+w "$T/sr"
sed -i 's#\.\./\.\./vocabularies/#'"$SRC"'/vocabularies/#' "$T/sr/strutture-ricettive.csv-metadata.json"
sed 's/;Albergo;3;Cosenza;/;Albergo;tre;Cosenza;/' "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" \
  >"$T/sr/strutture-ricettive.csv"
row=$(grep -n ';tre;' "$T/sr/strutture-ricettive.csv" | cut -d: -f1)
"$SILA" publish --store "$T/store" --vocabularies "$SRC/vocabularies" "$T/sr" >"$T/out" 2>"$T/err"
check "publish: a value not of its datatype refused" 1 $?
has "publish: the error with file:row:column" "strutture-ricettive.csv:$row:4: error: \"tre\" is not a valid integer" "$T/out"
has "publish: the reason on stderr" "strutture-ricettive.csv:$row:4: \"tre\" is not a valid integer" "$T/err"
check "publish: the old version still there" '3' "$(stars)"
"$SILA" map "$T/sr/strutture-ricettive.csv-metadata.json" >"$T/map.nt" 2>"$T/err"
check "map: CSVW keeps going" 0 $?
has "map: a warning with file:row:column" "strutture-ricettive.csv:$row:4: warning: \"tre\" is not a valid integer" "$T/err"
has "map: the cell as a plain string (CSVW)" 'CS-0001> <https://dati.calabria.it/onto/stelle> "tre" \.' "$T/map.nt"

# ---- the server ----
start_server "$T/log" --store "$T/store" --workers 2
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
login() { # USER PASSWORD JAR: the status of the POST
  rm -f "$3"
  $C -c "$3" -b "$3" -o "$T/body" "$U/pubblica/accesso"
  tok=$(csrf_of)
  status -c "$3" -b "$3" --data-urlencode "csrf=$tok" --data-urlencode "utente=$1" \
    --data-urlencode "password=$2" "$U/pubblica/accesso"
}
# csrf JAR: sets CSRF, the session's token; upload JAR FILE SLUG: upload,
# confirm the mapping under SLUG (prints its status); describe JAR
csrf() { status -b "$1" "$U/pubblica" >/dev/null; CSRF=$(csrf_of); }
COLS=$(for i in 0 1 2 3 4 5 6 7 8 9 10 11; do printf '&col%s=%s' $i $i; done)
upload() {
  status -b "$1" -F "csrf=$CSRF" -F "file=@$2;type=text/csv" "$U/pubblica/carica" >/dev/null
  status -b "$1" "$U/pubblica/modello" >/dev/null
  # the template the page proposes (accommodation: stelle is an integer), each column kept
  status -b "$1" --data "csrf=$CSRF&azione=conferma&slug=$3&modello=accommodation$COLS" "$U/pubblica/modello"
}
describe() {
  status -b "$1" --data-urlencode "csrf=$CSRF" \
    --data-urlencode "titolo=Strutture ricettive della Calabria" \
    --data-urlencode "descrizione=Alberghi, B&B e campeggi della Calabria" \
    --data "tema=ECON&frequenza=ANNUAL" --data-urlencode "contatto=Dipartimento Turismo" \
    --data-urlencode "email=turismo@example.org" "$U/pubblica/descrizione"
}
check "the demo's steward logs in with the printed password" 303 "$(login steward-turismo "$PW" "$T/jar")"
csrf "$T/jar"

# ---- 1 and 2 in the area: "tre" and "Cosensa", said in Italian, refused ----
sed -e 's/;Albergo;3;Cosenza;/;Albergo;tre;Cosenza;/' -e 's/;Agriturismo;;San Giovanni in Fiore;/;Agriturismo;;Cosensa;/' \
  "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" >"$T/strutture-ricettive.csv"
crow=$(grep -n ';Cosensa;' "$T/strutture-ricettive.csv" | cut -d: -f1)
[ -n "$crow" ] && ok || bad "no Cosensa row in the test's CSV"
check "the steward may update their office's dataset" 303 "$(upload "$T/jar" "$T/strutture-ricettive.csv" strutture-ricettive)"
check "describe" 303 "$(describe "$T/jar")"
check "preview of a file with errors" 422 "$(status -b "$T/jar" "$U/pubblica/anteprima")"
has "preview: the value not of its type, in Italian" "riga $row, colonna &quot;stelle&quot;: &quot;tre&quot; non è un numero intero" "$T/body"
has "preview: the unknown municipality, in Italian, with the name" "riga $crow, colonna &quot;comune&quot;: &quot;Cosensa&quot; non è nella tabella dei comuni — forse &quot;Cosenza&quot;?" "$T/body"
has "preview: positions kept" "strutture-ricettive.csv:$row:4: errore:" "$T/body"
has "preview: the reason in Italian" "Motivo: riga $row, colonna" "$T/body"
sed -n "/id=\"rapporto\"/,/<\/section>/p" "$T/body" >"$T/report.html"
hasnt "preview: no internal code in the report" "078045" "$T/report.html"
hasnt "preview: no English" "not found in the lookup table\|did you mean\|is not a valid" "$T/body"
hasnt "preview: no publish button" 'id="pubblica"' "$T/body"
check "the report as text" 200 "$(status -b "$T/jar" "$U/pubblica/rapporto.txt")"
has "report text: in Italian with file:row:column" "strutture-ricettive.csv:$crow:5: errore: riga $crow, colonna \"comune\": \"Cosensa\" non è nella tabella dei comuni" "$T/body"
check "publishing it anyway: 422" 422 "$(status -b "$T/jar" --data "csrf=$CSRF" "$U/pubblica/pubblica")"
has "refusal: in Italian" "non è un numero intero" "$T/body"
check "refused: the old version still served" '3' "$(stars)"
check "refused: over HTTP too" 200 "$(status -G --data-urlencode 'query=SELECT ?o WHERE { <https://dati.calabria.it/id/struttura-ricettiva/CS-0001> <https://dati.calabria.it/onto/stelle> ?o }' -H 'Accept: text/csv' "$U/sparql")"
has "refused: 3 stars over SPARQL" '^3' "$T/body"

# ---- 3. the steward updates their dataset: 4 stars for the first hotel ----
sed 's/;Albergo;3;Cosenza;/;Albergo;4;Cosenza;/' "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" \
  >"$T/strutture-ricettive.csv"
check "upload the corrected file" 303 "$(upload "$T/jar" "$T/strutture-ricettive.csv" strutture-ricettive)"
check "describe it" 303 "$(describe "$T/jar")"
check "preview: ready" 200 "$(status -b "$T/jar" "$U/pubblica/anteprima")"
check "publish" 200 "$(status -b "$T/jar" --data "csrf=$CSRF" "$U/pubblica/pubblica")"
check "the steward's update is served" '4' "$(stars)"
# another office's steward: 403 at the mapping and at the history, nothing changes
check "another office's steward logs in" 303 "$(login medico password-della-salute "$T/jar2")"
csrf "$T/jar2"
sed 's/;Albergo;3;Cosenza;/;Albergo;5;Cosenza;/' "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" \
  >"$T/strutture-ricettive.csv"
check "another office: 403" 403 "$(upload "$T/jar2" "$T/strutture-ricettive.csv" strutture-ricettive)"
has "another office: whose it is" "appartiene a un altro ufficio (Dipartimento Turismo)" "$T/body"
check "another office: its history 403" 403 "$(status -b "$T/jar2" "$U/pubblica/storia/strutture-ricettive")"
check "another office: publish 403 or nothing to publish" 1 "$(s=$(status -b "$T/jar2" --data "csrf=$CSRF" "$U/pubblica/pubblica"); case $s in 403|409|422) echo 1 ;; *) echo "$s" ;; esac)"
check "another office: nothing changed" '4' "$(stars)"
# the dataset's page names its office
check "dataset page" 200 "$(status -H "Accept: $BROWSER" "$U/set/strutture-ricettive")"
has "dataset page: its office" '<dt>Ufficio</dt><dd id="ufficio">Dipartimento Turismo</dd>' "$T/body"
check "a dataset of no office" 200 "$(status -H "Accept: $BROWSER" "$U/set/appalti")"
hasnt "no office, no line" 'id="ufficio"' "$T/body"
# given to an office while served: a page cached by its ETag is fetched again
etag=$(header ETag)
"$SILA" dataset owner --store "$T/store" appalti cultura >/dev/null
check "owner given while served: the page again" 200 "$(status -H "Accept: $BROWSER" -H "If-None-Match: $etag" "$U/set/appalti")"
has "owner given while served: named" '<dd id="ufficio">Dipartimento Cultura</dd>' "$T/body"

# ---- 4. <meta name="description"> on every kind of page ----
# a dataset whose description is long and holds markup characters
cp -r "$SRC/datasets/enti-pubblici" "$T/ep"
chmod -R u+w "$T/ep"
sed -i 's#\.\./\.\./vocabularies/#'"$SRC"'/vocabularies/#' "$T"/ep/*-metadata.json
python3 - "$T/ep/dataset.json" <<'PY' || sed -i 's/"slug": *"enti-pubblici"/"slug": "prova-descrizione"/' "$T/ep/dataset.json"
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["slug"] = "prova-descrizione"
d["description"] = {"it": "Gli enti <b>\"pubblici\"</b> & le loro sedi\nin Calabria: " + "una descrizione molto lunga, " * 12 + "fine."}
json.dump(d, open(p, "w"), ensure_ascii=False)
PY
"$SILA" publish --store "$T/store" --vocabularies "$SRC/vocabularies" "$T/ep" >/dev/null 2>"$T/err" ||
  bad "cannot publish the test's dataset: $(cat "$T/err")"
# meta PAGE-NAME PATH EXPECTED-PATTERN: one description, escaped, <= 160 characters
meta() {
  case $2 in /nessuna-*) want=404 ;; *) want=200 ;; esac
  check "$1: page" $want "$(status -H "Accept: $BROWSER" "$U$2")"
  n=$(grep -c '<meta name="description" content="' "$T/body")
  check "$1: one description" 1 "$n"
  d=$(sed -n 's/.*<meta name="description" content="\([^"]*\)">.*/\1/p' "$T/body" | head -1)
  printf '%s' "$d" | grep -q -- "$3" && ok || bad "$1: description '$d' lacks '$3'"
  len=$(printf '%s' "$d" | sed 's/&[a-z#0-9]*;/x/g' | python3 -c 'import sys; print(len(sys.stdin.read()))' 2>/dev/null ||
    printf '%s' "$d" | sed 's/&[a-z#0-9]*;/x/g' | wc -m)
  [ "$len" -le 160 ] && [ "$len" -ge 20 ] && ok || bad "$1: description of $len characters: '$d'"
}
meta "home (a whole sentence)" / "dati aperti della Regione Calabria.*SPARQL\.$"
meta "catalogue" /catalogo "catalogo DCAT-AP_IT"
meta "dataset" /set/strutture-ricettive "^Strutture ricettive\|^Alberghi"
meta "long dataset" /set/prova-descrizione "^Gli enti &lt;b&gt;&quot;pubblici&quot;&lt;/b&gt; &amp; le loro sedi in Calabria: .*…$"
meta "resource" /doc/comune/078045 "^Cosenza: Comune"
meta "hotel" /doc/struttura-ricettiva/CS-0001 "Struttura ricettiva"
meta "search" "/search?q=castello" "Cerca nei dati"
meta "query page" /query "SPARQL"
meta "plan" /piano "piano di rilascio"
meta "requests" /richieste "pubblicare un dataset"
meta "quality" /qualita "qualità dei dataset"
meta "statistics" /statistiche "visto, scaricato"
meta "legal notes" /note-legali "note legali"
meta "not found" /nessuna-pagina "non esiste"
meta "the publishing area's login" /pubblica/accesso "portale dei dati aperti"
meta "VoID" /void "VoID"
meta "ontology" /onto/ "^L&#39;ontologia regionale della Calabria: le classi"
# the semiannual report (`sila report`, /pubblica/rapporto) is a page too
"$SILA" report --store "$T/store" --from 2026-01-01 --to 2026-06-30 --format html --out "$T/report.html" 2>"$T/err" ||
  bad "sila report: $(cat "$T/err")"
has "report: described" '<meta name="description" content="La relazione semestrale sui dati aperti della Regione Calabria dal 2026-01-01 al 2026-06-30: ' "$T/report.html"

stop_server
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
