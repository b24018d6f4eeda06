/* sila_fn_aggregate.c — accumulators for COUNT, SUM, AVG, MIN, MAX, SAMPLE
 * and GROUP_CONCAT (§18.5.1), with DISTINCT keyed on the N-Triples form. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_fn_internal.h"

/* A set of byte strings (open addressing, FNV-1a) for DISTINCT. */
typedef struct {
  char **keys;
  size_t *lens;
  size_t cap, count;
} StrSet;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

/* 1 when added, 0 when already present, -1 when memory ran out. */
static int set_add(StrSet *set, const char *s, size_t n) {
  if ((set->count + 1) * 2 > set->cap) {
    size_t ncap = set->cap ? set->cap * 2 : 16;
    char **nk = sila_calloc(ncap, sizeof *nk);
    size_t *nl = sila_calloc(ncap, sizeof *nl);
    if (!nk || !nl) {
      free(nk);
      free(nl);
      return -1;
    }
    for (size_t i = 0; i < set->cap; i++) {
      if (!set->keys[i])
        continue;
      size_t j = fnv(set->keys[i], set->lens[i]) & (ncap - 1);
      while (nk[j])
        j = (j + 1) & (ncap - 1);
      nk[j] = set->keys[i];
      nl[j] = set->lens[i];
    }
    free(set->keys);
    free(set->lens);
    set->keys = nk;
    set->lens = nl;
    set->cap = ncap;
  }
  size_t j = fnv(s, n) & (set->cap - 1);
  while (set->keys[j]) {
    if (set->lens[j] == n && memcmp(set->keys[j], s, n) == 0)
      return 0;
    j = (j + 1) & (set->cap - 1);
  }
  char *k = sila_malloc(n + 1);
  if (!k)
    return -1;
  memcpy(k, s, n);
  k[n] = 0;
  set->keys[j] = k;
  set->lens[j] = n;
  set->count++;
  return 1;
}

static void set_free(StrSet *set) {
  for (size_t i = 0; i < set->cap; i++)
    free(set->keys[i]);
  free(set->keys);
  free(set->lens);
}

struct SilaAgg {
  SilaAggKind kind;
  bool distinct;
  bool error;
  char *sep;
  uint64_t count;
  SilaValue acc;      /* SUM/AVG running sum; MIN/MAX/SAMPLE the kept value */
  bool has_acc;
  char *acc_storage;  /* strings of acc (sila_term_copy) */
  SilaBuf concat;
  StrSet seen;
  SilaBuf scratch;
};

SilaAgg *sila_agg_new(SilaAggKind kind, bool distinct, const char *separator) {
  SilaAgg *a = sila_calloc(1, sizeof *a);
  if (!a)
    return NULL;
  a->kind = kind;
  a->distinct = distinct;
  a->sep = sila_strdup(separator ? separator : " ");
  if (!a->sep) {
    free(a);
    return NULL;
  }
  a->acc = sila_value_int(0);
  return a;
}

void sila_agg_free(SilaAgg *a) {
  if (!a)
    return;
  free(a->sep);
  free(a->acc_storage);
  sila_buf_free(&a->concat);
  sila_buf_free(&a->scratch);
  set_free(&a->seen);
  free(a);
}

/* Replaces the strings and components of triple term t by copies in
 * arena (the accumulator's storage ends with the aggregate). */
static bool arena_triple_copy(SilaArena *arena, SilaTerm *t, int depth) {
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    SilaTerm *spo = sila_arena_alloc(arena, 3 * sizeof *spo);
    if (!spo || depth >= SILA_TRIPLE_DEPTH_MAX)
      return false;
    for (int k = 0; k < 3; k++) {
      spo[k] = t->triple[k];
      if (!arena_triple_copy(arena, &spo[k], depth + 1))
        return false;
    }
    t->triple = spo;
    return true;
  }
  if (t->value && !(t->value = sila_arena_strndup(arena, t->value, t->value_len)))
    return false;
  if (t->datatype && !(t->datatype = sila_arena_strndup(arena, t->datatype, t->datatype_len)))
    return false;
  return !t->lang || (t->lang = sila_arena_strndup(arena, t->lang, t->lang_len));
}

/* Keeps a copy of v (its strings copied) as the accumulator. */
static SilaStatus keep(SilaAgg *a, const SilaValue *v) {
  SilaValue c = *v;
  char *storage = NULL;
  if (v->has_term) {
    if (sila_term_copy(&v->term, &c.term, &storage))
      return SILA_ERR_NOMEM;
  }
  free(a->acc_storage);
  a->acc_storage = storage;
  a->acc = c;
  a->has_acc = true;
  return SILA_OK;
}

/* The N-Triples form of v in a->scratch (for DISTINCT). */
static int nt_key(SilaAgg *a, const SilaValue *v) {
  a->scratch.len = 0;
  SilaTerm t = v->term;
  char buf[128];
  if (!v->has_term) {
    size_t dl;
    const char *dt = sila_value_datatype(v, &dl);
    SilaTerm c = {SILA_TERM_LITERAL, buf, sila_fn_format_lexical(v, buf), dt, dl, NULL, 0, NULL};
    t = c;
  }
  return sila_buf_put_term_nt(&a->scratch, &t);
}

SilaStatus sila_agg_step(SilaAgg *a, const SilaValue *v) {
  if (v->kind == SILA_VAL_UNBOUND) {
    /* an unbound value / expression error: COUNT, MIN, MAX, SAMPLE and
     * GROUP_CONCAT skip it; SUM and AVG cannot add it */
    if (a->kind == SILA_AGG_SUM || a->kind == SILA_AGG_AVG)
      a->error = true;
    return SILA_OK;
  }
  if (a->error)
    return SILA_OK;
  if (a->distinct) {
    if (nt_key(a, v))
      return SILA_ERR_NOMEM;
    int r = set_add(&a->seen, a->scratch.data, a->scratch.len);
    if (r < 0)
      return SILA_ERR_NOMEM;
    if (r == 0)
      return SILA_OK;
  }
  a->count++;
  switch (a->kind) {
  case SILA_AGG_COUNT:
    return SILA_OK;
  case SILA_AGG_SUM:
  case SILA_AGG_AVG: {
    SilaValue r;
    if (sila_value_arith(SILA_ARITH_ADD, &a->acc, v, &r) != SILA_OK) {
      a->error = true;
      return SILA_OK;
    }
    a->acc = r; /* numeric results own no strings */
    return SILA_OK;
  }
  case SILA_AGG_MIN:
  case SILA_AGG_MAX: {
    if (a->has_acc) {
      int c = sila_value_order(v, &a->acc);
      if (a->kind == SILA_AGG_MIN ? c >= 0 : c <= 0)
        return SILA_OK;
    }
    return keep(a, v);
  }
  case SILA_AGG_SAMPLE:
    return a->has_acc ? SILA_OK : keep(a, v);
  case SILA_AGG_GROUP_CONCAT: {
    if (!sila_value_is_literal(v)) {
      a->error = true;
      return SILA_OK;
    }
    if (a->count > 1 && sila_buf_puts(&a->concat, a->sep))
      return SILA_ERR_NOMEM;
    if (v->has_term) {
      if (sila_buf_append(&a->concat, v->term.value, v->term.value_len))
        return SILA_ERR_NOMEM;
    } else { /* computed literal: its canonical form, like STR() */
      char buf[128];
      if (sila_buf_append(&a->concat, buf, sila_fn_format_lexical(v, buf)))
        return SILA_ERR_NOMEM;
    }
    return SILA_OK;
  }
  }
  return SILA_OK;
}

SilaStatus sila_agg_result(SilaAgg *a, SilaArena *arena, SilaValue *out) {
  if (a->error)
    return SILA_ERR_TYPE;
  switch (a->kind) {
  case SILA_AGG_COUNT:
    *out = sila_value_int((SilaInt128)a->count);
    return SILA_OK;
  case SILA_AGG_SUM:
    *out = a->acc;
    return SILA_OK;
  case SILA_AGG_AVG: {
    if (a->count == 0) {
      *out = sila_value_int(0);
      return SILA_OK;
    }
    SilaValue n = sila_value_int((SilaInt128)a->count);
    return sila_value_arith(SILA_ARITH_DIV, &a->acc, &n, out);
  }
  case SILA_AGG_MIN:
  case SILA_AGG_MAX:
  case SILA_AGG_SAMPLE: {
    if (!a->has_acc) {
      *out = sila_value_unbound();
      return SILA_OK;
    }
    *out = a->acc;
    if (a->acc.has_term && a->acc.term.kind == SILA_TERM_TRIPLE) {
      if (!arena_triple_copy(arena, &out->term, 0))
        return SILA_ERR_NOMEM;
    } else if (a->acc.has_term) {
      /* move the strings into the caller's arena so the result outlives us */
      SilaTerm *t = &out->term;
      t->value = sila_arena_strndup(arena, t->value, t->value_len);
      if (t->datatype)
        t->datatype = sila_arena_strndup(arena, t->datatype, t->datatype_len);
      if (t->lang)
        t->lang = sila_arena_strndup(arena, t->lang, t->lang_len);
      if (!t->value || (a->acc.term.datatype && !t->datatype) || (a->acc.term.lang && !t->lang))
        return SILA_ERR_NOMEM;
    }
    return SILA_OK;
  }
  case SILA_AGG_GROUP_CONCAT: {
    char *s = sila_arena_strndup(arena, a->concat.data ? a->concat.data : "", a->concat.len);
    if (!s)
      return SILA_ERR_NOMEM;
    *out = sila_value_string(s, a->concat.len);
    return SILA_OK;
  }
  }
  return SILA_ERR_INVALID;
}
