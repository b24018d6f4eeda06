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

#include "oom_driver.h"
#include "sila_alloc.h"
#include "sila_exec.h"
#include "sila_load.h"
#include "sila_update.h"
#include "test_harness.h"

static char dir[256];
static SilaStore *store;

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

/* The store's whole content as sorted text (blank nodes left out). */
static char *fingerprint(void *ctx) {
  (void)ctx;
  return oom_store_text(store, true);
}

/* Loads the file `ctx` of dir. */
static SilaStatus run_load(void *ctx, char **answer, SilaError *err) {
  (void)answer;
  char path[300];
  snprintf(path, sizeof path, "%s/%s", dir, (const char *)ctx);
  const char *paths[] = {path};
  SilaLoadOptions opt = {.format = SILA_RDF_UNKNOWN};
  return sila_load_files(store, paths, 1, &opt, NULL, err);
}

/* Runs the SELECT or CONSTRUCT `ctx`; *answer gets its rows or triples as text. */
static SilaStatus run_query(void *ctx, char **answer, SilaError *err) {
  const char *text = ctx;
  SilaQuery *query = NULL;
  SilaStatus st = sila_sparql_parse_query(text, strlen(text), NULL, &query, err);
  if (st != SILA_OK)
    return st;
  SilaTxn *txn = NULL;
  st = sila_txn_begin_read(store, &txn);
  SilaExec *ex = NULL;
  SilaExecOptions opt = {0};
  if (st == SILA_OK)
    st = sila_exec_open(txn, query, &opt, &ex, err);
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
      snprintf(err->message, sizeof err->message, "%s", sila_exec_error(ex));
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
  return st;
}

static SilaStatus run_update(void *ctx, char **answer, SilaError *err) {
  (void)ctx, (void)answer;
  SilaQuery *update = NULL;
  SilaStatus st = sila_sparql_parse_update(update_text, strlen(update_text), NULL, &update, err);
  if (st == SILA_OK)
    st = sila_update_run(store, update, NULL, err);
  sila_query_free(update);
  return st;
}

static void rm_store(void) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s/store'", dir);
  if (system(cmd) != 0)
    abort();
}

/* A fresh store holding the base data. */
static void reset_store(void *ctx) {
  (void)ctx;
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
  reset_store(NULL);
  /* writes: undone by a fresh store holding the base data again */
  const OomOp ops[] = {
      {"load", run_load, fingerprint, NULL, reset_store, true, (void *)"data.trig"},
      /* 3,000 statements, many dictionary terms, blank nodes: the bulk
       * loader's growth paths */
      {"load-big", run_load, fingerprint, NULL, reset_store, true, (void *)"big.nt"},
      {"query", run_query, fingerprint, NULL, reset_store, false, (void *)query_text},
      {"query2", run_query, fingerprint, NULL, reset_store, false, (void *)query2_text},
      {"construct", run_query, fingerprint, NULL, reset_store, false, (void *)construct_text},
      {"update", run_update, fingerprint, NULL, reset_store, true, NULL},
  };
  long stride = oom_stride(1);
  for (int persist = 0; persist < 2; persist++)
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
      CHECK_INT(0, oom_inject(&ops[i], persist, stride));
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
