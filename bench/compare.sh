#!/bin/bash
# Side-by-side query benchmark: Sila, Oxigraph and Virtuoso on the same
# generated data and the same query mix (bench/queries/*.rq).
#
#   bench/compare.sh [--triples N] [--runs R] [--no-http] [--no-oxigraph] [--no-virtuoso]
#                    [--clients N | --no-concurrent] [--seconds S] [--warmup S]
#
# 1. Generates the data (cached as $SILA_BENCH_DIR/calabria-N-s1.nt, default
#    bench/data, git-ignored) and the Sila store beside it (store-N, shared
#    with query.sh).
# 2. In process, one client: Sila (sila-qbench) and Oxigraph (npm `oxigraph`,
#    compare/oxigraph_bench.mjs, in memory).
# 3. Over HTTP, one client on a kept-alive connection (compare/http_bench.mjs):
#    Virtuoso 7.2.5 (compare/virtuoso_bench.sh: its own virtuoso.ini, 127.0.0.1
#    only, bulk load, stopped by PID), and unless --no-http `sila serve` and
#    Oxigraph behind compare/oxigraph_server.mjs, for a like-for-like table.
# 4. Prints per query the median ms of each engine, Sila / the faster peer
#    (< 1: Sila is faster), whether the row counts agree, the mix total and
#    queries per hour for one client. Raw outputs stay in
#    $SILA_BENCH_DIR/compare-N/.
# 5. Unless --clients 0 (or --no-concurrent): N concurrent clients (default 8)
#    against each HTTP engine in turn (compare/http_load.mjs: S seconds,
#    default 30, after a warm-up of 5 s, each client on its own kept-alive
#    connection, the mix in its own rotated order), run while that engine's
#    server is still up after its one-client run, so one server at a time
#    uses the machine; and Sila in process with N threads (sila-qbench
#    --clients N) for reference. A third table gives per query the median
#    and p95 ms under load, Sila / the faster peer, queries and mixes per
#    hour, errors and the server's CPU ms per query.
# Every file is loaded into the default graph (Virtuoso: one graph, and a
# query without FROM sees all graphs); Sila queries the union default graph.
# An engine that is missing (no node/npm, no virtuoso-t) or fails to start is
# reported as "NOT MEASURED - reason" and left out of the tables.
#
# Environment: SILA_BIN (./sila), SILA_GEN (./bench/sila-gen), SILA_QBENCH
# (./bench/sila-qbench) — run it from the build directory — SILA_BENCH_DIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
triples=1000000
runs=20
http=1
oxigraph=1
virtuoso=1
clients=8
seconds=30
warmup=5
usage() { echo "usage: $0 [--triples N] [--runs R] [--no-http] [--no-oxigraph] [--no-virtuoso] [--clients N | --no-concurrent] [--seconds S] [--warmup S]"; }
while [ $# -gt 0 ]; do
  case $1 in
    --triples) triples=${2:?--triples needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --no-http) http=; shift ;;
    --no-oxigraph) oxigraph=; shift ;;
    --no-virtuoso) virtuoso=; shift ;;
    --clients) clients=${2:?--clients needs a value}; shift 2 ;;
    --no-concurrent) clients=0; shift ;;
    --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
    --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
case $triples in
  *[kK]) triples=$((${triples%?} * 1000)) ;;
  *[mM]) triples=$((${triples%?} * 1000000)) ;;
esac
case $triples$runs$clients$seconds$warmup in *[!0-9]*) usage >&2; exit 2 ;; esac
[ "$seconds" -gt 0 ] || { usage >&2; exit 2; }

sila=${SILA_BIN:-./sila}
gen=${SILA_GEN:-./bench/sila-gen}
qbench=${SILA_QBENCH:-./bench/sila-qbench}
data=${SILA_BENCH_DIR:-$here/data}
mkdir -p "$data"
data=$(cd "$data" && pwd)
file="$data/calabria-$triples-s1.nt"
store="$data/store-$triples"
out="$data/compare-$triples"
mkdir -p "$out"
rm -f "$out"/*.txt
queries=("$here"/queries/*.rq)

for tool in "$sila" "$gen" "$qbench"; do
  [ -x "$tool" ] || { echo "$tool not found: run $0 from the build directory (or set SILA_BIN, SILA_GEN, SILA_QBENCH)" >&2; exit 1; }
done
if [ ! -f "$file" ] || [ "$gen" -nt "$file" ]; then
  echo "generating $triples triples into $file"
  "$gen" --triples "$triples" --seed 1 -o "$file" || exit 1
fi
# Rebuilt when missing, older than the data, or of another store format.
if [ ! -f "$store/data.mdb" ] || [ "$file" -nt "$store/data.mdb" ] ||
  ! "$sila" stats --store "$store" >/dev/null 2>&1; then
  rm -rf "$store"
  "$sila" init "$store" >/dev/null || exit 1
  echo "loading $file into the Sila store $store"
  "$sila" load -q --store "$store" "$file" || exit 1
fi
echo "query mix: ${#queries[@]} queries on $triples triples, $runs runs each (median and p95 after one warm-up run)"
[ "$clients" -gt 0 ] &&
  echo "concurrent: $clients clients per HTTP engine for $seconds s after $warmup s of warm-up; sila-qbench --clients $clients in process"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo

# RESULT lines of each run → "engine query rows median p95" lines in all.txt.
collect() { # engine file
  sed -n 's/^RESULT \(engine=[^ ]* \)\{0,1\}query=\([^ ]*\) rows=\([^ ]*\) median_ms=\([^ ]*\) p95_ms=\([^ ]*\).*/\2 \3 \4 \5/p' "$2" |
    sed "s/^/$1 /" >>"$out/all.txt"
}
# RESULT lines of a concurrent run (http_load.mjs) → load.txt: per query
# "engine query rows median p95 count errors", and "engine #total
# queries/hour mixes/hour errors server-CPU-ms/query client-CPU-ms/query
# other-CPUs load-average".
collect_load() { # engine file load-average
  awk -v e="$1" -v la="${3:--}" -v c="$clients" '
    $1 == "RESULT" && $3 == "clients=" c {
      split("", kv)
      for (i = 2; i <= NF; i++) { j = index($i, "="); kv[substr($i, 1, j - 1)] = substr($i, j + 1) }
      if ("query" in kv) print e, kv["query"], kv["rows"], kv["median_ms"], kv["p95_ms"], kv["count"], kv["errors"]
      else if ("mixes_per_hour" in kv)
        print e, "#total", kv["queries_per_hour"], kv["mixes_per_hour"], kv["errors"], kv["server_cpu_ms_per_query"],
          kv["client_cpu_ms_per_query"], kv["other_cpu_cores"], la
    }' "$2" >>"$out/load.txt"
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds the whole machine has used (all processes), from /proc/stat.
clk_tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_s() { awk -v t="$clk_tck" '$1 == "cpu" { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / t; exit }' /proc/stat; }
# `time` prints "wall user system" seconds (on the group's stderr).
TIMEFORMAT='%3R %3U %3S'
declare -A status
declare -A lstatus # the concurrent runs

echo "== sila $(git -C "$here" describe --always --dirty 2>/dev/null || echo) (in process: sila-qbench)"
if "$qbench" --store "$store" --runs "$runs" "${queries[@]}" >"$out/sila.txt" 2>&1; then
  status[sila]=ok
else
  status[sila]="failed (see $out/sila.txt)"
fi
grep -v '^RESULT' "$out/sila.txt"
collect sila "$out/sila.txt"
if [ "$clients" -gt 0 ]; then
  # N threads, each running the mix T times, T chosen so that the threads
  # take about --seconds on one CPU. Only the throughput line is used: the
  # one-client runs come first (T each), so the threads' CPU is the CPU of
  # this call minus that of a call with the one-client runs alone.
  mix_ms=$(sed -n 's/^RESULT mix_median_ms=\([0-9.]*\).*/\1/p' "$out/sila.txt")
  truns=$(awk -v s="$seconds" -v m="${mix_ms:-0}" -v c="$clients" -v r="$runs" \
    'BEGIN { n = m > 0 ? int(s * 1000 / (m * c)) + 1 : r; print (n > r ? n : r) }')
  { time "$qbench" --store "$store" --runs "$truns" "${queries[@]}" >/dev/null 2>&1; } 2>"$out/sila-one.time"
  echo "load average before the $clients-thread run ($truns mixes each): $(cut -d' ' -f1-3 /proc/loadavg)"
  sila_qbench_load=$(loadavg)
  b0=$(busy_s)
  if { time "$qbench" --store "$store" --runs "$truns" --clients "$clients" "${queries[@]}" \
    >"$out/sila-threads.txt" 2>&1; } 2>"$out/sila-threads.time"; then
    lstatus[sila]=ok
  else
    lstatus[sila]="failed (see $out/sila-threads.txt)"
  fi
  b1=$(busy_s)
  # "CPU-ms-per-query other-CPUs" (other processes, over the whole call).
  sila_threads_cpu=$(awk -v b0="$b0" -v b1="$b1" -v t="$truns" -v c="$clients" -v nq="${#queries[@]}" '
    FILENAME ~ /one.time$/ { c1 = $2 + $3 }
    FILENAME ~ /threads.time$/ { w2 = $1; c2 = $2 + $3 }
    END {
      own = c2 - c1
      other = b1 - b0 - c2
      printf "%s %s\n", (own > 0 ? sprintf("%.3f", own * 1000 / (t * c * nq)) : "-"),
        (w2 > 0 ? sprintf("%.2f", (other > 0 ? other : 0) / w2) : "-")
    }' "$out/sila-one.time" "$out/sila-threads.time")
  grep "^$clients clients: " "$out/sila-threads.txt"
fi

have_node=
if [ -n "$oxigraph" ] || [ -n "$virtuoso" ] || [ -n "$http" ]; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ -n "$oxigraph" ] && [ ! -f "$here/compare/node_modules/oxigraph/package.json" ]; then
      echo "installing the npm package oxigraph into $here/compare/node_modules"
      (cd "$here/compare" && npm install --no-audit --no-fund --loglevel=error) >"$out/npm.txt" 2>&1
    fi
    have_node=1
  fi
fi

echo
echo "== oxigraph (in process: compare/oxigraph_bench.mjs)"
if [ -z "$oxigraph" ]; then
  status[oxigraph]="not measured (--no-oxigraph)"
elif [ -z "$have_node" ]; then
  status[oxigraph]="NOT MEASURED - node and npm are needed"
elif [ ! -f "$here/compare/node_modules/oxigraph/package.json" ]; then
  status[oxigraph]="NOT MEASURED - npm install oxigraph failed (see $out/npm.txt)"
elif node --max-old-space-size=8192 "$here/compare/oxigraph_bench.mjs" --data "$file" --runs "$runs" \
  "${queries[@]}" >"$out/oxigraph.txt" 2>&1; then
  status[oxigraph]=ok
else
  status[oxigraph]="failed (see $out/oxigraph.txt)"
fi
[ -f "$out/oxigraph.txt" ] && grep -v '^RESULT' "$out/oxigraph.txt"
[ "${status[oxigraph]}" = ok ] || echo "oxigraph: ${status[oxigraph]}"
collect oxigraph "$out/oxigraph.txt" 2>/dev/null

echo
echo "== virtuoso (over HTTP: compare/virtuoso_bench.sh)"
if [ -z "$virtuoso" ]; then
  status[virtuoso]="not measured (--no-virtuoso)"
elif [ -z "$have_node" ]; then
  status[virtuoso]="NOT MEASURED - node is needed for the HTTP client"
else
  # With --clients, the concurrent run follows on the same server.
  "$here/compare/virtuoso_bench.sh" --data "$file" --db "$data/virtuoso-$triples" --runs "$runs" \
    --clients "$clients" --seconds "$seconds" --warmup "$warmup" "${queries[@]}" >"$out/virtuoso.txt" 2>&1
  rc=$?
  case $rc in
    0 | 4) status[virtuoso]=ok ;;
    3) status[virtuoso]=$(grep -m1 'NOT MEASURED' "$out/virtuoso.txt" | sed 's/^virtuoso: //') ;;
    *) status[virtuoso]="failed (see $out/virtuoso.txt)" ;;
  esac
  grep -v '^RESULT' "$out/virtuoso.txt"
  collect virtuoso "$out/virtuoso.txt"
  if [ "$clients" -gt 0 ]; then
    if [ "$rc" = 3 ]; then
      lstatus[virtuoso]=${status[virtuoso]}
    elif ! grep -q "^RESULT engine=virtuoso clients=$clients seconds=" "$out/virtuoso.txt"; then
      lstatus[virtuoso]="NOT MEASURED - no concurrent run (see $out/virtuoso.txt)"
    else
      [ "$rc" = 0 ] && lstatus[virtuoso]=ok || lstatus[virtuoso]="errors (see $out/virtuoso.txt)"
      collect_load virtuoso "$out/virtuoso.txt" \
        "$(sed -n "s/^load average before the $clients-client run: \([^ ]*\).*/\1/p" "$out/virtuoso.txt")"
    fi
  fi
fi
case ${status[virtuoso]} in ok | NOT\ MEASURED*) ;; *) echo "virtuoso: ${status[virtuoso]}" ;; esac

# A server started in the background, and stopped by its PID.
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
}
trap stop_server EXIT
trap 'exit 130' INT TERM
wait_port() { # log seconds → port from "…127.0.0.1:PORT…", or nothing
  for _ in $(seq 1 $(($2 * 5))); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    port=$(grep -o 'listening on [a-z:/]*127\.0\.0\.1:[0-9]*' "$1" | grep -o '[0-9]*$' | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.2
  done
  return 1
}
http_run() { # engine log
  node "$here/compare/http_bench.mjs" --endpoint "http://127.0.0.1:$port/sparql" --engine "$1" \
    --runs "$runs" --timeout 10 "${queries[@]}" >"$out/$1.txt" 2>&1
  local rc=$?
  grep -v '^RESULT' "$out/$1.txt"
  collect "$1" "$out/$1.txt"
  return $rc
}
# N concurrent clients on the server that is up (server_pid, port).
load_run() { # engine
  [ "$clients" -gt 0 ] || return 0
  if [ "${status[$1]}" != ok ] && [ -z "$(sed -n '/^RESULT .*median_ms=/p' "$out/$1.txt")" ]; then
    lstatus[$1]="NOT MEASURED - the one-client run failed"
    return 0
  fi
  local la
  la=$(loadavg)
  echo "-- $1, $clients clients (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  node "$here/compare/http_load.mjs" --endpoint "http://127.0.0.1:$port/sparql" --engine "$1" \
    --clients "$clients" --seconds "$seconds" --warmup "$warmup" --timeout 60 --server-pid "$server_pid" \
    "${queries[@]}" >"$out/$1-load.txt" 2>&1
  local rc=$?
  grep -v '^RESULT' "$out/$1-load.txt"
  if grep -q "^RESULT engine=$1 clients=$clients seconds=" "$out/$1-load.txt"; then
    [ $rc = 0 ] && lstatus[$1]=ok || lstatus[$1]="errors (see $out/$1-load.txt)"
    collect_load "$1" "$out/$1-load.txt" "$la"
  else
    lstatus[$1]="failed: $(grep -m1 "^$1 " "$out/$1-load.txt" | cut -c1-200) (see $out/$1-load.txt)"
  fi
}

if [ -n "$http" ] && [ -n "$have_node" ]; then
  echo
  echo "== sila-http (sila serve, over HTTP: compare/http_bench.mjs)"
  # The server's defaults (workers, long-query places); every benchmark
  # client comes from 127.0.0.1, so the per-client limit (default 4) must
  # let all of them in.
  "$sila" serve --store "$store" --bind 127.0.0.1 --port 0 --max-per-client $((clients + 1)) \
    2>"$out/sila-serve.log" >/dev/null &
  server_pid=$!
  if port=$(wait_port "$out/sila-serve.log" 20); then
    if http_run sila-http; then status[sila-http]=ok; else status[sila-http]="failed: $(grep -m1 '^sila-http: ' "$out/sila-http.txt" | cut -c12-) (see $out/sila-http.txt, $out/sila-serve.log)"; fi
    load_run sila-http
  else
    status[sila-http]="NOT MEASURED - sila serve did not start (see $out/sila-serve.log)"
  fi
  stop_server
  [ "${status[sila-http]}" = ok ] || echo "sila-http: ${status[sila-http]}"

  echo
  echo "== oxigraph-http (compare/oxigraph_server.mjs, over HTTP)"
  if [ -n "$oxigraph" ] && [ -f "$here/compare/node_modules/oxigraph/package.json" ]; then
    node --max-old-space-size=8192 "$here/compare/oxigraph_server.mjs" --data "$file" \
      >"$out/oxigraph-serve.log" 2>&1 &
    server_pid=$!
    if port=$(wait_port "$out/oxigraph-serve.log" 900); then
      if http_run oxigraph-http; then status[oxigraph-http]=ok; else status[oxigraph-http]="failed: $(grep -m1 '^oxigraph-http: ' "$out/oxigraph-http.txt" | cut -c16-) (see $out/oxigraph-http.txt)"; fi
      load_run oxigraph-http
    else
      status[oxigraph-http]="NOT MEASURED - the wrapper did not start (see $out/oxigraph-serve.log)"
    fi
    stop_server
  else
    status[oxigraph-http]="NOT MEASURED - oxigraph not measured"
  fi
  [ "${status[oxigraph-http]}" = ok ] || echo "oxigraph-http: ${status[oxigraph-http]}"
fi

# table TITLE ENGINE... : medians per query, Sila (the first engine) / the
# faster of the others, row counts, mix totals.
table() {
  local title=$1
  shift
  echo
  echo "$title"
  awk -v engines="$*" -v nq="${#queries[@]}" '
    BEGIN { ne = split(engines, E, " ") }
    { key = $1 SUBSEP $2; rows[key] = $3; med[key] = $4; if (!($2 in seen)) { seen[$2] = 1; Q[++nqs] = $2 } }
    function cell(v) { return v == "" ? "-" : sprintf("%.3f", v) }
    END {
      printf "%-20s", "query"
      for (e = 1; e <= ne; e++) printf " %14s", E[e] " ms"
      printf " %12s  %-16s %s\n", "sila/peer", "rows", "rows agree"
      for (i = 1; i <= nqs; i++) {
        q = Q[i]; printf "%-20s", q
        best = ""; rl = ""; agree = "yes"; first = ""
        for (e = 1; e <= ne; e++) {
          k = E[e] SUBSEP q
          printf " %14s", (k in med) ? cell(med[k]) : "-"
          if (k in med) {
            tot[e] += med[k]; cnt[e]++
            if (e > 1 && (best == "" || med[k] < best)) best = med[k]
            if (first == "") first = rows[k]; else if (rows[k] != first) agree = "NO"
          }
          rl = rl (e > 1 ? "/" : "") ((k in rows) ? rows[k] : "-")
        }
        s = E[1] SUBSEP q
        ratio = (s in med && best != "" && best > 0) ? sprintf("%.2f", med[s] / best) : "-"
        if (agree == "NO" && q ~ /describe/) agree = "differs (DESCRIBE is engine-defined)"
        printf " %12s  %-16s %s\n", ratio, rl, agree
      }
      printf "%-20s", "mix total"
      best = ""
      for (e = 1; e <= ne; e++) {
        full = cnt[e] == nq && nq > 0
        printf " %14s", full ? cell(tot[e]) : "-"
        if (e > 1 && full && (best == "" || tot[e] < best)) best = tot[e]
      }
      printf " %12s\n", (cnt[1] == nq && best != "" && best > 0) ? sprintf("%.2f", tot[1] / best) : "-"
      printf "%-20s", "queries/hour"
      for (e = 1; e <= ne; e++) printf " %14s", (cnt[e] == nq && tot[e] > 0) ? sprintf("%.0f", 3600e3 * nq / tot[e]) : "-"
      printf "\n%-20s", "mixes/hour"
      for (e = 1; e <= ne; e++) printf " %14s", (cnt[e] == nq && tot[e] > 0) ? sprintf("%.0f", 3600e3 / tot[e]) : "-"
      printf "\n"
    }' "$out/all.txt"
}

echo
echo "================================================================"
echo "$triples triples, $runs runs per query, one client; median ms per query"
for e in sila oxigraph virtuoso sila-http oxigraph-http; do
  [ -n "${status[$e]+x}" ] && [ "${status[$e]}" != ok ] && echo "  $e: ${status[$e]}"
done
table "In process (Sila, Oxigraph) and Virtuoso over HTTP (HTTP adds ~0.2-2 ms per request):" \
  sila oxigraph virtuoso
if [ -n "$http" ] && [ -n "$have_node" ]; then
  table "All over HTTP (one client, kept-alive connection, SPARQL JSON / N-Triples bodies parsed):" \
    sila-http oxigraph-http virtuoso
fi

# load_table ENGINE... : per query median / p95 ms under load, Sila (the
# first engine) / the faster of the others, then throughput, errors, CPU.
load_table() {
  awk -v engines="$*" -v nq="${#queries[@]}" '
    BEGIN { ne = split(engines, E, " ") }
    $2 == "#total" { k = $1; qph[k] = $3; mph[k] = $4; err[k] = $5; cpu[k] = $6; ccpu[k] = $7; oth[k] = $8; la[k] = $9; next }
    { key = $1 SUBSEP $2; med[key] = $4; p95[key] = $5; cnt[key] = $6; qerr[key] = $7
      if (!($2 in seen)) { seen[$2] = 1; Q[++nqs] = $2 } }
    function num(v) { return v != "" && v != "-" }
    function pair(a, b) { return num(a) ? sprintf("%.2f / %.2f", a, b) : "-" }
    function row(label, arr, fmt,    e, v) {
      printf "%-20s", label
      for (e = 1; e <= ne; e++) { v = (E[e] in arr) ? arr[E[e]] : ""; printf " %22s", num(v) ? sprintf(fmt, v) : "-" }
    }
    END {
      printf "%-20s", "query"
      for (e = 1; e <= ne; e++) printf " %22s", E[e] " med / p95"
      printf " %10s\n", "sila/peer"
      for (i = 1; i <= nqs; i++) {
        q = Q[i]; printf "%-20s", q; best = ""
        for (e = 1; e <= ne; e++) {
          k = E[e] SUBSEP q
          printf " %22s", (k in med) ? pair(med[k], p95[k]) : "-"
          if (e > 1 && (k in med) && num(med[k]) && (best == "" || med[k] < best)) best = med[k]
        }
        s = E[1] SUBSEP q
        printf " %10s\n", ((s in med) && num(med[s]) && best != "" && best > 0) ? sprintf("%.2f", med[s] / best) : "-"
      }
      best = ""
      for (e = 2; e <= ne; e++) if ((E[e] in mph) && num(mph[E[e]]) && (best == "" || mph[E[e]] + 0 > best)) best = mph[E[e]] + 0
      row("queries/hour", qph, "%.0f"); printf "\n"
      row("mixes/hour", mph, "%.0f")
      printf " %10s\n", ((E[1] in mph) && best != "" && best > 0) ? sprintf("%.2f", mph[E[1]] / best) : "-"
      row("errors", err, "%d"); printf "\n"
      row("server CPU ms/query", cpu, "%.2f"); printf "\n"
      row("client CPU ms/query", ccpu, "%.2f"); printf "\n"
      row("other CPUs busy", oth, "%.2f"); printf "\n"
      row("load avg before", la, "%.2f"); printf "\n"
    }' "$out/load.txt"
}

if [ "$clients" -gt 0 ]; then
  echo
  echo "$clients clients at once, $seconds s after $warmup s of warm-up, one engine at a time; median / p95 ms per query under load"
  for e in sila-http oxigraph-http virtuoso; do
    if [ -z "${lstatus[$e]+x}" ]; then
      if [ "$e" != virtuoso ] && [ -z "$http" ]; then lstatus[$e]="not measured (--no-http)"
      elif [ -n "${status[$e]+x}" ] && [ "${status[$e]}" != ok ]; then
        case ${status[$e]} in [Nn][Oo][Tt]\ [Mm]easured* | NOT\ MEASURED*) lstatus[$e]=${status[$e]} ;; *) lstatus[$e]="NOT MEASURED - ${status[$e]}" ;; esac
      elif [ -z "$have_node" ]; then lstatus[$e]="NOT MEASURED - node is needed for the HTTP clients"
      else lstatus[$e]="NOT MEASURED"; fi
    fi
    [ "${lstatus[$e]}" = ok ] || echo "  $e: ${lstatus[$e]}"
  done
  if [ -s "$out/load.txt" ]; then
    load_table sila-http oxigraph-http virtuoso
  fi
  line=$(grep -m1 "^RESULT clients=$clients mixes_per_hour=" "$out/sila-threads.txt" 2>/dev/null)
  if [ -n "$line" ]; then
    echo "$line $sila_threads_cpu" | awk -v la="$sila_qbench_load" -v runs="$truns" -v ncpu="$(nproc)" '{
      split($3, m, "="); split($4, q, "="); split($5, e, "=")
      printf "sila in process (sila-qbench --clients %s, %s mixes each, no HTTP): %.0f mixes/hour, %.0f queries/hour, %s errors;\n", substr($2, 9), runs, m[2], q[2], e[2]
      printf "  CPU ms/query %s; other CPUs busy %s of %s; load avg before %s\n", $6, $7, ncpu, la }'
  else
    echo "sila in process (sila-qbench --clients $clients): ${lstatus[sila]:-NOT MEASURED}"
  fi
fi
echo
echo "sila/peer = Sila's median / the faster peer's (< 1.00: Sila is faster); rows = row counts per engine."
[ "$clients" -gt 0 ] &&
  echo "Under load: the time of each request as its client sees it, waiting included; mixes/hour sila/peer > 1.00: Sila does more."
echo "Raw outputs: $out"
