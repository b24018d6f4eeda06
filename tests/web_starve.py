#!/usr/bin/env python3
"""web_starve.py PORT SECONDS P99_MS [EXPENSIVE_ADDRS] [PER_ADDR] — long
queries beside lookups on `sila serve` at 127.0.0.1:PORT (a store holding
<http://example.org/nI> <http://example.org/v> "I").

EXPENSIVE_ADDRS addresses (127.0.0.2, .3, ...; default 2) each keep
PER_ADDR (default 4) expensive queries running (a REGEX over a cross
product, timeout=2) while one client at 127.0.0.1 sends lookups over a
keep-alive connection for SECONDS.  Every lookup must answer 200 and the
99th percentile must stay below P99_MS.  Prints the numbers; exits 1 when
a check failed."""
import http.client, os, sys, threading, time, urllib.parse

PORT, SECS, P99 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
NADDR = int(sys.argv[4]) if len(sys.argv) > 4 else 2
PER = int(sys.argv[5]) if len(sys.argv) > 5 else 4
EXPENSIVE = "/sparql?timeout=2&query=" + urllib.parse.quote(
    'SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/v> ?x . '
    '?b <http://example.org/v> ?y . FILTER(REGEX(CONCAT(?x, "-", ?y), "^9+-9+$")) }')
# WORKER=1 in the environment: the word "service" in a comment keeps the
# lookups off the polling thread (web_enqueue_inline), so that they go
# through the worker pool that the expensive queries use too.
LOOKUP = "/sparql?query=" + urllib.parse.quote(
    ("# no service\n" if os.environ.get("WORKER") == "1" else "") +
    "SELECT ?o WHERE { <http://example.org/n42> <http://example.org/v> ?o }")
HDR = {"Accept": "application/sparql-results+json"}
stop = time.time() + SECS
expensive_done = {}
lock = threading.Lock()


def expensive(src):
    while time.time() < stop:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(src, 0))
        try:
            c.request("GET", EXPENSIVE, headers=HDR)
            r = c.getresponse()
            r.read()
            with lock:
                expensive_done[r.status] = expensive_done.get(r.status, 0) + 1
        except OSError as e:
            with lock:
                expensive_done[str(e)] = expensive_done.get(str(e), 0) + 1
        finally:
            c.close()


threads = [threading.Thread(target=expensive, args=(f"127.0.0.{2 + a}",), daemon=True)
           for a in range(NADDR) for _ in range(PER)]
for t in threads:
    t.start()
time.sleep(0.3)  # let the expensive queries take their places
lat, errors = [], []
c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
while time.time() < stop:
    t0 = time.perf_counter()
    try:
        c.request("GET", LOOKUP, headers=HDR)
        r = c.getresponse()
        r.read()
        if r.status != 200:
            errors.append(r.status)
    except OSError as e:
        errors.append(str(e))
        c.close()
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    lat.append(time.perf_counter() - t0)
c.close()
for t in threads:
    t.join(timeout=10)
lat.sort()
p50 = lat[len(lat) // 2] * 1000
p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
print(f"lookups beside {NADDR * PER} expensive queries over {SECS:.0f} s: {len(lat)} "
      f"({len(lat) / SECS:.0f}/s), median {p50:.2f} ms, p99 {p99:.2f} ms, "
      f"max {lat[-1] * 1000:.1f} ms, failed {len(errors)}; expensive answers {expensive_done}")
failed = False
if errors:
    print(f"FAIL: lookups failed: {errors[:5]}")
    failed = True
if p99 >= P99:
    print(f"FAIL: lookups p99 {p99:.1f} ms >= {P99:.0f} ms")
    failed = True
sys.exit(1 if failed else 0)
