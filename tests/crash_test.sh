#!/bin/sh
# Crash safety: a load killed with SIGKILL part-way leaves a store that
# opens and holds exactly the state before or after that load.
set -u
SILA=${SILA_BIN:-../sila}
work=$(mktemp -d /tmp/sila-crash.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
pass=0

awk 'BEGIN { for (i = 0; i < 1000; i++)
  printf "<http://ex.org/base/%d> <http://ex.org/p> \"base %d\" .\n", i, i }' >"$work/small.nt"
awk 'BEGIN { for (i = 0; i < 400000; i++)
  printf "<http://ex.org/big/s%d> <http://ex.org/p%d> \"a value that is long enough to need the dictionary %d\" .\n", i, i % 17, i }' >"$work/big.nt"

"$SILA" init "$work/base" >/dev/null || exit 1
"$SILA" load -q --store "$work/base" "$work/small.nt" 2>/dev/null || exit 1

quads() { "$SILA" stats --store "$1" | awk '$1 == "quads" { print $2 }'; }
agree() { "$SILA" stats --store "$1" | awk '$1 == "indexes" { print $2 }'; }

for delay in 0.02 0.05 0.1 0.2 0.3 0.5 0.8 1.2; do
  rm -rf "$work/s"
  cp -r "$work/base" "$work/s"
  "$SILA" load -q --store "$work/s" "$work/big.nt" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  n=$(quads "$work/s")
  if [ "$n" = 1000 ] || [ "$n" = 401000 ]; then
    if [ "$(agree "$work/s")" = consistent ]; then
      pass=$((pass + 1))
    else
      echo "FAIL: after kill at ${delay}s the indexes disagree"
      fail=$((fail + 1))
    fi
  else
    echo "FAIL: after kill at ${delay}s the store holds '$n' quads (expected 1000 or 401000)"
    fail=$((fail + 1))
  fi
  # The store must still take writes after the crash.
  if "$SILA" load -q --store "$work/s" "$work/small.nt" 2>/dev/null && [ "$(quads "$work/s")" = "$n" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: after kill at ${delay}s the store no longer loads"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
