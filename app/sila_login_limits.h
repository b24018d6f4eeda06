/* sila_login_limits.h — the publishing area's login limits, kept in the
 * store's accounts database (sila_ops.h) like the sessions, so that a
 * restart of `sila serve` (or a crash) does not open them, and replicas of
 * one store share them.
 *
 * Failed logins are counted per account and per client address over a
 * window (15 minutes by default): SILA_LOGIN_LIMIT_ACCOUNT failures for an
 * account, or SILA_LOGIN_LIMIT_ADDRESS from an address, lock further
 * attempts out until the window that started with the first of them ends.
 *
 * What is kept, and why no more:
 *   "login/k/" + 16-digit creation time → 64 hex characters: a random key
 *   "login/u/" + hex HMAC-SHA256(key, "u:" + account name) → {"failures","first"}
 *   "login/a/" + hex HMAC-SHA256(key, "a:" + address)      → {"failures","first"}
 * (a record under any key not two windows old is found by trying each.)
 * Neither the address nor the name typed in the form is stored (a name
 * field sometimes receives a password).  A plain hash would not do: IPv4
 * has 2^32 addresses, all hashed in minutes, so a plain hash is the address.
 * A keyed hash can be tested only by whoever holds the key, and the key is
 * in the same store, so each key is used to start records for one window
 * only and deleted two windows after it was made (at the next login attempt
 * from then on: sila_login_purge runs at most once a minute, or once a
 * window if that is shorter, and writes only when something expired); then
 * the store's live data, and `sila backup` copies, cannot tell which
 * addresses failed to log in (LMDB may keep the old bytes in free pages
 * until it reuses them).  A record counts only within its window.
 *
 * Counting is one small write transaction per failure (failures are rare);
 * checking reads (and purges when due); a successful login writes only
 * when the account had failures (or a purge is due).  Nothing here runs
 * for requests other than a login form's POST.  Two processes counting the same failure at the same time
 * may lose one count (read, then write), never lock anyone wrongly. */
#ifndef SILA_LOGIN_LIMITS_H
#define SILA_LOGIN_LIMITS_H

#include <stdint.h>

#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SILA_LOGIN_WINDOW 900       /* seconds, the default */
#define SILA_LOGIN_LIMIT_ACCOUNT 5  /* failures per account in a window */
#define SILA_LOGIN_LIMIT_ADDRESS 20 /* failures per client address in a window */

/* Seconds (in *wait) until a login as `user` from `address` may be tried
 * again at time `now` (0: it may now), with a window of `window` seconds.
 * SILA_ERR_NOMEM, SILA_ERR_IO; *wait is 0 then. */
SilaStatus sila_login_wait(SilaStore *store, const char *user, const char *address, int64_t now,
                           int64_t window, long *wait);
/* Counts a failed login as `user` from `address` at `now`: one write
 * transaction (with a new key when the newest is older than a window).
 * SILA_ERR_DENIED (read-only store), SILA_ERR_NOMEM, SILA_ERR_IO. */
SilaStatus sila_login_failed(SilaStore *store, const char *user, const char *address, int64_t now,
                             int64_t window);
/* A successful login as `user` clears the account's failures (the
 * address's stay: they count guesses at other accounts too).  Writes only
 * when there were some. */
SilaStatus sila_login_succeeded(SilaStore *store, const char *user, int64_t now, int64_t window);
/* Drops the counters whose window ended and the keys older than two
 * windows; *dropped (may be NULL) gets how many records went. */
SilaStatus sila_login_purge(SilaStore *store, int64_t now, int64_t window, size_t *dropped);

#ifdef __cplusplus
}
#endif
#endif
