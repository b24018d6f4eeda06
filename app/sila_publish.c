/* sila_publish.c — a dataset folder to its named graph + the DCAT-AP_IT
 * catalogue, all or nothing (see sila_publish.h).
 *
 * The CSV is mapped completely into memory before the store is touched:
 * CSVW reports errors mid-stream and triples already sent cannot be taken
 * back, so only a mapping that ended cleanly reaches the write transaction. */
#define _GNU_SOURCE /* asprintf, strndup */
#include "sila_publish.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_DCATAPIT "http://dati.gov.it/onto/dcatapit#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_FOAF "http://xmlns.com/foaf/0.1/"
#define NS_VCARD "http://www.w3.org/2006/vcard/ns#"
#define NS_CSVW "http://www.w3.org/ns/csvw#"
#define RDF_TYPE SILA_NS_RDF "type"
#define EU_THEME "http://publications.europa.eu/resource/authority/data-theme/"
#define EU_FREQ "http://publications.europa.eu/resource/authority/frequency/"
#define EU_FTYPE "http://publications.europa.eu/resource/authority/file-type/"
#define EU_LANG_ITA "http://publications.europa.eu/resource/authority/language/ITA"
#define XSD_DATE SILA_NS_XSD "date"

/* ---- a buffer of triples, replayed into the bulk loader ---------------- */

/* Terms are appended as: kind byte, then value, datatype and lang, each as
 * a size_t length and the bytes (datatype/lang length SIZE_MAX = NULL). */
typedef struct {
  SilaBuf buf;
  uint64_t n;
} TripleBuf;

static void put_str(SilaBuf *b, const char *s, size_t len) {
  size_t l = s ? len : SIZE_MAX;
  sila_buf_append(b, &l, sizeof l);
  if (s && len)
    sila_buf_append(b, s, len);
}

static void put_term(SilaBuf *b, const SilaTerm *t) {
  char k = (char)t->kind;
  sila_buf_append(b, &k, 1);
  put_str(b, t->value, t->value_len);
  put_str(b, t->datatype, t->datatype_len);
  put_str(b, t->lang, t->lang_len);
}

static void tb_add(TripleBuf *tb, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  put_term(&tb->buf, s);
  put_term(&tb->buf, p);
  put_term(&tb->buf, o);
  tb->n++;
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

static SilaStatus tb_replay(const TripleBuf *tb, SilaBulk *bulk, const SilaTerm *g) {
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

/* ---- mapping ------------------------------------------------------------- */

typedef struct {
  TripleBuf data;
  SilaPublishReport *rep;
  const SilaPublishOptions *opts;
  const char *base;
  SilaError *err;
  /* blank nodes of CSVW's table/row structure: their triples are dropped */
  char **skip;
  size_t nskip, capskip;
} MapCtx;

static bool term_is(const SilaTerm *t, const char *iri) {
  return t->kind == SILA_TERM_IRI && sila_iri_is(t->value, t->value_len, iri);
}

static bool in_csvw_ns(const SilaTerm *t) {
  return t->kind == SILA_TERM_IRI && t->value_len > sizeof NS_CSVW - 1 &&
         !strncmp(t->value, NS_CSVW, sizeof NS_CSVW - 1);
}

static bool skipped(const MapCtx *m, const SilaTerm *t) {
  if (t->kind != SILA_TERM_BLANK)
    return false;
  for (size_t i = m->nskip; i-- > 0;)
    if (strlen(m->skip[i]) == t->value_len && !memcmp(m->skip[i], t->value, t->value_len))
      return true;
  return false;
}

static void skip_add(MapCtx *m, const SilaTerm *t) {
  if (t->kind != SILA_TERM_BLANK || skipped(m, t))
    return;
  if (m->nskip == m->capskip) {
    m->capskip = m->capskip ? 2 * m->capskip : 16;
    m->skip = realloc(m->skip, m->capskip * sizeof *m->skip);
    if (!m->skip)
      abort();
  }
  m->skip[m->nskip++] = strndup(t->value, t->value_len);
}

/* Keeps the triples that describe the data; counts rows from csvw:rownum
 * and drops the rest of the CSVW structure (TableGroup, Table, Row).  The
 * table and group nodes are few; row nodes are never subjects of data
 * triples, so only the first two kinds are remembered. */
static SilaStatus on_triple(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  MapCtx *m = ctx;
  if (term_is(p, NS_CSVW "rownum")) {
    m->rep->rows++;
    return SILA_OK;
  }
  if (term_is(p, RDF_TYPE) && (term_is(o, NS_CSVW "Table") || term_is(o, NS_CSVW "TableGroup"))) {
    skip_add(m, s);
    return SILA_OK;
  }
  if (term_is(p, NS_CSVW "table"))
    skip_add(m, o);
  if (in_csvw_ns(p) || (term_is(p, RDF_TYPE) && in_csvw_ns(o)) || skipped(m, s))
    return SILA_OK;
  tb_add(&m->data, s, p, o);
  m->rep->triples++;
  size_t bl = strlen(m->base);
  if (o->kind == SILA_TERM_IRI && !term_is(p, RDF_TYPE) && o->value_len > 4 &&
      !strncmp(o->value, "http", 4) && !(o->value_len >= bl && !strncmp(o->value, m->base, bl)))
    m->rep->external_links++;
  return SILA_OK;
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  MapCtx *m = ctx;
  /* `required` is a validation warning in CSVW; for a publication it is an
   * error: the row would be published without a value it must have. */
  if (!strncmp(msg, "required column", 15)) {
    m->rep->errors++;
    if (m->err && !m->err->status) {
      snprintf(m->rep->error_file, sizeof m->rep->error_file, "%s", file ? file : "");
      sila_error_set(m->err, SILA_ERR_INVALID, row, col, "%s", msg);
      m->err->file = m->rep->error_file;
    }
    return; /* reported once, as the error */
  }
  m->rep->warnings++;
  if (m->opts->warning)
    m->opts->warning(m->opts->warning_ctx, file, row, col, msg);
}

/* ---- the dataset description -------------------------------------------- */

static const char *themes[] = {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL",
                               "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN", NULL};
static const char *freqs[] = {"ANNUAL",    "ANNUAL_2",  "ANNUAL_3",  "BIENNIAL", "BIMONTHLY",
                              "BIWEEKLY",  "CONT",      "DAILY",     "DAILY_2",  "IRREG",
                              "MONTHLY",   "MONTHLY_2", "MONTHLY_3", "NEVER",    "OTHER",
                              "QUARTERLY", "TRIENNIAL", "UNKNOWN",   "UPDATE_CONT", "WEEKLY",
                              "WEEKLY_2",  "WEEKLY_3",  NULL};

static bool in_list(const char *s, const char **list) {
  for (; s && *list; list++)
    if (!strcmp(s, *list))
      return true;
  return false;
}

static bool is_date(const char *s) {
  if (!s || strlen(s) != 10)
    return false;
  for (int i = 0; i < 10; i++)
    if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return false;
  return true;
}

static bool good_slug(const char *s) {
  if (!s || !*s || strlen(s) > 100)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
      return false;
  return true;
}

static void missing(char *list, size_t size, const char *what) {
  size_t l = strlen(list);
  snprintf(list + l, size - l, "%s%s", l ? " " : "", what);
}

/* A text property: a string (taken as Italian) or an object {lang: text}. */
static bool has_text(json_t *v) {
  if (json_is_string(v))
    return *json_string_value(v) != '\0';
  const char *k;
  json_t *x;
  json_object_foreach(v, k, x) if (json_is_string(x) && *json_string_value(x)) return true;
  return false;
}

static const char *jstr(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

/* Checks the mandatory (and recommended) DCAT-AP_IT properties the
 * description must give; fills report->missing. */
static void check_description(json_t *d, SilaPublishReport *rep) {
  char *m = rep->missing;
  size_t ms = sizeof rep->missing;
  if (!good_slug(jstr(d, "slug")))
    missing(m, ms, "slug");
  if (!has_text(json_object_get(d, "title")))
    missing(m, ms, "dct:title");
  if (!has_text(json_object_get(d, "description")))
    missing(m, ms, "dct:description");
  if (!is_date(jstr(d, "modified")))
    missing(m, ms, "dct:modified");
  json_t *th = json_object_get(d, "theme");
  bool theme_ok = in_list(json_string_value(th), themes);
  if (json_is_array(th) && json_array_size(th)) {
    size_t i;
    json_t *x;
    theme_ok = true;
    json_array_foreach(th, i, x) theme_ok = theme_ok && in_list(json_string_value(x), themes);
  }
  if (!theme_ok)
    missing(m, ms, "dcat:theme");
  if (!in_list(jstr(d, "frequency"), freqs))
    missing(m, ms, "dct:accrualPeriodicity");
  json_t *rh = json_object_get(d, "rightsHolder");
  if (!good_slug(jstr(rh, "id")) || !jstr(rh, "name"))
    missing(m, ms, "dct:rightsHolder");
  json_t *cp = json_object_get(d, "contactPoint");
  char *r = rep->missing_recommended;
  size_t rs = sizeof rep->missing_recommended;
  if (cp && (!jstr(cp, "name") || !jstr(cp, "email")))
    missing(m, ms, "vcard:fn+vcard:hasEmail");
  if (!cp)
    missing(r, rs, "dcat:contactPoint");
  if (!jstr(d, "subject"))
    missing(r, rs, "dct:subject");
}

/* The single "*-metadata.json" of `dir` (malloc'd path) or NULL. */
static char *find_metadata(const char *dir, json_t *desc, int *count) {
  const char *named = jstr(desc, "metadata");
  *count = 0;
  char *found = NULL;
  if (named) {
    *count = 1;
    if (asprintf(&found, "%s/%s", dir, named) < 0)
      abort();
    return found;
  }
  DIR *dh = opendir(dir);
  if (!dh)
    return NULL;
  struct dirent *e;
  while ((e = readdir(dh))) {
    size_t l = strlen(e->d_name);
    if (l > 14 && !strcmp(e->d_name + l - 14, "-metadata.json")) {
      ++*count;
      free(found);
      if (asprintf(&found, "%s/%s", dir, e->d_name) < 0)
        abort();
    }
  }
  closedir(dh);
  return found;
}

/* ---- the catalogue entries ----------------------------------------------- */

static void c_iri(TripleBuf *tb, const char *s, const char *p, const char *o) {
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_iri(o);
  tb_add(tb, &ts, &tp, &to);
}

static void c_lit(TripleBuf *tb, const char *s, const char *p, const char *lex, const char *dt,
                  const char *lang) {
  SilaTerm ts = sila_term_iri(s), tp = sila_term_iri(p), to = sila_term_literal(lex, dt, lang);
  tb_add(tb, &ts, &tp, &to);
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

static char *cat(const char *a, const char *b, const char *c) {
  char *s;
  if (asprintf(&s, "%s%s%s", a, b, c ? c : "") < 0)
    abort();
  return s;
}

/* Subjects whose catalogue triples a publish rewrites (all but the
 * catalogue's dcat:dataset links to the other datasets). */
typedef struct {
  char *iri[48];
  size_t n;
} Subjects;

static const char *subj(Subjects *ss, char *iri) {
  for (size_t i = 0; i < ss->n; i++)
    if (!strcmp(ss->iri[i], iri)) {
      free(iri);
      return ss->iri[i];
    }
  if (ss->n == sizeof ss->iri / sizeof ss->iri[0])
    abort(); /* catalogue() names at most 11 + 8 standards */
  ss->iri[ss->n++] = iri;
  return iri;
}

static void agent(TripleBuf *tb, const char *iri, json_t *a) {
  c_iri(tb, iri, RDF_TYPE, NS_DCATAPIT "Agent");
  c_iri(tb, iri, RDF_TYPE, NS_FOAF "Agent");
  c_lit(tb, iri, NS_DCT "identifier", jstr(a, "id"), NULL, NULL);
  c_lit(tb, iri, NS_FOAF "name", jstr(a, "name"), NULL, "it");
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
static void catalogue(TripleBuf *tb, Subjects *ss, json_t *d, const char *base, const char *today,
                      const char *csv_name, uint64_t rows) {
  const char *slug = jstr(d, "slug");
  json_t *rh = json_object_get(d, "rightsHolder");
  const char *catalog = subj(ss, cat(base, "/catalogo", NULL));
  const char *ds = subj(ss, cat(base, "/set/", slug));
  char *a = cat(base, "/id/organizzazione/", jstr(rh, "id"));
  const char *holder = subj(ss, a);
  const char *region = subj(ss, cat(base, "/id/organizzazione/", "r_calabr"));
  const char *licence = jstr(d, "licence") ? jstr(d, "licence") : SILA_PUBLISH_DEFAULT_LICENCE;
  licence = subj(ss, strdup(licence));
  const char *sparql = subj(ss, cat(base, "/sparql", NULL));

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
  char *home = cat(base, "/", NULL);
  c_iri(tb, catalog, NS_FOAF "homepage", home);
  free(home);
  c_iri(tb, catalog, NS_DCT "language", EU_LANG_ITA);
  c_iri(tb, catalog, NS_DCAT "themeTaxonomy",
        "http://publications.europa.eu/resource/authority/data-theme");
  c_iri(tb, catalog, NS_DCAT "dataset", ds);
  c_iri(tb, catalog, NS_DCAT "service", sparql);
  json_t *region_desc = json_pack("{s:s, s:s}", "id", "r_calabr", "name", "Regione Calabria");
  agent(tb, region, region_desc);
  json_decref(region_desc);
  if (holder != region)
    agent(tb, holder, rh);

  /* the dataset */
  c_iri(tb, ds, RDF_TYPE, NS_DCATAPIT "Dataset");
  c_iri(tb, ds, RDF_TYPE, NS_DCAT "Dataset");
  char *id = cat(jstr(rh, "id"), ":", slug);
  c_lit(tb, ds, NS_DCT "identifier", id, NULL, NULL);
  free(id);
  c_text(tb, ds, NS_DCT "title", json_object_get(d, "title"));
  c_text(tb, ds, NS_DCT "description", json_object_get(d, "description"));
  c_lit(tb, ds, NS_DCT "modified", jstr(d, "modified"), XSD_DATE, NULL);
  /* The CSV rows the published graph was mapped from (regional vocabulary:
   * DCAT has no row count), shown on the dataset page beside the triples. */
  char nrows[32];
  snprintf(nrows, sizeof nrows, "%llu", (unsigned long long)rows);
  c_lit(tb, ds, "https://dati.calabria.it/onto/numeroRighe", nrows, SILA_NS_XSD "integer", NULL);
  if (is_date(jstr(d, "issued")))
    c_lit(tb, ds, NS_DCT "issued", jstr(d, "issued"), XSD_DATE, NULL);
  json_t *th = json_object_get(d, "theme"), *x;
  size_t i;
  if (json_is_string(th)) {
    char *t = cat(EU_THEME, json_string_value(th), NULL);
    c_iri(tb, ds, NS_DCAT "theme", t);
    free(t);
  }
  json_array_foreach(th, i, x) {
    char *t = cat(EU_THEME, json_string_value(x), NULL);
    c_iri(tb, ds, NS_DCAT "theme", t);
    free(t);
  }
  char *fq = cat(EU_FREQ, jstr(d, "frequency"), NULL);
  c_iri(tb, ds, NS_DCT "accrualPeriodicity", fq);
  free(fq);
  c_iri(tb, ds, NS_DCT "rightsHolder", holder);
  c_iri(tb, ds, NS_DCT "publisher", holder);
  if (jstr(d, "subject"))
    c_iri(tb, ds, NS_DCT "subject", jstr(d, "subject"));
  c_iri(tb, ds, NS_DCT "language", EU_LANG_ITA);
  c_iri(tb, ds, NS_DCAT "landingPage", ds);
  json_array_foreach(json_object_get(d, "keywords"), i, x) if (json_is_string(x))
      c_lit(tb, ds, NS_DCAT "keyword", json_string_value(x), NULL, "it");
  json_array_foreach(json_object_get(d, "conformsTo"), i, x) if (json_is_string(x) && i < 8) {
    /* a dcatapit:Standard of our own naming the ontology it follows */
    const char *onto = json_string_value(x);
    const char *name = strrchr(onto, '/');
    name = name && name[1] ? name + 1 : onto;
    const char *std = subj(ss, cat(base, "/id/standard/", name));
    c_iri(tb, ds, NS_DCT "conformsTo", std);
    c_iri(tb, std, RDF_TYPE, NS_DCATAPIT "Standard");
    c_iri(tb, std, RDF_TYPE, NS_DCT "Standard");
    c_lit(tb, std, NS_DCT "identifier", onto, NULL, NULL);
  }
  json_t *cp = json_object_get(d, "contactPoint");
  if (cp) {
    const char *c = subj(ss, cat(ds, "/punto-di-contatto", NULL));
    c_iri(tb, ds, NS_DCAT "contactPoint", c);
    c_iri(tb, c, RDF_TYPE, NS_DCATAPIT "Organization");
    c_iri(tb, c, RDF_TYPE, NS_VCARD "Organization");
    c_iri(tb, c, RDF_TYPE, NS_VCARD "Kind");
    c_lit(tb, c, NS_VCARD "fn", jstr(cp, "name"), NULL, "it");
    char *mail = cat("mailto:", jstr(cp, "email"), NULL);
    c_iri(tb, c, NS_VCARD "hasEmail", mail);
    free(mail);
  }

  /* distributions: the CSV, the dumps, the SPARQL endpoint */
  const char *dcsv = subj(ss, cat(ds, "/distribuzione/csv", NULL));
  const char *dttl = subj(ss, cat(ds, "/distribuzione/ttl", NULL));
  const char *dnt = subj(ss, cat(ds, "/distribuzione/nt", NULL));
  const char *dsparql = subj(ss, cat(ds, "/distribuzione/sparql", NULL));
  char *file_name = cat(slug, "/", csv_name);
  char *files = cat(base, "/files/", file_name);
  free(file_name);
  char *dump_ttl = cat(base, "/dump/", slug), *ttl = cat(dump_ttl, ".ttl", NULL);
  char *nt = cat(dump_ttl, ".nt.gz", NULL);
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
  if (!strcmp(licence, SILA_PUBLISH_DEFAULT_LICENCE)) {
    c_iri(tb, licence, NS_DCT "type", "http://purl.org/adms/licencetype/Attribution");
    c_lit(tb, licence, NS_FOAF "name",
          "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)", NULL, "it");
  }
}

/* Removes the catalogue triples of `s` (for the catalogue node itself,
 * all but its dcat:dataset and dcat:service links). */
static SilaStatus clear_subject(SilaTxn *txn, SilaId g, const char *iri, bool keep_links,
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
      cap = cap ? 2 * cap : 32;
      del = realloc(del, cap * sizeof *del);
      if (!del)
        abort();
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

/* ---- publish ------------------------------------------------------------- */

void sila_publish_options_init(SilaPublishOptions *o) {
  memset(o, 0, sizeof *o);
  o->base = SILA_PUBLISH_DEFAULT_BASE;
}

/* The basename of the table's CSV (base_only) or its path beside the
 * metadata, from the metadata's "url". */
static char *csv_of(const char *metadata, bool base_only) {
  json_t *m = json_load_file(metadata, 0, NULL);
  const char *u = json_string_value(json_object_get(m, "url"));
  if (!u)
    u = json_string_value(json_object_get(json_array_get(json_object_get(m, "tables"), 0), "url"));
  const char *slash = u ? strrchr(u, '/') : NULL;
  char *r;
  if (base_only) {
    r = strdup(u ? (slash ? slash + 1 : u) : "data.csv");
  } else {
    const char *ms = strrchr(metadata, '/');
    int dl = ms ? (int)(ms - metadata) : 1;
    if (!u || strstr(u, "://") || asprintf(&r, "%.*s/%s", dl, ms ? metadata : ".", u) < 0)
      r = NULL;
  }
  json_decref(m);
  return r;
}
#define csv_name_of(metadata) csv_of(metadata, true)

/* The whole file in memory (NULL, *len 0 when unreadable). */
static char *slurp(const char *path, size_t *len) {
  *len = 0;
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f)
    return NULL;
  SilaBuf b = SILA_BUF_INIT;
  char chunk[65536];
  size_t n;
  int e = 0;
  while (!e && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    e = sila_buf_append(&b, chunk, n);
  bool bad = ferror(f) || e;
  fclose(f);
  if (bad) {
    sila_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data ? b.data : strdup("");
}

/* The CSV as published, served at /files/{file_name}. */
typedef struct {
  char *file_name;
  char *data;
  size_t len;
  char *meta_name, *meta; /* its CSVW metadata, for the dataset page's preview */
  size_t meta_len;
} CsvFile;

static SilaStatus write_all(SilaStore *store, const MapCtx *m, const TripleBuf *ctb,
                            const Subjects *ss, const char *base, const CsvFile *csv,
                            SilaPublishReport *rep, SilaError *err) {
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot begin the write transaction: %s",
                          sila_strerror(st));
  SilaTerm gt = sila_term_iri(rep->graph);
  char *catalog = cat(base, "/catalogo", NULL);
  SilaTerm ct = sila_term_iri(catalog);
  SilaId g, cg;
  if (sila_txn_lookup(txn, &gt, &g) == SILA_OK)
    st = sila_txn_clear_graph(txn, g, &rep->replaced);
  if (!st && sila_txn_lookup(txn, &ct, &cg) == SILA_OK) {
    uint64_t removed = 0;
    for (size_t i = 0; i < ss->n && !st; i++)
      st = clear_subject(txn, cg, ss->iri[i], !strcmp(ss->iri[i], catalog), &removed);
  }
  /* two bulk loads, so the report can tell the distinct data triples
   * (a mapping may state the same triple twice) */
  for (int pass = 0; pass < 2 && !st; pass++) {
    SilaBulk *bulk = NULL;
    uint64_t added = 0;
    st = sila_bulk_new(txn, &bulk);
    if (!st)
      st = pass ? tb_replay(ctb, bulk, &ct) : tb_replay(&m->data, bulk, &gt);
    if (bulk) {
      SilaStatus fst = sila_bulk_finish(bulk, &added);
      if (!st)
        st = fst;
    }
    if (!pass)
      rep->triples = added;
  }
  free(catalog);
  /* The CSV goes with its graph: the catalogue's download link resolves
   * exactly when the data it describes is there. */
  if (!st && csv->data)
    st = sila_txn_put_file(txn, csv->file_name, csv->data, csv->len);
  if (!st && csv->data && csv->meta)
    st = sila_txn_put_file(txn, csv->meta_name, csv->meta, csv->meta_len);
  if (st) {
    sila_txn_abort(txn);
    return sila_error_set(err, st, 0, 0, "writing the dataset failed: %s", sila_strerror(st));
  }
  st = sila_txn_commit(txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "commit failed: %s", sila_strerror(st));
  rep->written = true;
  return SILA_OK;
}

SilaStatus sila_publish(SilaStore *store, const char *dir, const SilaPublishOptions *opts,
                        SilaPublishReport *rep, SilaError *err) {
  SilaPublishOptions defaults;
  if (!opts) {
    sila_publish_options_init(&defaults);
    opts = &defaults;
  }
  memset(rep, 0, sizeof *rep);
  const char *base = opts->base ? opts->base : SILA_PUBLISH_DEFAULT_BASE;
  char today[16];
  if (opts->today) {
    snprintf(today, sizeof today, "%s", opts->today);
  } else {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
  }
  SilaError local = {0};
  if (!err)
    err = &local; /* a violated `required` is found through err->status */
  err->file = dir;
  if (!store && !opts->dry_run)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no store to publish into");

  char *desc_path = cat(dir, "/dataset.json", NULL);
  json_error_t jerr;
  json_t *d = json_load_file(desc_path, 0, &jerr);
  free(desc_path);
  if (!d) {
    bool absent = strstr(jerr.text, "unable to open") != NULL;
    return sila_error_set(err, absent ? SILA_ERR_NOT_FOUND : SILA_ERR_SYNTAX,
                          absent ? 0 : (unsigned long)jerr.line,
                          absent ? 0 : (unsigned long)jerr.column, "dataset.json: %s", jerr.text);
  }
  check_description(d, rep);
  if (jstr(d, "slug"))
    snprintf(rep->slug, sizeof rep->slug, "%s", jstr(d, "slug"));
  snprintf(rep->graph, sizeof rep->graph, "%s/set/%s", base, rep->slug);

  int count;
  char *metadata = find_metadata(dir, d, &count);
  SilaStatus st = SILA_OK;
  if (count != 1) {
    if (count)
      st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0,
                          "%d *-metadata.json files: name one in dataset.json (\"metadata\")",
                          count);
    else
      st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no CSVW metadata (*-metadata.json)");
    free(metadata);
    json_decref(d);
    return st;
  }
  snprintf(rep->metadata, sizeof rep->metadata, "%s", metadata);

  MapCtx m = {.rep = rep, .opts = opts, .base = base, .err = err};
  SilaCsvwOptions co;
  sila_csvw_options_init(&co);
  co.extensions = true;
  co.local_only = true;
  co.warning = on_warning;
  co.warning_ctx = &m;
  SilaError merr = {0};
  st = sila_csvw_map(metadata, &co, on_triple, &m, &merr);
  if (st) {
    rep->errors++;
    if (!err->status) {
      *err = merr;
      err->file = rep->metadata; /* merr.file is `metadata`, freed below */
    }
  } else if (err->status) {
    st = err->status; /* a violated `required` */
  }
  if (!st && rep->missing[0])
    st = sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                        "dataset.json: missing or malformed DCAT-AP_IT mandatory properties: %s",
                        rep->missing);
  if (!st && rep->triples == 0)
    st = sila_error_set(err, SILA_ERR_INVALID, 0, 0, "the mapping produced no triples");
  if (st && !err->file)
    err->file = dir;

  TripleBuf ctb = {SILA_BUF_INIT, 0};
  Subjects ss = {{0}, 0};
  if (!st) {
    rep->stars = rep->external_links ? 5 : 4;
    char *csv = csv_name_of(metadata);
    catalogue(&ctb, &ss, d, base, today, csv, rep->rows);
    rep->catalogue_triples = ctb.n;
    if (!opts->dry_run) {
      err->file = dir;
      char *path = csv_of(metadata, false);
      CsvFile file = {cat(rep->slug, "/", csv), NULL, 0, NULL, NULL, 0};
      file.data = slurp(path, &file.len);
      file.meta_name = cat(file.file_name, "-metadata.json", NULL);
      file.meta = slurp(metadata, &file.meta_len);
      free(path);
      st = write_all(store, &m, &ctb, &ss, base, &file, rep, err);
      free(file.file_name);
      free(file.data);
      free(file.meta_name);
      free(file.meta);
    }
    free(csv);
  }
  if (st)
    rep->stars = 0;
  for (size_t i = 0; i < ss.n; i++)
    free(ss.iri[i]);
  sila_buf_free(&ctb.buf);
  sila_buf_free(&m.data.buf);
  for (size_t i = 0; i < m.nskip; i++)
    free(m.skip[i]);
  free(m.skip);
  free(metadata);
  json_decref(d);
  return st;
}
