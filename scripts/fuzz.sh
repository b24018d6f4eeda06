#!/bin/sh
# `make fuzz`: builds every libFuzzer target in tests/fuzz/ with clang
# (ASan + UBSan) against the library's sources and runs each for
# FUZZ_SECONDS (default 120), seeding corpora from ../shared where it is.
# A crash leaves its reproducer in _fuzz/<target>/crash-*: turn it into a
# regression test.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-120}
out="$top/_fuzz"
shared=${SILA_SHARED:-$top/../shared}
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)"; exit 1; }
mkdir -p "$out"
cd "$top"
srcs=$(ls base/*.c store/*.c loaders/rdf/*.c loaders/csvw/*.c sparql/*.c | grep -v '_stub\.c$')
deps=$(pkg-config --cflags --libs raptor2 lmdb jansson libpcre2-8 libcurl zlib libcrypto)
status=0
for f in tests/fuzz/fuzz_*.c; do
  name=$(basename "$f" .c)
  echo "== $name"
  clang -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Ibase -Istore -Iloaders/rdf -Iloaders/csvw -Isparql -Itests -I"$out" "$f" $srcs tests/results_compare.c \
    $deps -lm -lpthread -o "$out/$name"
  corpus="$out/$name-corpus"
  mkdir -p "$corpus"
  case $name in
    fuzz_sparql_parse|fuzz_query)
      [ -d "$shared/conformance/rdf-tests/sparql" ] &&
        find "$shared/conformance/rdf-tests/sparql" -name '*.rq' -size -8k -exec cp {} "$corpus/" \; ;;
    fuzz_csv*)
      [ -d "$shared/conformance/csvw" ] &&
        find "$shared/conformance/csvw" -name 'test0*.csv' -size -8k -exec cp {} "$corpus/" \; ;;
  esac
  mkdir -p "$out/$name"
  (cd "$out/$name" && "$out/$name" -max_total_time="$secs" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 "$corpus") >"$out/$name.log" 2>&1 || { status=1; tail -30 "$out/$name.log"; }
  grep -E "^Done|^#[0-9]+.*DONE" "$out/$name.log" | tail -1
done
exit $status
