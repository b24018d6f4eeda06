#!/bin/sh
# login_lockout.sh — the publishing area's login limits survive a restart,
# over real HTTP (curl): 5 failures lock an account, 20 lock a client
# address (X-Forwarded-For from the loopback proxy); `sila serve` is
# restarted and both locks still hold (429, Retry-After within the
# window); the store holds no client address (its files and its dump),
# only keyed hashes under login/a/.  The same store served with a window
# of 3 s (--login-window): once it has passed the logins open, and two
# windows later the expired records and keys are gone.  (The locks are
# taken under a window of 10 minutes, so a slow machine cannot let them
# lapse before they are checked.)
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
command -v mdb_dump >/dev/null 2>&1 || { echo "SKIP: mdb_dump (lmdb-utils) not installed"; exit 77; }
SILA_TEST_NAME=lockout
. "$SRC/tests/http_lib.sh"
export SILA_VOCABULARIES="$SRC/vocabularies"
W=600 # the window while locking, seconds
"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
"$SILA" office add --store "$T/store" salute Dipartimento Salute >/dev/null
echo "password-di-anna" | "$SILA" user add --store "$T/store" anna --office salute >/dev/null
echo "password-di-luca" | "$SILA" user add --store "$T/store" luca --office salute >/dev/null
SERVE="--store $T/store --base http://dati.example.org"
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/body" | head -1; }
# login USER PASSWORD ADDRESS: the status of the POST from that client
login() {
  rm -f "$T/jar"
  $C -c "$T/jar" -b "$T/jar" -o "$T/body" -H "X-Forwarded-For: $3" "$U/pubblica/accesso"
  tok=$(csrf_of)
  status -c "$T/jar" -b "$T/jar" -H "X-Forwarded-For: $3" --data-urlencode "csrf=$tok" \
    --data-urlencode "utente=$1" --data-urlencode "password=$2" "$U/pubblica/accesso"
}
# records PREFIX: how many records of the accounts database start with it
records() { mdb_dump -p -s ops.accounts "$T/store" | grep -c "^ $1"; }

start_server "$T/log1" $SERVE --login-window $W
for n in 1 2 3 4 5; do check "anna: wrong password $n" 401 "$(login anna sbagliata 198.51.100.9)"; done
check "anna locked after 5 failures" 429 "$(login anna password-di-anna 198.51.100.9)"
for n in $(seq 1 20); do login "nessuno$n" sbagliata 203.0.113.7 >/dev/null; done
check "address A locked after 20 failures" 429 "$(login luca password-di-luca 203.0.113.7)"
check "another address is not" 303 "$(login luca password-di-luca 192.0.2.44)"
stop_server

# ---- a restart keeps both locks ----
start_server "$T/log2" $SERVE --login-window $W
check "after a restart: anna still locked (another address)" 429 "$(login anna password-di-anna 192.0.2.45)"
ra=$(header Retry-After)
[ -n "$ra" ] && [ "$ra" -ge 1 ] && [ "$ra" -le $W ] && ok || bad "Retry-After '$ra' not within 1..$W"
has "the page says why" "Troppi tentativi" "$T/body"
check "after a restart: address A still locked" 429 "$(login luca password-di-luca 203.0.113.7)"
check "after a restart: luca from elsewhere" 303 "$(login luca password-di-luca 192.0.2.46)"

# ---- no address in the store: files, dump; keyed hashes only ----
for a in 198.51.100.9 203.0.113.7 192.0.2.44 192.0.2.45 192.0.2.46 127.0.0.1; do
  for f in "$T/store"/*.mdb; do grep -a -q -F -- "$a" "$f" && bad "address $a in $f"; done
done
ok
"$SILA" dump --store "$T/store" > "$T/dump.nq" 2>/dev/null
hasnt "no address in a dump" "203.0.113.7" "$T/dump.nq"
mdb_dump -p -s ops.accounts "$T/store" | grep "^ login/" > "$T/keys"
grep -q "^ login/a/[0-9a-f]\{64\}$" "$T/keys" && ok || bad "no keyed address hash: $(cat "$T/keys")"
hasnt "no account name in the keys either" "nessuno" "$T/keys"

stop_server

# ---- with a window of 3 s the failures above are past it: the logins open ----
start_server "$T/log3" $SERVE --login-window 3
sleep 4
check "after the window: anna" 303 "$(login anna password-di-anna 192.0.2.45)"
check "after the window: address A" 303 "$(login luca password-di-luca 203.0.113.7)"

# ---- two windows later, records and keys have gone (purged when due) ----
sleep 7
check "a failure two windows later" 401 "$(login anna sbagliata 192.0.2.47)"
check "only its account record left" 1 "$(records login/u/)"
check "only its address record left" 1 "$(records login/a/)"
check "only its key left" 1 "$(records login/k/)"
stop_server

echo "login_lockout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
