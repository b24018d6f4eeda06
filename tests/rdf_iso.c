/* rdf_iso.c — dataset isomorphism by colour refinement of blank nodes
 * (hashing each blank node's neighbourhood until the partition is stable),
 * then backtracking over the classes that stay ambiguous, each candidate
 * mapping verified statement by statement.
 *
 * RDF 1.2 triple terms: one without blank nodes inside is a term like an
 * IRI (compared by its N-Triples form).  One with blank nodes inside
 * (at any depth) becomes a node of its own that is matched like a blank
 * node, tied to its components by three extra statements (node, TT_S, s),
 * (node, TT_P, p), (node, TT_O, o) in the graph TT_GRAPH: two such terms
 * correspond exactly when their components do under the mapping. */
#include "rdf_iso.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_GRAPH UINT32_MAX
/* The extra statements of triple terms with blank nodes inside. */
#define TT_NS "urn:x-sila-iso:"

static bool has_blank(const SilaTerm *t) {
  if (t->kind == SILA_TERM_BLANK)
    return true;
  if (t->kind != SILA_TERM_TRIPLE || !t->triple)
    return false;
  return has_blank(&t->triple[0]) || has_blank(&t->triple[1]) || has_blank(&t->triple[2]);
}

typedef struct {
  char *key; /* N-Triples form (lang tag lower-cased); owned */
  size_t key_len;
  char *storage; /* from sila_term_copy */
  SilaTerm term;
  bool blank;
  uint64_t hash;
  uint32_t bindex; /* index among blank nodes */
} IsoTerm;

typedef struct {
  uint32_t t[4];
} IsoQuad;

struct RdfIsoGraph {
  IsoTerm *terms;
  size_t nterms, capterms;
  uint32_t *tmap; /* open addressing: term index + 1, 0 = empty */
  size_t tmap_cap;
  IsoQuad *quads;
  size_t nquads, capquads;
  uint32_t *qmap; /* quad index + 1 */
  size_t qmap_cap;
  uint32_t *blanks; /* term indexes of blank nodes */
  size_t nblanks, capblanks;
};

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

static uint64_t quad_hash(const IsoQuad *q) {
  uint64_t h = 0;
  for (int i = 0; i < 4; i++)
    h = mix(h ^ (q->t[i] + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1)));
  return h;
}

RdfIsoGraph *rdf_iso_graph_new(void) { return calloc(1, sizeof(RdfIsoGraph)); }

void rdf_iso_graph_free(RdfIsoGraph *g) {
  if (!g)
    return;
  for (size_t i = 0; i < g->nterms; i++) {
    free(g->terms[i].key);
    free(g->terms[i].storage);
  }
  free(g->terms);
  free(g->tmap);
  free(g->quads);
  free(g->qmap);
  free(g->blanks);
  free(g);
}

/* Appends t's key: its N-Triples form with language tags in lower case
 * (inside triple terms too). */
static int put_key(const SilaTerm *t, SilaBuf *b) {
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    if (sila_buf_puts(b, "<<( "))
      return -1;
    for (int i = 0; i < 3; i++)
      if (put_key(&t->triple[i], b) || sila_buf_putc(b, ' '))
        return -1;
    return sila_buf_puts(b, ")>>");
  }
  if (sila_buf_put_term_nt(b, t))
    return -1;
  if (t->kind == SILA_TERM_LITERAL && t->lang) {
    for (size_t i = b->len - t->lang_len; i < b->len; i++)
      b->data[i] = (char)tolower((unsigned char)b->data[i]);
  }
  return 0;
}

static int term_key(const SilaTerm *t, SilaBuf *b) {
  b->len = 0;
  return put_key(t, b);
}

static long find_term(const RdfIsoGraph *g, const char *key, size_t len, uint64_t h) {
  if (!g->tmap_cap)
    return -1;
  for (size_t i = h & (g->tmap_cap - 1);; i = (i + 1) & (g->tmap_cap - 1)) {
    uint32_t v = g->tmap[i];
    if (!v)
      return -1;
    const IsoTerm *t = &g->terms[v - 1];
    if (t->hash == h && t->key_len == len && memcmp(t->key, key, len) == 0)
      return (long)(v - 1);
  }
}

static int grow_map(uint32_t **map, size_t *cap, size_t n, uint64_t (*hash_of)(const void *, uint32_t),
                    const void *owner) {
  if ((n + 1) * 2 <= *cap)
    return 0;
  size_t ncap = *cap ? *cap * 2 : 64;
  uint32_t *nm = calloc(ncap, sizeof *nm);
  if (!nm)
    return -1;
  for (size_t i = 0; i < *cap; i++) {
    uint32_t v = (*map)[i];
    if (!v)
      continue;
    size_t j = hash_of(owner, v - 1) & (ncap - 1);
    while (nm[j])
      j = (j + 1) & (ncap - 1);
    nm[j] = v;
  }
  free(*map);
  *map = nm;
  *cap = ncap;
  return 0;
}

static uint64_t term_hash_of(const void *owner, uint32_t i) {
  return ((const RdfIsoGraph *)owner)->terms[i].hash;
}
static uint64_t quad_hash_of(const void *owner, uint32_t i) {
  return quad_hash(&((const RdfIsoGraph *)owner)->quads[i]);
}

static long intern(RdfIsoGraph *g, const SilaTerm *t, SilaBuf *kb) {
  if (term_key(t, kb))
    return -1;
  uint64_t h = hash_bytes(kb->data, kb->len);
  long found = find_term(g, kb->data, kb->len, h);
  if (found >= 0)
    return found;
  if (g->nterms == g->capterms) {
    size_t ncap = g->capterms ? g->capterms * 2 : 64;
    IsoTerm *nt = realloc(g->terms, ncap * sizeof *nt);
    if (!nt)
      return -1;
    g->terms = nt;
    g->capterms = ncap;
  }
  if (grow_map(&g->tmap, &g->tmap_cap, g->nterms, term_hash_of, g))
    return -1;
  IsoTerm *it = &g->terms[g->nterms];
  memset(it, 0, sizeof *it);
  it->key = malloc(kb->len + 1);
  if (!it->key || sila_term_copy(t, &it->term, &it->storage)) {
    free(it->key);
    return -1;
  }
  memcpy(it->key, kb->data, kb->len + 1);
  it->key_len = kb->len;
  it->hash = h;
  it->blank = has_blank(t); /* a blank node, or a triple term holding one */
  if (it->blank) {
    if (g->nblanks == g->capblanks) {
      size_t ncap = g->capblanks ? g->capblanks * 2 : 16;
      uint32_t *nb = realloc(g->blanks, ncap * sizeof *nb);
      if (!nb) {
        free(it->key);
        free(it->storage);
        return -1;
      }
      g->blanks = nb;
      g->capblanks = ncap;
    }
    it->bindex = (uint32_t)g->nblanks;
    g->blanks[g->nblanks++] = (uint32_t)g->nterms;
  }
  size_t j = h & (g->tmap_cap - 1);
  while (g->tmap[j])
    j = (j + 1) & (g->tmap_cap - 1);
  g->tmap[j] = (uint32_t)(g->nterms + 1);
  return (long)g->nterms++;
}

static SilaStatus add_ids(RdfIsoGraph *g, const IsoQuad *q);

/* intern, plus the statements that tie a new triple term holding blank
 * nodes to its components. */
static long intern_full(RdfIsoGraph *g, const SilaTerm *t, SilaBuf *kb) {
  size_t before = g->nterms;
  long id = intern(g, t, kb);
  if (id < 0 || (size_t)id < before || t->kind != SILA_TERM_TRIPLE || !g->terms[id].blank)
    return id;
  static const char *const role[3] = {TT_NS "s", TT_NS "p", TT_NS "o"};
  SilaTerm gt = sila_term_iri(TT_NS "graph");
  long gid = intern(g, &gt, kb);
  for (int i = 0; i < 3 && gid >= 0; i++) {
    SilaTerm r = sila_term_iri(role[i]);
    long rid = intern(g, &r, kb);
    long cid = intern_full(g, &g->terms[id].term.triple[i], kb);
    if (rid < 0 || cid < 0)
      return -1;
    IsoQuad q = {{(uint32_t)id, (uint32_t)rid, (uint32_t)cid, (uint32_t)gid}};
    if (add_ids(g, &q) != SILA_OK)
      return -1;
  }
  return gid < 0 ? -1 : id;
}

static long find_quad(const RdfIsoGraph *g, const IsoQuad *q) {
  if (!g->qmap_cap)
    return -1;
  for (size_t i = quad_hash(q) & (g->qmap_cap - 1);; i = (i + 1) & (g->qmap_cap - 1)) {
    uint32_t v = g->qmap[i];
    if (!v)
      return -1;
    if (memcmp(&g->quads[v - 1], q, sizeof *q) == 0)
      return (long)(v - 1);
  }
}

SilaStatus rdf_iso_add(RdfIsoGraph *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                       const SilaTerm *gr) {
  SilaBuf kb = SILA_BUF_INIT;
  IsoQuad q;
  long ids[4] = {intern_full(g, s, &kb), intern_full(g, p, &kb), intern_full(g, o, &kb),
                 gr ? intern_full(g, gr, &kb) : (long)NO_GRAPH};
  sila_buf_free(&kb);
  for (int i = 0; i < 4; i++) {
    if (ids[i] < 0)
      return SILA_ERR_NOMEM;
    q.t[i] = (uint32_t)ids[i];
  }
  return add_ids(g, &q);
}

static SilaStatus add_ids(RdfIsoGraph *g, const IsoQuad *q0) {
  IsoQuad q = *q0;
  if (find_quad(g, &q) >= 0)
    return SILA_OK;
  if (g->nquads == g->capquads) {
    size_t ncap = g->capquads ? g->capquads * 2 : 64;
    IsoQuad *nq = realloc(g->quads, ncap * sizeof *nq);
    if (!nq)
      return SILA_ERR_NOMEM;
    g->quads = nq;
    g->capquads = ncap;
  }
  if (grow_map(&g->qmap, &g->qmap_cap, g->nquads, quad_hash_of, g))
    return SILA_ERR_NOMEM;
  g->quads[g->nquads] = q;
  size_t j = quad_hash(&q) & (g->qmap_cap - 1);
  while (g->qmap[j])
    j = (j + 1) & (g->qmap_cap - 1);
  g->qmap[j] = (uint32_t)(g->nquads + 1);
  g->nquads++;
  return SILA_OK;
}

SilaStatus rdf_iso_sink(void *g, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                        const SilaTerm *gr) {
  return rdf_iso_add(g, s, p, o, gr);
}

size_t rdf_iso_size(const RdfIsoGraph *g) { return g->nquads; }

void rdf_iso_get(const RdfIsoGraph *g, size_t i, SilaTerm *s, SilaTerm *p, SilaTerm *o,
                 SilaTerm *gr, bool *has_graph) {
  const IsoQuad *q = &g->quads[i];
  *s = g->terms[q->t[0]].term;
  *p = g->terms[q->t[1]].term;
  *o = g->terms[q->t[2]].term;
  *has_graph = q->t[3] != NO_GRAPH;
  if (*has_graph)
    *gr = g->terms[q->t[3]].term;
}

void rdf_iso_dump(const RdfIsoGraph *g, FILE *out) {
  for (size_t i = 0; i < g->nquads; i++) {
    const IsoQuad *q = &g->quads[i];
    fprintf(out, "  %s %s %s", g->terms[q->t[0]].key, g->terms[q->t[1]].key,
            g->terms[q->t[2]].key);
    if (q->t[3] != NO_GRAPH)
      fprintf(out, " %s", g->terms[q->t[3]].key);
    fprintf(out, " .\n");
  }
}

/* --- colour refinement --- */

/* The hash of term t of graph g under blank colours `col`. */
static uint64_t term_colour(const RdfIsoGraph *g, uint32_t t, const uint64_t *col) {
  if (t == NO_GRAPH)
    return 0x5bd1e995ULL;
  const IsoTerm *it = &g->terms[t];
  return it->blank ? col[it->bindex] : it->hash;
}

static void refine_once(const RdfIsoGraph *g, const uint64_t *col, uint64_t *next) {
  for (size_t b = 0; b < g->nblanks; b++)
    next[b] = col[b] * 31 + 7;
  for (size_t i = 0; i < g->nquads; i++) {
    const IsoQuad *q = &g->quads[i];
    for (int pos = 0; pos < 4; pos++) {
      if (q->t[pos] == NO_GRAPH || !g->terms[q->t[pos]].blank)
        continue;
      uint64_t h = (uint64_t)(pos + 1);
      for (int k = 0; k < 4; k++)
        h = mix(h ^ (k == pos ? 0xabcdefULL : term_colour(g, q->t[k], col)) ^ ((uint64_t)k << 56));
      next[g->terms[q->t[pos]].bindex] += mix(h); /* commutative over statements */
    }
  }
}

static size_t distinct(const uint64_t *col, size_t n, uint64_t *scratch) {
  memcpy(scratch, col, n * sizeof *col);
  for (size_t i = 1; i < n; i++) { /* insertion sort: test graphs are small */
    uint64_t v = scratch[i];
    size_t j = i;
    while (j > 0 && scratch[j - 1] > v) {
      scratch[j] = scratch[j - 1];
      j--;
    }
    scratch[j] = v;
  }
  size_t d = n ? 1 : 0;
  for (size_t i = 1; i < n; i++)
    d += scratch[i] != scratch[i - 1];
  return d;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Refines both colourings together until the number of classes is stable. */
static void refine(const RdfIsoGraph *a, uint64_t *ca, const RdfIsoGraph *b, uint64_t *cb,
                   uint64_t *tmp) {
  size_t n = a->nblanks;
  size_t classes = distinct(ca, n, tmp);
  for (size_t round = 0; round <= n; round++) {
    refine_once(a, ca, tmp);
    memcpy(ca, tmp, n * sizeof *ca);
    refine_once(b, cb, tmp);
    memcpy(cb, tmp, n * sizeof *cb);
    size_t c = distinct(ca, n, tmp);
    if (c == classes)
      break;
    classes = c;
  }
}

static bool same_colours(const uint64_t *ca, const uint64_t *cb, size_t n, uint64_t *t1,
                         uint64_t *t2) {
  memcpy(t1, ca, n * sizeof *ca);
  memcpy(t2, cb, n * sizeof *cb);
  qsort(t1, n, sizeof *t1, cmp_u64);
  qsort(t2, n, sizeof *t2, cmp_u64);
  return memcmp(t1, t2, n * sizeof *t1) == 0;
}

/* With all colours distinct: maps a's blanks to b's and checks every statement. */
static bool verify(const RdfIsoGraph *a, const uint64_t *ca, const RdfIsoGraph *b,
                   const uint64_t *cb, char *why, size_t why_size) {
  size_t n = a->nblanks;
  uint32_t *map = malloc((n ? n : 1) * sizeof *map);
  if (!map)
    return false;
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < n && cb[j] != ca[i])
      j++;
    if (j == n) {
      free(map);
      return false;
    }
    map[i] = b->blanks[j];
  }
  bool ok = true;
  for (size_t i = 0; i < a->nquads && ok; i++) {
    IsoQuad q;
    for (int k = 0; k < 4 && ok; k++) {
      uint32_t t = a->quads[i].t[k];
      if (t == NO_GRAPH) {
        q.t[k] = NO_GRAPH;
      } else if (a->terms[t].blank) {
        q.t[k] = map[a->terms[t].bindex];
      } else {
        long f = find_term(b, a->terms[t].key, a->terms[t].key_len, a->terms[t].hash);
        if (f < 0)
          ok = false;
        else
          q.t[k] = (uint32_t)f;
      }
    }
    if (ok && find_quad(b, &q) < 0)
      ok = false;
    if (!ok && why) {
      const IsoQuad *x = &a->quads[i];
      snprintf(why, why_size, "no counterpart for: %s %s %s%s%s", a->terms[x->t[0]].key,
               a->terms[x->t[1]].key, a->terms[x->t[2]].key, x->t[3] == NO_GRAPH ? "" : " ",
               x->t[3] == NO_GRAPH ? "" : a->terms[x->t[3]].key);
    }
  }
  free(map);
  return ok;
}

static bool search(const RdfIsoGraph *a, uint64_t *ca, const RdfIsoGraph *b, uint64_t *cb,
                   int depth, char *why, size_t why_size) {
  size_t n = a->nblanks;
  uint64_t *t1 = malloc((n + 1) * sizeof *t1), *t2 = malloc((n + 1) * sizeof *t2);
  bool ok = false;
  if (!t1 || !t2)
    goto out;
  refine(a, ca, b, cb, t1);
  if (!same_colours(ca, cb, n, t1, t2)) {
    if (why)
      snprintf(why, why_size, "blank node structures differ");
    goto out;
  }
  /* find the smallest class with more than one member */
  size_t best = n, best_size = n + 1;
  for (size_t i = 0; i < n; i++) {
    size_t sz = 0;
    for (size_t j = 0; j < n; j++)
      sz += ca[j] == ca[i];
    if (sz > 1 && sz < best_size) {
      best = i;
      best_size = sz;
    }
  }
  if (best == n) {
    ok = verify(a, ca, b, cb, why, why_size);
    goto out;
  }
  if (depth > 64)
    goto out;
  uint64_t marker = mix(ca[best] ^ 0x1234567ULL ^ (uint64_t)depth);
  for (size_t j = 0; j < n && !ok; j++) {
    if (cb[j] != ca[best])
      continue;
    memcpy(t1, ca, n * sizeof *ca);
    memcpy(t2, cb, n * sizeof *cb);
    t1[best] = marker;
    t2[j] = marker;
    ok = search(a, t1, b, t2, depth + 1, why, why_size);
  }
out:
  free(t1);
  free(t2);
  return ok;
}

bool rdf_iso_equal(const RdfIsoGraph *a, const RdfIsoGraph *b, char *why, size_t why_size) {
  if (why && why_size)
    why[0] = '\0';
  if (a->nquads != b->nquads || a->nblanks != b->nblanks) {
    if (why)
      snprintf(why, why_size, "%zu statements / %zu blank nodes vs %zu / %zu", a->nquads,
               a->nblanks, b->nquads, b->nblanks);
    /* still find a statement without counterpart for a useful message */
    return false;
  }
  size_t n = a->nblanks;
  uint64_t *ca = calloc(n + 1, sizeof *ca), *cb = calloc(n + 1, sizeof *cb);
  bool ok = false;
  if (ca && cb) {
    for (size_t i = 0; i < n; i++)
      ca[i] = cb[i] = 1;
    ok = search(a, ca, b, cb, 0, why, why_size);
  }
  free(ca);
  free(cb);
  return ok;
}

/* The lines of an N-Triples / N-Quads text, sorted, blank node labels
 * cut to "_:" (canonical documents fix neither order nor labels). */
char *rdf_iso_sorted_lines(const char *text, size_t len) {
  size_t n = 0, cap = 16;
  char **lines = malloc(cap * sizeof *lines);
  SilaBuf out = SILA_BUF_INIT;
  for (size_t i = 0; i < len && lines;) {
    size_t e = i;
    while (e < len && text[e] != '\n')
      e++;
    SilaBuf line = SILA_BUF_INIT;
    bool in_str = false;
    for (size_t k = i; k < e; k++) {
      char c = text[k];
      if (in_str && c == '\\' && k + 1 < e) {
        sila_buf_append(&line, text + k, 2);
        k++;
        continue;
      }
      if (c == '"')
        in_str = !in_str;
      sila_buf_putc(&line, c);
      if (!in_str && c == '_' && k + 1 < e && text[k + 1] == ':') {
        sila_buf_putc(&line, ':');
        k++;
        while (k + 1 < e && text[k + 1] != ' ' && text[k + 1] != '\t')
          k++;
      }
    }
    if (line.len) {
      if (n == cap)
        lines = realloc(lines, (cap *= 2) * sizeof *lines);
      if (lines)
        lines[n++] = line.data;
    } else {
      sila_buf_free(&line);
    }
    i = e + 1;
  }
  for (size_t i = 1; lines && i < n; i++) /* insertion sort: small files */
    for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
      char *t = lines[j];
      lines[j] = lines[j - 1];
      lines[j - 1] = t;
    }
  for (size_t i = 0; lines && i < n; i++) {
    sila_buf_puts(&out, lines[i]);
    sila_buf_putc(&out, '\n');
    free(lines[i]);
  }
  free(lines);
  if (!out.data)
    sila_buf_puts(&out, "");
  return out.data;
}

void rdf_iso_dump_both(const RdfIsoGraph *got, const RdfIsoGraph *want, FILE *out) {
  fprintf(out, "    got:\n");
  rdf_iso_dump(got, out);
  fprintf(out, "    expected:\n");
  rdf_iso_dump(want, out);
}
