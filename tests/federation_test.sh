#!/bin/sh
# Federation between Sila instances: `sila query` on one store joins a
# SERVICE pattern answered by `sila serve` on another, over real HTTP; the
# same query without an allow-list is refused.  Then two servers federate:
# `sila serve --service-allow` (and `service_allow` in the configuration
# file) lets the first server's /sparql call the second's; LOAD over
# /update follows `--allow-load` likewise.
set -u
SILA=${SILA_BIN:-../sila}
SILA_TEST_NAME=fed
. "${SILA_SRCDIR:-$(dirname "$0")/..}/tests/http_lib.sh"
# holds NAME SHELL-CONDITION: one check
holds() { if eval "$2"; then ok; else bad "$1"; fi; }
"$SILA" init "$T/a" >/dev/null
"$SILA" init "$T/b" >/dev/null
printf '<http://ex.org/cs> <http://ex.org/name> "Cosenza" .\n<http://ex.org/cz> <http://ex.org/name> "Catanzaro" .\n' >"$T/a.nt"
printf '<http://ex.org/cs> <http://ex.org/pop> "65000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n<http://ex.org/cz> <http://ex.org/pop> "86000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' >"$T/b.nt"
"$SILA" load -q --store "$T/a" "$T/a.nt" 2>/dev/null
"$SILA" load -q --store "$T/b" "$T/b.nt" 2>/dev/null
start_server "$T/serve.log" --store "$T/b" --bind 127.0.0.1
port=$PORT
pidb=$PID
q="SELECT ?n ?p { ?c <http://ex.org/name> ?n SERVICE <http://127.0.0.1:$port/sparql> { ?c <http://ex.org/pop> ?p } } ORDER BY ?n"
"$SILA" query --store "$T/a" --format csv --service-allow "http://127.0.0.1:$port/" \
  --service-allow-private "$q" >"$T/out" 2>"$T/err"
holds "the federated join answers" 'tr -d "\r" <"$T/out" | tr "\n" " " | grep -q "^n,p Catanzaro,86000 Cosenza,65000 $"'
"$SILA" query --store "$T/a" --format csv "$q" >/dev/null 2>"$T/err2"
holds "no allow-list: refused" '[ $? = 1 ] && grep -q "federated queries are disabled" "$T/err2"'
"$SILA" query --store "$T/a" --format csv --service-allow "http://127.0.0.1:$port/" "$q" >/dev/null 2>"$T/err3"
holds "a loopback endpoint needs --service-allow-private" '[ $? = 1 ]'

# Two servers: A (store a) federates with B (store b) over HTTP.
ask() { # ask PORT QUERY: CSV rows of a query to server PORT, on one line
  $C -H 'Accept: text/csv' --data-urlencode "query=$2" -o "$T/body" -w '%{http_code}' \
    "http://127.0.0.1:$1/sparql" >"$T/code"
  tr -d '\r' <"$T/body" | tr '\n' ' '
}
start_a() { # start_a ARGS...: server A on store a, its port in $porta
  start_server "$T/a.log" --store "$T/a" --bind 127.0.0.1 "$@"
  porta=$PORT
}
start_a --service-allow "http://127.0.0.1:$port/" --service-allow-private
out=$(ask "$porta" "$q")
holds "server A federates with server B" '[ "$out" = "n,p Catanzaro,86000 Cosenza,65000 " ]'
holds "the answer is 200" '[ "$(cat "$T/code")" = 200 ]'
other="SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
ask "$porta" "$other" >/dev/null
holds "an endpoint outside the list: 403" '[ "$(cat "$T/code")" = 403 ] && grep -q "allow-list" "$T/body"'
stop_server
start_a --service-allow "http://127.0.0.1:$port/"
ask "$porta" "$q" >/dev/null
holds "loopback without --service-allow-private: refused" '[ "$(cat "$T/code")" = 403 ] && grep -q "private or loopback" "$T/body"'
stop_server
start_a
ask "$porta" "$q" >/dev/null
holds "no allow-list: federation off" '[ "$(cat "$T/code")" = 403 ] && grep -q "federated queries are disabled" "$T/body"'
stop_server
# The same from the configuration file, with LOAD's list beside it.
printf 'service_allow = http://127.0.0.1:%s/, http://unused.example/\nservice_allow_private = yes\nload_allow = http://127.0.0.1:%s/\nload_allow_private = yes\nwrite_token = tok\n' \
  "$port" "$port" >"$T/a.conf"
start_a --config "$T/a.conf"
out=$(ask "$porta" "$q")
holds "service_allow in the configuration file" '[ "$out" = "n,p Catanzaro,86000 Cosenza,65000 " ]'
# LOAD over /update from server B's dump (allowed by load_allow).
code=$($C -o "$T/body" -w '%{http_code}' -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <http://127.0.0.1:$port/sparql?query=CONSTRUCT%7B%3Fs%3Fp%3Fo%7DWHERE%7B%3Fs%3Fp%3Fo%7D> INTO GRAPH <http://ex.org/copy>" \
  "http://127.0.0.1:$porta/update")
holds "LOAD under load_allow: 200 ($code $(head -c 200 "$T/body"))" '[ "$code" = 200 ]'
out=$(ask "$porta" "SELECT (COUNT(*) AS ?n) { GRAPH <http://ex.org/copy> { ?s ?p ?o } }")
holds "LOAD copied server B's 2 triples ($out)" '[ "$out" = "n 2 " ]'
code=$($C -o "$T/body" -w '%{http_code}' -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <http://127.0.0.1:1/x.ttl>" "http://127.0.0.1:$porta/update")
holds "LOAD outside load_allow: 403" '[ "$code" = 403 ]'
stop_server
printf 'service_allow = http://127.0.0.1:%s/\nbogus_key = 1\n' "$port" >"$T/bad.conf"
"$SILA" serve --store "$T/a" --port 0 --config "$T/bad.conf" 2>"$T/err4"
holds "an unknown key is still refused" '[ $? = 2 ] && grep -q "bad.conf:2: unknown key" "$T/err4"'

stop_server "$pidb" "$T/serve.log"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
