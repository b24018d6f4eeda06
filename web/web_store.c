/* web_store.c — the SPARQL 1.1 Graph Store HTTP Protocol on /store
 * (indirect identification: ?default or ?graph=IRI) and on /graphs/…
 * (direct identification: the graph {base}/graphs/… is the address).  Reads stream through
 * sila_dump; each write is one write transaction, the upload having been
 * spooled to a temporary file first (memory does not grow with it). */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <fcntl.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sila_dump.h"
#include "sila_load.h"
#include "web_internal.h"

int web_negotiate_rdf(const WebReq *r);
const char *web_rdf_ctype(SilaRdfFormat f, char *buf, size_t size);

enum { GSP_GET, GSP_PUT, GSP_POST, GSP_DELETE };

/* The graph's ID: SILA_ID_DEFAULT_GRAPH, or the IRI's; false when the IRI
 * is not in the store (then the graph has no quads). */
static bool graph_id(SilaTxn *txn, const char *iri, SilaId *g) {
  if (!iri) {
    *g = SILA_ID_DEFAULT_GRAPH;
    return true;
  }
  SilaTerm t = sila_term_iri(iri);
  return sila_txn_lookup(txn, &t, g) == SILA_OK;
}

static SilaStatus get_job(WebReq *r, SilaError *err) {
  SilaTxn *txn = NULL;
  SilaStatus st = sila_txn_begin_read(r->web->store, &txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot read the store: %s", sila_strerror(st));
  SilaId g = SILA_ID_ANY;
  if (r->kind != 2) { /* 2 = the whole store */
    const char *iri = r->kind ? r->text : NULL;
    if (!graph_id(txn, iri, &g) || (iri && !sila_txn_graph_exists(txn, g))) {
      sila_txn_abort(txn);
      r->status = 404;
      return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no graph <%s> in the store", iri);
    }
  }
  char ctype[128];
  web_header(r, MHD_HTTP_HEADER_VARY, "Accept");
  web_begin(r, 200, web_rdf_ctype((SilaRdfFormat)r->fmt_a, ctype, sizeof ctype));
  web_allow_gzip(r);
  st = sila_dump(txn, g, (SilaRdfFormat)r->fmt_a, web_write, r, NULL);
  sila_txn_abort(txn);
  if (st != SILA_OK)
    sila_error_set(err, st, 0, 0, "dump failed: %s", sila_strerror(st));
  return st;
}

#define FMT_MULTIPART (-1)

/* multipart/form-data (the GSP's upload of several RDF documents): each
 * part is loaded as a document of its own Content-Type.  The parts are
 * read into memory, so this path is bounded by max_upload, not streaming. */
static SilaStatus load_multipart(WebReq *r, SilaBulk *bulk, const char *iri, const char *base,
                                 SilaError *err) {
  const char *ct = web_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *b = ct ? strcasestr(ct, "boundary=") : NULL;
  if (!b)
    return sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "multipart/form-data without a boundary");
  b += 9;
  char delim[256];
  size_t bl = strcspn(b + (*b == '"'), "\"; \t");
  if (bl == 0 || bl > 200)
    return sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "bad multipart boundary");
  int dl = snprintf(delim, sizeof delim, "--%.*s", (int)bl, b + (*b == '"'));
  SilaBuf all = SILA_BUF_INIT;
  FILE *f = r->uppath[0] ? fopen(r->uppath, "rb") : NULL;
  if (f) {
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
      if (sila_buf_append(&all, chunk, n))
        break;
    fclose(f);
  }
  SilaStatus st = SILA_OK;
  size_t nparts = 0;
  const char *end = all.data + all.len;
  const char *p = all.data ? memmem(all.data, all.len, delim, (size_t)dl) : NULL;
  while (st == SILA_OK && p) {
    p += dl;
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
      break; /* the closing delimiter */
    const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
    if (!hdr_end)
      break;
    const char *body = hdr_end + 4;
    const char *next = memmem(body, (size_t)(end - body), delim, (size_t)dl);
    if (!next)
      break;
    const char *body_end = next;
    if (body_end - body >= 2 && body_end[-2] == '\r' && body_end[-1] == '\n')
      body_end -= 2;
    /* the part's Content-Type */
    char mime[128] = "";
    for (const char *h = p; h < hdr_end;) {
      const char *eol = memmem(h, (size_t)(hdr_end - h + 2), "\r\n", 2);
      if (!eol)
        eol = hdr_end;
      if (eol - h > 13 && !strncasecmp(h, "Content-Type:", 13)) {
        const char *v = h + 13;
        while (*v == ' ')
          v++;
        snprintf(mime, sizeof mime, "%.*s", (int)(eol - v), v);
      }
      h = eol + 2;
    }
    SilaRdfFormat fmt = sila_rdf_format_from_mime(mime[0] ? mime : "text/turtle");
    if (!fmt || fmt == SILA_RDF_JSONLD) {
      r->status = 415;
      st = sila_error_set(err, SILA_ERR_UNSUPPORTED, 0, 0, "unsupported part Content-Type '%s'",
                          mime);
      break;
    }
    char path[80];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/sila-part-XXXXXX", tmp && strlen(tmp) < 50 ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
      st = sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot spool a multipart part");
      break;
    }
    size_t len = (size_t)(body_end - body);
    bool wrote = write(fd, body, len) == (ssize_t)len;
    close(fd);
    if (wrote) {
      sila_bulk_new_document(bulk);
      st = sila_load_into(bulk, fmt, path, iri, base, NULL, err);
    } else {
      st = sila_error_set(err, SILA_ERR_IO, 0, 0, "cannot spool a multipart part");
    }
    unlink(path);
    nparts++;
    p = next;
  }
  sila_buf_free(&all);
  if (st == SILA_OK && !nparts)
    st = sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "no parts in the multipart/form-data body");
  return st;
}

static SilaStatus write_job(WebReq *r, SilaError *err) {
  SilaTxn *txn = NULL;
  SilaStatus st = sila_txn_begin_write(r->web->store, 0, &txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot write the store: %s", sila_strerror(st));
  const char *iri = r->kind ? r->text : NULL;
  SilaId g = SILA_ID_DEFAULT_GRAPH;
  bool existed = graph_id(txn, iri, &g) && sila_txn_graph_exists(txn, g);
  int op = r->fmt_b;
  if (op == GSP_DELETE) {
    if (!existed) {
      sila_txn_abort(txn);
      r->status = 404;
      return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no graph <%s> in the store",
                            iri ? iri : "default");
    }
    st = sila_txn_clear_graph(txn, g, NULL);
  } else {
    if (op == GSP_PUT && existed)
      st = sila_txn_clear_graph(txn, g, NULL);
    SilaBulk *bulk = NULL;
    if (st == SILA_OK)
      st = sila_bulk_new(txn, &bulk);
    if (st == SILA_OK) {
      /* Relative IRIs of the document resolve against the address it came
       * from when the client names it (Content-Location, absolute), else
       * against the graph's IRI, else the server's base. */
      const char *loc = web_req_header(r, "Content-Location");
      const char *base = loc && sila_iri_has_scheme(loc, strlen(loc)) ? loc
                         : iri                                          ? iri
                                                                        : r->web->cfg.base;
      if (r->fmt_a == FMT_MULTIPART)
        st = load_multipart(r, bulk, iri, base, err);
      else
        st = sila_load_into(bulk, (SilaRdfFormat)r->fmt_a,
                            r->uppath[0] ? r->uppath : "/dev/null", iri, base, NULL, err);
      if (st == SILA_OK)
        st = sila_bulk_finish(bulk, NULL);
      else
        sila_bulk_free(bulk);
      if (st == SILA_ERR_SYNTAX) {
        r->status = 400;
        err->file = NULL;
      }
    }
  }
  if (st == SILA_OK)
    st = sila_txn_commit(txn);
  else
    sila_txn_abort(txn);
  if (st != SILA_OK) {
    if (!err->message[0])
      sila_error_set(err, st, 0, 0, "write failed: %s", sila_strerror(st));
    return st;
  }
  bool created = !existed && op != GSP_DELETE && (r->kind != 0 || op == GSP_PUT);
  if (r->kind == 3) { /* POST to the store: a new graph */
    web_header(r, MHD_HTTP_HEADER_LOCATION, r->text);
    created = true;
  }
  web_begin(r, created ? 201 : 204, NULL);
  return SILA_OK;
}

/* A fresh graph IRI under the base for POST /store. */
static char *new_graph_iri(const WebReq *r) {
  unsigned char rnd[12] = {0};
  int fd = open("/dev/urandom", O_RDONLY);
  if (fd >= 0) {
    if (read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd)
      memset(rnd, 0, sizeof rnd);
    close(fd);
  }
  SilaBuf b = SILA_BUF_INIT;
  sila_buf_printf(&b, "%s/graph/%llx-", r->web->cfg.base ? r->web->cfg.base : "urn:sila",
                  (unsigned long long)time(NULL));
  for (size_t i = 0; i < sizeof rnd; i++)
    sila_buf_printf(&b, "%02x", rnd[i]);
  return b.data;
}

/* The operation of the request's method, or -1 (405 sent) for others. */
static int gsp_op(WebReq *r, const char *where, enum MHD_Result *ret) {
  const char *m = r->method;
  int op = !strcmp(m, MHD_HTTP_METHOD_GET) || !strcmp(m, MHD_HTTP_METHOD_HEAD) ? GSP_GET
           : !strcmp(m, MHD_HTTP_METHOD_PUT)                                  ? GSP_PUT
           : !strcmp(m, MHD_HTTP_METHOD_POST)                                 ? GSP_POST
           : !strcmp(m, MHD_HTTP_METHOD_DELETE)                               ? GSP_DELETE
                                                                              : -1;
  if (op < 0) {
    web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    *ret = web_error_now(r, 405, "%s is not allowed on %s", m, where);
  }
  return op;
}

static enum MHD_Result run_op(WebReq *r, int op);

enum MHD_Result web_store(WebReq *r) {
  enum MHD_Result ret;
  int op = gsp_op(r, "/store", &ret);
  if (op < 0)
    return ret;
  size_t ng = web_param_count(r, "graph");
  bool def = web_param_count(r, "default") > 0;
  if (ng > 1 || (ng && def))
    return web_error_now(r, 400, "name one graph: ?default or ?graph=IRI");
  if (ng) {
    const char *iri = web_param(r, "graph");
    if (!sila_iri_has_scheme(iri, strlen(iri)) || !sila_iri_valid(iri, strlen(iri)))
      return web_error_now(r, 400, "graph must be an absolute IRI, not '%s'", iri);
    r->text = strdup(iri);
    r->kind = 1;
  } else if (!def) {
    if (op == GSP_POST) {
      r->text = new_graph_iri(r);
      r->kind = 3;
    } else if (op == GSP_GET) {
      r->kind = 2;
    } else {
      return web_error_now(r, 400, "name the graph: ?default or ?graph=IRI");
    }
  }
  if ((r->kind == 1 || r->kind == 3) && !r->text)
    return web_error_now(r, 500, "out of memory");
  return run_op(r, op);
}

bool web_graphs_path(const char *path) { return !strncmp(path, "/graphs/", 8) && path[8]; }

/* Direct identification: the graph named by the request's own address,
 * {base}/graphs/{rest}.  Characters an IRI cannot hold are refused rather
 * than escaped, so the address and the graph's IRI read the same. */
enum MHD_Result web_graphs(WebReq *r) {
  enum MHD_Result ret;
  int op = gsp_op(r, r->path, &ret);
  if (op < 0)
    return ret;
  if (web_param_count(r, "graph") || web_param_count(r, "default"))
    return web_error_now(r, 400, "%s names its graph by its address: no ?graph or ?default "
                                 "(those go to /store)", r->path);
  for (const unsigned char *p = (const unsigned char *)r->path; *p; p++)
    if (*p <= 0x20 || strchr("<>\"{}|\\^`", *p))
      return web_error_now(r, 400, "a graph address cannot hold the character '%c' (0x%02x)",
                           *p > 0x20 ? *p : '?', *p);
  const char *base = r->web->cfg.base && *r->web->cfg.base ? r->web->cfg.base : "urn:sila";
  size_t bl = strlen(base);
  while (bl && base[bl - 1] == '/')
    bl--;
  SilaBuf iri = SILA_BUF_INIT;
  if (sila_buf_printf(&iri, "%.*s%s", (int)bl, base, r->path))
    return web_error_now(r, 500, "out of memory");
  r->text = iri.data;
  r->kind = 1;
  return run_op(r, op);
}

/* The shared tail: r->kind / r->text name the graph (see write_job). */
static enum MHD_Result run_op(WebReq *r, int op) {
  r->fmt_b = op;
  if (op == GSP_GET) {
    r->fmt_a = web_negotiate_rdf(r);
    if (r->kind == 2 && !web_param(r, "format") && !web_param(r, "output") &&
        !sila_rdf_format_has_graphs((SilaRdfFormat)r->fmt_a) && r->fmt_a == SILA_RDF_TURTLE)
      r->fmt_a = SILA_RDF_TRIG; /* the whole store keeps its graph names by default */
    if (!r->fmt_a)
      return web_error_now(r, 406, "no acceptable RDF format (text/turtle, "
                                   "application/n-triples, application/n-quads, "
                                   "application/trig, application/rdf+xml, "
                                   "application/ld+json)");
    return web_enqueue(r, get_job);
  }
  if (op != GSP_DELETE) {
    char ct[128];
    web_content_type(r, ct, sizeof ct);
    SilaRdfFormat f = sila_rdf_format_from_mime(ct);
    if (!strcmp(ct, "multipart/form-data"))
      f = (SilaRdfFormat)FMT_MULTIPART;
    else if (!f || f == SILA_RDF_JSONLD)
      return web_error_now(r, 415,
                           "unsupported Content-Type '%s': send text/turtle, "
                           "application/n-triples, application/n-quads, application/trig or "
                           "application/rdf+xml (or multipart/form-data of those)",
                           ct);
    r->fmt_a = (int)f;
  }
  return web_enqueue(r, write_job);
}
