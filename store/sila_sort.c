/* sila_sort.c — MSD radix sort of 32-byte keys.
 *
 * Digits are the key's bytes from most significant; a digit that is the
 * same for the whole range (the predicate in POSG, the graph in GSPO) is
 * skipped without moving data.  Small ranges finish with insertion sort. */
#include <string.h>

#include "sila_sort.h"

static inline unsigned digit(const SilaKey4 *key, int d) {
  return (unsigned)(key->k[d >> 3] >> (56 - 8 * (d & 7))) & 0xFF;
}

static void insertion_sort(SilaKey4 *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    SilaKey4 x = a[i];
    size_t j = i;
    while (j > 0 && sila_key4_cmp(&a[j - 1], &x) > 0) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = x;
  }
}

static void radix(SilaKey4 *a, SilaKey4 *tmp, size_t n, int d) {
  while (n > 32 && d < 32) {
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++)
      count[digit(&a[i], d)]++;
    /* One bucket holds everything: this byte is constant here. */
    unsigned first = digit(&a[0], d);
    if (count[first] == n) {
      d++;
      continue;
    }
    size_t start[256], pos = 0;
    for (int b = 0; b < 256; b++) {
      start[b] = pos;
      pos += count[b];
    }
    size_t fill[256];
    memcpy(fill, start, sizeof fill);
    for (size_t i = 0; i < n; i++)
      tmp[fill[digit(&a[i], d)]++] = a[i];
    memcpy(a, tmp, n * sizeof *a);
    for (int b = 0; b < 256; b++)
      if (count[b] > 1)
        radix(a + start[b], tmp + start[b], count[b], d + 1);
    return;
  }
  if (n > 1)
    insertion_sort(a, n);
}

void sila_sort_keys(SilaKey4 *a, size_t n, SilaKey4 *tmp) { radix(a, tmp, n, 0); }
