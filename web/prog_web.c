/* prog_web.c — routing, the request form's protections and the usage
 * counting of the programme's pages (prog_web.h).
 *
 * The form "Richiedi un dataset" is public, so it has no CSRF token tied to
 * a session; instead:
 *   - a form token issued with the page: issue time + random nonce + HMAC
 *     (SHA-256, a key drawn when the process starts); refused when forged,
 *     older than 2 hours, younger than the minimum fill time (3 s, or
 *     $SILA_FORM_MIN_SECONDS) or already used (replay: used nonces are
 *     remembered in memory);
 *   - a honeypot field ("sito", hidden from people) that must stay empty;
 *   - a rate limit per client address, in memory only: 5 accepted requests
 *     an hour ($SILA_FORM_RATE).  The address is never stored.
 *
 * Usage counting (the rule, also in README): page views and RDF
 * dereferences of /set/{slug} and of /doc/… resources of a dataset's graph,
 * CSV downloads under /files/{slug}/, dumps /dump/{slug}.*, and SPARQL
 * queries per dataset graph {base}/set/{slug} the query READ: the graphs
 * of the quads its scans returned (sila_exec_graphs_read), whether named
 * by FROM/GRAPH or reached through the union default graph, counted once
 * the query has run; a query that read no dataset's graph counts under
 * "*".  A query counts
 * also as SERVICE when its User-Agent names a SPARQL engine that federates
 * (Jena/ARQ, RDF4J, Virtuoso, Comunica, GraphDB, Stardog, Blazegraph,
 * QLever, Oxigraph, Sila's own "sila/") or it carries the header
 * "X-Sila-Federated". */
#define _GNU_SOURCE
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ld_html.h"
#include "prog_web.h"
#include "sila_accept.h"
#include "sila_dump.h"
#include "sila_ld.h"
#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_publish.h"

static const char *base_of(const WebReq *r) {
  return r->web->cfg.base && *r->web->cfg.base ? r->web->cfg.base : SILA_PUBLISH_DEFAULT_BASE;
}

/* ---- usage counting ------------------------------------------------------ */

static bool slug_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.';
}

/* The slugs of the datasets in the store ({base}/set/{slug} graphs), read
 * again every few seconds: requests are checked against this list in
 * memory, so counting a page costs no store access. */
#define KNOWN_TTL 3
static struct {
  pthread_mutex_t mu;
  const SilaStore *store;
  time_t loaded;
  char **slugs;
  SilaId *ids; /* the graph of each slug */
  size_t n;
} K = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, NULL, NULL, 0};

static void known_reload(SilaStore *store, const char *base) {
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn))
    return;
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s/set/", base);
  size_t pl = strlen(prefix), n = 0, cap = 0;
  char **slugs = NULL;
  SilaId *ids = NULL;
  SilaGraphIter *it;
  if (sila_graphs_open(txn, &it) == SILA_OK) {
    SilaId g;
    while (sila_graphs_next(it, &g) == 1) {
      SilaTerm t;
      char tb[SILA_TERM_BUF];
      if (g == SILA_ID_DEFAULT_GRAPH || sila_txn_term(txn, g, &t, tb) ||
          t.value_len <= pl || t.value_len - pl > 120 || memcmp(t.value, prefix, pl) ||
          memchr(t.value + pl, '/', t.value_len - pl))
        continue;
      if (n == cap) {
        size_t nc = cap ? 2 * cap : 32;
        char **grown = realloc(slugs, nc * sizeof *grown);
        if (grown)
          slugs = grown;
        SilaId *grown_ids = realloc(ids, nc * sizeof *grown_ids);
        if (grown_ids)
          ids = grown_ids;
        if (!grown || !grown_ids)
          break;
        cap = nc;
      }
      ids[n] = g;
      if ((slugs[n] = strndup(t.value + pl, t.value_len - pl)))
        n++;
    }
    sila_graphs_free(it);
  }
  sila_txn_abort(txn);
  for (size_t i = 0; i < K.n; i++)
    free(K.slugs[i]);
  free(K.slugs);
  free(K.ids);
  K.slugs = slugs;
  K.ids = ids;
  K.n = n;
  K.store = store;
  K.loaded = time(NULL);
}

static bool graph_exists(WebReq *r, const char *slug, size_t len) {
  pthread_mutex_lock(&K.mu);
  if (K.store != r->web->store || time(NULL) - K.loaded >= KNOWN_TTL)
    known_reload(r->web->store, base_of(r));
  bool found = false;
  for (size_t i = 0; i < K.n && !found; i++)
    found = strlen(K.slugs[i]) == len && !memcmp(K.slugs[i], slug, len);
  pthread_mutex_unlock(&K.mu);
  return found;
}

static bool federated(const WebReq *r) {
  if (web_req_header(r, "X-Sila-Federated"))
    return true;
  const char *ua = web_req_header(r, "User-Agent");
  static const char *const engines[] = {"jena", "arq", "rdf4j", "virtuoso", "comunica",
                                        "graphdb", "stardog", "blazegraph", "qlever",
                                        "oxigraph", "sila/"};
  for (size_t i = 0; ua && i < sizeof engines / sizeof *engines; i++)
    if (strcasestr(ua, engines[i]))
      return true;
  return false;
}

void prog_web_count_query(WebReq *r, SilaExec *ex) {
  const SilaId *graphs;
  bool more;
  size_t n = sila_exec_graphs_read(ex, &graphs, &more), found = 0;
  bool fed = federated(r);
  pthread_mutex_lock(&K.mu);
  if (K.store != r->web->store || time(NULL) - K.loaded >= KNOWN_TTL)
    known_reload(r->web->store, base_of(r));
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < K.n; k++)
      if (K.ids[k] == graphs[i]) {
        sila_usage_count(K.slugs[k], strlen(K.slugs[k]), SILA_USE_SPARQL);
        if (fed)
          sila_usage_count(K.slugs[k], strlen(K.slugs[k]), SILA_USE_SERVICE);
        found++;
        break;
      }
  pthread_mutex_unlock(&K.mu);
  if (!found) {
    sila_usage_count("*", 1, SILA_USE_SPARQL);
    if (fed)
      sila_usage_count("*", 1, SILA_USE_SERVICE);
  }
}

/* The dataset whose graph holds statements about `iri` (its slug into buf). */
static bool dataset_of(SilaTxn *txn, const char *base, const char *iri, char *buf, size_t size) {
  SilaTerm t = sila_term_iri(iri);
  SilaId s;
  if (sila_txn_lookup(txn, &t, &s))
    return false;
  SilaIdQuad pat = {s, SILA_ID_ANY, SILA_ID_ANY, SILA_ID_ANY};
  SilaScan *sc;
  if (sila_scan_open(txn, &pat, 0, &sc))
    return false;
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s/set/", base);
  size_t pl = strlen(prefix);
  SilaIdQuad q;
  bool ok = false;
  SilaId last = 0;
  for (int i = 0; i < 64 && !ok && sila_scan_next(sc, &q) == 1; i++) {
    if (q.g == last || q.g == SILA_ID_DEFAULT_GRAPH)
      continue;
    last = q.g;
    SilaTerm g;
    char gb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.g, &g, gb) || g.value_len <= pl || g.value_len - pl >= size ||
        memcmp(g.value, prefix, pl) || memchr(g.value + pl, '/', g.value_len - pl))
      continue;
    snprintf(buf, size, "%.*s", (int)(g.value_len - pl), g.value + pl);
    ok = true;
  }
  sila_scan_free(sc);
  return ok;
}

void prog_web_observe(WebReq *r) {
  const char *path = r->path;
  bool get = !strcmp(r->method, "GET");
  bool set = !strncmp(path, "/set/", 5),
       doc = !strncmp(path, "/doc/", 5), files = !strncmp(path, "/files/", 7),
       dump = !strncmp(path, "/dump/", 6);
  if ((!set && !doc && !files && !dump) || !get)
    return; /* SPARQL queries are counted once run (prog_web_count_query) */
  const char *base = base_of(r);
  if (files) { /* /files/{slug}/{table}.csv */
    const char *s = path + 7, *slash = strchr(s, '/');
    size_t fl = strlen(path);
    if (slash && fl > 4 && !strcmp(path + fl - 4, ".csv") && graph_exists(r, s, (size_t)(slash - s)))
      sila_usage_count(s, (size_t)(slash - s), SILA_USE_CSV);
  } else if (dump) { /* /dump/{slug}.nt(.gz) | .ttl(.gz) */
    const char *s = path + 6;
    size_t n = 0;
    while (slug_char(s[n]) && s[n] != '.')
      n++;
    if (n && s[n] == '.' && graph_exists(r, s, n))
      sila_usage_count(s, n, SILA_USE_DUMP);
  } else {
    size_t plen = strcspn(r->uri, "?");
    char *raw = strndup(r->uri, plen);
    SilaLdRoute route;
    memset(&route, 0, sizeof route);
    if (raw && sila_ld_route(base, raw, NULL, web_req_header(r, MHD_HTTP_HEADER_ACCEPT),
                             &route) == SILA_OK &&
        route.status == 200) {
      SilaUsageKind kind = route.html ? SILA_USE_VIEW : SILA_USE_RDF;
      char slug[128];
      SilaTxn *txn;
      if (route.kind == SILA_LD_ROUTE_SET && route.slug &&
          graph_exists(r, route.slug, strlen(route.slug))) {
        sila_usage_count(route.slug, strlen(route.slug), kind);
      } else if (route.kind == SILA_LD_ROUTE_DOC && route.iri &&
                 sila_txn_begin_read(r->web->store, &txn) == SILA_OK) {
        /* a resource: the dataset whose graph describes it (one lookup) */
        if (dataset_of(txn, base, route.iri, slug, sizeof slug))
          sila_usage_count(slug, strlen(slug), kind);
        sila_txn_abort(txn);
      }
    }
    sila_ld_route_clear(&route);
    free(raw);
  }
}

/* ---- the form token ------------------------------------------------------ */

#define TOKEN_MAX_AGE 7200
#define USED_MAX 4096

static struct {
  pthread_once_t once;
  unsigned char key[32];
  pthread_mutex_t mu;
  char used[USED_MAX][17]; /* nonces of accepted submissions (ring) */
  size_t used_next;
  struct {
    unsigned char who[32]; /* SHA-256 of the address with the key: not the address */
    time_t start;
    unsigned n;
  } rate[512];
} F = {PTHREAD_ONCE_INIT, {0}, PTHREAD_MUTEX_INITIALIZER, {{0}}, 0, {{{0}, 0, 0}}};

static void key_init(void) {
  if (RAND_bytes(F.key, sizeof F.key) != 1) {
    /* no entropy source: a key from the clock and address space still
     * makes tokens unforgeable from outside in practice */
    unsigned long long seed = (unsigned long long)time(NULL) ^ (unsigned long long)(size_t)&F;
    for (size_t i = 0; i < sizeof F.key; i++)
      F.key[i] = (unsigned char)(seed >> (8 * (i % 8))) ^ (unsigned char)i;
  }
}

static void mac_hex(const char *msg, char out[65]) {
  pthread_once(&F.once, key_init);
  unsigned char md[32];
  unsigned int ml = 0;
  HMAC(EVP_sha256(), F.key, sizeof F.key, (const unsigned char *)msg, strlen(msg), md, &ml);
  for (int i = 0; i < 32; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void token_new(char out[160]) {
  unsigned char nonce[8];
  if (RAND_bytes(nonce, sizeof nonce) != 1)
    memset(nonce, 0, sizeof nonce);
  char msg[64], mac[65];
  snprintf(msg, sizeof msg, "%lld.%02x%02x%02x%02x%02x%02x%02x%02x", (long long)time(NULL),
           nonce[0], nonce[1], nonce[2], nonce[3], nonce[4], nonce[5], nonce[6], nonce[7]);
  mac_hex(msg, mac);
  snprintf(out, 160, "%s.%s", msg, mac);
}

static double min_fill_seconds(void) {
  const char *e = getenv("SILA_FORM_MIN_SECONDS");
  return e && *e ? atof(e) : 3;
}

/* NULL when the token is good (and now used), else why not. */
static const char *token_check(const char *tok) {
  if (!tok || strlen(tok) > 150)
    return "modulo scaduto o non valido: ricaricate la pagina";
  const char *dot2 = strrchr(tok, '.');
  if (!dot2 || dot2 == tok)
    return "modulo non valido: ricaricate la pagina";
  char msg[128], mac[65];
  snprintf(msg, sizeof msg, "%.*s", (int)(dot2 - tok), tok);
  mac_hex(msg, mac);
  if (strlen(dot2 + 1) != 64 || CRYPTO_memcmp(mac, dot2 + 1, 64))
    return "modulo non valido: ricaricate la pagina";
  long long issued = atoll(msg);
  const char *nonce = strchr(msg, '.');
  double age = (double)(time(NULL) - issued);
  if (!nonce || age > TOKEN_MAX_AGE)
    return "modulo scaduto: ricaricate la pagina";
  if (age < min_fill_seconds())
    return "invio troppo rapido: ricontrollate il testo e inviate di nuovo";
  nonce++;
  pthread_mutex_lock(&F.mu);
  for (size_t i = 0; i < USED_MAX; i++)
    if (!strcmp(F.used[i], nonce)) {
      pthread_mutex_unlock(&F.mu);
      return "questa richiesta è già stata inviata";
    }
  snprintf(F.used[F.used_next], sizeof F.used[0], "%s", nonce);
  F.used_next = (F.used_next + 1) % USED_MAX;
  pthread_mutex_unlock(&F.mu);
  return NULL;
}

static unsigned rate_max(void) {
  const char *e = getenv("SILA_FORM_RATE");
  return e && atoi(e) > 0 ? (unsigned)atoi(e) : 5;
}

/* True when the address may send one more request this hour (and counts it). */
static bool rate_take(const char *addr) {
  pthread_once(&F.once, key_init);
  unsigned char who[32];
  unsigned int wl = 0;
  HMAC(EVP_sha256(), F.key, sizeof F.key, (const unsigned char *)addr, strlen(addr), who, &wl);
  time_t now = time(NULL);
  pthread_mutex_lock(&F.mu);
  size_t slot = 0, oldest = 0;
  bool found = false;
  for (size_t i = 0; i < sizeof F.rate / sizeof F.rate[0]; i++) {
    if (F.rate[i].n && !memcmp(F.rate[i].who, who, 32)) {
      slot = i;
      found = true;
      break;
    }
    if (!F.rate[i].n || F.rate[i].start < F.rate[oldest].start)
      oldest = i;
  }
  if (!found) {
    slot = oldest;
    memcpy(F.rate[slot].who, who, 32);
    F.rate[slot].n = 0;
    F.rate[slot].start = now;
  }
  if (now - F.rate[slot].start >= 3600) {
    F.rate[slot].start = now;
    F.rate[slot].n = 0;
  }
  bool ok = F.rate[slot].n < rate_max();
  if (ok)
    F.rate[slot].n++;
  pthread_mutex_unlock(&F.mu);
  return ok;
}

/* ---- jobs ---------------------------------------------------------------- */

enum { PAGE_PLAN = 1, PAGE_REQUESTS, PAGE_REQUEST_POST, PAGE_QUALITY, PAGE_STATS };

static SilaStatus send_page(WebReq *r, unsigned status, const char *ctype, SilaBuf *page) {
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_begin(r, status, ctype);
  web_allow_gzip(r);
  SilaStatus st = web_write(r, page->data ? page->data : "", page->len);
  sila_buf_free(page);
  return st;
}

static SilaStatus requests_post(WebReq *r, SilaBuf *page, SilaError *err) {
  const char *what = web_param(r, "what"), *why = web_param(r, "why"),
             *contact = web_param(r, "contact"), *honey = web_param(r, "sito");
  char tok[160];
  token_new(tok);
  ProgForm form = {what, why, contact, tok, NULL, true};
  unsigned status = 400;
  const char *p;
  char client[64]; /* behind the proxy, the client's own address (web_proxy.c) */
  if (honey && *honey) {
    form.message = "Invio non accettato.";
  } else if ((p = token_check(web_param(r, "token")))) {
    form.message = p;
  } else if ((p = sila_request_field_problem(what, SILA_REQ_WHAT_MAX, true))) {
    form.message = "Indicate quali dati vi servono (massimo 300 caratteri).";
  } else if ((p = sila_request_field_problem(why, SILA_REQ_WHY_MAX, true))) {
    form.message = "Spiegate a cosa vi servono (massimo 2000 caratteri).";
  } else if ((p = sila_request_field_problem(contact, SILA_REQ_CONTACT_MAX, false))) {
    form.message = "Il contatto non è valido (massimo 200 caratteri).";
  } else if (!rate_take(web_client_address(r, client, sizeof client))) {
    status = 429;
    form.message = "Troppe richieste da questo indirizzo: riprovate tra un'ora.";
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "3600");
  } else {
    char today[11];
    sila_prog_today(today);
    uint64_t id = 0;
    SilaStatus st = sila_request_add(r->web->store, what, why, contact, today, &id, err);
    if (st)
      return st;
    char loc[64];
    snprintf(loc, sizeof loc, "/richieste?inviata=%llu#richiesta-%llu", (unsigned long long)id,
             (unsigned long long)id);
    web_header(r, MHD_HTTP_HEADER_LOCATION, loc);
    SilaBuf b = SILA_BUF_INIT;
    sila_buf_printf(&b, "Richiesta %llu ricevuta: %s\n", (unsigned long long)id, loc);
    return send_page(r, 303, "text/plain; charset=utf-8", &b);
  }
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(r->web->store, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  int e = prog_page_requests(page, txn, &form);
  sila_txn_abort(txn);
  if (e)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  return send_page(r, status, "text/html; charset=utf-8", page);
}

static void day_offset(const char *today, int days, char out[11]) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(today) - 1900;
  tm.tm_mon = atoi(today + 5) - 1;
  tm.tm_mday = atoi(today + 8) + days;
  tm.tm_hour = 12;
  time_t t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static SilaStatus prog_job(WebReq *r, SilaError *err) {
  SilaBuf page = SILA_BUF_INIT;
  if (r->kind == PAGE_REQUEST_POST)
    return requests_post(r, &page, err);
  char today[11];
  sila_prog_today(today);
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(r->web->store, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  int e = 0;
  const char *ctype = "text/html; charset=utf-8";
  unsigned status = 200;
  if (r->kind == PAGE_PLAN) {
    /* the plan is RDF too: Turtle or N-Triples of its graph by negotiation
     * or the suffix, HTML otherwise */
    static const char *const offers[] = {"text/html", "text/turtle", "application/n-triples"};
    int k = r->text ? (!strcmp(r->text, "ttl") ? 1 : 2)
                    : sila_accept_choose(web_req_header(r, MHD_HTTP_HEADER_ACCEPT), offers, 3);
    if (!r->text)
      web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
    if (k <= 0) {
      e = prog_page_plan(&page, txn, base_of(r), today);
    } else {
      char *g = sila_plan_graph(base_of(r));
      SilaTerm gt = sila_term_iri(g ? g : "");
      SilaId gid;
      SilaStatus dst = !g ? SILA_ERR_NOMEM : sila_txn_lookup(txn, &gt, &gid);
      free(g);
      if (dst == SILA_OK)
        dst = sila_dump(txn, gid, k == 1 ? SILA_RDF_TURTLE : SILA_RDF_NTRIPLES, sila_buf_sink,
                        &page, NULL);
      else if (dst == SILA_ERR_NOT_FOUND)
        dst = SILA_OK; /* no plan yet: an empty graph */
      e = dst ? -1 : 0;
      ctype = k == 1 ? "text/turtle; charset=utf-8" : "application/n-triples; charset=utf-8";
    }
  } else if (r->kind == PAGE_QUALITY) {
    e = prog_page_quality(&page, txn, today);
  } else if (r->kind == PAGE_REQUESTS) {
    char tok[160];
    token_new(tok);
    const char *sent = web_param(r, "inviata");
    char msg[160];
    if (sent)
      snprintf(msg, sizeof msg,
               "Grazie: la richiesta n. %.20s è stata registrata e comparirà nell'elenco qui "
               "sotto.",
               sent);
    ProgForm form = {NULL, NULL, NULL, tok, sent ? msg : NULL, false};
    e = prog_page_requests(&page, txn, &form);
  } else {
    const char *fmt = r->text ? r->text : "html";
    const char *from = web_param(r, "from"), *to = web_param(r, "to");
    char dfrom[11], dto[11];
    if (!to || !sila_plan_date_ok(to))
      to = today;
    if (!from || !sila_plan_date_ok(from)) {
      day_offset(to, -29, dfrom);
      from = dfrom;
    }
    snprintf(dto, sizeof dto, "%s", to);
    bool charts = !faccessat(r->web->assets_fd, "chartjs/chart.umd.js", R_OK, 0) &&
                  !faccessat(r->web->assets_fd, "sila/stats.js", R_OK, 0);
    e = prog_page_stats(&page, r->web->store, txn, base_of(r), fmt, from, dto,
                        r->web->assets_fd >= 0 && charts);
    ctype = !strcmp(fmt, "csv")    ? "text/csv; charset=utf-8"
            : !strcmp(fmt, "json") ? "application/json"
                                   : ctype;
    if (strcmp(fmt, "html"))
      web_header(r, "Access-Control-Allow-Origin", "*");
  }
  sila_txn_abort(txn);
  if (e) {
    sila_buf_free(&page);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  return send_page(r, status, ctype, &page);
}

bool prog_web_route(WebReq *r, enum MHD_Result *ret) {
  const char *p = r->path;
  if (!strncmp(p, "/piano/", 7) && sila_plan_id_ok(p + 7)) {
    /* a planned dataset's IRI {base}/piano/{id}: its row of the plan */
    if (!web_is_read(r)) {
      *ret = web_read_only(r);
      return true;
    }
    char loc[128];
    snprintf(loc, sizeof loc, "/piano#piano-%s", p + 7);
    web_header(r, MHD_HTTP_HEADER_LOCATION, loc);
    *ret = web_respond_now(r, 303, "text/plain; charset=utf-8", "See the plan\n", 13);
    return true;
  }
  int kind = !strcmp(p, "/piano") || !strcmp(p, "/piano.ttl") || !strcmp(p, "/piano.nt")
                 ? PAGE_PLAN
             : !strcmp(p, "/richieste")                                       ? PAGE_REQUESTS
             : !strcmp(p, "/qualita")                                         ? PAGE_QUALITY
             : !strcmp(p, "/statistiche") || !strcmp(p, "/statistiche.csv") ||
                     !strcmp(p, "/statistiche.json")                          ? PAGE_STATS
                                                                              : 0;
  if (!kind)
    return false;
  if (kind == PAGE_REQUESTS && !strcmp(r->method, "POST")) {
    char ct[128];
    const char *type = web_content_type(r, ct, sizeof ct);
    if (!type || strcmp(type, "application/x-www-form-urlencoded")) {
      *ret = web_error_now(r, 415, "send the form as application/x-www-form-urlencoded");
      return true;
    }
    if (web_form_parse(r, r->body.data ? r->body.data : "", r->body.len)) {
      *ret = web_error_now(r, 500, "out of memory");
      return true;
    }
    kind = PAGE_REQUEST_POST;
  } else if (!web_is_read(r)) {
    *ret = web_read_only(r);
    return true;
  }
  r->kind = kind;
  if (kind == PAGE_PLAN && strchr(p + 1, '.') &&
      !(r->text = strdup(strchr(p + 1, '.') + 1))) {
    *ret = web_error_now(r, 500, "out of memory");
    return true;
  }
  if (kind == PAGE_STATS) {
    const char *dot = strchr(p + 1, '.');
    r->text = strdup(dot ? dot + 1 : "html");
    if (!r->text) {
      *ret = web_error_now(r, 500, "out of memory");
      return true;
    }
  }
  *ret = web_enqueue(r, prog_job);
  return true;
}
