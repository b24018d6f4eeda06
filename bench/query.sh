#!/bin/bash
# Query benchmark: the mix in bench/queries/ on generated data, in process.
#   bench/query.sh [--triples N] [--runs R] [--clients C]
# Generates (and caches) the data and its store under $SILA_BENCH_DIR
# (default bench/data), then prints per-query rows, median and p95 ms.
set -e
here=$(cd "$(dirname "$0")" && pwd)
triples=1000000
runs=20
while [ $# -gt 0 ]; do
  case $1 in
    --triples) triples=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    *) echo "usage: $0 [--triples N] [--runs R]" >&2; exit 2 ;;
  esac
done
data=${SILA_BENCH_DIR:-$here/data}
gen=${SILA_GEN:-./bench/sila-gen}
qbench=${SILA_QBENCH:-./bench/sila-qbench}
sila=${SILA_BIN:-./sila}
mkdir -p "$data"
file="$data/calabria-$triples-s1.nt"
store="$data/store-$triples"
[ -f "$file" ] || "$gen" --triples "$triples" --seed 1 -o "$file"
# Rebuilt when missing or written by a Sila with another store format.
if [ ! -f "$store/data.mdb" ] || ! "$sila" stats --store "$store" >/dev/null 2>&1; then
  rm -rf "$store"
  "$sila" init "$store" >/dev/null
  "$sila" load -q --store "$store" "$file"
fi
echo "query mix on $triples triples ($runs runs each, in process)"
"$qbench" --store "$store" --runs "$runs" --clients "${clients:-8}" "$here"/queries/*.rq
