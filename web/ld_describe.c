/* ld_describe.c — the description of a resource: outgoing triples, their
 * blank-node closure, and a page of incoming triples; one set of triples
 * whatever format is written. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_dump.h"

#define INCOMING_COUNT_CAP 100000

/* Decodes a quad's terms and calls fn. */
static SilaStatus emit(SilaTxn *txn, const SilaIdQuad *q, int part, SilaLdTripleFn fn, void *ctx) {
  SilaTerm t[4];
  char buf[4][SILA_TERM_BUF];
  SilaId ids[4] = {q->s, q->p, q->o, q->g};
  bool named = q->g != SILA_ID_DEFAULT_GRAPH;
  for (int i = 0; i < (named ? 4 : 3); i++) {
    SilaStatus st = sila_txn_term(txn, ids[i], &t[i], buf[i]);
    if (st != SILA_OK)
      return st;
  }
  return fn(ctx, part, &t[0], &t[1], &t[2], named ? &t[3] : NULL);
}

bool sila_ld_exists(SilaTxn *txn, const char *iri) {
  SilaId id = ld_iri_id(txn, iri);
  if (id == SILA_ID_ANY)
    return false;
  SilaIdQuad ps = {id, 0, 0, 0}, po = {0, 0, id, 0};
  return sila_txn_count(txn, &ps, 1) > 0 || sila_txn_count(txn, &po, 1) > 0;
}

/* Scans subject s (distinct triples), emitting each triple and queueing
 * blank objects not yet seen. */
static SilaStatus scan_subject(SilaTxn *txn, SilaId s, int part, SilaLdTripleFn fn, void *ctx,
                               LdIdSet *seen, SilaId **queue, size_t *qn, size_t *qcap,
                               uint64_t max_nodes, uint64_t *count) {
  SilaIdQuad pat = {s, 0, 0, 0}, q;
  SilaScan *sc = NULL;
  SilaStatus st = sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc);
  if (st != SILA_OK)
    return st;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    if ((st = emit(txn, &q, part, fn, ctx)) != SILA_OK)
      break;
    (*count)++;
    if (sila_id_tag(q.o) == SILA_TAG_BLANK && seen->n < max_nodes) {
      int a = ld_idset_add(seen, q.o);
      if (a < 0) {
        st = SILA_ERR_NOMEM;
        break;
      }
      if (a == 1) {
        if (*qn == *qcap) {
          size_t nc = *qcap ? *qcap * 2 : 16;
          SilaId *nq = realloc(*queue, nc * sizeof *nq);
          if (!nq) {
            st = SILA_ERR_NOMEM;
            break;
          }
          *queue = nq;
          *qcap = nc;
        }
        (*queue)[(*qn)++] = q.o;
      }
    }
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  return st;
}

SilaStatus sila_ld_describe(SilaTxn *txn, const char *iri, const SilaLdDescribeOptions *opt,
                            SilaLdTripleFn fn, void *ctx, SilaLdDescribeInfo *info) {
  SilaLdDescribeInfo inf = {0};
  uint64_t limit = opt && opt->in_limit ? opt->in_limit : SILA_LD_INCOMING_LIMIT;
  uint64_t offset = opt ? opt->in_offset : 0;
  uint64_t max_nodes = opt && opt->closure_max ? opt->closure_max : SILA_LD_CLOSURE_MAX;
  SilaId id = ld_iri_id(txn, iri);
  SilaStatus st = SILA_OK;
  if (id == SILA_ID_ANY)
    goto done;

  LdIdSet seen = {0};
  SilaId *queue = NULL;
  size_t qn = 0, qcap = 0;
  st = scan_subject(txn, id, 0, fn, ctx, &seen, &queue, &qn, &qcap, max_nodes, &inf.outgoing);
  for (size_t i = 0; st == SILA_OK && i < qn; i++)
    st =
        scan_subject(txn, queue[i], 1, fn, ctx, &seen, &queue, &qn, &qcap, max_nodes, &inf.closure);
  free(queue);
  if (st != SILA_OK) {
    ld_idset_free(&seen);
    goto done;
  }

  SilaIdQuad pat = {0, 0, id, 0}, q;
  inf.incoming_total = sila_txn_count(txn, &pat, INCOMING_COUNT_CAP);
  SilaScan *sc = NULL;
  if ((st = sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc)) != SILA_OK) {
    ld_idset_free(&seen);
    goto done;
  }
  uint64_t k = 0;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    /* a triple from the resource itself or from its blank-node closure is
     * in the description already (a dataset that is its own landing page) */
    if (q.s == id || ld_idset_has(&seen, q.s))
      continue;
    if (k++ < offset)
      continue;
    if (inf.incoming == limit) {
      inf.incoming_more = true;
      break;
    }
    if ((st = emit(txn, &q, 2, fn, ctx)) != SILA_OK)
      break;
    inf.incoming++;
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  ld_idset_free(&seen);
done:
  if (info)
    *info = inf;
  return st;
}

typedef struct {
  SilaRdfWriter *w;
} WriteCtx;

static SilaStatus write_triple(void *ctx, int part, const SilaTerm *s, const SilaTerm *p,
                               const SilaTerm *o, const SilaTerm *g) {
  (void)part;
  (void)g;
  WriteCtx *wc = ctx;
  SilaStatus st = sila_rdf_writer_quad(wc->w, s, p, o, NULL);
  return st == SILA_ERR_INVALID ? SILA_OK : st; /* RDF/XML cannot write some: skip them */
}

/* The Hydra links of a page of incoming triples (see sila_ld.h). */
static SilaStatus write_page_links(SilaRdfWriter *w, const char *iri, const char *url,
                                   uint64_t offset, uint64_t limit, const SilaLdDescribeInfo *in) {
#define HYDRA "http://www.w3.org/ns/hydra/core#"
  char *self = NULL;
  if (asprintf(&self, "%s?in=%llu", url, (unsigned long long)offset) < 0)
    return SILA_ERR_NOMEM;
  SilaTerm ts = sila_term_iri(self), tr = sila_term_iri(iri), tp, to;
  tp = sila_term_iri(HYDRA "view");
  SilaStatus st = sila_rdf_writer_quad(w, &tr, &tp, &ts, NULL);
  tp = sila_term_iri(LD_RDF_TYPE);
  to = sila_term_iri(HYDRA "PartialCollectionView");
  if (st == SILA_OK)
    st = sila_rdf_writer_quad(w, &ts, &tp, &to, NULL);
  uint64_t targets[3] = {0, offset > limit ? offset - limit : 0, offset + in->incoming};
  const char *names[3] = {HYDRA "first", HYDRA "previous", HYDRA "next"};
  bool want[3] = {offset > 0, offset > 0, in->incoming_more};
  for (int i = 0; i < 3 && st == SILA_OK; i++) {
    if (!want[i])
      continue;
    char *t = NULL;
    if (asprintf(&t, "%s?in=%llu", url, (unsigned long long)targets[i]) < 0) {
      st = SILA_ERR_NOMEM;
      break;
    }
    tp = sila_term_iri(names[i]);
    to = sila_term_iri(t);
    st = sila_rdf_writer_quad(w, &ts, &tp, &to, NULL);
    free(t);
  }
  free(self);
  return st;
#undef HYDRA
}

SilaStatus sila_ld_write_description(SilaTxn *txn, const char *iri,
                                     const SilaLdDescribeOptions *opt, SilaRdfFormat fmt,
                                     SilaWriteFn write_fn, void *ctx, SilaLdDescribeInfo *info) {
  WriteCtx wc = {sila_rdf_writer_new(fmt, write_fn, ctx, sila_default_prefixes())};
  if (!wc.w)
    return fmt == SILA_RDF_UNKNOWN ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
  SilaLdDescribeInfo inf;
  SilaStatus st = sila_ld_describe(txn, iri, opt, write_triple, &wc, &inf);
  uint64_t offset = opt ? opt->in_offset : 0;
  uint64_t limit = opt && opt->in_limit ? opt->in_limit : SILA_LD_INCOMING_LIMIT;
  if (st == SILA_OK && opt && opt->page_url && (offset > 0 || inf.incoming_more))
    st = write_page_links(wc.w, iri, opt->page_url, offset, limit, &inf);
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(wc.w);
  sila_rdf_writer_free(wc.w);
  if (info)
    *info = inf;
  return st;
}
