/* text_internal.h — what the text index's files share; not a public header.
 *
 * Layout (databases of the store's environment):
 *   "text_post"  key: a word's index key (folded stem, 1..TEXT_KEY_MAX
 *                bytes); MDB_DUPSORT|MDB_DUPFIXED values of TEXT_POST_SIZE
 *                bytes: literal ID (8, big-endian: values sort by literal),
 *                term frequency (2), literal length in words (2), bit mask
 *                of the word's positions mod 64 (8).
 *   "text_doc"   MDB_INTEGERKEY: literal ID -> length in words (4) and
 *                language code (1).  A literal is here exactly while some
 *                quad has it as object and it has at least one word.
 *   meta "text_len"   sum of the lengths (BM25's average length)
 *   meta "text_lang"  the language code untagged literals are analysed in
 *   meta "text_built" 1 once the index covers every literal of the store
 */
#ifndef SILA_TEXT_INTERNAL_H
#define SILA_TEXT_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "sila_text.h"
#include "store_internal.h"

#define TEXT_KEY_MAX 64
#define TEXT_POST_SIZE 20
#define TEXT_MAX_WORDS 65535u

/* Languages with a stemmer (code 0: none, words are only folded). */
enum { TEXT_LANG_NONE, TEXT_LANG_IT, TEXT_LANG_EN, TEXT_LANG_DE, TEXT_LANG_FR,
       TEXT_LANG_ES, TEXT_LANG_PT, TEXT_LANG_NL, TEXT_LANG_COUNT };

/* The code of a language tag ("it", "it-IT", "EN"); `dflt` when the tag is
 * empty, TEXT_LANG_NONE when no stemmer knows it. */
int text_lang_code(const char *tag, size_t len, int dflt);
const char *text_lang_tag(int code);

/* Analysis state: one stemmer per language, created on first use (Snowball
 * stemmers are not thread-safe: one analyzer per thread or transaction). */
typedef struct TextAnalyzer TextAnalyzer;
TextAnalyzer *text_analyzer_new(void);
void text_analyzer_free(TextAnalyzer *a);

/* Called per indexed word: its key, its position among the literal's
 * indexed words, and its byte span in the analysed text.  Nonzero stops. */
typedef int (*TextWordFn)(void *ctx, const char *key, size_t keylen, uint32_t pos,
                          size_t start, size_t end);

/* Splits text into words (letters, digits, combining marks; apostrophes
 * split elisions such as dell'Aspromonte), folds case and compatibility
 * forms (NFKC), drops the language's stop words, stems the rest in that
 * language and strips accents from the stem: città, Citta and CITTÀ give
 * one key.  Returns 0, -1 when memory ran out, or fn's nonzero value.
 * With `raw` the word is folded but neither stemmed nor checked against
 * the stop words (prefix queries). */
int text_analyze(TextAnalyzer *a, int lang, const char *text, size_t len, bool raw,
                 TextWordFn fn, void *ctx);

/* The word-splitting half of text_analyze: fn gets each word's byte span
 * and whether it is all ASCII; a nonzero return stops and is returned. */
typedef int (*TextTokenFn)(void *ctx, size_t start, size_t end, bool ascii);
int text_tokens(const char *text, size_t len, TextTokenFn fn, void *ctx);
/* The other half: the index key of the word text[start..end) (not raw, no
 * cache: the caller remembers keys), its length, 0 when the word is not
 * indexed (stop word, too long), -1 out of memory. */
ssize_t text_word_key(TextAnalyzer *a, int lang, const char *text, size_t start, size_t end,
                      bool ascii, char out[TEXT_KEY_MAX]);

/* True for the IDs whose terms may be indexed: inline short strings and
 * dictionary literals (their datatype is checked on decoding). */
static inline bool text_id_candidate(SilaId id) {
  SilaIdTag t = sila_id_tag(id);
  return t == SILA_TAG_LITERAL || t == SILA_TAG_SHORTSTR;
}

/* FNV-1a: the hash of keys in the build's tables. */
static inline uint64_t text_fnv64(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

static inline void text_put_be16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}

/* The literal is in text_doc (indexed). */
static inline bool text_doc_present(SilaTxn *txn, SilaId id) {
  SILA_DICT_KEY(k, id);
  MDB_val v;
  return mdb_get(txn->txn, txn->store->text_doc, &k, &v) == 0;
}

/* Index maintenance inside a write transaction (sila_text_index.c; bulk
 * indexing in sila_text_build.c). */
SilaStatus text_note_added(SilaTxn *txn, SilaId o);
SilaStatus text_note_removed(SilaTxn *txn, SilaId o);
/* Indexes each of ids[0..n) that is not indexed yet (sorts ids). */
SilaStatus text_index_ids(SilaTxn *txn, SilaId *ids, size_t n);
/* The same for a bulk load into an empty index, on a thread of its own
 * while the load's thread goes on (sila_text_build.c).  start (the load's
 * thread): ids (unsorted, with repeats) are the thread's until finish;
 * next gives the dictionary's entries in ascending ID order (1: an entry,
 * 0: no more, -1: I/O error), called on the thread only.  *out NULL and
 * SILA_OK: no thread (text off, no IDs, an index not empty, no thread to
 * be had): call text_index_ids instead.  finish (the load's thread, which
 * holds txn): waits for the thread, then writes the index when `write`
 * (else stops the thread early and writes nothing); frees tb (NULL: OK). */
typedef int (*TextTermFn)(void *ctx, SilaId *id, const char **enc, size_t *len);
typedef struct TextBulk TextBulk;
SilaStatus text_bulk_start(SilaTxn *txn, SilaId *ids, size_t n, TextTermFn next, void *next_ctx,
                           TextBulk **out);
SilaStatus text_bulk_finish(TextBulk *tb, SilaTxn *txn, bool write);
/* Opens (or, writable, creates) the databases; builds the index of a store
 * that has none.  Called by sila_store_open. */
SilaStatus text_open(SilaStore *s);
void text_txn_release(SilaTxn *txn);
/* The analyzer of a transaction (created on first use); NULL without memory. */
TextAnalyzer *text_txn_analyzer(SilaTxn *txn);
/* The literal's text and language code when it is to be indexed. */
bool text_literal(SilaTxn *txn, SilaId id, const char **text, size_t *len, int *lang,
                  char buf[SILA_TERM_BUF]);
int text_default_lang(SilaTxn *txn);

#endif
