/* store_internal.h — what the store's files share; not a public header. */
#ifndef SILA_STORE_INTERNAL_H
#define SILA_STORE_INTERNAL_H

#include <lmdb.h>
#include <pthread.h>
#include <string.h>

#include "sila_ops.h"
#include "sila_store.h"

#define SILA_FORMAT_VERSION 5 /* 5: four named-graph orderings (gpos, gosp gone);
                                 4: integer dictionary keys; 3: inline decimals and
                                 dates, default-graph indexes */
/* A store of version 4 has two more named orderings, "gpos" and "gosp": a
 * read-only open ignores them, a writable open drops them and writes 5. */
#define SILA_FORMAT_VERSION_SIX_NAMED 4

/* Quads of named graphs are kept in four orderings; triples of the default
 * graph in three of their own (DSPO, DPOS, DOSP: no graph, 16-byte values),
 * which makes the common case, data without named graphs, a third of the
 * size to store and write.  A pattern with a bound graph and a bound
 * predicate or object reads POSG or OSPG and tests the graph, or GSPO and
 * tests the rest, whichever range is shorter (sila_quads.c).  perm[i] is
 * the quad position (0=s 1=p 2=o 3=g) stored at key position i; a
 * default-graph index drops position 3. */
enum {
  IDX_SPOG, IDX_POSG, IDX_OSPG, IDX_GSPO, /* named graphs */
  IDX_DSPO, IDX_DPOS, IDX_DOSP,           /* default graph */
  IDX_COUNT
};
#define IDX_NAMED_COUNT 4
extern const int sila_index_perm[IDX_COUNT][4];
extern const char *const sila_index_name[IDX_COUNT];

static inline bool sila_index_is_default(int idx) { return idx >= IDX_DSPO; }
/* Values per entry after the 8-byte key. */
static inline int sila_index_nvals(int idx) { return idx >= IDX_DSPO ? 2 : 3; }
/* The default-graph index in the same order as named index 0..2. */
static inline int sila_index_default_of(int idx) { return IDX_DSPO + idx; }

struct SilaStore {
  MDB_env *env;
  MDB_dbi meta, dict, pstats;
  MDB_dbi index[IDX_COUNT];
  char *dir;
  bool readonly;
  bool writemap; /* MDB_WRITEMAP (SILA_STORE_WRITEMAP): the file is trimmed at close */
  /* Text index (sila_text_index.c): its trees, whether the store has it,
   * the language code of untagged literals. */
  MDB_dbi text_post, text_doc;
  bool text_on;
  bool text_built_at_open;
  int text_lang;
  MDB_dbi ops[SILA_OPS_COUNT]; /* operational records (sila_ops.c) */
  bool ops_present[SILA_OPS_COUNT];
  /* Operational key/value tree (sila_kv.c). */
  MDB_dbi kv;
  bool kv_on;
  /* Triple terms by components (sila_triples.c): tt.spo, tt.pos, tt.osp,
   * 24-byte keys (three big-endian IDs in that order) -> the 8-byte
   * triple-term ID.  Absent in a store written before RDF 1.2 and opened
   * read-only: tt_on is then false and the store holds no triple terms. */
  MDB_dbi tt[3];
  bool tt_on;
};

/* Predicates whose quad count changed in a write txn (for the stats refresh). */
typedef struct {
  SilaId *ids;
  size_t len, cap;
} SilaIdSet;

struct SilaTxn {
  SilaStore *store;
  MDB_txn *txn;
  bool write;
  bool nosync;
  SilaIdSet touched;
  struct TextAnalyzer *text_an; /* text index: stemmers, made on first use */
  struct TripleCache *tt_cache; /* decoded triple terms, freed at the end (sila_triples.c) */
  /* Writer on a writable map (sila_txn_reserve): the file's blocks
   * allocated past the pages in use when it began, and what it measured. */
  struct {
    uint64_t base;       /* bytes of the pages in use when the txn began */
    uint64_t reserved;   /* bytes allocated from base */
    uint64_t tree_pages; /* pages of every tree when the txn began */
    uint64_t noted;      /* bytes put since the last check (sila_txn_reserve_note) */
    uint64_t worst;      /* the largest upper bound asked for */
    uint64_t failed;     /* when one failed: what the transaction may need past base */
  } reserve;
};

/* Big-endian 64-bit keys: byte order = numeric order. */
static inline void sila_put_be64(unsigned char *p, uint64_t v) {
  for (int i = 7; i >= 0; i--) {
    p[i] = (unsigned char)v;
    v >>= 8;
  }
}
static inline uint64_t sila_get_be64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

/* Dictionary keys: the ID as a native integer (the dictionary is an
 * MDB_INTEGERKEY tree: integer compares instead of memcmp on every
 * lookup, in the same order as the big-endian bytes). */
#define SILA_DICT_KEY(name, id) \
  uint64_t name##_v = (id);     \
  MDB_val name = {8, &name##_v}

/* LMDB error → status (logs nothing). */
SilaStatus sila_mdb_status(int rc);

/* 64-bit hash of bytes (stable across versions and platforms: it names
 * dictionary entries on disk). */
uint64_t sila_hash64(const void *data, size_t len);

/* Dictionary: terms are encoded to bytes (kind, datatype, lang, lexical);
 * the ID is derived from the hash of that encoding, probing upwards on a
 * (practically impossible) collision. */
int sila_dict_encode(const SilaTerm *t, SilaBuf *out);
SilaStatus sila_dict_decode(const void *data, size_t len, SilaTerm *t, SilaBuf *scratch);
SilaId sila_dict_hash_id(const SilaTerm *t, const char *enc, size_t len);
SilaId sila_dict_next_probe(SilaId id);
/* Entry equality: exact, but language tags ignore ASCII case. */
bool sila_dict_entry_equal(const char *a, size_t al, const char *b, size_t bl);
/* Looks up an encoded term; with `insert`, adds it when absent. */
SilaStatus sila_dict_find(SilaTxn *txn, int kind, const char *enc, size_t len, bool insert,
                          SilaId *out);

/* Triple terms (sila_triples.c): opens or creates the tt.* databases when
 * the store opens; frees a transaction's decoded triple terms; decodes a
 * triple-term ID (sila_txn_term's path for SILA_TAG_TRIPLE). */
SilaStatus sila_tt_open(SilaStore *s);
void sila_tt_txn_release(SilaTxn *txn);
SilaStatus sila_tt_decode(SilaTxn *txn, SilaId id, SilaTerm *out);
/* The dictionary entry of a triple term: 'T' + three big-endian IDs. */
#define SILA_TT_ENTRY_LEN 25
void sila_tt_entry(SilaId s, SilaId p, SilaId o, unsigned char out[SILA_TT_ENTRY_LEN]);
/* Writes the tt.* index entries of a triple term (bulk loader, intern). */
SilaStatus sila_tt_index_put(SilaTxn *txn, SilaId tt, SilaId s, SilaId p, SilaId o);
/* True for an ID a triple term's subject may be: an IRI or a blank node. */
static inline bool sila_tt_subject_ok(SilaId id) {
  SilaIdTag t = sila_id_tag(id);
  return t == SILA_TAG_IRI || t == SILA_TAG_BLANK;
}

/* Opens the operational key/value tree (sila_kv.c) when the store opens. */
SilaStatus sila_kv_open(SilaStore *s);

/* Meta values (uint64 counters). */
SilaStatus sila_meta_get(SilaTxn *txn, const char *key, uint64_t *out);
SilaStatus sila_meta_put(SilaTxn *txn, const char *key, uint64_t v);

/* Blank node IDs: numbered from a counter in meta. */
SilaStatus sila_blank_alloc(SilaTxn *txn, uint64_t n, SilaId *first);

/* Writes one quad into the other indexes of its family once the first
 * (SPOG, or DSPO for the default graph) accepted it. */
SilaStatus sila_index_put_rest(SilaTxn *txn, const SilaIdQuad *q);

/* Marks a predicate for the statistics refresh at commit. */
int sila_idset_add(SilaIdSet *set, SilaId id);
SilaStatus sila_stats_refresh(SilaTxn *txn);

/* Key/value layout of index i for a quad (8 * sila_index_nvals(idx) value
 * bytes). */
void sila_index_kv(int idx, const SilaIdQuad *q, unsigned char key[8], unsigned char val[24]);
void sila_index_unkv(int idx, const unsigned char key[8], const unsigned char *val, SilaIdQuad *q);

#endif
