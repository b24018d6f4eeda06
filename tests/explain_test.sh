#!/bin/sh
# `sila explain`: the plan with BGP orders and estimates, and with
# --analyze the rows each operator produced.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-explain.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
"$SILA" init "$work/s" >/dev/null
awk 'BEGIN { for (i = 0; i < 300; i++) {
  printf "<http://ex.org/s%d> <http://ex.org/type> <http://ex.org/T%d> .\n", i, i % 3
  printf "<http://ex.org/s%d> <http://ex.org/n> \"%d\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n", i, i } }' >"$work/d.nt"
"$SILA" load -q --store "$work/s" "$work/d.nt" 2>/dev/null
q='SELECT ?s ?n { ?s <http://ex.org/n> ?n . ?s <http://ex.org/type> <http://ex.org/T1> FILTER(?n > 150) } ORDER BY ?n LIMIT 5'
"$SILA" explain --store "$work/s" "$q" >"$work/plan" 2>&1
check "plan lists the BGP" 'grep -q "^ *bgp" "$work/plan"'
check "the selective pattern comes first" 'grep -A1 "bgp" "$work/plan" | tail -1 | grep -q "T1>   (estimated 100)"'
"$SILA" explain --store "$work/s" --analyze "$q" >"$work/an" 2>&1
check "the filter is pushed into the BGP" 'grep "filter" "$work/an" | grep -q "pushed into the bgp"'
check "the ORDER BY under LIMIT 5 keeps its top 5 (the plan's top-k)" 'grep "orderby" "$work/plan" | grep -q "(top 5 rows kept)"'
check "no top-k without a LIMIT" '! "$SILA" explain --store "$work/s" "SELECT ?n { ?s <http://ex.org/n> ?n } ORDER BY ?n" | grep -q "top"'
check "analyze counts the BGP rows after its filter" 'grep "bgp" "$work/an" | grep -q "\[rows 50, evaluations 1,"'
check "analyze reports the result" 'grep -q "^result: 5 rows" "$work/an"'
"$SILA" explain --store "$work/s" 'SELECT * {' >/dev/null 2>&1
check "a malformed query exits 3" '[ $? = 3 ]'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
