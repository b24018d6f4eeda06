#!/bin/sh
# ld_http_test.sh — dumps, the paged catalogue and VoID over real HTTP
# (`sila serve` on 127.0.0.1, a port the kernel picks, stopped by PID):
#   - /dump/{slug}.nt.gz gunzipped equals `sila dump --graph … --format
#     ntriples`; HEAD, ETag/304, 404, the whole-store N-Quads dump; a large
#     dump streams (chunked) without the server's memory growing with it;
#   - /catalogo followed page by page through hydra:nextPage, as CKAN's
#     harvester does: every dataset exactly once, lastPage right, 404 past it;
#   - /void: the statistics equal SPARQL COUNTs on the same store, and every
#     void:dataDump resolves.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-..}
for tool in curl gzip awk sort; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
[ -d "$SRC/datasets/strutture-ricettive" ] || { echo "SKIP: no demo datasets in $SRC"; exit 77; }
SILA_TEST_NAME=ldhttp
HAS_ANY_CASE=1
C="curl -s --max-time 60"
. "$SRC/tests/http_lib.sh"
B=https://dati.calabria.it

# ---- the store: two published datasets, a large one, 120 catalogue entries ----
"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
for d in strutture-ricettive popolazione-comuni; do
  "$SILA" publish --store "$T/store" "$SRC/datasets/$d" >/dev/null 2>"$T/publish.err" ||
    { echo "cannot publish $d:"; cat "$T/publish.err"; exit 1; }
done
# "grande": 200000 triples (about 20 MB of N-Triples), listed in the catalogue
awk -v B=$B 'BEGIN {
  g = "<" B "/set/grande>"
  for (i = 0; i < 40000; i++) {
    s = "<" B "/id/cosa/" i ">"
    printf "%s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/italia/onto/l0/Object> %s .\n", s, g
    printf "%s <http://www.w3.org/2000/01/rdf-schema#label> \"Cosa numero %d, una descrizione abbastanza lunga\"@it %s .\n", s, i, g
    printf "%s <https://w3id.org/italia/onto/CLV/hasCity> <https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/%06d> %s .\n", s, 78000 + i % 400, g
    printf "%s <http://example.org/valore> \"%d\"^^<http://www.w3.org/2001/XMLSchema#integer> %s .\n", s, i % 1000, g
    printf "%s <http://example.org/nodo> _:n%d %s .\n", s, i, g
  }
  c = "<" B "/catalogo>"
  printf "%s <http://www.w3.org/ns/dcat#dataset> %s %s .\n", c, g, c
  printf "%s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> %s .\n", g, c
  for (i = 0; i < 120; i++) {
    d = "<" B "/set/gen" sprintf("%03d", i) ">"
    printf "%s <http://www.w3.org/ns/dcat#dataset> %s %s .\n", c, d, c
    printf "%s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> %s .\n", d, c
    printf "%s <http://purl.org/dc/terms/title> \"Generato %d\"@it %s .\n", d, i, c
  }
}' > "$T/extra.nq"
"$SILA" load --store "$T/store" "$T/extra.nq" >/dev/null 2>&1 || { echo "cannot load extra.nq"; exit 1; }
TOTAL=123 # datasets in the catalogue

start_server "$T/log" --store "$T/store" --workers 2


# ---- dumps of datasets ----
for d in strutture-ricettive popolazione-comuni grande; do
  check "dump-$d" 200 "$(status "$U/dump/$d.nt.gz")"
  check "dump-$d-ctype" application/gzip "$(header Content-Type)"
  check "dump-$d-disposition" "attachment; filename=\"$d.nt.gz\"" "$(header Content-Disposition)"
  hasnt "dump-$d-no-encoding" '^Content-Encoding' "$T/head"
  ETAG=$(header ETag)
  [ -n "$ETAG" ] && ok || bad "dump-$d: no ETag"
  gzip -t "$T/body" 2>/dev/null && ok || bad "dump-$d: not a valid gzip file"
  gzip -dc < "$T/body" | LC_ALL=C sort > "$T/got.nt"
  "$SILA" dump --store "$T/store" --graph "$B/set/$d" --format ntriples | LC_ALL=C sort > "$T/want.nt"
  if cmp -s "$T/got.nt" "$T/want.nt"; then ok; else bad "dump-$d differs from sila dump"; fi
  [ -s "$T/want.nt" ] && ok || bad "dump-$d: empty reference"
  if command -v rapper >/dev/null 2>&1; then # an independent parser
    n=$(rapper -i ntriples -c "$T/got.nt" "$B/" 2>&1 | sed -n 's/.*returned \([0-9]*\) triple.*/\1/p')
    check "dump-$d-rapper" "$(wc -l < "$T/want.nt" | tr -d ' ')" "$n"
  fi
  # HEAD: the same headers, no body; a revalidation: 304
  check "head-$d" 200 "$(status -I "$U/dump/$d.nt.gz")"
  check "head-$d-etag" "$ETAG" "$(header ETag)"
  check "head-$d-ctype" application/gzip "$(header Content-Type)"
  hasnt "head-$d-body" '^<' "$T/body" # (curl -I writes the headers there)
  check "etag-$d" 304 "$(status -H "If-None-Match: $ETAG" "$U/dump/$d.nt.gz")"
done
check dump-lines-grande 200000 "$(wc -l < "$T/want.nt" | tr -d ' ')"

# Turtle and plain N-Triples; plain text may travel gzip-encoded.
check dump-ttl 200 "$(status "$U/dump/strutture-ricettive.ttl")"
has dump-ttl-ctype '^Content-Type: text/turtle' "$T/head"
if command -v rapper >/dev/null 2>&1; then
  n=$(rapper -i turtle -c "$T/body" "$B/" 2>&1 | sed -n 's/.*returned \([0-9]*\) triple.*/\1/p')
  check dump-ttl-rapper 113 "$n"
fi
check dump-nt-compressed 200 "$(status --compressed "$U/dump/strutture-ricettive.nt")"
has dump-nt-encoding '^Content-Encoding: gzip' "$T/head"
LC_ALL=C sort "$T/body" > "$T/got.nt"
"$SILA" dump --store "$T/store" --graph "$B/set/strutture-ricettive" --format ntriples | LC_ALL=C sort > "$T/want.nt"
if cmp -s "$T/got.nt" "$T/want.nt"; then ok; else bad "dump .nt (gzip-encoded) differs"; fi

# The whole store, N-Quads.
check dump-store 200 "$(status "$U/dump/sila.nq.gz")"
check dump-store-ctype application/gzip "$(header Content-Type)"
gzip -dc < "$T/body" | LC_ALL=C sort > "$T/got.nq"
"$SILA" dump --store "$T/store" --format nquads | LC_ALL=C sort > "$T/want.nq"
if cmp -s "$T/got.nq" "$T/want.nq"; then ok; else bad "store dump differs from sila dump"; fi

# 404s and methods.
check dump-404-slug 404 "$(status "$U/dump/nessuno.nt.gz")"
check dump-404-head 404 "$(status -I "$U/dump/nessuno.nt.gz")"
check dump-404-ext 404 "$(status "$U/dump/grande.rdf")"
check dump-404-nq 404 "$(status "$U/dump/grande.nq.gz")"
check dump-404-unlisted 404 "$(status "$U/dump/catalogo.nt.gz")"
check dump-405 405 "$(status -X DELETE "$U/dump/grande.nt.gz")"

# Streaming: the big dump goes out chunked, the server's heap does not grow
# with it (about 20 MB of N-Triples through 128 KiB buffers).
rss() { sed -n 's/^RssAnon:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$PID/status" 2>/dev/null; }
if [ -r "/proc/$PID/status" ] && [ -n "$(rss)" ]; then
  $C -o /dev/null "$U/dump/grande.nt" # warm up the allocator
  before=$(rss)
  check dump-stream 200 "$(status --limit-rate 40M "$U/dump/grande.nt")"
  has dump-chunked '^Transfer-Encoding: chunked' "$T/head"
  after=$(rss)
  size=$(wc -c < "$T/body" | tr -d ' ')
  [ "$size" -gt 15000000 ] && ok || bad "dump-stream: only $size bytes"
  growth=$((after - before))
  [ "$growth" -lt 8192 ] && ok || bad "dump-stream: server heap grew by ${growth} kB for a ${size}-byte dump"
fi

# ---- the catalogue, page by page as a harvester reads it ----
: > "$T/datasets"
next="$U/catalogo.nt"
pages=0
last=
while [ -n "$next" ] && [ $pages -lt 10 ]; do
  pages=$((pages + 1))
  check "catalogo-page-$pages" 200 "$(status "$next")"
  grep "^<$B/catalogo> <http://www.w3.org/ns/dcat#dataset> " "$T/body" | awk '{print $3}' >> "$T/datasets"
  # every dataset linked on the page is described on it
  links=$(grep -c "^<$B/catalogo> <http://www.w3.org/ns/dcat#dataset> " "$T/body")
  typed=$(grep -c "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> \.$" "$T/body")
  check "catalogo-page-$pages-described" "$links" "$typed"
  has "catalogo-page-$pages-hydra" "<http://www.w3.org/ns/hydra/core#PagedCollection>" "$T/body"
  tot=$(sed -n 's/.*<http:\/\/www.w3.org\/ns\/hydra\/core#totalItems> "\([0-9]*\)".*/\1/p' "$T/body")
  check "catalogo-page-$pages-total" $TOTAL "$tot"
  last=$(sed -n 's/.*<http:\/\/www.w3.org\/ns\/hydra\/core#lastPage> <\([^>]*\)>.*/\1/p' "$T/body")
  next=$(sed -n 's/.*<http:\/\/www.w3.org\/ns\/hydra\/core#nextPage> <\([^>]*\)>.*/\1/p' "$T/body" |
    sed "s|^$B|$U|")
done
check catalogo-pages 3 "$pages"
check catalogo-lastpage "$U/catalogo.nt?page=3" "$last" # the public base: where the harvester asked
check catalogo-datasets $TOTAL "$(sort -u "$T/datasets" | wc -l | tr -d ' ')"
check catalogo-once $TOTAL "$(wc -l < "$T/datasets" | tr -d ' ')"
has catalogo-published "<$B/set/strutture-ricettive>" "$T/datasets"
check catalogo-404 404 "$(status "$U/catalogo.nt?page=4")"
check catalogo-404-zero 404 "$(status "$U/catalogo?page=0")"
check catalogo-per-page 200 "$(status "$U/catalogo.ttl?page=62&per_page=2")"
has catalogo-per-page-prev "catalogo.ttl?page=61&per_page=2" "$T/body"
check catalogo-jsonld 200 "$(status -H 'Accept: application/ld+json' "$U/catalogo?page=2")"
has catalogo-jsonld-ctype '^Content-Type: application/ld+json' "$T/head"
if command -v rapper >/dev/null 2>&1; then
  check catalogo-rdfxml 200 "$(status "$U/catalogo.rdf?page=1")"
  n=$(rapper -q -i rdfxml -o ntriples "$T/body" "$B/" 2>/dev/null |
    grep -c "^<$B/catalogo> <http://www.w3.org/ns/dcat#dataset> ")
  check catalogo-rdfxml-datasets 50 "$n"
fi

# Every dump the published catalogue announces (dcat:downloadURL) resolves.
"$SILA" query --store "$T/store" --format tsv \
  "SELECT ?u WHERE { GRAPH <$B/catalogo> { ?d <http://www.w3.org/ns/dcat#downloadURL> ?u } FILTER(STRSTARTS(STR(?u), '$B/dump/')) }" |
  sed -n 's|^<\(.*\)>$|\1|p' > "$T/announced"
check catalogo-announced-dumps 4 "$(wc -l < "$T/announced" | tr -d ' ')" # .ttl and .nt.gz of two datasets
for u in $(cat "$T/announced"); do
  check "announced $u" 200 "$($C -o /dev/null -w '%{http_code}' "$(echo "$u" | sed "s|^$B|$U|")")"
done
# The CSV distributions: the files as published, byte for byte.
"$SILA" query --store "$T/store" --format tsv \
  "SELECT ?u WHERE { GRAPH <$B/catalogo> { ?d <http://www.w3.org/ns/dcat#downloadURL> ?u } FILTER(STRSTARTS(STR(?u), '$B/files/')) }" |
  sed -n 's|^<\(.*\)>$|\1|p' > "$T/csvs"
check catalogo-announced-csvs 2 "$(wc -l < "$T/csvs" | tr -d ' ')"
for u in $(cat "$T/csvs"); do
  check "csv $u" 200 "$(status "$(echo "$u" | sed "s|^$B|$U|")")"
  check "csv-ctype $u" "text/csv; charset=utf-8" "$(header Content-Type)"
  slug=$(echo "$u" | sed "s|^$B/files/\([^/]*\)/.*|\1|")
  name=$(basename "$u")
  if cmp -s "$T/body" "$SRC/datasets/$slug/$name"; then ok; else bad "csv $u differs from $SRC/datasets/$slug/$name"; fi
done
check csv-404 404 "$(status "$U/files/strutture-ricettive/nope.csv")"
check csv-405 405 "$(status -X DELETE "$U/files/strutture-ricettive/x.csv")"

# ---- VoID against SPARQL ----
check void 200 "$(status "$U/void.nt")"
cp "$T/body" "$T/void.nt"
vo() { # DATASET-IRI PROPERTY → the integer
  sed -n "s|^<$1> <http://rdfs.org/ns/void#$2> \"\([0-9]*\)\".*|\1|p" "$T/void.nt" | head -1
}
q() { "$SILA" query --store "$T/store" --format csv "$1" | sed -n '2p' | tr -d '\r'; }
for d in strutture-ricettive popolazione-comuni grande; do
  G="<$B/set/$d>"
  check "void-$d-triples" "$(q "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $G { ?s ?p ?o } }")" "$(vo "$B/set/$d" triples)"
  check "void-$d-subjects" "$(q "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH $G { ?s ?p ?o } }")" "$(vo "$B/set/$d" distinctSubjects)"
  check "void-$d-objects" "$(q "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH $G { ?s ?p ?o } }")" "$(vo "$B/set/$d" distinctObjects)"
  check "void-$d-properties" "$(q "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH $G { ?s ?p ?o } }")" "$(vo "$B/set/$d" properties)"
  check "void-$d-classes" "$(q "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH $G { ?s a ?c } }")" "$(vo "$B/set/$d" classes)"
  check "void-$d-entities" "$(q "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH $G { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), '$B/id/')) }")" "$(vo "$B/set/$d" entities)"
  n=$(q "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $G { ?s <https://w3id.org/italia/onto/CLV/hasCity> ?o } FILTER(STRSTARTS(STR(?o), 'https://w3id.org/italia/')) }")
  [ "$n" = 0 ] && n= # no links, no linkset
  check "void-$d-hasCity-links" "$n" "$(vo "$B/set/$d/linkset/italia-hasCity" triples)"
done
# property partitions of "grande" against GROUP BY
q2() { "$SILA" query --store "$T/store" --format csv "$1" | sed '1d' | tr -d '\r'; }
q2 "SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?o1) WHERE { GRAPH <$B/set/grande> { ?s ?p ?o } } GROUP BY ?p" |
  LC_ALL=C sort > "$T/want.parts"
awk '$2 == "<http://rdfs.org/ns/void#property>" { p[$1] = substr($3, 2, length($3) - 2) }
     $2 == "<http://rdfs.org/ns/void#triples>" { t[$1] = $3 }
     $2 == "<http://rdfs.org/ns/void#distinctObjects>" { o[$1] = $3 }
     END { for (b in p) if (b ~ /^_:d/) { split(t[b], x, "\""); split(o[b], y, "\""); print p[b] "," x[2] "," y[2] } }' "$T/void.nt" |
  LC_ALL=C sort > "$T/got.parts"
grep -c . "$T/want.parts" > /dev/null && ok || bad "no property partitions to compare"
# keep the partitions of "grande" only (its properties are these five)
grep -F -f "$T/want.parts" "$T/got.parts" > "$T/got.grande"
if cmp -s "$T/want.parts" "$T/got.grande"; then ok; else bad "void property partitions of grande: $(diff "$T/want.parts" "$T/got.grande" | head -5)"; fi
# every void:dataDump resolves
for dd in $(sed -n 's|.*<http://rdfs.org/ns/void#dataDump> <\([^>]*\)>.*|\1|p' "$T/void.nt" | sed "s|^$B|$U|"); do
  check "void-datadump $dd" 200 "$($C -o /dev/null -I -w '%{http_code}' "$dd")"
done
check void-datadumps 4 "$(grep -c 'void#dataDump' "$T/void.nt")"

stop_server

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
