/* sila_text_search.c — what a text query's matches become: boosts of label
 * properties, highlighted snippets, and the subjects of the matching
 * literals, best first. */
#include <stdlib.h>
#include <string.h>

#include "text_query.h"

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* ---- boost --------------------------------------------------------------- */

double sila_text_boost(SilaTxn *txn, SilaTextQuery *q, SilaId p) {
  static const char *const label_iris[] = {
      "http://www.w3.org/2000/01/rdf-schema#label",
      "http://www.w3.org/2004/02/skos/core#prefLabel",
      "http://purl.org/dc/terms/title",
      "http://xmlns.com/foaf/0.1/name",
      "http://schema.org/name",
      "https://schema.org/name",
      "https://w3id.org/italia/onto/l0/name",
  };
  if (!q->labels_done) {
    q->labels_done = true;
    for (size_t i = 0; i < sizeof label_iris / sizeof *label_iris; i++) {
      SilaTerm t = sila_term_iri(label_iris[i]);
      SilaId id;
      if (sila_txn_lookup(txn, &t, &id) == SILA_OK && q->nlabels < 8)
        q->labels[q->nlabels++] = id;
    }
  }
  for (size_t i = 0; i < q->nlabels; i++)
    if (q->labels[i] == p)
      return 2.0;
  return 1.0;
}

/* ---- snippets ------------------------------------------------------------ */

static bool node_matches(const Node *n, const char *key, size_t len) {
  switch (n->kind) {
  case N_TERM:
  case N_PHRASE:
    for (size_t i = 0; i < n->nwords; i++)
      if (text_alts_has(&n->words[i], key, len))
        return true;
    return false;
  case N_PREFIX: return text_prefix_match(key, len, &n->words[0]);
  case N_NOT: return false;
  default:
    for (size_t i = 0; i < n->nkids; i++)
      if (node_matches(n->kids[i], key, len))
        return true;
    return false;
  }
}

typedef struct {
  const Node *root;
  size_t (*spans)[2];
  size_t n, cap;
} Marks;

static int mark_word(void *ctx, const char *key, size_t keylen, uint32_t pos, size_t start,
                     size_t end) {
  Marks *m = ctx;
  if (!node_matches(m->root, key, keylen))
    return 0;
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    void *p = realloc(m->spans, cap * sizeof *m->spans);
    if (!p)
      return -1;
    m->spans = p;
    m->cap = cap;
  }
  m->spans[m->n][0] = start;
  m->spans[m->n][1] = end;
  m->n++;
  return 0;
}

static int put_escaped(SilaBuf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int r;
    switch (s[i]) {
    case '<': r = sila_buf_puts(out, "&lt;"); break;
    case '>': r = sila_buf_puts(out, "&gt;"); break;
    case '&': r = sila_buf_puts(out, "&amp;"); break;
    case '"': r = sila_buf_puts(out, "&quot;"); break;
    default: r = sila_buf_putc(out, s[i]);
    }
    if (r)
      return r;
  }
  return 0;
}

static size_t utf8_back(const char *s, size_t i) {
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

SilaStatus sila_text_snippet(SilaTxn *txn, SilaTextQuery *q, SilaId literal, size_t max_chars,
                             SilaBuf *out) {
  char buf[SILA_TERM_BUF];
  const char *text;
  size_t len;
  int lang;
  if (!text_literal(txn, literal, &text, &len, &lang, buf))
    return SILA_OK;
  Marks m = {q->root, NULL, 0, 0};
  if (text_analyze(q->an, lang, text, len, false, mark_word, &m)) {
    free(m.spans);
    return SILA_ERR_NOMEM;
  }
  size_t from = 0, to = len;
  if (len > max_chars) {
    size_t first = m.n ? m.spans[0][0] : 0;
    from = first > max_chars / 3 ? first - max_chars / 3 : 0;
    /* Start at a word boundary. */
    while (from > 0 && from < first && !is_space(text[from - 1]))
      from++;
    from = utf8_back(text, from);
    to = from + max_chars < len ? utf8_back(text, from + max_chars) : len;
    while (to > from && to < len && to > first + 1 && !is_space(text[to]))
      to--;
    to = utf8_back(text, to);
  }
  int r = from > 0 ? sila_buf_puts(out, "… ") : 0;
  size_t at = from;
  for (size_t i = 0; i < m.n && !r; i++) {
    size_t s = m.spans[i][0], e = m.spans[i][1];
    if (s < from || e > to)
      continue;
    r = put_escaped(out, text + at, s - at) || sila_buf_puts(out, "<b>") ||
        put_escaped(out, text + s, e - s) || sila_buf_puts(out, "</b>");
    at = e;
  }
  if (!r)
    r = put_escaped(out, text + at, to - at);
  if (!r && to < len)
    r = sila_buf_puts(out, " …");
  free(m.spans);
  return r ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- subjects ------------------------------------------------------------ */

static int cmp_doc_score(const void *a, const void *b) {
  const SilaTextDoc *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->literal < y->literal ? -1 : x->literal > y->literal;
}

static int cmp_hit_score(const void *a, const void *b) {
  const SilaTextHit *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->subject < y->subject ? -1 : x->subject > y->subject;
}

SilaStatus sila_text_search(SilaTxn *txn, SilaTextQuery *q, SilaId g, size_t max_docs,
                            SilaTextHit **hits, size_t *nhits, bool *truncated) {
  *hits = NULL;
  *nhits = 0;
  *truncated = false;
  SilaTextDoc *docs;
  size_t n;
  SilaStatus st = sila_text_query_run(txn, q, &docs, &n);
  if (st != SILA_OK || n == 0)
    return st;
  qsort(docs, n, sizeof *docs, cmp_doc_score);
  if (n > max_docs) {
    n = max_docs;
    *truncated = true;
  }
  /* Subject → hit, open addressing. */
  size_t cap = 64;
  while (cap < n * 4)
    cap *= 2;
  SilaTextHit *table = calloc(cap, sizeof *table);
  size_t used = 0;
  SilaScan *sc = NULL;
  if (!table)
    st = SILA_ERR_NOMEM;
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    SilaIdQuad pat = {0, 0, docs[i].literal, g}, quad;
    st = sc ? sila_scan_reset(sc, &pat)
            : sila_scan_open(txn, &pat, g ? 0 : SILA_SCAN_DISTINCT_TRIPLES, &sc);
    int r;
    while (st == SILA_OK && (r = sila_scan_next(sc, &quad)) != 0) {
      if (r < 0) {
        st = (SilaStatus)-r;
        break;
      }
      double s = docs[i].score * sila_text_boost(txn, q, quad.p);
      if (used * 2 >= cap) {
        /* Grow and rehash. */
        size_t ncap = cap * 2;
        SilaTextHit *t2 = calloc(ncap, sizeof *t2);
        if (!t2) {
          st = SILA_ERR_NOMEM;
          break;
        }
        for (size_t k = 0; k < cap; k++)
          if (table[k].subject) {
            size_t h = (table[k].subject * 0x9E3779B97F4A7C15ULL) >> 20 & (ncap - 1);
            while (t2[h].subject)
              h = (h + 1) & (ncap - 1);
            t2[h] = table[k];
          }
        free(table);
        table = t2;
        cap = ncap;
      }
      size_t h = (quad.s * 0x9E3779B97F4A7C15ULL) >> 20 & (cap - 1);
      while (table[h].subject && table[h].subject != quad.s)
        h = (h + 1) & (cap - 1);
      SilaTextHit *hit = &table[h];
      if (!hit->subject) {
        *hit = (SilaTextHit){quad.s, docs[i].literal, quad.p, quad.g, 0, false};
        used++;
        hit->score = s;
        /* best match so far: its own score */
        hit->graph = quad.g;
        continue;
      }
      /* The literal's contribution, once per subject and literal. */
      if (hit->literal == docs[i].literal) {
        continue;
      }
      hit->score += s;
    }
  }
  sila_scan_free(sc);
  free(docs);
  if (st != SILA_OK) {
    free(table);
    return st;
  }
  size_t m = 0;
  for (size_t k = 0; k < cap; k++)
    if (table[k].subject)
      table[m++] = table[k];
  qsort(table, m, sizeof *table, cmp_hit_score);
  *hits = table;
  *nhits = m;
  return SILA_OK;
}

/* ---- data before vocabulary ---------------------------------------------- */

static const char *const vocab_type_iris[] = {
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
    "http://www.w3.org/2002/07/owl#Ontology",
    "http://www.w3.org/2004/02/skos/core#Concept",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "http://www.w3.org/2004/02/skos/core#Collection",
    "http://purl.org/linked-data/cube#MeasureProperty",
    "http://purl.org/linked-data/cube#DimensionProperty",
    "http://purl.org/linked-data/cube#AttributeProperty",
};
#define NVOCAB_TYPES (sizeof vocab_type_iris / sizeof *vocab_type_iris)

static size_t subject_slot(const SilaTextHit *hits, const size_t *table, size_t cap, SilaId s) {
  size_t h = (s * 0x9E3779B97F4A7C15ULL) >> 20 & (cap - 1);
  while (table[h] && hits[table[h] - 1].subject != s)
    h = (h + 1) & (cap - 1);
  return h;
}

static int cmp_hit_ranked(const void *a, const void *b) {
  const SilaTextHit *x = a, *y = b;
  if (x->vocabulary != y->vocabulary)
    return x->vocabulary ? 1 : -1;
  return cmp_hit_score(a, b);
}

SilaStatus sila_text_rank(SilaTxn *txn, SilaId vocab_graph, SilaTextHit *hits, size_t n) {
  if (n == 0)
    return SILA_OK;
  SilaId rdf_type = 0, types[NVOCAB_TYPES];
  size_t ntypes = 0;
  SilaTerm t = sila_term_iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  if (sila_txn_lookup(txn, &t, &rdf_type) != SILA_OK)
    rdf_type = 0;
  for (size_t i = 0; i < NVOCAB_TYPES; i++) {
    t = sila_term_iri(vocab_type_iris[i]);
    if (sila_txn_lookup(txn, &t, &types[ntypes]) == SILA_OK)
      ntypes++;
  }
  size_t cap = 64;
  while (cap < n * 2)
    cap *= 2;
  size_t *table = calloc(cap, sizeof *table); /* subject -> hit index + 1 */
  bool *linked = calloc(n, sizeof *linked);   /* a vocabulary hit counted for this subject */
  size_t *seen = malloc(n * sizeof *seen), nseen = 0;
  if (!table || !linked || !seen) {
    free(table);
    free(linked);
    free(seen);
    return SILA_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++)
    table[subject_slot(hits, table, cap, hits[i].subject)] = i + 1;
  SilaScan *sc = NULL;
  SilaStatus st = SILA_OK;
  /* 1. Which hits are vocabulary terms: a vocabulary type, or described only
   * in the vocabulary graph (the labels of a national ontology's class). */
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    SilaIdQuad pat = {hits[i].subject, 0, 0, 0}, quad;
    st = sc ? sila_scan_reset(sc, &pat) : sila_scan_open(txn, &pat, 0, &sc);
    bool vocab_type = false, elsewhere = false;
    int r;
    while (st == SILA_OK && !vocab_type && (r = sila_scan_next(sc, &quad)) != 0) {
      if (r < 0) {
        st = (SilaStatus)-r;
        break;
      }
      if (!vocab_graph || quad.g != vocab_graph)
        elsewhere = true;
      if (quad.p == rdf_type && rdf_type)
        for (size_t k = 0; k < ntypes && !vocab_type; k++)
          vocab_type = quad.o == types[k];
    }
    hits[i].vocabulary = vocab_type || !elsewhere;
  }
  /* 2. A data subject linked to matched vocabulary terms (its type, its
   * category) is what the words name: "Museo" is cis:Museum's label, so
   * museums gain its score; each term counts once per subject. */
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    if (hits[i].vocabulary)
      continue;
    SilaIdQuad pat = {hits[i].subject, 0, 0, 0}, quad;
    st = sila_scan_reset(sc, &pat);
    double gain = 0;
    nseen = 0;
    int r;
    while (st == SILA_OK && (r = sila_scan_next(sc, &quad)) != 0) {
      if (r < 0) {
        st = (SilaStatus)-r;
        break;
      }
      size_t e = table[subject_slot(hits, table, cap, quad.o)];
      if (!e || !hits[e - 1].vocabulary || linked[e - 1])
        continue;
      linked[e - 1] = true;
      seen[nseen++] = e - 1;
      gain += hits[e - 1].score;
    }
    for (size_t k = 0; k < nseen; k++)
      linked[seen[k]] = false;
    hits[i].score += gain;
  }
  sila_scan_free(sc);
  free(table);
  free(linked);
  free(seen);
  if (st == SILA_OK)
    qsort(hits, n, sizeof *hits, cmp_hit_ranked);
  return st;
}
