/* sila_text_query.c — text queries on the index: parsing (words, prefixes,
 * phrases, AND/OR/NOT) and posting-list evaluation with BM25. */
#define _GNU_SOURCE /* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text_query.h"

/* ---- parsing ------------------------------------------------------------- */

/* Records what went wrong and where (the first problem only). */
static void problem(SilaTextQuery *q, SilaTextProblemCode code, size_t at) {
  if (q->problem.code == SILA_TEXT_PROBLEM_NONE)
    q->problem = (SilaTextProblem){code, at};
}

const char *sila_text_problem_name(SilaTextProblemCode code) {
  static const char *const names[] = {
      [SILA_TEXT_PROBLEM_NONE] = "none",
      [SILA_TEXT_PROBLEM_UNCLOSED_QUOTE] = "unclosed_quote",
      [SILA_TEXT_PROBLEM_UNCLOSED_PAREN] = "unclosed_parenthesis",
      [SILA_TEXT_PROBLEM_UNMATCHED_PAREN] = "unmatched_parenthesis",
      [SILA_TEXT_PROBLEM_LONE_OPERATOR] = "operator_without_word",
      [SILA_TEXT_PROBLEM_BARE_PREFIX] = "prefix_without_letters",
      [SILA_TEXT_PROBLEM_SHORT_PREFIX] = "prefix_too_short",
      [SILA_TEXT_PROBLEM_TOO_LONG] = "query_too_long",
      [SILA_TEXT_PROBLEM_TOO_DEEP] = "query_too_deep",
      [SILA_TEXT_PROBLEM_NOTHING] = "nothing_to_search",
      [SILA_TEXT_PROBLEM_UNEXPECTED] = "unexpected_character",
  };
  return (size_t)code < sizeof names / sizeof names[0] && names[code] ? names[code] : "invalid_query";
}

static Node *node_new(SilaTextQuery *q, NodeKind kind) {
  if (q->nnodes == MAX_NODES) {
    q->st = sila_error_set(q->err, SILA_ERR_LIMIT, 1, q->pos + 1, "the query is too long");
    problem(q, SILA_TEXT_PROBLEM_TOO_LONG, q->pos);
    return NULL;
  }
  Node *n = calloc(1, sizeof *n);
  if (!n) {
    q->st = SILA_ERR_NOMEM;
    return NULL;
  }
  n->kind = kind;
  q->nodes[q->nnodes++] = n;
  return n;
}

static int node_add_kid(SilaTextQuery *q, Node *n, Node *kid) {
  Node **k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
  if (!k) {
    q->st = SILA_ERR_NOMEM;
    return -1;
  }
  n->kids = k;
  n->kids[n->nkids++] = kid;
  return 0;
}

static int node_add_word(SilaTextQuery *q, Node *n, const Alts *a) {
  Alts *w = realloc(n->words, (n->nwords + 1) * sizeof *w);
  if (!w) {
    q->st = SILA_ERR_NOMEM;
    return -1;
  }
  n->words = w;
  n->words[n->nwords++] = *a;
  return 0;
}

static void alts_add(Alts *a, const char *key, size_t len) {
  for (int i = 0; i < a->n; i++)
    if (a->len[i] == len && !memcmp(a->key[i], key, len))
      return;
  if (a->n < MAX_ALTS && len <= TEXT_KEY_MAX) {
    memcpy(a->key[a->n], key, len);
    a->len[a->n++] = (uint8_t)len;
  }
}

/* Keys of a lexeme in one language, word by word. */
typedef struct {
  Alts *words;
  size_t n, cap;
  int lang_slot;
} LexWords;

static int lex_word(void *ctx, const char *key, size_t keylen, uint32_t pos, size_t start,
                    size_t end) {
  LexWords *l = ctx;
  if (pos >= l->cap)
    return 0; /* the default language decided the word count */
  if (pos >= l->n) {
    l->n = pos + 1;
    l->words[pos].n = 0;
  }
  alts_add(&l->words[pos], key, keylen);
  return 0;
}

#define MAX_PHRASE 32

/* A lexeme (a word, possibly with elisions: dell'Aspromonte) → its words'
 * keys in the default language and in the other languages of the index.
 * The default language decides stop words. */
static size_t analyze_lexeme(SilaTextQuery *q, const char *w, size_t len, Alts *out,
                             size_t cap) {
  LexWords l = {out, 0, cap, 0};
  if (text_analyze(q->an, q->lang, w, len, false, lex_word, &l)) {
    q->st = SILA_ERR_NOMEM;
    return 0;
  }
  size_t n = l.n;
  for (int lang = 0; lang < TEXT_LANG_COUNT && n; lang++) {
    if (lang == q->lang || !(q->langs & (1u << lang)))
      continue;
    /* Only where the other language keeps the same words. */
    Alts tmp[MAX_PHRASE];
    LexWords t = {tmp, 0, MAX_PHRASE, 0};
    text_analyze(q->an, lang, w, len, false, lex_word, &t);
    if (t.n != n)
      continue;
    for (size_t i = 0; i < n; i++)
      for (int k = 0; k < tmp[i].n; k++)
        alts_add(&out[i], tmp[i].key[k], tmp[i].len[k]);
  }
  return n;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_space(SilaTextQuery *q) {
  while (q->pos < q->len && is_space(q->s[q->pos]))
    q->pos++;
}

static bool at_keyword(SilaTextQuery *q, const char *kw) {
  size_t n = strlen(kw);
  if (q->pos + n > q->len || memcmp(q->s + q->pos, kw, n))
    return false;
  return q->pos + n == q->len || is_space(q->s[q->pos + n]) || q->s[q->pos + n] == '(' ||
         q->s[q->pos + n] == '"';
}

static Node *parse_or(SilaTextQuery *q, int depth);

/* A phrase's or a word's node from its words; NULL without an error when
 * only stop words were there. */
static Node *words_node(SilaTextQuery *q, const Alts *words, size_t n) {
  if (n == 0)
    return NULL;
  Node *node = node_new(q, n == 1 ? N_TERM : N_PHRASE);
  for (size_t i = 0; node && i < n; i++)
    if (node_add_word(q, node, &words[i]))
      return NULL;
  return node;
}

static Node *parse_primary(SilaTextQuery *q, int depth) {
  skip_space(q);
  if (q->pos >= q->len)
    return NULL;
  char c = q->s[q->pos];
  if (c == '(') {
    size_t open = q->pos++;
    Node *n = parse_or(q, depth + 1);
    skip_space(q);
    if (q->st == SILA_OK && (q->pos >= q->len || q->s[q->pos] != ')')) {
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, open + 1, "unclosed parenthesis");
      problem(q, SILA_TEXT_PROBLEM_UNCLOSED_PAREN, open);
      return NULL;
    }
    q->pos++;
    return n;
  }
  if (c == '"') {
    size_t open = q->pos++;
    size_t start = q->pos;
    while (q->pos < q->len && q->s[q->pos] != '"')
      q->pos++;
    if (q->pos >= q->len) {
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, open + 1, "unclosed quote");
      problem(q, SILA_TEXT_PROBLEM_UNCLOSED_QUOTE, open);
      return NULL;
    }
    size_t end = q->pos++;
    Alts words[MAX_PHRASE];
    size_t n = analyze_lexeme(q, q->s + start, end - start, words, MAX_PHRASE);
    return words_node(q, words, n);
  }
  size_t start = q->pos;
  while (q->pos < q->len && !is_space(q->s[q->pos]) && q->s[q->pos] != '(' &&
         q->s[q->pos] != ')' && q->s[q->pos] != '"')
    q->pos++;
  size_t end = q->pos;
  if (end > start && q->s[end - 1] == '*') {
    /* A prefix: folded, not stemmed; the index holds stems, so a prefix
     * that stems shorter (castello* -> castell) searches from its stem. */
    end--;
    Alts raw[MAX_PHRASE];
    LexWords l = {raw, 0, MAX_PHRASE, 0};
    text_analyze(q->an, q->lang, q->s + start, end - start, true, lex_word, &l);
    if (l.n == 0 || !(end > start && !is_space(q->s[end - 1]) && q->s[end - 1] != '\'' &&
                      q->s[end - 1] != '*')) {
      /* "*" alone, "l'*", "**": no letters for the prefix to start with */
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, end + 1,
                             "'*' must follow the start of a word, as in castel*");
      problem(q, SILA_TEXT_PROBLEM_BARE_PREFIX, end);
      return NULL;
    }
    const char *p = raw[l.n - 1].key[0]; /* dell'asp*: the last word is the prefix */
    size_t pl = raw[l.n - 1].len[0];
    Alts stem[MAX_PHRASE];
    size_t sn = analyze_lexeme(q, p, pl, stem, MAX_PHRASE);
    Alts a = {.n = 0};
    if (sn == 1 && stem[0].len[0] <= pl && !memcmp(stem[0].key[0], p, stem[0].len[0]))
      pl = stem[0].len[0];
    alts_add(&a, p, pl);
    Node *n = node_new(q, N_PREFIX);
    if (n && node_add_word(q, n, &a))
      return NULL;
    return n;
  }
  Alts words[MAX_PHRASE];
  size_t n = analyze_lexeme(q, q->s + start, end - start, words, MAX_PHRASE);
  return words_node(q, words, n);
}

static Node *parse_unary(SilaTextQuery *q, int depth) {
  skip_space(q);
  bool neg = false;
  if (at_keyword(q, "NOT")) {
    size_t at = q->pos;
    q->pos += 3;
    neg = true;
    skip_space(q);
    if (q->pos >= q->len || q->s[q->pos] == ')') {
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, at + 1, "NOT without a word after it");
      problem(q, SILA_TEXT_PROBLEM_LONE_OPERATOR, at);
      return NULL;
    }
  } else if (q->pos < q->len && q->s[q->pos] == '-' && q->pos + 1 < q->len &&
             !is_space(q->s[q->pos + 1])) {
    q->pos++;
    neg = true;
  }
  if (depth > 32) {
    q->st = sila_error_set(q->err, SILA_ERR_LIMIT, 1, q->pos + 1, "the query nests too deep");
    problem(q, SILA_TEXT_PROBLEM_TOO_DEEP, q->pos);
    return NULL;
  }
  Node *n = neg ? parse_unary(q, depth + 1) : parse_primary(q, depth);
  if (!neg || !n)
    return n;
  Node *not = node_new(q, N_NOT);
  if (not && node_add_kid(q, not, n))
    return NULL;
  return not;
}

/* Juxtaposition (and AND) binds looser than OR: `a b OR c` = a AND (b OR c). */
static Node *parse_term_or(SilaTextQuery *q, int depth) {
  Node *first = parse_unary(q, depth);
  Node *or = NULL;
  for (;;) {
    skip_space(q);
    if (q->st != SILA_OK || !at_keyword(q, "OR"))
      break;
    size_t at = q->pos;
    q->pos += 2;
    Node *next = parse_unary(q, depth);
    if (q->st != SILA_OK)
      return NULL;
    if (!next && q->pos >= q->len) {
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, at + 1, "OR without a word after it");
      problem(q, SILA_TEXT_PROBLEM_LONE_OPERATOR, at);
      return NULL;
    }
    if (!first) {
      first = next;
      continue;
    }
    if (!next)
      continue;
    if (!or) {
      if (!(or = node_new(q, N_OR)) || node_add_kid(q, or, first))
        return NULL;
      first = or;
    }
    if (node_add_kid(q, or, next))
      return NULL;
  }
  return first;
}

static Node *parse_or(SilaTextQuery *q, int depth) {
  Node *and = NULL, *first = NULL;
  bool explicit_and = false;
  for (;;) {
    skip_space(q);
    if (q->st != SILA_OK || q->pos >= q->len || q->s[q->pos] == ')')
      break;
    if (at_keyword(q, "AND")) {
      size_t at = q->pos;
      q->pos += 3;
      explicit_and = true;
      skip_space(q);
      if (q->pos >= q->len || q->s[q->pos] == ')') {
        q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, at + 1, "AND without a word after it");
        problem(q, SILA_TEXT_PROBLEM_LONE_OPERATOR, at);
        return NULL;
      }
      continue;
    }
    size_t before = q->pos;
    Node *n = parse_term_or(q, depth);
    if (q->st != SILA_OK)
      return NULL;
    if (q->pos == before) {
      q->st = sila_error_set(q->err, SILA_ERR_SYNTAX, 1, q->pos + 1, "unexpected '%c'",
                             q->s[q->pos]);
      problem(q, SILA_TEXT_PROBLEM_UNEXPECTED, q->pos);
      return NULL;
    }
    if (!n)
      continue; /* stop words */
    if (!first) {
      first = n;
      continue;
    }
    if (!and) {
      if (!(and = node_new(q, N_AND)) || node_add_kid(q, and, first))
        return NULL;
      first = and;
    }
    if (node_add_kid(q, and, n))
      return NULL;
  }
  if (and)
    and->implicit = !explicit_and;
  return first;
}

static bool has_positive(const Node *n) {
  switch (n->kind) {
  case N_NOT: return false;
  case N_AND:
    for (size_t i = 0; i < n->nkids; i++)
      if (has_positive(n->kids[i]))
        return true;
    return false;
  case N_OR:
    for (size_t i = 0; i < n->nkids; i++)
      if (!has_positive(n->kids[i]))
        return false;
    return true;
  default: return true;
  }
}

void sila_text_query_free(SilaTextQuery *q) {
  if (!q)
    return;
  for (size_t i = 0; i < q->nnodes; i++) {
    free(q->nodes[i]->words);
    free(q->nodes[i]->kids);
    free(q->nodes[i]);
  }
  text_analyzer_free(q->an);
  free(q);
}

SilaStatus sila_text_query_parse(SilaTxn *txn, const char *text, size_t len, SilaTextQuery **out,
                                 SilaError *err) {
  return sila_text_query_parse_why(txn, text, len, out, err, NULL);
}

SilaStatus sila_text_query_parse_why(SilaTxn *txn, const char *text, size_t len,
                                     SilaTextQuery **out, SilaError *err, SilaTextProblem *why) {
  *out = NULL;
  if (why)
    *why = (SilaTextProblem){SILA_TEXT_PROBLEM_NONE, 0};
  if (len > SILA_TEXT_QUERY_MAX) {
    if (why)
      *why = (SilaTextProblem){SILA_TEXT_PROBLEM_TOO_LONG, SILA_TEXT_QUERY_MAX};
    return sila_error_set(err, SILA_ERR_LIMIT, 1, SILA_TEXT_QUERY_MAX + 1,
                          "the query is too long (over %d bytes)", SILA_TEXT_QUERY_MAX);
  }
  if (!txn->store->text_on)
    return sila_error_set(err, SILA_ERR_UNSUPPORTED, 0, 0,
                          "this store has no text index yet: run 'sila reindex'");
  SilaTextQuery *q = calloc(1, sizeof *q);
  if (!q || !(q->an = text_analyzer_new())) {
    free(q);
    return SILA_ERR_NOMEM;
  }
  q->store = txn->store;
  q->lang = txn->store->text_lang;
  uint64_t langs = 0;
  sila_meta_get(txn, "text_langs", &langs);
  q->langs = (unsigned)langs;
  q->s = text;
  q->len = len;
  q->err = err;
  q->root = parse_or(q, 0);
  if (q->st == SILA_OK && q->pos < q->len) {
    q->st = sila_error_set(err, SILA_ERR_SYNTAX, 1, q->pos + 1, "unmatched ')'");
    problem(q, SILA_TEXT_PROBLEM_UNMATCHED_PAREN, q->pos);
  }
  if (q->st == SILA_OK && (!q->root || !has_positive(q->root))) {
    q->st = sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                           "nothing to search for: give at least one word that is not a stop "
                           "word or negated");
    problem(q, SILA_TEXT_PROBLEM_NOTHING, 0);
  }
  if (q->st != SILA_OK) {
    SilaStatus st = q->st;
    if (why)
      *why = q->problem;
    sila_text_query_free(q);
    return st;
  }
  q->s = NULL;
  q->err = NULL;
  *out = q;
  return SILA_OK;
}

/* ---- evaluation ------------------------------------------------------------ */

typedef struct {
  SilaId id;
  double score;
  uint64_t mask; /* phrase evaluation: positions of the current word */
  uint32_t dl;
  uint32_t tf;
} Doc;

typedef struct {
  Doc *d;
  size_t n, cap;
} DocList;

static int docs_push(DocList *l, const Doc *d) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    Doc *p = realloc(l->d, cap * sizeof *p);
    if (!p)
      return -1;
    l->d = p;
    l->cap = cap;
  }
  l->d[l->n++] = *d;
  return 0;
}

typedef struct {
  SilaTxn *txn;
  SilaTextQuery *q;
  MDB_cursor *cur;
  double N, avgdl;
} Eval;

static unsigned get_be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static double bm25(const Eval *e, double df, unsigned tf, unsigned dl) {
  const double k1 = 1.2, b = 0.75;
  double idf = log(1.0 + (e->N - df + 0.5) / (df + 0.5));
  return idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * dl / e->avgdl));
}

/* Appends the postings of one key, in literal order, scored. */
static SilaStatus postings_into(Eval *e, const char *key, size_t len, DocList *out) {
  MDB_val k = {len, (void *)key}, v;
  int rc = mdb_cursor_get(e->cur, &k, &v, MDB_SET_KEY);
  if (rc == MDB_NOTFOUND)
    return SILA_OK;
  if (rc)
    return sila_mdb_status(rc);
  size_t df = 0;
  mdb_cursor_count(e->cur, &df);
  rc = mdb_cursor_get(e->cur, &k, &v, MDB_GET_MULTIPLE);
  while (rc == 0) {
    const unsigned char *p = v.mv_data;
    size_t n = v.mv_size / TEXT_POST_SIZE;
    for (size_t i = 0; i < n; i++, p += TEXT_POST_SIZE) {
      Doc d = {sila_get_be64(p), 0, sila_get_be64(p + 12), get_be16(p + 10), get_be16(p + 8)};
      d.score = bm25(e, (double)df, d.tf, d.dl);
      if (docs_push(out, &d))
        return SILA_ERR_NOMEM;
    }
    rc = mdb_cursor_get(e->cur, &k, &v, MDB_NEXT_MULTIPLE);
  }
  return rc == MDB_NOTFOUND ? SILA_OK : sila_mdb_status(rc);
}

static SilaStatus postings(Eval *e, const char *key, size_t len, DocList *out) {
  out->n = 0;
  return postings_into(e, key, len, out);
}

typedef enum { MERGE_SUM, MERGE_MAX } Combine;

/* a := a ∪ b (scores combined, masks or'ed). */
static SilaStatus merge_union(DocList *a, const DocList *b, Combine how) {
  DocList r = {NULL, 0, 0};
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    Doc d;
    if (j >= b->n || (i < a->n && a->d[i].id < b->d[j].id))
      d = a->d[i++];
    else if (i >= a->n || b->d[j].id < a->d[i].id)
      d = b->d[j++];
    else {
      d = a->d[i];
      d.score = how == MERGE_SUM ? d.score + b->d[j].score
                                 : (d.score > b->d[j].score ? d.score : b->d[j].score);
      d.mask |= b->d[j].mask;
      i++, j++;
    }
    if (docs_push(&r, &d)) {
      free(r.d);
      return SILA_ERR_NOMEM;
    }
  }
  free(a->d);
  *a = r;
  return SILA_OK;
}

/* a := a ∩ b (scores summed) or a \ b. */
static void merge_filter(DocList *a, const DocList *b, bool keep_common) {
  size_t i = 0, j = 0, m = 0;
  while (i < a->n) {
    while (j < b->n && b->d[j].id < a->d[i].id)
      j++;
    bool common = j < b->n && b->d[j].id == a->d[i].id;
    if (common == keep_common) {
      a->d[m] = a->d[i];
      if (common)
        a->d[m].score += b->d[j].score;
      m++;
    }
    i++;
  }
  a->n = m;
}

/* The union of a word's keys (languages), best score per literal. */
static SilaStatus word_docs(Eval *e, const Alts *w, DocList *out) {
  DocList tmp = {NULL, 0, 0};
  SilaStatus st = SILA_OK;
  out->n = 0;
  for (int i = 0; i < w->n && st == SILA_OK; i++) {
    st = postings(e, w->key[i], w->len[i], i == 0 ? out : &tmp);
    if (st == SILA_OK && i > 0)
      st = merge_union(out, &tmp, MERGE_MAX);
  }
  free(tmp.d);
  return st;
}

bool text_prefix_match(const char *key, size_t klen, const Alts *p) {
  return klen >= p->len[0] && !memcmp(key, p->key[0], p->len[0]);
}

static int cmp_doc_id(const void *a, const void *b) {
  const Doc *x = a, *y = b;
  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  return (x->score < y->score) - (x->score > y->score); /* best first */
}

/* Every key starting with the prefix: their postings gathered, sorted by
 * literal once, the best score kept per literal. */
static SilaStatus prefix_docs(Eval *e, const Alts *p, DocList *out) {
  out->n = 0;
  MDB_val k = {p->len[0], (void *)p->key[0]}, v;
  int rc = mdb_cursor_get(e->cur, &k, &v, MDB_SET_RANGE);
  SilaStatus st = SILA_OK;
  char key[TEXT_KEY_MAX];
  for (int nkeys = 0; rc == 0 && st == SILA_OK; nkeys++) {
    if (!text_prefix_match(k.mv_data, k.mv_size, p))
      break;
    if (nkeys == MAX_PREFIX_KEYS || out->n > MAX_PREFIX_POSTINGS)
      return SILA_ERR_LIMIT; /* "c*": a prefix too short to mean anything */
    size_t klen = k.mv_size;
    memcpy(key, k.mv_data, klen);
    st = postings_into(e, key, klen, out);
    /* postings_into() moved the cursor within this key: go on after it. */
    MDB_val kk = {klen, key};
    rc = mdb_cursor_get(e->cur, &kk, &v, MDB_SET_KEY);
    if (rc == 0)
      rc = mdb_cursor_get(e->cur, &k, &v, MDB_NEXT_NODUP);
  }
  if (st == SILA_OK && rc && rc != MDB_NOTFOUND)
    st = sila_mdb_status(rc);
  if (st == SILA_OK && out->n > 1) {
    qsort(out->d, out->n, sizeof *out->d, cmp_doc_id);
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++)
      if (m == 0 || out->d[m - 1].id != out->d[i].id)
        out->d[m++] = out->d[i];
    out->n = m;
  }
  return st;
}

/* Exact phrase check on the literal's text (long literals, whose position
 * masks wrap). */
typedef struct {
  const Node *n;
  size_t matched; /* words of the phrase matched so far in a row */
  bool found;
} PhraseCheck;

bool text_alts_has(const Alts *a, const char *key, size_t len) {
  for (int i = 0; i < a->n; i++)
    if (a->len[i] == len && !memcmp(a->key[i], key, len))
      return true;
  return false;
}

static int phrase_word(void *ctx, const char *key, size_t keylen, uint32_t pos, size_t start,
                       size_t end) {
  PhraseCheck *c = ctx;
  if (text_alts_has(&c->n->words[c->matched], key, keylen))
    c->matched++;
  else
    c->matched = text_alts_has(&c->n->words[0], key, keylen) ? 1 : 0;
  if (c->matched == c->n->nwords) {
    c->found = true;
    return 1;
  }
  return 0;
}

static bool phrase_in_text(Eval *e, const Node *n, SilaId id) {
  char buf[SILA_TERM_BUF];
  const char *text;
  size_t len;
  int lang;
  if (!text_literal(e->txn, id, &text, &len, &lang, buf))
    return false;
  PhraseCheck c = {n, 0, false};
  text_analyze(e->q->an, lang, text, len, false, phrase_word, &c);
  return c.found;
}

static SilaStatus phrase_docs(Eval *e, const Node *n, DocList *out) {
  DocList next = {NULL, 0, 0};
  SilaStatus st = word_docs(e, &n->words[0], out);
  for (size_t w = 1; w < n->nwords && st == SILA_OK && out->n; w++) {
    st = word_docs(e, &n->words[w], &next);
    if (st != SILA_OK)
      break;
    /* Keep literals with the word right after the phrase so far. */
    size_t i = 0, j = 0, m = 0;
    for (; i < out->n; i++) {
      while (j < next.n && next.d[j].id < out->d[i].id)
        j++;
      if (j >= next.n || next.d[j].id != out->d[i].id)
        continue;
      Doc d = out->d[i];
      uint64_t follow = d.dl > 64 ? ((d.mask << 1) | (d.mask >> 63)) : d.mask << 1;
      d.mask = follow & next.d[j].mask;
      if (!d.mask)
        continue;
      d.score += next.d[j].score;
      out->d[m++] = d;
    }
    out->n = m;
  }
  free(next.d);
  if (st == SILA_OK) {
    size_t m = 0;
    for (size_t i = 0; i < out->n; i++)
      if (out->d[i].dl <= 64 || phrase_in_text(e, n, out->d[i].id))
        out->d[m++] = out->d[i];
    out->n = m;
  }
  return st;
}

static SilaStatus eval(Eval *e, const Node *n, DocList *out) {
  SilaStatus st = SILA_OK;
  out->n = 0;
  switch (n->kind) {
  case N_TERM: return word_docs(e, &n->words[0], out);
  case N_PREFIX: return prefix_docs(e, &n->words[0], out);
  case N_PHRASE: return phrase_docs(e, n, out);
  case N_NOT: return SILA_ERR_INVALID; /* only inside AND */
  case N_OR: {
    DocList tmp = {NULL, 0, 0};
    for (size_t i = 0; i < n->nkids && st == SILA_OK; i++) {
      if (n->kids[i]->kind == N_NOT)
        continue;
      st = eval(e, n->kids[i], i == 0 ? out : &tmp);
      if (st == SILA_OK && i > 0)
        st = merge_union(out, &tmp, MERGE_SUM);
    }
    free(tmp.d);
    return st;
  }
  case N_AND: {
    DocList tmp = {NULL, 0, 0};
    bool first = true;
    /* Positive parts first, then the negated ones are taken out. */
    for (size_t i = 0; i < n->nkids && st == SILA_OK; i++) {
      if (n->kids[i]->kind == N_NOT || !has_positive(n->kids[i]))
        continue;
      st = eval(e, n->kids[i], first ? out : &tmp);
      if (st == SILA_OK && !first)
        merge_filter(out, &tmp, true);
      first = false;
    }
    for (size_t i = 0; i < n->nkids && st == SILA_OK; i++) {
      if (n->kids[i]->kind != N_NOT)
        continue;
      st = eval(e, n->kids[i]->kids[0], &tmp);
      if (st == SILA_OK)
        merge_filter(out, &tmp, false);
    }
    free(tmp.d);
    return st;
  }
  }
  return st;
}

SilaStatus sila_text_query_run(SilaTxn *txn, SilaTextQuery *q, SilaTextDoc **docs, size_t *n) {
  *docs = NULL;
  *n = 0;
  if (!txn->store->text_on || txn->store != q->store)
    return SILA_ERR_UNSUPPORTED;
  Eval e = {txn, q, NULL, 0, 1};
  MDB_stat ms;
  uint64_t total = 0;
  if (mdb_stat(txn->txn, txn->store->text_doc, &ms) == 0)
    e.N = (double)ms.ms_entries;
  sila_meta_get(txn, "text_len", &total);
  e.avgdl = e.N > 0 && total ? (double)total / e.N : 1;
  int rc = mdb_cursor_open(txn->txn, txn->store->text_post, &e.cur);
  if (rc)
    return sila_mdb_status(rc);
  DocList l = {NULL, 0, 0};
  SilaStatus st = eval(&e, q->root, &l);
  if (st == SILA_OK && l.n == 0 && q->root->kind == N_AND && q->root->implicit) {
    /* No literal holds every word: those holding some of them, ranked by
     * their scores (so "festival musica" still finds the festivals). */
    Node or = {.kind = N_OR, .kids = q->root->kids, .nkids = q->root->nkids};
    Node not_any = {.kind = N_AND, .kids = q->root->kids, .nkids = q->root->nkids};
    DocList minus = {NULL, 0, 0};
    st = eval(&e, &or, &l);
    for (size_t i = 0; st == SILA_OK && i < not_any.nkids; i++)
      if (not_any.kids[i]->kind == N_NOT && (st = eval(&e, not_any.kids[i]->kids[0], &minus)) == SILA_OK)
        merge_filter(&l, &minus, false);
    free(minus.d);
  }
  mdb_cursor_close(e.cur);
  if (st == SILA_OK && l.n) {
    SilaTextDoc *r = malloc(l.n * sizeof *r);
    if (!r)
      st = SILA_ERR_NOMEM;
    for (size_t i = 0; r && i < l.n; i++)
      r[i] = (SilaTextDoc){l.d[i].id, l.d[i].score};
    *docs = r;
    *n = r ? l.n : 0;
  }
  free(l.d);
  return st;
}

