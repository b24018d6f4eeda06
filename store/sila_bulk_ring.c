/* sila_bulk_ring.c — records handed between two threads in blocks (see
 * sila_bulk_ring.h).  One mutex and two condition variables; a block is
 * either the producer's (being filled), handed over (in the ring, count),
 * or the consumer's (ring[head], being read) — never two threads' at once,
 * so its records need no lock. */
#include <pthread.h>
#include <stdlib.h>

#include "sila_alloc.h"
#include "sila_bulk_ring.h"

#define RING_BLOCKS 4

typedef struct {
  char *recs;
  size_t n;
  bool last;
  SilaStatus st;
} RingBlock;

struct SilaBulkRing {
  size_t size, per_block;
  pthread_mutex_t mu;
  pthread_cond_t filled;  /* a block was handed over */
  pthread_cond_t emptied; /* a block came back */
  RingBlock ring[RING_BLOCKS];
  size_t head, count; /* ring[head] is the consumer's next; count handed over */
  bool stop;
  RingBlock *filling; /* the producer's block, NULL between blocks */
};

SilaBulkRing *sila_bulk_ring_new(size_t size, size_t per_block) {
  SilaBulkRing *r = sila_calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->size = size;
  /* Tests make blocks small: the ring fills and the producer waits. */
  const char *env = getenv("SILA_BULK_RING");
  long small = env ? strtol(env, NULL, 10) : 0;
  r->per_block = small > 0 && (size_t)small < per_block ? (size_t)small : per_block;
  for (int i = 0; i < RING_BLOCKS; i++)
    if (!(r->ring[i].recs = sila_malloc(size * per_block))) {
      for (int j = 0; j < i; j++)
        free(r->ring[j].recs);
      free(r);
      return NULL;
    }
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->filled, NULL);
  pthread_cond_init(&r->emptied, NULL);
  return r;
}

void sila_bulk_ring_free(SilaBulkRing *r) {
  if (!r)
    return;
  pthread_cond_destroy(&r->filled);
  pthread_cond_destroy(&r->emptied);
  pthread_mutex_destroy(&r->mu);
  for (int i = 0; i < RING_BLOCKS; i++)
    free(r->ring[i].recs);
  free(r);
}

/* The producer's next block (waits for one to come back); NULL once stopped. */
static RingBlock *next_free(SilaBulkRing *r) {
  pthread_mutex_lock(&r->mu);
  while (r->count == RING_BLOCKS && !r->stop)
    pthread_cond_wait(&r->emptied, &r->mu);
  RingBlock *b = r->stop ? NULL : &r->ring[(r->head + r->count) % RING_BLOCKS];
  pthread_mutex_unlock(&r->mu);
  if (b)
    *b = (RingBlock){b->recs, 0, false, SILA_OK};
  return b;
}

static void hand_over(SilaBulkRing *r) {
  pthread_mutex_lock(&r->mu);
  r->count++;
  pthread_cond_signal(&r->filled);
  pthread_mutex_unlock(&r->mu);
  r->filling = NULL;
}

void *sila_bulk_ring_put(SilaBulkRing *r) {
  if (r->filling && r->filling->n == r->per_block)
    hand_over(r);
  if (!r->filling && !(r->filling = next_free(r)))
    return NULL;
  return r->filling->recs + r->size * r->filling->n++;
}

bool sila_bulk_ring_end(SilaBulkRing *r, SilaStatus st) {
  if (!r->filling && !(r->filling = next_free(r)))
    return false;
  r->filling->last = true;
  r->filling->st = st;
  hand_over(r);
  return true;
}

SilaStatus sila_bulk_ring_take(SilaBulkRing *r, const char **recs, size_t *n, bool *last) {
  pthread_mutex_lock(&r->mu);
  while (!r->count)
    pthread_cond_wait(&r->filled, &r->mu);
  RingBlock *b = &r->ring[r->head];
  pthread_mutex_unlock(&r->mu);
  *recs = b->recs;
  *n = b->n;
  *last = b->last;
  return b->last ? b->st : SILA_OK;
}

void sila_bulk_ring_give_back(SilaBulkRing *r) {
  pthread_mutex_lock(&r->mu);
  r->head = (r->head + 1) % RING_BLOCKS;
  r->count--;
  pthread_cond_signal(&r->emptied);
  pthread_mutex_unlock(&r->mu);
}

void sila_bulk_ring_stop(SilaBulkRing *r) {
  pthread_mutex_lock(&r->mu);
  r->stop = true;
  pthread_cond_signal(&r->emptied);
  pthread_mutex_unlock(&r->mu);
}
