/* qbench.c — in-process query latency: opens a store once and runs each
 * query file R times, printing rows, median and p95 milliseconds (and
 * RESULT lines for scripts).  Parsing, planning, execution and decoding of
 * every result term are measured; serialisation is not.  With --clients
 * N, N threads then run the whole mix R times each at once, and the
 * throughput (query mixes and queries per hour) is reported.
 *
 *   sila-qbench --store DIR [--runs R] [--clients N] [--no-union] QUERY.rq... */
#include <pthread.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_query.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct {
  SilaStore *store;
  char **texts;
  size_t *lens;
  int nq, runs;
  bool uni;
  int errors;
} Client;

static void *client_main(void *arg) {
  Client *c = arg;
  for (int r = 0; r < c->runs; r++)
    for (int q = 0; q < c->nq; q++)
      if (bench_run_once(c->store, c->texts[q], c->lens[q], c->uni) < 0)
        c->errors++;
  return NULL;
}

/* N clients at once, each running the mix `runs` times. */
static int concurrent(SilaStore *store, char **texts, size_t *lens, int nq, int runs, int clients,
                      bool uni) {
  Client *cs = calloc((size_t)clients, sizeof *cs);
  pthread_t *th = calloc((size_t)clients, sizeof *th);
  double t0 = now_ms();
  for (int i = 0; i < clients; i++) {
    cs[i] = (Client){store, texts, lens, nq, runs, uni, 0};
    pthread_create(&th[i], NULL, client_main, &cs[i]);
  }
  int errors = 0;
  for (int i = 0; i < clients; i++) {
    pthread_join(th[i], NULL);
    errors += cs[i].errors;
  }
  double ms = now_ms() - t0;
  double mixes = (double)clients * runs;
  printf("%d clients: %.0f query mixes in %.1f ms: %.0f mixes/hour, %.0f queries/hour, %d errors\n",
         clients, mixes, ms, mixes * 3600e3 / ms, mixes * nq * 3600e3 / ms, errors);
  printf("RESULT clients=%d mixes_per_hour=%.0f queries_per_hour=%.0f errors=%d\n", clients,
         mixes * 3600e3 / ms, mixes * nq * 3600e3 / ms, errors);
  free(cs);
  free(th);
  return errors ? 1 : 0;
}

int main(int argc, char **argv) {
  const char *dir = NULL;
  int runs = 20, clients = 0;
  bool uni = true;
  static const struct option opts[] = {{"store", required_argument, 0, 's'},
                                       {"runs", required_argument, 0, 'r'},
                                       {"no-union", no_argument, 0, 'U'},
                                       {"clients", required_argument, 0, 'c'},
                                       {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "s:r:Uc:", opts, NULL)) != -1) {
    if (c == 'c') {
      clients = atoi(optarg);
      continue;
    }
    if (c == 's')
      dir = optarg;
    else if (c == 'r')
      runs = atoi(optarg) > 0 ? atoi(optarg) : 1;
    else if (c == 'U')
      uni = false;
    else
      return 2;
  }
  if (!dir || optind >= argc) {
    fprintf(stderr, "usage: sila-qbench --store DIR [--runs R] [--clients N] [--no-union] QUERY.rq...\n");
    return 2;
  }
  SilaStore *store;
  if (sila_store_open(dir, SILA_STORE_READONLY, &store) != SILA_OK) {
    fprintf(stderr, "cannot open the store in %s\n", dir);
    return 1;
  }
  int status = 0;
  double total_median = 0;
  printf("%-24s %8s %10s %10s %10s\n", "query", "rows", "median ms", "p95 ms", "first ms");
  for (int i = optind; i < argc; i++) {
    size_t len;
    char *text = bench_slurp(argv[i], &len);
    if (!text) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      status = 1;
      continue;
    }
    double *ms = malloc((size_t)runs * sizeof *ms);
    double t_first = now_ms();
    long rows = bench_run_once(store, text, len, uni); /* warm-up (page cache) */
    t_first = now_ms() - t_first;
    for (int r = 0; r < runs && rows >= 0; r++) {
      double t0 = now_ms();
      rows = bench_run_once(store, text, len, uni);
      ms[r] = now_ms() - t0;
    }
    const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
    if (rows < 0) {
      printf("%-24s %8s\n", name, "ERROR");
      status = 1;
    } else {
      qsort(ms, (size_t)runs, sizeof *ms, bench_cmp_double);
      double med = ms[runs / 2], p95 = ms[(runs * 95) / 100 < runs ? (runs * 95) / 100 : runs - 1];
      total_median += med;
      printf("%-24s %8ld %10.3f %10.3f %10.3f\n", name, rows, med, p95, t_first);
      printf("RESULT query=%s rows=%ld median_ms=%.3f p95_ms=%.3f first_ms=%.3f\n", name, rows,
             med, p95, t_first);
    }
    free(ms);
    free(text);
  }
  printf("RESULT mix_median_ms=%.3f queries_per_hour_one_client=%.0f\n", total_median,
         total_median > 0 ? 3600e3 / total_median * (argc - optind) : 0);
  if (clients > 0) {
    int nq = argc - optind;
    char **texts = calloc((size_t)nq, sizeof *texts);
    size_t *lens = calloc((size_t)nq, sizeof *lens);
    for (int i = 0; i < nq; i++)
      texts[i] = bench_slurp(argv[optind + i], &lens[i]);
    status |= concurrent(store, texts, lens, nq, runs, clients, uni);
    for (int i = 0; i < nq; i++)
      free(texts[i]);
    free(texts);
    free(lens);
  }
  sila_store_close(store);
  return status;
}
