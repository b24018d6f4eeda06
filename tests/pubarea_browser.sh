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
skip() { echo "SKIP: $*"; exit 77; }

[ -f "$REF/covid19-cosenza-provincia.csv" ] && [ -f "$REF/covid19-cosenza-comuni-2020-08-01.csv" ] ||
  skip "the reference CSVs are absent ($REF)"
command -v node >/dev/null 2>&1 || skip "node is not installed"
CHROMIUM=${SILA_CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$c" ] && { CHROMIUM=$c; break; }
  done
fi
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] || skip "chromium is not installed (apt-get install chromium)"
DEPS=${SILA_BROWSER_DEPS:-$BUILD/tests/browser-deps}
PW_DIR=$DEPS/node_modules
if [ ! -f "$PW_DIR/playwright-core/package.json" ] || [ ! -f "$PW_DIR/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null 2>&1 || skip "npm is not installed (needed for playwright-core)"
  mkdir -p "$DEPS"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$DEPS" --no-save --no-audit \
    --no-fund --silent --fetch-timeout=60000 --fetch-retries=1 playwright-core@1 axe-core@4 \
    >"$DEPS/npm.log" 2>&1 ||
    skip "cannot install playwright-core and axe-core from npm (see $DEPS/npm.log)"
  [ -f "$PW_DIR/playwright-core/package.json" ] || skip "playwright-core did not install"
  [ -f "$PW_DIR/axe-core/axe.min.js" ] || skip "axe-core did not install"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sila-pubarea-browser-XXXXXX")
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT INT TERM

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
SILA_VOCABULARIES="$SRC/vocabularies" "$SILA" serve --store "$S" --port 0 \
  --base http://dati.example.org --assets "$ASSETS" 2>"$T/serve.log" &
PIDS="$PIDS $!"
i=0
U=""
while [ $i -lt 200 ]; do
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve.log" 2>/dev/null)
  [ -n "$port" ] && { U="http://127.0.0.1:$port"; break; }
  sleep 0.1
  i=$((i + 1))
done
[ -n "$U" ] || { echo "FAIL: server did not start"; cat "$T/serve.log"; exit 1; }

SHOTS=$BUILD/tests/screenshots-pubarea
rm -rf "$SHOTS"
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URL=$U FILES=$T SHOTS=$SHOTS HOME=$T \
  timeout 300 node "$SRC/tests/browser/pubarea.mjs"
rc=$?
[ $rc = 0 ] || { echo "---- server log"; tail -n 20 "$T/serve.log"; }
for p in $PIDS; do
  kill -TERM "$p" 2>/dev/null
  wait "$p" || { echo "FAIL: server $p exited with $?"; rc=1; }
done
PIDS=""
if grep -l 'Sanitizer\|runtime error' "$T/serve.log"; then
  echo "FAIL: sanitizer report"
  cat "$T/serve.log"
  rc=1
fi
exit $rc
