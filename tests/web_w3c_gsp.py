#!/usr/bin/env python3
"""web_w3c_gsp.py — runs the W3C SPARQL 1.1 Graph Store HTTP Protocol tests
($SILA_SHARED/conformance/rdf-tests/sparql/sparql11/graph-store-protocol/:
manifest-indirect.ttl, 9 tests, and manifest-direct.ttl, 5 tests) against a
live `sila serve` on a fresh store per test.  The manifests are read with
Sila itself.  Requests to /gsp go to /store (indirect identification:
?graph=, ?default) or to /graphs (direct identification: the graph is
{base}/graphs/…, named by its own address).  Checks statuses, the Content-Type media type of responses with a
body, $LOCATION$ templates, and the returned graphs: both sides are loaded
into stores and dumped as N-Triples, and compared as sorted lines with
blank node labels erased (enough for these small graphs, weaker than
isomorphism in general)."""
import http.client
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from w3c_serve import sila, start, stop  # noqa: E402
SHARED = os.environ.get("SILA_SHARED", "")
DIR = os.path.join(SHARED, "conformance/rdf-tests/sparql/sparql11/graph-store-protocol")
MANIFESTS = [(os.path.join(DIR, "manifest-indirect.ttl"), "/store", 9),
             (os.path.join(DIR, "manifest-direct.ttl"), "/graphs", 5)]
if not SHARED or not all(os.path.isfile(m) for m, _, _ in MANIFESTS):
    print("SKIP: W3C graph store protocol tests not found (SILA_SHARED)")
    sys.exit(77)

QUERY = """
PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#>
PREFIX ht: <http://www.w3.org/2011/http#>
PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?test ?pos ?method ?path ?ctype ?accept ?body ?loc ?rctype ?rbody
       (GROUP_CONCAT(STR(?st); separator=" ") AS ?sts)
WHERE {
  { SELECT ?test ?req (COUNT(?mid) AS ?pos) WHERE {
      ?test a mf:GraphStoreProtocolTest ;
            mf:action/ht:requests ?list .
      ?list rdf:rest* ?mid . ?mid rdf:rest* ?node . ?node rdf:first ?req
    } GROUP BY ?test ?req }
  ?req ht:methodName ?method ; ht:absolutePath ?path ; ht:resp ?resp .
  ?resp mf:expectedStatus ?st .
  OPTIONAL { ?req ht:headers/rdf:rest*/rdf:first [ ht:fieldName "content-type" ; ht:fieldValue ?ctype ] }
  OPTIONAL { ?req ht:headers/rdf:rest*/rdf:first [ ht:fieldName "accept" ; ht:fieldValue ?accept ] }
  OPTIONAL { ?req ht:body/cnt:chars ?body }
  OPTIONAL { ?resp mf:expectedLocation ?loc }
  OPTIONAL { ?resp ht:headers/rdf:rest*/rdf:first [ ht:fieldName "content-type" ; ht:fieldValue ?rctype ] }
  OPTIONAL { ?resp ht:body/cnt:chars ?rbody }
} GROUP BY ?test ?pos ?method ?path ?ctype ?accept ?body ?loc ?rctype ?rbody
ORDER BY ?test ?pos
"""
CODES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}


def canon(tmp, text, ctype):
    """N-Triples lines of an RDF document, sorted, blank node labels erased."""
    d = tempfile.mkdtemp(dir=tmp)
    ext = ".nt" if "n-triples" in ctype else ".ttl"
    with open(os.path.join(d, "doc" + ext), "w") as f:
        f.write(text)
    sila("init", os.path.join(d, "s"))
    sila("load", "--store", os.path.join(d, "s"), "--format",
         "ntriples" if ext == ".nt" else "turtle", os.path.join(d, "doc" + ext))
    out = sila("dump", "--store", os.path.join(d, "s"), "--format", "ntriples").stdout.decode()
    return sorted(re.sub(r"_:[A-Za-z0-9]+", "_:", l) for l in out.splitlines() if l.strip())


def main():
    ok = True
    for manifest, route, expected in MANIFESTS:
        print("%s (%s):" % (os.path.basename(manifest), route))
        ok = run(manifest, route, expected) == 0 and ok
    return 0 if ok else 1


def run(manifest, route, expected):
    tmp = tempfile.mkdtemp(prefix="sila-w3c-gsp-")
    try:
        man = os.path.join(tmp, "manifest")
        sila("init", man)
        sila("load", "--store", man, manifest)
        out = sila("query", "--store", man, "--format", "json", QUERY).stdout
        rows = [{k: v["value"] for k, v in r.items()}
                for r in json.loads(out)["results"]["bindings"]]
        tests = {}
        for r in rows:
            tests.setdefault(r["test"], []).append(r)
        passed = failed = nreq = 0
        for test, steps in sorted(tests.items()):
            name = re.split(r"[#/]", test)[-1]
            store = os.path.join(tmp, name)
            sila("init", store)
            logpath = os.path.join(tmp, name + ".log")
            log = open(logpath, "w")
            proc, port = start(store, log)
            why = None
            vars_ = {}
            try:
                for st in sorted(steps, key=lambda s: int(s["pos"])):
                    path, body = st["path"], st.get("body")
                    for k, v in vars_.items():
                        path = path.replace(k, v)
                        body = body.replace(k, v) if body is not None else None
                    path = path.replace("/gsp", route, 1)
                    headers = {"Authorization": "Bearer w3c"}
                    if "ctype" in st:
                        headers["Content-Type"] = st["ctype"]
                    if "accept" in st:
                        headers["Accept"] = st["accept"]
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    c.request(st["method"], path,
                              body=body.encode() if body is not None else None, headers=headers)
                    resp = c.getresponse()
                    rbody = resp.read().decode("utf-8", "replace")
                    c.close()
                    nreq += 1
                    want = [CODES[s.rsplit("#", 1)[-1]] for s in st["sts"].split()]
                    if resp.status not in want:
                        why = "%s %s: status %d, expected %s" % (st["method"], path, resp.status, want)
                        break
                    if "loc" in st:
                        loc = resp.getheader("Location")
                        if not loc:
                            why = "no Location header"
                            break
                        vars_[st["loc"]] = loc
                    if "rctype" in st and st["method"] != "HEAD":
                        got = (resp.getheader("Content-Type") or "").split(";")[0].strip()
                        if got != st["rctype"].split(";")[0].strip():
                            why = "%s: Content-Type %s, expected %s" % (path, got, st["rctype"])
                            break
                    if "rbody" in st and st["method"] != "HEAD":
                        ctype = resp.getheader("Content-Type") or "text/turtle"
                        if canon(tmp, rbody, ctype) != canon(tmp, st["rbody"], st.get("rctype", "text/turtle")):
                            why = "%s: graph differs:\n%s" % (path, rbody)
                            break
            except Exception as e:
                why = "exception: %r" % (e,)
            finally:
                why = why or stop(proc, log)
            if why:
                failed += 1
                print("FAIL: %s: %s" % (name, why))
            else:
                passed += 1
        print("%d requests sent" % nreq)
        print("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 and passed == expected else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


sys.exit(main())
