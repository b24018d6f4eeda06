/* sila_text_analyze.c — words of a literal for the text index: Unicode
 * folding (libutf8proc), elision, stop words and Snowball stemming
 * (libstemmer) by language. */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text_internal.h"

static const struct {
  const char *tag, *stemmer;
} langs[TEXT_LANG_COUNT] = {
    [TEXT_LANG_NONE] = {"", NULL},          [TEXT_LANG_IT] = {"it", "italian"},
    [TEXT_LANG_EN] = {"en", "english"},     [TEXT_LANG_DE] = {"de", "german"},
    [TEXT_LANG_FR] = {"fr", "french"},      [TEXT_LANG_ES] = {"es", "spanish"},
    [TEXT_LANG_PT] = {"pt", "portuguese"},  [TEXT_LANG_NL] = {"nl", "dutch"},
};

/* Stop words, folded (lower case, no accents).  The elided forms (dell',
 * l', un', d', qu') are here too: the apostrophe ends a word. */
static const char *const stop_it[] = {
    "a", "ad", "agl", "agli", "ai", "al", "all", "alla", "alle", "allo", "anche", "c", "che",
    "ci", "co", "col", "coi", "come", "con", "d", "da", "dagl", "dagli", "dai", "dal", "dall",
    "dalla", "dalle", "dallo", "degl", "degli", "dei", "del", "dell", "della", "delle", "dello",
    "di", "e", "ed", "fra", "gl", "gli", "i", "il", "in", "l", "la", "le", "lo", "m", "ma", "mi",
    "n", "ne", "negl", "negli", "nei", "nel", "nell", "nella", "nelle", "nello", "non", "o", "od",
    "per", "qu", "quell", "s", "se", "si", "sia", "sono", "su", "sugl", "sugli", "sui", "sul",
    "sull", "sulla", "sulle", "sullo", "t", "ti", "tra", "un", "una", "uno", "v", "vi", NULL};
static const char *const stop_en[] = {
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "if", "in",
    "into", "is", "it", "its", "no", "not", "of", "on", "or", "s", "such", "t", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "to", "was", "were", "will",
    "with", NULL};
static const char *const stop_de[] = {
    "als", "am", "an", "auch", "auf", "aus", "bei", "das", "dem", "den", "der", "des", "die",
    "ein", "eine", "einem", "einen", "einer", "eines", "es", "fur", "im", "in", "ist", "mit",
    "nicht", "oder", "sind", "und", "vom", "von", "zu", "zum", "zur", NULL};
static const char *const stop_fr[] = {
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "en", "est", "et",
    "j", "l", "la", "le", "les", "m", "n", "ne", "ou", "par", "pas", "pour", "qu", "que", "qui",
    "s", "sont", "sur", "t", "un", "une", NULL};
static const char *const stop_es[] = {
    "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "no", "o", "para",
    "por", "que", "se", "son", "su", "sus", "un", "una", "unas", "unos", "y", NULL};
static const char *const stop_pt[] = {
    "a", "ao", "aos", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "na", "nas", "no",
    "nos", "o", "os", "para", "por", "que", "um", "uma", NULL};
static const char *const stop_nl[] = {
    "de", "den", "der", "die", "een", "en", "het", "in", "is", "met", "niet", "of", "op", "te",
    "van", "voor", NULL};
static const char *const *const stop_lists[TEXT_LANG_COUNT] = {
    [TEXT_LANG_IT] = stop_it, [TEXT_LANG_EN] = stop_en, [TEXT_LANG_DE] = stop_de,
    [TEXT_LANG_FR] = stop_fr, [TEXT_LANG_ES] = stop_es, [TEXT_LANG_PT] = stop_pt,
    [TEXT_LANG_NL] = stop_nl};

int text_lang_code(const char *tag, size_t len, int dflt) {
  if (!tag || len == 0)
    return dflt;
  size_t n = 0;
  while (n < len && tag[n] != '-' && tag[n] != '_')
    n++;
  for (int i = 1; i < TEXT_LANG_COUNT; i++)
    if (strlen(langs[i].tag) == n && strncasecmp(tag, langs[i].tag, n) == 0)
      return i;
  return TEXT_LANG_NONE;
}

const char *text_lang_tag(int code) {
  return code > 0 && code < TEXT_LANG_COUNT ? langs[code].tag : "";
}

/* Words repeat (53 K distinct stems in 1.3 M words of 1 M generated
 * triples): the keys of short words are remembered, by language. */
#define CACHE_SLOTS 16384
#define CACHE_WORD 24
typedef struct {
  uint8_t lang, len, keylen; /* len 0: empty slot; keylen 0: a stop word */
  char word[CACHE_WORD];
  char key[TEXT_KEY_MAX];
} CacheSlot;

struct TextAnalyzer {
  struct sb_stemmer *stem[TEXT_LANG_COUNT];
  bool failed[TEXT_LANG_COUNT];
  CacheSlot *cache; /* made on first use */
};

TextAnalyzer *text_analyzer_new(void) { return calloc(1, sizeof(TextAnalyzer)); }

void text_analyzer_free(TextAnalyzer *a) {
  if (!a)
    return;
  for (int i = 0; i < TEXT_LANG_COUNT; i++)
    if (a->stem[i])
      sb_stemmer_delete(a->stem[i]);
  free(a->cache);
  free(a);
}

static struct sb_stemmer *stemmer(TextAnalyzer *a, int lang) {
  if (lang <= 0 || lang >= TEXT_LANG_COUNT || a->failed[lang])
    return NULL;
  if (!a->stem[lang] && !(a->stem[lang] = sb_stemmer_new(langs[lang].stemmer, "UTF_8")))
    a->failed[lang] = true;
  return a->stem[lang];
}

#define STOP_MAX_LEN 6 /* the longest stop word above */

static bool is_stop(int lang, const char *w, size_t n) {
  if (n > STOP_MAX_LEN)
    return false; /* most words: no list walk */
  const char *const *list = lang > 0 && lang < TEXT_LANG_COUNT ? stop_lists[lang] : NULL;
  for (; list && *list; list++)
    if ((*list)[0] == w[0] && strncmp(*list, w, n) == 0 && (*list)[n] == '\0')
      return true;
  return false;
}

/* Folds s[0..n) with utf8proc `opts` into out (at most TEXT_KEY_MAX * 2
 * bytes); returns the length, or -1 when too long or malformed. */
static ssize_t fold(const char *s, size_t n, utf8proc_option_t opts, char *out, size_t cap) {
  utf8proc_uint8_t *r = NULL;
  utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &r,
                                    opts | UTF8PROC_STABLE);
  if (m < 0 || (size_t)m > cap) {
    free(r);
    return -1;
  }
  memcpy(out, r, (size_t)m);
  free(r);
  return m;
}

/* The key of one word s[start..end) of the text: its length, 0 for a word
 * that is not indexed (stop word, too long), -1 out of memory. */
static ssize_t word_key(TextAnalyzer *a, int lang, const char *text, size_t start, size_t end,
                        bool ascii, bool raw, char out[TEXT_KEY_MAX]) {
  char low[TEXT_KEY_MAX * 2], bare[TEXT_KEY_MAX * 2], key[TEXT_KEY_MAX * 2];
  size_t n = end - start;
  ssize_t ln, bn;
  if (n > TEXT_KEY_MAX)
    return 0; /* not a word anyone searches for (hashes, encoded data) */
  if (ascii) {
    for (size_t i = 0; i < n; i++) {
      char c = text[start + i];
      low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    ln = (ssize_t)n;
    memcpy(bare, low, n);
    bn = ln;
  } else {
    ln = fold(text + start, n, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT, low,
              sizeof low);
    if (ln < 0)
      return 0;
    bn = fold(low, (size_t)ln, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK, bare, sizeof bare);
    if (bn <= 0)
      return 0;
  }
  if (raw) {
    if (bn > TEXT_KEY_MAX)
      return 0;
    memcpy(out, bare, (size_t)bn);
    return bn;
  }
  if (is_stop(lang, bare, (size_t)bn))
    return 0;
  struct sb_stemmer *st = stemmer(a, lang);
  const char *k = bare;
  ssize_t kn = bn;
  if (st && !(low[0] >= '0' && low[0] <= '9')) {
    const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)low, (int)ln);
    int sl = sb_stemmer_length(st);
    if (s && sl > 0) {
      if (ascii) {
        k = (const char *)s;
        kn = sl;
      } else if ((kn = fold((const char *)s, (size_t)sl, UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK,
                            key, sizeof key)) > 0) {
        k = key;
      } else {
        k = bare;
        kn = bn;
      }
    } else if (!s) {
      return -1;
    }
  }
  if (kn <= 0 || kn > TEXT_KEY_MAX)
    return 0;
  memcpy(out, k, (size_t)kn);
  return kn;
}

static int word(TextAnalyzer *a, int lang, const char *text, size_t start, size_t end, bool ascii,
                bool raw, uint32_t *pos, TextWordFn fn, void *ctx) {
  char key[TEXT_KEY_MAX];
  size_t n = end - start;
  CacheSlot *slot = NULL;
  if (!raw && n <= CACHE_WORD) {
    if (!a->cache)
      a->cache = calloc(CACHE_SLOTS, sizeof *a->cache);
    if (a->cache) {
      uint64_t h = 1469598103934665603ULL ^ (uint64_t)lang;
      for (size_t i = start; i < end; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
      slot = &a->cache[(h >> 17) & (CACHE_SLOTS - 1)];
      if (slot->len == n && slot->lang == lang && !memcmp(slot->word, text + start, n))
        return slot->keylen ? fn(ctx, slot->key, slot->keylen, (*pos)++, start, end) : 0;
    }
  }
  ssize_t kn = word_key(a, lang, text, start, end, ascii, raw, key);
  if (kn < 0)
    return -1;
  if (slot) {
    slot->lang = (uint8_t)lang;
    slot->len = (uint8_t)n;
    memcpy(slot->word, text + start, n);
    slot->keylen = (uint8_t)kn;
    memcpy(slot->key, key, (size_t)kn);
  }
  return kn ? fn(ctx, key, (size_t)kn, (*pos)++, start, end) : 0;
}

int text_tokens(const char *text, size_t len, TextTokenFn fn, void *ctx) {
  size_t i = 0;
  while (i < len) {
    /* Skip to the start of a word; ASCII bytes need no decoding. */
    size_t start = i, end = i;
    bool ascii = true;
    while (i < len) {
      unsigned char c = (unsigned char)text[i];
      bool wordch;
      utf8proc_ssize_t step = 1;
      if (c < 0x80) {
        wordch = (unsigned char)((c | 0x20) - 'a') < 26 || (unsigned char)(c - '0') < 10;
      } else {
        utf8proc_int32_t cp;
        step = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i),
                                &cp);
        if (step <= 0) {
          wordch = false;
          step = 1;
        } else {
          utf8proc_category_t cat = utf8proc_category(cp);
          wordch = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
        }
        if (wordch)
          ascii = false;
      }
      if (!wordch) {
        if (end > start)
          break;
        i += (size_t)step;
        start = end = i;
        continue;
      }
      i += (size_t)step;
      end = i;
    }
    if (end > start) {
      int r = fn(ctx, start, end, ascii);
      if (r)
        return r;
    }
  }
  return 0;
}

ssize_t text_word_key(TextAnalyzer *a, int lang, const char *text, size_t start, size_t end,
                      bool ascii, char out[TEXT_KEY_MAX]) {
  return word_key(a, lang, text, start, end, ascii, false, out);
}

typedef struct {
  TextAnalyzer *a;
  int lang;
  const char *text;
  bool raw;
  bool capped; /* TEXT_MAX_WORDS reached: the rest is not indexed */
  uint32_t pos;
  TextWordFn fn;
  void *ctx;
} AnalyzeCtx;

static int analyze_token(void *ctx, size_t start, size_t end, bool ascii) {
  AnalyzeCtx *c = ctx;
  if (c->pos >= TEXT_MAX_WORDS) {
    c->capped = true;
    return 1;
  }
  return word(c->a, c->lang, c->text, start, end, ascii, c->raw, &c->pos, c->fn, c->ctx);
}

int text_analyze(TextAnalyzer *a, int lang, const char *text, size_t len, bool raw,
                 TextWordFn fn, void *ctx) {
  AnalyzeCtx c = {a, lang, text, raw, false, 0, fn, ctx};
  int r = text_tokens(text, len, analyze_token, &c);
  return c.capped ? 0 : r;
}
