/* sila_fn.c — function table, dispatch, and the functions on RDF terms
 * (§17.4.2): STR, LANG, LANGMATCHES, DATATYPE, IRI, BNODE, STRDT, STRLANG,
 * UUID, STRUUID, isIRI, isBLANK, isLITERAL, isNUMERIC, sameTerm. */
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sila_fn_internal.h"
#include "sila_iri.h"

typedef enum { G_TERM, G_STRING, G_REGEX, G_NUMERIC, G_DATETIME, G_HASH, G_CAST } Group;

typedef struct {
  const char *name;
  SilaFnId id;
  unsigned char min, max; /* max 255 = unlimited */
  Group group;
} FnInfo;

static const FnInfo fn_table[] = {
    {"STR", SILA_FN_STR, 1, 1, G_TERM},
    {"LANG", SILA_FN_LANG, 1, 1, G_TERM},
    {"LANGMATCHES", SILA_FN_LANGMATCHES, 2, 2, G_TERM},
    {"DATATYPE", SILA_FN_DATATYPE, 1, 1, G_TERM},
    {"IRI", SILA_FN_IRI, 1, 1, G_TERM},
    {"BNODE", SILA_FN_BNODE, 0, 1, G_TERM},
    {"STRDT", SILA_FN_STRDT, 2, 2, G_TERM},
    {"STRLANG", SILA_FN_STRLANG, 2, 2, G_TERM},
    {"UUID", SILA_FN_UUID, 0, 0, G_TERM},
    {"STRUUID", SILA_FN_STRUUID, 0, 0, G_TERM},
    {"ISIRI", SILA_FN_ISIRI, 1, 1, G_TERM},
    {"ISBLANK", SILA_FN_ISBLANK, 1, 1, G_TERM},
    {"ISLITERAL", SILA_FN_ISLITERAL, 1, 1, G_TERM},
    {"ISNUMERIC", SILA_FN_ISNUMERIC, 1, 1, G_TERM},
    {"SAMETERM", SILA_FN_SAMETERM, 2, 2, G_TERM},
    {"LANGDIR", SILA_FN_LANGDIR, 1, 1, G_TERM},
    {"HASLANG", SILA_FN_HASLANG, 1, 1, G_TERM},
    {"HASLANGDIR", SILA_FN_HASLANGDIR, 1, 1, G_TERM},
    {"STRLANGDIR", SILA_FN_STRLANGDIR, 3, 3, G_TERM},
    {"TRIPLE", SILA_FN_TRIPLE, 3, 3, G_TERM},
    {"SUBJECT", SILA_FN_SUBJECT, 1, 1, G_TERM},
    {"PREDICATE", SILA_FN_PREDICATE, 1, 1, G_TERM},
    {"OBJECT", SILA_FN_OBJECT, 1, 1, G_TERM},
    {"ISTRIPLE", SILA_FN_ISTRIPLE, 1, 1, G_TERM},
    {"STRLEN", SILA_FN_STRLEN, 1, 1, G_STRING},
    {"SUBSTR", SILA_FN_SUBSTR, 2, 3, G_STRING},
    {"UCASE", SILA_FN_UCASE, 1, 1, G_STRING},
    {"LCASE", SILA_FN_LCASE, 1, 1, G_STRING},
    {"STRSTARTS", SILA_FN_STRSTARTS, 2, 2, G_STRING},
    {"STRENDS", SILA_FN_STRENDS, 2, 2, G_STRING},
    {"CONTAINS", SILA_FN_CONTAINS, 2, 2, G_STRING},
    {"STRBEFORE", SILA_FN_STRBEFORE, 2, 2, G_STRING},
    {"STRAFTER", SILA_FN_STRAFTER, 2, 2, G_STRING},
    {"ENCODE_FOR_URI", SILA_FN_ENCODE_FOR_URI, 1, 1, G_STRING},
    {"CONCAT", SILA_FN_CONCAT, 0, 255, G_STRING},
    {"REGEX", SILA_FN_REGEX, 2, 3, G_REGEX},
    {"REPLACE", SILA_FN_REPLACE, 3, 4, G_REGEX},
    {"ABS", SILA_FN_ABS, 1, 1, G_NUMERIC},
    {"ROUND", SILA_FN_ROUND, 1, 1, G_NUMERIC},
    {"CEIL", SILA_FN_CEIL, 1, 1, G_NUMERIC},
    {"FLOOR", SILA_FN_FLOOR, 1, 1, G_NUMERIC},
    {"RAND", SILA_FN_RAND, 0, 0, G_NUMERIC},
    {"NOW", SILA_FN_NOW, 0, 0, G_DATETIME},
    {"YEAR", SILA_FN_YEAR, 1, 1, G_DATETIME},
    {"MONTH", SILA_FN_MONTH, 1, 1, G_DATETIME},
    {"DAY", SILA_FN_DAY, 1, 1, G_DATETIME},
    {"HOURS", SILA_FN_HOURS, 1, 1, G_DATETIME},
    {"MINUTES", SILA_FN_MINUTES, 1, 1, G_DATETIME},
    {"SECONDS", SILA_FN_SECONDS, 1, 1, G_DATETIME},
    {"TIMEZONE", SILA_FN_TIMEZONE, 1, 1, G_DATETIME},
    {"TZ", SILA_FN_TZ, 1, 1, G_DATETIME},
    {"MD5", SILA_FN_MD5, 1, 1, G_HASH},
    {"SHA1", SILA_FN_SHA1, 1, 1, G_HASH},
    {"SHA256", SILA_FN_SHA256, 1, 1, G_HASH},
    {"SHA384", SILA_FN_SHA384, 1, 1, G_HASH},
    {"SHA512", SILA_FN_SHA512, 1, 1, G_HASH},
    {SILA_NS_XSD "string", SILA_FN_CAST_STRING, 1, 1, G_CAST},
    {SILA_NS_XSD "integer", SILA_FN_CAST_INTEGER, 1, 1, G_CAST},
    {SILA_NS_XSD "decimal", SILA_FN_CAST_DECIMAL, 1, 1, G_CAST},
    {SILA_NS_XSD "float", SILA_FN_CAST_FLOAT, 1, 1, G_CAST},
    {SILA_NS_XSD "double", SILA_FN_CAST_DOUBLE, 1, 1, G_CAST},
    {SILA_NS_XSD "boolean", SILA_FN_CAST_BOOLEAN, 1, 1, G_CAST},
    {SILA_NS_XSD "dateTime", SILA_FN_CAST_DATETIME, 1, 1, G_CAST},
    {SILA_NS_XSD "date", SILA_FN_CAST_DATE, 1, 1, G_CAST},
    {SILA_NS_XSD "time", SILA_FN_CAST_TIME, 1, 1, G_CAST},
    {SILA_NS_XSD "duration", SILA_FN_CAST_DURATION, 1, 1, G_CAST},
    {SILA_NS_XSD "dayTimeDuration", SILA_FN_CAST_DAYTIMEDURATION, 1, 1, G_CAST},
    {SILA_NS_XSD "yearMonthDuration", SILA_FN_CAST_YEARMONTHDURATION, 1, 1, G_CAST},
    {SILA_NS_XSD "int", SILA_FN_CAST_INT, 1, 1, G_CAST},
    {SILA_NS_XSD "long", SILA_FN_CAST_LONG, 1, 1, G_CAST},
    {SILA_NS_XSD "short", SILA_FN_CAST_SHORT, 1, 1, G_CAST},
    {SILA_NS_XSD "byte", SILA_FN_CAST_BYTE, 1, 1, G_CAST},
    {SILA_NS_XSD "nonNegativeInteger", SILA_FN_CAST_NONNEGATIVEINTEGER, 1, 1, G_CAST},
    {SILA_NS_XSD "positiveInteger", SILA_FN_CAST_POSITIVEINTEGER, 1, 1, G_CAST},
    {SILA_NS_XSD "nonPositiveInteger", SILA_FN_CAST_NONPOSITIVEINTEGER, 1, 1, G_CAST},
    {SILA_NS_XSD "negativeInteger", SILA_FN_CAST_NEGATIVEINTEGER, 1, 1, G_CAST},
    {SILA_NS_XSD "unsignedLong", SILA_FN_CAST_UNSIGNEDLONG, 1, 1, G_CAST},
    {SILA_NS_XSD "unsignedInt", SILA_FN_CAST_UNSIGNEDINT, 1, 1, G_CAST},
    {SILA_NS_XSD "unsignedShort", SILA_FN_CAST_UNSIGNEDSHORT, 1, 1, G_CAST},
    {SILA_NS_XSD "unsignedByte", SILA_FN_CAST_UNSIGNEDBYTE, 1, 1, G_CAST},
};
#define FN_COUNT (sizeof fn_table / sizeof fn_table[0])

static const FnInfo *info(SilaFnId fn) {
  for (size_t i = 0; i < FN_COUNT; i++)
    if (fn_table[i].id == fn)
      return &fn_table[i];
  return NULL;
}

SilaFnId sila_fn_lookup_name(const char *name, size_t len) {
  if (len == 3 && strncasecmp(name, "URI", 3) == 0)
    return SILA_FN_IRI;
  if (len == 5 && strncasecmp(name, "isURI", 5) == 0)
    return SILA_FN_ISIRI;
  for (size_t i = 0; i < FN_COUNT; i++)
    if (fn_table[i].group != G_CAST && strlen(fn_table[i].name) == len &&
        strncasecmp(fn_table[i].name, name, len) == 0)
      return fn_table[i].id;
  return SILA_FN_NONE;
}

SilaFnId sila_fn_lookup_iri(const char *iri, size_t len) {
  for (size_t i = 0; i < FN_COUNT; i++)
    if (fn_table[i].group == G_CAST && sila_iri_is(iri, len, fn_table[i].name))
      return fn_table[i].id;
  return SILA_FN_NONE;
}

const char *sila_fn_name(SilaFnId fn) {
  const FnInfo *f = info(fn);
  return f ? f->name : "";
}

void sila_fn_arity(SilaFnId fn, size_t *min, size_t *max) {
  const FnInfo *f = info(fn);
  *min = f ? f->min : 0;
  *max = f ? (f->max == 255 ? SIZE_MAX : f->max) : 0;
}

void sila_fn_context_next_row(SilaFnContext *ctx) { ctx->row++; }

/* ---- term functions ------------------------------------------------------ */

static bool valid_lang(const char *s, size_t len) {
  /* BCP 47 shape: 1-8 letters, then (-1-8 alphanumerics)* */
  size_t i = 0, seg = 0;
  bool first = true;
  if (!len)
    return false;
  for (; i <= len; i++) {
    if (i == len || s[i] == '-') {
      if (seg == 0 || seg > 8)
        return false;
      seg = 0;
      first = false;
      continue;
    }
    char c = s[i];
    bool alpha = (c | 32) >= 'a' && (c | 32) <= 'z', digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && !first)))
      return false;
    seg++;
  }
  return true;
}

static SilaStatus make_uuid(SilaFnContext *ctx, bool as_iri, SilaValue *out) {
  unsigned char r[16];
  if (RAND_bytes(r, sizeof r) != 1) {
    for (int i = 0; i < 16; i += 8) {
      uint64_t x = sila_fn_random(ctx);
      memcpy(r + i, &x, 8);
    }
  }
  r[6] = (unsigned char)((r[6] & 0x0F) | 0x40); /* version 4 */
  r[8] = (unsigned char)((r[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  char buf[64];
  int n = snprintf(buf, sizeof buf,
                   "%s%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                   as_iri ? "urn:uuid:" : "", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                   r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
  char *s = sila_fn_strdup(ctx, buf, (size_t)n);
  if (!s)
    return SILA_ERR_NOMEM;
  *out = as_iri ? sila_value_iri(s, (size_t)n) : sila_value_string(s, (size_t)n);
  return SILA_OK;
}

static SilaStatus fn_bnode(const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                           SilaValue *out) {
  SilaBuf b = SILA_BUF_INIT;
  int rc;
  if (nargs == 0) {
    rc = sila_buf_printf(&b, "sf%llxn%llx", (unsigned long long)ctx->query_id,
                         (unsigned long long)ctx->bnode_counter++);
  } else {
    if (args[0].kind != SILA_VAL_STRING)
      return SILA_ERR_TYPE;
    /* same string in the same row -> same label: the label encodes both */
    rc = sila_buf_printf(&b, "sf%llxr%llxs", (unsigned long long)ctx->query_id,
                         (unsigned long long)ctx->row);
    for (size_t i = 0; !rc && i < args[0].term.value_len; i++)
      rc = sila_buf_printf(&b, "%02x", (unsigned char)args[0].term.value[i]);
  }
  SilaStatus st = SILA_ERR_NOMEM;
  if (!rc) {
    char *s = sila_fn_strdup(ctx, b.data, b.len);
    if (s) {
      *out = sila_value_blank(s, b.len);
      st = SILA_OK;
    }
  }
  sila_buf_free(&b);
  return st;
}

static SilaStatus fn_iri(const SilaValue *a, SilaFnContext *ctx, SilaValue *out) {
  if (a->kind == SILA_VAL_IRI) {
    *out = *a;
    return SILA_OK;
  }
  if (a->kind != SILA_VAL_STRING)
    return SILA_ERR_TYPE;
  /* One IRI rule on every way in: a string that is no IRI gives an
   * error, so IRI()/URI() leave the variable unbound (SPARQL 1.1 §17.4.2.8). */
  if (!sila_iri_valid(a->term.value, a->term.value_len))
    return SILA_ERR_TYPE;
  if (sila_iri_has_scheme(a->term.value, a->term.value_len) || !ctx->base_iri) {
    /* absolute, or no base to resolve against: taken as written */
    *out = sila_value_iri(a->term.value, a->term.value_len);
    return SILA_OK;
  }
  SilaBuf b = SILA_BUF_INIT;
  SilaStatus st = SILA_ERR_NOMEM;
  if (!sila_iri_resolve_buf(&b, ctx->base_iri, ctx->base_len, a->term.value, a->term.value_len)) {
    char *s = sila_fn_strdup(ctx, b.data, b.len);
    if (s) {
      *out = sila_value_iri(s, b.len);
      st = SILA_OK;
    }
  }
  sila_buf_free(&b);
  return st;
}

/* TRIPLE(s, p, o): subject an IRI or blank node, predicate an IRI, object
 * any term (a triple term too); anything else is a type error. */
static SilaStatus fn_triple(const SilaValue *args, SilaFnContext *ctx, SilaValue *out) {
  if ((args[0].kind != SILA_VAL_IRI && args[0].kind != SILA_VAL_BLANK) ||
      args[1].kind != SILA_VAL_IRI || args[2].kind == SILA_VAL_UNBOUND)
    return SILA_ERR_TYPE;
  SilaTerm *spo = sila_arena_alloc(ctx->arena, 3 * sizeof *spo);
  if (!spo)
    return SILA_ERR_NOMEM;
  for (int k = 0; k < 3; k++) {
    SilaValue v = args[k];
    SilaStatus st = sila_value_to_term(&v, ctx->arena, &spo[k]);
    if (st != SILA_OK)
      return st;
  }
  SilaTerm t = {0};
  t.kind = SILA_TERM_TRIPLE;
  t.triple = spo;
  sila_value_from_term(&t, out);
  return SILA_OK;
}

static bool lang_matches(const char *tag, size_t tl, const char *range, size_t rl) {
  if (rl == 1 && range[0] == '*')
    return tl > 0;
  if (rl > tl)
    return false;
  if (strncasecmp(tag, range, rl) != 0)
    return false;
  return tl == rl || tag[rl] == '-';
}

SilaStatus sila_fn_call_term(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out) {
  const SilaValue *a = nargs ? &args[0] : NULL;
  switch (fn) {
  case SILA_FN_STR: {
    if (a->kind == SILA_VAL_IRI) {
      *out = sila_value_string(a->term.value, a->term.value_len);
      return SILA_OK;
    }
    if (!sila_value_is_literal(a))
      return SILA_ERR_TYPE;
    size_t len;
    const char *s = a->has_term ? a->term.value : sila_value_canonical(a, ctx->arena, &len);
    if (a->has_term)
      len = a->term.value_len;
    if (!s)
      return SILA_ERR_NOMEM;
    *out = sila_value_string(s, len);
    return SILA_OK;
  }
  case SILA_FN_LANG:
    if (!sila_value_is_literal(a))
      return SILA_ERR_TYPE;
    if (a->kind == SILA_VAL_LANGSTRING)
      *out = sila_value_string(a->term.lang, sila_lang_tag_len(a->term.lang, a->term.lang_len));
    else
      *out = sila_value_string("", 0);
    return SILA_OK;
  case SILA_FN_LANGDIR:
  case SILA_FN_HASLANG:
  case SILA_FN_HASLANGDIR: {
    if (fn == SILA_FN_LANGDIR && !sila_value_is_literal(a))
      return SILA_ERR_TYPE; /* hasLANG / hasLANGDIR of any other term: false */
    bool tagged = a->kind == SILA_VAL_LANGSTRING;
    size_t tl = tagged ? sila_lang_tag_len(a->term.lang, a->term.lang_len) : 0;
    bool dir = tagged && tl < a->term.lang_len;
    if (fn == SILA_FN_HASLANG)
      *out = sila_value_bool(tagged);
    else if (fn == SILA_FN_HASLANGDIR)
      *out = sila_value_bool(dir);
    else
      *out = dir ? sila_value_string(a->term.lang + tl + 2, a->term.lang_len - tl - 2)
                 : sila_value_string("", 0);
    return SILA_OK;
  }
  case SILA_FN_STRLANGDIR: {
    const SilaValue *d = &args[2];
    if (args[0].kind != SILA_VAL_STRING || args[1].kind != SILA_VAL_STRING ||
        d->kind != SILA_VAL_STRING ||
        !valid_lang(args[1].term.value, args[1].term.value_len) || d->term.value_len != 3 ||
        (memcmp(d->term.value, "ltr", 3) && memcmp(d->term.value, "rtl", 3)))
      return SILA_ERR_TYPE;
    size_t ll = args[1].term.value_len;
    char *tag = sila_arena_alloc(ctx->arena, ll + 6);
    if (!tag)
      return SILA_ERR_NOMEM;
    memcpy(tag, args[1].term.value, ll);
    memcpy(tag + ll, "--", 2);
    memcpy(tag + ll + 2, d->term.value, 3);
    *out = sila_value_langstring(args[0].term.value, args[0].term.value_len, tag, ll + 5);
    return SILA_OK;
  }
  case SILA_FN_LANGMATCHES:
    if (args[0].kind != SILA_VAL_STRING || args[1].kind != SILA_VAL_STRING)
      return SILA_ERR_TYPE;
    *out = sila_value_bool(lang_matches(args[0].term.value, args[0].term.value_len,
                                        args[1].term.value, args[1].term.value_len));
    return SILA_OK;
  case SILA_FN_DATATYPE: {
    if (!sila_value_is_literal(a))
      return SILA_ERR_TYPE;
    size_t len;
    const char *dt = sila_value_datatype(a, &len);
    *out = sila_value_iri(dt, len);
    return SILA_OK;
  }
  case SILA_FN_IRI:
    return fn_iri(a, ctx, out);
  case SILA_FN_BNODE:
    return fn_bnode(args, nargs, ctx, out);
  case SILA_FN_STRDT:
    if (args[0].kind != SILA_VAL_STRING || args[1].kind != SILA_VAL_IRI)
      return SILA_ERR_TYPE;
    *out = sila_value_typed(args[0].term.value, args[0].term.value_len, args[1].term.value,
                            args[1].term.value_len);
    return SILA_OK;
  case SILA_FN_STRLANG:
    if (args[0].kind != SILA_VAL_STRING || args[1].kind != SILA_VAL_STRING ||
        !valid_lang(args[1].term.value, args[1].term.value_len))
      return SILA_ERR_TYPE;
    *out = sila_value_langstring(args[0].term.value, args[0].term.value_len, args[1].term.value,
                                 args[1].term.value_len);
    return SILA_OK;
  case SILA_FN_UUID:
  case SILA_FN_STRUUID:
    return make_uuid(ctx, fn == SILA_FN_UUID, out);
  case SILA_FN_ISIRI:
    *out = sila_value_bool(a->kind == SILA_VAL_IRI);
    return SILA_OK;
  case SILA_FN_ISBLANK:
    *out = sila_value_bool(a->kind == SILA_VAL_BLANK);
    return SILA_OK;
  case SILA_FN_ISLITERAL:
    *out = sila_value_bool(sila_value_is_literal(a));
    return SILA_OK;
  case SILA_FN_ISNUMERIC:
    *out = sila_value_bool(sila_value_is_numeric(a));
    return SILA_OK;
  case SILA_FN_SAMETERM:
    *out = sila_value_bool(sila_value_same_term(&args[0], &args[1]));
    return SILA_OK;
  case SILA_FN_TRIPLE:
    return fn_triple(args, ctx, out);
  case SILA_FN_SUBJECT:
  case SILA_FN_PREDICATE:
  case SILA_FN_OBJECT:
    if (a->kind != SILA_VAL_TRIPLE || !a->term.triple)
      return SILA_ERR_TYPE;
    sila_value_from_term(&a->term.triple[fn - SILA_FN_SUBJECT], out);
    return SILA_OK;
  case SILA_FN_ISTRIPLE:
    *out = sila_value_bool(a->kind == SILA_VAL_TRIPLE);
    return SILA_OK;
  default:
    return SILA_ERR_INVALID;
  }
}

/* ---- dispatch ------------------------------------------------------------- */

SilaStatus sila_fn_call(SilaFnId fn, const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                        SilaValue *out) {
  const FnInfo *f = info(fn);
  if (!f || nargs < f->min || (f->max != 255 && nargs > f->max))
    return SILA_ERR_INVALID;
  for (size_t i = 0; i < nargs; i++)
    if (args[i].kind == SILA_VAL_UNBOUND)
      return SILA_ERR_TYPE;
  switch (f->group) {
  case G_TERM:
    return sila_fn_call_term(fn, args, nargs, ctx, out);
  case G_STRING:
    return sila_fn_call_string(fn, args, nargs, ctx, out);
  case G_REGEX:
    return sila_fn_call_regex(fn, args, nargs, ctx, out);
  case G_NUMERIC:
    return sila_fn_call_numeric(fn, args, nargs, ctx, out);
  case G_DATETIME:
    return sila_fn_call_datetime(fn, args, nargs, ctx, out);
  case G_HASH:
    return sila_fn_call_hash(fn, args, nargs, ctx, out);
  default:
    return sila_fn_call_cast(fn, args, nargs, ctx, out);
  }
}

void sila_fn_in_step(const SilaValue *x, const SilaValue *member, bool *found, bool *had_error) {
  bool eq;
  if (sila_value_equal(x, member, &eq) != SILA_OK)
    *had_error = true;
  else if (eq)
    *found = true;
}
