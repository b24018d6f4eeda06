# browser_lib.sh — what the browser tests share (browser_test.sh,
# pubarea_browser.sh, pubarea_prog_browser.sh); sourced after `set -u` with
# SILA, SRC and BUILD set.  Gives:
#   skip MESSAGE          prints SKIP and exits 77
#   browser_deps          CHROMIUM (Debian's chromium, or $SILA_CHROMIUM) and
#                         PW_DIR (node_modules with playwright-core and
#                         axe-core, installed once from npm into
#                         $BUILD/tests/browser-deps); skips without node,
#                         chromium or npm
#   browser_scratch NAME  T, a scratch folder removed at exit together with
#                         the servers listed in PIDS (stopped by PID)
#   start_server LOG ARGS...  `sila serve --store $S --port 0 ARGS` on
#                         127.0.0.1; sets U (no subshell: PIDS must stick)
#   stop_servers LOG...   stops them by PID; returns 1 when one exited badly
#                         or a log holds a sanitizer report (printed)
skip() { echo "SKIP: $*"; exit 77; }

browser_deps() {
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
    # the browser comes from Debian: playwright must not download its own
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$DEPS" --no-save --no-audit \
      --no-fund --silent --fetch-timeout=60000 --fetch-retries=1 playwright-core@1 axe-core@4 \
      >"$DEPS/npm.log" 2>&1 ||
      skip "cannot install playwright-core and axe-core from npm (see $DEPS/npm.log)"
    [ -f "$PW_DIR/playwright-core/package.json" ] || skip "playwright-core did not install"
    [ -f "$PW_DIR/axe-core/axe.min.js" ] || skip "axe-core did not install"
  fi
}

browser_scratch() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/sila-$1-XXXXXX")
  PIDS=""
  trap browser_cleanup EXIT INT TERM
}
browser_cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
}

start_server() {
  log=$1
  shift
  "$SILA" serve --store "$S" --port 0 "$@" 2>"$log" &
  PIDS="$PIDS $!"
  i=0
  while [ $i -lt 200 ]; do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$log" 2>/dev/null)
    [ -n "$port" ] && { U="http://127.0.0.1:$port"; return 0; }
    sleep 0.1
    i=$((i + 1))
  done
  echo "FAIL: server did not start"
  cat "$log"
  exit 1
}

# the servers must stop cleanly (under ASan: no leak, no error report)
stop_servers() {
  src=0
  for p in $PIDS; do
    kill -TERM "$p" 2>/dev/null
    wait "$p" || { echo "FAIL: server $p exited with $?"; src=1; }
  done
  PIDS=""
  if grep -l 'Sanitizer\|runtime error' "$@"; then
    echo "FAIL: sanitizer report"
    cat "$@"
    src=1
  fi
  return $src
}
