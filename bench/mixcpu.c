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

#include "bench_query.h"

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
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
    if (!(texts[i] = bench_slurp(argv[optind + i], NULL))) {
      fprintf(stderr, "cannot read %s\n", argv[optind + i]);
      status = 1;
    }
  if (!texts || !ms || !rows)
    status = 1;
  for (int r = -1; r < rounds && !status; r++) /* round -1: warm-up */
    for (int i = 0; i < nq && !status; i++) {
      double t0 = cpu_ms();
      rows[i] = bench_run_once(store, texts[i], strlen(texts[i]), true);
      if (rows[i] < 0)
        status = 1;
      else if (r >= 0)
        ms[(size_t)i * (size_t)rounds + (size_t)r] = cpu_ms() - t0;
    }
  if (!status) {
    printf("%-28s %8s %10s %10s %10s\n", "query", "rows", "cpu ms", "p10", "p90");
    for (int i = 0; i < nq; i++) {
      double *m = ms + (size_t)i * (size_t)rounds;
      qsort(m, (size_t)rounds, sizeof *m, bench_cmp_double);
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
