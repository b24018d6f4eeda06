#!/bin/sh
# The whole test suite: dependencies, a -Werror build and `make check`, then
# the same suite again built with AddressSanitizer + UndefinedBehaviorSanitizer.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
cd "$top"
./autogen.sh >/dev/null
status=0
run_suite() {
  dir=$1
  shift
  echo "== build in $dir ($*)"
  "$top/scripts/build.sh" "$dir" "$@"
  echo "== make check in $dir"
  if ! make -C "$top/$dir" -j"$(nproc)" check; then
    status=1
    find "$top/$dir/tests" -name '*.log' ! -name test-suite.log -exec grep -l -E '^(FAIL|ERROR)' {} + 2>/dev/null |
      while read -r f; do echo "---- $f"; tail -40 "$f"; done
  fi
  # The per-test summary lines, for the record.
  cat "$top/$dir/tests/test-suite.log" 2>/dev/null | head -20
}
run_suite _build
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite _build-asan --enable-sanitizers
exit $status
