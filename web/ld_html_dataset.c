/* ld_html_dataset.c — the page of a dataset (/set/{slug}): what it is (its
 * DCAT-AP_IT description), what it holds (a preview of its CSV, its
 * resources by type, a map of those with coordinates) and how to use it
 * (downloads, SPARQL, how to cite it, its IRIs).
 *
 * The store is read first into a DsView (dataset_gather), then written as
 * HTML (dataset_render): the Italian text never mixes with index scans. */
#define _GNU_SOURCE /* asprintf */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "sila_accounts.h"
#include "sila_prog.h"
#include "sila_utf8.h"

#define DS_PREVIEW_ROWS 100  /* CSV rows in the preview (paged by sila/table.js) */
#define DS_PREVIEW_COLS 40
#define DS_TYPES 12          /* resource types listed */
#define DS_PER_TYPE 60       /* resources listed per type (paged by sila/table.js) */
#define DS_TYPE_SCAN 200000  /* typed resources counted at most */
#define DS_POINTS 3000       /* map markers at most */
#define DS_STAR_SCAN 5000    /* quads looked at for links to other datasets */

typedef struct {
  SilaBuf label, path; /* a resource: its label and page */
} DsItem;

typedef struct {
  SilaId type;
  SilaBuf label, iri;
  uint64_t count;
  DsItem *items;
  size_t nitems;
} DsType;

typedef struct {
  double lat, lon;
  SilaBuf label, path;
} DsPoint;

typedef struct {
  char *slug, *iri;
  SilaBuf title, descr, publisher, licence, licence_iri, modified, issued, frequency, rows,
      csv_name, identifier;
  SilaBuf contact, contact_email; /* dcat:contactPoint: vcard:fn, vcard:hasEmail (mailto:) */
  SilaBuf themes;      /* HTML: theme names, comma separated */
  SilaBuf ontologies;  /* HTML: links to the ontologies */
  SilaBuf keywords;    /* text */
  char office[256];    /* the office of the publishing area that owns it ("" none) */
  uint64_t triples, csv_bytes;
  int stars;
  /* the CSV preview */
  const char *csv;     /* bytes in the store (valid with the transaction) */
  size_t csv_len;
  json_t *meta;        /* its CSVW metadata, or NULL */
  DsType types[DS_TYPES];
  size_t ntypes;
  DsPoint *points;
  size_t npoints;
  SilaBuf csv_utf8;    /* the CSV transcoded, when it is not UTF-8 (csv points here) */
  LdExample *examples; /* generated from the dataset's classes and properties */
  size_t nexamples;
} DsView;

static void ds_view_free(DsView *v) {
  SilaBuf *bufs[] = {&v->title,    &v->descr,      &v->publisher, &v->licence,   &v->licence_iri,
                     &v->modified, &v->issued,     &v->frequency, &v->rows,      &v->csv_name,
                     &v->identifier, &v->themes,   &v->ontologies, &v->keywords,
                     &v->contact,  &v->contact_email};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
    sila_buf_free(bufs[i]);
  for (size_t t = 0; t < v->ntypes; t++) {
    for (size_t i = 0; i < v->types[t].nitems; i++) {
      sila_buf_free(&v->types[t].items[i].label);
      sila_buf_free(&v->types[t].items[i].path);
    }
    free(v->types[t].items);
    sila_buf_free(&v->types[t].label);
    sila_buf_free(&v->types[t].iri);
  }
  for (size_t i = 0; i < v->npoints; i++) {
    sila_buf_free(&v->points[i].label);
    sila_buf_free(&v->points[i].path);
  }
  free(v->points);
  ld_examples_free(v->examples, v->nexamples);
  sila_buf_free(&v->csv_utf8);
  json_decref(v->meta);
  free(v->slug);
  free(v->iri);
}

/* ---- Reading the store ---------------------------------------------------- */

/* The first object of (s, p) in g as a term; false when none. */
static bool first_object(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaId *o_id,
                         SilaTerm *o, char *buf) {
  SilaId p = ld_iri_id(txn, pred);
  if (p == SILA_ID_ANY)
    return false;
  SilaIdQuad pat = {s, p, 0, g}, q;
  SilaScan *sc = NULL;
  bool found = false;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return false;
  if (sila_scan_next(sc, &q) == 1 && sila_txn_term(txn, q.o, o, buf) == SILA_OK) {
    *o_id = q.o;
    found = true;
  }
  sila_scan_free(sc);
  return found;
}

/* The label of an IRI object of (s, pred) into dst (text), its IRI into iri. */
static int object_label(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaBuf *dst,
                        SilaBuf *iri) {
  SilaId o;
  SilaTerm t, l;
  char tb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
  if (!first_object(txn, s, pred, g, &o, &t, tb))
    return 0;
  int e = 0;
  if (iri && t.kind == SILA_TERM_IRI)
    e |= sila_buf_append(iri, t.value, t.value_len);
  if (t.kind == SILA_TERM_LITERAL)
    return e | sila_buf_append(dst, t.value, t.value_len);
  if (ld_best_label(txn, o, &l, lb))
    return e | sila_buf_append(dst, l.value, l.value_len);
  SilaTerm any; /* a foaf:name in any graph (the catalogue's agents) */
  char ab[SILA_TERM_BUF];
  SilaId aid;
  if (first_object(txn, o, LD_FOAF "name", SILA_ID_ANY, &aid, &any, ab) &&
      any.kind == SILA_TERM_LITERAL)
    e |= sila_buf_append(dst, any.value, any.value_len);
  else
    e |= sila_buf_append(dst, t.value, t.value_len);
  return e;
}

static int literal_into(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaBuf *dst) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (!ld_best_literal(txn, s, pred, g, &t, tb))
    return 0;
  return sila_buf_append(dst, t.value, t.value_len);
}

static int frequency_words(SilaTxn *txn, SilaId d, SilaId c, SilaBuf *dst) {
  SilaId o;
  SilaTerm t, l;
  char tb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
  if (!first_object(txn, d, LD_DCT "accrualPeriodicity", c, &o, &t, tb) ||
      t.kind != SILA_TERM_IRI)
    return 0;
  if (ld_best_label(txn, o, &l, lb)) /* the EU vocabulary's label, when loaded */
    return sila_buf_append(dst, l.value, l.value_len);
  const char *code = memrchr(t.value, '/', t.value_len);
  code = code ? code + 1 : t.value;
  size_t n = t.value_len - (size_t)(code - t.value);
  const char *word = sila_frequency_it(code, n); /* a store without the labels */
  return word ? sila_buf_puts(dst, word) : sila_buf_append(dst, code, n);
}

/* A coordinate literal as a number (decimal point). */
static bool coord(SilaTxn *txn, SilaId id, double *v) {
  SilaTerm t;
  char tb[SILA_TERM_BUF], num[40];
  if (sila_txn_term(txn, id, &t, tb) != SILA_OK || t.kind != SILA_TERM_LITERAL ||
      t.value_len == 0 || t.value_len >= sizeof num)
    return false;
  memcpy(num, t.value, t.value_len);
  num[t.value_len] = 0;
  char *end;
  *v = strtod(num, &end);
  return *end == 0;
}

static int gather_points(SilaTxn *txn, const char *base, SilaId d, DsView *v) {
  static const char *const lats[][2] = {{LD_CLV "lat", LD_CLV "long"},
                                        {LD_GEO "lat", LD_GEO "long"}};
  int e = 0;
  for (size_t k = 0; k < 2 && !e; k++) {
    SilaId lat_p = ld_iri_id(txn, lats[k][0]), lon_p = ld_iri_id(txn, lats[k][1]);
    if (lat_p == SILA_ID_ANY || lon_p == SILA_ID_ANY)
      continue;
    SilaIdQuad pat = {0, lat_p, 0, d}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
      continue;
    while (!e && v->npoints < DS_POINTS && sila_scan_next(sc, &q) == 1) {
      SilaIdQuad lp = {q.s, lon_p, 0, d}, lq;
      SilaScan *ls = NULL;
      double lat, lon;
      bool ok = false;
      if (!coord(txn, q.o, &lat) || sila_scan_open(txn, &lp, 0, &ls) != SILA_OK)
        continue;
      if (sila_scan_next(ls, &lq) == 1)
        ok = coord(txn, lq.o, &lon);
      sila_scan_free(ls);
      if (!ok || lat < -90 || lat > 90 || lon < -180 || lon > 180)
        continue;
      /* the point's resource: the subject, or what has it as clv:hasGeometry */
      SilaId res = q.s;
      SilaId geom_p = ld_iri_id(txn, LD_CLV "hasGeometry");
      if (geom_p != SILA_ID_ANY) {
        SilaIdQuad gp = {0, geom_p, q.s, d}, gq;
        SilaScan *gs = NULL;
        if (sila_scan_open(txn, &gp, 0, &gs) == SILA_OK) {
          if (sila_scan_next(gs, &gq) == 1)
            res = gq.s;
          sila_scan_free(gs);
        }
      }
      SilaTerm rt;
      char rb[SILA_TERM_BUF];
      if (sila_txn_term(txn, res, &rt, rb) != SILA_OK || rt.kind != SILA_TERM_IRI)
        continue;
      DsPoint *np = realloc(v->points, (v->npoints + 1) * sizeof *np);
      if (!np) {
        e = -1;
        break;
      }
      v->points = np;
      DsPoint *p = &v->points[v->npoints++];
      *p = (DsPoint){lat, lon, SILA_BUF_INIT, SILA_BUF_INIT};
      if (sila_ld_doc_path(base, rt.value, rt.value_len, &p->path) < 0)
        e = -1;
      e |= ld_title(txn, base, res, rt.value, rt.value_len, &p->label);
    }
    sila_scan_free(sc);
  }
  return e;
}

static int type_cmp(const void *a, const void *b) {
  const DsType *x = a, *y = b;
  return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static int gather_types(SilaTxn *txn, const char *base, SilaId d, DsView *v) {
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  if (type_p == SILA_ID_ANY)
    return 0;
  /* count per type (the index keeps a type's subjects together) */
  DsType all[64];
  size_t nall = 0;
  SilaIdQuad pat = {0, type_p, 0, d}, q;
  SilaScan *sc = NULL;
  uint64_t seen = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (seen++ < DS_TYPE_SCAN && sila_scan_next(sc, &q) == 1) {
    size_t i = 0;
    while (i < nall && all[i].type != q.o)
      i++;
    if (i == nall) {
      if (nall == 64)
        continue;
      memset(&all[nall++], 0, sizeof all[0]);
      all[i].type = q.o;
    }
    all[i].count++;
  }
  sila_scan_free(sc);
  qsort(all, nall, sizeof all[0], type_cmp);
  int e = 0;
  for (size_t i = 0; i < nall && v->ntypes < DS_TYPES && !e; i++) {
    DsType *t = &v->types[v->ntypes++];
    *t = all[i];
    SilaTerm tt, l;
    char tb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
    if (sila_txn_term(txn, t->type, &tt, tb) == SILA_OK)
      e |= sila_buf_append(&t->iri, tt.value, tt.value_len);
    if (ld_best_label(txn, t->type, &l, lb))
      e |= sila_buf_append(&t->label, l.value, l.value_len);
    else
      e |= ld_compact(&t->label, tt.value, tt.value_len);
    SilaIdQuad tp = {0, type_p, t->type, d}, tq;
    SilaScan *ts = NULL;
    if (sila_scan_open(txn, &tp, 0, &ts) != SILA_OK)
      continue;
    t->items = calloc(DS_PER_TYPE, sizeof *t->items);
    if (!t->items)
      e = -1;
    while (!e && t->nitems < DS_PER_TYPE && sila_scan_next(ts, &tq) == 1) {
      SilaTerm st;
      char sb[SILA_TERM_BUF];
      if (sila_txn_term(txn, tq.s, &st, sb) != SILA_OK || st.kind != SILA_TERM_IRI)
        continue;
      DsItem *it = &t->items[t->nitems++];
      if (sila_ld_doc_path(base, st.value, st.value_len, &it->path) < 0)
        e = -1;
      e |= ld_title(txn, base, tq.s, st.value, st.value_len, &it->label);
    }
    sila_scan_free(ts);
  }
  return e;
}

/* Open-data stars: 3 for an open format (the CSV), 4 for RDF with IRIs
 * (the graph), 5 when it links to the data of others: an owl:sameAs, or a
 * value from the national controlled vocabularies (the first quads only). */
static int stars_of(SilaTxn *txn, SilaId d, bool has_csv, uint64_t triples) {
  static const char vocab[] = LD_ITALIA "controlled-vocabulary/";
  int stars = has_csv ? 3 : 0;
  if (triples == 0)
    return stars;
  stars = 4;
  SilaIdQuad pat = {0, 0, 0, d}, q;
  SilaScan *sc = NULL;
  size_t n = 0;
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE), same_p = ld_iri_id(txn, LD_OWL_SAMEAS);
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return stars;
  while (n++ < DS_STAR_SCAN && sila_scan_next(sc, &q) == 1) {
    SilaTerm o;
    char ob[SILA_TERM_BUF];
    if (q.p == type_p || sila_txn_term(txn, q.o, &o, ob) != SILA_OK || o.kind != SILA_TERM_IRI)
      continue;
    if ((same_p != SILA_ID_ANY && q.p == same_p) ||
        (o.value_len > sizeof vocab - 1 && !strncmp(o.value, vocab, sizeof vocab - 1))) {
      stars = 5;
      break;
    }
  }
  sila_scan_free(sc);
  return stars;
}

static int gather_ontologies(SilaTxn *txn, const char *base, SilaId d, SilaId c, DsView *v) {
  SilaId p = ld_iri_id(txn, LD_DCT "conformsTo");
  if (p == SILA_ID_ANY)
    return 0;
  SilaIdQuad pat = {d, p, 0, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm id, st;
    char ib[SILA_TERM_BUF], sb[SILA_TERM_BUF];
    SilaId oid;
    if (v->ontologies.len)
      e |= sila_buf_puts(&v->ontologies, ", ");
    /* a dcatapit:Standard naming the ontology in dct:identifier */
    if (first_object(txn, q.o, LD_DCT "identifier", c, &oid, &id, ib) &&
        ld_linkable(id.value, id.value_len)) {
      const char *name = memrchr(id.value, '/', id.value_len);
      name = name && name + 1 < id.value + id.value_len ? name + 1 : id.value;
      e |= ld_link_iri(&v->ontologies, base, id.value, id.value_len, name,
                       id.value_len - (size_t)(name - id.value));
    } else if (sila_txn_term(txn, q.o, &st, sb) == SILA_OK) {
      e |= ld_term_html(&v->ontologies, txn, base, q.o, &st);
    }
  }
  sila_scan_free(sc);
  return e;
}

static int gather_themes(SilaTxn *txn, SilaId d, SilaId c, DsView *v) {
  SilaId p = ld_iri_id(txn, LD_DCAT "theme");
  if (p == SILA_ID_ANY)
    return 0;
  SilaIdQuad pat = {d, p, 0, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
      continue;
    if (v->themes.len)
      e |= sila_buf_puts(&v->themes, ", ");
    e |= ld_theme_name(&v->themes, t.value, t.value_len);
  }
  sila_scan_free(sc);
  return e;
}

/* The CSV distribution's file: the downloadURL under {base}/files/. */
static int gather_csv(SilaTxn *txn, const char *base, SilaId d, SilaId c, DsView *v) {
  SilaId dist_p = ld_iri_id(txn, LD_DCAT "distribution");
  SilaId dl_p = ld_iri_id(txn, LD_DCAT "downloadURL");
  if (dist_p == SILA_ID_ANY || dl_p == SILA_ID_ANY)
    return 0;
  char *prefix = NULL;
  if (asprintf(&prefix, "%s/files/", base) < 0)
    return -1;
  size_t pl = strlen(prefix);
  SilaIdQuad pat = {d, dist_p, 0, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
    while (!v->csv_name.len && sila_scan_next(sc, &q) == 1) {
      SilaIdQuad dp = {q.o, dl_p, 0, c}, dq;
      SilaScan *ds = NULL;
      if (sila_scan_open(txn, &dp, 0, &ds) != SILA_OK)
        continue;
      while (sila_scan_next(ds, &dq) == 1) {
        SilaTerm u;
        char ub[SILA_TERM_BUF];
        if (sila_txn_term(txn, dq.o, &u, ub) == SILA_OK && u.kind == SILA_TERM_IRI &&
            u.value_len > pl && !strncmp(u.value, prefix, pl)) {
          e |= sila_buf_append(&v->csv_name, u.value + pl, u.value_len - pl);
          break;
        }
      }
      sila_scan_free(ds);
    }
    sila_scan_free(sc);
  }
  free(prefix);
  if (e || !v->csv_name.len)
    return e;
  SilaBuf name = SILA_BUF_INIT;
  e |= sila_buf_append(&name, v->csv_name.data, v->csv_name.len);
  e |= sila_buf_putc(&name, '\0');
  const void *data;
  size_t len;
  if (!e && sila_txn_get_file(txn, name.data, &data, &len) == SILA_OK) {
    v->csv = data;
    v->csv_len = len;
    v->csv_bytes = len;
    if (!sila_utf8_valid(data, len)) { /* as /files/ serves it: Windows-1252 read as UTF-8 */
      e |= sila_utf8_from_cp1252(data, len, &v->csv_utf8);
      v->csv = v->csv_utf8.data;
      v->csv_len = v->csv_utf8.len;
    }
    name.len--;
    e |= sila_buf_puts(&name, "-metadata.json") | sila_buf_putc(&name, '\0');
    if (!e && sila_txn_get_file(txn, name.data, &data, &len) == SILA_OK)
      v->meta = json_loadb(data, len, 0, NULL);
  }
  sila_buf_free(&name);
  return e;
}

/* Returns SILA_ERR_NOT_FOUND when the store knows nothing of the dataset. */
/* Who answers for the data (dcat:contactPoint): its name and e-mail, so a
 * reader knows whom to ask about a dataset. */
static int gather_contact(SilaTxn *txn, SilaId d, SilaId c, DsView *v) {
  SilaId cp, o;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (!first_object(txn, d, LD_DCAT "contactPoint", c, &cp, &t, tb) || t.kind == SILA_TERM_LITERAL)
    return 0;
  int e = literal_into(txn, cp, "http://www.w3.org/2006/vcard/ns#fn", c, &v->contact);
  if (first_object(txn, cp, "http://www.w3.org/2006/vcard/ns#hasEmail", c, &o, &t, tb) &&
      t.kind == SILA_TERM_IRI && t.value_len > 7 && !strncmp(t.value, "mailto:", 7))
    e |= sila_buf_append(&v->contact_email, t.value + 7, t.value_len - 7);
  return e;
}

static SilaStatus dataset_gather(SilaTxn *txn, const char *base, const char *slug, DsView *v) {
  char *cat_iri = NULL;
  if (!(v->slug = strdup(slug)) || asprintf(&v->iri, "%s/set/%s", base, slug) < 0) {
    v->iri = NULL;
    return SILA_ERR_NOMEM;
  }
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0)
    return SILA_ERR_NOMEM;
  SilaId d = ld_iri_id(txn, v->iri), c = ld_iri_id(txn, cat_iri);
  free(cat_iri);
  SilaOffice owner;
  if (sila_dataset_owner_txn(txn, slug, &owner) == SILA_OK)
    snprintf(v->office, sizeof v->office, "%s", owner.name[0] ? owner.name : owner.id);
  SilaIdQuad in_cat = {d, 0, 0, c}, in_graph = {0, 0, 0, d};
  v->triples = d ? sila_txn_count(txn, &in_graph, UINT64_MAX) : 0;
  bool described = d && c && sila_txn_count(txn, &in_cat, 1) > 0;
  if (!described && v->triples == 0)
    return SILA_ERR_NOT_FOUND;
  int e = 0;
  if (ld_dataset_examples(txn, v->iri, &v->examples, &v->nexamples) != SILA_OK)
    e = -1;
  if (described) {
    e |= literal_into(txn, d, LD_DCT "title", c, &v->title);
    e |= literal_into(txn, d, LD_DCT "description", c, &v->descr);
    e |= literal_into(txn, d, LD_DCT "identifier", c, &v->identifier);
    e |= object_label(txn, d, LD_DCT "publisher", c, &v->publisher, NULL);
    e |= gather_contact(txn, d, c, v);
    e |= object_label(txn, d, LD_DCT "license", c, &v->licence, &v->licence_iri);
    SilaId dist_p = ld_iri_id(txn, LD_DCAT "distribution");
    if (!v->licence.len && dist_p != SILA_ID_ANY) { /* DCAT-AP_IT: on the distributions */
      SilaIdQuad dp = {d, dist_p, 0, c}, dq;
      SilaScan *dsc = NULL;
      if (sila_scan_open(txn, &dp, 0, &dsc) == SILA_OK) {
        while (!e && !v->licence.len && sila_scan_next(dsc, &dq) == 1)
          e |= object_label(txn, dq.o, LD_DCT "license", c, &v->licence, &v->licence_iri);
        sila_scan_free(dsc);
      }
    }
    e |= literal_into(txn, d, LD_DCT "modified", c, &v->modified);
    e |= literal_into(txn, d, LD_DCT "issued", c, &v->issued);
    e |= literal_into(txn, d, "https://dati.calabria.it/onto/numeroRighe", c, &v->rows);
    e |= frequency_words(txn, d, c, &v->frequency);
    e |= gather_themes(txn, d, c, v);
    e |= gather_ontologies(txn, base, d, c, v);
    e |= gather_csv(txn, base, d, c, v);
    SilaId kw = ld_iri_id(txn, LD_DCAT "keyword");
    SilaIdQuad kp = {d, kw, 0, c}, kq;
    SilaScan *ks = NULL;
    if (kw != SILA_ID_ANY && sila_scan_open(txn, &kp, 0, &ks) == SILA_OK) {
      while (sila_scan_next(ks, &kq) == 1) {
        SilaTerm t;
        char tb[SILA_TERM_BUF];
        if (sila_txn_term(txn, kq.o, &t, tb) != SILA_OK)
          continue;
        if (v->keywords.len)
          e |= sila_buf_puts(&v->keywords, ", ");
        e |= sila_buf_append(&v->keywords, t.value, t.value_len);
      }
      sila_scan_free(ks);
    }
  } else if (d) {
    /* a graph loaded with `sila load --graph` (no catalogue entry): the
     * title and description its own data give it, if any */
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (ld_best_label(txn, d, &t, tb))
      e |= sila_buf_append(&v->title, t.value, t.value_len);
    e |= literal_into(txn, d, LD_DCT "description", SILA_ID_ANY, &v->descr);
  }
  if (d) {
    e |= gather_types(txn, base, d, v);
    e |= gather_points(txn, base, d, v);
    v->stars = stars_of(txn, d, v->csv != NULL, v->triples);
  }
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- Writing the page ----------------------------------------------------- */

/* One CSV record from *pos: fields into `fields` (unquoted, NUL-separated
 * in `cells`), returns how many, 0 at the end. RFC 4180 quoting. */
static size_t csv_record(const char *s, size_t len, size_t *pos, char delim, SilaBuf *cells,
                         size_t *starts, size_t max, int *e) {
  size_t i = *pos, n = 0;
  cells->len = 0;
  if (i >= len)
    return 0;
  for (;;) {
    if (n < max)
      starts[n] = cells->len;
    bool quoted = i < len && s[i] == '"';
    if (quoted)
      i++;
    while (i < len) {
      char ch = s[i];
      if (quoted && ch == '"') {
        if (i + 1 < len && s[i + 1] == '"') {
          *e |= sila_buf_putc(cells, '"');
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (!quoted && (ch == delim || ch == '\n' || ch == '\r'))
        break;
      *e |= sila_buf_putc(cells, ch);
      i++;
    }
    *e |= sila_buf_putc(cells, '\0');
    n++;
    if (i < len && s[i] == delim) {
      i++;
      continue;
    }
    if (i < len && s[i] == '\r')
      i++;
    if (i < len && s[i] == '\n')
      i++;
    break;
  }
  *pos = i;
  return n;
}

/* A column's datatype as words and as a sort kind for sila/table.js. */
static void datatype_words(const char *dt, const char **words, const char **kind) {
  *words = "testo";
  *kind = "text";
  if (!dt)
    return;
  static const char *const map[][3] = {
      {"integer", "numero intero", "num"}, {"int", "numero intero", "num"},
      {"decimal", "numero", "num"},        {"double", "numero", "num"},
      {"number", "numero", "num"},         {"float", "numero", "num"},
      {"date", "data", "text"},            {"dateTime", "data e ora", "text"},
      {"boolean", "sì/no", "text"},        {"anyURI", "indirizzo web", "text"},
      {"gYear", "anno", "num"},           {"nonNegativeInteger", "numero intero", "num"},
      {"positiveInteger", "numero intero", "num"}, {"long", "numero intero", "num"},
      {"short", "numero intero", "num"},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(dt, map[i][0])) {
      *words = map[i][1];
      *kind = map[i][2];
    }
}

static int render_preview(SilaBuf *out, const DsView *v) {
  char delim = ',';
  json_t *cols = NULL;
  if (v->meta) {
    const char *d = json_string_value(json_object_get(json_object_get(v->meta, "dialect"),
                                                      "delimiter"));
    if (d && strlen(d) == 1)
      delim = d[0];
    cols = json_object_get(json_object_get(v->meta, "tableSchema"), "columns");
  }
  SilaBuf cells = SILA_BUF_INIT;
  size_t starts[DS_PREVIEW_COLS], pos = 0;
  int e = 0;
  size_t ncols = csv_record(v->csv, v->csv_len, &pos, delim, &cells, starts, DS_PREVIEW_COLS, &e);
  if (ncols > DS_PREVIEW_COLS)
    ncols = DS_PREVIEW_COLS;
  e |= sila_buf_puts(out, "<h3 class=\"h4\" id=\"anteprima\">Anteprima dei dati</h3>\n"
                          "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                          "aria-labelledby=\"anteprima\"><table class=\"table table-sm "
                          "table-striped sila-table\" id=\"tabella-anteprima\" "
                          "data-per-page=\"10\">\n<caption>");
  e |= sila_buf_puts(out, "Le prime righe del file CSV");
  e |= sila_buf_puts(out, "</caption>\n<thead><tr>");
  for (size_t i = 0; i < ncols; i++) {
    const char *title = cells.data + starts[i], *dt = NULL;
    json_t *col = json_array_get(cols, i);
    json_t *t = json_object_get(col, "titles");
    if (json_is_object(t)) { /* a language map: Italian, else the first */
      json_t *it = json_object_get(t, "it");
      t = it ? it : json_object_iter_value(json_object_iter(t));
    }
    if (json_is_array(t))
      t = json_array_get(t, 0);
    if (json_is_string(t))
      title = json_string_value(t);
    json_t *dtj = json_object_get(col, "datatype");
    if (json_is_object(dtj))
      dtj = json_object_get(dtj, "base");
    dt = json_string_value(dtj);
    const char *words, *kind;
    datatype_words(dt, &words, &kind);
    e |= sila_buf_printf(out, "<th scope=\"col\" data-kind=\"%s\">", kind);
    e |= ld_escs(out, title);
    e |= sila_buf_printf(out, " <small class=\"fw-normal\">(%s)</small></th>", words);
  }
  e |= sila_buf_puts(out, "</tr></thead>\n<tbody>\n");
  size_t rows = 0, starts2[DS_PREVIEW_COLS];
  while (!e && rows < DS_PREVIEW_ROWS) {
    size_t n = csv_record(v->csv, v->csv_len, &pos, delim, &cells, starts2, DS_PREVIEW_COLS, &e);
    if (n == 0)
      break;
    if (n == 1 && cells.data[0] == '\0')
      continue; /* a blank line */
    e |= sila_buf_puts(out, "<tr>");
    for (size_t i = 0; i < ncols; i++) {
      e |= sila_buf_puts(out, "<td>");
      if (i < n && i < DS_PREVIEW_COLS)
        e |= ld_escs(out, cells.data + starts2[i]);
      e |= sila_buf_puts(out, "</td>");
    }
    e |= sila_buf_puts(out, "</tr>\n");
    rows++;
  }
  e |= sila_buf_puts(out, "</tbody>\n</table></div>\n");
  uint64_t total = v->rows.len ? strtoull(v->rows.data, NULL, 10) : 0;
  e |= sila_buf_puts(out, "<p class=\"small\" id=\"anteprima-nota\">");
  if (total > rows) {
    e |= sila_buf_printf(out, "Le prime %zu righe di ", rows);
    e |= ld_count_it(out, total);
    e |= sila_buf_puts(out, ": il file intero si scarica qui sotto.</p>\n");
  } else {
    e |= sila_buf_printf(out, "Tutte le %zu righe del file.</p>\n", rows);
  }
  sila_buf_free(&cells);
  return e;
}

static int render_types(SilaBuf *out, const DsView *v) {
  int e = sila_buf_puts(out, "<h3 class=\"h4\" id=\"risorse\">Le risorse per tipo</h3>\n");
  for (size_t t = 0; t < v->ntypes; t++) {
    const DsType *ty = &v->types[t];
    e |= sila_buf_puts(out, "<h4 class=\"h5\">");
    e |= ld_esc(out, ty->label.data, ty->label.len);
    e |= sila_buf_puts(out, " <small class=\"fw-normal\">(");
    e |= ld_count_it(out, ty->count);
    e |= sila_buf_printf(out, "%s)</small></h4>\n", ty->count == 1 ? " risorsa" : " risorse");
    e |= sila_buf_printf(out, "<ul class=\"sila-list\" data-per-page=\"10\" id=\"tipo-%zu\">\n",
                         t + 1);
    for (size_t i = 0; i < ty->nitems; i++) {
      e |= sila_buf_puts(out, "<li>");
      if (ty->items[i].path.len) {
        e |= sila_buf_puts(out, "<a href=\"");
        e |= ld_esc(out, ty->items[i].path.data, ty->items[i].path.len);
        e |= sila_buf_puts(out, "\">");
      }
      e |= ld_esc(out, ty->items[i].label.data, ty->items[i].label.len);
      if (ty->items[i].path.len)
        e |= sila_buf_puts(out, "</a>");
      e |= sila_buf_puts(out, "</li>\n");
    }
    e |= sila_buf_puts(out, "</ul>\n");
    if (ty->count > ty->nitems) {
      char *q = NULL;
      if (asprintf(&q,
                   "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                   "SELECT ?risorsa ?etichetta\nWHERE { GRAPH <%s> { ?risorsa a <%.*s> }\n"
                   "  OPTIONAL { ?risorsa rdfs:label ?etichetta } }\nLIMIT 1000",
                   v->iri, (int)ty->iri.len, ty->iri.data) < 0)
        return -1;
      e |= sila_buf_puts(out, "<p><a href=\"/query?query=");
      e |= ld_url_encode(out, q);
      e |= sila_buf_puts(out, "\">Tutte le ");
      e |= ld_count_it(out, ty->count);
      e |= sila_buf_puts(out, " risorse di questo tipo nell'editor delle query</a></p>\n");
      free(q);
    }
  }
  return e;
}

static int render_map(SilaBuf *out, const DsView *v) {
  int e = sila_buf_puts(out, "<h3 class=\"h4\" id=\"mappa-titolo\">Sulla mappa</h3>\n");
  e |= sila_buf_printf(out, "<p>%zu risorse con coordinate.</p>\n", v->npoints);
  if (!(ld_html_assets() & LD_ASSET_LEAFLET))
    return e;
  bool cluster = ld_html_assets() & LD_ASSET_CLUSTER;
  e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">\n");
  if (cluster)
    e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/markercluster/"
                            "MarkerCluster.css\">\n<link rel=\"stylesheet\" "
                            "href=\"/static/markercluster/MarkerCluster.Default.css\">\n");
  e |= sila_buf_puts(out, "<div id=\"mappa\" class=\"mappa\" role=\"region\" "
                          "aria-label=\"Mappa delle risorse del dataset\" data-points=\"punti\"");
  e |= ld_map_attrs(out);
  e |= sila_buf_puts(out, "></div>\n<script type=\"application/json\" id=\"punti\">[");
  for (size_t i = 0; i < v->npoints; i++) {
    const DsPoint *p = &v->points[i];
    e |= sila_buf_printf(out, "%s[%.6f,%.6f,", i ? "," : "", p->lat, p->lon);
    e |= ld_json_string(out, p->label.data ? p->label.data : "", p->label.len);
    e |= sila_buf_putc(out, ',');
    e |= ld_json_string(out, p->path.data ? p->path.data : "", p->path.len);
    e |= sila_buf_putc(out, ']');
  }
  e |= sila_buf_puts(out, "]</script>\n<script src=\"/static/leaflet/leaflet.js\" defer></script>\n");
  if (cluster)
    e |= sila_buf_puts(out, "<script src=\"/static/markercluster/leaflet.markercluster.js\" "
                            "defer></script>\n");
  return e | sila_buf_puts(out, "<script src=\"/static/sila/map.js\" defer></script>\n");
}

static int meta_row(SilaBuf *out, const char *name, const SilaBuf *value) {
  if (!value->len)
    return 0;
  int e = sila_buf_puts(out, "<dt>");
  e |= ld_escs(out, name);
  e |= sila_buf_puts(out, "</dt><dd>");
  e |= ld_esc(out, value->data, value->len);
  return e | sila_buf_puts(out, "</dd>\n");
}

static int date_row(SilaBuf *out, const char *name, const SilaBuf *value) {
  if (!value->len)
    return 0;
  char d[64];
  int e = sila_buf_puts(out, "<dt>");
  e |= ld_escs(out, name);
  e |= sila_buf_puts(out, "</dt><dd>");
  if (ld_date_it(value->data, value->len, d, sizeof d)) {
    e |= sila_buf_puts(out, "<time datetime=\"");
    e |= ld_esc(out, value->data, value->len);
    e |= sila_buf_printf(out, "\">%s</time>", d);
  } else {
    e |= ld_esc(out, value->data, value->len);
  }
  return e | sila_buf_puts(out, "</dd>\n");
}

static int render_download(SilaBuf *out, const char *href, const char *name, const char *what) {
  int e = sila_buf_puts(out, "<li class=\"mb-2\"><a class=\"btn btn-primary btn-sm me-2\" "
                             "href=\"");
  e |= ld_escs(out, href);
  e |= sila_buf_printf(out, "\">%s</a> %s</li>\n", name, what);
  return e;
}

static int dataset_render(SilaBuf *out, const DsView *v) {
  int e = 0;
  const char *title = v->title.len ? v->title.data : v->slug;
  size_t tlen = v->title.len ? v->title.len : strlen(v->slug);
  LdCrumb crumbs[] = {{"Dataset", 7, "/#dataset"}, {title, tlen, NULL}};
  if (v->descr.len) /* the page's description is the dataset's */
    e |= ld_page_open_described(out, title, tlen, v->descr.data, v->descr.len, crumbs, 2);
  else {
    SilaBuf d = SILA_BUF_INIT;
    e |= sila_buf_puts(&d, "Il dataset «") | sila_buf_append(&d, title, tlen) |
         sila_buf_puts(&d, "» dei dati aperti della Regione Calabria: contenuto, formati da "
                           "scaricare e come interrogarlo.");
    e |= ld_page_open_described(out, title, tlen, d.data, d.len, crumbs, 2);
    sila_buf_free(&d);
  }
  e |= sila_buf_puts(out, "<h1>");
  e |= ld_esc(out, title, tlen);
  e |= sila_buf_puts(out, "</h1>\n");
  if (v->descr.len) {
    e |= sila_buf_puts(out, "<p class=\"lead\">");
    e |= ld_esc(out, v->descr.data, v->descr.len);
    e |= sila_buf_puts(out, "</p>\n");
  }
  e |= sila_buf_puts(out, "<nav aria-label=\"Sezioni della pagina\"><p class=\"small\">"
                          "<a href=\"#cos-e\">Che cos'è</a> · <a href=\"#contenuto\">Cosa "
                          "contiene</a> · <a href=\"#uso\">Come usarlo</a></p></nav>\n");

  /* what it is */
  e |= sila_buf_puts(out, "<h2 id=\"cos-e\">Che cos'è</h2>\n<dl class=\"meta\">\n");
  e |= meta_row(out, "Editore", &v->publisher);
  if (v->office[0]) { /* who updates it: the office of the publishing area */
    e |= sila_buf_puts(out, "<dt>Ufficio</dt><dd id=\"ufficio\">");
    e |= ld_escs(out, v->office);
    e |= sila_buf_puts(out, "</dd>\n");
  }
  if (v->contact.len || v->contact_email.len) {
    e |= sila_buf_puts(out, "<dt>Contatti</dt><dd id=\"contatti\">");
    e |= ld_esc(out, v->contact.data ? v->contact.data : "", v->contact.len);
    if (v->contact_email.len) {
      e |= sila_buf_puts(out, v->contact.len ? " · <a href=\"mailto:" : "<a href=\"mailto:");
      e |= ld_esc(out, v->contact_email.data, v->contact_email.len);
      e |= sila_buf_puts(out, "\">");
      e |= ld_esc(out, v->contact_email.data, v->contact_email.len);
      e |= sila_buf_puts(out, "</a>");
    }
    e |= sila_buf_puts(out, "</dd>\n");
  }
  if (v->themes.len) {
    e |= sila_buf_puts(out, "<dt>Tema</dt><dd>");
    e |= sila_buf_append(out, v->themes.data, v->themes.len);
    e |= sila_buf_puts(out, "</dd>\n");
  }
  if (v->licence.len) {
    e |= sila_buf_puts(out, "<dt>Licenza</dt><dd>");
    if (v->licence_iri.len && ld_linkable(v->licence_iri.data, v->licence_iri.len)) {
      e |= sila_buf_puts(out, "<a href=\"");
      e |= ld_esc(out, v->licence_iri.data, v->licence_iri.len);
      e |= sila_buf_puts(out, "\">");
      e |= ld_esc(out, v->licence.data, v->licence.len);
      e |= sila_buf_puts(out, "</a>");
    } else {
      e |= ld_esc(out, v->licence.data, v->licence.len);
    }
    e |= sila_buf_puts(out, "</dd>\n");
  }
  e |= date_row(out, "Ultimo aggiornamento", &v->modified);
  e |= date_row(out, "Prima pubblicazione", &v->issued);
  e |= meta_row(out, "Frequenza di aggiornamento", &v->frequency);
  if (v->rows.len) {
    e |= sila_buf_puts(out, "<dt>Righe del CSV</dt><dd id=\"righe\">");
    e |= ld_count_it(out, strtoull(v->rows.data, NULL, 10));
    e |= sila_buf_puts(out, "</dd>\n");
  }
  e |= sila_buf_puts(out, "<dt>Triple RDF</dt><dd id=\"triple\">");
  e |= ld_count_it(out, v->triples);
  e |= sila_buf_puts(out, "</dd>\n");
  if (v->ontologies.len) {
    e |= sila_buf_puts(out, "<dt>Ontologie usate</dt><dd>");
    e |= sila_buf_append(out, v->ontologies.data, v->ontologies.len);
    e |= sila_buf_puts(out, "</dd>\n");
  }
  e |= meta_row(out, "Parole chiave", &v->keywords);
  e |= meta_row(out, "Identificativo", &v->identifier);
  if (v->stars) {
    e |= sila_buf_printf(out, "<dt>Stelle dei dati aperti</dt><dd><span class=\"stelle\" "
                              "aria-hidden=\"true\">");
    for (int i = 0; i < 5; i++)
      e |= sila_buf_puts(out, i < v->stars ? "★" : "☆");
    e |= sila_buf_printf(out, "</span> %d su 5 (<a href=\"https://5stardata.info/it/\">"
                              "scala di Tim Berners-Lee</a>)</dd>\n",
                         v->stars);
  }
  e |= sila_buf_puts(out, "</dl>\n");

  /* what it holds */
  e |= sila_buf_puts(out, "<h2 id=\"contenuto\">Cosa contiene</h2>\n");
  if (v->csv)
    e |= render_preview(out, v);
  if (v->ntypes)
    e |= render_types(out, v);
  if (v->npoints)
    e |= render_map(out, v);

  /* how to use it */
  e |= sila_buf_puts(out, "<h2 id=\"uso\">Come usarlo</h2>\n<h3 class=\"h4\">Scarica</h3>\n"
                          "<ul class=\"list-unstyled\">\n");
  SilaBuf href = SILA_BUF_INIT, what = SILA_BUF_INIT;
  if (v->csv) {
    e |= sila_buf_puts(&href, "/files/") | sila_buf_append(&href, v->csv_name.data, v->csv_name.len);
    e |= sila_buf_putc(&href, '\0');
    e |= sila_buf_puts(&what, "il file originale, ") | ld_count_it(&what, v->csv_bytes);
    e |= sila_buf_puts(&what, " byte") | sila_buf_putc(&what, '\0');
    if (!e)
      e |= render_download(out, href.data, "CSV", what.data);
  }
  href.len = what.len = 0;
  e |= sila_buf_printf(&what, "i dati in RDF, %s", "") | ld_count_it(&what, v->triples);
  e |= sila_buf_puts(&what, " triple") | sila_buf_putc(&what, '\0');
  e |= sila_buf_printf(&href, "/dump/%s.ttl%c", v->slug, '\0');
  if (!e)
    e |= render_download(out, href.data, "Turtle", what.data);
  href.len = 0;
  e |= sila_buf_printf(&href, "/dump/%s.nt.gz%c", v->slug, '\0');
  if (!e)
    e |= render_download(out, href.data, "N-Triples", what.data);
  href.len = 0;
  e |= sila_buf_printf(&href, "/set/%s.jsonld%c", v->slug, '\0');
  if (!e)
    e |= render_download(out, href.data, "JSON-LD", "la scheda del dataset (metadati DCAT-AP_IT)");
  sila_buf_free(&href);
  sila_buf_free(&what);
  e |= sila_buf_puts(out, "</ul>\n<h3 class=\"h4\">Interroga con SPARQL</h3>\n<p>L'endpoint "
                          "SPARQL è <code>/sparql</code> (protocollo SPARQL 1.1); i dati del "
                          "dataset sono nel grafo <code>");
  e |= ld_escs(out, v->iri);
  e |= sila_buf_puts(out, "</code>.</p>\n<ol class=\"esempi\">\n");
  for (size_t i = 0; i < v->nexamples; i++)
    e |= ld_example_query(out, v->examples[i].title, v->examples[i].query);
  e |= sila_buf_puts(out, "</ol>\n<h3 class=\"h4\">Come citarlo</h3>\n<blockquote "
                          "class=\"blockquote\" id=\"citazione\"><p>");
  e |= v->publisher.len ? ld_esc(out, v->publisher.data, v->publisher.len)
                        : sila_buf_puts(out, "Regione Calabria");
  e |= sila_buf_puts(out, ", <cite>");
  e |= ld_esc(out, title, tlen);
  e |= sila_buf_puts(out, "</cite>");
  if (v->modified.len >= 4) {
    e |= sila_buf_puts(out, " (");
    e |= ld_esc(out, v->modified.data, 4);
    e |= sila_buf_puts(out, ")");
  }
  e |= sila_buf_puts(out, ", ");
  e |= ld_escs(out, v->iri);
  if (v->licence.len) {
    e |= sila_buf_puts(out, ", licenza ");
    e |= ld_esc(out, v->licence.data, v->licence.len);
  }
  e |= sila_buf_puts(out, ".</p></blockquote>\n<h3 class=\"h4\">Indirizzi (IRI)</h3>\n"
                          "<dl class=\"meta\"><dt>Dataset e grafo</dt><dd class=\"iri\">");
  e |= ld_escs(out, v->iri);
  e |= sila_buf_printf(out, "</dd><dt>Scheda in RDF</dt><dd><a href=\"/set/%s.ttl\">Turtle</a>"
                            " · <a href=\"/set/%s.rdf\">RDF/XML</a> · <a href=\"/set/%s.nt\">"
                            "N-Triples</a> · <a href=\"/set/%s.jsonld\">JSON-LD</a></dd>"
                            "<dt>Catalogo</dt><dd><a href=\"/catalogo\">Catalogo DCAT-AP_IT"
                            "</a></dd></dl>\n",
                       v->slug, v->slug, v->slug, v->slug);
  if ((v->csv || v->ntypes) && (ld_html_assets() & (LD_ASSET_BI | LD_ASSET_LEAFLET)))
    e |= sila_buf_puts(out, "<script src=\"/static/sila/table.js\" defer></script>\n");
  e |= ld_page_end(out);
  return e;
}

SilaStatus sila_ld_html_dataset(SilaTxn *txn, const char *base, const char *slug, SilaBuf *out) {
  base = ld_base(base);
  if (!slug || !ld_slug_ok(slug))
    return SILA_ERR_NOT_FOUND;
  DsView v;
  memset(&v, 0, sizeof v);
  SilaStatus st = dataset_gather(txn, base, slug, &v);
  if (st == SILA_OK && dataset_render(out, &v))
    st = SILA_ERR_NOMEM;
  ds_view_free(&v);
  return st;
}
