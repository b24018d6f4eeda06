/* results_compare.c — result-set equality with blank-node bijection.
 *
 * Plan: every solution gets a "shape" key in which blank nodes are only a
 * placeholder.  The two multisets of shapes must be equal (a sort and a
 * walk), which already settles every solution without blank nodes.  Then
 * the expected solutions that hold blank nodes are matched, one by one, to
 * unused actual solutions of the same shape whose blank nodes agree with
 * the bijection built so far, backtracking on dead ends. */
#include "results_compare.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const SilaResultSet *rs;
  size_t *col;  /* col[i]: this side's column of expected variable i */
  /* Blank-node occurrences: cell k (row * nvars + expected column) holds
   * the ids occ[occ_off[k] .. occ_off[k + 1]) — one for a blank node, any
   * number for a triple term, none otherwise. */
  size_t *occ_off;
  long *occ;
  size_t nblank; /* distinct blank labels */
  SilaBuf keys;
  size_t *key_off, *key_len; /* per row */
  bool *has_blank;           /* per row */
  size_t *order;             /* rows sorted by key */
} Side;

typedef struct {
  Side e, a;
  size_t nv;
  long *e2a, *a2e; /* the bijection being built */
  long *undo;      /* expected blank ids bound, in order */
  size_t nundo;
  bool *used;      /* actual rows taken */
  size_t *group_lo, *group_hi; /* per expected row (sorted position): candidate range in a.order */
  unsigned long steps;
  bool lexical;
} Cmp;

static void why_set(char *why, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void why_set(char *why, size_t size, const char *fmt, ...) {
  if (!why || !size)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, size, fmt, ap);
  va_end(ap);
}

static const SilaTerm *cell(const Side *s, size_t row, size_t i) {
  return sila_results_set_get(s->rs, row, s->col[i]);
}

/* ---- blank-node ids ---- */

typedef struct {
  const char *label;
  size_t len;
  size_t cellno;
} Label;

static int label_cmp(const void *pa, const void *pb) {
  const Label *a = pa, *b = pb;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->label, b->label, n);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Finds the blank node labels in triple-term text (N-Triples 1.2
 * `<<( s p o )>>`, as the parsers store it), skipping IRIs and strings;
 * returns how many there are.  When out is not NULL, stores them there
 * with cellno, cellno + 1, ...; when key is not NULL, appends the text
 * without the labels to it (*fail set when memory runs out). */
static size_t triple_blanks(const char *t, size_t n, Label *out, size_t cellno, SilaBuf *key,
                            int *fail) {
  size_t count = 0, i = 0, start = 0;
  while (i < n) {
    char ch = t[i];
    if (ch == '<' && i + 2 < n && t[i + 1] == '<' && t[i + 2] == '(') {
      i += 3;
    } else if (ch == '<') {
      while (i < n && t[i] != '>')
        i++;
      i++;
    } else if (ch == '"') {
      for (i++; i < n && t[i] != '"'; i++)
        if (t[i] == '\\')
          i++;
      i++;
    } else if (ch == '_' && i + 1 < n && t[i + 1] == ':' && (i == 0 || t[i - 1] == ' ')) {
      size_t l = i + 2;
      while (l < n && t[l] != ' ')
        l++;
      if (out)
        out[count] = (Label){t + i + 2, l - i - 2, cellno + count};
      count++;
      if (key && sila_buf_append(key, t + start, i + 2 - start))
        *fail = 1;
      start = i = l;
    } else {
      i++;
    }
  }
  if (key && sila_buf_append(key, t + start, (i < n ? i : n) - start))
    *fail = 1;
  return count;
}

static size_t cell_blanks(const SilaTerm *t) {
  if (!t)
    return 0;
  if (t->kind == SILA_TERM_BLANK)
    return 1;
  if (t->kind == SILA_RESULTS_TERM_TRIPLE)
    return triple_blanks(t->value, t->value_len, NULL, 0, NULL, NULL);
  return 0;
}

static int assign_blank_ids(Side *s, size_t nv) {
  size_t nrows = s->rs->nrows, ncells = nrows * nv, nl = 0;
  s->occ_off = malloc((ncells + 1) * sizeof *s->occ_off);
  if (!s->occ_off)
    return -1;
  for (size_t k = 0; k < ncells; k++) {
    s->occ_off[k] = nl;
    nl += cell_blanks(cell(s, k / nv, k % nv));
  }
  s->occ_off[ncells] = nl;
  s->occ = malloc((nl ? nl : 1) * sizeof *s->occ);
  Label *labels = malloc((nl ? nl : 1) * sizeof *labels);
  if (!s->occ || !labels) {
    free(labels);
    return -1;
  }
  for (size_t k = 0; k < ncells; k++) {
    const SilaTerm *t = cell(s, k / nv, k % nv);
    size_t at = s->occ_off[k];
    if (t && t->kind == SILA_TERM_BLANK)
      labels[at] = (Label){t->value, t->value_len, at};
    else if (t && t->kind == SILA_RESULTS_TERM_TRIPLE) {
      triple_blanks(t->value, t->value_len, labels + at, at, NULL, NULL);
    }
  }
  qsort(labels, nl, sizeof *labels, label_cmp);
  long id = -1;
  for (size_t k = 0; k < nl; k++) {
    if (k == 0 || label_cmp(&labels[k - 1], &labels[k]) != 0)
      id++;
    s->occ[labels[k].cellno] = id;
  }
  s->nblank = (size_t)(id + 1);
  free(labels);
  return 0;
}

/* ---- shape keys ---- */

static int put_part(SilaBuf *b, char tag, const char *s, size_t n) {
  return sila_buf_printf(b, "%c%zu:", tag, n) || sila_buf_append(b, s ? s : "", n);
}

/* Language tags compare without regard to case (RDF 1.1). */
static int put_lang(SilaBuf *b, const char *lang, size_t n) {
  if (!lang)
    return put_part(b, 'N', NULL, 0);
  if (sila_buf_printf(b, "L%zu:", n))
    return -1;
  for (size_t i = 0; i < n; i++) {
    char c = lang[i];
    if (sila_buf_putc(b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c))
      return -1;
  }
  return 0;
}

static int put_cell_key(SilaBuf *b, const SilaTerm *t, bool lexical) {
  if (!t)
    return sila_buf_putc(b, 'U');
  if (t->kind == SILA_TERM_BLANK)
    return sila_buf_putc(b, 'B');
  if (t->kind == SILA_RESULTS_TERM_TRIPLE) { /* the text with blank labels left out */
    int fail = 0;
    if (sila_buf_putc(b, 'T'))
      return -1;
    triple_blanks(t->value, t->value_len, NULL, 0, b, &fail);
    return fail ? -1 : sila_buf_putc(b, 'T');
  }
  if (lexical)
    return put_part(b, 'V', t->value, t->value_len);
  return put_part(b, (char)('0' + (int)t->kind), t->value, t->value_len) ||
         put_part(b, 'D', t->datatype, t->datatype ? t->datatype_len : 0) ||
         put_lang(b, t->lang, t->lang ? t->lang_len : 0);
}

static const SilaBuf *sort_keys_buf; /* qsort has no context argument */
static const Side *sort_side;

static int row_cmp(const void *pa, const void *pb) {
  size_t ra = *(const size_t *)pa, rb = *(const size_t *)pb;
  const char *d = sort_keys_buf->data;
  size_t la = sort_side->key_len[ra], lb = sort_side->key_len[rb];
  int c = memcmp(d + sort_side->key_off[ra], d + sort_side->key_off[rb], la < lb ? la : lb);
  if (c)
    return c;
  if (la != lb)
    return la < lb ? -1 : 1;
  return (ra > rb) - (ra < rb); /* stable: keeps backtracking deterministic */
}

static int build_keys(Side *s, size_t nv, bool lexical) {
  size_t nrows = s->rs->nrows;
  size_t n = nrows ? nrows : 1;
  s->key_off = malloc(n * sizeof *s->key_off);
  s->key_len = malloc(n * sizeof *s->key_len);
  s->has_blank = calloc(n, sizeof *s->has_blank);
  s->order = malloc(n * sizeof *s->order);
  if (!s->key_off || !s->key_len || !s->has_blank || !s->order)
    return -1;
  if (sila_buf_reserve(&s->keys, 1))
    return -1;
  for (size_t r = 0; r < nrows; r++) {
    s->key_off[r] = s->keys.len;
    for (size_t i = 0; i < nv; i++) {
      const SilaTerm *t = cell(s, r, i);
      if (put_cell_key(&s->keys, t, lexical))
        return -1;
      if (s->occ_off[r * nv + i + 1] > s->occ_off[r * nv + i])
        s->has_blank[r] = true;
    }
    s->key_len[r] = s->keys.len - s->key_off[r];
    s->order[r] = r;
  }
  sort_keys_buf = &s->keys;
  sort_side = s;
  qsort(s->order, nrows, sizeof *s->order, row_cmp);
  return 0;
}

static int key_cmp2(const Side *x, size_t rx, const Side *y, size_t ry) {
  size_t lx = x->key_len[rx], ly = y->key_len[ry];
  int c = memcmp(x->keys.data + x->key_off[rx], y->keys.data + y->key_off[ry], lx < ly ? lx : ly);
  return c ? c : (lx > ly) - (lx < ly);
}

/* ---- diagnostics ---- */

static void describe_row(const Side *s, size_t nv, size_t row, char *out, size_t size) {
  SilaBuf b = SILA_BUF_INIT;
  int r = sila_buf_putc(&b, '{');
  for (size_t i = 0; i < nv && !r; i++) {
    const SilaTerm *t = cell(s, row, i);
    r = sila_buf_printf(&b, " ?%s=", s->rs->vars[s->col[i]]);
    if (!r && !t)
      r = sila_buf_puts(&b, "UNDEF");
    else if (!r && t->kind == SILA_RESULTS_TERM_TRIPLE)
      r = sila_buf_append(&b, t->value, t->value_len);
    else if (!r)
      r = sila_buf_put_term_nt(&b, t);
  }
  if (!r)
    r = sila_buf_puts(&b, " }");
  snprintf(out, size, "%s", r ? "(out of memory)" : b.data);
  sila_buf_free(&b);
}

/* ---- bijection ---- */

/* Extends the bijection so that expected row re matches actual row ra;
 * false (with the bijection unchanged) when it cannot. */
static bool bind_row(Cmp *c, size_t re, size_t ra) {
  size_t mark = c->nundo;
  for (size_t i = 0; i < c->nv; i++) {
    size_t ke = re * c->nv + i, ka = ra * c->nv + i;
    size_t ne = c->e.occ_off[ke + 1] - c->e.occ_off[ke];
    if (ne != c->a.occ_off[ka + 1] - c->a.occ_off[ka])
      goto fail; /* lexical mode: a blank node against a string of the same shape */
    for (size_t j = 0; j < ne; j++) {
      long be = c->e.occ[c->e.occ_off[ke] + j], ba = c->a.occ[c->a.occ_off[ka] + j];
      if (c->e2a[be] == ba)
        continue;
      if (c->e2a[be] >= 0 || c->a2e[ba] >= 0)
        goto fail;
      c->e2a[be] = ba;
      c->a2e[ba] = be;
      c->undo[c->nundo++] = be;
    }
  }
  return true;
fail:
  while (c->nundo > mark) {
    long be = c->undo[--c->nundo];
    c->a2e[c->e2a[be]] = -1;
    c->e2a[be] = -1;
  }
  return false;
}

static void unbind_to(Cmp *c, size_t mark) {
  while (c->nundo > mark) {
    long be = c->undo[--c->nundo];
    c->a2e[c->e2a[be]] = -1;
    c->e2a[be] = -1;
  }
}

/* Matches the blank-node rows brows[k..n-1] (positions in e.order). */
static bool match_from(Cmp *c, const size_t *brows, size_t k, size_t n, size_t *deepest) {
  if (k == n)
    return true;
  if (k > *deepest)
    *deepest = k;
  size_t pos = brows[k], re = c->e.order[pos];
  for (size_t j = c->group_lo[pos]; j < c->group_hi[pos]; j++) {
    size_t ra = c->a.order[j];
    if (c->used[ra])
      continue;
    if (++c->steps > RESULTS_CMP_MAX_STEPS)
      return false;
    size_t mark = c->nundo;
    if (!bind_row(c, re, ra))
      continue;
    c->used[ra] = true;
    if (match_from(c, brows, k + 1, n, deepest))
      return true;
    c->used[ra] = false;
    unbind_to(c, mark);
    if (c->steps > RESULTS_CMP_MAX_STEPS)
      return false;
  }
  return false;
}

static void side_free(Side *s) {
  free(s->col);
  free(s->occ_off);
  free(s->occ);
  sila_buf_free(&s->keys);
  free(s->key_off);
  free(s->key_len);
  free(s->has_blank);
  free(s->order);
}

bool results_compare(const SilaResultSet *expected, const SilaResultSet *actual, unsigned flags,
                     char *why, size_t why_size) {
  if (why && why_size)
    why[0] = '\0';
  if (expected->is_boolean || actual->is_boolean) {
    if (expected->is_boolean != actual->is_boolean) {
      why_set(why, why_size, "expected %s result, got %s result",
              expected->is_boolean ? "a boolean" : "a SELECT",
              actual->is_boolean ? "a boolean" : "a SELECT");
      return false;
    }
    if (expected->boolean != actual->boolean) {
      why_set(why, why_size, "expected %s, got %s", expected->boolean ? "true" : "false",
              actual->boolean ? "true" : "false");
      return false;
    }
    return true;
  }
  if (expected->nvars != actual->nvars) {
    why_set(why, why_size, "expected %zu variables, got %zu", expected->nvars, actual->nvars);
    return false;
  }
  size_t nv = expected->nvars;
  Cmp c;
  memset(&c, 0, sizeof c);
  c.nv = nv;
  c.lexical = (flags & RESULTS_CMP_LEXICAL) != 0;
  c.e.rs = expected;
  c.a.rs = actual;
  bool ok = false;
  c.e.col = malloc((nv ? nv : 1) * sizeof(size_t));
  c.a.col = malloc((nv ? nv : 1) * sizeof(size_t));
  if (!c.e.col || !c.a.col)
    goto nomem;
  for (size_t i = 0; i < nv; i++) {
    long k = sila_results_set_var_index(actual, expected->vars[i], expected->var_lens[i]);
    if (k < 0) {
      why_set(why, why_size, "variable ?%s is missing", expected->vars[i]);
      goto out;
    }
    c.e.col[i] = i;
    c.a.col[i] = (size_t)k;
  }
  if (expected->nrows != actual->nrows) {
    why_set(why, why_size, "expected %zu solutions, got %zu", expected->nrows, actual->nrows);
    goto out;
  }
  size_t nrows = expected->nrows;
  if (assign_blank_ids(&c.e, nv) || assign_blank_ids(&c.a, nv) ||
      build_keys(&c.e, nv, c.lexical) || build_keys(&c.a, nv, c.lexical))
    goto nomem;
  c.e2a = malloc((c.e.nblank ? c.e.nblank : 1) * sizeof *c.e2a);
  c.a2e = malloc((c.a.nblank ? c.a.nblank : 1) * sizeof *c.a2e);
  c.undo = malloc((c.e.nblank ? c.e.nblank : 1) * sizeof *c.undo);
  c.used = calloc(nrows ? nrows : 1, sizeof *c.used);
  c.group_lo = malloc((nrows ? nrows : 1) * sizeof *c.group_lo);
  c.group_hi = malloc((nrows ? nrows : 1) * sizeof *c.group_hi);
  if (!c.e2a || !c.a2e || !c.undo || !c.used || !c.group_lo || !c.group_hi)
    goto nomem;
  for (size_t i = 0; i < c.e.nblank; i++)
    c.e2a[i] = -1;
  for (size_t i = 0; i < c.a.nblank; i++)
    c.a2e[i] = -1;
  char row_text[400];

  if (flags & RESULTS_CMP_ORDERED) {
    for (size_t r = 0; r < nrows; r++) {
      if (key_cmp2(&c.e, r, &c.a, r) != 0 || !bind_row(&c, r, r)) {
        describe_row(&c.e, nv, r, row_text, sizeof row_text);
        why_set(why, why_size, "solution %zu differs: expected %s", r + 1, row_text);
        goto out;
      }
    }
    ok = true;
    goto out;
  }

  /* Multisets of shapes, walking both sorted orders. */
  for (size_t k = 0; k < nrows; k++) {
    int d = key_cmp2(&c.e, c.e.order[k], &c.a, c.a.order[k]);
    if (d != 0) {
      /* The smaller key is the one missing on the other side. */
      bool missing_in_actual = d < 0;
      const Side *s = missing_in_actual ? &c.e : &c.a;
      describe_row(s, nv, s->order[k], row_text, sizeof row_text);
      why_set(why, why_size, "%s solution not found: %s",
              missing_in_actual ? "expected" : "unexpected", row_text);
      goto out;
    }
  }
  /* Groups of equal shape: for sorted position k, the range of equal keys. */
  for (size_t k = 0; k < nrows;) {
    size_t end = k + 1;
    while (end < nrows && key_cmp2(&c.e, c.e.order[k], &c.e, c.e.order[end]) == 0)
      end++;
    for (size_t j = k; j < end; j++)
      c.group_lo[j] = k, c.group_hi[j] = end;
    k = end;
  }
  size_t nb = 0;
  size_t *brows = malloc((nrows ? nrows : 1) * sizeof *brows);
  if (!brows)
    goto nomem;
  for (size_t k = 0; k < nrows; k++)
    if (c.e.has_blank[c.e.order[k]])
      brows[nb++] = k;
  size_t deepest = 0;
  ok = match_from(&c, brows, 0, nb, &deepest);
  if (!ok) {
    if (c.steps > RESULTS_CMP_MAX_STEPS) {
      why_set(why, why_size, "blank-node matching gave up after %lu tries", c.steps - 1);
    } else {
      describe_row(&c.e, nv, c.e.order[brows[deepest]], row_text, sizeof row_text);
      why_set(why, why_size, "blank nodes do not correspond; no match for %s", row_text);
    }
  }
  free(brows);
  goto out;
nomem:
  why_set(why, why_size, "out of memory");
  ok = false;
out:
  side_free(&c.e);
  side_free(&c.a);
  free(c.e2a);
  free(c.a2e);
  free(c.undo);
  free(c.used);
  free(c.group_lo);
  free(c.group_hi);
  return ok;
}
