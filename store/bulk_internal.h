/* bulk_internal.h — the bulk loader's state, shared by sila_bulk.c (batches
 * written straight into the indexes) and sila_bulk_spill.c (batches
 * spilled to sorted runs and merged at the end, for loads into an empty
 * store); not a public header. */
#ifndef SILA_BULK_INTERNAL_H
#define SILA_BULK_INTERNAL_H

#include <pthread.h>
#include <stdio.h>

#include "sila_sort.h"
#include "store_internal.h"

#define BATCH_QUADS (1u << 20)
#define BATCH_TERM_BYTES (64u << 20)

typedef struct {
  SilaId id;   /* 0 = empty slot */
  size_t off;  /* encoded term in the arena */
  size_t len;
} TermSlot;

typedef struct {
  uint64_t hash; /* 0 = empty */
  size_t off, len;
  SilaId id;
} BlankSlot;

/* A sorted run in a spill file: `count` records from byte `offset`. */
typedef struct {
  uint64_t offset, count;
} Run;

typedef struct {
  FILE *file; /* anonymous temporary file */
  char *iobuf; /* its stdio buffer (freed after the file is closed) */
  Run *runs;
  size_t nruns;
} RunFile;

struct SilaBulk {
  SilaTxn *txn;
  TermSlot *terms;
  size_t terms_cap, terms_len;
  SilaBuf arena; /* encoded bytes of the batch's dictionary terms */
  SilaKey4 *quads, *tmp;
  size_t nquads;
  size_t batch_quads; /* BATCH_QUADS, or less through $SILA_BULK_BATCH (tests) */
  BlankSlot *blanks;
  size_t blanks_cap, blanks_len;
  SilaBuf blank_labels;
  uint64_t next_blank;
  SilaBuf enc;
  uint64_t added;
  /* Consecutive statements often share subject and predicate. */
  SilaBuf last_s, last_p;
  SilaId last_s_id, last_p_id;
  /* Spilling: the store was empty when the load began, so full batches go
   * to sorted runs (one file per index, one for the dictionary) and are
   * merged into the indexes with MDB_APPEND at the end: full pages and
   * sequential writes however large the load. */
  bool spill;
  RunFile spill_idx[IDX_COUNT], spill_dict;
  uint64_t spill_dict_bytes; /* the terms' bytes in spill_dict (to reserve the merge's pages) */
  /* Triple terms of the batch: (tt, s, p, o) for the tt.* index, written
   * with the batch (bulk_flush_triples). */
  SilaId (*tts)[4];
  size_t tts_n, tts_cap;
  bool batch_has_tt; /* a remapped ID would break a 'T' entry: refused */
  /* Text index: literal objects of the load, indexed at the end. */
  SilaId *text_ids;
  size_t text_n, text_cap;
  /* Parallel parsing (sila_bulk_part.c).  A worker handle (worker = true)
   * belongs to one parser thread: it hashes terms and collects quads into
   * parts, never writes, and numbers a chunk's blank nodes locally from 1,
   * noting each new label ([size_t length][bytes]) in new_blanks.  The
   * load's own handle maps a chunk's local numbers to the document's
   * blank IDs through blank_map, parts in document order. */
  bool worker;
  bool chunk_start; /* worker: the next part is the first of a chunk */
  SilaBuf new_blanks;
  uint64_t new_blanks_first; /* worker: local number of new_blanks' first label */
  SilaId *blank_map;
  size_t blank_map_len, blank_map_cap;
  /* The sorter thread (sila_bulk_spill.c): it sorts and spills a full
   * batch's orders while the load's thread fills the next batch in the
   * spare arrays, and the last batch's later orders during the merge.
   * sort_q/sort_tmp (a batch's arrays, or spare_q/spare_tmp) are its own
   * until it is joined. */
  pthread_t sorter;
  bool sorting, sort_last;
  int sort_from; /* first order it spills */
  SilaKey4 *sort_q, *sort_tmp, *spare_q, *spare_tmp;
  size_t sort_nquads, sort_n1, sort_n2;
  size_t spilled_batches; /* full batches handed to runs (the load's thread's count) */
  SilaStatus sort_st;
  /* Per-predicate statistics counted during the merge (sila_bulk_stats.c). */
  struct BulkStats *stats;
};

/* Statistics during the merge (sila_bulk_stats.c): begin before merging
 * index idx, note each distinct key written, write at the end. */
typedef struct BulkStats BulkStats;
SilaStatus sila_bulk_stats_begin(SilaBulk *b, int idx);
SilaStatus sila_bulk_stats_note(SilaBulk *b, const SilaKey4 *k);
SilaStatus sila_bulk_stats_write(SilaBulk *b);
void sila_bulk_stats_free(SilaBulk *b);

/* Shared by sila_bulk.c and sila_bulk_part.c. */
SilaStatus sila_bulk_grow_terms(SilaBulk *b);
/* An ID replaced by another (a hash collision settled in the store, or a
 * worker's provisional ID); arrays sorted by `from` for bsearch. */
typedef struct {
  SilaId from, to;
} Remap;
int sila_bulk_cmp_remap(const void *a, const void *b);
size_t sila_bulk_slot_of(SilaId id, size_t cap);
/* The document-scoped ID of a blank node label. */
SilaStatus sila_bulk_blank_id(SilaBulk *b, const SilaTerm *t, SilaId *out);
/* Writes the current batch (tt.* entries, then the batch to runs or to
 * the indexes) and empties it. */
SilaStatus sila_bulk_flush_batch(SilaBulk *b);

/* Notes the batch's literal objects for the text index (after remaps). */
SilaStatus sila_bulk_text_collect(SilaBulk *b);

/* Writes the current batch as one run per index and for the dictionary,
 * then empties the batch: the dictionary's run here, the indexes' on the
 * sorter thread (joined by the next batch's spill, the last batch's, or
 * sila_bulk_free), which sorts the batch's arrays while the batch goes on
 * in the spare ones. */
SilaStatus sila_bulk_spill_batch(SilaBulk *b);
/* The same in two steps: the batch's terms (and its literals noted for the
 * text index), then its quads (and the batch emptied). */
SilaStatus sila_bulk_spill_batch_terms(SilaBulk *b);
SilaStatus sila_bulk_spill_batch_quads(SilaBulk *b);
/* The load's last batch: SPOG and DSPO's runs now, the others' on a sorter
 * thread (b->quads and b->tmp are its own until it is waited for); the
 * merge waits for it (sila_bulk_spill_wait_sorter: joins, empties the
 * batch, returns the sorter's status; SILA_OK when there is none). */
SilaStatus sila_bulk_spill_last_batch_quads(SilaBulk *b);
SilaStatus sila_bulk_spill_wait_sorter(SilaBulk *b);
/* Merges every run into the (empty) indexes and dictionary. */
SilaStatus sila_bulk_spill_merge(SilaBulk *b);
void sila_bulk_spill_free(SilaBulk *b);
/* The dictionary's runs merged again, for the text index's thread while
 * the load's thread merges them into LMDB (open after the last batch is
 * spilled, on the load's thread; next and free on the reading thread;
 * free before sila_bulk_spill_free).  next: 1 with the next distinct ID's
 * entry (bytes valid until the next call), 0 at the end, -1 on an I/O
 * error. */
typedef struct SilaDictStream SilaDictStream;
SilaStatus sila_bulk_dict_stream_open(SilaBulk *b, SilaDictStream **out);
int sila_bulk_dict_stream_next(void *stream, SilaId *id, const char **bytes, size_t *len);
void sila_bulk_dict_stream_free(SilaDictStream *d);
/* Shared with sila_bulk.c. */
void sila_bulk_sorted_terms(SilaBulk *b, TermSlot *list, size_t *n);
void sila_bulk_permute(SilaKey4 *a, size_t n, int from, int to);
void sila_bulk_reset_batch(SilaBulk *b);
/* Moves named-graph keys (k[3] not the default graph) before the others;
 * returns how many there are. */
size_t sila_bulk_partition(SilaKey4 *a, size_t n);
/* Drops repeats from sorted keys in place; returns the new count. */
size_t sila_bulk_dedup(SilaKey4 *a, size_t n);



#endif
