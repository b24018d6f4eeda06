#!/bin/sh
# rdfproc (Redland's command-line tool) on a Sila store through the
# loadable module librdf_storage_sila: parse, add, remove, find, contexts,
# SPARQL through rasqal, serialize; and `sila` reading what rdfproc wrote.
set -u
SILA=${SILA_BIN:-../sila}
BUILD=${SILA_BUILDDIR:-..}
command -v rdfproc >/dev/null 2>&1 || { echo "SKIP: rdfproc not installed (redland-utils)"; exit 77; }
command -v rapper >/dev/null 2>&1 || { echo "SKIP: rapper not installed (raptor2-utils)"; exit 77; }
mod="$BUILD/redland/.libs/librdf_storage_sila.so"
[ -f "$mod" ] || { echo "FAIL: module $mod not built"; exit 1; }
# A sanitizer build cannot be loaded into an uninstrumented rdfproc.
if ldd "$mod" | grep -q libasan; then echo "SKIP: module built with sanitizers"; exit 77; fi
REDLAND_MODULE_PATH="$BUILD/redland/.libs"; export REDLAND_MODULE_PATH
work=$(mktemp -d /tmp/sila-rdfproc.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
rp() { rdfproc -q -s sila -t "dir='$work/s'" store "$@"; }
rpv() { rdfproc -s sila -t "dir='$work/s'" store "$@"; } # with its messages
# rdfproc prints the last line of some answers without a newline.
lines() { sed -e '$a\' | grep -v '^rdfproc:' | sort; }

cat >"$work/a.ttl" <<'TTL'
@prefix ex: <http://ex.org/> .
ex:cosenza a ex:Comune ; ex:nome "Cosenza"@it ; ex:istat "078045" ;
  ex:abitanti 65000 ; ex:cap "01"^^<http://www.w3.org/2001/XMLSchema#integer> ;
  ex:indirizzo [ ex:via "Corso Mazzini" ; ex:civico 1 ] .
ex:rende a ex:Comune ; ex:nome "Rende"@it ; ex:abitanti 35000 .
TTL

# parse (one write transaction) and size
rdfproc -q -n -s sila -t "dir='$work/s'" store parse "$work/a.ttl" turtle 2>"$work/err" && ok || bad "parse: $(cat "$work/err")"
rp size 2>&1 | grep -q 'graph has 11 triples' && ok || bad "size after parse: $(rp size 2>&1)"

# serialize round trip: rdfproc's N-Triples = rapper's parse of the file
rp serialize ntriples 2>/dev/null | lines >"$work/out.nt"
rapper -q -i turtle -o ntriples "$work/a.ttl" | lines >"$work/want.nt"
# blank node labels differ (the store numbers its own): compare without them
sed 's/_:[A-Za-z0-9]*/_:B/g' "$work/out.nt" | sort >"$work/o"
sed 's/_:[A-Za-z0-9]*/_:B/g' "$work/want.nt" | sort >"$work/w"
cmp -s "$work/o" "$work/w" && ok || bad "serialize differs: $(diff "$work/o" "$work/w")"
# the blank node is one node: its two statements share a label
[ "$(grep -c '^_:' "$work/out.nt")" = 2 ] && [ "$(grep '^_:' "$work/out.nt" | cut -d' ' -f1 | sort -u | wc -l)" = 1 ] \
  && grep -q "indirizzo> $(grep '^_:' "$work/out.nt" | head -1 | cut -d' ' -f1) ." "$work/out.nt" && ok || bad "blank node split"
# non-canonical "01"^^xsd:integer round-trips exactly
grep -q '"01"^^<http://www.w3.org/2001/XMLSchema#integer>' "$work/out.nt" && ok || bad "lexical form 01 lost"

# find with bound positions
[ "$(rp find - http://ex.org/abitanti - 2>/dev/null | lines | grep -c 'Matched triple')" = 2 ] && ok || bad "find (-, p, -)"
[ "$(rp find http://ex.org/rende - - 2>/dev/null | lines | grep -c 'Matched triple')" = 3 ] && ok || bad "find (s, -, -)"
rp find - - "Rende" 2>/dev/null | grep -q 'no' ; # literal without lang: no match expected
[ "$(rp find - - "Rende" 2>/dev/null | lines | grep -c 'Matched triple')" = 0 ] && ok || bad "find plain literal matched a @it literal"
rpv contains http://ex.org/rende http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://ex.org/Comune 2>&1 | grep -q 'contains the triple' && ok || bad "contains"
rpv contains http://ex.org/rende http://ex.org/nome Rende 2>&1 | grep -q 'does not contain' && ok || bad "contains: absent triple"

# add / remove in the default graph and in contexts (named graphs)
rp add http://ex.org/x http://ex.org/p http://ex.org/y >/dev/null 2>&1 && ok || bad "add"
rp add http://ex.org/x http://ex.org/p "in g1" http://ex.org/g1 >/dev/null 2>&1 && ok || bad "add in context"
rp add http://ex.org/x http://ex.org/p "in g2" http://ex.org/g2 >/dev/null 2>&1 && ok || bad "add in context 2"
rp size 2>&1 | grep -q 'graph has 14 triples' && ok || bad "size after adds: $(rp size 2>&1)"
[ "$(rp contexts 2>/dev/null | lines | tr '\n' ' ')" = "Context: <http://ex.org/g1> Context: <http://ex.org/g2> " ] && ok || bad "contexts: $(rp contexts 2>&1)"
rp find - - - http://ex.org/g1 2>/dev/null | grep -q '"in g1" with context <http://ex.org/g1>' && ok || bad "find in context"
[ "$(rp find - - - http://ex.org/g1 2>/dev/null | lines | grep -c 'Matched')" = 1 ] && ok || bad "find in context count"
rp serialize nquads 2>/dev/null | grep -q '<http://ex.org/x> <http://ex.org/p> "in g2" <http://ex.org/g2> \.' && ok || bad "nquads with graph"
rp remove http://ex.org/x http://ex.org/p "in g1" http://ex.org/g1 >/dev/null 2>&1 && ok || bad "remove in context"
[ "$(rp find - - - http://ex.org/g1 2>/dev/null | lines | grep -c 'Matched')" = 0 ] && ok || bad "removed from g1"
rp remove http://ex.org/x http://ex.org/p http://ex.org/y >/dev/null 2>&1 && ok || bad "remove"
rp remove-context http://ex.org/g2 >/dev/null 2>&1 && ok || bad "remove-context"
rp size 2>&1 | grep -q 'graph has 11 triples' && ok || bad "size after removes: $(rp size 2>&1)"

# SPARQL through librdf_query (rasqal over the module)
rp query sparql - 'SELECT ?c ?n WHERE { ?c a <http://ex.org/Comune> ; <http://ex.org/abitanti> ?n } ORDER BY DESC(?n)' \
  2>/dev/null | sed -e '$a\' >"$work/q.out"
I='^<http://www.w3.org/2001/XMLSchema#integer>'
printf '[, c=<http://ex.org/cosenza>, n="65000"%s]\n[, c=<http://ex.org/rende>, n="35000"%s]\n' "$I" "$I" | sed 's/\^</^^</' >"$work/q.want"
cmp -s "$work/q.out" "$work/q.want" && ok || bad "query: $(cat "$work/q.out")"
rpv query sparql - 'ASK { ?x <http://ex.org/via> "Corso Mazzini" }' 2>&1 | grep -q 'boolean result: true' && ok || bad "ask"
rp add http://ex.org/x http://ex.org/p "in g3" http://ex.org/g3 >/dev/null 2>&1
rp query sparql - 'SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }' 2>/dev/null | grep -q 'g=<http://ex.org/g3>, o="in g3"' && ok || bad "GRAPH ?g"

# the same files through `sila`: rdfproc's writes are Sila's data
"$SILA" query --store "$work/s" --format csv 'SELECT ?n WHERE { <http://ex.org/rende> <http://ex.org/abitanti> ?n }' \
  2>"$work/err" | tr -d '\r' | grep -q '^35000$' && ok || bad "sila query on rdfproc's store: $(cat "$work/err")"
"$SILA" dump --store "$work/s" --graph http://ex.org/g3 --format ntriples 2>/dev/null | grep -q '"in g3"' && ok || bad "sila dump of a context"
# and the other way: `sila load` then rdfproc
printf '<http://ex.org/z> <http://ex.org/p> "from sila" .\n' >"$work/z.nt"
"$SILA" load -q --store "$work/s" "$work/z.nt" 2>/dev/null
rp find http://ex.org/z - - 2>/dev/null | grep -q '"from sila"' && ok || bad "rdfproc reads sila's load"

# parse into a context (one write transaction through context_add_statements)
printf '<http://ex.org/k> <http://ex.org/p> "uno" .\n<http://ex.org/k> <http://ex.org/p> "due" .\n' >"$work/k.nt"
rp parse "$work/k.nt" ntriples http://ex.org/ http://ex.org/g4 >/dev/null 2>&1 && ok || bad "parse into a context"
[ "$(rp find - - - http://ex.org/g4 2>/dev/null | lines | grep -c 'with context <http://ex.org/g4>')" = 2 ] && ok || bad "parsed context"
# node iterators (Redland builds them on find_statements)
[ "$(rp targets http://ex.org/k http://ex.org/p 2>/dev/null | lines | sed 's/ with context.*//' | tr '\n' ' ')" = 'Matched node: "due" Matched node: "uno" ' ] \
  && ok || bad "targets: $(rp targets http://ex.org/k http://ex.org/p 2>&1)"
rp arcs-out http://ex.org/rende 2>/dev/null | grep -q 'http://ex.org/abitanti' && ok || bad "arcs-out"

# a missing store is an error unless new='yes'
rdfproc -q -s sila -t "dir='$work/none'" store size >/dev/null 2>&1 && bad "opened a missing store" || ok

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
