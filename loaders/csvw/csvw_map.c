/* csvw_map.c — csv2rdf: metadata discovery, then rows to triples
 * (CSVW "Generating RDF from Tabular Data on the Web", standard and
 * minimal modes). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csvw_fetch.h"
#include "csvw_jsonld.h"
#include "csvw_keys.h"
#include "csvw_metadata.h"
#include "csvw_table.h"
#include "sila_csvw.h"
#include "sila_iri.h"

#define CSVW "http://www.w3.org/ns/csvw#"
#define RDF SILA_NS_RDF
#define XSD SILA_NS_XSD

/* The W3C site-wide default when /.well-known/csvm is absent. */
static const char *const default_csvm[] = {"{+url}-metadata.json", "csv-metadata.json", NULL};

typedef struct {
  const SilaCsvwOptions *opts;
  SilaCsvwFetcher fetcher;
  SilaCsvwDiag diag;
  SilaCsvwEmit emit;
  SilaError *err;
  const char *input;
  bool error_elsewhere; /* the error is in error_file, not in `input` */
} Mapper;

/* The file an error was found in when it is not the input (a CSV table,
 * a lookup table): err->file points here (see sila_csvw.h). */
static _Thread_local char error_file[1024];

static void error_in(Mapper *m, const char *url) {
  if (m->error_elsewhere || !url)
    return;
  sila_csvw_display_path(url, error_file, sizeof error_file);
  m->error_elsewhere = true;
}

void sila_csvw_options_init(SilaCsvwOptions *o) { memset(o, 0, sizeof *o); }

static bool is_url(const char *s) {
  return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncasecmp(s, "file://", 7);
}

/* The IRI of a local path: under the user's base IRI when it shares the
 * input's directory, else a file:// URL. */
static char *path_to_url(const Mapper *m, const char *path) {
  if (is_url(path))
    return sila_csvw_strdup(path);
  char *abs = realpath(path, NULL);
  if (!abs)
    abs = sila_csvw_strdup(path);
  if (!abs)
    return NULL; /* out of memory (noted) */
  char *url = NULL;
  if (m->fetcher.iri_prefix) {
    size_t dl = strlen(m->fetcher.dir);
    if (!strncmp(abs, m->fetcher.dir, dl))
      url = sila_csvw_aprintf("%s%s", m->fetcher.iri_prefix, abs + dl);
  }
  if (!url) {
    SilaBuf b = SILA_BUF_INIT;
    int e = sila_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
      if (*p <= 0x20 || *p >= 0x7F || strchr("%\"<>\\^`{|}#?", *p))
        e |= sila_buf_printf(&b, "%%%02X", *p);
      else
        e |= sila_buf_putc(&b, (char)*p);
    }
    if (!sila_csvw_buf_ok(e))
      sila_buf_free(&b);
    url = b.data;
  }
  free(abs);
  return url;
}

/* ---- metadata ---- */

/* Loads and normalises metadata from `url`.  *found = false when absent. */
static json_t *load_metadata(Mapper *m, const char *url, bool *found, bool quiet_syntax) {
  bool nf = false;
  SilaError e = {0};
  *found = false;
  json_t *doc = sila_csvw_fetch_json(&m->fetcher, url, &nf, &e);
  if (!doc) {
    if (nf)
      return NULL;
    if (quiet_syntax && e.status == SILA_ERR_SYNTAX) {
      sila_csvw_warn(&m->diag, 0, 0, "%s", e.message);
      return NULL;
    }
    *found = true;
    sila_error_set(m->err, e.status, e.line, e.column, "%s", e.message);
    return NULL;
  }
  *found = true;
  const char *saved = m->diag.file;
  m->diag.file = url;
  json_t *g = sila_csvw_metadata_normalize(doc, url, &m->fetcher, &m->diag, m->err);
  m->diag.file = saved;
  if (g)
    json_object_set_new(g, "#metadata", json_string(url)); /* for provenance */
  return g;
}

static void lookup_url(void *ctx, const char *name, size_t len, SilaCsvwTVal *out) {
  if (len == 3 && !strncmp(name, "url", 3)) {
    out->kind = 1;
    out->str = ctx;
  }
}

/* Finds metadata for a CSV file (CSVW Tabular Data Model §5). */
static json_t *discover(Mapper *m, const char *csv_url, const char *describedby, SilaStatus *st) {
  bool found;
  *st = SILA_OK;
  if (describedby) {
    json_t *g = load_metadata(m, describedby, &found, true);
    if (g && sila_csvw_metadata_describes(g, csv_url))
      return g;
    if (g) {
      sila_csvw_warn(&m->diag, 0, 0, "%s does not describe %s; ignored", describedby, csv_url);
      json_decref(g);
    } else if (found && m->err && m->err->status) {
      *st = m->err->status;
      return NULL;
    }
  }
  /* site-wide configuration */
  char **lines = NULL;
  size_t nlines = 0;
  if (!strncasecmp(csv_url, "http", 4)) {
    char *wk = sila_csvw_iri_resolve(csv_url, "/.well-known/csvm");
    SilaCsvwResource r;
    SilaError e = {0};
    if (sila_csvw_fetch(&m->fetcher, wk, &r, &e) == SILA_OK && r.status == 200) {
      char line[2048];
      while (fgets(line, sizeof line, r.body)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t')
          s++;
        if (!*s)
          continue;
        char **grown = sila_csvw_grow(lines, (nlines + 1) * sizeof(char *));
        if (!grown)
          break; /* out of memory (noted) */
        lines = grown;
        if ((lines[nlines] = sila_csvw_strdup(s)))
          nlines++;
      }
    }
    sila_csvw_resource_clear(&r);
    free(wk);
  }
  if (!lines) {
    lines = sila_csvw_alloc(sizeof default_csvm);
    for (; lines && default_csvm[nlines]; nlines++)
      lines[nlines] = sila_csvw_strdup(default_csvm[nlines]);
  }
  json_t *result = NULL;
  for (size_t i = 0; i < nlines && !result && *st == SILA_OK; i++) {
    char *exp = lines[i] ? sila_csvw_template_expand(lines[i], lookup_url, (void *)csv_url) : NULL;
    if (!exp)
      continue;
    char *murl = sila_csvw_iri_resolve(csv_url, exp);
    free(exp);
    if (!murl)
      break;
    json_t *g = load_metadata(m, murl, &found, true);
    if (g && sila_csvw_metadata_describes(g, csv_url)) {
      result = g;
    } else if (g) {
      sila_csvw_warn(&m->diag, 0, 0, "%s does not describe %s; ignored", murl, csv_url);
      json_decref(g);
    } else if (found && m->err && m->err->status) {
      *st = m->err->status;
    }
    free(murl);
  }
  for (size_t i = 0; i < nlines; i++)
    free(lines[i]);
  free(lines);
  return result;
}

/* ---- emission ---- */

static SilaStatus emit_common(Mapper *m, json_t *obj, const SilaTerm *subj, json_t *group) {
  const char *base = json_string_value(json_object_get(group, CSVW_KEY_BASE));
  json_t *l = json_object_get(group, CSVW_KEY_LANG);
  const char *lang = json_is_string(l) ? json_string_value(l) : NULL;
  const char *k;
  json_t *v;
  SilaStatus st = SILA_OK;
  json_object_foreach(obj, k, v) {
    if (st)
      break;
    if (!strcmp(k, "notes")) {
      st = sila_csvw_jsonld_emit(&m->emit, subj, CSVW "note", v, base, lang);
    } else if (strchr(k, ':')) {
      char *p = sila_csvw_expand_iri(k, false);
      if (p)
        st = sila_csvw_jsonld_emit(&m->emit, subj, p, v, base, lang);
      free(p);
    }
  }
  return st;
}

typedef struct {
  SilaCsvwTable *t;
  SilaCsvwCell *cells;
  size_t col; /* current column index */
  unsigned long rownum, source_row;
  char num[4][32];
  const char **list;
  size_t list_cap;
  char *decoded_name;
} RowVars;

static const char *value_str(const SilaCsvwValue *v) { return v->valid && v->lexical ? v->lexical : v->str; }

static void lookup_var(void *ctx, const char *name, size_t len, SilaCsvwTVal *out) {
  RowVars *rv = ctx;
  SilaCsvwTable *t = rv->t;
#define IS(s) (len == strlen(s) && !strncmp(name, s, len))
  if (IS("_row")) {
    snprintf(rv->num[0], sizeof rv->num[0], "%lu", rv->rownum);
    out->kind = 1;
    out->str = rv->num[0];
    return;
  }
  if (IS("_sourceRow")) {
    snprintf(rv->num[1], sizeof rv->num[1], "%lu", rv->source_row);
    out->kind = 1;
    out->str = rv->num[1];
    return;
  }
  if (IS("_column")) {
    snprintf(rv->num[2], sizeof rv->num[2], "%zu", rv->col + 1);
    out->kind = 1;
    out->str = rv->num[2];
    return;
  }
  if (IS("_sourceColumn")) {
    snprintf(rv->num[3], sizeof rv->num[3], "%ld", (long)rv->col + 1 + t->dialect.skip_columns);
    out->kind = 1;
    out->str = rv->num[3];
    return;
  }
  if (IS("_name")) {
    free(rv->decoded_name);
    const char *nm = t->cols[rv->col].name;
    char *d = sila_csvw_alloc(strlen(nm) + 1), *w = d;
    if (!d) {
      rv->decoded_name = NULL;
      return; /* undefined (out of memory, noted) */
    }
    for (const char *p = nm; *p; p++) {
      if (*p == '%' && p[1] && p[2]) {
        char hex[3] = {p[1], p[2], 0};
        *w++ = (char)strtol(hex, NULL, 16);
        p += 2;
      } else {
        *w++ = *p;
      }
    }
    *w = '\0';
    rv->decoded_name = d;
    out->kind = 1;
    out->str = d;
    return;
  }
#undef IS
  for (size_t i = 0; i < t->ncols; i++) {
    if (strlen(t->cols[i].name) != len || strncmp(t->cols[i].name, name, len))
      continue;
    SilaCsvwCell *c = &rv->cells[i];
    if (c->is_null)
      return;
    if (c->is_list) {
      if (rv->list_cap < c->n + 1) {
        const char **grown = sila_csvw_grow(rv->list, (c->n + 1) * sizeof(char *));
        if (!grown)
          return; /* undefined (out of memory, noted) */
        rv->list = grown;
        rv->list_cap = c->n + 1;
      }
      size_t n = 0;
      for (size_t k = 0; k < c->n; k++)
        if (!c->items[k].is_null)
          rv->list[n++] = value_str(&c->items[k]);
      out->kind = 2;
      out->items = rv->list;
      out->n = n;
      return;
    }
    out->kind = 1;
    out->str = value_str(&c->items[0]);
    return;
  }
}

/* Expands a URI template of column `col` and resolves it (prefixed
 * names of the CSVW context are expanded first). */
static char *expand_url(const char *tmpl, RowVars *rv, const char *table_url) {
  char *e = sila_csvw_template_expand(tmpl, lookup_var, rv);
  if (!e)
    return NULL;
  char *x = sila_csvw_expand_prefixed(e);
  if (x) {
    free(e);
    return x;
  }
  char *r = sila_csvw_iri_resolve(table_url, e);
  free(e);
  return r;
}

static SilaStatus emit_literal(Mapper *m, const SilaTerm *s, const char *p, const SilaCsvwColumn *c,
                               const SilaCsvwValue *v) {
  const char *lang = NULL;
  if (sila_csvw_datatype_takes_lang(c->dt) || !v->valid)
    lang = strcmp(c->lang, "und") ? c->lang : NULL;
  SilaTerm o = v->valid ? sila_term_literal(v->lexical, sila_csvw_datatype_iri(c->dt), lang)
                        : sila_term_literal(v->str, NULL, lang);
  return sila_csvw_emit(&m->emit, s, p, &o);
}

typedef struct {
  char **items;
  size_t n, cap;
} StrSet;

static bool strset_add(StrSet *s, const char *v) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->items[i], v))
      return false;
  if (s->n == s->cap) {
    char **grown = sila_csvw_grow(s->items, (s->cap ? s->cap * 2 : 8) * sizeof(char *));
    if (!grown)
      return false; /* out of memory (noted) */
    s->items = grown;
    s->cap = s->cap ? s->cap * 2 : 8;
  }
  if (!(s->items[s->n] = sila_csvw_strdup(v)))
    return false;
  s->n++;
  return true;
}

static void strset_clear(StrSet *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->items[i]);
  free(s->items);
  memset(s, 0, sizeof *s);
}

/* A foreign key being checked: the key columns of this table and the
 * keys present in the referenced one. */
typedef struct {
  size_t *idx, n;
  SilaCsvwKeySet keys, dups;
  const char *ref_url;
} FkCheck;

/* The one IRI rule (base/'s sila_iri_valid) for the IRIs a column's
 * templates mint: an IRI the store could not dump and load back is an
 * error at its row and column, not a triple. */
static SilaStatus check_minted(Mapper *m, const SilaCsvwTable *t, const SilaCsvwRow *row,
                               size_t col, const char *iri) {
  if (!iri || sila_iri_valid(iri, strlen(iri)))
    return SILA_OK;
  return sila_error_set(m->err, SILA_ERR_INVALID, row->source_row, col + 1,
                        "%s: row %lu, column %zu: a URI template gives an invalid IRI <%.200s>",
                        t->url, row->source_row, col + 1, iri);
}

static SilaStatus emit_row(Mapper *m, SilaCsvwTable *t, const SilaTerm *tnode, SilaCsvwRow *row,
                           unsigned long rownum, SilaCsvwKeySet *pkset, FkCheck *fks, size_t nfk) {
  SilaStatus st = SILA_OK;
  bool minimal = m->opts->minimal;
  SilaCsvwCell *cells = calloc(t->ncols + 1, sizeof(SilaCsvwCell));
  if (!cells)
    return sila_error_set(m->err, SILA_ERR_NOMEM, row->source_row, 0, "out of memory");
  size_t nonvirtual = 0;
  for (size_t i = 0; i < t->ncols; i++) {
    const SilaCsvwColumn *c = &t->cols[i];
    const char *raw = NULL;
    if (!c->is_virtual) {
      raw = nonvirtual < row->n ? row->cells[nonvirtual] : "";
      nonvirtual++;
    }
    sila_csvw_cell_parse(c, raw, &cells[i], &m->diag, row->source_row);
  }
  if (sila_csvw_nomem()) { /* a value lost to a failed allocation: stop at this row */
    for (size_t i = 0; i < t->ncols; i++)
      sila_csvw_cell_clear(&cells[i]);
    free(cells);
    return sila_error_set(m->err, SILA_ERR_NOMEM, row->source_row, 0, "out of memory");
  }
  char have[24], want[24];
  snprintf(have, sizeof have, "%zu", row->n);
  snprintf(want, sizeof want, "%zu", nonvirtual);
  if (row->n > nonvirtual) {
    SilaCsvwMessage msg = {.code = SILA_CSVW_MSG_ROW_LONG, .row = row->source_row,
                           .column = nonvirtual + 1, .value = have, .expected = want};
    sila_csvw_problem_msg(&m->diag, &msg, "row has %zu cells, more than the %zu columns", row->n,
                          nonvirtual);
  } else if (row->n < nonvirtual && m->diag.strict) { /* CSVW pads short rows silently */
    SilaCsvwMessage msg = {.code = SILA_CSVW_MSG_ROW_SHORT, .row = row->source_row,
                           .column = row->n ? row->n : 1, .value = have, .expected = want};
    sila_csvw_problem_msg(&m->diag, &msg, "row has %zu cells, fewer than the %zu columns", row->n,
                          nonvirtual);
  }
  if (t->npk) {
    char *key = sila_csvw_row_key(cells, t->pk, t->npk);
    if (key && !sila_csvw_keyset_add(pkset, key))
      sila_csvw_warn(&m->diag, row->source_row, 0, "duplicate primary key value");
    free(key);
  }
  for (size_t f = 0; f < nfk; f++) {
    char *key = sila_csvw_row_key(cells, fks[f].idx, fks[f].n);
    if (key && sila_csvw_keyset_has(&fks[f].dups, key))
      sila_csvw_warn(&m->diag, row->source_row, fks[f].idx[0] + 1,
                     "foreign key value refers to several rows of %s", fks[f].ref_url);
    else if (key && !sila_csvw_keyset_has(&fks[f].keys, key)) {
      for (char *p = key; *p; p++)
        if (*p == '\x1f')
          *p = ',';
      sila_csvw_warn(&m->diag, row->source_row, fks[f].idx[0] + 1,
                     "foreign key value \"%s\" not found in %s", key, fks[f].ref_url);
    }
    free(key);
  }
  char rbuf[24], sbuf[24];
  SilaTerm rnode = sila_term_blank(sila_csvw_bnode(&m->emit, rbuf));
  SilaTerm s0 = sila_term_blank(sila_csvw_bnode(&m->emit, sbuf));
  char num[32];
  if (!minimal) {
    st = sila_csvw_emit(&m->emit, tnode, CSVW "row", &rnode);
    SilaTerm ty = sila_term_iri(CSVW "Row");
    if (!st)
      st = sila_csvw_emit(&m->emit, &rnode, RDF "type", &ty);
    snprintf(num, sizeof num, "%lu", rownum);
    SilaTerm rn = sila_term_literal(num, XSD "integer", NULL);
    if (!st)
      st = sila_csvw_emit(&m->emit, &rnode, CSVW "rownum", &rn);
    char *ru = sila_csvw_aprintf("%s#row=%lu", t->url, row->source_row);
    if (!ru && !st)
      st = SILA_ERR_NOMEM;
    SilaTerm rut = sila_term_iri(ru ? ru : "");
    if (!st)
      st = sila_csvw_emit(&m->emit, &rnode, CSVW "url", &rut);
    free(ru);
    for (size_t k = 0; k < t->ntitles && !st; k++) {
      SilaCsvwColumn *c = &t->cols[t->titles[k]];
      SilaCsvwCell *cell = &cells[t->titles[k]];
      for (size_t j = 0; j < cell->n && !st; j++)
        if (!cell->items[j].is_null)
          st = emit_literal(m, &rnode, CSVW "title", c, &cell->items[j]);
    }
  }
  RowVars rv = {t, cells, 0, rownum, row->source_row, {{0}}, NULL, 0, NULL};
  StrSet subjects = {NULL, 0, 0};
  bool s0_used = false;
  for (size_t i = 0; i < t->ncols && !st; i++) {
    SilaCsvwColumn *c = &t->cols[i];
    SilaCsvwCell *cell = &cells[i];
    if (c->suppress)
      continue;
    /* a null cell gives no triple; a virtual column (no value at all) still
     * gives its valueUrl */
    if ((cell->is_null || (cell->is_list && cell->n == 0)) && !(c->value_url && c->is_virtual))
      continue;
    rv.col = i;
    char *about = c->about_url ? expand_url(c->about_url, &rv, t->url) : NULL;
    SilaTerm subj = about ? sila_term_iri(about) : s0;
    char *prop = NULL;
    if (c->property_url)
      prop = expand_url(c->property_url, &rv, t->url);
    if (!prop)
      prop = sila_csvw_aprintf("%s#%s", t->url, c->name);
    if (!prop || sila_csvw_nomem()) { /* a template or IRI lost to a failed allocation */
      free(prop);
      free(about);
      st = SILA_ERR_NOMEM;
      break;
    }
    bool emitted = false;
    st = check_minted(m, t, row, i, about);
    st = st ? st : check_minted(m, t, row, i, prop);
    if (st) {
      /* nothing more for this row */
    } else if (c->value_url) {
      char *val = expand_url(c->value_url, &rv, t->url);
      st = check_minted(m, t, row, i, val);
      if (val && !st) {
        SilaTerm o = sila_term_iri(val);
        st = sila_csvw_emit(&m->emit, &subj, prop, &o);
        emitted = true;
        free(val);
      }
    } else if (cell->is_list && c->ordered) {
      char lb[24];
      SilaTerm head = sila_term_blank(sila_csvw_bnode(&m->emit, lb));
      char *prev = NULL;
      size_t count = 0;
      for (size_t j = 0; j < cell->n && !st; j++) {
        if (cell->items[j].is_null)
          continue;
        char nb[24];
        SilaTerm node = count == 0 ? head : sila_term_blank(sila_csvw_bnode(&m->emit, nb));
        if (count == 0) {
          st = sila_csvw_emit(&m->emit, &subj, prop, &node);
        } else {
          SilaTerm pt = sila_term_blank(prev);
          st = st ? st : sila_csvw_emit(&m->emit, &pt, RDF "rest", &node);
        }
        if (!st)
          st = emit_literal(m, &node, RDF "first", c, &cell->items[j]);
        free(prev);
        prev = sila_csvw_strndup(node.value, node.value_len);
        count++;
        if (!prev) {
          st = SILA_ERR_NOMEM; /* noted */
          break;
        }
      }
      if (prev && !st) {
        SilaTerm pt = sila_term_blank(prev), nil = sila_term_iri(RDF "nil");
        st = sila_csvw_emit(&m->emit, &pt, RDF "rest", &nil);
      }
      if (count == 0 && !st) {
        SilaTerm nil = sila_term_iri(RDF "nil");
        st = sila_csvw_emit(&m->emit, &subj, prop, &nil);
      }
      free(prev);
      emitted = true;
    } else {
      for (size_t j = 0; j < cell->n && !st; j++) {
        if (cell->items[j].is_null)
          continue;
        st = emit_literal(m, &subj, prop, c, &cell->items[j]);
        emitted = true;
      }
    }
    if (emitted) {
      if (about)
        strset_add(&subjects, about);
      else
        s0_used = true;
    }
    free(about);
    free(prop);
  }
  if (!minimal && !st) {
    if (s0_used)
      st = sila_csvw_emit(&m->emit, &rnode, CSVW "describes", &s0);
    for (size_t k = 0; k < subjects.n && !st; k++) {
      SilaTerm o = sila_term_iri(subjects.items[k]);
      st = sila_csvw_emit(&m->emit, &rnode, CSVW "describes", &o);
    }
  }
  strset_clear(&subjects);
  free(rv.list);
  free(rv.decoded_name);
  for (size_t i = 0; i < t->ncols; i++)
    sila_csvw_cell_clear(&cells[i]);
  free(cells);
  return st;
}

/* Reads the keys every foreign key of `desc` refers to. */
static SilaStatus prepare_fks(Mapper *m, json_t *group, json_t *desc, SilaCsvwTable *t, FkCheck **out,
                              size_t *nout) {
  json_t *schema = json_object_get(desc, "tableSchema");
  if (!schema)
    schema = json_object_get(group, "tableSchema");
  json_t *fkl = json_object_get(schema, "foreignKeys");
  size_t n = json_array_size(fkl);
  *out = NULL;
  *nout = 0;
  if (!n)
    return SILA_OK;
  FkCheck *fks = calloc(n, sizeof(FkCheck));
  if (!fks)
    return sila_error_set(m->err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  SilaStatus st = SILA_OK;
  size_t i;
  json_t *fk;
  json_array_foreach(fkl, i, fk) {
    json_t *ref = json_object_get(fk, "reference");
    json_t *rdesc = NULL;
    const char *res = json_string_value(json_object_get(ref, "resource"));
    const char *sref = json_string_value(json_object_get(ref, "schemaReference"));
    size_t k;
    json_t *tt;
    json_array_foreach(json_object_get(group, "tables"), k, tt) {
      const char *u = json_string_value(json_object_get(tt, "url"));
      const char *sid = json_string_value(json_object_get(json_object_get(tt, "tableSchema"), "@id"));
      if ((res && u && !strcmp(res, u)) || (sref && sid && !strcmp(sref, sid))) {
        rdesc = tt;
        break;
      }
    }
    if (!rdesc || !sila_csvw_column_indexes(t, json_object_get(fk, "columnReference"), &fks[i].idx,
                                            &fks[i].n)) {
      st = sila_error_set(m->err, SILA_ERR_INVALID, 0, 0, "%s: unresolved foreign key", t->url);
      *nout = i + 1;
      break;
    }
    fks[i].ref_url = json_string_value(json_object_get(rdesc, "url"));
    *nout = i + 1;
    st = sila_csvw_collect_keys(group, rdesc, json_object_get(ref, "columnReference"), &m->fetcher,
                                m->opts->extensions, &fks[i].keys, &fks[i].dups, m->err);
    if (st)
      break;
  }
  *out = fks;
  return st;
}

static SilaStatus map_table(Mapper *m, json_t *group, json_t *desc, const SilaTerm *gnode) {
  const char *url = json_string_value(json_object_get(desc, "url"));
  SilaCsvwResource res;
  SilaStatus st = sila_csvw_fetch(&m->fetcher, url, &res, m->err);
  if (st) {
    sila_csvw_resource_clear(&res);
    return st;
  }
  if (res.status == 404) {
    sila_csvw_resource_clear(&res);
    return sila_error_set(m->err, SILA_ERR_NOT_FOUND, 0, 0, "%s: not found", url);
  }
  SilaCsvwTable t;
  const char *saved = m->diag.file;
  m->diag.file = url;
  st = sila_csvw_table_init(&t, group, desc, res.content_type, &m->fetcher, m->opts->extensions,
                            &m->diag, m->err);
  SilaCsvwReader *r = NULL;
  if (!st) {
    r = sila_csvw_reader_new(res.body, NULL, 0, &t.dialect, m->err);
    if (!r)
      st = m->err && m->err->status ? m->err->status : SILA_ERR_UNSUPPORTED;
  }
  bool minimal = m->opts->minimal, emit_it = !t.suppress;
  char tb[24];
  char *tid = NULL;
  SilaTerm tnode;
  json_t *idv = json_object_get(desc, "@id");
  if (json_is_string(idv)) {
    tid = sila_csvw_iri_resolve(json_string_value(json_object_get(group, CSVW_KEY_BASE)),
                                json_string_value(idv));
    if (!tid && !st)
      st = sila_error_set(m->err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    tnode = sila_term_iri(tid ? tid : "");
  } else {
    tnode = sila_term_blank(sila_csvw_bnode(&m->emit, tb));
  }
  if (!st && emit_it && !minimal) {
    st = sila_csvw_emit(&m->emit, gnode, CSVW "table", &tnode);
    SilaTerm ty = sila_term_iri(CSVW "Table"), u = sila_term_iri(url);
    if (!st)
      st = sila_csvw_emit(&m->emit, &tnode, RDF "type", &ty);
    if (!st)
      st = sila_csvw_emit(&m->emit, &tnode, CSVW "url", &u);
    if (!st)
      st = emit_common(m, desc, &tnode, group);
  }
  /* header rows: titles per column */
  char ***header = NULL;
  size_t *nheader = NULL, hcols = 0;
  bool header_done = false;
  unsigned long rownum = 0;
  SilaCsvwKeySet pkset = {NULL, 0, 0};
  FkCheck *fks = NULL;
  size_t nfk = 0;
  SilaCsvwRow row;
  while (!st) {
    SilaCsvwRowKind k = sila_csvw_reader_next(r, &row, m->err);
    if (k == SILA_CSVW_ROW_ERROR) {
      st = m->err && m->err->status ? m->err->status : SILA_ERR_SYNTAX;
      error_in(m, url);
      break;
    }
    if (k == SILA_CSVW_ROW_COMMENT) {
      if (emit_it && !minimal && row.n) {
        SilaTerm c = sila_term_literal(row.cells[0], NULL, NULL);
        st = sila_csvw_emit(&m->emit, &tnode, "http://www.w3.org/2000/01/rdf-schema#comment", &c);
      }
      continue;
    }
    if (k == SILA_CSVW_ROW_HEADER) {
      if (row.n > hcols) {
        char ***gh = sila_csvw_grow(header, row.n * sizeof(char **));
        if (gh)
          header = gh;
        size_t *gn = gh ? sila_csvw_grow(nheader, row.n * sizeof(size_t)) : NULL;
        if (gn)
          nheader = gn;
        if (!gh || !gn) {
          st = sila_error_set(m->err, SILA_ERR_NOMEM, row.source_row, 0, "out of memory");
          break;
        }
        for (size_t i = hcols; i < row.n; i++) {
          header[i] = NULL;
          nheader[i] = 0;
        }
        hcols = row.n;
      }
      for (size_t i = 0; i < row.n; i++) {
        if (!row.cells[i][0])
          continue;
        if (m->diag.strict) /* two columns of one title: which is which? */
          for (size_t j = 0; j < i; j++)
            if (!strcmp(row.cells[j], row.cells[i])) {
              char other[24];
              snprintf(other, sizeof other, "%zu", j + 1);
              SilaCsvwMessage msg = {.code = SILA_CSVW_MSG_DUP_HEADER, .row = row.source_row,
                                     .column = i + 1, .value = row.cells[i], .detail = other};
              sila_csvw_problem_msg(&m->diag, &msg, "duplicate header \"%s\" (also column %zu)",
                                    row.cells[i], j + 1);
              break;
            }
        char **gt = sila_csvw_grow(header[i], (nheader[i] + 1) * sizeof(char *));
        if (!gt)
          continue; /* out of memory (noted): the mapping fails below */
        header[i] = gt;
        if ((header[i][nheader[i]] = sila_csvw_strdup(row.cells[i])))
          nheader[i]++;
      }
      continue;
    }
    if (!header_done) {
      header_done = true;
      size_t ncols = t.dialect.header_row_count > 0 ? hcols : (k == SILA_CSVW_ROW_DATA ? row.n : 0);
      st = sila_csvw_table_set_header(&t, header, nheader, ncols, m->opts->extensions, &m->diag, m->err);
      if (!st)
        st = prepare_fks(m, group, desc, &t, &fks, &nfk);
      if (st)
        break;
    }
    if (k == SILA_CSVW_ROW_EOF)
      break;
    rownum++;
    if (emit_it)
      st = emit_row(m, &t, &tnode, &row, rownum, &pkset, fks, nfk);
  }
  for (size_t i = 0; i < hcols; i++) {
    for (size_t j = 0; j < nheader[i]; j++)
      free(header[i][j]);
    free(header[i]);
  }
  free(header);
  free(nheader);
  sila_csvw_keyset_clear(&pkset);
  for (size_t f = 0; f < nfk; f++) {
    free(fks[f].idx);
    sila_csvw_keyset_clear(&fks[f].keys);
    sila_csvw_keyset_clear(&fks[f].dups);
  }
  free(fks);
  free(tid);
  sila_csvw_reader_free(r);
  sila_csvw_table_clear(&t);
  sila_csvw_resource_clear(&res);
  m->diag.file = saved;
  return st;
}

#define PROV "http://www.w3.org/ns/prov#"

static void now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static SilaStatus emit_usage(Mapper *m, const SilaTerm *act, const char *entity, const char *role) {
  char ub[24];
  SilaTerm u = sila_term_blank(sila_csvw_bnode(&m->emit, ub));
  SilaTerm ty = sila_term_iri(PROV "Usage"), e = sila_term_iri(entity), r = sila_term_iri(role);
  SilaStatus st = sila_csvw_emit(&m->emit, act, PROV "qualifiedUsage", &u);
  if (!st)
    st = sila_csvw_emit(&m->emit, &u, RDF "type", &ty);
  if (!st)
    st = sila_csvw_emit(&m->emit, &u, PROV "entity", &e);
  if (!st)
    st = sila_csvw_emit(&m->emit, &u, PROV "hadRole", &r);
  return st;
}

/* csv2rdf §4.6.1 (optional): what generated the table group, from what. */
static SilaStatus emit_provenance(Mapper *m, json_t *group, const SilaTerm *gnode, const char *started) {
  char ab[24], ended[32];
  now_iso(ended, sizeof ended);
  SilaTerm act = sila_term_blank(sila_csvw_bnode(&m->emit, ab));
  SilaTerm ty = sila_term_iri(PROV "Activity"), who = sila_term_iri(SILA_CSVW_PROCESSOR);
  SilaTerm t0 = sila_term_literal(started, XSD "dateTime", NULL);
  SilaTerm t1 = sila_term_literal(ended, XSD "dateTime", NULL);
  SilaStatus st = sila_csvw_emit(&m->emit, gnode, PROV "wasGeneratedBy", &act);
  if (!st)
    st = sila_csvw_emit(&m->emit, &act, RDF "type", &ty);
  if (!st)
    st = sila_csvw_emit(&m->emit, &act, PROV "wasAssociatedWith", &who);
  if (!st)
    st = sila_csvw_emit(&m->emit, &act, PROV "startedAtTime", &t0);
  if (!st)
    st = sila_csvw_emit(&m->emit, &act, PROV "endedAtTime", &t1);
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(group, "tables"), i, t) {
    if (!st)
      st = emit_usage(m, &act, json_string_value(json_object_get(t, "url")),
                      CSVW "csvEncodedTabularData");
  }
  json_t *meta = json_object_get(group, "#metadata");
  if (!st && json_is_string(meta))
    st = emit_usage(m, &act, json_string_value(meta), CSVW "tabularMetadata");
  return st;
}

static SilaStatus map_group(Mapper *m, json_t *group) {
  SilaStatus st = SILA_OK;
  char started[32];
  now_iso(started, sizeof started);
  char gb[24];
  char *gid = NULL;
  SilaTerm gnode;
  json_t *idv = json_object_get(group, "@id");
  if (json_is_string(idv)) {
    gid = sila_csvw_iri_resolve(json_string_value(json_object_get(group, CSVW_KEY_BASE)),
                                json_string_value(idv));
    if (!gid)
      return sila_error_set(m->err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    gnode = sila_term_iri(gid);
  } else {
    gnode = sila_term_blank(sila_csvw_bnode(&m->emit, gb));
  }
  if (!m->opts->minimal) {
    SilaTerm ty = sila_term_iri(CSVW "TableGroup");
    st = sila_csvw_emit(&m->emit, &gnode, RDF "type", &ty);
    if (!st)
      st = emit_common(m, group, &gnode, group);
  }
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(group, "tables"), i, t) {
    if (st)
      break;
    st = map_table(m, group, t, &gnode);
  }
  if (!st && m->opts->provenance && !m->opts->minimal)
    st = emit_provenance(m, group, &gnode, started);
  free(gid);
  return st;
}

static bool looks_like_json(const char *url, const char *content_type) {
  if (content_type && strstr(content_type, "json"))
    return true;
  size_t n = strcspn(url, "?#");
  return n > 5 && !strncasecmp(url + n - 5, ".json", 5);
}

SilaStatus sila_csvw_map(const char *input, const SilaCsvwOptions *opts, SilaTripleSink sink,
                         void *sink_ctx, SilaError *err) {
  SilaCsvwOptions defaults;
  if (!opts) {
    sila_csvw_options_init(&defaults);
    opts = &defaults;
  }
  SilaError local = {0};
  if (!err) {
    err = &local;
  }
  sila_csvw_nomem_reset();
  Mapper m;
  memset(&m, 0, sizeof m);
  m.opts = opts;
  m.err = err;
  m.input = input;
  m.fetcher.opts = opts;
  m.diag.sink = opts->warning;
  m.diag.ctx = opts->warning_ctx;
  m.diag.strict = opts->strict;
  m.diag.error_sink = opts->error;
  m.diag.error_ctx = opts->error_ctx;
  m.diag.msg_sink = opts->message;
  m.diag.msg_ctx = opts->message_ctx;
  m.emit.sink = sink;
  m.emit.ctx = sink_ctx;
  SilaStatus st = SILA_OK;
  if (!is_url(input) && opts->base_iri) {
    /* local file with a chosen IRI: its directory answers for the IRI's */
    char *abs = realpath(input, NULL);
    if (!abs)
      return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "%s: not found", input);
    char *slash = strrchr(abs, '/');
    const char *bslash = strrchr(opts->base_iri, '/');
    if (slash && bslash) {
      m.fetcher.dir = sila_csvw_strndup(abs, (size_t)(slash - abs) + 1);
      m.fetcher.iri_prefix = sila_csvw_strndup(opts->base_iri, (size_t)(bslash - opts->base_iri) + 1);
    }
    free(abs);
  }
  char *url = NULL;
  if (!is_url(input) && opts->base_iri)
    url = sila_csvw_strdup(opts->base_iri);
  else
    url = path_to_url(&m, input);
  if (!url) {
    free(m.fetcher.dir);
    free(m.fetcher.iri_prefix);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  m.diag.file = url;
  json_t *group = NULL;
  bool found = false;
  if (opts->user_metadata) {
    char *murl = path_to_url(&m, opts->user_metadata);
    group = murl ? load_metadata(&m, murl, &found, false) : NULL;
    if (!murl)
      st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    else if (!group && !found)
      st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "%s: not found", murl);
    else if (!group)
      st = err->status ? err->status : SILA_ERR_INVALID;
    free(murl);
  } else {
    SilaCsvwResource res;
    st = sila_csvw_fetch(&m.fetcher, url, &res, err);
    if (!st && res.status == 404)
      st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "%s: not found", url);
    if (!st && looks_like_json(url, res.content_type)) {
      sila_csvw_resource_clear(&res);
      group = load_metadata(&m, url, &found, false);
      if (!group)
        st = err->status ? err->status : SILA_ERR_INVALID;
    } else if (!st) {
      char *db = res.describedby ? sila_csvw_strdup(res.describedby) : NULL;
      sila_csvw_resource_clear(&res);
      if (!opts->no_discovery)
        group = discover(&m, url, db, &st);
      free(db);
      if (!group && !st) {
        /* embedded metadata only */
        group = json_pack("{s:[{s:s}], s:s}", "tables", "url", url, CSVW_KEY_BASE, url);
      }
    } else {
      sila_csvw_resource_clear(&res);
    }
  }
  if (!st && group)
    st = map_group(&m, group);
  if (sila_csvw_nomem()) {
    /* whatever else went wrong, a failed allocation is why */
    sila_error_clear(err);
    m.error_elsewhere = false;
    st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  } else if (m.diag.errors && (!st || st == SILA_ERR_INVALID) && !(err->status && err->status != SILA_ERR_INVALID)) {
    /* strict mode: the first of the problems listed through opts->error */
    *err = m.diag.first;
    snprintf(error_file, sizeof error_file, "%s", m.diag.first_file);
    m.error_elsewhere = true;
    st = SILA_ERR_INVALID;
  }
  if (st && err->status == SILA_OK)
    sila_error_set(err, st, 0, 0, "%s", sila_strerror(st));
  if (err->status)
    err->file = m.error_elsewhere ? error_file : input;
  json_decref(group);
  free(url);
  free(m.fetcher.dir);
  free(m.fetcher.iri_prefix);
  return st;
}
