#!/bin/sh
# audit_test.sh — the demo (scripts/demo-data.sh, what the README's first
# command serves) as its people meet it, over HTTP with curl: each check
# is something a person saw wrong during the audit of the portal (a dead
# end, an English code, a raw slug, a missing contact) and must not see
# again.  The server runs on 127.0.0.1 on a port the kernel picks, stopped
# by PID.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=audit
. "$SRC/tests/http_lib.sh"
BROWSER='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

SILA_DEMO_QUIET=1 "$SRC/scripts/demo-data.sh" "$T/store" "$SILA" >"$T/demo.log" 2>&1 ||
  { echo "FAIL: cannot build the demo store:"; cat "$T/demo.log"; exit 1; }
start_server "$T/log" --store "$T/store" --workers 2

# ---- a mistyped address: a browser gets the portal's 404 page, in Italian,
# with the search and the way home (it got "no such resource: /foo" as
# plain English text, a dead end); a script keeps the plain 404 ----
for p in /foo /dataset/strutture-ricettive /catalogo/ /statistiche/x; do
  check "browser 404 $p" 404 "$(status -H "Accept: $BROWSER" "$U$p")"
  case "$(header Content-Type)" in text/html*) ok ;; *) bad "404 $p not a page: $(header Content-Type)" ;; esac
  has "404 $p in Italian" '<html lang="it"' "$T/body"
  has "404 $p says so" 'Risorsa non trovata' "$T/body"
  has "404 $p way home" 'href="/"' "$T/body"
  has "404 $p search" 'href="/search"' "$T/body"
done
check "script 404" 404 "$(status "$U/foo")"
case "$(header Content-Type)" in text/plain*) ok ;; *) bad "script 404 not plain text: $(header Content-Type)" ;; esac

stop_server
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
