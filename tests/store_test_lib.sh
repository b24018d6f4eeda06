# store_test_lib.sh — the set-up and tally the query-plan tests from outside
# share (range_scan_test.sh, hash_level_test.sh, topk_test.sh); sourced.
#   store_test_begin NAME  SILA (../sila unless SILA_BIN), a scratch folder
#                          $work (/tmp/sila-NAME.*, removed at exit unless
#                          KEEP is set), ok/bad counting checks, and an
#                          empty store $S
#   store_test_end NAME    prints the tally; its status is the test's
store_test_begin() {
  SILA=${SILA_BIN:-../sila}
  work=$(mktemp -d "/tmp/sila-$1.XXXXXX") || exit 99
  trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
  pass=0
  fail=0
  S="$work/s"
  "$SILA" init "$S" >/dev/null || exit 1
}
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
store_test_end() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
