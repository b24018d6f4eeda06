/* fuzz_query.c — libFuzzer target for the whole query pipeline: parse,
 * plan and execute on a small store, with a deadline and caps so that a
 * hostile query (deep nesting, cartesian products, long paths) ends in a
 * clean error.  Any crash, sanitizer report or leak is a bug.
 *
 * `make fuzz` (scripts/fuzz.sh) runs it with libFuzzer; make check replays
 * its corpus, tests/fuzz/corpus/fuzz_query/ (tests/fuzz.am). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_exec.h"

static SilaStore *store;
static char dir[128];

/* Removes the store at exit, so that replays in make check leave nothing. */
static void remove_store(void) {
  sila_store_close(store);
  store = NULL;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (e->d_name[0] != '.')
      unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(dir);
}

static void setup(void) {
  snprintf(dir, sizeof dir, "/tmp/sila-fuzz-query-%d", (int)getpid());
  if (sila_store_open(dir, SILA_STORE_CREATE, &store) != SILA_OK)
    abort();
  SilaTxn *w;
  SilaBulk *b;
  if (sila_txn_begin_write(store, 0, &w) != SILA_OK || sila_bulk_new(w, &b) != SILA_OK)
    abort();
  const char *ex = "http://example.org/";
  char s[64], o[64];
  for (int i = 0; i < 60; i++) {
    snprintf(s, sizeof s, "%ss%d", ex, i % 13);
    snprintf(o, sizeof o, "%so%d", ex, (i * 7) % 11);
    SilaTerm st = sila_term_iri(s), ot = sila_term_iri(o);
    SilaTerm p = sila_term_iri(i % 3 ? "http://example.org/p" : "http://example.org/q");
    char lit[32];
    snprintf(lit, sizeof lit, "%d", i);
    SilaTerm l = sila_term_literal(lit, SILA_NS_XSD "integer", NULL);
    SilaTerm name = sila_term_literal("nome", NULL, i % 2 ? "it" : "en");
    SilaTerm g = sila_term_iri("http://example.org/g");
    sila_bulk_add(b, &st, &p, &ot, i % 4 ? NULL : &g);
    sila_bulk_add(b, &st, &p, &l, NULL);
    sila_bulk_add(b, &ot, &p, &name, NULL);
  }
  if (sila_bulk_finish(b, NULL) != SILA_OK || sila_txn_commit(w) != SILA_OK)
    abort();
  atexit(remove_store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!store)
    setup();
  SilaQuery *q = NULL;
  SilaError err = {0};
  if (sila_sparql_parse_query((const char *)data, size, "http://example.org/", &q, &err) !=
      SILA_OK)
    return 0;
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK)
    abort();
  SilaExecOptions opt = {.union_default_graph = size % 2 == 0, .timeout = 0.5,
                         .max_rows = 1000, .max_memory = 16u << 20};
  SilaExec *ex;
  if (sila_exec_open(txn, q, &opt, &ex, &err) == SILA_OK) {
    SilaQueryForm form = sila_query_form(q);
    if (form == SILA_QUERY_SELECT) {
      const SilaTerm *const *row;
      while (sila_exec_next(ex, &row) == 1)
        ;
    } else if (form == SILA_QUERY_ASK) {
      bool b;
      sila_exec_ask(ex, &b);
    } else {
      SilaTerm s, p, o;
      while (sila_exec_next_triple(ex, &s, &p, &o) == 1)
        ;
    }
    sila_exec_free(ex);
  }
  sila_txn_abort(txn);
  sila_query_free(q);
  return 0;
}
