/* pub_session.c — the publishing area's sessions, CSRF tokens, login and
 * its rate limits, the page frame, and the router of /pubblica/….
 *
 * Sessions: a random 256-bit token in a cookie (HttpOnly, SameSite=Strict,
 * Path=/pubblica, Secure when the public base is https), valid 8 hours and
 * kept in the store by the token's SHA-256 (sila_sessions.h), so that a
 * restart keeps everyone logged in.  CSRF: each session has a second
 * random token that every form carries in a hidden field; the login form,
 * before any session, uses a double-submit cookie.  Login attempts: 5
 * failures per account or 20 per client address (behind a trusted proxy,
 * X-Forwarded-For's: web_proxy.c) in 15 minutes (login_window) lock further
 * attempts out for the rest of those 15 minutes (429), counted in the store
 * (sila_login_limits.h: a restart does not open them; no address kept, only
 * a keyed hash); the audit log records the login and the failure, without
 * the address. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pub_internal.h"
#include "sila_login_limits.h"
#include "sila_sessions.h"

static bool random_hex(char *out, size_t bytes) {
  unsigned char b[64];
  if (bytes > sizeof b || RAND_bytes(b, (int)bytes) != 1)
    return false;
  for (size_t i = 0; i < bytes; i++)
    sprintf(out + 2 * i, "%02x", b[i]);
  return true;
}

static bool token_eq(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  return la == lb && la >= 32 && CRYPTO_memcmp(a, b, la) == 0;
}

/* ---- sessions (kept in the store: sila_sessions.h) ---- */

static bool session_new(SilaWeb *web, const char *user, char token[65], SilaSession *out) {
  SilaSession s = {0};
  if (!random_hex(token, 32) || !random_hex(s.csrf, 32))
    return false;
  snprintf(s.user, sizeof s.user, "%s", user);
  s.expires = (int64_t)time(NULL) + SILA_SESSION_SECONDS;
  if (sila_session_add(web->store, token, &s) != SILA_OK)
    return false;
  *out = s;
  return true;
}

bool pub_session(WebReq *r, PubSession *out) {
  const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "sila_sessione");
  if (!tok || strlen(tok) != SILA_SESSION_TOKEN_LEN)
    return false;
  SilaSession s;
  memset(out, 0, sizeof *out);
  /* one read transaction: the session and the account as it is now (a
   * removed user is logged out) */
  if (sila_session_get(r->web->store, tok, &s, &out->user) != SILA_OK)
    return false;
  snprintf(out->token, sizeof out->token, "%s", tok);
  memcpy(out->csrf, s.csrf, sizeof out->csrf);
  memcpy(out->work, s.work, sizeof out->work);
  return true;
}

void pub_session_set_work(SilaWeb *web, const char *token, const char *work) {
  sila_session_set_work(web->store, token, work);
}

bool pub_csrf_ok(WebReq *r, const PubSession *s) {
  const char *t = web_param(r, "csrf");
  return t && token_eq(t, s->csrf);
}

int pub_csrf_field(SilaBuf *out, const PubSession *s) {
  return sila_buf_printf(out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", s->csrf);
}

static bool secure_base(const SilaWeb *web) {
  const char *b = web->cfg.base ? web->cfg.base : "https://";
  return !strncmp(b, "https://", 8);
}

static void set_cookie(WebReq *r, const char *name, const char *value, bool clear) {
  char c[256];
  snprintf(c, sizeof c, "%s=%s; Path=/pubblica; HttpOnly; SameSite=Strict%s%s", name, value,
           secure_base(r->web) ? "; Secure" : "", clear ? "; Max-Age=0" : "");
  web_header(r, "Set-Cookie", c);
}

/* ---- login rate limits (kept in the store: sila_login_limits.h) ---- */

static int64_t login_window(const SilaWeb *web) {
  return web->cfg.login_window ? (int64_t)web->cfg.login_window : SILA_LOGIN_WINDOW;
}

/* Seconds until `user` from `addr` may try again (0 = now).  When the store
 * cannot be read the login is refused for a minute: a limit that fails open
 * is no limit. */
static long locked_out(SilaWeb *web, const char *user, const char *addr) {
  long wait = 0;
  if (sila_login_wait(web->store, user, addr, (int64_t)time(NULL), login_window(web), &wait))
    return 60;
  return wait;
}

/* ---- pages ---- */

int pub_page_open(SilaBuf *out, const char *title, const PubSession *s) {
  LdCrumb crumbs[2] = {{"Pubblica", 0, "/pubblica"}, {title, 0, NULL}};
  bool home = !strcmp(title, "Pubblica i tuoi dati");
  int e = home ? ld_page_open(out, title, strlen(title), crumbs, 1)
               : ld_page_open(out, title, strlen(title), crumbs, 2);
  if (s) {
    e |= sila_buf_puts(out, "<div class=\"d-flex justify-content-end align-items-center gap-2 "
                            "my-2\"><span>Accesso come <strong>");
    e |= ld_escs(out, s->user.name);
    e |= sila_buf_puts(out, "</strong>");
    if (s->user.admin)
      e |= sila_buf_puts(out, " (amministratore)");
    else if (s->user.office[0]) {
      e |= sila_buf_puts(out, " — ufficio ");
      e |= ld_escs(out, s->user.office);
    }
    e |= sila_buf_puts(out, "</span><form method=\"post\" action=\"/pubblica/esci\">");
    e |= pub_csrf_field(out, s);
    e |= sila_buf_puts(out, "<button class=\"btn btn-outline-primary btn-sm\" type=\"submit\">"
                            "Esci</button></form></div>\n");
  }
  e |= sila_buf_puts(out, "<h1>");
  e |= ld_escs(out, title);
  return e | sila_buf_puts(out, "</h1>\n");
}

SilaStatus pub_send(WebReq *r, unsigned status, SilaBuf *page) {
  if (ld_page_end(page)) {
    sila_buf_free(page);
    return SILA_ERR_NOMEM;
  }
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_header(r, "X-Frame-Options", "DENY");
  web_header(r, "Referrer-Policy", "same-origin");
  web_header(r, "X-Content-Type-Options", "nosniff");
  web_begin(r, status, "text/html; charset=utf-8");
  SilaStatus st = web_write(r, page->data, page->len);
  sila_buf_free(page);
  return st;
}

SilaStatus pub_error_page(WebReq *r, const PubSession *s, unsigned status, const char *title,
                          const char *message) {
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, title, s);
  e |= sila_buf_puts(&p, "<div class=\"alert alert-danger\" role=\"alert\"><p>");
  e |= ld_escs(&p, message);
  e |= sila_buf_puts(&p, "</p></div><p><a href=\"/pubblica\">Torna all'area di pubblicazione</a></p>\n");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

SilaStatus pub_redirect(WebReq *r, const char *path) {
  web_header(r, MHD_HTTP_HEADER_LOCATION, path);
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_begin(r, 303, "text/plain; charset=utf-8");
  return web_write(r, "see other\n", 10);
}

/* ---- login and logout ---- */

static SilaStatus login_page(WebReq *r, unsigned status, const char *message, const char *user) {
  char tok[65];
  if (!random_hex(tok, 32))
    return SILA_ERR_IO;
  set_cookie(r, "sila_accesso", tok, false);
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Accedi all'area di pubblicazione", NULL);
  e |= sila_buf_puts(&p, "<p>Gli uffici della Regione pubblicano qui i propri dataset. Le "
                         "credenziali sono fornite dall'amministratore del portale.</p>\n");
  if (message) {
    e |= sila_buf_puts(&p, "<div class=\"alert alert-danger\" role=\"alert\" id=\"errore\">");
    e |= ld_escs(&p, message);
    e |= sila_buf_puts(&p, "</div>\n");
  }
  e |= sila_buf_printf(&p,
                       "<form method=\"post\" action=\"/pubblica/accesso\" class=\"col-md-6\">"
                       "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                       "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"utente\">Nome utente</label>"
                       "<input class=\"form-control\" id=\"utente\" name=\"utente\" "
                       "autocomplete=\"username\" required value=\"",
                       tok);
  e |= ld_escs(&p, user ? user : "");
  e |= sila_buf_puts(&p, "\"></div><div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"password\">"
                         "Password</label><input class=\"form-control\" type=\"password\" "
                         "id=\"password\" name=\"password\" autocomplete=\"current-password\" "
                         "required></div><button class=\"btn btn-primary\" type=\"submit\">"
                         "Accedi</button></form>\n");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

static SilaStatus login_post(WebReq *r) {
  const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "sila_accesso");
  const char *form = web_param(r, "csrf");
  const char *user = web_param(r, "utente");
  const char *pw = web_param(r, "password");
  if (!cookie || !form || !token_eq(cookie, form))
    return login_page(r, 403,
                      "Il modulo è scaduto o non proviene da questo sito (token CSRF): riprova.",
                      user);
  if (!user || !pw || !*user || strlen(user) > SILA_NAME_MAX)
    return login_page(r, 400, "Indica nome utente e password.", user);
  char client[64]; /* behind the proxy, the client's own address */
  web_client_address(r, client, sizeof client);
  long wait = locked_out(r->web, user, client);
  if (wait) {
    char msg[256], ra[32];
    snprintf(ra, sizeof ra, "%ld", wait);
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    snprintf(msg, sizeof msg,
             "Troppi tentativi di accesso non riusciti: riprova tra %ld minut%s.",
             (wait + 59) / 60, (wait + 59) / 60 == 1 ? "o" : "i");
    sila_audit(r->web->store, "login-locked", user, NULL, NULL);
    return login_page(r, 429, msg, user);
  }
  SilaUser u;
  if (sila_user_verify(r->web->store, user, pw, &u) != SILA_OK) {
    sila_login_failed(r->web->store, user, client, (int64_t)time(NULL), login_window(r->web));
    sila_audit(r->web->store, "login-failed", user, NULL, NULL);
    return login_page(r, 401, "Nome utente o password non corretti.", user);
  }
  sila_login_succeeded(r->web->store, user, (int64_t)time(NULL), login_window(r->web));
  SilaSession s;
  char token[65];
  if (!session_new(r->web, u.name, token, &s))
    return SILA_ERR_IO;
  sila_audit(r->web->store, "login", u.name, NULL, NULL);
  set_cookie(r, "sila_sessione", token, false);
  set_cookie(r, "sila_accesso", "", true);
  return pub_redirect(r, "/pubblica");
}

static SilaStatus logout(WebReq *r, const PubSession *s) {
  if (!pub_csrf_ok(r, s))
    return pub_error_page(r, s, 403, "Richiesta rifiutata",
                          "Il modulo non proviene da questa sessione (token CSRF).");
  if (s->work[0]) { /* the upload in progress goes with the session */
    char wd[PATH_MAX];
    pub_work_dir(r->web, s->work, wd, sizeof wd);
    pub_rm_tree(wd);
  }
  sila_session_end(r->web->store, s->token);
  sila_audit(r->web->store, "logout", s->user.name, NULL, NULL);
  set_cookie(r, "sila_sessione", "", true);
  return pub_redirect(r, "/pubblica/accesso");
}

/* ---- shared helpers ---- */

static pthread_once_t vocab_once = PTHREAD_ONCE_INIT;
static char vocab_dir[PATH_MAX];
static SilaWeb *vocab_web;

static bool has_templates(const char *dir) {
  char p[PATH_MAX + 16];
  struct stat st;
  if (snprintf(p, sizeof p, "%s/templates", dir) >= (int)sizeof p)
    return false;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool find_up(const char *start, char *out) {
  char cur[PATH_MAX];
  if (!realpath(start, cur))
    return false;
  for (int depth = 0; depth < 8; depth++) {
    char cand[PATH_MAX + 16];
    snprintf(cand, sizeof cand, "%s/vocabularies", cur);
    if (has_templates(cand) && realpath(cand, out))
      return true;
    char *slash = strrchr(cur, '/');
    if (!slash || slash == cur)
      break;
    *slash = 0;
  }
  return false;
}

static void find_vocab(void) {
  const char *env = getenv("SILA_VOCABULARIES");
  if (env && *env && has_templates(env) && realpath(env, vocab_dir))
    return;
  if (find_up(".", vocab_dir))
    return;
  if (find_up(sila_store_dir(vocab_web->store), vocab_dir))
    return;
  vocab_dir[0] = 0;
}

const char *pub_vocabularies(SilaWeb *web) {
  vocab_web = web;
  pthread_once(&vocab_once, find_vocab);
  return vocab_dir[0] ? vocab_dir : NULL;
}

bool pub_dataset_exists(SilaWeb *web, const char *slug) {
  char iri[1024];
  snprintf(iri, sizeof iri, "%s/set/%s", ld_base(web->cfg.base), slug);
  SilaTxn *txn;
  if (sila_txn_begin_read(web->store, &txn) != SILA_OK)
    return true; /* unknown: treated as taken */
  SilaTerm t = sila_term_iri(iri);
  SilaId id;
  bool exists = sila_txn_lookup(txn, &t, &id) == SILA_OK && sila_txn_graph_exists(txn, id);
  sila_txn_abort(txn);
  return exists;
}

bool pub_may_publish(WebReq *r, const PubSession *s, const char *slug) {
  return sila_user_may_publish(r->web->store, &s->user, slug,
                               pub_dataset_exists(r->web, slug));
}

const char *pub_denied_reason(WebReq *r, const char *slug, char *buf, size_t size) {
  char office[SILA_NAME_MAX + 1];
  if (sila_dataset_owner(r->web->store, slug, office) != SILA_OK) {
    snprintf(buf, size, "Il dataset «%s» è stato pubblicato dalla riga di comando (sila publish) "
                        "e non appartiene a nessun ufficio: solo l'amministratore del portale "
                        "può aggiornarlo o ripristinarlo. Per pubblicarne una versione nuova dal "
                        "vostro ufficio chiedete all'amministratore di assegnarlo al vostro "
                        "ufficio (sila dataset owner), oppure usate un altro identificativo.",
             slug);
  } else {
    SilaOffice of;
    bool named = sila_office_get(r->web->store, office, &of) == SILA_OK && of.name[0];
    snprintf(buf, size, "Il dataset «%s» appartiene a un altro ufficio (%s): solo quell'ufficio "
                        "o l'amministratore possono aggiornarlo o ripristinarlo.",
             slug, named ? of.name : office);
  }
  return buf;
}

void pub_rm_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      pub_rm_tree(p);
    else
      unlink(p);
  }
  closedir(d);
  rmdir(dir);
}

unsigned pub_work_sweep(SilaWeb *web) {
  char root[PATH_MAX];
  pub_work_dir(web, "", root, sizeof root);
  DIR *d = opendir(root);
  if (!d)
    return 0;
  unsigned left = 0;
  time_t old = time(NULL) - 24 * 3600;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char p[PATH_MAX + 300];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", root, e->d_name);
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && st.st_mtime < old)
      pub_rm_tree(p);
    else
      left++;
  }
  closedir(d);
  return left;
}

void pub_work_dir(SilaWeb *web, const char *work, char *buf, size_t size) {
  snprintf(buf, size, "%s/pubblica-lavoro%s%s", sila_store_dir(web->store), work[0] ? "/" : "",
           work);
}

/* ---- the router ---- */

static bool is_post(const WebReq *r) { return !strcmp(r->method, MHD_HTTP_METHOD_POST); }

static SilaStatus pub_job(WebReq *r, SilaError *err) {
  (void)err;
  const char *path = r->path + strlen("/pubblica");
  char ctype[128];
  if (is_post(r) && !strcmp(web_content_type(r, ctype, sizeof ctype),
                            "application/x-www-form-urlencoded")) {
    if (web_form_parse(r, r->body.data ? r->body.data : "", r->body.len))
      return SILA_ERR_NOMEM;
  }
  if (!strcmp(path, "/accesso"))
    return is_post(r) ? login_post(r) : login_page(r, 200, NULL, NULL);
  PubSession s;
  if (!pub_session(r, &s)) {
    if (is_post(r))
      return pub_error_page(r, NULL, 401, "Accesso richiesto",
                            "La sessione è scaduta o non è valida: accedi di nuovo.");
    return pub_redirect(r, "/pubblica/accesso");
  }
  /* every form of the area carries the session's CSRF token; the upload's
   * is checked once its multipart body is read */
  if (is_post(r) && strcmp(path, "/carica") && !pub_csrf_ok(r, &s))
    return pub_error_page(r, &s, 403, "Richiesta rifiutata",
                          "Il modulo non proviene da questa sessione (token CSRF): ricarica la "
                          "pagina e riprova.");
  if (!strcmp(path, "") || !strcmp(path, "/"))
    return pub_home(r, &s);
  if (!strcmp(path, "/esci") && is_post(r))
    return logout(r, &s);
  if (!strcmp(path, "/carica") && is_post(r))
    return pub_upload(r, &s);
  if (!strcmp(path, "/modello"))
    return pub_mapping(r, &s, is_post(r));
  if (!strcmp(path, "/descrizione"))
    return pub_describe(r, &s, is_post(r));
  if (!strcmp(path, "/anteprima") && !is_post(r))
    return pub_preview(r, &s);
  if (!strcmp(path, "/pubblica") && is_post(r))
    return pub_publish(r, &s);
  if (!strcmp(path, "/registro") && !is_post(r))
    return pub_audit_page(r, &s);
  if (!strcmp(path, "/rapporto.txt") && !is_post(r))
    return pub_report_text(r, &s);
  if (!strcmp(path, "/piano") || !strcmp(path, "/richieste") || !strcmp(path, "/rapporto") ||
      !strncmp(path, "/piano/", 7) || !strncmp(path, "/richieste/", 11)) {
    const char *slash = strchr(path + 1, '/');
    if (!strncmp(path, "/piano", 6))
      return pub_plan(r, &s, slash ? slash + 1 : NULL, is_post(r));
    if (!strncmp(path, "/richieste", 10))
      return pub_requests(r, &s, slash ? slash + 1 : NULL, is_post(r));
    return pub_report(r, &s, is_post(r));
  }
  if (!strncmp(path, "/storia/", 8) && !is_post(r)) {
    const char *p = path + 8, *slash = strchr(p, '/');
    if (!slash)
      return pub_history(r, &s, p);
    char slug[128], part[32];
    char *end;
    unsigned long v = strtoul(slash + 1, &end, 10);
    if ((size_t)(slash - p) < sizeof slug && *end == '/' && strlen(end + 1) < sizeof part &&
        v > 0 && v < 1000000000) {
      snprintf(slug, sizeof slug, "%.*s", (int)(slash - p), p);
      snprintf(part, sizeof part, "%s", end + 1);
      return pub_history_file(r, &s, slug, (unsigned)v, part);
    }
  }
  if (!strncmp(path, "/ripristina/", 12) && is_post(r)) {
    char slug[128];
    const char *p = path + 12, *slash = strchr(p, '/');
    if (slash && (size_t)(slash - p) < sizeof slug) {
      snprintf(slug, sizeof slug, "%.*s", (int)(slash - p), p);
      char *end;
      unsigned long v = strtoul(slash + 1, &end, 10);
      if (!*end && v > 0 && v < 1000000000)
        return pub_restore(r, &s, slug, (unsigned)v);
    }
  }
  return pub_error_page(r, &s, 404, "Pagina non trovata",
                        "Questa pagina dell'area di pubblicazione non esiste.");
}

enum MHD_Result web_pub(WebReq *r) {
  if (!web_is_read(r) && !is_post(r)) {
    web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
    return web_error_now(r, 405, "use GET or POST");
  }
  return web_enqueue(r, pub_job);
}

size_t web_pub_body_limit(void) { return PUB_MAX_UPLOAD; }
