#!/bin/sh
# rdfxml_errors.sh — every RDF/XML error names its place, from outside:
# `sila load` of small bad RDF/XML files prints FILE:LINE:COLUMN of the
# offending element, attribute, reference or text (columns count
# characters, not bytes), exits 3 and loads nothing (the store keeps
# exactly what it had).  XML well-formedness errors (libxml2 under raptor)
# and RDF/XML grammar errors (Sila's own) alike; also past the parser's
# first 64 KiB read, where the markup is tracked across reads.
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
SILA_TEST_NAME=rdfxmlerr
. "$SRC/tests/http_lib.sh"
SILA=$(cd "$(dirname "$SILA")" && pwd)/$(basename "$SILA")
cd "$T" || exit 1
quads() { "$SILA" stats --store st | awk '$1 == "quads" { print $2 }'; }

"$SILA" init st >/dev/null || exit 1
cat >good.rdf <<'EOF2'
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <ex:Thing rdf:about="http://example.org/a"><ex:p>uno</ex:p></ex:Thing>
</rdf:RDF>
EOF2
"$SILA" load -q --store st good.rdf 2>err || bad "the good file: $(cat err)"
before=$(quads)
check "the good file loaded" 2 "$before"
"$SILA" dump --store st --format nquads | sort >before.nq

HEAD='<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
# refused NAME EXPECTED-FIRST-LINE: NAME.rdf (written by the caller) fails
# with exit status 3, the message exactly, and nothing loaded
refused() {
  "$SILA" load -q --store st "$1.rdf" 2>err
  rc=$?
  check "$1: exit status" 3 "$rc"
  check "$1: message" "$2" "$(head -1 err)"
  check "$1: nothing loaded" "$before" "$(quads)"
}

# ---- RDF/XML grammar ----
# a property attribute where a node element is: rdf:resource on a node element
printf '%s\n  <ex:Thing rdf:about="http://example.org/b"\n            rdf:resource="http://example.org/c">\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >node-resource.rdf
refused node-resource "node-resource.rdf:3:13: rdf:resource is not allowed as an attribute here"
# rdf:li as a node element, and as an attribute
printf '%s\n  <rdf:li/>\n</rdf:RDF>\n' "$HEAD" >li-node.rdf
refused li-node "li-node.rdf:2:3: rdf:li cannot be a node element"
printf '%s\n  <ex:Thing><ex:p ex:q="1" rdf:li="x"/></ex:Thing>\n</rdf:RDF>\n' "$HEAD" >li-attr.rdf
refused li-attr "li-attr.rdf:2:28: rdf:li is not allowed as an attribute here"
# rdf:parseType with rdf:resource; with a property attribute
printf '%s\n  <ex:Thing>\n    <ex:p rdf:parseType="Resource" rdf:resource="http://example.org/d"/>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >parsetype-resource.rdf
refused parsetype-resource "parsetype-resource.rdf:3:36: rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype"
printf '%s\n  <ex:Thing>\n    <ex:p rdf:parseType="Literal" ex:q="v"><b>x</b></ex:p>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >parsetype-attr.rdf
refused parsetype-attr "parsetype-attr.rdf:3:35: rdf:parseType cannot go with property attributes"
# rdf:ID twice: the second one
printf '%s\n  <ex:Thing rdf:ID="uno"/>\n  <ex:Thing>\n    <ex:p rdf:ID="uno">x</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >id-twice.rdf
refused id-twice "id-twice.rdf:4:11: rdf:ID \"file://$T/id-twice.rdf#uno\" is used twice"
printf '%s\n  <ex:Thing rdf:ID="1-uno"/>\n</rdf:RDF>\n' "$HEAD" >id-ncname.rdf
refused id-ncname "id-ncname.rdf:2:13: rdf:ID \"1-uno\" is not an XML NCName"
# rdf:about and rdf:nodeID together: the second of them
printf '%s\n  <ex:Thing rdf:nodeID="n1" rdf:about="http://example.org/e"/>\n</rdf:RDF>\n' "$HEAD" >about-nodeid.rdf
refused about-nodeid "about-nodeid.rdf:2:29: a node element has at most one of rdf:about, rdf:ID, rdf:nodeID"
# bad IRIs: in rdf:about after non-ASCII text on the line (columns are
# characters), in rdf:resource on a line of its own, in rdf:datatype read
# at the end of the element
printf '%s\n  <ex:Città ex:nome="Città di Cosenza — è" rdf:about="http://example.org/a b"/>\n</rdf:RDF>\n' "$HEAD" >iri-about.rdf
refused iri-about "iri-about.rdf:2:44: invalid IRI <http://example.org/a b>"
printf '%s\n  <ex:Thing>\n    <ex:p\n      rdf:resource="http://example.org/{x}"/>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >iri-resource.rdf
refused iri-resource "iri-resource.rdf:4:7: invalid IRI <http://example.org/{x}>"
printf '%s\n  <ex:Thing>\n    <ex:p rdf:datatype="http://example.org/a b">1</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >iri-datatype.rdf
refused iri-datatype "iri-datatype.rdf:3:11: invalid IRI <http://example.org/a b>"
# text where only elements may be: its first character
printf '%s\n  <ex:Thing>\n    <ex:p>\n      <ex:q>  testo</ex:q>\n    </ex:p>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >text.rdf
refused text "text.rdf:4:15: text is not allowed here (only elements)"
# rdf:resource and rdf:nodeID on one empty property element (read at its end)
printf '%s\n  <ex:Thing>\n    <ex:p rdf:resource="http://example.org/f" rdf:nodeID="n2"/>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >resource-nodeid.rdf
refused resource-nodeid "resource-nodeid.rdf:3:47: rdf:resource and rdf:nodeID together"

# ---- XML well-formedness ----
printf '%s\n  <ex:Thing>\n    <ex:p>x</ex:q>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >mismatch.rdf
refused mismatch "mismatch.rdf:3:12: XML: Opening and ending tag mismatch: ex:p and ex:q"
printf '%s\n  <ex:Thing>\n    <ex:p>è &nessuna; entità</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n' "$HEAD" >entity.rdf
refused entity "entity.rdf:3:13: XML: Entity 'nessuna' not defined"
printf '%s\n  <ex:Thing ex:a="1"\n     ex:a="2"/>\n</rdf:RDF>\n' "$HEAD" >twice-attr.rdf
refused twice-attr "twice-attr.rdf:3:6: XML: Attribute ex:a redefined"
printf '%s\n  <ex:Thing xx:a="1"/>\n</rdf:RDF>\n' "$HEAD" >prefix.rdf
refused prefix "prefix.rdf:2:13: The namespace prefix in \"xx:a\" was not declared."
printf '%s\n  <ex:Thing>\n    <ex:p>uno</ex:p>\n' "$HEAD" >unclosed.rdf
refused unclosed "unclosed.rdf:2:3: <ex:Thing> is not closed: the document ends inside it"
printf '%s\n  <ex:Thing>\n    <ex:p a="1' "$HEAD" >cut.rdf
"$SILA" load -q --store st cut.rdf 2>err
check "cut: exit status" 3 "$?"
case "$(head -1 err)" in "cut.rdf:3:5: XML: "*) ok ;; *) bad "cut: $(head -1 err)" ;; esac
check "cut: nothing loaded" "$before" "$(quads)"

# ---- past the first read (64 KiB): an error at line 6003 ----
{
  echo "$HEAD"
  i=0
  while [ $i -lt 2000 ]; do
    printf '  <ex:Thing rdf:about="http://example.org/t%d">\n    <ex:nome xml:lang="it">cosa %d &amp; altro</ex:nome>\n  </ex:Thing>\n' $i $i
    i=$((i + 1))
  done
  printf '  <ex:Thing rdf:about="http://example.org/ultima">\n    <ex:p rdf:parseType="Resource" rdf:nodeID="n3"/>\n  </ex:Thing>\n</rdf:RDF>\n'
} >long.rdf
[ "$(wc -c <long.rdf)" -gt 200000 ] && ok || bad "long.rdf is not past a few reads"
refused long "long.rdf:6003:36: rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype"

"$SILA" dump --store st --format nquads | sort >after.nq
cmp -s before.nq after.nq && ok || bad "the store changed: $(diff before.nq after.nq | head -5)"
grep -q ':0:' err && bad "a column 0 in $(cat err)" || ok

echo "rdfxml_errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
