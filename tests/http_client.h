/* http_client.h — what the C test runners that drive `sila serve` from
 * outside share: starting and stopping one server (127.0.0.1, port 0,
 * stopped by PID) and requests through one libcurl handle (its connection
 * kept alive between requests).  Used by sparql_outside (SPARQL over HTTP)
 * and rdf_syntax_http (the RDF syntax suites over the Graph Store
 * Protocol). */
#ifndef SILA_TEST_HTTP_CLIENT_H
#define SILA_TEST_HTTP_CLIENT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sila_term.h" /* SilaBuf */

/* Starts `sila serve --store STORE --port 0 EXTRA...` (store made already;
 * extra_args NULL-terminated, may be NULL) with SILA_WRITE_TOKEN=token,
 * its output in `log`; waits up to 10 s for "listening on" and writes
 * "http://127.0.0.1:PORT" to base_url.  Returns the PID, or -1 (the
 * server, if started, stopped). */
pid_t http_server_start(const char *sila, const char *store, const char *log, const char *token,
                        const char *const *extra_args, char *base_url, size_t base_url_size);

/* Stops the server by its PID (SIGTERM) and waits for it.  True when it
 * exited with status 0; otherwise prints the status and the tail of its
 * log (e.g. a sanitizer report at exit) and returns false. */
bool http_server_stop(pid_t pid, const char *log);

/* One request to base_url + path with "Authorization: Bearer token";
 * ctype, accept, extra_header and body may be NULL.  The response body is
 * appended to out.  Returns the HTTP status, 0 when the request failed. */
long http_request(CURL *curl, const char *base_url, const char *token, const char *method,
                  const char *path, const char *ctype, const char *accept,
                  const char *extra_header, const char *body, size_t len, SilaBuf *out);

/* Appends s percent-encoded (all but unreserved characters) to b. */
void http_url_encode(SilaBuf *b, const char *s);

#endif
