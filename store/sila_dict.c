/* sila_dict.c — the term dictionary.
 *
 * Entry layout (the on-disk format; the datatype table is append-only):
 *   IRI:      'I' iri-bytes
 *   literal:  'L' code [lang-length lang | dt-length(2, BE) dt] lexical-bytes
 *   triple term (RDF 1.2): 'T' s-id p-id o-id (8 bytes each, big-endian),
 *             written and read by sila_triples.c (its components are IDs,
 *             so encoding one needs the transaction)
 * where code 0 = simple literal, 1 = language-tagged, 2.. = a well-known
 * datatype from the table below, 255 = any other datatype IRI.  The entry
 * is keyed by an ID made from the hash of these bytes, so turning a term
 * into its ID needs no lookup unless the slot holds another term. */
#include <string.h>

#include "store_internal.h"

enum { CODE_SIMPLE = 0, CODE_LANG = 1, CODE_FIRST_KNOWN = 2, CODE_CUSTOM = 255 };

static const char *const known_datatypes[] = {
    SILA_NS_XSD "integer", SILA_NS_XSD "decimal", SILA_NS_XSD "double", SILA_NS_XSD "float",
    SILA_NS_XSD "boolean", SILA_NS_XSD "date", SILA_NS_XSD "dateTime", SILA_NS_XSD "time",
    SILA_NS_XSD "gYear", SILA_NS_XSD "gYearMonth", SILA_NS_XSD "gMonthDay", SILA_NS_XSD "gDay",
    SILA_NS_XSD "gMonth", SILA_NS_XSD "duration", SILA_NS_XSD "dayTimeDuration",
    SILA_NS_XSD "yearMonthDuration", SILA_NS_XSD "long", SILA_NS_XSD "int", SILA_NS_XSD "short",
    SILA_NS_XSD "byte", SILA_NS_XSD "nonNegativeInteger", SILA_NS_XSD "positiveInteger",
    SILA_NS_XSD "nonPositiveInteger", SILA_NS_XSD "negativeInteger", SILA_NS_XSD "unsignedLong",
    SILA_NS_XSD "unsignedInt", SILA_NS_XSD "unsignedShort", SILA_NS_XSD "unsignedByte",
    SILA_NS_XSD "anyURI", SILA_NS_XSD "normalizedString", SILA_NS_XSD "token",
    SILA_NS_XSD "language", SILA_NS_XSD "Name", SILA_NS_XSD "NCName", SILA_NS_XSD "hexBinary",
    SILA_NS_XSD "base64Binary", SILA_NS_XSD "dateTimeStamp", SILA_NS_RDF "HTML",
    SILA_NS_RDF "XMLLiteral", SILA_NS_RDF "JSON", "http://www.opengis.net/ont/geosparql#wktLiteral",
};
#define N_KNOWN (sizeof known_datatypes / sizeof known_datatypes[0])

static int known_code(const char *dt, size_t len) {
  /* All but the last share one of two namespaces: compare the tail first. */
  for (size_t i = 0; i < N_KNOWN; i++)
    if (sila_iri_is(dt, len, known_datatypes[i]))
      return (int)(CODE_FIRST_KNOWN + i);
  return -1;
}

int sila_dict_encode(const SilaTerm *t, SilaBuf *out) {
  out->len = 0;
  if (t->kind == SILA_TERM_IRI)
    return sila_buf_putc(out, 'I') || sila_buf_append(out, t->value, t->value_len) ? -1 : 0;
  if (t->kind != SILA_TERM_LITERAL)
    return -1;
  if (sila_buf_putc(out, 'L'))
    return -1;
  if (t->lang) {
    if (t->lang_len == 0 || t->lang_len > 255)
      return -1;
    unsigned char hdr[2] = {CODE_LANG, (unsigned char)t->lang_len};
    if (sila_buf_append(out, hdr, 2) || sila_buf_append(out, t->lang, t->lang_len))
      return -1;
  } else if (t->datatype) {
    int code = known_code(t->datatype, t->datatype_len);
    if (code >= 0) {
      if (sila_buf_putc(out, (char)code))
        return -1;
    } else {
      if (t->datatype_len > 0xFFFF)
        return -1;
      unsigned char hdr[3] = {CODE_CUSTOM, (unsigned char)(t->datatype_len >> 8),
                              (unsigned char)t->datatype_len};
      if (sila_buf_append(out, hdr, 3) || sila_buf_append(out, t->datatype, t->datatype_len))
        return -1;
    }
  } else if (sila_buf_putc(out, CODE_SIMPLE)) {
    return -1;
  }
  return sila_buf_append(out, t->value, t->value_len);
}

SilaStatus sila_dict_decode(const void *data, size_t len, SilaTerm *t, SilaBuf *scratch) {
  (void)scratch;
  const unsigned char *p = data;
  memset(t, 0, sizeof *t);
  if (len < 1)
    return SILA_ERR_CORRUPT;
  if (p[0] == 'I') {
    t->kind = SILA_TERM_IRI;
    t->value = (const char *)p + 1;
    t->value_len = len - 1;
    return SILA_OK;
  }
  if (p[0] != 'L' || len < 2)
    return SILA_ERR_CORRUPT; /* 'T' entries are decoded by sila_tt_decode */
  t->kind = SILA_TERM_LITERAL;
  size_t off = 2;
  unsigned code = p[1];
  if (code == CODE_LANG) {
    if (len < 3 || len < 3 + (size_t)p[2])
      return SILA_ERR_CORRUPT;
    t->lang = (const char *)p + 3;
    t->lang_len = p[2];
    off = 3 + p[2];
  } else if (code == CODE_CUSTOM) {
    if (len < 4)
      return SILA_ERR_CORRUPT;
    size_t dl = ((size_t)p[2] << 8) | p[3];
    if (len < 4 + dl)
      return SILA_ERR_CORRUPT;
    t->datatype = (const char *)p + 4;
    t->datatype_len = dl;
    off = 4 + dl;
  } else if (code >= CODE_FIRST_KNOWN) {
    if (code - CODE_FIRST_KNOWN >= N_KNOWN)
      return SILA_ERR_CORRUPT;
    t->datatype = known_datatypes[code - CODE_FIRST_KNOWN];
    t->datatype_len = strlen(t->datatype);
  }
  t->value = (const char *)p + off;
  t->value_len = len - off;
  return SILA_OK;
}

/* Length of the header of a language-tagged entry, or 0 for any other. */
static size_t lang_header(const char *enc, size_t len) {
  const unsigned char *p = (const unsigned char *)enc;
  if (len >= 3 && p[0] == 'L' && p[1] == CODE_LANG && len >= 3 + (size_t)p[2])
    return 3 + (size_t)p[2];
  return 0;
}

bool sila_dict_entry_equal(const char *a, size_t al, const char *b, size_t bl) {
  if (al != bl)
    return false;
  size_t h = lang_header(a, al);
  if (h && lang_header(b, bl) == h)
    return !memcmp(a, b, 3) && sila_lang_equal(a + 3, h - 3, b + 3, h - 3) &&
           !memcmp(a + h, b + h, al - h);
  return !memcmp(a, b, al);
}

SilaId sila_dict_hash_id(const SilaTerm *t, const char *enc, size_t len) {
  uint64_t h;
  size_t hl = lang_header(enc, len);
  if (hl) {
    /* Tags that differ in case are one term: hash the lower-case tag. */
    char head[3 + 255];
    memcpy(head, enc, hl);
    for (size_t i = 3; i < hl; i++)
      if (head[i] >= 'A' && head[i] <= 'Z')
        head[i] = (char)(head[i] - 'A' + 'a');
    h = sila_hash64(head, hl) * 0x9E3779B97F4A7C15ULL ^ sila_hash64(enc + hl, len - hl);
  } else {
    h = sila_hash64(enc, len);
  }
  h &= (1ULL << 60) - 1;
  if (h == 0)
    h = 1;
  SilaIdTag tag = t->kind == SILA_TERM_IRI      ? SILA_TAG_IRI
                  : t->kind == SILA_TERM_TRIPLE ? SILA_TAG_TRIPLE
                                                : SILA_TAG_LITERAL;
  return ((SilaId)tag << 60) | h;
}

SilaId sila_dict_next_probe(SilaId id) {
  uint64_t low = (id + 1) & ((1ULL << 60) - 1);
  if (low == 0)
    low = 1;
  return (id & ~((1ULL << 60) - 1)) | low;
}

SilaStatus sila_dict_find(SilaTxn *txn, int kind, const char *enc, size_t len, bool insert,
                          SilaId *out) {
  SilaTerm probe = {.kind = (SilaTermKind)kind};
  SilaId id = sila_dict_hash_id(&probe, enc, len);
  for (;;) {
    SILA_DICT_KEY(key, id);
    MDB_val val;
    int rc = mdb_get(txn->txn, txn->store->dict, &key, &val);
    if (rc == 0) {
      if (sila_dict_entry_equal(val.mv_data, val.mv_size, enc, len)) {
        *out = id;
        return SILA_OK;
      }
      id = sila_dict_next_probe(id); /* another term holds this slot */
      continue;
    }
    if (rc != MDB_NOTFOUND)
      return sila_mdb_status(rc);
    if (!insert)
      return SILA_ERR_NOT_FOUND;
    val.mv_size = len;
    val.mv_data = (void *)enc;
    rc = mdb_put(txn->txn, txn->store->dict, &key, &val, 0);
    if (rc)
      return sila_mdb_status(rc);
    *out = id;
    return SILA_OK;
  }
}
