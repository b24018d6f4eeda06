/* csvw_iso.c — graph isomorphism: colour refinement of blank nodes (each
 * node's colour hashes its neighbourhood until stable), then a
 * backtracking search over nodes of equal colour, checking every triple. */
#include "csvw_iso.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d)
    abort();
  return d;
}

char *csvw_term_string(const SilaTerm *t) {
  size_t n = t->value_len + t->datatype_len + t->lang_len + 16;
  char *s = malloc(n);
  if (!s)
    abort();
  switch (t->kind) {
  case SILA_TERM_IRI:
    snprintf(s, n, "<%.*s>", (int)t->value_len, t->value);
    break;
  case SILA_TERM_BLANK:
    snprintf(s, n, "_:%.*s", (int)t->value_len, t->value);
    break;
  default:
    if (t->lang)
      snprintf(s, n, "\"%.*s\"@%.*s", (int)t->value_len, t->value, (int)t->lang_len, t->lang);
    else if (t->datatype && !sila_iri_is(t->datatype, t->datatype_len, SILA_XSD_STRING))
      snprintf(s, n, "\"%.*s\"^^<%.*s>", (int)t->value_len, t->value, (int)t->datatype_len,
               t->datatype);
    else
      snprintf(s, n, "\"%.*s\"", (int)t->value_len, t->value);
    break;
  }
  return s;
}

static bool same_triple(const CsvwTriple *a, const char *s, const char *p, const char *o) {
  return !strcmp(a->t[0], s) && !strcmp(a->t[1], p) && !strcmp(a->t[2], o);
}

void csvw_graph_add(CsvwGraph *g, const char *s, const char *p, const char *o) {
  for (size_t i = 0; i < g->n; i++)
    if (same_triple(&g->v[i], s, p, o))
      return;
  if (g->n == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 64;
    g->v = realloc(g->v, g->cap * sizeof(CsvwTriple));
    if (!g->v)
      abort();
  }
  g->v[g->n].t[0] = xstrdup(s);
  g->v[g->n].t[1] = xstrdup(p);
  g->v[g->n].t[2] = xstrdup(o);
  g->n++;
}

void csvw_graph_add_terms(CsvwGraph *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  char *a = csvw_term_string(s), *b = csvw_term_string(p), *c = csvw_term_string(o);
  csvw_graph_add(g, a, b, c);
  free(a);
  free(b);
  free(c);
}

void csvw_graph_free(CsvwGraph *g) {
  for (size_t i = 0; i < g->n; i++)
    for (int k = 0; k < 3; k++)
      free(g->v[i].t[k]);
  free(g->v);
  memset(g, 0, sizeof *g);
}

static bool is_blank(const char *s) { return s[0] == '_' && s[1] == ':'; }

static uint64_t fnv(const char *s, uint64_t h) {
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

typedef struct {
  char **names;
  uint64_t *color;
  size_t n;
} Nodes;

static long node_index(const Nodes *ns, const char *name) {
  for (size_t i = 0; i < ns->n; i++)
    if (!strcmp(ns->names[i], name))
      return (long)i;
  return -1;
}

static void collect(const CsvwGraph *g, Nodes *ns) {
  memset(ns, 0, sizeof *ns);
  size_t cap = 0;
  for (size_t i = 0; i < g->n; i++)
    for (int k = 0; k < 3; k += 2)
      if (is_blank(g->v[i].t[k]) && node_index(ns, g->v[i].t[k]) < 0) {
        if (ns->n == cap) {
          cap = cap ? cap * 2 : 32;
          ns->names = realloc(ns->names, cap * sizeof(char *));
          ns->color = realloc(ns->color, cap * sizeof(uint64_t));
        }
        ns->names[ns->n] = g->v[i].t[k];
        ns->color[ns->n] = 1;
        ns->n++;
      }
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* One refinement round: colour = hash(old colour, sorted neighbour signatures). */
static void refine(const CsvwGraph *g, Nodes *ns) {
  uint64_t *nc = malloc((ns->n + 1) * sizeof(uint64_t));
  for (size_t i = 0; i < ns->n; i++) {
    uint64_t *sig = NULL;
    size_t ns_n = 0, ns_cap = 0;
    for (size_t t = 0; t < g->n; t++) {
      const CsvwTriple *tr = &g->v[t];
      for (int k = 0; k < 3; k += 2) {
        if (strcmp(tr->t[k], ns->names[i]))
          continue;
        int other = 2 - k;
        uint64_t h = fnv(tr->t[1], (uint64_t)(k + 7) * 1469598103934665603ULL);
        if (is_blank(tr->t[other])) {
          long j = node_index(ns, tr->t[other]);
          h = (h ^ ns->color[j]) * 1099511628211ULL;
          if (!strcmp(tr->t[other], ns->names[i]))
            h ^= 0x5bd1e995;
        } else {
          h = fnv(tr->t[other], h);
        }
        if (ns_n == ns_cap) {
          ns_cap = ns_cap ? ns_cap * 2 : 16;
          sig = realloc(sig, ns_cap * sizeof(uint64_t));
        }
        sig[ns_n++] = h;
      }
    }
    qsort(sig, ns_n, sizeof(uint64_t), cmp_u64);
    uint64_t h = ns->color[i] * 31 + 17;
    for (size_t k = 0; k < ns_n; k++)
      h = (h ^ sig[k]) * 1099511628211ULL;
    nc[i] = h;
    free(sig);
  }
  if (ns->n)
    memcpy(ns->color, nc, ns->n * sizeof(uint64_t));
  free(nc);
}

typedef struct {
  const CsvwGraph *a, *b;
  Nodes na, nb;
  long *map; /* a node index → b node index, -1 unmapped */
  bool *used;
  char **bset; /* hash set of b's triples, joined */
  size_t bcap;
} Search;

static char *join3(const char *x, const char *y, const char *z) {
  size_t n = strlen(x) + strlen(y) + strlen(z) + 3;
  char *s = malloc(n);
  if (!s)
    abort();
  snprintf(s, n, "%s\x01%s\x01%s", x, y, z);
  return s;
}

static void bset_build(Search *s) {
  s->bcap = 16;
  while (s->bcap < s->b->n * 2 + 2)
    s->bcap *= 2;
  s->bset = calloc(s->bcap, sizeof(char *));
  for (size_t i = 0; i < s->b->n; i++) {
    char *k = join3(s->b->v[i].t[0], s->b->v[i].t[1], s->b->v[i].t[2]);
    size_t h = fnv(k, 1469598103934665603ULL) & (s->bcap - 1);
    while (s->bset[h])
      h = (h + 1) & (s->bcap - 1);
    s->bset[h] = k;
  }
}

static bool bset_has(const Search *s, const char *x, const char *y, const char *z) {
  char *k = join3(x, y, z);
  size_t h = fnv(k, 1469598103934665603ULL) & (s->bcap - 1);
  bool found = false;
  while (s->bset[h] && !found) {
    found = !strcmp(s->bset[h], k);
    h = (h + 1) & (s->bcap - 1);
  }
  free(k);
  return found;
}

static const char *mapped(Search *s, const char *term, bool *ok) {
  if (!is_blank(term))
    return term;
  long i = node_index(&s->na, term);
  if (s->map[i] < 0) {
    *ok = false;
    return NULL;
  }
  return s->nb.names[s->map[i]];
}

/* Checks the triples of a that mention node `i` and whose blank nodes are
 * all mapped. */
static bool consistent(Search *s, size_t i) {
  const char *name = s->na.names[i];
  for (size_t t = 0; t < s->a->n; t++) {
    const CsvwTriple *tr = &s->a->v[t];
    if (strcmp(tr->t[0], name) && strcmp(tr->t[2], name))
      continue;
    bool ok = true;
    const char *x = mapped(s, tr->t[0], &ok);
    const char *z = mapped(s, tr->t[2], &ok);
    if (ok && !bset_has(s, x, tr->t[1], z))
      return false;
  }
  return true;
}

static bool search(Search *s, size_t depth) {
  if (depth == s->na.n)
    return true;
  /* next: the unmapped node of a with the fewest candidates */
  long best = -1;
  size_t best_c = (size_t)-1;
  for (size_t i = 0; i < s->na.n && best_c > 1; i++) {
    if (s->map[i] >= 0)
      continue;
    size_t c = 0;
    for (size_t j = 0; j < s->nb.n; j++)
      if (!s->used[j] && s->nb.color[j] == s->na.color[i])
        c++;
    if (c < best_c) {
      best_c = c;
      best = (long)i;
    }
  }
  if (best_c == 0)
    return false;
  for (size_t j = 0; j < s->nb.n; j++) {
    if (s->used[j] || s->nb.color[j] != s->na.color[best])
      continue;
    s->map[best] = (long)j;
    s->used[j] = true;
    if (consistent(s, (size_t)best) && search(s, depth + 1))
      return true;
    s->map[best] = -1;
    s->used[j] = false;
  }
  return false;
}

bool csvw_graph_isomorphic(const CsvwGraph *a, const CsvwGraph *b, char *why, size_t whylen) {
  if (why && whylen)
    why[0] = '\0';
  /* ground triples first: they give the clearest message */
  for (int dir = 0; dir < 2; dir++) {
    const CsvwGraph *x = dir ? b : a, *y = dir ? a : b;
    for (size_t i = 0; i < x->n; i++) {
      const CsvwTriple *t = &x->v[i];
      if (is_blank(t->t[0]) || is_blank(t->t[2]))
        continue;
      bool found = false;
      for (size_t j = 0; j < y->n && !found; j++)
        found = same_triple(&y->v[j], t->t[0], t->t[1], t->t[2]);
      if (!found) {
        if (why)
          snprintf(why, whylen, "%s: %s %s %s", dir ? "missing" : "unexpected", t->t[0], t->t[1],
                   t->t[2]);
        return false;
      }
    }
  }
  if (a->n != b->n) {
    if (why)
      snprintf(why, whylen, "%zu triples, expected %zu", a->n, b->n);
    return false;
  }
  Search s = {a, b, {0}, {0}, NULL, NULL, NULL, 0};
  collect(a, &s.na);
  collect(b, &s.nb);
  bool ok = s.na.n == s.nb.n;
  if (ok) {
    for (int round = 0; round < 8; round++) {
      refine(a, &s.na);
      refine(b, &s.nb);
    }
    s.map = malloc((s.na.n + 1) * sizeof(long));
    s.used = calloc(s.nb.n + 1, sizeof(bool));
    for (size_t i = 0; i < s.na.n; i++)
      s.map[i] = -1;
    bset_build(&s);
    ok = search(&s, 0);
    if (!ok && why) {
      /* name a triple with a blank node whose neighbourhood has no match */
      for (size_t i = 0; i < s.na.n && !why[0]; i++) {
        bool any = false;
        for (size_t j = 0; j < s.nb.n && !any; j++)
          any = s.nb.color[j] == s.na.color[i];
        if (!any)
          for (size_t t = 0; t < a->n && !why[0]; t++)
            if (!strcmp(a->v[t].t[0], s.na.names[i]) && !is_blank(a->v[t].t[2]))
              snprintf(why, whylen, "no match for blank node with %s %s", a->v[t].t[1], a->v[t].t[2]);
      }
      if (!why[0])
        snprintf(why, whylen, "blank node structure differs");
    }
  } else if (why) {
    snprintf(why, whylen, "%zu blank nodes, expected %zu", s.na.n, s.nb.n);
  }
  free(s.na.names);
  free(s.na.color);
  free(s.nb.names);
  free(s.nb.color);
  free(s.map);
  free(s.used);
  for (size_t i = 0; i < s.bcap; i++)
    free(s.bset[i]);
  free(s.bset);
  return ok;
}
