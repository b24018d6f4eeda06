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

# Past the first read (64 KiB): an error at line 6003 of long.rdf.
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

# The cases, one a line: NAME|STATUS|FIRST LINE OF STDERR|DOCUMENT.
# `sila load` of NAME.rdf must exit with STATUS, print exactly FIRST LINE
# (or, ending in '*', a line starting with what comes before it; {dir} is
# the folder of the files) and load nothing.  DOCUMENT is a printf format
# of what follows $HEAD and a line end ('-': NAME.rdf is written above).
cases() {
  cat <<'TABLE'
# ---- RDF/XML grammar ----
# a property attribute where a node element is: rdf:resource on a node element
node-resource|3|node-resource.rdf:3:13: rdf:resource is not allowed as an attribute here|  <ex:Thing rdf:about="http://example.org/b"\n            rdf:resource="http://example.org/c">\n  </ex:Thing>\n</rdf:RDF>\n
# rdf:li as a node element, and as an attribute
li-node|3|li-node.rdf:2:3: rdf:li cannot be a node element|  <rdf:li/>\n</rdf:RDF>\n
li-attr|3|li-attr.rdf:2:28: rdf:li is not allowed as an attribute here|  <ex:Thing><ex:p ex:q="1" rdf:li="x"/></ex:Thing>\n</rdf:RDF>\n
# rdf:parseType with rdf:resource; with a property attribute
parsetype-resource|3|parsetype-resource.rdf:3:36: rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype|  <ex:Thing>\n    <ex:p rdf:parseType="Resource" rdf:resource="http://example.org/d"/>\n  </ex:Thing>\n</rdf:RDF>\n
parsetype-attr|3|parsetype-attr.rdf:3:35: rdf:parseType cannot go with property attributes|  <ex:Thing>\n    <ex:p rdf:parseType="Literal" ex:q="v"><b>x</b></ex:p>\n  </ex:Thing>\n</rdf:RDF>\n
# rdf:ID twice: the second one; an rdf:ID that is no NCName
id-twice|3|id-twice.rdf:4:11: rdf:ID "file://{dir}/id-twice.rdf#uno" is used twice|  <ex:Thing rdf:ID="uno"/>\n  <ex:Thing>\n    <ex:p rdf:ID="uno">x</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n
id-ncname|3|id-ncname.rdf:2:13: rdf:ID "1-uno" is not an XML NCName|  <ex:Thing rdf:ID="1-uno"/>\n</rdf:RDF>\n
# rdf:about and rdf:nodeID together: the second of them
about-nodeid|3|about-nodeid.rdf:2:29: a node element has at most one of rdf:about, rdf:ID, rdf:nodeID|  <ex:Thing rdf:nodeID="n1" rdf:about="http://example.org/e"/>\n</rdf:RDF>\n
# bad IRIs: in rdf:about after non-ASCII text on the line (columns are
# characters), in rdf:resource on a line of its own, in rdf:datatype read
# at the end of the element
iri-about|3|iri-about.rdf:2:44: invalid IRI <http://example.org/a b>|  <ex:Città ex:nome="Città di Cosenza — è" rdf:about="http://example.org/a b"/>\n</rdf:RDF>\n
iri-resource|3|iri-resource.rdf:4:7: invalid IRI <http://example.org/{x}>|  <ex:Thing>\n    <ex:p\n      rdf:resource="http://example.org/{x}"/>\n  </ex:Thing>\n</rdf:RDF>\n
iri-datatype|3|iri-datatype.rdf:3:11: invalid IRI <http://example.org/a b>|  <ex:Thing>\n    <ex:p rdf:datatype="http://example.org/a b">1</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n
# text where only elements may be: its first character
text|3|text.rdf:4:15: text is not allowed here (only elements)|  <ex:Thing>\n    <ex:p>\n      <ex:q>  testo</ex:q>\n    </ex:p>\n  </ex:Thing>\n</rdf:RDF>\n
# rdf:resource and rdf:nodeID on one empty property element (read at its end)
resource-nodeid|3|resource-nodeid.rdf:3:47: rdf:resource and rdf:nodeID together|  <ex:Thing>\n    <ex:p rdf:resource="http://example.org/f" rdf:nodeID="n2"/>\n  </ex:Thing>\n</rdf:RDF>\n
# ---- XML well-formedness ----
mismatch|3|mismatch.rdf:3:12: XML: Opening and ending tag mismatch: ex:p and ex:q|  <ex:Thing>\n    <ex:p>x</ex:q>\n  </ex:Thing>\n</rdf:RDF>\n
entity|3|entity.rdf:3:13: XML: Entity 'nessuna' not defined|  <ex:Thing>\n    <ex:p>è &nessuna; entità</ex:p>\n  </ex:Thing>\n</rdf:RDF>\n
twice-attr|3|twice-attr.rdf:3:6: XML: Attribute ex:a redefined|  <ex:Thing ex:a="1"\n     ex:a="2"/>\n</rdf:RDF>\n
prefix|3|prefix.rdf:2:13: The namespace prefix in "xx:a" was not declared.|  <ex:Thing xx:a="1"/>\n</rdf:RDF>\n
unclosed|3|unclosed.rdf:2:3: <ex:Thing> is not closed: the document ends inside it|  <ex:Thing>\n    <ex:p>uno</ex:p>\n
# cut in an attribute value: libxml2's own words after the place
cut|3|cut.rdf:3:5: XML: *|  <ex:Thing>\n    <ex:p a="1
# ---- past the first read ----
long|3|long.rdf:6003:36: rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype|-
TABLE
}

cases | grep -v '^#' >cases.txt
ncases=0
while IFS='|' read -r name status want doc; do
  ncases=$((ncases + 1))
  [ "$doc" = - ] || printf "%s\\n$doc" "$HEAD" >"$name.rdf"
  want=$(printf '%s' "$want" | sed "s|{dir}|$T|")
  "$SILA" load -q --store st "$name.rdf" 2>err </dev/null
  check "$name: exit status" "$status" "$?"
  got=$(head -1 err)
  case "$want" in
  *'*') case "$got" in "${want%\*}"*) ok ;; *) bad "$name: expected '$want', got '$got'" ;; esac ;;
  *) check "$name: message" "$want" "$got" ;;
  esac
  check "$name: nothing loaded" "$before" "$(quads)"
  grep -q ':0:' err && bad "$name: a column 0 in $(cat err)" || ok
done <cases.txt
check "cases read" 20 "$ncases"

"$SILA" dump --store st --format nquads | sort >after.nq
cmp -s before.nq after.nq && ok || bad "the store changed: $(diff before.nq after.nq | head -5)"

echo "rdfxml_errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
