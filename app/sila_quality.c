/* sila_quality.c — the quality of every publish, kept in the ops tree as
 * "qual/{slug}/{seq}" JSON records, so a dataset's stars, DCAT-AP_IT
 * completeness, errors, warnings, links and freshness can be compared over
 * time (sila_prog.h). */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_kv.h"
#include "sila_prog.h"

#define DCT "http://purl.org/dc/terms/"
#define FOAF "http://xmlns.com/foaf/0.1/"

/* Days after dct:modified past which a dataset is late: the period of its
 * EU frequency plus a margin of about half a period (MONTHLY 45 as the
 * programme asks), none for irregular or unknown ones. */
static const struct {
  const char *code;
  int days;
} thresholds[] = {
    {"CONT", 2},        {"UPDATE_CONT", 2}, {"DAILY", 2},       {"DAILY_2", 2},
    {"WEEKLY", 10},     {"WEEKLY_2", 5},    {"WEEKLY_3", 14},   {"BIWEEKLY", 21},
    {"MONTHLY", 45},    {"MONTHLY_2", 23},  {"MONTHLY_3", 15},  {"BIMONTHLY", 90},
    {"QUARTERLY", 135}, {"ANNUAL_2", 270},  {"ANNUAL_3", 180},  {"ANNUAL", 545},
    {"BIENNIAL", 1095}, {"TRIENNIAL", 1460}, {"QUADRENNIAL", 1825}, {"QUINQUENNIAL", 2190},
    {"DECENNIAL", 4380},
};

/* The EU frequency codes (publications.europa.eu/resource/authority/
 * frequency) as Italian words that follow "aggiornamento" (masculine), the
 * EU vocabulary's own Italian labels (vocabularies/labels-vocabolari.ttl)
 * but for NEVER: one table for the dataset pages, /qualita and the
 * semiannual report. */
static const char *const frequencies[][2] = {
    {"ANNUAL", "annuale"},      {"ANNUAL_2", "semestrale"}, {"ANNUAL_3", "tre volte all'anno"},
    {"BIENNIAL", "biennale"},   {"BIMONTHLY", "bimestrale"}, {"BIWEEKLY", "quindicinale"},
    {"CONT", "continuo"},       {"DAILY", "quotidiano"},   {"DAILY_2", "due volte al giorno"},
    {"IRREG", "irregolare"},    {"MONTHLY", "mensile"},     {"MONTHLY_2", "bimensile"},
    {"MONTHLY_3", "tre volte al mese"}, {"QUARTERLY", "trimestrale"},
    {"TRIENNIAL", "triennale"}, {"QUADRENNIAL", "quadriennale"},
    {"QUINQUENNIAL", "quinquennale"}, {"DECENNIAL", "decennale"},
    {"WEEKLY", "settimanale"},  {"WEEKLY_2", "bisettimanale"},
    {"WEEKLY_3", "tre volte a settimana"}, {"NEVER", "nessuno (dato storico)"},
    {"UNKNOWN", "sconosciuto"},    {"OTHER", "altro"},
    {"UPDATE_CONT", "continuo"},
};

const char *sila_frequency_it(const char *code, size_t len) {
  for (size_t i = 0; code && i < sizeof frequencies / sizeof frequencies[0]; i++)
    if (strlen(frequencies[i][0]) == len && !strncmp(code, frequencies[i][0], len))
      return frequencies[i][1];
  return NULL;
}

int sila_quality_late_after(const char *frequency) {
  for (size_t i = 0; frequency && i < sizeof thresholds / sizeof thresholds[0]; i++)
    if (!strcmp(frequency, thresholds[i].code))
      return thresholds[i].days;
  return 0;
}

bool sila_quality_is_late(const SilaQualityRecord *r, const char *today, long *age) {
  long a = r->modified[0] ? sila_prog_days_between(r->modified, today) : 0;
  if (age)
    *age = a;
  int limit = sila_quality_late_after(r->frequency);
  return limit > 0 && r->modified[0] && a > limit;
}

/* The first value of (s, p) in graph g as text into buf ("" when none). */
static void value_of(SilaTxn *txn, SilaId s, const char *pred, SilaId g, char *buf, size_t size,
                     SilaId *obj) {
  buf[0] = 0;
  SilaTerm pt = sila_term_iri(pred);
  SilaId p;
  if (sila_txn_lookup(txn, &pt, &p))
    return;
  SilaIdQuad pat = {s, p, SILA_ID_ANY, g};
  SilaScan *sc;
  if (sila_scan_open(txn, &pat, 0, &sc))
    return;
  SilaIdQuad q;
  bool got = false;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.o, &t, tb))
      continue;
    bool it = t.lang && t.lang_len == 2 && !memcmp(t.lang, "it", 2);
    if (got && !it)
      continue;
    snprintf(buf, size, "%.*s", (int)t.value_len, t.value);
    if (obj)
      *obj = q.o;
    got = true;
    if (it || !t.lang)
      break;
  }
  sila_scan_free(sc);
}

static void catalogue_facts(SilaTxn *txn, const char *base, const char *slug,
                            SilaQualityRecord *r) {
  char ds[700], cat[600];
  snprintf(ds, sizeof ds, "%s/set/%s", base, slug);
  snprintf(cat, sizeof cat, "%s/catalogo", base);
  SilaTerm dt = sila_term_iri(ds), ct = sila_term_iri(cat);
  SilaId d, g;
  if (sila_txn_lookup(txn, &dt, &d) || sila_txn_lookup(txn, &ct, &g))
    return;
  char freq[300];
  value_of(txn, d, DCT "title", g, r->title, sizeof r->title, NULL);
  value_of(txn, d, DCT "modified", g, r->modified, sizeof r->modified, NULL);
  value_of(txn, d, DCT "accrualPeriodicity", g, freq, sizeof freq, NULL);
  const char *slash = strrchr(freq, '/');
  const char *code = slash ? slash + 1 : freq;
  size_t cl = strlen(code);
  if (cl < sizeof r->frequency)
    memcpy(r->frequency, code, cl + 1);
  char pub[600];
  SilaId pid = 0;
  value_of(txn, d, DCT "publisher", g, pub, sizeof pub, &pid);
  if (pid)
    value_of(txn, pid, FOAF "name", g, r->office, sizeof r->office, NULL);
}

static int count_words(const char *s) {
  int n = 0;
  for (bool in = false; *s; s++) {
    bool w = *s != ' ';
    n += w && !in;
    in = w;
  }
  return n;
}

static json_t *record_json(const SilaQualityRecord *r) {
  return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:I, s:I, s:I, s:I, s:i}",
                   "slug", r->slug, "date", r->date, "seq", (json_int_t)r->seq, "title", r->title,
                   "office", r->office, "frequency", r->frequency, "modified", r->modified,
                   "published", r->published, "stars", r->stars, "completeness",
                   r->completeness, "errors", (json_int_t)r->errors, "warnings",
                   (json_int_t)r->warnings, "triples", (json_int_t)r->triples, "links",
                   (json_int_t)r->links, "linked_pct", r->linked_pct);
}

static void str_field(json_t *o, const char *k, char *dst, size_t size) {
  snprintf(dst, size, "%s", json_string_value(json_object_get(o, k)) ?: "");
}

static bool record_parse(const void *v, size_t len, SilaQualityRecord *r) {
  memset(r, 0, sizeof *r);
  json_t *o = json_loadb(v, len, 0, NULL);
  if (!o)
    return false;
  str_field(o, "slug", r->slug, sizeof r->slug);
  str_field(o, "date", r->date, sizeof r->date);
  str_field(o, "title", r->title, sizeof r->title);
  str_field(o, "office", r->office, sizeof r->office);
  str_field(o, "frequency", r->frequency, sizeof r->frequency);
  str_field(o, "modified", r->modified, sizeof r->modified);
  r->seq = (uint64_t)json_integer_value(json_object_get(o, "seq"));
  r->published = json_is_true(json_object_get(o, "published"));
  r->stars = (int)json_integer_value(json_object_get(o, "stars"));
  r->completeness = (int)json_integer_value(json_object_get(o, "completeness"));
  r->errors = (uint64_t)json_integer_value(json_object_get(o, "errors"));
  r->warnings = (uint64_t)json_integer_value(json_object_get(o, "warnings"));
  r->triples = (uint64_t)json_integer_value(json_object_get(o, "triples"));
  r->links = (uint64_t)json_integer_value(json_object_get(o, "links"));
  r->linked_pct = (int)json_integer_value(json_object_get(o, "linked_pct"));
  json_decref(o);
  return r->slug[0] != 0;
}

typedef struct {
  const char *slug;
  SilaQualityRecord last;
  bool have;
  uint64_t max_seq;
} Prev;

static int find_prev(void *ctx, const char *k, size_t kl, const void *v, size_t vl) {
  (void)k, (void)kl;
  Prev *p = ctx;
  SilaQualityRecord r;
  if (!record_parse(v, vl, &r))
    return 0;
  if (r.seq > p->max_seq)
    p->max_seq = r.seq;
  if (!strcmp(r.slug, p->slug)) {
    p->last = r;
    p->have = true;
  }
  return 0;
}

SilaStatus sila_quality_record(SilaStore *store, const char *base, const SilaPublishReport *rep,
                               const char *today) {
  if (!rep->slug[0])
    return SILA_OK; /* nothing names the dataset */
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  if (st)
    return st;
  Prev prev;
  memset(&prev, 0, sizeof prev);
  prev.slug = rep->slug;
  st = sila_kv_scan(txn, "qual/", find_prev, &prev);
  SilaQualityRecord r;
  memset(&r, 0, sizeof r);
  if (prev.have) /* a refused publish keeps the facts of the last good one */
    r = prev.last;
  snprintf(r.slug, sizeof r.slug, "%s", rep->slug);
  snprintf(r.date, sizeof r.date, "%s", today);
  r.seq = prev.max_seq + 1;
  r.published = rep->written;
  catalogue_facts(txn, base, rep->slug, &r);
  r.stars = rep->stars;
  bool no_desc = !strncmp(rep->missing, "dataset.json", 12);
  int absent = no_desc ? 10 : count_words(rep->missing) + count_words(rep->missing_recommended);
  r.completeness = absent >= 10 ? 0 : (10 - absent) * 10;
  r.errors = rep->errors;
  r.warnings = rep->warnings;
  r.triples = rep->triples;
  r.links = rep->external_links;
  r.linked_pct = rep->triples ? (int)((rep->external_links * 100 + rep->triples / 2) / rep->triples)
                              : 0;
  json_t *o = record_json(&r);
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
  json_decref(o);
  char key[200];
  snprintf(key, sizeof key, "qual/%s/%012llu", r.slug, (unsigned long long)r.seq);
  if (!st)
    st = text ? sila_kv_put(txn, key, text, strlen(text)) : SILA_ERR_NOMEM;
  free(text);
  if (st) {
    sila_txn_abort(txn);
    return st;
  }
  return sila_txn_commit(txn);
}

typedef struct {
  SilaQualityRecord *v;
  size_t n, cap;
  bool oom;
} QList;

static int collect(void *ctx, const char *k, size_t kl, const void *v, size_t vl) {
  (void)k, (void)kl;
  QList *l = ctx;
  if (l->n == l->cap) {
    size_t nc = l->cap ? 2 * l->cap : 32;
    SilaQualityRecord *g = realloc(l->v, nc * sizeof *g);
    if (!g) {
      l->oom = true;
      return 1;
    }
    l->v = g;
    l->cap = nc;
  }
  if (record_parse(v, vl, &l->v[l->n]))
    l->n++;
  return 0;
}

SilaStatus sila_quality_history(SilaTxn *txn, SilaQualityRecord **out, size_t *n) {
  QList l = {0};
  SilaStatus st = sila_kv_scan(txn, "qual/", collect, &l);
  if (!st && l.oom)
    st = SILA_ERR_NOMEM;
  if (st) {
    free(l.v);
    l.v = NULL;
    l.n = 0;
  }
  *out = l.v;
  *n = l.n;
  return st;
}
