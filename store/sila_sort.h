/* sila_sort.h — sorting fixed-width keys for bulk index writes. */
#ifndef SILA_SORT_H
#define SILA_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Four 64-bit IDs compared as one 256-bit big-endian number (k[0] first). */
typedef struct {
  uint64_t k[4];
} SilaKey4;

/* Sorts a[0..n) ascending; tmp must hold n keys.  MSD radix sort: time
 * linear in n for the skewed, hash-distributed IDs of RDF data. */
void sila_sort_keys(SilaKey4 *a, size_t n, SilaKey4 *tmp);

/* Sorts 64-bit integers ascending; tmp must hold n. */
void sila_sort_u64(uint64_t *a, size_t n, uint64_t *tmp);

static inline int sila_key4_cmp(const SilaKey4 *a, const SilaKey4 *b) {
  for (int i = 0; i < 4; i++)
    if (a->k[i] != b->k[i])
      return a->k[i] < b->k[i] ? -1 : 1;
  return 0;
}

#endif
