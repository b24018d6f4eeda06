/* web_core.h — what the files of the server core share among themselves
 * (not the endpoints: they use web_internal.h).  One job per file:
 *   web_daemon.c   configuration, start and stop of the libmicrohttpd daemon
 *   web_admit.c    connection admission: per-address and total limits, header deadline
 *   web_request.c  the request's life cycle (its states and the lock order), dispatch
 *   web_workers.c  the job queue, the worker pool and the places of long queries
 *   web_stream.c   the response: committing, streaming, gzip
 *   web_watchdog.c the thread that notices gone clients and late headers
 *   web_log.c      the access log
 * Not installed. */
#ifndef SILA_WEB_CORE_H
#define SILA_WEB_CORE_H

#include "web_internal.h"

/* Monotonic seconds. */
double web_now(void);

/* ---- web_admit.c (all with web->mu held unless said) ---- */
/* MHD accept policy: refuses an address past twice its connection limit. */
enum MHD_Result web_admit_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* MHD_OPTION_NOTIFY_CONNECTION: a connection opens or closes. */
void web_admit_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode code);
/* The connection starts waiting for its next request's headers (locked). */
void web_admit_wait_locked(SilaWeb *web, WebConn *wc);
/* The connection's request headers arrived (locked). */
void web_admit_unwait_locked(SilaWeb *web, WebConn *wc);
/* Closes (shuts down) connections whose headers are late (locked). */
void web_admit_expire_locked(SilaWeb *web, double now);
/* A request that came through a trusted proxy counts against its client's
 * forwarded address (X-Forwarded-For), not the proxy's (locked). */
void web_admit_forwarded_locked(SilaWeb *web, WebReq *r, const char *client);
/* The request stops pointing at its address entry, which goes when
 * nothing else refers to it (locked). */
void web_req_addr_drop_locked(SilaWeb *web, WebReq *r);
/* Drops an address entry nothing refers to any more (locked). */
void web_addr_release_locked(SilaWeb *web, WebAddr *a);
/* Frees every entry (at stop, no connection left). */
void web_admit_fini(SilaWeb *web);

/* ---- web_request.c ---- */
void *web_on_uri(void *cls, const char *uri, struct MHD_Connection *conn);
enum MHD_Result web_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_size, void **con_cls);
void web_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe);
/* Drops one reference; the last frees the request. */
void web_req_release(WebReq *r);
/* r->mu held: the client is treated as gone; wakes whatever waits for it. */
void web_abandon_locked(WebReq *r);
/* Adds the headers every response carries, then r's own. */
void web_add_headers(WebReq *r, struct MHD_Response *resp);

/* ---- web_stream.c ---- */
/* r->mu held: status and headers are decided; hand back to the handler. */
void web_commit_locked(WebReq *r);
/* Polling thread, after the worker committed: queues what it decided. */
enum MHD_Result web_queue_committed(WebReq *r);
/* An empty body reader, and a 304 response with no length (web_stream.c). */
ssize_t web_no_content(void *cls, uint64_t pos, char *buf, size_t max);
struct MHD_Response *web_no_length_response(void);
/* Ends the job's gzip stream (the trailer when st is SILA_OK); returns st
 * or the error of writing the trailer. */
SilaStatus web_gzip_end(WebReq *r, SilaStatus st);

/* ---- web_workers.c ---- */
/* Starts cfg.workers threads; false when none could start. */
bool web_workers_start(SilaWeb *web);
/* Waits for every worker thread to end (after web->stopping is set). */
void web_workers_join(SilaWeb *web);
/* Gives back a long query's place (see web_on_slow). */
void web_slow_release(WebReq *r);

/* ---- web_watchdog.c ---- */
void web_watchdog_start(SilaWeb *web);
void web_watchdog_join(SilaWeb *web);

/* ---- web_log.c ---- */
/* One access-log line for a completed request. */
void web_log_request(WebReq *r);

#endif
