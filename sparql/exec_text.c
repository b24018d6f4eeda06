/* exec_text.c — full-text search inside SPARQL: the property function
 * calabria:testo (https://dati.calabria.it/onto/testo).
 *
 *   ?s calabria:testo "query" .
 *   ?s calabria:testo ("query" ?score ?snippet ?literal) .
 *
 * binds ?s to every subject with a literal matching the query (the text
 * index's syntax: words, castel*, "a phrase", OR, NOT), one row per
 * (subject, matching literal); ?score is the literal's BM25 score times 2
 * for label properties (xsd:double), ?snippet an HTML fragment of the
 * literal with the matched words in <b>, ?literal the literal itself.  The
 * list's outputs are optional; the query may be a variable bound before.
 *
 * Planning: a BGP holding such a pattern is run with the text index as its
 * access path: the matches come first (best score first) and the BGP's
 * other patterns run per match with its bindings, an index lookup each;
 * when the subject is already bound, its quads are checked against the
 * matches instead.  EXPLAIN shows it on the BGP. */
#include <stdio.h>
#include <stdlib.h>

#include "exec_internal.h"
#include "sila_text.h"

#define TEXT_PREDICATE "https://dati.calabria.it/onto/testo"

static bool is_text_predicate(const SilaNode *p) {
  return p->var < 0 && p->term.kind == SILA_TERM_IRI &&
         sila_iri_is(p->term.value, p->term.value_len, TEXT_PREDICATE);
}

bool exec_text_applies(const SilaAlg *alg) {
  for (size_t i = 0; i < alg->ntriples; i++)
    if (is_text_predicate(&alg->triples[i].p))
      return true;
  return false;
}

/* A parsed and run text query, kept for the execution: a nested loop
 * re-creates the BGP per outer row. */
typedef struct TextCache {
  struct TextCache *next;
  char *text;
  size_t len;
  SilaTextQuery *q;
  SilaTextDoc *by_score; /* best first */
  SilaTextDoc *by_id;    /* literal order, for bound subjects */
  size_t n;
} TextCache;

void exec_text_free(SilaExec *ex) {
  TextCache *c = ex->text;
  while (c) {
    TextCache *next = c->next;
    sila_text_query_free(c->q);
    free(c->by_score);
    free(c->by_id);
    free(c->text);
    free(c);
    c = next;
  }
  ex->text = NULL;
}

static int by_score(const void *a, const void *b) {
  const SilaTextDoc *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->literal < y->literal ? -1 : x->literal > y->literal;
}

static TextCache *text_run(SilaExec *ex, const char *text, size_t len) {
  for (TextCache *c = ex->text; c; c = c->next)
    if (c->len == len && !memcmp(c->text, text, len))
      return c;
  TextCache *c = calloc(1, sizeof *c);
  if (!c || !(c->text = malloc(len + 1))) {
    free(c);
    exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    return NULL;
  }
  memcpy(c->text, text, len);
  c->len = len;
  c->next = ex->text;
  ex->text = c;
  SilaError err = {0};
  SilaStatus st = sila_text_query_parse(ex->txn, text, len, &c->q, &err);
  if (st != SILA_OK) {
    exec_fail(ex, st == SILA_ERR_INVALID ? SILA_ERR_SYNTAX : st, "calabria:testo \"%.*s\": %s",
              (int)(len > 100 ? 100 : len), text, err.message[0] ? err.message : sila_strerror(st));
    return NULL;
  }
  st = sila_text_query_run(ex->txn, c->q, &c->by_id, &c->n);
  /* The matches count against the query's memory cap, as rows do. */
  if (st == SILA_OK && c->n)
    st = exec_mem(ex, 2 * c->n * sizeof *c->by_id);
  if (st == SILA_OK && c->n && !(c->by_score = malloc(c->n * sizeof *c->by_score)))
    st = SILA_ERR_NOMEM;
  if (st != SILA_OK) {
    if (ex->status == SILA_OK)
      exec_fail(ex, st, st == SILA_ERR_LIMIT ? "calabria:testo: too many words start so: give a "
                                               "longer prefix"
                                             : "text search failed");
    return NULL;
  }
  if (c->n) {
    memcpy(c->by_score, c->by_id, c->n * sizeof *c->by_id);
    qsort(c->by_score, c->n, sizeof *c->by_score, by_score);
  }
  return c;
}

/* ---- the pattern --------------------------------------------------------- */

typedef struct {
  SilaNode s;
  SilaNode query;     /* a literal, or a variable bound before */
  int32_t out[3];     /* score, snippet, literal (-1: absent) */
  SilaAlg rest;       /* the BGP's other patterns */
} TextPattern;

static const SilaTriple *find_triple(const SilaAlg *alg, int32_t subject_var, const char *pred,
                                     size_t *at) {
  for (size_t i = 0; i < alg->ntriples; i++) {
    const SilaTriple *t = &alg->triples[i];
    if (t->s.var == subject_var && t->p.var < 0 && t->p.term.kind == SILA_TERM_IRI &&
        sila_iri_is(t->p.term.value, t->p.term.value_len, pred)) {
      *at = i;
      return t;
    }
  }
  return NULL;
}

/* Finds the first calabria:testo pattern of the BGP and its argument
 * list's rdf:first/rdf:rest triples (used[i] set for each): its subject,
 * query and outputs in tp.  NULL, or what is wrong with it. */
static const char *find_pattern(const SilaExec *ex, const SilaAlg *alg, TextPattern *tp,
                                bool *used) {
  size_t n = alg->ntriples, t = n;
  for (size_t i = 0; i < n && t == n; i++)
    if (is_text_predicate(&alg->triples[i].p))
      t = i;
  if (t == n)
    return "no calabria:testo pattern";
  used[t] = true;
  tp->s = alg->triples[t].s;
  tp->out[0] = tp->out[1] = tp->out[2] = -1;
  SilaNode o = alg->triples[t].o;
  size_t at;
  const SilaTriple *first;
  if (o.var >= 0 && sila_query_var(ex->q, o.var)->hidden &&
      (first = find_triple(alg, o.var, SILA_NS_RDF "first", &at))) {
    /* The argument list: ("query" ?score ?snippet ?literal). */
    int32_t cell = o.var;
    for (int k = 0; cell >= 0; k++) {
      first = find_triple(alg, cell, SILA_NS_RDF "first", &at);
      if (!first)
        break;
      used[at] = true;
      if (k == 0)
        tp->query = first->o;
      else if (k <= 3 && first->o.var >= 0)
        tp->out[k - 1] = first->o.var;
      else
        return "calabria:testo takes (\"query\" ?score ?snippet ?literal): "
               "after the query, up to three variables";
      const SilaTriple *r = find_triple(alg, cell, SILA_NS_RDF "rest", &at);
      if (!r)
        break;
      used[at] = true;
      cell = r->o.var;
    }
  } else {
    tp->query = o;
  }
  if (tp->query.var < 0 &&
      (tp->query.term.kind != SILA_TERM_LITERAL ||
       (tp->query.term.datatype &&
        !sila_iri_is(tp->query.term.datatype, tp->query.term.datatype_len, SILA_XSD_STRING))))
    return "calabria:testo needs a query string, e.g. ?s calabria:testo \"castello svevo\"";
  return NULL;
}

bool exec_text_explain_parts(const SilaExec *ex, const SilaAlg *alg, bool *used, SilaNode *s,
                             SilaNode *query, int32_t out[3]) {
  TextPattern tp;
  memset(used, 0, alg->ntriples * sizeof *used);
  if (find_pattern(ex, alg, &tp, used)) {
    memset(used, 0, alg->ntriples * sizeof *used);
    return false;
  }
  *s = tp.s;
  *query = tp.query;
  memcpy(out, tp.out, sizeof tp.out);
  return true;
}

/* Splits the BGP: the first calabria:testo pattern (with its argument
 * list's triples) and the rest.  -1 with the error set. */
static int split(SilaExec *ex, const SilaAlg *alg, TextPattern *tp) {
  size_t n = alg->ntriples;
  bool *used = sila_arena_calloc(ex->arena, n, sizeof *used);
  SilaTriple *rest = sila_arena_calloc(ex->arena, n, sizeof *rest);
  if (!used || !rest)
    return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
  const char *why = find_pattern(ex, alg, tp, used);
  if (why)
    return exec_fail(ex, SILA_ERR_SYNTAX, "%s", why);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!used[i])
      rest[m++] = alg->triples[i];
  tp->rest = *alg;
  tp->rest.triples = rest;
  tp->rest.ntriples = m;
  return 0;
}

/* ---- the iterator -------------------------------------------------------- */

typedef struct {
  Iter it;
  SilaExec *ex;
  ActiveGraph ag;
  TextPattern tp;
  SilaExpr *const *filters;
  size_t nfilters;
  TextCache *c;
  SilaId *seed, *row;
  bool bound_subject; /* the subject is known: check its quads */
  SilaId subject;
  size_t doc;         /* next match (free subject) */
  QuadScan *scan;     /* the current match's quads, or the subject's */
  SilaId last_s;
  Iter *inner;        /* the other patterns for the current row */
  /* Other patterns first (they bind the subject to few values): their rows,
   * each checked against the matches. */
  Iter *outer;
  SilaId *outer_row;
  bool started, done;
} TextIter;

static int text_next(Iter *it, SilaId *out);

static void text_free(Iter *it) {
  TextIter *t = (TextIter *)it;
  iter_free(t->inner);
  iter_free(t->outer);
  free(t->outer_row);
  quadscan_free(t->scan);
  free(t->seed);
  free(t->row);
  free(t);
}

/* Fills t->row from the seed and one match; false when the row's own
 * bindings disagree. */
static bool make_row(TextIter *t, SilaId s, SilaId p, SilaId lit, double score) {
  SilaExec *ex = t->ex;
  row_copy(ex, t->row, t->seed);
  if (t->tp.s.var >= 0) {
    if (t->row[t->tp.s.var] && t->row[t->tp.s.var] != s)
      return false;
    t->row[t->tp.s.var] = s;
  }
  int32_t v;
  if ((v = t->tp.out[2]) >= 0) {
    if (t->row[v] && t->row[v] != lit)
      return false;
    t->row[v] = lit;
  }
  if ((v = t->tp.out[0]) >= 0) {
    SilaValue val = sila_value_double(score * sila_text_boost(ex->txn, t->c->q, p));
    t->row[v] = exec_value_id(ex, &val);
  }
  if ((v = t->tp.out[1]) >= 0) {
    SilaBuf b = SILA_BUF_INIT;
    if (sila_text_snippet(ex->txn, t->c->q, lit, 200, &b) != SILA_OK) {
      sila_buf_free(&b);
      return false;
    }
    SilaValue val = sila_value_string(b.data ? b.data : "", b.len);
    t->row[v] = exec_value_id(ex, &val);
    sila_buf_free(&b);
  }
  return true;
}

static const SilaTextDoc *find_doc(const TextCache *c, SilaId lit) {
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->by_id[mid].literal < lit)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->n && c->by_id[lo].literal == lit ? &c->by_id[lo] : NULL;
}

/* The next row of matches (before the other patterns): 1, 0, <0. */
static int next_match(TextIter *t) {
  SilaExec *ex = t->ex;
  for (;;) {
    SilaStatus st = exec_check(ex);
    if (st != SILA_OK)
      return -(int)st;
    SilaIdQuad q;
    if (t->bound_subject) {
      if (!t->scan)
        return 0;
      int r = quadscan_next(t->scan, &q);
      if (r <= 0)
        return r < 0 ? exec_fail(ex, (SilaStatus)-r, "store read failed") : 0;
      const SilaTextDoc *d = find_doc(t->c, q.o);
      if (d && make_row(t, q.s, q.p, q.o, d->score))
        return 1;
      continue;
    }
    if (!t->scan || quadscan_next(t->scan, &q) <= 0) {
      if (t->doc >= t->c->n)
        return 0;
      SilaId lit = t->c->by_score[t->doc++].literal;
      if (t->scan ? !quadscan_reset(t->scan, 0, 0, lit)
                  : !(t->scan = quadscan_open(ex, 0, 0, lit, t->ag)))
        return exec_fail(ex, SILA_ERR_IO, "store read failed");
      t->last_s = 0;
      continue;
    }
    if (q.s == t->last_s)
      continue; /* the same subject through another predicate */
    t->last_s = q.s;
    if (make_row(t, q.s, q.p, q.o, t->c->by_score[t->doc - 1].score))
      return 1;
  }
}

/* Other patterns first: each of their rows binds the subject, whose
 * literals are looked up among the matches. */
static int outer_next(TextIter *t, SilaId *out) {
  SilaExec *ex = t->ex;
  for (;;) {
    if (t->scan) {
      int r = next_match(t);
      if (r < 0)
        return r;
      if (r == 1) {
        if (t->nfilters && !exec_filter(ex, t->filters, t->nfilters, t->row, t->ag))
          continue;
        row_copy(ex, out, t->row);
        return 1;
      }
    }
    int r = iter_next(t->outer, t->outer_row);
    if (r <= 0)
      return r;
    SilaId s = t->outer_row[t->tp.s.var];
    row_copy(ex, t->seed, t->outer_row);
    if (!s || IS_LOCAL(s))
      continue;
    if (t->scan ? !quadscan_reset(t->scan, s, 0, 0)
                : !(t->scan = quadscan_open(ex, s, 0, 0, t->ag)))
      return exec_fail(ex, SILA_ERR_IO, "store read failed");
  }
}

static int text_next(Iter *it, SilaId *out) {
  TextIter *t = (TextIter *)it;
  SilaExec *ex = t->ex;
  if (t->done)
    return 0;
  if (t->outer) {
    int r = outer_next(t, out);
    if (r <= 0)
      t->done = true;
    return r;
  }
  for (;;) {
    if (t->inner) {
      int r = iter_next(t->inner, out);
      if (r != 0)
        return r;
      iter_free(t->inner);
      t->inner = NULL;
    }
    int r = next_match(t);
    if (r <= 0) {
      t->done = true;
      return r;
    }
    t->inner = exec_bgp_filtered(ex, &t->tp.rest, t->row, t->ag, t->filters, t->nfilters);
    if (!t->inner)
      return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
  }
}

Iter *exec_text_bgp(SilaExec *ex, const SilaAlg *alg, const SilaId *seed, ActiveGraph ag,
                    SilaExpr *const *filters, size_t nfilters) {
  TextIter *t = calloc(1, sizeof *t);
  size_t w = ex->nvars ? ex->nvars : 1;
  if (!t || !(t->seed = malloc(w * sizeof *t->seed)) || !(t->row = malloc(w * sizeof *t->row))) {
    if (t)
      free(t->seed);
    free(t);
    return NULL;
  }
  t->it.next = text_next;
  t->it.free = text_free;
  t->ex = ex;
  t->ag = ag;
  t->filters = filters;
  t->nfilters = nfilters;
  row_copy(ex, t->seed, seed);
  if (split(ex, alg, &t->tp) < 0) {
    text_free(&t->it);
    return iter_error(ex, ex->status);
  }
  /* The query: a literal, or a variable bound by what came before. */
  SilaTerm qt = t->tp.query.term;
  char buf[SILA_TERM_BUF];
  if (t->tp.query.var >= 0) {
    SilaId qid = seed[t->tp.query.var];
    if (!qid || exec_term(ex, qid, &qt, buf) != SILA_OK || qt.kind != SILA_TERM_LITERAL) {
      text_free(&t->it);
      exec_fail(ex, SILA_ERR_SYNTAX,
                "calabria:testo: the query variable must be bound to a string before it");
      return iter_error(ex, ex->status);
    }
  }
  t->c = text_run(ex, qt.value, qt.value_len);
  if (!t->c) {
    text_free(&t->it);
    return iter_error(ex, ex->status);
  }
  /* A subject already known (a constant, or bound before): read its quads. */
  t->subject = t->tp.s.var >= 0 ? seed[t->tp.s.var] : exec_store_id(ex, &t->tp.s.term);
  t->bound_subject = t->tp.s.var < 0 || t->subject;
  if (t->bound_subject && t->subject && !IS_LOCAL(t->subject) &&
      !(t->scan = quadscan_open(ex, t->subject, 0, 0, ag))) {
    text_free(&t->it);
    return NULL;
  }
  /* The text index first, unless a pattern on the subject has far fewer
   * matches than the text (then its rows come first, each checked). */
  uint64_t fewest = UINT64_MAX;
  for (size_t i = 0; !t->bound_subject && i < t->tp.rest.ntriples; i++) {
    const SilaTriple *tr = &t->tp.rest.triples[i];
    if (tr->s.var != t->tp.s.var && tr->o.var != t->tp.s.var)
      continue;
    SilaId v[3] = {0, 0, 0};
    const SilaNode *nodes[3] = {&tr->s, &tr->p, &tr->o};
    bool none = false;
    for (int k = 0; k < 3; k++) {
      if (nodes[k]->var >= 0) {
        v[k] = seed[nodes[k]->var];
      } else if (!(v[k] = exec_store_id(ex, &nodes[k]->term))) {
        none = true;
      }
    }
    uint64_t est = none ? 0 : exec_estimate(ex, v[0], v[1], v[2], ag);
    if (est < fewest)
      fewest = est;
  }
  bool rest_first = !t->bound_subject && fewest != UINT64_MAX && fewest * 8 < t->c->n;
  if (rest_first) {
    t->bound_subject = true; /* per outer row */
    if (!(t->outer_row = malloc(w * sizeof *t->outer_row)) ||
        !(t->outer = exec_bgp(ex, &t->tp.rest, seed, ag))) {
      text_free(&t->it);
      return NULL;
    }
  }
  if (ex->profile) {
    char note[300];
    snprintf(note, sizeof note,
             "text index: calabria:testo \"%.*s\" matches %zu literals; %s", (int)(qt.value_len > 80 ? 80 : qt.value_len),
             qt.value, t->c->n,
             rest_first ? "the other patterns run first (fewer rows); each subject's literals "
                          "are looked up in the matches"
             : t->bound_subject ? "the bound subject's literals are looked up in them"
                                : "access path: the other patterns run per match, best first");
    exec_profile_note(ex, alg, note);
  }
  return &t->it;
}
