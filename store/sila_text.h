/* sila_text.h — the store's full-text index of literals.
 *
 * Every literal that is the object of a quad (simple and language-tagged
 * strings) is split into words, folded (case, accents, compatibility forms),
 * stripped of stop words and stemmed by its language tag (untagged literals
 * in the store's default language, Italian unless `sila reindex --lang`
 * says otherwise).  A store without the index (written by an older Sila,
 * or with SILA_TEXT_INDEX=off in the environment) gets it on its next
 * writable open without that setting; an index once built is always kept.  The index lives in the store's LMDB environment and is
 * written in the same write transaction as the quads on every write path,
 * so what a reader finds is exactly the literals of its snapshot.
 *
 * Queries: words (all must match), `castel*` (words starting so),
 * `"castello svevo"` (a phrase), `a OR b`, `NOT a` / `-a`, parentheses.
 * Matches are per literal, ranked by BM25; callers boost label properties
 * (sila_text_boost).
 */
#ifndef SILA_TEXT_H
#define SILA_TEXT_H

#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct SilaTextQuery SilaTextQuery;

/* Parses a text query for `txn`'s store.  Errors: SILA_ERR_SYNTAX (err says
 * where: an unclosed quote or parenthesis, an operator without operand),
 * SILA_ERR_INVALID (nothing to search for: only stop words or NOT),
 * SILA_ERR_UNSUPPORTED (the store has no text index: run `sila reindex`),
 * SILA_ERR_NOMEM.  The query may be run in any transaction of the store
 * by one thread at a time; free it with sila_text_query_free. */
SilaStatus sila_text_query_parse(SilaTxn *txn, const char *text, size_t len, SilaTextQuery **out,
                                 SilaError *err);
void sila_text_query_free(SilaTextQuery *q);

/* What is wrong with a query, for callers that explain it in their own
 * words (the portal, in Italian): a stable code and the byte offset in the
 * query where the problem is (of the operator, quote or parenthesis). */
typedef enum {
  SILA_TEXT_PROBLEM_NONE = 0,
  SILA_TEXT_PROBLEM_UNCLOSED_QUOTE,
  SILA_TEXT_PROBLEM_UNCLOSED_PAREN,
  SILA_TEXT_PROBLEM_UNMATCHED_PAREN,
  SILA_TEXT_PROBLEM_LONE_OPERATOR, /* NOT, OR, AND with no word after it */
  SILA_TEXT_PROBLEM_BARE_PREFIX,   /* '*' with no letters before it */
  SILA_TEXT_PROBLEM_SHORT_PREFIX,  /* too many words start so (sila_text_query_run) */
  SILA_TEXT_PROBLEM_TOO_LONG,      /* over SILA_TEXT_QUERY_MAX bytes, or too many parts */
  SILA_TEXT_PROBLEM_TOO_DEEP,      /* parentheses nested too deep */
  SILA_TEXT_PROBLEM_NOTHING,       /* only stop words, or only negated words */
  SILA_TEXT_PROBLEM_UNEXPECTED,    /* a character out of place */
} SilaTextProblemCode;
typedef struct {
  SilaTextProblemCode code;
  size_t offset; /* bytes into the query */
} SilaTextProblem;
#define SILA_TEXT_QUERY_MAX 1000 /* bytes of a query */

/* The code's name for machine-readable errors: "unclosed_quote", … */
const char *sila_text_problem_name(SilaTextProblemCode code);

/* sila_text_query_parse, and on a malformed query *why (may be NULL) says
 * what and where. */
SilaStatus sila_text_query_parse_why(SilaTxn *txn, const char *text, size_t len,
                                     SilaTextQuery **out, SilaError *err, SilaTextProblem *why);

typedef struct {
  SilaId literal;
  double score; /* BM25 */
} SilaTextDoc;

/* The literals matching q, in ascending ID order (*docs is malloc'ed: the
 * caller frees it; NULL when none).  Errors: SILA_ERR_LIMIT (a prefix that
 * too many words start with), SILA_ERR_IO, SILA_ERR_NOMEM. */
SilaStatus sila_text_query_run(SilaTxn *txn, SilaTextQuery *q, SilaTextDoc **docs, size_t *n);

/* The factor by which a match through predicate p counts: 2 for label
 * properties (rdfs:label, skos:prefLabel, dct:title, foaf:name,
 * schema:name, the Italian l0:name), 1 otherwise. */
double sila_text_boost(SilaTxn *txn, SilaTextQuery *q, SilaId p);

/* Appends to out an HTML fragment of at most about max_chars characters of
 * the literal's text around its first match, escaped, the matched words in
 * <b>...</b>.  Returns SILA_OK (an empty fragment for an unknown literal),
 * or SILA_ERR_NOMEM. */
SilaStatus sila_text_snippet(SilaTxn *txn, SilaTextQuery *q, SilaId literal, size_t max_chars,
                             SilaBuf *out);

/* Subjects of matching literals, best first: a subject's score is the sum
 * of its matches' BM25 scores times their predicates' boosts.  Graph g
 * restricts the quads read (SILA_ID_ANY: every graph).  At most max_docs
 * literals (the best ones) are followed to their subjects; *truncated says
 * when more matched.  *hits is malloc'ed (the caller frees it). */
typedef struct {
  SilaId subject;
  SilaId literal;   /* the subject's best-scoring match */
  SilaId predicate; /* through which it matched */
  SilaId graph;     /* a graph holding that quad */
  double score;
  bool vocabulary;  /* an ontology or vocabulary term (set by sila_text_rank) */
} SilaTextHit;
SilaStatus sila_text_search(SilaTxn *txn, SilaTextQuery *q, SilaId g, size_t max_docs,
                            SilaTextHit **hits, size_t *n, bool *truncated);

/* Data before vocabulary: a journalist looks for things, not classes.
 * Marks the hits that are ontology or vocabulary terms (a subject typed
 * owl:Class, rdfs:Class, rdf:Property, an OWL or Data Cube property,
 * owl:Ontology, skos:Concept, skos:ConceptScheme or skos:Collection, or one
 * whose every quad is in vocab_graph, e.g. {base}/onto: 0 for none) and
 * orders the data first, best first, then the vocabulary terms, best
 * first.  A data subject that links to matched vocabulary terms (its
 * rdf:type, a category) gains their scores: museums typed cis:Museum come
 * first for "Museo", the label of cis:Museum.  Errors: store errors,
 * SILA_ERR_NOMEM (hits unchanged in order). */
SilaStatus sila_text_rank(SilaTxn *txn, SilaId vocab_graph, SilaTextHit *hits, size_t n);

/* Size of the index. */
typedef struct {
  bool present;       /* the store has a text index */
  uint64_t literals;  /* indexed literals */
  uint64_t keys;      /* distinct index keys (stems) */
  uint64_t postings;  /* (key, literal) entries */
  uint64_t bytes;     /* pages of the two databases */
  uint64_t store_bytes; /* pages of everything else, for comparison */
  const char *default_lang; /* language of untagged literals ("it") */
  bool built_at_open; /* this SilaStore built it when it opened the store */
} SilaTextStats;
SilaStatus sila_text_stats(SilaTxn *txn, SilaTextStats *out);

/* Rebuilds the index from the store's quads in a write transaction;
 * `default_lang` (NULL: keep the current one) sets the language of
 * untagged literals ("it", "en", "de", "fr", "es", "pt", "nl", or "" for
 * folding without stemming).  Errors: SILA_ERR_INVALID (read transaction,
 * unknown language), store errors. */
SilaStatus sila_text_reindex(SilaTxn *txn, const char *default_lang);

#ifdef __cplusplus
}
#endif
#endif
