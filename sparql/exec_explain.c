/* exec_explain.c — EXPLAIN and EXPLAIN ANALYZE: per-operator counters and
 * the annotated plan. */
#include <stdio.h>
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

typedef struct {
  const SilaAlg *alg;
  uint64_t evals, rows;
  uint64_t ns;
  size_t *order; /* BGP: pattern indexes in the order run */
  uint64_t *est; /* BGP: estimated matches of each, in that order */
  size_t n;
  bool merge;    /* BGP: the first two patterns run as a merge join */
  char *note;    /* how the node ran (the text index) */
  char **pnotes; /* BGP: a note per pattern, in the order run (object ranges) */
  size_t npnotes;
  /* BGP: its hash level (exec_hash.c), in the order run, and what it did:
   * tables built, their entries, rows probed, rows looked up. */
  size_t hash_level;
  bool has_hash;
  uint64_t hash[4];
  /* ORDER BY driven by its first key (exec_topk.c): values read, their
   * groups, rows read, times it read the rest the plain way. */
  bool has_topk;
  uint64_t topk[4];
} ProfNode;

typedef struct {
  ProfNode *nodes;
  size_t n, cap;
} ProfTable;

static ProfNode *prof_node(SilaExec *ex, const SilaAlg *alg) {
  ProfTable *t = ex->prof;
  if (!t && !(t = ex->prof = sila_calloc(1, sizeof *t)))
    return NULL;
  for (size_t i = 0; i < t->n; i++)
    if (t->nodes[i].alg == alg)
      return &t->nodes[i];
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    ProfNode *nodes = sila_realloc(t->nodes, cap * sizeof *nodes);
    if (!nodes)
      return NULL;
    t->nodes = nodes;
    t->cap = cap;
  }
  ProfNode *p = &t->nodes[t->n++];
  memset(p, 0, sizeof *p);
  p->alg = alg;
  return p;
}

void exec_profile_free(SilaExec *ex) {
  ProfTable *t = ex->prof;
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++) {
    free(t->nodes[i].order);
    free(t->nodes[i].est);
    free(t->nodes[i].note);
    for (size_t k = 0; k < t->nodes[i].npnotes; k++)
      free(t->nodes[i].pnotes[k]);
    free(t->nodes[i].pnotes);
  }
  free(t->nodes);
  free(t);
  ex->prof = NULL;
}

void exec_profile_note(SilaExec *ex, const SilaAlg *alg, const char *note) {
  ProfNode *p = prof_node(ex, alg);
  if (p && !p->note)
    p->note = strdup(note);
}

void exec_profile_bgp_pattern_note(SilaExec *ex, const SilaAlg *alg, size_t i, const char *note) {
  ProfNode *p = prof_node(ex, alg);
  if (!p)
    return;
  if (i >= p->npnotes) {
    char **notes = sila_realloc(p->pnotes, (i + 1) * sizeof *notes);
    if (!notes)
      return;
    memset(notes + p->npnotes, 0, (i + 1 - p->npnotes) * sizeof *notes);
    p->pnotes = notes;
    p->npnotes = i + 1;
  }
  if (!p->pnotes[i])
    p->pnotes[i] = strdup(note); /* the first evaluation's, like the order */
}

void exec_profile_bgp_hash(SilaExec *ex, const SilaAlg *alg, size_t i, uint64_t builds,
                           uint64_t entries, uint64_t probed, uint64_t looked_up) {
  ProfNode *p = prof_node(ex, alg);
  if (!p)
    return;
  p->has_hash = true;
  p->hash_level = i;
  p->hash[0] += builds;
  p->hash[1] += entries;
  p->hash[2] += probed;
  p->hash[3] += looked_up;
}

void exec_profile_topk(SilaExec *ex, const SilaAlg *alg, uint64_t values, uint64_t groups,
                       uint64_t rows, uint64_t fell_back) {
  ProfNode *p = prof_node(ex, alg);
  if (!p)
    return;
  p->has_topk = true;
  p->topk[0] += values;
  p->topk[1] += groups;
  p->topk[2] += rows;
  p->topk[3] += fell_back;
}

void exec_profile_bgp_merge(SilaExec *ex, const SilaAlg *alg) {
  ProfNode *p = prof_node(ex, alg);
  if (p)
    p->merge = true;
}

void exec_profile_bgp(SilaExec *ex, const SilaAlg *alg, const size_t *order, const uint64_t *est,
                      size_t n) {
  ProfNode *p = prof_node(ex, alg);
  if (!p || p->order)
    return;
  p->order = sila_malloc((n + 1) * sizeof *p->order);
  p->est = sila_malloc((n + 1) * sizeof *p->est);
  if (!p->order || !p->est)
    return;
  memcpy(p->order, order, n * sizeof *order);
  memcpy(p->est, est, n * sizeof *est);
  p->n = n;
}

typedef struct {
  Iter it;
  SilaExec *ex;
  const SilaAlg *alg;
  Iter *inner;
} ProfIter;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static int prof_next(Iter *it, SilaId *out) {
  ProfIter *p = (ProfIter *)it;
  uint64_t t0 = now_ns();
  int r = iter_next(p->inner, out);
  ProfNode *n = prof_node(p->ex, p->alg);
  if (n) {
    n->ns += now_ns() - t0; /* includes the operators below */
    if (r == 1)
      n->rows++;
  }
  return r;
}

static void prof_free(Iter *it) {
  ProfIter *p = (ProfIter *)it;
  iter_free(p->inner);
  free(p);
}

Iter *exec_profile_wrap(SilaExec *ex, const SilaAlg *alg, Iter *inner) {
  ProfIter *p = exec_iter_new(sizeof *p, prof_next, prof_free);
  ProfNode *n = prof_node(ex, alg);
  if (!p || !n) {
    free(p);
    return inner;
  }
  n->evals++;
  p->ex = ex;
  p->alg = alg;
  p->inner = inner;
  return &p->it;
}

/* ---- printing ------------------------------------------------------------ */

static const char *kind_name(SilaAlgKind k) {
  static const char *names[] = {"bgp", "path", "join", "leftjoin", "filter", "union",
                                "minus", "graph", "service", "extend", "table", "group",
                                "orderby", "project", "distinct", "reduced", "slice", "tomultiset"};
  return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static int put_node(const SilaExec *ex, SilaBuf *b, const SilaNode *n);

/* A triple term pattern's components (its own variable is put_node's). */
static int put_tt(const SilaExec *ex, SilaBuf *b, const SilaNode *n) {
  return sila_buf_puts(b, "<<( ") || put_node(ex, b, &n->tt->s) || sila_buf_putc(b, ' ') ||
         put_node(ex, b, &n->tt->p) || sila_buf_putc(b, ' ') || put_node(ex, b, &n->tt->o) ||
         sila_buf_puts(b, " )>>");
}

static int put_node(const SilaExec *ex, SilaBuf *b, const SilaNode *n) {
  if (n->tt && n->var < 0)
    return put_tt(ex, b, n);
  if (n->var >= 0) {
    const SilaVar *v = sila_query_var(ex->q, n->var);
    return sila_buf_printf(b, "?%.*s", (int)v->len, v->name);
  }
  if (n->term.kind == SILA_TERM_NONE)
    return sila_buf_puts(b, "(default)");
  return sila_buf_put_term_nt(b, &n->term);
}

static ProfNode *find_node(SilaExec *ex, const SilaAlg *a) {
  ProfTable *t = ex->prof;
  for (size_t i = 0; t && i < t->n; i++)
    if (t->nodes[i].alg == a)
      return &t->nodes[i];
  return NULL;
}

static int print_alg(SilaExec *ex, const SilaAlg *a, int depth, SilaBuf *b) {
  if (!a)
    return 0;
  ProfNode *p = find_node(ex, a);
  if (a->kind == SILA_ALG_FILTER && exec_plan_of(ex, a).access == PLAN_BGP_FILTERED && a->a &&
      !find_node(ex, a->a)) {
    /* Not run (yet): the BGP below with this FILTER's tests, as it would
     * run (its order, object ranges); reads estimates, never rows. */
    SilaId *seed = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *seed);
    bool was = ex->profile;
    ex->profile = true;
    Iter *it = seed ? exec_bgp_filtered(ex, a->a, seed, ex->default_graph, a->exprs, a->nexprs)
                    : NULL;
    iter_free(it);
    ex->profile = was;
    free(seed);
  }
  if ((!p || (!p->order && !p->note)) && a->kind == SILA_ALG_BGP &&
      (a->ntriples || a->ntt_extra)) {
    /* Not run (yet): set the BGP up once, with nothing bound, to learn the
     * order it would choose; the set-up reads estimates, never rows. */
    SilaId *seed = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *seed);
    bool was = ex->profile;
    ex->profile = true;
    Iter *it = seed ? exec_bgp(ex, a, seed, ex->default_graph) : NULL;
    iter_free(it);
    ex->profile = was;
    free(seed);
    p = find_node(ex, a);
  }
  int rc = sila_buf_printf(b, "%*s%s", depth * 2, "", kind_name(a->kind));
  switch (a->kind) {
  case SILA_ALG_FILTER:
    for (size_t i = 0; i < a->nexprs && !rc; i++)
      rc = sila_buf_putc(b, ' ') || sila_expr_print(ex->q, a->exprs[i], b);
    /* The plan's push-down: the BGP below runs the tests. */
    if (!rc && exec_plan_of(ex, a).access == PLAN_BGP_FILTERED)
      rc = sila_buf_puts(b, "   (pushed into the bgp)");
    break;
  case SILA_ALG_LEFTJOIN:
    if (a->expr)
      rc = sila_buf_putc(b, ' ') || sila_expr_print(ex->q, a->expr, b);
    break;
  case SILA_ALG_EXTEND: {
    const SilaVar *v = sila_query_var(ex->q, a->var);
    rc = sila_buf_printf(b, " ?%.*s := ", (int)v->len, v->name) || sila_expr_print(ex->q, a->expr, b);
    break;
  }
  case SILA_ALG_GRAPH:
  case SILA_ALG_SERVICE:
    rc = sila_buf_putc(b, ' ') || put_node(ex, b, &a->name);
    break;
  case SILA_ALG_ORDERBY: {
    PlanNote plan = exec_plan_of(ex, a);
    if (plan.access == PLAN_ORDER_DRIVEN)
      rc = exec_topk_describe(ex, &plan, b);
    else if (plan.has_topk)
      rc = sila_buf_printf(b, "   (top %llu rows kept)", (unsigned long long)plan.topk);
    break;
  }
  case SILA_ALG_SLICE:
    rc = sila_buf_printf(b, " offset=%llu limit=%lld", (unsigned long long)a->offset,
                         (long long)a->limit);
    break;
  case SILA_ALG_TABLE:
    rc = sila_buf_printf(b, " %zu rows", a->nrows);
    break;
  default:
    break;
  }
  if (p && ex->pulled && a->kind == SILA_ALG_BGP && p->evals == 0 && p->order)
    /* Run by a FILTER pushed into it: the rows are the filter's. */
    rc = rc || sila_buf_puts(b, "   [run inside the filter above]");
  else if (p && ex->pulled)
    rc = rc || sila_buf_printf(b, "   [rows %llu, evaluations %llu, %.3f ms]",
                               (unsigned long long)p->rows, (unsigned long long)p->evals,
                               (double)p->ns / 1e6);
  rc = rc || sila_buf_putc(b, '\n');
  if (p && p->note && !rc)
    rc = sila_buf_printf(b, "%*s(%s)\n", depth * 2 + 2, "", p->note);
  if (p && p->has_topk && ex->pulled && !rc)
    rc = sila_buf_printf(b, "%*s[driven: %llu values read, %llu with rows, %llu rows read%s]\n",
                         depth * 2 + 2, "", (unsigned long long)p->topk[0],
                         (unsigned long long)p->topk[1], (unsigned long long)p->topk[2],
                         p->topk[3] ? "; then the rest read the plain way (rows rarer than "
                                      "estimated)"
                                    : "");
  if (a->kind == SILA_ALG_BGP) {
    /* calabria:testo ("q" ?score …): one operator, not its list's triples. */
    bool *hide = exec_text_applies(a) ? sila_calloc(a->ntriples, sizeof *hide) : NULL;
    SilaNode ts, tq;
    int32_t tout[3];
    if (hide && exec_text_explain_parts(ex, a, hide, &ts, &tq, tout)) {
      size_t nhidden = 0; /* 1: a plain string; more: the pattern and a list */
      for (size_t i = 0; i < a->ntriples; i++)
        nhidden += hide[i];
      rc = sila_buf_printf(b, "%*s", depth * 2 + 2, "") || put_node(ex, b, &ts) ||
           sila_buf_puts(b, nhidden > 1 ? " <https://dati.calabria.it/onto/testo> ("
                                        : " <https://dati.calabria.it/onto/testo> ") ||
           put_node(ex, b, &tq);
      for (int k = 0; k < 3 && tout[k] >= 0 && !rc; k++) {
        SilaNode v = {.var = tout[k]};
        rc = sila_buf_putc(b, ' ') || put_node(ex, b, &v);
      }
      rc = rc || sila_buf_puts(b, nhidden > 1 ? ")" : "") ||
           sila_buf_puts(b, "   (property function: the text index)\n");
    }
    /* The triple patterns, then (SPARQL 1.2) one triple-term pattern per
     * triple term with variables: patterns ntriples + j (exec_bgp.c). */
    size_t ntt = exec_bgp_tt_nodes(a, NULL);
    const SilaNode **tts = ntt ? sila_calloc(ntt, sizeof *tts) : NULL;
    if (tts)
      exec_bgp_tt_nodes(a, tts);
    else if (ntt)
      rc = -1; /* out of memory */
    size_t total = a->ntriples + (tts ? ntt : 0);
    for (size_t i = 0; i < total && !rc; i++) {
      size_t k = p && p->order && i < p->n ? p->order[i] : i;
      if (hide && k < a->ntriples && hide[k])
        continue;
      rc = sila_buf_printf(b, "%*s", depth * 2 + 2, "");
      if (k >= a->ntriples) {
        const SilaNode *n = tts[k - a->ntriples];
        const SilaVar *v = sila_query_var(ex->q, n->var);
        rc = rc || sila_buf_printf(b, "?%.*s = ", (int)v->len, v->name) || put_tt(ex, b, n) ||
             sila_buf_puts(b, "   (triple-term index: decomposed when bound, else a range scan "
                              "by components)");
        if (!rc && p && p->est && i < p->n)
          rc = sila_buf_printf(b, "   (estimated %llu)", (unsigned long long)p->est[i]);
        rc = rc || sila_buf_putc(b, '\n');
        continue;
      }
      const SilaTriple *tr = &a->triples[k];
      rc = rc || put_node(ex, b, &tr->s) ||
           sila_buf_putc(b, ' ') || put_node(ex, b, &tr->p) || sila_buf_putc(b, ' ') ||
           put_node(ex, b, &tr->o);
      if (!rc && p && p->est && i < p->n)
        rc = sila_buf_printf(b, "   (estimated %llu)", (unsigned long long)p->est[i]);
      if (!rc && p && i < p->npnotes && p->pnotes[i])
        rc = sila_buf_printf(b, "   (%s)", p->pnotes[i]);
      if (!rc && p && p->has_hash && p->hash_level == i && ex->pulled)
        rc = sila_buf_printf(b, "   [hash: %llu built, %llu entries; %llu rows probed, %llu looked up]",
                             (unsigned long long)p->hash[0], (unsigned long long)p->hash[1],
                             (unsigned long long)p->hash[2], (unsigned long long)p->hash[3]);
      if (!rc && p && p->merge && i < 2)
        rc = sila_buf_puts(b, i == 0 ? "   (merge join: both sorted on the subject)"
                                     : "   (merged with the pattern above)");
      rc = rc || sila_buf_putc(b, '\n');
    }
    free(hide);
    free(tts);
  } else if (a->kind == SILA_ALG_PATH) {
    rc = sila_buf_printf(b, "%*s", depth * 2 + 2, "") || put_node(ex, b, &a->path_s) ||
         sila_buf_puts(b, " <path> ") || put_node(ex, b, &a->path_o) || sila_buf_putc(b, '\n');
  }
  if (!rc)
    rc = print_alg(ex, a->a, depth + 1, b);
  if (!rc)
    rc = print_alg(ex, a->b, depth + 1, b);
  return rc;
}

int sila_exec_explain(SilaExec *ex, SilaBuf *out) {
  return print_alg(ex, sila_query_algebra(ex->q), 0, out);
}
