#!/bin/sh
# web_proxy_limits.sh — the per-client limits behind a reverse proxy, over
# real HTTP: requests that come through a trusted proxy (nginx in front,
# --trusted-proxy) count against their client's forwarded address
# (X-Forwarded-For), so one busy client does not take the slots of the
# others; the proxy's own connections are not cut by the per-address
# connection limit (only the total applies); from an address that is not
# a trusted proxy, X-Forwarded-For changes nothing.
set -u
SILA=${SILA_BIN:-./sila}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
SILA_TEST_NAME=proxylim
. "${SILA_SRCDIR:-$(dirname "$0")/..}/tests/http_lib.sh"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/big.nt"
"$SILA" load --store "$T/store" "$T/big.nt" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }

start_server "$T/log" --store "$T/store" --trusted-proxy 127.0.0.1 --max-per-client 2 \
  --max-conns-per-client 3 --workers 4 --timeout 30

Q() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
SLOW=$(Q 'SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/v> ?b . ?c <http://example.org/v> ?d . ?e <http://example.org/v> ?f }')
SEL=$(Q 'SELECT ?o WHERE { <http://example.org/n7> <http://example.org/v> ?o }')
# slow FROM XFF: a query that holds a slot until it is killed
slow() { $C --interface "$1" -H "X-Forwarded-For: $2" -o /dev/null "$U/sparql?query=$SLOW" & }
# ---- through the trusted proxy: each forwarded client has its own slots ----
slow 127.0.0.1 203.0.113.5; S1=$!
slow 127.0.0.1 203.0.113.5; S2=$!
sleep 1
check same-client-503 503 "$(status -H 'X-Forwarded-For: 203.0.113.5' "$U/sparql?query=$SEL")"
has same-client-msg 'too many concurrent requests' "$T/body"
check other-client-200 200 "$(status -H 'X-Forwarded-For: 203.0.113.6' "$U/sparql?query=$SEL")"
has other-client-answer '"7"' "$T/body"
# a chain: the right-most address that is not a trusted proxy is the client
check chain-client-503 503 "$(status -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.5' "$U/sparql?query=$SEL")"
kill $S1 $S2 2>/dev/null; wait $S1 $S2 2>/dev/null
sleep 0.5

# ---- from an address that is not a trusted proxy, the header is ignored ----
slow 127.0.0.2 203.0.113.7; S1=$!
slow 127.0.0.2 203.0.113.8; S2=$!
sleep 1
check untrusted-503 503 "$(status --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.9' "$U/sparql?query=$SEL")"
check untrusted-other-200 200 "$(status --interface 127.0.0.3 "$U/sparql?query=$SEL")"
kill $S1 $S2 2>/dev/null; wait $S1 $S2 2>/dev/null
sleep 0.5

# ---- connections: the proxy's are not cut at the per-address limit ----
# (3 here: a 4th to 6th connection of an address gets 503, more are closed)
python3 - "$PORT" > "$T/conns" <<'PY'
import socket, sys
port = int(sys.argv[1])
def served(src, n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        socks.append(s)
    ok = 0
    for s in socks:
        try:
            s.send(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            ok += s.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            pass
    for s in socks:
        s.close()
    return ok
print("proxy", served("127.0.0.1", 12))
print("other", served("127.0.0.2", 12))
PY
check proxy-conns-served "proxy 12" "$(grep proxy "$T/conns")"
check other-conns-limited "other 3" "$(grep other "$T/conns")"

stop_server
echo "web_proxy_limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
