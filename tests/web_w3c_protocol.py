#!/usr/bin/env python3
"""web_w3c_protocol.py — runs the W3C SPARQL 1.1 Protocol tests
($SILA_SHARED/conformance/rdf-tests/sparql/sparql11/protocol, 34 tests)
against a live `sila serve`.  The manifest is read with Sila itself (loaded
into a store and queried), each test gets a fresh store with its
ut:graphData and a server on a free port of 127.0.0.1, stopped by PID.
Requests to /sparql/ go to /sparql, or to /update when they carry an
update.  Checks the status class and, when given, the boolean result."""
import http.client
import json
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from w3c_serve import sila, start, stop  # noqa: E402
SHARED = os.environ.get("SILA_SHARED", "")
DIR = os.path.join(SHARED, "conformance/rdf-tests/sparql/sparql11/protocol")
if not SHARED or not os.path.isfile(os.path.join(DIR, "manifest.ttl")):
    print("SKIP: W3C protocol tests not found (SILA_SHARED)")
    sys.exit(77)

PREFIXES = """
PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#>
PREFIX ht: <http://www.w3.org/2011/http#>
PREFIX cnt: <http://www.w3.org/2011/content#>
PREFIX ut: <http://www.w3.org/2009/sparql/tests/test-update#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
REQUESTS = PREFIXES + """
SELECT ?test ?pos ?method ?path ?ctype ?enc ?body ?bool
       (GROUP_CONCAT(STR(?st); separator=" ") AS ?sts)
WHERE {
  { SELECT ?test ?req (COUNT(?mid) AS ?pos) WHERE {
      ?test a mf:ProtocolTest ; mf:action/ht:requests ?list .
      ?list rdf:rest* ?mid . ?mid rdf:rest* ?node . ?node rdf:first ?req
    } GROUP BY ?test ?req }
  ?req ht:methodName ?method ; ht:absolutePath ?path ; ht:resp ?resp .
  ?resp mf:expectedStatus ?st .
  OPTIONAL { ?resp mf:expectedBoolean ?bool }
  OPTIONAL { ?req ht:headers/rdf:first [ ht:fieldName "content-type" ; ht:fieldValue ?ctype ] }
  OPTIONAL { ?req ht:body [ cnt:chars ?body ; cnt:characterEncoding ?enc ] }
} GROUP BY ?test ?pos ?method ?path ?ctype ?enc ?body ?bool ORDER BY ?test ?pos
"""
GRAPHS = PREFIXES + """
SELECT ?test ?file ?label WHERE { ?test ut:graphData [ ut:graph ?file ; rdfs:label ?label ] }
"""


def query(store, text):
    out = sila("query", "--store", store, "--format", "json", text).stdout
    rows = json.loads(out)["results"]["bindings"]
    return [{k: v["value"] for k, v in r.items()} for r in rows]


def boolean_of(body, ctype):
    if "json" in ctype:
        return json.loads(body).get("boolean")
    if "xml" in ctype:
        for el in ET.fromstring(body).iter():
            if el.tag.endswith("boolean"):
                return el.text.strip() == "true"
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="sila-w3c-protocol-")
    try:
        man = os.path.join(tmp, "manifest")
        sila("init", man)
        sila("load", "--store", man, os.path.join(DIR, "manifest.ttl"))
        reqs = query(man, REQUESTS)
        graphs = query(man, GRAPHS)
        tests = {}
        for r in reqs:
            tests.setdefault(r["test"], []).append(r)
        passed = failed = nreq = nbool = 0
        for test, steps in sorted(tests.items()):
            name = test.rsplit("#", 1)[-1]
            store = os.path.join(tmp, name)
            sila("init", store)
            for g in graphs:
                if g["test"] == test:
                    path = g["file"].replace("file://", "", 1)
                    sila("load", "--store", store, "--graph", g["label"], path)
            log = open(os.path.join(tmp, name + ".log"), "w+")
            proc, port = start(store, log)
            why = None
            try:
                for st in sorted(steps, key=lambda s: int(s["pos"])):
                    body = st.get("body")
                    data = body.encode(st.get("enc", "UTF-8")) if body is not None else None
                    ctype = st.get("ctype")
                    is_update = (ctype or "").startswith("application/sparql-update") or (
                        body is not None and body.startswith("update="))
                    path = st["path"].replace("/sparql/", "/update" if is_update and st["method"] == "POST" else "/sparql", 1)
                    headers = {"Authorization": "Bearer w3c"}
                    if ctype:
                        headers["Content-Type"] = ctype
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    c.request(st["method"], path, body=data, headers=headers)
                    resp = c.getresponse()
                    rbody = resp.read()
                    c.close()
                    nreq += 1
                    klass = "StatusCode%dxx" % (resp.status // 100)
                    if klass not in st["sts"]:
                        why = "%s %s: status %d, expected %s: %s" % (
                            st["method"], path[:60], resp.status, st["sts"], rbody[:200])
                        break
                    if "bool" in st:
                        nbool += 1
                        got = boolean_of(rbody, resp.getheader("Content-Type", ""))
                        if got != (st["bool"] == "true"):
                            why = "%s: boolean %r, expected %s" % (path[:60], got, st["bool"])
                            break
            except Exception as e:  # a broken response is a failure, not a crash
                why = "exception: %r" % (e,)
            finally:
                why = why or stop(proc, log)
            if why:
                failed += 1
                print("FAIL: %s: %s" % (name, why))
            else:
                passed += 1
        print("%d requests sent, %d boolean results checked" % (nreq, nbool))
        print("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 and passed == 34 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


sys.exit(main())
