/* ld_util.c — ID sets and label lookup for the linked-data pages. */
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

const char *ld_base(const char *base) {
  return base ? base : SILA_LD_DEFAULT_BASE;
}

static size_t slot_of(SilaId id, size_t cap) {
  uint64_t h = id * 0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 17) & (cap - 1);
}

static int grow(LdIdSet *s) {
  size_t ncap = s->cap ? s->cap * 2 : 64;
  SilaId *ns = calloc(ncap, sizeof *ns);
  if (!ns)
    return -1;
  for (size_t i = 0; i < s->cap; i++) {
    if (s->slots[i] == SILA_ID_ANY)
      continue;
    size_t j = slot_of(s->slots[i], ncap);
    while (ns[j] != SILA_ID_ANY)
      j = (j + 1) & (ncap - 1);
    ns[j] = s->slots[i];
  }
  free(s->slots);
  s->slots = ns;
  s->cap = ncap;
  return 0;
}

int ld_idset_add(LdIdSet *s, SilaId id) {
  if ((s->n + 1) * 2 > s->cap && grow(s) < 0)
    return -1;
  size_t j = slot_of(id, s->cap);
  while (s->slots[j] != SILA_ID_ANY) {
    if (s->slots[j] == id)
      return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->slots[j] = id;
  s->n++;
  return 1;
}

bool ld_idset_has(const LdIdSet *s, SilaId id) {
  if (!s->cap)
    return false;
  size_t j = slot_of(id, s->cap);
  while (s->slots[j] != SILA_ID_ANY) {
    if (s->slots[j] == id)
      return true;
    j = (j + 1) & (s->cap - 1);
  }
  return false;
}

void ld_idset_free(LdIdSet *s) {
  free(s->slots);
  s->slots = NULL;
  s->cap = s->n = 0;
}

SilaId ld_iri_id(SilaTxn *txn, const char *iri) {
  SilaTerm t = sila_term_iri(iri);
  SilaId id = SILA_ID_ANY;
  if (sila_txn_lookup(txn, &t, &id) != SILA_OK)
    return SILA_ID_ANY;
  return id;
}
