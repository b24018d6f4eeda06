#!/bin/sh
# One IRI rule, and dumps that load back (issue 13 item 4), from outside:
#  - a store holding every kind of term (IRIs with %-escapes and non-ASCII,
#    blank nodes, plain / language / typed literals with quotes, newlines,
#    tabs, unicode, a long literal, inline numbers and dates, named graphs)
#    is dumped with `sila dump --format F` for every F, loaded into a fresh
#    store (JSON-LD, which `sila load` does not read, through
#    jsonld_to_nquads.py) and compared with the original (isomorphic);
#  - every way in refuses an IRI that could not be dumped: SPARQL IRI() is
#    unbound, INSERT DATA, N-Triples, Turtle, RDF/XML and Graph Store
#    uploads fail with a position and change nothing, CSVW templates fail
#    at row and column;
#  - an RDF/XML external entity is refused (issue 13, smaller);
#  - RDF 1.2 triple terms (nested, blank nodes inside, reifiers) go through
#    every dump format and back; JSON-LD refuses them naming the term.
set -u
SILA=${SILA_BIN:-../sila}
BUILD=${SILA_BUILDDIR:-..}
SRC=${SILA_SRCDIR:-..}
CMP="$BUILD/tests/rdf_iso_cmp"
SILA_TEST_NAME=roundtrip
. "$SRC/tests/http_lib.sh"
quads() { "$SILA" stats --store "$1" | awk '$1 == "quads" { print $2 }'; }

"$SILA" init "$T/a" >/dev/null || exit 1
long=$(awk 'BEGIN { for (i = 0; i < 400; i++) printf "lungo %d è \\\"ok\\\" ", i }')
X='http://www.w3.org/2001/XMLSchema#'
cat >"$T/every.nq" <<EOF
<http://ex.org/s> <http://ex.org/p> <http://ex.org/a%20b%2Fc> .
<http://ex.org/città/€> <http://ex.org/p> <http://ex.org/\u00E8\U0001F600> <http://ex.org/g1> .
<urn:x:y?q=1#frag> <http://ex.org/p> "plain" .
<http://ex.org/s> <http://ex.org/p> "" .
<http://ex.org/s> <http://ex.org/q> "she said \"hi\" \\\\ back" .
<http://ex.org/s> <http://ex.org/q> "line1\nline2\r\nline3\ttabbed" <http://ex.org/g1> .
<http://ex.org/s> <http://ex.org/q> "città — 😀 \u00E0" <http://ex.org/g2> .
<http://ex.org/s> <http://ex.org/q> "ciao"@it .
<http://ex.org/s> <http://ex.org/q> "colour"@en-GB .
<http://ex.org/s> <http://ex.org/long> "$long" .
<http://ex.org/n> <http://ex.org/v> "42"^^<${X}integer> .
<http://ex.org/n> <http://ex.org/v> "-7"^^<${X}integer> .
<http://ex.org/n> <http://ex.org/v> "0042"^^<${X}integer> .
<http://ex.org/n> <http://ex.org/v> "3.14"^^<${X}decimal> .
<http://ex.org/n> <http://ex.org/v> "1.5E3"^^<${X}double> .
<http://ex.org/n> <http://ex.org/v> "true"^^<${X}boolean> .
<http://ex.org/n> <http://ex.org/v> "2024-02-29"^^<${X}date> .
<http://ex.org/n> <http://ex.org/v> "2024-02-29T12:30:00Z"^^<${X}dateTime> .
<http://ex.org/n> <http://ex.org/v> "2024-02-29T12:30:00+01:00"^^<${X}dateTime> <http://ex.org/g2> .
<http://ex.org/n> <http://ex.org/v> "x y"^^<http://ex.org/dt#custom> .
_:b1 <http://ex.org/p> _:b2 .
_:b2 <http://ex.org/p> "blank object" <http://ex.org/g1> .
<http://ex.org/s> <http://ex.org/p> _:b1 _:g .
_:b1 <http://ex.org/p> "in a blank graph" _:g .
EOF
"$SILA" load -q --store "$T/a" "$T/every.nq" 2>"$T/err" && ok || bad "load every.nq: $(cat "$T/err")"
# The store holds what was loaded (compared through its own dump).
"$SILA" dump --store "$T/a" --format nquads >"$T/a0.nq"
"$CMP" nquads "$T/every.nq" nquads "$T/a0.nq" >/dev/null 2>"$T/err" && ok || bad "store differs from its input: $(head -c 600 "$T/err")"
# A term minted by IRI() on the way in too.
"$SILA" update --store "$T/a" 'INSERT { ?x <http://ex.org/p> "from IRI()" } WHERE { BIND(IRI("http://ex.org/minted%20é") AS ?x) }' >/dev/null 2>"$T/err" \
  && ok || bad "IRI() insert: $(cat "$T/err")"
[ "$(quads "$T/a")" = 25 ] && ok || bad "expected 25 quads, got $(quads "$T/a")"
"$SILA" dump --store "$T/a" --format nquads >"$T/a.nq" 2>"$T/err" || bad "dump nquads: $(cat "$T/err")"
"$SILA" dump --store "$T/a" --format ntriples >"$T/a.nt" 2>"$T/err" || bad "dump ntriples: $(cat "$T/err")"

# Each dump format, into a fresh store, and back.
for fmt in nquads ntriples turtle trig rdfxml jsonld; do
  "$SILA" dump --store "$T/a" --format "$fmt" >"$T/d.$fmt" 2>"$T/err" || { bad "dump $fmt: $(cat "$T/err")"; continue; }
  "$SILA" init "$T/b-$fmt" >/dev/null
  file="$T/d.$fmt"
  loadfmt=$fmt
  if [ "$fmt" = jsonld ]; then
    python3 "$SRC/tests/jsonld_to_nquads.py" "$T/d.jsonld" >"$T/d.jsonld.nq" 2>"$T/err" || { bad "jsonld reader: $(cat "$T/err")"; continue; }
    file="$T/d.jsonld.nq"
    loadfmt=nquads
  fi
  "$SILA" load -q --store "$T/b-$fmt" --format "$loadfmt" "$file" 2>"$T/err" && ok || { bad "load the $fmt dump: $(cat "$T/err")"; continue; }
  "$SILA" dump --store "$T/b-$fmt" --format nquads >"$T/back.$fmt.nq"
  case $fmt in
  nquads | trig | jsonld) want="$T/a.nq" ;;  # graphs kept
  *) want="$T/a.nt" ;;                      # triples of every graph, once
  esac
  if "$CMP" nquads "$want" nquads "$T/back.$fmt.nq" >/dev/null 2>"$T/err"; then ok; else bad "$fmt round trip: $(head -c 600 "$T/err")"; fi
done

# ---- RDF 1.2 triple terms through every dump format (issue 20) -------------
# Nested triple terms, a blank node inside one that is also a subject
# outside, reifiers and annotations (Turtle), a base direction.
cat >"$T/tt.ttl" <<'EOF'
PREFIX ex: <http://ex.org/>
ex:claim ex:says <<( ex:s ex:p <<( _:x ex:q "v"@it )>> )>> .
_:x ex:name "Anna" .
ex:s ex:p ex:o ~ ex:r1 {| ex:source ex:web ; ex:when "2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date> |} .
<< ex:a ex:b "c"@ar--rtl >> ex:seenBy _:x .
ex:g1 ex:about <<( _:x ex:knows _:y )>> .
EOF
"$SILA" init "$T/t" >/dev/null
"$SILA" load -q --store "$T/t" "$T/tt.ttl" 2>"$T/err" && ok || bad "load tt.ttl: $(cat "$T/err")"
"$SILA" dump --store "$T/t" --format nquads >"$T/t.nq" 2>"$T/err" || bad "dump triple terms: $(cat "$T/err")"
grep -q '<<( <http://ex.org/s> <http://ex.org/p> <<( _:[^ ]* <http://ex.org/q> "v"@it )>> )>>' "$T/t.nq" && ok \
  || bad "nested triple term not in the N-Quads dump: $(cat "$T/t.nq")"
"$CMP" turtle "$T/tt.ttl" nquads "$T/t.nq" >/dev/null 2>"$T/err" && ok || bad "triple-term store differs from its input: $(head -c 600 "$T/err")"
for fmt in nquads ntriples turtle trig rdfxml; do
  "$SILA" dump --store "$T/t" --format "$fmt" >"$T/t.$fmt" 2>"$T/err" || { bad "dump $fmt with triple terms: $(cat "$T/err")"; continue; }
  "$SILA" init "$T/t-$fmt" >/dev/null
  "$SILA" load -q --store "$T/t-$fmt" --format "$fmt" "$T/t.$fmt" 2>"$T/err" && ok || { bad "load the $fmt dump with triple terms: $(cat "$T/err")"; continue; }
  "$SILA" dump --store "$T/t-$fmt" --format nquads >"$T/t-back.$fmt.nq"
  "$CMP" nquads "$T/t.nq" nquads "$T/t-back.$fmt.nq" >/dev/null 2>"$T/err" && ok || bad "$fmt round trip with triple terms: $(head -c 600 "$T/err")"
done
grep -q 'its:dir="rtl"' "$T/t.rdfxml" && grep -q 'parseType="Triple"' "$T/t.rdfxml" && ok || bad "RDF/XML without its:dir / parseType Triple"
# JSON-LD cannot carry them: a clear error naming the term, exit status 1.
"$SILA" dump --store "$T/t" --format jsonld >/dev/null 2>"$T/err"
rc=$?
[ "$rc" = 1 ] && grep -q 'JSON-LD cannot carry the RDF 1.2 triple term <<( ' "$T/err" && ok || bad "jsonld dump of triple terms: status $rc, $(cat "$T/err")"
# A triple term as subject is refused with its position.
printf '<<( <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> )>> <http://ex.org/p> <http://ex.org/o> .\n' >"$T/ttsubj.nt"
"$SILA" load -q --store "$T/t" "$T/ttsubj.nt" 2>"$T/err" && bad "a triple-term subject was loaded" \
  || { grep -q 'ttsubj.nt:1:1: a triple term can only be an object' "$T/err" && ok || bad "triple-term subject message: $(cat "$T/err")"; }

# RDF 1.2 RDF/XML: a deep XML literal, nested parseType="Triple" with a
# base direction inside, an annotation reifier.
deep=$(awk 'BEGIN { for (i = 0; i < 60; i++) printf "<ex:e%d>", i; printf "txt"; for (i = 59; i >= 0; i--) printf "</ex:e%d>", i }')
cat >"$T/deep.rdf" <<EOF
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/"
         xmlns:its="http://www.w3.org/2005/11/its" rdf:version="1.2">
 <rdf:Description rdf:about="http://ex.org/s">
  <ex:p rdf:parseType="Literal">$deep</ex:p>
  <ex:q rdf:parseType="Triple"><rdf:Description rdf:about="http://ex.org/a"><ex:r rdf:parseType="Triple"><rdf:Description rdf:nodeID="n1"><ex:t xml:lang="ar" its:dir="rtl">x</ex:t></rdf:Description></ex:r></rdf:Description></ex:q>
  <ex:w rdf:annotationNodeID="r1" rdf:resource="http://ex.org/o"/>
 </rdf:Description>
</rdf:RDF>
EOF
cat >"$T/deep.nt" <<EOF
<http://ex.org/s> <http://ex.org/w> <http://ex.org/o> .
<http://ex.org/s> <http://ex.org/p> "<ex:e0 xmlns:ex=\"http://ex.org/\">$(echo "$deep" | sed 's/^<ex:e0>//; s/"/\\"/g')"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral> .
<http://ex.org/s> <http://ex.org/q> <<( <http://ex.org/a> <http://ex.org/r> <<( _:n1 <http://ex.org/t> "x"@ar--rtl )>> )>> .
_:r1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( <http://ex.org/s> <http://ex.org/w> <http://ex.org/o> )>> .
EOF
"$SILA" init "$T/x" >/dev/null
"$SILA" load -q --store "$T/x" "$T/deep.rdf" 2>"$T/err" && ok || bad "load deep.rdf: $(cat "$T/err")"
"$SILA" dump --store "$T/x" --format nquads >"$T/x.nq"
"$CMP" ntriples "$T/deep.nt" nquads "$T/x.nq" >/dev/null 2>"$T/err" && ok || bad "deep.rdf read wrong: $(head -c 600 "$T/err")"

# ---- the one IRI rule on every way in --------------------------------------
before=$(quads "$T/a")
# The issue's reproducer: IRI() of a string that is no IRI is unbound, so
# nothing is inserted, and the store still dumps and loads.
"$SILA" update --store "$T/a" 'INSERT { ?x <http://ex.org/p> 1 } WHERE { BIND(IRI("http://ex.org/a b<>\"") AS ?x) }' >"$T/out" 2>&1 \
  && ok || bad "IRI() reproducer failed: $(cat "$T/out")"
"$SILA" update --store "$T/a" 'INSERT { ?x <http://ex.org/p> 1 } WHERE { BIND(URI(CONCAT("http://ex.org/", "{x}")) AS ?x) }' >/dev/null 2>&1 || bad "URI() reproducer"
[ "$(quads "$T/a")" = "$before" ] && ok || bad "an invalid IRI() was stored"
"$SILA" query --store "$T/a" --format csv 'SELECT (BOUND(?x) AS ?b) WHERE { BIND(IRI("http://ex.org/a b") AS ?x) }' >"$T/out" 2>&1
grep -q '^false' "$T/out" && ok || bad "IRI() of an invalid IRI is bound: $(cat "$T/out")"
"$SILA" update --store "$T/a" 'INSERT DATA { <http://ex.org/a\u0020b> <http://ex.org/p> 1 }' >/dev/null 2>"$T/err"
[ $? = 3 ] && grep -q "1:" "$T/err" && ok || bad "INSERT DATA with an escaped space: $(cat "$T/err")"
printf '<http://ex.org/s> <http://ex.org/p> <http://ex.org/a\\u007Bb> .\n' >"$T/bad.nt"
printf '@prefix ex: <http://ex.org/> .\nex:s ex:p <a\\u0020b> .\n' >"$T/bad.ttl"
cat >"$T/bad.rdf" <<'EOF'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/a b{c}"><ex:p>x</ex:p></rdf:Description>
</rdf:RDF>
EOF
cat >"$T/badlang.rdf" <<'EOF'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/">
  <rdf:Description rdf:about="http://ex.org/s"><ex:p xml:lang="en us">x</ex:p></rdf:Description>
</rdf:RDF>
EOF
for f in bad.nt bad.ttl bad.rdf badlang.rdf; do
  "$SILA" load -q --store "$T/a" "$T/$f" 2>"$T/err"
  rc=$?
  [ "$rc" = 3 ] && ok || bad "$f: exit status $rc, expected 3"
  grep -q "$f:[0-9]*:*[0-9]*" "$T/err" && ok || bad "$f: no position in: $(cat "$T/err")"
done
grep -q 'invalid language tag' "$T/err" && ok || bad "lang tag message: $(cat "$T/err")"
"$SILA" load -q --store "$T/a" --graph 'http://ex.org/a b' "$T/every.nq" 2>/dev/null
[ $? = 2 ] && ok || bad "sila load --graph with an invalid IRI accepted"
[ "$(quads "$T/a")" = "$before" ] && ok || bad "a refused load changed the store"

# Graph Store uploads go through the same parsers: 400 with the position,
# nothing stored.
SILA_WRITE_TOKEN=tok start_server "$T/serve.log" --store "$T/a" --bind 127.0.0.1
code=$(status -X PUT -H 'Authorization: Bearer tok' -H 'Content-Type: application/rdf+xml' \
  --data-binary @"$T/bad.rdf" "$U/store?graph=http://ex.org/upload")
[ "$code" = 400 ] && grep -q 'invalid IRI' "$T/body" && ok || bad "GSP upload of an invalid IRI: $code $(cat "$T/body")"
code=$(status -X POST -H 'Authorization: Bearer tok' -H 'Content-Type: application/n-triples' \
  --data-binary @"$T/bad.nt" "$U/store?graph=http://ex.org/upload")
[ "$code" = 400 ] && ok || bad "GSP N-Triples upload of an invalid IRI: $code $(cat "$T/body")"
printf '<http://ex.org/s> <http://ex.org/p> "ok" .\n' >"$T/good.nt"
code=$(status -X PUT -H 'Authorization: Bearer tok' -H 'Content-Type: application/n-triples' \
  --data-binary @"$T/good.nt" "$U/store?graph=http://ex.org/a%20b")
[ "$code" = 400 ] && grep -q 'absolute IRI' "$T/body" && ok || bad "GSP upload into an invalid graph IRI: $code $(cat "$T/body")"
stop_server
[ "$(quads "$T/a")" = "$before" ] && ok || bad "a refused upload changed the store"

# CSVW: a template that mints an invalid IRI is an error at its row and column.
printf 'nome,tipo\nHotel Sole,Bed and breakfast\n' >"$T/t.csv"
cat >"$T/t.csv-metadata.json" <<'EOF'
{"@context": "http://www.w3.org/ns/csvw", "url": "t.csv",
 "tableSchema": {"aboutUrl": "http://ex.org/hotel/{nome}",
  "columns": [{"name": "nome", "titles": "nome"},
              {"name": "tipo", "titles": "tipo", "valueUrl": "http://ex.org/tipo {tipo}"}]}}
EOF
"$SILA" map "$T/t.csv" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" != 0 ] && ok || bad "CSVW invalid template IRI accepted"
grep -q 'row 2, column 2: a URI template gives an invalid IRI' "$T/err" && ok || bad "CSVW message: $(cat "$T/err")"

# ---- RDF/XML external entities (issue 13, smaller) ------------------------------
echo "secret-content" >"$T/secret.txt"
cat >"$T/xxe.rdf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY ok "http://ex.org/">
  <!ENTITY xxe SYSTEM "file://$T/secret.txt">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="&ok;">
  <rdf:Description rdf:about="http://ex.org/x"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>
EOF
"$SILA" load -q --store "$T/a" "$T/xxe.rdf" 2>"$T/err"
rc=$?
[ "$rc" = 3 ] && ok || bad "external entity: exit status $rc, expected 3"
grep -q 'xxe.rdf:4:[0-9]*: external entities and external DTDs (SYSTEM) are not allowed' "$T/err" && ok || bad "external entity message: $(cat "$T/err")"
sed 's|<!DOCTYPE rdf:RDF \[|<!DOCTYPE rdf:RDF PUBLIC "-//x//y" "file:///etc/passwd" [|' "$T/xxe.rdf" | grep -v xxe >"$T/dtd.rdf"
"$SILA" load -q --store "$T/a" "$T/dtd.rdf" 2>"$T/err" && bad "external DTD accepted" || ok
# Internal entities stay allowed.
grep -v 'ENTITY xxe' "$T/xxe.rdf" | sed 's|&xxe;|inline|' >"$T/internal.rdf"
"$SILA" load -q --store "$T/a" "$T/internal.rdf" 2>"$T/err" && ok || bad "internal entity refused: $(cat "$T/err")"
[ "$(quads "$T/a")" = $((before + 1)) ] && ok || bad "expected one more quad after the internal-entity load"
"$SILA" dump --store "$T/a" --format ntriples | grep -q 'secret-content' && bad "the secret file was loaded" || ok

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
