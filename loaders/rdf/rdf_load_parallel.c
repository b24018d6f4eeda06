/* rdf_load_parallel.c — N-Triples / N-Quads parsed on every core.
 *
 * The file is cut into chunks of about SILA_LOAD_CHUNK bytes, each ending
 * at a line end (one statement is one line).  Parser threads take chunks
 * in file order; each parses its chunk into a worker handle of the bulk
 * loader (terms hashed there, blank nodes numbered within the chunk) and
 * hands over parts of up to PART_QUADS quads.  The load's thread takes the
 * parts in file order — chunk 0's parts, then chunk 1's, ... — and adds
 * them to the load (blank nodes get their document IDs then), sorts and
 * writes batches while the threads parse on.
 *
 * Memory stays bounded: each thread owns SLOTS parts and waits when all
 * are handed over and not yet added.  The load's thread only ever waits
 * for the earliest chunk not yet added, whose thread holds no parts of
 * later chunks, so it can always go on: no deadlock.
 *
 * Errors: a chunk's parse error has a line counted from the chunk's start;
 * the load's thread knows how many lines the chunks before it had and
 * reports file line numbers.  The first error in file order wins: chunks
 * are added in order and the load stops at the first failed one.  A
 * statement a thread cannot take (a triple term with a blank node, see
 * sila_bulk_part.h) stops its chunk there; the load's thread parses the
 * rest of that chunk itself, in order. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sila_alloc.h"
#include "sila_bulk_part.h"

#include "rdf_internal.h"
#include "rdf_load_parallel.h"

#define DEFAULT_CHUNK (8u << 20)
#define MAX_THREADS 16
#define SLOTS 3
#define PART_QUADS (1u << 18)

typedef struct Worker Worker;

/* A part on its way from a thread to the load's thread. */
typedef struct Slot {
  SilaBulkPart *part;
  struct Slot *next;
  Worker *owner;
  bool last;      /* the chunk's last part */
  SilaStatus st;  /* not SILA_OK: the part could not be taken */
} Slot;

typedef struct {
  uint64_t start, end; /* bytes of the file */
  Slot *head, *tail;   /* parts ready, in order */
  /* Written by the chunk's thread before its last part is queued. */
  SilaStatus st;
  SilaError err;       /* line counted from the chunk's first line */
  RdfNtRun run;
  bool stopped;        /* the rest, from run.stop_offset, is the load thread's */
} Chunk;

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t ready; /* a part was queued (the load's thread waits) */
  pthread_cond_t freed; /* a part came back (threads wait) */
  Chunk *chunks;
  size_t nchunks, next_chunk;
  bool abort;
  int fd;
  bool quads;
  const SilaTerm *graph;
} Par;

struct Worker {
  Par *par;
  pthread_t thread;
  SilaBulk *bulk; /* the worker handle */
  Slot *free_slots;
  Chunk *chunk;
  bool busy; /* the sink met a statement for the load's thread */
};

typedef struct {
  int fd;
  uint64_t pos, end;
} RangeReader;

static ssize_t range_read(void *ctx, char *buf, size_t size) {
  RangeReader *r = ctx;
  if (r->pos >= r->end)
    return 0;
  if (size > r->end - r->pos)
    size = (size_t)(r->end - r->pos);
  ssize_t n;
  do
    n = pread(r->fd, buf, size, (off_t)r->pos);
  while (n < 0 && errno == EINTR);
  if (n > 0)
    r->pos += (uint64_t)n;
  return n;
}

/* The offset just past the first line end at or after `pos` (a "\r\n"
 * stays whole), or `size`. */
static uint64_t line_end_after(int fd, uint64_t pos, uint64_t size) {
  char buf[1 << 16];
  while (pos < size) {
    ssize_t n = pread(fd, buf, sizeof buf, (off_t)pos);
    if (n <= 0)
      return size;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n')
        return pos + (uint64_t)i + 1;
      if (buf[i] == '\r') {
        char next = 0;
        uint64_t at = pos + (uint64_t)i + 1;
        if (at < size && pread(fd, &next, 1, (off_t)at) == 1 && next == '\n')
          at++;
        return at;
      }
    }
    pos += (uint64_t)n;
  }
  return size;
}

static SilaStatus split(Par *par, uint64_t size, uint64_t chunk_bytes) {
  size_t cap = (size_t)(size / chunk_bytes) + 2;
  par->chunks = sila_calloc(cap, sizeof *par->chunks);
  if (!par->chunks)
    return SILA_ERR_NOMEM;
  for (uint64_t start = 0; start < size && par->nchunks < cap;) {
    uint64_t end = size - start <= chunk_bytes ? size : line_end_after(par->fd, start + chunk_bytes, size);
    par->chunks[par->nchunks++] = (Chunk){.start = start, .end = end};
    start = end;
  }
  return SILA_OK;
}

/* ---- parser threads ------------------------------------------------------------ */

/* Moves the worker's part to the chunk's queue (waiting for a free slot). */
static SilaStatus hand_off(Worker *wk, bool last) {
  Par *par = wk->par;
  pthread_mutex_lock(&par->mu);
  while (!wk->free_slots && !par->abort)
    pthread_cond_wait(&par->freed, &par->mu);
  if (par->abort) {
    pthread_mutex_unlock(&par->mu);
    return SILA_ERR_INTERRUPTED;
  }
  Slot *s = wk->free_slots;
  wk->free_slots = s->next;
  pthread_mutex_unlock(&par->mu);

  s->st = sila_bulk_take_part(wk->bulk, s->part); /* the slot is ours: no lock */
  s->last = last;
  s->next = NULL;

  pthread_mutex_lock(&par->mu);
  Chunk *ch = wk->chunk;
  if (ch->tail)
    ch->tail->next = s;
  else
    ch->head = s;
  ch->tail = s;
  pthread_cond_broadcast(&par->ready);
  pthread_mutex_unlock(&par->mu);
  return s->st;
}

static SilaStatus worker_sink(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  Worker *wk = ctx;
  if (!g)
    g = wk->par->graph;
  SilaStatus st = sila_bulk_add(wk->bulk, s, p, o, g);
  if (st == SILA_ERR_BUSY)
    wk->busy = true;
  if (st == SILA_OK && sila_bulk_part_full(wk->bulk))
    st = hand_off(wk, false);
  return st;
}

static void *worker_main(void *arg) {
  Worker *wk = arg;
  Par *par = wk->par;
  for (;;) {
    pthread_mutex_lock(&par->mu);
    Chunk *ch = !par->abort && par->next_chunk < par->nchunks ? &par->chunks[par->next_chunk++]
                                                               : NULL;
    pthread_mutex_unlock(&par->mu);
    if (!ch)
      break;
    wk->chunk = ch;
    wk->busy = false;
    sila_bulk_new_document(wk->bulk); /* the chunk's blank nodes count from 1 */
    RangeReader rr = {par->fd, ch->start, ch->end};
    ch->run.quads = par->quads;
    ch->run.mid_document = ch->start > 0;
    SilaStatus st = rdf_parse_ntriples_run(&ch->run, range_read, &rr, worker_sink, wk, &ch->err);
    if (st == SILA_ERR_INTERRUPTED)
      break; /* the load stopped */
    if (st == SILA_ERR_BUSY && wk->busy) {
      ch->stopped = true;
      st = SILA_OK;
    }
    ch->st = st;
    if (hand_off(wk, true) == SILA_ERR_INTERRUPTED)
      break;
  }
  return NULL;
}

/* ---- the load's thread --------------------------------------------------------- */

typedef struct {
  SilaBulk *bulk;
  const SilaTerm *graph;
  RdfLoadProgressFn progress;
  void *progress_ctx;
} SerialSink;

static SilaStatus serial_sink(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  SerialSink *ss = ctx;
  SilaStatus st = sila_bulk_add(ss->bulk, s, p, o, g ? g : ss->graph);
  if (st == SILA_OK)
    ss->progress(ss->progress_ctx, 1);
  return st;
}

/* Copies a chunk's error into err with the line counted from the file's
 * start (first_line: the file line of the chunk's line 1). */
static SilaStatus chunk_error(SilaError *err, const SilaError *e, SilaStatus st,
                              unsigned long first_line) {
  if (!err || err->status != SILA_OK)
    return st;
  err->status = e->status != SILA_OK ? e->status : st;
  err->line = e->line ? first_line + e->line - 1 : 0;
  err->column = e->column;
  memcpy(err->message, e->message, sizeof err->message);
  return st;
}

static long env_long(const char *name, long fallback) {
  const char *v = getenv(name);
  char *end;
  long n = v ? strtol(v, &end, 10) : 0;
  return v && *v && !*end && n > 0 ? n : fallback;
}

static int thread_count(void) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  long n = env_long("SILA_LOAD_THREADS", cpus > 0 ? cpus : 1);
  return (int)(n > MAX_THREADS ? MAX_THREADS : n);
}

/* Adds the chunks' parts in order; returns the first error. */
static SilaStatus consume(Par *par, SilaBulk *bulk, SerialSink *ss, SilaError *err) {
  unsigned long first_line = 1;
  for (size_t c = 0; c < par->nchunks; c++) {
    Chunk *ch = &par->chunks[c];
    for (bool last = false; !last;) {
      pthread_mutex_lock(&par->mu);
      while (!ch->head)
        pthread_cond_wait(&par->ready, &par->mu);
      Slot *s = ch->head;
      ch->head = s->next;
      if (!ch->head)
        ch->tail = NULL;
      pthread_mutex_unlock(&par->mu);

      last = s->last;
      SilaStatus st = s->st;
      /* A failed chunk's last part may hold the half-added statement that
       * failed (a term slot without its bytes): not added, the chunk's
       * error is reported below. */
      bool failed_chunk = last && ch->st != SILA_OK;
      uint64_t n = st == SILA_OK && !failed_chunk ? sila_bulk_part_count(s->part) : 0;
      if (st == SILA_OK && !failed_chunk)
        st = sila_bulk_add_part(bulk, s->part);

      pthread_mutex_lock(&par->mu);
      s->next = s->owner->free_slots;
      s->owner->free_slots = s;
      pthread_cond_broadcast(&par->freed);
      pthread_mutex_unlock(&par->mu);

      if (st != SILA_OK)
        return sila_error_set(err, st, 0, 0, "statements rejected: %s", sila_strerror(st));
      if (n)
        ss->progress(ss->progress_ctx, n);
    }
    if (ch->st != SILA_OK)
      return chunk_error(err, &ch->err, ch->st, first_line);
    if (ch->stopped) {
      /* From the refused statement's line to the chunk's end, here. */
      RangeReader rr = {par->fd, ch->start + ch->run.stop_offset, ch->end};
      RdfNtRun run = {.quads = par->quads, .mid_document = true};
      SilaError e = {0};
      unsigned long from = first_line + ch->run.stop_line - 1;
      SilaStatus st = rdf_parse_ntriples_run(&run, range_read, &rr, serial_sink, ss, &e);
      if (st != SILA_OK)
        return chunk_error(err, &e, st, from);
      first_line = from + run.lines;
    } else {
      first_line += ch->run.lines;
    }
  }
  return SILA_OK;
}

SilaStatus rdf_load_parallel(SilaBulk *bulk, bool quads, const char *path, const SilaTerm *graph,
                             RdfLoadProgressFn progress, void *progress_ctx, bool *used,
                             SilaError *err) {
  *used = false;
  int threads = thread_count();
  uint64_t chunk_bytes = (uint64_t)env_long("SILA_LOAD_CHUNK", DEFAULT_CHUNK);
  if (threads < 2 || strcmp(path, "-") == 0)
    return SILA_OK;
  /* stat first: opening a named pipe here would take its writer's data. */
  struct stat sb;
  if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size <= chunk_bytes)
    return SILA_OK; /* the one-thread parse reads it or reports why not */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return SILA_OK;
  unsigned char magic[2] = {0, 0};
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size <= chunk_bytes ||
      pread(fd, magic, 2, 0) != 2 || (magic[0] == 0x1f && magic[1] == 0x8b)) {
    close(fd);
    return SILA_OK;
  }
  Par par = {.fd = fd, .quads = quads, .graph = graph};
  SilaStatus st = split(&par, (uint64_t)sb.st_size, chunk_bytes);
  if (st == SILA_OK && par.nchunks < 2) {
    free(par.chunks);
    close(fd);
    return SILA_OK;
  }
  Worker *wks = sila_calloc((size_t)threads, sizeof *wks);
  Slot *slots = sila_calloc((size_t)threads * SLOTS, sizeof *slots);
  if (st == SILA_OK && (!wks || !slots))
    st = SILA_ERR_NOMEM;
  int made = 0;
  for (int i = 0; i < threads && st == SILA_OK; i++) {
    wks[i].par = &par;
    st = sila_bulk_worker_new(bulk, PART_QUADS, &wks[i].bulk);
    for (int k = 0; k < SLOTS && st == SILA_OK; k++) {
      Slot *s = &slots[i * SLOTS + k];
      s->owner = &wks[i];
      if (!(s->part = sila_bulk_part_new()))
        st = SILA_ERR_NOMEM;
      s->next = wks[i].free_slots;
      wks[i].free_slots = s;
    }
  }
  pthread_mutex_init(&par.mu, NULL);
  pthread_cond_init(&par.ready, NULL);
  pthread_cond_init(&par.freed, NULL);
  for (int i = 0; i < threads && st == SILA_OK; i++) {
    if (pthread_create(&wks[i].thread, NULL, worker_main, &wks[i]) != 0)
      break;
    made++;
  }
  if (st == SILA_OK && made > 0) {
    *used = true;
    SerialSink ss = {bulk, graph, progress, progress_ctx};
    st = consume(&par, bulk, &ss, err);
  } else if (st != SILA_OK) {
    sila_error_set(err, st, 0, 0, "cannot start the parser threads: %s", sila_strerror(st));
    *used = true;
  }
  pthread_mutex_lock(&par.mu);
  par.abort = true;
  pthread_cond_broadcast(&par.freed);
  pthread_mutex_unlock(&par.mu);
  for (int i = 0; i < made; i++)
    pthread_join(wks[i].thread, NULL);
  pthread_cond_destroy(&par.ready);
  pthread_cond_destroy(&par.freed);
  pthread_mutex_destroy(&par.mu);
  for (int i = 0; wks && i < threads; i++)
    sila_bulk_free(wks[i].bulk);
  for (int i = 0; slots && i < threads * SLOTS; i++)
    sila_bulk_part_free(slots[i].part);
  free(wks);
  free(slots);
  free(par.chunks);
  close(fd);
  return st;
}
