/* redland_internal.h — pieces shared by the files of the Redland storage. */
#ifndef SILA_REDLAND_INTERNAL_H
#define SILA_REDLAND_INTERNAL_H

#include <stdbool.h>

#include "sila_redland.h"

/* Internal to libsila: not exported with the public sila_ symbols. */
#pragma GCC visibility push(hidden)

/* ---- Shared stores (redland_registry.c) ----------------------------------
 * One SilaStore per directory per process, counted by users. */

/* Returns the store of `dir` (opening it, with SILA_STORE_CREATE when
 * `create`) and counts one more user.  Directories are compared by
 * their real path, so "a/../b" and "b" share a store. */
SilaStatus sila_rl_store_acquire(const char *dir, bool create, SilaStore **out);

/* Counts one user less; the last user of a store the registry opened
 * closes it. */
void sila_rl_store_release(SilaStore *store);

/* ---- Terms (redland_terms.c) ---------------------------------------------- */

/* Labels given by Redland for blank nodes that the store numbered
 * itself: "genid1" → SilaId, for the life of one storage. */
typedef struct SilaRlBlankMap SilaRlBlankMap;

SilaRlBlankMap *sila_rl_blanks_new(void);
void sila_rl_blanks_free(SilaRlBlankMap *m);
void sila_rl_blanks_clear(SilaRlBlankMap *m);

/* A view of a node as a SilaTerm; strings point into the node (valid
 * while it lives).  Returns false for a node Sila cannot store. */
bool sila_rl_node_term(librdf_node *node, SilaTerm *out);

/* The ID of a node: found (or added when `intern`, in a write
 * transaction).  SILA_ERR_NOT_FOUND when it is not in the store. */
SilaStatus sila_rl_node_id(SilaTxn *txn, SilaRlBlankMap *blanks, librdf_node *node, bool intern,
                           SilaId *out);

/* A new librdf_node for an ID (NULL on error). */
librdf_node *sila_rl_id_node(librdf_world *world, SilaTxn *txn, SilaId id);
/* Logs (librdf error) that a statement with the triple term `id` as object
 * is left out: Redland 1.0 has no node for RDF 1.2 triple terms. */
void sila_rl_refuse_triple_term(librdf_world *world, SilaTxn *txn, SilaId id);

#pragma GCC visibility pop

#endif
