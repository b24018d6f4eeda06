/* publish_catalogue.c — the DCAT-AP_IT catalogue entries of a dataset
 * (catalogue, dataset, distributions, agents, contact point, licence) and
 * the buffer of triples a publish fills before its write transaction (see
 * publish_internal.h). */
#define _GNU_SOURCE /* asprintf */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish_internal.h"
#include "sila_publish.h"

/* ---- a buffer of triples, replayed into the bulk loader ---------------- */

/* Terms are appended as: kind byte, then value, datatype and lang, each as
 * a size_t length and the bytes (datatype/lang length SIZE_MAX = NULL). */

static bool put_str(SilaBuf *b, const char *s, size_t len) {
  size_t l = s ? len : SIZE_MAX;
  if (sila_buf_append(b, &l, sizeof l))
    return false;
  return !(s && len) || !sila_buf_append(b, s, len);
}

static bool put_term(SilaBuf *b, const SilaTerm *t) {
  char k = (char)t->kind;
  return !sila_buf_append(b, &k, 1) && put_str(b, t->value, t->value_len) &&
         put_str(b, t->datatype, t->datatype_len) && put_str(b, t->lang, t->lang_len);
}

void publish_tb_add(TripleBuf *tb, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  if (tb->oom)
    return;
  size_t before = tb->buf.len;
  if (put_term(&tb->buf, s) && put_term(&tb->buf, p) && put_term(&tb->buf, o)) {
    tb->n++;
  } else {
    tb->oom = true;
    tb->buf.len = before; /* never replay half a triple */
  }
}

static const char *get_str(const char **pp, size_t *len) {
  size_t l;
  memcpy(&l, *pp, sizeof l);
  *pp += sizeof l;
  if (l == SIZE_MAX) {
    *len = 0;
    return NULL;
  }
  const char *s = *pp;
  *pp += l;
  *len = l;
  return l ? s : "";
}

static void get_term(const char **pp, SilaTerm *t) {
  memset(t, 0, sizeof *t);
  t->kind = (SilaTermKind) * (*pp)++;
  t->value = get_str(pp, &t->value_len);
  t->datatype = get_str(pp, &t->datatype_len);
  t->lang = get_str(pp, &t->lang_len);
}

SilaStatus publish_tb_replay(const TripleBuf *tb, SilaBulk *bulk, const SilaTerm *g) {
  const char *p = tb->buf.data;
  for (uint64_t i = 0; i < tb->n; i++) {
    SilaTerm s, pr, o;
    get_term(&p, &s);
    get_term(&p, &pr);
    get_term(&p, &o);
    SilaStatus st = sila_bulk_add(bulk, &s, &pr, &o, g);
    if (st)
      return st;
  }
  return SILA_OK;
}

const char *publish_jstr(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

bool publish_is_date(const char *s) {
  if (!s || strlen(s) != 10)
    return false;
  for (int i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return false;
  return true;
}

/* ---- the catalogue entries ----------------------------------------------- */

/* A NULL IRI is one an allocation failed to build. */
static void c_iri(TripleBuf *tb, const char *s, const char *p, const char *o) {
  if (!s || !p || !o) {
    tb->oom = true;
    return;
  }
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_iri(o);
  publish_tb_add(tb, &ts, &tp, &to);
}

static void c_lit(TripleBuf *tb, const char *s, const char *p, const char *lex, const char *dt,
                  const char *lang) {
  if (!s || !p) {
    tb->oom = true;
    return;
  }
  if (!lex)
    return; /* an optional value the description does not give */
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_literal(lex, dt, lang);
  publish_tb_add(tb, &ts, &tp, &to);
}

/* Text in one or more languages (a plain string is Italian). */
static void c_text(TripleBuf *tb, const char *s, const char *p, json_t *v) {
  if (json_is_string(v)) {
    c_lit(tb, s, p, json_string_value(v), NULL, "it");
    return;
  }
  const char *k;
  json_t *x;
  json_object_foreach(v, k, x) if (json_is_string(x)) c_lit(tb, s, p, json_string_value(x), NULL, k);
}

/* a, b and c (NULL = "") in a new string; NULL when out of memory or
 * when a or b is NULL (an earlier allocation failed). */
char *publish_cat(const char *a, const char *b, const char *c) {
  char *s;
  if (!a || !b || asprintf(&s, "%s%s%s", a, b, c ? c : "") < 0)
    return NULL;
  return s;
}

/* Subjects whose catalogue triples a publish rewrites (all but the
 * catalogue's dcat:dataset links to the other datasets). */

static const char *subj(Subjects *ss, char *iri) {
  if (!iri)
    return NULL;
  for (size_t i = 0; i < ss->n; i++)
    if (!strcmp(ss->iri[i], iri)) {
      free(iri);
      return ss->iri[i];
    }
  if (ss->n == sizeof ss->iri / sizeof ss->iri[0]) {
    free(iri); /* cannot happen: catalogue() names at most 11 + 8 standards */
    return NULL;
  }
  ss->iri[ss->n++] = iri;
  return iri;
}

static void agent(TripleBuf *tb, const char *iri, json_t *a) {
  c_iri(tb, iri, RDF_TYPE, NS_DCATAPIT "Agent");
  c_iri(tb, iri, RDF_TYPE, NS_FOAF "Agent");
  c_lit(tb, iri, NS_DCT "identifier", publish_jstr(a, "id"), NULL, NULL);
  c_lit(tb, iri, NS_FOAF "name", publish_jstr(a, "name"), NULL, "it");
}

#define IANA_MT "http://www.iana.org/assignments/media-types/"

static void distribution(TripleBuf *tb, const char *iri, const char *fmt, const char *access,
                         const char *download, const char *licence, const char *title,
                         const char *descr) {
  c_iri(tb, iri, RDF_TYPE, NS_DCATAPIT "Distribution");
  c_iri(tb, iri, RDF_TYPE, NS_DCAT "Distribution");
  c_iri(tb, iri, NS_DCT "format", fmt);
  c_iri(tb, iri, NS_DCAT "accessURL", access);
  if (download)
    c_iri(tb, iri, NS_DCAT "downloadURL", download);
  c_iri(tb, iri, NS_DCT "license", licence);
  c_lit(tb, iri, NS_DCT "title", title, NULL, "it");
  c_lit(tb, iri, NS_DCT "description", descr, NULL, "it");
}

/* Builds the catalogue triples of one dataset; `ss` gets the subjects. */
void publish_catalogue(TripleBuf *tb, Subjects *ss, json_t *d, const char *base, const char *today,
                      const char *csv_name, uint64_t rows) {
  const char *slug = publish_jstr(d, "slug");
  json_t *rh = json_object_get(d, "rightsHolder");
  const char *catalog = subj(ss, publish_cat(base, "/catalogo", NULL));
  const char *ds = subj(ss, publish_cat(base, "/set/", slug));
  char *a = publish_cat(base, "/id/organizzazione/", publish_jstr(rh, "id"));
  const char *holder = subj(ss, a);
  const char *region = subj(ss, publish_cat(base, "/id/organizzazione/", "r_calabr"));
  const char *licence = publish_jstr(d, "licence") ? publish_jstr(d, "licence") : SILA_PUBLISH_DEFAULT_LICENCE;
  licence = subj(ss, strdup(licence));
  const char *sparql = subj(ss, publish_cat(base, "/sparql", NULL));

  /* the catalogue itself: published by the Region */
  c_iri(tb, catalog, RDF_TYPE, NS_DCATAPIT "Catalog");
  c_iri(tb, catalog, RDF_TYPE, NS_DCAT "Catalog");
  c_lit(tb, catalog, NS_DCT "title", "Catalogo dei dati aperti della Regione Calabria", NULL, "it");
  c_lit(tb, catalog, NS_DCT "title", "Open data catalogue of the Calabria Region", NULL, "en");
  c_lit(tb, catalog, NS_DCT "description",
        "Dati aperti e linked open data della Regione Calabria, interrogabili via SPARQL.", NULL,
        "it");
  c_lit(tb, catalog, NS_DCT "description",
        "Open data and linked open data of the Calabria Region, queryable with SPARQL.", NULL,
        "en");
  c_iri(tb, catalog, NS_DCT "publisher", region);
  c_lit(tb, catalog, NS_DCT "modified", today, XSD_DATE, NULL);
  char *home = publish_cat(base, "/", NULL);
  c_iri(tb, catalog, NS_FOAF "homepage", home);
  free(home);
  c_iri(tb, catalog, NS_DCT "language", EU_LANG_ITA);
  c_iri(tb, catalog, NS_DCAT "themeTaxonomy",
        "http://publications.europa.eu/resource/authority/data-theme");
  c_iri(tb, catalog, NS_DCAT "dataset", ds);
  c_iri(tb, catalog, NS_DCAT "service", sparql);
  json_t *region_desc = json_pack("{s:s, s:s}", "id", "r_calabr", "name", "Regione Calabria");
  if (!region_desc)
    tb->oom = true;
  agent(tb, region, region_desc);
  json_decref(region_desc);
  if (holder != region)
    agent(tb, holder, rh);

  /* the dataset */
  c_iri(tb, ds, RDF_TYPE, NS_DCATAPIT "Dataset");
  c_iri(tb, ds, RDF_TYPE, NS_DCAT "Dataset");
  char *id = publish_cat(publish_jstr(rh, "id"), ":", slug);
  if (!id)
    tb->oom = true;
  c_lit(tb, ds, NS_DCT "identifier", id, NULL, NULL);
  free(id);
  c_text(tb, ds, NS_DCT "title", json_object_get(d, "title"));
  c_text(tb, ds, NS_DCT "description", json_object_get(d, "description"));
  c_lit(tb, ds, NS_DCT "modified", publish_jstr(d, "modified"), XSD_DATE, NULL);
  /* The CSV rows the published graph was mapped from (regional vocabulary:
   * DCAT has no row count), shown on the dataset page beside the triples. */
  char nrows[32];
  snprintf(nrows, sizeof nrows, "%llu", (unsigned long long)rows);
  c_lit(tb, ds, "https://dati.calabria.it/onto/numeroRighe", nrows, SILA_NS_XSD "integer", NULL);
  if (publish_is_date(publish_jstr(d, "issued")))
    c_lit(tb, ds, NS_DCT "issued", publish_jstr(d, "issued"), XSD_DATE, NULL);
  json_t *th = json_object_get(d, "theme"), *x;
  size_t i;
  if (json_is_string(th)) {
    char *t = publish_cat(EU_THEME, json_string_value(th), NULL);
    c_iri(tb, ds, NS_DCAT "theme", t);
    free(t);
  }
  json_array_foreach(th, i, x) {
    char *t = publish_cat(EU_THEME, json_string_value(x), NULL);
    c_iri(tb, ds, NS_DCAT "theme", t);
    free(t);
  }
  char *fq = publish_cat(EU_FREQ, publish_jstr(d, "frequency"), NULL);
  c_iri(tb, ds, NS_DCT "accrualPeriodicity", fq);
  free(fq);
  c_iri(tb, ds, NS_DCT "rightsHolder", holder);
  c_iri(tb, ds, NS_DCT "publisher", holder);
  if (publish_jstr(d, "subject"))
    c_iri(tb, ds, NS_DCT "subject", publish_jstr(d, "subject"));
  c_iri(tb, ds, NS_DCT "language", EU_LANG_ITA);
  c_iri(tb, ds, NS_DCAT "landingPage", ds);
  json_array_foreach(json_object_get(d, "keywords"), i, x) if (json_is_string(x))
      c_lit(tb, ds, NS_DCAT "keyword", json_string_value(x), NULL, "it");
  json_array_foreach(json_object_get(d, "conformsTo"), i, x) if (json_is_string(x) && i < 8) {
    /* a dcatapit:Standard of our own naming the ontology it follows */
    const char *onto = json_string_value(x);
    const char *name = strrchr(onto, '/');
    name = name && name[1] ? name + 1 : onto;
    const char *std = subj(ss, publish_cat(base, "/id/standard/", name));
    c_iri(tb, ds, NS_DCT "conformsTo", std);
    c_iri(tb, std, RDF_TYPE, NS_DCATAPIT "Standard");
    c_iri(tb, std, RDF_TYPE, NS_DCT "Standard");
    c_lit(tb, std, NS_DCT "identifier", onto, NULL, NULL);
  }
  json_t *cp = json_object_get(d, "contactPoint");
  if (cp) {
    const char *c = subj(ss, publish_cat(ds, "/punto-di-contatto", NULL));
    c_iri(tb, ds, NS_DCAT "contactPoint", c);
    c_iri(tb, c, RDF_TYPE, NS_DCATAPIT "Organization");
    c_iri(tb, c, RDF_TYPE, NS_VCARD "Organization");
    c_iri(tb, c, RDF_TYPE, NS_VCARD "Kind");
    c_lit(tb, c, NS_VCARD "fn", publish_jstr(cp, "name"), NULL, "it");
    char *mail = publish_cat("mailto:", publish_jstr(cp, "email"), NULL);
    c_iri(tb, c, NS_VCARD "hasEmail", mail);
    free(mail);
  }

  /* distributions: the CSV, the dumps, the SPARQL endpoint */
  const char *dcsv = subj(ss, publish_cat(ds, "/distribuzione/csv", NULL));
  const char *dttl = subj(ss, publish_cat(ds, "/distribuzione/ttl", NULL));
  const char *dnt = subj(ss, publish_cat(ds, "/distribuzione/nt", NULL));
  const char *dsparql = subj(ss, publish_cat(ds, "/distribuzione/sparql", NULL));
  char *file_name = publish_cat(slug, "/", csv_name);
  char *files = publish_cat(base, "/files/", file_name);
  free(file_name);
  if (!files)
    tb->oom = true; /* distribution() treats a NULL download URL as none */
  char *dump_ttl = publish_cat(base, "/dump/", slug), *ttl = publish_cat(dump_ttl, ".ttl", NULL);
  char *nt = publish_cat(dump_ttl, ".nt.gz", NULL);
  distribution(tb, dcsv, EU_FTYPE "CSV", ds, files, licence, csv_name,
               "Il file CSV originale, descritto dai suoi metadati CSVW.");
  distribution(tb, dttl, EU_FTYPE "RDF_TURTLE", ttl, ttl, licence, "Turtle",
               "Il grafo RDF del dataset (ontologie OntoPiA) in Turtle.");
  distribution(tb, dnt, EU_FTYPE "RDF_N_TRIPLES", nt, nt, licence, "N-Triples (gzip)",
               "Il grafo RDF del dataset in N-Triples compresso con gzip.");
  /* Media types for harvesters that read them (DCAT 2): the N-Triples
   * file travels gzip-compressed. */
  c_iri(tb, dcsv, NS_DCAT "mediaType", IANA_MT "text/csv");
  c_iri(tb, dttl, NS_DCAT "mediaType", IANA_MT "text/turtle");
  c_iri(tb, dnt, NS_DCAT "mediaType", IANA_MT "application/n-triples");
  c_iri(tb, dnt, NS_DCAT "compressFormat", IANA_MT "application/gzip");
  distribution(tb, dsparql, EU_FTYPE "SPARQLQ", sparql, NULL, licence, "SPARQL",
               "Il punto di accesso SPARQL che interroga il grafo del dataset.");
  c_iri(tb, dsparql, NS_DCAT "accessService", sparql);
  free(files);
  free(dump_ttl);
  free(ttl);
  free(nt);
  c_iri(tb, ds, NS_DCAT "distribution", dcsv);
  c_iri(tb, ds, NS_DCAT "distribution", dttl);
  c_iri(tb, ds, NS_DCAT "distribution", dnt);
  c_iri(tb, ds, NS_DCAT "distribution", dsparql);

  /* the endpoint and the licence */
  c_iri(tb, sparql, RDF_TYPE, NS_DCAT "DataService");
  c_iri(tb, sparql, NS_DCAT "endpointURL", sparql);
  c_lit(tb, sparql, NS_DCT "title", "SPARQL endpoint dei dati aperti della Regione Calabria", NULL,
        "it");
  c_iri(tb, sparql, NS_DCT "license", licence);
  c_iri(tb, sparql, NS_DCT "publisher", region);
  c_iri(tb, licence, RDF_TYPE, NS_DCATAPIT "LicenseDocument");
  c_iri(tb, licence, RDF_TYPE, NS_DCT "LicenseDocument");
  if (licence && !strcmp(licence, SILA_PUBLISH_DEFAULT_LICENCE)) {
    c_iri(tb, licence, NS_DCT "type", "http://purl.org/adms/licencetype/Attribution");
    c_lit(tb, licence, NS_FOAF "name",
          "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)", NULL, "it");
  }
}

/* Removes the catalogue triples of `s` (for the catalogue node itself,
 * all but its dcat:dataset and dcat:service links). */
SilaStatus publish_clear_subject(SilaTxn *txn, SilaId g, const char *iri, bool keep_links,
                                uint64_t *removed) {
  SilaTerm t = sila_term_iri(iri);
  SilaId s, keep1 = SILA_ID_ANY, keep2 = SILA_ID_ANY;
  if (sila_txn_lookup(txn, &t, &s))
    return SILA_OK;
  if (keep_links) {
    SilaTerm k1 = sila_term_iri(NS_DCAT "dataset"), k2 = sila_term_iri(NS_DCAT "service");
    if (sila_txn_lookup(txn, &k1, &keep1))
      keep1 = SILA_ID_ANY;
    if (sila_txn_lookup(txn, &k2, &keep2))
      keep2 = SILA_ID_ANY;
  }
  SilaIdQuad pat = {s, SILA_ID_ANY, SILA_ID_ANY, g}, q;
  SilaScan *scan;
  SilaStatus st = sila_scan_open(txn, &pat, 0, &scan);
  if (st)
    return st;
  SilaIdQuad *del = NULL;
  size_t n = 0, cap = 0;
  int r;
  while ((r = sila_scan_next(scan, &q)) > 0) {
    if (keep_links && (q.p == keep1 || q.p == keep2))
      continue;
    if (n == cap) {
      size_t ncap = cap ? 2 * cap : 32;
      SilaIdQuad *grown = realloc(del, ncap * sizeof *del);
      if (!grown) {
        r = -(int)SILA_ERR_NOMEM;
        break;
      }
      del = grown;
      cap = ncap;
    }
    del[n++] = q;
  }
  sila_scan_free(scan);
  st = r < 0 ? (SilaStatus)-r : SILA_OK;
  for (size_t i = 0; i < n && !st; i++)
    if ((st = sila_txn_remove(txn, &del[i])) == SILA_OK)
      ++*removed;
  free(del);
  return st;
}

