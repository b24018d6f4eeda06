/* sila_bulk_part.h — filling the bulk loader from several parser threads.
 *
 * A document split into chunks (N-Triples/N-Quads: byte ranges at line
 * ends) is parsed by threads that each own a worker handle: it hashes
 * terms into IDs and collects quads like sila_bulk_add, but writes nothing
 * and touches no transaction.  What it collects is moved into parts; the
 * thread that owns the load adds the parts in document order with
 * sila_bulk_add_part, and the store ends exactly as if one thread had
 * called sila_bulk_add for every statement in order: terms have the same
 * hash IDs, and blank node labels (scoped to the document, across chunks)
 * get the document's IDs in order of first appearance.
 *
 * Threading: a worker handle and the parts it fills belong to one thread
 * at a time; sila_bulk_worker_new reads the load's handle once.  Only the
 * load's thread calls sila_bulk_add_part and the functions of sila_store.h
 * on the load's handle. */
#ifndef SILA_BULK_PART_H
#define SILA_BULK_PART_H

#include <stdbool.h>
#include <stdint.h>

#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SilaBulkPart SilaBulkPart;

/* A worker handle for one parser thread, collecting up to `part_quads`
 * quads a part (capped at the load's batch size).  Feed it with
 * sila_bulk_add; call sila_bulk_new_document at the start of each chunk.
 * sila_bulk_add returns SILA_ERR_BUSY, and adds nothing, for a statement
 * only the load's handle can take (a triple term with a blank node): the
 * thread stops its chunk there and the load's thread parses the rest of
 * the chunk itself.  Free with sila_bulk_free. */
SilaStatus sila_bulk_worker_new(SilaBulk *bulk, size_t part_quads, SilaBulk **out);

/* True when the worker's part is full: take it before the next add. */
bool sila_bulk_part_full(const SilaBulk *worker);

/* An empty part (its arrays come with the first take). */
SilaBulkPart *sila_bulk_part_new(void);
void sila_bulk_part_free(SilaBulkPart *part);

/* Moves what the worker collected since the last take (or since the chunk
 * began) into `part`, which must be empty; the worker keeps the part's
 * old arrays for reuse. */
SilaStatus sila_bulk_take_part(SilaBulk *worker, SilaBulkPart *part);

/* Quads (one per statement) in the part. */
uint64_t sila_bulk_part_count(const SilaBulkPart *part);

/* Adds a part to the load (the load's thread, parts in document order)
 * and empties it. */
SilaStatus sila_bulk_add_part(SilaBulk *bulk, SilaBulkPart *part);

#ifdef __cplusplus
}
#endif
#endif
