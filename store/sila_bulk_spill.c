/* sila_bulk_spill.c — bulk loading into an empty store by sorted runs.
 *
 * Batches written straight into LMDB interleave with what earlier batches
 * wrote: pages split in the middle and end half full.  When the store was
 * empty at the start of a load, each full batch is instead sorted for
 * every index and written to temporary run files (the dictionary too);
 * at the end the runs are merged and appended in key order with
 * MDB_APPEND, which fills pages completely and writes them once.  Memory
 * stays bounded by the batch size; the run files take about 6 x 32 bytes
 * per quad (3 x 32 in the default graph) in the temporary directory while
 * the load runs.
 *
 * The merge uses more than the load's thread, which alone may use the
 * write transaction: a feeder thread merges each index's runs and hands
 * the keys over through a ring (sila_bulk_ring.h), a sorter thread spills
 * each full batch's orders while the next batch fills (two pairs of batch
 * arrays) and the last batch's later orders while the first ones are
 * merged, and the
 * dictionary's runs can be read again by the text index's thread
 * (sila_bulk_dict_stream_*).
 *
 * Duplicate quads across batches meet in the merge and are written once.
 * Two different terms of different batches with the same 60-bit hash ID
 * cannot be reconciled here (their quads are already in the runs): the
 * load then fails as a whole with SILA_ERR_UNSUPPORTED, which in practice
 * does not happen (about 1 in 10^4 for ten million distinct terms). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_alloc.h"
#include "bulk_internal.h"
#include "sila_bulk_ring.h"
#include "sila_runs.h"

/* ---- writing runs ------------------------------------------------------- */

/* Writes go to the kernel at most WRITE_PIECE bytes at a time: one write()
 * of a whole batch's run (13 MB at 5 M quads) cost 4-10x the system time of
 * the same bytes in 256 KiB pieces on the benchmark machine (Linux 6.18,
 * ext4: `dd bs=13M` 180 MB/s against `bs=256k` 3.5 GB/s), and that was a
 * quarter of a 5 M load's CPU (bench/README.md, "The run files' writes").
 * stdio's buffer is WRITE_PIECE too, so small records go out in pieces of
 * that size instead of 4 KiB. */
enum { WRITE_PIECE = 1 << 18 };

static SilaStatus write_pieces(FILE *f, const void *data, size_t bytes) {
  const char *p = data;
  while (bytes) {
    size_t n = bytes < WRITE_PIECE ? bytes : WRITE_PIECE;
    if (fwrite(p, 1, n, f) != n)
      return SILA_ERR_IO;
    p += n;
    bytes -= n;
  }
  return SILA_OK;
}

static SilaStatus run_begin(RunFile *rf, uint64_t *offset) {
  if (!rf->file) {
    if (!(rf->file = tmpfile()))
      return SILA_ERR_IO;
    if ((rf->iobuf = sila_malloc(WRITE_PIECE)) && setvbuf(rf->file, rf->iobuf, _IOFBF, WRITE_PIECE)) {
      free(rf->iobuf); /* stdio keeps its own buffer */
      rf->iobuf = NULL;
    }
  }
  if (fseeko(rf->file, 0, SEEK_END) != 0)
    return SILA_ERR_IO;
  off_t pos = ftello(rf->file);
  if (pos < 0)
    return SILA_ERR_IO;
  *offset = (uint64_t)pos;
  Run *r = sila_realloc(rf->runs, (rf->nruns + 1) * sizeof *r);
  if (!r)
    return SILA_ERR_NOMEM;
  rf->runs = r;
  return SILA_OK;
}

static void run_end(RunFile *rf, uint64_t offset, uint64_t count) {
  rf->runs[rf->nruns++] = (Run){offset, count};
}

static SilaStatus write_run(RunFile *rf, const SilaKey4 *keys, size_t n) {
  uint64_t off;
  SilaStatus st = run_begin(rf, &off);
  if (st == SILA_OK)
    st = write_pieces(rf->file, keys, n * sizeof *keys);
  if (st == SILA_OK)
    run_end(rf, off, n);
  return st;
}

SilaStatus sila_bulk_spill_batch_terms(SilaBulk *b) {
  if (sila_bulk_text_collect(b) != SILA_OK)
    return SILA_ERR_NOMEM;
  /* Dictionary run: (id, length, bytes) in ID order. */
  TermSlot *list = sila_malloc((b->terms_len ? b->terms_len : 1) * sizeof *list);
  if (!list)
    return SILA_ERR_NOMEM;
  size_t n = 0;
  sila_bulk_sorted_terms(b, list, &n);
  uint64_t off;
  SilaStatus st = run_begin(&b->spill_dict, &off);
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    uint64_t hdr[2] = {list[i].id, list[i].len};
    if (fwrite(hdr, sizeof hdr, 1, b->spill_dict.file) != 1 ||
        fwrite(b->arena.data + list[i].off, 1, list[i].len, b->spill_dict.file) != list[i].len)
      st = SILA_ERR_IO;
  }
  free(list);
  if (st != SILA_OK)
    return st;
  run_end(&b->spill_dict, off, n);
  b->spill_dict_bytes += b->arena.len;
  return SILA_OK;
}

/* Writes the run of named index idx (and of its default-graph twin) of
 * the batch q[0..nquads) with scratch tmp: the batch permuted from the
 * previous order, sorted, repeats dropped.  *n1, *n2: the named and
 * default parts' sizes, updated. */
static SilaStatus spill_order(SilaBulk *b, SilaKey4 *q, SilaKey4 *tmp, size_t nquads, int idx,
                              size_t *n1, size_t *n2) {
  bool both = idx <= IDX_OSPG;
  if (idx)
    sila_bulk_permute(q, both ? *n1 + *n2 : *n1, idx - 1, idx);
  sila_sort_keys(q, *n1, tmp);
  *n1 = sila_bulk_dedup(q, *n1);
  SilaStatus st = write_run(&b->spill_idx[idx], q, *n1);
  if (both && st == SILA_OK) {
    /* Deduplicating the named part moved the default part's start. */
    SilaKey4 *d = q + *n1;
    if (idx == 0)
      memmove(d, q + (nquads - *n2), *n2 * sizeof *q);
    sila_sort_keys(d, *n2, tmp);
    *n2 = sila_bulk_dedup(d, *n2);
    st = write_run(&b->spill_idx[sila_index_default_of(idx)], d, *n2);
  }
  return st;
}

static void *sorter_main(void *arg) {
  SilaBulk *b = arg;
  SilaStatus st = SILA_OK;
  for (int idx = b->sort_from; idx < IDX_NAMED_COUNT && st == SILA_OK; idx++)
    st = spill_order(b, b->sort_q, b->sort_tmp, b->sort_nquads, idx, &b->sort_n1, &b->sort_n2);
  b->sort_st = st;
  return NULL;
}

/* Joins the sorter; its status. */
static SilaStatus sorter_join(SilaBulk *b) {
  if (!b->sorting)
    return SILA_OK;
  pthread_join(b->sorter, NULL);
  b->sorting = false;
  return b->sort_st;
}

/* A full batch: its terms now, its quads' runs on the sorter while the
 * next batch fills the spare arrays (allocated on the first full batch:
 * 2 x 32 MiB; without them, or without a thread, here). */
SilaStatus sila_bulk_spill_batch(SilaBulk *b) {
  b->spilled_batches++;
  SilaStatus st = sila_bulk_spill_batch_terms(b);
  if (st == SILA_OK)
    st = sorter_join(b); /* the previous batch's runs, and the spare arrays free */
  if (st != SILA_OK)
    return st;
  if (!b->spare_q)
    b->spare_q = sila_malloc(BATCH_QUADS * sizeof *b->spare_q);
  if (b->spare_q && !b->spare_tmp)
    b->spare_tmp = sila_malloc(BATCH_QUADS * sizeof *b->spare_tmp);
  if (!b->spare_q || !b->spare_tmp)
    return sila_bulk_spill_batch_quads(b);
  b->sort_q = b->quads;
  b->sort_tmp = b->tmp;
  b->sort_nquads = b->nquads;
  b->sort_n1 = sila_bulk_partition(b->quads, b->nquads);
  b->sort_n2 = b->nquads - b->sort_n1;
  b->sort_from = 0;
  b->sort_last = false;
  b->quads = b->spare_q;
  b->tmp = b->spare_tmp;
  b->spare_q = b->sort_q; /* the sorter's until joined */
  b->spare_tmp = b->sort_tmp;
  sila_bulk_reset_batch(b);
  if (pthread_create(&b->sorter, NULL, sorter_main, b) == 0) {
    b->sorting = true;
    return SILA_OK;
  }
  sorter_main(b); /* no thread: here */
  return b->sort_st;
}

SilaStatus sila_bulk_spill_batch_quads(SilaBulk *b) {
  /* One run per index: the batch sorted in that index's order (named
   * graphs' quads in the four named indexes, default-graph triples in the
   * three default ones).  Repeats within the batch go now; across
   * batches, in the merge. */
  size_t n1 = sila_bulk_partition(b->quads, b->nquads), n2 = b->nquads - n1;
  SilaStatus st = SILA_OK;
  for (int idx = 0; idx < IDX_NAMED_COUNT && st == SILA_OK; idx++)
    st = spill_order(b, b->quads, b->tmp, b->nquads, idx, &n1, &n2);
  sila_bulk_reset_batch(b);
  return st;
}

/* The last batch: SPOG and DSPO's runs here, the other orders' on the
 * sorter thread while the merge of SPOG and DSPO goes on (the merge waits
 * for it before the others: sila_bulk_spill_wait_sorter). */
SilaStatus sila_bulk_spill_last_batch_quads(SilaBulk *b) {
  SilaStatus st = sorter_join(b); /* the previous batch's runs come first */
  if (st != SILA_OK)
    return st;
  b->sort_q = b->quads;
  b->sort_tmp = b->tmp;
  b->sort_nquads = b->nquads;
  b->sort_n1 = sila_bulk_partition(b->quads, b->nquads);
  b->sort_n2 = b->nquads - b->sort_n1;
  st = spill_order(b, b->sort_q, b->sort_tmp, b->sort_nquads, 0, &b->sort_n1, &b->sort_n2);
  if (st != SILA_OK)
    return st;
  b->sort_from = 1;
  b->sort_last = true;
  if (pthread_create(&b->sorter, NULL, sorter_main, b) == 0) {
    b->sorting = true;
    return SILA_OK;
  }
  sorter_main(b); /* no thread: here */
  return b->sort_st;
}

SilaStatus sila_bulk_spill_wait_sorter(SilaBulk *b) {
  if (!b->sorting)
    return SILA_OK;
  bool last = b->sort_last;
  SilaStatus st = sorter_join(b);
  if (last)
    sila_bulk_reset_batch(b); /* the last batch's arrays are the load's again */
  return st;
}

/* ---- reading runs ----------------------------------------------------------- */

typedef struct {
  int fd;
  uint64_t pos, end; /* file range still to read */
  char *buf;
  size_t len, at;
} Reader;

enum { READER_BUF = 1 << 18 };

static int reader_fill(Reader *r, size_t need) {
  if (r->len - r->at >= need)
    return 1;
  memmove(r->buf, r->buf + r->at, r->len - r->at);
  r->len -= r->at;
  r->at = 0;
  while (r->len < need && r->pos < r->end) {
    size_t want = READER_BUF - r->len;
    if (want > r->end - r->pos)
      want = (size_t)(r->end - r->pos);
    ssize_t got = pread(r->fd, r->buf + r->len, want, (off_t)r->pos);
    if (got <= 0)
      return -1;
    r->len += (size_t)got;
    r->pos += (uint64_t)got;
  }
  return r->len - r->at >= need ? 1 : 0;
}

/* Readers over every run of a file; end offsets come from the next run
 * (or the file size for the last). */
static SilaStatus readers_open(RunFile *rf, Reader **out) {
  *out = sila_calloc(rf->nruns ? rf->nruns : 1, sizeof **out);
  if (!*out)
    return SILA_ERR_NOMEM;
  fflush(rf->file);
  int fd = fileno(rf->file);
  off_t size = lseek(fd, 0, SEEK_END);
  for (size_t i = 0; i < rf->nruns; i++) {
    Reader *r = &(*out)[i];
    r->fd = fd;
    r->pos = rf->runs[i].offset;
    r->end = i + 1 < rf->nruns ? rf->runs[i + 1].offset : (uint64_t)size;
    if (!(r->buf = sila_malloc(READER_BUF)))
      return SILA_ERR_NOMEM;
  }
  return SILA_OK;
}

static void readers_free(Reader *rs, size_t n) {
  if (!rs)
    return;
  for (size_t i = 0; i < n; i++)
    free(rs[i].buf);
  free(rs);
}

/* ---- the runs in order of their next record ------------------------------- */

/* A binary min-heap of the runs that still have records, ordered by each
 * run's next record: taking the smallest record costs O(log runs), where a
 * scan of every run cost O(runs) — at 100 M quads there are ~100 runs per
 * index and the scan was most of the load's time. */
typedef struct {
  Reader *rs;
  size_t *at; /* run numbers */
  size_t n;
  size_t head; /* bytes of a record's head that the order reads */
  int (*cmp)(const char *a, const char *b);
} RunHeap;

static int run_less(const RunHeap *h, size_t a, size_t b) {
  const Reader *x = &h->rs[h->at[a]], *y = &h->rs[h->at[b]];
  int c = h->cmp(x->buf + x->at, y->buf + y->at);
  return c < 0 || (c == 0 && h->at[a] < h->at[b]); /* ties: the earlier run first */
}

static void heap_down(RunHeap *h, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, m = i;
    if (l < h->n && run_less(h, l, m))
      m = l;
    if (l + 1 < h->n && run_less(h, l + 1, m))
      m = l + 1;
    if (m == i)
      return;
    size_t t = h->at[i];
    h->at[i] = h->at[m];
    h->at[m] = t;
    i = m;
  }
}

/* Fills every run's head and orders those that have one. */
static SilaStatus heap_init(RunHeap *h, Reader *rs, size_t nruns, size_t head,
                            int (*cmp)(const char *, const char *)) {
  *h = (RunHeap){rs, sila_calloc(nruns ? nruns : 1, sizeof(size_t)), 0, head, cmp};
  if (!h->at)
    return SILA_ERR_NOMEM;
  for (size_t i = 0; i < nruns; i++) {
    int r = reader_fill(&rs[i], head);
    if (r < 0)
      return SILA_ERR_IO;
    if (r == 1)
      h->at[h->n++] = i;
  }
  for (size_t i = h->n / 2; i-- > 0;)
    heap_down(h, i);
  return SILA_OK;
}

/* After the smallest run's record was consumed: reads its next head and
 * puts it back in order, or drops the run when it is exhausted. */
static SilaStatus heap_next(RunHeap *h) {
  int r = reader_fill(&h->rs[h->at[0]], h->head);
  if (r < 0)
    return SILA_ERR_IO;
  if (r == 0)
    h->at[0] = h->at[--h->n];
  heap_down(h, 0);
  return SILA_OK;
}

static int cmp_dict_head(const char *a, const char *b) {
  uint64_t x, y;
  memcpy(&x, a, 8);
  memcpy(&y, b, 8);
  return x < y ? -1 : x > y;
}

static int cmp_key4(const char *a, const char *b) {
  SilaKey4 x, y;
  memcpy(&x, a, sizeof x);
  memcpy(&y, b, sizeof y);
  return sila_key4_cmp(&x, &y);
}

/* ---- merging the dictionary -------------------------------------------------- */

static SilaStatus merge_dict(SilaBulk *b) {
  RunFile *rf = &b->spill_dict;
  Reader *rs;
  SilaStatus st = readers_open(rf, &rs);
  MDB_cursor *cur = NULL;
  if (st == SILA_OK && mdb_cursor_open(b->txn->txn, b->txn->store->dict, &cur) != 0)
    st = SILA_ERR_IO;
  uint64_t last_id = 0;
  const char *last_bytes = NULL;
  SilaBuf last = SILA_BUF_INIT;
  RunHeap heap = {0};
  if (st == SILA_OK)
    st = heap_init(&heap, rs, rf->nruns, 16, cmp_dict_head);
  while (st == SILA_OK && heap.n) {
    /* The run whose next record has the smallest ID. */
    Reader *r = &rs[heap.at[0]];
    uint64_t best_id;
    memcpy(&best_id, r->buf + r->at, 8);
    uint64_t len;
    memcpy(&len, r->buf + r->at + 8, 8);
    if (reader_fill(r, 16 + (size_t)len) != 1) {
      st = SILA_ERR_IO;
      break;
    }
    const char *bytes = r->buf + r->at + 16;
    if (last_bytes && best_id == last_id) {
      /* The same term from another batch, or a collision we cannot undo. */
      if (!sila_dict_entry_equal(last.data, last.len, bytes, (size_t)len))
        st = SILA_ERR_UNSUPPORTED;
    } else {
      SILA_DICT_KEY(key, best_id);
      MDB_val val = {(size_t)len, (void *)bytes};
      st = sila_txn_reserve_note(b->txn, 2 * (24 + len)); /* a writable map's blocks */
      if (st == SILA_OK && mdb_cursor_put(cur, &key, &val, MDB_APPEND) != 0)
        st = SILA_ERR_FULL;
      last.len = 0;
      if (st == SILA_OK && sila_buf_append(&last, bytes, (size_t)len))
        st = SILA_ERR_NOMEM;
      last_bytes = last.data;
      last_id = best_id;
    }
    r->at += 16 + (size_t)len;
    if (st == SILA_OK)
      st = heap_next(&heap);
  }
  free(heap.at);
  sila_buf_free(&last);
  if (cur)
    mdb_cursor_close(cur);
  readers_free(rs, rf->nruns);
  return st;
}

/* ---- the merged dictionary for another thread ---------------------------------
 * The text index's thread (sila_text_build.c) reads the literals' terms
 * from the dictionary's runs, merged again on its own readers, while the
 * load's thread merges them into LMDB: pread on the shared file
 * descriptor, no shared state. */

struct SilaDictStream {
  Reader *rs;
  size_t nruns;
  RunHeap heap;
  size_t consumed; /* bytes of the record returned last, skipped on the next call */
  uint64_t last_id;
  bool have_last;
};

SilaStatus sila_bulk_dict_stream_open(SilaBulk *b, SilaDictStream **out) {
  *out = NULL;
  SilaDictStream *d = sila_calloc(1, sizeof *d);
  if (!d)
    return SILA_ERR_NOMEM;
  d->nruns = b->spill_dict.nruns;
  SilaStatus st = readers_open(&b->spill_dict, &d->rs);
  if (st == SILA_OK)
    st = heap_init(&d->heap, d->rs, d->nruns, 16, cmp_dict_head);
  if (st != SILA_OK) {
    sila_bulk_dict_stream_free(d);
    return st;
  }
  *out = d;
  return SILA_OK;
}

int sila_bulk_dict_stream_next(void *ctx, SilaId *id, const char **bytes, size_t *len) {
  SilaDictStream *d = ctx;
  for (;;) {
    if (d->consumed) {
      d->rs[d->heap.at[0]].at += d->consumed;
      d->consumed = 0;
      if (heap_next(&d->heap) != SILA_OK)
        return -1;
    }
    if (!d->heap.n)
      return 0;
    Reader *r = &d->rs[d->heap.at[0]];
    uint64_t rid, rlen;
    memcpy(&rid, r->buf + r->at, 8);
    memcpy(&rlen, r->buf + r->at + 8, 8);
    if (reader_fill(r, 16 + (size_t)rlen) != 1)
      return -1;
    d->consumed = 16 + (size_t)rlen;
    if (d->have_last && rid == d->last_id)
      continue; /* the same term from another batch */
    d->have_last = true;
    d->last_id = rid;
    *id = rid;
    *bytes = r->buf + r->at + 16;
    *len = (size_t)rlen;
    return 1;
  }
}

void sila_bulk_dict_stream_free(SilaDictStream *d) {
  if (!d)
    return;
  free(d->heap.at);
  readers_free(d->rs, d->nruns);
  free(d);
}

/* ---- merging an index ---------------------------------------------------------- */

/* Appends sorted, distinct keys to an index a group at a time (at most
 * APPEND_GROUP values a put: LMDB spills dirty pages only between puts). */
enum { APPEND_GROUP = 64 }; /* 512 measured no faster (1 M, 5 batches) */
typedef struct {
  SilaTxn *txn;
  MDB_cursor *cur;
  unsigned char vals[APPEND_GROUP * 24];
  size_t n;
  int nvals; /* values per entry: 3, or 2 in a default-graph index */
  SilaId key;
  bool key_written;
} Appender;

static SilaStatus appender_flush(Appender *a) {
  if (!a->n)
    return SILA_OK;
  unsigned char kb[8];
  sila_put_be64(kb, a->key);
  MDB_val key = {8, kb};
  MDB_val data[2] = {{8 * (size_t)a->nvals, a->vals}, {a->n, NULL}};
  unsigned flags = MDB_MULTIPLE | MDB_APPENDDUP | (a->key_written ? 0 : MDB_APPEND);
  /* A writable map's blocks for the pages (half full at worst). */
  SilaStatus st = sila_txn_reserve_note(a->txn, 2 * (16 + a->n * 8 * (uint64_t)a->nvals));
  if (st != SILA_OK)
    return st;
  int rc = mdb_cursor_put(a->cur, &key, data, flags);
  a->key_written = true;
  a->n = 0;
  return rc ? sila_mdb_status(rc) : SILA_OK;
}

static SilaStatus appender_add(Appender *a, const SilaKey4 *k) {
  if (a->n && (k->k[0] != a->key || a->n == APPEND_GROUP)) {
    SilaStatus st = appender_flush(a);
    if (st != SILA_OK)
      return st;
  }
  if (k->k[0] != a->key) {
    a->key = k->k[0];
    a->key_written = false; /* a new key: MDB_APPEND on its first group */
  }
  for (int c = 0; c < a->nvals; c++)
    sila_put_be64(a->vals + 8 * (size_t)a->nvals * a->n + 8 * (size_t)c, k->k[c + 1]);
  a->n++;
  return SILA_OK;
}

static SilaStatus merge_index(SilaBulk *b, int idx, uint64_t *written) {
  RunFile *rf = &b->spill_idx[idx];
  Reader *rs;
  SilaStatus st = readers_open(rf, &rs);
  Appender app = {.txn = b->txn};
  app.key = (SilaId)-1;
  app.nvals = sila_index_nvals(idx);
  if (st == SILA_OK && mdb_cursor_open(b->txn->txn, b->txn->store->index[idx], &app.cur) != 0)
    st = SILA_ERR_IO;
  SilaKey4 last;
  bool have_last = false;
  uint64_t count = 0;
  RunHeap heap = {0};
  if (st == SILA_OK)
    st = sila_bulk_stats_begin(b, idx);
  if (st == SILA_OK)
    st = heap_init(&heap, rs, rf->nruns, sizeof(SilaKey4), cmp_key4);
  while (st == SILA_OK && heap.n) {
    Reader *r = &rs[heap.at[0]];
    SilaKey4 bk;
    memcpy(&bk, r->buf + r->at, sizeof bk);
    r->at += sizeof(SilaKey4);
    st = heap_next(&heap);
    if (st != SILA_OK)
      break;
    if (have_last && sila_key4_cmp(&last, &bk) == 0)
      continue; /* the same quad from another batch */
    last = bk;
    have_last = true;
    count++;
    st = appender_add(&app, &bk);
    if (st == SILA_OK)
      st = sila_bulk_stats_note(b, &bk);
    if (st == SILA_OK && (idx == IDX_POSG || idx == IDX_DPOS) &&
        (b->txn->touched.len == 0 || b->txn->touched.ids[b->txn->touched.len - 1] != bk.k[0]) &&
        sila_idset_add(&b->txn->touched, bk.k[0]))
      st = SILA_ERR_NOMEM;
  }
  free(heap.at);
  if (st == SILA_OK)
    st = appender_flush(&app);
  if (app.cur)
    mdb_cursor_close(app.cur);
  readers_free(rs, rf->nruns);
  *written = count;
  return st;
}

/* ---- the indexes' merge read ahead by a thread ---------------------------------
 * The k-way merge of an index's runs (reading, the heap's compares, the
 * repeats across batches, the statistics) needs no transaction: a feeder
 * thread does it for every index in turn and hands the distinct sorted
 * keys over in blocks, through a ring of FEED_BLOCKS of them (memory
 * bounded: 2 MiB), while the load's thread writes the dictionary, then
 * only appends each block's keys to its index (LMDB allows one writer
 * thread per transaction).  The statistics (b->stats) are the feeder's
 * until it is joined. */

enum { FEED_KEYS = 1 << 14 }; /* a block: 512 KiB, the ring 2 MiB */

typedef struct {
  SilaBulk *b;
  SilaBulkRing *ring;
  pthread_t thread;
} Feed;

/* Merges index idx's runs into the ring; false when the feeder is to end. */
static bool feed_index(Feed *f, int idx) {
  SilaBulk *b = f->b;
  RunFile *rf = &b->spill_idx[idx];
  Reader *rs = NULL;
  RunHeap heap = {0};
  SilaStatus st = readers_open(rf, &rs);
  if (st == SILA_OK)
    st = sila_bulk_stats_begin(b, idx);
  if (st == SILA_OK)
    st = heap_init(&heap, rs, rf->nruns, sizeof(SilaKey4), cmp_key4);
  SilaKey4 last;
  bool have_last = false;
  while (st == SILA_OK && heap.n) {
    Reader *r = &rs[heap.at[0]];
    SilaKey4 k;
    memcpy(&k, r->buf + r->at, sizeof k);
    r->at += sizeof k;
    st = heap_next(&heap);
    if (st != SILA_OK || (have_last && sila_key4_cmp(&last, &k) == 0))
      continue; /* the same quad from another batch */
    last = k;
    have_last = true;
    st = sila_bulk_stats_note(b, &k);
    void *slot = sila_bulk_ring_put(f->ring);
    if (!slot)
      break; /* the load's thread stopped */
    memcpy(slot, &k, sizeof k);
  }
  free(heap.at);
  readers_free(rs, rf->nruns);
  return sila_bulk_ring_end(f->ring, st) && st == SILA_OK;
}

/* The order of the merge: SPOG and DSPO first, whose runs are all written
 * while the last batch's other orders may still be sorted. */
static const int merge_order[IDX_COUNT] = {IDX_SPOG, IDX_DSPO, IDX_POSG, IDX_DPOS,
                                           IDX_OSPG, IDX_DOSP, IDX_GSPO};

static void *feed_main(void *arg) {
  Feed *f = arg;
  for (int i = 0; i < IDX_COUNT; i++) {
    if (i == 2) {
      SilaStatus st = sila_bulk_spill_wait_sorter(f->b);
      if (st != SILA_OK) {
        sila_bulk_ring_end(f->ring, st);
        break;
      }
    }
    if (!feed_index(f, merge_order[i]))
      break;
  }
  return NULL;
}

/* Appends the feeder's keys of index idx to it. */
static SilaStatus feed_write_index(SilaBulk *b, Feed *f, int idx, uint64_t *written) {
  Appender app = {.txn = b->txn};
  app.key = (SilaId)-1;
  app.nvals = sila_index_nvals(idx);
  int rc = mdb_cursor_open(b->txn->txn, b->txn->store->index[idx], &app.cur);
  SilaStatus st = rc ? sila_mdb_status(rc) : SILA_OK;
  bool pos = idx == IDX_POSG || idx == IDX_DPOS;
  SilaIdSet *touched = &b->txn->touched;
  uint64_t count = 0;
  for (bool last = false; st == SILA_OK && !last;) {
    const char *recs;
    size_t n;
    st = sila_bulk_ring_take(f->ring, &recs, &n, &last);
    for (size_t i = 0; i < n && st == SILA_OK; i++) {
      SilaKey4 k;
      memcpy(&k, recs + i * sizeof k, sizeof k);
      st = appender_add(&app, &k);
      if (st == SILA_OK && pos &&
          (touched->len == 0 || touched->ids[touched->len - 1] != k.k[0]) &&
          sila_idset_add(touched, k.k[0]))
        st = SILA_ERR_NOMEM;
    }
    count += n;
    sila_bulk_ring_give_back(f->ring);
  }
  if (st == SILA_OK)
    st = appender_flush(&app);
  if (app.cur)
    mdb_cursor_close(app.cur);
  *written = count;
  return st;
}

/* Starts the feeder; false when no thread could be had (then the load's
 * thread merges by itself). */
static bool feed_start(Feed *f, SilaBulk *b) {
  *f = (Feed){.b = b, .ring = sila_bulk_ring_new(sizeof(SilaKey4), FEED_KEYS)};
  if (f->ring && pthread_create(&f->thread, NULL, feed_main, f) == 0)
    return true;
  sila_bulk_ring_free(f->ring);
  return false;
}

/* Stops the feeder where it is (when the load's thread gave up), joins it. */
static void feed_end(Feed *f) {
  sila_bulk_ring_stop(f->ring);
  pthread_join(f->thread, NULL);
  sila_bulk_ring_free(f->ring);
}

/* On a writable map, the file's blocks for every page the merge may write
 * (sila_txn_reserve), before it writes any: each order of every quad of
 * the runs with its key, the dictionary's terms, pages half full at
 * worst.  Puts check again as they go (sila_txn_reserve_note). */
static SilaStatus reserve_merge(SilaBulk *b) {
  uint64_t named = 0, dflt = 0, terms = 0;
  for (size_t i = 0; i < b->spill_idx[IDX_SPOG].nruns; i++)
    named += b->spill_idx[IDX_SPOG].runs[i].count;
  for (size_t i = 0; i < b->spill_idx[IDX_DSPO].nruns; i++)
    dflt += b->spill_idx[IDX_DSPO].runs[i].count;
  for (size_t i = 0; i < b->spill_dict.nruns; i++)
    terms += b->spill_dict.runs[i].count;
  uint64_t bytes = b->spill_dict_bytes + terms * 24, values = b->spill_dict_bytes;
  for (int idx = 0; idx < IDX_COUNT; idx++) {
    uint64_t n = sila_index_is_default(idx) ? dflt : named;
    bytes += n * (16 + 8 * (uint64_t)sila_index_nvals(idx));
    values += n * 8 * (uint64_t)sila_index_nvals(idx);
  }
  /* At least the values themselves (repeats across batches aside). */
  return sila_txn_reserve_range(b->txn, 2 * bytes, values);
}

SilaStatus sila_bulk_spill_merge(SilaBulk *b) {
  SilaStatus rst = reserve_merge(b);
  if (rst != SILA_OK) {
    sila_bulk_spill_wait_sorter(b); /* nothing written: the sorter joined, as on any error */
    return rst;
  }
  Feed feed;
  bool fed = feed_start(&feed, b); /* reads ahead while the dictionary is written */
  SilaStatus st = merge_dict(b);
  if (st == SILA_OK && !fed)
    st = sila_bulk_spill_wait_sorter(b);
  for (int i = 0; i < IDX_COUNT && st == SILA_OK; i++) {
    int idx = merge_order[i];
    uint64_t n = 0;
    st = fed ? feed_write_index(b, &feed, idx, &n) : merge_index(b, idx, &n);
    if (idx == IDX_SPOG || idx == IDX_DSPO)
      b->added += n;
  }
  if (fed)
    feed_end(&feed);
  /* After an error the sorter may still write runs: joined before they go. */
  SilaStatus sst = sila_bulk_spill_wait_sorter(b);
  if (st == SILA_OK)
    st = sst;
  if (st == SILA_OK) /* what the refresh at commit would count */
    st = sila_bulk_stats_write(b);
  /* The dictionary's file may still be read by the text index's thread:
   * it goes with sila_bulk_spill_free. */
  for (int i = 0; i < IDX_COUNT; i++)
    sila_runs_free(&b->spill_idx[i]);
  return st;
}

void sila_bulk_spill_free(SilaBulk *b) {
  /* A load that failed before the merge may leave the sorter writing the
   * previous batch's runs into these files: it finishes first. */
  sorter_join(b);
  RunFile *files[IDX_COUNT + 1];
  for (int i = 0; i < IDX_COUNT; i++)
    files[i] = &b->spill_idx[i];
  files[IDX_COUNT] = &b->spill_dict;
  for (int i = 0; i <= IDX_COUNT; i++) {
    if (files[i]->file)
      fclose(files[i]->file);
    free(files[i]->iobuf);
    free(files[i]->runs);
    memset(files[i], 0, sizeof *files[i]);
  }
}

/* ---- sorted runs of fixed-size records, for other writers ------------------
 * The same run files, readers and heap, for records of one size compared
 * by a function (store/sila_runs.h; the text index's postings). */

SilaStatus sila_runs_begin(RunFile *rf, uint64_t *offset) { return run_begin(rf, offset); }

SilaStatus sila_runs_add(RunFile *rf, const void *recs, size_t size, size_t n) {
  return write_pieces(rf->file, recs, size * n);
}

void sila_runs_end(RunFile *rf, uint64_t offset, uint64_t count) { run_end(rf, offset, count); }

SilaStatus sila_runs_merge(RunFile *rf, size_t size, int (*cmp)(const char *, const char *),
                           SilaStatus (*emit)(void *ctx, const char *rec), void *ctx) {
  Reader *rs;
  SilaStatus st = readers_open(rf, &rs);
  RunHeap heap = {0};
  if (st == SILA_OK)
    st = heap_init(&heap, rs, rf->nruns, size, cmp);
  while (st == SILA_OK && heap.n) {
    Reader *r = &rs[heap.at[0]];
    st = emit(ctx, r->buf + r->at);
    r->at += size;
    if (st == SILA_OK)
      st = heap_next(&heap);
  }
  free(heap.at);
  readers_free(rs, rf->nruns);
  return st;
}

void sila_runs_free(RunFile *rf) {
  if (rf->file)
    fclose(rf->file);
  free(rf->iobuf);
  free(rf->runs);
  memset(rf, 0, sizeof *rf);
}
