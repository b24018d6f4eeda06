/* mixcpu.c — CPU time of each query when the queries run in turn, as a
 * client of bench/peers.sh sends them (one after the other, round after
 * round), not each many times in a row as sila-qbench does: each query
 * then finds the CPU caches full of the others' pages, as over HTTP.
 *
 *   sila-mixcpu --store DIR [--rounds R] QUERY.rq...
 *
 * Prints per query the median and the 10th-90th percentiles of its
 * thread's CPU time (CLOCK_THREAD_CPUTIME_ID: waiting for a busy machine's
 * CPU does not count) over R rounds after one warm-up round: parse, plan,
 * execute, decode every result term (no serialisation). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sila_exec.h"

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf)
    buf[n] = '\0';
  return buf;
}

/* One run: the rows, or -1 on an error. */
static long run_once(SilaStore *store, const char *text) {
  SilaQuery *q;
  SilaError err = {0};
  if (sila_sparql_parse_query(text, strlen(text), NULL, &q, &err) != SILA_OK) {
    fprintf(stderr, "parse error: %s\n", err.message);
    return -1;
  }
  SilaTxn *txn;
  if (sila_txn_begin_read(store, &txn) != SILA_OK) {
    sila_query_free(q);
    return -1;
  }
  SilaExecOptions opt = {.union_default_graph = true, .timeout = 60};
  SilaExec *ex;
  long rows = 0;
  if (sila_exec_open(txn, q, &opt, &ex, &err) != SILA_OK) {
    rows = -1;
  } else {
    SilaQueryForm form = sila_query_form(q);
    int r = 0;
    if (form == SILA_QUERY_SELECT) {
      const SilaTerm *const *row;
      while ((r = sila_exec_next(ex, &row)) == 1)
        rows++;
    } else if (form == SILA_QUERY_ASK) {
      bool b;
      rows = sila_exec_ask(ex, &b) == SILA_OK ? b : -1;
    } else {
      SilaTerm s, p, o;
      while ((r = sila_exec_next_triple(ex, &s, &p, &o)) == 1)
        rows++;
    }
    if (r < 0)
      rows = -1;
    sila_exec_free(ex);
  }
  sila_txn_abort(txn);
  sila_query_free(q);
  return rows;
}

int main(int argc, char **argv) {
  const char *dir = NULL;
  int rounds = 100;
  static const struct option opts[] = {
      {"store", required_argument, 0, 's'}, {"rounds", required_argument, 0, 'r'}, {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "s:r:", opts, NULL)) != -1) {
    if (c == 's')
      dir = optarg;
    else if (c == 'r')
      rounds = atoi(optarg) > 0 ? atoi(optarg) : 1;
    else
      return 2;
  }
  int nq = argc - optind;
  if (!dir || nq <= 0) {
    fprintf(stderr, "usage: sila-mixcpu --store DIR [--rounds R] QUERY.rq...\n");
    return 2;
  }
  SilaStore *store;
  if (sila_store_open(dir, SILA_STORE_READONLY, &store) != SILA_OK) {
    fprintf(stderr, "cannot open the store in %s\n", dir);
    return 1;
  }
  char **texts = calloc((size_t)nq, sizeof *texts);
  double *ms = calloc((size_t)nq * (size_t)rounds, sizeof *ms);
  long *rows = calloc((size_t)nq, sizeof *rows);
  int status = 0;
  for (int i = 0; i < nq && texts && ms && rows; i++)
    if (!(texts[i] = slurp(argv[optind + i]))) {
      fprintf(stderr, "cannot read %s\n", argv[optind + i]);
      status = 1;
    }
  if (!texts || !ms || !rows)
    status = 1;
  for (int r = -1; r < rounds && !status; r++) /* round -1: warm-up */
    for (int i = 0; i < nq && !status; i++) {
      double t0 = cpu_ms();
      rows[i] = run_once(store, texts[i]);
      if (rows[i] < 0)
        status = 1;
      else if (r >= 0)
        ms[(size_t)i * (size_t)rounds + (size_t)r] = cpu_ms() - t0;
    }
  if (!status) {
    printf("%-28s %8s %10s %10s %10s\n", "query", "rows", "cpu ms", "p10", "p90");
    for (int i = 0; i < nq; i++) {
      double *m = ms + (size_t)i * (size_t)rounds;
      qsort(m, (size_t)rounds, sizeof *m, cmp_double);
      const char *name = strrchr(argv[optind + i], '/');
      name = name ? name + 1 : argv[optind + i];
      printf("%-28s %8ld %10.3f %10.3f %10.3f\n", name, rows[i], m[rounds / 2], m[rounds / 10],
             m[(rounds * 9) / 10]);
      printf("RESULT query=%s rows=%ld cpu_ms=%.3f p10_ms=%.3f p90_ms=%.3f\n", name, rows[i],
             m[rounds / 2], m[rounds / 10], m[(rounds * 9) / 10]);
    }
  } else {
    fprintf(stderr, "sila-mixcpu: a query failed\n");
  }
  for (int i = 0; texts && i < nq; i++)
    free(texts[i]);
  free(texts);
  free(ms);
  free(rows);
  sila_store_close(store);
  return status;
}
