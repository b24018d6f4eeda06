#!/bin/sh
# memory.sh [SILA] [SECONDS] — does the server give memory back after large
# queries (issue 13 item 3)?  8 clients (2 addresses x 4) send, for SECONDS
# (default 5), a query whose intermediate values take ~80 MB (CONCAT of 64
# x a 10 000-character value, twice); prints the server's resident memory
# before, its peak, and 1 s after the load.
set -eu
SILA=${1:-${SILA_BIN:-./sila}}
SECS=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/sila-mem-XXXXXX")
PID=
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
"$SILA" init "$T/store" >/dev/null
bench_serve "$T/log" --store "$T/store"
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" /proc/$PID/status; }
before=$(kb VmRSS)
python3 - "$PORT" "$SECS" <<'PY'
import http.client, sys, threading, time, urllib.parse
port, secs = int(sys.argv[1]), float(sys.argv[2])
a = "x" * 10000
b = "CONCAT(" + ",".join(["?a"] * 64) + ")"
c = "CONCAT(" + ",".join(["?b"] * 64) + ")"
q = f'SELECT (STRLEN(?c) AS ?n) WHERE {{ BIND("{a}" AS ?a) BIND({b} AS ?b) BIND({c} AS ?c) }}'
body = urllib.parse.urlencode({"query": q})
stop = time.time() + secs
def client(src):
    while time.time() < stop:
        h = http.client.HTTPConnection("127.0.0.1", port, source_address=(src, 0))
        h.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
        h.getresponse().read()
        h.close()
ts = [threading.Thread(target=client, args=(f"127.0.0.{2 + i % 2}",)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
PY
sleep 1
echo "resident memory: before ${before} kB, peak $(kb VmHWM) kB, 1 s after the load $(kb VmRSS) kB"
