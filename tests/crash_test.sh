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

# The load's read position in big.nt (from /proc), "closed" once the input
# is read (the load then sorts and writes), "gone" when the process ended.
read_pos() {
  [ -d "/proc/$1" ] || { echo gone; return; }
  for fd in /proc/"$1"/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$work/big.nt" ]; then
      awk '$1 == "pos:" { print $2 }' "/proc/$1/fdinfo/${fd##*/}" 2>/dev/null
      return
    fi
  done
  echo closed
}
size=$(wc -c <"$work/big.nt")
[ -d /proc/self/fdinfo ] || { echo "SKIP: needs /proc to see where the load is"; exit 77; }

# Kill points: a share of the input read (percent), or "w<seconds>" into the
# write phase after the input is read.  Each kill must land while the load
# runs (the process dies of SIGKILL): one that came too late tests nothing.
landed=0
for point in 5 30 60 w0 w0.1 w0.3 w0.6; do
  rm -rf "$work/s"
  cp -r "$work/base" "$work/s"
  "$SILA" load -q --store "$work/s" "$work/big.nt" >/dev/null 2>&1 &
  pid=$!
  where=
  while :; do
    pos=$(read_pos "$pid")
    case $pos in
      gone) break ;;
      # (a machine busy elsewhere may pass a share by before it is seen)
      closed) case $point in w*) sleep "${point#w}" ;; esac; where="the write phase"; break ;;
      ''|*[!0-9]*) ;;
      *) case $point in w*) ;; *)
           if [ "$pos" -ge $((size * point / 100)) ]; then where="byte $pos of $size"; break; fi ;;
         esac ;;
    esac
    sleep 0.005
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rc=$?
  n=$(quads "$work/s")
  if [ "$rc" != 137 ] || [ -z "$where" ]; then
    echo "FAIL: the kill at $point came after the load ended (exit $rc): it tested nothing"
    fail=$((fail + 1))
  else
    landed=$((landed + 1))
    # Killed while reading the input: nothing may be committed.
    case $where in byte*) expect=1000 ;; *) expect="1000 401000" ;; esac
    case " $expect " in
      *" $n "*)
        if [ "$(agree "$work/s")" = consistent ]; then
          pass=$((pass + 1))
        else
          echo "FAIL: after the kill at $where the indexes disagree"
          fail=$((fail + 1))
        fi ;;
      *)
        echo "FAIL: after the kill at $where the store holds '$n' quads (expected $expect)"
        fail=$((fail + 1)) ;;
    esac
  fi
  # The store must still take writes after the crash.
  if "$SILA" load -q --store "$work/s" "$work/small.nt" >/dev/null 2>&1 && [ "$(quads "$work/s")" = "$n" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: after the kill at $point the store no longer loads"
    fail=$((fail + 1))
  fi
done
echo "$landed kills landed mid-load"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
