/* sila_fetch.h — the one outbound HTTP client (libcurl) and its policy.
 *
 * Every document Sila fetches from the network (SPARQL LOAD, SERVICE,
 * CSVW tables and metadata) goes through sila_fetch, and every one is
 * checked by the same rules before and while it is fetched:
 *
 *  - the URL is http: or https:, with no control character, space or
 *    backslash in it (they would be read differently by curl and by the
 *    allow-list);
 *  - one of the policy's URL prefixes matches it (sila_url_allowed), unless
 *    the policy says any URL may be fetched (a user's own command);
 *  - the address of every connection curl opens is checked when the socket
 *    is opened, so DNS cannot point an allowed name into the private
 *    network: loopback, private, link-local, unspecified and mapped forms
 *    are refused unless the policy allows private addresses;
 *  - no proxy (the proxy would be the address checked), no other protocol
 *    than http/https, redirects not followed unless the policy allows a
 *    number of them, each redirect's target checked again as above;
 *  - a time limit per call (and the caller's deadline), a size cap on the
 *    body, and an interrupt flag checked while the transfer runs.
 *
 * Thread rules: sila_fetch may run in many threads at once (curl's global
 * set-up is done once, under pthread_once).
 */
#ifndef SILA_FETCH_H
#define SILA_FETCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sockaddr;

#define SILA_FETCH_DEFAULT_TIMEOUT 30.0
#define SILA_FETCH_DEFAULT_MAX_BYTES ((size_t)16 << 20)

/* What may be fetched, and within which limits.  Borrowed by sila_fetch
 * for the call only. */
typedef struct {
  /* URL prefixes that may be fetched ("https://dati.example.org/", ...);
   * allow[0..nallow) (NULL entries are skipped).  None = nothing, unless
   * allow_any. */
  const char *const *allow;
  size_t nallow;
  /* Every http(s) URL passes the prefix check (the other checks still
   * apply): for a command a user runs on their own data, never for a
   * request that came over the network. */
  bool allow_any;
  /* Loopback, private and link-local addresses may be connected to. */
  bool allow_private;
  /* Redirects followed, each checked like the first URL; 0 = a redirect
   * is an error. */
  unsigned max_redirects;
  double timeout;   /* seconds for one call, 0 = SILA_FETCH_DEFAULT_TIMEOUT */
  size_t max_bytes; /* cap on a response body, 0 = SILA_FETCH_DEFAULT_MAX_BYTES */
  /* libcurl CONNECT_TO entries "HOST:PORT:TO-HOST:TO-PORT" (a mirror, or
   * test servers on 127.0.0.1); the address rules apply to the address
   * connected to.  connect_to[0..nconnect_to). */
  const char *const *connect_to;
  size_t nconnect_to;
} SilaFetchPolicy;

/* One request.  Borrowed for the call. */
typedef struct {
  const char *url;
  const char *accept;     /* Accept header value, or NULL */
  const char *user_agent; /* or NULL for "sila/1" */
  /* A POST with this application/x-www-form-urlencoded body when not NULL
   * (a 301/302/303 then turns into a GET of the new location). */
  const char *form;
  size_t form_len;
  /* Where the body of the final response goes (the body of a redirect is
   * dropped).  A status other than SILA_OK stops the transfer and is
   * returned. */
  SilaWriteFn sink;
  void *sink_ctx;
  /* Milliseconds left before the caller's deadline; 0 = none. */
  long deadline_ms;
  /* Set from another thread to stop the transfer (SILA_ERR_INTERRUPTED);
   * may be NULL. */
  const atomic_int *interrupted;
} SilaFetchRequest;

/* What came back.  Owned by the caller: sila_fetch_response_clear. */
typedef struct {
  long status;        /* HTTP status of the final response (0 when none) */
  char *url;          /* the URL of the final response (after redirects) */
  char *content_type; /* its Content-Type, or NULL */
  char *link;         /* its Link header values joined by ", ", or NULL */
  size_t bytes;       /* body bytes given to the sink */
  bool deadline_hit;  /* the timeout that fired was the caller's deadline */
} SilaFetchResponse;

/* Fetches req->url under `policy`.  Returns SILA_OK when an HTTP response
 * (any status but a redirect) was received, its body given to the sink;
 * otherwise, with err->message saying why (without the URL's owner, e.g.
 * "SERVICE", which the caller adds):
 *   SILA_ERR_DENIED       the URL (or a redirect's target) is not allowed,
 *                         or its address is private/loopback;
 *   SILA_ERR_LIMIT        the body is larger than the policy's max_bytes;
 *   SILA_ERR_TIMEOUT      the call's time limit or the deadline passed;
 *   SILA_ERR_INTERRUPTED  *req->interrupted was set;
 *   SILA_ERR_REMOTE       connection or protocol failure, a redirect when
 *                         none may be followed, or one without a location;
 *   SILA_ERR_NOMEM, or the sink's status.
 * `resp` is filled as far as the call went (clear it in every case). */
SilaStatus sila_fetch(const SilaFetchPolicy *policy, const SilaFetchRequest *req,
                      SilaFetchResponse *resp, SilaError *err);

/* Frees what a response owns and zeroes it.  NULL is a no-op. */
void sila_fetch_response_clear(SilaFetchResponse *resp);

/* The policy's URL check alone: http(s), no control character, space,
 * DEL or backslash, and allowed by the prefixes (or allow_any). */
bool sila_fetch_url_allowed(const SilaFetchPolicy *policy, const char *url);

/* The allow-list matcher: true when one of allow[0..nallow) is a prefix of
 * url ending at a boundary — "http://a.org" allows "http://a.org/x" and
 * "http://a.org?q", never "http://a.org.evil.net/" or
 * "http://a.org@evil.net/"; a prefix ending in '/', '?', '&', '=' or '#'
 * is a boundary itself.  Scheme and authority compare without case, the
 * rest with it.  Does not check the scheme or characters (see
 * sila_fetch_url_allowed). */
bool sila_url_allowed(const char *const *allow, size_t nallow, const char *url);

/* True for loopback, private (RFC 1918, 100.64/10, fc00::/7), link-local,
 * unspecified and broadcast addresses, IPv4-mapped/compatible forms of
 * them, and any family but IPv4/IPv6. */
bool sila_fetch_private_address(const struct sockaddr *sa);


#ifdef __cplusplus
}
#endif
#endif
