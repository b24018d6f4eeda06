#!/bin/sh
# Named-graph patterns over the four named orderings (issue 21: gpos and
# gosp dropped; store/sila_quads.c): a bound graph with a bound predicate,
# object, both, or subject and object, over a store of 60 graphs of very
# different sizes and predicates of very different counts (so that both
# ways of reading -- POSG/OSPG testing the graph, GSPO testing the rest --
# are taken), answer what the data says (expected results computed here
# from the N-Quads with awk).  Then the same store in the old layout
# (format 4, with gpos and gosp: tests/old_layout_store): a read-only open
# answers the same; a writable open drops the two trees and answers the
# same again.
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
OLD=${OLD_LAYOUT_STORE:-./old_layout_store}
work=$(mktemp -d /tmp/sila-bytesgraph.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 20000 quads: g0 holds 60 %, g1..g59 the rest; p0 half of them, p9 1 %;
# some triples repeated in several graphs, and 1000 in the default graph.
awk 'BEGIN {
  for (i = 0; i < 20000; i++) {
    g = i % 10 < 6 ? 0 : 1 + (i * 7) % 59
    s = (i * 13 + int(i / 100)) % 3000
    m = i % 100
    p = m < 50 ? 0 : m < 80 ? 1 : m < 95 ? 2 + i % 5 : 9
    o = i % 7 == 0 ? sprintf("\"lit%d\"", i % 50) : sprintf("<http://ex.org/o%d>", (i * 31) % 200)
    printf "<http://ex.org/s%d> <http://ex.org/p%d> %s <http://ex.org/g%d> .\n", s, p, o, g
    if (i % 97 == 0)
      printf "<http://ex.org/s%d> <http://ex.org/p%d> %s <http://ex.org/g%d> .\n", s, p, o, 1 + i % 59
  }
  for (i = 0; i < 1000; i++)
    printf "<http://ex.org/s%d> <http://ex.org/p%d> <http://ex.org/o%d> .\n", i % 300, i % 10, i % 200
}' > "$work/data.nq"

# Expected rows of a pattern: the data's quads with graph g (and s, p, o
# where given: "-" is free), printed as the free positions' terms.
expect() { # g s p o
  awk -v g="<$1>" -v s="$2" -v p="$3" -v o="$4" 'NF == 5 && $4 == g &&
      (s == "-" || $1 == s) && (p == "-" || $2 == p) && (o == "-" || $3 == o) {
    line = ""
    if (s == "-") line = $1
    if (p == "-") line = line (line == "" ? "" : "\t") $2
    if (o == "-") line = line (line == "" ? "" : "\t") $3
    print line
  }' "$work/data.nq" | LC_ALL=C sort -u
}
got() { # store query
  "$SILA" query --store "$1" --format tsv "$2" 2>&1 | tail -n +2 | LC_ALL=C sort -u
}
E=http://ex.org
# Each case: graph, s, p, o (constants, "-" free); the query selects the
# free positions in s, p, o order.  Taken from quads of the data: in g0
# (60 % of it) and small graphs, with common and rare predicates (p0: half
# the quads, p9: 5 %), IRIs and literals as objects; each quad gives a
# bound graph with its predicate, its object, both, and subject + object.
awk 'NR == 3 || NR == 8 || NR == 15 || NR == 43 || NR == 701 || NR == 2222 || NR == 9001 ||
     NR == 14000 || NR == 15001 || (NF == 5 && $2 ~ /p9>$/ && !seen9[$4 == "<http://ex.org/g0>"]++) {
  g = substr($4, 16, length($4) - 16)
  print g, "-", $2, "-"; print g, "-", "-", $3; print g, "-", $2, $3; print g, $1, "-", $3
}' "$work/data.nq" > "$work/cases"
[ "$(wc -l < "$work/cases")" -ge 40 ] || bad "cases: $(wc -l < "$work/cases")"
check_store() { # label store
  while read -r g s p o; do
    vars=""
    [ "$s" = - ] && { vars="$vars ?s"; S='?s'; } || S=$s
    [ "$p" = - ] && { vars="$vars ?p"; P='?p'; } || P=$p
    [ "$o" = - ] && { vars="$vars ?o"; O='?o'; } || O=$o
    q="SELECT$vars { GRAPH <$E/$g> { $S $P $O } }"
    want=$(expect "$E/$g" "$s" "$p" "$o")
    have=$(got "$2" "$q")
    if [ -n "$want" ] && [ "$want" = "$have" ]; then
      echo ok
    else
      echo "FAIL: $1: $q: expected $(printf '%s\n' "$want" | grep -c .) rows, got $(printf '%s\n' "$have" | grep -c .): $(printf '%s\n' "$have" | head -2)"
    fi
  done < "$work/cases" > "$work/out"
  while read -r line; do
    [ "$line" = ok ] && ok || bad "${line#FAIL: }"
  done < "$work/out"
  # A join inside a graph: subjects with p1 o94 and their p0 values (two
  # bound predicate+object / predicate patterns on one subject).
  want=$(awk -v g="<$E/g0>" '$4 == g && $2 == "<'$E'/p1>" && $3 == "<'$E'/o94>" { a[$1] = 1 }
    $4 == g && $2 == "<'$E'/p0>" { v[NR] = $1 "\t" $3 }
    END { for (k in v) { split(v[k], f, "\t"); if (f[1] in a) print v[k] } }' "$work/data.nq" | LC_ALL=C sort -u)
  have=$(got "$2" "SELECT ?s ?v { GRAPH <$E/g0> { ?s <$E/p1> <$E/o94> . ?s <$E/p0> ?v } }")
  [ -n "$want" ] && [ "$want" = "$have" ] && ok || bad "$1: join in g0: expected $(printf '%s\n' "$want" | grep -c .) rows, got $(printf '%s\n' "$have" | grep -c .)"
  # Two bound predicate+object patterns on one subject (a merge join when
  # the ranges are long enough).
  want=$(awk -v g="<$E/g0>" '$4 == g && $2 == "<'$E'/p0>" && $3 == "<'$E'/o20>" { a[$1] = 1 }
    $4 == g && $2 == "<'$E'/p1>" && $3 == "<'$E'/o94>" { b[$1] = 1 }
    END { for (k in a) if (k in b) print k }' "$work/data.nq" | LC_ALL=C sort -u)
  have=$(got "$2" "SELECT ?s { GRAPH <$E/g0> { ?s <$E/p0> <$E/o20> . ?s <$E/p1> <$E/o94> } }")
  [ -n "$want" ] && [ "$want" = "$have" ] && ok || bad "$1: two patterns in g0: expected $(printf '%s\n' "$want" | grep -c .) rows, got $(printf '%s\n' "$have" | grep -c .)"
  # Counts the planner's estimates and the store's counts go through.
  n=$("$SILA" query --store "$2" --format tsv "SELECT (COUNT(*) AS ?n) { GRAPH <$E/g17> { ?s <$E/p0> ?o } }" | tail -1)
  w=$(expect "$E/g17" - "<$E/p0>" - | wc -l)
  [ "$n" = "$w" ] && ok || bad "$1: count in g17: $n, expected $w"
}
trees() { python3 "$SRC/bench/store_pages.py" "$1" | awk 'NR > 2 { print $1 }' | LC_ALL=C sort | tr '\n' ' '; }

"$SILA" init "$work/new" >/dev/null || exit 1
"$SILA" load -q --store "$work/new" "$work/data.nq" 2>"$work/err" && ok || bad "load: $(cat "$work/err")"
check_store "new layout" "$work/new"
if command -v python3 >/dev/null; then
  t=$(trees "$work/new")
  case "$t" in *gpos*|*gosp*) bad "a new store has $t" ;; *gspo*) ok ;; *) bad "trees: $t" ;; esac
fi

# The old layout: the same store with gpos and gosp, format 4.
cp -r "$work/new" "$work/old"
"$OLD" "$work/old" >/dev/null 2>"$work/err" && ok || bad "old_layout_store: $(cat "$work/err")"
if command -v python3 >/dev/null; then
  case "$(trees "$work/old")" in *gosp*gpos*) ok ;; *) bad "the old-layout store lacks gpos/gosp: $(trees "$work/old")" ;; esac
fi
check_store "old layout, read-only" "$work/old"
"$SILA" stats --store "$work/old" | grep -q '^indexes	consistent$' && ok || bad "stats of the old layout: $("$SILA" stats --store "$work/old")"
if command -v python3 >/dev/null; then
  case "$(trees "$work/old")" in *gosp*gpos*) ok ;; *) bad "a read-only open dropped gpos/gosp" ;; esac
fi
# A writable open (an update) drops them once, and the store keeps working.
"$SILA" update --store "$work/old" "INSERT DATA { GRAPH <$E/other> { <$E/x> <$E/p0> <$E/y> } }" >/dev/null 2>"$work/err" &&
  ok || bad "update of the old layout: $(cat "$work/err")"
if command -v python3 >/dev/null; then
  case "$(trees "$work/old")" in *gpos*|*gosp*) bad "a writable open kept: $(trees "$work/old")" ;; *) ok ;; esac
fi
check_store "old layout, after a writable open" "$work/old"
"$SILA" stats --store "$work/old" | grep -q '^indexes	consistent$' && ok || bad "stats after the writable open"
"$SILA" update --store "$work/old" "DELETE DATA { GRAPH <$E/other> { <$E/x> <$E/p0> <$E/y> } }" >/dev/null 2>"$work/err" &&
  ok || bad "second update: $(cat "$work/err")"
echo "bytes_graph_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
