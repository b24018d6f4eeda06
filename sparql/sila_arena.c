/* sila_arena.c — bump allocator; see sila_arena.h. */
#include "sila_alloc.h"
#include "sila_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_MAX_BLOCK ((size_t)1 << 20)

typedef struct Block {
  struct Block *next;
  size_t size; /* usable bytes after the header */
  size_t used;
  /* data follows, aligned */
} Block;

struct SilaArena {
  Block *head;
  size_t next_size;
  size_t total;
  /* The largest block a release gave back, kept for the next block_new: a
   * per-row mark/release that spills into a new block would otherwise
   * malloc and free a block per row. */
  Block *spare;
  SilaArenaBudget *budget; /* NULL: none */
};

#define HDR ((sizeof(Block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

static Block *block_new(SilaArena *a, size_t need) {
  if (a->spare && a->spare->size >= need) {
    Block *b = a->spare;
    a->spare = NULL;
    b->used = 0;
    a->total += HDR + b->size;
    return b;
  }
  size_t size = a->next_size;
  if (size < need)
    size = need;
  if (a->budget) { /* checked before growing: the cap is never passed */
    SilaArenaBudget *g = a->budget;
    if (g->used > g->max || HDR + size > g->max - g->used) {
      g->exceeded = true;
      return NULL;
    }
  }
  Block *b = sila_malloc(HDR + size);
  if (!b)
    return NULL;
  if (a->budget)
    a->budget->used += HDR + size;
  b->size = size;
  b->used = 0;
  a->total += HDR + size;
  /* Grow geometrically so a big query needs few mallocs, capped so a small
   * one after a big one does not waste much. */
  if (a->next_size < ARENA_MAX_BLOCK)
    a->next_size *= 2;
  return b;
}

SilaArena *sila_arena_new(size_t first_block) {
  SilaArena *a = sila_malloc(sizeof *a);
  if (!a)
    return NULL;
  a->head = NULL;
  a->spare = NULL;
  a->total = 0;
  a->next_size = first_block ? first_block : 8192;
  a->budget = NULL;
  return a;
}

void sila_arena_set_budget(SilaArena *a, SilaArenaBudget *budget) { a->budget = budget; }

/* Frees a block and credits it to the budget. */
static void block_free(SilaArena *a, Block *b) {
  if (b && a->budget)
    a->budget->used -= a->budget->used < HDR + b->size ? a->budget->used : HDR + b->size;
  free(b);
}

void sila_arena_free(SilaArena *a) {
  if (!a)
    return;
  Block *b = a->head;
  while (b) {
    Block *n = b->next;
    block_free(a, b);
    b = n;
  }
  block_free(a, a->spare);
  free(a);
}

void *sila_arena_alloc(SilaArena *a, size_t size) {
  size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (size == 0)
    size = ARENA_ALIGN;
  Block *b = a->head;
  if (!b || b->size - b->used < size) {
    if (size > SIZE_MAX / 2)
      return NULL;
    Block *nb = block_new(a, size);
    if (!nb)
      return NULL;
    /* A huge one-off allocation goes behind the current block so the
     * current block's free space is not lost. */
    if (b && size > a->next_size / 2 && b->size - b->used > 256) {
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->head = nb;
    }
    b = nb;
  }
  void *p = (char *)b + HDR + b->used;
  b->used += size;
  return p;
}

void *sila_arena_calloc(SilaArena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size)
    return NULL;
  void *p = sila_arena_alloc(a, n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}

char *sila_arena_strndup(SilaArena *a, const char *s, size_t len) {
  char *p = sila_arena_alloc(a, len + 1);
  if (!p)
    return NULL;
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

size_t sila_arena_size(const SilaArena *a) { return a ? a->total : 0; }

SilaArenaMark sila_arena_mark(const SilaArena *a) {
  SilaArenaMark m = {a->head, a->head ? a->head->next : NULL, a->head ? a->head->used : 0};
  return m;
}

/* Takes a block out of use: kept as the spare if it is the largest. */
static void give_back(SilaArena *a, Block *b) {
  a->total -= HDR + b->size;
  if (a->spare && a->spare->size >= b->size) {
    block_free(a, b);
    return;
  }
  block_free(a, a->spare);
  a->spare = b;
}

void sila_arena_release(SilaArena *a, SilaArenaMark m) {
  /* Blocks pushed in front of the marked one came later. */
  while (a->head && a->head != (Block *)m.block) {
    Block *n = a->head->next;
    give_back(a, a->head);
    a->head = n;
  }
  Block *b = a->head;
  if (!b)
    return;
  /* Big allocations may have been slotted in right behind it. */
  while (b->next && b->next != (Block *)m.next) {
    Block *n = b->next->next;
    give_back(a, b->next);
    b->next = n;
  }
  b->used = m.used;
}
