/* exec_internal.h — the executor's shared pieces; not a public header.
 *
 * Evaluation is pull-based: every algebra node becomes an Iter whose next()
 * fills a row of term IDs (one slot per query variable, 0 = unbound).
 * Each node is evaluated with a seed row: the bindings it must extend.
 * Bottom-up SPARQL evaluation uses an empty seed; EXISTS and nested-loop
 * joins into patterns (BGPs, paths, VALUES) pass the current row, which is
 * the spec's substitution.
 *
 * Terms that the store does not hold (computed values, constants of the
 * query) get query-local IDs with tag 0xD, numbered in a table of the
 * execution; one term has one ID, so ID equality is sameTerm. */
#ifndef SILA_EXEC_INTERNAL_H
#define SILA_EXEC_INTERNAL_H

#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "sila_arena.h"
#include "sila_exec.h"
#include "sila_fn.h"
#include "sila_value.h"

#define TAG_LOCAL 0xDULL
#define LOCAL_ID(i) ((TAG_LOCAL << 60) | (uint64_t)(i))
#define IS_LOCAL(id) (((id) >> 60) == TAG_LOCAL)

typedef SilaId *Row;

typedef struct Iter Iter;
struct Iter {
  /* 1 = a row in *out, 0 = end, <0 = -SilaStatus. */
  int (*next)(Iter *it, SilaId *out);
  void (*free)(Iter *it);
};

/* A new iterator of `size` bytes, zeroed, whose struct begins with an Iter,
 * with its two methods set; NULL when memory ran out. */
void *exec_iter_new(size_t size, int (*next)(Iter *it, SilaId *out), void (*free_fn)(Iter *it));

static inline int iter_next(Iter *it, SilaId *out) { return it->next(it, out); }
static inline void iter_free(Iter *it) {
  if (it)
    it->free(it);
}

/* Where triple patterns look. */
typedef enum {
  GRAPH_DEFAULT_STORE, /* the store's default graph */
  GRAPH_UNION,         /* every graph, triples deduplicated */
  GRAPH_SET,           /* the union of `gset` (FROM), deduplicated */
  GRAPH_ONE,           /* exactly graph `g` */
} GraphMode;

typedef struct {
  GraphMode mode;
  SilaId g;
} ActiveGraph;

/* A remembered pattern count (exec_estimate). */
typedef struct {
  SilaId s, p, o, g;
  GraphMode mode;
  uint64_t count;
  bool used;
} EstimateSlot;
#define EXEC_ESTIMATE_SLOTS 256
#define EXEC_GRAPHS_READ 32

typedef struct LocalTerm {
  SilaTerm term;
  uint64_t hash;
} LocalTerm;

struct SilaExec {
  SilaTxn *txn;
  SilaQuery *q;
  SilaExecOptions opt;
  size_t nvars;
  SilaArena *arena;   /* lives as long as the execution */
  /* Constant sub-expressions evaluated once (SilaExpr.constant). */
  struct FoldedExpr *folds;
  size_t nfolds, folds_cap;
  /* IRI constants of `?x = <iri>` / `!=` and their store IDs (exec_expr.c:
   * compared by ID, without decoding ?x); a few, replaced round-robin. */
  struct {
    const SilaExpr *e;
    SilaId id;
  } iri_consts[4];
  unsigned iri_consts_next;
  SilaArena *scratch; /* per-row expression results; reset often */
  SilaFnContext fn;
  /* Dataset */
  ActiveGraph default_graph;
  SilaId *from;       /* FROM graphs (GRAPH_SET) */
  size_t nfrom;
  SilaId *named;      /* FROM NAMED graphs; NULL with named_all */
  size_t nnamed;
  bool named_all;     /* no FROM NAMED: every named graph of the store */
  /* Local terms */
  LocalTerm *locals;
  size_t nlocals, locals_cap;
  uint32_t *local_index; /* hash table: index+1, 0 = empty */
  size_t local_index_cap;
  /* Limits */
  struct timespec deadline;
  bool has_deadline;
  struct timespec slow_at; /* thread CPU time at which on_slow runs */
  bool slow_pending;
  atomic_int interrupted;
  /* The query's memory cap (opt.max_memory): exec_mem's explicit charges
   * and the blocks of both arenas, checked before they grow. */
  size_t mem_max;
  SilaArenaBudget budget;
  unsigned check_counter;
  SilaStatus status;
  char errmsg[256];
  /* Output */
  Iter *root;
  SilaId *row;
  int32_t *proj; /* projected variables */
  size_t nproj;
  SilaTerm *out_terms;
  const SilaTerm **out_ptrs;
  char (*out_bufs)[SILA_TERM_BUF];
  uint64_t rows;
  void *plan; /* how each node runs (exec_plan.c) */
  EstimateSlot estimates[EXEC_ESTIMATE_SLOTS];
  /* Remembered for the execution: a BGP opened once per row of a nested
   * loop (or per value of a driven ORDER BY) plans and resolves again.
   * The statistics of a few predicates (exec_plan.c), and the store IDs of
   * the constants of pattern nodes, by node (exec_bgp.c; only IDs found:
   * an ID never changes, an absent term may be added). */
  struct {
    SilaId p;
    SilaStatus st;
    SilaPredicateStats ps;
  } pstats[16];
  struct {
    const void *node;
    SilaId id;
  } node_ids[64];
  /* EXPLAIN ANALYZE: per-node counters (exec_explain.c) */
  bool profile;
  bool pulled; /* rows were asked for: the counters mean something */
  void *prof;  /* ProfTable */
  /* CONSTRUCT / DESCRIBE */
  void *graph_out; /* TripleSet */
  size_t graph_pos;
  bool graph_ready;
  /* SERVICE: calls made and answers cached (exec_service.c, in the arena) */
  void *service;
  /* Full-text search: text queries run and their matches (exec_text.c) */
  void *text;
  /* The graphs whose quads the scans returned (sila_exec_graphs_read) */
  SilaId graphs_read[EXEC_GRAPHS_READ];
  size_t ngraphs_read;
  bool graphs_read_more;
};

/* ---- limits and errors ---- */
/* Returns SILA_OK, or the status that must stop the query. */
SilaStatus exec_check(SilaExec *ex);
int exec_fail(SilaExec *ex, SilaStatus st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Accounts `bytes` of materialised rows; SILA_ERR_LIMIT past the cap. */
SilaStatus exec_mem(SilaExec *ex, size_t bytes);

/* ---- terms ---- */
/* The ID of a term: inline, stored, or a new local one.  0 on failure. */
SilaId exec_term_id(SilaExec *ex, const SilaTerm *t);
/* The store ID of a term, or 0 when the store does not hold it (then a
 * pattern with it matches nothing). */
SilaId exec_store_id(SilaExec *ex, const SilaTerm *t);
/* Decodes any ID; buf holds inline values (SILA_TERM_BUF bytes). */
SilaStatus exec_term(SilaExec *ex, SilaId id, SilaTerm *t, char *buf);
/* A value for expression evaluation (strings in the scratch arena). */
SilaStatus exec_value(SilaExec *ex, SilaId id, SilaValue *v);
/* The ID of a computed value. */
SilaId exec_value_id(SilaExec *ex, SilaValue *v);
/* A fresh blank node (CONSTRUCT templates, BNODE()). */
SilaId exec_fresh_blank(SilaExec *ex);
/* The ID of the triple term (s, p, o): the store's when it holds it, else
 * a local term (0 on failure, with ex->status set when it is an error). */
SilaId exec_triple_id(SilaExec *ex, SilaId s, SilaId p, SilaId o);
/* Deep copy of t into arena (triple terms and their components too);
 * false when memory ran out or triple terms nest too deep. */
bool exec_arena_term_copy(SilaArena *arena, const SilaTerm *t, SilaTerm *out, int depth);

/* ---- rows ---- */
static inline void row_copy(const SilaExec *ex, SilaId *dst, const SilaId *src) {
  memcpy(dst, src, ex->nvars * sizeof *dst);
}
/* Merges b into a when compatible (same value wherever both are bound). */
bool row_merge(const SilaExec *ex, SilaId *a, const SilaId *b);
bool row_compatible(const SilaExec *ex, const SilaId *a, const SilaId *b);

/* A materialised list of rows. */
typedef struct {
  SilaId *data;
  size_t n, cap, width;
} RowList;
SilaStatus rows_push(SilaExec *ex, RowList *l, const SilaId *row);
void rows_free(RowList *l);
static inline SilaId *rows_at(const RowList *l, size_t i) { return l->data + i * l->width; }
/* Drains an iterator into a list (the iterator is freed; on failure the
 * list is emptied and the execution's error set). */
SilaStatus rows_collect(SilaExec *ex, Iter *it, RowList *l);
/* An iterator over a list it takes ownership of. */
Iter *iter_rows(SilaExec *ex, RowList *l);

/* A hash index over a materialised right side, keyed by the variables
 * bound in every one of its rows that the probing row also binds.  Rows
 * with other values on those variables can be neither compatible nor
 * (for MINUS) matching, so only one bucket is visited. */
typedef struct {
  const RowList *rows;
  bool *always;    /* per variable: bound in every row */
  int32_t *keyvars; /* the key of the current index */
  size_t nkeys;
  size_t *heads;   /* bucket -> row + 1 */
  size_t *chain;   /* row -> next row + 1 */
  size_t cap;
} RowIndex;

SilaStatus rowindex_init(SilaExec *ex, RowIndex *ix, const RowList *rows);
void rowindex_free(RowIndex *ix);
/* Starts a probe for `row`: returns the first candidate row + 1 (0 = none)
 * and sets *all when every row must be scanned (no usable key). */
size_t rowindex_first(SilaExec *ex, RowIndex *ix, const SilaId *row, bool *all);
static inline size_t rowindex_next(const RowIndex *ix, size_t cand) { return ix->chain[cand - 1]; }

/* ---- evaluation ---- */
Iter *exec_eval(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
/* Iterators over BGPs and paths. */
Iter *exec_bgp(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
/* A BGP that applies FILTER expressions itself, each as soon as its
 * variables are bound (the FILTER node over it then has nothing to do). */
Iter *exec_bgp_filtered(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                        SilaExpr *const *filters, size_t nfilters);
Iter *exec_path(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
Iter *exec_group(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
Iter *exec_orderby(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
/* An iterator that yields nothing, or one row. */
Iter *iter_empty(SilaExec *ex);
Iter *iter_error(SilaExec *ex, SilaStatus st);
Iter *iter_single(SilaExec *ex, const SilaId *row);

/* Scans the quads of a pattern in the active graph (triples deduplicated
 * where the graph is a union).  Positions with 0 are unbound. */
typedef struct QuadScan QuadScan;
QuadScan *quadscan_open(SilaExec *ex, SilaId s, SilaId p, SilaId o, ActiveGraph ag);
/* Re-targets an open scan (same graph mode); false on a store error. */
bool quadscan_reset(QuadScan *qs, SilaId s, SilaId p, SilaId o);
/* Re-targets an open scan to the quads of (s, p, ?) whose object ID is in
 * [o_lo, o_hi] (p bound); false on a store error. */
bool quadscan_reset_range(QuadScan *qs, SilaId s, SilaId p, SilaId o_lo, SilaId o_hi);
/* True when the scan's quads come in one index range (sorted). */
bool quadscan_sorted(const QuadScan *qs);
int quadscan_next(QuadScan *qs, SilaIdQuad *q);
void quadscan_free(QuadScan *qs);
/* Estimated matches of a pattern (for join ordering). */
uint64_t exec_estimate(SilaExec *ex, SilaId s, SilaId p, SilaId o, ActiveGraph ag);
/* The named graphs of the dataset, for GRAPH ?g. */
SilaStatus exec_named_graphs(SilaExec *ex, SilaId **out, size_t *n);
bool exec_is_named_graph(SilaExec *ex, SilaId g);

/* ---- SERVICE (exec_service.c) ---- */
/* A SERVICE node: the remote rows of its pattern (the seed's bindings of
 * the pattern's variables sent as VALUES) merged with the seed.  The call
 * happens on the first pull; refusals and failures end the query, or give
 * the seed alone under SILENT.  NULL when memory runs out. */
Iter *exec_service(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
/* Its policy (allow-list, address guard, limits): sila_fetch.h (base/). */

/* ---- full-text search (exec_text.c) ---- */
/* True when a BGP holds a calabria:testo pattern. */
bool exec_text_applies(const SilaAlg *alg);
/* Such a BGP, with the text index as access path (filters as in
 * exec_bgp_filtered). */
Iter *exec_text_bgp(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                    SilaExpr *const *filters, size_t nfilters);
void exec_text_free(SilaExec *ex);
/* For EXPLAIN: the BGP's calabria:testo pattern as one operator (its
 * subject, query and output variables, -1 absent); used[0..ntriples) marks
 * the triples it stands for (the pattern and its list).  False: none. */
bool exec_text_explain_parts(const SilaExec *ex, const SilaAlg *alg, bool *used, SilaNode *s,
                             SilaNode *query, int32_t out[3]);

/* ---- EXPLAIN ---- */
/* A line EXPLAIN prints under a node (how it was run); copied. */
void exec_profile_note(SilaExec *ex, const SilaAlg *alg, const char *note);
/* Wraps a node's iterator to count its rows and time (profiling on). */
Iter *exec_profile_wrap(SilaExec *ex, const SilaAlg *alg, Iter *it);
/* Records the order and estimates a BGP chose (first evaluation only). */
/* The BGP's first two patterns run as a merge join (EXPLAIN says so). */
void exec_profile_bgp_merge(SilaExec *ex, const SilaAlg *alg);
void exec_profile_bgp(SilaExec *ex, const SilaAlg *alg, const size_t *order,
                      const uint64_t *est, size_t n);
void exec_profile_free(SilaExec *ex);
/* EXPLAIN ANALYZE: what a driven ORDER BY did (added up). */
void exec_profile_topk(SilaExec *ex, const SilaAlg *alg, uint64_t values, uint64_t groups,
                       uint64_t rows, uint64_t fell_back);

/* ---- expressions ---- */
/* Evaluates e on row; SILA_ERR_TYPE for an expression error. */
SilaStatus exec_expr(SilaExec *ex, const SilaExpr *e, const SilaId *row, ActiveGraph ag,
                     SilaValue *out);
/* Effective boolean value of e on row; errors are false. */
bool exec_filter(SilaExec *ex, SilaExpr *const *exprs, size_t n, const SilaId *row,
                 ActiveGraph ag);

/* ---- the plan (exec_plan.c) ---- */

/* How a node of the algebra is answered (chosen by plan_access). */
typedef enum {
  PLAN_ITERATOR = 0, /* the node's own iterator (eval_node, by kind) */
  PLAN_BGP_FILTERED, /* FILTER over a BGP: the tests run inside the BGP's loop */
  PLAN_ORDER_DRIVEN, /* ORDER BY ?v under a LIMIT: driven by ?v's objects in value
                      * order (exec_topk.c) */
} PlanAccess;

/* The plan's decisions for one node. */
typedef struct {
  const SilaAlg *alg;
  PlanAccess access;
  bool has_topk; /* ORDER BY under a LIMIT: only its first topk rows are kept */
  /* A BGP under a pushed FILTER whose rows are all read (no LIMIT, ASK or
   * EXISTS above it short of an ORDER BY or GROUP BY): it may hold rows
   * back to count them (exec_hash.c); else it streams. */
  bool drained;
  uint64_t topk;
  /* PLAN_ORDER_DRIVEN (exec_topk.c): the rows wanted above (offset + limit,
   * through projections, DISTINCT, REDUCED), the variable of the first key,
   * the predicate whose objects it is, their order (descending), and the
   * estimates the choice was made on: the rows of the pattern, the quads of
   * the predicate, the values expected to be read, and the values read
 * before the rest is read the plain way. */
  uint64_t want;
  int32_t drive_var;
  SilaId drive_p;
  bool drive_down;
  uint64_t drive_rows, drive_quads, drive_expect, drive_budget;
} PlanNote;

/* Plans the execution of `root` (and of the EXISTS patterns in it); run
 * once before the root's iterator is built.  SILA_ERR_NOMEM on failure. */
SilaStatus exec_plan(SilaExec *ex, const SilaAlg *root);
/* sila_txn_predicate_stats, remembered for the execution. */
SilaStatus exec_predicate_stats(SilaExec *ex, SilaId p, SilaPredicateStats *out);
/* The decisions for `alg` (a plain iterator when the plan has none). */
PlanNote exec_plan_of(const SilaExec *ex, const SilaAlg *alg);
void exec_plan_free(SilaExec *ex);

/* ---- ORDER BY ?v LIMIT k driven by ?v's objects in value order (exec_topk.c) ---- */

/* Whether the ORDER BY `alg`, whose first `want` rows are read, runs
 * driven by the objects of its first key's pattern in value order; fills
 * the note's drive_* fields when it does.  Store reads (O(1) counts, two
 * seeks); false on any doubt. */
bool exec_topk_plan(SilaExec *ex, const SilaAlg *alg, uint64_t want, PlanNote *note);
/* The ORDER BY's rows in order, driven (PLAN_ORDER_DRIVEN). */
Iter *exec_topk_orderby(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag);
/* EXPLAIN's words for the plan's choice. */
int exec_topk_describe(const SilaExec *ex, const PlanNote *note, SilaBuf *out);
/* Sorts rows in place by the ORDER BY's conditions (stable), as
 * exec_orderby does (exec_group.c); SILA_OK or the error recorded. */
SilaStatus exec_orderby_sort(SilaExec *ex, const SilaAlg *alg, ActiveGraph ag, RowList *rows);

/* A triple pattern position resolved for the executor. */
typedef struct {
  int32_t var; /* >= 0: variable */
  SilaId id;   /* constant (0 when the store lacks it: nothing matches) */
} Pos;

/* A triple pattern (pos = s, p, o), or (tt) a triple-term pattern: the
 * triple term `term` (a hidden variable of the parser, or a constant) has
 * the components pos[0..2] — matched by decomposing a bound term, else by
 * a range scan of the store's index of triple terms by components. */
typedef struct {
  Pos pos[3];
  bool tt;
  Pos term;
  /* Numeric FILTER bounds on the object variable (exec_range_hints): a
   * range scan reads a fraction of the pattern, which its estimate says. */
  const SilaExpr *hint[4];
  bool hint_lower[4];
  uint8_t nhint;
} Pattern;

/* The triple-term nodes of a BGP's triples that carry a variable (written
 * in patterns), in a fixed pre-order; out may be NULL to count.  The BGP's
 * pattern ntriples + i is the triple-term pattern of node i. */
size_t exec_bgp_tt_nodes(const SilaAlg *alg, const SilaNode **out);
/* Estimated matches of a triple-term pattern with these component values
 * (SILA_ID_ANY unbound), counted up to a cap. */
uint64_t exec_tt_estimate(SilaExec *ex, SilaId s, SilaId p, SilaId o);

/* The join order of a BGP's patterns for a seed: greedily, next the pattern
 * with the fewest estimated matches given the variables bound so far (a
 * bound position is worth a scan prefix), connected patterns first.  est
 * (may be NULL) gets each placed pattern's estimate, orig (may be NULL) is
 * permuted alongside. */
void plan_bgp_order(SilaExec *ex, Pattern *pats, size_t n, const SilaId *seed, ActiveGraph ag,
                    uint64_t *est, size_t *orig);
/* The same, and *rows (may be NULL) the estimated rows of the whole BGP:
 * the product of each placed pattern's estimate. */
void plan_bgp_order_rows(SilaExec *ex, Pattern *pats, size_t n, const SilaId *seed,
                         ActiveGraph ag, uint64_t *est, size_t *orig, double *rows);
/* Whether patterns 0 and 1 (in join order) should run as a merge join:
 * (?x p0 o0) (?x p1 o1) with ?x free, enough rows, ranges of similar size. */
bool plan_bgp_merge(SilaExec *ex, const Pattern *pats, size_t n, const SilaId *seed,
                    ActiveGraph ag);

/* ---- numeric FILTER bounds as object ranges of a BGP's scans (exec_range.c) ---- */

/* `?v op bound` (op < <= > >=, as seen from ?v): a conjunct of a FILTER
 * pushed into the BGP. */
#define RANGE_MEMO_VARS 4
typedef struct {
  SilaCmpOp op;
  const SilaExpr *bound; /* reads only variables bound before the level */
  const SilaExpr *conj;  /* the conjunct it stands for (borrowed) */
  SilaValue val;         /* bound's number for the current outer row */
  bool have_val;         /* val is set (the bound is a number) */
  bool constant;         /* bound is a constant: evaluated once */
  bool evaluated, error; /* ... and was, with an error */
  /* bound reads these variables (memo: all of them, at most
   * RANGE_MEMO_VARS): evaluated again only when their values change. */
  bool memo;
  uint8_t nreads;
  int32_t reads[RANGE_MEMO_VARS];
  SilaId seen[RANGE_MEMO_VARS];
} RangeCond;

/* The ranges of one level (pattern, in execution order) of a BGP. */
typedef struct {
  int32_t var; /* the pattern's object variable; -1: no conditions at this level */
  bool scan;   /* read object ranges (a free subject); else only the tests */
  RangeCond *conds;
  size_t nconds;
  /* For the current outer row (exec_range_open): the object-ID ranges to
   * read in turn, and whether the conditions' values are known. */
  SilaId lo[3], hi[3];
  int nsub, sub;
  bool active;
  /* A lookup level whose ranges exec_hash.c may read instead (hash): the
   * ranges are computed for lookups too, and `filled` says they are. */
  bool hash, filled;
} LevelRange;

enum { EXEC_RANGE_NONE = 0, EXEC_RANGE_SCAN = 1, EXEC_RANGE_EMPTY = 2 };

/* Which levels of a BGP (pats in execution order) get object ranges from
 * the FILTER conjuncts conj (each tested at flevel[i]; bound_at[v] is the
 * level that binds variable v, -1 for the seed).  NULL: none (or no
 * memory); else n entries, freed with exec_range_free. */
LevelRange *exec_range_plan(SilaExec *ex, const Pattern *pats, size_t n,
                            SilaExpr *const *conj, size_t nconj, const int *flevel,
                            const int *bound_at);
void exec_range_free(LevelRange *lr, size_t n);
/* Evaluates the bounds on the level's input row: EXEC_RANGE_SCAN (read
 * lo[i]..hi[i] for i < nsub), EXEC_RANGE_NONE (a bound is no number: scan
 * the whole pattern), EXEC_RANGE_EMPTY (no row can pass), or -SilaStatus. */
int exec_range_open(SilaExec *ex, LevelRange *lr, const SilaId *row, ActiveGraph ag);
/* The conjunct `conj` on a row of the level, with the bound's value
 * computed once: 1 true, 0 false, -1 not one of the level's conditions
 * (evaluate it as usual). */
int exec_range_test(SilaExec *ex, const LevelRange *lr, const SilaExpr *conj, const SilaId *row);
/* Notes in each pattern the numeric bounds on its object (`?o op E`, E a
 * number or arithmetic) that a range scan could use once E's variables
 * are bound, for plan_bgp_order. */
void exec_range_hints(SilaExec *ex, Pattern *pats, size_t n, SilaExpr *const *conj,
                      size_t nconj);
/* A pattern's estimate narrowed by its hints usable with the variables in
 * `bound`: a twentieth for bounds on both sides, half for one side. */
double exec_range_estimate(const Pattern *pt, const bool *bound, double est);
/* True when every bound of the level may be a number: a numeric constant,
 * arithmetic, a numeric function or a variable (not a date or a string). */
bool exec_range_numeric(const LevelRange *lr);
/* EXPLAIN's note for a level with conditions. */
int exec_range_describe(const SilaExec *ex, const LevelRange *lr, SilaBuf *out);
/* ---- a BGP level answered from a hash table of its object range (exec_hash.c) ---- */

/* Reading one entry of a range costs a few ns, a lookup of a bound subject
 * ~0.5-1 µs (a B-tree descent to a leaf no other lookup touched): the range
 * is read into a table when the rows to look up are at least 1/HASH_RATIO of
 * its entries, and at most HASH_MAX_ENTRIES entries. */
#define HASH_RATIO 24
#define HASH_MAX_ENTRIES ((size_t)1 << 24)
/* Rows a BGP buffers before the hash level to count them (then it decides,
 * answers them, and buffers again). */
#define HASH_BUFFER_ROWS 65536

typedef struct HashRange HashRange;
typedef struct {
  SilaId s;
  uint32_t first, at;
  int pass;
} HashProbe;

/* Charges bytes to the query's memory budget unless that would pass its cap
 * (false: nothing charged); exec_mem_credit gives them back. */
bool exec_mem_try(SilaExec *ex, size_t bytes);
void exec_mem_credit(SilaExec *ex, size_t bytes);
/* Reads the quads (?s p ?o) of the active graph with ?o in lr's ranges
 * (lo[k]..hi[k], k < nsub, ascending) into a table: 1 and *out, 0 when the
 * ranges hold more than `budget` quads or memory is short (*out NULL: look
 * up instead), or -SilaStatus (ex's error set). */
int hashrange_build(SilaExec *ex, ActiveGraph ag, SilaId p, const LevelRange *lr, size_t budget,
                    HashRange **out);
/* True when the table holds exactly lr's current ranges. */
bool hashrange_covers(const HashRange *h, const LevelRange *lr);
size_t hashrange_size(const HashRange *h);
/* The quads of subject s, in the order a lookup of (s p ?o) returns them:
 * hashrange_probe, then hashrange_next until 0. */
void hashrange_probe(const HashRange *h, SilaId s, HashProbe *pr);
int hashrange_next(SilaExec *ex, const HashRange *h, HashProbe *pr, SilaIdQuad *q);
void hashrange_free(SilaExec *ex, HashRange *h);
/* Counts graph g as read by the query (sila_exec_graphs_read). */
void exec_note_graph(SilaExec *ex, SilaId g);
/* A scan that leaves the graphs it reads uncounted (the hash table's). */
void quadscan_set_quiet(QuadScan *qs, bool quiet);
/* EXPLAIN ANALYZE: what the hash level i of a BGP did (added up). */
void exec_profile_bgp_hash(SilaExec *ex, const SilaAlg *alg, size_t i, uint64_t builds,
                           uint64_t entries, uint64_t probed, uint64_t looked_up);

/* EXPLAIN: a note beside pattern i (in execution order) of a BGP. */
void exec_profile_bgp_pattern_note(SilaExec *ex, const SilaAlg *alg, size_t i, const char *note);

#endif
