/* sila_exec.h — running a parsed SPARQL query over a store.
 *
 * A SilaExec evaluates one query inside one read transaction (a snapshot
 * the caller opened and keeps open until sila_exec_free).  Solutions are
 * pulled one at a time, so a caller can stream them: rows of term IDs are
 * decoded only for output.
 *
 * Limits: a deadline, a cap on result rows and a cap on memory for
 * intermediate results end the query with SILA_ERR_TIMEOUT,
 * SILA_ERR_LIMIT — never a silently short answer.  sila_exec_interrupt()
 * may be called from any thread; the running query stops with
 * SILA_ERR_INTERRUPTED at its next check (every operator loop checks).
 */
#ifndef SILA_EXEC_H
#define SILA_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_sparql.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  /* The default graph is the union of all graphs (the portal default) when
   * true; the store's own default graph when false.  FROM / FROM NAMED and
   * the lists below always take precedence. */
  bool union_default_graph;
  /* Protocol overrides (default-graph-uri / named-graph-uri): when either
   * list is non-empty it replaces the query's FROM / FROM NAMED. */
  const char *const *default_graphs;
  size_t ndefault_graphs;
  const char *const *named_graphs;
  size_t nnamed_graphs;
  double timeout;       /* seconds, 0 = none */
  uint64_t max_rows;    /* cap on result rows, 0 = none */
  size_t max_memory;    /* cap on bytes of intermediate results, 0 = 1 GiB */
  const char *base_iri; /* for IRI() on relative strings; may be NULL */
  bool profile;         /* count rows and time per operator (EXPLAIN ANALYZE) */
  /* SERVICE (federated query).  Only endpoints with one of these URL
   * prefixes are called; none (NULL or 0) = no outbound call at all:
   * SERVICE fails with SILA_ERR_DENIED, SERVICE SILENT gives the empty
   * solution.  A prefix ends at a boundary ("http://a.org" does not allow
   * "http://a.org.evil.net/"). */
  const char *const *service_allow;
  size_t nservice_allow;
  /* Allow loopback, private and link-local addresses (127/8, 10/8,
   * 172.16/12, 192.168/16, 169.254/16, ::1, fc00::/7, fe80::/10, ...),
   * checked on the resolved address of every connection. */
  bool service_allow_private;
  double service_timeout;          /* seconds per call, 0 = 30; never past the deadline */
  size_t service_max_bytes;        /* cap on one response, 0 = 16 MiB */
  unsigned service_max_redirects;  /* each checked against the allow-list; default 0 */
  unsigned service_max_calls;      /* remote calls per query, 0 = 1000 */
  /* Connect elsewhere for some endpoints: entries "HOST:PORT:TO-HOST:TO-PORT"
   * (libcurl's CONNECT_TO), e.g. to pin an endpoint to a mirror, or in tests
   * to serve the W3C endpoints from 127.0.0.1.  The allow-list applies to
   * the endpoint URL, the address rules to the address connected to. */
  const char *const *service_connect_to;
  size_t nservice_connect_to;
  /* Once the query has used `slow_after` seconds of CPU (its thread's
   * time, so waiting for the CPU or the network does not count), on_slow
   * is called once from the executing thread, which may block there: a
   * server uses it to run few long queries at a time so that short ones
   * keep their latency.  0 / NULL = never. */
  double slow_after;
  void (*on_slow)(void *ctx);
  void *on_slow_ctx;
  /* Index nested loops only: no merge join of two patterns read sorted on
   * their shared subject (for tests that compare both plans). */
  bool no_merge_join;
  /* No object ranges from numeric FILTER bounds (exec_range.c): the
   * patterns read all their objects and the FILTER alone decides (for tests
   * that compare both plans). */
  bool no_range_scan;
  /* No hash level (sparql/exec_hash.c): a pattern whose subject an earlier
   * pattern binds is looked up per row even when reading its object range
   * once would be cheaper (for tests that compare both plans). */
  bool no_hash_join;
  /* No ORDER BY ?v LIMIT k driven by ?v's pattern's objects in value order
   * (sparql/exec_topk.c): every row is read and sorted (for tests that
   * compare both plans). */
  bool no_ordered_scan;
  /* ... and the opposite: driven whenever it is correct, however few the
   * rows (tests, so that small data takes both ways). */
  bool ordered_scan_always;
} SilaExecOptions;

typedef struct SilaExec SilaExec;

/* Prepares the query.  The query, the transaction and the options' strings
 * must outlive the SilaExec.  Errors: SILA_ERR_UNSUPPORTED (SERVICE in a
 * build without federation), SILA_ERR_NOMEM; err gets a message. */
SilaStatus sila_exec_open(SilaTxn *txn, SilaQuery *query, const SilaExecOptions *opt,
                          SilaExec **out, SilaError *err);

/* Prepares the evaluation of one graph pattern of `query` — the WHERE of
 * an update operation (SilaUpdateOp.where; the query may be an update) —
 * as a SELECT * over every variable of the request, hidden ones included:
 * sila_exec_var_count() is then sila_query_var_count(query) and column i
 * of sila_exec_next() is variable i.  `with_graph` (may be NULL) is an
 * update's WITH IRI: the default graph is that graph alone while GRAPH
 * sees every named graph; opt's default_graphs / named_graphs (USING,
 * USING NAMED, using-graph-uri) take precedence over it, and without
 * either the default graph follows opt->union_default_graph.  Same
 * lifetimes and errors as sila_exec_open (SILA_ERR_INVALID when pattern is
 * NULL). */
SilaStatus sila_exec_open_pattern(SilaTxn *txn, SilaQuery *query, const SilaAlg *pattern,
                                  const char *with_graph, const SilaExecOptions *opt,
                                  SilaExec **out, SilaError *err);

/* SELECT: the projected variables (names without '?'). */
size_t sila_exec_var_count(const SilaExec *ex);
const char *sila_exec_var_name(const SilaExec *ex, size_t i);

/* SELECT: the next solution.  Returns 1 with row[0..var_count) set (NULL =
 * unbound; terms valid until the next call), 0 at the end, or a negative
 * SilaStatus (the error's message via sila_exec_error). */
int sila_exec_next(SilaExec *ex, const SilaTerm *const **row);

/* ASK: the answer (SILA_OK with *out set, or the error). */
SilaStatus sila_exec_ask(SilaExec *ex, bool *out);

/* CONSTRUCT and DESCRIBE: the next triple of the result graph (a set: no
 * triple comes twice).  Returns 1, 0 at the end, or a negative status. */
int sila_exec_next_triple(SilaExec *ex, SilaTerm *s, SilaTerm *p, SilaTerm *o);

/* Asks a running query to stop; safe from any thread, any time before
 * sila_exec_free. */
void sila_exec_interrupt(SilaExec *ex);

/* True when the query has a timeout and its deadline has passed (for a
 * caller that waits on the query's behalf, e.g. in on_slow); NULL: false. */
bool sila_exec_past_deadline(const SilaExec *ex);

/* The message of the last error ("query timed out after 5.0 s", ...). */
const char *sila_exec_error(const SilaExec *ex);
/* The execution's own status: SILA_OK while it has not failed. */
SilaStatus sila_exec_status(const SilaExec *ex);

/* Rows produced so far (for logs and EXPLAIN). */
uint64_t sila_exec_rows(const SilaExec *ex);

/* The graphs whose quads the execution's scans returned so far (the default
 * graph's ID included; a union default graph gives the graph each triple
 * was read from), first-read order, owned by ex; *more is set when there
 * were more than the list keeps.  For usage statistics by graph read. */
size_t sila_exec_graphs_read(const SilaExec *ex, const SilaId **graphs, bool *more);

/* EXPLAIN: writes the plan as an indented tree — operators, the order each
 * BGP chose for its patterns with their estimated matches and, with
 * SilaExecOptions.profile, the rows, evaluations and time of every
 * operator so far (call it after pulling the rows for EXPLAIN ANALYZE).
 * Returns 0, or -1 when memory ran out. */
int sila_exec_explain(SilaExec *ex, SilaBuf *out);

void sila_exec_free(SilaExec *ex);

#ifdef __cplusplus
}
#endif
#endif
