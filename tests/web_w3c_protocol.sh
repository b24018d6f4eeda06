#!/bin/sh
# web_w3c_protocol.sh — the W3C SPARQL 1.1 Protocol tests against a live
# `sila serve` (the runner is web_w3c_protocol.py, Python 3 stdlib only).
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
exec python3 "${SILA_SRCDIR:-.}/tests/web_w3c_protocol.py"
