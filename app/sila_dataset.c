/* sila_dataset.c — writing a dataset folder from an inspected CSV (see
 * sila_dataset.h).  The JSON is built with jansson and written once the
 * whole of it exists, so a failure leaves no half-written metadata. */
#define _GNU_SOURCE /* asprintf */
#include "sila_dataset.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sila_csvw.h"

#define DEFAULT_BASE "https://dati.calabria.it"
#define ONTOPIA "https://w3id.org/italia/onto/"

void sila_todo_free(SilaTodo *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++)
    free(t->items[i]);
  free(t->items);
  t->items = NULL;
  t->n = 0;
}

__attribute__((format(printf, 2, 3))) static bool todo(SilaTodo *t, const char *fmt, ...) {
  char *s = NULL;
  va_list ap;
  va_start(ap, fmt);
  int r = vasprintf(&s, fmt, ap);
  va_end(ap);
  char **g = r >= 0 ? realloc(t->items, (t->n + 1) * sizeof *g) : NULL;
  if (!g) {
    free(s);
    return false;
  }
  t->items = g;
  t->items[t->n++] = s;
  return true;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The slug of a file name: lower case, [a-z0-9-], without ".csv". */
static char *slug_of(const char *path) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  size_t n = strlen(b);
  if (n > 4 && !strcasecmp(b + n - 4, ".csv"))
    n -= 4;
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  size_t w = 0;
  for (size_t i = 0; i < n && w < 100; i++) {
    char c = b[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      s[w++] = c;
    else if (w && s[w - 1] != '-')
      s[w++] = '-';
  }
  while (w && s[w - 1] == '-')
    w--;
  s[w] = '\0';
  if (!w) {
    free(s);
    return strdup("dataset");
  }
  return s;
}

/* The CSVW datatype of an inspected column (NULL = plain string). */
static json_t *datatype_of(const SilaInspectColumn *c) {
  char pivot[8];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  /* yy up to this year is 20yy, later ones 19yy */
  snprintf(pivot, sizeof pivot, "%d", (tm.tm_year + 1900) % 100 + 1);
  switch (c->kind) {
  case SILA_COL_INTEGER:
    return c->group_char ? json_pack("{s:s, s:{s:s}}", "base", "integer", "format", "groupChar", ".")
                         : json_string("integer");
  case SILA_COL_DECIMAL: {
    char dc[2] = {c->decimal_char, 0};
    json_t *f = json_pack("{s:s}", "decimalChar", dc);
    if (f && c->group_char) {
      char g[2] = {c->group_char, 0};
      json_object_set_new(f, "groupChar", json_string(g));
    }
    return f ? json_pack("{s:s, s:o}", "base", "decimal", "format", f) : NULL;
  }
  case SILA_COL_DATE:
  case SILA_COL_DATETIME: {
    json_t *d = json_pack("{s:s, s:s}", "base", c->kind == SILA_COL_DATE ? "date" : "dateTime",
                          "format", c->date_format);
    if (d && c->two_digit_year)
      json_object_set_new(d, SILA_CSVW_NS "twoDigitYearPivot", json_integer(atoi(pivot)));
    return d;
  }
  case SILA_COL_BOOLEAN: return json_pack("{s:s, s:s}", "base", "boolean", "format", c->bool_format);
  default: return NULL;
  }
}

/* The folded names of the municipalities of vocabularies/comuni-calabria.csv
 * (its second column), sorted; NULL when the file is absent. */
static char **municipalities(const char *vocab, size_t *n) {
  *n = 0;
  char *path = NULL;
  if (!vocab || asprintf(&path, "%s/comuni-calabria.csv", vocab) < 0)
    return NULL;
  FILE *f = fopen(path, "r");
  free(path);
  if (!f)
    return NULL;
  char **names = NULL, line[512];
  size_t cap = 0;
  bool header = true;
  while (fgets(line, sizeof line, f)) {
    char *a = strchr(line, ','), *b = a ? strchr(a + 1, ',') : NULL;
    if (header || !b) {
      header = false;
      continue;
    }
    *b = '\0';
    if (*n == cap) {
      char **g = realloc(names, (cap = cap ? 2 * cap : 512) * sizeof *g);
      if (!g)
        break;
      names = g;
    }
    if ((names[*n] = sila_inspect_fold(a + 1)))
      ++*n;
  }
  fclose(f);
  if (*n)
    qsort(names, *n, sizeof *names, cmp_name);
  return names;
}

/* How many of the column's distinct values name a municipality. */
static size_t municipality_count(const SilaInspectColumn *c, char **names, size_t nnames) {
  size_t found = 0;
  for (size_t i = 0; i < c->ndistinct && nnames; i++) {
    char *f = sila_inspect_fold(c->distinct[i]);
    found += f && bsearch(&f, names, nnames, sizeof *names, cmp_name) != NULL;
    free(f);
  }
  return found;
}

#define NS_CITIES "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/"

/* A column of municipality names: linked to the national vocabulary
 * through the project's lookup table (found by name, see sila publish). */
static json_t *municipality_column(const SilaInspectColumn *c) {
  char *value_url = NULL;
  if (asprintf(&value_url, NS_CITIES "{+%s}", c->name) < 0)
    return NULL;
  json_t *col = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:s}", "name", c->name, "titles",
                          c->title, SILA_CSVW_NS "lookup", "url", "comuni-calabria.csv", "key",
                          "denominazione", "value", "codice_nazionale", "former",
                          "comuni-calabria-soppressi.csv", "propertyUrl",
                          "https://w3id.org/italia/onto/CLV/hasCity", "valueUrl", value_url);
  free(value_url);
  return col;
}

/* A column of the mapping of its own: its value under a property of the
 * dataset's namespace. */
static json_t *own_column(const SilaInspectColumn *c, const char *base, const char *slug) {
  char *prop = NULL;
  if (asprintf(&prop, "%s/onto/%s/%s", base, slug, c->name) < 0)
    return NULL;
  json_t *col = json_pack("{s:s, s:s, s:s}", "name", c->name, "titles", c->title, "propertyUrl",
                          prop);
  free(prop);
  if (!col)
    return NULL;
  json_t *dt = datatype_of(c);
  if (dt)
    json_object_set_new(col, "datatype", dt);
  else if (c->kind == SILA_COL_TEXT)
    json_object_set_new(col, "lang", json_string("it"));
  return col;
}

/* Lookup tables of a template point at "../x.csv": in a dataset folder the
 * name alone is found in the vocabularies folder (sila publish). */
static void lookup_by_name(json_t *col) {
  json_t *lk = json_object_get(col, SILA_CSVW_NS "lookup");
  const char *keys[] = {"url", "former"};
  for (int i = 0; i < 2 && lk; i++) {
    const char *u = json_string_value(json_object_get(lk, keys[i]));
    const char *slash = u ? strrchr(u, '/') : NULL;
    if (slash)
      json_object_set_new(lk, keys[i], json_string(slash + 1));
  }
}

/* The template's column for CSV column `c`, with the file's title and, where
 * the file writes a value differently (a date format, a decimal comma),
 * the inspected format. */
static json_t *template_column(json_t *tcol, const SilaInspectColumn *c, SilaTodo *t,
                               bool italian) {
  json_t *col = json_deep_copy(tcol);
  if (!col)
    return NULL;
  json_object_set_new(col, "titles", json_string(c->title));
  lookup_by_name(col);
  json_t *dt = json_object_get(col, "datatype");
  const char *base = json_is_string(dt) ? json_string_value(dt)
                                        : json_string_value(json_object_get(dt, "base"));
  bool datey = base && (!strcmp(base, "date") || !strcmp(base, "dateTime"));
  bool numeric = base && (!strcmp(base, "decimal") || !strcmp(base, "integer") ||
                          !strcmp(base, "nonNegativeInteger") || !strcmp(base, "double"));
  if ((datey && (c->kind == SILA_COL_DATE || c->kind == SILA_COL_DATETIME)) ||
      (numeric && (c->kind == SILA_COL_DECIMAL || c->kind == SILA_COL_INTEGER))) {
    json_t *mine = datatype_of(c);
    if (mine && json_is_object(mine)) {
      json_object_set_new(mine, "base", json_string(base)); /* the template's type stays */
      json_object_set_new(col, "datatype", mine);
    } else {
      json_decref(mine);
    }
  } else if ((datey || numeric) && c->kind != SILA_COL_EMPTY) {
    if (italian)
      todo(t, "colonna «%s»: il modello si aspetta %s, il file contiene %s (per esempio «%s»): "
              "controllala (la pubblicazione rifiuta un valore del tipo sbagliato)",
           c->title, numeric ? "numeri" : "date",
           c->kind == SILA_COL_TEXT ? "testo" : "valori di un altro tipo", c->example);
    else
      todo(t, "column \"%s\": the template expects a %s, the file holds %s (e.g. \"%s\"): check "
              "it (publishing refuses a value of the wrong type)",
           c->title, base, c->kind == SILA_COL_TEXT ? "text" : "another kind", c->example);
  }
  return col;
}

static SilaStatus write_json(const char *dir, const char *name, json_t *j, SilaError *err) {
  char *path = NULL;
  if (asprintf(&path, "%s/%s", dir, name) < 0)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  int rc = json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  SilaStatus st = rc ? sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: cannot write it", path) : SILA_OK;
  free(path);
  return st;
}

static SilaStatus copy_file(const char *from, const char *to, SilaError *err) {
  FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
  SilaStatus st = SILA_OK;
  if (!in || !out) {
    st = sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: %s", in ? to : from, strerror(errno));
  } else {
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
      if (fwrite(buf, 1, n, out) != n) {
        st = sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: %s", to, strerror(errno));
        break;
      }
    if (!st && ferror(in))
      st = sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: read error", from);
  }
  if (in)
    fclose(in);
  if (out && fclose(out) && !st)
    st = sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: %s", to, strerror(errno));
  return st;
}

/* The ontologies (OntoPiA modules) a metadata document's properties use. */
static json_t *ontologies_of(json_t *meta) {
  json_t *list = json_array();
  size_t i;
  json_t *col;
  json_array_foreach(json_object_get(json_object_get(meta, "tableSchema"), "columns"), i, col) {
    const char *p = json_string_value(json_object_get(col, "propertyUrl"));
    if (!p || strncmp(p, ONTOPIA, sizeof ONTOPIA - 1))
      continue;
    const char *end = strchr(p + sizeof ONTOPIA - 1, '/');
    if (!end)
      continue;
    char *onto = strndup(p, (size_t)(end - p));
    bool seen = false;
    size_t k;
    json_t *x;
    json_array_foreach(list, k, x) seen = seen || (onto && !strcmp(json_string_value(x), onto));
    if (onto && !seen)
      json_array_append_new(list, json_string(onto));
    free(onto);
  }
  return list;
}

static bool empty_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return errno == ENOENT;
  struct dirent *e;
  bool empty = true;
  while (empty && (e = readdir(d)))
    empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
  closedir(d);
  return empty;
}

SilaStatus sila_dataset_write(const SilaInspection *in, const SilaDatasetOptions *o,
                              SilaTodo *t, SilaError *err) {
  memset(t, 0, sizeof *t);
  const char *base = o->base ? o->base : DEFAULT_BASE;
  if (!empty_dir(o->out_dir))
    return sila_error_set(err, SILA_ERR_EXISTS, 0, 0,
                          "%s already holds files: choose another folder (--out)", o->out_dir);
  if (mkdir(o->out_dir, 0777) && errno != EEXIST)
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: %s", o->out_dir, strerror(errno));
  char *slug = o->slug ? strdup(o->slug) : slug_of(in->path);
  const char *csv_name = strrchr(in->path, '/') ? strrchr(in->path, '/') + 1 : in->path;
  json_t *tmpl = o->template_match ? json_load_file(o->template_match->path, 0, NULL) : NULL;
  json_t *tcols = json_object_get(json_object_get(tmpl, "tableSchema"), "columns");
  if (o->template_match && !tmpl) {
    free(slug);
    return sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: cannot read the template",
                          o->template_match->path);
  }
  json_t *meta = json_object(), *schema = json_object(), *cols = json_array();
  json_t *dialect = json_pack("{s:s, s:s, s:b, s:b}", "delimiter", (char[2]){in->delimiter, 0},
                              "encoding", in->encoding, "header", in->header, "skipBlankRows", true);
  bool ok = slug && meta && schema && cols && dialect;
  if (ok) {
    json_object_set_new(meta, "@context", json_pack("[s, {s:s}]", "http://www.w3.org/ns/csvw",
                                                    "@language", "it"));
    json_object_set_new(meta, "url", json_string(csv_name));
    json_object_set_new(meta, "dialect", dialect);
    dialect = NULL;
  }
  /* one column per header, in the file's order (CSVW maps by position) */
  const char *key = NULL; /* a column whose values tell the rows apart */
  size_t nnames = 0;
  char **names = municipalities(o->vocabularies, &nnames);
  for (size_t i = 0; ok && i < in->ncols; i++) {
    const SilaInspectColumn *c = &in->cols[i];
    int m = o->template_match ? o->template_match->match[i] : -1;
    size_t found = m < 0 && c->ndistinct >= 3 ? municipality_count(c, names, nnames) : 0;
    bool towns = found * 5 >= c->ndistinct * 4 && found; /* four in five are municipalities */
    json_t *col = m >= 0  ? template_column(json_array_get(tcols, (size_t)m), c, t, o->italian)
                  : towns ? municipality_column(c)
                          : own_column(c, base, slug);
    if (towns && o->italian)
      todo(t, "la colonna «%s» contiene nomi di comuni (%zu dei suoi %zu nomi sono nel vocabolario "
              "nazionale): è collegata ai loro IRI nazionali; gli altri nomi sono errori del "
              "rapporto, con i nomi più vicini",
           c->title, found, c->ndistinct);
    else if (towns)
      todo(t, "column \"%s\" names municipalities (%zu of its %zu names are in the national "
              "vocabulary): it links to their national IRIs; the others are errors of the report, "
              "with the closest names",
           c->title, found, c->ndistinct);
    ok = col && !json_array_append_new(cols, col);
    if (!key && c->unique && c->kind != SILA_COL_EMPTY && c->kind != SILA_COL_DECIMAL)
      key = c->name;
  }
  if (ok && tmpl) {
    /* the template's virtual columns, its subject IRIs and keys */
    size_t k;
    json_t *tc;
    json_array_foreach(tcols, k, tc) if (json_is_true(json_object_get(tc, "virtual")))
        json_array_append(cols, tc);
    const char *kk;
    json_t *v;
    json_object_foreach(json_object_get(tmpl, "tableSchema"), kk, v) if (strcmp(kk, "columns"))
        json_object_set(schema, kk, v);
    json_array_foreach(tcols, k, tc) {
      if (json_is_true(json_object_get(tc, "virtual")))
        continue;
      bool present = false;
      for (size_t i = 0; i < in->ncols; i++)
        present = present || o->template_match->match[i] == (int)k;
      const char *nm = json_string_value(json_object_get(tc, "name"));
      const char *about = json_string_value(json_object_get(json_object_get(tmpl, "tableSchema"),
                                                            "aboutUrl"));
      char var[80];
      snprintf(var, sizeof var, "{%s", nm ? nm : "");
      bool needed = !present && (json_is_true(json_object_get(tc, "required")) ||
                                 (about && nm && strstr(about, var)));
      if (needed && o->italian)
        todo(t, "la colonna «%s» del modello non è nel file%s: aggiungila al CSV, oppure scegli "
                "un altro modello o nessuno",
             nm ? nm : "?", json_is_true(json_object_get(tc, "required")) ? " (obbligatoria)" : "");
      else if (needed)
        todo(t, "the template's column \"%s\" is not in the file%s: add it to the CSV, or change "
                "the metadata's aboutUrl and columns",
             nm ? nm : "?", json_is_true(json_object_get(tc, "required")) ? " (required)" : "");
    }
  } else if (ok) {
    char *about = NULL, *type = NULL;
    ok = asprintf(&about, "%s/id/%s/{%s}", base, slug, key ? key : "_row") >= 0 &&
         asprintf(&type, "%s/onto/%s/Record", base, slug) >= 0;
    if (ok) {
      json_object_set_new(schema, "aboutUrl", json_string(about));
      if (key)
        json_object_set_new(schema, "primaryKey", json_string(key));
      json_array_append_new(cols, json_pack("{s:b, s:s, s:s}", "virtual", true, "propertyUrl",
                                            "rdf:type", "valueUrl", type));
    }
    free(about);
    free(type);
    if (o->italian)
      todo(t, "nessun modello corrisponde: le colonne sono pubblicate con proprietà proprie "
              "(%s/onto/%s/NOME); se un'ontologia nazionale (OntoPiA) ha il termine, scegli il "
              "modello che la usa",
           base, slug);
    else
      todo(t, "no template fits: the columns are published with properties of their own "
              "(%s/onto/%s/NAME); where a national ontology (OntoPiA) has the term, use it in "
              "%s-metadata.json",
           base, slug, csv_name);
    if (!key && o->italian)
      todo(t, "nessuna colonna distingue le righe: sono numerate (%s/id/%s/1, 2, ...); una "
              "colonna con un codice darebbe IRI stabili",
           base, slug);
    else if (!key)
      todo(t, "no column tells the rows apart: they are numbered (%s/id/%s/1, 2, ...); "
              "a code column would give stable IRIs",
           base, slug);
  }
  if (ok) {
    json_object_set_new(schema, "columns", cols);
    cols = NULL;
    json_object_set_new(meta, "tableSchema", schema);
    schema = NULL;
  }
  for (size_t i = 0; i < nnames; i++)
    free(names[i]);
  free(names);
  /* the DCAT-AP_IT description */
  char modified[16] = "";
  if (o->today) {
    snprintf(modified, sizeof modified, "%s", o->today);
  } else {
    struct stat sb;
    time_t when = stat(in->path, &sb) == 0 ? sb.st_mtime : time(NULL);
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(modified, sizeof modified, "%Y-%m-%d", &tm);
  }
  json_t *desc = ok ? json_pack("{s:s, s:{s:s}, s:{s:s}, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, "
                                "s:[], s:o}",
                                "slug", slug, "title", "it", "", "description", "it", "", "theme",
                                "", "frequency", "", "modified", modified, "rightsHolder", "id",
                                "r_calabr", "name", "Regione Calabria", "contactPoint", "name", "",
                                "email", "", "keywords", "conformsTo", ontologies_of(meta))
                    : NULL;
  ok = ok && desc;
  if (ok) {
    todo(t, "dataset.json \"title\": the dataset's name, in Italian (and \"en\" if you can)");
    todo(t, "dataset.json \"description\": what the rows are, where the data come from, how "
            "often they change");
    todo(t, "dataset.json \"theme\": one of AGRI ECON EDUC ENER ENVI GOVE HEAL INTR JUST REGI "
            "SOCI TECH TRAN (EU data themes)");
    todo(t, "dataset.json \"frequency\": how often it is updated: ANNUAL, MONTHLY, WEEKLY, DAILY, "
            "IRREG, NEVER, ... (EU frequencies)");
    todo(t, "dataset.json \"contactPoint\": the office's name and e-mail address");
    todo(t, "dataset.json \"rightsHolder\": Regione Calabria (r_calabr) is assumed: put the "
            "office or body that owns the data, if another");
    if (!in->rows && o->italian)
      todo(t, "il file non ha righe di dati: non c'è ancora niente da pubblicare");
    else if (!in->rows)
      todo(t, "the file has no data rows: there is nothing to publish yet");
    /* a date only in the file name ("..._2020-08-01.csv") is lost to the data */
    for (const char *p = csv_name; *p; p++)
      if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-' && strspn(p, "0123456789") == 4 &&
          strspn(p + 5, "0123456789") == 2 && strspn(p + 8, "0123456789") == 2) {
        if (o->italian)
          todo(t, "il nome del file contiene una data (%.10s) che nessuna colonna ha: se le righe "
                  "ne hanno bisogno (il giorno a cui si riferiscono i dati), aggiungila come "
                  "colonna del CSV",
               p);
        else
          todo(t, "the file name holds a date (%.10s) that no column has: if the rows need it "
                  "(the day the figures refer to), add it as a column of the CSV",
               p);
        break;
      }
    if (in->ragged_rows && o->italian)
      todo(t, "%lu righe hanno un numero di celle diverso dall'intestazione (la prima alla riga "
              "%lu): la pubblicazione le rifiuta; correggi il CSV",
           in->ragged_rows, in->first_ragged);
    else if (in->ragged_rows)
      todo(t, "%lu rows have another number of cells than the header (the first at line %lu): "
              "publish refuses them; correct the CSV",
           in->ragged_rows, in->first_ragged);
    for (size_t i = 0; i < in->ncols; i++)
      if (in->cols[i].kind == SILA_COL_EMPTY && o->italian)
        todo(t, "la colonna «%s» è vuota in ogni riga: riempila o lasciala (non dà triple)",
             in->cols[i].title);
      else if (in->cols[i].kind == SILA_COL_EMPTY)
        todo(t, "column \"%s\" is empty in every row: fill it or leave it (no triples)",
             in->cols[i].title);
  }
  SilaStatus st = ok ? SILA_OK : sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  char *meta_name = NULL;
  if (!st && asprintf(&meta_name, "%s-metadata.json", csv_name) < 0)
    st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  char *csv_copy = NULL;
  if (!st && asprintf(&csv_copy, "%s/%s", o->out_dir, csv_name) < 0)
    st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  if (!st)
    st = copy_file(in->path, csv_copy, err);
  if (!st)
    st = write_json(o->out_dir, meta_name, meta, err);
  if (!st)
    st = write_json(o->out_dir, "dataset.json", desc, err);
  free(meta_name);
  free(csv_copy);
  json_decref(desc);
  json_decref(dialect);
  json_decref(cols);
  json_decref(schema);
  json_decref(meta);
  json_decref(tmpl);
  free(slug);
  return st;
}
