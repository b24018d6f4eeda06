#!/bin/sh
# pubarea_http.sh — the publishing area /pubblica over real HTTP (curl):
# accounts made with `sila office` / `sila user`, login, the session
# cookie's flags, CSRF refusals, the login rate limits, the whole flow
# (upload → mapping → description → preview → publish) with a reference
# CSV, a CSV with errors refused with its report, a steward of another
# office refused (403), the history and a restore, the audit log, and the
# bearer write token still working for scripts.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
REF=${SILA_SHARED:-$SRC/../shared}/reference/datasets
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=pubarea
. "$SRC/tests/http_lib.sh"
export SILA_VOCABULARIES="$SRC/vocabularies"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
# ---- accounts from the command line ----
"$SILA" office add --store "$T/store" salute Dipartimento Salute >/dev/null; check "office add" 0 $?
"$SILA" office add --store "$T/store" bilancio Settore Bilancio >/dev/null; check "office add 2" 0 $?
"$SILA" office add --store "$T/store" salute Doppio >/dev/null 2>"$T/err"; check "office twice" 1 $?
echo "password-di-anna" | "$SILA" user add --store "$T/store" anna --office salute >/dev/null
check "user add" 0 $?
echo "password-di-marco" | "$SILA" user add --store "$T/store" marco --office bilancio >/dev/null
echo "password-di-root!" | "$SILA" user add --store "$T/store" root --admin >/dev/null
echo "corta" | "$SILA" user add --store "$T/store" bob --office salute 2>"$T/err" >/dev/null
check "short password refused" 1 $?
has "short password message" "10 to 256" "$T/err"
echo "password-lunga-xx" | "$SILA" user add --store "$T/store" bob --office nessuno 2>"$T/err" >/dev/null
check "unknown office refused" 1 $?
"$SILA" user list --store "$T/store" > "$T/users"
has "user list" "anna	steward	salute" "$T/users"
has "user list admin" "root	admin	-" "$T/users"
hasnt "no password hash listed" "argon2" "$T/users"
echo "password-di-marco-2" | "$SILA" user passwd --store "$T/store" marco >/dev/null; check "passwd" 0 $?
# the accounts are not quads: a dump of the store has none of them
"$SILA" dump --store "$T/store" > "$T/dump.nq" 2>/dev/null
hasnt "accounts not in the graphs" "anna" "$T/dump.nq"

# ---- the server ----
SILA_WRITE_TOKEN=s3cret start_server "$T/log" --store "$T/store" --base http://dati.example.org
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
# login USER PASSWORD JAR: the status of the POST
login() {
  rm -f "$3"
  $C -c "$3" -b "$3" -o "$T/body" "$U/pubblica/accesso"
  tok=$(csrf_of)
  status -c "$3" -b "$3" --data-urlencode "csrf=$tok" --data-urlencode "utente=$1" \
    --data-urlencode "password=$2" "$U/pubblica/accesso"
}

check "area without a session redirects" 303 "$(status "$U/pubblica")"
check "to the login page" "/pubblica/accesso" "$(header Location)"
check "login page" 200 "$(status "$U/pubblica/accesso")"
has "login form" 'name="password"' "$T/body"
has "login page in the portal's shell" 'Dati aperti Calabria' "$T/body"
has "login CSRF cookie is HttpOnly" "HttpOnly" "$T/head"
# the login form's CSRF token is required
check "login without CSRF refused" 403 "$(status --data "utente=anna&password=password-di-anna" "$U/pubblica/accesso")"
check "wrong password" 401 "$(login anna sbagliata "$T/jar-x")"
has "wrong password message" "non corretti" "$T/body"
check "login" 303 "$(login anna password-di-anna "$T/anna")"
check "login goes to the area" "/pubblica" "$(header Location)"
cookie=$(tr -d '\r' < "$T/head" | grep -i '^set-cookie: sila_sessione=')
case "$cookie" in *HttpOnly*) ok ;; *) bad "session cookie not HttpOnly: $cookie" ;; esac
case "$cookie" in *SameSite=Strict*) ok ;; *) bad "session cookie not SameSite=Strict: $cookie" ;; esac
case "$cookie" in *Secure*) bad "Secure on an http base: $cookie" ;; *) ok ;; esac
check "home with a session" 200 "$(status -b "$T/anna" "$U/pubblica")"
has "who is logged in" "anna" "$T/body"
CSRF=$(csrf_of)
[ -n "$CSRF" ] && ok || bad "no CSRF token in the area's page"

# ---- CSRF on every form ----
check "logout without CSRF" 403 "$(status -b "$T/anna" --data "x=1" "$U/pubblica/esci")"
check "upload without CSRF" 403 "$(status -b "$T/anna" -F "file=@$REF/covid19-cosenza-provincia.csv" "$U/pubblica/carica")"
check "upload with a wrong CSRF" 403 "$(status -b "$T/anna" -F "csrf=0000000000000000000000000000000000000000000000000000000000000000" -F "file=@$REF/covid19-cosenza-provincia.csv" "$U/pubblica/carica")"
check "a form without a session refused" 401 "$(status -b "$T/jar-x" --data "csrf=$CSRF" "$U/pubblica/esci")"

# ---- malformed uploads: a clear refusal, the server goes on ----
check "upload: not multipart" 400 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/carica")"
check "upload: no boundary" 400 "$(status -b "$T/anna" -H 'Content-Type: multipart/form-data' --data-binary "x" "$U/pubblica/carica")"
printf -- '--XYZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,2' "$CSRF" > "$T/cut.bin"
check "upload: cut short" 400 "$(status -b "$T/anna" -H 'Content-Type: multipart/form-data; boundary=XYZ' --data-binary "@$T/cut.bin" "$U/pubblica/carica")"
printf -- '--XYZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="../../etc/x.txt"\r\n\r\n\000\001\002\r\n--XYZ--\r\n' "$CSRF" > "$T/bin.bin"
check "upload: not text" 422 "$(status -b "$T/anna" -H 'Content-Type: multipart/form-data; boundary=XYZ' --data-binary "@$T/bin.bin" "$U/pubblica/carica")"
has "upload: not text, said so" "non si può leggere come CSV" "$T/body"
[ ! -e "$T/store/etc" ] && [ ! -e "$T/etc" ] && ok || bad "an upload's name escaped its folder"
check "still serving" 200 "$(status "$U/health")"

# ---- the flow with the Cosenza province's COVID-19 table ----
if [ -f "$REF/covid19-cosenza-provincia.csv" ]; then
  check "upload" 303 "$(status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$REF/covid19-cosenza-provincia.csv;type=text/csv" "$U/pubblica/carica")"
  check "upload goes to the mapping" "/pubblica/modello" "$(header Location)"
  check "mapping page" 200 "$(status -b "$T/anna" "$U/pubblica/modello")"
  has "inspection: separator" "punto e virgola" "$T/body"
  has "inspection: rows" "855" "$T/body"
  has "inspection: a column" "Terapia_intensiva" "$T/body"
  has "inspection: date format" "dd/MM/yy" "$T/body"
  has "inspection's advice" 'id="da-controllare"' "$T/body"
  # a template chosen, its mapping editable, then back to a mapping of its own
  check "choose a template" 200 "$(status -b "$T/anna" --data "csrf=$CSRF&azione=modello&modello=statistics" "$U/pubblica/modello")"
  has "template's columns offered" 'name="col0"' "$T/body"
  check "back to own mapping" 200 "$(status -b "$T/anna" --data "csrf=$CSRF&azione=modello&modello=" "$U/pubblica/modello")"
  check "bad slug refused" 400 "$(status -b "$T/anna" --data "csrf=$CSRF&azione=conferma&slug=Bad%20Slug" "$U/pubblica/modello")"
  check "confirm mapping" 303 "$(status -b "$T/anna" --data "csrf=$CSRF&azione=conferma&slug=covid-cosenza" "$U/pubblica/modello")"
  check "description page" 200 "$(status -b "$T/anna" "$U/pubblica/descrizione")"
  has "theme from the EU vocabulary" "Salute" "$T/body"
  has "frequency from the EU vocabulary" ">quotidiana<" "$T/body"
  has "contact prefilled with the office" 'value="Dipartimento Salute"' "$T/body"
  check "a typed theme refused" 400 "$(status -b "$T/anna" --data "csrf=$CSRF&titolo=X&descrizione=Y&tema=COVID&frequenza=DAILY&contatto=Z&email=z@example.org" "$U/pubblica/descrizione")"
  # the preview before the description is complete: refused with the reason
  check "preview of an incomplete description" 422 "$(status -b "$T/anna" "$U/pubblica/anteprima")"
  has "missing DCAT-AP_IT property named" "title" "$T/body"
  check "describe" 303 "$(status -b "$T/anna" --data-urlencode "csrf=$CSRF" --data-urlencode "titolo=COVID-19 in provincia di Cosenza" --data-urlencode "descrizione=Casi, ricoveri e decessi giornalieri in provincia di Cosenza" --data "tema=HEAL&frequenza=DAILY" --data-urlencode "contatto=Dipartimento Salute" --data-urlencode "email=salute@example.org" --data-urlencode "parole=covid, cosenza" "$U/pubblica/descrizione")"
  check "preview" 200 "$(status -b "$T/anna" "$U/pubblica/anteprima")"
  has "preview: first rows table" 'id="prime-righe"' "$T/body"
  has "preview: a cell" "10/03/20" "$T/body"
  has "preview: Turtle" "dati.example.org/id/covid-cosenza" "$T/body"
  has "preview: typed date in Turtle" "2020-03-10" "$T/body"
  has "preview: report" "Rapporto di qualità" "$T/body"
  has "preview: publish button" 'id="pubblica"' "$T/body"
  check "not published by the preview" 404 "$(status "$U/set/covid-cosenza")"
  check "publish without CSRF" 403 "$(status -b "$T/anna" --data "x=1" "$U/pubblica/pubblica")"
  check "publish" 200 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/pubblica")"
  has "published" "Dataset pubblicato" "$T/body"
  check "on the portal" 200 "$(status "$U/set/covid-cosenza")"
  has "its title on the portal" "COVID-19 in provincia di Cosenza" "$T/body"
  q="SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://dati.example.org/set/covid-cosenza> { ?s <http://dati.example.org/onto/covid-cosenza/deceduti> ?o } }"
  $C -G --data-urlencode "query=$q" -H 'Accept: text/csv' "$U/sparql" > "$T/n1"
  has "rows in the store" "^855" "$T/n1"
  check "history" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza")"
  has "version 1 listed" '<th scope="row">1</th>' "$T/body"

  # a second version: the first 100 data rows only
  head -101 "$REF/covid19-cosenza-provincia.csv" > "$T/covid19-cosenza-provincia.csv"
  status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$T/covid19-cosenza-provincia.csv" "$U/pubblica/carica" >/dev/null
  status -b "$T/anna" --data "csrf=$CSRF&azione=conferma&slug=covid-cosenza" "$U/pubblica/modello" >/dev/null
  status -b "$T/anna" --data-urlencode "csrf=$CSRF" --data-urlencode "titolo=COVID-19 in provincia di Cosenza" --data-urlencode "descrizione=Le prime 100 giornate" --data "tema=HEAL&frequenza=DAILY" --data-urlencode "contatto=Dipartimento Salute" --data-urlencode "email=salute@example.org" "$U/pubblica/descrizione" >/dev/null
  check "publish version 2" 200 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/pubblica")"
  $C -G --data-urlencode "query=$q" -H 'Accept: text/csv' "$U/sparql" > "$T/n2"
  has "version 2 replaced the rows" "^100" "$T/n2"

  # ---- another office: 403 ----
  check "marco logs in" 303 "$(login marco password-di-marco-2 "$T/marco")"
  status -b "$T/marco" "$U/pubblica" >/dev/null; MCSRF=$(csrf_of)
  hasnt "marco's list lacks salute's dataset" "covid-cosenza" "$T/body"
  check "another office's history" 403 "$(status -b "$T/marco" "$U/pubblica/storia/covid-cosenza")"
  check "another office's kept file" 403 "$(status -b "$T/marco" "$U/pubblica/storia/covid-cosenza/1/csv")"
  check "another office's restore" 403 "$(status -b "$T/marco" --data "csrf=$MCSRF" "$U/pubblica/ripristina/covid-cosenza/1")"
  status -b "$T/marco" -F "csrf=$MCSRF" -F "file=@$REF/covid19-cosenza-provincia.csv" "$U/pubblica/carica" >/dev/null
  check "another office's slug" 403 "$(status -b "$T/marco" --data "csrf=$MCSRF&azione=conferma&slug=covid-cosenza" "$U/pubblica/modello")"
  $C -G --data-urlencode "query=$q" -H 'Accept: text/csv' "$U/sparql" > "$T/n3"
  has "the dataset untouched by the other office" "^100" "$T/n3"
  # the upload's work files are in the store's folder; logging out removes them
  before=$(ls "$T/store/pubblica-lavoro" | wc -l)
  [ "$before" -ge 1 ] && ok || bad "no work folder under the store"
  check "logout" 303 "$(status -b "$T/marco" --data "csrf=$MCSRF" "$U/pubblica/esci")"
  check "logged out" 303 "$(status -b "$T/marco" "$U/pubblica")"
  check "logout removed the upload" $((before - 1)) "$(ls "$T/store/pubblica-lavoro" | wc -l)"

  # ---- restore version 1 ----
  check "restore without CSRF" 403 "$(status -b "$T/anna" --data "x=1" "$U/pubblica/ripristina/covid-cosenza/1")"
  check "restore" 200 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/ripristina/covid-cosenza/1")"
  has "restored" "Versione 1 ripristinata" "$T/body"
  $C -G --data-urlencode "query=$q" -H 'Accept: text/csv' "$U/sparql" > "$T/n4"
  has "version 1's rows back" "^855" "$T/n4"
  check "history after restore" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza")"
  has "restore listed as version 3" "ripristino della versione 1" "$T/body"
  check "unknown version" 404 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/ripristina/covid-cosenza/9")"
  # the administrator sees every office's dataset
  check "root logs in" 303 "$(login root 'password-di-root!' "$T/root")"
  check "admin sees the history" 200 "$(status -b "$T/root" "$U/pubblica/storia/covid-cosenza")"
  # the kept files of a version, as published
  check "version 1's CSV" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza/1/csv")"
  cmp -s "$T/body" "$REF/covid19-cosenza-provincia.csv" && ok || bad "version 1's CSV differs from the upload"
  check "version 2's CSV" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza/2/csv")"
  cmp -s "$T/body" "$T/covid19-cosenza-provincia.csv" && ok || bad "version 2's CSV differs from the upload"
  check "version 1's report" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza/1/rapporto")"
  has "the report kept" "rows 855" "$T/body"
  check "version 1's description" 200 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza/1/dataset.json")"
  has "the description kept" "COVID-19 in provincia di Cosenza" "$T/body"
  check "an unknown part" 404 "$(status -b "$T/anna" "$U/pubblica/storia/covid-cosenza/1/nulla")"
  # the audit log on the portal: the administrator's only
  check "audit page for a steward" 403 "$(status -b "$T/anna" "$U/pubblica/registro")"
  check "audit page for the administrator" 200 "$(status -b "$T/root" "$U/pubblica/registro")"
  has "audit page lists a restore" ">restore<" "$T/body"
  # a dataset published by a script (sila publish): kept in the history too; no
  # office owns it, so only the administrator may restore it
  USER=script "$SILA" publish --store "$T/store" --base http://dati.example.org "$SRC/datasets/enti-pubblici" >/dev/null 2>&1
  check "sila publish" 0 $?
  check "a steward refused on a script's dataset" 403 "$(status -b "$T/anna" "$U/pubblica/storia/enti-pubblici")"
  check "the script's version in the history" 200 "$(status -b "$T/root" "$U/pubblica/storia/enti-pubblici")"
  has "kept with who published it" "script" "$T/body"
else
  echo "note: $REF absent: the flow with the reference CSV is not tested"
fi

# ---- a CSV with errors: refused, with every error's position ----
if [ -f "$REF/covid19-cosenza-comuni-2020-08-01.csv" ]; then
  status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$REF/covid19-cosenza-comuni-2020-08-01.csv" "$U/pubblica/carica" >/dev/null
  check "errors: mapping" 303 "$(status -b "$T/anna" --data "csrf=$CSRF&azione=conferma&slug=covid-comuni" "$U/pubblica/modello")"
  status -b "$T/anna" --data-urlencode "csrf=$CSRF" --data-urlencode "titolo=Casi per comune" --data-urlencode "descrizione=Casi per comune al 1 agosto 2020" --data "tema=HEAL&frequenza=NEVER" --data-urlencode "contatto=Dipartimento Salute" --data-urlencode "email=salute@example.org" "$U/pubblica/descrizione" >/dev/null
  check "errors: preview refuses" 422 "$(status -b "$T/anna" "$U/pubblica/anteprima")"
  has "errors: an unknown municipality with its position" "covid19-cosenza-comuni-2020-08-01.csv:[0-9]*:1: errore:.*DONNICI" "$T/body"
  hasnt "errors: no publish button" 'id="pubblica"' "$T/body"
  check "errors: the whole report as text" 200 "$(status -b "$T/anna" "$U/pubblica/rapporto.txt")"
  has "errors: every error in the text" "comuni-2020-08-01.csv:[0-9]*:1: errore:.*ORIOLO CALABRO" "$T/body"
  check "errors: publish refused" 422 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/pubblica")"
  check "errors: nothing published" 404 "$(status "$U/set/covid-comuni")"
  status -b "$T/anna" "$U/pubblica" >/dev/null
  hasnt "errors: the refused name is not the office's" "covid-comuni" "$T/body"
  has "the published one is" "covid-cosenza" "$T/body"
fi

# ---- uploads in progress are bounded (disk use under the store) ----
printf 'a,b\n1,2\n' > "$T/small.csv"
mkdir -p "$T/store/pubblica-lavoro"
for n in $(seq 1 64); do mkdir "$T/store/pubblica-lavoro/finto$n"; done
check "too many uploads at once" 503 "$(status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$T/small.csv" "$U/pubblica/carica")"
rm -rf "$T/store/pubblica-lavoro"/finto*
check "an upload once they are gone" 303 "$(status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$T/small.csv" "$U/pubblica/carica")"

# ---- the audit log (no addresses) ----
"$SILA" user audit --store "$T/store" > "$T/audit" 2>&1 || bad "user audit failed"
has "audit: login" '"event":"login"' "$T/audit"
has "audit: failed login" '"event":"login-failed"' "$T/audit"
if [ -f "$REF/covid19-cosenza-provincia.csv" ]; then
  has "audit: publish" '"event":"publish"' "$T/audit"
  has "audit: restore" '"event":"restore"' "$T/audit"
fi
hasnt "audit: no IP address" "127.0.0.1" "$T/audit"

# ---- rate limits (in memory): 5 failures lock the account ----
for n in 1 2 3 4 5; do login marco wrong "$T/jar-r" >/dev/null; done
check "locked after 5 failures" 429 "$(login marco password-di-marco-2 "$T/jar-r")"
[ -n "$(header Retry-After)" ] && ok || bad "no Retry-After on 429"
has "lockout message" "Troppi tentativi" "$T/body"
check "another account not locked" 303 "$(login anna password-di-anna "$T/jar-a2")"
# ... and 20 failures lock the address, whatever the account
for n in $(seq 1 16); do login "nessuno$n" wrong "$T/jar-r" >/dev/null; done
check "address locked" 429 "$(login anna password-di-anna "$T/jar-a3")"

# ---- a user removed is logged out; the write token still works ----
"$SILA" user del --store "$T/store" anna >/dev/null
check "removed user's session ends" 303 "$(status -b "$T/anna" "$U/pubblica")"
check "bearer token for scripts" 201 "$(status -X PUT -H 'Authorization: Bearer s3cret' -H 'Content-Type: text/turtle' --data '<http://x/a> <http://x/b> "c" .' "$U/store?graph=http://x/g")"
check "no token still refused" 401 "$(status -X PUT -H 'Content-Type: text/turtle' --data '<http://x/a> <http://x/b> "c" .' "$U/store?graph=http://x/g")"

# ---- an https base: the cookies are Secure; a too large upload is refused ----
start_server "$T/log2" --store "$T/store"
status "$U/pubblica/accesso" >/dev/null
has "Secure on an https base" "Secure" "$T/head"
head -c 17000000 /dev/zero | tr '\0' 'a' > "$T/big.csv"
check "upload over the limit" 413 "$(status -F "file=@$T/big.csv" "$U/pubblica/carica")"

# the servers stop cleanly (under ASan: no leak, no error report)
stop_servers

echo "pubarea_http: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
