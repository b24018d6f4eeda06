/* sila_redland.h — Sila's store as a Redland (librdf 1.0.x) storage.
 *
 * The storage is named "sila" and takes the options `dir='…'` (the store
 * directory, the same files `sila` reads and writes; without it the
 * storage's name is the directory) and `new='yes'` (create the store when
 * the directory holds none; without it a missing store is an error).
 * Redland contexts are Sila's named graphs: a statement added or removed
 * without a context is in the default graph; find_statements and
 * contains_statement without a context read the union of all graphs as a
 * set (each triple once, its context one of its graphs);
 * find_statements_in_context reads one graph (a NULL context is the
 * default graph); serialise lists every quad with its context, and size
 * counts quads.  Every pattern is one index range scan of the store (the
 * index chosen by the bound positions), never a scan of everything. 
 *
 * Blank nodes read from the store are labelled "b" + hex (the label `sila
 * dump` writes); other labels given to the storage (a parser's "genid1")
 * name a fresh node that keeps its label for the life of that
 * librdf_storage, so one parse links its blank nodes as written.
 *
 * RDF 1.2 triple terms: Redland 1.0 has no node for them, so the storage
 * does not carry them.  A statement of the store whose object is a triple
 * term is left out of every stream (find, serialise, contains), each one
 * with a librdf error naming the term; the other statements come as usual.
 * Nothing Redland hands the storage can hold one.  Use `sila query` /
 * `sila dump` / the HTTP endpoints to read them.
 *
 * Transactions: librdf_model_transaction_start/commit/rollback map to one
 * LMDB write transaction.  Outside a transaction each add/remove is its own
 * write transaction, and add_statements (a parse) is one.  Streams opened
 * inside a transaction read its uncommitted writes and end when it ends.
 *
 * One SilaStore per directory per process: every "sila" storage opened on
 * the same directory shares one store (LMDB forbids opening an environment
 * twice), and a program that already holds the store open can hand it over
 * with sila_redland_attach_store.
 *
 * Threads: Redland has no locking; use one librdf_world per thread.  The
 * shared store registry is locked.
 */
#ifndef SILA_REDLAND_H
#define SILA_REDLAND_H

#include <redland.h>

#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the "sila" storage factory with `world` (a program linking
 * libsila calls this once after librdf_new_world/librdf_world_open).
 * Returns 0 on success or when a "sila" factory is already registered
 * (for instance by the loadable module), non-zero on failure. */
int sila_redland_register(librdf_world *world);

/* Makes an open store the one "sila" storages on its directory use, so a
 * program holding `store` can also reach it through Redland without a
 * second LMDB environment.  The store stays owned by the caller, who must
 * free every storage using it and call sila_redland_detach_store before
 * sila_store_close.  Errors: SILA_ERR_EXISTS (that directory is already
 * open through Redland), SILA_ERR_NOMEM, SILA_ERR_IO. */
SilaStatus sila_redland_attach_store(SilaStore *store);

/* Forgets a store given to sila_redland_attach_store (NULL is a no-op). */
void sila_redland_detach_store(SilaStore *store);

#ifdef __cplusplus
}
#endif
#endif
