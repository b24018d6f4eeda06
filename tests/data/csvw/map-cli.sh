#!/bin/sh
# Tests `sila map` ($SILA_BIN map, or tests/test_csvw_map, the same code
# built as a program of its own): N-Triples and Turtle output, exit
# statuses, and errors on stderr as file:row:column: message.
set -u
if [ -x "${SILA_BIN:-}" ]; then
  drv="$SILA_BIN map"
else
  drv="${SILA_BUILDDIR:-..}/tests/test_csvw_map"
fi
tmp=$(mktemp -d csvw-cli-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

printf 'comune;abitanti;quota\nCosenza;65.000;238,5\nRende;tanti;474\n' > "$tmp/c.csv"
cat > "$tmp/c.csv-metadata.json" <<'JSON'
{"@context": "http://www.w3.org/ns/csvw", "url": "c.csv",
 "dialect": {"delimiter": ";"},
 "tableSchema": {"aboutUrl": "https://dati.calabria.it/id/comune/{comune}",
  "columns": [
   {"name": "comune", "titles": "comune", "propertyUrl": "rdfs:label"},
   {"name": "abitanti", "titles": "abitanti",
    "datatype": {"base": "integer", "format": {"groupChar": "."}}},
   {"name": "quota", "titles": "quota",
    "datatype": {"base": "decimal", "format": {"decimalChar": ","}}}]}}
JSON
$drv --minimal --base https://dati.calabria.it/set/c.csv "$tmp/c.csv" > "$tmp/out.nt" 2> "$tmp/err.txt"
check "exit 0 with warnings" "[ $? -eq 0 ]"
check "6 triples" "[ \$(wc -l < '$tmp/out.nt') -eq 6 ]"
check "group char removed" "grep -q '<https://dati.calabria.it/id/comune/Cosenza> <https://dati.calabria.it/set/c.csv#abitanti> \"65000\"^^<http://www.w3.org/2001/XMLSchema#integer> .' '$tmp/out.nt'"
check "decimal comma" "grep -q '\"238.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>' '$tmp/out.nt'"
check "prefixed propertyUrl" "grep -q '<http://www.w3.org/2000/01/rdf-schema#label> \"Rende\"' '$tmp/out.nt'"
check "warning with row and column" "grep -q 'c.csv:3:2: warning: \"tanti\" is not a valid integer' '$tmp/err.txt'"

$drv --format turtle "$tmp/c.csv" > "$tmp/out.ttl" 2>/dev/null
check "turtle output" "grep -q '^@prefix csvw: <http://www.w3.org/ns/csvw#> .' '$tmp/out.ttl'"

printf '{"@context": "http://www.w3.org/ns/csvw", "url": "c.csv", "tableSchema": {"columns": [{"name": "a"}, {"name": "a"}]}}' > "$tmp/bad.json"
$drv --metadata "$tmp/bad.json" "$tmp/c.csv" > /dev/null 2> "$tmp/err.txt"
check "exit 1 on a metadata error" "[ $? -eq 1 ]"
check "error names the problem" "grep -q 'duplicate column name' '$tmp/err.txt'"
$drv "$tmp/missing.csv" > /dev/null 2>&1
check "exit 1 on a missing file" "[ $? -eq 1 ]"
$drv --no-such-option > /dev/null 2>&1
check "exit 2 on a usage error" "[ $? -eq 2 ]"
exit $fail
