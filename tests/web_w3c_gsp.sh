#!/bin/sh
# web_w3c_gsp.sh — the W3C Graph Store HTTP Protocol tests (indirect and direct identification) against a live
# `sila serve` (the runner is web_w3c_gsp.py, Python 3 stdlib only).
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
exec python3 "${SILA_SRCDIR:-.}/tests/web_w3c_gsp.py"
