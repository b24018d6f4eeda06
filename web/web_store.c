/* web_store.c — the SPARQL 1.1 Graph Store HTTP Protocol on /store
 * (indirect identification: ?default or ?graph=IRI).  Reads stream through
 * sila_dump; each write is one write transaction, the upload having been
 * spooled to a temporary file first (memory does not grow with it). */
#include <fcntl.h>
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
  st = sila_dump(txn, g, (SilaRdfFormat)r->fmt_a, web_write, r, NULL);
  sila_txn_abort(txn);
  if (st != SILA_OK)
    sila_error_set(err, st, 0, 0, "dump failed: %s", sila_strerror(st));
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
      const char *base = iri ? iri : r->web->cfg.base;
      st = sila_load_into(bulk, (SilaRdfFormat)r->fmt_a, r->uppath[0] ? r->uppath : "/dev/null",
                          iri, base, NULL, err);
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

enum MHD_Result web_store(WebReq *r) {
  const char *m = r->method;
  int op = !strcmp(m, MHD_HTTP_METHOD_GET) || !strcmp(m, MHD_HTTP_METHOD_HEAD) ? GSP_GET
           : !strcmp(m, MHD_HTTP_METHOD_PUT)                                  ? GSP_PUT
           : !strcmp(m, MHD_HTTP_METHOD_POST)                                 ? GSP_POST
           : !strcmp(m, MHD_HTTP_METHOD_DELETE)                               ? GSP_DELETE
                                                                              : -1;
  if (op < 0) {
    web_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    return web_error_now(r, 405, "%s is not allowed on /store", m);
  }
  size_t ng = web_param_count(r, "graph");
  bool def = web_param_count(r, "default") > 0;
  if (ng > 1 || (ng && def))
    return web_error_now(r, 400, "name one graph: ?default or ?graph=IRI");
  if (ng) {
    const char *iri = web_param(r, "graph");
    if (!sila_rdf_iri_is_absolute(iri, strlen(iri)))
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
    if (!f || f == SILA_RDF_JSONLD)
      return web_error_now(r, 415,
                           "unsupported Content-Type '%s': send text/turtle, "
                           "application/n-triples, application/n-quads, application/trig or "
                           "application/rdf+xml",
                           ct);
    r->fmt_a = (int)f;
  }
  return web_enqueue(r, write_job);
}
