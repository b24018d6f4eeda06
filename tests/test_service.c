/* test_service.c — SERVICE (federated query) across two Sila stores: a
 * local one queried here, a remote one answered by the responder of
 * service_httpd.c on 127.0.0.1 with Sila's own engine.  Covers joins,
 * VALUES sent for bound variables, SERVICE ?var, blank nodes, XML answers,
 * POST for long queries, and the safety rules: the allow-list, private
 * addresses, timeouts, SILENT on a dead endpoint, the size cap, redirects
 * and the cap on calls. */
#include <arpa/inet.h>
#include <pthread.h>
#include <time.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "service_httpd.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "test_harness.h"

static char tmpdir[256];
static SilaStore *local_store, *remote_store;
static SvcHttpd *srv;
static char base[128]; /* http://127.0.0.1:PORT */

static SilaStore *make_store(const char *name, const char *ttl) {
  char dir[512], file[512];
  snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
  snprintf(file, sizeof file, "%s/%s.ttl", tmpdir, name);
  FILE *f = fopen(file, "w");
  if (!f)
    return NULL;
  fputs(ttl, f);
  fclose(f);
  SilaStore *s = NULL;
  if (sila_store_open(dir, SILA_STORE_CREATE, &s) != SILA_OK)
    return NULL;
  SilaLoadOptions lo = {.base = "http://ex/"};
  SilaLoadReport rep;
  SilaError err = {0};
  const char *path = file;
  if (sila_load_files(s, &path, 1, &lo, &rep, &err) != SILA_OK) {
    fprintf(stderr, "load %s: %s\n", file, err.message);
    sila_store_close(s);
    return NULL;
  }
  return s;
}

typedef struct {
  SilaStatus st;
  char msg[512];
  char rows[4096]; /* sorted rows, one a line: "var=term var=term" */
  int nrows;
} Result;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Copies text with every "%s" / "%1$s" replaced by the responder's base. */
static void subst(char *out, size_t cap, const char *text) {
  size_t at = 0, bl = strlen(base);
  while (*text && at + bl + 1 < cap) {
    if (!strncmp(text, "%s", 2) || !strncmp(text, "%1$s", 4)) {
      memcpy(out + at, base, bl);
      at += bl;
      text += text[1] == 's' ? 2 : 4;
    } else if (!strncmp(text, "%%", 2)) {
      out[at++] = '%';
      text += 2;
    } else {
      out[at++] = *text++;
    }
  }
  out[at] = '\0';
}

/* Runs a SELECT over the local store; every "%s" of `text` stands for the
 * responder's base URL. */
static Result run(const char *text, const SilaExecOptions *opt) {
  Result r = {0};
  char query[8192];
  subst(query, sizeof query, text);
  SilaQuery *q = NULL;
  SilaError err = {0};
  r.st = sila_sparql_parse_query(query, strlen(query), NULL, &q, &err);
  if (r.st != SILA_OK) {
    snprintf(r.msg, sizeof r.msg, "%s", err.message);
    return r;
  }
  SilaTxn *txn = NULL;
  sila_txn_begin_read(local_store, &txn);
  SilaExec *ex = NULL;
  r.st = sila_exec_open(txn, q, opt, &ex, &err);
  char *lines[256];
  int n = 0;
  if (r.st == SILA_OK) {
    const SilaTerm *const *row;
    int rc;
    while ((rc = sila_exec_next(ex, &row)) == 1 && n < 256) {
      SilaBuf b = SILA_BUF_INIT;
      for (size_t i = 0; i < sila_exec_var_count(ex); i++) {
        if (!row[i])
          continue;
        sila_buf_printf(&b, "%s%s=", b.len ? " " : "", sila_exec_var_name(ex, i));
        if (row[i]->kind == SILA_TERM_BLANK)
          sila_buf_puts(&b, "_:"); /* labels are fresh: only the kind matters */
        else
          sila_buf_put_term_nt(&b, row[i]);
      }
      sila_buf_putc(&b, '\0');
      lines[n++] = b.data ? b.data : strdup("");
    }
    if (rc < 0) {
      r.st = (SilaStatus)-rc;
      snprintf(r.msg, sizeof r.msg, "%s", sila_exec_error(ex));
    }
  } else {
    snprintf(r.msg, sizeof r.msg, "%s", err.message);
  }
  qsort(lines, (size_t)n, sizeof *lines, cmp_str);
  size_t at = 0;
  for (int i = 0; i < n; i++) {
    at += (size_t)snprintf(r.rows + at, at < sizeof r.rows ? sizeof r.rows - at : 0, "%s\n",
                           lines[i]);
    if (at >= sizeof r.rows)
      at = sizeof r.rows - 1;
    free(lines[i]);
  }
  r.nrows = n;
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(q);
  return r;
}

/* A port nothing listens on: bound then closed. */
static unsigned short dead_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof sa;
  bind(fd, (struct sockaddr *)&sa, sizeof sa);
  getsockname(fd, (struct sockaddr *)&sa, &len);
  close(fd);
  return ntohs(sa.sin_port);
}

static void *interrupt_later(void *ex) {
  usleep(200000);
  sila_exec_interrupt(ex);
  return NULL;
}

#define EX "PREFIX ex: <http://ex/> "

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "%s/sila-service-XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  remote_store =
      make_store("remote", "@prefix ex: <http://ex/> .\n"
                           "ex:alice ex:age 30 . ex:bob ex:age 25 . ex:carol ex:age 40 .\n"
                           "ex:alice ex:knows [ ex:name \"X\" ] .\n"
                           "ex:r1 ex:states <<( ex:alice ex:age 30 )>> .\n"
                           "ex:r2 ex:states <<( _:w ex:says <<( ex:bob ex:age 25 )>> )>> .\n"
                           "ex:r3 ex:states <<( _:w ex:says \"hi\" )>> .\n");
  srv = remote_store ? svc_httpd_start(remote_store) : NULL;
  if (!srv) {
    fprintf(stderr, "cannot start the responder\n");
    return 1;
  }
  snprintf(base, sizeof base, "http://127.0.0.1:%u", svc_httpd_port(srv));
  char local_ttl[1024];
  snprintf(local_ttl, sizeof local_ttl,
           "@prefix ex: <http://ex/> .\n"
           "ex:alice ex:name \"Alice\" . ex:bob ex:name \"Bob\" . ex:dan ex:name \"Dan\" .\n"
           "ex:cfg ex:endpoint <%s/sparql> .\n"
           "ex:note ex:about <<( ex:alice ex:age 30 )>> .\n",
           base);
  local_store = make_store("local", local_ttl);
  CHECK(local_store != NULL);
  if (!local_store)
    return TEST_REPORT();

  const char *allow[] = {base};
  SilaExecOptions opt = {
      .service_allow = allow, .nservice_allow = 1, .service_allow_private = true};
  char method[16], last[8192];

  /* 1. A join across the two stores; the left side's ?s goes as VALUES. */
  unsigned before = svc_httpd_requests(srv);
  Result r = run(
      EX "SELECT ?n ?age WHERE { ?s ex:name ?n . SERVICE <%s/sparql> { ?s ex:age ?age } }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("n=\"Alice\" age=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
            "n=\"Bob\" age=\"25\"^^<http://www.w3.org/2001/XMLSchema#integer>\n",
            r.rows);
  CHECK_INT(3, svc_httpd_requests(srv) - before); /* one call per left row */
  svc_httpd_last(srv, method, sizeof method, last, sizeof last);
  CHECK_STR("GET", method);
  CHECK(strstr(last, "PREFIX ex: <http://ex/>") != NULL);
  CHECK(strstr(last, "SELECT * WHERE { ?s ex:age ?age }") != NULL);
  CHECK(strstr(last, "VALUES (?s) { (<http://ex/") != NULL);

  /* 2. SERVICE alone: no VALUES, every remote row. */
  r = run(EX "SELECT ?s ?age WHERE { SERVICE <%s/sparql> { ?s ex:age ?age } }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_INT(3, r.nrows);
  svc_httpd_last(srv, method, sizeof method, last, sizeof last);
  CHECK(strstr(last, "VALUES") == NULL);

  /* 3. SPARQL XML answers; the same call twice in a query is made once. */
  before = svc_httpd_requests(srv);
  r = run(EX
          "SELECT ?s ?age WHERE { { SERVICE <%1$s/xml> { ?s ex:age ?age FILTER(?age > 26) } } UNION"
          " { SERVICE <%1$s/xml> { ?s ex:age ?age FILTER(?age > 26) } } }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("s=<http://ex/alice> age=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
            "s=<http://ex/alice> age=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
            "s=<http://ex/carol> age=\"40\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
            "s=<http://ex/carol> age=\"40\"^^<http://www.w3.org/2001/XMLSchema#integer>\n",
            r.rows);
  CHECK_INT(1, svc_httpd_requests(srv) - before);

  /* 4. SERVICE ?ep, bound by an earlier pattern. */
  r = run(EX "SELECT ?age WHERE { ex:cfg ex:endpoint ?ep . SERVICE ?ep { ex:alice ex:age ?age } }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("age=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n", r.rows);
  /* ... and unbound: an error, or the empty solution under SILENT. */
  r = run(EX "SELECT * WHERE { SERVICE ?ep { ex:alice ex:age ?age } }", &opt);
  CHECK_INT(SILA_ERR_INVALID, r.st);
  CHECK(strstr(r.msg, "not bound") != NULL);

  /* 5. Remote blank nodes become local terms, joined within the answer. */
  r = run(EX "SELECT ?b ?n WHERE { SERVICE <%s/sparql> { ex:alice ex:knows ?b . ?b ex:name ?n } }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("b=_: n=\"X\"\n", r.rows);

  /* 6. A long query goes as a POST form. */
  {
    char longq[6000];
    int at = snprintf(
        longq, sizeof longq,
        EX "SELECT ?age WHERE { SERVICE <%%s/sparql> { ex:bob ex:age ?age FILTER(?age != 0");
    for (int i = 1; i < 300; i++)
      at += snprintf(longq + at, sizeof longq - (size_t)at, " && ?age != %d", 1000 + i);
    snprintf(longq + at, sizeof longq - (size_t)at, ") } }");
    r = run(longq, &opt);
    CHECK_INT(SILA_OK, r.st);
    CHECK_STR("age=\"25\"^^<http://www.w3.org/2001/XMLSchema#integer>\n", r.rows);
    svc_httpd_last(srv, method, sizeof method, last, sizeof last);
    CHECK_STR("POST", method);
    CHECK(strstr(last, "?age != 1299") != NULL);
  }

  /* 7. No allow-list: no call at all; SILENT gives the empty solution. */
  SilaExecOptions none = {0};
  before = svc_httpd_requests(srv);
  r = run(EX "SELECT * WHERE { SERVICE <%s/sparql> { ?s ex:age ?age } }", &none);
  CHECK_INT(SILA_ERR_DENIED, r.st);
  CHECK(strstr(r.msg, "disabled") != NULL);
  r = run(EX "SELECT * WHERE { ?s ex:name \"Bob\" SERVICE SILENT <%s/sparql> { ?s ex:age ?age } }",
          &none);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("s=<http://ex/bob>\n", r.rows);
  CHECK_INT(0, svc_httpd_requests(srv) - before);

  /* 8. An endpoint outside the allow-list, including a prefix that only
   * looks like one ("http://127.0.0.1:4012" must not allow port 40123). */
  char near[128];
  snprintf(near, sizeof near, "%.*s", (int)strlen(base) - 1, base);
  const char *allow_other[] = {"http://example.org/sparql", near};
  SilaExecOptions other = opt;
  other.service_allow = allow_other;
  other.nservice_allow = 2;
  r = run(EX "SELECT * WHERE { SERVICE <%s/sparql> { ?s ex:age ?age } }", &other);
  CHECK_INT(SILA_ERR_DENIED, r.st);
  CHECK(strstr(r.msg, "allow-list") != NULL);
  CHECK_INT(0, svc_httpd_requests(srv) - before);

  /* 9. Loopback refused unless allowed, by address (also through a name). */
  SilaExecOptions pub = opt;
  pub.service_allow_private = false;
  r = run(EX "SELECT * WHERE { SERVICE <%s/sparql> { ?s ex:age ?age } }", &pub);
  CHECK_INT(SILA_ERR_DENIED, r.st);
  CHECK(strstr(r.msg, "127.0.0.1 is private or loopback") != NULL);
  {
    char lh[128];
    snprintf(lh, sizeof lh, "http://localhost:%u/", svc_httpd_port(srv));
    const char *allow_lh[] = {lh};
    pub.service_allow = allow_lh;
    char q[512];
    snprintf(q, sizeof q, EX "SELECT * WHERE { SERVICE <%ssparql> { ?s ex:age ?age } }", lh);
    r = run(q, &pub);
    CHECK_INT(SILA_ERR_DENIED, r.st);
    CHECK(strstr(r.msg, "private or loopback") != NULL);
    pub.service_allow = allow;
  }
  {
    /* IPv6 loopback, refused before any connection is tried. */
    char v6[128], q[512];
    snprintf(v6, sizeof v6, "http://[::1]:%u/", svc_httpd_port(srv));
    const char *allow_v6[] = {v6};
    pub.service_allow = allow_v6;
    snprintf(q, sizeof q, EX "SELECT * WHERE { SERVICE <%ssparql> { ?s ex:age ?age } }", v6);
    r = run(q, &pub);
    CHECK_INT(SILA_ERR_DENIED, r.st);
    CHECK(strstr(r.msg, "address ::1 is private") != NULL);
    pub.service_allow = allow;
  }
  r = run(EX "SELECT * WHERE { SERVICE SILENT <%s/sparql> { ?s ex:age ?age } }", &pub);
  CHECK_INT(SILA_OK, r.st);
  CHECK_INT(1, r.nrows);
  CHECK_INT(0, svc_httpd_requests(srv) - before);

  /* 10. A dead endpoint: an error, the empty solution under SILENT. */
  {
    char dead[128], q[512];
    snprintf(dead, sizeof dead, "http://127.0.0.1:%u", dead_port());
    const char *allow_dead[] = {dead};
    SilaExecOptions d = opt;
    d.service_allow = allow_dead;
    snprintf(q, sizeof q, EX "SELECT * WHERE { SERVICE <%s/sparql> { ?s ex:age ?age } }", dead);
    r = run(q, &d);
    CHECK_INT(SILA_ERR_REMOTE, r.st);
    snprintf(q, sizeof q,
             EX
             "SELECT * WHERE { ?s ex:name \"Dan\" SERVICE SILENT <%s/sparql> { ?s ex:age ?age } }",
             dead);
    r = run(q, &d);
    CHECK_INT(SILA_OK, r.st);
    CHECK_STR("s=<http://ex/dan>\n", r.rows);
  }

  /* 11. A responder that sleeps: the per-call timeout, then the query's
   * own deadline (which SILENT does not hide). */
  svc_httpd_set_slow(srv, 3000);
  SilaExecOptions t = opt;
  t.service_timeout = 0.3;
  r = run(EX "SELECT * WHERE { SERVICE <%s/slow> { ?s ex:age ?age } }", &t);
  CHECK_INT(SILA_ERR_TIMEOUT, r.st);
  CHECK(strstr(r.msg, "did not answer within 0.3 s") != NULL);
  r = run(EX "SELECT * WHERE { SERVICE SILENT <%s/slow> { ?s ex:age ?age } }", &t);
  CHECK_INT(SILA_OK, r.st);
  CHECK_INT(1, r.nrows);
  t.service_timeout = 0;
  t.timeout = 0.3;
  r = run(EX "SELECT * WHERE { SERVICE SILENT <%s/slow> { ?s ex:age ?age } }", &t);
  CHECK_INT(SILA_ERR_TIMEOUT, r.st);
  CHECK(strstr(r.msg, "query timed out") != NULL);

  /* 11b. sila_exec_interrupt from another thread stops a waiting call,
   * even under SILENT. */
  {
    char q[512];
    subst(q, sizeof q, EX "SELECT * WHERE { SERVICE SILENT <%s/slow> { ?s ex:age ?age } }");
    SilaQuery *pq = NULL;
    SilaError err = {0};
    SilaTxn *txn = NULL;
    SilaExec *ex = NULL;
    CHECK_INT(SILA_OK, sila_sparql_parse_query(q, strlen(q), NULL, &pq, &err));
    sila_txn_begin_read(local_store, &txn);
    CHECK_INT(SILA_OK, sila_exec_open(txn, pq, &opt, &ex, &err));
    pthread_t th;
    pthread_create(&th, NULL, interrupt_later, ex);
    const SilaTerm *const *row;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_INT(-(int)SILA_ERR_INTERRUPTED, sila_exec_next(ex, &row));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < 2500);
    pthread_join(th, NULL);
    sila_exec_free(ex);
    sila_txn_abort(txn);
    sila_query_free(pq);
  }

  /* 12. The size cap. */
  SilaExecOptions cap = opt;
  cap.service_max_bytes = 100000;
  r = run(EX "SELECT * WHERE { SERVICE <%s/big> { ?s ex:age ?age } }", &cap);
  CHECK_INT(SILA_ERR_LIMIT, r.st);
  CHECK(strstr(r.msg, "larger than 100000 bytes") != NULL);
  r = run(EX "SELECT * WHERE { SERVICE <%s/big> { ?s ex:age ?age } }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_INT(3, r.nrows);

  /* 13. Redirects: none followed by default; followed when allowed and
   * only to allowed URLs. */
  r = run(EX "SELECT * WHERE { SERVICE <%s/redirect> { ?s ex:age ?age } }", &opt);
  CHECK_INT(SILA_ERR_REMOTE, r.st);
  CHECK(strstr(r.msg, "redirect") != NULL);
  SilaExecOptions redir = opt;
  redir.service_max_redirects = 1;
  r = run(EX "SELECT * WHERE { SERVICE <%s/redirect> { ?s ex:age ?age } }", &redir);
  CHECK_INT(SILA_OK, r.st);
  CHECK_INT(3, r.nrows);
  r = run(EX "SELECT * WHERE { SERVICE <%s/redirect-away> { ?s ex:age ?age } }", &redir);
  CHECK_INT(SILA_ERR_DENIED, r.st);
  CHECK(strstr(r.msg, "example.invalid") != NULL);

  /* 14. A cap on the calls of one query. */
  SilaExecOptions calls = opt;
  calls.service_max_calls = 2;
  r = run(EX "SELECT ?n ?age WHERE { ?s ex:name ?n . SERVICE <%s/sparql> { ?s ex:age ?age } }",
          &calls);
  CHECK_INT(SILA_ERR_LIMIT, r.st);

  /* 15. A remote error is an error. */
  r = run(EX "SELECT * WHERE { SERVICE <%s/error> { ?s ex:age ?o } }", &opt);
  CHECK_INT(SILA_ERR_REMOTE, r.st);
  CHECK(strstr(r.msg, "HTTP 500 store on fire") != NULL);

  /* 15b. A remote answer binds only the pattern's variables. */
  r = run(EX "SELECT * WHERE { SERVICE <%s/rogue> { ?s ?p ?o } }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("s=<http://ex/zed>\n", r.rows);

  /* 15c. Triple terms in a remote answer (SPARQL 1.2, JSON and XML): their
   * parts are there for SUBJECT()/OBJECT(), nested ones too, a blank node
   * inside is the same node across the call, and they join with the local
   * store's triple terms. */
  r = run(EX "SELECT ?s ?o WHERE { SERVICE <%s/sparql> { ex:r1 ex:states ?t } "
             "BIND(SUBJECT(?t) AS ?s) BIND(OBJECT(?t) AS ?o) }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("s=<http://ex/alice> o=\"30\"^^<http://www.w3.org/2001/XMLSchema#integer>\n", r.rows);
  r = run(EX "SELECT ?s WHERE { SERVICE <%s/xml> { ex:r1 ex:states ?t } BIND(SUBJECT(?t) AS ?s) }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("s=<http://ex/alice>\n", r.rows);
  r = run(EX "SELECT ?b ?y WHERE { SERVICE <%s/sparql> { ex:r2 ex:states ?t } "
             "BIND(isBLANK(SUBJECT(?t)) AS ?b) BIND(SUBJECT(OBJECT(?t)) AS ?y) }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("b=\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> y=<http://ex/bob>\n", r.rows);
  r = run(EX "SELECT ?same WHERE { SERVICE <%s/sparql> { ex:r2 ex:states ?t2 . ex:r3 ex:states ?t3 } "
             "BIND(sameTerm(SUBJECT(?t2), SUBJECT(?t3)) AS ?same) }",
          &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("same=\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>\n", r.rows);
  r = run(EX "SELECT ?n ?r WHERE { ?n ex:about ?t . SERVICE <%s/sparql> { ?r ex:states ?t } }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("n=<http://ex/note> r=<http://ex/r1>\n", r.rows);
  r = run(EX "SELECT ?n ?r WHERE { SERVICE <%s/sparql> { ?r ex:states ?t } ?n ex:about ?t }", &opt);
  CHECK_INT(SILA_OK, r.st);
  CHECK_STR("n=<http://ex/note> r=<http://ex/r1>\n", r.rows);

  /* 16. `sila query --service-allow PREFIX [--service-allow-private]`. */
  const char *bin = getenv("SILA_BIN");
  if (bin && access(bin, X_OK) == 0) {
    char cmd[2048], out[1024] = "";
    const char *q = "PREFIX ex: <http://ex/> SELECT ?age WHERE { ?s ex:name \\\"Bob\\\" "
                    "SERVICE <%s/sparql> { ?s ex:age ?age } }";
    char qtext[512];
    subst(qtext, sizeof qtext, q);
    snprintf(cmd, sizeof cmd,
             "'%s' query --store '%s/local' --format tsv --service-allow '%s/' "
             "--service-allow-private \"%s\" 2>&1",
             bin, tmpdir, base, qtext);
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    CHECK_INT(0, p ? pclose(p) : -1);
    CHECK(strstr(out, "?age\n25\n") != NULL);
    snprintf(cmd, sizeof cmd, "'%s' query --store '%s/local' --service-allow '%s/' \"%s\" 2>&1",
             bin, tmpdir, base, qtext);
    p = popen(cmd, "r");
    n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    int status = p ? pclose(p) : -1;
    CHECK(status != 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1);
    CHECK(strstr(out, "private or loopback") != NULL);
    snprintf(cmd, sizeof cmd, "'%s' query --store '%s/local' \"%s\" 2>&1", bin, tmpdir, qtext);
    p = popen(cmd, "r");
    n = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[n] = '\0';
    status = p ? pclose(p) : -1;
    CHECK(status != 0);
    CHECK(strstr(out, "disabled") != NULL);
  } else {
    printf("SKIP: the CLI checks (SILA_BIN is not set)\n");
  }

  svc_httpd_stop(srv);
  sila_store_close(local_store);
  sila_store_close(remote_store);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  return TEST_REPORT();
}
