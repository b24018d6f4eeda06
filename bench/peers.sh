#!/bin/bash
# peers.sh — the query shapes (bench/shapes/*.rq) on Sila, Oxigraph and
# Virtuoso side by side in one run, all three over HTTP (issue 21):
#   1. generate the data (sila-gen-shop, N-Triples) and load it into the three;
#   2. check that every shape gives the same answers on all three, compared in
#      full (peers/same_results.mjs: numbers by value, blank nodes as one);
#   3. per number of clients (1, then 4), run each engine in turn for S
#      seconds (compare/http_load.mjs: each client loops over the shapes on a
#      kept-alive connection), the engines' order rotated from one client
#      count to the next so that the machine's noise hits all alike;
#   4. print per shape and engine median / p95 ms, and per engine
#      mixes/hour, server CPU ms per query, peak server memory, and the load
#      average before each run (the machine is shared).
#
#   bench/peers.sh [--triples N] [--seconds S] [--warmup S] [--clients "1 4"] [--dir DIR]
#
# Run from the build directory (or set SILA_BIN, SILA_GEN_SHOP).  DIR
# (default /tmp/sila-peers) keeps the data, Sila's store and Virtuoso's
# database between runs (reused when the data file is unchanged).
#
# The engines:
#   - Sila: `sila serve` with its defaults and --max-per-client above the clients;
#   - Oxigraph: npm `oxigraph` 0.5.11 (bench/compare/package.json, installed in
#     bench/compare/node_modules) in memory behind compare/oxigraph_server.mjs,
#     a Node wrapper that answers one query at a time (store.query is
#     synchronous): its column is that wrapper's, not `oxigraph serve`;
#   - Virtuoso: Debian virtuoso-opensource-7-bin (7.2.5), a throwaway instance
#     with its own virtuoso.ini in DIR/virtuoso-N (ports on 127.0.0.1 chosen
#     free), bulk-loaded with ld_dir + rdf_loader_run + checkpoint into
#     <urn:sila:bench>; a query without FROM sees all graphs.
# An engine that cannot run is printed as "ENGINE: NOT MEASURED - reason" and
# left out; every server started here is stopped by its PID at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
triples=1000000
seconds=20
warmup=3
client_counts="1 4"
dir=/tmp/sila-peers
usage() { echo "usage: $0 [--triples N] [--seconds S] [--warmup S] [--clients \"1 4\"] [--dir DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --triples) triples=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --clients) client_counts=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) usage ;;
  esac
done
case $triples in *k|*K) triples=$(( ${triples%[kK]} * 1000 )) ;; *M) triples=$(( ${triples%M} * 1000000 )) ;; esac
gen=${SILA_GEN_SHOP:-./bench/sila-gen-shop}
sila=${SILA_BIN:-./sila}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
file="$dir/shop-$triples-s1.nt"
out="$dir/run-$triples"
mkdir -p "$out"
queries=("$here"/shapes/*.rq)
max_clients=1
for c in $client_counts; do [ "$c" -gt "$max_clients" ] && max_clients=$c; done

. "$here/serve_lib.sh"
. "$here/compare/virtuoso_instance.sh"
declare -A pid port
stop_all() {
  for e in "${!pid[@]}"; do
    p=${pid[$e]}
    [ -n "$p" ] || continue
    if [ "$e" = virtuoso ]; then
      virtuoso_stop
      continue
    fi
    kill "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }

echo "peers.sh: $triples triples, shapes ${queries[*]##*/}"
echo "machine: $(nproc) CPUs, $(uptime | sed 's/.*load/load/')"
[ -f "$file" ] && [ "$file" -nt "$gen" ] || "$gen" --triples "$triples" --seed 1 -o "$file"

# ---- Sila ----
store="$dir/store-$triples"
if [ ! -f "$store/data.mdb" ] || [ "$file" -nt "$store/data.mdb" ]; then
  rm -rf "$store"
  "$sila" init "$store" >/dev/null
  t0=$(now)
  "$sila" load -q --store "$store" "$file" || { echo "sila: load failed"; exit 1; }
  echo "RESULT engine=sila load_seconds=$(elapsed "$t0")"
fi
SILA=$sila bench_serve "$out/sila.log" --store "$store" --max-per-client $((max_clients + 4))
pid[sila]=$PID
port[sila]=$PORT
echo "sila: PID ${pid[sila]}, port ${port[sila]}"

# ---- Oxigraph (in memory: loads at every start) ----
if [ ! -d "$here/compare/node_modules/oxigraph" ]; then
  (cd "$here/compare" && npm install --no-audit --no-fund >/dev/null 2>&1)
fi
if [ -d "$here/compare/node_modules/oxigraph" ]; then
  t0=$(now)
  node --max-old-space-size=12288 "$here/compare/oxigraph_server.mjs" --data "$file" --port 0 > "$out/oxigraph.log" 2>&1 &
  pid[oxigraph]=$!
  for _ in $(seq 3000); do
    port[oxigraph]=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$out/oxigraph.log")
    [ -n "${port[oxigraph]}" ] && break
    kill -0 "${pid[oxigraph]}" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "${port[oxigraph]}" ]; then
    echo "oxigraph $(node -p 'require(process.argv[1]).version' "$here/compare/node_modules/oxigraph/package.json"): PID ${pid[oxigraph]}, port ${port[oxigraph]}; $(head -1 "$out/oxigraph.log")"
    echo "RESULT engine=oxigraph load_seconds=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$out/oxigraph.log")"
  else
    echo "oxigraph: NOT MEASURED - the wrapper did not start: $(tail -3 "$out/oxigraph.log")"
    kill "${pid[oxigraph]}" 2>/dev/null; unset 'pid[oxigraph]'
  fi
else
  echo "oxigraph: NOT MEASURED - npm install of bench/compare failed"
fi

# ---- Virtuoso (compare/virtuoso_instance.sh) ----
virtuoso_max_rows=10000000
if virtuoso_find; then
  if virtuoso_start "$dir/virtuoso-$triples" "$dir"; then
    pid[virtuoso]=$virtuoso_pid
    if virtuoso_load "$file"; then
      port[virtuoso]=$virtuoso_http_port
      echo "virtuoso $virtuoso_version: PID $virtuoso_pid, port $virtuoso_http_port, $(virtuoso_count) triples"
    else
      echo "virtuoso: NOT MEASURED - load failed (above)"
      virtuoso_stop; unset 'pid[virtuoso]'
    fi
  fi
fi

engines=()
for e in sila oxigraph virtuoso; do [ -n "${port[$e]:-}" ] && engines+=("$e"); done
endpoint() { echo "http://127.0.0.1:${port[$1]}/sparql"; }

# ---- the same answers ----
args=()
for e in "${engines[@]}"; do args+=("$e=$(endpoint "$e")"); done
echo "== answers compared in full (peers/same_results.mjs)"
node "$here/peers/same_results.mjs" "${args[@]}" -- "${queries[@]}" | tee "$out/same.txt"
same_status=${PIPESTATUS[0]}

# ---- timed runs, engines interleaved ----
round=0
for c in $client_counts; do
  order=("${engines[@]}")
  n=${#order[@]}
  for ((k = 0; k < n; k++)); do
    e=${order[$(( (k + round) % n ))]}
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "== $e, $c client(s), ${seconds} s after ${warmup} s warm-up (load average before: $load)"
    node "$here/compare/http_load.mjs" --endpoint "$(endpoint "$e")" --engine "$e" --clients "$c" \
      --seconds "$seconds" --warmup "$warmup" --timeout 120 --server-pid "${pid[$e]}" "${queries[@]}" \
      > "$out/$e-$c.txt" 2> "$out/$e-$c.err"
    echo "RESULT engine=$e clients=$c load_before=$load" >> "$out/$e-$c.txt"
    grep -v '^RESULT' "$out/$e-$c.txt" | tail -1
  done
  round=$((round + 1))
done
for e in "${engines[@]}"; do
  echo "RESULT engine=$e peak_rss_mb=$(( $(awk '/^VmHWM:/ {print $2}' "/proc/${pid[$e]}/status") / 1024 ))" >> "$out/$e-mem.txt"
done

# ---- the tables ----
python3 - "$out" "$triples" "$client_counts" "${engines[@]}" <<'EOF'
import re, sys, os
out, triples, counts, engines = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4:]
def results(path):
    rows = []
    if os.path.exists(path):
        for line in open(path):
            if line.startswith("RESULT "):
                rows.append(dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv))
    return rows
print(f"\n{int(triples):,} triples; median / p95 ms per shape as each client sees it (waiting included)")
for c in counts:
    data = {e: results(f"{out}/{e}-{c}.txt") for e in engines}
    shapes = [r["query"] for r in data[engines[0]] if "query" in r]
    print(f"\n{c} client(s)")
    print("| shape | " + " | ".join(engines) + " |")
    print("|---|" + "---|" * len(engines))
    for q in shapes:
        cells = []
        for e in engines:
            r = next((r for r in data[e] if r.get("query") == q), None)
            cells.append(f"{float(r['median_ms']):.3g} / {float(r['p95_ms']):.3g}" if r and r["median_ms"] != "-" else "-")
        print(f"| {q.replace('.rq', '')} | " + " | ".join(cells) + " |")
    def tot(e, k):
        r = next((r for r in data[e] if "mixes_per_hour" in r), None)
        return r.get(k, "-") if r else "-"
    def load(e):
        r = next((r for r in data[e] if "load_before" in r), None)
        return r["load_before"] if r else "-"
    print("| mixes/hour | " + " | ".join(f"{int(tot(e, 'mixes_per_hour')):,}" if tot(e, 'mixes_per_hour') != "-" else "-" for e in engines) + " |")
    print("| server CPU ms/query | " + " | ".join(tot(e, "server_cpu_ms_per_query") for e in engines) + " |")
    print("| errors | " + " | ".join(tot(e, "errors") for e in engines) + " |")
    print("| other CPUs busy | " + " | ".join(tot(e, "other_cpu_cores") for e in engines) + " |")
    print("| load avg before | " + " | ".join(load(e) for e in engines) + " |")
mem = {e: results(f"{out}/{e}-mem.txt") for e in engines}
print("\npeak server RSS MB: " + ", ".join(f"{e} {mem[e][-1]['peak_rss_mb']}" for e in engines if mem[e]))
EOF
rm -f "$out"/*-mem.txt
echo "machine after: $(uptime | sed 's/.*load/load/')"
exit $same_status
