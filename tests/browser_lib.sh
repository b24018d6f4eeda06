# browser_lib.sh — what the browser tests share (browser_test.sh,
# pubarea_browser.sh, pubarea_prog_browser.sh); sourced after `set -u` with
# SILA, SRC and BUILD set.  Gives:
#   skip MESSAGE          prints SKIP and exits 77
#   browser_deps          CHROMIUM (Debian's chromium, or $SILA_CHROMIUM) and
#                         PW_DIR (node_modules with playwright-core and
#                         axe-core, installed once from npm into
#                         $BUILD/tests/browser-deps); skips without node,
#                         chromium or npm
#   browser_scratch NAME  tests/http_lib.sh with SILA_TEST_NAME=NAME: T, a
#                         scratch folder removed at exit, start_server,
#                         stop_server(s) (each server's log printed when it
#                         exits badly or holds a sanitizer report)
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
  SILA_TEST_NAME=$1
  . "$SRC/tests/http_lib.sh"
}
