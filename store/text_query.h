/* text_query.h — a parsed text query, shared by sila_text_query.c (parsing,
 * evaluation) and sila_text_search.c (snippets, boosts, subjects); not a
 * public header. */
#ifndef SILA_TEXT_QUERY_H
#define SILA_TEXT_QUERY_H

#include "text_internal.h"

#define MAX_ALTS TEXT_LANG_COUNT
#define MAX_PREFIX_KEYS 20000
#define MAX_PREFIX_POSTINGS 4000000
#define MAX_NODES 256

typedef enum { N_TERM, N_PREFIX, N_PHRASE, N_AND, N_OR, N_NOT } NodeKind;

/* One word of the query: its keys in each language the index holds. */
typedef struct {
  char key[MAX_ALTS][TEXT_KEY_MAX];
  uint8_t len[MAX_ALTS];
  int n;
} Alts;

typedef struct Node Node;
struct Node {
  NodeKind kind;
  Alts *words; /* TERM: 1; PHRASE: nwords; PREFIX: 1 (the prefix, raw and stemmed) */
  size_t nwords;
  Node **kids;
  size_t nkids;
  bool implicit; /* AND: words side by side, no AND written */
};

struct SilaTextQuery {
  SilaStore *store;
  TextAnalyzer *an;
  Node *root;
  Node *nodes[MAX_NODES];
  size_t nnodes;
  int lang;           /* default language */
  unsigned langs;     /* languages in the index (bit per code) */
  SilaId labels[8];
  size_t nlabels;
  bool labels_done;
  /* parsing */
  const char *s;
  size_t len, pos;
  SilaError *err;
  SilaStatus st;
  SilaTextProblem problem; /* of the first error */
};

/* True when one of a word's keys is key / key starts with the prefix. */
bool text_alts_has(const Alts *a, const char *key, size_t len);
bool text_prefix_match(const char *key, size_t klen, const Alts *p);

#endif
