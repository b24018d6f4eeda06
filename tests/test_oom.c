/* test_oom.c — out-of-memory fault injection (store/sila_alloc.h), as
 * SQLite tests it: for n = 1, 2, ... the n-th allocation of an operation
 * fails (and, in a second pass, every one after it), until the operation
 * completes without reaching n.  Each failed run must end in a clean error
 * (SILA_ERR_NOMEM, never a crash: the ASan run also checks for leaks) and
 * leave the store exactly as it was; a run that reports success must give
 * the reference answer.  Operations: a load (Turtle with prefixes, blank
 * nodes, long literals), a query (join, OPTIONAL, FILTER, GROUP BY,
 * ORDER BY, string functions) and an update (DELETE/INSERT WHERE and
 * INSERT DATA).
 *
 * SILA_OOM_STRIDE=k tries every k-th n only (default 1: every n).  To
 * debug one case: SILA_OOM_OP=query SILA_OOM_FROM=n SILA_ALLOC_BACKTRACE=1
 * prints where the failing allocation was made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_alloc.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "sila_update.h"
#include "test_harness.h"

static char dir[256];
static SilaStore *store;
static void reset_store(void);
static char err_text[512]; /* the last operation's error message */

static SilaStatus keep_error(SilaStatus st, const SilaError *err) {
  err_text[0] = '\0';
  if (st != SILA_OK)
    sila_error_format(err, err_text, sizeof err_text);
  return st;
}

static const char *const base_data =
    "@prefix ex: <http://ex.org/> .\n"
    "ex:cs ex:name \"Cosenza\"@it ; ex:pop 65000 ; ex:in ex:cal .\n"
    "ex:cz ex:name \"Catanzaro\"@it ; ex:pop 85000 ; ex:in ex:cal .\n"
    "ex:rc ex:name \"Reggio Calabria\"@it ; ex:pop 170000 ; ex:in ex:cal .\n"
    "ex:cal ex:name \"Calabria\" .\n";

static const char *const load_data =
    "@prefix ex: <http://ex.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "ex:kr ex:name \"Crotone\"@it ; ex:pop 60000 ; ex:in ex:cal ;\n"
    "  ex:note \"a literal long enough to need the dictionary of the store, not an inline id\" .\n"
    "ex:vv ex:name \"Vibo Valentia\"@it ; ex:pop \"33000\"^^xsd:integer ; ex:in ex:cal ;\n"
    "  ex:mayor [ ex:name \"someone\" ; ex:since \"2021-10-18\"^^xsd:date ] .\n"
    "<http://ex.org/g1> { ex:kr ex:seen 1.5 . }\n";

static const char *const query_text = "PREFIX ex: <http://ex.org/>\n"
                                      "SELECT ?r (COUNT(?c) AS ?n) (SUM(?p) AS ?total) "
                                      "(GROUP_CONCAT(UCASE(?name); separator=\", \") AS ?names)\n"
                                      "WHERE { ?c ex:in ?r ; ex:pop ?p . OPTIONAL { ?c ex:name "
                                      "?name } FILTER(?p > 1000 && STRLEN(STR(?c)) > 3) }\n"
                                      "GROUP BY ?r ORDER BY DESC(?total)";

static const char *const query2_text =
    "PREFIX ex: <http://ex.org/>\n"
    "SELECT DISTINCT ?a ?b ?len WHERE { ?a ex:in+ ?b .\n"
    "  { SELECT ?a WHERE { ?a ex:pop ?p } ORDER BY DESC(?p) LIMIT 5 }\n"
    "  VALUES ?b { ex:cal ex:none } MINUS { ?a ex:name \"nothing\" }\n"
    "  OPTIONAL { ?a ex:name ?n BIND(STRLEN(REPLACE(?n, \"[aeiou]\", \"\")) AS ?len) } }\n"
    "ORDER BY ?a";

static const char *const construct_text =
    "PREFIX ex: <http://ex.org/>\n"
    "CONSTRUCT { ?c ex:region ?r ; ex:size ?big . ?r ex:has ?c } WHERE { ?c ex:in ?r ; ex:pop ?p\n"
    "  BIND(IF(?p > 80000, \"large\", \"small\") AS ?big) }";

static const char *const update_text = "PREFIX ex: <http://ex.org/>\n"
                                       "DELETE { ?c ex:pop ?p } INSERT { ?c ex:pop ?q ; ex:label "
                                       "?l } WHERE { ?c ex:pop ?p BIND(?p + 1 AS ?q) "
                                       "BIND(CONCAT(\"city \", STR(?c)) AS ?l) } ;\n"
                                       "INSERT DATA { GRAPH ex:g2 { ex:x ex:y \"a new literal long "
                                       "enough for the dictionary\" , _:b } }";

/* The store's whole content as sorted text (computed with injection off). */
static char *fingerprint(void) {
  const char *q = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
                  " ORDER BY ?s ?p ?o ?g";
  SilaQuery *query = NULL;
  SilaTxn *txn = NULL;
  SilaExec *ex = NULL;
  SilaExecOptions opt = {0};
  SilaBuf out = SILA_BUF_INIT;
  if (sila_sparql_parse_query(q, strlen(q), NULL, &query, NULL) != SILA_OK ||
      sila_txn_begin_read(store, &txn) != SILA_OK ||
      sila_exec_open(txn, query, &opt, &ex, NULL) != SILA_OK)
    abort();
  const SilaTerm *const *row;
  while (sila_exec_next(ex, &row) == 1) {
    for (int i = 0; i < 4; i++) {
      if (row[i] && row[i]->kind != SILA_TERM_BLANK)
        sila_buf_put_term_nt(&out, row[i]);
      sila_buf_putc(&out, ' ');
    }
    sila_buf_putc(&out, '\n');
  }
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(query);
  if (sila_buf_failed(&out))
    abort();
  return out.data ? out.data : strdup("");
}

static SilaStatus run_load(char **answer) {
  char path[300];
  snprintf(path, sizeof path, "%s/data.trig", dir);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  SilaError err = {0};
  *answer = NULL;
  return keep_error(sila_load_files(store, paths, 1, &opt, NULL, &err), &err);
}

/* Runs a SELECT or a CONSTRUCT; *answer gets its rows or triples as text. */
static SilaStatus run_text(const char *text, char **answer) {
  SilaQuery *query = NULL;
  SilaError err = {0};
  *answer = NULL;
  SilaStatus st = sila_sparql_parse_query(text, strlen(text), NULL, &query, &err);
  if (st != SILA_OK)
    return keep_error(st, &err);
  SilaTxn *txn = NULL;
  st = sila_txn_begin_read(store, &txn);
  SilaExec *ex = NULL;
  SilaExecOptions opt = {0};
  if (st == SILA_OK)
    st = sila_exec_open(txn, query, &opt, &ex, &err);
  SilaBuf out = SILA_BUF_INIT;
  if (st == SILA_OK) {
    const SilaTerm *const *row;
    SilaTerm t[3];
    int r;
    if (sila_query_form(query) == SILA_QUERY_CONSTRUCT) {
      while ((r = sila_exec_next_triple(ex, &t[0], &t[1], &t[2])) == 1) {
        for (int i = 0; i < 3; i++)
          if (t[i].kind != SILA_TERM_BLANK)
            sila_buf_put_term_nt(&out, &t[i]);
        sila_buf_putc(&out, '\n');
      }
    } else {
      r = 0;
    }
    while (sila_query_form(query) != SILA_QUERY_CONSTRUCT && (r = sila_exec_next(ex, &row)) == 1) {
      for (size_t i = 0; i < sila_exec_var_count(ex); i++) {
        if (row[i])
          sila_buf_put_term_nt(&out, row[i]);
        sila_buf_putc(&out, '|');
      }
      sila_buf_putc(&out, '\n');
    }
    if (r < 0) {
      st = (SilaStatus)-r;
      snprintf(err.message, sizeof err.message, "%s", sila_exec_error(ex));
    }
  }
  if (st == SILA_OK && sila_buf_failed(&out))
    st = SILA_ERR_NOMEM;
  sila_exec_free(ex);
  sila_txn_abort(txn);
  sila_query_free(query);
  if (st == SILA_OK)
    *answer = out.data ? out.data : strdup("");
  else
    sila_buf_free(&out);
  return keep_error(st, &err);
}

/* A larger load (3,000 statements, many dictionary terms, blank nodes): the
 * bulk loader's growth paths. */
static SilaStatus run_load_big(char **answer) {
  char path[300];
  snprintf(path, sizeof path, "%s/big.nt", dir);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  SilaError err = {0};
  *answer = NULL;
  return keep_error(sila_load_files(store, paths, 1, &opt, NULL, &err), &err);
}

static SilaStatus run_query(char **answer) { return run_text(query_text, answer); }
static SilaStatus run_query2(char **answer) { return run_text(query2_text, answer); }
static SilaStatus run_construct(char **answer) { return run_text(construct_text, answer); }

static SilaStatus run_update(char **answer) {
  SilaQuery *update = NULL;
  SilaError err = {0};
  *answer = NULL;
  SilaStatus st = sila_sparql_parse_update(update_text, strlen(update_text), NULL, &update, &err);
  if (st == SILA_OK)
    st = sila_update_run(store, update, NULL, &err);
  sila_query_free(update);
  return keep_error(st, &err);
}

/* Runs `op` with the n-th allocation failing, for every n until the
 * operation no longer reaches n; checks each outcome.  `writes`: the
 * operation changes the store when it succeeds (it is then undone by
 * restoring the store from `base_data`). */
static void inject(const char *name, SilaStatus (*op)(char **), bool writes, bool persist,
                   long stride) {
  const char *only = getenv("SILA_OOM_OP"); /* debugging: one operation only */
  if (only && strcmp(only, name) != 0)
    return;
  char *before = fingerprint();
  /* The reference: the operation without failures. */
  char *reference = NULL;
  CHECK_INT(SILA_OK, op(&reference));
  char *after_ok = fingerprint();
  long runs = 0, failed_runs = 0;
  if (writes)
    reset_store(); /* undo: a fresh store holding the base data again */
  /* SILA_OOM_FROM=n starts there (with SILA_ALLOC_BACKTRACE=1, to see where
   * an allocation that misbehaves is made). */
  const char *from = getenv("SILA_OOM_FROM");
  for (long n = from && atol(from) > 0 ? atol(from) : 1;; n += stride) {
    sila_alloc_fail_at(n, persist);
    char *answer = NULL;
    SilaStatus st = op(&answer);
    long failures = sila_alloc_failures();
    sila_alloc_fail_at(0, false);
    runs++;
    char *now = fingerprint();
    if (failures == 0) {
      /* Fewer than n allocations: the run was clean; it must be right. */
      CHECK_INT(SILA_OK, st);
      CHECK_STR(writes ? after_ok : before, now);
      free(answer);
      free(now);
      if (writes)
        reset_store();
      break;
    }
    if (st == SILA_OK) {
      /* A failure that was absorbed (a cache, a fallback): same answer. */
      if ((reference && answer && strcmp(reference, answer) != 0) ||
          strcmp(writes ? after_ok : before, now) != 0)
        fprintf(stderr,
                "%s: allocation %ld failed, the operation said OK but its result is wrong\n", name,
                n);
      if (reference && answer)
        CHECK_STR(reference, answer);
      CHECK_STR(writes ? after_ok : before, now);
      if (writes)
        reset_store();
    } else {
      failed_runs++;
      if (st != SILA_ERR_NOMEM)
        fprintf(stderr, "%s: allocation %ld failed: status %s (%s)\n", name, n, sila_strerror(st),
                err_text);
      CHECK_INT(SILA_ERR_NOMEM, st);
      /* Nothing of a failed operation may remain. */
      if (strcmp(before, now) != 0) {
        fprintf(stderr, "%s: allocation %ld failed and the store changed\n", name, n);
        CHECK_STR(before, now);
        reset_store();
      }
    }
    free(answer);
    free(now);
  }
  printf("%s%s: %ld runs, %ld ended in SILA_ERR_NOMEM\n", name, persist ? " (persistent)" : "",
         runs, failed_runs);
  free(before);
  free(after_ok);
  free(reference);
}

static void rm_store(void) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s/store'", dir);
  if (system(cmd) != 0)
    abort();
}

static void reset_store(void) {
  sila_store_close(store);
  rm_store();
  char path[300];
  snprintf(path, sizeof path, "%s/store", dir);
  if (sila_store_open(path, SILA_STORE_CREATE, &store) != SILA_OK)
    abort();
  snprintf(path, sizeof path, "%s/base.ttl", dir);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  if (sila_load_files(store, paths, 1, &opt, NULL, NULL) != SILA_OK)
    abort();
}

static void write_file(const char *name, const char *text) {
  char path[300];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0)
    abort();
}

/* A buffer remembers a failed append: later appends fail too, the content
 * stays what it was before the failure, and sila_buf_free forgets it. */
static void sticky_buffer(void) {
  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(0, sila_buf_puts(&b, "kept"));
  char big[200];
  memset(big, 'x', sizeof big);
  sila_alloc_fail_at(1, false); /* the growth for `big` fails */
  CHECK_INT(-1, sila_buf_append(&b, big, sizeof big));
  sila_alloc_fail_at(0, false);
  CHECK(sila_buf_failed(&b));
  CHECK_INT(-1, sila_buf_puts(&b, "lost")); /* memory is back, the failure stays */
  CHECK_INT(-1, sila_buf_printf(&b, "%d", 42));
  CHECK_STR("kept", b.data);
  sila_buf_free(&b);
  CHECK(!sila_buf_failed(&b));
  CHECK_INT(0, sila_buf_puts(&b, "again"));
  CHECK_STR("again", b.data);
  sila_buf_free(&b);
}

int main(void) {
  sticky_buffer();
  snprintf(dir, sizeof dir, "/tmp/sila-oom-XXXXXX");
  if (!mkdtemp(dir))
    return 99;
  write_file("base.ttl", base_data);
  write_file("data.trig", load_data);
  char big_path[300];
  snprintf(big_path, sizeof big_path, "%s/big.nt", dir);
  FILE *big = fopen(big_path, "w");
  if (!big)
    return 99;
  for (int i = 0; i < 1000; i++)
    fprintf(big,
            "<http://ex.org/item/%d> <http://ex.org/label> \"item number %d, long enough for the "
            "dictionary\"@it .\n"
            "<http://ex.org/item/%d> <http://ex.org/part> _:b%d .\n"
            "_:b%d <http://ex.org/weight> \"%d.%d\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n",
            i, i, i, i, i, i, i % 10);
  if (fclose(big) != 0)
    return 99;
  reset_store();
  const char *s = getenv("SILA_OOM_STRIDE");
  long stride = s && atol(s) > 0 ? atol(s) : 1;
  for (int persist = 0; persist < 2; persist++) {
    inject("load", run_load, true, persist, stride);
    inject("load-big", run_load_big, true, persist, stride);
    inject("query", run_query, false, persist, stride);
    inject("query2", run_query2, false, persist, stride);
    inject("construct", run_construct, false, persist, stride);
    inject("update", run_update, true, persist, stride);
  }
  sila_store_close(store);
  rm_store();
  char path[300];
  snprintf(path, sizeof path, "%s/base.ttl", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/data.trig", dir);
  unlink(path);
  unlink(big_path);
  rmdir(dir);
  return TEST_REPORT();
}
