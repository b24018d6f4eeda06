/* sila_arena.h — a bump allocator for request-scoped memory.
 *
 * A query, an update request or an HTTP request allocates everything it
 * needs from one arena and frees it all at once with sila_arena_free.
 * Allocations are 16-byte aligned and never freed one by one.  Not thread
 * safe: one arena belongs to one thread at a time.
 */
#ifndef SILA_ARENA_H
#define SILA_ARENA_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SilaArena SilaArena;

/* Creates an arena whose first block holds `first_block` bytes (0 = a
 * default of 8 KiB); blocks grow geometrically.  Returns NULL when memory
 * ran out. */
SilaArena *sila_arena_new(size_t first_block);

/* Releases every allocation of the arena and the arena.  Safe with NULL. */
void sila_arena_free(SilaArena *a);

/* Returns `size` bytes (uninitialised), or NULL when memory ran out.  The
 * memory lives until sila_arena_free. */
void *sila_arena_alloc(SilaArena *a, size_t size);

/* Like sila_arena_alloc, but zero-filled. */
void *sila_arena_calloc(SilaArena *a, size_t n, size_t size);

/* Copies `len` bytes of `s` and appends a NUL; NULL when memory ran out. */
char *sila_arena_strndup(SilaArena *a, const char *s, size_t len);

/* A position in the arena: everything allocated after sila_arena_mark is
 * released by sila_arena_release, so per-row work (expression results)
 * can reuse one arena without growing it.  Marks nest like a stack. */
typedef struct {
  void *block; /* the current block at the mark (NULL: none yet) */
  void *next;  /* its successor then */
  size_t used; /* its fill then */
} SilaArenaMark;

SilaArenaMark sila_arena_mark(const SilaArena *a);

/* Frees what was allocated after `m` (pointers into it become invalid).
 * Marks taken after `m` must not be used again. */
void sila_arena_release(SilaArena *a, SilaArenaMark m);

/* A cap on the memory of one or more arenas (those of one query): a block
 * that would take `used` past `max` is not allocated — the allocation
 * returns NULL and `exceeded` becomes true — so the cap holds before the
 * memory is taken, not after.  `used` counts the blocks the arenas hold;
 * others may add their own allocations to it. */
typedef struct {
  size_t used, max;
  bool exceeded;
} SilaArenaBudget;

/* Charges the arena's blocks to `budget` from now on (NULL: none); the
 * budget must outlive the arena. */
void sila_arena_set_budget(SilaArena *a, SilaArenaBudget *budget);

/* Total bytes obtained from malloc by the arena (for limits and stats). */
size_t sila_arena_size(const SilaArena *a);

#ifdef __cplusplus
}
#endif
#endif
