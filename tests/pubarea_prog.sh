#!/bin/sh
# pubarea_prog.sh — the programme's work in the publishing area (issue 17)
# over real HTTP (curl):
#   - the release plan: a steward adds, edits, changes the status of, marks
#     published (with a dataset of their office) and drops their office's
#     planned datasets; another office's steward gets 403 and changes
#     nothing; the administrator manages every office's; CSRF on every
#     form; audit lines without addresses;
#   - request moderation: the list (open first), answer, link to the plan,
#     close; who may (README); the public /richieste shows states and
#     answers; the contact typed by a requester is in the area only, never
#     on a public page, in RDF, in a dump or in a SPARQL answer;
#   - the semiannual report downloaded from the area (default period: the
#     last full half-year) is byte for byte what `sila report` writes for
#     the same store and period, with a Content-Disposition filename.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=pubprog
. "$SRC/tests/http_lib.sh"
export SILA_VOCABULARIES="$SRC/vocabularies"
export SILA_TODAY=2026-08-20
S=$T/store
B=http://dati.example.org
CONTACT=segreto.contatto@example.org

"$SILA" init "$S" >/dev/null || { echo "cannot init store"; exit 1; }
"$SILA" office add --store "$S" salute Dipartimento Salute >/dev/null
"$SILA" office add --store "$S" bilancio Settore Bilancio >/dev/null
echo "password-di-anna" | "$SILA" user add --store "$S" anna --office salute >/dev/null
echo "password-di-marco" | "$SILA" user add --store "$S" marco --office bilancio >/dev/null
echo "password-di-root!" | "$SILA" user add --store "$S" root --admin >/dev/null
# a dataset published from the command line (no office owns it)
"$SILA" publish --store "$S" --base "$B" "$SRC/datasets/enti-pubblici" >/dev/null 2>&1 || bad "publish enti-pubblici"
plan() { "$SILA" plan --store "$S" --base "$B" "$@" >/dev/null 2>&1; }
plan add vaccini --title "Vaccinazioni" --office "Dipartimento Salute" --date 2026-09-30 || bad "plan add vaccini"
plan add bilanci --title "Bilanci consuntivi" --office bilancio --date 2026-10-31 || bad "plan add bilanci"
req() { "$SILA" request --store "$S" --base "$B" "$@" >/dev/null 2>&1; }
req add --what "Farmacie di turno" --why "un'app" --contact "$CONTACT" || bad "request 1"
req add --what "Posti letto" --why "ricerca" || bad "request 2"
req add --what "Spesa per capitoli" --why "giornalismo" --contact "altro@example.org" || bad "request 3"
req link 3 bilanci || bad "request 3 linked to bilancio's plan"
req add --what "Liste d'attesa" --why "cittadini" || bad "request 4"

start_server "$T/log" --store "$S" --base "$B"
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
login() { # login USER PASSWORD JAR; then the area's CSRF token in $CSRF
  rm -f "$3"
  $C -c "$3" -b "$3" -o "$T/body" "$U/pubblica/accesso"
  tok=$(csrf_of)
  status -c "$3" -b "$3" --data-urlencode "csrf=$tok" --data-urlencode "utente=$1" \
    --data-urlencode "password=$2" "$U/pubblica/accesso" >/dev/null
  status -b "$3" "$U/pubblica" >/dev/null
  CSRF=$(csrf_of)
}
login anna password-di-anna "$T/anna"; ACSRF=$CSRF
login marco password-di-marco "$T/marco"; MCSRF=$CSRF
login root password-di-root! "$T/root"; RCSRF=$CSRF
[ -n "$ACSRF" ] && [ -n "$MCSRF" ] && [ -n "$RCSRF" ] && ok || bad "logins"
check "home links the plan" 200 "$(status -b "$T/anna" "$U/pubblica")"
has "home: the programme's pages" 'href="/pubblica/piano"' "$T/body"
a() { status -b "$T/anna" "$@"; }
m() { status -b "$T/marco" "$@"; }
r() { status -b "$T/root" "$@"; }

# ---- the release plan ----
check "plan page" 200 "$(a "$U/pubblica/piano")"
has "plan page: the office's item" 'href="/pubblica/piano/vaccini"' "$T/body"
hasnt "plan page: not another office's" 'href="/pubblica/piano/bilanci"' "$T/body"
has "plan page: the add form" 'id="piano-nuovo"' "$T/body"
check "add without CSRF" 403 "$(a --data "id=x&titolo=X&data=2026-12-01" "$U/pubblica/piano")"
add() { a --data-urlencode "csrf=$ACSRF" --data-urlencode "id=$1" --data-urlencode "titolo=$2" --data-urlencode "data=$3" --data "priorita=1" --data-urlencode "descrizione=Il registro regionale" "$U/pubblica/piano"; }
check "add" 303 "$(add registro-vaccinazioni "Registro vaccinazioni" 2026-11-15)"
check "add: to its page" "/pubblica/piano/registro-vaccinazioni?esito=aggiunto" "$(header Location)"
check "add: a taken id" 409 "$(add vaccini "Doppio" 2026-11-15)"
check "add: a bad id" 400 "$(add "Bad Id" "X" 2026-11-15)"
has "add: the bad id's message" "lettere minuscole" "$T/body"
has "add: what was typed is kept" 'value="Bad Id"' "$T/body"
check "add: a bad date" 400 "$(add nuovo "X" 2026-13-45)"
check "add: no title" 400 "$(add nuovo "" 2026-11-15)"
check "item page" 200 "$(a "$U/pubblica/piano/registro-vaccinazioni?esito=aggiunto")"
has "item page: the outcome" "aggiunto al piano" "$T/body"
has "item page: forms carry the CSRF token" "name=\"csrf\" value=\"$ACSRF\"" "$T/body"
check "public plan" 200 "$(status "$U/piano")"
has "public plan: the new item" "Registro vaccinazioni" "$T/body"
has "public plan: written as the office's name" "Dipartimento Salute" "$T/body"
edit() { a --data-urlencode "csrf=$ACSRF" --data "azione=modifica" --data-urlencode "titolo=$1" --data "priorita=2&data=$2" "$U/pubblica/piano/vaccini"; }
check "edit" 303 "$(edit "Vaccinazioni per comune" 2026-10-15)"
check "edit: a bad date" 400 "$(edit "Vaccinazioni per comune" 15/10/2026)"
check "status: in progress" 303 "$(a --data "csrf=$ACSRF&azione=stato&stato=in-progress" "$U/pubblica/piano/vaccini")"
check "status: published is not a plain status" 400 "$(a --data "csrf=$ACSRF&azione=stato&stato=published" "$U/pubblica/piano/vaccini")"
check "status: without CSRF" 403 "$(a --data "azione=stato&stato=planned" "$U/pubblica/piano/vaccini")"
status "$U/piano.ttl" >/dev/null
has "public plan (RDF): the new title" "Vaccinazioni per comune" "$T/body"
has "public plan (RDF): in progress" "statoInCorso" "$T/body"
has "public plan (RDF): the new date" "2026-10-15" "$T/body"
# another office's steward: 403, nothing changes
check "another office: item page" 403 "$(m "$U/pubblica/piano/vaccini")"
check "another office: edit" 403 "$(m --data "csrf=$MCSRF&azione=modifica&titolo=Preso&data=2027-01-01" "$U/pubblica/piano/vaccini")"
check "another office: status" 403 "$(m --data "csrf=$MCSRF&azione=stato&stato=planned" "$U/pubblica/piano/vaccini")"
check "another office: drop" 403 "$(m --data "csrf=$MCSRF&azione=abbandona&motivo=no" "$U/pubblica/piano/vaccini")"
check "another office's list" 200 "$(m "$U/pubblica/piano")"
hasnt "another office's list: not salute's items" "vaccini" "$T/body"
status "$U/piano.ttl" >/dev/null
hasnt "another office changed nothing" "Preso" "$T/body"
has "another office changed nothing (status)" "statoInCorso" "$T/body"
# published: linked to a dataset of the office (published from the area)
a -F "csrf=$ACSRF" -F "file=@$SRC/datasets/appalti/appalti.csv;type=text/csv" "$U/pubblica/carica" >/dev/null
check "area publish: mapping" 303 "$(a --data "csrf=$ACSRF&azione=conferma&slug=appalti-salute" "$U/pubblica/modello")"
check "area publish: description" 303 "$(a --data-urlencode "csrf=$ACSRF" --data-urlencode "titolo=Appalti della sanità" --data-urlencode "descrizione=Contratti pubblici del dipartimento" --data "tema=GOVE&frequenza=MONTHLY" --data-urlencode "contatto=Dipartimento Salute" --data-urlencode "email=salute@example.org" "$U/pubblica/descrizione")"
check "area publish" 200 "$(a --data "csrf=$ACSRF" "$U/pubblica/pubblica")"
check "item page offers the office's dataset" 200 "$(a "$U/pubblica/piano/vaccini")"
has "the office's dataset offered" '<option value="appalti-salute"' "$T/body"
hasnt "a dataset of no office not offered" '<option value="enti-pubblici"' "$T/body"
check "publish: a dataset of no office refused" 403 "$(a --data "csrf=$ACSRF&azione=pubblica&dataset=enti-pubblici" "$U/pubblica/piano/vaccini")"
check "publish: linked" 303 "$(a --data "csrf=$ACSRF&azione=pubblica&dataset=appalti-salute" "$U/pubblica/piano/vaccini")"
check "public plan after publishing" 200 "$(status "$U/piano")"
has "public plan: links the dataset" 'href="/set/appalti-salute"' "$T/body"
check "drop: no reason" 400 "$(a --data "csrf=$ACSRF&azione=abbandona&motivo=" "$U/pubblica/piano/registro-vaccinazioni")"
check "drop" 303 "$(a --data-urlencode "csrf=$ACSRF" --data "azione=abbandona" --data-urlencode "motivo=Confluito nell'anagrafe nazionale" "$U/pubblica/piano/registro-vaccinazioni")"
status "$U/piano" >/dev/null
has "public plan: the reason of the drop" "Confluito nell" "$T/body"
# the administrator: every office
check "admin: another office's item" 200 "$(r "$U/pubblica/piano/bilanci")"
has "admin: chooses the office" '<select class="form-select" id="ufficio"' "$T/body"
has "admin: any catalogue dataset offered" '<option value="enti-pubblici"' "$T/body"
check "admin: edit" 303 "$(r --data "csrf=$RCSRF&azione=modifica&titolo=Bilanci+consuntivi+2025&ufficio=bilancio&priorita=1&data=2026-11-30" "$U/pubblica/piano/bilanci")"
check "admin: publish with a dataset of no office" 303 "$(r --data "csrf=$RCSRF&azione=pubblica&dataset=enti-pubblici" "$U/pubblica/piano/bilanci")"
check "admin: add for an office" 303 "$(r --data "csrf=$RCSRF&id=spesa&titolo=Spesa+sanitaria&ufficio=salute&priorita=2&data=2027-03-31" "$U/pubblica/piano")"
check "admin: unknown office" 400 "$(r --data "csrf=$RCSRF&id=spesa2&titolo=X&ufficio=nessuno&priorita=2&data=2027-03-31" "$U/pubblica/piano")"
"$SILA" plan --store "$S" --base "$B" list --format json > "$T/plan.json"
python3 - "$T/plan.json" <<'PY' && ok || bad "the plan as the CLI reads it"
import json, sys
p = {i["id"]: i for i in json.load(open(sys.argv[1]))}
assert p["vaccini"]["status"] == "published" and p["vaccini"]["dataset"].endswith("/set/appalti-salute"), p["vaccini"]
assert p["vaccini"]["title"] == "Vaccinazioni per comune" and p["vaccini"]["planned"] == "2026-10-15"
assert p["registro-vaccinazioni"]["status"] == "dropped" and "anagrafe" in p["registro-vaccinazioni"]["reason"]
assert p["registro-vaccinazioni"]["office"] == "Dipartimento Salute" and p["registro-vaccinazioni"]["priority"] == 1
assert p["bilanci"]["title"] == "Bilanci consuntivi 2025" and p["bilanci"]["office"] == "Settore Bilancio"
assert p["bilanci"]["status"] == "published" and p["spesa"]["office"] == "Dipartimento Salute"
PY
# steward anna now sees "spesa" (salute's, added by the administrator)
a "$U/pubblica/piano" >/dev/null
has "a steward sees the admin's item for their office" 'href="/pubblica/piano/spesa"' "$T/body"

# ---- request moderation ----
check "requests page" 200 "$(a "$U/pubblica/richieste")"
has "requests: the contact, in the area" "$CONTACT" "$T/body"
hasnt "requests: not one linked to another office's plan" "Spesa per capitoli" "$T/body"
check "another office's linked request" 403 "$(a "$U/pubblica/richieste/3")"
check "another office's linked request: answer" 403 "$(a --data "csrf=$ACSRF&azione=rispondi&risposta=x" "$U/pubblica/richieste/3")"
check "answer without CSRF" 403 "$(a --data "azione=rispondi&risposta=x" "$U/pubblica/richieste/1")"
check "answer: empty" 400 "$(a --data "csrf=$ACSRF&azione=rispondi&risposta=" "$U/pubblica/richieste/1")"
check "answer" 303 "$(a --data-urlencode "csrf=$ACSRF" --data "azione=rispondi" --data-urlencode "risposta=Le pubblica l'ASP di Cosenza" "$U/pubblica/richieste/1")"
check "link to another office's item" 403 "$(a --data "csrf=$ACSRF&azione=collega&piano=bilanci" "$U/pubblica/richieste/2")"
check "link" 303 "$(a --data "csrf=$ACSRF&azione=collega&piano=vaccini" "$U/pubblica/richieste/2")"
check "unknown request" 404 "$(a "$U/pubblica/richieste/99")"
a "$U/pubblica/richieste" >/dev/null
python3 - "$T/body" <<'PY' && ok || bad "requests: the open ones first"
import re, sys
ids = re.findall(r'<tr id="richiesta-(\d+)"', open(sys.argv[1], encoding="utf-8").read())
assert ids == ["4", "1", "2"], ids
PY
check "another office's steward: its linked request" 200 "$(m "$U/pubblica/richieste")"
has "marco: the request linked to bilancio's plan" "Spesa per capitoli" "$T/body"
hasnt "marco: not one linked to salute's plan" "Posti letto" "$T/body"
check "admin: close" 303 "$(r --data-urlencode "csrf=$RCSRF" --data "azione=chiudi" --data-urlencode "motivo=Dati già nel bilancio pubblicato" "$U/pubblica/richieste/3")"
check "public requests" 200 "$(status "$U/richieste")"
has "public: the answer" "Le pubblica l" "$T/body"
has "public: the link" 'href="/piano#piano-vaccini"' "$T/body"
has "public: the reason of the closing" "Dati già nel bilancio pubblicato" "$T/body"
has "public: the states" "chiusa" "$T/body"
"$SILA" user audit --store "$S" > "$T/audit"
for ev in plan-add plan-edit plan-status plan-publish plan-drop request-answer request-link request-close; do
  has "audit: $ev" "\"event\":\"$ev\"" "$T/audit"
done
has "audit: who" '"event":"plan-drop","user":"anna"' "$T/audit"
hasnt "audit: no address" "127.0.0.1" "$T/audit"
check "the audit page" 200 "$(r "$U/pubblica/registro")"
has "the audit page lists the plan" "plan-publish" "$T/body"

# ---- the contact is never public ----
for p in /richieste /piano /piano.ttl /piano.nt /statistiche.json /catalogo; do
  status "$U$p" >/dev/null
  hasnt "no contact in $p" "$CONTACT" "$T/body"
  hasnt "no second contact in $p" "altro@example.org" "$T/body"
done
$C -o "$T/all.nq" -H 'Accept: application/n-quads' --data-urlencode "query=CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }" "$U/sparql"
[ -s "$T/all.nq" ] && ok || bad "the whole store by SPARQL"
hasnt "no contact in any graph (SPARQL)" "$CONTACT" "$T/all.nq"
"$SILA" dump --store "$S" > "$T/dump.nq" 2>/dev/null
hasnt "no contact in the dump" "$CONTACT" "$T/dump.nq"
has "the dump has the plan" "Vaccinazioni per comune" "$T/dump.nq"

# ---- the semiannual report ----
check "report form" 200 "$(a "$U/pubblica/rapporto")"
has "report form: the last full half-year (from)" 'name="da" required value="2026-01-01"' "$T/body"
has "report form: the last full half-year (to)" 'name="a" required value="2026-06-30"' "$T/body"
check "report without CSRF" 403 "$(a --data "da=2026-01-01&a=2026-06-30&formato=json" "$U/pubblica/rapporto")"
check "report: reversed period" 400 "$(a --data "csrf=$ACSRF&da=2026-06-30&a=2026-01-01&formato=json" "$U/pubblica/rapporto")"
check "report: bad format" 400 "$(a --data "csrf=$ACSRF&da=2026-01-01&a=2026-06-30&formato=pdf" "$U/pubblica/rapporto")"
for f in json csv html; do
  check "report $f" 200 "$(a --data "csrf=$ACSRF&da=2026-01-01&a=2026-08-31&formato=$f" "$U/pubblica/rapporto")"
  cp "$T/body" "$T/http.$f"
  has "report $f: a download with its name" "attachment; filename=\"rapporto-semestrale-2026-01-01-2026-08-31.$f\"" "$T/head"
  "$SILA" report --store "$S" --base "$B" --from 2026-01-01 --to 2026-08-31 --format "$f" > "$T/cli.$f" || bad "cli report $f"
  if cmp -s "$T/http.$f" "$T/cli.$f"; then ok; else bad "report $f: HTTP differs from the CLI: $(diff "$T/http.$f" "$T/cli.$f" | head -5)"; fi
done
has "report json: the plan's items" '"plan"' "$T/http.json"
has "report csv: requests received" '^"requests","","","received",4' "$T/http.csv"
has "report html: content type" "text/html" "$T/head"

# the server stops cleanly (under ASan: no leak, no error report)
stop_server


echo "pubarea_prog: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
