/* ld_dump.c — the dump files of the catalogue's distributions
 * (/dump/{slug}.nt.gz, …) and of the whole store (/dump/sila.nq.gz),
 * streamed from one read transaction, optionally through gzip.
 *
 * Why a gzip *file* (Content-Type application/gzip, no Content-Encoding):
 * the catalogue announces downloadURLs ending in ".nt.gz" and harvesters
 * (CKAN's ckanext-dcat, dati.gov.it) and people store what they download
 * under that name.  With "Content-Encoding: gzip" browsers and curl
 * --compressed silently unpack the body and save plain N-Triples as
 * "x.nt.gz", and proxies may re-encode it; as application/gzip every
 * client gets exactly the bytes the name promises. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ld_internal.h"
#include "sila_dump.h"

/* zlib level 3: N-Triples still shrink ~8x, at about twice the speed of
 * the default level 6; dumps are made per request, so CPU matters more
 * than the last few percent of size. */
#define DUMP_GZ_LEVEL 3
#define DUMP_CHUNK (64 * 1024)

struct SilaLdDump {
  SilaTxn *txn;
  SilaId graph; /* SILA_ID_ANY: the whole store */
  SilaRdfFormat fmt;
  bool gzip;
  char name[160]; /* the file name inside the gzip header (without ".gz") */
};

void sila_ld_dump_free(SilaLdDump *d) {
  if (!d)
    return;
  sila_txn_abort(d->txn);
  free(d);
}

/* True when the catalogue graph lists `set_iri` as one of its datasets. */
static bool in_catalogue(SilaTxn *txn, const char *base, const char *set_iri) {
  char *cat = NULL;
  if (asprintf(&cat, "%s/catalogo", base) < 0)
    return false;
  SilaId c = ld_iri_id(txn, cat), p = ld_iri_id(txn, LD_DCAT "dataset"),
         ds = ld_iri_id(txn, set_iri);
  free(cat);
  if (c == SILA_ID_ANY || p == SILA_ID_ANY || ds == SILA_ID_ANY)
    return false;
  SilaIdQuad q = {c, p, ds, c};
  return sila_txn_count(txn, &q, 1) > 0;
}

SilaStatus sila_ld_dump_open(SilaStore *store, const char *base, const char *path,
                             const char *if_none_match, SilaLdDump **out, SilaLdDumpInfo *info) {
  return sila_ld_dump_open_coded(store, base, path, if_none_match, false, out, info);
}

SilaStatus sila_ld_dump_open_coded(SilaStore *store, const char *base, const char *path,
                                   const char *if_none_match, bool gzip_coding, SilaLdDump **out,
                                   SilaLdDumpInfo *info) {
  *out = NULL;
  memset(info, 0, sizeof *info);
  base = ld_base(base);
  SilaLdRoute r;
  SilaStatus st = sila_ld_route(base, path, NULL, NULL, &r);
  if (st != SILA_OK)
    return st;
  SilaLdDump *d = NULL;
  if (r.kind == SILA_LD_ROUTE_NOT_FOUND && !strncmp(path, "/dump/", 6)) {
    info->status = 404;
    goto done;
  }
  if (r.kind != SILA_LD_ROUTE_DUMP)
    goto done; /* status 0: not ours */
  if (!(d = calloc(1, sizeof *d))) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  d->fmt = r.format;
  d->gzip = r.gzip;
  d->graph = SILA_ID_ANY;
  if ((st = sila_txn_begin_read(store, &d->txn)) != SILA_OK)
    goto done;
  if (r.slug) {
    /* a dataset of the catalogue, or any graph under /set/ that holds
     * quads (a graph loaded with `sila load --graph {base}/set/x`): VoID
     * announces the dumps of both */
    SilaId gid = ld_iri_id(d->txn, r.iri);
    if (!in_catalogue(d->txn, base, r.iri) &&
        (gid == SILA_ID_ANY || !sila_txn_graph_exists(d->txn, gid))) {
      info->status = 404;
      goto done;
    }
    d->graph = ld_iri_id(d->txn, r.iri); /* known: the catalogue names it */
  }
  const char *ext = sila_rdf_format_name(d->fmt);
  const char *dot = strrchr(path, '/');
  snprintf(d->name, sizeof d->name, "%s", dot ? dot + 1 : path);
  snprintf(info->filename, sizeof info->filename, "%s", d->name);
  if (d->gzip && strlen(d->name) > 3)
    d->name[strlen(d->name) - 3] = '\0';
  /* a gzip file, or a plain one sent gzip-coded: each its own tag */
  snprintf(info->etag, sizeof info->etag, "\"g%llu-dump-%s%s%s\"",
           (unsigned long long)sila_txn_generation(d->txn), ext ? ext : "x",
           d->gzip ? "-gz" : "", !d->gzip && gzip_coding ? "-coded-gz" : "");
  sila_ld_last_modified(store, info->last_modified, sizeof info->last_modified);
  info->content_type = r.content_type;
  info->gzip = d->gzip;
  if (sila_ld_etag_matches(if_none_match, info->etag)) {
    info->status = 304;
    goto done;
  }
  info->status = 200;
  *out = d;
  d = NULL;
done:
  if (info->status == 404) {
    info->content_type = "text/plain; charset=utf-8";
    info->filename[0] = info->etag[0] = info->last_modified[0] = '\0';
  }
  sila_ld_dump_free(d);
  sila_ld_route_clear(&r);
  if (st != SILA_OK)
    memset(info, 0, sizeof *info);
  return st;
}

/* ---- gzip as a SilaWriteFn filter ----------------------------------------- */

typedef struct {
  z_stream z;
  SilaWriteFn fn;
  void *ctx;
  unsigned char out[DUMP_CHUNK];
} GzOut;

/* Compresses [data, data+len) (flush = Z_FINISH at the end); whole output
 * chunks go to the next writer. */
static SilaStatus gz_push(GzOut *g, const char *data, size_t len, int flush) {
  g->z.next_in = (Bytef *)data;
  g->z.avail_in = (uInt)len;
  for (;;) {
    int zr = deflate(&g->z, flush);
    if (zr == Z_STREAM_ERROR)
      return SILA_ERR_IO;
    bool full = g->z.avail_out == 0;
    if (full || (flush == Z_FINISH && zr == Z_STREAM_END)) {
      size_t n = sizeof g->out - g->z.avail_out;
      if (n) {
        SilaStatus st = g->fn(g->ctx, (const char *)g->out, n);
        if (st != SILA_OK)
          return st;
      }
      g->z.next_out = g->out;
      g->z.avail_out = sizeof g->out;
    }
    if (flush == Z_FINISH ? zr == Z_STREAM_END : (g->z.avail_in == 0 && !full))
      return SILA_OK;
  }
}

static SilaStatus gz_write(void *ctx, const char *data, size_t len) {
  return len ? gz_push(ctx, data, len, Z_NO_FLUSH) : SILA_OK;
}

/* The document itself, uncompressed, through fn (a listed dataset whose
 * graph holds nothing gives an empty document). */
static SilaStatus dump_body(SilaLdDump *d, SilaWriteFn fn, void *ctx, uint64_t *count) {
  return sila_dump(d->txn, d->graph, d->fmt, fn, ctx, count);
}

SilaStatus sila_ld_dump_write(SilaLdDump *d, SilaWriteFn write_fn, void *ctx, uint64_t *count) {
  if (count)
    *count = 0;
  if (!d || !d->txn)
    return SILA_ERR_INVALID;
  if (!d->gzip)
    return dump_body(d, write_fn, ctx, count);
  GzOut *g = calloc(1, sizeof *g);
  if (!g)
    return SILA_ERR_NOMEM;
  if (deflateInit2(&g->z, DUMP_GZ_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(g);
    return SILA_ERR_NOMEM;
  }
  /* The original name in the header (gunzip -N restores it); mtime 0 so
   * that one generation always gives the same bytes (one ETag). */
  gz_header h;
  memset(&h, 0, sizeof h);
  h.name = (Bytef *)d->name;
  h.os = 3; /* Unix */
  deflateSetHeader(&g->z, &h);
  g->fn = write_fn;
  g->ctx = ctx;
  g->z.next_out = g->out;
  g->z.avail_out = sizeof g->out;
  SilaStatus st = dump_body(d, gz_write, g, count);
  if (st == SILA_OK)
    st = gz_push(g, "", 0, Z_FINISH);
  deflateEnd(&g->z);
  free(g);
  return st;
}
