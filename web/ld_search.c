/* ld_search.c — search over labels: a case-insensitive substring match on
 * the label predicates' literals.  A scan per label predicate (POSG with p
 * bound): linear in the number of labels, which is what a portal of
 * regional datasets holds (tens of thousands); a text index would be the
 * next step for millions. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

/* Case folding for matching: ASCII, and the Latin-1 capitals À..Þ
 * (UTF-8 C3 80..C3 9E, but not × = C3 97) to their small letters. */
static int fold(SilaBuf *b, const char *s, size_t len) {
  b->len = 0;
  if (sila_buf_reserve(b, len + 1) < 0)
    return -1;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + 32);
    else if (c == 0xC3 && i + 1 < len) {
      unsigned char d = (unsigned char)s[i + 1];
      if (d >= 0x80 && d <= 0x9E && d != 0x97)
        d = (unsigned char)(d + 0x20);
      b->data[b->len++] = (char)c;
      c = d;
      i++;
    }
    b->data[b->len++] = (char)c;
  }
  return 0;
}

SilaStatus sila_ld_search(SilaTxn *txn, const char *q, uint64_t offset, uint64_t limit,
                          SilaLdMatchFn fn, void *ctx, bool *more) {
  if (more)
    *more = false;
  if (!q || !*q)
    return SILA_OK;
  if (!limit)
    limit = 20;
  SilaBuf needle = SILA_BUF_INIT, hay = SILA_BUF_INIT;
  LdIdSet seen = {0};
  SilaStatus st = SILA_OK;
  uint64_t k = 0, sent = 0;
  bool stop = false;
  if (fold(&needle, q, strlen(q)) < 0) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  for (int i = 0; ld_label_predicates[i] && !stop && st == SILA_OK; i++) {
    SilaId p = ld_iri_id(txn, ld_label_predicates[i]);
    if (p == SILA_ID_ANY)
      continue;
    SilaIdQuad pat = {0, p, 0, 0}, quad;
    SilaScan *sc = NULL;
    if ((st = sila_scan_open(txn, &pat, 0, &sc)) != SILA_OK)
      break;
    int r;
    while ((r = sila_scan_next(sc, &quad)) == 1) {
      if (ld_idset_has(&seen, quad.s))
        continue;
      SilaTerm o;
      char ob[SILA_TERM_BUF];
      if (sila_txn_term(txn, quad.o, &o, ob) != SILA_OK || o.kind != SILA_TERM_LITERAL)
        continue;
      if (fold(&hay, o.value, o.value_len) < 0) {
        st = SILA_ERR_NOMEM;
        break;
      }
      if (!memmem(hay.data, hay.len, needle.data, needle.len))
        continue;
      if (ld_idset_add(&seen, quad.s) < 0) {
        st = SILA_ERR_NOMEM;
        break;
      }
      if (k++ < offset)
        continue;
      if (sent == limit) {
        if (more)
          *more = true;
        stop = true;
        break;
      }
      SilaTerm s, label;
      char sb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
      if ((st = sila_txn_term(txn, quad.s, &s, sb)) != SILA_OK)
        break;
      if (!ld_best_label(txn, quad.s, &label, lb))
        label = o;
      if ((st = fn(ctx, &s, &label)) != SILA_OK)
        break;
      sent++;
    }
    if (r < 0 && st == SILA_OK)
      st = (SilaStatus)-r;
    sila_scan_free(sc);
  }
done:
  sila_buf_free(&needle);
  sila_buf_free(&hay);
  ld_idset_free(&seen);
  return st;
}
