#!/bin/sh
# audit_browser.sh — the semiannual report of the demo (`sila report` on
# scripts/demo-data.sh's store) in headless Chromium at A4 width in print
# media (tests/browser/report_print.mjs): no word cut in a table, nothing
# past the page's width; a PNG of every page in
# $SILA_BUILDDIR/tests/screenshots/report-N.png.  Then the portal's pages
# over `sila serve` with axe-core's landmark rules (audit_pages.mjs).  Skips (77) without node,
# chromium or playwright-core (tests/browser_lib.sh).
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SILA_BUILDDIR:-$(pwd)}
. "$SRC/tests/browser_lib.sh"
browser_deps
browser_scratch auditbrowser
SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
today=$(date -u +%Y-%m-%d)
"$SILA" report --store "$T/store" --from "${today%-??-??}-01-01" --to "$today" --format html \
  --out "$T/report.html" 2>"$T/err" || { echo "FAIL: sila report: $(cat "$T/err")"; exit 1; }
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM REPORT=$T/report.html SHOTS=$BUILD/tests/screenshots \
  HOME=$T timeout 120 node "$SRC/tests/browser/report_print.mjs"
rc=$?
# the portal's pages: axe-core's landmark rules (tests/browser/audit_pages.mjs)
# the assets as the tree has them now (web/assets/sila/ is copied in)
sh "$SRC/scripts/fetch-assets.sh" "$BUILD/assets" >"$T/fetch.log" 2>&1
start_server "$T/serve.log" --store "$T/store" --assets "$BUILD/assets"
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URL=$U HOME=$T timeout 120 \
  node "$SRC/tests/browser/audit_pages.mjs" || rc=1
# the pages name their icon: Chromium asked for /favicon.ico on every new
# page, answered 404 (its requests for the icon are seen in the access log
# only, not by playwright)
if grep -q 'GET /favicon.ico 404' "$T/serve.log"; then
  echo "FAIL: the browser asked for /favicon.ico (404)"; rc=1
fi
stop_servers || rc=1
exit $rc
