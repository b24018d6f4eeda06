"""w3c_serve.py — what the W3C protocol runners over HTTP share
(web_w3c_protocol.py, web_w3c_gsp.py): the sila program, and one
`sila serve` per test on 127.0.0.1 (a port the kernel picks, write token
"w3c"), stopped by its PID."""
import os
import signal
import subprocess
import time

SILA = os.environ.get("SILA_BIN", "./sila")


def sila(*args, **kw):
    return subprocess.run([SILA] + list(args), check=True, capture_output=True, **kw)


def start(store, log):
    """`sila serve --store STORE --port 0`, its stderr into the open file LOG:
    (process, port); RuntimeError when no port shows within 10 s."""
    env = dict(os.environ, SILA_WRITE_TOKEN="w3c")
    p = subprocess.Popen([SILA, "serve", "--store", store, "--port", "0"], stderr=log, env=env)
    for _ in range(200):
        time.sleep(0.05)
        with open(log.name) as f:
            for line in f:
                if "listening on http://127.0.0.1:" in line:
                    return p, int(line.split("127.0.0.1:")[1].split("/")[0])
    p.kill()
    raise RuntimeError("server did not start")


def stop(proc, log):
    """SIGTERM and wait, LOG closed: None when the server exited 0, else why
    (its exit status and the end of its log, e.g. a sanitizer report)."""
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(timeout=30)
    log.close()
    if rc != 0:
        return "server exit status %d: %s" % (rc, open(log.name).read()[-2000:])
    return None
