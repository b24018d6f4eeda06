#!/bin/sh
# demo-accounts.sh STORE [SILA] — the demo's accounts of the publishing area
# /pubblica (scripts/demo.sh runs it after demo-data.sh; the tests run it
# too, so they log in exactly as a person trying the demo does): the office
# Dipartimento Turismo, which owns the demo's accommodation dataset
# (`sila dataset owner`; `sila publish` gives a dataset to no office), its
# steward and an administrator.  Passwords are made here, printed once
# ("  NAME / PASSWORD  (what)") and stored hashed.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
store=${1:?usage: demo-accounts.sh STORE [SILA]}
sila=${2:-$top/_build/sila}
"$sila" office add --store "$store" turismo Dipartimento Turismo >/dev/null 2>&1 || true
# the steward can then update the accommodation dataset from /pubblica
"$sila" dataset owner --store "$store" strutture-ricettive turismo >/dev/null
demo_account() { # NAME DESCRIPTION sila-user-add-options...
  name=$1 what=$2
  shift 2
  pw=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)
  if printf '%s\n' "$pw" | "$sila" user add --store "$store" "$name" "$@" >/dev/null 2>&1; then
    echo "  $name / $pw  ($what)"
  else
    echo "  $name exists already (a new password: sila user passwd --store $store $name)"
  fi
}
demo_account steward-turismo "steward of the Dipartimento Turismo, owner of strutture-ricettive" \
  --office turismo
demo_account coordinatore "administrator: every office, requests, the report" --admin
