/* ld_util.c — ID sets and label lookup for the linked-data pages. */
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

const char *const ld_label_predicates[] = {LD_RDFS "label",
                                           LD_L0 "name",
                                           LD_SKOS "prefLabel",
                                           LD_DCT "title",
                                           LD_FOAF "name",
                                           "https://w3id.org/italia/onto/POI/POIofficialName",
                                           NULL};

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

/* Rank of a label's language: lower is better. */
static int lang_rank(const SilaTerm *t) {
  if (!t->lang)
    return 2;
  if (sila_lang_equal(t->lang, t->lang_len, "it", 2))
    return 0;
  if (sila_lang_equal(t->lang, t->lang_len, "en", 2))
    return 1;
  if (t->lang_len > 3 && (t->lang[0] | 32) == 'i' && (t->lang[1] | 32) == 't' && t->lang[2] == '-')
    return 0;
  if (t->lang_len > 3 && (t->lang[0] | 32) == 'e' && (t->lang[1] | 32) == 'n' && t->lang[2] == '-')
    return 1;
  return 3;
}

bool ld_best_label(SilaTxn *txn, SilaId id, SilaTerm *out, char *buf) {
  int best = 99;
  if (sila_id_tag(id) != SILA_TAG_IRI && sila_id_tag(id) != SILA_TAG_BLANK)
    return false;
  for (int k = 0; ld_label_predicates[k] && best > 0; k++) {
    SilaId p = ld_iri_id(txn, ld_label_predicates[k]);
    if (p == SILA_ID_ANY)
      continue;
    SilaIdQuad pat = {id, p, SILA_ID_ANY, SILA_ID_ANY};
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
      continue;
    SilaIdQuad q;
    while (best > 0 && sila_scan_next(sc, &q) == 1) {
      SilaTerm t;
      char tb[SILA_TERM_BUF];
      if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK || t.kind != SILA_TERM_LITERAL)
        continue;
      int r = lang_rank(&t);
      if (r < best) {
        best = r;
        *out = t;
        if (t.value >= tb && t.value < tb + SILA_TERM_BUF) { /* inline: keep it in buf */
          memcpy(buf, tb, SILA_TERM_BUF);
          out->value = buf + (t.value - tb);
        }
      }
    }
    sila_scan_free(sc);
  }
  return best < 99;
}
