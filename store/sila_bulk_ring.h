/* sila_bulk_ring.h — fixed-size records handed from one thread to another
 * in blocks, through a ring of a few blocks: the bulk loader's merges read
 * ahead on a thread of their own while the load's thread, the only one
 * that may use the write transaction, appends what they hand over.
 * Memory is bounded by the ring (RING_BLOCKS blocks), never by the data.
 *
 * One producer thread: sila_bulk_ring_put for each record, then
 * sila_bulk_ring_end to end a stream (the records of one index) with its
 * status; a ring carries any number of streams, one after the other.  One
 * consumer thread: sila_bulk_ring_take a block, read it, give it back;
 * sila_bulk_ring_stop when it gives up (the producer's next put returns
 * NULL, and it ends).  The ring itself is created and freed by the
 * consumer's side, after the producer thread is joined.  Not a public
 * header. */
#ifndef SILA_BULK_RING_H
#define SILA_BULK_RING_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_status.h"

typedef struct SilaBulkRing SilaBulkRing;

/* NULL without memory.  size: a record's bytes; per_block: records (or
 * fewer through $SILA_BULK_RING, for tests). */
SilaBulkRing *sila_bulk_ring_new(size_t size, size_t per_block);
void sila_bulk_ring_free(SilaBulkRing *r);

/* Producer: room for the next record of the stream (waits for a free
 * block); NULL once the consumer stopped. */
void *sila_bulk_ring_put(SilaBulkRing *r);
/* Producer: the stream ends here with status st (false: the consumer
 * stopped). */
bool sila_bulk_ring_end(SilaBulkRing *r, SilaStatus st);

/* Consumer: the next block (waits for it): its records and their count,
 * and whether it ends its stream; returns the stream's status on the last
 * block (SILA_OK otherwise).  Give it back before taking another. */
SilaStatus sila_bulk_ring_take(SilaBulkRing *r, const char **recs, size_t *n, bool *last);
void sila_bulk_ring_give_back(SilaBulkRing *r);
/* Consumer: no more blocks wanted. */
void sila_bulk_ring_stop(SilaBulkRing *r);

#endif
