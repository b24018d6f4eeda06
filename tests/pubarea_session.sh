#!/bin/sh
# pubarea_session.sh — the publishing area's sessions live in the store
# and the login rate limit behind a reverse proxy, over real HTTP (curl):
# a session survives a restart of `sila serve` on the same store (its
# cookie, its CSRF token, its upload in progress); logging out, a removed
# user or a changed password end it, across a restart too; the store holds
# no session token (only its SHA-256).  Behind a trusted proxy
# (--trusted-proxy / trusted_proxies), each X-Forwarded-For client has its
# own login limit (the right-most address not a proxy); from an address
# not trusted the header is ignored, for the limit and for the public base.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=pubsess
. "$SRC/tests/http_lib.sh"
export SILA_VOCABULARIES="$SRC/vocabularies"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
"$SILA" office add --store "$T/store" salute Dipartimento Salute >/dev/null
echo "password-di-anna" | "$SILA" user add --store "$T/store" anna --office salute >/dev/null
echo "password-di-luca" | "$SILA" user add --store "$T/store" luca --office salute >/dev/null
echo "password-di-rita" | "$SILA" user add --store "$T/store" rita --office salute >/dev/null

# start_server / stop_server are http_lib.sh's: the server stops as in a
# package upgrade (SIGTERM), and must exit 0 with no sanitizer report
SERVE="--store $T/store --base http://dati.example.org"
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
# login USER PASSWORD JAR [curl args for the POST]: the status of the POST
login() {
  u=$1 pw=$2 jar=$3; shift 3
  rm -f "$jar"
  $C -c "$jar" -b "$jar" -o "$T/body" "$U/pubblica/accesso"
  tok=$(csrf_of)
  status -c "$jar" -b "$jar" "$@" --data-urlencode "csrf=$tok" --data-urlencode "utente=$u" \
    --data-urlencode "password=$pw" "$U/pubblica/accesso"
}
cookie_of() { sed -n 's/.*\tsila_sessione\t\([0-9a-f]*\)$/\1/p' "$1" | tail -1; }

# ---- a session survives a restart ----
start_server "$T/log1" $SERVE
check "login" 303 "$(login anna password-di-anna "$T/anna")"
set_cookie=$(tr -d '\r' < "$T/head" | grep -i '^set-cookie: sila_sessione=')
ANNA=$(cookie_of "$T/anna")
check "session token is 64 hex" 64 "${#ANNA}"
check "home with a session" 200 "$(status -b "$T/anna" "$U/pubblica")"
CSRF=$(csrf_of)
[ -n "$CSRF" ] && ok || bad "no CSRF token in the area's page"
check "luca logs in" 303 "$(login luca password-di-luca "$T/luca")"
check "rita logs in" 303 "$(login rita password-di-rita "$T/rita")"
stop_server

start_server "$T/log2" $SERVE
check "after a restart: same cookie" 200 "$(status -b "$T/anna" "$U/pubblica")"
has "after a restart: still anna" "Accesso come <strong>anna" "$T/body"
check "after a restart: same CSRF token" "$CSRF" "$(csrf_of)"
# the cookie is as it was set at login: the same attributes
case "$set_cookie" in *"Path=/pubblica; HttpOnly; SameSite=Strict"*) ok ;;
  *) bad "session cookie attributes changed: $set_cookie" ;; esac
printf 'comune;abitanti\nCosenza;65000\nRende;35000\n' > "$T/comuni.csv"
check "a form posts with the old CSRF token" 303 "$(status -b "$T/anna" -F "csrf=$CSRF" -F "file=@$T/comuni.csv;type=text/csv" "$U/pubblica/carica")"
check "upload goes to the mapping" "/pubblica/modello" "$(header Location)"
check "a wrong CSRF token still refused" 403 "$(status -b "$T/anna" --data "csrf=$(echo "$CSRF" | tr 0-9a-f a-f0-9)" "$U/pubblica/esci")"
stop_server

start_server "$T/log3" $SERVE
# the upload in progress (the session's work field) survived too
check "after a restart: the upload in progress" 200 "$(status -b "$T/anna" "$U/pubblica/modello")"
has "the upload's column" "abitanti" "$T/body"
# ---- the store holds no raw token ----
"$SILA" dump --store "$T/store" > "$T/dump.nq" 2>/dev/null
hasnt "no token in a dump" "$ANNA" "$T/dump.nq"
found=0
for f in "$T/store"/*.mdb; do grep -a -q -- "$ANNA" "$f" && found=1; done
check "no raw token in the store's files" 0 "$found"
hash=$(printf '%s' "$ANNA" | sha256sum | cut -c1-64)
found=0
for f in "$T/store"/*.mdb; do grep -a -q -- "session/$hash" "$f" && found=1; done
check "the token's SHA-256 is the key" 1 "$found"
for f in "$T/store"/*.mdb; do grep -a -q -- "127.0.0.1" "$f" && bad "an address in the store: $f"; done
ok

# ---- logout, a removed user, a changed password end sessions ----
check "logout" 303 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/esci")"
check "after logout: no session" 303 "$(status -b "$T/anna" "$U/pubblica")"
"$SILA" user del --store "$T/store" luca >/dev/null; check "user del" 0 $?
echo "password-nuova-rita" | "$SILA" user passwd --store "$T/store" rita >/dev/null
check "user passwd" 0 $?
check "removed user: no session" 303 "$(status -b "$T/luca" "$U/pubblica")"
check "changed password: no session" 303 "$(status -b "$T/rita" "$U/pubblica")"
stop_server
start_server "$T/log4" $SERVE
check "logout then restart: the cookie does not work" 303 "$(status -b "$T/anna" "$U/pubblica")"
check "... to the login page" "/pubblica/accesso" "$(header Location)"
check "logout then restart: a form is refused" 401 "$(status -b "$T/anna" --data "csrf=$CSRF" "$U/pubblica/esci")"
check "removed user, restart: no session" 303 "$(status -b "$T/luca" "$U/pubblica")"
check "rita logs in with the new password" 303 "$(login rita password-nuova-rita "$T/rita")"
stop_server

# ---- the login rate limit behind a trusted proxy ----
start_server "$T/log5" $SERVE --trusted-proxy 127.0.0.1
A="X-Forwarded-For: 203.0.113.7"
for n in $(seq 1 20); do login "nessuno$n" wrong "$T/jar-x" -H "$A" >/dev/null; done
check "client A locked out" 429 "$(login anna password-di-anna "$T/jar-a" -H "$A")"
check "client B has its own limit" 303 "$(login anna password-di-anna "$T/jar-b" -H "X-Forwarded-For: 198.51.100.9")"
# the client's own claims left of what the proxy saw do not count
check "A claiming to be B: still A" 429 "$(login anna password-di-anna "$T/jar-a" -H "X-Forwarded-For: 198.51.100.9, 203.0.113.7")"
check "A behind two trusted hops: still A" 429 "$(login anna password-di-anna "$T/jar-a" -H "X-Forwarded-For: 203.0.113.7, 127.0.0.1")"
check "a request without the header: the proxy's own limit" 303 "$(login anna password-di-anna "$T/jar-c")"
stop_server

# ---- from an address not trusted, the header is ignored (configuration file) ----
printf 'trusted_proxies = 10.0.0.1, 192.0.2.0/24\n' > "$T/serve.conf"
start_server "$T/log6" $SERVE --config "$T/serve.conf"
for n in $(seq 1 20); do login "nessuno$n" wrong "$T/jar-x" -H "X-Forwarded-For: 203.0.113.$n" >/dev/null; done
check "untrusted: one limit whatever the header says" 429 "$(login anna password-di-anna "$T/jar-a" -H "X-Forwarded-For: 198.51.100.77")"
# the same rule for the public base of the linked-data side
status -H "X-Forwarded-Host: proxy.example" -H "X-Forwarded-Proto: https" "$U/void" >/dev/null
hasnt "untrusted: X-Forwarded-Host ignored" "proxy.example" "$T/body"
stop_server
start_server "$T/log7" $SERVE
status -H "X-Forwarded-Host: proxy.example" -H "X-Forwarded-Proto: https" "$U/void" >/dev/null
has "trusted (loopback, the default): X-Forwarded-Host used" "https://proxy.example" "$T/body"
stop_server

"$SILA" serve --store "$T/store" --port 0 --trusted-proxy nonsense 2> "$T/err" >/dev/null &
p=$!
PIDS="$PIDS $p"
wait "$p"; check "a bad trusted proxy refused" 1 "$?"
has "a bad trusted proxy named" "trusted proxy 'nonsense'" "$T/err"

echo "pubarea_session: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
