#!/bin/bash
# Query shapes (bench/shapes/*.rq) on generated e-commerce data (sila-gen-shop):
# per shape the median over HTTP (a new connection per request, and one kept
# alive), in process (sila-qbench: median and the first run), and EXPLAIN ANALYZE.
#   bench/shapes.sh [--triples N] [--runs R] [--no-explain]
# N defaults to 1 M and is bounded at 10 M (the machine is shared).  Data and
# store are cached under $SILA_BENCH_DIR (default bench/data).
set -e
here=$(cd "$(dirname "$0")" && pwd)
triples=1000000
runs=20
explain=1
while [ $# -gt 0 ]; do
  case $1 in
    --triples) triples=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-explain) explain=0; shift ;;
    *) echo "usage: $0 [--triples N] [--runs R] [--no-explain]" >&2; exit 2 ;;
  esac
done
case $triples in *k|*K) triples=$(( ${triples%[kK]} * 1000 )) ;; *M) triples=$(( ${triples%M} * 1000000 )) ;; esac
[ "$triples" -le 10000000 ] || { echo "shapes.sh: at most 10 M triples here" >&2; exit 2; }
data=${SILA_BENCH_DIR:-$here/data}
gen=${SILA_GEN_SHOP:-./bench/sila-gen-shop}
qbench=${SILA_QBENCH:-./bench/sila-qbench}
sila=${SILA_BIN:-./sila}
mkdir -p "$data"
file="$data/shop-$triples-s1.nt"
store="$data/store-shop-$triples"
[ -f "$file" ] && [ "$file" -nt "$gen" ] || "$gen" --triples "$triples" --seed 1 -o "$file"
if [ ! -f "$store/data.mdb" ] || [ "$file" -nt "$store/data.mdb" ] ||
   ! "$sila" stats --store "$store" >/dev/null 2>&1; then
  rm -rf "$store"
  "$sila" init "$store" >/dev/null
  "$sila" load -q --store "$store" "$file"
fi
echo "query shapes on $triples e-commerce triples, $runs runs each (load average $(cut -d' ' -f1 /proc/loadavg))"

# ---- in process ----
declare -A inproc first rows
while read -r tag rest; do
  [ "$tag" = RESULT ] || continue
  q=$(sed -n 's/.*query=\([^ ]*\).*/\1/p' <<< "$rest")
  [ -n "$q" ] || continue
  inproc[$q]=$(sed -n 's/.*median_ms=\([^ ]*\).*/\1/p' <<< "$rest")
  first[$q]=$(sed -n 's/.*first_ms=\([^ ]*\).*/\1/p' <<< "$rest")
  rows[$q]=$(sed -n 's/.*rows=\([^ ]*\).*/\1/p' <<< "$rest")
done < <("$qbench" --store "$store" --runs "$runs" --clients 1 "$here"/shapes/*.rq)

# ---- over HTTP: one `sila serve`, curl as the client ----
log=$(mktemp)
PID=
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$log" "$log".*' EXIT
. "$here/serve_lib.sh"
SILA=$sila bench_serve "$log" --store "$store"
url="http://127.0.0.1:$PORT/sparql"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", 1000 * v[int((NR + 1) / 2)] }'; }
printf '%-28s %6s %10s %10s %12s %12s\n' shape rows "in-proc ms" "first ms" "HTTP new ms" "HTTP k-a ms"
for f in "$here"/shapes/*.rq; do
  q=$(basename "$f")
  enc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(open(sys.argv[1]).read()))' "$f")
  curl -s -o /dev/null "$url?query=$enc" # warm-up
  new=$(for _ in $(seq "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "$url?query=$enc"; done | median)
  cfg="$log.cfg"; : > "$cfg"
  for _ in $(seq "$runs"); do printf 'url = "%s?query=%s"\noutput = "/dev/null"\n' "$url" "$enc" >> "$cfg"; done
  ka=$(curl -s -w '%{time_total}\n' -K "$cfg" | median)
  printf '%-28s %6s %10s %10s %12s %12s\n' "$q" "${rows[$q]}" "${inproc[$q]}" "${first[$q]}" "$new" "$ka"
  echo "RESULT shape=$q rows=${rows[$q]} inproc_ms=${inproc[$q]} first_ms=${first[$q]} http_new_ms=$new http_keepalive_ms=$ka" >> "$log.results"
done
cat "$log.results"
if [ $explain = 1 ]; then
  for f in "$here"/shapes/*.rq; do
    echo "---- EXPLAIN ANALYZE $(basename "$f")"
    "$sila" explain --analyze --store "$store" --file "$f" 2>&1 | cut -c1-200
  done
fi
