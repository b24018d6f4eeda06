#!/bin/sh
# pubarea_browser.sh — the publishing area in headless Chromium
# (tests/browser/pubarea.mjs, playwright-core + axe-core as in
# browser_test.sh): login, a CSV with errors refused with its report, the
# Cosenza province's COVID-19 CSV from the reference files uploaded,
# mapped, described, previewed, published and seen at /set/{slug}, a second
# version, a restore; axe-core (WCAG 2.1 AA) with 0 violations on every
# page of the area.  Skips (77) without node, chromium, playwright-core or
# the reference files (../shared).
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SILA_BUILDDIR:-$(pwd)}
REF=${SILA_SHARED:-$SRC/../shared}/reference/datasets
. "$SRC/tests/browser_lib.sh"
[ -f "$REF/covid19-cosenza-provincia.csv" ] && [ -f "$REF/covid19-cosenza-comuni-2020-08-01.csv" ] ||
  skip "the reference CSVs are absent ($REF)"
browser_deps
browser_scratch pubarea-browser

S=$T/store
"$SILA" init "$S" >/dev/null || { echo "FAIL: sila init"; exit 1; }
"$SILA" office add --store "$S" salute Dipartimento Salute >/dev/null || { echo "FAIL: office add"; exit 1; }
echo "password-di-anna" | "$SILA" user add --store "$S" anna --office salute >/dev/null ||
  { echo "FAIL: user add"; exit 1; }
echo "password-di-root!" | "$SILA" user add --store "$S" root --admin >/dev/null ||
  { echo "FAIL: user add root"; exit 1; }
# the files the steward uploads
cp "$REF/covid19-cosenza-provincia.csv" "$REF/covid19-cosenza-comuni-2020-08-01.csv" "$T/"
mkdir "$T/v2"
head -101 "$REF/covid19-cosenza-provincia.csv" > "$T/v2/covid19-cosenza-provincia.csv"

A=$BUILD/assets
ASSETS=''
[ -f "$A/bootstrap-italia/css/bootstrap-italia.min.css" ] && ASSETS=$A
[ -n "$ASSETS" ] || echo "note: no Bootstrap Italia assets: the area is tested with the plain style"
export SILA_VOCABULARIES="$SRC/vocabularies"
start_server "$T/serve.log" --store "$S" --base http://dati.example.org --assets "$ASSETS"

SHOTS=$BUILD/tests/screenshots-pubarea
rm -rf "$SHOTS"
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URL=$U FILES=$T SHOTS=$SHOTS HOME=$T \
  timeout 300 node "$SRC/tests/browser/pubarea.mjs"
rc=$?
[ $rc = 0 ] || { echo "---- server log"; tail -n 20 "$T/serve.log"; }
stop_servers || rc=1
exit $rc
