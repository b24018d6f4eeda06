/* sila_sessions.h — the publishing area's login sessions, kept in the
 * store's accounts database (sila_ops.h) so that they outlive a restart
 * of `sila serve` and are shared by replicas of one store:
 *   "session/" + hex(SHA-256(token)) → {"user","csrf","expires","work"}
 * The token itself (the cookie's value) is never stored: whoever reads
 * the store cannot take over a session.  Nothing else about the person
 * (no address, no user agent) is kept.  Expired records are dropped when
 * someone logs in (sila_session_add) and ignored until then. */
#ifndef SILA_SESSIONS_H
#define SILA_SESSIONS_H

#include <stdint.h>

#include "sila_accounts.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A session's life from login: 8 hours. */
#define SILA_SESSION_SECONDS (8 * 3600)
/* Tokens are 64 hex characters (256 random bits). */
#define SILA_SESSION_TOKEN_LEN 64

typedef struct {
  char user[SILA_NAME_MAX + 1];
  char csrf[SILA_SESSION_TOKEN_LEN + 1]; /* the token every form of the session carries */
  char work[33];                         /* the upload in progress ("" none) */
  int64_t expires;                       /* Unix time */
} SilaSession;

/* Stores a new session for `token` (SILA_SESSION_TOKEN_LEN characters)
 * and drops the expired ones.  SILA_ERR_INVALID (token), SILA_ERR_DENIED
 * (read-only store), SILA_ERR_IO. */
SilaStatus sila_session_add(SilaStore *store, const char *token, const SilaSession *s);
/* The live session of `token` and its user as the store has them now, read
 * in one read transaction.  SILA_ERR_NOT_FOUND when there is none, it
 * expired, or its user is gone. */
SilaStatus sila_session_get(SilaStore *store, const char *token, SilaSession *out,
                            SilaUser *user);
/* Sets the upload in progress of a live session (SILA_ERR_NOT_FOUND when it
 * ended meanwhile: it is not brought back). */
SilaStatus sila_session_set_work(SilaStore *store, const char *token, const char *work);
/* Ends one session (SILA_OK also when there was none). */
SilaStatus sila_session_end(SilaStore *store, const char *token);
/* Ends every session of `user` (*ended may be NULL): when the user is
 * removed or their password changes. */
SilaStatus sila_session_end_user(SilaStore *store, const char *user, size_t *ended);
/* Drops the sessions expired at `now` (*dropped may be NULL). */
SilaStatus sila_session_purge(SilaStore *store, int64_t now, size_t *dropped);

#ifdef __cplusplus
}
#endif
#endif
