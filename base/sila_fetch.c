/* sila_fetch.c — the one outbound HTTP client and its policy (see the
 * header for the rules). */
#include "sila_fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

/* ---- the policy ------------------------------------------------------------ */

static bool v4_private(uint32_t a) {
  return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 || (a >> 20) == 0xAC1 ||
         (a >> 16) == 0xC0A8 || (a >> 16) == 0xA9FE ||
         (a >> 22) == (100u << 2 | 1) /* 100.64/10 */ || a == 0xFFFFFFFFu;
}

bool sila_fetch_private_address(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
    return v4_private(ntohl(in->sin_addr.s_addr));
  }
  if (sa->sa_family == AF_INET6) {
    const uint8_t *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
    static const uint8_t zero[16];
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!memcmp(b, zero, 15) && (b[15] == 0 || b[15] == 1)) /* :: and ::1 */
      return true;
    if (!memcmp(b, mapped, 12) || !memcmp(b, zero, 12)) /* v4-mapped, v4-compatible */
      return v4_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
                        b[15]);
    if ((b[0] & 0xfe) == 0xfc) /* fc00::/7 */
      return true;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 */
      return true;
    return false;
  }
  return true; /* anything else (unix sockets...) is not a public endpoint */
}

bool sila_url_allowed(const char *const *allow, size_t nallow, const char *url) {
  for (size_t i = 0; allow && i < nallow; i++) {
    const char *pre = allow[i];
    size_t n = pre ? strlen(pre) : 0;
    if (!n)
      continue;
    const char *auth = strstr(pre, "://");
    const char *path = auth ? strchr(auth + 3, '/') : NULL;
    /* Scheme and authority compare without case, the rest with it. */
    size_t head = path ? (size_t)(path - pre) : n;
    if (strncasecmp(url, pre, head) || strncmp(url + head, pre + head, n - head))
      continue;
    /* A prefix must end at a boundary: "http://a.org" must not allow
     * "http://a.org.evil.net/" or "http://a.org@evil.net/". */
    char last = pre[n - 1], next = url[n];
    if (last == '/' || last == '?' || last == '&' || last == '=' || last == '#' || next == '\0' ||
        next == '/' || next == '?' || next == '#')
      return true;
  }
  return false;
}

bool sila_fetch_url_allowed(const SilaFetchPolicy *policy, const char *url) {
  if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
    return false;
  for (const char *p = url; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == '\\' || (unsigned char)*p == 0x7f)
      return false;
  return policy->allow_any || sila_url_allowed(policy->allow, policy->nallow, url);
}

/* ---- one transfer ---------------------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct {
  const SilaFetchPolicy *policy;
  const SilaFetchRequest *req;
  CURL *h;
  SilaFetchResponse *resp;
  size_t max;
  SilaStatus sink_status;
  bool too_big, refused_addr, headers_nomem;
  char refused[INET6_ADDRSTRLEN];
} Transfer;

static bool is_redirect(long code) { return code >= 300 && code < 400; }

static size_t on_body(char *buf, size_t size, size_t nitems, void *ud) {
  Transfer *t = ud;
  size_t n = size * nitems;
  long code = 0;
  curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
  if (is_redirect(code))
    return n; /* a redirect's own body is nobody's document */
  if (t->resp->bytes + n > t->max) {
    t->too_big = true;
    return 0; /* aborts the transfer */
  }
  SilaStatus st = t->req->sink ? t->req->sink(t->req->sink_ctx, buf, n) : SILA_OK;
  if (st != SILA_OK) {
    t->sink_status = st;
    return 0;
  }
  t->resp->bytes += n;
  return n;
}

static char *dup_trimmed(const char *v, size_t n) {
  while (n && (*v == ' ' || *v == '\t'))
    v++, n--;
  char *s = malloc(n + 1);
  if (s) {
    memcpy(s, v, n);
    s[n] = '\0';
  }
  return s;
}

/* Keeps the final response's Content-Type and Link headers. */
static size_t on_header(char *buf, size_t size, size_t nitems, void *ud) {
  Transfer *t = ud;
  size_t n = size * nitems, k = n;
  while (k && (buf[k - 1] == '\n' || buf[k - 1] == '\r'))
    k--;
  SilaFetchResponse *r = t->resp;
  if (k > 5 && !strncmp(buf, "HTTP/", 5)) {
    /* a new response (after a redirect or a 100 Continue) */
    free(r->content_type);
    free(r->link);
    r->content_type = r->link = NULL;
  } else if (k > 13 && !strncasecmp(buf, "Content-Type:", 13)) {
    free(r->content_type);
    if (!(r->content_type = dup_trimmed(buf + 13, k - 13)))
      t->headers_nomem = true;
  } else if (k > 5 && !strncasecmp(buf, "Link:", 5)) {
    char *v = dup_trimmed(buf + 5, k - 5);
    if (v && r->link) {
      SilaBuf joined = SILA_BUF_INIT;
      if (sila_buf_puts(&joined, r->link) || sila_buf_puts(&joined, ", ") ||
          sila_buf_puts(&joined, v))
        t->headers_nomem = true;
      free(v);
      v = joined.data;
    }
    if (!v)
      t->headers_nomem = true;
    free(r->link);
    r->link = v;
  }
  return n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  (void)dt, (void)dn, (void)ut, (void)un;
  Transfer *t = ud;
  return t->req->interrupted && atomic_load(t->req->interrupted) ? 1 : 0;
}

/* Every connection curl opens passes here: the resolved address is what
 * is checked, not the name. */
static curl_socket_t on_open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a) {
  (void)purpose;
  Transfer *t = ud;
  if (!t->policy->allow_private && sila_fetch_private_address(&a->addr)) {
    t->refused_addr = true;
    const void *raw = a->family == AF_INET
                          ? (const void *)&((struct sockaddr_in *)&a->addr)->sin_addr
                          : (const void *)&((struct sockaddr_in6 *)&a->addr)->sin6_addr;
    if ((a->family != AF_INET && a->family != AF_INET6) ||
        !inet_ntop(a->family, raw, t->refused, sizeof t->refused))
      snprintf(t->refused, sizeof t->refused, "?");
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

/* The options of one hop (curl_easy_reset before each). */
static void set_options(Transfer *t, const char *url, bool post, long ms, struct curl_slist *hdr,
                        struct curl_slist *conn, char *cerr) {
  CURL *h = t->h;
  const SilaFetchRequest *req = t->req;
  curl_easy_setopt(h, CURLOPT_URL, url);
  if (post) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->form);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->form_len);
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, t);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
  curl_easy_setopt(h, CURLOPT_USERAGENT, req->user_agent ? req->user_agent : "sila/1");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* by hand, each hop checked */
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  /* A proxy would be the address checked instead of the server's. */
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_PROXY, "");
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  if (hdr)
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  if (conn)
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, conn);
}

/* The error of a failed curl_easy_perform. */
static SilaStatus transfer_error(Transfer *t, CURLcode rc, bool by_deadline, long ms,
                                 const char *cerr, SilaError *err) {
  if (t->req->interrupted && atomic_load(t->req->interrupted))
    return sila_error_set(err, SILA_ERR_INTERRUPTED, 0, 0, "interrupted");
  if (t->sink_status != SILA_OK)
    return sila_error_set(err, t->sink_status, 0, 0, "%s", sila_strerror(t->sink_status));
  if (t->refused_addr)
    return sila_error_set(err, SILA_ERR_DENIED, 0, 0, "address %s is private or loopback (refused)",
                          t->refused);
  if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED)
    return sila_error_set(err, SILA_ERR_LIMIT, 0, 0, "response larger than %zu bytes", t->max);
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    t->resp->deadline_hit = by_deadline;
    return sila_error_set(err, SILA_ERR_TIMEOUT, 0, 0, "no answer within %.1f s", (double)ms / 1000);
  }
  return sila_error_set(err, SILA_ERR_REMOTE, 0, 0, "%s", cerr[0] ? cerr : curl_easy_strerror(rc));
}

static long elapsed_ms(const struct timespec *since) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static struct curl_slist *request_headers(const SilaFetchRequest *req, bool *nomem) {
  if (!req->accept)
    return NULL;
  SilaBuf line = SILA_BUF_INIT;
  struct curl_slist *hdr = NULL;
  if (sila_buf_puts(&line, "Accept: ") || sila_buf_puts(&line, req->accept) ||
      !(hdr = curl_slist_append(NULL, line.data)))
    *nomem = true;
  sila_buf_free(&line);
  return hdr;
}

static struct curl_slist *connect_list(const SilaFetchPolicy *p, bool *nomem) {
  struct curl_slist *conn = NULL;
  for (size_t i = 0; i < p->nconnect_to; i++) {
    if (!p->connect_to[i])
      continue;
    struct curl_slist *n = curl_slist_append(conn, p->connect_to[i]);
    if (!n) {
      *nomem = true;
      break;
    }
    conn = n;
  }
  return conn;
}

SilaStatus sila_fetch(const SilaFetchPolicy *policy, const SilaFetchRequest *req,
                      SilaFetchResponse *resp, SilaError *err) {
  memset(resp, 0, sizeof *resp);
  if (!sila_fetch_url_allowed(policy, req->url))
    return sila_error_set(err, SILA_ERR_DENIED, 0, 0, "<%s> is not in the allow-list", req->url);
  pthread_once(&curl_once, curl_init_once);
  Transfer t = {.policy = policy, .req = req, .resp = resp};
  t.max = policy->max_bytes ? policy->max_bytes : SILA_FETCH_DEFAULT_MAX_BYTES;
  double per_call = policy->timeout > 0 ? policy->timeout : SILA_FETCH_DEFAULT_TIMEOUT;
  bool nomem = false;
  struct curl_slist *hdr = request_headers(req, &nomem);
  struct curl_slist *conn = connect_list(policy, &nomem);
  t.h = nomem ? NULL : curl_easy_init();
  resp->url = strdup(req->url);
  SilaStatus st = SILA_OK;
  if (!t.h || !resp->url) {
    st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    goto done;
  }
  bool post = req->form != NULL;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (unsigned hops = 0;; hops++) {
    long ms = (long)(per_call * 1000);
    long left = req->deadline_ms > 0 ? req->deadline_ms - elapsed_ms(&start) : 0;
    if (req->deadline_ms > 0 && left <= 0) {
      resp->deadline_hit = true;
      st = sila_error_set(err, SILA_ERR_TIMEOUT, 0, 0, "the deadline passed");
      goto done;
    }
    bool by_deadline = req->deadline_ms > 0 && left < ms;
    if (by_deadline)
      ms = left;
    if (ms < 1)
      ms = 1;
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_reset(t.h);
    set_options(&t, resp->url, post, ms, hdr, conn, cerr);
    CURLcode rc = curl_easy_perform(t.h);
    if (t.headers_nomem) {
      st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
      goto done;
    }
    if (rc != CURLE_OK) {
      st = transfer_error(&t, rc, by_deadline, ms, cerr, err);
      goto done;
    }
    curl_easy_getinfo(t.h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (!is_redirect(resp->status))
      goto done;
    char *loc = NULL;
    curl_easy_getinfo(t.h, CURLINFO_REDIRECT_URL, &loc);
    if (!loc) {
      st = sila_error_set(err, SILA_ERR_REMOTE, 0, 0, "HTTP %ld without a location", resp->status);
      goto done;
    }
    if (hops >= policy->max_redirects) {
      st = sila_error_set(err, SILA_ERR_REMOTE, 0, 0,
                          "redirected (HTTP %ld) and redirects are not followed", resp->status);
      goto done;
    }
    if (!sila_fetch_url_allowed(policy, loc)) {
      st = sila_error_set(err, SILA_ERR_DENIED, 0, 0, "redirect to <%s> is not in the allow-list",
                          loc);
      goto done;
    }
    char *next = strdup(loc);
    if (!next) {
      st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
      goto done;
    }
    free(resp->url);
    resp->url = next;
    /* 307/308 keep the method; the others turn a POST into a GET */
    if (resp->status != 307 && resp->status != 308)
      post = false;
  }
done:
  curl_slist_free_all(hdr);
  curl_slist_free_all(conn);
  if (t.h)
    curl_easy_cleanup(t.h);
  return st;
}

void sila_fetch_response_clear(SilaFetchResponse *resp) {
  if (!resp)
    return;
  free(resp->url);
  free(resp->content_type);
  free(resp->link);
  memset(resp, 0, sizeof *resp);
}
