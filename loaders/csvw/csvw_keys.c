/* csvw_keys.c — key sets (open addressing, FNV-1a) and referenced keys. */
#include "csvw_keys.h"

#include <stdlib.h>
#include <string.h>

static unsigned long hash_str(const char *s) {
  unsigned long h = 1469598103934665603UL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211UL;
  return h;
}

bool sila_csvw_keyset_has(const SilaCsvwKeySet *k, const char *key) {
  if (!k->cap)
    return false;
  size_t j = hash_str(key) & (k->cap - 1);
  while (k->slots[j]) {
    if (!strcmp(k->slots[j], key))
      return true;
    j = (j + 1) & (k->cap - 1);
  }
  return false;
}

bool sila_csvw_keyset_add(SilaCsvwKeySet *k, const char *key) {
  if (sila_csvw_keyset_has(k, key))
    return false;
  if (k->n * 2 >= k->cap) {
    size_t nc = k->cap ? k->cap * 2 : 64;
    char **ns = calloc(nc, sizeof(char *));
    if (!ns) { /* not a duplicate: the mapping fails on the noted flag */
      sila_csvw_nomem_note();
      return true;
    }
    for (size_t i = 0; i < k->cap; i++)
      if (k->slots[i]) {
        size_t j = hash_str(k->slots[i]) & (nc - 1);
        while (ns[j])
          j = (j + 1) & (nc - 1);
        ns[j] = k->slots[i];
      }
    free(k->slots);
    k->slots = ns;
    k->cap = nc;
  }
  size_t j = hash_str(key) & (k->cap - 1);
  while (k->slots[j])
    j = (j + 1) & (k->cap - 1);
  k->slots[j] = sila_csvw_strdup(key);
  if (k->slots[j]) /* else out of memory (noted) */
    k->n++;
  return true;
}

void sila_csvw_keyset_clear(SilaCsvwKeySet *k) {
  for (size_t i = 0; i < k->cap; i++)
    free(k->slots[i]);
  free(k->slots);
  memset(k, 0, sizeof *k);
}

char *sila_csvw_row_key(const SilaCsvwCell *cells, const size_t *idx, size_t n) {
  SilaBuf b = SILA_BUF_INIT;
  int e = sila_buf_reserve(&b, 16);
  for (size_t k = 0; k < n && !e; k++) {
    const SilaCsvwCell *c = &cells[idx[k]];
    if (c->is_null || c->n == 0) {
      sila_buf_free(&b);
      return NULL;
    }
    if (k)
      e |= sila_buf_putc(&b, '\x1f');
    for (size_t j = 0; j < c->n; j++) {
      const SilaCsvwValue *v = &c->items[j];
      if (j)
        e |= sila_buf_putc(&b, '\x1e');
      if (!v->is_null)
        e |= sila_buf_puts(&b, v->valid && v->lexical ? v->lexical : v->str);
    }
  }
  if (!sila_csvw_buf_ok(e)) { /* no key rather than a wrong one */
    sila_buf_free(&b);
    return NULL;
  }
  b.data[b.len] = '\0';
  return b.data;
}

bool sila_csvw_column_indexes(const SilaCsvwTable *t, json_t *names, size_t **idx, size_t *n) {
  size_t cnt = json_is_array(names) ? json_array_size(names) : 1;
  *idx = sila_csvw_alloc((cnt + 1) * sizeof(size_t));
  *n = 0;
  if (!*idx)
    return false;
  for (size_t i = 0; i < cnt; i++) {
    json_t *nm = json_is_array(names) ? json_array_get(names, i) : names;
    bool found = false;
    for (size_t k = 0; k < t->ncols && !found; k++)
      if (json_is_string(nm) && !strcmp(t->cols[k].name, json_string_value(nm))) {
        (*idx)[(*n)++] = k;
        found = true;
      }
    if (!found)
      return false;
  }
  return true;
}

SilaStatus sila_csvw_collect_keys(json_t *group, json_t *desc, json_t *names,
                                  const SilaCsvwFetcher *f, bool ext, SilaCsvwKeySet *set,
                                  SilaCsvwKeySet *dups, SilaError *err) {
  const char *url = json_string_value(json_object_get(desc, "url"));
  SilaCsvwResource res;
  SilaStatus st = sila_csvw_fetch(f, url, &res, err);
  if (!st && res.status == 404)
    st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "%s: not found (referenced by a foreign key)", url);
  if (st) {
    sila_csvw_resource_clear(&res);
    return st;
  }
  /* the referenced table's own warnings are reported when it is mapped */
  SilaCsvwDiag quiet = {.file = url};
  SilaCsvwTable t;
  st = sila_csvw_table_init(&t, group, desc, res.content_type, f, ext, &quiet, err);
  SilaCsvwReader *r = st ? NULL : sila_csvw_reader_new(res.body, NULL, 0, &t.dialect, err);
  if (!st && !r)
    st = err && err->status ? err->status : SILA_ERR_UNSUPPORTED;
  size_t hcols = 0, *idx = NULL, nidx = 0;
  bool ready = false;
  SilaCsvwRow row;
  while (!st) {
    SilaCsvwRowKind k = sila_csvw_reader_next(r, &row, err);
    if (k == SILA_CSVW_ROW_ERROR) {
      st = SILA_ERR_SYNTAX;
      break;
    }
    if (k == SILA_CSVW_ROW_HEADER) {
      if (row.n > hcols)
        hcols = row.n;
      continue;
    }
    if (k == SILA_CSVW_ROW_COMMENT)
      continue;
    if (!ready) {
      ready = true;
      size_t ncols = t.dialect.header_row_count > 0 ? hcols : (k == SILA_CSVW_ROW_DATA ? row.n : 0);
      st = sila_csvw_table_set_header(&t, NULL, NULL, ncols, ext, &quiet, err);
      if (!st && !sila_csvw_column_indexes(&t, names, &idx, &nidx))
        st = sila_error_set(err, SILA_ERR_INVALID, 0, 0, "%s: foreign key names a missing column", url);
    }
    if (st || k == SILA_CSVW_ROW_EOF)
      break;
    SilaCsvwCell *cells = calloc(t.ncols + 1, sizeof(SilaCsvwCell));
    if (!cells) {
      st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
      break;
    }
    size_t nv = 0;
    for (size_t i = 0; i < t.ncols; i++) {
      const char *raw = NULL;
      if (!t.cols[i].is_virtual) {
        raw = nv < row.n ? row.cells[nv] : "";
        nv++;
      }
      for (size_t x = 0; x < nidx; x++)
        if (idx[x] == i)
          sila_csvw_cell_parse(&t.cols[i], raw, &cells[i], &quiet, row.source_row);
    }
    char *key = sila_csvw_row_key(cells, idx, nidx);
    if (key && !sila_csvw_keyset_add(set, key))
      sila_csvw_keyset_add(dups, key);
    free(key);
    for (size_t i = 0; i < t.ncols; i++)
      sila_csvw_cell_clear(&cells[i]);
    free(cells);
  }
  free(idx);
  sila_csvw_reader_free(r);
  sila_csvw_table_clear(&t);
  sila_csvw_resource_clear(&res);
  return st;
}
