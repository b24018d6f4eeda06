#!/bin/sh
# The whole test suite: dependencies, a -Werror build and `make check`, then
# the same suite again built with AddressSanitizer + UndefinedBehaviorSanitizer,
# then the server's tests built with ThreadSanitizer.
# Ends with one line "total: N passed, M failed, K skipped" over all runs;
# with CI=true a skipped test fails the run.
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
    # Show the log of every failed test.
    for f in $(grep -l -E '^:test-result: (FAIL|ERROR)' $(find "$top/$dir" -name '*.trs') 2>/dev/null); do
      echo "---- ${f%.trs}.log"
      tail -60 "${f%.trs}.log"
    done
  fi
}
run_suite _build
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite _build-asan --enable-sanitizers
# ThreadSanitizer over the server's tests (polling threads, workers, the
# watchdog): a data race stops the server, so its test fails.
echo "== build in _build-tsan (--enable-tsan)"
"$top/scripts/build.sh" _build-tsan --enable-tsan
echo "== server tests in _build-tsan"
if ! TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    make -C "$top/_build-tsan/tests" check \
      TESTS='web_test.sh web_limits_test.sh web_w3c_protocol.sh web_w3c_gsp.sh web_rerun_test.sh web_proxy_limits.sh web_sched_test.sh'; then
  status=1
  tail -60 "$top/_build-tsan/tests/test-suite.log"
fi
# ... and over the load's threads (parser threads, the merge's feeder, the
# text index's thread and their rings).
echo "== load tests in _build-tsan"
if ! TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    make -C "$top/_build-tsan/tests" check \
      TESTS='load_parallel_test.sh load_threads_test.sh test_load_threads_oom bulk_merge_test.sh'; then
  status=1
  tail -60 "$top/_build-tsan/tests/test-suite.log"
fi
# The Debian package (scripts/package-test.sh: dpkg-buildpackage, install,
# start the unit, query it, purge; about 75 s here), one more result.
echo "== Debian package test"
pkg_rc=0
"$top/scripts/package-test.sh" || pkg_rc=$?
case $pkg_rc in 0) pkg_result=PASS ;; 77) pkg_result=SKIP ;; *) pkg_result=FAIL; status=1 ;; esac
echo ":test-result: $pkg_result" > "$top/_build/package-test.trs"
# The automake drivers record one result per test program in *.trs files.
builds="$top/_build $top/_build-asan $top/_build-tsan"
count() { cat $(find $builds -name '*.trs') 2>/dev/null | grep -c "^:test-result: $1" || true; }
skipped=$(count SKIP)
# In CI (CI=true) ../shared and every tool are present: a skipped suite is a failure.
note=
if [ "${CI:-}" = true ] && [ "$skipped" != 0 ]; then
  status=1
  note=" (CI: skipped suites fail: $(grep -l '^:test-result: SKIP' $(find $builds -name '*.trs') | xargs -n1 basename | sed 's/\.trs$//' | tr '\n' ' '))"
fi
echo "total: $(count PASS) passed, $(( $(count FAIL) + $(count ERROR) )) failed, $skipped skipped$note"
exit $status
