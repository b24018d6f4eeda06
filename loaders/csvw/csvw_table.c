/* csvw_table.c — columns with inherited properties, dialects, header
 * merging and cell parsing. */
#include "csvw_table.h"
#include "csvw_slug.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvw_metadata.h"

/* Inherited property lookup: column, schema, table, group. */
static json_t *inherited(json_t *col, json_t *schema, json_t *table, json_t *group, const char *k) {
  json_t *v;
  if (col && (v = json_object_get(col, k)))
    return v;
  if (schema && (v = json_object_get(schema, k)))
    return v;
  if (table && (v = json_object_get(table, k)))
    return v;
  if (group && (v = json_object_get(group, k)))
    return v;
  return NULL;
}

static char *opt_string(json_t *v) { return json_is_string(v) ? sila_csvw_strdup(json_string_value(v)) : NULL; }

static void apply_dialect(SilaCsvwDialect *d, json_t *j) {
  json_t *v;
  long header_rows = -1;
  if ((v = json_object_get(j, "encoding")) && json_is_string(v))
    sila_csvw_dialect_set(&d->encoding, json_string_value(v));
  if ((v = json_object_get(j, "lineTerminators"))) {
    if (json_is_string(v)) {
      const char *one[] = {json_string_value(v)};
      sila_csvw_dialect_set_terminators(d, one, 1);
    } else if (json_is_array(v)) {
      size_t n = json_array_size(v);
      const char **lt = sila_csvw_alloc((n + 1) * sizeof(char *));
      if (lt) { /* else out of memory (noted): the mapping fails */
        size_t w = 0;
        for (size_t i = 0; i < n; i++)
          if ((lt[w] = json_string_value(json_array_get(v, i))))
            w++;
        sila_csvw_dialect_set_terminators(d, lt, w);
        free(lt);
      }
    }
  }
  if ((v = json_object_get(j, "quoteChar")))
    sila_csvw_dialect_set(&d->quote_char, json_is_string(v) ? json_string_value(v) : NULL);
  if ((v = json_object_get(j, "doubleQuote")))
    d->double_quote = json_is_true(v);
  if ((v = json_object_get(j, "delimiter")) && json_is_string(v))
    sila_csvw_dialect_set(&d->delimiter, json_string_value(v));
  if ((v = json_object_get(j, "header")))
    d->header_row_count = json_is_true(v) ? 1 : 0;
  if ((v = json_object_get(j, "headerRowCount")) && json_is_integer(v))
    header_rows = (long)json_integer_value(v);
  /* headerRowCount wins over header */
  if (header_rows >= 0)
    d->header_row_count = header_rows;
  if ((v = json_object_get(j, "skipRows")) && json_is_integer(v))
    d->skip_rows = (long)json_integer_value(v);
  if ((v = json_object_get(j, "skipColumns")) && json_is_integer(v))
    d->skip_columns = (long)json_integer_value(v);
  if ((v = json_object_get(j, "skipBlankRows")))
    d->skip_blank_rows = json_is_true(v);
  if ((v = json_object_get(j, "skipInitialSpace")))
    d->skip_initial_space = json_is_true(v);
  if ((v = json_object_get(j, "trim"))) {
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (json_is_true(v) || (s && !strcmp(s, "true")))
      d->trim = SILA_CSVW_TRIM_BOTH;
    else if (json_is_false(v) || (s && !strcmp(s, "false")))
      d->trim = SILA_CSVW_TRIM_NONE;
    else if (s && !strcmp(s, "start"))
      d->trim = SILA_CSVW_TRIM_START;
    else if (s && !strcmp(s, "end"))
      d->trim = SILA_CSVW_TRIM_END;
  }
  if ((v = json_object_get(j, "commentPrefix")))
    sila_csvw_dialect_set(&d->comment_prefix, json_is_string(v) ? json_string_value(v) : NULL);
}

static SilaStatus column_init(SilaCsvwColumn *c, json_t *col, json_t *schema, json_t *table,
                              json_t *group, size_t number, bool ext, const SilaCsvwFetcher *f,
                              SilaCsvwDiag *diag, SilaError *err) {
  memset(c, 0, sizeof *c);
  c->number = number;
  c->name = sila_csvw_column_name(col, number);
  if (col) {
    json_t *t = json_object_get(col, "titles");
    c->titles = t ? json_incref(t) : NULL;
    c->is_virtual = json_is_true(json_object_get(col, "virtual"));
    c->suppress = json_is_true(json_object_get(col, "suppressOutput"));
  }
  c->about_url = opt_string(inherited(col, schema, table, group, "aboutUrl"));
  c->property_url = opt_string(inherited(col, schema, table, group, "propertyUrl"));
  c->value_url = opt_string(inherited(col, schema, table, group, "valueUrl"));
  c->default_value = opt_string(inherited(col, schema, table, group, "default"));
  if (!c->default_value)
    c->default_value = sila_csvw_strdup("");
  c->lang = opt_string(inherited(col, schema, table, group, "lang"));
  if (!c->lang)
    c->lang = sila_csvw_strdup("und");
  json_t *nv = inherited(col, schema, table, group, "null");
  size_t nn = json_is_array(nv) ? json_array_size(nv) : 1;
  c->nulls = sila_csvw_alloc((nn + 1) * sizeof(char *));
  if (c->nulls) {
    for (size_t i = 0; i < nn; i++) {
      const char *x = json_is_array(nv)    ? json_string_value(json_array_get(nv, i))
                      : json_is_string(nv) ? json_string_value(nv)
                                           : "";
      if (x && (c->nulls[c->n_nulls] = sila_csvw_strdup(x)))
        c->n_nulls++;
    }
  }
  c->ordered = json_is_true(inherited(col, schema, table, group, "ordered"));
  c->required = json_is_true(inherited(col, schema, table, group, "required"));
  c->separator = opt_string(inherited(col, schema, table, group, "separator"));
  /* a field left NULL by a failed allocation must not be used */
  if (sila_csvw_nomem() || !c->name || !c->default_value || !c->lang || !c->nulls)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  c->dt = sila_csvw_datatype_compile(inherited(col, schema, table, group, "datatype"), diag, ext, err);
  if (!c->dt)
    return sila_csvw_nomem() ? sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory")
           : err && err->status ? err->status
                                : SILA_ERR_INVALID;
  if (ext && col) {
    json_t *zp = json_object_get(col, SILA_CSVW_NS "zeroPad");
    if (json_is_integer(zp) && json_integer_value(zp) > 0 && json_integer_value(zp) < 64)
      c->zero_pad = (int)json_integer_value(zp);
    c->slug = json_is_true(json_object_get(col, SILA_CSVW_NS "slug"));
    json_t *lk = json_object_get(col, SILA_CSVW_NS "lookup");
    if (lk) {
      json_t *b = json_object_get(group, CSVW_KEY_BASE);
      c->lookup = sila_csvw_lookup_load(lk, json_string_value(b), f, diag, err);
      if (!c->lookup)
        return err && err->status ? err->status : SILA_ERR_INVALID;
    }
  }
  return SILA_OK;
}

static void column_clear(SilaCsvwColumn *c) {
  free(c->name);
  json_decref(c->titles);
  free(c->about_url);
  free(c->property_url);
  free(c->value_url);
  sila_csvw_datatype_free(c->dt);
  free(c->default_value);
  free(c->lang);
  for (size_t i = 0; i < c->n_nulls; i++)
    free(c->nulls[i]);
  free(c->nulls);
  free(c->separator);
  sila_csvw_lookup_free(c->lookup);
}

void sila_csvw_table_clear(SilaCsvwTable *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->ncols; i++)
    column_clear(&t->cols[i]);
  free(t->cols);
  free(t->pk);
  free(t->titles);
  sila_csvw_dialect_clear(&t->dialect);
  memset(t, 0, sizeof *t);
}

static json_t *schema_of(json_t *group, json_t *desc) {
  json_t *s = json_object_get(desc, "tableSchema");
  return s ? s : json_object_get(group, "tableSchema");
}

/* Column indexes named by a string or an array of names. */
static size_t *name_indexes(SilaCsvwTable *t, json_t *names, size_t *n) {
  size_t cnt = json_is_array(names) ? json_array_size(names) : 1;
  size_t *idx = sila_csvw_alloc(cnt * sizeof(size_t));
  *n = 0;
  if (!idx)
    return NULL;
  for (size_t i = 0; i < cnt; i++) {
    json_t *nm = json_is_array(names) ? json_array_get(names, i) : names;
    for (size_t k = 0; k < t->ncols; k++)
      if (json_is_string(nm) && !strcmp(t->cols[k].name, json_string_value(nm)))
        idx[(*n)++] = k;
  }
  return idx;
}

SilaStatus sila_csvw_table_init(SilaCsvwTable *t, json_t *group, json_t *desc,
                                const char *content_type, const SilaCsvwFetcher *f, bool ext,
                                SilaCsvwDiag *diag, SilaError *err) {
  memset(t, 0, sizeof *t);
  t->desc = desc;
  t->group = group;
  t->url = json_string_value(json_object_get(desc, "url"));
  t->suppress = json_is_true(json_object_get(desc, "suppressOutput"));
  sila_csvw_dialect_init(&t->dialect);
  json_t *dj = json_object_get(desc, "dialect");
  if (!dj)
    dj = json_object_get(group, "dialect");
  if (!dj && content_type) {
    if (!strncasecmp(content_type, "text/tab-separated-values", 25))
      sila_csvw_dialect_set(&t->dialect.delimiter, "\t");
    if (strstr(content_type, "header=absent"))
      t->dialect.header_row_count = 0;
  }
  if (dj)
    apply_dialect(&t->dialect, dj);
  json_t *schema = schema_of(group, desc);
  json_t *cols = json_object_get(schema, "columns");
  t->ncols = json_array_size(cols);
  t->cols = calloc(t->ncols + 1, sizeof(SilaCsvwColumn));
  if (!t->cols) {
    t->ncols = 0;
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  for (size_t i = 0; i < t->ncols; i++) {
    SilaStatus st = column_init(&t->cols[i], json_array_get(cols, i), schema, desc, group, i + 1, ext,
                                f, diag, err);
    if (st) {
      t->ncols = i + 1;
      return st;
    }
  }
  json_t *pk = json_object_get(schema, "primaryKey");
  if (pk)
    t->pk = name_indexes(t, pk, &t->npk);
  json_t *rt = json_object_get(schema, "rowTitles");
  if (rt)
    t->titles = name_indexes(t, rt, &t->ntitles);
  return SILA_OK;
}

/* Language compatibility of titles: "und" matches anything; otherwise one
 * tag must be a prefix of the other at a subtag boundary. */
static bool lang_compatible(const char *a, const char *b) {
  if (!strcmp(a, "und") || !strcmp(b, "und"))
    return true;
  size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
  if (strncasecmp(a, b, n))
    return false;
  return la == lb || (la > n ? a[n] == '-' : b[n] == '-');
}

static bool titles_compatible(json_t *meta, const char *const *hdr, size_t nh, const char *lang) {
  if (!json_is_object(meta) || json_object_size(meta) == 0 || nh == 0)
    return true;
  const char *k;
  json_t *arr;
  json_object_foreach(meta, k, arr) {
    if (!lang_compatible(k, lang))
      continue;
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
      for (size_t h = 0; h < nh; h++)
        if (!strcmp(json_string_value(x), hdr[h]))
          return true;
    }
  }
  return false;
}

SilaStatus sila_csvw_table_set_header(SilaCsvwTable *t, char ***header, size_t *nheader,
                                      size_t ncols, bool ext, SilaCsvwDiag *diag, SilaError *err) {
  json_t *schema = schema_of(t->group, t->desc);
  /* header titles are in the table's language (the inherited "lang") */
  json_t *lang = inherited(NULL, schema, t->desc, t->group, "lang");
  const char *tl = json_is_string(lang) ? json_string_value(lang) : "und";
  size_t nonvirtual = 0;
  for (size_t i = 0; i < t->ncols; i++)
    if (!t->cols[i].is_virtual)
      nonvirtual++;
  /* a schema without usable columns still wins over the header: extra
   * columns are then "_col.N" without titles (W3C test100) */
  bool have_meta = t->ncols > 0 || json_is_object(schema);
  /* the (last) header row, so a header problem is not shown as a data line */
  unsigned long hrow = (unsigned long)(t->dialect.skip_rows > 0 ? t->dialect.skip_rows : 0) +
                       (unsigned long)(t->dialect.header_row_count > 0 ? t->dialect.header_row_count : 1);
  if (have_meta && ncols > 0 && nonvirtual != ncols) {
    char have[24], want[24];
    snprintf(have, sizeof have, "%zu", ncols);
    snprintf(want, sizeof want, "%zu", nonvirtual);
    SilaCsvwMessage m = {.code = SILA_CSVW_MSG_COLUMNS, .row = hrow, .value = have,
                         .expected = want,
                         .detail = t->dialect.delimiter ? t->dialect.delimiter : ","};
    sila_csvw_problem_msg(diag, &m,
                          "the CSV has %zu columns but the metadata describes %zu (is the "
                          "separator right? the dialect says \"%s\")",
                          ncols, nonvirtual, m.detail);
  }
  if (have_meta) {
    for (size_t i = 0; i < nonvirtual && i < ncols; i++) {
      if (header && nheader[i] &&
          !titles_compatible(t->cols[i].titles, (const char *const *)header[i], nheader[i], tl)) {
        SilaCsvwMessage m = {.code = SILA_CSVW_MSG_TITLE, .row = hrow, .column = i + 1,
                             .value = header[i][0], .column_name = t->cols[i].name};
        sila_csvw_problem_msg(diag, &m, "column title \"%s\" is not compatible with the metadata",
                              header[i][0]);
      }
    }
  }
  if (ncols > nonvirtual) {
    /* columns the metadata does not describe: named from the header, or _col.N */
    size_t add = ncols - nonvirtual;
    SilaCsvwColumn *nc = calloc(t->ncols + add + 1, sizeof(SilaCsvwColumn));
    if (!nc)
      return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    /* keep virtual columns after the new ones */
    size_t w = 0;
    for (size_t i = 0; i < t->ncols; i++)
      if (!t->cols[i].is_virtual)
        nc[w++] = t->cols[i];
    for (size_t k = 0; k < add; k++) {
      size_t idx = nonvirtual + k;
      json_t *col = json_object();
      if (!have_meta && header && nheader[idx]) {
        json_t *arr = json_array();
        for (size_t h = 0; h < nheader[idx]; h++)
          json_array_append_new(arr, json_string(header[idx][h]));
        json_t *tt = json_object();
        json_object_set_new(tt, tl, arr);
        json_object_set_new(col, "titles", tt);
      }
      SilaStatus st = column_init(&nc[w], col, have_meta ? NULL : schema, t->desc, t->group, idx + 1,
                                  ext, NULL, diag, err);
      json_decref(col);
      w++;
      if (st) {
        for (size_t i = 0; i < t->ncols; i++)
          if (t->cols[i].is_virtual)
            nc[w++] = t->cols[i];
        free(t->cols);
        t->cols = nc;
        t->ncols = w;
        return st;
      }
    }
    for (size_t i = 0; i < t->ncols; i++)
      if (t->cols[i].is_virtual)
        nc[w++] = t->cols[i];
    free(t->cols);
    t->cols = nc;
    t->ncols = w;
    for (size_t i = 0; i < t->ncols; i++)
      t->cols[i].number = i + 1;
  }
  return SILA_OK;
}

/* ---- cells ---- */

static bool is_null_value(const SilaCsvwColumn *c, const char *s) {
  for (size_t i = 0; i < c->n_nulls; i++)
    if (!strcmp(c->nulls[i], s))
      return true;
  return false;
}

static char *normalize_space(const SilaCsvwColumn *c, const char *s) {
  if (sila_csvw_datatype_keeps_space(c->dt))
    return sila_csvw_strdup(s);
  char *d = sila_csvw_strdup(s);
  if (!d)
    return NULL; /* out of memory (noted) */
  for (char *p = d; *p; p++)
    if (*p == '\t' || *p == '\r' || *p == '\n')
      *p = ' ';
  if (sila_csvw_datatype_is_normalized_string(c->dt))
    return d;
  /* strip and collapse runs of spaces */
  char *w = d;
  bool space = true;
  for (char *p = d; *p; p++) {
    if (*p == ' ') {
      if (!space)
        *w++ = ' ';
      space = true;
    } else {
      *w++ = *p;
      space = false;
    }
  }
  if (w > d && w[-1] == ' ')
    w--;
  *w = '\0';
  return d;
}

/* Links to the national controlled vocabularies (OntoPiA): a name that a
 * lookup cannot find there has no IRI to link to. */
#define NATIONAL_IRI "https://w3id.org/italia/"

static void parse_item(const SilaCsvwColumn *c, const char *s, SilaCsvwValue *v, SilaCsvwDiag *diag,
                       unsigned long row) {
  memset(v, 0, sizeof *v);
  if (is_null_value(c, s)) {
    v->is_null = true;
    return;
  }
  char *owned = NULL;
  if (c->lookup) {
    const char *code = sila_csvw_lookup_find(c->lookup, s);
    if (code) {
      owned = sila_csvw_strdup(code);
      if (!owned) { /* out of memory (noted): no value rather than the name */
        v->is_null = true;
        return;
      }
      s = owned;
    } else {
      /* never an invented IRI: the cell gives no value */
      SilaCsvwSuggestions sg;
      sila_csvw_lookup_suggestions(c->lookup, s, &sg);
      char hint[512];
      sila_csvw_suggestions_text(c->lookup, &sg, hint, sizeof hint);
      SilaCsvwMessage m = {.code = sg.former_until ? SILA_CSVW_MSG_LOOKUP_FORMER
                                                   : SILA_CSVW_MSG_LOOKUP,
                           .row = row, .column = c->number, .column_name = c->name, .value = s,
                           .table = sila_csvw_lookup_table(c->lookup), .detail = sg.former_until};
      if (sg.former_now)
        m.suggestions[m.n_suggestions++] = sg.former_now;
      for (size_t i = 0; i < sg.n; i++)
        m.suggestions[m.n_suggestions++] = sg.names[i];
      if (c->value_url && !strncmp(c->value_url, NATIONAL_IRI, sizeof NATIONAL_IRI - 1))
        sila_csvw_problem_msg(diag, &m, "\"%s\" not found in the lookup table%s", s, hint);
      else
        sila_csvw_warn_msg(diag, &m, "\"%s\" not found in the lookup table%s", s, hint);
      v->is_null = true;
      return;
    }
  }
  if (c->zero_pad > 0) {
    size_t n = strlen(s);
    bool digits = n > 0;
    for (size_t i = 0; i < n; i++)
      digits = digits && s[i] >= '0' && s[i] <= '9';
    if (digits && n < (size_t)c->zero_pad) {
      char *p = sila_csvw_aprintf("%0*d%s", (int)((size_t)c->zero_pad - n), 0, s);
      if (!p) {
        free(owned);
        v->is_null = true;
        return;
      }
      free(owned);
      owned = p;
      s = owned;
    }
  }
  if (c->slug) {
    char *p = sila_csvw_alloc(strlen(s) + 1);
    if (!p) {
      free(owned);
      v->is_null = true;
      return;
    }
    sila_csvw_slug(s, strlen(s), p, strlen(s) + 1);
    free(owned);
    s = owned = p;
  }
  v->str = sila_csvw_strdup(s);
  if (!v->str) {
    free(owned);
    v->is_null = true;
    return;
  }
  char *why = NULL;
  v->valid = sila_csvw_datatype_parse(c->dt, s, &v->lexical, &why);
  if (!v->valid) {
    /* CSVW keeps it as a plain string with a warning; a publication
     * (strict) refuses it rather than publish a value of another type */
    SilaCsvwMessage m = {.code = SILA_CSVW_MSG_BAD_VALUE, .row = row, .column = c->number,
                         .column_name = c->name, .value = s,
                         .expected = sila_csvw_datatype_base(c->dt)};
    sila_csvw_problem_msg(diag, &m, "%s", why ? why : "invalid value");
    free(why);
  }
  free(owned);
}

void sila_csvw_cell_parse(const SilaCsvwColumn *c, const char *raw, SilaCsvwCell *cell,
                          SilaCsvwDiag *diag, unsigned long row) {
  memset(cell, 0, sizeof *cell);
  /* a value a lookup could not find is reported once, not again as missing */
  unsigned long reported = diag ? diag->count + diag->errors : 0;
  if (!raw) {
    cell->is_null = true;
    return;
  }
  char *s = normalize_space(c, raw);
  if (s && s[0] == '\0') {
    free(s);
    s = sila_csvw_strdup(c->default_value);
  }
  if (!s) { /* out of memory (noted): the mapping fails at this row */
    cell->is_null = true;
    return;
  }
  if (c->separator) {
    if (is_null_value(c, s)) {
      cell->is_null = true;
    } else {
      cell->is_list = true;
      size_t sl = strlen(c->separator);
      if (s[0] != '\0' && sl > 0) {
        size_t cap = 4;
        cell->items = sila_csvw_alloc(cap * sizeof(SilaCsvwValue));
        const char *p = s;
        for (; cell->items;) {
          const char *q = strstr(p, c->separator);
          size_t len = q ? (size_t)(q - p) : strlen(p);
          char *part = sila_csvw_strndup(p, len);
          if (!part)
            break; /* out of memory (noted) */
          if (!sila_csvw_datatype_keeps_space(c->dt)) {
            char *t = normalize_space(c, part);
            free(part);
            if (!t)
              break;
            /* list items lose their outer spaces even for normalizedString */
            size_t a = strspn(t, " "), n = strlen(t);
            while (n > a && t[n - 1] == ' ')
              n--;
            part = sila_csvw_strndup(t + a, n - a);
            free(t);
            if (!part)
              break;
          }
          if (cell->n == cap) {
            SilaCsvwValue *grown = sila_csvw_grow(cell->items, cap * 2 * sizeof(SilaCsvwValue));
            if (!grown) {
              free(part);
              break;
            }
            cell->items = grown;
            cap *= 2;
          }
          parse_item(c, part, &cell->items[cell->n++], diag, row);
          free(part);
          if (!q)
            break;
          p = q + sl;
        }
      }
    }
  } else {
    cell->items = sila_csvw_alloc(sizeof(SilaCsvwValue));
    if (cell->items) {
      cell->n = 1;
      parse_item(c, s, &cell->items[0], diag, row);
      cell->is_null = cell->items[0].is_null;
    } else {
      cell->is_null = true; /* out of memory (noted) */
    }
  }
  free(s);
  if (c->required && (cell->is_null || (cell->is_list && cell->n == 0)) &&
      (!diag || diag->count + diag->errors == reported)) {
    SilaCsvwMessage m = {.code = SILA_CSVW_MSG_REQUIRED, .row = row, .column = c->number,
                         .column_name = c->name};
    sila_csvw_problem_msg(diag, &m, "required column \"%s\" has no value", c->name);
  }
}

void sila_csvw_cell_clear(SilaCsvwCell *cell) {
  for (size_t i = 0; i < cell->n; i++) {
    free(cell->items[i].str);
    free(cell->items[i].lexical);
  }
  free(cell->items);
  memset(cell, 0, sizeof *cell);
}
