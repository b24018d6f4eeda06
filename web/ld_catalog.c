/* ld_catalog.c — the DCAT-AP_IT catalogue graph served page by page, with
 * Hydra paging links, so that a harvester reads a catalogue of any size in
 * bounded requests (see sila_ld.h for what a page holds). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"
#include "sila_dump.h"

#define HYDRA "http://www.w3.org/ns/hydra/core#"

typedef struct {
  SilaId id;
  char *iri;
} Entry;

typedef struct {
  SilaTxn *txn;
  SilaRdfWriter *w;
  SilaId cat;        /* the catalogue node and graph */
  SilaId p_dataset;  /* dcat:dataset */
  LdIdSet seen;      /* nodes written or queued (and every dataset: never followed) */
  LdIdSet page;      /* the datasets of this page */
  SilaId *queue;
  size_t qn, qcap;
  const char *base, *public_base; /* service URLs are announced under public_base */
  SilaId url_preds[3];            /* dcat:downloadURL, accessURL, endpointURL */
} Ctx;

static int by_iri(const void *a, const void *b) {
  return strcmp(((const Entry *)a)->iri, ((const Entry *)b)->iri);
}

static SilaStatus queue_node(Ctx *c, SilaId id) {
  SilaIdTag t = sila_id_tag(id);
  if (t != SILA_TAG_IRI && t != SILA_TAG_BLANK)
    return SILA_OK;
  int a = ld_idset_add(&c->seen, id);
  if (a <= 0)
    return a < 0 ? SILA_ERR_NOMEM : SILA_OK;
  if (c->qn == c->qcap) {
    size_t nc = c->qcap ? c->qcap * 2 : 32;
    SilaId *nq = realloc(c->queue, nc * sizeof *nq);
    if (!nq)
      return SILA_ERR_NOMEM;
    c->queue = nq;
    c->qcap = nc;
  }
  c->queue[c->qn++] = id;
  return SILA_OK;
}

/* Writes the catalogue-graph triples of subject s and queues their objects. */
static SilaStatus write_subject(Ctx *c, SilaId s) {
  SilaIdQuad pat = {s, 0, 0, c->cat}, q;
  SilaScan *sc = NULL;
  SilaStatus st = sila_scan_open(c->txn, &pat, 0, &sc);
  if (st != SILA_OK)
    return st;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    /* the catalogue links only the datasets of this page */
    if (s == c->cat && q.p == c->p_dataset && !ld_idset_has(&c->page, q.o))
      continue;
    SilaTerm t[3];
    char buf[3][SILA_TERM_BUF];
    SilaId ids[3] = {q.s, q.p, q.o};
    for (int i = 0; i < 3 && st == SILA_OK; i++)
      st = sila_txn_term(c->txn, ids[i], &t[i], buf[i]);
    SilaBuf pub = SILA_BUF_INIT;
    if (st == SILA_OK && t[2].kind == SILA_TERM_IRI &&
        (q.p == c->url_preds[0] || q.p == c->url_preds[1] || q.p == c->url_preds[2])) {
      int k = ld_public_iri(c->base, c->public_base, t[2].value, t[2].value_len, &pub);
      if (k < 0)
        st = SILA_ERR_NOMEM;
      else if (k > 0)
        t[2] = sila_term_iri(pub.data);
    }
    if (st == SILA_OK) {
      st = sila_rdf_writer_quad(c->w, &t[0], &t[1], &t[2], NULL);
      if (st == SILA_ERR_INVALID) /* RDF/XML cannot write it: skip, as descriptions do */
        st = SILA_OK;
    }
    sila_buf_free(&pub);
    if (st == SILA_OK)
      st = queue_node(c, q.o);
    if (st != SILA_OK)
      break;
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  return st;
}

/* Writes s, then everything reachable from it not written yet. */
static SilaStatus write_closure(Ctx *c, SilaId s) {
  c->qn = 0;
  SilaStatus st = write_subject(c, s);
  for (size_t i = 0; st == SILA_OK && i < c->qn; i++)
    st = write_subject(c, c->queue[i]);
  return st;
}

static SilaStatus put(SilaRdfWriter *w, const char *s, const char *p, const SilaTerm *o) {
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p);
  return sila_rdf_writer_quad(w, &ts, &tp, o, NULL);
}

static SilaStatus put_iri(SilaRdfWriter *w, const char *s, const char *p, const char *o) {
  SilaTerm to = sila_term_iri(o);
  return put(w, s, p, &to);
}

static SilaStatus put_int(SilaRdfWriter *w, const char *s, const char *p, uint64_t n) {
  char num[24];
  snprintf(num, sizeof num, "%llu", (unsigned long long)n);
  SilaTerm to = sila_term_literal(num, SILA_NS_XSD "integer", NULL);
  return put(w, s, p, &to);
}

/* "{url}?page=N" (+ "&per_page=M") into a fresh string, or NULL. */
static char *page_iri(const char *url, uint64_t n, uint64_t per_page, bool link_per_page) {
  char *s = NULL;
  int r = link_per_page ? asprintf(&s, "%s?page=%llu&per_page=%llu", url, (unsigned long long)n,
                                   (unsigned long long)per_page)
                        : asprintf(&s, "%s?page=%llu", url, (unsigned long long)n);
  return r < 0 ? NULL : s;
}

/* The Hydra description of the page (see sila_ld.h). */
static SilaStatus write_paging(SilaRdfWriter *w, const char *cat_iri, const char *url,
                               const SilaLdCatalogInfo *in, uint64_t page, bool link_per_page) {
  static const char *const names[4][2] = {{"firstPage", "first"},
                                          {"lastPage", "last"},
                                          {"nextPage", "next"},
                                          {"previousPage", "previous"}};
  uint64_t targets[4] = {1, in->pages, page < in->pages ? page + 1 : 0, page > 1 ? page - 1 : 0};
  char *self = page_iri(url, page, in->per_page, link_per_page);
  if (!self)
    return SILA_ERR_NOMEM;
  SilaStatus st = put_iri(w, self, LD_RDF_TYPE, HYDRA "PagedCollection");
  if (st == SILA_OK)
    st = put_iri(w, self, LD_RDF_TYPE, HYDRA "PartialCollectionView");
  if (st == SILA_OK)
    st = put_int(w, self, HYDRA "totalItems", in->total);
  if (st == SILA_OK)
    st = put_int(w, self, HYDRA "itemsPerPage", in->per_page);
  for (int i = 0; i < 4 && st == SILA_OK; i++) {
    if (!targets[i])
      continue;
    char *t = page_iri(url, targets[i], in->per_page, link_per_page);
    if (!t) {
      st = SILA_ERR_NOMEM;
      break;
    }
    for (int k = 0; k < 2 && st == SILA_OK; k++) {
      char pred[64];
      snprintf(pred, sizeof pred, HYDRA "%s", names[i][k]);
      st = put_iri(w, self, pred, t);
    }
    free(t);
  }
  if (st == SILA_OK)
    st = put_iri(w, cat_iri, HYDRA "view", self);
  free(self);
  return st;
}

/* The default prefixes plus hydra (a fresh array, or NULL). */
static SilaPrefix *catalog_prefixes(void) {
  const SilaPrefix *d = sila_default_prefixes();
  size_t n = 0;
  while (d[n].prefix)
    n++;
  SilaPrefix *p = calloc(n + 2, sizeof *p);
  if (!p)
    return NULL;
  memcpy(p, d, n * sizeof *p);
  p[n].prefix = "hydra";
  p[n].iri = HYDRA;
  return p;
}

SilaStatus sila_ld_write_catalog(SilaTxn *txn, const char *base, const SilaLdCatalogOptions *opt,
                                 SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx,
                                 SilaLdCatalogInfo *info) {
  base = ld_base(base);
  SilaLdCatalogInfo in = {0, SILA_LD_CATALOG_PAGE_SIZE, 1, 0};
  uint64_t page = opt && opt->page ? opt->page : 1;
  if (opt && opt->per_page)
    in.per_page = opt->per_page > SILA_LD_CATALOG_PAGE_MAX ? SILA_LD_CATALOG_PAGE_MAX
                                                           : opt->per_page;
  bool link_pp = opt && opt->link_per_page;
  Ctx c = {.txn = txn};
  Entry *ents = NULL;
  size_t nents = 0, ecap = 0;
  char *cat_iri = NULL, *url = NULL;
  SilaPrefix *prefixes = NULL;
  SilaStatus st = SILA_OK;
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0) {
    cat_iri = NULL;
    st = SILA_ERR_NOMEM;
    goto done;
  }
  if (!(url = strdup(opt && opt->page_url ? opt->page_url : cat_iri))) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  c.cat = ld_iri_id(txn, cat_iri);
  c.p_dataset = ld_iri_id(txn, LD_DCAT "dataset");
  c.base = base;
  c.public_base = opt ? opt->public_base : NULL;
  c.url_preds[0] = ld_iri_id(txn, LD_DCAT "downloadURL");
  c.url_preds[1] = ld_iri_id(txn, LD_DCAT "accessURL");
  c.url_preds[2] = ld_iri_id(txn, LD_DCAT "endpointURL");

  /* The datasets, in IRI order (stable across pages of one generation). */
  if (c.cat != SILA_ID_ANY && c.p_dataset != SILA_ID_ANY) {
    SilaIdQuad pat = {c.cat, c.p_dataset, 0, c.cat}, q;
    SilaScan *sc = NULL;
    if ((st = sila_scan_open(txn, &pat, 0, &sc)) != SILA_OK)
      goto done;
    int r;
    while ((r = sila_scan_next(sc, &q)) == 1) {
      SilaTerm t;
      char tb[SILA_TERM_BUF];
      if ((st = sila_txn_term(txn, q.o, &t, tb)) != SILA_OK)
        break;
      if (nents == ecap) {
        size_t nc = ecap ? ecap * 2 : 64;
        Entry *ne = realloc(ents, nc * sizeof *ne);
        if (!ne) {
          st = SILA_ERR_NOMEM;
          break;
        }
        ents = ne;
        ecap = nc;
      }
      ents[nents].id = q.o;
      if (!(ents[nents].iri = strndup(t.value, t.value_len))) {
        st = SILA_ERR_NOMEM;
        break;
      }
      nents++;
    }
    if (r < 0 && st == SILA_OK)
      st = (SilaStatus)-r;
    sila_scan_free(sc);
    if (st != SILA_OK)
      goto done;
    qsort(ents, nents, sizeof *ents, by_iri);
  }
  in.total = nents;
  in.pages = nents ? (nents + in.per_page - 1) / in.per_page : 1;
  if (page > in.pages) {
    st = SILA_ERR_NOT_FOUND;
    goto done;
  }
  uint64_t first = (page - 1) * in.per_page;
  uint64_t last = first + in.per_page < nents ? first + in.per_page : nents;
  in.on_page = last - first;

  if (!(prefixes = catalog_prefixes()) ||
      !(c.w = sila_rdf_writer_new(fmt, write_fn, ctx, prefixes))) {
    st = fmt == SILA_RDF_UNKNOWN ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
    goto done;
  }
  if (c.cat == SILA_ID_ANY || !sila_txn_graph_exists(txn, c.cat)) {
    st = sila_rdf_writer_finish(c.w); /* no catalogue yet: an empty document */
    goto done;
  }
  for (size_t i = 0; i < nents && st == SILA_OK; i++)
    if (ld_idset_add(&c.seen, ents[i].id) < 0 ||
        (i >= first && i < last && ld_idset_add(&c.page, ents[i].id) < 0))
      st = SILA_ERR_NOMEM;
  if (st == SILA_OK && ld_idset_add(&c.seen, c.cat) < 0)
    st = SILA_ERR_NOMEM;
  if (st == SILA_OK)
    st = write_closure(&c, c.cat);
  if (st == SILA_OK)
    st = write_paging(c.w, cat_iri, url, &in, page, link_pp);
  for (uint64_t i = first; i < last && st == SILA_OK; i++)
    st = write_closure(&c, ents[i].id);
  if (st == SILA_OK)
    st = sila_rdf_writer_finish(c.w);
done:
  if (info)
    *info = in;
  sila_rdf_writer_free(c.w);
  ld_idset_free(&c.seen);
  ld_idset_free(&c.page);
  free(c.queue);
  for (size_t i = 0; i < nents; i++)
    free(ents[i].iri);
  free(ents);
  free(prefixes);
  free(cat_iri);
  free(url);
  return st;
}
