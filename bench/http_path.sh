#!/bin/sh
# http_path.sh [SILA] [N] — the HTTP path's cost: server CPU per request
# (from /proc/PID/stat over N requests, default 2000) for ASK {} and a
# one-row lookup, over one keep-alive connection and with a new connection
# per request, on a 20 K-triple store; and a query past the 1 ms budget of
# running inline (see http_path.py).  Takes about 20 s.
#   STORE=DIR: serve that store instead (read only; e.g. bench/shapes.sh's),
#   QUERY_FILES="a.rq b.rq": measure these too, e.g.
#   STORE=bench/data/store-shop-1000000 QUERY_FILES=bench/shapes/s07-similar-items.rq
set -eu
SILA=${1:-${SILA_BIN:-./sila}}
N=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/sila-http-path-XXXXXX")
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
PID=
if [ -n "${STORE:-}" ]; then
  ln -s "$(cd "$STORE" && pwd)" "$T/store"
else
  "$SILA" init "$T/store" >/dev/null
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/d.nt"
  "$SILA" load --store "$T/store" "$T/d.nt" >/dev/null 2>&1
fi
# CONF: extra configuration lines for the server (e.g. "poll_threads = 1")
printf '%s\n' "${CONF:-}" > "$T/conf"
bench_serve "$T/log" --store "$T/store" --max-per-client 64 --config "$T/conf"
# the server's own PID (SILA may be a libtool wrapper that execs it)
python3 "$here/http_path.py" "$PID" 127.0.0.1 "$PORT" "$N"
