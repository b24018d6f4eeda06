#!/usr/bin/env python3
"""jsonld_to_nquads.py FILE — N-Quads of the JSON-LD that `sila dump --format
jsonld` writes (flattened node objects, named graphs as {"@id", "@graph"},
compact IRIs only through the @context's prefixes).  A small reader for the
round-trip test, since `sila load` reads no JSON-LD; it refuses what it does
not understand rather than guess."""
import json
import sys

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fail(msg):
    sys.stderr.write("jsonld_to_nquads: %s\n" % msg)
    sys.exit(2)


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    ctx = {}
    if isinstance(doc, dict):
        for k, v in (doc.get("@context") or {}).items():
            if not isinstance(v, str):
                fail("context entry %r is not a prefix" % k)
            ctx[k] = v
        top = doc.get("@graph", [])
        if "@graph" not in doc and "@id" in doc:
            top = [doc]
    else:
        top = doc

    def iri(s):
        if s.startswith("_:"):
            return s
        head, sep, rest = s.partition(":")
        if sep and head in ctx and not rest.startswith("//"):
            return ctx[head] + rest
        return s

    def node(s):
        s = iri(s)
        return s if s.startswith("_:") else "<%s>" % s

    def lit(s):
        return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")

    def value(v):
        if isinstance(v, dict) and "@id" in v:
            return node(v["@id"])
        if not isinstance(v, dict) or "@value" not in v:
            fail("unexpected value %r" % (v,))
        x = v["@value"]
        if isinstance(x, bool):
            return '%s^^<%sboolean>' % (lit("true" if x else "false"), XSD)
        if isinstance(x, int):
            return '%s^^<%sinteger>' % (lit(str(x)), XSD)
        if isinstance(x, float):
            return '%s^^<%sdouble>' % (lit(repr(x)), XSD)
        if "@language" in v:
            return "%s@%s" % (lit(x), v["@language"])
        if "@type" in v:
            return "%s^^<%s>" % (lit(x), iri(v["@type"]))
        return lit(x)

    out = []

    def emit(objs, graph):
        for n in objs:
            if "@graph" in n:
                if graph is not None:
                    fail("nested named graph")
                emit(n["@graph"], node(n["@id"]))
                continue
            s = node(n["@id"])
            for k, vals in n.items():
                if k == "@id":
                    continue
                if not isinstance(vals, list):
                    vals = [vals]
                if k == "@type":
                    objs_ = [node(t) for t in vals]
                    p = "<%s>" % RDF_TYPE
                elif k.startswith("@"):
                    fail("unexpected keyword %s" % k)
                else:
                    objs_ = [value(v) for v in vals]
                    p = node(k)
                for o in objs_:
                    out.append("%s %s %s%s .\n" % (s, p, o, "" if graph is None else " " + graph))

    emit(top, None)
    sys.stdout.write("".join(out))


main()
