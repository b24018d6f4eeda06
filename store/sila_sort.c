/* sila_sort.c — MSD radix sort of 32-byte keys.
 *
 * Digits are the key's bytes from most significant; a digit that is the
 * same for the whole range (the predicate in POSG, the graph in GSPO) is
 * skipped without moving data.  Small ranges finish with insertion sort. */
#include <stdbool.h>
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

/* Quicksort for mid-sized ranges, where 256-bucket passes cost more than
 * they save. */
static void quick_sort(SilaKey4 *a, size_t n) {
  while (n > 16) {
    SilaKey4 *m = &a[n / 2], *l = &a[0], *h = &a[n - 1];
    /* Median of three as pivot. */
    const SilaKey4 *p = sila_key4_cmp(l, m) < 0
                            ? (sila_key4_cmp(m, h) < 0 ? m : (sila_key4_cmp(l, h) < 0 ? h : l))
                            : (sila_key4_cmp(l, h) < 0 ? l : (sila_key4_cmp(m, h) < 0 ? h : m));
    SilaKey4 pivot = *p;
    size_t i = 0, j = n - 1;
    for (;;) {
      while (sila_key4_cmp(&a[i], &pivot) < 0)
        i++;
      while (sila_key4_cmp(&a[j], &pivot) > 0)
        j--;
      if (i >= j)
        break;
      SilaKey4 t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
    /* Recurse into the smaller side, loop on the larger. */
    size_t left = j + 1;
    if (left < n - left) {
      quick_sort(a, left);
      a += left;
      n -= left;
    } else {
      quick_sort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

/* The first byte position >= d where keys of the range differ, found a
 * 64-bit word at a time (32 when they are all equal). */
static int first_differing_byte(const SilaKey4 *a, size_t n, int d) {
  for (int w = d >> 3; w < 4; w++) {
    uint64_t first = a[0].k[w], diff = 0;
    for (size_t i = 1; i < n; i++)
      diff |= a[i].k[w] ^ first;
    /* Bytes of this word before d are already known to be equal. */
    if (w == d >> 3)
      diff &= ~0ULL >> (8 * (d & 7));
    if (diff)
      return w * 8 + __builtin_clzll(diff) / 8;
  }
  return 32;
}

/* Ranges up to this size finish with quicksort.  128, not 512: after two
 * byte levels a million hashed IDs leave ~250 keys a bucket, which one more
 * level sorts faster than quicksort does (a batch's four orders 250 -> 211
 * ms in a synthetic test of shop-like keys, bench/README.md). */
enum { RADIX_MIN = 128 };

/* Sorts src[0..n) by bytes >= d, leaving the result in dst when to_dst,
 * else in src; the other array is scratch.  Scattering alternates between
 * the two arrays, so no level copies its data back. */
static void radix(SilaKey4 *src, SilaKey4 *dst, size_t n, int d, bool to_dst) {
  if (n > RADIX_MIN && d < 32)
    d = first_differing_byte(src, n, d);
  if (n <= RADIX_MIN || d >= 32) {
    if (n > 1 && d < 32)
      quick_sort(src, n);
    if (to_dst)
      memcpy(dst, src, n * sizeof *src);
    return;
  }
  size_t count[256] = {0};
  for (size_t i = 0; i < n; i++)
    count[digit(&src[i], d)]++;
  size_t start[256], pos = 0;
  for (int b = 0; b < 256; b++) {
    start[b] = pos;
    pos += count[b];
  }
  size_t fill[256];
  memcpy(fill, start, sizeof fill);
  for (size_t i = 0; i < n; i++)
    dst[fill[digit(&src[i], d)]++] = src[i];
  /* The data is in dst now: each bucket goes on from there. */
  for (int b = 0; b < 256; b++)
    if (count[b])
      radix(dst + start[b], src + start[b], count[b], d + 1, !to_dst);
}

void sila_sort_keys(SilaKey4 *a, size_t n, SilaKey4 *tmp) { radix(a, tmp, n, 0, false); }

void sila_sort_u64(uint64_t *a, size_t n, uint64_t *tmp) {
  /* LSD radix, 16-bit digits; passes where every key has the same digit
   * are skipped. */
  uint64_t *src = a, *dst = tmp;
  for (int shift = 0; shift < 64; shift += 16) {
    static __thread size_t count[65536];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++)
      count[(src[i] >> shift) & 0xFFFF]++;
    if (n && count[(src[0] >> shift) & 0xFFFF] == n)
      continue;
    size_t pos = 0;
    for (size_t b = 0; b < 65536; b++) {
      size_t c = count[b];
      count[b] = pos;
      pos += c;
    }
    for (size_t i = 0; i < n; i++)
      dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  if (src != a)
    memcpy(a, src, n * sizeof *a);
}
