/* exec_service.c — SERVICE: federated query over the SPARQL 1.1 Protocol.
 *
 * A SERVICE node is evaluated with its seed row (the executor joins it by
 * nested loop): the variables of the pattern the seed binds go to the
 * remote side as a VALUES block after the WHERE clause, which is the
 * spec's Join(pattern, VALUES), so the remote side returns only what can
 * join.  The sub-query is `SELECT * WHERE { text }` with the request's
 * PREFIX and BASE in front (the node's text keeps prefixed names).
 *
 * A public server must not become a proxy: calls go through base/'s one
 * client and policy (sila_fetch.h: the allow-list, the address guard on
 * every connection, redirects checked hop by hop, size and time caps
 * within the query's deadline); a query makes a bounded number of calls,
 * and identical calls are answered from a per-query cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_alloc.h"
#include "exec_internal.h"
#include "sila_fetch.h"
#include "sila_iri.h"
#include "sila_results.h"
#include "sila_results_internal.h"

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

/* ---- HTTP: base/'s one client and policy (sila_fetch.h) -------------------- */

/* Milliseconds left before the query's deadline: 0 when it has none, -1
 * when it has passed. */
static long deadline_left_ms(SilaExec *ex) {
  if (!ex->has_deadline)
    return 0;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long ms = (long)(ex->deadline.tv_sec - now.tv_sec) * 1000 +
            (ex->deadline.tv_nsec - now.tv_nsec) / 1000000;
  return ms > 0 ? ms : -1;
}

/* The fetch policy of a query's SERVICE calls. */
static SilaFetchPolicy service_policy(const SilaExecOptions *o) {
  SilaFetchPolicy p = {.allow = o->service_allow,
                       .nallow = o->nservice_allow,
                       .allow_private = o->service_allow_private,
                       .max_redirects = o->service_max_redirects,
                       .timeout = o->service_timeout,
                       .max_bytes = o->service_max_bytes ? o->service_max_bytes
                                                         : SERVICE_DEFAULT_MAX_BYTES,
                       .connect_to = o->service_connect_to,
                       .nconnect_to = o->nservice_connect_to};
  return p;
}

static bool endpoint_allowed(const SilaExecOptions *o, const char *url) {
  SilaFetchPolicy p = service_policy(o);
  return sila_fetch_url_allowed(&p, url);
}

/* Sends `query` to `endpoint`; on success *out is the parsed result set.
 * Fills `msg` and returns the status on failure. */
static SilaStatus http_query(SilaExec *ex, const char *endpoint, const char *query,
                             SilaResultSet **out, char *msg, size_t msglen) {
  const SilaExecOptions *o = &ex->opt;
  SilaBuf enc = SILA_BUF_INIT, url = SILA_BUF_INIT, form = SILA_BUF_INIT, body = SILA_BUF_INIT;
  SilaFetchResponse resp = {0};
  SilaStatus st;
  long left = deadline_left_ms(ex);
  if (left < 0) {
    st = SILA_ERR_TIMEOUT;
    snprintf(msg, msglen, "query timed out after %.1f s", o->timeout);
    goto done;
  }
  if (sila_buf_put_url_encoded(&enc, query, strlen(query)) || sila_buf_putc(&enc, '\0')) {
    st = SILA_ERR_NOMEM;
    snprintf(msg, msglen, "out of memory");
    goto done;
  }
  enc.len--; /* the NUL only makes enc.data a string when the query is empty */
  bool post = strlen(endpoint) + enc.len + 8 > SERVICE_MAX_GET_URL;
  if (sila_buf_puts(&url, endpoint) ||
      (!post && (sila_buf_putc(&url, strchr(endpoint, '?') ? '&' : '?') ||
                 sila_buf_puts(&url, "query=") || sila_buf_append(&url, enc.data, enc.len))) ||
      (post && (sila_buf_puts(&form, "query=") || sila_buf_append(&form, enc.data, enc.len)))) {
    st = SILA_ERR_NOMEM;
    snprintf(msg, msglen, "out of memory");
    goto done;
  }
  SilaFetchPolicy policy = service_policy(o);
  SilaFetchRequest req = {
      .url = url.data,
      .accept = "application/sparql-results+json, application/sparql-results+xml;q=0.9",
      .user_agent = "sila-service/1",
      .form = post ? form.data : NULL,
      .form_len = form.len,
      .sink = sila_buf_sink,
      .sink_ctx = &body,
      .deadline_ms = left,
      .interrupted = &ex->interrupted};
  SilaError ferr = {0};
  st = sila_fetch(&policy, &req, &resp, &ferr);
  /* the endpoint as written, or where a redirect led */
  const char *target = resp.url && strcmp(resp.url, url.data) ? resp.url : endpoint;
  if (st != SILA_OK) {
    if (st == SILA_ERR_INTERRUPTED)
      snprintf(msg, msglen, "query interrupted");
    else if (st == SILA_ERR_TIMEOUT && resp.deadline_hit)
      snprintf(msg, msglen, "query timed out after %.1f s", o->timeout);
    else if (st == SILA_ERR_TIMEOUT)
      snprintf(msg, msglen, "SERVICE <%s> did not answer within %.1f s", target,
               o->service_timeout > 0 ? o->service_timeout : SILA_FETCH_DEFAULT_TIMEOUT);
    else
      snprintf(msg, msglen, "SERVICE <%s>: %.200s", target, ferr.message);
    goto done;
  }
  if (resp.status < 200 || resp.status >= 300) {
    st = SILA_ERR_REMOTE;
    int show = body.len > 200 ? 200 : (int)body.len;
    snprintf(msg, msglen, "SERVICE <%s>: HTTP %ld %.*s", target, resp.status, show,
             body.data ? body.data : "");
    goto done;
  }
  const char *ctype = resp.content_type;
  SilaResultFormat fmt = ctype ? sila_results_format_from_mime(ctype) : SILA_RESULTS_UNKNOWN;
  if (fmt == SILA_RESULTS_UNKNOWN) {
    const char *p = body.data ? body.data : "";
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
  st = sila_results_parse(fmt, body.data ? body.data : "", body.len, out, &perr);
  if (st != SILA_OK) {
    if (st != SILA_ERR_NOMEM)
      st = SILA_ERR_REMOTE;
    snprintf(msg, msglen, "SERVICE <%s>: malformed results: %.160s", target, perr.message);
  }
done:
  sila_fetch_response_clear(&resp);
  sila_buf_free(&body);
  sila_buf_free(&enc);
  sila_buf_free(&url);
  sila_buf_free(&form);
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

/* A remote answer's term as an ID of this query.  Blank nodes are fresh
 * per call (the remote side's labels mean nothing here), the same label
 * being the same node within the call; a triple term (kept as its
 * N-Triples text in the result set) is made of its parts' IDs, so it joins
 * with the store's own triple terms and SUBJECT() and the rest see its
 * parts.  0 on failure: ex->status set, or left 0 for a malformed term. */
static SilaId remote_term_id(SilaExec *ex, const SilaTerm *t, unsigned serial, int depth) {
  if (t->kind == SILA_RESULTS_TERM_TRIPLE) {
    SilaTerm parts[3];
    char *text = NULL;
    SilaId ids[3] = {0, 0, 0};
    if (depth < SILA_TRIPLE_DEPTH_MAX &&
        !sila_results_triple_split(t->value, t->value_len, parts, &text))
      for (int k = 0; k < 3; k++)
        if (!(ids[k] = remote_term_id(ex, &parts[k], serial, depth + 1)))
          break;
    free(text);
    return ids[0] && ids[1] && ids[2] ? exec_triple_id(ex, ids[0], ids[1], ids[2]) : 0;
  }
  if (t->kind != SILA_TERM_IRI && t->kind != SILA_TERM_BLANK && t->kind != SILA_TERM_LITERAL)
    return 0;
  SilaTerm term = *t;
  char label[64];
  if (t->kind == SILA_TERM_BLANK) {
    /* a long label by its hash, so that two long labels stay two nodes */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < t->value_len; i++)
      h = (h ^ (unsigned char)t->value[i]) * 1099511628211ULL;
    if (t->value_len > 40)
      snprintf(label, sizeof label, "svc%u.h%016llx", serial, (unsigned long long)h);
    else
      snprintf(label, sizeof label, "svc%u.%.*s", serial, (int)t->value_len, t->value);
    term = sila_term_blank(label);
  }
  return exec_term_id(ex, &term);
}

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
      SilaId id = remote_term_id(ex, t, serial, 0);
      if (!id) {
        st = ex->status ? ex->status : SILA_ERR_REMOTE;
        if (st == SILA_ERR_REMOTE)
          snprintf(msg, msglen, "SERVICE <%s>: a term Sila cannot hold", endpoint);
        else
          snprintf(msg, msglen, "%s", ex->errmsg);
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
                 (st == SILA_ERR_TIMEOUT && deadline_left_ms(ex) < 0);
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
  } else if (!endpoint_allowed(&ex->opt, endpoint)) {
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
