# http_lib.sh — what the shell tests over HTTP share; sourced after `set -u`
# with SILA_TEST_NAME set.  Gives T, a scratch folder removed at exit
# together with the servers listed in PIDS (stopped by PID); the pass/fail
# counters; and the checks, each one line of output when it fails:
#   check NAME EXPECTED ACTUAL    has/hasnt NAME PATTERN FILE (grep; case
#   kept unless HAS_ANY_CASE=1)   status ARGS... (curl: code; body and head
#   in $T/body, $T/head)          header NAME (from $T/head)
T=$(mktemp -d "${TMPDIR:-/tmp}/sila-${SILA_TEST_NAME:-http}-XXXXXX")
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
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
