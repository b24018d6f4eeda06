#!/usr/bin/env bash
# Text index benchmark (issue 15): on generated triples (sila-gen), the load
# time (index included) against the index's own build time (sila reindex),
# the index's size against the store's, and warm latencies of a one-word
# query and a two-word phrase (text index alone and through SPARQL's
# calabria:testo) against a REGEX FILTER over the same literals.
#
#   bench/text.sh [--triples N] [--seed S] [--runs R]
#
# --runs R: the loads and the build run R times each (the least CPU kept),
# the queries R times (best / median).
#
# Environment: SILA_BIN (default ./sila), SILA_GEN (bench/sila-gen),
# SILA_QBENCH (bench/sila-qbench), SILA_BENCH_DIR (default bench/data),
# TEXT_BASELINE=0 skips the REGEX baseline (seconds per run at 5 M).
set -u
export LC_ALL=C
TRIPLES=1000000 SEED=1 RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
  --triples) TRIPLES=$2; shift 2 ;;
  --seed) SEED=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# Wall time depends on the disk (fsync at commit) and the other work of a
# shared machine; CPU time (user + sys) is reported beside it.
timed() { /usr/bin/time -f '%e %U %S' -o "$DIR/time.txt" "$@"; }
# 1. the load without the index, then the index built alone (the first
# writable open builds it: `sila reindex` times that); 2. the load with it.
# Each step runs RUNS times into a fresh store and the run with the least
# CPU is kept (a shared machine only ever adds time).
best_plain= best_build= best_load=
keep() { # keep VAR: the run in time.txt when its CPU is the least so far
  read -r r u s < "$DIR/time.txt"
  c=$(echo "$u + $s" | bc -l)
  eval "cur=\${$1:-}"
  if [ -z "$cur" ] || [ "$(echo "$c < ${cur#* }" | bc -l)" = 1 ]; then eval "$1=\"$r $c\""; fi
}
for i in $(seq "$RUNS"); do
  rm -rf "$store"
  SILA_TEXT_INDEX=off "$SILA" init "$store" >/dev/null || exit 1
  timed env SILA_TEXT_INDEX=off "$SILA" load -q --store "$store" "$data" >/dev/null || exit 1
  keep best_plain
  timed "$SILA" reindex --store "$store" > "$DIR/reindex.log" || exit 1
  keep best_build
done
for i in $(seq "$RUNS"); do
  rm -rf "$store"
  "$SILA" init "$store" >/dev/null || exit 1
  timed "$SILA" load -q --store "$store" "$data" >/dev/null || exit 1
  keep best_load
done
read -r plain_real plain_cpu <<EOF2
$best_plain
EOF2
read -r build_real build_cpu <<EOF2
$best_build
EOF2
read -r load_real load_cpu <<EOF2
$best_load
EOF2
"$SILA" stats --store "$store" > "$DIR/text-stats.txt"
get() { sed -n "s/^$1\t//p" "$DIR/text-stats.txt"; }
printf 'triples\t%s\t(best of %s runs per step)\n' "$TRIPLES" "$RUNS"
printf 'load without the text index\t%.2f s wall\t%.2f s cpu\n' "$plain_real" "$plain_cpu"
printf 'text index built alone (first writable open)\t%.2f s wall\t%.2f s cpu\n' "$build_real" "$build_cpu"
printf 'load with the text index\t%.2f s wall\t%.2f s cpu\n' "$load_real" "$load_cpu"
printf 'build / load without it\t%.0f%% wall\t%.0f%% cpu\n' \
  "$(echo "100 * $build_real / $plain_real" | bc -l)" "$(echo "100 * $build_cpu / $plain_cpu" | bc -l)"
printf 'load with / without it\t%.0f%% wall\t%.0f%% cpu\n' \
  "$(echo "100 * $load_real / $plain_real" | bc -l)" "$(echo "100 * $load_cpu / $plain_cpu" | bc -l)"
printf 'literals indexed\t%s\nindex bytes\t%s\nstore bytes on disk\t%s\nindex / rest of the store (pages)\t%s\n' \
  "$(get text_literals)" "$(get text_bytes)" "$(get bytes_on_disk)" "$(get text_share)"

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
[ "${TEXT_BASELINE:-1}" = 0 ] && rm -f "$qd"/r*.rq
"$QB" --store "$store" --runs "$RUNS" "$qd"/*.rq
