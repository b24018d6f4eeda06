/* sila_fn_regex.c — REGEX and REPLACE (§17.4.3.14, §17.4.3.15) on PCRE2 in
 * UTF mode, with the XPath flags (s m i x q) and the XPath replacement
 * string syntax ($N, \$, \\). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_fn_internal.h"

/* XPath `x`: whitespace in the pattern is removed, except inside a
 * character class (PCRE2_EXTENDED would also treat '#' as a comment). */
static char *strip_ws(SilaFnContext *ctx, const char *p, size_t len, size_t *olen) {
  char *o = sila_arena_alloc(ctx->arena, len + 1);
  if (!o)
    return NULL;
  size_t n = 0;
  int cls = 0;
  for (size_t i = 0; i < len; i++) {
    char c = p[i];
    if (c == '\\' && i + 1 < len) {
      o[n++] = c;
      o[n++] = p[++i];
      continue;
    }
    if (c == '[')
      cls++;
    else if (c == ']' && cls)
      cls--;
    if (!cls && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
      continue;
    o[n++] = c;
  }
  o[n] = 0;
  *olen = n;
  return o;
}

/* Compiles pattern with flags; NULL (and *st) on an invalid pattern or flag. */
static pcre2_code *compile(const SilaValue *pat, const SilaValue *flags, SilaFnContext *ctx,
                           bool *literal, SilaStatus *st) {
  uint32_t opts = PCRE2_UTF | PCRE2_UCP;
  const char *p = pat->term.value;
  size_t plen = pat->term.value_len;
  bool x = false;
  *literal = false;
  *st = SILA_ERR_TYPE;
  if (flags) {
    for (size_t i = 0; i < flags->term.value_len; i++) {
      switch (flags->term.value[i]) {
      case 's':
        opts |= PCRE2_DOTALL;
        break;
      case 'm':
        opts |= PCRE2_MULTILINE;
        break;
      case 'i':
        opts |= PCRE2_CASELESS;
        break;
      case 'x':
        x = true;
        break;
      case 'q':
        opts |= PCRE2_LITERAL;
        *literal = true;
        break;
      default:
        return NULL; /* FORX0001: invalid flag */
      }
    }
  }
  /* XPath: without m, $ matches only at the very end (PCRE would also
   * match before a final newline) */
  if (!(opts & PCRE2_MULTILINE))
    opts |= PCRE2_DOLLAR_ENDONLY;
  if (*literal) /* PCRE2_LITERAL allows only a few other options */
    opts &= PCRE2_UTF | PCRE2_CASELESS | PCRE2_LITERAL;
  if (x && !*literal) {
    p = strip_ws(ctx, p, plen, &plen);
    if (!p) {
      *st = SILA_ERR_NOMEM;
      return NULL;
    }
  }
  /* XPath: '.' matches neither #xA nor #xD */
  pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
  if (!cc) {
    *st = SILA_ERR_NOMEM;
    return NULL;
  }
  pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, plen, opts, &err, &off, cc);
  pcre2_compile_context_free(cc);
  if (re) {
    /* Machine code for the pattern: a FILTER runs it on every row.  Where
     * the JIT is missing or refuses, pcre2_match interprets as before. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    *st = SILA_OK;
  }
  return re;
}

/* A small cache of compiled patterns: a FILTER(REGEX(?x, "...")) runs once
 * per row with the same pattern, and compiling dominates short matches. */
#define CACHE_SLOTS 8
typedef struct {
  char *key; /* pattern NUL flags */
  size_t key_len;
  pcre2_code *re;
  pcre2_match_data *md;
  bool literal;
  int empty_match; /* -1 unknown, 0 no, 1 the pattern matches "" */
} CacheEntry;

typedef struct {
  CacheEntry e[CACHE_SLOTS];
  unsigned next;
} RegexCache;

static void entry_clear(CacheEntry *e) {
  free(e->key);
  pcre2_match_data_free(e->md);
  pcre2_code_free(e->re);
  memset(e, 0, sizeof *e);
}

/* One cache per thread (a context is used by one thread, and the executor
 * never needs to clean anything up); freed when the thread exits. */
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_destroy(void *p) {
  RegexCache *c = p;
  for (int i = 0; i < CACHE_SLOTS; i++)
    entry_clear(&c->e[i]);
  free(c);
}

static void cache_key_init(void) { pthread_key_create(&cache_key, cache_destroy); }

static RegexCache *thread_cache(void) {
  pthread_once(&cache_once, cache_key_init);
  RegexCache *c = pthread_getspecific(cache_key);
  if (!c) {
    c = sila_calloc(1, sizeof *c);
    if (c && pthread_setspecific(cache_key, c) != 0) {
      free(c);
      c = NULL;
    }
  }
  return c;
}

/* The compiled pattern for (pat, flags), from the cache or compiled now;
 * NULL with *st set on error.  The entry belongs to the cache. */
static CacheEntry *lookup(const SilaValue *pat, const SilaValue *flags, SilaFnContext *ctx,
                          SilaStatus *st) {
  size_t pl = pat->term.value_len, fl = flags ? flags->term.value_len : 0;
  RegexCache *c = thread_cache();
  if (!c) {
    *st = SILA_ERR_NOMEM;
    return NULL;
  }
  for (int i = 0; i < CACHE_SLOTS; i++) {
    CacheEntry *e = &c->e[i];
    if (e->key && e->key_len == pl + 1 + fl && memcmp(e->key, pat->term.value, pl) == 0 &&
        e->key[pl] == 0 && (fl == 0 || memcmp(e->key + pl + 1, flags->term.value, fl) == 0)) {
      *st = SILA_OK;
      return e;
    }
  }
  bool literal;
  pcre2_code *re = compile(pat, flags, ctx, &literal, st);
  if (!re)
    return NULL;
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  char *key = sila_malloc(pl + 1 + fl + 1);
  if (!md || !key) {
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    free(key);
    *st = SILA_ERR_NOMEM;
    return NULL;
  }
  if (pl)
    memcpy(key, pat->term.value, pl);
  key[pl] = 0;
  if (fl)
    memcpy(key + pl + 1, flags->term.value, fl);
  CacheEntry *e = &c->e[c->next];
  c->next = (c->next + 1) % CACHE_SLOTS;
  entry_clear(e);
  e->key = key;
  e->key_len = pl + 1 + fl;
  e->re = re;
  e->md = md;
  e->literal = literal;
  e->empty_match = -1;
  *st = SILA_OK;
  return e;
}

static bool pattern_arg_ok(const SilaValue *v) {
  /* pattern, replacement and flags are simple literals / xsd:string */
  return v->kind == SILA_VAL_STRING;
}

static SilaStatus fn_regex(const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                           SilaValue *out) {
  if (!sila_value_is_stringlike(&args[0]) || !pattern_arg_ok(&args[1]) ||
      (nargs > 2 && !pattern_arg_ok(&args[2])))
    return SILA_ERR_TYPE;
  SilaStatus st;
  CacheEntry *e = lookup(&args[1], nargs > 2 ? &args[2] : NULL, ctx, &st);
  if (!e)
    return st;
  int rc = pcre2_match(e->re, (PCRE2_SPTR)args[0].term.value, args[0].term.value_len, 0, 0, e->md,
                       NULL);
  if (rc == PCRE2_ERROR_NOMATCH) {
    *out = sila_value_bool(false);
    return SILA_OK;
  }
  if (rc < 0)
    return SILA_ERR_TYPE; /* e.g. invalid UTF-8 in the data */
  *out = sila_value_bool(true);
  return SILA_OK;
}

/* Checks an XPath replacement string: '\' only before '\' or '$', '$'
 * only before a digit (FORX0004). */
static bool replacement_ok(const char *r, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (r[i] == '\\') {
      if (i + 1 >= len || (r[i + 1] != '\\' && r[i + 1] != '$'))
        return false;
      i++;
    } else if (r[i] == '$') {
      if (i + 1 >= len || r[i + 1] < '0' || r[i + 1] > '9')
        return false;
    }
  }
  return true;
}

/* Appends the replacement for one match. */
static int put_replacement(SilaBuf *b, const char *r, size_t rlen, bool literal, const char *subj,
                           const PCRE2_SIZE *ov, uint32_t ngroups) {
  if (literal)
    return sila_buf_append(b, r, rlen);
  for (size_t i = 0; i < rlen; i++) {
    if (r[i] == '\\') {
      if (sila_buf_putc(b, r[++i]))
        return -1;
    } else if (r[i] == '$') {
      /* XPath: take as many digits as form a group number that exists */
      uint32_t g = (uint32_t)(r[++i] - '0');
      while (i + 1 < rlen && r[i + 1] >= '0' && r[i + 1] <= '9' &&
             g * 10 + (uint32_t)(r[i + 1] - '0') < ngroups) {
        g = g * 10 + (uint32_t)(r[++i] - '0');
      }
      if (g < ngroups && ov[2 * g] != PCRE2_UNSET &&
          sila_buf_append(b, subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g]))
        return -1;
    } else if (sila_buf_putc(b, r[i])) {
      return -1;
    }
  }
  return 0;
}

static SilaStatus fn_replace(const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                             SilaValue *out) {
  const SilaValue *in = &args[0], *rep = &args[2];
  if (!sila_value_is_stringlike(in) || !pattern_arg_ok(&args[1]) || !pattern_arg_ok(rep) ||
      (nargs > 3 && !pattern_arg_ok(&args[3])))
    return SILA_ERR_TYPE;
  SilaStatus st;
  CacheEntry *e = lookup(&args[1], nargs > 3 ? &args[3] : NULL, ctx, &st);
  if (!e)
    return st;
  pcre2_code *re = e->re;
  pcre2_match_data *md = e->md;
  if (!e->literal && !replacement_ok(rep->term.value, rep->term.value_len))
    return SILA_ERR_TYPE;
  /* FORX0003: a pattern that matches the empty string is an error */
  if (e->empty_match < 0)
    e->empty_match = pcre2_match(re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0;
  if (e->empty_match)
    return SILA_ERR_TYPE;
  uint32_t ngroups;
  pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
  ngroups++;
  SilaBuf b = SILA_BUF_INIT;
  const char *subj = in->term.value;
  size_t len = in->term.value_len, pos = 0;
  st = SILA_OK;
  while (pos <= len) {
    int rc = pcre2_match(re, (PCRE2_SPTR)subj, len, pos, 0, md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH)
      break;
    if (rc < 0) {
      st = SILA_ERR_TYPE;
      goto done;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (sila_buf_append(&b, subj + pos, ov[0] - pos) ||
        put_replacement(&b, rep->term.value, rep->term.value_len, e->literal, subj, ov, ngroups)) {
      st = SILA_ERR_NOMEM;
      goto done;
    }
    if (ov[1] == ov[0]) { /* cannot happen (no empty matches), but never loop */
      if (ov[1] >= len)
        break;
      if (sila_buf_putc(&b, subj[ov[1]])) {
        st = SILA_ERR_NOMEM;
        goto done;
      }
      pos = ov[1] + 1;
    } else {
      pos = ov[1];
    }
  }
  if (pos < len && sila_buf_append(&b, subj + pos, len - pos)) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  st = sila_fn_make_string(ctx, b.data, b.len, in, out);
done:
  sila_buf_free(&b);
  return st;
}

SilaStatus sila_fn_call_regex(SilaFnId fn, const SilaValue *args, size_t nargs,
                              SilaFnContext *ctx, SilaValue *out) {
  return fn == SILA_FN_REGEX ? fn_regex(args, nargs, ctx, out) : fn_replace(args, nargs, ctx, out);
}
