/* exec_service.c — SERVICE: federated query over the SPARQL 1.1 Protocol.
 *
 * A SERVICE node is evaluated with its seed row (the executor joins it by
 * nested loop): the variables of the pattern the seed binds go to the
 * remote side as a VALUES block after the WHERE clause, which is the
 * spec's Join(pattern, VALUES), so the remote side returns only what can
 * join.  The sub-query is `SELECT * WHERE { text }` with the request's
 * PREFIX and BASE in front (the node's text keeps prefixed names).
 *
 * A public server must not become a proxy: no call at all unless the
 * options' allow-list has a prefix of the endpoint; every connection's
 * resolved address is checked when the socket is opened (so DNS cannot
 * point an allowed name into the private network); redirects are followed
 * by hand, each one checked again; responses are capped in size and time
 * (within the query's deadline); a query makes a bounded number of calls,
 * and identical calls are answered from a per-query cache. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sila_alloc.h"
#include "exec_internal.h"
#include "sila_results.h"

#define SERVICE_DEFAULT_TIMEOUT 30.0
#define SERVICE_DEFAULT_MAX_BYTES ((size_t)16 << 20)
#define SERVICE_DEFAULT_MAX_CALLS 1000u
#define SERVICE_MAX_GET_URL 2000 /* longer requests go as a POST form */

/* One answered call, kept for the query's life in its arena. */
typedef struct CacheEntry {
  struct CacheEntry *next;
  char *key;    /* endpoint "\n" query */
  SilaId *rows; /* nrows x nvars; 0 = unbound */
  size_t nrows;
} CacheEntry;

/* Per-execution state (ex->service, allocated in ex->arena). */
typedef struct {
  unsigned calls;
  CacheEntry *cache;
} ServiceState;

/* ---- addresses and URLs ----------------------------------------------------- */

static bool v4_private(uint32_t a) {
  return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 || (a >> 20) == 0xAC1 ||
         (a >> 16) == 0xC0A8 || (a >> 16) == 0xA9FE ||
         (a >> 22) == (100u << 2 | 1) /* 100.64/10 */ || a == 0xFFFFFFFFu;
}

bool exec_service_private_address(const struct sockaddr *sa) {
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

bool exec_service_url_allowed(const char *const *allow, size_t nallow, const char *url) {
  if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
    return false;
  for (const char *p = url; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == '\\' || (unsigned char)*p == 0x7f)
      return false;
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

/* ---- HTTP ------------------------------------------------------------------- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct {
  SilaExec *ex;
  SilaBuf body;
  size_t max;
  bool too_big;
  bool refused_addr;
  char refused[INET6_ADDRSTRLEN];
} Call;

static size_t on_body(char *buf, size_t size, size_t nitems, void *ud) {
  Call *c = ud;
  size_t n = size * nitems;
  if (c->body.len + n > c->max) {
    c->too_big = true;
    return 0; /* aborts the transfer */
  }
  return sila_buf_append(&c->body, buf, n) ? 0 : n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  (void)dt, (void)dn, (void)ut, (void)un;
  Call *c = ud;
  return atomic_load(&c->ex->interrupted) ? 1 : 0;
}

/* Every connection curl opens passes here: the resolved address is what
 * is checked, not the name. */
static curl_socket_t on_open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a) {
  (void)purpose;
  Call *c = ud;
  if (!c->ex->opt.service_allow_private && exec_service_private_address(&a->addr)) {
    c->refused_addr = true;
    const void *raw = a->family == AF_INET
                          ? (const void *)&((struct sockaddr_in *)&a->addr)->sin_addr
                          : (const void *)&((struct sockaddr_in6 *)&a->addr)->sin6_addr;
    if ((a->family != AF_INET && a->family != AF_INET6) ||
        !inet_ntop(a->family, raw, c->refused, sizeof c->refused))
      snprintf(c->refused, sizeof c->refused, "?");
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

/* Milliseconds left before the query's deadline (LONG_MAX when none). */
static long deadline_left_ms(SilaExec *ex) {
  if (!ex->has_deadline)
    return 0x7fffffffL;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (long)(ex->deadline.tv_sec - now.tv_sec) * 1000 +
            (ex->deadline.tv_nsec - now.tv_nsec) / 1000000;
  return ms;
}

static void url_encode(SilaBuf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      sila_buf_putc(b, (char)ch);
    } else {
      char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
      sila_buf_append(b, e, 3);
    }
  }
}

/* Sends `query` to `endpoint`; on success *out is the parsed result set.
 * Fills `msg` and returns the status on failure. */
static SilaStatus http_query(SilaExec *ex, const char *endpoint, const char *query,
                             SilaResultSet **out, char *msg, size_t msglen) {
  const SilaExecOptions *o = &ex->opt;
  pthread_once(&curl_once, curl_init_once);
  SilaStatus st = SILA_OK;
  SilaBuf enc = SILA_BUF_INIT, url = SILA_BUF_INIT;
  url_encode(&enc, query, strlen(query));
  char *target = sila_strdup(endpoint);
  Call c = {.ex = ex, .body = SILA_BUF_INIT};
  c.max = o->service_max_bytes ? o->service_max_bytes : SERVICE_DEFAULT_MAX_BYTES;
  CURL *h = curl_easy_init();
  struct curl_slist *hdr = curl_slist_append(
      NULL, "Accept: application/sparql-results+json, application/sparql-results+xml;q=0.9");
  struct curl_slist *conn = NULL;
  for (size_t i = 0; i < o->nservice_connect_to; i++) {
    struct curl_slist *n = curl_slist_append(conn, o->service_connect_to[i]);
    if (!n) {
      curl_slist_free_all(hdr);
      hdr = NULL; /* reported as out of memory below */
      break;
    }
    conn = n;
  }
  if (!h || !hdr || !target || sila_buf_failed(&enc)) {
    st = SILA_ERR_NOMEM;
    snprintf(msg, msglen, "out of memory");
    goto done;
  }
  bool post = strlen(endpoint) + enc.len + 8 > SERVICE_MAX_GET_URL;
  bool raw = false; /* GET of a redirect's location as given */
  double per_call = o->service_timeout > 0 ? o->service_timeout : SERVICE_DEFAULT_TIMEOUT;
  for (unsigned hops = 0;; hops++) {
    long left = deadline_left_ms(ex);
    if (left <= 0) {
      st = SILA_ERR_TIMEOUT;
      snprintf(msg, msglen, "query timed out after %.1f s", o->timeout);
      goto done;
    }
    long ms = (long)(per_call * 1000);
    bool by_deadline = left < ms;
    if (by_deadline)
      ms = left;
    if (ms < 1)
      ms = 1;
    url.len = 0;
    sila_buf_puts(&url, target);
    if (!post && !raw) {
      sila_buf_putc(&url, strchr(target, '?') ? '&' : '?');
      sila_buf_puts(&url, "query=");
      sila_buf_append(&url, enc.data ? enc.data : "", enc.len);
    }
    sila_buf_putc(&url, '\0');
    if (sila_buf_failed(&url)) {
      st = SILA_ERR_NOMEM;
      snprintf(msg, msglen, "out of memory");
      goto done;
    }
    curl_easy_reset(h);
    c.body.len = 0;
    c.too_big = c.refused_addr = false;
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url.data);
    SilaBuf form = SILA_BUF_INIT;
    if (post) {
      sila_buf_puts(&form, "query=");
      sila_buf_append(&form, enc.data ? enc.data : "", enc.len);
      if (sila_buf_failed(&form)) {
        sila_buf_free(&form);
        st = SILA_ERR_NOMEM;
        snprintf(msg, msglen, "out of memory");
        goto done;
      }
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.data);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)form.len);
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &c);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &c);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "sila-service/1");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    /* A proxy would be the address checked instead of the endpoint's. */
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_PROXY, "");
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c.max);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    if (conn)
      curl_easy_setopt(h, CURLOPT_CONNECT_TO, conn);
    CURLcode rc = curl_easy_perform(h);
    sila_buf_free(&form);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (rc != CURLE_OK) {
      if (atomic_load(&ex->interrupted)) {
        st = SILA_ERR_INTERRUPTED;
        snprintf(msg, msglen, "query interrupted");
      } else if (c.refused_addr) {
        st = SILA_ERR_DENIED;
        snprintf(msg, msglen, "SERVICE <%s>: address %s is private or loopback (refused)", target,
                 c.refused);
      } else if (c.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        st = SILA_ERR_LIMIT;
        snprintf(msg, msglen, "SERVICE <%s>: response larger than %zu bytes", target, c.max);
      } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        st = SILA_ERR_TIMEOUT;
        if (by_deadline)
          snprintf(msg, msglen, "query timed out after %.1f s", o->timeout);
        else
          snprintf(msg, msglen, "SERVICE <%s> did not answer within %.1f s", target, per_call);
      } else {
        st = SILA_ERR_REMOTE;
        snprintf(msg, msglen, "SERVICE <%s>: %s", target, cerr[0] ? cerr : curl_easy_strerror(rc));
      }
      goto done;
    }
    if (code >= 300 && code < 400) {
      char *loc = NULL;
      curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
      if (!loc) {
        st = SILA_ERR_REMOTE;
        snprintf(msg, msglen, "SERVICE <%s>: HTTP %ld without a location", target, code);
        goto done;
      }
      if (hops >= o->service_max_redirects) {
        st = SILA_ERR_REMOTE;
        snprintf(msg, msglen, "SERVICE <%s>: redirected (HTTP %ld) and redirects are not followed",
                 target, code);
        goto done;
      }
      if (!exec_service_url_allowed(o->service_allow, o->nservice_allow, loc)) {
        st = SILA_ERR_DENIED;
        snprintf(msg, msglen, "SERVICE <%s>: redirect to <%s> is not in the allow-list", target,
                 loc);
        goto done;
      }
      char *next = sila_strdup(loc);
      if (!next) {
        st = SILA_ERR_NOMEM;
        snprintf(msg, msglen, "out of memory");
        goto done;
      }
      free(target);
      target = next;
      /* 307/308 keep the method; the others turn a POST into a GET of the
       * new location, which then carries its own query string. */
      if (!post || (code != 307 && code != 308))
        post = false, raw = true;
      continue;
    }
    if (code < 200 || code >= 300) {
      st = SILA_ERR_REMOTE;
      int show = c.body.len > 200 ? 200 : (int)c.body.len;
      snprintf(msg, msglen, "SERVICE <%s>: HTTP %ld %.*s", target, code, show,
               c.body.data ? c.body.data : "");
      goto done;
    }
    char *ctype = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype);
    SilaResultFormat fmt = ctype ? sila_results_format_from_mime(ctype) : SILA_RESULTS_UNKNOWN;
    if (fmt == SILA_RESULTS_UNKNOWN) {
      const char *p = c.body.data ? c.body.data : "";
      while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
      fmt = *p == '{' ? SILA_RESULTS_JSON : *p == '<' ? SILA_RESULTS_XML : SILA_RESULTS_UNKNOWN;
    }
    if (fmt == SILA_RESULTS_UNKNOWN) {
      st = SILA_ERR_REMOTE;
      snprintf(msg, msglen, "SERVICE <%s>: answer is not SPARQL results (%s)", target,
               ctype ? ctype : "no content type");
      goto done;
    }
    SilaError perr = {0};
    st = sila_results_parse(fmt, c.body.data ? c.body.data : "", c.body.len, out, &perr);
    if (st != SILA_OK) {
      if (st != SILA_ERR_NOMEM)
        st = SILA_ERR_REMOTE;
      snprintf(msg, msglen, "SERVICE <%s>: malformed results: %.160s", target, perr.message);
    }
    goto done;
  }
done:
  curl_slist_free_all(hdr);
  curl_slist_free_all(conn);
  if (h)
    curl_easy_cleanup(h);
  sila_buf_free(&c.body);
  sila_buf_free(&enc);
  sila_buf_free(&url);
  free(target);
  return st;
}

/* ---- the sub-query ------------------------------------------------------------ */

/* Calls fn for each ?var / $var of a pattern's source text, skipping
 * IRIs, strings and comments. */
static void text_vars(const char *s, size_t n, void (*fn)(void *, const char *, size_t), void *ud) {
  size_t i = 0;
  while (i < n) {
    char ch = s[i];
    if (ch == '#') {
      while (i < n && s[i] != '\n')
        i++;
    } else if (ch == '"' || ch == '\'') {
      bool lng = i + 2 < n && s[i + 1] == ch && s[i + 2] == ch;
      i += lng ? 3 : 1;
      while (i < n) {
        if (s[i] == '\\') {
          i += 2;
        } else if (s[i] == ch && (!lng || (i + 2 < n && s[i + 1] == ch && s[i + 2] == ch))) {
          i += lng ? 3 : 1;
          break;
        } else {
          i++;
        }
      }
    } else if (ch == '<') {
      /* An IRI has no blanks, quotes or braces; otherwise it is "<". */
      size_t j = i + 1;
      while (j < n && s[j] != '>' && !strchr(" \t\r\n\"{}|^`", s[j]))
        j++;
      i = j < n && s[j] == '>' ? j + 1 : i + 1;
    } else if (ch == '?' || ch == '$') {
      size_t j = i + 1;
      while (j < n && ((unsigned char)s[j] >= 0x80 || s[j] == '_' || (s[j] >= 'a' && s[j] <= 'z') ||
                       (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
        j++;
      while (j > i + 1 && s[j - 1] == '.') /* "?x." ends a triple */
        j--;
      if (j > i + 1)
        fn(ud, s + i + 1, j - i - 1);
      i = j;
    } else {
      i++;
    }
  }
}

typedef struct {
  SilaExec *ex;
  const SilaId *seed;
  int32_t *vars; /* bound variables to send */
  size_t n;
  bool *in_pattern; /* per query variable: written in the pattern */
} ValuesVars;

static void add_bound_var(void *ud, const char *name, size_t len) {
  ValuesVars *v = ud;
  int32_t idx = sila_query_var_lookup(v->ex->q, name, len);
  if (idx < 0 || (size_t)idx >= v->ex->nvars)
    return;
  v->in_pattern[idx] = true;
  if (!v->seed[idx])
    return;
  for (size_t i = 0; i < v->n; i++)
    if (v->vars[i] == idx)
      return;
  v->vars[v->n++] = idx;
}

/* The query text: prologue, SELECT * WHERE { text }, and the VALUES of
 * the seed's bindings of the pattern's variables; in_pattern[nvars] gets
 * the variables the pattern names. */
static SilaStatus build_query(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, SilaBuf *b,
                              bool *in_pattern) {
  const char *base = sila_query_base(ex->q);
  if (base)
    sila_buf_printf(b, "BASE <%s>\n", base);
  size_t np = 0;
  const SilaQueryPrefix *pre = sila_query_prefixes(ex->q, &np);
  for (size_t i = 0; i < np; i++)
    sila_buf_printf(b, "PREFIX %.*s: <%.*s>\n", (int)pre[i].name_len, pre[i].name,
                    (int)pre[i].iri_len, pre[i].iri);
  sila_buf_puts(b, "SELECT * WHERE ");
  sila_buf_append(b, alg->text, alg->text_len);
  ValuesVars v = {.ex = ex,
                  .seed = seed,
                  .vars = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof(int32_t)),
                  .in_pattern = in_pattern};
  if (!v.vars)
    return SILA_ERR_NOMEM;
  text_vars(alg->text, alg->text_len, add_bound_var, &v);
  if (v.n) {
    sila_buf_puts(b, "\nVALUES (");
    for (size_t i = 0; i < v.n; i++)
      sila_buf_printf(b, "%s?%s", i ? " " : "", sila_query_var(ex->q, v.vars[i])->name);
    sila_buf_puts(b, ") { (");
    for (size_t i = 0; i < v.n; i++) {
      SilaTerm t;
      char buf[SILA_TERM_BUF];
      SilaStatus st = exec_term(ex, seed[v.vars[i]], &t, buf);
      if (st != SILA_OK) {
        free(v.vars);
        return st;
      }
      if (i)
        sila_buf_putc(b, ' ');
      /* A local blank node means nothing to the remote side: the local
       * join keeps the seed's value, the remote side is not restricted. */
      if (t.kind == SILA_TERM_BLANK)
        sila_buf_puts(b, "UNDEF");
      else
        sila_buf_put_term_nt(b, &t);
    }
    sila_buf_puts(b, ") }");
  }
  free(v.vars);
  sila_buf_putc(b, '\n');
  return sila_buf_failed(b) ? SILA_ERR_NOMEM : SILA_OK; /* the buffer kept any failure */
}

/* ---- evaluation ---------------------------------------------------------------- */

/* The rows of a call in the arena (cached), with query variable indexes. */
static SilaStatus remote_rows(SilaExec *ex, const char *endpoint, const char *query,
                              const bool *in_pattern, CacheEntry **out, char *msg, size_t msglen) {
  ServiceState *s = ex->service;
  if (!s) {
    s = ex->service = sila_arena_calloc(ex->arena, 1, sizeof *s);
    if (!s)
      return SILA_ERR_NOMEM;
  }
  size_t elen = strlen(endpoint), qlen = strlen(query);
  for (CacheEntry *e = s->cache; e; e = e->next)
    if (!strncmp(e->key, endpoint, elen) && e->key[elen] == '\n' &&
        !strcmp(e->key + elen + 1, query)) {
      *out = e;
      return SILA_OK;
    }
  unsigned max_calls =
      ex->opt.service_max_calls ? ex->opt.service_max_calls : SERVICE_DEFAULT_MAX_CALLS;
  if (s->calls >= max_calls) {
    snprintf(msg, msglen, "SERVICE: more than %u remote calls in one query", max_calls);
    return SILA_ERR_LIMIT;
  }
  unsigned serial = ++s->calls;
  SilaResultSet *rs = NULL;
  SilaStatus st = http_query(ex, endpoint, query, &rs, msg, msglen);
  if (st != SILA_OK)
    return st;
  CacheEntry *e = sila_arena_calloc(ex->arena, 1, sizeof *e);
  char *key = sila_arena_alloc(ex->arena, elen + qlen + 2);
  int32_t *col = sila_calloc(rs->nvars ? rs->nvars : 1, sizeof *col);
  size_t w = ex->nvars ? ex->nvars : 1;
  size_t nrows = rs->is_boolean ? (rs->boolean ? 1 : 0) : rs->nrows;
  if (!e || !key || !col) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  if ((st = exec_mem(ex, nrows * w * sizeof(SilaId))) != SILA_OK) {
    snprintf(msg, msglen, "%s", ex->errmsg);
    goto done;
  }
  e->rows = sila_arena_calloc(ex->arena, nrows ? nrows * w : 1, sizeof(SilaId));
  if (!e->rows) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  for (size_t c = 0; c < rs->nvars; c++) {
    col[c] = sila_query_var_lookup(ex->q, rs->vars[c], rs->var_lens[c]);
    /* Only the pattern's own variables: a remote answer must not bind
     * hidden variables or variables of the rest of the query. */
    if (col[c] >= 0 && ((size_t)col[c] >= ex->nvars || !in_pattern[col[c]] ||
                        sila_query_var(ex->q, col[c])->hidden))
      col[c] = -1;
  }
  for (size_t r = 0; r < nrows && !rs->is_boolean; r++) {
    SilaId *row = e->rows + r * w;
    for (size_t c = 0; c < rs->nvars; c++) {
      const SilaTerm *t = sila_results_set_get(rs, r, c);
      if (!t || col[c] < 0)
        continue;
      if (t->kind != SILA_TERM_IRI && t->kind != SILA_TERM_BLANK && t->kind != SILA_TERM_LITERAL) {
        st = SILA_ERR_REMOTE;
        snprintf(msg, msglen, "SERVICE <%s>: a term Sila cannot hold (triple term)", endpoint);
        goto done;
      }
      SilaTerm term = *t;
      char label[96];
      if (t->kind == SILA_TERM_BLANK) {
        /* Fresh per call: the remote side's labels mean nothing here. */
        snprintf(label, sizeof label, "svc%u.%.*s", serial,
                 (int)(t->value_len > 60 ? 60 : t->value_len), t->value);
        if (t->value_len > 60)
          snprintf(label, sizeof label, "svc%u.r%zu.c%zu", serial, r, c);
        term = sila_term_blank(label);
      }
      SilaId id = exec_term_id(ex, &term);
      if (!id) {
        st = ex->status ? ex->status : SILA_ERR_NOMEM;
        goto done;
      }
      row[col[c]] = id;
    }
  }
  memcpy(key, endpoint, elen);
  key[elen] = '\n';
  memcpy(key + elen + 1, query, qlen + 1);
  e->key = key;
  e->nrows = nrows;
  e->next = s->cache;
  s->cache = e;
  *out = e;
done:
  if (st == SILA_ERR_NOMEM)
    snprintf(msg, msglen, "out of memory");
  free(col);
  sila_results_set_free(rs);
  return st;
}

static SilaStatus service_call(SilaExec *ex, const SilaAlg *alg, const SilaId *seed,
                               const CacheEntry **out, char *msg, size_t msglen);

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  SilaId *seed;
  const CacheEntry *rows;
  size_t pos;
  bool started, single;
} ServiceIter;

static int service_next(Iter *it, SilaId *out) {
  ServiceIter *s = (ServiceIter *)it;
  SilaExec *ex = s->ex;
  if (!s->started) {
    s->started = true;
    char msg[sizeof ex->errmsg];
    SilaStatus st = service_call(ex, s->alg, s->seed, &s->rows, msg, sizeof msg);
    if (st != SILA_OK) {
      /* SILENT hides the service's failure, not the query's own deadline
       * or interruption. */
      bool own = st == SILA_ERR_INTERRUPTED || st == SILA_ERR_NOMEM ||
                 (st == SILA_ERR_TIMEOUT && deadline_left_ms(ex) <= 0);
      if (!s->alg->silent || own)
        return exec_fail(ex, st, "%s", msg);
      s->single = true;
    }
  }
  if (s->single) {
    s->single = false;
    s->rows = NULL;
    s->pos = 1;
    row_copy(ex, out, s->seed);
    return 1;
  }
  while (s->rows && s->pos < s->rows->nrows) {
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
    row_copy(ex, out, s->seed);
    const SilaId *r = s->rows->rows + s->pos++ * (ex->nvars ? ex->nvars : 1);
    if (row_merge(ex, out, r))
      return 1;
  }
  return 0;
}

static void service_free(Iter *it) {
  ServiceIter *s = (ServiceIter *)it;
  free(s->seed);
  free(s);
}

static SilaStatus service_call(SilaExec *ex, const SilaAlg *alg, const SilaId *seed,
                               const CacheEntry **out, char *msg, size_t msglen) {
  *out = NULL;
  SilaTerm ep;
  char buf[SILA_TERM_BUF];
  if (alg->name.var >= 0) {
    SilaId id = (size_t)alg->name.var < ex->nvars ? seed[alg->name.var] : 0;
    const SilaVar *v = sila_query_var(ex->q, alg->name.var);
    if (!id) {
      snprintf(msg, msglen, "SERVICE ?%s: the variable is not bound by earlier patterns",
               v ? v->name : "");
      return SILA_ERR_INVALID;
    }
    if (exec_term(ex, id, &ep, buf) != SILA_OK || ep.kind != SILA_TERM_IRI) {
      snprintf(msg, msglen, "SERVICE ?%s: the variable is not bound to an IRI", v ? v->name : "");
      return SILA_ERR_INVALID;
    }
  } else {
    ep = alg->name.term;
  }
  char *endpoint = sila_strndup(ep.value, ep.value_len);
  if (!endpoint) {
    snprintf(msg, msglen, "out of memory");
    return SILA_ERR_NOMEM;
  }
  SilaStatus st;
  SilaBuf q = SILA_BUF_INIT;
  bool *in_pattern = NULL;
  if (!ex->opt.service_allow || !ex->opt.nservice_allow) {
    st = SILA_ERR_DENIED;
    snprintf(msg, msglen,
             "SERVICE <%s>: federated queries are disabled on this server (no endpoint is allowed)",
             endpoint);
  } else if (!exec_service_url_allowed(ex->opt.service_allow, ex->opt.nservice_allow, endpoint)) {
    st = SILA_ERR_DENIED;
    snprintf(msg, msglen, "SERVICE <%s>: endpoint not in the allow-list", endpoint);
  } else if (!(in_pattern = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *in_pattern)) ||
             (st = build_query(ex, alg, seed, &q, in_pattern)) != SILA_OK) {
    st = SILA_ERR_NOMEM;
    snprintf(msg, msglen, "out of memory");
  } else {
    CacheEntry *e = NULL;
    st = remote_rows(ex, endpoint, q.data, in_pattern, &e, msg, msglen);
    *out = e;
  }
  free(in_pattern);
  sila_buf_free(&q);
  free(endpoint);
  return st;
}

Iter *exec_service(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag) {
  (void)ag; /* the remote side has its own dataset */
  ServiceIter *s = exec_iter_new(sizeof *s, service_next, service_free);
  if (!s || !(s->seed = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof(SilaId)))) {
    free(s);
    return NULL;
  }
  s->ex = ex;
  s->alg = alg;
  row_copy(ex, s->seed, seed);
  return &s->it;
}
