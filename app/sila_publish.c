/* sila_publish.c — a dataset folder to its named graph + the DCAT-AP_IT
 * catalogue, all or nothing (see sila_publish.h).
 *
 * The CSV is mapped completely into memory before the store is touched:
 * CSVW reports errors mid-stream and triples already sent cannot be taken
 * back, so only a mapping that ended cleanly reaches the write transaction. */
#define _GNU_SOURCE /* asprintf, strndup */
#include "sila_publish.h"
#include "publish_internal.h"
#include "sila_inspect.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


/* ---- mapping ------------------------------------------------------------- */

/* The IRIs of the national municipality vocabulary the project holds
 * (vocabularies/comuni-calabria.csv, current, and -soppressi.csv, former):
 * a link to another IRI under this prefix points at nothing. */
#define NS_CITIES "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/"

typedef struct {
  char **ids; /* the last segment of the IRIs, sorted */
  size_t n, cap;
  bool loaded;
} KnownCities;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds field `field` (0-based; -1 = the last) of every row after the
 * header of the simple CSV `path` (no quoted commas).  False on OOM. */
static bool cities_read(KnownCities *kc, const char *path, int field) {
  errno = 0;
  FILE *f = fopen(path, "r");
  if (!f)
    return errno != ENOMEM; /* absent: nothing to check against */
  kc->loaded = true;
  char line[1024];
  bool ok = true, header = true;
  while (ok && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (header) {
      header = false;
      continue;
    }
    const char *v = line;
    if (field < 0) {
      const char *c = strrchr(line, ',');
      v = c ? c + 1 : line;
    } else {
      for (int i = 0; i < field && v; i++)
        v = strchr(v, ',') ? strchr(v, ',') + 1 : NULL;
    }
    if (!v || !*v)
      continue;
    size_t len = strcspn(v, ",");
    if (kc->n == kc->cap) {
      size_t cap = kc->cap ? 2 * kc->cap : 512;
      char **grown = realloc(kc->ids, cap * sizeof *grown);
      if (!grown) {
        ok = false;
        break;
      }
      kc->ids = grown;
      kc->cap = cap;
    }
    if (!(kc->ids[kc->n] = strndup(v, len)))
      ok = false;
    else
      kc->n++;
  }
  fclose(f);
  return ok;
}

static bool cities_has(const KnownCities *kc, const char *id, size_t len) {
  char key[128];
  if (len >= sizeof key)
    return false;
  memcpy(key, id, len);
  key[len] = '\0';
  const char *k = key;
  return kc->n && bsearch(&k, kc->ids, kc->n, sizeof *kc->ids, cmp_str) != NULL;
}

static void cities_free(KnownCities *kc) {
  for (size_t i = 0; i < kc->n; i++)
    free(kc->ids[i]);
  free(kc->ids);
}

typedef struct {
  TripleBuf data;
  KnownCities cities;
  SilaPublishReport *rep;
  const SilaPublishOptions *opts;
  const char *base;
  SilaError *err;
  /* blank nodes of CSVW's table/row structure: their triples are dropped */
  char **skip;
  size_t nskip, capskip;
  bool oom;
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
    size_t cap = m->capskip ? 2 * m->capskip : 16;
    char **grown = realloc(m->skip, cap * sizeof *m->skip);
    if (!grown) {
      m->oom = true;
      return;
    }
    m->skip = grown;
    m->capskip = cap;
  }
  char *label = strndup(t->value, t->value_len);
  if (!label) {
    m->oom = true;
    return;
  }
  m->skip[m->nskip++] = label;
}

static void on_error(void *ctx, const char *file, unsigned long row, unsigned long col,
                     const char *msg);

/* A problem of the publication itself, as a code for the message sink. */
static void tell(const SilaPublishOptions *opts, const char *code, const char *file,
                 unsigned long row, unsigned long col, const char *value, const char *detail,
                 const char *msg) {
  if (!opts->message)
    return;
  SilaCsvwMessage m = {.code = code, .error = true, .file = file, .row = row, .column = col,
                       .value = value, .detail = detail, .message = msg};
  opts->message(opts->message_ctx, &m);
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
  publish_tb_add(&m->data, s, p, o);
  if (m->data.oom || m->oom)
    return SILA_ERR_NOMEM;
  m->rep->triples++;
  size_t bl = strlen(m->base), cl = sizeof NS_CITIES - 1;
  if (o->kind == SILA_TERM_IRI && m->cities.loaded && o->value_len > cl &&
      !strncmp(o->value, NS_CITIES, cl) &&
      !cities_has(&m->cities, o->value + cl, o->value_len - cl)) {
    /* a link to nothing: neither counted nor published */
    char msg[700];
    snprintf(msg, sizeof msg, "<%.*s> is not in the national vocabulary of municipalities",
             (int)(o->value_len > 600 ? 600 : o->value_len), o->value);
    on_error(m, m->rep->metadata, 0, 0, msg);
    char code[128];
    size_t cn = o->value_len - cl < sizeof code ? o->value_len - cl : sizeof code - 1;
    memcpy(code, o->value + cl, cn);
    code[cn] = '\0';
    tell(m->opts, SILA_PUBLISH_MSG_CITY, m->rep->metadata, 0, 0, code, NULL, msg);
    if (!m->err->status)
      sila_error_set(m->err, SILA_ERR_INVALID, 0, 0, "%s", msg);
    return SILA_OK;
  }
  if (o->kind == SILA_TERM_IRI && !term_is(p, RDF_TYPE) && o->value_len > 4 &&
      !strncmp(o->value, "http", 4) && !(o->value_len >= bl && !strncmp(o->value, m->base, bl)))
    m->rep->external_links++;
  return SILA_OK;
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  MapCtx *m = ctx;
  m->rep->warnings++;
  if (m->opts->warning)
    m->opts->warning(m->opts->warning_ctx, file, row, col, msg);
}

/* Strict CSVW errors (a violated `required` among them): all are listed,
 * the first becomes the refusal's reason. */
static void on_error(void *ctx, const char *file, unsigned long row, unsigned long col,
                     const char *msg) {
  MapCtx *m = ctx;
  m->rep->errors++;
  if (m->opts->error)
    m->opts->error(m->opts->error_ctx, file, row, col, msg);
}

static void on_message(void *ctx, const SilaCsvwMessage *msg) {
  MapCtx *m = ctx;
  if (m->opts->message)
    m->opts->message(m->opts->message_ctx, msg);
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


/* Checks the mandatory (and recommended) DCAT-AP_IT properties the
 * description must give; fills report->missing. */
static void check_description(json_t *d, SilaPublishReport *rep) {
  char *m = rep->missing;
  size_t ms = sizeof rep->missing;
  if (!good_slug(publish_jstr(d, "slug")))
    missing(m, ms, "slug");
  if (!has_text(json_object_get(d, "title")))
    missing(m, ms, "dct:title");
  if (!has_text(json_object_get(d, "description")))
    missing(m, ms, "dct:description");
  if (!publish_is_date(publish_jstr(d, "modified")))
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
  if (!in_list(publish_jstr(d, "frequency"), freqs))
    missing(m, ms, "dct:accrualPeriodicity");
  json_t *rh = json_object_get(d, "rightsHolder");
  if (!good_slug(publish_jstr(rh, "id")) || !publish_jstr(rh, "name"))
    missing(m, ms, "dct:rightsHolder");
  json_t *cp = json_object_get(d, "contactPoint");
  char *r = rep->missing_recommended;
  size_t rs = sizeof rep->missing_recommended;
  if (cp && (!publish_jstr(cp, "name") || !publish_jstr(cp, "email")))
    missing(m, ms, "vcard:fn+vcard:hasEmail");
  if (!cp)
    missing(r, rs, "dcat:contactPoint");
  if (!publish_jstr(d, "subject"))
    missing(r, rs, "dct:subject");
}

/* The single "*-metadata.json" of `dir` (malloc'd path) or NULL. */
static char *find_metadata(const char *dir, json_t *desc, int *count) {
  const char *named = publish_jstr(desc, "metadata");
  *count = 0;
  char *found = NULL;
  if (named) {
    *count = 1;
    if (asprintf(&found, "%s/%s", dir, named) < 0)
      return NULL;
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
        found = NULL;
    }
  }
  closedir(dh);
  return found;
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
  if (!m)
    return NULL; /* it was read a moment ago: out of memory */
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
  char *catalog = publish_cat(base, "/catalogo", NULL);
  if (!catalog) {
    sila_txn_abort(txn);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  SilaTerm ct = sila_term_iri(catalog);
  SilaId g, cg;
  if (sila_txn_lookup(txn, &gt, &g) == SILA_OK)
    st = sila_txn_clear_graph(txn, g, &rep->replaced);
  if (!st && sila_txn_lookup(txn, &ct, &cg) == SILA_OK) {
    uint64_t removed = 0;
    for (size_t i = 0; i < ss->n && !st; i++)
      st = publish_clear_subject(txn, cg, ss->iri[i], !strcmp(ss->iri[i], catalog), &removed);
  }
  /* two bulk loads, so the report can tell the distinct data triples
   * (a mapping may state the same triple twice) */
  for (int pass = 0; pass < 2 && !st; pass++) {
    SilaBulk *bulk = NULL;
    uint64_t added = 0;
    st = sila_bulk_new(txn, &bulk);
    if (!st)
      st = pass ? publish_tb_replay(ctb, bulk, &ct) : publish_tb_replay(&m->data, bulk, &gt);
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

/* The nearest "vocabularies" folder beside `dir` or above it (three
 * levels at most), malloc'd, or NULL. */
static char *find_vocabularies(const char *dir) {
  char *real = realpath(dir, NULL);
  if (!real)
    return NULL;
  char *found = NULL;
  for (int up = 0; up < 4 && !found; up++) {
    char *slash = strrchr(real, '/');
    if (!slash)
      break;
    if (up > 0)
      *slash = '\0'; /* one level up */
    char *cand;
    if (asprintf(&cand, "%s/vocabularies", real[0] ? real : "") < 0)
      break;
    struct stat sb;
    if (stat(cand, &sb) == 0 && S_ISDIR(sb.st_mode))
      found = cand;
    else
      free(cand);
    if (!real[0])
      break;
  }
  free(real);
  return found;
}

/* A CSV that is not UTF-8 where the metadata says it is: name what it
 * looks like, so the steward knows what to write in the dialect. */
static void encoding_hint(SilaError *merr) {
  SilaInspection *in = NULL;
  SilaError ierr = {0};
  if (sila_inspect_csv(merr->file, &in, &ierr) || !strcmp(in->encoding, "utf-8")) {
    sila_inspection_free(in);
    return;
  }
  char msg[sizeof merr->message + 200];
  snprintf(msg, sizeof msg,
           "%s; the file looks like %s (libuchardet: %s): write \"encoding\": \"%s\" in the "
           "metadata's dialect",
           merr->message, in->encoding, in->detector[0] ? in->detector : "-", in->encoding);
  memcpy(merr->message, msg, sizeof merr->message - 1);
  merr->message[sizeof merr->message - 1] = '\0';
  sila_inspection_free(in);
}

/* An error of the dataset folder itself (dataset.json, which metadata):
 * counted, told to the error sink, kept as the reason. */
static SilaStatus folder_error(const SilaPublishOptions *opts, SilaPublishReport *rep,
                               SilaError *err, const char *file, SilaStatus st, unsigned long line,
                               unsigned long col, const char *msg, const char *code,
                               const char *value, const char *detail) {
  rep->errors++;
  if (opts->error)
    opts->error(opts->error_ctx, file, line, col, msg);
  tell(opts, code, file, line, col, value, detail, msg);
  return sila_error_set(err, st, line, col, "%s", msg);
}

static void set_reason(SilaPublishReport *rep, const SilaError *err) {
  char buf[sizeof rep->reason];
  sila_error_format(err, buf, sizeof buf);
  memcpy(rep->reason, buf, sizeof rep->reason);
}

static SilaStatus publish(SilaStore *store, const char *dir, const SilaPublishOptions *opts,
                          SilaPublishReport *rep, SilaError *err) {
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
  err->file = dir;
  if (!store && !opts->dry_run)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no store to publish into");

  char *desc_path = publish_cat(dir, "/dataset.json", NULL);
  if (!desc_path)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  json_error_t jerr;
  json_t *d = json_load_file(desc_path, 0, &jerr);
  if (!d) {
    bool absent = access(desc_path, F_OK) != 0;
    snprintf(rep->error_file, sizeof rep->error_file, "%s", desc_path);
    free(desc_path);
    err->file = rep->error_file;
    if (absent) {
      snprintf(rep->missing, sizeof rep->missing, "dataset.json (the whole DCAT-AP_IT description)");
      return folder_error(opts, rep, err, rep->error_file, SILA_ERR_NOT_FOUND, 0, 0,
                          "unable to open: no DCAT-AP_IT description (title, "
                          "description, theme, frequency, contact...) in the dataset folder",
                          SILA_PUBLISH_MSG_NO_DESCRIPTION, NULL, NULL);
    }
    char msg[300];
    snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.text);
    return folder_error(opts, rep, err, rep->error_file, SILA_ERR_SYNTAX, (unsigned long)jerr.line,
                        (unsigned long)jerr.column, msg, SILA_PUBLISH_MSG_JSON, NULL, jerr.text);
  }
  free(desc_path);
  check_description(d, rep);
  if (publish_jstr(d, "slug"))
    snprintf(rep->slug, sizeof rep->slug, "%s", publish_jstr(d, "slug"));
  snprintf(rep->graph, sizeof rep->graph, "%s/set/%s", base, rep->slug);

  int count;
  char *metadata = find_metadata(dir, d, &count);
  SilaStatus st = SILA_OK;
  if (count != 1 || !metadata) {
    char msg[200];
    if (count > 1)
      snprintf(msg, sizeof msg, "%d *-metadata.json files: name one in dataset.json (\"metadata\")",
               count);
    else
      snprintf(msg, sizeof msg, "no CSVW metadata (*-metadata.json)");
    char how_many[16];
    snprintf(how_many, sizeof how_many, "%d", count);
    st = folder_error(opts, rep, err, dir, SILA_ERR_NOT_FOUND, 0, 0, msg,
                      SILA_PUBLISH_MSG_METADATA, how_many, NULL);
    free(metadata);
    json_decref(d);
    return st;
  }
  snprintf(rep->metadata, sizeof rep->metadata, "%s", metadata);

  char *vocab = opts->vocabularies ? strdup(opts->vocabularies) : find_vocabularies(dir);
  if (opts->vocabularies && !vocab) {
    free(metadata);
    json_decref(d);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  const char *allowed[] = {dir, vocab, NULL};
  MapCtx m = {.rep = rep, .opts = opts, .base = base, .err = err};
  SilaCsvwOptions co;
  sila_csvw_options_init(&co);
  co.extensions = true;
  co.local_only = true;
  co.strict = true;
  co.warning = on_warning;
  co.warning_ctx = &m;
  co.error = on_error;
  co.error_ctx = &m;
  co.message = on_message;
  co.message_ctx = &m;
  co.allowed_dirs = allowed;
  co.vocabularies = vocab;
  if (vocab) {
    char *cur = publish_cat(vocab, "/comuni-calabria.csv", NULL),
         *former = publish_cat(vocab, "/comuni-calabria-soppressi.csv", NULL);
    if (!cur || !former || !cities_read(&m.cities, cur, -1) || !cities_read(&m.cities, former, 1))
      m.oom = true;
    free(cur);
    free(former);
    if (m.cities.n)
      qsort(m.cities.ids, m.cities.n, sizeof *m.cities.ids, cmp_str);
  }
  if (m.oom) { /* an incomplete vocabulary would call good links bad */
    free(vocab);
    cities_free(&m.cities);
    free(metadata);
    json_decref(d);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  SilaError merr = {0};
  st = sila_csvw_map(metadata, &co, on_triple, &m, &merr);
  free(vocab);
  if (st == SILA_ERR_SYNTAX && merr.file && strstr(merr.message, "invalid UTF-8"))
    encoding_hint(&merr);
  if (st) {
    if (!rep->errors) { /* a hard error (not one of the listed ones): list it */
      on_error(&m, merr.file, merr.line, merr.column, merr.message);
      tell(opts, SILA_CSVW_MSG_OTHER, merr.file, merr.line, merr.column, NULL, NULL,
           merr.message);
    }
    if (!err->status) {
      *err = merr;
      /* merr.file is `metadata` (freed below) or thread-local storage */
      snprintf(rep->error_file, sizeof rep->error_file, "%s", merr.file ? merr.file : "");
      err->file = rep->error_file;
    }
  } else if (err->status) {
    st = err->status;
  } else if (m.oom) {
    st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory while mapping");
  }
  if (!st && rep->missing[0]) {
    char msg[700];
    snprintf(msg, sizeof msg, "missing or malformed DCAT-AP_IT mandatory properties: %s",
             rep->missing);
    snprintf(rep->error_file, sizeof rep->error_file, "%s/dataset.json", dir);
    st = folder_error(opts, rep, err, rep->error_file, SILA_ERR_INVALID, 0, 0, msg,
                      SILA_PUBLISH_MSG_DCAT, rep->missing, NULL);
    err->file = rep->error_file;
  }
  if (!st && rep->triples == 0)
    st = folder_error(opts, rep, err, dir, SILA_ERR_INVALID, 0, 0,
                      "the mapping produced no triples", SILA_PUBLISH_MSG_NO_TRIPLES, NULL, NULL);
  if (st && !err->file)
    err->file = dir;

  TripleBuf ctb = {SILA_BUF_INIT, 0, false};
  Subjects ss = {{0}, 0};
  if (!st) {
    rep->stars = rep->external_links ? 5 : 4;
    char *csv = csv_name_of(metadata);
    if (csv)
      publish_catalogue(&ctb, &ss, d, base, today, csv, rep->rows);
    if (!csv || ctb.oom)
      st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory building the catalogue");
    rep->catalogue_triples = ctb.n;
    if (!st && !opts->dry_run) {
      err->file = dir;
      char *path = csv_of(metadata, false);
      CsvFile file = {publish_cat(rep->slug, "/", csv), NULL, 0, NULL, NULL, 0};
      file.data = slurp(path, &file.len);
      file.meta_name = file.file_name ? publish_cat(file.file_name, "-metadata.json", NULL) : NULL;
      file.meta = slurp(metadata, &file.meta_len);
      free(path);
      if (!file.file_name)
        st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
      else
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
  cities_free(&m.cities);
  for (size_t i = 0; i < m.nskip; i++)
    free(m.skip[i]);
  free(m.skip);
  free(metadata);
  json_decref(d);
  return st;
}

SilaStatus sila_publish(SilaStore *store, const char *dir, const SilaPublishOptions *opts,
                        SilaPublishReport *rep, SilaError *err) {
  SilaPublishOptions defaults;
  if (!opts) {
    sila_publish_options_init(&defaults);
    opts = &defaults;
  }
  memset(rep, 0, sizeof *rep);
  SilaError local = {0};
  if (!err)
    err = &local;
  SilaStatus st = publish(store, dir, opts, rep, err);
  if (st) {
    if (!rep->errors)
      rep->errors = 1; /* a store failure is an error of this publish too */
    set_reason(rep, err);
  }
  return st;
}
