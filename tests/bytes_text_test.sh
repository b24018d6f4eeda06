#!/bin/sh
# The full-text index written by a bulk load in many batches (issue 21,
# store/sila_text_build.c): into an empty store, postings batches go to
# sorted runs merged at the end and appended in order, so the index is the
# same as a one-batch load's (same search answers) and its pages stay full
# however many batches there were (bench/store_pages.py: fill >= 90 %).
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
work=$(mktemp -d /tmp/sila-bytestext.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 20000 literals of 4-9 words from 400 Italian and English words, in three
# named graphs and the default graph, in no index's order.
awk 'BEGIN {
  split("castello torre chiesa fiume lago monte valle mare spiaggia borgo piazza museo teatro ponte porta mulino bosco parco grotta faro", it, " ")
  split("castle tower church river lake mountain valley sea beach village square museum theatre bridge gate mill forest park cave lighthouse", en, " ")
  for (i = 0; i < 20000; i++) {
    k = (i * 7919) % 20000
    n = 4 + k % 6; t = ""
    for (j = 0; j < n; j++) {
      w = (k * 31 + j * 17 + j * k) % 400; b = 1 + (k + j * 7) % 20
      t = t (j ? " " : "") (k % 2 ? it[b] : en[b]) (w >= 396 ? w : "")
    }
    g = k % 4 ? sprintf(" <http://ex.org/g%d>", k % 4) : ""
    lang = k % 2 ? "it" : "en"
    printf "<http://ex.org/s%d> <http://ex.org/label> \"%s %d\"@%s%s .\n", k, t, k, lang, g
  }
}' > "$work/data.nq"

"$SILA" init "$work/one" >/dev/null && "$SILA" init "$work/many" >/dev/null || exit 1
"$SILA" load -q --store "$work/one" "$work/data.nq" 2>"$work/err" && ok || bad "load in one batch: $(cat "$work/err")"
SILA_BULK_BATCH=2000 SILA_TEXT_BATCH=5000 "$SILA" load -q --store "$work/many" "$work/data.nq" 2>"$work/err" && ok ||
  bad "load in batches: $(cat "$work/err")"
for q in castello torre 'chiesa fiume' 'castle OR river' 'mulin*' '"valley bridge"' 'borgo -piazza' museum 7919; do
  a=$("$SILA" search --store "$work/one" --limit 100000 "$q" 2>&1 | LC_ALL=C sort)
  b=$("$SILA" search --store "$work/many" --limit 100000 "$q" 2>&1 | LC_ALL=C sort)
  [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "search $q: one batch $(echo "$a" | wc -l) lines, many $(echo "$b" | wc -l): $(echo "$a" | head -2) / $(echo "$b" | head -2)"
done
n=$("$SILA" search --store "$work/many" --count castello 2>&1 | awk '{ print $1; exit }')
[ "${n:-0}" -gt 100 ] 2>/dev/null && ok || bad "search castello: $n literals (expected hundreds)"
# The postings' pages: as full as a one-batch load's.
if command -v python3 >/dev/null; then
  for s in one many; do
    fill=$(python3 "$SRC/bench/store_pages.py" "$work/$s" | awk '$1 == "text_post" { sub("%", "", $8); print $8 }')
    [ "${fill:-0}" -ge 90 ] 2>/dev/null && ok || bad "text_post of the $s-batch load ${fill:-?} % full (expected >= 90 %)"
  done
else
  echo "SKIP: no python3 for bench/store_pages.py"
fi
echo "bytes_text_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
