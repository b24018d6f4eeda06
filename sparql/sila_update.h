/* sila_update.h — executing SPARQL 1.1 Update requests.
 *
 * A request (every ';'-separated operation of a parsed update) runs in ONE
 * LMDB write transaction: either every operation is applied or, when any
 * of them fails, none is.  Readers keep their snapshots and never see half
 * a request.
 *
 * Semantics follow SPARQL 1.1 Update, with one consequence of how the
 * store keeps graphs: a named graph exists by having quads (the store has
 * no empty named graphs).  So:
 *   - CREATE GRAPH <g> succeeds when <g> holds no quads, and fails
 *     (SILA_ERR_EXISTS, unless SILENT) when it does; the created graph
 *     stays "existing but empty" until the end of the request (a later
 *     CREATE of it fails, DROP/CLEAR of it succeed) and is forgotten after
 *     commit unless something was inserted into it;
 *   - CLEAR / DROP GRAPH <g>, and ADD / MOVE / COPY from <g>, fail with
 *     SILA_ERR_NOT_FOUND (unless SILENT) when <g> holds no quads and was
 *     not created earlier in the request;
 *   - DROP and CLEAR have the same effect.
 * The W3C update test suite accepts these.  ADD/MOVE/COPY of a graph to
 * itself do nothing.  The default graph always exists.
 *
 * DELETE/INSERT … WHERE evaluates the WHERE with the executor on the write
 * transaction, collects every solution first, then applies the deletions
 * of every solution, then the insertions (the spec's order).  Template
 * triples with an unbound variable or a term not allowed in its position
 * (a literal subject, a non-IRI predicate or graph) are skipped.  Blank
 * nodes of INSERT templates are fresh per solution; those of INSERT DATA
 * are fresh per operation (one node per label).
 *
 * SILENT turns the failures the spec allows to be silenced (a missing or
 * existing graph, a LOAD that cannot be fetched, parsed or is refused) into
 * success without effect; out-of-memory, a full store, I/O errors of the
 * store, timeouts and interrupts always fail the request.
 *
 * Threads: like every write, one request at a time per store (the write
 * transaction serialises them); a call blocks while another writer holds
 * the store.  Never call it from a thread that holds a write transaction.
 */
#ifndef SILA_UPDATE_H
#define SILA_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_sparql.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  /* The default graph of WHERE clauses (without WITH / USING) is the union
   * of all graphs when true, the store's default graph when false.  Writes
   * without GRAPH always go to the store's default graph. */
  bool union_default_graph;
  /* The request came over HTTP: LOAD of file: IRIs is refused
   * (SILA_ERR_DENIED).  IRIs of other schemes than file, http and https are
   * never loaded (SILA_ERR_UNSUPPORTED). */
  bool from_http;
  /* NULL-terminated list of URL prefixes that LOAD may fetch over http(s)
   * ("https://dati.example.org/", ...).  NULL or empty = no outbound LOAD
   * (SILA_ERR_DENIED).  A prefix without a path ("http://host:8080")
   * matches only that authority, never "http://host:8080.evil". */
  const char *const *load_allow;
  /* LOAD may connect to loopback, private and link-local addresses (the
   * address of every connection is checked, as for SERVICE). */
  bool load_allow_private;
  /* Seconds for the whole request (WHERE evaluation and LOAD downloads
   * included), 0 = none.  SILA_ERR_TIMEOUT when it passes. */
  double timeout;
  /* SPARQL Protocol using-graph-uri / using-named-graph-uri: when either
   * list is non-empty it gives the dataset of every WHERE.  A request that
   * also has USING, USING NAMED or WITH is refused with SILA_ERR_INVALID
   * (the SPARQL 1.1 Protocol says so: HTTP 400). */
  const char *const *using_graphs;
  size_t nusing_graphs;
  const char *const *using_named_graphs;
  size_t nusing_named_graphs;
  /* Cap on the bytes one LOAD may download, 0 = 256 MiB (SILA_ERR_LIMIT). */
  size_t max_load_bytes;
  /* Cap on the memory of one DELETE/INSERT … WHERE: the WHERE's
   * intermediate results, and again the solutions collected before
   * writing; 0 = 1 GiB (SILA_ERR_LIMIT). */
  size_t max_memory;
  /* Base IRI for IRI() in WHERE expressions when the request has no BASE. */
  const char *base_iri;
} SilaUpdateOptions;

typedef struct {
  uint64_t operations; /* operations run (silenced failures included) */
  uint64_t inserted;   /* quads added that were not there */
  uint64_t deleted;    /* quads removed that were there */
  uint64_t silenced;   /* operations whose failure SILENT turned into a no-op */
} SilaUpdateStats;

/* Runs every operation of `update` (from sila_sparql_parse_update) in one
 * write transaction it begins and commits.  `opt` may be NULL (all
 * defaults: standard default graph, no outbound LOAD, no timeout).
 * Returns SILA_OK when the request was applied; otherwise nothing of it
 * is: SILA_ERR_NOT_FOUND / SILA_ERR_EXISTS (graph management without
 * SILENT), SILA_ERR_DENIED (a refused LOAD), SILA_ERR_SYNTAX / SILA_ERR_IO
 * / SILA_ERR_REMOTE (a LOAD that failed), SILA_ERR_INVALID (not an update,
 * or protocol dataset together with USING/WITH), SILA_ERR_TIMEOUT,
 * SILA_ERR_LIMIT, SILA_ERR_NOMEM, SILA_ERR_FULL.  err (may be NULL) gets a
 * message naming the operation ("operation 2 (DROP): graph <g> does not
 * exist"). */
SilaStatus sila_update_run(SilaStore *store, SilaQuery *update, const SilaUpdateOptions *opt,
                           SilaError *err);

/* The same inside a write transaction the caller owns (it commits or
 * aborts; after an error it must abort, since part of the request may
 * have been written).  stats (may be NULL) gets the counts. */
SilaStatus sila_update_apply(SilaTxn *txn, SilaQuery *update, const SilaUpdateOptions *opt,
                             SilaUpdateStats *stats, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
