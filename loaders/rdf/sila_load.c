/* sila_load.c — parse RDF files straight into the bulk loader. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rdf_load_parallel.h"
#include "sila_load.h"

typedef struct {
  SilaBulk *bulk;
  SilaTerm graph;
  bool has_graph;
  uint64_t statements;
  bool progress;
  struct timespec start;
} LoadCtx;

static double since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Counts statements added; a progress line at each million. */
static void counted(void *vctx, uint64_t more) {
  LoadCtx *ctx = vctx;
  uint64_t before = ctx->statements;
  ctx->statements += more;
  if (ctx->progress && ctx->statements / 1000000 != before / 1000000) {
    double sec = since(&ctx->start);
    fprintf(stderr, "\r%llu statements, %.0f/s ", (unsigned long long)ctx->statements,
            sec > 0 ? (double)ctx->statements / sec : 0.0);
  }
}

static SilaStatus sink(void *vctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                       const SilaTerm *g) {
  LoadCtx *ctx = vctx;
  if (!g && ctx->has_graph)
    g = &ctx->graph;
  SilaStatus st = sila_bulk_add(ctx->bulk, s, p, o, g);
  if (st == SILA_OK)
    counted(ctx, 1);
  return st;
}

static SilaStatus load_one(LoadCtx *ctx, SilaRdfFormat fmt, const char *path, const char *base,
                           SilaError *err) {
  if (err)
    err->file = path;
  if (fmt == SILA_RDF_UNKNOWN) {
    fmt = sila_rdf_format_from_filename(path, NULL);
    if (fmt == SILA_RDF_UNKNOWN)
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                            "cannot tell the RDF format from the file name (use --format)");
  }
  sila_bulk_new_document(ctx->bulk);
  bool parallel = false;
  SilaStatus st = SILA_OK;
  /* Line-based formats from a regular file: parsed on every core. */
  if (fmt == SILA_RDF_NTRIPLES || fmt == SILA_RDF_NQUADS)
    st = rdf_load_parallel(ctx->bulk, fmt == SILA_RDF_NQUADS, path,
                           ctx->has_graph ? &ctx->graph : NULL, counted, ctx, &parallel, err);
  if (!parallel)
    st = sila_rdf_parse_file(fmt, path, base, sink, ctx, err);
  if (st == SILA_ERR_IO)
    sila_error_set(err, st, 0, 0, "cannot read the file");
  else if (st == SILA_ERR_INVALID)
    sila_error_set(err, st, 0, 0, "a statement that RDF does not allow (literal subject or predicate)");
  return st;
}

SilaStatus sila_load_into(SilaBulk *bulk, SilaRdfFormat fmt, const char *path, const char *graph,
                          const char *base, uint64_t *statements, SilaError *err) {
  LoadCtx ctx = {.bulk = bulk};
  if (graph) {
    ctx.graph = sila_term_iri(graph);
    ctx.has_graph = true;
  }
  clock_gettime(CLOCK_MONOTONIC, &ctx.start);
  SilaStatus st = load_one(&ctx, fmt, path, base, err);
  if (statements)
    *statements = ctx.statements;
  return st;
}

unsigned sila_load_store_flags(const char *dir, const char *const *paths, size_t n) {
  const char *env = getenv("SILA_LOAD_WRITEMAP");
  if (env && strcmp(env, "0") == 0)
    return 0;
  uint64_t bytes = 0;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    size_t len = strlen(paths[i]);
    if (strcmp(paths[i], "-") == 0 || (len > 3 && strcmp(paths[i] + len - 3, ".gz") == 0) ||
        stat(paths[i], &st) != 0 || !S_ISREG(st.st_mode))
      return 0; /* its size says nothing of what it holds */
    bytes += (uint64_t)st.st_size;
  }
  struct statvfs vfs;
  if (statvfs(dir, &vfs) != 0)
    return 0;
  uint64_t room = (uint64_t)vfs.f_bavail * vfs.f_frsize;
  /* The writer reserves the blocks it may write before writing them
   * (sila_txn_reserve: a full disk is then an error, not a SIGBUS), which
   * counts a copy of every page in use: without that much room, and about
   * what the load's store takes (an N-Quads file's store is ~0.9 times its
   * size), the map is not worth a refusal the plain writer might not meet. */
  char file[4096];
  struct stat fst;
  uint64_t in_use = 0;
  if (snprintf(file, sizeof file, "%s/data.mdb", dir) < (int)sizeof file && stat(file, &fst) == 0)
    in_use = (uint64_t)fst.st_blocks * 512;
  if (room < in_use)
    return 0;
  room -= in_use;
  return room > bytes + bytes / 2 + ((uint64_t)256 << 20) ? SILA_STORE_WRITEMAP : 0;
}

/* A reservation of a writable map's blocks that the disk refused
 * (sila_txn_reserve), said with what the load needs; frees txn. */
static SilaStatus failed_load(SilaStore *store, SilaTxn *txn, SilaStatus st, SilaError *err) {
  uint64_t needed = st == SILA_ERR_FULL ? sila_txn_reserve_failed(txn) : 0;
  sila_txn_abort(txn);
  if (!needed)
    return st;
  if (err)
    err->file = NULL;
  return sila_error_set(err, st, 0, 0,
                        "disk full: the load needs up to ~%llu MB more in %s (the store is unchanged)",
                        (unsigned long long)((needed + (1u << 20) - 1) >> 20), sila_store_dir(store));
}

SilaStatus sila_load_files(SilaStore *store, const char *const *paths, size_t n,
                           const SilaLoadOptions *opt, SilaLoadReport *report, SilaError *err) {
  SilaLoadReport ignored;
  if (!report)
    report = &ignored; /* the report is optional */
  memset(report, 0, sizeof *report);
  LoadCtx ctx = {.progress = opt->progress};
  if (opt->graph) {
    ctx.graph = sila_term_iri(opt->graph);
    ctx.has_graph = true;
  }
  clock_gettime(CLOCK_MONOTONIC, &ctx.start);
  SilaTxn *txn;
  /* No fsync per page while loading; one sync at the end makes it durable. */
  SilaStatus st = sila_txn_begin_write(store, SILA_TXN_NOSYNC, &txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot start a write transaction: %s", sila_strerror(st));
  st = sila_bulk_new(txn, &ctx.bulk);
  for (size_t i = 0; i < n && st == SILA_OK; i++)
    st = load_one(&ctx, opt->format, paths[i], opt->base, err);
  if (st != SILA_OK) {
    sila_bulk_free(ctx.bulk);
    return failed_load(store, txn, st, err);
  }
  st = sila_bulk_finish(ctx.bulk, &report->added);
  if (st == SILA_ERR_FULL && sila_txn_reserve_failed(txn))
    return failed_load(store, txn, st, err);
  if (st != SILA_OK) {
    sila_txn_abort(txn);
    if (err)
      err->file = NULL;
    return sila_error_set(err, st, 0, 0, "cannot write to the store: %s", sila_strerror(st));
  }
  st = sila_txn_reserve(txn, 0); /* the commit's pages, on a writable map */
  if (st != SILA_OK)
    return failed_load(store, txn, st, err);
  st = sila_txn_commit(txn);
  if (st == SILA_OK)
    st = sila_store_sync(store);
  if (ctx.progress && ctx.statements >= 1000000)
    fputc('\n', stderr);
  report->statements = ctx.statements;
  report->seconds = since(&ctx.start);
  if (st != SILA_OK) {
    if (err)
      err->file = NULL;
    return sila_error_set(err, st, 0, 0, "cannot commit the load: %s", sila_strerror(st));
  }
  return SILA_OK;
}
