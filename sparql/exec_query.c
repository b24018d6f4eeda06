/* exec_query.c — setting up a query's execution: dataset, projection,
 * limits; the SELECT / ASK / CONSTRUCT / DESCRIBE forms. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sila_alloc.h"
#include "exec_internal.h"

/* ---- dataset -------------------------------------------------------------- */

static SilaStatus add_graph_ids(SilaExec *ex, SilaId **ids, size_t *n, const SilaTerm *terms,
                                const char *const *iris, size_t count) {
  *ids = sila_calloc(count ? count : 1, sizeof **ids);
  if (!*ids)
    return SILA_ERR_NOMEM;
  for (size_t i = 0; i < count; i++) {
    SilaTerm t = terms ? terms[i] : sila_term_iri(iris[i]);
    SilaId id = exec_store_id(ex, &t);
    if (!id)
      continue; /* a graph the store does not have is empty */
    bool dup = false;
    for (size_t j = 0; j < *n; j++)
      dup |= (*ids)[j] == id;
    if (!dup)
      (*ids)[(*n)++] = id;
  }
  return SILA_OK;
}

static SilaStatus setup_dataset(SilaExec *ex, const char *with_graph) {
  size_t nfrom = 0, nnamed = 0;
  const SilaTerm *from = sila_query_from(ex->q, &nfrom);
  const SilaTerm *named = sila_query_from_named(ex->q, &nnamed);
  const char *const *from_iris = NULL, *const *named_iris = NULL;
  if (ex->opt.ndefault_graphs || ex->opt.nnamed_graphs) {
    /* The protocol's default-graph-uri / named-graph-uri replace FROM. */
    from = named = NULL;
    nfrom = ex->opt.ndefault_graphs;
    nnamed = ex->opt.nnamed_graphs;
    from_iris = ex->opt.default_graphs;
    named_iris = ex->opt.named_graphs;
  }
  bool has_dataset = nfrom || nnamed;
  if (has_dataset) {
    SilaStatus st = add_graph_ids(ex, &ex->from, &ex->nfrom, from, from_iris, nfrom);
    if (st == SILA_OK)
      st = add_graph_ids(ex, &ex->named, &ex->nnamed, named, named_iris, nnamed);
    if (st != SILA_OK)
      return st;
    ex->default_graph.mode = GRAPH_SET;
    ex->named_all = false;
  } else if (with_graph) {
    /* Update WITH: that graph is the default graph; named graphs stay all. */
    SilaStatus st = add_graph_ids(ex, &ex->from, &ex->nfrom, NULL, &with_graph, 1);
    if (st != SILA_OK)
      return st;
    ex->default_graph.mode = GRAPH_SET;
    ex->named_all = true;
  } else {
    ex->default_graph.mode = ex->opt.union_default_graph ? GRAPH_UNION : GRAPH_DEFAULT_STORE;
    ex->named_all = true;
  }
  return SILA_OK;
}

SilaStatus exec_named_graphs(SilaExec *ex, SilaId **out, size_t *n) {
  *n = 0;
  if (!ex->named_all) {
    *out = sila_malloc((ex->nnamed ? ex->nnamed : 1) * sizeof **out);
    if (!*out)
      return SILA_ERR_NOMEM;
    memcpy(*out, ex->named, ex->nnamed * sizeof **out);
    *n = ex->nnamed;
    return SILA_OK;
  }
  SilaGraphIter *it;
  SilaStatus st = sila_graphs_open(ex->txn, &it);
  if (st != SILA_OK)
    return st;
  size_t cap = 16;
  *out = sila_malloc(cap * sizeof **out);
  SilaId g;
  while (*out && sila_graphs_next(it, &g) == 1) {
    if (g == SILA_ID_DEFAULT_GRAPH)
      continue;
    if (*n == cap) {
      SilaId *o = sila_realloc(*out, (cap *= 2) * sizeof *o);
      if (!o) {
        free(*out);
        *out = NULL;
        break;
      }
      *out = o;
    }
    (*out)[(*n)++] = g;
  }
  sila_graphs_free(it);
  return *out ? SILA_OK : SILA_ERR_NOMEM;
}

bool exec_is_named_graph(SilaExec *ex, SilaId g) {
  if (ex->named_all)
    return g != SILA_ID_DEFAULT_GRAPH && sila_txn_graph_exists(ex->txn, g);
  for (size_t i = 0; i < ex->nnamed; i++)
    if (ex->named[i] == g)
      return true;
  return false;
}

/* ---- open / free ---------------------------------------------------------- */

/* pattern: NULL for a query (its algebra and form), else an update's WHERE
 * evaluated as SELECT * over every variable of the request. */
static SilaStatus exec_open(SilaTxn *txn, SilaQuery *query, const SilaAlg *pattern,
                            const char *with_graph, const SilaExecOptions *opt, SilaExec **out,
                            SilaError *err) {
  *out = NULL;
  SilaExec *ex = sila_calloc(1, sizeof *ex);
  if (!ex)
    return SILA_ERR_NOMEM;
  ex->txn = txn;
  ex->q = query;
  if (opt)
    ex->opt = *opt;
  ex->profile = ex->opt.profile;
  ex->nvars = sila_query_var_count(query);
  ex->mem_max = ex->opt.max_memory ? ex->opt.max_memory : (size_t)1 << 30;
  ex->arena = sila_arena_new(0);
  ex->scratch = sila_arena_new(0);
  ex->row = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *ex->row);
  if (!ex->arena || !ex->scratch || !ex->row) {
    sila_exec_free(ex);
    return SILA_ERR_NOMEM;
  }
  ex->budget.max = ex->mem_max;
  sila_arena_set_budget(ex->arena, &ex->budget);
  sila_arena_set_budget(ex->scratch, &ex->budget);
  sila_fn_context_init(&ex->fn, ex->scratch);
  /* IRI() resolves against the query's BASE, else the caller's base. */
  const char *base = sila_query_base(query);
  if (!base)
    base = ex->opt.base_iri;
  if (base) {
    ex->fn.base_iri = base;
    ex->fn.base_len = strlen(base);
  }
  if (ex->opt.timeout > 0) {
    clock_gettime(CLOCK_MONOTONIC, &ex->deadline);
    double whole = (double)(long)ex->opt.timeout;
    ex->deadline.tv_sec += (time_t)whole;
    ex->deadline.tv_nsec += (long)((ex->opt.timeout - whole) * 1e9);
    if (ex->deadline.tv_nsec >= 1000000000L) {
      ex->deadline.tv_sec++;
      ex->deadline.tv_nsec -= 1000000000L;
    }
    ex->has_deadline = true;
  }
  if (ex->opt.on_slow && ex->opt.slow_after > 0 &&
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ex->slow_at) == 0) {
    double whole = (double)(long)ex->opt.slow_after;
    ex->slow_at.tv_sec += (time_t)whole;
    ex->slow_at.tv_nsec += (long)((ex->opt.slow_after - whole) * 1e9);
    if (ex->slow_at.tv_nsec >= 1000000000L) {
      ex->slow_at.tv_sec++;
      ex->slow_at.tv_nsec -= 1000000000L;
    }
    ex->slow_pending = true;
  }
  SilaStatus st = setup_dataset(ex, with_graph);
  if (st != SILA_OK) {
    sila_exec_free(ex);
    return sila_error_set(err, st, 0, 0, "%s", sila_strerror(st));
  }
  SilaQueryForm form = sila_query_form(query);
  if (pattern) {
    ex->nproj = ex->nvars;
    ex->proj = sila_malloc((ex->nproj ? ex->nproj : 1) * sizeof *ex->proj);
    ex->out_terms = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_terms);
    ex->out_ptrs = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_ptrs);
    ex->out_bufs = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_bufs);
    if (!ex->proj || !ex->out_terms || !ex->out_ptrs || !ex->out_bufs) {
      sila_exec_free(ex);
      return SILA_ERR_NOMEM;
    }
    for (size_t i = 0; i < ex->nproj; i++)
      ex->proj[i] = (int32_t)i;
  } else if (form == SILA_QUERY_UPDATE) {
    sila_exec_free(ex);
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "an update is not a query");
  }
  if (form == SILA_QUERY_SELECT) {
    const int32_t *proj = sila_query_projection(query, &ex->nproj);
    ex->proj = sila_malloc((ex->nproj ? ex->nproj : 1) * sizeof *ex->proj);
    ex->out_terms = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_terms);
    ex->out_ptrs = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_ptrs);
    ex->out_bufs = sila_calloc(ex->nproj ? ex->nproj : 1, sizeof *ex->out_bufs);
    if (!ex->proj || !ex->out_terms || !ex->out_ptrs || !ex->out_bufs) {
      sila_exec_free(ex);
      return SILA_ERR_NOMEM;
    }
    if (ex->nproj)
      memcpy(ex->proj, proj, ex->nproj * sizeof *proj);
  }
  SilaId *seed = sila_calloc(ex->nvars ? ex->nvars : 1, sizeof *seed);
  if (!seed) {
    sila_exec_free(ex);
    return SILA_ERR_NOMEM;
  }
  const SilaAlg *root = pattern ? pattern : sila_query_algebra(query);
  if (exec_plan(ex, root) != SILA_OK) {
    free(seed);
    sila_exec_free(ex);
    return SILA_ERR_NOMEM;
  }
  ex->root = exec_eval(ex, root, seed, ex->default_graph);
  free(seed);
  if (!ex->root) {
    sila_exec_free(ex);
    return SILA_ERR_NOMEM;
  }
  *out = ex;
  return SILA_OK;
}

SilaStatus sila_exec_open(SilaTxn *txn, SilaQuery *query, const SilaExecOptions *opt,
                          SilaExec **out, SilaError *err) {
  return exec_open(txn, query, NULL, NULL, opt, out, err);
}

SilaStatus sila_exec_open_pattern(SilaTxn *txn, SilaQuery *query, const SilaAlg *pattern,
                                  const char *with_graph, const SilaExecOptions *opt,
                                  SilaExec **out, SilaError *err) {
  if (!pattern) {
    *out = NULL;
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no pattern to evaluate");
  }
  return exec_open(txn, query, pattern, with_graph, opt, out, err);
}

typedef struct {
  SilaId s, p, o;
} Triple3;

typedef struct {
  Triple3 *list;
  size_t n, cap;
  uint64_t *hash;
  size_t hcap;
  char bufs[3][SILA_TERM_BUF];
} TripleSet;

static void tripleset_free(TripleSet *ts) {
  if (!ts)
    return;
  free(ts->list);
  free(ts->hash);
  free(ts);
}

void sila_exec_free(SilaExec *ex) {
  if (!ex)
    return;
  iter_free(ex->root);
  exec_text_free(ex);
  exec_profile_free(ex);
  exec_plan_free(ex);
  tripleset_free(ex->graph_out);
  free(ex->from);
  free(ex->named);
  free(ex->folds);
  free(ex->locals);
  free(ex->local_index);
  free(ex->row);
  free(ex->proj);
  free(ex->out_terms);
  free(ex->out_ptrs);
  free(ex->out_bufs);
  sila_arena_free(ex->arena);
  sila_arena_free(ex->scratch);
  free(ex);
}

void sila_exec_interrupt(SilaExec *ex) { atomic_store(&ex->interrupted, 1); }

bool sila_exec_past_deadline(const SilaExec *ex) {
  if (!ex || !ex->has_deadline)
    return false;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > ex->deadline.tv_sec ||
         (now.tv_sec == ex->deadline.tv_sec && now.tv_nsec >= ex->deadline.tv_nsec);
}

const char *sila_exec_error(const SilaExec *ex) {
  return ex->errmsg[0] ? ex->errmsg : sila_strerror(ex->status);
}

SilaStatus sila_exec_status(const SilaExec *ex) { return ex->status; }

uint64_t sila_exec_rows(const SilaExec *ex) { return ex->rows; }

size_t sila_exec_var_count(const SilaExec *ex) { return ex->nproj; }

const char *sila_exec_var_name(const SilaExec *ex, size_t i) {
  return sila_query_var(ex->q, ex->proj[i])->name;
}

/* ---- SELECT / ASK ------------------------------------------------------------ */

static int next_solution(SilaExec *ex) {
  ex->pulled = true;
  int r = iter_next(ex->root, ex->row);
  if (r < 0) {
    if (ex->status == SILA_OK)
      exec_fail(ex, (SilaStatus)-r, "%s", sila_strerror((SilaStatus)-r));
    return -(int)ex->status;
  }
  /* a value the memory cap refused (an expression error for the engine,
   * e.g. an unbound BIND) fails the query: the answer would be wrong */
  if (ex->budget.exceeded)
    return exec_mem(ex, 0), -(int)ex->status;
  if (ex->status != SILA_OK) /* a failure an iterator recorded but did not return */
    return -(int)ex->status;
  if (r == 1 && ex->opt.max_rows && ex->rows >= ex->opt.max_rows)
    return exec_fail(ex, SILA_ERR_LIMIT, "the result has more than %llu rows (the server's cap)",
                     (unsigned long long)ex->opt.max_rows);
  if (r == 1)
    ex->rows++;
  return r;
}

int sila_exec_next(SilaExec *ex, const SilaTerm *const **row) {
  int r = next_solution(ex);
  if (r != 1)
    return r;
  for (size_t i = 0; i < ex->nproj; i++) {
    SilaId id = ex->row[ex->proj[i]];
    ex->out_ptrs[i] = NULL;
    if (!id)
      continue;
    SilaStatus st = exec_term(ex, id, &ex->out_terms[i], ex->out_bufs[i]);
    if (st != SILA_OK)
      return exec_fail(ex, st, "cannot decode a term of the result");
    ex->out_ptrs[i] = &ex->out_terms[i];
  }
  *row = ex->out_ptrs;
  return 1;
}

SilaStatus sila_exec_ask(SilaExec *ex, bool *out) {
  int r = next_solution(ex);
  if (r < 0)
    return (SilaStatus)-r;
  *out = r == 1;
  return SILA_OK;
}

/* ---- CONSTRUCT / DESCRIBE -------------------------------------------------- */

static size_t triple_slot(const Triple3 *t, size_t cap) {
  uint64_t h = (t->s * 0x9E3779B97F4A7C15ULL) ^ (t->p * 0xC2B2AE3D27D4EB4FULL) ^
               (t->o * 0x165667B19E3779F9ULL);
  return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

/* Adds a triple unless present; the table holds list index + 1. */
static int ts_add(SilaExec *ex, TripleSet *ts, SilaId s, SilaId p, SilaId o) {
  if ((ts->n + 1) * 2 > ts->hcap) {
    size_t cap = ts->hcap ? ts->hcap * 2 : 64;
    if (exec_mem(ex, cap * (sizeof(uint64_t) + sizeof(Triple3))) != SILA_OK)
      return -1;
    uint64_t *h = sila_calloc(cap, sizeof *h);
    if (!h)
      return -1;
    for (size_t i = 0; i < ts->n; i++) {
      size_t j = triple_slot(&ts->list[i], cap);
      while (h[j])
        j = (j + 1) & (cap - 1);
      h[j] = i + 1;
    }
    free(ts->hash);
    ts->hash = h;
    ts->hcap = cap;
  }
  Triple3 key = {s, p, o};
  size_t j = triple_slot(&key, ts->hcap);
  while (ts->hash[j]) {
    Triple3 *t = &ts->list[ts->hash[j] - 1];
    if (t->s == s && t->p == p && t->o == o)
      return 0;
    j = (j + 1) & (ts->hcap - 1);
  }
  if (ts->n == ts->cap) {
    size_t cap = ts->cap ? ts->cap * 2 : 64;
    Triple3 *l = sila_realloc(ts->list, cap * sizeof *l);
    if (!l)
      return -1;
    ts->list = l;
    ts->cap = cap;
  }
  ts->list[ts->n++] = key;
  ts->hash[j] = ts->n;
  return 1;
}

static bool is_resource(SilaId id) {
  SilaIdTag t = sila_id_tag(id);
  return t == SILA_TAG_IRI || t == SILA_TAG_BLANK || IS_LOCAL(id);
}

/* The blank nodes of a CONSTRUCT template within one solution: the same
 * label is the same fresh node wherever it appears, in a triple term too. */
typedef struct {
  const SilaTerm **labels;
  SilaId *ids;
  size_t n, cap;
  bool failed; /* out of memory */
} BlankMap;

static SilaId blank_for(SilaExec *ex, BlankMap *m, const SilaTerm *label) {
  for (size_t i = 0; i < m->n; i++)
    if (sila_term_equal(m->labels[i], label))
      return m->ids[i];
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 8;
    const SilaTerm **labels = sila_realloc(m->labels, cap * sizeof *labels);
    if (labels)
      m->labels = labels;
    SilaId *ids = labels ? sila_realloc(m->ids, cap * sizeof *ids) : NULL;
    if (!ids) {
      m->failed = true;
      return 0;
    }
    m->ids = ids;
    m->cap = cap;
  }
  SilaId id = exec_fresh_blank(ex);
  m->labels[m->n] = label;
  m->ids[m->n++] = id;
  return id;
}

/* A template's triple term <<( s p o )>> for the current row: variables
 * from the row, constants by term, blank nodes from the solution's map;
 * 0 when a component is unbound or the three cannot form a triple term. */
static SilaId template_tt_id(SilaExec *ex, const SilaNode *n, BlankMap *blanks, int depth) {
  const SilaNode *c[3] = {&n->tt->s, &n->tt->p, &n->tt->o};
  SilaId v[3];
  if (depth > SILA_TRIPLE_DEPTH_MAX)
    return 0;
  for (int k = 0; k < 3; k++) {
    if (c[k]->var >= 0)
      v[k] = ex->row[c[k]->var];
    else if (c[k]->tt)
      v[k] = template_tt_id(ex, c[k], blanks, depth + 1);
    else if (c[k]->term.kind == SILA_TERM_BLANK)
      v[k] = blank_for(ex, blanks, &c[k]->term);
    else
      v[k] = exec_term_id(ex, &c[k]->term);
    if (!v[k])
      return 0;
  }
  SilaTerm pt;
  char buf[SILA_TERM_BUF];
  if (!is_resource(v[0]) || exec_term(ex, v[1], &pt, buf) != SILA_OK || pt.kind != SILA_TERM_IRI)
    return 0;
  return exec_triple_id(ex, v[0], v[1], v[2]);
}

static SilaStatus build_construct(SilaExec *ex, TripleSet *ts) {
  size_t nt;
  const SilaTriple *tmpl = sila_query_template(ex->q, &nt);
  BlankMap blanks = {0};
  SilaStatus st = SILA_OK;
  int r = 0;
  while (st == SILA_OK && (r = next_solution(ex)) == 1) {
    blanks.n = 0; /* fresh per solution */
    for (size_t i = 0; i < nt; i++) {
      SilaId v[3];
      const SilaNode *n[3] = {&tmpl[i].s, &tmpl[i].p, &tmpl[i].o};
      bool ok = true;
      for (int k = 0; k < 3 && ok; k++) {
        if (n[k]->var >= 0)
          v[k] = ex->row[n[k]->var];
        else if (n[k]->tt)
          v[k] = template_tt_id(ex, n[k], &blanks, 0);
        else if (n[k]->term.kind == SILA_TERM_BLANK)
          v[k] = blank_for(ex, &blanks, &n[k]->term);
        else
          v[k] = exec_term_id(ex, &n[k]->term);
        ok = v[k] != 0;
      }
      if (blanks.failed) {
        st = SILA_ERR_NOMEM;
        break;
      }
      if (!ok || !is_resource(v[0]))
        continue;
      SilaTerm pt;
      char buf[SILA_TERM_BUF];
      if (exec_term(ex, v[1], &pt, buf) != SILA_OK || pt.kind != SILA_TERM_IRI)
        continue;
      if (ts_add(ex, ts, v[0], v[1], v[2]) < 0) {
        st = ex->status ? ex->status : SILA_ERR_NOMEM;
        break;
      }
    }
  }
  free(blanks.labels);
  free(blanks.ids);
  if (st != SILA_OK)
    return st;
  return r < 0 ? (SilaStatus)-r : SILA_OK;
}

/* Concise bounded description: the resource's triples, and recursively
 * those of blank nodes it points to. */
static SilaStatus describe_one(SilaExec *ex, TripleSet *ts, SilaId r, int depth) {
  if (IS_LOCAL(r) || depth > 64)
    return SILA_OK;
  QuadScan *qs = quadscan_open(ex, r, 0, 0, ex->default_graph);
  if (!qs)
    return SILA_ERR_NOMEM;
  SilaIdQuad q;
  int rc;
  SilaStatus st = SILA_OK;
  while (st == SILA_OK && (rc = quadscan_next(qs, &q)) == 1) {
    int added = ts_add(ex, ts, q.s, q.p, q.o);
    if (added < 0)
      st = ex->status ? ex->status : SILA_ERR_NOMEM;
    else if (added && sila_id_tag(q.o) == SILA_TAG_BLANK)
      st = describe_one(ex, ts, q.o, depth + 1);
  }
  quadscan_free(qs);
  return st;
}

static SilaStatus build_describe(SilaExec *ex, TripleSet *ts) {
  size_t n;
  bool star;
  const SilaNode *targets = sila_query_describe(ex->q, &n, &star);
  SilaStatus st = SILA_OK;
  for (size_t i = 0; i < n && st == SILA_OK; i++)
    if (targets[i].var < 0) {
      SilaId id = exec_store_id(ex, &targets[i].term);
      if (id)
        st = describe_one(ex, ts, id, 0);
    }
  int r;
  while (st == SILA_OK && (r = next_solution(ex)) == 1) {
    for (size_t i = 0; i < n && st == SILA_OK; i++)
      if (targets[i].var >= 0 && ex->row[targets[i].var])
        st = describe_one(ex, ts, ex->row[targets[i].var], 0);
    if (star)
      for (size_t v = 0; v < ex->nvars && st == SILA_OK; v++)
        if (ex->row[v] && !sila_query_var(ex->q, (int32_t)v)->hidden)
          st = describe_one(ex, ts, ex->row[v], 0);
  }
  if (st == SILA_OK && r < 0)
    st = (SilaStatus)-r;
  return st;
}

int sila_exec_next_triple(SilaExec *ex, SilaTerm *s, SilaTerm *p, SilaTerm *o) {
  TripleSet *ts = ex->graph_out;
  if (!ex->graph_ready) {
    ex->graph_ready = true;
    ts = ex->graph_out = sila_calloc(1, sizeof *ts);
    if (!ts)
      return exec_fail(ex, SILA_ERR_NOMEM, "out of memory");
    SilaStatus st = sila_query_form(ex->q) == SILA_QUERY_DESCRIBE ? build_describe(ex, ts)
                                                                  : build_construct(ex, ts);
    if (st != SILA_OK)
      return exec_fail(ex, st, "%s", sila_strerror(st));
    if (ex->budget.exceeded)
      return exec_mem(ex, 0), -(int)ex->status;
  }
  if (ex->status != SILA_OK)
    return -(int)ex->status;
  if (ex->graph_pos >= ts->n)
    return 0;
  Triple3 *t = &ts->list[ex->graph_pos++];
  if (exec_term(ex, t->s, s, ts->bufs[0]) != SILA_OK ||
      exec_term(ex, t->p, p, ts->bufs[1]) != SILA_OK ||
      exec_term(ex, t->o, o, ts->bufs[2]) != SILA_OK)
    return exec_fail(ex, SILA_ERR_CORRUPT, "cannot decode a term of the result");
  return 1;
}
