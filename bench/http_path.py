#!/usr/bin/env python3
"""http_path.py PID HOST PORT [N] — server CPU per request (from
/proc/PID/stat, user + system) and client-side median latency, for ASK {},
a one-row lookup and a query past the inline CPU budget ("overrun", ~2-5 ms
of CPU on http_path.sh's 20 K-triple store), over one keep-alive connection
and with a new connection per request.  One client, sequential requests.
QUERY_FILES (space-separated .rq files) adds queries, named by file; N_SLOW
(default N / 10) is the request count of the overrun query and of these."""
import http.client, os, sys, time, urllib.parse

pid, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
n = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
tick = os.sysconf("SC_CLK_TCK")

def cpu():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

QUERIES = {
    "ASK {}": "ASK {}",
    "lookup": "SELECT ?o WHERE { <http://example.org/n42> <http://example.org/v> ?o }",
    # every row's value read and measured: past the 1 ms budget of running inline
    "overrun": "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/v> ?o FILTER(STRLEN(?o) = 4) }",
}
SLOW = {"overrun"}
for f in os.environ.get("QUERY_FILES", "").split():
    name = os.path.basename(f).split("-")[0].removesuffix(".rq")
    QUERIES[name] = open(f).read()
    SLOW.add(name)
n_slow = int(os.environ.get("N_SLOW", max(n // 10, 1)))

def run(query, keepalive, n):
    path = "/sparql?query=" + urllib.parse.quote(query)
    hdr = {"Accept": "application/sparql-results+json"}
    conn = http.client.HTTPConnection(host, port) if keepalive else None
    lat = []
    c0 = cpu()
    for _ in range(n):
        t = time.perf_counter()
        c = conn or http.client.HTTPConnection(host, port)
        c.request("GET", path, headers=hdr)
        r = c.getresponse()
        r.read()
        if r.status != 200:
            sys.exit(f"status {r.status} for {query}")
        if not keepalive:
            c.close()
        lat.append(time.perf_counter() - t)
    c1 = cpu()
    if conn:
        conn.close()
    lat.sort()
    return (c1 - c0) / n * 1e6, lat[len(lat) // 2] * 1e3

print(f"{'request':10} {'connection':12} {'server CPU/req':>15} {'client median':>14}")
for name, q in QUERIES.items():
    for ka in (True, False):
        # the least of 3 runs: the machine is shared, noise only adds
        us, med = min(run(q, ka, n_slow if name in SLOW else n) for _ in range(3))
        print(f"{name:10} {'keep-alive' if ka else 'new each':12} {us:12.0f} us {med:11.3f} ms")
