/* web_admit.c — connection admission: which connections the server takes,
 * and how long an idle one may stay.
 *
 * libmicrohttpd's own per-IP limit closes a connection without an HTTP
 * answer, and its timeout is an idle timeout that a client sending one
 * byte every few seconds never reaches.  So, per client address:
 *   - the first cfg.max_conns_per_client connections are served;
 *   - as many more are taken but their request is answered 503 with
 *     Retry-After and Connection: close (web_request.c);
 *   - any beyond are closed at accept (no answer is possible without
 *     taking the resources the limit protects);
 * and every connection must deliver its next request's headers within
 * cfg.header_timeout of its start or of its previous answer, or the
 * watchdog shuts it down.  The total is capped by MHD_OPTION_CONNECTION_LIMIT
 * (epoll, so it may be large).  Everything here runs under web->mu. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "web_core.h"

static unsigned addr_hash(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h % WEB_ADDR_BUCKETS;
}

static void addr_name(const struct sockaddr *sa, char *out, size_t size) {
  out[0] = 0;
  if (!sa)
    return;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)size);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)size);
}

static WebAddr *addr_find(SilaWeb *web, const char *name, bool create) {
  unsigned h = addr_hash(name);
  for (WebAddr *a = web->addrs[h]; a; a = a->next)
    if (!strcmp(a->name, name))
      return a;
  if (!create)
    return NULL;
  WebAddr *a = calloc(1, sizeof *a);
  if (!a)
    return NULL;
  snprintf(a->name, sizeof a->name, "%s", name);
  a->next = web->addrs[h];
  web->addrs[h] = a;
  return a;
}

void web_addr_release_locked(SilaWeb *web, WebAddr *a) {
  if (!a || a->conns || a->requests || a->fwd_refs)
    return;
  for (WebAddr **p = &web->addrs[addr_hash(a->name)]; *p; p = &(*p)->next)
    if (*p == a) {
      *p = a->next;
      free(a);
      return;
    }
}

enum MHD_Result web_admit_accept(void *cls, const struct sockaddr *sa, socklen_t len) {
  SilaWeb *web = cls;
  (void)len;
  char name[64];
  addr_name(sa, name, sizeof name);
  pthread_mutex_lock(&web->mu);
  WebAddr *a = addr_find(web, name, false);
  /* A trusted proxy (nginx in front) carries every client's connections:
   * only the total limit applies to it; its clients' requests are counted
   * by their forwarded address (web_admit_forwarded_locked). */
  bool ok = !web->stopping && (!a || a->conns < 2 * web->cfg.max_conns_per_client ||
                               web_trusted_proxy_address(&web->cfg, name));
  if (!ok)
    web->refused_conns++;
  pthread_mutex_unlock(&web->mu);
  return ok ? MHD_YES : MHD_NO;
}

void web_admit_wait_locked(SilaWeb *web, WebConn *wc) {
  if (wc->deadline)
    return;
  wc->deadline = web_now() + web->cfg.header_timeout;
  wc->next_wait = NULL;
  wc->prev_wait = web->wait_tail;
  if (web->wait_tail)
    web->wait_tail->next_wait = wc;
  else
    web->wait_head = wc;
  web->wait_tail = wc;
}

void web_admit_unwait_locked(SilaWeb *web, WebConn *wc) {
  if (!wc->deadline)
    return;
  wc->deadline = 0;
  if (wc->prev_wait)
    wc->prev_wait->next_wait = wc->next_wait;
  else
    web->wait_head = wc->next_wait;
  if (wc->next_wait)
    wc->next_wait->prev_wait = wc->prev_wait;
  else
    web->wait_tail = wc->prev_wait;
  wc->prev_wait = wc->next_wait = NULL;
}

/* Every deadline is its start plus the same timeout, so the list is in
 * deadline order: only its head can be late. */
void web_admit_expire_locked(SilaWeb *web, double now) {
  while (web->wait_head && web->wait_head->deadline <= now) {
    WebConn *wc = web->wait_head;
    web_admit_unwait_locked(web, wc);
    /* MHD sees the end of the stream and closes the connection; the fd is
     * still MHD's (it closes it only after notifying us, under web->mu). */
    if (wc->fd >= 0)
      shutdown(wc->fd, SHUT_RDWR);
  }
}

void web_admit_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                      enum MHD_ConnectionNotificationCode code) {
  SilaWeb *web = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    WebConn *wc = calloc(1, sizeof *wc);
    if (!wc)
      return; /* served without limits: admission needs memory too */
    wc->fd = -1;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci)
      wc->fd = ci->connect_fd;
    char name[64];
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    addr_name(ci ? ci->client_addr : NULL, name, sizeof name);
    pthread_mutex_lock(&web->mu);
    wc->addr = addr_find(web, name, true);
    if (wc->addr) {
      wc->addr->conns++;
      wc->over_limit = wc->addr->conns > web->cfg.max_conns_per_client &&
                       !web_trusted_proxy_address(&web->cfg, name);
    }
    web->conns++;
    web_admit_wait_locked(web, wc);
    pthread_mutex_unlock(&web->mu);
    *socket_context = wc;
    return;
  }
  WebConn *wc = *socket_context;
  if (!wc)
    return;
  *socket_context = NULL;
  pthread_mutex_lock(&web->mu);
  web_admit_unwait_locked(web, wc);
  web->conns--;
  if (wc->addr) {
    wc->addr->conns--;
    web_addr_release_locked(web, wc->addr);
  }
  pthread_mutex_unlock(&web->mu);
  free(wc);
}

void web_admit_forwarded_locked(SilaWeb *web, WebReq *r, const char *client) {
  WebAddr *a = addr_find(web, client, true);
  if (a) { /* else (no memory) the proxy's entry counts it */
    r->addr = a;
    r->addr_fwd = true;
    a->fwd_refs++;
  }
}

void web_req_addr_drop_locked(SilaWeb *web, WebReq *r) {
  WebAddr *a = r->addr;
  if (!a)
    return;
  if (r->addr_fwd) {
    a->fwd_refs--;
    r->addr_fwd = false;
  }
  r->addr = NULL;
  web_addr_release_locked(web, a);
}

void web_admit_fini(SilaWeb *web) {
  for (size_t i = 0; i < WEB_ADDR_BUCKETS; i++)
    while (web->addrs[i]) {
      WebAddr *a = web->addrs[i];
      web->addrs[i] = a->next;
      free(a);
    }
}
