/* sila_store.h — Sila's LMDB-backed quad store.
 *
 * A store is a directory holding one LMDB environment.  RDF terms are
 * mapped to fixed-size 64-bit IDs (SilaId): values whose lexical form
 * can be rebuilt from their value (integers, decimals, dates, dateTimes,
 * booleans, short strings) and blank nodes are encoded in the ID itself;
 * every other term lives in a dictionary keyed by a hash-derived ID.
 * Quads of named graphs are kept in four orderings (SPOG POSG OSPG GSPO),
 * triples of the default graph in three (SPO POS OSP): every quad pattern,
 * with any of s, p, o, g bound, is answered by one range scan (two when g
 * is unbound: default graph, then named); a bound graph with a bound
 * predicate and/or object reads the shorter of the graph's range and the
 * predicate's (object's), testing the other positions on each row.
 *
 * Threads: a SilaStore may be shared by any number of threads.  Read
 * transactions are MVCC snapshots: they never block and never see a write
 * that committed after they began.  There is one writer at a time: a
 * second sila_txn_begin_write() waits until the first ends (and deadlocks
 * if the same thread already holds a write transaction).  A transaction is
 * used by one thread at a time but may move between threads (the web
 * server's workers do that).
 *
 * Durability: a committed write transaction survives a crash (LMDB's
 * copy-on-write B-trees and fsync on commit); a process killed during a
 * write leaves the state before that transaction.
 */
#ifndef SILA_STORE_H
#define SILA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Term IDs ------------------------------------------------------------
 * The top four bits are a tag; the order of IDs inside a tag is the order
 * of values for inline integers (so index ranges follow numeric order). */
typedef uint64_t SilaId;

#define SILA_ID_ANY ((SilaId)0) /* wildcard in patterns; never a term */
#define SILA_ID_DEFAULT_GRAPH ((SilaId)0xE000000000000000ULL)

typedef enum {
  SILA_TAG_NONE = 0x0,
  SILA_TAG_IRI = 0x1,      /* dictionary IRI */
  SILA_TAG_BLANK = 0x2,    /* blank node: the ID is the node (no dictionary entry) */
  SILA_TAG_LITERAL = 0x3,  /* dictionary literal */
  SILA_TAG_INTEGER = 0x4,  /* inline xsd:integer in canonical form, |v| < 2^59 */
  SILA_TAG_BOOLEAN = 0x5,  /* inline xsd:boolean "true"/"false" */
  SILA_TAG_SHORTSTR = 0x6, /* inline simple literal of at most 7 bytes */
  SILA_TAG_DECIMAL = 0x7,  /* inline xsd:decimal d.d, <= 15 significant digits */
  SILA_TAG_DATE = 0x8,     /* inline xsd:date YYYY-MM-DD, no zone or Z */
  SILA_TAG_DATETIME = 0x9, /* inline xsd:dateTime, <= 3 fraction digits, no zone or Z */
  SILA_TAG_TRIPLE = 0xA,   /* dictionary RDF 1.2 triple term ('T' + its three IDs) */
  SILA_TAG_DEFAULT_GRAPH = 0xE,
} SilaIdTag;

static inline SilaIdTag sila_id_tag(SilaId id) { return (SilaIdTag)(id >> 60); }

/* Encodes a term that can be inlined; returns false when it needs the
 * dictionary (or is a blank node, which the store numbers). */
bool sila_id_inline(const SilaTerm *t, SilaId *out);

/* Decodes an ID that needs no dictionary (inline literals, blank nodes)
 * into `t`, using `buf` (SILA_TERM_BUF bytes) for the lexical form or
 * label; returns false for dictionary IDs. */
bool sila_id_decode_inline(SilaId id, SilaTerm *t, char *buf);

/* The integer value of an inline xsd:integer ID. */
int64_t sila_id_integer_value(SilaId id);

/* The ID of the inline xsd:integer v; |v| must be at most SILA_ID_INTEGER_MAX. */
#define SILA_ID_INTEGER_MAX ((INT64_C(1) << 59) - 1)
SilaId sila_id_from_integer(int64_t v);

/* A bound of the inline xsd:decimal IDs by value: with upper false, every
 * inline decimal whose value is >= v has an ID >= the one returned; with
 * upper true, every one whose value is <= v has an ID <= it.  Loose by a
 * few units of the 15th digit, so that rounding v never leaves one out:
 * a range scan by these bounds reads a superset of the values in range. */
SilaId sila_id_decimal_bound(double v, bool upper);

/* The value of an inline xsd:decimal ID without decoding its text: value =
 * (negative ? -1 : 1) * digits * 10^exponent, written with `scale` fraction
 * digits.  False (nothing set) for other IDs. */
bool sila_id_decimal(SilaId id, bool *negative, uint64_t *digits, int *exponent, int *scale);

/* ---- Store ---------------------------------------------------------------- */
typedef struct SilaStore SilaStore;
typedef struct SilaTxn SilaTxn;

enum {
  SILA_STORE_CREATE = 1 << 0,   /* create the directory and store when absent */
  SILA_STORE_READONLY = 1 << 1, /* open for reading only */
  /* For one large write (sila load): the writer's pages are written in place
   * in the memory map (LMDB's MDB_WRITEMAP: no page copies, no dirty-page
   * list to search, no write() at commit).  While the store is open so, its
   * data file's size is the map's (sparse: the bytes on disk do not grow);
   * sila_store_close trims it back to the pages in use.  A disk that fills
   * up under a map ends the process (SIGBUS) where a write() would fail:
   * ask for it only with room for the load (sila_load_store_flags). */
  SILA_STORE_WRITEMAP = 1 << 2,
};

/* Opens the store in `dir`.  Errors: SILA_ERR_NOT_FOUND (no store there and
 * no SILA_STORE_CREATE), SILA_ERR_CORRUPT (not a Sila store, or a format
 * version this build does not read), SILA_ERR_IO.  Never open the same
 * directory twice in one process: share the SilaStore instead. */
SilaStatus sila_store_open(const char *dir, unsigned flags, SilaStore **out);

/* Closes the store.  All transactions must have ended.  NULL is a no-op. */
void sila_store_close(SilaStore *store);

/* The directory the store was opened from (owned by the store). */
const char *sila_store_dir(const SilaStore *store);

/* Flushes to disk writes committed with SILA_TXN_NOSYNC. */
SilaStatus sila_store_sync(SilaStore *store);

/* Writes a consistent, compacted copy of the store (one read snapshot, safe
 * while other processes write) as a new store directory `dest`, which must
 * not exist; the copy appears there whole or not at all (sila_backup.c).
 * Errors: SILA_ERR_EXISTS, SILA_ERR_IO, SILA_ERR_INVALID; `err` says why. */
SilaStatus sila_store_backup(SilaStore *store, const char *dest, SilaError *err);

/* ---- Transactions --------------------------------------------------------- */
enum {
  SILA_TXN_NOSYNC = 1 << 0, /* write txn: commit without fsync (bulk loads; call sila_store_sync) */
};

/* Begins a read transaction (a snapshot).  Errors: SILA_ERR_BUSY when all
 * reader slots are taken, SILA_ERR_IO. */
SilaStatus sila_txn_begin_read(SilaStore *store, SilaTxn **out);

/* Begins the write transaction; waits while another one is open. */
SilaStatus sila_txn_begin_write(SilaStore *store, unsigned flags, SilaTxn **out);

/* Commits a write transaction (or ends a read one) and frees `txn`, in
 * every case.  Errors: SILA_ERR_FULL, SILA_ERR_IO; the writes are then
 * lost as a whole. */
SilaStatus sila_txn_commit(SilaTxn *txn);

/* Discards a transaction's writes and frees it.  NULL is a no-op. */
void sila_txn_abort(SilaTxn *txn);

bool sila_txn_is_write(const SilaTxn *txn);

/* A writer on a writable map (SILA_STORE_WRITEMAP) writes pages by memory
 * stores into a sparse file: a page the file system cannot back would kill
 * the process (SIGBUS) instead of failing.  sila_txn_reserve allocates the
 * file's blocks for every page the transaction may have written so far
 * (the trees' growth, a copy of every page in use when it began, the
 * freelist its commit writes, a margin) plus `ahead` bytes it is about to
 * write; SILA_ERR_FULL when the disk cannot hold them, before any of them
 * is written (sila_txn_reserve_failed: the most the transaction may need
 * past the pages in use, from the largest upper bound asked for).  Reservations only grow; closing the store frees the unused
 * blocks.  A no-op without the map.  $SILA_TEST_RESERVE_LIMIT (bytes, for
 * tests) makes a reservation past it fail as a full disk would. */
SilaStatus sila_txn_reserve(SilaTxn *txn, uint64_t ahead);
/* The same for puts that take at most `ahead` bytes of pages and at least
 * `least`: when the disk cannot hold the most but holds the least, the
 * transaction goes on (its puts' checks reserve the rest as it comes,
 * sila_txn_reserve_note), so a load that fits is not refused on an upper
 * bound. */
SilaStatus sila_txn_reserve_range(SilaTxn *txn, uint64_t ahead, uint64_t least);
/* Before a put of `bytes`: every few MiB of puts (and before a large one)
 * checks the pages really added and reserves ahead (sila_txn_reserve). */
SilaStatus sila_txn_reserve_note(SilaTxn *txn, uint64_t bytes);
uint64_t sila_txn_reserve_failed(const SilaTxn *txn);

/* A counter that changes with every committed write (for ETags). */
uint64_t sila_txn_generation(SilaTxn *txn);

/* ---- Terms ---------------------------------------------------------------- */

/* Finds the ID of a term.  Blank nodes are looked up by the label that
 * sila_txn_term() gives them ("b" + hex), so a dumped blank node can be
 * named again.  Errors: SILA_ERR_NOT_FOUND when the term is not in the
 * store (a query pattern with it matches nothing), SILA_ERR_INVALID for a
 * malformed term. */
SilaStatus sila_txn_lookup(SilaTxn *txn, const SilaTerm *term, SilaId *out);

/* Finds or adds a term (write transactions only).  Blank nodes given here
 * are looked up by label as in sila_txn_lookup and otherwise get a fresh
 * ID; loaders that need document-scoped labels use sila_txn_new_blank. */
SilaStatus sila_txn_intern(SilaTxn *txn, const SilaTerm *term, SilaId *out);

/* Allocates a fresh blank node ID (write transactions only). */
SilaStatus sila_txn_new_blank(SilaTxn *txn, SilaId *out);

/* Decodes an ID into a term.  Strings point into `buf` (for values kept
 * in the ID itself: valid while buf is) or into the transaction's memory
 * map (valid until the transaction ends or, in a write transaction, until
 * its next write).  A triple term (SILA_TAG_TRIPLE) comes with its
 * components decoded: the view, its `triple` array and every string under
 * it (nested triple terms too) are copied into memory the transaction owns
 * and frees when it ends, so they stay valid until then even across
 * writes; decoding the same triple-term ID again reuses that copy.
 * Errors: SILA_ERR_NOT_FOUND for an ID that names no term,
 * SILA_ERR_CORRUPT for an entry Sila did not write. */
#define SILA_TERM_BUF 32
SilaStatus sila_txn_term(SilaTxn *txn, SilaId id, SilaTerm *out, char buf[SILA_TERM_BUF]);

/* ---- Triple terms (RDF 1.2) -------------------------------------------------
 * A triple term <<( s p o )>> is a term with an ID of its own (tag
 * SILA_TAG_TRIPLE): its dictionary entry holds its three component IDs, so
 * blank nodes inside it are the store's blank nodes like anywhere else.
 * sila_txn_intern / sila_txn_lookup / sila_txn_term take and give whole
 * triple terms; the calls below work on IDs, and an index of triple terms
 * by their components (tt.spo, tt.pos, tt.osp) makes a pattern on a
 * triple term's parts one range scan.  A triple term stays in the
 * dictionary and that index after its last quad is removed, like an IRI. */

/* The ID of the triple term (s, p, o), given its components' IDs.
 * SILA_ERR_NOT_FOUND when the store holds no such triple term (or the
 * components could not form one). */
SilaStatus sila_txn_triple_lookup(SilaTxn *txn, SilaId s, SilaId p, SilaId o, SilaId *out);

/* Finds or adds the triple term (s, p, o) (write transactions only; the
 * components must be IDs of this store).  SILA_ERR_INVALID when s is not
 * an IRI or blank node ID, or p not an IRI ID. */
SilaStatus sila_txn_triple_intern(SilaTxn *txn, SilaId s, SilaId p, SilaId o, SilaId *out);

/* The component IDs of a triple-term ID: spo[0] subject, [1] predicate,
 * [2] object.  SILA_ERR_NOT_FOUND when tt names no triple term. */
SilaStatus sila_txn_triple_parts(SilaTxn *txn, SilaId tt, SilaId spo[3]);

/* Scans the triple terms whose components match a pattern (SILA_ID_ANY
 * matches anything): every bound set is one prefix range of one of the
 * three orderings.  Triple terms come in that ordering's key order. */
typedef struct SilaTripleScan SilaTripleScan;
SilaStatus sila_triple_scan_open(SilaTxn *txn, SilaId s, SilaId p, SilaId o,
                                 SilaTripleScan **out);
/* Returns 1 with the next triple term's ID in *tt and its components in
 * spo (either may be NULL), 0 at the end, or a negative SilaStatus. */
int sila_triple_scan_next(SilaTripleScan *scan, SilaId *tt, SilaId spo[3]);
/* Ends a scan; NULL is a no-op.  Scans must end before their transaction. */
void sila_triple_scan_free(SilaTripleScan *scan);

/* ---- Quads ---------------------------------------------------------------- */
typedef struct {
  SilaId s, p, o, g;
} SilaIdQuad;

/* Adds a quad (g = SILA_ID_DEFAULT_GRAPH for the default graph).  Returns
 * SILA_OK when added, SILA_ERR_EXISTS when it was already there. */
SilaStatus sila_txn_add(SilaTxn *txn, const SilaIdQuad *q);

/* Removes a quad.  Returns SILA_OK when removed, SILA_ERR_NOT_FOUND when absent. */
SilaStatus sila_txn_remove(SilaTxn *txn, const SilaIdQuad *q);

/* Removes every quad of graph g (any graph but SILA_ID_ANY); *removed (if
 * not NULL) receives the count. */
SilaStatus sila_txn_clear_graph(SilaTxn *txn, SilaId g, uint64_t *removed);

/* True when graph g holds at least one quad. */
bool sila_txn_graph_exists(SilaTxn *txn, SilaId g);

/* Scans the quads matching a pattern; SILA_ID_ANY in a position matches
 * anything (for g: any graph, the default graph included).  Quads come in
 * the order of the index chosen for the bound positions; with g unbound,
 * the default graph's quads first, then the named graphs' ones.  With
 * SILA_SCAN_DISTINCT_TRIPLES and g unbound, a triple found in several
 * graphs comes once (its g is then one of them), which is how a union
 * default graph is read. */
typedef struct SilaScan SilaScan;
enum { SILA_SCAN_DISTINCT_TRIPLES = 1 << 0, SILA_SCAN_OBJECT_ORDER = 1 << 1 };
/* SILA_SCAN_OBJECT_ORDER: a pattern with a bound graph, a bound predicate
 * and/or object and a free subject reads the predicate's (object's) quads
 * of every graph and tests the graph, so that they come in the order of
 * that ordering (for a graph and a predicate: sorted by object, then
 * subject), even where the graph's own quads would be fewer to read.
 * Without it the store reads whichever range is shorter, and the order is
 * that of the index it chose (store/sila_quads.c). */

SilaStatus sila_scan_open(SilaTxn *txn, const SilaIdQuad *pattern, unsigned flags, SilaScan **out);

/* Returns 1 and fills *q with the next match, 0 at the end, or a negative
 * SilaStatus on error.  Blocks of IDs are read from LMDB pages directly:
 * no allocation per row. */
int sila_scan_next(SilaScan *scan, SilaIdQuad *q);

/* Re-targets a scan to another pattern (same transaction and flags),
 * keeping its cursors: cheaper than a new scan per row of a nested loop.
 * Errors as sila_scan_open; after an error the scan returns nothing. */
SilaStatus sila_scan_reset(SilaScan *scan, const SilaIdQuad *pattern);

/* Re-targets a scan to the quads of `pattern` whose object ID is in
 * [o_lo, o_hi] (inclusive): one seek and a sequential read of that part of
 * the index.  The pattern must bind p and leave o unbound (SILA_ERR_INVALID
 * otherwise); IDs order values only inside one tag (sila_id_inline), so a
 * range of values is a range per tag.  o_lo > o_hi: nothing. */
SilaStatus sila_scan_reset_range(SilaScan *scan, const SilaIdQuad *pattern, SilaId o_lo,
                                 SilaId o_hi);

/* True when the scan reads one index range, so its quads come sorted in
 * that index's order (false when it reads the default graph's and the
 * named graphs' ranges one after the other). */
bool sila_scan_sorted(const SilaScan *scan);

/* Ends a scan; NULL is a no-op.  Scans must end before their transaction. */
void sila_scan_free(SilaScan *scan);

/* The distinct objects of one predicate in ID order, either way, over every
 * graph (the default graph's DPOS and the named graphs' POSG): each step is
 * one seek per index, whatever the number of quads per object.  A superset
 * of the objects of any one graph or set of graphs (ORDER BY ?o LIMIT k
 * driven by the objects in value order, sparql/exec_topk.c). */
typedef struct SilaObjectSteps SilaObjectSteps;
SilaStatus sila_objects_open(SilaTxn *txn, SilaId p, SilaObjectSteps **out);
/* The smallest object ID > from (down false) or the largest < from (down
 * true): 1 and *out, 0 when there is none, or a negative SilaStatus. */
int sila_objects_step(SilaObjectSteps *os, SilaId from, bool down, SilaId *out);
/* NULL is a no-op; ends before its transaction. */
void sila_objects_free(SilaObjectSteps *os);

/* Graph IDs in ascending order (the default graph included when it holds
 * quads).  Returns 1 and the graph in *g, 0 at the end. */
typedef struct SilaGraphIter SilaGraphIter;
SilaStatus sila_graphs_open(SilaTxn *txn, SilaGraphIter **out);
int sila_graphs_next(SilaGraphIter *it, SilaId *g);
void sila_graphs_free(SilaGraphIter *it);

/* ---- Files ---------------------------------------------------------------- */

/* Small files kept with the data (the CSV a dataset was published from),
 * written in a write transaction and so committed or dropped with it.
 * Names are 1..SILA_FILE_NAME_MAX bytes ("slug/table.csv").
 * sila_txn_put_file replaces a file of that name; errors SILA_ERR_INVALID
 * (read transaction, bad name), SILA_ERR_FULL, SILA_ERR_IO.
 * sila_txn_get_file points *data at the bytes, valid until the transaction
 * ends (do not write through it); SILA_ERR_NOT_FOUND when absent. */
#define SILA_FILE_NAME_MAX 400
SilaStatus sila_txn_put_file(SilaTxn *txn, const char *name, const void *data, size_t len);
SilaStatus sila_txn_get_file(SilaTxn *txn, const char *name, const void **data, size_t *len);

/* ---- Statistics ----------------------------------------------------------- */

/* Number of quads matching a pattern: exact for patterns with zero or one
 * bound position (O(1)), exact by counting for others up to `cap` (a cheap
 * bound for planners), returning `cap` when there are more. */
uint64_t sila_txn_count(SilaTxn *txn, const SilaIdQuad *pattern, uint64_t cap);
/* The same for planners: exact where sila_txn_count is cheap; for a bound
 * graph with a bound predicate and/or object (read from an index that
 * tests the graph or the predicate and object on every row) the matches
 * among the first rows read (a sample of at most 2048), scaled to the
 * range's length: at least 1 when the range was not read to its end, at
 * most `cap`. */
uint64_t sila_txn_estimate(SilaTxn *txn, const SilaIdQuad *pattern, uint64_t cap);

typedef struct {
  uint64_t quads;        /* all quads */
  uint64_t graphs;       /* graphs with quads, the default graph included */
  uint64_t terms;        /* dictionary entries */
  uint64_t blank_nodes;  /* blank node IDs allocated */
  uint64_t bytes_on_disk;/* size of the data file */
  uint64_t generation;   /* committed write transactions */
  bool indexes_agree;    /* the indexes of each family hold the same quads' count */
} SilaStoreStats;

SilaStatus sila_txn_stats(SilaTxn *txn, SilaStoreStats *out);

typedef struct {
  uint64_t quads;             /* quads with this predicate (exact) */
  uint64_t distinct_subjects; /* as of the last refresh (see below) */
  uint64_t distinct_objects;
} SilaPredicateStats;

/* Statistics of one predicate.  Counts of distinct subjects and objects are
 * refreshed when a write transaction commits after the predicate's quad
 * count changed by more than 10% since the last refresh, so they are
 * estimates between refreshes.  SILA_ERR_NOT_FOUND when p is not used. */
SilaStatus sila_txn_predicate_stats(SilaTxn *txn, SilaId p, SilaPredicateStats *out);

/* ---- Bulk loading ---------------------------------------------------------
 * Adds many quads in one write transaction: terms are hashed to IDs without
 * lookups, quads are buffered, sorted per index and written in key order.
 * Blank node labels are scoped to the bulk load (call sila_bulk_new_document
 * between documents to reset the scope). */
typedef struct SilaBulk SilaBulk;

SilaStatus sila_bulk_new(SilaTxn *txn, SilaBulk **out);

/* Adds one quad; g == NULL means the default graph.  Term strings are
 * copied; they need not outlive the call. */
SilaStatus sila_bulk_add(SilaBulk *bulk, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                         const SilaTerm *g);

/* Starts a new blank-node scope: "_:a" after this call is a new node. */
void sila_bulk_new_document(SilaBulk *bulk);

/* Writes what is buffered.  *added (if not NULL) gets the number of quads
 * that were new.  The bulk handle is freed in every case. */
SilaStatus sila_bulk_finish(SilaBulk *bulk, uint64_t *added);

/* Frees a bulk handle without writing what is still buffered. */
void sila_bulk_free(SilaBulk *bulk);

#ifdef __cplusplus
}
#endif
#endif
