/* sila_terms.c — term ↔ ID in a transaction. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Blank nodes are named "b" + hex of their number (see sila_id.c). */
static bool blank_label_id(const SilaTerm *t, SilaId *out) {
  if (t->value_len < 2 || t->value_len > 16 || t->value[0] != 'b')
    return false;
  uint64_t n = 0;
  for (size_t i = 1; i < t->value_len; i++) {
    char c = t->value[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0)
      return false;
    n = (n << 4) | (uint64_t)d;
  }
  if (n == 0 || n >= (1ULL << 60))
    return false;
  *out = ((SilaId)SILA_TAG_BLANK << 60) | n;
  return true;
}

static SilaStatus blank_lookup(SilaTxn *txn, const SilaTerm *t, SilaId *out) {
  SilaId id;
  uint64_t next = 1;
  if (!blank_label_id(t, &id))
    return SILA_ERR_NOT_FOUND;
  SilaStatus st = sila_meta_get(txn, "blank_next", &next);
  if (st != SILA_OK && st != SILA_ERR_NOT_FOUND)
    return st;
  if ((id & ((1ULL << 60) - 1)) >= next)
    return SILA_ERR_NOT_FOUND;
  *out = id;
  return SILA_OK;
}

static SilaStatus term_id(SilaTxn *txn, const SilaTerm *term, bool insert, SilaId *out);

/* A triple term: its components first (recursively), then the entry.
 * Blank nodes inside are store blank nodes, named as everywhere else. */
static SilaStatus triple_id(SilaTxn *txn, const SilaTerm *term, bool insert, SilaId *out) {
  if (!term->triple || !sila_term_storable(term))
    return SILA_ERR_INVALID; /* also bounds the recursion's depth */
  SilaId spo[3];
  for (int i = 0; i < 3; i++) {
    SilaStatus st = term_id(txn, &term->triple[i], insert, &spo[i]);
    if (st != SILA_OK)
      return st;
  }
  return insert ? sila_txn_triple_intern(txn, spo[0], spo[1], spo[2], out)
                : sila_txn_triple_lookup(txn, spo[0], spo[1], spo[2], out);
}

static SilaStatus term_id(SilaTxn *txn, const SilaTerm *term, bool insert, SilaId *out) {
  if (term->kind == SILA_TERM_TRIPLE)
    return triple_id(txn, term, insert, out);
  if (term->kind == SILA_TERM_BLANK) {
    SilaStatus st = blank_lookup(txn, term, out);
    if (st == SILA_ERR_NOT_FOUND && insert)
      return sila_txn_new_blank(txn, out);
    return st;
  }
  if (term->kind != SILA_TERM_IRI && term->kind != SILA_TERM_LITERAL)
    return SILA_ERR_INVALID;
  if (sila_id_inline(term, out))
    return SILA_OK;
  if (insert && !sila_term_storable(term))
    return SILA_ERR_INVALID; /* could not be dumped and loaded back */
  SilaBuf enc = SILA_BUF_INIT;
  if (sila_dict_encode(term, &enc)) {
    SilaStatus st = sila_buf_failed(&enc) ? SILA_ERR_NOMEM : SILA_ERR_INVALID;
    sila_buf_free(&enc);
    return st;
  }
  SilaStatus st = sila_dict_find(txn, term->kind, enc.data, enc.len, insert, out);
  sila_buf_free(&enc);
  return st;
}

SilaStatus sila_txn_lookup(SilaTxn *txn, const SilaTerm *term, SilaId *out) {
  return term_id(txn, term, false, out);
}

SilaStatus sila_txn_intern(SilaTxn *txn, const SilaTerm *term, SilaId *out) {
  if (!txn->write)
    return SILA_ERR_INVALID;
  return term_id(txn, term, true, out);
}

SilaStatus sila_txn_term(SilaTxn *txn, SilaId id, SilaTerm *out, char buf[SILA_TERM_BUF]) {
  if (sila_id_decode_inline(id, out, buf))
    return SILA_OK;
  SilaIdTag tag = sila_id_tag(id);
  if (tag == SILA_TAG_TRIPLE)
    return sila_tt_decode(txn, id, out);
  if (tag != SILA_TAG_IRI && tag != SILA_TAG_LITERAL)
    return SILA_ERR_NOT_FOUND;
  SILA_DICT_KEY(key, id);
  MDB_val val;
  int rc = mdb_get(txn->txn, txn->store->dict, &key, &val);
  if (rc)
    return sila_mdb_status(rc);
  return sila_dict_decode(val.mv_data, val.mv_size, out, NULL);
}
