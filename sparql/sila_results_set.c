/* sila_results_set.c — the in-memory result set, and parse dispatch.
 *
 * Strings live in an arena of chunks freed at once, so parsers intern
 * every value without per-term allocations and a set frees in O(chunks). */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

#define CHUNK_SIZE 16384

typedef struct SilaResultsChunk {
  struct SilaResultsChunk *next;
  size_t used, cap;
  char data[];
} SilaResultsChunk;

struct SilaResultsArena {
  SilaResultsChunk *head;
};

SilaResultSet *sila_results_set_new(void) {
  SilaResultSet *rs = sila_calloc(1, sizeof *rs);
  if (!rs)
    return NULL;
  rs->arena_ = sila_calloc(1, sizeof *rs->arena_);
  if (!rs->arena_) {
    free(rs);
    return NULL;
  }
  return rs;
}

void sila_results_set_free(SilaResultSet *rs) {
  if (!rs)
    return;
  SilaResultsChunk *c = rs->arena_->head;
  while (c) {
    SilaResultsChunk *next = c->next;
    free(c);
    c = next;
  }
  free(rs->arena_);
  free(rs->vars);
  free(rs->var_lens);
  free(rs->cells);
  free(rs);
}

char *sila_results_set_intern(SilaResultSet *rs, const char *s, size_t n) {
  SilaResultsChunk *c = rs->arena_->head;
  if (!c || c->cap - c->used < n + 1) {
    /* Big strings get a chunk of their own, behind the current one, so the
     * current chunk's free space is not wasted. */
    size_t cap = n + 1 > CHUNK_SIZE / 4 ? n + 1 : CHUNK_SIZE;
    SilaResultsChunk *nc = sila_malloc(sizeof *nc + cap);
    if (!nc)
      return NULL;
    nc->used = 0;
    nc->cap = cap;
    if (c && cap != CHUNK_SIZE) {
      nc->next = c->next;
      c->next = nc;
    } else {
      nc->next = c;
      rs->arena_->head = nc;
    }
    c = nc;
  }
  char *p = c->data + c->used;
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  c->used += n + 1;
  return p;
}

long sila_results_set_var_index(const SilaResultSet *rs, const char *name, size_t len) {
  for (size_t i = 0; i < rs->nvars; i++)
    if (rs->var_lens[i] == len && memcmp(rs->vars[i], name, len) == 0)
      return (long)i;
  return -1;
}

SilaStatus sila_results_set_add_var(SilaResultSet *rs, const char *name, size_t len) {
  if (rs->is_boolean || len == 0)
    return SILA_ERR_INVALID;
  if (sila_results_set_var_index(rs, name, len) >= 0)
    return SILA_ERR_EXISTS;
  const char **vars = sila_realloc(rs->vars, (rs->nvars + 1) * sizeof *vars);
  if (!vars)
    return SILA_ERR_NOMEM;
  rs->vars = vars;
  size_t *lens = sila_realloc(rs->var_lens, (rs->nvars + 1) * sizeof *lens);
  if (!lens)
    return SILA_ERR_NOMEM;
  rs->var_lens = lens;
  char *copy = sila_results_set_intern(rs, name, len);
  if (!copy)
    return SILA_ERR_NOMEM;
  if (rs->nrows) { /* widen every row by one unbound column */
    size_t nv = rs->nvars + 1;
    SilaTerm *cells = sila_calloc(rs->nrows * nv, sizeof *cells);
    if (!cells)
      return SILA_ERR_NOMEM;
    for (size_t r = 0; r < rs->nrows; r++)
      if (rs->nvars)
        memcpy(cells + r * nv, rs->cells + r * rs->nvars, rs->nvars * sizeof *cells);
    free(rs->cells);
    rs->cells = cells;
    rs->cells_cap_ = rs->nrows * nv;
  }
  rs->vars[rs->nvars] = copy;
  rs->var_lens[rs->nvars] = len;
  rs->nvars++;
  return SILA_OK;
}

static SilaStatus grow_row(SilaResultSet *rs, SilaTerm **slot) {
  size_t need = (rs->nrows + 1) * rs->nvars;
  if (need > rs->cells_cap_) {
    size_t cap = rs->cells_cap_ ? rs->cells_cap_ * 2 : 16 * (rs->nvars ? rs->nvars : 1);
    while (cap < need)
      cap *= 2;
    SilaTerm *cells = sila_realloc(rs->cells, cap * sizeof *cells);
    if (!cells)
      return SILA_ERR_NOMEM;
    rs->cells = cells;
    rs->cells_cap_ = cap;
  }
  *slot = rs->cells ? rs->cells + rs->nrows * rs->nvars : NULL;
  return SILA_OK;
}

SilaStatus sila_results_set_add_row_nocopy(SilaResultSet *rs, const SilaTerm *values) {
  if (rs->is_boolean)
    return SILA_ERR_INVALID;
  SilaTerm *slot;
  if (grow_row(rs, &slot))
    return SILA_ERR_NOMEM;
  for (size_t i = 0; i < rs->nvars; i++) {
    slot[i] = values[i];
    if (slot[i].kind == SILA_TERM_NONE)
      memset(&slot[i], 0, sizeof slot[i]);
  }
  rs->nrows++;
  return SILA_OK;
}

static const char *intern_opt(SilaResultSet *rs, const char *s, size_t n, bool *fail) {
  if (!s)
    return NULL;
  const char *p = sila_results_set_intern(rs, s, n);
  if (!p)
    *fail = true;
  return p;
}

SilaStatus sila_results_set_add_row(SilaResultSet *rs, const SilaTerm *const *values) {
  if (rs->is_boolean)
    return SILA_ERR_INVALID;
  SilaTerm *slot;
  if (grow_row(rs, &slot))
    return SILA_ERR_NOMEM;
  bool fail = false;
  for (size_t i = 0; i < rs->nvars; i++) {
    const SilaTerm *t = values ? values[i] : NULL;
    memset(&slot[i], 0, sizeof slot[i]);
    if (!t || t->kind == SILA_TERM_NONE)
      continue;
    if (t->kind == SILA_TERM_TRIPLE && t->triple) {
      /* a decoded triple term: kept as its N-Triples text (sila_results.h) */
      SilaBuf text = SILA_BUF_INIT;
      slot[i].kind = SILA_RESULTS_TERM_TRIPLE;
      if (sila_buf_put_term_nt(&text, t))
        fail = true;
      else
        slot[i].value = intern_opt(rs, text.data ? text.data : "", text.len, &fail);
      slot[i].value_len = text.len;
      sila_buf_free(&text);
      continue;
    }
    slot[i] = *t;
    slot[i].value = intern_opt(rs, t->value ? t->value : "", t->value_len, &fail);
    slot[i].datatype = intern_opt(rs, t->datatype, t->datatype_len, &fail);
    slot[i].lang = intern_opt(rs, t->lang, t->lang_len, &fail);
    if (!slot[i].datatype)
      slot[i].datatype_len = 0;
    if (!slot[i].lang)
      slot[i].lang_len = 0;
  }
  if (fail) /* the row is not counted; interned copies die with the set */
    return SILA_ERR_NOMEM;
  rs->nrows++;
  return SILA_OK;
}

void sila_results_set_set_boolean(SilaResultSet *rs, bool value) {
  free(rs->vars);
  free(rs->var_lens);
  free(rs->cells);
  rs->vars = NULL;
  rs->var_lens = NULL;
  rs->cells = NULL;
  rs->nvars = rs->nrows = rs->cells_cap_ = 0;
  rs->is_boolean = true;
  rs->boolean = value;
}

const SilaTerm *sila_results_set_get(const SilaResultSet *rs, size_t row, size_t col) {
  if (row >= rs->nrows || col >= rs->nvars)
    return NULL;
  const SilaTerm *t = &rs->cells[row * rs->nvars + col];
  return t->kind == SILA_TERM_NONE ? NULL : t;
}

SilaStatus sila_results_set_write(const SilaResultSet *rs, SilaResultWriter *w) {
  SilaStatus st;
  if (rs->is_boolean) {
    if ((st = sila_results_boolean(w, rs->boolean)))
      return st;
    return sila_results_finish(w);
  }
  if ((st = sila_results_begin_n(w, rs->vars, rs->var_lens, rs->nvars)))
    return st;
  const SilaTerm *small[32];
  const SilaTerm **row = rs->nvars <= 32 ? small : sila_malloc(rs->nvars * sizeof *row);
  if (!row)
    return SILA_ERR_NOMEM;
  for (size_t r = 0; r < rs->nrows && !st; r++) {
    for (size_t c = 0; c < rs->nvars; c++)
      row[c] = sila_results_set_get(rs, r, c);
    st = sila_results_row(w, row);
  }
  if (row != small)
    free(row);
  return st ? st : sila_results_finish(w);
}

void sila_results_set_detect_ask(SilaResultSet *rs) {
  if (rs->nvars != 1 || rs->nrows != 1 || strcmp(rs->vars[0], "_askResult") != 0)
    return;
  const SilaTerm *t = sila_results_set_get(rs, 0, 0);
  if (!t || t->kind != SILA_TERM_LITERAL)
    return;
  if (t->value_len == 4 && memcmp(t->value, "true", 4) == 0)
    sila_results_set_set_boolean(rs, true);
  else if (t->value_len == 5 && memcmp(t->value, "false", 5) == 0)
    sila_results_set_set_boolean(rs, false);
}

void sila_results_position(const char *data, size_t off, unsigned long *line,
                           unsigned long *col) {
  unsigned long l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (data[i] == '\n')
      l++, c = 1;
    else
      c++;
  }
  *line = l;
  *col = c;
}

SilaStatus sila_results_parse(SilaResultFormat fmt, const char *data, size_t len,
                              SilaResultSet **out, SilaError *err) {
  *out = NULL;
  SilaStatus (*parse)(const char *, size_t, SilaResultSet *, SilaError *);
  switch (fmt) {
  case SILA_RESULTS_JSON: parse = sila_results_parse_json; break;
  case SILA_RESULTS_XML: parse = sila_results_parse_xml; break;
  case SILA_RESULTS_CSV: parse = sila_results_parse_csv; break;
  case SILA_RESULTS_TSV: parse = sila_results_parse_tsv; break;
  default:
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "unknown results format");
  }
  if (!data && len)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no data");
  SilaResultSet *rs = sila_results_set_new();
  if (!rs)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  SilaStatus st = parse(data ? data : "", len, rs, err);
  if (st) {
    if (st == SILA_ERR_NOMEM)
      sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    sila_results_set_free(rs);
    return st;
  }
  *out = rs;
  return SILA_OK;
}
