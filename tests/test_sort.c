/* test_sort.c — the radix sorts behind bulk loading, against qsort. */
#include <stdlib.h>

#include "sila_sort.h"
#include "test_harness.h"

static int cmp_key(const void *a, const void *b) { return sila_key4_cmp(a, b); }

static void check_keys(size_t n, int shape) {
  SilaKey4 *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b),
           *t = malloc((n + 1) * sizeof *t);
  for (size_t i = 0; i < n; i++) {
    /* Shapes: random keys; one constant first word (POSG with one
     * predicate); many duplicates. */
    a[i].k[0] = shape == 1 ? 42 : ((uint64_t)rand() << 33) ^ (uint64_t)rand();
    a[i].k[1] = shape == 2 ? (uint64_t)(rand() % 3) : (uint64_t)rand();
    a[i].k[2] = (uint64_t)(rand() % 100);
    a[i].k[3] = (uint64_t)(rand() % 2);
    b[i] = a[i];
  }
  sila_sort_keys(a, n, t);
  qsort(b, n, sizeof *b, cmp_key);
  size_t bad = 0;
  for (size_t i = 0; i < n; i++)
    bad += sila_key4_cmp(&a[i], &b[i]) != 0;
  CHECK_INT(0, bad);
  free(a);
  free(b);
  free(t);
}

int main(void) {
  srand(12345);
  size_t sizes[] = {0, 1, 2, 31, 33, 600, 5000, 200000};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
    for (int shape = 0; shape < 3; shape++)
      check_keys(sizes[s], shape);
  size_t n = 100000;
  uint64_t *u = malloc(n * sizeof *u), *ut = malloc(n * sizeof *ut);
  for (size_t i = 0; i < n; i++)
    u[i] = i % 7 == 0 ? 5 : ((uint64_t)rand() << 31) ^ (uint64_t)rand();
  sila_sort_u64(u, n, ut);
  size_t bad = 0;
  for (size_t i = 1; i < n; i++)
    bad += u[i - 1] > u[i];
  CHECK_INT(0, bad);
  free(u);
  free(ut);
  return TEST_REPORT();
}
