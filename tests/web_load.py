#!/usr/bin/env python3
"""web_load.py — a small load generator for `sila serve` (not part of make
check): N keep-alive clients send a mix of SPARQL queries by GET for D
seconds and report throughput, p50/p99 latency and errors.

    sila serve --store DIR --port 8080 --max-per-client 64 &
    python3 tests/web_load.py 8080 60 32

(--max-per-client must exceed N: every client comes from 127.0.0.1.)
The queries assume the store holds <http://example.org/nI> <.../v> "I"
triples (tests/web_test.sh builds such a store); any store works, the
answers are just empty."""
import http.client
import random
import sys
import threading
import time
import urllib.parse

QUERIES = [
    "SELECT ?s ?o WHERE { ?s <http://example.org/v> ?o } LIMIT 100",
    "ASK { <http://example.org/n5> ?p ?o }",
    "SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }",
    "SELECT ?o WHERE { <http://example.org/n42> ?p ?o }",
    "CONSTRUCT WHERE { <http://example.org/n7> ?p ?o }",
]


def main():
    port, dur, n = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    lat, errs, lock = [], [0], threading.Lock()

    def client():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        end, mine, e = time.time() + dur, [], 0
        while time.time() < end:
            t0 = time.time()
            try:
                c.request("GET", "/sparql?query=" + urllib.parse.quote(random.choice(QUERIES)))
                r = c.getresponse()
                r.read()
                e += r.status != 200
            except Exception:
                e += 1
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.time() - t0)
        with lock:
            lat.extend(mine)
            errs[0] += e

    threads = [threading.Thread(target=client) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat.sort()
    print("%d clients, %d requests in %.0f s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d"
          % (n, len(lat), dur, len(lat) / dur, lat[len(lat) // 2] * 1000,
             lat[int(len(lat) * 0.99)] * 1000, errs[0]))
    return 1 if errs[0] else 0


sys.exit(main())
