/* csvw_ext.c — Sila's CSVW extensions for regional data (namespace
 * SILA_CSVW_NS, honoured only with SilaCsvwOptions.extensions):
 *
 *   "https://dati.calabria.it/ns/csvw#lookup": {"url": "comuni.csv",
 *       "key": "<title of the name column>", "value": "<title of the code column>",
 *       "delimiter": ";", "encoding": "windows-1252",
 *       "filter": {"<column title>": "<value>"}}     (filter: optional)
 *     replaces a cell by the code found for it in a reference table; names
 *     are matched ignoring case, accents, apostrophes and punctuation, so
 *     "MAIERA'" finds "Maierà".
 *   "https://dati.calabria.it/ns/csvw#zeroPad": 6   left-pads digit strings.
 *   datatype "https://dati.calabria.it/ns/csvw#twoDigitYearPivot": 50
 *     allows "yy" in date formats (yy < pivot → 20yy, else 19yy).
 */
#include <stdlib.h>
#include <string.h>

#include "csvw_table.h"

typedef struct {
  char *key, *value;
} Pair;

struct SilaCsvwLookup {
  Pair *pairs;
  size_t n;
};

/* Accented Latin letters (UTF-8, two bytes) and their base letter. */
static const struct {
  const char *utf8;
  char base;
} accents[] = {
    {"\xC3\xA0", 'a'}, {"\xC3\xA1", 'a'}, {"\xC3\xA2", 'a'}, {"\xC3\xA4", 'a'}, {"\xC3\x80", 'a'},
    {"\xC3\x81", 'a'}, {"\xC3\xA8", 'e'}, {"\xC3\xA9", 'e'}, {"\xC3\xAA", 'e'}, {"\xC3\xAB", 'e'},
    {"\xC3\x88", 'e'}, {"\xC3\x89", 'e'}, {"\xC3\xAC", 'i'}, {"\xC3\xAD", 'i'}, {"\xC3\xAE", 'i'},
    {"\xC3\xAF", 'i'}, {"\xC3\x8C", 'i'}, {"\xC3\x8D", 'i'}, {"\xC3\xB2", 'o'}, {"\xC3\xB3", 'o'},
    {"\xC3\xB4", 'o'}, {"\xC3\xB6", 'o'}, {"\xC3\x92", 'o'}, {"\xC3\x93", 'o'}, {"\xC3\xB9", 'u'},
    {"\xC3\xBA", 'u'}, {"\xC3\xBB", 'u'}, {"\xC3\xBC", 'u'}, {"\xC3\x99", 'u'}, {"\xC3\x9A", 'u'},
    {"\xC3\xA7", 'c'}, {"\xC3\xB1", 'n'}, {"\xC5\xA0", 's'}, {"\xC5\xA1", 's'}, {"\xC5\xBD", 'z'},
    {"\xC5\xBE", 'z'},
};

char *sila_csvw_fold_name(const char *s) {
  SilaBuf b = SILA_BUF_INIT;
  bool space = true;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    char c = 0;
    if (*p < 0x80) {
      c = (char)*p;
      if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
      p++;
    } else {
      for (size_t i = 0; i < sizeof accents / sizeof accents[0]; i++)
        if (!strncmp((const char *)p, accents[i].utf8, 2)) {
          c = accents[i].base;
          break;
        }
      p++;
      while ((*p & 0xC0) == 0x80)
        p++;
    }
    if (c == '\'' || c == 0)
      continue; /* apostrophes (often written for accents) and other marks vanish */
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      sila_buf_putc(&b, c);
      space = false;
    } else if (!space) {
      sila_buf_putc(&b, ' ');
      space = true;
    }
  }
  if (b.len && b.data[b.len - 1] == ' ')
    b.data[--b.len] = '\0';
  return b.data ? b.data : sila_csvw_strdup("");
}

static int pair_cmp(const void *a, const void *b) {
  return strcmp(((const Pair *)a)->key, ((const Pair *)b)->key);
}

SilaCsvwLookup *sila_csvw_lookup_load(json_t *spec, const char *base, const SilaCsvwFetcher *f,
                                      SilaCsvwDiag *diag, SilaError *err) {
  const char *u = json_string_value(json_object_get(spec, "url"));
  const char *key = json_string_value(json_object_get(spec, "key"));
  const char *value = json_string_value(json_object_get(spec, "value"));
  if (!u || !key || !value) {
    sila_error_set(err, SILA_ERR_INVALID, 0, 0, "lookup needs url, key and value");
    return NULL;
  }
  char *url = sila_csvw_iri_resolve(base, u);
  SilaCsvwResource res;
  if (sila_csvw_fetch(f, url, &res, err) != SILA_OK || res.status != 200) {
    if (res.status == 404)
      sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "lookup table %s not found", url);
    sila_csvw_resource_clear(&res);
    free(url);
    return NULL;
  }
  SilaCsvwDialect d;
  sila_csvw_dialect_init(&d);
  json_t *v;
  if ((v = json_object_get(spec, "delimiter")) && json_is_string(v))
    sila_csvw_dialect_set(&d.delimiter, json_string_value(v));
  if ((v = json_object_get(spec, "encoding")) && json_is_string(v))
    sila_csvw_dialect_set(&d.encoding, json_string_value(v));
  sila_csvw_dialect_set(&d.comment_prefix, NULL);
  SilaCsvwLookup *l = calloc(1, sizeof *l);
  SilaCsvwReader *r = sila_csvw_reader_new(res.body, NULL, 0, &d, err);
  long ki = -1, vi = -1;
  /* optional filter: only rows whose column (by title) has the given value */
  json_t *filter = json_object_get(spec, "filter");
  const char *fkey = NULL, *fval = NULL;
  long fi = -1;
  if (json_is_object(filter) && json_object_size(filter) == 1) {
    void *it = json_object_iter(filter);
    fkey = json_object_iter_key(it);
    fval = json_string_value(json_object_iter_value(it));
  }
  size_t cap = 0;
  SilaCsvwRow row;
  SilaCsvwRowKind k;
  while (r && (k = sila_csvw_reader_next(r, &row, err)) != SILA_CSVW_ROW_EOF) {
    if (k == SILA_CSVW_ROW_ERROR)
      break;
    if (k == SILA_CSVW_ROW_HEADER) {
      for (size_t i = 0; i < row.n; i++) {
        /* header cells may hold newlines and trailing spaces: compare folded */
        char *h = sila_csvw_fold_name(row.cells[i]), *kk = sila_csvw_fold_name(key),
             *vv = sila_csvw_fold_name(value);
        if (!strcmp(h, kk))
          ki = (long)i;
        if (!strcmp(h, vv))
          vi = (long)i;
        if (fkey) {
          char *ff = sila_csvw_fold_name(fkey);
          if (!strcmp(h, ff))
            fi = (long)i;
          free(ff);
        }
        free(h);
        free(kk);
        free(vv);
      }
      continue;
    }
    if (k != SILA_CSVW_ROW_DATA || ki < 0 || vi < 0 || (size_t)ki >= row.n || (size_t)vi >= row.n)
      continue;
    if (fkey && (fi < 0 || (size_t)fi >= row.n || !fval || strcmp(row.cells[fi], fval)))
      continue;
    if (l->n == cap) {
      cap = cap ? cap * 2 : 512;
      l->pairs = sila_csvw_xrealloc(l->pairs, cap * sizeof(Pair));
    }
    l->pairs[l->n].key = sila_csvw_fold_name(row.cells[ki]);
    l->pairs[l->n].value = sila_csvw_strdup(row.cells[vi]);
    l->n++;
  }
  if (r && (ki < 0 || vi < 0))
    sila_csvw_warn(diag, 0, 0, "lookup table %s has no column \"%s\" or \"%s\"", url, key, value);
  qsort(l->pairs, l->n, sizeof(Pair), pair_cmp);
  sila_csvw_reader_free(r);
  sila_csvw_dialect_clear(&d);
  sila_csvw_resource_clear(&res);
  free(url);
  return l;
}

const char *sila_csvw_lookup_find(const SilaCsvwLookup *l, const char *name) {
  if (!l)
    return NULL;
  char *k = sila_csvw_fold_name(name);
  Pair key = {k, NULL};
  Pair *p = bsearch(&key, l->pairs, l->n, sizeof(Pair), pair_cmp);
  free(k);
  return p ? p->value : NULL;
}

void sila_csvw_lookup_free(SilaCsvwLookup *l) {
  if (!l)
    return;
  for (size_t i = 0; i < l->n; i++) {
    free(l->pairs[i].key);
    free(l->pairs[i].value);
  }
  free(l->pairs);
  free(l);
}
