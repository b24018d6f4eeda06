/* sila_rdf_syntax.c — parser dispatch, readers and format detection. */
#include "sila_rdf_syntax.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "rdf_internal.h"

SilaStatus sila_rdf_parse(SilaRdfFormat fmt, SilaRdfReader read_fn, void *read_ctx,
                          const char *base_iri, SilaQuadSink sink, void *sink_ctx,
                          SilaError *err) {
  if (!read_fn || !sink)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no reader or no sink");
  switch (fmt) {
  case SILA_RDF_NTRIPLES:
    return rdf_parse_ntriples(false, read_fn, read_ctx, sink, sink_ctx, err);
  case SILA_RDF_NQUADS:
    return rdf_parse_ntriples(true, read_fn, read_ctx, sink, sink_ctx, err);
  case SILA_RDF_TURTLE:
    return rdf_parse_turtle(false, read_fn, read_ctx, base_iri, sink, sink_ctx, err);
  case SILA_RDF_TRIG:
    return rdf_parse_turtle(true, read_fn, read_ctx, base_iri, sink, sink_ctx, err);
  case SILA_RDF_RDFXML:
    return rdf_parse_rdfxml(read_fn, read_ctx, base_iri, sink, sink_ctx, err);
  default:
    return sila_error_set(err, SILA_ERR_UNSUPPORTED, 0, 0, "no parser for this RDF format");
  }
}

typedef struct {
  const char *data;
  size_t len, pos;
} StringReader;

static ssize_t string_reader(void *ctx, char *buf, size_t size) {
  StringReader *r = ctx;
  size_t n = r->len - r->pos;
  if (n > size)
    n = size;
  memcpy(buf, r->data + r->pos, n);
  r->pos += n;
  return (ssize_t)n;
}

SilaStatus sila_rdf_parse_string(SilaRdfFormat fmt, const char *data, size_t len,
                                 const char *base_iri, SilaQuadSink sink, void *sink_ctx,
                                 SilaError *err) {
  StringReader r = {data, len, 0};
  return sila_rdf_parse(fmt, string_reader, &r, base_iri, sink, sink_ctx, err);
}

ssize_t sila_rdf_gz_reader(void *gzfile, char *buf, size_t size) {
  if (size > INT_MAX / 2)
    size = INT_MAX / 2;
  int n = gzread((gzFile)gzfile, buf, (unsigned)size);
  return n < 0 ? -1 : n;
}

ssize_t sila_rdf_fd_reader(void *fd_ptr, char *buf, size_t size) {
  for (;;) {
    ssize_t n = read(*(int *)fd_ptr, buf, size);
    if (n >= 0 || errno != EINTR)
      return n;
  }
}

SilaStatus sila_rdf_parse_file(SilaRdfFormat fmt, const char *path, const char *base_iri,
                               SilaQuadSink sink, void *sink_ctx, SilaError *err) {
  if (fmt == SILA_RDF_UNKNOWN)
    fmt = sila_rdf_format_from_filename(path, NULL);
  if (fmt == SILA_RDF_UNKNOWN)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "cannot tell the RDF format of %s", path);
  bool is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot open %s: %s", path, strerror(errno));
  /* Plain regular files are read directly (gzread's pass-through costs a
   * copy); anything that starts with the gzip magic, and pipes, go
   * through zlib. */
  unsigned char magic[2] = {0, 0};
  bool plain = false;
  if (!is_stdin && pread(fd, magic, 2, 0) >= 0 && !(magic[0] == 0x1f && magic[1] == 0x8b))
    plain = true;
  gzFile gz = NULL;
  if (!plain) {
    gz = gzdopen(fd, "rb");
    if (!gz) {
      close(fd);
      return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot start zlib for %s", path);
    }
    gzbuffer(gz, 256 * 1024);
  }
  SilaBuf base = SILA_BUF_INIT;
  if (!base_iri && !is_stdin) {
    char *abs = realpath(path, NULL);
    if (abs) {
      sila_buf_puts(&base, "file://");
      sila_buf_puts(&base, abs);
      free(abs);
      base_iri = base.data;
    }
    if (sila_buf_failed(&base)) {
      if (plain)
        close(fd);
      else
        gzclose(gz);
      sila_buf_free(&base);
      return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory reading %s", path);
    }
  }
  SilaStatus st = plain ? sila_rdf_parse(fmt, sila_rdf_fd_reader, &fd, base_iri, sink, sink_ctx, err)
                        : sila_rdf_parse(fmt, sila_rdf_gz_reader, gz, base_iri, sink, sink_ctx, err);
  if (plain)
    close(fd);
  else
    gzclose(gz);
  sila_buf_free(&base);
  return st;
}

static bool ends_with(const char *s, size_t n, const char *suffix) {
  size_t l = strlen(suffix);
  return n >= l && strncasecmp(s + n - l, suffix, l) == 0;
}

SilaRdfFormat sila_rdf_format_from_filename(const char *name, bool *gzipped) {
  size_t n = strlen(name);
  bool gz = ends_with(name, n, ".gz");
  if (gz)
    n -= 3;
  if (gzipped)
    *gzipped = gz;
  static const struct {
    const char *suffix;
    SilaRdfFormat fmt;
  } map[] = {
      {".nt", SILA_RDF_NTRIPLES}, {".nq", SILA_RDF_NQUADS},     {".ttl", SILA_RDF_TURTLE},
      {".trig", SILA_RDF_TRIG},   {".rdf", SILA_RDF_RDFXML},    {".owl", SILA_RDF_RDFXML},
      {".xml", SILA_RDF_RDFXML},  {".jsonld", SILA_RDF_JSONLD},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (ends_with(name, n, map[i].suffix))
      return map[i].fmt;
  return SILA_RDF_UNKNOWN;
}

SilaRdfFormat sila_rdf_format_from_mime(const char *mime) {
  static const struct {
    const char *mime;
    SilaRdfFormat fmt;
  } map[] = {
      {"text/turtle", SILA_RDF_TURTLE},
      {"application/x-turtle", SILA_RDF_TURTLE},
      {"application/turtle", SILA_RDF_TURTLE},
      {"application/n-triples", SILA_RDF_NTRIPLES},
      {"text/plain", SILA_RDF_NTRIPLES},
      {"application/n-quads", SILA_RDF_NQUADS},
      {"text/x-nquads", SILA_RDF_NQUADS},
      {"application/trig", SILA_RDF_TRIG},
      {"application/x-trig", SILA_RDF_TRIG},
      {"application/rdf+xml", SILA_RDF_RDFXML},
      {"application/xml", SILA_RDF_RDFXML},
      {"text/xml", SILA_RDF_RDFXML},
      {"application/ld+json", SILA_RDF_JSONLD},
  };
  if (!mime)
    return SILA_RDF_UNKNOWN;
  while (*mime == ' ' || *mime == '\t')
    mime++;
  size_t n = strcspn(mime, "; \t");
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strlen(map[i].mime) == n && strncasecmp(mime, map[i].mime, n) == 0)
      return map[i].fmt;
  return SILA_RDF_UNKNOWN;
}

static const struct {
  const char *name, *mime, *suffix;
} format_info[] = {
    [SILA_RDF_NTRIPLES] = {"ntriples", "application/n-triples", ".nt"},
    [SILA_RDF_NQUADS] = {"nquads", "application/n-quads", ".nq"},
    [SILA_RDF_TURTLE] = {"turtle", "text/turtle", ".ttl"},
    [SILA_RDF_TRIG] = {"trig", "application/trig", ".trig"},
    [SILA_RDF_RDFXML] = {"rdfxml", "application/rdf+xml", ".rdf"},
    [SILA_RDF_JSONLD] = {"jsonld", "application/ld+json", ".jsonld"},
};

static bool known(SilaRdfFormat fmt) { return fmt > SILA_RDF_UNKNOWN && fmt <= SILA_RDF_JSONLD; }

const char *sila_rdf_format_mime(SilaRdfFormat fmt) {
  return known(fmt) ? format_info[fmt].mime : NULL;
}
const char *sila_rdf_format_suffix(SilaRdfFormat fmt) {
  return known(fmt) ? format_info[fmt].suffix : NULL;
}
const char *sila_rdf_format_name(SilaRdfFormat fmt) {
  return known(fmt) ? format_info[fmt].name : NULL;
}

SilaRdfFormat sila_rdf_format_from_name(const char *name) {
  if (!name)
    return SILA_RDF_UNKNOWN;
  for (int f = SILA_RDF_NTRIPLES; f <= SILA_RDF_JSONLD; f++)
    if (strcasecmp(name, format_info[f].name) == 0 ||
        strcasecmp(name, format_info[f].suffix + 1) == 0)
      return (SilaRdfFormat)f;
  if (!strcasecmp(name, "xml") || !strcasecmp(name, "rdf/xml"))
    return SILA_RDF_RDFXML;
  if (!strcasecmp(name, "n-triples"))
    return SILA_RDF_NTRIPLES;
  if (!strcasecmp(name, "n-quads"))
    return SILA_RDF_NQUADS;
  if (!strcasecmp(name, "json-ld"))
    return SILA_RDF_JSONLD;
  return SILA_RDF_UNKNOWN;
}

bool sila_rdf_format_has_graphs(SilaRdfFormat fmt) {
  return fmt == SILA_RDF_NQUADS || fmt == SILA_RDF_TRIG || fmt == SILA_RDF_JSONLD;
}
