# virtuoso_instance.sh — a throwaway Virtuoso instance for the benchmarks,
# sourced (bash) by compare/virtuoso_bench.sh and peers.sh:
#
#   virtuoso_find            virtuoso, isql and virtuoso_version ($VIRTUOSO_BIN,
#                            $VIRTUOSO_ISQL, else Debian's virtuoso-t, isql-vt);
#                            returns 1 with "virtuoso: NOT MEASURED - ..." printed
#                            when they are not installed
#   virtuoso_start DB DIR    writes DB/virtuoso.ini (server and HTTP ports on
#                            127.0.0.1 chosen free: virtuoso_port,
#                            virtuoso_http_port; files read from DIR), starts
#                            virtuoso-t in the foreground as a child
#                            (virtuoso_pid) and waits until SQL and /sparql
#                            answer; returns 1 with "virtuoso: NOT MEASURED -
#                            ..." printed when it does not start
#   virtuoso_sql SQL         runs SQL through isql (errors on stdout)
#   virtuoso_load FILE       bulk-loads FILE (in DIR) into <urn:sila:bench>
#                            with ld_dir + rdf_loader_run + checkpoint unless
#                            DB/loaded says it already is; prints "RESULT
#                            engine=virtuoso load_seconds=S"; returns 1 with
#                            the errors printed when the load fails
#   virtuoso_count           the triples in <urn:sila:bench>
#   virtuoso_stop            stops it by its PID: isql shutdown, then SIGTERM,
#                            then SIGKILL; waits for it
#
# virtuoso_max_rows (default 1000000) is the SPARQL endpoint's row cap.  A
# query without FROM sees the union of all graphs, like Sila's union
# default graph.

virtuoso_find() {
  virtuoso=${VIRTUOSO_BIN:-$(command -v virtuoso-t || true)}
  isql=${VIRTUOSO_ISQL:-$(command -v isql-vt || command -v isql || true)}
  if [ ! -x "$virtuoso" ] || [ ! -x "$isql" ]; then
    echo "virtuoso: NOT MEASURED - virtuoso-t/isql-vt not installed (apt-get install virtuoso-opensource-7-bin)"
    return 1
  fi
  virtuoso_version=$(dpkg-query -W -f '${Version}' virtuoso-opensource-7-bin 2>/dev/null ||
    "$virtuoso" -? 2>&1 | grep -o 'Version [0-9.]*' | head -1)
}

# A free TCP port on 127.0.0.1 (asked from the kernel, then released).
virtuoso_free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
}

virtuoso_sql() {
  "$isql" "127.0.0.1:$virtuoso_port" dba dba VERBOSE=OFF BANNER=OFF PROMPT=OFF ERRORS=STDOUT exec="$1"
}

virtuoso_start() {
  mkdir -p "$1" || return 1
  virtuoso_db=$(cd "$1" && pwd)
  virtuoso_dir=$2
  virtuoso_port=$(virtuoso_free_port)
  virtuoso_http_port=$(virtuoso_free_port)
  while [ "$virtuoso_http_port" = "$virtuoso_port" ]; do virtuoso_http_port=$(virtuoso_free_port); done
  cat >"$virtuoso_db/virtuoso.ini" <<EOF
; Written by bench/compare/virtuoso_instance.sh: a private benchmark instance.
[Database]
DatabaseFile = $virtuoso_db/virtuoso.db
ErrorLogFile = $virtuoso_db/virtuoso.log
LockFile = $virtuoso_db/virtuoso.lck
TransactionFile = $virtuoso_db/virtuoso.trx
xa_persistent_file = $virtuoso_db/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $virtuoso_db/virtuoso-temp.db
TransactionFile = $virtuoso_db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$virtuoso_port
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
DirsAllowed = ., $virtuoso_dir, $virtuoso_db
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
ServerPort = 127.0.0.1:$virtuoso_http_port
ServerRoot = $virtuoso_db
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
ResultSetMaxRows = ${virtuoso_max_rows:-1000000}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
DefaultQuery = SELECT * WHERE { ?s ?p ?o } LIMIT 10
DeferInferenceRulesInit = 0
EOF
  (cd "$virtuoso_db" && exec "$virtuoso" +foreground +configfile "$virtuoso_db/virtuoso.ini") \
    >"$virtuoso_db/stdout.log" 2>&1 &
  virtuoso_pid=$!
  for _ in $(seq 1 600); do
    kill -0 "$virtuoso_pid" 2>/dev/null || break
    if virtuoso_sql "SELECT 1;" >/dev/null 2>&1 &&
      curl -s -o /dev/null "http://127.0.0.1:$virtuoso_http_port/sparql?query=ASK%7B%7D"; then
      return 0
    fi
    sleep 0.2
  done
  echo "virtuoso: NOT MEASURED - the server did not start (see $virtuoso_db/virtuoso.log):"
  tail -5 "$virtuoso_db/virtuoso.log" "$virtuoso_db/stdout.log" 2>/dev/null | sed 's/^/  /'
  virtuoso_stop
  return 1
}

virtuoso_count() {
  virtuoso_sql "SPARQL SELECT COUNT(*) FROM <urn:sila:bench> WHERE { ?s ?p ?o };" | tr -dc 0-9
}

virtuoso_load() {
  local file=$1 stamp out errors t0 t1 load_s
  stamp="$file $(stat -c '%s %Y' "$file")"
  if [ "$(cat "$virtuoso_db/loaded" 2>/dev/null)" = "$stamp" ]; then
    echo "virtuoso: reusing the database in $virtuoso_db (already loaded with $(basename "$file"))"
    return 0
  fi
  if [ -f "$virtuoso_db/loaded" ] || [ "$(virtuoso_count)" != "0" ]; then
    virtuoso_sql "SPARQL CLEAR GRAPH <urn:sila:bench>; DELETE FROM DB.DBA.load_list;" >/dev/null
  fi
  rm -f "$virtuoso_db/loaded"
  t0=$(date +%s.%N)
  out=$(virtuoso_sql "ld_dir('$(dirname "$file")', '$(basename "$file")', 'urn:sila:bench'); rdf_loader_run(); checkpoint;" 2>&1)
  t1=$(date +%s.%N)
  errors=$(virtuoso_sql "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
  if echo "$out" | grep -q '\*\*\* Error' || [ -n "$(echo "$errors" | tr -d '[:space:]')" ]; then
    echo "virtuoso: load failed:"
    echo "$out" "$errors" | sed 's/^/  /'
    return 1
  fi
  echo "$stamp" >"$virtuoso_db/loaded"
  load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  echo "virtuoso: bulk-loaded $(basename "$file") in $load_s s (ld_dir + rdf_loader_run + checkpoint)"
  echo "RESULT engine=virtuoso load_seconds=$load_s"
}

virtuoso_stop() {
  [ -n "${virtuoso_pid:-}" ] || return 0
  if kill -0 "$virtuoso_pid" 2>/dev/null; then
    "$isql" "127.0.0.1:$virtuoso_port" dba dba -K >/dev/null 2>&1
    for _ in $(seq 1 100); do kill -0 "$virtuoso_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$virtuoso_pid" 2>/dev/null && kill -TERM "$virtuoso_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$virtuoso_pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$virtuoso_pid" 2>/dev/null && kill -KILL "$virtuoso_pid" 2>/dev/null
  fi
  wait "$virtuoso_pid" 2>/dev/null
  virtuoso_pid=
}
