# http_lib.sh — what the shell tests over HTTP share; sourced after `set -u`
# with SILA_TEST_NAME set.  Gives T, a scratch folder removed at exit
# together with the servers listed in PIDS (stopped by PID); the pass/fail
# counters; and the checks, each one line of output when it fails:
#   check NAME EXPECTED ACTUAL    has/hasnt NAME PATTERN FILE (grep; case
#   kept unless HAS_ANY_CASE=1)   status ARGS... (curl: code; body and head
#   in $T/body, $T/head)          header NAME (from $T/head)
# and the servers: start_server LOG [ARGS...], stop_server [PID LOG],
# stop_servers (below).  KEEP=1 keeps $T.
T=$(mktemp -d "${TMPDIR:-/tmp}/sila-${SILA_TEST_NAME:-http}-XXXXXX")
PIDS=""
SERVERS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi; }
grep_flags() { if [ "${HAS_ANY_CASE:-0}" = 1 ]; then echo -qi; else echo -q; fi; }
has() { if grep $(grep_flags) -- "$2" "$3"; then ok; else bad "$1: '$2' not in $(head -c 400 "$3")"; fi; }
hasnt() { if grep $(grep_flags) -- "$2" "$3"; then bad "$1: '$2' should not be in $3"; else ok; fi; }
C=${C:-"curl -s --max-time 20"}
status() { $C -o "$T/body" -D "$T/head" -w '%{http_code}' "$@"; }
header() { tr -d '\r' < "$T/head" | sed -n "s/^$1: //Ip" | head -1; }

# start_server LOG [ARGS...]: `$SILA serve --port 0 ARGS` (127.0.0.1) in the
# background, its stderr in LOG, in the caller's environment
# (`SILA_WRITE_TOKEN=x start_server …`).  Sets PID (added to PIDS), PORT, U
# and SERVER_LOG; call it without a subshell, or PIDS is lost.  When no port
# shows within 20 s: FAIL with LOG printed, exit 1.
start_server() {
  SERVER_LOG=$1
  shift
  : > "$SERVER_LOG" # now: a log used before must not give the old port
  "$SILA" serve --port 0 "$@" 2> "$SERVER_LOG" &
  PID=$!
  PIDS="$PIDS $PID"
  SERVERS="$SERVERS $PID:$SERVER_LOG"
  PORT=
  i=0
  while [ $i -lt 200 ]; do
    PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$SERVER_LOG" 2>/dev/null | head -1)
    [ -n "$PORT" ] && break
    sleep 0.1; i=$((i + 1))
  done
  [ -n "$PORT" ] || { echo "FAIL: server did not start:"; cat "$SERVER_LOG"; exit 1; }
  U="http://127.0.0.1:$PORT"
}

# stop_server [PID LOG]: stops the server of the last start_server (or PID,
# whose log is LOG) as a package upgrade does, SIGTERM, and waits for it.
# One check: it exits 0 and LOG holds no sanitizer report; else FAIL and
# LOG printed (under ASan: the report).  Returns 1 when the check failed.
stop_server() {
  sp=${1:-$PID}
  sl=${2:-$SERVER_LOG}
  kill -TERM "$sp" 2>/dev/null
  wait "$sp"
  src=$?
  PIDS=$(for p in $PIDS; do [ "$p" = "$sp" ] || printf ' %s' "$p"; done)
  SERVERS=$(for s in $SERVERS; do [ "${s%%:*}" = "$sp" ] || printf ' %s' "$s"; done)
  if [ $src = 0 ] && ! grep -q 'Sanitizer\|runtime error' "$sl" 2>/dev/null; then
    ok
    return 0
  fi
  bad "server $sp exited with $src; its log $sl:"
  cat "$sl"
  return 1
}

# stop_servers: stop_server for every server started and not yet stopped;
# returns 1 when one of them failed its check.
stop_servers() {
  ss=0
  for s in $SERVERS; do stop_server "${s%%:*}" "${s#*:}" || ss=1; done
  return $ss
}
