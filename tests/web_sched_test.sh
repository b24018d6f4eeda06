#!/bin/sh
# web_sched_test.sh — the places of long queries (issue 21, web_workers.c):
# with one normal place and one idle place, two long queries run at once,
# the second on a thread lowered to SCHED_IDLE (seen from outside in
# /proc/PID/task/*/stat); a third waits (never more lowered threads than idle
# places); no lowered thread is left once they end (put back, or ended where
# that is not permitted), and lookups are answered meanwhile and after; when
# the normal place frees, the idle place's query takes it.
# With no idle place (slow_queries_idle = 0) no thread is ever lowered.
# Linux only (/proc).  Servers on 127.0.0.1, --port 0, stopped by PID.
set -u
SILA=${SILA_BIN:-./sila}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
[ -d /proc/self/task ] || { echo "SKIP: no /proc"; exit 77; }
SILA_TEST_NAME=sched
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
. "$SRC/tests/http_lib.sh"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/d.nt"
"$SILA" load --store "$T/store" "$T/d.nt" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }
# ~9 M rows of REGEX: seconds of CPU, cut by timeout=1.5
EXP=$(printf 'SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/v> ?x . ?b <http://example.org/v> ?y . FILTER(REGEX(CONCAT(?x, "-", ?y), "^9+-9+$")) }' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
LOOKUP="$(printf 'SELECT ?o WHERE { <http://example.org/n42> <http://example.org/v> ?o }' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')"

# serve LOG CONF: http_lib.sh's start_server (PID, PORT, U) with CONF
serve() { start_server "$1" --store "$T/store" --max-per-client 16 --config "$2"; }

# The number of the server's threads at SCHED_IDLE (policy 5, the 41st
# field of stat, counted after the command name's closing parenthesis).
lowered() {
  sed 's/.*) //' /proc/$PID/task/*/stat 2>/dev/null | cut -d' ' -f39 | grep -c '^5$'
}

# run_long N : N long queries at once (timeout 1.5 s), sampling the lowered
# threads every 0.05 s while they run; sets MAX (most lowered at once),
# AFTER (lowered once they ended) and LOOKUPS (codes of lookups meanwhile)
run_long() {
  CURLS=""
  k=0
  while [ $k -lt "$1" ]; do
    curl -s --max-time 20 -o /dev/null "$U/sparql?timeout=1.5&x=$k&query=$EXP" &
    CURLS="$CURLS $!"
    k=$((k + 1))
  done
  MAX=0
  LOOKUPS=""
  k=0
  while [ $k -lt 30 ]; do
    n=$(lowered)
    [ "$n" -gt "$MAX" ] && MAX=$n
    [ $((k % 10)) = 5 ] && LOOKUPS="$LOOKUPS$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$U/sparql?query=$LOOKUP")"
    sleep 0.05
    k=$((k + 1))
  done
  for c in $CURLS; do wait "$c" 2>/dev/null; done
  sleep 0.1
  AFTER=$(lowered)
}

printf 'slow_after = 0.01\nslow_queries = 1\nslow_queries_idle = 1\n' > "$T/idle.conf"
serve "$T/log1" "$T/idle.conf"
run_long 1
check one-long-not-lowered 0 "$MAX"
run_long 2
check two-long-one-lowered 1 "$MAX"
check two-long-none-left 0 "$AFTER"
check two-long-lookups 200200200 "$LOOKUPS"
run_long 3
check three-long-one-lowered 1 "$MAX"
check three-long-none-left 0 "$AFTER"
check three-long-lookups 200200200 "$LOOKUPS"
# A short long query (timeout 1.5 s) holds the normal place, a longer one
# (3 s) the idle place: when the first ends, the second takes the normal
# place and its thread is put back, where raising a thread's priority is
# permitted here (CAP_SYS_NICE or RLIMIT_NICE 20; probed with chrt), else
# it stays lowered to its end.
curl -s --max-time 20 -o /dev/null "$U/sparql?timeout=1.5&x=a&query=$EXP" &
C1=$!
sleep 0.3
curl -s --max-time 20 -o /dev/null "$U/sparql?timeout=3&x=b&query=$EXP" &
C2=$!
sleep 0.6
BEFORE=$(lowered)
wait "$C1" 2>/dev/null
sleep 0.3
PROMOTED=$(lowered)
wait "$C2" 2>/dev/null
check promote-before 1 "$BEFORE"
[ "$BEFORE" = 1 ] || cat "$T/log1"
if command -v chrt >/dev/null 2>&1 && chrt -i 0 sh -c 'chrt -o -p 0 $$' 2>/dev/null; then
  check promote-put-back 0 "$PROMOTED"
else
  echo "note: raising a thread's priority is not permitted here: the idle place's query stays lowered"
  check promote-not-permitted 1 "$PROMOTED"
fi
# a thread that could not be put back ended: the pool starts another one
check lookup-after 200 "$(status "$U/sparql?query=%23%20no%20service%0A$LOOKUP")"
has lookup-after-row '"42"' "$T/body"
stop_server

printf 'slow_after = 0.01\nslow_queries = 1\nslow_queries_idle = 0\n' > "$T/none.conf"
serve "$T/log2" "$T/none.conf"
run_long 2
check no-idle-place 0 "$MAX"
check no-idle-place-lookups 200200200 "$LOOKUPS"
stop_server

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
