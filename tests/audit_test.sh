#!/bin/sh
# audit_test.sh — the demo (scripts/demo-data.sh, what the README's first
# command serves) as its people meet it, over HTTP with curl: each check
# is something a person saw wrong during the audit of the portal (a dead
# end, an English code, a raw slug, a missing contact) and must not see
# again.  The server runs on 127.0.0.1 on a port the kernel picks, stopped
# by PID.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=audit
. "$SRC/tests/http_lib.sh"
BROWSER='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
start_server "$T/log" --store "$T/store" --workers 2

# ---- a mistyped address: a browser gets the portal's 404 page, in Italian,
# with the search and the way home (it got "no such resource: /foo" as
# plain English text, a dead end); a script keeps the plain 404 ----
for p in /foo /dataset/strutture-ricettive /catalogo/ /statistiche/x; do
  check "browser 404 $p" 404 "$(status -H "Accept: $BROWSER" "$U$p")"
  case "$(header Content-Type)" in text/html*) ok ;; *) bad "404 $p not a page: $(header Content-Type)" ;; esac
  has "404 $p in Italian" '<html lang="it"' "$T/body"
  has "404 $p says so" 'Risorsa non trovata' "$T/body"
  has "404 $p way home" 'href="/"' "$T/body"
  has "404 $p search" 'href="/search"' "$T/body"
done
# an address of a dataset cut back to /set/ (it was a 404): the catalogue
check "/set/ to the catalogue" 303 "$(status -H "Accept: $BROWSER" "$U/set/")"
check "/set/ goes to" "/catalogo" "$(header Location)"
check "script 404" 404 "$(status "$U/foo")"
case "$(header Content-Type)" in text/plain*) ok ;; *) bad "script 404 not plain text: $(header Content-Type)" ;; esac
# the plain 406 of the catalogue wrote "e'" for "è"
check "catalogue 406" 406 "$(status -H 'Accept: image/png' "$U/catalogo")"
has "406 in proper Italian" 'Questa risorsa è disponibile solo' "$T/body"

# ---- /qualita and the semiannual report: a frequency in words, not the EU
# code ("modificato 1608 giorni fa (DAILY, soglia 2)"); a dataset's
# history named by its title, not its slug ("Storico di appalti") ----
check "/qualita" 200 "$(status "$U/qualita")"
has "qualita: a daily dataset late, in words" 'aggiornamento quotidiano, soglia 2 giorni' "$T/body"
has "qualita: an irregular one" 'aggiornamento irregolare: nessuna soglia' "$T/body"
hasnt "qualita: no EU code" '(DAILY\|(ANNUAL\|(MONTHLY\|frequenza IRREG' "$T/body"
has "qualita: history by title" '<caption>Storico di Procedure di appalto' "$T/body"
hasnt "qualita: history not by slug" '<caption>Storico di appalti' "$T/body"
today=$(date -u +%Y-%m-%d)
"$SILA" report --store "$T/store" --from "${today%-??-??}-01-01" --to "$today" --format html \
  --out "$T/report.html" 2>"$T/err" && ok || bad "sila report: $(cat "$T/err")"
has "report: frequency in words" 'aggiornamento annuale' "$T/report.html"
hasnt "report: no EU code" '(ANNUAL)\|(DAILY)\|(IRREG)' "$T/report.html"
# its summary read "pubblicati 1 dataset su 1 previsti nel periodo; 1 sono in
# ritardo": now a label and a number each, no verb to agree with a 1
has "report: summary as labels and numbers" 'Piano di rilascio: previsti nel periodo [0-9]*, pubblicati [0-9]*, in ritardo [0-9]*\.' "$T/report.html"
hasnt "report: no 'sono in ritardo'" 'sono in ritardo' "$T/report.html"

# ---- /statistiche: each dataset by its title, linked to its page (the
# table listed slugs: "appalti", "covid19-calabria-regione") ----
status -H "Accept: $BROWSER" "$U/set/strutture-ricettive" >/dev/null
check "/statistiche" 200 "$(status "$U/statistiche")"
has "statistiche: a dataset by title" '<th scope="row"><a href="/set/strutture-ricettive">Strutture ricettive della Calabria</a>' "$T/body"
hasnt "statistiche: no slug as a name" '<th scope="row">strutture-ricettive<' "$T/body"

# ---- the vocabularies' graph by name: the search's facet "Per dataset",
# its result lines and a resource's "Dataset" list said "onto" / "Onto" ----
check "search tropea" 200 "$(status -G --data-urlencode "q=tropea" -H "Accept: $BROWSER" "$U/search")"
has "search: vocabularies' graph named" '>Vocabolari e ontologie</a>' "$T/body"
hasnt "search: not its last segment" '>onto</a>\|dataset: onto<' "$T/body"
check "a municipality's page" 200 "$(status -H "Accept: $BROWSER" "$U/doc/comune/078045")"
hasnt "resource: no 'Onto' dataset" '>Onto</a>' "$T/body"

# ---- the sample graph (loaded with sila load --graph, not in the
# catalogue) was titled by its slug: "capoluoghi — Dati aperti Calabria",
# "Come citarlo: Regione Calabria, capoluoghi"; now by the title its file
# gives it, and its RDF stays the graph's VoID description (dumps, triples)
check "sample graph's page" 200 "$(status -H "Accept: $BROWSER" "$U/set/capoluoghi")"
has "sample: titled" '<title>Capoluoghi di provincia della Calabria — Dati aperti Calabria</title>' "$T/body"
has "sample: described" 'I cinque capoluoghi di provincia della Calabria' "$T/body"
check "sample graph's RDF" 200 "$(status -H 'Accept: text/turtle' "$U/set/capoluoghi")"
has "sample RDF: its dumps" 'dump/capoluoghi.nt.gz' "$T/body"
has "sample RDF: its title" 'Capoluoghi di provincia della Calabria' "$T/body"
check "a municipality's page" 200 "$(status -H "Accept: $BROWSER" "$U/doc/comune/078045")"
hasnt "resource: no 'Capoluoghi' slug as a dataset" '>Capoluoghi</a>' "$T/body"

# ---- a journalist's search shows Italian text: "Reggio Calabria" showed the
# public bodies' dataset by its English description ("The Region, the four
# Provinces and the Metropolitan City of Reggio Calabria") ----
check "search Reggio Calabria" 200 "$(status -G --data-urlencode "q=Reggio Calabria" -H "Accept: $BROWSER" "$U/search")"
has "search: the Italian description" 'La Regione, le quattro Province e la Città metropolitana di <b>Reggio</b> <b>Calabria</b>' "$T/body"
hasnt "search: not the English one" 'The Region, the four Provinces' "$T/body"

# ---- the catalogue's page: datasets by title (they came in the store's
# order: "Luoghi del Parco…", "COVID-19…", "Procedure…"), each last change
# an Italian date as on the dataset pages (it was "2025-03-01") ----
check "catalogue page" 200 "$(status -H "Accept: $BROWSER" "$U/catalogo")"
sed -n 's/.*<th scope="row"><a [^>]*>\([^<]*\)<.*/\1/p' "$T/body" >"$T/titles"
[ "$(wc -l <"$T/titles")" -ge 9 ] && LC_ALL=C sort -c "$T/titles" 2>/dev/null && ok ||
  bad "catalogue not by title: $(tr '\n' '|' <"$T/titles")"
has "catalogue: Italian date" '<time datetime="2025-01-10">10 gennaio 2025</time>' "$T/body"

# ---- the query page lists each dataset's example by title (store order
# before, as the catalogue's) ----
check "query page" 200 "$(status "$U/query")"
sed -n '/id="esempi-dataset"/,/<\/ul>/s/.*<li><a [^>]*>\([^<]*\)<.*/\1/p' "$T/body" >"$T/qtitles"
[ "$(wc -l <"$T/qtitles")" -ge 9 ] && LC_ALL=C sort -c "$T/qtitles" 2>/dev/null && ok ||
  bad "query page's datasets not by title: $(tr '\n' '|' <"$T/qtitles")"

# ---- a dataset's page says whom to ask (dcat:contactPoint): it showed
# the publisher only, the contact of dataset.json was in the RDF alone ----
check "dataset page" 200 "$(status -H "Accept: $BROWSER" "$U/set/strutture-ricettive")"
has "dataset: contact" '<dt>Contatti</dt><dd id="contatti">Regione Calabria - Dipartimento Turismo · <a href="mailto:opendata@regione.calabria.it">' "$T/body"

# ---- every class of the data and the catalogue has an Italian name: the
# search's "Per tipo" said "MonumentalArea", a contact point's page "Kind" ----
"$SILA" query --store "$T/store" --format tsv 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } FILTER(STRSTARTS(STR(?g), "https://dati.calabria.it/"))
  FILTER NOT EXISTS { ?c rdfs:label ?l FILTER(LANG(?l) = "it") } }' >"$T/unnamed" 2>&1
check "classes without an Italian name" "?c" "$(cat "$T/unnamed" | tr '\n' ' ' | sed 's/ $//')"
# and the regions of a page are named by what their tables hold
check "/piano" 200 "$(status "$U/piano")"
hasnt "plan: no region called just 'Tabella'" 'aria-label="Tabella"' "$T/body"
has "plan: a region by its caption" 'aria-label="Piano: In ritardo"' "$T/body"
status "$U/qualita" >/dev/null
hasnt "quality: no region called just 'Tabella'" 'aria-label="Tabella"' "$T/body"

# ---- a steward in the publishing area ----
"$SILA" office add --store "$T/store" turismo Dipartimento Turismo >/dev/null 2>&1
echo 'password-del-turismo' | "$SILA" user add --store "$T/store" steward --office turismo >/dev/null 2>&1
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
$C -c "$T/jar" -b "$T/jar" -o "$T/body" "$U/pubblica/accesso"
check "steward logs in" 303 "$(status -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$(csrf_of)" \
  --data-urlencode "utente=steward" --data-urlencode "password=password-del-turismo" "$U/pubblica/accesso")"
status -b "$T/jar" "$U/pubblica" >/dev/null
CSRF=$(csrf_of)
# the office's table, with "tre" where the template wants a number of stars
sed 's/;Albergo;3;Cosenza;/;Albergo;tre;Cosenza;/' "$SRC/datasets/strutture-ricettive/strutture-ricettive.csv" \
  >"$T/strutture-ricettive.csv"
check "upload" 303 "$(status -b "$T/jar" -F "csrf=$CSRF" -F "file=@$T/strutture-ricettive.csv;type=text/csv" "$U/pubblica/carica")"
# the mapping page spoke English: "column "stelle": the template expects a
# integer, the file holds text (e.g. "tre"): check it", "matched: codice, …",
# the templates by file name ("accommodation — 1 colonne su 4 corrispondono")
check "mapping page" 200 "$(status -b "$T/jar" "$U/pubblica/modello")"
has "mapping: advice in Italian" 'colonna «stelle»: il modello si aspetta numeri, il file contiene testo (per esempio «tre»)' "$T/body"
hasnt "mapping: advice not marked English" 'id="da-controllare" lang="en"' "$T/body"
has "mapping: a template by its kind" '>Strutture ricettive (ACCO, POI) — 12 colonne su 12 corrispondono<' "$T/body"
has "mapping: one column, singular" '— 1 colonna su [0-9]* corrisponde<' "$T/body"
has "mapping: why, in Italian" 'id="perche">Colonne riconosciute: codice, denominazione' "$T/body"
hasnt "mapping: no English why" 'matched: \|not in the file' "$T/body"
# the identifier proposed from the file's name is that dataset's: the page
# says so beside the field (the refusal came only after "Conferma")
has "mapping: the identifier taken, said at once" 'id="slug-occupato">Il dataset «strutture-ricettive» è stato pubblicato dalla riga di comando' "$T/body"
# the tourism dataset of the demo was published with `sila publish`: the
# refusal said "belongs to another office" (no office owns it); now it says
# who may update it and what to do
check "a dataset published from the command line" 403 "$(status -b "$T/jar" --data "csrf=$CSRF&azione=conferma&slug=strutture-ricettive" "$U/pubblica/modello")"
has "refusal: why" 'pubblicato dalla riga di comando (sila publish) e non appartiene a nessun ufficio' "$T/body"
hasnt "refusal: not another office" 'appartiene a un altro ufficio' "$T/body"
check "its history" 403 "$(status -b "$T/jar" "$U/pubblica/storia/strutture-ricettive")"
has "history refusal: why" 'solo l.*amministratore del portale' "$T/body"

stop_server
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
