/* cmd_store.c — `sila init` and `sila stats`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sila_cli.h"
#include "sila_text.h"

int sila_cmd_init(int argc, char **argv) {
  const char *dir;
  int opt = sila_cli_store_option(argc, argv, "usage: sila init [--store] DIR\n", &dir);
  if (opt >= 0)
    return opt;
  if (optind < argc)
    dir = argv[optind];
  dir = sila_cli_store_dir(dir);
  SilaStore *store;
  if (sila_store_open(dir, 0, &store) == SILA_OK) {
    sila_store_close(store);
    fprintf(stderr, "sila: %s already holds a store (left as it is)\n", dir);
    return SILA_EXIT_OK;
  }
  SilaStatus st = sila_store_open(dir, SILA_STORE_CREATE, &store);
  if (st != SILA_OK) {
    fprintf(stderr, "sila: cannot create a store in %s: %s\n", dir, sila_strerror(st));
    return SILA_EXIT_FAIL;
  }
  sila_store_close(store);
  printf("created an empty store in %s\n", dir);
  return SILA_EXIT_OK;
}

static int print_term(SilaTxn *txn, SilaId id) {
  if (id == SILA_ID_DEFAULT_GRAPH) {
    fputs("(default graph)", stdout);
    return 0;
  }
  SilaTerm t;
  char buf[SILA_TERM_BUF];
  SilaBuf b = SILA_BUF_INIT;
  if (sila_txn_term(txn, id, &t, buf) != SILA_OK || sila_buf_put_term_nt(&b, &t))
    return -1;
  fputs(b.data, stdout);
  sila_buf_free(&b);
  return 0;
}

int sila_cmd_stats(int argc, char **argv) {
  const char *dir;
  int opt = sila_cli_store_option(argc, argv, "usage: sila stats [--store DIR]\n", &dir);
  if (opt >= 0)
    return opt;
  SilaStore *store;
  int rc = sila_cli_open_store(sila_cli_store_dir(dir), SILA_STORE_READONLY, &store);
  if (rc)
    return rc;
  SilaTxn *txn;
  SilaStoreStats st;
  if (sila_txn_begin_read(store, &txn) != SILA_OK || sila_txn_stats(txn, &st) != SILA_OK) {
    fprintf(stderr, "sila: cannot read the store\n");
    sila_store_close(store);
    return SILA_EXIT_FAIL;
  }
  printf("quads\t%llu\ngraphs\t%llu\nterms\t%llu\nblank_nodes\t%llu\nbytes_on_disk\t%llu\n"
         "bytes_per_quad\t%.1f\nwrites\t%llu\nindexes\t%s\n",
         (unsigned long long)st.quads, (unsigned long long)st.graphs,
         (unsigned long long)st.terms, (unsigned long long)st.blank_nodes,
         (unsigned long long)st.bytes_on_disk,
         st.quads ? (double)st.bytes_on_disk / (double)st.quads : 0.0,
         (unsigned long long)st.generation, st.indexes_agree ? "consistent" : "INCONSISTENT");
  SilaTextStats ts;
  if (sila_text_stats(txn, &ts) == SILA_OK) {
    if (ts.present)
      printf("text_literals\t%llu\ntext_words\t%llu\ntext_postings\t%llu\ntext_bytes\t%llu\n"
             "text_share\t%.1f%%\ntext_default_lang\t%s\n",
             (unsigned long long)ts.literals, (unsigned long long)ts.keys,
             (unsigned long long)ts.postings, (unsigned long long)ts.bytes,
             ts.store_bytes ? 100.0 * (double)ts.bytes / (double)ts.store_bytes : 0.0,
             ts.default_lang[0] ? ts.default_lang : "none");
    else
      printf("text_index\tabsent (a writable open or 'sila reindex' builds it)\n");
  }
  SilaGraphIter *it;
  if (sila_graphs_open(txn, &it) == SILA_OK) {
    SilaId g;
    while (sila_graphs_next(it, &g) == 1) {
      SilaIdQuad pat = {0, 0, 0, g};
      printf("graph\t");
      print_term(txn, g);
      printf("\t%llu\n", (unsigned long long)sila_txn_count(txn, &pat, 0));
    }
    sila_graphs_free(it);
  }
  sila_txn_abort(txn);
  sila_store_close(store);
  return SILA_EXIT_OK;
}
