/* sila_fn_string.c — string functions (§17.4.3): STRLEN, SUBSTR, UCASE,
 * LCASE, STRSTARTS, STRENDS, CONTAINS, STRBEFORE, STRAFTER, ENCODE_FOR_URI,
 * CONCAT.  Lengths and positions count characters (code points), not bytes. */
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "sila_fn_internal.h"
#include "sila_utf8.h"

/* ---- case mapping ------------------------------------------------------- */

/* towupper_l with the C.UTF-8 locale gives full Unicode simple case
 * mappings without touching the process locale.  If that locale is
 * missing, a table for Latin-1 and Latin Extended-A (enough for Italian
 * and the other European languages of the data) takes over. */
static locale_t utf8_locale;
static pthread_once_t locale_once = PTHREAD_ONCE_INIT;
static void locale_init(void) { utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0); }

uint32_t sila_fn_latin_case(uint32_t c, bool upper) {
  if (c < 0x80) {
    if (upper && c >= 'a' && c <= 'z')
      return c - 32;
    if (!upper && c >= 'A' && c <= 'Z')
      return c + 32;
    return c;
  }
  if (upper && c >= 0xE0 && c <= 0xFE && c != 0xF7)
    return c - 32;
  if (!upper && c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if (c == 0xFF && upper)
    return 0x178;
  if (c == 0x178 && !upper)
    return 0xFF;
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    bool odd_pairs = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    bool is_upper = odd_pairs ? (c & 1) : !(c & 1);
    if (upper && !is_upper)
      return odd_pairs ? c - 1 : c - 1;
    if (!upper && is_upper)
      return c + 1;
  }
  return c;
}

static uint32_t map_case(uint32_t c, bool upper) {
  pthread_once(&locale_once, locale_init);
  if (utf8_locale)
    return (uint32_t)(upper ? towupper_l((wint_t)c, utf8_locale) : towlower_l((wint_t)c, utf8_locale));
  return sila_fn_latin_case(c, upper);
}

/* ---- argument rules ----------------------------------------------------- */

char *sila_fn_strdup(SilaFnContext *ctx, const char *s, size_t len) {
  return sila_arena_strndup(ctx->arena, s ? s : "", len);
}

/* A string result that keeps the language tag of `like` (when not NULL);
 * copies s into the arena. */
SilaStatus sila_fn_make_string(SilaFnContext *ctx, const char *s, size_t len,
                               const SilaValue *like, SilaValue *out) {
  char *c = sila_fn_strdup(ctx, s, len);
  if (!c)
    return SILA_ERR_NOMEM;
  if (like && like->kind == SILA_VAL_LANGSTRING)
    *out = sila_value_langstring(c, len, like->term.lang, like->term.lang_len);
  else
    *out = sila_value_string(c, len);
  return SILA_OK;
}

/* §17.4.3.1.1: arg1 and arg2 are compatible if both are simple/xsd:string,
 * both have the same language tag, or arg1 has a tag and arg2 has none. */
static bool compatible(const SilaValue *a, const SilaValue *b) {
  if (!sila_value_is_stringlike(a) || !sila_value_is_stringlike(b))
    return false;
  if (b->kind == SILA_VAL_STRING)
    return true;
  if (a->kind != SILA_VAL_LANGSTRING)
    return false;
  return a->term.lang_len == b->term.lang_len &&
         strncasecmp(a->term.lang, b->term.lang, a->term.lang_len) == 0;
}

static const char *find(const char *h, size_t hl, const char *n, size_t nl) {
  if (nl == 0)
    return h;
  if (nl > hl)
    return NULL;
  for (size_t i = 0; i + nl <= hl; i++)
    if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
      return h + i;
  return NULL;
}

static double xpath_round(double x) { return floor(x + 0.5); }

static SilaStatus fn_substr(const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                            SilaValue *out) {
  const SilaValue *s = &args[0];
  if (!sila_value_is_stringlike(s) || !sila_value_is_numeric(&args[1]) ||
      (nargs > 2 && !sila_value_is_numeric(&args[2])))
    return SILA_ERR_TYPE;
  /* XPath fn:substring: characters at positions p (1-based) with
   * round(start) <= p < round(start) + round(length). */
  double start = xpath_round(sila_fn_to_double(&args[1]));
  double end = nargs > 2 ? start + xpath_round(sila_fn_to_double(&args[2])) : INFINITY;
  size_t nchars = sila_utf8_count(s->term.value, s->term.value_len);
  double first = start < 1 ? 1 : start;
  double last = end > (double)nchars + 1 ? (double)nchars + 1 : end; /* exclusive */
  size_t b0 = 0, b1 = 0;
  if (!isnan(first) && !isnan(last) && first < last) {
    b0 = sila_utf8_offset(s->term.value, s->term.value_len, (size_t)first - 1);
    b1 = sila_utf8_offset(s->term.value, s->term.value_len, (size_t)last - 1);
  }
  return sila_fn_make_string(ctx, s->term.value + b0, b1 - b0, s, out);
}

static SilaStatus fn_case(const SilaValue *s, bool upper, SilaFnContext *ctx, SilaValue *out) {
  if (!sila_value_is_stringlike(s))
    return SILA_ERR_TYPE;
  const char *v = s->term.value;
  size_t len = s->term.value_len;
  /* worst case 3 bytes out per byte in: an invalid byte becomes U+FFFD */
  char *o = sila_arena_alloc(ctx->arena, len * 3 + 4 + 1);
  if (!o)
    return SILA_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t l = sila_utf8_decode_lax((const unsigned char *)v + i, len - i, &cp);
    uint32_t m = map_case(cp, upper);
    if (m == 0xDF && upper) { /* ß -> SS (full case mapping) */
      o[n++] = 'S';
      o[n++] = 'S';
    } else {
      char enc[4];
      size_t el = sila_utf8_encode(m, enc);
      memcpy(o + n, enc, el);
      n += el;
    }
    i += l;
  }
  o[n] = 0;
  if (s->kind == SILA_VAL_LANGSTRING)
    *out = sila_value_langstring(o, n, s->term.lang, s->term.lang_len);
  else
    *out = sila_value_string(o, n);
  return SILA_OK;
}

static SilaStatus fn_encode_for_uri(const SilaValue *s, SilaFnContext *ctx, SilaValue *out) {
  if (!sila_value_is_stringlike(s))
    return SILA_ERR_TYPE;
  const unsigned char *v = (const unsigned char *)s->term.value;
  size_t len = s->term.value_len;
  char *o = sila_arena_alloc(ctx->arena, len * 3 + 1);
  if (!o)
    return SILA_ERR_NOMEM;
  static const char hex[] = "0123456789ABCDEF";
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = v[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '_' || c == '.' || c == '~') {
      o[n++] = (char)c;
    } else {
      o[n++] = '%';
      o[n++] = hex[c >> 4];
      o[n++] = hex[c & 15];
    }
  }
  o[n] = 0;
  *out = sila_value_string(o, n);
  return SILA_OK;
}

static SilaStatus fn_concat(const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                            SilaValue *out) {
  size_t total = 0;
  bool same_lang = nargs > 0;
  for (size_t i = 0; i < nargs; i++) {
    if (!sila_value_is_stringlike(&args[i]))
      return SILA_ERR_TYPE;
    total += args[i].term.value_len;
    if (args[i].kind != SILA_VAL_LANGSTRING ||
        args[i].term.lang_len != args[0].term.lang_len ||
        strncasecmp(args[i].term.lang, args[0].term.lang, args[0].term.lang_len) != 0)
      same_lang = false;
  }
  char *o = sila_arena_alloc(ctx->arena, total + 1);
  if (!o)
    return SILA_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < nargs; i++) {
    if (args[i].term.value_len)
      memcpy(o + n, args[i].term.value, args[i].term.value_len);
    n += args[i].term.value_len;
  }
  o[n] = 0;
  /* same tag on every argument: the result keeps it; otherwise a simple
   * literal (xsd:string and simple literals are one term in RDF 1.1) */
  if (same_lang)
    *out = sila_value_langstring(o, n, args[0].term.lang, args[0].term.lang_len);
  else
    *out = sila_value_string(o, n);
  return SILA_OK;
}

SilaStatus sila_fn_call_string(SilaFnId fn, const SilaValue *args, size_t nargs,
                               SilaFnContext *ctx, SilaValue *out) {
  switch (fn) {
  case SILA_FN_STRLEN:
    if (!sila_value_is_stringlike(&args[0]))
      return SILA_ERR_TYPE;
    *out = sila_value_int((SilaInt128)sila_utf8_count(args[0].term.value, args[0].term.value_len));
    return SILA_OK;
  case SILA_FN_SUBSTR:
    return fn_substr(args, nargs, ctx, out);
  case SILA_FN_UCASE:
  case SILA_FN_LCASE:
    return fn_case(&args[0], fn == SILA_FN_UCASE, ctx, out);
  case SILA_FN_ENCODE_FOR_URI:
    return fn_encode_for_uri(&args[0], ctx, out);
  case SILA_FN_CONCAT:
    return fn_concat(args, nargs, ctx, out);
  default:
    break;
  }
  /* two-argument functions with the compatibility rule */
  const SilaValue *a = &args[0], *b = &args[1];
  if (!compatible(a, b))
    return SILA_ERR_TYPE;
  const char *h = a->term.value, *nd = b->term.value;
  size_t hl = a->term.value_len, nl = b->term.value_len;
  const char *at;
  switch (fn) {
  case SILA_FN_STRSTARTS:
    *out = sila_value_bool(nl <= hl && (nl == 0 || memcmp(h, nd, nl) == 0));
    return SILA_OK;
  case SILA_FN_STRENDS:
    *out = sila_value_bool(nl <= hl && (nl == 0 || memcmp(h + hl - nl, nd, nl) == 0));
    return SILA_OK;
  case SILA_FN_CONTAINS:
    *out = sila_value_bool(find(h, hl, nd, nl) != NULL);
    return SILA_OK;
  case SILA_FN_STRBEFORE:
  case SILA_FN_STRAFTER:
    at = find(h, hl, nd, nl);
    if (!at) { /* no match: the empty simple literal */
      *out = sila_value_string("", 0);
      return SILA_OK;
    }
    if (fn == SILA_FN_STRBEFORE)
      *out = sila_value_langstring(h, (size_t)(at - h), a->kind == SILA_VAL_LANGSTRING ? a->term.lang : NULL,
                                   a->kind == SILA_VAL_LANGSTRING ? a->term.lang_len : 0);
    else
      *out = sila_value_langstring(at + nl, hl - (size_t)(at - h) - nl,
                                   a->kind == SILA_VAL_LANGSTRING ? a->term.lang : NULL,
                                   a->kind == SILA_VAL_LANGSTRING ? a->term.lang_len : 0);
    return SILA_OK;
  default:
    return SILA_ERR_INVALID;
  }
}
