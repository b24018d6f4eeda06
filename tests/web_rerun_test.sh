#!/bin/sh
# web_rerun_test.sh — a read query that goes past the budget of running on
# the polling thread is remembered (issue 21): the first request runs inline,
# overruns and runs again on a worker ("rerun" in the access log); the next
# ones with the same text and parameters go straight to a worker
# ("remembered"); cheap queries stay inline; a remembered query that became
# cheap runs inline again.  Read from the access log's last field.  Server on
# 127.0.0.1, --port 0, stopped by PID.
set -u
SILA=${SILA_BIN:-./sila}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=rerun
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
. "$SRC/tests/http_lib.sh"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
# 20 K values under <v> (the expensive query's) and 20 K under <w> (deleted
# later, so that a query on them becomes cheap)
awk 'BEGIN { for (i = 0; i < 20000; i++) {
  printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i
  printf "<http://example.org/n%d> <http://example.org/w> \"%d\" .\n", i, i } }' > "$T/d.nt"
"$SILA" load --store "$T/store" "$T/d.nt" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }

LOG=$T/log
SILA_WRITE_TOKEN=sekrit start_server "$LOG" --store "$T/store" --max-per-client 64

# lines of /sparql requests in the log so far
logged() { grep -c ' /sparql ' "$LOG"; }
# ask ARGS...: one GET /sparql (curl -G ARGS); prints the status and, once
# its access-log line is written (after the answer: wait for it), where it ran
ask() {
  n=$(logged)
  code=$(status -G "$@" "$U/sparql")
  i=0
  while [ "$(logged)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  echo "$code $(grep ' /sparql ' "$LOG" | tail -n 1 | awk '{ print $NF }')"
}
rows() { tail -n 1 "$T/body" | tr -d '\r'; }

# every row's value read and measured: milliseconds of CPU, above the budget
SLOW='SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/v> ?o FILTER(STRLEN(?o) = 4) }'
CHEAP='SELECT ?o WHERE { <http://example.org/n42> <http://example.org/v> ?o }'

check slow-first '200 rerun' "$(ask --data-urlencode "query=$SLOW" -d format=csv)"
check slow-first-rows 9000 "$(rows)"
check slow-second '200 remembered' "$(ask --data-urlencode "query=$SLOW" -d format=csv)"
check slow-second-rows 9000 "$(rows)"
check slow-third '200 remembered' "$(ask --data-urlencode "query=$SLOW" -d format=csv)"
# the key holds the parameters: another format is another entry
check slow-tsv '200 rerun' "$(ask --data-urlencode "query=$SLOW" -d format=tsv)"
check slow-tsv-again '200 remembered' "$(ask --data-urlencode "query=$SLOW" -d format=tsv)"
# ... and the text: one more space is another query
check slow-text '200 rerun' "$(ask --data-urlencode "query=$SLOW " -d format=csv)"
check cheap-first '200 inline' "$(ask --data-urlencode "query=$CHEAP" -d format=csv)"
check cheap-rows 42 "$(rows)"
check cheap-second '200 inline' "$(ask --data-urlencode "query=$CHEAP" -d format=csv)"

# cheap in CPU but more output than an inline run buffers (32 KiB)
LONG='SELECT ?s ?o WHERE { ?s <http://example.org/v> ?o } LIMIT 3000'
check long-first '200 rerun' "$(ask --data-urlencode "query=$LONG" -d format=csv)"
check long-second '200 remembered' "$(ask --data-urlencode "query=$LONG" -d format=csv)"
check long-rows 3001 "$(wc -l < "$T/body" | tr -d ' ')"

# a remembered query that became cheap: its worker run finds it within the
# budget and forgets it, and the next request runs inline again
GONE='SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/w> ?o FILTER(STRLEN(?o) = 4) }'
check gone-first '200 rerun' "$(ask --data-urlencode "query=$GONE" -d format=csv)"
check gone-second '200 remembered' "$(ask --data-urlencode "query=$GONE" -d format=csv)"
check delete 200 "$(status -H 'Authorization: Bearer sekrit' \
  --data-urlencode 'update=DELETE WHERE { ?s <http://example.org/w> ?o }' "$U/update")"
check gone-after-delete '200 remembered' "$(ask --data-urlencode "query=$GONE" -d format=csv)"
check gone-rows 0 "$(rows)"
check gone-inline-again '200 inline' "$(ask --data-urlencode "query=$GONE" -d format=csv)"
check gone-inline-rows 0 "$(rows)"

# a query POSTed directly (application/sparql-query): its text is in the
# body, not the parameters, and is part of the key all the same
ask_post() {
  n=$(logged)
  code=$(status -H 'Content-Type: application/sparql-query' --data-binary "$1" "$U/sparql?format=csv")
  i=0
  while [ "$(logged)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  echo "$code $(grep ' /sparql' "$LOG" | tail -n 1 | awk '{ print $NF }')"
}
check post-slow '200 rerun' "$(ask_post "$SLOW")"
check post-slow-again '200 remembered' "$(ask_post "$SLOW")"
check post-cheap '200 inline' "$(ask_post "$CHEAP")"
check post-cheap-rows 42 "$(rows)"

# many clients at once, overrunning and cheap queries mixed (the table is
# shared by the polling threads and the workers; the TSan build checks it)
CLIENTS=
for c in 1 2 3 4 5 6; do
  (for j in 1 2 3 4 5; do
    curl -s -o /dev/null -G --data-urlencode "query=$SLOW # $((j % 2))" "$U/sparql"
    curl -s -o /dev/null -G --data-urlencode "query=$CHEAP" "$U/sparql"
  done) &
  CLIENTS="$CLIENTS $!"
done
for p in $CLIENTS; do wait "$p"; done
check after-crowd 200 "$(status "$U/health")"
check slow-after-crowd '200 remembered' "$(ask --data-urlencode "query=$SLOW # 1")"
check cheap-after-crowd '200 inline' "$(ask --data-urlencode "query=$CHEAP")"

stop_server

echo "web_rerun_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
