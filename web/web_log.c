/* web_log.c — the access log: one line per completed request. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web_core.h"

double web_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "TIME CLIENT METHOD PATH STATUS BYTES DURATION RAN": the path only, as
 * query strings may be long and hold data; RAN says where the answer was
 * made (WebRan): "-" by the handler, "inline" on the polling thread,
 * "worker", "rerun" (inline past its budget, then a worker), "remembered"
 * (straight to a worker: the same query overran lately). */
void web_log_request(WebReq *r) {
  FILE *log = r->web->cfg.access_log;
  if (!log)
    return;
  time_t t = time(NULL);
  struct tm tm;
  char when[32];
  gmtime_r(&t, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  size_t plen = strcspn(r->uri ? r->uri : "", "?");
  static const char *const ran[] = {"-", "inline", "worker", "rerun", "remembered"};
  fprintf(log, "%s %s %s %.*s %u %llu %.1fms %s\n", when, r->client[0] ? r->client : "-",
          r->method ? r->method : "-", (int)(plen > 200 ? 200 : plen), r->uri ? r->uri : "",
          r->status, (unsigned long long)r->bytes, (web_now() - r->t0) * 1000,
          ran[r->ran <= WEB_RAN_REMEMBERED ? r->ran : 0]);
  fflush(log);
}
