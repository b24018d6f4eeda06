/* sila_load.h — loading RDF files into a store, and dumping it.
 *
 * A load is one write transaction: every file of the call is in the store
 * afterwards, or (on any error: syntax, I/O, a full disk) none is. */
#ifndef SILA_LOAD_H
#define SILA_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "sila_rdf_syntax.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  SilaRdfFormat format; /* SILA_RDF_UNKNOWN: from each file's name */
  const char *graph;    /* IRI of the graph for default-graph statements; NULL = default graph */
  const char *base;     /* base IRI; NULL = each file's file:// IRI */
  bool progress;        /* print a progress line on stderr */
} SilaLoadOptions;

typedef struct {
  uint64_t statements; /* statements read */
  uint64_t added;      /* quads that were new */
  double seconds;
} SilaLoadReport;

/* The flags to open the store in `dir` with for loading these files:
 * SILA_STORE_WRITEMAP (faster writes, bench/README.md "Load: the writer
 * on a writable map") when every file is a plain, uncompressed regular file
 * and the store's file system has room for the store's pages in use plus
 * 1.5 times the files' size and 256 MiB (the writer reserves its blocks
 * before writing: sila_txn_reserve; a full disk is then a "disk full"
 * error, never a SIGBUS), else 0.  SILA_LOAD_WRITEMAP=0 in the environment
 * turns it off. */
unsigned sila_load_store_flags(const char *dir, const char *const *paths, size_t n);

/* Loads `n` files ("-" = standard input) in one atomic write transaction.
 * `report` and `err` may be NULL.  On error, err has "file:line:column:
 * message" data (err->file points to the path given) and the store is
 * unchanged. */
SilaStatus sila_load_files(SilaStore *store, const char *const *paths, size_t n,
                           const SilaLoadOptions *opt, SilaLoadReport *report, SilaError *err);

/* Loads statements through the bulk loader of an open write transaction
 * (for callers that manage the transaction, e.g. publish or the Graph
 * Store Protocol); the same per-document blank node scope applies. */
SilaStatus sila_load_into(SilaBulk *bulk, SilaRdfFormat fmt, const char *path, const char *graph,
                          const char *base, uint64_t *statements, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
