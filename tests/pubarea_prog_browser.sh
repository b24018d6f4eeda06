#!/bin/sh
# pubarea_prog_browser.sh — the programme's pages of the publishing area
# (release plan, request moderation, semiannual report; issue 17) in
# headless Chromium (tests/browser/pubprog.mjs, playwright-core + axe-core
# as in browser_test.sh): a steward of the tourism office on the demo's
# plan and requests; axe-core 0 violations at 1200 and 375 px on every
# page.  Screenshots in $SILA_BUILDDIR/tests/screenshots-pubprog/ (the
# plan-management page: piano-1200.png).  Skips (77) without node,
# chromium or playwright-core.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${SILA_BUILDDIR:-$(pwd)}
. "$SRC/tests/browser_lib.sh"
browser_deps
browser_scratch pubprog-browser

export SILA_TODAY=2026-08-20
S=$T/store
"$SILA" init "$S" >/dev/null || { echo "FAIL: sila init"; exit 1; }
"$SILA" publish --store "$S" "$SRC/datasets/strutture-ricettive" >"$T/publish.log" 2>&1 ||
  { echo "FAIL: publish"; cat "$T/publish.log"; exit 1; }
sh "$SRC/scripts/demo-prog.sh" "$S" "$SILA" >/dev/null 2>&1 || { echo "FAIL: demo-prog.sh"; exit 1; }
"$SILA" office add --store "$S" turismo Dipartimento Turismo >/dev/null || { echo "FAIL: office add"; exit 1; }
echo "password-di-anna" | "$SILA" user add --store "$S" anna --office turismo >/dev/null ||
  { echo "FAIL: user add"; exit 1; }

A=$BUILD/assets
ASSETS=''
[ -f "$A/bootstrap-italia/css/bootstrap-italia.min.css" ] && ASSETS=$A
[ -n "$ASSETS" ] || echo "note: no Bootstrap Italia assets: the area is tested with the plain style"
start_server "$T/serve.log" --store "$S" --assets "$ASSETS"

SHOTS=$BUILD/tests/screenshots-pubprog
rm -rf "$SHOTS"
PW_DIR=$PW_DIR CHROMIUM=$CHROMIUM SILA_URL=$U SHOTS=$SHOTS HOME=$T \
  timeout 300 node "$SRC/tests/browser/pubprog.mjs"
rc=$?
[ $rc = 0 ] && echo "screenshots in $SHOTS"
[ $rc = 0 ] || { echo "---- server log"; tail -n 20 "$T/serve.log"; }
stop_servers || rc=1
exit $rc
