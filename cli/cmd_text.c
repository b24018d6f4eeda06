/* cmd_text.c — `sila reindex` (rebuild the text index) and `sila search`
 * (a text query from the command line: subjects, scores and snippets). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_cli.h"
#include "sila_text.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int sila_cmd_reindex(int argc, char **argv) {
  const char *dir = NULL, *lang = NULL;
  static const struct option opts[] = {{"store", required_argument, 0, 's'},
                                       {"lang", required_argument, 0, 'l'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:l:h", opts, NULL)) != -1) {
    if (c == 's')
      dir = optarg;
    else if (c == 'l')
      lang = optarg;
    else {
      fprintf(c == 'h' ? stdout : stderr,
              "usage: sila reindex [--store DIR] [--lang it|en|de|fr|es|pt|nl|none]\n"
              "Rebuilds the text index of every literal (one write transaction).\n"
              "--lang sets the language of literals without a language tag (default it).\n");
      return c == 'h' ? SILA_EXIT_OK : SILA_EXIT_USAGE;
    }
  }
  if (lang && !strcmp(lang, "none"))
    lang = "";
  SilaStore *store;
  double t0 = now_ms();
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), 0, &store);
  if (rc)
    return rc;
  SilaTxn *txn;
  SilaTextStats ts;
  bool fresh = false; /* the open just built it: no need to build it twice */
  if (sila_txn_begin_read(store, &txn) == SILA_OK) {
    fresh = sila_text_stats(txn, &ts) == SILA_OK && ts.built_at_open && !lang;
    sila_txn_abort(txn);
  }
  SilaStatus st = fresh ? SILA_OK : sila_txn_begin_write(store, 0, &txn);
  if (st == SILA_OK && !fresh) {
    st = sila_text_reindex(txn, lang);
    if (st == SILA_OK)
      st = sila_txn_commit(txn);
    else
      sila_txn_abort(txn);
  }
  if (st == SILA_ERR_INVALID && lang) {
    fprintf(stderr, "sila: unknown language '%s' (it, en, de, fr, es, pt, nl or none)\n", lang);
    sila_store_close(store);
    return SILA_EXIT_USAGE;
  }
  if (st != SILA_OK) {
    fprintf(stderr, "sila: reindex failed: %s\n", sila_strerror(st));
    sila_store_close(store);
    return SILA_EXIT_FAIL;
  }
  if (sila_txn_begin_read(store, &txn) == SILA_OK) {
    if (sila_text_stats(txn, &ts) == SILA_OK)
      printf("indexed %llu literals (%llu words, %llu postings, %.1f MB) in %.2f s\n",
             (unsigned long long)ts.literals, (unsigned long long)ts.keys,
             (unsigned long long)ts.postings, (double)ts.bytes / 1e6, (now_ms() - t0) / 1e3);
    sila_txn_abort(txn);
  }
  sila_store_close(store);
  return SILA_EXIT_OK;
}

static void put_term(SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char buf[SILA_TERM_BUF];
  SilaBuf b = SILA_BUF_INIT;
  if (sila_txn_term(txn, id, &t, buf) == SILA_OK && !sila_buf_put_term_nt(&b, &t))
    fputs(b.data, stdout);
  sila_buf_free(&b);
}

int sila_cmd_search(int argc, char **argv) {
  const char *dir = NULL, *base = "https://dati.calabria.it";
  long limit = 10;
  bool count = false;
  static const struct option opts[] = {{"store", required_argument, 0, 's'},
                                       {"limit", required_argument, 0, 'n'},
                                       {"base", required_argument, 0, 'b'},
                                       {"count", no_argument, 0, 'c'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "s:n:b:ch", opts, NULL)) != -1) {
    if (c == 's')
      dir = optarg;
    else if (c == 'b')
      base = optarg;
    else if (c == 'n')
      limit = atol(optarg);
    else if (c == 'c')
      count = true;
    else {
      fprintf(c == 'h' ? stdout : stderr,
              "usage: sila search [--store DIR] [--limit N] [--base IRI] [--count] QUERY\n"
              "Full-text search: words, castel* (prefix), \"castello svevo\" (phrase),\n"
              "OR, NOT / -word.  Prints score, subject and snippet per line (tab-separated),\n"
              "the data first, then ontology and vocabulary terms (a fourth column\n"
              "'vocabulary': classes, properties, concepts, what only the graph\n"
              "BASE/onto describes; --base defaults to https://dati.calabria.it);\n"
              "--count prints only the number of matching literals and the time.\n");
      return c == 'h' ? SILA_EXIT_OK : SILA_EXIT_USAGE;
    }
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "usage: sila search [--store DIR] [--limit N] QUERY\n");
    return SILA_EXIT_USAGE;
  }
  const char *text = argv[optind];
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc)
    return rc;
  SilaTxn *txn;
  SilaTextQuery *q = NULL;
  SilaError err = {0};
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    sila_store_close(store);
    return SILA_EXIT_FAIL;
  }
  double t0 = now_ms();
  SilaStatus st = sila_text_query_parse(txn, text, strlen(text), &q, &err);
  if (st != SILA_OK) {
    char msg[600];
    fprintf(stderr, "sila: %s\n", err.message[0] ? sila_error_format(&err, msg, sizeof msg)
                                                 : sila_strerror(st));
    sila_txn_abort(txn);
    sila_store_close(store);
    return st == SILA_ERR_SYNTAX || st == SILA_ERR_INVALID ? SILA_EXIT_MALFORMED : SILA_EXIT_FAIL;
  }
  int exit = SILA_EXIT_OK;
  if (count) {
    SilaTextDoc *docs;
    size_t n;
    st = sila_text_query_run(txn, q, &docs, &n);
    if (st == SILA_OK)
      printf("%zu\t%.3f ms\n", n, now_ms() - t0);
    free(docs);
  } else {
    SilaTextHit *hits;
    size_t n;
    bool truncated;
    st = sila_text_search(txn, q, SILA_ID_ANY, 10000, &hits, &n, &truncated);
    if (st == SILA_OK) {
      SilaBuf vg = SILA_BUF_INIT;
      SilaId vocab = 0;
      if (!sila_buf_printf(&vg, "%s/onto", base)) {
        SilaTerm vt = sila_term_iri(vg.data);
        if (sila_txn_lookup(txn, &vt, &vocab) != SILA_OK)
          vocab = 0;
      }
      sila_buf_free(&vg);
      st = sila_text_rank(txn, vocab, hits, n);
    }
    for (size_t i = 0; st == SILA_OK && i < n && (long)i < limit; i++) {
      printf("%.3f\t", hits[i].score);
      put_term(txn, hits[i].subject);
      SilaBuf snip = SILA_BUF_INIT;
      if (sila_text_snippet(txn, q, hits[i].literal, 160, &snip) == SILA_OK && snip.data)
        printf("\t%s", snip.data);
      sila_buf_free(&snip);
      fputs(hits[i].vocabulary ? "\tvocabulary\n" : "\n", stdout);
    }
    free(hits);
  }
  if (st != SILA_OK) {
    fprintf(stderr, "sila: search failed: %s\n", sila_strerror(st));
    exit = SILA_EXIT_FAIL;
  }
  sila_text_query_free(q);
  sila_txn_abort(txn);
  sila_store_close(store);
  return exit;
}
