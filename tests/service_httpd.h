/* service_httpd.h — a small SPARQL responder on 127.0.0.1 for the SERVICE
 * tests: it answers SPARQL 1.1 Protocol queries (GET ?query=, POST form,
 * POST direct) by running them with Sila's own engine over a store it is
 * given, so a federated query really runs across two Sila instances.
 *
 * Paths: /sparql answers in SPARQL JSON; /xml in SPARQL XML; /slow waits
 * `slow_ms` first; /big pads the JSON answer past 1 MiB; /redirect answers
 * 302 to /sparql with the same query; /redirect-away answers 302 to
 * http://example.invalid/sparql; /error answers 500 "store on fire"; /rogue answers a fixed JSON
 * result binding ?s and ?n whatever the query.  Every request is recorded
 * (method and the query text) for the tests to check. */
#ifndef SILA_SERVICE_HTTPD_H
#define SILA_SERVICE_HTTPD_H

#include <stddef.h>

#include "sila_exec.h"
#include "sila_store.h"

typedef struct SvcHttpd SvcHttpd;

/* Starts the responder over `store` (borrowed; must outlive the server)
 * on a free port of 127.0.0.1.  NULL on failure. */
SvcHttpd *svc_httpd_start(SilaStore *store);
unsigned short svc_httpd_port(const SvcHttpd *h);
/* Requests whose Host header names `host` (any port) are answered from
 * `store` instead (at most 8 hosts; call before the first request). */
void svc_httpd_add_host(SvcHttpd *h, const char *host, SilaStore *store);
/* Options of the queries it runs (borrowed; NULL = defaults), e.g. an
 * allow-list so that a SERVICE inside a remote pattern runs too. */
void svc_httpd_set_exec(SvcHttpd *h, const SilaExecOptions *opt);
/* Delay of /slow, in milliseconds (default 3000). */
void svc_httpd_set_slow(SvcHttpd *h, unsigned ms);
/* Requests served so far. */
unsigned svc_httpd_requests(SvcHttpd *h);
/* Copies the last request's method ("GET"/"POST") and query text into
 * the buffers (NUL-terminated, truncated to their sizes). */
void svc_httpd_last(SvcHttpd *h, char *method, size_t mlen, char *query, size_t qlen);
void svc_httpd_stop(SvcHttpd *h);

#endif
