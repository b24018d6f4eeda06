/* ld_void.c — the VoID description of the store: one void:Dataset per
 * published graph {base}/set/{slug}, with statistics computed from the
 * store's sorted indexes (no set as large as a graph is ever built), class
 * and property partitions, and linksets to the national IRIs.
 *
 * Per graph g, three kinds of scans, each in an order that makes a
 * distinct count a count of runs:
 *   - GSPO (g bound): triples, distinct subjects, entities, per-property
 *     triples and distinct subjects (within a subject, predicates come
 *     sorted), links to national namespaces;
 *   - per property (g, p bound, SILA_SCAN_OBJECT_ORDER: objects come
 *     sorted): per-property distinct objects, and — merging those sorted
 *     streams — the distinct objects of the graph;
 *   - the same for rdf:type: classes and the entities of each class.
 * Since the store dropped its GPOS ordering (issue 21) the last two read a
 * property's quads of every graph and keep the graph's; for a property
 * mostly in other graphs, g's own pairs are collected and sorted instead
 * (pass 1b, VOID_SHARED_FACTOR), so the work stays near g's size. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

static const SilaPrefix void_prefixes[] = {
    {"void", LD_VOID},    {"dct", LD_DCT},      {"owl", "http://www.w3.org/2002/07/owl#"},
    {"xsd", SILA_NS_XSD}, {"rdf", SILA_NS_RDF}, {NULL, NULL},
};

/* National namespaces whose IRIs, as objects of a dataset's triples, make
 * a linkset (rdf:type objects are vocabulary, not links).  The name is
 * the last segment of the linkset IRI {dataset}/linkset/{name}. */
static const struct {
  const char *name, *ns;
} national[] = {
    {"italia", LD_ITALIA},                           /* OntoPiA controlled vocabularies, … */
    {"istat", "http://datiopen.istat.it/"},          /* ISTAT linked data */
    {"cultura", "http://dati.beniculturali.it/"},    /* Ministry of Culture (Cultural-ON) */
    {"ipa", "https://indicepa.gov.it/"},             /* the index of public administrations */
};
#define N_NATIONAL (sizeof national / sizeof national[0])

typedef struct {
  SilaId p;
  uint64_t triples, subjects, objects;
  bool here;          /* objects from g's own range, sorted in memory (pass 1b) */
  size_t first, count; /* then: its slice of GraphStats.pairs */
} PropStat;

/* A property of g, pass 1b: its objects. */
typedef struct {
  size_t prop;
  SilaId o;
} PropObj;

typedef struct {
  SilaId p;
  size_t target; /* index in national[] */
  uint64_t triples;
} LinkStat;

typedef struct {
  SilaId c;
  uint64_t entities;
} ClassStat;

typedef struct {
  uint64_t triples, subjects, objects, entities;
  PropStat *props;
  size_t nprops;
  ClassStat *classes;
  size_t nclasses, ccap;
  LinkStat *links;
  size_t nlinks;
  PropObj *pairs; /* sorted by property, then object */
  size_t npairs;
} GraphStats;

static void stats_free(GraphStats *gs) {
  free(gs->props);
  free(gs->pairs);
  free(gs->classes);
  free(gs->links);
  memset(gs, 0, sizeof *gs);
}

static PropStat *prop_of(GraphStats *gs, SilaId p, size_t *cache) {
  if (*cache < gs->nprops && gs->props[*cache].p == p)
    return &gs->props[*cache];
  for (size_t i = 0; i < gs->nprops; i++)
    if (gs->props[i].p == p) {
      *cache = i;
      return &gs->props[i];
    }
  PropStat *np = realloc(gs->props, (gs->nprops + 1) * sizeof *np);
  if (!np)
    return NULL;
  gs->props = np;
  np[gs->nprops] = (PropStat){p, 0, 0, 0, false, 0, 0};
  *cache = gs->nprops;
  return &np[gs->nprops++];
}

static SilaStatus add_link(GraphStats *gs, SilaId p, size_t target) {
  for (size_t i = 0; i < gs->nlinks; i++)
    if (gs->links[i].p == p && gs->links[i].target == target) {
      gs->links[i].triples++;
      return SILA_OK;
    }
  LinkStat *nl = realloc(gs->links, (gs->nlinks + 1) * sizeof *nl);
  if (!nl)
    return SILA_ERR_NOMEM;
  gs->links = nl;
  nl[gs->nlinks++] = (LinkStat){p, target, 1};
  return SILA_OK;
}

/* The national namespace an object IRI falls in, or -1. */
static int national_of(SilaTxn *txn, SilaId o) {
  if (sila_id_tag(o) != SILA_TAG_IRI)
    return -1;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (sila_txn_term(txn, o, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
    return -1;
  for (size_t i = 0; i < N_NATIONAL; i++) {
    size_t nl = strlen(national[i].ns);
    if (t.value_len > nl && !strncmp(t.value, national[i].ns, nl))
      return (int)i;
  }
  return -1;
}

static bool iri_under(SilaTxn *txn, SilaId id, const char *prefix, size_t pl) {
  if (sila_id_tag(id) != SILA_TAG_IRI)
    return false;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  return sila_txn_term(txn, id, &t, tb) == SILA_OK && t.kind == SILA_TERM_IRI &&
         t.value_len > pl && !strncmp(t.value, prefix, pl);
}

/* Pass 1: GSPO order over g. */
static SilaStatus scan_graph(SilaTxn *txn, SilaId g, const char *space, GraphStats *gs) {
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  size_t sl = strlen(space), cache = 0;
  SilaIdQuad pat = {0, 0, 0, g}, q;
  SilaScan *sc = NULL;
  SilaStatus st = sila_scan_open(txn, &pat, 0, &sc);
  if (st != SILA_OK)
    return st;
  SilaId last_s = SILA_ID_ANY, last_p = SILA_ID_ANY;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) {
    gs->triples++;
    bool new_s = q.s != last_s;
    if (new_s) {
      gs->subjects++;
      if (iri_under(txn, q.s, space, sl))
        gs->entities++;
      last_s = q.s;
    }
    PropStat *ps = prop_of(gs, q.p, &cache);
    if (!ps) {
      st = SILA_ERR_NOMEM;
      break;
    }
    ps->triples++;
    if (new_s || q.p != last_p)
      ps->subjects++;
    last_p = q.p;
    if (q.p != type_p) {
      int k = national_of(txn, q.o);
      if (k >= 0 && (st = add_link(gs, q.p, (size_t)k)) != SILA_OK)
        break;
    }
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  return st;
}

/* A property with more than this many times its quads of g in other graphs
 * has its objects read from g's own GSPO range and sorted in memory: POSG
 * in object order (pass 2) holds its quads of every graph (the store has
 * no GPOS ordering, issue 21), and a property every dataset uses (a label,
 * a type) would be read in full for each graph. */
#define VOID_SHARED_FACTOR 8

static int cmp_prop_obj(const void *a, const void *b) {
  const PropObj *x = a, *y = b;
  if (x->prop != y->prop)
    return x->prop < y->prop ? -1 : 1;
  return x->o < y->o ? -1 : x->o > y->o;
}

/* Pass 1b: marks the shared properties and collects their (property,
 * object) pairs of g, sorted. */
static SilaStatus collect_shared(SilaTxn *txn, SilaId g, GraphStats *gs) {
  size_t want = 0;
  for (size_t i = 0; i < gs->nprops; i++) {
    PropStat *ps = &gs->props[i];
    SilaIdQuad all = {0, ps->p, 0, 0};
    uint64_t total = sila_txn_count(txn, &all, UINT64_MAX);
    ps->here = total / VOID_SHARED_FACTOR > ps->triples;
    if (ps->here)
      want += ps->triples;
  }
  if (!want)
    return SILA_OK;
  gs->pairs = malloc(want * sizeof *gs->pairs);
  if (!gs->pairs)
    return SILA_ERR_NOMEM;
  SilaIdQuad pat = {0, 0, 0, g}, q;
  SilaScan *sc = NULL;
  SilaStatus st = sila_scan_open(txn, &pat, 0, &sc);
  if (st != SILA_OK)
    return st;
  size_t cache = 0;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1 && gs->npairs < want) {
    PropStat *ps = prop_of(gs, q.p, &cache);
    if (ps && ps->here)
      gs->pairs[gs->npairs++] = (PropObj){(size_t)(ps - gs->props), q.o};
  }
  if (r < 0)
    st = (SilaStatus)-r;
  sila_scan_free(sc);
  qsort(gs->pairs, gs->npairs, sizeof *gs->pairs, cmp_prop_obj);
  for (size_t k = 0; k < gs->npairs; k++) {
    PropStat *ps = &gs->props[gs->pairs[k].prop];
    if (!ps->count)
      ps->first = k;
    ps->count++;
  }
  return st;
}

/* Pass 2: one scan per property in object order, merged on the object (a binary heap
 * of the streams' current objects). */
typedef struct {
  SilaScan *sc;        /* POSG in object order, or NULL: */
  const PropObj *arr;  /* the property's pairs from pass 1b */
  size_t at, end;
  SilaId o;
  size_t prop;
} Stream;

/* The stream's next object: 1, 0 at its end, or a negative status. */
static int stream_next(Stream *s, SilaId *o) {
  if (!s->sc) {
    if (s->at >= s->end)
      return 0;
    *o = s->arr[s->at++].o;
    return 1;
  }
  SilaIdQuad q;
  int r = sila_scan_next(s->sc, &q);
  if (r == 1)
    *o = q.o;
  return r;
}

static void sift_down(Stream *h, size_t n, size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, m = i;
    if (l < n && h[l].o < h[m].o)
      m = l;
    if (l + 1 < n && h[l + 1].o < h[m].o)
      m = l + 1;
    if (m == i)
      return;
    Stream t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

static SilaStatus count_objects(SilaTxn *txn, SilaId g, GraphStats *gs) {
  Stream *h = calloc(gs->nprops ? gs->nprops : 1, sizeof *h);
  if (!h)
    return SILA_ERR_NOMEM;
  size_t n = 0;
  SilaStatus st = SILA_OK;
  for (size_t i = 0; i < gs->nprops && st == SILA_OK; i++) {
    SilaIdQuad pat = {0, gs->props[i].p, 0, g};
    h[n] = (Stream){0};
    if (gs->props[i].here) {
      h[n].arr = gs->pairs;
      h[n].at = gs->props[i].first;
      h[n].end = gs->props[i].first + gs->props[i].count;
    } else if ((st = sila_scan_open(txn, &pat, SILA_SCAN_OBJECT_ORDER, &h[n].sc)) != SILA_OK) {
      break;
    }
    SilaId o;
    int r = stream_next(&h[n], &o);
    if (r == 1) {
      h[n].o = o;
      h[n].prop = i;
      gs->props[i].objects = 1;
      n++;
    } else {
      sila_scan_free(h[n].sc);
      h[n].sc = NULL;
      if (r < 0)
        st = (SilaStatus)-r;
    }
  }
  for (size_t i = n / 2; i-- > 0;)
    sift_down(h, n, i);
  bool any = false;
  SilaId last = SILA_ID_ANY;
  while (st == SILA_OK && n) {
    if (!any || h[0].o != last) {
      gs->objects++;
      last = h[0].o;
      any = true;
    }
    SilaId o;
    int r = stream_next(&h[0], &o);
    if (r == 1) {
      if (o != h[0].o)
        gs->props[h[0].prop].objects++;
      h[0].o = o;
    } else {
      if (r < 0)
        st = (SilaStatus)-r;
      sila_scan_free(h[0].sc);
      h[0] = h[--n];
    }
    sift_down(h, n, 0);
  }
  for (size_t i = 0; i < n; i++)
    sila_scan_free(h[i].sc);
  free(h);
  return st;
}

/* Pass 3: rdf:type quads of g, sorted by class then subject. */
static SilaStatus count_classes(SilaTxn *txn, SilaId g, GraphStats *gs) {
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  if (type_p == SILA_ID_ANY)
    return SILA_OK;
  Stream in = {0};
  for (size_t i = 0; i < gs->nprops; i++)
    if (gs->props[i].p == type_p && gs->props[i].here) {
      in.arr = gs->pairs;
      in.at = gs->props[i].first;
      in.end = gs->props[i].first + gs->props[i].count;
    }
  SilaIdQuad pat = {0, type_p, 0, g}, q;
  SilaStatus st = SILA_OK;
  if (!in.arr && (st = sila_scan_open(txn, &pat, SILA_SCAN_OBJECT_ORDER, &in.sc)) != SILA_OK)
    return st;
  int r;
  while ((r = stream_next(&in, &q.o)) == 1) {
    if (!gs->nclasses || gs->classes[gs->nclasses - 1].c != q.o) {
      if (gs->nclasses == gs->ccap) {
        size_t nc = gs->ccap ? gs->ccap * 2 : 16;
        ClassStat *ncs = realloc(gs->classes, nc * sizeof *ncs);
        if (!ncs) {
          st = SILA_ERR_NOMEM;
          break;
        }
        gs->classes = ncs;
        gs->ccap = nc;
      }
      gs->classes[gs->nclasses++] = (ClassStat){q.o, 0};
    }
    gs->classes[gs->nclasses - 1].entities++; /* (s, type, c, g) is one quad per s */
  }
  if (r < 0 && st == SILA_OK)
    st = (SilaStatus)-r;
  sila_scan_free(in.sc);
  return st;
}

static SilaStatus graph_stats(SilaTxn *txn, SilaId g, const char *space, GraphStats *gs) {
  memset(gs, 0, sizeof *gs);
  SilaStatus st = scan_graph(txn, g, space, gs);
  if (st == SILA_OK)
    st = collect_shared(txn, g, gs);
  if (st == SILA_OK)
    st = count_objects(txn, g, gs);
  if (st == SILA_OK)
    st = count_classes(txn, g, gs);
  return st;
}

/* ---- writing ---------------------------------------------------------------- */

typedef struct {
  SilaRdfWriter *w;
  SilaTxn *txn;
  SilaStatus st;
  const char *only; /* write only the statements of this subject (NULL = all) */
  uint64_t written;
} Out;

static void put(Out *o, const SilaTerm *s, const char *p, const SilaTerm *obj) {
  if (o->st != SILA_OK)
    return;
  if (o->only && (s->kind != SILA_TERM_IRI || s->value_len != strlen(o->only) ||
                  strncmp(s->value, o->only, s->value_len)))
    return;
  o->written++;
  SilaTerm tp = sila_term_iri(p);
  o->st = sila_rdf_writer_quad(o->w, s, &tp, obj, NULL);
}

static void put_iri(Out *o, const char *s, const char *p, const char *obj) {
  SilaTerm ts = sila_term_iri(s), to = sila_term_iri(obj);
  put(o, &ts, p, &to);
}

static void put_lit(Out *o, const char *s, const char *p, const char *lex, const char *dt,
                    const char *lang) {
  SilaTerm ts = sila_term_iri(s), to = sila_term_literal(lex, dt, lang);
  put(o, &ts, p, &to);
}

static void put_int_t(Out *o, const SilaTerm *s, const char *p, uint64_t n) {
  char num[24];
  snprintf(num, sizeof num, "%llu", (unsigned long long)n);
  SilaTerm to = sila_term_literal(num, SILA_NS_XSD "integer", NULL);
  put(o, s, p, &to);
}

static void put_int(Out *o, const char *s, const char *p, uint64_t n) {
  SilaTerm ts = sila_term_iri(s);
  put_int_t(o, &ts, p, n);
}

/* (s, p, the term of id) */
static void put_id(Out *o, const SilaTerm *s, const char *p, SilaId id) {
  if (o->st != SILA_OK)
    return;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if ((o->st = sila_txn_term(o->txn, id, &t, tb)) == SILA_OK)
    put(o, s, p, &t);
}

/* True when g is a published dataset graph {base}/set/{slug}; fills gt. */
static bool dataset_graph(SilaTxn *txn, SilaId g, const char *set_prefix, size_t spl, SilaTerm *gt,
                          char *gb) {
  return g != SILA_ID_DEFAULT_GRAPH && sila_txn_term(txn, g, gt, gb) == SILA_OK &&
         gt->kind == SILA_TERM_IRI && gt->value_len > spl && !strncmp(gt->value, set_prefix, spl) &&
         !memchr(gt->value + spl, '/', gt->value_len - spl);
}

/* The linkset name for predicate p to target k: "italia" for owl:sameAs
 * (the identity links), else "italia-{local name of p}", made unique
 * within the dataset with "-2", "-3", … */
static char *linkset_name(SilaTxn *txn, SilaId p, size_t k, SilaBuf *used) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  SilaBuf b = SILA_BUF_INIT;
  int e = sila_buf_puts(&b, national[k].name);
  if (sila_txn_term(txn, p, &t, tb) == SILA_OK && !sila_iri_is(t.value, t.value_len, LD_OWL_SAMEAS)) {
    size_t i = t.value_len;
    while (i && t.value[i - 1] != '/' && t.value[i - 1] != '#')
      i--;
    e |= sila_buf_putc(&b, '-');
    for (; i < t.value_len; i++) {
      char c = t.value[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_';
      e |= sila_buf_putc(&b, ok ? c : '_');
    }
  }
  e |= sila_buf_putc(&b, '\0');
  size_t base_len = b.len - 1;
  for (int n = 2; !e; n++) {
    /* used: the names so far, each followed by '\n' */
    bool dup = false;
    for (size_t i = 0; i < used->len;) {
      const char *nl = memchr(used->data + i, '\n', used->len - i);
      size_t l = (size_t)(nl - (used->data + i));
      if (l == b.len - 1 && !memcmp(used->data + i, b.data, l))
        dup = true;
      i += l + 1;
    }
    if (!dup)
      break;
    b.len = base_len;
    e |= sila_buf_printf(&b, "-%d", n) | sila_buf_putc(&b, '\0');
  }
  e |= sila_buf_append(used, b.data, b.len - 1) | sila_buf_putc(used, '\n');
  if (e) {
    sila_buf_free(&b);
    return NULL;
  }
  return b.data;
}

static void write_dataset(Out *o, const char *base, const char *ds, const char *slug,
                          size_t ds_index, const GraphStats *gs, const char *sparql,
                          const char *space, SilaId g, SilaId cat) {
  char *dump = NULL;
  if (asprintf(&dump, "%s/dump/%s.nt.gz", base, slug) < 0) {
    o->st = SILA_ERR_NOMEM;
    return;
  }
  SilaTerm tds = sila_term_iri(ds);
  put_iri(o, ds, LD_RDF_TYPE, LD_VOID "Dataset");
  /* The title from the catalogue, Italian and English. */
  SilaId tp = ld_iri_id(o->txn, LD_DCT "title");
  if (cat && tp && o->st == SILA_OK) {
    SilaIdQuad pat = {g, tp, 0, cat}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(o->txn, &pat, 0, &sc) == SILA_OK) {
      while (o->st == SILA_OK && sila_scan_next(sc, &q) == 1)
        put_id(o, &tds, LD_DCT "title", q.o);
      sila_scan_free(sc);
    }
  }
  put_iri(o, ds, LD_VOID "sparqlEndpoint", sparql);
  put_iri(o, ds, LD_VOID "dataDump", dump);
  put_lit(o, ds, LD_VOID "uriSpace", space, NULL, NULL);
  /* the formats of its dumps (/dump/{slug}.nt[.gz], .ttl[.gz]) */
  put_iri(o, ds, LD_VOID "feature", "http://www.w3.org/ns/formats/N-Triples");
  put_iri(o, ds, LD_VOID "feature", "http://www.w3.org/ns/formats/Turtle");
  put_int(o, ds, LD_VOID "triples", gs->triples);
  put_int(o, ds, LD_VOID "entities", gs->entities);
  put_int(o, ds, LD_VOID "classes", gs->nclasses);
  put_int(o, ds, LD_VOID "properties", gs->nprops);
  put_int(o, ds, LD_VOID "distinctSubjects", gs->subjects);
  put_int(o, ds, LD_VOID "distinctObjects", gs->objects);
  free(dump);

  /* Partitions as blank nodes, labelled per dataset so that labels never
   * clash between datasets of one document.  The dataset's own statements
   * first, then each node's (Turtle groups consecutive subjects). */
  char label[64];
  size_t np = gs->nclasses + gs->nprops;
  for (size_t i = 0; i < np && o->st == SILA_OK; i++) {
    bool cls = i < gs->nclasses;
    snprintf(label, sizeof label, "d%zu%c%zu", ds_index, cls ? 'c' : 'p',
             cls ? i : i - gs->nclasses);
    SilaTerm b = sila_term_blank(label);
    put(o, &tds, cls ? LD_VOID "classPartition" : LD_VOID "propertyPartition", &b);
  }
  char **names = calloc(gs->nlinks ? gs->nlinks : 1, sizeof *names);
  SilaBuf used = SILA_BUF_INIT;
  if (!names)
    o->st = SILA_ERR_NOMEM;
  for (size_t i = 0; i < gs->nlinks && o->st == SILA_OK; i++) {
    char *name = linkset_name(o->txn, gs->links[i].p, gs->links[i].target, &used);
    if (!name || asprintf(&names[i], "%s/linkset/%s", ds, name) < 0) {
      names[i] = NULL;
      o->st = SILA_ERR_NOMEM;
    } else {
      put_iri(o, ds, LD_VOID "subset", names[i]);
    }
    free(name);
  }
  for (size_t i = 0; i < gs->nclasses && o->st == SILA_OK; i++) {
    snprintf(label, sizeof label, "d%zuc%zu", ds_index, i);
    SilaTerm b = sila_term_blank(label);
    put_id(o, &b, LD_VOID "class", gs->classes[i].c);
    put_int_t(o, &b, LD_VOID "entities", gs->classes[i].entities);
  }
  for (size_t i = 0; i < gs->nprops && o->st == SILA_OK; i++) {
    snprintf(label, sizeof label, "d%zup%zu", ds_index, i);
    SilaTerm b = sila_term_blank(label);
    put_id(o, &b, LD_VOID "property", gs->props[i].p);
    put_int_t(o, &b, LD_VOID "triples", gs->props[i].triples);
    put_int_t(o, &b, LD_VOID "distinctSubjects", gs->props[i].subjects);
    put_int_t(o, &b, LD_VOID "distinctObjects", gs->props[i].objects);
  }
  /* Linksets: one per (national namespace, link predicate). */
  for (size_t i = 0; i < gs->nlinks && o->st == SILA_OK; i++) {
    const LinkStat *l = &gs->links[i];
    const char *ls = names[i];
    SilaTerm tls = sila_term_iri(ls);
    put_iri(o, ls, LD_RDF_TYPE, LD_VOID "Linkset");
    put_iri(o, ls, LD_VOID "subjectsTarget", ds);
    put_iri(o, ls, LD_VOID "objectsTarget", national[l->target].ns);
    put_id(o, &tls, LD_VOID "linkPredicate", l->p);
    put_int(o, ls, LD_VOID "triples", l->triples);
  }
  for (size_t i = 0; names && i < gs->nlinks; i++)
    free(names[i]);
  free(names);
  sila_buf_free(&used);
}

SilaStatus sila_ld_write_void(SilaTxn *txn, const char *base, SilaRdfFormat fmt,
                              SilaWriteFn write_fn, void *ctx) {
  return ld_write_void_at(txn, base, NULL, fmt, write_fn, ctx);
}

SilaStatus ld_write_void_at(SilaTxn *txn, const char *base, const char *public_base,
                            SilaRdfFormat fmt, SilaWriteFn write_fn, void *ctx) {
  return ld_write_void_only(txn, base, public_base, NULL, fmt, write_fn, ctx, NULL);
}

SilaStatus ld_write_void_only(SilaTxn *txn, const char *base, const char *public_base,
                              const char *only, SilaRdfFormat fmt, SilaWriteFn write_fn,
                              void *ctx, uint64_t *written) {
  base = ld_base(base);
  const char *pub = public_base ? public_base : base; /* where the services answer */
  Out o = {sila_rdf_writer_new(fmt, write_fn, ctx, void_prefixes), txn, SILA_OK, only, 0};
  if (!o.w)
    return fmt == SILA_RDF_UNKNOWN ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
  char *root = NULL, *sparql = NULL, *set_prefix = NULL, *cat_iri = NULL, *space = NULL,
       *store_dump = NULL;
  SilaGraphIter *it = NULL;
  if (asprintf(&root, "%s/void", base) < 0 || asprintf(&sparql, "%s/sparql", pub) < 0 ||
      asprintf(&set_prefix, "%s/set/", base) < 0 || asprintf(&cat_iri, "%s/catalogo", base) < 0 ||
      asprintf(&space, "%s/id/", base) < 0 ||
      asprintf(&store_dump, "%s/dump/%s.nq.gz", pub, SILA_LD_DUMP_STORE) < 0) {
    o.st = SILA_ERR_NOMEM;
    goto done;
  }
  SilaStoreStats ss;
  if ((o.st = sila_txn_stats(txn, &ss)) != SILA_OK)
    goto done;
  put_iri(&o, root, LD_RDF_TYPE, LD_VOID "Dataset");
  put_lit(&o, root, LD_DCT "title", "Dati aperti della Regione Calabria", NULL, "it");
  put_lit(&o, root, LD_DCT "title", "Open data of the Calabria Region", NULL, "en");
  put_iri(&o, root, LD_VOID "sparqlEndpoint", sparql);
  put_iri(&o, root, LD_VOID "dataDump", store_dump);
  put_lit(&o, root, LD_VOID "uriSpace", space, NULL, NULL);
  put_iri(&o, root, LD_VOID "feature", "http://www.w3.org/ns/formats/N-Quads");
  put_iri(&o, root, LD_VOID "feature", "http://www.w3.org/ns/formats/TriG");
  put_int(&o, root, LD_VOID "triples", ss.quads);

  SilaId cat = ld_iri_id(txn, cat_iri);
  size_t spl = strlen(set_prefix);
  SilaId g;
  SilaTerm gt;
  char gb[SILA_TERM_BUF];
  /* First the list of subsets (so the root's statements stay together),
   * then each dataset. */
  if (o.st == SILA_OK && (o.st = sila_graphs_open(txn, &it)) != SILA_OK)
    goto done;
  while (o.st == SILA_OK && sila_graphs_next(it, &g) == 1) {
    if (!dataset_graph(txn, g, set_prefix, spl, &gt, gb))
      continue;
    char *ds = strndup(gt.value, gt.value_len);
    if (!ds) {
      o.st = SILA_ERR_NOMEM;
      break;
    }
    put_iri(&o, root, LD_VOID "subset", ds);
    free(ds);
  }
  sila_graphs_free(it);
  it = NULL;
  if (o.st == SILA_OK && (o.st = sila_graphs_open(txn, &it)) != SILA_OK)
    goto done;
  size_t index = 0;
  while (o.st == SILA_OK && sila_graphs_next(it, &g) == 1) {
    if (!dataset_graph(txn, g, set_prefix, spl, &gt, gb))
      continue;
    char *ds = strndup(gt.value, gt.value_len);
    if (!ds) {
      o.st = SILA_ERR_NOMEM;
      break;
    }
    GraphStats gs;
    if ((o.st = graph_stats(txn, g, space, &gs)) == SILA_OK)
      write_dataset(&o, pub, ds, ds + spl, index++, &gs, sparql, space, g, cat);
    stats_free(&gs);
    free(ds);
  }
  if (o.st == SILA_OK)
    o.st = sila_rdf_writer_finish(o.w);
done:
  sila_graphs_free(it);
  sila_rdf_writer_free(o.w);
  free(root);
  free(sparql);
  free(set_prefix);
  free(cat_iri);
  free(space);
  free(store_dump);
  if (written)
    *written = o.written;
  return o.st;
}
