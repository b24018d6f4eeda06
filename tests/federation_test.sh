#!/bin/sh
# Federation between Sila instances: `sila query` on one store joins a
# SERVICE pattern answered by `sila serve` on another, over real HTTP; the
# same query without an allow-list is refused.  Then two servers federate:
# `sila serve --service-allow` (and `service_allow` in the configuration
# file) lets the first server's /sparql call the second's; LOAD over
# /update follows `--allow-load` likewise.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-fed.XXXXXX)
pid=
pid2=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid2" ] && kill "$pid2" 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
"$SILA" init "$work/a" >/dev/null
"$SILA" init "$work/b" >/dev/null
printf '<http://ex.org/cs> <http://ex.org/name> "Cosenza" .\n<http://ex.org/cz> <http://ex.org/name> "Catanzaro" .\n' >"$work/a.nt"
printf '<http://ex.org/cs> <http://ex.org/pop> "65000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n<http://ex.org/cz> <http://ex.org/pop> "86000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' >"$work/b.nt"
"$SILA" load -q --store "$work/a" "$work/a.nt" 2>/dev/null
"$SILA" load -q --store "$work/b" "$work/b.nt" 2>/dev/null
# wait_port LOG: the port a `sila serve --port 0` prints in LOG.
wait_port() {
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    p=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1" 2>/dev/null | head -1)
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.25
  done
}
"$SILA" serve --store "$work/b" --bind 127.0.0.1 --port 0 2>"$work/serve.log" &
pid=$!
port=$(wait_port "$work/serve.log")
check "the second instance started" '[ -n "$port" ]'
q="SELECT ?n ?p { ?c <http://ex.org/name> ?n SERVICE <http://127.0.0.1:$port/sparql> { ?c <http://ex.org/pop> ?p } } ORDER BY ?n"
"$SILA" query --store "$work/a" --format csv --service-allow "http://127.0.0.1:$port/" \
  --service-allow-private "$q" >"$work/out" 2>"$work/err"
check "the federated join answers" 'tr -d "\r" <"$work/out" | tr "\n" " " | grep -q "^n,p Catanzaro,86000 Cosenza,65000 $"'
"$SILA" query --store "$work/a" --format csv "$q" >/dev/null 2>"$work/err2"
check "no allow-list: refused" '[ $? = 1 ] && grep -q "federated queries are disabled" "$work/err2"'
"$SILA" query --store "$work/a" --format csv --service-allow "http://127.0.0.1:$port/" "$q" >/dev/null 2>"$work/err3"
check "a loopback endpoint needs --service-allow-private" '[ $? = 1 ]'

# Two servers: A (store a) federates with B (store b) over HTTP.
C="curl -s --max-time 20"
ask() { # ask PORT QUERY: CSV rows of a query to server PORT, on one line
  $C -H 'Accept: text/csv' --data-urlencode "query=$2" -o "$work/body" -w '%{http_code}' \
    "http://127.0.0.1:$1/sparql" >"$work/code"
  tr -d '\r' <"$work/body" | tr '\n' ' '
}
start_a() { # start_a ARGS...: server A on store a, its port in $porta
  "$SILA" serve --store "$work/a" --bind 127.0.0.1 --port 0 "$@" 2>"$work/a.log" &
  pid2=$!
  porta=$(wait_port "$work/a.log")
}
stop_a() { kill "$pid2"; wait "$pid2" 2>/dev/null; pid2=; }
start_a --service-allow "http://127.0.0.1:$port/" --service-allow-private
check "server A started with --service-allow" '[ -n "$porta" ]'
out=$(ask "$porta" "$q")
check "server A federates with server B" '[ "$out" = "n,p Catanzaro,86000 Cosenza,65000 " ]'
check "the answer is 200" '[ "$(cat "$work/code")" = 200 ]'
other="SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
ask "$porta" "$other" >/dev/null
check "an endpoint outside the list: 403" '[ "$(cat "$work/code")" = 403 ] && grep -q "allow-list" "$work/body"'
stop_a
start_a --service-allow "http://127.0.0.1:$port/"
ask "$porta" "$q" >/dev/null
check "loopback without --service-allow-private: refused" '[ "$(cat "$work/code")" = 403 ] && grep -q "private or loopback" "$work/body"'
stop_a
start_a
ask "$porta" "$q" >/dev/null
check "no allow-list: federation off" '[ "$(cat "$work/code")" = 403 ] && grep -q "federated queries are disabled" "$work/body"'
stop_a
# The same from the configuration file, with LOAD's list beside it.
printf 'service_allow = http://127.0.0.1:%s/, http://unused.example/\nservice_allow_private = yes\nload_allow = http://127.0.0.1:%s/\nload_allow_private = yes\nwrite_token = tok\n' \
  "$port" "$port" >"$work/a.conf"
start_a --config "$work/a.conf"
out=$(ask "$porta" "$q")
check "service_allow in the configuration file" '[ "$out" = "n,p Catanzaro,86000 Cosenza,65000 " ]'
# LOAD over /update from server B's dump (allowed by load_allow).
code=$($C -o "$work/body" -w '%{http_code}' -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <http://127.0.0.1:$port/sparql?query=CONSTRUCT%7B%3Fs%3Fp%3Fo%7DWHERE%7B%3Fs%3Fp%3Fo%7D> INTO GRAPH <http://ex.org/copy>" \
  "http://127.0.0.1:$porta/update")
check "LOAD under load_allow: 200 ($code $(head -c 200 "$work/body"))" '[ "$code" = 200 ]'
out=$(ask "$porta" "SELECT (COUNT(*) AS ?n) { GRAPH <http://ex.org/copy> { ?s ?p ?o } }")
check "LOAD copied server B's 2 triples ($out)" '[ "$out" = "n 2 " ]'
code=$($C -o "$work/body" -w '%{http_code}' -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <http://127.0.0.1:1/x.ttl>" "http://127.0.0.1:$porta/update")
check "LOAD outside load_allow: 403" '[ "$code" = 403 ]'
stop_a
printf 'service_allow = http://127.0.0.1:%s/\nbogus_key = 1\n' "$port" >"$work/bad.conf"
"$SILA" serve --store "$work/a" --port 0 --config "$work/bad.conf" 2>"$work/err4"
check "an unknown key is still refused" '[ $? = 2 ] && grep -q "bad.conf:2: unknown key" "$work/err4"'

kill "$pid"
wait "$pid" 2>/dev/null
pid=
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
