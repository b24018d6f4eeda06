#!/bin/sh
# search_test.sh — full-text search end to end (issue 15): the text index
# from the CLI (sila search, stats, reindex), Italian folding and stemming,
# phrases and prefixes, ranking on a fixed corpus, transactional consistency
# of failed updates and publishes, the SPARQL form calabria:testo joined
# with other patterns (CLI and HTTP), the /search page and its JSON; on the
# demo store, a journalist's words find the castle, the park's places, the
# events, the museums and the provinces.
set -u
SILA_TEST_NAME=search
. "$(dirname "$0")/http_lib.sh"
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}

# ---- the demo store, built as scripts/demo.sh builds it ----
S=$T/store
"$SILA" init "$S" >/dev/null || { echo "FAIL: init"; exit 1; }
"$SILA" load -q --store "$S" --graph https://dati.calabria.it/set/capoluoghi \
  "$SRC/datasets/sample/capoluoghi-calabria.ttl" >/dev/null 2>&1 || { echo "FAIL: load"; exit 1; }
"$SILA" load -q --store "$S" --graph https://dati.calabria.it/onto "$SRC"/vocabularies/*.ttl \
  >/dev/null 2>&1 || { echo "FAIL: load vocabularies"; exit 1; }
for d in "$SRC"/datasets/*/; do
  [ -f "$d/dataset.json" ] || continue
  "$SILA" publish --store "$S" "${d%/}" >"$T/publish.log" 2>&1 || { echo "FAIL: publish $d"; exit 1; }
done
search() { "$SILA" search --store "$S" --limit "${LIMIT:-20}" "$1" > "$T/out" 2>&1; }
ID=https://dati.calabria.it/id

# A journalist's words on the demo.
search castelli
has "castelli: the castle" "$ID/luogo-della-cultura/CASTELLO-CS>" "$T/out"
has "castelli: Le Castella" "$ID/luogo-della-cultura/LE-CASTELLA>" "$T/out"
search "dell'Aspromonte"
for p in POLSI PIETRA-CAPPA CIPPO-GARIBALDI GAMBARIE MAESANO; do
  has "dell'Aspromonte: $p" "$ID/luogo-della-cultura/$p>" "$T/out"
done
search "festival musica"
has "festival musica: the festival" "$ID/evento/EV-2025-01>" "$T/out"
search Museo
for m in MArRC CAPIALBI CROTONE CODEX; do has "Museo: $m" "$ID/luogo-della-cultura/$m>" "$T/out"; done
search Provincia
for p in prov_cs prov_cz prov_kr; do has "Provincia: $p" "$ID/organizzazione/$p>" "$T/out"; done

# Ranking: data before vocabulary (a journalist looks for things, not
# classes): the ontology and vocabulary terms come after every data
# resource, marked, not hidden; a resource typed by a matched class (the
# museums, typed cis:Museum, labelled "Museo") or linked to a matched
# concept (the festival's event type) ranks first.
line_of() { grep -n -- "$1" "$T/out" | head -1 | cut -d: -f1; }
first_vocab() { grep -n "	vocabulary$" "$T/out" | head -1 | cut -d: -f1; }
last_data() { grep -v -n "	vocabulary$" "$T/out" | tail -1 | cut -d: -f1; }
LIMIT=100 search Museo
head -1 "$T/out" | grep -Eq '/luogo-della-cultura/(CODEX|CROTONE|CAPIALBI|MArRC)>' && ok ||
  bad "rank Museo: a museum first: $(head -1 "$T/out")"
for m in CODEX CROTONE CAPIALBI MArRC; do
  check "rank Museo: $m among the first four" yes "$([ "$(line_of "/$m>")" -le 4 ] && echo yes)"
done
has "rank Museo: the class is still there" "<http://dati.beniculturali.it/cis/Museum>	<b>Museo</b>	vocabulary" "$T/out"
check "rank Museo: the class after the data" yes "$([ "$(line_of cis/Museum)" -gt "$(last_data)" ] && echo yes)"
LIMIT=100 search castelli
check "rank castelli: the castle before the vocabulary" yes \
  "$([ "$(line_of CASTELLO-CS)" -lt "$(first_vocab)" ] && echo yes)"
has "rank castelli: Torano Castello is vocabulary" "Torano <b>Castello</b>	vocabulary" "$T/out"
LIMIT=100 search "dell'Aspromonte"
for p in POLSI PIETRA-CAPPA CIPPO-GARIBALDI GAMBARIE MAESANO; do
  check "rank dell'Aspromonte: $p before the vocabulary" yes \
    "$([ "$(line_of "/$p>")" -lt "$(first_vocab)" ] && echo yes)"
done
LIMIT=100 search "festival musica"
check "rank festival musica: the event first" 1 "$(line_of EV-2025-01)"
has "rank festival musica: the event type after it" "tipologia-evento/festival>	<b>Festival</b>	vocabulary" "$T/out"

# Folding and stemming: città = citta = CITTÀ; castello finds castelli; elision.
search citta; cp "$T/out" "$T/a"; search "CITTÀ"
check "citta = CITTÀ" "$(cat "$T/a")" "$(cat "$T/out")"
has "citta finds città" "<b>Città</b>" "$T/out"
search castello; has "castello finds Castella/castelli" "<b>castelli</b>" "$T/out"
search "l'Aspromonte"; has "elision l'" "CIPPO-GARIBALDI" "$T/out"
# Phrases and prefixes.
search '"castello svevo"'
has "phrase: Castello Svevo di Cosenza" "CASTELLO-CS>" "$T/out"
hasnt "phrase: not Normanno-Svevo" "CAPIALBI>" "$T/out"
search 'castello svevo'; has "words: Castello Normanno-Svevo" "CAPIALBI>" "$T/out"
search 'castel*'; has "prefix castel*" "CASTELLO-CS>" "$T/out"
search 'aspro*'; has "prefix aspro*" "GAMBARIE>" "$T/out"
search 'museo -crotone'
has "NOT: other museums" "CODEX>" "$T/out"; hasnt "NOT: not Crotone" "/CROTONE>" "$T/out"
search 'crotone OR cosenza'; has "OR: a" "/CROTONE>" "$T/out"; has "OR: b" "CASTELLO-CS>" "$T/out"
"$SILA" search --store "$S" '"castello' > "$T/out" 2>&1; check "unclosed quote exits 3" 3 $?
has "unclosed quote: position" "1:1: unclosed quote" "$T/out"

# sila stats shows the index; reindex rebuilds the same.
"$SILA" stats --store "$S" > "$T/stats"
has "stats: text_bytes" "^text_bytes" "$T/stats"
lits=$(sed -n 's/^text_literals\t//p' "$T/stats")
"$SILA" reindex --store "$S" > "$T/out" 2>&1 || bad "reindex"
"$SILA" stats --store "$S" > "$T/stats2"
check "reindex: same literals" "$lits" "$(sed -n 's/^text_literals\t//p' "$T/stats2")"

# A store written without the index (SILA_TEXT_INDEX=off, or an older Sila):
# searching says what to do; reindex (or any writable open) builds it.
O=$T/off
SILA_TEXT_INDEX=off "$SILA" init "$O" >/dev/null
SILA_TEXT_INDEX=off "$SILA" load -q --store "$O" "$SRC/datasets/sample/capoluoghi-calabria.ttl" >/dev/null 2>&1
"$SILA" stats --store "$O" > "$T/out"; has "off: stats say absent" "^text_index	absent" "$T/out"
"$SILA" search --store "$O" Cosenza > "$T/out" 2>&1; check "off: search fails" 1 $?
has "off: says what to do" "run 'sila reindex'" "$T/out"
"$SILA" reindex --store "$O" > "$T/out" 2>&1 || bad "off: reindex"
# the sample: 25 literals of its places, 3 of its own title and description
has "off: reindex reports" "indexed 28 literals" "$T/out"
"$SILA" search --store "$O" Cosenza > "$T/out" 2>&1; has "off: found after reindex" "comune/078045" "$T/out"

# ---- ranking on a fixed corpus: label boost, then shorter literal ----
R=$T/rank
"$SILA" init "$R" >/dev/null
cat > "$T/rank.ttl" <<'TTL'
@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:c ex:nota "Una lunga descrizione che parla anche di un castello tra molte altre parole sui luoghi della regione" .
ex:b ex:nota "Castello di Cosenza" .
ex:a rdfs:label "Castello di Cosenza" .
ex:d ex:nota "Il porto di Crotone" .
TTL
"$SILA" load -q --store "$R" "$T/rank.ttl" >/dev/null 2>&1
"$SILA" search --store "$R" castello | cut -f2 | tr '\n' ' ' > "$T/out"
check "ranking" "<http://example.org/a> <http://example.org/b> <http://example.org/c> " "$(cat "$T/out")"

# ---- transactions: a failed update leaves the old words and none of the new ----
"$SILA" update --store "$R" 'PREFIX ex: <http://example.org/>
  DELETE DATA { ex:d ex:nota "Il porto di Crotone" } ;
  INSERT DATA { ex:e ex:nota "parolanuovissima" } ;
  LOAD <file:///nonexistent/missing.ttl>' > /dev/null 2>&1 && bad "the update should fail"
"$SILA" search --store "$R" parolanuovissima > "$T/out" 2>&1
check "failed update: new word not searchable" "" "$(cat "$T/out")"
"$SILA" search --store "$R" porto > "$T/out" 2>&1
has "failed update: old word still searchable" "example.org/d>" "$T/out"
# A committed update is searchable at once; a delete unindexes.
"$SILA" update --store "$R" 'PREFIX ex: <http://example.org/>
  DELETE DATA { ex:d ex:nota "Il porto di Crotone" } ; INSERT DATA { ex:e ex:nota "parolanuovissima" }' >/dev/null 2>&1
"$SILA" search --store "$R" parolanuovissima > "$T/out" 2>&1
has "update: new word" "example.org/e>" "$T/out"
"$SILA" search --store "$R" porto > "$T/out" 2>&1
check "update: deleted word gone" "" "$(cat "$T/out")"
"$SILA" stats --store "$R" | grep -q '^text_literals	3$' && ok || bad "text_literals after update: $("$SILA" stats --store "$R" | grep text_lit)"

# A failed publish: the old version's words stay, the new ones never appear.
# (copies beside a link to the vocabularies: the CSVW lookup is ../../vocabularies)
mkdir -p "$T/tree/datasets" "$T/tree2/datasets"
ln -s "$SRC/vocabularies" "$T/tree/vocabularies"; ln -s "$SRC/vocabularies" "$T/tree2/vocabularies"
P=$T/tree/datasets/luoghi-parco-aspromonte
cp -r "$SRC/datasets/luoghi-parco-aspromonte" "$P"
sed -i -e 's/^POLSI,Santuario della Madonna di Polsi/POLSI,Santuario Zanzibarissimo/' \
  -e 's/^GAMBARIE,Gambarie,/GAMBARIE,,/' "$P/luoghi-parco-aspromonte.csv"
"$SILA" publish --store "$S" "$P" > "$T/out" 2>&1 && bad "publish of a bad CSV should fail"
has "failed publish: for the empty name" "luoghi-parco-aspromonte.csv:5:" "$T/out"
search Zanzibarissimo; check "failed publish: new word absent" "" "$(cat "$T/out")"
search Polsi; has "failed publish: old word present" "POLSI>" "$T/out"
# A publish that succeeds replaces the dataset's words in its transaction.
P2=$T/tree2/datasets/luoghi-parco-aspromonte
cp -r "$SRC/datasets/luoghi-parco-aspromonte" "$P2"
sed -i -e 's/^POLSI,Santuario della Madonna di Polsi/POLSI,Santuario Zanzibarissimo/' "$P2/luoghi-parco-aspromonte.csv"
"$SILA" publish --store "$S" "$P2" > "$T/out" 2>&1 || bad "republish: $(tail -3 "$T/out")"
search Zanzibarissimo; has "republish: new word" "POLSI>" "$T/out"
search Polsi; check "republish: old word gone" "" "$(cat "$T/out")"

# ---- SPARQL: calabria:testo joined with other patterns ----
QP='PREFIX calabria: <https://dati.calabria.it/onto/> PREFIX cis: <http://dati.beniculturali.it/cis/>'
"$SILA" query --store "$S" --format tsv "$QP
SELECT ?s ?score ?snippet WHERE { ?s calabria:testo (\"museo\" ?score ?snippet) . ?s a cis:Museum }
ORDER BY DESC(?score)" > "$T/out"
check "sparql: 4 museums" 5 "$(wc -l < "$T/out")"
has "sparql: snippet" "<b>Museo</b>" "$T/out"
hasnt "sparql: only museums (not the events)" "evento" "$T/out"
"$SILA" query --store "$S" --format tsv "$QP
SELECT ?nome WHERE { ?s calabria:testo \"aspromonte\" ; cis:institutionalCISName ?nome } ORDER BY ?nome" > "$T/out"
has "sparql: join names" "Pietra Cappa" "$T/out"
"$SILA" query --store "$S" --format tsv "$QP
SELECT ?s WHERE { VALUES ?s { <$ID/luogo-della-cultura/CROTONE> <$ID/luogo-della-cultura/CODEX> }
  ?s calabria:testo \"crotone\" }" > "$T/out"
check "sparql: bound subject" "?s
<$ID/luogo-della-cultura/CROTONE>" "$(cat "$T/out")"
"$SILA" explain --store "$S" "$QP SELECT ?s WHERE { ?s calabria:testo \"castello\" . ?s a cis:CulturalInstituteOrSite }" > "$T/out"
has "explain: text index access path" "text index: calabria:testo" "$T/out"
# A selective pattern on the subject runs first; each subject is checked.
Q2="$QP SELECT ?s WHERE { ?s calabria:testo (\"calabria\" ?score) . FILTER(?score > 0)
  ?s cis:institutionalCISName \"Museo Archeologico Nazionale di Reggio Calabria\" }"
"$SILA" query --store "$S" --format tsv "$Q2" > "$T/out"
check "sparql: other pattern first" "?s
<$ID/luogo-della-cultura/MArRC>" "$(cat "$T/out")"
"$SILA" explain --store "$S" "$Q2" > "$T/out"
has "explain: the other patterns first" "the other patterns run first" "$T/out"
# The property function is one operator with its arguments, not its list's triples.
has "explain: one operator" '?s <https://dati.calabria.it/onto/testo> ("calabria" ?score)   (property function' "$T/out"
hasnt "explain: no rdf:first" "rdf-syntax-ns#first" "$T/out"
has "explain: the other pattern" "institutionalCISName" "$T/out"
# The regex baseline finds the same castles.
"$SILA" query --store "$S" --format tsv "$QP SELECT DISTINCT ?s WHERE { ?s calabria:testo \"\\\"castello svevo\\\"\" }" | sort > "$T/a"
"$SILA" query --store "$S" --format tsv "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(?o, \"castello svevo\", \"i\")) }" | sort > "$T/b"
check "sparql phrase = regex baseline" "$(cat "$T/b")" "$(cat "$T/a")"

# ---- HTTP: the page, its JSON, SPARQL over the protocol ----
SILA_WRITE_TOKEN=s3cret start_server "$T/log" --store "$S"

check "page status" 200 "$(status "$U/search?q=castelli")"
has "page: result link" "/doc/luogo-della-cultura/CASTELLO-CS" "$T/body"
has "page: highlighted snippet" "<b>Castello</b>" "$T/body"
has "page: type facet" 'id="facet-tipo"' "$T/body"
has "page: dataset facet" 'Luoghi della cultura in Calabria' "$T/body"
has "page: search role" 'role="search"' "$T/body"
status "$U/search?q=codex" >/dev/null
has "page: title from the matched name" '/doc/luogo-della-cultura/CODEX">Museo Diocesano e del Codex</a>' "$T/body"
check "only stop words: 400" 400 "$(status "$U/search?q=di")"; has "only stop words: why" "Niente da cercare" "$T/body"
status "$U/search?q=calabria" >/dev/null; has "paging: next link" 'rel="next"' "$T/body"
status "$U/search?q=calabria&offset=20" >/dev/null; has "paging: previous link" 'rel="prev"' "$T/body"
has "paging: starts at 21" '<ol class="results" start="21">' "$T/body"
check "json status" 200 "$(status -H 'Accept: application/json' "$U/search?q=Provincia")"
has "json: content type" "application/json" "$T/head"
has "json: a province" "$ID/organizzazione/prov_cs" "$T/body"
has "json: facets" '"facets"' "$T/body"
status -H 'Accept: application/json;q=0.5, text/html' "$U/search?q=Provincia" >/dev/null
has "accept: html preferred" "text/html" "$T/head"
status -H 'Accept: text/html;q=0.1, application/json' "$U/search?q=Provincia" >/dev/null
has "accept: json preferred" "application/json" "$T/head"
check "rank json: Museo" 200 "$(status "$U/search?q=Museo&format=json")"
python3 - "$T/body" <<'PY' && ok || bad "rank json: a museum first, the class after the data, marked"
import json, sys
r = json.load(open(sys.argv[1]))["results"]
assert "/luogo-della-cultura/" in r[0]["iri"] and not r[0]["vocabulary"], r[0]
flags = [x["vocabulary"] for x in r]
assert flags == sorted(flags), flags  # every data result before every vocabulary term
assert any(x["iri"] == "http://dati.beniculturali.it/cis/Museum" and x["vocabulary"] for x in r)
PY
status "$U/search?q=Museo" >/dev/null; has "rank page: the vocabulary badge" '<span class="badge vocabolario"' "$T/body"
check "format=json" 200 "$(status "$U/search?q=dell%27Aspromonte&format=json")"
has "format=json: Polsi" "POLSI" "$T/body"
python3 - "$T/body" <<'PY' && ok || bad "json: structure"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] >= 5 and len(d["results"]) <= d["limit"]
assert all(r["snippet"] and r["title"] for r in d["results"])
assert any(f["count"] >= 5 for f in d["facets"]["datasets"])
PY
check "bad query: 400" 400 "$(status "$U/search?q=%22castello&format=json")"
has "bad query: message" "unclosed quote" "$T/body"
# Malformed queries: an Italian sentence on the page saying what and where,
# HTTP 400; the JSON keeps a machine-readable code and the column.
check "it: unclosed quote 400" 400 "$(status "$U/search?q=castello%20%22svevo")"
has "it: unclosed quote says where" "Le virgolette aperte al carattere 10 non sono chiuse" "$T/body"
has "it: the spot marked" '<code>castello <mark>&quot;</mark>svevo</code>' "$T/body"
hasnt "it: no English" "unclosed quote" "$T/body"
check "it: lone NOT 400" 400 "$(status "$U/search?q=citt%C3%A0%20NOT")"
has "it: lone NOT" "NOT al carattere 7 non ha una parola dopo di sé" "$T/body"
check "it: star alone 400" 400 "$(status "$U/search?q=*")"
has "it: star alone" "L&#39;asterisco al carattere 1 non segue l&#39;inizio di una parola" "$T/body"
long=$(python3 -c 'print("castello%20" * 120)')
check "it: too long 400" 400 "$(status "$U/search?q=$long")"
has "it: too long" "La ricerca è troppo lunga" "$T/body"
check "it: unmatched ) 400" 400 "$(status "$U/search?q=castello)")"
has "it: unmatched )" "La parentesi chiusa al carattere 9" "$T/body"
check "it: only stop words" 400 "$(status "$U/search?q=della")"
has "it: only stop words" "Niente da cercare" "$T/body"
check "json: lone NOT 400" 400 "$(status "$U/search?q=castello%20NOT&format=json")"
python3 - "$T/body" <<'PY' && ok || bad "json: code, column, messaggio"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["code"] == "operator_without_word" and d["column"] == 10, d
assert d["messaggio"].startswith("NOT al carattere 10"), d
assert "NOT without a word" in d["error"], d
PY
status "$U/search?q=*&format=json" >/dev/null; has "json: star code" '"code":"prefix_without_letters"' "$T/body"
status "$U/search?q=%22castello&format=json" >/dev/null; has "json: quote code" '"code":"unclosed_quote"' "$T/body"
check "facet filter" 200 "$(status "$U/search?q=castello&format=json&tipo=http%3A%2F%2Fdati.beniculturali.it%2Fcis%2FMuseum")"
has "facet filter: Capialbi" "CAPIALBI" "$T/body"
hasnt "facet filter: not the event" "EV-2025-04" "$T/body"
check "sparql over http" 200 "$(status --data-urlencode "query=$QP SELECT ?s WHERE { ?s calabria:testo \"festival\" ; a ?t }" -H 'Accept: text/tab-separated-values' "$U/sparql")"
has "sparql over http: the festival" "EV-2025-01" "$T/body"
check "home has the search box" 200 "$(status "$U/")"
has "home: form to /search" 'action="/search"' "$T/body"

# Sila as a SERVICE target: another store sends calabria:testo to this one.
"$SILA" query --store "$R" --format tsv --service-allow "$U/" --service-allow-private "$QP
SELECT ?s WHERE { SERVICE <$U/sparql> { ?s calabria:testo '\"castello svevo\"' } } ORDER BY ?s" > "$T/out" 2>&1
check "service: the phrase's subjects" "$(cat "$T/a")" "$(sort "$T/out")"

# Graph Store Protocol writes and a SPARQL DROP are indexed in their transaction.
printf '<http://example.org/z> <http://www.w3.org/2000/01/rdf-schema#label> "Zibellino argentato" .\n' > "$T/z.nt"
check "gsp put" 201 "$(status -X PUT -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/n-triples' \
  --data-binary @"$T/z.nt" "$U/store?graph=http%3A%2F%2Fexample.org%2Fgz")"
status "$U/search?q=zibellino&format=json" >/dev/null; has "gsp: new word searchable" "example.org/z" "$T/body"
status -X DELETE -H 'Authorization: Bearer s3cret' "$U/store?graph=http%3A%2F%2Fexample.org%2Fgz" >/dev/null
status "$U/search?q=zibellino&format=json" >/dev/null; has "gsp delete: word gone" '"total":0' "$T/body"
check "drop graph" 200 "$(status -H 'Authorization: Bearer s3cret' \
  --data-urlencode 'update=DROP GRAPH <https://dati.calabria.it/set/luoghi-parco-aspromonte>' "$U/update")"
status "$U/search?q=Polsi&format=json" >/dev/null; has "drop: Polsi gone" '"total":0' "$T/body"
status "$U/search?q=Garibaldi&format=json" >/dev/null; hasnt "drop: Cippo gone" 'CIPPO' "$T/body"

echo "search: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
