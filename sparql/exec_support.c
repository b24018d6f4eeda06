/* exec_support.c — term IDs, local terms, limits and row lists of the executor. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

/* ---- limits --------------------------------------------------------------- */

SilaStatus exec_check(SilaExec *ex) {
  if (ex->status != SILA_OK)
    return ex->status;
  if (ex->budget.exceeded)
    return exec_mem(ex, 0);
  if (atomic_load_explicit(&ex->interrupted, memory_order_relaxed)) {
    exec_fail(ex, SILA_ERR_INTERRUPTED, "query interrupted");
    return ex->status;
  }
  /* Reading the clock costs ~20 ns: look every 256 checks. */
  if ((ex->has_deadline || ex->slow_pending) && (++ex->check_counter & 255) == 0) {
    struct timespec now;
    if (ex->slow_pending && clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0 &&
        (now.tv_sec > ex->slow_at.tv_sec ||
         (now.tv_sec == ex->slow_at.tv_sec && now.tv_nsec >= ex->slow_at.tv_nsec))) {
      ex->slow_pending = false;
      ex->opt.on_slow(ex->opt.on_slow_ctx); /* may wait for its turn */
      if (atomic_load_explicit(&ex->interrupted, memory_order_relaxed))
        return exec_fail(ex, SILA_ERR_INTERRUPTED, "query interrupted"), ex->status;
    }
    if (ex->has_deadline) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (now.tv_sec > ex->deadline.tv_sec ||
          (now.tv_sec == ex->deadline.tv_sec && now.tv_nsec >= ex->deadline.tv_nsec)) {
        exec_fail(ex, SILA_ERR_TIMEOUT, "query timed out after %.1f s", ex->opt.timeout);
        return ex->status;
      }
    }
  }
  return SILA_OK;
}

int exec_fail(SilaExec *ex, SilaStatus st, const char *fmt, ...) {
  if (ex->status == SILA_OK && st == SILA_ERR_NOMEM && ex->budget.exceeded)
    return exec_mem(ex, 0), -(int)ex->status; /* the cap refused it, not malloc */
  if (ex->status == SILA_OK) {
    ex->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ex->errmsg, sizeof ex->errmsg, fmt, ap);
    va_end(ap);
  }
  return -(int)ex->status;
}

SilaStatus exec_mem(SilaExec *ex, size_t bytes) {
  ex->budget.used += bytes;
  if (ex->budget.used > ex->mem_max || ex->budget.exceeded) {
    ex->budget.exceeded = true;
    exec_fail(ex, SILA_ERR_LIMIT, "query needs more than %zu MiB for intermediate results",
              ex->mem_max >> 20);
    return SILA_ERR_LIMIT;
  }
  return SILA_OK;
}

/* ---- local terms ---------------------------------------------------------- */

static uint64_t term_hash(const SilaTerm *t) {
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)t->kind;
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    for (int k = 0; k < 3; k++)
      h = (h ^ term_hash(&t->triple[k])) * 1099511628211ULL;
    return h;
  }
  const char *parts[3] = {t->value, t->datatype, t->lang};
  size_t lens[3] = {t->value_len, t->datatype_len, t->lang_len};
  for (int k = 0; k < 3; k++) {
    for (size_t i = 0; i < lens[k]; i++) {
      unsigned char c = (unsigned char)parts[k][i];
      if (k == 2 && c >= 'A' && c <= 'Z')
        c = (unsigned char)(c - 'A' + 'a'); /* language tags ignore case */
      h = (h ^ c) * 1099511628211ULL;
    }
    h = (h ^ 0xFF) * 1099511628211ULL;
  }
  return h;
}

static SilaId local_id(SilaExec *ex, const SilaTerm *t);

bool exec_arena_term_copy(SilaArena *arena, const SilaTerm *t, SilaTerm *out, int depth) {
  *out = *t;
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    if (depth >= SILA_TRIPLE_DEPTH_MAX)
      return false;
    SilaTerm *spo = sila_arena_alloc(arena, 3 * sizeof *spo);
    if (!spo)
      return false;
    for (int k = 0; k < 3; k++)
      if (!exec_arena_term_copy(arena, &t->triple[k], &spo[k], depth + 1))
        return false;
    out->triple = spo;
    return true;
  }
  out->value = sila_arena_strndup(arena, t->value ? t->value : "", t->value_len);
  if (t->datatype)
    out->datatype = sila_arena_strndup(arena, t->datatype, t->datatype_len);
  if (t->lang)
    out->lang = sila_arena_strndup(arena, t->lang, t->lang_len);
  return out->value && (!t->datatype || out->datatype) && (!t->lang || out->lang);
}

SilaId exec_triple_id(SilaExec *ex, SilaId s, SilaId p, SilaId o) {
  if (!s || !p || !o)
    return 0;
  if (!IS_LOCAL(s) && !IS_LOCAL(p) && !IS_LOCAL(o)) {
    SilaId id;
    SilaStatus st = sila_txn_triple_lookup(ex->txn, s, p, o, &id);
    if (st == SILA_OK)
      return id;
    if (st != SILA_ERR_NOT_FOUND && st != SILA_ERR_INVALID) {
      exec_fail(ex, st, "cannot look a triple term up: %s", sila_strerror(st));
      return 0;
    }
  }
  /* Not in the store: a local term made of the components' terms. */
  SilaTerm *spo = sila_arena_alloc(ex->scratch, 3 * sizeof *spo);
  char *bufs = sila_arena_alloc(ex->scratch, 3 * SILA_TERM_BUF);
  if (!spo || !bufs) {
    exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    return 0;
  }
  SilaId ids[3] = {s, p, o};
  for (int k = 0; k < 3; k++)
    if (exec_term(ex, ids[k], &spo[k], bufs + k * SILA_TERM_BUF) != SILA_OK)
      return 0;
  SilaTerm t = {0};
  t.kind = SILA_TERM_TRIPLE;
  t.triple = spo;
  SilaId id = local_id(ex, &t);
  if (!id)
    exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
  return id;
}

static SilaId local_id(SilaExec *ex, const SilaTerm *t) {
  uint64_t h = term_hash(t);
  if (ex->local_index_cap) {
    size_t j = h & (ex->local_index_cap - 1);
    while (ex->local_index[j]) {
      LocalTerm *lt = &ex->locals[ex->local_index[j] - 1];
      if (lt->hash == h && sila_term_equal(&lt->term, t))
        return LOCAL_ID(ex->local_index[j] - 1);
      j = (j + 1) & (ex->local_index_cap - 1);
    }
  }
  if ((ex->nlocals + 1) * 2 > ex->local_index_cap) {
    size_t cap = ex->local_index_cap ? ex->local_index_cap * 2 : 256;
    uint32_t *idx = sila_calloc(cap, sizeof *idx);
    if (!idx)
      return 0;
    for (size_t i = 0; i < ex->nlocals; i++) {
      size_t j = ex->locals[i].hash & (cap - 1);
      while (idx[j])
        j = (j + 1) & (cap - 1);
      idx[j] = (uint32_t)(i + 1);
    }
    free(ex->local_index);
    ex->local_index = idx;
    ex->local_index_cap = cap;
  }
  if (ex->nlocals == ex->locals_cap) {
    size_t cap = ex->locals_cap ? ex->locals_cap * 2 : 64;
    LocalTerm *l = sila_realloc(ex->locals, cap * sizeof *l);
    if (!l)
      return 0;
    ex->locals = l;
    ex->locals_cap = cap;
  }
  if (exec_mem(ex, sizeof(LocalTerm) + t->value_len + t->datatype_len + t->lang_len) != SILA_OK)
    return 0;
  LocalTerm *lt = &ex->locals[ex->nlocals];
  lt->hash = h;
  if (!exec_arena_term_copy(ex->arena, t, &lt->term, 0))
    return 0;
  size_t j = h & (ex->local_index_cap - 1);
  while (ex->local_index[j])
    j = (j + 1) & (ex->local_index_cap - 1);
  ex->local_index[j] = (uint32_t)(++ex->nlocals);
  return LOCAL_ID(ex->nlocals - 1);
}

SilaId exec_store_id(SilaExec *ex, const SilaTerm *t) {
  SilaId id;
  if (t->kind == SILA_TERM_BLANK)
    return 0; /* query blank nodes never name store nodes */
  SilaStatus st = sila_txn_lookup(ex->txn, t, &id);
  if (st == SILA_OK)
    return id;
  /* Absent, or a term the store cannot hold (so absent too): no match. */
  if (st != SILA_ERR_NOT_FOUND && st != SILA_ERR_INVALID)
    exec_fail(ex, st, "cannot look a term up: %s", sila_strerror(st));
  return 0;
}

SilaId exec_term_id(SilaExec *ex, const SilaTerm *t) {
  if (t->kind != SILA_TERM_BLANK) {
    SilaId id = exec_store_id(ex, t);
    if (id)
      return id;
  }
  SilaId id = local_id(ex, t);
  if (!id)
    exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
  return id;
}

SilaId exec_fresh_blank(SilaExec *ex) {
  char label[40];
  snprintf(label, sizeof label, "q%zu", ex->nlocals);
  SilaTerm t = sila_term_blank(label);
  return exec_term_id(ex, &t);
}

SilaStatus exec_term(SilaExec *ex, SilaId id, SilaTerm *t, char *buf) {
  if (IS_LOCAL(id)) {
    size_t i = (size_t)(id & ((1ULL << 60) - 1));
    if (i >= ex->nlocals)
      return SILA_ERR_NOT_FOUND;
    *t = ex->locals[i].term;
    return SILA_OK;
  }
  return sila_txn_term(ex->txn, id, t, buf);
}

SilaStatus exec_value(SilaExec *ex, SilaId id, SilaValue *v) {
  if (!id) {
    *v = sila_value_unbound();
    return SILA_OK;
  }
  if (sila_id_tag(id) == SILA_TAG_INTEGER) {
    *v = sila_value_int(sila_id_integer_value(id));
    v->term.kind = SILA_TERM_NONE;
    /* The inline form is canonical, so the computed term is the same. */
    return SILA_OK;
  }
  SilaTerm t;
  char *buf = sila_arena_alloc(ex->scratch, SILA_TERM_BUF);
  if (!buf)
    return SILA_ERR_NOMEM;
  bool neg;
  uint64_t digits;
  int exp, scale;
  if (sila_id_decimal(id, &neg, &digits, &exp, &scale) && exp + scale <= 22 &&
      scale <= SILA_DEC_MAX_SCALE) { /* digits < 10^15: m stays below 10^37 */
    /* Amounts and coordinates: the value from the ID, the text beside it
     * (the lexical form is the term's, "1.50" stays "1.50"). */
    SilaInt128 m = (SilaInt128)digits;
    for (int i = 0; i < exp + scale; i++)
      m *= 10;
    SilaTerm *keep = sila_arena_alloc(ex->scratch, sizeof *keep);
    if (!keep || !sila_id_decode_inline(id, keep, buf))
      return SILA_ERR_NOMEM;
    *v = sila_value_decimal((SilaDecimal){neg ? -m : m, scale});
    v->term = *keep;
    v->has_term = true;
    return SILA_OK;
  }
  SilaStatus st = exec_term(ex, id, &t, buf);
  if (st != SILA_OK)
    return st;
  SilaTerm *keep = sila_arena_alloc(ex->scratch, sizeof *keep);
  if (!keep)
    return SILA_ERR_NOMEM;
  *keep = t;
  sila_value_from_term(keep, v);
  return SILA_OK;
}

SilaId exec_value_id(SilaExec *ex, SilaValue *v) {
  if (v->kind == SILA_VAL_UNBOUND)
    return 0;
  SilaTerm t;
  SilaStatus st = sila_value_to_term(v, ex->scratch, &t);
  if (st != SILA_OK) {
    if (st == SILA_ERR_NOMEM) /* no unbound value: the query ends */
      exec_fail(ex, st, "out of memory");
    return 0;
  }
  return exec_term_id(ex, &t);
}

/* ---- iterators ------------------------------------------------------------ */

void *exec_iter_new(size_t size, int (*next)(Iter *it, SilaId *out), void (*free_fn)(Iter *it)) {
  Iter *it = sila_calloc(1, size);
  if (it) {
    it->next = next;
    it->free = free_fn;
  }
  return it;
}

/* ---- rows ----------------------------------------------------------------- */

bool row_compatible(const SilaExec *ex, const SilaId *a, const SilaId *b) {
  for (size_t i = 0; i < ex->nvars; i++)
    if (a[i] && b[i] && a[i] != b[i])
      return false;
  return true;
}

bool row_merge(const SilaExec *ex, SilaId *a, const SilaId *b) {
  if (!row_compatible(ex, a, b))
    return false;
  for (size_t i = 0; i < ex->nvars; i++)
    if (!a[i])
      a[i] = b[i];
  return true;
}

SilaStatus rows_push(SilaExec *ex, RowList *l, const SilaId *row) {
  l->width = ex->nvars;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    if (exec_mem(ex, (cap - l->cap) * (l->width ? l->width : 1) * sizeof(SilaId)) != SILA_OK)
      return SILA_ERR_LIMIT;
    SilaId *d = sila_realloc(l->data, cap * (l->width ? l->width : 1) * sizeof *d);
    if (!d) /* recorded, as exec_mem does: callers pass ex->status on */
      return exec_fail(ex, SILA_ERR_NOMEM, "out of memory"), SILA_ERR_NOMEM;
    l->data = d;
    l->cap = cap;
  }
  if (l->width)
    memcpy(l->data + l->n * l->width, row, l->width * sizeof *row);
  l->n++;
  return SILA_OK;
}

void rows_free(RowList *l) {
  free(l->data);
  memset(l, 0, sizeof *l);
}

SilaStatus rows_collect(SilaExec *ex, Iter *it, RowList *l) {
  SilaId *row = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *row);
  SilaStatus st = row ? SILA_OK : SILA_ERR_NOMEM;
  int r = 0;
  while (st == SILA_OK && (r = iter_next(it, row)) == 1)
    st = rows_push(ex, l, row);
  if (st == SILA_OK && r < 0)
    st = (SilaStatus)-r;
  free(row);
  iter_free(it);
  if (st != SILA_OK) {
    rows_free(l); /* callers get an empty list on failure */
    if (ex->status == SILA_OK)
      exec_fail(ex, st, "%s", sila_strerror(st));
  }
  return st;
}

typedef struct {
  Iter it;
  SilaExec *ex;
  RowList rows;
  size_t pos;
} RowsIter;

static int rows_next(Iter *it, SilaId *out) {
  RowsIter *r = (RowsIter *)it;
  if (r->pos >= r->rows.n)
    return 0;
  row_copy(r->ex, out, rows_at(&r->rows, r->pos++));
  return 1;
}

static void rows_iter_free(Iter *it) {
  RowsIter *r = (RowsIter *)it;
  rows_free(&r->rows);
  free(r);
}

Iter *iter_rows(SilaExec *ex, RowList *l) {
  RowsIter *r = exec_iter_new(sizeof *r, rows_next, rows_iter_free);
  if (!r) {
    rows_free(l);
    return NULL;
  }
  r->ex = ex;
  r->rows = *l;
  memset(l, 0, sizeof *l);
  return &r->it;
}

typedef struct {
  Iter it;
  int status;
  SilaId *row;
  size_t width;
} ConstIter;

static int const_next(Iter *it, SilaId *out) {
  ConstIter *c = (ConstIter *)it;
  if (c->status <= 0 || !c->row)
    return c->status < 0 ? c->status : 0;
  memcpy(out, c->row, c->width * sizeof *out);
  c->status = 0;
  return 1;
}

static void const_free(Iter *it) {
  ConstIter *c = (ConstIter *)it;
  free(c->row);
  free(c);
}

static Iter *make_const(SilaExec *ex, int status, const SilaId *row) {
  ConstIter *c = exec_iter_new(sizeof *c, const_next, const_free);
  if (!c)
    return NULL;
  c->status = status;
  c->width = ex->nvars;
  if (row) {
    c->row = sila_malloc((ex->nvars ? ex->nvars : 1) * sizeof *c->row);
    if (!c->row) {
      free(c);
      return NULL;
    }
    memcpy(c->row, row, ex->nvars * sizeof *row);
  }
  return &c->it;
}

Iter *iter_empty(SilaExec *ex) { return make_const(ex, 0, NULL); }
Iter *iter_error(SilaExec *ex, SilaStatus st) { return make_const(ex, -(int)st, NULL); }
Iter *iter_single(SilaExec *ex, const SilaId *row) { return make_const(ex, 1, row); }

/* ---- hash index over materialised rows ------------------------------------ */

SilaStatus rowindex_init(SilaExec *ex, RowIndex *ix, const RowList *rows) {
  memset(ix, 0, sizeof *ix);
  ix->rows = rows;
  size_t w = ex->nvars ? ex->nvars : 1;
  ix->always = sila_calloc(w, sizeof *ix->always);
  ix->keyvars = sila_calloc(w, sizeof *ix->keyvars);
  if (!ix->always || !ix->keyvars)
    return SILA_ERR_NOMEM;
  for (size_t v = 0; v < ex->nvars; v++) {
    bool all = rows->n > 0;
    for (size_t r = 0; r < rows->n && all; r++)
      all = rows_at(rows, r)[v] != 0;
    ix->always[v] = all;
  }
  return SILA_OK;
}

void rowindex_free(RowIndex *ix) {
  free(ix->always);
  free(ix->keyvars);
  free(ix->heads);
  free(ix->chain);
  memset(ix, 0, sizeof *ix);
}

static size_t key_bucket(const RowIndex *ix, const SilaId *row) {
  uint64_t h = 0x9E3779B97F4A7C15ULL;
  for (size_t k = 0; k < ix->nkeys; k++)
    h = (h ^ row[ix->keyvars[k]]) * 0xff51afd7ed558ccdULL;
  return (size_t)(h ^ (h >> 31)) & (ix->cap - 1);
}

size_t rowindex_first(SilaExec *ex, RowIndex *ix, const SilaId *row, bool *all) {
  /* The key: variables bound in every right row and in this row. */
  size_t nkeys = 0;
  bool same = true;
  for (size_t v = 0; v < ex->nvars; v++)
    if (ix->always[v] && row[v]) {
      if (nkeys >= ix->nkeys || ix->keyvars[nkeys] != (int32_t)v)
        same = false;
      ix->keyvars[nkeys++] = (int32_t)v;
    }
  same = same && nkeys == ix->nkeys && ix->heads;
  *all = nkeys == 0;
  if (*all)
    return ix->rows->n ? 1 : 0;
  if (!same) {
    /* (Re)build for this key; a stable query keeps one key throughout. */
    ix->nkeys = nkeys;
    size_t cap = 16;
    while (cap < ix->rows->n * 2)
      cap *= 2;
    free(ix->heads);
    free(ix->chain);
    ix->cap = cap;
    ix->heads = sila_calloc(cap, sizeof *ix->heads);
    ix->chain = sila_calloc(ix->rows->n + 1, sizeof *ix->chain);
    if (!ix->heads || !ix->chain) {
      exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
      *all = true;
      return ix->rows->n ? 1 : 0;
    }
    for (size_t r = ix->rows->n; r-- > 0;) {
      size_t b = key_bucket(ix, rows_at(ix->rows, r));
      ix->chain[r] = ix->heads[b];
      ix->heads[b] = r + 1;
    }
  }
  return ix->heads[key_bucket(ix, row)];
}
