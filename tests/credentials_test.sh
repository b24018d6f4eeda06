#!/bin/sh
# credentials_test.sh — `sila serve` takes the write token from systemd's
# credentials directory ($CREDENTIALS_DIRECTORY/write_token, LoadCredential=
# in debian/sila.service), over $SILA_WRITE_TOKEN; an empty or unreadable
# credential stops it with a clear error instead of serving without a token.
set -u
SILA=${SILA_BIN:-./sila}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=cred
. "${SILA_SRCDIR:-$(dirname "$0")/..}/tests/http_lib.sh"
"$SILA" init "$T/store" >/dev/null || { echo "cannot init"; exit 1; }
mkdir "$T/cred"
printf 'from-credential\n' > "$T/cred/write_token"
CREDENTIALS_DIRECTORY="$T/cred" SILA_WRITE_TOKEN=from-env start_server "$T/log" --store "$T/store"
INS='INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }'
check credential-token 200 "$(status -H 'Authorization: Bearer from-credential' --data-urlencode "update=$INS" "$U/update")"
check env-token-overridden 401 "$(status -H 'Authorization: Bearer from-env' --data-urlencode "update=$INS" "$U/update")"
check no-token 401 "$(status --data-urlencode "update=$INS" "$U/update")"
: > "$T/cred/write_token"
CREDENTIALS_DIRECTORY="$T/cred" "$SILA" serve --store "$T/store" --port 0 2> "$T/log2"
check empty-credential-exit 1 $?
has empty-credential-message 'write_token: empty' "$T/log2"
# without the credential file, the environment's token as before
rm "$T/cred/write_token"
CREDENTIALS_DIRECTORY="$T/cred" SILA_WRITE_TOKEN=from-env start_server "$T/log3" --store "$T/store"
check env-token-without-credential 200 "$(status -H 'Authorization: Bearer from-env' --data-urlencode "update=$INS" "$U/update")"

[ $fail -eq 0 ] && echo "credentials_test: $pass checks passed" && exit 0
echo "credentials_test: $fail of $((pass + fail)) checks failed"; exit 1
