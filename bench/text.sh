#!/usr/bin/env bash
# Text index benchmark (issue 15): on generated triples (sila-gen), the load
# time (index included) against the index's own build time (sila reindex),
# the index's size against the store's, and warm latencies of a one-word
# query and a two-word phrase (text index alone and through SPARQL's
# calabria:testo) against a REGEX FILTER over the same literals.
#
#   bench/text.sh [--triples N] [--seed S] [--runs R]
#
# Environment: SILA_BIN (default ./sila), SILA_GEN (bench/sila-gen),
# SILA_QBENCH (bench/sila-qbench), SILA_BENCH_DIR (default bench/data).
set -u
export LC_ALL=C
TRIPLES=1000000 SEED=1 RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
  --triples) TRIPLES=$2; shift 2 ;;
  --seed) SEED=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
SILA=${SILA_BIN:-./sila}
GEN=${SILA_GEN:-bench/sila-gen}
QB=${SILA_QBENCH:-bench/sila-qbench}
DIR=${SILA_BENCH_DIR:-$here/data}
mkdir -p "$DIR"
data="$DIR/gen-$TRIPLES-$SEED.nt"
[ -s "$data" ] || "$GEN" --triples "$TRIPLES" --seed "$SEED" -o "$data" || exit 1
store="$DIR/text-store-$TRIPLES"
rm -rf "$store"
now() { date +%s.%N; }
t0=$(now)
"$SILA" load -q --store "$store" "$data" >/dev/null 2>&1 || { "$SILA" init "$store" >/dev/null; "$SILA" load -q --store "$store" "$data" >/dev/null || exit 1; }
t1=$(now)
"$SILA" reindex --store "$store" > "$DIR/reindex.log" || exit 1
t2=$(now)
load=$(echo "$t1 - $t0" | bc -l); build=$(echo "$t2 - $t1" | bc -l)
"$SILA" stats --store "$store" > "$DIR/text-stats.txt"
get() { sed -n "s/^$1\t//p" "$DIR/text-stats.txt"; }
textb=$(get text_bytes); disk=$(get bytes_on_disk)
printf 'triples\t%s\nload_s (index included)\t%.2f\nindex_build_s (sila reindex)\t%.2f\n' "$TRIPLES" "$load" "$build"
printf 'build/load_without_index\t%.0f%%\n' "$(echo "100 * $build / ($load - $build)" | bc -l)"
printf 'literals\t%s\nindex_bytes\t%s\nstore_bytes_on_disk\t%s\nindex/rest_of_store\t%s\n' \
  "$(get text_literals)" "$textb" "$disk" "$(get text_share)"

# Warm latencies: the text index alone (best of RUNS).
WORD=${TEXT_WORD:-Aspromonte}
PHRASE=${TEXT_PHRASE:-"\"via garibaldi\""}
for q in "$WORD" "$PHRASE"; do
  for i in $(seq "$RUNS"); do "$SILA" search --store "$store" --count "$q"; done | sort -t"$(printf '\t')" -k2 -n | head -1 |
    awk -F'\t' -v q="$q" '{ printf "text index %s\t%s literals\t%s\n", q, $1, $2 }'
done
# Through SPARQL, with the regex baseline (sila-qbench: median of RUNS).
qd="$DIR/text-queries"; mkdir -p "$qd"
P='PREFIX calabria: <https://dati.calabria.it/onto/>'
w_lc=$(echo "$WORD" | tr 'A-Z' 'a-z')
cat > "$qd/t1-word.rq" <<Q
$P SELECT (COUNT(*) AS ?n) WHERE { ?s calabria:testo "$WORD" }
Q
cat > "$qd/t2-phrase.rq" <<Q
$P SELECT (COUNT(*) AS ?n) WHERE { ?s calabria:testo '$PHRASE' }
Q
cat > "$qd/t3-word-top10.rq" <<Q
$P SELECT ?s ?score WHERE { ?s calabria:testo ("$WORD" ?score) } LIMIT 10
Q
cat > "$qd/r1-regex-word.rq" <<Q
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(?o, "\\\\b$w_lc", "i")) }
Q
cat > "$qd/r2-regex-phrase.rq" <<Q
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && REGEX(?o, "via garibaldi", "i")) }
Q
"$QB" --store "$store" --runs "$RUNS" "$qd"/*.rq
