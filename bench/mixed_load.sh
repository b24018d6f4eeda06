#!/bin/sh
# mixed_load.sh [SILA] [SECONDS] — lookups beside expensive queries (issue
# 13 item 2): 2 addresses x 4 and 8 addresses x 1 expensive queries (a REGEX
# over a cross product, timeout=2) with the default long-query places (on 2
# cores one at the normal weight, one at SCHED_IDLE),
# while one client sends lookups over keep-alive, once as they run (on the
# polling thread) and once forced through the worker pool (WORKER=1).
# Prints lookups/s, median and p99; then 24 lookup connections (wrk) beside 8
# expensive clients.  Takes 5 x SECONDS (default 10).  CONF=FILE in the
# environment: the server's configuration file (e.g. slow_queries_idle = 0,
# to compare with the places of long queries before issue 21).
set -eu
SILA=${1:-${SILA_BIN:-./sila}}
SECS=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/serve_lib.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/sila-mixed-XXXXXX")
PID=
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
"$SILA" init "$T/store" >/dev/null
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/d.nt"
"$SILA" load --store "$T/store" "$T/d.nt" >/dev/null 2>&1
bench_serve "$T/log" --store "$T/store" --max-per-client 64 ${CONF:+--config "$CONF"}
for shape in "2 4" "8 1"; do
  for w in 0 1; do
    printf 'addresses x queries = %s, lookups %s: ' "$(echo $shape | tr ' ' x)" \
      "$([ $w = 1 ] && echo 'through workers' || echo 'as they run')"
    WORKER=$w python3 "$here/../tests/web_starve.py" "$PORT" "$SECS" 50 $shape || true
  done
done
# The crowd of issue 13: 24 lookup connections (wrk) beside 8 expensive
# clients, with --max-per-client 64.
if command -v wrk >/dev/null 2>&1; then
  python3 "$here/../tests/web_starve.py" "$PORT" $((SECS + 2)) 1000000 8 1 >/dev/null 2>&1 &
  LOADPID=$!
  sleep 0.5
  printf '24 lookup connections (wrk) beside 8 x 1 expensive: '
  wrk -t2 -c24 -d"${SECS}s" --latency "http://127.0.0.1:$PORT/sparql?query=SELECT%20%3Fo%20WHERE%20%7B%20%3Chttp%3A%2F%2Fexample.org%2Fn42%3E%20%3Chttp%3A%2F%2Fexample.org%2Fv%3E%20%3Fo%20%7D" |
    sed -n 's/^ *50% *\([^ ]*\)/median \1/p; s/^ *99% *\([^ ]*\)/p99 \1/p; s/^Requests\/sec: *\([^ ]*\)/\1 lookups\/s/p' | tr '\n' ' '
  echo
  wait "$LOADPID" || true
fi
