#!/bin/bash
# virtuoso_bench.sh — the query mix on Virtuoso (Debian virtuoso-opensource-7,
# 7.2.5), over HTTP, one client, for bench/compare.sh.
#
#   virtuoso_bench.sh --data FILE.nt --db DIR [--runs R]
#                     [--clients N [--seconds S] [--warmup S]] QUERY.rq...
#
# The instance is compare/virtuoso_instance.sh's: its own virtuoso.ini in DIR
# (server and HTTP ports on 127.0.0.1 only, free ports chosen at start),
# virtuoso-t in the foreground as a child, stopped by its PID; FILE is
# bulk-loaded once (ld_dir + rdf_loader_run + checkpoint; DIR/loaded records
# which file, so later runs reuse the database).  Runs http_bench.mjs against
# http://127.0.0.1:PORT/sparql.
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

. "$here/virtuoso_instance.sh"
virtuoso_find || exit 3
data=$(cd "$(dirname "$data")" && pwd)/$(basename "$data")
trap virtuoso_stop EXIT
trap 'exit 130' INT TERM
virtuoso_start "$db" "$(dirname "$data")" || exit 3
# Its listening sockets, to show that they are on 127.0.0.1 only.
listen=$( (ss -ltnp 2>/dev/null || true) | awk -v p="pid=$virtuoso_pid," 'index($0, p) {print $4}' | sort | tr '\n' ' ')
echo "virtuoso $virtuoso_version: PID $virtuoso_pid, listening on ${listen:-127.0.0.1:$virtuoso_port 127.0.0.1:$virtuoso_http_port}"
virtuoso_load "$data" || exit 1
echo "RESULT engine=virtuoso version=$virtuoso_version triples=$(virtuoso_count)"

node "$here/http_bench.mjs" --endpoint "http://127.0.0.1:$virtuoso_http_port/sparql" --engine virtuoso \
  --runs "$runs" "$@"
status=$?
if [ "$clients" -gt 0 ] 2>/dev/null; then
  echo "load average before the $clients-client run: $(cut -d' ' -f1-3 /proc/loadavg)"
  node "$here/http_load.mjs" --endpoint "http://127.0.0.1:$virtuoso_http_port/sparql" --engine virtuoso \
    --clients "$clients" --seconds "$seconds" --warmup "$warmup" --server-pid "$virtuoso_pid" "$@" ||
    { [ "$status" -eq 0 ] && status=4; }
fi
virtuoso_stop
exit $status
