#!/bin/sh
# Federation between two Sila instances: `sila query` on one store joins a
# SERVICE pattern answered by `sila serve` on another, over real HTTP; the
# same query without an allow-list is refused.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-fed.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
"$SILA" init "$work/a" >/dev/null
"$SILA" init "$work/b" >/dev/null
printf '<http://ex.org/cs> <http://ex.org/name> "Cosenza" .\n<http://ex.org/cz> <http://ex.org/name> "Catanzaro" .\n' >"$work/a.nt"
printf '<http://ex.org/cs> <http://ex.org/pop> "65000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n<http://ex.org/cz> <http://ex.org/pop> "86000"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' >"$work/b.nt"
"$SILA" load -q --store "$work/a" "$work/a.nt" 2>/dev/null
"$SILA" load -q --store "$work/b" "$work/b.nt" 2>/dev/null
"$SILA" serve --store "$work/b" --bind 127.0.0.1 --port 0 2>"$work/serve.log" &
pid=$!
port=
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.25
done
check "the second instance started" '[ -n "$port" ]'
q="SELECT ?n ?p { ?c <http://ex.org/name> ?n SERVICE <http://127.0.0.1:$port/sparql> { ?c <http://ex.org/pop> ?p } } ORDER BY ?n"
"$SILA" query --store "$work/a" --format csv --service-allow "http://127.0.0.1:$port/" \
  --service-allow-private "$q" >"$work/out" 2>"$work/err"
check "the federated join answers" 'tr -d "\r" <"$work/out" | tr "\n" " " | grep -q "^n,p Catanzaro,86000 Cosenza,65000 $"'
"$SILA" query --store "$work/a" --format csv "$q" >/dev/null 2>"$work/err2"
check "no allow-list: refused" '[ $? = 1 ] && grep -q "federated queries are disabled" "$work/err2"'
"$SILA" query --store "$work/a" --format csv --service-allow "http://127.0.0.1:$port/" "$q" >/dev/null 2>"$work/err3"
check "a loopback endpoint needs --service-allow-private" '[ $? = 1 ]'
kill "$pid"
wait "$pid" 2>/dev/null
pid=
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
