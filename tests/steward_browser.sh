#!/bin/sh
# steward_browser.sh — the demo's steward in headless Chromium
# (tests/browser/steward.mjs, playwright-core + axe-core as in
# browser_test.sh): logs in with the password scripts/demo-accounts.sh
# printed, uploads the accommodation CSV with "tre" stars and "Cosensa",
# sees the preview's problems and the refusal's reason in Italian (no
# English, no internal code) and no publish button; then the corrected CSV
# published and the dataset's page naming the office; the pages'
# <meta name="description">.  axe-core (WCAG 2.1 AA): 0 violations on the
# preview.  Skips (77) without node, chromium or playwright-core.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SILA_BUILDDIR:-$(pwd)}
. "$SRC/tests/browser_lib.sh"
browser_deps
browser_scratch stewardbrowser
SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
"$SRC/scripts/demo-accounts.sh" "$T/store" "$SILA" >"$T/accounts" 2>&1 ||
  { echo "FAIL: demo accounts:"; cat "$T/accounts"; exit 1; }
PW=$(sed -n 's/^  steward-turismo \/ \([A-Za-z0-9]*\) .*/\1/p' "$T/accounts")
[ -n "$PW" ] || { echo "FAIL: no steward password in: $(cat "$T/accounts")"; exit 1; }
CSV=$SRC/datasets/strutture-ricettive/strutture-ricettive.csv
mkdir "$T/bad" "$T/good"
sed -e 's/;Albergo;3;Cosenza;/;Albergo;tre;Cosenza;/' \
  -e 's/;Agriturismo;;San Giovanni in Fiore;/;Agriturismo;;Cosensa;/' "$CSV" >"$T/bad/strutture-ricettive.csv"
sed 's/;Albergo;3;Cosenza;/;Albergo;4;Cosenza;/' "$CSV" >"$T/good/strutture-ricettive.csv"
A=$BUILD/assets
ASSETS=''
[ -f "$A/bootstrap-italia/css/bootstrap-italia.min.css" ] && ASSETS=$A
export SILA_VOCABULARIES="$SRC/vocabularies"
start_server "$T/serve.log" --store "$T/store" --assets "$ASSETS"
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URL=$U FILES=$T STEWARD_PASSWORD=$PW \
  SHOTS=$BUILD/tests/screenshots-steward HOME=$T timeout 300 node "$SRC/tests/browser/steward.mjs"
rc=$?
[ $rc = 0 ] || { echo "---- server log"; tail -n 20 "$T/serve.log"; }
stop_servers || rc=1
exit $rc
