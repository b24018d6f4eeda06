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
 *     with "former": "comuni-calabria-soppressi.csv" (optional) a name the
 *     table lacks is looked up among former municipalities (columns
 *     denominazione, fine_validita, ora_parte_di) to say what became of it.
 *     A name that is not found gives no value, never an IRI made of the name.
 *   "https://dati.calabria.it/ns/csvw#zeroPad": 6   left-pads digit strings.
 *   datatype "https://dati.calabria.it/ns/csvw#twoDigitYearPivot": 50
 *     allows "yy" in date formats (yy < pivot → 20yy, else 19yy).
 */
#include <stdlib.h>
#include <string.h>

#include "csvw_table.h"

typedef struct {
  char *key, *value;
  char *name; /* the name as the table writes it, for suggestions */
} Pair;

struct SilaCsvwLookup {
  Pair *pairs;
  size_t n;
  /* optional ("former"): names no longer valid -> when they ceased, and
   * what they became, to explain a name the table does not hold */
  struct SilaCsvwLookup *former_end, *former_now;
  char *table; /* its file name, for messages */
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
  int e = 0;
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
      e |= sila_buf_putc(&b, c);
      space = false;
    } else if (!space) {
      e |= sila_buf_putc(&b, ' ');
      space = true;
    }
  }
  if (!sila_csvw_buf_ok(e)) { /* never a shorter name that could match another */
    sila_buf_free(&b);
    return NULL;
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
  SilaError first = {0};
  SilaStatus fst = sila_csvw_fetch(f, url, &res, &first);
  const char *vocab = f->opts ? f->opts->vocabularies : NULL;
  const char *name = strrchr(u, '/') ? strrchr(u, '/') + 1 : u;
  if ((fst == SILA_ERR_DENIED || (fst == SILA_OK && res.status == 404)) && vocab && *vocab &&
      *name && strcmp(name, "..")) {
    /* not where the url says (the dataset folder moved?): the project's
     * vocabularies folder holds the shared lookup tables by name */
    char *alt = sila_csvw_aprintf("%s/%s", vocab, name);
    SilaCsvwResource ares;
    SilaError aerr = {0};
    if (sila_csvw_fetch(f, alt, &ares, &aerr) == SILA_OK && ares.status == 200) {
      sila_csvw_resource_clear(&res);
      res = ares;
      fst = SILA_OK;
      free(url);
      url = alt;
      alt = NULL;
    } else {
      sila_csvw_resource_clear(&ares);
    }
    free(alt);
  }
  if (fst != SILA_OK || res.status != 200) {
    if (fst != SILA_OK)
      sila_error_set(err, first.status, first.line, first.column, "%s", first.message);
    else if (res.status == 404)
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
  bool failed = false;
  SilaCsvwReader *r = l ? sila_csvw_reader_new(res.body, NULL, 0, &d, err) : NULL;
  if (!l)
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  else if (!(l->table = sila_csvw_strdup(name)))
    failed = true; /* out of memory (noted) */
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
    if (k == SILA_CSVW_ROW_ERROR) {
      failed = true; /* a bad byte in the table: say which table */
      if (err) {
        char path[512], msg[SILA_ERROR_MSG_MAX + 600];
        snprintf(msg, sizeof msg, "lookup table %s: %s",
                 sila_csvw_display_path(url, path, sizeof path), err->message);
        memcpy(err->message, msg, sizeof err->message - 1);
        err->message[sizeof err->message - 1] = '\0';
      }
      break;
    }
    if (k == SILA_CSVW_ROW_HEADER) {
      for (size_t i = 0; i < row.n; i++) {
        /* header cells may hold newlines and trailing spaces: compare folded */
        char *h = sila_csvw_fold_name(row.cells[i]), *kk = sila_csvw_fold_name(key),
             *vv = sila_csvw_fold_name(value);
        if (h && kk && !strcmp(h, kk))
          ki = (long)i;
        if (h && vv && !strcmp(h, vv))
          vi = (long)i;
        if (fkey) {
          char *ff = sila_csvw_fold_name(fkey);
          if (h && ff && !strcmp(h, ff))
            fi = (long)i;
          free(ff);
        }
        if (!h || !kk || !vv)
          failed = true; /* out of memory (noted) */
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
      Pair *grown = sila_csvw_grow(l->pairs, (cap ? cap * 2 : 512) * sizeof(Pair));
      if (!grown) {
        failed = true;
        break;
      }
      l->pairs = grown;
      cap = cap ? cap * 2 : 512;
    }
    Pair *pp = &l->pairs[l->n];
    pp->key = sila_csvw_fold_name(row.cells[ki]);
    pp->value = sila_csvw_strdup(row.cells[vi]);
    pp->name = sila_csvw_strdup(row.cells[ki]);
    l->n++; /* freed with the table even when incomplete */
    if (!pp->key || !pp->value || !pp->name) {
      failed = true;
      break;
    }
  }
  if (failed && sila_csvw_nomem())
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory reading lookup table %s", url);
  if (r && (ki < 0 || vi < 0))
    sila_csvw_problem(diag, 0, 0, "lookup table %s has no column \"%s\" or \"%s\"", url, key, value);
  if (l && !failed && l->n)
    qsort(l->pairs, l->n, sizeof(Pair), pair_cmp);
  sila_csvw_reader_free(r);
  if (failed || !r) {
    sila_csvw_lookup_free(l);
    l = NULL;
  }
  const char *former = json_string_value(json_object_get(spec, "former"));
  if (l && former) {
    /* the same table read twice: names -> end of validity, -> successor */
    json_t *e = json_pack("{s:s, s:s, s:s}", "url", former, "key", "denominazione", "value",
                          "fine_validita");
    json_t *n = json_pack("{s:s, s:s, s:s}", "url", former, "key", "denominazione", "value",
                          "ora_parte_di");
    if (e && n) {
      l->former_end = sila_csvw_lookup_load(e, base, f, diag, err);
      if (l->former_end)
        l->former_now = sila_csvw_lookup_load(n, base, f, diag, err);
    }
    json_decref(e);
    json_decref(n);
    if (!l->former_end || !l->former_now) {
      sila_csvw_lookup_free(l);
      l = NULL;
      sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    }
  }
  sila_csvw_dialect_clear(&d);
  sila_csvw_resource_clear(&res);
  free(url);
  return l;
}

const char *sila_csvw_lookup_find(const SilaCsvwLookup *l, const char *name) {
  if (!l || !l->n)
    return NULL;
  char *k = sila_csvw_fold_name(name);
  if (!k)
    return NULL; /* out of memory (noted): the mapping fails */
  Pair key = {k, NULL, NULL};
  Pair *p = bsearch(&key, l->pairs, l->n, sizeof(Pair), pair_cmp);
  free(k);
  return p ? p->value : NULL;
}

/* Levenshtein distance of two folded names, or `cap` + 1 once above cap. */
static size_t edit_distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return cap + 1;
  size_t prev[65], cur[65];
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    size_t best = cur[0];
    for (size_t j = 1; j <= lb; j++) {
      size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < d)
        d = prev[j] + 1;
      if (cur[j - 1] + 1 < d)
        d = cur[j - 1] + 1;
      cur[j] = d;
      if (d < best)
        best = d;
    }
    if (best > cap)
      return cap + 1;
    memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
  }
  return prev[lb];
}

/* One name of the table starts the other as whole words ("oriolo" and
 * "oriolo calabro"): a common way of writing a municipality. */
static bool word_prefix(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb)
    return word_prefix(b, a);
  return la >= 4 && !strncmp(a, b, la) && b[la] == ' ';
}

const char *sila_csvw_lookup_table(const SilaCsvwLookup *l) {
  return l && l->table ? l->table : "";
}

void sila_csvw_lookup_suggestions(const SilaCsvwLookup *l, const char *name,
                                  SilaCsvwSuggestions *out) {
  memset(out, 0, sizeof *out);
  if (!l || !l->n)
    return;
  const char *until = sila_csvw_lookup_find(l->former_end, name);
  if (until) {
    out->former_until = until;
    const char *now = sila_csvw_lookup_find(l->former_now, name);
    if (now && *now) {
      out->former_now = now;
      out->former_now_code = sila_csvw_lookup_find(l, now);
    }
    return;
  }
  char *k = sila_csvw_fold_name(name);
  if (!k)
    return;
  size_t cap = strlen(k) / 4 + 1; /* a typo or two per word, not another name */
  if (cap > 3)
    cap = 3;
  enum { MAX = SILA_CSVW_MSG_SUGGESTIONS_MAX };
  const Pair *best[MAX] = {NULL};
  size_t dist[MAX] = {0}, nbest = 0;
  for (size_t i = 0; i < l->n; i++) {
    const Pair *p = &l->pairs[i];
    size_t d = word_prefix(k, p->key) ? 1 : edit_distance(k, p->key, cap);
    if (d > cap)
      continue;
    bool dup = false; /* the same name may be several rows (filters, periods) */
    for (size_t j = 0; j < nbest; j++)
      dup = dup || !strcmp(best[j]->key, p->key);
    if (dup)
      continue;
    size_t at = nbest < MAX ? nbest++ : MAX;
    if (at == MAX) {
      if (d >= dist[MAX - 1])
        continue;
      at = MAX - 1;
    }
    while (at > 0 && dist[at - 1] > d) {
      best[at] = best[at - 1];
      dist[at] = dist[at - 1];
      at--;
    }
    best[at] = p;
    dist[at] = d;
  }
  free(k);
  for (size_t j = 0; j < nbest; j++) {
    out->names[j] = best[j]->name;
    out->codes[j] = best[j]->value;
  }
  out->n = nbest;
}

char *sila_csvw_suggestions_text(const SilaCsvwLookup *l, const SilaCsvwSuggestions *found,
                                 char *buf, size_t size) {
  if (!size)
    return buf;
  buf[0] = '\0';
  if (!l || !l->n)
    return buf;
  const SilaCsvwSuggestions sg = *found;
  if (sg.former_until) {
    if (sg.former_now) {
      const char *code = sg.former_now_code;
      snprintf(buf, size, " \u2014 a former municipality, ceased on %s: now \"%s\"%s%s%s",
               sg.former_until, sg.former_now, code ? " (" : "", code ? code : "", code ? ")" : "");
    } else {
      snprintf(buf, size, " \u2014 a former municipality, ceased on %s", sg.former_until);
    }
    return buf;
  }
  size_t w = 0;
  for (size_t j = 0; j < sg.n && w < size; j++) {
    int n = snprintf(buf + w, size - w, "%s\"%s\" (%s)", j ? ", " : " \u2014 did you mean ",
                     sg.names[j], sg.codes[j]);
    if (n < 0)
      break;
    w += (size_t)n;
  }
  if (sg.n && w + 2 < size)
    snprintf(buf + w, size - w, "?");
  else if (!sg.n)
    snprintf(buf, size, " \u2014 no close name in the table (a locality or a former municipality? "
                        "write the municipality it belongs to)");
  return buf;
}

void sila_csvw_lookup_free(SilaCsvwLookup *l) {
  if (!l)
    return;
  for (size_t i = 0; i < l->n; i++) {
    free(l->pairs[i].key);
    free(l->pairs[i].value);
    free(l->pairs[i].name);
  }
  sila_csvw_lookup_free(l->former_end);
  sila_csvw_lookup_free(l->former_now);
  free(l->table);
  free(l->pairs);
  free(l);
}
