#!/usr/bin/env python3
"""web_slowbody.py PORT HEADER_TIMEOUT — request bodies trickled in
against `sila serve` on 127.0.0.1:PORT (started with --header-timeout
HEADER_TIMEOUT and the default min_body_rate of 1024 bytes/s).

20 connections from 127.0.0.5 announce a 100,000-byte POST body and send
one byte a second: the server must close every one within the header
timeout plus a second or two, not at libmicrohttpd's 120 s idle timeout.
Meanwhile a client sending a 6,000-byte query body at ~4 KB/s (slow but
above the minimum rate) gets its answer.  Exits 1 when a check failed."""
import socket, sys, time, urllib.parse

PORT, HT = int(sys.argv[1]), float(sys.argv[2])
failed = 0


def bad(msg):
    global failed
    failed += 1
    print("FAIL:", msg)


def connect_from(src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.connect(("127.0.0.1", PORT))
    return s


def closed(s):
    try:
        s.setblocking(False)
        data = s.recv(4096)
        return data == b"" or data.startswith(b"HTTP/")
    except BlockingIOError:
        return False
    except OSError:
        return True


trick = []
for _ in range(20):
    s = connect_from("127.0.0.5")
    s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/sparql-query\r\nContent-Length: 100000\r\n\r\nASK")
    trick.append(s)

# a slow but honest body: 6,000 bytes at about 4 KB/s
query = "ASK { " + " ".join("FILTER(true)" for _ in range(460)) + " }"
body = query.encode()
honest = connect_from("127.0.0.6")
honest.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n"
               b"Content-Type: application/sparql-query\r\nConnection: close\r\n"
               b"Content-Length: %d\r\n\r\n" % len(body))
t0 = time.monotonic()
for i in range(0, len(body), 400):
    honest.sendall(body[i:i + 400])
    time.sleep(0.1)
honest.settimeout(10)
answer = b""
try:
    while True:
        chunk = honest.recv(65536)
        if not chunk:
            break
        answer += chunk
except OSError:
    pass
if not answer.startswith(b"HTTP/1.1 200"):
    bad("the slow honest body (6,000 bytes at ~4 KB/s) got %r" % answer[:80])

# the trickling ones: one byte a second until closed
deadline = t0 + HT + 4
alive = list(trick)
while alive and time.monotonic() < deadline:
    for s in list(alive):
        if closed(s):
            alive.remove(s)
            continue
        try:
            s.setblocking(True)
            s.send(b" ")
        except OSError:
            alive.remove(s)
    time.sleep(1)
took = time.monotonic() - t0
if alive:
    bad("%d of 20 trickled bodies still open after %.1f s (header timeout %.1f s)"
        % (len(alive), took, HT))
else:
    print("trickled bodies: 20 of 20 closed after %.1f s (header timeout %.1f s)" % (took, HT))
for s in trick:
    s.close()
sys.exit(1 if failed else 0)
