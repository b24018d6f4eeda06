/* sila_bulk_part.c — parts of a load filled by parser threads (see
 * sila_bulk_part.h), added to the load in document order.
 *
 * A worker handle is a SilaBulk with `worker` set: sila_bulk_add hashes
 * and collects as usual but never flushes, and its blank nodes get chunk-
 * local numbers (the blank tag, then 1, 2, ... in order of appearance).
 * A part takes the worker's batch arrays (quads, term table, term bytes,
 * triple terms) by swapping pointers, and the labels of the blank nodes
 * first seen since the previous part.  The load's thread then gives each
 * label its document ID (sila_bulk_blank_id: the same label in an earlier
 * chunk is the same node; a new one gets the next ID, as in a one-thread
 * load) and appends the part's terms and quads to its current batch. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_bulk_part.h"

#include "bulk_internal.h"

struct SilaBulkPart {
  SilaKey4 *quads; /* capacity: the worker's batch_quads */
  size_t nquads;
  TermSlot *terms;
  size_t terms_cap, terms_len;
  SilaBuf arena;
  SilaId (*tts)[4];
  size_t tts_n, tts_cap;
  SilaBuf blanks;        /* new labels: [size_t length][bytes], in order */
  uint64_t blanks_first; /* chunk-local number of the first */
  bool chunk_start;
};

/* Parts are at most this share of the load's term bytes per batch. */
#define PART_TERM_BYTES (BATCH_TERM_BYTES / 4)

SilaStatus sila_bulk_worker_new(SilaBulk *bulk, size_t part_quads, SilaBulk **out) {
  *out = NULL;
  SilaBulk *w = sila_calloc(1, sizeof *w);
  if (!w)
    return SILA_ERR_NOMEM;
  w->txn = bulk->txn; /* read for the store's settings only (tt_on, text_on) */
  w->worker = true;
  w->batch_quads = part_quads == 0 || part_quads > bulk->batch_quads ? bulk->batch_quads
                                                                     : part_quads;
  w->next_blank = w->new_blanks_first = 1;
  w->chunk_start = true;
  w->quads = sila_malloc(w->batch_quads * sizeof *w->quads);
  if (!w->quads || sila_bulk_grow_terms(w) != SILA_OK) {
    sila_bulk_free(w);
    return SILA_ERR_NOMEM;
  }
  *out = w;
  return SILA_OK;
}

bool sila_bulk_part_full(const SilaBulk *w) {
  return w->nquads >= w->batch_quads || w->arena.len >= PART_TERM_BYTES;
}

SilaBulkPart *sila_bulk_part_new(void) { return sila_calloc(1, sizeof(SilaBulkPart)); }

void sila_bulk_part_free(SilaBulkPart *p) {
  if (!p)
    return;
  free(p->quads);
  free(p->terms);
  sila_buf_free(&p->arena);
  free(p->tts);
  sila_buf_free(&p->blanks);
  free(p);
}

uint64_t sila_bulk_part_count(const SilaBulkPart *p) { return p->nquads; }

typedef SilaId TtRow[4];

#define SWAP(T, a, b)                                                                              \
  do {                                                                                             \
    T swap_tmp_ = (a);                                                                             \
    (a) = (b);                                                                                     \
    (b) = swap_tmp_;                                                                               \
  } while (0)

SilaStatus sila_bulk_take_part(SilaBulk *w, SilaBulkPart *p) {
  if (!p->quads && !(p->quads = sila_malloc(w->batch_quads * sizeof *p->quads)))
    return SILA_ERR_NOMEM;
  SWAP(SilaKey4 *, p->quads, w->quads);
  p->nquads = w->nquads;
  SWAP(TermSlot *, p->terms, w->terms);
  SWAP(size_t, p->terms_cap, w->terms_cap);
  p->terms_len = w->terms_len;
  SWAP(SilaBuf, p->arena, w->arena);
  SWAP(TtRow *, p->tts, w->tts);
  SWAP(size_t, p->tts_cap, w->tts_cap);
  p->tts_n = w->tts_n;
  SWAP(SilaBuf, p->blanks, w->new_blanks);
  p->blanks_first = w->new_blanks_first;
  p->chunk_start = w->chunk_start;
  /* The worker goes on with the part's old (emptied) arrays. */
  w->chunk_start = false;
  w->new_blanks_first = w->next_blank;
  w->new_blanks.len = 0;
  w->nquads = w->tts_n = w->terms_len = 0;
  w->arena.len = 0;
  w->batch_has_tt = false;
  w->last_s_id = w->last_p_id = 0;
  if (w->terms)
    memset(w->terms, 0, w->terms_cap * sizeof *w->terms);
  else if (sila_bulk_grow_terms(w) != SILA_OK)
    return SILA_ERR_NOMEM;
  return SILA_OK;
}

/* ---- the load's thread ------------------------------------------------------ */


/* The part's new blank labels, in order, get their document IDs. */
static SilaStatus map_blanks(SilaBulk *b, SilaBulkPart *p) {
  if (p->chunk_start)
    b->blank_map_len = 0;
  if (p->blanks_first != b->blank_map_len + 1)
    return SILA_ERR_INVALID; /* parts out of order */
  for (size_t off = 0; off < p->blanks.len;) {
    size_t len;
    memcpy(&len, p->blanks.data + off, sizeof len);
    off += sizeof len;
    SilaTerm t = {.kind = SILA_TERM_BLANK, .value = p->blanks.data + off, .value_len = len};
    off += len;
    if (b->blank_map_len == b->blank_map_cap) {
      size_t cap = b->blank_map_cap ? b->blank_map_cap * 2 : 1024;
      SilaId *m = sila_realloc(b->blank_map, cap * sizeof *m);
      if (!m)
        return SILA_ERR_NOMEM;
      b->blank_map = m;
      b->blank_map_cap = cap;
    }
    SilaStatus st = sila_bulk_blank_id(b, &t, &b->blank_map[b->blank_map_len]);
    if (st != SILA_OK)
      return st;
    b->blank_map_len++;
  }
  return SILA_OK;
}

/* The part's terms into the batch table; a term whose ID the batch gives
 * another term moves to the next probe, as in sila_bulk_add (noted in
 * *remaps, sorted). */
static SilaStatus merge_terms(SilaBulk *b, SilaBulkPart *p, Remap **remaps, size_t *nremaps) {
  for (size_t i = 0; i < p->terms_cap; i++) {
    const TermSlot *from = &p->terms[i];
    if (!from->id)
      continue;
    if (b->terms_len * 2 >= b->terms_cap && sila_bulk_grow_terms(b) != SILA_OK)
      return SILA_ERR_NOMEM;
    const char *enc = p->arena.data + from->off;
    SilaId id = from->id;
    for (;;) {
      size_t j = sila_bulk_slot_of(id, b->terms_cap);
      while (b->terms[j].id && b->terms[j].id != id)
        j = (j + 1) & (b->terms_cap - 1);
      TermSlot *s = &b->terms[j];
      if (!s->id) {
        *s = (TermSlot){id, b->arena.len, from->len};
        if (sila_buf_append(&b->arena, enc, from->len))
          return SILA_ERR_NOMEM;
        b->terms_len++;
        break;
      }
      if (sila_dict_entry_equal(b->arena.data + s->off, s->len, enc, from->len))
        break;
      id = sila_dict_next_probe(id);
    }
    if (id != from->id) {
      Remap *r = sila_realloc(*remaps, (*nremaps + 1) * sizeof *r);
      if (!r)
        return SILA_ERR_NOMEM;
      *remaps = r;
      r[(*nremaps)++] = (Remap){from->id, id};
    }
  }
  if (*nremaps > 1)
    qsort(*remaps, *nremaps, sizeof **remaps, sila_bulk_cmp_remap);
  return SILA_OK;
}

static SilaId part_id(const SilaBulk *b, SilaId id, const Remap *r, size_t nr, bool *bad) {
  if (sila_id_tag(id) == SILA_TAG_BLANK) {
    uint64_t n = id & ((1ULL << 60) - 1);
    if (n == 0 || n > b->blank_map_len) {
      *bad = true;
      return id;
    }
    return b->blank_map[n - 1];
  }
  if (nr) {
    Remap probe = {id, 0};
    const Remap *hit = bsearch(&probe, r, nr, sizeof *r, sila_bulk_cmp_remap);
    if (hit)
      return hit->to;
  }
  return id;
}

static SilaStatus append_triples(SilaBulk *b, const SilaBulkPart *p) {
  if (!p->tts_n)
    return SILA_OK;
  if (b->tts_n + p->tts_n > b->tts_cap) {
    size_t cap = b->tts_cap ? b->tts_cap : 256;
    while (cap < b->tts_n + p->tts_n)
      cap *= 2;
    SilaId(*n)[4] = sila_realloc(b->tts, cap * sizeof *n);
    if (!n)
      return SILA_ERR_NOMEM;
    b->tts = n;
    b->tts_cap = cap;
  }
  memcpy(b->tts + b->tts_n, p->tts, p->tts_n * sizeof *p->tts);
  b->tts_n += p->tts_n;
  b->batch_has_tt = true;
  return SILA_OK;
}

SilaStatus sila_bulk_add_part(SilaBulk *b, SilaBulkPart *p) {
  if (b->worker || p->nquads > b->batch_quads)
    return SILA_ERR_INVALID;
  SilaStatus st = map_blanks(b, p);
  if (st == SILA_OK && b->nquads &&
      (b->nquads + p->nquads > b->batch_quads || b->arena.len + p->arena.len > BATCH_TERM_BYTES))
    st = sila_bulk_flush_batch(b); /* no room for the part: the batch goes first */
  Remap *remaps = NULL;
  size_t nremaps = 0;
  if (st == SILA_OK)
    st = merge_terms(b, p, &remaps, &nremaps);
  if (st == SILA_OK && nremaps && p->tts_n)
    st = SILA_ERR_UNSUPPORTED; /* a 'T' entry names the IDs before the move (2^-60 odds) */
  if (st == SILA_OK) {
    bool bad = false;
    SilaKey4 *to = b->quads + b->nquads;
    for (size_t i = 0; i < p->nquads; i++)
      for (int k = 0; k < 4; k++)
        to[i].k[k] = part_id(b, p->quads[i].k[k], remaps, nremaps, &bad);
    if (bad)
      st = SILA_ERR_INVALID;
    else
      b->nquads += p->nquads;
  }
  free(remaps);
  if (st == SILA_OK)
    st = append_triples(b, p);
  if (st == SILA_OK && (b->nquads >= b->batch_quads || b->arena.len >= BATCH_TERM_BYTES))
    st = sila_bulk_flush_batch(b);
  p->nquads = p->tts_n = p->terms_len = 0;
  p->arena.len = p->blanks.len = 0;
  return st;
}
