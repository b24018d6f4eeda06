#!/bin/sh
# prog_test.sh — the programme's own work end to end (issue 17), from the
# CLI and over HTTP:
#   - a fixture store with a known history (publishes, plan, requests, usage
#     on fixed days through SILA_TODAY) gives a known semiannual report, in
#     JSON and CSV, and a self-contained HTML;
#   - usage counters are written by the timer in batches (few write
#     transactions for many requests), survive a restart, and lose nothing
#     under concurrent requests (a bounded load test asserts the totals);
#   - the request form's token, minimum fill time, replay, honeypot and
#     per-address rate limit;
#   - nothing personal in the store: no IP address, no User-Agent, no
#     contact but the one typed.
set -u
SILA_TEST_NAME=prog
. "$(dirname "$0")/http_lib.sh"
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
S=$T/store
B=https://dati.calabria.it

"$SILA" init "$S" >/dev/null || { echo "FAIL: init"; exit 1; }
# ---- the fixture's datasets: two offices, and a broken copy (refused) ----
mkdir -p "$T/ds"
cp -R "$SRC/datasets/appalti" "$SRC/datasets/enti-pubblici" "$SRC/datasets/popolazione-comuni" "$T/ds/"
python3 - "$T/ds" <<'PY'
import json, sys, shutil, os
d = sys.argv[1]
p = os.path.join(d, "enti-pubblici", "dataset.json")
j = json.load(open(p))
j["rightsHolder"] = {"id": "r_calabr_org", "name": "Dipartimento Organizzazione"}
json.dump(j, open(p, "w"), ensure_ascii=False)
shutil.copytree(os.path.join(d, "enti-pubblici"), os.path.join(d, "broken", "enti-pubblici"))
with open(os.path.join(d, "broken", "enti-pubblici", "enti-pubblici.csv"), "a") as f:
    f.write("una,riga,corta\n")
PY
pub() { SILA_TODAY=$1 "$SILA" publish --store "$S" --vocabularies "$SRC/vocabularies" "$2" >>"$T/publish.log" 2>&1; }
pub 2026-01-10 "$T/ds/appalti" || bad "publish appalti"
pub 2026-03-05 "$T/ds/appalti" || bad "publish appalti again"
pub 2026-03-05 "$T/ds/enti-pubblici" || bad "publish enti-pubblici"
if pub 2026-04-01 "$T/ds/broken/enti-pubblici"; then bad "the broken copy was published"; else ok; fi
pub 2026-08-15 "$T/ds/popolazione-comuni" || bad "publish popolazione-comuni"

# ---- the release plan ----
plan() { SILA_TODAY=${DAY:-2026-01-15} "$SILA" plan --store "$S" "$@" > "$T/out" 2>&1; }
plan add anagrafe-enti --title "Anagrafe degli enti" --office "Dipartimento Organizzazione" \
  --date 2026-03-31 --priority 1 || bad "plan add a"
plan add trasporti --title "Orari dei trasporti" --office "Dipartimento Mobilità" --date 2026-05-31 || bad "plan add b"
plan add rifiuti --title "Raccolta differenziata" --office "Dipartimento Ambiente" --date 2026-12-31 --priority 3 || bad "plan add c"
plan add vecchi-bandi --title "Bandi chiusi" --office "Autorità di gestione" --date 2026-06-30 || bad "plan add d"
plan set trasporti --status in-progress || bad "plan set"
DAY=2026-03-05 plan publish anagrafe-enti enti-pubblici || bad "plan publish"
plan drop vecchi-bandi "Già pubblicati altrove" || bad "plan drop"
plan add anagrafe-enti --title X --office Y --date 2026-01-01
check "plan add: a taken id" 1 "$?"; has "plan add: says why" "already has 'anagrafe-enti'" "$T/out"
plan add bad --title X --office Y --date 2026-13-45
check "plan add: bad date refused" 1 "$?"; has "plan add: the date's problem" "YYYY-MM-DD" "$T/out"
plan publish rifiuti nessuno
check "plan publish: unknown dataset" 1 "$?"; has "plan publish: says why" "no published dataset 'nessuno'" "$T/out"
plan set nessuno --title X
check "plan set: unknown id" 1 "$?"
DAY=2026-07-01 plan list --late; has "plan list --late: trasporti" "trasporti" "$T/out"; hasnt "plan list --late: not rifiuti" "rifiuti" "$T/out"
# the plan is RDF in its own graph, described with DCAT and the regional vocabulary
"$SILA" query --store "$S" --format tsv "SELECT ?s WHERE { GRAPH <$B/piano> { ?s a <https://dati.calabria.it/onto/DatasetPianificato> ; <https://dati.calabria.it/onto/statoPiano> <https://dati.calabria.it/onto/statoPubblicato> ; <https://dati.calabria.it/onto/datasetRilasciato> <$B/set/enti-pubblici> } }" > "$T/out" 2>&1
has "plan graph: the published item links its dataset" "<$B/piano/anagrafe-enti>" "$T/out"
"$SILA" query --store "$S" --format tsv "ASK { GRAPH <$B/piano> { <$B/piano> a <http://www.w3.org/ns/dcat#Catalog> } }" > "$T/out" 2>&1
has "plan graph: a dcat:Catalog" "true" "$T/out"

# ---- requests ----
req() { SILA_TODAY=${DAY:-2026-02-10} "$SILA" request --store "$S" "$@" > "$T/out" 2>&1; }
DAY=2026-01-20 req add --what "Dati prima del periodo" --why "test" || bad "request 1"
req add --what "Farmacie di turno" --why "app" --contact "mario.rossi@example.org" || bad "request 2"
req add --what "Orari dei bus" --why "pendolari" || bad "request 3"
req add --what "Qualità dell'aria" --why "ricerca" || bad "request 4"
DAY=2026-08-10 req add --what "Dopo il periodo" --why "test" || bad "request 5"
req answer 2 "Girata all'ASP" || bad "request answer"
req link 3 trasporti || bad "request link"
req close 1 "Fuori ambito" || bad "request close"
req link 4 nessuno; check "request link: unknown plan item" 1 "$?"
req answer 99 "x"; check "request answer: unknown id" 1 "$?"
req add --what "" --why "x"; check "request add: empty what" 1 "$?"

# ---- usage: a server on a fixed day, counters written by the timer ----
start() { # start LOG DAY: a server on day DAY (counters written every FLUSH s), sets U
  SILA_TODAY=$2 SILA_STATS_FLUSH=${FLUSH:-0.3} start_server "$1" --store "$S" --assets "$T/noassets"
}
generation() { "$SILA" stats --store "$S" 2>/dev/null | awk '$1 == "writes" { print $2 }'; }
mkdir -p "$T/noassets"
start "$T/s1.log" 2026-03-10
for i in 1 2 3; do status -H 'Accept: text/html' "$U/set/appalti" >/dev/null; done
for i in 1 2; do status "$U/set/appalti.ttl" >/dev/null; done
check "csv download" 200 "$(status "$U/files/appalti/appalti.csv")"
check "dump download" 200 "$(status "$U/dump/appalti.nt.gz")"
Q="SELECT * WHERE { GRAPH <$B/set/appalti> { ?s ?p ?o } } LIMIT 1"
for i in 1 2; do $C -o /dev/null --data-urlencode "query=$Q" "$U/sparql"; done
for i in 1 2; do $C -o /dev/null -A "Apache-Jena-ARQ/4.10" --get --data-urlencode "query=$Q" "$U/sparql"; done
$C -o /dev/null --data-urlencode "query=ASK { <urn:nessuno> ?p ?o }" "$U/sparql"
status "$U/set/nessuno" >/dev/null       # no such dataset: not counted
status "$U/files/nessuno/x.csv" >/dev/null
sleep 1
check "statistiche.csv status" 200 "$(status "$U/statistiche.csv?from=2026-03-01&to=2026-03-31")"
has "written by the timer while serving" "2026-03-10,appalti,3,2,1,1,4,2" "$T/body"
has "a query reading no dataset's graph" "2026-03-10,\*,0,0,0,0,1,0" "$T/body"
hasnt "an unknown dataset is not counted" "nessuno" "$T/body"
stop_server
# a restart keeps them; a new day adds to its own aggregate
FLUSH=1 start "$T/s2.log" 2026-04-10
check "after a restart" 200 "$(status "$U/statistiche.json?from=2026-03-10&to=2026-03-10")"
has "json: the day survived the restart" '"day":"2026-03-10","dataset":"appalti","views":3,"rdf":2,"csv":1,"dump":1,"sparql":4,"service":2' "$T/body"
G0=$(generation)
for i in 1 2 3 4 5; do status -H 'Accept: text/html' "$U/set/enti-pubblici" >/dev/null; done
# the load test: 8 clients x 25 requests at once (bounded: a few seconds)
CLIENTS=""
for c in 1 2 3 4 5 6 7 8; do
  ( n=0; while [ $n -lt 25 ]; do
      curl -s -o /dev/null -H 'Accept: text/html' "$U/set/enti-pubblici"; n=$((n + 1))
    done ) &
  CLIENTS="$CLIENTS $!"
done
for j in $CLIENTS; do wait "$j"; done
sleep 1.5
G1=$(generation)
stop_server
G2=$(generation)
N=$("$SILA" report --store "$S" --from 2026-04-10 --to 2026-04-10 --format csv | sed -n 's/^"usage","enti-pubblici","","views",//p' | tr -d '\r')
check "load: no count lost (5 + 8 x 25)" 205 "$N"
W=$((G2 - G0))
if [ -n "$G0" ] && [ "$W" -ge 1 ] && [ "$W" -le 12 ]; then ok; else bad "batched writes: $W write transactions for 205 requests (G0=$G0 G1=$G1 G2=$G2)"; fi

# ---- the request form: token, fill time, replay, honeypot, rate limit ----
SILA_FORM_MIN_SECONDS=3 SILA_FORM_RATE=3 start "$T/s3.log" 2026-02-12
token() { $C "$U/richieste" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p' | head -1; }
post() { status --data-urlencode "what=$1" --data-urlencode "why=$2" --data-urlencode "contact=${3:-}" --data-urlencode "token=$4" ${5:+--data-urlencode "sito=$5"} "$U/richieste"; }
K2=$(token); K3=$(token); K4=$(token); K5=$(token); K1=$(token)
[ -n "$K1" ] && ok || bad "the form has a token"
check "too fast: refused" 400 "$(post "Bus" "perché" "" "$K1")"
has "too fast: says so" "troppo rapido" "$T/body"
has "too fast: what was typed is kept" 'value="Bus"' "$T/body"
check "forged token" 400 "$(post "Bus" "perché" "" "1.00.$(printf '%064d' 0)")"
check "no token" 400 "$(status --data-urlencode "what=Bus" --data-urlencode "why=x" "$U/richieste")"
sleep 3.2
check "honeypot filled: refused" 400 "$(post "Spam" "spam" "" "$K5" "http://spam.example")"
check "missing why: refused" 400 "$(post "Bus" "" "" "$K5")"
check "accepted: 303" 303 "$(post "Dati sul turismo" "una tesi" "luigi.bianchi@example.org" "$K1")"
has "accepted: to the list" "/richieste?inviata=6" "$T/head"
check "replay of a used token" 400 "$(post "Dati sul turismo" "una tesi" "" "$K1")"
has "replay: says so" "già stata inviata" "$T/body"
check "second" 303 "$(post "Secondo" "x" "" "$K2")"
check "third" 303 "$(post "Terzo" "x" "" "$K3")"
check "rate limit: the fourth in the hour" 429 "$(post "Quarto" "x" "" "$K4")"
check "public list" 200 "$(status "$U/richieste")"
has "public list: the request" "Dati sul turismo" "$T/body"
has "public list: its state" "aperta" "$T/body"
has "public list: linked to the plan" 'href="/piano#piano-trasporti"' "$T/body"
hasnt "public list: never the contact" "example.org" "$T/body"
hasnt "public list: spam not stored" "Spam" "$T/body"
check "GET only besides the form" 405 "$(status -X PUT "$U/piano")"
stop_server
"$SILA" request --store "$S" list --format json > "$T/req.json"
python3 - "$T/req.json" <<'PY' && ok || bad "requests: only what was typed"
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r) == 8, len(r)
for x in r:
    assert set(x) <= {"id", "received", "updated", "state", "what", "why", "contact", "answer", "plan", "reason"}, x
assert [x.get("contact") for x in r if x.get("contact")] == ["mario.rossi@example.org", "luigi.bianchi@example.org"]
PY
# the public pages on a day when the plan has a late item
start "$T/s4.log" 2026-07-01
check "/piano" 200 "$(status "$U/piano")"
has "/piano: late item" 'in ritardo di' "$T/body"
has "/piano: published links its dataset" 'href="/set/enti-pubblici"' "$T/body"
check "a planned dataset's IRI: 303" 303 "$(status "$U/piano/trasporti")"
check "a planned dataset's IRI: to its row" "/piano#piano-trasporti" "$(header Location)"
check "/piano as Turtle" 200 "$(status -H 'Accept: text/turtle' "$U/piano")"
has "/piano as Turtle: the planned datasets" "DatasetPianificato" "$T/body"
has "/piano as Turtle: content type" "text/turtle" "$T/head"
check "/piano.ttl" 200 "$(status "$U/piano.ttl")"
has "/piano.ttl: the published one" "statoPubblicato" "$T/body"
check "/qualita" 200 "$(status "$U/qualita")"
python3 - "$T/body" <<'PY' && ok || bad "/qualita: the refused dataset first"
import re, sys
rows = re.findall(r'<tr id="q-([^"]+)"', open(sys.argv[1], encoding="utf-8").read())
assert rows and rows[0] == "enti-pubblici", rows
PY
check "/statistiche" 200 "$(status "$U/statistiche?from=2026-03-01&to=2026-04-30")"
has "/statistiche: a table behind the charts" '<caption>Utilizzi per dataset nel periodo</caption>' "$T/body"
stop_server
# ---- SPARQL counted by the graphs a query read; pages without the flush's lag ----
FLUSH=600 start "$T/s5.log" 2026-09-20
sq() { $C -o /dev/null -w '%{http_code}' ${2:+-A "$2"} --data-urlencode "query=$1" "$U/sparql"; }
check "union query touching appalti" 200 "$(sq 'SELECT ?c WHERE { ?c <https://w3id.org/italia/onto/PublicContract/CIG> ?x }')"
check "union query touching enti-pubblici, via SERVICE" 200 "$(sq 'SELECT ?c WHERE { ?c <https://w3id.org/italia/onto/COV/IPAcode> ?x } LIMIT 1' 'Apache-Jena-ARQ/4.10')"
check "a join reading both" 200 "$(sq 'ASK { ?c <https://w3id.org/italia/onto/PublicContract/CIG> ?x . ?e <https://w3id.org/italia/onto/COV/IPAcode> ?y }')"
check "a query matching nothing" 200 "$(sq 'SELECT * WHERE { ?s <https://dati.calabria.it/onto/nessunaProprieta> ?o }')"
status -H 'Accept: text/html' "$U/set/appalti" >/dev/null
# at once: the flush interval is 600 s, the counters are still in memory
check "statistiche at once" 200 "$(status "$U/statistiche.json?from=2026-09-20&to=2026-09-20")"
has "at once: appalti read by a query without GRAPH, and viewed" '"day":"2026-09-20","dataset":"appalti","views":1,"rdf":0,"csv":0,"dump":0,"sparql":2,"service":0' "$T/body"
has "at once: enti-pubblici, one through SERVICE" '"day":"2026-09-20","dataset":"enti-pubblici","views":0,"rdf":0,"csv":0,"dump":0,"sparql":2,"service":1' "$T/body"
has "at once: the query matching nothing counts for no dataset" '"day":"2026-09-20","dataset":"\*","views":0,"rdf":0,"csv":0,"dump":0,"sparql":1,"service":0' "$T/body"
check "statistiche.csv at once" 200 "$(status "$U/statistiche.csv?from=2026-09-20&to=2026-09-20")"
has "csv at once" "2026-09-20,appalti,1,0,0,0,2,0" "$T/body"
stop_server
FLUSH=600 start "$T/s6.log" 2026-09-20
status -H 'Accept: text/html' "$U/set/appalti" >/dev/null
check "after a restart" 200 "$(status "$U/statistiche.json?from=2026-09-20&to=2026-09-20")"
has "after a restart: stored plus the new view" '"day":"2026-09-20","dataset":"appalti","views":2,"rdf":0,"csv":0,"dump":0,"sparql":2,"service":0' "$T/body"
stop_server

# no personal data in the store's file: no address, no User-Agent
hasnt "store: no IP address" "127\.0\.0\.1" "$S/data.mdb"
hasnt "store: no User-Agent" "Apache-Jena" "$S/data.mdb"
hasnt "store: no refused spam" "spam.example" "$S/data.mdb"

# ---- the semiannual report of 2026-02-01 .. 2026-07-31 ----
rep() { SILA_TODAY=2026-12-06 "$SILA" report --store "$S" --from 2026-02-01 --to 2026-07-31 "$@"; }
rep --format json > "$T/r.json" 2>"$T/err" || bad "report json: $(cat "$T/err")"
python3 - "$T/r.json" <<'PY' && ok || bad "report json: the known numbers"
import json, sys
m = json.load(open(sys.argv[1]))
s = m["summary"]
want = {"datasets_new": 1, "datasets_updated": 1, "publishes": 2, "plan_due": 2,
        "plan_published": 1, "plan_late": 1, "requests_received": 6, "requests_answered": 2,
        "requests_closed": 0, "requests_open": 4, "usage_total": 217,
        "datasets_with_problems": 2}
bad = {k: (s.get(k), v) for k, v in want.items() if s.get(k) != v}
assert not bad, bad
p = m["plan"]
assert (p["total"], p["published_on_time"], p["active"]) == (4, 1, 2), p
offices = {o["office"]: (o["new"], o["updated"]) for o in m["offices"]}
assert offices == {"Dipartimento Organizzazione": (1, 0), "Regione Calabria": (0, 1)}, offices
r = m["requests"]
assert (r["received"], r["answered"], r["linked"], r["open"], r["open_total"]) == (6, 1, 1, 4, 5), r
u = {d["slug"]: d for d in m["usage"]["datasets"]}
assert (u["appalti"]["views"], u["appalti"]["rdf"], u["appalti"]["csv"], u["appalti"]["dump"],
        u["appalti"]["sparql"], u["appalti"]["service"], u["appalti"]["total"]) == (3, 2, 1, 1, 4, 2, 11), u["appalti"]
assert u["enti-pubblici"]["views"] == 205 and u["*"]["sparql"] == 1, u
q = {d["slug"]: d for d in m["quality"]}
assert set(q) == {"appalti", "enti-pubblici"}, q.keys()
e = q["enti-pubblici"]
assert e["last_publish_ok"] is False and e["errors"] >= 1 and e["problem"], e
a = q["appalti"]
assert a["stars_before"] == a["stars"] and a["frequency"] == "MONTHLY" and a["late"], a
assert "217" in m["text"] and "nuovi 1," in m["text"], m["text"]
PY
rep --format csv > "$T/r.csv" || bad "report csv"
has "csv: header" "^section,dataset,office,metric,value" "$T/r.csv"
has "csv: new datasets" '^"summary","","","datasets_new",1' "$T/r.csv"
has "csv: late plan items" '^"plan","","","late",1' "$T/r.csv"
has "csv: requests received" '^"requests","","","received",6' "$T/r.csv"
has "csv: usage of appalti" '^"usage","appalti","","total",11' "$T/r.csv"
has "csv: SERVICE queries" '^"usage","appalti","","service",2' "$T/r.csv"
has "csv: publications by office" '^"publications","enti-pubblici","Dipartimento Organizzazione","new",1' "$T/r.csv"
rep --out "$T/r.html" || bad "report html"
has "html: A4 print style" "@page{size:A4" "$T/r.html"
has "html: inline SVG chart" "<svg xmlns" "$T/r.html"
has "html: the summary" "Sintesi" "$T/r.html"
hasnt "html: self-contained (no external script)" "<script" "$T/r.html"
hasnt "html: self-contained (no external style)" "<link" "$T/r.html"
SILA_TODAY=2026-12-06 "$SILA" report --store "$S" --from 2026-07-31 --to 2026-02-01 > "$T/out" 2>&1
check "report: a reversed period is a usage error" 2 "$?"

echo "prog: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
