/* sila_hash.c — the hash that names dictionary entries.
 *
 * The value is stored on disk as part of term IDs, so it must never change
 * and must not depend on the platform: input words are read little-endian
 * explicitly.  Mixing follows the MurmurHash64A construction. */
#include <string.h>

#include "store_internal.h"

static inline uint64_t load_le64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--)
    v = (v << 8) | p[i];
  return v;
}

uint64_t sila_hash64(const void *data, size_t len) {
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  const unsigned char *p = data;
  uint64_t h = 0x5ad1a0c0ffee1234ULL ^ (len * m);
  size_t words = len / 8;
  for (size_t i = 0; i < words; i++, p += 8) {
    uint64_t k = load_le64(p);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  uint64_t tail = 0;
  for (size_t i = len & 7; i > 0; i--)
    tail = (tail << 8) | p[i - 1];
  if (len & 7) {
    h ^= tail;
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}
