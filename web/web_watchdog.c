/* web_watchdog.c — one thread that looks, ten times a second, for what no
 * event reports: clients that hang up while their connection is suspended
 * (libmicrohttpd does not poll a suspended connection), connections
 * whose request headers are late (web_admit.c), and request bodies that
 * arrive below cfg.min_body_rate. */
#define _GNU_SOURCE /* for POLLRDHUP */
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "web_core.h"

static void *watchdog_main(void *arg) {
  SilaWeb *web = arg;
  pthread_mutex_lock(&web->mu);
  while (!web->stopping) {
    double now = web_now();
    for (WebReq *r = web->active; r; r = r->next_active) {
      pthread_mutex_lock(&r->mu);
      bool suspended = r->end == JOB_PENDING && (r->phase == PH_WAIT || r->reader_waiting);
      /* a body trickled in below the minimum rate: close the connection
       * (MHD then ends the request; nothing was answered yet) */
      if (r->body_open && r->fd >= 0 &&
          now > r->body_since + web->cfg.header_timeout +
                    (double)__atomic_load_n(&r->upload_len, __ATOMIC_RELAXED) /
                        web->cfg.min_body_rate) {
        r->body_open = false;
        web->slow_bodies++;
        shutdown(r->fd, SHUT_RDWR);
      }
      if (suspended && !r->gone && r->fd >= 0) {
        struct pollfd p = {.fd = r->fd, .events = POLLRDHUP};
        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)))
          web_abandon_locked(r);
      }
      pthread_mutex_unlock(&r->mu);
    }
    web_admit_expire_locked(web, now);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000;
    }
    pthread_cond_timedwait(&web->watch_cv, &web->mu, &ts);
  }
  pthread_mutex_unlock(&web->mu);
  return NULL;
}

void web_watchdog_start(SilaWeb *web) {
  web->watchdog_on = !pthread_create(&web->watchdog, NULL, watchdog_main, web);
}

void web_watchdog_join(SilaWeb *web) {
  if (web->watchdog_on)
    pthread_join(web->watchdog, NULL);
  web->watchdog_on = false;
}
