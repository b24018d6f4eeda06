#!/bin/bash
# virtuoso_bench.sh — the query mix on Virtuoso (Debian virtuoso-opensource-7,
# 7.2.5), over HTTP, one client, for bench/compare.sh.
#
#   virtuoso_bench.sh --data FILE.nt --db DIR [--runs R]
#                     [--clients N [--seconds S] [--warmup S]] QUERY.rq...
#
# Writes its own virtuoso.ini in DIR (server and HTTP ports on 127.0.0.1 only,
# free ports chosen at start), starts virtuoso-t in the foreground as a child
# and remembers its PID, bulk-loads FILE once (ld_dir + rdf_loader_run +
# checkpoint; DIR/loaded records which file, so later runs reuse the
# database), runs http_bench.mjs against http://127.0.0.1:PORT/sparql and
# stops the server by its PID (isql shutdown, then SIGTERM if needed).
# With --clients N (N > 0), http_load.mjs then runs the mix from N concurrent
# clients for S seconds (default 30) after a warm-up (default 5 s) on the
# same server before it is stopped.
#
# Virtuoso keeps every triple in a graph; the file goes into
# <urn:sila:bench>, and a query without FROM sees the union of all graphs,
# like Sila's union default graph.
#
# Exit status 0 after a run; 3 when Virtuoso is not installed or cannot be
# started (the reason is printed as "virtuoso: NOT MEASURED - ..."); 1 on a
# failed load or query; 4 when only the --clients run failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runs=20
data=
db=
clients=0
seconds=30
warmup=5
while [ $# -gt 0 ]; do
  case $1 in
    --data) data=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --*) echo "usage: $0 --data FILE.nt --db DIR [--runs R] [--clients N [--seconds S] [--warmup S]] QUERY.rq..." >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$data" ] && [ -n "$db" ] && [ $# -gt 0 ] || {
  echo "usage: $0 --data FILE.nt --db DIR [--runs R] [--clients N [--seconds S] [--warmup S]] QUERY.rq..." >&2; exit 2; }

virtuoso=${VIRTUOSO_BIN:-$(command -v virtuoso-t)}
isql=${VIRTUOSO_ISQL:-$(command -v isql-vt || command -v isql)}
if [ ! -x "$virtuoso" ] || [ ! -x "$isql" ]; then
  echo "virtuoso: NOT MEASURED - virtuoso-t/isql-vt not installed (apt-get install virtuoso-opensource-7-bin)"
  exit 3
fi
version=$(dpkg-query -W -f '${Version}' virtuoso-opensource-7-bin 2>/dev/null ||
  "$virtuoso" -? 2>&1 | grep -o 'Version [0-9.]*' | head -1)

data=$(cd "$(dirname "$data")" && pwd)/$(basename "$data")
mkdir -p "$db"
db=$(cd "$db" && pwd)

# Two free TCP ports on 127.0.0.1 (asked from the kernel, then released).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
port=$(free_port)
http_port=$(free_port)
while [ "$http_port" = "$port" ]; do http_port=$(free_port); done

cat >"$db/virtuoso.ini" <<EOF
; Written by bench/compare/virtuoso_bench.sh: a private benchmark instance.
[Database]
DatabaseFile = $db/virtuoso.db
ErrorLogFile = $db/virtuoso.log
LockFile = $db/virtuoso.lck
TransactionFile = $db/virtuoso.trx
xa_persistent_file = $db/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $db/virtuoso-temp.db
TransactionFile = $db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$port
LiteModeOn = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 0
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., $(dirname "$data"), $db
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 256
MaxMemPoolSize = 200000000
; About 2.7 GB of 8 KB pages: the 5 M-triple database fits in memory.
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000

[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = $db
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContentEncoding = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
DeferInferenceRulesInit = 0
EOF

pid=
stop_server() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    "$isql" "127.0.0.1:$port" dba dba -K >/dev/null 2>&1
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  pid=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

sql() {
  "$isql" "127.0.0.1:$port" dba dba VERBOSE=OFF BANNER=OFF PROMPT=OFF ERRORS=STDOUT exec="$1"
}

(cd "$db" && exec "$virtuoso" +foreground +configfile "$db/virtuoso.ini") >"$db/stdout.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || break
  if sql "SELECT 1;" >/dev/null 2>&1 &&
    curl -s -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D"; then
    ready=1; break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "virtuoso: NOT MEASURED - the server did not start (see $db/virtuoso.log):"
  tail -5 "$db/virtuoso.log" "$db/stdout.log" 2>/dev/null | sed 's/^/  /'
  exit 3
fi
# Its listening sockets, to show that they are on 127.0.0.1 only.
listen=$( (ss -ltnp 2>/dev/null || true) | awk -v p="pid=$pid," 'index($0, p) {print $4}' | sort | tr '\n' ' ')
echo "virtuoso $version: PID $pid, listening on ${listen:-127.0.0.1:$port 127.0.0.1:$http_port}"

stamp="$data $(stat -c '%s %Y' "$data")"
if [ "$(cat "$db/loaded" 2>/dev/null)" != "$stamp" ]; then
  if [ -f "$db/loaded" ] || [ "$(sql "SPARQL SELECT COUNT(*) FROM <urn:sila:bench> WHERE { ?s ?p ?o };" | tr -dc 0-9)" != "0" ]; then
    sql "SPARQL CLEAR GRAPH <urn:sila:bench>; DELETE FROM DB.DBA.load_list;" >/dev/null
  fi
  rm -f "$db/loaded"
  t0=$(date +%s.%N)
  out=$(sql "ld_dir('$(dirname "$data")', '$(basename "$data")', 'urn:sila:bench'); rdf_loader_run(); checkpoint;" 2>&1)
  t1=$(date +%s.%N)
  errors=$(sql "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
  if echo "$out" | grep -q '\*\*\* Error' || [ -n "$(echo "$errors" | tr -d '[:space:]')" ]; then
    echo "virtuoso: load failed:"; echo "$out" "$errors" | sed 's/^/  /'
    exit 1
  fi
  echo "$stamp" >"$db/loaded"
  load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  echo "virtuoso: bulk-loaded $(basename "$data") in $load_s s (ld_dir + rdf_loader_run + checkpoint)"
  echo "RESULT engine=virtuoso load_seconds=$load_s"
else
  echo "virtuoso: reusing the database in $db (already loaded with $(basename "$data"))"
fi
count=$(sql "SPARQL SELECT COUNT(*) FROM <urn:sila:bench> WHERE { ?s ?p ?o };" | tr -dc 0-9)
echo "RESULT engine=virtuoso version=$version triples=$count"

node "$here/http_bench.mjs" --endpoint "http://127.0.0.1:$http_port/sparql" --engine virtuoso \
  --runs "$runs" "$@"
status=$?
if [ "$clients" -gt 0 ] 2>/dev/null; then
  echo "load average before the $clients-client run: $(cut -d' ' -f1-3 /proc/loadavg)"
  node "$here/http_load.mjs" --endpoint "http://127.0.0.1:$http_port/sparql" --engine virtuoso \
    --clients "$clients" --seconds "$seconds" --warmup "$warmup" --server-pid "$pid" "$@" ||
    { [ "$status" -eq 0 ] && status=4; }
fi
stop_server
exit $status
