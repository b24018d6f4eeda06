#!/bin/sh
# `make fuzz`: builds every libFuzzer target (tests/fuzz/fuzz_*.c and
# tests/web_fuzz_accept.c) with clang (ASan + UBSan) against the library's
# sources, compiled once, and runs each for FUZZ_SECONDS (default 120),
# starting from the corpus kept in tests/fuzz/corpus/<target>/ plus seeds
# from ../shared where it is.  FUZZ_TARGETS="a b" limits the run to some.
#
# FUZZ_MERGE=1 then minimises what was found into tests/fuzz/corpus/<target>/
# (libFuzzer -set_cover_merge=1 on edges: a small set of inputs, a few dozen,
# that keeps every edge covered), the corpus `make check` replays.  A crash leaves its reproducer in
# _fuzz/<target>/crash-*: fix it and add the reproducer to the corpus.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-120}
out="$top/_fuzz"
shared=${SILA_SHARED:-$top/../shared}
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)"; exit 1; }
mkdir -p "$out/obj" "$out/bin"
cd "$top"
incs="-Itests"
for d in base store loaders/rdf loaders/csvw sparql web; do
  [ -d "$d" ] && incs="$incs -I$d"
done
deps=$(pkg-config --cflags --libs raptor2 lmdb jansson libpcre2-8 libcurl zlib libcrypto libxml-2.0)
cflags="-g -O1 -std=gnu11 -fsanitize=address,undefined -fno-sanitize-recover=all"

# The library's sources, compiled once into one archive (only what changed).
srcs=$(ls $(for d in base store loaders/rdf loaders/csvw sparql; do [ -d "$d" ] && echo "$d/*.c"; done) |
  grep -v '_stub\.c$')
srcs="$srcs web/sila_accept.c tests/results_compare.c tests/test_files.c"
# A header changed anywhere (a struct's layout) makes every object stale.
newest_h=$(ls -t $(for d in base store loaders/rdf loaders/csvw sparql web tests; do
  [ -d "$d" ] && echo "$d/*.h"; done) | head -1)
objs=""
for s in $srcs; do
  o="$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')"
  if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
    clang $cflags -fsanitize=fuzzer-no-link $incs -c "$s" -o "$o" $(pkg-config --cflags raptor2 jansson libpcre2-8 libcurl libxml-2.0)
  fi
  objs="$objs $o"
done
rm -f "$out/libsila_fuzz.a"
ar rcs "$out/libsila_fuzz.a" $objs

# Seeds from ../shared, in each target's input format.
seed() {
  name=$1 dir=$2
  case $name in
    fuzz_sparql_parse|fuzz_query)
      [ -d "$shared/conformance/rdf-tests/sparql" ] &&
        find "$shared/conformance/rdf-tests/sparql" -name '*.rq' -size -4k -exec cp {} "$dir/" \; ;;
    fuzz_csv_dialect)
      # four dialect bytes, then the CSV
      [ -d "$shared/conformance/csvw" ] &&
        for f in $(find "$shared/conformance/csvw" -name 'test0*.csv' -size -4k); do
          { printf '\000\000\000\000'; cat "$f"; } >"$dir/$(basename "$f")"
        done ;;
    fuzz_csvw_metadata)
      # the metadata (JSON), a NUL, then the CSV it describes
      [ -d "$shared/conformance/csvw" ] &&
        for m in $(find "$shared/conformance/csvw" -name 'test0*-metadata.json' -size -4k); do
          csv=$(jq -r '.url // .tables[0].url // empty' "$m" 2>/dev/null || true)
          [ -n "$csv" ] && [ -f "$(dirname "$m")/$csv" ] || continue
          { cat "$m"; printf '\000'; head -c 4000 "$(dirname "$m")/$csv"; } >"$dir/$(basename "$m")"
        done ;;
  esac
  return 0
}

status=0
targets=${FUZZ_TARGETS:-$(ls tests/fuzz/fuzz_*.c | xargs -n1 basename | sed 's/\.c$//') web_fuzz_accept}
for name in $targets; do
  src=tests/fuzz/$name.c
  [ -f "$src" ] || src=tests/$name.c
  echo "== $name"
  clang $cflags -fsanitize=fuzzer $incs "$src" "$out/libsila_fuzz.a" $deps -lm -lpthread -o "$out/bin/$name"
  corpus="$out/$name-corpus"
  mkdir -p "$corpus"
  [ -d "tests/fuzz/corpus/$name" ] && cp tests/fuzz/corpus/"$name"/* "$corpus/" 2>/dev/null
  seed "$name" "$corpus"
  mkdir -p "$out/$name"
  (cd "$out/$name" && "$out/bin/$name" -max_total_time="$secs" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 "$corpus") >"$out/$name.log" 2>&1 || { status=1; tail -30 "$out/$name.log"; }
  grep -E "^Done|^#[0-9]+.*DONE" "$out/$name.log" | tail -1
  if [ "${FUZZ_MERGE:-0}" = 1 ] && [ $status = 0 ]; then
    keep="tests/fuzz/corpus/$name"
    rm -rf "$keep.new" && mkdir -p "$keep.new"
    (cd "$out/$name" && "$out/bin/$name" -set_cover_merge=1 -use_counters=0 -max_len=2048 \
      "$top/$keep.new" "$top/$keep" "$corpus") \
      >"$out/$name.merge.log" 2>&1 || { status=1; tail -20 "$out/$name.merge.log"; }
    rm -rf "$keep" && mv "$keep.new" "$keep"
    echo "corpus: $(ls "$keep" | wc -l) files in $keep"
  fi
done
exit $status
